//! The `rxguard` command. It only parses arguments, reads input, calls the facade and
//! prints; every decision about patterns lives in the `rxguard` crate.
//!
//! Exit codes, whatever the output format: 0 when no pattern reaches `--fail-on`, 1 when one
//! does (unless `--exit-zero`), 2 for usage, I/O or internal errors. A closed output pipe
//! (`rxguard check … | head`) ends the run quietly with 0.

#![forbid(unsafe_code)]

mod args;
mod input;
mod matching;
mod output;
mod progress;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cmd = match args::parse() {
        Ok(cmd) => cmd,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cmd {
        args::Command::Check(check) => match run_check(&check) {
            Ok(summary) => check_status(&check.reporting, &summary),
            Err(e) => finish(Err(e)),
        },
        args::Command::Parse(p) => finish(run_parse(&p)),
        args::Command::Match(m) => finish(matching::run(&m)),
    }
}

fn finish(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rxguard: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_parse(p: &args::ParseOnly) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut index = 0u64;
    for source in &p.inputs {
        let reader = input::open(source)?;
        let format = p.input.resolve(source);
        for item in input::Items::new(reader, format, source.name()) {
            let rec = output::parse_item(index, item?, p.flavor, &p.flags);
            serde_json::to_writer(&mut out, &rec)?;
            writeln!(out)?;
            index += 1;
        }
    }
    out.flush()
}

/// Patterns analyzed in parallel at a time: enough to keep the threads busy, few enough
/// that memory stays bounded on endless input.
const BATCH: usize = 512;

/// The exit code of a completed `check`.
fn check_status(reporting: &args::Reporting, summary: &output::Summary) -> ExitCode {
    if summary.internal > 0 {
        eprintln!(
            "rxguard: internal error on {} pattern(s); see their records",
            summary.internal
        );
        ExitCode::from(2)
    } else if summary.failing > 0 && !reporting.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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

fn run_check(check: &args::Check) -> std::io::Result<output::Summary> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(check.threads)
        .build()
        .map_err(|e| std::io::Error::other(format!("thread pool: {e}")))?;
    let mut out = open_output(check.reporting.output.as_deref())?;
    let mut printer = output::Printer::new(&check.reporting, &mut *out);
    printer.begin()?;
    let mut index = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    // Records come out in input order: each batch is analyzed in parallel, then printed.
    let progress = progress::Progress::start(check.reporting.quiet);
    let flush = |batch: &mut Vec<(u64, input::Item)>, printer: &mut output::Printer<'_>| {
        let items = std::mem::take(batch);
        let records: Vec<output::Record> = pool.install(|| {
            items
                .into_par_iter()
                .map(|(i, item)| {
                    let rec = output::analyze_item(i, item, check);
                    progress.inc();
                    rec
                })
                .collect()
        });
        progress.suspend(|| records.iter().try_for_each(|rec| printer.record(rec)))?;
        let s = &printer.summary;
        progress.message(format!(
            "{} vulnerable, {} unknown",
            s.vulnerable, s.unknown
        ));
        Ok::<(), std::io::Error>(())
    };
    for source in &check.inputs {
        let reader = input::open(source)?;
        let format = check.input.resolve(source);
        for item in input::Items::new(reader, format, source.name()) {
            batch.push((index, item?));
            index += 1;
            if batch.len() == BATCH {
                flush(&mut batch, &mut printer)?;
            }
        }
    }
    flush(&mut batch, &mut printer)?;
    progress.finish();
    printer.finish()?;
    let summary = printer.summary;
    out.flush()?;
    Ok(summary)
}
