//! Credentials and the providers that find them where applications run.
//!
//! * [`Credentials`]: an access key pair, optional session token and expiry. Static
//!   credentials are themselves a provider.
//! * [`DefaultCredentialsChain`]: what [`Config::from_env`](crate::config::Config::from_env)
//!   uses. In order: [`EnvironmentVariableCredentialsProvider`],
//!   [`WebIdentityTokenCredentialsProvider`] (from the environment),
//!   [`ProfileFileCredentialsProvider`] (static keys, `role_arn` chains, SSO,
//!   `credential_process`, web identity in a profile), [`ContainerCredentialsProvider`] (ECS,
//!   EKS Pod Identity) and [`ImdsCredentialsProvider`] (EC2 instance metadata, IMDSv2).
//!   A source that has no credentials passes on to the next; a misconfigured or failing one
//!   stops the chain with its error.
//! * [`ProvideCredentials`]: implement it for a custom source.
//!
//! The request pipeline caches what a provider returns and asks again shortly before the
//! credentials expire: once, however many requests wait for them at that moment. When that
//! refresh fails while the old credentials are still valid, they keep being used.
//!
//! STS (`AssumeRole`, `AssumeRoleWithWebIdentity`) and the SSO portal are called at the
//! endpoints the official SDKs would use, including their overrides: `AWS_ENDPOINT_URL_STS` /
//! `AWS_ENDPOINT_URL_SSO`, then `AWS_ENDPOINT_URL`, then the profile's `services` section, then
//! its `endpoint_url` (none of them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`).
//!
//! `Debug` of every provider and error here shows no secret key, session token, web identity
//! token, SSO access token or container authorization token.

mod cache;
mod chain;
mod container;
mod environment;
mod fetch;
mod imds;
mod process;
mod profile;
mod sso;
mod sts;
mod web_identity;

#[cfg(test)]
pub(crate) mod test_support {
    //! What the credentials tests share.

    use std::collections::HashMap;

    /// A secret key, never to be seen in `Debug` or errors.
    pub(crate) const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    /// A session token, never to be seen in `Debug` or errors.
    pub(crate) const TOKEN: &str = "SESSIONTOKENVALUE";

    /// Environment variables from pairs.
    pub(crate) fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Runs `f` on a fresh current-thread runtime (timers and I/O enabled).
    pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(f)
    }
}

pub(crate) use cache::CredentialsCache;
pub use chain::DefaultCredentialsChain;
pub use container::ContainerCredentialsProvider;
pub use environment::EnvironmentVariableCredentialsProvider;
pub use imds::ImdsCredentialsProvider;
pub use process::CredentialProcessProvider;
pub use profile::ProfileFileCredentialsProvider;
pub use sso::SsoCredentialsProvider;
pub use sts::AssumeRoleProvider;
pub use web_identity::WebIdentityTokenCredentialsProvider;

use crate::http::BoxFuture;
use std::time::SystemTime;

/// AWS credentials. `Debug` never shows the secret key or session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiry", &self.expiry)
            .finish()
    }
}

impl Credentials {
    /// Static credentials.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// The same credentials, valid until `expiry` (temporary credentials).
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The access key id, e.g. `AKIDEXAMPLE`.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials stop being valid; `None` for long-term credentials.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

/// What kind of failure a [`CredentialsError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    NotLoaded,
    InvalidConfiguration,
    ProviderError,
}

/// The error of a credentials provider.
///
/// [`CredentialsError::not_loaded`] means "this source has no credentials": a chain then tries
/// its next source. Any other error stops the chain.
#[derive(Debug)]
pub struct CredentialsError {
    kind: ErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl CredentialsError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// This source has no credentials (e.g. the variables are not set); a chain moves on.
    pub fn not_loaded(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotLoaded, message)
    }

    /// This source is configured, but wrongly (e.g. a key id without its secret).
    pub fn invalid_configuration(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidConfiguration, message)
    }

    /// This source failed (I/O error, remote failure, ...).
    pub fn provider_error(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ProviderError, message)
    }

    /// Attaches the underlying error (returned by [`std::error::Error::source`]).
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// Whether this is a [`CredentialsError::not_loaded`] error.
    pub fn is_not_loaded(&self) -> bool {
        self.kind == ErrorKind::NotLoaded
    }

    /// The message, without the kind prefix of `Display`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prefix = match self.kind {
            ErrorKind::NotLoaded => "no credentials loaded",
            ErrorKind::InvalidConfiguration => "invalid credentials configuration",
            ErrorKind::ProviderError => "credentials provider failed",
        };
        write!(f, "{prefix}: {}", self.message)
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// A source of credentials. Implement it for custom providers.
pub trait ProvideCredentials: Send + Sync + std::fmt::Debug {
    /// Returns current credentials.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;

