//! Web identity (EKS IAM roles for service accounts and other OIDC federations):
//! `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), through STS
//! `AssumeRoleWithWebIdentity`.

use super::fetch::Fetcher;
use super::sts::{assume_role_with_web_identity, StsEndpoint};
use super::{off_the_executor, Credentials, CredentialsError, LoadResult, ProvideCredentials};
use crate::http::BoxFuture;
use crate::profile::Env;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// The largest web identity token read (real ones are a few kB).
const MAX_TOKEN_SIZE: u64 = 64 * 1024;

/// Credentials from STS `AssumeRoleWithWebIdentity`, with the token read from
/// `AWS_WEB_IDENTITY_TOKEN_FILE` at each refresh (the file is rotated) for `AWS_ROLE_ARN`.
///
/// STS is called at `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL` if set, else at the regional
/// endpoint of `AWS_REGION` / `AWS_DEFAULT_REGION`, else at the global one. Without
/// `AWS_WEB_IDENTITY_TOKEN_FILE` it has no credentials; with the file but no role, it is
/// misconfigured. The token is never kept nor shown.
#[derive(Debug, Clone)]
pub struct WebIdentityTokenCredentialsProvider {
    env: Env,
    region: Option<String>,
    fetcher: Fetcher,
}

/// The settings of one web identity source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebIdentity {
    pub(crate) token_file: PathBuf,
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
}

impl Default for WebIdentityTokenCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl WebIdentityTokenCredentialsProvider {
    /// Reads the process environment (at each call).
    pub fn new() -> Self {
        Self::with_env(Env::process(), None)
    }

    /// Reads `vars` instead of the process environment.
    pub fn from_env_map(vars: HashMap<String, String>) -> Self {
        Self::with_env(Env::from_map(vars), None)
    }

    /// Calls the regional STS endpoint of `region` (instead of `AWS_REGION`'s).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    pub(crate) fn with_env(env: Env, region: Option<String>) -> Self {
        Self {
            env,
            region,
            fetcher: Fetcher::new(Duration::from_secs(5)),
        }
    }

    /// The settings from the environment.
    fn settings(&self) -> LoadResult<WebIdentity> {
        let Some(token_file) = self.env.get_non_empty("AWS_WEB_IDENTITY_TOKEN_FILE") else {
            return Err(CredentialsError::not_loaded(
                "environment variable AWS_WEB_IDENTITY_TOKEN_FILE is not set",
            ));
        };
        let Some(role_arn) = self.env.get_non_empty("AWS_ROLE_ARN") else {
            return Err(CredentialsError::invalid_configuration(
                "web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
            ));
        };
        Ok(WebIdentity {
            token_file: PathBuf::from(token_file.trim()),
            role_arn: role_arn.trim().to_string(),
            session_name: self
                .env
                .get_non_empty("AWS_ROLE_SESSION_NAME")
                .map(|s| s.trim().to_string()),
        })
    }

    async fn load(&self) -> LoadResult {
        let settings = self.settings()?;
        let region = self.region.clone().or_else(|| {
            self.env
                .get_non_empty("AWS_REGION")
                .or_else(|| self.env.get_non_empty("AWS_DEFAULT_REGION"))
                .map(|r| r.trim().to_string())
        });
        let endpoint = StsEndpoint::configured(&self.env, None, "", region);
        fetch(&self.fetcher, &endpoint, &settings).await
    }
}

/// Reads the token and calls STS.
pub(crate) async fn fetch(
    fetcher: &Fetcher,
    endpoint: &StsEndpoint,
    settings: &WebIdentity,
) -> LoadResult {
    let path = settings.token_file.clone();
    let token = off_the_executor("web identity", move || read_token(&path)).await?;
    assume_role_with_web_identity(
        fetcher,
        endpoint,
        &token,
        &settings.role_arn,
        settings.session_name.as_deref(),
    )
    .await
}

/// The token in `path` (trimmed), or an error naming the file.
fn read_token(path: &std::path::Path) -> LoadResult<String> {
    use std::io::Read;
    let describe = |e: &dyn std::fmt::Display| {
        CredentialsError::provider_error(format!(
            "web identity: cannot read the token file {}: {e}",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| describe(&e))?;
    let mut text = String::new();
    file.take(MAX_TOKEN_SIZE + 1)
        .read_to_string(&mut text)
        .map_err(|e| describe(&e))?;
    if text.len() as u64 > MAX_TOKEN_SIZE {
        return Err(describe(&format!("larger than {MAX_TOKEN_SIZE} bytes")));
    }
    let token = text.trim();
    if token.is_empty() {
        return Err(describe(&"the file is empty"));
    }
    Ok(token.to_string())
}

impl ProvideCredentials for WebIdentityTokenCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}
