//! Workspace tasks. `cargo xtask codegen [--check] [--out DIR]`.
//!
//! `codegen` generates the SDK crate from the vendored OpenAPI document into `generated-sdk/`,
//! writing only files whose contents changed and deleting generated files no longer produced.
//! With `--check` it writes nothing and fails if any generated file is stale, missing or extra.
//! `--out DIR` targets another crate directory (e.g. a scratch copy to compile first);
//! `--spec FILE` reads another document (relative to the workspace root).

use generator::write::{self, Difference};
use generator::Options;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The document, relative to the workspace root (also shown in every generated file's header).
const SPEC: &str = "spec/ivs-realtime/2020-07-14/openapi.yaml";
/// The generated crate, relative to the workspace root.
const CRATE_DIR: &str = "generated-sdk";

const USAGE: &str = "usage: cargo xtask codegen [--check] [--out DIR] [--spec FILE]";

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
}

impl CodegenArgs {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = CodegenArgs {
            check: false,
            out: None,
            spec: None,
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
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(parsed)
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
    let options = Options {
        spec_path: spec_name.to_owned(),
        ..Options::default()
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

    let crate_dir = args.out.clone().unwrap_or_else(|| root.join(CRATE_DIR));
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
