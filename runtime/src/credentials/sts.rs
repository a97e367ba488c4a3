//! STS `AssumeRole` and `AssumeRoleWithWebIdentity` over the query protocol: a form-encoded
//! `POST /` answered in XML, parsed with `quick-xml`.

use super::fetch::{body_excerpt, dns_suffix, Fetcher, STS};
use super::{Credentials, CredentialsError, LoadResult, ProvideCredentials};
use crate::encode::query_component;
use crate::endpoint::{parse_endpoint, EndpointOrigin};
use crate::http::{BoxFuture, HttpResponse, Method};
use crate::profile::configured_endpoint;
use crate::profile::{Env, ProfileSet};
use crate::sigv4::{sign, SignableRequest, SigningParams};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The STS API version of the query protocol.
const VERSION: &str = "2011-06-15";

/// How many times an STS call is tried when STS is unavailable, throttles, or (for web
/// identity) cannot reach the identity provider.
const ATTEMPTS: u32 = 3;

/// Where STS is called: the configured override, else the regional endpoint of `region`, else
/// the global endpoint (signed for `us-east-1`).
#[derive(Debug, Clone)]
pub(crate) struct StsEndpoint {
    /// The endpoint override (`AWS_ENDPOINT_URL_STS`, ...), if any.
    pub(crate) url: Option<String>,
    /// The region (of the client's configuration, or the provider's).
    pub(crate) region: Option<String>,
}

impl StsEndpoint {
    /// The endpoint as the environment and the shared files configure it for `profile`.
    pub(crate) fn configured(
        env: &Env,
        profiles: Option<&ProfileSet>,
        profile: &str,
        region: Option<String>,
    ) -> Self {
        Self {
            url: configured_endpoint(env, profiles, profile, STS).map(|(url, _)| url),
            region,
        }
    }

    fn signing_region(&self) -> &str {
        self.region.as_deref().unwrap_or("us-east-1")
    }

    fn url(&self) -> String {
        match (&self.url, &self.region) {
            (Some(url), _) => url.clone(),
            (None, Some(region)) => format!("https://sts.{region}.{}", dns_suffix(region)),
            (None, None) => "https://sts.amazonaws.com".to_string(),
        }
    }
}

/// What to assume: a role, with the optional parameters of a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RoleRequest {
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<u32>,
}

/// A role session name when none is configured (`sdk-runtime-<milliseconds>`).
fn default_session_name() -> String {
    let millis = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("sdk-runtime-{millis}")
}

/// Calls STS `AssumeRole` with `source` credentials.
pub(crate) async fn assume_role(
    fetcher: &Fetcher,
    endpoint: &StsEndpoint,
    source: &Credentials,
    role: &RoleRequest,
) -> LoadResult {
    let mut form = vec![
        ("Action", "AssumeRole".to_string()),
        ("Version", VERSION.to_string()),
        ("RoleArn", role.role_arn.clone()),
        (
            "RoleSessionName",
            role.session_name
                .clone()
                .unwrap_or_else(default_session_name),
        ),
    ];
    if let Some(id) = &role.external_id {
        form.push(("ExternalId", id.clone()));
    }
    if let Some(seconds) = role.duration_seconds {
        form.push(("DurationSeconds", seconds.to_string()));
    }
    call(
        fetcher,
        endpoint,
        "AssumeRole",
        &form,
        Some(source),
        &role.role_arn,
    )
    .await
}

/// Calls STS `AssumeRoleWithWebIdentity` (unsigned) with `token`.
pub(crate) async fn assume_role_with_web_identity(
    fetcher: &Fetcher,
    endpoint: &StsEndpoint,
    token: &str,
    role_arn: &str,
    session_name: Option<&str>,
) -> LoadResult {
    let form = vec![
        ("Action", "AssumeRoleWithWebIdentity".to_string()),
        ("Version", VERSION.to_string()),
        ("RoleArn", role_arn.to_string()),
        (
            "RoleSessionName",
            session_name.map_or_else(default_session_name, str::to_string),
        ),
        ("WebIdentityToken", token.to_string()),
    ];
    call(
        fetcher,
        endpoint,
        "AssumeRoleWithWebIdentity",
        &form,
        None,
        role_arn,
    )
    .await
}

