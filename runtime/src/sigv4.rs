//! AWS Signature Version 4 (header signing, non-S3 rules).
//!
//! The steps follow the AWS documentation ("Create a signed AWS API request"):
//!
//! 1. **Canonical request**: method, canonical URI, canonical query, canonical headers, signed
//!    header names and the hex SHA-256 of the body, separated by `\n`.
//!    * The URI path is normalized (dot segments removed, runs of `/` collapsed) and every
//!      segment is percent-encoded *again* (the path arrives already encoded, so `%3A`
//!      becomes `%253A`), keeping the `/` separators.
//!    * Query parameters are percent-encoded (RFC 3986 unreserved set) and sorted by encoded
//!      key, then value; repeated keys are all kept.
//!    * Header names are lowercased, values trimmed with inner whitespace runs collapsed to one
//!      space; repeated headers are joined with `,` in their original order. Every header given
//!      is signed except `user-agent`, `authorization`, `expect` and `x-amzn-trace-id` (as
//!      botocore does), plus the `x-amz-date` and `x-amz-security-token` the signer adds.
//! 2. **String to sign**: `AWS4-HMAC-SHA256`, the `x-amz-date` time, the credential scope
//!    `date/region/service/aws4_request` and the hex SHA-256 of the canonical request.
//! 3. **Signature**: HMAC-SHA256 chain `AWS4<secret>` → date → region → service →
//!    `aws4_request`, then HMAC of the string to sign, hex-encoded.
//!
//! No `x-amz-content-sha256` header is sent (that is an S3 rule), except that an operation whose
//! body is not signed (`v4-unsigned-body` in AWS's model) signs [`UNSIGNED_PAYLOAD`] in place of
//! the body's hash and sends that header saying so, over https (botocore's rule).

use crate::encode;
use crate::primitives::DateTime;
use ring::{digest, hmac};
use std::borrow::Cow;
use std::time::SystemTime;

/// The SigV4 algorithm name.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers never signed: they may be changed by proxies or added after signing.
const UNSIGNED_HEADERS: [&str; 4] = ["user-agent", "authorization", "expect", "x-amzn-trace-id"];

/// Who signs, where and when.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// Access key id.
    pub access_key_id: &'a str,
    /// Secret access key.
    pub secret_access_key: &'a str,
    /// Session token; when set, `x-amz-security-token` is added and signed.
    pub session_token: Option<&'a str>,
    /// Region, e.g. `us-east-1`.
    pub region: &'a str,
    /// Signing name, e.g. `ivs`.
    pub service: &'a str,
    /// Signing time.
    pub time: SystemTime,
}

/// The parts of a request that are signed.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// Method, e.g. `POST`.
    pub method: &'a str,
    /// Path exactly as sent (labels already percent-encoded), e.g. `/tags/arn%3Aaws%3A...`.
    pub path: &'a str,
    /// Query parameters, raw (not encoded), in any order; repeated keys allowed.
    pub query: &'a [(String, String)],
    /// Headers to sign (must include `host`; `content-type` when there is a body).
    pub headers: &'a [(String, String)],
    /// Body bytes.
    pub body: &'a [u8],
    /// The payload hash to sign in place of the hash of `body`: [`UNSIGNED_PAYLOAD`] (the
    /// operations AWS's model marks `v4-unsigned-body`, over https; the caller adds and signs
    /// the `x-amz-content-sha256` header saying so, as botocore does), or the hex SHA-256 of a
    /// body sent from a file. `None`: the hash of `body`.
    pub payload_hash: Option<&'a str>,
}

/// The payload hash of a request whose body is not signed, and the value of its
/// `x-amz-content-sha256` header.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The result of signing.
#[derive(Debug, Clone)]
pub struct SigningOutput {
    /// Headers to add to the request: `x-amz-date`, `x-amz-security-token` (if any), `authorization`.
    pub headers: Vec<(String, String)>,
    /// The canonical request (for tests and debugging).
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
}

