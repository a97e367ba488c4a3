//! Workspace tasks: `cargo xtask codegen [--check] [--out DIR] [--spec FILE]`,
//! `cargo xtask import [--check] [--model DIR] [--out FILE]` and
//! `cargo xtask corpus DIR [--build [--clean]] [--filter SUBSTR] [--work DIR]`.
//!
//! `codegen` generates the SDK crate from the vendored OpenAPI document into `generated-sdk/`,
//! writing only files whose contents changed and deleting generated files no longer produced.
//! With `--check` it writes nothing and fails if any generated file is stale, missing or extra.
//! `--out DIR` writes a complete crate (`Cargo.toml`, `README.md`, `src/`, `tests/`) into another
//! directory, which builds on its own wherever it is (an empty `[workspace]` keeps it out of any
//! enclosing workspace); the runtime is found by absolute path, or by version with
//! `--runtime-version VERSION`. `--spec FILE` reads another document (relative to the workspace
//! root).
//!
//! `import` converts an AWS service model (botocore's `service-2.json[.gz]`, `paginators-1.json`
//! and `endpoints.json[.gz]`, in one directory with a `SOURCE` file saying where they came from)
//! into an OpenAPI document in the APIs-guru form (see `generator::import`). Without arguments it
//! re-imports the committed model of the SDK's document; `--check` fails if the committed
//! document differs from what the importer writes.
//!
//! `corpus` runs the generator over every document of a directory (e.g. the APIs-guru AWS
//! corpus) and, with `--build`, checks, lints, documents and tests each crate (see [`corpus`]).

mod corpus;

