//! Step 6: `allOf: [{$ref: X}, {description: D}]` is a documented reference.
//!
//! **Quirk.** OpenAPI 3.0 ignores keywords next to `$ref`, so to give a member its own
//! documentation the converter writes every member as
//! `allOf: [ {$ref: '#/components/schemas/StageArn'}, {description: 'Stage ARN.'} ]`.
//!
//! **Real behaviour.** There is no composition: the value is an `X`; `D` documents the member.
//! The general rule: an `allOf` whose members are exactly one `$ref` plus schemas carrying
//! only annotations (`description`, `title`, `deprecated`, …, no type keyword; constraints that
//! only narrow the referenced type, such as MediaConnect's `pattern`, count as annotations: the
//! SDK does not check them) is rewritten to
//! the canonical form *one-member `allOf` with the annotations on the outer schema*:
//! `{description: D, allOf: [{$ref: X}]}`. Lowering reads that as "reference to `X`, docs `D`";
//! any other `allOf` stays as written and is rejected by lowering as unsupported.

use crate::error::Result;
use crate::normalize::NormalOperation;
use crate::normalize::Normalized;
use crate::resolve::single_reference;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, Type,
};

/// The step: every documented reference in canonical form.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    description_only_all_of(&mut doc.api, &mut doc.operations);
    Ok(())
}

/// Rewrites every description-only `allOf` in the components and the operations.
pub fn description_only_all_of(api: &mut OpenAPI, operations: &mut [NormalOperation]) {
    visit_document(api, operations, &mut fold);
}

/// Calls `fold` on every inline schema of the components and of the operations (parameters,
/// request bodies, 2xx responses, errors), children first.
pub(crate) fn visit_document(
    api: &mut OpenAPI,
    operations: &mut [NormalOperation],
    fold: &mut impl FnMut(&mut Schema) -> bool,
) {
    if let Some(components) = &mut api.components {
        for schema in components.schemas.values_mut() {
            visit(schema, fold);
        }
    }
    for op in operations {
        for parameter in &mut op.parameters {
            let data = match &mut parameter.value {
                Parameter::Query { parameter_data, .. }
                | Parameter::Header { parameter_data, .. }
                | Parameter::Path { parameter_data, .. }
                | Parameter::Cookie { parameter_data, .. } => parameter_data,
            };
            match &mut data.format {
                ParameterSchemaOrContent::Schema(schema) => visit(schema, fold),
                ParameterSchemaOrContent::Content(content) => content
                    .values_mut()
                    .filter_map(|m| m.schema.as_mut())
                    .for_each(|s| visit(s, fold)),
            }
        }
        let bodies = op
            .request_body
            .iter_mut()
            .flat_map(|b| b.value.content.values_mut());
        let outputs = op
            .success
            .iter_mut()
            .flat_map(|r| r.value.content.values_mut());
        for media in bodies.chain(outputs) {
            if let Some(schema) = &mut media.schema {
                visit(schema, fold);
            }
        }
        for error in &mut op.errors {
            if let Some(schema) = &mut error.schema {
                visit(&mut schema.value, fold);
            }
        }
    }
}

/// Rewrites one schema if it is a description-only `allOf`; returns whether it did.
pub fn fold(schema: &mut Schema) -> bool {
    let SchemaKind::AllOf { all_of } = &mut schema.schema_kind else {
        return false;
    };
    if all_of.len() < 2 {
        return false;
    }
    let Some((_, reference)) = single_reference(all_of) else {
        return false;
    };
    let reference = reference.to_string();
    for member in all_of.iter() {
        let ReferenceOr::Item(annotations) = member else {
            continue;
        };
        let (outer, inner) = (&mut schema.schema_data, &annotations.schema_data);
        if outer.description.is_none() {
            outer.description.clone_from(&inner.description);
        }
        if outer.title.is_none() {
            outer.title.clone_from(&inner.title);
        }
        outer.deprecated |= inner.deprecated;
        outer.nullable |= inner.nullable;
        outer.read_only |= inner.read_only;
        outer.write_only |= inner.write_only;
    }
    schema.schema_kind = SchemaKind::AllOf {
        all_of: vec![ReferenceOr::Reference { reference }],
    };
    true
}

