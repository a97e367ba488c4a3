//! Response limits of the built-in HTTP client against a raw HTTP/1.1 server on 127.0.0.1:
//! the maximum body size (declared or streamed) and the read timeout between body pieces.

use generated_sdk::config::{RetryConfig, TimeoutConfig};
use generated_sdk::error::SdkError;
use generated_sdk::{Client, Config, Credentials, Region};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one connection: reads the request, writes `parts` in order, pausing `pause` between
/// them, then keeps the connection open for `linger`.
async fn raw_server(parts: Vec<Vec<u8>>, pause: Duration, linger: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        // The request head, then its body (Content-Length bytes).
        let body_len = loop {
            let n = socket.read(&mut buf).await.expect("read");
            request.extend_from_slice(&buf[..n]);
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                let len = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse::<usize>().expect("length"));
                break end + 4 + len;
            }
        };
        while request.len() < body_len {
            let n = socket.read(&mut buf).await.expect("read body");
            request.extend_from_slice(&buf[..n]);
        }
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                tokio::time::sleep(pause).await;
            }
            if socket.write_all(part).await.is_err() {
                return;
            }
        }
        tokio::time::sleep(linger).await;
    });
    url
}

fn client(url: &str, max_body: usize, timeouts: TimeoutConfig) -> Client {
    Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .endpoint_url(url)
            .retry_config(RetryConfig::disabled())
            .timeout_config(timeouts)
            .max_response_body_size(max_body)
            .build(),
    )
}

/// The error and its sources, displayed, joined by ": ".
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

fn dispatch_message<E: std::error::Error + 'static>(err: &SdkError<E>) -> String {
    assert!(
        matches!(err, SdkError::DispatchFailure(_)),
        "expected a dispatch failure, got {err:?}"
    );
    chain(err)
}

#[tokio::test]
async fn a_declared_body_over_the_limit_fails_before_it_is_read() {
    // Declares 1 GB and sends nothing of it: reading it would hang until the linger ends.
    let head =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n";
    let url = raw_server(vec![head.to_vec()], Duration::ZERO, Duration::from_secs(30)).await;
    let started = Instant::now();
    let err = client(&url, 1 << 20, TimeoutConfig::default())
        .list_stages()
        .send()
        .await
        .unwrap_err();
    let message = dispatch_message(&err);
    assert!(
        message.contains("the response body of 1000000000 bytes (Content-Length) exceeds the limit of 1048576 bytes"),
        "{message}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "it did not wait for the body"
    );
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_fails_once_past_it() {
    // Chunked, no length: three chunks of 600 bytes against a limit of 1000.
    let chunk = format!("258\r\n{}\r\n", "a".repeat(600)).into_bytes();
    let url = raw_server(
        vec![
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                .to_vec(),
            chunk.clone(),
            chunk.clone(),
            chunk,
            b"0\r\n\r\n".to_vec(),
        ],
        Duration::from_millis(20),
        Duration::ZERO,
    )
    .await;
    let err = client(&url, 1000, TimeoutConfig::default())
        .list_stages()
        .send()
        .await
        .unwrap_err();
    let message = dispatch_message(&err);
    assert!(
        message.contains("the response body exceeds the limit of 1000 bytes"),
        "{message}"
    );
}

#[tokio::test]
async fn a_body_within_the_limit_is_read_whole() {
    let body = br#"{"stages":[{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"}]}"#;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let url = raw_server(
        vec![head.into_bytes(), body[..20].to_vec(), body[20..].to_vec()],
        Duration::from_millis(20),
        Duration::ZERO,
    )
    .await;
    let out = client(&url, body.len(), TimeoutConfig::default())
        .list_stages()
        .send()
        .await
        .expect("exactly at the limit is fine");
    assert_eq!(out.stages().len(), 1);
}

#[tokio::test]
async fn a_stalled_body_hits_the_read_timeout() {
    let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"stages\":";
    let url = raw_server(vec![head.to_vec()], Duration::ZERO, Duration::from_secs(30)).await;
    let timeouts = TimeoutConfig::builder()
        .read_timeout(Duration::from_millis(300))
        .build();
    let started = Instant::now();
    let err = client(&url, 1 << 20, timeouts)
        .list_stages()
        .send()
        .await
        .unwrap_err();
    let message = dispatch_message(&err);
    assert!(
        message.contains("no response data for 300ms (the read timeout"),
        "{message}"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

#[test]
fn defaults_bound_reads_and_bodies() {
    let config = Config::builder().build();
    assert_eq!(config.max_response_body_size(), 64 * 1024 * 1024);
    assert_eq!(
        config.timeout_config().read_timeout(),
        Some(Duration::from_secs(60))
    );
    assert_eq!(TimeoutConfig::disabled().read_timeout(), None);
}

#[tokio::test]
async fn a_stalled_head_hits_the_read_timeout() {
    // The server reads the request and never answers.
    let url = raw_server(Vec::new(), Duration::ZERO, Duration::from_secs(30)).await;
    let timeouts = TimeoutConfig::builder()
        .read_timeout(Duration::from_millis(300))
        .build();
    let started = Instant::now();
    let err = client(&url, 1 << 20, timeouts)
        .list_stages()
        .send()
        .await
        .unwrap_err();
    let message = dispatch_message(&err);
    assert!(message.contains("no response data for 300ms"), "{message}");
    let SdkError::DispatchFailure(e) = &err else {
        unreachable!()
    };
    assert_eq!(
        e.kind(),
        generated_sdk::error::ConnectorErrorKind::Timeout,
        "a timeout, so retried"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_read_timeout_is_between_pieces_not_for_the_whole_body() {
    // 12 pieces 100 ms apart: 1.1 s in all, but never 300 ms without data.
    let body = br#"{"stages":[{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"}]}"#;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut parts = vec![head.into_bytes()];
    parts.extend(body.chunks(body.len().div_ceil(11)).map(<[u8]>::to_vec));
    assert_eq!(parts.len(), 12);
    let url = raw_server(parts, Duration::from_millis(100), Duration::ZERO).await;
    let timeouts = TimeoutConfig::builder()
        .read_timeout(Duration::from_millis(300))
        .build();
    let started = Instant::now();
    let out = client(&url, 1 << 20, timeouts)
        .list_stages()
        .send()
        .await
        .expect("a slow but steady body is read whole");
    assert_eq!(out.stages().len(), 1);
    assert!(started.elapsed() >= Duration::from_millis(1000));
}
