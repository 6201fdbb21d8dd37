//! The backtracking executor: runs a [`Program`] on an input the way a backtracking engine
//! does, and counts steps.
//!
//! A step is one executed instruction (a transition attempted), so the count follows the
//! work of a backtracking engine: every alternative tried, every character tested, every
//! loop decision. Backtracking uses an explicit stack of choice points and undo records
//! (captures, counters, iteration registers), never the call stack; only sub-matches
//! (atomic groups, lookaround) nest, bounded by the pattern's nesting. Every run is bounded
//! by a [`StepBudget`]: exceeding it is a value, not a hang.
//!
//! With a [`Memo`] (see the `memo` module) the same executor is the matcher's tier B: a
//! state that failed once is never explored again, and a sub-match body that succeeded
//! from a state hands its stored result to later runs, so the steps are bounded by the
//! memo's size, O(m · n), instead of a budget.

use crate::memo::{Key, Known, Memo, MemoError};
use crate::program::{EmptyRule, Inst, Lines, Look, Pc, Program, StepClass, SubKind};

/// The most steps one run may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepBudget(pub u64);

/// The budget ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BudgetExceeded {
    /// Steps taken when it ran out.
    pub steps: u64,
}

/// The result of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The match span (in characters), if any.
    pub matched: Option<(usize, usize)>,
    /// Capture slots of the match (pairs of start/end per group, group 0 first).
    pub slots: Vec<Option<usize>>,
    /// Steps taken, over all start positions.
    pub steps: u64,
    /// The most steps one start position took: engines that limit the work of a match
    /// attempt (PCRE2's match limit) reset the count at each start.
    pub attempt_steps: u64,
    /// What the steps were.
    pub mix: StepMix,
}

/// The steps of a run by kind. Engines run some kinds far faster than others (V8 compiles
/// a scan of one character class to a tight loop, but pays for every backtrack), so the
/// mix of an attack's steps predicts an engine's speed on it better than the count alone
/// (see `rxguard::calibration`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepMix(pub [u64; StepMix::KINDS]);

impl StepMix {
    /// How many kinds.
    pub const KINDS: usize = 10;
    /// The kinds' names, by index. The last two are CPython's fast paths (Python programs
    /// only, `StepClass`): every step inside a single-character repeat, and the literal
    /// test (and the backtrack to it) that follows one.
    pub const NAMES: [&'static str; StepMix::KINDS] = [
        "char_hit",
        "char_miss",
        "split",
        "greedy_head",
        "lazy_head",
        "bookkeeping",
        "other",
        "backtrack",
        "sre_single_repeat",
        "sre_literal_tail",
    ];
    const CHAR_HIT: usize = 0;
    const CHAR_MISS: usize = 1;
    const SPLIT: usize = 2;
    const GREEDY_HEAD: usize = 3;
    const LAZY_HEAD: usize = 4;
    const BOOKKEEPING: usize = 5;
    const OTHER: usize = 6;
    const BACKTRACK: usize = 7;
    const SRE_SINGLE: usize = 8;
    const SRE_TAIL: usize = 9;

    /// Each kind's share of all counted steps and backtracks (zeros for an empty mix).
    pub fn shares(&self) -> [f64; StepMix::KINDS] {
        let total: u64 = self.0.iter().sum();
        let mut out = [0.0; StepMix::KINDS];
        if total > 0 {
            for (o, &k) in out.iter_mut().zip(&self.0) {
                *o = k as f64 / total as f64;
            }
        }
        out
    }

    /// The kind a test of step kind `kind` counts as, by its outcome: a character test
    /// that fails is a miss; CPython's literal after a repeat is a plain hit when it holds.
    fn of_test(kind: usize, ok: bool) -> usize {
        match kind {
            StepMix::CHAR_HIT if !ok => StepMix::CHAR_MISS,
            StepMix::SRE_TAIL if ok => StepMix::CHAR_HIT,
            k => k,
        }
    }

    fn kind(inst: &Inst) -> usize {
        match inst {
            Inst::Char(_) | Inst::CharBack(_) => StepMix::CHAR_HIT,
            Inst::Split { .. } => StepMix::SPLIT,
            Inst::LoopHead { greedy: true, .. } => StepMix::GREEDY_HEAD,
            Inst::LoopHead { greedy: false, .. } => StepMix::LAZY_HEAD,
            Inst::Jmp(_)
            | Inst::Save(_)
            | Inst::LoopInit { .. }
            | Inst::LoopIter { .. }
            | Inst::LoopTail { .. } => StepMix::BOOKKEEPING,
            Inst::Look(_)
            | Inst::Sub { .. }
            | Inst::SubEnd
            | Inst::Backref { .. }
            | Inst::Match => StepMix::OTHER,
        }
    }
}

