//! `src/types/error.rs`: one struct per error shape.

use super::structure::fields;
use super::{docs, ident, Context, EmitError};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/error.rs`.
pub(crate) fn emit(ctx: &Context<'_>) -> Result<TokenStream, EmitError> {
    let mut items = Vec::new();
    for (name, error) in &ctx.service.errors {
        let ty = ident(&naming::type_name(name));
        let mut text = docs::or(error.docs.as_deref(), || {
            format!(
                "The service returned {} `{name}` error.",
                docs::article(name)
            )
        });
        if let Some(status) = error.http_status {
            text.push_str(&format!(
                "\n\nThe service answers with HTTP status {status}."
            ));
        }
        let doc = docs::outer(&text);
        let structure = crate::model::Structure {
            name: name.clone(),
            docs: None,
            members: error.members.clone(),
        };
        // `message` is read from the error metadata; other declared members are kept as fields.
        let extra: Vec<_> = fields(ctx, &structure)?
            .into_iter()
            .filter(|f| f.plain != "message" && f.plain != "meta")
            .map(|f| (f.ident, f.ty, f.docs))
            .collect();
        let extra_defs = extra.iter().map(|(name, ty, doc)| {
            let doc = docs::outer(&format!(
                "{doc}\n\nThe error metadata does not carry the response body, so this is `None` unless set by hand."
            ));
            quote! { #doc pub #name: Option<#ty>, }
        });
        let extra_inits = extra.iter().map(|(name, _, _)| quote!(#name: None,));
        items.push(quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            pub struct #ty {
                meta: ErrorMetadata,
                #(#extra_defs)*
            }

            impl #ty {
                /// The error carried by `meta`.
                pub fn from_meta(meta: ErrorMetadata) -> Self {
                    Self {
                        meta,
                        #(#extra_inits)*
                    }
                }

                /// The error message, if the service sent one.
                pub fn message(&self) -> Option<&str> {
                    self.meta.message()
                }

                /// Code, message, request id and HTTP status of the response.
                pub fn meta(&self) -> &ErrorMetadata {
                    &self.meta
                }
            }

            impl std::fmt::Display for #ty {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(#name)?;
                    if let Some(message) = self.meta.message() {
                        write!(f, ": {message}")?;
                    }
                    Ok(())
                }
            }

            impl std::error::Error for #ty {}

            impl ProvideErrorMetadata for #ty {
                fn meta(&self) -> &ErrorMetadata {
                    &self.meta
                }
            }
        });
    }
    let header =
        docs::inner("Errors the service can return, shared by the operations' error enums.");
    let uses = if items.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            use crate::error::{ErrorMetadata, ProvideErrorMetadata};
        )
    };
    Ok(quote! {
        #header
        #uses
        #(#items)*
    })
}
