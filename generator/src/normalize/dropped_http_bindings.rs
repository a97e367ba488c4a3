//! Step 13: the HTTP bindings AWS's conversion deleted, restored from AWS's model.
//!
//! **Quirk.** APIs-guru's converter (aws2openapi) deletes a structure's `payload` trait and the
//! `streaming` and `jsonvalue` traits of its members, drops output members bound to response
//! headers (they appear nowhere in the document) and keeps output members bound to the HTTP
//! status code as if they were JSON body members. Blobs become plain `type: string`. Read
//! literally, Polly's `SynthesizeSpeech` answers a JSON object `{"AudioStream": "…"}`, Lambda's
//! `Invoke` sends `{"Payload": "…"}` and reads `StatusCode` from the body, and Amplify UI
//! Builder's `CreateComponent` wraps its body in `{"componentToCreate": {…}}`. Nothing left in
//! the document tells these members apart from ordinary ones.
//!
//! **Real behaviour.** botocore (and every AWS SDK) sends a payload member as the whole body:
//! a blob's bytes as they are (read back the same way), a structure's JSON without a wrapper;
//! reads status-code members from the status line and header members from headers; and sends a
//! `jsonvalue` header as base64 of its JSON. The facts come from botocore's model
//! ([`TABLE`], written by `generator/tools/dropped_http_bindings.py` for the REST-JSON
//! documents of APIs-guru's corpus, keyed by `info.x-serviceName` and operation). This step
//! writes them into the document in the form `cargo xtask import` writes from the model
//! itself (`crate::import`), which lowering reads:
//!
//! * `x-aws-payload: {member, streaming}` on the request body or the success response: the
//!   named property of the body schema is the whole body;
//! * `x-aws-status-code: <member>` on the success response: that property is the HTTP status;
//! * the missing output headers as `headers` of the success response, each with
//!   `x-aws-member` (the member's name) and its type (`format: date-time` for timestamps);
//! * `x-aws-jsonvalue: true` on a header parameter or response header: a JSON value, sent
//!   and received as base64 of its JSON text;
//! * the model's `authtype: v4-unsigned-body` (aws2openapi drops it too) as
//!   [`NormalOperation::unsigned_payload`], which `model_extensions` sets from
//!   `x-aws-unsigned-payload` in imported documents: the request body is not signed;
//! * the model's `endpoint.hostPrefix` (dropped too: IoT SiteWise's `data.` operations, Location's
//!   `maps.`, Data Exchange's `api-fulfill.`) as [`NormalOperation::host_prefix`], which
//!   `model_extensions` sets from `x-aws-host-prefix`: the host the operation is sent to.
//!
//! A fact about a member the document does not have (another version of the document) is an
//! error naming the place it should be: the table and the document disagree.

use crate::aws;
use crate::error::{Error, Pointer, Result};
use crate::normalize::{Located, NormalOperation, Normalized};
use crate::resolve::{json_media, object_member_names};
use openapiv3::{
    Header, IntegerFormat, IntegerType, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Schema, SchemaData, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{json, Value};

/// The facts, one a line: service, operation, direction, binding, member, detail (see
/// `generator/tools/dropped_http_bindings.py`).
pub const TABLE: &str = include_str!("dropped_http_bindings.tsv");

/// The payload extension (request body or success response).
pub const PAYLOAD: &str = "x-aws-payload";
/// The status-code extension (success response).
pub const STATUS_CODE: &str = "x-aws-status-code";
/// The member name of a response header (the header's name is the wire name).
pub const MEMBER: &str = "x-aws-member";
/// A header carrying a JSON value as base64 of its JSON text.
pub const JSON_VALUE: &str = "x-aws-jsonvalue";
/// The maps of headers sharing a prefix, on the request body or the success response:
/// `[{member, property, prefix}]` (`property` is the body member the document has for it).
pub const HEADER_MAPS: &str = "x-aws-header-maps";

/// One line of [`TABLE`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding<'t> {
    pub service: &'t str,
    pub operation: &'t str,
    /// `input` or `output`.
    pub output: bool,
    pub kind: BindingKind<'t>,
    pub member: &'t str,
}

