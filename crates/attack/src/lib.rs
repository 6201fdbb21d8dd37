//! rxguard-attack: the backtracking simulator that confirms or refutes a finding.
//!
//! Pipeline position: witness from the analysis → **simulator** → Report.
//!
//! [`compile`] turns a parsed pattern into a [`Program`] with its flavor's semantics
//! (greedy, lazy and possessive loops, atomic groups, lookaround, backreferences, the
//! flavor's empty-iteration rule and JavaScript's capture reset); [`search`] runs it the
//! way a backtracking engine does — every start position in turn — counting steps under a
//! [`StepBudget`]; [`measure`] runs an attack at growing lengths and [`fit`] classifies the
//! growth and extrapolates the length that reaches a step threshold.
//!
//! ```
//! use rxguard_attack::{compile, measure, Attack, Growth, MatchMode, StepBudget};
//! use rxguard_syntax::{parse, Flags, Flavor};
//! let ast = parse("(a+)+$", Flavor::JavaScript, Flags::default()).unwrap();
//! let prog = compile(&ast, Flavor::JavaScript, Flags::default(), MatchMode::Search).unwrap();
//! let attack = Attack::single("", "a", "!");
//! let m = measure(&prog, &attack, 100_000, StepBudget(1_000_000));
//! assert!(matches!(m.fit.growth, Growth::Exponential { .. }));
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod compile;
mod exec;
mod growth;
mod memo;
mod possess;
mod program;

pub use compile::{compile, compile_code_units, CompileError, MatchMode};
pub use exec::{
    search, search_from, search_memo, BudgetExceeded, Outcome, Resume, StepBudget, StepMix,
};
pub use growth::{fit, Fit, Growth};
pub use memo::{Memo, MemoError, MemoLayout};
pub use program::{CharSet, EmptyRule, Inst, Lines, Look, Program, StepClass, SubKind};

/// An attack string: `prefix₁ + pump₁ × n + … + suffix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attack {
    /// `(prefix, pump)` pairs, in order.
    pub pumps: Vec<(String, String)>,
    /// The text that makes the match fail.
    pub suffix: String,
}

impl Attack {
    /// A one-pump attack.
    pub fn single(prefix: &str, pump: &str, suffix: &str) -> Attack {
        Attack {
            pumps: vec![(prefix.to_string(), pump.to_string())],
            suffix: suffix.to_string(),
        }
    }

    /// The attack string with every pump repeated `n` times.
    pub fn build(&self, n: usize) -> Vec<char> {
        let mut s = Vec::new();
        for (prefix, pump) in &self.pumps {
            s.extend(prefix.chars());
            for _ in 0..n {
                s.extend(pump.chars());
            }
        }
        s.extend(self.suffix.chars());
        s
    }
}

/// Steps measured for an attack at growing lengths, and the fitted growth.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// `(length, steps)` for each run that finished within its budget.
    pub points: Vec<(u64, u64)>,
    /// The fitted growth.
    pub fit: Fit,
    /// Whether the measured range ended at the run budget: a run exceeded it, or the
    /// growth measured put the next run, which does not match, at more than 1.2 times it.
    pub budget_hit: bool,
    /// Whether the runs went on until the next one would exceed the maximum length.
    pub reached_max_length: bool,
    /// The kinds of the steps of the longest run measured.
    pub mix: StepMix,
    /// `(length, steps)` of the costliest start position of each run in `points` (fit
    /// them where an attack is built: most measurements build none).
    pub attempt_points: Vec<(u64, u64)>,
}

/// Runs of fewer steps than this carry too much fixed overhead to show growth: the fits of
/// [`measure`]'s points (and of `attempt_points`) leave them out.
pub const FIT_FLOOR: u64 = 50;

/// Steps the last run must reach, as a share of the run budget, before the next run's
/// steps are predicted from the growth: shorter runs carry too much fixed overhead.
const PREDICT_FROM_SHARE: u64 = 8;

/// Whether the growth over the last three points puts a run at `len` characters above
/// 1.2 times `budget`. Such a run would only be stopped at the budget and add no point,
/// yet it would cost about as much as all the runs before it. On polynomial attacks the
/// local exponent rises with the length (fixed work weighs less), so the prediction errs
/// low and the run goes ahead as before; the 20% leaves room for growth that flattens.
/// Irregular growth predicts nothing: where the steps jump at some lengths and not at
/// others (`^(`+)…(\1)(?!`)` on backticks), the next run may well fit the budget.
fn beyond_budget(points: &[(u64, u64)], len: u64, budget: u64) -> bool {
    let [.., a, b, c] = points else {
        return false;
    };
    let local = |(l0, s0): (u64, u64), (l1, s1): (u64, u64)| {
        (s1 > s0 && l1 > l0).then(|| (s1 as f64 / s0 as f64).ln() / (l1 as f64 / l0 as f64).ln())
    };
    let (Some(before), Some(last)) = (local(*a, *b), local(*b, *c)) else {
        return false;
    };
    // Exponential growth raises the local exponent in step with the length (×1.5 a run);
    // polynomial growth keeps it. A jump beyond that is a spike, not a trend.
    if c.1 < budget / PREDICT_FROM_SHARE || last > 2.0 * before + 0.5 {
        return false;
    }
    let predicted = c.1 as f64 * (len as f64 / c.0 as f64).powf(last);
    predicted > 1.2 * budget as f64
}

