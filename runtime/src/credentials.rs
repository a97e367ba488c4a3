//! Credentials and credential providers.
//!
//! * [`Credentials`]: an access key pair, optional session token and expiry. Static
//!   credentials are themselves a provider.
//! * [`EnvironmentVariableCredentialsProvider`]: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!   `AWS_SESSION_TOKEN`.
//! * [`ProfileFileCredentialsProvider`]: the shared `~/.aws/credentials` and `~/.aws/config`
//!   files.
//! * [`DefaultCredentialsChain`]: the environment, then the profile files.
//! * [`ProvideCredentials`]: implement it for a custom source (e.g. credentials that expire).
//!
//! The request pipeline caches what a provider returns and asks again only when the
//! credentials are within 5 minutes of their expiry.

use crate::http::BoxFuture;
use crate::profile::{self, Env};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

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

    fn load(&self) -> Result<Credentials, CredentialsError> {
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

/// Static credentials (`aws_access_key_id`, `aws_secret_access_key`, optional
/// `aws_session_token`) of a profile in the shared files.
///
/// Files: `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, sections `[name]`) and
/// `AWS_CONFIG_FILE` (default `~/.aws/config`, sections `[profile name]` and `[default]`); for
/// the same key the credentials file wins. Profile: `AWS_PROFILE`, default `default`. The files
/// are read at each call. Roles, SSO and `credential_process` are not supported.
#[derive(Debug, Clone, Default)]
pub struct ProfileFileCredentialsProvider {
    env: Env,
    profile_name: Option<String>,
}

impl ProfileFileCredentialsProvider {
    /// Uses the process environment to find the files and the profile.
    pub fn new() -> Self {
        Self {
            env: Env::process(),
            profile_name: None,
        }
    }

    /// Uses `vars` instead of the process environment (`HOME`, `AWS_PROFILE`,
    /// `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`).
    pub fn from_env_map(vars: HashMap<String, String>) -> Self {
        Self::with_env(Env::from_map(vars))
    }

    /// Uses profile `name` instead of `AWS_PROFILE`.
    pub fn with_profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    pub(crate) fn with_env(env: Env) -> Self {
        Self {
            env,
            profile_name: None,
        }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let name = self
            .profile_name
            .clone()
            .unwrap_or_else(|| self.env.profile_name());
        let profile = profile::load_named_profile(&self.env, &name)
            .map_err(CredentialsError::provider_error)?;
        if !profile.exists {
            return Err(CredentialsError::not_loaded(format!(
                "profile `{name}` not found in {}",
                profile.describe_sources()
            )));
        }
        let key = profile.get("aws_access_key_id");
        let secret = profile.get("aws_secret_access_key");
        match (key, secret) {
            (Some(key), Some(secret)) => Ok(Credentials::new(
                key,
                secret,
                profile.get("aws_session_token").map(str::to_string),
            )),
            (None, None) => Err(CredentialsError::not_loaded(format!(
                "profile `{name}` has no aws_access_key_id / aws_secret_access_key in {} \
                 (role_arn, sso_* and credential_process profiles are not supported)",
                profile.describe_sources()
            ))),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(format!(
                "profile `{name}` has aws_access_key_id but no aws_secret_access_key ({})",
                profile.describe_sources()
            ))),
            (None, Some(_)) => Err(CredentialsError::invalid_configuration(format!(
                "profile `{name}` has aws_secret_access_key but no aws_access_key_id ({})",
                profile.describe_sources()
            ))),
        }
    }
}

impl ProvideCredentials for ProfileFileCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let this = self.clone();
        Box::pin(off_the_executor(move || this.load()))
    }
}

/// Runs blocking file I/O on Tokio's blocking pool when a Tokio runtime is running (so it
/// never stalls the executor's threads), else right here.
async fn off_the_executor(load: impl FnOnce() -> LoadResult + Send + 'static) -> LoadResult {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle.spawn_blocking(load).await.unwrap_or_else(|e| {
            Err(CredentialsError::provider_error(format!(
                "loading credentials from the shared files failed: {e}"
            )))
        }),
        Err(_) => load(),
    }
}

/// What a provider's synchronous `load` returns.
type LoadResult = Result<Credentials, CredentialsError>;

/// The default chain: [`EnvironmentVariableCredentialsProvider`], then
/// [`ProfileFileCredentialsProvider`]. A source that has no credentials passes on to the next;
/// when none has any, the error lists what each source reported. A misconfigured source stops
/// the chain with its error.
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChain {
    environment: EnvironmentVariableCredentialsProvider,
    profile: ProfileFileCredentialsProvider,
}

