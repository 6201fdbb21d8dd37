//! Backslash escapes, inside and outside classes, for each flavor.
//!
//! This is where the flavors disagree most often and most quietly: `\v` is a character in
//! JavaScript and Python but a class in Java and PCRE2; `\Z` is end-of-text in Python but
//! "before a final newline" elsewhere; an unknown `\q` is an error in Python, Java and PCRE2,
//! the letter `q` in JavaScript without `u`, and an error again with `u`. Each rule below
//! follows the engine's own parser.

use super::P;
use crate::ast::*;
use crate::error::{Error, ErrorKind};
use crate::flavor::Flavor;
use crate::span::Span;
use crate::unicode;

/// What an escape stands for.
pub(super) enum Escape {
    Literal(char),
    CodeUnit(u16),
    Perl(ClassPerl),
    Unicode(ClassUnicode),
    Assertion(AssertionKind),
    Backref(GroupRef),
    Subroutine(GroupRef),
    ResetMatchStart,
    /// `\Q`: start quoting.
    QuoteStart,
    /// `\E` outside `\Q`: ignored.
    Nothing,
    /// JavaScript `\q{…}` in a `v`-mode class.
    Strings(Vec<String>),
    /// Annex B: `\c` not followed by a control letter is a literal backslash; the `c` is
    /// parsed again as itself.
    LiteralBackslash,
}

fn perl(kind: ClassPerlKind, negated: bool) -> Escape {
    Escape::Perl(ClassPerl { kind, negated })
}

impl<'a> P<'a> {
    /// At `\` outside a class: parses the escape and pushes what it stands for.
    pub(super) fn parse_escape_atom(&mut self) -> Result<(), Error> {
        let start = self.pos;
        let esc = self.parse_escape(false)?;
        let span = Span::new(start, self.pos);
        match esc {
            Escape::Literal(c) => self.literal(start, c, true),
            Escape::CodeUnit(u) => self.push(Ast::new(span, AstKind::CodeUnit(u))),
            Escape::Perl(p) => {
                let class = Class {
                    kind: ClassKind::Perl(p),
                    case_insensitive: self.mode.case_insensitive,
                    ascii_case: self.mode.ascii_case,
                    ascii: self.mode.ascii,
                };
                self.push(Ast::new(span, AstKind::Class(class)))
            }
            Escape::Unicode(u) => {
                let class = Class {
                    kind: ClassKind::Unicode(u),
                    case_insensitive: self.mode.case_insensitive,
                    ascii_case: self.mode.ascii_case,
                    ascii: self.mode.ascii,
                };
                self.push(Ast::new(span, AstKind::Class(class)))
            }
            Escape::Assertion(kind) => self.assertion(start, kind),
            Escape::Backref(target) => self.backref(span, target),
            Escape::Subroutine(target) => self.subroutine(span, target),
            Escape::ResetMatchStart => self.push(Ast::new(span, AstKind::ResetMatchStart)),
            Escape::QuoteStart => {
                self.quoting = true;
                Ok(())
            }
            Escape::Nothing => Ok(()),
            Escape::LiteralBackslash => self.literal(start, '\\', true),
            Escape::Strings(_) => Err(self.err(ErrorKind::EscapeUnrecognized, span)),
        }
    }

    /// Parses one escape at `\`. `in_class` selects the class rules (`\b` is backspace…).
    pub(super) fn parse_escape(&mut self, in_class: bool) -> Result<Escape, Error> {
        let start = self.pos;
        self.bump(); // '\'
        let Some(c) = self.bump() else {
            return Err(self.err(ErrorKind::EscapeEof, Span::new(start, self.pos)));
        };
        match self.flavor {
            Flavor::JavaScript => self.escape_js(start, c, in_class),
            Flavor::Python => self.escape_python(start, c, in_class),
            Flavor::Java => self.escape_java(start, c, in_class),
            Flavor::Pcre => self.escape_pcre(start, c, in_class),
            Flavor::Rust => {
                Err(self.err(ErrorKind::EscapeUnrecognized, Span::new(start, self.pos)))
            }
        }
    }

