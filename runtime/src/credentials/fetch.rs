//! What the network providers share: a small HTTP client with short timeouts that keeps no
//! idle connection, and the endpoint overrides of STS and the SSO portal.

use crate::error::ConnectorError;
use crate::http::{DefaultHttpClient, HttpClient, HttpRequest, HttpResponse, Method};
use crate::profile::CalledService;
use bytes::Bytes;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The largest response a credentials endpoint may send (real ones are a few kB).
const MAX_BODY: usize = 1024 * 1024;

/// The `user-agent` of credential requests.
const USER_AGENT: &str = concat!("sdk-runtime/", env!("CARGO_PKG_VERSION"), " credentials");

/// An HTTP client for one provider, created on first use.
pub(crate) struct Fetcher {
    timeout: Duration,
    client: OnceLock<Arc<dyn HttpClient>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Clone for Fetcher {
    fn clone(&self) -> Self {
        Self::new(self.timeout)
    }
}

impl Fetcher {
    /// Connections must be made, and each read answered, within `timeout`.
    pub(crate) fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            client: OnceLock::new(),
        }
    }

    /// Sends one request (a `user-agent` is added).
    pub(crate) async fn send(
        &self,
        method: Method,
        uri: &str,
        mut headers: Vec<(String, String)>,
        body: Bytes,
    ) -> Result<HttpResponse, ConnectorError> {
        let client = self
            .client
            .get_or_init(|| {
                Arc::new(DefaultHttpClient::without_pool(
                    Some(self.timeout),
                    Some(self.timeout),
                    MAX_BODY,
                ))
            })
            .clone();
        headers.push(("user-agent".to_string(), USER_AGENT.to_string()));
        client
            .call(HttpRequest {
                method,
                uri: uri.to_string(),
                headers,
                body,
            })
            .await
    }
}

/// STS.
pub(crate) const STS: CalledService<'static> = CalledService {
    env_suffix: "STS",
    services_key: "sts",
};

/// The SSO portal.
pub(crate) const SSO: CalledService<'static> = CalledService {
    env_suffix: "SSO",
    services_key: "sso",
};

/// The DNS suffix of `region`'s partition.
pub(crate) fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// `Code: message` of a JSON error response, for an error message: the code from the
/// `x-amzn-ErrorType` header, else the body's `Code` or `__type`; the message from its
/// `Message` or `message`; else an excerpt of the body.
pub(crate) fn error_summary(response: &HttpResponse) -> String {
    let json: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
    let field = |key: &str| {
        json.as_ref()
            .and_then(|j| j.get(key))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    let code = response
        .header("x-amzn-errortype")
        .map(|c| c.split(':').next().unwrap_or(c).to_string())
        .or_else(|| field("Code"))
        .or_else(|| field("__type"));
    let message = field("Message").or_else(|| field("message"));
    match (code, message) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code,
        (None, Some(message)) => message,
        (None, None) => body_excerpt(&response.body),
    }
}

/// The text of a response body for an error message: at most 256 bytes, on a character
/// boundary. Only for bodies that carry no credentials (error responses).
pub(crate) fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut cut = text.len().min(256);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if cut < text.len() {
        format!("{}…", &text[..cut])
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::env;
    use crate::profile::{configured_endpoint, EndpointSource, ProfileSet};

    #[test]
    fn endpoint_precedence() {
        let set = ProfileSet {
            profiles: [(
                "p".to_string(),
                [
                    ("services".to_string(), "local".to_string()),
                    ("endpoint_url".to_string(), "http://profile".to_string()),
                ]
                .into_iter()
                .collect(),
            )]
            .into_iter()
            .collect(),
            services: [(
                "local".to_string(),
                [(
                    "sts".to_string(),
                    "\nendpoint_url = http://services-sts/".to_string(),
                )]
                .into_iter()
                .collect(),
            )]
            .into_iter()
            .collect(),
            ..ProfileSet::default()
        };
        let at = |pairs: &[(&str, &str)], service| {
            configured_endpoint(&env(pairs), Some(&set), "p", service).map(|(url, _)| url)
        };
        let source = |pairs: &[(&str, &str)]| {
            configured_endpoint(&env(pairs), Some(&set), "p", STS).map(|(_, source)| source)
        };
        assert_eq!(
            source(&[("AWS_ENDPOINT_URL_STS", "http://x")]),
            Some(EndpointSource::ServiceVariable)
        );
        assert_eq!(
            source(&[("AWS_ENDPOINT_URL", "http://x")]),
            Some(EndpointSource::Variable)
        );
        assert_eq!(source(&[]), Some(EndpointSource::Profile));
        // A service without an id for variables still reads the general ones.
        let anonymous = CalledService {
            env_suffix: "",
            services_key: "sts",
        };
        assert_eq!(
            at(&[("AWS_ENDPOINT_URL_", "http://odd")], anonymous),
            Some("http://services-sts".into())
        );
        assert_eq!(
            at(
                &[
                    ("AWS_ENDPOINT_URL_STS", "http://sts-env"),
                    ("AWS_ENDPOINT_URL", "http://global")
                ],
                STS
            ),
            Some("http://sts-env".into())
        );
        assert_eq!(
            at(&[("AWS_ENDPOINT_URL", "http://global")], STS),
            Some("http://global".into())
        );
        assert_eq!(at(&[], STS), Some("http://services-sts".into()));
        assert_eq!(at(&[], SSO), Some("http://profile".into()));
        assert_eq!(
            at(
                &[
                    ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
                    ("AWS_ENDPOINT_URL", "http://global")
                ],
                STS
            ),
            None
        );
        assert_eq!(configured_endpoint(&env(&[]), None, "p", STS), None);
        assert_eq!(dns_suffix("cn-north-1"), "amazonaws.com.cn");
        assert_eq!(body_excerpt(&[b'x'; 300]).chars().count(), 257);
    }

    #[test]
    fn error_summaries_of_the_container_endpoint_and_the_sso_portal() {
        let response = |headers: &[(&str, &str)], body: &str| HttpResponse {
            status: 400,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        };
        assert_eq!(
            error_summary(&response(&[], r#"{"Code":"AccessDenied","Message":"no"}"#)),
            "AccessDenied: no"
        );
        assert_eq!(
            error_summary(&response(
                &[("x-amzn-ErrorType", "UnauthorizedException:http://internal/")],
                r#"{"message":"expired"}"#
            )),
            "UnauthorizedException: expired"
        );
        assert_eq!(
            error_summary(&response(&[], r#"{"__type":"Throttling"}"#)),
            "Throttling"
        );
        assert_eq!(error_summary(&response(&[], "plain text")), "plain text");
    }
}
