// TEMPORARY hand-written lib.rs: replaced by the generator's output (`cargo xtask codegen`).
//! Temporary crate root until the generator writes it.
#![allow(dead_code)]
mod runtime;
pub use runtime::config::{Config, Region};
pub use runtime::credentials::Credentials;
pub use runtime::{config, credentials, error, http, pagination, primitives, sigv4};