    fn esc_err(&self, start: usize, kind: ErrorKind) -> Error {
        self.err(kind, Span::new(start, self.pos))
    }

    /// Reads exactly `n` hex digits, or returns `None` consuming nothing.
    fn hex_exact(&mut self, n: usize) -> Option<u32> {
        let s = self.rest().get(..n)?;
        if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += n;
        u32::from_str_radix(s, 16).ok()
    }

    /// Reads `{hex…}` after `\x` or `\u`, or returns `None` consuming nothing.
    fn hex_braced(&mut self) -> Option<Result<u32, ()>> {
        if !self.rest().starts_with('{') {
            return None;
        }
        let close = self.rest().find('}')?;
        let inner = &self.rest()[1..close];
        let ok = !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit());
        self.pos += close + 1;
        if !ok {
            return Some(Err(()));
        }
        let trimmed = inner.trim_start_matches('0');
        if trimmed.len() > 8 {
            return Some(Err(()));
        }
        Some(
            u32::from_str_radix(if trimmed.is_empty() { "0" } else { trimmed }, 16).map_err(|_| ()),
        )
    }

    /// Reads up to `max` octal digits (already positioned after any first digit).
    fn octal_digits(&mut self, max: usize) -> u32 {
        let n = self
            .rest()
            .bytes()
            .take(max)
            .take_while(|b| (b'0'..=b'7').contains(b))
            .count();
        let v = u32::from_str_radix(&self.rest()[..n], 8).unwrap_or(0);
        self.pos += n;
        v
    }

    fn char_or_err(&self, start: usize, v: u32) -> Result<Escape, Error> {
        if self.bytes && v > 0xFF {
            return Err(self.esc_err(
                start,
                ErrorKind::EscapeInvalid {
                    why: "code point above U+00FF in a bytes pattern",
                },
            ));
        }
        if (0xD800..0xE000).contains(&v) {
            return Ok(Escape::CodeUnit(v as u16));
        }
        char::from_u32(v).map(Escape::Literal).ok_or_else(|| {
            self.esc_err(
                start,
                ErrorKind::EscapeInvalid {
                    why: "code point above U+10FFFF",
                },
            )
        })
    }

    /// `\p{…}`, `\P{…}` (and PCRE2/Java `\pL`), validated for the flavor.
    fn property(&mut self, start: usize, negated: bool) -> Result<Escape, Error> {
        let (raw, name_span) = if self.peek() == Some('{') {
            let Some(close) = self.rest().find('}') else {
                return Err(self.esc_err(
                    start,
                    ErrorKind::EscapeInvalid {
                        why: "unclosed \\p{",
                    },
                ));
            };
            let raw = self.rest()[1..close].to_string();
            let s = self.pos + 1;
            self.pos += close + 1;
            (raw, Span::new(s, s + close - 1))
        } else if self.flavor != Flavor::JavaScript {
            let Some(c) = self.bump() else {
                return Err(self.esc_err(start, ErrorKind::EscapeEof));
            };
            (c.to_string(), Span::new(self.pos - c.len_utf8(), self.pos))
        } else {
            return Err(self.esc_err(
                start,
                ErrorKind::EscapeInvalid {
                    why: "\\p needs {…}",
                },
            ));
        };
        let mut negated = negated;
        let mut text = raw.as_str();
        if self.flavor == Flavor::Pcre {
            if let Some(t) = text.strip_prefix('^') {
                negated = !negated;
                text = t;
            }
        }
        let (name, value) = match text.split_once(['=', ':']) {
            Some((n, v)) if !(self.flavor == Flavor::JavaScript && text.contains(':')) => {
                (n.to_string(), Some(v.to_string()))
            }
            _ => (text.to_string(), None),
        };
        let ok = unicode::valid_property(
            self.flavor,
            self.flags.unicode_sets,
            &name,
            value.as_deref(),
        );
        match ok {
            unicode::Validity::Valid => {}
            unicode::Validity::StringProperty if !negated => {}
            _ => return Err(self.err(ErrorKind::PropertyUnknown, name_span)),
        }
        Ok(Escape::Unicode(ClassUnicode {
            span: Span::new(start, self.pos),
            name,
            value,
            negated,
        }))
    }

    // ---- JavaScript ----

    fn escape_js(&mut self, start: usize, c: char, in_class: bool) -> Result<Escape, Error> {
        let u = self.js_unicode();
        let v = self.flags.unicode_sets;
        Ok(match c {
            'd' | 'D' => perl(ClassPerlKind::Digit, c == 'D'),
            's' | 'S' => perl(ClassPerlKind::Space, c == 'S'),
            'w' | 'W' => perl(ClassPerlKind::Word, c == 'W'),
            'b' if in_class => Escape::Literal('\u{8}'),
            'b' => Escape::Assertion(AssertionKind::WordBoundary),
            'B' if !in_class => Escape::Assertion(AssertionKind::NotWordBoundary),
            'f' => Escape::Literal('\x0C'),
            'n' => Escape::Literal('\n'),
            'r' => Escape::Literal('\r'),
            't' => Escape::Literal('\t'),
            'v' => Escape::Literal('\x0B'),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.bump();
                    Escape::Literal(char::from(l as u8 % 32))
                }
                // Annex B ClassControlLetter: digits and `_` too, inside a class.
                Some(l) if !u && in_class && (l.is_ascii_digit() || l == '_') => {
                    self.bump();
                    Escape::Literal(char::from(l as u8 % 32))
                }
                _ if !u => {
                    self.pos -= 1; // re-read the 'c'
                    Escape::LiteralBackslash
                }
                _ => {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "\\c needs a letter",
                        },
                    ))
                }
            },
            '0' if !matches!(self.peek(), Some('0'..='9')) => Escape::Literal('\0'),
            '0'..='9' => {
                // A decimal escape is a backreference when it names an existing group
                // (anywhere in the pattern); otherwise Annex B reads a legacy octal escape.
                self.pos -= 1;
                let d = self.rest().bytes().take_while(u8::is_ascii_digit).count();
                let n: u64 = self.rest()[..d].parse().unwrap_or(u64::MAX);
                if !in_class && c != '0' && n <= self.js_total_groups as u64 {
                    self.pos += d;
                    return Ok(Escape::Backref(GroupRef::Number(n as u32)));
                }
                if u {
                    self.pos += 1;
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "invalid decimal escape",
                        },
                    ));
                }
                if c >= '8' {
                    self.pos += 1;
                    return Ok(Escape::Literal(c));
                }
                let max = if c <= '3' { 3 } else { 2 };
                Escape::Literal(char::from(self.octal_digits(max) as u8))
            }
            'x' => match self.hex_exact(2) {
                Some(v) => self.char_or_err(start, v)?,
                None if !u => Escape::Literal('x'),
                None => {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "\\x needs two hex digits",
                        },
                    ))
                }
            },
            'u' => {
                if u {
                    if let Some(r) = self.hex_braced() {
                        let v = r.map_err(|_| {
                            self.esc_err(
                                start,
                                ErrorKind::EscapeInvalid {
                                    why: "bad \\u{…}"
                                },
                            )
                        })?;
                        if v > 0x10FFFF {
                            return Err(self.esc_err(
                                start,
                                ErrorKind::EscapeInvalid {
                                    why: "code point above U+10FFFF",
                                },
                            ));
                        }
                        return self.char_or_err(start, v);
                    }
                }
                match self.hex_exact(4) {
                    Some(hi) => {
                        // With u/v, an escaped surrogate pair is one character.
                        if u && (0xD800..0xDC00).contains(&hi) && self.rest().starts_with("\\u") {
                            let save = self.pos;
                            self.pos += 2;
                            match self.hex_exact(4) {
                                Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                    let v = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    return self.char_or_err(start, v);
                                }
                                _ => self.pos = save,
                            }
                        }
                        self.char_or_err(start, hi)?
                    }
                    None if !u => Escape::Literal('u'),
                    None => {
                        return Err(self.esc_err(
                            start,
                            ErrorKind::EscapeInvalid {
                                why: "\\u needs four hex digits",
                            },
                        ))
                    }
                }
            }
            'k' if u || self.js_has_names => {
                if !in_class && self.eat('<') {
                    let (name, span) = self.group_name('>')?;
                    self.defer_ref(GroupRef::Name(name.clone()), span);
                    Escape::Backref(GroupRef::Name(name))
                } else {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "invalid named reference",
                        },
                    ));
                }
            }
            'p' | 'P' if u => self.property(start, c == 'P')?,
            'q' if v && in_class && self.peek() == Some('{') => {
                let Some(close) = self.rest().find('}') else {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::ClassInvalid {
                            why: "unclosed \\q{",
                        },
                    ));
                };
                let body = &self.rest()[1..close];
                let strings = body.split('|').map(str::to_string).collect();
                self.pos += close + 1;
                Escape::Strings(strings)
            }
            '-' if u && in_class => Escape::Literal('-'),
            c if u => {
                let syntax = "^$\\.*+?()[]{}|/".contains(c);
                let reserved = v && in_class && "&-!#%,:;<=>@`~".contains(c);
                if syntax || reserved {
                    Escape::Literal(c)
                } else {
                    return Err(self.esc_err(start, ErrorKind::EscapeUnrecognized));
                }
            }
            c => Escape::Literal(c),
        })
    }

    // ---- Python ----

    fn escape_python(&mut self, start: usize, c: char, in_class: bool) -> Result<Escape, Error> {
        let bad = |s: &P<'a>| s.esc_err(start, ErrorKind::EscapeUnrecognized);
        if self.bytes && matches!(c, 'u' | 'U' | 'N') {
            // Python: "bad escape \u" in a bytes pattern.
            return Err(bad(self));
        }
        Ok(match c {
            'd' | 'D' => perl(ClassPerlKind::Digit, c == 'D'),
            's' | 'S' => perl(ClassPerlKind::Space, c == 'S'),
            'w' | 'W' => perl(ClassPerlKind::Word, c == 'W'),
            'b' if in_class => Escape::Literal('\u{8}'),
            'b' => Escape::Assertion(AssertionKind::WordBoundary),
            'B' if !in_class => Escape::Assertion(AssertionKind::NotWordBoundary),
            'A' if !in_class => Escape::Assertion(AssertionKind::StartText),
            'Z' if !in_class => Escape::Assertion(AssertionKind::EndText),
            'a' => Escape::Literal('\x07'),
            'f' => Escape::Literal('\x0C'),
            'n' => Escape::Literal('\n'),
            'r' => Escape::Literal('\r'),
            't' => Escape::Literal('\t'),
            'v' => Escape::Literal('\x0B'),
            'x' | 'u' | 'U' => {
                let n = match c {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let Some(v) = self.hex_exact(n) else {
                    let d = self
                        .rest()
                        .bytes()
                        .take(n)
                        .take_while(u8::is_ascii_hexdigit)
                        .count();
                    self.pos += d;
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "incomplete escape",
                        },
                    ));
                };
                if v > 0x10FFFF {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "code point above U+10FFFF",
                        },
                    ));
                }
                self.char_or_err(start, v)?
            }
            'N' => {
                if !self.rest().starts_with('{') || !self.rest().contains('}') {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "missing {…} after \\N",
                        },
                    ));
                }
                let close = self.rest().find('}').unwrap_or(0);
                self.pos += close + 1;
                let e = self.esc_err(
                    start,
                    ErrorKind::Unsupported {
                        what: "named character escape \\N{…}",
                    },
                );
                self.defer(e);
                Escape::Literal('\u{FFFD}')
            }
            '0' => {
                let v = self.octal_digits(2);
                Escape::Literal(char::from(v as u8))
            }
            '1'..='7' if in_class => {
                // In a class, up to three octal digits.
                self.pos -= 1;
                let v = self.octal_digits(3);
                if v > 0o377 {
                    return Err(self.esc_err(start, ErrorKind::EscapeOctalTooLarge));
                }
                Escape::Literal(char::from_u32(v).unwrap_or('\0'))
            }
            '1'..='9' if !in_class => {
                let b = self.rest().as_bytes();
                let is_oct = |x: u8| (b'0'..=b'7').contains(&x);
                if b.first().is_some_and(u8::is_ascii_digit) {
                    // Three octal digits make an octal escape; otherwise a group number.
                    if is_oct(c as u8) && b.len() >= 2 && is_oct(b[0]) && is_oct(b[1]) {
                        let v = u32::from_str_radix(&self.rest()[..2], 8).unwrap_or(0)
                            + (c as u32 - 48) * 64;
                        self.pos += 2;
                        if v > 0o377 {
                            return Err(self.esc_err(start, ErrorKind::EscapeOctalTooLarge));
                        }
                        return Ok(Escape::Literal(char::from_u32(v).unwrap_or('\0')));
                    }
                    self.pos += 1;
                }
                let n: u32 = self.p[start + 1..self.pos].parse().unwrap_or(u32::MAX);
                if n > self.groups {
                    return Err(self.esc_err(start, ErrorKind::BackrefInvalid));
                }
                if self.open_groups.contains(&n) {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::Syntax {
                            why: "cannot refer to an open group",
                        },
                    ));
                }
                Escape::Backref(GroupRef::Number(n))
            }
            c if c.is_ascii_alphanumeric() => return Err(bad(self)),
            c => Escape::Literal(c),
        })
    }

    // ---- Java ----

    fn escape_java(&mut self, start: usize, c: char, in_class: bool) -> Result<Escape, Error> {
        let bad = |s: &P<'a>| s.esc_err(start, ErrorKind::EscapeUnrecognized);
        Ok(match c {
            'd' | 'D' => perl(ClassPerlKind::Digit, c == 'D'),
            's' | 'S' => perl(ClassPerlKind::Space, c == 'S'),
            'w' | 'W' => perl(ClassPerlKind::Word, c == 'W'),
            'h' | 'H' => perl(ClassPerlKind::HorizontalSpace, c == 'H'),
            'v' | 'V' => perl(ClassPerlKind::VerticalSpace, c == 'V'),
            'R' if !in_class => perl(ClassPerlKind::LineBreak, false),
            'X' if !in_class => perl(ClassPerlKind::Grapheme, false),
            'b' if !in_class => {
                if self.eat_str("{g}") {
                    Escape::Assertion(AssertionKind::GraphemeBoundary)
                } else {
                    Escape::Assertion(AssertionKind::WordBoundary)
                }
            }
            'B' if !in_class => Escape::Assertion(AssertionKind::NotWordBoundary),
            'A' if !in_class => Escape::Assertion(AssertionKind::StartText),
            'G' if !in_class => Escape::Assertion(AssertionKind::PreviousMatchEnd),
            'Z' if !in_class => Escape::Assertion(AssertionKind::EndTextOptionalNewline),
            'z' if !in_class => Escape::Assertion(AssertionKind::EndText),
            'a' => Escape::Literal('\x07'),
            'e' => Escape::Literal('\x1B'),
            'f' => Escape::Literal('\x0C'),
            'n' => Escape::Literal('\n'),
            'r' => Escape::Literal('\r'),
            't' => Escape::Literal('\t'),
            'c' => match self.bump() {
                Some(x) => Escape::Literal(char::from_u32(x as u32 ^ 64).unwrap_or('\0')),
                None => return Err(self.esc_err(start, ErrorKind::EscapeEof)),
            },
            '0' => {
                // \0n, \0nn, \0mnn (m <= 3): at least one octal digit is required.
                let b = self.rest().as_bytes();
                let is_oct = |x: Option<&u8>| x.is_some_and(|x| (b'0'..=b'7').contains(x));
                if !is_oct(b.first()) {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "illegal octal escape sequence",
                        },
                    ));
                }
                let max = if b[0] <= b'3' { 3 } else { 2 };
                Escape::Literal(char::from_u32(self.octal_digits(max)).unwrap_or('\0'))
            }
            '1'..='9' if !in_class => {
                // Java extends the number while the longer group number exists so far.
                let mut n = c as u32 - '0' as u32;
                while let Some(d) = self.peek().and_then(|d| d.to_digit(10)) {
                    let m = n * 10 + d;
                    if m > self.groups {
                        break;
                    }
                    n = m;
                    self.bump();
                }
                Escape::Backref(GroupRef::Number(n))
            }
            // Java has no backreference or octal without \0 inside a class.
            '1'..='9' => return Err(bad(self)),
            'x' => {
                if let Some(r) = self.hex_braced() {
                    let v = r.map_err(|_| {
                        self.esc_err(
                            start,
                            ErrorKind::EscapeInvalid {
                                why: "bad \\x{…}"
                            },
                        )
                    })?;
                    if v > 0x10FFFF {
                        return Err(self.esc_err(
                            start,
                            ErrorKind::EscapeInvalid {
                                why: "code point above U+10FFFF",
                            },
                        ));
                    }
                    return self.char_or_err(start, v);
                }
                match self.hex_exact(2) {
                    Some(v) => self.char_or_err(start, v)?,
                    None => {
                        return Err(self.esc_err(
                            start,
                            ErrorKind::EscapeInvalid {
                                why: "illegal hexadecimal escape sequence",
                            },
                        ))
                    }
                }
            }
            'u' => match self.hex_exact(4) {
                Some(hi) => {
                    if (0xD800..0xDC00).contains(&hi) && self.rest().starts_with("\\u") {
                        let save = self.pos;
                        self.pos += 2;
                        match self.hex_exact(4) {
                            Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                return self.char_or_err(
                                    start,
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                );
                            }
                            _ => self.pos = save,
                        }
                    }
                    self.char_or_err(start, hi)?
                }
                None => {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "illegal Unicode escape sequence",
                        },
                    ))
                }
            },
            'N' if self.peek() == Some('{') => {
                let close = self
                    .rest()
                    .find('}')
                    .unwrap_or(self.rest().len().saturating_sub(1));
                self.pos += close + 1;
                let e = self.esc_err(
                    start,
                    ErrorKind::Unsupported {
                        what: "named character escape \\N{…}",
                    },
                );
                self.defer(e);
                Escape::Literal('\u{FFFD}')
            }
            'p' | 'P' => self.property(start, c == 'P')?,
            'k' if !in_class => {
                if !self.eat('<') {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "\\k is not followed by '<' for named capturing group",
                        },
                    ));
                }
                let (name, span) = self.group_name('>')?;
                if !self.names.contains_key(&name) {
                    return Err(self.err(ErrorKind::GroupNameUndefined, span));
                }
                Escape::Backref(GroupRef::Name(name))
            }
            'Q' => Escape::QuoteStart,
            'E' => Escape::Nothing,
            c if c.is_ascii_alphabetic() => return Err(bad(self)),
            c => Escape::Literal(c),
        })
    }

    // ---- PCRE2 ----

    fn escape_pcre(&mut self, start: usize, c: char, in_class: bool) -> Result<Escape, Error> {
        let bad = |s: &P<'a>| s.esc_err(start, ErrorKind::EscapeUnrecognized);
        Ok(match c {
            'd' | 'D' => perl(ClassPerlKind::Digit, c == 'D'),
            's' | 'S' => perl(ClassPerlKind::Space, c == 'S'),
            'w' | 'W' => perl(ClassPerlKind::Word, c == 'W'),
            'h' | 'H' => perl(ClassPerlKind::HorizontalSpace, c == 'H'),
            'v' | 'V' => perl(ClassPerlKind::VerticalSpace, c == 'V'),
            'R' if !in_class => perl(ClassPerlKind::LineBreak, false),
            'X' if !in_class => perl(ClassPerlKind::Grapheme, false),
            'C' if !in_class => perl(ClassPerlKind::CodeUnit, false),
            'N' if !in_class => {
                if self.bytes && self.rest().starts_with("{U+") {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "\\N{U+…} needs UTF mode",
                        },
                    ));
                }
                if self.rest().starts_with("{U+") {
                    let close = self.rest().find('}').unwrap_or(0);
                    let hex = &self.rest()[3..close.max(3)];
                    let v = u32::from_str_radix(hex, 16).map_err(|_| {
                        self.esc_err(
                            start,
                            ErrorKind::EscapeInvalid {
                                why: "bad \\N{U+…}",
                            },
                        )
                    })?;
                    self.pos += close + 1;
                    return self.char_or_err(start, v);
                }
                perl(ClassPerlKind::NotNewline, false)
            }
            'b' if in_class => Escape::Literal('\u{8}'),
            'b' => Escape::Assertion(AssertionKind::WordBoundary),
            'B' if !in_class => Escape::Assertion(AssertionKind::NotWordBoundary),
            'A' if !in_class => Escape::Assertion(AssertionKind::StartText),
            'G' if !in_class => Escape::Assertion(AssertionKind::PreviousMatchEnd),
            'Z' if !in_class => Escape::Assertion(AssertionKind::EndTextOptionalNewline),
            'z' if !in_class => Escape::Assertion(AssertionKind::EndText),
            'K' if !in_class => Escape::ResetMatchStart,
            'a' => Escape::Literal('\x07'),
            'e' => Escape::Literal('\x1B'),
            'f' => Escape::Literal('\x0C'),
            'n' => Escape::Literal('\n'),
            'r' => Escape::Literal('\r'),
            't' => Escape::Literal('\t'),
            'c' => match self.bump() {
                Some(x) if x.is_ascii() && !x.is_ascii_control() => {
                    Escape::Literal(char::from(x.to_ascii_uppercase() as u8 ^ 0x40))
                }
                Some(_) => {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "\\c must be followed by a printable ASCII character",
                        },
                    ))
                }
                None => return Err(self.esc_err(start, ErrorKind::EscapeEof)),
            },
            '0' => Escape::Literal(char::from_u32(self.octal_digits(2)).unwrap_or('\0')),
            'o' => match self.hex_braced_octal() {
                Some(v) => self.char_or_err(start, v)?,
                None => {
                    return Err(self.esc_err(
                        start,
                        ErrorKind::EscapeInvalid {
                            why: "missing opening brace after \\o",
                        },
                    ))
                }
            },
            '1'..='9' => {
                // PCRE2: outside a class, \1-\9, \8…, and numbers with that many groups so
                // far are backreferences; otherwise up to three octal digits.
                self.pos -= 1;
                let d = self.rest().bytes().take_while(u8::is_ascii_digit).count();
                let n: u64 = self.rest()[..d].parse().unwrap_or(u64::MAX);
                if !in_class && (n < 10 || c >= '8' || n <= self.groups as u64) {
                    self.pos += d;
                    let n = n.min(u32::MAX as u64) as u32;
                    self.defer_ref(GroupRef::Number(n), Span::new(start, self.pos));
                    return Ok(Escape::Backref(GroupRef::Number(n)));
                }
                if c >= '8' {
                    // In a class, PCRE2 reads \8 and \9 as the digits themselves.
                    self.pos += 1;
                    return Ok(Escape::Literal(c));
                }
                let v = self.octal_digits(3);
                if self.bytes && v > 0xFF {
                    return Err(self.esc_err(start, ErrorKind::EscapeOctalTooLarge));
                }
                Escape::Literal(char::from_u32(v).unwrap_or('\0'))
            }
            'x' => {
                if let Some(r) = self.hex_braced() {
                    let v = r.map_err(|_| {
                        self.esc_err(
                            start,
                            ErrorKind::EscapeInvalid {
                                why: "bad \\x{…}"
                            },
                        )
                    })?;
                    return self.char_or_err(start, v);
                }
                let n = self
                    .rest()
                    .bytes()
                    .take(2)
                    .take_while(u8::is_ascii_hexdigit)
                    .count();
                let v = u32::from_str_radix(&self.rest()[..n], 16).unwrap_or(0);
                self.pos += n;
                Escape::Literal(char::from_u32(v).unwrap_or('\0'))
            }
            'p' | 'P' => self.property(start, c == 'P')?,
            'g' if !in_class => return self.pcre_g(start),
            'k' if !in_class => {
                let close = match self.bump() {
                    Some('<') => '>',
                    Some('\'') => '\'',
                    Some('{') => '}',
                    _ => {
                        return Err(self.esc_err(
                            start,
                            ErrorKind::EscapeInvalid {
                                why: "\\k is not followed by a name in <>, '' or {}",
                            },
                        ))
                    }
                };
                let (name, span) = self.group_name(close)?;
                self.defer_ref(GroupRef::Name(name.clone()), span);
                Escape::Backref(GroupRef::Name(name))
            }
            'Q' => Escape::QuoteStart,
            'E' => Escape::Nothing,
            c if c.is_ascii_alphanumeric() => return Err(bad(self)),
            c => Escape::Literal(c),
        })
    }

    /// `\o{…}`: octal digits in braces.
    fn hex_braced_octal(&mut self) -> Option<u32> {
        if !self.rest().starts_with('{') {
            return None;
        }
        let close = self.rest().find('}')?;
        let inner = &self.rest()[1..close];
        if inner.is_empty()
            || !inner.bytes().all(|b| (b'0'..=b'7').contains(&b))
            || inner.len() > 11
        {
            return None;
        }
        self.pos += close + 1;
        u32::from_str_radix(inner, 8).ok()
    }

    /// PCRE2 `\g`: `\gN`, `\g{N}`, `\g{-N}`, `\g{name}` (references) and `\g<…>`, `\g'…'`
    /// (subroutine calls).
    fn pcre_g(&mut self, start: usize) -> Result<Escape, Error> {
        let (close, call) = match self.peek() {
            Some('{') => ('}', false),
            Some('<') => ('>', true),
            Some('\'') => ('\'', true),
            _ => (' ', false),
        };
        let body = if close == ' ' {
            let n = self
                .rest()
                .bytes()
                .enumerate()
                .take_while(|&(i, b)| b.is_ascii_digit() || (i == 0 && (b == b'-' || b == b'+')))
                .count();
            let s = self.rest()[..n].to_string();
            self.pos += n;
            s
        } else {
            self.bump();
            let Some(len) = self.rest().find(close) else {
                return Err(self.esc_err(
                    start,
                    ErrorKind::EscapeInvalid {
                        why: "unterminated \\g reference",
                    },
                ));
            };
            let s = self.rest()[..len].to_string();
            self.pos += len + 1;
            s
        };
        let span = Span::new(start, self.pos);
        let target = if let Some(rest) = body.strip_prefix('-').or_else(|| body.strip_prefix('+')) {
            let n: i64 = rest.parse().map_err(|_| {
                self.err(
                    ErrorKind::EscapeInvalid {
                        why: "bad relative reference",
                    },
                    span,
                )
            })?;
            if n == 0 {
                return Err(self.err(ErrorKind::BackrefInvalid, span));
            }
            GroupRef::Relative(if body.starts_with('-') {
                -(n.min(1 << 20) as i32)
            } else {
                n.min(1 << 20) as i32
            })
        } else if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
            GroupRef::Number(body.parse::<u64>().unwrap_or(u64::MAX).min(u32::MAX as u64) as u32)
        } else if super::group::valid_group_name(Flavor::Pcre, &body) {
            GroupRef::Name(body)
        } else {
            return Err(self.err(
                ErrorKind::EscapeInvalid {
                    why: "\\g is not followed by a group reference",
                },
                span,
            ));
        };
        if call {
            if target != GroupRef::Number(0) {
                self.defer_ref(target.clone(), span);
            }
            return Ok(Escape::Subroutine(target));
        }
        if target == GroupRef::Number(0) {
            return Err(self.err(ErrorKind::BackrefInvalid, span));
        }
        self.defer_ref(target.clone(), span);
        Ok(Escape::Backref(target))
    }
}
