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
/// panic either (the fuzzer catches that). Rust patterns are compared too, except where
/// [`rust_layout_dependent`] says the regex crate's answer depends on its NFA's layout.
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
    if a.tier() != Tier::A || (flavor == Flavor::Rust && rust_layout_dependent(pattern)) {
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

/// Whether a Rust pattern has a loop inside an unbounded loop whose body can match empty
/// (`(?:.*?)*a`). There the regex crate drops a thread that reaches a state already
/// visited at the same position, and which states an iteration passes through depends on
/// how its compiler lays the loops out (`x*` as `(x+)?`, the inner loop's entry shared
/// with the outer iteration's start), so forced tier B, which models only the empty
/// iteration itself (`EmptyRule::Thompson`), can capture differently. Users never meet
/// this: Rust patterns always run on tier A.
pub fn rust_layout_dependent(pattern: &str) -> bool {
    use rxguard_syntax::ast::AstKind;
    use rxguard_syntax::{parse, Flags};
    let Ok(flags) = Flags::parse(Flavor::Rust, "") else {
        return false;
    };
    let Ok(ast) = parse(pattern, Flavor::Rust, flags) else {
        return false;
    };
    let mut found = false;
    ast.walk(|node| {
        if let AstKind::Repetition(r) = &node.kind {
            if r.max.is_none() && r.sub.width().0 == 0 {
                r.sub
                    .walk(|inner| found |= matches!(inner.kind, AstKind::Repetition(_)));
            }
        }
    });
    found
}
