//! Protocol behaviour against a real HTTP/1.1 server on 127.0.0.1: response parsing (compared
//! with botocore's parse of the same bodies), malformed responses, pagination, the session token,
//! redaction of secrets in `Debug`, connection reuse and construction failures.
//!
//! Request shapes of every operation are checked against botocore in `botocore_parity.rs`,
//! errors in `protocol_errors.rs`, retries and timeouts in `protocol_retries.rs`.

mod common;

use common::dispatch::send;
use common::fixture_input;
use common::{
    client_for, config_for, fixtures, Response, TestServer, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
};
use generated_sdk::error::SdkError;
use generated_sdk::primitives::DateTime;
use generated_sdk::sigv4::{sign, SignableRequest, SigningParams};
use generated_sdk::types::{
    EventErrorCode, EventName, ParticipantState, ParticipantTokenCapability,
};
use generated_sdk::{Client, Config, Credentials};
use serde_json::{json, Value};

const STAGE_ARN: &str = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh";
const SESSION_ID: &str = "st-a1B2c3D4e5F6g";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLE+session/token==";
const PARTICIPANT_TOKEN: &str = "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.SECRET-PARTICIPANT-TOKEN";

fn response_fixture(name: &str) -> (String, Value) {
    let f = fixtures();
    let case = f["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no response fixture {name}"))
        .clone();
    (
        case["body"].as_str().unwrap().to_owned(),
        case["botocore"].clone(),
    )
}

/// botocore's parsed timestamp `{"$timestamp": {"secs", "nanos"}}` as a DateTime.
fn boto_time(v: &Value) -> Option<DateTime> {
    let t = v.get("$timestamp")?;
    Some(DateTime::from_secs_and_nanos(
        t["secs"].as_i64().unwrap(),
        t["nanos"].as_u64().unwrap() as u32,
    ))
}

// ---- response parsing, compared with botocore ----

#[tokio::test]
async fn fractional_timestamps_parse_like_botocore() {
    let (body, boto) = response_fixture("GetStageSession_fractional_timestamps");
    let server = TestServer::start().await;
    server.respond(Response::json(200, body));
    let out = client_for(&server)
        .get_stage_session()
        .stage_arn(STAGE_ARN)
        .session_id(SESSION_ID)
        .send()
        .await
        .expect("parses");
    let session = out.stage_session().expect("stageSession");
    let b = &boto["stageSession"];
    assert_eq!(session.session_id(), b["sessionId"].as_str());
    assert_eq!(session.start_time(), boto_time(&b["startTime"]));
    assert_eq!(session.end_time(), boto_time(&b["endTime"]));
    // The exact values: 2023-12-31T23:59:59.999999Z and 2024-01-02T03:04:05.123Z.
    let start = session.start_time().unwrap();
    assert_eq!(
        (start.secs(), start.subsec_nanos()),
        (1_704_067_199, 999_999_000)
    );
    let end = session.end_time().unwrap();
    assert_eq!(
        (end.secs(), end.subsec_nanos()),
        (1_704_164_645, 123_000_000)
    );
}

#[tokio::test]
async fn nanosecond_timestamps_parse() {
    let server = TestServer::start().await;
    server.respond(Response::json(
        200,
        json!({"stageSession": {"sessionId": SESSION_ID, "startTime": "2024-01-02T03:04:05.123456789Z"}})
            .to_string(),
    ));
    let out = client_for(&server)
        .get_stage_session()
        .stage_arn(STAGE_ARN)
        .session_id(SESSION_ID)
        .send()
        .await
        .expect("parses");
    let start = out.stage_session().unwrap().start_time().unwrap();
    assert_eq!(
        (start.secs(), start.subsec_nanos()),
        (1_704_164_645, 123_456_789)
    );
}

