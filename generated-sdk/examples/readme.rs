//! The README's example (`tests/readme.rs` checks that README.md shows exactly this file).

use generated_sdk::types::ParticipantTokenCapability;
use generated_sdk::{Client, Config, Credentials, Region};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Explicit configuration (or `Config::from_env().build()` for AWS_REGION, the
    // default credentials chain and AWS_ENDPOINT_URL).
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .build();
    let client = Client::from_conf(config);

    let stage = client
        .create_stage()
        .name("demo")
        .tags("team", "video")
        .send()
        .await?;
    let arn = stage.stage.expect("a created stage").arn;

    let token = client
        .create_participant_token()
        .stage_arn(&arn)
        .capabilities(ParticipantTokenCapability::Publish)
        .send()
        .await?;
    println!("{:?}", token.participant_token); // the token itself is redacted in Debug

    // Every page, then every item.
    let mut stages = client.list_stages().into_paginator().items().send();
    while let Some(summary) = stages.next().await {
        println!("{}", summary?.arn);
    }

    // Errors are typed per operation.
    match client.get_stage().arn(&arn).send().await {
        Ok(out) => println!("{:?}", out.stage),
        Err(err) => match err.as_service_error() {
            Some(e) if e.is_resource_not_found_exception() => println!("gone"),
            _ => return Err(err.into()),
        },
    }
    client.delete_stage().arn(&arn).send().await?;
    Ok(())
}
