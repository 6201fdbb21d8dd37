//! Ast → simulator program, with the flavor's semantics.
//!
//! Character tests use `rxguard_syntax::char_set`, the same definition of each flavor's
//! classes and case folding that the lowering to `Hir` uses. Constructs whose backtracking
//! behaviour the simulator does not model (recursion, conditionals, control verbs,
//! unbounded lookbehind) are refused with a reason, which makes the verdict `unknown` rather
//! than a guess. A lone UTF-16 code unit matches nothing under [`compile`] (the matcher's
//! entry: no UTF-8 haystack holds one, `rxguard_syntax::utf8_char_set`) and is its stand-in
//! character under [`compile_code_units`] (the analysis' entry,
//! `rxguard_syntax::unit_char_set`).

use crate::program::{CharSet, EmptyRule, Inst, Lines, Look, Pc, Program, StepClass, SubKind};
use rxguard_syntax::ast::*;
use rxguard_syntax::{unit_char_set, utf8_char_set, Flags, Flavor, Span};
use std::collections::{HashMap, HashSet};

/// How the pattern is applied to the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum MatchMode {
    /// Unanchored search: the engine tries every start position.
    #[default]
    Search,
    /// The match must start at position 0.
    Anchored,
    /// The match must span the whole input.
    Full,
}

/// Why a pattern cannot be simulated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// What and why, starting with `unsupported:`.
    pub reason: String,
    /// Where in the pattern.
    pub span: Span,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at {})", self.reason, self.span)
    }
}

impl std::error::Error for CompileError {}

/// Longest lookbehind the simulator tries width by width.
const MAX_LOOKBEHIND: u64 = 1_000;

/// Compiles a parsed pattern for matching UTF-8 text: a lone UTF-16 code unit matches
/// nothing there.
pub fn compile(
    ast: &Ast,
    flavor: Flavor,
    flags: Flags,
    mode: MatchMode,
) -> Result<Program, CompileError> {
    compile_inner(ast, flavor, flags, mode, false)
}

/// [`compile`], with each lone UTF-16 code unit the pattern names (`\uD800`, a surrogate
/// range) tested as its stand-in character (`rxguard_syntax::code_unit_stand_in`), as the
/// NFA the analysis builds has it, so that attacks over the stand-ins simulate exactly.
pub fn compile_code_units(
    ast: &Ast,
    flavor: Flavor,
    flags: Flags,
    mode: MatchMode,
) -> Result<Program, CompileError> {
    compile_inner(ast, flavor, flags, mode, true)
}

