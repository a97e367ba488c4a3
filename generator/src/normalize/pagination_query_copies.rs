//! Step 12: query copies of the paginator's members ("Pagination limit", "Pagination token").
//!
//! **Quirk.** From each SDK paginator the converter adds two string *query* parameters named
//! after the paginator's input members as the model spells them (`MaxResults`, `NextToken`),
//! described `Pagination limit` and `Pagination token`. When those members are body members of
//! the same name, [`pagination_hints`](super::pagination_hints) reads them as hints. Otherwise
//! the real members are elsewhere under their wire names: query parameters `maxResults` /
//! `nextToken` of a GET list operation (the copies then clash with them once snake-cased), or
//! body members spelt differently (`maxResults` in the body, `MaxResults` in the query).
//!
//! **Real behaviour.** The service never reads the copies. This step drops every remaining
//! query parameter that is such a copy (that description, `type: string`), and, when the
//! operation has no paginator yet, derives one from them: the input token is the real member
//! (query or body) whose Rust field name equals the token copy's, the output token the
//! response member with that field name, the page size the real member matching the limit
//! copy, and the items the single list member of the response besides the token. Without a
//! real input token and a response token the operation is not paginated.

use crate::error::Result;
use crate::model::Paginator;
use crate::naming;
use crate::normalize::pagination_hints::{body_schema, items_member, output_schema};
use crate::normalize::{NormalOperation, Normalized};
use crate::resolve::{object_member_names, resolve};
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

/// The description the converter gives the page-size copy.
pub const LIMIT_COPY: &str = "Pagination limit";
/// The description the converter gives the page-token copy.
pub const TOKEN_COPY: &str = "Pagination token";

/// The step: every operation's pagination copies dropped, its paginator derived from them.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    for op in &mut doc.operations {
        pagination_query_copies(&doc.api, op)?;
    }
    Ok(())
}

/// Which copy a parameter is, if it is one: its description and name.
fn copy_kind(parameter: &Parameter) -> Option<(&'static str, &str)> {
    let Parameter::Query { parameter_data, .. } = parameter else {
        return None;
    };
    let description = parameter_data.description.as_deref()?;
    let kind = [LIMIT_COPY, TOKEN_COPY]
        .into_iter()
        .find(|d| *d == description)?;
    let is_string = matches!(
        &parameter_data.format,
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema))
            if matches!(schema.schema_kind, SchemaKind::Type(Type::String(_)))
    );
    is_string.then_some((kind, parameter_data.name.as_str()))
}

/// Drops `op`'s pagination copies and, if it has no paginator, derives one from them.
pub fn pagination_query_copies(api: &OpenAPI, op: &mut NormalOperation) -> Result<()> {
    let copies: Vec<(&'static str, String)> = op
        .parameters
        .iter()
        .filter_map(|p| copy_kind(&p.value).map(|(k, n)| (k, n.to_owned())))
        .collect();
    if copies.is_empty() {
        return Ok(());
    }
    op.parameters.retain(|p| copy_kind(&p.value).is_none());
    if op.paginator.is_some() {
        return Ok(());
    }
    let copy = |kind: &str| {
        copies
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, n)| naming::field_name(n))
    };
    let Some(token_field) = copy(TOKEN_COPY) else {
        return Ok(());
    };

    // The real input members: query parameters, then body members.
    let mut inputs: Vec<String> = op
        .parameters
        .iter()
        .filter(|p| matches!(p.value, Parameter::Query { .. }))
        .map(|p| p.value.parameter_data_ref().name.clone())
        .collect();
    if let Some(body) = body_schema(op) {
        if let Some(names) = object_member_names(api, (&body.value).into(), &body.pointer) {
            inputs.extend(names.into_iter().map(str::to_owned));
        }
    }
    let real = |field: &str| {
        inputs
            .iter()
            .find(|n| naming::field_name(n) == field)
            .cloned()
    };
    let Some(input_token) = real(&token_field) else {
        return Ok(());
    };
    let page_size = copy(LIMIT_COPY).and_then(|field| real(&field));

    let Some(output) = output_schema(op) else {
        return Ok(());
    };
    let resolved = resolve(api, (&output.value).into(), &output.pointer)?;
    let SchemaKind::Type(Type::Object(object)) = &resolved.schema.schema_kind else {
        return Ok(());
    };
    let Some(output_token) = object
        .properties
        .keys()
        .find(|n| naming::field_name(n) == token_field)
        .cloned()
    else {
        return Ok(());
    };
    let items = items_member(api, object, &resolved.pointer, &output_token);
    op.paginator = Some(Paginator {
        input_token,
        output_token,
        page_size,
        items,
    });
    Ok(())
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
  /cells:
    get:
      operationId: ListCells
      parameters:
        - {name: maxResults, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
        - {name: nextToken, in: query, schema: {type: string}}
        - {name: MaxResults, in: query, schema: {type: string}, description: Pagination limit}
        - {name: NextToken, in: query, schema: {type: string}, description: Pagination token}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/ListCellsResponse'}}}
components:
  schemas:
    Cells: {type: array, items: {type: string}}
    ListCellsResponse:
      type: object
      properties:
        Cells: {allOf: [{$ref: '#/components/schemas/Cells'}, {description: The cells.}]}
        NextToken: {type: string}
"##;

    fn run(yaml: &str) -> NormalOperation {
        let api = doc(yaml);
        let mut ops = collect_operations(&api).unwrap();
        let mut op = ops.remove(0);
        errors_by_name(&mut op).unwrap();
        pagination_query_copies(&api, &mut op).unwrap();
        op
    }

    fn query(op: &NormalOperation) -> Vec<&str> {
        op.parameters
            .iter()
            .map(|p| p.value.parameter_data_ref().name.as_str())
            .collect()
    }

    #[test]
    fn drops_the_copies_and_derives_the_paginator() {
        let op = run(DOC);
        assert_eq!(query(&op), ["maxResults", "nextToken"]);
        assert_eq!(
            op.paginator,
            Some(Paginator {
                input_token: "nextToken".into(),
                output_token: "NextToken".into(),
                page_size: Some("maxResults".into()),
                items: Some("Cells".into()),
            })
        );
    }

    #[test]
    fn copies_of_body_members_spelt_differently() {
        let yaml = DOC
            .replace("    get:", "    post:")
            .replace(
                "        - {name: maxResults, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}\n        - {name: nextToken, in: query, schema: {type: string}}\n",
                "",
            )
            .replace(
                "      responses:",
                "      requestBody:\n        content: {application/json: {schema: {type: object, properties: {maxResults: {type: integer}, nextToken: {type: string}}}}}\n      responses:",
            );
        let op = run(&yaml);
        assert!(query(&op).is_empty());
        let paginator = op.paginator.unwrap();
        assert_eq!(paginator.input_token, "nextToken");
        assert_eq!(paginator.page_size.as_deref(), Some("maxResults"));
    }

    #[test]
    fn without_a_real_token_only_drops() {
        let op = run(&DOC.replace(
            "        - {name: nextToken, in: query, schema: {type: string}}\n",
            "",
        ));
        assert_eq!(query(&op), ["maxResults"]);
        assert_eq!(op.paginator, None);
    }

    #[test]
    fn real_members_described_otherwise_stay() {
        let op = run(&DOC.replace("description: Pagination limit", "description: How many"));
        assert_eq!(query(&op), ["maxResults", "nextToken", "MaxResults"]);
    }
}
