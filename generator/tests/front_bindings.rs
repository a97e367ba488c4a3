//! HTTP bindings beyond the JSON body: payloads, status codes, typed and JSON-value headers,
//! both as the `dropped_http_bindings` step restores them in APIs-guru documents (the committed
//! corpus sample) and as a document may write them (`x-aws-…` extensions), with the errors a
//! bad extension gives.

use generator::model::{Location, Member, Operation, Service, TypeRef};

fn load(bytes: &[u8]) -> Service {
    generator::load_service(bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn operation<'s>(service: &'s Service, name: &str) -> &'s Operation {
    service
        .operations
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn member<'s>(members: &'s [Member], name: &str) -> &'s Member {
    members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name} in {members:?}"))
}

#[test]
fn mediastore_data_payloads_status_code_and_typed_headers() {
    let s = load(include_bytes!("corpus/mediastore-data.json"));
    let put = operation(&s, "PutObject");
    let body = member(&put.input.members, "Body");
    assert_eq!(body.location, Location::Payload { streaming: true });
    assert_eq!(body.target, TypeRef::Blob);
    assert!(body.required);
    assert_eq!(
        member(&put.input.members, "Content-Type").location,
        Location::Header("Content-Type".into())
    );

    let get = operation(&s, "GetObject");
    let out = &get.output.members;
    let body = member(out, "Body");
    assert_eq!(
        (&body.location, &body.target, body.required),
        (
            &Location::Payload { streaming: true },
            &TypeRef::Blob,
            false
        )
    );
    let status = member(out, "StatusCode");
    assert_eq!(
        (&status.location, &status.target),
        (&Location::StatusCode, &TypeRef::Integer)
    );
    let modified = member(out, "LastModified");
    assert_eq!(
        (&modified.location, &modified.target),
        (
            &Location::Header("Last-Modified".into()),
            &TypeRef::Timestamp
        )
    );
    let length = member(out, "ContentLength");
    assert_eq!(
        (&length.location, &length.target),
        (&Location::Header("Content-Length".into()), &TypeRef::Long)
    );
    // No other body member is left beside the payload.
    assert!(out.iter().all(|m| m.location != Location::Body), "{out:?}");
}

#[test]
fn lex_runtime_json_value_headers_both_ways() {
    let s = load(include_bytes!("corpus/runtime.lex.json"));
    let post = operation(&s, "PostContent");
    let attributes = post
        .input
        .members
        .iter()
        .find(|m| m.location == Location::Header("x-amz-lex-session-attributes".into()))
        .expect("the session attributes header");
    assert_eq!(attributes.target, TypeRef::Document);
    let stream = member(&post.input.members, "inputStream");
    assert_eq!(
        (&stream.location, &stream.target),
        (&Location::Payload { streaming: true }, &TypeRef::Blob)
    );
    let slots = member(&post.output.members, "slots");
    assert_eq!(
        (&slots.location, &slots.target),
        (
            &Location::Header("x-amz-lex-slots".into()),
            &TypeRef::Document
        )
    );
    let intent = member(&post.output.members, "intentName");
    assert_eq!(
        (&intent.location, &intent.target),
        (
            &Location::Header("x-amz-lex-intent-name".into()),
            &TypeRef::String
        )
    );
}

#[test]
fn structure_payloads_are_the_body() {
    let s = load(include_bytes!("corpus/amplifyuibuilder.json"));
    let create = operation(&s, "CreateComponent");
    let data = member(&create.input.members, "componentToCreate");
    assert_eq!(data.location, Location::Payload { streaming: false });
    assert!(matches!(&data.target, TypeRef::Named(name) if name == "CreateComponentData"));
    let entity = member(&create.output.members, "entity");
    assert_eq!(entity.location, Location::Payload { streaming: false });
    assert!(matches!(&entity.target, TypeRef::Named(name) if name == "Component"));
}

/// A document writing the bindings itself.
const DOC: &str = r##"{
  "openapi": "3.0.0",
  "info": {"title": "T", "version": "1", "x-serviceName": "not-in-the-table", "x-aws-signingName": "t"},
  "servers": [{"url": "https://t.amazonaws.com"}],
  "paths": {"/speak": {"post": {
    "operationId": "Speak",
    "parameters": [
      {"name": "x-attrs", "in": "header", "schema": {"type": "string"}, "x-aws-jsonvalue": true},
      {"name": "x-when", "in": "header", "schema": {"type": "string", "format": "date-time"}},
      {"name": "x-tags", "in": "header", "schema": {"type": "array", "items": {"type": "string"}}}
    ],
    "requestBody": {"x-aws-payload": {"member": "Text", "blob": true}, "content": {"application/json": {"schema": {
      "type": "object", "properties": {"Text": {"type": "string"}}}}}},
    "responses": {"200": {
      "description": "ok",
      "x-aws-payload": {"member": "Audio", "blob": true, "streaming": true},
      "x-aws-status-code": "Status",
      "headers": {"x-count": {"schema": {"type": "integer"}, "x-aws-member": "Count"}},
      "content": {"application/json": {"schema": {"type": "object", "properties": {
        "Audio": {"type": "string"}, "Status": {"type": "integer"}}}}}
    }}
  }}}
}"##;