impl DefaultCredentialsChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::with_env(Env::process())
    }

    /// The chain over `vars` instead of the process environment.
    pub fn from_env_map(vars: HashMap<String, String>) -> Self {
        Self::with_env(Env::from_map(vars))
    }

    pub(crate) fn with_env(env: Env) -> Self {
        Self {
            environment: EnvironmentVariableCredentialsProvider::with_env(env.clone()),
            profile: ProfileFileCredentialsProvider::with_env(env),
        }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::with_capacity(2);
        let sources: [(&str, &dyn Fn() -> LoadResult); 2] = [
            ("environment", &|| self.environment.load()),
            ("profile files", &|| self.profile.load()),
        ];
        for (source, load) in sources {
            match load() {
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
        let this = self.clone();
        Box::pin(off_the_executor(move || this.load()))
    }
}

/// How long before their expiry cached credentials are refreshed.
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// Caches credentials from a provider and refreshes them shortly before they expire.
/// Used by the request pipeline.
#[derive(Debug)]
pub(crate) struct CredentialsCache {
    provider: std::sync::Arc<dyn ProvideCredentials>,
    cached: Mutex<Option<Credentials>>,
}

impl CredentialsCache {
    /// A cache over `provider`.
    pub(crate) fn new(provider: std::sync::Arc<dyn ProvideCredentials>) -> Self {
        Self {
            provider,
            cached: Mutex::new(None),
        }
    }

    /// Current credentials: cached ones unless absent or expiring within 5 minutes.
    pub(crate) async fn get(&self) -> Result<Credentials, CredentialsError> {
        let now = SystemTime::now();
        if let Some(credentials) = self.cached_valid_at(now) {
            return Ok(credentials);
        }
        // The lock is not held across the await; concurrent callers may refresh together,
        // which is harmless.
        let provider = self.provider.provider_name();
        tracing::debug!(provider, "loading credentials");
        let fresh = self.provider.provide_credentials().await.map_err(|e| {
            tracing::debug!(provider, error = %e, "loading credentials failed");
            e
        })?;
        tracing::debug!(
            provider,
            temporary = fresh.expiry().is_some(),
            "credentials loaded"
        );
        *self.lock() = Some(fresh.clone());
        Ok(fresh)
    }

    /// Forgets the cached credentials (e.g. after the service rejected them as expired), so
    /// the next [`CredentialsCache::get`] asks the provider again.
    #[allow(dead_code)] // not yet called by the pipeline
    pub(crate) fn invalidate(&self) {
        *self.lock() = None;
    }

    fn cached_valid_at(&self, now: SystemTime) -> Option<Credentials> {
        let guard = self.lock();
        let credentials = guard.as_ref()?;
        match credentials.expiry {
            None => Some(credentials.clone()),
            Some(expiry) => match expiry.duration_since(now) {
                Ok(left) if left > REFRESH_BEFORE_EXPIRY => Some(credentials.clone()),
                _ => None,
            },
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Credentials>> {
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::TempDir;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "SESSIONTOKENVALUE";

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(f)
    }

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

    #[test]
    fn profile_provider() {
        let dir = TempDir::new("creds");
        let config = dir.write(
            "config",
            "[default]\nregion = us-east-1\naws_access_key_id = CONFIGKEY\naws_secret_access_key = configsecret\n\
             [profile onlyconfig]\naws_access_key_id = OC\naws_secret_access_key = ocsecret\naws_session_token = octoken\n\
             [profile role]\nrole_arn = arn:aws:iam::1:role/x\n\
             [profile half]\naws_access_key_id = HALF\n",
        );
        let creds = dir.write(
            "credentials",
            "# shared credentials\n[default]\naws_access_key_id = CREDSKEY\n[onlyconfig]\n[profile ignored]\naws_access_key_id = NO\n",
        );
        let base = vec![
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
            ("HOME", "/nonexistent-home"),
        ];
        let provider = |extra: &[(&str, &str)]| {
            let mut pairs = base.clone();
            pairs.extend_from_slice(extra);
            ProfileFileCredentialsProvider::from_env_map(map(&pairs))
        };

        // Credentials file wins for the key id, config supplies the secret.
        let c = block_on(provider(&[]).provide_credentials()).unwrap();
        assert_eq!(c, Credentials::new("CREDSKEY", "configsecret", None));

        let c = block_on(provider(&[("AWS_PROFILE", "onlyconfig")]).provide_credentials()).unwrap();
        assert_eq!(
            c,
            Credentials::new("OC", "ocsecret", Some("octoken".into()))
        );
        let c = block_on(
            provider(&[])
                .with_profile_name("onlyconfig")
                .provide_credentials(),
        )
        .unwrap();
        assert_eq!(c.access_key_id(), "OC");

        let e = block_on(provider(&[("AWS_PROFILE", "role")]).provide_credentials()).unwrap_err();
        assert!(
            e.is_not_loaded() && e.to_string().contains("not supported"),
            "{e}"
        );

        let e = block_on(provider(&[("AWS_PROFILE", "half")]).provide_credentials()).unwrap_err();
        assert!(
            !e.is_not_loaded() && e.to_string().contains("no aws_secret_access_key"),
            "{e}"
        );

        let e =
            block_on(provider(&[("AWS_PROFILE", "ignored")]).provide_credentials()).unwrap_err();
        assert!(
            e.is_not_loaded() && e.to_string().contains("not found"),
            "{e}"
        );

        // Missing files: not loaded, naming the paths.
        let e = block_on(
            ProfileFileCredentialsProvider::from_env_map(map(&[("HOME", "/nonexistent-home")]))
                .provide_credentials(),
        )
        .unwrap_err();
        assert!(e.is_not_loaded());
        assert!(e.to_string().contains("/nonexistent-home"), "{e}");
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

        // Nothing: the error lists both sources.
        let e = block_on(
            DefaultCredentialsChain::from_env_map(map(&[("AWS_CONFIG_FILE", "/nonexistent/c")]))
                .provide_credentials(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(e.is_not_loaded());
        assert!(
            msg.contains("environment: ") && msg.contains("profile files: "),
            "{msg}"
        );
        assert!(
            msg.contains("AWS_ACCESS_KEY_ID") && msg.contains("/nonexistent/c"),
            "{msg}"
        );
    }

    /// Hands out credentials that expire `lifetime` after each call, counting calls.
    #[derive(Debug)]
    struct Expiring {
        calls: AtomicUsize,
        lifetime: Duration,
    }

    impl ProvideCredentials for Expiring {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let expiry = SystemTime::now() + self.lifetime;
            Box::pin(async move {
                Ok(
                    Credentials::new(format!("KEY{n}"), "secret", Some("token".into()))
                        .with_expiry(expiry),
                )
            })
        }
    }

    #[test]
    fn cache_reuses_long_lived_credentials() {
        let provider = Arc::new(Expiring {
            calls: AtomicUsize::new(0),
            lifetime: Duration::from_secs(3600),
        });
        let cache = CredentialsCache::new(provider.clone());
        for _ in 0..5 {
            assert_eq!(block_on(cache.get()).unwrap().access_key_id(), "KEY1");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
        cache.invalidate();
        assert_eq!(block_on(cache.get()).unwrap().access_key_id(), "KEY2");
    }

    #[test]
    fn cache_refreshes_credentials_expiring_within_five_minutes() {
        let provider = Arc::new(Expiring {
            calls: AtomicUsize::new(0),
            lifetime: Duration::from_secs(4 * 60),
        });
        let cache = CredentialsCache::new(provider.clone());
        for i in 1..=3 {
            assert_eq!(
                block_on(cache.get()).unwrap().access_key_id(),
                format!("KEY{i}")
            );
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 3);

        // Static credentials never expire: one call.
        let cache = CredentialsCache::new(Arc::new(Credentials::new("A", "B", None)));
        block_on(cache.get()).unwrap();
        assert!(cache
            .cached_valid_at(SystemTime::now() + Duration::from_secs(1 << 30))
            .is_some());
    }

    #[test]
    fn cache_boundary_and_errors() {
        let cache = CredentialsCache::new(Arc::new(Credentials::new("A", "B", None)));
        let now = SystemTime::now();
        *cache.lock() =
            Some(Credentials::new("A", "B", None).with_expiry(now + REFRESH_BEFORE_EXPIRY));
        assert!(cache.cached_valid_at(now).is_none());
        assert!(cache
            .cached_valid_at(now - Duration::from_secs(1))
            .is_some());

        // An error is returned and nothing is cached.
        let cache = CredentialsCache::new(Arc::new(
            EnvironmentVariableCredentialsProvider::from_env_map(map(&[])),
        ));
        assert!(block_on(cache.get()).unwrap_err().is_not_loaded());
        assert!(cache.lock().is_none());
    }
}
