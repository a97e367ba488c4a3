//! The default chain of credential sources.

use super::{
    ContainerCredentialsProvider, Credentials, CredentialsError,
    EnvironmentVariableCredentialsProvider, ImdsCredentialsProvider, LoadResult,
    ProfileFileCredentialsProvider, ProvideCredentials, WebIdentityTokenCredentialsProvider,
};
use crate::http::BoxFuture;
use crate::profile::Env;
use std::collections::HashMap;

/// The default chain, in the order of the official SDKs:
///
/// 1. [`EnvironmentVariableCredentialsProvider`] (`AWS_ACCESS_KEY_ID`, ...);
/// 2. [`WebIdentityTokenCredentialsProvider`] (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`);
/// 3. [`ProfileFileCredentialsProvider`] (`AWS_PROFILE` in `~/.aws/config` and
///    `~/.aws/credentials`: keys, roles, SSO, `credential_process`, web identity);
/// 4. [`ContainerCredentialsProvider`] (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or
///    `..._FULL_URI`: ECS, EKS Pod Identity);
/// 5. [`ImdsCredentialsProvider`] (EC2 instance metadata).
///
/// A source that has no credentials passes on to the next; when none has any, the error lists
/// what each source reported. A misconfigured or failing source stops the chain with its error.
#[derive(Debug, Clone)]
pub struct DefaultCredentialsChain {
    environment: EnvironmentVariableCredentialsProvider,
    web_identity: WebIdentityTokenCredentialsProvider,
    profile: ProfileFileCredentialsProvider,
    container: ContainerCredentialsProvider,
    imds: ImdsCredentialsProvider,
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl DefaultCredentialsChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::with_env(Env::process(), None)
    }

    /// The chain over `vars` instead of the process environment.
    pub fn from_env_map(vars: HashMap<String, String>) -> Self {
        Self::with_env(Env::from_map(vars), None)
    }

    /// STS calls (roles, web identity) go to `region`'s endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        let region = region.into();
        self.web_identity = self.web_identity.region(region.clone());
        self.profile = self.profile.region(region);
        self
    }

    /// The chain over `env`, calling STS in `region` (when known).
    pub(crate) fn with_env(env: Env, region: Option<String>) -> Self {
        Self {
            environment: EnvironmentVariableCredentialsProvider::with_env(env.clone()),
            web_identity: WebIdentityTokenCredentialsProvider::with_env(
                env.clone(),
                region.clone(),
            ),
            profile: ProfileFileCredentialsProvider::with_env(env.clone(), region),
            container: ContainerCredentialsProvider::with_env(env.clone()),
            imds: ImdsCredentialsProvider::with_env(env),
        }
    }

    async fn load(&self) -> LoadResult {
        let sources: [(&str, &dyn ProvideCredentials); 5] = [
            ("environment", &self.environment),
            ("web identity", &self.web_identity),
            ("profile files", &self.profile),
            ("container", &self.container),
            ("instance metadata", &self.imds),
        ];
        let mut tried = Vec::with_capacity(sources.len());
        for (source, provider) in sources {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(source, "the default chain found credentials");
                    return Ok(credentials);
                }
                Err(e) if e.is_not_loaded() => tried.push(format!("{source}: {}", e.message())),
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::not_loaded(format!(
            "no credentials in the default chain; tried {}",
            tried.join("; ")
        )))
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::block_on;
    use crate::profile::tests::TempDir;

    /// The variables `pairs`, with instance metadata disabled: no test sends anything
    /// beyond loopback.
    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .chain(&[("AWS_EC2_METADATA_DISABLED", "true")])
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn default_chain() {
        let dir = TempDir::new("chain");
        let creds = dir.write(
            "credentials",
            "[default]\naws_access_key_id=P\naws_secret_access_key=ps\n",
        );
        let files = [
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
            ("AWS_CONFIG_FILE", "/nonexistent/config"),
        ];

        // Environment first.
        let mut pairs = files.to_vec();
        pairs.extend([("AWS_ACCESS_KEY_ID", "E"), ("AWS_SECRET_ACCESS_KEY", "es")]);
        let c = block_on(DefaultCredentialsChain::from_env_map(map(&pairs)).provide_credentials());
        assert_eq!(c.unwrap().access_key_id(), "E");

        // The profile files are not read when the environment has credentials (a directory
        // as config file would be a read error).
        let dir_path = dir.0.to_str().unwrap();
        let eager = [
            ("AWS_CONFIG_FILE", dir_path),
            ("AWS_ACCESS_KEY_ID", "E"),
            ("AWS_SECRET_ACCESS_KEY", "es"),
        ];
        let c = block_on(DefaultCredentialsChain::from_env_map(map(&eager)).provide_credentials());
        assert_eq!(c.unwrap().access_key_id(), "E");
        let e =
            block_on(DefaultCredentialsChain::from_env_map(map(&eager[..1])).provide_credentials())
                .unwrap_err();
        assert!(
            !e.is_not_loaded() && e.to_string().contains("cannot read"),
            "{e}"
        );

        // Then the profile.
        let c = block_on(DefaultCredentialsChain::from_env_map(map(&files)).provide_credentials());
        assert_eq!(c.unwrap().access_key_id(), "P");

        // Nothing: the error lists every source.
        let e = block_on(
            DefaultCredentialsChain::from_env_map(map(&[("AWS_CONFIG_FILE", "/nonexistent/c")]))
                .provide_credentials(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(e.is_not_loaded());
        for source in [
            "environment: ",
            "web identity: ",
            "profile files: ",
            "container: ",
            "instance metadata: ",
        ] {
            assert!(msg.contains(source), "{source} in {msg}");
        }
        assert!(
            msg.contains("AWS_ACCESS_KEY_ID") && msg.contains("/nonexistent/c"),
            "{msg}"
        );
    }
}