fn compile_inner(
    ast: &Ast,
    flavor: Flavor,
    flags: Flags,
    mode: MatchMode,
    units: bool,
) -> Result<Program, CompileError> {
    let word = word_set(flavor, flags);
    let mut c = Compiler {
        flavor,
        flags,
        units,
        behind_bodies: Vec::new(),
        backward: false,
        sre_single: Vec::new(),
        sre_tail: Vec::new(),
        insts: Vec::new(),
        sets: Vec::new(),
        counters: 0,
        regs: 0,
        max_group: 0,
        names: HashMap::new(),
        sub_depth: 0,
        loop_depth: 0,
        behind_depth: 0,
        has_backref: false,
        stoppers: Vec::new(),
        auto_possessive: if flavor == Flavor::Pcre {
            crate::possess::auto_possessive(ast, flags)
        } else {
            HashSet::new()
        },
        char_sets: rxguard_syntax::CharSetCache::new(),
    };
    ast.walk(|n| {
        if matches!(n.kind, AstKind::Backreference(_)) {
            c.has_backref = true;
        }
        if let AstKind::Group(Group {
            kind: GroupKind::Capture { index, name },
            ..
        }) = &n.kind
        {
            c.max_group = c.max_group.max(*index as usize);
            if let Some(name) = name {
                c.names.entry(name.clone()).or_insert(*index as usize);
            }
        }
    });
    c.emit(Inst::Save(0));
    c.node(ast)?;
    c.emit(Inst::Save(1));
    if mode == MatchMode::Full {
        c.emit(Inst::Look(Look::End));
    }
    c.emit(Inst::Match);
    let anchored_start = mode != MatchMode::Search || flags.sticky || ast.starts_anchored();
    // java.util.regex tries every position; the others skip impossible first characters.
    let first = if flavor == Flavor::Java {
        None
    } else {
        first_chars(&c.insts, &c.sets, false)
    };
    let match_first = first_chars(&c.insts, &c.sets, true);
    let mut tracked_regs = vec![false; c.regs];
    let mut unbounded_counters = vec![false; c.counters];
    for inst in &c.insts {
        if let Inst::LoopHead {
            counter,
            max,
            body,
            exit,
            ..
        } = inst
        {
            if let Some(u) = unbounded_counters.get_mut(*counter) {
                *u = max.is_none();
            }
            if let Some(Inst::LoopIter { reg, .. }) = c.insts.get(*body) {
                let tail = exit.saturating_sub(1);
                if let Some(t) = tracked_regs.get_mut(*reg) {
                    *t = crate::memo::can_be_empty(&c.insts, *body, tail);
                }
            }
        }
    }
    let pcre = flavor == Flavor::Pcre;
    let required = if pcre {
        required_char(ast, flags)
    } else {
        None
    };
    let required_after_first = pcre && first_literal(ast).is_some();
    let startline = if pcre && mode == MatchMode::Search {
        dotstar_start(ast, c.has_backref)
    } else {
        None
    };
    let min_width = match flavor {
        Flavor::Python | Flavor::Pcre => ast.width().0,
        Flavor::Java if mode == MatchMode::Search => ast.width().0,
        _ => 0,
    };
    let mut step_classes = vec![StepClass::Plain; c.insts.len() + 1];
    for &(a, b) in &c.sre_single {
        for k in step_classes.iter_mut().take(b).skip(a) {
            *k = StepClass::SreSingleRepeat;
        }
    }
    for &t in &c.sre_tail {
        if matches!(c.insts.get(t), Some(Inst::Char(_))) {
            step_classes[t] = StepClass::SreLiteralTail;
        }
    }
    let mut stoppers = c.stoppers;
    stoppers.resize(c.counters, false);
    Ok(Program {
        match_first,
        required,
        required_after_first,
        startline,
        min_width: min_width.min(usize::MAX as u64) as usize,
        stoppers,
        tracked_regs,
        unbounded_counters,
        insts: c.insts,
        sets: c.sets,
        word,
        slots: 2 * (c.max_group + 1),
        counters: c.counters,
        regs: c.regs,
        anchored_start,
        empty_backref_matches: flavor == Flavor::JavaScript,
        first,
        behind_bodies: c.behind_bodies,
        step_classes,
    })
}

struct Compiler<'a> {
    flavor: Flavor,
    flags: Flags,
    /// Lone code units as stand-in characters ([`compile_code_units`]).
    units: bool,
    /// Bodies of table lookbehinds ([`Look::BehindTable`]).
    behind_bodies: Vec<regex_syntax::hir::Hir>,
    /// Compiling a body that runs leftward ([`SubKind::BehindBack`]).
    backward: bool,
    /// Instruction ranges of sre's single-character repeats (Python).
    sre_single: Vec<(Pc, Pc)>,
    /// Instructions right after such a repeat that test a literal (Python).
    sre_tail: Vec<Pc>,
    insts: Vec<Inst>,
    sets: Vec<CharSet>,
    counters: usize,
    regs: usize,
    max_group: usize,
    names: HashMap<String, usize>,
    /// Lookaround and atomic bodies around the code being emitted.
    sub_depth: u32,
    /// Quantifiers around the code being emitted.
    loop_depth: u32,
    /// Lookbehind bodies around the code being emitted.
    behind_depth: u32,
    /// Whether the pattern has a backreference (the JDK then keeps no loop memo).
    has_backref: bool,
    /// Per loop counter: a JDK loop that remembers where an iteration failed.
    stoppers: Vec<bool>,
    /// Repeats PCRE2 makes possessive (`crate::possess`), by node address.
    auto_possessive: HashSet<usize>,
    /// Each character test's set, computed once per node.
    char_sets: rxguard_syntax::CharSetCache<'a>,
}

fn unsupported<T>(node: &Ast, what: &str) -> Result<T, CompileError> {
    Err(CompileError {
        reason: format!("unsupported: {what}"),
        span: node.span,
    })
}

impl<'a> Compiler<'a> {
    /// The body of an unbounded JavaScript lookbehind as `Hir`, where the matcher can run
    /// it as a table ([`Look::BehindTable`]): only whether some match of the body ends at
    /// a position counts, so the body must be regular (no lookaround, no backreference),
    /// capture nothing (V8 would report what a backward match captured), and use no
    /// Unicode word boundary (which a lazy DFA cannot decide on non-ASCII text). The
    /// simulator keeps refusing it: V8 searches backward at each position, and those are
    /// the steps an attack would count.
    fn behind_table_body(&self, body: &Ast) -> Option<regex_syntax::hir::Hir> {
        if self.units || self.flavor != Flavor::JavaScript {
            return None;
        }
        let hir = rxguard_syntax::lower(body, self.flavor, self.flags).ok()?;
        let props = hir.properties();
        let unicode_word = props.look_set().contains_word_unicode();
        (props.explicit_captures_len() == 0 && !unicode_word).then_some(hir)
    }

