//! Turning on the SDK's tracing: the SDK emits `tracing` spans and events (a span per
//! operation with the service, operation and region; a span per attempt; events for the
//! endpoint chosen, credential loading (which provider, never the values), each retry with its
//! reason and backoff, and the outcome). They cost nothing until a subscriber is installed;
//! this example installs `tracing-subscriber`'s formatter at DEBUG level and makes one call.
//!
//! ```text
//! AWS_REGION=us-east-1 cargo run -p generated-sdk --example tracing
//! ```

use generated_sdk::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .init();
    let client = Client::from_conf(Config::from_env().build());
    let output = client.list_stages().max_results(5).send().await?;
    println!("{} stage(s)", output.stages().len());
    Ok(())
}
