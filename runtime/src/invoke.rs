//! The request pipeline: endpoint, signing, sending, retries, error metadata.
//!
//! `Handle::invoke` resolves the endpoint, then for each attempt loads credentials (cached),
//! builds and signs the request with the clock of the configuration, sends it (bounded by the
//! attempt timeout), and either returns a 2xx response, or classifies the failure and retries it
//! after a jittered exponential backoff (AWS standard mode, see [`crate::retry`]).
//! The whole loop is bounded by the operation timeout.
//!
//! Requests must run inside a Tokio runtime with timers enabled (the built-in HTTP client,
//! timeouts and backoff sleeps use Tokio).

use crate::byte_stream::{FileBody, Upload};
use crate::config::Config;
use crate::credentials::CredentialsCache;
use crate::encode;
use crate::endpoint::{self, Endpoint, ServiceMetadata};
use crate::error::{ConnectorError, ConnectorErrorKind, ErrorMetadata, SdkError};
use crate::http::{
    BodyTooLarge, BoxFuture, DefaultHttpClient, HttpClient, HttpRequest, HttpResponse, Method,
    StreamingResponse,
};
use crate::primitives::ByteStream;
use crate::retry::{self, Jitter, RetryKind, RetryQuota};
use crate::sigv4::{self, SignableRequest, SigningParams};
use bytes::Bytes;
use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tracing::Instrument;

/// The `user-agent` header sent with every request of `service`, e.g.
/// `generated-sdk/0.1.0 sdk-runtime/0.1.0 api/ivs-realtime/2020-07-14 lang/rust`.
pub(crate) fn user_agent(service: &ServiceMetadata) -> String {
    format!(
        "{}/{} {}/{} api/{}/{} lang/rust",
        service.crate_name,
        service.crate_version,
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        service.service_id,
        service.api_version
    )
}

/// An operation's request before endpoint, signing and transport. Built by generated code.
#[derive(Debug)]
pub struct OperationRequest {
    /// HTTP method.
    pub method: Method,
    /// Path, each label already percent-encoded with [`crate::encode::label`].
    pub path: String,
    /// Query parameters, not yet encoded; repeated keys allowed (`tagKeys=a&tagKeys=b`).
    pub query: Vec<(String, String)>,
    /// Headers of input members (`x-amz-client-token`, `Range`), signed with the request. A
    /// `content-type` here replaces the JSON one. Names must be HTTP tokens and values free
    /// of control characters (checked before anything is sent).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: RequestBody,
    /// The operation's host prefix (`data.`, `api.`, a validated host label and `.`), put
    /// before the endpoint's host unless `Config::inject_host_prefix` is off.
    pub host_prefix: Option<Cow<'static, str>>,
    /// The operation's body is not signed (`authtype: v4-unsigned-body` in AWS's model): over
    /// https, [`sigv4::UNSIGNED_PAYLOAD`] is signed in place of the body's hash and sent as
    /// `x-amz-content-sha256`; over plain http the body is signed (botocore's rule).
    pub unsigned_payload: bool,
}

/// The body of an [`OperationRequest`]. Bytes are `Bytes`, so that every attempt shares them
/// instead of copying them.
#[derive(Debug, Default)]
pub enum RequestBody {
    /// No body.
    #[default]
    None,
    /// A JSON document: `Content-Type: application/json` is set, unless a member header sets a
    /// content type.
    Json(Bytes),
    /// A blob payload, sent as it is, with no content type unless a member header sets one (as
    /// botocore does: `RestJSONSerializer` gives streaming and blob payloads no `Content-Type`).
    Raw(Bytes),
    /// A streamed blob payload, sent like [`RequestBody::Raw`]. A stream from a file
    /// ([`ByteStream::from_path`](crate::primitives::ByteStream::from_path)) is sent from the
    /// file by the built-in HTTP client (read again for each attempt, and once before them to
    /// sign its hash unless the operation's body is unsigned); any other stream, or a file with
    /// a custom [`HttpClient`], is read into memory first.
    Stream(ByteStream),
}

/// The body as the attempts send it.
#[derive(Debug, Default)]
struct Payload {
    /// The bytes in memory (empty when there is no body or it is sent from `file`).
    bytes: Bytes,
    /// Whether there is a body at all.
    present: bool,
    /// A blob payload: no JSON content type.
    raw: bool,
    /// Sent from this file instead of `bytes`.
    file: Option<FileBody>,
    /// The payload hash to sign, when it is not the hash of `bytes`: [`sigv4::UNSIGNED_PAYLOAD`]
    /// or the file's.
    hash: Option<String>,
}

impl Payload {
    fn memory(bytes: Bytes, raw: bool) -> Self {
        Self {
            bytes,
            present: true,
            raw,
            ..Self::default()
        }
    }
}

/// Reading a streamed request body failed before anything was sent.
#[derive(Debug)]
struct BodyNotRead(&'static str, crate::primitives::ByteStreamError);

impl fmt::Display for BodyNotRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the request body could not be read: {}",
            self.0, self.1
        )
    }
}

impl std::error::Error for BodyNotRead {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.1)
    }
}

/// Where an attempt sends its request: through the client, or (a body sent from a file) through
/// the built-in client, which reads the file as it writes the request.
#[derive(Clone, Copy)]
enum Sender<'a> {
    Client(&'a dyn HttpClient),
    File(&'a DefaultHttpClient, &'a FileBody),
}

impl<'a> Sender<'a> {
    fn call(self, request: HttpRequest) -> BoxFuture<'a, Result<HttpResponse, ConnectorError>> {
        match self {
            Sender::Client(client) => client.call(request),
            Sender::File(client, file) => Box::pin(client.send(request, Some(file))),
        }
    }

    fn call_streaming(
        self,
        request: HttpRequest,
    ) -> BoxFuture<'a, Result<StreamingResponse, ConnectorError>> {
        match self {
            Sender::Client(client) => client.call_streaming(request),
            Sender::File(client, file) => Box::pin(client.send_streaming(request, Some(file))),
        }
    }
}

/// Shared state of a client: configuration, service metadata, HTTP client, credentials cache.
#[derive(Debug)]
pub struct Handle {
    config: Config,
    service: &'static ServiceMetadata,
    credentials: Option<CredentialsCache>,
    default_client: OnceLock<Arc<DefaultHttpClient>>,
    /// The endpoint, resolved at the first request (region and override never change).
    endpoint: OnceLock<Result<Endpoint, endpoint::EndpointError>>,
    retry_quota: RetryQuota,
    jitter: Jitter,
    /// `user-agent` value: this crate and version, the service id and API version, the language.
    user_agent: String,
    /// SigV4 signing keys already derived.
    signing_keys: sigv4::SigningKeyCache,
}

/// A construction failure with a plain message.
#[derive(Debug)]
struct ConstructionError(String);

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConstructionError {}

/// An attempt or the whole operation took longer than its limit.
#[derive(Debug)]
pub(crate) struct TimedOut {
    what: &'static str,
    operation: &'static str,
    limit: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of {} took longer than the {:?} limit",
            self.what, self.operation, self.limit
        )
    }
}

impl std::error::Error for TimedOut {}

/// How one attempt failed.
enum AttemptError {
    /// The service answered with a non-2xx status.
    Service(ErrorMetadata, HttpResponse),
    /// The request could not be sent or no response arrived.
    Connector(ConnectorError),
    /// The attempt timeout elapsed.
    Timeout(TimedOut),
}

/// For tracing: the status and error code, or the connection error. Never a body or a secret.
impl std::fmt::Display for AttemptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttemptError::Service(meta, _) => write!(
                f,
                "HTTP {} {}",
                meta.status(),
                meta.code().unwrap_or("(no error code)")
            ),
            AttemptError::Connector(e) => write!(f, "{e}"),
            AttemptError::Timeout(t) => write!(f, "{t}"),
        }
    }
}

