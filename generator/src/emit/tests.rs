//! Emitter tests on a tiny hand-built model (naming edge cases, file set, header).

use super::*;
use crate::model::*;
use std::collections::BTreeMap;

fn member(name: &str, target: TypeRef, required: bool, location: Location) -> Member {
    Member {
        name: name.to_owned(),
        wire_name: name.to_owned(),
        renamed_from: None,
        docs: None,
        target,
        required,
        sensitive: false,
        location,
        idempotency_token: false,
    }
}

fn body(name: &str, target: TypeRef, required: bool) -> Member {
    member(name, target, required, Location::Body)
}

fn structure(name: &str, members: Vec<Member>) -> Structure {
    Structure {
        name: name.to_owned(),
        docs: Some(format!("The {name}.")),
        members,
    }
}

/// A small service touching every emitter path: keywords, digit enum values, sensitive members,
/// path labels, repeated query keys, pagination, maps, timestamps.
pub(crate) fn sample_service() -> Service {
    let mut shapes = BTreeMap::new();
    shapes.insert(
        "Kind".to_owned(),
        Shape::Enum(EnumShape {
            name: "Kind".to_owned(),
            docs: None,
            values: vec![
                "1080p".to_owned(),
                "type".to_owned(),
                "UNKNOWN".to_owned(),
                "SELF".to_owned(),
            ],
        }),
    );
    let mut token = body("token", TypeRef::String, false);
    token.sensitive = true;
    shapes.insert(
        "Widget".to_owned(),
        Shape::Structure(structure(
            "Widget",
            vec![
                body("arn", TypeRef::String, true),
                body("type", TypeRef::Named("Kind".to_owned()), false),
                token,
                body("createdAt", TypeRef::Timestamp, false),
                body("labels", TypeRef::Map(Box::new(TypeRef::String)), false),
                body("sizes", TypeRef::List(Box::new(TypeRef::Integer)), true),
                body("ratio", TypeRef::Double, false),
            ],
        )),
    );
    let mut errors = BTreeMap::new();
    errors.insert(
        "ValidationException".to_owned(),
        ErrorShape {
            name: "ValidationException".to_owned(),
            docs: Some("Invalid input.".to_owned()),
            members: vec![],
            http_status: Some(400),
        },
    );
    let list = Operation {
        name: "ListWidgets".to_owned(),
        docs: Some("Lists widgets.".to_owned()),
        method: HttpMethod::Post,
        constant_query: Vec::new(),
        path: vec![PathPart::Literal("/ListWidgets".to_owned())],
        input: structure(
            "ListWidgetsInput",
            vec![
                body("maxResults", TypeRef::Integer, false),
                body("nextToken", TypeRef::String, false),
            ],
        ),
        output: structure(
            "ListWidgetsOutput",
            vec![
                body(
                    "widgets",
                    TypeRef::List(Box::new(TypeRef::Named("Widget".to_owned()))),
                    true,
                ),
                body("nextToken", TypeRef::String, false),
            ],
        ),
        errors: vec!["ValidationException".to_owned()],
        paginator: Some(Paginator {
            input_token: "nextToken".to_owned(),
            output_token: "nextToken".to_owned(),
            page_size: Some("maxResults".to_owned()),
            items: Some("widgets".to_owned()),
        }),
        unsigned_payload: false,
        host_prefix: Vec::new(),
    };
    let untag = Operation {
        name: "UntagWidget".to_owned(),
        docs: None,
        method: HttpMethod::Delete,
        constant_query: Vec::new(),
        path: vec![
            PathPart::Literal("/tags/".to_owned()),
            PathPart::Label("resourceArn".to_owned()),
        ],
        input: structure(
            "UntagWidgetInput",
            vec![
                member("resourceArn", TypeRef::String, true, Location::Path),
                member(
                    "tagKeys",
                    TypeRef::List(Box::new(TypeRef::String)),
                    true,
                    Location::Query("tagKeys".to_owned()),
                ),
                member(
                    "kind",
                    TypeRef::Named("Kind".to_owned()),
                    false,
                    Location::Query("kind".to_owned()),
                ),
            ],
        ),
        output: structure("UntagWidgetOutput", vec![]),
        errors: vec!["ValidationException".to_owned()],
        paginator: None,
        unsigned_payload: false,
        host_prefix: Vec::new(),
    };
    let create = Operation {
        name: "CreateWidget".to_owned(),
        docs: Some(
            "Creates a [widget](https://example.com/widget) <b>now</b>; see https://example.com."
                .to_owned(),
        ),
        method: HttpMethod::Post,
        constant_query: Vec::new(),
        path: vec![PathPart::Literal("/CreateWidget".to_owned())],
        input: structure(
            "CreateWidgetInput",
            vec![
                body("widget", TypeRef::Named("Widget".to_owned()), true),
                body("self", TypeRef::Boolean, false),
            ],
        ),
        output: structure(
            "CreateWidgetOutput",
            vec![body("widget", TypeRef::Named("Widget".to_owned()), false)],
        ),
        errors: vec![],
        paginator: None,
        unsigned_payload: false,
        host_prefix: Vec::new(),
    };
    Service {
        title: "Widget Service".to_owned(),
        service_id: "widgets".to_owned(),
        signing_name: "widgets".to_owned(),
        sdk_id: Some("Widgets".to_owned()),
        omitted_operations: vec![],
        api_version: "2024-01-01".to_owned(),
        docs: Some("Manages widgets.".to_owned()),
        endpoints: vec![EndpointRule {
            url_template: "https://widgets.{region}.amazonaws.com".to_owned(),
            regions: vec!["us-east-1".to_owned()],
            description: None,
        }],
        default_endpoint: "https://widgets.{region}.amazonaws.com".to_owned(),
        operations: vec![create, list, untag],
        shapes,
        errors,
    }
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

#[test]
fn emits_the_expected_files_with_headers() {
    let files = emit(&sample_service(), &Options::default()).unwrap();
    let paths: Vec<_> = files
        .iter()
        .map(|f| f.path.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "README.md",
            "src/client.rs",
            "src/endpoint.rs",
            "src/lib.rs",
            "src/operation/create_widget.rs",
            "src/operation/list_widgets.rs",
            "src/operation/mod.rs",
            "src/operation/untag_widget.rs",
            "src/types/builders.rs",
            "src/types/error.rs",
            "src/types/mod.rs",
            "tests/operations.rs",
            "tests/support/dispatch.rs",
        ]
    );
    let header = "@generated by `cargo xtask codegen` from spec/ivs-realtime/2020-07-14/openapi.yaml. Do not edit.";
    for f in &files {
        let expected = match f.path.extension().and_then(|e| e.to_str()) {
            Some("rs") => format!("// {header}\n"),
            Some("toml") => format!("# {header}\n"),
            _ => format!("<!-- {header} -->\n"),
        };
        assert!(f.contents.starts_with(&expected), "{}", f.path.display());
        assert!(
            crate::write::is_generated(&f.contents),
            "{}",
            f.path.display()
        );
    }
    let manifest = file(&files, "Cargo.toml");
    assert!(
        manifest.contains(
            "\n[dependencies]\nsdk-runtime = { path = \"../runtime\", version = \"0.1.0\" }\n"
        ),
        "{manifest}"
    );
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    let standalone = emit(
        &sample_service(),
        &Options {
            standalone: true,
            runtime_dependency: "\"0.1.0\"".to_owned(),
            extra_dev_dependencies: vec![("tokio".to_owned(), "\"1.40\"".to_owned())],
            ..Options::default()
        },
    )
    .unwrap();
    let manifest = file(&standalone, "Cargo.toml");
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
    assert!(manifest.contains("sdk-runtime = \"0.1.0\"\n"), "{manifest}");
    assert!(
        manifest.ends_with("[dev-dependencies]\nserde_json = \"1\"\ntokio = \"1.40\"\n"),
        "{manifest}"
    );
}

