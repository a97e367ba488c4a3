//! Per-call cost of `generated-sdk` and the official `aws-sdk-ivsrealtime`, side by side in
//! one run, with the floor measured in the same run.
//!
//! ```text
//! percall inproc   [--rounds 9]   in-process HTTP clients returning fixed bytes
//! percall loopback [--rounds 5]   real HTTP over 127.0.0.1 (a server subprocess; each client
//!                                 run is its own subprocess: client CPU per call, peak RSS)
//! percall all                     both, printing Markdown tables
//! ```
//!
//! In-process cases (same canned bodies for every side): ListStages with 10 stages, GetStage,
//! CreateStage with one participant token, ListStages with 1000 stages. Each round runs every
//! side once (A B C, the order rotating from round to round); the table shows medians per call
//! and ratios. The floor is what a call cannot avoid: the request body serialized with serde,
//! SigV4 by hand with a cached signing key, the same copy of the canned body, and serde
//! parsing it into plain structs.

mod floor;
mod loopback;

use std::sync::Arc;
use std::time::Instant;

/// Canned response bodies (the same bytes for every side).
pub mod bodies {
    fn stage_summary(i: usize) -> String {
        format!(
            r#"{{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD{i:04}","name":"stage-{i}","activeSessionId":"st-a1B2c3D4e5F6g","tags":{{"team":"video","env":"prod"}}}}"#
        )
    }

    /// A ListStages page of `n` stages.
    pub fn list_stages(n: usize) -> Vec<u8> {
        let stages: Vec<String> = (0..n).map(stage_summary).collect();
        format!(r#"{{"stages":[{}]}}"#, stages.join(",")).into_bytes()
    }

    fn stage() -> &'static str {
        r#"{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD0001","name":"stage-1","activeSessionId":"st-a1B2c3D4e5F6g","tags":{"team":"video","env":"prod"},"autoParticipantRecordingConfiguration":{"storageConfigurationArn":"","mediaTypes":["AUDIO_VIDEO"]},"endpoints":{"events":"wss://global.events.live-video.net","whip":"https://f99084460c35.global-bm.whip.live-video.net","rtmp":"rtmp://f99084460c35.channel.global-contribute.live-video.net/","rtmps":"rtmps://f99084460c35.channel.global-contribute.live-video.net:443/"}}"#
    }

    /// A GetStage response.
    pub fn get_stage() -> Vec<u8> {
        format!(r#"{{"stage":{}}}"#, stage()).into_bytes()
    }

    /// A CreateStage response with one participant token.
    pub fn create_stage() -> Vec<u8> {
        format!(
            r#"{{"stage":{},"participantTokens":[{{"participantId":"p-1234567890","token":"eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.eyJleHAiOjE3MzMwMDAwMDAsImlhdCI6MTczMjk1NjgwMCwianRpIjoicC0xMjM0NTY3ODkwIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1pbi1hLWJlbmNobWFyaw","userId":"user-1","attributes":{{"role":"host"}},"duration":720,"capabilities":["PUBLISH","SUBSCRIBE"],"expirationTime":"2026-12-01T00:00:00Z"}}]}}"#,
            stage()
        )
        .into_bytes()
    }
}

/// The in-process cases.
#[derive(Debug, Clone, Copy)]
pub enum Case {
    ListStages10,
    GetStage,
    CreateStageWithToken,
    ListStages1000,
}

impl Case {
    const ALL: [Case; 4] = [
        Case::ListStages10,
        Case::GetStage,
        Case::CreateStageWithToken,
        Case::ListStages1000,
    ];

    fn label(self) -> &'static str {
        match self {
            Case::ListStages10 => "ListStages, 10 stages",
            Case::GetStage => "GetStage",
            Case::CreateStageWithToken => "CreateStage + 1 participant token",
            Case::ListStages1000 => "ListStages, 1000 stages",
        }
    }

    fn body(self) -> Vec<u8> {
        match self {
            Case::ListStages10 => bodies::list_stages(10),
            Case::GetStage => bodies::get_stage(),
            Case::CreateStageWithToken => bodies::create_stage(),
            Case::ListStages1000 => bodies::list_stages(1000),
        }
    }

    /// Calls per sample (a sample lasts tens of milliseconds).
    fn calls(self) -> usize {
        match self {
            Case::ListStages1000 => 100,
            _ => 3000,
        }
    }
}

