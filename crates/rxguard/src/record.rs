//! The result record of DESIGN.md as one type: what `rxguard check`/`scan` print per pattern
//! and what the Python bindings' `Report.to_dict()` returns, so the two cannot drift apart.
//!
//! [`analyze_record`] is the guarded entry point both use: a panic inside the analysis
//! becomes an `internal` error report for that pattern (the other patterns of a run keep
//! their records), and a vulnerable pattern gets a suggested [`FixRecord`] where a standard
//! rewrite applies.

use crate::{analyze, suggest_fix, Equivalence, Options, Report, ReportError, Status};
use serde::Serialize;

/// Where a pattern is: a file, a 1-based line and, when known, a 1-based column (in
/// characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file (`<stdin>` for standard input).
    pub path: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column in characters, if known.
    pub column: Option<u64>,
}

/// A suggested fix as records carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixRecord {
    /// The rewritten pattern.
    pub pattern: String,
    /// What was changed.
    pub description: String,
    /// `checked_on_dfas` or `by_construction`.
    pub equivalence: &'static str,
}

/// One result record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    #[serde(rename = "type")]
    kind: &'static str,
    /// Which pattern, from where.
    #[serde(flatten)]
    pub head: RecordHead,
    /// The verdict.
    #[serde(flatten)]
    pub report: Report,
    /// A meaning-preserving rewrite that analyzes safe, for vulnerable patterns.
    pub fix: Option<FixRecord>,
    /// The attack run on the real engine (`rxguard check --confirm`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<crate::engine_run::Confirmation>,
    /// Time spent on this pattern.
    pub elapsed_us: u64,
}

/// Which pattern a record is about: the fields before the verdict.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RecordHead {
    /// Position in the input.
    pub index: u64,
    /// Copied from the input record.
    pub id: Option<serde_json::Value>,
    /// The pattern as given.
    pub pattern: String,
    /// The flavor's name (or the unknown name that was given).
    pub flavor: String,
    /// The flags as given.
    pub flags: String,
    /// The match mode's name (or the unknown name that was given).
    pub mode: String,
    /// Where the pattern is, when it came from a file.
    pub origin: Option<Origin>,
}

impl Record {
    /// A record from its head, report, fix and time.
    pub fn new(
        head: RecordHead,
        report: Report,
        fix: Option<FixRecord>,
        elapsed_us: u64,
    ) -> Record {
        Record {
            kind: "result",
            head,
            report,
            fix,
            confirmation: None,
            elapsed_us,
        }
    }

    /// Whether rxguard itself failed on this pattern.
    pub fn is_internal_error(&self) -> bool {
        self.report
            .error
            .as_ref()
            .is_some_and(|e| e.kind == "internal")
    }
}

/// [`analyze_record`] with a time limit: past `timeout` the report is `unknown` with the
/// reason `timeout: …`. The analysis thread is left to finish on its own (its step budgets
/// bound it); `None` waits for it.
pub fn analyze_record_within(
    pattern: &str,
    options: &Options,
    timeout: Option<std::time::Duration>,
) -> (Report, Option<FixRecord>) {
    let Some(limit) = timeout else {
        return analyze_record(pattern, options);
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let (p, o) = (pattern.to_string(), options.clone());
    let spawned = std::thread::Builder::new().spawn(move || {
        let _ = tx.send(analyze_record(&p, &o));
    });
    if spawned.is_err() {
        // No thread to spare: analyze here, without the limit.
        return analyze_record(pattern, options);
    }
    rx.recv_timeout(limit).unwrap_or_else(|_| {
        let reason = format!(
            "timeout: the analysis took more than {} s",
            limit.as_secs_f64()
        );
        (Report::unknown(reason, None), None)
    })
}

/// Analyzes `pattern`, turning a panic into an `internal` error report, and suggests a fix
/// for a vulnerable pattern (a panic there only loses the suggestion).
pub fn analyze_record(pattern: &str, options: &Options) -> (Report, Option<FixRecord>) {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyze(pattern, options)));
    let report = run.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        Report::error(ReportError {
            kind: "internal".into(),
            message: format!("rxguard failed on this pattern (a bug; please report it): {what}"),
            span: None,
        })
    });
    if report.status != Status::Vulnerable {
        return (report, None);
    }
    (report, fix_record(pattern, options))
}

/// The suggested fix for a vulnerable pattern as records carry it (a panic only loses the
/// suggestion).
pub fn fix_record(pattern: &str, options: &Options) -> Option<FixRecord> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        suggest_fix(pattern, options)
    }))
    .ok()
    .flatten()
    .map(|fix| FixRecord {
        pattern: fix.pattern,
        description: fix.description,
        equivalence: match fix.equivalence {
            Equivalence::CheckedOnDfas => "checked_on_dfas",
            _ => "by_construction",
        },
    })
}
