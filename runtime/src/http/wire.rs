//! HTTP/1.1 on one connection: the request written in one buffer, the response head parsed
//! with `httparse`, the body framed by `Content-Length`, chunked transfer coding or the
//! connection's close (RFC 9112), and whether the connection can carry another request.

use super::connect::Stream;
use super::HttpResponse;
use crate::byte_stream::FileBody;
use bytes::{Bytes, BytesMut};
use std::io;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The largest response head (status line and headers) read.
const MAX_HEAD: usize = 64 * 1024;
/// The most header lines in a response head.
const MAX_HEADERS: usize = 128;
/// The longest chunk-size or trailer line.
const MAX_LINE: usize = 8 * 1024;
/// Bodies up to this size are sent in the same write as the head.
const INLINE_BODY: usize = 16 * 1024;
/// The largest piece of a streamed body.
const PIECE: usize = 64 * 1024;

/// What went wrong in one exchange.
#[derive(Debug)]
pub(crate) enum WireError {
    /// Writing the request failed (the connection may have been closed while idle).
    Write(io::Error),
    /// Reading failed, or the connection closed before the response was complete.
    Read {
        /// The I/O error (`UnexpectedEof` when the peer closed).
        error: io::Error,
        /// Whether any byte of the response had arrived.
        received: bool,
    },
    /// No data arrived within the read timeout.
    Timeout(Duration),
    /// The response is not valid HTTP/1.1.
    Malformed(String),
    /// The file the body is sent from could not be read whole.
    File(crate::primitives::ByteStreamError),
    /// The body is larger than the limit.
    TooLarge {
        /// The `Content-Length`, when it is what exceeds the limit.
        declared: Option<u64>,
    },
}

/// The limits of one exchange.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The longest wait for data (the response head, and each read of the body).
    pub(crate) read_timeout: Option<Duration>,
    /// The largest body read.
    pub(crate) max_body: usize,
}

/// A connection with its buffers, which live as long as it does.
pub(crate) struct Connection {
    stream: Stream,
    /// Bytes received and not yet consumed: `input[consumed..]`.
    input: Vec<u8>,
    consumed: usize,
    /// The request being written.
    output: Vec<u8>,
}

/// A response head, its body not yet read.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    framing: Framing,
    /// Whether the connection can carry another request once the body has been read.
    keep: bool,
}

impl Head {
    /// Where reading the body of this response starts.
    pub(crate) fn body(&self) -> BodyProgress {
        BodyProgress {
            state: match self.framing {
                Framing::Empty => BodyState::Done,
                Framing::Length(length) => BodyState::Length(length),
                Framing::Chunked => BodyState::Chunk {
                    left: 0,
                    first: true,
                },
                Framing::UntilClose => BodyState::UntilClose,
            },
            keep: self.keep,
        }
    }
}

/// How far a streamed body has been read.
#[derive(Debug)]
pub(crate) struct BodyProgress {
    state: BodyState,
    keep: bool,
}

impl BodyProgress {
    /// Whether the whole body has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.state == BodyState::Done
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyState {
    /// This many bytes left.
    Length(u64),
    /// This many bytes left in the current chunk; at 0, the next size line (after the CR LF
    /// ending the chunk, unless this is the first).
    Chunk { left: u64, first: bool },
    /// Everything until the connection closes.
    UntilClose,
    /// Read to its end.
    Done,
}

/// How the response body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Empty,
    Length(u64),
    Chunked,
    UntilClose,
}

impl Connection {
    /// A connection over `stream`.
    pub(crate) fn new(stream: Stream) -> Self {
        Self {
            stream,
            input: Vec::with_capacity(8 * 1024),
            consumed: 0,
            output: Vec::with_capacity(1024),
        }
    }

    /// See [`Stream::is_idle_and_open`].
    pub(crate) fn is_idle_and_open(&self) -> bool {
        self.consumed == self.input.len() && self.stream.is_idle_and_open()
    }

