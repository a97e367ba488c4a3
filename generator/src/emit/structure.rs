//! What every structure gets, wherever it lives (`types`, operation inputs and outputs): the
//! struct with its getters, a builder, fluent setters, and the JSON conversions.

use super::{byte_stream_type, docs, ident, runtime, rust_type, Context, EmitError};
use crate::model::{Location, Member, Structure, TypeRef};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The text `Debug` prints instead of a sensitive value.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A member with its Rust names and types worked out.
pub(crate) struct Field<'a> {
    pub member: &'a Member,
    /// Field (and getter, and setter) identifier: `stage_arn`, `r#type`.
    pub ident: Ident,
    /// The field name as `Debug` shows it (no `r#`).
    pub plain: String,
    /// The type without `Option`.
    pub ty: TokenStream,
    /// The item type of a list or the value type of a map, the boxed type of a boxed member,
    /// else the same as `ty`.
    pub element: TokenStream,
    /// Held in a `Box` (`ty` is `Box<element>`): the member closes a cycle of structures.
    pub boxed: bool,
    /// A streamed payload ([`is_streamed`]): `ty` is a `ByteStream`, never in an `Option`
    /// (empty when there is no body), and never required to build.
    pub streamed: bool,
    /// Rustdoc for the field.
    pub docs: String,
}

impl Field<'_> {
    /// The field type: `T` when required (or streamed), `Option<T>` otherwise.
    pub fn field_type(&self) -> TokenStream {
        let ty = &self.ty;
        if self.member.required || self.streamed {
            quote!(#ty)
        } else {
            quote!(Option<#ty>)
        }
    }

    pub(crate) fn setter(&self) -> Ident {
        ident(&naming::setter_name(&self.member.name))
    }

    fn getter(&self) -> Ident {
        ident(&naming::getter_name(&self.member.name))
    }
}

/// Whether `member` of an operation's input or output is its streamed payload: the whole body,
/// a blob the model marks `streaming`, a `ByteStream` (an output's read as it arrives; an
/// input's sent from memory, or from a file as it is read).
pub(crate) fn is_streamed(member: &Member) -> bool {
    member.location == (Location::Payload { streaming: true }) && member.target == TypeRef::Blob
}

/// The fields of `s`, a structure that is not an operation's output (an input, a shape, an
/// error): an input's streamed payload is a `ByteStream`.
pub(crate) fn fields<'a>(ctx: &Context<'_>, s: &'a Structure) -> Result<Vec<Field<'a>>, EmitError> {
    fields_of(ctx, s, false)
}

/// The fields of an operation's output `s`: a streamed payload is a `ByteStream`.
pub(crate) fn output_fields<'a>(
    ctx: &Context<'_>,
    s: &'a Structure,
) -> Result<Vec<Field<'a>>, EmitError> {
    fields_of(ctx, s, true)
}

/// The output's streamed payload field, if it has one.
pub(crate) fn streamed_field<'f, 'a>(fields: &'f [Field<'a>]) -> Option<&'f Field<'a>> {
    fields.iter().find(|f| f.streamed)
}

/// Whether building the output `s` can fail: it has required members other than a streamed
/// payload (which defaults to an empty stream).
pub(crate) fn output_has_required(s: &Structure) -> bool {
    s.members.iter().any(|m| m.required && !is_streamed(m))
}