#[test]
fn escapes_keywords_and_digit_enum_values() {
    let files = emit(&sample_service(), &Options::default()).unwrap();
    let types = file(&files, "src/types/mod.rs");
    assert!(
        types.contains("pub r#type: Option<crate::types::Kind>,"),
        "{types}"
    );
    assert!(types.contains("V1080p,"));
    assert!(types.contains("Type,"));
    assert!(types.contains("UnknownValue,"));
    assert!(types.contains("Unknown(UnknownVariantValue),"));
    assert!(types.contains("\"1080p\" => Self::V1080p,"));
    assert!(types.contains("\"*** Sensitive Data Redacted ***\""));
    let builders = file(&files, "src/types/builders.rs");
    assert!(
        builders.contains("pub fn set_type(mut self, input: Option<crate::types::Kind>) -> Self")
    );
    assert!(builders.contains("pub fn r#type(mut self, input: crate::types::Kind) -> Self"));
    let create = file(&files, "src/operation/create_widget.rs");
    assert!(create.contains("pub self_: Option<bool>,"), "{create}");
    assert!(create.contains("object.optional(\"self\", &self.self_);"));
}

#[test]
fn host_prefixes_are_literal_or_checked_labels() {
    let mut service = sample_service();
    let index = |service: &Service, name: &str| {
        service
            .operations
            .iter()
            .position(|o| o.name == name)
            .unwrap()
    };
    let (create, untag) = (
        index(&service, "CreateWidget"),
        index(&service, "UntagWidget"),
    );
    service.operations[create].host_prefix = vec![PathPart::Literal("data.".to_owned())];
    service.operations[untag].host_prefix = vec![
        PathPart::Label("resourceArn".to_owned()),
        PathPart::Literal(".{x}.".to_owned()),
    ];
    let files = emit(&service, &Options::default()).unwrap();
    let create = file(&files, "src/operation/create_widget.rs");
    assert!(
        create.contains("host_prefix: Some(::std::borrow::Cow::Borrowed(\"data.\")),"),
        "{create}"
    );
    let untag = file(&files, "src/operation/untag_widget.rs");
    for expected in [
        "::sdk_runtime::codegen::encode::host_label(&self.resource_arn, \"resourceArn\")?;",
        "host_prefix: Some(::std::borrow::Cow::Owned(format!(\n                \"{host_resource_arn}.{{x}}.\"\n            ))),",
    ] {
        assert!(untag.contains(expected), "{expected}\n{untag}");
    }
    let list = file(&files, "src/operation/list_widgets.rs");
    assert!(list.contains("host_prefix: None,"), "{list}");
    let tests = file(&files, "tests/operations.rs");
    assert!(tests.contains("host.starts_with(\"data.\"),"), "{tests}");
}

