//! `cargo xtask corpus DIR [--build [--clean]] [--filter SUBSTR] [--work DIR]`: the generator over a
//! directory of OpenAPI documents (e.g. the APIs-guru AWS corpus), one table row per document.
//!
//! Every `*.json` / `*.yaml` / `*.yml` file in `DIR` (not recursive, sorted by name) is generated
//! in-process, exactly as `cargo xtask codegen --spec DOC --out OUT` does. A document the
//! generator rejects is a row with the reason (documents of another protocol, AWS JSON or query,
//! are counted apart as "other protocol"); a panic is a row too, never a crash. Operations the
//! generator leaves out of an accepted crate (event-stream bodies) are named in its row and
//! listed after the totals.
//!
//! With `--build` each accepted crate is written into `WORK/crates/<name>` (the runtime by path,
//! the workspace's `Cargo.lock` as the starting lock file) and built with one shared
//! `CARGO_TARGET_DIR` (`WORK/target`), so the runtime and its dependencies compile once:
//! `cargo check`, `cargo clippy --all-targets -- -D warnings`, `cargo doc --no-deps` with
//! `RUSTDOCFLAGS=-D warnings`, and `cargo test`. The row shows each result and the first error
//! line. `WORK` defaults to `target/corpus` in the workspace. Builds are not incremental
//! (`CARGO_INCREMENTAL=0`: each crate is built once, and incremental state is most of the disk
//! it would take). With `--clean` each crate's own build output is removed after its row
//! (`cargo clean -p`, keeping the shared dependencies): a build of the whole corpus otherwise
//! leaves tens of gigabytes behind.
//!
//! Exits non-zero when any REST-JSON document fails to generate or (with `--build`) any crate
//! fails a step.

use generator::write;
use generator::Options;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Parsed arguments.
pub struct CorpusArgs {
    dir: PathBuf,
    build: bool,
    clean: bool,
    filters: Vec<String>,
    work: Option<PathBuf>,
}

impl CorpusArgs {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut dir = None;
        let mut build = false;
        let mut clean = false;
        let mut filters = Vec::new();
        let mut work = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--build" => build = true,
                "--clean" => clean = true,
                "--filter" => {
                    filters.push(args.next().ok_or("--filter needs a substring")?.clone())
                }
                "--work" => {
                    work = Some(PathBuf::from(
                        args.next().ok_or("--work needs a directory")?,
                    ))
                }
                other if other.starts_with("--") => {
                    return Err(format!("unknown argument `{other}`"))
                }
                other if dir.is_none() => dir = Some(PathBuf::from(other)),
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        if clean && !build {
            return Err("--clean only makes sense with --build".to_owned());
        }
        Ok(CorpusArgs {
            dir: dir.ok_or("corpus needs a directory of documents")?,
            build,
            clean,
            filters,
            work,
        })
    }
}

/// What generation made of one document.
enum Generated {
    /// The crate's files, and the operations left out of it (with why).
    Files(Vec<generator::GeneratedFile>, Vec<(String, String)>),
    /// A document of a protocol the generator does not speak (the reason).
    OtherProtocol(String),
    /// Rejected (the reason), or the generator panicked.
    Rejected(String),
}

/// The outcome of one build step.
#[derive(Clone)]
enum Step {
    Ok,
    Failed(String),
    Skipped,
}

impl Step {
    fn cell(&self) -> &'static str {
        match self {
            Step::Ok => "ok",
            Step::Failed(_) => "FAIL",
            Step::Skipped => "-",
        }
    }
}

/// One row of the table.
struct Row {
    document: String,
    generate: &'static str,
    /// check, clippy, doc, test (with `--build`).
    steps: Vec<Step>,
    note: String,
    /// Operations of the document left out of the crate (event streams).
    omitted: Vec<String>,
}

const STEP_NAMES: [&str; 4] = ["check", "clippy", "doc", "test"];

