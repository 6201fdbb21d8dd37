//! Lowering agrees with regex-syntax itself on the regex crate's own test patterns.
//!
//! For the Rust flavor regex-syntax is the reference: parse with rxguard (regex-syntax's
//! parser, converted to our Ast), lower our Ast to `Hir`, and compare with the `Hir`
//! regex-syntax translates directly. Any difference is a lowering bug that would make the
//! matcher's tier A disagree with the regex crate.

use rxguard_syntax::{lower, parse, Flags, Flavor};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
struct File {
    test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    regex: toml::Value,
    #[serde(default = "yes")]
    unicode: bool,
    #[serde(default, rename = "case-insensitive")]
    case_insensitive: bool,
    #[serde(default = "yes")]
    compiles: bool,
}

fn yes() -> bool {
    true
}

#[test]
fn lowering_matches_regex_syntax_on_rust_regex_suite() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/rust-regex");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not present", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let (mut checked, mut failures) = (0, Vec::new());
    for path in paths {
        let file: File =
            toml::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("valid toml");
        for case in file.test {
            let toml::Value::String(pattern) = &case.regex else {
                continue;
            };
            if !case.unicode {
                continue;
            }
            let id = format!(
                "{}:{}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                case.name
            );
            let flags = Flags::parse(Flavor::Rust, if case.case_insensitive { "i" } else { "" })
                .expect("flags");
            let reference = regex_syntax::ParserBuilder::new()
                .case_insensitive(case.case_insensitive)
                .build()
                .parse(pattern);
            let ours = parse(pattern, Flavor::Rust, flags);
            match (reference, ours) {
                (Ok(hir), Ok(ast)) => match lower(&ast, Flavor::Rust, flags) {
                    Ok(lowered) if lowered == hir => checked += 1,
                    Ok(lowered) => failures.push(format!(
                        "{id}: {pattern:?}\n  ours {lowered:?}\n  ref  {hir:?}"
                    )),
                    Err(e) => failures.push(format!("{id}: {pattern:?} not lowered: {e}")),
                },
                (Err(_), Err(_)) => checked += 1,
                (Ok(_), Err(e)) if !case.compiles => {
                    let _ = e;
                    checked += 1
                }
                (Ok(_), Err(e)) => {
                    failures.push(format!("{id}: {pattern:?} rejected by rxguard: {e}"))
                }
                (Err(e), Ok(_)) => failures.push(format!(
                    "{id}: {pattern:?} accepted by rxguard, regex-syntax says {e}"
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures ({} ok):\n{}",
        failures.len(),
        checked,
        failures.join("\n")
    );
    assert!(checked > 500, "only {checked} cases checked");
}
