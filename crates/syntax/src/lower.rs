//! Lowering: Ast → `regex_syntax::hir::Hir`, for patterns that are regular.
//!
//! The Hir is what the matcher's tier A hands to regex-automata, so it must mean exactly
//! what the flavor's engine means — same language, same leftmost-first match, same
//! captures. Where a construct has no exact Hir equivalent the lowering refuses with a
//! [`LowerError`] naming the construct and why (lookaround, backreferences, atomic groups
//! and possessive quantifiers; Python's and Java's `$` before a final newline; JavaScript's
//! multi-line anchors over `\r`/`\u2028`; JavaScript's empty-loop exit and capture reset).
//! Callers then use the backtracking tier, which models those semantics directly.
//!
//! The traversal is a post-order fold over an explicit stack.

use crate::ast::*;
use crate::flavor::{Flags, Flavor};
use crate::span::Span;
use crate::unicode;
use regex_syntax::hir::{
    self, Class as HClass, ClassUnicode as HUni, ClassUnicodeRange as R, Hir, Look,
};

/// Why a pattern cannot be lowered to an equivalent `Hir`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowerError {
    /// The construct and the reason, e.g. `"lookahead: not expressible in Hir"`.
    pub reason: String,
    /// Where the construct is in the pattern.
    pub span: Span,
}

impl std::fmt::Display for LowerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at {})", self.reason, self.span)
    }
}

impl std::error::Error for LowerError {}

/// Lowers `ast` (parsed for `flavor` with `flags`) to an equivalent `Hir`.
pub fn lower(ast: &Ast, flavor: Flavor, flags: Flags) -> Result<Hir, LowerError> {
    lower_with(ast, flavor, flags, Units::Refuse)
}

/// [`lower`] for matching UTF-8 text, which holds no lone surrogate: a lone UTF-16 code
/// unit (`\uD800`, `[\uDC00-\uDFFF]`) matches nothing instead of being an error. Exact
/// for every flavor on such text, except JavaScript without `u`, which reads a character
/// outside the BMP as two code units: the matcher refuses those haystacks for patterns
/// that can match a surrogate.
pub fn lower_utf8(ast: &Ast, flavor: Flavor, flags: Flags) -> Result<Hir, LowerError> {
    lower_with(ast, flavor, flags, Units::Empty)
}

/// [`char_set`] for matching UTF-8 text, as [`lower_utf8`]: a lone code unit is no
/// character.
pub fn utf8_char_set(node: &Ast, flavor: Flavor, flags: Flags) -> Option<Result<HUni, LowerError>> {
    if let AstKind::CodeUnit(_) = node.kind {
        return Some(Ok(HUni::empty()));
    }
    Lowerer {
        flavor,
        flags,
        units: Units::Empty,
    }
    .char_set(node)
}

fn lower_with(ast: &Ast, flavor: Flavor, flags: Flags, units: Units) -> Result<Hir, LowerError> {
    let lw = Lowerer {
        flavor,
        flags,
        units,
    };
    let mut stack: Vec<(&Ast, bool)> = vec![(ast, false)];
    let mut values: Vec<Hir> = Vec::new();
    while let Some((node, expanded)) = stack.pop() {
        let kids = node.children();
        if !expanded && !kids.is_empty() {
            lw.check_pre(node)?;
            stack.push((node, true));
            for k in kids.into_iter().rev() {
                stack.push((k, false));
            }
            continue;
        }
        let n = node.children().len();
        let args = values.split_off(values.len() - n);
        values.push(lw.node(node, args)?);
    }
    values.pop().ok_or_else(|| LowerError {
        reason: "empty lowering".into(),
        span: ast.span,
    })
}

/// The characters a single-character node matches — a literal (with the flavor's case
/// folding), `.`, or a class — as the flavor means them. `None` for any other node.
///
/// The backtracking simulator uses this for every character test, so that it and the
/// lowering share one definition of each flavor's classes.
pub fn char_set(node: &Ast, flavor: Flavor, flags: Flags) -> Option<Result<HUni, LowerError>> {
    Lowerer {
        flavor,
        flags,
        units: Units::Refuse,
    }
    .char_set(node)
}

/// Whether lowering `ast` (Rust flavor) lets regex-syntax factor an ambiguous common prefix
/// out of an alternation (see `Lowerer::alternation`). There the regex crate's match is
/// not a backtracking engine's, so a backtracker run on a Rust pattern (the matcher's
/// forced tier B, a testing knob) answers differently; the fuzz target skips such
/// patterns. Quadratic in the nesting of alternations: for tests.
#[doc(hidden)]
pub fn rust_factors_ambiguous_prefix(ast: &Ast, flags: Flags) -> bool {
    let mut found = false;
    ast.walk(|node| {
        if found {
            return;
        }
        if let AstKind::Alternation(_) = &node.kind {
            let alts: Result<Vec<Hir>, _> = node
                .children()
                .into_iter()
                .map(|alt| lower(alt, Flavor::Rust, flags))
                .collect();
            found = alts.is_ok_and(|alts| lifts_ambiguous_prefix(&alts));
        }
    });
    found
}

/// Whether `Hir::alternation(alts)` would factor out a common prefix (its alternatives,
/// nested alternations flattened, are all concatenations starting with equal items) that
/// holds an item matching in more than one way at a position.
fn lifts_ambiguous_prefix(alts: &[Hir]) -> bool {
    let mut flat = Vec::new();
    for h in alts {
        match h.kind() {
            hir::HirKind::Alternation(subs) => flat.extend(subs.iter()),
            _ => flat.push(h),
        }
    }
    let mut concats = flat.iter().map(|h| match h.kind() {
        hir::HirKind::Concat(items) => Some(items.as_slice()),
        _ => None,
    });
    let Some(Some(mut prefix)) = concats.next() else {
        return false;
    };
    if flat.len() < 2 {
        return false;
    }
    for items in concats {
        let Some(items) = items else { return false };
        let common = prefix.iter().zip(items).take_while(|(x, y)| x == y).count();
        prefix = &prefix[..common];
    }
    !prefix.iter().all(rigid)
}

/// Whether `h` matches in at most one way at a position: no alternation and no
/// repetition with a range of counts.
fn rigid(h: &Hir) -> bool {
    match h.kind() {
        hir::HirKind::Empty
        | hir::HirKind::Literal(_)
        | hir::HirKind::Class(_)
        | hir::HirKind::Look(_) => true,
        hir::HirKind::Capture(c) => rigid(&c.sub),
        hir::HirKind::Concat(items) => items.iter().all(rigid),
        hir::HirKind::Repetition(r) => Some(r.min) == r.max && rigid(&r.sub),
        hir::HirKind::Alternation(_) => false,
    }
}

/// The first of the 2,048 characters that stand for the UTF-16 surrogate code units
/// U+D800..=U+DFFF in [`unit_char_set`]: an unassigned stretch of plane 14
/// (U+E0800..=U+E0FFF). The sets the model builds from a pattern's real characters leave
/// it out (a class holding all of it holds others that behave the same, so no attack needs
/// it; one that holds a part of it cannot be modelled and is refused), and negated
/// classes and `.` hold it, as they hold the lone surrogates in the engines.
pub const CODE_UNIT_STAND_IN: u32 = 0xE_0800;

