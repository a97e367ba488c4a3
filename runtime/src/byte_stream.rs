//! [`ByteStream`]: a body read piece by piece as it arrives, for the payloads a service model
//! marks `streaming` (Polly's audio, Kinesis Video's media, MediaStore's objects).

use crate::error::BoxError;
use bytes::{Buf, Bytes, BytesMut};
use futures_core::Stream;
use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

/// A body read piece by piece: `next().await` gives each piece as it arrives, `collect().await`
/// the whole of it, `into_async_read()` a [`tokio::io::AsyncRead`] (for `tokio::io::copy` into a
/// file). It also is a [`Stream`] of `Result<Bytes, ByteStreamError>`.
///
/// A response's stream holds its connection until it has been read to the end (the connection
/// then goes back to the pool) or dropped (the connection is then closed). Each read waits at
/// most the read timeout (`TimeoutConfig::read_timeout`); the attempt and operation timeouts and
/// `max_response_body_size` end when the stream is handed over, and no retry happens after that.
///
/// `Debug` shows no byte of the body.
pub struct ByteStream {
    inner: Inner,
}

/// A source of pieces, its errors already [`ByteStreamError`]s.
type Source = Pin<Box<dyn Stream<Item = Result<Bytes, ByteStreamError>> + Send>>;

enum Inner {
    /// Bytes already in memory (taken at the first read).
    Once(Option<Bytes>),
    /// A file, opened at the first read.
    File(FileBody),
    /// A source read piece by piece. The mutex is never locked (only `get_mut` is used): it
    /// makes the stream `Sync`, so that outputs holding one can be shared by reference.
    Source(Mutex<Source>),
    /// A source that failed or ended.
    Done,
}

impl ByteStream {
    /// A stream of the bytes in memory.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            inner: Inner::Once(Some(bytes.into())),
        }
    }

    /// A stream of the file at `path`, read as it is sent: a request body sent from a file is
    /// never held in memory whole. Its length is taken now; the file is opened when the stream
    /// is read (again for each attempt of a request), and must keep that length.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref().to_owned();
        let metadata = tokio::fs::metadata(&path).await?;
        if !metadata.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", path.display()),
            ));
        }
        Ok(Self {
            inner: Inner::File(FileBody {
                path,
                length: metadata.len(),
            }),
        })
    }

    /// The number of bytes left, when it is known: for bytes in memory and files, not for
    /// other streams.
    pub fn content_length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Once(bytes) => Some(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Inner::File(file) => Some(file.length),
            Inner::Done => Some(0),
            Inner::Source(_) => None,
        }
    }

    /// What a request sends: bytes, a file (sent from the disk, again for each attempt) or a
    /// stream of another kind.
    pub(crate) fn into_upload(self) -> Upload {
        match self.inner {
            Inner::Once(bytes) => Upload::Bytes(bytes.unwrap_or_default()),
            Inner::Done => Upload::Bytes(Bytes::new()),
            Inner::File(file) => Upload::File(file),
            Inner::Source(_) => Upload::Stream(self),
        }
    }

    /// A stream of the pieces of `stream`. Its errors end the stream (nothing is read after
    /// one). For [`HttpClient`](crate::http::HttpClient)s that read bodies as they arrive.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        use futures_util::TryStreamExt;
        Self {
            inner: Inner::Source(Mutex::new(Box::pin(stream.map_err(ByteStreamError::new)))),
        }
    }

    /// The next piece of the body, `None` at its end. An error ends the stream.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| self.poll_piece(cx)).await
    }

    /// Reads the rest of the body into memory.
    pub async fn collect(mut self) -> Result<Bytes, ByteStreamError> {
        if let Inner::Once(bytes) = &mut self.inner {
            return Ok(bytes.take().unwrap_or_default());
        }
        let mut first: Option<Bytes> = None;
        let mut all = BytesMut::new();
        while let Some(piece) = self.next().await {
            let piece = piece?;
            match &first {
                // One piece is returned without a copy.
                None if all.is_empty() => first = Some(piece),
                _ => {
                    if let Some(first) = first.take() {
                        all.extend_from_slice(&first);
                    }
                    all.extend_from_slice(&piece);
                }
            }
        }
        Ok(match first {
            Some(first) => first,
            None => all.freeze(),
        })
    }

    /// The rest of the body as a [`tokio::io::AsyncRead`].
    pub fn into_async_read(self) -> impl tokio::io::AsyncRead + Send + Sync + Unpin {
        Reader {
            stream: self,
            pending: Bytes::new(),
        }
    }

    fn poll_piece(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, ByteStreamError>>> {
        loop {
            let polled = match &mut self.inner {
                Inner::Once(bytes) => {
                    return Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(Ok))
                }
                Inner::Done => return Poll::Ready(None),
                Inner::File(file) => {
                    self.inner = Inner::Source(Mutex::new(Box::pin(file_pieces(file.clone()))));
                    continue;
                }
                Inner::Source(source) => {
                    let source = source.get_mut().unwrap_or_else(|e| e.into_inner());
                    match source.as_mut().poll_next(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(polled) => polled,
                    }
                }
            };
            match polled {
                // No empty pieces: ask again.
                Some(Ok(piece)) if piece.is_empty() => continue,
                Some(Ok(piece)) => return Poll::Ready(Some(Ok(piece))),
                Some(Err(e)) => {
                    self.inner = Inner::Done;
                    return Poll::Ready(Some(Err(e)));
                }
                None => {
                    self.inner = Inner::Done;
                    return Poll::Ready(None);
                }
            }
        }
    }
}

