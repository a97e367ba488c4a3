//! Primitive types used by the generated models.
//!
//! [`DateTime`] is a UTC instant with nanosecond precision. It is parsed from and formatted to
//! ISO 8601 / RFC 3339 strings by hand (proleptic Gregorian calendar, the "days from civil"
//! algorithms of Howard Hinnant), so no date crate is needed.

use std::time::{Duration, SystemTime};

pub use crate::byte_stream::{ByteStream, ByteStreamError};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// A point in time, as the service sends it (ISO 8601 / RFC 3339 strings such as
/// `2023-06-01T12:00:00.123Z`). Nanosecond precision.
///
/// The value is stored as whole seconds since the Unix epoch (negative before 1970) plus the
/// nanoseconds within that second (always `< 1_000_000_000`), so `1969-12-31T23:59:59.5Z` is
/// `secs() == -1`, `subsec_nanos() == 500_000_000`.
///
/// ```
/// use sdk_runtime::primitives::DateTime;
///
/// let t = DateTime::from_iso8601("2023-06-01T14:00:00.120+02:00").unwrap();
/// assert_eq!(t.to_iso8601(), "2023-06-01T12:00:00.120Z");
/// assert_eq!(t.to_string(), "2023-06-01T12:00:00.120Z");
/// ```
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

impl DateTimeParseError {
    fn new(input: &str, reason: impl std::fmt::Display) -> Self {
        // Keep the message bounded even for huge garbage inputs.
        let shown: String = input.chars().take(64).collect();
        let ellipsis = if shown.len() < input.len() { "..." } else { "" };
        Self {
            message: format!(
                "invalid ISO 8601 timestamp `{shown}{ellipsis}`: {reason} \
                 (expected e.g. `2023-06-01T12:00:00Z` or `2023-06-01T12:00:00.123+02:00`)"
            ),
        }
    }
}

impl std::fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateTimeParseError {}

/// A [`DateTime`] that [`SystemTime`] cannot represent on this platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeRangeError {
    value: DateTime,
}

impl std::fmt::Display for DateTimeRangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "timestamp {} ({} s since the Unix epoch) is out of the range of SystemTime",
            self.value, self.value.seconds
        )
    }
}

impl std::error::Error for DateTimeRangeError {}

