//! `tests/support/dispatch.rs`: test support that calls any operation of the crate by name, from
//! a JSON input keyed by the members' wire names (the JSON member names, path labels, query
//! keys and header names of the document, as in botocore's test fixtures), and flattens its
//! error into a `Failure` a test can inspect without knowing the operation's error type.
//!
//! It lives in the crate's `tests/` directory, so it costs the library nothing: no input type
//! gets a JSON reader for it. Each input is built with its fluent builder, each structure with
//! its builder, from the JSON value (a generated function per structure reachable from an
//! input). Test crates include it with `#[path = "support/dispatch.rs"] mod dispatch;` (the
//! generated `tests/operations.rs` does, and so can hand-written tests).
//!
//! Conversions: strings, booleans and numbers from the JSON value of that type (integers
//! checked against `i32`), timestamps from a number of seconds since the epoch or an ISO 8601
//! string, documents as they are, enums from their string (`From<&str>`), lists and maps
//! (string keys) item by item. A value of the wrong JSON type panics with the member's path
//! (`CreateStage.tags`): test input is the test's own.
//!
//! `Ok` holds the output's `Debug`. An output that streams its payload is read to the stream's
//! end first, the bytes put back into it, and shown after the `Debug` ([`render_streamed`]); a
//! failure to read the stream is a `Failure` of kind `ByteStreamError`.

use super::structure::{fields, has_required, output_fields, streamed_field, Field};
use super::{docs, ident, runtime, Context, EmitError};
use crate::model::{Shape, Structure, TypeRef};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Where the file goes in the crate, and how test crates in `tests/` include it.
pub(crate) const PATH: &str = "tests/support/dispatch.rs";