/// The character that stands for the surrogate code unit `u` (U+D800..=U+DFFF).
pub fn code_unit_stand_in(u: u16) -> char {
    let offset = u32::from(u).clamp(0xD800, 0xDFFF) - 0xD800;
    char::from_u32(CODE_UNIT_STAND_IN + offset).unwrap_or(char::MAX)
}

/// The surrogate code unit that `c` stands for, if it is a stand-in.
pub fn stand_in_code_unit(c: char) -> Option<u16> {
    let v = c as u32;
    (CODE_UNIT_STAND_IN..CODE_UNIT_STAND_IN + 0x800)
        .contains(&v)
        .then(|| (v - CODE_UNIT_STAND_IN + 0xD800) as u16)
}

/// [`char_set`], with lone UTF-16 code units (`\uD800`, `[\uD800-\uDBFF]`, a JavaScript
/// range across the surrogate block without `u`) as their stand-in characters
/// ([`code_unit_stand_in`]) instead of an error, and [`AstKind::CodeUnit`] as a set of one.
///
/// The analysis and the simulator work on these sets: an engine that matches by code unit
/// meets a lone surrogate as one more character, so a model over the stand-ins is exact for
/// the code units while every other character keeps its meaning. Only the matcher, which
/// searches UTF-8 text where no lone surrogate can occur, keeps refusing them.
pub fn unit_char_set(node: &Ast, flavor: Flavor, flags: Flags) -> Option<Result<HUni, LowerError>> {
    let lw = Lowerer {
        flavor,
        flags,
        units: Units::StandIn,
    };
    if let AstKind::CodeUnit(u) = node.kind {
        let c = code_unit_stand_in(u);
        return Some(Ok(class(&[(c, c)])));
    }
    lw.char_set(node)
}

/// The character sets of an Ast's character tests, each computed once per node.
///
/// An unrolled counted repeat builds its body's tests once per copy, and case folding a
/// wide class walks its characters (`[\W\w]{1286}` under `i` took a second before the NFA
/// builder and the simulator's compiler shared their sets). Nodes are keyed by address, so
/// the cache is bound to the tree's lifetime `'a`: a node copied for the occasion cannot
/// be given to it, nor meet a freed copy's entry.
#[derive(Debug, Default)]
pub struct CharSetCache<'a> {
    sets: std::collections::HashMap<*const Ast, HUni>,
    tree: std::marker::PhantomData<&'a Ast>,
}

impl<'a> CharSetCache<'a> {
    /// An empty cache.
    pub fn new() -> CharSetCache<'a> {
        CharSetCache::default()
    }

    /// `node`'s set: `lower(node)` the first time, the stored set after that (errors are
    /// not stored).
    pub fn get(
        &mut self,
        node: &'a Ast,
        lower: impl FnOnce(&Ast) -> Option<Result<HUni, LowerError>>,
    ) -> Option<Result<HUni, LowerError>> {
        let key: *const Ast = node;
        if let Some(set) = self.sets.get(&key) {
            return Some(Ok(set.clone()));
        }
        let set = lower(node);
        if let Some(Ok(s)) = &set {
            self.sets.insert(key, s.clone());
        }
        set
    }
}

impl Lowerer {
    /// A set of real characters in [`unit_char_set`]'s model: without the stand-ins'
    /// stretch where it holds all of it, refused where it holds a part.
    fn real(&self, node: &Ast, mut set: HUni) -> Result<HUni, LowerError> {
        if self.units != Units::StandIn {
            return Ok(set);
        }
        let block = class(&[(code_unit_stand_in(0xD800), code_unit_stand_in(0xDFFF))]);
        let mut inside = set.clone();
        inside.intersect(&block);
        if inside.ranges().is_empty() {
            return Ok(set);
        }
        if inside != block {
            return refuse(
                node,
                "unsupported: a class that splits U+E0800..U+E0FFF, where the analysis models \
                 lone UTF-16 surrogates",
            );
        }
        set.difference(&block);
        Ok(set)
    }

    fn char_set(&self, node: &Ast) -> Option<Result<HUni, LowerError>> {
        let lw = self;
        Some(match &node.kind {
            AstKind::Literal(l) => {
                let mut set = class(&[(l.c, l.c)]);
                if l.case_insensitive {
                    lw.fold_class(&mut set, l.ascii_case);
                }
                lw.real(node, set)
            }
            AstKind::Dot(d) => Ok(lw.dot(d)),
            AstKind::Class(c) => lw.class(node, c, c.case_insensitive.then_some(c.ascii_case)),
            _ => return None,
        })
    }
}

/// What the lowering makes of a lone UTF-16 code unit (`\uD800`, `[\uD800-\uDBFF]`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Units {
    /// An error: `Hir` is over Unicode scalar values, which hold no lone surrogate.
    Refuse,
    /// Its stand-in character ([`unit_char_set`]): the analysis' model.
    StandIn,
    /// Nothing: no UTF-8 text holds one ([`lower_utf8`], the matcher's).
    Empty,
}

struct Lowerer {
    flavor: Flavor,
    flags: Flags,
    /// What a lone UTF-16 code unit becomes.
    units: Units,
}

fn refuse<T>(node: &Ast, reason: impl Into<String>) -> Result<T, LowerError> {
    Err(LowerError {
        reason: reason.into(),
        span: node.span,
    })
}

/// The characters `\b` counts as word characters in `flavor` under `flags`: the flavor's
/// `\w` (ASCII `[0-9A-Z_a-z]` if that cannot be built). The simulator and the NFA share it,
/// so both see the same boundaries.
pub fn word_class(flavor: Flavor, flags: Flags) -> HUni {
    crate::parse(r"\w", flavor, flags)
        .ok()
        .and_then(|a| char_set(&a, flavor, flags))
        .and_then(Result::ok)
        .unwrap_or_else(|| class(&[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]))
}

fn class(ranges: &[(char, char)]) -> HUni {
    HUni::new(ranges.iter().map(|&(a, b)| R::new(a, b)))
}