/// What the model binds the member to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingKind<'t> {
    /// The whole body: a blob (`streaming` or not) or a structure.
    Payload { blob: bool, streaming: bool },
    /// The whole body is an event stream (`application/vnd.amazon.eventstream` frames).
    EventStream,
    /// The HTTP status code (output).
    StatusCode,
    /// A header with its wire name and type: `string`, `integer`, `long`, `boolean`,
    /// `timestamp`, `jsonvalue`, `list-string`.
    Header { name: &'t str, kind: &'t str },
    /// The request body is not signed (`authtype: v4-unsigned-body`; no member).
    UnsignedPayload,
    /// A map of headers sharing `prefix` (`location: headers`): each entry is the header
    /// `prefix + key` (an empty prefix, in an output: every header).
    HeaderMap { prefix: &'t str },
    /// The operation's host prefix (`endpoint.hostPrefix`: `data.`, `{graphIdentifier}.`; no
    /// member).
    HostPrefix(&'t str),
}

/// Parses [`TABLE`] (or another table in its format).
pub fn parse_table(table: &str) -> std::result::Result<Vec<Binding<'_>>, String> {
    let mut out = Vec::new();
    for (i, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = || format!("line {} of the binding table: `{line}`", i + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        let [service, operation, direction, binding, member, detail] = fields[..] else {
            return Err(bad());
        };
        let output = match direction {
            "input" => false,
            "output" => true,
            _ => return Err(bad()),
        };
        let kind = match (binding, detail) {
            ("payload", "blob") => BindingKind::Payload {
                blob: true,
                streaming: false,
            },
            ("payload", "blob-streaming") => BindingKind::Payload {
                blob: true,
                streaming: true,
            },
            ("payload", "structure" | "string") => BindingKind::Payload {
                blob: false,
                streaming: false,
            },
            ("header-map", prefix) if !member.is_empty() => BindingKind::HeaderMap { prefix },
            ("payload", "eventstream") => BindingKind::EventStream,
            ("status", "") if output => BindingKind::StatusCode,
            ("unsigned-payload", "") if !output && member.is_empty() => {
                BindingKind::UnsignedPayload
            }
            ("host-prefix", prefix) if !output && member.is_empty() && !prefix.is_empty() => {
                BindingKind::HostPrefix(prefix)
            }
            ("header", detail) => match detail.rsplit_once(':') {
                Some((name, kind)) if !name.is_empty() && header_schema(kind).is_some() => {
                    BindingKind::Header { name, kind }
                }
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        };
        out.push(Binding {
            service,
            operation,
            output,
            kind,
            member,
        });
    }
    Ok(out)
}

/// The schema of a header of `kind`, and whether it is a JSON value.
fn header_schema(kind: &str) -> Option<(Schema, bool)> {
    let string = |format| {
        SchemaKind::Type(Type::String(StringType {
            format,
            ..Default::default()
        }))
    };
    let integer = |format| {
        SchemaKind::Type(Type::Integer(IntegerType {
            format,
            ..Default::default()
        }))
    };
    let (schema_kind, json_value) = match kind {
        "string" => (string(VariantOrUnknownOrEmpty::Empty), false),
        "jsonvalue" => (string(VariantOrUnknownOrEmpty::Empty), true),
        "timestamp" => (
            string(VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)),
            false,
        ),
        "integer" => (
            integer(VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32)),
            false,
        ),
        "long" => (
            integer(VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)),
            false,
        ),
        "boolean" => (SchemaKind::Type(Type::Boolean(Default::default())), false),
        "list-string" => (
            SchemaKind::Type(Type::Array(openapiv3::ArrayType {
                items: Some(ReferenceOr::Item(Box::new(Schema {
                    schema_data: SchemaData::default(),
                    schema_kind: string(VariantOrUnknownOrEmpty::Empty),
                }))),
                min_items: None,
                max_items: None,
                unique_items: false,
            })),
            false,
        ),
        _ => return None,
    };
    Some((
        Schema {
            schema_data: SchemaData::default(),
            schema_kind,
        },
        json_value,
    ))
}

