//! Step 3: drop the SigV4 signature headers the document lists as parameters.
//!
//! **Quirk.** Every path item of the APIs-guru AWS documents repeats seven header parameters
//! (`X-Amz-Content-Sha256`, `X-Amz-Date`, `X-Amz-Algorithm`, `X-Amz-Credential`,
//! `X-Amz-Security-Token`, `X-Amz-Signature`, `X-Amz-SignedHeaders`), as `$ref`s to
//! `components.parameters`.
//!
//! **Real behaviour.** Those headers are the Signature Version 4 signature (or its query-string
//! form), computed by the SDK's signer from the credentials for every request. They are never
//! user input, so they must not become input members. They are removed at path level, at
//! operation level and from `components.parameters`. The names live in
//! [`aws::SIGNATURE_HEADERS`].

use crate::aws;
use crate::error::{Pointer, Result};
use crate::normalize::Normalized;
use crate::resolve::resolve_parameter;
use openapiv3::{OpenAPI, Parameter, ReferenceOr};

/// The step: removes the signature headers from the document and from the operations.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    strip_signature_headers(&mut doc.api)?;
    for op in &mut doc.operations {
        op.parameters.retain(|p| !is_signature_header(&p.value));
    }
    Ok(())
}

/// Removes the signature header parameters everywhere in `api`.
///
/// Fails if a parameter `$ref` points nowhere (naming the referencing place).
pub fn strip_signature_headers(api: &mut OpenAPI) -> Result<()> {
    let paths_ptr = Pointer::root().join("paths");
    // Decide first (needs the whole document to resolve `$ref`s), then remove.
    let mut decisions: Vec<(Vec<bool>, Vec<Vec<bool>>)> = Vec::new();
    for (key, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else {
            decisions.push((Vec::new(), Vec::new()));
            continue;
        };
        let item_ptr = paths_ptr.join(key);
        let path_level = keep_flags(api, &item.parameters, &item_ptr)?;
        let mut per_op = Vec::new();
        for (method, op) in item.iter() {
            per_op.push(keep_flags(api, &op.parameters, &item_ptr.join(method))?);
        }
        decisions.push((path_level, per_op));
    }
    for ((_, item), (path_level, per_op)) in api.paths.paths.iter_mut().zip(decisions) {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        retain_flagged(&mut item.parameters, &path_level);
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        // `PathItem::iter` visits the methods in this same order.
        for (op, keep) in ops.into_iter().flatten().zip(per_op) {
            retain_flagged(&mut op.parameters, &keep);
        }
    }
    if let Some(components) = &mut api.components {
        components
            .parameters
            .retain(|_, p| !matches!(p, ReferenceOr::Item(p) if is_signature_header(p)));
    }
    Ok(())
}

/// Whether a (resolved) parameter is a signature header.
pub fn is_signature_header(parameter: &Parameter) -> bool {
    matches!(parameter, Parameter::Header { parameter_data, .. } if aws::is_signature_header(&parameter_data.name))
}

/// For each parameter of a list: keep it (`true`) or drop it as a signature header.
fn keep_flags(
    api: &OpenAPI,
    parameters: &[ReferenceOr<Parameter>],
    owner: &Pointer,
) -> Result<Vec<bool>> {
    parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(!is_signature_header(resolve_parameter(
                api,
                p,
                &owner.join("parameters").join(i),
            )?))
        })
        .collect()
}

/// Keeps the parameters whose flag is `true`.
fn retain_flagged(parameters: &mut Vec<ReferenceOr<Parameter>>, keep: &[bool]) {
    let mut flags = keep.iter();
    parameters.retain(|_| flags.next().copied().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::test_support::doc;

    const DOC: &str = r##"
openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /Thing:
    parameters:
      - $ref: '#/components/parameters/X-Amz-Date'
      - {name: X-Amz-Signature, in: header, schema: {type: string}}
      - {name: X-Custom, in: header, schema: {type: string}}
    post:
      operationId: Thing
      parameters:
        - $ref: '#/components/parameters/X-Amz-Date'
        - {name: X-Amz-Date, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
components:
  parameters:
    X-Amz-Date: {name: X-Amz-Date, in: header, schema: {type: string}}
"##;

    fn names(parameters: &[ReferenceOr<Parameter>]) -> Vec<String> {
        parameters
            .iter()
            .map(|p| match p {
                ReferenceOr::Item(p) => p.parameter_data_ref().name.clone(),
                ReferenceOr::Reference { reference } => reference.clone(),
            })
            .collect()
    }

    #[test]
    fn drops_signature_headers_at_both_levels() {
        let mut api = doc(DOC);
        strip_signature_headers(&mut api).unwrap();
        let item = api.paths.paths["/Thing"].as_item().unwrap();
        assert_eq!(names(&item.parameters), ["X-Custom"]);
        // A query parameter that happens to share the name is user input: kept.
        assert_eq!(
            names(&item.post.as_ref().unwrap().parameters),
            ["X-Amz-Date"]
        );
        assert!(api.components.unwrap().parameters.is_empty());
    }

    #[test]
    fn reports_dangling_refs() {
        let mut api = doc(&DOC.replace("    X-Amz-Date: {name", "    Other: {name"));
        let err = strip_signature_headers(&mut api).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/paths/~1Thing/parameters/0: `$ref` to `#/components/parameters/X-Amz-Date`, which does not exist"
        );
    }
}