/// Days since 1970-01-01 of a proleptic Gregorian date (`month` 1–12, `day` 1–31).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `(year, month, day)` of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// A tiny cursor over the ASCII bytes of a timestamp.
struct Cursor<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            input,
            bytes: input.as_bytes(),
            pos: 0,
        }
    }

    fn error(&self, reason: impl std::fmt::Display) -> DateTimeParseError {
        DateTimeParseError::new(self.input, reason)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Exactly `n` ASCII digits, as a number.
    fn digits(&mut self, n: usize, what: &str) -> Result<u32, DateTimeParseError> {
        let end = self.pos + n;
        match self.bytes.get(self.pos..end) {
            Some(run) if run.iter().all(u8::is_ascii_digit) => {
                self.pos = end;
                Ok(run
                    .iter()
                    .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')))
            }
            _ => Err(self.error(format_args!(
                "expected {n} digits for the {what} at byte {}",
                self.pos
            ))),
        }
    }

    /// One of `options` (a separator).
    fn expect(&mut self, options: &[u8], what: &str) -> Result<u8, DateTimeParseError> {
        match self.peek() {
            Some(b) if options.contains(&b) => {
                self.pos += 1;
                Ok(b)
            }
            _ => Err(self.error(format_args!("expected {what} at byte {}", self.pos))),
        }
    }

    fn ranged(
        &mut self,
        n: usize,
        what: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Result<u32, DateTimeParseError> {
        let start = self.pos;
        let value = self.digits(n, what)?;
        if range.contains(&value) {
            Ok(value)
        } else {
            Err(self.error(format_args!(
                "{what} {value} at byte {start} is out of range {}–{}",
                range.start(),
                range.end()
            )))
        }
    }
}

impl DateTime {
    /// Seconds and nanoseconds since the Unix epoch. Nanoseconds of a whole second or more are
    /// carried into the seconds (saturating at the ends of the `i64` range).
    pub fn from_secs_and_nanos(seconds: i64, subsec_nanos: u32) -> Self {
        if subsec_nanos < NANOS_PER_SEC {
            return Self {
                seconds,
                subsec_nanos,
            };
        }
        let carry = i64::from(subsec_nanos / NANOS_PER_SEC);
        match seconds.checked_add(carry) {
            Some(seconds) => Self {
                seconds,
                subsec_nanos: subsec_nanos % NANOS_PER_SEC,
            },
            None => Self {
                seconds: i64::MAX,
                subsec_nanos: NANOS_PER_SEC - 1,
            },
        }
    }

    /// Whole seconds since the Unix epoch (negative before 1970).
    pub fn from_secs(seconds: i64) -> Self {
        Self {
            seconds,
            subsec_nanos: 0,
        }
    }

    /// Fractional seconds since the Unix epoch (the `epoch-seconds` timestamp format),
    /// rounded to the nearest microsecond to drop binary floating-point noise
    /// (`1.1` becomes `1.100000000` s, not `1.100000000000000088`). Non-finite values map to
    /// the epoch; out-of-range values saturate.
    pub fn from_secs_f64(seconds: f64) -> Self {
        if !seconds.is_finite() {
            return Self::from_secs(0);
        }
        let whole = seconds.floor();
        if whole >= i64::MAX as f64 {
            return Self::from_secs(i64::MAX);
        }
        if whole <= i64::MIN as f64 {
            return Self::from_secs(i64::MIN);
        }
        let micros = ((seconds - whole) * 1_000_000.0).round() as u32; // [0, 1_000_000]
        Self::from_secs_and_nanos(whole as i64, micros * 1_000)
    }

    /// Fractional seconds since the Unix epoch (the `epoch-seconds` timestamp format).
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsec_nanos) / f64::from(NANOS_PER_SEC)
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
    ///
    /// Accepted: `YYYY-MM-DDTHH:MM:SS[.f]` followed by `Z` or `±hh:mm`, where the fraction has
    /// 1 to 9 digits and `T`/`Z` may be lowercase. Days are checked against the month (leap
    /// years included); leap seconds (`:60`) are not accepted.
    pub fn from_iso8601(s: &str) -> Result<Self, DateTimeParseError> {
        let mut c = Cursor::new(s);
        let year = c.digits(4, "year")?;
        c.expect(b"-", "`-` after the year")?;
        let month = c.ranged(2, "month", 1..=12)?;
        c.expect(b"-", "`-` after the month")?;
        let day_pos = c.pos;
        let day = c.digits(2, "day")?;
        if day == 0 || day > days_in_month(i64::from(year), month) {
            return Err(c.error(format_args!(
                "day {day} at byte {day_pos} does not exist in {year:04}-{month:02}"
            )));
        }
        c.expect(b"Tt", "`T` between date and time")?;
        let hour = c.ranged(2, "hour", 0..=23)?;
        c.expect(b":", "`:` after the hour")?;
        let minute = c.ranged(2, "minute", 0..=59)?;
        c.expect(b":", "`:` after the minutes")?;
        let second = c.ranged(2, "second", 0..=59)?;

        let mut nanos = 0u32;
        if c.peek() == Some(b'.') {
            c.pos += 1;
            let start = c.pos;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.pos += 1;
            }
            let count = c.pos - start;
            if count == 0 || count > 9 {
                return Err(c.error(format_args!(
                    "the fraction of a second at byte {start} must have 1 to 9 digits, found {count}"
                )));
            }
            for &b in &c.bytes[start..c.pos] {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            nanos *= 10u32.pow((9 - count) as u32);
        }

        let offset_secs: i64 = match c.expect(b"Zz+-", "`Z` or a `+hh:mm`/`-hh:mm` offset")? {
            b'Z' | b'z' => 0,
            sign => {
                let hours = c.ranged(2, "offset hours", 0..=23)?;
                c.expect(b":", "`:` in the offset")?;
                let minutes = c.ranged(2, "offset minutes", 0..=59)?;
                let magnitude = i64::from(hours * 3600 + minutes * 60);
                if sign == b'-' {
                    -magnitude
                } else {
                    magnitude
                }
            }
        };
        if c.pos != s.len() {
            return Err(c.error(format_args!("unexpected text at byte {}", c.pos)));
        }

        let days = days_from_civil(i64::from(year), month, day);
        let seconds =
            days * SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second) - offset_secs;
        Ok(Self {
            seconds,
            subsec_nanos: nanos,
        })
    }

    /// Formats as ISO 8601 in UTC (`2023-06-01T12:00:00Z`, fraction only when non-zero). Used by generated code.
    ///
    /// A non-zero fraction is written with 3, 6 or 9 digits — the shortest of milliseconds,
    /// microseconds or nanoseconds that is exact (`.500`, `.000250`, `.123456789`). Years
    /// outside 0000–9999 (not representable in RFC 3339) are written with as many digits as
    /// needed and a leading `-` when negative.
    pub fn to_iso8601(&self) -> String {
        let (days, secs_of_day) = self.split_days();
        let (year, month, day) = civil_from_days(days);
        let (h, m, s) = (
            secs_of_day / 3600,
            (secs_of_day % 3600) / 60,
            secs_of_day % 60,
        );
        let mut out = if (0..=9999).contains(&year) {
            format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")
        } else {
            format!("{year}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")
        };
        let n = self.subsec_nanos;
        if n != 0 {
            if n % 1_000_000 == 0 {
                out.push_str(&format!(".{:03}", n / 1_000_000));
            } else if n % 1_000 == 0 {
                out.push_str(&format!(".{:06}", n / 1_000));
            } else {
                out.push_str(&format!(".{n:09}"));
            }
        }
        out.push('Z');
        out
    }

    /// Formats as an HTTP date (RFC 7231 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), the
    /// form AWS uses for timestamps in headers; the fraction of a second is dropped (as botocore
    /// does). Used by generated code.
    pub fn to_http_date(&self) -> String {
        let (days, secs_of_day) = self.split_days();
        let (year, month, day) = civil_from_days(days);
        let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
        let month = MONTHS[month as usize - 1];
        format!(
            "{weekday}, {day:02} {month} {year:04} {:02}:{:02}:{:02} GMT",
            secs_of_day / 3600,
            (secs_of_day % 3600) / 60,
            secs_of_day % 60
        )
    }

    /// Parses an HTTP date in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`); the
    /// weekday must match the date. Used by generated code for header timestamps.
    pub fn from_http_date(s: &str) -> Result<Self, DateTimeParseError> {
        let mut c = Cursor::new(s);
        let weekday = s.get(..3).unwrap_or_default();
        let Some(weekday_index) = WEEKDAYS.iter().position(|w| *w == weekday) else {
            return Err(c.error("expected a weekday (`Mon`…`Sun`) at byte 0"));
        };
        c.pos = 3;
        c.expect(b",", "`,`")?;
        c.expect(b" ", "a space")?;
        let day = c.ranged(2, "day", 1..=31)?;
        c.expect(b" ", "a space")?;
        let month_name = s.get(c.pos..c.pos + 3).unwrap_or_default();
        let Some(month) = MONTHS.iter().position(|m| *m == month_name) else {
            return Err(c.error(format_args!(
                "expected a month (`Jan`…`Dec`) at byte {}",
                c.pos
            )));
        };
        c.pos += 3;
        let month = month as u32 + 1;
        c.expect(b" ", "a space")?;
        let year = i64::from(c.digits(4, "year")?);
        c.expect(b" ", "a space")?;
        let hour = c.ranged(2, "hour", 0..=23)?;
        c.expect(b":", "`:`")?;
        let minute = c.ranged(2, "minute", 0..=59)?;
        c.expect(b":", "`:`")?;
        let second = c.ranged(2, "second", 0..=59)?;
        if s.get(c.pos..) != Some(" GMT") {
            return Err(c.error(format_args!("expected ` GMT` at byte {}", c.pos)));
        }
        if day > days_in_month(year, month) {
            return Err(c.error(format_args!("day {day} is past the end of the month")));
        }
        let days = days_from_civil(year, month, day);
        if days.rem_euclid(7) as usize != weekday_index {
            return Err(c.error(format_args!("{weekday} is not the weekday of that date")));
        }
        Ok(Self::from_secs(
            days * SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second),
        ))
    }

    /// The instant as a [`SystemTime`], or `None` when the platform cannot represent it.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        if self.seconds >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(Duration::new(
                self.seconds.unsigned_abs(),
                self.subsec_nanos,
            ))
        } else {
            // seconds < 0: the instant is |seconds| s before the epoch, plus the nanos.
            SystemTime::UNIX_EPOCH
                .checked_sub(Duration::from_secs(self.seconds.unsigned_abs()))?
                .checked_add(Duration::from_nanos(u64::from(self.subsec_nanos)))
        }
    }

    /// `20150830T123600Z`: the `x-amz-date` format of SigV4 (UTC).
    pub(crate) fn fmt_amz_date(&self) -> String {
        let (days, secs_of_day) = self.split_days();
        let mut out = String::with_capacity(16);
        push_date(&mut out, days);
        out.push('T');
        for part in [
            secs_of_day / 3600,
            (secs_of_day % 3600) / 60,
            secs_of_day % 60,
        ] {
            push_digits(&mut out, part, 2);
        }
        out.push('Z');
        out
    }

    /// `20150830`: the date of a SigV4 credential scope (UTC).
    pub(crate) fn fmt_date_stamp(&self) -> String {
        let mut out = String::with_capacity(8);
        push_date(&mut out, self.split_days().0);
        out
    }

    /// Days since the epoch and seconds within the day.
    fn split_days(&self) -> (i64, i64) {
        (
            self.seconds.div_euclid(SECS_PER_DAY),
            self.seconds.rem_euclid(SECS_PER_DAY),
        )
    }
}

