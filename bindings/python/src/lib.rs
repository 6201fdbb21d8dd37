//! The native half of the `rxguard` Python package (`rxguard._rxguard`).
//!
//! It exposes small primitives; the package's Python code builds the public API on them
//! (`rxguard.analyze`, `Report`, `rxguard.compile`, `Pattern`, `Match` with `re`'s API):
//!
//! - [`analyze`] / [`analyze_many`]: the result record of one or many patterns as JSON, the
//!   same record the CLI prints (one serializer, `rxguard::record`), with a per-pattern
//!   timeout; many patterns run in parallel on a rayon pool. The GIL is released throughout.
//! - [`Compiled`]: a pattern compiled for the Python flavor in the three match modes `re`
//!   needs (search, match = anchored, fullmatch = full), searched from `pos` up to `endpos`
//!   with spans converted from UTF-8 bytes to `str` indices; a bytes pattern runs on the
//!   bytes API, its spans already byte offsets. Matching runs on rxguard's linear-time
//!   matcher with the GIL released.
//!
//! Errors cross as two exception types the Python side turns into `PatternError` (a
//! subclass of `re.error`) and `MatchError`.

#![forbid(unsafe_code)]

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use rxguard::matcher::{bytes, Limits, MatchMode as MatcherMode, Regex};
use rxguard::record::{analyze_record_within, Record, RecordHead};
use rxguard::{Flavor, MatchMode, Options};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

create_exception!(
    _rxguard,
    CompileError,
    PyException,
    "A pattern rxguard cannot compile: args are (kind, message, position in characters or None)."
);
create_exception!(
    _rxguard,
    MatchError,
    PyException,
    "A search rxguard refused or could not finish (memory or backtracking budget)."
);

/// Options for one analysis, from the Python arguments.
fn options(flavor: &str, flags: &str, mode: &str, max_length: usize) -> PyResult<Options> {
    let flavor = Flavor::from_name(flavor).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown flavor {flavor:?} (javascript, python, java, pcre, rust)"
        ))
    })?;
    let mode = MatchMode::from_name(mode).ok_or_else(|| {
        PyValueError::new_err(format!("unknown mode {mode:?} (search, anchored, full)"))
    })?;
    let mut o = Options::for_flavor(flavor);
    o.flags = flags.to_string();
    o.mode = mode;
    o.max_length = max_length;
    Ok(o)
}

/// One pattern's record, giving up after `timeout` seconds (the analysis thread is left to
/// finish on its own; its budgets bound it).
fn record_with_timeout(pattern: String, o: Options, index: u64, timeout: Option<f64>) -> Record {
    let start = Instant::now();
    let head = RecordHead {
        index,
        id: None,
        pattern: pattern.clone(),
        flavor: o.flavor.name().to_string(),
        flags: o.flags.clone(),
        mode: o.mode.name().to_string(),
        origin: None,
    };
    let limit = timeout.map(|t| Duration::from_secs_f64(t.max(0.0)));
    let (report, fix) = analyze_record_within(&pattern, &o, limit);
    Record::new(head, report, fix, start.elapsed().as_micros() as u64)
}

fn to_json(record: &Record) -> PyResult<String> {
    serde_json::to_string(record).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Analyzes one pattern; returns the result record as JSON.
#[pyfunction]
#[pyo3(signature = (pattern, flavor, flags, mode, max_length, timeout))]
fn analyze(
    py: Python<'_>,
    pattern: String,
    flavor: &str,
    flags: &str,
    mode: &str,
    max_length: usize,
    timeout: Option<f64>,
) -> PyResult<String> {
    let o = options(flavor, flags, mode, max_length)?;
    let record = py.detach(move || record_with_timeout(pattern, o, 0, timeout));
    to_json(&record)
}

/// Analyzes many `(pattern, flavor, flags, mode)` in parallel; records in input order.
#[pyfunction]
#[pyo3(signature = (items, max_length, timeout, threads))]
fn analyze_many(
    py: Python<'_>,
    items: Vec<(String, String, String, String)>,
    max_length: usize,
    timeout: Option<f64>,
    threads: Option<usize>,
) -> PyResult<Vec<String>> {
    let mut jobs = Vec::with_capacity(items.len());
    for (pattern, flavor, flags, mode) in items {
        jobs.push((pattern, options(&flavor, &flags, &mode, max_length)?));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| PyValueError::new_err(format!("thread pool: {e}")))?;
    let records: Vec<Record> = py.detach(move || {
        use rayon::prelude::*;
        pool.install(|| {
            jobs.into_par_iter()
                .enumerate()
                .map(|(i, (p, o))| record_with_timeout(p, o, i as u64, timeout))
                .collect()
        })
    });
    records.iter().map(to_json).collect()
}

/// Byte offsets ↔ `str` indices for one haystack.
struct CharIndex {
    /// Byte offset of each character, then the length; empty for ASCII text.
    starts: Vec<usize>,
    len: usize,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        CharIndex {
            starts,
            len: text.len(),
        }
    }

    fn chars(&self) -> usize {
        if self.starts.is_empty() {
            self.len
        } else {
            self.starts.len() - 1
        }
    }

    fn to_byte(&self, char_index: usize) -> usize {
        if self.starts.is_empty() {
            char_index.min(self.len)
        } else {
            self.starts[char_index.min(self.starts.len() - 1)]
        }
    }

    fn to_char(&self, byte: usize) -> usize {
        if self.starts.is_empty() {
            byte
        } else {
            self.starts.partition_point(|&b| b < byte)
        }
    }
}

