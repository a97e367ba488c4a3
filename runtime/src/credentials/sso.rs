//! IAM Identity Center (SSO): the access token `aws sso login` caches, exchanged for role
//! credentials at the SSO portal's `GetRoleCredentials`.

use super::fetch::{dns_suffix, error_summary, Fetcher};
use super::{off_the_executor, Credentials, CredentialsError, LoadResult, ProvideCredentials};
use crate::encode::query_component;
use crate::http::{BoxFuture, Method};
use crate::primitives::DateTime;
use crate::profile::Env;
use bytes::Bytes;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// The largest token cache file read.
const MAX_CACHE_FILE: u64 = 1024 * 1024;

/// Where and as whom to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SsoSettings {
    pub(crate) start_url: String,
    pub(crate) region: String,
    pub(crate) account_id: String,
    pub(crate) role_name: String,
    /// The `sso-session` name (new-style profiles); the token cache is keyed by it, else by
    /// the start URL.
    pub(crate) session_name: Option<String>,
}

/// Credentials of an IAM Identity Center (SSO) role, for `sso_session` and legacy `sso_*`
/// profiles.
///
/// Reads the access token that `aws sso login` wrote to `~/.aws/sso/cache/<sha1>.json` (the
/// SHA-1 of the session name, or of the start URL for legacy profiles) and calls the portal's
/// `GetRoleCredentials` (`https://portal.sso.<region>.amazonaws.com`, or the
/// `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL` / profile override). An expired token is an
/// error that says to run `aws sso login` (this provider does not refresh tokens itself).
/// The token is never kept nor shown.
#[derive(Debug, Clone)]
pub struct SsoCredentialsProvider {
    env: Env,
    settings: SsoSettings,
    endpoint_url: Option<String>,
    fetcher: Fetcher,
}

impl SsoCredentialsProvider {
    /// A provider for role `role_name` of account `account_id`, signed in at `start_url`
    /// (portal in `region`), reading the token cache under the process's home directory.
    pub fn new(
        start_url: impl Into<String>,
        region: impl Into<String>,
        account_id: impl Into<String>,
        role_name: impl Into<String>,
    ) -> Self {
        Self::with_settings(
            Env::process(),
            SsoSettings {
                start_url: start_url.into(),
                region: region.into(),
                account_id: account_id.into(),
                role_name: role_name.into(),
                session_name: None,
            },
            None,
        )
    }

    /// The `sso-session` this sign-in belongs to (its name keys the token cache).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.settings.session_name = Some(name.into());
        self
    }

    /// Calls the portal at `url` instead.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    pub(crate) fn with_settings(
        env: Env,
        settings: SsoSettings,
        endpoint_url: Option<String>,
    ) -> Self {
        Self {
            env,
            settings,
            endpoint_url,
            fetcher: Fetcher::new(Duration::from_secs(5)),
        }
    }

    /// The token cache file of this sign-in.
    fn cache_file(&self) -> LoadResult<PathBuf> {
        let key = self
            .settings
            .session_name
            .as_deref()
            .unwrap_or(&self.settings.start_url);
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
        let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        let home = self.env.home_dir().ok_or_else(|| {
            CredentialsError::provider_error(
                "SSO: no home directory (HOME) to find the token cache in",
            )
        })?;
        Ok(home
            .join(".aws")
            .join("sso")
            .join("cache")
            .join(format!("{hex}.json")))
    }

    /// What to run to sign in again.
    fn login_hint(&self) -> String {
        match &self.settings.session_name {
            Some(session) => format!("run `aws sso login --sso-session {session}`"),
            None => "run `aws sso login`".to_string(),
        }
    }

    /// The cached access token, if still valid.
    async fn access_token(&self) -> LoadResult<String> {
        let path = self.cache_file()?;
        let hint = self.login_hint();
        off_the_executor("SSO", move || {
            use std::io::Read;
            let describe = |why: String| {
                CredentialsError::provider_error(format!(
                    "SSO: the token cache {}: {why}; {hint}",
                    path.display()
                ))
            };
            let file = std::fs::File::open(&path).map_err(|e| describe(e.to_string()))?;
            let mut bytes = Vec::new();
            file.take(MAX_CACHE_FILE)
                .read_to_end(&mut bytes)
                .map_err(|e| describe(e.to_string()))?;
            let json: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(|e| describe(format!("not JSON ({e})")))?;
            let field = |key: &str| {
                json.get(key)
                    .and_then(serde_json::Value::as_str)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| describe(format!("no `{key}`")))
            };
            let token = field("accessToken")?;
            let expires_at = field("expiresAt")?;
            let expiry = DateTime::from_iso8601(expires_at)
                .ok()
                .and_then(|t| t.to_system_time())
                .ok_or_else(|| {
                    describe(format!("`expiresAt` {expires_at:?} is not a timestamp"))
                })?;
            if expiry <= SystemTime::now() {
                return Err(describe(format!(
                    "the access token expired at {expires_at}"
                )));
            }
            Ok(token.to_string())
        })
        .await
    }

    async fn load(&self) -> LoadResult {
        let token = self.access_token().await?;
        let s = &self.settings;
        let base = match &self.endpoint_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("https://portal.sso.{}.{}", s.region, dns_suffix(&s.region)),
        };
        let what = format!(
            "SSO GetRoleCredentials for role {} in account {} at {base}",
            s.role_name, s.account_id
        );
        let uri = format!(
            "{base}/federation/credentials?role_name={}&account_id={}",
            query_component(&s.role_name),
            query_component(&s.account_id)
        );
        let response = self
            .fetcher
            .send(
                Method::Get,
                &uri,
                vec![("x-amz-sso_bearer_token".to_string(), token)],
                Bytes::new(),
            )
            .await
            .map_err(|e| {
                CredentialsError::provider_error(format!("{what}: not reachable: {e}"))
                    .with_source(e)
            })?;
        if response.status != 200 {
            return Err(CredentialsError::provider_error(format!(
                "{what} failed: HTTP {}: {}{}",
                response.status,
                error_summary(&response),
                if response.status == 401 || response.status == 403 {
                    format!("; {}", self.login_hint())
                } else {
                    String::new()
                }
            )));
        }
        parse_role_credentials(&response.body, &what)
    }
}

