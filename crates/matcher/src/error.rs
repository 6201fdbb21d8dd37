//! Errors of the matcher: building a [`Regex`](crate::Regex) and, rarely, searching.
//!
//! Building fails on a syntax error (with the parser's position), on a construct the
//! matcher cannot run in linear time (backreferences without an opt-in budget), or when a
//! size limit is exceeded. A search fails only when a limit the caller set is reached: the
//! memo's memory limit on a huge haystack, or the backtracking budget of a pattern with
//! backreferences. A search never hangs and never answers wrongly.

use rxguard_syntax::Span;

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The pattern is not valid in its flavor (or not supported by the parser).
    Syntax(rxguard_syntax::Error),
    /// The flags string is not valid for the flavor.
    Flags(rxguard_syntax::Error),
    /// A construct the matcher cannot run (recursion, conditionals, control verbs, …).
    Unsupported,
    /// A backreference: not linear in general, refused unless a `backtrack_limit` is set.
    Backreference,
    /// The compiled pattern exceeds a size limit.
    TooLarge,
    /// The search would need more memory than the memo limit allows.
    MemoryLimit,
    /// A pattern with backreferences exceeded its backtracking budget.
    BacktrackLimit,
}

impl ErrorKind {
    /// A stable snake_case name (for JSON output).
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::Syntax(_) => "syntax",
            ErrorKind::Flags(_) => "invalid_flags",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Backreference => "backreference",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::MemoryLimit => "memory_limit",
            ErrorKind::BacktrackLimit => "backtrack_limit",
        }
    }
}

/// An error building or running a [`Regex`](crate::Regex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    span: Option<Span>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>, span: Option<Span>) -> Error {
        Error {
            kind,
            message: message.into(),
            span,
        }
    }

    pub(crate) fn syntax(e: rxguard_syntax::Error) -> Error {
        let span = Some(e.span());
        Error::new(ErrorKind::Syntax(e.clone()), e.to_string(), span)
    }

    /// The same error about the caller's pattern, of which the pattern the error was found
    /// in is a re-encoding: `offset` maps each byte offset of that one to the caller's.
    /// With `pattern` (the caller's pattern, when it is text) a syntax error is drawn on it;
    /// otherwise it stays drawn on the re-encoding and only [`Error::span`] is mapped.
    pub(crate) fn remap(self, pattern: Option<&str>, offset: impl Fn(usize) -> usize) -> Error {
        let span = |s: Span| Span::new(offset(s.start), offset(s.end));
        match (self.kind, pattern) {
            (ErrorKind::Syntax(e), Some(pattern)) => Error::syntax(rxguard_syntax::Error::new(
                e.kind().clone(),
                pattern,
                span(e.span()),
            )),
            (kind, _) => Error {
                kind,
                message: self.message,
                span: self.span.map(span),
            },
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where in the pattern, when the error is about a part of it.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// The explanation.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
