//! Every Rust name the generator writes comes from here: case conversion and keyword escaping.
//!
//! Document names (`CreateStage`, `stageArn`, `PUBLISH_STARTED`) become Rust identifiers with
//! `heck`; identifiers that collide with Rust keywords are escaped once, here, like prost-build does.

use heck::{ToPascalCase, ToSnakeCase};

/// Rust keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers: suffixed with `_` instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate"];

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

/// A field, method or local name: `stageArn` → `stage_arn`, `type` → `r#type`.
pub fn field_name(name: &str) -> String {
    escape(&name.to_snake_case())
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
    escape(&name.to_pascal_case())
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
    }
}