/// The `roleCredentials` of a `GetRoleCredentials` response (expiration in epoch
/// milliseconds).
fn parse_role_credentials(body: &[u8], what: &str) -> LoadResult {
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        CredentialsError::provider_error(format!("{what}: the response is not JSON: {e}"))
    })?;
    let role = json.get("roleCredentials").ok_or_else(|| {
        CredentialsError::provider_error(format!("{what}: the response has no roleCredentials"))
    })?;
    let field = |key: &str| {
        role.get(key)
            .and_then(serde_json::Value::as_str)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                CredentialsError::provider_error(format!(
                    "{what}: the response has no roleCredentials.{key}"
                ))
            })
    };
    let millis = role
        .get("expiration")
        .and_then(serde_json::Value::as_i64)
        .filter(|m| *m > 0)
        .ok_or_else(|| {
            CredentialsError::provider_error(format!(
                "{what}: the response has no roleCredentials.expiration"
            ))
        })?;
    Ok(Credentials::new(
        field("accessKeyId")?,
        field("secretAccessKey")?,
        Some(field("sessionToken")?.to_string()),
    )
    .with_expiry(SystemTime::UNIX_EPOCH + Duration::from_millis(millis as u64)))
}

impl ProvideCredentials for SsoCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::env;

    #[test]
    fn cache_file_is_keyed_by_session_or_start_url() {
        let settings = SsoSettings {
            start_url: "https://d-123.awsapps.com/start".into(),
            region: "us-east-1".into(),
            account_id: "1".into(),
            role_name: "r".into(),
            session_name: None,
        };
        let p = SsoCredentialsProvider::with_settings(env(&[("HOME", "/h")]), settings, None);
        // sha1("https://d-123.awsapps.com/start")
        let legacy = p.cache_file().unwrap();
        assert!(legacy.starts_with("/h/.aws/sso/cache"));
        let p = p.session_name("my-sso");
        // sha1("my-sso"), as botocore's SSOTokenLoader computes it
        assert_eq!(
            p.cache_file().unwrap(),
            PathBuf::from("/h/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
        );
        assert_ne!(legacy, p.cache_file().unwrap());
    }

    #[test]
    fn role_credentials() {
        let body = br#"{"roleCredentials":{"accessKeyId":"AK","secretAccessKey":"S","sessionToken":"T","expiration":1893456000000}}"#;
        let c = parse_role_credentials(body, "w").unwrap();
        assert_eq!(c.access_key_id(), "AK");
        assert_eq!(
            c.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000))
        );
        let e = parse_role_credentials(br#"{"roleCredentials":{}}"#, "w").unwrap_err();
        assert!(e.message().contains("expiration"), "{e}");
    }
}
