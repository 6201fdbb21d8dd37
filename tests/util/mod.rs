//! Helpers for tests that run the real `rxguard` binary: a temporary directory per test,
//! a command builder, and assertions that show expected and actual output side by side.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary directory, removed when dropped.
pub struct Dir {
    path: PathBuf,
}

impl Dir {
    /// A fresh directory named after the test.
    pub fn new(name: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("rxguard-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        Dir { path }
    }

    /// Writes a file (bytes) and returns its path.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create fixture dir");
        }
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A command for the binary, run in this directory.
    pub fn command(&self) -> Cmd {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rxguard"));
        cmd.current_dir(&self.path);
        Cmd { cmd, stdin: None }
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A command for the binary, run at the repository root (for the bundled examples).
pub fn repo_command() -> Cmd {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rxguard"));
    cmd.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    Cmd { cmd, stdin: None }
}

/// A command under construction.
pub struct Cmd {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

impl Cmd {
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Cmd {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Cmd {
        self.cmd.env(key, value);
        self
    }

    pub fn stdin(mut self, data: impl AsRef<[u8]>) -> Cmd {
        self.stdin = Some(data.as_ref().to_vec());
        self
    }

    /// Runs to completion.
    pub fn output(mut self) -> Output {
        self.cmd.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn rxguard");
        if let Some(data) = self.stdin.take() {
            let mut stdin = child.stdin.take().expect("stdin");
            std::thread::spawn(move || {
                let _ = stdin.write_all(&data);
            });
        }
        child.wait_with_output().expect("wait")
    }

    /// Runs, expects exit code `code`, returns stdout and stderr.
    pub fn expect_code_both(self, code: i32) -> (String, String) {
        let out = self.output();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "exit status\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
        );
        (stdout, stderr)
    }

    /// Runs, expects exit code `code`, returns stdout.
    pub fn expect_code(self, code: i32) -> String {
        let out = self.output();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "exit status\n--- stdout ---\n{stdout}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    pub fn stdout(self) -> String {
        self.expect_code(0)
    }
}

/// Parses JSON Lines output.
pub fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Asserts two multi-line texts are equal, printing them side by side when not.
pub fn assert_same_text(expected: &str, actual: &str) {
    if expected == actual {
        return;
    }
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let width = e
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(70);
    let mut report = format!("{:width$} | actual\n", "expected");
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (
            e.get(i).copied().unwrap_or(""),
            a.get(i).copied().unwrap_or(""),
        );
        let mark = if x == y { ' ' } else { '!' };
        report.push_str(&format!("{x:width$} {mark} {y}\n"));
    }
    panic!("text differs:\n{report}");
}
