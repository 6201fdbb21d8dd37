//! The `sarif` format: SARIF 2.1.0, as GitHub code scanning and other viewers read it.
//!
//! One run; a rule per kind of finding with a stable id (the [`RULES`] table, in
//! `ruleIndex` order); a result per pattern that is not safe, located at the pattern's
//! origin (the list file and line for `check`, the source file, line and column for
//! patterns extracted from code). `partialFingerprints["rxguard/v1"]` hashes the rule,
//! flavor, mode, flags and pattern text — not the line, so an alert survives code moving —
//! plus the how-many-th such pattern in its file it is, so duplicates stay distinct.
//!
//! Results are streamed: the document is written as records arrive, and the tool object
//! (with the rules) comes last, so memory stays bounded on endless input. The output is
//! checked against the official 2.1.0 schema by `scripts/check_sarif.py` in the test run.

use super::describe;
use super::record::Record;
use crate::input::STDIN_NAME;
use rxguard::{Complexity, Status};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write;

/// A rule: stable id, name, level, description and help.
struct Rule {
    id: &'static str,
    name: &'static str,
    level: &'static str,
    short: &'static str,
    full: &'static str,
    help: &'static str,
    /// GitHub's `security-severity` (CVSS-like, 0–10); none for findings that are not
    /// vulnerabilities.
    severity: Option<&'static str>,
    precision: &'static str,
}

const RULES: [Rule; 4] = [
    Rule {
        id: "rxguard/redos-exponential",
        name: "ExponentialReDoS",
        level: "error",
        short: "Regular expression with exponential backtracking (ReDoS)",
        full: "A backtracking regex engine can take time exponential in the input length on \
               this pattern: a loop can match the same text in two different ways, and an \
               input that then fails to match makes the engine try every combination.",
        help: "A short input blocks the thread that runs this regex. rxguard measured the \
               growth on a simulator of the flavor's engine and gives the attack string in the \
               message.\n\nFixes: remove the ambiguity (make the alternatives or the nested \
               loop match disjoint text, e.g. `(a+)+` -> `a+`, `(\\w|\\d)+` -> `\\w+`); make the \
               loop atomic or possessive where the flavor has them (`(?>...)`, `a++`) if that \
               keeps the meaning; bound the input length before matching; or run the pattern \
               with a linear-time engine (rxguard's matcher, RE2, Rust's regex).",
        severity: Some("7.5"),
        precision: "very-high",
    },
    Rule {
        id: "rxguard/redos-polynomial",
        name: "PolynomialReDoS",
        level: "error",
        short: "Regular expression with polynomial backtracking (ReDoS)",
        full: "A backtracking regex engine can take time quadratic (or worse) in the input \
               length on this pattern, enough to block it within the maximum input length \
               rxguard was given.",
        help: "Two loops (or a loop and the engine's scan over start positions) can share the \
               same text, so a long input that fails to match costs n^2 steps or more. \
               rxguard measured the growth and gives the attack string in the message.\n\n\
               Fixes: make adjacent loops match disjoint characters (e.g. `\\s*,\\s*` rather \
               than `.*,.*`), anchor the pattern, bound repetition counts, bound the input \
               length, or use a linear-time engine.",
        severity: Some("5.3"),
        precision: "very-high",
    },
    Rule {
        id: "rxguard/analysis-unknown",
        name: "ReDoSNotDecided",
        level: "note",
        short: "rxguard could not decide whether this regex is safe",
        full: "The pattern uses a construct rxguard does not model exactly, or the analysis \
               exceeded its budget; the message gives the reason.",
        help: "Review the pattern by hand, or run it with a linear-time engine.",
        severity: None,
        precision: "low",
    },
    Rule {
        id: "rxguard/invalid-pattern",
        name: "InvalidRegex",
        level: "warning",
        short: "Regular expression that its engine rejects",
        full: "The pattern is not valid for its flavor: the engine would throw when \
               compiling it.",
        help: "The message gives the position and the reason.",
        severity: None,
        precision: "high",
    },
];

fn rule_index(rec: &Record) -> Option<usize> {
    match rec.report.status {
        Status::Vulnerable if rec.report.complexity == Some(Complexity::Exponential) => Some(0),
        Status::Vulnerable => Some(1),
        Status::Unknown => Some(2),
        Status::Error => Some(3),
        _ => None,
    }
}

/// The SARIF writer's state.
pub struct Sarif {
    first: bool,
    /// How many results with the same fingerprint base each file has had.
    seen: HashMap<(String, u64), u32>,
}

impl Sarif {
    pub fn new() -> Sarif {
        Sarif {
            first: true,
            seen: HashMap::new(),
        }
    }

