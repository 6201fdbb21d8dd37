//! Groups: what follows `(`, and what happens at `)`.
//!
//! The `(?…` and `(*…` forms are where the flavors differ most: named-group spellings,
//! inline-flag letters and scoping, atomic groups, PCRE2's verbs, recursion and callouts,
//! Python's and PCRE2's conditionals. Every form either opens a `Frame` (closed by `)`) or
//! becomes a leaf node at once.

use super::width;
use super::{Frame, Level, NameDef, Opener, P};
use crate::ast::*;
use crate::error::{Error, ErrorKind};
use crate::flavor::Flavor;
use crate::span::Span;

impl<'a> P<'a> {
    /// At `(`: opens a group, or parses a whole leaf form like `(?i)` or `(*FAIL)`.
    pub(super) fn open_group(&mut self) -> Result<(), Error> {
        let start = self.pos;
        self.bump();
        if self.peek() == Some('*') && self.flavor == Flavor::Pcre {
            return self.parse_star_form(start);
        }
        if !self.eat('?') {
            let kind = if self.mode.no_auto_capture {
                GroupKind::NonCapture(None)
            } else {
                self.new_capture(None)?
            };
            return self.push_frame(start, Opener::Group(kind));
        }
        let q = self.pos;
        let bad = |s: &P<'a>| s.err(ErrorKind::GroupKindUnknown, Span::new(start, q + 1));
        let Some(c) = self.peek() else {
            return Err(self.err(ErrorKind::GroupUnclosed, Span::new(start, self.pos)));
        };
        match c {
            ':' => {
                self.bump();
                self.push_frame(start, Opener::Group(GroupKind::NonCapture(None)))
            }
            '=' | '!' => {
                self.bump();
                let look = GroupKind::Look {
                    ahead: true,
                    negated: c == '!',
                };
                self.push_frame(start, Opener::Group(look))
            }
            '<' if matches!(self.peek_at(1), Some('=') | Some('!')) => {
                self.bump();
                let negated = self.bump() == Some('!');
                self.push_frame(
                    start,
                    Opener::Group(GroupKind::Look {
                        ahead: false,
                        negated,
                    }),
                )
            }
            '>' if self.flavor != Flavor::JavaScript => {
                self.bump();
                self.push_frame(start, Opener::Group(GroupKind::Atomic))
            }
            '|' if self.flavor == Flavor::Pcre => {
                self.bump();
                self.push_frame(start, Opener::Group(GroupKind::BranchReset))
            }
            '#' if matches!(self.flavor, Flavor::Python | Flavor::Pcre) => {
                // A comment: skipped, leaves nothing behind.
                match self.rest().find(')') {
                    Some(i) => {
                        self.pos += i + 1;
                        Ok(())
                    }
                    None => Err(self.err(
                        ErrorKind::Syntax {
                            why: "missing ) after comment",
                        },
                        Span::new(start, self.p.len()),
                    )),
                }
            }
            '<' if self.flavor != Flavor::Python => {
                self.bump();
                let name = self.group_name('>')?;
                let kind = self.new_capture(Some(name))?;
                self.push_frame(start, Opener::Group(kind))
            }
            '\'' if self.flavor == Flavor::Pcre => {
                self.bump();
                let name = self.group_name('\'')?;
                let kind = self.new_capture(Some(name))?;
                self.push_frame(start, Opener::Group(kind))
            }
            'P' if matches!(self.flavor, Flavor::Python | Flavor::Pcre) => {
                self.bump();
                match self.bump() {
                    Some('<') => {
                        let name = self.group_name('>')?;
                        let kind = self.new_capture(Some(name))?;
                        self.push_frame(start, Opener::Group(kind))
                    }
                    Some('=') => {
                        let name = self.group_name(')')?;
                        let span = Span::new(start, self.pos);
                        self.named_backref(name, span)
                    }
                    Some('>') if self.flavor == Flavor::Pcre => {
                        let (name, _) = self.group_name(')')?;
                        self.subroutine(Span::new(start, self.pos), GroupRef::Name(name))
                    }
                    _ => Err(bad(self)),
                }
            }
            '(' if matches!(self.flavor, Flavor::Python | Flavor::Pcre) => {
                self.bump();
                self.open_conditional(start)
            }
            'R' | '0'..='9' | '+' | '-' | '&' if self.flavor == Flavor::Pcre => {
                if c == '-' && !matches!(self.peek_at(1), Some('0'..='9')) {
                    return self.inline_flags(start);
                }
                self.parse_recursion(start)
            }
            'C' if self.flavor == Flavor::Pcre => {
                match self.rest().find(')') {
                    Some(i) => self.pos += i + 1,
                    None => {
                        return Err(self.err(ErrorKind::GroupUnclosed, Span::new(start, self.pos)))
                    }
                }
                self.push(Ast::new(Span::new(start, self.pos), AstKind::Callout))
            }
            _ => self.inline_flags(start),
        }
    }

