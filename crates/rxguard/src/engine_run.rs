//! What a real engine's measurement does to a verdict (`rxguard check --confirm`).
//!
//! The verdict rests on the simulator's steps and a calibrated speed per engine, and engines
//! run some patterns a few times faster or slower than that speed: so a finding is
//! `vulnerable` only well above the threshold, and one whose attack lands near it is
//! `unknown` ("near the threshold") or `safe` with its super-linear complexity. Where the
//! engine itself is at hand, running the attack says what it does on this machine now: this
//! module picks the attack to run ([`attack_to_run`]) and applies the measured time
//! ([`apply`]). Running the engine is the CLI's job; this part has no processes in it, so
//! it is tested on its own.

use crate::report::{Attack, Candidate, Report, Status};
use crate::Flavor;
use serde::Serialize;

/// An attack run on a real engine: the fastest of its runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineRun {
    /// The engine and its version (`node v20.19.2`, `python 3.11.2`).
    pub engine: String,
    /// Characters (UTF-16 code units for JavaScript) of the attack string run.
    pub length: u64,
    /// Milliseconds the match call took; when `stopped`, how long it had run when stopped.
    pub ms: f64,
    /// Whether the run was stopped at the blocking time instead of finishing.
    pub stopped: bool,
    /// Whether the engine was blocked for at least the blocking time, in every run.
    pub blocked: bool,
    /// How many times the attack was run.
    pub runs: u32,
}

/// Why no engine run decided a verdict: the engine is missing, refused the pattern, or
/// failed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineFailure {
    /// The engine's command.
    pub engine: String,
    /// What went wrong.
    pub error: String,
}

/// A record's `confirmation`: the run, or why there is none.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Confirmation {
    /// The attack was run.
    Ran(EngineRun),
    /// It could not be.
    Failed(EngineFailure),
}

/// The attack worth running on `flavor`'s engine: a below-threshold finding's whose
/// predicted time on that engine reaches the start of the "near the threshold" band
/// ([`crate::calibration::near_edge`]), and, with `vulnerable_too`, a `vulnerable`
/// report's. `None` for Rust, whose engine does not backtrack.
pub fn attack_to_run(
    report: &Report,
    flavor: Flavor,
    block_seconds: f64,
    vulnerable_too: bool,
) -> Option<&Attack> {
    let edge = crate::calibration::near_edge(flavor)?;
    if report.status == Status::Vulnerable {
        return report.attack.as_ref().filter(|_| vulnerable_too);
    }
    let candidate = report.below_threshold.as_ref()?;
    let predicted = candidate.attack.expected_seconds.on(flavor)?;
    (predicted >= edge * block_seconds).then_some(&candidate.attack)
}

/// Applies an engine run of [`attack_to_run`]'s attack to `report`:
/// - a `vulnerable` report whose attack blocked stays as it is;
/// - one whose attack did not block is no longer `vulnerable`: `safe` with its complexity
///   (`unknown` if other findings stayed undecided), the attack kept as the below-threshold
///   candidate, the reason giving the measured time;
/// - a below-threshold candidate that blocked makes the report `vulnerable` with it;
/// - one that did not block turns a "near the threshold" `unknown` into `safe` with its
///   complexity; other reports keep their verdict.
pub fn apply(report: &mut Report, run: &EngineRun, block_seconds: f64) {
    let measured = format!(
        "{} ran the attack ({} characters) in {:.0} ms, under the {} s blocking time",
        run.engine, run.length, run.ms, block_seconds
    );
    if report.status == Status::Vulnerable {
        if run.blocked {
            return;
        }
        let (Some(attack), Some(complexity), Some(span)) =
            (report.attack.take(), report.complexity, report.span.take())
        else {
            return;
        };
        report.status = if report.diagnostics.undecided > 0 {
            Status::Unknown
        } else {
            Status::Safe
        };
        report.reason = Some(format!(
            "super-linear, but {measured}: the predicted speed put it above"
        ));
        report.below_threshold = Some(Candidate {
            complexity,
            degree: report.degree,
            share: 0.0,
            attack,
            span,
        });
        return;
    }
    let Some(candidate) = report.below_threshold.as_ref() else {
        return;
    };
    if run.blocked {
        if let Some(c) = report.below_threshold.take() {
            report.status = Status::Vulnerable;
            report.complexity = Some(c.complexity);
            report.degree = c.degree;
            report.attack = Some(c.attack);
            report.span = Some(c.span);
            report.reason = None;
        }
        return;
    }
    let near = report
        .reason
        .as_deref()
        .is_some_and(|r| r.starts_with(NEAR_THRESHOLD));
    if report.status == Status::Unknown && near {
        report.status = Status::Safe;
        report.complexity = Some(candidate.complexity);
        report.degree = candidate.degree;
        report.reason = Some(format!("super-linear, but {measured}"));
    }
}

