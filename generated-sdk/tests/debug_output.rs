//! `Debug` of errors and raw responses against a real server on 127.0.0.1: the status, the
//! headers with secrets redacted, at most the start of the body as text with its total length;
//! never the body as a list of numbers, never the whole of a large body.

mod common;

use common::{client_for, Response, TestServer};
use generated_sdk::error::SdkError;

const ARN: &str = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh";

/// Checks what every `Debug` of a large error must (not) contain.
fn assert_bounded(debug: &str, body_len: usize) {
    assert!(debug.len() < 4_000, "{} characters:\n{debug}", debug.len());
    assert!(
        debug.contains(&format!("{body_len} bytes")),
        "the total length is shown:\n{debug}"
    );
    assert!(
        !debug.contains("[123, 34"),
        "the body is text, not numbers:\n{debug}"
    );
    assert!(!debug.contains("cookie-secret"), "{debug}");
}

#[tokio::test]
async fn a_large_error_response_prints_a_bounded_readable_debug() {
    let message = "m".repeat(1_000_000);
    let body = format!(r#"{{"message":"{message}"}}"#);
    let server = TestServer::start().await;
    server.respond(
        Response::json(400, body.clone())
            .header("x-amzn-ErrorType", "ValidationException")
            .header("x-amzn-RequestId", "req-debug")
            .header("Set-Cookie", "session=cookie-secret"),
    );
    let err = client_for(&server)
        .get_stage()
        .arn(ARN)
        .send()
        .await
        .unwrap_err();
    let debug = format!("{err:?}");
    assert_bounded(&debug, body.len());
    for part in [
        "ServiceError",
        "status: 400",
        "\"req-debug\"",
        "(\"set-cookie\", \"** redacted **\")",
        "ValidationException",
        // The message, cut, with its length; then the body's start as text.
        "\"mmmm",
        "… (1000000 bytes)",
        "{\\\"message\\\":\\\"mmm",
    ] {
        assert!(debug.contains(part), "no {part:?} in:\n{debug}");
    }
    // The typed error alone is bounded too, and the message stays whole for code that wants it.
    let typed = err.into_service_error().unwrap();
    assert!(format!("{typed:?}").len() < 1_000);
    assert_eq!(
        generated_sdk::error::ProvideErrorMetadata::message(&typed).map(str::len),
        Some(1_000_000)
    );
}

#[tokio::test]
async fn an_unparseable_large_success_prints_a_bounded_readable_debug() {
    // Not JSON: a megabyte of bytes that are not even UTF-8.
    let mut body = vec![0xffu8; 3];
    body.extend(std::iter::repeat_n(b'<', 1_000_000));
    let server = TestServer::start().await;
    server.respond(Response::json(200, body.clone()).header("Set-Cookie", "session=cookie-secret"));
    let err = client_for(&server)
        .get_stage()
        .arn(ARN)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let debug = format!("{err:?}");
    assert_bounded(&debug, body.len());
    assert!(
        debug.contains("\"\u{fffd}\u{fffd}\u{fffd}<<<"),
        "lossy text:\n{debug}"
    );
}

#[tokio::test]
async fn a_huge_value_in_a_parse_error_is_cut() {
    // A timestamp that is a megabyte of text: the parse error quotes it, cut.
    let value = "9".repeat(1_000_000);
    let body = format!(r#"{{"stageSession":{{"sessionId":"s","startTime":"{value}"}}}}"#);
    let server = TestServer::start().await;
    server.respond(Response::json(200, body.clone()));
    let err = client_for(&server)
        .get_stage_session()
        .stage_arn(ARN)
        .session_id("s")
        .send()
        .await
        .unwrap_err();
    let SdkError::ResponseError(response_error) = &err else {
        panic!("{err:?}")
    };
    let message = response_error.message();
    assert!(message.len() < 1_100, "{} bytes", message.len());
    assert!(message.contains("$.stageSession.startTime"), "{message}");
    assert!(message.ends_with(" bytes)"), "{message}");
    assert!(err.to_string().len() < 1_200);
    assert_bounded(&format!("{err:?}"), body.len());
}
