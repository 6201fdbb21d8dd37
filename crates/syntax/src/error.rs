//! Parse errors: what went wrong, where, and whether the pattern is invalid or merely beyond
//! what rxguard handles.
//!
//! Three families, never confused (see [`ErrorFamily`]): *invalid* means the flavor's own
//! engine would reject the pattern; *unsupported* means the engine accepts it but rxguard
//! does not model the construct yet; *limit* means the pattern is valid but exceeds one of
//! rxguard's resource limits (nesting, size, repetition count), which exist so that hostile
//! input gets an answer instead of a stack overflow or an unbounded allocation.

use crate::span::Span;

/// Which family an error belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorFamily {
    /// The flavor's engine rejects the pattern.
    Invalid,
    /// The pattern is valid, but uses a construct rxguard does not handle yet.
    Unsupported,
    /// The pattern is valid, but exceeds a configured resource limit.
    Limit,
}

impl ErrorFamily {
    /// Whether the flavor's engine would accept the pattern (every family but `Invalid`).
    pub fn engine_accepts(self) -> bool {
        self != ErrorFamily::Invalid
    }
}

/// The kind of a parse error.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A flag letter the flavor does not have.
    FlagUnknown {
        /// The letter.
        flag: char,
    },
    /// A flag given twice where the engine rejects that (JavaScript).
    FlagDuplicate {
        /// The letter.
        flag: char,
    },
    /// Flags that cannot be combined, or a flag not valid in this position.
    FlagsIncompatible {
        /// Why.
        why: &'static str,
    },
    /// An inline flag group that the flavor rejects (`(?i-i)`, `(?z)`, global flags not
    /// at the start in Python).
    FlagsInvalid {
        /// Why.
        why: &'static str,
    },
    /// A backslash at the end of the pattern.
    EscapeEof,
    /// An escape the flavor does not define (`\q` in Python, `\p` without `u` in Java…).
    EscapeUnrecognized,
    /// A malformed escape (`\x1`, `\u{110000}`, `\cé` in a Unicode mode).
    EscapeInvalid {
        /// Why.
        why: &'static str,
    },
    /// An octal escape above `\377`.
    EscapeOctalTooLarge,
    /// A `[` without its `]`.
    ClassUnclosed,
    /// A range whose end is smaller than its start (`[z-a]`).
    ClassRangeOutOfOrder,
    /// A range whose end point is a class (`[a-\d]`) where the flavor forbids it.
    ClassRangeInvalid,
    /// Other malformed class syntax (JavaScript `v`-mode set operations, Java `&&` misuse).
    ClassInvalid {
        /// Why.
        why: &'static str,
    },
    /// An unknown Unicode property, script, block or POSIX class name.
    PropertyUnknown,
    /// A `(` without its `)`.
    GroupUnclosed,
    /// A `)` without its `(`.
    GroupUnopened,
    /// An unknown group kind after `(?` or `(*`.
    GroupKindUnknown,
    /// A group name that is not a valid identifier for the flavor.
    GroupNameInvalid,
    /// A group name used twice where the flavor forbids it.
    GroupNameDuplicate {
        /// Where the name was first defined.
        first: Span,
    },
    /// A reference to a group name that is not defined.
    GroupNameUndefined,
    /// A numbered reference to a group that does not exist (or is still open, in Python).
    BackrefInvalid,
    /// A quantifier with nothing before it that can be repeated.
    RepetitionMissing,
    /// A quantifier applied to a quantifier (`a**` in Python and JavaScript).
    RepetitionMultiple,
    /// `{min,max}` with min > max.
    RepetitionRangeInvalid,
    /// A repetition count above the flavor's own maximum (PCRE2 65535, Java 2^31-1…).
    RepetitionCountInvalid,
    /// A malformed `{…}` quantifier in a flavor where `{` is not a literal.
    RepetitionSyntax,
    /// A lookbehind whose length the flavor requires to be fixed or bounded.
    LookbehindLength {
        /// What the flavor requires.
        why: &'static str,
    },
    /// A construct the engine rejects that fits no other kind; the message says which.
    Syntax {
        /// Why.
        why: &'static str,
    },
    /// Valid in the flavor, but rxguard does not handle it yet.
    Unsupported {
        /// The construct.
        what: &'static str,
    },
    /// Groups nested deeper than the configured limit.
    NestLimitExceeded {
        /// The limit.
        limit: u32,
    },
    /// A pattern longer than the configured limit, in bytes.
    PatternTooLarge {
        /// The limit.
        limit: usize,
    },
    /// A repetition count above rxguard's configured cap (valid in the flavor).
    RepetitionCountLimit {
        /// The limit.
        limit: u32,
    },
    /// More Ast nodes, groups or class items than the configured budget.
    SizeLimitExceeded {
        /// The limit.
        limit: usize,
    },
}

