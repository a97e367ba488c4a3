//! Endpoint resolution from the service metadata the generator writes (`src/endpoint.rs`).

/// Static facts about a service, written by the generator from the document. Used by generated code.
#[derive(Debug)]
pub struct ServiceMetadata {
    /// The generated crate's package name, for the `user-agent` header.
    pub crate_name: &'static str,
    /// The generated crate's version, for the `user-agent` header.
    pub crate_version: &'static str,
    /// Service id (`x-serviceName`), e.g. `ivs-realtime`.
    pub service_id: &'static str,
    /// SigV4 signing name (`x-aws-signingName`), e.g. `ivs`.
    pub signing_name: &'static str,
    /// The SDK id (`x-aws-sdk-id`, botocore's `serviceId`), e.g. `IVS RealTime`, empty when the
    /// document has none: `Config::from_env` then also reads `AWS_ENDPOINT_URL_IVS_REALTIME`
    /// and the `ivs_realtime` key of a `[services]` section.
    pub sdk_id: &'static str,
    /// API version (`info.version`).
    pub api_version: &'static str,
    /// Endpoint rules in document order; the first whose `regions` contains the region wins.
    pub endpoints: &'static [EndpointRule],
    /// Template used when no rule lists the region (the document's first https server).
    pub default_endpoint: &'static str,
}

/// One `servers` entry: an https URL template with a `{region}` placeholder and the regions it lists.
#[derive(Debug)]
pub struct EndpointRule {
    /// The regions this rule serves (the `region` variable's `enum` in `servers`).
    pub regions: &'static [&'static str],
    /// An absolute https URL with a `{region}` placeholder.
    pub url_template: &'static str,
}

/// Why no endpoint could be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EndpointError {
    /// No region was configured.
    MissingRegion,
    /// The region is not a valid DNS host label.
    InvalidRegion(String),
    /// The endpoint (override or template) is not an absolute `http(s)://` URL.
    InvalidEndpoint(String),
}

impl std::fmt::Display for EndpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EndpointError::MissingRegion => f.write_str(
                "no region is configured: set one with `Config::builder().region(...)` \
                 or the AWS_REGION environment variable",
            ),
            EndpointError::InvalidRegion(region) => write!(
                f,
                "invalid region {region:?}: a region must be a DNS label \
                 (1 to 63 characters among A-Z, a-z, 0-9 and '-', not starting or ending with '-')"
            ),
            EndpointError::InvalidEndpoint(reason) => write!(f, "invalid endpoint: {reason}"),
        }
    }
}

impl std::error::Error for EndpointError {}

/// A resolved endpoint, split into the parts the request pipeline needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// `http` or `https`.
    pub scheme: String,
    /// The value of the `host` header: host, plus `:port` when the port is not the scheme's default.
    pub authority: String,
    /// A base path, without a trailing `/` (usually empty; an override may carry one).
    pub base_path: String,
}

impl Endpoint {
    /// The absolute URI of `path` (which starts with `/`) and an already encoded query string.
    pub(crate) fn uri(&self, path: &str, query: &str) -> String {
        self.uri_at(&self.authority, path, query)
    }

    /// [`Endpoint::uri`] at `authority` (this endpoint's, or it with a host prefix).
    pub(crate) fn uri_at(&self, authority: &str, path: &str, query: &str) -> String {
        let parts = [
            self.scheme.as_str(),
            "://",
            authority,
            &self.base_path,
            path,
        ];
        let mut uri =
            String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + query.len() + 1);
        for part in parts {
            uri.push_str(part);
        }
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(query);
        }
        uri
    }
}

/// Whether `region` is a valid DNS host label: `[A-Za-z0-9-]{1,63}`, not starting or ending with `-`.
pub(crate) fn is_valid_region(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 63
        && !region.starts_with('-')
        && !region.ends_with('-')
        && region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Where an endpoint URL came from, named in its error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum EndpointOrigin {
    /// `Config::builder().endpoint_url(...)`.
    #[default]
    Builder,
    /// The `AWS_ENDPOINT_URL` environment variable (through `Config::from_env`).
    Environment,
    /// The service's own `AWS_ENDPOINT_URL_<SERVICE>` variable (through `Config::from_env`).
    ServiceEnvironment,
    /// The active profile's `services` section or `endpoint_url` (through `Config::from_env`).
    Profile,
    /// The service's endpoint rules (written by the generator).
    Service,
}

impl std::fmt::Display for EndpointOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EndpointOrigin::Builder => "set with `Config::builder().endpoint_url`",
            EndpointOrigin::Environment => "from the AWS_ENDPOINT_URL environment variable",
            EndpointOrigin::ServiceEnvironment => {
                "from the service's AWS_ENDPOINT_URL_<SERVICE> environment variable"
            }
            EndpointOrigin::Profile => {
                "from the profile's `services` section or `endpoint_url` in the shared config file"
            }
            EndpointOrigin::Service => "from the service's endpoint rules",
        })
    }
}

