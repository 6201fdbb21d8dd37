//! Steps to seconds: how fast each real engine executes the simulator's steps.
//!
//! The simulator counts executed instructions; engines differ by orders of magnitude in how
//! many of those they run per second (V8 compiles regexes to machine code, CPython's sre
//! interprets). A verdict must predict real blocking time, so the step threshold is a
//! blocking time (default one second) times the rate of the engine of the pattern's flavor.
//!
//! Rates are medians of `simulator steps at length L ÷ engine time at L` over the attacks
//! rxguard reported on the RegExScalpel CVE set, measured with `../shared/peers/confirm.py`
//! on this 2-core machine (see README, "Calibration"). Java and PCRE2 have not been
//! measured yet: they use V8's rate, the fastest measured, so a verdict there errs towards
//! needing a longer attack, never towards a false alarm.

use rxguard_syntax::Flavor;

/// V8 (Node 20.20, V8 11.3): median over 132 measurements; quartiles 2.9e9 and 4.9e9.
pub const V8_STEPS_PER_SECOND: f64 = 3.3e9;

/// CPython 3.11 `re`: median over 135 measurements; quartiles 5.7e8 and 5.3e9.
pub const CPYTHON_STEPS_PER_SECOND: f64 = 8.2e8;

/// The rate used for `flavor`'s engine, and whether it was measured for that engine.
pub fn steps_per_second(flavor: Flavor) -> (f64, bool) {
    match flavor {
        Flavor::JavaScript => (V8_STEPS_PER_SECOND, true),
        Flavor::Python => (CPYTHON_STEPS_PER_SECOND, true),
        _ => (V8_STEPS_PER_SECOND, false),
    }
}