    fn char_set(
        &mut self,
        node: &'a Ast,
    ) -> Option<Result<regex_syntax::hir::ClassUnicode, rxguard_syntax::LowerError>> {
        let (flavor, flags, units) = (self.flavor, self.flags, self.units);
        self.char_sets.get(node, |n| {
            if units {
                unit_char_set(n, flavor, flags)
            } else {
                utf8_char_set(n, flavor, flags)
            }
        })
    }

    fn emit(&mut self, inst: Inst) -> Pc {
        self.insts.push(inst);
        self.insts.len() - 1
    }

    fn next(&self) -> Pc {
        self.insts.len()
    }

    fn patch(&mut self, at: Pc, to: Pc) {
        match &mut self.insts[at] {
            Inst::Jmp(t) => *t = to,
            Inst::Split { second, .. } => *second = to,
            Inst::Sub { next, .. } => *next = to,
            Inst::LoopHead { exit, .. } => *exit = to,
            Inst::LoopTail { exit, .. } => *exit = to,
            _ => {}
        }
    }

    /// Whether CPython's `sre_parse` would store `branches` as one character set: every
    /// branch a single literal or a class that is not a negated bracket (`[^…]` and `.` stay
    /// branches there).
    fn sre_merges(&self, branches: &[Ast]) -> bool {
        // When every branch is the same item, `sre_parse` first moves it out as a common
        // prefix and keeps a choice of empty branches (`a|a` stays two ways to go on).
        let same = branches.windows(2).all(|w| w[0].kind == w[1].kind);
        self.flavor == Flavor::Python
            && branches.len() > 1
            && !same
            && branches.iter().all(|b| match &b.kind {
                AstKind::Literal(_) => true,
                AstKind::Class(c) => !matches!(&c.kind, ClassKind::Bracket(br) if br.negated),
                _ => false,
            })
    }

    fn set(&mut self, set: CharSet) -> usize {
        self.sets.push(set);
        self.sets.len() - 1
    }