/// A string payload and header maps both ways (Data Exchange's `SendApiAsset`).
#[test]
fn string_payloads_and_header_maps_are_emitted() {
    let mut service = sample_service();
    let create = &mut service.operations[0];
    let map = TypeRef::Map(Box::new(TypeRef::String));
    create.input.members = vec![
        member(
            "Body",
            TypeRef::String,
            false,
            Location::Payload { streaming: false },
        ),
        member(
            "RequestHeaders",
            map.clone(),
            false,
            Location::HeaderMap("x-amzn-dataexchange-header-".to_owned()),
        ),
    ];
    create.output.members = vec![
        member(
            "Body",
            TypeRef::String,
            false,
            Location::Payload { streaming: false },
        ),
        member(
            "ResponseHeaders",
            map,
            false,
            Location::HeaderMap(String::new()),
        ),
    ];
    let files = emit(&service, &Options::default()).unwrap();
    let create = file(&files, "src/operation/create_widget.rs");
    for expected in [
        "if let Some(entries) = self.request_headers.as_ref() {",
        "headers.push((format!(\"x-amzn-dataexchange-header-{key}\"), value.clone()));",
        "Each entry is sent as the HTTP header `x-amzn-dataexchange-header-<key>`.",
        "RequestBody::Raw(payload.into())",
        "output.response_headers = Some(::sdk_runtime::codegen::header::read_prefixed(&response, \"\"));",
        "Every HTTP header of the response, by name",
        "output.body = match std::str::from_utf8(&response.body) {",
        "let message = format!(\"the body is not UTF-8 text: {e}\");",
    ] {
        assert!(create.contains(expected), "{expected}\n{create}");
    }
    let tests = file(&files, "tests/operations.rs");
    for expected in [
        "\"x-amzn-dataexchange-header-key-1\"",
        ".and_then(|map| map.get(\"key-1\"))",
        "dispatched.contains(\"\\\"key-1\\\": \\\"ResponseHeaders: ä/1\\\"\"),",
    ] {
        assert!(tests.contains(expected), "{expected}\n{tests}");
    }
}

