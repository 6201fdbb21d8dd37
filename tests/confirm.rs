//! `rxguard check --confirm`: attacks run on a real engine decide verdicts near the
//! threshold. Stand-in engines (shell scripts that answer the runner's protocol) make the
//! mechanics deterministic: an engine that never finishes has blocked, one that answers at
//! once has not, one that refuses the pattern leaves the verdict alone. The real engines
//! (Node, CPython, the JDK, PCRE2) run last, checked for consistency between the time they
//! measured and the verdict; without them the test says so and passes, unless
//! `RXGUARD_REQUIRE_ENGINES=1` (CI).

mod util;

use serde_json::Value;
use util::{json_lines, Dir};

/// A JavaScript pattern the calibrated speed leaves near the threshold (super-linear,
/// predicted under the margin `vulnerable` needs).
const NEAR: &str = r"Google.*/\+/web/snippet";

fn check(dir: &Dir, input: &str, args: &[&str], engine: Option<(&str, &str)>) -> Vec<Value> {
    let mut cmd = dir
        .command()
        .args(["check", "-", "--format", "jsonl", "--exit-zero", "-j", "2"])
        .args(args)
        .stdin(input);
    if let Some((var, path)) = engine {
        cmd = cmd.env(var, path);
    }
    json_lines(&cmd.stdout())
        .into_iter()
        .filter(|r| r["type"] == "result")
        .collect()
}