    /// Emits the code for `node`. Recursion depth is bounded by the parser's nest limit.
    fn node(&mut self, node: &'a Ast) -> Result<(), CompileError> {
        match &node.kind {
            AstKind::Empty | AstKind::SetFlags(_) | AstKind::Callout => {}
            // `\K`: the reported match starts here (slot 0), undone on backtracking.
            AstKind::ResetMatchStart if self.sub_depth == 0 => {
                self.emit(Inst::Save(0));
            }
            AstKind::ResetMatchStart => {
                return unsupported(node, "\\K inside a lookaround or atomic group")
            }
            AstKind::Literal(_) | AstKind::Dot(_) | AstKind::Class(_) | AstKind::CodeUnit(_) => {
                let class = match self.char_set(node) {
                    Some(Ok(c)) => c,
                    Some(Err(e)) => {
                        return Err(CompileError {
                            reason: e.reason,
                            span: e.span,
                        })
                    }
                    None => return unsupported(node, "character test"),
                };
                let id = self.set(CharSet::from_class(&class));
                self.emit(if self.backward {
                    Inst::CharBack(id)
                } else {
                    Inst::Char(id)
                });
            }
            AstKind::Assertion(a) => {
                let look = self.look(node, a)?;
                self.emit(Inst::Look(look));
            }
            AstKind::Concat(items) if self.backward => {
                for item in items.iter().rev() {
                    self.node(item)?;
                }
            }
            AstKind::Concat(items) => {
                for (i, item) in items.iter().enumerate() {
                    let start = self.next();
                    self.node(item)?;
                    // sre's REPEAT_ONE / MIN_REPEAT_ONE: a repeat of one character runs
                    // in a C loop, and when the next op is a literal it tries the rest
                    // only where that character stands.
                    if self.flavor == Flavor::Python && sre_single_repeat(item) {
                        let end = self.next();
                        self.sre_single.push((start, end));
                        if items.get(i + 1).is_some_and(
                            |n| matches!(&n.kind, AstKind::Literal(l) if !l.case_insensitive),
                        ) {
                            self.sre_tail.push(end);
                        }
                    }
                }
            }
            AstKind::Alternation(branches) if self.sre_merges(branches) => {
                // CPython's parser turns an alternation of single characters into one set
                // (`\w|\d` is `[\w\d]`): one test, no choice to backtrack into.
                let mut ranges = Vec::new();
                for b in branches {
                    let Some(Ok(class)) = self.char_set(b) else {
                        return unsupported(b, "character test");
                    };
                    ranges.extend(class.ranges().iter().map(|r| (r.start(), r.end())));
                }
                let id = self.set(CharSet::from_ranges(ranges));
                self.emit(Inst::Char(id));
            }
            AstKind::Alternation(branches) => {
                let mut jumps = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.emit(Inst::Split {
                            first: 0,
                            second: 0,
                        });
                        let first = self.next();
                        if let Inst::Split { first: f, .. } = &mut self.insts[split] {
                            *f = first;
                        }
                        self.node(b)?;
                        jumps.push(self.emit(Inst::Jmp(0)));
                        let second = self.next();
                        self.patch(split, second);
                    } else {
                        self.node(b)?;
                    }
                }
                let end = self.next();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            AstKind::Group(g) => match &g.kind {
                GroupKind::Capture { index, .. } => {
                    let i = *index as usize;
                    // Leftward, a group's end is reached first.
                    let (first, last) = if self.backward {
                        (2 * i + 1, 2 * i)
                    } else {
                        (2 * i, 2 * i + 1)
                    };
                    self.emit(Inst::Save(first));
                    self.node(&g.sub)?;
                    self.emit(Inst::Save(last));
                }
                GroupKind::NonCapture(_) => self.node(&g.sub)?,
                GroupKind::Atomic => self.sub(SubKind::Atomic, &g.sub)?,
                GroupKind::Look {
                    ahead: true,
                    negated,
                } => {
                    let was = std::mem::replace(&mut self.backward, false);
                    let sub = self.sub(SubKind::Ahead { negated: *negated }, &g.sub);
                    self.backward = was;
                    sub?;
                }
                GroupKind::Look {
                    ahead: false,
                    negated,
                } if self.flavor == Flavor::JavaScript && !self.units => {
                    // The matcher runs a JavaScript lookbehind as V8 does: backward from here,
                    // so a greedy repeat inside takes the most to its left and captures get
                    // V8's values. A regular body without captures is a table instead.
                    if !has_capture(&g.sub) && g.sub.width().1.is_none_or(|m| m > MAX_LOOKBEHIND) {
                        if let Some(hir) = self.behind_table_body(&g.sub) {
                            let table = self.behind_bodies.len() as u32;
                            self.behind_bodies.push(hir);
                            self.emit(Inst::Look(Look::BehindTable {
                                table,
                                negated: *negated,
                            }));
                            return Ok(());
                        }
                    }
                    let was = std::mem::replace(&mut self.backward, true);
                    self.behind_depth += 1;
                    let sub = self.sub(SubKind::BehindBack { negated: *negated }, &g.sub);
                    self.behind_depth -= 1;
                    self.backward = was;
                    sub?;
                }
                GroupKind::Look {
                    ahead: false,
                    negated,
                } => {
                    let (min, max) = g.sub.width();
                    let Some(max) = max.filter(|&m| m <= MAX_LOOKBEHIND) else {
                        return unsupported(node, "lookbehind of unbounded or very long width");
                    };
                    let kind = SubKind::Behind {
                        negated: *negated,
                        min: min as usize,
                        max: max as usize,
                    };
                    self.behind_depth += 1;
                    let sub = self.sub(kind, &g.sub);
                    self.behind_depth -= 1;
                    sub?;
                }
                GroupKind::BranchReset => return unsupported(node, "branch reset group"),
                _ => return unsupported(node, "group kind"),
            },
            AstKind::Repetition(r) => {
                let auto = self
                    .auto_possessive
                    .contains(&(node as *const Ast as usize));
                // PCRE2 turns a lazy repeat it possessifies into a greedy possessive one
                // (`a*?b` runs as `a*+b`).
                let greed = if auto && r.greed == Greed::Lazy {
                    Greed::Greedy
                } else {
                    r.greed
                };
                if r.greed == Greed::Possessive || auto {
                    // `x*+` is `(?>x*)`.
                    let sub = self.emit(Inst::Sub {
                        kind: SubKind::Atomic,
                        start: 0,
                        next: 0,
                    });
                    let start = self.next();
                    self.repetition(r, greed)?;
                    self.emit(Inst::SubEnd);
                    let next = self.next();
                    self.insts[sub] = Inst::Sub {
                        kind: SubKind::Atomic,
                        start,
                        next,
                    };
                } else {
                    self.repetition(r, greed)?;
                }
            }
            AstKind::Backreference(_) if self.backward => {
                return unsupported(node, "backreference inside a JavaScript lookbehind")
            }
            AstKind::Backreference(b) => {
                let group = match &b.target {
                    GroupRef::Number(n) => *n as usize,
                    GroupRef::Name(name) => match self.names.get(name) {
                        Some(&i) => i,
                        None => return unsupported(node, "reference to an unknown group name"),
                    },
                    GroupRef::Relative(_) => return unsupported(node, "relative backreference"),
                };
                if group > self.max_group {
                    // A reference to a group that does not exist never matches (Java).
                    let id = self.set(CharSet::from_class(
                        &regex_syntax::hir::ClassUnicode::empty(),
                    ));
                    self.emit(Inst::Char(id));
                } else {
                    self.emit(Inst::Backref {
                        group,
                        case_insensitive: b.case_insensitive,
                    });
                }
            }
            AstKind::Verb(v) => match v.name.as_str() {
                "FAIL" | "F" => {
                    let id = self.set(CharSet::from_class(
                        &regex_syntax::hir::ClassUnicode::empty(),
                    ));
                    self.emit(Inst::Char(id));
                }
                "UTF" | "UTF8" | "NO_JIT" | "NO_START_OPT" | "NO_AUTO_POSSESS"
                | "NO_DOTSTAR_ANCHOR" | "MARK" | "" => {}
                n if n.starts_with("LIMIT_") => {}
                _ => return unsupported(node, "backtracking control verb or start option"),
            },
            AstKind::Conditional(_) => return unsupported(node, "conditional group"),
            AstKind::Subroutine(_) => return unsupported(node, "recursion or subroutine call"),
            _ => return unsupported(node, "construct"),
        }
        Ok(())
    }

    fn sub(&mut self, kind: SubKind, body: &'a Ast) -> Result<(), CompileError> {
        let sub = self.emit(Inst::Sub {
            kind,
            start: 0,
            next: 0,
        });
        let start = self.next();
        self.sub_depth += 1;
        let body = self.node(body);
        self.sub_depth -= 1;
        body?;
        self.emit(Inst::SubEnd);
        let next = self.next();
        self.insts[sub] = Inst::Sub { kind, start, next };
        Ok(())
    }

    /// Compiles `r` as a repeat of greediness `greed` (PCRE2 runs some lazy repeats
    /// greedy).
    fn repetition(&mut self, r: &'a Repetition, greed: Greed) -> Result<(), CompileError> {
        let counter = self.counters;
        self.counters += 1;
        let reg = self.regs;
        self.regs += 1;
        // JavaScript resets the captures inside a quantified group at each iteration.
        let clear = if self.flavor == Flavor::JavaScript {
            let (mut lo, mut hi) = (usize::MAX, 0);
            r.sub.walk(|n| {
                if let AstKind::Group(Group {
                    kind: GroupKind::Capture { index, .. },
                    ..
                }) = &n.kind
                {
                    lo = lo.min(*index as usize);
                    hi = hi.max(*index as usize);
                }
            });
            if lo == usize::MAX {
                (0, 0)
            } else {
                (2 * lo, 2 * hi + 2)
            }
        } else {
            (0, 0)
        };
        let empty = match self.flavor {
            Flavor::JavaScript => EmptyRule::Fail,
            Flavor::Rust => EmptyRule::Thompson,
            _ => EmptyRule::Stop,
        };
        let greedy = greed != Greed::Lazy;
        let stopper = self.flavor == Flavor::Java
            && !self.has_backref
            && greed == Greed::Greedy
            && r.max.is_none()
            && self.loop_depth == 0
            && self.behind_depth == 0
            && jdk_loop_body(&r.sub);
        if stopper {
            self.stoppers.resize(counter + 1, false);
            self.stoppers[counter] = true;
        }
        self.emit(Inst::LoopInit { counter });
        let head = self.emit(Inst::LoopHead {
            counter,
            min: r.min,
            max: r.max,
            greedy,
            body: 0,
            exit: 0,
        });
        let body = self.emit(Inst::LoopIter { reg, clear });
        self.loop_depth += 1;
        let sub = self.node(&r.sub);
        self.loop_depth -= 1;
        sub?;
        let tail = self.emit(Inst::LoopTail {
            counter,
            reg,
            min: r.min,
            head,
            exit: 0,
            empty,
        });
        let exit = self.next();
        self.insts[head] = Inst::LoopHead {
            counter,
            min: r.min,
            max: r.max,
            greedy,
            body,
            exit,
        };
        self.patch(tail, exit);
        Ok(())
    }

    fn look(&self, node: &Ast, a: &Assertion) -> Result<Look, CompileError> {
        let fl = self.flavor;
        // Rust's `(?-u)` and Python's `a` (global, scoped `(?a:…)`, a bytes pattern) make
        // `\b` ASCII per node; the other flavors' `\b` is checked against their engines
        // with the flavor's word characters (Java's are Unicode even without `U`).
        let ascii = matches!(fl, Flavor::Rust | Flavor::Python) && a.ascii_word;
        // The assertion's own line terminators: inline `(?d)` / `(?R)` apply per node.
        let lines = match fl {
            Flavor::JavaScript => Lines::JavaScript,
            Flavor::Java if a.unix_lines => Lines::Lf,
            Flavor::Java => Lines::Java,
            Flavor::Rust if a.crlf => Lines::CrLf,
            _ => Lines::Lf,
        };
        Ok(match a.kind {
            AssertionKind::Caret if !a.multi_line => Look::Start,
            // PCRE2: not after a line terminator that ends the input; the JDK: only before
            // a character (`Pattern.Caret` checks for one first, even at the start).
            AssertionKind::Caret if fl == Flavor::Pcre => Look::StartLineNotAtEnd(lines),
            AssertionKind::Caret if fl == Flavor::Java => Look::StartLineBeforeChar(lines),
            AssertionKind::Caret => Look::StartLine(lines),
            AssertionKind::Dollar if a.multi_line => Look::EndLine(lines),
            AssertionKind::Dollar => match fl {
                Flavor::JavaScript | Flavor::Rust => Look::End,
                _ => Look::EndOrFinalTerminator(lines),
            },
            AssertionKind::StartText => Look::Start,
            AssertionKind::PreviousMatchEnd => Look::PreviousEnd,
            AssertionKind::EndText => Look::End,
            AssertionKind::EndTextOptionalNewline => Look::EndOrFinalTerminator(lines),
            AssertionKind::WordBoundary => Look::WordBoundary(ascii),
            AssertionKind::NotWordBoundary => Look::NotWordBoundary(ascii),
            AssertionKind::WordStart => Look::WordStart(ascii),
            AssertionKind::WordEnd => Look::WordEnd(ascii),
            AssertionKind::WordStartHalf => Look::WordStartHalf(ascii),
            AssertionKind::WordEndHalf => Look::WordEndHalf(ascii),
            _ => return unsupported(node, "assertion"),
        })
    }
}