#[test]
fn serializes_paths_and_queries() {
    let files = emit(&sample_service(), &Options::default()).unwrap();
    let untag = file(&files, "src/operation/untag_widget.rs");
    assert!(
        untag.contains("let resource_arn = encode::label(&self.resource_arn);"),
        "{untag}"
    );
    assert!(untag.contains("let path = format!(\"/tags/{resource_arn}\");"));
    assert!(untag.contains("query.push((\"tagKeys\".to_owned(), value.clone()));"));
    assert!(untag.contains("query.push((\"kind\".to_owned(), value.as_str().to_owned()));"));
    assert!(untag.contains("body: RequestBody::None,"));
    assert!(!untag.contains("#tagKeys"));
}

#[test]
fn docs_are_rustdoc_safe() {
    let files = emit(&sample_service(), &Options::default()).unwrap();
    let client = file(&files, "src/client.rs");
    assert!(
        client.contains("/// Creates a [widget](https://example.com/widget) &lt;b&gt;now&lt;/b&gt;; see <https://example.com>."),
        "{client}"
    );
    assert_eq!(
        docs::sanitize("see [Foo] and `a<b>` x"),
        "see \\[Foo\\] and `a<b>` x"
    );
    // Escapes already in the Markdown stay single (Connect's `[a-zA-Z0-9_-.\@]+`).
    assert_eq!(
        docs::sanitize(r"from \[a-z\\@\]+ and \<action\>"),
        r"from \[a-z\\@\]+ and \<action\>"
    );
}

#[test]
fn operation_links_become_client_links() {
    let mut service = sample_service();
    service.operations[1].docs = Some(format!(
        "Lists what {} made; see also [the guide](https://example.com/g).",
        crate::model::operation_link("CreateWidget")
    ));
    let files = emit(&service, &Options::default()).unwrap();
    let client = file(&files, "src/client.rs");
    assert!(
        client.contains(
            "/// Lists what [`CreateWidget`](crate::Client::create_widget) made; see also [the guide](https://example.com/g)."
        ),
        "{client}"
    );
    assert!(!files.iter().any(|f| f.contents.contains("](operation:")));
}

#[test]
fn unsupported_types_are_errors() {
    let mut service = sample_service();
    service.operations[0].input.members.push(member(
        "X-Docs",
        TypeRef::List(Box::new(TypeRef::Document)),
        false,
        Location::Header("X-Docs".to_owned()),
    ));
    let e = emit(&service, &Options::default()).unwrap_err();
    assert!(e.to_string().contains("CreateWidget.input.X-Docs"), "{e}");
    assert!(e.to_string().contains("a header list of Document"), "{e}");
}

