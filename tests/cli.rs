//! The `rxguard` binary end to end: input formats, one record per input, output formats,
//! exit codes and hostile input. Runs the real binary on fixtures in a temp dir.

mod util;

use util::{assert_same_text, json_lines, Dir};

#[test]
fn lines_input_one_record_per_line_in_order() {
    let dir = Dir::new("lines");
    dir.create("p.txt", "(a+)+$\n\n[z-a]\r\n^abc$\n");
    let out = json_lines(&dir.command().args(["check", "p.txt"]).stdout());
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
        serde_json::json!({"type": "summary", "total": 3, "safe": 1, "vulnerable": 1, "unknown": 0, "error": 1})
    );
    for r in &out[..3] {
        for key in [
            "type",
            "index",
            "id",
            "pattern",
            "flavor",
            "flags",
            "mode",
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
    dir.create("p.txt", "ab(cd\n");
    let out = dir
        .command()
        .args(["check", "p.txt", "--format", "text", "--flavor", "python"])
        .stdout();
    let expected = "\
#0 [python] error  ab(cd
    ab(cd
      ^
    error: unclosed group (at byte 2)
1 patterns: 0 safe, 0 vulnerable, 0 unknown, 1 error
";
    assert_same_text(expected, &out);
    dir.create("v.txt", "^(a|aa)+$\n");
    let out = dir
        .command()
        .args(["check", "v.txt", "--format", "text"])
        .stdout();
    assert!(out.contains("vulnerable (exponential)"), "{out}");
    assert!(out.contains("    attack: \"a\" + \"aa\" × "), "{out}");
    assert!(
        out.contains("    ^(a|aa)+$\n      ^^^^\n"),
        "the culprit is marked: {out}"
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
    let one = strip(dir.command().args(["check", "p.txt", "-j", "1"]).stdout());
    let two = strip(dir.command().args(["check", "p.txt", "-j", "2"]).stdout());
    assert_eq!(one.len(), 701);
    assert_eq!(one, two);
    for (i, r) in one[..700].iter().enumerate() {
        assert_eq!(r["index"], i as u64);
        assert_eq!(r["pattern"], patterns[i].as_str());
    }
}
