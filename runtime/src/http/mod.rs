//! The HTTP layer: request/response values, the pluggable [`HttpClient`] trait and the built-in
//! client (HTTP/1.1 written and parsed here, `httparse` for response heads, rustls with the
//! `ring` provider and the Mozilla roots, pooled keep-alive connections; plain `http://` is
//! allowed for local endpoints).

mod client;
mod connect;
pub(crate) mod uri;
mod wire;

pub(crate) use client::DefaultHttpClient;

use crate::error::{ConnectorError, ConnectorErrorKind};
use crate::primitives::ByteStream;
use bytes::Bytes;
use std::future::Future;
use std::pin::Pin;

/// A boxed, `Send` future, as returned by the pluggable traits of this crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// HTTP method of an operation. Used by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
    /// `HEAD`
    Head,
}

impl Method {
    /// The method as it is written on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
        }
    }

    /// Whether repeating the request has the effect of sending it once (RFC 9110 9.2.2).
    pub(crate) fn is_idempotent(&self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// A fully built, signed request handed to an [`HttpClient`].
///
/// Its `Debug` output redacts the `authorization` and `x-amz-security-token` header values.
#[derive(Clone)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URI, e.g. `https://ivsrealtime.us-east-1.amazonaws.com/ListStages`.
    pub uri: String,
    /// Header names and values, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for none); cheap to clone.
    pub body: Bytes,
}

/// Headers whose values `Debug` never shows.
const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "set-cookie",
    "cookie",
    "proxy-authorization",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
];

/// How much of a body `Debug` shows.
const DEBUG_BODY_BYTES: usize = 512;

/// How much of one header value, error code or message `Debug` shows.
const DEBUG_TEXT_BYTES: usize = 256;

/// Text for `Debug`: quoted like a `str`, but cut after `limit` bytes (on a character
/// boundary) and then followed by its total length, so a huge value prints a few hundred
/// characters at most.
pub(crate) struct TextPreview<'a> {
    text: &'a str,
    limit: usize,
}

impl<'a> TextPreview<'a> {
    /// `text` cut at [`DEBUG_TEXT_BYTES`].
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            limit: DEBUG_TEXT_BYTES,
        }
    }
}

impl std::fmt::Debug for TextPreview<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.text.len() <= self.limit {
            return std::fmt::Debug::fmt(self.text, f);
        }
        let mut cut = self.limit;
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        write!(f, "{:?}… ({} bytes)", &self.text[..cut], self.text.len())
    }
}

/// Headers for `Debug`: the values of [`SENSITIVE_HEADERS`] redacted, the others cut at
/// [`DEBUG_TEXT_BYTES`].
fn redacted_headers(headers: &[(String, String)]) -> Vec<(&str, TextPreview<'_>)> {
    headers
        .iter()
        .map(|(name, value)| {
            let sensitive = SENSITIVE_HEADERS
                .iter()
                .any(|s| name.eq_ignore_ascii_case(s));
            (
                name.as_str(),
                TextPreview::new(if sensitive {
                    "** redacted **"
                } else {
                    value.as_str()
                }),
            )
        })
        .collect()
}

/// A body for `Debug`: its length and at most its first [`DEBUG_BODY_BYTES`] bytes as text
/// (invalid UTF-8 replaced), never a list of numbers nor the whole of a large body.
struct BodyPreview<'a>(&'a [u8]);

impl std::fmt::Debug for BodyPreview<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = &self.0[..self.0.len().min(DEBUG_BODY_BYTES)];
        let text = String::from_utf8_lossy(shown);
        if shown.len() < self.0.len() {
            write!(f, "{} bytes, starting {:?}…", self.0.len(), text)
        } else {
            write!(f, "{} bytes: {:?}", self.0.len(), text)
        }
    }
}

impl HttpRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &redacted_headers(&self.headers))
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// A response as received from an [`HttpClient`]. `Debug` shows the status, the headers
/// (secrets redacted) and the body's length with at most its first 512 bytes as text.
#[derive(Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header names (lower case, as received from the built-in client) and values.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &redacted_headers(&self.headers))
            .field("body", &BodyPreview(&self.body))
            .finish()
    }
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// The first value of header `name` (case-insensitive) in `headers`.
fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A response whose body is read as it arrives: for the operations whose output payload the
/// model marks `streaming`. `Debug` shows the status and the headers (secrets redacted).
pub struct StreamingResponse {
    /// Status code.
    pub status: u16,
    /// Header names (lower case, as received from the built-in client) and values.
    pub headers: Vec<(String, String)>,
    /// The body, not yet read.
    pub body: ByteStream,
}

impl StreamingResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The status and headers as an [`HttpResponse`] with an empty body, and the body.
    pub fn into_parts(self) -> (HttpResponse, ByteStream) {
        (
            HttpResponse {
                status: self.status,
                headers: self.headers,
                body: Vec::new(),
            },
            self.body,
        )
    }
}

impl From<HttpResponse> for StreamingResponse {
    /// A response read whole, as a stream of its body.
    fn from(response: HttpResponse) -> Self {
        Self {
            status: response.status,
            headers: response.headers,
            body: ByteStream::new(response.body),
        }
    }
}

