//! The progress line on standard error: shown only when standard error is a terminal, the
//! run is not `--quiet`, and the run has already taken a second (short runs never flash
//! one). Workers count patterns as they finish; printing of results suspends the line so
//! the two never interleave on a shared terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// How long a run goes before the progress line appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A progress line, possibly never drawn.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A progress line if standard error is a terminal and `quiet` is off.
    pub fn start(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {pos} patterns analyzed, {msg} [{elapsed}]")
        {
            bar.set_style(style);
        }
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
                shown.enable_steady_tick(Duration::from_millis(125));
            }
        });
        Progress { bar: Some(bar) }
    }

    /// One more pattern done.
    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Sets the message after the count (e.g. how many were vulnerable).
    pub fn message(&self, msg: String) {
        if let Some(bar) = &self.bar {
            bar.set_message(msg);
        }
    }

    /// Runs `f` with the line cleared.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
