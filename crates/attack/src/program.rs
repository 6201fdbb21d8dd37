//! The simulator's program: a flat list of instructions compiled from the Ast.
//!
//! The instruction set is what a backtracking engine executes, so that counting executed
//! instructions counts the engine's work: ordered choice (`Split`), one-character tests,
//! counted loops that are never unrolled (`LoopHead`/`LoopTail` with a counter, so
//! `a{1,100000}` costs three instructions, not a hundred thousand), sub-matches that commit
//! (atomic groups, possessive loops, lookaround), and backreferences.

use regex_syntax::hir::ClassUnicode;

/// An index into [`Program::insts`].
pub type Pc = usize;

/// A set of characters, as sorted disjoint ranges, with the ASCII ones also as a bitmap
/// (most tested characters are ASCII, and a bit test beats a binary search).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CharSet {
    ranges: Vec<(char, char)>,
    ascii: u128,
}

impl CharSet {
    /// From a regex-syntax class.
    pub fn from_class(class: &ClassUnicode) -> CharSet {
        CharSet::sorted(
            class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
        )
    }

    /// From ranges in any order, overlapping or not.
    pub fn from_ranges(mut ranges: Vec<(char, char)>) -> CharSet {
        ranges.sort_unstable();
        let mut out: Vec<(char, char)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match out.last_mut() {
                Some(last) if (a as u32) <= (last.1 as u32).saturating_add(1) => {
                    last.1 = last.1.max(b)
                }
                _ => out.push((a, b)),
            }
        }
        CharSet::sorted(out)
    }

    /// From ranges already sorted and disjoint.
    fn sorted(ranges: Vec<(char, char)>) -> CharSet {
        let mut ascii = 0u128;
        for &(a, b) in &ranges {
            for c in (a as u32)..=(b as u32).min(127) {
                ascii |= 1 << c;
            }
        }
        CharSet { ranges, ascii }
    }

    /// The ranges, sorted and disjoint.
    pub fn ranges(&self) -> &[(char, char)] {
        &self.ranges
    }

    /// Whether `c` is in the set.
    pub fn contains(&self, c: char) -> bool {
        if (c as u32) < 128 {
            return self.ascii >> (c as u32) & 1 == 1;
        }
        let i = self.ranges.partition_point(|&(_, hi)| hi < c);
        i < self.ranges.len() && self.ranges[i].0 <= c
    }
}

/// What an empty iteration of a loop does, per flavor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EmptyRule {
    /// JavaScript (ECMA-262 RepeatMatcher): once the minimum is reached, an iteration that
    /// consumed nothing fails.
    Fail,
    /// PCRE2, Perl, Python, Java: an iteration that consumed nothing ends the loop; matching
    /// continues after it.
    Stop,
    /// Rust (the regex crate, which runs an NFA where a thread that reaches a state twice at
    /// one position is dropped, and compiles `x{n,}` as n − 1 copies of `x` and a looping
    /// copy, `x*` as `(x+)?`, `x{n,m}` as copies): in an unbounded loop, an empty
    /// iteration before the looping copy goes on, the looping copy's first empty iteration
    /// ends the loop, and a later one fails; a bounded loop never checks.
    Thompson,
}

/// Which characters end a line for one assertion (inline flags such as Java's `(?d)` and
/// Rust's `(?R)` change it within a pattern).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// `\n` only (Python, PCRE2's default, Rust, Java with `d`).
    Lf,
    /// `\n` and `\r`, with `\r\n` one terminator: no line boundary between them (Rust `R`).
    CrLf,
    /// The JDK's: `\n`, `\r`, U+0085, U+2028, U+2029, with `\r\n` one terminator.
    Java,
    /// JavaScript's: `\n`, `\r`, U+2028, U+2029, each on its own (`^` matches between
    /// `\r` and `\n`).
    JavaScript,
}

impl Lines {
    /// Whether `c` ends a line.
    pub fn is_terminator(self, c: char) -> bool {
        match self {
            Lines::Lf => c == '\n',
            Lines::CrLf => c == '\n' || c == '\r',
            Lines::Java => matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'),
            Lines::JavaScript => matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'),
        }
    }

    /// Whether `\r\n` counts as one terminator.
    pub fn crlf_is_one(self) -> bool {
        matches!(self, Lines::CrLf | Lines::Java)
    }
}