/// PCRE2's "required code unit": the last literal of the pattern's top-level sequence
/// (through groups, repeats with a minimum, alternations whose branches end alike, and a
/// positive lookahead that starts with a literal, as `pcre2test`'s `I` reports them), both
/// cases under `i`; a one-character class (`[$]`) is a literal to PCRE2. For a character
/// beyond ASCII PCRE2 looks for its last UTF-8 byte; the simulator looks for the character
/// (attack strings are made of the pattern's characters, so another one ending in that
/// byte does not occur in them). Missing a required character makes the simulator count
/// attempts PCRE2 never makes (so a `vulnerable` verdict PCRE2 refutes in microseconds:
/// `.+(?=/page/\d*/)` on a run of dots), so the rule follows PCRE2 wherever it is known.
fn required_char(ast: &Ast, flags: Flags) -> Option<CharSet> {
    /// The required literal nodes (several when alternatives agree), last first.
    fn last(node: &Ast) -> Option<Vec<&Ast>> {
        match &node.kind {
            AstKind::Literal(l) if l.c.is_ascii() || !l.case_insensitive => Some(vec![node]),
            AstKind::Class(_) if single_char_class(node) => Some(vec![node]),
            AstKind::Concat(items) => items.iter().rev().find_map(last),
            AstKind::Group(g) => match g.kind {
                GroupKind::Capture { .. } | GroupKind::NonCapture(_) | GroupKind::Atomic => {
                    last(&g.sub)
                }
                // PCRE2 takes a lookahead's required unit when the lookahead has a first.
                GroupKind::Look {
                    ahead: true,
                    negated: false,
                } if first_literal(&g.sub).is_some() => last(&g.sub),
                _ => None,
            },
            // Every branch ends with the same literal (`<…>|</…>`); failing that, PCRE2
            // requires the literal every branch starts with (`(?:Huawei|HUAWEI)`: `H`);
            // failing that, the alternation requires nothing and an earlier literal stands.
            AstKind::Alternation(bs) => {
                let key = |n: &Ast| match &n.kind {
                    AstKind::Literal(l) => Some((l.c, l.case_insensitive)),
                    _ => None,
                };
                let alike = |nodes: &[&Ast]| {
                    let want = nodes.first().and_then(|n| key(n));
                    want.is_some() && nodes.iter().all(|n| key(n) == want)
                };
                let lasts: Option<Vec<Vec<&Ast>>> = bs.iter().map(last).collect();
                if let Some(lasts) = lasts {
                    let all: Vec<&Ast> = lasts.into_iter().flatten().collect();
                    if alike(&all) {
                        return Some(all);
                    }
                }
                let firsts: Option<Vec<&Ast>> = bs.iter().map(first_literal).collect();
                firsts.filter(|f| alike(f))
            }
            AstKind::Repetition(r) if r.min >= 1 => last(&r.sub),
            _ => None,
        }
    }
    let set_of = |node: &Ast| -> Option<CharSet> {
        let AstKind::Literal(l) = &node.kind else {
            let class = utf8_char_set(node, Flavor::Pcre, flags)?.ok()?;
            return Some(CharSet::from_class(&class));
        };
        let (lo, up) = (l.c.to_ascii_lowercase(), l.c.to_ascii_uppercase());
        Some(if l.case_insensitive && lo != up {
            CharSet::from_ranges(vec![(lo, lo), (up, up)])
        } else {
            CharSet::from_ranges(vec![(l.c, l.c)])
        })
    };
    let nodes = last(ast)?;
    // The first code unit is not also the required one: PCRE2 looks for that after it.
    let first = first_literal(ast);
    if nodes
        .iter()
        .any(|n| first.is_some_and(|f| std::ptr::eq(*n, f)))
    {
        return None;
    }
    let sets: Vec<CharSet> = nodes.iter().map(|n| set_of(n)).collect::<Option<_>>()?;
    let ranges = sets
        .iter()
        .flat_map(|s| s.ranges().iter().copied())
        .collect();
    Some(CharSet::from_ranges(ranges))
}

