//! The HTTP layer: request/response values, the pluggable [`HttpClient`] trait and the built-in
//! client (hyper 1 over rustls with the `ring` provider and the Mozilla roots, HTTP/1.1, pooled
//! connections; plain `http://` is allowed for local endpoints).

use crate::error::{BoxError, ConnectorError, ConnectorErrorKind};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

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
    /// Header names and values.
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
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A pluggable HTTP client. The default is hyper over rustls; tests and users may supply their own.
pub trait HttpClient: Send + Sync + std::fmt::Debug {
    /// Sends one request and returns its response, or a connection-level error.
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpResponse, crate::error::ConnectorError>>;
}

/// The built-in client: hyper-util's pooled legacy client over a rustls connector.
pub(crate) struct DefaultHttpClient {
    inner:
        Result<HyperClient<TimeoutConnector<HttpsConnector<HttpConnector>>, Full<Bytes>>, String>,
    /// The longest wait for the response head, and between two body frames.
    read_timeout: Option<Duration>,
    /// The largest body read.
    max_body: usize,
}

impl std::fmt::Debug for DefaultHttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DefaultHttpClient").finish_non_exhaustive()
    }
}

impl DefaultHttpClient {
    /// A client whose connections (TCP and TLS handshake) must be established within
    /// `connect_timeout`, which waits at most `read_timeout` for the response head and between
    /// body frames (if given), and reads bodies of at most `max_body` bytes.
    pub(crate) fn new(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
        max_body: usize,
    ) -> Self {
        Self::with_pool(connect_timeout, read_timeout, max_body, true)
    }

    /// [`DefaultHttpClient::new`], keeping no idle connection: for the rare calls of the
    /// credential providers, whose connections would otherwise outlive the runtime that made
    /// them.
    pub(crate) fn without_pool(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
        max_body: usize,
    ) -> Self {
        Self::with_pool(connect_timeout, read_timeout, max_body, false)
    }

    fn with_pool(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
        max_body: usize,
        pool: bool,
    ) -> Self {
        let inner =
            Self::build(connect_timeout, pool).map_err(|e| format!("TLS setup failed: {e}"));
        Self {
            inner,
            read_timeout,
            max_body,
        }
    }

    /// Waits for `future`, at most the read timeout.
    async fn read<T>(&self, future: impl Future<Output = T>) -> Result<T, ConnectorError> {
        match self.read_timeout {
            None => Ok(future.await),
            Some(limit) => tokio::time::timeout(limit, future)
                .await
                .map_err(|_| ConnectorError::new(ConnectorErrorKind::Timeout, ReadTimeout(limit))),
        }
    }

    /// Reads `body` into one buffer, sized from `Content-Length` when given, failing as soon as
    /// it is known to exceed the limit (before reading it, when it is declared).
    async fn read_body(
        &self,
        mut body: hyper::body::Incoming,
        declared: Option<u64>,
    ) -> Result<Vec<u8>, ConnectorError> {
        let too_large = |declared: Option<u64>| {
            ConnectorError::new(
                ConnectorErrorKind::Other,
                BodyTooLarge {
                    limit: self.max_body,
                    declared,
                },
            )
        };
        if declared.is_some_and(|n| n > self.max_body as u64) {
            return Err(too_large(declared));
        }
        let mut buffer = Vec::with_capacity(declared.map_or(0, |n| n as usize));
        while let Some(frame) = self.read(body.frame()).await? {
            let frame = frame.map_err(|e| ConnectorError::new(classify(&e), e))?;
            if let Ok(data) = frame.into_data() {
                let needed = buffer.len() + data.len();
                if needed > self.max_body {
                    return Err(too_large(declared));
                }
                if needed > buffer.capacity() {
                    // Grow by doubling, as `Vec` does, but never past the limit.
                    let target = buffer
                        .capacity()
                        .saturating_mul(2)
                        .clamp(needed, self.max_body);
                    buffer.reserve_exact(target - buffer.len());
                }
                buffer.extend_from_slice(&data);
            }
        }
        Ok(buffer)
    }

    #[allow(clippy::type_complexity)]
    fn build(
        connect_timeout: Option<Duration>,
        pool: bool,
    ) -> Result<
        HyperClient<TimeoutConnector<HttpsConnector<HttpConnector>>, Full<Bytes>>,
        rustls::Error,
    > {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let connector = TimeoutConnector {
            inner: https,
            timeout: connect_timeout,
        };
        let mut builder = HyperClient::builder(TokioExecutor::new());
        builder.pool_idle_timeout(Duration::from_secs(90));
        if !pool {
            builder.pool_max_idle_per_host(0);
        }
        Ok(builder.build(connector))
    }
}

