//! Streams of pages and items for paginated operations.

use futures_core::Stream;
use std::collections::HashSet;
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
    /// Wraps a stream (fused: polling again after the end keeps returning `None`).
    pub(crate) fn new(stream: impl Stream<Item = T> + Send + 'static) -> Self {
        use futures_util::StreamExt;
        Self {
            inner: Box::pin(stream.fuse()),
        }
    }

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

/// A service handed back a page token it had already handed out in the same pagination:
/// following it would request the same pages forever, so the stream ends with this error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCycle {
    operation: &'static str,
    token: String,
}

impl TokenCycle {
    /// The paginated operation.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The token that came back.
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl std::fmt::Display for TokenCycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: the service returned the page token {:?} a second time in one pagination; \
             the pages would repeat forever, so pagination stopped",
            self.operation, self.token
        )
    }
}

impl std::error::Error for TokenCycle {}

/// Pages of `operation`: calls `fetch(token)` (first with `None`) until a page has no next
/// token. A token already seen in this pagination (a cycle of any length, the previous page's
/// token included) ends the stream with a [`TokenCycle`] error instead of looping. Stops after
/// the first error. Used by generated code.
pub fn paginate<P, E, F, Fut>(
    operation: &'static str,
    fetch: F,
    next_token: fn(&P) -> Option<&str>,
) -> PaginationStream<Result<P, E>>
where
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P, E>> + Send + 'static,
    P: Send + 'static,
    E: From<TokenCycle> + Send + 'static,
{
    enum State<F> {
        /// The next call to make: its token (`None` for the first page), and the tokens seen.
        Next(F, Option<String>, HashSet<String>),
        /// The next item is this error, then the stream is over.
        Cycle(TokenCycle),
        /// The stream is over.
        Done,
    }

    let start = State::Next(fetch, None, HashSet::new());
    let pages = futures_util::stream::unfold(start, move |state| async move {
        let (mut fetch, token, mut seen) = match state {
            State::Next(fetch, token, seen) => (fetch, token, seen),
            State::Cycle(cycle) => return Some((Err(E::from(cycle)), State::Done)),
            State::Done => return None,
        };
        match fetch(token.clone()).await {
            Ok(page) => {
                let next = match next_token(&page) {
                    Some("") | None => State::Done,
                    Some(next) if !seen.insert(next.to_owned()) => State::Cycle(TokenCycle {
                        operation,
                        token: next.to_owned(),
                    }),
                    Some(next) => State::Next(fetch, Some(next.to_owned()), seen),
                };
                Some((Ok(page), next))
            }
            Err(e) => Some((Err(e), State::Done)),
        }
    });
    PaginationStream::new(pages)
}

