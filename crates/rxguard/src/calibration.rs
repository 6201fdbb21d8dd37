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
//! their super-linear complexity and a reason.
//!
//! The JDK runs about ten times fewer steps per second than V8, but its verdicts keep the
//! rate at which their precision was measured (every sampled attack confirmed), as does
//! PCRE2 until it is measured on its own.

use rxguard_syntax::Flavor;

/// V8 (Node 20.20, V8 11.3). Measured over every attack rxguard reported on the CVE set as
/// JavaScript at 100,000 characters: median 7.75e9 steps/s (quartiles 5.4e9, 1.2e10) over
/// 663 timed points of 181 attacks; at 1.4e10, 156 of the 157 attacks it flags confirm
/// (99.4%; at the former 7e9, 173 of 181: V8 runs lazy scans such as ua-parser's `.*?`
/// device lists faster than the others).
pub const V8_STEPS_PER_SECOND: f64 = 1.4e10;

/// java.util.regex (JDK 17). Measured median 6.5e8 steps/s (quartiles 4.9e8, 8.4e8) on the
/// CVE set as Java; at this rate every attack sampled so far confirms on the JDK.
pub const JAVA_STEPS_PER_SECOND: f64 = 7e9;

/// CPython 3.11 `re`. Measured median 1.1e9 (quartiles 6.2e8, 3.6e9) over 129 timed
/// points of 37 attacks; at 8e9 the sample confirms 12/12 (at the median only 24/36:
/// sre's single-character repeats check the next literal before backtracking, which the
/// simulator does not model yet).
pub const CPYTHON_STEPS_PER_SECOND: f64 = 8e9;

/// How much slower than the rate used V8 runs many patterns: 7e9 steps/s, the rate at which
/// 173 of 181 CVE attacks confirmed on Node (the eight others ran at 0.49–0.87 s). Growth
/// that reaches the threshold only at that slower rate is `unknown` ("near the threshold"),
/// neither a `vulnerable` verdict that might not confirm nor a `safe` one that might block
/// for a second (`"(?:[^"\\]|\\.)*"`: 1.1 s on Node at 73,570 characters, under the
/// threshold at 1.4e10). `1.0` (no band) for the engines whose rate did not move.
pub fn rate_spread(flavor: Flavor) -> f64 {
    match flavor {
        Flavor::JavaScript => V8_STEPS_PER_SECOND / 7e9,
        _ => 1.0,
    }
}

/// The slowest rate measured on any engine: exponential backtracking through alternatives
/// runs far fewer steps per second than the scans most CVE attacks are made of — V8 2.6e8
/// (`^(?:a|a){25}$`, 13.6 million steps in 52 ms at 20 a's) and 3.6e8 (`^(a|a)*$`), CPython
/// 2.8e8 (`^(a|a)*$`). Where a counted repeat caps an attack, its length cannot make up for
/// the rate: work at the bound that blocks for a second at this rate is not called `safe`.
pub const SLOWEST_STEPS_PER_SECOND: f64 = 2.5e8;

/// The rate used for `flavor`'s engine, and whether it was measured for that engine.
pub fn steps_per_second(flavor: Flavor) -> (f64, bool) {
    match flavor {
        Flavor::JavaScript => (V8_STEPS_PER_SECOND, true),
        Flavor::Python => (CPYTHON_STEPS_PER_SECOND, true),
        Flavor::Java => (JAVA_STEPS_PER_SECOND, true),
        _ => (JAVA_STEPS_PER_SECOND, false),
    }
}
