//! Credentials and credential providers. STUB: contract below.

use crate::runtime::http::BoxFuture;
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
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
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
}

/// The error of a credentials provider.
#[derive(Debug)]
pub struct CredentialsError {
    message: String,
}

impl std::fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// A source of credentials. Implement it for custom providers.
pub trait ProvideCredentials: Send + Sync + std::fmt::Debug {
    /// Returns current credentials.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }
}

/// Caches credentials from a provider and refreshes them shortly before they expire.
/// Used by the request pipeline.
#[derive(Debug)]
pub(crate) struct CredentialsCache {
    provider: std::sync::Arc<dyn ProvideCredentials>,
}

impl CredentialsCache {
    /// A cache over `provider`.
    pub(crate) fn new(provider: std::sync::Arc<dyn ProvideCredentials>) -> Self {
        Self { provider }
    }
    /// Current credentials: cached ones unless absent or expiring within 5 minutes.
    pub(crate) async fn get(&self) -> Result<Credentials, CredentialsError> {
        self.provider.provide_credentials().await
    }
}
