//! Helpers for the generated JSON (de)serializers.
//!
//! Generated code has no `serde_derive`: every modelled type that is received implements
//! [`FromJson`], reading itself in one pass from a [`Reader`] over the response bytes (no
//! intermediate tree; strings without escapes are borrowed until they are copied into the
//! output), and every type that is sent implements [`ToJson`]. The rules are the AWS REST-JSON
//! ones:
//!
//! - `null` and an absent key are the same thing; unknown keys are ignored;
//! - integers must be whole and in range for their Rust type;
//! - timestamps are ISO 8601 strings (epoch seconds are accepted too when reading);
//! - an empty response body reads as `{}`.

mod reader;
mod writer;

pub use reader::{Number, Reader};
pub use writer::{ObjectWriter, Writer};

use crate::primitives::DateTime;
use reader::Kind;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// A value that could not be read, with the JSON path where it was found (`$.stages[0].name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    path: String,
    message: String,
}

impl JsonError {
    /// An error at the current position.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            path: String::new(),
            message: message.into(),
        }
    }

    /// Places this error under the object key `key`.
    pub(crate) fn in_key(mut self, key: &str) -> Self {
        self.path.insert_str(0, &format!(".{key}"));
        self
    }

    /// Places this error under the array index `index`.
    pub(crate) fn in_index(mut self, index: usize) -> Self {
        self.path.insert_str(0, &format!("[{index}]"));
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "${}: {}", self.path, self.message)
    }
}

impl std::error::Error for JsonError {}

/// Writes a value as JSON, straight into the request body's buffer.
pub trait ToJson {
    /// Writes `self` into `writer`.
    fn write_json(&self, writer: &mut Writer);
}

/// Reads a value from JSON in one pass. Never called at a `null` by the helpers of this module
/// and [`Reader::optional`] (a `null` member means absent).
pub trait FromJson: Sized {
    /// Reads the next value of `reader`.
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError>;
}

impl ToJson for String {
    fn write_json(&self, writer: &mut Writer) {
        writer.string(self);
    }
}

impl ToJson for str {
    fn write_json(&self, writer: &mut Writer) {
        writer.string(self);
    }
}

impl FromJson for String {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.string().map(std::borrow::Cow::into_owned)
    }
}

impl ToJson for bool {
    fn write_json(&self, writer: &mut Writer) {
        writer.raw(if *self { b"true" } else { b"false" });
    }
}

impl FromJson for bool {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.bool()
    }
}

impl ToJson for crate::primitives::Blob {
    /// A blob in a JSON body is the base64 text of its bytes.
    fn write_json(&self, writer: &mut Writer) {
        writer.string(&crate::base64::encode(self.as_ref()));
    }
}

impl FromJson for crate::primitives::Blob {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let text = reader.string()?;
        crate::base64::decode(&text)
            .map(Self::from)
            .ok_or_else(|| JsonError::new("expected base64 text"))
    }
}

/// Reads a whole number that fits in an `i64`.
fn integer(reader: &mut Reader<'_>) -> Result<i64, JsonError> {
    if reader.kind()? != Kind::Number {
        return Err(reader.unexpected("an integer"));
    }
    let n = reader.number()?;
    n.as_i64()
        .ok_or_else(|| JsonError::new(format!("expected an integer, found {}", n.text())))
}