pub fn corpus(args: &CorpusArgs, root: &Path) -> ExitCode {
    let dir = if args.dir.is_absolute() {
        args.dir.clone()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(&args.dir))
            .unwrap_or_else(|_| args.dir.clone())
    };
    let mut documents: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
            })
            .collect(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    documents.sort();
    let file_name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    if !args.filters.is_empty() {
        documents.retain(|p| {
            args.filters
                .iter()
                .any(|f| file_name(p).contains(f.as_str()))
        });
    }
    if documents.is_empty() {
        eprintln!("error: no *.json or *.yaml document in {}", dir.display());
        return ExitCode::FAILURE;
    }

    let work = args
        .work
        .clone()
        .unwrap_or_else(|| root.join("target/corpus"));
    let work = if work.is_absolute() {
        work
    } else {
        root.join(work)
    };
    let target_dir = work.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let runtime_dependency = format!(
        "{{ path = {:?}, version = \"0.1.0\" }}",
        root.join("runtime").display().to_string()
    );

    let width = documents
        .iter()
        .map(|p| file_name(p).len())
        .max()
        .unwrap_or(8)
        .max(8);
    let header = if args.build {
        format!(
            "{:width$}  {:14}  {:5}  {:6}  {:4}  {:4}  {:>5}  first error",
            "document", "generate", "check", "clippy", "doc", "test", "secs"
        )
    } else {
        format!("{:width$}  {:14}  reason", "document", "generate")
    };
    println!("{header}");

    // Generator panics are rows: keep the default hook from printing them in the table.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));

    let mut rows = Vec::new();
    for path in &documents {
        let name = file_name(path);
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let package = package_name(&stem);
        let spec_path = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let options = Options {
            spec_path,
            crate_name: package.replace('-', "_"),
            package_name: package.clone(),
            standalone: true,
            runtime_dependency: runtime_dependency.clone(),
            ..Options::default()
        };
        let started = Instant::now();
        let generated = generate(path, &options);
        let mut row = Row {
            document: name,
            generate: "",
            steps: Vec::new(),
            note: String::new(),
            omitted: Vec::new(),
        };
        match generated {
            Generated::OtherProtocol(reason) => {
                row.generate = "other protocol";
                row.note = reason;
            }
            Generated::Rejected(reason) => {
                row.generate = "REJECTED";
                row.note = reason;
            }
            Generated::Files(files, omitted) => {
                row.generate = "ok";
                row.omitted = omitted.iter().map(|(name, _)| name.clone()).collect();
                if args.build {
                    let crate_dir = work.join("crates").join(&package);
                    match prepare(&crate_dir, &files, root) {
                        Ok(()) => {
                            row.steps = build(&cargo, &crate_dir, &target_dir);
                            if args.clean {
                                clean(&cargo, &crate_dir, &target_dir, &package);
                            }
                            row.note = row
                                .steps
                                .iter()
                                .zip(STEP_NAMES)
                                .find_map(|(s, n)| match s {
                                    Step::Failed(line) => Some(format!("{n}: {line}")),
                                    _ => None,
                                })
                                .unwrap_or_default();
                        }
                        Err(e) => {
                            row.steps = vec![Step::Failed(e.clone()); 1];
                            row.note = format!("write: {e}");
                        }
                    }
                }
            }
        }
        if !row.omitted.is_empty() {
            let left_out = format!("left out (event stream): {}", row.omitted.join(", "));
            row.note = if row.note.is_empty() {
                left_out
            } else {
                format!("{}; {left_out}", row.note)
            };
        }
        if args.build {
            let cells: Vec<&str> = (0..STEP_NAMES.len())
                .map(|i| row.steps.get(i).map_or("-", Step::cell))
                .collect();
            println!(
                "{:width$}  {:14}  {:5}  {:6}  {:4}  {:4}  {:>5.0}  {}",
                row.document,
                row.generate,
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                started.elapsed().as_secs_f64(),
                row.note
            );
        } else {
            println!("{:width$}  {:14}  {}", row.document, row.generate, row.note);
        }
        rows.push(row);
    }
    panic::set_hook(default_hook);

    // Totals.
    let count = |f: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count();
    let other = count(&|r| r.generate == "other protocol");
    let generated = count(&|r| r.generate == "ok");
    let rejected = count(&|r| r.generate == "REJECTED");
    println!();
    println!(
        "{} documents: {} other protocol (AWS JSON, query, REST-XML), {} REST-JSON: {} generated, {} rejected",
        rows.len(),
        other,
        rows.len() - other,
        generated,
        rejected
    );
    let left_out: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.omitted
                .iter()
                .map(move |op| format!("{}: {op}", r.document))
        })
        .collect();
    if !left_out.is_empty() {
        println!(
            "operations left out of generated crates (event streams, not yet supported): {}",
            left_out.join(", ")
        );
    }
    let mut failed = rejected > 0;
    if args.build {
        let mut totals = Vec::new();
        for (i, step) in STEP_NAMES.iter().enumerate() {
            let ok = count(&|r| matches!(r.steps.get(i), Some(Step::Ok)));
            totals.push(format!("{step} {ok}/{generated}"));
        }
        let all = count(&|r| {
            r.generate == "ok"
                && r.steps.len() == 4
                && r.steps.iter().all(|s| matches!(s, Step::Ok))
        });
        failed |= all < generated;
        println!(
            "built: {}; all four green: {all}/{generated}",
            totals.join(", ")
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `corpus-<stem>` in lower case, every character other than a letter or digit a `-`.
fn package_name(stem: &str) -> String {
    let mut name = String::from("corpus-");
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_owned()
}

/// Runs the generator on one document; errors and panics become values.
fn generate(path: &Path, options: &Options) -> Generated {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return Generated::Rejected(format!("cannot read: {e}")),
    };
    let run = || -> Result<_, generator::Error> {
        let service = generator::load_service(&bytes)?;
        let files = generator::emit::emit(&service, options)?;
        Ok((files, service.omitted_operations))
    };
    match panic::catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok((files, omitted))) => Generated::Files(files, omitted),
        Ok(Err(e)) if generator::aws::is_unsupported_protocol_error(&e) => {
            Generated::OtherProtocol(e.to_string())
        }
        Ok(Err(e)) => Generated::Rejected(e.to_string()),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_owned());
            Generated::Rejected(format!("generator panicked: {message}"))
        }
    }
}

