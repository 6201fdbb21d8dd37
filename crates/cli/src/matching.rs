//! `rxguard match`: run patterns on haystacks with the linear-time matcher.
//!
//! One output record per non-empty input line, in order, whatever the line holds: a line
//! that is not a usable record, a pattern that does not compile and a search that hits a
//! limit all give a record with `error` set and no matches.
//!
//! A record with `haystack_hex` instead of `haystack` searches those bytes with the bytes
//! API (`rxguard::matcher::bytes`: Rust as `regex::bytes`, Python bytes patterns, PCRE2
//! without UTF); its spans are offsets in the bytes.

use crate::args::{InputFormat, MatchRun};
use crate::input;
use rxguard::matcher::bytes;
use rxguard::matcher::MatchMode;
use rxguard::{Flavor, Limits, Regex};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Record {
    index: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    matches: Vec<MatchRecord>,
    tier: Option<&'static str>,
    error: Option<ErrorRecord>,
}

#[derive(Serialize)]
struct MatchRecord {
    span: [usize; 2],
    groups: Vec<Option<[usize; 2]>>,
}

#[derive(Serialize)]
struct ErrorRecord {
    kind: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<[usize; 2]>,
}

impl ErrorRecord {
    fn new(kind: &str, message: impl Into<String>) -> ErrorRecord {
        ErrorRecord {
            kind: kind.to_string(),
            message: message.into(),
            span: None,
        }
    }
}

/// A text haystack, or the bytes of `haystack_hex`.
enum Haystack {
    Text(String),
    Bytes(Vec<u8>),
}

/// The bytes a hex string spells (two digits a byte, either case).
fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// What a record asks for.
struct Request {
    pattern: String,
    flavor: Flavor,
    flags: String,
    haystack: Haystack,
    mode: MatchMode,
    all: bool,
    id: Option<serde_json::Value>,
}

fn request(
    text: &str,
    default_flavor: Flavor,
) -> Result<Request, (ErrorRecord, Option<serde_json::Value>)> {
    let bad = |m: String| (ErrorRecord::new("invalid_input", m), None);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| bad(format!("line is not valid JSON ({e})")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| bad("line is not a JSON object".into()))?;
    let id = obj.get("id").cloned();
    let with_id = |e: ErrorRecord| (e, id.clone());
    let string = |k: &str| obj.get(k).and_then(|v| v.as_str());
    let pattern = string("pattern").ok_or_else(|| {
        with_id(ErrorRecord::new(
            "invalid_input",
            "record has no string field \"pattern\"",
        ))
    })?;
    let haystack = match (string("haystack"), string("haystack_hex")) {
        (Some(text), None) => Haystack::Text(text.to_string()),
        (None, Some(hex)) => Haystack::Bytes(from_hex(hex).ok_or_else(|| {
            with_id(ErrorRecord::new(
                "invalid_input",
                "field \"haystack_hex\" must be an even number of hex digits",
            ))
        })?),
        (Some(_), Some(_)) => {
            return Err(with_id(ErrorRecord::new(
                "invalid_input",
                "record has both \"haystack\" and \"haystack_hex\"; give one",
            )))
        }
        (None, None) => {
            return Err(with_id(ErrorRecord::new(
                "invalid_input",
                "record has no string field \"haystack\" (or \"haystack_hex\")",
            )))
        }
    };
    let flavor = match string("flavor") {
        None => default_flavor,
        Some(name) => Flavor::from_name(name).ok_or_else(|| {
            with_id(ErrorRecord::new(
                "invalid_flavor",
                format!("unknown flavor {name:?} (javascript, python, java, pcre, rust)"),
            ))
        })?,
    };
    let mode = match string("mode").unwrap_or("search") {
        "search" => MatchMode::Search,
        "anchored" => MatchMode::Anchored,
        "full" => MatchMode::Full,
        other => {
            return Err(with_id(ErrorRecord::new(
                "invalid_mode",
                format!("unknown mode {other:?} (search, anchored, full)"),
            )))
        }
    };
    let all = match obj.get("all") {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(_) => {
            return Err(with_id(ErrorRecord::new(
                "invalid_input",
                "field \"all\" must be true or false",
            )))
        }
    };
    Ok(Request {
        pattern: pattern.to_string(),
        flavor,
        flags: string("flags").unwrap_or("").to_string(),
        haystack,
        mode,
        all,
        id,
    })
}

