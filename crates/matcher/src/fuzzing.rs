//! The check the `match_tiers` fuzz target runs, here so that the saved inputs in
//! `testdata/fuzz/match_tiers/` replay through the same code on stable CI
//! (`tests/fuzz_regressions.rs`).

use crate::{Limits, Regex, Tier};
use rxguard_syntax::Flavor;

type Spans = Vec<Vec<Option<(usize, usize)>>>;

/// Every match with its groups; `None` when a limit stops the iteration (an answer too).
fn all(re: &Regex, hay: &str) -> Option<Spans> {
    let mut out = Vec::new();
    for caps in re.captures_iter(hay) {
        let caps = caps.ok()?;
        out.push(
            caps.iter()
                .map(|m| m.map(|m| (m.start(), m.end())))
                .collect(),
        );
    }
    Some(out)
}

/// Decodes a fuzz input — a flavor byte (`Flavor::ALL` order), then the pattern and the
/// haystack separated by the first NUL — and checks that where the pattern runs on tier A,
/// tier B (forced) finds the same matches and groups. Compiling and searching must not
/// panic either (the fuzzer catches that). Rust is left out: its tier B keeps the captures
/// of a final empty iteration, which the regex crate drops.
pub fn tiers_agree(data: &[u8]) -> Result<(), String> {
    let Some((&selector, rest)) = data.split_first() else {
        return Ok(());
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return Ok(());
    };
    let (pattern, hay) = text.split_once('\0').unwrap_or((text, "aaaa"));
    let flavor = Flavor::ALL[selector as usize % Flavor::ALL.len()];
    let limits = Limits::new().memo_bytes(1 << 24).automaton_bytes(1 << 20);
    let build = |forced: bool| {
        Regex::builder()
            .flavor(flavor)
            .limits(limits.clone())
            .force_backtrack(forced)
            .build(pattern)
    };
    let Ok(a) = build(false) else { return Ok(()) };
    let Some(from_a) = all(&a, hay) else {
        return Ok(());
    };
    if a.tier() != Tier::A || flavor == Flavor::Rust {
        return Ok(());
    }
    let Ok(b) = build(true) else { return Ok(()) };
    match all(&b, hay) {
        Some(from_b) if from_b != from_a => Err(format!(
            "tier A and tier B differ on {pattern:?} / {hay:?} ({}): {from_a:?} vs {from_b:?}",
            flavor.name()
        )),
        _ => Ok(()),
    }
}
