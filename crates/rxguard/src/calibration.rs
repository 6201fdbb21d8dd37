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
//! 100,000 characters really blocks the engine for a second. A `vulnerable` verdict holds;
//! a super-linear finding below that, but within the engine's spread of a second (from the
//! `*_NEAR` share of it), is `unknown` ("near the threshold"), and only one further below is
//! `safe`, with its complexity and a reason.
//!
//! V8, CPython, the JDK and PCRE2 have cost models per step kind, fitted to their timings.
//!
//! The costs were fitted to step counts the growth fit extrapolated with a power law; the
//! rates files now hold the counts its exact polynomials give (`rxguard_attack::growth`),
//! on which the same costs spread the timed attacks the same or tighter (README,
//! "Analysis").

use rxguard_attack::StepMix;
use rxguard_syntax::Flavor;

/// V8's time per simulator step, by step kind ([`StepMix::NAMES`]), in seconds: fitted by
/// `scripts/eval/fit_rates.py` (least squares on the relative error, costs ≥ 0, scaled so the
/// median attack takes its predicted time) to Node 20 timing super-linear findings' attacks
/// (one per pattern, from the CVE set and the davis sample's JavaScript patterns) at the
/// length where the simulator predicts 2e9 steps (`examples/step_mix.rs`,
/// `scripts/eval/step_rates.py`; the timings are `testdata/calibration/v8-node20-rates.jsonl`,
/// whose first ~590 the fit saw). V8 compiles a scan of one class to a tight loop and a lazy
/// loop's retry to a test of the next character, but pays for each greedy iteration's
/// backtrack entry and each character test: over the 697 timed attacks, one rate for all
/// patterns was 2.3× too fast for one attack in twenty and 1.8× too slow for another; these
/// costs 1.7× and 1.75× (README, "Calibration").
pub const V8_STEP_SECONDS: [f64; StepMix::KINDS] = [
    4.657e-10, // char_hit
    4.185e-10, // char_miss
    0.0,       // split
    1.295e-09, // greedy_head
    0.0,       // lazy_head
    0.0,       // bookkeeping
    8.408e-10, // other
    0.0,       // backtrack
    // Python programs only (CPython's fast paths); fitted on no V8 timing: as a test.
    4.657e-10, // sre_single_repeat
    4.185e-10, // sre_literal_tail
];

/// V8 (Node 20.20, V8 11.3), one rate for every pattern: what the verdicts used before the
/// per-kind costs above, and what they use for an attack with no steps. Measured over every attack rxguard reported on the CVE set as
/// JavaScript at 100,000 characters: median 7.75e9 steps/s (quartiles 5.4e9, 1.2e10) over
/// 663 timed points of 181 attacks; at 1.4e10, 156 of the 157 attacks it flags confirm
/// (99.4%; at the former 7e9, 173 of 181: V8 runs lazy scans such as ua-parser's `.*?`
/// device lists faster than the others).
pub const V8_STEPS_PER_SECOND: f64 = 1.4e10;

/// java.util.regex (JDK 17), one rate for every pattern: the fixed threshold and what an
/// attack with no steps uses. Over the 480 attacks of `testdata/calibration/jdk17-rates.jsonl`
/// the median is 5.2e8 steps/s and the fastest 2.3e9; at this rate every attack sampled
/// confirms on the JDK.
pub const JAVA_STEPS_PER_SECOND: f64 = 7e9;

/// The JDK's time per simulator step, by step kind ([`StepMix::NAMES`]), in seconds: fitted
/// as CPython's ([`CPYTHON_STEP_SECONDS`]) to JDK 17 timing 480 attacks (super-linear
/// findings of the CVE set as Java and of 300 of the davis sample's Java patterns, one per
/// pattern, at the length where the simulator predicts 2e8 steps, each run once by
/// `../shared/peers/confirm.py` on its Java engine server). The JDK's speed varies less than
/// the others': one rate spreads measured/predicted held-out time from 0.49 (1%) and 0.65
/// (5%) to 2.0 (95%), these costs from 0.58 and 0.65 to 2.0.
pub const JAVA_STEP_SECONDS: [f64; StepMix::KINDS] = [
    0.0,      // char_hit
    1.697e-9, // char_miss
    1.108e-8, // split
    0.0,      // greedy_head
    1.135e-9, // lazy_head
    4.285e-9, // bookkeeping
    0.0,      // other
    0.0,      // backtrack
    0.0,      // sre_single_repeat (Python programs only)
    0.0,      // sre_literal_tail (Python programs only)
];