impl Lowerer {
    /// Refusals that depend on a container before its children are lowered.
    fn check_pre(&self, node: &Ast) -> Result<(), LowerError> {
        match &node.kind {
            AstKind::Group(g) => match g.kind {
                GroupKind::Look { ahead: true, .. } => {
                    refuse(node, "lookahead: not expressible in Hir")
                }
                GroupKind::Look { ahead: false, .. } => {
                    refuse(node, "lookbehind: not expressible in Hir")
                }
                GroupKind::Atomic => refuse(node, "atomic group: not expressible in Hir"),
                GroupKind::BranchReset => refuse(
                    node,
                    "branch reset group: capture numbering not expressible in Hir",
                ),
                _ => Ok(()),
            },
            AstKind::Repetition(r) => {
                if r.greed == Greed::Possessive {
                    return refuse(node, "possessive quantifier: not expressible in Hir");
                }
                // Iterations past the minimum fail when empty; captures are reset when a
                // loop can iterate more than once.
                let optional_iterations = r.max != Some(r.min);
                let repeats = r.max.is_none_or(|m| m > 1);
                if self.flavor == Flavor::JavaScript && (optional_iterations || repeats) {
                    let mut nullable = false;
                    let mut captures = false;
                    r.sub.walk(|n| {
                        if matches!(
                            n.kind,
                            AstKind::Group(Group {
                                kind: GroupKind::Capture { .. },
                                ..
                            })
                        ) {
                            captures = true;
                        }
                    });
                    if optional_iterations && min_width_zero(&r.sub) {
                        nullable = true;
                    }
                    if nullable {
                        return refuse(node, "JavaScript: a loop whose body can match empty exits after an empty iteration");
                    }
                    if repeats && captures {
                        return refuse(
                            node,
                            "JavaScript: captures inside a loop are reset on each iteration",
                        );
                    }
                }
                // java.util.regex runs one more, empty iteration of a loop whose body can
                // match empty, and keeps the captures it sets (`(a*)+` on "aa" leaves
                // group 1 empty at 2); Hir stops before it.
                // PCRE2, Python and Java end a loop after an empty iteration (continuing
                // after it), which is not Hir's rule either: leave those loops to tier B.
                if matches!(self.flavor, Flavor::Pcre | Flavor::Python | Flavor::Java)
                    && optional_iterations
                    && min_width_zero(&r.sub)
                {
                    return refuse(
                        node,
                        "a loop whose body can match empty stops after an empty iteration",
                    );
                }
                if self.flavor == Flavor::Java && repeats && min_width_zero(&r.sub) {
                    let mut captures = false;
                    r.sub.walk(|n| {
                        captures |= matches!(
                            n.kind,
                            AstKind::Group(Group {
                                kind: GroupKind::Capture { .. },
                                ..
                            })
                        )
                    });
                    if captures {
                        return refuse(
                            node,
                            "Java: an empty last iteration of a loop still sets its captures",
                        );
                    }
                }
                Ok(())
            }
            AstKind::Conditional(_) => refuse(node, "conditional group: not regular"),
            _ => Ok(()),
        }
    }

    fn node(&self, node: &Ast, mut args: Vec<Hir>) -> Result<Hir, LowerError> {
        Ok(match &node.kind {
            AstKind::Empty | AstKind::SetFlags(_) => Hir::empty(),
            AstKind::Literal(l) => self.literal(l),
            AstKind::CodeUnit(_) if self.units == Units::Empty => {
                Hir::class(HClass::Unicode(HUni::empty()))
            }
            AstKind::CodeUnit(_) => {
                return refuse(node, "a lone UTF-16 code unit: not expressible over UTF-8")
            }
            AstKind::Dot(d) => Hir::class(HClass::Unicode(self.dot(d))),
            AstKind::Assertion(a) => self.assertion(node, a)?,
            AstKind::Class(c) => {
                let fold = c.case_insensitive.then_some(c.ascii_case);
                let set = self.class(node, c, fold)?;
                self.class_hir(set, self.flavor == Flavor::Rust && c.ascii)
            }
            AstKind::Repetition(r) => {
                let sub = args.pop().unwrap_or_else(Hir::empty);
                Hir::repetition(hir::Repetition {
                    min: r.min,
                    max: r.max,
                    greedy: r.greed == Greed::Greedy,
                    sub: Box::new(sub),
                })
            }
            AstKind::Group(g) => {
                let sub = args.pop().unwrap_or_else(Hir::empty);
                match &g.kind {
                    GroupKind::Capture { index, name } => Hir::capture(hir::Capture {
                        index: *index,
                        name: name.as_deref().map(Box::from),
                        sub: Box::new(sub),
                    }),
                    _ => sub,
                }
            }
            AstKind::Concat(_) => Hir::concat(args),
            AstKind::Alternation(_) => self.alternation(args),
            AstKind::Backreference(_) => return refuse(node, "backreference: not regular"),
            AstKind::Conditional(_) => return refuse(node, "conditional group: not regular"),
            AstKind::Subroutine(_) => {
                return refuse(node, "recursion or subroutine call: not regular")
            }
            AstKind::Verb(_) => {
                return refuse(node, "backtracking control verb: not expressible in Hir")
            }
            AstKind::Callout => return refuse(node, "callout: not expressible in Hir"),
            AstKind::ResetMatchStart => return refuse(node, "\\K: not expressible in Hir"),
        })
    }

    /// `Hir::alternation`, kept from factoring out a common prefix that can match in more
    /// than one way. regex-syntax rewrites `XA|XB` as `X(?:A|B)`: the same language, but
    /// when `X` is ambiguous not the same leftmost-first match — `[^;]*a|[^;]*t` on "at"
    /// is "a" for a backtracking engine, "at" after the rewrite. The regex crate itself
    /// answers as the rewrite does, so the Rust flavor keeps it; elsewhere an alternation
    /// whose common prefix is ambiguous gets a last alternative that matches nothing (a
    /// class, not a concatenation), which the factoring does not touch.
    fn alternation(&self, mut alts: Vec<Hir>) -> Hir {
        if self.flavor != Flavor::Rust && lifts_ambiguous_prefix(&alts) {
            alts.push(Hir::fail());
        }
        Hir::alternation(alts)
    }

    fn literal(&self, l: &Literal) -> Hir {
        if !l.case_insensitive {
            return Hir::literal(l.c.to_string().into_bytes());
        }
        let mut set = class(&[(l.c, l.c)]);
        self.fold_class(&mut set, l.ascii_case);
        // A single-character class becomes a literal again (Hir::class does that).
        self.class_hir(set, self.flavor == Flavor::Rust && l.ascii_case)
    }

    /// The Hir of a class; Rust without `u` works on bytes, so ASCII classes are byte
    /// classes there, as regex-syntax makes them.
    fn class_hir(&self, set: HUni, bytes: bool) -> Hir {
        if bytes {
            if let Some(b) = set.to_byte_class() {
                return Hir::class(HClass::Bytes(b));
            }
        }
        Hir::class(HClass::Unicode(set))
    }

    /// Case-insensitive closure of a class, by the flavor's folding rule: ASCII letters
    /// only (`ascii_only`), or Unicode simple case folding.
    fn fold_class(&self, set: &mut HUni, ascii_only: bool) {
        if ascii_only {
            let mut extra = Vec::new();
            for r in set.ranges() {
                for c in r.start()..=r.end().min('\u{7F}') {
                    if c.is_ascii_alphabetic() {
                        let o = if c.is_ascii_lowercase() {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        };
                        extra.push(R::new(o, o));
                    }
                }
            }
            set.union(&HUni::new(extra));
            return;
        }
        if self.flavor == Flavor::JavaScript && !self.flags.js_unicode_mode() {
            js_legacy_fold(set);
        } else {
            simple_fold(set);
        }
    }