    /// Opens a frame for a group whose opener was parsed.
    pub(super) fn push_frame(&mut self, start: usize, opener: Opener) -> Result<(), Error> {
        let open = Span::new(start, self.pos);
        let depth = self.stack.len() as u32 + 1;
        if depth > self.cfg.get_nest_limit() {
            let limit = self.cfg.get_nest_limit();
            return Err(self.err(ErrorKind::NestLimitExceeded { limit }, open));
        }
        self.charge(1)?;
        self.at_start = false;
        let uid = self.next_uid;
        self.next_uid += 1;
        let outer = std::mem::replace(
            &mut self.cur,
            Level {
                branch_start: self.pos,
                ..Level::default()
            },
        );
        self.stack.push(Frame {
            open,
            opener,
            outer,
            outer_mode: self.mode,
            uid,
            groups_at_open: self.groups,
            branch_reset_max: self.groups,
        });
        Ok(())
    }

    /// At `)` (already consumed, at `close`): finishes the innermost group.
    pub(super) fn close_group(&mut self, close: usize) -> Result<(), Error> {
        let Some(frame) = self.stack.pop() else {
            return Err(self.err(ErrorKind::GroupUnopened, Span::new(close, close + 1)));
        };
        let inner_start = frame.open.end;
        if let Opener::Group(GroupKind::BranchReset) = frame.opener {
            self.groups = self.groups.max(frame.branch_reset_max);
        }
        let mut body = self.finish_level(inner_start, close);
        self.cur = frame.outer;
        self.mode = frame.outer_mode;
        let span = Span::new(frame.open.start, self.pos);
        let kind = match frame.opener {
            Opener::Group(kind) => {
                if let GroupKind::Capture { index, .. } = kind {
                    self.open_groups.retain(|&g| g != index);
                    if self.flavor == Flavor::Python {
                        let w = width::min_max_with_refs(&body, &|r| self.ref_width(r));
                        self.group_widths.insert(index, w);
                    }
                }
                if let GroupKind::Look { ahead: false, .. } = kind {
                    self.check_lookbehind(&body, span)?;
                }
                AstKind::Group(Group {
                    kind,
                    sub: Box::new(body),
                })
            }
            Opener::Conditional(condition) => {
                let (yes, no) = match &mut body.kind {
                    AstKind::Alternation(branches) => {
                        if branches.len() > 2 {
                            return Err(self.err(
                                ErrorKind::Syntax {
                                    why: "conditional group with more than two branches",
                                },
                                span,
                            ));
                        }
                        let no = branches.pop();
                        let yes = branches.pop();
                        (yes.unwrap_or_else(|| Ast::new(span, AstKind::Empty)), no)
                    }
                    _ => (body, None),
                };
                AstKind::Conditional(Box::new(Conditional { condition, yes, no }))
            }
        };
        self.cur.items.push(Ast::new(span, kind));
        Ok(())
    }

    /// Allocates the next capture group number, registering its name.
    fn new_capture(&mut self, name: Option<(String, Span)>) -> Result<GroupKind, Error> {
        self.groups += 1;
        let index = self.groups;
        self.open_groups.push(index);
        let name = match name {
            None => None,
            Some((name, name_span)) => {
                let path = self.alternation_path();
                // Every earlier group of the same name must allow the duplicate.
                for def in self.names.get(&name).map(Vec::as_slice).unwrap_or(&[]) {
                    let allowed = match self.flavor {
                        // ES2025: duplicates only in different alternatives.
                        Flavor::JavaScript => disjoint_paths(&def.path, &path),
                        Flavor::Pcre => self.mode.dup_names || def.index == index,
                        _ => false,
                    };
                    if !allowed {
                        return Err(
                            self.err(ErrorKind::GroupNameDuplicate { first: def.span }, name_span)
                        );
                    }
                }
                let def = NameDef {
                    index,
                    span: name_span,
                    path,
                };
                self.names.entry(name.clone()).or_default().push(def);
                Some(name)
            }
        };
        Ok(GroupKind::Capture { index, name })
    }

