//! Fuzz target: the whole analysis (parse, NFA, ambiguity search, simulator) on any
//! pattern and flavor returns a report — no panic — within small budgets, and a reported
//! attack replays: the simulator reproduces its measured steps, it fits the maximum
//! length and reaches the threshold (`rxguard::replay_attack`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rxguard::{analyze, Flavor, Options, Status};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(pattern) = std::str::from_utf8(rest) else { return };
    let flavor = Flavor::ALL[selector as usize % Flavor::ALL.len()];
    let mut options = Options::for_flavor(flavor);
    options.max_length = 2_000;
    options.run_budget = 20_000;
    let report = analyze(pattern, &options);
    if report.status == Status::Vulnerable {
        if let Err(e) = rxguard::replay_attack(pattern, &options, &report) {
            panic!("{pattern:?} ({flavor:?}): the attack does not replay: {e}");
        }
    }
});