/// Most memory the match test of [`matches`] may use.
const MATCH_TEST_BYTES: u64 = 64 << 20;

/// Whether `prog` matches `input`, in linear time (the memoized executor); `None` when it
/// cannot say cheaply or the program's steps follow engine shortcuts that change with the
/// length (PCRE2's required character, the JDK's loop cache). A failing attack that starts
/// to match costs few steps at once (`^(\d+)…(\d+)(.*)$` once the digits fill every group),
/// so growth measured before predicts nothing about a run that matches.
fn matches(prog: &Program, input: &[char]) -> Option<bool> {
    if prog.required.is_some() || prog.stoppers.iter().any(|&s| s) || !prog.behind_bodies.is_empty()
    {
        return None;
    }
    let layout = MemoLayout::new(prog).ok()?;
    let mut memo = Memo::new(&layout, input.len(), MATCH_TEST_BYTES).ok()?;
    let out = search_memo(prog, input, Resume::default(), &mut memo).ok()?;
    Some(out.matched.is_some())
}

/// Runs `attack` with growing repeat counts until a run needs (or, from the growth so far,
/// would need) more than `run_budget` steps or the string would exceed `max_length`
/// characters, then fits the growth.
pub fn measure(
    prog: &Program,
    attack: &Attack,
    max_length: usize,
    run_budget: StepBudget,
) -> Measurement {
    let mut points = Vec::new();
    let mut attempt_points = Vec::new();
    let mut budget_hit = false;
    let mut reached_max_length = false;
    let mut mix = StepMix::default();
    let mut n = 1usize;
    while points.len() < 40 {
        let input = attack.build(n);
        if input.len() > max_length {
            reached_max_length = true;
            break;
        }
        if beyond_budget(&points, input.len() as u64, run_budget.0)
            && matches(prog, &input) == Some(false)
        {
            budget_hit = true;
            break;
        }
        match search(prog, &input, run_budget) {
            Ok(out) => {
                points.push((input.len() as u64, out.steps));
                attempt_points.push((input.len() as u64, out.attempt_steps));
                mix = out.mix;
            }
            Err(_) => {
                budget_hit = true;
                break;
            }
        }
        // Grow gently at first (exponential blow-ups show within a few pumps), then
        // geometrically (polynomial ones need lengths), faster once runs are long: the
        // last runs cost the most.
        n = match n {
            0..8 => n + 1,
            8..64 => n + n / 4,
            _ => n + n / 2,
        };
    }
    let fit = fit(&points, FIT_FLOOR);
    Measurement {
        points,
        fit,
        budget_hit,
        reached_max_length,
        mix,
        attempt_points,
    }
}

#[cfg(test)]
mod tests {
    use super::beyond_budget;

    const BUDGET: u64 = 1_000_000;

    #[test]
    fn steady_growth_predicts_the_next_run() {
        // Quadratic, lengths ×1.5: the next run at 999 characters would take ~2.2M steps.
        let quadratic = [(300, 200_000), (444, 438_000), (666, 985_000)];
        assert!(beyond_budget(&quadratic, 999, BUDGET));
        // Within 20% over the budget (~1.1M at 700) the run goes ahead: growth may flatten.
        assert!(!beyond_budget(&quadratic, 700, BUDGET));
        // Exponential growth, whose local exponent rises with the length, is extrapolated.
        let exponential = [(20, 2_000), (30, 60_000), (45, 900_000)];
        assert!(beyond_budget(&exponential, 67, BUDGET));
    }

    #[test]
    fn short_or_irregular_runs_predict_nothing() {
        // The last run is under an eighth of the budget.
        assert!(!beyond_budget(
            &[(10, 100), (20, 400), (30, 900)],
            1_000,
            BUDGET
        ));
        // A spike: the exponent jumps from 1 to over 8 on the last run.
        let spiky = [(590, 5_633), (884, 8_426), (1_325, 240_664)];
        assert!(!beyond_budget(&spiky, 1_987, BUDGET));
        // Steps that fell: no trend to extrapolate.
        let falling = [(100, 200_000), (150, 300_000), (225, 250_000)];
        assert!(!beyond_budget(&falling, 10_000, BUDGET));
        // Fewer than three points.
        assert!(!beyond_budget(
            &[(100, 500_000), (150, 900_000)],
            225,
            BUDGET
        ));
    }
}
