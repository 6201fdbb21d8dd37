//! The `rxguard` command. It only parses arguments, reads input, calls the facade and
//! prints; every decision about patterns lives in the `rxguard` crate.
//!
//! Exit codes: 0 when the run completed, 2 for usage, I/O or internal errors. (A non-zero
//! code for vulnerable patterns, `--fail-on`, arrives with the analysis.)

#![forbid(unsafe_code)]

mod args;
mod input;
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

fn run_check(check: &args::Check) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printer = output::Printer::new(check.format, &mut out);
    printer.begin()?;
    let mut index = 0u64;
    for source in &check.inputs {
        let reader = input::open(source)?;
        let format = check.input.resolve(source);
        for item in input::Items::new(reader, format) {
            let item = item?;
            let rec = output::analyze_item(index, item, check);
            printer.record(&rec)?;
            index += 1;
        }
    }
    printer.finish()?;
    out.flush()
}
