//! Runs `testdata/scan/cases.toml`: each source is scanned and the regexes found must be
//! exactly the listed ones, in order, with pattern, flags, mode, position and construct.

use rxguard_scan::{extract, Found, Language};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    language: String,
    source: String,
    #[serde(default)]
    found: Vec<Expected>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Expected {
    pattern: String,
    flags: String,
    mode: String,
    line: u64,
    column: u64,
    construct: String,
    #[serde(default)]
    problem: Option<String>,
    #[serde(default)]
    notes: Vec<String>,
}

fn language(name: &str) -> Language {
    match name {
        "javascript" => Language::JavaScript,
        "typescript" => Language::TypeScript,
        "tsx" => Language::Tsx,
        "python" => Language::Python,
        "java" => Language::Java,
        other => panic!("unknown language {other}"),
    }
}

fn expected(f: &Found) -> Expected {
    Expected {
        pattern: f.pattern.clone(),
        flags: f.flags.clone(),
        mode: f.mode.to_string(),
        line: f.line,
        column: f.column,
        construct: f.construct.clone(),
        problem: f.problem.clone(),
        notes: f.notes.clone(),
    }
}

#[test]
fn scan_cases() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/scan/cases.toml"
    );
    let text = std::fs::read_to_string(path).expect("testdata/scan/cases.toml");
    let file: File = toml::from_str(&text).expect("valid cases.toml");
    let mut failures = Vec::new();
    for case in &file.case {
        let found = extract(language(&case.language), case.source.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let got: Vec<Expected> = found.iter().map(expected).collect();
        if got != case.found {
            let mut lines = vec![format!("{}:", case.name)];
            for i in 0..got.len().max(case.found.len()) {
                let (e, g) = (case.found.get(i), got.get(i));
                if e != g {
                    lines.push(format!("  #{i} expected {e:?}\n     got      {g:?}"));
                }
            }
            failures.push(lines.join("\n"));
        }
    }
    assert!(file.case.len() >= 14, "cases went missing");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_sources_do_not_crash() {
    let deep_js = format!("x = {}1{};", "(".repeat(100_000), ")".repeat(100_000));
    let deep_py = format!("x = {}1{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let binaryish: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let sources: Vec<(Language, Vec<u8>)> = vec![
        (Language::JavaScript, deep_js.into_bytes()),
        (Language::Python, deep_py.into_bytes()),
        (Language::Java, binaryish.clone()),
        (Language::Tsx, binaryish),
        (
            Language::JavaScript,
            b"new RegExp(\"\xff\xfe\")/\xc3(/".to_vec(),
        ),
        (Language::Python, b"re.compile('\xff')".to_vec()),
    ];
    for (lang, src) in sources {
        let _ = extract(lang, &src).expect("tree-sitter recovers from anything");
    }
    // A regex literal with invalid UTF-8 inside is reported, not dropped.
    let found = extract(Language::JavaScript, b"x = /a\xff+/;").unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].problem.is_some(), "{found:?}");
}
