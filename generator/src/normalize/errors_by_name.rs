//! Step 5: errors are named, not numbered.
//!
//! **Quirk.** The converter lists an operation's errors as responses under made-up status codes
//! `480`, `481`, … numbered per operation: `480` is `ResourceNotFoundException` for
//! `CreateParticipantToken` but `ValidationException` for `CreateStage`.
//!
//! **Real behaviour.** AWS services return real HTTP statuses (400, 403, 404, …) and identify
//! the error by name (the `x-amzn-ErrorType` header or the body's `__type`/`code`), so an SDK
//! must match errors by name, never by status. This step collects each operation's errors by
//! name (the referenced schema's name, else the response description; see
//! [`aws::error_name`]) in document order and drops the fake codes. The single 2xx response
//! is the operation's output.

use crate::aws;
use crate::error::{Error, Result};
use crate::normalize::Normalized;
use crate::normalize::{ErrorRef, Located, NormalOperation};
use crate::resolve::{component_name, json_media};
use openapiv3::{ReferenceOr, StatusCode};

/// The step: every operation's success response and errors by name.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    doc.operations.iter_mut().try_for_each(errors_by_name)
}

/// Splits `op.responses` into `op.success` (the 2xx response) and `op.errors` (by name).
pub fn errors_by_name(op: &mut NormalOperation) -> Result<()> {
    for (code, response) in std::mem::take(&mut op.responses) {
        let success = match code {
            StatusCode::Code(code) => aws::is_success_status(code),
            StatusCode::Range(range) => range == 2,
        };
        if success {
            if let Some(first) = &op.success {
                return Err(Error::new(
                    &response.pointer,
                    format!(
                        "a second success response (the first is at {})",
                        first.pointer
                    ),
                ));
            }
            op.success = Some(response);
            continue;
        }
        let schema = json_media(&response.value.content).and_then(|(media_type, media)| {
            let pointer = response
                .pointer
                .join("content")
                .join(media_type)
                .join("schema");
            media.schema.clone().map(|value| Located { pointer, value })
        });
        let schema_name = match &schema {
            Some(Located {
                value: ReferenceOr::Reference { reference },
                pointer,
            }) => Some(component_name(reference, "schemas", pointer)?),
            _ => None,
        };
        let name = aws::error_name(schema_name.as_deref(), &response.value.description).ok_or_else(|| {
            Error::new(
                &response.pointer,
                format!(
                    "cannot name this error: no schema `$ref` and the description `{}` is not an error name",
                    response.value.description
                ),
            )
        })?;
        if op.errors.iter().any(|e| e.name == name) {
            continue;
        }
        op.errors.push(ErrorRef {
            name,
            description: response.value.description.clone(),
            pointer: response.pointer,
            schema,
        });
    }
    if op.success.is_none() {
        return Err(Error::new(
            &op.pointer.join("responses"),
            "no 2xx (success) response",
        ));
    }
    Ok(())
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
  /A:
    post:
      operationId: A
      responses:
        '200': {description: Success}
        '480':
          description: ResourceNotFoundException
          content: {application/json: {schema: {$ref: '#/components/schemas/NotFound'}}}
        '481': {description: ValidationException}
        '482': {description: ValidationException}
  /B:
    post:
      operationId: B
      responses:
        '480': {description: ValidationException}
        '201': {description: Created}
"##;

    #[test]
    fn collects_errors_by_name_in_document_order() {
        let mut ops = collect_operations(&doc(DOC)).unwrap();
        for op in &mut ops {
            errors_by_name(op).unwrap();
        }
        let names =
            |op: &NormalOperation| op.errors.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
        // The schema name wins over the description; duplicates are listed once.
        assert_eq!(names(&ops[0]), ["NotFound", "ValidationException"]);
        assert_eq!(
            ops[0].errors[0].pointer.as_str(),
            "#/paths/~1A/post/responses/480"
        );
        assert_eq!(
            ops[0].success.as_ref().unwrap().value.description,
            "Success"
        );
        assert_eq!(names(&ops[1]), ["ValidationException"]);
        assert_eq!(
            ops[1].success.as_ref().unwrap().pointer.as_str(),
            "#/paths/~1B/post/responses/201"
        );
        assert!(ops.iter().all(|op| op.responses.is_empty()));
    }

    #[test]
    fn rejects_unnamed_errors_and_missing_success() {
        let mut ops = collect_operations(&doc(&DOC.replace(
            "'481': {description: ValidationException}",
            "'481': {description: Bad thing}",
        )))
        .unwrap();
        let err = errors_by_name(&mut ops[0]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/paths/~1A/post/responses/481: cannot name this error: no schema `$ref` and the description `Bad thing` is not an error name"
        );
        let mut ops =
            collect_operations(&doc(&DOC.replace("'201': {description: Created}", ""))).unwrap();
        let err = errors_by_name(&mut ops[1]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/paths/~1B/post/responses: no 2xx (success) response"
        );
    }
}
