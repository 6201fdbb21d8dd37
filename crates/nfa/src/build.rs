//! Ast → ordered ε-NFA → ε-free NFA over minterms.
//!
//! The ε-NFA is built in continuation style (each node is compiled knowing where it goes
//! next), with ε-edges in the order a backtracking engine tries them: alternatives left to
//! right, a greedy loop's "again" before its "exit", a lazy loop's the other way round.
//! ε-removal then gives every state the character transitions reachable through its
//! ε-closure, in that order, **keeping duplicates**: two ε-paths to the same character test
//! are two ways the engine can consume the character — the ambiguity the analysis looks for.
//!
//! Word boundaries and one-character lookarounds are exact: where a word boundary or a
//! one-character lookbehind (`(?<!\$)`) is ε-reachable, a state also knows the context of
//! the character before it — a word character, in the lookbehind's set (see `finish`); a
//! one-character lookahead (`(?!["'])`) constrains the next transition.
//!
//! Over-approximations (recorded in [`Nfa::approximations`], so a `safe` verdict is not
//! claimed where they matter): other lookarounds and assertions are treated as ε,
//! backreferences as a copy of their group's language, large counted repeats as loops,
//! atomic groups and possessive loops as ordinary ones.

use crate::minterm::{Label, MintermId, Minterms};
use rxguard_syntax::ast::*;
use rxguard_syntax::{unit_char_set as char_set, Flags, Flavor, Span};
use std::collections::HashMap;

/// A state id.
pub type StateId = u32;

/// When a state accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Accept {
    /// Never.
    No,
    /// Only at the end of the input (through `$`, `\z`, or full-match mode).
    AtEnd,
    /// Wherever the engine gets there.
    Always,
}

/// A transition on any character of `label`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The minterms it consumes.
    pub label: Label,
    /// Where it goes.
    pub target: StateId,
    /// The pattern text of the character test.
    pub span: Span,
    /// Whether the way to the test passes an assertion or lookaround treated as always
    /// true: the engine may not take it.
    pub approx: bool,
}

/// A state of the ε-free NFA.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Transitions in the order a backtracking engine tries them; duplicates kept.
    pub transitions: Vec<Transition>,
    /// When it accepts.
    pub accept: Option<Accept>,
    /// Whether a way out of it passes an assertion or lookaround the NFA treats as always
    /// true: from here on, a failing suffix derived from the NFA may not fail the engine.
    pub approximate: bool,
    /// When it accepts through no such assertion (an accept the engine surely has).
    pub exact_accept: Option<Accept>,
}

/// The ε-free, ordered NFA.
#[derive(Clone, Debug)]
pub struct Nfa {
    /// The character partition labels refer to.
    pub minterms: Minterms,
    /// The states; 0 is the start.
    pub states: Vec<State>,
    /// Constructs modelled approximately: where, and what.
    pub approximations: Vec<(Span, &'static str)>,
    /// The retry loop of unanchored search (the start state), if there is one: its copy
    /// with no context (see `search_loop_copies`).
    pub search_loop: Option<StateId>,
    /// Every state of the retry loop, sorted: one per context of the character before
    /// (word character, in a lookbehind's set…) where the pattern has context assertions;
    /// otherwise just `search_loop`.
    pub search_loop_copies: Vec<StateId>,
    /// The minterms a lookahead body singles out (in classes of at most half the
    /// minterms), sorted: a pump made of them may be what the lookahead, taken as true
    /// here, rejects.
    pub lookahead_minterms: Vec<MintermId>,
}

impl Nfa {
    /// Whether `s` is a state of the retry loop of unanchored search (any context copy).
    pub fn in_search_loop(&self, s: StateId) -> bool {
        self.search_loop_copies.binary_search(&s).is_ok()
    }
}

/// Why no NFA was built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    /// Starts with `unsupported:` or `limit:`.
    pub reason: String,
    /// Where.
    pub span: Span,
}

impl BuildError {
    /// A budget of [`Config`] was exceeded: `what` says which, after `limit: `.
    fn limit(what: String) -> BuildError {
        BuildError {
            reason: format!("limit: {what}"),
            span: Span::default(),
        }
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at {})", self.reason, self.span)
    }
}

impl std::error::Error for BuildError {}

/// Options for building.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Most ε-NFA states.
    pub max_states: usize,
    /// Most transitions after ε-removal: a run of optional items gives each state an edge
    /// to everything after it (`a*(?:b)?(?:b)?…c`), quadratic in the pattern.
    pub max_transitions: usize,
    /// Most work of ε-removal over all states, counted as ε-path entries carried: a long
    /// run of optional items makes each state's ε-paths long as well as many.
    pub max_closure_work: usize,
    /// Counted repeats whose copies would exceed this many are abstracted as loops.
    pub max_unroll: u32,
    /// Prepend a lazy any-character loop (unanchored search).
    pub search: bool,
    /// Every accept requires the end of the input (full match).
    pub full: bool,
    /// Model the optional copies of a small counted repeat over a group as a loop.
    pub loop_counts: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_states: 20_000,
            max_transitions: 400_000,
            max_closure_work: 50_000_000,
            max_unroll: 8,
            search: true,
            full: false,
            loop_counts: true,
        }
    }
}

/// ε-NFA nodes.
#[derive(Clone, Debug)]
enum ENode {
    Char {
        set: usize,
        next: usize,
        span: Span,
    },
    Eps(Vec<usize>),
    /// Passable only at the end of the input.
    End(usize),
    /// Passable only at the start of the input (`^` without multi-line, `\A`): from the
    /// NFA's initial state, before any character is read.
    Start(usize),
    Final,
    /// No way out (`(*FAIL)`, a reference to no group).
    Dead,
    /// An assertion or lookaround passed as if always true (marks the states whose
    /// closure crosses it).
    Approx(usize),
    /// A word-boundary assertion, modelled exactly: a state remembers whether the
    /// character before it is a word character, and the assertion constrains the next one.
    Word(WordLook, usize),
    /// A lookbehind that tests one character (`(?<!\$)`, `(?<=[,;])`), modelled exactly: a
    /// state remembers whether the character before it is in the body's sets (bit `bit` + 1
    /// of its context; at the start of the input there is none), and the path passes or
    /// dies on it.
    Behind {
        bit: u32,
        /// The body also holds at the start of the input (`(?<=^|,)`, a multi-line `^`).
        start: bool,
        negated: bool,
        next: usize,
    },
    /// A lookahead that tests one character (`(?=\s)`, `(?!["'])`, `(?=,|$)`), modelled
    /// exactly as a constraint on the next character: in one of `sets` (or, negated, in
    /// none), or the end of the input where `end` says the body accepts it.
    Ahead {
        sets: Vec<usize>,
        end: bool,
        negated: bool,
        next: usize,
    },
}