/// How far above one blocking time the JDK's predicted time must be for `vulnerable`, as
/// V8's and CPython's.
pub const JAVA_MODEL_MARGIN: f64 = 2.2;

/// CPython 3.11 `re`, one rate for every pattern: what an attack with no steps uses, and
/// the fixed threshold of [`steps_per_second`]. Over the 792 attacks of
/// `testdata/calibration/cpython311-rates.jsonl` the median is 8.5e8 steps/s, and 99% run
/// at 8e9 or slower.
pub const CPYTHON_STEPS_PER_SECOND: f64 = 8e9;

/// CPython's time per simulator step, by step kind ([`StepMix::NAMES`]), in seconds: fitted
/// by `scripts/eval/fit_rates.py` to CPython 3.11 timing one attack per super-linear
/// pattern of the CVE set as Python and of 400 of the davis sample's Python patterns, each
/// at the length where the simulator predicts 5e8 steps
/// (`testdata/calibration/cpython311-rates.jsonl`, `scripts/eval/step_rates.py --engine
/// python`). sre runs a repeat of one character in a C loop and, when a literal follows
/// it, tries the rest only where that literal stands (`StepClass`): one rate for all
/// patterns spread measured/predicted time from 0.11 (5%) to 2.4 (95%); these costs from
/// 0.51 to 5.7 on the held-out attacks, 0.46 at 1% — the side that decides precision.
pub const CPYTHON_STEP_SECONDS: [f64; StepMix::KINDS] = [
    4.806e-10, // char_hit
    4.194e-9,  // char_miss
    0.0,       // split
    0.0,       // greedy_head
    3.425e-9,  // lazy_head
    2.368e-9,  // bookkeeping
    2.882e-9,  // other
    1.665e-9,  // backtrack
    3.211e-10, // sre_single_repeat
    0.0,       // sre_literal_tail
];

/// How far above one blocking time CPython's predicted time must be for `vulnerable`, as
/// V8's ([`V8_MODEL_MARGIN`]): the held-out attacks ran at least 0.46 of their predicted
/// time (1%), 0.51 (5%). A finding that neither this nor [`CPYTHON_STEPS_PER_SECOND`] puts
/// at a second is `unknown` from [`CPYTHON_NEAR`] up, `safe` below.
pub const CPYTHON_MODEL_MARGIN: f64 = 2.2;

/// How far above one blocking time V8's predicted time must be for `vulnerable`: measured
/// over predicted time was at least 0.37 for 99% of the timed attacks and at least 0.58 for
/// 95%; attacks aim past the threshold where the length allows, so most verdicts stand well
/// above it. A finding predicted
/// between [`V8_NEAR`] and this many blocking times is `unknown` ("near the threshold").
pub const V8_MODEL_MARGIN: f64 = 2.2;

/// Where "near the threshold" begins on V8, in predicted blocking times: a super-linear
/// finding predicted below it is `safe` (with its complexity and predicted time), from it
/// up to [`V8_MODEL_MARGIN`] `unknown`. Set by the engines, not by the
/// fit, since a verdict must hold on the engine however the host runs that hour: of the davis
/// sample's JavaScript findings that an edge of 1.3 had called `safe`, Node 20 blocked for a
/// second within 100,000 characters (one try each, `confirm.py`, 2026-12-06) on 89 of the 107
/// predicted at 1.0–1.3 s, 123 of 186 at 0.5–1.0 s, 11 of 86 at 0.3–0.5 s (the lowest
/// 0.30 s: `(.|\n)*` scans), and none of the 59 below 0.3 s. Measured over predicted time
/// reached 3.3 there, 2.6 for 99% of the calibration's attacks.
pub const V8_NEAR: f64 = 0.25;

