//! Parser limits: the guards that turn hostile input into an error instead of a stack
//! overflow, an unbounded allocation or a later stage that never finishes.

/// Limits the parser enforces. Every field is optional; `get_*` gives the default.
///
/// ```
/// use rxguard_syntax::{Config, Parser, Flavor, Flags};
/// let parser = Parser::with_config(Config::new().nest_limit(10));
/// let err = parser.parse(&"(".repeat(20), Flavor::Python, Flags::default()).unwrap_err();
/// assert_eq!(err.kind().name(), "nest_limit_exceeded");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Config {
    nest_limit: Option<u32>,
    max_pattern_len: Option<usize>,
    max_repeat: Option<u32>,
    max_nodes: Option<usize>,
    bytes: bool,
}

/// The largest nest limit a caller may set: derived traversals (`Clone`, `PartialEq`,
/// `Debug`) still recurse, so depth stays well inside a thread's stack.
pub const MAX_NEST_LIMIT: u32 = 1_000;

impl Config {
    /// The default limits.
    pub fn new() -> Config {
        Config::default()
    }

    /// Deepest nesting of groups and bracketed classes (default 250, at most
    /// [`MAX_NEST_LIMIT`]).
    pub fn nest_limit(mut self, limit: u32) -> Config {
        self.nest_limit = Some(limit.min(MAX_NEST_LIMIT));
        self
    }

    /// Longest pattern in bytes (default 256 KiB).
    pub fn max_pattern_len(mut self, len: usize) -> Config {
        self.max_pattern_len = Some(len);
        self
    }

    /// Largest repetition count accepted in `{n,m}` (default 1,000,000). Counts stay
    /// symbolic in the Ast; the cap keeps later stages' arithmetic and budgets sane.
    pub fn max_repeat(mut self, count: u32) -> Config {
        self.max_repeat = Some(count);
        self
    }

    /// Most Ast nodes and class items (default 1,000,000).
    pub fn max_nodes(mut self, nodes: usize) -> Config {
        self.max_nodes = Some(nodes);
        self
    }

    /// Parses a pattern that matches bytes rather than text: a Python bytes pattern
    /// (`re.compile(b"…")`) or a PCRE2 pattern compiled without `PCRE2_UTF`. Each
    /// character of the pattern is one byte (U+0000..=U+00FF, Latin-1), and the engine's
    /// byte rules apply: `\w \d \s \b` and case folding are ASCII-only; escapes for code
    /// points above U+00FF, Python's `\u \U \N` and `(?u)`, and PCRE2's `(*UTF)` and
    /// `(*UCP)` are errors. No effect on the other flavors.
    pub fn bytes(mut self, yes: bool) -> Config {
        self.bytes = yes;
        self
    }

    /// Whether patterns are parsed as bytes patterns (see [`Config::bytes`]).
    pub fn get_bytes(&self) -> bool {
        self.bytes
    }

    /// The nest limit in force.
    pub fn get_nest_limit(&self) -> u32 {
        self.nest_limit.unwrap_or(250)
    }

    /// The pattern length limit in force.
    pub fn get_max_pattern_len(&self) -> usize {
        self.max_pattern_len.unwrap_or(256 * 1024)
    }

    /// The repetition count cap in force.
    pub fn get_max_repeat(&self) -> u32 {
        self.max_repeat.unwrap_or(1_000_000)
    }

    /// The node budget in force.
    pub fn get_max_nodes(&self) -> usize {
        self.max_nodes.unwrap_or(1_000_000)
    }
}
