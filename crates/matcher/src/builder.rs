//! Options for building a [`Regex`]: flavor, flags, match mode and limits.

use crate::{Error, ErrorKind, Regex};
use rxguard_syntax::{Flags, Flavor};

pub use rxguard_attack::MatchMode;

/// Size and resource limits. Every one is enforced as an error, never by slowing down.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Deepest nesting of groups and repetitions the parser accepts (before lowering:
    /// building from `Hir` skips regex-syntax's own nesting limit).
    pub nest: u32,
    /// Largest compiled automaton for tier A, in bytes (regex-automata's NFA and DFA
    /// size limits).
    pub automaton_bytes: usize,
    /// Most memory the tier B memo may use for one haystack, in bytes.
    pub memo_bytes: u64,
    /// Opt-in for backreferences: the most backtracking steps one search may take. `None`
    /// (the default) refuses patterns with backreferences.
    pub backtrack_limit: Option<u64>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            nest: 250,
            automaton_bytes: 10 << 20,
            memo_bytes: 256 << 20,
            backtrack_limit: None,
        }
    }
}

impl Limits {
    /// The default limits.
    pub fn new() -> Limits {
        Limits::default()
    }

    /// Sets [`Limits::nest`].
    pub fn nest(mut self, depth: u32) -> Limits {
        self.nest = depth;
        self
    }

    /// Sets [`Limits::automaton_bytes`].
    pub fn automaton_bytes(mut self, bytes: usize) -> Limits {
        self.automaton_bytes = bytes;
        self
    }

    /// Sets [`Limits::memo_bytes`].
    pub fn memo_bytes(mut self, bytes: u64) -> Limits {
        self.memo_bytes = bytes;
        self
    }

    /// Sets [`Limits::backtrack_limit`].
    pub fn backtrack_limit(mut self, steps: Option<u64>) -> Limits {
        self.backtrack_limit = steps;
        self
    }
}

/// Builds a [`Regex`] for a flavor other than the default (Rust), with flags, a match
/// mode or limits.
///
/// ```
/// use rxguard_matcher::{Regex, Limits};
/// use rxguard_syntax::Flavor;
/// let re = Regex::builder()
///     .flavor(Flavor::Python)
///     .flags("i")
///     .limits(Limits::new().memo_bytes(64 << 20))
///     .build(r"(?<=\$)\d+(?!\d)")
///     .unwrap();
/// assert_eq!(re.find("cost: $42").unwrap().unwrap().as_str(), "42");
/// ```
#[derive(Clone, Debug)]
pub struct RegexBuilder {
    pub(crate) flavor: Flavor,
    pub(crate) flags: String,
    pub(crate) mode: MatchMode,
    pub(crate) limits: Limits,
    pub(crate) force_backtrack: bool,
}

impl Default for RegexBuilder {
    fn default() -> RegexBuilder {
        RegexBuilder::new()
    }
}

impl RegexBuilder {
    /// Rust flavor, no flags, unanchored search, default limits.
    pub fn new() -> RegexBuilder {
        RegexBuilder {
            flavor: Flavor::Rust,
            flags: String::new(),
            mode: MatchMode::Search,
            limits: Limits::default(),
            force_backtrack: false,
        }
    }

    /// The syntax and semantics to follow.
    pub fn flavor(&mut self, flavor: Flavor) -> &mut RegexBuilder {
        self.flavor = flavor;
        self
    }

    /// Flag letters as the flavor writes them (`"iu"` for JavaScript, `"ix"` for Python…).
    pub fn flags(&mut self, letters: &str) -> &mut RegexBuilder {
        self.flags = letters.to_string();
        self
    }

    /// Unanchored search (default), anchored at the start, or the whole haystack.
    pub fn mode(&mut self, mode: MatchMode) -> &mut RegexBuilder {
        self.mode = mode;
        self
    }

    /// Resource limits.
    pub fn limits(&mut self, limits: Limits) -> &mut RegexBuilder {
        self.limits = limits;
        self
    }

    /// Runs every pattern on tier B, even a regular one (for differential testing).
    pub fn force_backtrack(&mut self, yes: bool) -> &mut RegexBuilder {
        self.force_backtrack = yes;
        self
    }

    /// Compiles `pattern`.
    pub fn build(&self, pattern: &str) -> Result<Regex, Error> {
        Regex::build(pattern, self, self.parsed_flags()?, false)
    }

    /// Compiles `pattern` for byte haystacks (`&[u8]`): Rust as `regex::bytes`, Python as
    /// a bytes pattern, PCRE2 without UTF (see [`crate::bytes`]). JavaScript and Java,
    /// which match UTF-16 strings, are refused.
    ///
    /// The pattern is a `&str` or bytes: Python and PCRE2 take any bytes (`b"\xff+"`, a
    /// raw byte, means what `br"\xff+"` does), Rust only UTF-8.
    pub fn build_bytes(&self, pattern: impl AsRef<[u8]>) -> Result<crate::bytes::Regex, Error> {
        crate::bytes::Regex::build(pattern.as_ref(), self, self.parsed_flags()?)
    }

    fn parsed_flags(&self) -> Result<Flags, Error> {
        Flags::parse(self.flavor, &self.flags)
            .map_err(|e| Error::new(ErrorKind::Flags(e.clone()), e.to_string(), None))
    }
}