/// Where "near the threshold" begins on CPython (as [`V8_NEAR`]). CPython's speed around the
/// prediction spreads wider than V8's, mostly on sre's one-character repeats, and moves
/// with the host (`role.*cannot be assumed`: 0.06 s at 28,284 characters for the
/// calibration, 0.11–0.16 s on 2026-12-06): of the davis sample's Python findings called
/// `safe` before there was a band, CPython 3.11 blocked on all 56 predicted at 1.0–2.2 s,
/// 40 of 63 at 0.15–1.0 s (the lowest 0.30 s), none of the 2 below, while one predicted at
/// 0.17 s ran 0.99 s. 99% of the calibration's attacks ran within 8.6 times their
/// predicted time.
pub const CPYTHON_NEAR: f64 = 0.15;

/// Where "near the threshold" begins on the JDK (as [`V8_NEAR`]): 99% of the calibration's
/// attacks ran within 4.2 times their predicted time. Each of the 10 Java findings of the
/// davis sample called `safe` before there was a band blocked JDK 17 for a second.
pub const JAVA_NEAR: f64 = 0.2;

/// Where "near the threshold" begins on `flavor`'s engine, in predicted blocking times;
/// `None` for Rust, whose engine does not backtrack.
pub fn near_edge(flavor: Flavor) -> Option<f64> {
    match flavor {
        Flavor::JavaScript => Some(V8_NEAR),
        Flavor::Python => Some(CPYTHON_NEAR),
        Flavor::Java => Some(JAVA_NEAR),
        Flavor::Pcre => Some(PCRE2_NEAR),
        _ => None,
    }
}

/// What the steps under which a super-linear finding is `safe` on `flavor`'s engine are
/// (the second element of [`step_thresholds`]), for a verdict's reason.
pub fn safe_below(flavor: Flavor, block_seconds: f64) -> String {
    match near_edge(flavor) {
        Some(edge) => format!(
            "{:.0}% of {block_seconds} s of the engine at its predicted speed on this \
             pattern, which engines can run a few times slower",
            100.0 * edge
        ),
        None => format!("{block_seconds} s of the engine"),
    }
}

/// The steps per second V8 is predicted to run an attack at, from the mix of its steps
/// (never below the slowest rate measured on any engine).
pub fn v8_rate(mix: &StepMix) -> f64 {
    rate(mix, &V8_STEP_SECONDS, V8_STEPS_PER_SECOND)
}

/// The steps per second CPython is predicted to run an attack at, from the mix of its
/// steps (as [`v8_rate`]). The sre kinds occur in Python programs only; for another
/// flavor's pattern this is an estimate of a pattern sre would compile differently.
pub fn cpython_rate(mix: &StepMix) -> f64 {
    rate(mix, &CPYTHON_STEP_SECONDS, CPYTHON_STEPS_PER_SECOND)
}

/// The steps per second the JDK is predicted to run an attack at (as [`v8_rate`]).
pub fn java_rate(mix: &StepMix) -> f64 {
    rate(mix, &JAVA_STEP_SECONDS, JAVA_STEPS_PER_SECOND)
}

/// The steps per second PCRE2 is predicted to run an attack at (as [`v8_rate`]).
pub fn pcre2_rate(mix: &StepMix) -> f64 {
    rate(mix, &PCRE2_STEP_SECONDS, PCRE2_STEPS_PER_SECOND)
}

fn rate(mix: &StepMix, costs: &[f64; StepMix::KINDS], none: f64) -> f64 {
    let seconds: f64 = mix
        .shares()
        .iter()
        .zip(costs)
        .map(|(share, cost)| share * cost)
        .sum();
    if seconds > 0.0 {
        (1.0 / seconds).max(SLOWEST_STEPS_PER_SECOND)
    } else {
        none
    }
}

