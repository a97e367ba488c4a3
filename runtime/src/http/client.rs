//! The built-in client: HTTP/1.1 over pooled keep-alive connections, each request written and
//! its response read in the caller's task (no connection task, no channel between them).

use super::connect::{tls_connector, Stream};
use super::uri::{self, Uri};
use super::wire::{BodyProgress, Connection, Head, Limits, WireError};
use super::{
    BodyTooLarge, BoxFuture, HttpClient, HttpRequest, HttpResponse, Method, StreamingResponse,
};
use crate::byte_stream::FileBody;
use crate::error::{ConnectorError, ConnectorErrorKind};
use crate::primitives::ByteStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_rustls::TlsConnector;

/// How long a connection may stay idle in the pool.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// The most idle connections kept per host.
const MAX_IDLE_PER_HOST: usize = 64;

/// The built-in [`HttpClient`]: HTTP/1.1, TLS by rustls (`ring`, Mozilla roots), plain
/// `http://` for local endpoints, idle connections kept for reuse.
pub(crate) struct DefaultHttpClient {
    tls: Result<TlsConnector, String>,
    connect_timeout: Option<Duration>,
    limits: Limits,
    pool: Arc<Pool>,
}

impl std::fmt::Debug for DefaultHttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DefaultHttpClient").finish_non_exhaustive()
    }
}

impl DefaultHttpClient {
    /// A client whose connections (TCP and TLS handshake) must be established within
    /// `connect_timeout`, which waits at most `read_timeout` for the response head and for each
    /// read of the body (if given), and reads bodies of at most `max_body` bytes.
    pub(crate) fn new(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
        max_body: usize,
    ) -> Self {
        Self::with_pool(connect_timeout, read_timeout, max_body, MAX_IDLE_PER_HOST)
    }

    /// [`DefaultHttpClient::new`], keeping no idle connection: for the rare calls of the
    /// credential providers, whose connections would otherwise outlive the runtime that made
    /// them.
    pub(crate) fn without_pool(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
        max_body: usize,
    ) -> Self {
        Self::with_pool(connect_timeout, read_timeout, max_body, 0)
    }

    fn with_pool(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
        max_body: usize,
        max_idle_per_host: usize,
    ) -> Self {
        Self {
            tls: tls_connector(),
            connect_timeout,
            limits: Limits {
                read_timeout,
                max_body,
            },
            pool: Arc::new(Pool {
                idle: Mutex::new(Vec::new()),
                max_idle_per_host,
            }),
        }
    }

    /// A new connection to `uri`'s host, within the connect timeout.
    async fn connect(&self, uri: &Uri<'_>) -> Result<Connection, ConnectorError> {
        let tls = if uri.https {
            Some(
                self.tls
                    .as_ref()
                    .map_err(|e| ConnectorError::new(ConnectorErrorKind::Other, e.clone()))?,
            )
        } else {
            None
        };
        let opening = Stream::open(uri, tls);
        let opened = match self.connect_timeout {
            None => opening.await,
            Some(limit) => tokio::time::timeout(limit, opening).await.map_err(|_| {
                ConnectorError::new(ConnectorErrorKind::Timeout, ConnectTimeout(limit))
            })?,
        };
        let stream = opened.map_err(|error| {
            let kind = match error.kind() {
                std::io::ErrorKind::TimedOut => ConnectorErrorKind::Timeout,
                _ => ConnectorErrorKind::Io,
            };
            ConnectorError::new(
                kind,
                ConnectFailed {
                    authority: uri.authority.to_owned(),
                    error,
                },
            )
        })?;
        Ok(Connection::new(stream))
    }

    /// Sends `request` (its body from `file`, if given) and reads the whole response.
    pub(crate) async fn send(
        &self,
        request: HttpRequest,
        file: Option<&FileBody>,
    ) -> Result<HttpResponse, ConnectorError> {
        let uri = self.checked_uri(&request)?;
        let (mut connection, head) = self.send_and_read_head(&request, file, &uri).await?;
        let (response, reusable) = connection
            .read_response(head, self.limits)
            .await
            .map_err(|e| e.into_connector_error(self.limits.max_body))?;
        if reusable {
            self.pool
                .checkin(uri.https, uri.host.bare(), uri.port(), connection);
        }
        Ok(response)
    }

