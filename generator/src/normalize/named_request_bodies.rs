//! Step 8: request bodies use their named `<OperationId>Request` component.
//!
//! **Quirk.** Each operation's request body is an inline copy of the component schema
//! `<OperationId>Request`, with the member types expanded: the component says
//! `filterByState: {$ref: ParticipantState}`, the inline copy says
//! `filterByState: {type: string, enum: [CONNECTED, DISCONNECTED]}`. Read literally, the inline
//! copy would mint an anonymous enum per operation for what is one named type.
//!
//! **Real behaviour.** The wire format is the same; the named component is the AWS model's
//! input shape. When the component exists and has the same property names and the same
//! required members, the body is replaced by a `$ref` to it (the component itself is then only
//! the input's source and is not emitted as a shape). Otherwise the inline schema is lowered,
//! naming its inline enums/objects `<Op><Member>` ([`inline_shape_name`]).

use crate::error::Result;
use crate::naming;
use crate::normalize::NormalOperation;
use crate::normalize::Normalized;
use crate::resolve::{component_pointer, json_media, resolve, SchemaRef};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

/// The step: every operation's request body by its named component.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    for op in &mut doc.operations {
        named_request_bodies(&doc.api, op);
    }
    Ok(())
}

/// Replaces `op`'s inline JSON body schema by a `$ref` to `<Op>Request` when they match.
pub fn named_request_bodies(api: &OpenAPI, op: &mut NormalOperation) {
    let Some(body) = &mut op.request_body else {
        return;
    };
    let Some(media_type) =
        json_media(&body.value.content).map(|(media_type, _)| media_type.clone())
    else {
        return;
    };
    let Some(media) = body.value.content.get_mut(&media_type) else {
        return;
    };
    let Some(ReferenceOr::Item(inline)) = &media.schema else {
        return;
    };
    let name = request_component_name(&op.name);
    let reference = format!(
        "#/components/schemas/{}",
        crate::error::escape_segment(&name)
    );
    let Some(ReferenceOr::Item(_)) = api.components.as_ref().and_then(|c| c.schemas.get(&name))
    else {
        return;
    };
    let Ok(component) = resolve(api, SchemaRef::Ref(&reference), &component_pointer(&name)) else {
        return;
    };
    if same_members(inline, component.schema) {
        media.schema = Some(ReferenceOr::Reference { reference });
    }
}

/// The component that duplicates an operation's body: `ListStages` → `ListStagesRequest`.
pub fn request_component_name(operation: &str) -> String {
    format!("{operation}Request")
}

/// The name of an inline enum or structure found in member `member` of `owner`:
/// `ListParticipants` + `filterByState` → `ListParticipantsFilterByState`.
pub fn inline_shape_name(owner: &str, member: &str) -> String {
    format!(
        "{owner}{}",
        naming::type_name(member).trim_start_matches("r#")
    )
}

/// Whether two object schemas have the same property names and the same required members.
fn same_members(a: &Schema, b: &Schema) -> bool {
    fn members(schema: &Schema) -> Option<(BTreeSet<&str>, BTreeSet<&str>)> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => Some((
                object.properties.keys().map(String::as_str).collect(),
                object.required.iter().map(String::as_str).collect(),
            )),
            _ => None,
        }
    }
    matches!((members(a), members(b)), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::collect_operations;
    use crate::normalize::test_support::doc;

    const DOC: &str = r##"
openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /ListThings:
    post:
      operationId: ListThings
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id]
              properties:
                id: {type: string}
                state: {type: string, enum: [ON, OFF]}
      responses: {'200': {description: ok}}
components:
  schemas:
    State: {type: string, enum: [ON, OFF]}
    ListThingsRequest:
      type: object
      required: [id]
      properties:
        id: {type: string}
        state: {$ref: '#/components/schemas/State'}
"##;

    fn body_schema(op: &NormalOperation) -> ReferenceOr<Schema> {
        op.request_body.as_ref().unwrap().value.content["application/json"]
            .schema
            .clone()
            .unwrap()
    }

    #[test]
    fn uses_the_matching_component() {
        let api = doc(DOC);
        let mut ops = collect_operations(&api).unwrap();
        named_request_bodies(&api, &mut ops[0]);
        assert_eq!(
            body_schema(&ops[0]),
            ReferenceOr::Reference {
                reference: "#/components/schemas/ListThingsRequest".into()
            }
        );
    }

    #[test]
    fn keeps_the_inline_schema_when_members_differ() {
        for changed in [
            DOC.replace("required: [id]\n      properties", "properties"),
            DOC.replace("        state: {$ref", "        other: {$ref"),
        ] {
            let api = doc(&changed);
            let mut ops = collect_operations(&api).unwrap();
            named_request_bodies(&api, &mut ops[0]);
            assert!(matches!(body_schema(&ops[0]), ReferenceOr::Item(_)));
        }
    }

    #[test]
    fn names_inline_shapes() {
        assert_eq!(
            inline_shape_name("ListParticipants", "filterByState"),
            "ListParticipantsFilterByState"
        );
        assert_eq!(inline_shape_name("Op", "type"), "OpType");
    }
}
