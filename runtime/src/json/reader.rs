//! A pull reader over JSON bytes (RFC 8259), for one-pass parsing of responses straight into
//! generated types: no intermediate tree, strings borrowed from the body when they hold no
//! escape.
//!
//! Generated `FromJson` impls call [`Reader::object`] with a closure that dispatches on each
//! member name, reading the members they know with [`Reader::optional`] and skipping the others
//! with [`Reader::skip`]. Errors carry the JSON path (`$.stages[3].tags.team`) and, for
//! malformed input, the byte offset. Nesting deeper than [`MAX_DEPTH`] is an error, so hostile
//! input cannot overflow the stack.

use super::{FromJson, JsonError};
use serde_json::Value;
use std::borrow::Cow;

/// The deepest nesting of objects and arrays read (serde_json's default limit too).
pub const MAX_DEPTH: usize = 128;

/// The kind of the next value, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// `a string`, `an object`, ... for error messages (as `serde_json::Value` kinds read).
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// A JSON number as written (its text is valid JSON number syntax).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number<'a> {
    text: &'a str,
    integer: bool,
}

impl<'a> Number<'a> {
    /// The number as written, e.g. `-1.5e3`.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Whether it is written without fraction or exponent.
    pub fn is_integer(&self) -> bool {
        self.integer
    }

    /// The value as an `f64`; `None` if it is out of `f64`'s range.
    pub fn as_f64(&self) -> Option<f64> {
        self.text.parse::<f64>().ok().filter(|f| f.is_finite())
    }

    /// The value as an `i64`, if it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        if self.integer {
            self.text.parse().ok()
        } else {
            None
        }
    }
}

