//! Normalization: the document's quirks, fixed one named step at a time.
//!
//! The APIs-guru AWS documents are mechanical conversions of the AWS SDK models and carry
//! conversion artefacts that a literal reading of OpenAPI gets wrong on the wire. Each quirk has
//! its own module (documenting the quirk and the service's real behaviour) and its own tests:
//!
//! 1. [`other_protocols`] — AWS JSON, query and REST-XML documents are rejected first, with
//!    one error naming the protocol.
//! 2. [`signing_name_from_servers`] — no `x-aws-signingName`: the servers' endpoint prefix.
//! 3. [`strip_signature_headers`] — the SigV4 `X-Amz-*` headers are not user input.
//! 4. [`split_path_fragments`] — `/tags/{resourceArn}#tagKeys` is really `/tags/{resourceArn}`;
//!    `#operation=batch-create` is a constant query string.
//! 5. [`errors_by_name`] — fake status codes 480-484 list errors, told apart by name.
//! 6. [`description_only_all_of`] — `allOf: [$ref, {description}]` is a documented reference.
//! 7. [`integer_bounds`] — integer bounds written as floats past `i64`; bounds past `i32` mean
//!    `int64`.
//! 8. [`named_request_bodies`] — inline request bodies duplicate the `<Op>Request` component.
//! 9. [`inline_component_copies`] — inline body members duplicate the `<Op><Member>` component.
//! 10. [`model_extensions`] — the model's paginators and idempotency tokens, as `x-aws-…`
//!     extensions (documents written by `cargo xtask import`).
//! 11. [`pagination_hints`] — `maxResults`/`nextToken` query parameters duplicate body members.
//! 12. [`pagination_query_copies`] — the other "Pagination limit"/"Pagination token" query
//!     copies (GET list operations, differently spelt body members).
//! 13. [`dropped_http_bindings`] — the model's payload, status-code, output-header and
//!     JSON-value-header bindings the conversion deleted, restored from botocore's model.
//!
//! Every step is a [`Step`], `fn(&mut Normalized) -> Result<()>`, and [`STEPS`] lists them in
//! the order [`normalize`] runs them, after flattening `paths` into a list of
//! [`NormalOperation`]s (path-level parameters merged into each operation, `$ref`s to
//! parameters, request bodies and responses resolved), which is what lowering (`crate::lower`)
//! reads. A new quirk is a new module here and a new entry in [`STEPS`]. (`format: password`
//! marking secrets is not a fix of the document but a reading rule: `crate::lower`'s
//! `sensitive` module.)

pub mod description_only_all_of;
pub mod dropped_http_bindings;
pub mod errors_by_name;
pub mod inline_component_copies;
pub mod integer_bounds;
pub mod model_extensions;
pub mod named_request_bodies;
pub mod other_protocols;
pub mod pagination_hints;
pub mod pagination_query_copies;
pub mod signing_name_from_servers;
pub mod split_path_fragments;
pub mod strip_signature_headers;

use crate::error::{Error, Pointer, Result};
use crate::model::{HttpMethod, Paginator};
use crate::resolve::{resolve_parameter, resolve_request_body, resolve_response};
use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema, StatusCode};

/// A value together with the JSON pointer of the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// Where `value` is in the document (for a resolved `$ref`, the referencing place).
    pub pointer: Pointer,
    /// The value.
    pub value: T,
}

/// A normalized document: the remaining document (info, servers, components) plus the flat
/// list of operations with the facts the normalization steps derived.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The document, with signature headers removed and schemas rewritten.
    pub api: OpenAPI,
    /// The operations, in document order.
    pub operations: Vec<NormalOperation>,
    /// Operations the steps took out, with why (event-stream bodies, which the runtime does not
    /// speak yet); the generated crate's docs list them.
    pub omitted: Vec<(String, String)>,
}

