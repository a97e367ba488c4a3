//! Absolute `http://` and `https://` URIs, as far as this crate needs them: the scheme, the
//! authority (host and optional port) and the path with its query. Endpoint overrides, the
//! container credentials URL and every request URI are read here.

use std::net::Ipv6Addr;

/// An absolute URI, borrowed from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uri<'a> {
    /// `https` (else `http`).
    pub(crate) https: bool,
    /// The authority as written, e.g. `example.com:8443` or `[::1]:80`.
    pub(crate) authority: &'a str,
    /// The host and port of the authority.
    pub(crate) host: Host<'a>,
    /// The path and query as written (empty when the URI has neither), without a fragment.
    pub(crate) path_and_query: &'a str,
}

impl Uri<'_> {
    /// The port connected to: the explicit one, else the scheme's.
    pub(crate) fn port(&self) -> u16 {
        self.host.port.unwrap_or(if self.https { 443 } else { 80 })
    }
}

/// The host and optional port of an authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Host<'a> {
    /// The host as written, with the brackets of an IPv6 literal (`[::1]`).
    pub(crate) host: &'a str,
    /// The explicit port, if any.
    pub(crate) port: Option<u16>,
}

impl<'a> Host<'a> {
    /// The host without the brackets of an IPv6 literal: what is resolved and what TLS checks.
    pub(crate) fn bare(&self) -> &'a str {
        self.host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(self.host)
    }
}

/// Parses an absolute `http` or `https` URI. User information is refused (requests are signed,
/// never sent with a password in the URI); a fragment is dropped, as clients never send it.
pub(crate) fn parse(uri: &str) -> Result<Uri<'_>, String> {
    if let Some(b) = uri.bytes().find(|&b| b <= b' ' || b == 0x7f) {
        return Err(format!(
            "the URI contains a space or control character ({:?})",
            b as char
        ));
    }
    let (scheme, rest) = uri
        .split_once("://")
        .ok_or("expected an absolute http:// or https:// URI")?;
    let https = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return Err(format!("the scheme {scheme:?} is not http or https"));
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let path_and_query = path.split_once('#').map_or(path, |(p, _)| p);
    Ok(Uri {
        https,
        authority,
        host: parse_authority(authority)?,
        path_and_query,
    })
}

/// Parses an authority: a registered name, an IPv4 address or a bracketed IPv6 address, then
/// an optional `:port` in 0-65535 (an empty port is refused).
pub(crate) fn parse_authority(authority: &str) -> Result<Host<'_>, String> {
    if authority.contains('@') {
        return Err("user information (`user:password@`) is not supported".into());
    }
    let (host, port) = if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or("the IPv6 address has no closing `]`")?;
        let (host, rest) = authority.split_at(end + 1);
        if host[1..end].parse::<Ipv6Addr>().is_err() {
            return Err(format!("{host:?} is not an IPv6 address"));
        }
        match rest {
            "" => (host, None),
            _ => match rest.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return Err("unexpected text after the IPv6 address".into()),
            },
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    if !host.starts_with('[') {
        if let Some(c) = host.chars().find(|&c| !is_reg_name_char(c)) {
            return Err(format!("the host contains {c:?}"));
        }
    }
    let port = match port {
        None => None,
        Some(port) => {
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("the port {port:?} is not a number"));
            }
            Some(
                port.parse::<u16>()
                    .map_err(|_| format!("the port {port} is not in 0-65535"))?,
            )
        }
    };
    Ok(Host { host, port })
}

/// The characters of RFC 3986's `reg-name` (unreserved, sub-delims and percent-escapes).
fn is_reg_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_uris() {
        let uri = parse("https://ivsrealtime.us-east-1.amazonaws.com/ListStages?a=b#frag").unwrap();
        assert!(uri.https);
        assert_eq!(uri.authority, "ivsrealtime.us-east-1.amazonaws.com");
        assert_eq!(uri.host.host, "ivsrealtime.us-east-1.amazonaws.com");
        assert_eq!(uri.port(), 443);
        assert_eq!(uri.path_and_query, "/ListStages?a=b");

        let uri = parse("HTTP://127.0.0.1:8080").unwrap();
        assert!(!uri.https);
        assert_eq!(uri.port(), 8080);
        assert_eq!(uri.path_and_query, "");

        let uri = parse("http://[::1]:9000/x").unwrap();
        assert_eq!(uri.host.host, "[::1]");
        assert_eq!(uri.host.bare(), "::1");
        assert_eq!(uri.port(), 9000);
        let uri = parse("https://[fd00:ec2::23]?q").unwrap();
        assert_eq!(uri.port(), 443);
        assert_eq!(uri.path_and_query, "?q");
    }

    #[test]
    fn rejections_say_why() {
        for (uri, why) in [
            ("not a uri", "space"),
            ("ftp://example.com/", "not http or https"),
            ("example.com/x", "absolute"),
            ("http://user:pw@example.com/", "user information"),
            ("http:///x", "host is empty"),
            ("http://exa<mple.com/", "contains '<'"),
            ("http://example.com:/", "not a number"),
            ("http://example.com:70000/", "not in 0-65535"),
            ("http://example.com:8a/", "not a number"),
            ("http://[::1/", "closing"),
            ("http://[zz]/", "not an IPv6 address"),
            ("http://[::1]x/", "after the IPv6"),
            ("http://example.com/a\r\nx: y", "control"),
        ] {
            let err = parse(uri).unwrap_err();
            assert!(err.contains(why), "{uri}: {err}");
        }
    }
}
