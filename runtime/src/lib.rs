//! The hand-written runtime every generated AWS REST-JSON client shares.
//!
//! Nothing in this crate is written by the generator, and nothing in it knows a particular
//! service: configuration, credentials, SigV4, the HTTP transport, retries, timeouts, error
//! metadata, pagination streams, JSON helpers and timestamps are the same for every AWS service.
//! A generated crate re-exports the public modules below as its own API, and reaches everything
//! else through [`codegen`], the one module generated code calls into.

mod base64;
mod byte_stream;
pub mod config;
pub mod credentials;
mod encode;
mod endpoint;
pub mod error;
mod header;
pub mod http;
mod idempotency;
mod invoke;
mod json;
pub mod pagination;
pub mod primitives;
mod profile;
pub mod request_id;
mod retry;
pub mod sigv4;
mod test_util;

/// The surface generated code calls: nothing else in this crate is named by generated code.
///
/// The generator spells every path into this module in one place (its `emit/runtime.rs`).
/// These items are public so that generated crates can use them; applications should use the
/// generated crate's API instead, and these items may change with the generator.
pub mod codegen {
    pub use crate::endpoint::{EndpointRule, ServiceMetadata};
    pub use crate::idempotency::idempotency_token;
    pub use crate::invoke::{Handle, OperationRequest, RequestBody};
    pub use crate::pagination::{items, paginate};
    pub use crate::request_id::{RequestId, ResponseMetadata};
    pub use crate::{config, credentials, error, http, pagination, primitives, request_id, sigv4};

    /// Test support for the tests generated with a crate (an in-process canned HTTP client and
    /// checks on recorded requests).
    pub mod test_util {
        pub use crate::test_util::{assert_json_body, path, percent_decode, query, CannedClient};
    }

    /// Header values of members: HTTP dates, lists, JSON values (written and read as botocore
    /// does).
    pub mod header {
        pub use crate::header::{
            encode_json_value, encode_list, read_boolean, read_json_value, read_list, read_number,
            read_prefixed, read_timestamp,
        };
    }

    /// Percent-encoding of path labels and query components.
    pub mod encode {
        pub use crate::encode::{host_label, label, query_component};
    }

    /// JSON (de)serialization helpers for generated structures.
    pub mod json {
        pub use crate::json::{
            from_body, required, to_body, FromJson, JsonError, Number, ObjectWriter, Reader,
            ToJson, Writer,
        };
        pub use serde_json::Value;
    }
}
