//! AWS Signature Version 4. STUB: signatures are the contract used by `invoke`.

use std::time::SystemTime;

/// Who signs, where and when.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// Access key id.
    pub access_key_id: &'a str,
    /// Secret access key.
    pub secret_access_key: &'a str,
    /// Session token; when set, `x-amz-security-token` is added and signed.
    pub session_token: Option<&'a str>,
    /// Region, e.g. `us-east-1`.
    pub region: &'a str,
    /// Signing name, e.g. `ivs`.
    pub service: &'a str,
    /// Signing time.
    pub time: SystemTime,
}

/// The parts of a request that are signed.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// Method, e.g. `POST`.
    pub method: &'a str,
    /// Path exactly as sent (labels already percent-encoded), e.g. `/tags/arn%3Aaws%3A...`.
    pub path: &'a str,
    /// Query parameters, raw (not encoded), in any order; repeated keys allowed.
    pub query: &'a [(String, String)],
    /// Headers to sign (must include `host`; `content-type` when there is a body).
    pub headers: &'a [(String, String)],
    /// Body bytes.
    pub body: &'a [u8],
}

/// The result of signing.
#[derive(Debug, Clone)]
pub struct SigningOutput {
    /// Headers to add to the request: `x-amz-date`, `x-amz-security-token` (if any), `authorization`.
    pub headers: Vec<(String, String)>,
    /// The canonical request (for tests and debugging).
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
}

/// Signs a request (non-S3 rules: path normalized and double-encoded, payload hash not sent).
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> SigningOutput {
    let _ = (request, params);
    todo!("sigv4")
}
