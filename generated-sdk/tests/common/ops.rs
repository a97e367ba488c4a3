//! Calls any operation of the SDK from a JSON input in the document's member names (as in the
//! botocore fixtures), and flattens its error into a [`Failure`] that tests can inspect without
//! knowing the operation's error type.

use generated_sdk::error::{ErrorMetadata, SdkError};
use generated_sdk::types::{
    ParticipantState, ParticipantTokenCapability, ParticipantTokenConfiguration,
};
use generated_sdk::Client;
use serde_json::Value;
use std::collections::HashMap;

/// The operations of the document.
pub const OPERATIONS: [&str; 15] = [
    "CreateParticipantToken",
    "CreateStage",
    "DeleteStage",
    "DisconnectParticipant",
    "GetParticipant",
    "GetStage",
    "GetStageSession",
    "ListParticipantEvents",
    "ListParticipants",
    "ListStageSessions",
    "ListStages",
    "ListTagsForResource",
    "TagResource",
    "UntagResource",
    "UpdateStage",
];

/// A failed call, flattened.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The `SdkError` variant: `ServiceError`, `ResponseError`, `TimeoutError`,
    /// `DispatchFailure`, `ConstructionFailure`.
    pub kind: &'static str,
    /// For a service error: the variant of the operation's error enum (`Unhandled` included).
    pub variant: Option<&'static str>,
    /// For a typed service error: what the typed error's `message()` returns.
    pub typed_message: Option<String>,
    /// For a service error: its metadata.
    pub meta: Option<ErrorMetadata>,
    /// For a response error: the operation it names.
    pub response_operation: Option<&'static str>,
    /// The status of the raw response, if one arrived.
    pub raw_status: Option<u16>,
    /// `Display` of the error.
    pub display: String,
    /// `Debug` of the error.
    pub debug: String,
}

fn flatten<E: std::fmt::Debug + std::fmt::Display>(
    err: SdkError<E>,
    classify: fn(&E) -> (&'static str, Option<String>, ErrorMetadata),
) -> Failure {
    let display = err.to_string();
    let debug = format!("{err:?}");
    let raw_status = err.raw_response().map(|r| r.status);
    let mut failure = Failure {
        kind: "",
        variant: None,
        typed_message: None,
        meta: None,
        response_operation: None,
        raw_status,
        display,
        debug,
    };
    failure.kind = match &err {
        SdkError::ConstructionFailure(_) => "ConstructionFailure",
        SdkError::TimeoutError(_) => "TimeoutError",
        SdkError::DispatchFailure(_) => "DispatchFailure",
        SdkError::ResponseError(e) => {
            failure.response_operation = Some(e.operation());
            "ResponseError"
        }
        SdkError::ServiceError(e) => {
            let (variant, message, meta) = classify(e.err());
            failure.variant = Some(variant);
            failure.typed_message = message;
            failure.meta = Some(meta);
            "ServiceError"
        }
        _ => "<unknown SdkError variant>",
    };
    failure
}

/// A classifier for an operation's error enum with the listed typed variants.
macro_rules! classifier {
    ($module:ident :: $enum:ident { $($variant:ident),* $(,)? }) => {{
        fn classify(
            e: &generated_sdk::operation::$module::$enum,
        ) -> (&'static str, Option<String>, ErrorMetadata) {
            use generated_sdk::operation::$module::$enum;
            match e {
                $(
                    $enum::$variant(inner) => (
                        stringify!($variant),
                        inner.message().map(str::to_owned),
                        inner.meta().clone(),
                    ),
                )*
                $enum::Unhandled(meta) => ("Unhandled", meta.message().map(str::to_owned), meta.clone()),
                other => ("<unexpected variant>", None, other.meta().clone()),
            }
        }
        classify
    }};
}

fn s(input: &Value, key: &str) -> Option<String> {
    input.get(key).map(|v| v.as_str().expect(key).to_owned())
}

fn int(input: &Value, key: &str) -> Option<i32> {
    input
        .get(key)
        .map(|v| i32::try_from(v.as_i64().expect(key)).expect(key))
}

fn boolean(input: &Value, key: &str) -> Option<bool> {
    input.get(key).map(|v| v.as_bool().expect(key))
}

fn strings(input: &Value, key: &str) -> Option<Vec<String>> {
    input.get(key).map(|v| {
        v.as_array()
            .expect(key)
            .iter()
            .map(|s| s.as_str().expect(key).to_owned())
            .collect()
    })
}

fn map(input: &Value, key: &str) -> Option<HashMap<String, String>> {
    input.get(key).map(|v| {
        v.as_object()
            .expect(key)
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect(key).to_owned()))
            .collect()
    })
}

fn capabilities(input: &Value) -> Option<Vec<ParticipantTokenCapability>> {
    strings(input, "capabilities").map(|v| {
        v.iter()
            .map(|s| ParticipantTokenCapability::from(s.as_str()))
            .collect()
    })
}

fn token_configurations(input: &Value) -> Option<Vec<ParticipantTokenConfiguration>> {
    input.get("participantTokenConfigurations").map(|v| {
        v.as_array()
            .expect("participantTokenConfigurations")
            .iter()
            .map(|c| {
                ParticipantTokenConfiguration::builder()
                    .set_attributes(map(c, "attributes"))
                    .set_capabilities(capabilities(c))
                    .set_duration(int(c, "duration"))
                    .set_user_id(s(c, "userId"))
                    .build()
            })
            .collect()
    })
}

