//! Reporting results: the record of each pattern ([`record`]) and the formats it is
//! written in (`jsonl`, `json`, [`text`], [`sarif`], [`github`]).
//!
//! # The JSON contract (schema version 1)
//!
//! `--format jsonl` prints one result record per input pattern, in input order, then one
//! summary line. A result record:
//!
//! ```json
//! {"type": "result", "index": 0, "id": null, "pattern": "(a+", "flavor": "python",
//!  "flags": "", "mode": "search", "origin": {"path": "list.txt", "line": 1, "column": null},
//!  "status": "error", "complexity": null, "degree": null, "attack": null, "span": null,
//!  "reason": null,
//!  "error": {"kind": "group_unclosed", "message": "unclosed group", "span": {"start": 0, "end": 1}},
//!  "diagnostics": {"findings": 0, "refuted": 0, "undecided": 0, "approximations": []},
//!  "elapsed_us": 12}
//! ```
//!
//! `status` is `safe`, `vulnerable` (with `complexity`, `degree`, `attack`, `span`),
//! `unknown` (with `reason`) or `error` (with `error`). An `attack` is
//! `{"pumps": [{"prefix", "pump", "repeat"}], "suffix", "length", "steps", "measured":
//! [[length, steps], …], "expected_seconds": {"v8", "cpython", "jdk", "pcre2"}, "at_max_length":
//! {"length", "steps_log10", "seconds_log10": {"v8", "cpython", "jdk", "pcre2"}}}`. A vulnerable record may carry a
//! `fix`: `{"pattern", "description", "equivalence": "checked_on_dfas" | "by_construction"}`,
//! a rewrite with the same matches that analyzes safe (`null` otherwise). `origin` is where the pattern is:
//! the list file (`<stdin>` for standard input) and 1-based line, or the `origin` an input
//! record carried. An input line that is not a usable record gets `status: "error"` with
//! `error.kind` `invalid_input`; an unknown flavor or mode gets `invalid_flavor` /
//! `invalid_mode`; a failure of rxguard itself gets `internal` (and exit code 2).
//!
//! The summary line: `{"type": "summary", "total", "safe", "vulnerable", "unknown", "error",
//! "fail_on", "failing"}` — `failing` counts the records at or above `--fail-on`; `scan`
//! adds `files` (scanned) and `files_skipped`.
//! `--format json` prints one document `{"schema_version": 1, "tool": {"name", "version"},
//! "results": [...], "summary": {...}}`.
//!
//! Within a schema version fields are only added, never renamed or removed.

pub mod describe;
pub mod github;
pub mod record;
pub mod sarif;
pub mod text;

pub use record::{analyze_item, parse_item, Record};

use crate::args::{FailOn, Format, Reporting};
use serde::Serialize;
use std::io::Write;

/// Where a record's pattern is; every record of `check` and `scan` has an origin, this is
/// only the fallback for one that does not.
pub fn origin(rec: &Record) -> &rxguard::record::Origin {
    static NOWHERE: rxguard::record::Origin = rxguard::record::Origin {
        path: String::new(),
        line: 1,
        column: None,
    };
    rec.head.origin.as_ref().unwrap_or(&NOWHERE)
}

/// The JSON schema version of records and documents.
pub const SCHEMA_VERSION: u32 = 1;

/// Counts over a run.
#[derive(Serialize)]
pub struct Summary {
    #[serde(rename = "type")]
    kind: &'static str,
    pub total: u64,
    pub safe: u64,
    pub vulnerable: u64,
    pub unknown: u64,
    pub error: u64,
    pub fail_on: &'static str,
    /// Records at or above `--fail-on`.
    pub failing: u64,
    /// Files scanned (`scan` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<u64>,
    /// Files not scanned: binary, too large, unreadable (`scan` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files_skipped: Option<u64>,
    /// Records where rxguard itself failed.
    #[serde(skip)]
    pub internal: u64,
}

/// Writes records in one format and keeps the summary.
pub struct Printer<'a> {
    format: Format,
    out: &'a mut dyn Write,
    fail_on: FailOn,
    quiet: bool,
    palette: text::Palette,
    sarif: sarif::Sarif,
    first: bool,
    pub summary: Summary,
}

impl<'a> Printer<'a> {
    pub fn new(reporting: &Reporting, out: &'a mut dyn Write) -> Printer<'a> {
        let fail_on = match reporting.fail_on {
            FailOn::Vulnerable => "vulnerable",
            FailOn::Unknown => "unknown",
            FailOn::Error => "error",
        };
        Printer {
            format: reporting.format,
            out,
            fail_on: reporting.fail_on,
            quiet: reporting.quiet,
            palette: text::Palette::new(reporting.color),
            sarif: sarif::Sarif::new(),
            first: true,
            summary: Summary {
                kind: "summary",
                total: 0,
                safe: 0,
                vulnerable: 0,
                unknown: 0,
                error: 0,
                fail_on,
                failing: 0,
                files: None,
                files_skipped: None,
                internal: 0,
            },
        }
    }

    pub fn begin(&mut self) -> std::io::Result<()> {
        match self.format {
            Format::Json => write!(
                self.out,
                "{{\"schema_version\":{SCHEMA_VERSION},\"tool\":{{\"name\":\"rxguard\",\"version\":\"{}\"}},\"results\":[",
                env!("CARGO_PKG_VERSION")
            ),
            Format::Sarif => self.sarif.begin(self.out),
            _ => Ok(()),
        }
    }

    pub fn record(&mut self, rec: &Record) -> std::io::Result<()> {
        let s = &mut self.summary;
        s.total += 1;
        match rec.report.status {
            rxguard::Status::Safe => s.safe += 1,
            rxguard::Status::Vulnerable => s.vulnerable += 1,
            rxguard::Status::Unknown => s.unknown += 1,
            _ => s.error += 1,
        }
        let failing = self.fail_on.reached_by(rec.report.status);
        if failing {
            s.failing += 1;
        }
        if rec.is_internal_error() {
            s.internal += 1;
        }
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut *self.out, rec)?;
                writeln!(self.out)
            }
            Format::Json => {
                if !self.first {
                    write!(self.out, ",")?;
                }
                self.first = false;
                serde_json::to_writer(&mut *self.out, rec).map_err(std::io::Error::from)
            }
            Format::Text if self.quiet && !failing => Ok(()),
            Format::Text => text::record(self.out, rec, self.palette),
            Format::Sarif => self.sarif.record(self.out, rec),
            Format::Github if self.quiet && !failing => Ok(()),
            Format::Github => github::record(self.out, rec),
        }
    }

    pub fn finish(&mut self) -> std::io::Result<()> {
        let s = &self.summary;
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut *self.out, s)?;
                writeln!(self.out)
            }
            Format::Json => {
                write!(self.out, "],\"summary\":")?;
                serde_json::to_writer(&mut *self.out, s)?;
                writeln!(self.out, "}}")
            }
            Format::Text => text::summary(self.out, s, self.palette),
            Format::Sarif => self.sarif.finish(self.out, s.internal),
            Format::Github => writeln!(
                self.out,
                "rxguard: {} patterns, {} vulnerable, {} unknown, {} error",
                s.total, s.vulnerable, s.unknown, s.error
            ),
        }
    }
}
