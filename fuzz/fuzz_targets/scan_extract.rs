//! Fuzz target: regex extraction from source code in every scanned language — no panic,
//! deterministic, positions inside the source (`rxguard_scan::fuzzing::extract_is_sound`,
//! which the saved inputs replay through).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = rxguard_scan::fuzzing::extract_is_sound(data) {
        panic!("{why}");
    }
});