/// The first item the pattern matches: through sequences (past inline flags and empty
/// items) and plain groups. Recursion is bounded by the parser's nest limit.
fn leading(ast: &Ast) -> Option<&Ast> {
    match &ast.kind {
        AstKind::Concat(items) => leading(
            items
                .iter()
                .find(|n| !matches!(n.kind, AstKind::SetFlags(_) | AstKind::Empty))?,
        ),
        AstKind::Group(g)
            if matches!(g.kind, GroupKind::Capture { .. } | GroupKind::NonCapture(_)) =>
        {
            leading(&g.sub)
        }
        _ => Some(ast),
    }
}

/// The literal the pattern starts with, if it does: PCRE2's "first code unit", after which
/// it looks for the required one (it starts that search one past the match start).
fn first_literal(ast: &Ast) -> Option<&Ast> {
    leading(ast).filter(|n| matches!(n.kind, AstKind::Literal(_)) || single_char_class(n))
}

/// `[x]`: a bracketed class of one literal, which PCRE2 compiles as the literal.
fn single_char_class(node: &Ast) -> bool {
    let AstKind::Class(c) = &node.kind else {
        return false;
    };
    let ClassKind::Bracket(b) = &c.kind else {
        return false;
    };
    !b.negated
        && matches!(&b.set, ClassSet::Union(items) if matches!(items.as_slice(), [ClassItem::Literal(_)]))
}

