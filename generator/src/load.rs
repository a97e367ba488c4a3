//! Loading: document bytes → [`openapiv3::OpenAPI`].
//!
//! JSON documents (text starting with `{`) are read with `serde_json` for its precise error
//! positions; everything else with `serde_yaml` (YAML is a superset of JSON). Syntax errors are
//! reported with their line and column; structure errors with the place `serde` names.

use crate::aws;
use crate::error::{Error, Pointer, Result};
use openapiv3::OpenAPI;

/// Parses a document and checks the parts every later stage relies on (OpenAPI 3.0). The AWS
/// signing name is required by lowering, after `normalize` may have derived it from `servers`.
pub fn load(bytes: &[u8]) -> Result<OpenAPI> {
    let root = Pointer::root();
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            &root,
            format!("document is not UTF-8 (byte {})", e.valid_up_to()),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let api: OpenAPI = if text.trim_start().starts_with('{') {
        guard(|| serde_json::from_str(text))?
            .map_err(|e| Error::new(&root, format!("invalid JSON document: {e}")))?
    } else {
        // Syntax first (with line/column), then the OpenAPI structure.
        let _: serde_yaml::Value = serde_yaml::from_str(text)
            .map_err(|e| Error::new(&root, format!("invalid YAML: {e}")))?;
        guard(|| serde_yaml::from_str(text))?
            .map_err(|e| Error::new(&root, format!("not an OpenAPI 3.0 document: {e}")))?
    };
    if !api.openapi.starts_with("3.0.") {
        return Err(Error::new(
            &root.join("openapi"),
            format!(
                "unsupported OpenAPI version `{}` (expected 3.0.x)",
                api.openapi
            ),
        ));
    }
    Ok(api)
}

/// Runs `openapiv3`'s deserialization, turning a panic inside it (it has a few `expect`s on
/// inputs it assumes impossible) into an error instead of aborting the generator.
fn guard<T>(parse: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)).map_err(|_| {
        Error::new(
            &Pointer::root(),
            "the OpenAPI reader failed on this document",
        )
    })
}

/// The SigV4 signing name from `info.x-aws-signingName`; an error if it is missing.
pub fn signing_name(api: &OpenAPI) -> Result<String> {
    info_extension(api, aws::SIGNING_NAME_EXTENSION)
}

/// The service id from `info.x-serviceName`; an error if it is missing.
pub fn service_id(api: &OpenAPI) -> Result<String> {
    info_extension(api, aws::SERVICE_ID_EXTENSION)
}

/// The SDK id from `info.x-aws-sdk-id`, when the document has one (imported documents do).
pub fn sdk_id(api: &OpenAPI) -> Result<Option<String>> {
    match api.info.extensions.get(aws::SDK_ID_EXTENSION) {
        None => Ok(None),
        Some(_) => info_extension(api, aws::SDK_ID_EXTENSION).map(Some),
    }
}

/// A required, non-empty string extension of `info`.
fn info_extension(api: &OpenAPI, name: &str) -> Result<String> {
    let pointer = Pointer::root().join("info").join(name);
    match api.info.extensions.get(name) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(_) => Err(Error::new(&pointer, "must be a non-empty string")),
        None => Err(Error::new(
            &pointer,
            "missing (required to sign and identify requests)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "openapi: 3.0.0\ninfo: {title: T, version: '1', x-serviceName: s, x-aws-signingName: sig}\npaths: {}\n";

    #[test]
    fn loads_yaml_and_json() {
        let api = load(MINIMAL.as_bytes()).unwrap();
        assert_eq!(signing_name(&api).unwrap(), "sig");
        assert_eq!(service_id(&api).unwrap(), "s");
        let json = r#"{"openapi":"3.0.1","info":{"title":"T","version":"1","x-aws-signingName":"sig"},"paths":{}}"#;
        assert_eq!(load(json.as_bytes()).unwrap().info.title, "T");
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let err = load(b"openapi: 3.0.0\ninfo: [unclosed\n").unwrap_err();
        assert_eq!(err.pointer, "#");
        assert!(err.message.starts_with("invalid YAML: "), "{err}");
        assert!(err.message.contains("line"), "{err}");
        let err = load(b"{\"openapi\": }").unwrap_err();
        assert_eq!(
            err.message,
            "invalid JSON document: expected value at line 1 column 13"
        );
    }

    #[test]
    fn requires_signing_name_and_version() {
        let api = load(
            MINIMAL
                .replace("x-aws-signingName: sig", "x-other: 1")
                .as_bytes(),
        )
        .unwrap();
        let err = signing_name(&api).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/info/x-aws-signingName: missing (required to sign and identify requests)"
        );
        let err = load(MINIMAL.replace("3.0.0", "3.1.0").as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "#/openapi: unsupported OpenAPI version `3.1.0` (expected 3.0.x)"
        );
    }
}