/// Why a run stopped before its answer.
enum Halt {
    Budget(u64),
    Memo(MemoError),
}

impl From<MemoError> for Halt {
    fn from(e: MemoError) -> Halt {
        Halt::Memo(e)
    }
}

/// Where a search resumes within a global iteration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resume {
    /// First start position to try.
    pub from: usize,
    /// Reject an empty match starting here (Python's and PCRE2's step past an empty
    /// match).
    pub not_empty_at: Option<usize>,
    /// Where the previous match ended, for `\G`.
    pub previous_end: usize,
}

/// A choice point or an undo record.
///
/// Fields are `u32` (positions included: searches refuse longer inputs) because the stack
/// holds a few records per input character on long inputs; 16 bytes a record, not 24.
enum Frame {
    /// Resume at `pc` with the input at `pos`.
    Alt(u32, u32),
    /// Restore a capture slot ([`NONE`] for unset).
    Slot(u32, u32),
    /// Restore a loop counter.
    Counter(u32, u32),
    /// Restore an iteration register.
    Reg(u32, u32),
    /// A memoized state on the current path: failed if backtracking unwinds past it.
    Memo(Key),
    /// Choice points of a greedy single-character loop read in one go ([`Exec::star`]):
    /// resume at `pc` with the input at each position from the last down to the first,
    /// exactly as the `Alt` frames the loop would have pushed one by one.
    Star(u32, u32, u32),
    /// A JDK `Loop` iteration begun at a position (counter, position): if backtracking
    /// unwinds past it, the iteration failed there, and the loop will not try it again in
    /// this search ([`Program::stoppers`]).
    Stopper(u32, u32),
}

// The stack's size on long inputs depends on it.
const _: () = assert!(std::mem::size_of::<Frame>() <= 16);

/// Remaining subject length under which PCRE2 (8-bit) looks for the required code unit of
/// an anchored pattern (an unanchored one: a thousand times more).
const PCRE2_REQ_CU_MAX: usize = 5000;

/// An unset capture slot in a [`Frame::Slot`].
const NONE: u32 = u32::MAX;

fn pack(v: Option<usize>) -> u32 {
    v.map_or(NONE, |v| v as u32)
}

fn unpack(v: u32) -> Option<usize> {
    (v != NONE).then_some(v as usize)
}

impl Frame {
    fn slot(s: usize, v: Option<usize>) -> Frame {
        Frame::Slot(s as u32, pack(v))
    }
    fn alt(pc: Pc, pos: usize) -> Frame {
        Frame::Alt(pc as u32, pos as u32)
    }
}

struct Exec<'a> {
    prog: &'a Program,
    input: &'a [char],
    slots: Vec<Option<usize>>,
    counters: Vec<u32>,
    regs: Vec<usize>,
    stack: Vec<Frame>,
    steps: u64,
    mix: StepMix,
    /// Each instruction's step kind (empty under a memo: no mix is kept).
    kinds: Vec<u8>,
    /// Per instruction: the character set of the greedy single-character loop it heads,
    /// read in one go ([`simple_stars`]; empty under a memo).
    stars: Vec<Option<usize>>,
    budget: u64,
    memo: Option<&'a mut Memo>,
    resume: Resume,
    /// (loop counter, position) where a JDK `Loop` iteration failed in this search.
    stopped: rustc_hash::FxHashSet<(u32, u32)>,
}

/// For each instruction that heads a greedy, unbounded loop over one character class
/// (`\s*`, `[^;]+`, `.*`: LoopHead, LoopIter, Char, LoopTail) whose iterations keep no
/// state — no register to check for an empty iteration, no captures to clear, not the
/// JDK's loop cache, not the regex crate's counted copies — the class's set. Once its
/// counter is saturated every iteration is the same four steps and one choice point, which
/// [`Exec::star`] counts in one go: scans of this shape are most of the work of the
/// attacks on real patterns.
fn simple_stars(prog: &Program) -> Vec<Option<usize>> {
    let insts = &prog.insts;
    (0..insts.len())
        .map(|head| {
            let Inst::LoopHead {
                counter,
                max: None,
                greedy: true,
                body,
                exit,
                ..
            } = insts[head]
            else {
                return None;
            };
            let (Some(Inst::LoopIter { reg, clear }), Some(&Inst::Char(set))) =
                (insts.get(body), insts.get(body + 1))
            else {
                return None;
            };
            let Some(Inst::LoopTail {
                counter: c,
                reg: r,
                head: h,
                exit: e,
                empty,
                ..
            }) = insts.get(body + 2)
            else {
                return None;
            };
            // The head's step is counted as a failed test (`Exec::star`): CPython's
            // literal-after-repeat class would count it otherwise.
            let plain = clear.0 >= clear.1
                && prog.step_classes[head] != StepClass::SreLiteralTail
                && !prog.tracked_regs[*reg]
                && prog.unbounded_counters[counter]
                && !prog.stoppers.get(counter).copied().unwrap_or(false)
                && *empty != EmptyRule::Thompson;
            let same = *c == counter && r == reg && *h == head && *e == exit && exit == body + 3;
            (plain && same).then_some(set)
        })
        .collect()
}