/// Reads one JSON document from bytes, value by value.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            depth: 0,
        }
    }

    /// A syntax error at the current position.
    fn syntax(&self, what: &str) -> JsonError {
        JsonError::new(format!("invalid JSON at byte {}: {what}", self.pos))
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    /// Consumes `byte` (after whitespace) or fails saying what was expected.
    fn expect(&mut self, byte: u8, what: &str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.syntax(&format!("expected {what}")))
        }
    }

    /// The kind of the next value.
    pub(crate) fn kind(&mut self) -> Result<Kind, JsonError> {
        self.skip_whitespace();
        let rest = &self.bytes[self.pos..];
        match rest.first() {
            Some(b'n') if rest.starts_with(b"null") => Ok(Kind::Null),
            Some(b't') if rest.starts_with(b"true") => Ok(Kind::Bool),
            Some(b'f') if rest.starts_with(b"false") => Ok(Kind::Bool),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b'"') => Ok(Kind::String),
            Some(b'[') => Ok(Kind::Array),
            Some(b'{') => Ok(Kind::Object),
            Some(_) => Err(self.syntax("expected a value")),
            None => Err(self.syntax("unexpected end of input")),
        }
    }

    /// An error saying a value of another kind was expected (`expected a string, found a
    /// number`); fails with the syntax error if there is no valid next value.
    pub fn unexpected(&mut self, expected: &str) -> JsonError {
        match self.kind() {
            Ok(found) => JsonError::new(format!("expected {expected}, found {}", found.describe())),
            Err(e) => e,
        }
    }

    fn literal(&mut self, text: &[u8]) -> Result<(), JsonError> {
        if self.bytes[self.pos..].starts_with(text) {
            self.pos += text.len();
            Ok(())
        } else {
            Err(self.syntax("expected a value"))
        }
    }

    /// Consumes a `null` if one is next.
    pub fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Result<bool, JsonError> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|_| true),
            Some(b'f') => self.literal(b"false").map(|_| false),
            _ => Err(self.unexpected("a boolean")),
        }
    }

    /// Reads a number.
    pub fn number(&mut self) -> Result<Number<'a>, JsonError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected("a number"));
        }
        let start = self.pos;
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while let Some(b'0'..=b'9') = reader.bytes.get(reader.pos) {
                reader.pos += 1;
            }
            reader.pos - from
        };
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        let leading_zero = self.bytes.get(self.pos) == Some(&b'0');
        let whole = digits(self);
        if whole == 0 || (leading_zero && whole > 1) {
            return Err(self.syntax("invalid number"));
        }
        let mut integer = true;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            integer = false;
            if digits(self) == 0 {
                return Err(self.syntax("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.syntax("invalid number"));
            }
        }
        // Only ASCII digits, signs, `.` and `e` were consumed.
        let text = std::str::from_utf8(&self.bytes[start..self.pos])
            .map_err(|_| self.syntax("invalid number"))?;
        Ok(Number { text, integer })
    }

    /// Reads a string, borrowed from the input when it holds no escape.
    pub fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a string"));
        }
        self.pos += 1;
        let start = self.pos;
        // Fast path: the closing quote comes before any escape.
        let rest = &self.bytes[start..];
        let Some(end) = memchr::memchr2(b'"', b'\\', rest) else {
            self.pos = self.bytes.len();
            return Err(self.syntax("unterminated string"));
        };
        // A fold without early exit compiles to a vector loop; the position is only looked for
        // when there is one.
        if rest[..end]
            .iter()
            .fold(false, |found, &b| found | (b < 0x20))
        {
            let control = rest[..end].iter().position(|&b| b < 0x20).unwrap_or(0);
            self.pos = start + control;
            return Err(self.syntax("control character in a string"));
        }
        self.pos = start + end;
        if rest[end] == b'"' {
            let text = std::str::from_utf8(&rest[..end])
                .map_err(|_| self.syntax("invalid UTF-8 in a string"))?;
            self.pos += 1;
            return Ok(Cow::Borrowed(text));
        }
        let mut out: Vec<u8> = Vec::with_capacity(self.pos - start + 16);
        out.extend_from_slice(&self.bytes[start..self.pos]);
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return String::from_utf8(out)
                        .map(Cow::Owned)
                        .map_err(|_| self.syntax("invalid UTF-8 in a string"));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.bytes.get(self.pos) {
                        Some(b'"') => b'"',
                        Some(b'\\') => b'\\',
                        Some(b'/') => b'/',
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0c,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return Err(self.syntax("invalid escape in a string")),
                    };
                    out.push(escaped);
                    self.pos += 1;
                }
                Some(&b) if b < 0x20 => return Err(self.syntax("control character in a string")),
                Some(&b) => {
                    out.push(b);
                    self.pos += 1;
                }
                None => return Err(self.syntax("unterminated string")),
            }
        }
    }

    /// Four hex digits at the current position.
    fn hex4(&mut self) -> Result<u16, JsonError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| {
                u16::from_str_radix(d, 16)
                    .ok()
                    .filter(|_| !d.starts_with('+'))
            })
            .ok_or_else(|| self.syntax("invalid \\u escape"))?;
        self.pos += 4;
        Ok(digits)
    }

    /// The character of a `\u` escape (after the `u`), pairing surrogates.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.syntax("lone leading surrogate in a \\u escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.syntax("invalid trailing surrogate in a \\u escape"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.syntax("lone trailing surrogate in a \\u escape")),
            other => u32::from(other),
        };
        char::from_u32(code).ok_or_else(|| self.syntax("invalid \\u escape"))
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax(&format!("nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// Reads an object, calling `member` with each member's name; `member` must read (or
    /// [`skip`](Self::skip)) the member's value. Errors inside a member are placed under its
    /// name in the path.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, &str) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if self.peek() != Some(b'{') {
            return Err(self.unexpected("an object"));
        }
        self.enter()?;
        self.pos += 1;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.syntax("expected a member name"));
            }
            let name = self.string()?;
            self.expect(b':', "`:`")?;
            member(self, &name).map_err(|e| e.in_key(&name))?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `}`")),
            }
        }
    }

    /// Reads an array, calling `item` for each element with its index; `item` must read the
    /// element. Errors inside an element are placed under its index in the path.
    pub fn array(
        &mut self,
        mut item: impl FnMut(&mut Self, usize) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if self.peek() != Some(b'[') {
            return Err(self.unexpected("an array"));
        }
        self.enter()?;
        self.pos += 1;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            item(self, index).map_err(|e| e.in_index(index))?;
            index += 1;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `]`")),
            }
        }
    }

    /// Reads the next value as `T`, `null` as `None`.
    pub fn optional<T: FromJson>(&mut self) -> Result<Option<T>, JsonError> {
        if self.null()? {
            Ok(None)
        } else {
            T::read_json(self).map(Some)
        }
    }

    /// Skips the next value (checking its syntax).
    pub fn skip(&mut self) -> Result<(), JsonError> {
        match self.kind()? {
            Kind::Null => self.literal(b"null"),
            Kind::Bool => self.bool().map(drop),
            Kind::Number => self.number().map(drop),
            Kind::String => self.string().map(drop),
            Kind::Array => self.array(|r, _| r.skip()),
            Kind::Object => self.object(|r, _| r.skip()),
        }
    }

    /// Reads the next value into a `serde_json::Value` (documents).
    pub fn value(&mut self) -> Result<Value, JsonError> {
        Ok(match self.kind()? {
            Kind::Null => {
                self.literal(b"null")?;
                Value::Null
            }
            Kind::Bool => Value::Bool(self.bool()?),
            Kind::Number => {
                let n = self.number()?;
                let number: serde_json::Number = n
                    .text()
                    .parse()
                    .map_err(|_| self.syntax("number out of range"))?;
                Value::Number(number)
            }
            Kind::String => Value::String(self.string()?.into_owned()),
            Kind::Array => {
                let mut items = Vec::new();
                self.array(|r, _| {
                    items.push(r.value()?);
                    Ok(())
                })?;
                Value::Array(items)
            }
            Kind::Object => {
                let mut map = serde_json::Map::new();
                self.object(|r, name| {
                    map.insert(name.to_owned(), r.value()?);
                    Ok(())
                })?;
                Value::Object(map)
            }
        })
    }

    /// Checks that only whitespace follows the value read.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters after the JSON value")),
        }
    }
}