/// A zero-width assertion, resolved to its flavor's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Look {
    /// Start of the input.
    Start,
    /// Where the previous match of a global iteration ended (`\G`; the start of the
    /// input for a first search).
    PreviousEnd,
    /// End of the input.
    End,
    /// End of the input, or before a line terminator that ends it.
    EndOrFinalTerminator(Lines),
    /// After a line terminator, or at the start.
    StartLine(Lines),
    /// Before a line terminator, or at the end.
    EndLine(Lines),
    /// PCRE2's multi-line `^`: like `StartLine`, but not after a terminator that ends the
    /// input.
    StartLineNotAtEnd(Lines),
    /// Java's multi-line `^`: like `StartLine`, but only where a character follows — not
    /// after a terminator that ends the input, nor at the start of an empty one.
    StartLineBeforeChar(Lines),
    /// A word boundary. In these four and the two halves, `true` means ASCII word
    /// characters (Rust `(?-u)`, per node), `false` the flavor's.
    WordBoundary(bool),
    /// Not a word boundary.
    NotWordBoundary(bool),
    /// Start of a word.
    WordStart(bool),
    /// End of a word.
    WordEnd(bool),
    /// Not after a word character (Rust `\b{start-half}`).
    WordStartHalf(bool),
    /// Not before a word character (Rust `\b{end-half}`).
    WordEndHalf(bool),
    /// An unbounded lookbehind over a regular body without captures (the matcher's only):
    /// true where a match of `Program::behind_bodies[table]` ends, looked up in the table
    /// the memo holds for the input ([`crate::Memo::set_behind_table`]) — one pass over
    /// the input per body instead of a backward search at every position.
    BehindTable {
        /// Index into `Program::behind_bodies`.
        table: u32,
        /// `(?<!`.
        negated: bool,
    },
}

/// What a sub-match is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubKind {
    /// `(?>…)` or a possessive loop: the first way the body matches is final.
    Atomic,
    /// `(?=…)`, `(?!…)`: tested at the current position, consumes nothing.
    Ahead {
        /// `(?!`.
        negated: bool,
    },
    /// A JavaScript lookbehind in the matcher: the body is compiled backward (its
    /// characters are [`Inst::CharBack`]) and run from here leftward, as V8 matches it, so
    /// its captures are V8's and its width need not be bounded.
    BehindBack {
        /// `(?<!`.
        negated: bool,
    },
    /// `(?<=…)`, `(?<!…)`: the body must match ending exactly here; its widths are bounded.
    Behind {
        /// `(?<!`.
        negated: bool,
        /// Fewest characters the body matches.
        min: usize,
        /// Most characters the body matches.
        max: usize,
    },
}

/// One instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inst {
    /// Consume the character before the position, moving left, if it is in `sets[.0]`
    /// (inside a [`SubKind::BehindBack`] body).
    CharBack(usize),
    /// Consume one character in `sets[.0]`.
    Char(usize),
    /// Try `first`; if everything after fails, try `second`.
    Split {
        /// Tried first.
        first: Pc,
        /// Tried on backtracking.
        second: Pc,
    },
    /// Continue at the target.
    Jmp(Pc),
    /// Record the position in a capture slot.
    Save(usize),
    /// A zero-width assertion.
    Look(Look),
    /// Run the body starting at `start` (ended by `SubEnd`) as one unit, then go to `next`.
    Sub {
        /// What kind of sub-match.
        kind: SubKind,
        /// First instruction of the body.
        start: Pc,
        /// Where to continue after the sub-match.
        next: Pc,
    },
    /// Ends a sub-match body.
    SubEnd,
    /// Match the text a group captured.
    Backref {
        /// The group number.
        group: usize,
        /// Compare case-insensitively (simple case folding).
        case_insensitive: bool,
    },
    /// Start a loop: its counter is set to 0 (the old value comes back on backtracking).
    LoopInit {
        /// The loop's counter.
        counter: usize,
    },
    /// The loop's decision point: iterate again or leave.
    LoopHead {
        /// The loop's counter.
        counter: usize,
        /// Least iterations.
        min: u32,
        /// Most iterations (`None`: unbounded).
        max: Option<u32>,
        /// Prefer another iteration over leaving.
        greedy: bool,
        /// First instruction of an iteration (`LoopIter`).
        body: Pc,
        /// After the loop.
        exit: Pc,
    },
    /// Start of one iteration: records the position (for the empty-iteration rule) and, in
    /// JavaScript, resets the captures inside the loop.
    LoopIter {
        /// Register holding the iteration's start.
        reg: usize,
        /// Capture slots to clear (JavaScript), as a range.
        clear: (usize, usize),
    },
    /// End of one iteration: count it and go back to the head, applying the empty rule.
    LoopTail {
        /// The loop's counter.
        counter: usize,
        /// Register holding the iteration's start.
        reg: usize,
        /// Least iterations.
        min: u32,
        /// The loop head.
        head: Pc,
        /// After the loop.
        exit: Pc,
        /// What an empty iteration does.
        empty: EmptyRule,
    },
    /// A successful match.
    Match,
}