#[tokio::test]
async fn unknown_enum_values_and_unknown_fields_parse_like_botocore() {
    let (body, boto) = response_fixture("ListParticipantEvents_unknown_enum_and_fields");
    let server = TestServer::start().await;
    server.respond(Response::json(200, body));
    let out = client_for(&server)
        .list_participant_events()
        .stage_arn(STAGE_ARN)
        .session_id(SESSION_ID)
        .participant_id("p")
        .send()
        .await
        .expect("unknown values and fields are accepted");
    let events = out.events();
    let b = boto["events"].as_array().unwrap();
    assert_eq!(events.len(), b.len());
    for (event, b) in events.iter().zip(b) {
        assert_eq!(event.name().map(|n| n.as_str()), b["name"].as_str());
        assert_eq!(
            event.error_code().map(|c| c.as_str()),
            b["errorCode"].as_str()
        );
        assert_eq!(event.participant_id(), b["participantId"].as_str());
        assert_eq!(
            event.remote_participant_id(),
            b["remoteParticipantId"].as_str()
        );
        assert_eq!(event.event_time(), boto_time(&b["eventTime"]));
    }
    assert_eq!(events[0].name(), Some(&EventName::PublishError));
    assert_eq!(events[0].error_code(), Some(&EventErrorCode::QuotaExceeded));
    assert!(
        matches!(events[1].name(), Some(EventName::Unknown(v)) if v.as_str() == "SOME_FUTURE_EVENT")
    );
    assert!(
        matches!(events[1].error_code(), Some(EventErrorCode::Unknown(v)) if v.as_str() == "SOME_FUTURE_ERROR")
    );
    assert_eq!(out.next_token(), boto["nextToken"].as_str());
}

#[tokio::test]
async fn participant_parses_like_botocore() {
    let (body, boto) = response_fixture("GetParticipant");
    let server = TestServer::start().await;
    server.respond(Response::json(200, body));
    let out = client_for(&server)
        .get_participant()
        .stage_arn(STAGE_ARN)
        .session_id(SESSION_ID)
        .participant_id("p")
        .send()
        .await
        .expect("parses");
    let p = out.participant().unwrap();
    let b = &boto["participant"];
    assert_eq!(p.participant_id(), b["participantId"].as_str());
    assert_eq!(p.user_id(), b["userId"].as_str());
    assert_eq!(p.published(), b["published"].as_bool());
    assert_eq!(p.state(), Some(&ParticipantState::Connected));
    assert_eq!(p.state().map(|s| s.as_str()), b["state"].as_str());
    assert_eq!(p.first_join_time(), boto_time(&b["firstJoinTime"]));
    assert_eq!(
        p.attributes()
            .and_then(|a| a.get("displayName"))
            .map(String::as_str),
        b["attributes"]["displayName"].as_str()
    );
}

#[tokio::test]
async fn participant_token_parses_like_botocore_and_is_redacted() {
    let (body, boto) = response_fixture("CreateParticipantToken");
    let server = TestServer::start().await;
    server.respond(Response::json(200, body));
    let out = client_for(&server)
        .create_participant_token()
        .stage_arn(STAGE_ARN)
        .send()
        .await
        .expect("parses");
    let t = out.participant_token().unwrap();
    let b = &boto["participantToken"];
    assert_eq!(t.token(), b["token"].as_str());
    assert_eq!(t.token(), Some(PARTICIPANT_TOKEN));
    assert_eq!(t.participant_id(), b["participantId"].as_str());
    assert_eq!(t.user_id(), b["userId"].as_str());
    assert_eq!(t.duration().map(i64::from), b["duration"].as_i64());
    assert_eq!(t.expiration_time(), boto_time(&b["expirationTime"]));
    assert_eq!(
        t.capabilities(),
        [
            ParticipantTokenCapability::Publish,
            ParticipantTokenCapability::Subscribe
        ]
    );
    for debug in [format!("{out:?}"), format!("{t:?}"), format!("{out:#?}")] {
        assert!(!debug.contains("SECRET-PARTICIPANT-TOKEN"), "{debug}");
        assert!(
            debug.contains("p-Xy12Zw34Ab56"),
            "other fields stay visible: {debug}"
        );
    }
}

#[tokio::test]
async fn unknown_fields_in_list_items_are_ignored() {
    let (body, boto) = response_fixture("ListStages_extra_fields");
    let server = TestServer::start().await;
    server.respond(Response::json(200, body));
    let out = client_for(&server)
        .list_stages()
        .send()
        .await
        .expect("parses");
    let stages = out.stages();
    let b = boto["stages"].as_array().unwrap();
    assert_eq!(stages.len(), b.len());
    for (stage, b) in stages.iter().zip(b) {
        assert_eq!(Some(stage.arn()), b["arn"].as_str());
        assert_eq!(stage.name(), b["name"].as_str());
        assert_eq!(stage.active_session_id(), b["activeSessionId"].as_str());
        assert_eq!(
            stage.tags().and_then(|t| t.get("env")).map(String::as_str),
            b["tags"]["env"].as_str()
        );
    }
    assert_eq!(out.next_token(), None);
}

// ---- malformed responses ----

