//! Shared test support: a real HTTP/1.1 server on 127.0.0.1, a botocore fixtures loader, and
//! client configuration helpers.
//!
//! The server accepts any number of connections (the SDK pools and reuses them), reads every
//! request (`Content-Length` or chunked bodies, keep-alive), records it raw, and answers each one
//! with the next [`Action`] of its script: a response, a response after a delay, or dropping the
//! connection without answering. When the script is exhausted it answers with
//! [`Response::unscripted`] (HTTP 501, not retried) so a test that sends too many requests fails
//! visibly instead of hanging.
#![allow(dead_code)]

pub mod credentials;
pub mod ops;

use generated_sdk::config::{RetryConfig, StaticTimeSource};
use generated_sdk::{Client, Config, Credentials, Region};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A response the server sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers (`Content-Length` is added by the server).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a status and a body, and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A JSON response (`Content-Type: application/json`, an `x-amzn-RequestId`).
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::new(status, body)
            .header("Content-Type", "application/json")
            .header("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
    }

    /// Adds a header (or replaces it, case-insensitively).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Removes a header, case-insensitively.
    pub fn without_header(mut self, name: &str) -> Self {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self
    }

    /// The answer when no scripted action is left: HTTP 501, which the SDK does not retry.
    pub fn unscripted() -> Self {
        Self::json(
            501,
            r#"{"__type":"TestServerUnscripted","message":"the test server had no scripted response left"}"#,
        )
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Answer at once.
    Respond(Response),
    /// Wait, then answer (the client may give up first).
    Delay(Duration, Response),
    /// Close the connection after reading the request, without answering.
    Drop,
}

impl From<Response> for Action {
    fn from(response: Response) -> Self {
        Action::Respond(response)
    }
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// Method, e.g. `POST`.
    pub method: String,
    /// Request target exactly as sent: path and query, still percent-encoded.
    pub target: String,
    /// HTTP version, e.g. `HTTP/1.1`.
    pub version: String,
    /// Headers in the order received, names as sent.
    pub headers: Vec<(String, String)>,
    /// Body bytes (de-chunked if chunked).
    pub body: Vec<u8>,
    /// Which accepted connection carried it (0, 1, ...).
    pub connection: usize,
}

impl RecordedRequest {
    /// The path part of the target, still percent-encoded.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    /// The raw query string (without `?`), if any.
    pub fn query_string(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// The query as decoded `(key, value)` pairs, in the order sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        match self.query_string() {
            None | Some("") => Vec::new(),
            Some(q) => q
                .split('&')
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect(),
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (case-insensitive).
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body parsed as JSON (panics with the body if it is not JSON).
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "request body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Decodes `%XX` escapes (and nothing else: `+` stays `+`).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("percent-decoded query is UTF-8")
}

#[derive(Debug, Default)]
struct State {
    script: VecDeque<Action>,
    requests: Vec<RecordedRequest>,
    connections: usize,
    default: Option<Response>,
}

/// A running test server. Stops (its tasks are aborted) when dropped.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl TestServer {
    /// Starts a server on a random port of 127.0.0.1.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        Self::serve(listener)
    }

    /// Starts a server on `127.0.0.1:port` exactly. If the port is busy, retries for up to
    /// `wait` (another test run may hold it briefly), then fails: it never picks another port.
    pub async fn start_on_port(port: u16, wait: Duration) -> Self {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match TcpListener::bind(("127.0.0.1", port)).await {
                Ok(listener) => return Self::serve(listener),
                Err(e) if tokio::time::Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!(
                    "the botocore fixtures are signed for host 127.0.0.1:{port}, but that port \
                     cannot be bound ({e}); free it and run the test again"
                ),
            }
        }
    }

    fn serve(listener: TcpListener) -> Self {
        let addr = listener.local_addr().expect("local_addr");
        let state = Arc::new(Mutex::new(State::default()));
        let tasks: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::new(Mutex::new(Vec::new()));
        let accept_state = state.clone();
        let accept_tasks = tasks.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let connection = {
                    let mut s = accept_state.lock().unwrap();
                    s.connections += 1;
                    s.connections - 1
                };
                let conn_state = accept_state.clone();
                let handle = tokio::spawn(async move {
                    serve_connection(stream, connection, conn_state).await;
                });
                accept_tasks.lock().unwrap().push(handle);
            }
        });
        tasks.lock().unwrap().push(accept);
        TestServer { addr, state, tasks }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Appends an action to the script.
    pub fn push(&self, action: impl Into<Action>) -> &Self {
        self.state.lock().unwrap().script.push_back(action.into());
        self
    }

    /// Appends a response to the script.
    pub fn respond(&self, response: Response) -> &Self {
        self.push(Action::Respond(response))
    }

    /// Sets the answer used once the script is exhausted (default: [`Response::unscripted`]).
    pub fn set_default(&self, response: Response) {
        self.state.lock().unwrap().default = Some(response);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.state.lock().unwrap().requests.clear();
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.state.lock().unwrap().requests.len()
    }

    /// How many connections were accepted.
    pub fn connection_count(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    /// How many scripted actions are left.
    pub fn remaining(&self) -> usize {
        self.state.lock().unwrap().script.len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }
}