impl ToJson for i32 {
    fn write_json(&self, writer: &mut Writer) {
        writer.raw(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl FromJson for i32 {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let n = integer(reader)?;
        i32::try_from(n)
            .map_err(|_| JsonError::new(format!("{n} is out of range for a 32-bit integer")))
    }
}

impl ToJson for i64 {
    fn write_json(&self, writer: &mut Writer) {
        writer.raw(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl FromJson for i64 {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        integer(reader)
    }
}

impl ToJson for f64 {
    fn write_json(&self, writer: &mut Writer) {
        // JSON has no non-finite numbers: AWS protocols send them as these strings.
        if self.is_nan() {
            writer.string("NaN");
        } else if self.is_infinite() {
            writer.string(if *self > 0.0 { "Infinity" } else { "-Infinity" });
        } else if serde_json::to_writer(writer.buffer(), self).is_err() {
            // Unreachable for a finite number; never leave the text broken.
            writer.raw(b"null");
        }
    }
}

impl FromJson for f64 {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match reader.kind()? {
            Kind::Number => {
                let n = reader.number()?;
                n.as_f64().ok_or_else(|| {
                    JsonError::new(format!("the number {} is out of range", n.text()))
                })
            }
            // AWS sends non-finite floats as strings.
            Kind::String => match reader.string()?.as_ref() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                s => Err(JsonError::new(format!(
                    "expected a number, found the string {s:?}"
                ))),
            },
            _ => Err(reader.unexpected("a number")),
        }
    }
}

impl ToJson for f32 {
    fn write_json(&self, writer: &mut Writer) {
        // The shortest decimal that reads back as this `f32` (`29.97`), as botocore and the
        // official SDKs write it; widening to `f64` first would print `29.969999313354492`.
        match self.to_string().parse::<f64>() {
            Ok(shortest) => shortest.write_json(writer),
            Err(_) => f64::from(*self).write_json(writer),
        }
    }
}

impl FromJson for f32 {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let n = f64::read_json(reader)?;
        if n.is_finite() && n.abs() > f64::from(f32::MAX) {
            return Err(JsonError::new(format!(
                "{n} is out of range for a 32-bit float"
            )));
        }
        // In range: the conversion only rounds.
        Ok(n as f32)
    }
}

impl ToJson for DateTime {
    fn write_json(&self, writer: &mut Writer) {
        writer.string(&self.to_iso8601());
    }
}

impl FromJson for DateTime {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match reader.kind()? {
            Kind::String => {
                let s = reader.string()?;
                DateTime::from_iso8601(&s)
                    .map_err(|e| JsonError::new(format!("invalid timestamp {s:?}: {e}")))
            }
            Kind::Number => {
                let n = reader.number()?;
                if let Some(secs) = n.as_i64() {
                    return Ok(DateTime::from_secs_and_nanos(secs, 0));
                }
                let secs = n.as_f64().filter(|s| s.abs() < 1e15);
                let secs = secs.ok_or_else(|| {
                    JsonError::new(format!("timestamp {} is out of range", n.text()))
                })?;
                let whole = secs.floor();
                let nanos = ((secs - whole) * 1e9).round().min(999_999_999.0);
                // `whole` is below 1e15 and `nanos` within 0..1e9: both conversions are exact.
                Ok(DateTime::from_secs_and_nanos(whole as i64, nanos as u32))
            }
            _ => Err(reader.unexpected("a timestamp")),
        }
    }
}

impl ToJson for Value {
    fn write_json(&self, writer: &mut Writer) {
        if serde_json::to_writer(writer.buffer(), self).is_err() {
            // A `Value` always serializes; never leave the text broken.
            writer.raw(b"null");
        }
    }
}

impl FromJson for Value {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.value()
    }
}

/// Members of structures that contain themselves are boxed.
impl<T: ToJson> ToJson for Box<T> {
    fn write_json(&self, writer: &mut Writer) {
        (**self).write_json(writer);
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        T::read_json(reader).map(Box::new)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, writer: &mut Writer) {
        writer.array(self);
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut items = Vec::new();
        reader.array(|reader, _| {
            // A `null` item cannot be represented: it is skipped, like the official SDK does.
            if !reader.null()? {
                items.push(T::read_json(reader)?);
            }
            Ok(())
        })?;
        Ok(items)
    }
}

impl<T: ToJson> ToJson for HashMap<String, T> {
    fn write_json(&self, writer: &mut Writer) {
        // Sorted keys: the request body does not depend on the map's iteration order.
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        writer.object(|object| {
            for (key, value) in entries {
                object.member(key, value);
            }
        });
    }
}

impl<T: FromJson> FromJson for HashMap<String, T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut map = HashMap::new();
        reader.object(|reader, key| {
            // A `null` value is skipped (later keys win, as in a JSON object).
            if reader.null()? {
                map.remove(key);
            } else {
                map.insert(key.to_owned(), T::read_json(reader)?);
            }
            Ok(())
        })?;
        Ok(map)
    }
}

/// A member read by [`Reader::optional`] that must have been present.
pub fn required<T>(value: Option<T>, key: &str) -> Result<T, JsonError> {
    value.ok_or_else(|| JsonError::new(format!("missing required member `{key}`")))
}

/// The bytes of a request body that `write` writes.
pub fn to_body(write: impl FnOnce(&mut Writer)) -> bytes::Bytes {
    let mut writer = Writer::new();
    write(&mut writer);
    writer.into_bytes().into()
}

/// The JSON text of `value`.
#[cfg(test)]
pub(crate) fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut writer = Writer::new();
    value.write_json(&mut writer);
    String::from_utf8(writer.into_bytes()).unwrap_or_default()
}

