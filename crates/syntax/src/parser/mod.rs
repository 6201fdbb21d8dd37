//! The parser for the backtracking flavors: JavaScript, Python, Java and PCRE2.
//!
//! One parser with flavor switches, because the four share most of their syntax and differ
//! in many small, well-defined places (which escapes exist, whether a stray `{` is a literal,
//! what can be quantified, how inline flags scope). Each difference is decided where it
//! arises, with a short note naming the engine behaviour it follows.
//!
//! The parser never recurses on the pattern's nesting: open groups live on an explicit
//! stack (`Frame`), and nesting is checked against the configured limit as groups and
//! classes open. The Rust flavor is parsed by regex-syntax instead (see `crate::rust`).

mod class;
mod config;
mod escape;
mod group;
pub(crate) mod width;

pub use config::{Config, MAX_NEST_LIMIT};

use crate::ast::*;
use crate::error::{Error, ErrorKind};
use crate::flavor::{Flags, Flavor};
use crate::span::Span;
use std::collections::HashMap;

/// A configured parser. Cheap to clone; holds only limits.
#[derive(Clone, Debug, Default)]
pub struct Parser {
    config: Config,
}

impl Parser {
    /// A parser with the default limits.
    pub fn new() -> Parser {
        Parser::default()
    }

    /// A parser with the given limits.
    pub fn with_config(config: Config) -> Parser {
        Parser { config }
    }

    fn check_len(&self, pattern: &str) -> Result<(), Error> {
        if pattern.len() > self.config.get_max_pattern_len() {
            return Err(Error::new(
                ErrorKind::PatternTooLarge {
                    limit: self.config.get_max_pattern_len(),
                },
                pattern,
                Span::new(0, pattern.len()),
            ));
        }
        Ok(())
    }

    /// The `Hir` of a Rust-flavor pattern for matching bytes (`regex::bytes`), where
    /// `(?-u:\xFF)` and `(?-u:.)` may match bytes that are not UTF-8. Same limits and
    /// errors as [`Parser::parse`].
    pub fn parse_rust_bytes(
        &self,
        pattern: &str,
        flags: Flags,
    ) -> Result<regex_syntax::hir::Hir, Error> {
        self.check_len(pattern)?;
        crate::rust::bytes_hir(pattern, flags, &self.config)
    }

    /// Parses `pattern` as written for `flavor` with `flags`.
    pub fn parse(&self, pattern: &str, flavor: Flavor, flags: Flags) -> Result<Ast, Error> {
        self.check_len(pattern)?;
        if flavor == Flavor::Rust {
            return crate::rust::parse(pattern, flags, &self.config);
        }
        if self.config.get_bytes() && matches!(flavor, Flavor::Python | Flavor::Pcre) {
            if let Some((at, c)) = pattern.char_indices().find(|&(_, c)| c > '\u{FF}') {
                return Err(Error::new(
                    ErrorKind::Syntax {
                        why: "a bytes pattern holds only characters U+0000..=U+00FF, one per byte",
                    },
                    pattern,
                    Span::new(at, at + c.len_utf8()),
                ));
            }
        }
        P::new(pattern, flavor, flags, &self.config).parse()
    }
}

/// The flags in effect at a point of the pattern, after inline flags.
#[derive(Clone, Copy, Debug)]
struct Mode {
    case_insensitive: bool,
    /// Case folding limited to ASCII letters.
    ascii_case: bool,
    multi_line: bool,
    dot_all: bool,
    verbose: bool,
    verbose_classes: bool,
    ascii: bool,
    unix_lines: bool,
    swap_greed: bool,
    no_auto_capture: bool,
    dup_names: bool,
}

