//! From findings to a verdict: each finding the NFA analysis proposes is run through the
//! backtracking simulator at growing lengths, and only measured super-linear growth that
//! reaches the step threshold within the attacker's maximum length makes a pattern
//! `vulnerable` (DESIGN.md, "Threat model").

use crate::bound::RepeatBound;
use crate::report::{
    AtMaxLength, Attack, Candidate, Complexity, Diagnostics, ExpectedSeconds, Pump, Report,
    SpanRecord, Status,
};
use crate::{Flavor, Options};
use rxguard_analysis::{Ambiguity, Finding};
use rxguard_attack::{measure, Growth, Program, StepBudget};
use std::borrow::Cow;

/// A finding that the simulator confirmed.
struct Confirmed {
    complexity: Complexity,
    degree: Option<u32>,
    attack: Attack,
    span: SpanRecord,
    /// Orders verdicts: exponential first, then higher degree, then shorter attack.
    rank: (u32, u32, std::cmp::Reverse<u64>),
}

/// How far beyond the step threshold a reported attack aims, where the maximum length
/// allows.
const ATTACK_MARGIN: f64 = 16.0;

/// The suffixes to try for a finding: its own, and — where the engine gives up at once on
/// a subject without its required character (PCRE2) and the attack has none — its own
/// followed by that character, tried first: after a breaker, else after text that leaves
/// no attempt alive (`dead_end`), so that no thread can use the character to match.
fn suffixes(
    prog: &Program,
    f: &Finding,
    breaker: Option<&str>,
    dead_end: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(req) = &prog.required {
        let text = format!("{}{}{}", f.prefix, f.pump, f.suffix);
        if !text.chars().any(|c| req.contains(c)) {
            if let Some(&(c, _)) = req.ranges().first() {
                out.push(format!("{}{}{c}", f.suffix, breaker.unwrap_or("")));
                let attempt = format!("{}{}{}{}{}", f.prefix, f.pump, f.pump, f.pump, f.suffix);
                if let Some(end) = dead_end(&attempt) {
                    let tail = if end.chars().any(|e| req.contains(e)) {
                        end
                    } else {
                        format!("{end}{c}")
                    };
                    let ended = format!("{}{tail}", f.suffix);
                    if !out.contains(&ended) {
                        out.push(ended);
                    }
                }
            }
        }
    }
    out.push(f.suffix.clone());
    out
}

/// Most words measured per pattern on retry for loops whose language the NFA approximates.
const RETRY_MEASURES: usize = 16;

/// Other words for a loop whose language the NFA approximates, where the proposed one
/// measured linear: a lookahead or backreference may turn that word away and want one
/// character more or another last character (`\((?=\d+)(.*)\)` rejects "(" + "'" but
/// not "(0"). Each candidate character appended, then in place of the last.
fn retry_pumps(f: &Finding) -> Vec<String> {
    let last = f.pump.char_indices().last().map_or(0, |(i, _)| i);
    let appended = f.retry_chars.chars().map(|c| format!("{}{c}", f.pump));
    let replaced = f
        .retry_chars
        .chars()
        .filter(|_| last > 0)
        .map(|c| format!("{}{c}", &f.pump[..last]));
    appended.chain(replaced).collect()
}

/// Steps below which a run's work counts as constant (the fit's floor is 50).
const CONSTANT_WORK: u64 = 1_000;

/// Most steps one run past a counted loop's bound may take.
const SATURATION_BUDGET: u64 = 20_000_000;

