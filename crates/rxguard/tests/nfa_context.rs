//! The NFA models word boundaries and one-character lookbehinds exactly (a state knows
//! the context of the character before it; `rxguard_nfa::build`). Here the NFA's language
//! in full-match mode — strings from its start state to an accepting one — must equal the
//! matcher's `fullmatch` on every haystack up to six characters over the characters the
//! patterns care about, in four flavors, with no approximation reported.

use rxguard::matcher::MatchMode;
use rxguard::syntax::{parse, Flags, Flavor};
use rxguard::Regex;
use rxguard_nfa::{build, Accept, Config, Nfa};

/// Patterns and their flag letters (the same letters in the four flavors).
const PATTERNS: &[(&str, &str)] = &[
    (r"(?<!\$)\d+", ""),
    (r"[a$1]*(?<=\$)1", ""),
    (r"(?:a|(?<![ab])b)+", ""),
    (r"x(?<!x)", ""),
    (r"(?<=a|\$)1|[a$]+", ""),
    (r"\b(?<!-)\w+-?", ""),
    (r"(?:(?<!a)a|(?<=a)\$)*1?", ""),
    (r"[^1]*(?<!a)(?<![$-])1", ""),
    (r"(?<!^)[a$]+|-", ""),
    (r"(?:(?<=^|-)a|[-$])+", ""),
    // A multi-line `^`: a lookbehind for a line terminator or the start, and in PCRE2 and
    // Java a test of the next character too (neither matches after a final terminator;
    // Java not between `\r` and `\n`, nor at the start of an empty input).
    (r"(?:^a|[$\n-])+", "m"),
    (r"[a$\n-]*^", "m"),
    (r"(?:[a\r\n]|^)+", "m"),
    (r"^|[a\r\n]*^[a\n]", "m"),
    // A multi-line `$` (Java: not between `\r` and `\n`).
    (r"(?:a$|[\r\n])+", "m"),
    (r"[a\r]*$[\r\n]*", "m"),
];

const ALPHABET: &[char] = &['a', 'b', '$', '-', '1', 'x', '\n', '\r'];

/// Whether the NFA accepts all of `hay` (a full match).
fn accepts(nfa: &Nfa, hay: &str) -> bool {
    let mut current = vec![0u32];
    for c in hay.chars() {
        let Some(m) = nfa.minterms.of(c) else {
            return false;
        };
        let mut next: Vec<u32> = current
            .iter()
            .flat_map(|&s| &nfa.states[s as usize].transitions)
            .filter(|t| t.label.contains(m))
            .map(|t| t.target)
            .collect();
        next.sort_unstable();
        next.dedup();
        current = next;
    }
    current.iter().any(|&s| {
        matches!(
            nfa.states[s as usize].accept,
            Some(Accept::AtEnd | Accept::Always)
        )
    })
}

#[test]
fn context_assertions_are_exact() {
    let mut checked = 0;
    for &(p, letters) in PATTERNS {
        for flavor in [
            Flavor::JavaScript,
            Flavor::Python,
            Flavor::Java,
            Flavor::Pcre,
        ] {
            let flags = Flags::parse(flavor, letters).unwrap();
            // Python takes only fixed-width lookbehinds (`(?<=^|-)` is not one).
            let Ok(ast) = parse(p, flavor, flags) else {
                assert_eq!(flavor, Flavor::Python, "{p}");
                continue;
            };
            let cfg = Config {
                search: false,
                full: true,
                ..Config::default()
            };
            let nfa = build(&ast, flavor, flags, &cfg).unwrap();
            assert!(
                nfa.approximations.is_empty(),
                "{p} ({}): {:?}",
                flavor.name(),
                nfa.approximations
            );
            let re = Regex::builder()
                .flavor(flavor)
                .flags(letters)
                .mode(MatchMode::Full)
                .build(p)
                .unwrap();
            for len in 0..=6 {
                let mut idx = vec![0usize; len];
                loop {
                    let h: String = idx.iter().map(|&i| ALPHABET[i]).collect();
                    assert_eq!(
                        accepts(&nfa, &h),
                        re.is_match(&h).unwrap(),
                        "{p} ({}) on {h:?}",
                        flavor.name()
                    );
                    checked += 1;
                    let mut k = 0;
                    while k < len && idx[k] + 1 == ALPHABET.len() {
                        idx[k] = 0;
                        k += 1;
                    }
                    if k == len {
                        break;
                    }
                    idx[k] += 1;
                }
            }
        }
    }
    assert!(checked > 1_000_000, "{checked}");
}