/// The fields of `s`; `output`: `s` is an operation's output.
fn fields_of<'a>(
    ctx: &Context<'_>,
    s: &'a Structure,
    output: bool,
) -> Result<Vec<Field<'a>>, EmitError> {
    s.members
        .iter()
        .map(|member| {
            let name = naming::field_name(&member.name);
            let streamed = is_streamed(member);
            let mut ty = if streamed {
                byte_stream_type()
            } else {
                rust_type(&member.target)
            };
            let (_, element) = element_type(&member.target);
            let boxed = ctx.boxed.contains(&(s.name.clone(), member.name.clone()));
            if boxed {
                ty = quote!(Box<#ty>);
            }
            let mut docs = docs::or(member.docs.as_deref(), || {
                format!("The `{}` member.", member.wire_name)
            });
            if let Some(plain) = &member.renamed_from {
                docs.push_str(&renamed_note(member, &naming::field_name(plain)));
            }
            match &member.location {
                Location::Header(header) => {
                    docs.push_str(&format!("\n\nCarried in the `{header}` HTTP header."));
                }
                Location::Payload { .. } if streamed && output => {
                    docs.push_str(&streamed_doc(&name));
                }
                Location::Payload { .. } if streamed => docs.push_str(STREAMED_INPUT_DOC),
                Location::Payload { streaming } => {
                    docs.push_str("\n\nThe whole HTTP body.");
                    if *streaming {
                        docs.push_str(" The service streams it; the SDK reads it whole.");
                    }
                }
                Location::StatusCode => docs.push_str("\n\nThe HTTP status code of the response."),
                Location::HeaderMap(prefix) if output && prefix.is_empty() => docs.push_str(
                    "\n\nEvery HTTP header of the response, by name (in lower case, as the \
                     built-in client reads names; repeated headers joined with `, `).",
                ),
                Location::HeaderMap(prefix) if output => docs.push_str(&format!(
                    "\n\nThe HTTP headers of the response whose names start with `{prefix}`, by \
                     the rest of their name (in lower case, as the built-in client reads names; \
                     repeated headers joined with `, `)."
                )),
                Location::HeaderMap(prefix) => docs.push_str(&format!(
                    "\n\nEach entry is sent as the HTTP header `{prefix}<key>`."
                )),
                Location::Body | Location::Path | Location::Query(_) => {}
            }
            if member.idempotency_token {
                docs.push_str(
                    "\n\nWhen left unset, the SDK fills in a fresh random UUID (v4) when the \
                     input is built, and sends that same value on every retry of the call.",
                );
            }
            Ok(Field {
                element,
                boxed,
                streamed,
                member,
                ident: ident(&name),
                plain: name.trim_start_matches("r#").to_owned(),
                ty,
                docs,
            })
        })
        .collect()
}

/// The rustdoc paragraphs of an input's streamed payload.
const STREAMED_INPUT_DOC: &str = "\n\nThe whole HTTP body, sent as it is. From memory: \
    `ByteStream::from(bytes)`. From a file: `ByteStream::from_path(path).await?`, which the \
    built-in HTTP client reads as it sends it (again for each attempt; once more before, to sign \
    its hash, unless the operation's body is unsigned), so the file is never held in memory \
    whole; it must keep its length until the call ends. Any other stream \
    (`ByteStream::from_stream`) is read into memory before the request is sent. Empty when \
    unset.";

/// The rustdoc paragraphs of an output's streamed payload, field `field`: how it is read and
/// what it holds meanwhile.
fn streamed_doc(field: &str) -> String {
    format!(
        "\n\nThe whole HTTP body, read as it arrives: the output is returned once the \
         response's head has arrived, and this [`ByteStream`](crate::primitives::ByteStream) \
         holds the connection until it is read to its end (the connection then goes back to the \
         pool) or dropped (the connection is then closed). Empty when the response has no body. \
         Each read waits at most the read timeout; the operation's timeouts and retries end \
         when the head has arrived.\n\n\
         Read it whole with `output.{field}.collect().await?` (one `Bytes`), piece by piece \
         with `while let Some(piece) = output.{field}.next().await {{ … }}`, or as a \
         `tokio::io::AsyncRead` with `output.{field}.into_async_read()` (to \
         `tokio::io::copy` it into a file)."
    )
}

