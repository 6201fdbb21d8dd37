//! The analysis result: the `Report`, serialized as the result record of DESIGN.md.
//!
//! The JSON shape is a contract shared by the CLI, the Python bindings' `to_dict()` and
//! serde users: field names and status strings do not change without a schema version bump.

use serde::Serialize;

/// The verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// No super-linear behaviour, where the model is exact for the pattern.
    Safe,
    /// An attack whose super-linear growth was measured.
    Vulnerable,
    /// No verdict; `reason` says why.
    Unknown,
    /// The pattern is invalid for its flavor (or rxguard failed: `error.kind = "internal"`).
    Error,
}

impl Status {
    /// The status as written in records.
    pub fn name(self) -> &'static str {
        match self {
            Status::Safe => "safe",
            Status::Vulnerable => "vulnerable",
            Status::Unknown => "unknown",
            Status::Error => "error",
        }
    }
}

/// Growth class of the worst case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Complexity {
    /// Linear.
    Linear,
    /// n^d, d ≥ 2.
    Polynomial,
    /// Exponential.
    Exponential,
}

/// A byte range in the pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SpanRecord {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<rxguard_syntax::Span> for SpanRecord {
    fn from(s: rxguard_syntax::Span) -> SpanRecord {
        SpanRecord {
            start: s.start,
            end: s.end,
        }
    }
}

/// One pumped part of an attack: `prefix + pump × repeat`.
///
/// A lone UTF-16 surrogate that an attack needs (a JavaScript pattern without `u` that names
/// `\uD800`, a Python or Java class of surrogates) is held as its stand-in character
/// (`rxguard_syntax::code_unit_stand_in`, U+E0800..U+E0FFF), since a Rust string cannot hold
/// it; JSON output writes it as the escape `\ud800` that the engine's string needs, and
/// [`engine_units`] gives the UTF-16 code units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pump {
    /// Text before the pump.
    #[serde(serialize_with = "code_unit_string")]
    pub prefix: String,
    /// The repeated text.
    #[serde(serialize_with = "code_unit_string")]
    pub pump: String,
    /// How many times.
    pub repeat: u64,
}

/// An attack string and the measurements behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attack {
    /// The pumped parts, in order.
    pub pumps: Vec<Pump>,
    /// The text that makes the match fail.
    #[serde(serialize_with = "code_unit_string")]
    pub suffix: String,
    /// Length of the attack string in characters.
    pub length: u64,
    /// Steps at `length` (extrapolated from `measured`).
    pub steps: u64,
    /// Measured (length, steps) points.
    pub measured: Vec<(u64, u64)>,
    /// Steps of the costliest single start position at `length` (extrapolated from the
    /// measured runs): the work an engine that limits each match attempt sees.
    pub attempt_steps: u64,
    /// Expected blocking time at `length`, by calibrated engine rates (see `calibration`).
    pub expected_seconds: ExpectedSeconds,
    /// The same attack with as many pumps as fit in the maximum length.
    pub at_max_length: AtMaxLength,
}

/// `s` as the UTF-16 code units an engine receives: each stand-in character
/// (`rxguard_syntax::code_unit_stand_in`) is the lone surrogate it stands for.
pub fn engine_units(s: &str) -> Vec<u16> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match rxguard_syntax::stand_in_code_unit(c) {
            Some(u) => out.push(u),
            None => out.extend_from_slice(c.encode_utf16(&mut [0; 2])),
        }
    }
    out
}

/// Serializes an attack string as JSON with each stand-in character as the `\uXXXX`
/// escape of its lone surrogate (valid JSON; JavaScript's, Python's and Java's parsers
/// give the lone code unit back).
fn code_unit_string<S: serde::Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    if !s
        .chars()
        .any(|c| rxguard_syntax::stand_in_code_unit(c).is_some())
    {
        return ser.serialize_str(s);
    }
    let mut text = String::with_capacity(s.len() + 8);
    for c in serde_json::to_string(s)
        .map_err(serde::ser::Error::custom)?
        .chars()
    {
        match rxguard_syntax::stand_in_code_unit(c) {
            Some(u) => text.push_str(&format!("\\u{u:04x}")),
            None => text.push(c),
        }
    }
    let raw = serde_json::value::RawValue::from_string(text).map_err(serde::ser::Error::custom)?;
    raw.serialize(ser)
}

/// What the fitted curve predicts for the longest attack the attacker may send. Logarithms,
/// because an exponential attack at 100,000 characters overflows any float.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AtMaxLength {
    /// Length in characters (whole pumps, at most the maximum length).
    pub length: u64,
    /// log10 of the predicted steps.
    pub steps_log10: f64,
    /// log10 of the expected blocking seconds per engine.
    pub seconds_log10: ExpectedSeconds,
}

