//! A custom credentials provider: the README's "Credentials" section shows this program.

use generated_sdk::credentials::{CredentialsError, ProvideCredentials};
use generated_sdk::http::BoxFuture;
use generated_sdk::{Client, Config, Credentials, Region};
use std::time::{Duration, SystemTime};

/// Credentials from a vault of your own; they expire, so the SDK asks again before they do.
#[derive(Debug)]
struct Vault;

impl ProvideCredentials for Vault {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async {
            // ... fetch them; an error here fails the request that needed them.
            Ok(
                Credentials::new("AKIDEXAMPLE", "SECRET", Some("TOKEN".into()))
                    .with_expiry(SystemTime::now() + Duration::from_secs(3600)),
            )
        })
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env() // region, endpoint overrides
        .region(Region::new("us-east-1"))
        .credentials_provider(Vault) // instead of the default chain
        .build();
    let client = Client::from_conf(config);
    println!("{:?}", client.list_stages().send().await?);
    Ok(())
}