impl AttemptError {
    fn retry_kind(&self) -> Option<RetryKind> {
        match self {
            AttemptError::Service(meta, _) => retry::classify_response(meta.status(), meta.code()),
            AttemptError::Connector(e) => retry::classify_connector_error(e.kind()),
            AttemptError::Timeout(_) => Some(RetryKind::Timeout),
        }
    }

    fn into_sdk_error(self) -> SdkError<ErrorMetadata> {
        match self {
            AttemptError::Service(meta, raw) => SdkError::service_error(meta, raw),
            AttemptError::Connector(e) => SdkError::DispatchFailure(e),
            AttemptError::Timeout(e) => SdkError::TimeoutError(Box::new(e)),
        }
    }
}

impl Handle {
    /// A handle for `service` with `config`.
    pub fn new(config: Config, service: &'static ServiceMetadata) -> Self {
        let credentials = config.credentials_provider().map(CredentialsCache::new);
        Self {
            config,
            service,
            credentials,
            default_client: OnceLock::new(),
            endpoint: OnceLock::new(),
            retry_quota: RetryQuota::new(),
            jitter: Jitter::new(),
            user_agent: user_agent(service),
            signing_keys: sigv4::SigningKeyCache::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The HTTP client: the configured one, else the built-in one.
    fn http_client(&self) -> Arc<dyn HttpClient> {
        if let Some(client) = self.config.http_client() {
            return client;
        }
        self.builtin_client()
    }

    /// The built-in HTTP client (created on first use).
    fn builtin_client(&self) -> Arc<DefaultHttpClient> {
        self.default_client
            .get_or_init(|| {
                Arc::new(DefaultHttpClient::new(
                    self.config.timeout_config().connect_timeout(),
                    self.config.timeout_config().read_timeout(),
                    self.config.max_response_body_size(),
                ))
            })
            .clone()
    }

    /// The body of `request` as the attempts send it: bytes as they are; a stream read into
    /// memory, except a file sent by the built-in client, which is hashed here (unless the body
    /// is unsigned). Streams are read in a boxed future, so that the common case adds nothing
    /// to the size of every call's future.
    async fn payload(
        &self,
        operation: &'static str,
        body: RequestBody,
        unsigned: bool,
    ) -> Result<Payload, SdkError<ErrorMetadata>> {
        let mut payload = match body {
            RequestBody::None => Payload::default(),
            RequestBody::Json(bytes) => Payload::memory(bytes, false),
            RequestBody::Raw(bytes) => Payload::memory(bytes, true),
            RequestBody::Stream(stream) => {
                Box::pin(self.stream_payload(operation, stream, unsigned)).await?
            }
        };
        if unsigned {
            payload.hash = Some(sigv4::UNSIGNED_PAYLOAD.to_owned());
        }
        Ok(payload)
    }

    /// [`Handle::payload`] of a stream.
    async fn stream_payload(
        &self,
        operation: &'static str,
        stream: ByteStream,
        unsigned: bool,
    ) -> Result<Payload, SdkError<ErrorMetadata>> {
        let not_read = |e| SdkError::construction_failure(BodyNotRead(operation, e));
        Ok(match stream.into_upload() {
            Upload::Bytes(bytes) => Payload::memory(bytes, true),
            Upload::File(file) if self.config.http_client().is_none() => {
                let hash = if unsigned {
                    None
                } else {
                    Some(file.sha256_hex().await.map_err(not_read)?)
                };
                Payload {
                    present: true,
                    raw: true,
                    file: Some(file),
                    hash,
                    ..Payload::default()
                }
            }
            Upload::File(file) => Payload::memory(file.read_all().await.map_err(not_read)?, true),
            Upload::Stream(stream) => {
                Payload::memory(stream.collect().await.map_err(not_read)?, true)
            }
        })
    }

    /// Sends `request` for `operation` with retries. A 2xx response is returned as is; any other
    /// status becomes `SdkError::ServiceError` carrying the parsed [`ErrorMetadata`].
    pub async fn invoke(
        &self,
        operation: &'static str,
        request: OperationRequest,
    ) -> Result<HttpResponse, SdkError<ErrorMetadata>> {
        self.invoke_as(operation, request).await
    }

    /// [`Handle::invoke`] for an operation whose output payload is streamed: a 2xx response is
    /// returned once its head has arrived, its body to be read as it arrives. The attempt and
    /// operation timeouts and the retries end there; an error response is read whole (within
    /// `max_response_body_size`) as for [`Handle::invoke`].
    pub async fn invoke_streaming(
        &self,
        operation: &'static str,
        request: OperationRequest,
    ) -> Result<StreamingResponse, SdkError<ErrorMetadata>> {
        self.invoke_as(operation, request).await
    }

    /// [`Handle::invoke`] or [`Handle::invoke_streaming`], as `R` says.
    async fn invoke_as<R: Exchange>(
        &self,
        operation: &'static str,
        request: OperationRequest,
    ) -> Result<R, SdkError<ErrorMetadata>> {
        let region = self.config.region().map(|r| r.as_ref());
        let span = tracing::debug_span!(
            "operation",
            service = self.service.service_id,
            operation,
            region = region.unwrap_or_default(),
        );
        self.invoke_in(operation, region, request)
            .instrument(span)
            .await
    }

    /// [`Handle::invoke_as`] inside its span.
    async fn invoke_in<R: Exchange>(
        &self,
        operation: &'static str,
        region: Option<&str>,
        mut request: OperationRequest,
    ) -> Result<R, SdkError<ErrorMetadata>> {
        if let (None, Some(why)) = (region, self.config.region_error()) {
            return Err(SdkError::construction_failure(ConstructionError(
                why.to_owned(),
            )));
        }
        let endpoint = self
            .endpoint
            .get_or_init(|| {
                let configured = self.config.endpoint_override_for(self.service);
                endpoint::resolve(self.service, region, configured.as_ref())
            })
            .as_ref()
            .map_err(|e| {
                tracing::debug!(error = %e, "no endpoint");
                SdkError::construction_failure(e.clone())
            })?;
        tracing::debug!(
            endpoint = %endpoint.uri("", ""),
            overridden = self.config.endpoint_url().is_some(),
            "endpoint resolved"
        );
        let region = region.unwrap_or_default();
        let credentials = self.credentials.as_ref().ok_or_else(|| {
            SdkError::construction_failure(ConstructionError(
                "no credentials provider is configured: set one with \
                 `Config::builder().credentials_provider(...)` or use `Config::from_env()`"
                    .to_owned(),
            ))
        })?;
        if !request.path.starts_with('/') {
            return Err(SdkError::construction_failure(ConstructionError(format!(
                "{operation}: the request path must start with '/'"
            ))));
        }
        if let Some(problem) = header_problem(&request.headers) {
            return Err(SdkError::construction_failure(ConstructionError(format!(
                "{operation}: {problem}"
            ))));
        }
        let unsigned = request.unsigned_payload && endpoint.scheme == "https";
        let body = std::mem::take(&mut request.body);
        let attempts = async {
            let payload = self.payload(operation, body, unsigned).await?;
            self.attempts::<R>(operation, endpoint, region, credentials, &request, &payload)
                .await
        };
        match self.config.timeout_config().operation_timeout() {
            Some(limit) => match tokio::time::timeout(limit, attempts).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::TimeoutError(Box::new(TimedOut {
                    what: "the operation",
                    operation,
                    limit,
                }))),
            },
            None => attempts.await,
        }
    }