    fn dot(&self, d: &Dot) -> HUni {
        if d.dot_all {
            return class(&[('\0', '\u{10FFFF}')]);
        }
        let mut terms: Vec<char> = match self.flavor {
            Flavor::JavaScript => vec!['\n', '\r', '\u{2028}', '\u{2029}'],
            Flavor::Java if !d.unix_lines => vec!['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'],
            Flavor::Rust if d.crlf => vec!['\n', '\r'],
            _ => vec!['\n'],
        };
        terms.sort_unstable();
        let mut set = HUni::new(terms.iter().map(|&c| R::new(c, c)));
        set.negate();
        set
    }

    fn assertion(&self, node: &Ast, a: &Assertion) -> Result<Hir, LowerError> {
        let fl = self.flavor;
        let look = match a.kind {
            AssertionKind::StartText => Look::Start,
            AssertionKind::EndText => Look::End,
            AssertionKind::Caret if !a.multi_line => Look::Start,
            AssertionKind::Caret => match fl {
                Flavor::Python => Look::StartLF,
                Flavor::Rust if a.crlf => Look::StartCRLF,
                Flavor::Rust => Look::StartLF,
                Flavor::Pcre | Flavor::Java => return refuse(node, "multi-line ^ does not match after a line terminator that ends the input (PCRE2, Java): not expressible in Hir"),
                _ => return refuse(node, "multi-line ^ after \\r, \\u2028 or \\u2029: not expressible in Hir"),
            },
            AssertionKind::Dollar if !a.multi_line => match fl {
                Flavor::JavaScript | Flavor::Rust => Look::End,
                _ => return refuse(node, "$ also matches before a final newline: not expressible in Hir"),
            },
            AssertionKind::Dollar => match fl {
                Flavor::Python | Flavor::Pcre => Look::EndLF,
                Flavor::Rust if a.crlf => Look::EndCRLF,
                Flavor::Rust => Look::EndLF,
                Flavor::Java if a.unix_lines => Look::EndLF,
                _ => return refuse(node, "multi-line $ before \\r, \\u2028 or \\u2029: not expressible in Hir"),
            },
            AssertionKind::EndTextOptionalNewline => {
                return refuse(node, "\\Z also matches before a final newline: not expressible in Hir")
            }
            AssertionKind::WordBoundary | AssertionKind::NotWordBoundary => {
                let neg = a.kind == AssertionKind::NotWordBoundary;
                if fl == Flavor::JavaScript && a.case_insensitive && self.flags.js_unicode_mode() {
                    return refuse(node, "JavaScript \\b under iu also counts 'ſ' and KELVIN SIGN as word characters: not expressible in Hir");
                }
                match (fl, a.ascii_word) {
                    (Flavor::Java, _) => return refuse(node, "Java \\b uses Character.isLetterOrDigit: not expressible in Hir"),
                    (Flavor::Python, false) => return refuse(node, "Python's Unicode \\b follows str.isalnum: not expressible in Hir"),
                    (_, true) => if neg { Look::WordAsciiNegate } else { Look::WordAscii },
                    (_, false) => if neg { Look::WordUnicodeNegate } else { Look::WordUnicode },
                }
            }
            AssertionKind::WordStart => if a.ascii_word { Look::WordStartAscii } else { Look::WordStartUnicode },
            AssertionKind::WordEnd => if a.ascii_word { Look::WordEndAscii } else { Look::WordEndUnicode },
            AssertionKind::WordStartHalf => if a.ascii_word { Look::WordStartHalfAscii } else { Look::WordStartHalfUnicode },
            AssertionKind::WordEndHalf => if a.ascii_word { Look::WordEndHalfAscii } else { Look::WordEndHalfUnicode },
            AssertionKind::PreviousMatchEnd => return refuse(node, "\\G: depends on the previous match"),
            AssertionKind::GraphemeBoundary => return refuse(node, "grapheme boundary: not expressible in Hir"),
        };
        Ok(Hir::look(look))
    }

    /// The set of a class. `fold` is `Some(ascii_only)` under case-insensitivity; folding
    /// happens before negation, as in every engine (`(?i)[^x]` excludes `X` too).
    fn class(&self, node: &Ast, c: &Class, fold: Option<bool>) -> Result<HUni, LowerError> {
        match &c.kind {
            ClassKind::Perl(p) => self.perl(node, p, c.ascii, fold.is_some()),
            ClassKind::Unicode(u) => self.unicode(node, u, fold),
            ClassKind::Bracket(b) => self.bracket(node, b, c.ascii, fold),
        }
    }

