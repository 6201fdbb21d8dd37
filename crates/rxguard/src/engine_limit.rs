//! What an engine's own work limit does to an attack, where the engine has one.
//!
//! PCRE2 counts the backtracking calls of each match attempt and gives up with
//! `PCRE2_ERROR_MATCHLIMIT` past its match limit (10,000,000 unless the application sets
//! another), counting afresh at every start position. A default-configured PCRE2 then
//! returns an error instead of blocking — which an application that reads the error as "no
//! match" turns into a bypass of whatever the pattern checks. The verdict stays about the
//! engine with the limit raised (as `../shared/peers/confirm.py` runs it, and as many
//! applications configure it); the record says what the default does, from the steps of the
//! attack's costliest start position ([`crate::Attack::attempt_steps`]).
//!
//! The simulator counts more steps than PCRE2 counts calls (each character test is a step;
//! PCRE2 counts only where it records a way back) and PCRE2 skips work the simulator does
//! (start-of-match optimizations, auto-possessified repeats), so the two are related by a
//! ratio that is at least about 2 but unbounded above. On the RegExScalpel CVE set as PCRE2
//! at 1,000 characters (393 attacks; the least limit that let each attack run out found by
//! bisection), steps per call were at least 2.28. At 100,000 characters, each attack run
//! once with PCRE2 10.42's defaults: all 41 exponential attacks hit the limit; of the
//! polynomial ones whose costliest start took more than 2.2e7 steps, 87 of 158 did (the
//! rest ran on, some for seconds); none of 26 sampled under that.

use crate::report::{Complexity, Report, Status};
use crate::Flavor;
use serde::Serialize;

/// PCRE2's default match limit (`MATCH_LIMIT` when the library is built).
pub const PCRE2_DEFAULT_MATCH_LIMIT: u64 = 10_000_000;

/// Simulator steps per PCRE2 match call, at least: the fewest measured was 2.28.
const PCRE2_STEPS_PER_CALL_AT_LEAST: f64 = 2.2;

/// What a default-configured engine does with the attack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LimitOutcome {
    /// The engine gives up with an error before the attack blocks it.
    Stops,
    /// The costliest start position may or may not pass the limit.
    MayStop,
    /// Each start position stays under the limit: the attack runs its course.
    DoesNotStop,
}

/// An engine's default work limit measured against the report's attack.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineLimit {
    /// The engine (`pcre2`).
    pub engine: &'static str,
    /// The limit's name in the engine's API.
    pub limit: &'static str,
    /// Its default value.
    pub default: u64,
    /// What the default does to the attack.
    pub outcome: LimitOutcome,
    /// The same, for people.
    pub note: String,
}

/// The engine limit that bears on `report`'s attack (the `vulnerable` one, else the
/// strongest below the threshold), for the flavors whose engine has one.
pub fn assess(report: &Report, flavor: Flavor) -> Option<EngineLimit> {
    if flavor != Flavor::Pcre {
        return None;
    }
    let (attack, complexity) = match report.status {
        Status::Vulnerable => (report.attack.as_ref()?, report.complexity?),
        _ => {
            let c = report.below_threshold.as_ref()?;
            (&c.attack, c.complexity)
        }
    };
    let steps = attack.attempt_steps as f64;
    let limit = PCRE2_DEFAULT_MATCH_LIMIT as f64;
    let (outcome, note) = if steps < limit * PCRE2_STEPS_PER_CALL_AT_LEAST {
        (
            LimitOutcome::DoesNotStop,
            "each start position stays under PCRE2's default match limit (10,000,000): \
                 the limit does not stop this attack"
                .to_string(),
        )
    } else if complexity == Complexity::Exponential {
        (
            LimitOutcome::Stops,
            "PCRE2 with its default match limit (10,000,000) gives up on this attack \
                 with PCRE2_ERROR_MATCHLIMIT instead of blocking; the blocking time is for \
                 a raised limit, and an application that reads the error as no match lets \
                 the input through"
                .to_string(),
        )
    } else {
        (
            LimitOutcome::MayStop,
            format!(
                "the costliest start position takes {steps:.1e} steps: PCRE2's default \
                 match limit (10,000,000) may end the attack with PCRE2_ERROR_MATCHLIMIT, \
                 or not, as PCRE2's shortcuts on it go (about half of such attacks \
                 measured did)"
            ),
        )
    };
    Some(EngineLimit {
        engine: "pcre2",
        limit: "match_limit",
        default: PCRE2_DEFAULT_MATCH_LIMIT,
        outcome,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Options};

    fn pcre(pattern: &str) -> Report {
        analyze(pattern, &Options::for_flavor(Flavor::Pcre))
    }

    #[test]
    fn exponential_attacks_meet_the_match_limit() {
        let r = pcre("^(a|a)*$");
        assert_eq!(r.status, Status::Vulnerable);
        let limit = r.engine_limit.expect("PCRE2 has a match limit");
        assert_eq!(limit.outcome, LimitOutcome::Stops);
        assert!(limit.note.contains("PCRE2_ERROR_MATCHLIMIT"));
    }

    #[test]
    fn a_quadratic_scan_spreads_its_work_over_start_positions() {
        // Each start scans to the end and back: ~2e5 steps, far under the limit.
        let r = pcre(r"\s*$");
        let limit = r.engine_limit.expect("an attack below the threshold");
        assert_eq!(limit.outcome, LimitOutcome::DoesNotStop);
    }

    #[test]
    fn one_start_doing_all_the_work_may_meet_it() {
        let r = pcre(r"^\d+\d+\d+$");
        assert_eq!(r.status, Status::Vulnerable);
        let limit = r.engine_limit.expect("PCRE2 has a match limit");
        assert_eq!(limit.outcome, LimitOutcome::MayStop);
        assert!(r.attack.is_some_and(|a| a.attempt_steps == a.steps));
    }

    #[test]
    fn other_flavors_have_no_engine_limit() {
        let r = analyze("^(a|a)*$", &Options::for_flavor(Flavor::JavaScript));
        assert_eq!(r.engine_limit, None);
        assert_eq!(assess(&r, Flavor::JavaScript), None);
    }
}
