//! Lowering on a small document: type mapping, inline shape naming, member locations, servers.

use generator::model::{HttpMethod, Location, PathPart, Shape, TypeRef};

fn service() -> generator::model::Service {
    generator::load_service(include_bytes!("fixtures/types.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn servers_keep_region_and_fill_other_variables() {
    let s = service();
    let templates: Vec<&str> = s
        .endpoints
        .iter()
        .map(|e| e.url_template.as_str())
        .collect();
    assert_eq!(
        templates,
        [
            "https://types.{region}.amazonaws.com",
            "https://global.example.com"
        ]
    );
    assert_eq!(s.endpoints[0].regions, ["us-east-1", "eu-west-1"]);
    assert_eq!(s.endpoints[0].description.as_deref(), Some("Main"));
    assert!(s.endpoints[1].regions.is_empty());
    assert_eq!(s.default_endpoint, "https://types.{region}.amazonaws.com");
}

#[test]
fn parameters_and_path() {
    let s = service();
    let op = &s.operations[0];
    assert_eq!(op.method, HttpMethod::Put);
    assert_eq!(
        op.path,
        [
            PathPart::Literal("/things/".into()),
            PathPart::Label("thingId".into()),
            PathPart::Literal("/parts".into())
        ]
    );
    assert_eq!(op.docs.as_deref(), Some("Puts **parts**."));
    let params: Vec<(&str, &Location, bool)> = op
        .input
        .members
        .iter()
        .take(4)
        .map(|m| (m.name.as_str(), &m.location, m.required))
        .collect();
    assert_eq!(
        params,
        [
            ("thingId", &Location::Path, true),
            ("ids", &Location::Query("ids".into()), false),
            ("mode", &Location::Query("mode".into()), true),
            ("X-Trace", &Location::Header("X-Trace".into()), false),
        ]
    );
    assert_eq!(op.input.members[0].docs.as_deref(), Some("The thing."));
    assert_eq!(
        op.input.members[1].target,
        TypeRef::List(Box::new(TypeRef::Integer))
    );
    // Inline enums are named `<Op><Member>`.
    assert_eq!(
        op.input.members[2].target,
        TypeRef::Named("PutPartsMode".into())
    );
    assert!(op.output.members.is_empty());
    assert!(op.paginator.is_none());
}

#[test]
fn body_types() {
    let s = service();
    let op = &s.operations[0];
    let body: Vec<(&str, &TypeRef, bool, bool)> = op
        .input
        .members
        .iter()
        .filter(|m| m.location == Location::Body)
        .map(|m| (m.name.as_str(), &m.target, m.required, m.sensitive))
        .collect();
    let list_of_strings = TypeRef::Map(Box::new(TypeRef::List(Box::new(TypeRef::String))));
    let map_of_documents = TypeRef::Map(Box::new(TypeRef::Document));
    let options = TypeRef::Named("PutPartsOptions".into());
    assert_eq!(
        body,
        [
            ("payload", &TypeRef::Blob, true, false),
            ("when", &TypeRef::Timestamp, false, false),
            ("big", &TypeRef::Long, false, false),
            ("small", &TypeRef::Integer, false, false),
            ("ratio", &TypeRef::Float, false, false),
            ("precise", &TypeRef::Double, false, false),
            ("flag", &TypeRef::Boolean, false, false),
            ("free", &TypeRef::Document, false, false),
            ("anything", &TypeRef::Document, false, false),
            ("labels", &list_of_strings, false, false),
            ("loose", &map_of_documents, false, false),
            ("options", &options, false, false),
            ("secret", &TypeRef::String, false, true),
        ]
    );
}

#[test]
fn inline_shapes_and_errors() {
    let s = service();
    let names: Vec<&str> = s.shapes.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["PutPartsMode", "PutPartsOptions", "PutPartsOptionsLevel"]
    );
    let Some(Shape::Structure(options)) = s.shapes.get("PutPartsOptions") else {
        panic!("PutPartsOptions")
    };
    assert_eq!(
        options.members[0].target,
        TypeRef::Named("PutPartsOptionsLevel".into())
    );
    let Some(Shape::Enum(mode)) = s.shapes.get("PutPartsMode") else {
        panic!("PutPartsMode")
    };
    assert_eq!(mode.values, ["fast", "slow"]);

    assert_eq!(s.operations[0].errors, ["NotFound"]);
    let error = &s.errors["NotFound"];
    assert_eq!(error.docs.as_deref(), Some("The thing was not found."));
    // `message` is the error's message (read by the runtime), not a member of its own.
    assert_eq!(error.members.len(), 1);
    assert_eq!(
        (error.members[0].name.as_str(), &error.members[0].target),
        ("resourceArn", &TypeRef::String)
    );
    assert_eq!(error.http_status, None);
}

/// Members whose Rust names collide keep their wire names and get numbered names, the first in
/// member order keeping the plain one (`naming::member_names`); so do enum values.
#[test]
fn names_colliding_in_rust_are_numbered() {
    let s = generator::load_service(include_bytes!("fixtures/synthetic/collisions.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let op = &s.operations[0];
    let names = |members: &[generator::model::Member]| -> Vec<(String, String)> {
        members
            .iter()
            .map(|m| (m.name.clone(), m.wire_name.clone()))
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(n, w)| (n.to_string(), w.to_string()))
            .collect()
    };
    assert_eq!(
        names(&op.input.members),
        pairs(&[
            ("restapi_id", "restapi_id"),
            ("http_method", "http_method"),
            ("type", "type"),
            ("httpMethod_2", "httpMethod"),
            ("x", "x"),
            ("setX_2", "setX"),
            ("default", "default"),
            ("defaultValue_2", "defaultValue"),
            ("settings", "settings"),
        ])
    );
    assert_eq!(op.input.members[1].location, Location::Path);
    assert_eq!(op.input.members[3].location, Location::Body);
    // The output: body members in document order, then the header member.
    assert_eq!(
        names(&op.output.members),
        pairs(&[
            ("httpMethod", "httpMethod"),
            ("http_method_2", "http_method"),
            ("eTag", "eTag"),
            ("type", "type"),
            ("eTag_2", "ETag"),
        ])
    );
    assert_eq!(
        op.output.members[4].location,
        Location::Header("ETag".into())
    );
    let Shape::Structure(settings) = &s.shapes["Settings"] else {
        panic!("Settings is not a structure")
    };
    assert_eq!(
        names(&settings.members),
        pairs(&[
            ("cacheTtl", "cacheTtl"),
            ("cache_ttl_2", "cache_ttl"),
            ("CacheTTL_3", "CacheTTL"),
        ])
    );
    let Shape::Enum(kind) = &s.shapes["IntegrationType"] else {
        panic!("IntegrationType is not an enum")
    };
    assert_eq!(
        generator::naming::variant_names(&kind.values),
        [
            "Http",
            "Http2",
            "HttpProxy",
            "HttpProxy2",
            "UnknownValue",
            "V2xx"
        ]
    );
}
