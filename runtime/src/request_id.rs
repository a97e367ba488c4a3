//! The request id and HTTP status of a response, on every output and error: the id is what
//! AWS Support asks for when a call misbehaves. Import the trait to call `request_id()` on an
//! output, on an `SdkError`, on an operation's error enum, on an error struct or on error metadata:
//!
//! ```text
//! use generated_sdk::request_id::RequestId;
//! let output = client.get_stage().arn(arn).send().await?;
//! println!("{:?}", output.request_id());
//! ```

use crate::error::{ErrorMetadata, ProvideErrorMetadata, SdkError, ServiceError};
use crate::http::HttpResponse;

/// Access to the request id AWS assigned to a call (like the official SDKs' `RequestId`).
pub trait RequestId {
    /// The request id: the `x-amzn-RequestId` header, else `x-amz-request-id`; `None` when the
    /// response carried neither (or no response arrived).
    fn request_id(&self) -> Option<&str>;

    /// The HTTP status of the response, `None` when no response arrived.
    fn http_status(&self) -> Option<u16>;
}

/// The request id of `response`: `x-amzn-RequestId`, else `x-amz-request-id`.
pub(crate) fn of_response(response: &HttpResponse) -> Option<&str> {
    response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
}

/// What a successful response said about itself, kept in every generated output.
///
/// It is transport data, not part of the output's value: any two compare equal, so outputs
/// compare by their members.
#[derive(Debug, Clone, Default)]
pub struct ResponseMetadata {
    request_id: Option<String>,
    status: Option<u16>,
}

impl ResponseMetadata {
    /// The metadata of `response`. Used by generated code.
    pub fn from_response(response: &HttpResponse) -> Self {
        Self {
            request_id: of_response(response).map(str::to_owned),
            status: Some(response.status),
        }
    }
}

impl PartialEq for ResponseMetadata {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl RequestId for ResponseMetadata {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    fn http_status(&self) -> Option<u16> {
        self.status
    }
}

impl RequestId for ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        ErrorMetadata::request_id(self)
    }

    fn http_status(&self) -> Option<u16> {
        Some(self.status())
    }
}

/// Every typed service error: the operations' error enums and the error structs (anything with
/// [`ErrorMetadata`]) answer from their metadata.
impl<T: ProvideErrorMetadata + ?Sized> RequestId for T {
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }

    fn http_status(&self) -> Option<u16> {
        Some(self.meta().status())
    }
}

impl RequestId for HttpResponse {
    fn request_id(&self) -> Option<&str> {
        of_response(self)
    }

    fn http_status(&self) -> Option<u16> {
        Some(self.status)
    }
}

impl<E> RequestId for ServiceError<E> {
    fn request_id(&self) -> Option<&str> {
        self.raw().request_id()
    }

    fn http_status(&self) -> Option<u16> {
        Some(self.raw().status)
    }
}

impl<E> RequestId for SdkError<E> {
    fn request_id(&self) -> Option<&str> {
        self.raw_response().and_then(RequestId::request_id)
    }

    fn http_status(&self) -> Option<u16> {
        self.raw_response().map(|r| r.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)]) -> HttpResponse {
        crate::test_util::response(202, headers, "")
    }

    #[test]
    fn request_id_prefers_x_amzn_request_id() {
        let both = response(&[("x-amz-request-id", "old"), ("X-Amzn-RequestId", "new")]);
        assert_eq!(
            ResponseMetadata::from_response(&both).request_id(),
            Some("new")
        );
        let legacy = response(&[("x-amz-request-id", "old")]);
        let meta = ResponseMetadata::from_response(&legacy);
        assert_eq!(
            (meta.request_id(), meta.http_status()),
            (Some("old"), Some(202))
        );
        let none = ResponseMetadata::from_response(&response(&[]));
        assert_eq!(none.request_id(), None);
        assert_eq!(
            none,
            ResponseMetadata::default(),
            "metadata never makes outputs differ"
        );
        assert_eq!(ResponseMetadata::default().http_status(), None);
    }
}
