//! [`Regex`]: parse, pick a tier, search.
//!
//! Building parses the pattern in its flavor, lowers it to `Hir` when the flavor's
//! meaning has an exact `Hir` equivalent (tier A, run by regex-automata), and otherwise
//! compiles it for the memoized backtracker (tier B). Both tiers answer the same question
//! — the first match a backtracking engine of the flavor would find, with its groups — so
//! which tier runs is invisible except in speed.

use crate::builder::{MatchMode, RegexBuilder};
use crate::captures::{Captures, GroupNames, Match};
use crate::iter::Searcher;
use crate::tier_b::{Backtrack, Scratch, SearchAt};
use crate::{Error, ErrorKind};
use regex_automata::meta;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Hir, Look};
use rxguard_syntax::ast::{AstKind, Group, GroupKind};
use rxguard_syntax::{lower_utf8, Config, Flags, Flavor, Parser};
use std::sync::{Arc, Mutex};

/// Which engine runs a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Tier {
    /// regex-automata, from the pattern's `Hir`.
    A,
    /// The memoized backtracker (or, for backreferences, the budgeted one).
    B,
}

impl Tier {
    /// `"A"` or `"B"`.
    pub fn name(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
        }
    }
}

/// A compiled pattern that matches in time linear in the haystack.
///
/// ```
/// use rxguard_matcher::Regex;
/// let re = Regex::new(r"(?P<y>\d{4})-(?P<m>\d{2})").unwrap();
/// let caps = re.captures("on 2024-05-17").unwrap().unwrap();
/// assert_eq!(caps.name("m").unwrap().as_str(), "05");
/// ```
#[derive(Clone, Debug)]
pub struct Regex {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// A JavaScript pattern without `u`/`v` that can match a lone surrogate: V8 matches it
    /// by UTF-16 code unit, so on a haystack with characters outside the BMP its answer
    /// can differ from a match by character; such searches are refused, not guessed.
    utf16_sensitive: bool,
    /// Tier A caches not in use, so that successive searches find the lazy DFA warm.
    caches: Mutex<Vec<meta::Cache>>,
    pattern: String,
    flavor: Flavor,
    /// Anchored or full mode: only a match starting at 0.
    at_start_only: bool,
    /// JavaScript's `y`: every match starts where the search resumes.
    sticky: bool,
    tier: Tier,
    /// Tier A's automaton.
    automaton: Option<meta::Regex>,
    /// Tier B's program; also kept for tier A patterns when available, for the searches
    /// an automaton cannot express (Python's and PCRE2's "not empty here" retry).
    backtrack: Option<Backtrack>,
    /// Why the pattern is on tier B (the lowering's refusal), for reports.
    tier_b_reason: Option<String>,
    names: Arc<GroupNames>,
}