/// Serves requests on one connection until the client closes it or an action drops it.
async fn serve_connection(stream: TcpStream, connection: usize, state: Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let request = match read_request(&mut reader, connection).await {
            Ok(Some(request)) => request,
            // Closed by the client, or garbage: end this connection.
            Ok(None) | Err(_) => return,
        };
        let close_after = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        let action = {
            let mut s = state.lock().unwrap();
            s.requests.push(request);
            s.script.pop_front().unwrap_or_else(|| {
                Action::Respond(s.default.clone().unwrap_or_else(Response::unscripted))
            })
        };
        let response = match action {
            Action::Respond(r) => r,
            Action::Delay(delay, r) => {
                tokio::time::sleep(delay).await;
                r
            }
            Action::Drop => {
                let mut stream = reader.into_inner();
                let _ = stream.shutdown().await;
                return;
            }
        };
        if write_response(reader.get_mut(), &response, close_after)
            .await
            .is_err()
            || close_after
        {
            return;
        }
    }
}

async fn read_line(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<String>> {
    let mut line = Vec::new();
    let n = reader.read_until(b'\n', &mut line).await?;
    if n == 0 {
        return Ok(None);
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    String::from_utf8(line)
        .map(Some)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn bad(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_owned())
}

/// Reads one request; `Ok(None)` when the connection was closed before a new request began.
async fn read_request(
    reader: &mut BufReader<TcpStream>,
    connection: usize,
) -> std::io::Result<Option<RecordedRequest>> {
    let request_line = loop {
        match read_line(reader).await? {
            None => return Ok(None),
            Some(line) if line.is_empty() => continue, // tolerate stray CRLF between requests
            Some(line) => break line,
        }
    };
    let mut parts = request_line.splitn(3, ' ');
    let method = parts.next().ok_or_else(|| bad("no method"))?.to_owned();
    let target = parts.next().ok_or_else(|| bad("no target"))?.to_owned();
    let version = parts.next().ok_or_else(|| bad("no version"))?.to_owned();
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)
            .await?
            .ok_or_else(|| bad("eof in headers"))?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or_else(|| bad("bad header"))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        loop {
            let size_line = read_line(reader)
                .await?
                .ok_or_else(|| bad("eof in chunk size"))?;
            let size_hex = size_line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_hex, 16).map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                // Trailers, then the blank line.
                while let Some(line) = read_line(reader).await? {
                    if line.is_empty() {
                        break;
                    }
                }
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..]).await?;
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf).await?;
        }
    } else if let Some(len) = find("content-length") {
        let len: usize = len.parse().map_err(|_| bad("bad content-length"))?;
        body.resize(len, 0);
        reader.read_exact(&mut body).await?;
    }
    Ok(Some(RecordedRequest {
        method,
        target,
        version,
        headers,
        body,
        connection,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        418 => "I'm a teapot",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

async fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    close: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (k, v) in &response.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&response.body);
    stream.write_all(&bytes).await?;
    stream.flush().await
}

/// The botocore fixtures (see `tests/botocore/gen_fixtures.py`).
pub fn fixtures() -> serde_json::Value {
    serde_json::from_str(include_str!("../botocore/fixtures.json")).expect("fixtures.json is JSON")
}

/// The access key id of the tests (as in botocore's fixtures).
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
/// The secret access key of the tests (as in botocore's fixtures).
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// The signing time of the tests: 2024-01-02T03:04:05Z (as in botocore's fixtures).
pub fn fixed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_704_164_645)
}

/// Standard retries (3 attempts) with backoffs of at most 5 ms.
pub fn fast_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// A configuration builder for a client of `url`: us-east-1, the test keys, the fixed clock,
/// [`fast_retries`].
pub fn config_for(url: &str) -> generated_sdk::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None))
        .endpoint_url(url)
        .time_source(StaticTimeSource::new(fixed_time()))
        .retry_config(fast_retries())
}

/// A client of `server` with [`config_for`].
pub fn client_for(server: &TestServer) -> Client {
    Client::from_conf(config_for(&server.url()).build())
}
