//! The abstract syntax tree every flavor's parser produces.
//!
//! One Ast for all flavors: a node keeps its byte span, counted repeats stay symbolic
//! (`{min,max}`, never unrolled), and the flags in effect at each flag-sensitive leaf are
//! resolved into it (a literal knows whether it is case-insensitive, a `.` whether it is
//! dot-all), so later stages never replay inline-flag scoping. Constructs that are valid but
//! beyond regular languages (backreferences, lookaround, recursion, verbs, conditionals) are
//! nodes like any other; the lowering to `Hir` and the analysis decide what to do with them.
//!
//! Nesting is bounded by the parser's nest limit, and dropping an Ast never recurses.

use crate::span::Span;

/// One node of the syntax tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ast {
    /// The bytes of the pattern this node was parsed from.
    pub span: Span,
    /// What the node is.
    pub kind: AstKind,
}

/// The kinds of Ast nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AstKind {
    /// Matches the empty string (an empty pattern or alternative).
    Empty,
    /// A single character.
    Literal(Literal),
    /// A UTF-16 code unit that is not a whole character: a lone surrogate escape, or one
    /// half of an astral character in a JavaScript pattern without `u`/`v`.
    CodeUnit(u16),
    /// `.`.
    Dot(Dot),
    /// A zero-width assertion: `^ $ \b \B \A \z \Z \G`.
    Assertion(Assertion),
    /// A character class: `\d`, `\p{L}`, `[a-z]`.
    Class(Class),
    /// A quantified sub-expression.
    Repetition(Repetition),
    /// A group of any kind (capturing, non-capturing, atomic, lookaround…).
    Group(Group),
    /// A sequence.
    Concat(Vec<Ast>),
    /// Alternatives, tried in order by a backtracking engine.
    Alternation(Vec<Ast>),
    /// `\1`, `\k<name>`, `(?P=name)`.
    Backreference(Backreference),
    /// Inline flags that apply to the rest of the enclosing group: `(?i)`.
    SetFlags(FlagChange),
    /// `(?(cond)yes|no)` (Python, PCRE2).
    Conditional(Box<Conditional>),
    /// A call of a group as a subroutine, or recursion: `(?R)`, `(?1)`, `(?&n)`, `\g<n>`.
    Subroutine(GroupRef),
    /// A backtracking control verb: `(*SKIP)`, `(*FAIL)`, `(*MARK:x)`…
    Verb(Verb),
    /// A PCRE2 callout `(?C…)`.
    Callout,
    /// `\K`: resets the reported start of the match (PCRE2).
    ResetMatchStart,
}

/// A literal character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Literal {
    /// The character.
    pub c: char,
    /// Whether it was written as an escape (`\.`, `\x41`, `\n`) or verbatim.
    pub escaped: bool,
    /// Whether case-insensitive matching was in effect here.
    pub case_insensitive: bool,
    /// Whether case folding is limited to ASCII letters here (Python `a`, Java without
    /// `u`, Rust without `u`).
    pub ascii_case: bool,
}

/// `.` with the flags in effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dot {
    /// Whether it matches line terminators too (`s`).
    pub dot_all: bool,
    /// Java `d`: only `\n` is a line terminator.
    pub unix_lines: bool,
    /// Rust `R`: `\r` is a line terminator too.
    pub crlf: bool,
}

/// A zero-width assertion and the flags that decide its meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assertion {
    /// Which one.
    pub kind: AssertionKind,
    /// Whether `m` was in effect (`^`/`$` at line boundaries).
    pub multi_line: bool,
    /// Whether word characters are ASCII only here (for `\b`).
    pub ascii_word: bool,
    /// Whether case-insensitive matching was in effect (JavaScript `\b` under `iu`).
    pub case_insensitive: bool,
    /// Java `d` / Rust `R` line terminator modes (for `^`/`$` in multi-line mode).
    pub unix_lines: bool,
    /// Rust `R`.
    pub crlf: bool,
}

