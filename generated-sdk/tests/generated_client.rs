//! The generated client end to end against a scripted HTTP client: request serialization (path
//! labels, repeated query keys, JSON bodies), response parsing, error mapping, pagination and the
//! generated types' public surface.

use generated_sdk::error::{ConnectorError, ProvideErrorMetadata, SdkError};
use generated_sdk::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse};
use generated_sdk::operation::list_stages::ListStagesError;
use generated_sdk::types::{ParticipantState, ParticipantToken, ParticipantTokenCapability};
use generated_sdk::{Client, Config, Credentials, Region};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Answers each request with the next scripted response and records the requests.
#[derive(Debug, Clone, Default)]
struct Scripted {
    responses: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Scripted {
    fn new(responses: &[(u16, &'static str)]) -> Self {
        Self {
            responses: Arc::new(Mutex::new(responses.iter().copied().collect())),
            ..Self::default()
        }
    }

    fn requests(&self) -> Vec<HttpRequest> {
        self.requests.lock().unwrap().clone()
    }
}

impl HttpClient for Scripted {
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        self.requests.lock().unwrap().push(request);
        let (status, body) = self
            .responses
            .lock()
            .unwrap()
            .pop_front()
            .expect("an unexpected request");
        Box::pin(async move {
            Ok(HttpResponse {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.as_bytes().to_vec(),
            })
        })
    }
}

fn client(http: &Scripted) -> Client {
    let config = Config::builder()
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .retry_config(generated_sdk::config::RetryConfig::disabled())
        .http_client(http.clone())
        .build();
    Client::from_conf(config)
}

fn body_json(request: &HttpRequest) -> serde_json::Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn untag_resource_encodes_the_label_and_repeats_the_query_key() {
    let http = Scripted::new(&[(200, "")]);
    client(&http)
        .untag_resource()
        .resource_arn("arn:aws:ivs:us-west-2:123:stage/abc")
        .tag_keys("a")
        .tag_keys("b c")
        .send()
        .await
        .unwrap();
    let request = &http.requests()[0];
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        request.uri,
        "https://ivsrealtime.us-west-2.amazonaws.com/tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123%3Astage%2Fabc?tagKeys=a&tagKeys=b%20c"
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_participant_token_sends_only_set_members_and_parses_the_output() {
    let http = Scripted::new(&[(
        200,
        r#"{"participantToken":{"participantId":"p1","token":"secret-token","capabilities":["PUBLISH","LURK"],
            "duration":60,"expirationTime":"2023-06-01T12:00:00Z","attributes":{"k":"v"},"extra":1}}"#,
    )]);
    let output = client(&http)
        .create_participant_token()
        .stage_arn("arn:aws:ivs:us-west-2:123:stage/abc")
        .capabilities(ParticipantTokenCapability::Publish)
        .attributes("k", "v")
        .send()
        .await
        .unwrap();
    let request = &http.requests()[0];
    assert_eq!(
        request.uri,
        "https://ivsrealtime.us-west-2.amazonaws.com/CreateParticipantToken"
    );
    assert_eq!(
        body_json(request),
        serde_json::json!({"stageArn":"arn:aws:ivs:us-west-2:123:stage/abc","capabilities":["PUBLISH"],"attributes":{"k":"v"}})
    );
    let token = output.participant_token().unwrap();
    assert_eq!(token.participant_id(), Some("p1"));
    assert_eq!(token.duration(), Some(60));
    assert_eq!(
        token.capabilities()[1],
        ParticipantTokenCapability::from("LURK")
    );
    assert_eq!(token.capabilities()[1].as_str(), "LURK");
    assert_eq!(token.expiration_time().unwrap().secs(), 1_685_620_800);
    let debug = format!("{token:?}");
    assert!(
        !debug.contains("secret-token") && debug.contains("*** Sensitive Data Redacted ***"),
        "{debug}"
    );
}

#[tokio::test]
async fn missing_required_members_fail_before_sending() {
    let http = Scripted::new(&[]);
    let e = client(&http)
        .create_participant_token()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, SdkError::ConstructionFailure(_)), "{e:?}");
    assert!(e.to_string().contains("stage_arn"), "{e}");
    let e = client(&http)
        .untag_resource()
        .resource_arn("")
        .tag_keys("a")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, SdkError::ConstructionFailure(_)), "{e:?}");
    assert!(http.requests().is_empty());
}

#[tokio::test]
async fn empty_body_object_for_operations_with_only_optional_body_members() {
    let http = Scripted::new(&[(200, r#"{"stages":[]}"#)]);
    let output = client(&http).list_stages().send().await.unwrap();
    assert_eq!(http.requests()[0].body, &b"{}"[..]);
    assert!(output.stages().is_empty());
    assert_eq!(output.next_token(), None);
}

#[tokio::test]
async fn errors_map_to_the_operation_error_enum() {
    let http = Scripted::new(&[
        (
            400,
            r#"{"__type":"ValidationException","message":"bad input"}"#,
        ),
        (409, r#"{"__type":"SomethingNew","message":"new"}"#),
    ]);
    let e = client(&http).list_stages().send().await.unwrap_err();
    let error = e.into_service_error().unwrap();
    assert!(error.is_validation_exception());
    assert_eq!(error.message(), Some("bad input"));
    assert_eq!(error.to_string(), "ValidationException: bad input");
    assert_eq!(error.meta().status(), 400);

    let e = client(&http).list_stages().send().await.unwrap_err();
    match e.into_service_error().unwrap() {
        ListStagesError::Unhandled(meta) => {
            assert_eq!(meta.code(), Some("SomethingNew"));
            assert_eq!(meta.status(), 409);
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_responses_name_the_json_path() {
    let http = Scripted::new(&[(200, r#"{"stages":[{"arn":"a"},{"name":"no arn"}]}"#)]);
    let e = client(&http).list_stages().send().await.unwrap_err();
    match e {
        SdkError::ResponseError(e) => {
            assert_eq!(e.message(), "$.stages[1]: missing required member `arn`")
        }
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[tokio::test]
async fn paginators_follow_next_tokens() {
    let http = Scripted::new(&[
        (
            200,
            r#"{"stages":[{"arn":"a"},{"arn":"b"}],"nextToken":"t1"}"#,
        ),
        (200, r#"{"stages":[{"arn":"c"}]}"#),
    ]);
    let mut items = client(&http)
        .list_stages()
        .into_paginator()
        .page_size(2)
        .items()
        .send();
    let mut arns = Vec::new();
    while let Some(item) = items.next().await {
        arns.push(item.unwrap().arn().to_owned());
    }
    assert_eq!(arns, ["a", "b", "c"]);
    let requests = http.requests();
    assert_eq!(
        body_json(&requests[0]),
        serde_json::json!({"maxResults": 2})
    );
    assert_eq!(
        body_json(&requests[1]),
        serde_json::json!({"maxResults": 2, "nextToken": "t1"})
    );
}

#[test]
fn enums_and_builders() {
    assert_eq!(
        "CONNECTED".parse::<ParticipantState>().unwrap(),
        ParticipantState::Connected
    );
    let unknown = ParticipantState::from("HIBERNATING");
    assert_eq!(unknown.as_str(), "HIBERNATING");
    assert_eq!(unknown.to_string(), "HIBERNATING");
    assert_eq!(ParticipantState::values(), ["CONNECTED", "DISCONNECTED"]);

    let token = ParticipantToken::builder().token("t").duration(5).build();
    assert_eq!(token.duration, Some(5));
    assert!(!format!("{:?}", ParticipantToken::builder().token("hidden")).contains("hidden"));
}
