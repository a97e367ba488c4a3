//! Server-side composition: mixes the participants of a stage into one video and broadcasts it
//! to an IVS channel. Creates an encoder configuration (1280×720 at 30 fps), starts a
//! composition of the stage into the channel with it, lists the stage's compositions across
//! pages, then stops the composition and deletes the encoder configuration (also when a step in
//! between fails).
//!
//! Arguments: the stage ARN and the channel ARN (an IVS low-latency channel in the same region).
//! Configuration comes from the usual environment: `AWS_REGION`, the default credentials chain,
//! and an optional `AWS_ENDPOINT_URL` (e.g. a local test server).
//!
//! ```text
//! AWS_REGION=us-east-1 cargo run -p generated-sdk --example composition -- STAGE_ARN CHANNEL_ARN
//! ```

use generated_sdk::types::{ChannelDestinationConfiguration, DestinationConfiguration, Video};
use generated_sdk::{Client, Config};
use std::error::Error;

type BoxError = Box<dyn Error + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let (Some(stage_arn), Some(channel_arn)) = (args.next(), args.next()) else {
        return Err("usage: composition STAGE_ARN CHANNEL_ARN".into());
    };
    let client = Client::from_conf(Config::from_env().build());

    let encoder = client
        .create_encoder_configuration()
        .name("sdk-example-720p30")
        .video(
            Video::builder()
                .width(1280)
                .height(720)
                .framerate(30.0)
                .bitrate(2_500_000)
                .build(),
        )
        .tags("purpose", "example")
        .send()
        .await?
        .encoder_configuration
        .ok_or("CreateEncoderConfiguration returned no configuration")?;
    println!("created encoder configuration {}", encoder.arn);

    let result = compose(&client, &stage_arn, &channel_arn, &encoder.arn).await;

    client
        .delete_encoder_configuration()
        .arn(&encoder.arn)
        .send()
        .await?;
    println!("deleted encoder configuration {}", encoder.arn);
    result
}

/// Starts the composition, lists the stage's compositions, stops it.
async fn compose(
    client: &Client,
    stage_arn: &str,
    channel_arn: &str,
    encoder_arn: &str,
) -> Result<(), BoxError> {
    // No idempotency token is set: the SDK sends a fresh UUID, the same on every retry.
    let composition = client
        .start_composition()
        .stage_arn(stage_arn)
        .destinations(
            DestinationConfiguration::builder()
                .name("broadcast")
                .channel(
                    ChannelDestinationConfiguration::builder()
                        .channel_arn(channel_arn)
                        .encoder_configuration_arn(encoder_arn)
                        .build()?,
                )
                .build(),
        )
        .send()
        .await?
        .composition
        .ok_or("StartComposition returned no composition")?;
    println!(
        "started composition {} ({})",
        composition.arn, composition.state
    );

    // Every composition of the stage, a page of 10 at a time.
    let mut compositions = client
        .list_compositions()
        .filter_by_stage_arn(stage_arn)
        .into_paginator()
        .page_size(10)
        .items()
        .send();
    while let Some(summary) = compositions.next().await {
        let summary = summary?;
        println!("  {} {}", summary.arn, summary.state);
    }

    client
        .stop_composition()
        .arn(&composition.arn)
        .send()
        .await?;
    println!("stopped composition {}", composition.arn);
    Ok(())
}
