//! `rxguard scan`: walks the paths, extracts the regexes of each source file
//! (`rxguard-scan`, files parsed in parallel), and feeds them to the analysis pipeline as
//! items with their origin, in walk order.

use crate::args::Check;
use crate::input::{Item, Origin};
use crate::output::Summary;
use crate::pipeline::{self, Pipeline};
use rxguard_scan::{Found, Skipped, SourceFile};
use std::path::{Path, PathBuf};

/// Files parsed in parallel at a time.
const FILE_BATCH: usize = 64;

pub fn run(check: &Check, paths: &[PathBuf]) -> std::io::Result<Summary> {
    // A path the user named that does not exist is a usage error, not a skipped file.
    for p in paths {
        if let Err(e) = std::fs::symlink_metadata(p) {
            return Err(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", p.display()),
            ));
        }
    }
    pipeline::run(check, |pipeline| {
        let mut batch: Vec<Result<SourceFile, Skipped>> = Vec::with_capacity(FILE_BATCH);
        for entry in rxguard_scan::walk(paths) {
            batch.push(entry);
            if batch.len() == FILE_BATCH {
                extract_batch(std::mem::take(&mut batch), pipeline)?;
            }
        }
        extract_batch(batch, pipeline)
    })
}

/// Extracts a batch of files in parallel, then pushes their regexes in order.
fn extract_batch(
    batch: Vec<Result<SourceFile, Skipped>>,
    pipeline: &mut Pipeline<'_>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let results: Vec<Result<(PathBuf, Vec<Found>), Skipped>> = pipeline.install(|| {
        batch
            .into_par_iter()
            .map(|entry| {
                let file = entry?;
                let source = rxguard_scan::read_source(&file.path)?;
                let found = rxguard_scan::extract(file.language, &source).map_err(|e| Skipped {
                    path: file.path.clone(),
                    reason: e.to_string(),
                })?;
                Ok((file.path, found))
            })
            .collect()
    });
    for result in results {
        let (path, found) = match result {
            Ok(ok) => ok,
            Err(skipped) => {
                pipeline.file_skipped(&skipped.path, &skipped.reason);
                continue;
            }
        };
        pipeline.file_scanned();
        let path = display_path(&path);
        for f in found {
            pipeline.push(Item {
                pattern: f.pattern,
                flavor: Some(f.flavor.to_string()),
                flags: Some(f.flags),
                mode: Some(f.mode.to_string()),
                id: None,
                origin: Origin {
                    path: path.clone(),
                    line: f.line,
                    column: Some(f.column),
                },
                problem: f.problem,
                notes: f.notes,
            })?;
        }
    }
    Ok(())
}

/// The path as records show it: without a leading `./`.
fn display_path(path: &Path) -> String {
    let p = path.strip_prefix(".").unwrap_or(path);
    p.display().to_string()
}