/// PCRE2's implicit anchoring of a pattern whose every branch starts with `.*` (greedy or
/// lazy, in a pattern without backreferences) or `^`: it only tries the start of the
/// subject and, unless each such `.*` is dot-all and each `^` is not multi-line, the
/// positions after a newline ("startline"). `Some(start_only)` when it applies; a pattern
/// whose branches all start with a plain `^` is anchored ([`Ast::starts_anchored`]).
fn dotstar_start(ast: &Ast, has_backref: bool) -> Option<bool> {
    /// How a branch starts: `Some(start_only)` for `.*` or `^`.
    fn branch(node: &Ast) -> Option<bool> {
        let node = leading(node)?;
        match &node.kind {
            AstKind::Alternation(bs) => {
                let mut start_only = true;
                for b in bs {
                    start_only &= branch(b)?;
                }
                Some(start_only)
            }
            AstKind::Assertion(a) => match a.kind {
                AssertionKind::StartText => Some(true),
                AssertionKind::Caret => Some(!a.multi_line),
                _ => None,
            },
            AstKind::Repetition(r)
                if r.min == 0 && r.max.is_none() && r.greed != Greed::Possessive =>
            {
                match &r.sub.kind {
                    AstKind::Dot(d) => Some(d.dot_all),
                    _ => None,
                }
            }
            _ => None,
        }
    }
    if has_backref || ast.starts_anchored() {
        return None;
    }
    branch(ast)
}

