//! Replays the saved inputs of the `analyze` fuzz target (`testdata/fuzz/analyze/`) with
//! the target's own settings, so every past crash stays covered on stable CI.

use rxguard::{analyze, Flavor, Options, Status};

#[test]
fn saved_analyze_inputs_replay_clean() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/fuzz/analyze");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).expect("saved inputs") {
        let data = std::fs::read(entry.expect("entry").path()).expect("readable");
        let Some((&selector, rest)) = data.split_first() else {
            continue;
        };
        let Ok(pattern) = std::str::from_utf8(rest) else {
            continue;
        };
        let mut options = Options::for_flavor(Flavor::ALL[selector as usize % Flavor::ALL.len()]);
        options.max_length = 2_000;
        options.run_budget = 20_000;
        let report = analyze(pattern, &options);
        if report.status == Status::Vulnerable {
            assert!(report.attack.expect("attack").length <= 2_000);
        }
        replayed += 1;
    }
    assert!(replayed > 0);
}