/// The assertion kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AssertionKind {
    /// `^`.
    Caret,
    /// `$` (its meaning depends on the flavor and on `m`).
    Dollar,
    /// `\A`: start of the text.
    StartText,
    /// End of the text only: `\z` (Java, PCRE2, Rust), `\Z` in Python.
    EndText,
    /// End of the text or before a final line terminator: `\Z` in Java and PCRE2.
    EndTextOptionalNewline,
    /// `\b`.
    WordBoundary,
    /// `\B`.
    NotWordBoundary,
    /// `\G`: where the previous match ended.
    PreviousMatchEnd,
    /// Java `\b{g}`: a grapheme cluster boundary.
    GraphemeBoundary,
    /// Rust `\b{start}`, `\<`: start of a word.
    WordStart,
    /// Rust `\b{end}`, `\>`: end of a word.
    WordEnd,
    /// Rust `\b{start-half}`.
    WordStartHalf,
    /// Rust `\b{end-half}`.
    WordEndHalf,
}

/// A character class and the flags in effect for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// What kind of class.
    pub kind: ClassKind,
    /// Whether case-insensitive matching was in effect.
    pub case_insensitive: bool,
    /// Whether case folding is limited to ASCII letters here.
    pub ascii_case: bool,
    /// Whether `\d \w \s` and POSIX classes inside mean their ASCII versions.
    pub ascii: bool,
}

/// The kinds of class.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClassKind {
    /// `\d \s \w \h \v \N` and their negations, outside brackets.
    Perl(ClassPerl),
    /// `\p{…}` / `\P{…}` outside brackets.
    Unicode(ClassUnicode),
    /// `[…]`.
    Bracket(ClassBracket),
}

/// An escape class like `\d`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassPerl {
    /// Which class.
    pub kind: ClassPerlKind,
    /// `\D` rather than `\d`.
    pub negated: bool,
}

/// Escape class kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClassPerlKind {
    /// `\d`.
    Digit,
    /// `\s`.
    Space,
    /// `\w`.
    Word,
    /// `\h`: horizontal whitespace (Java, PCRE2).
    HorizontalSpace,
    /// `\v`: vertical whitespace (Java, PCRE2).
    VerticalSpace,
    /// `\N` (PCRE2): any character but newline, whatever `s` says.
    NotNewline,
    /// `\R`: a line break (`\r\n` or one vertical whitespace); matches two characters.
    LineBreak,
    /// `\X`: an extended grapheme cluster.
    Grapheme,
    /// `\C` (PCRE2): one code unit.
    CodeUnit,
}

/// A Unicode property class `\p{name=value}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassUnicode {
    /// Where it was written.
    pub span: Span,
    /// The property or value name as written (`L`, `Script`, `javaLowerCase`, `IsLatin`).
    pub name: String,
    /// The value for `name=value` forms.
    pub value: Option<String>,
    /// `\P` or `\p{^…}`.
    pub negated: bool,
}

/// A bracketed class `[…]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassBracket {
    /// From `[` to `]`.
    pub span: Span,
    /// `[^…]`.
    pub negated: bool,
    /// The members.
    pub set: ClassSet,
}

/// The contents of a bracketed class: a union of items, or a set operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassSet {
    /// A union of items (possibly of one, or none).
    Union(Vec<ClassItem>),
    /// `lhs && rhs` (Java, JavaScript `v`, Rust) or `lhs -- rhs` (JavaScript `v`, Rust).
    Op(Box<ClassSetOp>),
}

/// A binary class set operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassSetOp {
    /// Which operation.
    pub kind: ClassSetOpKind,
    /// Left operand.
    pub lhs: ClassSet,
    /// Right operand.
    pub rhs: ClassSet,
}

/// Class set operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClassSetOpKind {
    /// `&&`.
    Intersection,
    /// `--`.
    Difference,
    /// `~~` (Rust).
    SymmetricDifference,
}

