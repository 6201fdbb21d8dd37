//! Global iteration (`find_iter`, `captures_iter`, `split`, `replace_all`), with each
//! flavor's rule for stepping past an empty match:
//!
//! - JavaScript (`lastIndex` advances one character) and Java (`Matcher.find` starts one
//!   past an empty match): the next search starts after the empty match's position;
//! - Python (3.7+) and PCRE2 (`NOTEMPTY_ATSTART` retry): the next search starts at the
//!   same position but may not return an empty match there, so a non-empty match at that
//!   position is still found;
//! - Rust (regex crate): the next search starts at the end of the last match, and an
//!   empty match ending where the last match ended is skipped.
//!
//! One [`Searcher`] holds the tier B scratch (decoded haystack and memo) for the whole
//! iteration, so the iteration as a whole is linear.

use crate::captures::{Captures, Match};
use crate::tier_b::{Scratch, SearchAt};
use crate::{Error, Regex};
use rxguard_syntax::Flavor;
use std::borrow::Cow;
use std::sync::Arc;

/// How a flavor steps past an empty match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EmptyStep {
    /// JavaScript, Java.
    Advance,
    /// Python, PCRE2.
    RetryNotEmpty,
    /// Rust.
    SkipAdjacent,
}

impl EmptyStep {
    fn of(flavor: Flavor) -> EmptyStep {
        match flavor {
            Flavor::JavaScript | Flavor::Java => EmptyStep::Advance,
            Flavor::Python | Flavor::Pcre => EmptyStep::RetryNotEmpty,
            _ => EmptyStep::SkipAdjacent,
        }
    }
}

/// The state of one global iteration over a haystack: a `&str`, or the text that stands
/// for a byte haystack (see `crate::bytes`).
#[derive(Debug)]
pub(crate) struct Searcher<'r, H> {
    re: &'r Regex,
    hay: H,
    scratch: Scratch,
    step: EmptyStep,
    /// Where the next search resumes (its `previous_end` is the last match's end, `\G`).
    at: SearchAt,
    last_end: Option<usize>,
    done: bool,
    /// The last match's slots.
    slots: Vec<Option<usize>>,
    /// Why the haystack cannot be searched, reported by the first `advance`.
    refused: Option<Error>,
}

impl<H> Drop for Searcher<'_, H> {
    fn drop(&mut self) {
        self.re.give_back(&mut self.scratch);
    }
}

impl<'r, H: AsRef<str>> Searcher<'r, H> {
    pub(crate) fn new(re: &'r Regex, hay: H) -> Searcher<'r, H> {
        let refused = re.check_haystack(hay.as_ref()).err();
        Searcher {
            refused,
            re,
            hay,
            scratch: Scratch::default(),
            step: EmptyStep::of(re.flavor()),
            at: SearchAt::default(),
            last_end: None,
            done: false,
            slots: Vec::new(),
        }
    }

    /// A searcher whose first search starts at byte `start` (past the end: no match).
    pub(crate) fn starting_at(re: &'r Regex, hay: H, start: usize) -> Searcher<'r, H> {
        let mut s = Searcher::new(re, hay);
        let text = s.hay.as_ref();
        if start > text.len() || !text.is_char_boundary(start) {
            s.done = true;
        } else {
            s.at.from = start;
            s.at.origin = start;
            s.at.previous_end = start;
        }
        s
    }

    /// The byte offset of the character after `at`, if any.
    fn next_char(&self, at: usize) -> Option<usize> {
        let c = self.hay.as_ref().get(at..)?.chars().next()?;
        Some(at + c.len_utf8())
    }

    /// Finds the next match and leaves its slots in `self.slots`; `None` at the end. After
    /// an error the iteration ends.
    #[inline]
    pub(crate) fn advance(&mut self, groups: bool) -> Option<Result<(), Error>> {
        if let Some(e) = self.refused.take() {
            self.done = true;
            return Some(Err(e));
        }
        loop {
            if self.done {
                return None;
            }
            let found = self.re.search_slots(
                self.hay.as_ref(),
                &mut self.scratch,
                self.at,
                groups,
                &mut self.slots,
            );
            match found {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            let (Some(&Some(s)), Some(&Some(e))) = (self.slots.first(), self.slots.get(1)) else {
                self.done = true;
                return None;
            };
            match self.step {
                EmptyStep::SkipAdjacent => {
                    if s == e && self.last_end == Some(e) {
                        match self.next_char(e) {
                            Some(n) => self.at.from = n,
                            None => self.done = true,
                        }
                        continue;
                    }
                    self.at.from = e;
                    self.last_end = Some(e);
                }
                EmptyStep::RetryNotEmpty => {
                    self.at.from = e;
                    self.at.not_empty_at = (s == e).then_some(e);
                }
                EmptyStep::Advance => {
                    if s == e {
                        match self.next_char(e) {
                            Some(n) => self.at.from = n,
                            None => self.done = true,
                        }
                    } else {
                        self.at.from = e;
                    }
                }
            }
            self.at.previous_end = e;
            return Some(Ok(()));
        }
    }

    /// Memo bytes used so far by this iteration.
    pub(crate) fn memo_bytes(&self) -> u64 {
        self.scratch.memo_bytes()
    }

    /// The last match's slots (offsets into the searched text).
    pub(crate) fn slots(&self) -> &[Option<usize>] {
        &self.slots
    }

    /// The haystack being searched.
    pub(crate) fn haystack(&self) -> &H {
        &self.hay
    }
}

/// Every match, in order. Yields an error (then ends) if a limit is reached.
#[derive(Debug)]
pub struct FindMatches<'r, 'h>(Searcher<'r, &'h str>);

impl<'r, 'h> FindMatches<'r, 'h> {
    pub(crate) fn new(s: Searcher<'r, &'h str>) -> FindMatches<'r, 'h> {
        FindMatches(s)
    }

    /// Bytes the tier B memo uses so far (0 on tier A).
    pub fn memo_bytes(&self) -> u64 {
        self.0.memo_bytes()
    }
}

impl<'h> Iterator for FindMatches<'_, 'h> {
    type Item = Result<Match<'h>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let hay = self.0.hay;
        Some(self.0.advance(false)?.map(|()| {
            let s = &self.0.slots;
            Match::from_slots(hay, s, 0).unwrap_or(Match::empty_at(
                hay,
                s.first().copied().flatten().unwrap_or(0),
            ))
        }))
    }
}

/// Every match with its groups, in order.
#[derive(Debug)]
pub struct CaptureMatches<'r, 'h>(Searcher<'r, &'h str>);

impl<'r, 'h> CaptureMatches<'r, 'h> {
    pub(crate) fn new(s: Searcher<'r, &'h str>) -> CaptureMatches<'r, 'h> {
        CaptureMatches(s)
    }
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Result<Captures<'h>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let names = Arc::clone(self.0.re.names());
        let hay = self.0.hay;
        Some(
            self.0
                .advance(true)?
                .map(|()| Captures::new(hay, self.0.slots.clone(), names)),
        )
    }
}