async fn response_error_for(body: &str) -> generated_sdk::error::ResponseError {
    let server = TestServer::start().await;
    server.respond(Response::json(200, body.to_owned()));
    let err = client_for(&server)
        .get_stage()
        .arn(STAGE_ARN)
        .send()
        .await
        .expect_err("a malformed body is an error");
    assert_eq!(server.request_count(), 1, "parse errors are not retried");
    match err {
        SdkError::ResponseError(e) => e,
        other => panic!("expected a ResponseError, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_response_error_naming_the_operation() {
    let e = response_error_for("this is not json").await;
    assert_eq!(e.operation(), "GetStage");
    assert_eq!(e.raw().status, 200);
    assert!(e.to_string().contains("GetStage"), "{e}");
    assert_eq!(e.raw().body, b"this is not json");
}

#[tokio::test]
async fn truncated_json_is_a_response_error_naming_the_operation() {
    let e = response_error_for(r#"{"stage": {"arn": "arn:aws:ivs:us-east-1:1234"#).await;
    assert_eq!(e.operation(), "GetStage");
    assert!(e.to_string().contains("GetStage"), "{e}");
}

#[tokio::test]
async fn wrongly_typed_member_is_a_response_error() {
    let e = response_error_for(r#"{"stage": {"arn": 42}}"#).await;
    assert_eq!(e.operation(), "GetStage");
    let e = response_error_for(r#"{"stage": "not an object"}"#).await;
    assert_eq!(e.operation(), "GetStage");
    let e = response_error_for(r#"[1, 2, 3]"#).await;
    assert_eq!(e.operation(), "GetStage");
}

#[tokio::test]
async fn malformed_list_response_is_a_response_error() {
    let server = TestServer::start().await;
    server.respond(Response::json(200, r#"{"stages": [{"arn": "a"}, "#));
    let err = client_for(&server).list_stages().send().await.unwrap_err();
    match err {
        SdkError::ResponseError(e) => assert_eq!(e.operation(), "ListStages"),
        other => panic!("expected a ResponseError, got {other:?}"),
    }
}

#[tokio::test]
async fn empty_object_output_accepts_empty_and_object_bodies() {
    // botocore parses an empty 200 body as `{}`.
    let server = TestServer::start().await;
    server
        .respond(Response::json(200, "{}"))
        .respond(Response::json(200, ""));
    let client = client_for(&server);
    client
        .delete_stage()
        .arn(STAGE_ARN)
        .send()
        .await
        .expect("{}");
    client
        .delete_stage()
        .arn(STAGE_ARN)
        .send()
        .await
        .expect("an empty body is accepted like botocore does");
}

// ---- pagination ----

fn stage(n: u32) -> Value {
    json!({"arn": format!("{STAGE_ARN}{n}"), "name": format!("stage-{n}")})
}

fn three_pages(server: &TestServer) {
    server
        .respond(Response::json(
            200,
            json!({"stages": [stage(1), stage(2)], "nextToken": "t1"}).to_string(),
        ))
        .respond(Response::json(
            200,
            json!({"stages": [stage(3), stage(4)], "nextToken": "t2"}).to_string(),
        ))
        .respond(Response::json(
            200,
            json!({"stages": [stage(5)]}).to_string(),
        ));
}

fn assert_three_page_requests(server: &TestServer) {
    let bodies: Vec<Value> = server.requests().iter().map(|r| r.body_json()).collect();
    assert_eq!(
        bodies,
        [
            json!({"maxResults": 2}),
            json!({"maxResults": 2, "nextToken": "t1"}),
            json!({"maxResults": 2, "nextToken": "t2"}),
        ]
    );
    for r in server.requests() {
        assert_eq!(r.path(), "/ListStages");
        assert_eq!(r.query_string(), None, "pagination members go in the body");
    }
}

#[tokio::test]
async fn paginator_pages_follow_next_token_until_absent() {
    let server = TestServer::start().await;
    three_pages(&server);
    let mut pages = client_for(&server)
        .list_stages()
        .into_paginator()
        .page_size(2)
        .send();
    let mut names = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        count += 1;
        names.push(
            page.stages()
                .iter()
                .map(|s| s.name().unwrap().to_owned())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(count, 3);
    assert_eq!(
        names,
        [
            vec!["stage-1", "stage-2"],
            vec!["stage-3", "stage-4"],
            vec!["stage-5"]
        ]
    );
    assert!(pages.next().await.is_none(), "the stream stays ended");
    assert_eq!(server.request_count(), 3);
    assert_three_page_requests(&server);
}

#[tokio::test]
async fn paginator_items_flatten_the_pages() {
    let server = TestServer::start().await;
    three_pages(&server);
    let mut items = client_for(&server)
        .list_stages()
        .into_paginator()
        .page_size(2)
        .items()
        .send();
    let mut arns = Vec::new();
    while let Some(item) = items.next().await {
        arns.push(item.expect("item").arn().to_owned());
    }
    let expected: Vec<String> = (1..=5).map(|n| format!("{STAGE_ARN}{n}")).collect();
    assert_eq!(arns, expected);
    assert_three_page_requests(&server);
}

#[tokio::test]
async fn paginator_ends_with_an_error_on_a_token_cycle() {
    // Pages: (start) → A → B → A again. The third token was already followed: the stream ends
    // with an error instead of asking for B, A, B, ... forever.
    let server = TestServer::start().await;
    for (n, next) in [(1, "A"), (2, "B"), (3, "A"), (4, "B")] {
        server.respond(Response::json(
            200,
            json!({"stages": [stage(n)], "nextToken": next}).to_string(),
        ));
    }
    let mut pages = client_for(&server).list_stages().into_paginator().send();
    let mut seen = Vec::new();
    let mut error = None;
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => seen.push(page.next_token.unwrap_or_default()),
            Err(e) => {
                assert!(error.is_none(), "one error, then the end");
                error = Some(e);
            }
        }
    }
    assert_eq!(seen, ["A", "B", "A"]);
    let error = error.expect("the cycle is an error");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(
        std::error::Error::source(&error)
            .is_some_and(|e| e.to_string().contains("page token \"A\" a second time")),
        "{error:?}"
    );
    let tokens: Vec<Value> = server
        .requests()
        .iter()
        .map(|r| r.body_json()["nextToken"].clone())
        .collect();
    assert_eq!(tokens, [Value::Null, json!("A"), json!("B")]);
    assert!(pages.next().await.is_none(), "the stream stays over");
}

#[tokio::test]
async fn paginator_ends_with_an_error_on_a_repeated_token() {
    let server = TestServer::start().await;
    server
        .respond(Response::json(
            200,
            json!({"stages": [stage(1)], "nextToken": "same"}).to_string(),
        ))
        .respond(Response::json(
            200,
            json!({"stages": [stage(2)], "nextToken": "same"}).to_string(),
        ))
        .respond(Response::json(
            200,
            json!({"stages": [stage(3)], "nextToken": "same"}).to_string(),
        ));
    let mut items = client_for(&server)
        .list_stages()
        .into_paginator()
        .items()
        .send();
    let mut stages = Vec::new();
    let mut error = None;
    while let Some(item) = items.next().await {
        match item {
            Ok(stage) => stages.push(stage.arn),
            Err(e) => error = Some(e),
        }
    }
    assert_eq!(
        stages.len(),
        2,
        "two pages, then the repeated token ends the stream"
    );
    let error = error.expect("the cycle is an error");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert_eq!(
        std::error::Error::source(&error).map(|e| e.to_string()),
        Some(
            "ListStages: the service returned the page token \"same\" a second time in one \
             pagination; the pages would repeat forever, so pagination stopped"
                .to_owned()
        )
    );
    assert_eq!(server.request_count(), 2);
    assert_eq!(
        server.requests()[1].body_json(),
        json!({"nextToken": "same"})
    );
}

#[tokio::test]
async fn paginator_ends_after_an_error() {
    let server = TestServer::start().await;
    server
        .respond(Response::json(
            200,
            json!({"stages": [stage(1)], "nextToken": "t1"}).to_string(),
        ))
        .respond(Response::json(
            400,
            r#"{"__type":"ValidationException","message":"bad token"}"#,
        ))
        .respond(Response::json(
            200,
            json!({"stages": [stage(2)]}).to_string(),
        ));
    let mut pages = client_for(&server).list_stages().into_paginator().send();
    assert!(pages.next().await.unwrap().is_ok());
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(err.as_service_error().unwrap().is_validation_exception());
    assert!(pages.next().await.is_none());
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn every_paginated_operation_pages_through_its_items() {
    let server = TestServer::start().await;
    let client = client_for(&server);

    server
        .respond(Response::json(
            200,
            json!({"participants": [{"participantId": "a"}], "nextToken": "n"}).to_string(),
        ))
        .respond(Response::json(
            200,
            json!({"participants": [{"participantId": "b"}]}).to_string(),
        ));
    let mut items = client
        .list_participants()
        .stage_arn(STAGE_ARN)
        .session_id(SESSION_ID)
        .into_paginator()
        .page_size(1)
        .items()
        .send();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().participant_id().unwrap().to_owned());
    }
    assert_eq!(ids, ["a", "b"]);
    let bodies: Vec<Value> = server.requests().iter().map(|r| r.body_json()).collect();
    assert_eq!(bodies[1]["nextToken"], "n");
    assert_eq!(bodies[1]["maxResults"], 1);
    assert_eq!(bodies[1]["stageArn"], STAGE_ARN);

    server.clear_requests();
    server
        .respond(Response::json(
            200,
            json!({"events": [{"participantId": "e1"}], "nextToken": "n"}).to_string(),
        ))
        .respond(Response::json(
            200,
            json!({"events": [{"participantId": "e2"}]}).to_string(),
        ));
    let mut items = client
        .list_participant_events()
        .stage_arn(STAGE_ARN)
        .session_id(SESSION_ID)
        .participant_id("p")
        .into_paginator()
        .items()
        .send();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().participant_id().unwrap().to_owned());
    }
    assert_eq!(ids, ["e1", "e2"]);
    assert_eq!(server.requests()[1].body_json()["nextToken"], "n");

    server.clear_requests();
    server
        .respond(Response::json(
            200,
            json!({"stageSessions": [{"sessionId": "st-1"}], "nextToken": "n"}).to_string(),
        ))
        .respond(Response::json(
            200,
            json!({"stageSessions": [{"sessionId": "st-2"}]}).to_string(),
        ));
    let mut items = client
        .list_stage_sessions()
        .stage_arn(STAGE_ARN)
        .into_paginator()
        .items()
        .send();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().session_id().unwrap().to_owned());
    }
    assert_eq!(ids, ["st-1", "st-2"]);
    assert_eq!(server.requests()[1].body_json()["nextToken"], "n");
}

// ---- credentials ----

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let server = TestServer::start().await;
    server.respond(Response::json(200, r#"{"tags":{}}"#));
    let client = Client::from_conf(
        config_for(&server.url())
            .credentials_provider(Credentials::new(
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                Some(SESSION_TOKEN.to_owned()),
            ))
            .build(),
    );
    client
        .list_tags_for_resource()
        .resource_arn(STAGE_ARN)
        .send()
        .await
        .expect("ok");
    let r = &server.requests()[0];
    assert_eq!(r.header("x-amz-security-token"), Some(SESSION_TOKEN));
    let authorization = r.header("authorization").unwrap();
    assert!(
        authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"),
        "{authorization}"
    );
    // The signature covers the token: signing the same request without it differs, with it
    // reproduces the header.
    let headers = vec![("host".to_owned(), r.header("host").unwrap().to_owned())];
    let query = r.query_pairs();
    let signable = SignableRequest {
        method: &r.method,
        path: r.path(),
        query: &query,
        headers: &headers,
        body: &r.body,
        payload_hash: None,
    };
    let params = |token| SigningParams {
        access_key_id: ACCESS_KEY_ID,
        secret_access_key: SECRET_ACCESS_KEY,
        session_token: token,
        region: "us-east-1",
        service: "ivs",
        time: common::fixed_time(),
    };
    let with = sign(&signable, &params(Some(SESSION_TOKEN)));
    let without = sign(&signable, &params(None));
    let auth_of = |o: &generated_sdk::sigv4::SigningOutput| {
        o.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(auth_of(&with), authorization);
    assert_ne!(auth_of(&without), authorization);
    assert!(with
        .canonical_request
        .contains(&format!("x-amz-security-token:{SESSION_TOKEN}\n")));
}

#[tokio::test]
async fn no_secret_in_debug_output() {
    let server = TestServer::start().await;
    let credentials = Credentials::new(
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        Some(SESSION_TOKEN.to_owned()),
    );
    let config: Config = config_for(&server.url())
        .credentials_provider(credentials.clone())
        .build();
    let client = Client::from_conf(config.clone());
    let builder = client.create_participant_token().stage_arn(STAGE_ARN);
    let output =
        generated_sdk::operation::create_participant_token::CreateParticipantTokenOutput::builder()
            .participant_token(
                generated_sdk::types::ParticipantToken::builder()
                    .token(PARTICIPANT_TOKEN)
                    .participant_id("p-1")
                    .build(),
            )
            .build();
    let token = output.participant_token().unwrap().clone();
    let debugs = [
        (
            "Credentials",
            format!("{credentials:?}"),
            format!("{credentials:#?}"),
        ),
        ("Config", format!("{config:?}"), format!("{config:#?}")),
        ("Client", format!("{client:?}"), format!("{client:#?}")),
        (
            "fluent builder",
            format!("{builder:?}"),
            format!("{builder:#?}"),
        ),
        (
            "CreateParticipantTokenOutput",
            format!("{output:?}"),
            format!("{output:#?}"),
        ),
        (
            "ParticipantToken",
            format!("{token:?}"),
            format!("{token:#?}"),
        ),
    ];
    for (what, compact, pretty) in &debugs {
        for debug in [compact, pretty] {
            assert!(
                !debug.contains(SECRET_ACCESS_KEY),
                "{what} shows the secret key: {debug}"
            );
            assert!(
                !debug.contains("wJalrXUtnFEMI"),
                "{what} shows part of the secret key: {debug}"
            );
            assert!(
                !debug.contains(SESSION_TOKEN),
                "{what} shows the session token: {debug}"
            );
            assert!(
                !debug.contains("FwoGZXIvYXdz"),
                "{what} shows part of the session token: {debug}"
            );
            assert!(
                !debug.contains("SECRET-PARTICIPANT-TOKEN"),
                "{what} shows the participant token: {debug}"
            );
        }
    }
    // Not everything is hidden: the access key id and the participant id are no secrets.
    assert!(debugs[0].1.contains(ACCESS_KEY_ID));
    assert!(debugs[5].1.contains("p-1"));
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = TestServer::start().await;
    let client = Client::from_conf(
        Config::builder()
            .region(generated_sdk::Region::new("us-east-1"))
            .endpoint_url(server.url())
            .build(),
    );
    let err = client.get_stage().arn(STAGE_ARN).send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(server.request_count(), 0);
}

// ---- construction and transport ----

#[tokio::test]
async fn missing_required_member_fails_before_sending() {
    let server = TestServer::start().await;
    let client = client_for(&server);
    let err = client.get_stage().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(err.to_string().contains("arn"), "{err}");
    let err = client
        .untag_resource()
        .resource_arn(STAGE_ARN)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn connections_are_reused() {
    let server = TestServer::start().await;
    server.set_default(Response::json(200, "{}"));
    let client = client_for(&server);
    for op in [
        "DeleteStage",
        "GetStage",
        "UpdateStage",
        "DisconnectParticipant",
    ] {
        send(&client, op, &fixture_input(op)).await.expect(op);
    }
    assert_eq!(server.request_count(), 4);
    assert_eq!(
        server.connection_count(),
        1,
        "keep-alive: one pooled connection"
    );
}

#[tokio::test]
async fn every_operation_succeeds_on_a_minimal_response() {
    let server = TestServer::start().await;
    server.set_default(Response::json(
        200,
        r#"{"stages":[],"participants":[],"events":[],"stageSessions":[],"tags":{}}"#,
    ));
    let client = client_for(&server);
    for op in common::dispatch::OPERATIONS {
        send(&client, op, &fixture_input(op))
            .await
            .unwrap_or_else(|f| panic!("{op}: {f:?}"));
    }
    assert_eq!(server.request_count(), common::dispatch::OPERATIONS.len());
    for r in server.requests() {
        assert_eq!(r.version, "HTTP/1.1");
        assert!(r.header("user-agent").is_some_and(
            |ua| ua.starts_with("generated-sdk/0.1.0 sdk-runtime/0.1.0 api/ivs-realtime/")
        ));
        assert_eq!(
            r.header("host").map(str::to_owned),
            Some(format!("127.0.0.1:{}", server.port()))
        );
    }
}

#[tokio::test]
async fn an_endpoint_port_out_of_range_fails_before_anything_is_sent() {
    // `http::Uri` reads port 99999 as "no port": without the check the signed request (session
    // token included) would go to port 80.
    let http = sdk_runtime::codegen::test_util::CannedClient::new(200, &[], "{}");
    let client = Client::from_conf(
        http.config()
            .to_builder()
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                Some(SESSION_TOKEN.to_owned()),
            ))
            .endpoint_url("http://127.0.0.1:99999")
            .build(),
    );
    let err = client.list_stages().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(
        format!("{err:?}").contains("the port \\\"99999\\\" is not in 1-65535"),
        "{err:?}"
    );
    assert!(http.requests().is_empty(), "nothing may be sent");
}