/// `tests/support/dispatch.rs`.
pub(crate) fn emit(ctx: &Context<'_>) -> Result<TokenStream, EmitError> {
    let krate = ident(&ctx.options.crate_name);
    let json = runtime::json();
    let readers = structure_readers(ctx);

    let mut shape_fns = Vec::new();
    for (shape, reader) in &readers {
        let Some(Shape::Structure(s)) = ctx.service.shapes.get(shape) else {
            continue;
        };
        let ty = ident(&naming::type_name(shape));
        let builder = setters(ctx, &readers, s, shape)?;
        let build = if has_required(s) {
            let missing = format!("{shape}: a required member is missing");
            quote!(.build().expect(#missing))
        } else {
            quote!(.build())
        };
        let doc = docs::outer(&format!("A `{shape}` from its JSON form."));
        shape_fns.push(quote! {
            #doc
            fn #reader(value: &Value) -> #krate::types::#ty {
                #krate::types::#ty::builder() #(#builder)* #build
            }
        });
    }

    let mut classifiers = Vec::new();
    let mut arms = Vec::new();
    // Whether an operation's output streams its payload.
    let mut streams = false;
    for op in &ctx.service.operations {
        let module = ident(&naming::module_name(&op.name));
        let error = ident(&naming::operation_error_name(&op.name));
        let method = ident(&naming::method_name(&op.name));
        let classify = ident(&format!("classify_{}", naming::method_name(&op.name)));
        let variants: Vec<Ident> = op
            .errors
            .iter()
            .map(|e| ident(&naming::type_name(e)))
            .collect();
        let variant_names = variants.iter().map(Ident::to_string);
        let unhandled = ident(naming::UNHANDLED_VARIANT);
        let unhandled_name = naming::UNHANDLED_VARIANT;
        let doc = docs::outer(&format!(
            "The variant, typed message and metadata of an error of `{}`.",
            op.name
        ));
        classifiers.push(quote! {
            #doc
            fn #classify(error: &#krate::operation::#module::#error) -> Classified {
                use #krate::operation::#module::#error as E;
                match error {
                    #(
                        E::#variants(inner) => (
                            #variant_names,
                            inner.message().map(str::to_owned),
                            inner.meta().clone(),
                        ),
                    )*
                    E::#unhandled(meta) => (#unhandled_name, meta.message().map(str::to_owned), meta.clone()),
                    other => ("<unexpected variant>", None, other.meta().clone()),
                }
            }
        });
        let builder = setters(ctx, &readers, &op.input, &op.name)?;
        let name = &op.name;
        let output_fields = output_fields(ctx, &op.output)?;
        arms.push(match streamed_field(&output_fields) {
            None => quote! {
                #name => client
                    .#method()
                    #(#builder)*
                    .send()
                    .await
                    .map(|output| format!("{output:?}"))
                    .map_err(|error| flatten(error, #classify)),
            },
            Some(f) => {
                // The stream is read to its end, and the bytes shown.
                let field = &f.ident;
                let render = render_streamed(f);
                streams = true;
                quote! {
                    #name => match client.#method() #(#builder)* .send().await {
                        Ok(mut output) => match std::mem::take(&mut output.#field).collect().await {
                            Ok(body) => {
                                output.#field = body.clone().into();
                                Ok(#render)
                            }
                            Err(error) => Err(stream_failure(&output, error)),
                        },
                        Err(error) => Err(flatten(error, #classify)),
                    },
                }
            }
        });
    }

    let names: Vec<&str> = ctx
        .service
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(names.len());
    // Only crates with streamed outputs say how they are shown and what failing to read them
    // gives (the others' files stay as they were).
    let mut send_doc =
        "Sends `operation` with `input` (members by wire name). `Ok` holds the output's `Debug`."
            .to_owned();
    let mut kind_doc = "The `SdkError` variant: `ServiceError`, `ResponseError`, `TimeoutError`,\n\
                        `DispatchFailure`, `ConstructionFailure`."
        .to_owned();
    let mut stream_failure = TokenStream::new();
    if streams {
        send_doc.push_str(
            " An output that streams its payload is read to the stream's end first, the bytes \
             put back into it (its `Debug` shows their count), and the bytes' `Debug` follows on \
             a line of its own: `<field>: b\"…\"`.",
        );
        kind_doc.push_str(
            "\nOr `ByteStreamError`: the call succeeded, reading its streamed payload failed.",
        );
        stream_failure = quote! {
            /// Reading the streamed payload of `output` failed with `error`.
            fn stream_failure<O: #krate::request_id::RequestId>(
                output: &O,
                error: #krate::primitives::ByteStreamError,
            ) -> Failure {
                Failure {
                    kind: "ByteStreamError",
                    variant: None,
                    typed_message: None,
                    meta: None,
                    response_operation: None,
                    raw_status: output.http_status(),
                    display: error.to_string(),
                    debug: format!("{error:?}"),
                }
            }
        };
    }
    let send_doc = docs::outer(&send_doc);
    let kind_doc = docs::outer(&kind_doc);
    let header = docs::inner(
        "Calls any operation of the crate by name from a JSON input keyed by the members' wire \
         names (as in botocore's fixtures), and flattens its error into a [`Failure`] that tests \
         can inspect without knowing the operation's error type.\n\n\
         Include it in a test crate with `#[path = \"support/dispatch.rs\"] mod dispatch;` \
         (from `tests/`). A JSON value of the wrong type for its member panics naming the \
         member. Timestamps are numbers of seconds since the epoch or ISO 8601 strings.",
    );
    Ok(quote! {
        #header
        // Each test crate uses a part of it.
        #![allow(dead_code)]

        use #krate::error::{ErrorMetadata, SdkError};
        use #krate::Client;
        use serde_json::Value;

        /// The operations of the crate, sorted.
        pub const OPERATIONS: [&str; #count] = [#(#names),*];

        /// A failed call, flattened.
        #[derive(Debug, Clone)]
        pub struct Failure {
            #kind_doc
            pub kind: &'static str,
            /// For a service error: the variant of the operation's error enum (`Unhandled` included).
            pub variant: Option<&'static str>,
            /// For a typed service error: what the typed error's `message()` returns.
            pub typed_message: Option<String>,
            /// For a service error: its metadata.
            pub meta: Option<ErrorMetadata>,
            /// For a response error: the operation it names.
            pub response_operation: Option<&'static str>,
            /// The status of the raw response, if one arrived.
            pub raw_status: Option<u16>,
            /// `Display` of the error.
            pub display: String,
            /// `Debug` of the error.
            pub debug: String,
        }

        /// What a service error is: the variant's name, the typed error's message, the metadata.
        type Classified = (&'static str, Option<String>, ErrorMetadata);

        /// Flattens `error`, classifying a service error with `classify`.
        fn flatten<E: std::fmt::Debug + std::fmt::Display>(
            error: SdkError<E>,
            classify: fn(&E) -> Classified,
        ) -> Failure {
            let mut failure = Failure {
                kind: "",
                variant: None,
                typed_message: None,
                meta: None,
                response_operation: None,
                raw_status: error.raw_response().map(|r| r.status),
                display: error.to_string(),
                debug: format!("{error:?}"),
            };
            failure.kind = match &error {
                SdkError::ConstructionFailure(_) => "ConstructionFailure",
                SdkError::TimeoutError(_) => "TimeoutError",
                SdkError::DispatchFailure(_) => "DispatchFailure",
                SdkError::ResponseError(e) => {
                    failure.response_operation = Some(e.operation());
                    "ResponseError"
                }
                SdkError::ServiceError(e) => {
                    let (variant, message, meta) = classify(e.err());
                    failure.variant = Some(variant);
                    failure.typed_message = message;
                    failure.meta = Some(meta);
                    "ServiceError"
                }
                _ => "<unknown SdkError variant>",
            };
            failure
        }

        #send_doc
        pub async fn send(client: &Client, operation: &str, input: &Value) -> Result<String, Failure> {
            let value = input;
            match operation {
                #(#arms)*
                other => panic!("no operation {other}"),
            }
        }

        #stream_failure

        #(#classifiers)*

        #(#shape_fns)*

        fn string(value: &Value, what: &str) -> String {
            value
                .as_str()
                .unwrap_or_else(|| panic!("{what}: not a string: {value}"))
                .to_owned()
        }

        fn boolean(value: &Value, what: &str) -> bool {
            value
                .as_bool()
                .unwrap_or_else(|| panic!("{what}: not a boolean: {value}"))
        }

        fn long(value: &Value, what: &str) -> i64 {
            value
                .as_i64()
                .unwrap_or_else(|| panic!("{what}: not an integer: {value}"))
        }

        fn integer(value: &Value, what: &str) -> i32 {
            i32::try_from(long(value, what))
                .unwrap_or_else(|_| panic!("{what}: not a 32-bit integer: {value}"))
        }

        fn double(value: &Value, what: &str) -> f64 {
            value
                .as_f64()
                .unwrap_or_else(|| panic!("{what}: not a number: {value}"))
        }

        fn float(value: &Value, what: &str) -> f32 {
            double(value, what) as f32
        }

        /// A blob from its JSON form, base64 text (as in a JSON body).
        fn blob(value: &Value, what: &str) -> #krate::primitives::Blob {
            #json::from_body::<#krate::primitives::Blob>(value.to_string().as_bytes())
                .unwrap_or_else(|e| panic!("{what}: {e}"))
        }

        fn timestamp(value: &Value, what: &str) -> #krate::primitives::DateTime {
            match value.as_str() {
                Some(text) => #krate::primitives::DateTime::from_iso8601(text)
                    .unwrap_or_else(|e| panic!("{what}: {e}")),
                None => #krate::primitives::DateTime::from_secs_f64(double(value, what)),
            }
        }

        fn array<'v>(value: &'v Value, what: &str) -> &'v [Value] {
            value
                .as_array()
                .unwrap_or_else(|| panic!("{what}: not an array: {value}"))
        }

        fn object<'v>(value: &'v Value, what: &str) -> &'v serde_json::Map<String, Value> {
            value
                .as_object()
                .unwrap_or_else(|| panic!("{what}: not an object: {value}"))
        }
    })
}

