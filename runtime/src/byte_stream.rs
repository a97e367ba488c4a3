//! [`ByteStream`]: a body read piece by piece as it arrives, for the payloads a service model
//! marks `streaming` (Polly's audio, Kinesis Video's media, MediaStore's objects).

use crate::error::BoxError;
use bytes::{Buf, Bytes, BytesMut};
use futures_core::Stream;
use std::fmt;
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

    /// A stream of the pieces of `stream`. Its errors end the stream (nothing is read after
    /// one). For [`HttpClient`](crate::http::HttpClient)s that read bodies as they arrive.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        struct MapErr<S>(S);
        impl<S, E> Stream for MapErr<S>
        where
            S: Stream<Item = Result<Bytes, E>> + Unpin,
            E: Into<BoxError>,
        {
            type Item = Result<Bytes, ByteStreamError>;
            fn poll_next(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
            ) -> Poll<Option<Self::Item>> {
                Pin::new(&mut self.0)
                    .poll_next(cx)
                    .map(|item| item.map(|r| r.map_err(ByteStreamError::new)))
            }
        }
        Self {
            inner: Inner::Source(Mutex::new(Box::pin(MapErr(Box::pin(stream))))),
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
}