fn fake_engine(dir: &Dir, name: &str, body: &str) -> String {
    let path = dir.create(name, format!("#!/bin/sh\nread request\n{body}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("make the stand-in engine executable");
    }
    path.to_string_lossy().into_owned()
}

const READY: &str = r#"echo '{"ready": true, "engine": "stand-in 1", "length": 99996}'"#;

fn js_line(pattern: &str) -> String {
    serde_json::json!({"pattern": pattern, "flavor": "javascript"}).to_string() + "\n"
}

#[test]
fn a_stand_in_engine_decides_near_the_threshold_and_nowhere_else() {
    let dir = Dir::new("confirm-stand-in");
    let input = js_line(NEAR) + &js_line("(a+)+$") + &js_line("^(a|b)*$");
    let plain = check(&dir, &input, &[], None);
    assert_eq!(plain[0]["status"], "unknown", "{}", plain[0]);
    let candidate = plain[0]["below_threshold"].clone();
    assert!(
        candidate["attack"]["length"].as_u64().is_some(),
        "{}",
        plain[0]
    );
    assert!(plain.iter().all(|r| r.get("confirmation").is_none()));

    // Never finishes: each run is stopped at the blocking time, so blocked.
    let slow = fake_engine(&dir, "slow", &format!("{READY}\nexec sleep 30"));
    let started = std::time::Instant::now();
    let out = check(&dir, &input, &["--confirm"], Some(("RXGUARD_NODE", &slow)));
    assert!(
        started.elapsed().as_secs_f64() < 15.0,
        "the runs were not stopped"
    );
    let c = &out[0]["confirmation"];
    assert_eq!(c["engine"], "stand-in 1");
    assert_eq!(c["stopped"], true);
    assert_eq!(c["blocked"], true);
    assert_eq!(c["runs"], 3, "an attack blocks only if every run does");
    assert!(c["ms"].as_f64().is_some_and(|ms| ms >= 1000.0), "{c}");
    assert_eq!(out[0]["status"], "vulnerable");
    assert_eq!(out[0]["attack"], candidate["attack"]);
    assert_eq!(out[0]["degree"], candidate["degree"]);
    assert!(out[0].get("below_threshold").is_none());
    // Already vulnerable and linear patterns run nothing by default.
    assert_eq!(out[1]["status"], "vulnerable");
    assert!(out[1].get("confirmation").is_none());
    assert_eq!(out[2]["status"], "safe");
    assert!(out[2].get("confirmation").is_none());

    // Answers at once: the attack does not block.
    let fast = fake_engine(&dir, "fast", &format!("{READY}\necho '{{\"ms\": 12.5}}'"));
    let out = check(
        &dir,
        &input,
        &["--confirm", "all"],
        Some(("RXGUARD_NODE", &fast)),
    );
    assert_eq!(out[0]["status"], "safe", "{}", out[0]);
    assert_eq!(out[0]["complexity"], "polynomial");
    let reason = out[0]["reason"].as_str().unwrap_or("");
    assert!(reason.contains("stand-in 1 ran the attack"), "{reason}");
    assert_eq!(out[0]["confirmation"]["blocked"], false);
    assert_eq!(out[0]["confirmation"]["ms"], 12.5);
    assert_eq!(
        out[0]["confirmation"]["runs"], 1,
        "a run under the blocking time ends it"
    );
    // `all` runs the vulnerable verdict's attack too, which then falls.
    assert_eq!(out[1]["status"], "safe", "{}", out[1]);
    assert_eq!(out[1]["complexity"], "exponential");
    assert!(out[1]["fix"].is_null());
    assert!(out[1]["below_threshold"]["attack"]["length"]
        .as_u64()
        .is_some());
    assert!(out[2].get("confirmation").is_none());

    // Blocks once, then finishes at once: the fastest run decides.
    let state = dir.path().join("ran-once");
    let once = fake_engine(
        &dir,
        "once",
        &format!(
            "{READY}\nif [ -e {0} ]; then echo '{{\"ms\": 700}}'; else touch {0}; exec sleep 30; fi",
            state.display()
        ),
    );
    let out = check(
        &dir,
        &js_line(NEAR),
        &["--confirm"],
        Some(("RXGUARD_NODE", &once)),
    );
    let c = &out[0]["confirmation"];
    assert_eq!(
        (c["runs"].as_u64(), c["ms"].as_f64()),
        (Some(2), Some(700.0)),
        "{c}"
    );
    assert_eq!(c["blocked"], false);
    assert_eq!(out[0]["status"], "safe");

    // Refuses the pattern, or is missing: the model's verdict stands, the record says why.
    let refusing = fake_engine(
        &dir,
        "refusing",
        r#"echo '{"error": "the engine refuses the pattern: no"}'"#,
    );
    let out = check(
        &dir,
        &input,
        &["--confirm"],
        Some(("RXGUARD_NODE", &refusing)),
    );
    assert_eq!(out[0]["status"], "unknown");
    assert_eq!(
        out[0]["confirmation"]["error"],
        "the engine refuses the pattern: no"
    );
    let missing = dir.path().join("no-such-engine");
    let out = check(
        &dir,
        &input,
        &["--confirm"],
        Some(("RXGUARD_NODE", &missing.to_string_lossy())),
    );
    assert_eq!(out[0]["status"], "unknown");
    let error = out[0]["confirmation"]["error"].as_str().unwrap_or("");
    assert!(error.starts_with("cannot start"), "{error}");
}

fn have(program: &str, arg: &str) -> bool {
    std::process::Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The verdict agrees with what the engine measured.
fn consistent(r: &Value, engine: &str) {
    let c = &r["confirmation"];
    assert!(
        c["engine"].as_str().is_some_and(|e| e.starts_with(engine)),
        "{r}"
    );
    let ms = c["ms"].as_f64().unwrap_or(-1.0);
    assert!(ms > 0.0, "{r}");
    assert_eq!(c["blocked"], Value::Bool(ms >= 1000.0), "{r}");
    let attack = if c["blocked"] == true {
        assert_eq!(r["status"], "vulnerable", "{r}");
        &r["attack"]
    } else {
        assert_ne!(r["status"], "vulnerable", "{r}");
        &r["below_threshold"]["attack"]
    };
    assert_eq!(c["length"], attack["length"], "{r}");
}

/// Whether Python's ctypes finds libpcre2-8 (the PCRE2 runner's engine).
fn have_pcre2() -> bool {
    std::process::Command::new("python3")
        .args([
            "-c",
            "import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library('pcre2-8') else 1)",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn real_engines_measure_what_the_verdict_says() {
    let required = std::env::var("RXGUARD_REQUIRE_ENGINES").is_ok_and(|v| v == "1");
    if !(have("node", "--version")
        && have("python3", "--version")
        && have("java", "-version")
        && have_pcre2())
    {
        assert!(
            !required,
            "node, python3, java and libpcre2-8 are needed to confirm attacks"
        );
        eprintln!("skipped: node, python3, java or libpcre2-8 missing");
        return;
    }
    let dir = Dir::new("confirm-real");
    let line = |pattern: &str, flavor: &str, mode: &str, flags: &str| {
        serde_json::json!({"pattern": pattern, "flavor": flavor, "mode": mode, "flags": flags})
            .to_string()
            + "\n"
    };
    let input = [
        line(NEAR, "javascript", "search", ""),
        line(NEAR, "python", "search", ""),
        // Far above the threshold in every mode each runner implements: these block.
        line(r"\s*#?\s*$", "javascript", "full", ""),
        line(r"^(\w+\s?)*$", "javascript", "anchored", "i"),
        line(r"(\d+)+!", "python", "anchored", "a"),
        line(r"(\w+\s?)*$", "python", "full", ""),
        line(r"^(\w+\s?)*$", "java", "full", "i"),
        line(r"(\d+)+!", "java", "anchored", ""),
        line(r"\s*#?\s*$", "java", "search", "d"),
        line(NEAR, "java", "search", ""),
        line(NEAR, "pcre", "search", ""),
        line(r"^(\w+\s?)*$", "pcre", "full", "i"),
        line(r"(\d+)+!", "pcre", "anchored", ""),
        line(r"\s*#?\s*$", "pcre", "search", "m"),
    ]
    .concat();
    let out = check(&dir, &input, &["--confirm", "all"], None);
    assert_eq!(out.len(), 14);
    consistent(&out[0], "node v");
    consistent(&out[1], "python 3");
    consistent(&out[9], "java 1");
    consistent(&out[10], "pcre2 10");
    for (r, engine) in out[2..9].iter().chain(&out[11..]).zip([
        "node v", "node v", "python 3", "python 3", "java 1", "java 1", "java 1", "pcre2 10",
        "pcre2 10", "pcre2 10",
    ]) {
        consistent(r, engine);
        assert_eq!(r["confirmation"]["blocked"], true, "{r}");
        assert_eq!(r["confirmation"]["stopped"], true, "{r}");
    }
}