/// What the dispatcher's `Ok` holds for an output with the streamed payload `f`, once the
/// stream has been read into `body` and put back into `output`: the output's `Debug`, then the
/// bytes on a line of their own. (The generated tests render it alike.)
pub(crate) fn render_streamed(f: &Field<'_>) -> TokenStream {
    let text = format!("{{output:?}}\n{}: {{body:?}}", f.plain);
    quote!(format!(#text))
}

/// The structures reachable from operation inputs, each with the name of its reader function
/// (`read_stage_configuration`; numbered should two type names give one function name).
fn structure_readers(ctx: &Context<'_>) -> BTreeMap<String, Ident> {
    let mut found = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = ctx
        .service
        .operations
        .iter()
        .flat_map(|op| op.input.members.iter().map(|m| &m.target))
        .collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::List(inner) | TypeRef::Map(inner) => stack.push(inner),
            TypeRef::Named(name) => {
                if let Some(Shape::Structure(s)) = ctx.service.shapes.get(name) {
                    if found.insert(name.clone()) {
                        stack.extend(s.members.iter().map(|m| &m.target));
                    }
                }
            }
            _ => {}
        }
    }
    let mut taken = BTreeSet::new();
    found
        .into_iter()
        .map(|name| {
            let base = format!("read_{}", naming::method_name(&naming::type_name(&name)))
                .replace("r#", "");
            let mut reader = base.clone();
            let mut n = 2;
            while !taken.insert(reader.clone()) {
                reader = format!("{base}_{n}");
                n += 1;
            }
            (name, ident(&reader))
        })
        .collect()
}