    /// Sends `request` and returns once the response head has arrived, the body streamed from
    /// the connection (which goes back to the pool once the body has been read to its end).
    pub(crate) async fn send_streaming(
        &self,
        request: HttpRequest,
        file: Option<&FileBody>,
    ) -> Result<StreamingResponse, ConnectorError> {
        let uri = self.checked_uri(&request)?;
        let (connection, head) = self.send_and_read_head(&request, file, &uri).await?;
        let progress = head.body();
        let key = (uri.https, uri.host.bare().to_ascii_lowercase(), uri.port());
        if progress.is_done() {
            if connection.reusable_after(&progress) {
                self.pool.checkin(key.0, &key.1, key.2, connection);
            }
            return Ok(StreamingResponse {
                status: head.status,
                headers: head.headers,
                body: ByteStream::default(),
            });
        }
        let body = StreamedBody {
            connection,
            progress,
            limits: self.limits,
            pool: self.pool.clone(),
            key,
        };
        let pieces = futures_util::stream::unfold(Some(body), |body| async move {
            let mut body = body?;
            match body
                .connection
                .read_piece(&mut body.progress, body.limits)
                .await
            {
                Ok(Some(piece)) => Some((Ok(piece), Some(body))),
                Ok(None) => {
                    if body.connection.reusable_after(&body.progress) {
                        let (https, host, port) = &body.key;
                        body.pool.checkin(*https, host, *port, body.connection);
                    }
                    None
                }
                Err(error) => Some((Err(error.into_connector_error(body.limits.max_body)), None)),
            }
        });
        Ok(StreamingResponse {
            status: head.status,
            headers: head.headers,
            body: ByteStream::from_stream(pieces),
        })
    }

    /// `request`'s URI, once it and the headers have been checked.
    fn checked_uri<'r>(&self, request: &'r HttpRequest) -> Result<Uri<'r>, ConnectorError> {
        let other = |e: String| ConnectorError::new(ConnectorErrorKind::Other, e);
        let uri = uri::parse(&request.uri)
            .map_err(|e| other(format!("invalid request URI {:?}: {e}", request.uri)))?;
        super::wire::check_headers(&request.headers).map_err(other)?;
        Ok(uri)
    }

    /// Sends `request` on a kept connection to `uri`'s host (else a new one) and reads the
    /// response head; returns the connection, its body left to read.
    async fn send_and_read_head(
        &self,
        request: &HttpRequest,
        file: Option<&FileBody>,
        uri: &Uri<'_>,
    ) -> Result<(Connection, Head), ConnectorError> {
        let head_request = request.method == Method::Head;
        let mut fresh_only = false;
        loop {
            let pooled = if fresh_only {
                None
            } else {
                self.pool.checkout(uri)
            };
            let reused = pooled.is_some();
            let mut connection = match pooled {
                Some(connection) => connection,
                None => self.connect(uri).await?,
            };
            connection.encode_request(
                request.method.as_str(),
                uri.authority,
                uri.path_and_query,
                &request.headers,
                &request.body,
            );
            match connection
                .send_and_read_head(head_request, &request.body, file, self.limits)
                .await
            {
                Ok(head) => return Ok((connection, head)),
                // A kept connection the server closed while it was idle: writing the request
                // failed (a server does not act on a request it has not wholly received), or (an
                // idempotent method) it closed before any response byte. Once more on a new one.
                Err(WireError::Write(_)) if reused => fresh_only = true,
                Err(WireError::Read {
                    received: false, ..
                }) if reused && request.method.is_idempotent() => fresh_only = true,
                Err(error) => return Err(error.into_connector_error(self.limits.max_body)),
            }
        }
    }
}