pub const STAGE_ARN: &str = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD0001";

/// This SDK with an in-process client answering with `body`.
mod ours {
    use super::Case;
    use generated_sdk::config::RetryConfig;
    use generated_sdk::error::ConnectorError;
    use generated_sdk::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse};
    use generated_sdk::types::{ParticipantTokenCapability, ParticipantTokenConfiguration};
    use generated_sdk::{Client, Config, Credentials, Region};
    use std::sync::Arc;

    #[derive(Debug)]
    struct Canned(Arc<Vec<u8>>);

    impl HttpClient for Canned {
        fn call(&self, _r: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
            let body = self.0.to_vec();
            Box::pin(async move {
                Ok(HttpResponse {
                    status: 200,
                    headers: vec![
                        ("content-type".into(), "application/json".into()),
                        (
                            "x-amzn-requestid".into(),
                            "3f0a7e2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f".into(),
                        ),
                    ],
                    body,
                })
            })
        }
    }

    pub fn client(body: Arc<Vec<u8>>) -> Client {
        Client::from_conf(
            Config::builder()
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
                .retry_config(RetryConfig::disabled())
                .http_client(Canned(body))
                .build(),
        )
    }

    pub fn endpoint_client(url: &str) -> Client {
        Client::from_conf(
            Config::builder()
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
                .endpoint_url(url)
                .build(),
        )
    }

    pub async fn call(client: &Client, case: Case) -> usize {
        match case {
            Case::ListStages10 | Case::ListStages1000 => {
                client.list_stages().send().await.unwrap().stages.len()
            }
            Case::GetStage => {
                let out = client
                    .get_stage()
                    .arn(super::STAGE_ARN)
                    .send()
                    .await
                    .unwrap();
                out.stage.map_or(0, |s| s.arn.len())
            }
            Case::CreateStageWithToken => {
                let token = ParticipantTokenConfiguration::builder()
                    .user_id("user-1")
                    .capabilities(ParticipantTokenCapability::Publish)
                    .capabilities(ParticipantTokenCapability::Subscribe)
                    .attributes("role", "host")
                    .build();
                let out = client
                    .create_stage()
                    .name("stage-1")
                    .participant_token_configurations(token)
                    .send()
                    .await
                    .unwrap();
                out.participant_tokens.map_or(0, |t| t.len())
            }
        }
    }
}

/// The official SDK with an in-process client answering with `body`.
mod official {
    use super::Case;
    use aws_sdk_ivsrealtime::config::{BehaviorVersion, Credentials, Region};
    use aws_sdk_ivsrealtime::types::{ParticipantTokenCapability, ParticipantTokenConfiguration};
    use aws_sdk_ivsrealtime::Client;
    use aws_smithy_http_client::test_util::infallible_client_fn;
    use std::sync::Arc;

    fn config() -> aws_sdk_ivsrealtime::config::Builder {
        aws_sdk_ivsrealtime::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
    }

