//! Byte haystacks (`&[u8]`), in the flavors whose engines match bytes.
//!
//! - **Rust**: as `regex::bytes` — Unicode classes match UTF-8 encodings and never a byte
//!   that is not part of one; outside Unicode mode `(?-u:\xFF)` and `(?-u:.)` match single
//!   bytes; empty matches may fall inside a UTF-8 sequence. The regex crate's semantics are
//!   regex-syntax's translation run by regex-automata, so this is tier A by construction
//!   (every Rust pattern is regular).
//! - **Python** (a bytes pattern, `re.compile(b"…")`) and **PCRE2** without `PCRE2_UTF`:
//!   one character per byte. The pattern's bytes are read as Latin-1 (given as a `&str`,
//!   its UTF-8 bytes: a literal `é` is the two bytes `C3 A9`, as `"é".encode()` is in
//!   Python; `\xE9` is one byte) and parsed as a bytes pattern (`rxguard_syntax::Config::bytes`: ASCII-only
//!   classes and case folding, no escapes above `\xFF`); the haystack is read the same way
//!   and searched by the text [`Regex`](crate::Regex) on its usual tiers, with every
//!   offset mapped back to the bytes. The guarantees of the text API hold unchanged.
//! - JavaScript and Java match UTF-16 strings, never bytes: refused.
//!
//! ```
//! use rxguard_matcher::bytes::Regex;
//! use rxguard_syntax::Flavor;
//! let re = Regex::new(r"(?-u:\xFF)+(\w+)").unwrap();
//! let caps = re.captures(b"\x00\xFF\xFFk\xC3\xA9!").unwrap().unwrap();
//! assert_eq!(caps.get(1).unwrap().as_bytes(), "ké".as_bytes());
//!
//! let re = Regex::builder().flavor(Flavor::Python).flags("i").build_bytes(r"(?<=\xff)\w+").unwrap();
//! assert_eq!(re.find(b"\xffABC\xe9").unwrap().unwrap().range(), 1..4);
//! ```

mod captures;
mod iter;
mod latin1;

pub use captures::{Captures, Match};
pub use iter::{CaptureMatches, FindMatches, NoExpand, Replacer, Split};

use crate::builder::{MatchMode, RegexBuilder};
use crate::captures::GroupNames;
use crate::regex::build_automaton;
use crate::{Error, ErrorKind, Tier};
use iter::Cursor;
use latin1::Latin1;
use regex_automata::{meta, Anchored, Input, PatternID};
use regex_syntax::hir::{Hir, Look};
use rxguard_syntax::{Config, Flags, Flavor, Parser};
use std::sync::Arc;

/// A compiled pattern that matches byte haystacks in time linear in their length.
#[derive(Clone, Debug)]
pub struct Regex {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    engine: Engine,
    pattern: Vec<u8>,
    flavor: Flavor,
    names: Arc<GroupNames>,
    /// Anchored or full mode: only a match starting where the search starts.
    at_start_only: bool,
}

#[derive(Debug)]
enum Engine {
    /// Rust: regex-automata over the bytes.
    Bytes(meta::Regex),
    /// Python, PCRE2: the text regex over the Latin-1 reading of the bytes.
    Latin1(crate::Regex),
}