impl std::fmt::Display for DateTime {
    /// ISO 8601, as [`DateTime::to_iso8601`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_iso8601())
    }
}

impl std::str::FromStr for DateTime {
    type Err = DateTimeParseError;

    /// ISO 8601, as [`DateTime::from_iso8601`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_iso8601(s)
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeRangeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        value.to_system_time().ok_or(DateTimeRangeError { value })
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => Self::from_secs_and_nanos(
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                if d.subsec_nanos() == 0 {
                    Self::from_secs_and_nanos(-secs, 0)
                } else {
                    Self::from_secs_and_nanos(-secs - 1, NANOS_PER_SEC - d.subsec_nanos())
                }
            }
        }
    }
}

/// Writes `YYYYMMDD` of `days` since the epoch (years outside 0000-9999 as `format!` would).
/// Weekday names of HTTP dates, from Thursday (1970-01-01 was one): index `days % 7`.
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// Month names of HTTP dates.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Bytes: a payload sent as the whole request body or read from the whole response body
/// (Polly's audio, Lambda's `Payload`).
///
/// Cheap to clone (reference-counted). `Debug` shows the length, not the bytes. An input member
/// the model marks *streaming* is a `Blob` too, sent whole from memory; an output's is a
/// [`ByteStream`], read as it arrives.
///
/// ```
/// use sdk_runtime::primitives::Blob;
///
/// let blob = Blob::from("hello");
/// assert_eq!(blob.as_ref(), b"hello");
/// assert_eq!(format!("{blob:?}"), "Blob(5 bytes)");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Blob {
    bytes: bytes::Bytes,
}