    /// Where the parser is in the alternation structure: for the top level and each open
    /// group, (frame id, index of the current alternative). Two groups lie in different
    /// alternatives of some alternation iff their paths differ at a frame they share.
    fn alternation_path(&self) -> Vec<(u32, usize)> {
        // The level inside frame i is stack[i + 1].outer, or the current one for the last.
        let inner = self
            .stack
            .iter()
            .skip(1)
            .map(|f| &f.outer)
            .chain(Some(&self.cur));
        let top = self.stack.first().map_or(&self.cur, |f| &f.outer);
        std::iter::once((0, top.branches.len()))
            .chain(
                self.stack
                    .iter()
                    .zip(inner)
                    .map(|(f, level)| (f.uid, level.branches.len())),
            )
            .collect()
    }

    /// Reads a group name up to `close`, validated for the flavor.
    pub(super) fn group_name(&mut self, close: char) -> Result<(String, Span), Error> {
        let start = self.pos;
        let Some(len) = self.rest().find(close) else {
            let kind = if close == ')' {
                ErrorKind::GroupUnclosed
            } else {
                ErrorKind::GroupNameInvalid
            };
            return Err(self.err(kind, Span::new(start, self.p.len())));
        };
        let raw = &self.p[start..start + len];
        let span = Span::new(start, start + len);
        let name = if self.flavor == Flavor::JavaScript && raw.contains('\\') {
            js_unescape_name(raw).ok_or_else(|| self.err(ErrorKind::GroupNameInvalid, span))?
        } else {
            raw.to_string()
        };
        if !valid_group_name(self.flavor, &name) {
            return Err(self.err(ErrorKind::GroupNameInvalid, span));
        }
        self.pos = start + len + close.len_utf8();
        Ok((name, span))
    }

    /// `(?P=name)` and friends: a backreference by name.
    pub(super) fn named_backref(
        &mut self,
        (name, name_span): (String, Span),
        span: Span,
    ) -> Result<(), Error> {
        match self.flavor {
            // Python and Java need the group defined earlier (Python: and closed).
            Flavor::Python | Flavor::Java => {
                let Some(def) = self.names.get(&name).and_then(|defs| defs.first()) else {
                    return Err(self.err(ErrorKind::GroupNameUndefined, name_span));
                };
                if self.flavor == Flavor::Python && self.open_groups.contains(&def.index) {
                    return Err(self.err(
                        ErrorKind::Syntax {
                            why: "cannot refer to an open group",
                        },
                        name_span,
                    ));
                }
            }
            _ => self.defer_ref(GroupRef::Name(name.clone()), name_span),
        }
        self.backref(span, GroupRef::Name(name))
    }

    pub(super) fn subroutine(&mut self, span: Span, target: GroupRef) -> Result<(), Error> {
        if target != GroupRef::Number(0) {
            self.defer_ref(target.clone(), span);
        }
        self.push(Ast::new(span, AstKind::Subroutine(target)))
    }

    /// PCRE2 `(?R)`, `(?1)`, `(?+1)`, `(?-1)`, `(?&name)`.
    fn parse_recursion(&mut self, start: usize) -> Result<(), Error> {
        let target = if self.eat('R') {
            GroupRef::Number(0)
        } else if self.eat('&') {
            let (name, _) = self.group_name(')')?;
            return self.subroutine(Span::new(start, self.pos), GroupRef::Name(name));
        } else {
            let sign = if self.eat('+') {
                1
            } else if self.eat('-') {
                -1
            } else {
                0
            };
            let d = self.rest().bytes().take_while(u8::is_ascii_digit).count();
            let n: i64 = self.rest()[..d].parse().unwrap_or(i64::MAX).min(1 << 20);
            self.pos += d;
            if d == 0 || (sign != 0 && n == 0) {
                return Err(self.err(ErrorKind::GroupKindUnknown, Span::new(start, self.pos)));
            }
            if sign == 0 {
                GroupRef::Number(n as u32)
            } else {
                GroupRef::Relative((sign * n) as i32)
            }
        };
        if !self.eat(')') {
            return Err(self.err(ErrorKind::GroupKindUnknown, Span::new(start, self.pos)));
        }
        self.subroutine(Span::new(start, self.pos), target)
    }