/// A pattern compiled for text or for bytes.
enum Compiled {
    Text(Regex),
    Bytes(bytes::Regex),
}

/// The last compiled pattern, reused while consecutive records share it (the usual shape
/// of a differential run: one pattern, many haystacks).
type Cached = Option<(
    (String, Flavor, String, MatchMode, bool),
    Result<Compiled, rxguard::matcher::Error>,
)>;

/// One match: its span and its groups' spans.
type Found = Result<([usize; 2], Vec<Option<[usize; 2]>>), rxguard::matcher::Error>;

fn run_one(index: u64, text: &str, run: &MatchRun, cache: &mut Cached) -> Record {
    let mut rec = Record {
        index,
        id: None,
        matches: Vec::new(),
        tier: None,
        error: None,
    };
    let req = match request(text, run.flavor) {
        Ok(r) => r,
        Err((e, id)) => {
            rec.id = id;
            rec.error = Some(e);
            return rec;
        }
    };
    rec.id = req.id.clone();
    let is_bytes = matches!(req.haystack, Haystack::Bytes(_));
    let key = (
        req.pattern.clone(),
        req.flavor,
        req.flags.clone(),
        req.mode,
        is_bytes,
    );
    if cache.as_ref().is_none_or(|(k, _)| *k != key) {
        let limits = Limits::new()
            .memo_bytes(run.memo_bytes)
            .backtrack_limit(run.backtrack_limit);
        let mut builder = Regex::builder();
        builder
            .flavor(req.flavor)
            .flags(&req.flags)
            .mode(req.mode)
            .limits(limits);
        let built = if is_bytes {
            builder.build_bytes(&req.pattern).map(Compiled::Bytes)
        } else {
            builder.build(&req.pattern).map(Compiled::Text)
        };
        *cache = Some((key, built));
    }
    let Some((_, built)) = cache.as_ref() else {
        return rec;
    };
    let re = match built {
        Ok(re) => re,
        Err(e) => {
            rec.error = Some(ErrorRecord {
                kind: e.kind().name().to_string(),
                message: e.message().to_string(),
                span: e.span().map(|s| [s.start, s.end]),
            });
            return rec;
        }
    };
    let found: Box<dyn Iterator<Item = Found>> = match (re, &req.haystack) {
        (Compiled::Text(re), Haystack::Text(hay)) => {
            rec.tier = Some(re.tier().name());
            Box::new(re.captures_iter(hay).map(|caps| {
                caps.map(|c| {
                    let m = c.get_match();
                    let groups = c.iter().skip(1);
                    let groups = groups.map(|g| g.map(|g| [g.start(), g.end()]));
                    ([m.start(), m.end()], groups.collect())
                })
            }))
        }
        (Compiled::Bytes(re), Haystack::Bytes(hay)) => {
            rec.tier = Some(re.tier().name());
            Box::new(re.captures_iter(hay).map(|caps| {
                caps.map(|c| {
                    let m = c.get_match();
                    let groups = c.iter().skip(1);
                    let groups = groups.map(|g| g.map(|g| [g.start(), g.end()]));
                    ([m.start(), m.end()], groups.collect())
                })
            }))
        }
        // The cache key holds the haystack's kind, so the two always agree.
        _ => Box::new(std::iter::empty()),
    };
    for caps in found {
        match caps {
            Ok((span, groups)) => rec.matches.push(MatchRecord { span, groups }),
            Err(e) => {
                rec.matches.clear();
                rec.error = Some(ErrorRecord::new(e.kind().name(), e.message()));
                break;
            }
        }
        if !req.all {
            break;
        }
    }
    rec
}

/// Runs `rxguard match`.
pub fn run(run: &MatchRun) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut index = 0u64;
    let mut cache: Cached = None;
    for source in &run.inputs {
        let reader = input::open(source)?;
        for item in input::Items::new(reader, InputFormat::Lines, source.name()) {
            let item = item?;
            let rec = match item.problem {
                Some(problem) => Record {
                    index,
                    id: None,
                    matches: Vec::new(),
                    tier: None,
                    error: Some(ErrorRecord::new("invalid_input", problem)),
                },
                None => run_one(index, &item.pattern, run, &mut cache),
            };
            serde_json::to_writer(&mut out, &rec)?;
            writeln!(out)?;
            index += 1;
        }
    }
    out.flush()
}