/// Sends `form` to STS (signed with `signer` if given), with retries, and reads the credentials
/// of the `action` response.
async fn call(
    fetcher: &Fetcher,
    endpoint: &StsEndpoint,
    action: &str,
    form: &[(&str, String)],
    signer: Option<&Credentials>,
    role_arn: &str,
) -> LoadResult {
    let what = format!("STS {action} for {role_arn}");
    let url = endpoint.url();
    let parsed = parse_endpoint(&url, EndpointOrigin::Builder).map_err(|e| {
        CredentialsError::invalid_configuration(format!("{what}: invalid STS endpoint: {e}"))
    })?;
    let body = Bytes::from(
        form.iter()
            .map(|(k, v)| format!("{}={}", query_component(k), query_component(v)))
            .collect::<Vec<_>>()
            .join("&"),
    );
    let path = format!("{}/", parsed.base_path);
    let uri = parsed.uri("/", "");
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut headers = vec![
            ("host".to_string(), parsed.authority.clone()),
            (
                "content-type".to_string(),
                "application/x-www-form-urlencoded; charset=utf-8".to_string(),
            ),
        ];
        if let Some(credentials) = signer {
            let signed = sign(
                &SignableRequest {
                    method: "POST",
                    path: &path,
                    query: &[],
                    headers: &headers,
                    body: &body,
                    payload_hash: None,
                },
                &SigningParams {
                    access_key_id: credentials.access_key_id(),
                    secret_access_key: credentials.secret_access_key(),
                    session_token: credentials.session_token(),
                    region: endpoint.signing_region(),
                    service: "sts",
                    time: SystemTime::now(),
                },
            );
            headers.extend(signed.headers);
        }
        let result = fetcher
            .send(Method::Post, &uri, headers, body.clone())
            .await;
        let retryable = match &result {
            Err(_) => true,
            Ok(response) if response.status == 200 => false,
            Ok(response) => {
                response.status >= 500
                    || matches!(
                        error_code(response).as_deref(),
                        Some("IDPCommunicationError" | "Throttling" | "ThrottlingException")
                    )
            }
        };
        if retryable && attempt < ATTEMPTS {
            tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
            continue;
        }
        let response = result.map_err(|e| {
            CredentialsError::provider_error(format!("{what}: STS at {url} not reachable: {e}"))
                .with_source(e)
        })?;
        return parse_response(&response, action, &what);
    }
}

/// The `Code` of an STS error response.
fn error_code(response: &HttpResponse) -> Option<String> {
    xml_leaves(&response.body)
        .ok()?
        .remove("ErrorResponse/Error/Code")
}

/// Credentials from a 200 response to `action`, or the error STS returned (status, code,
/// message and request id; never the body of a successful response).
fn parse_response(response: &HttpResponse, action: &str, what: &str) -> LoadResult {
    if response.status != 200 {
        let message = match xml_leaves(&response.body) {
            Ok(mut leaves) => {
                let code = leaves.remove("ErrorResponse/Error/Code");
                let text = leaves.remove("ErrorResponse/Error/Message");
                let request_id = leaves.remove("ErrorResponse/RequestId");
                format!(
                    "HTTP {}: {}{}{}",
                    response.status,
                    code.as_deref().unwrap_or("(no error code)"),
                    text.map(|m| format!(": {m}")).unwrap_or_default(),
                    request_id
                        .map(|id| format!(" (request id {id})"))
                        .unwrap_or_default()
                )
            }
            Err(_) => format!("HTTP {}: {}", response.status, body_excerpt(&response.body)),
        };
        return Err(CredentialsError::provider_error(format!(
            "{what} failed: {message}"
        )));
    }
    let mut leaves = xml_leaves(&response.body).map_err(|e| {
        CredentialsError::provider_error(format!("{what}: the response is not XML: {e}"))
    })?;
    let prefix = format!("{action}Response/{action}Result/Credentials/");
    let mut take = |key: &str| {
        leaves.remove(&format!("{prefix}{key}")).ok_or_else(|| {
            CredentialsError::provider_error(format!(
                "{what}: the response has no Credentials/{key}"
            ))
        })
    };
    let credentials = Credentials::new(
        take("AccessKeyId")?,
        take("SecretAccessKey")?,
        Some(take("SessionToken")?),
    );
    let expiration = take("Expiration")?;
    Ok(credentials.with_expiry(super::parse_expiration(&expiration, what)?))
}

/// The text of every element of an XML document that holds text, by the `/`-joined local
/// names of its path (the first occurrence of a path wins).
pub(crate) fn xml_leaves(body: &[u8]) -> Result<HashMap<String, String>, String> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut leaves = HashMap::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(start) => {
                path.push(start.local_name().as_ref().to_string());
                current.clear();
            }
            Event::End(_) => {
                if !current.trim().is_empty() {
                    leaves
                        .entry(path.join("/"))
                        .or_insert_with(|| current.trim().to_string());
                }
                current.clear();
                path.pop();
            }
            Event::Text(t) => current.push_str(&t.xml10_content()),
            Event::CData(t) => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    current.push(c);
                } else {
                    let name = r.xml10_content();
                    let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{name};"))?;
                    current.push_str(resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(format!("unclosed element <{}>", path.join("/")));
    }
    Ok(leaves)
}

