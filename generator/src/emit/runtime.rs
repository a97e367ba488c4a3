//! Every path generated code names in the runtime crate, in one place (cf. smithy-rs's
//! `RuntimeType`).
//!
//! The runtime (`runtime/`, package `sdk-runtime`) exposes what generated code calls through its
//! `codegen` module; emitters never spell a runtime path themselves but ask this module for it,
//! so a moved or renamed runtime item is one edit here.

use proc_macro2::TokenStream;
use quote::quote;

/// The runtime's package name, as a generated crate's `Cargo.toml` depends on it.
pub(crate) const PACKAGE: &str = "sdk-runtime";

/// The runtime's version generated crates ask for.
pub(crate) const VERSION: &str = "0.1.0";

/// The runtime's module for generated code: `::sdk_runtime::codegen`.
fn codegen() -> TokenStream {
    quote!(::sdk_runtime::codegen)
}

/// The runtime's public modules a generated crate re-exports as its own (`crate::config`, …).
pub(crate) fn public_modules() -> TokenStream {
    let rt = codegen();
    quote!(#rt::{config, credentials, error, http, pagination, primitives, request_id, sigv4})
}

/// The types a generated crate re-exports at its root.
pub(crate) fn root_reexports() -> TokenStream {
    let rt = codegen();
    quote!(#rt::{config::{Config, Region}, credentials::Credentials})
}

/// The response metadata every output keeps, and the trait reading it.
pub(crate) fn response_metadata() -> (TokenStream, TokenStream) {
    let rt = codegen();
    (quote!(#rt::ResponseMetadata), quote!(#rt::RequestId))
}

/// The shared client state every operation is sent through.
pub(crate) fn handle() -> TokenStream {
    let rt = codegen();
    quote!(#rt::Handle)
}

/// An operation's HTTP request before endpoint resolution and signing, and its body.
pub(crate) fn operation_request() -> TokenStream {
    let rt = codegen();
    quote!(#rt::{OperationRequest, RequestBody})
}

/// The HTTP method enum.
pub(crate) fn method() -> TokenStream {
    let rt = codegen();
    quote!(#rt::http::Method)
}

/// The JSON helpers module (`json::Writer`, `json::FromJson`, `json::Reader`, …).
pub(crate) fn json() -> TokenStream {
    let rt = codegen();
    quote!(#rt::json)
}

/// Header values of members (`header::encode_list`, `header::read_timestamp`, …).
pub(crate) fn header() -> TokenStream {
    let rt = codegen();
    quote!(#rt::header)
}

/// The percent-encoding module (`encode::label`).
pub(crate) fn encode() -> TokenStream {
    let rt = codegen();
    quote!(#rt::encode)
}

/// A JSON document value (`Document` shapes).
pub(crate) fn document() -> TokenStream {
    let rt = codegen();
    quote!(#rt::json::Value)
}

/// The service metadata and endpoint rule types `src/endpoint.rs` fills in.
pub(crate) fn endpoint_types() -> TokenStream {
    let rt = codegen();
    quote!(#rt::{EndpointRule, ServiceMetadata})
}

/// Builds a stream of pages from a page fetcher and a next-token accessor.
pub(crate) fn paginate() -> TokenStream {
    let rt = codegen();
    quote!(#rt::paginate)
}

/// A fresh idempotency token (a random UUID v4): `fn() -> String`.
pub(crate) fn idempotency_token() -> TokenStream {
    let rt = codegen();
    quote!(#rt::idempotency_token)
}

/// The test-support module generated tests use (`CannedClient`, `path`, `query`, …).
pub(crate) fn test_util() -> TokenStream {
    let rt = codegen();
    quote!(#rt::test_util)
}

/// Flattens a stream of pages into a stream of items.
pub(crate) fn items() -> TokenStream {
    let rt = codegen();
    quote!(#rt::items)
}
