//! The `rxguard` command. It only parses arguments, reads input, calls the facade and
//! prints; every decision about patterns lives in the `rxguard` crate.
//!
//! Exit codes: 0 when the run completed, 2 for usage, I/O or internal errors. (A non-zero
//! code for vulnerable patterns, `--fail-on`, arrives with the analysis.)

#![forbid(unsafe_code)]

mod args;
mod input;
mod matching;
mod output;

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
        args::Command::Check(check) => finish(run_check(&check)),
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
        for item in input::Items::new(reader, format) {
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

fn run_check(check: &args::Check) -> std::io::Result<()> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(check.threads)
        .build()
        .map_err(|e| std::io::Error::other(format!("thread pool: {e}")))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printer = output::Printer::new(check.format, &mut out);
    printer.begin()?;
    let mut index = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    // Records come out in input order: each batch is analyzed in parallel, then printed.
    let flush = |batch: &mut Vec<(u64, input::Item)>, printer: &mut output::Printer<'_, _>| {
        let items = std::mem::take(batch);
        let records: Vec<output::Record> = pool.install(|| {
            items
                .into_par_iter()
                .map(|(i, item)| output::analyze_item(i, item, check))
                .collect()
        });
        records.iter().try_for_each(|rec| printer.record(rec))
    };
    for source in &check.inputs {
        let reader = input::open(source)?;
        let format = check.input.resolve(source);
        for item in input::Items::new(reader, format) {
            batch.push((index, item?));
            index += 1;
            if batch.len() == BATCH {
                flush(&mut batch, &mut printer)?;
            }
        }
    }
    flush(&mut batch, &mut printer)?;
    printer.finish()?;
    out.flush()
}
