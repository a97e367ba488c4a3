//! `src/types/mod.rs` (every named shape) and `src/types/builders.rs` (their builders).

use super::structure::{self, fields};
use super::{docs, ident, runtime, Context, EmitError};
use crate::model::{EnumShape, Shape};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/mod.rs`.
pub(crate) fn emit(ctx: &Context<'_>) -> Result<TokenStream, EmitError> {
    let mut items = Vec::new();
    let mut uses_json = false;
    let has_enums = ctx
        .service
        .shapes
        .values()
        .any(|s| matches!(s, Shape::Enum(_)));
    for (name, shape) in &ctx.service.shapes {
        let sent = ctx.sent.contains(name);
        let received = ctx.received.contains(name);
        uses_json |= sent || received;
        items.push(match shape {
            Shape::Structure(s) => {
                let ty = ident(&naming::type_name(name));
                let builder = ident(&naming::builder_name(name));
                let fields = fields(ctx, s)?;
                let docs = docs::or(s.docs.as_deref(), || format!("The `{name}` structure."));
                let path = quote!(#ty);
                let mut tokens = structure::definition(
                    &fields,
                    &ty,
                    &docs,
                    &quote!(crate::types::builders::#builder),
                    None,
                );
                if sent {
                    tokens.extend(structure::to_json_impl(&fields, &path));
                }
                if received {
                    tokens.extend(structure::from_json_impl(&fields, &path, false));
                }
                tokens
            }
            Shape::Enum(e) => enumeration(e, sent, received),
        });
    }
    let header = docs::inner(
        "Data types of the service: the structures and enums its operations send and receive.",
    );
    let json = if uses_json {
        let rt_json = runtime::json();
        quote!(
            use #rt_json;
        )
    } else {
        TokenStream::new()
    };
    let unknown = if has_enums {
        unknown_variant_value()
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #header
        #json

        pub mod builders;
        pub mod error;

        #unknown
        #(#items)*
    })
}

/// `src/types/builders.rs`.
pub(crate) fn emit_builders(ctx: &Context<'_>) -> Result<TokenStream, EmitError> {
    let mut items = Vec::new();
    for (name, shape) in &ctx.service.shapes {
        if let Shape::Structure(s) = shape {
            let ty = ident(&naming::type_name(name));
            let builder = ident(&naming::builder_name(name));
            let fields = fields(ctx, s)?;
            items.push(structure::builder(
                &fields,
                &builder,
                &quote!(crate::types::#ty),
                false,
            )?);
        }
    }
    let header = docs::inner("Builders for the structures in [`types`](crate::types).");
    let uses = if ctx
        .service
        .shapes
        .values()
        .any(|s| matches!(s, Shape::Structure(s) if structure::has_required(s)))
    {
        quote!(
            use crate::error::BuildError;
        )
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #header
        #uses
        #(#items)*
    })
}

/// The newtype holding values no enum variant names.
fn unknown_variant_value() -> TokenStream {
    quote! {
        /// A value of an enum that this version of the SDK does not know, as the service sent it.
        ///
        /// Enums hold it in their `Unknown` variant; create one with `From<&str>` on the enum.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct UnknownVariantValue(String);

        impl UnknownVariantValue {
            /// The raw value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for UnknownVariantValue {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}

/// A string enum with an `Unknown` catch-all.
fn enumeration(e: &EnumShape, sent: bool, received: bool) -> TokenStream {
    let ty = ident(&naming::type_name(&e.name));
    let docs = docs::outer(&docs::or(e.docs.as_deref(), || {
        format!("The values of `{}`.", e.name)
    }));
    let variant_names = naming::variant_names(&e.values);
    let variants: Vec<_> = variant_names.iter().map(|v| ident(v)).collect();
    let values = &e.values;
    let unknown = ident(naming::UNKNOWN_VARIANT);
    let variant_docs = values.iter().map(|v| docs::outer(&format!("`{v}`")));
    let json = {
        let mut tokens = TokenStream::new();
        if sent {
            tokens.extend(quote! {
                impl json::ToJson for #ty {
                    fn write_json(&self, writer: &mut json::Writer) {
                        writer.string(self.as_str());
                    }
                }
            });
        }
        if received {
            tokens.extend(quote! {
                impl json::FromJson for #ty {
                    fn read_json(reader: &mut json::Reader<'_>) -> Result<Self, json::JsonError> {
                        reader.string().map(|value| Self::from(value.as_ref()))
                    }
                }
            });
        }
        tokens
    };
    quote! {
        #docs
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ty {
            #( #variant_docs #variants, )*
            /// A value this version of the SDK does not know; it holds the raw string.
            #unknown(UnknownVariantValue),
        }

        impl #ty {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// All values this version of the SDK knows.
            pub fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl From<&str> for #ty {
            fn from(s: &str) -> Self {
                match s {
                    #( #values => Self::#variants, )*
                    other => Self::#unknown(UnknownVariantValue(other.to_owned())),
                }
            }
        }

        impl std::str::FromStr for #ty {
            type Err = std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl AsRef<str> for #ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for #ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #json
    }
}