/// A body being streamed: its connection, how far it has been read, and where the connection
/// goes once it has been read to its end.
struct StreamedBody {
    connection: Connection,
    progress: BodyProgress,
    limits: Limits,
    pool: Arc<Pool>,
    /// Scheme, lower-case host and port.
    key: (bool, String, u16),
}

impl HttpClient for DefaultHttpClient {
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        Box::pin(self.send(request, None))
    }

    fn call_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        Box::pin(self.send_streaming(request, None))
    }
}

impl WireError {
    /// The connector error this is, for a client whose body limit is `max_body`.
    fn into_connector_error(self, max_body: usize) -> ConnectorError {
        match self {
            WireError::Write(error) | WireError::Read { error, .. } => {
                let kind = match error.kind() {
                    std::io::ErrorKind::TimedOut => ConnectorErrorKind::Timeout,
                    _ => ConnectorErrorKind::Io,
                };
                ConnectorError::new(kind, error)
            }
            WireError::Timeout(limit) => {
                ConnectorError::new(ConnectorErrorKind::Timeout, ReadTimeout(limit))
            }
            WireError::File(error) => ConnectorError::new(ConnectorErrorKind::Other, error),
            WireError::Malformed(message) => ConnectorError::new(
                ConnectorErrorKind::Other,
                format!("malformed HTTP response: {message}"),
            ),
            WireError::TooLarge { declared } => ConnectorError::new(
                ConnectorErrorKind::Other,
                BodyTooLarge {
                    limit: max_body,
                    declared,
                },
            ),
        }
    }
}

/// Idle connections by scheme, host and port. A client talks to one or two hosts, so the
/// hosts are a short list compared with the request's URI in place: finding a connection
/// allocates nothing.
struct Pool {
    idle: Mutex<Vec<Host>>,
    max_idle_per_host: usize,
}

/// The idle connections to one scheme, host and port, oldest first.
struct Host {
    https: bool,
    /// Lower case, without the brackets of an IPv6 literal.
    host: String,
    port: u16,
    connections: Vec<(Connection, Instant)>,
}

impl Host {
    fn is_for(&self, https: bool, host: &str, port: u16) -> bool {
        self.https == https && self.port == port && self.host.eq_ignore_ascii_case(host)
    }
}

impl Pool {
    /// The most recently used idle connection to `uri`'s host that is still open.
    fn checkout(&self, uri: &Uri<'_>) -> Option<Connection> {
        if self.max_idle_per_host == 0 {
            return None;
        }
        loop {
            let (connection, since) = {
                let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
                idle.iter_mut()
                    .find(|h| h.is_for(uri.https, uri.host.bare(), uri.port()))?
                    .connections
                    .pop()?
            };
            if since.elapsed() < IDLE_TIMEOUT && connection.is_idle_and_open() {
                return Some(connection);
            }
        }
    }

    /// Keeps `connection` to `host` (without the brackets of an IPv6 literal) for reuse
    /// (dropping connections idle for too long).
    fn checkin(&self, https: bool, host: &str, port: u16, connection: Connection) {
        if self.max_idle_per_host == 0 {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        let index = match idle.iter().position(|h| h.is_for(https, host, port)) {
            Some(index) => index,
            None => {
                idle.push(Host {
                    https,
                    host: host.to_ascii_lowercase(),
                    port,
                    connections: Vec::new(),
                });
                idle.len() - 1
            }
        };
        let list = &mut idle[index].connections;
        let expired = list
            .iter()
            .take_while(|(_, since)| since.elapsed() >= IDLE_TIMEOUT)
            .count();
        let dropped: Vec<_> = list.drain(..expired).collect();
        if list.len() < self.max_idle_per_host {
            list.push((connection, Instant::now()));
        }
        drop(idle);
        drop(dropped);
    }
}

/// The response (its head, or the next piece of its body) took longer than the read timeout.
#[derive(Debug)]
pub(crate) struct ReadTimeout(pub(crate) Duration);

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

/// Establishing a connection took longer than the connect timeout.
#[derive(Debug)]
pub(crate) struct ConnectTimeout(pub(crate) Duration);

impl std::fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "connecting took longer than {:?} (the connect timeout, \
             `TimeoutConfig::connect_timeout`)",
            self.0
        )
    }
}

