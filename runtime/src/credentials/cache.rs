//! The credentials cache of a client: one refresh at a time, old credentials kept while a
//! refresh fails.

use super::{Credentials, CredentialsError, ProvideCredentials};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How long before their expiry cached credentials are refreshed.
pub(crate) const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// Caches credentials from a provider and refreshes them shortly before they expire.
///
/// Requests that find the credentials absent or expiring wait for one refresh: the first
/// asks the provider, the others then take what it got (64 tasks at expiry: one request to
/// the provider). When a refresh fails while the cached credentials have not yet expired,
/// they are returned (and the next request tries again).
#[derive(Debug)]
pub(crate) struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    /// Shared with the requests signing with them (no copy of the keys per request).
    cached: Mutex<Option<Arc<Credentials>>>,
    /// Held by the one refresh under way.
    refresh: tokio::sync::Mutex<()>,
    /// How many refreshes stored credentials.
    refreshes: AtomicU64,
}

impl CredentialsCache {
    /// A cache over `provider`.
    pub(crate) fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            provider,
            cached: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
            refreshes: AtomicU64::new(0),
        }
    }

    /// Current credentials: cached ones unless absent or expiring within 5 minutes.
    pub(crate) async fn get(&self) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(credentials) = self.cached_valid_at(SystemTime::now()) {
            return Ok(credentials);
        }
        let seen = self.refreshes.load(Ordering::Acquire);
        let _refreshing = self.refresh.lock().await;
        let now = SystemTime::now();
        if let Some(credentials) = self.cached_valid_at(now) {
            return Ok(credentials);
        }
        // Another caller refreshed while this one waited: take what it got, even if it
        // expires within the refresh window (the provider had nothing newer), while valid.
        if self.refreshes.load(Ordering::Acquire) != seen {
            let fresh = self
                .lock()
                .clone()
                .filter(|c| c.expiry().is_none_or(|expiry| expiry > now));
            if let Some(credentials) = fresh {
                return Ok(credentials);
            }
        }
        let provider = self.provider.provider_name();
        tracing::debug!(provider, "loading credentials");
        match self.provider.provide_credentials().await {
            Ok(fresh) => {
                tracing::debug!(
                    provider,
                    temporary = fresh.expiry().is_some(),
                    "credentials loaded"
                );
                let fresh = Arc::new(fresh);
                *self.lock() = Some(fresh.clone());
                self.refreshes.fetch_add(1, Ordering::Release);
                Ok(fresh)
            }
            Err(e) => {
                let still_valid = self
                    .lock()
                    .clone()
                    .filter(|c| c.expiry().is_some_and(|expiry| expiry > now));
                match still_valid {
                    Some(old) => {
                        tracing::warn!(
                            provider,
                            error = %e,
                            "refreshing credentials failed; using the current ones until they expire"
                        );
                        Ok(old)
                    }
                    None => {
                        tracing::debug!(provider, error = %e, "loading credentials failed");
                        Err(e)
                    }
                }
            }
        }
    }

    /// Forgets the cached credentials (e.g. after the service rejected them as expired), so
    /// the next [`CredentialsCache::get`] asks the provider again.
    #[allow(dead_code)] // not yet called by the pipeline
    pub(crate) fn invalidate(&self) {
        *self.lock() = None;
    }

    pub(crate) fn cached_valid_at(&self, now: SystemTime) -> Option<Arc<Credentials>> {
        let guard = self.lock();
        let credentials = guard.as_ref()?;
        match credentials.expiry() {
            None => Some(credentials.clone()),
            Some(expiry) => match expiry.duration_since(now) {
                Ok(left) if left > REFRESH_BEFORE_EXPIRY => Some(credentials.clone()),
                _ => None,
            },
        }
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<Credentials>>> {
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{block_on, map};
    use crate::credentials::EnvironmentVariableCredentialsProvider;
    use crate::http::BoxFuture;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Hands out credentials that expire `lifetime` after each call, counting calls.
    #[derive(Debug)]
    struct Expiring {
        calls: AtomicUsize,
        lifetime: Duration,
    }

    impl ProvideCredentials for Expiring {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let expiry = SystemTime::now() + self.lifetime;
            Box::pin(async move {
                Ok(
                    Credentials::new(format!("KEY{n}"), "secret", Some("token".into()))
                        .with_expiry(expiry),
                )
            })
        }
    }

    #[test]
    fn cache_reuses_long_lived_credentials() {
        let provider = Arc::new(Expiring {
            calls: AtomicUsize::new(0),
            lifetime: Duration::from_secs(3600),
        });
        let cache = CredentialsCache::new(provider.clone());
        for _ in 0..5 {
            assert_eq!(block_on(cache.get()).unwrap().access_key_id(), "KEY1");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
        cache.invalidate();
        assert_eq!(block_on(cache.get()).unwrap().access_key_id(), "KEY2");
    }

    #[test]
    fn cache_refreshes_credentials_expiring_within_five_minutes() {
        let provider = Arc::new(Expiring {
            calls: AtomicUsize::new(0),
            lifetime: Duration::from_secs(4 * 60),
        });
        let cache = CredentialsCache::new(provider.clone());
        for i in 1..=3 {
            assert_eq!(
                block_on(cache.get()).unwrap().access_key_id(),
                format!("KEY{i}")
            );
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 3);

        // Static credentials never expire: one call.
        let cache = CredentialsCache::new(Arc::new(Credentials::new("A", "B", None)));
        block_on(cache.get()).unwrap();
        assert!(cache
            .cached_valid_at(SystemTime::now() + Duration::from_secs(1 << 30))
            .is_some());
    }

    #[test]
    fn cache_boundary_and_errors() {
        let cache = CredentialsCache::new(Arc::new(Credentials::new("A", "B", None)));
        let now = SystemTime::now();
        *cache.lock() = Some(Arc::new(
            Credentials::new("A", "B", None).with_expiry(now + REFRESH_BEFORE_EXPIRY),
        ));
        assert!(cache.cached_valid_at(now).is_none());
        assert!(cache
            .cached_valid_at(now - Duration::from_secs(1))
            .is_some());

        // An error is returned and nothing is cached.
        let cache = CredentialsCache::new(Arc::new(
            EnvironmentVariableCredentialsProvider::from_env_map(map(&[])),
        ));
        assert!(block_on(cache.get()).unwrap_err().is_not_loaded());
        assert!(cache.lock().is_none());
    }

    /// Counts calls; each takes 20 ms and hands out what `answer` says for call `n`.
    #[derive(Debug)]
    struct Scripted {
        calls: AtomicUsize,
        answer: fn(usize) -> Result<Credentials, CredentialsError>,
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let answer = (self.answer)(n);
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                answer
            })
        }
    }

    fn expiring_in(key: &str, secs: u64) -> Credentials {
        Credentials::new(key, "secret", Some("token".into()))
            .with_expiry(SystemTime::now() + Duration::from_secs(secs))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_at_expiry_cause_one_refresh() {
        let provider = Arc::new(Scripted {
            calls: AtomicUsize::new(0),
            answer: |n| {
                Ok(expiring_in(
                    &format!("KEY{n}"),
                    if n == 1 { 60 } else { 3600 },
                ))
            },
        });
        let cache = Arc::new(CredentialsCache::new(provider.clone()));
        let tasks = |cache: &Arc<CredentialsCache>| {
            (0..64)
                .map(|_| {
                    let cache = cache.clone();
                    tokio::spawn(async move { cache.get().await.unwrap() })
                })
                .collect::<Vec<_>>()
        };
        // KEY1 expires within the refresh window (5 minutes).
        assert_eq!(cache.get().await.unwrap().access_key_id(), "KEY1");
        // 64 callers find it expiring: one refresh.
        for task in tasks(&cache) {
            assert_eq!(task.await.unwrap().access_key_id(), "KEY2");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
        // 64 callers with nothing cached: one fetch.
        cache.invalidate();
        for task in tasks(&cache) {
            assert_eq!(task.await.unwrap().access_key_id(), "KEY3");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_credentials_that_are_still_valid() {
        let provider = Arc::new(Scripted {
            calls: AtomicUsize::new(0),
            answer: |n| match n {
                1 => Ok(expiring_in("OLD", 60)),
                _ => Err(CredentialsError::provider_error("the endpoint is down")),
            },
        });
        let cache = CredentialsCache::new(provider.clone());
        assert_eq!(cache.get().await.unwrap().access_key_id(), "OLD");
        // Refreshing fails, OLD is valid for another minute: keep it (and try again next time).
        assert_eq!(cache.get().await.unwrap().access_key_id(), "OLD");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "OLD");
        assert_eq!(provider.calls.load(Ordering::SeqCst), 3);
        // Once expired, the error comes through.
        *cache.lock() = Some(Arc::new(
            Credentials::new("OLD", "secret", None)
                .with_expiry(SystemTime::now() - Duration::from_secs(1)),
        ));
        let e = cache.get().await.unwrap_err();
        assert_eq!(e.message(), "the endpoint is down");
    }
}
