//! Step 1: documents of the protocols this generator does not speak are rejected first.
//!
//! **Quirk.** APIs-guru converts every AWS model into OpenAPI whatever its protocol, and says
//! nothing about the protocol itself. Three kinds are not REST-JSON:
//!
//! * AWS JSON 1.0/1.1: every operation is `POST /`, keyed `/#X-Amz-Target=Service.Operation`;
//! * AWS query (and EC2): operations keyed by an `Action=` pair in the fragment
//!   (`/#Action=ListThings`, `/#Operation=CreateJob&Action=CreateJob`);
//! * REST-XML (S3, Route 53, CloudFront): REST paths like REST-JSON, but `text/xml` bodies.
//!
//! **Real behaviour.** Such a document is not a REST-JSON API with quirks: requests built from
//! it would be wrong on the wire. It is rejected with one error naming the protocol
//! ([`aws::unsupported_protocol_message`]), before any other step can report something less
//! telling (a missing signing name, a clash of operations that all are `POST /`).

use crate::aws;
use crate::error::{Error, Result};
use crate::normalize::{NormalOperation, Normalized};

/// The step: fails on the first operation that shows another protocol.
pub fn apply(doc: &mut Normalized) -> Result<()> {
    for op in &doc.operations {
        other_protocol(op)?;
    }
    Ok(())
}

/// The protocol error for `op`, if its path key or bodies show a protocol other than REST-JSON.
pub fn other_protocol(op: &NormalOperation) -> Result<()> {
    if let Some((_, fragment)) = op.path_key.split_once('#') {
        let protocol = fragment
            .split('&')
            .find_map(aws::unsupported_protocol_of_fragment);
        if let Some(protocol) = protocol {
            return Err(Error::new(
                &op.pointer,
                aws::unsupported_protocol_message(protocol),
            ));
        }
    }
    let request_xml = op
        .request_body
        .as_ref()
        .is_some_and(|b| xml_only(b.value.content.keys()));
    let response_xml = op
        .responses
        .iter()
        .any(|(_, r)| xml_only(r.value.content.keys()));
    if request_xml || response_xml {
        return Err(Error::new(
            &op.pointer,
            aws::unsupported_protocol_message(aws::REST_XML_PROTOCOL),
        ));
    }
    Ok(())
}

/// Whether a body's media types are all XML (and there is one).
fn xml_only<'a>(media_types: impl ExactSizeIterator<Item = &'a String>) -> bool {
    media_types.len() > 0 && media_types.into_iter().all(|m| aws::is_xml_media_type(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::collect_operations;
    use crate::normalize::test_support::doc;

    fn run(key: &str, media_type: &str) -> Result<()> {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: T, version: '1'}}\npaths:\n  '{key}':\n    post:\n      operationId: ListThings\n      responses: {{'200': {{description: ok, content: {{'{media_type}': {{schema: {{type: object}}}}}}}}}}\n"
        );
        let ops = collect_operations(&doc(&text)).unwrap();
        other_protocol(&ops[0])
    }

    #[test]
    fn rejects_other_protocols_naming_them() {
        for (key, protocol) in [
            ("/#X-Amz-Target=Foo_20180101.ListThings", "AWS JSON"),
            ("/#Action=ListThings", "AWS query"),
            ("/#Operation=ListThings&Action=ListThings", "AWS query"),
        ] {
            let err = run(key, "application/json").unwrap_err();
            assert!(
                err.message
                    .starts_with(&format!("this document uses the {protocol} (")),
                "{err}"
            );
            assert!(err
                .message
                .ends_with("; the generator supports REST-JSON only"));
            assert!(aws::is_unsupported_protocol_error(&err));
            assert_eq!(err.pointer, format!("#/paths/~1#{}/post", &key[2..]));
        }
        let err = run("/{Bucket}", "text/xml").unwrap_err();
        assert!(
            err.message.starts_with("this document uses the REST-XML"),
            "{err}"
        );
        assert!(aws::is_unsupported_protocol_error(&err));
    }

    #[test]
    fn rest_json_passes() {
        run("/tags/{arn}#tagKeys", "application/json").unwrap();
        run("/things#operation=list", "application/json").unwrap();
    }
}
