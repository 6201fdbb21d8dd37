//! The check the `match_tiers` fuzz target runs, here so that the saved inputs in
//! `testdata/fuzz/match_tiers/` replay through the same code on stable CI
//! (`tests/fuzz_regressions.rs`): tier A against tier B, and the bytes API against the text
//! API where the two must agree.

use crate::{Limits, Regex, Tier};
use rxguard_syntax::Flavor;

type Spans = Vec<Vec<Option<(usize, usize)>>>;

/// Every match with its groups (as spans) of an iteration; `None` when a limit stops the
/// iteration (an answer too).
fn collect<C, E>(
    found: impl Iterator<Item = Result<C, E>>,
    spans: impl Fn(&C) -> Vec<Option<(usize, usize)>>,
) -> Option<Spans> {
    found.map(|c| c.ok().map(|c| spans(&c))).collect()
}

fn all(re: &Regex, hay: &str) -> Option<Spans> {
    collect(re.captures_iter(hay), |c| {
        c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()
    })
}

fn all_bytes(re: &crate::bytes::Regex, hay: &[u8]) -> Option<Spans> {
    collect(re.captures_iter(hay), |c| {
        c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()
    })
}

/// The bytes API on the fuzz input: it must not panic, its spans must lie in the
/// haystack, and on an ASCII pattern and haystack it must find what the text API finds (a
/// Python bytes pattern is the text one with `a`; PCRE2 without UTF and the regex crate's
/// bytes rules differ from text only above ASCII).
fn bytes_agree(flavor: Flavor, pattern: &str, hay: &str, limits: &Limits) -> Result<(), String> {
    if !matches!(flavor, Flavor::Rust | Flavor::Python | Flavor::Pcre) {
        return Ok(());
    }
    let mut builder = Regex::builder();
    builder.flavor(flavor).limits(limits.clone());
    let Ok(re) = builder.build_bytes(pattern) else {
        return Ok(());
    };
    let Some(found) = all_bytes(&re, hay.as_bytes()) else {
        return Ok(());
    };
    if let Some(bad) = found
        .iter()
        .flatten()
        .flatten()
        .find(|(s, e)| s > e || *e > hay.len())
    {
        return Err(format!(
            "bytes span {bad:?} outside {hay:?} for {pattern:?}"
        ));
    }
    if !(pattern.is_ascii() && hay.is_ascii()) {
        return Ok(());
    }
    if flavor == Flavor::Python {
        builder.flags("a");
    }
    let Ok(text) = builder.build(pattern) else {
        return Ok(());
    };
    match all(&text, hay) {
        Some(from_text) if from_text != found => Err(format!(
            "bytes and text differ on {pattern:?} / {hay:?} ({}): {found:?} vs {from_text:?}",
            flavor.name()
        )),
        _ => Ok(()),
    }
}

/// Decodes a fuzz input — a flavor byte (`Flavor::ALL` order), then the pattern and the
/// haystack separated by the first NUL — and checks that where the pattern runs on tier A,
/// tier B (forced) finds the same matches and groups, and that the bytes API agrees with
/// the text API where it must (`bytes_agree`). Compiling and searching must not panic
/// either (the fuzzer catches that). Rust patterns are compared too, except where
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
    bytes_agree(flavor, pattern, hay, &limits)?;
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

/// Whether the regex crate's answer for a Rust pattern is one forced tier B does not
/// model. Two cases, both of the regex crate's compiler, and users never meet either (Rust
/// patterns always run on tier A):
///
/// - a loop inside an unbounded loop whose body can match empty (`(?:.*?)*a`): the regex
///   crate drops a thread that reaches a state already visited at the same position, and
///   which states an iteration passes through depends on how its compiler lays the loops
///   out (`x*` as `(x+)?`, the inner loop's entry shared with the outer iteration's
///   start), while tier B models only the empty iteration itself (`EmptyRule::Thompson`);
/// - an alternation whose alternatives share an ambiguous prefix (`[^;]*a|[^;]*t`), which
///   regex-syntax factors out (`[^;]*(?:a|t)`), changing the leftmost-first match
///   (`rxguard_syntax::rust_factors_ambiguous_prefix`).
pub fn rust_layout_dependent(pattern: &str) -> bool {
    use rxguard_syntax::ast::AstKind;
    use rxguard_syntax::{parse, Flags};
    let Ok(flags) = Flags::parse(Flavor::Rust, "") else {
        return false;
    };
    let Ok(ast) = parse(pattern, Flavor::Rust, flags) else {
        return false;
    };
    if rxguard_syntax::rust_factors_ambiguous_prefix(&ast, flags) {
        return true;
    }
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
