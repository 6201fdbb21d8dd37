//! Runs every case in `testdata/syntax/*.toml` (format: `testdata/README.md`) through the
//! parser: valid cases must parse (to the stated shape, when given) and round-trip through
//! the printer; invalid ones must fail with the stated kind and span.

use rxguard_syntax::{parse, print, Flags, Flavor};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
struct File {
    flavor: Option<String>,
    test: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    pattern: String,
    flavor: Option<String>,
    #[serde(default)]
    flags: String,
    shape: Option<String>,
    valid: Option<bool>,
    error: Option<String>,
    span: Option<[usize; 2]>,
    #[allow(dead_code)]
    note: Option<String>,
    #[allow(dead_code)]
    engine: Option<String>,
}

fn testdata_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/syntax")
}

/// Loads every case with its file name and flavor.
fn cases() -> Vec<(String, Flavor, Case)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(testdata_dir())
        .expect("testdata/syntax exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable test data");
        let file: File =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let fname = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        for case in file.test {
            let flavor_name = case
                .flavor
                .clone()
                .or_else(|| file.flavor.clone())
                .expect("a flavor");
            let flavor =
                Flavor::from_name(&flavor_name).unwrap_or_else(|| panic!("flavor {flavor_name}"));
            out.push((fname.clone(), flavor, case));
        }
    }
    out
}

#[test]
fn syntax_testdata() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for (file, flavor, case) in &cases {
        let id = format!("{file}:{}", case.name);
        assert!(names.insert(id.clone()), "duplicate case name {id}");
        let expectations = [
            case.shape.is_some(),
            case.valid.is_some(),
            case.error.is_some(),
        ];
        assert_eq!(
            expectations.iter().filter(|&&b| b).count(),
            1,
            "{id}: one of shape/valid/error"
        );
        let flags = match Flags::parse(*flavor, &case.flags) {
            Ok(f) => f,
            Err(e) => {
                if case.error.as_deref() != Some(e.kind().name()) {
                    failures.push(format!(
                        "{id}: flags {:?} rejected: {}",
                        case.flags,
                        e.kind()
                    ));
                }
                continue;
            }
        };
        match (parse(&case.pattern, *flavor, flags), &case.error) {
            (Ok(ast), None) => {
                if let Some(shape) = &case.shape {
                    if &ast.shape() != shape {
                        failures.push(format!(
                            "{id}: shape\n   expected {shape}\n   got      {}",
                            ast.shape()
                        ));
                    }
                }
                let printed = print(&ast, *flavor, flags);
                match parse(&printed, *flavor, flags) {
                    Ok(again) if again.same_as(&ast) => {}
                    Ok(again) => failures.push(format!(
                        "{id}: round trip through {printed:?} changed the Ast\n   {}\n   {}",
                        ast.shape(),
                        again.shape()
                    )),
                    Err(e) => {
                        failures.push(format!("{id}: printed {printed:?} does not parse: {e}"))
                    }
                }
            }
            (Ok(ast), Some(kind)) => failures.push(format!(
                "{id}: expected error {kind}, parsed as {}",
                ast.shape()
            )),
            (Err(e), None) => failures.push(format!(
                "{id}: expected valid, got {}\n{e}",
                e.kind().name()
            )),
            (Err(e), Some(kind)) => {
                if e.kind().name() != kind {
                    failures.push(format!(
                        "{id}: expected {kind}, got {} ({})",
                        e.kind().name(),
                        e.kind()
                    ));
                } else if let Some([s, t]) = case.span {
                    if (e.span().start, e.span().end) != (s, t) {
                        failures.push(format!("{id}: expected span {s}..{t}, got {}", e.span()));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(
        cases.len() >= 300,
        "expected at least 300 cases, found {}",
        cases.len()
    );
}
