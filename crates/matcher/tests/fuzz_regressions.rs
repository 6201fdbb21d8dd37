//! Replays the saved inputs of the `match_tiers` fuzz target (`testdata/fuzz/match_tiers/`)
//! through the check the target runs, so each past finding stays covered on stable CI.

use rxguard_matcher::fuzzing::tiers_agree;

#[test]
fn saved_match_tiers_inputs_replay_clean() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/fuzz/match_tiers"
    );
    let entries = std::fs::read_dir(dir).expect("testdata/fuzz/match_tiers exists");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for entry in entries {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("readable");
        if let Err(why) = tiers_agree(&data) {
            failures.push(format!("{}: {why}", path.display()));
        }
        replayed += 1;
    }
    assert!(replayed > 0, "no saved inputs in {dir}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