/// The input of the first botocore request fixture of `operation`.
pub fn fixture_input(operation: &str) -> Value {
    super::fixtures()["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .find(|c| c["operation"] == operation)
        .unwrap_or_else(|| panic!("no request fixture for {operation}"))["input"]
        .clone()
}

/// Sends `operation` with input `i` (document member names). `Ok` holds the output's `Debug`.
pub async fn send(client: &Client, operation: &str, i: &Value) -> Result<String, Failure> {
    fn ok<T: std::fmt::Debug>(output: T) -> String {
        format!("{output:?}")
    }
    match operation {
        "CreateParticipantToken" => client
            .create_participant_token()
            .set_attributes(map(i, "attributes"))
            .set_capabilities(capabilities(i))
            .set_duration(int(i, "duration"))
            .set_stage_arn(s(i, "stageArn"))
            .set_user_id(s(i, "userId"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(create_participant_token::CreateParticipantTokenError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        ServiceQuotaExceededException,
                        PendingVerification,
                    }),
                )
            }),
        "CreateStage" => client
            .create_stage()
            .set_name(s(i, "name"))
            .set_participant_token_configurations(token_configurations(i))
            .set_tags(map(i, "tags"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(create_stage::CreateStageError {
                        ValidationException,
                        AccessDeniedException,
                        ServiceQuotaExceededException,
                        PendingVerification,
                    }),
                )
            }),
        "DeleteStage" => client
            .delete_stage()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(delete_stage::DeleteStageError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        ConflictException,
                        PendingVerification,
                    }),
                )
            }),
        "DisconnectParticipant" => client
            .disconnect_participant()
            .set_participant_id(s(i, "participantId"))
            .set_reason(s(i, "reason"))
            .set_stage_arn(s(i, "stageArn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(disconnect_participant::DisconnectParticipantError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        PendingVerification,
                    }),
                )
            }),
        "GetParticipant" => client
            .get_participant()
            .set_participant_id(s(i, "participantId"))
            .set_session_id(s(i, "sessionId"))
            .set_stage_arn(s(i, "stageArn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_participant::GetParticipantError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "GetStage" => client
            .get_stage()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_stage::GetStageError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "GetStageSession" => client
            .get_stage_session()
            .set_session_id(s(i, "sessionId"))
            .set_stage_arn(s(i, "stageArn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_stage_session::GetStageSessionError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "ListParticipantEvents" => client
            .list_participant_events()
            .set_max_results(int(i, "maxResults"))
            .set_next_token(s(i, "nextToken"))
            .set_participant_id(s(i, "participantId"))
            .set_session_id(s(i, "sessionId"))
            .set_stage_arn(s(i, "stageArn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_participant_events::ListParticipantEventsError {
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "ListParticipants" => client
            .list_participants()
            .set_filter_by_published(boolean(i, "filterByPublished"))
            .set_filter_by_state(s(i, "filterByState").map(|v| ParticipantState::from(v.as_str())))
            .set_filter_by_user_id(s(i, "filterByUserId"))
            .set_max_results(int(i, "maxResults"))
            .set_next_token(s(i, "nextToken"))
            .set_session_id(s(i, "sessionId"))
            .set_stage_arn(s(i, "stageArn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_participants::ListParticipantsError {
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "ListStageSessions" => client
            .list_stage_sessions()
            .set_max_results(int(i, "maxResults"))
            .set_next_token(s(i, "nextToken"))
            .set_stage_arn(s(i, "stageArn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_stage_sessions::ListStageSessionsError {
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "ListStages" => client
            .list_stages()
            .set_max_results(int(i, "maxResults"))
            .set_next_token(s(i, "nextToken"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_stages::ListStagesError {
                        ValidationException,
                        AccessDeniedException,
                        ConflictException,
                    }),
                )
            }),
        "ListTagsForResource" => client
            .list_tags_for_resource()
            .set_resource_arn(s(i, "resourceArn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_tags_for_resource::ListTagsForResourceError {
                        ResourceNotFoundException,
                        ValidationException,
                        InternalServerException,
                    }),
                )
            }),
        "TagResource" => client
            .tag_resource()
            .set_resource_arn(s(i, "resourceArn"))
            .set_tags(map(i, "tags"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(tag_resource::TagResourceError {
                        ResourceNotFoundException,
                        ValidationException,
                        InternalServerException,
                    }),
                )
            }),
        "UntagResource" => client
            .untag_resource()
            .set_resource_arn(s(i, "resourceArn"))
            .set_tag_keys(strings(i, "tagKeys"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(untag_resource::UntagResourceError {
                        ResourceNotFoundException,
                        ValidationException,
                        InternalServerException,
                    }),
                )
            }),
        "UpdateStage" => client
            .update_stage()
            .set_arn(s(i, "arn"))
            .set_name(s(i, "name"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(update_stage::UpdateStageError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        ServiceQuotaExceededException,
                        ConflictException,
                        PendingVerification,
                    }),
                )
            }),
        other => panic!("no SDK call for operation {other}"),
    }
}