    /// The attempt loop.
    async fn attempts<R: Exchange>(
        &self,
        operation: &'static str,
        endpoint: &Endpoint,
        region: &str,
        credentials: &CredentialsCache,
        request: &OperationRequest,
        payload: &Payload,
    ) -> Result<R, SdkError<ErrorMetadata>> {
        let retry_config = self.config.retry_config();
        let attempt_timeout = self.config.timeout_config().operation_attempt_timeout();
        let client = self.http_client();
        let builtin = payload
            .file
            .as_ref()
            .map(|file| (self.builtin_client(), file));
        let host_prefix = request
            .host_prefix
            .as_deref()
            .filter(|_| self.config.inject_host_prefix());
        let sender = match &builtin {
            Some((builtin, file)) => Sender::File(builtin, file),
            None => Sender::Client(&*client),
        };
        let mut attempt: u32 = 1;
        let mut last_retry_cost = None;
        loop {
            // Everything of one attempt (credentials, signing, sending, reading) runs in its
            // span, and its outcome is reported in it; without a subscriber this costs a
            // callsite check.
            let span = tracing::debug_span!("attempt", attempt);
            let started = std::time::Instant::now();
            let one = async {
                let creds = credentials.get().await.map_err(|e| {
                    SdkError::construction_failure(ConstructionError(format!(
                        "failed to load credentials: {e}"
                    )))
                })?;
                let http_request = build_request(
                    endpoint,
                    request,
                    host_prefix,
                    payload,
                    &self.user_agent,
                    &self.signing_keys,
                    SigningInputs {
                        access_key_id: creds.access_key_id(),
                        secret_access_key: creds.secret_access_key(),
                        session_token: creds.session_token(),
                        region,
                        service: self.service.signing_name,
                        time: self.config.time_source().now(),
                    },
                );
                let max_body = self.config.max_response_body_size();
                let sent = R::exchange(sender, http_request, max_body);
                Ok::<_, SdkError<ErrorMetadata>>(match attempt_timeout {
                    Some(limit) => match tokio::time::timeout(limit, sent).await {
                        Ok(result) => result.map_err(AttemptError::Connector),
                        Err(_) => Err(AttemptError::Timeout(TimedOut {
                            what: "an attempt",
                            operation,
                            limit,
                        })),
                    },
                    None => sent.await.map_err(AttemptError::Connector),
                })
            };
            let result = one.instrument(span.clone()).await?;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            let error = match result {
                Ok(Exchanged::Success(response)) => {
                    tracing::debug!(
                        parent: &span,
                        status = response.status(),
                        elapsed_ms,
                        "succeeded"
                    );
                    self.retry_quota.on_success(last_retry_cost);
                    return Ok(response);
                }
                Ok(Exchanged::Failure(response)) => {
                    AttemptError::Service(parse_error_metadata(&response), response)
                }
                Err(e) => e,
            };
            let Some(kind) = error.retry_kind() else {
                tracing::debug!(parent: &span, error = %error, elapsed_ms, "failed, not retryable");
                return Err(error.into_sdk_error());
            };
            if attempt >= retry_config.max_attempts() {
                tracing::debug!(parent: &span, error = %error, elapsed_ms, "failed, no attempts left");
                return Err(error.into_sdk_error());
            }
            let Some(cost) = self.retry_quota.acquire(kind) else {
                tracing::debug!(parent: &span, error = %error, elapsed_ms, "failed, retry quota spent");
                return Err(error.into_sdk_error());
            };
            last_retry_cost = Some(cost);
            let delay = retry::backoff(retry_config, attempt, self.jitter.next_f64());
            tracing::debug!(
                parent: &span,
                reason = ?kind,
                error = %error,
                elapsed_ms,
                backoff_ms = delay.as_millis() as u64,
                "retrying"
            );
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            attempt += 1;
        }
    }
}

/// What one attempt's exchange gave: a 2xx response to return, or an error response read whole.
enum Exchanged<R> {
    Success(R),
    Failure(HttpResponse),
}

/// A response as an operation takes it: read whole ([`HttpResponse`]) or streamed
/// ([`StreamingResponse`]).
trait Exchange: Sized + Send {
    /// Sends `request` with `client`. A non-2xx response comes back read whole, its body within
    /// `max_body` bytes.
    fn exchange(
        sender: Sender<'_>,
        request: HttpRequest,
        max_body: usize,
    ) -> impl std::future::Future<Output = Result<Exchanged<Self>, ConnectorError>> + Send + '_;

    /// The status code.
    fn status(&self) -> u16;
}

impl Exchange for HttpResponse {
    async fn exchange(
        sender: Sender<'_>,
        request: HttpRequest,
        max_body: usize,
    ) -> Result<Exchanged<Self>, ConnectorError> {
        let response = BodyTooLarge::check(sender.call(request).await?, max_body)?;
        Ok(if (200..300).contains(&response.status) {
            Exchanged::Success(response)
        } else {
            Exchanged::Failure(response)
        })
    }

    fn status(&self) -> u16 {
        self.status
    }
}

impl Exchange for StreamingResponse {
    async fn exchange(
        sender: Sender<'_>,
        request: HttpRequest,
        max_body: usize,
    ) -> Result<Exchanged<Self>, ConnectorError> {
        let response = sender.call_streaming(request).await?;
        if (200..300).contains(&response.status) {
            return Ok(Exchanged::Success(response));
        }
        let (mut head, mut stream) = response.into_parts();
        while let Some(piece) = stream.next().await {
            let piece = piece.map_err(|e| ConnectorError::new(ConnectorErrorKind::Io, e))?;
            head.body.extend_from_slice(&piece);
            if head.body.len() > max_body {
                return Err(BodyTooLarge::error(max_body));
            }
        }
        Ok(Exchanged::Failure(head))
    }

    fn status(&self) -> u16 {
        self.status
    }
}

/// Who signs, where and when (borrowed from the current credentials).
#[derive(Debug, Clone, Copy)]
struct SigningInputs<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
    session_token: Option<&'a str>,
    region: &'a str,
    service: &'a str,
    time: std::time::SystemTime,
}

/// What is wrong with the members' headers, if anything: a name that is not an HTTP token, or
/// a value with a control character (other than tab), which no HTTP client may send.
fn header_problem(headers: &[(String, String)]) -> Option<String> {
    for (name, value) in headers {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Some(format!("`{name}` is not a valid header name"));
        }
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Some(format!(
                "the value of header `{name}` contains a control character"
            ));
        }
    }
    None
}

/// Builds and signs the HTTP request of one attempt.
fn build_request(
    endpoint: &Endpoint,
    request: &OperationRequest,
    host_prefix: Option<&str>,
    payload: &Payload,
    user_agent: &str,
    signing_keys: &sigv4::SigningKeyCache,
    signing: SigningInputs<'_>,
) -> HttpRequest {
    let mut query = String::new();
    for (i, (k, v)) in request.query.iter().enumerate() {
        if i > 0 {
            query.push('&');
        }
        query.push_str(&encode::query_component(k));
        query.push('=');
        query.push_str(&encode::query_component(v));
    }
    let authority: Cow<'_, str> = match host_prefix {
        None => Cow::Borrowed(&endpoint.authority),
        Some(prefix) => Cow::Owned([prefix, endpoint.authority.as_str()].concat()),
    };
    let uri = endpoint.uri_at(&authority, &request.path, &query);
    let path: Cow<'_, str> = if endpoint.base_path.is_empty() {
        Cow::Borrowed(&request.path)
    } else {
        Cow::Owned([endpoint.base_path.as_str(), &request.path].concat())
    };
    let body = payload.bytes.clone();

    // Signed headers: host, content-type when there is a body (unless a member sets it), and
    // the members' headers; then content-length, user-agent and the signature's (at most 3).
    let mut headers = Vec::with_capacity(request.headers.len() + 7);
    headers.push(("host".to_owned(), authority.into_owned()));
    let content_type_member = request
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if payload.present && !payload.raw && !content_type_member {
        headers.push(("content-type".to_owned(), "application/json".to_owned()));
    }
    headers.extend(request.headers.iter().cloned());
    if payload.hash.as_deref() == Some(sigv4::UNSIGNED_PAYLOAD) {
        headers.push((
            "x-amz-content-sha256".to_owned(),
            sigv4::UNSIGNED_PAYLOAD.to_owned(),
        ));
    }
    let signed = sigv4::sign_cached(
        &SignableRequest {
            method: request.method.as_str(),
            path: &path,
            query: &request.query,
            headers: &headers,
            body: &body,
            payload_hash: payload.hash.as_deref(),
        },
        &SigningParams {
            access_key_id: signing.access_key_id,
            secret_access_key: signing.secret_access_key,
            session_token: signing.session_token,
            region: signing.region,
            service: signing.service,
            time: signing.time,
        },
        signing_keys,
    );
    // Unsigned headers.
    let needs_length =
        payload.present || matches!(request.method, Method::Post | Method::Put | Method::Patch);
    if needs_length {
        let length = payload
            .file
            .as_ref()
            .map_or(body.len() as u64, |f| f.length);
        headers.push((
            "content-length".to_owned(),
            itoa::Buffer::new().format(length).to_owned(),
        ));
    }
    headers.push(("user-agent".to_owned(), user_agent.to_owned()));
    headers.extend(signed.headers);
    HttpRequest {
        method: request.method,
        uri,
        headers,
        body,
    }
}