    /// Writes the request head for `method` and `target` (origin form: path and query), the
    /// `headers`, then `body`. Adds `host: authority` unless `headers` has a host, and
    /// `content-length` for a non-empty body unless `headers` has one. The headers must have
    /// passed [`check_headers`].
    pub(crate) fn encode_request(
        &mut self,
        method: &str,
        authority: &str,
        target: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) {
        let out = &mut self.output;
        out.clear();
        out.extend_from_slice(method.as_bytes());
        out.push(b' ');
        if !target.starts_with('/') {
            out.push(b'/');
        }
        out.extend_from_slice(target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        let (mut host, mut length) = (false, false);
        for (name, value) in headers {
            host |= name.eq_ignore_ascii_case("host");
            length |= name.eq_ignore_ascii_case("content-length");
            push_header(out, name, value);
        }
        if !host {
            push_header(out, "host", authority);
        }
        if !length && !body.is_empty() {
            push_header(
                out,
                "content-length",
                itoa::Buffer::new().format(body.len()),
            );
        }
        out.extend_from_slice(b"\r\n");
        if body.len() <= INLINE_BODY {
            out.extend_from_slice(body);
        }
    }

    /// Reads the whole body of the response whose `head` was read, within the body limit.
    /// Returns the response and whether the connection can carry another request.
    pub(crate) async fn read_response(
        &mut self,
        head: Head,
        limits: Limits,
    ) -> Result<(HttpResponse, bool), WireError> {
        let body = match head.framing {
            Framing::Empty => Vec::new(),
            Framing::Length(length) => self.read_length(length, limits).await?,
            Framing::Chunked => self.read_chunked(limits).await?,
            Framing::UntilClose => self.read_until_close(limits).await?,
        };
        let reusable = head.keep && self.consumed == self.input.len();
        Ok((
            HttpResponse {
                status: head.status,
                headers: head.headers,
                body,
            },
            reusable,
        ))
    }

    /// Sends the request [`encode_request`](Self::encode_request) encoded (`body` again: it is
    /// written apart when it is large) and reads the response head; the body is left to read.
    /// With `file`, the body is sent from that file after the head (`body` is then empty and
    /// the headers carry its `content-length`).
    pub(crate) async fn send_and_read_head(
        &mut self,
        head_request: bool,
        body: &[u8],
        file: Option<&FileBody>,
        limits: Limits,
    ) -> Result<Head, WireError> {
        self.stream
            .write_all(&self.output)
            .await
            .map_err(WireError::Write)?;
        if body.len() > INLINE_BODY {
            self.stream
                .write_all(body)
                .await
                .map_err(WireError::Write)?;
        }
        if let Some(file) = file {
            // Piece by piece through one buffer (not kept with the connection).
            let mut reader = file.open().await.map_err(WireError::File)?;
            let mut piece = Vec::new();
            while reader.read(&mut piece).await.map_err(WireError::File)? > 0 {
                self.stream
                    .write_all(&piece)
                    .await
                    .map_err(WireError::Write)?;
            }
        }
        self.stream.flush().await.map_err(WireError::Write)?;

        let (status, version, headers) = self.read_head(limits).await?;
        let framing = framing(head_request, status, &headers)?;
        let keep = framing != Framing::UntilClose
            && keep_alive(version, &headers)
            && !(framing == Framing::Chunked && header(&headers, "content-length").is_some());
        Ok(Head {
            status,
            headers,
            framing,
            keep,
        })
    }

    /// The next piece of a body being streamed, `None` after its last; at most [`PIECE`] bytes
    /// each. The read timeout bounds each read; no size limit applies.
    pub(crate) async fn read_piece(
        &mut self,
        body: &mut BodyProgress,
        limits: Limits,
    ) -> Result<Option<Bytes>, WireError> {
        loop {
            match body.state {
                BodyState::Done => return Ok(None),
                BodyState::Length(0) => {
                    body.state = BodyState::Done;
                    return Ok(None);
                }
                BodyState::Length(left) => {
                    let piece = self.read_some(left, limits).await?;
                    body.state = BodyState::Length(left - piece.len() as u64);
                    return Ok(Some(piece));
                }
                BodyState::Chunk { left: 0, first } => {
                    if !first && !self.read_line(limits).await?.is_empty() {
                        return Err(WireError::Malformed(
                            "a chunk is not followed by CR LF".into(),
                        ));
                    }
                    let line = self.read_line(limits).await?;
                    let size = chunk_size(&self.input[line])?;
                    if size == 0 {
                        // Trailer fields, then an empty line.
                        while !self.read_line(limits).await?.is_empty() {}
                        body.state = BodyState::Done;
                        return Ok(None);
                    }
                    body.state = BodyState::Chunk {
                        left: size,
                        first: false,
                    };
                }
                BodyState::Chunk { left, .. } => {
                    let piece = self.read_some(left, limits).await?;
                    body.state = BodyState::Chunk {
                        left: left - piece.len() as u64,
                        first: false,
                    };
                    return Ok(Some(piece));
                }
                BodyState::UntilClose => {
                    if self.consumed == self.input.len() && self.fill(limits).await? == 0 {
                        body.state = BodyState::Done;
                        return Ok(None);
                    }
                    let take = (self.input.len() - self.consumed).min(PIECE);
                    let piece = Bytes::copy_from_slice(&self.input[self.consumed..][..take]);
                    self.consumed += take;
                    return Ok(Some(piece));
                }
            }
        }
    }

    /// Whether the connection can carry another request, once `body` has been read to its end.
    pub(crate) fn reusable_after(&self, body: &BodyProgress) -> bool {
        body.keep && body.state == BodyState::Done && self.consumed == self.input.len()
    }

    /// Between 1 and `left.min(PIECE)` body bytes: buffered ones first, else read straight
    /// into a new piece.
    async fn read_some(&mut self, left: u64, limits: Limits) -> Result<Bytes, WireError> {
        let want = left.min(PIECE as u64) as usize;
        let buffered = self.input.len() - self.consumed;
        if buffered > 0 {
            let take = want.min(buffered);
            let piece = Bytes::copy_from_slice(&self.input[self.consumed..][..take]);
            self.consumed += take;
            return Ok(piece);
        }
        let mut piece = BytesMut::with_capacity(want);
        let read = self.stream.read_buf(&mut piece);
        let result = within(limits.read_timeout, read).await?;
        match result {
            Ok(0) => Err(WireError::Read {
                error: io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the connection closed before the response body was complete",
                ),
                received: true,
            }),
            Ok(_) => Ok(piece.freeze()),
            Err(error) => Err(WireError::Read {
                error,
                received: true,
            }),
        }
    }