impl Mode {
    /// `bytes`: a bytes pattern (see `Config::bytes`), where Python's classes and folding
    /// are ASCII-only and PCRE2 folds by its default (C locale) tables, ASCII only.
    fn from_flags(flavor: Flavor, f: &Flags, bytes: bool) -> Mode {
        Mode {
            case_insensitive: f.case_insensitive,
            ascii_case: match flavor {
                Flavor::Python | Flavor::Pcre if bytes => true,
                Flavor::Python => f.ascii,
                // CASE_INSENSITIVE alone folds ASCII only; UNICODE_CASE (u) widens it.
                Flavor::Java => !f.unicode,
                _ => false,
            },
            multi_line: f.multi_line,
            dot_all: f.dot_all,
            verbose: f.verbose && flavor != Flavor::JavaScript,
            verbose_classes: f.verbose_classes,
            // Which flavors have ASCII-only \w \d \s by default: JavaScript always
            // (even with u), Java unless U, PCRE2 (no UCP), Python only with `a`.
            ascii: match flavor {
                Flavor::Python => f.ascii || bytes,
                Flavor::Java => !f.unicode_classes,
                _ => true,
            },
            unix_lines: f.unix_lines,
            swap_greed: f.swap_greed,
            no_auto_capture: f.no_auto_capture,
            dup_names: f.dup_names,
        }
    }
}

/// The sequence being built at one nesting level: finished alternatives and the items of
/// the current one.
#[derive(Default)]
struct Level {
    branches: Vec<Ast>,
    items: Vec<Ast>,
    branch_start: usize,
}

/// What an open `(` will become when its `)` is found.
enum Opener {
    Group(GroupKind),
    /// `(?(cond)yes|no)`.
    Conditional(Condition),
}

/// An open group.
struct Frame {
    open: Span,
    opener: Opener,
    outer: Level,
    outer_mode: Mode,
    /// Unique id of this frame, for JavaScript's duplicate-name rule.
    uid: u32,
    /// Capture count when the group opened (PCRE2 branch reset restarts from it).
    groups_at_open: u32,
    /// Highest capture count over the finished branches (branch reset).
    branch_reset_max: u32,
}

/// A named group definition (the name is its key in `P::names`).
struct NameDef {
    index: u32,
    span: Span,
    /// The (frame uid, branch number) of every alternation around the group.
    path: Vec<(u32, usize)>,
}

/// A reference checked when the whole pattern is known.
struct PendingRef {
    target: GroupRef,
    span: Span,
    /// Capture count where the reference was written (for relative references).
    groups_here: u32,
}

/// The parser state for one pattern.
struct P<'a> {
    p: &'a str,
    pos: usize,
    flavor: Flavor,
    flags: Flags,
    cfg: &'a Config,
    mode: Mode,
    stack: Vec<Frame>,
    cur: Level,
    next_uid: u32,
    /// Captures opened so far.
    groups: u32,
    /// Open capture group indices (Python forbids references to them).
    open_groups: Vec<u32>,
    /// Python: the width of each closed capture group, for references in lookbehinds.
    group_widths: HashMap<u32, width::Width>,
    /// Named groups by name, in definition order (several with duplicate names).
    names: HashMap<String, Vec<NameDef>>,
    pending: Vec<PendingRef>,
    nodes: usize,
    /// JavaScript: total capture groups and whether any is named (decide `\N` and `\k`).
    js_total_groups: u32,
    js_has_names: bool,
    /// Python: still at the start, where global inline flags are allowed.
    at_start: bool,
    /// Inside `\Q…\E`.
    quoting: bool,
    /// A Python bytes pattern or a PCRE2 pattern without UTF (`Config::bytes`).
    bytes: bool,
    /// The first unsupported-construct or limit error seen. Parsing goes on past it so that
    /// a later syntax error still makes the pattern invalid; it is returned at the end.
    deferred: Option<Error>,
    /// Where the class member being parsed starts (for range error spans).
    class_item_start: usize,
}