/// Parses the [`ErrorMetadata`] of an error response the way AWS SDKs do for REST-JSON:
/// code from the `x-amzn-ErrorType` header, else the body's `code`, else its `__type` (then
/// sanitized, see [`sanitize_error_code`]); message from the body's `message`, `Message`,
/// `errorMessage` or `exceptionMessage`; request id from `x-amzn-RequestId` (or
/// `x-amz-request-id`). A body that is not a JSON object only loses the body fields.
pub(crate) fn parse_error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let body = match serde_json::from_slice::<serde_json::Value>(&response.body) {
        Ok(serde_json::Value::Object(map)) => Some(map),
        _ => None,
    };
    let field = |names: &[&str]| -> Option<String> {
        let map = body.as_ref()?;
        names
            .iter()
            .find_map(|name| map.get(*name).and_then(serde_json::Value::as_str))
            .map(str::to_owned)
    };
    let non_empty = |s: &str| !s.trim().is_empty();
    let code = response
        .header("x-amzn-errortype")
        .filter(|s| non_empty(s))
        .map(str::to_owned)
        .or_else(|| field(&["code", "Code"]).filter(|s| non_empty(s)))
        .or_else(|| field(&["__type"]).filter(|s| non_empty(s)))
        .map(|code| sanitize_error_code(&code).to_owned())
        .filter(|s| !s.is_empty());
    let message = field(&["message", "Message", "errorMessage", "exceptionMessage"]);
    let request_id = crate::request_id::of_response(response).map(str::to_owned);
    ErrorMetadata::new(code, message, request_id, response.status)
}