    /// Reads one more piece of input into `input`; `Ok(0)` at the end of the stream.
    async fn fill(&mut self, limits: Limits) -> Result<usize, WireError> {
        if self.consumed == self.input.len() {
            self.input.clear();
            self.consumed = 0;
        } else if self.consumed > 0 && self.input.capacity() - self.input.len() < 1024 {
            self.input.drain(..self.consumed);
            self.consumed = 0;
        }
        if self.input.capacity() - self.input.len() < 1024 {
            self.input.reserve(8 * 1024);
        }
        let received = !self.input.is_empty();
        let read = self.stream.read_buf(&mut self.input);
        let result = within(limits.read_timeout, read).await?;
        result.map_err(|error| WireError::Read { error, received })
    }

    /// Like [`fill`](Self::fill), failing at the end of the stream.
    async fn fill_more(&mut self, limits: Limits, received: bool) -> Result<(), WireError> {
        match self.fill(limits).await? {
            0 => Err(WireError::Read {
                error: io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    if received {
                        "the connection closed before the response was complete"
                    } else {
                        "the connection closed before a response arrived"
                    },
                ),
                received,
            }),
            _ => Ok(()),
        }
    }

    /// Reads the response head, skipping interim (1xx) responses other than 101.
    async fn read_head(
        &mut self,
        limits: Limits,
    ) -> Result<(u16, u8, Vec<(String, String)>), WireError> {
        let mut received = false;
        loop {
            if self.consumed < self.input.len() {
                received = true;
                let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut response = httparse::Response::new(&mut slots);
                match response.parse(&self.input[self.consumed..]) {
                    Ok(httparse::Status::Complete(length)) => {
                        let status = response.code.unwrap_or_default();
                        let version = response.version.unwrap_or_default();
                        let headers = response
                            .headers
                            .iter()
                            .map(|h| {
                                let mut name = h.name.to_owned();
                                name.make_ascii_lowercase();
                                (name, String::from_utf8_lossy(h.value).into_owned())
                            })
                            .collect();
                        self.consumed += length;
                        if (100..200).contains(&status) && status != 101 {
                            continue;
                        }
                        return Ok((status, version, headers));
                    }
                    Ok(httparse::Status::Partial) => {
                        if self.input.len() - self.consumed > MAX_HEAD {
                            return Err(WireError::Malformed(format!(
                                "the response head is larger than {MAX_HEAD} bytes"
                            )));
                        }
                    }
                    Err(e) => {
                        return Err(WireError::Malformed(format!(
                            "the response head is not valid HTTP/1.1: {e}"
                        )))
                    }
                }
            }
            self.fill_more(limits, received).await?;
        }
    }

    /// Moves up to `n` buffered bytes into `body`; returns how many.
    fn take_buffered(&mut self, body: &mut Vec<u8>, n: usize) -> usize {
        let take = n.min(self.input.len() - self.consumed);
        body.extend_from_slice(&self.input[self.consumed..self.consumed + take]);
        self.consumed += take;
        take
    }

    /// Appends exactly `n` body bytes to `body`: first what is buffered, then read straight
    /// into `body`.
    async fn read_exact_into(
        &mut self,
        body: &mut Vec<u8>,
        n: usize,
        limits: Limits,
    ) -> Result<(), WireError> {
        let start = body.len();
        let taken = self.take_buffered(body, n);
        let (mut filled, end) = (start + taken, start + n);
        body.resize(end, 0);
        while filled < end {
            let read = self.stream.read(&mut body[filled..end]);
            let result = within(limits.read_timeout, read).await?;
            match result {
                Ok(0) => {
                    return Err(WireError::Read {
                        error: io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the connection closed before the response body was complete",
                        ),
                        received: true,
                    })
                }
                Ok(read) => filled += read,
                Err(error) => {
                    return Err(WireError::Read {
                        error,
                        received: true,
                    })
                }
            }
        }
        Ok(())
    }

    async fn read_length(&mut self, length: u64, limits: Limits) -> Result<Vec<u8>, WireError> {
        if length > limits.max_body as u64 {
            return Err(WireError::TooLarge {
                declared: Some(length),
            });
        }
        let length = length as usize;
        let mut body = Vec::with_capacity(length);
        self.read_exact_into(&mut body, length, limits).await?;
        Ok(body)
    }

    /// Reads one line (without its CR LF) and returns its range in `input`.
    async fn read_line(&mut self, limits: Limits) -> Result<std::ops::Range<usize>, WireError> {
        loop {
            let pending = &self.input[self.consumed..];
            if let Some(i) = memchr::memchr(b'\n', pending) {
                let start = self.consumed;
                let mut end = start + i;
                if end > start && self.input[end - 1] == b'\r' {
                    end -= 1;
                }
                self.consumed = start + i + 1;
                return Ok(start..end);
            }
            if pending.len() > MAX_LINE {
                return Err(WireError::Malformed(format!(
                    "a line of the chunked body is longer than {MAX_LINE} bytes"
                )));
            }
            self.fill_more(limits, true).await?;
        }
    }

    async fn read_chunked(&mut self, limits: Limits) -> Result<Vec<u8>, WireError> {
        let mut body = Vec::new();
        loop {
            let line = self.read_line(limits).await?;
            let size = chunk_size(&self.input[line])?;
            if size == 0 {
                // Trailer fields, then an empty line.
                while !self.read_line(limits).await?.is_empty() {}
                return Ok(body);
            }
            if body.len() as u64 + size > limits.max_body as u64 {
                return Err(WireError::TooLarge { declared: None });
            }
            self.read_exact_into(&mut body, size as usize, limits)
                .await?;
            if !self.read_line(limits).await?.is_empty() {
                return Err(WireError::Malformed(
                    "a chunk is not followed by CR LF".into(),
                ));
            }
        }
    }

    async fn read_until_close(&mut self, limits: Limits) -> Result<Vec<u8>, WireError> {
        let mut body = Vec::new();
        loop {
            self.take_buffered(&mut body, usize::MAX);
            if body.len() > limits.max_body {
                return Err(WireError::TooLarge { declared: None });
            }
            if self.fill(limits).await? == 0 {
                return Ok(body);
            }
        }
    }
}

