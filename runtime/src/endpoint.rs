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
        let mut uri = format!(
            "{}://{}{}{}",
            self.scheme, self.authority, self.base_path, path
        );
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

/// Resolves the endpoint: `endpoint_url` if set, else the first rule of `service` listing
/// `region`, else its default template, with `{region}` substituted. The region is required
/// (and validated) even with an override, since requests are signed for it.
pub(crate) fn resolve(
    service: &ServiceMetadata,
    region: Option<&str>,
    endpoint_url: Option<&str>,
) -> Result<Endpoint, EndpointError> {
    let region = region.ok_or(EndpointError::MissingRegion)?;
    if !is_valid_region(region) {
        return Err(EndpointError::InvalidRegion(region.to_owned()));
    }
    let url = match endpoint_url {
        Some(url) => url.trim().to_owned(),
        None => {
            let template = service
                .endpoints
                .iter()
                .find(|rule| rule.regions.contains(&region))
                .map(|rule| rule.url_template)
                .unwrap_or(service.default_endpoint);
            template.replace("{region}", region)
        }
    };
    parse_endpoint(&url)
}

/// Splits an absolute `http(s)://host[:port][/path]` URL.
fn parse_endpoint(url: &str) -> Result<Endpoint, EndpointError> {
    let invalid = |why: &str| EndpointError::InvalidEndpoint(format!("{url:?}: {why}"));
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid("expected an absolute http:// or https:// URL"))?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return Err(invalid("the scheme must be http or https")),
    };
    if rest.contains(['?', '#']) {
        return Err(invalid("an endpoint cannot have a query or fragment"));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(invalid("user information is not supported"));
    }
    let parsed: http::uri::Authority = authority
        .parse()
        .map_err(|_| invalid("the host is not valid"))?;
    if parsed.host().is_empty() {
        return Err(invalid("the host is empty"));
    }
    // `http` reports a port above 65535 as no port at all, which would send the request to
    // the scheme's default port instead: read the port text ourselves (after the last `:` that
    // is not inside an IPv6 literal's brackets) and reject what is not in 1-65535.
    if let Some((_, port)) = authority.rsplit_once(':').filter(|(_, p)| !p.contains(']')) {
        if !matches!(port.parse::<u16>(), Ok(1..)) {
            return Err(invalid(&format!("the port {port:?} is not in 1-65535")));
        }
    }
    let authority = match parsed.port_u16() {
        Some(port) if port.to_string() == default_port => parsed.host().to_owned(),
        _ => parsed.as_str().to_owned(),
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

    fn resolve_url(region: Option<&str>, url: Option<&str>) -> Result<String, EndpointError> {
        resolve(&TEST_SERVICE, region, url).map(|e| e.uri("/ListStages", ""))
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
        let e = resolve(&TEST_SERVICE, Some("cn-northwest-1"), None).unwrap();
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
        let e = resolve(
            &TEST_SERVICE,
            Some("us-east-1"),
            Some("http://127.0.0.1:8080/"),
        )
        .unwrap();
        assert_eq!(e.scheme, "http");
        assert_eq!(e.authority, "127.0.0.1:8080");
        assert_eq!(e.base_path, "");
        assert_eq!(e.uri("/stages", "a=b"), "http://127.0.0.1:8080/stages?a=b");

        let e = resolve(
            &TEST_SERVICE,
            Some("us-east-1"),
            Some("https://example.com:443/prefix/"),
        )
        .unwrap();
        assert_eq!(e.authority, "example.com");
        assert_eq!(e.uri("/stages", ""), "https://example.com/prefix/stages");

        let e = resolve(
            &TEST_SERVICE,
            Some("us-east-1"),
            Some("HTTPS://Example.com:8443"),
        )
        .unwrap();
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
                    resolve(&TEST_SERVICE, Some("us-east-1"), Some(bad)),
                    Err(EndpointError::InvalidEndpoint(_))
                ),
                "{bad:?} accepted"
            );
        }
        let err = resolve(
            &TEST_SERVICE,
            Some("us-east-1"),
            Some("http://127.0.0.1:99999"),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid endpoint: \"http://127.0.0.1:99999\": the port \"99999\" is not in 1-65535"
        );
        let e = resolve(
            &TEST_SERVICE,
            Some("us-east-1"),
            Some("http://127.0.0.1:65535"),
        )
        .unwrap();
        assert_eq!(e.authority, "127.0.0.1:65535");
        let e = resolve(&TEST_SERVICE, Some("us-east-1"), Some("http://[::1]:8080")).unwrap();
        assert_eq!(e.authority, "[::1]:8080");
        let e = resolve(&TEST_SERVICE, Some("us-east-1"), Some("http://[::1]")).unwrap();
        assert_eq!(e.authority, "[::1]");
    }
}
