//! Client configuration: region, credentials, endpoint override, retries, timeouts, HTTP client
//! and clock. The shape follows the official AWS SDK for Rust (`Config::builder()...build()`).

use crate::credentials::{DefaultCredentialsChain, ProvideCredentials};
use crate::endpoint::{self, Endpoint, EndpointError, EndpointOrigin, ServiceMetadata};
use crate::http::HttpClient;
use crate::profile::{self, CalledService, EndpointSource, Env, ProfileSet};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// An AWS region, e.g. `us-east-1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region by name.
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Region(region.into())
    }

    /// A region from a `&'static str`, usable in `const` contexts.
    pub const fn from_static(region: &'static str) -> Self {
        Region(Cow::Borrowed(region))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Retry behaviour: the AWS "standard" retry mode.
///
/// An attempt that failed with a throttling error, a transient error (HTTP 500, 502, 503, 504,
/// 429, `RequestTimeout`, ...), a connection error or an attempt timeout is retried after
/// `random(0..1) * min(initial_backoff * 2^(attempt - 1), max_backoff)` (exponential backoff with
/// full jitter), until `max_attempts` attempts were made or the client's retry quota is spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// The standard mode: 3 attempts in all, 1 s initial backoff, 20 s maximum backoff.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// No retries: one attempt only.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Sets the total number of attempts (the first one included). `0` is treated as `1`.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the backoff base: the largest delay before the first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the cap of the delay between two attempts.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The total number of attempts (the first one included).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff base.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The cap of the delay between two attempts.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Timeouts. By default connecting is bounded (3.1 s, like the official SDK) and so is the wait
/// for each piece of a response (60 s, botocore's read timeout), so a stalled server cannot
/// hang a call forever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    operation_attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
}

impl TimeoutConfig {
    /// A builder, starting from the defaults.
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder {
            config: Self::default(),
        }
    }

    /// No timeouts at all (not even for connecting).
    pub fn disabled() -> Self {
        Self {
            connect_timeout: None,
            read_timeout: None,
            operation_attempt_timeout: None,
            operation_timeout: None,
        }
    }

    /// The limit for waiting on the response: for its head after the request was sent, and
    /// between two pieces of its body. A read that exceeds it fails as a timeout and is
    /// retried. Applies to the built-in HTTP client.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.read_timeout
    }

    /// The limit for establishing a connection (TCP and TLS). Applies to the built-in HTTP
    /// client; a custom [`HttpClient`] handles its own.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The limit for one attempt (sending the request and reading the whole response).
    /// An attempt that exceeds it fails as a timeout and is retried.
    pub fn operation_attempt_timeout(&self) -> Option<Duration> {
        self.operation_attempt_timeout
    }

    /// The limit for the whole operation, retries and backoff included.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Some(Duration::from_millis(3100)),
            read_timeout: Some(Duration::from_secs(60)),
            operation_attempt_timeout: None,
            operation_timeout: None,
        }
    }
}

/// Builder for [`TimeoutConfig`].
#[derive(Debug, Clone)]
pub struct TimeoutConfigBuilder {
    config: TimeoutConfig,
}

impl TimeoutConfigBuilder {
    /// Sets the limit for establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = Some(timeout);
        self
    }

    /// Sets or clears the limit for establishing a connection.
    pub fn set_connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Sets the limit for waiting on the response (head, and between body pieces).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.config.read_timeout = Some(timeout);
        self
    }

    /// Sets or clears the limit for waiting on the response.
    pub fn set_read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.read_timeout = timeout;
        self
    }

    /// Sets the limit for one attempt.
    pub fn operation_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_attempt_timeout = Some(timeout);
        self
    }

    /// Sets or clears the limit for one attempt.
    pub fn set_operation_attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.operation_attempt_timeout = timeout;
        self
    }

    /// Sets the limit for the whole operation.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = Some(timeout);
        self
    }

    /// Sets or clears the limit for the whole operation.
    pub fn set_operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.operation_timeout = timeout;
        self
    }

    /// Builds the timeouts.
    pub fn build(self) -> TimeoutConfig {
        self.config
    }
}

