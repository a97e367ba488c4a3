//! Step 9: inline object members that copy the component of the same name use that component.
//!
//! **Quirk.** When a request body stays inline (its `<Op>Request` component spells the members
//! differently, so [`named_request_bodies`](super::named_request_bodies) cannot use it), the
//! converter also inlines the structures of its members, without their `required` lists:
//! Amplify Backend's `CreateBackendAuth` body has `resourceConfig: {type: object, properties:
//! {AuthResources, IdentityPoolConfigs, Service, UserPoolConfigs}}`, a copy of the component
//! `CreateBackendAuthResourceConfig`. Lowering names inline objects `<Op><Member>`
//! ([`inline_shape_name`]), which is exactly that component's name: two shapes, one name.
//!
//! **Real behaviour.** The member's type is the model's shape, the component (with its
//! `required` list). When a top-level member of an inline request body is an inline object
//! whose property names are those of the object component named `<Op><Member>`, it becomes a
//! documented reference to it (`{description, allOf: [{$ref}]}`, the form
//! [`description_only_all_of`](super::description_only_all_of) gives). An inline object that
//! differs from the component keeps failing in lowering with both places named.

use crate::error::Result;
use crate::normalize::named_request_bodies::inline_shape_name;
use crate::normalize::{NormalOperation, Normalized};
use crate::resolve::json_media;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use std::collections::BTreeSet;

/// The step: inline copies of components in request bodies become references.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    for op in &mut doc.operations {
        inline_component_copies(&doc.api, op);
    }
    Ok(())
}

/// Replaces the inline object members of `op`'s inline body that copy a component.
pub fn inline_component_copies(api: &OpenAPI, op: &mut NormalOperation) {
    let Some(body) = &mut op.request_body else {
        return;
    };
    let Some(media_type) = json_media(&body.value.content).map(|(m, _)| m.clone()) else {
        return;
    };
    let Some(ReferenceOr::Item(inline)) = body
        .value
        .content
        .get_mut(&media_type)
        .and_then(|m| m.schema.as_mut())
    else {
        return;
    };
    let SchemaKind::Type(Type::Object(object)) = &mut inline.schema_kind else {
        return;
    };
    for (member, schema) in object.properties.iter_mut() {
        let ReferenceOr::Item(member_schema) = schema else {
            continue;
        };
        let Some(names) = property_names(member_schema) else {
            continue;
        };
        let name = inline_shape_name(&op.name, member);
        let component = api.components.as_ref().and_then(|c| c.schemas.get(&name));
        let Some(ReferenceOr::Item(component)) = component else {
            continue;
        };
        if property_names(component).as_ref() != Some(&names) {
            continue;
        }
        let reference = format!(
            "#/components/schemas/{}",
            crate::error::escape_segment(&name)
        );
        let description = member_schema.schema_data.description.clone();
        *schema = ReferenceOr::Item(Box::new(Schema {
            schema_data: SchemaData {
                description,
                ..SchemaData::default()
            },
            schema_kind: SchemaKind::AllOf {
                all_of: vec![ReferenceOr::Reference { reference }],
            },
        }));
    }
}

/// The property names of an object schema with properties.
fn property_names(schema: &Schema) -> Option<BTreeSet<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
            Some(object.properties.keys().cloned().collect())
        }
        _ => None,
    }
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
  /auth:
    post:
      operationId: CreateAuth
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
                resourceConfig:
                  description: The configuration.
                  type: object
                  properties:
                    Service: {type: string}
      responses: {'200': {description: ok}}
components:
  schemas:
    CreateAuthResourceConfig:
      type: object
      required: [Service]
      properties:
        Service: {type: string}
"##;

    fn member(yaml: &str) -> ReferenceOr<Box<Schema>> {
        let api = doc(yaml);
        let mut op = collect_operations(&api).unwrap().remove(0);
        inline_component_copies(&api, &mut op);
        let body = op.request_body.unwrap().value;
        let Some(ReferenceOr::Item(schema)) = &body.content["application/json"].schema else {
            panic!("inline body expected")
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            panic!("object expected")
        };
        object.properties["resourceConfig"].clone()
    }

    #[test]
    fn copies_become_documented_references() {
        let ReferenceOr::Item(schema) = member(DOC) else {
            panic!("item expected")
        };
        assert_eq!(
            schema.schema_data.description.as_deref(),
            Some("The configuration.")
        );
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            panic!("allOf expected")
        };
        assert_eq!(
            all_of,
            &[ReferenceOr::Reference {
                reference: "#/components/schemas/CreateAuthResourceConfig".into()
            }]
        );
    }

    #[test]
    fn different_objects_stay_inline() {
        let ReferenceOr::Item(schema) =
            member(&DOC.replace("\n        Service:", "\n        Other:"))
        else {
            panic!("item expected")
        };
        assert!(matches!(
            schema.schema_kind,
            SchemaKind::Type(Type::Object(_))
        ));
    }
}
