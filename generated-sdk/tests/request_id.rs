//! Response metadata through the `RequestId` trait, against a real server on 127.0.0.1: on
//! outputs, on `SdkError`, on the operations' error enums and on the error structs alike;
//! `x-amzn-RequestId` first, `x-amz-request-id` as the fallback.

mod common;

use common::{client_for, Response, TestServer};
use generated_sdk::error::{ProvideErrorMetadata, SdkError};
use generated_sdk::request_id::RequestId;

const ARN: &str = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh";

#[tokio::test]
async fn outputs_carry_the_request_id_and_status() {
    let server = TestServer::start().await;
    server
        .respond(
            Response::json(200, r#"{"stage":{"arn":"a"}}"#).header("x-amzn-RequestId", "req-amzn"),
        )
        .respond(
            Response::json(200, r#"{"stage":{"arn":"a"}}"#)
                .without_header("x-amzn-RequestId")
                .header("x-amz-request-id", "req-legacy"),
        )
        .respond(
            Response::json(200, r#"{"stage":{"arn":"a"}}"#)
                .header("x-amzn-RequestId", "req-both")
                .header("x-amz-request-id", "req-ignored"),
        )
        .respond(Response::json(200, "{}").without_header("x-amzn-RequestId"));
    let client = client_for(&server);

    let first = client.get_stage().arn(ARN).send().await.unwrap();
    assert_eq!(first.request_id(), Some("req-amzn"));
    assert_eq!(first.http_status(), Some(200));
    let second = client.get_stage().arn(ARN).send().await.unwrap();
    assert_eq!(second.request_id(), Some("req-legacy"));
    let third = client.get_stage().arn(ARN).send().await.unwrap();
    assert_eq!(third.request_id(), Some("req-both"));
    // Outputs compare by their members, not by the transport data.
    assert_eq!(first, second);
    let debug = format!("{first:?}");
    assert!(debug.contains("stage: Some("), "{debug}");
    // No header at all: no id, but the status is still known.
    let none = client.delete_stage().arn(ARN).send().await.unwrap();
    assert_eq!((none.request_id(), none.http_status()), (None, Some(200)));
    // A built output (no response) has neither.
    let built = generated_sdk::operation::get_stage::GetStageOutput::builder().build();
    assert_eq!((built.request_id(), built.http_status()), (None, None));
}

#[tokio::test]
async fn errors_carry_the_request_id_and_status_at_every_level() {
    let server = TestServer::start().await;
    server
        .respond(
            Response::json(404, r#"{"message":"no such stage"}"#)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .header("x-amzn-RequestId", "err-amzn"),
        )
        .respond(
            Response::json(403, r#"{"message":"denied"}"#)
                .without_header("x-amzn-RequestId")
                .header("x-amzn-ErrorType", "AccessDeniedException")
                .header("x-amz-request-id", "err-legacy"),
        )
        .respond(
            Response::json(400, r#"{"__type":"SomethingNew","message":"?"}"#)
                .header("x-amzn-RequestId", "err-unhandled"),
        );
    let client = client_for(&server);

    let err = client.get_stage().arn(ARN).send().await.unwrap_err();
    assert_eq!(err.request_id(), Some("err-amzn"));
    assert_eq!(err.http_status(), Some(404));
    let SdkError::ServiceError(service) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(service.request_id(), Some("err-amzn"));
    let typed = err.into_service_error().expect("a service error");
    // The operation's error enum ...
    assert_eq!(typed.request_id(), Some("err-amzn"));
    assert_eq!(typed.http_status(), Some(404));
    // ... the error struct inside it ...
    let generated_sdk::operation::get_stage::GetStageError::ResourceNotFoundException(inner) =
        &typed
    else {
        panic!("{typed:?}")
    };
    assert_eq!(inner.request_id(), Some("err-amzn"));
    assert_eq!(inner.http_status(), Some(404));
    // ... and its metadata.
    assert_eq!(RequestId::request_id(inner.meta()), Some("err-amzn"));

    let err = client.get_stage().arn(ARN).send().await.unwrap_err();
    assert_eq!(err.request_id(), Some("err-legacy"));
    let typed = err.into_service_error().unwrap();
    assert!(typed.is_access_denied_exception());
    assert_eq!(
        (typed.request_id(), typed.http_status()),
        (Some("err-legacy"), Some(403))
    );

    let err = client.get_stage().arn(ARN).send().await.unwrap_err();
    let typed = err.into_service_error().unwrap();
    assert_eq!(typed.code(), Some("SomethingNew"));
    assert_eq!(
        (typed.request_id(), typed.http_status()),
        (Some("err-unhandled"), Some(400))
    );
}

#[tokio::test]
async fn errors_without_a_response_have_no_request_id() {
    let server = TestServer::start().await;
    // `arn` is required: nothing is sent.
    let err = client_for(&server).get_stage().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!((err.request_id(), err.http_status()), (None, None));
    assert_eq!(server.request_count(), 0);
}