/// How the reason of a finding near the threshold begins: `verdict.rs` writes it, [`apply`]
/// recognises it.
pub(crate) const NEAR_THRESHOLD: &str = "near the threshold: ";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Complexity, Options};

    fn js(pattern: &str) -> Report {
        analyze(pattern, &Options::for_flavor(Flavor::JavaScript))
    }

    fn run(ms: f64, block_seconds: f64) -> EngineRun {
        EngineRun {
            engine: "test".into(),
            length: 1,
            ms,
            stopped: false,
            blocked: ms >= block_seconds * 1e3,
            runs: 1,
        }
    }

    /// A pattern the calibrated speed puts near the threshold: super-linear, not reported.
    const NEAR: &str = r"Google.*/\+/web/snippet";

    #[test]
    fn near_the_threshold_has_a_candidate_that_the_engine_decides() {
        let report = js(NEAR);
        assert_eq!(report.status, Status::Unknown);
        assert!(report
            .reason
            .as_deref()
            .unwrap_or("")
            .starts_with(NEAR_THRESHOLD));
        let candidate = report.below_threshold.clone().expect("a candidate");
        assert!(candidate.share < 1.0);
        assert!(candidate.attack.length <= 100_000);
        let attack = attack_to_run(&report, Flavor::JavaScript, 1.0, false);
        assert_eq!(attack, Some(&candidate.attack));

        let mut blocked = report.clone();
        apply(&mut blocked, &run(1500.0, 1.0), 1.0);
        assert_eq!(blocked.status, Status::Vulnerable);
        assert_eq!(blocked.attack.as_ref(), Some(&candidate.attack));
        assert_eq!(blocked.complexity, Some(candidate.complexity));
        assert_eq!(blocked.span, Some(candidate.span));
        assert_eq!(blocked.reason, None);
        assert_eq!(blocked.below_threshold, None);

        let mut fast = report.clone();
        apply(&mut fast, &run(400.0, 1.0), 1.0);
        assert_eq!(fast.status, Status::Safe);
        assert_eq!(fast.complexity, Some(Complexity::Polynomial));
        assert!(fast.reason.as_deref().unwrap_or("").contains("in 400 ms"));
        assert_eq!(fast.below_threshold, report.below_threshold);
    }

    #[test]
    fn each_engine_runs_from_its_own_edge() {
        // Predicted 0.17 s on CPython: above its edge (0.15), under V8's (0.25).
        let pattern = r"<StreamReader w=<Future pending[\S ]*>>";
        let py = analyze(pattern, &Options::for_flavor(Flavor::Python));
        assert_eq!(py.status, Status::Unknown);
        let predicted = py
            .below_threshold
            .as_ref()
            .map(|c| c.attack.expected_seconds.cpython)
            .unwrap_or(0.0);
        assert!((0.15..0.25).contains(&predicted), "{predicted}");
        assert!(attack_to_run(&py, Flavor::Python, 1.0, false).is_some());
        // The same finding measured for V8 is under its edge with a 4 s blocking time.
        assert_eq!(attack_to_run(&py, Flavor::JavaScript, 4.0, false), None);
    }

    #[test]
    fn a_vulnerable_verdict_runs_only_when_asked_and_falls_when_the_engine_is_fast() {
        let report = js("(a+)+$");
        assert_eq!(report.status, Status::Vulnerable);
        assert_eq!(attack_to_run(&report, Flavor::JavaScript, 1.0, false), None);
        let attack = report.attack.clone();
        assert_eq!(
            attack_to_run(&report, Flavor::JavaScript, 1.0, true),
            attack.as_ref()
        );
        let mut kept = report.clone();
        apply(&mut kept, &run(1000.0, 1.0), 1.0);
        assert_eq!(kept, report);
        let mut fallen = report.clone();
        apply(&mut fallen, &run(20.0, 1.0), 1.0);
        assert_eq!(fallen.status, Status::Safe);
        assert_eq!(fallen.attack, None);
        assert_eq!(fallen.complexity, Some(Complexity::Exponential));
        assert_eq!(
            fallen.below_threshold.map(|c| c.attack),
            attack,
            "the attack stays in the report"
        );
    }

    #[test]
    fn nothing_runs_for_linear_patterns_weak_candidates_or_engines_without_a_runner() {
        assert_eq!(
            attack_to_run(&js("^(a|b)*$"), Flavor::JavaScript, 1.0, true),
            None
        );
        let report = js(NEAR);
        // The candidate's predicted time is under V8's band of a 10 s blocking time.
        assert_eq!(
            attack_to_run(&report, Flavor::JavaScript, 10.0, false),
            None
        );
        // The regex crate never backtracks: nothing to run.
        let rust = analyze("(a+)+$", &Options::for_flavor(Flavor::Rust));
        assert!(rust.below_threshold.is_some());
        assert_eq!(attack_to_run(&rust, Flavor::Rust, 1.0, true), None);
        let pcre = analyze("(a+)+$", &Options::for_flavor(Flavor::Pcre));
        assert_eq!(pcre.status, Status::Vulnerable);
        assert_eq!(
            attack_to_run(&pcre, Flavor::Pcre, 1.0, true),
            pcre.attack.as_ref()
        );
        let java = analyze("(a+)+$", &Options::for_flavor(Flavor::Java));
        assert_eq!(
            attack_to_run(&java, Flavor::Java, 1.0, true),
            java.attack.as_ref()
        );
    }
}
