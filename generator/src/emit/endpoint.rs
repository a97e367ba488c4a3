//! `src/endpoint.rs`: the service metadata the runtime resolves endpoints and signs with.

use super::{docs, runtime, Context};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/endpoint.rs`.
pub(crate) fn emit(ctx: &Context<'_>) -> TokenStream {
    let s = ctx.service;
    let header = docs::inner(
        "Endpoints and signing facts of the service, from the document's `info` and `servers`.",
    );
    let service_id = &s.service_id;
    let signing_name = &s.signing_name;
    let sdk_id = s.sdk_id.as_deref().unwrap_or_default();
    let api_version = &s.api_version;
    let default_endpoint = &s.default_endpoint;
    let rules = s.endpoints.iter().map(|rule| {
        let regions = &rule.regions;
        let url = &rule.url_template;
        quote! {
            EndpointRule {
                regions: &[#(#regions),*],
                url_template: #url,
            }
        }
    });
    let rt_endpoint = runtime::endpoint_types();
    quote! {
        #header
        use #rt_endpoint;

        /// The service: its id, signing name, API version and endpoint rules (first match wins).
        pub(crate) static SERVICE: ServiceMetadata = ServiceMetadata {
            crate_name: env!("CARGO_PKG_NAME"),
            crate_version: env!("CARGO_PKG_VERSION"),
            service_id: #service_id,
            signing_name: #signing_name,
            sdk_id: #sdk_id,
            api_version: #api_version,
            endpoints: &[#(#rules),*],
            default_endpoint: #default_endpoint,
        };
    }
}
