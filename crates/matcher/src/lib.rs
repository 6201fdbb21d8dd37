//! rxguard-matcher: run a validated pattern on untrusted input in linear time.
//!
//! Pipeline position: parser → **matcher**, beside the analysis. The analysis says which
//! patterns would blow up a backtracking engine; the matcher runs any pattern it accepts
//! — in the pattern's own flavor, with that flavor's match semantics — without blowing
//! up, whatever the input.
//!
//! # Two tiers, one semantics
//!
//! - **Tier A**: a pattern whose flavor semantics have an exact `Hir` equivalent is
//!   lowered (`rxguard_syntax::lower`) and built into a `regex_automata::meta::Regex` with
//!   explicit size limits. Leftmost-first search over the `Hir` finds the match a
//!   backtracking engine finds.
//! - **Tier B**: lookahead, lookbehind, atomic groups, possessive quantifiers and flavor
//!   semantics `Hir` cannot express (Python's `$`, JavaScript's empty-loop rule and capture
//!   reset, …) run on the attack simulator's backtracking executor with a memo (see
//!   `rxguard_attack::MemoLayout`): no (instruction, loop context, position) state is
//!   explored twice, and atomic-group and lookahead bodies that succeeded from a state
//!   hand their result to later runs.
//!
//! # The guarantee
//!
//! Without backreferences, a search (or a whole `find_iter`) over a haystack of `n`
//! characters costs O(m · n) time and O(m · n) bits, where `m` is the number of memo rows
//! ([`Regex::memo_rows`]: memoized instructions times their loop contexts; small counted
//! repetitions multiply it, `{1,1000}` inside another counted repetition may exceed it
//! and is refused). In Python, Java and PCRE2, whose lookbehinds are bounded, a body adds a
//! factor of its longest width. A JavaScript lookbehind runs backward from the position, as
//! V8 runs it, under the same memo (any width, V8's captures); one of unbounded width whose
//! body is regular and captures nothing is instead one pass of a lazy DFA per haystack that
//! marks where the body's matches end (n bits), then a lookup per test. When the memo
//! for a haystack would exceed [`Limits::memo_bytes`], the search returns an
//! [`ErrorKind::MemoryLimit`] error — it never falls back to unmemoized backtracking.
//!
//! Backreferences are not regular and cannot be matched in linear time in general: they
//! are refused ([`ErrorKind::Backreference`]) unless [`Limits::backtrack_limit`] is set,
//! in which case they run under that step budget and a search that exceeds it returns
//! [`ErrorKind::BacktrackLimit`] — never a hang and never a wrong answer.
//!
//! # Semantics notes
//!
//! Spans are byte offsets into the `&str` haystack. Byte haystacks (`&[u8]`) are matched by
//! [`bytes::Regex`] in the flavors whose engines match bytes: Rust (as `regex::bytes`),
//! Python bytes patterns and PCRE2 without UTF. JavaScript patterns are matched by
//! code point. Without the `u` flag V8 matches by UTF-16 code unit, which gives another
//! answer only when a character outside the Basic Multilingual Plane meets a part of the
//! pattern that can match half of one (`.`, `[^…]`, `\S`…): such a pattern on such a
//! haystack is refused with [`ErrorKind::Unsupported`] rather than answered differently. Replacement templates
//! use the regex crate's `$1`/`${name}`/`$$` syntax in every flavor.
//!
//! ```
//! use rxguard_matcher::{Regex, Tier};
//! use rxguard_syntax::Flavor;
//! // Exponential on a backtracking engine; linear here.
//! let re = Regex::builder().flavor(Flavor::JavaScript).build(r"^(?=(a+))+\1?b").err();
//! assert!(re.is_some()); // backreference: refused by default
//! let re = Regex::builder().flavor(Flavor::JavaScript).build(r"^(?:(?=a)a+)+$").unwrap();
//! assert_eq!(re.tier(), Tier::B);
//! let evil = format!("{}!", "a".repeat(10_000));
//! assert!(!re.is_match(&evil).unwrap());
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod builder;
pub mod bytes;
mod captures;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod iter;
mod regex;
mod template;
mod tier_b;

pub use builder::{Limits, MatchMode, RegexBuilder};
pub use captures::{Captures, Match};
pub use error::{Error, ErrorKind};
pub use iter::{CaptureMatches, FindMatches, NoExpand, Replacer, Split};
pub use regex::{Regex, Tier};
