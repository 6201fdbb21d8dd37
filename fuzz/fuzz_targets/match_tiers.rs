//! Fuzz target: the matcher on any pattern, flavor and haystack — no panic, and where a
//! pattern runs on tier A, tier B (forced) finds the same matches and groups
//! (`rxguard::matcher::fuzzing::tiers_agree`, which the saved inputs replay through).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rxguard::matcher::fuzzing::tiers_agree;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = tiers_agree(data) {
        panic!("{why}");
    }
});
