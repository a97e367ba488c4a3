//! `format: password` marks secrets: a rule of reading the document, applied while lowering
//! (not a fix of the document, so not a normalize step).
//!
//! **Quirk.** The AWS model's `sensitive` trait (participant tokens, `ParticipantTokenString`)
//! survives the conversion only as `format: password` on a string schema, usually on a named
//! alias reached through `$ref` or a documented reference (`allOf`).
//!
//! **Real behaviour.** The value is an ordinary string on the wire, but it is a credential: the
//! SDK must never print it (`Debug` redacts it). Lowering asks [`is_sensitive`] for every
//! member and sets `Member::sensitive`.

use crate::error::Pointer;
use crate::resolve::{component_schema, single_reference, SchemaRef};
use openapiv3::{OpenAPI, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// Whether a member schema is a secret: `format: password`, directly or through `$ref`s and
/// documented references. Unresolvable references count as not sensitive (lowering reports them).
pub fn is_sensitive(api: &OpenAPI, schema: SchemaRef<'_>) -> bool {
    let mut current = schema;
    for _ in 0..32 {
        match current {
            SchemaRef::Ref(reference) => match component_schema(api, reference, &Pointer::root()) {
                Ok(component) => current = component.schema,
                Err(_) => return false,
            },
            SchemaRef::Item(schema) => {
                return match &schema.schema_kind {
                    SchemaKind::Type(Type::String(string)) => {
                        matches!(
                            string.format,
                            VariantOrUnknownOrEmpty::Item(StringFormat::Password)
                        )
                    }
                    SchemaKind::Any(any) => any.format.as_deref() == Some("password"),
                    SchemaKind::AllOf { all_of } => match single_reference(all_of) {
                        Some((_, reference)) => {
                            current = SchemaRef::Ref(reference);
                            continue;
                        }
                        None => all_of.iter().any(|member| is_sensitive(api, member.into())),
                    },
                    _ => false,
                };
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::test_support::doc;
    use openapiv3::ReferenceOr;

    const DOC: &str = r##"
openapi: 3.0.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Secret: {type: string, format: password}
    Alias: {$ref: '#/components/schemas/Secret'}
    Plain: {type: string}
    Token:
      type: object
      properties:
        direct: {type: string, format: password}
        viaRef: {$ref: '#/components/schemas/Alias'}
        documented: {allOf: [{$ref: '#/components/schemas/Secret'}, {description: The token.}]}
        plain: {allOf: [{$ref: '#/components/schemas/Plain'}, {description: Not secret.}]}
"##;

    #[test]
    fn finds_password_formats_through_references() {
        let api = doc(DOC);
        let Some(ReferenceOr::Item(token)) =
            api.components.as_ref().and_then(|c| c.schemas.get("Token"))
        else {
            panic!("no Token")
        };
        let SchemaKind::Type(Type::Object(object)) = &token.schema_kind else {
            panic!("not an object")
        };
        let sensitive: Vec<bool> = object
            .properties
            .values()
            .map(|p| is_sensitive(&api, p.into()))
            .collect();
        assert_eq!(sensitive, [true, true, true, false]);
    }
}
