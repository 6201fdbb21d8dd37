//! PCRE2's auto-possessification, so that the simulator takes the steps PCRE2 takes.
//!
//! When PCRE2 compiles a pattern it turns a repeat of one character item (`a*`, `\d+`,
//! `[^"]*?`, `\s{2,5}`) possessive where backtracking into it cannot help: whatever may
//! come next never starts with a character the repeat matches (`\d+\.` becomes `\d++\.`).
//! The match is the same; the work is not — a possessive repeat gives nothing back, so a
//! finding whose steps are mostly such give-backs runs many times faster on PCRE2 than the
//! simulator's count of the plain repeat says (measured: of 511 timed attacks, the 108
//! that ran over 5× the median speed fell back to it with `PCRE2_NO_AUTO_POSSESS`).
//!
//! [`auto_possessive`] finds those repeats in a PCRE-flavor Ast, and the compiler compiles
//! them as possessive. It decides as PCRE2 10.42 does (`pcre2_auto_possess.c`), by the same
//! rules rather than the same byte code:
//! - the items that may follow are looked at in order, skipping past the end of a group
//!   that is not repeated and into every branch of a group that comes next; an item that
//!   can match empty (`x*`, `(…)?`) lets the look go on past it;
//! - the end of the pattern allows a greedy repeat; the end of a repeated group, a lazy
//!   repeat reaching a group's end, and anything not listed below stop the look with "no";
//! - a character item that follows allows it when the two share no character, with
//!   PCRE2's exceptions: `.` on either side never does, nor a negated single character
//!   (`[^x]`) against anything but a literal;
//! - `$` allows `\d`, `\S`, `\w` and literals other than line breaks; `$` in multi-line
//!   mode only those three types; `\z` every literal and type; none of them a class;
//! - the end of an atomic group or lookaround allows it when no group was entered on the
//!   way (PCRE2 checks only the first).
//!
//! Unicode property classes, `\R`, `\X` and the rest are left as written, as PCRE2 leaves
//! most of them; like PCRE2, the look gives up after 1,000 checks in one pattern.

use rxguard_syntax::ast::*;
use rxguard_syntax::{utf8_char_set, Flags, Flavor};
use std::collections::HashSet;

/// The repeats of `ast` (a PCRE-flavor pattern) that PCRE2 makes possessive, by node
/// address (the Ast is borrowed for as long as the set is used).
pub(crate) fn auto_possessive(ast: &Ast, flags: Flags) -> HashSet<usize> {
    let mut found = HashSet::new();
    let mut off = false;
    ast.walk(|n| {
        off |= matches!(&n.kind, AstKind::Verb(v) if v.name == "NO_AUTO_POSSESS");
    });
    if off {
        return found;
    }
    let mut walk = Walk {
        flags,
        budget: CHECK_BUDGET,
        found: &mut found,
    };
    walk.visit(ast, &Cont::End);
    found
}

/// How many checks PCRE2 makes in one pattern before it stops possessifying
/// (`rec_limit`).
const CHECK_BUDGET: u32 = 1_000;

/// What comes after a point in the pattern.
#[derive(Clone, Copy)]
enum Cont<'a> {
    /// The end of the pattern.
    End,
    /// These items, then the rest.
    Seq(&'a [Ast], &'a Cont<'a>),
    /// The end of a group, then the rest.
    Close(Close<'a>, &'a Cont<'a>),
}

/// What the end of a group does to the look.
#[derive(Clone, Copy)]
enum Close<'a> {
    /// A group matched once or optionally: look past it.
    Plain,
    /// An atomic group or lookaround: allowed if no group was entered on the way.
    Atomic,
    /// A group with a maximum count (`{2}`, `{1,3}`), which PCRE2 compiles as copies: the
    /// end of one is followed by the next copy or by the rest, so both must allow it.
    Counted(&'a Ast),
    /// A group that may repeat without end: what follows it varies, so no.
    Repeated,
}

/// How the end of a repeated capturing or plain group closes.
fn repeated_close<'a>(r: &Repetition, g: &'a Group) -> Close<'a> {
    match (r.max, &g.kind) {
        (_, GroupKind::Look { .. }) | (_, GroupKind::Atomic) if r.max == Some(1) => Close::Atomic,
        (Some(1), _) => Close::Plain,
        (Some(_), GroupKind::Capture { .. } | GroupKind::NonCapture(_)) => Close::Counted(&g.sub),
        _ => Close::Repeated,
    }
}