/// One member of a bracketed class.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClassItem {
    /// A character.
    Literal(char),
    /// A lone UTF-16 code unit (JavaScript without `u`/`v`).
    CodeUnit(u16),
    /// A range of lone UTF-16 code units, both ends surrogates (`[\uD800-\uDBFF]`); a
    /// range from a character to a surrogate is parsed as its character part and this.
    CodeUnitRange(u16, u16),
    /// `a-z`.
    Range(char, char),
    /// `\d` and friends.
    Perl(ClassPerl),
    /// `\p{…}`.
    Unicode(ClassUnicode),
    /// `[:alpha:]` (PCRE2, Python gives a warning and treats it literally).
    Posix {
        /// The class name.
        name: String,
        /// `[:^alpha:]`.
        negated: bool,
    },
    /// A nested class `[a[b]]` (Java, JavaScript `v`, Rust).
    Bracket(Box<ClassBracket>),
    /// JavaScript `v` mode `\q{abc|d}`: strings as members.
    Strings(Vec<String>),
}

/// A quantified sub-expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repetition {
    /// Minimum count.
    pub min: u32,
    /// Maximum count; `None` is unbounded.
    pub max: Option<u32>,
    /// Greedy, lazy or possessive.
    pub greed: Greed,
    /// How it was written: `*`, `+`, `?` or `{…}` (for printing back).
    pub op: RepetitionOp,
    /// Whether the swap-greed flag (PCRE2 and Rust `U`) was in effect, so that `*` was
    /// written for a lazy loop and `*?` for a greedy one.
    pub swapped: bool,
    /// What is repeated.
    pub sub: Box<Ast>,
}

/// How a quantifier was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RepetitionOp {
    /// `*`.
    Star,
    /// `+`.
    Plus,
    /// `?`.
    Question,
    /// `{n}`, `{n,}`, `{n,m}`, `{,m}`.
    Range,
}

/// How a quantifier backtracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Greed {
    /// As many as possible, giving back on failure.
    Greedy,
    /// As few as possible, taking more on failure.
    Lazy,
    /// As many as possible, never giving back.
    Possessive,
}

/// A group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Which kind.
    pub kind: GroupKind,
    /// The contents.
    pub sub: Box<Ast>,
}

/// Group kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupKind {
    /// `(…)` or `(?<name>…)`: capture group `index` (1-based).
    Capture {
        /// The group number.
        index: u32,
        /// The name, if any.
        name: Option<String>,
    },
    /// `(?:…)`, with the scoped flags of `(?i-s:…)` if any.
    NonCapture(Option<FlagChange>),
    /// `(?>…)`.
    Atomic,
    /// `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
    Look {
        /// Lookahead (`true`) or lookbehind.
        ahead: bool,
        /// Negative (`(?!`, `(?<!`).
        negated: bool,
    },
    /// `(?|…)` (PCRE2): each alternative numbers its groups from the same start.
    BranchReset,
}

/// Inline flags as written, e.g. `i-s` in `(?i-s)` or `^x` in PCRE2's `(?^x)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagChange {
    /// The text between `(?` and `)` or `:`.
    pub items: String,
}

/// A backreference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backreference {
    /// Which group.
    pub target: GroupRef,
    /// Whether case-insensitive matching was in effect.
    pub case_insensitive: bool,
}

/// How a group is named in a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupRef {
    /// By number (0 is the whole pattern, for recursion).
    Number(u32),
    /// Relative to the current group count (PCRE2 `\g{-1}`, `(?+1)`).
    Relative(i32),
    /// By name.
    Name(String),
}

/// `(?(condition)yes|no)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conditional {
    /// The condition.
    pub condition: Condition,
    /// Matched when the condition holds.
    pub yes: Ast,
    /// Matched otherwise (empty when absent).
    pub no: Option<Ast>,
}

/// What a conditional tests.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Condition {
    /// Whether a group has matched.
    Group(GroupRef),
    /// PCRE2 `(?(R)`, `(?(R1)`, `(?(R&name)`: whether in recursion.
    Recursion(String),
    /// PCRE2 `(?(DEFINE)`.
    Define,
    /// PCRE2 `(?(?=…)`: an assertion.
    Assertion(Ast),
}

/// A backtracking control verb `(*NAME:arg)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verb {
    /// The verb name (`FAIL`, `SKIP`, `MARK`, `UTF`…); empty for `(*:arg)`.
    pub name: String,
    /// The argument after `:`.
    pub arg: Option<String>,
}

