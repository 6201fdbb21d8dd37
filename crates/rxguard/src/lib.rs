//! rxguard: find regular expressions that make backtracking engines take super-linear time
//! (ReDoS), prove each finding with an attack string, and run accepted patterns safely.
//!
//! This crate is the facade users depend on; it glues the pipeline stages together:
//!
//! ```text
//! pattern + flavor + flags ─► syntax (Ast) ─► nfa ─► analysis ─► attack ─► Report
//! ```
//!
//! Today the parser stage is complete; the analysis stages are being built. [`analyze`]
//! is already honest about that: an invalid pattern gets [`Status::Error`] with the
//! position and reason, and a valid one gets [`Status::Unknown`] with a reason saying why
//! no verdict was reached — never a guessed `Safe`.
//!
//! ```
//! use rxguard::{analyze, Options, Status};
//! let report = analyze("(a+", &Options::new("python").unwrap());
//! assert_eq!(report.status, Status::Error);
//! assert_eq!(report.error.unwrap().span.unwrap().start, 0);
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod options;
mod report;

pub use options::{MatchMode, Options};
pub use report::{Attack, Complexity, Pump, Report, ReportError, SpanRecord, Status};
pub use rxguard_syntax as syntax;
pub use rxguard_syntax::{ErrorFamily, Flags, Flavor};

/// Analyzes one pattern.
pub fn analyze(pattern: &str, options: &Options) -> Report {
    let flags = match Flags::parse(options.flavor, &options.flags) {
        Ok(f) => f,
        Err(e) => {
            return Report::error(ReportError {
                kind: e.kind().name().to_string(),
                message: format!("invalid flags {:?}: {}", options.flags, e.kind()),
                span: None,
            })
        }
    };
    match options.parser().parse(pattern, options.flavor, flags) {
        Ok(_ast) => Report::unknown("analysis not implemented".to_string(), None),
        Err(e) => match e.family() {
            ErrorFamily::Invalid => Report::error(ReportError::from_syntax(&e)),
            ErrorFamily::Unsupported => {
                Report::unknown(format!("{}", e.kind()), Some(SpanRecord::from(e.span())))
            }
            _ => Report::unknown(
                format!("limit: {}", e.kind()),
                Some(SpanRecord::from(e.span())),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let py = Options::new("python").unwrap();
        assert_eq!(analyze("a+", &py).status, Status::Unknown);
        assert_eq!(
            analyze("a+", &py).reason.as_deref(),
            Some("analysis not implemented")
        );
        let r = analyze("(?<n>a)", &py);
        assert_eq!(r.status, Status::Error);
        assert_eq!(r.error.unwrap().kind, "group_kind_unknown");
        let r = analyze(r"\N{LATIN SMALL LETTER A}", &py);
        assert_eq!(r.status, Status::Unknown);
        assert!(r.reason.unwrap().starts_with("unsupported:"));
        let mut js = Options::new("js").unwrap();
        js.flags = "gg".into();
        assert_eq!(analyze("a", &js).error.unwrap().kind, "flag_duplicate");
    }
}