/// Whether polynomial growth measured below a counted loop's bound stops there: with
/// `\w{1,1000}!` every start reads at most 1,000 characters, so steps grow as n² only while
/// n < 1,000, and linearly after — a fit on the short runs would extrapolate a blow-up the
/// engines never show (0.2–0.8 s at 100,000 characters on Node, CPython, the JDK). The
/// attack is run at two and four times the largest bound; if doubling the length there no
/// more than about doubles the steps, the growth is linear.
fn saturates(
    prog: &Program,
    prefix: &str,
    pump: &str,
    suffix: &str,
    points: &[(u64, u64)],
    options: &Options,
) -> bool {
    let bound = prog
        .insts
        .iter()
        .filter_map(|i| match i {
            rxguard_attack::Inst::LoopHead { max: Some(m), .. } => Some(*m as usize),
            _ => None,
        })
        .max();
    let Some(bound) = bound.filter(|&b| b >= 2) else {
        return false;
    };
    let measured = points.last().map_or(0, |p| p.0 as usize);
    if measured >= 4 * bound || 4 * bound > options.max_length {
        return false;
    }
    let attack = rxguard_attack::Attack::single(prefix, pump, suffix);
    let pump_len = pump.chars().count().max(1);
    let k = (2 * bound).div_ceil(pump_len);
    let steps = |prog: &Program, n: usize| {
        rxguard_attack::search(prog, &attack.build(n), StepBudget(SATURATION_BUDGET))
            .ok()
            .map(|o| o.steps)
    };
    if let Some(a) = steps(prog, k) {
        if let Some(b) = steps(prog, 2 * k) {
            return (b as f64) < 2.5 * a.max(1) as f64;
        }
    }
    // Too long to search whole (`[0-9]{1,9999}:`): one attempt, at the first position.
    // If it reads at least the bound and costs no more at twice the length, no attempt
    // can — each start does bounded work. (An attempt that fails at once proves nothing:
    // `a{1,5}\s+$` spends its work elsewhere.)
    let mut once = prog.clone();
    once.anchored_start = true;
    let Some(a) = steps(&once, k).filter(|&a| a >= bound as u64) else {
        return false;
    };
    steps(&once, 2 * k).is_some_and(|b| (b as f64) < 1.2 * a as f64)
}

/// For a finding capped by a counted repeat: where an unanchored search, trying the
/// bounded attempt at every start of a maximum-length input, would reach the threshold,
/// records (steps of one attempt, steps of all): `(a|a){1,20}$` costs about 2^21 steps per
/// start position. One attempt is measured from position 0 alone, within the bound.
fn note_per_start(
    per_start: &mut Option<(f64, f64)>,
    attack: &rxguard_attack::Attack,
    limit: usize,
    pump_len: usize,
    prog: &Program,
    options: &Options,
) {
    if prog.anchored_start {
        return;
    }
    let mut single = prog.clone();
    single.anchored_start = true;
    let m = measure(&single, attack, limit, StepBudget(options.run_budget));
    let once = if m.reached_max_length {
        m.points.last().map_or(0.0, |p| p.1 as f64)
    } else {
        match m.fit.growth {
            Growth::Exponential { .. } | Growth::Polynomial { .. } | Growth::Linear => {
                m.fit.steps_at(limit as f64)
            }
            _ => return,
        }
    };
    let starts = options.max_length.saturating_sub(limit) as f64 / pump_len.max(1) as f64;
    if once * starts >= options.threshold() as f64 && per_start.is_none_or(|(o, _)| once > o) {
        *per_start = Some((once, once * starts));
    }
}