    pub fn begin(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\
             \"runs\":[{{\"columnKind\":\"unicodeCodePoints\",\"results\":["
        )
    }

    pub fn record(&mut self, out: &mut dyn Write, rec: &Record) -> std::io::Result<()> {
        let Some(index) = rule_index(rec) else {
            return Ok(());
        };
        let rule = &RULES[index];
        let r = &rec.report;
        let mut message = format!(
            "{} ({} flavor): {}",
            describe::quote(&rec.head.pattern),
            rec.head.flavor,
            describe::headline(r)
        );
        if let Some(attack) = &r.attack {
            message.push_str(&format!(
                ". Attack: {} — {}.",
                describe::formula(attack),
                describe::cost(attack)
            ));
        }
        if let Some(fix) = &rec.fix {
            message.push_str(&format!(
                " Suggested fix, re-analyzed safe with the same matches: {}",
                describe::quote(&fix.pattern)
            ));
        }
        let base = fingerprint(&[
            rule.id,
            &rec.head.flavor,
            &rec.head.mode,
            &rec.head.flags,
            &rec.head.pattern,
        ]);
        let count = self
            .seen
            .entry((super::origin(rec).path.clone(), base))
            .or_insert(0);
        *count += 1;
        let mut region = json!({"startLine": super::origin(rec).line});
        if let Some(col) = super::origin(rec).column {
            region["startColumn"] = json!(col);
        }
        let result = json!({
            "ruleId": rule.id,
            "ruleIndex": index,
            "level": rule.level,
            "message": {"text": message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&super::origin(rec).path)},
                    "region": region,
                }
            }],
            "partialFingerprints": {"rxguard/v1": format!("{base:016x}:{count}")},
            "properties": {
                "pattern": rec.head.pattern,
                "flavor": rec.head.flavor,
                "flags": rec.head.flags,
                "mode": rec.head.mode,
                "complexity": r.complexity,
                "degree": r.degree,
                "attack": r.attack,
                "span": r.span,
                "fix": rec.fix,
            },
        });
        if !self.first {
            write!(out, ",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *out, &result)?;
        Ok(())
    }

    pub fn finish(&mut self, out: &mut dyn Write, internal_errors: u64) -> std::io::Result<()> {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|rule| {
                let mut tags = vec!["security", "external/cwe/cwe-1333", "redos"];
                if rule.severity.is_none() {
                    tags.retain(|t| *t != "security");
                }
                let mut properties = json!({"tags": tags, "precision": rule.precision});
                if let Some(sev) = rule.severity {
                    properties["security-severity"] = json!(sev);
                    properties["problem.severity"] = json!("error");
                }
                json!({
                    "id": rule.id,
                    "name": rule.name,
                    "shortDescription": {"text": rule.short},
                    "fullDescription": {"text": rule.full},
                    "help": {"text": rule.help.replace('`', ""), "markdown": rule.help},
                    "defaultConfiguration": {"level": rule.level},
                    "properties": properties,
                })
            })
            .collect();
        let tool = json!({"driver": {
            "name": "rxguard",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules,
        }});
        write!(out, "],\"tool\":")?;
        serde_json::to_writer(&mut *out, &tool)?;
        let invocation = json!([{"executionSuccessful": internal_errors == 0}]);
        write!(out, ",\"invocations\":")?;
        serde_json::to_writer(&mut *out, &invocation)?;
        writeln!(out, "}}]}}")
    }
}

/// FNV-1a over the parts, each followed by a 0 byte so that ("ab","c") ≠ ("a","bc").
/// Stable across Rust versions and platforms, unlike std's hasher.
fn fingerprint(parts: &[&str]) -> u64 {
    let mut h = fnv::FnvHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0);
    }
    h.finish()
}

/// A path as a URI reference: relative paths stay relative (code scanning resolves them
/// against the repository root), absolute ones become `file://` URIs; bytes outside the
/// unreserved set and `/` are percent-encoded.
fn uri(path: &str) -> String {
    if path == STDIN_NAME {
        return "stdin".into();
    }
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_encoded() {
        assert_eq!(super::uri("src/app.js"), "src/app.js");
        assert_eq!(super::uri("my dir/a#b.py"), "my%20dir/a%23b.py");
        assert_eq!(super::uri("/abs/x.txt"), "file:///abs/x.txt");
        assert_eq!(super::uri("<stdin>"), "stdin");
    }

    #[test]
    fn fingerprints_separate_parts() {
        use super::fingerprint;
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        // Pinned: a change of the hash would re-open every alert in code scanning.
        assert_eq!(fingerprint(&["a"]), 0x089be207b544f1e4);
    }
}
