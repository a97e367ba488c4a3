//! Step 2: a missing signing name is the endpoint prefix of the servers' URL.
//!
//! **Quirk.** The converter copies the model's `signingName` into `info.x-aws-signingName`,
//! but many models (API Gateway, Lambda, Glacier, Kinesis Video, …) have none, and their
//! documents then have no signing name at all.
//!
//! **Real behaviour.** AWS SDKs sign with the model's `signingName`, falling back to its
//! `endpointPrefix` (botocore: `service_model.signing_name`), which is the first label of the
//! service's host: `https://kinesisvideo.{region}.amazonaws.com` → `kinesisvideo` (for the
//! `kinesis-video-media` service). This step sets `x-aws-signingName` to that label when the
//! document has no signing name, taken from the regional AWS endpoints first
//! (`{prefix}.{region}.amazonaws.com[.cn]`), then other `amazonaws.com` hosts, then any (https
//! before http, then in document order): Chime lists `service.chime.aws.amazon.com` first, but
//! its endpoint prefix is `chime` (`chime.{region}.amazonaws.com.cn`). A host starting with a
//! variable (`{region}.…`) gives no prefix; lowering then reports the missing name.

use crate::aws;
use crate::error::Result;
use crate::normalize::Normalized;
use openapiv3::OpenAPI;

/// The step: fills in `info.x-aws-signingName` when it is missing.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    signing_name_from_servers(&mut doc.api);
    Ok(())
}

/// Sets `info.x-aws-signingName` to the servers' endpoint prefix if it is missing.
pub fn signing_name_from_servers(api: &mut OpenAPI) {
    if api
        .info
        .extensions
        .contains_key(aws::SIGNING_NAME_EXTENSION)
    {
        return;
    }
    let mut servers: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    servers.sort_by_key(|url| {
        let host = url
            .split_once("://")
            .map_or(*url, |(_, rest)| rest)
            .split(['/', ':'])
            .next()
            .unwrap_or_default();
        let aws = host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn");
        let regional = aws && host.contains("{region}");
        (!regional, !aws, !url.starts_with("https://"))
    });
    if let Some(prefix) = servers.into_iter().find_map(endpoint_prefix) {
        api.info.extensions.insert(
            aws::SIGNING_NAME_EXTENSION.to_owned(),
            serde_json::Value::String(prefix.to_owned()),
        );
    }
}

/// The first label of a server URL's host: `https://ivs.{region}.amazonaws.com` → `ivs`;
/// `None` if the host starts with a variable or has a single label.
pub fn endpoint_prefix(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':']).next()?;
    let (label, _) = host.split_once('.')?;
    let valid = !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::test_support::doc;

    const DOC: &str = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\nservers:\n  - url: 'http://other.{region}.amazonaws.com'\n  - url: 'https://kinesisvideo.{region}.amazonaws.com'\n";

    fn name(api: &OpenAPI) -> Option<&str> {
        api.info
            .extensions
            .get(aws::SIGNING_NAME_EXTENSION)
            .and_then(|v| v.as_str())
    }

    #[test]
    fn falls_back_to_the_https_endpoint_prefix() {
        let mut api = doc(DOC);
        signing_name_from_servers(&mut api);
        assert_eq!(name(&api), Some("kinesisvideo"));
    }

    #[test]
    fn prefers_regional_aws_endpoints() {
        let mut api = doc("openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\nservers:\n  - url: 'https://service.chime.aws.amazon.com'\n  - url: 'http://chime.{region}.amazonaws.com.cn'\n  - url: 'https://chime.{region}.amazonaws.com.cn'\n");
        signing_name_from_servers(&mut api);
        assert_eq!(name(&api), Some("chime"));
    }

    #[test]
    fn keeps_a_declared_signing_name() {
        let mut api = doc(&DOC.replace("version: '1'", "version: '1', x-aws-signingName: kv"));
        signing_name_from_servers(&mut api);
        assert_eq!(name(&api), Some("kv"));
    }

    #[test]
    fn endpoint_prefixes() {
        assert_eq!(
            endpoint_prefix("https://es.{region}.amazonaws.com"),
            Some("es")
        );
        assert_eq!(
            endpoint_prefix("https://cloudfront.amazonaws.com/"),
            Some("cloudfront")
        );
        assert_eq!(endpoint_prefix("https://{region}.example.com"), None);
        assert_eq!(endpoint_prefix("https://localhost:8080"), None);
    }
}
