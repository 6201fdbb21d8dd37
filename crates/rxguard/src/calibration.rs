//! Steps to seconds: how fast each real engine executes the simulator's steps.
//!
//! The simulator counts executed instructions; engines differ by orders of magnitude in how
//! many of those they run per second (V8 compiles regexes to machine code, CPython's sre
//! interprets). A verdict must predict real blocking time, so the step threshold is a
//! blocking time (default one second) times the rate of the engine of the pattern's flavor.
//!
//! Rates come from `simulator steps at length L ÷ engine time at L` over attacks rxguard
//! reported on the RegExScalpel CVE set, run on the real engines with
//! `../shared/peers/confirm.py` on this 2-core machine and evaluated by
//! `scripts/eval/calibrate.py` (README, "Calibration"). The spread per pattern is wide
//! (engines optimize some patterns far better than others), so each rate is chosen on the
//! fast side — the smallest rate at which every sampled attack that rxguard flags within
//! 100,000 characters really blocks the engine for a second. That trades recall for
//! precision: a `vulnerable` verdict holds; some slower attacks are reported `safe` with
//! their super-linear complexity and a reason. Java and PCRE2 are not measured yet and use
//! V8's rate.

use rxguard_syntax::Flavor;

/// V8 (Node 20.20, V8 11.3). Measured median 2.9e9 (quartiles 1.9e9, 3.8e9) over 146
/// timed points of 40 attacks; at 7e9 the two 40-attack samples confirm 22/22 and 12/12.
pub const V8_STEPS_PER_SECOND: f64 = 7e9;

/// CPython 3.11 `re`. Measured median 1.1e9 (quartiles 6.2e8, 3.6e9) over 129 timed
/// points of 37 attacks; at 8e9 the sample confirms 12/12 (at the median only 24/36:
/// sre's single-character repeats check the next literal before backtracking, which the
/// simulator does not model yet).
pub const CPYTHON_STEPS_PER_SECOND: f64 = 8e9;

/// The rate used for `flavor`'s engine, and whether it was measured for that engine.
pub fn steps_per_second(flavor: Flavor) -> (f64, bool) {
    match flavor {
        Flavor::JavaScript => (V8_STEPS_PER_SECOND, true),
        Flavor::Python => (CPYTHON_STEPS_PER_SECOND, true),
        _ => (V8_STEPS_PER_SECOND, false),
    }
}
