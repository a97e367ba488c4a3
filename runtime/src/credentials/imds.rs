//! EC2 instance metadata (IMDSv2): a session token, then the instance profile's role, then
//! its credentials.

use super::fetch::{body_excerpt, Fetcher};
use super::{
    credentials_from_json, off_the_executor, Credentials, CredentialsError, LoadResult,
    ProvideCredentials,
};
use crate::endpoint::{parse_endpoint, EndpointOrigin};
use crate::http::{BoxFuture, HttpResponse, Method};
use crate::profile::{self, Env};
use bytes::Bytes;
use std::collections::HashMap;
use std::time::{Duration, SystemTime};

/// The IPv4 endpoint.
const IPV4_ENDPOINT: &str = "http://169.254.169.254";
/// The IPv6 endpoint.
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
/// The session token's lifetime asked for (6 hours, as botocore).
const TOKEN_TTL_SECONDS: &str = "21600";
/// Where the role's name, then its credentials, are.
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
/// Credentials IMDS hands out that expire sooner than this (or have expired: IMDS may be
/// unable to refresh them during an outage) are used this much longer, as botocore does
/// ("static stability"), instead of failing every request.
const STATIC_STABILITY_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Credentials of the EC2 instance profile, from the instance metadata service.
///
/// IMDSv2 first (a `PUT /latest/api/token` session token, sent with the next requests); when
/// the token request is refused with 403, 404 or 405 (IMDSv1 only), the requests go without
/// it, unless `AWS_EC2_METADATA_V1_DISABLED` (or the profile's `ec2_metadata_v1_disabled`) is
/// `true`. Configuration, environment first, then the active profile:
///
/// * `AWS_EC2_METADATA_DISABLED=true`: no credentials from here;
/// * `AWS_EC2_METADATA_SERVICE_ENDPOINT` / `ec2_metadata_service_endpoint`: the endpoint;
/// * `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` / `ec2_metadata_service_endpoint_mode`: `IPv4`
///   (`http://169.254.169.254`, default) or `IPv6` (`http://[fd00:ec2::254]`).
///
/// A service that cannot be reached (not on EC2) means no credentials. Timeouts of 1 s, one
/// attempt (botocore's defaults).
#[derive(Debug, Clone)]
pub struct ImdsCredentialsProvider {
    env: Env,
    fetcher: Fetcher,
}

impl Default for ImdsCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

/// The settings of one fetch.
struct Settings {
    endpoint: String,
    v1_disabled: bool,
}

impl ImdsCredentialsProvider {
    /// Reads the process environment and the shared files (at each call).
    pub fn new() -> Self {
        Self::with_env(Env::process())
    }

    /// Reads `vars` instead of the process environment.
    pub fn from_env_map(vars: HashMap<String, String>) -> Self {
        Self::with_env(Env::from_map(vars))
    }

    pub(crate) fn with_env(env: Env) -> Self {
        Self {
            env,
            fetcher: Fetcher::new(Duration::from_secs(1)),
        }
    }

    /// Reads the settings (the profile only when the environment does not say).
    async fn settings(&self) -> LoadResult<Settings> {
        let env = self.env.clone();
        off_the_executor("instance metadata", move || {
            let disabled = env
                .get("AWS_EC2_METADATA_DISABLED")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
            if disabled {
                return Err(CredentialsError::not_loaded(
                    "instance metadata is disabled by AWS_EC2_METADATA_DISABLED",
                ));
            }
            let mut profile = None;
            let mut setting = |var: &str, key: &str| -> LoadResult<Option<String>> {
                if let Some(value) = env.get_non_empty(var) {
                    return Ok(Some(value.trim().to_string()));
                }
                if profile.is_none() {
                    profile = Some(profile::load_profile(&env).map_err(|e| {
                        CredentialsError::invalid_configuration(format!("instance metadata: {e}"))
                    })?);
                }
                Ok(profile
                    .as_ref()
                    .and_then(|p| p.get(key))
                    .map(|v| v.trim().to_string()))
            };
            let endpoint = setting(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                "ec2_metadata_service_endpoint",
            )?;
            let mode = setting(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                "ec2_metadata_service_endpoint_mode",
            )?;
            let v1_disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            let endpoint = match (endpoint, mode.as_deref()) {
                (Some(endpoint), _) => {
                    parse_endpoint(&endpoint, EndpointOrigin::Builder).map_err(|e| {
                        CredentialsError::invalid_configuration(format!(
                            "instance metadata: invalid endpoint: {e}"
                        ))
                    })?;
                    endpoint.trim_end_matches('/').to_string()
                }
                (None, None) => IPV4_ENDPOINT.to_string(),
                (None, Some(mode)) if mode.eq_ignore_ascii_case("ipv4") => {
                    IPV4_ENDPOINT.to_string()
                }
                (None, Some(mode)) if mode.eq_ignore_ascii_case("ipv6") => {
                    IPV6_ENDPOINT.to_string()
                }
                (None, Some(mode)) => {
                    return Err(CredentialsError::invalid_configuration(format!(
                        "instance metadata: endpoint mode {mode:?} is neither IPv4 nor IPv6"
                    )))
                }
            };
            Ok(Settings {
                endpoint,
                v1_disabled,
            })
        })
        .await
    }

