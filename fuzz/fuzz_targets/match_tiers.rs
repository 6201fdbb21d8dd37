//! Fuzz target: the matcher on any pattern, flavor and haystack — compiling never panics,
//! and where a pattern runs on tier A, tier B (forced) finds the same matches and groups
//! in a global iteration. The input is a flavor byte, then the pattern and the haystack
//! separated by the first NUL.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rxguard::{Flavor, Regex, Tier};
use rxguard::matcher::Limits;

type Spans = Vec<Vec<Option<(usize, usize)>>>;

fn all(re: &Regex, hay: &str) -> Option<Spans> {
    let mut out = Vec::new();
    for caps in re.captures_iter(hay) {
        // A limit (memory, automaton size) is an answer too, not a crash.
        let caps = caps.ok()?;
        out.push(caps.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect());
    }
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
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
    let Ok(a) = build(false) else { return };
    let Some(from_a) = all(&a, hay) else { return };
    // Rust's tier B steps past empty matches as PCRE2 does, not as the regex crate does.
    if a.tier() == Tier::A && flavor != Flavor::Rust {
        if let Ok(b) = build(true) {
            if let Some(from_b) = all(&b, hay) {
                assert_eq!(from_a, from_b, "tier A and tier B differ on {pattern:?} / {hay:?}");
            }
        }
    }
});