use generator::write::{self, Difference};
use generator::Options;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The document the SDK is generated from, relative to the workspace root (also shown in every
/// generated file's header): imported by `cargo xtask import` from [`MODEL_DIR`].
const SPEC: &str = "spec/ivs-realtime/2020-07-14/openapi.aws-model.json";
/// The AWS model `SPEC` is imported from.
const MODEL_DIR: &str = "spec/ivs-realtime/2020-07-14/aws-model";
/// The generated crate, relative to the workspace root.
const CRATE_DIR: &str = "generated-sdk";

/// Dev-dependencies of `generated-sdk`'s hand-written tests and examples (the generated tests
/// need only Tokio): written into its generated `Cargo.toml`.
const SDK_DEV_DEPENDENCIES: &[(&str, &str)] = &[
    ("ring", r#""0.17""#),
    ("serde_json", r#""1""#),
    (
        "tokio",
        r#"{ version = "1", features = ["macros", "rt-multi-thread", "io-util", "sync"] }"#,
    ),
    (
        "tracing",
        r#"{ version = "0.1", default-features = false, features = ["std"] }"#,
    ),
    (
        "tracing-subscriber",
        r#"{ version = "0.3", default-features = false, features = ["fmt", "std"] }"#,
    ),
];

const USAGE: &str = "usage: cargo xtask codegen [--check] [--out DIR [--runtime-version VERSION]] [--spec FILE]\n       cargo xtask import [--check] [--model DIR] [--out FILE]\n       cargo xtask corpus DIR [--build [--clean]] [--filter SUBSTR] [--work DIR]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((task, rest)) if task == "codegen" => match CodegenArgs::parse(rest) {
            Ok(args) => codegen(&args),
            Err(message) => {
                eprintln!("error: {message}\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some((task, rest)) if task == "import" => match ImportArgs::parse(rest) {
            Ok(args) => import(&args),
            Err(message) => {
                eprintln!("error: {message}\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some((task, rest)) if task == "corpus" => match corpus::CorpusArgs::parse(rest) {
            Ok(args) => corpus::corpus(&args, &workspace_root()),
            Err(message) => {
                eprintln!("error: {message}\n{USAGE}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

struct CodegenArgs {
    check: bool,
    out: Option<PathBuf>,
    spec: Option<String>,
    runtime_version: Option<String>,
}

impl CodegenArgs {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = CodegenArgs {
            check: false,
            out: None,
            spec: None,
            runtime_version: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--check" => parsed.check = true,
                "--out" => {
                    let dir = args.next().ok_or("--out needs a directory")?;
                    parsed.out = Some(PathBuf::from(dir));
                }
                "--spec" => {
                    let file = args.next().ok_or("--spec needs a file")?;
                    parsed.spec = Some(file.clone());
                }
                "--runtime-version" => {
                    let version = args.next().ok_or("--runtime-version needs a version")?;
                    parsed.runtime_version = Some(version.clone());
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(parsed)
    }
}

/// The options `generated-sdk` is generated with.
fn sdk_options() -> Options {
    Options {
        spec_path: SPEC.to_owned(),
        extra_dev_dependencies: SDK_DEV_DEPENDENCIES
            .iter()
            .map(|(name, spec)| ((*name).to_owned(), (*spec).to_owned()))
            .collect(),
        ..Options::default()
    }
}

/// The workspace root (this package's parent directory).
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

fn codegen(args: &CodegenArgs) -> ExitCode {
    let root = workspace_root();
    let spec_name = args.spec.as_deref().unwrap_or(SPEC);
    let spec_path = root.join(spec_name);
    let spec = match std::fs::read(&spec_path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", spec_path.display());
            return ExitCode::FAILURE;
        }
    };
    let crate_dir = args.out.clone().unwrap_or_else(|| root.join(CRATE_DIR));
    let options = if args.out.is_none() {
        Options {
            spec_path: spec_name.to_owned(),
            ..sdk_options()
        }
    } else {
        let runtime_dependency = match &args.runtime_version {
            Some(version) => format!("{version:?}"),
            None => format!(
                "{{ path = {:?}, version = \"0.1.0\" }}",
                root.join("runtime").display().to_string()
            ),
        };
        Options {
            spec_path: spec_name.to_owned(),
            standalone: true,
            runtime_dependency,
            ..Options::default()
        }
    };

    let started = Instant::now();
    let files = match generator::generate(&spec, &options) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {spec_name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();

    if args.check {
        return match write::check(&crate_dir, &files) {
            Ok(differences) if differences.is_empty() => {
                println!(
                    "{} generated files are up to date ({})",
                    files.len(),
                    crate_dir.display()
                );
                ExitCode::SUCCESS
            }
            Ok(differences) => {
                eprintln!(
                    "generated files are out of date in {}:",
                    crate_dir.display()
                );
                for difference in &differences {
                    eprintln!("  {difference}");
                }
                let stale = differences
                    .iter()
                    .filter(|d| matches!(d, Difference::Stale(_)))
                    .count();
                eprintln!(
                    "{} stale, {} missing, {} extra: run `cargo xtask codegen`",
                    stale,
                    differences
                        .iter()
                        .filter(|d| matches!(d, Difference::Missing(_)))
                        .count(),
                    differences
                        .iter()
                        .filter(|d| matches!(d, Difference::Extra(_)))
                        .count(),
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match write::write(&crate_dir, &files) {
        Ok(report) => {
            for path in &report.written {
                println!("wrote   {}", path.display());
            }
            for path in &report.deleted {
                println!("deleted {}", path.display());
            }
            println!(
                "generated {} files into {} in {:.1} ms (load → emit); {} written, {} unchanged, {} deleted",
                files.len(),
                crate_dir.display(),
                elapsed.as_secs_f64() * 1000.0,
                report.written.len(),
                report.unchanged,
                report.deleted.len(),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

struct ImportArgs {
    check: bool,
    model: String,
    out: String,
}

impl ImportArgs {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = ImportArgs {
            check: false,
            model: MODEL_DIR.to_owned(),
            out: SPEC.to_owned(),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--check" => parsed.check = true,
                "--model" => parsed.model = args.next().ok_or("--model needs a directory")?.clone(),
                "--out" => parsed.out = args.next().ok_or("--out needs a file")?.clone(),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(parsed)
    }
}

/// Reads `dir/name`, or `dir/name.gz` decompressed; `None` if neither exists.
/// Returns the text and the SHA-256 of the bytes as stored.
fn read_model_file(dir: &Path, name: &str) -> Result<Option<(String, String)>, String> {
    use std::io::Read;
    let plain = dir.join(name);
    let gz = dir.join(format!("{name}.gz"));
    let (path, bytes) = match std::fs::read(&plain) {
        Ok(bytes) => (plain, bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::read(&gz) {
            Ok(bytes) => (gz, bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", gz.display())),
        },
        Err(e) => return Err(format!("cannot read {}: {e}", plain.display())),
    };
    let sha256 = ring::digest::digest(&ring::digest::SHA256, &bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let text = if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot decompress {}: {e}", path.display()))?;
        text
    } else {
        String::from_utf8(bytes).map_err(|e| format!("{} is not UTF-8: {e}", path.display()))?
    };
    Ok(Some((text, sha256)))
}

fn import(args: &ImportArgs) -> ExitCode {
    match run_import(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_import(args: &ImportArgs) -> Result<ExitCode, String> {
    let root = workspace_root();
    let dir = root.join(&args.model);
    let required = |name: &str| {
        read_model_file(&dir, name)?
            .ok_or_else(|| format!("{} has no {name} (or {name}.gz)", dir.display()))
    };
    let (service, sha256) = required("service-2.json")?;
    let (endpoints, _) = required("endpoints.json")?;
    let paginators = read_model_file(&dir, "paginators-1.json")?.map(|(text, _)| text);
    let source_file = dir.join("SOURCE");
    let origin = std::fs::read_to_string(&source_file)
        .map_err(|e| format!("cannot read {}: {e}", source_file.display()))?;
    let source = generator::import::Source {
        description: origin.trim().to_owned(),
        sha256,
    };
    let files = generator::import::ModelFiles {
        service: &service,
        paginators: paginators.as_deref(),
        endpoints: &endpoints,
    };
    let document =
        generator::import::import(files, &source).map_err(|e| format!("{}: {e}", args.model))?;
    let out = root.join(&args.out);
    if args.check {
        let committed = std::fs::read_to_string(&out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if committed != document {
            eprintln!(
                "{} is not what `cargo xtask import` writes from {}: run `cargo xtask import`",
                args.out, args.model
            );
            return Ok(ExitCode::FAILURE);
        }
        println!("{} is up to date with {}", args.out, args.model);
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::write(&out, &document).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "imported {} into {} ({} bytes)",
        args.model,
        args.out,
        document.len()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_sdk_is_what_the_generator_writes() {
        let root = workspace_root();
        let spec = std::fs::read(root.join(SPEC)).expect("the SDK's document");
        let files = generator::generate(&spec, &sdk_options()).expect("generation");
        let differences = write::check(&root.join(CRATE_DIR), &files).expect("readable");
        let report: Vec<String> = differences.iter().map(Difference::to_string).collect();
        assert!(
            differences.is_empty(),
            "generated-sdk is out of date, run `cargo xtask codegen`:\n{}",
            report.join("\n")
        );
    }
}
