//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::http::BoxFuture;
use crate::profile::Env;
use std::collections::HashMap;

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (optional)
/// `AWS_SESSION_TOKEN`. Empty variables count as unset.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentVariableCredentialsProvider {
    env: Env,
}

impl EnvironmentVariableCredentialsProvider {
    /// Reads the process environment (at each call).
    pub fn new() -> Self {
        Self {
            env: Env::process(),
        }
    }

    /// Reads `vars` instead of the process environment.
    pub fn from_env_map(vars: HashMap<String, String>) -> Self {
        Self {
            env: Env::from_map(vars),
        }
    }

    pub(crate) fn with_env(env: Env) -> Self {
        Self { env }
    }

    pub(crate) fn load(&self) -> Result<Credentials, CredentialsError> {
        let key = self.env.get_non_empty("AWS_ACCESS_KEY_ID");
        let secret = self.env.get_non_empty("AWS_SECRET_ACCESS_KEY");
        match (key, secret) {
            (Some(key), Some(secret)) => Ok(Credentials::new(
                key.trim(),
                secret.trim(),
                self.env
                    .get_non_empty("AWS_SESSION_TOKEN")
                    .map(|t| t.trim().to_string()),
            )),
            (None, None) => Err(CredentialsError::not_loaded(
                "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            )),
            (Some(_), None) => Err(CredentialsError::not_loaded(
                "environment variable AWS_SECRET_ACCESS_KEY is not set (AWS_ACCESS_KEY_ID is)",
            )),
            (None, Some(_)) => Err(CredentialsError::not_loaded(
                "environment variable AWS_ACCESS_KEY_ID is not set (AWS_SECRET_ACCESS_KEY is)",
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentVariableCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{block_on, map, SECRET, TOKEN};

    #[test]
    fn environment_provider() {
        let p = EnvironmentVariableCredentialsProvider::from_env_map(map(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", ""),
        ]));
        let c = block_on(p.provide_credentials()).unwrap();
        assert_eq!(c, Credentials::new("AKID", SECRET, None));

        let p = EnvironmentVariableCredentialsProvider::from_env_map(map(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ]));
        assert_eq!(
            block_on(p.provide_credentials()).unwrap().session_token(),
            Some(TOKEN)
        );

        let e = block_on(
            EnvironmentVariableCredentialsProvider::from_env_map(map(&[])).provide_credentials(),
        )
        .unwrap_err();
        assert!(e.is_not_loaded());
        assert!(e.to_string().contains("AWS_ACCESS_KEY_ID"));

        let e = block_on(
            EnvironmentVariableCredentialsProvider::from_env_map(map(&[
                ("AWS_ACCESS_KEY_ID", "AKID"),
                ("AWS_SECRET_ACCESS_KEY", "  "),
            ]))
            .provide_credentials(),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("AWS_SECRET_ACCESS_KEY is not set"),
            "{e}"
        );
    }
}
