//! Reading pattern lists: verbatim lines or JSON Lines, streamed with bounded memory.
//!
//! Every non-empty input line becomes exactly one [`Item`], in order — a line that is not
//! valid JSON or not valid UTF-8 becomes an item carrying the problem, so the output still
//! has one record for it. Empty lines (and a trailing `\r` before `\n`) are not patterns.
//! Each item knows where it came from ([`Origin`]): the file and line of the list, or the
//! `origin` a JSON Lines record carries (a pattern extracted from source code elsewhere).

use crate::args::{InputFormat, Source};
use serde_json::Value;
use std::io::{BufRead, BufReader};

/// Longest line read; longer lines become an error item without being buffered whole.
const MAX_LINE: usize = 16 * 1024 * 1024;

/// One input record.
pub struct Item {
    /// The pattern text (or the raw line, for a line that could not be read as a record).
    pub pattern: String,
    pub flavor: Option<String>,
    pub flags: Option<String>,
    pub mode: Option<String>,
    pub id: Option<serde_json::Value>,
    /// Where the pattern is.
    pub origin: Origin,
    /// Why the line is not a usable record.
    pub problem: Option<String>,
    /// What was assumed to get the pattern (reported in the record's diagnostics).
    pub notes: Vec<String>,
}

pub use rxguard::record::Origin;

/// How standard input is named in records and reports.
pub const STDIN_NAME: &str = "<stdin>";

impl Source {
    /// The name records give this source.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => STDIN_NAME.to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

impl Item {
    fn plain(pattern: String, origin: Origin) -> Item {
        Item {
            pattern,
            flavor: None,
            flags: None,
            mode: None,
            id: None,
            origin,
            problem: None,
            notes: Vec::new(),
        }
    }

    fn broken(raw: String, origin: Origin, problem: String) -> Item {
        Item {
            problem: Some(problem),
            ..Item::plain(raw, origin)
        }
    }
}

/// Opens a source for buffered reading.
pub fn open(source: &Source) -> std::io::Result<Box<dyn BufRead>> {
    Ok(match source {
        Source::Stdin => Box::new(BufReader::new(std::io::stdin())),
        Source::File(p) => {
            let f = std::fs::File::open(p)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
            Box::new(BufReader::with_capacity(1 << 16, f))
        }
    })
}

/// Iterator over the items of one source.
pub struct Items {
    reader: Box<dyn BufRead>,
    format: InputFormat,
    buf: Vec<u8>,
    /// The source's name, for origins.
    name: String,
    /// Lines read so far (the 1-based number of the last one).
    line: u64,
}

impl Items {
    pub fn new(reader: Box<dyn BufRead>, format: InputFormat, name: String) -> Items {
        Items {
            reader,
            format,
            buf: Vec::new(),
            name,
            line: 0,
        }
    }

    fn here(&self) -> Origin {
        Origin {
            path: self.name.clone(),
            line: self.line,
            column: None,
        }
    }

    /// Reads one line into `buf`, at most MAX_LINE bytes; returns (bytes seen, truncated).
    fn read_line(&mut self) -> std::io::Result<(usize, bool)> {
        self.buf.clear();
        let mut seen = 0;
        let mut truncated = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok((seen, truncated));
            }
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let room = MAX_LINE.saturating_sub(self.buf.len());
            if take > room {
                truncated = true;
            }
            self.buf.extend_from_slice(&chunk[..take.min(room)]);
            seen += take;
            self.reader.consume(take);
            if done {
                return Ok((seen, truncated));
            }
        }
    }
}

impl Iterator for Items {
    type Item = std::io::Result<Item>;

    fn next(&mut self) -> Option<std::io::Result<Item>> {
        loop {
            let (seen, truncated) = match self.read_line() {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            if seen == 0 {
                return None;
            }
            self.line += 1;
            if truncated {
                return Some(Ok(Item::broken(
                    String::new(),
                    self.here(),
                    format!("line longer than {MAX_LINE} bytes"),
                )));
            }
            let mut line: &[u8] = &self.buf;
            if line.ends_with(b"\n") {
                line = &line[..line.len() - 1];
            }
            if line.ends_with(b"\r") {
                line = &line[..line.len() - 1];
            }
            if line.is_empty() {
                continue;
            }
            let text = match std::str::from_utf8(line) {
                Ok(t) => t.to_string(),
                Err(e) => {
                    let raw = String::from_utf8_lossy(line).into_owned();
                    return Some(Ok(Item::broken(
                        raw,
                        self.here(),
                        format!("line is not valid UTF-8 ({e})"),
                    )));
                }
            };
            if self.format == InputFormat::Auto {
                self.format = if text.trim_start().starts_with('{') {
                    InputFormat::Jsonl
                } else {
                    InputFormat::Lines
                };
            }
            let here = self.here();
            return Some(Ok(match self.format {
                InputFormat::Jsonl => parse_record(text, here),
                _ => Item::plain(text, here),
            }));
        }
    }
}

fn parse_record(text: String, here: Origin) -> Item {
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return Item::broken(text, here, format!("line is not valid JSON ({e})")),
    };
    let Some(obj) = value.as_object() else {
        return Item::broken(text, here, "line is not a JSON object".into());
    };
    let Some(pattern) = obj.get("pattern").and_then(|p| p.as_str()) else {
        return Item::broken(text, here, "record has no string field \"pattern\"".into());
    };
    let origin = match obj.get("origin") {
        None | Some(Value::Null) => here,
        Some(o) => match record_origin(o) {
            Some(origin) => origin,
            None => {
                let problem = "\"origin\" must be {\"path\": string, \"line\": integer ≥ 1, \"column\"?: integer ≥ 1}";
                return Item::broken(text, here, problem.into());
            }
        },
    };
    let field = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Item {
        pattern: pattern.to_string(),
        flavor: field("flavor"),
        flags: field("flags"),
        mode: field("mode"),
        id: obj.get("id").cloned(),
        origin,
        problem: None,
        notes: Vec::new(),
    }
}

/// An input record's `origin`, if well formed.
fn record_origin(o: &Value) -> Option<Origin> {
    let path = o.get("path")?.as_str()?.to_string();
    let line = o.get("line")?.as_u64().filter(|&l| l >= 1)?;
    let column = match o.get("column") {
        None | Some(Value::Null) => None,
        Some(c) => Some(c.as_u64().filter(|&c| c >= 1)?),
    };
    Some(Origin { path, line, column })
}
