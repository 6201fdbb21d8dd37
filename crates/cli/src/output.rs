//! Result records and the output formats.
//!
//! # The JSON contract (schema version 1)
//!
//! `--format jsonl` prints one result record per input pattern, in input order, then one
//! summary line. A result record:
//!
//! ```json
//! {"type": "result", "index": 0, "id": null, "pattern": "(a+", "flavor": "python",
//!  "flags": "", "mode": "search", "status": "error", "complexity": null, "degree": null,
//!  "attack": null, "span": null, "reason": null,
//!  "error": {"kind": "group_unclosed", "message": "unclosed group", "span": {"start": 0, "end": 1}},
//!  "elapsed_us": 12}
//! ```
//!
//! `status` is `safe`, `vulnerable`, `unknown` (with `reason`) or `error` (with `error`).
//! An input line that is not a usable record gets `status: "error"` with `error.kind`
//! `invalid_input`; an unknown flavor or mode gets `invalid_flavor` / `invalid_mode`.
//! The summary line: `{"type": "summary", "total", "safe", "vulnerable", "unknown", "error"}`.
//! `--format json` prints one document `{"schema_version": 1, "tool": {"name", "version"},
//! "results": [...], "summary": {...}}`.

use crate::args::{Check, Format};
use crate::input::Item;
use rxguard::{Flavor, MatchMode, Options, Report, ReportError, Status};
use serde::Serialize;
use std::io::Write;

/// The JSON schema version of records and documents.
pub const SCHEMA_VERSION: u32 = 1;

/// One result record.
#[derive(Serialize)]
pub struct Record {
    #[serde(rename = "type")]
    kind: &'static str,
    index: u64,
    id: Option<serde_json::Value>,
    pattern: String,
    flavor: String,
    flags: String,
    mode: String,
    #[serde(flatten)]
    report: Report,
    elapsed_us: u64,
}

/// Analyzes one input item into its record.
pub fn analyze_item(index: u64, item: Item, check: &Check) -> Record {
    let start = std::time::Instant::now();
    let flavor_name = item
        .flavor
        .clone()
        .unwrap_or_else(|| check.flavor.name().to_string());
    let flags = item.flags.clone().unwrap_or_else(|| check.flags.clone());
    let mode_name = item
        .mode
        .clone()
        .unwrap_or_else(|| check.mode.name().to_string());
    let fail = |kind: &str, message: String| {
        Report::error(ReportError {
            kind: kind.to_string(),
            message,
            span: None,
        })
    };
    let report = if let Some(problem) = &item.problem {
        fail("invalid_input", problem.clone())
    } else {
        match (
            Flavor::from_name(&flavor_name),
            MatchMode::from_name(&mode_name),
        ) {
            (None, _) => fail("invalid_flavor", format!("unknown flavor {flavor_name:?}")),
            (_, None) => fail("invalid_mode", format!("unknown mode {mode_name:?}")),
            (Some(flavor), Some(mode)) => {
                let mut opts = Options::for_flavor(flavor);
                opts.flags = flags.clone();
                opts.mode = mode;
                opts.max_length = check.max_length;
                rxguard::analyze(&item.pattern, &opts)
            }
        }
    };
    let flavor = Flavor::from_name(&flavor_name).map_or(flavor_name, |f| f.name().to_string());
    Record {
        kind: "result",
        index,
        id: item.id,
        pattern: item.pattern,
        flavor,
        flags,
        mode: mode_name,
        report,
        elapsed_us: start.elapsed().as_micros() as u64,
    }
}

/// The record of `rxguard parse`: validity, error and shape of one pattern.
pub fn parse_item(
    index: u64,
    item: Item,
    default_flavor: Flavor,
    default_flags: &str,
) -> serde_json::Value {
    let flavor_name = item
        .flavor
        .clone()
        .unwrap_or_else(|| default_flavor.name().to_string());
    let flags = item
        .flags
        .clone()
        .unwrap_or_else(|| default_flags.to_string());
    let base =
        |valid: bool, family: Option<&str>, error: serde_json::Value, shape: Option<String>| {
            serde_json::json!({
                "type": "parse", "index": index, "id": item.id, "pattern": item.pattern,
                "flavor": flavor_name, "flags": flags, "valid": valid, "family": family,
                "error": error, "shape": shape,
            })
        };
    let err = |kind: &str, message: String, span: Option<(usize, usize)>| serde_json::json!({"kind": kind, "message": message, "span": span.map(|(s, e)| serde_json::json!({"start": s, "end": e}))});
    if let Some(problem) = &item.problem {
        return base(
            false,
            Some("invalid"),
            err("invalid_input", problem.clone(), None),
            None,
        );
    }
    let Some(flavor) = Flavor::from_name(&flavor_name) else {
        return base(
            false,
            Some("invalid"),
            err(
                "invalid_flavor",
                format!("unknown flavor {flavor_name:?}"),
                None,
            ),
            None,
        );
    };
    let parsed = rxguard::Flags::parse(flavor, &flags)
        .and_then(|f| rxguard::syntax::parse(&item.pattern, flavor, f));
    match parsed {
        Ok(ast) => base(true, None, serde_json::Value::Null, Some(ast.shape())),
        Err(e) => {
            let family = match e.family() {
                rxguard::ErrorFamily::Invalid => "invalid",
                rxguard::ErrorFamily::Unsupported => "unsupported",
                _ => "limit",
            };
            let span = Some((e.span().start, e.span().end));
            base(
                false,
                Some(family),
                err(e.kind().name(), e.kind().to_string(), span),
                None,
            )
        }
    }
}