/// The step: the table's bindings for this document's service, written into its operations.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    let bindings = parse_table(TABLE).map_err(|e| Error::new(&Pointer::root(), e))?;
    let Some(service) = doc
        .api
        .info
        .extensions
        .get(aws::SERVICE_ID_EXTENSION)
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Ok(());
    };
    restore(doc, &bindings, &service)
}

/// Writes the `bindings` of `service` into `doc`'s operations. An operation whose request or
/// response body is an event stream is taken out (into [`Normalized::omitted`]): the runtime
/// does not read or write event-stream frames yet, and reading them as JSON would be wrong.
pub fn restore(doc: &mut Normalized, bindings: &[Binding<'_>], service: &str) -> Result<()> {
    let streams: Vec<&Binding<'_>> = bindings
        .iter()
        .filter(|b| b.service == service && b.kind == BindingKind::EventStream)
        .collect();
    doc.operations.retain(|op| {
        let Some(binding) = streams.iter().find(|b| b.operation == op.name) else {
            return true;
        };
        let direction = if binding.output {
            "response"
        } else {
            "request"
        };
        doc.omitted.push((
            op.name.clone(),
            format!(
                "its {direction} body (`{}`) is an event stream, which this SDK does not speak yet",
                binding.member
            ),
        ));
        false
    });
    let api = &doc.api;
    for op in &mut doc.operations {
        let name = op.name.clone();
        for binding in bindings
            .iter()
            .filter(|b| b.service == service && b.operation == name)
        {
            restore_one(api, op, binding)?;
        }
    }
    Ok(())
}

/// The property names of a body (`content`'s JSON schema), with the schema's pointer.
fn body_members<'a, I>(api: &'a OpenAPI, content: I, pointer: &Pointer) -> Option<Vec<&'a str>>
where
    I: IntoIterator<Item = (&'a String, &'a openapiv3::MediaType)>,
{
    let (media_type, media) = json_media(content)?;
    let schema = media.schema.as_ref()?;
    let pointer = pointer.join("content").join(media_type).join("schema");
    object_member_names(api, schema.into(), &pointer)
}

