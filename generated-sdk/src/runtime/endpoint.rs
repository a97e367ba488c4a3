//! Endpoint resolution from the service metadata the generator writes (`src/endpoint.rs`).

/// Static facts about a service, written by the generator from the document. Used by generated code.
#[derive(Debug)]
pub(crate) struct ServiceMetadata {
    /// Service id (`x-serviceName`), e.g. `ivs-realtime`.
    pub service_id: &'static str,
    /// SigV4 signing name (`x-aws-signingName`), e.g. `ivs`.
    pub signing_name: &'static str,
    /// API version (`info.version`).
    pub api_version: &'static str,
    /// Endpoint rules in document order; the first whose `regions` contains the region wins.
    pub endpoints: &'static [EndpointRule],
    /// Template used when no rule lists the region (the document's first https server).
    pub default_endpoint: &'static str,
}

/// One `servers` entry: an https URL template with a `{region}` placeholder and the regions it lists.
#[derive(Debug)]
pub(crate) struct EndpointRule {
    pub regions: &'static [&'static str],
    pub url_template: &'static str,
}
