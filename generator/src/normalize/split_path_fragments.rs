//! Step 2: remove the `#fragment` from path keys.
//!
//! **Quirk.** OpenAPI keys operations by path, so two operations on the same path with
//! different query parameters can't both be written; the converter appends a fragment to keep
//! the keys unique: `UntagResource` lives under `/tags/{resourceArn}#tagKeys` next to
//! `/tags/{resourceArn}` (`ListTagsForResource`, `TagResource`). The document flags this with
//! `x-hasEquivalentPaths: true`.
//!
//! **Real behaviour.** A fragment is never sent to a server; the request path of
//! `UntagResource` is `/tags/{resourceArn}` (`DELETE`, with `tagKeys` in the query).
//! Two operations with the same method on the same real path would be ambiguous: an error.
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

/// Sets each operation's `path` to its key without the fragment; rejects (method, path) clashes.
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
        let (method, path, pointer) = (op.method, op.path.clone(), op.pointer.clone());
        if let Some(other) = operations
            .iter()
            .take(i)
            .find(|o| o.method == method && o.path == path)
        {
            return Err(Error::new(
                &pointer,
                format!(
                    "{method:?} `{path}` is also the request of `{}` (at {})",
                    other.name, other.pointer
                ),
            ));
        }
    }
    Ok(())
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
    fn rejects_clashing_requests() {
        let mut ops = collect_operations(&doc(&DOC.replace("delete:", "get:"))).unwrap();
        let err = split_path_fragments(&mut ops).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/paths/~1tags~1{arn}#tagKeys/get: Get `/tags/{arn}` is also the request of `List` (at #/paths/~1tags~1{arn}/get)"
        );
    }
}