/// Payloads (a blob in, a structure out), the status code, and header members of every kind
/// both ways: timestamps as HTTP dates, lists, JSON values, numbers.
#[test]
fn payloads_status_codes_and_header_kinds_are_emitted() {
    let mut service = sample_service();
    let create = &mut service.operations[0];
    create.input.members = vec![
        member(
            "audio",
            TypeRef::Blob,
            false,
            Location::Payload { streaming: true },
        ),
        member(
            "When",
            TypeRef::Timestamp,
            true,
            Location::Header("X-When".to_owned()),
        ),
        member(
            "Tags",
            TypeRef::List(Box::new(TypeRef::String)),
            false,
            Location::Header("X-Tags".to_owned()),
        ),
        member(
            "Attrs",
            TypeRef::Document,
            false,
            Location::Header("X-Attrs".to_owned()),
        ),
    ];
    create.output.members = vec![
        member(
            "widget",
            TypeRef::Named("Widget".to_owned()),
            false,
            Location::Payload { streaming: false },
        ),
        member("status", TypeRef::Integer, false, Location::StatusCode),
        member(
            "Modified",
            TypeRef::Timestamp,
            false,
            Location::Header("Last-Modified".to_owned()),
        ),
        member(
            "Size",
            TypeRef::Long,
            false,
            Location::Header("Content-Length".to_owned()),
        ),
        member(
            "Names",
            TypeRef::List(Box::new(TypeRef::String)),
            false,
            Location::Header("X-Names".to_owned()),
        ),
        member(
            "Slots",
            TypeRef::Document,
            false,
            Location::Header("X-Slots".to_owned()),
        ),
    ];
    let files = emit(&service, &Options::default()).unwrap();
    let create = file(&files, "src/operation/create_widget.rs");
    for expected in [
        r#"vec![("X-When".to_owned(), self.when.to_http_date())]"#,
        "if let Some(value) = self.tags.as_ref().filter(|values| !values.is_empty()) {",
        "::sdk_runtime::codegen::header::encode_list(value.iter().map(|item| item.as_str()))",
        "::sdk_runtime::codegen::header::encode_json_value(value)",
        // A streamed input payload: a `ByteStream`, moved into the request.
        "body: RequestBody::Stream(self.audio),",
        "pub audio: crate::primitives::ByteStream,",
        "From a file: `ByteStream::from_path(path).await?`, which the built-in HTTP client reads as it sends it",
        "fn request(self) -> Result<OperationRequest, BuildError> {",
        "async fn send(\n    handle: &Handle,\n    input: CreateWidgetInput,\n)",
        "super::send(&self.handle, input).await",
        "#[derive(Debug)]\n    pub struct CreateWidgetFluentBuilder {",
        "#[derive(Debug)]\npub struct CreateWidgetInput {",
        "output.status = Some(i32::from(response.status));",
        r#"::sdk_runtime::codegen::header::read_timestamp(&response, "Last-Modified")"#,
        r#"::sdk_runtime::codegen::header::read_number(&response, "Content-Length")"#,
        r#"::sdk_runtime::codegen::header::read_list(&response, "X-Names")"#,
        r#"::sdk_runtime::codegen::header::read_json_value(&response, "X-Slots")"#,
        "let mut output = CreateWidgetOutput::builder().build();",
        "match json::from_body(&response.body) {",
    ] {
        assert!(create.contains(expected), "{expected}\n{create}");
    }
    let tests = file(&files, "tests/operations.rs");
    for expected in [
        r#"&b"audio: \0\xFF\x80\n"[..],"#,
        // No content type on a blob payload (botocore), unless a member sets one.
        r#"assert_eq!(request.header("content-type"), None);"#,
        r#"Some("Tue, 02 Jan 2024 03:04:05 GMT")"#,
        // base64 of {"key":["Attrs \u00e4",1]}
        r#"Some("eyJrZXkiOlsiQXR0cnMgXHUwMGU0IiwxXX0=")"#,
        r#"("X-Names", "Names: ä/1")"#,
        ".set_status(Some(200i32))",
    ] {
        assert!(tests.contains(expected), "{expected}\n{tests}");
    }
}