/// Searches `input` with `prog`: every start position in turn (only 0 when the program is
/// anchored), as the flavor's `search`/`test`/`find` does, stopping at the first match.
pub fn search(
    prog: &Program,
    input: &[char],
    budget: StepBudget,
) -> Result<Outcome, BudgetExceeded> {
    search_from(prog, input, Resume::default(), budget)
}

/// Like [`search`], resuming a global iteration: start positions from `resume.from` on
/// (only that one when the pattern is anchored), rejecting an empty match at
/// `resume.not_empty_at`. Unmemoized: the step count is a backtracking engine's.
pub fn search_from(
    prog: &Program,
    input: &[char],
    resume: Resume,
    budget: StepBudget,
) -> Result<Outcome, BudgetExceeded> {
    match search_impl(prog, input, resume, budget.0, None) {
        Ok(o) => Ok(o),
        Err(Halt::Budget(steps)) => Err(BudgetExceeded { steps }),
        // Without a memo nothing can raise a memo error.
        Err(Halt::Memo(_)) => Err(BudgetExceeded { steps: budget.0 }),
    }
}

/// Like [`search_from`], with a memo: linear time in the input, same answer. `memo` must
/// have been made for `prog` and an input of `input.len()` characters, and may be reused
/// for further searches of the same input — unless the program uses `\G`
/// ([`Program::uses_previous_end`]) and `resume.previous_end` changed: what failed then
/// may succeed now, so such a search needs a fresh memo.
pub fn search_memo(
    prog: &Program,
    input: &[char],
    resume: Resume,
    memo: &mut Memo,
) -> Result<Outcome, MemoError> {
    if !memo.fits(input.len()) || memo.behind_tables() != prog.behind_bodies.len() {
        return Err(MemoError::WrongInput);
    }
    match search_impl(prog, input, resume, u64::MAX, Some(memo)) {
        Ok(o) => Ok(o),
        Err(Halt::Memo(e)) => Err(e),
        // u64::MAX steps cannot be taken; were it ever, the memo's bound was broken.
        Err(Halt::Budget(_)) => Err(MemoError::WrongInput),
    }
}

fn search_impl(
    prog: &Program,
    input: &[char],
    resume: Resume,
    budget: u64,
    memo: Option<&mut Memo>,
) -> Result<Outcome, Halt> {
    search_with(prog, input, resume, budget, memo, true)
}