/// The attack for a finding measured as `m`: the length that reaches `len` in whole pumps,
/// raised towards the length where the fitted growth reaches `aim_steps` (engines run some
/// patterns several times faster than the calibrated rate: on Node, 29 of 166 CVE attacks
/// aimed at exactly 1 s took 0.04–0.97 s) as far as `limit` allows. `None` when whole
/// pumps overshoot `limit`.
fn build_attack(
    f: &Finding,
    suffix: &str,
    m: &rxguard_attack::Measurement,
    len: f64,
    limit: usize,
    aim_steps: f64,
) -> Option<Attack> {
    let fixed = (f.prefix.chars().count() + suffix.chars().count()) as f64;
    let pump_len = f.pump.chars().count() as f64;
    let repeat = ((len - fixed) / pump_len).ceil().max(1.0) as u64;
    let length = fixed as u64 + repeat * pump_len as u64;
    if length > limit as u64 {
        return None;
    }
    let aim = m
        .fit
        .length_for(aim_steps)
        .unwrap_or(len)
        .clamp(len, limit as f64);
    let max_repeat = ((limit as f64 - fixed) / pump_len).floor() as u64;
    let repeat =
        (((aim - fixed) / pump_len).ceil().max(1.0) as u64).clamp(repeat, max_repeat.max(repeat));
    let length = fixed as u64 + repeat * pump_len as u64;
    let steps = m.fit.steps_at(length as f64).min(u64::MAX as f64) as u64;
    // Within a bound, the attack's work stops growing at the bound.
    let max_repeat = max_repeat.max(1);
    let max_len = fixed as u64 + max_repeat * pump_len as u64;
    let max_log10 = m.fit.log10_steps_at(max_len as f64);
    let v8_rate = crate::calibration::v8_rate(&m.mix);
    let cpython_rate = crate::calibration::cpython_rate(&m.mix);
    let jdk_rate = crate::calibration::java_rate(&m.mix);
    let pcre2_rate = crate::calibration::pcre2_rate(&m.mix);
    Some(Attack {
        pumps: vec![Pump {
            prefix: f.prefix.clone(),
            pump: f.pump.clone(),
            repeat,
        }],
        suffix: suffix.to_string(),
        length,
        steps,
        measured: m.points.clone(),
        attempt_steps: rxguard_attack::fit(&m.attempt_points, rxguard_attack::FIT_FLOOR)
            .steps_at(length as f64)
            .min(steps as f64)
            .max(0.0) as u64,
        expected_seconds: ExpectedSeconds {
            v8: steps as f64 / v8_rate,
            cpython: steps as f64 / cpython_rate,
            jdk: steps as f64 / jdk_rate,
            pcre2: steps as f64 / pcre2_rate,
        },
        at_max_length: AtMaxLength {
            length: max_len,
            steps_log10: max_log10,
            seconds_log10: ExpectedSeconds {
                v8: max_log10 - v8_rate.log10(),
                cpython: max_log10 - cpython_rate.log10(),
                jdk: max_log10 - jdk_rate.log10(),
                pcre2: max_log10 - pcre2_rate.log10(),
            },
        },
    })
}

