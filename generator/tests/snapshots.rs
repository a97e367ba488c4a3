//! The generator's output for the real IVS RealTime documents: one insta snapshot per file
//! generated from the APIs-guru document, and determinism. (The freshness of the committed
//! `generated-sdk`, generated from the document `cargo xtask import` wrote with the SDK's own
//! options, is tested by xtask.)

use generator::{GeneratedFile, Options};
use std::path::{Path, PathBuf};

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The APIs-guru document, byte for byte.
const APIS_GURU: &str = "spec/ivs-realtime/2020-07-14/openapi.yaml";
/// The document `generated-sdk` is generated from (xtask's `SPEC`).
const SDK_SPEC: &str = "spec/ivs-realtime/2020-07-14/openapi.aws-model.json";

fn generate_from(spec_path: &str) -> Vec<GeneratedFile> {
    let options = Options {
        spec_path: spec_path.to_owned(),
        ..Options::default()
    };
    let spec = std::fs::read(root().join(spec_path)).expect("the document is readable");
    generator::generate(&spec, &options).unwrap_or_else(|e| panic!("generation failed: {e}"))
}

fn generate() -> Vec<GeneratedFile> {
    generate_from(APIS_GURU)
}

#[test]
fn snapshots_of_every_generated_file() {
    let files = generate();
    for file in &files {
        // `src/operation/list_stages.rs` → snapshot `src__operation__list_stages.rs`.
        let name = file.path.to_string_lossy().replace(['/', '\\'], "__");
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate(), generate());
}

#[test]
fn generated_code_keeps_out_what_it_must() {
    for file in generate().into_iter().chain(generate_from(SDK_SPEC)) {
        let path = file.path.display();
        for forbidden in ["#tagKeys", "X-Amz-", "x-amz-"] {
            assert!(
                !file.contents.contains(forbidden),
                "{path} contains {forbidden:?}"
            );
        }
        for code in ["480", "481", "482", "483", "484"] {
            assert!(!file.contents.contains(code), "{path} mentions {code}");
        }
    }
}

/// Members whose Rust names collide (`generator/tests/fixtures/synthetic/collisions.yaml`, like
/// API Gateway's `PutIntegration`): the later one is numbered everywhere it is named, keeps its
/// wire name on the wire, and says so in its docs.
#[test]
fn colliding_member_names_are_numbered_and_documented() {
    let files = generate_from("generator/tests/fixtures/synthetic/collisions.yaml");
    let op = files
        .iter()
        .find(|f| f.path == Path::new("src/operation/put_integration.rs"))
        .expect("the operation's file");
    let note = "/// Carries the JSON member `httpMethod`. Its plain Rust name, `http_method`, \
                belongs to a member before it in this structure (the first member keeps a \
                name, later ones are numbered).";
    for expected in [
        "pub http_method: String,",
        "pub http_method_2: Option<String>,",
        "pub fn set_http_method_2(mut self, input: Option<String>) -> Self {",
        "pub fn get_http_method_2(&self) -> &Option<String> {",
        "pub set_x_2: Option<i32>,",
        "pub default_value_2: Option<bool>,",
        note,
        // The body is written and read under the wire names.
        "object.optional(\"httpMethod\", &self.http_method_2);",
        "\"http_method\" => http_method_2 = reader.optional()?,",
        "/// Its plain Rust name, `e_tag`, belongs to a member before it in this structure (the \
         first member keeps a name, later ones are numbered).\n    ///\n    /// Carried in the \
         `ETag` HTTP header.",
    ] {
        assert!(
            op.contents.contains(expected),
            "put_integration.rs lacks {expected:?}"
        );
    }
    assert_eq!(
        op.contents.matches(note).count(),
        8,
        "field, getter, 3 builder and 3 fluent methods"
    );
}

/// Streamed payloads (`generator/tests/fixtures/synthetic/streaming.yaml`): the operation
/// whose output streams its payload next to headers, a secret header and the status code, as
/// generated (a `ByteStream` field, no `Clone`/`PartialEq`, `invoke_streaming`), and the input
/// side, whose streamed payload stays a `Blob` sent whole.
#[test]
fn snapshots_of_streamed_payloads() {
    let files = generate_from("generator/tests/fixtures/synthetic/streaming.yaml");
    for path in ["src/operation/get_object.rs", "src/operation/put_object.rs"] {
        let file = files
            .iter()
            .find(|f| f.path == Path::new(path))
            .expect("the operation's file");
        let name = format!("streaming__{}", path.replace('/', "__"));
        insta::assert_snapshot!(name, file.contents);
    }
}