/// Items: flattens each page with `items_of`. Used by generated code.
pub fn items<P, I, E>(
    pages: PaginationStream<Result<P, E>>,
    items_of: fn(P) -> Vec<I>,
) -> PaginationStream<Result<I, E>>
where
    P: Send + 'static,
    I: Send + 'static,
    E: Send + 'static,
{
    use futures_util::StreamExt;
    let items = pages.flat_map(move |page| {
        let items: Vec<Result<I, E>> = match page {
            Ok(page) => items_of(page).into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        futures_util::stream::iter(items)
    });
    PaginationStream::new(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    impl From<TokenCycle> for String {
        fn from(cycle: TokenCycle) -> String {
            cycle.to_string()
        }
    }

    #[derive(Debug)]
    struct Page {
        items: Vec<u32>,
        next: Option<String>,
    }

    fn next_of(page: &Page) -> Option<&str> {
        page.next.as_deref()
    }

    fn items_of(page: Page) -> Vec<u32> {
        page.items
    }

    /// A fetcher serving `pages` in order and recording the tokens it was called with.
    #[allow(clippy::type_complexity)]
    fn fetcher(
        pages: Vec<Result<Page, String>>,
    ) -> (
        impl FnMut(Option<String>) -> std::future::Ready<Result<Page, String>> + Send + 'static,
        Arc<Mutex<Vec<Option<String>>>>,
    ) {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = calls.clone();
        let mut pages = pages.into_iter();
        let fetch = move |token: Option<String>| {
            seen.lock().unwrap().push(token);
            std::future::ready(
                pages
                    .next()
                    .unwrap_or_else(|| Err("called too often".to_owned())),
            )
        };
        (fetch, calls)
    }

    fn page(items: &[u32], next: Option<&str>) -> Result<Page, String> {
        Ok(Page {
            items: items.to_vec(),
            next: next.map(str::to_owned),
        })
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn follows_tokens_until_none() {
        let (fetch, calls) = fetcher(vec![
            page(&[1, 2], Some("a")),
            page(&[3], Some("b")),
            page(&[], None),
        ]);
        let mut stream = paginate("ListThings", fetch, next_of);
        let pages = block_on(async {
            let mut out = Vec::new();
            while let Some(p) = stream.next().await {
                out.push(p.unwrap().items);
            }
            out
        });
        assert_eq!(pages, vec![vec![1, 2], vec![3], vec![]]);
        assert_eq!(
            *calls.lock().unwrap(),
            vec![None, Some("a".to_owned()), Some("b".to_owned())]
        );
    }

    #[test]
    fn empty_token_stops() {
        let (fetch, calls) = fetcher(vec![page(&[1], Some(""))]);
        let mut stream = paginate("ListThings", fetch, next_of);
        block_on(async {
            assert!(stream.next().await.unwrap().is_ok());
            assert!(stream.next().await.is_none());
            assert!(stream.next().await.is_none());
        });
        assert_eq!(calls.lock().unwrap().len(), 1);
    }

    /// The pages, then the error, of a pagination over `pages`.
    fn run(pages: Vec<Result<Page, String>>) -> (Vec<Result<Vec<u32>, String>>, usize) {
        let (fetch, calls) = fetcher(pages);
        let mut stream = paginate("ListThings", fetch, next_of);
        let out = block_on(async {
            let mut out = Vec::new();
            while let Some(p) = stream.next().await {
                out.push(p.map(|p| p.items));
            }
            out
        });
        let calls = calls.lock().unwrap().len();
        (out, calls)
    }

    #[test]
    fn repeated_token_ends_with_an_error() {
        let (out, calls) = run(vec![page(&[1], Some("t")), page(&[2], Some("t"))]);
        assert_eq!(
            out,
            vec![
                Ok(vec![1]),
                Ok(vec![2]),
                Err(
                    "ListThings: the service returned the page token \"t\" a second time in \
                     one pagination; the pages would repeat forever, so pagination stopped"
                        .to_owned()
                )
            ]
        );
        assert_eq!(calls, 2);
    }

    #[test]
    fn longer_cycles_end_with_an_error() {
        // a → b → a: the third page would be the first one again.
        let (out, calls) = run(vec![
            page(&[1], Some("a")),
            page(&[2], Some("b")),
            page(&[3], Some("a")),
            page(&[4], Some("b")),
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
        assert_eq!(out[2], Ok(vec![3]));
        assert!(out[3].as_ref().unwrap_err().contains("\"a\" a second time"));
        assert_eq!(calls, 3, "the repeated token is never sent");
    }

    #[test]
    fn error_stops_after_being_yielded() {
        let (fetch, calls) = fetcher(vec![
            page(&[1], Some("a")),
            Err("boom".to_owned()),
            page(&[2], None),
        ]);
        let mut stream = paginate("ListThings", fetch, next_of);
        block_on(async {
            assert!(stream.next().await.unwrap().is_ok());
            assert_eq!(stream.next().await.unwrap().unwrap_err(), "boom");
            assert!(stream.next().await.is_none());
        });
        assert_eq!(calls.lock().unwrap().len(), 2);
    }

    #[test]
    fn items_flatten_pages_and_keep_errors() {
        let (fetch, _) = fetcher(vec![
            page(&[1, 2], Some("a")),
            page(&[], Some("b")),
            page(&[3], Some("c")),
            Err("boom".to_owned()),
        ]);
        let mut stream = items(paginate("ListThings", fetch, next_of), items_of);
        let out = block_on(async {
            let mut out = Vec::new();
            while let Some(item) = stream.next().await {
                out.push(item);
            }
            out
        });
        assert_eq!(out, vec![Ok(1), Ok(2), Ok(3), Err("boom".to_owned())]);
    }
}
