//! Walking source trees: the `ignore` crate (ripgrep's walker) honours `.gitignore`,
//! `.ignore` and global git excludes — also outside a git repository — and skips hidden
//! files; entries come sorted by name so a scan's output is the same on every run. Files
//! are read whole, but only when they are plausible source: binary files (a NUL byte near
//! the start) and files over [`MAX_FILE_BYTES`] are skipped with the reason.

use crate::Language;
use std::path::{Path, PathBuf};

/// Largest file scanned (generated bundles beyond this are not hand-written regexes).
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// A file to scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub language: Language,
}

/// Why a file or directory was not scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The source files under `roots` (files given directly are scanned even when ignored,
/// if their language is known), or why an entry was skipped.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<SourceFile, Skipped>> {
    let mut builder = ignore::WalkBuilder::new(roots.first().map_or(Path::new("."), |p| p));
    for root in roots.iter().skip(1) {
        builder.add(root);
    }
    builder
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    builder.build().filter_map(|entry| match entry {
        Err(e) => Some(Err(Skipped {
            path: error_path(&e).unwrap_or_default(),
            reason: e.to_string(),
        })),
        Ok(entry) => {
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if !is_file {
                return None;
            }
            let given = entry.depth() == 0;
            let path = entry.into_path();
            match Language::from_path(&path) {
                Some(language) => Some(Ok(SourceFile { path, language })),
                // A file named on the command line is reported; others are just not source.
                None if given => Some(Err(Skipped {
                    path,
                    reason: "not a JavaScript, TypeScript, Python or Java file (by its extension)"
                        .into(),
                })),
                None => None,
            }
        }
    })
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// Reads a source file, unless it is too large or binary.
pub fn read_source(path: &Path) -> Result<Vec<u8>, Skipped> {
    let skipped = |reason: String| Skipped {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| skipped(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(skipped(format!(
            "{} bytes, over the {} MiB limit for source files",
            meta.len(),
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| skipped(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(skipped("grew over the size limit while being read".into()));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(skipped("binary file (NUL byte)".into()));
    }
    Ok(bytes)
}