impl std::fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &redacted_headers(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

/// A pluggable HTTP client. The default is the built-in HTTP/1.1 client over rustls; tests and
/// users may supply their own.
pub trait HttpClient: Send + Sync + std::fmt::Debug {
    /// Sends one request and returns its response, or a connection-level error.
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpResponse, crate::error::ConnectorError>>;

    /// Sends one request and returns its response once its head has arrived, the body to be
    /// read as it arrives. Used for operations whose output payload the model marks
    /// `streaming`. The default reads the whole response with [`call`](Self::call).
    fn call_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, crate::error::ConnectorError>> {
        let call = self.call(request);
        Box::pin(async move { call.await.map(StreamingResponse::from) })
    }
}

/// A response body larger than the configured maximum.
#[derive(Debug)]
pub(crate) struct BodyTooLarge {
    limit: usize,
    declared: Option<u64>,
}

impl BodyTooLarge {
    /// The body of `response` if it is within `limit`, else this error. The built-in client
    /// enforces the limit while reading; this applies it to custom [`HttpClient`]s too.
    pub(crate) fn check(
        response: HttpResponse,
        limit: usize,
    ) -> Result<HttpResponse, ConnectorError> {
        if response.body.len() <= limit {
            return Ok(response);
        }
        Err(Self::error(limit))
    }

    /// The error of a body found larger than `limit` while it was read.
    pub(crate) fn error(limit: usize) -> ConnectorError {
        ConnectorError::new(
            ConnectorErrorKind::Other,
            BodyTooLarge {
                limit,
                declared: None,
            },
        )
    }
}

impl std::fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.declared {
            Some(n) if n > self.limit as u64 => write!(
                f,
                "the response body of {n} bytes (Content-Length) exceeds the limit of {} bytes \
                 (`Config::builder().max_response_body_size`)",
                self.limit
            ),
            _ => write!(
                f,
                "the response body exceeds the limit of {} bytes \
                 (`Config::builder().max_response_body_size`)",
                self.limit
            ),
        }
    }
}

impl std::error::Error for BodyTooLarge {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_debug_is_bounded_readable_and_redacted() {
        let small = HttpResponse {
            status: 400,
            headers: vec![
                ("x-amzn-RequestId".into(), "req-1".into()),
                ("Set-Cookie".into(), "session=secret".into()),
            ],
            body: br#"{"message":"bad"}"#.to_vec(),
        };
        let text = format!("{small:?}");
        assert_eq!(
            text,
            r#"HttpResponse { status: 400, headers: [("x-amzn-RequestId", "req-1"), ("Set-Cookie", "** redacted **")], body: 17 bytes: "{\"message\":\"bad\"}" }"#
        );

        let mut body = vec![b'a'; 10_000_000];
        body[0] = 0xff;
        let large = HttpResponse {
            status: 200,
            headers: Vec::new(),
            body,
        };
        let text = format!("{large:?}");
        assert!(text.len() < 700, "{} characters", text.len());
        assert!(
            text.contains("10000000 bytes, starting \"\u{fffd}aaa"),
            "{text}"
        );
        assert!(text.ends_with("aaa\"… }"), "{text}");
    }

    #[test]
    fn text_preview_cuts_on_a_character_boundary() {
        let short = "é".repeat(10);
        assert_eq!(
            format!("{:?}", TextPreview::new(&short)),
            format!("{short:?}")
        );
        // 'é' is two bytes: byte 256 falls inside the 128th, so 'a' and 127 of them are shown.
        let long = format!("a{}", "é".repeat(300));
        let shown = format!("{:?}", TextPreview::new(&long));
        assert_eq!(
            shown,
            format!("\"a{}\"… (601 bytes)", "é".repeat(127)),
            "{shown}"
        );
        let header = vec![("x-long".to_owned(), "v".repeat(10_000))];
        let debug = format!("{:?}", redacted_headers(&header));
        assert!(
            debug.len() < 300 && debug.ends_with("… (10000 bytes))]"),
            "{debug}"
        );
    }

    #[test]
    fn header_lookup_is_case_insensitive() {
        let response = HttpResponse {
            status: 200,
            headers: vec![("X-Amzn-RequestId".into(), "abc".into())],
            body: Vec::new(),
        };
        assert_eq!(response.header("x-amzn-requestid"), Some("abc"));
        assert_eq!(response.header("missing"), None);
    }

    #[test]
    fn request_debug_redacts_secrets() {
        let request = HttpRequest {
            method: Method::Post,
            uri: "https://example.com/".into(),
            headers: vec![
                ("host".into(), "example.com".into()),
                ("X-Amz-Security-Token".into(), "SESSION-SECRET".into()),
                (
                    "authorization".into(),
                    "AWS4-HMAC-SHA256 Signature=abc".into(),
                ),
            ],
            body: Bytes::from_static(b"{}"),
        };
        let debug = format!("{request:?}");
        assert!(!debug.contains("SESSION-SECRET"), "{debug}");
        assert!(!debug.contains("Signature=abc"), "{debug}");
        assert!(debug.contains("example.com"), "{debug}");
    }
}