impl Default for ByteStream {
    /// An empty stream.
    fn default() -> Self {
        Self::new(Bytes::new())
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::new(Bytes::from_static(text.as_bytes()))
    }
}

impl From<crate::primitives::Blob> for ByteStream {
    fn from(blob: crate::primitives::Blob) -> Self {
        Self::new(blob.into_vec())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Once(Some(bytes)) => write!(f, "ByteStream({} bytes in memory)", bytes.len()),
            Inner::Once(None) | Inner::Done => f.write_str("ByteStream(read to its end)"),
            Inner::File(file) => write!(
                f,
                "ByteStream({} bytes from {})",
                file.length,
                file.path.display()
            ),
            Inner::Source(_) => f.write_str("ByteStream(streaming)"),
        }
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_piece(cx)
    }
}

/// A file a request body is sent from: its path and the length it had when the stream was made.
#[derive(Debug, Clone)]
pub(crate) struct FileBody {
    pub(crate) path: PathBuf,
    pub(crate) length: u64,
}

/// The largest piece read from a file.
const FILE_PIECE: usize = 64 * 1024;

impl FileBody {
    /// The file's bytes, read into memory (for a custom HTTP client).
    pub(crate) async fn read_all(&self) -> Result<Bytes, ByteStreamError> {
        let mut reader = self.open().await?;
        let mut all = Vec::with_capacity(usize::try_from(self.length).unwrap_or(0));
        let mut piece = Vec::with_capacity(FILE_PIECE);
        while reader.read(&mut piece).await? > 0 {
            all.extend_from_slice(&piece);
        }
        Ok(all.into())
    }

    /// The hex SHA-256 of the file's bytes (for the signature), read piece by piece.
    pub(crate) async fn sha256_hex(&self) -> Result<String, ByteStreamError> {
        let mut reader = self.open().await?;
        let mut buf = Vec::with_capacity(FILE_PIECE);
        let mut context = ring::digest::Context::new(&ring::digest::SHA256);
        while reader.read(&mut buf).await? > 0 {
            context.update(&buf);
        }
        let mut hex = String::with_capacity(64);
        crate::sigv4::hex_into(&mut hex, context.finish().as_ref());
        Ok(hex)
    }

    /// Opens the file for reading.
    pub(crate) async fn open(&self) -> Result<FileReader, ByteStreamError> {
        match tokio::fs::File::open(&self.path).await {
            Ok(handle) => Ok(FileReader {
                handle,
                file: self.clone(),
                read: 0,
            }),
            Err(e) => Err(self.error(e.to_string())),
        }
    }

