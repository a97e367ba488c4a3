//! The last formatting pass: `rustfmt`, so generated files are exactly what `cargo fmt` keeps.
//!
//! prettyplease output is close to rustfmt's but not identical (line breaking of signatures and
//! match arms, `use` ordering); CI runs `cargo fmt --all --check` over the generated crate too.

use super::{EmitError, GeneratedFile};
use std::io::Write;
use std::process::{Command, Stdio};

/// Formats every file in place, running one `rustfmt` per file in parallel.
pub(crate) fn format_all(files: &mut [GeneratedFile]) -> Result<(), EmitError> {
    let results: Vec<Result<String, EmitError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|file| {
                scope.spawn(move || format(&file.contents, &file.path.display().to_string()))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(EmitError::Rustfmt {
                        path: String::new(),
                        message: "formatting thread panicked".to_owned(),
                    })
                })
            })
            .collect()
    });
    for (file, result) in files.iter_mut().zip(results) {
        file.contents = result?;
    }
    Ok(())
}

/// `code` formatted by `rustfmt --edition 2021` (read from stdin, written to stdout).
fn format(code: &str, path: &str) -> Result<String, EmitError> {
    let error = |message: String| EmitError::Rustfmt {
        path: path.to_owned(),
        message,
    };
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(&program)
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            error(format!(
                "cannot run {program:?} ({e}); install it with `rustup component add rustfmt`"
            ))
        })?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| error("no stdin".to_owned()))?;
    let input = code.to_owned();
    // Write from another thread so a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| error(e.to_string()))?;
    match writer.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(error(format!("writing to rustfmt: {e}"))),
        Err(_) => return Err(error("writing thread panicked".to_owned())),
    }
    if !output.status.success() {
        return Err(error(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| error(format!("output is not UTF-8: {e}")))
}
