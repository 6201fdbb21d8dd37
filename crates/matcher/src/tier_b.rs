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
    /// A lazy DFA per table lookbehind (`Look::BehindTable`), run once over a haystack to
    /// mark where matches of its body end.
    behind: Vec<BehindDfa>,
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
        if layout.is_none() && !prog.behind_bodies.is_empty() {
            return Err(Error::new(
                ErrorKind::Backreference,
                "an unbounded lookbehind runs only under the linear-time memo, which \
                 backreferences rule out",
                None,
            ));
        }
        let behind = prog
            .behind_bodies
            .iter()
            .map(|hir| BehindDfa::new(hir, limits))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Backtrack {
            behind,
            uses_previous_end: prog.uses_previous_end(),
            previous_end_behind: prog.insts.iter().any(|i| match i {
                Inst::Sub {
                    kind: SubKind::Behind { .. } | SubKind::BehindBack { .. },
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
                    None => {
                        let mut memo = Memo::new(layout, text.chars.len(), self.memo_bytes)
                            .map_err(memo_error)?;
                        for (i, dfa) in self.behind.iter().enumerate() {
                            let ends = dfa.ends(hay, text)?;
                            memo.set_behind_table(i, ends).map_err(memo_error)?;
                        }
                        scratch.memo.insert(memo)
                    }
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

/// An unbounded lookbehind's body as a lazy DFA (regex-automata's hybrid), searched
/// unanchored and overlapping so that it reports every offset where a match of the body
/// ends: `(?<=body)` holds exactly there. One forward pass per haystack, linear in it,
/// and O(n) bits kept, for what a backtracker answers by searching backward at every
/// position.
#[derive(Clone, Debug)]
struct BehindDfa {
    dfa: regex_automata::hybrid::dfa::DFA,
}

impl BehindDfa {
    fn new(hir: &regex_syntax::hir::Hir, limits: &Limits) -> Result<BehindDfa, Error> {
        use regex_automata::{hybrid::dfa::DFA, nfa::thompson, MatchKind};
        let too_large = |e: String| {
            Error::new(
                ErrorKind::TooLarge,
                format!("lookbehind body over the automaton size limit: {e}"),
                None,
            )
        };
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().nfa_size_limit(Some(limits.automaton_bytes)))
            .build_from_hir(hir)
            .map_err(|e| too_large(e.to_string()))?;
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .map_err(|e| too_large(e.to_string()))?;
        Ok(BehindDfa { dfa })
    }

    /// The character positions of `text` (decoded from `hay`) where a match of the body
    /// ends.
    fn ends(&self, hay: &str, text: &Text) -> Result<Vec<usize>, Error> {
        use regex_automata::{hybrid::dfa::OverlappingState, Input};
        let mut cache = self.dfa.create_cache();
        let input = Input::new(hay);
        let mut state = OverlappingState::start();
        let mut ends = Vec::new();
        // Ends come in increasing order: walk the character index along with them.
        let mut at = 0usize;
        loop {
            self.dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .map_err(|e| {
                    Error::new(ErrorKind::TooLarge, format!("lookbehind table: {e}"), None)
                })?;
            let Some(m) = state.get_match() else { break };
            // An empty body can end inside a character's bytes; positions are characters.
            if hay.is_char_boundary(m.offset()) {
                while text.offset(at).is_some_and(|o| o < m.offset()) {
                    at += 1;
                }
                ends.push(at);
            }
        }
        Ok(ends)
    }
}
