//! rxguard: find regular expressions that make backtracking engines take super-linear time
//! (ReDoS), prove each finding with an attack string, and run accepted patterns safely.
//!
//! This crate is the facade users depend on; it glues the pipeline stages together:
//!
//! ```text
//! pattern + flavor + flags ─► syntax (Ast) ─► nfa ─► analysis ─► attack ─► Report
//! ```
//!
//! An invalid pattern gets [`Status::Error`] with the position and reason; a construct
//! rxguard does not model gets [`Status::Unknown`] with the reason; `Vulnerable` always
//! comes with an attack whose growth the simulator measured.
//!
//! ```
//! use rxguard::{analyze, Options, Status};
//! let report = analyze("(a+", &Options::new("python").unwrap());
//! assert_eq!(report.status, Status::Error);
//! assert_eq!(report.error.unwrap().span.unwrap().start, 0);
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod bound;
pub mod calibration;
pub mod engine_cache;
pub mod engine_limit;
pub mod engine_run;
mod fix;
mod options;
pub mod record;
mod replay;
mod report;
mod verdict;

pub use fix::{suggest_fix, Equivalence, Fix};
pub use options::{MatchMode, Options};
pub use replay::{replay_attack, ReplayError};
pub use report::{
    engine_units, AtMaxLength, Attack, Candidate, Complexity, Diagnostics, ExpectedSeconds, Pump,
    Report, ReportError, SpanRecord, Status,
};
pub use rxguard_matcher as matcher;
pub use rxguard_matcher::{Captures, Limits, Match, Regex, RegexBuilder, Tier};
pub use rxguard_syntax as syntax;
pub use rxguard_syntax::{stand_in_code_unit, ErrorFamily, Flags, Flavor};

/// Analyzes one pattern: parse, build the NFA, find ambiguities, confirm each with the
/// backtracking simulator, and decide. The Rust flavor's engine (the `regex` crate) never
/// backtracks, so a valid Rust pattern is `safe` and linear; what a backtracking engine
/// would do with it stays in the report (`below_threshold`, `reason`).
pub fn analyze(pattern: &str, options: &Options) -> Report {
    let report = analyze_backtracking(pattern, options);
    if options.flavor == Flavor::Rust {
        return verdict::on_a_linear_engine(report);
    }
    report
}

/// The verdict for a backtracking engine of `options.flavor`.
fn analyze_backtracking(pattern: &str, options: &Options) -> Report {
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
    let mut ast = match options.parser().parse(pattern, options.flavor, flags) {
        Ok(ast) => ast,
        Err(e) => {
            return match e.family() {
                ErrorFamily::Invalid => Report::error(ReportError::from_syntax(&e)),
                ErrorFamily::Unsupported => {
                    Report::unknown(format!("{}", e.kind()), Some(SpanRecord::from(e.span())))
                }
                _ => Report::unknown(
                    format!("limit: {}", e.kind()),
                    Some(SpanRecord::from(e.span())),
                ),
            }
        }
    };
    ast.expand_line_breaks(options.flavor);
    let sim_mode = match options.mode {
        MatchMode::Search => rxguard_attack::MatchMode::Search,
        MatchMode::Anchored => rxguard_attack::MatchMode::Anchored,
        MatchMode::Full => rxguard_attack::MatchMode::Full,
    };
    let prog = match rxguard_attack::compile_code_units(&ast, options.flavor, flags, sim_mode) {
        Ok(p) => p,
        Err(e) => return Report::unknown(e.reason, Some(e.span.into())),
    };
    let cfg = rxguard_nfa::Config {
        search: options.mode == MatchMode::Search,
        full: options.mode == MatchMode::Full,
        ..rxguard_nfa::Config::default()
    };
    let nfa = match rxguard_nfa::build(&ast, options.flavor, flags, &cfg) {
        Ok(n) => n,
        Err(e) => return Report::unknown(e.reason, Some(e.span.into())),
    };
    let findings = match rxguard_analysis::find(&nfa, &mut rxguard_analysis::Budget::default()) {
        Ok(f) => f,
        Err(_) => {
            return Report::unknown(
                "limit: the ambiguity analysis exceeded its budget".into(),
                None,
            )
        }
    };
    let approximations = nfa
        .approximations
        .iter()
        .map(|(s, what)| format!("{what} at {s}"))
        .collect();
    let breaker = rxguard_analysis::breaker(&nfa);
    let bounds: Vec<Option<bound::RepeatBound>> = findings
        .iter()
        .map(|f| bound::pump_bound(&ast, f.span))
        .collect();
    let mut report = verdict::decide(
        &prog,
        &findings,
        &bounds,
        approximations,
        breaker.as_deref(),
        &|text: &str| rxguard_analysis::dead_end(&nfa, text),
        options,
    );
    report.engine_limit = engine_limit::assess(&report, options.flavor);
    report.engine_cache = engine_cache::assess(&prog, &findings, &report, options);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_regex_crate_does_not_backtrack() {
        let rust = Options::new("rust").unwrap();
        let r = analyze("(a+)+$", &rust);
        assert_eq!(
            (r.status, r.complexity, r.attack.is_none()),
            (Status::Safe, Some(Complexity::Linear), true)
        );
        assert!(r.reason.as_deref().unwrap_or("").contains("exponential"));
        let kept = r.below_threshold.expect("the backtracking attack is kept");
        assert_eq!(kept.complexity, Complexity::Exponential);
        assert_eq!(analyze("(a+", &rust).status, Status::Error);
        let plain = analyze("^a+$", &rust);
        assert_eq!(plain.status, Status::Safe);
        assert!(plain.below_threshold.is_none());
    }

    #[test]
    fn statuses() {
        let py = Options::new("python").unwrap();
        let r = analyze("^a+$", &py);
        assert_eq!(
            (r.status, r.complexity),
            (Status::Safe, Some(Complexity::Linear))
        );
        let r = analyze("(a+)+$", &py);
        assert_eq!(
            (r.status, r.complexity),
            (Status::Vulnerable, Some(Complexity::Exponential))
        );
        let attack = r.attack.unwrap();
        assert!(
            attack.steps >= 100_000_000 && attack.length < 60,
            "{attack:?}"
        );
        let r = analyze(r"\s+$", &py);
        assert_eq!((r.status, r.degree), (Status::Vulnerable, Some(2)));
        // Anchored at the start, the same loop is linear.
        let mut anchored = Options::new("python").unwrap();
        anchored.mode = MatchMode::Anchored;
        assert_eq!(analyze(r"\s+$", &anchored).status, Status::Safe);
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
