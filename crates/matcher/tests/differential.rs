//! Property tests: the three ways of running a pattern agree.
//!
//! On generated patterns (lookaround, atomic groups, possessive and lazy loops, counted
//! repetitions, anchors, captures) and haystacks over a small alphabet, the memoized
//! backtracker (tier B) finds the same first match with the same groups as the unmemoized
//! simulator, and every match of a global iteration agrees between tier A and tier B
//! when the pattern is regular.

use proptest::prelude::*;
use rxguard_attack::{compile, search, search_from, MatchMode, Resume, StepBudget};
use rxguard_matcher::fuzzing::rust_layout_dependent;
use rxguard_matcher::{Regex, Tier};
use rxguard_syntax::{parse, Flags, Flavor};

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("[ab]".to_string()),
        Just(".".to_string()),
        Just("".to_string()),
        Just("^".to_string()),
        Just("$".to_string()),
        Just(r"\b".to_string()),
        // PCRE2 and Java only (the others reject it): the iteration's previous match end.
        Just(r"\G".to_string()),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    atom().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}{b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(?:{a}|{b})")),
            inner.clone().prop_map(|a| format!("({a})")),
            (inner.clone(), 0..9usize).prop_map(|(a, q)| {
                let q = ["*", "+", "?", "*?", "+?", "{1,2}", "{0,3}?", "*+", "{2}"][q];
                format!("(?:{a}){q}")
            }),
            (inner.clone(), 0..5usize).prop_map(|(a, k)| {
                let k = ["?=", "?!", "?>", "?<=", "?<!"][k];
                // Lookbehind bodies must have bounded width in PCRE2: keep them simple.
                if k.starts_with("?<") {
                    format!("({k}[ab]{{0,2}})")
                } else {
                    format!("({k}{a})")
                }
            }),
        ]
    })
}

fn haystack() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![Just('a'), Just('b'), Just(' ')], 0..12)
        .prop_map(|v| v.into_iter().collect())
}

fn all_captures(re: &Regex, hay: &str) -> Vec<Vec<Option<(usize, usize)>>> {
    re.captures_iter(hay)
        .map(|c| {
            let c = c.expect("no limit is reached on tiny inputs");
            c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()
        })
        .collect()
}

