//! Reference resolution: `$ref`s to components (schemas, parameters, request bodies,
//! responses) followed, with the JSON pointer of the referencing place in every error.
//!
//! A *documented reference*, `allOf: [{$ref: X}, {description: D}]` (see
//! [`crate::normalize::description_only_all_of`]), resolves like `$ref: X`. Reference cycles
//! are errors, never endless loops. Normalization and lowering both read the document through
//! this module.

use crate::aws;
use crate::error::{unescape_segment, Error, Pointer, Result};
use openapiv3::{
    AnySchema, MediaType, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, Type,
};

/// The component name of a local reference `#/components/<section>/<name>`.
pub fn component_name(reference: &str, section: &str, pointer: &Pointer) -> Result<String> {
    let prefix = format!("#/components/{section}/");
    match reference.strip_prefix(&prefix) {
        Some(name) if !name.is_empty() && !name.contains('/') => Ok(unescape_segment(name)),
        _ => Err(Error::new(
            pointer,
            format!("unsupported `$ref` `{reference}` (expected `{prefix}<name>`)"),
        )),
    }
}

/// Error for a `$ref` whose target does not exist.
fn dangling(reference: &str, pointer: &Pointer) -> Error {
    Error::new(
        pointer,
        format!("`$ref` to `{reference}`, which does not exist"),
    )
}

/// How many `$ref`s in a row are followed before giving up (a reference cycle).
const MAX_REF_DEPTH: usize = 32;

/// Resolves a parameter `$ref` (`#/components/parameters/<name>`).
pub fn resolve_parameter<'a>(
    api: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
    pointer: &Pointer,
) -> Result<&'a Parameter> {
    let mut current = parameter;
    for _ in 0..MAX_REF_DEPTH {
        match current {
            ReferenceOr::Item(p) => return Ok(p),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, "parameters", pointer)?;
                current = api
                    .components
                    .as_ref()
                    .and_then(|c| c.parameters.get(&name))
                    .ok_or_else(|| dangling(reference, pointer))?;
            }
        }
    }
    Err(Error::new(pointer, "`$ref` cycle"))
}

/// Resolves a request body `$ref` (`#/components/requestBodies/<name>`).
pub fn resolve_request_body<'a>(
    api: &'a OpenAPI,
    body: &'a ReferenceOr<RequestBody>,
    pointer: &Pointer,
) -> Result<&'a RequestBody> {
    let mut current = body;
    for _ in 0..MAX_REF_DEPTH {
        match current {
            ReferenceOr::Item(b) => return Ok(b),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, "requestBodies", pointer)?;
                current = api
                    .components
                    .as_ref()
                    .and_then(|c| c.request_bodies.get(&name))
                    .ok_or_else(|| dangling(reference, pointer))?;
            }
        }
    }
    Err(Error::new(pointer, "`$ref` cycle"))
}

/// Resolves a response `$ref` (`#/components/responses/<name>`).
pub fn resolve_response<'a>(
    api: &'a OpenAPI,
    response: &'a ReferenceOr<Response>,
    pointer: &Pointer,
) -> Result<&'a Response> {
    let mut current = response;
    for _ in 0..MAX_REF_DEPTH {
        match current {
            ReferenceOr::Item(r) => return Ok(r),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, "responses", pointer)?;
                current = api
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(&name))
                    .ok_or_else(|| dangling(reference, pointer))?;
            }
        }
    }
    Err(Error::new(pointer, "`$ref` cycle"))
}

/// A borrowed schema or reference, whichever box it came in.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    /// A `$ref` string.
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(s: &'a ReferenceOr<Schema>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(s: &'a ReferenceOr<Box<Schema>>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// A named component schema, looked up.
#[derive(Debug, Clone, Copy)]
pub struct Component<'a> {
    /// The component's name.
    pub name: &'a str,
    /// The component's schema (itself possibly a `$ref`).
    pub schema: SchemaRef<'a>,
}

/// Looks up the schema a `$ref` names; `pointer` is the referencing place (used in errors).
pub fn component_schema<'a>(
    api: &'a OpenAPI,
    reference: &str,
    pointer: &Pointer,
) -> Result<Component<'a>> {
    let name = component_name(reference, "schemas", pointer)?;
    api.components
        .as_ref()
        .and_then(|c| c.schemas.get_key_value(&name))
        .map(|(name, schema)| Component {
            name,
            schema: schema.into(),
        })
        .ok_or_else(|| dangling(reference, pointer))
}

