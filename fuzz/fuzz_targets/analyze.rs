//! Fuzz target: the whole analysis (parse, NFA, ambiguity search, simulator) on any
//! pattern and flavor returns a report — no panic — within small budgets, and a reported
//! attack is at most the maximum length.

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
        let attack = report.attack.expect("a vulnerable report carries its attack");
        assert!(attack.length <= 2_000, "attack longer than the maximum: {attack:?}");
        assert!(!attack.measured.is_empty());
    }
});
