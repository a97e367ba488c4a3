//! `src/operation/mod.rs` and one `src/operation/<op>.rs` per operation: input (and its request
//! serialization), output (and its parsing), error enum, fluent builder and paginators.

use super::structure::{self, fields, has_required, Field};
use super::{docs, ident, runtime, rust_type, Context, EmitError};
use crate::model::{HttpMethod, Location, Operation, PathPart, Shape, TypeRef};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `src/operation/mod.rs`.
pub(crate) fn emit_mod(ctx: &Context<'_>) -> TokenStream {
    let header = docs::inner(
        "The operations of the service, one module each: input, output, error enum, fluent builder and, \
         for paginated operations, paginators. Start from the [`Client`](crate::Client) methods.",
    );
    let mods = ctx.service.operations.iter().map(|op| {
        let module = ident(&naming::module_name(&op.name));
        let method = naming::method_name(&op.name);
        let doc = docs::outer(&format!(
            "The `{}` operation ([`Client::{method}`](crate::Client::{method})).",
            op.name
        ));
        quote! { #doc pub mod #module; }
    });
    quote! {
        #header
        #(#mods)*
    }
}

/// Names used throughout one operation module.
struct Names {
    op: String,
    method: String,
    input: Ident,
    input_builder: Ident,
    output: Ident,
    output_builder: Ident,
    error: Ident,
    fluent: Ident,
}

/// `src/operation/<op>.rs`.
pub(crate) fn emit(ctx: &Context<'_>, op: &Operation) -> Result<TokenStream, EmitError> {
    let names = Names {
        op: op.name.clone(),
        method: naming::method_name(&op.name),
        input: ident(&naming::type_name(&op.input.name)),
        input_builder: ident(&naming::builder_name(&op.input.name)),
        output: ident(&naming::type_name(&op.output.name)),
        output_builder: ident(&naming::builder_name(&op.output.name)),
        error: ident(&naming::operation_error_name(&op.name)),
        fluent: ident(&naming::fluent_builder_name(&op.name)),
    };
    let input_fields = fields(ctx, &op.input)?;
    let output_fields = structure::output_fields(ctx, &op.output)?;
    let method = &names.method;

    let header = docs::inner(&format!(
        "The `{}` operation: start it with [`Client::{method}`](crate::Client::{method}).",
        op.name
    ));

    let input = {
        let ty = &names.input;
        let docs = format!("The input of [`{}`](crate::Client::{method}).", op.name);
        let builder = &names.input_builder;
        let mut tokens = structure::definition(&input_fields, ty, &docs, &quote!(#builder), None);
        tokens.extend(structure::builder(
            &input_fields,
            builder,
            &quote!(#ty),
            false,
        )?);
        tokens.extend(request_impl(ctx, op, &names, &input_fields)?);
        tokens
    };

    let output = {
        let ty = &names.output;
        let docs = docs::or(op.output.docs.as_deref(), || {
            format!("The output of [`{}`](crate::Client::{method}).", op.name)
        });
        let builder = &names.output_builder;
        let (metadata_ty, request_id) = (quote!(ResponseMetadata), quote!(RequestId));
        let mut tokens = structure::definition(
            &output_fields,
            ty,
            &docs,
            &quote!(#builder),
            Some(&metadata_ty),
        );
        tokens.extend(structure::builder(
            &output_fields,
            builder,
            &quote!(#ty),
            true,
        )?);
        tokens.extend(structure::from_json_impl(
            &output_fields,
            &quote!(#ty),
            true,
        ));
        let metadata = ident(structure::RESPONSE_METADATA);
        tokens.extend(quote! {
            impl #request_id for #ty {
                fn request_id(&self) -> Option<&str> {
                    self.#metadata.request_id()
                }

                fn http_status(&self) -> Option<u16> {
                    self.#metadata.http_status()
                }
            }
        });
        tokens
    };

    let error = error_enum(ctx, op, &names);
    let streamed_input = input_fields.iter().any(|f| f.streamed);
    if streamed_input && op.paginator.is_some() {
        return Err(EmitError::Unsupported {
            item: format!("{}.input", op.name),
            reason: "a paginated operation whose input has a streamed payload".to_owned(),
        });
    }
    let send = send_fn(ctx, &names, &output_fields, streamed_input)?;
    let builders = fluent_builder(op, &names, &input_fields)?;
    let encode = if op.path.iter().any(|p| matches!(p, PathPart::Label(_))) {
        let rt_encode = runtime::encode();
        quote!(
            use #rt_encode;
        )
    } else {
        TokenStream::new()
    };
    let paginator = match &op.paginator {
        Some(_) => paginator(op, &names, &input_fields, &output_fields)?,
        None => TokenStream::new(),
    };
    let rt_method = runtime::method();
    let rt_handle = runtime::handle();
    let rt_request = runtime::operation_request();
    let rt_json = runtime::json();
    let (rt_metadata, rt_request_id) = runtime::response_metadata();

    Ok(quote! {
        #header
        use crate::error::{BuildError, ErrorMetadata, ProvideErrorMetadata, SdkError};
        #encode
        use #rt_method;
        use #rt_metadata;
        use #rt_request_id;
        use #rt_handle;
        use #rt_request;
        use #rt_json;

        #input
        #output
        #error
        #send
        #builders
        #paginator
    })
}

/// `impl <Op>Input { fn request(&self) }`: path, query and body of the HTTP request (`self`
/// by value when a streamed payload is moved into the request).
fn request_impl(
    ctx: &Context<'_>,
    op: &Operation,
    names: &Names,
    fields: &[Field<'_>],
) -> Result<TokenStream, EmitError> {
    let item = |f: &Field<'_>| format!("{}.input.{}", op.name, f.member.name);
    let mut checks = Vec::new();
    let mut fixed_query: Vec<TokenStream> = op
        .constant_query
        .iter()
        .map(|(k, v)| quote!((#k.to_owned(), #v.to_owned())))
        .collect();
    let mut optional_query = Vec::new();
    let mut fixed_headers = Vec::new();
    let mut optional_headers = Vec::new();
    for f in fields {
        match &f.member.location {
            Location::Body | Location::Path | Location::Payload { .. } | Location::StatusCode => {}
            // Each entry is the header `prefix + key`.
            Location::HeaderMap(prefix) => {
                let name = &f.ident;
                let source = if f.member.required {
                    quote!(Some(&self.#name))
                } else {
                    quote!(self.#name.as_ref())
                };
                let template = format!("{}{{key}}", format_literal(prefix));
                optional_headers.push(quote! {
                    if let Some(entries) = #source {
                        for (key, value) in entries {
                            headers.push((format!(#template), value.clone()));
                        }
                    }
                });
            }
            Location::Header(key) => {
                let name = &f.ident;
                let value = ident("value");
                match &f.member.target {
                    // An empty list sends no header (botocore's rule).
                    TypeRef::List(_) => {
                        let conv = header_value(ctx, &f.member.target, &quote!(#value), &item(f))?;
                        let source = if f.member.required {
                            quote!(Some(&self.#name))
                        } else {
                            quote!(self.#name.as_ref())
                        };
                        optional_headers.push(quote! {
                            if let Some(#value) = #source.filter(|values| !values.is_empty()) {
                                headers.push((#key.to_owned(), #conv));
                            }
                        });
                    }
                    target if f.member.required => {
                        let value = match target {
                            TypeRef::Document => quote!(&self.#name),
                            _ => quote!(self.#name),
                        };
                        let conv = header_value(ctx, target, &value, &item(f))?;
                        fixed_headers.push(quote!((#key.to_owned(), #conv)));
                    }
                    target => {
                        let conv = header_value(ctx, target, &quote!(#value), &item(f))?;
                        optional_headers.push(quote! {
                            if let Some(#value) = &self.#name {
                                headers.push((#key.to_owned(), #conv));
                            }
                        });
                    }
                }
            }
            Location::Query(key) => {
                let name = &f.ident;
                let value = ident("value");
                match &f.member.target {
                    TypeRef::Map(inner) => {
                        // Each entry is its own query parameter (the key is not the member's).
                        let conv = query_value(ctx, inner, &quote!(#value), &item(f))?;
                        let source = if f.member.required {
                            quote!(&self.#name)
                        } else {
                            quote!(entries)
                        };
                        let push = quote! {
                            for (key, #value) in #source {
                                query.push((key.clone(), #conv));
                            }
                        };
                        optional_query.push(if f.member.required {
                            push
                        } else {
                            quote!(if let Some(entries) = &self.#name { #push })
                        });
                    }
                    TypeRef::List(inner) => {
                        let conv = query_value(ctx, inner, &quote!(#value), &item(f))?;
                        let source = if f.member.required {
                            quote!(&self.#name)
                        } else {
                            quote!(values)
                        };
                        let push = quote! {
                            for #value in #source {
                                query.push((#key.to_owned(), #conv));
                            }
                        };
                        optional_query.push(if f.member.required {
                            push
                        } else {
                            quote!(if let Some(values) = &self.#name { #push })
                        });
                    }
                    target if f.member.required => {
                        let conv = query_value(ctx, target, &quote!(self.#name), &item(f))?;
                        fixed_query.push(quote!((#key.to_owned(), #conv)));
                    }
                    target => {
                        let conv = query_value(ctx, target, &quote!(#value), &item(f))?;
                        optional_query.push(quote! {
                            if let Some(#value) = &self.#name {
                                query.push((#key.to_owned(), #conv));
                            }
                        });
                    }
                }
            }
        }
    }

    // Path: literal parts and encoded labels.
    let mut template = String::new();
    let mut has_labels = false;
    for part in &op.path {
        match part {
            PathPart::Literal(text) => template.push_str(&format_literal(text)),
            PathPart::Label(label) => {
                let f = fields
                    .iter()
                    .find(|f| &f.member.wire_name == label && f.member.location == Location::Path)
                    .ok_or_else(|| EmitError::Dangling {
                        item: format!("{}.path", op.name),
                        name: label.clone(),
                    })?;
                let name = &f.ident;
                let plain = &f.plain;
                // A local named like the member, unless that would be a keyword.
                let local_name = if f.ident == plain.as_str() {
                    plain.clone()
                } else {
                    format!("{plain}_label")
                };
                let local = ident(&local_name);
                let empty = format!("`{plain}` is part of the request path and cannot be empty");
                let missing = format!("`{plain}` is part of the request path and was not set");
                let value = match (&f.member.target, f.member.required) {
                    (TypeRef::String, true) => {
                        checks.push(quote! {
                            if self.#name.is_empty() {
                                return Err(BuildError::missing_field(#plain, #empty));
                            }
                        });
                        quote!(&self.#name)
                    }
                    (TypeRef::String, false) => {
                        checks.push(quote! {
                            let Some(#local) = self.#name.as_deref().filter(|v| !v.is_empty()) else {
                                return Err(BuildError::missing_field(#plain, #missing));
                            };
                        });
                        quote!(#local)
                    }
                    (TypeRef::Named(shape), required)
                        if matches!(ctx.service.shapes.get(shape), Some(Shape::Enum(_))) =>
                    {
                        if required {
                            quote!(self.#name.as_str())
                        } else {
                            checks.push(quote! {
                                let Some(#local) = &self.#name else {
                                    return Err(BuildError::missing_field(#plain, #missing));
                                };
                            });
                            quote!(#local.as_str())
                        }
                    }
                    (TypeRef::Boolean | TypeRef::Integer | TypeRef::Long, required) => {
                        if required {
                            quote!(&self.#name.to_string())
                        } else {
                            checks.push(quote! {
                                let Some(#local) = self.#name else {
                                    return Err(BuildError::missing_field(#plain, #missing));
                                };
                            });
                            quote!(&#local.to_string())
                        }
                    }
                    (other, _) => {
                        return Err(EmitError::Unsupported {
                            item: item(f),
                            reason: format!("a path label of type {other:?}"),
                        })
                    }
                };
                template.push_str(&format!("{{{local_name}}}"));
                checks.push(quote!(let #local = encode::label(#value);));
                has_labels = true;
            }
        }
    }
    let path = if !has_labels {
        quote!(path: #template.to_owned())
    } else {
        checks.push(quote!(let path = format!(#template);));
        quote!(path)
    };

    let query_init = match (fixed_query.is_empty(), optional_query.is_empty()) {
        (true, true) => TokenStream::new(),
        (false, true) => quote!(let query = vec![#(#fixed_query),*];),
        (true, false) => quote!(let mut query = Vec::new();),
        (false, false) => quote!(let mut query = vec![#(#fixed_query),*];),
    };
    let query = if query_init.is_empty() {
        quote!(query: Vec::new())
    } else {
        quote!(query)
    };
    // The body: one member as the whole body (a blob's bytes, a structure's JSON), or the JSON
    // object of the body members.
    let payload = fields
        .iter()
        .find(|f| matches!(f.member.location, Location::Payload { .. }));
    let payload_body = match payload {
        // Moved out of the input (`request` takes it by value).
        Some(f) if f.streamed => {
            let name = &f.ident;
            Some(quote!(RequestBody::Stream(self.#name)))
        }
        // A blob's bytes or a string's text, sent as they are, with no content type unless a
        // member sets one.
        Some(f) if matches!(f.member.target, TypeRef::Blob | TypeRef::String) => {
            let name = &f.ident;
            Some(if f.member.required {
                quote!(RequestBody::Raw(self.#name.clone().into()))
            } else {
                quote!(self.#name.clone().map_or(RequestBody::None, |payload| RequestBody::Raw(payload.into())))
            })
        }
        Some(f) => {
            let name = &f.ident;
            // An unset structure is an empty object (botocore's rule).
            Some(if f.member.required {
                quote!(RequestBody::Json(json::to_body(|writer| json::ToJson::write_json(&self.#name, writer))))
            } else {
                quote!(RequestBody::Json(match &self.#name {
                    Some(value) => json::to_body(|writer| json::ToJson::write_json(value, writer)),
                    None => json::to_body(|writer| writer.object(|_| {})),
                }))
            })
        }
        None => None,
    };
    let headers_init = match (fixed_headers.is_empty(), optional_headers.is_empty()) {
        (true, true) => TokenStream::new(),
        (false, true) => quote!(let headers = vec![#(#fixed_headers),*];),
        (true, false) => quote!(let mut headers = Vec::new();),
        (false, false) => quote!(let mut headers = vec![#(#fixed_headers),*];),
    };
    let headers = if headers_init.is_empty() {
        quote!(headers: Vec::new())
    } else {
        quote!(headers)
    };

    let body_fields: Vec<&Field<'_>> = fields
        .iter()
        .filter(|f| f.member.location == Location::Body)
        .collect();
    let (body_init, body) = if let Some(payload_body) = payload_body {
        (TokenStream::new(), payload_body)
    } else if body_fields.is_empty() {
        (TokenStream::new(), quote!(RequestBody::None))
    } else {
        let object = ident("object");
        let writes = structure::member_writes(body_fields.into_iter(), &quote!(self), &object);
        (
            TokenStream::new(),
            quote!(RequestBody::Json(json::to_body(|writer| writer.object(|#object| {
                #(#writes)*
            })))),
        )
    };
    let method = match op.method {
        HttpMethod::Get => quote!(Method::Get),
        HttpMethod::Post => quote!(Method::Post),
        HttpMethod::Put => quote!(Method::Put),
        HttpMethod::Delete => quote!(Method::Delete),
        HttpMethod::Patch => quote!(Method::Patch),
        HttpMethod::Head => quote!(Method::Head),
    };
    let ty = &names.input;
    let unsigned_payload = op.unsigned_payload;
    // The host prefix: literal text, and labels checked to be host name characters.
    let host_prefix = if op.host_prefix.is_empty() {
        quote!(None)
    } else if let [PathPart::Literal(text)] = op.host_prefix.as_slice() {
        quote!(Some(::std::borrow::Cow::Borrowed(#text)))
    } else {
        let rt_encode = runtime::encode();
        let mut template = String::new();
        for part in &op.host_prefix {
            match part {
                PathPart::Literal(text) => template.push_str(&format_literal(text)),
                PathPart::Label(label) => {
                    let f = fields
                        .iter()
                        .find(|f| &f.member.wire_name == label)
                        .ok_or_else(|| EmitError::Unsupported {
                            item: format!("{}.input", op.name),
                            reason: format!("host label `{{{label}}}` names no input member"),
                        })?;
                    let name = &f.ident;
                    let local = ident(&format!("host_{}", f.plain));
                    let value = if f.member.required {
                        quote!(&self.#name)
                    } else {
                        quote!(self.#name.as_deref().unwrap_or_default())
                    };
                    checks.push(quote! {
                        let #local = #rt_encode::host_label(#value, #label)?;
                    });
                    template.push_str(&format!("{{{local}}}"));
                }
            }
        }
        quote!(Some(::std::borrow::Cow::Owned(format!(#template))))
    };
    // A streamed payload is moved into the request: the input is taken by value.
    let receiver = if payload.is_some_and(|f| f.streamed) {
        quote!(self)
    } else {
        quote!(&self)
    };
    Ok(quote! {
        impl #ty {
            /// The HTTP request for this input (path labels encoded, query not yet encoded).
            fn request(#receiver) -> Result<OperationRequest, BuildError> {
                #(#checks)*
                #query_init
                #(#optional_query)*
                #headers_init
                #(#optional_headers)*
                #body_init
                Ok(OperationRequest {
                    method: #method,
                    #path,
                    #query,
                    #headers,
                    body: #body,
                    host_prefix: #host_prefix,
                    unsigned_payload: #unsigned_payload,
                })
            }
        }
    })
}

/// The header form of `value` (an expression of type `&T` or `T` for `target`): timestamps as
/// HTTP dates, lists comma-separated, JSON values as base64 of their JSON, other scalars as in
/// a query string.
fn header_value(
    ctx: &Context<'_>,
    target: &TypeRef,
    value: &TokenStream,
    item: &str,
) -> Result<TokenStream, EmitError> {
    let header = runtime::header();
    Ok(match target {
        TypeRef::Timestamp => quote!(#value.to_http_date()),
        // `value` is a reference here.
        TypeRef::Document => quote!(#header::encode_json_value(#value)),
        TypeRef::List(inner) => {
            let item_value = ident("item");
            let conv = match &**inner {
                TypeRef::String => quote!(#item_value.as_str()),
                TypeRef::Named(name)
                    if matches!(ctx.service.shapes.get(name), Some(Shape::Enum(_))) =>
                {
                    quote!(#item_value.as_str())
                }
                TypeRef::Timestamp => quote!(#item_value.to_http_date()),
                TypeRef::Boolean
                | TypeRef::Integer
                | TypeRef::Long
                | TypeRef::Float
                | TypeRef::Double => {
                    quote!(#item_value.to_string())
                }
                other => {
                    return Err(EmitError::Unsupported {
                        item: item.to_owned(),
                        reason: format!("a header list of {other:?}"),
                    })
                }
            };
            quote!(#header::encode_list(#value.iter().map(|#item_value| #conv)))
        }
        other => query_value(ctx, other, value, item)?,
    })
}

/// The query-string form of `value` (an expression of type `&T` or `T` for `target`).
fn query_value(
    ctx: &Context<'_>,
    target: &TypeRef,
    value: &TokenStream,
    item: &str,
) -> Result<TokenStream, EmitError> {
    Ok(match target {
        TypeRef::String => quote!(#value.clone()),
        TypeRef::Boolean | TypeRef::Integer | TypeRef::Long | TypeRef::Float | TypeRef::Double => {
            quote!(#value.to_string())
        }
        TypeRef::Timestamp => quote!(#value.to_iso8601()),
        TypeRef::Named(name) if matches!(ctx.service.shapes.get(name), Some(Shape::Enum(_))) => {
            quote!(#value.as_str().to_owned())
        }
        other => {
            return Err(EmitError::Unsupported {
                item: item.to_owned(),
                reason: format!("a query parameter of type {other:?}"),
            })
        }
    })
}

/// The error enum: one variant per declared error plus `Unhandled`.
fn error_enum(ctx: &Context<'_>, op: &Operation, names: &Names) -> TokenStream {
    let ty = &names.error;
    let method = &names.method;
    let doc = docs::outer(&format!(
        "The errors of [`{}`](crate::Client::{method}): the ones the service documents for it, or [`Unhandled`](Self::Unhandled).",
        op.name
    ));
    let variants: Vec<Ident> = op
        .errors
        .iter()
        .map(|e| ident(&naming::type_name(e)))
        .collect();
    let codes = &op.errors;
    let variant_docs = op.errors.iter().map(|e| {
        let docs = ctx.service.errors.get(e).and_then(|e| e.docs.as_deref());
        docs::outer(&docs::or(docs, || {
            format!("The service returned {} `{e}` error.", docs::article(e))
        }))
    });
    let predicates = op.errors.iter().zip(&variants).map(|(e, variant)| {
        let name = ident(&naming::is_variant_name(&naming::type_name(e)));
        let doc = docs::outer(&format!(
            "Whether this is {} [`{e}`](Self::{variant}).",
            docs::article(e)
        ));
        quote! {
            #doc
            pub fn #name(&self) -> bool {
                matches!(self, Self::#variant(_))
            }
        }
    });
    let from_meta_body = if variants.is_empty() {
        quote!(Self::Unhandled(meta))
    } else {
        quote! {
            match meta.code() {
                #( Some(#codes) => Self::#variants(crate::types::error::#variants::from_meta(meta)), )*
                _ => Self::Unhandled(meta),
            }
        }
    };
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #ty {
            #( #variant_docs #variants(crate::types::error::#variants), )*
            /// Any other error. It keeps the code, message, request id and HTTP status of the response.
            Unhandled(ErrorMetadata),
        }

        impl #ty {
            /// The error for an error response, chosen by its code.
            pub fn from_meta(meta: ErrorMetadata) -> Self {
                #from_meta_body
            }

            /// Code, message, request id and HTTP status of the response.
            pub fn meta(&self) -> &ErrorMetadata {
                match self {
                    #( Self::#variants(e) => e.meta(), )*
                    Self::Unhandled(meta) => meta,
                }
            }

            #(#predicates)*
        }

        impl std::fmt::Display for #ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #( Self::#variants(e) => e.fmt(f), )*
                    Self::Unhandled(meta) => meta.fmt(f),
                }
            }
        }

        impl std::error::Error for #ty {}

        impl ProvideErrorMetadata for #ty {
            fn meta(&self) -> &ErrorMetadata {
                #ty::meta(self)
            }
        }
    }
}

/// `text` as literal text of a `format!` string (braces doubled).
fn format_literal(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// The module-level `send`: serialize, invoke, parse.
fn send_fn(
    ctx: &Context<'_>,
    names: &Names,
    output_fields: &[Field<'_>],
    streamed_input: bool,
) -> Result<TokenStream, EmitError> {
    let op = &names.op;
    let input = &names.input;
    let output = &names.output;
    let error = &names.error;
    let header = runtime::header();
    let item = |f: &Field<'_>| format!("{op}.output.{}", f.member.name);
    let is_enum = |target: &TypeRef| matches!(target, TypeRef::Named(name) if matches!(ctx.service.shapes.get(name), Some(Shape::Enum(_))));
    let mut reads = Vec::new();
    let mut payload = None;
    for f in output_fields {
        let name = &f.ident;
        match &f.member.location {
            // Every header starting with the prefix, keyed by the rest of its name.
            Location::HeaderMap(prefix) => {
                reads
                    .push(quote!(output.#name = Some(#header::read_prefixed(&response, #prefix));));
            }
            Location::Header(key) => {
                let (read, fallible) = match &f.member.target {
                    TypeRef::String => (quote!(response.header(#key).map(str::to_owned)), false),
                    target if is_enum(target) => {
                        let ty = &f.ty;
                        (quote!(response.header(#key).map(#ty::from)), false)
                    }
                    TypeRef::Boolean => (quote!(#header::read_boolean(&response, #key)), false),
                    TypeRef::Integer | TypeRef::Long | TypeRef::Float | TypeRef::Double => {
                        (quote!(#header::read_number(&response, #key)), true)
                    }
                    TypeRef::Timestamp => (quote!(#header::read_timestamp(&response, #key)), true),
                    TypeRef::Document => (quote!(#header::read_json_value(&response, #key)), true),
                    TypeRef::List(inner) if **inner == TypeRef::String => {
                        (quote!(#header::read_list(&response, #key)), false)
                    }
                    TypeRef::List(inner) if is_enum(inner) => {
                        let ty = &f.element;
                        (
                            quote!(#header::read_list(&response, #key).map(|values| {
                                values.iter().map(|value| #ty::from(value.as_str())).collect()
                            })),
                            false,
                        )
                    }
                    other => {
                        return Err(EmitError::Unsupported {
                            item: item(f),
                            reason: format!("a response header of type {other:?}"),
                        })
                    }
                };
                reads.push(if fallible {
                    quote! {
                        output.#name = match #read {
                            Ok(value) => value,
                            Err(e) => return Err(SdkError::response_error(#op, e, response)),
                        };
                    }
                } else {
                    quote!(output.#name = #read;)
                });
            }
            Location::StatusCode => reads.push(match &f.member.target {
                TypeRef::Long => quote!(output.#name = Some(i64::from(response.status));),
                _ => quote!(output.#name = Some(i32::from(response.status));),
            }),
            Location::Payload { .. } => payload = Some(f),
            Location::Body | Location::Path | Location::Query(_) => {}
        }
    }
    let metadata = ident(structure::RESPONSE_METADATA);
    let parse = match payload {
        None => quote! {
            let mut output: #output = match json::from_body(&response.body) {
                Ok(output) => output,
                Err(e) => return Err(SdkError::response_error(#op, e.to_string(), response)),
            };
            #(#reads)*
            output.#metadata = ResponseMetadata::from_response(&response);
            Ok(output)
        },
        // The body is read by the caller, as it arrives.
        Some(f) if f.streamed => {
            let name = &f.ident;
            quote! {
                let (response, body) = response.into_parts();
                let mut output = #output::builder().build();
                #(#reads)*
                output.#metadata = ResponseMetadata::from_response(&response);
                output.#name = body;
                Ok(output)
            }
        }
        Some(f) => {
            let name = &f.ident;
            let body = if f.member.target == TypeRef::Blob {
                quote!(output.#name = Some(crate::primitives::Blob::from(response.body));)
            } else if f.member.target == TypeRef::String {
                // The body's text (botocore decodes it as UTF-8).
                quote! {
                    output.#name = match std::str::from_utf8(&response.body) {
                        Ok(text) => Some(text.to_owned()),
                        Err(e) => {
                            let message = format!("the body is not UTF-8 text: {e}");
                            return Err(SdkError::response_error(#op, message, response));
                        }
                    };
                }
            } else {
                // An empty body is no structure.
                quote! {
                    output.#name = if response.body.iter().all(u8::is_ascii_whitespace) {
                        None
                    } else {
                        match json::from_body(&response.body) {
                            Ok(value) => Some(value),
                            Err(e) => return Err(SdkError::response_error(#op, e.to_string(), response)),
                        }
                    };
                }
            };
            quote! {
                let mut output = #output::builder().build();
                #(#reads)*
                output.#metadata = ResponseMetadata::from_response(&response);
                #body
                Ok(output)
            }
        }
    };
    // A streamed payload: the response once its head has arrived, the body to be read later.
    let (invoke, doc) = match payload {
        Some(f) if f.streamed => (
            quote!(invoke_streaming),
            format!(
                "Sends `input` and reads the response's head; its body is `{}`, read as it arrives.",
                f.plain
            ),
        ),
        _ => (quote!(invoke), "Sends `input` and reads the response.".to_owned()),
    };
    let doc = docs::outer(&doc);
    // A streamed input payload is moved into the request.
    let input_ty = if streamed_input {
        quote!(#input)
    } else {
        quote!(&#input)
    };
    Ok(quote! {
        #doc
        async fn send(handle: &Handle, input: #input_ty) -> Result<#output, SdkError<#error>> {
            let request = input.request().map_err(SdkError::construction_failure)?;
            let response = handle
                .#invoke(#op, request)
                .await
                .map_err(|e| e.map_service_error(#error::from_meta))?;
            #parse
        }
    })
}

/// `pub mod builders { <Op>FluentBuilder }`.
fn fluent_builder(
    op: &Operation,
    names: &Names,
    fields: &[Field<'_>],
) -> Result<TokenStream, EmitError> {
    let fluent = &names.fluent;
    let input_builder = &names.input_builder;
    let output = &names.output;
    let error = &names.error;
    let method = &names.method;
    let doc = docs::outer(&format!(
        "The fluent builder of [`{}`](crate::Client::{method}): set the input members, then [`send`](Self::send) the request.",
        op.name
    ));
    let send_doc = docs::outer(&format!(
        "Sends the request and returns the parsed response.\n\n\
         Fails with [`SdkError::ConstructionFailure`] if a required member is not set, and with \
         [`SdkError::ServiceError`] holding a [`{error}`] if the service answers with an error."
    ));
    let setters = structure::fluent_setters(fields)?;
    let build = if has_required(&op.input) {
        quote!(let input = self.inner.build().map_err(SdkError::construction_failure)?;)
    } else {
        quote!(let input = self.inner.build();)
    };
    let (paginator, paginator_use) = match &op.paginator {
        Some(_) => {
            let paginator = ident(&naming::paginator_name(&op.name));
            (
                quote! {
                    /// Pages through all results: each page is a call with the previous page's token.
                    pub fn into_paginator(self) -> #paginator {
                        #paginator::new(self.handle, self.inner)
                    }
                },
                quote!(use super::paginator::#paginator;),
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let rt_handle = runtime::handle();
    // A streamed payload is read once: the builder holding it is not `Clone`.
    let streamed_input = fields.iter().any(|f| f.streamed);
    let (derives, input_arg) = if streamed_input {
        (quote!(#[derive(Debug)]), quote!(input))
    } else {
        (quote!(#[derive(Clone, Debug)]), quote!(&input))
    };
    Ok(quote! {
        /// The fluent builder of this operation.
        pub mod builders {
            use super::{#error, #input_builder, #output};
            use crate::error::SdkError;
            use #rt_handle;
            use std::sync::Arc;
            #paginator_use

            #doc
            #derives
            pub struct #fluent {
                handle: Arc<Handle>,
                inner: #input_builder,
            }

            impl #fluent {
                /// A fluent builder using `handle`.
                pub(crate) fn new(handle: Arc<Handle>) -> Self {
                    Self { handle, inner: #input_builder::default() }
                }

                /// The input built so far.
                pub fn as_input(&self) -> &#input_builder {
                    &self.inner
                }

                #send_doc
                pub async fn send(self) -> Result<#output, SdkError<#error>> {
                    #build
                    super::send(&self.handle, #input_arg).await
                }

                #paginator
                #setters
            }
        }
    })
}

/// `pub mod paginator { <Op>Paginator, <Op>PaginatorItems }`.
fn paginator(
    op: &Operation,
    names: &Names,
    input_fields: &[Field<'_>],
    output_fields: &[Field<'_>],
) -> Result<TokenStream, EmitError> {
    let Some(p) = &op.paginator else {
        return Ok(TokenStream::new());
    };
    let dangling = |name: &str| EmitError::Dangling {
        item: format!("{}.paginator", op.name),
        name: name.to_owned(),
    };
    let find = |fields: &'_ [Field<'_>], name: &str| -> Result<(Ident, bool), EmitError> {
        fields
            .iter()
            .find(|f| f.member.name == name)
            .map(|f| (f.ident.clone(), f.member.required))
            .ok_or_else(|| dangling(name))
    };
    let paginator = ident(&naming::paginator_name(&op.name));
    let items_ty = ident(&naming::paginator_items_name(&op.name));
    let input_builder = &names.input_builder;
    let output = &names.output;
    let error = &names.error;
    let method = &names.method;

    let (input_token, _) = find(input_fields, &p.input_token)?;
    let (output_token, output_token_required) = find(output_fields, &p.output_token)?;
    let token_of = if output_token_required {
        quote!(Some(page.#output_token.as_str()))
    } else {
        quote!(page.#output_token.as_deref())
    };
    let build = if has_required(&op.input) {
        quote!(let input = builder.build().map_err(SdkError::construction_failure)?;)
    } else {
        quote!(let input = builder.build();)
    };

    let page_size = match &p.page_size {
        Some(name) => {
            let f = input_fields
                .iter()
                .find(|f| &f.member.name == name)
                .ok_or_else(|| dangling(name))?;
            let setter = &f.ident;
            let ty = &f.ty;
            let doc = docs::outer(&format!(
                "Sets the maximum number of items per page (`{name}`)."
            ));
            quote! {
                #doc
                pub fn page_size(mut self, limit: #ty) -> Self {
                    self.inner = self.inner.#setter(limit);
                    self
                }
            }
        }
        None => TokenStream::new(),
    };

    let (items_method, items_def) = match &p.items {
        Some(name) => {
            let f = output_fields
                .iter()
                .find(|f| &f.member.name == name)
                .ok_or_else(|| dangling(name))?;
            let field = &f.ident;
            // Items that are lists or maps themselves (IoT TwinMaker's pages of
            // `Vec<HashMap<String, DataValue>>`) make a type clippy finds too complex.
            let mut complexity_allow = TokenStream::new();
            let item_ty = match &f.member.target {
                TypeRef::List(inner) => {
                    if matches!(**inner, TypeRef::List(_) | TypeRef::Map(_)) {
                        complexity_allow = quote!(#[allow(clippy::type_complexity)]);
                    }
                    rust_type(inner)
                }
                other => {
                    return Err(EmitError::Unsupported {
                        item: format!("{}.paginator", op.name),
                        reason: format!("the items member `{name}` is not a list but {other:?}"),
                    })
                }
            };
            let take = if f.member.required {
                quote!(page.#field)
            } else {
                quote!(page.#field.unwrap_or_default())
            };
            let rt_items = runtime::items();
            let doc = docs::outer(&format!(
                "The items (`{name}`) of every page of [`{}`](crate::Client::{method}), one at a time.",
                op.name
            ));
            (
                quote! {
                    /// The items of the pages instead of the pages.
                    pub fn items(self) -> #items_ty {
                        #items_ty(self)
                    }
                },
                quote! {
                    #doc
                    #[derive(Clone, Debug)]
                    pub struct #items_ty(#paginator);

                    impl #items_ty {
                        /// Sends the requests lazily: a stream of items that ends after the last page
                        /// or the first error.
                        #complexity_allow
                        pub fn send(self) -> PaginationStream<Result<#item_ty, SdkError<#error>>> {
                            #rt_items(self.0.send(), page_items)
                        }
                    }

                    /// The items of one page.
                    fn page_items(page: #output) -> Vec<#item_ty> {
                        #take
                    }
                },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };

    let doc = docs::outer(&format!(
        "The pages of [`{}`](crate::Client::{method}): every call passes the previous page's `{}`.",
        op.name, p.output_token
    ));
    let rt_handle = runtime::handle();
    let rt_paginate = runtime::paginate();
    let op_name = &op.name;
    Ok(quote! {
        /// Paginators of this operation.
        pub mod paginator {
            use super::{#error, #input_builder, #output};
            use crate::error::SdkError;
            use crate::pagination::PaginationStream;
            use #rt_handle;
            use std::sync::Arc;

            #doc
            #[derive(Clone, Debug)]
            pub struct #paginator {
                handle: Arc<Handle>,
                inner: #input_builder,
            }

            impl #paginator {
                /// A paginator starting from `inner`.
                pub(crate) fn new(handle: Arc<Handle>, inner: #input_builder) -> Self {
                    Self { handle, inner }
                }

                #page_size
                #items_method

                /// Sends the requests lazily: a stream of pages that ends after the last page or the
                /// first error.
                pub fn send(self) -> PaginationStream<Result<#output, SdkError<#error>>> {
                    let Self { handle, inner } = self;
                    #rt_paginate(
                        #op_name,
                        move |token: Option<String>| {
                            let handle = handle.clone();
                            let builder = match token {
                                Some(token) => inner.clone().#input_token(token),
                                None => inner.clone(),
                            };
                            async move {
                                #build
                                super::send(&handle, &input).await
                            }
                        },
                        page_token,
                    )
                }
            }

            /// The token of the page after `page`.
            fn page_token(page: &#output) -> Option<&str> {
                #token_of
            }

            #items_def
        }
    })
}
