//! The Rust flavor: regex-syntax parses and validates, then its Ast is converted to ours.
//!
//! regex-syntax is the reference for this flavor, so validity is exactly the regex crate's:
//! a pattern is valid when regex-syntax both parses it and translates it to `Hir` (the
//! translation is where unknown Unicode property names are caught). The conversion runs on
//! regex-syntax's heap-based visitor; flags are resolved into the leaves as everywhere else.

use crate::ast::*;
use crate::error::{Error, ErrorKind};
use crate::flavor::Flags;
use crate::parser::Config;
use crate::span::Span;
use regex_syntax::ast as rs;

/// Parses a Rust-flavor pattern into our Ast.
pub(crate) fn parse(pattern: &str, flags: Flags, cfg: &Config) -> Result<Ast, Error> {
    // Translation validates what the parser does not (Unicode names, empty classes, UTF-8).
    let (ast, _) = translate(pattern, flags, cfg, true)?;
    let mut conv = Converter {
        pattern,
        cfg,
        frames: vec![Vec::new()],
        modes: vec![flags],
        error: None,
        nodes: 0,
    };
    match rs::visit(&ast, &mut conv) {
        Ok(ast) => Ok(ast),
        Err(()) => Err(conv.error.unwrap_or_else(|| {
            Error::new(
                ErrorKind::Syntax {
                    why: "conversion failed",
                },
                pattern,
                Span::new(0, pattern.len()),
            )
        })),
    }
}

/// The regex crate's parse and translation of `pattern`: its Ast and its `Hir`. With
/// `utf8` false the `Hir` may match invalid UTF-8 (`(?-u:\xFF)`), as `regex::bytes` allows.
fn translate(
    pattern: &str,
    flags: Flags,
    cfg: &Config,
    utf8: bool,
) -> Result<(rs::Ast, regex_syntax::hir::Hir), Error> {
    let mut parser = rs::parse::ParserBuilder::new()
        .nest_limit(cfg.get_nest_limit())
        .ignore_whitespace(flags.verbose)
        .build();
    let ast = parser
        .parse(pattern)
        .map_err(|e| convert_error(pattern, &e, cfg))?;
    let mut translator = regex_syntax::hir::translate::TranslatorBuilder::new()
        .case_insensitive(flags.case_insensitive)
        .multi_line(flags.multi_line)
        .dot_matches_new_line(flags.dot_all)
        .swap_greed(flags.swap_greed)
        .crlf(flags.crlf)
        .unicode(flags.unicode)
        .utf8(utf8)
        .build();
    match translator.translate(pattern, &ast) {
        Ok(hir) => Ok((ast, hir)),
        Err(e) => {
            let span = Span::new(e.span().start.offset, e.span().end.offset);
            let kind = match e.kind() {
                regex_syntax::hir::ErrorKind::UnicodePropertyNotFound
                | regex_syntax::hir::ErrorKind::UnicodePropertyValueNotFound
                | regex_syntax::hir::ErrorKind::UnicodePerlClassNotFound
                | regex_syntax::hir::ErrorKind::UnicodeCaseUnavailable => {
                    ErrorKind::PropertyUnknown
                }
                _ => ErrorKind::Syntax {
                    why: "the regex crate rejects this pattern",
                },
            };
            Err(Error::new(kind, pattern, span))
        }
    }
}

/// The `Hir` of a Rust-flavor pattern for byte haystacks, as `regex::bytes` builds it:
/// Unicode classes match UTF-8 encodings, and outside Unicode mode `(?-u:\xFF)` and
/// `(?-u:.)` match any byte. The regex crate's own semantics are regex-syntax's, so the
/// translation is used as it is; it never needs our Ast.
pub(crate) fn bytes_hir(
    pattern: &str,
    flags: Flags,
    cfg: &Config,
) -> Result<regex_syntax::hir::Hir, Error> {
    translate(pattern, flags, cfg, false).map(|(_, hir)| hir)
}

fn span(s: &rs::Span) -> Span {
    Span::new(s.start.offset, s.end.offset)
}