/// An output's streamed payload is a `ByteStream` read as it arrives (`invoke_streaming`): no
/// `Option`, an empty stream when unset, never required to build; the output and its builder
/// are neither `Clone` nor `PartialEq` (a sensitive member's `Debug` still redacts); the tests
/// read the stream and compare its bytes, the dispatcher shows them. An input's streamed
/// payload stays a `Blob`, sent whole.
#[test]
fn streamed_output_payloads_are_byte_streams() {
    let mut service = sample_service();
    let create = &mut service.operations[0];
    create.input.members = vec![member(
        "Upload",
        TypeRef::Blob,
        true,
        Location::Payload { streaming: true },
    )];
    let mut secret = member(
        "Secret",
        TypeRef::String,
        false,
        Location::Header("X-Secret".to_owned()),
    );
    secret.sensitive = true;
    create.output.members = vec![
        // Required in the model: still an empty stream when unset.
        member(
            "AudioStream",
            TypeRef::Blob,
            true,
            Location::Payload { streaming: true },
        ),
        member(
            "ContentType",
            TypeRef::String,
            false,
            Location::Header("Content-Type".to_owned()),
        ),
        secret,
    ];
    // A streamed payload alone, not sensitive.
    service.operations[2].output.members = vec![member(
        "Body",
        TypeRef::Blob,
        false,
        Location::Payload { streaming: true },
    )];
    let files = emit(&service, &Options::default()).unwrap();

    let create = file(&files, "src/operation/create_widget.rs");
    // The output and its builder.
    let output = &create[create.find("pub struct CreateWidgetOutput {").unwrap()
        ..create
            .find("impl json::FromJson for CreateWidgetOutput")
            .unwrap()];
    for expected in [
        // The input's streamed payload: a stream, moved into the request.
        "pub upload: crate::primitives::ByteStream,",
        "Any other stream (`ByteStream::from_stream`) is read into memory before the request is sent.",
        "body: RequestBody::Stream(self.upload),",
        // The output's: a stream, no derives but `Default` (sensitive: its own `Debug`).
        "/// The CreateWidgetOutput.\npub struct CreateWidgetOutput {",
        "    pub audio_stream: crate::primitives::ByteStream,\n",
        "/// Read it whole with `output.audio_stream.collect().await?`",
        "pub fn audio_stream(&self) -> &crate::primitives::ByteStream {\n        &self.audio_stream\n    }",
        "impl std::fmt::Debug for CreateWidgetOutput {",
        r#".field("audio_stream", &self.audio_stream)"#,
        r#".field("secret", &"*** Sensitive Data Redacted ***")"#,
        "#[derive(Default)]\npub struct CreateWidgetOutputBuilder {",
        "pub(crate) audio_stream: Option<crate::primitives::ByteStream>,",
        "pub fn audio_stream(mut self, input: impl Into<crate::primitives::ByteStream>) -> Self {",
        "pub fn set_audio_stream(mut self, input: Option<crate::primitives::ByteStream>) -> Self {",
        "pub fn get_audio_stream(&self) -> &Option<crate::primitives::ByteStream> {",
        "pub fn build(self) -> CreateWidgetOutput {",
        "audio_stream: self.audio_stream.unwrap_or_default(),",
        // `send`: the head, then the body as the stream.
        r#".invoke_streaming("CreateWidget", request)"#,
        "let (response, body) = response.into_parts();",
        r#"output.content_type = response.header("Content-Type").map(str::to_owned);"#,
        "output._response_metadata = ResponseMetadata::from_response(&response);\n    output.audio_stream = body;\n    Ok(output)",
    ] {
        assert!(create.contains(expected), "{expected}\n{create}");
    }
    for unexpected in [
        "Clone",
        "PartialEq",
        "This member is required",
        "BuildError::missing_field(\"audio_stream\"",
    ] {
        assert!(!output.contains(unexpected), "{unexpected}\n{output}");
    }
    assert!(!create.contains(".invoke(\"CreateWidget\""), "{create}");

    let untag = file(&files, "src/operation/untag_widget.rs");
    for expected in [
        "#[derive(Debug)]\npub struct UntagWidgetOutput {",
        "pub body: crate::primitives::ByteStream,",
        "#[derive(Default, Debug)]\npub struct UntagWidgetOutputBuilder {",
        r#".invoke_streaming("UntagWidget", request)"#,
        "output.body = body;",
    ] {
        assert!(untag.contains(expected), "{expected}\n{untag}");
    }
    // Other outputs keep their derives and `invoke`.
    let list = file(&files, "src/operation/list_widgets.rs");
    assert!(list.contains("#[derive(Clone, PartialEq, Debug)]\npub struct ListWidgetsOutput {"));
    assert!(list.contains(".invoke(\"ListWidgets\", request)"), "{list}");

    let tests = file(&files, "tests/operations.rs");
    for expected in [
        // The canned body, read back from the stream.
        r#"&b"AudioStream: \0\xFF\x80\n"[..],"#,
        "let mut output = create_widget_input(&client)",
        "let body = std::mem::take(&mut output.audio_stream)\n            .collect()\n            .await\n            .expect(\"the streamed body\");",
        "assert_eq!(\n            &body[..],\n            &b\"AudioStream: \\0\\xFF\\x80\\n\"[..],\n            \"streamed body\"\n        );",
        // The other members, one by one.
        r#"assert_eq!(output.content_type, expected.content_type, "content_type");"#,
        r#"assert_eq!(output.secret, expected.secret, "secret");"#,
        // The dispatcher's rendering: the bytes after the output's `Debug`.
        "output.audio_stream = body.clone().into();",
        r#"assert_eq!(dispatched, format!("{output:?}\naudio_stream: {body:?}"));"#,
        // A stream alone: nothing else to compare.
        "let body = std::mem::take(&mut output.body)",
        r#"assert_eq!(dispatched, format!("{output:?}\nbody: {body:?}"));"#,
        // Other operations compare whole outputs.
        "assert_eq!(output, expected);",
    ] {
        assert!(tests.contains(expected), "{expected}\n{tests}");
    }
    let untag_test = &tests[tests.find("fn untag_widget_request_and_response").unwrap()..];
    let untag_test = &untag_test[..untag_test.find("\n}\n").unwrap()];
    assert!(!untag_test.contains("let expected ="), "{untag_test}");

    let dispatch = file(&files, "tests/support/dispatch.rs");
    for expected in [
        "Ok(mut output) => match std::mem::take(&mut output.audio_stream).collect().await {",
        "output.audio_stream = body.clone().into();",
        r#"Ok(format!("{output:?}\naudio_stream: {body:?}"))"#,
        "Err(error) => Err(stream_failure(&output, error)),",
        "fn stream_failure<O: generated_sdk::request_id::RequestId>(",
        r#"kind: "ByteStreamError","#,
        "Or `ByteStreamError`: the call succeeded, reading its streamed payload failed.",
        // Other operations show the output's `Debug`.
        r#".map(|output| format!("{output:?}"))"#,
    ] {
        assert!(dispatch.contains(expected), "{expected}\n{dispatch}");
    }
    // Without streamed outputs, the dispatcher says nothing of them.
    let plain = emit(&sample_service(), &Options::default()).unwrap();
    let plain_dispatch = file(&plain, "tests/support/dispatch.rs");
    assert!(!plain_dispatch.contains("ByteStream"), "{plain_dispatch}");
}

