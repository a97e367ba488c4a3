//! The hand-written runtime every generated AWS REST-JSON client shares.
//!
//! Nothing in this folder is written by the generator: it is the same for every AWS service
//! (configuration, credentials, SigV4, the HTTP transport, retries, error metadata, pagination).
//! Generated code reaches it through the items documented as "used by generated code".

pub mod config;
pub mod credentials;
pub(crate) mod encode;
pub(crate) mod endpoint;
pub mod error;
pub mod http;
pub(crate) mod invoke;
pub(crate) mod json;
pub mod pagination;
pub mod primitives;
pub(crate) mod profile;
pub(crate) mod retry;
pub mod sigv4;

/// The repository README's example, compiled (not run) as a doc test so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
