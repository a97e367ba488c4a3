//! Step 11: pagination hints in the query string.
//!
//! **Quirk.** Paginated list operations (`ListStages`, …) declare `maxResults` and `nextToken`
//! twice: as string *query* parameters ("Pagination limit", "Pagination token", added by the
//! converter from the SDK's paginator metadata) and as members of the JSON request body.
//!
//! **Real behaviour.** The service reads them from the JSON body only (`maxResults` is an
//! integer there). The rule, derived from the duplication rather than from hardcoded names:
//!
//! * a query parameter whose name equals a request-body member is a *hint*: it is dropped from
//!   the query (the body member stays);
//! * the hint that is also a member of the 2xx response is the page token (the response
//!   carries the next page's token under the same name): `input_token = output_token = it`;
//! * the page size is the other hint, if exactly one other exists (`maxResults`);
//! * the items are the single list-typed member of the response besides the token (`stages`),
//!   or `None` if there is not exactly one.
//!
//! An operation with hints but no hint echoed in the response is not paginated; more than one
//! echoed hint is ambiguous and an error, unless exactly one of them is described as the
//! converter describes token copies (`Pagination token`).

use crate::error::{Error, Result};
use crate::model::Paginator;
use crate::normalize::pagination_query_copies::TOKEN_COPY;
use crate::normalize::Normalized;
use crate::normalize::{Located, NormalOperation};
use crate::resolve::{json_media, object_member_names, resolve, SchemaRef};
use openapiv3::{OpenAPI, Parameter, ReferenceOr, Schema, SchemaKind, Type};

/// The step: every operation's pagination, its hints dropped from the query.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    for op in &mut doc.operations {
        pagination_hints(&doc.api, op)?;
    }
    Ok(())
}

