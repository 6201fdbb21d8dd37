//! Global iteration over a byte haystack (`find_iter`, `captures_iter`, `split`,
//! `replace_all`), each flavor stepping past empty matches as its engine does: the Rust
//! flavor by regex-automata's iterator (the regex crate's rule, one byte at a time), the
//! Latin-1 flavors by the text API's `Searcher` (see `crate::iter`).

use super::captures::{Captures, Match};
use super::latin1::Latin1;
use super::Regex;
use crate::captures::GroupNames;
use crate::iter::Searcher;
use crate::Error;
use regex_automata::util::iter::Searcher as ByteSearcher;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{meta, Input};
use std::borrow::Cow;
use std::sync::Arc;

/// Where one iteration stands.
#[derive(Debug)]
pub(crate) enum Cursor<'r, 'h> {
    Bytes {
        re: &'r meta::Regex,
        /// `None` once the iteration is over.
        it: Option<ByteSearcher<'h>>,
        slots: Vec<Option<NonMaxUsize>>,
        /// Anchored and full modes: one match at most.
        once: bool,
    },
    /// Boxed: the searcher carries tier B's scratch.
    Latin1(Box<Searcher<'r, Latin1<'h>>>),
}

impl<'r, 'h> Cursor<'r, 'h> {
    pub(super) fn bytes(
        re: &'r meta::Regex,
        input: Option<Input<'h>>,
        groups: bool,
        once: bool,
    ) -> Cursor<'r, 'h> {
        let slots = if groups {
            re.group_info().slot_len()
        } else {
            2
        };
        Cursor::Bytes {
            re,
            it: input.map(ByteSearcher::new),
            slots: vec![None; slots],
            once,
        }
    }

    pub(super) fn latin1(re: &'r crate::Regex, text: Latin1<'h>, at: usize) -> Cursor<'r, 'h> {
        Cursor::Latin1(Box::new(Searcher::starting_at(re, text, at)))
    }

    /// The next match's byte slots (two per group with groups, else at least two).
    pub(super) fn next(&mut self, groups: bool) -> Option<Result<Vec<Option<usize>>, Error>> {
        match self {
            Cursor::Bytes {
                re,
                it,
                slots,
                once,
            } => {
                let searcher = it.as_mut()?;
                let found = searcher.advance(|input| {
                    Ok(re.search_slots(input, slots).and_then(|_| {
                        let (s, e) = (slots[0]?, slots[1]?);
                        Some(regex_automata::Match::must(0, s.get()..e.get()))
                    }))
                });
                if found.is_none() || *once {
                    *it = None;
                }
                found?;
                Some(Ok(slots.iter().map(|s| s.map(NonMaxUsize::get)).collect()))
            }
            Cursor::Latin1(s) => Some(
                s.advance(groups)?
                    .map(|()| s.haystack().slots_to_bytes(s.slots())),
            ),
        }
    }
}

/// Every match, in order. Yields an error (then ends) if a limit is reached.
#[derive(Debug)]
pub struct FindMatches<'r, 'h> {
    cursor: Cursor<'r, 'h>,
    hay: &'h [u8],
}

impl<'r, 'h> FindMatches<'r, 'h> {
    pub(super) fn new(cursor: Cursor<'r, 'h>, hay: &'h [u8]) -> FindMatches<'r, 'h> {
        FindMatches { cursor, hay }
    }
}

impl<'h> Iterator for FindMatches<'_, 'h> {
    type Item = Result<Match<'h>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let hay = self.hay;
        Some(self.cursor.next(false)?.map(|s| {
            Match::from_slots(hay, &s, 0).unwrap_or(Match::empty_at(
                hay,
                s.first().copied().flatten().unwrap_or(0),
            ))
        }))
    }
}

/// Every match with its groups, in order.
#[derive(Debug)]
pub struct CaptureMatches<'r, 'h> {
    cursor: Cursor<'r, 'h>,
    hay: &'h [u8],
    names: Arc<GroupNames>,
}

impl<'r, 'h> CaptureMatches<'r, 'h> {
    pub(super) fn new(
        cursor: Cursor<'r, 'h>,
        hay: &'h [u8],
        names: Arc<GroupNames>,
    ) -> CaptureMatches<'r, 'h> {
        CaptureMatches { cursor, hay, names }
    }
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Result<Captures<'h>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let (hay, names) = (self.hay, Arc::clone(&self.names));
        Some(
            self.cursor
                .next(true)?
                .map(|slots| Captures::new(hay, slots, names)),
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
    type Item = Result<&'h [u8], Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let hay = self.matches.hay;
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
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut Vec<u8>);
}

impl Replacer for &[u8] {
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut Vec<u8>) {
        caps.expand(self, dst)
    }
}

impl<const N: usize> Replacer for &[u8; N] {
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut Vec<u8>) {
        caps.expand(&self[..], dst)
    }
}

impl Replacer for &Vec<u8> {
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut Vec<u8>) {
        caps.expand(self, dst)
    }
}

impl Replacer for &str {
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut Vec<u8>) {
        caps.expand(self.as_bytes(), dst)
    }
}

impl<F, T> Replacer for F
where
    F: FnMut(&Captures<'_>) -> T,
    T: AsRef<[u8]>,
{
    fn replace_append(&mut self, caps: &Captures<'_>, dst: &mut Vec<u8>) {
        dst.extend_from_slice(self(caps).as_ref())
    }
}

/// A replacement taken literally, `$` included.
#[derive(Clone, Copy, Debug)]
pub struct NoExpand<'s>(pub &'s [u8]);

impl Replacer for NoExpand<'_> {
    fn replace_append(&mut self, _: &Captures<'_>, dst: &mut Vec<u8>) {
        dst.extend_from_slice(self.0)
    }
}

impl Regex {
    /// The pieces of `haystack` between matches (found as [`Regex::find_iter`] does).
    pub fn split<'r, 'h>(&'r self, haystack: &'h [u8]) -> Split<'r, 'h> {
        Split {
            matches: self.find_iter(haystack),
            last: 0,
            finished: false,
        }
    }

    /// Replaces the first match.
    pub fn replace<'h>(
        &self,
        haystack: &'h [u8],
        rep: impl Replacer,
    ) -> Result<Cow<'h, [u8]>, Error> {
        self.replacen(haystack, 1, rep)
    }

    /// Replaces every match.
    pub fn replace_all<'h>(
        &self,
        haystack: &'h [u8],
        rep: impl Replacer,
    ) -> Result<Cow<'h, [u8]>, Error> {
        self.replacen(haystack, 0, rep)
    }

    /// Replaces the first `limit` matches (all when `limit` is 0).
    pub fn replacen<'h>(
        &self,
        haystack: &'h [u8],
        limit: usize,
        mut rep: impl Replacer,
    ) -> Result<Cow<'h, [u8]>, Error> {
        let mut out = Vec::new();
        let mut last = 0;
        let mut replaced = false;
        for (i, caps) in self.captures_iter(haystack).enumerate() {
            if limit > 0 && i >= limit {
                break;
            }
            let caps = caps?;
            let m = caps.get_match();
            out.extend_from_slice(&haystack[last..m.start()]);
            rep.replace_append(&caps, &mut out);
            last = m.end();
            replaced = true;
        }
        if !replaced {
            return Ok(Cow::Borrowed(haystack));
        }
        out.extend_from_slice(&haystack[last..]);
        Ok(Cow::Owned(out))
    }
}
