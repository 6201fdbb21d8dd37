//! Replays every saved fuzz input in `testdata/fuzz/<target>/` through the same check the
//! fuzz target runs, so each past crash stays covered on stable CI.

use rxguard_syntax::{check_round_trip, fuzz_input, Flavor};
use std::path::PathBuf;

#[test]
fn saved_fuzz_inputs_replay_clean() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/fuzz");
    let targets = [
        ("parse_js", Flavor::JavaScript),
        ("parse_python", Flavor::Python),
        ("parse_java", Flavor::Java),
        ("parse_pcre", Flavor::Pcre),
        ("parse_rust", Flavor::Rust),
    ];
    let mut replayed = 0;
    let mut failures = Vec::new();
    for (target, flavor) in targets {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let data = std::fs::read(&path).expect("readable");
            if let Some((pattern, flags)) = fuzz_input(flavor, &data) {
                if let Err(why) = check_round_trip(&pattern, flavor, flags) {
                    failures.push(format!("{}: {why}", path.display()));
                }
            }
            replayed += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        replayed > 0,
        "no saved fuzz inputs found under {}",
        root.display()
    );
}