/// [`search_impl`], with the one-go reading of simple loops on or off (`fast_stars`: off
/// only in the tests that check it counts what step-by-step execution does).
fn search_with(
    prog: &Program,
    input: &[char],
    resume: Resume,
    budget: u64,
    memo: Option<&mut Memo>,
    fast_stars: bool,
) -> Result<Outcome, Halt> {
    // Undo records hold positions as `u32`; no budget covers such an input anyway. Table
    // lookbehinds need the memo's tables.
    if input.len() >= NONE as usize || (memo.is_none() && !prog.behind_bodies.is_empty()) {
        return Err(Halt::Budget(0));
    }
    let mut ex = Exec {
        prog,
        input,
        slots: vec![None; prog.slots],
        counters: vec![0; prog.counters],
        regs: vec![0; prog.regs],
        stack: Vec::new(),
        steps: 0,
        mix: StepMix::default(),
        kinds: if memo.is_none() {
            prog.insts
                .iter()
                .zip(&prog.step_classes)
                .map(|(i, class)| match class {
                    StepClass::Plain => StepMix::kind(i) as u8,
                    StepClass::SreSingleRepeat => StepMix::SRE_SINGLE as u8,
                    // Its hits are ordinary tests; `run` counts its misses as the tail's.
                    StepClass::SreLiteralTail => StepMix::SRE_TAIL as u8,
                })
                .collect()
        } else {
            Vec::new()
        },
        stars: if memo.is_none() && fast_stars {
            simple_stars(prog)
        } else {
            Vec::new()
        },
        budget,
        memo,
        resume,
        stopped: Default::default(),
    };
    // An anchored program (`^`, `\A`, `\G` first, sticky) is tried where the search
    // resumes only; the assertion itself rejects a wrong position.
    let from = resume.from;
    let from_pos = from;
    let last = if prog.anchored_start {
        from
    } else {
        input.len()
    };
    // The engine's scan for a possible first character costs (about) nothing per skipped
    // position next to running the matcher there.
    let first = if ex.memo.is_some() {
        &prog.match_first
    } else {
        &prog.first
    };
    // PCRE2's required-code-unit check: the last position holding one (simulation only).
    let required = if ex.memo.is_none() {
        prog.required.as_ref()
    } else {
        None
    };
    let last_required = required.map(|set| input.iter().rposition(|&c| set.contains(c)));
    let leading = match (prog.insts.first(), prog.insts.get(1)) {
        (Some(Inst::Save(0)), Some(Inst::Look(look))) => Some(look),
        _ => None,
    };
    let mut attempt_steps = 0;
    for start in from..=last.min(input.len()) {
        if let Some(last_required) = last_required {
            let window = if prog.anchored_start {
                PCRE2_REQ_CU_MAX
            } else {
                1000 * PCRE2_REQ_CU_MAX
            };
            let checked = input.len() - start < window;
            let from = start + usize::from(prog.required_after_first);
            if checked && last_required.is_none_or(|l| l < from) {
                break;
            }
        }
        if ex.memo.is_none() {
            match prog.startline {
                Some(true) if start > from_pos => break,
                Some(false) if start > 0 && input[start - 1] != '\n' => continue,
                _ => {}
            }
        }
        if let Some(first) = first {
            if start >= input.len() || !first.contains(input[start]) {
                continue;
            }
        }
        // Tier B: a pattern that begins with an assertion (`\b…`) fails at once where it
        // is false; skipping the attempt saves its setup, not any memoized work.
        if let (Some(_), Some(look)) = (ex.memo.as_ref(), leading) {
            if !ex.look(look, start) {
                continue;
            }
        }
        ex.slots.iter_mut().for_each(|s| *s = None);
        ex.stack.clear();
        let before = ex.steps;
        let found = if ex.kinds.is_empty() {
            ex.run::<false>(0, start, None)?
        } else {
            ex.run::<true>(0, start, None)?
        };
        attempt_steps = attempt_steps.max(ex.steps - before);
        if let Some(end) = found {
            // States on the successful path were marked on entry; those at `end` may be
            // reached again by the next search of a global iteration, which starts there.
            if let Some(memo) = ex.memo.as_deref_mut() {
                memo.unmark_position(end);
            }
            let m = ex
                .slots
                .first()
                .copied()
                .flatten()
                .zip(ex.slots.get(1).copied().flatten());
            return Ok(Outcome {
                matched: m,
                slots: ex.slots.clone(),
                steps: ex.steps,
                attempt_steps,
                mix: ex.mix,
            });
        }
    }
    Ok(Outcome {
        matched: None,
        slots: Vec::new(),
        steps: ex.steps,
        attempt_steps,
        mix: ex.mix,
    })
}