/// Writes the sample crate into `$EMIT_SAMPLE_OUT` (a copy of `generated-sdk`) to compile it.
#[test]
fn write_sample_when_asked() {
    if let Ok(dir) = std::env::var("EMIT_SAMPLE_OUT") {
        let files = emit(&sample_service(), &Options::default()).unwrap();
        crate::write::write(std::path::Path::new(&dir), &files).unwrap();
    }
}

/// What the corpus needed: constant query pairs, header members, query maps, boxed recursive
/// members, shapes and members named like what generated code uses.
#[test]
fn corpus_features_are_emitted() {
    let mut service = sample_service();
    service.shapes.insert(
        "Result".to_owned(),
        Shape::Structure(structure(
            "Result",
            vec![
                body("not", TypeRef::Named("Result".to_owned()), false),
                body("default", TypeRef::String, false),
            ],
        )),
    );
    let untag = &mut service.operations[2];
    untag.constant_query = vec![("operation".to_owned(), "untag".to_owned())];
    untag.input.members.extend([
        member(
            "X-Token",
            TypeRef::String,
            true,
            Location::Header("X-Token".to_owned()),
        ),
        member(
            "X-Count",
            TypeRef::Integer,
            false,
            Location::Header("X-Count".to_owned()),
        ),
        member(
            "params",
            TypeRef::Map(Box::new(TypeRef::String)),
            false,
            Location::Query("params".to_owned()),
        ),
    ]);
    service.operations[0].output.members.push(body(
        "result",
        TypeRef::Named("Result".to_owned()),
        false,
    ));
    let files = emit(&service, &Options::default()).unwrap();
    let untag = file(&files, "src/operation/untag_widget.rs");
    for expected in [
        r#"("operation".to_owned(), "untag".to_owned())"#,
        r#"let mut headers = vec![("X-Token".to_owned(), self.x_token.clone())];"#,
        r#"headers.push(("X-Count".to_owned(), value.to_string()));"#,
        "for (key, value) in entries {",
        "query.push((key.clone(), value.clone()));",
    ] {
        assert!(untag.contains(expected), "{expected}\n{untag}");
    }
    let types = file(&files, "src/types/mod.rs");
    for expected in [
        "pub struct ResultShape {",
        "pub not: Option<Box<crate::types::ResultShape>>,",
        "pub fn not(&self) -> Option<&crate::types::ResultShape> {",
        "pub default_value: Option<String>,",
    ] {
        assert!(types.contains(expected), "{expected}\n{types}");
    }
    let builders = file(&files, "src/types/builders.rs");
    assert!(
        builders.contains("self.not = Some(Box::new(input));"),
        "{builders}"
    );
    let tests = file(&files, "tests/operations.rs");
    assert!(tests.contains(r#"("operation".to_owned(), "untag".to_owned())"#));
    assert!(
        tests.contains(r#"request.header("X-Token"), Some("#),
        "{tests}"
    );
}

#[test]
fn operations_left_out_are_listed_in_the_crate_docs() {
    let mut service = sample_service();
    service.omitted_operations = vec![(
        "StreamWidgets".to_owned(),
        "its response body (`Events`) is an event stream, which this SDK does not speak yet"
            .to_owned(),
    )];
    let files = emit(&service, &Options::default()).unwrap();
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("//! # Not generated"), "{lib}");
    assert!(
        lib.contains("//! * `StreamWidgets`: its response body (`Events`) is an event stream"),
        "{lib}"
    );
    let plain = emit(&sample_service(), &Options::default()).unwrap();
    assert!(!file(&plain, "src/lib.rs").contains("Not generated"));
}