    fn error(&self, what: String) -> ByteStreamError {
        ByteStreamError::new(format!("reading {}: {what}", self.path.display()))
    }
}

/// A file being read, checked against its recorded length.
pub(crate) struct FileReader {
    handle: tokio::fs::File,
    file: FileBody,
    read: u64,
}

impl FileReader {
    /// Reads the next bytes into `buf` (at most [`FILE_PIECE`]); `Ok(0)` at the end. Fails if
    /// the file ends before its recorded length or goes on past it.
    pub(crate) async fn read(&mut self, buf: &mut Vec<u8>) -> Result<usize, ByteStreamError> {
        use tokio::io::AsyncReadExt;
        // At the recorded length (`want` 0), this read must find the file's end.
        let want = (self.file.length - self.read).min(FILE_PIECE as u64) as usize;
        buf.clear();
        buf.reserve(want.max(1));
        let read = (&mut self.handle)
            .take(want.max(1) as u64)
            .read_buf(buf)
            .await;
        match read {
            Err(e) => Err(self.file.error(e.to_string())),
            Ok(0) if self.read == self.file.length => Ok(0),
            Ok(0) => Err(self.file.error(format!(
                "the file ended after {} of its {} bytes",
                self.read, self.file.length
            ))),
            Ok(n) if self.read + n as u64 > self.file.length => Err(self
                .file
                .error(format!("the file grew past its {} bytes", self.file.length))),
            Ok(n) => {
                self.read += n as u64;
                Ok(n)
            }
        }
    }
}

/// The pieces of `file` as a stream (a new buffer each), failing as [`FileReader::read`] does.
pub(crate) fn file_pieces(
    file: FileBody,
) -> impl Stream<Item = Result<Bytes, ByteStreamError>> + Send + 'static {
    futures_util::stream::unfold(Some((None, file)), |state| async move {
        let (reader, file) = state?;
        let mut reader = match reader {
            Some(reader) => reader,
            None => match file.open().await {
                Ok(reader) => reader,
                Err(e) => return Some((Err(e), None)),
            },
        };
        let mut piece = Vec::new();
        match reader.read(&mut piece).await {
            Ok(0) => None,
            Ok(_) => Some((Ok(Bytes::from(piece)), Some((Some(reader), file)))),
            Err(e) => Some((Err(e), None)),
        }
    })
}

/// What a request sends (see [`ByteStream::into_upload`]).
pub(crate) enum Upload {
    Bytes(Bytes),
    File(FileBody),
    Stream(ByteStream),
}

/// [`ByteStream::into_async_read`].
struct Reader {
    stream: ByteStream,
    pending: Bytes,
}

impl tokio::io::AsyncRead for Reader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        while this.pending.is_empty() {
            match this.stream.poll_piece(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Ready(Some(Ok(piece))) => this.pending = piece,
                Poll::Ready(Some(Err(e))) => {
                    return Poll::Ready(Err(std::io::Error::other(e)));
                }
            }
        }
        let n = this.pending.len().min(buf.remaining());
        buf.put_slice(&this.pending[..n]);
        this.pending.advance(n);
        Poll::Ready(Ok(()))
    }
}

/// Reading a [`ByteStream`] failed: the connection failed or closed early, a read took longer
/// than the read timeout, or the body is not valid HTTP/1.1 framing.
#[derive(Debug)]
pub struct ByteStreamError {
    source: BoxError,
}

impl ByteStreamError {
    /// An error reading a stream, caused by `source`.
    pub fn new(source: impl Into<BoxError>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "reading the streamed body failed: {}", self.source)
    }
}

