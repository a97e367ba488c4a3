//! Retry classification and backoff (standard mode). STUB.
