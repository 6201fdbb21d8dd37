//! `rxguard scan`: walks the paths, extracts the regexes of each source file
//! (`rxguard-scan`), and feeds them to the analysis pipeline as items with their origin.

use crate::args::Check;
use crate::input::{Item, Origin};
use crate::output::Summary;
use crate::pipeline;

pub fn run(check: &Check, paths: &[std::path::PathBuf]) -> std::io::Result<Summary> {
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
        for entry in rxguard_scan::walk(paths) {
            let file = match entry {
                Ok(file) => file,
                Err(skipped) => {
                    pipeline.file_skipped(&skipped.path, &skipped.reason);
                    continue;
                }
            };
            let source = match rxguard_scan::read_source(&file.path) {
                Ok(bytes) => bytes,
                Err(skipped) => {
                    pipeline.file_skipped(&skipped.path, &skipped.reason);
                    continue;
                }
            };
            let found = match rxguard_scan::extract(file.language, &source) {
                Ok(found) => found,
                Err(e) => {
                    pipeline.file_skipped(&file.path, &e.to_string());
                    continue;
                }
            };
            pipeline.file_scanned();
            let path = display_path(&file.path);
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
    })
}

/// The path as records show it: without a leading `./`.
fn display_path(path: &std::path::Path) -> String {
    let p = path.strip_prefix(".").unwrap_or(path);
    p.display().to_string()
}