/// A clock. Requests are signed with its time, so tests can fix it.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimeSource;

impl SystemTimeSource {
    /// The system clock.
    pub fn new() -> Self {
        SystemTimeSource
    }
}

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always returns the same time (for tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticTimeSource {
    time: SystemTime,
}

impl StaticTimeSource {
    /// A clock stopped at `time`.
    pub fn new(time: SystemTime) -> Self {
        Self { time }
    }

    /// A clock stopped `secs` seconds after the Unix epoch.
    pub fn from_secs(secs: u64) -> Self {
        Self::new(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
    }
}

impl TimeSource for StaticTimeSource {
    fn now(&self) -> SystemTime {
        self.time
    }
}

/// What [`Config::from_env`] read for the endpoint settings that name a service. `Debug`
/// shows nothing of it: the shared files may hold secrets.
#[derive(Clone)]
struct ConfiguredEndpoints {
    env: Env,
    /// The shared files, when they could be read.
    profiles: Option<Arc<ProfileSet>>,
}

impl fmt::Debug for ConfiguredEndpoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfiguredEndpoints")
            .finish_non_exhaustive()
    }
}

/// Configuration of a client. Cheap to clone (shared parts are `Arc`s).
#[derive(Debug, Clone)]
pub struct Config {
    region: Option<Region>,
    /// Why no region could be read from the shared config files (reported at the first call).
    region_error: Option<String>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    /// `endpoint_url`, parsed and validated when the configuration was built.
    endpoint: Option<Result<Endpoint, EndpointError>>,
    endpoint_origin: EndpointOrigin,
    /// The environment `Config::from_env` read, for the settings that name the service
    /// (`AWS_ENDPOINT_URL_<SERVICE>`, `[services]`), resolved when a client knows its service.
    configured_endpoints: Option<ConfiguredEndpoints>,
    retry_config: RetryConfig,
    timeout_config: TimeoutConfig,
    max_response_body_size: usize,
    http_client: Option<Arc<dyn HttpClient>>,
    time_source: Arc<dyn TimeSource>,
    /// Whether operations with a host prefix (`data.`, `api.`) send to the prefixed host.
    inject_host_prefix: bool,
}

/// The default limit of a response body: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY_SIZE: usize = 64 * 1024 * 1024;

impl Config {
    /// A builder.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// A builder pre-filled from the environment, like the official `aws_config::from_env()`:
    ///
    /// - region from `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the active profile's `region`
    ///   (`AWS_PROFILE`, else `default`, in `~/.aws/config`);
    /// - credentials from the default chain (environment, profile files, ...), resolved lazily on
    ///   the first request;
    /// - endpoint override, as the official SDKs read it: the service's own
    ///   `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `AWS_ENDPOINT_URL_IVS_REALTIME`), else
    ///   `AWS_ENDPOINT_URL`, else the active profile's `services` section (key
    ///   `ivs_realtime`), else its `endpoint_url`; none of them when
    ///   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the profile's
    ///   `ignore_configured_endpoint_urls`) is `true`. An endpoint set in code wins;
    /// - host prefixes on (see [`Builder::inject_host_prefix`]) unless
    ///   `AWS_DISABLE_HOST_PREFIX_INJECTION` (else the profile's
    ///   `disable_host_prefix_injection`) is `true`.
    pub fn from_env() -> Builder {
        Self::from_env_with(Env::process())
    }