impl Exec<'_> {
    /// Runs from `pc` at `pos` until `Match` (top level) or `SubEnd` (a sub-match, which
    /// must end at `want_end` when given). Returns the end position, or `None` when every
    /// alternative failed. Choice points above the entry depth belong to this run.
    /// `MIX`: whether to count the steps by kind (simulation; the matcher does not).
    fn run<const MIX: bool>(
        &mut self,
        mut pc: Pc,
        mut pos: usize,
        want_end: Option<usize>,
    ) -> Result<Option<usize>, Halt> {
        let base = self.stack.len();
        loop {
            self.steps += 1;
            if self.steps > self.budget {
                return Err(Halt::Budget(self.steps));
            }
            let mut known_failed = false;
            // A simulation (`MIX`) never has a memo: the test is compiled out of its loop.
            let memo = if MIX { None } else { self.memo.as_deref_mut() };
            if let Some(memo) = memo {
                if let Some(key) = memo.key(pc, pos, want_end, &self.counters, &self.regs) {
                    match memo.lookup(key) {
                        // A top-level state is marked on entry: reaching it again in this
                        // search means the first visit failed (a success ends the search,
                        // and no path returns to the same key without consuming input).
                        // The end of a successful match is unmarked afterwards.
                        Known::Nothing if key.is_top() => memo.mark_failed(key)?,
                        Known::Nothing => self.stack.push(Frame::Memo(key)),
                        Known::Failed => known_failed = true,
                        Known::Succeeded { end, writes } => {
                            for (s, v) in writes {
                                self.stack.push(Frame::slot(s, self.slots[s]));
                                self.slots[s] = v;
                            }
                            return Ok(Some(end));
                        }
                    }
                }
            }
            // The mix is for simulation; the matcher (memo on) has no table and skips it.
            let kind = if !MIX {
                usize::MAX
            } else if known_failed {
                StepMix::OTHER
            } else {
                self.kinds[pc] as usize
            };
            let ok = !known_failed
                && match &self.prog.insts[pc] {
                    Inst::Char(id) => {
                        if pos < self.input.len() && self.prog.sets[*id].contains(self.input[pos]) {
                            pos += 1;
                            pc += 1;
                            true
                        } else {
                            false
                        }
                    }
                    Inst::CharBack(id) => {
                        if pos > 0 && self.prog.sets[*id].contains(self.input[pos - 1]) {
                            pos -= 1;
                            pc += 1;
                            true
                        } else {
                            false
                        }
                    }
                    Inst::Split { first, second } => {
                        self.stack.push(Frame::alt(*second, pos));
                        pc = *first;
                        true
                    }
                    Inst::Jmp(t) => {
                        pc = *t;
                        true
                    }
                    Inst::Save(s) => {
                        self.stack.push(Frame::slot(*s, self.slots[*s]));
                        self.slots[*s] = Some(pos);
                        pc += 1;
                        true
                    }
                    Inst::Look(look) => {
                        let ok = self.look(look, pos);
                        pc += 1;
                        ok
                    }
                    Inst::Sub { kind, start, next } => {
                        let (kind, start, next) = (*kind, *start, *next);
                        match self.sub::<MIX>(kind, start, pos)? {
                            Some(end) => {
                                pos = end;
                                pc = next;
                                true
                            }
                            None => false,
                        }
                    }
                    Inst::SubEnd => {
                        if want_end.is_none_or(|e| e == pos) {
                            return Ok(Some(pos));
                        }
                        false
                    }
                    Inst::Backref {
                        group,
                        case_insensitive,
                    } => match self.backref(*group, *case_insensitive, pos) {
                        Some(end) => {
                            pos = end;
                            pc += 1;
                            true
                        }
                        None => false,
                    },
                    Inst::LoopInit { counter } => {
                        self.stack
                            .push(Frame::Counter(*counter as u32, self.counters[*counter]));
                        self.counters[*counter] = 0;
                        pc += 1;
                        true
                    }
                    Inst::LoopHead {
                        counter,
                        min,
                        max,
                        greedy,
                        body,
                        exit,
                    } => {
                        let n = self.counters[*counter];
                        let star = if MIX && n >= *min {
                            self.stars.get(pc).copied().flatten()
                        } else {
                            None
                        };
                        let (body_pc, exit_pc) = (*body, *exit);
                        if let Some(set) = star {
                            self.star(pc, body_pc, exit_pc, set, pos)?;
                            // Every iteration and the failing test are counted; what is
                            // left is the backtrack into the last position.
                            false
                        } else {
                            if n < *min {
                                pc = *body;
                            } else if max.is_some_and(|m| n >= m) {
                                pc = *exit;
                            } else if *greedy {
                                let stopper = self.memo.is_none()
                                    && n >= 1
                                    && self.prog.stoppers.get(*counter).copied().unwrap_or(false);
                                if stopper && self.stopped.contains(&(*counter as u32, pos as u32))
                                {
                                    pc = *exit;
                                } else {
                                    self.stack.push(Frame::alt(*exit, pos));
                                    if stopper {
                                        self.stack
                                            .push(Frame::Stopper(*counter as u32, pos as u32));
                                    }
                                    pc = *body;
                                }
                            } else {
                                self.stack.push(Frame::alt(*body, pos));
                                pc = *exit;
                            }
                            true
                        }
                    }
                    Inst::LoopIter { reg, clear } => {
                        if self.prog.tracked_regs[*reg] {
                            self.stack
                                .push(Frame::Reg(*reg as u32, self.regs[*reg] as u32));
                            self.regs[*reg] = pos;
                        }
                        for s in clear.0..clear.1 {
                            if self.slots[s].is_some() {
                                self.stack.push(Frame::slot(s, self.slots[s]));
                                self.slots[s] = None;
                            }
                        }
                        pc += 1;
                        true
                    }
                    Inst::LoopTail {
                        counter,
                        reg,
                        min,
                        head,
                        exit,
                        empty,
                    } => {
                        let n = self.counters[*counter];
                        let unbounded = self.prog.unbounded_counters[*counter];
                        let empty_iteration =
                            self.prog.tracked_regs[*reg] && self.regs[*reg] == pos;
                        // The regex crate's looping copy is iteration max(min, 1); an
                        // unbounded counter saturates there (the memo's radix agrees).
                        let looping = (*min).max(1);
                        let fail = empty_iteration
                            && match empty {
                                EmptyRule::Fail => n >= *min,
                                EmptyRule::Thompson => unbounded && n >= looping,
                                _ => false,
                            };
                        if fail {
                            false
                        } else {
                            // A JDK loop tells its first iteration from the later ones.
                            let first_of_stopper = n == 0
                                && self.memo.is_none()
                                && self.prog.stoppers.get(*counter).copied().unwrap_or(false);
                            let saturation = match empty {
                                EmptyRule::Thompson => looping,
                                _ => *min,
                            };
                            if n < saturation || !unbounded || first_of_stopper {
                                self.stack.push(Frame::Counter(*counter as u32, n));
                                self.counters[*counter] = n + 1;
                            }
                            let stop = empty_iteration
                                && match empty {
                                    EmptyRule::Stop => n + 1 >= *min,
                                    EmptyRule::Thompson => unbounded && n + 1 == looping,
                                    _ => false,
                                };
                            pc = if stop { *exit } else { *head };
                            true
                        }
                    }
                    Inst::Match => {
                        let start = self.slots.first().copied().flatten();
                        if self
                            .resume
                            .not_empty_at
                            .is_some_and(|p| start == Some(p) && pos == p)
                        {
                            false
                        } else {
                            return Ok(Some(pos));
                        }
                    }
                };
            if MIX {
                self.mix.0[StepMix::of_test(kind, ok)] += 1;
            }
            if ok {
                continue;
            }
            // Backtrack: undo records until a choice point of this run.
            loop {
                if self.stack.len() <= base {
                    return Ok(None);
                }
                let top = self.stack.pop();
                // A choice point: resume there (a `Star` keeps its earlier positions).
                let resume = match top {
                    Some(Frame::Alt(p, at)) => Some((p, at)),
                    Some(Frame::Star(p, first, last)) => {
                        if last > first {
                            self.stack.push(Frame::Star(p, first, last - 1));
                        }
                        Some((p, last))
                    }
                    _ => None,
                };
                if let Some((p, at)) = resume {
                    pc = p as usize;
                    pos = at as usize;
                    if MIX {
                        // A backtrack into a single-character repeat or to the literal
                        // after one is sre's C loop stepping back.
                        let k = match self.prog.step_classes.get(pc) {
                            Some(StepClass::SreSingleRepeat) => StepMix::SRE_SINGLE,
                            Some(StepClass::SreLiteralTail) => StepMix::SRE_TAIL,
                            _ => StepMix::BACKTRACK,
                        };
                        self.mix.0[k] += 1;
                    }
                    break;
                }
                match top {
                    // Resumed above.
                    Some(Frame::Alt(..) | Frame::Star(..)) => {}
                    Some(Frame::Slot(s, v)) => self.slots[s as usize] = unpack(v),
                    Some(Frame::Counter(c, v)) => self.counters[c as usize] = v,
                    Some(Frame::Reg(r, v)) => self.regs[r as usize] = v as usize,
                    Some(Frame::Memo(key)) => {
                        if let Some(memo) = self.memo.as_deref_mut() {
                            memo.mark_failed(key)?;
                        }
                    }
                    Some(Frame::Stopper(c, at)) => {
                        self.stopped.insert((c, at));
                    }
                    None => return Ok(None),
                }
            }
        }
    }

    /// A greedy single-character loop at `head` (saturated counter) reads the run of
    /// characters in `set` from `pos` in one go: the steps and step kinds of every
    /// iteration and of the test that ends the run, and one [`Frame::Star`] for the
    /// choice points. When the budget would run out on the way, the run stops as it
    /// would step by step.
    fn star(&mut self, head: Pc, body: Pc, exit: Pc, set: usize, pos: usize) -> Result<(), Halt> {
        let input = &self.input[pos..];
        let run = input
            .iter()
            .position(|&c| !self.prog.sets[set].contains(c))
            .unwrap_or(input.len()) as u64;
        // Each iteration: LoopIter, Char, LoopTail and the next LoopHead; then LoopIter and
        // the Char that fails. The head's own step is counted by the caller.
        let steps = 4 * run + 2;
        if self.steps + steps > self.budget {
            // Step by step, the run would stop on the way with one step over the budget.
            return Err(Halt::Budget(self.budget + 1));
        }
        self.steps += steps;
        let kind = |pc: Pc| self.kinds[pc] as usize;
        let (iter, test, tail) = (kind(body), kind(body + 1), kind(body + 2));
        self.mix.0[iter] += run + 1;
        self.mix.0[StepMix::of_test(test, true)] += run;
        self.mix.0[StepMix::of_test(test, false)] += 1;
        self.mix.0[tail] += run;
        self.mix.0[kind(head)] += run;
        self.stack.push(Frame::Star(
            exit as u32,
            pos as u32,
            (pos as u64 + run) as u32,
        ));
        Ok(())
    }

    /// Runs a sub-match. On success its choice points are cut (the result is final) but
    /// its undo records stay, so later backtracking still restores captures.
    fn sub<const MIX: bool>(
        &mut self,
        kind: SubKind,
        start: Pc,
        pos: usize,
    ) -> Result<Option<usize>, Halt> {
        let base = self.stack.len();
        let result = match kind {
            SubKind::Atomic | SubKind::Ahead { .. } | SubKind::BehindBack { .. } => {
                self.run::<MIX>(start, pos, None)?
            }
            SubKind::Behind { min, max, .. } => {
                let mut found = None;
                for width in min..=max.min(pos) {
                    if let Some(end) = self.run::<MIX>(start, pos - width, Some(pos))? {
                        found = Some(end);
                        break;
                    }
                }
                found
            }
        };
        let negated = matches!(
            kind,
            SubKind::Ahead { negated: true }
                | SubKind::Behind { negated: true, .. }
                | SubKind::BehindBack { negated: true }
        );
        if let (Some(end), Some(_)) = (result, self.memo.as_ref()) {
            if !matches!(kind, SubKind::Behind { .. }) {
                self.record_success(base, end)?;
            }
        }
        if result.is_some() {
            if negated {
                self.undo_to(base);
                return Ok(None);
            }
            self.cut_to(base);
        }
        Ok(match kind {
            SubKind::Atomic => result,
            _ if negated => Some(pos),
            _ => result.map(|_| pos),
        })
    }

    /// Stores, for each memoized state left on the successful path of a body run (the
    /// frames above `base`), the run's end and the capture writes after it.
    fn record_success(&mut self, base: usize, end: usize) -> Result<(), Halt> {
        let mut writes: Vec<(usize, Option<usize>)> = Vec::new();
        let mut states: Vec<(Key, u32)> = Vec::new();
        for f in &self.stack[base..] {
            match f {
                Frame::Slot(s, _) => writes.push((*s as usize, None)),
                Frame::Memo(k) => states.push((*k, writes.len() as u32)),
                _ => {}
            }
        }
        // An undo record holds the old value; the value written is the next record's old
        // value for that slot, or the slot's value now.
        let mut now = self.slots.clone();
        let mut i = writes.len();
        for f in self.stack[base..].iter().rev() {
            if let Frame::Slot(s, old) = f {
                let s = *s as usize;
                i -= 1;
                writes[i].1 = now[s];
                now[s] = unpack(*old);
            }
        }
        if let Some(memo) = self.memo.as_deref_mut() {
            memo.record_success(end, &writes, &states)?;
        }
        Ok(())
    }

    /// Drops the choice points above `base`, keeping undo records.
    fn cut_to(&mut self, base: usize) {
        let tail: Vec<Frame> = self
            .stack
            .drain(base..)
            .filter(|f| {
                !matches!(
                    f,
                    Frame::Alt(..) | Frame::Star(..) | Frame::Memo(..) | Frame::Stopper(..)
                )
            })
            .collect();
        self.stack.extend(tail);
    }

    /// Undoes everything above `base`.
    fn undo_to(&mut self, base: usize) {
        while self.stack.len() > base {
            match self.stack.pop() {
                Some(Frame::Slot(s, v)) => self.slots[s as usize] = unpack(v),
                Some(Frame::Counter(c, v)) => self.counters[c as usize] = v,
                Some(Frame::Reg(r, v)) => self.regs[r as usize] = v as usize,
                _ => {}
            }
        }
    }

    fn backref(&mut self, group: usize, ci: bool, pos: usize) -> Option<usize> {
        let (Some(s), Some(e)) = (
            self.slots.get(2 * group).copied().flatten(),
            self.slots.get(2 * group + 1).copied().flatten(),
        ) else {
            // An unset group: JavaScript matches empty, the others fail.
            return (self.prog.empty_backref_matches).then_some(pos);
        };
        let len = e.saturating_sub(s);
        if pos + len > self.input.len() {
            return None;
        }
        // Each compared character is work the engine does.
        self.steps += len as u64;
        let same = |a: char, b: char| a == b || (ci && fold(a) == fold(b));
        (0..len)
            .all(|i| same(self.input[s + i], self.input[pos + i]))
            .then_some(pos + len)
    }

    fn look(&self, look: &Look, pos: usize) -> bool {
        let input = self.input;
        let n = input.len();
        // A line boundary before `i` (after a terminator), not inside a `\r\n` that
        // counts as one terminator.
        let after_line = |l: Lines, i: usize| {
            i == 0
                || (l.is_terminator(input[i - 1])
                    && !(l.crlf_is_one() && input[i - 1] == '\r' && input.get(i) == Some(&'\n')))
        };
        let before_line = |l: Lines, i: usize| {
            i == n
                || (l.is_terminator(input[i])
                    && !(l.crlf_is_one() && input[i] == '\n' && i > 0 && input[i - 1] == '\r'))
        };
        let word = |ascii: bool, i: usize| {
            i < n
                && if ascii {
                    input[i].is_ascii_alphanumeric() || input[i] == '_'
                } else {
                    self.prog.word.contains(input[i])
                }
        };
        let before = |ascii: bool| pos > 0 && word(ascii, pos - 1);
        match look {
            Look::Start => pos == 0,
            Look::PreviousEnd => pos == self.resume.previous_end,
            Look::End => pos == n,
            Look::EndOrFinalTerminator(l) => {
                pos == n
                    || (pos + 1 == n && before_line(*l, pos))
                    || (l.crlf_is_one()
                        && pos + 2 == n
                        && input[pos] == '\r'
                        && input[pos + 1] == '\n')
            }
            Look::StartLine(l) => after_line(*l, pos),
            Look::StartLineNotAtEnd(l) => pos == 0 || (after_line(*l, pos) && pos < n),
            Look::StartLineBeforeChar(l) => pos < n && (pos == 0 || after_line(*l, pos)),
            Look::EndLine(l) => before_line(*l, pos),
            Look::WordBoundary(a) => before(*a) != word(*a, pos),
            Look::NotWordBoundary(a) => before(*a) == word(*a, pos),
            Look::WordStart(a) => !before(*a) && word(*a, pos),
            Look::WordEnd(a) => before(*a) && !word(*a, pos),
            Look::WordStartHalf(a) => !before(*a),
            Look::WordEndHalf(a) => !word(*a, pos),
            // `search_memo` checked that the memo holds every table.
            Look::BehindTable { table, negated } => {
                let end = self
                    .memo
                    .as_deref()
                    .is_some_and(|m| m.behind_end(*table as usize, pos));
                end != *negated
            }
        }
    }
}