    fn perl(&self, node: &Ast, p: &ClassPerl, ascii: bool, ci: bool) -> Result<HUni, LowerError> {
        let set = match p.kind {
            // ECMA-262 WordCharacters: under `iu`/`iv`, characters that canonicalize into
            // [A-Za-z0-9_] count too: 'ſ' (to 's') and KELVIN SIGN (to 'k').
            ClassPerlKind::Word
                if self.flavor == Flavor::JavaScript && ci && self.flags.js_unicode_mode() =>
            {
                class(&[
                    ('0', '9'),
                    ('A', 'Z'),
                    ('_', '_'),
                    ('a', 'z'),
                    ('\u{17F}', '\u{17F}'),
                    ('\u{212A}', '\u{212A}'),
                ])
            }
            ClassPerlKind::Digit if ascii => class(&[('0', '9')]),
            ClassPerlKind::Digit => self.uni(node, "Nd")?,
            ClassPerlKind::Word if ascii => {
                class(&[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')])
            }
            ClassPerlKind::Word if self.flavor == Flavor::Python => {
                // str.isalnum() or '_': letters and numbers.
                let mut s = self.uni(node, "L")?;
                s.union(&self.uni(node, "N")?);
                s.union(&class(&[('_', '_')]));
                s
            }
            ClassPerlKind::Word => self.uni(node, "Alphabetic")?.tap_union(&[
                self.uni(node, "M")?,
                self.uni(node, "Nd")?,
                self.uni(node, "Pc")?,
                self.uni(node, "Join_Control")?,
            ]),
            ClassPerlKind::Space => match self.flavor {
                Flavor::JavaScript => class(&[
                    ('\t', '\r'),
                    (' ', ' '),
                    ('\u{A0}', '\u{A0}'),
                    ('\u{1680}', '\u{1680}'),
                    ('\u{2000}', '\u{200A}'),
                    ('\u{2028}', '\u{2029}'),
                    ('\u{202F}', '\u{202F}'),
                    ('\u{205F}', '\u{205F}'),
                    ('\u{3000}', '\u{3000}'),
                    ('\u{FEFF}', '\u{FEFF}'),
                ]),
                Flavor::Python if !ascii => class(&[
                    ('\t', '\r'),
                    ('\x1C', ' '),
                    ('\u{85}', '\u{85}'),
                    ('\u{A0}', '\u{A0}'),
                    ('\u{1680}', '\u{1680}'),
                    ('\u{2000}', '\u{200A}'),
                    ('\u{2028}', '\u{2029}'),
                    ('\u{202F}', '\u{202F}'),
                    ('\u{205F}', '\u{205F}'),
                    ('\u{3000}', '\u{3000}'),
                ]),
                Flavor::Rust if !ascii => self.uni(node, "White_Space")?,
                _ => class(&[('\t', '\r'), (' ', ' ')]),
            },
            ClassPerlKind::HorizontalSpace => class(&[
                ('\t', '\t'),
                (' ', ' '),
                ('\u{A0}', '\u{A0}'),
                ('\u{1680}', '\u{1680}'),
                ('\u{180E}', '\u{180E}'),
                ('\u{2000}', '\u{200A}'),
                ('\u{202F}', '\u{202F}'),
                ('\u{205F}', '\u{205F}'),
                ('\u{3000}', '\u{3000}'),
            ]),
            ClassPerlKind::VerticalSpace => {
                class(&[('\n', '\r'), ('\u{85}', '\u{85}'), ('\u{2028}', '\u{2029}')])
            }
            ClassPerlKind::NotNewline => {
                let mut s = class(&[('\n', '\n')]);
                s.negate();
                s
            }
            ClassPerlKind::LineBreak => {
                return refuse(
                    node,
                    "\\R matches \\r\\n atomically: not expressible as a class",
                )
            }
            ClassPerlKind::Grapheme => {
                return refuse(node, "\\X (grapheme cluster): not expressible in Hir")
            }
            ClassPerlKind::CodeUnit => {
                return refuse(node, "\\C (one code unit): not expressible in Hir")
            }
        };
        let mut set = self.real(node, set)?;
        if p.negated {
            set.negate();
        }
        Ok(set)
    }

    fn uni(&self, node: &Ast, text: &str) -> Result<HUni, LowerError> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&format!("\\p{{{text}}}"))
            .map_err(|_| LowerError {
                reason: format!("unsupported: Unicode property {text}"),
                span: node.span,
            })?;
        match hir.kind() {
            hir::HirKind::Class(HClass::Unicode(u)) => Ok(u.clone()),
            // A property of one character comes back as a literal.
            hir::HirKind::Literal(hir::Literal(bytes)) => match std::str::from_utf8(bytes)
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) => Ok(class(&[(c, c)])),
                None => refuse(node, format!("unsupported: Unicode property {text}")),
            },
            _ => refuse(node, format!("unsupported: Unicode property {text}")),
        }
    }

    /// `\p{javaLowerCase}` and friends: the `java.lang.Character` predicate of the name, as
    /// the Unicode properties its documentation defines it by (JDK 17). The tables are
    /// regex-syntax's (Unicode 16), as for every other property; the JDK's are Unicode 13,
    /// so characters assigned since differ (`scripts/agreement/java_classes.py` counts them).
    fn java_character_class(&self, node: &Ast, name: &str) -> Result<HUni, LowerError> {
        let union = |parts: &[&str]| -> Result<HUni, LowerError> {
            let mut acc = HUni::empty();
            for p in parts {
                acc.union(&self.uni(node, p)?);
            }
            Ok(acc)
        };
        // isIdentifierIgnorable: the C0/C1 controls that are not whitespace, and Cf.
        let ignorable = || -> Result<HUni, LowerError> {
            let mut s = class(&[('\0', '\x08'), ('\x0E', '\x1B'), ('\x7F', '\u{9F}')]);
            s.union(&self.uni(node, "Cf")?);
            Ok(s)
        };
        Ok(match name {
            "javaLowerCase" => self.uni(node, "Lowercase")?,
            "javaUpperCase" => self.uni(node, "Uppercase")?,
            "javaTitleCase" => self.uni(node, "Lt")?,
            "javaDigit" => self.uni(node, "Nd")?,
            "javaDefined" => {
                let mut s = self.uni(node, "Cn")?;
                s.negate();
                s
            }
            "javaLetter" => self.uni(node, "L")?,
            "javaLetterOrDigit" => union(&["L", "Nd"])?,
            "javaAlphabetic" => self.uni(node, "Alphabetic")?,
            "javaJavaIdentifierStart" => union(&["L", "Nl", "Sc", "Pc"])?,
            "javaJavaIdentifierPart" => {
                let mut s = union(&["L", "Nl", "Sc", "Pc", "Nd", "Mc", "Mn"])?;
                s.union(&ignorable()?);
                s
            }
            "javaUnicodeIdentifierStart" => self.uni(node, "ID_Start")?,
            "javaUnicodeIdentifierPart" => {
                let mut s = self.uni(node, "ID_Continue")?;
                s.union(&ignorable()?);
                s
            }
            "javaIdentifierIgnorable" => ignorable()?,
            "javaSpaceChar" => self.uni(node, "Z")?,
            "javaWhitespace" => {
                // Z without the no-break spaces, and the ASCII separators.
                let mut s = self.uni(node, "Z")?;
                s.difference(&class(&[
                    ('\u{A0}', '\u{A0}'),
                    ('\u{2007}', '\u{2007}'),
                    ('\u{202F}', '\u{202F}'),
                ]));
                s.union(&class(&[('\t', '\r'), ('\x1C', '\x1F')]));
                s
            }
            "javaISOControl" => class(&[('\0', '\x1F'), ('\x7F', '\u{9F}')]),
            "javaMirrored" => self.uni(node, "Bidi_Mirrored")?,
            _ => return refuse(node, format!("unsupported: Java character class {name}")),
        })
    }

    fn unicode(
        &self,
        node: &Ast,
        u: &ClassUnicode,
        fold: Option<bool>,
    ) -> Result<HUni, LowerError> {
        let mut set = self.property(node, u)?;
        if let Some(ascii) = fold {
            self.fold_class(&mut set, ascii);
        }
        let mut set = self.real(node, set)?;
        if u.negated {
            set.negate();
        }
        Ok(set)
    }

    fn property(&self, node: &Ast, u: &ClassUnicode) -> Result<HUni, LowerError> {
        let text = match &u.value {
            Some(v) => {
                let n = u.name.to_ascii_lowercase();
                let java_block =
                    self.flavor == Flavor::Java && matches!(n.as_str(), "block" | "blk");
                if (n.starts_with("bl") && !java_block) || n.starts_with("bidi") || n == "bc" {
                    return refuse(node, format!("unsupported: property {}", u.name));
                }
                format!("{}={v}", u.name)
            }
            None => u.name.clone(),
        };
        if self.flavor == Flavor::Java {
            if let Some(pos) = unicode::JAVA_POSIX.iter().position(|&p| p == u.name) {
                let posix = [
                    "lower", "upper", "ascii", "alpha", "digit", "alnum", "punct", "graph",
                    "print", "blank", "cntrl", "xdigit", "space",
                ];
                if self.flags.unicode_classes {
                    return refuse(
                        node,
                        "unsupported: Java POSIX class under UNICODE_CHARACTER_CLASS",
                    );
                }
                return Ok(posix_class(posix[pos]));
            }
            if u.name.starts_with("java") {
                return self.java_character_class(node, &u.name);
            }
            let block = match (&u.value, u.name.strip_prefix("In")) {
                (None, Some(b)) => Some(b),
                (Some(v), _) if matches!(u.name.as_str(), "block" | "blk") => Some(v.as_str()),
                _ => None,
            };
            if let Some(b) = block {
                return match crate::java_blocks::java_block(b) {
                    Some((first, last)) => match (char::from_u32(first), char::from_u32(last)) {
                        // Blocks end before or start after the surrogates, never inside.
                        (Some(a), Some(z)) => Ok(class(&[(a, z)])),
                        _ => refuse(node, format!("unsupported: Unicode block {b}")),
                    },
                    None => refuse(node, format!("unsupported: Unicode block {b}")),
                };
            }
            let bare = u.name.strip_prefix("Is").unwrap_or(&u.name);
            return self.uni(node, if u.value.is_some() { &text } else { bare });
        }
        if self.flavor == Flavor::Pcre {
            let special = match u.name.as_str() {
                "L&" | "Lc" | "LC" => Some("LC"),
                "Any" => Some("Any"),
                _ => None,
            };
            if let Some(s) = special {
                return self.uni(node, s);
            }
            if u.name.starts_with('X') && u.name.len() == 3 {
                return refuse(node, format!("unsupported: PCRE2 property {}", u.name));
            }
            if let Some(v) = &u.value {
                return self.uni(node, &format!("sc={v}"));
            }
        }
        self.uni(node, &text)
    }

    fn bracket(
        &self,
        node: &Ast,
        b: &ClassBracket,
        ascii: bool,
        fold: Option<bool>,
    ) -> Result<HUni, LowerError> {
        let mut set = self.set(node, &b.set, ascii, fold)?;
        if let Some(a) = fold {
            self.fold_class(&mut set, a);
        }
        if b.negated {
            set.negate();
        }
        Ok(set)
    }

    fn set(
        &self,
        node: &Ast,
        set: &ClassSet,
        ascii: bool,
        fold: Option<bool>,
    ) -> Result<HUni, LowerError> {
        match set {
            ClassSet::Union(items) => {
                let mut acc = HUni::empty();
                for item in items {
                    let s = match item {
                        ClassItem::Literal(c) => self.real(node, class(&[(*c, *c)]))?,
                        ClassItem::Range(a, b) => {
                            let mut s = self.real(node, class(&[(*a, *b)]))?;
                            if self.units == Units::StandIn
                                && (*a as u32) < 0xD800
                                && (*b as u32) > 0xDFFF
                                && matches!(
                                    self.flavor,
                                    Flavor::JavaScript | Flavor::Python | Flavor::Java
                                )
                            {
                                // The range holds the lone surrogates too, in an engine
                                // whose strings can.
                                s.union(&class(&[(
                                    code_unit_stand_in(0xD800),
                                    code_unit_stand_in(0xDFFF),
                                )]));
                            }
                            s
                        }
                        ClassItem::CodeUnit(_) | ClassItem::CodeUnitRange(..)
                            if self.units == Units::Empty =>
                        {
                            HUni::empty()
                        }
                        ClassItem::CodeUnit(u) if self.units == Units::StandIn => {
                            let c = code_unit_stand_in(*u);
                            class(&[(c, c)])
                        }
                        ClassItem::CodeUnitRange(a, b) if self.units == Units::StandIn => {
                            class(&[(code_unit_stand_in(*a), code_unit_stand_in(*b))])
                        }
                        ClassItem::CodeUnit(_) | ClassItem::CodeUnitRange(..) => {
                            return refuse(
                                node,
                                "a lone UTF-16 code unit in a class: not expressible over UTF-8",
                            )
                        }
                        ClassItem::Perl(p) => self.perl(node, p, ascii, fold.is_some())?,
                        ClassItem::Unicode(u) => self.unicode(node, u, fold)?,
                        ClassItem::Posix { name, negated } => {
                            let mut s = posix_class(name);
                            if let Some(a) = fold {
                                self.fold_class(&mut s, a);
                            }
                            let mut s = self.real(node, s)?;
                            if *negated {
                                s.negate();
                            }
                            s
                        }
                        ClassItem::Bracket(inner) => self.bracket(node, inner, ascii, fold)?,
                        ClassItem::Strings(_) => {
                            return refuse(node, "class of strings \\q{…}: not a character class")
                        }
                    };
                    acc.union(&s);
                }
                Ok(acc)
            }
            ClassSet::Op(op) => {
                let mut l = self.set(node, &op.lhs, ascii, fold)?;
                let r = self.set(node, &op.rhs, ascii, fold)?;
                match op.kind {
                    ClassSetOpKind::Intersection => l.intersect(&r),
                    ClassSetOpKind::Difference => l.difference(&r),
                    ClassSetOpKind::SymmetricDifference => l.symmetric_difference(&r),
                }
                Ok(l)
            }
        }
    }
}