impl Blob {
    /// The bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into().into(),
        }
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes, as a vector (copied only if shared).
    pub fn into_vec(self) -> Vec<u8> {
        self.bytes.into()
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for Blob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blob({} bytes)", self.bytes.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes)
    }
}

impl<const N: usize> From<&[u8; N]> for Blob {
    fn from(bytes: &[u8; N]) -> Self {
        Self::new(bytes.as_slice())
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<bytes::Bytes> for Blob {
    fn from(bytes: bytes::Bytes) -> Self {
        Self { bytes }
    }
}

impl From<Blob> for bytes::Bytes {
    fn from(blob: Blob) -> Self {
        blob.bytes
    }
}

fn push_date(out: &mut String, days: i64) {
    let (year, month, day) = civil_from_days(days);
    if (0..=9999).contains(&year) {
        push_digits(out, year, 4);
    } else {
        out.push_str(&format!("{year:04}"));
    }
    push_digits(out, i64::from(month), 2);
    push_digits(out, i64::from(day), 2);
}

/// Writes `value` (0 or more) zero-padded to `width` digits, without the formatting machinery
/// (signing formats a date on every request).
fn push_digits(out: &mut String, value: i64, width: u32) {
    let mut divisor = 10i64.pow(width - 1);
    while divisor > 0 {
        out.push(char::from(b'0' + (value / divisor % 10) as u8));
        divisor /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_as_botocore_writes_them() {
        // email.utils.formatdate(784111777, usegmt=True), botocore's header timestamp.
        let t = DateTime::from_secs(784_111_777);
        assert_eq!(t.to_http_date(), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            DateTime::from_secs(0).to_http_date(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        // The fraction is dropped; before 1970 the weekday still matches.
        assert_eq!(
            DateTime::from_secs_and_nanos(1_704_164_645, 999_000_000).to_http_date(),
            "Tue, 02 Jan 2024 03:04:05 GMT"
        );
        assert_eq!(
            DateTime::from_secs(-1).to_http_date(),
            "Wed, 31 Dec 1969 23:59:59 GMT"
        );
        assert_eq!(
            DateTime::from_secs(951_782_400).to_http_date(),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
    }

    #[test]
    fn http_dates_round_trip() {
        for secs in [
            0,
            -1,
            784_111_777,
            951_782_400,
            1_704_164_645,
            4_102_444_799,
        ] {
            let t = DateTime::from_secs(secs);
            assert_eq!(DateTime::from_http_date(&t.to_http_date()), Ok(t), "{secs}");
        }
    }

    #[test]
    fn bad_http_dates_are_errors() {
        for bad in [
            "",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nox 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT ",
            "1994-11-06T08:49:37Z",
        ] {
            assert!(DateTime::from_http_date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn blobs() {
        let blob = Blob::from(vec![0u8, 255, 10]);
        assert_eq!(blob.as_ref(), [0, 255, 10]);
        assert_eq!(blob.len(), 3);
        assert!(!blob.is_empty() && Blob::default().is_empty());
        assert_eq!(format!("{blob:?}"), "Blob(3 bytes)");
        assert_eq!(Blob::from("ab"), Blob::from(b"ab"));
        assert_eq!(Blob::from(String::from("ab")).into_vec(), b"ab");
        assert_eq!(
            bytes::Bytes::from(Blob::from(&b"xy"[..])),
            bytes::Bytes::from_static(b"xy")
        );
    }

    fn parse(s: &str) -> DateTime {
        DateTime::from_iso8601(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn civil_round_trip_over_many_years() {
        // Every day from 1600 to 2400 and back.
        let start = days_from_civil(1600, 1, 1);
        let end = days_from_civil(2400, 12, 31);
        let mut expected = (1600, 1, 1);
        for d in start..=end {
            let civil = civil_from_days(d);
            assert_eq!(civil, expected, "day {d}");
            assert_eq!(days_from_civil(civil.0, civil.1, civil.2), d);
            let (y, m, day) = expected;
            expected = if day < days_in_month(y, m) {
                (y, m, day + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn known_epochs() {
        assert_eq!(parse("1970-01-01T00:00:00Z").secs(), 0);
        assert_eq!(parse("2015-08-30T12:36:00Z").secs(), 1_440_938_160);
        assert_eq!(parse("2000-03-01T00:00:00Z").secs(), 951_868_800);
        assert_eq!(parse("1969-12-31T23:59:59Z").secs(), -1);
        assert_eq!(parse("1900-01-01T00:00:00Z").secs(), -2_208_988_800);
        assert_eq!(parse("0001-01-01T00:00:00Z").secs(), -62_135_596_800);
        assert_eq!(parse("9999-12-31T23:59:59Z").secs(), 253_402_300_799);
    }

    #[test]
    fn leap_years() {
        assert_eq!(
            parse("2024-02-29T00:00:00Z").to_iso8601(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            parse("2000-02-29T12:00:00Z").to_iso8601(),
            "2000-02-29T12:00:00Z"
        );
        for bad in [
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2023-04-31T00:00:00Z",
        ] {
            let err = DateTime::from_iso8601(bad).unwrap_err().to_string();
            assert!(err.contains("does not exist"), "{bad}: {err}");
        }
        // The day after Feb 28 / 29.
        assert_eq!(
            DateTime::from_secs(parse("2024-02-28T00:00:00Z").secs() + 86_400).to_iso8601(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            DateTime::from_secs(parse("2023-02-28T00:00:00Z").secs() + 86_400).to_iso8601(),
            "2023-03-01T00:00:00Z"
        );
    }

    #[test]
    fn fractions_and_offsets() {
        let t = parse("2023-06-01T12:00:00.1Z");
        assert_eq!(t.subsec_nanos(), 100_000_000);
        assert_eq!(t.to_iso8601(), "2023-06-01T12:00:00.100Z");
        assert_eq!(
            parse("2023-06-01T12:00:00.123456789Z").subsec_nanos(),
            123_456_789
        );
        assert_eq!(
            parse("2023-06-01T12:00:00.000250Z").to_iso8601(),
            "2023-06-01T12:00:00.000250Z"
        );
        assert_eq!(
            parse("2023-06-01T12:00:00.000000001Z").to_iso8601(),
            "2023-06-01T12:00:00.000000001Z"
        );
        assert_eq!(
            parse("2023-06-01T12:00:00.000Z").to_iso8601(),
            "2023-06-01T12:00:00Z"
        );
        assert_eq!(parse("2023-06-01t12:00:00z"), parse("2023-06-01T12:00:00Z"));
        assert_eq!(
            parse("2023-06-01T14:30:00+02:30"),
            parse("2023-06-01T12:00:00Z")
        );
        assert_eq!(
            parse("2023-06-01T00:00:00-05:00").to_iso8601(),
            "2023-06-01T05:00:00Z"
        );
        assert_eq!(
            parse("2023-01-01T00:30:00+01:00").to_iso8601(),
            "2022-12-31T23:30:00Z"
        );
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "garbage",
            "2023-06-01",
            "2023-06-01T12:00:00",
            "2023-06-01 12:00:00Z",
            "2023-6-01T12:00:00Z",
            "2023-13-01T12:00:00Z",
            "2023-06-00T12:00:00Z",
            "2023-06-01T24:00:00Z",
            "2023-06-01T12:60:00Z",
            "2023-06-01T12:00:60Z",
            "2023-06-01T12:00:00.Z",
            "2023-06-01T12:00:00.1234567890Z",
            "2023-06-01T12:00:00+0200",
            "2023-06-01T12:00:00+24:00",
            "2023-06-01T12:00:00Zjunk",
            "2023-06-01T12:00:00Z ",
            "１９７０-01-01T00:00:00Z",
            "+2023-06-01T12:00:00Z",
        ] {
            let err = DateTime::from_iso8601(bad).expect_err(bad);
            assert!(
                err.to_string().starts_with("invalid ISO 8601 timestamp"),
                "{err}"
            );
        }
        let long = "x".repeat(10_000);
        assert!(DateTime::from_iso8601(&long).unwrap_err().to_string().len() < 300);
    }

    #[test]
    fn negative_epochs() {
        let t = DateTime::from_secs_and_nanos(-1, 500_000_000);
        assert_eq!(t.to_iso8601(), "1969-12-31T23:59:59.500Z");
        assert_eq!(parse("1969-12-31T23:59:59.5Z"), t);
        let st = SystemTime::try_from(t).unwrap();
        assert_eq!(
            SystemTime::UNIX_EPOCH.duration_since(st).unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(DateTime::from(st), t);
        assert_eq!(
            DateTime::from_secs(-86_400).to_iso8601(),
            "1969-12-31T00:00:00Z"
        );
        assert_eq!(
            DateTime::from_secs(-86_401).to_iso8601(),
            "1969-12-30T23:59:59Z"
        );
    }

    #[test]
    fn round_trips() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2015-08-30T12:36:00Z",
            "2023-06-01T12:00:00.123Z",
            "2023-06-01T12:00:00.123456Z",
            "2023-06-01T12:00:00.123456789Z",
            "1600-02-29T23:59:59.999Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
        ] {
            let t = parse(s);
            assert_eq!(t.to_iso8601(), s);
            assert_eq!(t.to_string(), s);
            assert_eq!(s.parse::<DateTime>().unwrap(), t);
        }
        for secs in [-1_000_000_000_i64, -1, 0, 1, 1_700_000_000, 4_102_444_800] {
            let t = DateTime::from_secs_and_nanos(secs, 42_000);
            assert_eq!(parse(&t.to_iso8601()), t);
            assert_eq!(DateTime::from(SystemTime::try_from(t).unwrap()), t);
        }
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for secs in [i64::MIN, i64::MIN + 1, i64::MAX] {
            let t = DateTime::from_secs_and_nanos(secs, 999_999_999);
            let _ = t.to_iso8601();
            let _ = t.fmt_amz_date();
            let _ = t.to_system_time();
        }
        assert_eq!(
            DateTime::from_secs_and_nanos(i64::MAX, 2_000_000_000),
            DateTime::from_secs_and_nanos(i64::MAX, 999_999_999)
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 2_500_000_000),
            DateTime::from_secs_and_nanos(3, 500_000_000)
        );
    }

    #[test]
    fn epoch_seconds() {
        assert_eq!(
            DateTime::from_secs_f64(1.1),
            DateTime::from_secs_and_nanos(1, 100_000_000)
        );
        assert_eq!(
            DateTime::from_secs_f64(-0.5),
            DateTime::from_secs_and_nanos(-1, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_f64(1_700_000_000.999_999_9),
            DateTime::from_secs(1_700_000_001)
        );
        assert_eq!(DateTime::from_secs_f64(f64::NAN), DateTime::from_secs(0));
        assert_eq!(DateTime::from_secs_f64(1e30), DateTime::from_secs(i64::MAX));
        assert_eq!(
            DateTime::from_secs_and_nanos(2, 250_000_000).as_secs_f64(),
            2.25
        );
    }

    #[test]
    fn amz_formats() {
        let t = parse("2015-08-30T12:36:00.999Z");
        assert_eq!(t.fmt_amz_date(), "20150830T123600Z");
        assert_eq!(t.fmt_date_stamp(), "20150830");
    }
}