#[derive(Default, Serialize)]
struct Summary {
    #[serde(rename = "type")]
    kind: &'static str,
    total: u64,
    safe: u64,
    vulnerable: u64,
    unknown: u64,
    error: u64,
}

/// Writes records in one format.
pub struct Printer<'a, W: Write> {
    format: Format,
    out: &'a mut W,
    summary: Summary,
    first: bool,
}

impl<'a, W: Write> Printer<'a, W> {
    pub fn new(format: Format, out: &'a mut W) -> Printer<'a, W> {
        Printer {
            format,
            out,
            summary: Summary {
                kind: "summary",
                ..Summary::default()
            },
            first: true,
        }
    }

    pub fn begin(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            write!(
                self.out,
                "{{\"schema_version\":{SCHEMA_VERSION},\"tool\":{{\"name\":\"rxguard\",\"version\":\"{}\"}},\"results\":[",
                env!("CARGO_PKG_VERSION")
            )?;
        }
        Ok(())
    }

    pub fn record(&mut self, rec: &Record) -> std::io::Result<()> {
        self.summary.total += 1;
        match rec.report.status {
            Status::Safe => self.summary.safe += 1,
            Status::Vulnerable => self.summary.vulnerable += 1,
            Status::Unknown => self.summary.unknown += 1,
            _ => self.summary.error += 1,
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
            Format::Text => self.text(rec),
        }
    }

    fn text(&mut self, rec: &Record) -> std::io::Result<()> {
        let r = &rec.report;
        // Control characters would garble a terminal; escape only when there are some.
        let shown = if rec.pattern.chars().any(char::is_control) {
            rec.pattern.escape_debug().to_string()
        } else {
            rec.pattern.clone()
        };
        let what = match (r.complexity, r.degree) {
            (Some(rxguard::Complexity::Exponential), _) if r.status == Status::Vulnerable => {
                " (exponential)".to_string()
            }
            (Some(rxguard::Complexity::Polynomial), Some(d)) if r.status == Status::Vulnerable => {
                format!(" (polynomial, n^{d})")
            }
            _ => String::new(),
        };
        writeln!(
            self.out,
            "#{} [{}] {}{what}  {}",
            rec.index,
            rec.flavor,
            r.status.name(),
            shown
        )?;
        if let (Some(span), Some(attack)) = (r.span, &r.attack) {
            self.caret(&rec.pattern, span)?;
            let pumps: Vec<String> = attack
                .pumps
                .iter()
                .map(|p| {
                    let pre = if p.prefix.is_empty() {
                        String::new()
                    } else {
                        format!("{:?} + ", p.prefix)
                    };
                    format!("{pre}{:?} × {}", p.pump, p.repeat)
                })
                .collect();
            let suffix = if attack.suffix.is_empty() {
                String::new()
            } else {
                format!(" + {:?}", attack.suffix)
            };
            writeln!(
                self.out,
                "    attack: {}{suffix}  ({} characters, {:.1e} steps)",
                pumps.join(" + "),
                attack.length,
                attack.steps as f64
            )?;
            writeln!(
                self.out,
                "    expected blocking: {:.1} s on V8, {:.1} s on CPython",
                attack.expected_seconds.v8, attack.expected_seconds.cpython
            )?;
        }
        if let Some(reason) = &r.reason {
            writeln!(self.out, "    reason: {reason}")?;
        }
        if let Some(e) = &r.error {
            match e.span {
                Some(span) => {
                    self.caret(&rec.pattern, span)?;
                    writeln!(
                        self.out,
                        "    error: {} (at byte {})",
                        e.message, span.start
                    )?;
                }
                None => writeln!(self.out, "    error: {}", e.message)?,
            }
        }
        Ok(())
    }

    /// The pattern with `^` under `span`, for one-line patterns short enough to read.
    fn caret(&mut self, pattern: &str, span: rxguard::SpanRecord) -> std::io::Result<()> {
        if pattern.contains('\n') || pattern.chars().count() > 120 {
            return Ok(());
        }
        let col = pattern.get(..span.start).map_or(0, |p| p.chars().count());
        let width = pattern
            .get(span.start..span.end)
            .map_or(1, |s| s.chars().count().max(1));
        writeln!(
            self.out,
            "    {pattern}\n    {}{}",
            " ".repeat(col),
            "^".repeat(width)
        )
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
            Format::Text => writeln!(
                self.out,
                "{} patterns: {} safe, {} vulnerable, {} unknown, {} error",
                s.total, s.safe, s.vulnerable, s.unknown, s.error
            ),
        }
    }
}
