//! The loopback test server itself (tests/common): raw HTTP/1.1 over a plain TCP socket, so the
//! other protocol tests can trust what it records and sends.

mod common;

use common::{percent_decode, Action, Response, TestServer};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads one response (status line, headers, Content-Length body) from `stream`.
async fn read_response(stream: &mut TcpStream) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).await.unwrap();
        assert_eq!(n, 1, "connection closed inside a response head");
        buf.push(byte[0]);
    }
    let head = String::from_utf8(buf).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().unwrap())
        .unwrap();
    let mut body = vec![0; len];
    stream.read_exact(&mut body).await.unwrap();
    (status, headers, body)
}

#[tokio::test]
async fn keep_alive_records_requests_and_answers_in_script_order() {
    let server = TestServer::start().await;
    server
        .respond(Response::json(200, r#"{"a":1}"#).header("x-extra", "yes"))
        .respond(Response::new(404, "nope"));
    let mut stream = TcpStream::connect(("127.0.0.1", server.port()))
        .await
        .unwrap();
    stream
        .write_all(b"POST /ListStages?x=a%20b&y=%2F HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        .await
        .unwrap();
    let (status, headers, body) = read_response(&mut stream).await;
    assert_eq!(status, 200);
    assert_eq!(body, br#"{"a":1}"#);
    assert!(headers.iter().any(|(k, v)| k == "x-extra" && v == "yes"));
    stream
        .write_all(b"GET /tags/arn%3Aaws HTTP/1.1\r\nHost: h\r\n\r\n")
        .await
        .unwrap();
    let (status, _, body) = read_response(&mut stream).await;
    assert_eq!(status, 404);
    assert_eq!(body, b"nope");
    // Script exhausted: 501.
    stream
        .write_all(b"DELETE / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(read_response(&mut stream).await.0, 501);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(server.connection_count(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path(), "/ListStages");
    assert_eq!(r.query_string(), Some("x=a%20b&y=%2F"));
    assert_eq!(
        r.query_pairs(),
        [
            ("x".to_owned(), "a b".to_owned()),
            ("y".to_owned(), "/".to_owned())
        ]
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body_json(), serde_json::json!({}));
    assert_eq!(requests[1].method, "GET");
    assert_eq!(requests[1].path(), "/tags/arn%3Aaws");
    assert!(requests[1].body.is_empty());
    assert!(requests.iter().all(|r| r.connection == 0));
}

#[tokio::test]
async fn chunked_bodies_are_decoded() {
    let server = TestServer::start().await;
    server.respond(Response::new(200, ""));
    let mut stream = TcpStream::connect(("127.0.0.1", server.port()))
        .await
        .unwrap();
    stream
        .write_all(b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4;ext=1\r\n\":1}\r\n0\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(read_response(&mut stream).await.0, 200);
    assert_eq!(server.requests()[0].body, br#"{"a":1}"#);
}

#[tokio::test]
async fn drop_closes_without_answering_and_delay_waits() {
    let server = TestServer::start().await;
    server.push(Action::Drop).push(Action::Delay(
        Duration::from_millis(200),
        Response::new(200, "late"),
    ));
    let mut stream = TcpStream::connect(("127.0.0.1", server.port()))
        .await
        .unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).await.unwrap();
    assert!(rest.is_empty(), "no answer before the close");

    let mut stream = TcpStream::connect(("127.0.0.1", server.port()))
        .await
        .unwrap();
    let start = Instant::now();
    stream.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
    let (status, _, body) = read_response(&mut stream).await;
    assert!(start.elapsed() >= Duration::from_millis(200));
    assert_eq!((status, body.as_slice()), (200, b"late".as_slice()));
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.connection_count(), 2);
    assert_eq!(server.remaining(), 0);
}

#[test]
fn percent_decoding() {
    assert_eq!(percent_decode("a%20b%2Fc%3A"), "a b/c:");
    assert_eq!(percent_decode("a+b"), "a+b");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz"), "%zz");
    assert_eq!(percent_decode("Zo%C3%AB"), "Zoë");
}