/// A single-character item as PCRE2's rules see it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A literal (and its other case).
    Char,
    /// A negated single character, `[^x]`.
    NotChar,
    /// `\d \s \w \h \v` or a negation, outside brackets: `(kind, negated)`.
    Type(ClassPerlKind, bool),
    /// A bracketed class; `wide` when it matches a character above U+00FF (PCRE2 then
    /// compares it with a type or another such class not at all).
    Class {
        /// It matches characters above U+00FF.
        wide: bool,
    },
    /// A class with a Unicode property in it: compared with literals only.
    Property,
    /// `.` or `\N`.
    Dot,
}

/// The repeat being decided.
struct Base {
    shape: Shape,
    set: regex_syntax::hir::ClassUnicode,
    greedy: bool,
}

/// What one following item says.
enum Step<'a> {
    /// The look ends with this answer.
    Answer(bool),
    /// The item shares nothing with the repeat but can match empty: look past it.
    Past,
    /// A group to look into: its body, what its end does, and whether it may be skipped
    /// (then what follows it must allow the repeat too).
    Enter(&'a Ast, Close<'a>, bool),
}

struct Walk<'f> {
    flags: Flags,
    budget: u32,
    found: &'f mut HashSet<usize>,
}

impl Walk<'_> {
    /// Decides every repeat inside `node`, which `cont` follows.
    fn visit(&mut self, node: &Ast, cont: &Cont<'_>) {
        match &node.kind {
            AstKind::Concat(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.visit(item, &Cont::Seq(&items[i + 1..], cont));
                }
            }
            AstKind::Alternation(branches) => {
                for b in branches {
                    self.visit(b, cont);
                }
            }
            AstKind::Group(g) => {
                let close = match g.kind {
                    GroupKind::Atomic | GroupKind::Look { .. } => Close::Atomic,
                    _ => Close::Plain,
                };
                self.visit(&g.sub, &Cont::Close(close, cont));
            }
            AstKind::Repetition(r) => {
                if let Some(base) = self.base(r) {
                    if self.look(&base, cont, false) {
                        self.found.insert(node as *const Ast as usize);
                    }
                } else if let AstKind::Group(g) = &r.sub.kind {
                    self.visit(&g.sub, &Cont::Close(repeated_close(r, g), cont));
                } else {
                    self.visit(&r.sub, &Cont::Close(Close::Repeated, cont));
                }
            }
            _ => {}
        }
    }

    /// The repeat as a candidate: a greedy or lazy repeat of one character item whose
    /// count can vary.
    fn base(&self, r: &Repetition) -> Option<Base> {
        if r.greed == Greed::Possessive || r.max == Some(r.min) {
            return None;
        }
        let shape = shape(&r.sub, self.flags)?;
        let set = self.set(&r.sub)?;
        Some(Base {
            shape,
            set,
            greedy: r.greed == Greed::Greedy,
        })
    }

    fn set(&self, node: &Ast) -> Option<regex_syntax::hir::ClassUnicode> {
        utf8_char_set(node, Flavor::Pcre, self.flags)?.ok()
    }

    /// One of PCRE2's checks — whether what `cont` holds lets the repeat `base` be
    /// possessive — counted against the budget.
    fn look(&mut self, base: &Base, cont: &Cont<'_>, entered: bool) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        self.go_on(base, cont, entered)
    }

    /// The walk of one check along `cont`.
    fn go_on(&mut self, base: &Base, cont: &Cont<'_>, entered: bool) -> bool {
        let mut cont = *cont;
        loop {
            match cont {
                Cont::End => return base.greedy,
                Cont::Close(close, next) => {
                    if !base.greedy {
                        return false;
                    }
                    match close {
                        Close::Plain => cont = *next,
                        Close::Atomic => return !entered,
                        Close::Counted(body) => {
                            // The next copy (its own end is not looked past), then the rest.
                            if !self.enter(base, body, Close::Repeated, next) {
                                return false;
                            }
                            cont = *next;
                        }
                        Close::Repeated => return false,
                    }
                }
                Cont::Seq(items, next) => {
                    let mut i = 0;
                    while i < items.len() {
                        match self.step(base, &items[i]) {
                            Step::Answer(a) => return a,
                            Step::Past => i += 1,
                            Step::Enter(body, close, optional) => {
                                let after = Cont::Seq(&items[i + 1..], next);
                                if optional && !self.look(base, &after, false) {
                                    return false;
                                }
                                return self.enter(base, body, close, &after);
                            }
                        }
                    }
                    cont = *next;
                }
            }
        }
    }

    /// Looks into a group: every branch but the last on its own (PCRE2 starts each such
    /// check afresh), the last as the look's own continuation.
    fn enter(&mut self, base: &Base, body: &Ast, close: Close<'_>, after: &Cont<'_>) -> bool {
        let closing = Cont::Close(close, after);
        let branches = match &body.kind {
            AstKind::Alternation(b) => b.as_slice(),
            _ => std::slice::from_ref(body),
        };
        let Some((last, others)) = branches.split_last() else {
            return false;
        };
        for b in others {
            if !self.look(base, &Cont::Seq(items(b), &closing), false) {
                return false;
            }
        }
        self.go_on(base, &Cont::Seq(items(last), &closing), true)
    }

    fn step<'a>(&self, base: &Base, item: &'a Ast) -> Step<'a> {
        match &item.kind {
            AstKind::Empty | AstKind::SetFlags(_) | AstKind::Callout => Step::Past,
            AstKind::Concat(_) | AstKind::Alternation(_) => Step::Enter(item, Close::Plain, false),
            AstKind::Literal(_) | AstKind::Dot(_) | AstKind::Class(_) => {
                Step::Answer(self.disjoint(base, item))
            }
            AstKind::Repetition(r) => match &r.sub.kind {
                AstKind::Group(g) => {
                    if matches!(g.kind, GroupKind::Look { .. } | GroupKind::BranchReset) {
                        return Step::Answer(false);
                    }
                    Step::Enter(&g.sub, repeated_close(r, g), r.min == 0)
                }
                _ if shape(&r.sub, self.flags).is_some() => {
                    if !self.disjoint(base, &r.sub) {
                        Step::Answer(false)
                    } else if r.min == 0 {
                        Step::Past
                    } else {
                        Step::Answer(true)
                    }
                }
                _ => Step::Answer(false),
            },
            AstKind::Group(g) => match g.kind {
                GroupKind::Capture { .. } | GroupKind::NonCapture(_) => {
                    Step::Enter(&g.sub, Close::Plain, false)
                }
                GroupKind::Atomic => Step::Enter(&g.sub, Close::Atomic, false),
                _ => Step::Answer(false),
            },
            AstKind::Assertion(a) => Step::Answer(before_assertion(base, a)),
            _ => Step::Answer(false),
        }
    }

    /// Whether `next`, a character item, cannot start with what the repeat matches, by
    /// PCRE2's rules for the pair.
    fn disjoint(&self, base: &Base, next: &Ast) -> bool {
        let Some(shape_next) = shape(next, self.flags) else {
            return false;
        };
        let comparable = match (base.shape, shape_next) {
            (Shape::Dot, _) | (_, Shape::Dot) => false,
            (Shape::NotChar | Shape::Property, s) | (s, Shape::NotChar | Shape::Property) => {
                s == Shape::Char
            }
            (Shape::Class { wide: true }, Shape::Type(..) | Shape::Class { wide: true })
            | (Shape::Type(..), Shape::Class { wide: true }) => false,
            _ => true,
        };
        if !comparable {
            return false;
        }
        let Some(mut set) = self.set(next) else {
            return false;
        };
        set.intersect(&base.set);
        set.ranges().is_empty()
    }
}

