//! Calls any operation of the SDK from a JSON input in the document's member names (as in the
//! botocore fixtures), and flattens its error into a [`Failure`] that tests can inspect without
//! knowing the operation's error type.

use generated_sdk::error::{ErrorMetadata, SdkError};
use generated_sdk::types::{
    ChannelDestinationConfiguration, DestinationConfiguration, GridConfiguration,
    LayoutConfiguration, ParticipantState, ParticipantTokenCapability,
    ParticipantTokenConfiguration, S3StorageConfiguration, Video, VideoFillMode,
};
use generated_sdk::Client;
use serde_json::Value;
use std::collections::HashMap;

/// The operations of the SDK (botocore 1.44.8's model), sorted.
pub const OPERATIONS: [&str; 40] = [
    "CreateEncoderConfiguration",
    "CreateIngestConfiguration",
    "CreateParticipantToken",
    "CreateStage",
    "CreateStorageConfiguration",
    "DeleteEncoderConfiguration",
    "DeleteIngestConfiguration",
    "DeletePublicKey",
    "DeleteStage",
    "DeleteStorageConfiguration",
    "DisconnectParticipant",
    "GetComposition",
    "GetEncoderConfiguration",
    "GetIngestConfiguration",
    "GetParticipant",
    "GetPublicKey",
    "GetStage",
    "GetStageSession",
    "GetStorageConfiguration",
    "ImportPublicKey",
    "ListCompositions",
    "ListEncoderConfigurations",
    "ListIngestConfigurations",
    "ListParticipantEvents",
    "ListParticipantReplicas",
    "ListParticipants",
    "ListPublicKeys",
    "ListStageSessions",
    "ListStages",
    "ListStorageConfigurations",
    "ListTagsForResource",
    "RevokeConnectionToken",
    "StartComposition",
    "StartParticipantReplication",
    "StopComposition",
    "StopParticipantReplication",
    "TagResource",
    "UntagResource",
    "UpdateIngestConfiguration",
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

fn float(input: &Value, key: &str) -> Option<f32> {
    input.get(key).map(|v| v.as_f64().expect(key) as f32)
}

fn video(input: &Value) -> Option<Video> {
    input.get("video").map(|v| {
        Video::builder()
            .set_width(int(v, "width"))
            .set_height(int(v, "height"))
            .set_framerate(float(v, "framerate"))
            .set_bitrate(int(v, "bitrate"))
            .build()
    })
}

fn s3_storage(input: &Value) -> Option<S3StorageConfiguration> {
    input.get("s3").map(|v| {
        S3StorageConfiguration::builder()
            .set_bucket_name(s(v, "bucketName"))
            .build()
            .expect("bucketName")
    })
}

fn layout(input: &Value) -> Option<LayoutConfiguration> {
    input.get("layout").map(|v| {
        let grid = v.get("grid").map(|g| {
            GridConfiguration::builder()
                .set_featured_participant_attribute(s(g, "featuredParticipantAttribute"))
                .set_grid_gap(int(g, "gridGap"))
                .set_video_fill_mode(s(g, "videoFillMode").map(|m| VideoFillMode::from(m.as_str())))
                .build()
        });
        LayoutConfiguration::builder().set_grid(grid).build()
    })
}

fn destinations(input: &Value) -> Option<Vec<DestinationConfiguration>> {
    input.get("destinations").map(|v| {
        v.as_array()
            .expect("destinations")
            .iter()
            .map(|d| {
                let channel = d.get("channel").map(|c| {
                    ChannelDestinationConfiguration::builder()
                        .set_channel_arn(s(c, "channelArn"))
                        .set_encoder_configuration_arn(s(c, "encoderConfigurationArn"))
                        .build()
                        .expect("channelArn")
                });
                DestinationConfiguration::builder()
                    .set_name(s(d, "name"))
                    .set_channel(channel)
                    .build()
            })
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
        "CreateEncoderConfiguration" => client
            .create_encoder_configuration()
            .set_name(s(i, "name"))
            .set_video(video(i))
            .set_tags(map(i, "tags"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        create_encoder_configuration::CreateEncoderConfigurationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                            ServiceQuotaExceededException,
                            ConflictException,
                            PendingVerification,
                        }
                    ),
                )
            }),
        "CreateIngestConfiguration" => client
            .create_ingest_configuration()
            .set_name(s(i, "name"))
            .set_stage_arn(s(i, "stageArn"))
            .set_user_id(s(i, "userId"))
            .set_attributes(map(i, "attributes"))
            .set_ingest_protocol(
                s(i, "ingestProtocol")
                    .map(|v| generated_sdk::types::IngestProtocol::from(v.as_str())),
            )
            .set_insecure_ingest(boolean(i, "insecureIngest"))
            .set_redundant_ingest(boolean(i, "redundantIngest"))
            .set_tags(map(i, "tags"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        create_ingest_configuration::CreateIngestConfigurationError {
                            ValidationException,
                            AccessDeniedException,
                            ServiceQuotaExceededException,
                            PendingVerification,
                        }
                    ),
                )
            }),
        "CreateStorageConfiguration" => client
            .create_storage_configuration()
            .set_name(s(i, "name"))
            .set_s3(s3_storage(i))
            .set_tags(map(i, "tags"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        create_storage_configuration::CreateStorageConfigurationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                            ServiceQuotaExceededException,
                            ConflictException,
                            PendingVerification,
                        }
                    ),
                )
            }),
        "DeleteEncoderConfiguration" => client
            .delete_encoder_configuration()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        delete_encoder_configuration::DeleteEncoderConfigurationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                            ServiceQuotaExceededException,
                            ConflictException,
                        }
                    ),
                )
            }),
        "DeleteIngestConfiguration" => client
            .delete_ingest_configuration()
            .set_arn(s(i, "arn"))
            .set_force(boolean(i, "force"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        delete_ingest_configuration::DeleteIngestConfigurationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            ConflictException,
                            PendingVerification,
                        }
                    ),
                )
            }),
        "DeletePublicKey" => client
            .delete_public_key()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(delete_public_key::DeletePublicKeyError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        ConflictException,
                        PendingVerification,
                    }),
                )
            }),
        "DeleteStorageConfiguration" => client
            .delete_storage_configuration()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        delete_storage_configuration::DeleteStorageConfigurationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                            ServiceQuotaExceededException,
                            ConflictException,
                        }
                    ),
                )
            }),
        "GetComposition" => client
            .get_composition()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_composition::GetCompositionError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        InternalServerException,
                        ServiceQuotaExceededException,
                        ConflictException,
                    }),
                )
            }),
        "GetEncoderConfiguration" => client
            .get_encoder_configuration()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_encoder_configuration::GetEncoderConfigurationError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        InternalServerException,
                        ServiceQuotaExceededException,
                        ConflictException,
                    }),
                )
            }),
        "GetIngestConfiguration" => client
            .get_ingest_configuration()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_ingest_configuration::GetIngestConfigurationError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "GetPublicKey" => client
            .get_public_key()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_public_key::GetPublicKeyError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "GetStorageConfiguration" => client
            .get_storage_configuration()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(get_storage_configuration::GetStorageConfigurationError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        InternalServerException,
                        ServiceQuotaExceededException,
                        ConflictException,
                    }),
                )
            }),
        "ImportPublicKey" => client
            .import_public_key()
            .set_public_key_material(s(i, "publicKeyMaterial"))
            .set_name(s(i, "name"))
            .set_tags(map(i, "tags"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(import_public_key::ImportPublicKeyError {
                        ValidationException,
                        AccessDeniedException,
                        ServiceQuotaExceededException,
                        ConflictException,
                        PendingVerification,
                    }),
                )
            }),
        "ListCompositions" => client
            .list_compositions()
            .set_filter_by_stage_arn(s(i, "filterByStageArn"))
            .set_filter_by_encoder_configuration_arn(s(i, "filterByEncoderConfigurationArn"))
            .set_next_token(s(i, "nextToken"))
            .set_max_results(int(i, "maxResults"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_compositions::ListCompositionsError {
                        ValidationException,
                        AccessDeniedException,
                        InternalServerException,
                        ServiceQuotaExceededException,
                        ConflictException,
                    }),
                )
            }),
        "ListEncoderConfigurations" => client
            .list_encoder_configurations()
            .set_next_token(s(i, "nextToken"))
            .set_max_results(int(i, "maxResults"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        list_encoder_configurations::ListEncoderConfigurationsError {
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                            ServiceQuotaExceededException,
                            ConflictException,
                        }
                    ),
                )
            }),
        "ListIngestConfigurations" => client
            .list_ingest_configurations()
            .set_filter_by_stage_arn(s(i, "filterByStageArn"))
            .set_filter_by_state(
                s(i, "filterByState")
                    .map(|v| generated_sdk::types::IngestConfigurationState::from(v.as_str())),
            )
            .set_next_token(s(i, "nextToken"))
            .set_max_results(int(i, "maxResults"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_ingest_configurations::ListIngestConfigurationsError {
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "ListParticipantReplicas" => client
            .list_participant_replicas()
            .set_source_stage_arn(s(i, "sourceStageArn"))
            .set_participant_id(s(i, "participantId"))
            .set_next_token(s(i, "nextToken"))
            .set_max_results(int(i, "maxResults"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_participant_replicas::ListParticipantReplicasError {
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "ListPublicKeys" => client
            .list_public_keys()
            .set_next_token(s(i, "nextToken"))
            .set_max_results(int(i, "maxResults"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(list_public_keys::ListPublicKeysError {
                        ValidationException,
                        AccessDeniedException,
                    }),
                )
            }),
        "ListStorageConfigurations" => client
            .list_storage_configurations()
            .set_next_token(s(i, "nextToken"))
            .set_max_results(int(i, "maxResults"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        list_storage_configurations::ListStorageConfigurationsError {
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                            ServiceQuotaExceededException,
                            ConflictException,
                        }
                    ),
                )
            }),
        "RevokeConnectionToken" => client
            .revoke_connection_token()
            .set_token_id(s(i, "tokenId"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(revoke_connection_token::RevokeConnectionTokenError {
                        ValidationException,
                        AccessDeniedException,
                        InternalServerException,
                    }),
                )
            }),
        "StartComposition" => client
            .start_composition()
            .set_stage_arn(s(i, "stageArn"))
            .set_idempotency_token(s(i, "idempotencyToken"))
            .set_layout(layout(i))
            .set_destinations(destinations(i))
            .set_tags(map(i, "tags"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(start_composition::StartCompositionError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        InternalServerException,
                        ServiceQuotaExceededException,
                        ConflictException,
                        PendingVerification,
                    }),
                )
            }),
        "StartParticipantReplication" => client
            .start_participant_replication()
            .set_source_stage_arn(s(i, "sourceStageArn"))
            .set_destination_stage_arn(s(i, "destinationStageArn"))
            .set_participant_id(s(i, "participantId"))
            .set_reconnect_window_seconds(int(i, "reconnectWindowSeconds"))
            .set_attributes(map(i, "attributes"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        start_participant_replication::StartParticipantReplicationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                            ServiceQuotaExceededException,
                            PendingVerification,
                            ConflictException,
                        }
                    ),
                )
            }),
        "StopComposition" => client
            .stop_composition()
            .set_arn(s(i, "arn"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(stop_composition::StopCompositionError {
                        ResourceNotFoundException,
                        ValidationException,
                        AccessDeniedException,
                        InternalServerException,
                        ServiceQuotaExceededException,
                        ConflictException,
                    }),
                )
            }),
        "StopParticipantReplication" => client
            .stop_participant_replication()
            .set_source_stage_arn(s(i, "sourceStageArn"))
            .set_destination_stage_arn(s(i, "destinationStageArn"))
            .set_participant_id(s(i, "participantId"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        stop_participant_replication::StopParticipantReplicationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            InternalServerException,
                        }
                    ),
                )
            }),
        "UpdateIngestConfiguration" => client
            .update_ingest_configuration()
            .set_arn(s(i, "arn"))
            .set_stage_arn(s(i, "stageArn"))
            .set_redundant_ingest(boolean(i, "redundantIngest"))
            .send()
            .await
            .map(ok)
            .map_err(|e| {
                flatten(
                    e,
                    classifier!(
                        update_ingest_configuration::UpdateIngestConfigurationError {
                            ResourceNotFoundException,
                            ValidationException,
                            AccessDeniedException,
                            ConflictException,
                            PendingVerification,
                        }
                    ),
                )
            }),
        other => panic!("no SDK call for operation {other}"),
    }
}
