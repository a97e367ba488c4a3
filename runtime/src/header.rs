//! Header values of input and output members, as botocore writes and reads them
//! (`botocore/serialize.py` `_convert_header_value`, `botocore/parsers.py` rest parsers):
//!
//! * timestamps: HTTP dates (`DateTime::to_http_date`); read as HTTP dates, else ISO 8601,
//!   else epoch seconds (botocore's parser accepts any of them);
//! * lists: comma-separated; a string item holding `,` or `"` is quoted (`"a,b"`, with `\"`
//!   inside); read back split at commas and trimmed (botocore does not unquote);
//! * booleans: `true` / `false`; read as `true` only for exactly `true`;
//! * JSON values (`jsonvalue`): base64 of the compact JSON text with non-ASCII characters
//!   escaped (`json.dumps(value, separators=(',', ':'))`); read back the same way.

use crate::base64;
use crate::http::HttpResponse;
use crate::primitives::DateTime;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A list header: the items joined with `,`, a string item holding `,` or `"` quoted.
pub fn encode_list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        let item = item.as_ref();
        if i > 0 {
            out.push(',');
        }
        if item.contains([',', '"']) {
            out.push('"');
            out.push_str(&item.replace('"', "\\\""));
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// A JSON-value header: base64 of `value`'s compact JSON, non-ASCII escaped as `\uXXXX` (as
/// Python's `json.dumps` does by default).
pub fn encode_json_value(value: &Value) -> String {
    let text = value.to_string();
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            // Outside ASCII only inside JSON strings, where `\uXXXX` means the same.
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(ascii, "\\u{unit:04x}");
            }
        }
    }
    base64::encode(ascii.as_bytes())
}

/// A number header (`i32`, `i64`, `f64`, …); an error naming the header if it is not one.
pub fn read_number<T: std::str::FromStr>(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<T>, String> {
    match response.header(name) {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("header `{name}` is not a number: {text:?}")),
    }
}

/// A boolean header: `true` only for exactly `true` (botocore's rule).
pub fn read_boolean(response: &HttpResponse, name: &str) -> Option<bool> {
    response.header(name).map(|text| text == "true")
}

/// A timestamp header: an HTTP date, else ISO 8601, else epoch seconds.
pub fn read_timestamp(response: &HttpResponse, name: &str) -> Result<Option<DateTime>, String> {
    let Some(text) = response.header(name) else {
        return Ok(None);
    };
    let text = text.trim();
    DateTime::from_http_date(text)
        .or_else(|_| DateTime::from_iso8601(text))
        .or_else(|e| {
            text.parse::<f64>()
                .ok()
                .filter(|secs| secs.is_finite())
                .map(DateTime::from_secs_f64)
                .ok_or(e)
        })
        .map(Some)
        .map_err(|_| format!("header `{name}` is not a timestamp: {text:?}"))
}

/// A list header: the value split at commas, each item trimmed.
pub fn read_list(response: &HttpResponse, name: &str) -> Option<Vec<String>> {
    response
        .header(name)
        .map(|text| text.split(',').map(|item| item.trim().to_owned()).collect())
}

/// A JSON-value header: base64 of a JSON text.
pub fn read_json_value(response: &HttpResponse, name: &str) -> Result<Option<Value>, String> {
    let Some(text) = response.header(name) else {
        return Ok(None);
    };
    let bytes = base64::decode(text.trim())
        .ok_or_else(|| format!("header `{name}` is not base64: {text:?}"))?;
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| format!("header `{name}` is not base64 of JSON: {e}"))
}