impl Regex {
    /// Compiles a pattern in the Rust flavor (the regex crate's syntax) with default
    /// limits.
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        RegexBuilder::new().build(pattern)
    }

    /// A builder for other flavors, flags, modes and limits.
    pub fn builder() -> RegexBuilder {
        RegexBuilder::new()
    }

    /// Compiles `pattern`; with `bytes`, as a bytes pattern (`Config::bytes`) whose
    /// characters are bytes (the caller decodes it as Latin-1, see `crate::bytes`).
    pub(crate) fn build(
        pattern: &str,
        b: &RegexBuilder,
        flags: Flags,
        bytes: bool,
    ) -> Result<Regex, Error> {
        let parser = Parser::with_config(Config::new().nest_limit(b.limits.nest).bytes(bytes));
        let mut ast = parser
            .parse(pattern, b.flavor, flags)
            .map_err(Error::syntax)?;
        // `\R` as the flavor's alternation (atomic in PCRE2, backtracking in Java).
        ast.expand_line_breaks(b.flavor);
        let mut names: Vec<Option<String>> = vec![None];
        ast.walk(|n| {
            if let AstKind::Group(Group {
                kind: GroupKind::Capture { index, name },
                ..
            }) = &n.kind
            {
                let i = *index as usize;
                if names.len() <= i {
                    names.resize(i + 1, None);
                }
                if names[i].is_none() {
                    names[i] = name.clone();
                }
            }
        });
        let mut automaton = None;
        let mut tier_b_reason = None;
        if b.force_backtrack {
            tier_b_reason = Some("tier B forced by the builder".to_string());
        } else {
            match lower_utf8(&ast, b.flavor, flags) {
                Ok(hir) => {
                    let hir = if b.mode == MatchMode::Full {
                        Hir::concat(vec![hir, Hir::look(Look::End)])
                    } else {
                        hir
                    };
                    match build_automaton(&hir, &b.limits, meta::Config::new())? {
                        Ok(re) => automaton = Some(re),
                        // Anything else regex-automata cannot take (duplicate group names,
                        // say) goes to tier B, which needs no automaton.
                        Err(e) => tier_b_reason = Some(format!("regex-automata: {e}")),
                    }
                }
                Err(e) => tier_b_reason = Some(e.to_string()),
            }
        }
        let compiled = rxguard_attack::compile(&ast, b.flavor, flags, b.mode);
        let backtrack = match (&automaton, compiled) {
            (None, Err(e)) => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    format!("cannot match this pattern: {}", e.reason),
                    Some(e.span),
                ))
            }
            (None, Ok(prog)) => Some(Backtrack::new(prog, &b.limits)?),
            (Some(_), Ok(prog)) => Backtrack::new(prog, &b.limits).ok(),
            (Some(_), Err(_)) => None,
        };
        let tier = if automaton.is_some() {
            Tier::A
        } else {
            Tier::B
        };
        Ok(Regex {
            inner: Arc::new(Inner {
                utf16_sensitive: b.flavor == Flavor::JavaScript
                    && !flags.unicode
                    && !flags.unicode_sets
                    && can_match_surrogate(&ast, b.flavor, flags),
                caches: Mutex::new(Vec::new()),
                pattern: pattern.to_string(),
                flavor: b.flavor,
                at_start_only: b.mode != MatchMode::Search,
                sticky: flags.sticky,
                tier,
                automaton,
                backtrack,
                tier_b_reason,
                names: Arc::new(GroupNames::new(names)),
            }),
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.inner.pattern
    }

    /// The flavor the pattern was compiled for.
    pub fn flavor(&self) -> Flavor {
        self.inner.flavor
    }

    /// Which engine runs this pattern.
    pub fn tier(&self) -> Tier {
        self.inner.tier
    }

    /// Why the pattern runs on tier B (`None` on tier A).
    pub fn tier_b_reason(&self) -> Option<&str> {
        match self.inner.tier {
            Tier::A => None,
            Tier::B => self.inner.tier_b_reason.as_deref(),
        }
    }

    /// Memo rows of the tier B program (the `m` of the O(m · n) bound), if it has one.
    pub fn memo_rows(&self) -> Option<usize> {
        self.inner.backtrack.as_ref().and_then(Backtrack::rows)
    }

    /// Number of groups, group 0 (the whole match) included.
    pub fn captures_len(&self) -> usize {
        self.inner.names.len()
    }

    /// The name of each group, group 0 first (always `None`).
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.inner.names.iter()
    }

    /// Whether the pattern matches somewhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> Result<bool, Error> {
        Ok(self.first_slots(haystack, false)?.is_some())
    }

    /// The first match.
    pub fn find<'h>(&self, haystack: &'h str) -> Result<Option<Match<'h>>, Error> {
        Ok(self
            .first_slots(haystack, false)?
            .and_then(|s| Match::from_slots(haystack, &s, 0)))
    }

    /// The first match with its groups.
    pub fn captures<'h>(&self, haystack: &'h str) -> Result<Option<Captures<'h>>, Error> {
        Ok(self
            .first_slots(haystack, true)?
            .map(|s| Captures::new(haystack, s, Arc::clone(&self.inner.names))))
    }

    fn first_slots(&self, hay: &str, groups: bool) -> Result<Option<Vec<Option<usize>>>, Error> {
        self.check_haystack(hay)?;
        let mut scratch = Scratch::default();
        let mut slots = Vec::new();
        let found = self.search_slots(hay, &mut scratch, SearchAt::default(), groups, &mut slots);
        self.give_back(&mut scratch);
        Ok(found?.then_some(slots))
    }

    /// Refuses a haystack whose answer would depend on UTF-16 code units (see
    /// `Inner::utf16_sensitive`). Linear: one pass over the bytes for a 4-byte sequence.
    pub(crate) fn check_haystack(&self, hay: &str) -> Result<(), Error> {
        if self.inner.utf16_sensitive && hay.bytes().any(|b| b >= 0xF0) {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "the haystack has characters outside the Basic Multilingual Plane, which a \
                 JavaScript pattern without the u flag matches as two UTF-16 code units \
                 (this pattern can match one alone); compile it with the u flag",
                None,
            ));
        }
        Ok(())
    }

    /// Returns the scratch's tier A cache for later searches.
    pub(crate) fn give_back(&self, scratch: &mut Scratch) {
        if let (Some(cache), Ok(mut caches)) = (scratch.cache.take(), self.inner.caches.lock()) {
            // A few are enough for the threads that search at once.
            if caches.len() < 16 {
                caches.push(cache);
            }
        }
    }

    /// Every match, as the flavor's global iteration finds them (how it steps past an
    /// empty match differs by flavor).
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> crate::iter::FindMatches<'r, 'h> {
        crate::iter::FindMatches::new(Searcher::new(self, haystack))
    }

    /// The first match with its groups that starts at or after byte `start` (a character
    /// boundary). Unlike searching `&haystack[start..]`, assertions and lookbehind still see
    /// the text before `start` (Python's `pos`). In anchored and full modes the match must
    /// start at `start`.
    pub fn captures_at<'h>(
        &self,
        haystack: &'h str,
        start: usize,
    ) -> Result<Option<Captures<'h>>, Error> {
        self.captures_iter_at(haystack, start).next().transpose()
    }

    /// Every match with its groups, from byte `start` on (see [`Regex::captures_at`]).
    pub fn captures_iter_at<'r, 'h>(
        &'r self,
        haystack: &'h str,
        start: usize,
    ) -> crate::iter::CaptureMatches<'r, 'h> {
        crate::iter::CaptureMatches::new(Searcher::starting_at(self, haystack, start))
    }

    /// Every match with its groups.
    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> crate::iter::CaptureMatches<'r, 'h> {
        crate::iter::CaptureMatches::new(Searcher::new(self, haystack))
    }

    pub(crate) fn names(&self) -> &Arc<GroupNames> {
        &self.inner.names
    }

    /// Whether there is a match where `at` says. Its byte slots go to `out` (two per group
    /// when `groups`, else at least the match's).
    #[inline]
    pub(crate) fn search_slots(
        &self,
        hay: &str,
        scratch: &mut Scratch,
        at: SearchAt,
        groups: bool,
        out: &mut Vec<Option<usize>>,
    ) -> Result<bool, Error> {
        let inner = &*self.inner;
        let from = at.from;
        if from > hay.len() || (inner.at_start_only && from > at.origin) {
            return Ok(false);
        }
        let automaton = match (&inner.automaton, at.not_empty_at) {
            (Some(re), None) => re,
            _ => {
                let Some(bt) = &inner.backtrack else {
                    return Err(Error::new(
                        ErrorKind::Unsupported,
                        "this pattern's empty-match iteration step needs the backtracking \
                         tier, which cannot compile it",
                        None,
                    ));
                };
                return Ok(match bt.search(hay, scratch, at)? {
                    Some(slots) => {
                        *out = slots;
                        true
                    }
                    None => false,
                });
            }
        };
        let anchored = if inner.at_start_only || inner.sticky {
            Anchored::Yes
        } else {
            Anchored::No
        };
        let input = Input::new(hay).range(from..).anchored(anchored);
        let cache = match &mut scratch.cache {
            Some(c) => c,
            None => scratch.cache.insert(
                inner
                    .caches
                    .lock()
                    .ok()
                    .and_then(|mut v| v.pop())
                    .unwrap_or_else(|| automaton.create_cache()),
            ),
        };
        if groups {
            let caps = scratch
                .caps
                .get_or_insert_with(|| automaton.create_captures());
            automaton.search_captures_with(cache, &input, caps);
            if !caps.is_match() {
                return Ok(false);
            }
            out.clear();
            for i in 0..inner.names.len() {
                let sp = caps.get_group(i);
                out.push(sp.map(|sp| sp.start));
                out.push(sp.map(|sp| sp.end));
            }
            Ok(true)
        } else {
            match automaton.search_with(cache, &input) {
                Some(m) => {
                    out.clear();
                    out.push(Some(m.start()));
                    out.push(Some(m.end()));
                    Ok(true)
                }
                None => Ok(false),
            }
        }
    }
}