/// Calls `f` on every inline schema in `schema` (children first).
fn visit(schema: &mut ReferenceOr<Schema>, f: &mut impl FnMut(&mut Schema) -> bool) {
    if let ReferenceOr::Item(schema) = schema {
        visit_schema(schema, f);
    }
}

/// [`visit`] for a boxed schema.
fn visit_boxed(schema: &mut ReferenceOr<Box<Schema>>, f: &mut impl FnMut(&mut Schema) -> bool) {
    if let ReferenceOr::Item(schema) = schema {
        visit_schema(schema, f);
    }
}

/// Visits the children of `schema`, then `schema`.
fn visit_schema(schema: &mut Schema, f: &mut impl FnMut(&mut Schema) -> bool) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object
                .properties
                .values_mut()
                .for_each(|p| visit_boxed(p, f));
            if let Some(AdditionalProperties::Schema(value)) = &mut object.additional_properties {
                visit(value, f);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &mut array.items {
                visit_boxed(items, f);
            }
        }
        SchemaKind::Type(_) => {}
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => list.iter_mut().for_each(|s| visit(s, f)),
        SchemaKind::Not { not } => visit(not, f),
        SchemaKind::Any(any) => {
            any.properties.values_mut().for_each(|p| visit_boxed(p, f));
            if let Some(items) = &mut any.items {
                visit_boxed(items, f);
            }
            if let Some(AdditionalProperties::Schema(value)) = &mut any.additional_properties {
                visit(value, f);
            }
            for list in [&mut any.one_of, &mut any.all_of, &mut any.any_of] {
                list.iter_mut().for_each(|s| visit(s, f));
            }
            if let Some(not) = &mut any.not {
                visit(not, f);
            }
        }
    }
    f(schema);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::test_support::doc;

    const DOC: &str = r##"
openapi: 3.0.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Arn: {type: string}
    Stage:
      type: object
      properties:
        arn:
          allOf:
            - $ref: '#/components/schemas/Arn'
            - description: Stage ARN.
        both:
          allOf:
            - $ref: '#/components/schemas/Arn'
            - $ref: '#/components/schemas/Arn'
        constrained:
          allOf:
            - $ref: '#/components/schemas/Arn'
            - {pattern: '^arn:.+$', description: An ARN.}
        typed:
          allOf:
            - $ref: '#/components/schemas/Arn'
            - {type: string, description: not an annotation}
"##;

    fn property(api: &OpenAPI, name: &str) -> Schema {
        let Some(ReferenceOr::Item(stage)) =
            api.components.as_ref().and_then(|c| c.schemas.get("Stage"))
        else {
            panic!("no Stage")
        };
        let SchemaKind::Type(Type::Object(object)) = &stage.schema_kind else {
            panic!("not an object")
        };
        match &object.properties[name] {
            ReferenceOr::Item(schema) => (**schema).clone(),
            ReferenceOr::Reference { .. } => panic!("reference"),
        }
    }

    #[test]
    fn constraints_count_as_annotations() {
        let mut api = doc(DOC);
        description_only_all_of(&mut api, &mut []);
        let constrained = property(&api, "constrained");
        assert_eq!(
            constrained.schema_data.description.as_deref(),
            Some("An ARN.")
        );
        assert!(
            matches!(&constrained.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() == 1)
        );
    }

    #[test]
    fn folds_description_only_all_of() {
        let mut api = doc(DOC);
        description_only_all_of(&mut api, &mut []);
        let arn = property(&api, "arn");
        assert_eq!(arn.schema_data.description.as_deref(), Some("Stage ARN."));
        let SchemaKind::AllOf { all_of } = &arn.schema_kind else {
            panic!("not allOf")
        };
        assert_eq!(
            all_of,
            &[ReferenceOr::Reference {
                reference: "#/components/schemas/Arn".into()
            }]
        );
    }

    #[test]
    fn leaves_real_compositions_alone() {
        let mut api = doc(DOC);
        description_only_all_of(&mut api, &mut []);
        for name in ["both", "typed"] {
            let SchemaKind::AllOf { all_of } = &property(&api, name).schema_kind else {
                panic!("not allOf")
            };
            assert_eq!(all_of.len(), 2, "{name}");
        }
    }
}