/// Signs a request (non-S3 rules: path normalized and double-encoded, payload hash not sent).
///
/// When the request already carries an `x-amz-date` header, its value is the signing time (and
/// no second one is added); likewise an existing `x-amz-security-token` header is signed as is
/// instead of adding the session token. The returned [`SigningOutput::headers`] hold only the
/// headers to add, with lowercase names.
///
/// ```
/// use sdk_runtime::sigv4::{sign, SignableRequest, SigningParams};
/// use std::time::{Duration, SystemTime};
///
/// let headers = vec![("Host".to_string(), "example.amazonaws.com".to_string())];
/// let request = SignableRequest { method: "GET", path: "/", query: &[], headers: &headers, body: b"", payload_hash: None };
/// let params = SigningParams {
///     access_key_id: "AKIDEXAMPLE",
///     secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
///     session_token: None,
///     region: "us-east-1",
///     service: "service",
///     time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160), // 2015-08-30T12:36:00Z
/// };
/// let out = sign(&request, &params);
/// assert_eq!(out.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
/// assert_eq!(out.headers[0], ("x-amz-date".to_string(), "20150830T123600Z".to_string()));
/// ```
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> SigningOutput {
    sign_with(request, params, |date| {
        derive_signing_key(
            params.secret_access_key,
            date,
            params.region,
            params.service,
        )
    })
}

/// [`sign`], taking the signing key from `cache` (derived once per secret, date, region and
/// service, instead of four HMACs per request).
pub fn sign_cached(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    cache: &SigningKeyCache,
) -> SigningOutput {
    sign_with(request, params, |date| cache.key(params, date))
}

/// The signing key: the HMAC-SHA256 chain `AWS4<secret>` → date → region → service →
/// `aws4_request`.
fn derive_signing_key(secret: &str, date: &str, region: &str, service: &str) -> hmac::Key {
    let key = [region, service, "aws4_request"].iter().fold(
        hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes()),
        |key, part| hmac_sha256(&key, part.as_bytes()),
    );
    hmac::Key::new(hmac::HMAC_SHA256, &key)
}

/// How many signing keys a [`SigningKeyCache`] keeps (one client rarely needs more than one:
/// a key changes with the date, the region or rotated credentials).
const CACHED_KEYS: usize = 4;

/// Signing keys already derived, by (secret, date, region, service). `Debug` shows how many
/// keys are cached, never a key or a secret.
#[derive(Default)]
pub struct SigningKeyCache {
    entries: std::sync::Mutex<Vec<CachedKey>>,
}

struct CachedKey {
    secret: String,
    date: String,
    region: String,
    service: String,
    key: hmac::Key,
}

impl std::fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.lock().len();
        f.debug_struct("SigningKeyCache").field("keys", &n).finish()
    }
}

