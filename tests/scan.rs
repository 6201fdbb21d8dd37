//! `rxguard scan` end to end: the bundled Express demo, each language, .gitignore, and
//! hostile trees (binary files, invalid UTF-8, unknown files, missing paths).

mod util;

use util::{json_lines, repo_command, Dir};

/// (rule, file, line, column) of each SARIF result.
fn sarif_locations(doc: &serde_json::Value) -> Vec<(String, String, u64, u64)> {
    doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap().to_string(),
                loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
                loc["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn express_demo_fails_with_the_advisory_locations() {
    let out = repo_command()
        .args(["scan", "examples/express-app", "--format", "sarif"])
        .expect_code(1);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("SARIF");
    let app = "examples/express-app/src";
    let expected = [
        (
            "rxguard/redos-polynomial",
            format!("{app}/lib/strings.js"),
            6,
            42,
        ),
        (
            "rxguard/redos-polynomial",
            format!("{app}/lib/strings.js"),
            11,
            33,
        ),
        (
            "rxguard/redos-exponential",
            format!("{app}/lib/validators.ts"),
            5,
            30,
        ),
        (
            "rxguard/redos-exponential",
            format!("{app}/lib/validators.ts"),
            8,
            37,
        ),
        (
            "rxguard/redos-polynomial",
            format!("{app}/routes/repos.js"),
            8,
            3,
        ),
    ];
    let expected: Vec<(String, String, u64, u64)> = expected
        .into_iter()
        .map(|(r, f, l, c)| (r.to_string(), f, l, c))
        .collect();
    assert_eq!(sarif_locations(&doc), expected);
    // The vulnerable dependency under node_modules/ is .gitignored.
    assert!(!out.contains("node_modules"), "{out}");
    let summary = json_lines(
        &repo_command()
            .args(["scan", "examples/express-app"])
            .expect_code(1),
    )
    .pop()
    .unwrap();
    assert_eq!(summary["total"], 10);
    assert_eq!(summary["files"], 5);
}

#[test]
fn each_language_with_origins_flavors_and_modes() {
    let dir = Dir::new("scan-languages");
    dir.create("app/a.py", "import re\nX = re.match(r'(a|aa)+$', s)\n");
    dir.create(
        "app/B.java",
        "class B { boolean f(String s) { return s.matches(\"(x+x+)+y\"); } }\n",
    );
    dir.create("app/c.ts", "const R: RegExp = /^(\\w+\\s?)*$/;\n");
    dir.create("app/d.jsx", "const e = <b>{/\\s+$/.test(x)}</b>;\n");
    dir.create("app/notes.txt", "(a+)+$\n");
    let out = json_lines(&dir.command().args(["scan", "app"]).expect_code(1));
    let got: Vec<(String, u64, u64, String, String, String, String)> = out[..out.len() - 1]
        .iter()
        .map(|r| {
            (
                r["origin"]["path"].as_str().unwrap().to_string(),
                r["origin"]["line"].as_u64().unwrap(),
                r["origin"]["column"].as_u64().unwrap(),
                r["flavor"].as_str().unwrap().to_string(),
                r["mode"].as_str().unwrap().to_string(),
                r["pattern"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |p: &str, l, c, f: &str, m: &str, pat: &str, st: &str| {
        (
            p.to_string(),
            l,
            c,
            f.to_string(),
            m.to_string(),
            pat.to_string(),
            st.to_string(),
        )
    };
    assert_eq!(
        got,
        vec![
            row(
                "app/B.java",
                1,
                50,
                "java",
                "full",
                "(x+x+)+y",
                "vulnerable"
            ),
            row(
                "app/a.py",
                2,
                14,
                "python",
                "anchored",
                "(a|aa)+$",
                "vulnerable"
            ),
            row(
                "app/c.ts",
                1,
                19,
                "javascript",
                "search",
                "^(\\w+\\s?)*$",
                "vulnerable"
            ),
            row(
                "app/d.jsx",
                1,
                15,
                "javascript",
                "search",
                "\\s+$",
                "vulnerable"
            ),
        ]
    );
    assert_eq!(out.last().unwrap()["files"], 4, "notes.txt is not source");
}

#[test]
fn gitignore_is_honored_without_a_repository() {
    let dir = Dir::new("scan-ignore");
    dir.create(".gitignore", "build/\n*.min.js\n");
    dir.create("src/ok.js", "const a = /^a$/;\n");
    dir.create("build/gen.js", "const b = /(a+)+$/;\n");
    dir.create("src/vendor.min.js", "const c = /(a+)+$/;\n");
    dir.create(".hidden/x.js", "const d = /(a+)+$/;\n");
    let out = json_lines(&dir.command().args(["scan"]).stdout());
    assert_eq!(out.len(), 2, "one pattern and the summary: {out:?}");
    assert_eq!(out[0]["origin"]["path"], "src/ok.js");
    assert_eq!(out[0]["status"], "safe");
}

#[test]
fn hostile_trees_give_records_and_reasons() {
    let dir = Dir::new("scan-hostile");
    dir.create("bin.js", b"\x00\x01\x02/(a+)+$/\x00");
    dir.create(
        "latin1.py",
        b"# caf\xe9\nimport re\nre.compile(r'(a|a)*$')\nre.compile('\xff+')\n",
    );
    dir.create("empty.java", "");
    dir.create(
        "deep.js",
        format!("x = {}1{};", "[".repeat(50_000), "]".repeat(50_000)),
    );
    dir.create("given.txt", "(a+)+$");
    let (stdout, stderr) = dir
        .command()
        .args(["scan", ".", "given.txt"])
        .expect_code_both(1);
    let out = json_lines(&stdout);
    assert!(stderr.contains("skipped ./bin.js: binary file"), "{stderr}");
    assert!(
        stderr.contains("skipped given.txt: not a JavaScript"),
        "{stderr}"
    );
    let records = &out[..out.len() - 1];
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["pattern"], "(a|a)*$");
    assert_eq!(records[0]["status"], "vulnerable");
    assert_eq!(
        records[1]["status"], "error",
        "an undecodable literal still gets a record"
    );
    assert_eq!(records[1]["error"]["kind"], "invalid_input");
    let summary = out.last().unwrap();
    assert_eq!(summary["files"], 3);
    assert_eq!(summary["files_skipped"], 2);
    // A path that does not exist is an error of the invocation.
    dir.command().args(["scan", "no/such/dir"]).expect_code(2);
    // Quiet: no skip messages.
    let (_, quiet_err) = dir.command().args(["scan", "-q", "."]).expect_code_both(1);
    assert!(quiet_err.is_empty(), "{quiet_err}");
}