    pub fn client(body: Arc<Vec<u8>>) -> Client {
        let http = infallible_client_fn(move |_req| {
            http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .header("x-amzn-requestid", "3f0a7e2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
                .body(body.to_vec())
                .unwrap()
        });
        Client::from_conf(
            config()
                .retry_config(aws_sdk_ivsrealtime::config::retry::RetryConfig::disabled())
                .http_client(http)
                .build(),
        )
    }

    pub fn endpoint_client(url: &str) -> Client {
        Client::from_conf(config().endpoint_url(url).build())
    }

    pub async fn call(client: &Client, case: Case) -> usize {
        match case {
            Case::ListStages10 | Case::ListStages1000 => {
                client.list_stages().send().await.unwrap().stages.len()
            }
            Case::GetStage => {
                let out = client
                    .get_stage()
                    .arn(super::STAGE_ARN)
                    .send()
                    .await
                    .unwrap();
                out.stage.map_or(0, |s| s.arn.len())
            }
            Case::CreateStageWithToken => {
                let token = ParticipantTokenConfiguration::builder()
                    .user_id("user-1")
                    .capabilities(ParticipantTokenCapability::Publish)
                    .capabilities(ParticipantTokenCapability::Subscribe)
                    .attributes("role", "host")
                    .build();
                let out = client
                    .create_stage()
                    .name("stage-1")
                    .participant_token_configurations(token)
                    .send()
                    .await
                    .unwrap();
                out.participant_tokens.map_or(0, |t| t.len())
            }
        }
    }
}

/// The median of `values` (sorted in place).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Microseconds per call of one sample of `calls` calls.
fn sample(
    runtime: &tokio::runtime::Runtime,
    calls: usize,
    side: usize,
    case: Case,
    clients: &Clients,
) -> f64 {
    let mut sink = 0usize;
    let start = Instant::now();
    match side {
        0 => runtime.block_on(async {
            for _ in 0..calls {
                sink += ours::call(&clients.ours, case).await;
            }
        }),
        1 => runtime.block_on(async {
            for _ in 0..calls {
                sink += official::call(&clients.official, case).await;
            }
        }),
        _ => {
            for _ in 0..calls {
                sink += clients.floor.call(case);
            }
        }
    }
    let elapsed = start.elapsed();
    std::hint::black_box(sink);
    elapsed.as_secs_f64() * 1e6 / calls as f64
}

struct Clients {
    ours: generated_sdk::Client,
    official: aws_sdk_ivsrealtime::Client,
    floor: floor::Floor,
}

const SIDES: [&str; 3] = ["generated-sdk", "official", "floor"];

fn inproc(rounds: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("### In-process (fixed bytes), medians of {rounds} interleaved rounds\n");
    println!("| per call | generated-sdk | official | floor | ours / floor | official / ours |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for case in Case::ALL {
        let body = Arc::new(case.body());
        let clients = Clients {
            ours: ours::client(body.clone()),
            official: official::client(body.clone()),
            floor: floor::Floor::new(body),
        };
        // Warm-up: caches, signing keys, allocator.
        for side in 0..3 {
            sample(&runtime, case.calls() / 10 + 1, side, case, &clients);
        }
        let mut times = [Vec::new(), Vec::new(), Vec::new()];
        for round in 0..rounds {
            for k in 0..3 {
                let side = (round + k) % 3;
                times[side].push(sample(&runtime, case.calls(), side, case, &clients));
            }
        }
        let [ours, official, floor] = times.map(|mut t| median(&mut t));
        println!(
            "| {} | {ours:.1} µs | {official:.1} µs | {floor:.1} µs | {:.2}× | {:.2}× |",
            case.label(),
            ours / floor,
            official / ours
        );
    }
    println!();
}

/// `profile SIDE CASE CALLS`: only `CALLS` calls of one side and case (for callgrind or perf;
/// SIDE is ours, official or floor; CASE is list10, get, create or list1000).
fn profile(args: &[String]) {
    let side = SIDES
        .iter()
        .position(|s| args[0] == *s || (args[0] == "ours" && *s == "generated-sdk"))
        .expect("side: ours, official or floor");
    let case = match args[1].as_str() {
        "list10" => Case::ListStages10,
        "get" => Case::GetStage,
        "create" => Case::CreateStageWithToken,
        "list1000" => Case::ListStages1000,
        other => panic!("unknown case {other}"),
    };
    let calls: usize = args[2].parse().expect("calls");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = Arc::new(case.body());
    let clients = Clients {
        ours: ours::client(body.clone()),
        official: official::client(body.clone()),
        floor: floor::Floor::new(body),
    };
    println!(
        "{:.2} µs per call",
        sample(&runtime, calls, side, case, &clients)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|r| r.parse().ok());
    match args.first().map(String::as_str) {
        Some("inproc") => inproc(rounds.unwrap_or(9)),
        Some("loopback") => loopback::driver(rounds.unwrap_or(5)),
        Some("all") | None => {
            inproc(rounds.unwrap_or(9));
            loopback::driver(rounds.unwrap_or(5));
        }
        Some("profile") => profile(&args[1..]),
        Some("serve") => loopback::serve(),
        Some("client") => loopback::client(&args[1..]),
        Some(other) => {
            eprintln!("unknown command {other:?}; see the source's doc comment");
            std::process::exit(2);
        }
    }
}

pub use official::call as official_call;
pub use official::endpoint_client as official_endpoint_client;
pub use ours::call as ours_call;
pub use ours::endpoint_client as ours_endpoint_client;
