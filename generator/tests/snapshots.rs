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
