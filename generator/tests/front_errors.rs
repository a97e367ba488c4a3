//! Bad documents: each failure names the place (JSON pointer) and the problem, exactly.

use generator::model::TypeRef;

const SMALL: &str = include_str!("fixtures/small.yaml");

/// The error for `SMALL` with `from` replaced by `to` (the replacement must apply).
fn error_after(from: &str, to: &str) -> generator::Error {
    assert!(SMALL.contains(from), "fixture does not contain {from:?}");
    let doc = SMALL.replacen(from, to, 1);
    match generator::load_service(doc.as_bytes()) {
        Ok(_) => panic!("document was accepted after replacing {from:?}"),
        Err(e) => e,
    }
}

#[test]
fn the_fixture_itself_is_fine() {
    let s = generator::load_service(SMALL.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.signing_name, "smallsig");
    assert_eq!(
        s.docs.as_deref(),
        Some("A small service for [`GetThing`](operation:GetThing) tests.")
    );
    assert_eq!(s.endpoints.len(), 1);
    let op = &s.operations[0];
    assert_eq!(op.input.members.len(), 1);
    assert_eq!(op.output.members[0].target, TypeRef::Named("Thing".into()));
    assert_eq!(op.output.members[0].docs.as_deref(), Some("The thing."));
    let generator::model::Shape::Structure(thing) = &s.shapes["Thing"] else {
        panic!("not a structure")
    };
    assert_eq!(thing.members[0].target, TypeRef::Long);
    assert_eq!(thing.members[1].target, TypeRef::Double);
}

#[test]
fn invalid_yaml() {
    let err =
        generator::load_service(b"openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: '1'\n")
            .unwrap_err();
    assert_eq!(err.pointer, "#");
    assert_eq!(
        err.to_string(),
        "#: invalid YAML: did not find expected ',' or ']' at line 4 column 10, while parsing a flow sequence at line 3 column 10"
    );
}

#[test]
fn not_an_openapi_document() {
    let err =
        generator::load_service(b"openapi: 3.0.0\ninfo: {title: T}\npaths: {}\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "#: not an OpenAPI 3.0 document: info: missing field `version` at line 2 column 7"
    );
}

#[test]
fn missing_signing_name() {
    // botocore's fallback: the endpoint prefix of the servers' URL.
    let doc = SMALL.replacen("  x-aws-signingName: smallsig\n", "", 1);
    let service = generator::load_service(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(service.signing_name, "small");
    // No prefix to fall back to.
    let doc = doc.replace("small.{region}", "{region}");
    let err = generator::load_service(doc.as_bytes()).unwrap_err();
    assert_eq!(err.pointer, "#/info/x-aws-signingName");
    assert_eq!(
        err.to_string(),
        "#/info/x-aws-signingName: missing (required to sign and identify requests)"
    );
}

#[test]
fn missing_service_id() {
    let err = error_after("  x-serviceName: small\n", "");
    assert_eq!(
        err.to_string(),
        "#/info/x-serviceName: missing (required to sign and identify requests)"
    );
}

#[test]
fn dangling_schema_ref() {
    let err = error_after(
        "$ref: '#/components/schemas/Thing'",
        "$ref: '#/components/schemas/Missing'",
    );
    assert_eq!(
        err.pointer,
        "#/components/schemas/GetThingResponse/properties/thing/allOf/0"
    );
    assert_eq!(
        err.to_string(),
        "#/components/schemas/GetThingResponse/properties/thing/allOf/0: `$ref` to `#/components/schemas/Missing`, which does not exist"
    );
}

#[test]
fn dangling_error_ref() {
    let err = error_after(
        "schema: {$ref: '#/components/schemas/ValidationException'}",
        "schema: {$ref: '#/components/schemas/Nope'}",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post/responses/480/content/application~1json/schema: `$ref` to `#/components/schemas/Nope`, which does not exist"
    );
}

#[test]
fn one_of_is_unsupported() {
    let err = error_after(
        "ratio: {type: number}",
        "ratio: {oneOf: [{type: number}, {type: string}]}",
    );
    assert_eq!(
        err.to_string(),
        "#/components/schemas/Thing/properties/ratio/oneOf: `oneOf` is not supported"
    );
}

#[test]
fn real_all_of_is_unsupported() {
    let err = error_after(
        "- description: The thing.",
        "- {type: object, properties: {extra: {type: string}}}",
    );
    assert_eq!(
        err.to_string(),
        "#/components/schemas/GetThingResponse/properties/thing/allOf: unsupported `allOf` (only one `$ref` plus description-only schemas is supported)"
    );
}

#[test]
fn cookie_parameters_are_unsupported() {
    let err = error_after(
        "      operationId: GetThing\n",
        "      operationId: GetThing\n      parameters:\n        - {name: session, in: cookie, schema: {type: string}}\n",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post/parameters/0/in: cookie parameters are not supported"
    );
}

#[test]
fn non_object_request_body() {
    let err = error_after(
        "            schema:\n              type: object\n              required: [id]",
        "            schema:\n              type: array\n              items: {type: string}\n              x-required: [id]",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post/requestBody/content/application~1json/schema: request body must be a JSON object with properties"
    );
}

#[test]
fn non_json_response() {
    let err = error_after(
        "Success\n          content:\n            application/json:",
        "Success\n          content:\n            text/plain:",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post/responses/200/content/text~1plain: response body must be JSON, not `text/plain`"
    );
}

#[test]
fn xml_bodies_are_another_protocol() {
    let err = error_after(
        "Success\n          content:\n            application/json:",
        "Success\n          content:\n            application/xml:",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post: this document uses the REST-XML (bodies are XML documents) protocol; the generator supports REST-JSON only"
    );
}

#[test]
fn https_server_required() {
    let err = error_after("url: 'https://small", "url: 'http://small");
    assert_eq!(err.to_string(), "#/servers: no https server");
}

#[test]
fn missing_operation_id() {
    let err = error_after("      operationId: GetThing\n", "");
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post: missing `operationId`"
    );
}

#[test]
fn unnamed_error_response() {
    let err = error_after(
        "          description: ValidationException\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/ValidationException'}",
        "          description: Something went wrong",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post/responses/480: cannot name this error: no schema `$ref` and the description `Something went wrong` is not an error name"
    );
}

#[test]
fn operations_clashing_after_snake_casing() {
    let err = error_after(
        "    parameters:\n      - $ref: '#/components/parameters/X-Amz-Date'\n",
        "    parameters:\n      - $ref: '#/components/parameters/X-Amz-Date'\n  /get-thing:\n    get:\n      operationId: Get_Thing\n      responses:\n        '200': {description: Success}\n",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1get-thing/get: operations `GetThing` and `Get_Thing` both become the module and method `get_thing`"
    );
}

#[test]
fn error_named_like_the_catch_all_variant() {
    let err = error_after(
        "          description: ValidationException\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/ValidationException'}",
        "          description: Unhandled\n          content:\n            application/json:\n              schema: {}",
    );
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post/responses/480: error `Unhandled` would be the variant `Unhandled`, which every operation's error enum has for errors it does not document"
    );
}

#[test]
fn operation_named_like_a_client_method() {
    let err = error_after("operationId: GetThing", "operationId: Config");
    assert_eq!(
        err.to_string(),
        "#/paths/~1GetThing/post: operation `Config` would be the client method `config`, which every client has"
    );
}
