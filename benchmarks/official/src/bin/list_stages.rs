//! Baseline for `benchmarks/run.sh`: the same program as
//! `generated-sdk/examples/list_stages.rs`, written against the official
//! `aws-sdk-ivsrealtime`.
//!
//! Region and credentials come from the environment via `aws-config`
//! (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, profiles, ...).
//! `AWS_ENDPOINT_URL`, when set, overrides the service endpoint.
//! Prints one stage ARN per line.

use aws_config::BehaviorVersion;
use aws_sdk_ivsrealtime::error::DisplayErrorContext;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let shared = aws_config::load_defaults(BehaviorVersion::latest()).await;

    let mut conf = aws_sdk_ivsrealtime::config::Builder::from(&shared);
    if let Ok(url) = std::env::var("AWS_ENDPOINT_URL") {
        if !url.is_empty() {
            conf = conf.endpoint_url(url);
        }
    }
    let client = aws_sdk_ivsrealtime::Client::from_conf(conf.build());

    let mut next_token: Option<String> = None;
    loop {
        let out = match client
            .list_stages()
            .set_next_token(next_token.take())
            .send()
            .await
        {
            Ok(out) => out,
            Err(err) => {
                eprintln!("ListStages failed: {}", DisplayErrorContext(&err));
                return ExitCode::FAILURE;
            }
        };
        for stage in out.stages() {
            println!("{}", stage.arn());
        }
        match out.next_token() {
            Some(token) if !token.is_empty() => next_token = Some(token.to_owned()),
            _ => break,
        }
    }
    ExitCode::SUCCESS
}