fn restore_one(api: &OpenAPI, op: &mut NormalOperation, binding: &Binding<'_>) -> Result<()> {
    let member = binding.member;
    let op_name = op.name.clone();
    let missing = |pointer: &Pointer, what: &str| {
        Error::new(
            pointer,
            format!(
                "AWS's model binds member `{member}` of `{op_name}` to {what}, but {} has no such member",
                if binding.output { "the success response" } else { "the request body" }
            ),
        )
    };
    match (&binding.kind, binding.output) {
        (BindingKind::Payload { blob, streaming }, false) => {
            let Some(body) = &mut op.request_body else {
                return Err(missing(&op.pointer.join("requestBody"), "the body"));
            };
            let pointer = body.pointer.clone();
            if !body_members(api, &body.value.content, &pointer)
                .is_some_and(|m| m.contains(&member))
            {
                return Err(missing(&pointer, "the body"));
            }
            body.value.extensions.insert(
                PAYLOAD.to_owned(),
                json!({"member": member, "blob": blob, "streaming": streaming}),
            );
        }
        (BindingKind::Payload { blob, streaming }, true) => {
            let response = success(op)?;
            if !body_members(api, &response.value.content, &response.pointer)
                .is_some_and(|m| m.contains(&member))
            {
                return Err(missing(&response.pointer, "the body"));
            }
            response.value.extensions.insert(
                PAYLOAD.to_owned(),
                json!({"member": member, "blob": blob, "streaming": streaming}),
            );
        }
        // Its operation was taken out by `restore`.
        (BindingKind::EventStream, _) => {}
        (BindingKind::UnsignedPayload, _) => op.unsigned_payload = true,
        (BindingKind::HeaderMap { prefix }, output) => {
            let (extensions, names, pointer) = if output {
                let response = success(op)?;
                let names = body_members(api, &response.value.content, &response.pointer);
                (
                    &mut response.value.extensions,
                    names,
                    response.pointer.clone(),
                )
            } else {
                let Some(body) = &mut op.request_body else {
                    return Err(missing(&op.pointer.join("requestBody"), "a header map"));
                };
                let names = body_members(api, &body.value.content, &body.pointer);
                (&mut body.value.extensions, names, body.pointer.clone())
            };
            // The document names the member by the model's name or by the prefix.
            let property = names.and_then(|names| {
                [member, *prefix]
                    .into_iter()
                    .find(|p| !p.is_empty() && names.contains(p))
            });
            let Some(property) = property else {
                return Err(missing(&pointer, "a header map"));
            };
            let entry = json!({"member": member, "property": property, "prefix": prefix});
            match extensions.get_mut(HEADER_MAPS) {
                Some(Value::Array(maps)) => maps.push(entry),
                _ => {
                    extensions.insert(HEADER_MAPS.to_owned(), json!([entry]));
                }
            }
        }
        (BindingKind::HostPrefix(prefix), _) => op.host_prefix = Some((*prefix).to_owned()),
        (BindingKind::StatusCode, _) => {
            let response = success(op)?;
            if !body_members(api, &response.value.content, &response.pointer)
                .is_some_and(|m| m.contains(&member))
            {
                return Err(missing(&response.pointer, "the status code"));
            }
            response
                .value
                .extensions
                .insert(STATUS_CODE.to_owned(), json!(member));
        }
        (BindingKind::Header { name, kind }, true) => {
            let Some((schema, json_value)) = header_schema(kind) else {
                return Err(Error::new(
                    &op.pointer,
                    format!("unknown header kind `{kind}`"),
                ));
            };
            let response = success(op)?;
            let mut header = Header {
                description: None,
                style: Default::default(),
                required: false,
                deprecated: None,
                format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)),
                example: None,
                examples: Default::default(),
                extensions: Default::default(),
            };
            header.extensions.insert(MEMBER.to_owned(), json!(member));
            if json_value {
                header.extensions.insert(JSON_VALUE.to_owned(), json!(true));
            }
            response
                .value
                .headers
                .insert((*name).to_owned(), ReferenceOr::Item(header));
        }
        (BindingKind::Header { name, kind }, false) => {
            if *kind != "jsonvalue" {
                // The document keeps input headers with their types; only `jsonvalue` is lost.
                return Ok(());
            }
            let parameter = op.parameters.iter_mut().find(|p| {
                matches!(&p.value, Parameter::Header { parameter_data, .. }
                    if parameter_data.name.eq_ignore_ascii_case(name))
            });
            let Some(Located {
                value: Parameter::Header { parameter_data, .. },
                ..
            }) = parameter
            else {
                return Err(Error::new(
                    &op.pointer.join("parameters"),
                    format!(
                        "AWS's model binds member `{member}` of `{}` to header `{name}`, \
                         but the operation has no such header parameter",
                        op.name
                    ),
                ));
            };
            parameter_data
                .extensions
                .insert(JSON_VALUE.to_owned(), json!(true));
        }
    }
    Ok(())
}