/// What the assertions on a way through the ε-closure require of the next character.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Next {
    /// The minterms it may be in, sorted.
    allowed: Vec<MintermId>,
    /// Whether the end of the input may come instead.
    end: bool,
}

impl Next {
    /// Both `self` and `other`; `None` when nothing satisfies both.
    fn and(&self, other: &Next) -> Option<Next> {
        let allowed: Vec<MintermId> = self
            .allowed
            .iter()
            .copied()
            .filter(|m| other.allowed.binary_search(m).is_ok())
            .collect();
        let end = self.end && other.end;
        (end || !allowed.is_empty()).then_some(Next { allowed, end })
    }
}

/// What a word assertion requires of the characters around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WordLook {
    /// `\b`.
    Boundary,
    /// `\B`.
    NotBoundary,
    /// Start of a word (Rust `\b{start}`).
    Start,
    /// End of a word (Rust `\b{end}`).
    End,
    /// Not after a word character (Rust `\b{start-half}`).
    StartHalf,
    /// Not before a word character (Rust `\b{end-half}`).
    EndHalf,
}

impl WordLook {
    fn of(kind: AssertionKind) -> Option<WordLook> {
        Some(match kind {
            AssertionKind::WordBoundary => WordLook::Boundary,
            AssertionKind::NotWordBoundary => WordLook::NotBoundary,
            AssertionKind::WordStart => WordLook::Start,
            AssertionKind::WordEnd => WordLook::End,
            AssertionKind::WordStartHalf => WordLook::StartHalf,
            AssertionKind::WordEndHalf => WordLook::EndHalf,
            _ => return None,
        })
    }

    /// Whether it holds between a character that is (`before`) or is not a word character
    /// and one that is (`after`) or is not; the start and the end of the input count as
    /// non-word characters.
    fn holds(self, before: bool, after: bool) -> bool {
        match self {
            WordLook::Boundary => before != after,
            WordLook::NotBoundary => before == after,
            WordLook::Start => !before && after,
            WordLook::End => before && !after,
            WordLook::StartHalf => !before,
            WordLook::EndHalf => !after,
        }
    }
}

struct Builder<'a> {
    flavor: Flavor,
    flags: Flags,
    cfg: &'a Config,
    nodes: Vec<ENode>,
    sets: Vec<regex_syntax::hir::ClassUnicode>,
    set_ids: HashMap<Vec<(char, char)>, usize>,
    groups: HashMap<u32, &'a Ast>,
    names: HashMap<String, u32>,
    approximations: Vec<(Span, &'static str)>,
    /// Backreference copies being built (guards against a group referring to itself).
    in_backref: Vec<u32>,
    /// Unbounded loops' head nodes → the index of their exit among the head's targets.
    loop_exits: HashMap<usize, u8>,
    /// Lookbehinds that begin the pattern in a search: read as text before the match.
    leading_lookbehinds: Vec<*const Ast>,
    /// The set of the flavor's word characters, once a word assertion needs it.
    word: Option<usize>,
    /// Whether `word` holds the ASCII word characters (Python's `a`) rather than the
    /// flavor's.
    word_ascii: bool,
    /// The sets of each distinct one-character lookbehind body (see `ENode::Behind`).
    behind: Vec<Vec<usize>>,
    /// How many lookahead bodies are being built around the current node.
    in_lookahead: u32,
    /// The sets tested inside lookahead bodies.
    lookahead_sets: Vec<usize>,
    /// Each character test's set, computed once per node.
    char_sets: rxguard_syntax::CharSetCache<'a>,
}

/// Builds the ε-free NFA of `ast`.
pub fn build(ast: &Ast, flavor: Flavor, flags: Flags, cfg: &Config) -> Result<Nfa, BuildError> {
    // Tempered tokens (`(?!--).`) as one-character lookaheads, which are exact here.
    let tempered = crate::tempered::rewrite(ast);
    let ast = tempered.as_ref().unwrap_or(ast);
    let mut groups: HashMap<u32, &Ast> = HashMap::new();
    let mut names = HashMap::new();
    let mut stack = vec![ast];
    while let Some(n) = stack.pop() {
        if let AstKind::Group(Group {
            kind: GroupKind::Capture { index, name },
            sub,
        }) = &n.kind
        {
            groups.entry(*index).or_insert(&**sub);
            if let Some(name) = name {
                names.entry(name.clone()).or_insert(*index);
            }
        }
        stack.extend(n.children());
    }
    let mut b = Builder {
        flavor,
        flags,
        cfg,
        nodes: Vec::new(),
        sets: Vec::new(),
        set_ids: HashMap::new(),
        groups,
        names,
        approximations: Vec::new(),
        in_backref: Vec::new(),
        loop_exits: HashMap::new(),
        leading_lookbehinds: Vec::new(),
        word: None,
        word_ascii: false,
        behind: Vec::new(),
        in_lookahead: 0,
        lookahead_sets: Vec::new(),
        char_sets: rxguard_syntax::CharSetCache::new(),
    };
    if cfg.search && !ast.starts_anchored() {
        leading_lookbehinds(ast, &mut b.leading_lookbehinds);
    }
    let fin = b.push(ENode::Final, ast.span)?;
    let fin = if cfg.full {
        b.push(ENode::End(fin), ast.span)?
    } else {
        fin
    };
    let mut start = b.node(ast, fin)?;
    let search = cfg.search && !ast.starts_anchored();
    let mut retry = None;
    if search {
        // [\s\S]*? before the pattern: the engine retrying at every position.
        let any = b.set(regex_syntax::hir::ClassUnicode::new([
            regex_syntax::hir::ClassUnicodeRange::new('\0', '\u{10FFFF}'),
        ]));
        let lp = b.push(ENode::Eps(Vec::new()), Span::default())?;
        let ch = b.push(
            ENode::Char {
                set: any,
                next: lp,
                span: Span::default(),
            },
            Span::default(),
        )?;
        b.nodes[lp] = ENode::Eps(vec![start, ch]);
        start = lp;
        retry = Some(lp);
    }
    // Where the pattern tests `^`, position 0 gets a node of its own, which no transition
    // enters: `^` is passable only in its closure.
    if b.nodes.iter().any(|n| matches!(n, ENode::Start(_))) {
        start = b.push(ENode::Eps(vec![start]), Span::default())?;
    }
    b.finish(start, retry)
}

impl<'a> Builder<'a> {
    fn push(&mut self, node: ENode, span: Span) -> Result<usize, BuildError> {
        if self.nodes.len() >= self.cfg.max_states {
            return Err(BuildError {
                reason: format!("limit: NFA larger than {} states", self.cfg.max_states),
                span,
            });
        }
        self.nodes.push(node);
        Ok(self.nodes.len() - 1)
    }