/// A branch as the items in it.
fn items(branch: &Ast) -> &[Ast] {
    match &branch.kind {
        AstKind::Concat(items) => items,
        _ => std::slice::from_ref(branch),
    }
}

/// PCRE2's rules for a repeat followed by `$`, `\Z` or `\z`.
fn before_assertion(base: &Base, a: &Assertion) -> bool {
    let line_breaks = [
        '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}',
    ];
    let no_line_break = || {
        !base
            .set
            .ranges()
            .iter()
            .any(|r| line_breaks.iter().any(|&c| r.start() <= c && c <= r.end()))
    };
    let before_dollar_type = matches!(
        base.shape,
        Shape::Type(ClassPerlKind::Digit, false)
            | Shape::Type(ClassPerlKind::Space, true)
            | Shape::Type(ClassPerlKind::Word, false)
    );
    match a.kind {
        AssertionKind::Dollar if a.multi_line => before_dollar_type,
        AssertionKind::Dollar | AssertionKind::EndTextOptionalNewline => {
            before_dollar_type || (base.shape == Shape::Char && no_line_break())
        }
        AssertionKind::EndText => matches!(base.shape, Shape::Char | Shape::Type(..) | Shape::Dot),
        _ => false,
    }
}

/// The shape of a single-character item, `None` for anything PCRE2 does not compare.
fn shape(node: &Ast, flags: Flags) -> Option<Shape> {
    match &node.kind {
        AstKind::Literal(_) => Some(Shape::Char),
        AstKind::Dot(_) => Some(Shape::Dot),
        AstKind::Class(c) => match &c.kind {
            ClassKind::Perl(p) => match p.kind {
                ClassPerlKind::Digit
                | ClassPerlKind::Space
                | ClassPerlKind::Word
                | ClassPerlKind::HorizontalSpace
                | ClassPerlKind::VerticalSpace => Some(Shape::Type(p.kind, p.negated)),
                ClassPerlKind::NotNewline => Some(Shape::Dot),
                _ => None,
            },
            ClassKind::Bracket(b) => match &b.set {
                ClassSet::Union(items) if items.iter().any(has_property) => Some(Shape::Property),
                ClassSet::Union(items) => match items.as_slice() {
                    [ClassItem::Literal(_)] if b.negated => Some(Shape::NotChar),
                    _ => Some(class_shape(node, flags)),
                },
                ClassSet::Op(_) => None,
            },
            ClassKind::Unicode(_) => Some(Shape::Property),
            _ => None,
        },
        _ => None,
    }
}

