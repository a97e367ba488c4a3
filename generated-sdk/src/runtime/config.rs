//! Client configuration. STUB: contract below (builder shape like the official SDK's).

use crate::runtime::credentials::ProvideCredentials;
use std::borrow::Cow;
use std::sync::Arc;

/// An AWS region, e.g. `us-east-1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region by name.
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Region(region.into())
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Configuration of a [`Client`](crate::Client).
#[derive(Debug, Clone)]
pub struct Config {
    region: Option<Region>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
}

impl Config {
    /// A builder.
    pub fn builder() -> Builder {
        Builder::default()
    }
    /// The region.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }
}

/// Builder for [`Config`].
#[derive(Debug, Default)]
pub struct Builder {
    region: Option<Region>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
}

impl Builder {
    /// Sets the region.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }
    /// Sets the credentials provider (static [`Credentials`](crate::Credentials) work too).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider = Some(Arc::new(provider));
        self
    }
    /// Overrides the endpoint (plain `http://` allowed, e.g. a local test server).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }
    /// Builds the configuration.
    pub fn build(self) -> Config {
        Config {
            region: self.region,
            credentials_provider: self.credentials_provider,
            endpoint_url: self.endpoint_url,
        }
    }
}