    /// What traces call this provider: by default its Rust type name. Only this name is
    /// recorded when credentials are loaded, never the provider's `Debug` nor any value.
    fn provider_name(&self) -> &'static str {
        std::any::type_name::<Self>()
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for std::sync::Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }

    fn provider_name(&self) -> &'static str {
        (**self).provider_name()
    }
}

/// What a provider's synchronous part returns.
pub(crate) type LoadResult<T = Credentials> = Result<T, CredentialsError>;

/// Runs blocking work (file reads, a child process) on Tokio's blocking pool when a Tokio
/// runtime is running (so it never stalls the executor's threads), else right here.
pub(crate) async fn off_the_executor<T: Send + 'static>(
    what: &'static str,
    load: impl FnOnce() -> LoadResult<T> + Send + 'static,
) -> LoadResult<T> {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle.spawn_blocking(load).await.unwrap_or_else(|e| {
            Err(CredentialsError::provider_error(format!(
                "{what}: the blocking task failed: {e}"
            )))
        }),
        Err(_) => load(),
    }
}

/// An ISO 8601 expiration (`2024-01-01T00:00:00Z`) as a `SystemTime`; the error names `what`.
pub(crate) fn parse_expiration(value: &str, what: &str) -> LoadResult<SystemTime> {
    crate::primitives::DateTime::from_iso8601(value.trim())
        .ok()
        .and_then(|t| t.to_system_time())
        .ok_or_else(|| {
            CredentialsError::provider_error(format!(
                "{what}: the expiration {value:?} is not an ISO 8601 timestamp"
            ))
        })
}

/// Credentials from the JSON members that the container endpoint, IMDS and
/// `credential_process` share (`AccessKeyId`, `SecretAccessKey`, the token, `Expiration`).
/// Errors name `what` and the missing member, never a value.
pub(crate) fn credentials_from_json(
    json: &serde_json::Value,
    token_key: &str,
    expiration_required: bool,
    what: &str,
) -> LoadResult {
    let member = |key: &str| json.get(key).and_then(serde_json::Value::as_str);
    let required = |key: &str| {
        member(key).filter(|v| !v.is_empty()).ok_or_else(|| {
            CredentialsError::provider_error(format!("{what}: the response has no `{key}`"))
        })
    };
    let mut credentials = Credentials::new(
        required("AccessKeyId")?,
        required("SecretAccessKey")?,
        member(token_key)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
    );
    match member("Expiration") {
        Some(expiration) => {
            credentials = credentials.with_expiry(parse_expiration(expiration, what)?);
        }
        None if expiration_required => {
            return Err(CredentialsError::provider_error(format!(
                "{what}: the response has no `Expiration`"
            )))
        }
        None => {}
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{block_on, map, SECRET, TOKEN};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn accessors_and_debug_redaction() {
        let expiry = SystemTime::UNIX_EPOCH + Duration::from_secs(10);
        let c = Credentials::new("AKID", SECRET, Some(TOKEN.to_string())).with_expiry(expiry);
        assert_eq!(c.access_key_id(), "AKID");
        assert_eq!(c.secret_access_key(), SECRET);
        assert_eq!(c.session_token(), Some(TOKEN));
        assert_eq!(c.expiry(), Some(expiry));
        let debug = format!("{c:?} {c:#?}");
        assert!(debug.contains("AKID"));
        assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");

        // Nor through the providers and the cache.
        let env = EnvironmentVariableCredentialsProvider::from_env_map(map(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ]));
        let cache = CredentialsCache::new(Arc::new(env.clone()));
        block_on(cache.get()).unwrap();
        let debug = format!("{cache:?} {:?}", block_on(env.provide_credentials()));
        assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");
    }

    #[test]
    fn error_kinds_and_display() {
        let e = CredentialsError::not_loaded("nothing here");
        assert!(e.is_not_loaded());
        assert_eq!(e.to_string(), "no credentials loaded: nothing here");
        let e = CredentialsError::provider_error("boom").with_source(std::io::Error::other("disk"));
        assert!(!e.is_not_loaded());
        assert_eq!(e.to_string(), "credentials provider failed: boom");
        assert_eq!(std::error::Error::source(&e).unwrap().to_string(), "disk");
        assert!(CredentialsError::invalid_configuration("x")
            .to_string()
            .starts_with("invalid credentials configuration"));
    }
}
