//! Helpers for the generated JSON (de)serializers.
//!
//! Generated code converts its types to and from [`serde_json::Value`] explicitly (the crate has
//! no `serde_derive`): every modelled type implements [`ToJson`] and/or [`FromJson`], and the
//! functions below do the per-member work. The rules are the AWS REST-JSON ones:
//!
//! - `null` and an absent key are the same thing; unknown keys are ignored;
//! - integers must be whole and in range for their Rust type;
//! - timestamps are ISO 8601 strings (epoch seconds are accepted too when reading);
//! - an empty response body reads as `{}`.

use crate::primitives::DateTime;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;

/// A JSON object, as generated serializers build it.
pub type Object = Map<String, Value>;

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
    fn in_key(mut self, key: &str) -> Self {
        self.path.insert_str(0, &format!(".{key}"));
        self
    }

    /// Places this error under the array index `index`.
    fn in_index(mut self, index: usize) -> Self {
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

/// A short description of a JSON value's kind, for error messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(what: &str, value: &Value) -> JsonError {
    JsonError::new(format!("expected {what}, found {}", kind(value)))
}

/// Converts a value to JSON.
pub trait ToJson {
    /// The JSON form of `self`.
    fn to_json(&self) -> Value;
}

/// Reads a value from JSON. Never called with `null` by the helpers below (it means absent).
pub trait FromJson: Sized {
    /// Reads `value`.
    fn from_json(value: &Value) -> Result<Self, JsonError>;
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        string(value).map(str::to_owned)
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        value.as_bool().ok_or_else(|| expected("a boolean", value))
    }
}

/// Reads a whole number that fits in an `i64`.
fn integer(value: &Value) -> Result<i64, JsonError> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| JsonError::new(format!("expected an integer, found {n}"))),
        _ => Err(expected("an integer", value)),
    }
}

impl ToJson for i32 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl FromJson for i32 {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let n = integer(value)?;
        i32::try_from(n)
            .map_err(|_| JsonError::new(format!("{n} is out of range for a 32-bit integer")))
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl FromJson for i64 {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        integer(value)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Value {
        // JSON has no non-finite numbers: AWS protocols send them as these strings.
        if self.is_nan() {
            Value::from("NaN")
        } else if self.is_infinite() {
            Value::from(if *self > 0.0 { "Infinity" } else { "-Infinity" })
        } else {
            Value::from(*self)
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match value {
            Value::Number(n) => n
                .as_f64()
                .ok_or_else(|| JsonError::new(format!("{n} is not a valid number"))),
            // AWS sends non-finite floats as strings.
            Value::String(s) => match s.as_str() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(JsonError::new(format!(
                    "expected a number, found the string {s:?}"
                ))),
            },
            _ => Err(expected("a number", value)),
        }
    }
}

impl ToJson for f32 {
    fn to_json(&self) -> Value {
        // The shortest decimal that reads back as this `f32` (`29.97`), as botocore and the
        // official SDKs write it; widening to `f64` first would print `29.969999313354492`.
        match self.to_string().parse::<f64>() {
            Ok(shortest) => shortest.to_json(),
            Err(_) => f64::from(*self).to_json(),
        }
    }
}

impl FromJson for f32 {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let n = f64::from_json(value)?;
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
    fn to_json(&self) -> Value {
        Value::String(self.to_iso8601())
    }
}

impl FromJson for DateTime {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match value {
            Value::String(s) => DateTime::from_iso8601(s)
                .map_err(|e| JsonError::new(format!("invalid timestamp {s:?}: {e}"))),
            Value::Number(n) => {
                if let Some(secs) = n.as_i64() {
                    return Ok(DateTime::from_secs_and_nanos(secs, 0));
                }
                let secs = n.as_f64().filter(|s| s.is_finite() && s.abs() < 1e15);
                let secs =
                    secs.ok_or_else(|| JsonError::new(format!("timestamp {n} is out of range")))?;
                let whole = secs.floor();
                let nanos = ((secs - whole) * 1e9).round().min(999_999_999.0);
                // `whole` is below 1e15 and `nanos` within 0..1e9: both conversions are exact.
                Ok(DateTime::from_secs_and_nanos(whole as i64, nanos as u32))
            }
            _ => Err(expected("a timestamp", value)),
        }
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl FromJson for Value {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        Ok(value.clone())
    }
}

/// Members of structures that contain themselves are boxed.
impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let items = value
            .as_array()
            .ok_or_else(|| expected("an array", value))?;
        items
            .iter()
            .enumerate()
            // A `null` item cannot be represented: it is skipped, like the official SDK does.
            .filter(|(_, item)| !item.is_null())
            .map(|(i, item)| T::from_json(item).map_err(|e| e.in_index(i)))
            .collect()
    }
}