impl<'a> P<'a> {
    fn new(p: &'a str, flavor: Flavor, flags: Flags, cfg: &'a Config) -> P<'a> {
        let bytes = cfg.get_bytes() && matches!(flavor, Flavor::Python | Flavor::Pcre);
        let (js_total_groups, js_has_names) = if flavor == Flavor::JavaScript {
            js_prescan(p)
        } else {
            (0, false)
        };
        P {
            p,
            pos: 0,
            flavor,
            flags,
            cfg,
            mode: Mode::from_flags(flavor, &flags, bytes),
            bytes,
            stack: Vec::new(),
            cur: Level::default(),
            next_uid: 1,
            groups: 0,
            open_groups: Vec::new(),
            group_widths: HashMap::new(),
            names: HashMap::new(),
            pending: Vec::new(),
            nodes: 0,
            js_total_groups,
            js_has_names,
            at_start: true,
            quoting: false,
            deferred: None,
            class_item_start: 0,
        }
    }

    // ---- low-level scanning ----

    fn peek(&self) -> Option<char> {
        self.p[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.p[self.pos..].chars().nth(n)
    }

    fn rest(&self) -> &'a str {
        &self.p[self.pos..]
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// PCRE2: does `[` start something shaped like `[:name:]`, `[.x.]` or `[=x=]`? Outside
    /// a class that is an error, not a bracketed class.
    fn pcre_posix_outside_class(&self) -> bool {
        let rest = self.rest();
        let Some(kind @ (':' | '.' | '=')) = rest[1..].chars().next() else {
            return false;
        };
        let close = format!("{kind}]");
        match rest[2..].find(close.as_str()) {
            Some(len) => !rest[2..2 + len].contains(']') && !rest[2..2 + len].contains('['),
            None => false,
        }
    }

    /// Records a non-fatal (unsupported or limit) error; the first one wins.
    fn defer(&mut self, e: Error) {
        if self.deferred.is_none() {
            self.deferred = Some(e);
        }
    }

    fn err(&self, kind: ErrorKind, span: Span) -> Error {
        Error::new(kind, self.p, span)
    }

    fn err_here(&self, kind: ErrorKind) -> Error {
        let end = self.peek().map_or(self.pos, |c| self.pos + c.len_utf8());
        self.err(kind, Span::new(self.pos, end))
    }

    /// The two UTF-16 code units of `c` when the flavor sees the pattern as code units
    /// (JavaScript without `u`/`v`) and `c` is astral; `None` otherwise.
    fn code_units(&self, c: char) -> Option<(u16, u16)> {
        if self.flavor != Flavor::JavaScript || self.js_unicode() || (c as u32) <= 0xFFFF {
            return None;
        }
        let mut buf = [0u16; 2];
        c.encode_utf16(&mut buf);
        Some((buf[0], buf[1]))
    }

    fn js_unicode(&self) -> bool {
        self.flavor == Flavor::JavaScript && self.flags.js_unicode_mode()
    }

    fn charge(&mut self, n: usize) -> Result<(), Error> {
        self.nodes += n;
        if self.nodes > self.cfg.get_max_nodes() {
            return Err(self.err_here(ErrorKind::SizeLimitExceeded {
                limit: self.cfg.get_max_nodes(),
            }));
        }
        Ok(())
    }

    fn push(&mut self, ast: Ast) -> Result<(), Error> {
        self.charge(1)?;
        self.at_start = false;
        self.cur.items.push(ast);
        Ok(())
    }

    /// Skips whitespace and `#` comments in verbose mode.
    fn skip_verbose(&mut self) {
        if !self.mode.verbose || self.quoting {
            return;
        }
        loop {
            match self.peek() {
                Some(c) if self.is_verbose_space(c) => {
                    self.bump();
                }
                Some('#') => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn is_verbose_space(&self, c: char) -> bool {
        match self.flavor {
            Flavor::Pcre => {
                matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
                    || matches!(
                        c,
                        '\u{85}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
                    )
            }
            _ => matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'),
        }
    }

    // ---- the main loop ----

    fn parse(mut self) -> Result<Ast, Error> {
        loop {
            if self.quoting {
                self.parse_quoted()?;
                continue;
            }
            self.skip_verbose();
            let start = self.pos;
            let Some(c) = self.peek() else { break };
            match c {
                '(' => self.open_group()?,
                ')' => {
                    if self.stack.is_empty() {
                        return Err(self.err_here(ErrorKind::GroupUnopened));
                    }
                    self.bump();
                    self.close_group(start)?;
                }
                '|' => {
                    self.bump();
                    self.end_branch(start);
                }
                '*' | '+' | '?' => {
                    self.bump();
                    let (min, max, op) = match c {
                        '*' => (0, None, RepetitionOp::Star),
                        '+' => (1, None, RepetitionOp::Plus),
                        _ => (0, Some(1), RepetitionOp::Question),
                    };
                    self.quantify(start, min, max, op)?;
                }
                '{' => match self.parse_braces()? {
                    Some((min, max)) => self.quantify(start, min, max, RepetitionOp::Range)?,
                    None => {
                        self.bump();
                        self.literal(start, '{', false)?;
                    }
                },
                '[' if self.flavor == Flavor::Pcre && self.rest().starts_with("[[:<:]]") => {
                    self.pos += 7;
                    self.assertion(start, AssertionKind::WordStart)?;
                }
                '[' if self.flavor == Flavor::Pcre && self.rest().starts_with("[[:>:]]") => {
                    self.pos += 7;
                    self.assertion(start, AssertionKind::WordEnd)?;
                }
                '[' if self.flavor == Flavor::Pcre && self.pcre_posix_outside_class() => {
                    let why = match self.peek_at(1) {
                        Some(':') => "POSIX named classes are supported only within a class",
                        _ => "POSIX collating elements are not supported",
                    };
                    return Err(self.err_here(ErrorKind::ClassInvalid { why }));
                }
                '[' => {
                    let class = self.parse_class()?;
                    let span = Span::new(start, self.pos);
                    self.push(Ast::new(span, AstKind::Class(class)))?;
                }
                '\\' => self.parse_escape_atom()?,
                '.' => {
                    self.bump();
                    let dot = Dot {
                        dot_all: self.mode.dot_all,
                        unix_lines: self.mode.unix_lines,
                        crlf: false,
                    };
                    self.push(Ast::new(Span::new(start, self.pos), AstKind::Dot(dot)))?;
                }
                '^' | '$' => {
                    self.bump();
                    let kind = if c == '^' {
                        AssertionKind::Caret
                    } else {
                        AssertionKind::Dollar
                    };
                    self.assertion(start, kind)?;
                }
                ']' | '}' if self.js_unicode() => {
                    return Err(self.err_here(ErrorKind::Syntax {
                        why: "lone quantifier bracket",
                    }));
                }
                _ => {
                    self.bump();
                    self.literal(start, c, false)?;
                }
            }
        }
        if let Some(frame) = self.stack.last() {
            return Err(self.err(ErrorKind::GroupUnclosed, frame.open));
        }
        let end = self.pos;
        let ast = self.finish_level(0, end);
        self.check_pending()?;
        match self.deferred.take() {
            Some(e) => Err(e),
            None => Ok(ast),
        }
    }

    /// Inside `\Q…\E`: every character is a literal until `\E`.
    fn parse_quoted(&mut self) -> Result<(), Error> {
        let start = self.pos;
        if self.eat_str("\\E") {
            self.quoting = false;
            return Ok(());
        }
        match self.bump() {
            Some(c) => self.literal(start, c, true),
            None => {
                self.quoting = false;
                Ok(())
            }
        }
    }

    fn literal(&mut self, start: usize, c: char, escaped: bool) -> Result<(), Error> {
        let span = Span::new(start, self.pos);
        // JavaScript without u/v sees the pattern as UTF-16 code units: an astral character
        // is two atoms, and a quantifier after it repeats only the trailing surrogate.
        if let Some((hi, lo)) = self.code_units(c) {
            self.push(Ast::new(span, AstKind::CodeUnit(hi)))?;
            return self.push(Ast::new(span, AstKind::CodeUnit(lo)));
        }
        let lit = Literal {
            c,
            escaped,
            case_insensitive: self.mode.case_insensitive,
            ascii_case: self.mode.ascii_case,
        };
        self.push(Ast::new(span, AstKind::Literal(lit)))
    }

    fn assertion(&mut self, start: usize, kind: AssertionKind) -> Result<(), Error> {
        let a = Assertion {
            kind,
            multi_line: self.mode.multi_line,
            ascii_word: self.mode.ascii,
            case_insensitive: self.mode.case_insensitive,
            unix_lines: self.mode.unix_lines,
            crlf: false,
        };
        self.push(Ast::new(Span::new(start, self.pos), AstKind::Assertion(a)))
    }

    /// Ends the current alternative at a `|`.
    fn end_branch(&mut self, bar: usize) {
        let items = std::mem::take(&mut self.cur.items);
        let span = Span::new(self.cur.branch_start, bar);
        self.cur.branches.push(concat(span, items));
        self.cur.branch_start = bar + 1;
        self.at_start = false;
        // PCRE2 branch reset: each alternative numbers its groups from the same start.
        if let Some(frame) = self.stack.last_mut() {
            if let Opener::Group(GroupKind::BranchReset) = frame.opener {
                frame.branch_reset_max = frame.branch_reset_max.max(self.groups);
                self.groups = frame.groups_at_open;
            }
        }
    }

    /// Turns the current level into one Ast: a concatenation or an alternation.
    fn finish_level(&mut self, start: usize, end: usize) -> Ast {
        let items = std::mem::take(&mut self.cur.items);
        let last = concat(Span::new(self.cur.branch_start, end), items);
        if self.cur.branches.is_empty() {
            return Ast::new(Span::new(start, end), last.kind_owned());
        }
        let mut branches = std::mem::take(&mut self.cur.branches);
        branches.push(last);
        Ast::new(Span::new(start, end), AstKind::Alternation(branches))
    }

    // ---- quantifiers ----

    /// Parses `{n}`, `{n,}`, `{n,m}` (and `{,m}` where the flavor has it) at the current
    /// position. Returns `None`, consuming nothing, when the text is not a quantifier and
    /// the flavor treats `{` as a literal; errors where the flavor rejects it.
    fn parse_braces(&mut self) -> Result<Option<(u32, Option<u32>)>, Error> {
        let start = self.pos;
        let rest = &self.rest()[1..];
        let digits = |s: &str| s.bytes().take_while(|b| b.is_ascii_digit()).count();
        let lo_len = digits(rest);
        let lo_txt = &rest[..lo_len];
        let mut i = lo_len;
        let mut hi_txt: Option<&str> = Some(lo_txt);
        let mut comma = false;
        if rest[i..].starts_with(',') {
            comma = true;
            i += 1;
            let n = digits(&rest[i..]);
            hi_txt = if n == 0 { None } else { Some(&rest[i..i + n]) };
            i += n;
        }
        let closed = rest[i..].starts_with('}');
        let well_formed = closed
            && match self.flavor {
                // Python accepts {,m} and {,}; `{}` is two literals.
                Flavor::Python => lo_len > 0 || comma,
                // PCRE2 10.42 and JavaScript need the lower bound.
                _ => lo_len > 0,
            };
        if !well_formed {
            let literal_ok = match self.flavor {
                Flavor::JavaScript => !self.js_unicode(),
                Flavor::Java => false,
                _ => true,
            };
            if literal_ok {
                return Ok(None);
            }
            let why = if self.flavor == Flavor::Java {
                ErrorKind::RepetitionSyntax
            } else {
                ErrorKind::Syntax {
                    why: "incomplete quantifier",
                }
            };
            return Err(self.err(why, Span::new(start, start + 1 + i + closed as usize)));
        }
        let end = start + 1 + i + 1;
        let span = Span::new(start, end);
        let min = self.count(lo_txt, span)?;
        let max = match (comma, hi_txt) {
            (true, None) => None,
            (_, Some(t)) => Some(self.count(t, span)?),
            (false, None) => Some(min),
        };
        if let Some(max) = max {
            if max < min {
                return Err(self.err(ErrorKind::RepetitionRangeInvalid, span));
            }
        }
        self.pos = end;
        Ok(Some((min, max)))
    }

    /// A repetition count, checked against the flavor's maximum and then rxguard's cap.
    fn count(&mut self, digits: &str, span: Span) -> Result<u32, Error> {
        if digits.is_empty() {
            return Ok(0);
        }
        let trimmed = digits.trim_start_matches('0');
        let value: u128 = if trimmed.len() > 30 {
            u128::MAX
        } else {
            trimmed.parse().unwrap_or(0)
        };
        let flavor_max: u128 = match self.flavor {
            Flavor::Pcre => 65_535,
            Flavor::Java => i32::MAX as u128,
            // sre's MAXREPEAT is 2^32-1; counts must stay below it.
            Flavor::Python => u32::MAX as u128 - 1,
            // V8 clamps larger counts; the pattern stays valid.
            _ => u128::MAX,
        };
        if value > flavor_max {
            return Err(self.err(ErrorKind::RepetitionCountInvalid, span));
        }
        let cap = self.cfg.get_max_repeat();
        if value > cap as u128 {
            let e = self.err(ErrorKind::RepetitionCountLimit { limit: cap }, span);
            self.defer(e);
            return Ok(cap);
        }
        Ok(value as u32)
    }

    /// Applies a quantifier just parsed (`start..self.pos`) to the last item.
    fn quantify(
        &mut self,
        start: usize,
        min: u32,
        max: Option<u32>,
        op: RepetitionOp,
    ) -> Result<(), Error> {
        let mut greed = Greed::Greedy;
        // PCRE2 drops `\E` (and empty `\Q\E`) before reading the suffix: `a?\E?` is lazy.
        if self.flavor == Flavor::Pcre {
            while self.eat_str("\\E") || self.eat_str("\\Q\\E") {}
        }
        if self.eat('?') {
            greed = Greed::Lazy;
        } else if self.flavor != Flavor::JavaScript && self.peek() == Some('+') {
            self.bump();
            greed = Greed::Possessive;
        }
        if self.mode.swap_greed {
            greed = match greed {
                Greed::Greedy => Greed::Lazy,
                Greed::Lazy => Greed::Greedy,
                g => g,
            };
        }
        let qspan = Span::new(start, self.pos);
        let Some(mut last) = self.cur.items.pop() else {
            return Err(self.err(ErrorKind::RepetitionMissing, qspan));
        };
        // java.util.regex reads a `{n}` right after a quantifier as the quantifier of an
        // empty atom: `a{2}{3}` matches "aa", and `^a{2}{3}$` does not match six a's
        // (JDK 17).
        if self.flavor == Flavor::Java
            && op == RepetitionOp::Range
            && matches!(last.kind, AstKind::Repetition(_))
        {
            self.cur.items.push(last);
            last = Ast::new(Span::new(start, start), AstKind::Empty);
        }
        if let Err(kind) = self.repeatable(&last, op) {
            return Err(self.err(kind, qspan));
        }
        self.charge(1)?;
        let span = last.span.cover(qspan);
        let rep = Repetition {
            min,
            max,
            greed,
            op,
            swapped: self.mode.swap_greed,
            sub: Box::new(last),
        };
        self.cur
            .items
            .push(Ast::new(span, AstKind::Repetition(rep)));
        Ok(())
    }

    /// Whether `last` may take a quantifier, by the flavor's rules.
    fn repeatable(&self, last: &Ast, op: RepetitionOp) -> Result<(), ErrorKind> {
        let missing = Err(ErrorKind::RepetitionMissing);
        match &last.kind {
            AstKind::Repetition(_) => match self.flavor {
                Flavor::Python => Err(ErrorKind::RepetitionMultiple),
                _ => missing,
            },
            // Java's `{n}` after a quantifier repeats nothing (above).
            AstKind::Empty if self.flavor == Flavor::Java && op == RepetitionOp::Range => Ok(()),
            AstKind::SetFlags(_) | AstKind::Empty | AstKind::Verb(_) | AstKind::Callout => missing,
            AstKind::ResetMatchStart => missing,
            AstKind::Assertion(_) => match self.flavor {
                Flavor::Java => Ok(()),
                _ => missing,
            },
            AstKind::Group(Group {
                kind: GroupKind::Look { ahead, .. },
                ..
            }) => {
                match self.flavor {
                    // Annex B makes lookaheads (only) quantifiable without u/v.
                    Flavor::JavaScript if *ahead && !self.js_unicode() => Ok(()),
                    Flavor::JavaScript => Err(ErrorKind::Syntax {
                        why: "invalid quantifier",
                    }),
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    // ---- references checked at the end ----

    fn check_pending(&self) -> Result<(), Error> {
        for r in &self.pending {
            match &r.target {
                GroupRef::Name(n) => {
                    if !self.names.contains_key(n) {
                        return Err(self.err(ErrorKind::GroupNameUndefined, r.span));
                    }
                }
                GroupRef::Number(n) => {
                    if *n > self.groups && !(self.flavor == Flavor::Python && *n == 0) {
                        return Err(self.err(ErrorKind::BackrefInvalid, r.span));
                    }
                }
                GroupRef::Relative(k) => {
                    let target = r.groups_here as i64 + *k as i64 + if *k > 0 { 0 } else { 1 };
                    if target < 1 || target > self.groups as i64 {
                        return Err(self.err(ErrorKind::BackrefInvalid, r.span));
                    }
                }
            }
        }
        Ok(())
    }

    fn defer_ref(&mut self, target: GroupRef, span: Span) {
        let groups_here = self.groups;
        self.pending.push(PendingRef {
            target,
            span,
            groups_here,
        });
    }

    /// Pushes a backreference node.
    fn backref(&mut self, span: Span, target: GroupRef) -> Result<(), Error> {
        let b = Backreference {
            target,
            case_insensitive: self.mode.case_insensitive,
        };
        self.push(Ast::new(span, AstKind::Backreference(b)))
    }
}

impl Ast {
    /// Moves the kind out, leaving `Empty` (the Ast has a `Drop`, so no destructuring).
    fn kind_owned(mut self) -> AstKind {
        std::mem::replace(&mut self.kind, AstKind::Empty)
    }
}

/// A sequence of items as one node: empty, the single item, or a concatenation.
fn concat(span: Span, mut items: Vec<Ast>) -> Ast {
    match items.len() {
        0 => Ast::new(span, AstKind::Empty),
        1 => items
            .pop()
            .unwrap_or_else(|| Ast::new(span, AstKind::Empty)),
        _ => Ast::new(span, AstKind::Concat(items)),
    }
}

/// JavaScript needs two facts about the whole pattern before parsing it: how many capture
/// groups it has (`\N` is a backreference only when N is at most that), and whether any is
/// named (then `\k` must be a valid named reference).
fn js_prescan(p: &str) -> (u32, bool) {
    let b = p.as_bytes();
    let (mut i, mut count, mut named, mut in_class) = (0, 0u32, false, false);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class => {
                if b.get(i + 1) != Some(&b'?') {
                    count += 1;
                } else if b.get(i + 2) == Some(&b'<')
                    && !matches!(b.get(i + 3), Some(b'=') | Some(b'!'))
                {
                    count += 1;
                    named = true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (count, named)
}