impl ErrorKind {
    /// The family this kind belongs to.
    pub fn family(&self) -> ErrorFamily {
        use ErrorKind::*;
        match self {
            Unsupported { .. } => ErrorFamily::Unsupported,
            NestLimitExceeded { .. }
            | PatternTooLarge { .. }
            | RepetitionCountLimit { .. }
            | SizeLimitExceeded { .. } => ErrorFamily::Limit,
            _ => ErrorFamily::Invalid,
        }
    }

    /// A stable snake_case name, used as `error.kind` in result records.
    pub fn name(&self) -> &'static str {
        use ErrorKind::*;
        match self {
            FlagUnknown { .. } => "flag_unknown",
            FlagDuplicate { .. } => "flag_duplicate",
            FlagsIncompatible { .. } => "flags_incompatible",
            FlagsInvalid { .. } => "flags_invalid",
            EscapeEof => "escape_eof",
            EscapeUnrecognized => "escape_unrecognized",
            EscapeInvalid { .. } => "escape_invalid",
            EscapeOctalTooLarge => "escape_octal_too_large",
            ClassUnclosed => "class_unclosed",
            ClassRangeOutOfOrder => "class_range_out_of_order",
            ClassRangeInvalid => "class_range_invalid",
            ClassInvalid { .. } => "class_invalid",
            PropertyUnknown => "property_unknown",
            GroupUnclosed => "group_unclosed",
            GroupUnopened => "group_unopened",
            GroupKindUnknown => "group_kind_unknown",
            GroupNameInvalid => "group_name_invalid",
            GroupNameDuplicate { .. } => "group_name_duplicate",
            GroupNameUndefined => "group_name_undefined",
            BackrefInvalid => "backref_invalid",
            RepetitionMissing => "repetition_missing",
            RepetitionMultiple => "repetition_multiple",
            RepetitionRangeInvalid => "repetition_range_invalid",
            RepetitionCountInvalid => "repetition_count_invalid",
            RepetitionSyntax => "repetition_syntax",
            LookbehindLength { .. } => "lookbehind_length",
            Syntax { .. } => "syntax",
            Unsupported { .. } => "unsupported",
            NestLimitExceeded { .. } => "nest_limit_exceeded",
            PatternTooLarge { .. } => "pattern_too_large",
            RepetitionCountLimit { .. } => "repetition_count_limit",
            SizeLimitExceeded { .. } => "size_limit_exceeded",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use ErrorKind::*;
        match self {
            FlagUnknown { flag } => write!(f, "unknown flag '{flag}'"),
            FlagDuplicate { flag } => write!(f, "duplicate flag '{flag}'"),
            FlagsIncompatible { why } => write!(f, "incompatible flags: {why}"),
            FlagsInvalid { why } => write!(f, "invalid inline flags: {why}"),
            EscapeEof => write!(f, "pattern ends with a backslash"),
            EscapeUnrecognized => write!(f, "unrecognized escape"),
            EscapeInvalid { why } => write!(f, "invalid escape: {why}"),
            EscapeOctalTooLarge => write!(f, "octal escape above \\377"),
            ClassUnclosed => write!(f, "unclosed character class"),
            ClassRangeOutOfOrder => write!(f, "character class range out of order"),
            ClassRangeInvalid => write!(f, "invalid character class range"),
            ClassInvalid { why } => write!(f, "invalid character class: {why}"),
            PropertyUnknown => write!(f, "unknown property or class name"),
            GroupUnclosed => write!(f, "unclosed group"),
            GroupUnopened => write!(f, "unopened group: ')' without '('"),
            GroupKindUnknown => write!(f, "unknown group kind"),
            GroupNameInvalid => write!(f, "invalid group name"),
            GroupNameDuplicate { first } => {
                write!(f, "duplicate group name (first defined at {first})")
            }
            GroupNameUndefined => write!(f, "reference to an undefined group name"),
            BackrefInvalid => write!(f, "reference to a group that does not exist"),
            RepetitionMissing => write!(f, "quantifier has nothing to repeat"),
            RepetitionMultiple => write!(f, "quantifier follows another quantifier"),
            RepetitionRangeInvalid => write!(f, "repetition range with min > max"),
            RepetitionCountInvalid => write!(f, "repetition count above the flavor's maximum"),
            RepetitionSyntax => write!(f, "malformed repetition quantifier"),
            LookbehindLength { why } => write!(f, "invalid lookbehind: {why}"),
            Syntax { why } => write!(f, "{why}"),
            Unsupported { what } => write!(f, "unsupported: {what}"),
            NestLimitExceeded { limit } => write!(f, "groups nested deeper than {limit}"),
            PatternTooLarge { limit } => write!(f, "pattern longer than {limit} bytes"),
            RepetitionCountLimit { limit } => write!(f, "repetition count above {limit}"),
            SizeLimitExceeded { limit } => write!(f, "pattern has more than {limit} elements"),
        }
    }
}

