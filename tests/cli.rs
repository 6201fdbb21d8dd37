//! The `rxguard` binary end to end: input formats, one record per input, output formats,
//! exit codes and hostile input. Runs the real binary on fixtures in a temp dir.

mod util;

use util::{assert_same_text, json_lines, Dir};

#[test]
fn lines_input_one_record_per_line_in_order() {
    let dir = Dir::new("lines");
    dir.create("p.txt", "(a+)+$\n\n[z-a]\r\n^abc$\n");
    let out = json_lines(&dir.command().args(["check", "p.txt"]).expect_code(1));
    assert_eq!(out.len(), 4, "three patterns and a summary: {out:?}");
    let statuses: Vec<_> = out[..3]
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["vulnerable", "error", "safe"]);
    assert_eq!(out[0]["pattern"], "(a+)+$");
    assert_eq!(out[0]["complexity"], "exponential");
    let attack = &out[0]["attack"];
    assert!(attack["length"].as_u64().unwrap() < 60, "{attack}");
    assert!(attack["steps"].as_u64().unwrap() >= 100_000_000, "{attack}");
    assert_eq!(attack["pumps"][0]["pump"], "a");
    assert!(attack["measured"].as_array().unwrap().len() >= 3);
    assert_eq!(out[2]["complexity"], "linear");
    assert_eq!(out[0]["flavor"], "javascript");
    assert_eq!(out[0]["mode"], "search");
    assert_eq!(out[1]["pattern"], "[z-a]", "CRLF stripped");
    assert_eq!(out[1]["error"]["kind"], "class_range_out_of_order");
    assert_eq!(
        out[1]["error"]["span"],
        serde_json::json!({"start": 1, "end": 4})
    );
    let indexes: Vec<_> = out[..3]
        .iter()
        .map(|r| r["index"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, [0, 1, 2]);
    assert_eq!(
        out[3],
        serde_json::json!({"type": "summary", "total": 3, "safe": 1, "vulnerable": 1, "unknown": 0, "error": 1,
                           "fail_on": "vulnerable", "failing": 1})
    );
    let lines: Vec<_> = out[..3]
        .iter()
        .map(|r| r["origin"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 3, 4], "origins count the empty line");
    assert_eq!(out[0]["origin"]["path"], "p.txt");
    for r in &out[..3] {
        for key in [
            "type",
            "index",
            "id",
            "pattern",
            "flavor",
            "flags",
            "mode",
            "origin",
            "status",
            "complexity",
            "degree",
            "attack",
            "span",
            "reason",
            "error",
            "elapsed_us",
        ] {
            assert!(r.get(key).is_some(), "record lacks {key}: {r}");
        }
    }
}

#[test]
fn jsonl_input_with_broken_lines_still_gives_one_record_each() {
    let dir = Dir::new("jsonl");
    let input = concat!(
        r#"{"pattern": "(?P<n>a)(?P=n)", "flavor": "python", "id": "py-1"}"#,
        "\n",
        "this is not json\n",
        r#"{"pattern": "a", "flavor": "cobol"}"#,
        "\n",
        r#"{"flavor": "js"}"#,
        "\n",
        r#"{"pattern": "(?<n>a)", "flavor": "python", "id": 7}"#,
        "\n",
        r#"{"pattern": "a", "flavor": "js", "flags": "gg"}"#,
        "\n",
        r#"{"pattern": "a", "mode": "sideways"}"#,
        "\n",
        r#"[1, 2]"#,
        "\n",
    );
    dir.create("p.jsonl", input);
    let out = json_lines(&dir.command().args(["check", "p.jsonl"]).stdout());
    assert_eq!(out.len(), 9);
    assert_eq!(out[0]["status"], "safe");
    assert_eq!(out[0]["id"], "py-1");
    let kinds: Vec<_> = out[1..8]
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("-").to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "invalid_input",
            "invalid_flavor",
            "invalid_input",
            "group_kind_unknown",
            "flag_duplicate",
            "invalid_mode",
            "invalid_input"
        ]
    );
    assert_eq!(out[4]["id"], 7);
    assert_eq!(
        out[1]["pattern"], "this is not json",
        "the raw line is kept"
    );
    assert_eq!(out[8]["total"], 8);
}

