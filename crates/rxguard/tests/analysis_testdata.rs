//! Runs `testdata/analysis/*.toml` through `rxguard::analyze` and checks each verdict
//! (status, and complexity and degree where the case states them).

use rxguard::{analyze, MatchMode, Options};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
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
    mode: Option<String>,
    status: String,
    complexity: Option<String>,
    degree: Option<u32>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[test]
fn analysis_testdata() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/analysis");
    let mut failures = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("testdata/analysis") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let file: File =
            toml::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("valid");
        for case in file.test {
            n += 1;
            let mut options =
                Options::new(case.flavor.as_deref().unwrap_or("javascript")).expect("flavor");
            options.flags = case.flags.clone();
            if let Some(m) = &case.mode {
                options.mode = MatchMode::from_name(m).expect("mode");
            }
            let r = analyze(&case.pattern, &options);
            let got_complexity = r.complexity.map(|c| format!("{c:?}").to_lowercase());
            let mut bad = r.status.name() != case.status;
            bad |= case.complexity.is_some() && got_complexity != case.complexity;
            bad |= case.degree.is_some() && r.degree != case.degree;
            if bad {
                failures.push(format!(
                    "{}: {:?} expected {} {:?} {:?}, got {} {:?} {:?} ({:?})",
                    case.name,
                    case.pattern,
                    case.status,
                    case.complexity,
                    case.degree,
                    r.status.name(),
                    got_complexity,
                    r.degree,
                    r.reason
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(n >= 30);
}
