//! Lists every stage in the account and region, across pages, with its tags.
//!
//! Configuration comes from the usual environment: `AWS_REGION` (or `AWS_DEFAULT_REGION`, or the
//! active profile's region), credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/
//! `AWS_SESSION_TOKEN` or the shared `credentials`/`config` files (`AWS_PROFILE`), and an optional
//! `AWS_ENDPOINT_URL` (e.g. a local test server).
//!
//! ```text
//! AWS_REGION=us-east-1 cargo run -p generated-sdk --example list_stages
//! ```

use generated_sdk::{Client, Config};
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let client = Client::from_conf(Config::from_env().build());

    let mut stages = client.list_stages().into_paginator().items().send();
    while let Some(stage) = stages.next().await {
        let stage = match stage {
            Ok(stage) => stage,
            Err(err) => {
                eprintln!("ListStages failed: {err}");
                return ExitCode::FAILURE;
            }
        };
        println!("{}\t{}", stage.arn, stage.name.as_deref().unwrap_or("-"));
        let mut tags: Vec<_> = stage.tags.iter().flatten().collect();
        tags.sort();
        for (key, value) in tags {
            println!("\t{key}={value}");
        }
    }
    ExitCode::SUCCESS
}
