//! Retries (AWS standard mode: 3 attempts by default) and timeouts, against a real server on
//! 127.0.0.1. Backoffs are at most 5 ms so the tests are fast.

mod common;

use common::dispatch::{send, Failure};
use common::fixture_input;
use common::{client_for, config_for, fast_retries, Action, Response, TestServer};
use generated_sdk::config::TimeoutConfig;
use generated_sdk::Client;
use std::time::{Duration, Instant};

const STAGE_JSON: &str =
    r#"{"stage":{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh","name":"s"}}"#;

async fn get_stage(client: &Client) -> Result<String, Failure> {
    send(client, "GetStage", &fixture_input("GetStage")).await
}

fn throttling() -> Response {
    Response::json(
        400,
        r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
    )
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let server = TestServer::start().await;
    server
        .respond(Response::json(503, r#"{"message":"unavailable"}"#))
        .respond(Response::json(503, r#"{"message":"unavailable"}"#))
        .respond(Response::json(200, STAGE_JSON));
    let output = get_stage(&client_for(&server))
        .await
        .expect("third attempt succeeds");
    assert!(output.contains("abcdABCDefgh"), "{output}");
    assert_eq!(server.request_count(), 3);
    // Every attempt is the same, fully signed request.
    let requests = server.requests();
    for r in &requests[1..] {
        assert_eq!(r.body, requests[0].body);
        assert_eq!(r.target, requests[0].target);
        assert!(r.header("authorization").is_some());
    }
}

#[tokio::test]
async fn gives_up_after_three_503() {
    let server = TestServer::start().await;
    for _ in 0..3 {
        server.respond(
            Response::json(503, r#"{"message":"unavailable"}"#)
                .header("x-amzn-RequestId", "req-503"),
        );
    }
    server.respond(Response::json(200, STAGE_JSON));
    let failure = get_stage(&client_for(&server)).await.unwrap_err();
    assert_eq!(server.request_count(), 3, "3 attempts, then the error");
    assert_eq!(failure.kind, "ServiceError", "{}", failure.debug);
    assert_eq!(failure.variant, Some("Unhandled"));
    let meta = failure.meta.unwrap();
    assert_eq!(meta.status(), 503);
    assert_eq!(meta.request_id(), Some("req-503"));
    assert_eq!(meta.message(), Some("unavailable"));
}

#[tokio::test]
async fn gives_up_after_three_429() {
    let server = TestServer::start().await;
    for _ in 0..4 {
        server.respond(Response::json(429, r#"{"message":"slow down"}"#));
    }
    let failure = get_stage(&client_for(&server)).await.unwrap_err();
    assert_eq!(server.request_count(), 3);
    assert_eq!(failure.meta.unwrap().status(), 429);
}

#[tokio::test]
async fn throttling_exception_400_is_retried() {
    let server = TestServer::start().await;
    server
        .respond(throttling())
        .respond(Response::json(200, STAGE_JSON));
    get_stage(&client_for(&server))
        .await
        .expect("retried after throttling");
    assert_eq!(server.request_count(), 2);

    let server = TestServer::start().await;
    for _ in 0..4 {
        server.respond(throttling());
    }
    let failure = get_stage(&client_for(&server)).await.unwrap_err();
    assert_eq!(server.request_count(), 3);
    assert_eq!(failure.variant, Some("Unhandled"));
    let meta = failure.meta.unwrap();
    assert_eq!(meta.code(), Some("ThrottlingException"));
    assert_eq!(meta.status(), 400);
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let server = TestServer::start().await;
    server
        .push(Action::Drop)
        .push(Action::Drop)
        .respond(Response::json(200, STAGE_JSON));
    get_stage(&client_for(&server))
        .await
        .expect("third attempt succeeds");
    assert_eq!(server.request_count(), 3);

    let server = TestServer::start().await;
    for _ in 0..4 {
        server.push(Action::Drop);
    }
    let failure = get_stage(&client_for(&server)).await.unwrap_err();
    assert_eq!(server.request_count(), 3, "3 attempts, then the error");
    assert_eq!(failure.kind, "DispatchFailure", "{}", failure.debug);
    assert_eq!(failure.raw_status, None);
}

#[tokio::test]
async fn validation_exception_is_not_retried() {
    let server = TestServer::start().await;
    server
        .respond(Response::json(
            400,
            r#"{"__type":"ValidationException","message":"bad arn"}"#,
        ))
        .respond(Response::json(200, STAGE_JSON));
    let failure = get_stage(&client_for(&server)).await.unwrap_err();
    assert_eq!(server.request_count(), 1);
    assert_eq!(failure.variant, Some("ValidationException"));
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    for (operation, status, code) in [
        ("DeleteStage", 403, "AccessDeniedException"),
        ("DeleteStage", 403, "PendingVerification"),
        ("DeleteStage", 404, "ResourceNotFoundException"),
        ("DeleteStage", 409, "ConflictException"),
        ("CreateStage", 402, "ServiceQuotaExceededException"),
    ] {
        let server = TestServer::start().await;
        server.respond(Response::json(status, format!(r#"{{"__type":"{code}"}}"#)));
        let failure = send(&client_for(&server), operation, &fixture_input(operation))
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 1, "{code}");
        assert_eq!(failure.variant, Some(code));
    }
}

#[tokio::test]
async fn internal_server_exception_is_retried_then_typed() {
    let server = TestServer::start().await;
    for _ in 0..3 {
        server.respond(
            Response::json(500, r#"{"exceptionMessage":"oops"}"#)
                .header("x-amzn-ErrorType", "InternalServerException"),
        );
    }
    let failure = send(
        &client_for(&server),
        "ListTagsForResource",
        &fixture_input("ListTagsForResource"),
    )
    .await
    .unwrap_err();
    assert_eq!(server.request_count(), 3);
    assert_eq!(failure.variant, Some("InternalServerException"));
    assert_eq!(failure.typed_message.as_deref(), Some("oops"));
}

#[tokio::test]
async fn max_attempts_is_configurable() {
    let server = TestServer::start().await;
    for _ in 0..6 {
        server.respond(Response::json(503, "{}"));
    }
    let client = Client::from_conf(
        config_for(&server.url())
            .retry_config(fast_retries().with_max_attempts(5))
            .build(),
    );
    get_stage(&client).await.unwrap_err();
    assert_eq!(server.request_count(), 5);
}

#[tokio::test]
async fn attempt_timeout_is_retried() {
    let server = TestServer::start().await;
    server
        .push(Action::Delay(
            Duration::from_secs(5),
            Response::json(200, STAGE_JSON),
        ))
        .respond(Response::json(200, STAGE_JSON));
    let client = Client::from_conf(
        config_for(&server.url())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_millis(200))
                    .build(),
            )
            .build(),
    );
    let start = Instant::now();
    get_stage(&client).await.expect("second attempt succeeds");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn attempt_timeouts_give_up_after_three_attempts() {
    let server = TestServer::start().await;
    for _ in 0..4 {
        server.push(Action::Delay(
            Duration::from_secs(5),
            Response::json(200, STAGE_JSON),
        ));
    }
    let client = Client::from_conf(
        config_for(&server.url())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_millis(150))
                    .build(),
            )
            .build(),
    );
    let start = Instant::now();
    let failure = get_stage(&client).await.unwrap_err();
    assert_eq!(failure.kind, "TimeoutError", "{}", failure.debug);
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn operation_timeout_bounds_the_whole_call() {
    let server = TestServer::start().await;
    for _ in 0..3 {
        server.push(Action::Delay(
            Duration::from_secs(5),
            Response::json(200, STAGE_JSON),
        ));
    }
    let client = Client::from_conf(
        config_for(&server.url())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(300))
                    .build(),
            )
            .build(),
    );
    let start = Instant::now();
    let failure = get_stage(&client).await.unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(failure.kind, "TimeoutError", "{}", failure.debug);
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn operation_timeout_covers_retries_and_backoff() {
    let server = TestServer::start().await;
    server.set_default(Response::json(503, "{}"));
    let client = Client::from_conf(
        config_for(&server.url())
            .retry_config(
                fast_retries()
                    .with_max_attempts(50)
                    .with_initial_backoff(Duration::from_millis(100))
                    .with_max_backoff(Duration::from_millis(100)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(250))
                    .build(),
            )
            .build(),
    );
    let start = Instant::now();
    let failure = get_stage(&client).await.unwrap_err();
    assert_eq!(failure.kind, "TimeoutError", "{}", failure.debug);
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert!(server.request_count() < 50);
}
