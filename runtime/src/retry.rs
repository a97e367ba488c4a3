//! Retry classification, backoff and the retry quota of the AWS "standard" retry mode.
//!
//! - Retryable: throttling error codes, transient error codes, HTTP 429/500/502/503/504,
//!   connection errors (I/O) and attempt timeouts. Never any other 4xx.
//! - Backoff: `random(0..1) * min(initial_backoff * 2^retry, max_backoff)` (full jitter).
//! - Quota: a token bucket of 500 shared by a client; a retry costs 5 (10 after a timeout), a
//!   successful retried request gives its cost back, a first-try success adds 1.

use crate::config::RetryConfig;
use crate::error::ConnectorErrorKind;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Error codes meaning the caller is being throttled (AWS SDKs' common list).
pub(crate) const THROTTLING_ERRORS: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes meaning a transient server-side problem.
pub(crate) const TRANSIENT_ERRORS: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses that are retried whatever the error code.
pub(crate) const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// Why an attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// A throttling error (code or HTTP 429).
    Throttling,
    /// A transient server error (code or 5xx status).
    Transient,
    /// The connection failed or broke before a response arrived.
    Io,
    /// The attempt timed out.
    Timeout,
}

/// Classifies an error response: `Some(kind)` when it should be retried.
pub(crate) fn classify_response(status: u16, code: Option<&str>) -> Option<RetryKind> {
    if let Some(code) = code {
        if THROTTLING_ERRORS.contains(&code) {
            return Some(RetryKind::Throttling);
        }
        if TRANSIENT_ERRORS.contains(&code) {
            return Some(RetryKind::Transient);
        }
    }
    if status == 429 {
        return Some(RetryKind::Throttling);
    }
    if TRANSIENT_STATUS_CODES.contains(&status) {
        return Some(RetryKind::Transient);
    }
    None
}

/// Classifies a connection-level failure: `Some(kind)` when it should be retried.
pub(crate) fn classify_connector_error(kind: ConnectorErrorKind) -> Option<RetryKind> {
    match kind {
        ConnectorErrorKind::Io => Some(RetryKind::Io),
        ConnectorErrorKind::Timeout => Some(RetryKind::Timeout),
        _ => None,
    }
}

/// The delay before retry number `retry` (1 for the first retry), given a jitter factor in `[0, 1)`.
pub(crate) fn backoff(config: &RetryConfig, retry: u32, jitter: f64) -> Duration {
    let exponent = retry.saturating_sub(1);
    let max = config.max_backoff();
    let uncapped = 2u32
        .checked_pow(exponent)
        .and_then(|factor| config.initial_backoff().checked_mul(factor));
    let capped = match uncapped {
        Some(delay) => delay.min(max),
        None => max,
    };
    capped.mul_f64(jitter.clamp(0.0, 1.0))
}

/// A tiny PRNG (SplitMix64) for backoff jitter, seeded from std's `RandomState`. Lock-free.
#[derive(Debug)]
pub(crate) struct Jitter {
    state: AtomicU64,
}

impl Jitter {
    /// A generator with a random seed.
    pub(crate) fn new() -> Self {
        let seed = RandomState::new().build_hasher().finish();
        Self::with_seed(seed)
    }

    /// A generator with a fixed seed (tests).
    pub(crate) fn with_seed(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed),
        }
    }

    /// The next value, uniform in `[0, 1)`.
    pub(crate) fn next_f64(&self) -> f64 {
        const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut z = self
            .state
            .fetch_add(GAMMA, Ordering::Relaxed)
            .wrapping_add(GAMMA);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // 53 random bits → [0, 1).
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Initial (and maximum) size of the retry quota.
pub(crate) const QUOTA_CAPACITY: u32 = 500;
/// Cost of a retry.
pub(crate) const RETRY_COST: u32 = 5;
/// Cost of a retry after a timeout.
pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens added by a success on the first attempt.
pub(crate) const NO_RETRY_INCREMENT: u32 = 1;

/// The retry quota token bucket shared by all operations of a client.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    tokens: Mutex<u32>,
}

impl RetryQuota {
    /// A full bucket.
    pub(crate) fn new() -> Self {
        Self::with_tokens(QUOTA_CAPACITY)
    }

    /// A bucket holding `tokens` (tests).
    pub(crate) fn with_tokens(tokens: u32) -> Self {
        Self {
            tokens: Mutex::new(tokens.min(QUOTA_CAPACITY)),
        }
    }

