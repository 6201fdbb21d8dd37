//! Growth on the classic ReDoS patterns. The expected classes are those measured on the
//! real engines (Node 20 and CPython 3.11) in `../shared/peers/README.md`'s confirmation
//! table; the simulator must see the same class (and degree) from its step counts.

use rxguard_attack::{compile, measure, Attack, Growth, MatchMode, StepBudget};
use rxguard_syntax::{parse, Flags, Flavor};

fn growth(pattern: &str, flavor: Flavor, attack: Attack) -> Growth {
    let flags = Flags::default();
    let ast = parse(pattern, flavor, flags).unwrap();
    let prog = compile(&ast, flavor, flags, MatchMode::Search).unwrap();
    let m = measure(&prog, &attack, 100_000, StepBudget(2_000_000));
    m.fit.growth
}

fn exponential(g: Growth) -> bool {
    matches!(g, Growth::Exponential { .. })
}

fn degree(g: Growth) -> Option<u32> {
    match g {
        Growth::Polynomial { degree, .. } => Some(degree),
        Growth::Linear => Some(1),
        _ => None,
    }
}

#[test]
fn exponential_classics() {
    for flavor in [Flavor::JavaScript, Flavor::Python] {
        for (p, prefix, pump, suffix) in [
            ("(a+)+$", "", "a", "!"),
            ("(a|a)*$", "", "a", "!"),
            ("^(a|aa)+$", "", "a", "!"),
            ("^(\\w+\\s?)*$", "", "0", "!"),
            ("(x+x+)+y", "", "x", ""),
            ("^(([a-z])+.)+[A-Z]([a-z])+$", "", "a", ""),
        ] {
            let g = growth(p, flavor, Attack::single(prefix, pump, suffix));
            assert!(exponential(g), "{p} [{flavor}]: {g:?}");
        }
    }
}

#[test]
fn polynomial_classics() {
    for flavor in [Flavor::JavaScript, Flavor::Python] {
        for (p, pump, suffix, d) in [
            ("\\d+\\d+$", "0", "x", 3),
            (".*.*=.*", "a", "", 3),
            ("\\s+$", " ", "x", 2),
        ] {
            let g = growth(p, flavor, Attack::single("", pump, suffix));
            assert_eq!(degree(g), Some(d), "{p} [{flavor}]: {g:?}");
        }
    }
}

#[test]
fn linear_patterns_stay_linear() {
    for (p, pump, suffix) in [
        ("^[a-z]+$", "a", "!"),
        ("abc", "ab", ""),
        ("^(?:a|b)*$", "ab", "!"),
    ] {
        let g = growth(p, Flavor::JavaScript, Attack::single("", pump, suffix));
        assert_eq!(degree(g), Some(1), "{p}: {g:?}");
    }
}

#[test]
fn atomic_and_possessive_defuse_nested_loops() {
    // `(?>a+)+$` and `(a++)+$` cannot give characters back: no exponential blow-up (the
    // unanchored search still makes them quadratic).
    for p in ["(?>a+)+$", "(a++)+$"] {
        let g = growth(p, Flavor::Python, Attack::single("", "a", "!"));
        assert!(!exponential(g), "{p}: {g:?}");
    }
}

#[test]
fn budget_bounds_every_run() {
    let ast = parse("(a+)+$", Flavor::JavaScript, Flags::default()).unwrap();
    let prog = compile(
        &ast,
        Flavor::JavaScript,
        Flags::default(),
        MatchMode::Search,
    )
    .unwrap();
    let input: Vec<char> = "a".repeat(60).chars().chain(Some('!')).collect();
    let err = rxguard_attack::search(&prog, &input, StepBudget(100_000)).unwrap_err();
    assert!(err.steps > 100_000 && err.steps < 100_010);
}