/// The setter calls building `s` from the JSON object `value`: `.set_<member>(…)` for every
/// member, absent members set to `None`. `owner` names the structure in panics.
fn setters(
    ctx: &Context<'_>,
    readers: &BTreeMap<String, Ident>,
    s: &Structure,
    owner: &str,
) -> Result<Vec<TokenStream>, EmitError> {
    fields(ctx, s)?
        .iter()
        .map(|f| {
            let setter = f.setter();
            let wire = &f.member.wire_name;
            let what = format!("{owner}.{wire}");
            let mapped = map_call(ctx, readers, &f.member.target, &what, f.boxed)?;
            if f.streamed {
                // A `ByteStream` from the blob.
                return Ok(quote!(.#setter(value.get(#wire) #mapped .map(Into::into))));
            }
            Ok(quote!(.#setter(value.get(#wire) #mapped)))
        })
        .collect()
}

/// `.map(…)` turning an `Option<&Value>` into an `Option` of the member's type.
fn map_call(
    ctx: &Context<'_>,
    readers: &BTreeMap<String, Ident>,
    ty: &TypeRef,
    what: &str,
    boxed: bool,
) -> Result<TokenStream, EmitError> {
    if boxed {
        let value = convert(ctx, readers, ty, what)?;
        return Ok(quote!(.map(|value| Box::new(#value))));
    }
    Ok(match ty {
        TypeRef::Document => quote!(.cloned()),
        TypeRef::Named(name) if readers.contains_key(name) => {
            let reader = &readers[name];
            quote!(.map(#reader))
        }
        _ => {
            let value = convert(ctx, readers, ty, what)?;
            quote!(.map(|value| #value))
        }
    })
}

/// An expression of type `ty` from `value: &Value`.
fn convert(
    ctx: &Context<'_>,
    readers: &BTreeMap<String, Ident>,
    ty: &TypeRef,
    what: &str,
) -> Result<TokenStream, EmitError> {
    let krate = ident(&ctx.options.crate_name);
    Ok(match ty {
        TypeRef::String => quote!(string(value, #what)),
        TypeRef::Boolean => quote!(boolean(value, #what)),
        TypeRef::Integer => quote!(integer(value, #what)),
        TypeRef::Long => quote!(long(value, #what)),
        TypeRef::Float => quote!(float(value, #what)),
        TypeRef::Double => quote!(double(value, #what)),
        TypeRef::Timestamp => quote!(timestamp(value, #what)),
        TypeRef::Document => quote!(value.clone()),
        TypeRef::Blob => quote!(blob(value, #what)),
        TypeRef::List(item) => {
            let item = map_call(ctx, readers, item, what, false)?;
            quote!(array(value, #what).iter() #item .collect::<Vec<_>>())
        }
        TypeRef::Map(entry) => {
            let entry = convert(ctx, readers, entry, what)?;
            quote! {
                object(value, #what)
                    .iter()
                    .map(|(key, value)| (key.clone(), #entry))
                    .collect::<std::collections::HashMap<_, _>>()
            }
        }
        TypeRef::Named(name) => match (ctx.service.shapes.get(name), readers.get(name)) {
            (Some(Shape::Enum(_)), _) => {
                let ty = ident(&naming::type_name(name));
                quote!(#krate::types::#ty::from(string(value, #what).as_str()))
            }
            (Some(Shape::Structure(_)), Some(reader)) => quote!(#reader(value)),
            _ => {
                return Err(EmitError::Dangling {
                    item: format!("tests/support/dispatch.rs: {what}"),
                    name: name.clone(),
                })
            }
        },
    })
}
