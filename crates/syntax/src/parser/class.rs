//! Bracketed character classes `[…]`.
//!
//! Four grammars behind one bracket: plain unions with ranges (Python, JavaScript without
//! `v`), PCRE2's POSIX classes `[:alpha:]`, Java's nested unions and `&&` intersections,
//! and JavaScript `v` mode's nested classes, `&&`/`--` operators and `\q{…}` strings.
//! Nested brackets count toward the nest limit like groups do; they are parsed with an
//! explicit stack of open brackets, never by recursion.

use super::escape::Escape;
use super::P;
use crate::ast::*;
use crate::error::{Error, ErrorKind};
use crate::flavor::Flavor;
use crate::span::Span;
use crate::unicode;

/// An open bracket while parsing.
struct Open {
    start: usize,
    negated: bool,
    /// Finished operands of `&&`/`--` chains: (operator, set) in order.
    ops: Vec<(ClassSetOpKind, ClassSet)>,
    /// The operand being built.
    items: Vec<ClassItem>,
    /// The operator that will join `items` to the previous operand.
    pending_op: Option<ClassSetOpKind>,
    /// Whether any member was read (a deferred, unrepresented one counts; an empty
    /// `\Q\E` does not): a `]` before that is a literal in most flavors.
    started: bool,
    /// Whether any member was read (including one not represented, like a deferred
    /// surrogate range); operators do not count.
    has_member: bool,
}

impl Open {
    fn new(start: usize, negated: bool) -> Open {
        Open {
            start,
            negated,
            ops: Vec::new(),
            items: Vec::new(),
            pending_op: None,
            started: false,
            has_member: false,
        }
    }

    /// Folds operands into a left-associated set expression.
    fn finish(mut self, span: Span) -> ClassBracket {
        let last = ClassSet::Union(std::mem::take(&mut self.items));
        let mut acc: Option<ClassSet> = None;
        let mut operands: Vec<(Option<ClassSetOpKind>, ClassSet)> =
            self.ops.into_iter().map(|(k, s)| (Some(k), s)).collect();
        operands.push((self.pending_op, last));
        // Each entry: (operator joining this operand to the previous one, operand). An
        // empty operand is dropped, as Java does (`[a&&]` is `[a]`); JavaScript rejects
        // empty operands before this point.
        let empty = |s: &ClassSet| matches!(s, ClassSet::Union(v) if v.is_empty());
        for (op, set) in operands {
            acc = Some(match (acc, op) {
                (None, _) => set,
                (Some(lhs), _) if empty(&set) => lhs,
                (Some(lhs), _) if empty(&lhs) => set,
                (Some(lhs), Some(kind)) => ClassSet::Op(Box::new(ClassSetOp {
                    kind,
                    lhs,
                    rhs: set,
                })),
                (Some(lhs), None) => lhs,
            });
        }
        ClassBracket {
            span,
            negated: self.negated,
            set: acc.unwrap_or(ClassSet::Union(Vec::new())),
        }
    }
}

/// Whether `items` is one operand of a `v`-mode set operation.
fn single_operand(items: &[ClassItem]) -> bool {
    items.len() == 1
        && !matches!(
            items[0],
            ClassItem::Range(..) | ClassItem::CodeUnitRange(..)
        )
}

/// A class member before ranges are formed.
enum Atom {
    Char(char),
    Unit(u16),
    Item(ClassItem),
}