/// `read`, failing with [`WireError::Timeout`] if it takes longer than `limit`.
async fn within<T>(
    limit: Option<Duration>,
    read: impl std::future::Future<Output = T>,
) -> Result<T, WireError> {
    match limit {
        None => Ok(read.await),
        Some(limit) => tokio::time::timeout(limit, read)
            .await
            .map_err(|_| WireError::Timeout(limit)),
    }
}

/// Refuses header names that are not tokens and values with a line break or NUL, which would
/// change the request's framing (header injection).
pub(crate) fn check_headers(headers: &[(String, String)]) -> Result<(), String> {
    for (name, value) in headers {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(format!("invalid header name {name:?}"));
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(format!(
                "the value of header {name:?} contains a line break or NUL"
            ));
        }
    }
    Ok(())
}

fn push_header(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The first value of `name` (case-insensitive).
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether `headers` list `token` in any `name` field (comma-separated, case-insensitive).
fn has_token(headers: &[(String, String)], name: &str, token: &str) -> bool {
    headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

/// HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when told to keep it.
fn keep_alive(version: u8, headers: &[(String, String)]) -> bool {
    if has_token(headers, "connection", "close") {
        return false;
    }
    version >= 1 || has_token(headers, "connection", "keep-alive")
}

/// RFC 9112 section 6.3: how the body of a response to `head_request` (or not) is delimited.
fn framing(
    head_request: bool,
    status: u16,
    headers: &[(String, String)],
) -> Result<Framing, WireError> {
    if head_request || (100..200).contains(&status) || status == 204 || status == 304 {
        return Ok(Framing::Empty);
    }
    let codings: Vec<&str> = headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("transfer-encoding"))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if let Some(last) = codings.last() {
        return Ok(if last.eq_ignore_ascii_case("chunked") {
            Framing::Chunked
        } else {
            Framing::UntilClose
        });
    }
    let mut length = None;
    for value in headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .flat_map(|(_, v)| v.split(','))
    {
        let value = value.trim();
        let parsed = (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()))
            .then(|| value.parse::<u64>().ok())
            .flatten()
            .ok_or_else(|| WireError::Malformed(format!("invalid Content-Length {value:?}")))?;
        if length.is_some_and(|l| l != parsed) {
            return Err(WireError::Malformed(
                "conflicting Content-Length values".into(),
            ));
        }
        length = Some(parsed);
    }
    Ok(length.map_or(Framing::UntilClose, Framing::Length))
}

