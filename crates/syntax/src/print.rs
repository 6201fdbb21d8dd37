//! Writes an Ast back as pattern text in its flavor's syntax.
//!
//! The output is canonical rather than faithful (escapes are normalised, comments and
//! `\Q…\E` quoting are gone), with one promise that the fuzzers check: parsing the printed
//! text with the same flavor and flags gives an Ast of the same shape and content. Like
//! every traversal of a user-controlled tree, it runs on an explicit stack.

use crate::ast::*;
use crate::flavor::{Flags, Flavor};
use std::fmt::Write;

/// Prints `ast` as a pattern for `flavor` with `flags`.
pub fn print(ast: &Ast, flavor: Flavor, flags: Flags) -> String {
    let mut pr = Printer {
        out: String::new(),
        flavor,
        flags,
        after_numbered_backref: false,
    };
    enum Work<'a> {
        Node(&'a Ast),
        Text(String),
    }
    let mut stack = vec![Work::Node(ast)];
    while let Some(w) = stack.pop() {
        let node = match w {
            Work::Text(s) => {
                pr.emit(&s);
                continue;
            }
            Work::Node(n) => n,
        };
        match &node.kind {
            AstKind::Concat(items) => {
                for item in items.iter().rev() {
                    stack.push(Work::Node(item));
                }
            }
            AstKind::Alternation(branches) => {
                for (i, b) in branches.iter().enumerate().rev() {
                    stack.push(Work::Node(b));
                    if i > 0 {
                        stack.push(Work::Text("|".into()));
                    }
                }
            }
            AstKind::Group(g) => {
                stack.push(Work::Text(")".into()));
                stack.push(Work::Node(&g.sub));
                stack.push(Work::Text(pr.group_open(&g.kind)));
            }
            AstKind::Repetition(r) => {
                stack.push(Work::Text(repetition_suffix(r)));
                // A repeated repetition (`a{2}{3}`, Rust's `a???`) is grouped: suffixes
                // written back to back could pair up differently when read again.
                if matches!(r.sub.kind, AstKind::Repetition(_)) {
                    stack.push(Work::Text(")".into()));
                    stack.push(Work::Node(&r.sub));
                    stack.push(Work::Text("(?:".into()));
                } else {
                    stack.push(Work::Node(&r.sub));
                }
            }
            AstKind::Conditional(c) => {
                stack.push(Work::Text(")".into()));
                if let Some(no) = &c.no {
                    stack.push(Work::Node(no));
                    stack.push(Work::Text("|".into()));
                }
                stack.push(Work::Node(&c.yes));
                let cond = match &c.condition {
                    Condition::Group(GroupRef::Number(n)) => n.to_string(),
                    Condition::Group(GroupRef::Name(n)) => match flavor {
                        Flavor::Pcre => format!("<{n}>"),
                        _ => n.clone(),
                    },
                    Condition::Group(GroupRef::Relative(k)) => format!("{k:+}"),
                    Condition::Recursion(r) => r.clone(),
                    Condition::Define => "DEFINE".into(),
                    Condition::Assertion(_) => String::new(),
                };
                stack.push(Work::Text(format!("(?({cond})")));
            }
            _ => pr.leaf(node),
        }
    }
    pr.out
}

struct Printer {
    out: String,
    flavor: Flavor,
    flags: Flags,
    /// A digit right after `\1` would extend the reference: print it as an escape.
    after_numbered_backref: bool,
}

impl Printer {
    fn emit(&mut self, s: &str) {
        self.out.push_str(s);
        self.after_numbered_backref = false;
    }

    fn group_open(&self, kind: &GroupKind) -> String {
        match kind {
            GroupKind::Capture { name: None, .. } => "(".into(),
            GroupKind::Capture { name: Some(n), .. } => match self.flavor {
                Flavor::Python => format!("(?P<{n}>"),
                _ => format!("(?<{n}>"),
            },
            GroupKind::NonCapture(None) => "(?:".into(),
            GroupKind::NonCapture(Some(f)) => format!("(?{}:", f.items),
            GroupKind::Atomic => "(?>".into(),
            GroupKind::Look {
                ahead: true,
                negated,
            } => if *negated { "(?!" } else { "(?=" }.into(),
            GroupKind::Look {
                ahead: false,
                negated,
            } => if *negated { "(?<!" } else { "(?<=" }.into(),
            GroupKind::BranchReset => "(?|".into(),
        }
    }