    /// After `(?(`: the condition of a conditional group.
    fn open_conditional(&mut self, start: usize) -> Result<(), Error> {
        let cstart = self.pos;
        // PCRE2 allows an assertion as the condition: `(?(?=a)…)`.
        if self.flavor == Flavor::Pcre && self.peek() == Some('?') {
            let e = self.err(
                ErrorKind::Unsupported {
                    what: "conditional group with an assertion condition",
                },
                Span::new(start, self.pos),
            );
            self.defer(e);
            // Parse on: the assertion becomes the first item of the first branch.
            self.pos = cstart - 1;
            return self.push_frame(start, Opener::Conditional(Condition::Define));
        }
        let Some(len) = self.rest().find(')') else {
            return Err(self.err(ErrorKind::GroupUnclosed, Span::new(start, self.p.len())));
        };
        let raw = &self.p[cstart..cstart + len];
        let span = Span::new(cstart, cstart + len);
        self.pos = cstart + len + 1;
        // CPython 3.11 reads a condition that is not an identifier with int(): spaces, a
        // sign, underscores and non-ASCII digits pass (with a DeprecationWarning).
        let python_number = match self.flavor {
            Flavor::Python if !valid_group_name(self.flavor, raw) => Some(python_int(raw)),
            _ => None,
        };
        let cond = if let Some(number) = python_number {
            match number {
                Some(n) if n > 0 => {
                    let n =
                        u32::try_from(n).map_err(|_| self.err(ErrorKind::BackrefInvalid, span))?;
                    self.defer_ref(GroupRef::Number(n), span);
                    Condition::Group(GroupRef::Number(n))
                }
                // "bad group number"
                Some(0) => return Err(self.err(ErrorKind::BackrefInvalid, span)),
                // Negative or not a number: "bad character in group name".
                _ => return Err(self.err(ErrorKind::GroupNameInvalid, span)),
            }
        } else if let Ok(n) = raw.parse::<u32>() {
            if !raw.bytes().all(|b| b.is_ascii_digit()) {
                return Err(self.err(ErrorKind::BackrefInvalid, span));
            }
            if self.flavor == Flavor::Python && n == 0 {
                return Err(self.err(ErrorKind::BackrefInvalid, span));
            }
            self.defer_ref(GroupRef::Number(n), span);
            Condition::Group(GroupRef::Number(n))
        } else if self.flavor == Flavor::Pcre && (raw == "R" || raw.starts_with('R')) {
            Condition::Recursion(raw.to_string())
        } else if self.flavor == Flavor::Pcre && raw == "DEFINE" {
            Condition::Define
        } else {
            let name = match self.flavor {
                Flavor::Pcre => raw
                    .strip_prefix('<')
                    .and_then(|r| r.strip_suffix('>'))
                    .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
                    .unwrap_or(raw),
                _ => raw,
            };
            if !valid_group_name(self.flavor, name) {
                return Err(self.err(ErrorKind::GroupNameInvalid, span));
            }
            if self.flavor == Flavor::Python && !self.names.contains_key(name) {
                return Err(self.err(ErrorKind::GroupNameUndefined, span));
            }
            self.defer_ref(GroupRef::Name(name.to_string()), span);
            Condition::Group(GroupRef::Name(name.to_string()))
        };
        self.push_frame(start, Opener::Conditional(cond))
    }

