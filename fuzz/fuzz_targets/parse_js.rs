//! Fuzz target: the JavaScript parser never panics, and what it parses prints back to a pattern
//! that parses to the same Ast (`rxguard_syntax::check_round_trip`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rxguard_syntax::{check_round_trip, fuzz_input, Flavor};

fuzz_target!(|data: &[u8]| {
    if let Some((pattern, flags)) = fuzz_input(Flavor::JavaScript, data) {
        if let Err(why) = check_round_trip(&pattern, Flavor::JavaScript, flags) {
            panic!("{why}");
        }
    }
});
