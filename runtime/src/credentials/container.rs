//! Container credentials: ECS task roles and EKS Pod Identity.

use super::fetch::{error_summary, Fetcher};
use super::{
    credentials_from_json, off_the_executor, Credentials, CredentialsError, LoadResult,
    ProvideCredentials,
};
use crate::http::{BoxFuture, Method};
use crate::profile::Env;
use bytes::Bytes;
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

/// The ECS agent's address, which `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to.
const ECS_HOST: &str = "http://169.254.170.2";

/// The hosts a plain-`http` full URI may name besides loopback addresses (botocore's list: the
/// ECS agent, the EKS Pod Identity agent over IPv4 and IPv6, `localhost`).
const ALLOWED_HTTP_HOSTS: [&str; 4] = [
    "169.254.170.2",
    "169.254.170.23",
    "fd00:ec2::23",
    "localhost",
];

/// Attempts per fetch (botocore: 3), for unreachable endpoints and 5xx responses.
const ATTEMPTS: u32 = 3;

/// Credentials from the container credentials endpoint (ECS, EKS Pod Identity).
///
/// * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: a path on the ECS agent, `169.254.170.2`;
/// * else `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URL, or an `http` URL whose host is
///   a loopback address, `localhost`, or the ECS / EKS agent (`169.254.170.2`,
///   `169.254.170.23`, `fd00:ec2::23`), as the official SDKs allow;
/// * the `Authorization` header from the file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read
///   at each fetch; EKS rotates it), else from `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// Without either URI variable it has no credentials. Timeouts of 2 s, 3 attempts.
#[derive(Debug, Clone)]
pub struct ContainerCredentialsProvider {
    env: Env,
    fetcher: Fetcher,
    retry_pause: Duration,
}

impl Default for ContainerCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ContainerCredentialsProvider {
    /// Reads the process environment (at each call).
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
            fetcher: Fetcher::new(Duration::from_secs(2)),
            retry_pause: Duration::from_secs(1),
        }
    }

    /// The endpoint's URL, checked.
    fn url(&self) -> LoadResult<String> {
        if let Some(relative) = self
            .env
            .get_non_empty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        {
            let relative = relative.trim();
            let slash = if relative.starts_with('/') { "" } else { "/" };
            return Ok(format!("{ECS_HOST}{slash}{relative}"));
        }
        let Some(full) = self.env.get_non_empty("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            return Err(CredentialsError::not_loaded(
                "environment variables AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and \
                 AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
            ));
        };
        let full = full.trim().to_string();
        check_full_uri(&full)?;
        Ok(full)
    }

    /// The `Authorization` value, if configured.
    async fn authorization(&self) -> LoadResult<Option<String>> {
        let token = match self
            .env
            .get_non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
        {
            Some(path) => {
                let path = path.trim().to_string();
                Some(
                    off_the_executor("container credentials", move || {
                        std::fs::read_to_string(&path).map_err(|e| {
                            CredentialsError::provider_error(format!(
                                "container credentials: cannot read \
                                 AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {path}: {e}"
                            ))
                        })
                    })
                    .await?,
                )
            }
            None => self.env.get_non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        };
        match token {
            Some(token) if token.contains(['\r', '\n']) => {
                Err(CredentialsError::invalid_configuration(
                    "container credentials: the authorization token contains a line break, \
                     which no HTTP header may hold",
                ))
            }
            token => Ok(token),
        }
    }

    async fn load(&self) -> LoadResult {
        let url = self.url()?;
        let authorization = self.authorization().await?;
        let what = format!("container credentials endpoint {url}");
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        if let Some(token) = authorization {
            headers.push(("authorization".to_string(), token));
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self
                .fetcher
                .send(Method::Get, &url, headers.clone(), Bytes::new())
                .await;
            let retry = match &result {
                Err(_) => true,
                Ok(response) => response.status >= 500,
            };
            if retry && attempt < ATTEMPTS {
                tokio::time::sleep(self.retry_pause).await;
                continue;
            }
            let response = result.map_err(|e| {
                CredentialsError::provider_error(format!("{what} not reachable: {e}"))
                    .with_source(e)
            })?;
            if response.status != 200 {
                return Err(CredentialsError::provider_error(format!(
                    "{what} returned HTTP {}: {}",
                    response.status,
                    error_summary(&response)
                )));
            }
            let json: serde_json::Value = serde_json::from_slice(&response.body).map_err(|e| {
                CredentialsError::provider_error(format!("{what}: the response is not JSON: {e}"))
            })?;
            return credentials_from_json(&json, "Token", true, &what);
        }
    }
}

/// Checks a full URI against the hosts the official SDKs allow.
fn check_full_uri(url: &str) -> LoadResult<()> {
    let invalid = |why: &str| {
        CredentialsError::invalid_configuration(format!(
            "container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI {url:?} {why}"
        ))
    };
    let uri = crate::http::uri::parse(url)
        .map_err(|why| invalid(&format!("is not an http or https URL: {why}")))?;
    if uri.https {
        return Ok(());
    }
    let bare = uri.host.bare();
    let loopback = bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if loopback || ALLOWED_HTTP_HOSTS.contains(&bare.to_ascii_lowercase().as_str()) {
        Ok(())
    } else {
        Err(invalid(&format!(
            "names host {bare:?}: over plain http only a loopback address or one of {} is \
             allowed",
            ALLOWED_HTTP_HOSTS.join(", ")
        )))
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_uri_host_rules() {
        for ok in [
            "https://example.com/creds",
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/x",
            "http://[::1]:9/x",
            "http://localhost:9/x",
            "http://169.254.170.2/v2/credentials",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
        ] {
            assert!(check_full_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/creds",
            "http://169.254.169.254/latest",
            "http://10.0.0.1/x",
            "ftp://127.0.0.1/x",
            "not a url",
        ] {
            let e = check_full_uri(bad).unwrap_err();
            assert!(!e.is_not_loaded(), "{bad}: {e}");
            assert!(e.to_string().contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        }
    }

    #[test]
    fn relative_uri_goes_to_the_ecs_agent() {
        let p = ContainerCredentialsProvider::from_env_map(
            [
                (
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI".to_string(),
                    "/v2/creds?id=1".to_string(),
                ),
                (
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI".to_string(),
                    "http://example.com".to_string(),
                ),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(p.url().unwrap(), "http://169.254.170.2/v2/creds?id=1");
        let none = ContainerCredentialsProvider::from_env_map(HashMap::new());
        assert!(none.url().unwrap_err().is_not_loaded());
    }
}