/// Simple case folding of one character, for case-insensitive backreferences.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{search_with, simple_stars, Halt, Resume};
    use crate::{compile, MatchMode};
    use rxguard_syntax::{parse, Flags, Flavor};

    /// Reading simple loops in one go counts the same steps, step kinds and answer as
    /// executing them step by step, for every flavor, on inputs around the loops' sets,
    /// and stops at the same budget.
    #[test]
    fn one_go_loops_count_what_steps_do() {
        let patterns = [
            r"\s*$",
            r"[^;]+;x",
            r".*.*=.*",
            r"a[bc]*d|a.*e",
            r"(?:x\s+)+y",
            r"\d+\.\d+$",
            r"^(a+)+$",
            r"(?<=\s)\w*!",
        ];
        let alphabet: Vec<char> = " \tab;cx=.0!\nde".chars().collect();
        let flavors = [
            Flavor::JavaScript,
            Flavor::Python,
            Flavor::Java,
            Flavor::Pcre,
            Flavor::Rust,
        ];
        let mut seed = 0x9e37_79b9_u64;
        let mut with_stars = 0;
        for pattern in patterns {
            for flavor in flavors {
                let Ok(ast) = parse(pattern, flavor, Flags::default()) else {
                    continue;
                };
                let Ok(prog) = compile(&ast, flavor, Flags::default(), MatchMode::Search) else {
                    continue;
                };
                with_stars += usize::from(simple_stars(&prog).iter().any(Option::is_some));
                for len in [0usize, 1, 5, 30, 200] {
                    for _ in 0..4 {
                        let input: Vec<char> = (0..len)
                            .map(|_| {
                                seed ^= seed << 13;
                                seed ^= seed >> 7;
                                seed ^= seed << 17;
                                alphabet[(seed % alphabet.len() as u64) as usize]
                            })
                            .collect();
                        for budget in [u64::MAX, 500] {
                            let run = |fast| match search_with(
                                &prog,
                                &input,
                                Resume::default(),
                                budget,
                                None,
                                fast,
                            ) {
                                Ok(o) => Ok((o.matched, o.slots, o.steps, o.mix)),
                                Err(Halt::Budget(steps)) => Err(steps),
                                Err(Halt::Memo(_)) => Err(0),
                            };
                            assert_eq!(run(true), run(false), "{pattern} {flavor:?} {input:?}");
                        }
                    }
                }
            }
        }
        // Most of these programs have such loops (not the JDK's cached ones, nor the
        // regex crate's counted copies).
        assert!(with_stars >= 20, "{with_stars}");
    }
}
