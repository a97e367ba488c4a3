//! The request pipeline: endpoint, signing, sending, retries, error metadata.
//! STUB: signatures are the contract used by generated code; bodies are filled in by the runtime work.

use crate::runtime::config::Config;
use crate::runtime::endpoint::ServiceMetadata;
use crate::runtime::error::{ErrorMetadata, SdkError};
use crate::runtime::http::{HttpResponse, Method};

/// An operation's request before endpoint, signing and transport. Built by generated code.
#[derive(Debug, Clone)]
pub(crate) struct OperationRequest {
    /// HTTP method.
    pub method: Method,
    /// Path, each label already percent-encoded with [`crate::runtime::encode::label`].
    pub path: String,
    /// Query parameters, not yet encoded; repeated keys allowed (`tagKeys=a&tagKeys=b`).
    pub query: Vec<(String, String)>,
    /// JSON body, if the operation has one (`Content-Type: application/json` is then set).
    pub body: Option<Vec<u8>>,
}

/// Shared state of a client: configuration, service metadata, HTTP client, credentials cache.
#[derive(Debug)]
pub(crate) struct Handle {
    config: Config,
    service: &'static ServiceMetadata,
}

impl Handle {
    /// A handle for `service` with `config`.
    pub(crate) fn new(config: Config, service: &'static ServiceMetadata) -> Self {
        Self { config, service }
    }

    /// The configuration.
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// Sends `request` for `operation` with retries. A 2xx response is returned as is; any other
    /// status becomes `SdkError::ServiceError` carrying the parsed [`ErrorMetadata`].
    pub(crate) async fn invoke(
        &self,
        operation: &'static str,
        request: OperationRequest,
    ) -> Result<HttpResponse, SdkError<ErrorMetadata>> {
        let _ = (operation, request, self.service);
        todo!("runtime pipeline")
    }
}