#[test]
fn stdin_auto_detects_jsonl_and_lines() {
    let dir = Dir::new("stdin");
    let out = json_lines(
        &dir.command()
            .args(["check", "-", "--flavor", "pcre"])
            .stdin("a++\n(?|(a)|(b))\n")
            .stdout(),
    );
    assert_eq!(out[0]["flavor"], "pcre");
    assert_eq!(
        out[1]["status"], "unknown",
        "branch reset is not simulated yet"
    );
    assert!(out[1]["reason"]
        .as_str()
        .unwrap()
        .starts_with("unsupported:"));
    let out = json_lines(
        &dir.command()
            .args(["check"])
            .stdin(r#"{"pattern": "\\d+", "flavor": "java"}"#)
            .stdout(),
    );
    assert_eq!(out[0]["flavor"], "java");
    assert_eq!(out[0]["pattern"], "\\d+");
}

#[test]
fn json_format_is_one_document() {
    let dir = Dir::new("json");
    dir.create("p.txt", "a\n(\n");
    let out = dir
        .command()
        .args(["check", "p.txt", "--format", "json"])
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["tool"]["name"], "rxguard");
    assert_eq!(doc["results"].as_array().unwrap().len(), 2);
    assert_eq!(doc["summary"]["error"], 1);
}

