//! `src/client.rs`: the `Client` with one method per operation.

use super::structure::fields;
use super::{docs, ident, runtime, Context, EmitError};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/client.rs`.
pub(crate) fn emit(ctx: &Context<'_>) -> Result<TokenStream, EmitError> {
    let s = ctx.service;
    let mut methods = Vec::new();
    for op in &s.operations {
        let method = ident(&naming::method_name(&op.name));
        let module = ident(&naming::module_name(&op.name));
        let module_path = format!("crate::operation::{}", naming::module_name(&op.name));
        let fluent = ident(&naming::fluent_builder_name(&op.name));
        let fluent_path = format!("{module_path}::builders::{fluent}");
        let mut text = docs::or(op.docs.as_deref(), || {
            format!("Calls the `{}` operation.", op.name)
        });
        let setters: Vec<String> = fields(ctx, &op.input)?
            .iter()
            .map(|f| {
                let required = if f.member.required { " (required)" } else { "" };
                // Link paths name methods without `r#` (`r#type` is `type` to rustdoc).
                format!("[`{}`]({fluent_path}::{}){required}", f.plain, f.plain)
            })
            .collect();
        text.push_str("\n\n");
        if setters.is_empty() {
            text.push_str("The request has no members to set.");
        } else {
            text.push_str(&format!("Setters: {}.", setters.join(", ")));
        }
        let output = naming::type_name(&op.output.name);
        let error = naming::operation_error_name(&op.name);
        text.push_str(&format!(
            "\n\nOn success, [`send`]({fluent_path}::send) returns a [`{output}`]({module_path}::{output}); \
             on failure, an [`SdkError`](crate::error::SdkError) of [`{error}`]({module_path}::{error})."
        ));
        if op.paginator.is_some() {
            text.push_str(&format!(
                " The operation is paginated: [`into_paginator`]({fluent_path}::into_paginator) pages through all results."
            ));
        }
        let doc = docs::outer(&text);
        methods.push(quote! {
            #doc
            pub fn #method(&self) -> crate::operation::#module::builders::#fluent {
                crate::operation::#module::builders::#fluent::new(self.handle.clone())
            }
        });
    }
    let title = &s.title;
    let header = docs::inner("The client: one method per operation of the service.");
    let doc = docs::outer(&format!(
        "A client for {title}.\n\nCreate it once with [`Client::from_conf`] and reuse it: clones are cheap and share \
         the configuration, credentials cache and HTTP connections. Each method starts a fluent builder; \
         set the input members on it, then call `send().await`."
    ));
    let rt_handle = runtime::handle();
    Ok(quote! {
        #header
        use crate::config::Config;
        use #rt_handle;
        use std::sync::Arc;

        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: Arc<Handle>,
        }

        impl Client {
            /// A client using `conf`.
            pub fn from_conf(conf: Config) -> Self {
                Self {
                    handle: Arc::new(Handle::new(conf, &crate::endpoint::SERVICE)),
                }
            }

            /// The configuration of this client.
            pub fn config(&self) -> &Config {
                self.handle.config()
            }

            #(#methods)*
        }
    })
}