/// The size of a chunk from its size line (`1a;ext=1`).
fn chunk_size(line: &[u8]) -> Result<u64, WireError> {
    let digits = line.split(|&b| b == b';').next().unwrap_or_default();
    let digits = digits.trim_ascii();
    let invalid = || {
        WireError::Malformed(format!(
            "invalid chunk size line {:?}",
            String::from_utf8_lossy(&line[..line.len().min(64)])
        ))
    };
    if digits.is_empty() || digits.len() > 15 {
        return Err(invalid());
    }
    let mut size = 0u64;
    for &b in digits {
        let digit = (b as char).to_digit(16).ok_or_else(invalid)?;
        size = size * 16 + u64::from(digit);
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn framing_follows_rfc_9112() {
        let f = |head, status, headers: &[(&str, &str)]| framing(head, status, &h(headers));
        assert_eq!(
            f(false, 200, &[("Content-Length", "12")]).unwrap(),
            Framing::Length(12)
        );
        assert_eq!(
            f(true, 200, &[("Content-Length", "12")]).unwrap(),
            Framing::Empty
        );
        assert_eq!(f(false, 204, &[]).unwrap(), Framing::Empty);
        assert_eq!(f(false, 304, &[]).unwrap(), Framing::Empty);
        assert_eq!(f(false, 200, &[]).unwrap(), Framing::UntilClose);
        assert_eq!(
            f(false, 200, &[("transfer-encoding", "gzip, Chunked")]).unwrap(),
            Framing::Chunked
        );
        // Transfer-Encoding wins over Content-Length.
        assert_eq!(
            f(
                false,
                200,
                &[("content-length", "3"), ("transfer-encoding", "chunked")]
            )
            .unwrap(),
            Framing::Chunked
        );
        assert_eq!(
            f(false, 200, &[("transfer-encoding", "gzip")]).unwrap(),
            Framing::UntilClose
        );
        assert_eq!(
            f(false, 200, &[("content-length", "5, 5")]).unwrap(),
            Framing::Length(5)
        );
        for bad in ["5, 6", "-1", "", "0x10", "99999999999999999999999"] {
            assert!(
                matches!(
                    f(false, 200, &[("content-length", bad)]),
                    Err(WireError::Malformed(_))
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn keep_alive_by_version_and_connection_header() {
        assert!(keep_alive(1, &[]));
        assert!(!keep_alive(1, &h(&[("Connection", "Close")])));
        assert!(!keep_alive(0, &[]));
        assert!(keep_alive(0, &h(&[("connection", "keep-alive")])));
        assert!(!keep_alive(1, &h(&[("connection", "upgrade, close")])));
    }

    #[test]
    fn chunk_sizes() {
        assert_eq!(chunk_size(b"1a").unwrap(), 26);
        assert_eq!(chunk_size(b"0").unwrap(), 0);
        assert_eq!(chunk_size(b"FF ; name=value").unwrap(), 255);
        for bad in [&b""[..], b"g", b"-1", b"1234567890abcdef0"] {
            assert!(chunk_size(bad).is_err(), "{bad:?}");
        }
    }
}
