//! The analysis pipeline shared by `check` and `scan`: items go in, in order; they are
//! analyzed in parallel batches (rayon) and their records come out in the same order
//! through the chosen format. Batches keep memory bounded on endless input.

use crate::args::Check;
use crate::input::Item;
use crate::output::{self, Printer, Record, Summary};
use crate::progress::Progress;
use std::io::Write;

/// Patterns analyzed in parallel at a time: enough to keep the threads busy, few enough
/// that memory stays bounded on endless input.
const BATCH: usize = 512;

/// A running analysis.
pub struct Pipeline<'a> {
    check: &'a Check,
    pool: rayon::ThreadPool,
    printer: Printer<'a>,
    batch: Vec<(u64, Item)>,
    index: u64,
    progress: Progress,
}

/// Runs `produce`, which pushes items, and returns the run's summary.
pub fn run(
    check: &Check,
    produce: impl FnOnce(&mut Pipeline<'_>) -> std::io::Result<()>,
) -> std::io::Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(check.threads)
        .build()
        .map_err(|e| std::io::Error::other(format!("thread pool: {e}")))?;
    let mut out = open_output(check.reporting.output.as_deref())?;
    let summary = {
        let mut pipeline = Pipeline {
            check,
            pool,
            printer: Printer::new(&check.reporting, &mut *out),
            batch: Vec::with_capacity(BATCH),
            index: 0,
            progress: Progress::start(check.reporting.quiet),
        };
        pipeline.printer.begin()?;
        produce(&mut pipeline)?;
        pipeline.flush()?;
        pipeline.progress.finish();
        pipeline.printer.finish()?;
        pipeline.printer.summary
    };
    out.flush()?;
    Ok(summary)
}

/// Where output goes: `--output FILE` or standard output.
fn open_output(path: Option<&std::path::Path>) -> std::io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => {
            let f = std::fs::File::create(p)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
            Box::new(std::io::BufWriter::new(f))
        }
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

impl Pipeline<'_> {
    /// Queues one item; analyzes and prints a batch when it is full.
    pub fn push(&mut self, item: Item) -> std::io::Result<()> {
        self.batch.push((self.index, item));
        self.index += 1;
        if self.batch.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Runs `f` on the pipeline's thread pool (also used to parse files in `scan`).
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }

    /// Counts a scanned file.
    pub fn file_scanned(&mut self) {
        *self.printer.summary.files.get_or_insert(0) += 1;
    }

    /// Counts and reports (on standard error, unless quiet) a file that was not scanned.
    pub fn file_skipped(&mut self, path: &std::path::Path, reason: &str) {
        *self.printer.summary.files_skipped.get_or_insert(0) += 1;
        if !self.check.reporting.quiet {
            self.progress
                .suspend(|| eprintln!("rxguard: skipped {}: {reason}", path.display()));
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        use rayon::prelude::*;
        let items = std::mem::take(&mut self.batch);
        let (check, progress) = (self.check, &self.progress);
        let records: Vec<Record> = self.pool.install(|| {
            items
                .into_par_iter()
                .map(|(i, item)| {
                    let rec = output::analyze_item(i, item, check);
                    progress.inc();
                    rec
                })
                .collect()
        });
        let printer = &mut self.printer;
        progress.suspend(|| records.iter().try_for_each(|rec| printer.record(rec)))?;
        let s = &printer.summary;
        progress.message(format!(
            "{} vulnerable, {} unknown",
            s.vulnerable, s.unknown
        ));
        Ok(())
    }
}
