//! Test support for generated crates' tests: an in-process HTTP client that answers every
//! request with one canned response and records the requests, and the checks the generated
//! tests make on a recorded request. Nothing here touches the network.

use crate::config::{Config, Region, RetryConfig, StaticTimeSource};
use crate::credentials::Credentials;
use crate::error::ConnectorError;
use crate::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse};
use std::sync::{Arc, Mutex};

/// A response with `status`, `headers` and `body`, for this crate's unit tests.
#[cfg(test)]
pub(crate) fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

/// An [`HttpClient`] answering every request with the same response and recording each request.
/// Clones share the recording.
#[derive(Debug, Clone)]
pub struct CannedClient {
    response: Arc<HttpResponse>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl CannedClient {
    /// A client answering `status` with `headers` and `body`.
    pub fn new(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Self {
        Self {
            response: Arc::new(HttpResponse {
                status,
                headers: headers
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                body: body.into(),
            }),
            requests: Arc::default(),
        }
    }

    /// Three clients answering error `code` with `status` and `message`, the error named the
    /// three ways AWS services name it: the `x-amzn-ErrorType` header (with the `:http://…`
    /// suffix some services add), the body's `__type` (with a `namespace#` prefix), and the
    /// body's `code`. Each response carries the request id `error-request-id`.
    pub fn error_forms(code: &str, status: u16, message: &str) -> [CannedClient; 3] {
        let message = serde_json::Value::from(message);
        let header = format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.service/");
        [
            Self::new(
                status,
                &[("x-amzn-ErrorType", &header), ("x-amzn-RequestId", "error-request-id")],
                serde_json::json!({ "message": message }).to_string(),
            ),
            Self::new(
                status,
                &[("x-amzn-RequestId", "error-request-id")],
                serde_json::json!({ "__type": format!("com.amazonaws.service#{code}"), "Message": message })
                    .to_string(),
            ),
            Self::new(
                status,
                &[("x-amz-request-id", "error-request-id")],
                serde_json::json!({ "code": code, "exceptionMessage": message }).to_string(),
            ),
        ]
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The one request received; panics (it is for tests) if there was not exactly one.
    pub fn only_request(&self) -> HttpRequest {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.into_iter().next().expect("one request")
    }

    /// A configuration sending through this client: region `us-east-1`, static test
    /// credentials, a fixed clock and no retries.
    pub fn config(&self) -> Config {
        Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .time_source(StaticTimeSource::from_secs(1_700_000_000))
            .retry_config(RetryConfig::disabled())
            .http_client(self.clone())
            .build()
    }
}

impl HttpClient for CannedClient {
    fn call(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(request);
        let response = HttpResponse::clone(&self.response);
        Box::pin(async move { Ok(response) })
    }
}

/// The path of `request`'s URI, still percent-encoded (`/tags/arn%3Aaws%3A…`).
pub fn path(request: &HttpRequest) -> &str {
    let after_scheme = request
        .uri
        .split_once("://")
        .map_or(request.uri.as_str(), |(_, rest)| rest);
    let path_and_query = after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..]);
    path_and_query
        .split_once('?')
        .map_or(path_and_query, |(path, _)| path)
}

/// The query parameters of `request`'s URI, percent-decoded, in the order sent.
pub fn query(request: &HttpRequest) -> Vec<(String, String)> {
    let Some((_, query)) = request.uri.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Decodes `%XX` escapes (the SDK encodes every byte outside the unreserved set).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(((hex(h).unwrap_or(0) << 4) | hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Panics (it is for tests) unless `body` is JSON equal to `expected` (key order ignored).
pub fn assert_json_body(body: &[u8], expected: &str) {
    let actual: serde_json::Value = serde_json::from_slice(body).unwrap_or_else(|e| {
        panic!(
            "the body is not JSON ({e}): {}",
            String::from_utf8_lossy(body)
        )
    });
    let expected: serde_json::Value =
        serde_json::from_str(expected).expect("the expected body is JSON");
    assert_eq!(actual, expected, "request body");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    fn request(uri: &str) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            uri: uri.to_owned(),
            headers: Vec::new(),
            body: Default::default(),
        }
    }

    #[test]
    fn path_and_query_of_a_uri() {
        let r = request("https://h.example:8443/tags/arn%3Aaws?tagKeys=a%20b&tagKeys=c&x=");
        assert_eq!(path(&r), "/tags/arn%3Aaws");
        assert_eq!(
            query(&r),
            [
                ("tagKeys".to_owned(), "a b".to_owned()),
                ("tagKeys".to_owned(), "c".to_owned()),
                ("x".to_owned(), String::new())
            ]
        );
        assert_eq!(path(&request("http://h")), "/");
        assert!(query(&request("http://h/p")).is_empty());
        assert_eq!(percent_decode("%zz%41%e2%82%ac"), "%zzA€");
    }

    #[test]
    #[should_panic(expected = "request body")]
    fn json_bodies_differing_in_a_value_fail() {
        assert_json_body(br#"{"a":1,"b":[2]}"#, r#"{"b":[2],"a":1}"#);
        assert_json_body(br#"{"a":1}"#, r#"{"a":2}"#);
    }
}