fn convert_error(pattern: &str, e: &rs::Error, cfg: &Config) -> Error {
    use rs::ErrorKind as K;
    let kind = match e.kind() {
        K::NestLimitExceeded(_) => ErrorKind::NestLimitExceeded {
            limit: cfg.get_nest_limit(),
        },
        K::GroupUnclosed => ErrorKind::GroupUnclosed,
        K::GroupUnopened => ErrorKind::GroupUnopened,
        K::ClassUnclosed => ErrorKind::ClassUnclosed,
        K::ClassRangeInvalid => ErrorKind::ClassRangeOutOfOrder,
        K::ClassRangeLiteral => ErrorKind::ClassRangeInvalid,
        K::EscapeUnrecognized => ErrorKind::EscapeUnrecognized,
        K::EscapeUnexpectedEof => ErrorKind::EscapeEof,
        K::RepetitionMissing => ErrorKind::RepetitionMissing,
        K::RepetitionCountInvalid => ErrorKind::RepetitionRangeInvalid,
        K::RepetitionCountDecimalEmpty | K::RepetitionCountUnclosed => ErrorKind::RepetitionSyntax,
        K::GroupNameDuplicate { original } => ErrorKind::GroupNameDuplicate {
            first: span(original),
        },
        K::GroupNameInvalid | K::GroupNameEmpty | K::GroupNameUnexpectedEof => {
            ErrorKind::GroupNameInvalid
        }
        K::FlagUnrecognized | K::FlagDuplicate { .. } | K::FlagRepeatedNegation { .. } => {
            ErrorKind::FlagsInvalid {
                why: "invalid inline flag",
            }
        }
        K::UnsupportedBackreference => ErrorKind::Syntax {
            why: "backreferences are not supported by the regex crate",
        },
        K::UnsupportedLookAround => ErrorKind::Syntax {
            why: "look-around is not supported by the regex crate",
        },
        _ => ErrorKind::Syntax {
            why: "the regex crate rejects this pattern",
        },
    };
    Error::new(kind, pattern, span(e.span()))
}

struct Converter<'a> {
    pattern: &'a str,
    cfg: &'a Config,
    /// Children collected for each open container.
    frames: Vec<Vec<Ast>>,
    /// Flags in effect, one entry per open group.
    modes: Vec<Flags>,
    error: Option<Error>,
    nodes: usize,
}

impl Converter<'_> {
    fn mode(&self) -> Flags {
        self.modes.last().copied().unwrap_or_default()
    }

    fn push(&mut self, ast: Ast) -> Result<(), ()> {
        self.nodes += 1;
        if self.nodes > self.cfg.get_max_nodes() {
            self.error = Some(Error::new(
                ErrorKind::SizeLimitExceeded {
                    limit: self.cfg.get_max_nodes(),
                },
                self.pattern,
                ast.span,
            ));
            return Err(());
        }
        match self.frames.last_mut() {
            Some(f) => {
                f.push(ast);
                Ok(())
            }
            None => Err(()),
        }
    }

    fn pop_children(&mut self) -> Vec<Ast> {
        self.frames.pop().unwrap_or_default()
    }

    fn apply(flags: &mut Flags, items: &rs::Flags) {
        let mut on = true;
        for item in &items.items {
            match &item.kind {
                rs::FlagsItemKind::Negation => on = false,
                rs::FlagsItemKind::Flag(f) => match f {
                    rs::Flag::CaseInsensitive => flags.case_insensitive = on,
                    rs::Flag::MultiLine => flags.multi_line = on,
                    rs::Flag::DotMatchesNewLine => flags.dot_all = on,
                    rs::Flag::SwapGreed => flags.swap_greed = on,
                    rs::Flag::Unicode => flags.unicode = on,
                    rs::Flag::CRLF => flags.crlf = on,
                    rs::Flag::IgnoreWhitespace => flags.verbose = on,
                },
            }
        }
    }

    fn flag_text(&self, f: &rs::Flags) -> String {
        self.pattern[f.span.start.offset..f.span.end.offset].to_string()
    }

    fn class_set(&self, set: &rs::ClassSet) -> ClassSet {
        match set {
            rs::ClassSet::Item(item) => ClassSet::Union(self.class_items(item)),
            rs::ClassSet::BinaryOp(op) => ClassSet::Op(Box::new(ClassSetOp {
                kind: match op.kind {
                    rs::ClassSetBinaryOpKind::Intersection => ClassSetOpKind::Intersection,
                    rs::ClassSetBinaryOpKind::Difference => ClassSetOpKind::Difference,
                    rs::ClassSetBinaryOpKind::SymmetricDifference => {
                        ClassSetOpKind::SymmetricDifference
                    }
                },
                lhs: self.class_set(&op.lhs),
                rhs: self.class_set(&op.rhs),
            })),
        }
    }

    fn class_items(&self, item: &rs::ClassSetItem) -> Vec<ClassItem> {
        match item {
            rs::ClassSetItem::Empty(_) => Vec::new(),
            rs::ClassSetItem::Literal(l) => vec![ClassItem::Literal(l.c)],
            rs::ClassSetItem::Range(r) => vec![ClassItem::Range(r.start.c, r.end.c)],
            rs::ClassSetItem::Ascii(a) => {
                let name = format!("{:?}", a.kind).to_ascii_lowercase();
                vec![ClassItem::Posix {
                    name,
                    negated: a.negated,
                }]
            }
            rs::ClassSetItem::Unicode(u) => vec![ClassItem::Unicode(unicode_class(u))],
            rs::ClassSetItem::Perl(p) => vec![ClassItem::Perl(perl_class(p))],
            rs::ClassSetItem::Bracketed(b) => vec![ClassItem::Bracket(Box::new(self.bracket(b)))],
            rs::ClassSetItem::Union(u) => {
                u.items.iter().flat_map(|i| self.class_items(i)).collect()
            }
        }
    }

    fn bracket(&self, b: &rs::ClassBracketed) -> ClassBracket {
        ClassBracket {
            span: span(&b.span),
            negated: b.negated,
            set: self.class_set(&b.kind),
        }
    }

    fn class(&self, kind: ClassKind) -> AstKind {
        let m = self.mode();
        AstKind::Class(Class {
            kind,
            case_insensitive: m.case_insensitive,
            ascii_case: !m.unicode,
            ascii: !m.unicode,
        })
    }
}

