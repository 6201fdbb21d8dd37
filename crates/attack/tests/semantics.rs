//! The simulator finds the same first match as the real engines, flavor by flavor, on the
//! cases in `testdata/simulator/matches.toml` (expectations written from Node, CPython, the
//! JDK and PCRE2; see the file's header), and the memoized executor finds the same match
//! with the same groups.

use rxguard_attack::{
    compile, search, search_memo, MatchMode, Memo, MemoError, MemoLayout, Resume, StepBudget,
};
use rxguard_syntax::{parse, Flags, Flavor};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct File {
    test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    pattern: String,
    haystack: String,
    #[serde(default)]
    flags: String,
    expect: BTreeMap<String, toml::Value>,
}

#[test]
fn first_match_agrees_with_engines() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/simulator/matches.toml"
    );
    let file: File =
        toml::from_str(&std::fs::read_to_string(path).expect("readable")).expect("valid");
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &file.test {
        for (flavor_name, want) in &case.expect {
            let flavor = Flavor::from_name(flavor_name).expect("flavor");
            let flags = Flags::parse(flavor, &case.flags).expect("flags");
            let ast =
                parse(&case.pattern, flavor, flags).expect("the engine accepts it, so must we");
            let prog = match compile(&ast, flavor, flags, MatchMode::Search) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{} [{flavor_name}]: not compiled: {e}", case.name));
                    continue;
                }
            };
            let hay: Vec<char> = case.haystack.chars().collect();
            let plain = search(&prog, &hay, StepBudget(1_000_000)).expect("small budget suffices");
            // The memoized run (the matcher's tier B) must give the same match and groups.
            let memoized = match MemoLayout::new(&prog) {
                Ok(layout) => {
                    let mut memo = Memo::new(&layout, hay.len(), 1 << 20).expect("small input");
                    Some(
                        search_memo(&prog, &hay, Resume::default(), &mut memo)
                            .expect("within limit"),
                    )
                }
                Err(MemoError::Backreference) => None,
                Err(e) => panic!("{}: {e}", case.name),
            };
            if let Some(memoized) =
                memoized.filter(|m| (m.matched, &m.slots) != (plain.matched, &plain.slots))
            {
                failures.push(format!(
                    "{} [{flavor_name}]: memoized {:?} {:?}, plain {:?} {:?}",
                    case.name, memoized.matched, memoized.slots, plain.matched, plain.slots
                ));
            }
            let got = plain.matched;
            let want = match want {
                toml::Value::Array(a) => Some((
                    a[0].as_integer().unwrap() as usize,
                    a[1].as_integer().unwrap() as usize,
                )),
                _ => None,
            };
            if got != want {
                failures.push(format!(
                    "{} [{flavor_name}] {:?} on {:?}: got {got:?}, engine {want:?}",
                    case.name, case.pattern, case.haystack
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 150);
}