#[test]
fn text_format_draws_a_caret() {
    let dir = Dir::new("text");
    dir.create("p.txt", "ab(cd\n\\d+\n");
    let out = dir
        .command()
        .args(["check", "p.txt", "--format", "text", "--flavor", "python"])
        .stdout();
    let expected = "\
p.txt:1 [python] error: unclosed group
    ab(cd
      ^
    group_unclosed at byte 2
p.txt:2 [python] safe  \\d+  (linear)
2 patterns: 0 vulnerable, 1 safe, 0 unknown, 1 error
";
    assert_same_text(expected, &out);
    dir.create("v.txt", "^(a|aa)+$\n");
    let out = dir
        .command()
        .args(["check", "v.txt", "--format", "text"])
        .expect_code(1);
    assert!(
        out.starts_with("v.txt:1 [javascript] vulnerable: exponential backtracking\n"),
        "{out}"
    );
    assert!(out.contains("    attack: \"a\" + \"aa\" × "), "{out}");
    assert!(
        out.contains("    ^(a|aa)+$\n      ^^^^\n"),
        "the culprit is marked: {out}"
    );
    assert!(out.contains(" on V8, ~"), "blocking time per engine: {out}");
    assert!(
        out.contains(" on PCRE2 at 100,000\n"),
        "and at the maximum length: {out}"
    );
    assert!(
        out.ends_with("1 at or above --fail-on vulnerable\n"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colors off a terminal: {out}");
}

#[test]
fn colors_follow_the_flag_and_no_color() {
    let dir = Dir::new("color");
    dir.create("v.txt", "^(a|aa)+$\n");
    let args = ["check", "v.txt", "--format", "text"];
    let always = dir
        .command()
        .args(args)
        .args(["--color", "always"])
        .expect_code(1);
    assert!(
        always.contains("\x1b[1m\x1b[31mvulnerable\x1b[0m") || always.contains("\x1b[31m"),
        "{always:?}"
    );
    let never = dir
        .command()
        .args(args)
        .args(["--color", "never"])
        .expect_code(1);
    assert!(!never.contains('\x1b'));
    // auto: off a terminal, and NO_COLOR makes no difference there
    let auto = dir.command().args(args).env("NO_COLOR", "1").expect_code(1);
    assert_eq!(auto, never);
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = Dir::new("exit");
    dir.create("safe.txt", "^abc$\n\\d+\n");
    dir.create("unknown.txt", "^abc$\n(?<=a+)b\n");
    dir.create("error.txt", "^abc$\n(\n");
    dir.create("vuln.txt", "(?<=a+)b\n(\n(a|a)*$\n");
    let code = |file: &str, extra: &[&str]| {
        dir.command()
            .args(["check", file])
            .args(extra)
            .output()
            .status
            .code()
    };
    for format in ["jsonl", "json", "text", "sarif", "github"] {
        let f = ["--format", format];
        assert_eq!(code("safe.txt", &f), Some(0), "{format}");
        assert_eq!(code("vuln.txt", &f), Some(1), "{format}");
        assert_eq!(
            code("vuln.txt", &[&f[..], &["--exit-zero"]].concat()),
            Some(0),
            "{format}"
        );
    }
    assert_eq!(
        code("unknown.txt", &[]),
        Some(0),
        "unknown passes by default"
    );
    assert_eq!(code("unknown.txt", &["--fail-on", "unknown"]), Some(1));
    assert_eq!(code("error.txt", &["--fail-on", "unknown"]), Some(0));
    assert_eq!(code("error.txt", &["--fail-on", "error"]), Some(1));
    assert_eq!(code("unknown.txt", &["--fail-on", "error"]), Some(1));
    assert_eq!(
        code("safe.txt", &["--fail-on", "everything"]),
        Some(2),
        "usage"
    );
    assert_eq!(
        code("missing.txt", &["--exit-zero"]),
        Some(2),
        "I/O errors are not findings"
    );
}

#[test]
fn output_file_and_quiet() {
    let dir = Dir::new("output");
    dir.create("p.txt", "^abc$\n(a|a)*$\n(?<=a+)b\n");
    let stdout = dir
        .command()
        .args(["check", "p.txt", "--format", "json", "-o", "out.json"])
        .expect_code(1);
    assert_eq!(stdout, "", "the document goes to the file");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(doc["summary"]["vulnerable"], 1);
    assert_eq!(doc["results"][1]["origin"]["line"], 2);
    // Not a terminal and no --format: JSON Lines.
    let default = dir.command().args(["check", "p.txt"]).expect_code(1);
    assert_eq!(json_lines(&default).len(), 4);
    let quiet = dir
        .command()
        .args(["check", "p.txt", "--format", "text", "-q"])
        .expect_code(1);
    assert!(
        quiet.starts_with("p.txt:2 [javascript] vulnerable"),
        "{quiet}"
    );
    assert!(
        !quiet.contains("p.txt:1") && !quiet.contains("p.txt:3"),
        "{quiet}"
    );
    let loud = dir
        .command()
        .args(["check", "p.txt", "--format", "text"])
        .expect_code(1);
    assert!(
        loud.contains("p.txt:1 ") && loud.contains("p.txt:3 "),
        "{loud}"
    );
    assert_eq!(
        dir.command()
            .args(["check", "p.txt", "-o", "no/such/dir/out.json"])
            .output()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn github_format_annotates_file_and_line() {
    let dir = Dir::new("github");
    let records = concat!(
        r#"{"pattern": "^(a|aa)+$", "origin": {"path": "src/a,b.js", "line": 7, "column": 12}}"#,
        "\n",
        r#"{"pattern": "ok"}"#,
        "\n",
        r#"{"pattern": "(", "flavor": "python"}"#,
        "\n",
        r#"{"pattern": "(?<=a+)b"}"#,
        "\n",
    );
    dir.create("found.jsonl", records);
    let out = dir
        .command()
        .args(["check", "found.jsonl", "--format", "github"])
        .expect_code(1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "three annotations and a summary: {out}");
    assert!(
        lines[0].starts_with(
            "::error file=src/a%2Cb.js,line=7,col=12,title=ReDoS%3A exponential backtracking::javascript pattern \"^(a|aa)+$\""
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("%0AAttack: \"a\" + \"aa\" × "),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=found.jsonl,line=3,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("::notice file=found.jsonl,line=4,"),
        "{}",
        lines[2]
    );
}

#[test]
fn sarif_results_rules_and_fingerprints() {
    let dir = Dir::new("sarif");
    let records = concat!(
        r#"{"pattern": "^(a|aa)+$", "origin": {"path": "src/app.js", "line": 7, "column": 12}}"#,
        "\n",
        r#"{"pattern": "\\s+$", "flavor": "python"}"#,
        "\n",
        r#"{"pattern": "^(a|aa)+$", "origin": {"path": "src/app.js", "line": 30, "column": 3}}"#,
        "\n",
        r#"{"pattern": "ok"}"#,
        "\n",
        r#"{"pattern": "(", "flavor": "python"}"#,
        "\n",
    );
    dir.create("found.jsonl", records);
    let run = || {
        let out = dir
            .command()
            .args(["check", "found.jsonl", "--format", "sarif"])
            .expect_code(1);
        serde_json::from_str::<serde_json::Value>(&out).expect("one SARIF document")
    };
    let doc = run();
    assert_eq!(doc["version"], "2.1.0");
    let run0 = &doc["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "rxguard/redos-exponential",
            "rxguard/redos-polynomial",
            "rxguard/analysis-unknown",
            "rxguard/invalid-pattern"
        ]
    );
    for rule in &rules[..2] {
        let props = &rule["properties"];
        let tags: Vec<&str> = props["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(
            tags.contains(&"security") && tags.contains(&"external/cwe/cwe-1333"),
            "{rule}"
        );
        assert!(
            props["security-severity"]
                .as_str()
                .unwrap()
                .parse::<f64>()
                .unwrap()
                > 0.0
        );
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    let results = run0["results"].as_array().unwrap();
    let summary: Vec<(&str, &str, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap(),
                loc["artifactLocation"]["uri"].as_str().unwrap(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("rxguard/redos-exponential", "src/app.js", 7),
            ("rxguard/redos-polynomial", "found.jsonl", 2),
            ("rxguard/redos-exponential", "src/app.js", 30),
            ("rxguard/invalid-pattern", "found.jsonl", 5),
        ],
        "a result per pattern that is not safe, at its origin"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
        12
    );
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
    }
    let prints: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["rxguard/v1"].as_str().unwrap())
        .collect();
    assert_ne!(
        prints[0], prints[2],
        "the same pattern twice in a file: distinct alerts"
    );
    assert_eq!(prints[0].split(':').next(), prints[2].split(':').next());
    let again = run();
    let prints_again: Vec<&str> = again["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["rxguard/v1"].as_str().unwrap())
        .collect();
    assert_eq!(prints, prints_again, "stable across runs");
    // Moving the code keeps the fingerprint.
    dir.create(
        "moved.jsonl",
        r#"{"pattern": "^(a|aa)+$", "origin": {"path": "src/app.js", "line": 99, "column": 1}}"#,
    );
    let moved = dir
        .command()
        .args(["check", "moved.jsonl", "--format", "sarif"])
        .expect_code(1);
    let moved: serde_json::Value = serde_json::from_str(&moved).unwrap();
    assert_eq!(
        moved["runs"][0]["results"][0]["partialFingerprints"]["rxguard/v1"],
        prints[0]
    );
}

#[test]
fn record_origins_are_checked() {
    let dir = Dir::new("origin");
    let records = concat!(
        r#"{"pattern": "a", "origin": {"path": "x.py", "line": 0}}"#,
        "\n",
        r#"{"pattern": "a", "origin": {"path": "x.py", "line": 2, "column": "3"}}"#,
        "\n",
        r#"{"pattern": "a", "origin": {"path": "x.py", "line": 2, "column": 3}}"#,
        "\n",
    );
    dir.create("o.jsonl", records);
    let out = json_lines(&dir.command().args(["check", "o.jsonl"]).stdout());
    assert_eq!(out[0]["error"]["kind"], "invalid_input");
    assert_eq!(out[1]["error"]["kind"], "invalid_input");
    assert_eq!(
        out[1]["origin"],
        serde_json::json!({"path": "o.jsonl", "line": 2, "column": null})
    );
    assert_eq!(out[2]["status"], "safe");
    assert_eq!(
        out[2]["origin"],
        serde_json::json!({"path": "x.py", "line": 2, "column": 3})
    );
}

#[test]
fn invalid_utf8_and_binary_lines() {
    let dir = Dir::new("binary");
    dir.create("p.txt", b"ok\n\xff\xfe(\n\x00\x01\x02\n");
    let out = json_lines(&dir.command().args(["check", "p.txt"]).stdout());
    assert_eq!(out.len(), 4);
    assert_eq!(out[1]["error"]["kind"], "invalid_input");
    assert_eq!(
        out[2]["status"], "safe",
        "control characters are valid literals"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = Dir::new("errors");
    let out = dir.command().args(["check", "missing.txt"]).output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
    let out = dir.command().args(["check", "--flavor", "cobol"]).output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown flavor"));
    assert_eq!(
        dir.command().args(["frobnicate"]).output().status.code(),
        Some(2)
    );
    assert_eq!(
        dir.command().args(["--help"]).output().status.code(),
        Some(0)
    );
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_rxguard"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        for _ in 0..200_000 {
            if stdin.write_all(b"a+b\n").is_err() {
                break;
            }
        }
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    assert!(first.contains("\"type\":\"result\""));
    // stdout is dropped here: the next write fails with EPIPE.
    let status = child.wait().expect("wait");
    let _ = writer.join();
    assert_eq!(status.code(), Some(0), "a closed pipe is not an error");
}

#[test]
fn hostile_patterns_get_records_not_crashes() {
    let dir = Dir::new("hostile");
    let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
    let big = "a".repeat(1 << 20);
    dir.create("p.txt", format!("{deep}\na{{4294967295}}\n{big}\n"));
    let out = json_lines(
        &dir.command()
            .args(["check", "p.txt", "--flavor", "python"])
            .stdout(),
    );
    assert_eq!(out.len(), 4);
    assert!(out[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("limit: groups nested deeper"));
    assert_eq!(out[1]["error"]["kind"], "repetition_count_invalid");
    assert!(out[2]["reason"]
        .as_str()
        .unwrap()
        .starts_with("limit: pattern longer"));
}

#[test]
fn parse_subcommand_reports_validity_and_shape() {
    let dir = Dir::new("parse");
    let input = concat!(
        r#"{"pattern": "(?P<n>a)+", "flavor": "python"}"#,
        "\n",
        r#"{"pattern": "(?<n>a)", "flavor": "python"}"#,
        "\n",
        r#"{"pattern": "\\N{DIGIT ONE}", "flavor": "python"}"#,
        "\n",
    );
    let out = json_lines(&dir.command().args(["parse", "-"]).stdin(input).stdout());
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["valid"], true);
    assert_eq!(out[0]["shape"], "plus(cap1<n>('a'))");
    assert_eq!(out[1]["valid"], false);
    assert_eq!(out[1]["family"], "invalid");
    assert_eq!(out[1]["error"]["kind"], "group_kind_unknown");
    assert_eq!(out[2]["family"], "unsupported");
}

#[test]
fn threads_keep_input_order() {
    let dir = Dir::new("threads");
    // More patterns than one parallel batch, vulnerable and safe ones interleaved.
    let patterns: Vec<String> = (0..700)
        .map(|i| {
            if i % 7 == 0 {
                format!("(a{}+)+$", i % 3)
            } else {
                format!("^x{i}$")
            }
        })
        .collect();
    dir.create("p.txt", patterns.join("\n"));
    let strip = |out: String| {
        json_lines(&out)
            .into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("elapsed_us");
                r
            })
            .collect::<Vec<_>>()
    };
    let one = strip(
        dir.command()
            .args(["check", "p.txt", "-j", "1"])
            .expect_code(1),
    );
    let two = strip(
        dir.command()
            .args(["check", "p.txt", "-j", "2"])
            .expect_code(1),
    );
    assert_eq!(one.len(), 701);
    assert_eq!(one, two);
    for (i, r) in one[..700].iter().enumerate() {
        assert_eq!(r["index"], i as u64);
        assert_eq!(r["pattern"], patterns[i].as_str());
    }
}

#[test]
fn a_gigabyte_of_input_streams_in_bounded_memory() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    const LONG: usize = 17 << 20; // over the 16 MiB line limit
    const LINES: usize = 60; // 60 × 17 MiB ≈ 1 GiB
    let mut child = Command::new(env!("CARGO_BIN_EXE_rxguard"))
        .args(["check", "-", "--input", "lines", "-j", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..LINES {
            stdin.write_all(b"^a+$\n")?;
            for _ in 0..LONG / chunk.len() {
                stdin.write_all(&chunk)?;
            }
            stdin.write_all(b"\n")?;
        }
        Ok::<(), std::io::Error>(())
    });
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    // Peak resident memory of the child, read while it runs (VmHWM only grows).
    let mut peak_kib = 0u64;
    while child.try_wait().expect("wait").is_none() {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    writer.join().unwrap().expect("all input written");
    let out = reader.join().unwrap().expect("output");
    let records = json_lines(&out);
    assert_eq!(
        records.len(),
        2 * LINES + 1,
        "one record per line, then the summary"
    );
    for pair in records[..2 * LINES].chunks(2) {
        assert_eq!(pair[0]["status"], "safe");
        assert_eq!(pair[1]["error"]["kind"], "invalid_input");
        assert!(
            pair[1]["error"]["message"]
                .as_str()
                .unwrap()
                .contains("longer than"),
            "{}",
            pair[1]
        );
    }
    eprintln!("peak resident memory: {peak_kib} KiB");
    if cfg!(target_os = "linux") {
        assert!(peak_kib > 0, "could not read the child's memory");
        assert!(
            peak_kib < 64 * 1024,
            "peak resident memory {peak_kib} KiB for 1 GiB of input"
        );
    }
}

#[test]
fn explain_walks_through_one_pattern() {
    let dir = Dir::new("explain");
    let out = dir
        .command()
        .args(["explain", "^(a|aa)+$", "--color", "never"])
        .expect_code(1);
    assert!(out.starts_with("pattern  ^(a|aa)+$\n"), "{out}");
    assert!(
        out.contains("verdict  vulnerable: exponential backtracking\n"),
        "{out}"
    );
    assert!(
        out.contains("    ^(a|aa)+$\n      ^^^^\n"),
        "the loop is marked: {out}"
    );
    assert!(out.contains("about 2^n ways"), "{out}");
    assert!(
        out.contains("makes every way through the rest of the pattern fail"),
        "{out}"
    );
    // The chart: one row per measured point (at most 10), steps growing.
    let rows: Vec<u64> = out
        .lines()
        .skip_while(|l| !l.starts_with("steps measured"))
        .skip(2)
        .take_while(|l| l.contains('█'))
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .unwrap()
                .replace(',', "")
                .parse()
                .unwrap()
        })
        .collect();
    assert!(rows.len() >= 3 && rows.len() <= 10, "{out}");
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
    assert!(out.contains("No standard rewrite applies"), "{out}");

    let out = dir
        .command()
        .args(["explain", "\\s+$", "--flavor", "python"])
        .expect_code(1);
    assert!(out.contains("about n^2 ways"), "{out}");
    assert!(out.contains("the fix\n  (?<!\\s)\\s+$\n"), "{out}");
    assert!(out.contains("re-analyzed: safe"), "{out}");

    let out = dir.command().args(["explain", "^\\d+$"]).stdout();
    assert!(out.contains("verdict  safe: linear"), "{out}");
    let out = dir
        .command()
        .args(["explain", "(ab", "--flavor", "python"])
        .stdout();
    assert!(out.contains("    (ab\n    ^\n"), "{out}");
    assert!(
        out.contains("rejects this pattern: unclosed group"),
        "{out}"
    );
    dir.command()
        .args(["explain", "a", "--flavor", "perl6"])
        .expect_code(2);
}

#[test]
fn vulnerable_records_carry_a_checked_fix_where_one_applies() {
    let dir = Dir::new("fix");
    dir.create("p.txt", "^(a+)+$\n^(a|aa)+$\n\\s+$\n");
    let out = json_lines(&dir.command().args(["check", "p.txt"]).expect_code(1));
    assert_eq!(
        out[0]["fix"],
        serde_json::json!({"pattern": "^a+$", "description": "merge nested quantifiers: (a+)+ → a+", "equivalence": "checked_on_dfas"})
    );
    assert_eq!(out[1]["fix"], serde_json::Value::Null);
    assert_eq!(out[2]["fix"]["pattern"], "(?<!\\s)\\s+$");
    assert_eq!(out[2]["fix"]["equivalence"], "by_construction");
    let text = dir
        .command()
        .args(["check", "p.txt", "--format", "text"])
        .expect_code(1);
    assert!(
        text.contains("    fix:    ^a+$  (merge nested quantifiers: (a+)+ → a+; re-analyzed: safe; same matches, checked on DFAs)\n"),
        "{text}"
    );
    // The fixes really are safe.
    dir.create("fixed.txt", "^a+$\n(?<!\\s)\\s+$\n");
    let fixed = json_lines(&dir.command().args(["check", "fixed.txt"]).stdout());
    assert_eq!(fixed[0]["status"], "safe");
    assert_eq!(fixed[1]["status"], "safe");
}

#[test]
fn per_pattern_timeout_gives_unknown() {
    let dir = Dir::new("timeout");
    dir.create("p.txt", "(a|b|ab)*(c|d|cd)*(e|f|ef)*x\n^abc$\n");
    let out = json_lines(
        &dir.command()
            .args(["check", "p.txt", "--timeout", "0.000001"])
            .stdout(),
    );
    assert_eq!(out[0]["status"], "unknown");
    assert!(
        out[0]["reason"].as_str().unwrap().starts_with("timeout: "),
        "{}",
        out[0]
    );
    let out = json_lines(
        &dir.command()
            .args(["check", "p.txt", "--timeout", "30"])
            .expect_code(1),
    );
    assert_eq!(out[0]["status"], "vulnerable");
    assert_eq!(out[1]["status"], "safe");
    // 0 turns the limit (1 s by default) off.
    let out = json_lines(
        &dir.command()
            .args(["check", "p.txt", "--timeout=0"])
            .expect_code(1),
    );
    assert_eq!(out[0]["status"], "vulnerable");
    dir.command()
        .args(["check", "p.txt", "--timeout=-1"])
        .expect_code(2);
    dir.command()
        .args(["check", "p.txt", "--timeout=nan"])
        .expect_code(2);
}
