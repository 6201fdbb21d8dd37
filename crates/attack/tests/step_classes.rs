//! The step mix marks CPython's fast paths (sre's single-character repeats and the literal
//! after one) in Python programs only, and the marks move steps between kinds without
//! changing how many there are.

use rxguard_attack::{compile, search, MatchMode, StepBudget, StepMix};
use rxguard_syntax::{parse, Flags, Flavor};

fn mix(pattern: &str, flavor: Flavor, input: &str) -> (u64, StepMix) {
    let flags = Flags::default();
    let ast = parse(pattern, flavor, flags).unwrap();
    let prog = compile(&ast, flavor, flags, MatchMode::Search).unwrap();
    let text: Vec<char> = input.chars().collect();
    let out = search(&prog, &text, StepBudget(10_000_000)).unwrap();
    (out.steps, out.mix)
}

fn kind(name: &str) -> usize {
    StepMix::NAMES.iter().position(|&n| n == name).unwrap()
}

#[test]
fn python_single_character_repeat_before_a_literal() {
    let input = "x".repeat(200);
    let (steps_py, py) = mix(r"x.*y", Flavor::Python, &input);
    let (steps_js, js) = mix(r"x.*y", Flavor::JavaScript, &input);
    assert_eq!(steps_py, steps_js, "same steps, other kinds");
    // Almost every step is the repeat or the test of `y` after it.
    let sre = py.0[kind("sre_single_repeat")] + py.0[kind("sre_literal_tail")];
    assert!(sre * 10 > py.0.iter().sum::<u64>() * 9, "{py:?}");
    assert!(py.0[kind("sre_literal_tail")] > 0, "{py:?}");
    assert_eq!(
        js.0[kind("sre_single_repeat")] + js.0[kind("sre_literal_tail")],
        0
    );
}

#[test]
fn python_group_repeat_is_not_a_fast_path() {
    let (_, py) = mix(r"(?:xx)*y", Flavor::Python, &"x".repeat(101));
    assert_eq!(py.0[kind("sre_single_repeat")], 0, "{py:?}");
    // A case-insensitive literal is sre's LITERAL_IGNORE, which it does not look ahead for.
    let (_, py) = mix(r"(?i)x.*y", Flavor::Python, &"x".repeat(200));
    assert_eq!(py.0[kind("sre_literal_tail")], 0, "{py:?}");
    assert!(py.0[kind("sre_single_repeat")] > 0, "{py:?}");
}