/// Builds tier A's automaton from `hir` under the size limits, on top of `config`. A
/// pattern over a size limit is an error; any other refusal of regex-automata is returned
/// inside for the caller to decide.
pub(crate) fn build_automaton(
    hir: &Hir,
    limits: &crate::Limits,
    config: meta::Config,
) -> Result<Result<meta::Regex, meta::BuildError>, Error> {
    let config = config
        .nfa_size_limit(Some(limits.automaton_bytes))
        .onepass_size_limit(Some(limits.automaton_bytes))
        .dfa_size_limit(Some(limits.automaton_bytes))
        .hybrid_cache_capacity(limits.automaton_bytes.max(1 << 16));
    match meta::Builder::new().configure(config).build_from_hir(hir) {
        Err(e) if e.size_limit().is_some() => Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "the pattern's automaton exceeds the size limit of {} bytes",
                limits.automaton_bytes
            ),
            None,
        )),
        built => Ok(built),
    }
}

/// Whether some part of the pattern can match a lone UTF-16 surrogate in JavaScript without
/// `u`: `.`, a class reaching U+D800 or beyond (`[^a]`, `\S`), or a code-unit escape.
fn can_match_surrogate(ast: &rxguard_syntax::ast::Ast, flavor: Flavor, flags: Flags) -> bool {
    let mut found = false;
    ast.walk(|n| {
        found |= match &n.kind {
            AstKind::Dot(_) | AstKind::CodeUnit(_) => true,
            AstKind::Class(_) => match rxguard_syntax::char_set(n, flavor, flags) {
                Some(Ok(set)) => set.ranges().last().is_some_and(|r| r.end() > '\u{D7FF}'),
                // A class the lowering cannot express is taken to reach it.
                _ => true,
            },
            _ => false,
        };
    });
    found
}
