//! What an engine's cache of failed attempts hides, where the engine has one.
//!
//! java.util.regex since JDK 9 remembers, for a greedy unbounded loop over a
//! non-deterministic group at the top level of a pattern without backreferences, the
//! positions where an iteration already failed, and does not try them again (the simulator
//! runs it: [`rxguard_attack::Program::stoppers`]). That cache turns `(a|a)*$` linear and
//! `(a+)+$` quadratic on JDK 17, and the verdict is about that engine. The same pattern is
//! exponential on JDK 8 and on every engine without the cache, and a pattern written for
//! Java often runs elsewhere too, so the record does not hide it: the findings are measured
//! again with the cache off, and where that shows stronger growth than the verdict's, the
//! record carries it ([`crate::Report::engine_cache`]).

use crate::report::{Complexity, Report, Status};
use crate::{Flavor, Options};
use rxguard_analysis::{Ambiguity, Finding};
use rxguard_attack::{measure, Attack, Growth, Program, StepBudget};
use serde::Serialize;

/// How many findings are measured with the cache off, strongest claims first: each
/// measurement runs the simulator up to its run budget several times.
const MEASURED: usize = 4;

/// The growth a finding shows with an engine's cache of failed attempts turned off.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EngineCache {
    /// The cache: `jdk_loop_cache` (java.util.regex, JDK 9 and later).
    pub cache: &'static str,
    /// The growth without it.
    pub complexity: Complexity,
    /// d for polynomial n^d.
    pub degree: Option<u32>,
    /// The text that shows it: `prefix`, then `pump` repeated, then `suffix`.
    pub prefix: String,
    /// The repeated part.
    pub pump: String,
    /// What makes the attempts fail.
    pub suffix: String,
    /// `(length, steps)` measured with the cache off.
    pub measured: Vec<(u64, u64)>,
    /// For people: what the cache does here.
    pub note: String,
}

/// Orders growth: exponential, then polynomial by degree, then the rest.
fn rank(complexity: Option<Complexity>, degree: Option<u32>) -> (u32, u32) {
    match complexity {
        Some(Complexity::Exponential) => (2, 0),
        Some(Complexity::Polynomial) => (1, degree.unwrap_or(2)),
        _ => (0, 0),
    }
}

/// The growth `findings` show on `prog` with the JDK's loop cache off, where it beats the
/// growth `report` gives; `None` for other flavors, for programs the cache does not apply
/// to, and where the cache changes nothing measured.
pub(crate) fn assess(
    prog: &Program,
    findings: &[Finding],
    report: &Report,
    options: &Options,
) -> Option<EngineCache> {
    if options.flavor != Flavor::Java
        || !prog.stoppers.iter().any(|&s| s)
        || matches!(report.status, Status::Error)
    {
        return None;
    }
    let below = report
        .below_threshold
        .as_ref()
        .map_or((0, 0), |c| rank(Some(c.complexity), c.degree));
    let shown = rank(report.complexity, report.degree).max(below);
    let claim = |f: &Finding| match f.ambiguity {
        Ambiguity::Exponential => (2, 0),
        Ambiguity::Polynomial { degree } => (1, degree),
        _ => (0, 0),
    };
    let mut order: Vec<&Finding> = findings
        .iter()
        .filter(|f| !f.pump.is_empty() && claim(f) > shown)
        .collect();
    if order.is_empty() {
        return None;
    }
    order.sort_by_key(|f| std::cmp::Reverse(claim(f)));
    // Most Java programs with a cached loop have no finding to measure: copy only then.
    let mut open = prog.clone();
    open.stoppers.iter_mut().for_each(|s| *s = false);
    for f in order.into_iter().take(MEASURED) {
        let attack = Attack::single(&f.prefix, &f.pump, &f.suffix);
        let m = measure(
            &open,
            &attack,
            options.max_length,
            StepBudget(options.run_budget),
        );
        let (complexity, degree) = match m.fit.growth {
            Growth::Exponential { .. } => (Complexity::Exponential, None),
            Growth::Polynomial { degree, .. } if degree >= 2 => {
                (Complexity::Polynomial, Some(degree))
            }
            _ => continue,
        };
        if rank(Some(complexity), degree) <= shown {
            continue;
        }
        let growth = match degree {
            Some(d) => format!("n^{d}"),
            None => "exponential".to_string(),
        };
        let note = format!(
            "{growth} without java.util.regex's loop cache (JDK 8 and earlier, and engines \
             that run the pattern without one): JDK 9 and later remember where an iteration \
             of this loop failed and do not retry it"
        );
        return Some(EngineCache {
            cache: "jdk_loop_cache",
            complexity,
            degree,
            prefix: f.prefix.clone(),
            pump: f.pump.clone(),
            suffix: f.suffix.clone(),
            measured: m.points,
            note,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Flavor, Options};

    fn java(p: &str) -> crate::Report {
        analyze(p, &Options::for_flavor(Flavor::Java))
    }

    /// Where the cache makes a loop linear or lowers its growth, the record says what the
    /// loop does without it; where it changes nothing, the record has no such field.
    #[test]
    fn loop_cache_findings_are_shown() {
        let r = java("(a|a)*$");
        assert_eq!(r.status, crate::Status::Safe);
        let c = r
            .engine_cache
            .expect("(a|a)*$ is exponential without the cache");
        assert_eq!(c.complexity, crate::Complexity::Exponential);
        assert_eq!(c.cache, "jdk_loop_cache");
        let r = java("(a+)+$");
        assert_eq!(r.degree, Some(2));
        let c = r
            .engine_cache
            .expect("(a+)+$ is exponential without the cache");
        assert_eq!(c.complexity, crate::Complexity::Exponential);
        // Still exponential on JDK 17: nothing to add.
        assert_eq!(java("^((a+)+)+$").engine_cache, None);
        // A backreference turns the cache off in the JDK itself.
        assert_eq!(java("(a|a)*\\1$").engine_cache, None);
        // Other flavors have no such cache.
        assert_eq!(
            analyze("(a|a)*$", &Options::for_flavor(Flavor::JavaScript)).engine_cache,
            None
        );
    }
}