/// Whether java.util.regex compiles a greedy unbounded quantifier over `sub` to its `Loop`
/// node, the one that remembers the positions where a further iteration failed (since
/// JDK 9): `sub` must be a group whose body the JDK's `study` finds non-deterministic —
/// an alternation, a quantifier whose minimum and maximum differ, or a backreference
/// outside lookarounds. A deterministic body (`(?:ab)+`) becomes a `GroupCurly`, and a
/// single atom (`a+`, `[ab]*`) a `Curly`: neither keeps the memo.
fn jdk_loop_body(sub: &Ast) -> bool {
    fn nondeterministic(n: &Ast) -> bool {
        match &n.kind {
            AstKind::Alternation(bs) => bs.len() > 1,
            AstKind::Repetition(r) => r.max != Some(r.min) || nondeterministic(&r.sub),
            AstKind::Backreference(_) => true,
            AstKind::Group(g) => match g.kind {
                // `study` does not look into lookarounds.
                GroupKind::Look { .. } => false,
                _ => nondeterministic(&g.sub),
            },
            AstKind::Concat(items) => items.iter().any(nondeterministic),
            _ => false,
        }
    }
    match &sub.kind {
        AstKind::Group(g) => {
            matches!(g.kind, GroupKind::Capture { .. } | GroupKind::NonCapture(_))
                && nondeterministic(&g.sub)
        }
        _ => false,
    }
}

/// The union of the character sets that can consume the first character of a match, or
/// `None` when a match can be empty or begins with a construct the scan does not follow.
/// With `exact` (for the matcher), a lookaround is stepped over (it consumes nothing, so
/// the first character comes after it) and a loop with a minimum is entered only into its
/// body (its exit is reached without input only through an empty iteration, via its tail) —
/// sound, but sharper than the engines' own scans, which the simulator models.
fn first_chars(insts: &[Inst], sets: &[CharSet], exact: bool) -> Option<CharSet> {
    let mut seen = vec![false; insts.len()];
    let mut stack = vec![0usize];
    let mut ranges: Vec<(char, char)> = Vec::new();
    while let Some(pc) = stack.pop() {
        if pc >= insts.len() || std::mem::replace(&mut seen[pc], true) {
            continue;
        }
        match &insts[pc] {
            Inst::Char(id) => ranges.extend(sets[*id].ranges()),
            Inst::CharBack(_) => return None,
            Inst::Split { first, second } => stack.extend([*first, *second]),
            Inst::Jmp(t) => stack.push(*t),
            Inst::Save(_) | Inst::Look(_) | Inst::LoopInit { .. } | Inst::LoopIter { .. } => {
                stack.push(pc + 1)
            }
            Inst::LoopHead { min, body, .. } if exact && *min > 0 => stack.push(*body),
            Inst::LoopHead { body, exit, .. } => stack.extend([*body, *exit]),
            Inst::LoopTail { head, exit, .. } => stack.extend([*head, *exit]),
            Inst::Sub {
                kind: SubKind::Ahead { .. } | SubKind::Behind { .. } | SubKind::BehindBack { .. },
                next,
                ..
            } if exact => stack.push(*next),
            // An atomic body's first character is the match's; a body that can end without
            // one reaches its `SubEnd`, where the scan gives up.
            Inst::Sub {
                kind: SubKind::Atomic,
                start,
                ..
            } if exact => stack.push(*start),
            Inst::Sub { .. } | Inst::Backref { .. } | Inst::SubEnd | Inst::Match => return None,
        }
    }
    Some(CharSet::from_ranges(ranges))
}

/// The flavor's word characters for `\b`.
fn word_set(flavor: Flavor, flags: Flags) -> CharSet {
    CharSet::from_class(&rxguard_syntax::word_class(flavor, flags))
}

/// Whether sre compiles `node` to REPEAT_ONE or MIN_REPEAT_ONE: a greedy or lazy repeat
/// (not possessive) of one character — a literal, `.`, or a class — with no group around
/// it (`sre_compile._simple`).
fn sre_single_repeat(node: &Ast) -> bool {
    match &node.kind {
        AstKind::Repetition(r) if r.greed != Greed::Possessive => matches!(
            r.sub.kind,
            AstKind::Literal(_) | AstKind::Dot(_) | AstKind::Class(_)
        ),
        _ => false,
    }
}

fn has_capture(node: &Ast) -> bool {
    let mut found = false;
    node.walk(|n| {
        found |= matches!(
            n.kind,
            AstKind::Group(Group {
                kind: GroupKind::Capture { .. },
                ..
            })
        );
    });
    found
}