/// JavaScript's case-insensitive matching without `u`/`v` (ECMA-262 Canonicalize): two
/// characters match when their canonical forms are equal, where the canonical form is the
/// single-code-unit uppercase, unless uppercasing gives several units or maps a non-ASCII
/// character to ASCII; astral characters (two code units) never fold. So `/ß/i` does not
/// match 'ẞ', `/ſ/i` not 's', but `/σ/i` matches 'ς'.
fn js_legacy_canonical(c: char) -> char {
    if c as u32 > 0xFFFF {
        return c;
    }
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) if (u as u32) <= 0xFFFF && !(c as u32 >= 128 && (u as u32) < 128) => u,
        _ => c,
    }
}

/// Closes `set` under JavaScript's legacy case equivalence.
/// Unicode simple case folding of `set`, in time that follows the smaller of the set and
/// its complement: folding walks every character of a range, which for a wide class
/// (`[\W\w]`, `[^a]` under `i`) is a million lookups.
///
/// A character joins the set when one of its case variants is in it. For a character
/// outside the set, that variant is one of `fold(outside) \ outside`, so the characters
/// to add are those variants' own variants that lie outside.
fn simple_fold(set: &mut HUni) {
    let size = |s: &HUni| -> u64 {
        s.ranges()
            .iter()
            .map(|r| u64::from(r.end()) - u64::from(r.start()) + 1)
            .sum()
    };
    let mut outside = set.clone();
    outside.negate();
    if size(&outside) >= size(set) {
        set.case_fold_simple();
        return;
    }
    let mut variants = outside.clone();
    variants.case_fold_simple();
    variants.difference(&outside);
    variants.case_fold_simple();
    variants.intersect(&outside);
    set.union(&variants);
}