/// Drops `op`'s pagination hints from the query and sets `op.paginator`.
pub fn pagination_hints(api: &OpenAPI, op: &mut NormalOperation) -> Result<()> {
    let Some(body) = body_schema(op) else {
        return Ok(());
    };
    let Some(body_members) = object_member_names(api, (&body.value).into(), &body.pointer) else {
        return Ok(());
    };
    let is_hint = |p: &Parameter| matches!(p, Parameter::Query { parameter_data, .. } if body_members.contains(&parameter_data.name.as_str()));
    let hints: Vec<String> = op
        .parameters
        .iter()
        .filter(|p| is_hint(&p.value))
        .map(|p| p.value.parameter_data_ref().name.clone())
        .collect();
    // The converter describes the token copy as such: it settles a response echoing both.
    let described_token = op
        .parameters
        .iter()
        .filter(|p| is_hint(&p.value))
        .map(|p| p.value.parameter_data_ref())
        .find(|p| p.description.as_deref() == Some(TOKEN_COPY))
        .map(|p| p.name.clone());
    if hints.is_empty() {
        return Ok(());
    }
    op.parameters.retain(|p| !is_hint(&p.value));
    if op.paginator.is_some() {
        // The model's own paginator (`x-aws-paginator`) wins over what the hints suggest.
        return Ok(());
    }

    let Some(output) = output_schema(op) else {
        return Ok(());
    };
    let resolved = resolve(api, (&output.value).into(), &output.pointer)?;
    let SchemaKind::Type(Type::Object(object)) = &resolved.schema.schema_kind else {
        return Ok(());
    };
    let tokens: Vec<&String> = hints
        .iter()
        .filter(|h| object.properties.contains_key(h.as_str()))
        .collect();
    let token = match tokens.as_slice() {
        [] => return Ok(()),
        [token] => (*token).clone(),
        _ if described_token
            .as_ref()
            .is_some_and(|t| tokens.contains(&t)) =>
        {
            described_token.unwrap_or_default()
        }
        _ => {
            return Err(Error::new(
                &op.pointer.join("parameters"),
                format!(
                    "ambiguous pagination: query hints {} all appear in the response",
                    tokens
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
    };
    let others: Vec<&String> = hints.iter().filter(|h| **h != token).collect();
    let page_size = match others.as_slice() {
        [size] => Some((*size).clone()),
        _ => None,
    };
    let items = items_member(api, object, &resolved.pointer, &token);
    op.paginator = Some(Paginator {
        input_token: token.clone(),
        output_token: token,
        page_size,
        items,
    });
    Ok(())
}

/// The JSON request body schema.
pub(crate) fn body_schema(op: &NormalOperation) -> Option<Located<ReferenceOr<Schema>>> {
    let body = op.request_body.as_ref()?;
    let (media_type, media) = json_media(&body.value.content)?;
    let pointer = body.pointer.join("content").join(media_type).join("schema");
    media.schema.clone().map(|value| Located { pointer, value })
}

/// The JSON 2xx response schema.
pub(crate) fn output_schema(op: &NormalOperation) -> Option<Located<ReferenceOr<Schema>>> {
    let response = op.success.as_ref()?;
    let (media_type, media) = json_media(&response.value.content)?;
    let pointer = response
        .pointer
        .join("content")
        .join(media_type)
        .join("schema");
    media.schema.clone().map(|value| Located { pointer, value })
}

/// The page's items: the one list member of an output object besides the token, if there is
/// exactly one.
pub(crate) fn items_member(
    api: &OpenAPI,
    object: &openapiv3::ObjectType,
    pointer: &crate::error::Pointer,
    token: &str,
) -> Option<String> {
    let lists: Vec<&String> = object
        .properties
        .iter()
        .filter(|(name, _)| *name != token)
        .filter(|(name, schema)| {
            is_list(
                api,
                (*schema).into(),
                &pointer.join("properties").join(name),
            )
        })
        .map(|(name, _)| name)
        .collect();
    match lists.as_slice() {
        [items] => Some((*items).clone()),
        _ => None,
    }
}

/// Whether a schema resolves to an array.
fn is_list(api: &OpenAPI, schema: SchemaRef<'_>, pointer: &crate::error::Pointer) -> bool {
    resolve(api, schema, pointer)
        .is_ok_and(|r| matches!(r.schema.schema_kind, SchemaKind::Type(Type::Array(_))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::collect_operations;
    use crate::normalize::errors_by_name::errors_by_name;
    use crate::normalize::test_support::doc;

    const DOC: &str = r##"
openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /ListThings:
    post:
      operationId: ListThings
      parameters:
        - {name: limit, in: query, schema: {type: string}}
        - {name: cursor, in: query, schema: {type: string}}
        - {name: filter, in: query, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                limit: {type: integer}
                cursor: {type: string}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/ListThingsResponse'}}}
components:
  schemas:
    Things: {type: array, items: {type: string}}
    ListThingsResponse:
      type: object
      properties:
        cursor: {type: string}
        things: {allOf: [{$ref: '#/components/schemas/Things'}, {description: The things.}]}
        count: {type: integer}
"##;

    fn run(yaml: &str) -> Result<NormalOperation> {
        let api = doc(yaml);
        let mut ops = collect_operations(&api).unwrap();
        let mut op = ops.remove(0);
        errors_by_name(&mut op).unwrap();
        pagination_hints(&api, &mut op).map(|()| op)
    }

    #[test]
    fn derives_the_paginator_from_the_duplication() {
        let op = run(DOC).unwrap();
        let query: Vec<_> = op
            .parameters
            .iter()
            .map(|p| p.value.parameter_data_ref().name.as_str())
            .collect();
        assert_eq!(query, ["filter"]);
        assert_eq!(
            op.paginator,
            Some(Paginator {
                input_token: "cursor".into(),
                output_token: "cursor".into(),
                page_size: Some("limit".into()),
                items: Some("things".into()),
            })
        );
    }

    #[test]
    fn hints_without_a_response_token_are_only_dropped() {
        let op = run(&DOC.replace(
            "        cursor: {type: string}\n        things",
            "        things",
        ))
        .unwrap();
        assert_eq!(op.parameters.len(), 1);
        assert_eq!(op.paginator, None);
    }

    #[test]
    fn the_described_token_settles_two_echoed_hints() {
        let op = run(&DOC
            .replace("count: {type: integer}", "limit: {type: integer}")
            .replace(
                "{name: cursor, in: query, schema: {type: string}}",
                "{name: cursor, in: query, schema: {type: string}, description: Pagination token}",
            ))
        .unwrap();
        assert_eq!(op.paginator.unwrap().input_token, "cursor");
    }

    #[test]
    fn two_echoed_hints_are_ambiguous() {
        let err =
            run(&DOC.replace("count: {type: integer}", "limit: {type: integer}")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/paths/~1ListThings/post/parameters: ambiguous pagination: query hints `limit`, `cursor` all appear in the response"
        );
    }
}
