//! Turns an AWS OpenAPI 3.0 document (as published by APIs-guru) into a Rust SDK crate.
//!
//! The data flows through one module per stage:
//! `load` (bytes → `openapiv3`) → `normalize` (document quirks fixed, one named step each) →
//! `lower` (→ [`model::Service`]) → `emit` (→ Rust files, formatted) → the caller writes them.

pub mod model;
pub mod naming;