/// What an instruction's steps cost an engine beyond their kind ([`crate::StepMix`]):
/// CPython's sre runs some shapes in dedicated C loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepClass {
    /// As its kind says.
    Plain,
    /// Inside a repeat of one character (sre's REPEAT_ONE, MIN_REPEAT_ONE).
    SreSingleRepeat,
    /// The literal after such a repeat, which sre compares before trying the rest.
    SreLiteralTail,
}

/// A compiled program.
#[derive(Clone, Debug)]
pub struct Program {
    /// The instructions; execution starts at 0.
    pub insts: Vec<Inst>,
    /// Character sets referenced by `Inst::Char`.
    pub sets: Vec<CharSet>,
    /// The flavor's word characters, for `\b`.
    pub word: CharSet,
    /// Capture slots (two per group, group 0 included).
    pub slots: usize,
    /// Loop counters.
    pub counters: usize,
    /// Iteration-start registers.
    pub regs: usize,
    /// Whether every match must start at position 0 (`^`/`\A` first, or sticky).
    pub anchored_start: bool,
    /// Whether a backreference to a group that has not matched matches the empty string
    /// (JavaScript) rather than failing (the others).
    pub empty_backref_matches: bool,
    /// The characters a match can start with, when the engine skips other start
    /// positions without running the matcher (V8, CPython's sre and PCRE2 do; `None` when
    /// the pattern can match empty or starts with something the scan cannot see through).
    pub first: Option<CharSet>,
    /// Like `first`, looking through lookarounds and in every flavor: the start positions
    /// the memoized search (the matcher's tier B) may skip. Not used when simulating, as
    /// the engines' scans differ from it.
    pub match_first: Option<CharSet>,
    /// Per iteration-start register: whether its loop's body can match empty. Only those
    /// loops record where an iteration began, so a loop that always consumes leaves no undo
    /// record per iteration.
    pub tracked_regs: Vec<bool>,
    /// PCRE2's required code unit (PCRE flavor): before each attempt, PCRE2 looks for it
    /// in the rest of the subject and gives up the whole search when it is not there —
    /// for an anchored pattern only when under 5,000 characters remain
    /// (`REQ_CU_MAX`). Steps only, like `stoppers`; the memoized executor ignores it.
    pub required: Option<CharSet>,
    /// PCRE2 looks for the required character from one past the start of an attempt, the
    /// pattern starting with a literal (its "first code unit").
    pub required_after_first: bool,
    /// PCRE2's implicit anchoring of a leading `.*` (search mode): `Some(false)` — attempts
    /// only at the start and after a newline; `Some(true)` (dot-all) — only at the start.
    /// Steps only, like `required`.
    pub startline: Option<bool>,
    /// The fewest characters a match needs, where the engine makes no attempt with fewer
    /// left (CPython's INFO block, PCRE2's minimum length, the JDK's `Start` node in a
    /// search); 0 for V8. The simulator runs such attempts anyway — the growth they show is
    /// the engine's once the input is long enough — and a verdict's attack is at least
    /// this long.
    pub min_width: usize,
    /// Per loop counter: a java.util.regex `Loop` (greedy, unbounded, over a
    /// non-deterministic group, not inside another quantifier or a lookbehind, in a
    /// pattern without backreferences) that remembers, for one search, the positions where
    /// a further iteration failed and skips straight to the exit there. Steps only: the
    /// answer is the same. The memoized executor ignores it.
    pub stoppers: Vec<bool>,
    /// Per loop counter: whether the loop has no maximum. Its counter stops at the minimum
    /// (nothing reads it beyond), so iterations past the minimum leave no undo record.
    pub unbounded_counters: Vec<bool>,
    /// The bodies of [`Look::BehindTable`] lookbehinds, as `Hir` for an automaton that
    /// marks where their matches end.
    pub behind_bodies: Vec<regex_syntax::hir::Hir>,
    /// Per instruction (and one past the end), its [`StepClass`]: only the step mix reads
    /// it, the steps themselves are the same.
    pub step_classes: Vec<StepClass>,
}

impl Program {
    /// Whether the program tests `\G`, whose meaning changes between the searches of a
    /// global iteration.
    pub fn uses_previous_end(&self) -> bool {
        self.insts
            .iter()
            .any(|i| matches!(i, Inst::Look(Look::PreviousEnd)))
    }
}
