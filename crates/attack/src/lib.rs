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
    /// Whether some run exceeded its budget (the measured range ended there).
    pub budget_hit: bool,
    /// Whether the runs went on until the next one would exceed the maximum length.
    pub reached_max_length: bool,
    /// The kinds of the steps of the longest run measured.
    pub mix: StepMix,
}

/// Runs `attack` with growing repeat counts until a run needs more than `run_budget` steps
/// or the string would exceed `max_length` characters, then fits the growth.
pub fn measure(
    prog: &Program,
    attack: &Attack,
    max_length: usize,
    run_budget: StepBudget,
) -> Measurement {
    let mut points = Vec::new();
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
        match search(prog, &input, run_budget) {
            Ok(out) => {
                points.push((input.len() as u64, out.steps));
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
    let fit = fit(&points, 50);
    Measurement {
        points,
        fit,
        budget_hit,
        reached_max_length,
        mix,
    }
}
