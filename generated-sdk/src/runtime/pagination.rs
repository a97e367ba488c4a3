//! Streams of pages and items for paginated operations.
//! STUB: signatures are the contract used by generated code.

use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stream of pages (or of items) of a paginated operation. Also usable with `.next().await`.
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send>>,
}

impl<T> std::fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaginationStream").finish_non_exhaustive()
    }
}

impl<T> PaginationStream<T> {
    /// The next page or item, or `None` at the end.
    pub async fn next(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// Pages: calls `fetch(token)` (first with `None`) until a page has no next token, or the same
/// token as the previous page. Stops after the first error. Used by generated code.
pub(crate) fn paginate<P, E, F, Fut>(fetch: F, next_token: fn(&P) -> Option<&str>) -> PaginationStream<Result<P, E>>
where
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P, E>> + Send + 'static,
    P: Send + 'static,
    E: Send + 'static,
{
    let _ = (fetch, next_token);
    todo!("pagination")
}

/// Items: flattens each page with `items_of`. Used by generated code.
pub(crate) fn items<P, I, E>(pages: PaginationStream<Result<P, E>>, items_of: fn(P) -> Vec<I>) -> PaginationStream<Result<I, E>>
where
    P: Send + 'static,
    I: Send + 'static,
    E: Send + 'static,
{
    let _ = (pages, items_of);
    todo!("pagination items")
}
