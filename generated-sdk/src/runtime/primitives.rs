//! Primitive types used by the generated models.
//! STUB: [`DateTime`] signatures are the contract; bodies are filled in by the runtime work.

use std::time::SystemTime;

/// A point in time, as the service sends it (ISO 8601 / RFC 3339 strings such as
/// `2023-06-01T12:00:00.123Z`). Nanosecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    subsec_nanos: u32,
}

/// A timestamp string that is not ISO 8601.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    message: String,
}

impl std::fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateTimeParseError {}

impl DateTime {
    /// Seconds and nanoseconds since the Unix epoch.
    pub fn from_secs_and_nanos(seconds: i64, subsec_nanos: u32) -> Self {
        Self { seconds, subsec_nanos }
    }
    /// Whole seconds since the Unix epoch.
    pub fn secs(&self) -> i64 {
        self.seconds
    }
    /// Nanoseconds within the second.
    pub fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }
    /// Parses ISO 8601 / RFC 3339 (`Z` or `±hh:mm` offsets, optional fraction). Used by generated code.
    pub fn from_iso8601(s: &str) -> Result<Self, DateTimeParseError> {
        let _ = s;
        todo!("iso8601 parse")
    }
    /// Formats as ISO 8601 in UTC (`2023-06-01T12:00:00Z`, fraction only when non-zero). Used by generated code.
    pub fn to_iso8601(&self) -> String {
        todo!("iso8601 format")
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => Self::from_secs_and_nanos(d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                if d.subsec_nanos() == 0 {
                    Self::from_secs_and_nanos(-(d.as_secs() as i64), 0)
                } else {
                    Self::from_secs_and_nanos(-(d.as_secs() as i64) - 1, 1_000_000_000 - d.subsec_nanos())
                }
            }
        }
    }
}