/// Resolves the endpoint: the override if one is configured (already parsed and validated
/// when the configuration was built), else the first rule of `service` listing `region`, else
/// its default template, with `{region}` substituted. The region is required (and validated)
/// even with an override, since requests are signed for it.
pub(crate) fn resolve(
    service: &ServiceMetadata,
    region: Option<&str>,
    endpoint_override: Option<&Result<Endpoint, EndpointError>>,
) -> Result<Endpoint, EndpointError> {
    if let Some(Err(e)) = endpoint_override {
        return Err(e.clone());
    }
    let region = region.ok_or(EndpointError::MissingRegion)?;
    if !is_valid_region(region) {
        return Err(EndpointError::InvalidRegion(region.to_owned()));
    }
    match endpoint_override {
        Some(parsed) => parsed.clone(),
        None => {
            let template = service
                .endpoints
                .iter()
                .find(|rule| rule.regions.contains(&region))
                .map(|rule| rule.url_template)
                .unwrap_or(service.default_endpoint);
            parse_endpoint(
                &template.replace("{region}", region),
                EndpointOrigin::Service,
            )
        }
    }
}

/// `url` with any user information (`user:password@`) replaced by `***`, for messages.
fn redact_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]).into(),
        None => url.into(),
    }
}

/// Splits and validates an absolute `http(s)://host[:port][/path]` URL: the scheme is `http`
/// or `https`, the host is not empty, an explicit port is in 1-65535, and there is no user
/// information, query or fragment. A path is kept as a prefix of every request path. Errors
/// name the URL (user information redacted), where it came from, and what is wrong with it.
pub(crate) fn parse_endpoint(url: &str, origin: EndpointOrigin) -> Result<Endpoint, EndpointError> {
    let url = url.trim();
    let invalid = |why: &str| {
        EndpointError::InvalidEndpoint(format!("{:?} ({origin}): {why}", redact_userinfo(url)))
    };
    if url.is_empty() {
        return Err(invalid("the URL is empty"));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid("expected an absolute http:// or https:// URL"))?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return Err(invalid("the scheme must be http or https")),
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(invalid(
            "user information (`user:password@`) is not supported: requests are signed with \
             the configured credentials",
        ));
    }
    if path.contains('?') {
        return Err(invalid("an endpoint cannot have a query"));
    }
    if path.contains('#') {
        return Err(invalid("an endpoint cannot have a fragment"));
    }
    if authority.is_empty() {
        return Err(invalid("the host is empty"));
    }
    // `http` reports a port above 65535 as no port at all, which would send the request to
    // the scheme's default port instead: read the port text ourselves (after the last `:` that
    // is not inside an IPv6 literal's brackets) and reject what is not in 1-65535.
    if let Some((_, port)) = authority.rsplit_once(':').filter(|(_, p)| !p.contains(']')) {
        if port.is_empty() {
            return Err(invalid("the port is empty"));
        }
        if !port.bytes().all(|b| b.is_ascii_digit()) || !matches!(port.parse::<u16>(), Ok(1..)) {
            return Err(invalid(&format!("the port {port:?} is not in 1-65535")));
        }
    }
    let parsed = crate::http::uri::parse_authority(authority)
        .map_err(|why| invalid(&format!("the host is not valid: {why}")))?;
    let authority = match parsed.port {
        Some(port) if port.to_string() == default_port => parsed.host.to_owned(),
        _ => authority.to_owned(),
    };
    if path.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(invalid("the path contains spaces or control characters"));
    }
    Ok(Endpoint {
        scheme,
        authority: authority.to_ascii_lowercase(),
        base_path: path.trim_end_matches('/').to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    static TEST_SERVICE: ServiceMetadata = ServiceMetadata {
        crate_name: "generated-sdk",
        crate_version: "0.1.0",
        service_id: "ivs-realtime",
        signing_name: "ivs",
        sdk_id: "IVS RealTime",
        api_version: "2020-07-14",
        endpoints: &[
            EndpointRule {
                regions: &["us-east-1", "eu-west-1"],
                url_template: "https://ivsrealtime.{region}.amazonaws.com",
            },
            EndpointRule {
                regions: &["cn-north-1", "cn-northwest-1"],
                url_template: "https://ivsrealtime.{region}.amazonaws.com.cn",
            },
        ],
        default_endpoint: "https://ivsrealtime.{region}.amazonaws.com",
    };

    /// Resolves with `url` as an override set on the builder.
    fn resolve_override(
        region: Option<&str>,
        url: Option<&str>,
    ) -> Result<Endpoint, EndpointError> {
        let parsed = url.map(|u| parse_endpoint(u, EndpointOrigin::Builder));
        resolve(&TEST_SERVICE, region, parsed.as_ref())
    }

    fn resolve_url(region: Option<&str>, url: Option<&str>) -> Result<String, EndpointError> {
        resolve_override(region, url).map(|e| e.uri("/ListStages", ""))
    }

    #[test]
    fn listed_and_unlisted_regions() {
        assert_eq!(
            resolve_url(Some("us-east-1"), None).unwrap(),
            "https://ivsrealtime.us-east-1.amazonaws.com/ListStages"
        );
        assert_eq!(
            resolve_url(Some("ap-south-2"), None).unwrap(),
            "https://ivsrealtime.ap-south-2.amazonaws.com/ListStages"
        );
    }

    #[test]
    fn china_regions_use_the_cn_rule() {
        assert_eq!(
            resolve_url(Some("cn-north-1"), None).unwrap(),
            "https://ivsrealtime.cn-north-1.amazonaws.com.cn/ListStages"
        );
        let e = resolve_override(Some("cn-northwest-1"), None).unwrap();
        assert_eq!(e.authority, "ivsrealtime.cn-northwest-1.amazonaws.com.cn");
    }

    #[test]
    fn missing_and_invalid_regions() {
        assert_eq!(resolve_url(None, None), Err(EndpointError::MissingRegion));
        for bad in [
            "",
            "-us-east-1",
            "us-east-1-",
            "us_east_1",
            "us-east-1.evil.com",
            "us east",
            "evil.com/x",
            "a:1",
            "é",
            &"a".repeat(64),
        ] {
            assert!(
                matches!(
                    resolve_url(Some(bad), None),
                    Err(EndpointError::InvalidRegion(_))
                ),
                "{bad:?} accepted"
            );
            // Also with an override: the region is still used for signing.
            assert!(resolve_url(Some(bad), Some("http://localhost:1")).is_err());
        }
        assert!(is_valid_region(&"a".repeat(63)));
        assert!(is_valid_region("us-gov-west-1"));
    }

    #[test]
    fn endpoint_override() {
        let e = resolve_override(Some("us-east-1"), Some("http://127.0.0.1:8080/")).unwrap();
        assert_eq!(e.scheme, "http");
        assert_eq!(e.authority, "127.0.0.1:8080");
        assert_eq!(e.base_path, "");
        assert_eq!(e.uri("/stages", "a=b"), "http://127.0.0.1:8080/stages?a=b");

        let e =
            resolve_override(Some("us-east-1"), Some("https://example.com:443/prefix/")).unwrap();
        assert_eq!(e.authority, "example.com");
        assert_eq!(e.uri("/stages", ""), "https://example.com/prefix/stages");

        let e = resolve_override(Some("us-east-1"), Some("HTTPS://Example.com:8443")).unwrap();
        assert_eq!(e.scheme, "https");
        assert_eq!(e.authority, "example.com:8443");

        for bad in [
            "example.com",
            "ftp://example.com",
            "http://",
            "http://a b",
            "http://x?y",
            "http://u@x",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:65536",
            "http://127.0.0.1:0",
            "http://x#frag",
            "http://x:",
            "http://x:http",
        ] {
            assert!(
                matches!(
                    resolve_override(Some("us-east-1"), Some(bad)),
                    Err(EndpointError::InvalidEndpoint(_))
                ),
                "{bad:?} accepted"
            );
        }
        let err = resolve_override(Some("us-east-1"), Some("http://127.0.0.1:99999")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid endpoint: \"http://127.0.0.1:99999\" (set with `Config::builder().endpoint_url`): \
             the port \"99999\" is not in 1-65535"
        );
        let e = resolve_override(Some("us-east-1"), Some("http://127.0.0.1:65535")).unwrap();
        assert_eq!(e.authority, "127.0.0.1:65535");
        let e = resolve_override(Some("us-east-1"), Some("http://[::1]:8080")).unwrap();
        assert_eq!(e.authority, "[::1]:8080");
        let e = resolve_override(Some("us-east-1"), Some("http://[::1]")).unwrap();
        assert_eq!(e.authority, "[::1]");
    }

    /// The message of `url` rejected as an override from the builder.
    fn rejection(url: &str) -> String {
        match parse_endpoint(url, EndpointOrigin::Builder) {
            Err(EndpointError::InvalidEndpoint(why)) => why,
            other => panic!("{url:?} accepted: {other:?}"),
        }
    }

    #[test]
    fn rejections_name_the_problem() {
        let cases = [
            ("", "the URL is empty"),
            ("  ", "the URL is empty"),
            (
                "localhost:8080",
                "expected an absolute http:// or https:// URL",
            ),
            ("ftp://example.com", "the scheme must be http or https"),
            ("http://", "the host is empty"),
            ("http:///path", "the host is empty"),
            ("http://:8080", "the host is empty"),
            (
                "http://127.0.0.1:99999",
                "the port \"99999\" is not in 1-65535",
            ),
            (
                "http://127.0.0.1:99999/",
                "the port \"99999\" is not in 1-65535",
            ),
            ("http://[::1]:99999", "the port \"99999\" is not in 1-65535"),
            ("http://127.0.0.1:0", "the port \"0\" is not in 1-65535"),
            ("http://127.0.0.1:+80", "the port \"+80\" is not in 1-65535"),
            ("http://127.0.0.1:-1", "the port \"-1\" is not in 1-65535"),
            ("http://127.0.0.1:", "the port is empty"),
            ("http://x?y=1", "an endpoint cannot have a query"),
            ("http://x/p?y=1", "an endpoint cannot have a query"),
            ("http://x#f", "an endpoint cannot have a fragment"),
            ("http://x/p#f", "an endpoint cannot have a fragment"),
            ("http://a b", "the host is not valid: the host contains ' '"),
            (
                "http://x/a b",
                "the path contains spaces or control characters",
            ),
        ];
        for (url, why) in cases {
            let message = rejection(url);
            assert!(message.ends_with(why), "{url:?}: {message}");
            assert!(
                message.contains("(set with `Config::builder().endpoint_url`)"),
                "{message}"
            );
        }
        let err = parse_endpoint("http://x:1:2", EndpointOrigin::Environment).unwrap_err();
        assert!(
            err.to_string()
                .contains("(from the AWS_ENDPOINT_URL environment variable)"),
            "{err}"
        );
    }

    #[test]
    fn user_information_is_rejected_and_never_echoed() {
        for url in [
            "http://user:hunter2@127.0.0.1:8080",
            "https://user:hunter2@example.com/prefix",
            "http://a@b:hunter2@example.com",
        ] {
            let message = rejection(url);
            assert!(!message.contains("hunter2"), "{message}");
            assert!(
                !message.contains("//user") && !message.contains("a@b"),
                "{message}"
            );
            assert!(message.contains("***@"), "{message}");
            assert!(message.contains("user information"), "{message}");
        }
        assert_eq!(
            redact_userinfo("http://u:p@h/x@y"),
            "http://***@h/x@y",
            "only the authority is redacted"
        );
        assert_eq!(redact_userinfo("http://h/x@y"), "http://h/x@y");
    }

    #[test]
    fn accepted_overrides() {
        for (url, authority, base_path) in [
            ("http://127.0.0.1:1", "127.0.0.1:1", ""),
            ("http://127.0.0.1:65535", "127.0.0.1:65535", ""),
            ("http://localhost:4566/", "localhost:4566", ""),
            ("https://example.com:443", "example.com", ""),
            ("http://example.com:80/", "example.com", ""),
            ("https://example.com/a/b/", "example.com", "/a/b"),
            (" https://Example.COM:8443 ", "example.com:8443", ""),
            ("http://[::1]:8080", "[::1]:8080", ""),
        ] {
            let e = parse_endpoint(url, EndpointOrigin::Builder)
                .unwrap_or_else(|e| panic!("{url:?}: {e}"));
            assert_eq!(
                (e.authority.as_str(), e.base_path.as_str()),
                (authority, base_path)
            );
        }
    }

    #[test]
    fn a_bad_override_wins_over_a_missing_region() {
        let parsed = parse_endpoint("http://127.0.0.1:99999", EndpointOrigin::Builder);
        assert!(matches!(
            resolve(&TEST_SERVICE, None, Some(&parsed)),
            Err(EndpointError::InvalidEndpoint(_))
        ));
    }
}