/// One operation, flattened out of `paths`.
#[derive(Debug, Clone)]
pub struct NormalOperation {
    /// `operationId`, e.g. `CreateStage`.
    pub name: String,
    /// Pointer to the operation object, e.g. `#/paths/~1CreateStage/post`.
    pub pointer: Pointer,
    /// HTTP method.
    pub method: HttpMethod,
    /// The `paths` key as written (may carry a `#fragment`).
    pub path_key: String,
    /// The real request path (set by [`split_path_fragments`]).
    pub path: String,
    /// The constant query pairs of the path key's fragment (`#operation=batch-create`, set by
    /// [`split_path_fragments`]).
    pub constant_query: Vec<(String, String)>,
    /// Operation documentation (HTML): `description`, else `summary`.
    pub description: Option<String>,
    /// Parameters (path-level ones merged in, `$ref`s resolved), in document order.
    pub parameters: Vec<Located<Parameter>>,
    /// Request body (`$ref` resolved).
    pub request_body: Option<Located<RequestBody>>,
    /// Responses as written, in document order; emptied by [`errors_by_name`].
    pub responses: Vec<(StatusCode, Located<Response>)>,
    /// The 2xx response (set by [`errors_by_name`]).
    pub success: Option<Located<Response>>,
    /// Errors by name, in document order (set by [`errors_by_name`]).
    pub errors: Vec<ErrorRef>,
    /// Pagination (set by [`model_extensions`] or [`pagination_hints`]).
    pub paginator: Option<Paginator>,
    /// The input member the SDK fills with a fresh UUID when unset (set by [`model_extensions`]).
    pub idempotency_token: Option<String>,
    /// The request body is not signed (set by [`model_extensions`] or
    /// [`dropped_http_bindings`]).
    pub unsigned_payload: bool,
    /// The host prefix (`data.`, `{graphIdentifier}.`; set by [`model_extensions`] or
    /// [`dropped_http_bindings`]).
    pub host_prefix: Option<String>,
    /// The operation's `x-…` extensions as written.
    pub extensions: Vec<(String, serde_json::Value)>,
}

/// An error an operation declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorRef {
    /// The error name, e.g. `ValidationException`.
    pub name: String,
    /// The response's description (HTML).
    pub description: String,
    /// Pointer to the response.
    pub pointer: Pointer,
    /// The response body schema, if any.
    pub schema: Option<Located<ReferenceOr<Schema>>>,
}

/// A normalization step: fixes one quirk of the document in place, or fails naming the JSON
/// pointer of what it cannot fix.
pub type Step = fn(&mut Normalized) -> Result<()>;

/// Every normalization step with its name, in the order they run.
pub const STEPS: [(&str, Step); 13] = [
    ("other_protocols", other_protocols::apply),
    (
        "signing_name_from_servers",
        signing_name_from_servers::apply,
    ),
    ("strip_signature_headers", strip_signature_headers::apply),
    ("split_path_fragments", split_path_fragments::apply),
    ("errors_by_name", errors_by_name::apply),
    ("description_only_all_of", description_only_all_of::apply),
    ("integer_bounds", integer_bounds::apply),
    ("named_request_bodies", named_request_bodies::apply),
    ("inline_component_copies", inline_component_copies::apply),
    ("model_extensions", model_extensions::apply),
    ("pagination_hints", pagination_hints::apply),
    ("pagination_query_copies", pagination_query_copies::apply),
    ("dropped_http_bindings", dropped_http_bindings::apply),
];

/// Flattens the operations, then runs every step of [`STEPS`], in order.
pub fn normalize(api: OpenAPI) -> Result<Normalized> {
    let operations = collect_operations(&api)?;
    let mut doc = Normalized {
        api,
        operations,
        omitted: Vec::new(),
    };
    for (_, step) in STEPS {
        step(&mut doc)?;
    }
    Ok(doc)
}