/// Cleans an error code: drops everything from the first `:` (a trailing URL), then keeps what
/// follows the last `#` (a namespace). `aws.protocoltests.restjson#FooError:http://internal...`
/// becomes `FooError`.
pub(crate) fn sanitize_error_code(code: &str) -> &str {
    let code = match code.find(':') {
        Some(i) => &code[..i],
        None => code,
    };
    let code = match code.rfind('#') {
        Some(i) => &code[i + 1..],
        None => code,
    };
    code.trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Region, RetryConfig, StaticTimeSource, TimeoutConfig};
    use crate::credentials::Credentials;
    use crate::endpoint::EndpointRule;
    use crate::error::ConnectorErrorKind;
    use crate::http::BoxFuture;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

    static SERVICE: ServiceMetadata = ServiceMetadata {
        crate_name: "generated-sdk",
        crate_version: "0.1.0",
        service_id: "ivs-realtime",
        signing_name: "ivs",
        sdk_id: "IVS RealTime",
        api_version: "2020-07-14",
        endpoints: &[EndpointRule {
            regions: &["cn-north-1"],
            url_template: "https://ivsrealtime.{region}.amazonaws.com.cn",
        }],
        default_endpoint: "https://ivsrealtime.{region}.amazonaws.com",
    };

    /// 2015-08-30T12:36:00Z.
    const FIXED_TIME: u64 = 1_440_938_160;

    use crate::test_util::response;

    // ---- error metadata -------------------------------------------------------------------

    #[test]
    fn sanitizes_error_codes() {
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("FooError:http://internal.amazon.com/"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("a#b#FooError"), "FooError");
        assert_eq!(sanitize_error_code(""), "");
    }

    #[test]
    fn error_code_sources_in_order() {
        // Header wins over the body.
        let meta = parse_error_metadata(&response(
            400,
            &[
                (
                    "X-Amzn-ErrorType",
                    "ValidationException:http://internal.amazon.com/x",
                ),
                ("x-amzn-RequestId", "req-1"),
            ],
            r#"{"code":"Other","__type":"Another","message":"bad input"}"#,
        ));
        assert_eq!(meta.code(), Some("ValidationException"));
        assert_eq!(meta.message(), Some("bad input"));
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(meta.status(), 400);

        // Then `code`, then `__type`.
        let meta = parse_error_metadata(&response(
            404,
            &[],
            r#"{"code":"ResourceNotFoundException","__type":"X"}"#,
        ));
        assert_eq!(meta.code(), Some("ResourceNotFoundException"));
        let meta = parse_error_metadata(&response(
            409,
            &[("x-amz-request-id", "req-2")],
            r#"{"__type":"com.amazonaws.ivsrealtime#ConflictException","Message":"in use"}"#,
        ));
        assert_eq!(meta.code(), Some("ConflictException"));
        assert_eq!(meta.message(), Some("in use"));
        assert_eq!(meta.request_id(), Some("req-2"));

        let meta = parse_error_metadata(&response(
            400,
            &[],
            r#"{"__type":"A#B","errorMessage":"m1"}"#,
        ));
        assert_eq!((meta.code(), meta.message()), (Some("B"), Some("m1")));
        let meta = parse_error_metadata(&response(400, &[], r#"{"exceptionMessage":"m2"}"#));
        assert_eq!((meta.code(), meta.message()), (None, Some("m2")));
    }

    #[test]
    fn bad_error_bodies_do_not_panic() {
        for body in [
            "",
            "<html>502 Bad Gateway</html>",
            "[1,2]",
            "null",
            "{\"code\": 5}",
            "{",
            "\u{0}\u{ff}",
        ] {
            let meta = parse_error_metadata(&response(502, &[], body));
            assert_eq!(meta.code(), None, "{body:?}");
            assert_eq!(meta.message(), None);
            assert_eq!(meta.status(), 502);
        }
        let meta = parse_error_metadata(&HttpResponse {
            status: 500,
            headers: vec![],
            body: vec![0xff, 0xfe, 0x00],
        });
        assert_eq!(meta.code(), None);
        // A blank header falls back to the body.
        let meta = parse_error_metadata(&response(
            400,
            &[("x-amzn-errortype", " ")],
            r#"{"code":"X"}"#,
        ));
        assert_eq!(meta.code(), Some("X"));
    }

    // ---- construction failures (nothing sent) ---------------------------------------------

    /// An HTTP client counting calls and always answering 200 `{}`.
    #[derive(Debug, Default)]
    struct CountingClient {
        calls: Arc<AtomicUsize>,
        last: Arc<Mutex<Option<HttpRequest>>>,
    }

    impl HttpClient for CountingClient {
        fn call(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            *self.last.lock().unwrap() = Some(request);
            Box::pin(async { Ok(response(200, &[], "{}")) })
        }
    }

    fn list_request() -> OperationRequest {
        OperationRequest {
            method: Method::Post,
            path: "/ListStages".into(),
            query: vec![],
            headers: vec![],
            body: RequestBody::Json(Bytes::from_static(b"{}")),
            host_prefix: None,
            unsigned_payload: false,
        }
    }

    fn credentials() -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
    }

    /// A configuration sending through `client` in `region`, at the fixed time.
    fn counted(region: &str, client: CountingClient) -> crate::config::Builder {
        Config::builder()
            .region(Region::new(region.to_owned()))
            .credentials_provider(credentials())
            .time_source(StaticTimeSource::from_secs(FIXED_TIME))
            .http_client(client)
    }

    async fn construction_error(config: crate::config::Builder) -> String {
        let calls = Arc::new(AtomicUsize::new(0));
        let client = CountingClient {
            calls: calls.clone(),
            ..Default::default()
        };
        let handle = Handle::new(config.http_client(client).build(), &SERVICE);
        let err = handle
            .invoke("ListStages", list_request())
            .await
            .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 0, "nothing may be sent");
        match err {
            SdkError::ConstructionFailure(e) => e.to_string(),
            other => panic!("expected a construction failure, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn missing_or_invalid_region_fails_before_sending() {
        let msg = construction_error(Config::builder().credentials_provider(credentials())).await;
        assert!(msg.contains("region"), "{msg}");
        for bad in ["us-east-1.evil.com", "", "-x", "us_east_1", "a/b"] {
            let msg = construction_error(
                Config::builder()
                    .credentials_provider(credentials())
                    .region(Region::new(bad.to_owned())),
            )
            .await;
            assert!(msg.contains("invalid region"), "{msg}");
        }
    }

    #[tokio::test]
    async fn missing_credentials_fail_before_sending() {
        let msg = construction_error(Config::builder().region(Region::new("us-east-1"))).await;
        assert!(msg.contains("credentials"), "{msg}");
    }

    #[tokio::test]
    async fn bad_endpoint_override_fails_before_sending() {
        let msg = construction_error(
            Config::builder()
                .region(Region::new("us-east-1"))
                .credentials_provider(credentials())
                .endpoint_url("localhost:8080"),
        )
        .await;
        assert!(msg.contains("endpoint"), "{msg}");

        // A port above 65535 (which `http` would read as "no port", i.e. port 80).
        let msg = construction_error(
            Config::builder()
                .region(Region::new("us-east-1"))
                .credentials_provider(credentials())
                .endpoint_url("http://127.0.0.1:99999"),
        )
        .await;
        assert_eq!(
            msg,
            "invalid endpoint: \"http://127.0.0.1:99999\" (set with \
             `Config::builder().endpoint_url`): the port \"99999\" is not in 1-65535"
        );
    }

    #[tokio::test]
    async fn the_body_limit_applies_to_custom_clients_too() {
        let calls = Arc::new(AtomicUsize::new(0));
        let client = CountingClient {
            calls: calls.clone(),
            ..Default::default()
        };
        let config = Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(credentials())
            .http_client(client)
            .max_response_body_size(1);
        let handle = Handle::new(config.clone().build(), &SERVICE);
        let err = handle
            .invoke("ListStages", list_request())
            .await
            .unwrap_err();
        match &err {
            SdkError::DispatchFailure(e) => {
                assert_eq!(e.kind(), ConnectorErrorKind::Other, "not retried");
                let source = std::error::Error::source(e).unwrap().to_string();
                assert!(
                    source.contains("the response body exceeds the limit of 1 bytes"),
                    "{source}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "not retried");
        // The canned body is "{}": two bytes are within a limit of two.
        let handle = Handle::new(config.max_response_body_size(2).build(), &SERVICE);
        assert!(handle.invoke("ListStages", list_request()).await.is_ok());
    }

    #[tokio::test]
    async fn bad_endpoint_from_the_environment_fails_before_sending() {
        let env = crate::profile::Env::from_map(
            [
                ("AWS_REGION", "us-east-1"),
                ("AWS_ACCESS_KEY_ID", "AKID"),
                ("AWS_SECRET_ACCESS_KEY", "SECRET"),
                ("AWS_SESSION_TOKEN", "TOKEN"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:99999"),
                ("HOME", "/nonexistent-home-for-tests"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        );
        let msg = construction_error(Config::from_env_with(env.clone())).await;
        assert_eq!(
            msg,
            "invalid endpoint: \"http://127.0.0.1:99999\" (from the AWS_ENDPOINT_URL \
             environment variable): the port \"99999\" is not in 1-65535"
        );
        let err = Config::from_env_with(env.clone()).try_build().unwrap_err();
        assert_eq!(err.to_string(), msg);
        // A valid override set in code replaces the environment's.
        assert!(Config::from_env_with(env)
            .endpoint_url("http://127.0.0.1:8080")
            .try_build()
            .is_ok());
    }

    #[tokio::test]
    async fn resolves_cn_endpoint_and_builds_request() {
        let client = CountingClient::default();
        let last = client.last.clone();
        let handle = Handle::new(counted("cn-north-1", client).build(), &SERVICE);
        let request = OperationRequest {
            method: Method::Delete,
            path: "/tags/arn%3Aaws%3Aivs%3Acn-north-1%3A123%3Astage%2Fabc".into(),
            query: vec![
                ("tagKeys".into(), "a b".into()),
                ("tagKeys".into(), "c/d".into()),
            ],
            headers: vec![],
            body: RequestBody::None,
            host_prefix: None,
            unsigned_payload: false,
        };
        let ok = handle.invoke("UntagResource", request).await.unwrap();
        assert_eq!(ok.status, 200);
        let sent = last.lock().unwrap().clone().unwrap();
        assert_eq!(sent.method, Method::Delete);
        assert_eq!(
            sent.uri,
            "https://ivsrealtime.cn-north-1.amazonaws.com.cn/tags/arn%3Aaws%3Aivs%3Acn-north-1%3A123%3Astage%2Fabc?tagKeys=a%20b&tagKeys=c%2Fd"
        );
        assert_eq!(
            sent.header("host"),
            Some("ivsrealtime.cn-north-1.amazonaws.com.cn")
        );
        assert_eq!(sent.header("content-type"), None);
        assert_eq!(sent.header("content-length"), None);
        assert_eq!(
            sent.header("user-agent"),
            Some(concat!(
                "generated-sdk/0.1.0 sdk-runtime/",
                env!("CARGO_PKG_VERSION"),
                " api/ivs-realtime/2020-07-14 lang/rust"
            ))
        );
        assert_eq!(sent.header("x-amz-date"), Some("20150830T123600Z"));
        let auth = sent.header("authorization").unwrap();
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/cn-north-1/ivs/aws4_request"
            ),
            "{auth}"
        );
        assert!(
            !auth.contains("user-agent") && !auth.contains("content-length"),
            "{auth}"
        );
        assert!(sent.body.is_empty());
    }

    // ---- against a real HTTP/1.1 server ---------------------------------------------------

    /// What the test server does with the n-th request it reads.
    #[derive(Debug, Clone)]
    enum Reply {
        /// Answers with a status, extra headers and a body.
        Respond(u16, Vec<(&'static str, &'static str)>, &'static str),
        /// Closes the connection without answering.
        Drop,
        /// Waits, then answers.
        Delay(Duration, u16),
    }

    /// A request as the server read it.
    #[derive(Debug, Clone)]
    struct Recorded {
        request_line: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Recorded {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }
    }

    struct TestServer {
        port: u16,
        requests: Arc<Mutex<Vec<Recorded>>>,
        task: tokio::task::JoinHandle<()>,
    }

    impl TestServer {
        async fn start(script: Vec<Reply>) -> Self {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            let requests = Arc::new(Mutex::new(Vec::new()));
            let script = Arc::new(script);
            let recorded = requests.clone();
            let task = tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let script = script.clone();
                    let recorded = recorded.clone();
                    tokio::spawn(async move {
                        let _ = serve_connection(stream, script, recorded).await;
                    });
                }
            });
            Self {
                port,
                requests,
                task,
            }
        }

        fn url(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }

        fn requests(&self) -> Vec<Recorded> {
            self.requests.lock().unwrap().clone()
        }
    }

    impl Drop for TestServer {
        fn drop(&mut self) {
            self.task.abort();
        }
    }

    /// Reads requests from one connection (keep-alive) and answers them following `script`.
    async fn serve_connection(
        stream: tokio::net::TcpStream,
        script: Arc<Vec<Reply>>,
        recorded: Arc<Mutex<Vec<Recorded>>>,
    ) -> std::io::Result<()> {
        let mut stream = BufReader::new(stream);
        loop {
            let mut request_line = String::new();
            if stream.read_line(&mut request_line).await? == 0 {
                return Ok(());
            }
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                if stream.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':') {
                    headers.push((k.trim().to_owned(), v.trim().to_owned()));
                }
            }
            let length = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            stream.read_exact(&mut body).await?;
            let index = {
                let mut recorded = recorded.lock().unwrap();
                recorded.push(Recorded {
                    request_line: request_line.trim_end().to_owned(),
                    headers,
                    body,
                });
                recorded.len() - 1
            };
            let reply = script.get(index).cloned().unwrap_or(Reply::Respond(
                500,
                vec![],
                "{\"message\":\"script exhausted\"}",
            ));
            let (status, extra, body) = match reply {
                Reply::Drop => return Ok(()),
                Reply::Delay(delay, status) => {
                    tokio::time::sleep(delay).await;
                    (status, vec![], "{}")
                }
                Reply::Respond(status, extra, body) => (status, extra, body),
            };
            let mut out = format!(
                "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
                body.len()
            );
            for (k, v) in extra {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(body);
            stream.get_mut().write_all(out.as_bytes()).await?;
        }
    }

    fn test_config(server: &TestServer) -> crate::config::Builder {
        Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", Some("TOKEN".into())))
            .endpoint_url(server.url())
            .time_source(StaticTimeSource::from_secs(FIXED_TIME))
            .retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(5))
                    .with_max_backoff(Duration::from_millis(20)),
            )
    }

    #[tokio::test]
    async fn sends_a_signed_request() {
        let server = TestServer::start(vec![Reply::Respond(
            200,
            vec![("x-amzn-RequestId", "r1")],
            r#"{"stage":{"arn":"a"}}"#,
        )])
        .await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let request = OperationRequest {
            method: Method::Post,
            path: "/CreateStage".into(),
            query: vec![
                ("a b".into(), "x/y".into()),
                ("k".into(), "1".into()),
                ("k".into(), "2".into()),
            ],
            headers: vec![],
            body: RequestBody::Json(Bytes::from_static(br#"{"name":"s"}"#)),
            host_prefix: None,
            unsigned_payload: false,
        };
        let ok = handle.invoke("CreateStage", request).await.unwrap();
        assert_eq!(ok.status, 200);
        assert_eq!(ok.body, br#"{"stage":{"arn":"a"}}"#);
        assert_eq!(ok.header("x-amzn-requestid"), Some("r1"));

        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let r = &requests[0];
        assert_eq!(
            r.request_line,
            "POST /CreateStage?a%20b=x%2Fy&k=1&k=2 HTTP/1.1"
        );
        assert_eq!(
            r.header("host"),
            Some(format!("127.0.0.1:{}", server.port).as_str())
        );
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("content-length"), Some("12"));
        assert_eq!(
            r.header("user-agent"),
            Some(concat!(
                "generated-sdk/0.1.0 sdk-runtime/",
                env!("CARGO_PKG_VERSION"),
                " api/ivs-realtime/2020-07-14 lang/rust"
            ))
        );
        assert_eq!(r.header("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(r.header("x-amz-security-token"), Some("TOKEN"));
        let auth = r.header("authorization").unwrap();
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ivs/aws4_request, SignedHeaders="),
            "{auth}"
        );
        assert!(auth.contains("host"), "{auth}");
        assert!(!auth.contains("SECRET"), "{auth}");
        assert_eq!(r.body, br#"{"name":"s"}"#);
    }

    #[tokio::test]
    async fn member_headers_are_sent_and_signed() {
        let server = TestServer::start(vec![Reply::Respond(200, vec![], "{}")]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let request = OperationRequest {
            method: Method::Post,
            path: "/Upload".into(),
            query: vec![],
            headers: vec![
                ("Content-Type".into(), "application/x-ndjson".into()),
                ("x-amz-client-token".into(), "token 1".into()),
            ],
            body: RequestBody::Json(Bytes::from_static(b"{}")),
            host_prefix: None,
            unsigned_payload: false,
        };
        handle.invoke("Upload", request).await.unwrap();
        let r = &server.requests()[0];
        assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
        assert_eq!(r.header("x-amz-client-token"), Some("token 1"));
        let auth = r.header("authorization").unwrap();
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-amz-client-token;x-amz-date"),
            "{auth}"
        );
    }

    #[tokio::test]
    async fn a_raw_body_is_sent_as_it_is_without_a_content_type() {
        let server = TestServer::start(vec![Reply::Respond(200, vec![], "{}")]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let bytes: &[u8] = b"\x00\xffaudio";
        let request = OperationRequest {
            method: Method::Post,
            path: "/Upload".into(),
            query: vec![],
            headers: vec![],
            body: RequestBody::Raw(Bytes::from_static(bytes)),
            host_prefix: None,
            unsigned_payload: false,
        };
        handle.invoke("Upload", request).await.unwrap();
        let r = &server.requests()[0];
        assert_eq!(r.body, bytes);
        assert_eq!(r.header("content-type"), None);
        assert_eq!(r.header("content-length"), Some("7"));
        let auth = r.header("authorization").unwrap();
        assert!(auth.contains("SignedHeaders=host;x-amz-date"), "{auth}");
    }

    #[tokio::test]
    async fn an_unsigned_payload_is_declared_over_https_and_signed_over_http() {
        let upload = || OperationRequest {
            method: Method::Put,
            path: "/movies/clip.mp4".into(),
            query: vec![],
            headers: vec![("content-type".into(), "video/mp4".into())],
            body: RequestBody::Raw(Bytes::from_static(b"video bytes")),
            host_prefix: None,
            unsigned_payload: true,
        };
        let client = CountingClient::default();
        let last = client.last.clone();
        let handle = Handle::new(counted("us-east-1", client).build(), &SERVICE);
        handle.invoke("PutObject", upload()).await.unwrap();
        let sent = last.lock().unwrap().clone().unwrap();
        assert!(sent.uri.starts_with("https://"), "{}", sent.uri);
        assert_eq!(
            sent.header("x-amz-content-sha256"),
            Some("UNSIGNED-PAYLOAD")
        );
        let auth = sent.header("authorization").unwrap();
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,"),
            "{auth}"
        );
        assert_eq!(sent.body, &b"video bytes"[..]);

        // Over plain http the body is signed and no such header is sent (botocore's rule).
        let server = TestServer::start(vec![Reply::Respond(200, vec![], "{}")]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        handle.invoke("PutObject", upload()).await.unwrap();
        let r = &server.requests()[0];
        assert_eq!(r.header("x-amz-content-sha256"), None);
        let auth = r.header("authorization").unwrap();
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-amz-date;"),
            "{auth}"
        );
    }

    /// A file of `bytes` in the temporary directory, removed when dropped.
    struct TempFile(std::path::PathBuf);

    impl TempFile {
        fn new(name: &str, bytes: &[u8]) -> Self {
            let path =
                std::env::temp_dir().join(format!("sdk-runtime-{}-{name}", std::process::id()));
            std::fs::write(&path, bytes).unwrap();
            Self(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn upload(body: RequestBody) -> OperationRequest {
        OperationRequest {
            method: Method::Put,
            path: "/archive".into(),
            query: vec![],
            headers: vec![],
            body,
            host_prefix: None,
            unsigned_payload: false,
        }
    }

    #[tokio::test]
    async fn a_body_from_a_file_is_sent_from_it_on_every_attempt_signed_as_bytes_would_be() {
        // Larger than what is written with the head, and than one piece read from the file.
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let file = TempFile::new("upload", &bytes);
        let server = TestServer::start(vec![
            Reply::Respond(503, vec![], r#"{"message":"busy"}"#),
            Reply::Respond(200, vec![], "{}"),
            Reply::Respond(200, vec![], "{}"),
        ])
        .await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let stream = ByteStream::from_path(&file.0).await.unwrap();
        assert_eq!(stream.content_length(), Some(300_000));
        handle
            .invoke("UploadArchive", upload(RequestBody::Stream(stream)))
            .await
            .unwrap();
        handle
            .invoke(
                "UploadArchive",
                upload(RequestBody::Raw(Bytes::from(bytes.clone()))),
            )
            .await
            .unwrap();
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        for r in &requests {
            assert_eq!(r.request_line, "PUT /archive HTTP/1.1");
            assert_eq!(r.body, bytes);
            assert_eq!(r.header("content-length"), Some("300000"));
            assert_eq!(r.header("content-type"), None);
        }
        // The file's hash is signed: the same signature as for the bytes in memory.
        assert_eq!(
            requests[1].header("authorization"),
            requests[2].header("authorization")
        );
    }

    #[tokio::test]
    async fn a_custom_client_gets_files_and_other_streams_in_memory() {
        let file = TempFile::new("custom", b"from a file");
        let client = CountingClient::default();
        let last = client.last.clone();
        let handle = Handle::new(counted("us-east-1", client).build(), &SERVICE);
        let stream = ByteStream::from_path(&file.0).await.unwrap();
        handle
            .invoke("Upload", upload(RequestBody::Stream(stream)))
            .await
            .unwrap();
        assert_eq!(last.lock().unwrap().as_ref().unwrap().body, "from a file");
        let pieces = futures_util::stream::iter([
            Ok::<_, std::io::Error>(Bytes::from_static(b"one ")),
            Ok(Bytes::from_static(b"two")),
        ]);
        let stream = ByteStream::from_stream(pieces);
        handle
            .invoke("Upload", upload(RequestBody::Stream(stream)))
            .await
            .unwrap();
        let sent = last.lock().unwrap().clone().unwrap();
        assert_eq!(sent.body, "one two");
        assert!(sent
            .headers
            .iter()
            .any(|(k, v)| k == "content-length" && v == "7"));
    }

    #[tokio::test]
    async fn a_body_that_cannot_be_read_fails_before_anything_is_sent() {
        let server = TestServer::start(vec![]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let file = TempFile::new("vanishing", b"soon gone");
        let stream = ByteStream::from_path(&file.0).await.unwrap();
        drop(file);
        let err = handle
            .invoke("UploadArchive", upload(RequestBody::Stream(stream)))
            .await
            .unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
        let text = format!("{}", std::error::Error::source(&err).unwrap());
        assert!(
            text.starts_with("UploadArchive: the request body could not be read"),
            "{text}"
        );
        let failing = futures_util::stream::iter([
            Ok(Bytes::from_static(b"a")),
            Err(std::io::Error::other("disk on fire")),
        ]);
        let err = handle
            .invoke(
                "UploadArchive",
                upload(RequestBody::Stream(ByteStream::from_stream(failing))),
            )
            .await
            .unwrap_err();
        let text = format!("{}", std::error::Error::source(&err).unwrap());
        assert!(text.contains("disk on fire"), "{text}");
        assert!(server.requests().is_empty());
    }

    #[tokio::test]
    async fn a_host_prefix_is_put_before_the_host_and_signed_unless_turned_off() {
        let request = || OperationRequest {
            method: Method::Post,
            path: "/properties".into(),
            query: vec![],
            headers: vec![],
            body: RequestBody::Json(Bytes::from_static(b"{}")),
            host_prefix: Some(Cow::Borrowed("data.")),
            unsigned_payload: false,
        };
        let client = CountingClient::default();
        let last = client.last.clone();
        let config = counted("us-east-1", client);
        let handle = Handle::new(config.clone().build(), &SERVICE);
        handle
            .invoke("BatchPutAssetPropertyValue", request())
            .await
            .unwrap();
        let sent = last.lock().unwrap().clone().unwrap();
        assert_eq!(
            sent.uri,
            "https://data.ivsrealtime.us-east-1.amazonaws.com/properties"
        );
        assert_eq!(
            sent.header("host"),
            Some("data.ivsrealtime.us-east-1.amazonaws.com")
        );
        let auth = sent.header("authorization").unwrap();
        assert!(auth.contains("SignedHeaders=content-type;host;"), "{auth}");

        // Turned off, as for a local endpoint serving every prefix.
        let handle = Handle::new(config.clone().inject_host_prefix(false).build(), &SERVICE);
        handle
            .invoke("BatchPutAssetPropertyValue", request())
            .await
            .unwrap();
        let sent = last.lock().unwrap().clone().unwrap();
        assert_eq!(
            sent.uri,
            "https://ivsrealtime.us-east-1.amazonaws.com/properties"
        );

        // An endpoint override gets the prefix too (botocore's rule).
        let handle = Handle::new(
            config.endpoint_url("http://localhost:9999/base").build(),
            &SERVICE,
        );
        handle
            .invoke("BatchPutAssetPropertyValue", request())
            .await
            .unwrap();
        let sent = last.lock().unwrap().clone().unwrap();
        assert_eq!(sent.uri, "http://data.localhost:9999/base/properties");
    }

    #[tokio::test]
    async fn bad_member_headers_fail_before_sending() {
        let server = TestServer::start(vec![]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        for (name, value, problem) in [
            (
                "x-token",
                "a\r\nb",
                "the value of header `x-token` contains a control character",
            ),
            ("bad name", "v", "`bad name` is not a valid header name"),
        ] {
            let request = OperationRequest {
                method: Method::Get,
                path: "/".into(),
                query: vec![],
                headers: vec![(name.into(), value.into())],
                body: RequestBody::None,
                host_prefix: None,
                unsigned_payload: false,
            };
            let err = handle.invoke("Get", request).await.unwrap_err();
            let text = err.to_string();
            assert!(text.contains(problem), "{text}");
        }
        assert!(server.requests().is_empty());
    }

    #[tokio::test]
    async fn get_without_body_has_no_content_type() {
        let server = TestServer::start(vec![Reply::Respond(200, vec![], "{}")]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let request = OperationRequest {
            method: Method::Get,
            path: "/tags/arn%3Ax".into(),
            query: vec![],
            headers: vec![],
            body: RequestBody::None,
            host_prefix: None,
            unsigned_payload: false,
        };
        handle.invoke("ListTagsForResource", request).await.unwrap();
        let r = &server.requests()[0];
        assert_eq!(r.request_line, "GET /tags/arn%3Ax HTTP/1.1");
        assert_eq!(r.header("content-type"), None);
        assert!(r.body.is_empty());
        assert!(r.header("authorization").is_some());
    }

    #[tokio::test]
    async fn streamed_outputs_are_retried_before_the_body_and_errors_read_whole() {
        let server = TestServer::start(vec![
            Reply::Respond(503, vec![], r#"{"message":"busy"}"#),
            Reply::Respond(200, vec![("x-amzn-RequestId", "r-audio")], "audio bytes"),
            Reply::Respond(
                400,
                vec![("x-amzn-ErrorType", "ValidationException:http://x/")],
                r#"{"message":"bad voice"}"#,
            ),
        ])
        .await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let ok = handle
            .invoke_streaming("SynthesizeSpeech", list_request())
            .await
            .unwrap();
        assert_eq!(ok.status, 200);
        assert_eq!(ok.header("X-Amzn-RequestId"), Some("r-audio"));
        assert_eq!(ok.body.collect().await.unwrap(), "audio bytes");
        assert_eq!(server.requests().len(), 2);

        let err = handle
            .invoke_streaming("SynthesizeSpeech", list_request())
            .await
            .unwrap_err();
        let meta = err.as_service_error().expect("a service error");
        assert_eq!(meta.code(), Some("ValidationException"));
        assert_eq!(meta.message(), Some("bad voice"));
        assert_eq!(
            err.raw_response().map(|r| r.body.as_slice()),
            Some(&br#"{"message":"bad voice"}"#[..])
        );
        assert_eq!(server.requests().len(), 3);
    }

    #[tokio::test]
    async fn the_timeouts_end_when_a_stream_is_handed_over() {
        // The head and a first piece at once, the rest after twice the operation timeout.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let mut stream = BufReader::new(stream);
            let mut line = String::new();
            while stream.read_line(&mut line).await.unwrap() > 2 {
                line.clear();
            }
            let stream = stream.get_mut();
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nfirst")
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(300)).await;
            stream.write_all(b" last").await.unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let config = Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(150))
                    .operation_attempt_timeout(Duration::from_millis(150))
                    .read_timeout(Duration::from_secs(2))
                    .build(),
            )
            .build();
        let handle = Handle::new(config, &SERVICE);
        let request = OperationRequest {
            method: Method::Get,
            ..list_request()
        };
        let response = handle.invoke_streaming("GetMedia", request).await.unwrap();
        assert_eq!(response.body.collect().await.unwrap(), "first last");
        server.abort();
    }

    #[tokio::test]
    async fn retries_503_then_succeeds() {
        let server = TestServer::start(vec![
            Reply::Respond(503, vec![], r#"{"message":"busy"}"#),
            Reply::Respond(503, vec![], "<html>unavailable</html>"),
            Reply::Respond(200, vec![], "{}"),
        ])
        .await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let ok = handle.invoke("ListStages", list_request()).await.unwrap();
        assert_eq!(ok.status, 200);
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        for r in &requests {
            assert_eq!(r.request_line, "POST /ListStages HTTP/1.1");
            assert!(r.header("authorization").is_some());
        }
        // 500 - 5 - 5 + 5 (refund of the successful retry).
        assert_eq!(handle.retry_quota.available(), 495);
    }

    #[tokio::test]
    async fn gives_up_after_max_attempts_with_the_last_error() {
        let server = TestServer::start(vec![
            Reply::Respond(500, vec![], "{}"),
            Reply::Respond(429, vec![], r#"{"__type":"ThrottlingException"}"#),
            Reply::Respond(
                503,
                vec![("x-amzn-RequestId", "last")],
                r#"{"message":"still busy"}"#,
            ),
            Reply::Respond(200, vec![], "{}"),
        ])
        .await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let err = handle
            .invoke("ListStages", list_request())
            .await
            .unwrap_err();
        let meta = err.as_service_error().expect("a service error");
        assert_eq!(meta.status(), 503);
        assert_eq!(meta.message(), Some("still busy"));
        assert_eq!(meta.request_id(), Some("last"));
        assert_eq!(err.raw_response().map(|r| r.status), Some(503));
        assert_eq!(server.requests().len(), 3);
    }

    #[tokio::test]
    async fn does_not_retry_validation_errors() {
        let server = TestServer::start(vec![
            Reply::Respond(
                400,
                vec![
                    ("x-amzn-ErrorType", "ValidationException"),
                    ("x-amzn-RequestId", "rid"),
                ],
                r#"{"message":"name is too long","fieldList":[]}"#,
            ),
            Reply::Respond(200, vec![], "{}"),
        ])
        .await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let err = handle
            .invoke("CreateStage", list_request())
            .await
            .unwrap_err();
        let meta = err.as_service_error().expect("a service error");
        assert_eq!(meta.code(), Some("ValidationException"));
        assert_eq!(meta.message(), Some("name is too long"));
        assert_eq!(meta.request_id(), Some("rid"));
        assert_eq!(meta.status(), 400);
        assert_eq!(server.requests().len(), 1);
    }

    #[tokio::test]
    async fn retries_throttling_code_on_400() {
        let server = TestServer::start(vec![
            Reply::Respond(
                400,
                vec![],
                r#"{"__type":"com.amazon#ThrottlingException","message":"slow"}"#,
            ),
            Reply::Respond(200, vec![], "{}"),
        ])
        .await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        handle.invoke("ListStages", list_request()).await.unwrap();
        assert_eq!(server.requests().len(), 2);
    }

    #[tokio::test]
    async fn retries_a_dropped_connection() {
        let server = TestServer::start(vec![Reply::Drop, Reply::Respond(200, vec![], "{}")]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let ok = handle.invoke("ListStages", list_request()).await.unwrap();
        assert_eq!(ok.status, 200);
        assert_eq!(server.requests().len(), 2);
    }

    #[tokio::test]
    async fn dropped_connections_end_as_dispatch_failure() {
        let server = TestServer::start(vec![Reply::Drop, Reply::Drop, Reply::Drop]).await;
        let handle = Handle::new(test_config(&server).build(), &SERVICE);
        let err = handle
            .invoke("ListStages", list_request())
            .await
            .unwrap_err();
        match err {
            SdkError::DispatchFailure(e) => assert_eq!(e.kind(), ConnectorErrorKind::Io, "{e}"),
            other => panic!("expected a dispatch failure, got {other:?}"),
        }
        assert_eq!(server.requests().len(), 3);
    }

    #[tokio::test]
    async fn attempt_timeout_is_retried() {
        let server = TestServer::start(vec![
            Reply::Delay(Duration::from_secs(5), 200),
            Reply::Respond(200, vec![], "{}"),
        ])
        .await;
        let config = test_config(&server)
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_millis(200))
                    .build(),
            )
            .build();
        let handle = Handle::new(config, &SERVICE);
        let started = std::time::Instant::now();
        let ok = handle.invoke("ListStages", list_request()).await.unwrap();
        assert_eq!(ok.status, 200);
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(server.requests().len(), 2);
        // 500 - 10 (timeout retry) + 10 (refund).
        assert_eq!(handle.retry_quota.available(), 500);
    }

    #[tokio::test]
    async fn attempt_timeouts_end_as_timeout_error() {
        let delay = Reply::Delay(Duration::from_secs(5), 200);
        let server = TestServer::start(vec![delay.clone(), delay]).await;
        let config = test_config(&server)
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(2)
                    .with_initial_backoff(Duration::from_millis(1)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_millis(100))
                    .build(),
            )
            .build();
        let handle = Handle::new(config, &SERVICE);
        let err = handle
            .invoke("ListStages", list_request())
            .await
            .unwrap_err();
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        assert!(err.to_string().contains("attempt"), "{err}");
        assert_eq!(server.requests().len(), 2);
    }

    #[tokio::test]
    async fn operation_timeout() {
        let server = TestServer::start(vec![Reply::Delay(Duration::from_secs(5), 200)]).await;
        let config = test_config(&server)
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(150))
                    .build(),
            )
            .build();
        let handle = Handle::new(config, &SERVICE);
        let started = std::time::Instant::now();
        let err = handle
            .invoke("ListStages", list_request())
            .await
            .unwrap_err();
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        assert!(err.to_string().contains("operation"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[tokio::test]
    async fn retry_disabled_and_empty_quota_make_one_attempt() {
        let server = TestServer::start(vec![
            Reply::Respond(503, vec![], "{}"),
            Reply::Respond(503, vec![], "{}"),
            Reply::Respond(200, vec![], "{}"),
        ])
        .await;
        let handle = Handle::new(
            test_config(&server)
                .retry_config(RetryConfig::disabled())
                .build(),
            &SERVICE,
        );
        assert!(handle.invoke("ListStages", list_request()).await.is_err());
        assert_eq!(server.requests().len(), 1);

        let mut handle = Handle::new(test_config(&server).build(), &SERVICE);
        handle.retry_quota = RetryQuota::with_tokens(4);
        assert!(handle.invoke("ListStages", list_request()).await.is_err());
        assert_eq!(server.requests().len(), 2);
    }

    #[tokio::test]
    async fn connection_refused_is_a_dispatch_failure() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let config = Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(credentials())
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .time_source(StaticTimeSource::from_secs(FIXED_TIME))
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
            .build();
        let handle = Handle::new(config, &SERVICE);
        let err = handle
            .invoke("ListStages", list_request())
            .await
            .unwrap_err();
        match err {
            SdkError::DispatchFailure(e) => assert_eq!(e.kind(), ConnectorErrorKind::Io, "{e}"),
            other => panic!("expected a dispatch failure, got {other:?}"),
        }
        // Three attempts were paid for: 500 - 2 * 5.
        assert_eq!(handle.retry_quota.available(), 490);
    }
}
