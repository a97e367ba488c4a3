//! The HTTP layer: request/response values and the pluggable [`HttpClient`] trait.

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
}

/// A fully built, signed request handed to an [`HttpClient`].
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URI, e.g. `https://ivsrealtime.us-east-1.amazonaws.com/ListStages`.
    pub uri: String,
    /// Header names and values, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for none).
    pub body: Vec<u8>,
}

/// A response as received from an [`HttpClient`].
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
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
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, crate::error::ConnectorError>>;
}