/// Writes the crate (changed files only) and gives it the workspace's lock file if it has none,
/// so every crate resolves to the same dependency versions and shares their builds.
fn prepare(
    crate_dir: &Path,
    files: &[generator::GeneratedFile],
    root: &Path,
) -> Result<(), String> {
    std::fs::create_dir_all(crate_dir)
        .map_err(|e| format!("cannot create {}: {e}", crate_dir.display()))?;
    if write::write(crate_dir, files).is_err() {
        // The scratch crate is the command's own: a file it cannot update (left truncated by an
        // interrupted run, say) is no reason to fail; start the crate afresh.
        std::fs::remove_dir_all(crate_dir)
            .map_err(|e| format!("cannot remove {}: {e}", crate_dir.display()))?;
        std::fs::create_dir_all(crate_dir)
            .map_err(|e| format!("cannot create {}: {e}", crate_dir.display()))?;
        write::write(crate_dir, files).map_err(|e| e.to_string())?;
    }
    let lock = crate_dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    Ok(())
}

/// check, then (if it passed) clippy, doc and test.
fn build(cargo: &str, crate_dir: &Path, target_dir: &Path) -> Vec<Step> {
    let run = |args: &[&str], rustdocflags: Option<&str>| -> Step {
        let mut command = Command::new(cargo);
        command
            .args(args)
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target_dir)
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS");
        match rustdocflags {
            Some(flags) => command.env("RUSTDOCFLAGS", flags),
            None => command.env_remove("RUSTDOCFLAGS"),
        };
        match command.output() {
            Ok(output) if output.status.success() => Step::Ok,
            Ok(output) => Step::Failed(first_error(
                &String::from_utf8_lossy(&output.stderr),
                &String::from_utf8_lossy(&output.stdout),
            )),
            Err(e) => Step::Failed(format!("cannot run {cargo}: {e}")),
        }
    };
    let check = run(&["check", "--quiet"], None);
    if !matches!(check, Step::Ok) {
        return vec![check, Step::Skipped, Step::Skipped, Step::Skipped];
    }
    vec![
        check,
        run(
            &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
            None,
        ),
        run(&["doc", "--quiet", "--no-deps"], Some("-D warnings")),
        run(&["test", "--quiet"], None),
    ]
}

/// Removes the build output of `package` (its library, tests and docs) from the shared target
/// directory; the dependencies stay. Failures only cost disk space, so they are ignored.
fn clean(cargo: &str, crate_dir: &Path, target_dir: &Path, package: &str) {
    let _ = Command::new(cargo)
        .args(["clean", "--quiet", "-p", package])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .output();
    let _ = std::fs::remove_dir_all(target_dir.join("doc").join(package.replace('-', "_")));
}

/// The first `error` line of a cargo run (with the location line after it), else the first
/// failed test or panic, else the last line.
fn first_error(stderr: &str, stdout: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.starts_with("error")) {
        let location = lines
            .get(i + 1)
            .map(|l| l.trim())
            .filter(|l| l.starts_with("-->"))
            .map(|l| format!(" {l}"))
            .unwrap_or_default();
        return format!("{}{location}", lines[i]);
    }
    let all = || stdout.lines().chain(stderr.lines());
    all()
        .find(|l| l.contains("panicked at") || l.ends_with("FAILED"))
        .or_else(|| all().rfind(|l| !l.trim().is_empty()))
        .unwrap_or("(no output)")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(package_name("AWSMigrationHub"), "corpus-awsmigrationhub");
        assert_eq!(package_name("ivs-realtime"), "corpus-ivs-realtime");
        assert_eq!(
            package_name("runtime.sagemaker"),
            "corpus-runtime-sagemaker"
        );
    }

    #[test]
    fn first_error_line() {
        let stderr = "warning: x\nerror[E0425]: cannot find value\n  --> src/lib.rs:1:2\n";
        assert_eq!(
            first_error(stderr, ""),
            "error[E0425]: cannot find value --> src/lib.rs:1:2"
        );
        assert_eq!(
            first_error("", "test a ... ok\ntest b ... FAILED\n"),
            "test b ... FAILED"
        );
    }
}