/// Flattens `paths` into operations: path-level parameters merged into each operation
/// (an operation-level parameter with the same name and location wins), and `$ref`s to
/// parameters, request bodies and responses resolved.
pub fn collect_operations(api: &OpenAPI) -> Result<Vec<NormalOperation>> {
    let paths_ptr = Pointer::root().join("paths");
    let mut operations: Vec<NormalOperation> = Vec::new();
    for (key, item) in &api.paths.paths {
        let item_ptr = paths_ptr.join(key);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Error::new(&item_ptr, "`$ref` path items are not supported"))
            }
        };
        for (method_key, op) in [("options", &item.options), ("trace", &item.trace)] {
            if op.is_some() {
                return Err(Error::new(
                    &item_ptr.join(method_key),
                    format!(
                        "HTTP method `{}` is not supported",
                        method_key.to_ascii_uppercase()
                    ),
                ));
            }
        }
        let methods = [
            ("get", HttpMethod::Get, &item.get),
            ("put", HttpMethod::Put, &item.put),
            ("post", HttpMethod::Post, &item.post),
            ("delete", HttpMethod::Delete, &item.delete),
            ("patch", HttpMethod::Patch, &item.patch),
            ("head", HttpMethod::Head, &item.head),
        ];
        let mut path_params = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let ptr = item_ptr.join("parameters").join(i);
            path_params.push(Located {
                value: resolve_parameter(api, p, &ptr)?.clone(),
                pointer: ptr,
            });
        }
        for (method_key, method, op) in methods {
            let Some(op) = op else { continue };
            let op_ptr = item_ptr.join(method_key);
            let name = match op.operation_id.as_deref().map(str::trim) {
                Some(id) if !id.is_empty() => id.to_string(),
                _ => return Err(Error::new(&op_ptr, "missing `operationId`")),
            };
            if let Some(other) = operations.iter().find(|o| o.name == name) {
                return Err(Error::new(
                    &op_ptr.join("operationId"),
                    format!("duplicate operationId `{name}` (also at {})", other.pointer),
                ));
            }
            let mut parameters: Vec<Located<Parameter>> = Vec::new();
            for (i, p) in op.parameters.iter().enumerate() {
                let ptr = op_ptr.join("parameters").join(i);
                parameters.push(Located {
                    value: resolve_parameter(api, p, &ptr)?.clone(),
                    pointer: ptr,
                });
            }
            let inherited: Vec<Located<Parameter>> = path_params
                .iter()
                .filter(|pp| {
                    !parameters
                        .iter()
                        .any(|p| same_parameter(&p.value, &pp.value))
                })
                .cloned()
                .collect();
            let parameters = inherited.into_iter().chain(parameters).collect();
            let request_body = match &op.request_body {
                None => None,
                Some(body) => {
                    let ptr = op_ptr.join("requestBody");
                    Some(Located {
                        value: resolve_request_body(api, body, &ptr)?.clone(),
                        pointer: ptr,
                    })
                }
            };
            let responses_ptr = op_ptr.join("responses");
            if op.responses.default.is_some() {
                return Err(Error::new(
                    &responses_ptr.join("default"),
                    "`default` responses are not supported (errors are listed by name)",
                ));
            }
            let mut responses = Vec::new();
            for (code, response) in &op.responses.responses {
                let ptr = responses_ptr.join(code);
                let value = resolve_response(api, response, &ptr)?.clone();
                responses.push((
                    code.clone(),
                    Located {
                        value,
                        pointer: ptr,
                    },
                ));
            }
            let description = op
                .description
                .as_ref()
                .or(op.summary.as_ref())
                .filter(|d| !d.trim().is_empty())
                .cloned();
            operations.push(NormalOperation {
                name,
                pointer: op_ptr,
                method,
                path_key: key.clone(),
                path: key.clone(),
                constant_query: Vec::new(),
                description,
                parameters,
                request_body,
                responses,
                success: None,
                errors: Vec::new(),
                paginator: None,
                idempotency_token: None,
                unsigned_payload: false,
                host_prefix: None,
                extensions: op
                    .extensions
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            });
        }
    }
    Ok(operations)
}

/// Whether two parameters have the same name and location.
fn same_parameter(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Small helpers for the steps' tests.
    use openapiv3::OpenAPI;

    /// Parses a compact YAML test document (panics on bad test input).
    pub fn doc(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("bad test document: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::doc;
    use super::*;

    const DOC: &str = r##"
openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - $ref: '#/components/parameters/Trace'
    get:
      operationId: GetThing
      parameters:
        - {name: Trace, in: header, description: overridden, schema: {type: string}}
      responses:
        '200': {$ref: '#/components/responses/Ok'}
components:
  parameters:
    Trace: {name: Trace, in: header, schema: {type: string}}
  responses:
    Ok: {description: fine}
"##;

    #[test]
    fn flattens_operations_and_merges_parameters() {
        let api = doc(DOC);
        let ops = collect_operations(&api).unwrap();
        assert_eq!(ops.len(), 1);
        let op = &ops[0];
        assert_eq!(op.name, "GetThing");
        assert_eq!(op.pointer.as_str(), "#/paths/~1things~1{id}/get");
        let names: Vec<_> = op
            .parameters
            .iter()
            .map(|p| p.value.parameter_data_ref().name.as_str())
            .collect();
        assert_eq!(names, ["id", "Trace"]);
        assert_eq!(
            op.parameters[1]
                .value
                .parameter_data_ref()
                .description
                .as_deref(),
            Some("overridden")
        );
        assert_eq!(op.responses[0].1.value.description, "fine");
    }

    #[test]
    fn reports_dangling_parameter_refs() {
        let api = doc(&DOC.replace(
            "'#/components/parameters/Trace'",
            "'#/components/parameters/Nope'",
        ));
        let err = collect_operations(&api).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/paths/~1things~1{id}/parameters/1: `$ref` to `#/components/parameters/Nope`, which does not exist"
        );
    }
}
