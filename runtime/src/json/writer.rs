//! Writes request bodies straight into one buffer: no intermediate tree.
//!
//! The output is byte for byte what `serde_json` writes for the same values (escapes, numbers),
//! with object members in the order the generated code writes them (sorted by name, as the
//! former `serde_json::Map` sorted them) and map entries sorted by key.

use super::ToJson;

/// A JSON text being written.
#[derive(Debug, Default)]
pub struct Writer {
    out: Vec<u8>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self {
            out: Vec::with_capacity(128),
        }
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// Writes `value`.
    pub fn value<T: ToJson + ?Sized>(&mut self, value: &T) {
        value.write_json(self);
    }

    /// Writes an object whose members `members` writes.
    pub fn object(&mut self, members: impl FnOnce(&mut ObjectWriter<'_>)) {
        self.out.push(b'{');
        let mut object = ObjectWriter {
            writer: self,
            first: true,
        };
        members(&mut object);
        self.out.push(b'}');
    }

    /// Writes an array of `items`.
    pub fn array<'i, T: ToJson + 'i>(&mut self, items: impl IntoIterator<Item = &'i T>) {
        self.out.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            item.write_json(self);
        }
        self.out.push(b']');
    }

    /// Writes `text` as a JSON string, escaped as `serde_json` escapes it.
    pub fn string(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push(b'"');
        let bytes = text.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0x00..=0x1f => &[],
                _ => continue,
            };
            self.out.extend_from_slice(&bytes[start..i]);
            if escape.is_empty() {
                self.out.extend_from_slice(b"\\u00");
                self.out.push(HEX[usize::from(b >> 4)]);
                self.out.push(HEX[usize::from(b & 0xf)]);
            } else {
                self.out.extend_from_slice(escape);
            }
            start = i + 1;
        }
        self.out.extend_from_slice(&bytes[start..]);
        self.out.push(b'"');
    }

    /// Writes JSON text as is (a number, `true`, ...).
    pub(crate) fn raw(&mut self, text: &[u8]) {
        self.out.extend_from_slice(text);
    }

    /// The buffer, for `serde_json::to_writer`.
    pub(crate) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }
}

/// The members of an object being written.
#[derive(Debug)]
pub struct ObjectWriter<'w> {
    writer: &'w mut Writer,
    first: bool,
}

impl ObjectWriter<'_> {
    /// Writes member `key` with `value`.
    pub fn member<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        if !self.first {
            self.writer.out.push(b',');
        }
        self.first = false;
        self.writer.string(key);
        self.writer.out.push(b':');
        value.write_json(self.writer);
    }

    /// Writes member `key` if `value` is set.
    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.member(key, value);
        }
    }
}