    /// [`Config::from_env`] over the variables of `env`.
    pub(crate) fn from_env_with(env: Env) -> Builder {
        // The shared files, read once: for the region and for the endpoint settings that name
        // the service (resolved when a client knows its service).
        let profiles = profile::load_profile_set(&env);
        let mut region_error = None;
        let region = env
            .get_non_empty("AWS_REGION")
            .or_else(|| env.get_non_empty("AWS_DEFAULT_REGION"))
            .or_else(|| match &profiles {
                Ok(set) => set.region(&env.profile_name()),
                Err(e) => {
                    region_error = Some(format!(
                        "no region: AWS_REGION is not set and the shared config files could \
                         not be read: {e}"
                    ));
                    None
                }
            })
            .map(|r| Region::new(r.trim().to_owned()));
        let ignore_endpoints = env
            .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let endpoint_url = env
            .get_non_empty("AWS_ENDPOINT_URL")
            .filter(|_| !ignore_endpoints)
            .map(|u| u.trim().to_owned());
        // Unreadable shared files are reported by the region lookup when it needs them; for
        // endpoints they only mean that none is configured there.
        let configured_endpoints = Some(ConfiguredEndpoints {
            env: env.clone(),
            profiles: profiles.ok().map(Arc::new),
        });
        let env_profile = env.profile_name();
        let chain = DefaultCredentialsChain::with_env(
            env.clone(),
            region.as_ref().map(|r| r.as_ref().to_string()),
        );
        let mut builder = Builder::default().set_region(region);
        builder.region_error = region_error;
        let mut builder = builder
            .credentials_provider(chain)
            .set_endpoint_url(endpoint_url);
        builder.endpoint_origin = EndpointOrigin::Environment;
        builder.configured_endpoints = configured_endpoints;
        // botocore's `disable_host_prefix_injection`: the environment, else the profile.
        let disable_host_prefix = env
            .get_non_empty("AWS_DISABLE_HOST_PREFIX_INJECTION")
            .or_else(|| {
                builder
                    .configured_endpoints
                    .as_ref()
                    .and_then(|c| c.profiles.as_ref())
                    .and_then(|p| {
                        p.get(&env_profile, "disable_host_prefix_injection")
                            .map(str::to_owned)
                    })
            })
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        builder.inject_host_prefix = Some(!disable_host_prefix);
        builder
    }

    /// A builder holding this configuration, to change some of it.
    pub fn to_builder(&self) -> Builder {
        Builder {
            region: self.region.clone(),
            region_error: self.region_error.clone(),
            credentials_provider: self.credentials_provider.clone(),
            endpoint_url: self.endpoint_url.clone(),
            endpoint_origin: self.endpoint_origin,
            configured_endpoints: self.configured_endpoints.clone(),
            retry_config: Some(self.retry_config.clone()),
            timeout_config: Some(self.timeout_config.clone()),
            max_response_body_size: Some(self.max_response_body_size),
            http_client: self.http_client.clone(),
            time_source: Some(self.time_source.clone()),
            inject_host_prefix: Some(self.inject_host_prefix),
        }
    }

    /// Whether operations whose model gives a host prefix (`data.`, `api.`, `{graphId}.`) send
    /// to the prefixed host, endpoint overrides included (botocore's `inject_host_prefix`;
    /// default `true`).
    pub fn inject_host_prefix(&self) -> bool {
        self.inject_host_prefix
    }

    /// The region.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// Why [`Config::from_env`] found no region because a shared config file is broken
    /// (unreadable, too large, or malformed: the message names the file and the line).
    pub fn region_error(&self) -> Option<&str> {
        self.region_error.as_deref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<Arc<dyn ProvideCredentials>> {
        self.credentials_provider.clone()
    }

    /// The endpoint override, as given (valid or not: see [`Builder::try_build`]).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The endpoint override of a client of `service`: one set in code; else, for a
    /// configuration from [`Config::from_env`], the first of `AWS_ENDPOINT_URL_<SERVICE>` (the
    /// service's SDK id, upper case, spaces as `_`), `AWS_ENDPOINT_URL`, the active profile's
    /// `services` section (key: the SDK id, lower case, spaces as `_`) and its `endpoint_url`,
    /// as the official SDKs read them; none of them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
    /// or the profile's `ignore_configured_endpoint_urls` is `true`.
    pub(crate) fn endpoint_override_for(
        &self,
        service: &ServiceMetadata,
    ) -> Option<Result<Endpoint, EndpointError>> {
        let (env, profiles) = match (&self.configured_endpoints, self.endpoint_origin) {
            (Some(c), EndpointOrigin::Environment) => (&c.env, c.profiles.as_deref()),
            _ => return self.endpoint.clone(),
        };
        let id = |upper: bool| {
            service
                .sdk_id
                .trim()
                .chars()
                .map(|c| match c {
                    ' ' => '_',
                    c if upper => c.to_ascii_uppercase(),
                    c => c.to_ascii_lowercase(),
                })
                .collect::<String>()
        };
        let (env_suffix, services_key) = (id(true), id(false));
        let (url, source) = profile::configured_endpoint(
            env,
            profiles,
            &env.profile_name(),
            CalledService {
                env_suffix: &env_suffix,
                services_key: &services_key,
            },
        )?;
        let origin = match source {
            EndpointSource::ServiceVariable => EndpointOrigin::ServiceEnvironment,
            EndpointSource::Variable => EndpointOrigin::Environment,
            EndpointSource::Profile => EndpointOrigin::Profile,
        };
        Some(endpoint::parse_endpoint(&url, origin))
    }

    /// The retry configuration.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry_config
    }

