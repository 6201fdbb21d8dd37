//! `rxguard explain PATTERN`: one pattern walked through for a person — the verdict, the
//! loop responsible and why it is ambiguous, why the attack's suffix makes the engine try
//! every way, the steps the simulator measured at several lengths (a small chart), what the
//! fitted curve predicts, and a fix where a standard rewrite applies.

use crate::args::Explain;
use crate::output::describe;
use crate::output::text::{self, Palette};
use anstyle::{Effects, Style};
use rxguard::{Complexity, Report, Status};
use std::io::Write;

/// Width of the chart's longest bar.
const BAR: usize = 40;

/// Most rows of the chart.
const CHART_ROWS: usize = 10;

/// Text width of paragraphs.
const WIDTH: usize = 88;

/// At most `n` points, evenly spread, always with the first and the last.
fn sample(points: &[(u64, u64)], n: usize) -> Vec<(u64, u64)> {
    if points.len() <= n || n < 2 {
        return points.to_vec();
    }
    (0..n)
        .map(|i| points[i * (points.len() - 1) / (n - 1)])
        .collect()
}

/// Writes `text` wrapped at [`WIDTH`], each line indented by `indent`.
fn para(out: &mut dyn Write, indent: &str, text: &str) -> std::io::Result<()> {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty()
            && indent.len() + line.chars().count() + 1 + word.chars().count() > WIDTH
        {
            writeln!(out, "{indent}{line}")?;
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

/// Writes the explanation; returns the report for the exit status.
pub fn run(e: &Explain) -> std::io::Result<Report> {
    let report = rxguard::analyze(&e.pattern, &e.options);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write(&mut out, e, &report, Palette::new(e.color))?;
    out.flush()?;
    Ok(report)
}

fn write(out: &mut dyn Write, e: &Explain, r: &Report, p: Palette) -> std::io::Result<()> {
    let o = &e.options;
    let bold = |t: &str| p.paint(Style::new().effects(Effects::BOLD), t);
    writeln!(out, "{}  {}", bold("pattern"), text::printable(&e.pattern))?;
    writeln!(
        out,
        "         {} flavor, {} mode{}, attacker controls up to {} characters",
        o.flavor.name(),
        o.mode.name(),
        if o.flags.is_empty() {
            String::new()
        } else {
            format!(", flags {:?}", o.flags)
        },
        describe::thousands(o.max_length as u64)
    )?;
    writeln!(
        out,
        "{}  {}: {}",
        bold("verdict"),
        p.status(r.status),
        describe::headline(r)
    )?;
    writeln!(out)?;
    match r.status {
        Status::Vulnerable => vulnerable(out, e, r, p)?,
        Status::Safe => {
            match r.complexity {
                Some(Complexity::Linear) | None => para(
                    out,
                    "",
                    "No loop of this pattern can match the same text in two ways that a failing \
                     input would make the engine explore: each input character is consumed by \
                     one path at a time, so a backtracking engine's work stays linear.",
                )?,
                _ => para(
                    out,
                    "",
                    &format!(
                        "The pattern can backtrack with {} growth, but measured on the \
                         simulator its cost stays below the blocking threshold (1 s of the \
                         engine) within the maximum length: {}.",
                        describe::growth(r.complexity, r.degree).unwrap_or_default(),
                        r.reason.as_deref().unwrap_or("")
                    ),
                )?,
            }
            diagnostics(out, r)?;
        }
        Status::Unknown => {
            para(
                out,
                "",
                &format!(
                    "No verdict: {}.",
                    r.reason.as_deref().unwrap_or("unknown reason")
                ),
            )?;
            if let Some(span) = r.span {
                text::pattern_with_caret(out, &e.pattern, Some(span), p)?;
            }
            diagnostics(out, r)?;
        }
        _ => {
            if let Some(err) = &r.error {
                if let Some(span) = err.span {
                    text::pattern_with_caret(out, &e.pattern, Some(span), p)?;
                }
                writeln!(
                    out,
                    "The {} engine rejects this pattern: {}.",
                    o.flavor.name(),
                    err.message
                )?;
            }
        }
    }
    Ok(())
}

fn vulnerable(out: &mut dyn Write, e: &Explain, r: &Report, p: Palette) -> std::io::Result<()> {
    let Some(attack) = &r.attack else {
        return Ok(());
    };
    let pump = attack.pumps.first();
    let pump_text = pump.map_or(String::new(), |x| describe::quote(&x.pump));
    writeln!(
        out,
        "{}",
        p.paint(Style::new().effects(Effects::BOLD), "the loop")
    )?;
    if let Some(span) = r.span {
        text::pattern_with_caret(out, &e.pattern, Some(span), p)?;
    }
    match (r.complexity, r.degree) {
        (Some(Complexity::Exponential), _) => para(
            out,
            "  ",
            &format!(
                "The marked part sits in a loop that can match {pump_text} in at least two \
                 different ways. With the text repeated n times, a backtracking engine can \
                 split it in about 2^n ways, and when the match fails it tries every one."
            ),
        )?,
        (_, Some(d)) => para(
            out,
            "  ",
            &format!(
                "{d} repetitions in a row (in search mode the engine's retry at every start \
                 position counts as one) can each match {pump_text}. With the text repeated n \
                 times, a backtracking engine tries about n^{d} ways to share it out before \
                 it gives up."
            ),
        )?,
        _ => {}
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        p.paint(Style::new().effects(Effects::BOLD), "the attack")
    )?;
    writeln!(
        out,
        "  {}  ({} characters)",
        describe::formula(attack),
        describe::thousands(attack.length)
    )?;
    if let Some(pump) = pump {
        if !pump.prefix.is_empty() {
            writeln!(out, "  {} reaches the loop;", describe::quote(&pump.prefix))?;
        }
        writeln!(
            out,
            "  {} × {} is the text the loop can split many ways;",
            describe::quote(&pump.pump),
            pump.repeat
        )?;
    }
    if attack.suffix.is_empty() {
        writeln!(
            out,
            "  no suffix is needed: the engine does the work before it finds its match."
        )?;
    } else {
        para(
            out,
            "  ",
            &format!(
                "{} makes every way through the rest of the pattern fail, so the engine \
                 cannot stop at a first match and must exhaust them all.",
                describe::quote(&attack.suffix)
            ),
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        p.paint(
            Style::new().effects(Effects::BOLD),
            "steps measured on the simulator"
        )
    )?;
    let max_log = attack
        .measured
        .iter()
        .map(|&(_, s)| (s.max(1) as f64).log10())
        .fold(1.0, f64::max);
    writeln!(out, "  {:>9}  {:>14}", "length", "steps")?;
    for &(len, steps) in &sample(&attack.measured, CHART_ROWS) {
        let width = ((steps.max(1) as f64).log10() / max_log * BAR as f64).round() as usize;
        writeln!(
            out,
            "  {:>9}  {:>14}  {}",
            describe::thousands(len),
            describe::thousands(steps),
            p.caret(&"█".repeat(width.max(1)))
        )?;
    }
    writeln!(out, "  (bars on a log scale)")?;
    writeln!(
        out,
        "  fitted: {} growth; at {} characters {:.1e} steps, ~{} on V8, ~{} on CPython, ~{} on the JDK, ~{} on PCRE2;",
        describe::growth(r.complexity, r.degree).unwrap_or_default(),
        describe::thousands(attack.length),
        attack.steps as f64,
        describe::duration(attack.expected_seconds.v8),
        describe::duration(attack.expected_seconds.cpython),
        describe::duration(attack.expected_seconds.jdk),
        describe::duration(attack.expected_seconds.pcre2)
    )?;
    let max = &attack.at_max_length;
    writeln!(
        out,
        "  at {} characters 10^{:.1} steps, ~{} on V8, ~{} on CPython, ~{} on the JDK, ~{} on PCRE2.",
        describe::thousands(max.length),
        max.steps_log10,
        describe::duration_log10(max.seconds_log10.v8),
        describe::duration_log10(max.seconds_log10.cpython),
        describe::duration_log10(max.seconds_log10.jdk),
        describe::duration_log10(max.seconds_log10.pcre2)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        p.paint(Style::new().effects(Effects::BOLD), "the fix")
    )?;
    match rxguard::suggest_fix(&e.pattern, &e.options) {
        Some(fix) => {
            let why = match fix.equivalence {
                rxguard::Equivalence::CheckedOnDfas => {
                    "it matches the same strings (checked on both patterns' DFAs)"
                }
                _ => "it matches the same strings (by construction of the rewrite)",
            };
            writeln!(out, "  {}", p.safe(&fix.pattern))?;
            para(
                out,
                "  ",
                &format!("{}; re-analyzed: safe; {why}.", fix.description),
            )?;
        }
        None => para(
            out,
            "  ",
            "No standard rewrite applies automatically. Make the alternatives or adjacent \
             loops match disjoint text, make the loop atomic or possessive where the flavor \
             has them and the meaning allows, bound the input length, or run the pattern with \
             a linear-time engine (rxguard's matcher, RE2, Rust's regex).",
        )?,
    }
    Ok(())
}

fn diagnostics(out: &mut dyn Write, r: &Report) -> std::io::Result<()> {
    let d = &r.diagnostics;
    if d.findings > 0 {
        para(
            out,
            "",
            &format!(
                "The analysis proposed {} ambiguous loop(s); the simulator measured {} linear \
                 and could not decide {}.",
                d.findings, d.refuted, d.undecided
            ),
        )?;
    }
    for a in &d.approximations {
        writeln!(out, "Modelled approximately: {a}.")?;
    }
    Ok(())
}
