//! Replaying a report's attack: the check that a `vulnerable` verdict is backed by what it
//! claims, independent of the analysis that produced it.
//!
//! [`replay_attack`] recompiles the pattern for the simulator, rebuilds the attack string at
//! each measured length, runs it, and compares the steps with the recorded ones; then it
//! checks that the reported string is well formed (whole pumps, within the maximum length),
//! that its extrapolated steps reach the threshold and that the points fit super-linear
//! growth. The verdict property test and the
//! `analyze` fuzz target use it; so can a user who wants to re-check a stored report.

use crate::{Options, Report, Status};
use rxguard_attack::{compile_code_units, search, StepBudget};

/// Why a replay did not reproduce the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError(pub String);

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReplayError {}

fn fail<T>(what: String) -> Result<T, ReplayError> {
    Err(ReplayError(what))
}

/// Checks a `vulnerable` report's attack against the simulator; any other report passes.
/// `budget` bounds each replayed run (the recorded points were measured under the
/// options' run budget, so that much always suffices).
pub fn replay_attack(pattern: &str, options: &Options, report: &Report) -> Result<(), ReplayError> {
    if report.status != Status::Vulnerable {
        return Ok(());
    }
    let Some(attack) = &report.attack else {
        return fail("a vulnerable report without an attack".into());
    };
    let [pump] = attack.pumps.as_slice() else {
        return fail(format!("{} pumps; replay handles one", attack.pumps.len()));
    };
    let fixed = (pump.prefix.chars().count() + attack.suffix.chars().count()) as u64;
    let pump_len = pump.pump.chars().count() as u64;
    if pump_len == 0 {
        return fail("an empty pump".into());
    }
    if attack.length != fixed + pump.repeat * pump_len {
        return fail(format!(
            "length {} is not prefix + pump × {} + suffix",
            attack.length, pump.repeat
        ));
    }
    if attack.length > options.max_length as u64 {
        return fail(format!(
            "length {} over the maximum {}",
            attack.length, options.max_length
        ));
    }
    if attack.measured.len() < 3 {
        return fail(format!("only {} measured points", attack.measured.len()));
    }
    let flags = rxguard_syntax::Flags::parse(options.flavor, &options.flags)
        .map_err(|e| ReplayError(format!("flags: {}", e.kind())))?;
    let mut ast = options
        .parser()
        .parse(pattern, options.flavor, flags)
        .map_err(|e| ReplayError(format!("parse: {}", e.kind())))?;
    ast.expand_line_breaks(options.flavor);
    let mode = match options.mode {
        crate::MatchMode::Search => rxguard_attack::MatchMode::Search,
        crate::MatchMode::Anchored => rxguard_attack::MatchMode::Anchored,
        crate::MatchMode::Full => rxguard_attack::MatchMode::Full,
    };
    let prog =
        compile_code_units(&ast, options.flavor, flags, mode).map_err(|e| ReplayError(e.reason))?;
    let sim = rxguard_attack::Attack::single(&pump.prefix, &pump.pump, &attack.suffix);
    // The threshold depends on the mix of the longest measured run's steps, as in the verdict.
    let mut longest = (0, rxguard_attack::StepMix::default());
    for &(len, steps) in &attack.measured {
        if len < fixed || (len - fixed) % pump_len != 0 {
            return fail(format!(
                "measured length {len} is not a whole number of pumps"
            ));
        }
        let input = sim.build(((len - fixed) / pump_len) as usize);
        match search(&prog, &input, StepBudget(options.run_budget.max(steps))) {
            Ok(out) if out.steps == steps => {
                if len >= longest.0 {
                    longest = (len, out.mix);
                }
            }
            Ok(out) => {
                return fail(format!(
                    "at length {len}: {} steps, {steps} recorded",
                    out.steps
                ))
            }
            Err(e) => {
                return fail(format!(
                    "at length {len}: over the budget ({} steps)",
                    e.steps
                ))
            }
        }
    }
    let (threshold, _) = options.thresholds(&longest.1);
    if (attack.steps as f64) < threshold {
        return fail(format!(
            "{} steps under the threshold {threshold:.0}",
            attack.steps
        ));
    }
    // Super-linear as measured: the same fit the verdict made, on the replayed points.
    match rxguard_attack::fit(&attack.measured, rxguard_attack::FIT_FLOOR).growth {
        rxguard_attack::Growth::Exponential { .. } => {}
        rxguard_attack::Growth::Polynomial { degree, .. } if degree >= 2 => {}
        g => {
            return fail(format!(
                "the measured points fit {g:?}: {:?}",
                attack.measured
            ))
        }
    }
    Ok(())
}
