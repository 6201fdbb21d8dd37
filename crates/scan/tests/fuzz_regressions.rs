//! Replays the saved inputs of the `scan_extract` fuzz target (`testdata/fuzz/scan_extract/`)
//! through the check the target runs, so each past finding stays covered on stable CI.

use rxguard_scan::fuzzing::extract_is_sound;

#[test]
fn saved_scan_extract_inputs_replay_clean() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/fuzz/scan_extract"
    );
    let mut failures = Vec::new();
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).expect("testdata/fuzz/scan_extract exists") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("readable");
        if let Err(why) = extract_is_sound(&data) {
            failures.push(format!("{}: {why}", path.display()));
        }
        replayed += 1;
    }
    assert!(replayed > 0, "no saved inputs in {dir}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