fn js_legacy_fold(set: &mut HUni) {
    use std::sync::OnceLock;
    // Every BMP character whose equivalence class has another member, with its class id;
    // and the classes. Built once: ~2,800 characters.
    type Table = (Vec<(char, usize)>, Vec<Vec<char>>);
    static TABLE: OnceLock<Table> = OnceLock::new();
    let (members, classes) = TABLE.get_or_init(|| {
        let mut by_canon: std::collections::BTreeMap<char, Vec<char>> = Default::default();
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            by_canon.entry(js_legacy_canonical(c)).or_default().push(c);
        }
        let classes: Vec<Vec<char>> = by_canon.into_values().filter(|v| v.len() > 1).collect();
        let mut members: Vec<(char, usize)> = classes
            .iter()
            .enumerate()
            .flat_map(|(i, v)| v.iter().map(move |&c| (c, i)))
            .collect();
        members.sort_unstable();
        (members, classes)
    });
    let contains = |c: char| {
        let r = set.ranges();
        let i = r.partition_point(|x| x.end() < c);
        i < r.len() && r[i].start() <= c
    };
    let mut extra = Vec::new();
    for &(c, class) in members {
        if contains(c) {
            extra.extend(classes[class].iter().map(|&m| R::new(m, m)));
        }
    }
    set.union(&HUni::new(extra));
}

/// Whether `ast` can match the empty string.
fn min_width_zero(ast: &Ast) -> bool {
    // Reuse the parser's width fold through a small local walk: a node is nullable when
    // the minimum number of characters it consumes is zero.
    let mut stack: Vec<(&Ast, bool)> = vec![(ast, false)];
    let mut vals: Vec<bool> = Vec::new();
    while let Some((n, expanded)) = stack.pop() {
        let kids = n.children();
        if !expanded && !kids.is_empty() {
            stack.push((n, true));
            for k in kids.into_iter().rev() {
                stack.push((k, false));
            }
            continue;
        }
        let args = vals.split_off(vals.len() - n.children().len());
        let v = match &n.kind {
            AstKind::Literal(_) | AstKind::CodeUnit(_) | AstKind::Dot(_) | AstKind::Class(_) => {
                false
            }
            AstKind::Repetition(r) => r.min == 0 || args.first().copied().unwrap_or(true),
            AstKind::Group(g) => {
                matches!(g.kind, GroupKind::Look { .. }) || args.first().copied().unwrap_or(true)
            }
            AstKind::Concat(_) => args.iter().all(|&b| b),
            AstKind::Alternation(_) | AstKind::Conditional(_) => args.iter().any(|&b| b),
            _ => true,
        };
        vals.push(v);
    }
    vals.pop().unwrap_or(true)
}

/// The ASCII POSIX classes.
fn posix_class(name: &str) -> HUni {
    let r: &[(char, char)] = match name {
        "alnum" => &[('0', '9'), ('A', 'Z'), ('a', 'z')],
        "alpha" => &[('A', 'Z'), ('a', 'z')],
        "ascii" => &[('\0', '\x7F')],
        "blank" => &[('\t', '\t'), (' ', ' ')],
        "cntrl" => &[('\0', '\x1F'), ('\x7F', '\x7F')],
        "digit" => &[('0', '9')],
        "graph" => &[('!', '~')],
        "lower" => &[('a', 'z')],
        "print" => &[(' ', '~')],
        "punct" => &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "space" => &[('\t', '\r'), (' ', ' ')],
        "upper" => &[('A', 'Z')],
        "word" => &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        "xdigit" => &[('0', '9'), ('A', 'F'), ('a', 'f')],
        _ => &[],
    };
    class(r)
}

trait TapUnion {
    fn tap_union(self, others: &[HUni]) -> HUni;
}