impl<T: ToJson> ToJson for HashMap<String, T> {
    fn to_json(&self) -> Value {
        // Sorted keys: the request body does not depend on the map's iteration order.
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        )
    }
}

impl<T: FromJson> FromJson for HashMap<String, T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        object(value)?
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| Ok((k.clone(), T::from_json(v).map_err(|e| e.in_key(k))?)))
            .collect()
    }
}

/// `value` as a string.
pub fn string(value: &Value) -> Result<&str, JsonError> {
    value.as_str().ok_or_else(|| expected("a string", value))
}

/// `value` as an object.
pub fn object(value: &Value) -> Result<&Object, JsonError> {
    value
        .as_object()
        .ok_or_else(|| expected("an object", value))
}

/// Reads member `key` of `object`; absent or `null` is `None`.
pub fn optional<T: FromJson>(object: &Object, key: &str) -> Result<Option<T>, JsonError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::from_json(value).map(Some).map_err(|e| e.in_key(key)),
    }
}

/// Reads member `key` of `object`, which must be present.
pub fn required<T: FromJson>(object: &Object, key: &str) -> Result<T, JsonError> {
    optional(object, key)?.ok_or_else(|| JsonError::new(format!("missing required member `{key}`")))
}

/// Writes member `key` into `object`.
pub fn insert<T: ToJson + ?Sized>(object: &mut Object, key: &str, value: &T) {
    object.insert(key.to_owned(), value.to_json());
}

/// Writes member `key` into `object` if it is set.
pub fn insert_opt<T: ToJson>(object: &mut Object, key: &str, value: &Option<T>) {
    if let Some(value) = value {
        insert(object, key, value);
    }
}

/// The bytes of a request body holding `object`.
pub fn to_body(object: Object) -> bytes::Bytes {
    Value::Object(object).to_string().into_bytes().into()
}

/// Reads a response body as `T`; an empty body reads as `{}`.
pub fn from_body<T: FromJson>(body: &[u8]) -> Result<T, JsonError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return T::from_json(&Value::Object(Object::new()));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| JsonError::new(format!("invalid JSON: {e}")))?;
    T::from_json(&value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Page {
        name: String,
        count: Option<i32>,
        items: Vec<String>,
        tags: Option<HashMap<String, String>>,
    }

    impl FromJson for Page {
        fn from_json(value: &Value) -> Result<Self, JsonError> {
            let object = object(value)?;
            Ok(Self {
                name: required(object, "name")?,
                count: optional(object, "count")?,
                items: optional(object, "items")?.unwrap_or_default(),
                tags: optional(object, "tags")?,
            })
        }
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
        assert!(from_body::<Page>(b"not json")
            .unwrap_err()
            .to_string()
            .starts_with("$: invalid JSON"));
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
        assert_eq!(f32::from_json(&json!(1.5)).unwrap(), 1.5);
        assert_eq!(29.97f32.to_json(), json!(29.97));
        assert_eq!(serde_json::to_string(&0.1f32.to_json()).unwrap(), "0.1");
        assert_eq!(f32::from_json(&29.97f32.to_json()).unwrap(), 29.97f32);
        assert_eq!(f64::NAN.to_json(), json!("NaN"));
        assert_eq!(f32::NEG_INFINITY.to_json(), json!("-Infinity"));
        assert_eq!(f64::INFINITY.to_json(), json!("Infinity"));
        assert!(f32::from_json(&json!(1e300)).is_err());
        assert!(f64::from_json(&json!("NaN")).unwrap().is_nan());
        assert_eq!(i64::from_json(&json!(-7)).unwrap(), -7);
        assert!(i64::from_json(&json!(u64::MAX)).is_err());
        assert!(bool::from_json(&json!("true")).is_err());
    }

    #[test]
    fn epoch_second_timestamps() {
        assert_eq!(
            DateTime::from_json(&json!(1_700_000_000)).unwrap(),
            DateTime::from_secs_and_nanos(1_700_000_000, 0)
        );
        assert_eq!(
            DateTime::from_json(&json!(1.25)).unwrap(),
            DateTime::from_secs_and_nanos(1, 250_000_000)
        );
        assert_eq!(
            DateTime::from_json(&json!(-1.5)).unwrap(),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert!(DateTime::from_json(&json!(true)).is_err());
    }

    #[test]
    fn writes_objects() {
        let mut object = Object::new();
        insert(&mut object, "name", &"a".to_string());
        insert_opt::<i32>(&mut object, "count", &None);
        insert_opt(&mut object, "items", &Some(vec![1i64, 2]));
        let tags: HashMap<String, bool> = [("b".to_string(), true), ("a".to_string(), false)]
            .into_iter()
            .collect();
        insert(&mut object, "tags", &tags);
        assert_eq!(
            String::from_utf8(to_body(object).to_vec()).unwrap(),
            r#"{"items":[1,2],"name":"a","tags":{"a":false,"b":true}}"#
        );
    }
}
