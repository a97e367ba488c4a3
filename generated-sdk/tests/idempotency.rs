//! Idempotency tokens (StartComposition's `idempotencyToken`), against a real server on
//! 127.0.0.1: filled with a fresh UUID v4 when left unset, the same on every retry of a call,
//! sent as given when set.

mod common;

use common::{client_for, Response, TestServer};
use generated_sdk::types::{ChannelDestinationConfiguration, DestinationConfiguration};
use generated_sdk::Client;

const STAGE_ARN: &str = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh";
const CHANNEL_ARN: &str = "arn:aws:ivs:us-east-1:123456789012:channel/abcdABCDefgh";

fn destination() -> DestinationConfiguration {
    DestinationConfiguration::builder()
        .channel(
            ChannelDestinationConfiguration::builder()
                .channel_arn(CHANNEL_ARN)
                .build()
                .expect("channel ARN set"),
        )
        .build()
}

fn composition_json() -> String {
    format!(
        r#"{{"composition":{{"arn":"arn:aws:ivs:us-east-1:123456789012:composition/abcdABCDefgh","stageArn":"{STAGE_ARN}","state":"STARTING","layout":{{}},"destinations":[]}}}}"#
    )
}

/// A hyphenated lowercase UUID of version 4 and the RFC 4122 variant.
fn is_uuid_v4(token: &str) -> bool {
    let b = token.as_bytes();
    token.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b.iter()
            .enumerate()
            .all(|(i, c)| [8, 13, 18, 23].contains(&i) || matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

fn token_of(request: &common::RecordedRequest) -> String {
    request.body_json()["idempotencyToken"]
        .as_str()
        .expect("the body carries idempotencyToken")
        .to_owned()
}

async fn start(client: &Client, token: Option<&str>) {
    client
        .start_composition()
        .stage_arn(STAGE_ARN)
        .destinations(destination())
        .set_idempotency_token(token.map(str::to_owned))
        .send()
        .await
        .expect("the composition starts");
}

#[tokio::test]
async fn a_retried_call_sends_one_fresh_token_on_every_attempt() {
    let server = TestServer::start().await;
    server
        .respond(Response::json(503, r#"{"message":"unavailable"}"#))
        .respond(Response::json(500, r#"{"message":"internal"}"#))
        .respond(Response::json(200, composition_json()));
    let client = client_for(&server);
    start(&client, None).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "two failed attempts, then success");
    let first = token_of(&requests[0]);
    assert!(is_uuid_v4(&first), "{first} is not a UUID v4");
    for r in &requests[1..] {
        assert_eq!(token_of(r), first, "a retry sent another token");
    }

    // The next call is a new call: a new token.
    server.respond(Response::json(200, composition_json()));
    start(&client, None).await;
    let second = token_of(server.requests().last().expect("a request"));
    assert!(is_uuid_v4(&second), "{second}");
    assert_ne!(second, first);
}

#[tokio::test]
async fn a_token_set_by_the_caller_is_sent_as_is() {
    let server = TestServer::start().await;
    server
        .respond(Response::json(503, r#"{"message":"unavailable"}"#))
        .respond(Response::json(200, composition_json()));
    start(&client_for(&server), Some("my-own-token-42")).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(token_of(r), "my-own-token-42");
    }
}

#[test]
fn the_uuid_check_rejects_what_it_must() {
    assert!(is_uuid_v4("f81d4fae-7dec-41d0-a765-00a0c91e6bf6"));
    assert!(
        !is_uuid_v4("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
        "version 1"
    );
    assert!(
        !is_uuid_v4("f81d4fae-7dec-41d0-c765-00a0c91e6bf6"),
        "variant"
    );
    assert!(
        !is_uuid_v4("F81D4FAE-7DEC-41D0-A765-00A0C91E6BF6"),
        "uppercase"
    );
    assert!(!is_uuid_v4("my-own-token-42"));
}
