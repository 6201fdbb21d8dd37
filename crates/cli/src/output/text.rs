//! The text format, for people at a terminal: per pattern its location, verdict and growth,
//! the pattern with a caret line under the culprit, the attack as a formula with its length,
//! and what it costs on V8 and CPython.

use super::describe;
use super::record::Record;
use anstyle::{AnsiColor, Effects, Style};
use rxguard::engine_run::Confirmation;
use rxguard::Status;
use std::io::Write;

/// Colors, or none.
#[derive(Clone, Copy)]
pub struct Palette {
    on: bool,
}

impl Palette {
    pub fn new(on: bool) -> Palette {
        Palette { on }
    }

    pub(crate) fn paint(self, style: Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub(crate) fn status(self, status: Status) -> String {
        let color = match status {
            Status::Vulnerable => AnsiColor::Red,
            Status::Unknown => AnsiColor::Yellow,
            Status::Error => AnsiColor::Magenta,
            _ => AnsiColor::Green,
        };
        self.paint(
            Style::new()
                .fg_color(Some(color.into()))
                .effects(Effects::BOLD),
            status.name(),
        )
    }

    pub(crate) fn safe(self, text: &str) -> String {
        self.paint(Style::new().fg_color(Some(AnsiColor::Green.into())), text)
    }

    pub(crate) fn dim(self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::DIMMED), text)
    }

    pub(crate) fn caret(self, text: &str) -> String {
        self.paint(
            Style::new()
                .fg_color(Some(AnsiColor::Red.into()))
                .effects(Effects::BOLD),
            text,
        )
    }
}

/// The growth an engine's cache of failed attempts hides (the JDK's loop cache), if any.
fn engine_cache(out: &mut dyn Write, r: &rxguard::Report) -> std::io::Result<()> {
    match &r.engine_cache {
        Some(c) => writeln!(
            out,
            "    cache:  {} (\"{}\" then \"{}\" repeated, then \"{}\")",
            c.note,
            c.prefix.escape_debug(),
            c.pump.escape_debug(),
            c.suffix.escape_debug()
        ),
        None => Ok(()),
    }
}

/// Longest pattern drawn with a caret line; longer ones are printed without it.
const CARET_MAX_CHARS: usize = 160;

/// Writes one record.
pub fn record(out: &mut dyn Write, rec: &Record, palette: Palette) -> std::io::Result<()> {
    let r = &rec.report;
    let shown = printable(&rec.head.pattern);
    let origin = super::origin(rec);
    let location = match origin.column {
        Some(col) => format!("{}:{}:{col}", origin.path, origin.line),
        None => format!("{}:{}", origin.path, origin.line),
    };
    let head = describe::headline(r);
    if r.status == Status::Safe {
        writeln!(
            out,
            "{} {} {}  {shown}  {}",
            palette.dim(&location),
            palette.dim(&format!("[{}]", rec.head.flavor)),
            palette.status(r.status),
            palette.dim(&format!("({head})"))
        )?;
        engine_cache(out, r)?;
        return confirmation(out, rec, palette);
    }
    writeln!(
        out,
        "{} {} {}: {head}",
        location,
        palette.dim(&format!("[{}]", rec.head.flavor)),
        palette.status(r.status),
    )?;
    let span = r.span.or_else(|| r.error.as_ref().and_then(|e| e.span));
    pattern_with_caret(out, &rec.head.pattern, span, palette)?;
    if let Some(attack) = &r.attack {
        writeln!(
            out,
            "    attack: {}  ({} characters, {:.1e} steps)",
            describe::formula(attack),
            describe::thousands(attack.length),
            attack.steps as f64
        )?;
        writeln!(out, "    cost:   {}", describe::cost(attack))?;
        if let Some(limit) = &r.engine_limit {
            writeln!(out, "    limit:  {}", limit.note)?;
        }
    }
    engine_cache(out, r)?;
    confirmation(out, rec, palette)?;
    if let Some(fix) = &rec.fix {
        let why = match fix.equivalence {
            "checked_on_dfas" => "same matches, checked on DFAs",
            _ => "same matches by construction",
        };
        writeln!(
            out,
            "    fix:    {}  ({}; re-analyzed: safe; {why})",
            palette.safe(&fix.pattern),
            fix.description
        )?;
    }
    if let Some(e) = &r.error {
        match e.span {
            Some(span) => writeln!(
                out,
                "    {}",
                palette.dim(&format!("{} at byte {}", e.kind, span.start))
            )?,
            None => writeln!(out, "    {}", palette.dim(&e.kind))?,
        }
    }
    Ok(())
}

/// What `--confirm` ran, if anything: the engine's time (the fastest run), or why it did not
/// run.
fn confirmation(out: &mut dyn Write, rec: &Record, palette: Palette) -> std::io::Result<()> {
    match &rec.confirmation {
        Some(Confirmation::Ran(run)) => writeln!(
            out,
            "    engine: {} took {}{:.2} s at {} characters ({})",
            run.engine,
            if run.stopped { "over " } else { "" },
            run.ms / 1e3,
            describe::thousands(run.length),
            if run.runs > 1 {
                format!("the fastest of {} runs", run.runs)
            } else {
                "one run".to_string()
            }
        ),
        Some(Confirmation::Failed(f)) => writeln!(
            out,
            "    {}",
            palette.dim(&format!("engine: not run ({}: {})", f.engine, f.error))
        ),
        _ => Ok(()),
    }
}

/// The pattern on its own indented line, and a caret line under `span` when the pattern is
/// printed verbatim on one line and short enough to read.
pub(crate) fn pattern_with_caret(
    out: &mut dyn Write,
    pattern: &str,
    span: Option<rxguard::SpanRecord>,
    palette: Palette,
) -> std::io::Result<()> {
    let shown = printable(pattern);
    writeln!(out, "    {shown}")?;
    let Some(span) = span else {
        return Ok(());
    };
    if shown != pattern || pattern.contains('\n') || pattern.chars().count() > CARET_MAX_CHARS {
        return Ok(());
    }
    let col = pattern.get(..span.start).map_or(0, |p| p.chars().count());
    let width = pattern
        .get(span.start..span.end)
        .map_or(1, |s| s.chars().count().max(1));
    writeln!(
        out,
        "    {}{}",
        " ".repeat(col),
        palette.caret(&"^".repeat(width))
    )
}

/// The pattern as one printable line: escaped when it holds control characters (which
/// would garble a terminal), verbatim otherwise.
pub(crate) fn printable(pattern: &str) -> String {
    if pattern.chars().any(char::is_control) {
        pattern.escape_debug().to_string()
    } else {
        pattern.to_string()
    }
}

/// The closing line.
pub fn summary(out: &mut dyn Write, s: &super::Summary, palette: Palette) -> std::io::Result<()> {
    let mut line = match (s.files, s.files_skipped) {
        (Some(f), Some(k)) => format!("{f} files ({k} skipped), "),
        (Some(f), None) => format!("{f} files, "),
        (None, Some(k)) => format!("0 files ({k} skipped), "),
        (None, None) => String::new(),
    };
    line.push_str(&format!(
        "{} patterns: {} vulnerable, {} safe, {} unknown, {} error",
        s.total, s.vulnerable, s.safe, s.unknown, s.error
    ));
    if s.failing > 0 {
        line.push_str(&format!(
            " — {} at or above --fail-on {}",
            s.failing, s.fail_on
        ));
    }
    let style = if s.failing > 0 {
        Style::new().effects(Effects::BOLD)
    } else {
        Style::new()
    };
    writeln!(out, "{}", palette.paint(style, &line))
}
