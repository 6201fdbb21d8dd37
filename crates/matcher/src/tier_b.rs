//! Tier B: the attack simulator's backtracking executor with its memo.
//!
//! The executor works on characters, so a haystack is decoded once per search sequence
//! (a [`Scratch`] kept by iterators) and positions are mapped back to byte offsets. The
//! memo is made once per haystack and shared by every search of an iteration, so a whole
//! `find_iter` is linear too, not just each search.

use crate::{Error, ErrorKind, Limits};
use rxguard_attack::{
    search_from, search_memo, Inst, Look, Memo, MemoError, MemoLayout, Program, Resume, StepBudget,
    SubKind,
};

/// A compiled tier B program.
#[derive(Clone, Debug)]
pub(crate) struct Backtrack {
    pub(crate) prog: Program,
    /// `None` for a program with backreferences, which runs under `budget` instead.
    layout: Option<MemoLayout>,
    budget: Option<u64>,
    memo_bytes: u64,
    uses_previous_end: bool,
    /// `\G` inside a lookbehind body, which reads positions before the search's start:
    /// the memo is renewed when `\G` moves instead of forgetting one position.
    previous_end_behind: bool,
}

/// Where a search of a global iteration resumes, in bytes: from `from` on, rejecting an
/// empty match at `not_empty_at`, with `\G` at `previous_end`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SearchAt {
    pub(crate) from: usize,
    /// Where an anchored (or full) search may match: 0, or the offset a search was asked
    /// to start at.
    pub(crate) origin: usize,
    pub(crate) not_empty_at: Option<usize>,
    pub(crate) previous_end: usize,
}

/// A haystack decoded to characters, with the byte offset of each.
#[derive(Debug)]
pub(crate) struct Text {
    chars: Vec<char>,
    /// `offsets[i]` is where character `i` starts; the last entry is the haystack length.
    /// Empty for an ASCII haystack, where character `i` starts at byte `i`.
    offsets: Vec<usize>,
}

impl Text {
    fn new(hay: &str) -> Text {
        if hay.is_ascii() {
            return Text {
                chars: hay.bytes().map(char::from).collect(),
                offsets: Vec::new(),
            };
        }
        let mut chars = Vec::with_capacity(hay.len());
        let mut offsets = Vec::with_capacity(hay.len() + 1);
        for (i, c) in hay.char_indices() {
            chars.push(c);
            offsets.push(i);
        }
        offsets.push(hay.len());
        Text { chars, offsets }
    }

    /// The character index of byte offset `at` (the next boundary if `at` is inside a
    /// character).
    fn index(&self, at: usize) -> usize {
        if self.offsets.is_empty() {
            return at.min(self.chars.len());
        }
        self.offsets.partition_point(|&o| o < at)
    }

    /// The byte offset of character index `i` (`i` may be the length).
    fn offset(&self, i: usize) -> Option<usize> {
        if self.offsets.is_empty() {
            return (i <= self.chars.len()).then_some(i);
        }
        self.offsets.get(i).copied()
    }
}

/// Per-haystack state, made on first use: tier A's automaton cache and captures (held
/// for a whole iteration rather than taken from the automaton's pool at each search), and
/// tier B's decoded text and memo.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) cache: Option<regex_automata::meta::Cache>,
    pub(crate) caps: Option<regex_automata::util::captures::Captures>,
    text: Option<Text>,
    memo: Option<Memo>,
    /// The `\G` position the memo's entries were computed with.
    memo_previous_end: usize,
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch")
            .field("text", &self.text)
            .field("memo_bytes", &self.memo.as_ref().map(Memo::bytes_used))
            .finish()
    }
}

impl Scratch {
    /// Bytes the memo uses now (0 before the first tier B search).
    pub(crate) fn memo_bytes(&self) -> u64 {
        self.memo.as_ref().map_or(0, Memo::bytes_used)
    }
}

