//! Percent-encoding as AWS requires it. Used by generated code and the signer.
//!
//! AWS (RFC 3986) leaves only the unreserved set `A-Z a-z 0-9 - . _ ~` as is and writes every
//! other byte of the UTF-8 text as `%XX` with uppercase hex digits.

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `b` is in the RFC 3986 unreserved set.
#[inline]
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Appends `value` to `out`, percent-encoding every byte outside the unreserved set.
pub(crate) fn encode_into(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        // Copy the unreserved run before `b` in one go. A non-empty run is ASCII, so both of
        // its ends are char boundaries (multi-byte UTF-8 bytes are all >= 0x80).
        if start < i {
            out.push_str(&value[start..i]);
        }
        out.push('%');
        out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
        out.push(char::from(HEX_UPPER[usize::from(b & 0x0F)]));
        start = i + 1;
    }
    out.push_str(&value[start..]);
}

/// Encodes a path label: every byte except the unreserved set `A-Z a-z 0-9 - . _ ~` is
/// percent-encoded (so `:` and `/` in an ARN become `%3A` and `%2F`).
pub fn label(value: &str) -> String {
    let extra = value.bytes().filter(|&b| !is_unreserved(b)).count();
    let mut out = String::with_capacity(value.len() + 2 * extra);
    encode_into(&mut out, value);
    out
}

/// Encodes a query key or value (same unreserved set as [`label`]; space is `%20`).
pub fn query_component(value: &str) -> String {
    label(value)
}

/// `value` if it can be a host label of a host prefix (`{graphIdentifier}.`): one or more of
/// `A-Z a-z 0-9 . -` (botocore's `HOST_PREFIX_RE`), else an error naming `member`.
pub fn host_label<'a>(
    value: &'a str,
    member: &'static str,
) -> Result<&'a str, crate::error::BuildError> {
    if !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return Ok(value);
    }
    Err(crate::error::BuildError::other(format!(
        "`{member}` is part of the host name: it must be one or more letters, digits, hyphens \
         or periods, not {value:?}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_is_kept() {
        let s = "ABCXYZabcxyz0189-._~";
        assert_eq!(label(s), s);
        assert_eq!(label(""), "");
    }

    #[test]
    fn arns_and_reserved() {
        assert_eq!(
            label("arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD"),
            "arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Astage%2FabcdABCD"
        );
        assert_eq!(
            label("a b+c&d=e%f/g?h#i"),
            "a%20b%2Bc%26d%3De%25f%2Fg%3Fh%23i"
        );
        assert_eq!(query_component("a b"), "a%20b");
        assert_eq!(query_component("*'()!"), "%2A%27%28%29%21");
    }

    #[test]
    fn utf8_and_control_bytes() {
        assert_eq!(label("ሴ"), "%E1%88%B4");
        assert_eq!(label("é-x"), "%C3%A9-x");
        assert_eq!(label("\u{0}\n\u{7f}"), "%00%0A%7F");
        assert_eq!(label("%3A"), "%253A");
    }

    #[test]
    fn matches_naive_encoder_for_all_bytes() {
        let all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        let naive: String = all
            .bytes()
            .map(|b| {
                if is_unreserved(b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        assert_eq!(label(&all), naive);
    }

    #[test]
    fn host_labels_are_letters_digits_hyphens_and_periods() {
        assert_eq!(host_label("g-123.a", "graphIdentifier").unwrap(), "g-123.a");
        for bad in ["", "a/b", "a b", "évé", "a_b"] {
            let err = host_label(bad, "graphIdentifier").unwrap_err().to_string();
            assert!(
                err.contains("`graphIdentifier` is part of the host name"),
                "{err}"
            );
        }
    }
}