impl<'a> P<'a> {
    /// At `[`: parses the whole class.
    pub(super) fn parse_class(&mut self) -> Result<Class, Error> {
        let case_insensitive = self.mode.case_insensitive;
        let ascii_case = self.mode.ascii_case;
        let ascii = self.mode.ascii;
        let outer_start = self.pos;
        let mut stack: Vec<Open> = Vec::new();
        self.open_bracket(&mut stack)?;
        loop {
            self.class_item_start = self.pos;
            let Some(top) = stack.last() else { break };
            // Nothing parsed yet (an empty `\Q\E` does not count): a `]` here is a literal.
            let first = !top.started && top.items.is_empty() && top.ops.is_empty();
            if self.mode.verbose && (self.flavor == Flavor::Java || self.mode.verbose_classes) {
                self.skip_class_space();
            }
            let Some(c) = self.peek() else {
                let start = stack.first().map_or(outer_start, |o| o.start);
                return Err(self.err(ErrorKind::ClassUnclosed, Span::new(start, self.p.len())));
            };
            if self.quoting {
                if self.eat_str("\\E") {
                    self.quoting = false;
                } else {
                    self.bump();
                    self.class_atom(&mut stack, Atom::Char(c))?;
                }
                continue;
            }
            // `]` first in the class is a literal, except in JavaScript.
            if c == ']' && first && !matches!(self.flavor, Flavor::JavaScript) {
                self.bump();
                self.class_atom(&mut stack, Atom::Char(']'))?;
                continue;
            }
            match c {
                ']' => {
                    self.bump();
                    let Some(open) = stack.pop() else { break };
                    // Java rejects a class with no members at all (`[&&]`).
                    let no_members = !open.has_member
                        && open.items.is_empty()
                        && open
                            .ops
                            .iter()
                            .all(|(_, s)| matches!(s, ClassSet::Union(v) if v.is_empty()));
                    if self.flavor == Flavor::Java && no_members {
                        return Err(self.err(
                            ErrorKind::ClassInvalid {
                                why: "bad class syntax: no members",
                            },
                            Span::new(open.start, self.pos),
                        ));
                    }
                    if open.pending_op.is_some()
                        && !single_operand(&open.items)
                        && self.flavor == Flavor::JavaScript
                    {
                        return Err(self.err(
                            ErrorKind::ClassInvalid {
                                why: "missing operand",
                            },
                            Span::new(open.start, self.pos),
                        ));
                    }
                    let span = Span::new(open.start, self.pos);
                    let bracket = open.finish(span);
                    match stack.last_mut() {
                        Some(parent) => {
                            self.charge(1)?;
                            parent.items.push(ClassItem::Bracket(Box::new(bracket)));
                        }
                        None => {
                            return Ok(Class {
                                kind: ClassKind::Bracket(bracket),
                                case_insensitive,
                                ascii_case,
                                ascii,
                            });
                        }
                    }
                }
                '[' if self.nested_classes() => {
                    self.open_bracket(&mut stack)?;
                }
                '[' if self.flavor == Flavor::Pcre
                    && matches!(self.peek_at(1), Some(':') | Some('.') | Some('=')) =>
                {
                    self.posix_class(&mut stack)?;
                }
                '[' if self.flavor == Flavor::Python && self.peek_at(1) == Some(':') => {
                    // Python: `[:` is literal text (with a FutureWarning).
                    self.bump();
                    self.class_atom(&mut stack, Atom::Char('['))?;
                }
                '&' if self.peek_at(1) == Some('&') && self.class_ops() => {
                    self.pos += 2;
                    self.class_operator(&mut stack, ClassSetOpKind::Intersection)?;
                }
                '-' if self.flags.unicode_sets
                    && self.flavor == Flavor::JavaScript
                    && self.peek_at(1) == Some('-') =>
                {
                    self.pos += 2;
                    self.class_operator(&mut stack, ClassSetOpKind::Difference)?;
                }
                '\\' => {
                    let start = self.pos;
                    let esc = self.parse_escape(true)?;
                    let atom = match esc {
                        // JavaScript without u/v: an escaped astral character is two code
                        // units, like an unescaped one.
                        Escape::Literal(c) => match self.code_units(c) {
                            Some((hi, lo)) => {
                                self.add_item(&mut stack, Atom::Unit(hi))?;
                                Atom::Unit(lo)
                            }
                            None => Atom::Char(c),
                        },
                        Escape::CodeUnit(u) => Atom::Unit(u),
                        Escape::Perl(p) => Atom::Item(ClassItem::Perl(p)),
                        Escape::Unicode(u) => Atom::Item(ClassItem::Unicode(u)),
                        Escape::Strings(s) => Atom::Item(ClassItem::Strings(s)),
                        Escape::QuoteStart => {
                            self.quoting = true;
                            continue;
                        }
                        // Java rejects a stray `\E` inside a class; PCRE2 ignores it.
                        Escape::Nothing if self.flavor == Flavor::Java => {
                            return Err(
                                self.err(ErrorKind::EscapeUnrecognized, Span::new(start, self.pos))
                            );
                        }
                        Escape::Nothing => continue,
                        Escape::LiteralBackslash => Atom::Char('\\'),
                        _ => {
                            return Err(
                                self.err(ErrorKind::EscapeUnrecognized, Span::new(start, self.pos))
                            );
                        }
                    };
                    self.class_atom(&mut stack, atom)?;
                }
                _ => {
                    if self.flags.unicode_sets && self.flavor == Flavor::JavaScript {
                        self.check_v_char(c)?;
                    }
                    self.bump();
                    match self.code_units(c) {
                        Some((hi, lo)) => {
                            self.add_item(&mut stack, Atom::Unit(hi))?;
                            self.class_atom(&mut stack, Atom::Unit(lo))?;
                        }
                        None => self.class_atom(&mut stack, Atom::Char(c))?,
                    }
                }
            }
        }
        Err(self.err(
            ErrorKind::ClassUnclosed,
            Span::new(outer_start, self.p.len()),
        ))
    }