impl Backtrack {
    /// Prepares `prog`; a program with backreferences needs `limits.backtrack_limit`.
    pub(crate) fn new(prog: Program, limits: &Limits) -> Result<Backtrack, Error> {
        let layout = match MemoLayout::new(&prog) {
            Ok(l) => Some(l),
            Err(MemoError::Backreference) => {
                if limits.backtrack_limit.is_none() {
                    return Err(Error::new(
                        ErrorKind::Backreference,
                        "backreferences cannot be matched in linear time; set \
                         Limits::backtrack_limit to run them under a step budget",
                        None,
                    ));
                }
                None
            }
            Err(e) => return Err(Error::new(ErrorKind::TooLarge, e.to_string(), None)),
        };
        Ok(Backtrack {
            uses_previous_end: prog.uses_previous_end(),
            previous_end_behind: prog.insts.iter().any(|i| match i {
                Inst::Sub {
                    kind: SubKind::Behind { .. },
                    start,
                    next,
                } => prog
                    .insts
                    .get(*start..*next)
                    .is_some_and(|body| body.contains(&Inst::Look(Look::PreviousEnd))),
                _ => false,
            }),
            prog,
            layout,
            budget: limits.backtrack_limit,
            memo_bytes: limits.memo_bytes,
        })
    }

    /// Memo rows (the `m` of O(m · n)), or `None` for a budgeted program.
    pub(crate) fn rows(&self) -> Option<usize> {
        self.layout.as_ref().map(MemoLayout::rows)
    }

    /// The first match where `at` says, as capture slots in bytes.
    pub(crate) fn search(
        &self,
        hay: &str,
        scratch: &mut Scratch,
        at: SearchAt,
    ) -> Result<Option<Vec<Option<usize>>>, Error> {
        // No character from here on can begin a match: answer before decoding the text
        // or allocating the memo (checked once per haystack, before they exist).
        if scratch.text.is_none()
            && self.layout.is_some()
            && self.prog.match_first.as_ref().is_some_and(|first| {
                hay.get(at.from..)
                    .is_some_and(|rest| !rest.chars().any(|c| first.contains(c)))
            })
        {
            return Ok(None);
        }
        let text = scratch.text.get_or_insert_with(|| Text::new(hay));
        let resume = Resume {
            from: text.index(at.from),
            not_empty_at: at.not_empty_at.map(|b| text.index(b)),
            previous_end: text.index(at.previous_end),
        };
        let out = match &self.layout {
            Some(layout) => {
                // `\G` moved: what was computed at its new position (false there before)
                // may be wrong now; later positions test it false either way.
                if self.uses_previous_end && scratch.memo_previous_end != resume.previous_end {
                    if self.previous_end_behind {
                        scratch.memo = None;
                    } else if let Some(m) = &mut scratch.memo {
                        m.forget_position(resume.previous_end);
                    }
                    scratch.memo_previous_end = resume.previous_end;
                }
                let memo = match &mut scratch.memo {
                    Some(m) => m,
                    None if self.prog.match_first.as_ref().is_some_and(|first| {
                        !text.chars[resume.from.min(text.chars.len())..]
                            .iter()
                            .any(|&c| first.contains(c))
                    }) =>
                    {
                        return Ok(None)
                    }
                    None => scratch.memo.insert(
                        Memo::new(layout, text.chars.len(), self.memo_bytes).map_err(memo_error)?,
                    ),
                };
                search_memo(&self.prog, &text.chars, resume, memo).map_err(memo_error)?
            }
            None => {
                let budget = StepBudget(self.budget.unwrap_or(0));
                search_from(&self.prog, &text.chars, resume, budget).map_err(|e| {
                    Error::new(
                        ErrorKind::BacktrackLimit,
                        format!(
                            "backtracking budget of {} steps exceeded (pattern with \
                             backreferences)",
                            e.steps.saturating_sub(1)
                        ),
                        None,
                    )
                })?
            }
        };
        if out.matched.is_none() {
            return Ok(None);
        }
        Ok(Some(
            out.slots
                .iter()
                .map(|s| s.and_then(|i| text.offset(i)))
                .collect(),
        ))
    }
}

fn memo_error(e: MemoError) -> Error {
    let kind = match e {
        MemoError::MemoryLimit { .. } => ErrorKind::MemoryLimit,
        _ => ErrorKind::TooLarge,
    };
    Error::new(kind, e.to_string(), None)
}