impl Ast {
    /// A new node.
    pub fn new(span: Span, kind: AstKind) -> Ast {
        Ast { span, kind }
    }

    /// Whether this node and `other` mean the same, ignoring spans and spelling (whether a
    /// literal was written as an escape, and `(?:…)` groups without flags).
    pub fn same_as(&self, other: &Ast) -> bool {
        let mut a = self.clone();
        let mut b = other.clone();
        a.clear_spans();
        b.clear_spans();
        a.clear_escaped();
        b.clear_escaped();
        a.unwrap_plain_groups();
        b.unwrap_plain_groups();
        a == b
    }

    /// Replaces every `(?:…)` without flags by its contents (they mean the same).
    fn unwrap_plain_groups(&mut self) {
        self.for_each_mut(|node| {
            while let AstKind::Group(g) = &mut node.kind {
                if g.kind != GroupKind::NonCapture(None) {
                    break;
                }
                node.kind = std::mem::replace(&mut g.sub.kind, AstKind::Empty);
            }
        });
    }

    /// Forgets whether literals were written as escapes (spelling, not meaning).
    fn clear_escaped(&mut self) {
        self.for_each_mut(|node| {
            if let AstKind::Literal(l) = &mut node.kind {
                l.escaped = false;
            }
        });
    }

    /// Sets every span in the tree to the empty span at 0.
    pub fn clear_spans(&mut self) {
        self.set_spans(Span::default());
    }

    /// Sets every span in the tree to `span` (an expansion standing for one escape).
    pub fn set_spans(&mut self, span: Span) {
        self.for_each_mut(|node| {
            node.span = span;
            if let AstKind::Class(c) = &mut node.kind {
                match &mut c.kind {
                    ClassKind::Unicode(u) => u.span = span,
                    ClassKind::Bracket(b) => set_bracket_spans(b, span),
                    ClassKind::Perl(_) => {}
                }
            }
        });
    }

