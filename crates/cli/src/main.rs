//! The `rxguard` command. It only parses arguments, reads input, calls the facade and
//! prints; every decision about patterns lives in the `rxguard` crate.
//!
//! Exit codes, whatever the output format: 0 when no pattern reaches `--fail-on`, 1 when one
//! does (unless `--exit-zero`), 2 for usage, I/O or internal errors. A closed output pipe
//! (`rxguard check … | head`) ends the run quietly with 0.

#![forbid(unsafe_code)]

mod args;
mod confirm;
mod explain;
mod input;
mod matching;
mod output;
mod pipeline;
mod progress;
mod scanning;

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
        args::Command::Scan(settings, paths) => match scanning::run(&settings, &paths) {
            Ok(summary) => check_status(&settings.reporting, &summary),
            Err(e) => finish(Err(e)),
        },
        args::Command::Parse(p) => finish(run_parse(&p)),
        args::Command::Explain(e) => match explain::run(&e) {
            Ok(r) if r.status == rxguard::Status::Vulnerable => ExitCode::from(1),
            Ok(_) => ExitCode::SUCCESS,
            Err(err) => finish(Err(err)),
        },
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

fn run_check(check: &args::Check) -> std::io::Result<output::Summary> {
    pipeline::run(check, |pipeline| {
        for source in &check.inputs {
            let reader = input::open(source)?;
            let format = check.input.resolve(source);
            for item in input::Items::new(reader, format, source.name()) {
                pipeline.push(item?)?;
            }
        }
        Ok(())
    })
}
