//! The Java flavor simulates java.util.regex's loop cache (JDK 9+): a greedy unbounded
//! quantifier over a non-deterministic group, not nested in another quantifier, in a
//! pattern without backreferences, remembers where a further iteration failed. Growth
//! classes here are the JDK 17's, measured with `../shared/peers/confirm.py --engines java`
//! (the peers' README table and this project's testdata/analysis notes).

use rxguard_attack::{compile, measure, search, Attack, Growth, MatchMode, StepBudget};
use rxguard_syntax::{parse, Flags, Flavor};

fn growth(pattern: &str, flavor: Flavor, attack: &Attack) -> Growth {
    let ast = parse(pattern, flavor, Flags::default()).expect("valid");
    let prog = compile(&ast, flavor, Flags::default(), MatchMode::Search).expect("compiles");
    measure(&prog, attack, 100_000, StepBudget(2_000_000))
        .fit
        .growth
}

fn is_exponential(g: &Growth) -> bool {
    matches!(g, Growth::Exponential { .. })
}

fn degree(g: &Growth) -> Option<u32> {
    match g {
        Growth::Polynomial { degree, .. } => Some(*degree),
        Growth::Linear => Some(1),
        _ => None,
    }
}

#[test]
fn the_cache_blunts_top_level_loops() {
    let a = Attack::single("", "a", "!");
    // Exponential elsewhere, not on the JDK (24 ms at 30,000 characters there).
    assert!(is_exponential(&growth("(a|a)*$", Flavor::Pcre, &a)));
    assert_eq!(degree(&growth("(a|a)*$", Flavor::Java, &a)), Some(1));
    // Quadratic on the JDK: the search retries every start, each linear (1.66 s at 12,533).
    assert!(is_exponential(&growth("(a+)+$", Flavor::JavaScript, &a)));
    assert_eq!(degree(&growth("(a+)+$", Flavor::Java, &a)), Some(2));
}

#[test]
fn no_cache_for_nested_loops_or_backreferences() {
    // The JDK drops the cache of a loop inside another quantified group …
    let a = Attack::single("", "a", "!");
    assert!(is_exponential(&growth("^((a+)+)+$", Flavor::Java, &a)));
    // … and every loop's cache when the pattern has a backreference.
    let x = Attack::single("a", "x", "");
    assert!(is_exponential(&growth("(a)\\1?(x+x+)+y", Flavor::Java, &x)));
    assert!(!is_exponential(&growth("(a)?(x+x+)+y", Flavor::Java, &x)));
}

#[test]
fn deterministic_and_lazy_loops_keep_no_cache() {
    // `(?:aa|a)` is a Branch: cached; `(?:a{1,2})` varies in width: cached; a lazy loop
    // never is.
    let a = Attack::single("", "a", "!");
    assert_eq!(degree(&growth("^(?:aa|a)*$", Flavor::Java, &a)), Some(1));
    assert!(is_exponential(&growth("^(?:aa|a)*?$", Flavor::Java, &a)));
}

#[test]
fn the_cache_changes_steps_not_answers() {
    for (p, hay) in [
        ("(a|ab)*c", "ababab"),
        ("(a|ab)*c", "abababc"),
        ("^(\\w+\\s?)*$", "foo bar baz!"),
        ("^(\\w+\\s?)*$", "foo bar baz"),
        ("(?:x(a|b)*y)*z", "xaby xbay z"),
    ] {
        let hay: Vec<char> = hay.chars().collect();
        let answer = |flavor| {
            let ast = parse(p, flavor, Flags::default()).expect("valid");
            let prog = compile(&ast, flavor, Flags::default(), MatchMode::Search).expect("ok");
            let out = search(&prog, &hay, StepBudget(10_000_000)).expect("small");
            (out.matched, out.slots)
        };
        assert_eq!(answer(Flavor::Java), answer(Flavor::Pcre), "{p}");
    }
}