impl SigningKeyCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<CachedKey>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The key for `params` on `date`, derived and remembered on first use.
    fn key(&self, params: &SigningParams<'_>, date: &str) -> hmac::Key {
        let mut entries = self.lock();
        let found = entries.iter().position(|e| {
            e.date == date
                && e.region == params.region
                && e.service == params.service
                && e.secret == params.secret_access_key
        });
        if let Some(i) = found {
            return entries[i].key.clone();
        }
        let key = derive_signing_key(
            params.secret_access_key,
            date,
            params.region,
            params.service,
        );
        if entries.len() == CACHED_KEYS {
            entries.remove(0);
        }
        entries.push(CachedKey {
            secret: params.secret_access_key.to_owned(),
            date: date.to_owned(),
            region: params.region.to_owned(),
            service: params.service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

/// [`sign`] with the signing key from `key_for(date stamp)`.
///
/// Runs on every request, so each text is built once, in place, with its final capacity: the
/// canonical request (URI, query and payload hash written straight into it), the string to sign
/// and the `authorization` value; the signed-header list and the scope are reused from the text
/// they were first written into.
fn sign_with(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    key_for: impl FnOnce(&str) -> hmac::Key,
) -> SigningOutput {
    let time = DateTime::from(params.time);
    let existing_date = find_header(request.headers, "x-amz-date").map(normalize_value);
    let generated_date = existing_date.is_none().then(|| time.fmt_amz_date());
    let amz_date: &str = existing_date
        .as_deref()
        .or(generated_date.as_deref())
        .unwrap_or_default();
    let fallback_stamp;
    let date_stamp = match amz_date.get(..8) {
        Some(stamp) if stamp.bytes().all(|b| b.is_ascii_digit()) => stamp,
        _ => {
            fallback_stamp = time.fmt_date_stamp();
            fallback_stamp.as_str()
        }
    };
    let added_token = params
        .session_token
        .filter(|_| find_header(request.headers, "x-amz-security-token").is_none());

    // Canonical headers: (lowercase name, normalized value), grouped by name.
    // Names and values that are already canonical (the usual case) are borrowed, not copied.
    let mut headers: Vec<(Cow<'_, str>, Cow<'_, str>)> =
        Vec::with_capacity(request.headers.len() + 2);
    headers.extend(
        request
            .headers
            .iter()
            .map(|(name, value)| (lowercase_name(name), normalize_value(value)))
            .filter(|(name, _)| !UNSIGNED_HEADERS.contains(&name.as_ref())),
    );
    if generated_date.is_some() {
        headers.push((Cow::Borrowed("x-amz-date"), Cow::Borrowed(amz_date)));
    }
    if let Some(token) = added_token {
        headers.push((
            Cow::Borrowed("x-amz-security-token"),
            normalize_value(token),
        ));
    }
    // A stable sort keeps repeated headers in their original order.
    headers.sort_by(|a, b| a.0.cmp(&b.0));

    let headers_len: usize = headers.iter().map(|(n, v)| 2 * n.len() + v.len() + 3).sum();
    let mut canonical_request = String::with_capacity(
        request.method.len()
            + 2 * request.path.len()
            + 96
            + headers_len
            + request
                .query
                .iter()
                .map(|(k, v)| 3 * (k.len() + v.len()) + 2)
                .sum::<usize>(),
    );
    canonical_request.push_str(request.method);
    canonical_request.push('\n');
    canonical_uri_into(&mut canonical_request, request.path);
    canonical_request.push('\n');
    canonical_query_into(&mut canonical_request, request.query);
    canonical_request.push('\n');
    let mut previous: Option<&str> = None;
    for (name, value) in &headers {
        if previous == Some(name.as_ref()) {
            canonical_request.push(',');
        } else {
            if previous.is_some() {
                canonical_request.push('\n');
            }
            canonical_request.push_str(name);
            canonical_request.push(':');
        }
        canonical_request.push_str(value);
        previous = Some(name);
    }
    if previous.is_some() {
        canonical_request.push('\n');
    }
    canonical_request.push('\n');
    let signed_start = canonical_request.len();
    let mut previous: Option<&str> = None;
    for (name, _) in &headers {
        if previous != Some(name.as_ref()) {
            if previous.is_some() {
                canonical_request.push(';');
            }
            canonical_request.push_str(name);
        }
        previous = Some(name);
    }
    let signed_headers = signed_start..canonical_request.len();
    canonical_request.push('\n');
    if let Some(hash) = request.payload_hash {
        canonical_request.push_str(hash);
    } else {
        hex_into(
            &mut canonical_request,
            digest::digest(&digest::SHA256, request.body).as_ref(),
        );
    }
    drop(headers);

    let mut string_to_sign = String::with_capacity(
        ALGORITHM.len() + amz_date.len() + params.region.len() + params.service.len() + 96,
    );
    string_to_sign.push_str(ALGORITHM);
    string_to_sign.push('\n');
    string_to_sign.push_str(amz_date);
    string_to_sign.push('\n');
    let scope_start = string_to_sign.len();
    for part in [
        date_stamp,
        "/",
        params.region,
        "/",
        params.service,
        "/aws4_request",
    ] {
        string_to_sign.push_str(part);
    }
    let scope = scope_start..string_to_sign.len();
    string_to_sign.push('\n');
    hex_into(
        &mut string_to_sign,
        digest::digest(&digest::SHA256, canonical_request.as_bytes()).as_ref(),
    );

    let signing_key = key_for(date_stamp);
    let tag = hmac::sign(&signing_key, string_to_sign.as_bytes());
    let mut authorization = String::with_capacity(
        ALGORITHM.len() + params.access_key_id.len() + scope.len() + signed_headers.len() + 112,
    );
    for part in [
        ALGORITHM,
        " Credential=",
        params.access_key_id,
        "/",
        &string_to_sign[scope],
        ", SignedHeaders=",
        &canonical_request[signed_headers],
        ", Signature=",
    ] {
        authorization.push_str(part);
    }
    let signature_start = authorization.len();
    hex_into(&mut authorization, tag.as_ref());
    let signature = authorization[signature_start..].to_owned();

    let mut added: Vec<(String, String)> = Vec::with_capacity(3);
    if let Some(date) = generated_date {
        added.push(("x-amz-date".to_owned(), date));
    }
    if let Some(token) = added_token {
        added.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    added.push(("authorization".to_owned(), authorization));
    SigningOutput {
        headers: added,
        canonical_request,
        string_to_sign,
        signature,
    }
}

/// The value of the first header named `name` (case-insensitive).
fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Trims a header value and collapses inner whitespace runs to one space.
fn normalize_value(value: &str) -> Cow<'_, str> {
    let bytes = value.as_bytes();
    let canonical = bytes.first().is_none_or(|b| !b.is_ascii_whitespace())
        && bytes.last().is_none_or(|b| !b.is_ascii_whitespace())
        && !bytes
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
        && !bytes.iter().any(|&b| b.is_ascii_whitespace() && b != b' ');
    if canonical {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for word in value.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// A header name trimmed and lowercased (borrowed when it already is).
fn lowercase_name(name: &str) -> Cow<'_, str> {
    let name = name.trim();
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The normalized path with each segment percent-encoded again; `/` when empty.
#[cfg(test)]
fn canonical_uri(path: &str) -> String {
    let mut out = String::new();
    canonical_uri_into(&mut out, path);
    out
}

/// Appends [`canonical_uri`]'s text to `out`.
fn canonical_uri_into(out: &mut String, path: &str) {
    // Fast path: an absolute path without empty, `.` or `..` segments is only encoded again.
    let plain = path.starts_with('/')
        && path.len() > 1
        && path[1..]
            .split('/')
            .all(|segment| !matches!(segment, "" | "." | ".."));
    if plain {
        for segment in path[1..].split('/') {
            out.push('/');
            encode::encode_into(out, segment);
        }
        return;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    for segment in &segments {
        out.push('/');
        encode::encode_into(out, segment);
    }
    // Keep a trailing slash (`/a/b/` stays `/a/b/`); the root is a single `/`.
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if segments.is_empty() || trailing {
        out.push('/');
    }
}

/// Appends the query, percent-encoded, sorted by key then value, joined by `&`, to `out`.
fn canonical_query_into(out: &mut String, query: &[(String, String)]) {
    if query.is_empty() {
        return;
    }
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (encode::query_component(k), encode::query_component(v)))
        .collect();
    pairs.sort();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    hmac::sign(&key, data).as_ref().to_vec()
}

/// Appends `bytes` as lowercase hex to `out`.
pub(crate) fn hex_into(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0F)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical_query(query: &[(String, String)]) -> String {
        let mut out = String::new();
        canonical_query_into(&mut out, query);
        out
    }

    fn hex(bytes: &[u8]) -> String {
        let mut out = String::new();
        hex_into(&mut out, bytes);
        out
    }
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const SUITE_TIME: u64 = 1_440_938_160; // 2015-08-30T12:36:00Z

    #[test]
    fn canonical_names_and_values_are_borrowed_and_others_normalized() {
        for (value, expected, borrowed) in [
            ("application/json", "application/json", true),
            ("a b c", "a b c", true),
            ("", "", true),
            ("  padded ", "padded", false),
            ("a  b", "a b", false),
            ("a\tb", "a b", false),
            ("a \n b", "a b", false),
        ] {
            let out = normalize_value(value);
            assert_eq!(out, expected, "{value:?}");
            assert_eq!(matches!(out, Cow::Borrowed(_)), borrowed, "{value:?}");
        }
        assert!(matches!(
            lowercase_name("x-amz-date"),
            Cow::Borrowed("x-amz-date")
        ));
        assert_eq!(lowercase_name(" Content-Type "), "content-type");
        // The fast path of canonical_uri agrees with the general one.
        assert_eq!(canonical_uri("/a/b c/d"), "/a/b%20c/d");
        assert_eq!(canonical_uri("/a/b%20c"), "/a/b%2520c");
        assert_eq!(canonical_uri("/a/b/"), "/a/b/");
    }

    #[test]
    fn cached_keys_sign_exactly_like_fresh_ones() {
        let cache = SigningKeyCache::default();
        let headers = h(&[("host", "example.amazonaws.com")]);
        let request = SignableRequest {
            method: "POST",
            path: "/ListStages",
            query: &[],
            headers: &headers,
            body: b"{}",
            payload_hash: None,
        };
        let day = 86_400;
        let variants = [
            ("secret-1", "us-east-1", "ivs", SUITE_TIME),
            ("secret-1", "us-east-1", "ivs", SUITE_TIME + 60), // same day: cached key
            ("secret-2", "us-east-1", "ivs", SUITE_TIME),      // rotated secret
            ("secret-1", "eu-west-1", "ivs", SUITE_TIME),
            ("secret-1", "us-east-1", "sts", SUITE_TIME),
            ("secret-1", "us-east-1", "ivs", SUITE_TIME + day), // the next day
            ("secret-1", "us-east-1", "ivs", SUITE_TIME),       // evicted, derived again
        ];
        for (secret, region, service, time) in variants {
            let params = SigningParams {
                access_key_id: "AKID",
                secret_access_key: secret,
                session_token: None,
                region,
                service,
                time: at(time),
            };
            let fresh = sign(&request, &params);
            for _ in 0..2 {
                let cached = sign_cached(&request, &params, &cache);
                assert_eq!(
                    cached.signature, fresh.signature,
                    "{secret} {region} {service} {time}"
                );
                assert_eq!(cached.headers, fresh.headers);
            }
            assert!(cache.lock().len() <= CACHED_KEYS);
        }
        assert_eq!(cache.lock().len(), CACHED_KEYS);
        let debug = format!("{cache:?}");
        assert_eq!(debug, "SigningKeyCache { keys: 4 }");
    }

    fn suite_params(token: Option<&str>) -> SigningParams<'_> {
        SigningParams {
            access_key_id: "AKIDEXAMPLE",
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            session_token: token,
            region: "us-east-1",
            service: "service",
            time: at(SUITE_TIME),
        }
    }

    #[test]
    fn canonical_uri_normalizes_and_double_encodes() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("//"), "/");
        assert_eq!(canonical_uri("/./"), "/");
        assert_eq!(canonical_uri("/example/.."), "/");
        assert_eq!(canonical_uri("/example1/example2/../.."), "/");
        assert_eq!(canonical_uri("/../.."), "/");
        assert_eq!(canonical_uri("//example//"), "/example/");
        assert_eq!(canonical_uri("/./example"), "/example");
        assert_eq!(canonical_uri("/a/b/."), "/a/b/");
        assert_eq!(canonical_uri("/a/b/c/.."), "/a/b/");
        assert_eq!(
            canonical_uri("/tags/arn%3Aaws%3Aivs%3Aus-east-1%3A1%3Astage%2Fabc"),
            "/tags/arn%253Aaws%253Aivs%253Aus-east-1%253A1%253Astage%252Fabc"
        );
        assert_eq!(canonical_uri("/example space/"), "/example%20space/");
        assert_eq!(canonical_uri("/ሴ"), "/%E1%88%B4");
    }

    #[test]
    fn canonical_query_sorts_and_encodes() {
        let q = h(&[
            ("b", "2"),
            ("a", "z"),
            ("a", "y"),
            ("A", "1"),
            ("sp ace", "x y"),
            ("e", ""),
        ]);
        assert_eq!(canonical_query(&q), "A=1&a=y&a=z&b=2&e=&sp%20ace=x%20y");
        assert_eq!(canonical_query(&[]), "");
    }

    #[test]
    fn an_unsigned_payload_signs_as_botocore_does() {
        // botocore 1.44.8: `SigV4Auth(Credentials(AKIDEXAMPLE, wJalr…), "mediastore",
        // "us-east-1").add_auth(request)` at 2015-08-30T12:36:00Z, for a PUT of b"video bytes"
        // to https://data.mediastore.us-east-1.amazonaws.com/movies/clip.mp4 with
        // `Content-Type: video/mp4` and the request context's `payload_signing_enabled` false
        // (what botocore's handlers set for `authtype: v4-unsigned-body`).
        let headers = h(&[
            ("host", "data.mediastore.us-east-1.amazonaws.com"),
            ("content-type", "video/mp4"),
            ("x-amz-content-sha256", UNSIGNED_PAYLOAD),
        ]);
        let req = SignableRequest {
            method: "PUT",
            path: "/movies/clip.mp4",
            query: &[],
            headers: &headers,
            body: b"video bytes",
            payload_hash: Some(UNSIGNED_PAYLOAD),
        };
        let mut params = suite_params(None);
        params.service = "mediastore";
        let out = sign(&req, &params);
        assert!(
            out.canonical_request.ends_with(
                "\n\ncontent-type;host;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"
            ),
            "{}",
            out.canonical_request
        );
        assert_eq!(
            out.headers.last().map(|(_, v)| v.as_str()),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/mediastore/\
                 aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, \
                 Signature=6ce783979986ad1e26d76099ac640d654e12e4713d36c8bce2c293d40ad690b9"
            )
        );
    }

    #[test]
    fn header_rules() {
        let headers = h(&[
            ("Host", "example.amazonaws.com"),
            ("My-Header1", "  a   b \t c  "),
            ("my-header1", "second"),
            ("User-Agent", "agent/1"),
            ("X-Amzn-Trace-Id", "Root=1"),
            ("Expect", "100-continue"),
            ("Authorization", "old"),
        ]);
        let req = SignableRequest {
            method: "GET",
            path: "/",
            query: &[],
            headers: &headers,
            body: b"",
            payload_hash: None,
        };
        let out = sign(&req, &suite_params(Some("tok")));
        assert_eq!(
            out.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:a b c,second\n\
             x-amz-date:20150830T123600Z\nx-amz-security-token:tok\n\n\
             host;my-header1;x-amz-date;x-amz-security-token\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let names: Vec<&str> = out.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["x-amz-date", "x-amz-security-token", "authorization"]
        );
        assert!(out.headers[2].1.ends_with(&out.signature));
    }

    #[test]
    fn existing_date_and_token_headers_are_not_duplicated() {
        let headers = h(&[
            ("Host", "example.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
            ("X-Amz-Security-Token", "tok"),
        ]);
        let req = SignableRequest {
            method: "GET",
            path: "/",
            query: &[],
            headers: &headers,
            body: b"",
            payload_hash: None,
        };
        // The clock is ignored in favour of the request's own x-amz-date.
        let mut params = suite_params(Some("tok"));
        params.time = at(0);
        let out = sign(&req, &params);
        assert_eq!(out.headers.len(), 1);
        assert_eq!(out.headers[0].0, "authorization");
        assert!(out
            .string_to_sign
            .contains("\n20150830T123600Z\n20150830/us-east-1/service/"));
        assert_eq!(out.canonical_request.matches("x-amz-date").count(), 2); // header + signed list
    }

    /// The AWS documentation example: IAM `ListUsers`.
    #[test]
    fn aws_documentation_iam_example() {
        let headers = h(&[
            (
                "Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8",
            ),
            ("Host", "iam.amazonaws.com"),
        ]);
        let query = h(&[("Action", "ListUsers"), ("Version", "2010-05-08")]);
        let req = SignableRequest {
            method: "GET",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
            payload_hash: None,
        };
        let mut params = suite_params(None);
        params.service = "iam";
        let out = sign(&req, &params);
        assert_eq!(
            out.canonical_request,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n\
             content-type:application/x-www-form-urlencoded; charset=utf-8\n\
             host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n\
             content-type;host;x-amz-date\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            out.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n\
             f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
        );
        assert_eq!(
            out.signature,
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        );
    }

    #[test]
    fn signing_key_derivation() {
        // The documented derived key for the example secret, 20150830, us-east-1, iam.
        let key = ["us-east-1", "iam", "aws4_request"].iter().fold(
            hmac_sha256(b"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", b"20150830"),
            |k, p| hmac_sha256(&k, p.as_bytes()),
        );
        assert_eq!(
            hex(&key),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
    }

    #[test]
    fn garbage_input_does_not_panic() {
        let headers = h(&[("x-amz-date", "é"), ("", ""), ("\u{0}", "\u{7f}\n")]);
        let query = h(&[("ሴ", "%%%"), ("", "")]);
        let req = SignableRequest {
            method: "",
            path: "../..//%zz/ሴ",
            query: &query,
            headers: &headers,
            body: &[0xff, 0xfe],
            payload_hash: None,
        };
        let out = sign(&req, &suite_params(Some("")));
        assert_eq!(out.signature.len(), 64);
    }
}