/// Reads a response body as `T` in one pass; an empty body reads as `{}`.
pub fn from_body<T: FromJson>(body: &[u8]) -> Result<T, JsonError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    let mut reader = Reader::new(body);
    let value = T::read_json(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Page {
        name: String,
        count: Option<i32>,
        items: Vec<String>,
        tags: Option<HashMap<String, String>>,
    }

    /// What the generator writes for a structure.
    impl FromJson for Page {
        fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
            let (mut name, mut count, mut items, mut tags) = (None, None, None, None);
            reader.object(|reader, member| {
                match member {
                    "name" => name = reader.optional()?,
                    "count" => count = reader.optional()?,
                    "items" => items = reader.optional()?,
                    "tags" => tags = reader.optional()?,
                    _ => reader.skip()?,
                }
                Ok(())
            })?;
            Ok(Self {
                name: required(name, "name")?,
                count,
                items: items.unwrap_or_default(),
                tags,
            })
        }
    }

    /// `T` read from `text`.
    fn read<T: FromJson>(text: &str) -> Result<T, JsonError> {
        from_body(text.as_bytes())
    }

    #[test]
    fn reads_objects() {
        let page: Page =
            from_body(br#"{"name":"a","count":3,"items":["x",null,"y"],"extra":true,"tags":null}"#)
                .unwrap();
        assert_eq!(
            page,
            Page {
                name: "a".into(),
                count: Some(3),
                items: vec!["x".into(), "y".into()],
                tags: None
            }
        );
    }

    #[test]
    fn blobs_are_base64_text() {
        use crate::primitives::Blob;
        let blob = Blob::from(&[0u8, 0xff, b'a'][..]);
        assert_eq!(to_string(&blob), r#""AP9h""#);
        assert_eq!(read::<Blob>(r#""AP9h""#).unwrap(), blob);
        assert_eq!(
            read::<Blob>(r#""AP9h!""#).unwrap_err().to_string(),
            "$: expected base64 text"
        );
        assert!(read::<Blob>("1").is_err());
    }

    #[test]
    fn errors_name_the_path() {
        let e = from_body::<Page>(br#"{"name":"a","items":["x",1]}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "$.items[1]: expected a string, found a number"
        );
        let e = from_body::<Page>(br#"{"count":1}"#).unwrap_err();
        assert_eq!(e.to_string(), "$: missing required member `name`");
        let e = from_body::<Page>(br#"{"name":"a","count":4294967296}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "$.count: 4294967296 is out of range for a 32-bit integer"
        );
        let e = from_body::<Page>(br#"{"name":"a","count":1.5}"#).unwrap_err();
        assert_eq!(e.to_string(), "$.count: expected an integer, found 1.5");
        let e = from_body::<Page>(br#"{"name":"a","tags":{"k":false}}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "$.tags.k: expected a string, found a boolean"
        );
        assert_eq!(
            from_body::<Page>(b"not json").unwrap_err().to_string(),
            "$: invalid JSON at byte 0: expected a value"
        );
        assert_eq!(
            from_body::<Page>(br#"{"name":"a","items":["x" "y"]}"#)
                .unwrap_err()
                .to_string(),
            "$.items: invalid JSON at byte 25: expected `,` or `]`"
        );
        assert_eq!(
            from_body::<Page>(br#"{"name":"a"} x"#)
                .unwrap_err()
                .to_string(),
            "$: invalid JSON at byte 13: trailing characters after the JSON value"
        );
        assert_eq!(
            from_body::<Page>(b"null").unwrap_err().to_string(),
            "$: expected an object, found null"
        );
    }

    #[test]
    fn empty_body_is_an_empty_object() {
        let e = from_body::<Page>(b"  ").unwrap_err();
        assert_eq!(e.to_string(), "$: missing required member `name`");
        assert_eq!(
            from_body::<HashMap<String, i64>>(b"").unwrap(),
            HashMap::new()
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(read::<f32>("1.5").unwrap(), 1.5);
        assert_eq!(to_string(&29.97f32), "29.97");
        assert_eq!(to_string(&0.1f32), "0.1");
        assert_eq!(read::<f32>(&to_string(&29.97f32)).unwrap(), 29.97f32);
        assert_eq!(to_string(&f64::NAN), r#""NaN""#);
        assert_eq!(to_string(&f32::NEG_INFINITY), r#""-Infinity""#);
        assert_eq!(to_string(&f64::INFINITY), r#""Infinity""#);
        // Numbers and strings are written as serde_json writes them.
        for n in [
            0.0,
            -0.0,
            1.0,
            1.5,
            1e21,
            1e-7,
            123456789.125,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(to_string(&n), serde_json::to_string(&n).unwrap(), "{n}");
        }
        for n in [0i64, -1, i64::MAX, i64::MIN] {
            assert_eq!(to_string(&n), serde_json::to_string(&n).unwrap());
        }
        let text: String = (0u8..0x80)
            .map(char::from)
            .chain("é😀\u{2028}".chars())
            .collect();
        assert_eq!(to_string(&text), serde_json::to_string(&text).unwrap());
        assert!(read::<f32>("1e300").is_err());
        assert!(read::<f64>(r#""NaN""#).unwrap().is_nan());
        assert_eq!(
            read::<f64>("1e400").unwrap_err().to_string(),
            "$: the number 1e400 is out of range"
        );
        assert_eq!(read::<i64>("-7").unwrap(), -7);
        assert!(read::<i64>(&u64::MAX.to_string()).is_err());
        assert_eq!(
            read::<bool>(r#""true""#).unwrap_err().to_string(),
            "$: expected a boolean, found a string"
        );
        assert_eq!(
            read::<i32>(r#""1""#).unwrap_err().to_string(),
            "$: expected an integer, found a string"
        );
    }

    #[test]
    fn epoch_second_timestamps() {
        assert_eq!(
            read::<DateTime>("1700000000").unwrap(),
            DateTime::from_secs_and_nanos(1_700_000_000, 0)
        );
        assert_eq!(
            read::<DateTime>("1.25").unwrap(),
            DateTime::from_secs_and_nanos(1, 250_000_000)
        );
        assert_eq!(
            read::<DateTime>("-1.5").unwrap(),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(
            read::<DateTime>(r#""2023-06-01T12:00:00.120Z""#).unwrap(),
            DateTime::from_iso8601("2023-06-01T12:00:00.120Z").unwrap()
        );
        assert!(read::<DateTime>("true").is_err());
    }

    #[test]
    fn maps_and_documents() {
        let map: HashMap<String, String> =
            read(r#"{"a":"x","b":null,"c":"y","c":"z","d":"w","d":null}"#).unwrap();
        let mut entries: Vec<_> = map.into_iter().collect();
        entries.sort();
        assert_eq!(
            entries,
            [("a".into(), "x".into()), ("c".into(), "z".into())]
        );
        let text = r#"{"s":"\u00e9\ud83d\ude00\n","n":[1,-2.5e3,18446744073709551615],"o":{"t":true,"f":false,"z":null}}"#;
        assert_eq!(
            read::<Value>(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        // Member names and escapes are read like serde_json reads them.
        let page: Page = read(r#"{"n\u0061me":"\"q\"","items":[]}"#).unwrap();
        assert_eq!(page.name, "\"q\"");
    }

    /// The reader accepts exactly what serde_json accepts, and reads the same values, over
    /// valid and broken documents.
    #[test]
    fn agrees_with_serde_json() {
        let documents = [
            "{}",
            "[]",
            "0",
            "-0",
            "1.5",
            "1e5",
            "1E+5",
            "1e-5",
            "-1.25e-3",
            "123456789012345678901234567890",
            "\"\"",
            "\"a\\/b\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\u00\"",
            "\"\\x\"",
            "\"tab\there\"",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "tru",
            "nul",
            "[1,]",
            "[,1]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "[1 2]",
            "{\"a\":[{\"b\":null}]}",
            " \n\t {} \r\n ",
            "{} {}",
            "\"\u{7f}\"",
            "\"é\"",
            "[true,false,null]",
            "\"\\uD834\\uDD1E\"",
            "1e400",
        ];
        for text in documents {
            let ours = read::<Value>(text);
            let theirs = serde_json::from_str::<Value>(text);
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(_), Err(_)) => {}
                _ => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
            }
        }
        use reader::MAX_DEPTH;
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(read::<Value>(&deep)
            .unwrap_err()
            .to_string()
            .contains("nested deeper than 128 levels"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(read::<Value>(&ok).is_ok());
    }

    #[test]
    fn writes_objects() {
        let tags: HashMap<String, bool> = [("b".to_string(), true), ("a".to_string(), false)]
            .into_iter()
            .collect();
        let body = to_body(|writer| {
            writer.object(|object| {
                object.optional("items", &Some(vec![1i64, 2]));
                object.optional::<i32>("count", &None);
                object.member("name", "a");
                object.member("tags", &tags);
                object.member("empty", &Vec::<String>::new());
                object.member("doc", &serde_json::json!({"z": [1, null], "a": "x"}));
            })
        });
        assert_eq!(
            String::from_utf8(body.to_vec()).unwrap(),
            r#"{"items":[1,2],"name":"a","tags":{"a":false,"b":true},"empty":[],"doc":{"a":"x","z":[1,null]}}"#
        );
    }
}