    /// The id of the set of characters in `ranges`.
    fn set_of(&mut self, ranges: &[(char, char)]) -> usize {
        self.set(regex_syntax::hir::ClassUnicode::new(
            ranges
                .iter()
                .map(|&(a, b)| regex_syntax::hir::ClassUnicodeRange::new(a, b)),
        ))
    }

    fn set(&mut self, class: regex_syntax::hir::ClassUnicode) -> usize {
        let key: Vec<(char, char)> = class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect();
        if let Some(&id) = self.set_ids.get(&key) {
            return id;
        }
        self.sets.push(class);
        self.set_ids.insert(key, self.sets.len() - 1);
        self.sets.len() - 1
    }

    /// `X` when `look` is `(?=(X))` and `backref` refers to that capture group.
    fn atomic_by_lookahead<'n>(&self, look: &'n Ast, backref: &Ast) -> Option<&'n Ast> {
        let body = crate::tempered::lookahead_body(look, false)?;
        let AstKind::Group(cap) = &body.kind else {
            return None;
        };
        let GroupKind::Capture { index, .. } = &cap.kind else {
            return None;
        };
        let AstKind::Backreference(b) = &backref.kind else {
            return None;
        };
        let target = match &b.target {
            GroupRef::Number(n) => Some(*n),
            GroupRef::Name(n) => self.names.get(n).copied(),
            GroupRef::Relative(_) => None,
        };
        (target == Some(*index)).then_some(&cap.sub)
    }

    fn approx(&mut self, span: Span, what: &'static str) {
        if !self
            .approximations
            .iter()
            .any(|&(s, w)| s == span && w == what)
        {
            self.approximations.push((span, what));
        }
    }

    /// The set of characters the test `node` accepts (`unit_char_set`), computed once per
    /// node.
    fn char_set(
        &mut self,
        node: &'a Ast,
    ) -> Option<Result<regex_syntax::hir::ClassUnicode, rxguard_syntax::LowerError>> {
        let (flavor, flags) = (self.flavor, self.flags);
        self.char_sets.get(node, |n| char_set(n, flavor, flags))
    }

    /// Builds `node` so that it continues at `next`; returns its entry.
    fn node(&mut self, node: &'a Ast, next: usize) -> Result<usize, BuildError> {
        let span = node.span;
        let unsupported = |what: &str| {
            Err(BuildError {
                reason: format!("unsupported: {what}"),
                span,
            })
        };
        match &node.kind {
            AstKind::Empty | AstKind::SetFlags(_) | AstKind::Callout | AstKind::ResetMatchStart => {
                Ok(next)
            }
            AstKind::Literal(_) | AstKind::Dot(_) | AstKind::Class(_) | AstKind::CodeUnit(_) => {
                // A lone code unit is its stand-in character (`unit_char_set`).
                let class = match self.char_set(node) {
                    Some(Ok(c)) => c,
                    Some(Err(e)) => {
                        return Err(BuildError {
                            reason: e.reason,
                            span: e.span,
                        })
                    }
                    None => return unsupported("character test"),
                };
                let set = self.set(class);
                if self.in_lookahead > 0 {
                    self.lookahead_sets.push(set);
                }
                self.push(ENode::Char { set, next, span }, span)
            }
            AstKind::Assertion(a) => {
                let end = !a.multi_line
                    && matches!(
                        a.kind,
                        AssertionKind::Dollar
                            | AssertionKind::EndText
                            | AssertionKind::EndTextOptionalNewline
                    );
                if end {
                    let before_newline = a.kind != AssertionKind::EndText
                        && self.flavor != Flavor::JavaScript
                        && self.flavor != Flavor::Rust;
                    if !before_newline {
                        return self.push(ENode::End(next), span);
                    }
                    if !matches!(self.nodes[next], ENode::Final) {
                        // Followed by more pattern: matching before the newline would need
                        // the rest tried there, which reads no input — not modelled.
                        self.approx(span, "end anchor that also matches before a final newline");
                        return self.push(ENode::End(next), span);
                    }
                    // Last in the pattern (search or anchored mode): a match ends at the end
                    // or just before a final line terminator, so reading that terminator
                    // and then requiring the end accepts the same inputs.
                    let at_end = self.push(ENode::End(next), span)?;
                    let java = self.flavor == Flavor::Java && !a.unix_lines;
                    let terminators: &[(char, char)] = if java { JAVA_TERMINATORS } else { LF };
                    let set = self.set_of(terminators);
                    let one = self.push(
                        ENode::Char {
                            set,
                            next: at_end,
                            span,
                        },
                        span,
                    )?;
                    let mut ways = vec![at_end, one];
                    if java {
                        // `\r\n` is one terminator for the JDK. (The model also lets a match
                        // that ends with `\r` stop before a final `\n`, which the JDK does
                        // not: a larger language, so at worst a finding is missed.)
                        let lf = self.set_of(LF);
                        let cr = self.set_of(&[('\r', '\r')]);
                        let then_lf = self.push(
                            ENode::Char {
                                set: lf,
                                next: at_end,
                                span,
                            },
                            span,
                        )?;
                        ways.push(self.push(
                            ENode::Char {
                                set: cr,
                                next: then_lf,
                                span,
                            },
                            span,
                        )?);
                    }
                    self.push(ENode::Eps(ways), span)
                } else {
                    if matches!(a.kind, AssertionKind::Caret | AssertionKind::StartText)
                        && !a.multi_line
                    {
                        // After the search loop has read a character, `^` fails: without
                        // this, `^\s+|\s+$` looked matched at every position.
                        return self.push(ENode::Start(next), span);
                    }
                    // A multi-line `^` is a one-character lookbehind for a line terminator,
                    // or the start (PCRE2 and Java also look at the next character).
                    if a.kind == AssertionKind::Caret && a.multi_line {
                        if let Some(n) = self.multi_line_caret(a, next, span)? {
                            return Ok(n);
                        }
                    }
                    // A multi-line `$` tests the next character: a line terminator, or the
                    // end (where `\r\n` counts as one terminator, the character before
                    // matters too: Java's below; Rust's CRLF mode left approximated).
                    if a.kind == AssertionKind::Dollar && a.multi_line {
                        if self.flavor == Flavor::Java && !a.unix_lines {
                            if let Some(n) = self.java_multi_line_dollar(next, span)? {
                                return Ok(n);
                            }
                        }
                        let terminators: Option<&[(char, char)]> = match self.flavor {
                            Flavor::JavaScript => Some(JS_TERMINATORS),
                            Flavor::Java if !a.unix_lines => None,
                            Flavor::Rust if a.crlf => None,
                            _ => Some(LF),
                        };
                        if let Some(ts) = terminators {
                            let set = self.set_of(ts);
                            return self.push(
                                ENode::Ahead {
                                    sets: vec![set],
                                    end: true,
                                    negated: false,
                                    next,
                                },
                                span,
                            );
                        }
                    }
                    // Which word characters this `\b` uses: Python's `a` (global, scoped
                    // `(?a:…)`, a bytes pattern) makes them ASCII per node; Rust's `(?-u:\b)`
                    // is left approximated; the other flavors' are the flavor's own. One set
                    // per pattern: a `\b` that wants the other is approximated.
                    let ascii = match self.flavor {
                        Flavor::Python => Some(a.ascii_word),
                        Flavor::Rust if a.ascii_word => None,
                        _ => Some(false),
                    };
                    if let (Some(look), Some(ascii)) = (WordLook::of(a.kind), ascii) {
                        if self.word.is_none() {
                            let mut flags = self.flags;
                            flags.ascii |= ascii;
                            let class = rxguard_syntax::word_class(self.flavor, flags);
                            self.word = Some(self.set(class));
                            self.word_ascii = ascii;
                        }
                        if self.word_ascii == ascii {
                            return self.push(ENode::Word(look, next), span);
                        }
                    }
                    self.approx(span, "assertion treated as always true");
                    self.push(ENode::Approx(next), span)
                }
            }
            AstKind::Concat(items) => {
                let mut cur = next;
                let mut i = items.len();
                while i > 0 {
                    i -= 1;
                    // `(?=(X))\1` consumes the first match of X and never backtracks into
                    // it: it is `(?>X)`, which the NFA reads exactly as to language (the
                    // backreference read as X's language after a lookahead passed as true
                    // would add words the engine never splits two ways).
                    if i > 0 {
                        if let Some(x) = self.atomic_by_lookahead(&items[i - 1], &items[i]) {
                            let whole = items[i - 1].span.cover(items[i].span);
                            self.approx(whole, "atomic group modelled as an ordinary group");
                            cur = self.node(x, cur)?;
                            i -= 1;
                            continue;
                        }
                    }
                    cur = self.node(&items[i], cur)?;
                }
                Ok(cur)
            }
            AstKind::Alternation(branches) => {
                let mut entries = Vec::with_capacity(branches.len());
                for b in branches {
                    entries.push(self.node(b, next)?);
                }
                self.push(ENode::Eps(entries), span)
            }
            AstKind::Group(g) => match g.kind {
                GroupKind::Look { ahead, .. } => {
                    if !ahead && self.leading_lookbehinds.contains(&(node as *const Ast)) {
                        // Right after the search loop, `(?<=B)X` tried at every position is
                        // `B` read by the loop, then `X`: the attempts are the same, and the
                        // analysis sees what the attacker must repeat (`(?<=Gene:).*?,` is
                        // quadratic on "Gene:" pumped, not on any text).
                        self.approx(span, "leading lookbehind read as text before the match");
                        return self.node(&g.sub, next);
                    }
                    if let (true, GroupKind::Look { negated, .. }) = (ahead, &g.kind) {
                        if let Some((sets, end)) = self.one_character(&g.sub, false)? {
                            let negated = *negated;
                            return self.push(
                                ENode::Ahead {
                                    sets,
                                    end,
                                    negated,
                                    next,
                                },
                                span,
                            );
                        }
                    }
                    if let (false, GroupKind::Look { negated, .. }) = (ahead, &g.kind) {
                        if let Some((bit, start)) = self.one_character_behind(&g.sub)? {
                            let negated = *negated;
                            return self.push(
                                ENode::Behind {
                                    bit,
                                    start,
                                    negated,
                                    next,
                                },
                                span,
                            );
                        }
                    }
                    self.approx(span, "lookaround treated as always true");
                    if !ahead {
                        return self.push(ENode::Approx(next), span);
                    }
                    // The engine runs the body before it goes on (all of it, when the body
                    // fails): a side path that reads the body and then dies shows that work
                    // to the analysis — `(?=.*\bAndroid\b)` tried at every start is
                    // quadratic — without adding a way to match.
                    let dead = self.push(ENode::Dead, span)?;
                    self.in_lookahead += 1;
                    let body = self.node(&g.sub, dead);
                    self.in_lookahead -= 1;
                    let body = body?;
                    let side = self.push(ENode::Eps(vec![body, next]), span)?;
                    self.push(ENode::Approx(side), span)
                }
                GroupKind::Atomic => {
                    self.approx(span, "atomic group modelled as an ordinary group");
                    self.node(&g.sub, next)
                }
                GroupKind::BranchReset => self.node(&g.sub, next),
                _ => self.node(&g.sub, next),
            },
            AstKind::Repetition(r) => {
                if r.greed == Greed::Possessive {
                    self.approx(span, "possessive loop modelled as a greedy one");
                }
                self.repetition(node, r, next)
            }
            AstKind::Backreference(b) => {
                let group = match &b.target {
                    GroupRef::Number(n) => Some(*n),
                    GroupRef::Name(n) => self.names.get(n).copied(),
                    GroupRef::Relative(_) => None,
                };
                match group.and_then(|g| self.groups.get(&g).copied().map(|sub| (g, sub))) {
                    Some((g, sub)) if !self.in_backref.contains(&g) => {
                        self.approx(span, "backreference modelled as its group's language");
                        self.in_backref.push(g);
                        let entry = self.node(sub, next);
                        self.in_backref.pop();
                        entry
                    }
                    _ => unsupported("backreference"),
                }
            }
            AstKind::Verb(v) if matches!(v.name.as_str(), "FAIL" | "F") => {
                self.push(ENode::Dead, span)
            }
            AstKind::Verb(v)
                if v.name.starts_with("LIMIT_")
                    || matches!(v.name.as_str(), "UTF" | "UTF8" | "NO_JIT" | "MARK" | "") =>
            {
                Ok(next)
            }
            AstKind::Verb(_) => unsupported("backtracking control verb"),
            AstKind::Conditional(_) => unsupported("conditional group"),
            AstKind::Subroutine(_) => unsupported("recursion or subroutine call"),
            _ => unsupported("construct"),
        }
    }

    /// A multi-line `^` as exact context tests: a lookbehind for a line terminator, or the
    /// start. PCRE2 also wants a character after a newline (not after one that ends the
    /// input); Java wants a character after it in every case, even at the start, and not
    /// `\n` after `\r` (`\n` alone with `d`). `None` for Rust's CRLF mode, or past the
    /// context bits.
    fn multi_line_caret(
        &mut self,
        a: &Assertion,
        next: usize,
        span: Span,
    ) -> Result<Option<usize>, BuildError> {
        let (terminators, cr): (&[(char, char)], bool) = match self.flavor {
            Flavor::JavaScript => (JS_TERMINATORS, false),
            Flavor::Java if !a.unix_lines => (JAVA_TERMINATORS_BUT_CR, true),
            Flavor::Rust if a.crlf => return Ok(None),
            _ => (LF, false),
        };
        let set = self.set_of(terminators);
        let Some(after_terminator) = self.behind_bit(vec![set]) else {
            return Ok(None);
        };
        let behind = |bit, start, next| ENode::Behind {
            bit,
            start,
            negated: false,
            next,
        };
        let (pcre, java) = (self.flavor == Flavor::Pcre, self.flavor == Flavor::Java);
        if !pcre && !java {
            return Ok(Some(self.push(behind(after_terminator, true, next), span)?));
        }
        let ahead = |set, next| ENode::Ahead {
            sets: vec![set],
            end: false,
            negated: false,
            next,
        };
        let any = self.set_of(&[('\0', char::MAX)]);
        let Some(none) = self.behind_bit(Vec::new()) else {
            return Ok(None);
        };
        // PCRE2 wants the next character only after a terminator; Java checks for one
        // first, even at the start.
        let then = if pcre {
            self.push(ahead(any, next), span)?
        } else {
            next
        };
        let mut ways = vec![
            self.push(behind(none, true, next), span)?,
            self.push(behind(after_terminator, false, then), span)?,
        ];
        if cr {
            let not_lf = self.set_of(&[('\0', '\u{9}'), ('\u{B}', char::MAX)]);
            let cr_set = self.set_of(&[('\r', '\r')]);
            let Some(after_cr) = self.behind_bit(vec![cr_set]) else {
                return Ok(None);
            };
            let not_before_lf = self.push(ahead(not_lf, next), span)?;
            ways.push(self.push(behind(after_cr, false, not_before_lf), span)?);
        }
        let either = self.push(ENode::Eps(ways), span)?;
        if java {
            return Ok(Some(self.push(ahead(any, either), span)?));
        }
        Ok(Some(either))
    }

    /// Java's multi-line `$`: before a line terminator (`\n`, `\r`, U+0085, U+2028,
    /// U+2029) or at the end, but not between `\r` and `\n` — after `\r` the next character
    /// may not be `\n`. Two exact paths, told apart by the character before. `None` past
    /// the context bits.
    fn java_multi_line_dollar(
        &mut self,
        next: usize,
        span: Span,
    ) -> Result<Option<usize>, BuildError> {
        let all = self.set_of(JAVA_TERMINATORS);
        let but_lf = self.set_of(&[('\r', '\r'), ('\u{85}', '\u{85}'), ('\u{2028}', '\u{2029}')]);
        let cr = self.set_of(&[('\r', '\r')]);
        let Some(after_cr) = self.behind_bit(vec![cr]) else {
            return Ok(None);
        };
        let ahead = |set, next| ENode::Ahead {
            sets: vec![set],
            end: true,
            negated: false,
            next,
        };
        let behind = |negated, next| ENode::Behind {
            bit: after_cr,
            start: false,
            negated,
            next,
        };
        let any_terminator = self.push(ahead(all, next), span)?;
        let no_lf = self.push(ahead(but_lf, next), span)?;
        let ways = vec![
            self.push(behind(true, any_terminator), span)?,
            self.push(behind(false, no_lf), span)?,
        ];
        Ok(Some(self.push(ENode::Eps(ways), span)?))
    }

    /// The context bit and the start flag of a lookbehind body that tests one character
    /// (`\$`, `[,;]`, `a|b`, `^|,`, `^`): the sets it tests, registered once per distinct
    /// body, and whether it holds at the start of the input. `None` for any other body, or
    /// past 30 distinct bodies (a context is a `u32`: bit 0 for words, bit 31 the start).
    fn one_character_behind(&mut self, body: &'a Ast) -> Result<Option<(u32, bool)>, BuildError> {
        let Some((sets, start)) = self.one_character(body, true)? else {
            return Ok(None);
        };
        Ok(self.behind_bit(sets).map(|bit| (bit, start)))
    }

    /// The context bit of a lookbehind testing `sets`, registered once per distinct set
    /// list; `None` past 30 of them.
    fn behind_bit(&mut self, mut sets: Vec<usize>) -> Option<u32> {
        sets.sort_unstable();
        sets.dedup();
        if let Some(i) = self.behind.iter().position(|b| *b == sets) {
            return Some(i as u32);
        }
        if self.behind.len() >= 30 {
            return None;
        }
        self.behind.push(sets);
        Some(self.behind.len() as u32 - 1)
    }

    /// The sets of a lookaround body that tests one character — a character test, or an
    /// alternation of them, maybe with the edge of the input on the side it looks at (the
    /// end ahead, `(?=,|$)`; the start behind, `(?<=^|,)`) — and whether it accepts that
    /// edge; `None` for any other body.
    fn one_character(
        &mut self,
        body: &'a Ast,
        behind: bool,
    ) -> Result<Option<(Vec<usize>, bool)>, BuildError> {
        let plain = |mut n: &'a Ast| {
            while let AstKind::Group(g) = &n.kind {
                if matches!(g.kind, GroupKind::Look { .. } | GroupKind::Atomic) {
                    return None;
                }
                n = &g.sub;
            }
            Some(n)
        };
        let Some(body) = plain(body) else {
            return Ok(None);
        };
        let branches: Vec<&'a Ast> = match &body.kind {
            AstKind::Alternation(bs) => bs.iter().collect(),
            _ => vec![body],
        };
        let (mut sets, mut end) = (Vec::new(), false);
        for b in branches {
            let Some(b) = plain(b) else {
                return Ok(None);
            };
            match &b.kind {
                AstKind::Literal(_)
                | AstKind::Dot(_)
                | AstKind::Class(_)
                | AstKind::CodeUnit(_) => match self.char_set(b) {
                    Some(Ok(class)) => sets.push(self.set(class)),
                    _ => return Ok(None),
                },
                AstKind::Assertion(a)
                    if !behind
                        && !a.multi_line
                        && (a.kind == AssertionKind::EndText
                            || (a.kind == AssertionKind::Dollar
                                && matches!(self.flavor, Flavor::JavaScript | Flavor::Rust))) =>
                {
                    end = true
                }
                AstKind::Assertion(a)
                    if behind
                        && !a.multi_line
                        && matches!(a.kind, AssertionKind::Caret | AssertionKind::StartText) =>
                {
                    end = true
                }
                _ => return Ok(None),
            }
        }
        Ok(Some((sets, end)))
    }

    fn repetition(
        &mut self,
        node: &'a Ast,
        r: &'a Repetition,
        next: usize,
    ) -> Result<usize, BuildError> {
        let lazy = r.greed == Greed::Lazy;
        let unroll = self.cfg.max_unroll;
        // Large counts become loops: {n,m} with n or m above the unroll limit keeps at
        // most `unroll` mandatory copies, then an unbounded loop. Copies of one character
        // test cost a state each and make the witness's prefix as long as the engine needs
        // it (`[A-Za-z0-9+/=]{44,88}` wants 44 characters before the loop that follows).
        let mandatory = if single_test(&r.sub) {
            MAX_MANDATORY_TESTS
        } else {
            unroll
        };
        let (min, max) = match r.max {
            // A count over a group keeps its mandatory copies (up to the unroll limit), and
            // the rest becomes a loop: unrolled, `(?:(?:a|a){2,5}){2,5}` or `(?:a|a){25}`
            // is a DAG with 2^25 ways through and no cycle for the analysis to see. The
            // simulator runs the real counts, and the verdict measures a finding inside
            // bounded repeats only within the bound.
            Some(m) if self.cfg.loop_counts && m >= 2 && !single_test(&r.sub) => {
                self.approx(
                    node.span,
                    if m > unroll || r.min > unroll {
                        "large counted repeat modelled as a loop"
                    } else {
                        "counted repeat modelled as a loop"
                    },
                );
                (r.min.min(unroll), None)
            }
            Some(m) if m > unroll || r.min > unroll => {
                if m > r.min || r.min > mandatory {
                    self.approx(node.span, "large counted repeat modelled as a loop");
                }
                (
                    r.min.min(mandatory),
                    if m > r.min {
                        None
                    } else {
                        Some(r.min.min(mandatory))
                    },
                )
            }
            None if r.min > unroll => {
                if r.min > mandatory {
                    self.approx(node.span, "large counted repeat modelled as a loop");
                }
                (r.min.min(mandatory), None)
            }
            m => (r.min, m),
        };
        // The optional or looping tail, built back to front.
        let mut tail = match max {
            None => {
                let lp = self.push(ENode::Eps(Vec::new()), node.span)?;
                let body = self.node(&r.sub, lp)?;
                self.nodes[lp] = ENode::Eps(if lazy {
                    vec![next, body]
                } else {
                    vec![body, next]
                });
                self.loop_exits.insert(lp, if lazy { 0 } else { 1 });
                lp
            }
            Some(m) => {
                let mut cur = next;
                for _ in min..m {
                    let body = self.node(&r.sub, cur)?;
                    let alt = if lazy {
                        vec![next, body]
                    } else {
                        vec![body, next]
                    };
                    // `x{0,2}` is `(x(x)?)?`: each optional copy may stop the loop.
                    cur = self.push(ENode::Eps(alt), node.span)?;
                }
                cur
            }
        };
        for _ in 0..min {
            tail = self.node(&r.sub, tail)?;
        }
        Ok(tail)
    }

    /// ε-removal from `start`; numbers the reachable states 0.. with the start first.
    ///
    /// A state is an ε-NFA node and, where a word assertion or a one-character lookbehind
    /// is ε-reachable from that node, the context of the character read last: bit 0 set
    /// when it is a word character, bit i + 1 when it is in lookbehind body i; at the start
    /// (no character yet) `AT_START` alone. That product with a small automaton is
    /// deterministic, so it adds no ambiguity; it makes `\b` and `(?<!\$)` exact: the state
    /// knows the character before, a word assertion restricts the transitions to the
    /// character after, a lookbehind passes or not. A match that ends on a word assertion
    /// goes to an accepting state by reading the character the engine looked at (or accepts
    /// at the end of the input) — the same matched prefixes, as the analysis sees them.
    fn finish(self, start: usize, retry: Option<usize>) -> Result<Nfa, BuildError> {
        let (minterms, labels) = Minterms::build(&self.sets);
        let word = self.word.map(|w| labels[w].clone());
        let every = Label((0..minterms.len() as MintermId).collect());
        let needs_context = self.reach_context_assertion();
        // Each minterm's context bits (see above).
        let context_of: Vec<u32> = (0..minterms.len() as MintermId)
            .map(|m| {
                let mut bits = u32::from(word.as_ref().is_some_and(|w| w.contains(m)));
                for (i, sets) in self.behind.iter().enumerate() {
                    if sets.iter().any(|&set| labels[set].contains(m)) {
                        bits |= 1 << (i + 1);
                    }
                }
                bits
            })
            .collect();
        let mut index: HashMap<(usize, u32), StateId> = HashMap::new();
        let first = if needs_context[start] { AT_START } else { 0 };
        let mut order = vec![(start, first)];
        index.insert((start, first), 0);
        let mut states: Vec<State> = Vec::new();
        let mut transitions = 0usize;
        let mut closure_work = 0usize;
        let mut i = 0;
        while i < order.len() {
            let (s, before) = order[i];
            i += 1;
            let mut state = State::default();
            if s == ACCEPT_AHEAD {
                state.accept = Some(Accept::Always);
                state.exact_accept = Some(Accept::Always);
                states.push(state);
                continue;
            }
            let mut found: Vec<Found> = Vec::new();
            let mut accept = [Accept::No; 2];
            let context = Context {
                origin: s == start,
                before,
                labels: &labels,
                minterms: minterms.len(),
                word: word.as_ref(),
            };
            state.approximate =
                self.closure(s, &context, &mut found, &mut accept, &mut closure_work);
            if closure_work > self.cfg.max_closure_work {
                return Err(BuildError::limit(format!(
                    "ε-removal over {} path steps",
                    self.cfg.max_closure_work
                )));
            }
            transitions += found.len();
            if transitions > self.cfg.max_transitions {
                return Err(BuildError::limit(format!(
                    "NFA has more than {} transitions after ε-removal",
                    self.cfg.max_transitions
                )));
            }
            let [exact_accept, accept] = accept;
            state.exact_accept = Some(exact_accept);
            for f in found {
                let mut label = match f.set {
                    Some(set) => labels[set].clone(),
                    None => every.clone(),
                };
                if let Some(after) = &f.after {
                    label.0.retain(|m| after.allowed.binary_search(m).is_ok());
                }
                // A test of an empty class (`[]`) never fires.
                if label.0.is_empty() {
                    continue;
                }
                let (mut target, mut approx) = (f.target, f.approx);
                // An approximated assertion right after the test marks the transition, not
                // a state of its own: `<td(?=\s)[^>]*` after "d" is the loop's state, so the
                // pump stays "<td".
                while target != ACCEPT_AHEAD {
                    let ENode::Approx(t) = self.nodes[target] else {
                        break;
                    };
                    target = t;
                    approx = true;
                    state.approximate = true;
                }
                // The label split by the context its characters leave (sorted, so the
                // states are numbered the same way every time).
                let parts: Vec<(Label, u32)> = if target != ACCEPT_AHEAD && needs_context[target] {
                    let mut by_context: Vec<(u32, Vec<MintermId>)> = Vec::new();
                    for &m in &label.0 {
                        let bits = context_of[m as usize];
                        match by_context.iter_mut().find(|(b, _)| *b == bits) {
                            Some((_, ms)) => ms.push(m),
                            None => by_context.push((bits, vec![m])),
                        }
                    }
                    by_context.sort_unstable_by_key(|(bits, _)| *bits);
                    by_context
                        .into_iter()
                        .map(|(bits, ms)| (Label(ms), bits))
                        .collect()
                } else {
                    vec![(label, 0)]
                };
                for (label, context) in parts {
                    if label.0.is_empty() {
                        continue;
                    }
                    let key = (target, context);
                    let id = match index.get(&key) {
                        Some(&id) => id,
                        None => {
                            let id = order.len() as StateId;
                            index.insert(key, id);
                            order.push(key);
                            id
                        }
                    };
                    state.transitions.push(Transition {
                        label,
                        target: id,
                        span: f.span,
                        approx,
                    });
                }
            }
            state.accept = Some(accept);
            states.push(state);
            if states.len() > self.cfg.max_states {
                return Err(BuildError::limit(format!(
                    "NFA larger than {} states",
                    self.cfg.max_states
                )));
            }
        }
        // A class that takes most characters (`.` in `(?!.*?--)`) singles none out.
        let mut lookahead_minterms: Vec<MintermId> = self
            .lookahead_sets
            .iter()
            .filter(|&&set| labels[set].0.len() * 2 <= minterms.len())
            .flat_map(|&set| labels[set].0.iter().copied())
            .collect();
        lookahead_minterms.sort_unstable();
        lookahead_minterms.dedup();
        Ok(Nfa {
            minterms,
            states,
            approximations: self.approximations,
            search_loop: retry.and_then(|n| index.get(&(n, 0)).copied()),
            search_loop_copies: {
                let mut copies: Vec<StateId> = index
                    .iter()
                    .filter(|((node, _), _)| Some(*node) == retry)
                    .map(|(_, &id)| id)
                    .collect();
                copies.sort_unstable();
                copies
            },
            lookahead_minterms,
        })
    }

    /// Per ε-NFA node: whether a word assertion or a one-character lookbehind is
    /// ε-reachable from it (its states must know the character before them).
    fn reach_context_assertion(&self) -> Vec<bool> {
        let mut reach = vec![false; self.nodes.len()];
        if self.word.is_none() && self.behind.is_empty() {
            return reach;
        }
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        let mut work = Vec::new();
        for (n, node) in self.nodes.iter().enumerate() {
            match node {
                ENode::Eps(ts) => ts.iter().for_each(|&t| into[t].push(n)),
                ENode::End(t) | ENode::Start(t) | ENode::Approx(t) => into[*t].push(n),
                ENode::Ahead { next, .. } => into[*next].push(n),
                ENode::Word(_, t) | ENode::Behind { next: t, .. } => {
                    into[*t].push(n);
                    work.push(n);
                }
                ENode::Char { .. } | ENode::Final | ENode::Dead => {}
            }
        }
        while let Some(n) = work.pop() {
            if !std::mem::replace(&mut reach[n], true) {
                work.extend(into[n].iter().copied());
            }
        }
        reach
    }

    /// The character tests reachable from `s` through ε-edges, in the engine's order. A
    /// test reached along two different ε-paths is listed twice (at most), since the
    /// engine explores both; ε-cycles are cut, as the engines' empty-iteration checks do.
    /// Each test carries whether its path crossed an approximated assertion and what the
    /// exact assertions on it (word boundaries, one-character lookaheads) require of the
    /// character; `accept` is [through exact paths only, through any]; `cost` grows by the
    /// path entries carried. Returns whether some path crossed an approximated assertion.
    fn closure(
        &self,
        s: usize,
        cx: &Context<'_>,
        found: &mut Vec<Found>,
        accept: &mut [Accept; 2],
        cost: &mut usize,
    ) -> bool {
        let mut approximate = false;
        let mut seen_count: HashMap<usize, u8> = HashMap::new();
        // (node, at end only, crossed an approximation, what the next character must be,
        // path of (ε-node, branch taken) for cycle cutting)
        type Path = Vec<(usize, u8)>;
        let mut stack: Vec<(usize, bool, bool, Option<Next>, Path)> =
            vec![(s, false, false, None, Vec::new())];
        let mut work = 0usize;
        while let Some((n, at_end, crossed, after, path)) = stack.pop() {
            work += 1;
            *cost += 1 + path.len();
            if work > 100_000 {
                break;
            }
            // An ε-cycle is an iteration that consumed nothing, which every engine cuts —
            // with one exception: a loop head left through its exit may be entered again
            // once, as a fresh loop begun by a new iteration of an enclosing loop (after a
            // character in `(a*)*`: "stay in the inner loop" or "end the outer iteration
            // and begin another", the ambiguity). Left through its body, it is an empty
            // iteration: cut (`(?:[ab]|[ab]?)*` must not read "a" a third way).
            let mut earlier = path.iter().filter(|&&(x, _)| x == n);
            if let Some(&(_, branch)) = earlier.next() {
                if earlier.next().is_some() || self.loop_exits.get(&n) != Some(&branch) {
                    continue;
                }
            }
            let mut then = |t: usize, at_end: bool, crossed: bool, after: Option<Next>| {
                let mut p = path.clone();
                p.push((n, 0));
                stack.push((t, at_end, crossed, after, p));
            };
            // Adds a requirement on the next character; false when none can meet both.
            let require = |after: &Option<Next>, want: Next| -> Option<Option<Next>> {
                match after {
                    None => Some(Some(want)),
                    Some(a) => a.and(&want).map(Some),
                }
            };
            match &self.nodes[n] {
                ENode::Char { set, next, span } => {
                    if at_end {
                        continue;
                    }
                    let count = seen_count.entry(n).or_insert(0);
                    if *count < 2 {
                        *count += 1;
                        found.push(Found {
                            set: Some(*set),
                            target: *next,
                            span: *span,
                            approx: crossed,
                            after,
                        });
                    }
                }
                ENode::Eps(targets) => {
                    for (i, &t) in targets.iter().enumerate().rev() {
                        let mut p = path.clone();
                        p.push((n, i as u8));
                        stack.push((t, at_end, crossed, after.clone(), p));
                    }
                }
                ENode::End(t) => {
                    if after.as_ref().is_none_or(|a| a.end) {
                        then(*t, true, crossed, None);
                    }
                }
                ENode::Start(t) => {
                    if cx.origin {
                        then(*t, at_end, crossed, after);
                    }
                }
                ENode::Final => {
                    let (a, ahead) = match (at_end, &after) {
                        (true, _) => (Accept::AtEnd, None),
                        (false, None) => (Accept::Always, None),
                        // The engine matched here if the next character is one the
                        // assertions allow (or the input ends here, where they allow it).
                        (false, Some(next)) => (
                            if next.end { Accept::AtEnd } else { Accept::No },
                            Some(next.clone()),
                        ),
                    };
                    accept[1] = accept[1].max(a);
                    if !crossed {
                        accept[0] = accept[0].max(a);
                    }
                    if let Some(next) = ahead.filter(|n| !n.allowed.is_empty()) {
                        let known = found.iter().any(|f| {
                            f.target == ACCEPT_AHEAD
                                && f.after.as_ref() == Some(&next)
                                && f.approx == crossed
                        });
                        if !known {
                            found.push(Found {
                                set: None,
                                target: ACCEPT_AHEAD,
                                span: Span::default(),
                                approx: crossed,
                                after: Some(next),
                            });
                        }
                    }
                }
                ENode::Dead => {}
                ENode::Approx(t) => {
                    approximate = true;
                    then(*t, at_end, true, after);
                }
                ENode::Behind {
                    bit,
                    start,
                    negated,
                    next,
                } => {
                    let inside =
                        cx.before & (1 << (bit + 1)) != 0 || (*start && cx.before & AT_START != 0);
                    if inside != *negated {
                        then(*next, at_end, crossed, after);
                    }
                }
                ENode::Word(look, t) => {
                    let before = cx.before & 1 != 0;
                    if at_end {
                        if look.holds(before, false) {
                            then(*t, at_end, crossed, after);
                        }
                        continue;
                    }
                    let Some(word) = cx.word else { continue };
                    let want = match (look.holds(before, true), look.holds(before, false)) {
                        (true, true) => {
                            then(*t, at_end, crossed, after);
                            continue;
                        }
                        (true, false) => Next {
                            allowed: word.0.clone(),
                            end: false,
                        },
                        // The end of the input is not a word character.
                        (false, true) => Next {
                            allowed: (0..cx.minterms as MintermId)
                                .filter(|m| !word.contains(*m))
                                .collect(),
                            end: true,
                        },
                        (false, false) => continue,
                    };
                    if let Some(after) = require(&after, want) {
                        then(*t, at_end, crossed, after);
                    }
                }
                ENode::Ahead {
                    sets,
                    end,
                    negated,
                    next,
                } => {
                    // At the end of the input the body sees no character.
                    if at_end {
                        if end != negated {
                            then(*next, at_end, crossed, after);
                        }
                        continue;
                    }
                    let mut body: Vec<MintermId> = sets
                        .iter()
                        .flat_map(|&set| cx.labels[set].0.iter().copied())
                        .collect();
                    body.sort_unstable();
                    body.dedup();
                    let want = if *negated {
                        Next {
                            allowed: (0..cx.minterms as MintermId)
                                .filter(|m| body.binary_search(m).is_err())
                                .collect(),
                            end: !end,
                        }
                    } else {
                        Next {
                            allowed: body,
                            end: *end,
                        }
                    };
                    if let Some(after) = require(&after, want) {
                        then(*next, at_end, crossed, after);
                    }
                }
            }
        }
        approximate
    }
}