    async fn load(&self) -> LoadResult {
        let settings = self.settings().await?;
        let base = &settings.endpoint;
        let unreachable = |e: crate::error::ConnectorError| {
            CredentialsError::not_loaded(format!(
                "instance metadata service not reachable at {base}: {e}"
            ))
        };
        let token = self
            .fetcher
            .send(
                Method::Put,
                &format!("{base}/latest/api/token"),
                vec![(
                    "x-aws-ec2-metadata-token-ttl-seconds".to_string(),
                    TOKEN_TTL_SECONDS.to_string(),
                )],
                Bytes::new(),
            )
            .await
            .map_err(unreachable)?;
        let token = match token.status {
            200 => Some(String::from_utf8_lossy(&token.body).trim().to_string()),
            403..=405 if !settings.v1_disabled => None,
            status => {
                return Err(CredentialsError::provider_error(format!(
                    "instance metadata at {base}: the IMDSv2 session token request returned \
                     HTTP {status}{}",
                    if settings.v1_disabled {
                        " and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED)"
                    } else {
                        ""
                    }
                )))
            }
        };
        let headers: Vec<(String, String)> = token
            .into_iter()
            .map(|t| ("x-aws-ec2-metadata-token".to_string(), t))
            .collect();
        let get = |path: String| {
            let headers = headers.clone();
            async move {
                self.fetcher
                    .send(Method::Get, &format!("{base}{path}"), headers, Bytes::new())
                    .await
                    .map_err(unreachable)
            }
        };
        let role = get(CREDENTIALS_PATH.to_string()).await?;
        let role = match role.status {
            200 => String::from_utf8_lossy(&role.body)
                .lines()
                .next()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .ok_or_else(|| {
                    CredentialsError::not_loaded(format!(
                        "instance metadata at {base}: no IAM role is attached to this instance"
                    ))
                })?,
            404 => {
                return Err(CredentialsError::not_loaded(format!(
                    "instance metadata at {base}: no IAM role is attached to this instance \
                     (HTTP 404)"
                )))
            }
            _ => return Err(status_error(base, "the role name", &role)),
        };
        let response = get(format!("{CREDENTIALS_PATH}{}", crate::encode::label(&role))).await?;
        if response.status != 200 {
            return Err(status_error(base, "the role's credentials", &response));
        }
        let what = format!("instance metadata at {base} (role {role})");
        let json: serde_json::Value = serde_json::from_slice(&response.body).map_err(|e| {
            CredentialsError::provider_error(format!("{what}: the response is not JSON: {e}"))
        })?;
        if let Some(code) = json.get("Code").and_then(serde_json::Value::as_str) {
            if code != "Success" {
                let message = json
                    .get("Message")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("");
                return Err(CredentialsError::provider_error(format!(
                    "{what} returned {code}: {message}"
                )));
            }
        }
        let credentials = credentials_from_json(&json, "Token", true, &what)?;
        Ok(extend_if_expiring(credentials, SystemTime::now()))
    }
}

/// An error for a response with an unexpected status.
fn status_error(base: &str, what: &str, response: &HttpResponse) -> CredentialsError {
    CredentialsError::provider_error(format!(
        "instance metadata at {base}: reading {what} returned HTTP {}: {}",
        response.status,
        body_excerpt(&response.body)
    ))
}

/// Static stability: credentials expiring within [`STATIC_STABILITY_WINDOW`] are used until
/// `now` plus that window.
fn extend_if_expiring(credentials: Credentials, now: SystemTime) -> Credentials {
    match credentials.expiry() {
        Some(expiry) if expiry < now + STATIC_STABILITY_WINDOW => {
            tracing::warn!(
                "the instance metadata service handed out credentials that expire within 15 \
                 minutes; using them for 15 more minutes before refreshing"
            );
            credentials.with_expiry(now + STATIC_STABILITY_WINDOW)
        }
        _ => credentials,
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::block_on;
    use crate::profile::tests::env;

    #[test]
    fn settings_from_environment() {
        let p = |pairs: &[(&str, &str)]| {
            let mut pairs = pairs.to_vec();
            pairs.push(("AWS_CONFIG_FILE", "/nonexistent/config"));
            pairs.push(("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"));
            block_on(ImdsCredentialsProvider::with_env(env(&pairs)).settings())
        };
        assert_eq!(p(&[]).ok().unwrap().endpoint, IPV4_ENDPOINT);
        assert_eq!(
            p(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")])
                .ok()
                .unwrap()
                .endpoint,
            IPV6_ENDPOINT
        );
        assert_eq!(
            p(&[
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")
            ])
            .ok()
            .unwrap()
            .endpoint,
            "http://127.0.0.1:9"
        );
        let e = p(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5")])
            .err()
            .unwrap();
        assert!(!e.is_not_loaded() && e.to_string().contains("ipv5"), "{e}");
        let e = p(&[("AWS_EC2_METADATA_DISABLED", "true")]).err().unwrap();
        assert!(e.is_not_loaded(), "{e}");
        assert!(
            p(&[("AWS_EC2_METADATA_V1_DISABLED", "TRUE")])
                .ok()
                .unwrap()
                .v1_disabled
        );
    }

    #[test]
    fn static_stability() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let c = Credentials::new("A", "B", None);
        let expired = extend_if_expiring(c.clone().with_expiry(now - Duration::from_secs(1)), now);
        assert_eq!(expired.expiry(), Some(now + STATIC_STABILITY_WINDOW));
        let later = now + Duration::from_secs(6 * 3600);
        assert_eq!(
            extend_if_expiring(c.with_expiry(later), now).expiry(),
            Some(later)
        );
    }
}
