//! `tests/operations.rs`: a test per operation of the generated crate, run against the
//! runtime's in-process canned HTTP client (`test_util::CannedClient`).
//!
//! For every operation, two tests:
//!
//! * `<op>_request_and_response`: every input member set to an example value derived from its
//!   type; the request's method, path (labels percent-encoded), query, member headers (HTTP
//!   dates, comma-separated lists, base64 JSON values) and body (the JSON object, or a
//!   payload: a blob's exact bytes with no content type, a structure's JSON) are
//!   checked against what the generator computes from the model (not against the SDK's
//!   serializer); a response carrying every output member (body or payload bytes, headers, the
//!   status code) parses into the output built from the same example values. An output that
//!   streams its payload (a `ByteStream`, neither `Clone` nor `PartialEq`) is read to the
//!   stream's end and its bytes compared with the canned body, its other members one by one.
//!   The same input in its JSON form, sent through the generated dispatcher
//!   (`tests/support/dispatch.rs`), sends the same request and gets the same output (a streamed
//!   payload's bytes included).
//! * `<op>_errors`: each documented error, named in the three ways AWS names errors (the
//!   `x-amzn-ErrorType` header, the body's `__type`, the body's `code`), becomes its typed
//!   variant with its message.
//!
//! An operation whose required member the examples cannot express (an enum without values)
//! gets no request test; the file says which.

use super::dispatch;
use super::structure::{
    has_required, is_streamed, output_fields, output_has_required, streamed_field,
};
use super::{docs, ident, runtime, Context, EmitError};
use crate::model::{Location, Operation, PathPart, Shape, Structure, TypeRef};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

/// How deep example structures nest before optional members are left out.
const MAX_DEPTH: usize = 6;

/// The example timestamp: 2024-01-02T03:04:05Z.
const EXAMPLE_TIME: (&str, i64) = ("2024-01-02T03:04:05Z", 1_704_164_645);

/// The example timestamp as an HTTP date (RFC 7231 IMF-fixdate), as headers carry it.
const EXAMPLE_HTTP_DATE: &str = "Tue, 02 Jan 2024 03:04:05 GMT";

/// An example value: its JSON form, its form in a URI or header, and a Rust expression.
struct Example {
    json: Value,
    text: String,
    rust: TokenStream,
}

/// `tests/operations.rs`.
pub(crate) fn emit(ctx: &Context<'_>) -> Result<TokenStream, EmitError> {
    let krate = ident(&ctx.options.crate_name);
    let test_util = runtime::test_util();
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for op in &ctx.service.operations {
        match operation_tests(ctx, op)? {
            Some(tokens) => items.push(tokens),
            None => skipped.push(op.name.clone()),
        }
    }
    let mut header = String::from(
        "Every operation against an in-process HTTP client: the request each sends with every \
         input member set, the parsing of a response with every output member, and the \
         parsing of each documented error (named by header, `__type` and `code`).",
    );
    if !skipped.is_empty() {
        header.push_str(&format!(
            "\n\nNo request test (a member type examples cannot express yet): {}.",
            skipped.join(", ")
        ));
    }
    let header = docs::inner(&header);
    let error_case = if ctx
        .service
        .operations
        .iter()
        .any(|op| !op.errors.is_empty())
    {
        quote! {
            /// An error the operation documents: its name, its HTTP status, and the predicate of
            /// its variant in the operation's error enum.
            type ErrorCase<E> = (&'static str, u16, fn(&E) -> bool);
        }
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #header

        use #krate::request_id::RequestId;
        use #krate::Client;
        use #test_util;

        #[path = "support/dispatch.rs"]
        mod dispatch;

        #error_case

        /// Runs a test on a current-thread Tokio runtime in a thread with a large stack: the
        /// example inputs of big services nest deep, and unoptimized builds keep every
        /// temporary of their construction on the stack.
        fn run<F: std::future::Future<Output = ()>>(test: impl FnOnce() -> F + Send + 'static) {
            std::thread::Builder::new()
                .stack_size(64 * 1024 * 1024)
                .spawn(move || {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a Tokio runtime")
                        .block_on(test())
                })
                .expect("a test thread")
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }

        #(#items)*
    })
}

