//! The front end (load → normalize → lower) on the real IVS RealTime document.

use generator::model::{HttpMethod, Location, PathPart, Service, Shape, Structure, TypeRef};

fn service() -> Service {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/ivs-realtime/2020-07-14/openapi.yaml"
    ))
    .expect("spec file");
    generator::load_service(&bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn operation<'a>(service: &'a Service, name: &str) -> &'a generator::model::Operation {
    service
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn structure<'a>(service: &'a Service, name: &str) -> &'a Structure {
    match service.shapes.get(name) {
        Some(Shape::Structure(s)) => s,
        other => panic!("{name} is not a structure: {other:?}"),
    }
}

fn all_structures(service: &Service) -> Vec<&Structure> {
    let mut all: Vec<&Structure> = service
        .operations
        .iter()
        .flat_map(|o| [&o.input, &o.output])
        .collect();
    all.extend(service.shapes.values().filter_map(|s| match s {
        Shape::Structure(s) => Some(s),
        Shape::Enum(_) => None,
    }));
    all
}

#[test]
fn service_metadata() {
    let s = service();
    assert_eq!(s.title, "Amazon Interactive Video Service RealTime");
    assert_eq!(s.service_id, "ivs-realtime");
    assert_eq!(s.signing_name, "ivs");
    assert_eq!(s.api_version, "2020-07-14");
    assert!(s
        .docs
        .as_deref()
        .is_some_and(|d| d.starts_with("**Introduction**\n\n")));
}

#[test]
fn endpoints_are_https_only() {
    let s = service();
    assert_eq!(s.endpoints.len(), 2);
    assert!(s
        .endpoints
        .iter()
        .all(|e| e.url_template.starts_with("https://")));
    assert_eq!(
        s.default_endpoint,
        "https://ivsrealtime.{region}.amazonaws.com"
    );
    let cn = s
        .endpoints
        .iter()
        .find(|e| e.regions.iter().any(|r| r == "cn-north-1"))
        .expect("cn rule");
    assert_eq!(
        cn.url_template,
        "https://ivsrealtime.{region}.amazonaws.com.cn"
    );
    assert_eq!(cn.regions, ["cn-north-1", "cn-northwest-1"]);
    assert!(s.endpoints[0].regions.iter().any(|r| r == "us-east-1"));
}

#[test]
fn fifteen_operations_sorted() {
    let s = service();
    let names: Vec<&str> = s.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names.len(), 15);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names[0], "CreateParticipantToken");
    for op in &s.operations {
        assert_eq!(op.input.name, format!("{}Input", op.name));
        assert_eq!(op.output.name, format!("{}Output", op.name));
    }
}

#[test]
fn no_signature_headers_anywhere() {
    let s = service();
    for st in all_structures(&s) {
        for m in &st.members {
            assert!(
                !m.name.to_ascii_lowercase().starts_with("x-amz"),
                "{}.{}",
                st.name,
                m.name
            );
            assert!(
                !matches!(m.location, Location::Header(_)),
                "{}.{}",
                st.name,
                m.name
            );
        }
    }
}

#[test]
fn untag_resource_request() {
    let s = service();
    let op = operation(&s, "UntagResource");
    assert_eq!(op.method, HttpMethod::Delete);
    assert_eq!(
        op.path,
        [
            PathPart::Literal("/tags/".into()),
            PathPart::Label("resourceArn".into())
        ]
    );
    let arn = &op.input.members[0];
    assert_eq!(
        (arn.name.as_str(), &arn.location, arn.required),
        ("resourceArn", &Location::Path, true)
    );
    let keys = op
        .input
        .members
        .iter()
        .find(|m| m.name == "tagKeys")
        .expect("tagKeys");
    assert_eq!(keys.location, Location::Query("tagKeys".into()));
    assert_eq!(keys.target, TypeRef::List(Box::new(TypeRef::String)));
    assert!(keys.required);
    assert_eq!(op.input.members.len(), 2);
    let list_tags = operation(&s, "ListTagsForResource");
    assert_eq!(
        (list_tags.method, &list_tags.path),
        (HttpMethod::Get, &op.path)
    );
    assert_eq!(operation(&s, "TagResource").method, HttpMethod::Post);
}

#[test]
fn paginated_operations() {
    let s = service();
    let paginated: Vec<&str> = s
        .operations
        .iter()
        .filter(|o| o.paginator.is_some())
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(
        paginated,
        [
            "ListParticipantEvents",
            "ListParticipants",
            "ListStageSessions",
            "ListStages"
        ]
    );
    for name in &paginated {
        let op = operation(&s, name);
        assert!(
            op.input
                .members
                .iter()
                .all(|m| m.location == Location::Body),
            "{name} has non-body members"
        );
        let max = op
            .input
            .members
            .iter()
            .find(|m| m.name == "maxResults")
            .expect("maxResults");
        assert_eq!(max.target, TypeRef::Integer);
    }
    let p = operation(&s, "ListStages")
        .paginator
        .clone()
        .expect("paginator");
    assert_eq!(p.input_token, "nextToken");
    assert_eq!(p.output_token, "nextToken");
    assert_eq!(p.page_size.as_deref(), Some("maxResults"));
    assert_eq!(p.items.as_deref(), Some("stages"));
    let items: Vec<_> = paginated
        .iter()
        .map(|n| operation(&s, n).paginator.clone().and_then(|p| p.items))
        .collect();
    assert_eq!(
        items,
        [
            Some("events".into()),
            Some("participants".into()),
            Some("stageSessions".into()),
            Some("stages".into())
        ]
    );
}

