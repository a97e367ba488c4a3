//! The SDK's tracing, captured with a subscriber: spans and events of a call that is retried
//! once, against a real server on 127.0.0.1; and no secret in any of it.

mod common;

use common::{config_for, fast_retries, Response, TestServer};
use generated_sdk::{Client, Credentials};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// A writer appending to a shared buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_retried_call_is_traced_without_secrets() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::start().await;
    server
        .respond(Response::json(503, r#"{"message":"unavailable"}"#))
        .respond(Response::json(200, r#"{"stages":[]}"#));
    let client = Client::from_conf(
        config_for(&server.url())
            .retry_config(fast_retries())
            .credentials_provider(Credentials::new(
                "AKIDTRACING",
                "SECRET-KEY-NEVER-LOGGED",
                Some("SESSION-TOKEN-NEVER-LOGGED".to_owned()),
            ))
            .build(),
    );
    client
        .list_stages()
        .send()
        .await
        .expect("the retry succeeds");

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let find = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{log}"))
    };
    let endpoint = find("endpoint resolved");
    assert!(
        endpoint.contains(
            "operation{service=\"ivs-realtime\" operation=\"ListStages\" region=\"us-east-1\"}"
        ),
        "{endpoint}"
    );
    assert!(
        endpoint.contains(&format!("endpoint={}", server.url())),
        "{endpoint}"
    );
    // The provider is named by its type; its Debug (which shows the access key id) never is.
    let loading = find("loading credentials");
    assert!(loading.contains(":attempt{attempt=1}: "), "{loading}");
    assert!(
        loading.contains("provider=\"sdk_runtime::credentials::Credentials\""),
        "{loading}"
    );
    assert!(find("credentials loaded").contains("temporary=false"));
    let retry = find("retrying");
    assert!(retry.contains(":attempt{attempt=1}: "), "{retry}");
    assert!(retry.contains("reason=Transient"), "{retry}");
    assert!(retry.contains("error=HTTP 503"), "{retry}");
    assert!(retry.contains("backoff_ms="), "{retry}");
    assert!(retry.contains("elapsed_ms="), "{retry}");
    let success = find("succeeded");
    assert!(
        success.contains(":attempt{attempt=2}: ") && success.contains("status=200"),
        "{success}"
    );
    for secret in [
        "AKIDTRACING",
        "SECRET-KEY-NEVER-LOGGED",
        "SESSION-TOKEN-NEVER-LOGGED",
    ] {
        assert!(!log.contains(secret), "{secret} was logged:\n{log}");
    }
}