fn unicode_class(u: &rs::ClassUnicode) -> ClassUnicode {
    let (name, value) = match &u.kind {
        rs::ClassUnicodeKind::OneLetter(c) => (c.to_string(), None),
        rs::ClassUnicodeKind::Named(n) => (n.clone(), None),
        rs::ClassUnicodeKind::NamedValue { name, value, .. } => (name.clone(), Some(value.clone())),
    };
    ClassUnicode {
        span: span(&u.span),
        name,
        value,
        negated: u.negated,
    }
}

fn perl_class(p: &rs::ClassPerl) -> ClassPerl {
    let kind = match p.kind {
        rs::ClassPerlKind::Digit => ClassPerlKind::Digit,
        rs::ClassPerlKind::Space => ClassPerlKind::Space,
        rs::ClassPerlKind::Word => ClassPerlKind::Word,
    };
    ClassPerl {
        kind,
        negated: p.negated,
    }
}

impl rs::Visitor for &mut Converter<'_> {
    type Output = Ast;
    type Err = ();

    fn finish(self) -> Result<Ast, ()> {
        let mut top = self.frames.pop().unwrap_or_default();
        top.pop().ok_or(())
    }

    fn visit_pre(&mut self, ast: &rs::Ast) -> Result<(), ()> {
        match ast {
            rs::Ast::Group(g) => {
                let mut m = self.mode();
                if let rs::GroupKind::NonCapturing(f) = &g.kind {
                    Converter::apply(&mut m, f);
                }
                self.modes.push(m);
                self.frames.push(Vec::new());
            }
            rs::Ast::Repetition(_) | rs::Ast::Alternation(_) | rs::Ast::Concat(_) => {
                self.frames.push(Vec::new());
            }
            _ => {}
        }
        Ok(())
    }

    fn visit_post(&mut self, ast: &rs::Ast) -> Result<(), ()> {
        let m = self.mode();
        let sp = span(ast.span());
        let kind = match ast {
            rs::Ast::Empty(_) => AstKind::Empty,
            rs::Ast::Flags(f) => {
                if let Some(cur) = self.modes.last_mut() {
                    Converter::apply(cur, &f.flags);
                }
                AstKind::SetFlags(FlagChange {
                    items: self.flag_text(&f.flags),
                })
            }
            rs::Ast::Literal(l) => AstKind::Literal(Literal {
                c: l.c,
                escaped: l.kind != rs::LiteralKind::Verbatim,
                case_insensitive: m.case_insensitive,
                ascii_case: !m.unicode,
            }),
            rs::Ast::Dot(_) => AstKind::Dot(Dot {
                dot_all: m.dot_all,
                unix_lines: false,
                crlf: m.crlf,
            }),
            rs::Ast::Assertion(a) => {
                use rs::AssertionKind as K;
                let kind = match a.kind {
                    K::StartLine => AssertionKind::Caret,
                    K::EndLine => AssertionKind::Dollar,
                    K::StartText => AssertionKind::StartText,
                    K::EndText => AssertionKind::EndText,
                    K::WordBoundary => AssertionKind::WordBoundary,
                    K::NotWordBoundary => AssertionKind::NotWordBoundary,
                    K::WordBoundaryStart | K::WordBoundaryStartAngle => AssertionKind::WordStart,
                    K::WordBoundaryEnd | K::WordBoundaryEndAngle => AssertionKind::WordEnd,
                    K::WordBoundaryStartHalf => AssertionKind::WordStartHalf,
                    K::WordBoundaryEndHalf => AssertionKind::WordEndHalf,
                };
                AstKind::Assertion(Assertion {
                    kind,
                    multi_line: m.multi_line,
                    ascii_word: !m.unicode,
                    case_insensitive: m.case_insensitive,
                    unix_lines: false,
                    crlf: m.crlf,
                })
            }
            rs::Ast::ClassUnicode(u) => self.class(ClassKind::Unicode(unicode_class(u))),
            rs::Ast::ClassPerl(p) => self.class(ClassKind::Perl(perl_class(p))),
            rs::Ast::ClassBracketed(b) => self.class(ClassKind::Bracket(self.bracket(b))),
            rs::Ast::Repetition(r) => {
                let sub = self.pop_children().pop().ok_or(())?;
                let (min, max, op) = match &r.op.kind {
                    rs::RepetitionKind::ZeroOrOne => (0, Some(1), RepetitionOp::Question),
                    rs::RepetitionKind::ZeroOrMore => (0, None, RepetitionOp::Star),
                    rs::RepetitionKind::OneOrMore => (1, None, RepetitionOp::Plus),
                    rs::RepetitionKind::Range(rs::RepetitionRange::Exactly(n)) => {
                        (*n, Some(*n), RepetitionOp::Range)
                    }
                    rs::RepetitionKind::Range(rs::RepetitionRange::AtLeast(n)) => {
                        (*n, None, RepetitionOp::Range)
                    }
                    rs::RepetitionKind::Range(rs::RepetitionRange::Bounded(a, b)) => {
                        (*a, Some(*b), RepetitionOp::Range)
                    }
                };
                let cap = self.cfg.get_max_repeat();
                if min > cap || max.is_some_and(|x| x > cap) {
                    self.error = Some(Error::new(
                        ErrorKind::RepetitionCountLimit { limit: cap },
                        self.pattern,
                        span(&r.op.span),
                    ));
                    return Err(());
                }
                let greedy = r.greedy != m.swap_greed;
                let greed = if greedy { Greed::Greedy } else { Greed::Lazy };
                AstKind::Repetition(Repetition {
                    min,
                    max,
                    greed,
                    op,
                    swapped: m.swap_greed,
                    sub: Box::new(sub),
                })
            }
            rs::Ast::Group(g) => {
                let sub = self.pop_children().pop().ok_or(())?;
                self.modes.pop();
                let kind = match &g.kind {
                    rs::GroupKind::CaptureIndex(i) => GroupKind::Capture {
                        index: *i,
                        name: None,
                    },
                    rs::GroupKind::CaptureName { name, .. } => GroupKind::Capture {
                        index: name.index,
                        name: Some(name.name.clone()),
                    },
                    rs::GroupKind::NonCapturing(f) => GroupKind::NonCapture(Some(FlagChange {
                        items: self.flag_text(f),
                    }))
                    .normalize_empty(),
                };
                AstKind::Group(Group {
                    kind,
                    sub: Box::new(sub),
                })
            }
            rs::Ast::Alternation(_) => AstKind::Alternation(self.pop_children()),
            rs::Ast::Concat(_) => AstKind::Concat(self.pop_children()),
        };
        self.push(Ast::new(sp, kind))
    }
}

impl GroupKind {
    /// `(?:…)` with no flags is a plain non-capturing group.
    fn normalize_empty(self) -> GroupKind {
        match self {
            GroupKind::NonCapture(Some(f)) if f.items.is_empty() => GroupKind::NonCapture(None),
            k => k,
        }
    }
}