impl TapUnion for HUni {
    fn tap_union(mut self, others: &[HUni]) -> HUni {
        for o in others {
            self.union(o);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    //! Each expectation here was checked on the real engine (Node 20, CPython 3.11, JDK 17).
    use super::*;
    use crate::parse;

    fn hir(p: &str, flavor: Flavor, flags: &str) -> Result<Hir, LowerError> {
        let flags = Flags::parse(flavor, flags).unwrap();
        lower(&parse(p, flavor, flags).unwrap(), flavor, flags)
    }

    /// Whether the one-character pattern `p` matches `c`, read off its lowered class.
    fn matches(p: &str, flavor: Flavor, flags: &str, c: char) -> bool {
        match hir(p, flavor, flags).unwrap().kind() {
            hir::HirKind::Class(HClass::Unicode(u)) => {
                u.ranges().iter().any(|r| r.start() <= c && c <= r.end())
            }
            hir::HirKind::Class(HClass::Bytes(b)) => {
                c.is_ascii()
                    && b.ranges()
                        .iter()
                        .any(|r| r.start() <= c as u8 && c as u8 <= r.end())
            }
            hir::HirKind::Literal(hir::Literal(bytes)) => {
                bytes.as_ref() == c.to_string().as_bytes()
            }
            other => panic!("{p}: not a single-character Hir: {other:?}"),
        }
    }

    #[test]
    fn dot_line_terminators_per_flavor() {
        use Flavor::*;
        assert!(!matches(".", JavaScript, "", '\r'));
        assert!(!matches(".", JavaScript, "", '\u{2028}'));
        assert!(matches(".", JavaScript, "", '\u{85}'));
        assert!(matches(".", JavaScript, "s", '\n'));
        assert!(matches(".", Python, "", '\r'));
        assert!(!matches(".", Python, "", '\n'));
        assert!(!matches(".", Java, "", '\u{85}'));
        assert!(matches(".", Java, "d", '\r'));
        assert!(matches(".", Pcre, "", '\r'));
    }

    #[test]
    fn perl_classes_per_flavor() {
        use Flavor::*;
        assert!(matches(r"\w", Python, "", '²'), "str.isalnum('²')");
        assert!(!matches(r"\w", Python, "", '\u{301}'));
        assert!(!matches(r"\w", Python, "a", 'é'));
        assert!(!matches(r"\w", JavaScript, "u", 'é'));
        assert!(!matches(r"\w", Rust, "", '²'));
        assert!(matches(r"\s", JavaScript, "", '\u{FEFF}'));
        assert!(matches(r"\s", Python, "", '\x1C'));
        assert!(!matches(r"\s", Java, "", '\u{A0}'));
        assert!(!matches(r"\d", Java, "", '٣'));
        assert!(matches(r"\d", Python, "", '٣'));
        assert!(matches(r"\h", Pcre, "", '\u{3000}'));
        assert!(matches(r"\v", Java, "", '\u{2028}'));
        assert!(
            matches(r"\v", JavaScript, "", '\x0B'),
            "\\v is a character in JavaScript"
        );
    }

    #[test]
    fn case_folding_per_flavor() {
        use Flavor::*;
        let kelvin = '\u{212A}';
        assert!(
            !matches("k", JavaScript, "i", kelvin),
            "legacy Canonicalize keeps ASCII apart"
        );
        assert!(matches("k", JavaScript, "iu", kelvin));
        assert!(matches("k", Python, "i", kelvin));
        assert!(!matches("k", Python, "ai", kelvin));
        assert!(
            !matches("(?a)k", Python, "i", kelvin),
            "inline (?a) limits folding too"
        );
        assert!(
            !matches("é", Java, "i", 'É'),
            "CASE_INSENSITIVE alone is ASCII-only"
        );
        assert!(matches("é", Java, "iu", 'É'));
        assert!(matches("é", Pcre, "i", 'É'));
        assert!(
            !matches("[^x]", JavaScript, "i", 'X'),
            "fold before negation"
        );
        assert!(!matches("(?i)[^x]", Python, "", 'X'));
    }

    #[test]
    fn javascript_legacy_case_folding() {
        use Flavor::*;
        // Node 20: /a/i.test(b) and /a/iu.test(b).
        for (a, b, legacy, unicode) in [
            ('ß', 'ẞ', false, true),
            ('σ', 'ς', true, true),
            ('ς', 'Σ', true, true),
            ('ǅ', 'Ǆ', true, true),
            ('ı', 'I', false, false),
            ('ſ', 's', false, true),
            ('µ', 'Μ', true, true),
            ('ẛ', 'ṡ', true, true),
        ] {
            assert_eq!(
                matches(&a.to_string(), JavaScript, "i", b),
                legacy,
                "/{a}/i vs {b}"
            );
            assert_eq!(
                matches(&a.to_string(), JavaScript, "iu", b),
                unicode,
                "/{a}/iu vs {b}"
            );
        }
        assert!(!matches("[^x]", JavaScript, "i", 'X'));
        // WordCharacters under iu: /\w/iu matches 'ſ', /\W/iu does not, /\w/i does not.
        assert!(matches(r"\w", JavaScript, "iu", 'ſ'));
        assert!(matches(r"[\w]", JavaScript, "iu", '\u{212A}'));
        assert!(!matches(r"\W", JavaScript, "iu", 'ſ'));
        assert!(!matches(r"\w", JavaScript, "i", 'ſ'));
        assert!(hir(r"\bx", JavaScript, "iu").is_err());
        assert!(hir(r"\bx", JavaScript, "i").is_ok());
    }

    #[test]
    fn java_class_set_operations() {
        use Flavor::*;
        // Checked with Pattern.matches on JDK 17.
        assert!(matches("[a&&]", Java, "", 'a'));
        assert!(matches("[&&a]", Java, "", 'a'));
        assert!(!matches("[a&&b]", Java, "", 'a'));
        assert!(!matches("[a-z&&[^b]]", Java, "", 'b'));
        assert!(!matches("[^a[b]]", Java, "", 'b'));
        assert!(matches("[^a[b]]", Java, "", 'c'));
        assert!(matches("[^a&&b]", Java, "", 'c'));
    }

    #[test]
    fn anchors_are_exact_or_refused() {
        use Flavor::*;
        assert!(hir("a$", JavaScript, "").is_ok());
        let e = hir("a$", Python, "").unwrap_err();
        assert!(e.reason.contains("final newline"), "{e}");
        assert_eq!(e.span, Span::new(1, 2));
        assert!(hir("a$", Java, "").is_err());
        assert!(
            hir("^a", JavaScript, "m").is_err(),
            "JS ^ also follows \\r and \\u2028"
        );
        assert!(hir("^a$", Python, "m").is_ok());
        assert!(
            hir(r"\Aa\Z", Python, "").is_ok(),
            "Python's \\Z is the very end"
        );
        assert!(hir(r"a\Z", Java, "").is_err());
        assert!(hir(r"\bx", Pcre, "").is_ok());
        assert!(
            hir(r"\bx", Python, "").is_err(),
            "Unicode \\b follows str.isalnum"
        );
        assert!(hir(r"\bx", Python, "a").is_ok());
    }

    #[test]
    fn non_regular_and_hazards_are_refused_with_reasons() {
        use Flavor::*;
        let reason = |p: &str, f: Flavor, flags: &str| hir(p, f, flags).unwrap_err().reason;
        assert!(reason("(?=a)b", JavaScript, "").starts_with("lookahead"));
        assert!(reason("(?<!a)b", Python, "").starts_with("lookbehind"));
        assert!(reason(r"(a)\1", Pcre, "").starts_with("backreference"));
        assert!(reason("(?>a)", Java, "").starts_with("atomic"));
        assert!(reason("a*+", Java, "").starts_with("possessive"));
        assert!(reason("(a*)*b", JavaScript, "").contains("empty iteration"));
        assert!(reason("(a)+", JavaScript, "").contains("reset"));
        assert!(hir("(?:a)+", JavaScript, "").is_ok());
        assert!(
            hir("(a)+", Python, "").is_ok(),
            "Python keeps the last iteration's capture"
        );
        assert!(reason(r"\p{InKlingon}", Java, "").contains("block"));
        assert!(reason(r"\p{InHighSurrogates}", Java, "").contains("block"));
        let greek = hir(r"\p{InGreek}", Java, "").unwrap();
        assert_eq!(greek, hir(r"[\x{370}-\x{3FF}]", Java, "").unwrap());
        let greek = hir(r"\p{block=Greek and Coptic}", Java, "").unwrap();
        assert_eq!(greek, hir(r"[\x{370}-\x{3FF}]", Java, "").unwrap());
        assert!(reason("\\uD83D", JavaScript, "").contains("code unit"));
    }

    #[test]
    fn captures_keep_numbers_and_names() {
        let h = hir("(?<y>a)(b)", Flavor::JavaScript, "").unwrap();
        assert_eq!(h.properties().explicit_captures_len(), 2);
        let h = hir("(?P<y>a)|(b)", Flavor::Python, "").unwrap();
        assert_eq!(h.properties().explicit_captures_len(), 2);
    }

    /// The fold through the complement gives the same set as folding every character, on
    /// wide sets and narrow ones, with variants on both sides of the boundary.
    #[test]
    fn simple_fold_agrees_with_folding_every_character() {
        let sets: Vec<Vec<(char, char)>> = vec![
            vec![('a', 'a')],
            vec![('\0', '`'), ('b', '\u{10FFFF}')],
            vec![('\0', 'J'), ('L', '\u{10FFFF}')],
            vec![('\0', '\u{2129}'), ('\u{212B}', '\u{10FFFF}')],
            vec![
                ('\0', 'j'),
                ('l', 'r'),
                ('t', '\u{1E9D}'),
                ('\u{1E9F}', '\u{10FFFF}'),
            ],
            vec![('\0', '\u{10FFFF}')],
            vec![('A', 'Z'), ('\u{400}', '\u{4FF}')],
            vec![('\0', '\u{3A2}'), ('\u{3C0}', '\u{10FFFF}')],
        ];
        for ranges in sets {
            let set = class(&ranges);
            let mut direct = set.clone();
            direct.case_fold_simple();
            let mut ours = set.clone();
            simple_fold(&mut ours);
            assert_eq!(ours, direct, "{ranges:?}");
        }
        // A negated class under `i` lowers as the engines fold it: `[^k]` excludes K and
        // the Kelvin sign too.
        for c in ['k', 'K', '\u{212A}'] {
            assert!(!matches("[^k]", Flavor::Python, "i", c), "{c}");
        }
        assert!(matches("[^k]", Flavor::Python, "i", 'j'));
    }
}