impl HttpClient for DefaultHttpClient {
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        Box::pin(async move {
            let client = self
                .inner
                .as_ref()
                .map_err(|e| ConnectorError::new(ConnectorErrorKind::Other, e.clone()))?;
            let mut builder = http::Request::builder()
                .method(request.method.as_str())
                .uri(request.uri.as_str());
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            let request = builder
                .body(Full::new(request.body))
                .map_err(|e| ConnectorError::new(ConnectorErrorKind::Other, e))?;
            let response = self.read(client.request(request)).await?.map_err(|e| {
                let kind = if e.is_connect() {
                    match classify(&e) {
                        ConnectorErrorKind::Timeout => ConnectorErrorKind::Timeout,
                        _ => ConnectorErrorKind::Io,
                    }
                } else {
                    classify(&e)
                };
                ConnectorError::new(kind, e)
            })?;
            let (parts, body) = response.into_parts();
            let declared = parts
                .headers
                .get(http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let body = self.read_body(body, declared).await?;
            let headers = parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect();
            Ok(HttpResponse {
                status: parts.status.as_u16(),
                headers,
                body,
            })
        })
    }
}

/// Classifies an error by walking its source chain: timeouts, then connection/I/O failures
/// (connection refused or reset, closed or incomplete before the response) are retryable kinds.
fn classify(error: &(dyn std::error::Error + 'static)) -> ConnectorErrorKind {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut kind = ConnectorErrorKind::Other;
    while let Some(e) = current {
        if e.is::<ConnectTimeout>() {
            return ConnectorErrorKind::Timeout;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return ConnectorErrorKind::Timeout;
            }
            kind = ConnectorErrorKind::Io;
        }
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            if h.is_timeout() {
                return ConnectorErrorKind::Timeout;
            }
            if h.is_incomplete_message()
                || h.is_closed()
                || h.is_canceled()
                || h.is_body_write_aborted()
            {
                kind = ConnectorErrorKind::Io;
            }
        }
        current = e.source();
    }
    kind
}

/// The response (its head, or the next piece of its body) took longer than the read timeout.
#[derive(Debug)]
struct ReadTimeout(Duration);

impl std::fmt::Display for ReadTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no response data for {:?} (the read timeout, `TimeoutConfig::read_timeout`)",
            self.0
        )
    }
}

impl std::error::Error for ReadTimeout {}

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
        Err(ConnectorError::new(
            ConnectorErrorKind::Other,
            BodyTooLarge {
                limit,
                declared: None,
            },
        ))
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

/// Establishing a connection took longer than the connect timeout.
#[derive(Debug)]
struct ConnectTimeout(Duration);

impl std::fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "connecting took longer than {:?}", self.0)
    }
}

impl std::error::Error for ConnectTimeout {}

/// Bounds a whole connection set-up (TCP connect and TLS handshake) with a timeout.
#[derive(Debug, Clone)]
struct TimeoutConnector<C> {
    inner: C,
    timeout: Option<Duration>,
}

impl<C> tower_service::Service<http::Uri> for TimeoutConnector<C>
where
    C: tower_service::Service<http::Uri>,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<C::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connecting = self.inner.call(uri);
        let timeout = self.timeout;
        Box::pin(async move {
            match timeout {
                Some(limit) => match tokio::time::timeout(limit, connecting).await {
                    Ok(result) => result.map_err(Into::into),
                    Err(_) => Err(Box::new(ConnectTimeout(limit)) as BoxError),
                },
                None => connecting.await.map_err(Into::into),
            }
        })
    }
}

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

    #[test]
    fn classify_chains() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert_eq!(classify(&io), ConnectorErrorKind::Io);
        let timeout = std::io::Error::new(std::io::ErrorKind::TimedOut, "slow");
        assert_eq!(classify(&timeout), ConnectorErrorKind::Timeout);
        assert_eq!(
            classify(&ConnectTimeout(Duration::from_secs(1))),
            ConnectorErrorKind::Timeout
        );
        let other = crate::error::BuildError::other("nope");
        assert_eq!(classify(&other), ConnectorErrorKind::Other);
    }

    #[tokio::test]
    async fn refused_connection_is_io() {
        // Bind then drop a listener so that the port is (almost certainly) closed.
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let client = DefaultHttpClient::new(Some(Duration::from_secs(2)), None, 1 << 20);
        let err = client
            .call(HttpRequest {
                method: Method::Get,
                uri: format!("http://127.0.0.1:{port}/"),
                headers: Vec::new(),
                body: Bytes::new(),
            })
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Io, "{err}");
    }

    #[tokio::test]
    async fn tls_setup_works_and_connect_timeout_applies() {
        let client = DefaultHttpClient::new(Some(Duration::from_millis(300)), None, 1 << 20);
        assert!(client.inner.is_ok());
        // A server that accepts TCP but never answers the TLS handshake.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
            }
        });
        let started = std::time::Instant::now();
        let err = client
            .call(HttpRequest {
                method: Method::Get,
                uri: format!("https://127.0.0.1:{port}/"),
                headers: Vec::new(),
                body: Bytes::new(),
            })
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Timeout, "{err}");
        assert!(started.elapsed() < Duration::from_secs(5));
        server.abort();
    }

    #[tokio::test]
    async fn bad_uri_is_other() {
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        let err = client
            .call(HttpRequest {
                method: Method::Get,
                uri: "not a uri".into(),
                headers: Vec::new(),
                body: Bytes::new(),
            })
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Other);
    }
}