type Slots = Vec<Option<(usize, usize)>>;

/// A pattern or haystack as Python gives it: `str`, or `bytes` for a bytes pattern.
#[derive(FromPyObject)]
enum Source {
    Text(String),
    Bytes(PyBackedBytes),
}

/// The pattern compiled for `str` haystacks, or from a bytes pattern for `bytes` ones
/// (rxguard's bytes API: the Python flavor's bytes-pattern rules, spans in bytes).
enum Matcher {
    Text(Regex),
    Bytes(bytes::Regex),
}

impl Matcher {
    fn captures_len(&self) -> usize {
        match self {
            Matcher::Text(re) => re.captures_len(),
            Matcher::Bytes(re) => re.captures_len(),
        }
    }

    fn capture_names(&self) -> Vec<Option<String>> {
        let names: Vec<Option<&str>> = match self {
            Matcher::Text(re) => re.capture_names().collect(),
            Matcher::Bytes(re) => re.capture_names().collect(),
        };
        names.into_iter().map(|n| n.map(str::to_string)).collect()
    }

    fn tier(&self) -> &'static str {
        match self {
            Matcher::Text(re) => re.tier().name(),
            Matcher::Bytes(re) => re.tier().name(),
        }
    }

    /// The first match (`first`) or every match from `pos` in `hay[:endpos]`, in `str`
    /// indices for text and byte offsets for bytes.
    fn find(
        &self,
        hay: &Source,
        pos: usize,
        endpos: usize,
        first: bool,
    ) -> Result<Vec<Slots>, String> {
        let take = if first { 1 } else { usize::MAX };
        match (self, hay) {
            (Matcher::Text(re), Source::Text(text)) => {
                let (index, hay, start) = window(text, pos, endpos);
                re.captures_iter_at(hay, start)
                    .take(take)
                    .map(|c| c.map(|c| text_slots(&c, &index)).map_err(|e| e.to_string()))
                    .collect()
            }
            (Matcher::Bytes(re), Source::Bytes(bytes)) => {
                let end = endpos.min(bytes.len());
                let hay = &bytes[..end];
                re.captures_iter_at(hay, pos.min(end))
                    .take(take)
                    .map(|c| {
                        c.map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                            .map_err(|e| e.to_string())
                    })
                    .collect()
            }
            (Matcher::Text(_), Source::Bytes(_)) => {
                Err("cannot use a string pattern on a bytes-like object".to_string())
            }
            (Matcher::Bytes(_), Source::Text(_)) => {
                Err("cannot use a bytes pattern on a string-like object".to_string())
            }
        }
    }
}

/// A pattern compiled for the Python flavor, in the modes `re` needs.
#[pyclass(frozen, module = "rxguard._rxguard")]
struct Compiled {
    pattern: Source,
    letters: String,
    limits: Limits,
    search: Matcher,
    anchored: OnceLock<Result<Matcher, String>>,
    full: OnceLock<Result<Matcher, String>>,
}

fn build(
    pattern: &Source,
    letters: &str,
    mode: MatcherMode,
    limits: Limits,
) -> Result<Matcher, rxguard::matcher::Error> {
    let mut builder = Regex::builder();
    builder
        .flavor(Flavor::Python)
        .flags(letters)
        .mode(mode)
        .limits(limits);
    match pattern {
        Source::Text(p) => builder.build(p).map(Matcher::Text),
        Source::Bytes(p) => builder.build_bytes(&**p).map(Matcher::Bytes),
    }
}

fn compile_error(pattern: &Source, e: &rxguard::matcher::Error) -> PyErr {
    // Positions in `str` indices for a text pattern, in bytes for a bytes pattern.
    let pos = e.span().map(|s| match pattern {
        Source::Text(p) => p.get(..s.start).map_or(0, |p| p.chars().count()),
        Source::Bytes(_) => s.start,
    });
    // A syntax error's own kind and one-line message, not the matcher's caret drawing.
    let (kind, message) = match e.kind() {
        rxguard::matcher::ErrorKind::Syntax(se) => {
            (se.kind().name().to_string(), se.kind().to_string())
        }
        other => (other.name().to_string(), e.message().to_string()),
    };
    CompileError::new_err((kind, message, pos))
}