    fn leaf(&mut self, node: &Ast) {
        let fl = self.flavor;
        match &node.kind {
            AstKind::Empty => {}
            AstKind::Literal(l) => {
                let s = if self.after_numbered_backref && l.c.is_ascii_digit() {
                    format!("\\x{:02X}", l.c as u32)
                } else {
                    self.literal(l.c, false)
                };
                self.emit(&s);
            }
            AstKind::CodeUnit(u) => {
                let s = format!("\\u{u:04X}");
                self.emit(&s)
            }
            AstKind::Dot(_) => self.emit("."),
            AstKind::Assertion(a) => {
                let s = match a.kind {
                    AssertionKind::Caret => "^",
                    AssertionKind::Dollar => "$",
                    AssertionKind::StartText => "\\A",
                    AssertionKind::EndText if fl == Flavor::Python => "\\Z",
                    AssertionKind::EndText => "\\z",
                    AssertionKind::EndTextOptionalNewline => "\\Z",
                    AssertionKind::WordBoundary => "\\b",
                    AssertionKind::NotWordBoundary => "\\B",
                    AssertionKind::PreviousMatchEnd => "\\G",
                    AssertionKind::GraphemeBoundary => "\\b{g}",
                    AssertionKind::WordStart if fl == Flavor::Pcre => "[[:<:]]",
                    AssertionKind::WordEnd if fl == Flavor::Pcre => "[[:>:]]",
                    AssertionKind::WordStart => "\\b{start}",
                    AssertionKind::WordEnd => "\\b{end}",
                    AssertionKind::WordStartHalf => "\\b{start-half}",
                    AssertionKind::WordEndHalf => "\\b{end-half}",
                };
                self.emit(s)
            }
            AstKind::Class(c) => {
                let s = match &c.kind {
                    ClassKind::Perl(p) => perl(p),
                    ClassKind::Unicode(u) => unicode(u),
                    ClassKind::Bracket(b) => self.bracket(b),
                };
                self.emit(&s)
            }
            AstKind::Backreference(b) => {
                let s = match (&b.target, fl) {
                    (GroupRef::Number(n), _) => format!("\\{n}"),
                    (GroupRef::Name(n), Flavor::Python) => format!("(?P={n})"),
                    (GroupRef::Name(n), _) => format!("\\k<{n}>"),
                    (GroupRef::Relative(k), _) => format!("\\g{{{k:+}}}"),
                };
                self.emit(&s);
                self.after_numbered_backref = matches!(b.target, GroupRef::Number(_));
            }
            AstKind::SetFlags(f) => {
                let s = format!("(?{})", f.items);
                self.emit(&s)
            }
            AstKind::Subroutine(t) => {
                let s = match t {
                    GroupRef::Number(0) => "(?R)".to_string(),
                    GroupRef::Number(n) => format!("(?{n})"),
                    GroupRef::Relative(k) => format!("(?{k:+})"),
                    GroupRef::Name(n) => format!("(?&{n})"),
                };
                self.emit(&s)
            }
            AstKind::Verb(v) => {
                let s = match &v.arg {
                    Some(a) => format!("(*{}:{a})", v.name),
                    None => format!("(*{})", v.name),
                };
                self.emit(&s)
            }
            AstKind::Callout => self.emit("(?C)"),
            AstKind::ResetMatchStart => self.emit("\\K"),
            // Containers are expanded by `print`.
            _ => {}
        }
    }

    /// A literal character, escaped where the flavor needs it.
    fn literal(&self, c: char, in_class: bool) -> String {
        let js = self.flavor == Flavor::JavaScript;
        let meta = if in_class {
            // `&&` (Java, Rust) and `~~` (Rust) are class operators.
            // `&&` (Java, Rust) and `~~` (Rust) are operators; `[:`, `[.`, `[=` open POSIX
            // constructs in PCRE2.
            if js {
                "\\]^-[(){}/|"
            } else {
                "\\]^-[&~:.="
            }
        } else {
            "\\^$.|?*+()[]{}"
        };
        if meta.contains(c) {
            return format!("\\{c}");
        }
        let v_reserved =
            js && in_class && self.flags.unicode_sets && "&!#$%*+,.:;<=>?@^`~".contains(c);
        let needs_hex = c.is_control()
            || c.is_whitespace()
            || (!js && c == '#')
            || v_reserved
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{FEFF}');
        if !needs_hex {
            return c.to_string();
        }
        let v = c as u32;
        match self.flavor {
            _ if v < 0x100 => format!("\\x{v:02X}"),
            Flavor::JavaScript | Flavor::Python if v <= 0xFFFF => format!("\\u{v:04X}"),
            Flavor::JavaScript => format!("\\u{{{v:X}}}"),
            Flavor::Python => format!("\\U{v:08X}"),
            _ => format!("\\x{{{v:X}}}"),
        }
    }