    /// Tokens left.
    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        *self.lock()
    }

    /// Takes the cost of a retry for `kind`; `None` (no retry) when the bucket cannot pay it.
    pub(crate) fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = match kind {
            RetryKind::Timeout => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        };
        let mut tokens = self.lock();
        if *tokens >= cost {
            *tokens -= cost;
            Some(cost)
        } else {
            None
        }
    }

    /// Records a success: gives back the cost of the retry that succeeded, or adds
    /// [`NO_RETRY_INCREMENT`] when the first attempt succeeded.
    pub(crate) fn on_success(&self, last_retry_cost: Option<u32>) {
        let mut tokens = self.lock();
        let refund = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        *tokens = tokens.saturating_add(refund).min(QUOTA_CAPACITY);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        // A poisoned lock only means another thread panicked while holding a plain integer.
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_and_transient_codes_are_retried() {
        for code in THROTTLING_ERRORS {
            assert_eq!(
                classify_response(400, Some(code)),
                Some(RetryKind::Throttling),
                "{code}"
            );
        }
        assert_eq!(
            classify_response(400, Some("RequestTimeout")),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            classify_response(408, Some("RequestTimeoutException")),
            Some(RetryKind::Transient)
        );
    }

    #[test]
    fn statuses() {
        for status in [500, 502, 503, 504] {
            assert_eq!(classify_response(status, None), Some(RetryKind::Transient));
            assert_eq!(
                classify_response(status, Some("InternalServerException")),
                Some(RetryKind::Transient)
            );
        }
        assert_eq!(classify_response(429, None), Some(RetryKind::Throttling));
        for status in [400, 401, 403, 404, 409, 413, 501] {
            assert_eq!(classify_response(status, None), None, "{status}");
        }
        assert_eq!(classify_response(400, Some("ValidationException")), None);
        assert_eq!(classify_response(403, Some("AccessDeniedException")), None);
        assert_eq!(classify_response(409, Some("ConflictException")), None);
        assert_eq!(
            classify_response(404, Some("ResourceNotFoundException")),
            None
        );
        assert_eq!(
            classify_response(402, Some("ServiceQuotaExceededException")),
            None
        );
    }

    #[test]
    fn connector_errors() {
        assert_eq!(
            classify_connector_error(ConnectorErrorKind::Io),
            Some(RetryKind::Io)
        );
        assert_eq!(
            classify_connector_error(ConnectorErrorKind::Timeout),
            Some(RetryKind::Timeout)
        );
        assert_eq!(classify_connector_error(ConnectorErrorKind::Other), None);
    }

    #[test]
    fn backoff_bounds() {
        let config = RetryConfig::standard();
        assert_eq!(backoff(&config, 1, 0.0), Duration::ZERO);
        assert_eq!(backoff(&config, 1, 0.5), Duration::from_millis(500));
        assert_eq!(backoff(&config, 2, 0.5), Duration::from_secs(1));
        assert_eq!(backoff(&config, 3, 0.5), Duration::from_secs(2));
        assert_eq!(backoff(&config, 5, 1.0), Duration::from_secs(16));
        assert_eq!(backoff(&config, 6, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(&config, 40, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(&config, u32::MAX, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(&config, 6, 0.25), Duration::from_secs(5));
        let small = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(25));
        assert_eq!(backoff(&small, 3, 1.0), Duration::from_millis(25));

        let jitter = Jitter::new();
        for retry in 1..10 {
            let cap = Duration::from_secs(1 << (retry - 1)).min(Duration::from_secs(20));
            for _ in 0..100 {
                let d = backoff(&config, retry, jitter.next_f64());
                assert!(d <= cap, "{d:?} > {cap:?}");
            }
        }
    }

    #[test]
    fn jitter_is_uniformish() {
        let jitter = Jitter::with_seed(42);
        let values: Vec<f64> = (0..1000).map(|_| jitter.next_f64()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((0.4..0.6).contains(&mean), "{mean}");
        assert!(values.windows(2).all(|w| w[0] != w[1]));
    }

    #[test]
    fn quota() {
        let quota = RetryQuota::new();
        assert_eq!(quota.available(), 500);
        assert_eq!(quota.acquire(RetryKind::Transient), Some(5));
        assert_eq!(quota.acquire(RetryKind::Timeout), Some(10));
        assert_eq!(quota.available(), 485);
        quota.on_success(Some(10));
        assert_eq!(quota.available(), 495);
        quota.on_success(None);
        quota.on_success(None);
        quota.on_success(None);
        quota.on_success(None);
        quota.on_success(None);
        quota.on_success(None);
        assert_eq!(quota.available(), 500, "capped");

        let low = RetryQuota::with_tokens(7);
        assert_eq!(low.acquire(RetryKind::Timeout), None);
        assert_eq!(low.acquire(RetryKind::Io), Some(5));
        assert_eq!(low.acquire(RetryKind::Throttling), None);
        assert_eq!(low.available(), 2);
    }
}
