//! AWS-specific rules, in one named place.
//!
//! The APIs-guru documents are converted from the AWS SDK models by `aws2openapi`; the
//! conversion leaves AWS conventions behind that a generic OpenAPI reader would get wrong.
//! Normalization steps (`crate::normalize`) and lowering (`crate::lower`) consult these facts
//! instead of hardcoding them.

/// The `info` extension holding the SigV4 signing name (`ivs`). Required: signing with a
/// guessed name (such as the service id `ivs-realtime`) fails on the wire.
pub const SIGNING_NAME_EXTENSION: &str = "x-aws-signingName";

/// The `info` extension holding the service id (`ivs-realtime`).
pub const SERVICE_ID_EXTENSION: &str = "x-serviceName";

/// `info` extension holding the SDK id (botocore's `metadata.serviceId`, e.g. `IVS RealTime`),
/// which names the service's endpoint settings; written by `cargo xtask import`.
pub const SDK_ID_EXTENSION: &str = "x-aws-sdk-id";

/// Header parameters every path declares that are really the SigV4 signature (computed by the
/// runtime's signer, never supplied by the user).
pub const SIGNATURE_HEADERS: [&str; 7] = [
    "X-Amz-Content-Sha256",
    "X-Amz-Date",
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
    "X-Amz-SignedHeaders",
];

/// Whether a header parameter name is one of the [`SIGNATURE_HEADERS`] (HTTP header names are
/// case-insensitive).
pub fn is_signature_header(name: &str) -> bool {
    SIGNATURE_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
}

/// Whether a response status code is the operation's output. AWS REST-JSON services answer
/// successes with 2xx; everything else in the document is an error listed under a made-up code.
pub fn is_success_status(code: u16) -> bool {
    (200..300).contains(&code)
}

/// The name of an error response: the name of the schema it references, else its description.
///
/// AWS services tell errors apart by this name (sent in the `x-amzn-ErrorType` header or the
/// `__type`/`code` body member), never by HTTP status; the document's status codes (480, 481, …)
/// are only numbered per operation to keep the response map keys unique.
/// Returns `None` if neither yields a valid error name (see [`is_error_name`]).
pub fn error_name(schema_ref_name: Option<&str>, description: &str) -> Option<String> {
    let candidate = schema_ref_name.unwrap_or(description).trim();
    is_error_name(candidate).then(|| candidate.to_string())
}

/// Whether `name` can be an AWS error name: an ASCII identifier starting with a letter
/// (`ValidationException`, `PendingVerification`).
pub fn is_error_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a server URL is an endpoint the SDK may use. The documents list every endpoint
/// twice, `http://` and `https://`; AWS requires TLS, so only https servers are kept.
pub fn is_preferred_endpoint(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

/// The server variable that stands for the AWS region in endpoint templates.
pub const REGION_VARIABLE: &str = "region";

/// Whether a media type is JSON (`application/json`, `application/x-amz-json-1.1`, `…+json`),
/// the only body encoding of AWS REST-JSON services.
pub fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence.starts_with("application/x-amz-json")
        || essence.ends_with("+json")
}

/// Body members that carry an error's message: the runtime reads the message from whichever is
/// present (`ErrorMetadata::message`), so they are not separate fields of an error.
pub const ERROR_MESSAGE_MEMBERS: [&str; 4] =
    ["message", "Message", "errorMessage", "exceptionMessage"];

/// The extension on an error schema carrying the model's `error` trait
/// (`{httpStatusCode, senderFault}`), written by `cargo xtask import`.
pub const ERROR_EXTENSION: &str = "x-aws-error";

/// The AWS protocol a path-key fragment names, for protocols this generator does not speak:
/// `#X-Amz-Target=…` keys AWS JSON 1.0/1.1 operations (all `POST /`), `#Action=…` query-protocol
/// ones. Other fragments (`#tagKeys`) only keep REST keys unique.
pub fn unsupported_protocol_of_fragment(fragment: &str) -> Option<&'static str> {
    if fragment.starts_with("X-Amz-Target=") {
        Some("AWS JSON (operations named by the `X-Amz-Target` header)")
    } else if fragment.starts_with("Action=") {
        Some("AWS query (operations named by the `Action` parameter)")
    } else {
        None
    }
}

/// The protocol of documents whose bodies are XML (S3, Route 53, CloudFront).
pub const REST_XML_PROTOCOL: &str = "REST-XML (bodies are XML documents)";

/// Whether a media type is XML (`text/xml`, `application/xml`).
pub fn is_xml_media_type(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "text/xml" || essence == "application/xml"
}

/// The message of the one error a document of another protocol is rejected with
/// (`protocol` from [`unsupported_protocol_of_fragment`]).
pub fn unsupported_protocol_message(protocol: &str) -> String {
    format!("this document uses the {protocol} protocol{UNSUPPORTED_PROTOCOL_SUFFIX}")
}

const UNSUPPORTED_PROTOCOL_SUFFIX: &str = "; the generator supports REST-JSON only";

/// Whether `error` is the rejection of a document of another protocol (see
/// [`unsupported_protocol_message`]), as opposed to a REST-JSON document the generator cannot
/// handle.
pub fn is_unsupported_protocol_error(error: &crate::Error) -> bool {
    error.message.ends_with(UNSUPPORTED_PROTOCOL_SUFFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_headers_are_recognised() {
        assert!(is_signature_header("X-Amz-Date"));
        assert!(is_signature_header("x-amz-security-token"));
        assert!(!is_signature_header("X-Amz-Target"));
    }

    #[test]
    fn error_names() {
        assert_eq!(
            error_name(Some("ValidationException"), "whatever").as_deref(),
            Some("ValidationException")
        );
        assert_eq!(
            error_name(None, "PendingVerification").as_deref(),
            Some("PendingVerification")
        );
        assert_eq!(error_name(None, "Not found"), None);
        assert!(is_success_status(200) && is_success_status(204) && !is_success_status(480));
    }

    #[test]
    fn endpoints_and_media_types() {
        assert!(is_preferred_endpoint(
            "https://ivsrealtime.{region}.amazonaws.com"
        ));
        assert!(!is_preferred_endpoint(
            "http://ivsrealtime.{region}.amazonaws.com"
        ));
        assert!(!is_preferred_endpoint("http"));
        assert!(is_json_media_type("application/json; charset=utf-8"));
        assert!(is_json_media_type("application/x-amz-json-1.1"));
        assert!(!is_json_media_type("application/xml"));
    }
}