#[test]
fn errors_by_name() {
    let s = service();
    assert_eq!(
        operation(&s, "CreateParticipantToken").errors,
        [
            "ResourceNotFoundException",
            "ValidationException",
            "AccessDeniedException",
            "ServiceQuotaExceededException",
            "PendingVerification"
        ]
    );
    let names: Vec<&str> = s.errors.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "AccessDeniedException",
            "ConflictException",
            "InternalServerException",
            "PendingVerification",
            "ResourceNotFoundException",
            "ServiceQuotaExceededException",
            "ValidationException"
        ]
    );
    assert!(s
        .errors
        .values()
        .all(|e| e.docs.is_none() && e.members.is_empty()));
    for op in &s.operations {
        assert!(op.errors.iter().all(|e| s.errors.contains_key(e)));
    }
}

#[test]
fn shapes_and_types() {
    let s = service();
    let token = structure(&s, "ParticipantToken");
    let secret = token
        .members
        .iter()
        .find(|m| m.name == "token")
        .expect("token");
    assert!(secret.sensitive);
    assert_eq!(secret.target, TypeRef::String);
    assert_eq!(
        secret.docs.as_deref(),
        Some("The issued client token, encrypted.")
    );
    assert_eq!(token.members.iter().filter(|m| m.sensitive).count(), 1);
    let expiration = token
        .members
        .iter()
        .find(|m| m.name == "expirationTime")
        .expect("expirationTime");
    assert_eq!(expiration.target, TypeRef::Timestamp);

    let filter = operation(&s, "ListParticipants")
        .input
        .members
        .iter()
        .find(|m| m.name == "filterByState")
        .cloned();
    assert_eq!(
        filter.expect("filterByState").target,
        TypeRef::Named("ParticipantState".into())
    );
    match s.shapes.get("ParticipantState") {
        Some(Shape::Enum(e)) => assert_eq!(e.values, ["CONNECTED", "DISCONNECTED"]),
        other => panic!("{other:?}"),
    }
    let event = structure(&s, "Event");
    assert_eq!(
        event
            .members
            .iter()
            .find(|m| m.name == "eventTime")
            .map(|m| &m.target),
        Some(&TypeRef::Timestamp)
    );

    let stage = structure(&s, "Stage");
    let arn = stage.members.iter().find(|m| m.name == "arn").expect("arn");
    assert!(arn.required);
    assert_eq!(arn.target, TypeRef::String);
    let tags = stage
        .members
        .iter()
        .find(|m| m.name == "tags")
        .expect("tags");
    assert_eq!(tags.target, TypeRef::Map(Box::new(TypeRef::String)));

    let out = &operation(&s, "CreateStage").output;
    let tokens = out
        .members
        .iter()
        .find(|m| m.name == "participantTokens")
        .expect("participantTokens");
    assert_eq!(
        tokens.target,
        TypeRef::List(Box::new(TypeRef::Named("ParticipantToken".into())))
    );
    let duration = structure(&s, "ParticipantTokenConfiguration")
        .members
        .iter()
        .find(|m| m.name == "duration")
        .cloned();
    assert_eq!(duration.expect("duration").target, TypeRef::Integer);

    // Only reachable named shapes; request/response components are not shapes.
    assert!(
        s.shapes
            .keys()
            .all(|k| !k.ends_with("Request") && !k.ends_with("Response")),
        "{:?}",
        s.shapes.keys()
    );
    assert!(!s.shapes.contains_key("StageArn") && !s.shapes.contains_key("String"));
    let names: Vec<&str> = s.shapes.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Event",
            "EventErrorCode",
            "EventName",
            "Participant",
            "ParticipantState",
            "ParticipantSummary",
            "ParticipantToken",
            "ParticipantTokenCapability",
            "ParticipantTokenConfiguration",
            "Stage",
            "StageSession",
            "StageSessionSummary",
            "StageSummary"
        ]
    );
}

#[test]
fn docs_are_markdown() {
    let s = service();
    let mut docs: Vec<&str> = s.docs.iter().map(String::as_str).collect();
    for op in &s.operations {
        docs.extend(op.docs.as_deref());
    }
    for st in all_structures(&s) {
        docs.extend(st.docs.as_deref());
        docs.extend(st.members.iter().filter_map(|m| m.docs.as_deref()));
    }
    for shape in s.shapes.values() {
        if let Shape::Enum(e) = shape {
            docs.extend(e.docs.as_deref());
        }
    }
    assert!(docs.len() > 100);
    for d in docs {
        for tag in ["<p>", "</p>", "<a", "<code>", "<i>", "<b>", "<ul>", "<li>"] {
            assert!(!d.contains(tag), "raw HTML {tag} in {d:?}");
        }
    }
    let participant_id = operation(&s, "DisconnectParticipant")
        .input
        .members
        .iter()
        .find(|m| m.name == "participantId")
        .cloned();
    assert_eq!(
        participant_id.and_then(|m| m.docs).as_deref(),
        Some("Identifier of the participant to be disconnected. This is assigned by IVS and returned by [`CreateParticipantToken`](operation:CreateParticipantToken).")
    );
}

#[test]
fn deterministic() {
    assert_eq!(service(), service());
}