/// The pieces of a haystack between matches.
#[derive(Debug)]
pub struct Split<'r, 'h> {
    matches: FindMatches<'r, 'h>,
    last: usize,
    finished: bool,
}

impl<'h> Iterator for Split<'_, 'h> {
    type Item = Result<&'h str, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let hay = self.matches.0.hay;
        match self.matches.next() {
            Some(Ok(m)) => {
                let piece = &hay[self.last..m.start()];
                self.last = m.end();
                Some(Ok(piece))
            }
            Some(Err(e)) => {
                self.finished = true;
                Some(Err(e))
            }
            None => {
                self.finished = true;
                Some(Ok(&hay[self.last..]))
            }
        }
    }
}

/// What replaces a match: a template (`$1`, `${name}`, `$$`; see [`Captures::expand`])
/// or a function of the groups.
pub trait Replacer {
    /// Appends the replacement for `caps` to `dst`.
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut String);
}

impl Replacer for &str {
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut String) {
        caps.expand(self, dst)
    }
}

impl Replacer for &String {
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut String) {
        caps.expand(self, dst)
    }
}

impl<F, T> Replacer for F
where
    F: FnMut(&Captures<'_>) -> T,
    T: AsRef<str>,
{
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut String) {
        dst.push_str(self(caps).as_ref())
    }
}

/// A replacement taken literally, `$` included.
#[derive(Clone, Copy, Debug)]
pub struct NoExpand<'s>(pub &'s str);

impl Replacer for NoExpand<'_> {
    fn replace_append(&mut self, _: &Captures<'_>, dst: &mut String) {
        dst.push_str(self.0)
    }
}

impl Regex {
    /// The pieces of `haystack` between matches (found as [`Regex::find_iter`] does).
    pub fn split<'r, 'h>(&'r self, haystack: &'h str) -> Split<'r, 'h> {
        Split {
            matches: self.find_iter(haystack),
            last: 0,
            finished: false,
        }
    }

    /// Replaces the first match.
    pub fn replace<'h>(
        &self,
        haystack: &'h str,
        rep: impl Replacer,
    ) -> Result<Cow<'h, str>, Error> {
        self.replacen(haystack, 1, rep)
    }

    /// Replaces every match.
    pub fn replace_all<'h>(
        &self,
        haystack: &'h str,
        rep: impl Replacer,
    ) -> Result<Cow<'h, str>, Error> {
        self.replacen(haystack, 0, rep)
    }

    /// Replaces the first `limit` matches (all when `limit` is 0).
    pub fn replacen<'h>(
        &self,
        haystack: &'h str,
        limit: usize,
        mut rep: impl Replacer,
    ) -> Result<Cow<'h, str>, Error> {
        let mut out = String::new();
        let mut last = 0;
        for (i, caps) in self.captures_iter(haystack).enumerate() {
            if limit > 0 && i >= limit {
                break;
            }
            let caps = caps?;
            let m = caps.get_match();
            out.push_str(&haystack[last..m.start()]);
            rep.replace_append(&caps, &mut out);
            last = m.end();
        }
        if last == 0 && out.is_empty() {
            return Ok(Cow::Borrowed(haystack));
        }
        out.push_str(&haystack[last..]);
        Ok(Cow::Owned(out))
    }
}
