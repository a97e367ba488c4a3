//! Step 10: what the AWS model says that OpenAPI has no field for.
//!
//! **Quirk.** APIs-guru's documents drop the model's paginators (they survive only as query
//! copies, see [`pagination_hints`](super::pagination_hints)) and its idempotency tokens.
//! Documents written by `cargo xtask import` (see `crate::import`) keep them as operation
//! extensions:
//!
//! * `x-aws-paginator: {inputToken, outputToken, limitKey?, resultKey?}` — the operation is
//!   paginated: the input member `inputToken` takes the output member `outputToken` of the
//!   previous page; `limitKey` sets the page size; `resultKey` holds the items.
//! * `x-aws-idempotency-token: <member>` — the input member the SDK fills with a fresh UUID v4
//!   when the caller leaves it empty (the service de-duplicates retried calls by it).
//! * `x-aws-unsigned-payload: true` — the model's `authtype: v4-unsigned-body`: the request
//!   body is not signed (over https, botocore signs `UNSIGNED-PAYLOAD` in its place).
//! * `x-aws-host-prefix: <prefix>` — the model's `endpoint.hostPrefix` (`data.`,
//!   `{graphIdentifier}.`): put before the endpoint's host.
//!
//! **Real behaviour.** Both are part of the service's contract (the official SDKs implement
//! them from the same model). This step reads them into [`NormalOperation::paginator`] and
//! [`NormalOperation::idempotency_token`], [`NormalOperation::unsigned_payload`] and
//! [`NormalOperation::host_prefix`]; lowering checks that the members they name exist.
//! Documents without the extensions pass unchanged.

use crate::error::{Error, Result};
use crate::model::Paginator;
use crate::normalize::NormalOperation;
use crate::normalize::Normalized;
use serde_json::Value;

/// The paginator extension's name.
pub const PAGINATOR: &str = "x-aws-paginator";
/// The idempotency-token extension's name.
pub const IDEMPOTENCY_TOKEN: &str = "x-aws-idempotency-token";
/// The unsigned-payload extension's name.
pub const UNSIGNED_PAYLOAD: &str = "x-aws-unsigned-payload";
/// The host-prefix extension's name.
pub const HOST_PREFIX: &str = "x-aws-host-prefix";

/// The step: every operation's paginator and idempotency token from its extensions.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    doc.operations.iter_mut().try_for_each(model_extensions)
}

/// Reads `op`'s model extensions.
pub fn model_extensions(op: &mut NormalOperation) -> Result<()> {
    for (key, value) in &op.extensions {
        let pointer = op.pointer.join(key);
        match key.as_str() {
            PAGINATOR => {
                let field = |name: &str, required: bool| -> Result<Option<String>> {
                    match value.get(name) {
                        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
                        None if !required => Ok(None),
                        _ => Err(Error::new(
                            &pointer,
                            format!("`{name}` must be a member name"),
                        )),
                    }
                };
                if !value.is_object() {
                    return Err(Error::new(&pointer, "must be an object"));
                }
                op.paginator = Some(Paginator {
                    input_token: field("inputToken", true)?.unwrap_or_default(),
                    output_token: field("outputToken", true)?.unwrap_or_default(),
                    page_size: field("limitKey", false)?,
                    items: field("resultKey", false)?,
                });
            }
            IDEMPOTENCY_TOKEN => match value {
                Value::String(member) if !member.is_empty() => {
                    op.idempotency_token = Some(member.clone());
                }
                _ => return Err(Error::new(&pointer, "must be an input member name")),
            },
            UNSIGNED_PAYLOAD => match value {
                Value::Bool(unsigned) => op.unsigned_payload = *unsigned,
                _ => return Err(Error::new(&pointer, "must be a boolean")),
            },
            HOST_PREFIX => match value {
                Value::String(prefix) if !prefix.is_empty() => {
                    op.host_prefix = Some(prefix.clone());
                }
                _ => {
                    return Err(Error::new(
                        &pointer,
                        "must be a host prefix such as `data.`",
                    ))
                }
            },
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pointer;
    use crate::model::HttpMethod;

    fn op(extensions: Vec<(&str, Value)>) -> NormalOperation {
        NormalOperation {
            name: "ListThings".into(),
            pointer: Pointer::root()
                .join("paths")
                .join("/ListThings")
                .join("post"),
            method: HttpMethod::Post,
            path_key: "/ListThings".into(),
            path: "/ListThings".into(),
            constant_query: Vec::new(),
            description: None,
            parameters: Vec::new(),
            request_body: None,
            responses: Vec::new(),
            success: None,
            errors: Vec::new(),
            paginator: None,
            idempotency_token: None,
            unsigned_payload: false,
            host_prefix: None,
            extensions: extensions
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        }
    }

    #[test]
    fn reads_paginator_and_token() {
        let mut o = op(vec![
            (
                PAGINATOR,
                serde_json::json!({"inputToken": "nextToken", "outputToken": "nextToken", "resultKey": "things"}),
            ),
            (IDEMPOTENCY_TOKEN, serde_json::json!("clientToken")),
            (UNSIGNED_PAYLOAD, serde_json::json!(true)),
            (HOST_PREFIX, serde_json::json!("data.")),
            ("x-other", serde_json::json!(1)),
        ]);
        model_extensions(&mut o).unwrap();
        assert_eq!(
            o.paginator,
            Some(Paginator {
                input_token: "nextToken".into(),
                output_token: "nextToken".into(),
                page_size: None,
                items: Some("things".into()),
            })
        );
        assert_eq!(o.idempotency_token.as_deref(), Some("clientToken"));
        assert!(o.unsigned_payload);
        assert_eq!(o.host_prefix.as_deref(), Some("data."));
    }

    #[test]
    fn documents_without_extensions_pass_unchanged() {
        let mut o = op(vec![(
            "x-amazon-apigateway-integration",
            serde_json::json!({}),
        )]);
        model_extensions(&mut o).unwrap();
        assert_eq!(o.paginator, None);
        assert_eq!(o.idempotency_token, None);
        assert!(!o.unsigned_payload);
    }

    #[test]
    fn malformed_extensions_name_the_place() {
        let mut o = op(vec![(PAGINATOR, serde_json::json!({"inputToken": "t"}))]);
        let err = model_extensions(&mut o).unwrap_err();
        assert_eq!(err.pointer, "#/paths/~1ListThings/post/x-aws-paginator");
        assert_eq!(err.message, "`outputToken` must be a member name");
        let mut o = op(vec![(IDEMPOTENCY_TOKEN, serde_json::json!(true))]);
        let err = model_extensions(&mut o).unwrap_err();
        assert_eq!(
            err.pointer,
            "#/paths/~1ListThings/post/x-aws-idempotency-token"
        );
        let mut o = op(vec![(UNSIGNED_PAYLOAD, serde_json::json!("yes"))]);
        let err = model_extensions(&mut o).unwrap_err();
        assert_eq!(
            err.pointer,
            "#/paths/~1ListThings/post/x-aws-unsigned-payload"
        );
        assert_eq!(err.message, "must be a boolean");
    }
}