/// The headers of `response` whose names start with `prefix` (case-insensitive; an empty
/// prefix takes every header), by the rest of their name in lower case; repeated headers are
/// joined with `, ` (botocore's header maps, `location: headers`).
pub fn read_prefixed(response: &HttpResponse, prefix: &str) -> HashMap<String, String> {
    let mut map: HashMap<String, String> = HashMap::new();
    for (name, value) in &response.headers {
        let Some(head) = name.get(..prefix.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(prefix) {
            continue;
        }
        let key = name[prefix.len()..].to_ascii_lowercase();
        match map.get_mut(&key) {
            Some(joined) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            None => {
                map.insert(key, value.clone());
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(headers: &[(&str, &str)]) -> HttpResponse {
        crate::test_util::response(200, headers, "")
    }

    #[test]
    fn lists_are_joined_and_quoted_as_botocore_does() {
        assert_eq!(encode_list(["a", "b c"]), "a,b c");
        assert_eq!(encode_list(["a,b", "say \"hi\""]), r#""a,b","say \"hi\"""#);
        assert_eq!(encode_list(Vec::<String>::new()), "");
        let r = response(&[("x-list", "a, b ,c")]);
        assert_eq!(
            read_list(&r, "X-List"),
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(read_list(&r, "x-other"), None);
    }

    #[test]
    fn json_values_are_base64_of_compact_ascii_json() {
        // base64.b64encode(json.dumps({"a": [1, "é😀"]}, separators=(',', ':')).encode())
        let value = json!({"a": [1, "é😀"]});
        let encoded = encode_json_value(&value);
        assert_eq!(encoded, "eyJhIjpbMSwiXHUwMGU5XHVkODNkXHVkZTAwIl19");
        let r = response(&[("x-json", &encoded)]);
        assert_eq!(read_json_value(&r, "x-json"), Ok(Some(value)));
        assert_eq!(read_json_value(&r, "x-none"), Ok(None));
        let bad = response(&[("x-json", "not base64!"), ("x-text", "aGVsbG8=")]);
        assert!(read_json_value(&bad, "x-json")
            .unwrap_err()
            .contains("`x-json` is not base64"));
        assert!(read_json_value(&bad, "x-text")
            .unwrap_err()
            .contains("not base64 of JSON"));
    }

    #[test]
    fn numbers_booleans_and_timestamps() {
        let r = response(&[
            ("n", "42"),
            ("bad", "4x"),
            ("t", "true"),
            ("f", "True"),
            ("date", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ("iso", "1994-11-06T08:49:37Z"),
            ("epoch", "784111777"),
            ("junk", "yesterday"),
        ]);
        assert_eq!(read_number::<i32>(&r, "n"), Ok(Some(42)));
        assert_eq!(read_number::<i64>(&r, "missing"), Ok(None));
        assert_eq!(
            read_number::<i32>(&r, "bad"),
            Err("header `bad` is not a number: \"4x\"".to_owned())
        );
        assert_eq!(read_boolean(&r, "t"), Some(true));
        assert_eq!(read_boolean(&r, "f"), Some(false));
        let when = Some(DateTime::from_secs(784_111_777));
        for name in ["date", "iso", "epoch"] {
            assert_eq!(read_timestamp(&r, name), Ok(when), "{name}");
        }
        assert!(read_timestamp(&r, "junk")
            .unwrap_err()
            .contains("`junk` is not a timestamp"));
    }

    #[test]
    fn prefixed_headers_become_a_map() {
        let response = HttpResponse {
            status: 200,
            headers: vec![
                ("X-Amzn-Meta-Color".into(), "red".into()),
                ("x-amzn-meta-size".into(), "1".into()),
                ("x-amzn-meta-size".into(), "2".into()),
                ("content-type".into(), "text/plain".into()),
            ],
            body: Vec::new(),
        };
        let meta = read_prefixed(&response, "x-amzn-meta-");
        assert_eq!(meta.len(), 2);
        assert_eq!(meta["color"], "red");
        assert_eq!(meta["size"], "1, 2");
        let all = read_prefixed(&response, "");
        assert_eq!(all.len(), 3);
        assert_eq!(all["content-type"], "text/plain");
        assert!(read_prefixed(&response, "x-other-").is_empty());
    }
}
