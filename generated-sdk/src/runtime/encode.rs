//! Percent-encoding as AWS requires it. Used by generated code and the signer.

/// Encodes a path label: every byte except the unreserved set `A-Z a-z 0-9 - . _ ~` is
/// percent-encoded (so `:` and `/` in an ARN become `%3A` and `%2F`).
pub(crate) fn label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Encodes a query key or value (same unreserved set as [`label`]; space is `%20`).
pub(crate) fn query_component(value: &str) -> String {
    label(value)
}