/// The operation's success response (set by `errors_by_name`), or an error.
fn success(op: &mut NormalOperation) -> Result<&mut Located<openapiv3::Response>> {
    let pointer = op.pointer.join("responses");
    op.success.as_mut().ok_or_else(|| {
        Error::new(
            &pointer,
            "AWS's model has output bindings but the operation has no success response",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use crate::normalize::normalize;

    const DOC: &str = r##"{
      "openapi": "3.0.0",
      "info": {"title": "T", "version": "1", "x-serviceName": "svc", "x-aws-signingName": "svc"},
      "servers": [{"url": "https://svc.amazonaws.com"}],
      "paths": {
        "/speech": {"post": {
          "operationId": "Speak",
          "parameters": [{"name": "x-amz-attrs", "in": "header", "schema": {"type": "string"}}],
          "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": {"Body": {"type": "string"}}}}}},
          "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/SpeakOutput"}}}}}
        }}
      },
      "components": {"schemas": {"SpeakOutput": {"type": "object", "properties": {
        "Audio": {"type": "string"}, "Status": {"type": "integer"}}}}}
    }"##;

    fn doc() -> Normalized {
        normalize(load::load(DOC.as_bytes()).unwrap()).unwrap()
    }

    const TABLE: &str = "# comment\n\
        svc\tSpeak\tinput\tpayload\tBody\tblob-streaming\n\
        svc\tSpeak\tinput\theader\tAttrs\tx-amz-attrs:jsonvalue\n\
        svc\tSpeak\toutput\tpayload\tAudio\tblob\n\
        svc\tSpeak\toutput\tstatus\tStatus\t\n\
        svc\tSpeak\toutput\theader\tContentType\tContent-Type:string\n\
        svc\tSpeak\toutput\theader\tModified\tLast-Modified:timestamp\n\
        svc\tSpeak\tinput\tunsigned-payload\t\t\n\
        svc\tSpeak\tinput\thost-prefix\t\tdata.\n\
        other\tSpeak\toutput\theader\tOther\tx-other:string\n";

    #[test]
    fn the_committed_table_parses_and_names_known_facts() {
        let bindings = parse_table(super::TABLE).unwrap();
        assert!(bindings.len() > 600, "{}", bindings.len());
        assert!(bindings.contains(&Binding {
            service: "polly",
            operation: "SynthesizeSpeech",
            output: true,
            kind: BindingKind::Payload {
                blob: true,
                streaming: true
            },
            member: "AudioStream",
        }));
        assert!(bindings.contains(&Binding {
            service: "lambda",
            operation: "Invoke",
            output: true,
            kind: BindingKind::StatusCode,
            member: "StatusCode",
        }));
        assert!(bindings.contains(&Binding {
            service: "dataexchange",
            operation: "SendApiAsset",
            output: false,
            kind: BindingKind::HeaderMap {
                prefix: "x-amzn-dataexchange-header-"
            },
            member: "RequestHeaders",
        }));
        assert!(bindings.contains(&Binding {
            service: "dataexchange",
            operation: "SendApiAsset",
            output: true,
            kind: BindingKind::HeaderMap { prefix: "" },
            member: "ResponseHeaders",
        }));
        assert!(bindings.contains(&Binding {
            service: "iotsitewise",
            operation: "BatchPutAssetPropertyValue",
            output: false,
            kind: BindingKind::HostPrefix("data."),
            member: "",
        }));
        assert!(bindings.contains(&Binding {
            service: "mediastore-data",
            operation: "PutObject",
            output: false,
            kind: BindingKind::UnsignedPayload,
            member: "",
        }));
    }

    #[test]
    fn bad_lines_are_errors() {
        for line in [
            "svc\tOp\tinput\tpayload\tBody",
            "svc\tOp\tsideways\tpayload\tBody\tblob",
            "svc\tOp\tinput\tstatus\tStatus\t",
            "svc\tOp\toutput\theader\tH\tx-h:float",
            "svc\tOp\toutput\theader\tH\tnocolon",
            "svc\tOp\toutput\tpayload\tBody\tnumber",
            "svc\tOp\toutput\tunsigned-payload\t\t",
            "svc\tOp\tinput\tunsigned-payload\tBody\t",
            "svc\tOp\tinput\thost-prefix\t\t",
            "svc\tOp\tinput\theader-map\t\tx-prefix-",
            "svc\tOp\toutput\thost-prefix\t\tdata.",
        ] {
            let err = parse_table(line).unwrap_err();
            assert!(err.starts_with("line 1 of the binding table"), "{err}");
        }
    }

    #[test]
    fn bindings_are_written_into_the_document() {
        let mut doc = doc();
        let bindings = parse_table(TABLE).unwrap();
        assert!(!doc.operations[0].unsigned_payload);
        restore(&mut doc, &bindings, "svc").unwrap();
        let op = &doc.operations[0];
        assert!(op.unsigned_payload);
        assert_eq!(op.host_prefix.as_deref(), Some("data."));
        let body = op.request_body.as_ref().unwrap();
        assert_eq!(
            body.value.extensions.get(PAYLOAD),
            Some(&json!({"member": "Body", "blob": true, "streaming": true}))
        );
        let Parameter::Header { parameter_data, .. } = &op.parameters[0].value else {
            panic!("a header parameter");
        };
        assert_eq!(
            parameter_data.extensions.get(JSON_VALUE),
            Some(&json!(true))
        );
        let success = &op.success.as_ref().unwrap().value;
        assert_eq!(
            success.extensions.get(PAYLOAD),
            Some(&json!({"member": "Audio", "blob": true, "streaming": false}))
        );
        assert_eq!(success.extensions.get(STATUS_CODE), Some(&json!("Status")));
        let headers: Vec<&str> = success.headers.keys().map(String::as_str).collect();
        assert_eq!(headers, ["Content-Type", "Last-Modified"]);
        let ReferenceOr::Item(modified) = &success.headers["Last-Modified"] else {
            panic!("an inline header");
        };
        assert_eq!(modified.extensions.get(MEMBER), Some(&json!("Modified")));
        let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &modified.format else {
            panic!("a schema");
        };
        assert!(matches!(
            &schema.schema_kind,
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
        ));
    }

    #[test]
    fn an_event_stream_operation_is_taken_out_and_recorded() {
        let mut doc = doc();
        let bindings = parse_table("svc\tSpeak\toutput\tpayload\tEvents\teventstream\n").unwrap();
        assert_eq!(bindings[0].kind, BindingKind::EventStream);
        restore(&mut doc, &bindings, "svc").unwrap();
        assert!(doc.operations.is_empty());
        assert_eq!(
            doc.omitted,
            vec![(
                "Speak".to_owned(),
                "its response body (`Events`) is an event stream, which this SDK does not speak yet"
                    .to_owned()
            )]
        );
        // The committed table marks Lambda's streamed invocation.
        assert!(parse_table(super::TABLE).unwrap().contains(&Binding {
            service: "lambda",
            operation: "InvokeWithResponseStream",
            output: true,
            kind: BindingKind::EventStream,
            member: "EventStream",
        }));
    }

    #[test]
    fn other_services_are_untouched() {
        let mut doc = doc();
        let before = format!("{:?}", doc.operations);
        restore(&mut doc, &parse_table(TABLE).unwrap(), "unknown").unwrap();
        assert_eq!(format!("{:?}", doc.operations), before);
    }

    #[test]
    fn a_member_the_document_lacks_is_an_error_naming_the_place() {
        for (line, pointer, what) in [
            (
                "svc\tSpeak\tinput\tpayload\tNope\tblob",
                "#/paths/~1speech/post/requestBody",
                "the request body",
            ),
            (
                "svc\tSpeak\toutput\tstatus\tNope\t",
                "#/paths/~1speech/post/responses/200",
                "the success response",
            ),
            (
                "svc\tSpeak\tinput\theader\tNope\tx-nope:jsonvalue",
                "#/paths/~1speech/post/parameters",
                "no such header parameter",
            ),
        ] {
            let mut doc = doc();
            let err = restore(&mut doc, &parse_table(line).unwrap(), "svc").unwrap_err();
            assert_eq!(err.pointer, pointer, "{line}");
            assert!(
                err.message.contains("`Nope`") && err.message.contains(what),
                "{err}"
            );
        }
    }
}
