//! Creates a stage, mints a participant token for it, lists the participants of the stage's
//! sessions across pages, and deletes the stage again (also when a step in between fails).
//!
//! Configuration comes from the usual environment: `AWS_REGION` (or `AWS_DEFAULT_REGION`, or the
//! active profile's region), credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/
//! `AWS_SESSION_TOKEN` or the shared `credentials`/`config` files (`AWS_PROFILE`), and an optional
//! `AWS_ENDPOINT_URL` (e.g. a local test server).
//!
//! ```text
//! AWS_REGION=us-east-1 cargo run -p generated-sdk --example stage_lifecycle
//! ```

use generated_sdk::types::ParticipantTokenCapability;
use generated_sdk::{Client, Config};
use std::error::Error;

type BoxError = Box<dyn Error + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    let client = Client::from_conf(Config::from_env().build());

    let created = client
        .create_stage()
        .name("sdk-example-stage")
        .tags("purpose", "example")
        .send()
        .await?;
    let stage = created.stage.ok_or("CreateStage returned no stage")?;
    println!("created stage {}", stage.arn);

    let result = use_stage(&client, &stage.arn).await;

    client.delete_stage().arn(&stage.arn).send().await?;
    println!("deleted stage {}", stage.arn);
    result
}

/// Mints a token and lists the participants of every session of the stage.
async fn use_stage(client: &Client, stage_arn: &str) -> Result<(), BoxError> {
    let token = client
        .create_participant_token()
        .stage_arn(stage_arn)
        .user_id("example-user")
        .capabilities(ParticipantTokenCapability::Publish)
        .capabilities(ParticipantTokenCapability::Subscribe)
        .duration(60)
        .send()
        .await?;
    if let Some(token) = token.participant_token {
        // The token itself is a secret: its `Debug` output is redacted, so it is safe to print.
        println!("minted {token:?}");
    }

    let mut sessions = client
        .list_stage_sessions()
        .stage_arn(stage_arn)
        .into_paginator()
        .items()
        .send();
    while let Some(session) = sessions.next().await {
        let Some(session_id) = session?.session_id else {
            continue;
        };
        let mut participants = client
            .list_participants()
            .stage_arn(stage_arn)
            .session_id(&session_id)
            .into_paginator()
            .page_size(50)
            .items()
            .send();
        while let Some(participant) = participants.next().await {
            let participant = participant?;
            println!(
                "session {session_id}: participant {} ({:?})",
                participant.participant_id.as_deref().unwrap_or("-"),
                participant.state
            );
        }
    }
    Ok(())
}
