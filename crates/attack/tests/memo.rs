//! The memoized executor is linear: on inputs that make a backtracking engine explode,
//! its step count grows in proportion to the input (counted steps, not time, so the test
//! cannot flake), and it still gives the backtracking engine's answer.

use rxguard_attack::{
    compile, search, search_memo, MatchMode, Memo, MemoLayout, Resume, StepBudget,
};
use rxguard_syntax::{parse, Flags, Flavor};

/// (pattern, flavor, input builder) — each one exponential or polynomial for a
/// backtracking engine.
const CASES: &[(&str, Flavor, &str, &str, &str)] = &[
    ("(a|a)*b", Flavor::Pcre, "", "a", ""),
    ("(a+)+$", Flavor::JavaScript, "", "a", "!"),
    ("^(a|ab|b)*c", Flavor::Python, "", "ab", ""),
    ("(?=(a+))+b", Flavor::Pcre, "", "a", ""),
    ("(?=(a+))+a*b", Flavor::Pcre, "", "a", ""),
    ("(?:(?=a)a+)+$", Flavor::JavaScript, "", "a", "!"),
    ("(?=.*x)a", Flavor::Java, "", "a", ""),
    ("(?>a+)+b", Flavor::Pcre, "", "a", ""),
    ("\\w{1,1000}!", Flavor::Python, "", "a", ""),
    ("a[ab]{100}c", Flavor::JavaScript, "", "a", ""),
    ("(?<=a{0,3}(a|a))+b", Flavor::Java, "", "a", ""),
    ("(\\s*,\\s*)*x", Flavor::JavaScript, "", " ,", ""),
    ("^(?:a*)*$", Flavor::JavaScript, "", "a", "!"),
    ("(.*a){3}", Flavor::Python, "", "b", ""),
    // Over 16 rows inside sub-matches: successes go to the hash table, not the dense one.
    ("(?=(a{1,30}))+a*b", Flavor::Pcre, "", "a", ""),
    ("(?>(a|aa){0,20}c|a)+b", Flavor::Java, "", "a", ""),
    // JavaScript lookbehinds run backward (SubKind::BehindBack), tested at every position.
    ("(?<=(a+))a!", Flavor::JavaScript, "", "a", "?"),
    ("(?<=(a|a)+)a!", Flavor::JavaScript, "", "a", "?"),
    ("(?<!(a+)b)a!", Flavor::JavaScript, "", "a", "?"),
];

fn steps(prog: &rxguard_attack::Program, layout: &MemoLayout, input: &[char]) -> (u64, bool) {
    let mut memo = Memo::new(layout, input.len(), 1 << 30).expect("within limit");
    let out = search_memo(prog, input, Resume::default(), &mut memo).expect("within limit");
    (out.steps, out.matched.is_some())
}

#[test]
fn steps_grow_linearly() {
    let mut report = Vec::new();
    for &(pattern, flavor, prefix, pump, suffix) in CASES {
        let flags = Flags::parse(flavor, "").unwrap();
        let ast = parse(pattern, flavor, flags).unwrap();
        let prog = compile(&ast, flavor, flags, MatchMode::Search).unwrap();
        let layout = MemoLayout::new(&prog).unwrap();
        let input = |n: usize| -> Vec<char> {
            format!("{prefix}{}{suffix}", pump.repeat(n))
                .chars()
                .collect()
        };
        let (small, _) = steps(&prog, &layout, &input(5_000));
        let (large, _) = steps(&prog, &layout, &input(50_000));
        // A search that skips every start position (no match can begin with the input's
        // characters) takes no steps at any length.
        let ratio = if small == 0 && large == 0 {
            0.0
        } else {
            large as f64 / small as f64
        };
        report.push(format!(
            "{pattern}: {small} → {large} steps (×{ratio:.2}), m = {}",
            layout.rows()
        ));
        assert!(
            ratio <= 12.0,
            "{pattern} is not linear: {}",
            report.join("\n")
        );
        // The bound itself: steps ≤ c · m · n with a small c.
        let n = input(50_000).len() as u64 + 1;
        assert!(
            large <= 8 * layout.rows() as u64 * n,
            "{pattern}: {large} steps for m = {}, n = {n}",
            layout.rows()
        );
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn same_answer_as_backtracking_where_backtracking_finishes() {
    for &(pattern, flavor, prefix, pump, suffix) in CASES {
        let flags = Flags::parse(flavor, "").unwrap();
        let ast = parse(pattern, flavor, flags).unwrap();
        let prog = compile(&ast, flavor, flags, MatchMode::Search).unwrap();
        let layout = MemoLayout::new(&prog).unwrap();
        // The steps compare with plain backtracking, without the engines' own shortcuts
        // (PCRE2's required character, the JDK's loop cache), which the memo does not take.
        let mut prog = prog;
        prog.required = None;
        prog.stoppers.iter_mut().for_each(|s| *s = false);
        for n in 0..12 {
            let input: Vec<char> = format!("{prefix}{}{suffix}", pump.repeat(n))
                .chars()
                .collect();
            let Ok(plain) = search(&prog, &input, StepBudget(5_000_000)) else {
                continue;
            };
            let mut memo = Memo::new(&layout, input.len(), 1 << 30).unwrap();
            let got = search_memo(&prog, &input, Resume::default(), &mut memo).unwrap();
            assert_eq!(
                (got.matched, &got.slots),
                (plain.matched, &plain.slots),
                "{pattern} n={n}"
            );
            assert!(got.steps <= plain.steps, "{pattern}: memo took more steps");
        }
    }
}