/// A bracketed class by what it matches: one character, or one and its other case, is
/// compiled as a literal; one that matches a character above U+00FF is "wide" (PCRE2's
/// `XCLASS`, or `NCLASS` for a negated one: both compared with literals and narrow classes
/// only).
fn class_shape(node: &Ast, flags: Flags) -> Shape {
    let Some(Ok(set)) = utf8_char_set(node, Flavor::Pcre, flags) else {
        return Shape::Property;
    };
    let chars: Vec<char> = set
        .ranges()
        .iter()
        .flat_map(|r| (r.start()..=r.end()).take(3))
        .take(3)
        .collect();
    let case_pair = |a: char, b: char| a != b && a.eq_ignore_ascii_case(&b);
    match chars.as_slice() {
        [_] => Shape::Char,
        [a, b] if case_pair(*a, *b) => Shape::Char,
        _ => Shape::Class {
            wide: set.ranges().last().is_some_and(|r| r.end() > '\u{ff}'),
        },
    }
}

fn has_property(item: &ClassItem) -> bool {
    match item {
        ClassItem::Unicode(_) | ClassItem::Strings(_) => true,
        ClassItem::Bracket(b) => match &b.set {
            ClassSet::Union(items) => items.iter().any(has_property),
            ClassSet::Op(_) => true,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rxguard_syntax::parse;

    /// Each variable repeat of one character item, by the byte offset where it starts, and
    /// whether it ends up possessive: written so, or made so here.
    fn repeats(pattern: &str, flags: &str) -> Option<Vec<(usize, bool)>> {
        let flags = Flags::parse(Flavor::Pcre, flags).ok()?;
        let ast = parse(pattern, Flavor::Pcre, flags).ok()?;
        let auto = auto_possessive(&ast, flags);
        let mut out = Vec::new();
        ast.walk(|n| {
            if let AstKind::Repetition(r) = &n.kind {
                let single = matches!(
                    r.sub.kind,
                    AstKind::Literal(_) | AstKind::Dot(_) | AstKind::Class(_)
                );
                if single && r.max != Some(r.min) {
                    let written = r.greed == Greed::Possessive;
                    let made = auto.contains(&(n as *const Ast as usize));
                    out.push((n.span.start, written || made));
                }
            }
        });
        out.sort_unstable();
        Some(out)
    }

    fn possessive(pattern: &str) -> Vec<bool> {
        let repeats = repeats(pattern, "").unwrap_or_default();
        repeats.into_iter().map(|(_, p)| p).collect()
    }

    #[test]
    fn the_rules_on_their_own() {
        // A disjoint literal, class or type after the repeat.
        assert_eq!(possessive(r"\d+\.\d+"), [true, true]);
        assert_eq!(possessive(r#"[^"]*""#), [true]);
        assert_eq!(possessive(r"a+b"), [true]);
        assert_eq!(possessive(r"a*?b"), [true]);
        // Overlap, `.`, and a negated character against a class: left alone.
        assert_eq!(possessive(r"\w+\d"), [false]);
        assert_eq!(possessive(r".*x"), [false]);
        assert_eq!(possessive(r"[^a]+[^ab]"), [false]);
        // Past an item that can be empty, into every branch, out of a group.
        assert_eq!(possessive(r"\s*[+-]?\s*(?:\d|x)"), [false, true, true]);
        assert_eq!(possessive(r"a+(?:b|a)"), [false]);
        assert_eq!(possessive(r"(a+)b"), [true]);
        // A repeated group's end; a lazy repeat at a group's end or the pattern's.
        assert_eq!(possessive(r"(\w+\s?)*$"), [false, false]);
        assert_eq!(possessive(r"(?:a+?)b"), [false]);
        assert_eq!(possessive(r"a+"), [true]);
        assert_eq!(possessive(r"a+?"), [false]);
        // `$`: `\d \S \w` and literals; not classes.
        assert_eq!(possessive(r"\S+$"), [true]);
        assert_eq!(possessive(r"\s+$"), [false]);
        assert_eq!(possessive(r"[a-z]+$"), [false]);
        assert_eq!(possessive(r"(*NO_AUTO_POSSESS)\d+\."), [false]);
    }

    /// Against PCRE2 10.42's compiler on real patterns (`scripts/eval/auto_possess.py`):
    /// the CVE set and 3,000 patterns of the davis sample, as PCRE2 patterns.
    #[test]
    fn as_pcre2_compiles_real_patterns() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../testdata/pcre2/auto-possess.jsonl"
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let (mut compared, mut skipped) = (0, 0);
        let mut wrong = Vec::new();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            let (Some(p), Some(f)) = (v["pattern"].as_str(), v["flags"].as_str()) else {
                continue;
            };
            // `\R` (expanded before compiling) and conditionals are not simulated as PCRE2
            // compiles them.
            if p.contains("\\R") || p.contains("(?(") {
                skipped += 1;
                continue;
            }
            let Some(got) = repeats(p, f) else {
                skipped += 1;
                continue;
            };
            for r in v["repeats"].as_array().into_iter().flatten() {
                let (Some(at), Some(want)) = (r[0].as_u64(), r[1].as_bool()) else {
                    continue;
                };
                let Some(&(_, here)) = got.iter().find(|(o, _)| *o as u64 == at) else {
                    continue;
                };
                compared += 1;
                if here != want {
                    wrong.push(format!("{p:?} at {at}: PCRE2 {want}, here {here}"));
                }
            }
        }
        assert!(
            compared >= 8_000,
            "only {compared} repeats compared ({skipped} patterns skipped)"
        );
        assert!(
            wrong.is_empty(),
            "{} of {compared} repeats differ:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}
