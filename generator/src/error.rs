//! The generator's error: a message tied to the place in the document that caused it.
//!
//! Every failure names a JSON pointer (RFC 6901, in URI-fragment form without percent-encoding),
//! e.g. `#/paths/~1ListStages/post/requestBody`, so the author of a document can find the culprit.

use std::fmt;

/// An error about a place in the OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// JSON pointer to the offending place, e.g. `#/paths/~1ListStages/post/requestBody`.
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl Error {
    /// An error at `pointer`.
    pub fn new(pointer: &Pointer, message: impl Into<String>) -> Self {
        Error {
            pointer: pointer.as_str().to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for Error {}

/// Result with the generator's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A JSON pointer being built, segment by segment, with `~` and `/` escaped (`~0`, `~1`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_string())
    }

    /// Parses a local reference (`#/components/schemas/Stage`) as a pointer, unchanged.
    /// Returns `None` if it is not a local (`#`-prefixed) reference.
    pub fn from_reference(reference: &str) -> Option<Self> {
        (reference == "#" || reference.starts_with("#/")).then(|| Pointer(reference.to_string()))
    }

    /// This pointer with one more segment (escaped): `#/paths` + `/tags/{arn}` → `#/paths/~1tags~1{arn}`.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let segment = segment.to_string();
        Pointer(format!("{}/{}", self.0, escape_segment(&segment)))
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments after `#`.
    pub fn segments(&self) -> Vec<String> {
        self.0
            .strip_prefix("#/")
            .map(|rest| rest.split('/').map(unescape_segment).collect())
            .unwrap_or_default()
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Escapes one pointer segment: `~` → `~0`, `/` → `~1` (in that order).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one pointer segment: `~1` → `/`, `~0` → `~` (in that order).
pub fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_segments() {
        let p = Pointer::root()
            .join("paths")
            .join("/tags/{resourceArn}#tagKeys")
            .join("delete");
        assert_eq!(p.as_str(), "#/paths/~1tags~1{resourceArn}#tagKeys/delete");
        assert_eq!(Pointer::root().join("a~/b").as_str(), "#/a~0~1b");
        assert_eq!(unescape_segment("~01"), "~1");
        assert_eq!(
            p.segments(),
            ["paths", "/tags/{resourceArn}#tagKeys", "delete"]
        );
    }

    #[test]
    fn displays_pointer_and_message() {
        let e = Error::new(&Pointer::root().join("info"), "missing title");
        assert_eq!(e.to_string(), "#/info: missing title");
    }
}