    fn bracket(&self, b: &ClassBracket) -> String {
        let mut out = String::from("[");
        if b.negated {
            out.push('^');
        }
        self.set(&b.set, &mut out);
        out.push(']');
        out
    }

    fn set(&self, set: &ClassSet, out: &mut String) {
        // Left-deep chains of operations: walk down the left spine, then print in order.
        let mut spine = Vec::new();
        let mut cur = set;
        while let ClassSet::Op(op) = cur {
            spine.push(op);
            cur = &op.lhs;
        }
        self.union(cur, out);
        for op in spine.iter().rev() {
            out.push_str(match op.kind {
                ClassSetOpKind::Intersection => "&&",
                ClassSetOpKind::Difference => "--",
                ClassSetOpKind::SymmetricDifference => "~~",
            });
            self.union(&op.rhs, out);
        }
    }

    fn union(&self, set: &ClassSet, out: &mut String) {
        match set {
            ClassSet::Union(items) => {
                for item in items {
                    self.item(item, out);
                }
            }
            ClassSet::Op(_) => {
                // A right-nested operation can only come from a nested bracket.
                out.push('[');
                self.set(set, out);
                out.push(']');
            }
        }
    }

    fn item(&self, item: &ClassItem, out: &mut String) {
        match item {
            ClassItem::Literal(c) => out.push_str(&self.literal(*c, true)),
            ClassItem::CodeUnit(u) => {
                let _ = write!(out, "\\u{u:04X}");
            }
            ClassItem::CodeUnitRange(a, b) => {
                let _ = write!(out, "\\u{a:04X}-\\u{b:04X}");
            }
            ClassItem::Range(a, b) => {
                out.push_str(&self.literal(*a, true));
                out.push('-');
                out.push_str(&self.literal(*b, true));
            }
            ClassItem::Perl(p) => out.push_str(&perl(p)),
            ClassItem::Unicode(u) => out.push_str(&unicode(u)),
            ClassItem::Posix { name, negated } => {
                let _ = write!(out, "[:{}{name}:]", if *negated { "^" } else { "" });
            }
            ClassItem::Bracket(b) => out.push_str(&self.bracket(b)),
            ClassItem::Strings(s) => {
                let _ = write!(out, "\\q{{{}}}", s.join("|"));
            }
        }
    }
}

fn repetition_suffix(r: &Repetition) -> String {
    let mut s = match (r.op, r.min, r.max) {
        (RepetitionOp::Star, ..) => "*".to_string(),
        (RepetitionOp::Plus, ..) => "+".to_string(),
        (RepetitionOp::Question, ..) => "?".to_string(),
        (_, min, Some(max)) if min == max => format!("{{{min}}}"),
        (_, min, Some(max)) => format!("{{{min},{max}}}"),
        (_, min, None) => format!("{{{min},}}"),
    };
    match (r.greed, r.swapped) {
        (Greed::Greedy, false) | (Greed::Lazy, true) => {}
        (Greed::Lazy, false) | (Greed::Greedy, true) => s.push('?'),
        (Greed::Possessive, _) => s.push('+'),
    }
    s
}

fn perl(p: &ClassPerl) -> String {
    let c = match p.kind {
        ClassPerlKind::Digit => 'd',
        ClassPerlKind::Space => 's',
        ClassPerlKind::Word => 'w',
        ClassPerlKind::HorizontalSpace => 'h',
        ClassPerlKind::VerticalSpace => 'v',
        ClassPerlKind::NotNewline => 'N',
        ClassPerlKind::LineBreak => 'R',
        ClassPerlKind::Grapheme => 'X',
        ClassPerlKind::CodeUnit => 'C',
    };
    let c = if p.negated { c.to_ascii_uppercase() } else { c };
    format!("\\{c}")
}

fn unicode(u: &ClassUnicode) -> String {
    let p = if u.negated { 'P' } else { 'p' };
    match &u.value {
        Some(v) => format!("\\{p}{{{}={v}}}", u.name),
        None => format!("\\{p}{{{}}}", u.name),
    }
}