pub(crate) fn decide(
    prog: &Program,
    findings: &[Finding],
    bounds: &[Option<RepeatBound>],
    approximations: Vec<String>,
    breaker: Option<&str>,
    dead_end: &dyn Fn(&str) -> Option<String>,
    options: &Options,
) -> Report {
    let mut diag = Diagnostics {
        findings: findings.len() as u32,
        approximations,
        ..Diagnostics::default()
    };
    let mut best: Option<Confirmed> = None;
    // The first finding that grows super-linearly but not far enough, and the length it
    // was measured against (shorter than the maximum within a counted repeat's bound).
    let mut bounded: Option<(Complexity, Option<u32>, usize, f64)> = None;
    let mut near = 0u32;
    // The first near finding's work at the maximum length, as a share of the threshold.
    let mut near_share: Option<f64> = None;
    let mut guessed_linear = 0;
    // Linear words for loops whose language the NFA approximates.
    let mut inexact_linear = 0;
    // Bounded findings whose work per start position stays under the threshold but whose
    // repetition at every start of a long input would not: (steps per start, total).
    let mut per_start: Option<(f64, f64)> = None;
    let mut past_bound = 0u32;
    // Findings whose attack puts a lone high surrogate before a lone low one (Java).
    let mut paired_units = 0u32;
    // Findings whose attack made the engine try nothing (PCRE2's required character), with
    // the character placed after it measuring no super-linear growth either.
    let mut no_attempt = 0u32;
    // Bounded findings whose work at the bound stays under the threshold at the engine's
    // rate but not at the slowest one: (steps at the bound, the bound).
    let mut near_bound: Option<(f64, usize)> = None;
    // The strongest super-linear finding below the threshold (uncapped), for the report.
    let mut below: Option<Candidate> = None;
    // Exponential proposals first, then polynomial ones by claimed degree: once a finding
    // is confirmed, proposals that cannot outrank it are not measured (each measurement
    // runs the simulator up to a million steps several times).
    let claim = |f: &Finding| match f.ambiguity {
        Ambiguity::Exponential => (1, 0),
        Ambiguity::Polynomial { degree } => (0, degree),
        _ => (0, 0),
    };
    let mut order: Vec<(&Finding, Option<RepeatBound>)> = findings
        .iter()
        .zip(bounds.iter().copied().chain(std::iter::repeat(None)))
        .collect();
    order.sort_by_key(|(f, _)| std::cmp::Reverse(claim(f)));
    // Findings to measure: the analysis' own (borrowed), then words retried for inexact
    // loops (`true`), which run only while nothing is confirmed, at most RETRY_MEASURES.
    let mut work: Vec<(Cow<'_, Finding>, Option<RepeatBound>, bool)> = order
        .into_iter()
        .map(|(f, b)| (Cow::Borrowed(f), b, false))
        .collect();
    let mut retries_left = RETRY_MEASURES;
    let mut next = 0;
    // Retried words are not findings: the counts stay those of the findings.
    let mut counts_before_retries = None;
    while let Some((f, bound, retry)) = work.get(next).cloned() {
        next += 1;
        let f = &*f;
        if retry {
            counts_before_retries.get_or_insert((diag.refuted, diag.undecided));
            if best.is_some() || retries_left == 0 {
                continue;
            }
            retries_left -= 1;
        }
        if f.pump.is_empty() {
            diag.undecided += 1;
            continue;
        }
        if let Some(b) = &best {
            if f.alternate && b.rank.0 == 1 {
                continue;
            }
            let (kind, degree) = claim(f);
            let outranked = b.rank.0 > kind || (kind == 0 && b.rank.1 >= degree);
            if outranked {
                continue;
            }
        }
        // The first suffix whose attack measures super-linear, else the finding's own.
        let variants = suffixes(prog, f, breaker, dead_end);
        // Inside counted repeats only, pumps past the bound add nothing to the attempt
        // through the loop: measure within it.
        let limit_for = |suffix: &str| match bound {
            Some(b) => b
                .attack_limit(f.prefix.chars().count(), suffix.chars().count())
                .min(options.max_length),
            None => options.max_length,
        };
        let mut picked = None;
        for (i, suffix) in variants.iter().enumerate() {
            let attack = rxguard_attack::Attack::single(&f.prefix, &f.pump, suffix);
            let m = measure(
                prog,
                &attack,
                limit_for(suffix),
                StepBudget(options.run_budget),
            );
            let superlinear = match m.fit.growth {
                Growth::Exponential { .. } => true,
                Growth::Polynomial { degree, .. } => degree >= 2,
                _ => false,
            };
            if superlinear || i + 1 == variants.len() {
                picked = Some((suffix.clone(), m));
                break;
            }
        }
        let Some((suffix, m)) = picked else { continue };
        if options.flavor == Flavor::Java
            && joins_surrogates(&[&f.prefix, &f.pump, &f.pump, &suffix])
        {
            // java.util.regex reads a high surrogate before a low one as one character, so
            // the lone code units the model matched would not be lone in the attack.
            diag.undecided += 1;
            paired_units += 1;
            continue;
        }
        let limit = limit_for(&suffix);
        let capped = bound.is_some() && limit < options.max_length;
        let attack = rxguard_attack::Attack::single(&f.prefix, &f.pump, &suffix);
        if capped && m.reached_max_length {
            // The whole bound was measured within the run budget, so one attempt's work is
            // small — unless nothing fails within the bound: with
            // `^(?:(?:a|[^b]|[ab]){2,5}){2,5}$` every text of up to 25 characters matches,
            // and the 26th makes the engine try every way through the first 25. One run
            // just past the bound settles that.
            let pump_len = f.pump.len().max(1);
            let past = (limit + pump_len).saturating_sub(f.prefix.len() + suffix.len());
            let input = attack.build(past.div_ceil(pump_len));
            if rxguard_attack::search(prog, &input, StepBudget(options.run_budget)).is_err() {
                diag.undecided += 1;
                past_bound += 1;
                continue;
            }
            note_per_start(&mut per_start, &attack, limit, f.pump.len(), prog, options);
            diag.refuted += 1;
            continue;
        }
        let (complexity, degree, rank0, rank1) = match m.fit.growth {
            Growth::Exponential { .. } => (Complexity::Exponential, None, 1, 0),
            Growth::Polynomial { degree, .. } if degree >= 2 => {
                (Complexity::Polynomial, Some(degree), 0, degree)
            }
            // A guessed suffix that stays linear refutes the guess, not the ambiguity.
            Growth::Linear if f.guessed_suffix => {
                diag.undecided += 1;
                guessed_linear += 1;
                continue;
            }
            Growth::Linear if f.inexact_loop => {
                diag.undecided += 1;
                inexact_linear += 1;
                if !f.guessed_suffix {
                    for pump in retry_pumps(f) {
                        let mut g = f.clone();
                        g.pump = pump;
                        g.suffix = suffix.clone();
                        g.inexact_loop = false;
                        work.push((Cow::Owned(g), bound, true));
                    }
                }
                continue;
            }
            Growth::Linear => {
                diag.refuted += 1;
                continue;
            }
            // Too few points to fit because the work never grew: the attempt matches at
            // once at every length tried (`(.*?)` with no suffix). No steps at all is an
            // engine's shortcut making no attempt (PCRE2's required character), which
            // proves nothing about the attempts it does make.
            _ if !m.budget_hit
                && m.points.len() >= 10
                && m.points.iter().all(|p| (1..CONSTANT_WORK).contains(&p.1)) =>
            {
                diag.refuted += 1;
                continue;
            }
            // No steps at all: the engine tried nothing on a text without its required
            // character, and the texts with it did not grow.
            _ if prog.required.is_some() && m.points.iter().all(|p| p.1 == 0) => {
                diag.undecided += 1;
                no_attempt += 1;
                continue;
            }
            _ => {
                diag.undecided += 1;
                continue;
            }
        };
        if complexity == Complexity::Polynomial
            && saturates(prog, &f.prefix, &f.pump, &suffix, &m.points, options)
        {
            diag.refuted += 1;
            continue;
        }
        let fixed = (f.prefix.chars().count() + suffix.chars().count()) as f64;
        let pump_len = f.pump.chars().count() as f64;
        let (threshold, near_edge) = options.thresholds(&m.mix);
        let reach = m.fit.length_for(threshold);
        let Some(len) = reach.filter(|&l| l <= limit as f64) else {
            // Capped by a bound, each attempt's work is bounded; an unanchored search
            // repeats it at every start position of a long input.
            if capped {
                let at_bound = m.fit.steps_at(limit as f64);
                let slow = crate::calibration::SLOWEST_STEPS_PER_SECOND * options.block_seconds;
                if at_bound >= slow && near_bound.is_none_or(|(s, _)| at_bound > s) {
                    near_bound = Some((at_bound, limit));
                }
                note_per_start(&mut per_start, &attack, limit, f.pump.len(), prog, options);
            }
            // Below the threshold with the margin the engine's speed needs, but within
            // reach at its predicted speed: which side of a second the engine lands on is
            // not for the model to say.
            let share = m.fit.steps_at(limit as f64) / threshold;
            if near_edge < threshold
                && m.fit
                    .length_for(near_edge)
                    .is_some_and(|l| l <= limit as f64)
            {
                near += 1;
                near_share.get_or_insert(share);
            }
            bounded.get_or_insert((complexity, degree, limit, near_edge));
            if !capped && below.as_ref().is_none_or(|c| share > c.share) {
                let whole = ((limit as f64 - fixed) / pump_len).floor();
                if whole >= 1.0 {
                    let top = fixed + whole * pump_len;
                    if let Some(attack) = build_attack(f, &suffix, &m, top, limit, 0.0) {
                        below = Some(Candidate {
                            complexity,
                            degree,
                            attack,
                            span: f.span.into(),
                            share,
                        });
                    }
                }
            }
            continue;
        };
        // Engines other than V8 make no attempt on fewer characters than a match needs.
        let len = len.max(prog.min_width as f64);
        let Some(attack) = build_attack(f, &suffix, &m, len, limit, threshold * ATTACK_MARGIN)
        else {
            // Whole pumps only: rounding up overshoots the maximum length, just short of
            // the threshold.
            if near_edge < threshold {
                near += 1;
                near_share.get_or_insert(m.fit.steps_at(limit as f64) / threshold);
            }
            bounded.get_or_insert((complexity, degree, limit, threshold));
            continue;
        };
        let candidate = Confirmed {
            complexity,
            degree,
            rank: (rank0, rank1, std::cmp::Reverse(attack.length)),
            attack,
            span: f.span.into(),
        };
        if best.as_ref().is_none_or(|b| candidate.rank > b.rank) {
            best = Some(candidate);
        }
    }
    if let Some((refuted, undecided)) = counts_before_retries {
        diag.refuted = refuted;
        diag.undecided = undecided;
    }
    if let Some(c) = best {
        return Report {
            status: Status::Vulnerable,
            complexity: Some(c.complexity),
            degree: c.degree,
            attack: Some(c.attack),
            span: Some(c.span),
            reason: None,
            error: None,
            diagnostics: diag,
            below_threshold: None,
            engine_limit: None,
            engine_cache: None,
        };
    }
    if diag.undecided > 0 {
        let reason = if past_bound > 0 {
            "a counted repeat's bound hides the work: text just past the bound makes the \
             simulator exceed its step budget, and growth within the bound cannot be measured"
        } else if paired_units == diag.undecided {
            "unsupported: the attack needs a lone high surrogate before a lone low one, which \
             java.util.regex reads as one character"
        } else if guessed_linear + inexact_linear == diag.undecided && inexact_linear > 0 {
            "ambiguous loop that holds a lookaround, assertion or backreference the model \
             approximates: the words it proposed measured linear, which does not clear the \
             words the engine splits"
        } else if no_attempt == diag.undecided {
            "PCRE2 tries no text without the pattern's required character: the attacks with \
             it after the pumped part (after a character that ends the attempts, or after \
             text that leaves none alive) measured linear, and other places for it are not \
             searched"
        } else if guessed_linear == diag.undecided {
            "ambiguous loop without a known failing suffix: the model treats an assertion or \
             lookaround as always true, and the guessed suffix measured linear"
        } else {
            "the simulator could not decide a finding's growth within its step budget"
        };
        let mut r = Report::unknown(reason.into(), None);
        r.diagnostics = diag;
        r.below_threshold = below;
        return r;
    }
    if let Some((steps, limit)) = near_bound {
        let fast = crate::calibration::steps_per_second(options.flavor).0;
        let mut r = Report::unknown(
            format!(
                concat!(
                    "near the threshold within a counted repeat's bound: about {:.1e} steps ",
                    "at {} characters, the most the repeat lets an attack pump, which takes ",
                    "{:.2}-{:.1} s depending on how fast the engine runs this pattern"
                ),
                steps,
                limit,
                steps / fast,
                steps / crate::calibration::SLOWEST_STEPS_PER_SECOND
            ),
            None,
        );
        r.diagnostics = diag;
        r.below_threshold = below;
        return r;
    }
    if let Some((once, total)) = per_start {
        let mut r = Report::unknown(
            format!(
                concat!(
                    "super-linear work bounded by a counted repeat: about {:.1e} steps per ",
                    "start position, so {:.1e} steps if every start of {} characters repeats ",
                    "it; linear in the input, with a constant the model does not confirm"
                ),
                once, total, options.max_length
            ),
            None,
        );
        r.diagnostics = diag;
        r.below_threshold = below;
        return r;
    }
    if near > 0 {
        // The strongest candidate's predicted time says how near: a band reaches from a
        // fraction of the blocking time to the margin above it.
        let predicted = below
            .as_ref()
            .and_then(|c| c.attack.expected_seconds.on(options.flavor))
            .map(|t| format!(" (its attack: {t:.2} s predicted on the engine)"))
            .unwrap_or_default();
        let mut r = Report::unknown(
            format!(
                concat!(
                    "{}super-linear growth within {} characters reaches ",
                    "{:.0}% of the work that blocks the engine for {} s with the margin its ",
                    "predicted speed on this pattern needs{}"
                ),
                crate::engine_run::NEAR_THRESHOLD,
                options.max_length,
                100.0 * near_share.unwrap_or(1.0),
                options.block_seconds,
                predicted,
            ),
            None,
        );
        r.diagnostics = diag;
        r.below_threshold = below;
        return r;
    }
    let (complexity, degree, reason) = match bounded {
        Some((c, d, limit, threshold)) => (
            c,
            d,
            Some(format!(
                "super-linear growth stays below {:.1e} steps ({}) within {} characters{}",
                threshold,
                match options.step_threshold {
                    None => crate::calibration::safe_below(options.flavor, options.block_seconds),
                    Some(_) => format!("{} s of the engine", options.block_seconds),
                },
                limit,
                if limit < options.max_length {
                    ", the most a counted repeat lets the attack pump"
                } else {
                    ""
                }
            )),
        ),
        None => (Complexity::Linear, None, None),
    };
    Report {
        status: Status::Safe,
        complexity: Some(complexity),
        degree,
        attack: None,
        span: None,
        reason,
        error: None,
        diagnostics: diag,
        below_threshold: below,
        engine_limit: None,
        engine_cache: None,
    }
}

/// Whether the concatenation of `parts` holds the stand-in of a high surrogate directly
/// before the stand-in of a low one (`rxguard_syntax::code_unit_stand_in`).
fn joins_surrogates(parts: &[&str]) -> bool {
    let mut high = false;
    for c in parts.iter().flat_map(|p| p.chars()) {
        let unit = rxguard_syntax::stand_in_code_unit(c);
        if high && unit.is_some_and(|u| u >= 0xDC00) {
            return true;
        }
        high = unit.is_some_and(|u| u < 0xDC00);
    }
    false
}

/// The verdict for the Rust flavor, whose engine, the `regex` crate, never backtracks: it
/// runs every pattern it accepts in time linear in the input (finite automata), so no input
/// blocks it, whatever a backtracking engine would do. A valid pattern is `safe` and linear;
/// what the analysis found for a backtracking engine stays in the record (the attack as
/// `below_threshold`, the reason naming it), for code that ports the pattern to one.
pub(crate) fn on_a_linear_engine(mut r: Report) -> Report {
    if r.status == Status::Error {
        return r;
    }
    let backtracking = match (&r.attack, r.complexity) {
        (Some(_), Some(c)) => Some((c, r.degree)),
        _ => r.below_threshold.as_ref().map(|c| (c.complexity, c.degree)),
    };
    let found = match backtracking {
        Some((Complexity::Exponential, _)) => "; a backtracking engine would take exponential time",
        Some((Complexity::Polynomial, _)) => "; a backtracking engine would take polynomial time",
        _ => "",
    };
    let why = match (r.status, r.reason.take()) {
        (Status::Unknown, Some(reason)) if backtracking.is_none() => {
            format!("; the backtracking analysis gave no verdict ({reason})")
        }
        _ => String::new(),
    };
    if let (Some(attack), Some(complexity), Some(span)) =
        (r.attack.take(), r.complexity, r.span.take())
    {
        r.below_threshold = Some(Candidate {
            complexity,
            degree: r.degree,
            share: 0.0,
            attack,
            span,
        });
    }
    r.status = Status::Safe;
    r.complexity = Some(Complexity::Linear);
    r.degree = None;
    r.span = None;
    r.reason = Some(format!(
        "the regex crate runs in time linear in the input: it never backtracks{found}{why}"
    ));
    r
}
