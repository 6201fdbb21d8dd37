//! `--confirm`: run a finding's attack on the real engine of the pattern's flavor and let
//! the measured time decide the verdict (`rxguard::engine_run` says how).
//!
//! Each run is a fresh engine process (`node` for JavaScript, `python3` for Python; the
//! environment variables `RXGUARD_NODE` and `RXGUARD_PYTHON` name others) given one request
//! on standard input: it compiles the pattern, warms it up on a short string (V8 tiers a
//! regexp up to native code on its second run), builds the attack string, says it is
//! ready, and times the match call with its own clock. A run still going at the blocking
//! time is stopped there: it has blocked. An attack blocks only if each of [`RUNS`] runs
//! does; the first that finishes sooner ends the trial. Runs take turns (one engine at a time across
//! the analysis threads) so that engines do not slow each other down.

use crate::args::Confirm;
use rxguard::engine_run::{self, Confirmation, EngineFailure, EngineRun};
use rxguard::{Attack, Flavor, MatchMode, Report};
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The V8 side: `RegExp.prototype.test`; anchored and full matches through the sticky flag
/// (and, for full, a lookahead for the end of the input).
const NODE_RUNNER: &str = r#"
const rl = require('readline').createInterface({ input: process.stdin });
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const text = (units) => {
  let s = '';
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return s;
};
rl.once('line', (line) => {
  const r = JSON.parse(line);
  let flags = r.flags.replace(/g/g, '');
  let source = r.pattern;
  if (r.mode !== 'search' && !flags.includes('y')) flags += 'y';
  if (r.mode === 'full') source = '(?:' + source + ')(?![\\s\\S])';
  let re;
  try { re = new RegExp(source, flags); } catch (e) { say({ error: 'the engine refuses the pattern: ' + e.message }); process.exit(0); }
  const parts = r.pumps.map((p) => [text(p.prefix), text(p.pump), p.repeat]);
  const suffix = text(r.suffix);
  const build = (cap) => parts.map(([a, b, n]) => a + b.repeat(Math.min(n, cap))).join('') + suffix;
  const small = build(8);
  for (let i = 0; i < 2; i++) { re.lastIndex = 0; re.test(small); }
  const s = build(Infinity);
  say({ ready: true, engine: 'node ' + process.version, length: s.length });
  re.lastIndex = 0;
  const t0 = process.hrtime.bigint();
  re.test(s);
  say({ ms: Number(process.hrtime.bigint() - t0) / 1e6 });
  process.exit(0);
});
"#;

/// The CPython side: `re.search`, `re.match` or `re.fullmatch` by mode.
const PYTHON_RUNNER: &str = r#"
import json, platform, re, sys, time
def say(o):
    sys.stdout.write(json.dumps(o) + "\n"); sys.stdout.flush()
r = json.loads(sys.stdin.readline())
letters = {"i": re.I, "m": re.M, "s": re.S, "x": re.X, "a": re.A, "u": re.U}
flags = 0
for c in r["flags"]:
    if c not in letters:
        say({"error": "flag %r is not run here" % c}); sys.exit(0)
    flags |= letters[c]
try:
    rx = re.compile(r["pattern"], flags)
except Exception as e:
    say({"error": "the engine refuses the pattern: %s" % e}); sys.exit(0)
call = {"search": rx.search, "anchored": rx.match, "full": rx.fullmatch}[r["mode"]]
text = lambda cps: "".join(map(chr, cps))
parts = [(text(p["prefix"]), text(p["pump"]), p["repeat"]) for p in r["pumps"]]
suffix = text(r["suffix"])
build = lambda cap: "".join(a + b * min(n, cap) for a, b, n in parts) + suffix
call(build(8))
s = build(1 << 62)
say({"ready": True, "engine": "python " + platform.python_version(), "length": len(s)})
t0 = time.perf_counter()
call(s)
say({"ms": (time.perf_counter() - t0) * 1e3})
"#;

/// Longest wait for an engine to start, compile, warm up and build the string.
const STARTUP: Duration = Duration::from_secs(30);

/// Past the blocking time, how long a run may go on before it is stopped: enough for the
/// engine's own clock to report a run that ended just past the blocking time.
const GRACE: Duration = Duration::from_millis(100);

/// Runs of an attack that blocks before it counts as blocking. Other processes only ever
/// slow a run down — on this 2-core machine one attack took 0.62–1.15 s over eleven runs —
/// so the fastest of several is the closest to the engine's own cost at that moment. The
/// host's own speed drifts over minutes (README, "Against recheck"), which no number of
/// runs removes: near the threshold the verdict is the moment's.
const RUNS: u32 = 3;

