//! `src/lib.rs`: crate docs with an example, modules and re-exports.

use super::structure::has_required;
use super::{docs, runtime, Context, EmitError};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/lib.rs`.
pub(crate) fn emit(ctx: &Context<'_>) -> Result<TokenStream, EmitError> {
    let s = ctx.service;
    let ops = &s.operations;
    // The example calls an operation that needs no input: preferably a paginated one (a listing).
    let example_op = ops
        .iter()
        .find(|op| op.paginator.is_some() && !has_required(&op.input))
        .or_else(|| ops.iter().find(|op| !has_required(&op.input)))
        .or_else(|| ops.first());
    let crate_name = &ctx.options.crate_name;
    let call = match example_op {
        Some(op) => format!(
            "let output = client.{}().send().await?;\nprintln!(\"{{output:?}}\");\n",
            naming::method_name(&op.name)
        ),
        None => String::new(),
    };
    let mut text = docs::or(s.docs.as_deref(), || format!("A client for {}.", s.title));
    text.push_str(&format!(
        "\n\n# Example\n\n```no_run\n\
         use {crate_name}::{{Client, Config, Credentials, Region}};\n\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let config = Config::builder()\n    .region(Region::new(\"us-east-1\"))\n    \
         .credentials_provider(Credentials::new(\"AKID\", \"SECRET\", None))\n    .build();\n\
         let client = Client::from_conf(config);\n\
         {call}\
         # Ok(())\n# }}\n```"
    ));
    if !s.omitted_operations.is_empty() {
        text.push_str("\n\n# Not generated\n\nThese operations of the document are left out:\n");
        for (name, why) in &s.omitted_operations {
            text.push_str(&format!("\n* `{name}`: {why}."));
        }
    }
    let header = docs::inner(&text);
    let modules = runtime::public_modules();
    let root = runtime::root_reexports();
    Ok(quote! {
        #header
        #![warn(missing_docs)]

        pub use #modules;
        pub use #root;

        pub mod client;
        mod endpoint;
        pub mod operation;
        pub mod types;

        pub use client::Client;
    })
}