/// A parse error: its kind, the pattern, and the span the error points at.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    pattern: String,
    span: Span,
}

impl Error {
    /// A new error. `span` is clamped to the pattern.
    pub fn new(kind: ErrorKind, pattern: &str, span: Span) -> Error {
        let end = span.end.min(pattern.len());
        let start = span.start.min(end);
        Error {
            kind,
            pattern: pattern.to_string(),
            span: Span::new(start, end),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The family of the kind: invalid, unsupported or limit.
    pub fn family(&self) -> ErrorFamily {
        self.kind.family()
    }

    /// The pattern the error is about.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The byte span the error points at.
    pub fn span(&self) -> Span {
        self.span
    }
}

impl std::error::Error for Error {}

/// `Debug` shows at most a window of the pattern: hostile patterns can be megabytes.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let end = floor_char(&self.pattern, 200);
        let more = if end < self.pattern.len() { "…" } else { "" };
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("pattern", &format_args!("{:?}{more}", &self.pattern[..end]))
            .field("pattern_len", &self.pattern.len())
            .field("span", &self.span)
            .finish()
    }
}

/// Widest window of the pattern drawn in `Display`, in characters.
const WINDOW: usize = 72;

impl std::fmt::Display for Error {
    /// Draws the line of the pattern holding the error, with `^` under the span:
    ///
    /// ```text
    /// regex parse error:
    ///     (a+
    ///     ^
    /// error: unclosed group
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = &self.pattern;
        let start = floor_char(p, self.span.start);
        let end = floor_char(p, self.span.end).max(start);
        // The line holding the start of the span.
        let line_start = p[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = p[start..].find('\n').map_or(p.len(), |i| start + i);
        let line = &p[line_start..line_end];
        let col = p[line_start..start].chars().count();
        let width = p[start..end.min(line_end)].chars().count().max(1);
        // Keep long lines readable: a window around the span.
        let skip = col.saturating_sub(WINDOW / 2);
        let shown: String = line
            .chars()
            .skip(skip)
            .take(WINDOW)
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect();
        let lead = if skip > 0 { "…" } else { "" };
        let tail = if line.chars().count() > skip + WINDOW {
            "…"
        } else {
            ""
        };
        writeln!(f, "regex parse error:")?;
        if line_start > 0 || line_end < p.len() {
            let lineno = p[..line_start].matches('\n').count() + 1;
            writeln!(f, "    (line {lineno}, column {})", col + 1)?;
        }
        writeln!(f, "    {lead}{shown}{tail}")?;
        let pad = col - skip + lead.chars().count();
        let carets = width.min(WINDOW.saturating_sub(col - skip)).max(1);
        writeln!(f, "    {}{}", " ".repeat(pad), "^".repeat(carets))?;
        write!(f, "error: {}", self.kind)
    }
}

/// The largest char boundary at or before `at`.
fn floor_char(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_draws_caret_under_span() {
        let e = Error::new(ErrorKind::GroupUnclosed, "ab(cd", Span::new(2, 3));
        let shown = e.to_string();
        assert_eq!(
            shown,
            "regex parse error:\n    ab(cd\n      ^\nerror: unclosed group"
        );
    }

    #[test]
    fn display_multiline_names_line() {
        let e = Error::new(ErrorKind::GroupUnopened, "a\n b)", Span::new(4, 5));
        let shown = e.to_string();
        assert!(shown.contains("(line 2, column 3)"), "{shown}");
        assert!(shown.contains("\n     b)\n      ^\n"), "{shown}");
    }

    #[test]
    fn display_long_pattern_is_windowed() {
        let p = format!("{})", "a".repeat(10_000));
        let e = Error::new(ErrorKind::GroupUnopened, &p, Span::new(10_000, 10_001));
        let shown = e.to_string();
        assert!(shown.lines().all(|l| l.chars().count() < 100), "{shown}");
        assert!(shown.contains("a)"));
    }

    #[test]
    fn span_clamped_and_families() {
        let e = Error::new(ErrorKind::EscapeEof, "ab\\", Span::new(2, 99));
        assert_eq!(e.span(), Span::new(2, 3));
        assert_eq!(
            ErrorKind::Unsupported { what: "x" }.family(),
            ErrorFamily::Unsupported
        );
        assert_eq!(
            ErrorKind::NestLimitExceeded { limit: 1 }.family(),
            ErrorFamily::Limit
        );
        assert!(!ErrorKind::GroupUnclosed.family().engine_accepts());
    }
}
