//! Calibration tool: every super-linear finding of each pattern, with the length at which
//! its fitted growth reaches a target step count and the mix of its steps.
//!
//! ```sh
//! cargo run --release -p rxguard --example step_mix -- 2e9 < PATTERNS.jsonl > FINDINGS.jsonl
//! ```
//!
//! Input lines: `{"pattern", "flavor"?, "flags"?}` (search mode). Output lines: `{"index",
//! "pattern", "flags", "prefix", "pump", "suffix", "repeat", "length", "steps", "shares"}` —
//! `repeat` pumps make `length` characters, where the fit predicts `steps` (the target, or
//! fewer at 1,000,000 characters). `scripts/eval/step_rates.py` times those attacks on an
//! engine; `calibration.rs` holds what the fit of engine speed on `shares` gave.

use rxguard::syntax::{parse, Flags, Flavor};
use std::io::BufRead;

fn main() {
    let target: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2e9);
    let stdin = std::io::stdin();
    for (index, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let pattern = v["pattern"].as_str().unwrap_or_default();
        let flags_text = v["flags"].as_str().unwrap_or_default();
        let Some(flavor) = Flavor::from_name(v["flavor"].as_str().unwrap_or("javascript")) else {
            continue;
        };
        for f in findings(pattern, flavor, flags_text, target) {
            let mut f = f;
            f["index"] = index.into();
            println!("{f}");
        }
    }
}

fn findings(
    pattern: &str,
    flavor: Flavor,
    flags_text: &str,
    target: f64,
) -> Vec<serde_json::Value> {
    let Ok(flags) = Flags::parse(flavor, flags_text) else {
        return Vec::new();
    };
    let Ok(mut ast) = parse(pattern, flavor, flags) else {
        return Vec::new();
    };
    // As the analysis sees it (`rxguard::analyze`).
    ast.expand_line_breaks(flavor);
    let mode = rxguard_attack::MatchMode::Search;
    let Ok(prog) = rxguard_attack::compile_code_units(&ast, flavor, flags, mode) else {
        return Vec::new();
    };
    let Ok(nfa) = rxguard_nfa::build(&ast, flavor, flags, &rxguard_nfa::Config::default()) else {
        return Vec::new();
    };
    let Ok(found) = rxguard_analysis::find(&nfa, &mut rxguard_analysis::Budget::default()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in found {
        let attack = rxguard_attack::Attack::single(&f.prefix, &f.pump, &f.suffix);
        let m = rxguard_attack::measure(
            &prog,
            &attack,
            1_000_000,
            rxguard_attack::StepBudget(4_000_000),
        );
        if !matches!(m.fit.growth, rxguard_attack::Growth::Polynomial { .. }) {
            continue;
        }
        let (prefix, pump) = (f.prefix.chars().count(), f.pump.chars().count().max(1));
        let fixed = prefix + f.suffix.chars().count();
        let length = m.fit.length_for(target).unwrap_or(1e6).min(1e6) as usize;
        let repeat = length.saturating_sub(fixed) / pump;
        let length = fixed + repeat * pump;
        let steps = 10f64.powf(m.fit.log10_steps_at(length as f64));
        out.push(serde_json::json!({
            "pattern": pattern, "flags": flags_text,
            "prefix": f.prefix, "pump": f.pump, "suffix": f.suffix,
            "repeat": repeat, "length": length, "steps": steps,
            "shares": m.mix.shares(),
        }));
    }
    out
}