impl std::error::Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    fn pieces(items: Vec<Result<&'static [u8], &'static str>>) -> ByteStream {
        let iter = items.into_iter().map(|r| r.map(Bytes::from_static));
        ByteStream::from_stream(futures_util::stream::iter(iter))
    }

    fn assert_send_sync<T: Send + Sync>() {}

    #[tokio::test]
    async fn in_memory_streams() {
        assert_send_sync::<ByteStream>();
        let mut stream = ByteStream::from("hello");
        assert_eq!(format!("{stream:?}"), "ByteStream(5 bytes in memory)");
        assert_eq!(stream.next().await.unwrap().unwrap(), "hello");
        assert!(stream.next().await.is_none());
        assert!(ByteStream::default().next().await.is_none());
        assert_eq!(
            ByteStream::from(vec![1, 2]).collect().await.unwrap(),
            vec![1, 2]
        );
    }

    #[tokio::test]
    async fn sources_are_read_piece_by_piece_skipping_empty_pieces() {
        let mut stream = pieces(vec![Ok(b"ab"), Ok(b""), Ok(b"cd")]);
        assert_eq!(format!("{stream:?}"), "ByteStream(streaming)");
        assert_eq!(stream.next().await.unwrap().unwrap(), "ab");
        assert_eq!(stream.next().await.unwrap().unwrap(), "cd");
        assert!(stream.next().await.is_none());
        assert!(stream.next().await.is_none());
        let all = pieces(vec![Ok(b"ab"), Ok(b"cd"), Ok(b"e")])
            .collect()
            .await
            .unwrap();
        assert_eq!(all, "abcde");
        let one = pieces(vec![Ok(b"only")]).collect().await.unwrap();
        assert_eq!(one, "only");
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let mut stream = pieces(vec![Ok(b"ab"), Err("connection reset"), Ok(b"never")]);
        assert_eq!(stream.next().await.unwrap().unwrap(), "ab");
        let error = stream.next().await.unwrap().unwrap_err();
        assert_eq!(
            error.to_string(),
            "reading the streamed body failed: connection reset"
        );
        assert!(stream.next().await.is_none());
        let error = pieces(vec![Ok(b"ab"), Err("closed early")])
            .collect()
            .await
            .unwrap_err();
        assert!(error.to_string().contains("closed early"), "{error}");
    }

    #[tokio::test]
    async fn async_read_copies_every_byte_in_small_reads() {
        let mut reader = pieces(vec![Ok(b"hello "), Ok(b"world")]).into_async_read();
        let mut small = [0u8; 4];
        let n = reader.read(&mut small).await.unwrap();
        assert_eq!(&small[..n], b"hell");
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).await.unwrap();
        assert_eq!(rest, b"o world");

        let mut failing = pieces(vec![Ok(b"a"), Err("reset")]).into_async_read();
        let mut all = Vec::new();
        let error = failing.read_to_end(&mut all).await.unwrap_err();
        assert!(error.to_string().contains("reset"), "{error}");
    }
    #[tokio::test]
    async fn files_are_read_piece_by_piece_and_must_keep_their_length() {
        let path = std::env::temp_dir().join(format!("byte-stream-{}", std::process::id()));
        let bytes: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let mut stream = ByteStream::from_path(&path).await.unwrap();
        assert_eq!(stream.content_length(), Some(200_000));
        assert!(format!("{stream:?}").starts_with("ByteStream(200000 bytes from "));
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(first.len(), FILE_PIECE);
        let rest = stream.collect().await.unwrap();
        assert_eq!([&first[..], &rest[..]].concat(), bytes);
        let file = FileBody {
            path: path.clone(),
            length: 200_000,
        };
        let mut expected = String::new();
        crate::sigv4::hex_into(
            &mut expected,
            ring::digest::digest(&ring::digest::SHA256, &bytes).as_ref(),
        );
        assert_eq!(file.sha256_hex().await.unwrap(), expected);

        std::fs::write(&path, &bytes[..1000]).unwrap();
        let err = file.read_all().await.unwrap_err();
        assert!(
            err.to_string()
                .contains("the file ended after 1000 of its 200000 bytes"),
            "{err}"
        );
        std::fs::write(&path, [&bytes[..], b"more"].concat()).unwrap();
        let err = file.read_all().await.unwrap_err();
        assert!(
            err.to_string()
                .contains("the file grew past its 200000 bytes"),
            "{err}"
        );
        std::fs::remove_file(&path).unwrap();

        let err = ByteStream::from_path(std::env::temp_dir())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("is not a regular file"), "{err}");
    }
}