/// What a closure needs to know about where it starts.
struct Context<'a> {
    /// Whether this is the initial state (before any character: `^` passable).
    origin: bool,
    /// The context of the character read last: bit 0 for a word character, bit i + 1 for
    /// one in lookbehind body i; at the start, `AT_START` alone.
    before: u32,
    /// Each set's minterms.
    labels: &'a [Label],
    /// How many minterms there are.
    minterms: usize,
    /// The word characters' minterms, where a word assertion needs them.
    word: Option<&'a Label>,
}

/// `\n`, the line terminator of Python, PCRE2 (its default), Rust and Java's `d` mode.
const LF: &[(char, char)] = &[('\n', '\n')];
/// JavaScript's line terminators.
const JS_TERMINATORS: &[(char, char)] = &[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')];
/// The JDK's line terminators.
const JAVA_TERMINATORS: &[(char, char)] = &[
    ('\n', '\n'),
    ('\r', '\r'),
    ('\u{85}', '\u{85}'),
    ('\u{2028}', '\u{2029}'),
];
/// The JDK's line terminators but `\r`, after which `^` also looks at the next character.
const JAVA_TERMINATORS_BUT_CR: &[(char, char)] =
    &[('\n', '\n'), ('\u{85}', '\u{85}'), ('\u{2028}', '\u{2029}')];

/// The context bit of "no character read yet" (see `Builder::finish`).
const AT_START: u32 = 1 << 31;

/// The state a match ends in when a word assertion looked at the character after it.
const ACCEPT_AHEAD: usize = usize::MAX;

/// A character test found in a closure.
struct Found {
    /// The test's set (`None`: any character).
    set: Option<usize>,
    /// The ε-NFA node after it.
    target: usize,
    /// The test's pattern text.
    span: Span,
    /// Whether the way there crossed an approximated assertion.
    approx: bool,
    /// What the exact assertions on the way require of the character.
    after: Option<Next>,
}

/// Most mandatory copies of a one-character repeat body kept in the NFA.
const MAX_MANDATORY_TESTS: u32 = 256;

/// Whether a repeat's body reads exactly one character through one path (a literal, a
/// class, `.`, maybe in a plain group): its unrolled copies cannot hide ambiguity.
fn single_test(node: &Ast) -> bool {
    match &node.kind {
        AstKind::Literal(_) | AstKind::Class(_) | AstKind::Dot(_) | AstKind::CodeUnit(_) => true,
        AstKind::Group(g) if !matches!(g.kind, GroupKind::Look { .. }) => single_test(&g.sub),
        _ => false,
    }
}

/// The positive lookbehinds an unanchored pattern begins with, in every alternative that
/// begins with one (through plain groups and leading inline flags).
fn leading_lookbehinds(ast: &Ast, out: &mut Vec<*const Ast>) {
    let mut node = ast;
    loop {
        match &node.kind {
            AstKind::Concat(items) => {
                match items
                    .iter()
                    .find(|n| !matches!(n.kind, AstKind::SetFlags(_)))
                {
                    Some(first) => node = first,
                    None => return,
                }
            }
            AstKind::Alternation(branches) => {
                // Bounded by the parser's nesting limit.
                for b in branches {
                    leading_lookbehinds(b, out);
                }
                return;
            }
            AstKind::Group(g) => match g.kind {
                GroupKind::Look {
                    ahead: false,
                    negated: false,
                } => {
                    out.push(node as *const Ast);
                    return;
                }
                GroupKind::Look { .. } | GroupKind::Atomic => return,
                _ => node = &g.sub,
            },
            _ => return,
        }
    }
}