    /// The timeouts.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeout_config
    }

    /// The custom HTTP client, if one was set (otherwise the built-in HTTP/1.1 client is used).
    pub fn http_client(&self) -> Option<Arc<dyn HttpClient>> {
        self.http_client.clone()
    }

    /// The largest response body accepted, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BODY_SIZE`], 64 MiB).
    pub fn max_response_body_size(&self) -> usize {
        self.max_response_body_size
    }

    /// The clock used for signing.
    pub fn time_source(&self) -> Arc<dyn TimeSource> {
        self.time_source.clone()
    }
}

/// Builder for [`Config`].
#[derive(Debug, Default, Clone)]
pub struct Builder {
    region: Option<Region>,
    region_error: Option<String>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    endpoint_origin: EndpointOrigin,
    configured_endpoints: Option<ConfiguredEndpoints>,
    retry_config: Option<RetryConfig>,
    timeout_config: Option<TimeoutConfig>,
    max_response_body_size: Option<usize>,
    http_client: Option<Arc<dyn HttpClient>>,
    time_source: Option<Arc<dyn TimeSource>>,
    inject_host_prefix: Option<bool>,
}

impl Builder {
    /// Sets the region.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self.region_error = None;
        self
    }

    /// Sets or clears the region.
    pub fn set_region(mut self, region: Option<Region>) -> Self {
        if region.is_some() {
            self.region_error = None;
        }
        self.region = region;
        self
    }

    /// Sets the credentials provider (static [`Credentials`](crate::credentials::Credentials) work too).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider = Some(Arc::new(provider));
        self
    }

    /// Sets or clears the credentials provider, already shared.
    pub fn set_credentials_provider(
        mut self,
        provider: Option<Arc<dyn ProvideCredentials>>,
    ) -> Self {
        self.credentials_provider = provider;
        self
    }

    /// Overrides the endpoint: an absolute `http://` or `https://` URL (plain `http://` is
    /// allowed, e.g. for a local test server), with a host, an optional port in 1-65535 and an
    /// optional path prefix, and no user information, query or fragment.
    ///
    /// The URL is validated when the configuration is built: [`Builder::try_build`] returns the
    /// problem at once; with [`Builder::build`] every call fails with
    /// [`SdkError::ConstructionFailure`](crate::error::SdkError::ConstructionFailure) naming
    /// it, before anything is sent.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self.endpoint_origin = EndpointOrigin::Builder;
        self
    }

    /// Sets or clears the endpoint override (see [`Builder::endpoint_url`]).
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.endpoint_url = url;
        self.endpoint_origin = EndpointOrigin::Builder;
        self
    }

    /// Sets the retry behaviour (default: [`RetryConfig::standard`]).
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.retry_config = Some(retry_config);
        self
    }

    /// Sets the timeouts (default: [`TimeoutConfig::default`], a 3.1 s connect timeout).
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.timeout_config = Some(timeout_config);
        self
    }

    /// Sets a custom HTTP client instead of the built-in HTTP/1.1 + rustls one.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(Arc::new(client));
        self
    }

    /// Sets or clears the custom HTTP client, already shared.
    pub fn set_http_client(mut self, client: Option<Arc<dyn HttpClient>>) -> Self {
        self.http_client = client;
        self
    }

    /// Sets the largest response body accepted, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BODY_SIZE`], 64 MiB), error responses included.
    ///
    /// With the built-in HTTP client, a response whose `Content-Length` is larger fails before
    /// any of its body is read or allocated; one that turns out larger while streaming
    /// (chunked) fails as soon as it passes the limit, having buffered at most the limit. The
    /// body is read once into one buffer (sized from `Content-Length` when given) and parsed
    /// from there. A custom [`HttpClient`] reads bodies its own way; its responses are held to
    /// the same limit once it returns them. Either way the call fails with
    /// [`SdkError::DispatchFailure`](crate::error::SdkError::DispatchFailure) naming the limit,
    /// and is not retried.
    pub fn max_response_body_size(mut self, bytes: usize) -> Self {
        self.max_response_body_size = Some(bytes);
        self
    }

    /// Whether operations whose model gives a host prefix (`data.`, `api.`) send to the
    /// prefixed host (default `true`, as in botocore and the official SDKs). The prefix is
    /// added to an endpoint override too; turn it off for a local endpoint that serves every
    /// prefix at one address. [`Config::from_env`] reads `AWS_DISABLE_HOST_PREFIX_INJECTION`,
    /// else the profile's `disable_host_prefix_injection`.
    pub fn inject_host_prefix(mut self, inject: bool) -> Self {
        self.inject_host_prefix = Some(inject);
        self
    }

    /// Sets the clock used for signing (default: [`SystemTimeSource`]).
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.time_source = Some(Arc::new(time_source));
        self
    }

    /// Builds the configuration, checking what can be checked without sending anything: the
    /// endpoint override is parsed and validated here, once. Building never fails; a call made
    /// with an invalid configuration fails with
    /// [`SdkError::ConstructionFailure`](crate::error::SdkError::ConstructionFailure) naming
    /// the problem, and sends nothing. Use [`Builder::try_build`] to get the problem here.
    pub fn build(self) -> Config {
        let endpoint = self
            .endpoint_url
            .as_deref()
            .map(|url| endpoint::parse_endpoint(url, self.endpoint_origin));
        Config {
            region: self.region,
            region_error: self.region_error,
            credentials_provider: self.credentials_provider,
            endpoint_url: self.endpoint_url,
            endpoint,
            endpoint_origin: self.endpoint_origin,
            configured_endpoints: self.configured_endpoints,
            retry_config: self.retry_config.unwrap_or_default(),
            timeout_config: self.timeout_config.unwrap_or_default(),
            max_response_body_size: self
                .max_response_body_size
                .unwrap_or(DEFAULT_MAX_RESPONSE_BODY_SIZE),
            http_client: self.http_client,
            time_source: self
                .time_source
                .unwrap_or_else(|| Arc::new(SystemTimeSource)),
            inject_host_prefix: self.inject_host_prefix.unwrap_or(true),
        }
    }

    /// Builds the configuration, or says what is wrong with it: an endpoint override that is
    /// not a valid `http(s)` URL (e.g. a port outside 1-65535, user information, a query), or
    /// a region that is not a DNS label. [`Builder::build`] accepts these and reports them at
    /// every call instead.
    pub fn try_build(self) -> Result<Config, ConfigError> {
        let config = self.build();
        if let Some(Err(e)) = &config.endpoint {
            return Err(ConfigError(e.to_string()));
        }
        if let Some(region) = &config.region {
            if !endpoint::is_valid_region(region.as_ref()) {
                return Err(ConfigError(
                    EndpointError::InvalidRegion(region.as_ref().to_owned()).to_string(),
                ));
            }
        }
        Ok(config)
    }
}