impl Regex {
    /// Compiles a pattern in the Rust flavor with `regex::bytes` semantics and default
    /// limits.
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        RegexBuilder::new().build_bytes(pattern)
    }

    /// A builder for other flavors, flags, modes and limits; finish with
    /// [`RegexBuilder::build_bytes`].
    pub fn builder() -> RegexBuilder {
        RegexBuilder::new()
    }

    pub(crate) fn build(pattern: &[u8], b: &RegexBuilder, flags: Flags) -> Result<Regex, Error> {
        let utf8 = std::str::from_utf8(pattern);
        let (engine, names) = match b.flavor {
            Flavor::Rust => {
                let pattern = utf8.map_err(|e| not_utf8(pattern, e.valid_up_to()))?;
                if b.force_backtrack {
                    return Err(Error::new(
                        ErrorKind::Unsupported,
                        "a Rust-flavor bytes pattern has the regex crate's byte semantics, \
                         which only tier A (regex-automata) runs",
                        None,
                    ));
                }
                let parser = Parser::with_config(Config::new().nest_limit(b.limits.nest));
                let hir = parser
                    .parse_rust_bytes(pattern, flags)
                    .map_err(Error::syntax)?;
                let hir = if b.mode == MatchMode::Full {
                    Hir::concat(vec![hir, Hir::look(Look::End)])
                } else {
                    hir
                };
                // Empty matches at every byte offset, as regex::bytes reports them.
                let config = meta::Config::new().utf8_empty(false);
                let re = build_automaton(&hir, &b.limits, config)?.map_err(|e| {
                    Error::new(ErrorKind::Unsupported, format!("regex-automata: {e}"), None)
                })?;
                let names = re
                    .group_info()
                    .pattern_names(PatternID::ZERO)
                    .map(|n| n.map(str::to_string))
                    .collect();
                (Engine::Bytes(re), Arc::new(GroupNames::new(names)))
            }
            Flavor::Python | Flavor::Pcre => {
                if b.flavor == Flavor::Python && b.flags.contains('u') {
                    let e = rxguard_syntax::Error::new(
                        rxguard_syntax::ErrorKind::FlagsIncompatible {
                            why: "cannot use UNICODE flag with a bytes pattern",
                        },
                        &b.flags,
                        rxguard_syntax::Span::new(0, b.flags.len()),
                    );
                    return Err(Error::new(ErrorKind::Flags(e.clone()), e.to_string(), None));
                }
                let text = Latin1::new(pattern);
                let re = crate::Regex::build(text.as_ref(), b, flags, true)
                    .map_err(|e| e.remap(utf8.ok(), |t| text.to_bytes(t)))?;
                let names = Arc::clone(re.names());
                (Engine::Latin1(re), names)
            }
            other => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    format!(
                        "{} matches strings of UTF-16 code units, not bytes: use Regex",
                        other.name()
                    ),
                    None,
                ))
            }
        };
        Ok(Regex {
            inner: Arc::new(Inner {
                engine,
                pattern: pattern.to_vec(),
                flavor: b.flavor,
                names,
                at_start_only: b.mode != MatchMode::Search,
            }),
        })
    }

    /// The pattern as given.
    pub fn as_bytes(&self) -> &[u8] {
        &self.inner.pattern
    }

    /// The flavor the pattern was compiled for.
    pub fn flavor(&self) -> Flavor {
        self.inner.flavor
    }

    /// Which engine runs this pattern.
    pub fn tier(&self) -> Tier {
        match &self.inner.engine {
            Engine::Bytes(_) => Tier::A,
            Engine::Latin1(re) => re.tier(),
        }
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
    pub fn is_match(&self, haystack: &[u8]) -> Result<bool, Error> {
        Ok(self.first_slots(haystack, 0, false)?.is_some())
    }

    /// The first match.
    pub fn find<'h>(&self, haystack: &'h [u8]) -> Result<Option<Match<'h>>, Error> {
        Ok(self
            .first_slots(haystack, 0, false)?
            .and_then(|s| Match::from_slots(haystack, &s, 0)))
    }

    /// The first match with its groups.
    pub fn captures<'h>(&self, haystack: &'h [u8]) -> Result<Option<Captures<'h>>, Error> {
        self.captures_at(haystack, 0)
    }

    /// The first match with its groups that starts at or after byte `start`; assertions and
    /// lookbehind still see the bytes before it. In anchored and full modes the match must
    /// start at `start`.
    pub fn captures_at<'h>(
        &self,
        haystack: &'h [u8],
        start: usize,
    ) -> Result<Option<Captures<'h>>, Error> {
        Ok(self
            .first_slots(haystack, start, true)?
            .map(|s| Captures::new(haystack, s, Arc::clone(&self.inner.names))))
    }

    fn first_slots(
        &self,
        hay: &[u8],
        start: usize,
        groups: bool,
    ) -> Result<Option<Vec<Option<usize>>>, Error> {
        Cursor::new(self, hay, start, groups)
            .next(groups)
            .transpose()
    }

    /// Every match, as the flavor's global iteration finds them.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h [u8]) -> FindMatches<'r, 'h> {
        FindMatches::new(Cursor::new(self, haystack, 0, false), haystack)
    }

    /// Every match with its groups.
    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h [u8]) -> CaptureMatches<'r, 'h> {
        self.captures_iter_at(haystack, 0)
    }

    /// Every match with its groups, from byte `start` on (see [`Regex::captures_at`]).
    pub fn captures_iter_at<'r, 'h>(
        &'r self,
        haystack: &'h [u8],
        start: usize,
    ) -> CaptureMatches<'r, 'h> {
        CaptureMatches::new(
            Cursor::new(self, haystack, start, true),
            haystack,
            Arc::clone(&self.inner.names),
        )
    }

    fn anchored(&self) -> Anchored {
        if self.inner.at_start_only {
            Anchored::Yes
        } else {
            Anchored::No
        }
    }
}

/// The error for a Rust-flavor pattern that is not UTF-8 (its syntax is text).
fn not_utf8(pattern: &[u8], at: usize) -> Error {
    let text = Latin1::new(pattern);
    let e = rxguard_syntax::Error::new(
        rxguard_syntax::ErrorKind::Syntax {
            why: "a Rust pattern is UTF-8 text; write a byte that is not as (?-u:\\xFF)",
        },
        text.as_ref(),
        rxguard_syntax::Span::new(text.to_text(at), text.to_text(at + 1)),
    );
    Error::syntax(e).remap(None, |t| text.to_bytes(t))
}

impl<'h> Cursor<'_, 'h> {
    fn new<'r>(re: &'r Regex, hay: &'h [u8], start: usize, groups: bool) -> Cursor<'r, 'h> {
        match &re.inner.engine {
            Engine::Bytes(automaton) => {
                let input = (start <= hay.len())
                    .then(|| Input::new(hay).range(start..).anchored(re.anchored()));
                Cursor::bytes(automaton, input, groups, re.inner.at_start_only)
            }
            Engine::Latin1(text_re) => {
                let text = Latin1::new(hay);
                let at = if start <= hay.len() {
                    text.to_text(start)
                } else {
                    usize::MAX
                };
                Cursor::latin1(text_re, text, at)
            }
        }
    }
}