/// Expected blocking time of an attack on the engines rxguard is calibrated against.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpectedSeconds {
    /// V8 (Node).
    pub v8: f64,
    /// CPython `re`.
    pub cpython: f64,
    /// `java.util.regex` (JDK 17).
    pub jdk: f64,
    /// PCRE2 10.42's interpreter.
    pub pcre2: f64,
}

impl ExpectedSeconds {
    /// The time on `flavor`'s own engine; `None` for Rust, whose engine does not
    /// backtrack.
    pub fn on(&self, flavor: crate::Flavor) -> Option<f64> {
        match flavor {
            crate::Flavor::JavaScript => Some(self.v8),
            crate::Flavor::Python => Some(self.cpython),
            crate::Flavor::Java => Some(self.jdk),
            crate::Flavor::Pcre => Some(self.pcre2),
            _ => None,
        }
    }
}

/// Why a pattern is an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportError {
    /// A stable snake_case kind (`group_unclosed`, `flag_unknown`, `internal`…).
    pub kind: String,
    /// A human-readable message.
    pub message: String,
    /// Where in the pattern, if the error has a position.
    pub span: Option<SpanRecord>,
}

impl ReportError {
    /// From a parse error.
    pub fn from_syntax(e: &rxguard_syntax::Error) -> ReportError {
        ReportError {
            kind: e.kind().name().to_string(),
            message: e.kind().to_string(),
            span: Some(e.span().into()),
        }
    }
}

/// The outcome of analyzing one pattern.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The verdict.
    pub status: Status,
    /// Growth class, for `vulnerable` (and `safe`: linear).
    pub complexity: Option<Complexity>,
    /// d for polynomial n^d.
    pub degree: Option<u32>,
    /// The attack, for `vulnerable`.
    pub attack: Option<Attack>,
    /// The culprit (or the unsupported construct) in the pattern.
    pub span: Option<SpanRecord>,
    /// Why, for `unknown`.
    pub reason: Option<String>,
    /// What is wrong, for `error`.
    pub error: Option<ReportError>,
    /// How the verdict was reached.
    pub diagnostics: Diagnostics,
    /// For a pattern that grows super-linearly but is not `vulnerable`: the strongest
    /// attack the simulator measured, at the maximum length. A real engine may still be
    /// blocked by it where the calibrated speed is not sure (`rxguard check --confirm`
    /// runs it); absent from the record when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below_threshold: Option<Candidate>,
    /// What a default-configured engine's own work limit does to that attack (PCRE2's
    /// match limit); absent for engines without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_limit: Option<crate::engine_limit::EngineLimit>,
    /// The growth the findings show with the engine's cache of failed attempts turned off
    /// (the JDK's loop cache), where it is stronger than the verdict's: what the pattern
    /// does on engines without the cache; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_cache: Option<crate::engine_cache::EngineCache>,
}

/// A super-linear finding whose attack stays below the step threshold within the maximum
/// length (see [`Report::below_threshold`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// Growth class of the finding.
    pub complexity: Complexity,
    /// d for polynomial n^d.
    pub degree: Option<u32>,
    /// The attack at the longest length the threat model (or a counted repeat) allows.
    pub attack: Attack,
    /// The culprit in the pattern.
    pub span: SpanRecord,
    /// The attack's work as a share of the step threshold (below 1); 0 when an engine run
    /// took a `vulnerable` verdict's attack below the blocking time (the model had put it
    /// above).
    pub share: f64,
}

/// How a verdict was reached: what the static analysis proposed and what the simulator
/// made of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diagnostics {
    /// Findings the NFA analysis proposed.
    pub findings: u32,
    /// Findings the simulator measured as linear (dropped).
    pub refuted: u32,
    /// Findings whose growth the simulator could not determine within its budget.
    pub undecided: u32,
    /// Constructs the NFA modelled approximately (`what at start..end`).
    pub approximations: Vec<String>,
}

impl Report {
    /// An `unknown` report.
    pub fn unknown(reason: String, span: Option<SpanRecord>) -> Report {
        Report {
            status: Status::Unknown,
            complexity: None,
            degree: None,
            attack: None,
            span,
            reason: Some(reason),
            error: None,
            diagnostics: Diagnostics::default(),
            below_threshold: None,
            engine_limit: None,
            engine_cache: None,
        }
    }

    /// An `error` report.
    pub fn error(error: ReportError) -> Report {
        Report {
            status: Status::Error,
            complexity: None,
            degree: None,
            attack: None,
            span: None,
            reason: None,
            error: Some(error),
            diagnostics: Diagnostics::default(),
            below_threshold: None,
            engine_limit: None,
            engine_cache: None,
        }
    }
}
