//! Turns an AWS OpenAPI 3.0 document (as published by APIs-guru) into a Rust SDK crate.
//!
//! The data flows through one module per stage:
//! `load` (bytes → `openapiv3`) → `normalize` (document quirks fixed, one named step each) →
//! `lower` (→ [`model::Service`]) → `emit` (→ Rust files, formatted) → the caller writes them.

pub mod aws;
pub mod docs;
pub mod emit;
pub mod error;
pub mod import;
pub mod load;
pub mod lower;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod resolve;
pub mod write;

pub use emit::{GeneratedFile, Options};
pub use error::Error;

/// Reads an OpenAPI document and lowers it into the generator's model:
/// [`load`](load::load) → [`normalize`](normalize::normalize) → [`lower`](lower::lower).
pub fn load_service(bytes: &[u8]) -> Result<model::Service, Error> {
    let api = load::load(bytes)?;
    let normalized = normalize::normalize(api)?;
    lower::lower(&normalized)
}

/// Generates the files of the SDK crate from an OpenAPI document: [`load_service`], then
/// [`emit::emit`]. Paths are relative to the crate root; write them with [`write::write`].
pub fn generate(spec: &[u8], options: &Options) -> Result<Vec<GeneratedFile>, Error> {
    let service = load_service(spec)?;
    Ok(emit::emit(&service, options)?)
}