impl std::error::Error for ConnectTimeout {}

/// A connection could not be opened.
#[derive(Debug)]
struct ConnectFailed {
    authority: String,
    error: std::io::Error,
}

impl std::fmt::Display for ConnectFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not connect to {}: {}", self.authority, self.error)
    }
}

impl std::error::Error for ConnectFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    fn get(uri: String) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            uri,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// Reads one request (head and `content-length` body) from `stream`; `None` at its end.
    async fn read_request(stream: &mut TcpStream, pending: &mut Vec<u8>) -> Option<String> {
        loop {
            if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8(pending[..end + 4].to_vec()).unwrap();
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                while pending.len() < end + 4 + length {
                    let mut chunk = [0u8; 4096];
                    let n = stream.read(&mut chunk).await.ok()?;
                    if n == 0 {
                        return None;
                    }
                    pending.extend_from_slice(&chunk[..n]);
                }
                let request = String::from_utf8(pending[..end + 4 + length].to_vec()).unwrap();
                pending.drain(..end + 4 + length);
                return Some(request);
            }
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            pending.extend_from_slice(&chunk[..n]);
        }
    }

    /// A server answering the `i`th request of each connection with `respond(i, request)`
    /// (raw bytes; `None` closes the connection), counting connections.
    async fn server(
        respond: impl Fn(usize, &str) -> Option<Vec<u8>> + Send + Sync + 'static,
    ) -> (String, Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let respond = Arc::new(respond);
        let (counted, seen) = (connections.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                let (respond, seen) = (respond.clone(), seen.clone());
                tokio::spawn(async move {
                    let mut pending = Vec::new();
                    let mut i = 0;
                    while let Some(request) = read_request(&mut stream, &mut pending).await {
                        seen.lock().unwrap().push(request.clone());
                        match respond(i, &request) {
                            Some(bytes) => {
                                if stream.write_all(&bytes).await.is_err() {
                                    return;
                                }
                            }
                            None => return,
                        }
                        i += 1;
                    }
                });
            }
        });
        (url, connections, requests)
    }

    fn ok(body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nx-amzn-requestid: r1\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    #[tokio::test]
    async fn requests_are_written_and_connections_reused() {
        let (url, connections, requests) = server(|_, _| Some(ok("{\"a\":1}"))).await;
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        for _ in 0..3 {
            let response = client
                .call(HttpRequest {
                    method: Method::Post,
                    uri: format!("{url}/ListStages?x=1"),
                    headers: vec![("x-amz-date".into(), "20261130T000000Z".into())],
                    body: Bytes::from_static(b"{}"),
                })
                .await
                .unwrap();
            assert_eq!(response.status, 200);
            assert_eq!(response.body, b"{\"a\":1}");
            assert_eq!(response.header("X-Amzn-RequestId"), Some("r1"));
        }
        assert_eq!(connections.load(Ordering::SeqCst), 1);
        let authority = url.trim_start_matches("http://");
        assert_eq!(
            requests.lock().unwrap()[0],
            format!(
                "POST /ListStages?x=1 HTTP/1.1\r\nx-amz-date: 20261130T000000Z\r\nhost: \
                 {authority}\r\ncontent-length: 2\r\n\r\n{{}}"
            )
        );
    }

    #[tokio::test]
    async fn large_bodies_are_sent_whole() {
        let (url, _, requests) = server(|_, _| Some(ok(""))).await;
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        let body = "x".repeat(100_000);
        client
            .call(HttpRequest {
                method: Method::Put,
                uri: format!("{url}/big"),
                headers: Vec::new(),
                body: Bytes::from(body.clone()),
            })
            .await
            .unwrap();
        assert!(requests.lock().unwrap()[0].ends_with(&format!("\r\n\r\n{body}")));
    }

    #[tokio::test]
    async fn chunked_interim_and_until_close_bodies() {
        let (url, connections, _) = server(|i, _| {
            Some(match i {
                0 => b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n\
                       5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\ntrailer: x\r\n\r\n"
                    .to_vec(),
                1 => b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
                _ => b"HTTP/1.0 200 OK\r\n\r\nuntil close".to_vec(),
            })
        })
        .await;
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        let first = client.call(get(format!("{url}/"))).await.unwrap();
        assert_eq!(first.body, b"hello, world");
        let second = client.call(get(format!("{url}/"))).await.unwrap();
        assert_eq!((second.status, second.body.len()), (204, 0));
        // The HTTP/1.0 body ends when the server closes; the test server keeps the connection
        // open, so the read must be bounded by the read timeout instead.
        let client_with_timeout =
            DefaultHttpClient::new(None, Some(Duration::from_millis(200)), 1 << 20);
        let _ = client_with_timeout.call(get(format!("{url}/"))).await;
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn body_until_close_is_read_and_the_connection_not_kept() {
        let (url, connections, _) = server(|_, _| None).await;
        drop(url);
        // A server that writes a response without a length and closes.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut pending = Vec::new();
                read_request(&mut stream, &mut pending).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nall of it")
                    .await;
            }
        });
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        for _ in 0..2 {
            let response = client.call(get(format!("{url}/"))).await.unwrap();
            assert_eq!(response.body, b"all of it");
        }
        assert_eq!(connections.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_connection_closed_while_idle_is_replaced() {
        // Every connection answers one request, then closes.
        let (url, connections, _) = server(|i, _| (i == 0).then(|| ok("{}"))).await;
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        for _ in 0..3 {
            let response = client.call(get(format!("{url}/"))).await.unwrap();
            assert_eq!(response.status, 200);
            // Let the server's close arrive before the next checkout.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(connections.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_post_on_a_connection_that_closes_without_answering_is_an_io_error() {
        let (url, _, _) = server(|_, _| None).await;
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        let err = client
            .call(HttpRequest {
                method: Method::Post,
                uri: format!("{url}/"),
                headers: Vec::new(),
                body: Bytes::from_static(b"{}"),
            })
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Io, "{err}");
        assert!(
            err.to_string().contains("closed before a response"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn limits_and_malformed_responses() {
        // Each error drops its connection: count requests across connections.
        let count = AtomicUsize::new(0);
        let (url, _, _) = server(move |_, _| {
            Some(match count.fetch_add(1, Ordering::SeqCst) {
                0 => ok(&"x".repeat(2000)),
                1 => b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n800\r\n"
                    .iter()
                    .copied()
                    .chain(std::iter::repeat_n(b'y', 0x800))
                    .chain(*b"\r\n0\r\n\r\n")
                    .collect(),
                2 => b"HTTP/1.1 200 OK\r\ncontent-length: nope\r\n\r\n".to_vec(),
                _ => b"NOT HTTP\r\n\r\n".to_vec(),
            })
        })
        .await;
        let client = DefaultHttpClient::new(None, None, 1000);
        let err = client.call(get(format!("{url}/"))).await.unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Other);
        assert!(
            err.to_string()
                .contains("2000 bytes (Content-Length) exceeds the limit of 1000"),
            "{err}"
        );
        let err = client.call(get(format!("{url}/"))).await.unwrap_err();
        assert!(
            err.to_string().contains("exceeds the limit of 1000"),
            "{err}"
        );
        let err = client.call(get(format!("{url}/"))).await.unwrap_err();
        assert!(err.to_string().contains("invalid Content-Length"), "{err}");
        let err = client.call(get(format!("{url}/"))).await.unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Other);
        assert!(err.to_string().contains("not valid HTTP/1.1"), "{err}");
    }

    #[tokio::test]
    async fn read_timeout_applies_to_the_head() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let held = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
            }
        });
        let client = DefaultHttpClient::new(None, Some(Duration::from_millis(100)), 1 << 20);
        let err = client.call(get(format!("{url}/"))).await.unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Timeout, "{err}");
        assert!(err.to_string().contains("read timeout"), "{err}");
        held.abort();
    }

    #[tokio::test]
    async fn header_injection_is_refused_before_sending() {
        let (url, connections, _) = server(|_, _| Some(ok(""))).await;
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        for headers in [
            vec![("x-a".to_string(), "v\r\nx-b: injected".to_string())],
            vec![("bad name".to_string(), "v".to_string())],
        ] {
            let err = client
                .call(HttpRequest {
                    method: Method::Get,
                    uri: format!("{url}/"),
                    headers,
                    body: Bytes::new(),
                })
                .await
                .unwrap_err();
            assert_eq!(err.kind(), ConnectorErrorKind::Other, "{err}");
            assert!(err.to_string().contains("header"), "{err}");
        }
        assert_eq!(connections.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn without_pool_keeps_nothing() {
        let (url, connections, _) = server(|_, _| Some(ok(""))).await;
        let client = DefaultHttpClient::without_pool(None, None, 1 << 20);
        for _ in 0..2 {
            client.call(get(format!("{url}/"))).await.unwrap();
        }
        assert_eq!(connections.load(Ordering::SeqCst), 2);
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
            .call(get(format!("http://127.0.0.1:{port}/")))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Io, "{err}");
        assert!(
            err.to_string()
                .contains(&format!("could not connect to 127.0.0.1:{port}")),
            "{err}"
        );
    }

    #[tokio::test]
    async fn tls_setup_works_and_connect_timeout_applies() {
        let client = DefaultHttpClient::new(Some(Duration::from_millis(300)), None, 1 << 20);
        assert!(client.tls.is_ok());
        // A server that accepts TCP but never answers the TLS handshake.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
            }
        });
        let started = std::time::Instant::now();
        let err = client
            .call(get(format!("https://127.0.0.1:{port}/")))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Timeout, "{err}");
        assert!(started.elapsed() < Duration::from_secs(5));
        server.abort();
    }

    #[test]
    fn a_connection_kept_by_a_runtime_that_ended_is_not_used() {
        let server_runtime = tokio::runtime::Runtime::new().unwrap();
        let (url, connections, _) = server_runtime.block_on(server(|_, _| Some(ok("{}"))));
        let client = DefaultHttpClient::new(None, Some(Duration::from_secs(5)), 1 << 20);
        for _ in 0..2 {
            // A runtime per call, as a test suite sharing one client across `#[tokio::test]`s
            // does: the connection the first made is registered with its (gone) I/O driver.
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let response = runtime
                .block_on(client.call(get(format!("{url}/"))))
                .unwrap();
            assert_eq!(response.status, 200);
        }
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    }

    /// A server whose `i`th connection runs `script(i, stream)` after its first request has
    /// been read; counts connections.
    async fn scripted<F, Fut>(script: F) -> (String, Arc<AtomicUsize>)
    where
        F: Fn(usize, TcpStream) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        let script = Arc::new(script);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let i = counted.fetch_add(1, Ordering::SeqCst);
                let script = script.clone();
                tokio::spawn(async move {
                    let mut pending = Vec::new();
                    if read_request(&mut stream, &mut pending).await.is_some() {
                        script(i, stream).await;
                    }
                });
            }
        });
        (url, connections)
    }

    #[tokio::test]
    async fn a_streamed_body_is_handed_over_before_it_has_all_arrived() {
        let rest = Arc::new(tokio::sync::Notify::new());
        let release = rest.clone();
        let (url, connections) = scripted(move |_, mut stream| {
            let rest = rest.clone();
            async move {
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\nhello")
                    .await;
                rest.notified().await;
                let _ = stream.write_all(b" world").await;
                // The connection stays open for a next request.
                let mut pending = Vec::new();
                if read_request(&mut stream, &mut pending).await.is_some() {
                    let _ = stream.write_all(&ok("again")).await;
                }
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        })
        .await;
        let client = DefaultHttpClient::new(None, Some(Duration::from_secs(5)), 1 << 20);
        let response = client.call_streaming(get(format!("{url}/"))).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-length"), Some("11"));
        let mut body = response.body;
        // The server sends the rest only once the first piece has been read.
        assert_eq!(body.next().await.unwrap().unwrap(), "hello");
        release.notify_one();
        assert_eq!(body.collect().await.unwrap(), " world");
        // Read to its end, the body gave its connection back to the pool.
        let again = client.call(get(format!("{url}/"))).await.unwrap();
        assert_eq!(again.body, b"again");
        assert_eq!(connections.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn streamed_chunked_empty_and_large_bodies_keep_their_connection() {
        let large = "z".repeat(200_000);
        let expected = large.clone();
        let (url, connections, _) = server(move |i, _| {
            Some(match i {
                0 => b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n\
                       5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\ntrailer: x\r\n\r\n"
                    .to_vec(),
                1 => b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
                _ => ok(&large),
            })
        })
        .await;
        // The body limit applies to bodies read whole, not to streams.
        let client = DefaultHttpClient::new(None, Some(Duration::from_secs(5)), 1000);
        let chunked = client.call_streaming(get(format!("{url}/"))).await.unwrap();
        assert_eq!(chunked.body.collect().await.unwrap(), "hello, world");
        let empty = client.call_streaming(get(format!("{url}/"))).await.unwrap();
        assert_eq!(empty.status, 204);
        assert_eq!(empty.body.collect().await.unwrap(), "");
        let mut body = client
            .call_streaming(get(format!("{url}/")))
            .await
            .unwrap()
            .body;
        let mut all = Vec::new();
        while let Some(piece) = body.next().await {
            let piece = piece.unwrap();
            assert!(
                !piece.is_empty() && piece.len() <= 64 * 1024,
                "{}",
                piece.len()
            );
            all.extend_from_slice(&piece);
        }
        assert_eq!(all, expected.as_bytes());
        assert_eq!(connections.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_body_streamed_until_the_close_ends_there_and_its_connection_is_not_kept() {
        let (url, connections) = scripted(|_, mut stream| async move {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nall ")
                .await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            let _ = stream.write_all(b"of it").await;
        })
        .await;
        let client = DefaultHttpClient::new(None, Some(Duration::from_secs(5)), 1 << 20);
        for _ in 0..2 {
            let response = client.call_streaming(get(format!("{url}/"))).await.unwrap();
            assert_eq!(response.body.collect().await.unwrap(), "all of it");
        }
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_stream_dropped_early_closes_its_connection() {
        let (url, connections) = scripted(|_, mut stream| async move {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhello")
                .await;
            tokio::time::sleep(Duration::from_secs(5)).await;
        })
        .await;
        let client = DefaultHttpClient::new(None, Some(Duration::from_secs(5)), 1 << 20);
        for _ in 0..2 {
            let mut body = client
                .call_streaming(get(format!("{url}/")))
                .await
                .unwrap()
                .body;
            assert_eq!(body.next().await.unwrap().unwrap(), "hello");
        }
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_stream_cut_short_or_stalled_ends_with_an_error() {
        let (url, _) = scripted(|i, mut stream| async move {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhello")
                .await;
            if i == 1 {
                // Stalls.
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        })
        .await;
        let client = DefaultHttpClient::new(None, Some(Duration::from_millis(200)), 1 << 20);
        let cut = client.call_streaming(get(format!("{url}/"))).await.unwrap();
        let err = cut.body.collect().await.unwrap_err();
        assert!(
            err.to_string()
                .contains("closed before the response body was complete"),
            "{err}"
        );
        let mut stalled = client
            .call_streaming(get(format!("{url}/")))
            .await
            .unwrap()
            .body;
        assert_eq!(stalled.next().await.unwrap().unwrap(), "hello");
        let err = stalled.next().await.unwrap().unwrap_err();
        assert!(err.to_string().contains("read timeout"), "{err}");
        assert!(stalled.next().await.is_none());
    }

    #[tokio::test]
    async fn bad_uri_is_other() {
        let client = DefaultHttpClient::new(None, None, 1 << 20);
        let err = client.call(get("not a uri".into())).await.unwrap_err();
        assert_eq!(err.kind(), ConnectorErrorKind::Other);
    }
}