fn operation_tests(ctx: &Context<'_>, op: &Operation) -> Result<Option<TokenStream>, EmitError> {
    let krate = ident(&ctx.options.crate_name);
    let method = ident(&naming::method_name(&op.name));
    let module = ident(&naming::module_name(&op.name));
    let error_name = ident(&naming::operation_error_name(&op.name));
    let error = quote!(#krate::operation::#module::#error_name);
    let output_ty = ident(&naming::type_name(&op.output.name));
    let op_name = &op.name;

    // The input: setters, and what the request must look like.
    let mut setters = Vec::new();
    let mut labels = std::collections::BTreeMap::new();
    let mut query: Vec<(String, String)> = op.constant_query.clone();
    let mut body = Map::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut input_json = Map::new();
    // Each member's example as text, by wire name (host labels).
    let mut texts = std::collections::BTreeMap::new();
    let mut payload = None;
    for member in &op.input.members {
        let Some(example) = example(ctx, &member.target, &member.name, 0)? else {
            if member.required {
                return Ok(None);
            }
            continue;
        };
        let setter = ident(&naming::setter_name(&member.name));
        let rust = &example.rust;
        if is_streamed(member) {
            // A `ByteStream` from the example's bytes.
            setters.push(quote!(.#setter(Some(#rust.into()))));
        } else {
            setters.push(quote!(.#setter(Some(#rust))));
        }
        input_json.insert(member.wire_name.clone(), example.json.clone());
        texts.insert(member.wire_name.clone(), example.text.clone());
        match &member.location {
            Location::Path => {
                labels.insert(member.wire_name.clone(), example.text);
            }
            Location::Query(key) => match &example.json {
                Value::Array(items) => {
                    for item in items {
                        query.push((key.clone(), text_of(item)));
                    }
                }
                Value::Object(entries) => {
                    for (entry, value) in entries {
                        query.push((entry.clone(), text_of(value)));
                    }
                }
                _ => query.push((key.clone(), example.text)),
            },
            Location::Header(name) => {
                headers.push((name.clone(), header_text(&member.target, &example)))
            }
            Location::Body => {
                body.insert(member.wire_name.clone(), example.json);
            }
            Location::Payload { .. } => payload = Some((member, example)),
            Location::HeaderMap(prefix) => {
                if let Value::Object(entries) = &example.json {
                    for (key, value) in entries {
                        headers.push((format!("{prefix}{key}"), text_of(value)));
                    }
                }
            }
            Location::StatusCode => {}
        }
    }
    let mut path = String::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Label(name) => {
                path.push_str(&encode_label(labels.get(name).map_or("", String::as_str)))
            }
        }
    }
    query.sort();
    let query_pairs = query
        .iter()
        .map(|(k, v)| quote!((#k.to_owned(), #v.to_owned())));
    let body_check = if let Some((member, example)) = &payload {
        if matches!(member.target, TypeRef::Blob | TypeRef::String) {
            // The bytes (a string's text) as they are, with no content type unless a member
            // sets one (botocore).
            let bytes = if member.target == TypeRef::Blob {
                example_bytes(&member.name)
            } else {
                example.text.clone().into_bytes()
            };
            let bytes = proc_macro2::Literal::byte_string(&bytes);
            let content_type = if headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            {
                TokenStream::new()
            } else {
                quote!(assert_eq!(request.header("content-type"), None);)
            };
            quote! {
                assert_eq!(&request.body[..], &#bytes[..], "request body");
                #content_type
            }
        } else {
            let text = example.json.to_string();
            quote!(test_util::assert_json_body(&request.body, #text);)
        }
    } else if op
        .input
        .members
        .iter()
        .any(|m| m.location == Location::Body)
    {
        let text = Value::Object(body).to_string();
        quote!(test_util::assert_json_body(&request.body, #text);)
    } else {
        quote!(assert!(request.body.is_empty(), "no body expected");)
    };
    let http_method = op.method.as_str();
    if op.unsigned_payload {
        // The body is not signed (over https, as the canned client's endpoint is).
        headers.push((
            "x-amz-content-sha256".to_owned(),
            "UNSIGNED-PAYLOAD".to_owned(),
        ));
    }
    // The host prefix, before the endpoint's host.
    let host_check = if op.host_prefix.is_empty() {
        TokenStream::new()
    } else {
        let mut prefix = String::new();
        for part in &op.host_prefix {
            match part {
                PathPart::Literal(text) => prefix.push_str(text),
                PathPart::Label(label) => {
                    prefix.push_str(texts.get(label).map_or("", String::as_str))
                }
            }
        }
        quote! {
            let host = request.header("host").unwrap_or_default();
            assert!(host.starts_with(#prefix), "host {host:?} without the prefix {:?}", #prefix);
            assert!(request.uri.starts_with(&format!("https://{host}/")), "{}", request.uri);
        }
    };
    let header_checks = headers.iter().map(|(name, value)| {
        quote! {
            assert_eq!(request.header(#name), Some(#value), #name);
        }
    });

    // The output: a response with every member, and the output it must parse into.
    let mut response = Map::new();
    let mut response_body = None;
    let mut response_headers = Vec::new();
    let mut output_setters = Vec::new();
    // The output's fields set from the example (for an output with a streamed payload, which
    // is not `PartialEq`, they are compared one by one).
    let mut compared = Vec::new();
    // Entries each output header map must hold: the field, the key and the value.
    let mut header_map_checks = Vec::new();
    let mut header_map_entries: Vec<(String, String)> = Vec::new();
    for member in &op.output.members {
        let setter = ident(&naming::setter_name(&member.name));
        if let Location::HeaderMap(prefix) = &member.location {
            // Response headers with the prefix; the map holds them (and, for an empty prefix,
            // every other header of the response too).
            if let Some(Value::Object(entries)) =
                example(ctx, &member.target, &member.name, 0)?.map(|example| example.json)
            {
                let field = ident(&naming::field_name(&member.name));
                for (key, example_value) in entries {
                    let (name, value) = (format!("{prefix}{key}"), text_of(&example_value));
                    response_headers.push(quote!((#name, #value)));
                    let key = key.to_ascii_lowercase();
                    header_map_entries.push((key.clone(), text_of(&example_value)));
                    header_map_checks.push(quote! {
                        assert_eq!(
                            output.#field.as_ref().and_then(|map| map.get(#key)).map(String::as_str),
                            Some(#value),
                            #name
                        );
                    });
                }
            }
            continue;
        }
        if member.location == Location::StatusCode {
            // The canned response's status.
            let status = match member.target {
                TypeRef::Long => quote!(200i64),
                _ => quote!(200i32),
            };
            output_setters.push(quote!(.#setter(Some(#status))));
            compared.push(ident(&naming::field_name(&member.name)));
            continue;
        }
        if is_streamed(member) {
            // Read from the output's stream, not compared through its builder.
            let bytes = proc_macro2::Literal::byte_string(&example_bytes(&member.name));
            response_body = Some(quote!(&#bytes[..]));
            continue;
        }
        let Some(example) = example(ctx, &member.target, &member.name, 0)? else {
            if member.required {
                return Ok(None);
            }
            continue;
        };
        let rust = &example.rust;
        output_setters.push(quote!(.#setter(Some(#rust))));
        compared.push(ident(&naming::field_name(&member.name)));
        match &member.location {
            Location::Header(header) => {
                let value = header_text(&member.target, &example);
                response_headers.push(quote!((#header, #value)));
            }
            Location::Payload { .. } if member.target == TypeRef::Blob => {
                let bytes = proc_macro2::Literal::byte_string(&example_bytes(&member.name));
                response_body = Some(quote!(&#bytes[..]));
            }
            Location::Payload { .. } if member.target == TypeRef::String => {
                let text = &example.text;
                response_body = Some(quote!(#text));
            }
            Location::Payload { .. } => {
                let text = example.json.to_string();
                response_body = Some(quote!(#text));
            }
            _ => {
                response.insert(member.wire_name.clone(), example.json);
            }
        }
    }
    let response_text = match response_body {
        Some(body) => body,
        None => {
            let text = Value::Object(response).to_string();
            quote!(#text)
        }
    };
    let input_text = Value::Object(input_json).to_string();
    response_headers.push(quote!(("x-amzn-RequestId", "the-request-id")));
    let built = if output_has_required(&op.output) {
        quote!(.build().expect("every required member is set"))
    } else {
        quote!(.build())
    };

    let expected = quote!(let expected = #krate::operation::#module::#output_ty::builder() #(#output_setters)* #built;);
    let output_fields = output_fields(ctx, &op.output)?;
    let (output_binding, output_checks, dispatched_check) = match streamed_field(&output_fields) {
        Some(f) => {
            // The stream holds the canned body; the other members compare one by one.
            let field = &f.ident;
            let bytes = proc_macro2::Literal::byte_string(&example_bytes(&f.member.name));
            let expected = if compared.is_empty() {
                TokenStream::new()
            } else {
                let names = compared.iter().map(Ident::to_string);
                quote! {
                    #expected
                    #( assert_eq!(output.#compared, expected.#compared, #names); )*
                }
            };
            let render = dispatch::render_streamed(f);
            (
                quote!(mut output),
                quote! {
                    let body = std::mem::take(&mut output.#field)
                        .collect()
                        .await
                        .expect("the streamed body");
                    assert_eq!(&body[..], &#bytes[..], "streamed body");
                    #expected
                },
                // The dispatcher reads the stream too, and shows its bytes.
                quote! {
                    output.#field = body.clone().into();
                    assert_eq!(dispatched, #render);
                },
            )
        }
        // A header map holds the response's headers too, in a `HashMap`, whose `Debug` order
        // varies: the other members compare one by one, the map's entries by lookup.
        None if !header_map_entries.is_empty() => {
            let names = compared.iter().map(Ident::to_string);
            let shown = header_map_entries
                .iter()
                .map(|(key, value)| format!("{key:?}: {value:?}"));
            (
                quote!(output),
                quote! {
                    #expected
                    #( assert_eq!(output.#compared, expected.#compared, #names); )*
                },
                quote! {
                    #( assert!(dispatched.contains(#shown), "{dispatched}"); )*
                },
            )
        }
        None => (
            quote!(output),
            quote! {
                #expected
                assert_eq!(output, expected);
            },
            quote!(assert_eq!(dispatched, format!("{output:?}"));),
        ),
    };

    let input_fn = ident(&format!("{}_input", naming::method_name(&op.name)));
    let request_test = ident(&format!(
        "{}_request_and_response",
        naming::method_name(&op.name)
    ));
    let errors_test = ident(&format!("{}_errors", naming::method_name(&op.name)));
    let fluent = ident(&naming::fluent_builder_name(&op.name));
    let input_doc = docs::outer(&format!(
        "`{op_name}` with every input member set to its example value."
    ));
    let errors = op
        .errors
        .iter()
        .map(|name| {
            let status = ctx
                .service
                .errors
                .get(name)
                .and_then(|e| e.http_status)
                .unwrap_or(400);
            let is = ident(&naming::is_variant_name(&naming::type_name(name)));
            let status = proc_macro2::Literal::u16_unsuffixed(status);
            quote!((#name, #status, #error_name::#is))
        })
        .collect::<Vec<_>>();
    let errors_fn = if errors.is_empty() {
        TokenStream::new()
    } else {
        let count = proc_macro2::Literal::usize_unsuffixed(errors.len());
        quote! {
            #[test]
            fn #errors_test() {
                run(|| async {
                use #error;
                let cases: [ErrorCase<#error_name>; #count] = [#(#errors),*];
                for (code, status, is_it) in cases {
                    for http in test_util::CannedClient::error_forms(code, status, "the message") {
                        let client = Client::from_conf(http.config());
                        let err = #input_fn(&client).send().await.expect_err(code);
                        let service = err
                            .as_service_error()
                            .unwrap_or_else(|| panic!("{code}: not a service error: {err:?}"));
                        assert!(is_it(service), "{code}: {service:?}");
                        assert_eq!(service.meta().message(), Some("the message"), "{code}");
                        assert_eq!(service.meta().status(), status, "{code}");
                        assert_eq!(err.request_id(), Some("error-request-id"), "{code}");
                        assert_eq!(err.http_status(), Some(status), "{code}");
                    }
                }
                });
            }
        }
    };

    Ok(Some(quote! {
        #input_doc
        fn #input_fn(client: &Client) -> #krate::operation::#module::builders::#fluent {
            client.#method() #(#setters)*
        }

        #[test]
        fn #request_test() {
            run(|| async {
            let http = test_util::CannedClient::new(200, &[#(#response_headers),*], #response_text);
            let client = Client::from_conf(http.config());
            let #output_binding = #input_fn(&client).send().await.expect(#op_name);

            let request = http.only_request();
            assert_eq!(request.method.as_str(), #http_method);
            assert_eq!(test_util::path(&request), #path);
            let mut query = test_util::query(&request);
            query.sort();
            let expected: Vec<(String, String)> = vec![#(#query_pairs),*];
            assert_eq!(query, expected);
            #(#header_checks)*
            #host_check
            #body_check

            #output_checks
            #(#header_map_checks)*
            assert_eq!(RequestId::request_id(&output), Some("the-request-id"));
            assert_eq!(RequestId::http_status(&output), Some(200));

            // The same input in its JSON form, through the dispatcher: the same request.
            let http = test_util::CannedClient::new(200, &[#(#response_headers),*], #response_text);
            let client = Client::from_conf(http.config());
            let input: serde_json::Value = serde_json::from_str(#input_text).expect("JSON");
            let dispatched = dispatch::send(&client, #op_name, &input).await.expect(#op_name);
            #dispatched_check
            let again = http.only_request();
            assert_eq!(again.method, request.method);
            assert_eq!(test_util::path(&again), test_util::path(&request));
            assert_eq!(test_util::query(&again), test_util::query(&request));
            assert_eq!(again.body, request.body);
            });
        }

        #errors_fn
    }))
}

/// The bytes of the example blob of member `name`: text, then bytes that are not UTF-8.
fn example_bytes(name: &str) -> Vec<u8> {
    let mut bytes = format!("{name}: ").into_bytes();
    bytes.extend([0x00, 0xff, 0x80, b'\n']);
    bytes
}

/// Base64 (standard alphabet, padded), written here apart from the runtime's.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

/// The text of an example as it travels in a header: timestamps as HTTP dates, lists
/// comma-separated (items with `,` or `"` quoted), JSON values as base64 of their JSON with
/// non-ASCII characters escaped.
fn header_text(target: &TypeRef, example: &Example) -> String {
    match (target, &example.json) {
        (TypeRef::Timestamp, _) => EXAMPLE_HTTP_DATE.to_owned(),
        (TypeRef::Document, json) => {
            let mut ascii = String::new();
            for c in json.to_string().chars() {
                if c.is_ascii() {
                    ascii.push(c);
                } else {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        ascii.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
            base64(ascii.as_bytes())
        }
        (TypeRef::List(inner), Value::Array(items)) => items
            .iter()
            .map(|item| match &**inner {
                TypeRef::Timestamp => EXAMPLE_HTTP_DATE.to_owned(),
                _ => {
                    let text = text_of(item);
                    if text.contains([',', '"']) {
                        format!("\"{}\"", text.replace('"', "\\\""))
                    } else {
                        text
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        _ => example.text.clone(),
    }
}

/// The text of a scalar JSON value as it travels in a URI or header.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes a path label like the SDK must: every byte outside `A-Z a-z 0-9 - . _ ~`.
fn encode_label(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An example of type `ty` for member `name`; `None` if examples cannot express it.
fn example(
    ctx: &Context<'_>,
    ty: &TypeRef,
    name: &str,
    depth: usize,
) -> Result<Option<Example>, EmitError> {
    let krate = ident(&ctx.options.crate_name);
    let scalar = |json: Value, rust: TokenStream| {
        Some(Example {
            text: text_of(&json),
            json,
            rust,
        })
    };
    Ok(match ty {
        TypeRef::String => {
            // Characters that must be escaped in a path, a query and JSON.
            let value = format!("{name}: ä/1");
            scalar(Value::from(value.clone()), quote!(#value.to_owned()))
        }
        TypeRef::Boolean => scalar(Value::from(true), quote!(true)),
        TypeRef::Integer => scalar(Value::from(7), quote!(7)),
        TypeRef::Long => scalar(Value::from(7_000_000_000i64), quote!(7_000_000_000)),
        TypeRef::Float => scalar(Value::from(1.5), quote!(1.5)),
        TypeRef::Double => scalar(Value::from(2.25), quote!(2.25)),
        TypeRef::Timestamp => {
            let (text, secs) = EXAMPLE_TIME;
            scalar(
                Value::from(text),
                quote!(#krate::primitives::DateTime::from_secs(#secs)),
            )
        }
        TypeRef::Blob => {
            let bytes = example_bytes(name);
            let literal = proc_macro2::Literal::byte_string(&bytes);
            Some(Example {
                text: String::new(),
                json: Value::from(base64(&bytes)),
                rust: quote!(#krate::primitives::Blob::from(#literal)),
            })
        }
        TypeRef::Document => {
            let json = serde_json::json!({ "key": [format!("{name} ä"), 1] });
            let text = json.to_string();
            let value = runtime::document();
            Some(Example {
                text: String::new(),
                json,
                rust: quote!(#text.parse::<#value>().expect("JSON")),
            })
        }
        TypeRef::List(item) => example(ctx, item, name, depth + 1)?.map(|e| {
            let rust = &e.rust;
            Example {
                text: e.text.clone(),
                json: Value::Array(vec![e.json]),
                rust: quote!(vec![#rust]),
            }
        }),
        TypeRef::Map(value) => example(ctx, value, name, depth + 1)?.map(|e| {
            let rust = &e.rust;
            let mut object = Map::new();
            object.insert("key-1".to_owned(), e.json);
            Example {
                text: String::new(),
                json: Value::Object(object),
                rust: quote!(std::collections::HashMap::from([("key-1".to_owned(), #rust)])),
            }
        }),
        TypeRef::Named(shape) => match ctx.service.shapes.get(shape) {
            Some(Shape::Enum(e)) => {
                let ty = ident(&naming::type_name(shape));
                match e.values.first() {
                    Some(value) => scalar(
                        Value::from(value.clone()),
                        quote!(#krate::types::#ty::from(#value)),
                    ),
                    None => None,
                }
            }
            Some(Shape::Structure(s)) => structure_example(ctx, s, depth + 1)?,
            None => {
                return Err(EmitError::Dangling {
                    item: format!("tests: {name}"),
                    name: shape.clone(),
                })
            }
        },
    })
}

/// A structure with every member set (optional members left out past [`MAX_DEPTH`]).
fn structure_example(
    ctx: &Context<'_>,
    s: &Structure,
    depth: usize,
) -> Result<Option<Example>, EmitError> {
    let krate = ident(&ctx.options.crate_name);
    let ty = ident(&naming::type_name(&s.name));
    let mut json = Map::new();
    let mut setters = Vec::new();
    for member in &s.members {
        if depth > MAX_DEPTH && !member.required {
            continue;
        }
        match example(ctx, &member.target, &member.name, depth)? {
            Some(e) => {
                let setter = ident(&naming::setter_name(&member.name));
                let rust = &e.rust;
                if ctx.boxed.contains(&(s.name.clone(), member.name.clone())) {
                    setters.push(quote!(.#setter(Some(Box::new(#rust)))));
                } else {
                    setters.push(quote!(.#setter(Some(#rust))));
                }
                json.insert(member.wire_name.clone(), e.json);
            }
            None if member.required => return Ok(None),
            None => {}
        }
    }
    let built = if has_required(s) {
        quote!(.build().expect("every required member is set"))
    } else {
        quote!(.build())
    };
    Ok(Some(Example {
        text: String::new(),
        json: Value::Object(json),
        rust: quote!(#krate::types::#ty::builder() #(#setters)* #built),
    }))
}