/// Deterministic by default, so a commit passes or fails CI the same way every time;
/// explore with `PROPTEST_RNG_SEED=<n> PROPTEST_CASES=<k>`.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::with_cases(3000);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = proptest::test_runner::RngSeed::Fixed(1);
    }
    c
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn memoized_equals_plain_backtracking(p in pattern(), hay in haystack(), fi in 0..4usize) {
        let flavor = [Flavor::Pcre, Flavor::JavaScript, Flavor::Python, Flavor::Java][fi];
        let flags = Flags::parse(flavor, "").unwrap();
        let Ok(ast) = parse(&p, flavor, flags) else { return Ok(()) };
        let Ok(prog) = compile(&ast, flavor, flags, MatchMode::Search) else { return Ok(()) };
        let chars: Vec<char> = hay.chars().collect();
        let Ok(plain) = search(&prog, &chars, StepBudget(2_000_000)) else { return Ok(()) };
        let re = match Regex::builder().flavor(flavor).force_backtrack(true).build(&p) {
            Ok(re) => re,
            Err(e) => return Err(TestCaseError::fail(format!("{p:?}: {e}"))),
        };
        let caps = re.captures(&hay).unwrap();
        let got: Option<Vec<Option<usize>>> = caps.map(|c| {
            c.iter().flat_map(|m| match m {
                Some(m) => [Some(m.start()), Some(m.end())],
                None => [None, None],
            }).collect()
        });
        let want = plain.matched.map(|_| plain.slots.clone());
        prop_assert_eq!(got, want, "{:?} on {:?} ({})", p, hay, flavor.name());
    }

    #[test]
    // A whole global iteration (one memo reused across searches, `\G` moving) equals the
    // same iteration done with the unmemoized simulator, search by search.
    fn memoized_iteration_equals_plain(p in pattern(), hay in haystack(), fi in 0..2usize) {
        let flavor = [Flavor::Pcre, Flavor::Java][fi];
        let flags = Flags::parse(flavor, "").unwrap();
        let Ok(ast) = parse(&p, flavor, flags) else { return Ok(()) };
        let Ok(prog) = compile(&ast, flavor, flags, MatchMode::Search) else { return Ok(()) };
        let chars: Vec<char> = hay.chars().collect();
        // The flavors' steps past an empty match: PCRE2 retries there rejecting an empty
        // match, Java moves one character on. Haystacks are ASCII: indices are offsets.
        let mut want = Vec::new();
        let mut resume = Resume::default();
        loop {
            let Ok(out) = search_from(&prog, &chars, resume, StepBudget(2_000_000)) else {
                return Ok(());
            };
            let Some((s, e)) = out.matched else { break };
            want.push(out.slots.chunks(2).map(|g| g[0].zip(g[1])).collect::<Vec<_>>());
            resume.previous_end = e;
            if s == e && flavor == Flavor::Java {
                if e >= chars.len() { break; }
                resume.from = e + 1;
                resume.not_empty_at = None;
            } else {
                resume.from = e;
                resume.not_empty_at = (s == e).then_some(e);
            }
        }
        let re = Regex::builder().flavor(flavor).force_backtrack(true).build(&p).unwrap();
        prop_assert_eq!(all_captures(&re, &hay), want, "{:?} on {:?} ({})", p, hay, flavor.name());
    }

    #[test]
    // Rust patterns never reach tier B unless forced (Rust has no construct Hir lacks);
    // forced, they must still give the regex crate's answers, captures of a final empty
    // iteration included (`(?:($)|b)*` on "b" leaves group 1 unset), except for the
    // nested nullable loops whose answer depends on the regex crate's NFA layout.
    fn tier_a_equals_tier_b(p in pattern(), hay in haystack(), fi in 0..5usize) {
        let flavor = [Flavor::Pcre, Flavor::JavaScript, Flavor::Python, Flavor::Java, Flavor::Rust][fi];
        let Ok(a) = Regex::builder().flavor(flavor).build(&p) else { return Ok(()) };
        if a.tier() != Tier::A || (flavor == Flavor::Rust && rust_layout_dependent(&p)) {
            return Ok(());
        }
        let b = Regex::builder().flavor(flavor).force_backtrack(true).build(&p).unwrap();
        prop_assert_eq!(all_captures(&a, &hay), all_captures(&b, &hay), "{:?} on {:?} ({})", p, hay, flavor.name());
    }
}

/// The regex crate's answers on empty iterations (tier A runs its engine), which forced
/// tier B reproduces with `EmptyRule::Thompson`: the looping copy's first empty iteration
/// ends the loop, a later one fails, a bounded loop goes on.
#[test]
fn rust_empty_iterations_on_tier_b() {
    let cases = [
        ("(?:($)|b)*", "b"),   // a final empty iteration leaves its group unset
        ("(?:b?|[ab])*", "a"), // an empty first iteration ends the loop at once
        ("(?:|a)+", "a"),      // also in x+, where JavaScript would go on to "a"
        ("(a|)+b", "b aab"),   // a capture set by an empty first iteration
        ("(?:(a)|()){2,}x", "aax ax x"),
        ("(?:()|a){0,3}b", "aab"), // bounded: copies, no check
        ("((?:)|a)*?b", "ab"),
    ];
    for (p, hay) in cases {
        let a = Regex::builder().flavor(Flavor::Rust).build(p).unwrap();
        assert_eq!(a.tier(), Tier::A, "{p}");
        let b = Regex::builder()
            .flavor(Flavor::Rust)
            .force_backtrack(true)
            .build(p)
            .unwrap();
        assert_eq!(
            all_captures(&b, hay),
            all_captures(&a, hay),
            "{p:?} on {hay:?}"
        );
    }
    // The first case's answer, spelled out.
    let b = Regex::builder()
        .flavor(Flavor::Rust)
        .force_backtrack(true)
        .build("(?:($)|b)*")
        .unwrap();
    assert_eq!(all_captures(&b, "b")[0], vec![Some((0, 1)), None]);
}