/// The steps at which an attack whose steps are `mix` blocks `flavor`'s engine for
/// `block_seconds`: `(vulnerable at or above, near the threshold at or above)`. Below the
/// second, a super-linear finding is `safe`.
pub fn step_thresholds(flavor: Flavor, mix: &StepMix, block_seconds: f64) -> (f64, f64) {
    match flavor {
        Flavor::JavaScript => {
            let at_rate = v8_rate(mix) * block_seconds;
            (at_rate * V8_MODEL_MARGIN, at_rate * V8_NEAR)
        }
        Flavor::Python => {
            // Either prediction suffices: the fixed rate is CPython's fast end (99% of the
            // timed attacks run no faster), the model with its margin covers the rest.
            let fixed = CPYTHON_STEPS_PER_SECOND * block_seconds;
            let at_rate = cpython_rate(mix) * block_seconds;
            let at = fixed.min(at_rate * CPYTHON_MODEL_MARGIN);
            (at, at.min(at_rate * CPYTHON_NEAR))
        }
        Flavor::Java => {
            let fixed = JAVA_STEPS_PER_SECOND * block_seconds;
            let at_rate = java_rate(mix) * block_seconds;
            let at = fixed.min(at_rate * JAVA_MODEL_MARGIN);
            (at, at.min(at_rate * JAVA_NEAR))
        }
        Flavor::Pcre => {
            let fixed = PCRE2_STEPS_PER_SECOND * block_seconds;
            let at_rate = pcre2_rate(mix) * block_seconds;
            let at = fixed.min(at_rate * PCRE2_MODEL_MARGIN);
            (at, at.min(at_rate * PCRE2_NEAR))
        }
        _ => {
            let at_rate = steps_per_second(flavor).0 * block_seconds;
            (at_rate, at_rate)
        }
    }
}

/// PCRE2 10.42's interpreter, one rate for every pattern: the fixed threshold and what an
/// attack with no steps uses. Over the 495 attacks of
/// `testdata/calibration/pcre2-10.42-rates.jsonl` the median is 4.7e8 steps/s, 99% run at
/// 9.8e9 or slower and the fastest at 2.1e10 (scans the simulator runs as possessive
/// repeats, which PCRE2 runs in a tight loop).
pub const PCRE2_STEPS_PER_SECOND: f64 = 2.1e10;

/// PCRE2's time per simulator step, by step kind ([`StepMix::NAMES`]), in seconds: fitted
/// as CPython's ([`CPYTHON_STEP_SECONDS`]) to PCRE2 10.42 timing 495 attacks at the length
/// where the simulator predicts 2e8 steps (the super-linear findings of the CVE set and of
/// 700 of the davis sample's JavaScript and Python patterns, all as PCRE2, one per pattern;
/// `scripts/eval/step_rates.py --engine pcre2`, through ctypes with the match limits
/// raised). Before the simulator made the repeats PCRE2 auto-possessifies possessive
/// (`rxguard_attack`'s `possess`), 15% of the attacks ran 5 to 25 times faster than their
/// predicted time and no costs could fit them (the fastest 5% at 0.06 of their
/// prediction); now one rate for all patterns spreads measured/predicted held-out time from
/// 0.05 (1%) to 1.97 (99%), and these costs from 0.58 (1%) and 0.70 (5%) to 1.57 (95%) and
/// 2.78 (99%). A character test, mostly inside PCRE2's own repeat loops, costs a
/// twenty-fourth of a give-back, for which PCRE2 pays a recursive match call.
pub const PCRE2_STEP_SECONDS: [f64; StepMix::KINDS] = [
    5.740e-10, // char_hit
    0.0,       // char_miss
    2.493e-09, // split
    0.0,       // greedy_head
    1.025e-09, // lazy_head
    0.0,       // bookkeeping
    0.0,       // other
    1.403e-08, // backtrack
    0.0,       // sre_single_repeat (Python programs only)
    0.0,       // sre_literal_tail (Python programs only)
];

/// How far above one blocking time PCRE2's predicted time must be for `vulnerable`, as
/// V8's ([`V8_MODEL_MARGIN`]): the held-out attacks ran at least 0.58 of their predicted
/// time (1%).
pub const PCRE2_MODEL_MARGIN: f64 = 2.2;

/// Where "near the threshold" begins on PCRE2 (as [`V8_NEAR`]). Of the davis sample's
/// findings as PCRE2 that are not `vulnerable` and are predicted at 0.05 s or more, PCRE2
/// 10.42 blocked for a second within 100,000 characters (one try each, `confirm.py`,
/// 2026-12-06) on 84 of the 86 predicted at 1.0–2.2 s, 11 of 45 at 0.5–1.0 s (the lowest
/// 0.57 s), and none of the 54 below 0.5 s.
pub const PCRE2_NEAR: f64 = 0.25;

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
        Flavor::Pcre => (PCRE2_STEPS_PER_SECOND, true),
        _ => (JAVA_STEPS_PER_SECOND, false),
    }
}
