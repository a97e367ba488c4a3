//! Writing generated files into a crate, or checking that the crate is up to date.
//!
//! A file is *generated* iff its first line starts with one of [`GENERATED_MARKERS`]; only those are ever
//! overwritten or deleted. Hand-written files (the runtime) never start that way.

use crate::emit::{GeneratedFile, GENERATED_MARKER, GENERATED_MARKERS};
use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// How a crate on disk differs from the generator's output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// The file exists but its contents differ.
    Stale(PathBuf),
    /// The file is not on disk.
    Missing(PathBuf),
    /// A generated file on disk that the generator no longer produces.
    Extra(PathBuf),
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Stale(p) => write!(f, "stale:   {}", p.display()),
            Difference::Missing(p) => write!(f, "missing: {}", p.display()),
            Difference::Extra(p) => write!(f, "extra:   {}", p.display()),
        }
    }
}

/// What [`write()`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or rewritten (contents changed).
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Generated files deleted because they are no longer produced.
    pub deleted: Vec<PathBuf>,
}

/// Compares `files` with the crate at `root`, touching nothing. Empty means fresh.
pub fn check(root: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Difference>> {
    let mut differences = Vec::new();
    for file in files {
        match fs::read_to_string(root.join(&file.path)) {
            Ok(current) if current == file.contents => {}
            Ok(_) => differences.push(Difference::Stale(file.path.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                differences.push(Difference::Missing(file.path.clone()))
            }
            Err(e) => return Err(with_path(e, &root.join(&file.path))),
        }
    }
    for extra in extra_files(root, files)? {
        differences.push(Difference::Extra(extra));
    }
    differences.sort();
    Ok(differences)
}

/// Writes the files of `files` whose contents changed and deletes generated files no longer
/// produced.
pub fn write(root: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    for file in files {
        let path = root.join(&file.path);
        match fs::read_to_string(&path) {
            Ok(current) if current == file.contents => {
                report.unchanged += 1;
                continue;
            }
            Ok(current) if !is_generated(&current) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{}: refusing to overwrite a hand-written file",
                        path.display()
                    ),
                ));
            }
            _ => {}
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
        }
        fs::write(&path, &file.contents).map_err(|e| with_path(e, &path))?;
        report.written.push(file.path.clone());
    }
    for extra in extra_files(root, files)? {
        let path = root.join(&extra);
        fs::remove_file(&path).map_err(|e| with_path(e, &path))?;
        report.deleted.push(extra);
    }
    Ok(report)
}

/// Whether `contents` is a generated file.
pub fn is_generated(contents: &str) -> bool {
    GENERATED_MARKERS.iter().any(|m| contents.starts_with(m))
}

/// Generated files under `root/src` and `root/tests` that `files` does not contain, relative to `root`, sorted.
fn extra_files(root: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let produced: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut found = Vec::new();
    collect_generated(root, Path::new("src"), &mut found)?;
    collect_generated(root, Path::new("tests"), &mut found)?;
    found.retain(|p| !produced.contains(p.as_path()));
    found.sort();
    Ok(found)
}

/// Adds the generated `.rs` files under `root/dir` (recursively) to `out`.
fn collect_generated(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let full = root.join(dir);
    let entries = match fs::read_dir(&full) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(with_path(e, &full)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| with_path(e, &full))?;
        let relative = dir.join(entry.file_name());
        let kind = entry.file_type().map_err(|e| with_path(e, &entry.path()))?;
        if kind.is_dir() {
            collect_generated(root, &relative, out)?;
        } else if kind.is_file()
            && relative.extension().is_some_and(|e| e == "rs")
            && starts_generated(&entry.path())?
        {
            out.push(relative);
        }
    }
    Ok(())
}

/// Whether the file at `path` starts with the marker (reads only its beginning).
fn starts_generated(path: &Path) -> io::Result<bool> {
    use std::io::Read;
    let mut start = [0u8; GENERATED_MARKER.len()];
    let mut file = fs::File::open(path).map_err(|e| with_path(e, path))?;
    let mut read = 0;
    while read < start.len() {
        match file
            .read(&mut start[read..])
            .map_err(|e| with_path(e, path))?
        {
            0 => return Ok(false),
            n => read += n,
        }
    }
    Ok(start == *GENERATED_MARKER.as_bytes())
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn writes_checks_and_deletes() {
        let root =
            std::env::temp_dir().join(format!("generator-write-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("src/runtime")).unwrap();
        fs::write(root.join("src/runtime/mod.rs"), "//! hand-written\n").unwrap();
        fs::write(
            root.join("src/old.rs"),
            format!("{GENERATED_MARKER} x\nold\n"),
        )
        .unwrap();

        let files = vec![
            file("src/lib.rs", &format!("{GENERATED_MARKER} x\nlib\n")),
            file("src/a/b.rs", &format!("{GENERATED_MARKER} x\nb\n")),
        ];
        let diff = check(&root, &files).unwrap();
        assert_eq!(
            diff,
            vec![
                Difference::Missing("src/a/b.rs".into()),
                Difference::Missing("src/lib.rs".into()),
                Difference::Extra("src/old.rs".into()),
            ]
        );
        let report = write(&root, &files).unwrap();
        assert_eq!(report.written.len(), 2);
        assert_eq!(report.deleted, vec![PathBuf::from("src/old.rs")]);
        assert!(check(&root, &files).unwrap().is_empty());
        assert!(root.join("src/runtime/mod.rs").exists());

        let again = write(&root, &files).unwrap();
        assert!(again.written.is_empty() && again.deleted.is_empty());
        assert_eq!(again.unchanged, 2);

        let changed = vec![
            file("src/lib.rs", &format!("{GENERATED_MARKER} x\nnew\n")),
            files[1].clone(),
        ];
        assert_eq!(
            check(&root, &changed).unwrap(),
            vec![Difference::Stale("src/lib.rs".into())]
        );

        // Hand-written files are never overwritten.
        let clash = vec![file(
            "src/runtime/mod.rs",
            &format!("{GENERATED_MARKER} x\n"),
        )];
        assert!(write(&root, &clash).is_err());
        fs::remove_dir_all(&root).unwrap();
    }
}