/// What is wrong with a configuration, from [`Builder::try_build`]: its message names the
/// setting and the problem (e.g. `invalid endpoint: "http://127.0.0.1:99999" (set with
/// `Config::builder().endpoint_url`): the port "99999" is not in 1-65535`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    static IVS_REALTIME: ServiceMetadata = ServiceMetadata {
        crate_name: "test",
        crate_version: "0.0.0",
        service_id: "ivs-realtime",
        signing_name: "ivs",
        sdk_id: "IVS RealTime",
        api_version: "2020-07-14",
        endpoints: &[],
        default_endpoint: "https://ivsrealtime.{region}.amazonaws.com",
    };

    #[test]
    fn service_endpoints_follow_the_official_precedence() {
        let dir = crate::profile::tests::TempDir::new("service-endpoints");
        let file = dir.write(
            "config",
            "[profile p]\nservices = local\nendpoint_url = http://profile\n\
             [profile plain]\nendpoint_url = http://plain-profile\n\
             [profile ignoring]\nservices = local\nignore_configured_endpoint_urls = true\n\
             [services local]\nivs_realtime =\n  endpoint_url = http://services-ivs\n",
        );
        let file = file.to_str().unwrap();
        let at = |pairs: &[(&str, &str)], service: &ServiceMetadata| {
            let mut all = vec![
                ("AWS_CONFIG_FILE", file),
                (
                    "AWS_SHARED_CREDENTIALS_FILE",
                    "/nonexistent-credentials-for-tests",
                ),
                ("AWS_REGION", "us-east-1"),
                ("HOME", "/nonexistent-home-for-tests"),
            ];
            all.extend_from_slice(pairs);
            Config::from_env_with(crate::profile::tests::env(&all))
                .build()
                .endpoint_override_for(service)
                .map(|endpoint| match endpoint {
                    Ok(endpoint) => endpoint.uri("", ""),
                    Err(e) => e.to_string(),
                })
        };
        let both = [
            ("AWS_PROFILE", "p"),
            ("AWS_ENDPOINT_URL_IVS_REALTIME", "http://service-env"),
            ("AWS_ENDPOINT_URL", "http://global"),
        ];
        assert_eq!(
            at(&both, &IVS_REALTIME).as_deref(),
            Some("http://service-env")
        );
        let global = [("AWS_PROFILE", "p"), ("AWS_ENDPOINT_URL", "http://global")];
        assert_eq!(at(&global, &IVS_REALTIME).as_deref(), Some("http://global"));
        let profile = [("AWS_PROFILE", "p")];
        assert_eq!(
            at(&profile, &IVS_REALTIME).as_deref(),
            Some("http://services-ivs")
        );
        let plain = [("AWS_PROFILE", "plain")];
        assert_eq!(
            at(&plain, &IVS_REALTIME).as_deref(),
            Some("http://plain-profile")
        );
        // A service with no SDK id reads only the general settings.
        let anonymous = ServiceMetadata {
            sdk_id: "",
            ..IVS_REALTIME
        };
        assert_eq!(at(&both, &anonymous).as_deref(), Some("http://global"));
        assert_eq!(at(&profile, &anonymous).as_deref(), Some("http://profile"));
        // Turned off by the variable or by the profile.
        let ignored = [
            ("AWS_PROFILE", "p"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ("AWS_ENDPOINT_URL_IVS_REALTIME", "http://service-env"),
            ("AWS_ENDPOINT_URL", "http://global"),
        ];
        assert_eq!(at(&ignored, &IVS_REALTIME), None);
        let ignoring = [("AWS_PROFILE", "ignoring")];
        assert_eq!(at(&ignoring, &IVS_REALTIME), None);
        // A bad value names where it came from.
        let bad = [("AWS_ENDPOINT_URL_IVS_REALTIME", "ftp://x")];
        let message = at(&bad, &IVS_REALTIME).unwrap();
        assert!(
            message.contains("AWS_ENDPOINT_URL_<SERVICE>") && message.contains("http or https"),
            "{message}"
        );
        // An endpoint set in code wins over all of them.
        let config = Config::from_env_with(crate::profile::tests::env(&both))
            .endpoint_url("http://code")
            .build();
        assert_eq!(
            config
                .endpoint_override_for(&IVS_REALTIME)
                .map(|e| e.unwrap().uri("", "")),
            Some("http://code".to_owned())
        );
    }

    #[test]
    fn host_prefix_injection_from_the_environment_then_the_profile() {
        let dir = crate::profile::tests::TempDir::new("host-prefix");
        let file = dir.write(
            "config",
            "[default]\ndisable_host_prefix_injection = true\n[profile on]\nregion = x\n",
        );
        let file = file.to_str().unwrap();
        let inject = |pairs: &[(&str, &str)]| {
            let mut all = vec![
                ("AWS_CONFIG_FILE", file),
                (
                    "AWS_SHARED_CREDENTIALS_FILE",
                    "/nonexistent-credentials-for-tests",
                ),
                ("HOME", "/nonexistent-home-for-tests"),
            ];
            all.extend_from_slice(pairs);
            Config::from_env_with(crate::profile::tests::env(&all))
                .build()
                .inject_host_prefix()
        };
        assert!(!inject(&[]));
        assert!(inject(&[("AWS_PROFILE", "on")]));
        assert!(!inject(&[
            ("AWS_PROFILE", "on"),
            ("AWS_DISABLE_HOST_PREFIX_INJECTION", "TRUE")
        ]));
        assert!(inject(&[("AWS_DISABLE_HOST_PREFIX_INJECTION", "false")]));
        assert!(Config::builder().build().inject_host_prefix());
        assert!(!Config::builder()
            .inject_host_prefix(false)
            .build()
            .inject_host_prefix());
    }

    #[test]
    fn defaults() {
        let config = Config::builder().build();
        assert!(config.region().is_none());
        assert!(config.credentials_provider().is_none());
        assert!(config.endpoint_url().is_none());
        assert!(config.http_client().is_none());
        assert_eq!(config.retry_config(), &RetryConfig::standard());
        assert_eq!(config.retry_config().max_attempts(), 3);
        assert_eq!(
            config.retry_config().initial_backoff(),
            Duration::from_secs(1)
        );
        assert_eq!(config.retry_config().max_backoff(), Duration::from_secs(20));
        assert_eq!(
            config.timeout_config().connect_timeout(),
            Some(Duration::from_millis(3100))
        );
        assert_eq!(config.timeout_config().operation_attempt_timeout(), None);
        assert_eq!(config.timeout_config().operation_timeout(), None);
    }

    #[test]
    fn builder_sets_everything() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        let config = Config::builder()
            .region(Region::new("eu-west-1"))
            .endpoint_url("http://127.0.0.1:1234")
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(5)
                    .with_initial_backoff(Duration::from_millis(5))
                    .with_max_backoff(Duration::from_millis(50)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(1))
                    .operation_attempt_timeout(Duration::from_secs(2))
                    .operation_timeout(Duration::from_secs(3))
                    .build(),
            )
            .time_source(StaticTimeSource::new(t))
            .build();
        assert_eq!(
            config.region().map(|r| r.to_string()).as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:1234"));
        assert_eq!(config.retry_config().max_attempts(), 5);
        assert_eq!(
            config.retry_config().initial_backoff(),
            Duration::from_millis(5)
        );
        assert_eq!(
            config.retry_config().max_backoff(),
            Duration::from_millis(50)
        );
        assert_eq!(
            config.timeout_config().connect_timeout(),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            config.timeout_config().operation_attempt_timeout(),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            config.timeout_config().operation_timeout(),
            Some(Duration::from_secs(3))
        );
        assert_eq!(config.time_source().now(), t);
        let again = config.to_builder().build();
        assert_eq!(again.endpoint_url(), Some("http://127.0.0.1:1234"));
        assert_eq!(again.time_source().now(), t);
    }

    #[test]
    fn retry_disabled_is_one_attempt() {
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }

    fn env(vars: &[(&str, &str)]) -> Env {
        Env::from_map(
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn from_env_reads_region_and_endpoint() {
        let config = Config::from_env_with(env(&[
            ("AWS_REGION", "eu-central-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("HOME", "/nonexistent-home-for-tests"),
        ]))
        .build();
        assert_eq!(config.region(), Some(&Region::new("eu-central-1")));
        assert_eq!(config.endpoint_url(), Some("http://localhost:4566"));
        assert!(config.credentials_provider().is_some());

        let config = Config::from_env_with(env(&[
            ("AWS_REGION", " "),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("HOME", "/nonexistent-home-for-tests"),
        ]))
        .build();
        assert_eq!(config.region(), Some(&Region::new("us-west-2")));
        assert_eq!(config.endpoint_url(), None);
    }

    #[test]
    fn from_env_falls_back_to_the_profile_region() {
        let dir = std::env::temp_dir().join(format!(
            "generated-sdk-config-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config");
        std::fs::write(
            &file,
            "[default]\nregion = ap-south-1\n[profile other]\nregion = sa-east-1\n",
        )
        .unwrap();
        let path = file.to_str().unwrap();
        let config =
            Config::from_env_with(env(&[("AWS_CONFIG_FILE", path), ("HOME", "/nonexistent")]))
                .build();
        assert_eq!(config.region(), Some(&Region::new("ap-south-1")));
        let config = Config::from_env_with(env(&[
            ("AWS_CONFIG_FILE", path),
            ("AWS_PROFILE", "other"),
            ("HOME", "/nonexistent"),
        ]))
        .build();
        assert_eq!(config.region(), Some(&Region::new("sa-east-1")));
        let config = Config::from_env_with(env(&[("HOME", "/nonexistent")])).build();
        assert_eq!(config.region(), None);
        assert_eq!(
            config.region_error(),
            None,
            "missing files are not an error"
        );

        // A broken file is reported (file and line), not taken for "no region".
        std::fs::write(&file, "[default]\nregion = ap-south-1\nregion\n").unwrap();
        let config =
            Config::from_env_with(env(&[("AWS_CONFIG_FILE", path), ("HOME", "/nonexistent")]))
                .build();
        assert_eq!(config.region(), None);
        assert_eq!(
            config.region_error(),
            Some(
                format!(
                    "no region: AWS_REGION is not set and the shared config files could not be \
                     read: {path} line 3: expected `name = value`, a `[section]` or a comment"
                )
                .as_str()
            )
        );
        // Setting a region explicitly makes the broken file irrelevant.
        let config =
            Config::from_env_with(env(&[("AWS_CONFIG_FILE", path), ("HOME", "/nonexistent")]))
                .region(Region::new("us-east-1"))
                .build();
        assert_eq!(config.region_error(), None);
        // AWS_REGION wins without reading the files.
        let config = Config::from_env_with(env(&[
            ("AWS_CONFIG_FILE", path),
            ("AWS_REGION", "eu-west-3"),
            ("HOME", "/nonexistent"),
        ]))
        .build();
        assert_eq!(
            (config.region(), config.region_error()),
            (Some(&Region::new("eu-west-3")), None)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn region_display() {
        assert_eq!(Region::new("us-west-2").to_string(), "us-west-2");
        assert_eq!(Region::from_static("cn-north-1").as_ref(), "cn-north-1");
    }

    #[test]
    fn endpoints_are_validated_when_built() {
        let config = Config::builder()
            .endpoint_url("http://127.0.0.1:99999")
            .build();
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:99999"));
        match config.endpoint_override_for(&IVS_REALTIME) {
            Some(Err(e)) => assert!(e.to_string().ends_with("not in 1-65535"), "{e}"),
            other => panic!("{other:?}"),
        }
        let err = Config::builder()
            .endpoint_url("https://user:pw@example.com")
            .try_build()
            .unwrap_err();
        assert!(!err.to_string().contains("pw"), "{err}");
        assert!(err.to_string().contains("user information"), "{err}");

        let config = Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url("http://localhost:4566/prefix/")
            .try_build()
            .expect("valid");
        match config.endpoint_override_for(&IVS_REALTIME) {
            Some(Ok(e)) => assert_eq!(e.uri("/x", ""), "http://localhost:4566/prefix/x"),
            other => panic!("{other:?}"),
        }
        // Fixed on a copy: the copy is valid, the original is not.
        let fixed = Config::builder()
            .endpoint_url("http://x:0")
            .build()
            .to_builder()
            .endpoint_url("http://x:1")
            .try_build();
        assert!(fixed.is_ok());
        assert!(Config::builder().try_build().is_ok(), "no override is fine");
        let err = Config::builder()
            .region(Region::new("us-east-1.evil.com"))
            .try_build()
            .unwrap_err();
        assert!(err.to_string().starts_with("invalid region"), "{err}");
    }
}