    /// Whether `[` inside a class opens a nested class.
    fn nested_classes(&self) -> bool {
        match self.flavor {
            Flavor::Java => true,
            Flavor::JavaScript => self.flags.unicode_sets,
            _ => false,
        }
    }

    /// Whether `&&` is an operator inside classes.
    fn class_ops(&self) -> bool {
        match self.flavor {
            Flavor::Java => true,
            Flavor::JavaScript => self.flags.unicode_sets,
            _ => false,
        }
    }

    fn open_bracket(&mut self, stack: &mut Vec<Open>) -> Result<(), Error> {
        let start = self.pos;
        self.bump(); // '['
        let depth = self.stack.len() as u32 + stack.len() as u32 + 1;
        if depth > self.cfg.get_nest_limit() {
            let limit = self.cfg.get_nest_limit();
            return Err(self.err(
                ErrorKind::NestLimitExceeded { limit },
                Span::new(start, self.pos),
            ));
        }
        let negated = self.eat('^');
        stack.push(Open::new(start, negated));
        Ok(())
    }

    fn skip_class_space(&mut self) {
        while let Some(c) = self.peek() {
            // Java's COMMENTS mode skips `#` comments inside classes as well.
            if c == '#' && self.flavor == Flavor::Java {
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                }
                continue;
            }
            let skip = match self.flavor {
                Flavor::Java => matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'),
                _ => matches!(c, ' ' | '\t'),
            };
            if !skip {
                return;
            }
            self.bump();
        }
    }

    /// JavaScript `v` mode: syntax characters must be escaped, and doubled punctuators are
    /// reserved.
    fn check_v_char(&self, c: char) -> Result<(), Error> {
        if "()[]{}/-|".contains(c) {
            return Err(self.err_here(ErrorKind::ClassInvalid {
                why: "character must be escaped in a v-mode class",
            }));
        }
        if "&!#$%*+,.:;<=>?@^`~".contains(c) && self.peek_at(1) == Some(c) {
            return Err(self.err_here(ErrorKind::ClassInvalid {
                why: "reserved double punctuator in a v-mode class",
            }));
        }
        Ok(())
    }

    /// `&&` or `--`: ends the current operand.
    fn class_operator(&mut self, stack: &mut [Open], kind: ClassSetOpKind) -> Result<(), Error> {
        let at = self.pos;
        let Some(top) = stack.last_mut() else {
            return Ok(());
        };
        let js = self.flavor == Flavor::JavaScript;
        // `v` mode: each operand is exactly one class, character or string set (no range).
        if js && !single_operand(&top.items) {
            return Err(self.err(
                ErrorKind::ClassInvalid {
                    why: "set operation needs single operands",
                },
                Span::new(at - 2, at),
            ));
        }
        if js && top.pending_op.is_some_and(|p| p != kind) {
            return Err(self.err(
                ErrorKind::ClassInvalid {
                    why: "mixed set operators need brackets",
                },
                Span::new(at - 2, at),
            ));
        }
        if js && self.peek() == Some('&') && kind == ClassSetOpKind::Intersection {
            return Err(self.err(
                ErrorKind::ClassInvalid {
                    why: "reserved double punctuator",
                },
                Span::new(at - 2, at + 1),
            ));
        }
        let items = std::mem::take(&mut top.items);
        let op = top.pending_op.take();
        if top.ops.len() as u32 >= self.cfg.get_nest_limit() {
            let limit = self.cfg.get_nest_limit();
            return Err(self.err(
                ErrorKind::NestLimitExceeded { limit },
                Span::new(at - 2, at),
            ));
        }
        // Java: `[&&a]` and `[a&&]` just drop the empty side.
        let operand = ClassSet::Union(items);
        match op {
            Some(k) => top.ops.push((k, operand)),
            None if top.ops.is_empty() => top.ops.push((kind, operand)),
            None => top.ops.push((kind, operand)),
        }
        top.pending_op = Some(kind);
        top.started = true;
        Ok(())
    }

    /// PCRE2 `[:alpha:]`, `[:^alpha:]` inside a class; `[.x.]` and `[=x=]` are errors.
    fn posix_class(&mut self, stack: &mut [Open]) -> Result<(), Error> {
        let start = self.pos;
        let kind = self.peek_at(1).unwrap_or(':');
        let close: String = [kind, ']'].iter().collect();
        let Some(len) = self.rest()[2..].find(close.as_str()) else {
            // No terminator: `[` is a literal.
            self.bump();
            return self.class_atom_slice(stack, '[');
        };
        let body = &self.rest()[2..2 + len];
        if body.contains(']') {
            self.bump();
            return self.class_atom_slice(stack, '[');
        }
        if kind != ':' {
            self.pos += 2 + len + 2;
            return Err(self.err(
                ErrorKind::ClassInvalid {
                    why: "POSIX collating elements are not supported",
                },
                Span::new(start, self.pos),
            ));
        }
        let (negated, name) = match body.strip_prefix('^') {
            Some(n) => (true, n.to_string()),
            None => (false, body.to_string()),
        };
        self.pos += 2 + len + 2;
        if !unicode::POSIX_CLASSES.contains(&name.as_str()) {
            return Err(self.err(ErrorKind::PropertyUnknown, Span::new(start, self.pos)));
        }
        self.charge(1)?;
        if let Some(top) = stack.last_mut() {
            top.items.push(ClassItem::Posix { name, negated });
        }
        Ok(())
    }

    fn class_atom_slice(&mut self, stack: &mut [Open], c: char) -> Result<(), Error> {
        self.class_atom(stack, Atom::Char(c))
    }

    /// Adds a member, forming a range when a `-` and an end point follow.
    fn class_atom(&mut self, stack: &mut [Open], atom: Atom) -> Result<(), Error> {
        if let Some(top) = stack.last_mut() {
            top.started = true;
            top.has_member = true;
        }
        let range_start = self.class_item_start;
        let v_difference = self.flags.unicode_sets
            && self.flavor == Flavor::JavaScript
            && self.peek_at(1) == Some('-');
        let is_range = self.peek() == Some('-')
            && !matches!(self.peek_at(1), Some(']') | None)
            && !v_difference
            && !self.quoting;
        if !is_range {
            return self.add_item(stack, atom);
        }
        // Java: `[a-&&b]`? The `-` before `&&` is a literal.
        if self.flavor == Flavor::Java && self.rest()[1..].starts_with("&&") {
            return self.add_item(stack, atom);
        }
        self.bump(); // '-'
        let end_start = self.pos;
        let end = if self.peek() == Some('\\') {
            match self.parse_escape(true)? {
                Escape::Literal(c) if self.code_units(c).is_some() => {
                    // The range ends at the high surrogate; the low one is a member.
                    let (hi, lo) = self.code_units(c).unwrap_or_default();
                    self.range(stack, atom, Atom::Unit(hi), range_start)?;
                    return self.add_item(stack, Atom::Unit(lo));
                }
                Escape::Literal(c) => Atom::Char(c),
                Escape::CodeUnit(u) => Atom::Unit(u),
                Escape::Perl(p) => Atom::Item(ClassItem::Perl(p)),
                Escape::Unicode(u) => Atom::Item(ClassItem::Unicode(u)),
                Escape::LiteralBackslash => Atom::Char('\\'),
                Escape::QuoteStart if self.flavor == Flavor::Java => {
                    // `[a-\Qz\E]`: the first quoted character ends the range.
                    match self.bump() {
                        Some(c) => {
                            self.quoting = true;
                            Atom::Char(c)
                        }
                        None => {
                            return Err(self
                                .err(ErrorKind::ClassUnclosed, Span::new(range_start, self.pos)))
                        }
                    }
                }
                _ => {
                    return Err(self.err(
                        ErrorKind::ClassRangeInvalid,
                        Span::new(range_start, self.pos),
                    ))
                }
            }
        } else if self.peek() == Some('[')
            && (self.nested_classes()
                || (self.flavor == Flavor::Pcre && self.peek_at(1) == Some(':')))
        {
            // `[a-[b]]` (Java) or `[a-[:digit:]]` (PCRE2): the `-` is a literal.
            if self.flavor == Flavor::Pcre {
                return Err(self.err(
                    ErrorKind::ClassRangeInvalid,
                    Span::new(range_start, self.pos + 1),
                ));
            }
            self.add_item(stack, atom)?;
            return self.add_item(stack, Atom::Char('-'));
        } else {
            let Some(c) = self.bump() else {
                return Err(self.err(ErrorKind::ClassUnclosed, Span::new(range_start, self.pos)));
            };
            if self.flags.unicode_sets
                && self.flavor == Flavor::JavaScript
                && "()[]{}/-|".contains(c)
            {
                return Err(self.err(
                    ErrorKind::ClassInvalid {
                        why: "character must be escaped in a v-mode class",
                    },
                    Span::new(end_start, self.pos),
                ));
            }
            if let Some((hi, lo)) = self.code_units(c) {
                // `[a-😀]` without u: the range ends at the high surrogate, then the low one.
                self.range(stack, atom, Atom::Unit(hi), range_start)?;
                return self.add_item(stack, Atom::Unit(lo));
            }
            Atom::Char(c)
        };
        self.range(stack, atom, end, range_start)
    }

    fn range(
        &mut self,
        stack: &mut [Open],
        start: Atom,
        end: Atom,
        at: usize,
    ) -> Result<(), Error> {
        let value = |a: &Atom| match a {
            Atom::Char(c) => Some(*c as u32),
            Atom::Unit(u) => Some(*u as u32),
            Atom::Item(_) => None,
        };
        match (value(&start), value(&end)) {
            (Some(a), Some(b)) => {
                if a > b {
                    return Err(self.err(ErrorKind::ClassRangeOutOfOrder, Span::new(at, self.pos)));
                }
                match (&start, &end) {
                    (Atom::Char(x), Atom::Char(y)) => {
                        self.charge(1)?;
                        if let Some(top) = stack.last_mut() {
                            top.items.push(ClassItem::Range(*x, *y));
                        }
                        Ok(())
                    }
                    _ => {
                        // A range with a lone code unit at one end: its characters below
                        // and above the surrogate block, and the code units inside it.
                        self.charge(1)?;
                        let Some(top) = stack.last_mut() else {
                            return Ok(());
                        };
                        if let Some(hi) = char::from_u32(b.min(0xD7FF)).filter(|_| a < 0xD800) {
                            top.items
                                .push(ClassItem::Range(char::from_u32(a).unwrap_or(hi), hi));
                        }
                        let (ua, ub) = (a.max(0xD800), b.min(0xDFFF));
                        if ua <= ub {
                            top.items
                                .push(ClassItem::CodeUnitRange(ua as u16, ub as u16));
                        }
                        if let Some(lo) = char::from_u32(a.max(0xE000)).filter(|_| b > 0xDFFF) {
                            top.items
                                .push(ClassItem::Range(lo, char::from_u32(b).unwrap_or(lo)));
                        }
                        Ok(())
                    }
                }
            }
            _ => {
                // A class escape as a range end point: Annex B makes it a union of the
                // parts (`[\d-z]` = digits, '-', 'z'), and so does Java when the class is
                // the start (`[\w-+]`); every other case is an error.
                let java_start = self.flavor == Flavor::Java && value(&start).is_none();
                if (self.flavor == Flavor::JavaScript && !self.js_unicode()) || java_start {
                    self.add_item(stack, start)?;
                    self.add_item(stack, Atom::Char('-'))?;
                    return self.add_item(stack, end);
                }
                Err(self.err(ErrorKind::ClassRangeInvalid, Span::new(at, self.pos)))
            }
        }
    }

    fn add_item(&mut self, stack: &mut [Open], atom: Atom) -> Result<(), Error> {
        if let Some(top) = stack.last_mut() {
            top.started = true;
            top.has_member = true;
        }
        self.charge(1)?;
        let item = match atom {
            Atom::Char(c) => ClassItem::Literal(c),
            Atom::Unit(u) => ClassItem::CodeUnit(u),
            Atom::Item(i) => i,
        };
        if let Some(top) = stack.last_mut() {
            top.items.push(item);
        }
        Ok(())
    }
}