/// The rustdoc paragraph of a member whose name got a suffix (`naming::member_names`): the wire
/// name it carries, and why its Rust name is not the plain one.
fn renamed_note(member: &Member, plain_name: &str) -> String {
    let wire = &member.wire_name;
    let carries = match &member.location {
        Location::Body => format!("Carries the JSON member `{wire}`. "),
        Location::Path => format!("Carries the path label `{{{wire}}}`. "),
        Location::Query(key) => format!("Carries the query parameter `{key}`. "),
        // The header paragraph follows.
        Location::Header(_) => String::new(),
        Location::Payload { .. } | Location::StatusCode | Location::HeaderMap(_) => String::new(),
    };
    let plain_name = plain_name.trim_start_matches("r#");
    format!(
        "\n\n{carries}Its plain Rust name, `{plain_name}`, belongs to a member before it in \
         this structure (the first member keeps a name, later ones are numbered)."
    )
}

/// Whether building `s` can fail (it has required members).
pub(crate) fn has_required(s: &Structure) -> bool {
    s.members.iter().any(|m| m.required)
}

/// The field of an operation output holding its response metadata (request id, status).
pub(crate) const RESPONSE_METADATA: &str = "_response_metadata";

/// The struct `ty` with `docs`, its `builder()` (returning `builder_path`) and its getters;
/// outputs also keep their response metadata (a field of type `metadata`).
pub(crate) fn definition(
    fields: &[Field<'_>],
    ty: &Ident,
    docs: &str,
    builder_path: &TokenStream,
    metadata: Option<&TokenStream>,
) -> TokenStream {
    let sensitive = fields.iter().any(|f| f.member.sensitive);
    // A `ByteStream` is read once: neither `Clone` nor `PartialEq`.
    let streamed = fields.iter().any(|f| f.streamed);
    let derives = match (sensitive, streamed) {
        (true, false) => quote!(#[derive(Clone, PartialEq)]),
        (false, false) => quote!(#[derive(Clone, PartialEq, Debug)]),
        (true, true) => TokenStream::new(),
        (false, true) => quote!(#[derive(Debug)]),
    };
    let doc_attrs = docs::outer(docs);
    let defs = fields.iter().map(|f| {
        let doc = docs::outer(&f.docs);
        let name = &f.ident;
        let ty = f.field_type();
        quote! { #doc pub #name: #ty, }
    });
    let metadata_def = metadata.map(|ty| {
        let name = ident(RESPONSE_METADATA);
        quote! {
            /// The request id and status of the response (see the `RequestId` trait).
            pub(crate) #name: #ty,
        }
    });
    let getters = fields.iter().map(getter);
    let builder_doc = docs::outer(&format!("A builder for [`{ty}`]."));
    let debug = if sensitive {
        debug_impl(ty, fields)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc_attrs
        #derives
        pub struct #ty {
            #(#defs)*
            #metadata_def
        }

        impl #ty {
            #builder_doc
            pub fn builder() -> #builder_path {
                #builder_path::default()
            }
            #(#getters)*
        }

        #debug
    }
}

/// A `Debug` impl that hides sensitive members.
fn debug_impl(ty: &Ident, fields: &[Field<'_>]) -> TokenStream {
    let name = ty.to_string();
    let entries = fields.iter().map(|f| {
        let plain = &f.plain;
        let ident = &f.ident;
        if f.member.sensitive {
            quote!(.field(#plain, &#REDACTED))
        } else {
            quote!(.field(#plain, &self.#ident))
        }
    });
    quote! {
        impl std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
}

/// A borrowing getter like the official SDK's: `Option<&str>`, `&[T]`, `Option<&T>`, copies for scalars.
fn getter(f: &Field<'_>) -> TokenStream {
    let name = &f.ident;
    let doc = docs::outer(&f.docs);
    let required = f.member.required;
    let (ret, body) = match &f.member.target {
        _ if f.streamed => {
            let ty = &f.ty;
            (quote!(&#ty), quote!(&self.#name))
        }
        TypeRef::String if required => (quote!(&str), quote!(&self.#name)),
        TypeRef::String => (quote!(Option<&str>), quote!(self.#name.as_deref())),
        TypeRef::Boolean
        | TypeRef::Integer
        | TypeRef::Long
        | TypeRef::Float
        | TypeRef::Double
        | TypeRef::Timestamp => {
            let ty = &f.ty;
            let ret = if required {
                quote!(#ty)
            } else {
                quote!(Option<#ty>)
            };
            (ret, quote!(self.#name))
        }
        TypeRef::List(_) => {
            let item = &f.element;
            if required {
                (quote!(&[#item]), quote!(&self.#name))
            } else {
                (
                    quote!(&[#item]),
                    quote!(self.#name.as_deref().unwrap_or_default()),
                )
            }
        }
        _ if f.boxed => {
            let ty = &f.element;
            if required {
                (quote!(&#ty), quote!(&self.#name))
            } else {
                (quote!(Option<&#ty>), quote!(self.#name.as_deref()))
            }
        }
        _ => {
            let ty = &f.ty;
            if required {
                (quote!(&#ty), quote!(&self.#name))
            } else {
                (quote!(Option<&#ty>), quote!(self.#name.as_ref()))
            }
        }
    };
    quote! {
        #doc
        pub fn #name(&self) -> #ret {
            #body
        }
    }
}

/// How a setter takes one value of `target`: the parameter type and the conversion of `input`.
fn param(target: &TypeRef, ty: &TokenStream, input: &Ident) -> (TokenStream, TokenStream) {
    match target {
        TypeRef::String => (quote!(impl Into<String>), quote!(#input.into())),
        TypeRef::Blob => (quote!(impl Into<#ty>), quote!(#input.into())),
        _ => (quote!(#ty), quote!(#input)),
    }
}

/// The element type of a list or map type: `Vec<T>` / `HashMap<String, T>` → `T`.
fn element_type(target: &TypeRef) -> (TypeRef, TokenStream) {
    match target {
        TypeRef::List(inner) | TypeRef::Map(inner) => ((**inner).clone(), rust_type(inner)),
        other => (other.clone(), rust_type(other)),
    }
}

/// Method names clippy's `should_implement_trait` reserves for standard traits' methods
/// (`add`, `next`, …): a member setter named like one (Security Hub's `add`) is allowed to be.
const TRAIT_METHOD_NAMES: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// `#[allow(clippy::should_implement_trait)]` on the value setter of `f` if it needs it.
fn trait_method_allow(f: &Field<'_>) -> TokenStream {
    if TRAIT_METHOD_NAMES.contains(&f.plain.as_str()) {
        quote!(#[allow(clippy::should_implement_trait)])
    } else {
        TokenStream::new()
    }
}

/// The builder `builder` of the struct at `struct_path`.
pub(crate) fn builder(
    fields: &[Field<'_>],
    builder: &Ident,
    struct_path: &TokenStream,
    metadata: bool,
) -> Result<TokenStream, EmitError> {
    let sensitive = fields.iter().any(|f| f.member.sensitive);
    let streamed = fields.iter().any(|f| f.streamed);
    let derives = match (sensitive, streamed) {
        (true, false) => quote!(#[derive(Clone, PartialEq, Default)]),
        (false, false) => quote!(#[derive(Clone, PartialEq, Default, Debug)]),
        (true, true) => quote!(#[derive(Default)]),
        (false, true) => quote!(#[derive(Default, Debug)]),
    };
    let type_name = struct_path.to_string().replace(' ', "");
    let short = type_name
        .rsplit("::")
        .next()
        .unwrap_or(&type_name)
        .to_owned();
    // Link targets only where the short name is not in scope (rustdoc flags redundant ones).
    let link = if short == type_name {
        format!("[`{short}`]")
    } else {
        format!("[`{short}`]({type_name})")
    };
    let doc = docs::outer(&format!("A builder for {link}."));
    let article = docs::article(&short);
    let defs = fields.iter().map(|f| {
        let name = &f.ident;
        let ty = &f.ty;
        quote!(pub(crate) #name: Option<#ty>,)
    });
    let mut methods = Vec::new();
    for f in fields {
        let name = &f.ident;
        let setter = f.setter();
        let getter = f.getter();
        let ty = &f.ty;
        let input = ident("input");
        let mut doc_text = f.docs.clone();
        if f.member.required && !f.streamed {
            doc_text.push_str("\n\nThis member is required.");
        }
        let allow = trait_method_allow(f);
        let value_setter = match &f.member.target {
            TypeRef::List(_) => {
                let (item_target, item_ty) = element_type(&f.member.target);
                let (p, conv) = param(&item_target, &item_ty, &input);
                let doc = docs::outer(&format!(
                    "Appends an item to `{}`.\n\nTo override the contents of this collection use [`{setter}`](Self::{setter}).\n\n{doc_text}",
                    f.plain
                ));
                quote! {
                    #doc
                    #allow
                    pub fn #name(mut self, #input: #p) -> Self {
                        let mut v = self.#name.unwrap_or_default();
                        v.push(#conv);
                        self.#name = Some(v);
                        self
                    }
                }
            }
            TypeRef::Map(_) => {
                let (value_target, value_ty) = element_type(&f.member.target);
                let k = ident("k");
                let v = ident("v");
                let (p, conv) = param(&value_target, &value_ty, &v);
                let doc = docs::outer(&format!(
                    "Adds a key-value pair to `{}`.\n\nTo override the contents of this collection use [`{setter}`](Self::{setter}).\n\n{doc_text}",
                    f.plain
                ));
                quote! {
                    #doc
                    #allow
                    pub fn #name(mut self, #k: impl Into<String>, #v: #p) -> Self {
                        let mut hash_map = self.#name.unwrap_or_default();
                        hash_map.insert(#k.into(), #conv);
                        self.#name = Some(hash_map);
                        self
                    }
                }
            }
            target => {
                let (p, conv) = if f.boxed {
                    let element = &f.element;
                    (quote!(#element), quote!(Box::new(#input)))
                } else {
                    param(target, ty, &input)
                };
                let doc = docs::outer(&doc_text);
                quote! {
                    #doc
                    #allow
                    pub fn #name(mut self, #input: #p) -> Self {
                        self.#name = Some(#conv);
                        self
                    }
                }
            }
        };
        let set_doc = docs::outer(&doc_text);
        let get_doc = docs::outer(&doc_text);
        methods.push(quote! {
            #value_setter
            #set_doc
            pub fn #setter(mut self, #input: Option<#ty>) -> Self {
                self.#name = #input;
                self
            }
            #get_doc
            pub fn #getter(&self) -> &Option<#ty> {
                &self.#name
            }
        });
    }
    let inits = fields.iter().map(|f| {
        let name = &f.ident;
        if f.streamed {
            // No body is an empty stream.
            quote!(#name: self.#name.unwrap_or_default(),)
        } else if f.member.required {
            let plain = &f.plain;
            let details =
                format!("`{plain}` was not specified but it is required when building `{short}`");
            quote! {
                #name: self.#name.ok_or_else(|| BuildError::missing_field(#plain, #details))?,
            }
        } else if f.member.idempotency_token {
            let token = runtime::idempotency_token();
            quote!(#name: self.#name.or_else(|| Some(#token())),)
        } else {
            quote!(#name: self.#name,)
        }
    });
    let metadata_init = metadata.then(|| {
        let name = ident(RESPONSE_METADATA);
        quote!(#name: Default::default(),)
    });
    let build = if fields.iter().any(|f| f.member.required && !f.streamed) {
        let required: Vec<String> = fields
            .iter()
            .filter(|f| f.member.required && !f.streamed)
            .map(|f| format!("`{}`", f.plain))
            .collect();
        let doc = docs::outer(&format!(
            "Builds {article} {link}.\n\nFails with a [`BuildError`] if a required member is not set: {}.",
            required.join(", ")
        ));
        quote! {
            #doc
            pub fn build(self) -> Result<#struct_path, BuildError> {
                Ok(#struct_path { #(#inits)* #metadata_init })
            }
        }
    } else {
        let doc = docs::outer(&format!("Builds {article} {link}."));
        quote! {
            #doc
            pub fn build(self) -> #struct_path {
                #struct_path { #(#inits)* #metadata_init }
            }
        }
    };
    let debug = if sensitive {
        let name = builder.to_string();
        let entries = fields.iter().map(|f| {
            let plain = &f.plain;
            let ident = &f.ident;
            if f.member.sensitive {
                quote!(.field(#plain, &#REDACTED))
            } else {
                quote!(.field(#plain, &self.#ident))
            }
        });
        quote! {
            impl std::fmt::Debug for #builder {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#name) #(#entries)* .finish()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #doc
        #derives
        pub struct #builder {
            #(#defs)*
        }

        impl #builder {
            #(#methods)*
            #build
        }

        #debug
    })
}

/// Setters of a fluent builder, delegating to its `inner` input builder.
pub(crate) fn fluent_setters(fields: &[Field<'_>]) -> Result<TokenStream, EmitError> {
    let mut methods = Vec::new();
    for f in fields {
        let name = &f.ident;
        let setter = f.setter();
        let getter = f.getter();
        let ty = &f.ty;
        let input = ident("input");
        let mut doc_text = f.docs.clone();
        if f.member.required && !f.streamed {
            doc_text.push_str("\n\nThis member is required.");
        }
        let allow = trait_method_allow(f);
        let value_setter = match &f.member.target {
            TypeRef::Map(_) => {
                let (value_target, value_ty) = element_type(&f.member.target);
                let k = ident("k");
                let v = ident("v");
                let (p, _) = param(&value_target, &value_ty, &v);
                let doc = docs::outer(&format!(
                    "Adds a key-value pair to `{}`.\n\nTo override the contents of this collection use [`{setter}`](Self::{setter}).\n\n{doc_text}",
                    f.plain
                ));
                quote! {
                    #doc
                    #allow
                    pub fn #name(mut self, #k: impl Into<String>, #v: #p) -> Self {
                        self.inner = self.inner.#name(#k, #v);
                        self
                    }
                }
            }
            target => {
                // A streamed payload takes `impl Into<ByteStream>`.
                let (item_target, item_ty) = if f.streamed {
                    (target.clone(), ty.clone())
                } else {
                    element_type(target)
                };
                let (p, _) = param(&item_target, &item_ty, &input);
                let doc = if matches!(target, TypeRef::List(_)) {
                    docs::outer(&format!(
                        "Appends an item to `{}`.\n\nTo override the contents of this collection use [`{setter}`](Self::{setter}).\n\n{doc_text}",
                        f.plain
                    ))
                } else {
                    docs::outer(&doc_text)
                };
                quote! {
                    #doc
                    #allow
                    pub fn #name(mut self, #input: #p) -> Self {
                        self.inner = self.inner.#name(#input);
                        self
                    }
                }
            }
        };
        let set_doc = docs::outer(&doc_text);
        let get_doc = docs::outer(&doc_text);
        methods.push(quote! {
            #value_setter
            #set_doc
            pub fn #setter(mut self, #input: Option<#ty>) -> Self {
                self.inner = self.inner.#setter(#input);
                self
            }
            #get_doc
            pub fn #getter(&self) -> &Option<#ty> {
                self.inner.#getter()
            }
        });
    }
    Ok(quote!(#(#methods)*))
}

/// `impl ToJson for ty`: an object with the members that are set, written straight into the
/// body's buffer.
pub(crate) fn to_json_impl(fields: &[Field<'_>], ty: &TokenStream) -> TokenStream {
    let body = if fields.is_empty() {
        quote!(writer.object(|_| {});)
    } else {
        let object = ident("object");
        let writes = member_writes(fields.iter(), &quote!(self), &object);
        quote! {
            writer.object(|#object| {
                #(#writes)*
            });
        }
    };
    quote! {
        impl json::ToJson for #ty {
            fn write_json(&self, writer: &mut json::Writer) {
                #body
            }
        }
    }
}

/// Statements writing `fields` of `owner` as members of the object being written, `object`,
/// sorted by member name (so the bytes do not depend on the document's order).
pub(crate) fn member_writes<'a>(
    fields: impl Iterator<Item = &'a Field<'a>>,
    owner: &TokenStream,
    object: &Ident,
) -> Vec<TokenStream> {
    let mut fields: Vec<&Field<'_>> = fields.collect();
    fields.sort_by(|a, b| a.member.wire_name.cmp(&b.member.wire_name));
    fields
        .into_iter()
        .map(|f| {
            let key = &f.member.wire_name;
            let name = &f.ident;
            if f.member.required {
                quote!(#object.member(#key, &#owner.#name);)
            } else {
                quote!(#object.optional(#key, &#owner.#name);)
            }
        })
        .collect()
}

/// Whether a member at `location` is a member of a JSON body object.
fn in_json_body(location: &Location) -> bool {
    matches!(
        location,
        Location::Body | Location::Path | Location::Query(_)
    )
}

/// `impl FromJson for ty`, reading the object in one pass: each known member into a local
/// (`null` is absent; a repeated member, the last one wins), unknown members skipped; then
/// required lists and maps default to empty and other required members must be present.
pub(crate) fn from_json_impl(
    fields: &[Field<'_>],
    ty: &TokenStream,
    metadata: bool,
) -> TokenStream {
    let in_body = |f: &&Field<'_>| in_json_body(&f.member.location);
    let body_fields: Vec<&Field<'_>> = fields.iter().filter(in_body).collect();
    // The closure's parameters must not shadow a member's local.
    let free = |base: &str| {
        let mut name = base.to_string();
        while fields.iter().any(|f| f.ident == name.as_str()) {
            name.push('_');
        }
        ident(&name)
    };
    let (reader, member) = (free("reader"), free("member"));
    let metadata_init = metadata.then(|| {
        let name = ident(RESPONSE_METADATA);
        quote!(#name: Default::default(),)
    });
    let locals = body_fields.iter().map(|f| {
        let name = &f.ident;
        quote!(let mut #name = None;)
    });
    let arms = body_fields.iter().map(|f| {
        let key = &f.member.wire_name;
        let name = &f.ident;
        quote!(#key => #name = #reader.optional()?,)
    });
    let read = if body_fields.is_empty() {
        quote!(#reader.object(|#reader, _| #reader.skip())?;)
    } else {
        quote! {
            #(#locals)*
            #reader.object(|#reader, #member| {
                match #member {
                    #(#arms)*
                    _ => #reader.skip()?,
                }
                Ok(())
            })?;
        }
    };
    let inits = fields.iter().map(|f| {
        let key = &f.member.wire_name;
        let name = &f.ident;
        if f.streamed {
            // Set to the response's body by the operation's `send`.
            return quote!(#name: Default::default(),);
        }
        if !in_json_body(&f.member.location) {
            // Read from the response's headers, status or whole body by the operation's `send`.
            return quote!(#name: None,);
        }
        match (&f.member.target, f.member.required) {
            (TypeRef::List(_) | TypeRef::Map(_), true) => quote!(#name: #name.unwrap_or_default(),),
            (_, true) => quote!(#name: json::required(#name, #key)?,),
            (_, false) => quote!(#name,),
        }
    });
    quote! {
        impl json::FromJson for #ty {
            fn read_json(#reader: &mut json::Reader<'_>) -> Result<Self, json::JsonError> {
                #read
                Ok(Self { #(#inits)* #metadata_init })
            }
        }
    }
}
