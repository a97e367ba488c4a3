//! Errors returned by operations: [`SdkError`] and the [`ErrorMetadata`] every service error carries.

use crate::http::HttpResponse;
use std::fmt;

/// A boxed error source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Code, message, request id and HTTP status of an error response.
///
/// `Debug` shows at most the first 256 bytes of each text (then its length), however large the
/// response was.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: u16,
}

impl ErrorMetadata {
    /// Builds metadata from its parts. Used by the runtime's error parser.
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        status: u16,
    ) -> Self {
        Self {
            code,
            message,
            request_id,
            status,
        }
    }
    /// The error code (e.g. `ValidationException`), if the response named one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// The error message, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The `x-amzn-RequestId` of the response, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// The HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl fmt::Debug for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::http::TextPreview;
        f.debug_struct("ErrorMetadata")
            .field("code", &self.code.as_deref().map(TextPreview::new))
            .field("message", &self.message.as_deref().map(TextPreview::new))
            .field(
                "request_id",
                &self.request_id.as_deref().map(TextPreview::new),
            )
            .field("status", &self.status)
            .finish()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code().unwrap_or("unknown error"))?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(id) = self.request_id() {
            write!(f, ", request id {id}")?;
        }
        write!(f, ")")
    }
}

impl std::error::Error for ErrorMetadata {}

/// Access to the [`ErrorMetadata`] of a service error. Implemented by every generated error type.
pub trait ProvideErrorMetadata {
    /// The metadata of this error.
    fn meta(&self) -> &ErrorMetadata;
    /// The error code, if any.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }
    /// The error message, if any.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

/// An input could not be turned into a request (e.g. a required member is missing).
#[derive(Debug)]
pub struct BuildError {
    message: String,
}

impl BuildError {
    /// A required member was not set.
    pub fn missing_field(field: &'static str, details: &'static str) -> Self {
        Self {
            message: format!("missing required member `{field}`: {details}"),
        }
    }
    /// Any other reason.
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

/// A connection-level failure reported by an [`HttpClient`](crate::http::HttpClient).
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    source: BoxError,
}

/// What kind of connection failure a [`ConnectorError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// The connection could not be made, or broke before a response arrived.
    Io,
    /// The client gave up waiting.
    Timeout,
    /// Anything else (bad URI, TLS setup, ...): not retried.
    Other,
}

impl ConnectorError {
    /// A new connector error.
    pub fn new(kind: ConnectorErrorKind, source: impl Into<BoxError>) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }
    /// Its kind.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} error: {}", self.kind, self.source)
    }
}

impl std::error::Error for ConnectorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The error of every operation: `E` is the operation's own error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (missing required member, invalid region, no credentials, ...).
    /// Nothing was sent.
    ConstructionFailure(BoxError),
    /// The operation or an attempt timed out.
    TimeoutError(BoxError),
    /// The request could not be sent or no response arrived (after retries).
    DispatchFailure(ConnectorError),
    /// A response arrived but could not be understood (malformed body, ...).
    ResponseError(ResponseError),
    /// The service answered with an error.
    ServiceError(ServiceError<E>),
}

impl<E> From<crate::pagination::TokenCycle> for SdkError<E> {
    /// A pagination cycle: the next request is not made (nothing more is sent).
    fn from(cycle: crate::pagination::TokenCycle) -> Self {
        SdkError::ConstructionFailure(Box::new(cycle))
    }
}

/// The longest [`ResponseError::message`] kept (longer ones are cut, noting their length).
const MAX_RESPONSE_ERROR_MESSAGE: usize = 1024;

/// A response that could not be parsed. `Debug` shows the raw response as
/// [`HttpResponse`]'s `Debug` does: status, redacted headers, the start of the body.
#[derive(Debug)]
pub struct ResponseError {
    operation: &'static str,
    message: String,
    raw: HttpResponse,
}

impl ResponseError {
    /// The operation whose response failed to parse.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The raw response.
    pub fn raw(&self) -> &HttpResponse {
        &self.raw
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: could not parse the response (HTTP {}): {}",
            self.operation, self.raw.status, self.message
        )
    }
}

impl std::error::Error for ResponseError {}

/// An error response of the service, typed as the operation's error `E`, with the raw response.
#[derive(Debug)]
pub struct ServiceError<E> {
    source: E,
    raw: HttpResponse,
}

impl<E> ServiceError<E> {
    /// The typed error.
    pub fn err(&self) -> &E {
        &self.source
    }
    /// Consumes this and returns the typed error.
    pub fn into_err(self) -> E {
        self.source
    }
    /// The raw response.
    pub fn raw(&self) -> &HttpResponse {
        &self.raw
    }
}

impl<E> SdkError<E> {
    /// A construction failure. Used by generated code.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        SdkError::ConstructionFailure(source.into())
    }
    /// A response that could not be parsed. Used by generated code.
    pub fn response_error(
        operation: &'static str,
        message: impl Into<String>,
        raw: HttpResponse,
    ) -> Self {
        let mut message = message.into();
        // A parse error may quote a value of the body; keep the message readable.
        if message.len() > MAX_RESPONSE_ERROR_MESSAGE {
            let total = message.len();
            let mut cut = MAX_RESPONSE_ERROR_MESSAGE;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push_str(&format!("… ({total} bytes)"));
        }
        SdkError::ResponseError(ResponseError {
            operation,
            message,
            raw,
        })
    }
    /// A service error. Used by the runtime.
    pub fn service_error(source: E, raw: HttpResponse) -> Self {
        SdkError::ServiceError(ServiceError { source, raw })
    }
    /// Maps the typed service error, keeping every other variant. Used by generated code.
    pub fn map_service_error<E2>(self, f: impl FnOnce(E) -> E2) -> SdkError<E2> {
        match self {
            SdkError::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            SdkError::TimeoutError(e) => SdkError::TimeoutError(e),
            SdkError::DispatchFailure(e) => SdkError::DispatchFailure(e),
            SdkError::ResponseError(e) => SdkError::ResponseError(e),
            SdkError::ServiceError(ServiceError { source, raw }) => {
                SdkError::ServiceError(ServiceError {
                    source: f(source),
                    raw,
                })
            }
        }
    }
    /// The typed service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::ServiceError(e) => Some(&e.source),
            _ => None,
        }
    }
    /// Consumes this and returns the typed service error, if it is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::ServiceError(e) => Some(e.source),
            _ => None,
        }
    }
    /// The raw response, if one arrived.
    pub fn raw_response(&self) -> Option<&HttpResponse> {
        match self {
            SdkError::ServiceError(e) => Some(&e.raw),
            SdkError::ResponseError(e) => Some(&e.raw),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::ConstructionFailure(e) => write!(f, "failed to construct request: {e}"),
            SdkError::TimeoutError(e) => write!(f, "request timed out: {e}"),
            SdkError::DispatchFailure(e) => write!(f, "dispatch failure: {e}"),
            SdkError::ResponseError(e) => write!(f, "{e}"),
            SdkError::ServiceError(e) => write!(f, "service error: {}", e.source),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::ConstructionFailure(e) | SdkError::TimeoutError(e) => Some(e.as_ref()),
            SdkError::DispatchFailure(e) => Some(e),
            SdkError::ResponseError(e) => Some(e),
            SdkError::ServiceError(e) => Some(&e.source),
        }
    }
}
