//! Error responses: every error the document lists for every operation, in each wire form AWS
//! uses, parsed into the operation's typed variant exactly as botocore parses it (code, request
//! id, status; the message from `message` or `exceptionMessage`), and unknown errors kept as
//! `Unhandled` with their code, message, request id and status.
//!
//! The cases and botocore's results come from `tests/botocore/fixtures.json` (`errors`,
//! `error_edge_cases`, `error_status`, `operation_errors`).

mod common;

use common::dispatch::{send, Failure, OPERATIONS};
use common::fixture_input;
use common::{config_for, fixtures, Response, TestServer};
use generated_sdk::config::RetryConfig;
use generated_sdk::Client;
use serde_json::Value;

fn no_retry_client(server: &TestServer) -> Client {
    Client::from_conf(
        config_for(&server.url())
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

fn response_of(case: &Value) -> Response {
    let r = &case["response"];
    let mut response = Response::new(
        r["status"].as_u64().unwrap() as u16,
        r["body"].as_str().unwrap().as_bytes().to_vec(),
    );
    for h in r["headers"].as_array().unwrap() {
        response = response.header(h[0].as_str().unwrap(), h[1].as_str().unwrap());
    }
    response
}

/// Sends `case`'s operation against its canned response; exactly one request must be sent.
async fn fail_with(
    server: &TestServer,
    client: &Client,
    operation: &str,
    response: Response,
) -> Failure {
    server.clear_requests();
    server.respond(response);
    let result = send(client, operation, &fixture_input(operation)).await;
    assert_eq!(
        server.request_count(),
        1,
        "{operation}: one request expected"
    );
    match result {
        Ok(output) => panic!("{operation}: an error response was accepted as {output}"),
        Err(failure) => failure,
    }
}

#[test]
fn statuses_are_botocores() {
    let f = fixtures();
    let statuses = &f["error_status"];
    let expected = [
        ("AccessDeniedException", 403),
        ("ConflictException", 409),
        ("InternalServerException", 500),
        ("PendingVerification", 403),
        ("ResourceNotFoundException", 404),
        ("ServiceQuotaExceededException", 402),
        ("ValidationException", 400),
    ];
    assert_eq!(statuses.as_object().unwrap().len(), expected.len());
    for (name, status) in expected {
        assert_eq!(statuses[name], status, "{name}");
    }
}

#[test]
fn fixtures_cover_every_documented_error_in_three_forms() {
    let f = fixtures();
    let cases = f["errors"].as_array().unwrap();
    for op in OPERATIONS {
        let documented = f["operation_errors"][op].as_array().unwrap();
        assert!(!documented.is_empty(), "{op}");
        for error in documented {
            for form in ["header", "__type", "code"] {
                assert!(
                    cases
                        .iter()
                        .any(|c| c["operation"] == op && c["error"] == *error && c["form"] == form),
                    "{op}/{error}/{form} has no fixture"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_documented_error_of_every_operation_is_typed_like_botocore() {
    let f = fixtures();
    let server = TestServer::start().await;
    let client = no_retry_client(&server);
    let mut failures = Vec::new();
    let cases = f["errors"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let operation = case["operation"].as_str().unwrap();
        let error = case["error"].as_str().unwrap();
        let boto = &case["botocore"];
        // botocore puts `message` in Error.Message and `exceptionMessage` in the modeled member.
        let boto_message = [&boto["message"], &boto["exception_message"]]
            .into_iter()
            .filter_map(|v| v.as_str())
            .find(|m| !m.is_empty())
            .map(str::to_owned);
        assert_eq!(
            boto["exception"], error,
            "{name}: botocore raises the modeled exception"
        );
        let failure = fail_with(&server, &client, operation, response_of(case)).await;
        let mut check = |ok: bool, what: String| {
            if !ok {
                failures.push(format!("{name}: {what}"));
            }
        };
        check(
            failure.kind == "ServiceError",
            format!("kind {} ({})", failure.kind, failure.debug),
        );
        check(
            failure.variant == Some(error),
            format!("variant {:?}, expected {error}", failure.variant),
        );
        let meta = failure.meta.clone().unwrap_or_default();
        check(
            meta.code() == boto["code"].as_str(),
            format!("code {:?}, botocore {}", meta.code(), boto["code"]),
        );
        check(
            meta.message().map(str::to_owned) == boto_message,
            format!("message {:?}, botocore {boto_message:?}", meta.message()),
        );
        check(
            failure.typed_message == boto_message,
            format!(
                "typed message {:?}, botocore {boto_message:?}",
                failure.typed_message
            ),
        );
        check(
            meta.request_id() == boto["request_id"].as_str(),
            format!(
                "request id {:?}, botocore {}",
                meta.request_id(),
                boto["request_id"]
            ),
        );
        check(
            Some(u64::from(meta.status())) == boto["status"].as_u64(),
            format!("status {}, botocore {}", meta.status(), boto["status"]),
        );
        check(
            failure.raw_status.map(u64::from) == boto["status"].as_u64(),
            format!("raw status {:?}", failure.raw_status),
        );
        check(
            failure.display.contains(error),
            format!("Display does not name the error: {}", failure.display),
        );
    }
    assert!(cases.len() >= 150, "only {} error cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} mismatch(es):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn edge_cases_match_botocore() {
    let f = fixtures();
    let server = TestServer::start().await;
    let client = no_retry_client(&server);
    for case in f["error_edge_cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let operation = case["operation"].as_str().unwrap();
        let boto = &case["botocore"];
        let failure = fail_with(&server, &client, operation, response_of(case)).await;
        assert_eq!(failure.kind, "ServiceError", "{name}: {}", failure.debug);
        let meta = failure.meta.clone().unwrap();
        let expected_variant = match boto["exception"].as_str().unwrap() {
            "ClientError" => "Unhandled",
            modeled => modeled,
        };
        assert_eq!(failure.variant, Some(expected_variant), "{name}");
        let boto_message = boto["message"].as_str().filter(|m| !m.is_empty());
        assert_eq!(meta.message(), boto_message, "{name}: message");
        assert_eq!(
            meta.request_id(),
            boto["request_id"].as_str(),
            "{name}: request id"
        );
        assert_eq!(
            u64::from(meta.status()),
            boto["status"].as_u64().unwrap(),
            "{name}"
        );
        if name == "no_code" {
            // botocore falls back to the status as the code ("400"); the SDK keeps no code
            // (like the official AWS SDK for Rust) and the status is in the metadata.
            assert_eq!(boto["code"], "400");
            assert_eq!(meta.code(), None, "{name}: code");
        } else {
            assert_eq!(meta.code(), boto["code"].as_str(), "{name}: code");
        }
    }
}

#[tokio::test]
async fn unknown_error_code_is_unhandled_with_code_message_request_id_and_status() {
    let server = TestServer::start().await;
    let client = no_retry_client(&server);
    let failure = fail_with(
        &server,
        &client,
        "GetStage",
        Response::json(
            418,
            r#"{"__type":"aws.ivs#TeapotException","message":"short and stout"}"#,
        )
        .header("x-amzn-RequestId", "req-418"),
    )
    .await;
    assert_eq!(failure.kind, "ServiceError");
    assert_eq!(failure.variant, Some("Unhandled"));
    let meta = failure.meta.unwrap();
    assert_eq!(meta.code(), Some("TeapotException"));
    assert_eq!(meta.message(), Some("short and stout"));
    assert_eq!(meta.request_id(), Some("req-418"));
    assert_eq!(meta.status(), 418);
    assert!(
        failure.display.contains("TeapotException"),
        "{}",
        failure.display
    );
}

#[tokio::test]
async fn update_stage_conflict_is_typed_like_botocore() {
    // APIs-guru's document does not list UpdateStage's ConflictException; the AWS model does,
    // and the SDK is generated from the imported model, so the error is typed.
    let f = fixtures();
    assert!(f["botocore_operation_errors"]["UpdateStage"]
        .as_array()
        .unwrap()
        .contains(&Value::from("ConflictException")));
    let server = TestServer::start().await;
    let client = no_retry_client(&server);
    let failure = fail_with(
        &server,
        &client,
        "UpdateStage",
        Response::json(409, r#"{"exceptionMessage":"stage is busy"}"#)
            .header(
                "x-amzn-ErrorType",
                "ConflictException:http://internal.amazon.com/coral/",
            )
            .header("x-amzn-RequestId", "req-409"),
    )
    .await;
    assert_eq!(failure.variant, Some("ConflictException"));
    assert_eq!(failure.typed_message.as_deref(), Some("stage is busy"));
    let meta = failure.meta.unwrap();
    assert_eq!(meta.code(), Some("ConflictException"));
    assert_eq!(meta.request_id(), Some("req-409"));
    assert_eq!(meta.status(), 409);
}

#[tokio::test]
async fn non_json_error_body_still_uses_the_header() {
    let server = TestServer::start().await;
    let client = no_retry_client(&server);
    let failure = fail_with(
        &server,
        &client,
        "GetStage",
        Response::new(403, "<html>Forbidden</html>")
            .header("Content-Type", "text/html")
            .header("x-amzn-ErrorType", "AccessDeniedException")
            .header("x-amzn-RequestId", "req-html"),
    )
    .await;
    assert_eq!(
        failure.variant,
        Some("AccessDeniedException"),
        "{}",
        failure.debug
    );
    let meta = failure.meta.unwrap();
    assert_eq!(meta.message(), None);
    assert_eq!(meta.request_id(), Some("req-html"));
    assert_eq!(meta.status(), 403);
}

#[tokio::test]
async fn empty_error_body_without_code_is_unhandled_with_status() {
    let server = TestServer::start().await;
    let client = no_retry_client(&server);
    let failure = fail_with(
        &server,
        &client,
        "DeleteStage",
        Response::new(404, "").header("x-amzn-RequestId", "req-empty"),
    )
    .await;
    assert_eq!(failure.kind, "ServiceError");
    assert_eq!(failure.variant, Some("Unhandled"));
    let meta = failure.meta.unwrap();
    assert_eq!(meta.code(), None);
    assert_eq!(meta.message(), None);
    assert_eq!(meta.request_id(), Some("req-empty"));
    assert_eq!(meta.status(), 404);
}
