//! The generator reads the document as JSON as well as YAML, with the same result.

const SPEC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../spec/ivs-realtime/2020-07-14/openapi.yaml"
));

#[test]
fn json_form_of_the_spec_gives_the_same_service_and_code() {
    let tree: serde_json::Value = serde_yaml::from_str(SPEC).expect("the spec is YAML");
    let json = serde_json::to_string_pretty(&tree).expect("serializable");
    assert!(json.starts_with('{'));

    let from_yaml = generator::load_service(SPEC.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let from_json = generator::load_service(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_yaml, from_json);
    assert_eq!(from_json.operations.len(), 15);

    let options = generator::Options::default();
    let files = |doc: &[u8]| -> Vec<(String, String)> {
        generator::generate(doc, &options)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|f| (f.path.display().to_string(), f.contents))
            .collect()
    };
    assert_eq!(files(SPEC.as_bytes()), files(json.as_bytes()));
}

#[test]
fn bad_json_names_line_and_column() {
    let err =
        generator::load_service(b"{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\n}").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("#: "), "{text}");
    assert!(text.contains("line 4"), "{text}");
}
