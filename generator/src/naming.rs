//! Every Rust name the generator writes comes from here: case conversion and keyword escaping.
//!
//! Document names (`CreateStage`, `stageArn`, `PUBLISH_STARTED`) become Rust identifiers with
//! `heck`; identifiers that collide with Rust keywords are escaped once, here, like prost-build does.

use heck::{ToLowerCamelCase, ToPascalCase, ToSnakeCase};

/// Rust keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers: suffixed with `_` instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate"];

/// Type names generated code uses unqualified next to the shapes (`Option<T>` fields,
/// `Result<Self, _>` conversions, `String`, `Vec`, `Box`, the enum's `UnknownVariantValue`): a
/// shape named like one gets the suffix `Shape` (Security Hub's `Result` → `ResultShape`).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Err",
    "None",
    "Ok",
    "Option",
    "Result",
    "Some",
    "String",
    "UnknownVariantValue",
    "Vec",
];

/// Method names the generated structures, builders and fluent builders have besides the
/// members' own: a member named like one gets the suffix `_value` for its field, getter and
/// setter (`default` → `default_value`, like smithy-rs), so that it cannot replace or collide
/// with them (`XBuilder::default()` would call the member's setter instead of
/// `Default::default`).
const RESERVED_FIELD_NAMES: &[&str] = &[
    "as_input",
    "build",
    "builder",
    "customize",
    "default",
    "into_paginator",
    "meta",
    "new",
    "request",
    "send",
];

/// Escapes `ident` if it is a Rust keyword: `type` → `r#type`, `self` → `self_`.
pub fn escape(ident: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&ident) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident) {
        format!("r#{ident}")
    } else {
        ident.to_string()
    }
}

/// The model name of an output member read from header `header`, as AWS models name them:
/// `Access-Control-Allow-Origin` → `accessControlAllowOrigin`.
pub fn header_member_name(header: &str) -> String {
    header.to_lower_camel_case()
}

/// A field, method or local name: `stageArn` → `stage_arn`, `type` → `r#type`.
pub fn field_name(name: &str) -> String {
    let snake = name.to_snake_case();
    if RESERVED_FIELD_NAMES.contains(&snake.as_str()) {
        format!("{snake}_value")
    } else {
        escape(&snake)
    }
}

/// A module name for an operation: `CreateStage` → `create_stage`.
pub fn module_name(name: &str) -> String {
    escape(&name.to_snake_case())
}

/// A client method name for an operation: `ListTagsForResource` → `list_tags_for_resource`.
pub fn method_name(operation: &str) -> String {
    escape(&operation.to_snake_case())
}

/// A type name: `Stage` → `Stage`, `stage_summary` → `StageSummary`.
pub fn type_name(name: &str) -> String {
    let pascal = name.to_pascal_case();
    if RESERVED_TYPE_NAMES.contains(&pascal.as_str()) {
        format!("{pascal}Shape")
    } else {
        escape(&pascal)
    }
}

/// An enum variant for a wire value: `PUBLISH_STARTED` → `PublishStarted`, `us-east-1` → `UsEast1`.
/// Values that start with a digit get a leading `V`.
pub fn variant_name(value: &str) -> String {
    let name = value.to_pascal_case();
    if name.is_empty() {
        "Empty".to_string()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        escape(&name)
    }
}

/// Methods the generated `Client` has besides one per operation: an operation named like one
/// (`Config`) is an error.
pub const CLIENT_METHODS: &[&str] = &["config", "from_conf"];

/// The variant of an operation's error enum that holds errors the operation does not document.
pub const UNHANDLED_VARIANT: &str = "Unhandled";

/// The variant that holds values an enum does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Variant names for all `values` of one enum: [`variant_name`] each, renaming a value that
/// would collide with [`UNKNOWN_VARIANT`] (`UNKNOWN` → `UnknownValue`) and numbering duplicates
/// (`a-b` and `A_B` → `AB`, `AB2`).
pub fn variant_names(values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let mut name = variant_name(value);
        if name == UNKNOWN_VARIANT {
            name = format!("{UNKNOWN_VARIANT}Value");
        }
        let base = name.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// A member name without keyword escaping, to build other names from: `type` → `type`.
fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// The setter that replaces a member's value: `stageArn` → `set_stage_arn`, `type` → `set_type`.
pub fn setter_name(member: &str) -> String {
    format!("set_{}", snake(member))
}

/// The builder getter of a member: `stageArn` → `get_stage_arn`.
pub fn getter_name(member: &str) -> String {
    format!("get_{}", snake(member))
}

/// The predicate testing for an error variant: `ValidationException` → `is_validation_exception`.
pub fn is_variant_name(variant: &str) -> String {
    format!("is_{}", snake(variant))
}

/// The identifiers a member named `name` gives its structure and builders: the field (which
/// is also the getter and the fluent setter), the `set_` setter and the `get_` getter, without
/// `r#`. Two members of one structure must not share any of them.
pub fn member_idents(name: &str) -> [String; 3] {
    [
        field_name(name).trim_start_matches("r#").to_owned(),
        setter_name(name),
        getter_name(name),
    ]
}

/// The member names of one structure, from its members' plain names (their wire names; for
/// output headers, [`header_member_name`]) in member order (the model's order: path, query,
/// header, then body members, each in document order; outputs: body, then header members).
///
/// The rule: a member keeps its plain name unless one of its identifiers
/// ([`member_idents`]) is already taken by a member before it; then it gets the first suffix
/// `_2`, `_3`, … that frees all of them. So the first member keeps the plain Rust name and
/// later ones are numbered, whatever the document's member order within a location:
/// API Gateway's `PutIntegration` has the path label `http_method` and the JSON member
/// `httpMethod`, which become `http_method` and `http_method_2` (`set_http_method_2`, …).
/// Different wire names always get different identifiers; the emitter documents the wire name
/// a renamed member carries.
pub fn member_names<'a>(plain_names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut names = Vec::new();
    for plain in plain_names {
        let mut name = plain.to_owned();
        let mut n = 2;
        while member_idents(&name).iter().any(|i| taken.contains(i)) {
            name = format!("{plain}_{n}");
            n += 1;
        }
        taken.extend(member_idents(&name));
        names.push(name);
    }
    names
}