    /// PCRE2 `(*VERB)`, `(*VERB:arg)`, `(*UTF)`-style start options, and the alphabetic
    /// assertion spellings `(*pla:…)`.
    fn parse_star_form(&mut self, start: usize) -> Result<(), Error> {
        self.bump(); // '*'
        let name_len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '='))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..name_len].to_string();
        self.pos += name_len;
        let look = match name.as_str() {
            "pla" | "positive_lookahead" => Some(GroupKind::Look {
                ahead: true,
                negated: false,
            }),
            "nla" | "negative_lookahead" => Some(GroupKind::Look {
                ahead: true,
                negated: true,
            }),
            "plb" | "positive_lookbehind" => Some(GroupKind::Look {
                ahead: false,
                negated: false,
            }),
            "nlb" | "negative_lookbehind" => Some(GroupKind::Look {
                ahead: false,
                negated: true,
            }),
            "atomic" => Some(GroupKind::Atomic),
            _ => None,
        };
        if let Some(kind) = look {
            if self.eat(':') {
                return self.push_frame(start, Opener::Group(kind));
            }
            return Err(self.err(ErrorKind::GroupKindUnknown, Span::new(start, self.pos)));
        }
        let arg = if self.eat(':') {
            let Some(len) = self.rest().find(')') else {
                return Err(self.err(ErrorKind::GroupUnclosed, Span::new(start, self.p.len())));
            };
            let a = self.rest()[..len].to_string();
            self.pos += len;
            Some(a)
        } else {
            None
        };
        if !self.eat(')') {
            return Err(self.err(ErrorKind::GroupKindUnknown, Span::new(start, self.pos)));
        }
        let known = [
            "ACCEPT",
            "FAIL",
            "F",
            "COMMIT",
            "PRUNE",
            "SKIP",
            "THEN",
            "MARK",
            "",
            "UTF",
            "UCP",
            "CR",
            "LF",
            "CRLF",
            "ANYCRLF",
            "ANY",
            "NUL",
            "BSR_ANYCRLF",
            "BSR_UNICODE",
            "NO_AUTO_POSSESS",
            "NO_START_OPT",
            "NO_DOTSTAR_ANCHOR",
            "NO_JIT",
            "NOTEMPTY",
            "NOTEMPTY_ATSTART",
            "UTF8",
        ];
        let limit = [
            "LIMIT_MATCH=",
            "LIMIT_DEPTH=",
            "LIMIT_HEAP=",
            "LIMIT_RECURSION=",
        ]
        .iter()
        .any(|p| name.starts_with(p) && name[p.len()..].bytes().all(|b| b.is_ascii_digit()));
        if !known.contains(&name.as_str()) && !limit {
            return Err(self.err(ErrorKind::GroupKindUnknown, Span::new(start, self.pos)));
        }
        let span = Span::new(start, self.pos);
        if self.bytes && matches!(name.as_str(), "UTF" | "UTF8" | "UCP") {
            return Err(self.err(
                ErrorKind::Unsupported {
                    what: "(*UTF) or (*UCP) in a bytes pattern",
                },
                span,
            ));
        }
        self.push(Ast::new(span, AstKind::Verb(Verb { name, arg })))
    }

    /// Inline flags: `(?i)`, `(?i-s)`, `(?i:…)`, PCRE2 `(?^…)`, ES2025 `(?i-m:…)`.
    fn inline_flags(&mut self, start: usize) -> Result<(), Error> {
        let items_start = self.pos;
        let letters: &str = match self.flavor {
            Flavor::JavaScript => "ims",
            Flavor::Python => "aiLmsux",
            Flavor::Java => "idmsuxUc",
            Flavor::Pcre => "imnsxJU",
            Flavor::Rust => "imsUuxR",
        };
        let mut on = String::new();
        let mut off = String::new();
        let mut negating = false;
        let mut caret = false;
        let mut mode = self.mode;
        let bad =
            |s: &P<'a>, why| s.err(ErrorKind::FlagsInvalid { why }, Span::new(start, s.pos + 1));
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err(ErrorKind::GroupUnclosed, Span::new(start, self.pos)));
            };
            match c {
                ')' | ':' => break,
                '-' if !negating => negating = true,
                '^' if self.flavor == Flavor::Pcre && on.is_empty() && !negating && !caret => {
                    caret = true;
                    mode.case_insensitive = false;
                    mode.multi_line = false;
                    mode.dot_all = false;
                    mode.verbose = false;
                    mode.no_auto_capture = false;
                    mode.swap_greed = false;
                    mode.dup_names = false;
                }
                c if letters.contains(c) => {
                    if self.flavor == Flavor::Python && c == 'L' {
                        if self.bytes {
                            return Err(self.err(
                                ErrorKind::Unsupported {
                                    what: "locale-dependent matching (L)",
                                },
                                Span::new(start, self.pos + 1),
                            ));
                        }
                        return Err(bad(self, "cannot use 'L' flag with a str pattern"));
                    }
                    if self.flavor == Flavor::Python && c == 'u' && self.bytes {
                        return Err(bad(self, "cannot use UNICODE flag with a bytes pattern"));
                    }
                    if negating && self.flavor == Flavor::Python && "aLu".contains(c) {
                        return Err(bad(self, "cannot turn off flags 'a', 'u' and 'L'"));
                    }
                    if self.flavor == Flavor::JavaScript && (on.contains(c) || off.contains(c)) {
                        return Err(bad(self, "repeated modifier"));
                    }
                    if self.flavor == Flavor::Python && negating && on.contains(c) {
                        return Err(bad(self, "flag turned on and off"));
                    }
                    if negating {
                        off.push(c)
                    } else {
                        on.push(c)
                    }
                    let v = !negating;
                    match c {
                        'i' => mode.case_insensitive = v,
                        'm' => mode.multi_line = v,
                        's' => mode.dot_all = v,
                        'x' => mode.verbose = v,
                        'a' => {
                            mode.ascii = true;
                            mode.ascii_case = true;
                        }
                        'u' if self.flavor == Flavor::Python => {
                            mode.ascii = false;
                            mode.ascii_case = false;
                        }
                        'u' if self.flavor == Flavor::Java => mode.ascii_case = !v,
                        'U' if self.flavor == Flavor::Java => mode.ascii = !v,
                        'U' => mode.swap_greed = v,
                        'd' => mode.unix_lines = v,
                        'n' => mode.no_auto_capture = v,
                        'J' => mode.dup_names = v,
                        _ => {}
                    }
                }
                _ => {
                    if self.flavor == Flavor::Python && c.is_ascii_alphabetic() {
                        return Err(bad(self, "unknown flag"));
                    }
                    return Err(self.err(
                        ErrorKind::GroupKindUnknown,
                        Span::new(start, self.pos + c.len_utf8()),
                    ));
                }
            }
            self.bump();
        }
        let scoped = self.peek() == Some(':');
        self.bump();
        let span = Span::new(start, self.pos);
        let items = self.p[items_start..self.pos - 1].to_string();
        if negating && off.is_empty() && matches!(self.flavor, Flavor::Python | Flavor::JavaScript)
        {
            return Err(self.err(
                ErrorKind::FlagsInvalid {
                    why: "missing flag after '-'",
                },
                span,
            ));
        }
        match self.flavor {
            Flavor::JavaScript => {
                // ES2025 modifiers exist only in the scoped form, and need a flag.
                if !scoped || (on.is_empty() && off.is_empty()) {
                    return Err(self.err(ErrorKind::GroupKindUnknown, span));
                }
                if on.chars().any(|c| off.contains(c)) {
                    return Err(self.err(
                        ErrorKind::FlagsInvalid {
                            why: "flag turned on and off",
                        },
                        span,
                    ));
                }
            }
            Flavor::Python => {
                if on.contains('a') && on.contains('u') {
                    return Err(self.err(
                        ErrorKind::FlagsInvalid {
                            why: "flags 'a' and 'u' are incompatible",
                        },
                        span,
                    ));
                }
                if !scoped {
                    if negating {
                        return Err(self.err(ErrorKind::GroupKindUnknown, span));
                    }
                    // Python 3.11: global flags only at the very start.
                    if !self.at_start {
                        return Err(self.err(
                            ErrorKind::FlagsInvalid {
                                why: "global flags not at the start of the expression",
                            },
                            span,
                        ));
                    }
                    if on.is_empty() {
                        return Err(self.err(
                            ErrorKind::FlagsInvalid {
                                why: "missing flag",
                            },
                            span,
                        ));
                    }
                } else if on.is_empty() && off.is_empty() {
                    return Err(self.err(
                        ErrorKind::FlagsInvalid {
                            why: "missing flag",
                        },
                        span,
                    ));
                }
            }
            _ => {}
        }
        let change = FlagChange { items };
        if scoped {
            let outer = self.mode;
            self.push_frame(start, Opener::Group(GroupKind::NonCapture(Some(change))))?;
            // The frame restores `outer` at `)`; the body runs with the new mode.
            if let Some(frame) = self.stack.last_mut() {
                frame.outer_mode = outer;
            }
            self.mode = mode;
            Ok(())
        } else {
            self.mode = mode;
            let at_start = self.at_start;
            self.charge(1)?;
            self.cur
                .items
                .push(Ast::new(span, AstKind::SetFlags(change)));
            // Python allows several global flag groups in a row at the start.
            self.at_start = at_start && self.flavor == Flavor::Python;
            Ok(())
        }
    }

    /// The width of the closed group a reference names (Python).
    fn ref_width(&self, r: &GroupRef) -> Option<width::Width> {
        let index = match r {
            GroupRef::Number(n) => *n,
            GroupRef::Name(name) => self.names.get(name)?.first()?.index,
            GroupRef::Relative(_) => return None,
        };
        self.group_widths.get(&index).copied()
    }

    /// Checks a lookbehind body against the flavor's length rule.
    fn check_lookbehind(&self, body: &Ast, span: Span) -> Result<(), Error> {
        match self.flavor {
            Flavor::Python => {
                let (min, max) = width::min_max_with_refs(body, &|r| self.ref_width(r));
                if Some(min) != max {
                    return Err(self.err(
                        ErrorKind::LookbehindLength {
                            why: "look-behind requires fixed-width pattern",
                        },
                        span,
                    ));
                }
            }
            Flavor::Java => {
                // JDK 17 needs an obvious maximum length: it allows `x*` on a single
                // character (lazy only as the first item), but not an unbounded group or a
                // backreference.
                let first: &Ast = match &body.kind {
                    AstKind::Concat(v) => v.first().unwrap_or(body),
                    _ => body,
                };
                let mut bad = false;
                let mut stack = vec![body];
                while let Some(n) = stack.pop() {
                    match &n.kind {
                        AstKind::Group(g) if matches!(g.kind, GroupKind::Look { .. }) => continue,
                        AstKind::Repetition(r) if r.max.is_none() => {
                            let single = matches!(
                                r.sub.kind,
                                AstKind::Literal(_)
                                    | AstKind::Class(_)
                                    | AstKind::Dot(_)
                                    | AstKind::CodeUnit(_)
                            );
                            bad |= !single || (r.greed == Greed::Lazy && !std::ptr::eq(n, first));
                        }
                        AstKind::Backreference(_) => bad = true,
                        _ => {}
                    }
                    stack.extend(n.children());
                }
                if bad {
                    return Err(self.err(
                        ErrorKind::LookbehindLength {
                            why: "look-behind group does not have an obvious maximum length",
                        },
                        span,
                    ));
                }
            }
            Flavor::Pcre => {
                // PCRE2 10.42: each top-level alternative has a fixed length.
                let branches: Vec<&Ast> = match &body.kind {
                    AstKind::Alternation(v) => v.iter().collect(),
                    _ => vec![body],
                };
                if branches.iter().any(|b| width::fixed(b).is_none()) {
                    return Err(self.err(
                        ErrorKind::LookbehindLength {
                            why: "lookbehind assertion is not fixed length",
                        },
                        span,
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether two groups sit in different alternatives of some alternation around both.
fn disjoint_paths(a: &[(u32, usize)], b: &[(u32, usize)]) -> bool {
    a.iter()
        .zip(b.iter())
        .take_while(|(x, y)| x.0 == y.0)
        .any(|(x, y)| x.1 != y.1)
}

/// JavaScript group names may contain `\uXXXX` and `\u{…}` escapes.
fn js_unescape_name(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        if it.next()? != 'u' {
            return None;
        }
        let hex: String = if it.peek() == Some(&'{') {
            it.next();
            let h: String = it.by_ref().take_while(|&c| c != '}').collect();
            h
        } else {
            (0..4).filter_map(|_| it.next()).collect()
        };
        let v = u32::from_str_radix(&hex, 16).ok()?;
        out.push(char::from_u32(v)?);
    }
    Some(out)
}

/// Whether `name` is a valid group name in `flavor`.
/// Python's `int(text)` for a condition: surrounding whitespace, a sign, decimal digits of
/// any script with single underscores between them. `None` when int() would fail.
fn python_int(text: &str) -> Option<i64> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c));
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut value: i64 = 0;
    let mut last_digit = false;
    for c in digits.chars() {
        if c == '_' {
            if !last_digit {
                return None;
            }
            last_digit = false;
            continue;
        }
        let d = crate::unicode::decimal_digit(c)?;
        value = value.checked_mul(10)?.checked_add(i64::from(d))?;
        last_digit = true;
    }
    if !last_digit {
        return None;
    }
    Some(if negative { -value } else { value })
}

pub(super) fn valid_group_name(flavor: Flavor, name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    match flavor {
        Flavor::JavaScript => {
            (first.is_alphabetic() || first == '$' || first == '_')
                && chars.all(|c| {
                    c.is_alphanumeric() || matches!(c, '$' | '_' | '\u{200C}' | '\u{200D}')
                })
        }
        Flavor::Python => {
            (first.is_alphabetic() || first == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        }
        Flavor::Java => first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric()),
        Flavor::Pcre | Flavor::Rust => {
            name.len() <= 32
                && (first.is_ascii_alphabetic() || first == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
    }
}
