//! The floor: what one call cannot avoid. The input serialized with serde, SigV4 by hand
//! (canonical request, string to sign, one HMAC with a signing key derived once), the same
//! copy of the canned body the SDKs get, and serde parsing it into plain structs.

use crate::Case;
use ring::{digest, hmac};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListStagesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    max_results: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Serialize)]
struct GetStageRequest<'a> {
    arn: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenConfiguration<'a> {
    user_id: &'a str,
    capabilities: [&'a str; 2],
    attributes: HashMap<&'a str, &'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateStageRequest<'a> {
    name: &'a str,
    participant_token_configurations: Vec<TokenConfiguration<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct StageSummary {
    arn: String,
    name: Option<String>,
    active_session_id: Option<String>,
    #[serde(default)]
    tags: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ListStagesResponse {
    stages: Vec<StageSummary>,
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct AutoRecording {
    storage_configuration_arn: String,
    #[serde(default)]
    media_types: Vec<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Endpoints {
    events: Option<String>,
    whip: Option<String>,
    rtmp: Option<String>,
    rtmps: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Stage {
    arn: String,
    name: Option<String>,
    active_session_id: Option<String>,
    #[serde(default)]
    tags: HashMap<String, String>,
    auto_participant_recording_configuration: Option<AutoRecording>,
    endpoints: Option<Endpoints>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct GetStageResponse {
    stage: Stage,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ParticipantToken {
    participant_id: Option<String>,
    token: Option<String>,
    user_id: Option<String>,
    #[serde(default)]
    attributes: HashMap<String, String>,
    duration: Option<i32>,
    #[serde(default)]
    capabilities: Vec<String>,
    expiration_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct CreateStageResponse {
    stage: Stage,
    #[serde(default)]
    participant_tokens: Vec<ParticipantToken>,
}

pub struct Floor {
    body: Arc<Vec<u8>>,
    key: hmac::Key,
    date: String,
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// `(YYYYMMDD, YYYYMMDDTHHMMSSZ)` of now.
fn amz_dates() -> (String, String) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let date = format!("{y:04}{m:02}{d:02}");
    let time = format!(
        "{date}T{:02}{:02}{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    );
    (date, time)
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data)
        .as_ref()
        .to_vec()
}

impl Floor {
    pub fn new(body: Arc<Vec<u8>>) -> Self {
        let (date, _) = amz_dates();
        let key = ["us-east-1", "ivs", "aws4_request"]
            .iter()
            .fold(hmac_sha256(b"AWS4SECRET", date.as_bytes()), |k, part| {
                hmac_sha256(&k, part.as_bytes())
            });
        Floor {
            body,
            key: hmac::Key::new(hmac::HMAC_SHA256, &key),
            date,
        }
    }

    /// The `authorization` header of a POST of `body` to `path`.
    fn sign(&self, path: &str, body: &[u8]) -> (String, String) {
        let (_, amz_date) = amz_dates();
        let payload = hex(digest::digest(&digest::SHA256, body).as_ref());
        let canonical = format!(
            "POST\n{path}\n\ncontent-type:application/json\nhost:ivsrealtime.us-east-1.amazonaws.com\nx-amz-date:{amz_date}\n\ncontent-type;host;x-amz-date\n{payload}"
        );
        let scope = format!("{}/us-east-1/ivs/aws4_request", self.date);
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            hex(digest::digest(&digest::SHA256, canonical.as_bytes()).as_ref())
        );
        let signature = hex(hmac::sign(&self.key, to_sign.as_bytes()).as_ref());
        (
            amz_date,
            format!(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{scope}, SignedHeaders=content-type;host;x-amz-date, Signature={signature}"
            ),
        )
    }

    /// The bytes of a signed ListStages request to `authority` (over loopback).
    pub fn list_stages_request(&self, authority: &str) -> Vec<u8> {
        let body = serde_json::to_vec(&ListStagesRequest {
            max_results: None,
            next_token: None,
        })
        .unwrap();
        let (amz_date, authorization) = self.sign("/ListStages", &body);
        let mut request = format!(
            "POST /ListStages HTTP/1.1\r\nhost: {authority}\r\ncontent-type: application/json\r\n\
             x-amz-date: {amz_date}\r\nauthorization: {authorization}\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(&body);
        request
    }

    /// A ListStages response body parsed into plain structs; the number of stages.
    pub fn parse_list_stages(body: &[u8]) -> usize {
        serde_json::from_slice::<ListStagesResponse>(body)
            .unwrap()
            .stages
            .len()
    }

    pub fn call(&self, case: Case) -> usize {
        let (path, request) = match case {
            Case::ListStages10 | Case::ListStages1000 => (
                "/ListStages",
                serde_json::to_vec(&ListStagesRequest {
                    max_results: None,
                    next_token: None,
                }),
            ),
            Case::GetStage => (
                "/GetStage",
                serde_json::to_vec(&GetStageRequest {
                    arn: crate::STAGE_ARN,
                }),
            ),
            Case::CreateStageWithToken => (
                "/CreateStage",
                serde_json::to_vec(&CreateStageRequest {
                    name: "stage-1",
                    participant_token_configurations: vec![TokenConfiguration {
                        user_id: "user-1",
                        capabilities: ["PUBLISH", "SUBSCRIBE"],
                        attributes: [("role", "host")].into_iter().collect(),
                    }],
                }),
            ),
        };
        let request = request.unwrap();
        std::hint::black_box(self.sign(path, &request));
        let body = self.body.to_vec();
        match case {
            Case::ListStages10 | Case::ListStages1000 => {
                serde_json::from_slice::<ListStagesResponse>(&body)
                    .unwrap()
                    .stages
                    .len()
            }
            Case::GetStage => serde_json::from_slice::<GetStageResponse>(&body)
                .unwrap()
                .stage
                .arn
                .len(),
            Case::CreateStageWithToken => serde_json::from_slice::<CreateStageResponse>(&body)
                .unwrap()
                .participant_tokens
                .len(),
        }
    }
}
