//! Idempotency tokens: what the SDK sends in a member the model marks `idempotencyToken` when
//! the caller leaves it unset. The token is made once per call, before the first attempt, so
//! every retry of that call carries the same value and the service can de-duplicate them.

use ring::rand::{SecureRandom, SystemRandom};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A fresh random UUID v4, hyphenated lowercase (`f81d4fae-7dec-41d0-a765-00a0c91e6bf6`), like
/// the official SDKs send.
pub fn idempotency_token() -> String {
    uuid::Builder::from_random_bytes(random_bytes())
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// 16 bytes from the operating system's generator. Should that ever fail, the bytes are a hash
/// of the time and a process-wide counter instead: still unique per call, which is all the
/// service needs from the token.
fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if SystemRandom::new().fill(&mut bytes).is_ok() {
        return bytes;
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut seed = Vec::with_capacity(32);
    seed.extend_from_slice(&nanos.to_le_bytes());
    seed.extend_from_slice(&count.to_le_bytes());
    seed.extend_from_slice(&std::process::id().to_le_bytes());
    let digest = ring::digest::digest(&ring::digest::SHA256, &seed);
    bytes.copy_from_slice(&digest.as_ref()[..16]);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_v4_uuids() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        for token in [&a, &b] {
            let parsed = uuid::Uuid::parse_str(token).expect("a UUID");
            assert_eq!(parsed.get_version_num(), 4, "{token}");
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122, "{token}");
            assert_eq!(token.len(), 36);
            assert_eq!(token.to_ascii_lowercase(), **token);
        }
    }
}