/// One engine process at a time.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// With `--confirm`: runs the attack [`engine_run::attack_to_run`] picks on the flavor's
/// engine and applies the result to `report`. `None` when there is nothing to run.
pub fn confirm(
    report: &mut Report,
    pattern: &str,
    flavor: Flavor,
    flags: &str,
    mode: MatchMode,
    block_seconds: f64,
    scope: Confirm,
) -> Option<Confirmation> {
    let attack = engine_run::attack_to_run(report, flavor, block_seconds, scope == Confirm::All)?;
    let (command, request) = match flavor {
        Flavor::JavaScript => (
            engine_command("RXGUARD_NODE", "node", "-e", NODE_RUNNER),
            request(pattern, flags, mode, attack, |s| {
                rxguard::engine_units(s)
                    .into_iter()
                    .map(u32::from)
                    .collect()
            }),
        ),
        Flavor::Python => (
            engine_command("RXGUARD_PYTHON", "python3", "-c", PYTHON_RUNNER),
            request(pattern, flags, mode, attack, code_points),
        ),
        _ => return None,
    };
    let program = command.get_program().to_string_lossy().into_owned();
    match fastest_run(command, &request, block_seconds) {
        Ok(run) => {
            engine_run::apply(report, &run, block_seconds);
            Some(Confirmation::Ran(run))
        }
        Err(error) => Some(Confirmation::Failed(EngineFailure {
            engine: program,
            error,
        })),
    }
}

/// `program` (or the environment variable's value) running `script`, given after `flag`.
fn engine_command(variable: &str, program: &str, flag: &str, script: &str) -> Command {
    let program = std::env::var_os(variable).unwrap_or_else(|| program.into());
    let mut c = Command::new(program);
    c.arg(flag)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    c
}

/// Code points of `s`, each stand-in character as the lone surrogate it stands for.
fn code_points(s: &str) -> Vec<u32> {
    s.chars()
        .map(|c| rxguard::stand_in_code_unit(c).map_or(c as u32, u32::from))
        .collect()
}

/// The runner's request: the pattern, how to apply it and the attack's parts as numbers
/// (`units` turns text into the engine's characters).
fn request(
    pattern: &str,
    flags: &str,
    mode: MatchMode,
    attack: &Attack,
    units: impl Fn(&str) -> Vec<u32>,
) -> String {
    let pumps: Vec<_> = attack
        .pumps
        .iter()
        .map(|p| {
            serde_json::json!({
                "prefix": units(&p.prefix),
                "pump": units(&p.pump),
                "repeat": p.repeat,
            })
        })
        .collect();
    serde_json::json!({
        "pattern": pattern,
        "flags": flags,
        "mode": mode.name(),
        "pumps": pumps,
        "suffix": units(&attack.suffix),
    })
    .to_string()
}

/// Runs the request up to [`RUNS`] times, while every run blocks, and returns the fastest
/// run with the number made.
fn fastest_run(
    mut command: Command,
    request: &str,
    block_seconds: f64,
) -> Result<EngineRun, String> {
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut fastest: Option<EngineRun> = None;
    for made in 1..=RUNS {
        let run = run_once(&mut command, request, block_seconds)?;
        let blocked = run.blocked;
        let mut best = match fastest {
            Some(f) if f.ms <= run.ms => f,
            _ => run,
        };
        best.runs = made;
        fastest = Some(best);
        if !blocked {
            break;
        }
    }
    fastest.ok_or_else(|| "no run".to_string())
}

/// Runs one request on a fresh engine process; stops it once it has blocked.
fn run_once(command: &mut Command, request: &str, block_seconds: f64) -> Result<EngineRun, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!("{program}: no pipes"));
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let sent = writeln!(stdin, "{request}");
    drop(stdin);
    let outcome = sent
        .map_err(|e| format!("{program}: {e}"))
        .and_then(|()| timed(&rx, block_seconds, &program));
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

/// Reads the runner's two lines: ready, then the time (or nothing before the blocking time
/// plus [`GRACE`]).
fn timed(
    rx: &mpsc::Receiver<String>,
    block_seconds: f64,
    program: &str,
) -> Result<EngineRun, String> {
    let line = |wait: Duration| -> Result<Option<serde_json::Value>, String> {
        match rx.recv_timeout(wait) {
            Ok(l) => serde_json::from_str(&l)
                .map(Some)
                .map_err(|e| format!("{program}: unreadable reply {l:?}: {e}")),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(format!("{program} ended without a reply"))
            }
        }
    };
    let ready = line(STARTUP)?.ok_or_else(|| format!("{program} did not start in time"))?;
    if let Some(error) = ready.get("error").and_then(|e| e.as_str()) {
        return Err(error.to_string());
    }
    let engine = ready
        .get("engine")
        .and_then(|e| e.as_str())
        .unwrap_or(program)
        .to_string();
    let length = ready.get("length").and_then(|l| l.as_u64()).unwrap_or(0);
    let start = Instant::now();
    let block = Duration::from_secs_f64(block_seconds.max(0.0));
    let (ms, stopped) = match line(block + GRACE)? {
        Some(reply) => (
            reply
                .get("ms")
                .and_then(|m| m.as_f64())
                .ok_or_else(|| format!("{program}: no time in {reply}"))?,
            false,
        ),
        None => (start.elapsed().as_secs_f64() * 1e3, true),
    };
    Ok(EngineRun {
        engine,
        length,
        ms,
        stopped,
        blocked: stopped || ms >= block_seconds * 1e3,
        runs: 1,
    })
}