#[test]
fn extensions_written_in_the_document_are_read() {
    let s = load(DOC.as_bytes());
    let op = operation(&s, "Speak");
    let kinds: Vec<(&str, &Location, &TypeRef)> = op
        .input
        .members
        .iter()
        .map(|m| (m.name.as_str(), &m.location, &m.target))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "x-attrs",
                &Location::Header("x-attrs".into()),
                &TypeRef::Document
            ),
            (
                "x-when",
                &Location::Header("x-when".into()),
                &TypeRef::Timestamp
            ),
            (
                "x-tags",
                &Location::Header("x-tags".into()),
                &TypeRef::List(Box::new(TypeRef::String))
            ),
            (
                "Text",
                &Location::Payload { streaming: false },
                &TypeRef::Blob
            ),
        ]
    );
    let kinds: Vec<(&str, &Location, &TypeRef)> = op
        .output
        .members
        .iter()
        .map(|m| (m.name.as_str(), &m.location, &m.target))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "Audio",
                &Location::Payload { streaming: true },
                &TypeRef::Blob
            ),
            ("Status", &Location::StatusCode, &TypeRef::Integer),
            (
                "Count",
                &Location::Header("x-count".into()),
                &TypeRef::Integer
            ),
        ]
    );
}

fn error_after(from: &str, to: &str) -> generator::Error {
    assert!(DOC.contains(from), "{from}");
    generator::load_service(DOC.replace(from, to).as_bytes()).unwrap_err()
}

#[test]
fn bad_bindings_name_their_place() {
    let speak = "#/paths/~1speak/post";
    for (from, to, pointer, message) in [
        (
            r#""member": "Text", "blob": true"#,
            r#""member": "Nope", "blob": true"#,
            format!("{speak}/requestBody/x-aws-payload"),
            "names `Nope`, which is not a member of the body",
        ),
        (
            r#""member": "Text", "blob": true"#,
            r#""member": 3"#,
            format!("{speak}/requestBody/x-aws-payload"),
            "must be an object naming the `member` that is the body",
        ),
        (
            r#""member": "Text", "blob": true"#,
            r#""member": "Text", "blob": "yes""#,
            format!("{speak}/requestBody/x-aws-payload"),
            "`blob` and `streaming` must be booleans",
        ),
        (
            r#""member": "Text", "blob": true"#,
            r#""member": "Text", "streaming": true"#,
            format!("{speak}/requestBody/x-aws-payload"),
            "payload `Text` of type String is not supported",
        ),
        (
            r#""member": "Text", "blob": true}"#,
            r#""member": "Text", "blob": true}, "x-aws-header-maps": [{"member": "M", "property": "Nope", "prefix": "x-"}]"#,
            format!("{speak}/requestBody/x-aws-header-maps/0"),
            "names `Nope`, which is not a member of the body",
        ),
        (
            r#""member": "Text", "blob": true}"#,
            r#""member": "Text", "blob": true}, "x-aws-header-maps": [{"member": "M"}]"#,
            format!("{speak}/requestBody/x-aws-header-maps/0"),
            "must name the `member`, its `property` in the body and the `prefix`",
        ),
        (
            r#""member": "Text", "blob": true}"#,
            r#""member": "Text", "blob": true}, "x-aws-header-maps": [{"member": "M", "property": "Text", "prefix": "x-"}]"#,
            format!("{speak}/requestBody/x-aws-header-maps/0"),
            "header map `Text` must be a map of strings",
        ),
        (
            r#""x-aws-status-code": "Status""#,
            r#""x-aws-status-code": "Audio""#,
            format!("{speak}/responses/200/x-aws-status-code"),
            "must name an integer member of the body",
        ),
        (
            r#""x-aws-status-code": "Status""#,
            r#""x-aws-status-code": "Missing""#,
            format!("{speak}/responses/200/x-aws-status-code"),
            "must name an integer member of the body",
        ),
        (
            r#""x-aws-status-code": "Status","#,
            "",
            format!("{speak}/responses/200/x-aws-payload"),
            "the body is member `Audio`, so it cannot have member `Status` too",
        ),
        (
            r#""x-aws-member": "Count""#,
            r#""x-aws-member": """#,
            format!("{speak}/responses/200/headers/x-count/x-aws-member"),
            "must be a member name",
        ),
        (
            r#"{"type": "string"}, "x-aws-jsonvalue": true"#,
            r#"{"type": "integer"}, "x-aws-jsonvalue": true"#,
            format!("{speak}/parameters/0/schema"),
            "a JSON value header (`x-aws-jsonvalue`) must be a string, not Integer",
        ),
    ] {
        let e = error_after(from, to);
        assert_eq!(e.pointer, pointer, "{from} → {to}: {e}");
        assert!(e.message.contains(message), "{from} → {to}: {e}");
    }
}