/// Credentials of a role, assumed with credentials from a source provider (STS `AssumeRole`).
///
/// Used by [`ProfileFileCredentialsProvider`](super::ProfileFileCredentialsProvider) for
/// `role_arn` profiles; usable alone over any source:
///
/// ```no_run
/// use sdk_runtime::credentials::{AssumeRoleProvider, EnvironmentVariableCredentialsProvider};
///
/// let provider = AssumeRoleProvider::new(
///     "arn:aws:iam::123456789012:role/deployer",
///     EnvironmentVariableCredentialsProvider::new(),
/// )
/// .region("eu-west-1")
/// .session_name("deploy");
/// ```
#[derive(Debug, Clone)]
pub struct AssumeRoleProvider {
    role: RoleRequest,
    endpoint: StsEndpoint,
    source: Arc<dyn ProvideCredentials>,
    fetcher: Fetcher,
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` with the credentials of `source`, at the global STS endpoint until
    /// [`AssumeRoleProvider::region`] or [`AssumeRoleProvider::endpoint_url`] says otherwise.
    pub fn new(role_arn: impl Into<String>, source: impl ProvideCredentials + 'static) -> Self {
        Self {
            role: RoleRequest {
                role_arn: role_arn.into(),
                ..RoleRequest::default()
            },
            endpoint: StsEndpoint {
                url: None,
                region: None,
            },
            source: Arc::new(source),
            fetcher: Fetcher::new(Duration::from_secs(5)),
        }
    }

    /// Calls the regional STS endpoint of `region` (and signs for it).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.endpoint.region = Some(region.into());
        self
    }

    /// Calls STS at `url` instead.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint.url = Some(url.into());
        self
    }

    /// The role session name (default `sdk-runtime-<milliseconds>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.role.session_name = Some(name.into());
        self
    }

    /// The external id the role's trust policy requires.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.role.external_id = Some(id.into());
        self
    }

    /// How long the role session lasts (STS's default is one hour).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.role.duration_seconds = Some(duration.as_secs().min(u64::from(u32::MAX)) as u32);
        self
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let source = self.source.provide_credentials().await.map_err(|e| {
                CredentialsError::provider_error(format!(
                    "the source credentials for assuming {} failed: {e}",
                    self.role.role_arn
                ))
                .with_source(e)
            })?;
            assume_role(&self.fetcher, &self.endpoint, &source, &self.role).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_leaves_by_path() {
        let xml = br#"<?xml version="1.0"?>
<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>AKID</AccessKeyId>
      <SecretAccessKey>se&amp;cr&#x65;t</SecretAccessKey>
      <SessionToken><![CDATA[to<ken]]></SessionToken>
      <Expiration>2030-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser><Arn>arn</Arn></AssumedRoleUser>
  </AssumeRoleResult>
</AssumeRoleResponse>"#;
        let leaves = xml_leaves(xml).unwrap();
        let p = "AssumeRoleResponse/AssumeRoleResult/Credentials/";
        assert_eq!(leaves[&format!("{p}AccessKeyId")], "AKID");
        assert_eq!(leaves[&format!("{p}SecretAccessKey")], "se&cret");
        assert_eq!(leaves[&format!("{p}SessionToken")], "to<ken");
        let response = HttpResponse {
            status: 200,
            headers: vec![],
            body: xml.to_vec(),
        };
        let c = parse_response(&response, "AssumeRole", "test").unwrap();
        assert_eq!(c.access_key_id(), "AKID");
        assert_eq!(c.secret_access_key(), "se&cret");
        assert!(c.expiry().is_some());

        assert!(xml_leaves(b"<a><b>x</b>").is_err());
        assert!(xml_leaves(b"<a>&bogus;</a>").is_err());
        assert!(xml_leaves(b"not xml <").is_err() || xml_leaves(b"not xml <").unwrap().is_empty());
    }

    #[test]
    fn error_responses_name_status_code_and_request_id() {
        let body = br#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error>
  <RequestId>req-1</RequestId>
</ErrorResponse>"#;
        let response = HttpResponse {
            status: 403,
            headers: vec![],
            body: body.to_vec(),
        };
        let e = parse_response(&response, "AssumeRole", "STS AssumeRole for arn:r").unwrap_err();
        assert_eq!(
            e.message(),
            "STS AssumeRole for arn:r failed: HTTP 403: AccessDenied: not allowed (request id req-1)"
        );
        let missing = HttpResponse {
            status: 200,
            headers: vec![],
            body: b"<AssumeRoleResponse/>".to_vec(),
        };
        let e = parse_response(&missing, "AssumeRole", "w").unwrap_err();
        assert!(e.message().contains("no Credentials/AccessKeyId"), "{e}");
    }

    #[test]
    fn endpoints() {
        let e = |url: Option<&str>, region: Option<&str>| StsEndpoint {
            url: url.map(str::to_string),
            region: region.map(str::to_string),
        };
        assert_eq!(e(None, None).url(), "https://sts.amazonaws.com");
        assert_eq!(e(None, None).signing_region(), "us-east-1");
        assert_eq!(
            e(None, Some("eu-west-1")).url(),
            "https://sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            e(None, Some("cn-north-1")).url(),
            "https://sts.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            e(Some("http://127.0.0.1:9"), Some("eu-west-1")).url(),
            "http://127.0.0.1:9"
        );
    }
}