/// Pointer to a component schema.
pub fn component_pointer(name: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(name)
}

/// A schema with references followed.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The last component name followed, if any.
    pub name: Option<&'a str>,
    /// The schema reached.
    pub schema: &'a Schema,
    /// Where that schema is written.
    pub pointer: Pointer,
}

/// Follows `$ref`s and documented references (`allOf` of one `$ref` plus annotation-only
/// schemas, see [`single_reference`]) to the schema that says what the value is.
pub fn resolve<'a>(
    api: &'a OpenAPI,
    schema: SchemaRef<'a>,
    pointer: &Pointer,
) -> Result<Resolved<'a>> {
    let mut current = schema;
    let mut pointer = pointer.clone();
    let mut name = None;
    for _ in 0..MAX_REF_DEPTH {
        match current {
            SchemaRef::Ref(reference) => {
                let component = component_schema(api, reference, &pointer)?;
                name = Some(component.name);
                pointer = component_pointer(component.name);
                current = component.schema;
            }
            SchemaRef::Item(schema) => match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => match single_reference(all_of) {
                    Some((index, reference)) => {
                        pointer = pointer.join("allOf").join(index);
                        current = SchemaRef::Ref(reference);
                    }
                    None => {
                        return Ok(Resolved {
                            name,
                            schema,
                            pointer,
                        })
                    }
                },
                _ => {
                    return Ok(Resolved {
                        name,
                        schema,
                        pointer,
                    })
                }
            },
        }
    }
    Err(Error::new(&pointer, "`$ref` cycle"))
}

/// The first JSON media type of a `content` map.
pub fn json_media<'a, I>(content: I) -> Option<(&'a String, &'a MediaType)>
where
    I: IntoIterator<Item = (&'a String, &'a MediaType)>,
{
    content
        .into_iter()
        .find(|(media_type, _)| aws::is_json_media_type(media_type))
}

/// The property names of a schema that resolves to an object (`None` for anything else).
pub fn object_member_names<'a>(
    api: &'a OpenAPI,
    schema: SchemaRef<'a>,
    pointer: &Pointer,
) -> Option<Vec<&'a str>> {
    let resolved = resolve(api, schema, pointer).ok()?;
    match &resolved.schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            Some(object.properties.keys().map(String::as_str).collect())
        }
        _ => None,
    }
}

/// If `all_of` is exactly one `$ref` plus annotation-only schemas, that `$ref` and its index.
pub fn single_reference(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, &str)> {
    let mut found = None;
    for (i, member) in all_of.iter().enumerate() {
        match member {
            ReferenceOr::Reference { reference } => {
                if found.is_some() {
                    return None;
                }
                found = Some((i, reference.as_str()));
            }
            ReferenceOr::Item(schema) if is_annotation_only(schema) => {}
            ReferenceOr::Item(_) => return None,
        }
    }
    found
}

/// A schema with no type keyword: only annotations (`description`, `title`, …), and at most
/// constraints that narrow the referenced type's values without changing it (`pattern`,
/// lengths, bounds), which the SDK does not check (MediaConnect's
/// `allOf: [{$ref: __string}, {pattern, description}]`).
pub fn is_annotation_only(schema: &Schema) -> bool {
    schema.schema_data.discriminator.is_none()
        && matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema {
            pattern: any.pattern.clone(),
            min_length: any.min_length,
            max_length: any.max_length,
            minimum: any.minimum,
            maximum: any.maximum,
            ..AnySchema::default()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("bad test document: {e}"))
    }

    #[test]
    fn resolves_schema_chains() {
        let api = doc(
            "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: integer}\n    C: {$ref: '#/components/schemas/C'}\n",
        );
        let r = resolve(
            &api,
            SchemaRef::Ref("#/components/schemas/A"),
            &Pointer::root(),
        )
        .unwrap();
        assert_eq!(r.name, Some("B"));
        assert_eq!(r.pointer.as_str(), "#/components/schemas/B");
        let err = resolve(
            &api,
            SchemaRef::Ref("#/components/schemas/C"),
            &Pointer::root(),
        )
        .unwrap_err();
        assert_eq!(err.message, "`$ref` cycle");
    }
}