#[pymethods]
impl Compiled {
    /// Compiles `pattern` (`str`, or `bytes` for a bytes pattern) with Python flag letters
    /// (`imsxau`); `backtrack_limit` lets patterns with backreferences run under that step
    /// budget.
    #[new]
    #[pyo3(signature = (pattern, letters, backtrack_limit=None))]
    fn new(
        py: Python<'_>,
        pattern: Source,
        letters: String,
        backtrack_limit: Option<u64>,
    ) -> PyResult<Compiled> {
        let limits = Limits::new().backtrack_limit(backtrack_limit);
        let search = py
            .detach(|| build(&pattern, &letters, MatcherMode::Search, limits.clone()))
            .map_err(|e| compile_error(&pattern, &e))?;
        Ok(Compiled {
            pattern,
            letters,
            limits,
            search,
            anchored: OnceLock::new(),
            full: OnceLock::new(),
        })
    }

    /// Number of capture groups.
    fn groups(&self) -> usize {
        self.search.captures_len().saturating_sub(1)
    }

    /// The name of each group, group 0 first.
    fn group_names(&self) -> Vec<Option<String>> {
        self.search.capture_names()
    }

    /// For each group (group 0 first), the capture group directly around it, if any: how
    /// `Match.lastindex` tells which of two groups ending together closed last.
    fn group_parents(&self) -> Vec<Option<usize>> {
        let mut parents = vec![None; self.search.captures_len()];
        let flags = rxguard::Flags::parse(Flavor::Python, &self.letters);
        // Group nesting is the same whatever the bytes mean; read a bytes pattern as
        // Latin-1 (one character per byte) with the bytes-pattern rules.
        let (text, config) = match &self.pattern {
            Source::Text(p) => (p.clone(), rxguard::syntax::Config::new()),
            Source::Bytes(p) => (
                p.iter().map(|&b| char::from(b)).collect(),
                rxguard::syntax::Config::new().bytes(true),
            ),
        };
        let parser = rxguard::syntax::Parser::with_config(config);
        let Ok(ast) = flags.and_then(|f| parser.parse(&text, Flavor::Python, f)) else {
            return parents;
        };
        // (node, innermost capture group around it)
        let mut stack = vec![(&ast, None::<usize>)];
        while let Some((node, around)) = stack.pop() {
            let mut inner = around;
            if let rxguard::syntax::ast::AstKind::Group(g) = &node.kind {
                if let rxguard::syntax::ast::GroupKind::Capture { index, .. } = g.kind {
                    let i = index as usize;
                    if let Some(slot) = parents.get_mut(i) {
                        *slot = around;
                    }
                    inner = Some(i);
                }
            }
            for child in node.children() {
                stack.push((child, inner));
            }
        }
        parents
    }

    /// Which tier runs the pattern (`A` or `B`).
    fn tier(&self) -> &'static str {
        self.search.tier()
    }

    /// The first match at or after `pos` in `text[:endpos]` (`str` indices, or byte
    /// offsets for `bytes`), in `mode` (`search`, `anchored`, `full`): per group
    /// `(start, end)` or `None`.
    fn search(
        &self,
        py: Python<'_>,
        text: Source,
        pos: usize,
        endpos: usize,
        mode: &str,
    ) -> PyResult<Option<Slots>> {
        let re = self.regex(mode)?;
        py.detach(|| re.find(&text, pos, endpos, true))
            .map(|mut all| all.pop())
            .map_err(MatchError::new_err)
    }

    /// Every match from `pos` in `text[:endpos]`, as `re.finditer` finds them.
    fn finditer(
        &self,
        py: Python<'_>,
        text: Source,
        pos: usize,
        endpos: usize,
    ) -> PyResult<Vec<Slots>> {
        py.detach(|| self.search.find(&text, pos, endpos, false))
            .map_err(MatchError::new_err)
    }
}

impl Compiled {
    fn regex(&self, mode: &str) -> PyResult<&Matcher> {
        let (cell, m) = match mode {
            "search" => return Ok(&self.search),
            "anchored" => (&self.anchored, MatcherMode::Anchored),
            "full" => (&self.full, MatcherMode::Full),
            other => return Err(PyValueError::new_err(format!("unknown mode {other:?}"))),
        };
        cell.get_or_init(|| {
            build(&self.pattern, &self.letters, m, self.limits.clone()).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| MatchError::new_err(e.clone()))
    }
}

/// The haystack `text[:endpos]` and the byte where a search from `pos` starts (`str`
/// indices, clamped as sre clamps them; a start past the end finds nothing).
fn window(text: &str, pos: usize, endpos: usize) -> (CharIndex, &str, usize) {
    let index = CharIndex::new(text);
    let end = index.to_byte(endpos.min(index.chars()));
    let start = index.to_byte(pos.min(index.chars()));
    (index, &text[..end], start)
}

fn text_slots(c: &rxguard::Captures<'_>, index: &CharIndex) -> Slots {
    c.iter()
        .map(|m| m.map(|m| (index.to_char(m.start()), index.to_char(m.end()))))
        .collect()
}

/// The native module.
#[pymodule]
fn _rxguard(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many, m)?)?;
    m.add_class::<Compiled>()?;
    m.add("CompileError", m.py().get_type::<CompileError>())?;
    m.add("MatchError", m.py().get_type::<MatchError>())?;
    Ok(())
}