    /// Calls `f` on every node, parents before children, without recursion. `f` may
    /// replace a node's kind; the children of what it leaves are visited.
    pub(crate) fn for_each_mut(&mut self, mut f: impl FnMut(&mut Ast)) {
        let mut stack: Vec<&mut Ast> = vec![self];
        while let Some(node) = stack.pop() {
            f(node);
            match &mut node.kind {
                AstKind::Repetition(r) => stack.push(&mut r.sub),
                AstKind::Group(g) => stack.push(&mut g.sub),
                AstKind::Concat(v) | AstKind::Alternation(v) => stack.extend(v.iter_mut()),
                AstKind::Conditional(c) => {
                    if let Condition::Assertion(a) = &mut c.condition {
                        stack.push(a);
                    }
                    stack.push(&mut c.yes);
                    if let Some(no) = &mut c.no {
                        stack.push(no);
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether every match must start at the beginning of the input: the pattern begins
    /// (in every alternative) with `\A`, or `^` outside multi-line mode. Engines then try
    /// only position 0, and the analysis adds no retry loop.
    pub fn starts_anchored(&self) -> bool {
        let mut node = self;
        loop {
            match &node.kind {
                AstKind::Assertion(a) => {
                    return a.kind == AssertionKind::StartText
                        || (a.kind == AssertionKind::Caret && !a.multi_line)
                }
                AstKind::Concat(v) => {
                    match v.iter().find(|n| !matches!(n.kind, AstKind::SetFlags(_))) {
                        Some(first) => node = first,
                        None => return false,
                    }
                }
                AstKind::Group(g) if !matches!(g.kind, GroupKind::Look { .. }) => node = &g.sub,
                // Bounded by the nest limit.
                AstKind::Alternation(v) => {
                    return !v.is_empty() && v.iter().all(Ast::starts_anchored)
                }
                _ => return false,
            }
        }
    }

    /// The fewest and most characters this node can match (`None`: unbounded).
    /// Backreferences, recursion and `\X` count as unbounded.
    pub fn width(&self) -> (u64, Option<u64>) {
        crate::parser::width::min_max(self)
    }

    /// The direct children of this node, in order.
    pub fn children(&self) -> Vec<&Ast> {
        match &self.kind {
            AstKind::Repetition(r) => vec![&r.sub],
            AstKind::Group(g) => vec![&g.sub],
            AstKind::Concat(v) | AstKind::Alternation(v) => v.iter().collect(),
            AstKind::Conditional(c) => {
                let mut out = Vec::new();
                if let Condition::Assertion(a) = &c.condition {
                    out.push(a);
                }
                out.push(&c.yes);
                if let Some(no) = &c.no {
                    out.push(no);
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// Calls `f` on every node, parents before children, without recursion.
    pub fn walk(&self, mut f: impl FnMut(&Ast)) {
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            f(node);
            let kids = node.children();
            stack.extend(kids.into_iter().rev());
        }
    }
}

fn set_bracket_spans(b: &mut ClassBracket, span: Span) {
    let mut stack: Vec<&mut ClassBracket> = vec![b];
    while let Some(b) = stack.pop() {
        b.span = span;
        let mut sets: Vec<&mut ClassSet> = vec![&mut b.set];
        while let Some(set) = sets.pop() {
            match set {
                ClassSet::Union(items) => {
                    for item in items {
                        match item {
                            ClassItem::Unicode(u) => u.span = span,
                            ClassItem::Bracket(inner) => stack.push(inner),
                            _ => {}
                        }
                    }
                }
                ClassSet::Op(op) => {
                    sets.push(&mut op.lhs);
                    sets.push(&mut op.rhs);
                }
            }
        }
    }
}

/// Dropping a deep tree must not recurse: move children onto a heap stack first.
impl Drop for Ast {
    fn drop(&mut self) {
        if !has_children(&self.kind) {
            return;
        }
        let empty = || Ast {
            span: Span::default(),
            kind: AstKind::Empty,
        };
        let mut stack = vec![std::mem::replace(&mut self.kind, AstKind::Empty)];
        while let Some(mut kind) = stack.pop() {
            match &mut kind {
                AstKind::Repetition(r) => {
                    stack.push(std::mem::replace(&mut r.sub.kind, AstKind::Empty))
                }
                AstKind::Group(g) => stack.push(std::mem::replace(&mut g.sub.kind, AstKind::Empty)),
                AstKind::Concat(v) | AstKind::Alternation(v) => {
                    for mut child in v.drain(..) {
                        stack.push(std::mem::replace(&mut child.kind, AstKind::Empty));
                    }
                }
                AstKind::Conditional(c) => {
                    stack.push(std::mem::replace(&mut c.yes, empty()).take_kind());
                    if let Some(no) = c.no.take() {
                        let mut no = no;
                        stack.push(no.take_kind());
                    }
                    if let Condition::Assertion(a) = &mut c.condition {
                        stack.push(a.take_kind());
                    }
                }
                AstKind::Class(c) => {
                    if let ClassKind::Bracket(b) = &mut c.kind {
                        drop_bracket(b);
                    }
                }
                _ => {}
            }
        }
    }
}

impl Ast {
    fn take_kind(&mut self) -> AstKind {
        std::mem::replace(&mut self.kind, AstKind::Empty)
    }
}

fn has_children(kind: &AstKind) -> bool {
    match kind {
        AstKind::Repetition(_) | AstKind::Group(_) | AstKind::Conditional(_) => true,
        AstKind::Concat(v) | AstKind::Alternation(v) => !v.is_empty(),
        AstKind::Class(c) => matches!(c.kind, ClassKind::Bracket(_)),
        _ => false,
    }
}

/// Empties a bracket class of its nested brackets without recursion.
fn drop_bracket(b: &mut ClassBracket) {
    let mut sets = vec![std::mem::replace(&mut b.set, ClassSet::Union(Vec::new()))];
    while let Some(set) = sets.pop() {
        match set {
            ClassSet::Union(items) => {
                for item in items {
                    if let ClassItem::Bracket(mut inner) = item {
                        sets.push(std::mem::replace(
                            &mut inner.set,
                            ClassSet::Union(Vec::new()),
                        ));
                    }
                }
            }
            ClassSet::Op(op) => {
                let op = *op;
                sets.push(op.lhs);
                sets.push(op.rhs);
            }
        }
    }
}
