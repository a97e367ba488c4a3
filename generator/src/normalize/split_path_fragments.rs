//! Step 4: remove the `#fragment` from path keys.
//!
//! **Quirk.** OpenAPI keys operations by path, so two operations on the same path with
//! different query parameters can't both be written; the converter appends a fragment to keep
//! the keys unique: `UntagResource` lives under `/tags/{resourceArn}#tagKeys` next to
//! `/tags/{resourceArn}` (`ListTagsForResource`, `TagResource`). The document flags this with
//! `x-hasEquivalentPaths: true`.
//!
//! **Real behaviour.** A fragment is never sent to a server; the request path of
//! `UntagResource` is `/tags/{resourceArn}` (`DELETE`, with `tagKeys` in the query).
//!
//! The fragment is the query string of the model's `requestUri` (`/path?a=b&c`): bare names
//! (`tagKeys`) are members bound to the query or to headers, which the parameters declare
//! anyway; `name=value` pairs are *constant* query parameters every request of the operation
//! carries: Chime's `BatchCreateAttendee` is `POST /meetings/{MeetingId}/attendees?operation=batch-create`,
//! next to `CreateAttendee` on the same path; Lambda's `GetLayerVersionByArn` is
//! `GET /2018-10-31/layers?find=LayerVersion&Arn=…`. They are kept in the operation's
//! `constant_query`. Two operations with the same method, real path and constant query would
//! be ambiguous: an error.
//!
//! (Documents of the other AWS protocols, whose fragments *name* operations, were rejected by
//! [`other_protocols`](super::other_protocols) before this step.)

use crate::error::{Error, Result};
use crate::normalize::NormalOperation;
use crate::normalize::Normalized;

/// The step: every operation's real path.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    split_path_fragments(&mut doc.operations)
}

/// Sets each operation's `path` to its key without the fragment and its `constant_query` to the
/// fragment's `name=value` pairs; rejects (method, path, constant query) clashes.
pub fn split_path_fragments(operations: &mut [NormalOperation]) -> Result<()> {
    for i in 0..operations.len() {
        let Some(op) = operations.get_mut(i) else {
            continue;
        };
        let path = real_path(&op.path_key).to_string();
        if !path.starts_with('/') {
            return Err(Error::new(
                &op.pointer,
                format!("path `{path}` does not start with `/`"),
            ));
        }
        op.path = path;
        op.constant_query = constant_query(&op.path_key);
        let (method, path, pointer) = (op.method, op.path.clone(), op.pointer.clone());
        let constants = op.constant_query.clone();
        if let Some(other) = operations
            .iter()
            .take(i)
            .find(|o| o.method == method && o.path == path && o.constant_query == constants)
        {
            let query: Vec<String> = constants.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let query = if query.is_empty() {
                String::new()
            } else {
                format!("?{}", query.join("&"))
            };
            return Err(Error::new(
                &pointer,
                format!(
                    "{method:?} `{path}{query}` is also the request of `{}` (at {})",
                    other.name, other.pointer
                ),
            ));
        }
    }
    Ok(())
}

/// The `name=value` pairs of a path key's fragment, in order:
/// `/meetings#operation=create-attendees&x-amz-chime-bearer` → `[(operation, create-attendees)]`.
pub fn constant_query(key: &str) -> Vec<(String, String)> {
    let Some((_, fragment)) = key.split_once('#') else {
        return Vec::new();
    };
    fragment
        .split('&')
        .filter_map(|part| part.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// A path key without its fragment: `/tags/{resourceArn}#tagKeys` → `/tags/{resourceArn}`.
pub fn real_path(key: &str) -> &str {
    key.split_once('#').map_or(key, |(path, _)| path)
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
  /tags/{arn}:
    get: {operationId: List, responses: {'200': {description: ok}}}
  /tags/{arn}#tagKeys:
    delete: {operationId: Untag, responses: {'200': {description: ok}}}
"##;

    #[test]
    fn strips_fragments() {
        let mut ops = collect_operations(&doc(DOC)).unwrap();
        split_path_fragments(&mut ops).unwrap();
        assert_eq!(ops[1].name, "Untag");
        assert_eq!(ops[1].path, "/tags/{arn}");
        assert_eq!(ops[1].path_key, "/tags/{arn}#tagKeys");
        assert_eq!(ops[0].path, "/tags/{arn}");
        assert_eq!(real_path("/a"), "/a");
    }

    #[test]
    fn keeps_constant_query_pairs() {
        let text = DOC.replace(
            "  /tags/{arn}#tagKeys:\n    delete:",
            "  /tags/{arn}#operation=untag&tagKeys:\n    get:",
        );
        let mut ops = collect_operations(&doc(&text)).unwrap();
        split_path_fragments(&mut ops).unwrap();
        assert_eq!(ops[1].path, "/tags/{arn}");
        assert_eq!(
            ops[1].constant_query,
            [("operation".to_owned(), "untag".to_owned())]
        );
        assert!(ops[0].constant_query.is_empty());
        assert_eq!(
            constant_query("/search#format=sdk&pretty=true&q"),
            [
                ("format".to_owned(), "sdk".to_owned()),
                ("pretty".to_owned(), "true".to_owned())
            ]
        );
    }

    #[test]
    fn rejects_clashing_requests() {
        let mut ops = collect_operations(&doc(&DOC.replace("delete:", "get:"))).unwrap();
        let err = split_path_fragments(&mut ops).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/paths/~1tags~1{arn}#tagKeys/get: Get `/tags/{arn}` is also the request of `List` (at #/paths/~1tags~1{arn}/get)"
        );
    }
}