/// The builder type of a structure: `Stage` → `StageBuilder`.
pub fn builder_name(structure: &str) -> String {
    format!("{}Builder", type_name(structure))
}

/// The fluent builder of an operation: `ListStages` → `ListStagesFluentBuilder`.
pub fn fluent_builder_name(operation: &str) -> String {
    format!("{}FluentBuilder", type_name(operation))
}

/// The error enum of an operation: `ListStages` → `ListStagesError`.
pub fn operation_error_name(operation: &str) -> String {
    format!("{}Error", type_name(operation))
}

/// The page paginator of an operation: `ListStages` → `ListStagesPaginator`.
pub fn paginator_name(operation: &str) -> String {
    format!("{}Paginator", type_name(operation))
}

/// The item paginator of an operation: `ListStages` → `ListStagesPaginatorItems`.
pub fn paginator_items_name(operation: &str) -> String {
    format!("{}PaginatorItems", type_name(operation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_escapes() {
        assert_eq!(field_name("stageArn"), "stage_arn");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(method_name("ListTagsForResource"), "list_tags_for_resource");
        assert_eq!(module_name("UntagResource"), "untag_resource");
        assert_eq!(type_name("StageSummary"), "StageSummary");
        assert_eq!(variant_name("PUBLISH_STARTED"), "PublishStarted");
        assert_eq!(variant_name("2xx"), "V2xx");
        assert_eq!(variant_name("Self"), "Self_");
        assert_eq!(setter_name("type"), "set_type");
        assert_eq!(getter_name("stageArn"), "get_stage_arn");
        assert_eq!(
            is_variant_name("ValidationException"),
            "is_validation_exception"
        );
        assert_eq!(builder_name("Stage"), "StageBuilder");
    }

    #[test]
    fn generated_names_are_not_taken() {
        assert_eq!(type_name("Result"), "ResultShape");
        assert_eq!(type_name("option"), "OptionShape");
        assert_eq!(type_name("Results"), "Results");
        assert_eq!(field_name("default"), "default_value");
        assert_eq!(field_name("Request"), "request_value");
        assert_eq!(field_name("requestId"), "request_id");
        assert_eq!(setter_name("default"), "set_default");
    }

    #[test]
    fn member_names_number_later_collisions() {
        // API Gateway's `PutIntegration` input: the path label, then the JSON member.
        assert_eq!(
            member_names(["http_method", "httpMethod"]),
            ["http_method", "httpMethod_2"]
        );
        assert_eq!(field_name("httpMethod_2"), "http_method_2");
        assert_eq!(setter_name("httpMethod_2"), "set_http_method_2");
        // Order decides, not the form of the name.
        assert_eq!(
            member_names(["httpMethod", "http_method"]),
            ["httpMethod", "http_method_2"]
        );
        // A third member with the same Rust name, and one already named like a suffix.
        assert_eq!(
            member_names(["a_b", "aB", "A_B", "a_b_2"]),
            ["a_b", "aB_2", "A_B_3", "a_b_2_2"]
        );
        // Suffixed names for methods collide too: `default` is the field `default_value`;
        // `x` has the setter `set_x`, which a member `setX` would take as its field.
        assert_eq!(
            member_names(["default", "defaultValue"]),
            ["default", "defaultValue_2"]
        );
        assert_eq!(
            member_names(["x", "setX", "getX"]),
            ["x", "setX_2", "getX_2"]
        );
        // Names that do not collide are kept.
        assert_eq!(
            member_names(["stageArn", "type", "self"]),
            ["stageArn", "type", "self"]
        );
    }

    #[test]
    fn member_names_give_distinct_identifiers() {
        let wires = [
            "http_method",
            "httpMethod",
            "HTTPMethod",
            "http-method",
            "set_http_method",
            "get_http_method",
            "type",
            "r#type",
        ];
        let names = member_names(wires);
        let mut seen = std::collections::BTreeSet::new();
        for name in &names {
            for i in member_idents(name) {
                assert!(seen.insert(i.clone()), "{i} twice in {names:?}");
            }
        }
    }

    #[test]
    fn variant_names_avoid_collisions() {
        let values: Vec<String> = ["UNKNOWN", "a-b", "A_B", "1x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(variant_names(&values), ["UnknownValue", "AB", "AB2", "V1x"]);
    }
}
