//! The memo that turns the backtracking executor into a linear-time matcher (tier B).
//!
//! A backtracking engine is exponential because it explores the same state — an
//! instruction at an input position — again and again. Without backreferences, whether a
//! state can still reach its goal (`Match`, or the `SubEnd` of the sub-match it belongs
//! to) depends only on the instruction, the position and a small *context*: the counters
//! of the counted loops around the instruction (saturated where larger values behave the
//! same) and, for loops whose body can match empty, whether the current iteration has
//! consumed anything yet (the empty-iteration rule reads that). Captures never change
//! what matches. So the executor records, per (instruction, context, position):
//!
//! - **failed**: every way on from the state was explored and none reached the goal
//!   (a bit; set when backtracking unwinds past the state);
//! - **succeeded** (inside atomic groups and lookaheads only): the first way on reached
//!   the body's end at a known position, writing known captures. A later run of the body
//!   — from another start — that reaches the state takes the stored result at once, so a
//!   lookahead such as `(?=.*x)` tried at every position costs linear time in total.
//!
//! Lookbehind bodies must end exactly at the lookbehind's position, so their states are
//! keyed with that position too and kept in a set of their own.
//!
//! Only instructions where paths meet or fork carry a memo entry (choices, loop heads,
//! instructions with two predecessors, sub-match entries); the straight code between them
//! runs at most once per memoized state. For a program with `m` memoized (instruction,
//! context) pairs and an input of `n` characters the executor therefore takes
//! O(m · n) steps and the failed bits take m · (n + 1) bits.

use crate::program::{EmptyRule, Inst, Pc, Program, SubKind};
// Keys are small integers from the memo layout; a fast non-cryptographic hash keeps the
// success and lookbehind tables from dominating the search.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Most contexts one instruction may have (product of the loop counters' ranges).
const MAX_CONTEXTS: u64 = 1 << 16;

/// Why a program cannot be run with a memo, or a run outgrew its memory limit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MemoError {
    /// The counted loops nest so that one instruction has too many contexts.
    TooManyContexts {
        /// The instruction.
        pc: Pc,
        /// How many contexts it would need.
        contexts: u64,
    },
    /// A backreference makes success depend on captured text, which no memo over
    /// (instruction, position) can key.
    Backreference,
    /// The memo was made for an input of another length.
    WrongInput,
    /// The memo for this input would need more memory than allowed.
    MemoryLimit {
        /// Bytes needed (at least).
        needed: u64,
        /// Bytes allowed.
        limit: u64,
    },
}

impl std::fmt::Display for MemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemoError::TooManyContexts { pc, contexts } => write!(
                f,
                "counted repetitions nest too deeply: instruction {pc} needs {contexts} \
                 memo contexts (at most {MAX_CONTEXTS})"
            ),
            MemoError::Backreference => write!(
                f,
                "backreferences cannot be matched in linear time (what they match depends on \
                 earlier captured text)"
            ),
            MemoError::WrongInput => write!(f, "the memo was made for another input"),
            MemoError::MemoryLimit { needed, limit } => write!(
                f,
                "the linear-time memo would need at least {needed} bytes for this input, \
                 over the limit of {limit} bytes"
            ),
        }
    }
}

impl std::error::Error for MemoError {}

/// Which sub-match an instruction's goal belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    /// The top level: the goal is `Match`.
    Top,
    /// An atomic group or lookahead body: successes are memoized too.
    Forward,
    /// A lookbehind body: keyed with the end position it must reach.
    Behind,
}

/// A counted loop around an instruction, as its context sees it.
#[derive(Clone, Debug)]
struct LoopCtx {
    counter: usize,
    /// Distinct counter values (`max + 1`, or `min + 1` when unbounded).
    radix: u32,
}

/// Where one memoized instruction's entries live.
#[derive(Clone, Debug)]
struct Point {
    /// First memo row of this instruction.
    base: usize,
    /// Memo rows of this instruction (its contexts).
    contexts: usize,
    /// First row among the forward rows, when the owner is `Forward`.
    forward_base: usize,
    owner: Owner,
    loops: Vec<LoopCtx>,
    /// Iteration-start registers of the loops around it whose body can match empty,
    /// innermost first.
    nullable: Vec<usize>,
}

/// Which instructions are memoized and how their contexts are numbered.
#[derive(Clone, Debug)]
pub struct MemoLayout {
    points: Vec<Option<Point>>,
    rows: usize,
    /// Rows that keep successes (inside an atomic group or a lookahead): how many.
    forward_rows: usize,
}

/// Forward rows up to which stored successes live in a dense table (8 bytes per row and
/// position, in position order, so a search walks it sequentially); beyond, a hash table
/// holds only the states that succeeded.
const DENSE_FORWARD_ROWS: usize = 16;

impl MemoLayout {
    /// Computes the layout of `prog`.
    pub fn new(prog: &Program) -> Result<MemoLayout, MemoError> {
        let insts = &prog.insts;
        let n = insts.len();
        if insts.iter().any(|i| matches!(i, Inst::Backref { .. })) {
            return Err(MemoError::Backreference);
        }
        // Predecessor counts decide which instructions are meeting points.
        let mut preds = vec![0u32; n + 1];
        let mut forced = vec![false; n + 1];
        for (pc, inst) in insts.iter().enumerate() {
            let mut edge = |t: Pc| preds[t.min(n)] += 1;
            match inst {
                Inst::Char(_)
                | Inst::CharBack(_)
                | Inst::Save(_)
                | Inst::Look(_)
                | Inst::Backref { .. }
                | Inst::LoopInit { .. }
                | Inst::LoopIter { .. } => edge(pc + 1),
                Inst::Split { first, second } => {
                    edge(*first);
                    edge(*second);
                    forced[pc] = true;
                }
                Inst::Jmp(t) => edge(*t),
                Inst::Sub { start, next, .. } => {
                    edge(*next);
                    forced[*start] = true;
                }
                Inst::LoopHead { body, exit, .. } => {
                    edge(*body);
                    edge(*exit);
                    forced[pc] = true;
                }
                Inst::LoopTail { head, exit, .. } => {
                    edge(*head);
                    edge(*exit);
                }
                Inst::SubEnd | Inst::Match => {}
            }
        }
        // Code of a loop or a sub-match body is a contiguous range and ranges nest, so one
        // sweep with a stack of open ranges finds what surrounds each instruction.
        enum Open {
            Loop {
                tail: Pc,
                ctx: LoopCtx,
                reg: Option<usize>,
                head: Pc,
            },
            Sub {
                end: Pc,
                owner: Owner,
            },
        }
        let mut starts: Vec<Vec<Open>> = (0..n).map(|_| Vec::new()).collect();
        for (pc, inst) in insts.iter().enumerate() {
            match inst {
                Inst::LoopHead {
                    counter,
                    min,
                    max,
                    body,
                    exit,
                    ..
                } => {
                    let tail = exit.saturating_sub(1);
                    // An unbounded counter saturates at its minimum, or at 1 under the
                    // regex crate's rule (its looping copy is iteration max(min, 1)).
                    let saturation = match insts.get(tail) {
                        Some(Inst::LoopTail {
                            empty: EmptyRule::Thompson,
                            ..
                        }) => (*min).max(1),
                        _ => *min,
                    };
                    let radix = max.unwrap_or(saturation).saturating_add(1);
                    let reg = match insts.get(*body) {
                        Some(Inst::LoopIter { reg, .. }) if can_be_empty(insts, *body, tail) => {
                            Some(*reg)
                        }
                        _ => None,
                    };
                    let ctx = LoopCtx {
                        counter: *counter,
                        radix,
                    };
                    starts[pc].push(Open::Loop {
                        tail,
                        ctx,
                        reg,
                        head: pc,
                    });
                }
                Inst::Sub { kind, start, next } if *start < n => {
                    let owner = match kind {
                        SubKind::Behind { .. } => Owner::Behind,
                        _ => Owner::Forward,
                    };
                    starts[*start].push(Open::Sub {
                        end: next.saturating_sub(1),
                        owner,
                    });
                }
                _ => {}
            }
        }
        let end_of = |o: &Open| match o {
            Open::Loop { tail, .. } => *tail,
            Open::Sub { end, .. } => *end,
        };
        let mut open: Vec<Open> = Vec::new();
        let mut points = vec![None; n];
        let mut rows = 0usize;
        for (pc, here) in starts.into_iter().enumerate() {
            while open.last().is_some_and(|o| end_of(o) < pc) {
                open.pop();
            }
            let mut here = here;
            here.sort_by_key(|o| std::cmp::Reverse(end_of(o)));
            open.extend(here);
            if !(forced[pc] || preds[pc] >= 2) {
                continue;
            }
            let mut owner = Owner::Top;
            let mut ctx = Vec::new();
            let mut nullable = Vec::new();
            let mut contexts: u64 = 1;
            // Innermost first, up to the innermost sub-match body.
            for o in open.iter().rev() {
                match o {
                    Open::Sub { owner: o, .. } => {
                        owner = *o;
                        break;
                    }
                    Open::Loop {
                        ctx: l, reg, head, ..
                    } => {
                        contexts = contexts.saturating_mul(u64::from(l.radix));
                        ctx.push(l.clone());
                        // The head runs before the iteration register is set.
                        if let Some(r) = reg.filter(|_| pc > *head + 1) {
                            nullable.push(r);
                        }
                    }
                }
            }
            contexts = contexts.saturating_mul(nullable.len() as u64 + 1);
            if contexts > MAX_CONTEXTS {
                return Err(MemoError::TooManyContexts { pc, contexts });
            }
            points[pc] = Some(Point {
                base: rows,
                contexts: contexts as usize,
                forward_base: 0,
                owner,
                loops: ctx,
                nullable,
            });
            rows += contexts as usize;
        }
        let mut forward_rows = 0;
        for p in points.iter_mut().flatten() {
            if p.owner == Owner::Forward {
                p.forward_base = forward_rows;
                forward_rows += p.contexts;
            }
        }
        Ok(MemoLayout {
            points,
            rows,
            forward_rows,
        })
    }

    /// Memo rows (memoized instruction-context pairs): the `m` of the O(m · n) bound.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Bytes a memo for an input of `chars` characters takes up front: the failed bits,
    /// and the dense success table when the pattern has one.
    pub fn bitmap_bytes(&self, chars: usize) -> u64 {
        let bits = (self.rows as u64)
            .saturating_mul(chars as u64 + 1)
            .div_ceil(64)
            .saturating_mul(8);
        bits.saturating_add(self.dense_success_len(chars).saturating_mul(8))
    }

    /// Entries of the dense success table (0 when successes go to a hash table).
    fn dense_success_len(&self, chars: usize) -> u64 {
        if self.forward_rows <= DENSE_FORWARD_ROWS {
            (self.forward_rows as u64).saturating_mul(chars as u64 + 1)
        } else {
            0
        }
    }
}

/// Whether the loop body `[body, tail]` can reach its tail without consuming a character.
/// Over-approximates (any sub-match or backreference may be empty): a loop wrongly taken
/// for nullable only costs memo rows.
pub(crate) fn can_be_empty(insts: &[Inst], body: Pc, tail: Pc) -> bool {
    let mut seen = vec![false; insts.len()];
    let mut stack = vec![body];
    while let Some(pc) = stack.pop() {
        if pc == tail {
            return true;
        }
        if pc >= insts.len() || pc < body || pc > tail || std::mem::replace(&mut seen[pc], true) {
            continue;
        }
        match &insts[pc] {
            Inst::Char(_) | Inst::CharBack(_) | Inst::SubEnd | Inst::Match => {}
            Inst::Split { first, second } => stack.extend([*first, *second]),
            Inst::Jmp(t) => stack.push(*t),
            Inst::Sub { next, .. } => stack.push(*next),
            Inst::LoopHead { body, exit, .. } => stack.extend([*body, *exit]),
            Inst::LoopTail { head, exit, .. } => stack.extend([*head, *exit]),
            _ => stack.push(pc + 1),
        }
    }
    false
}

/// A memo key: a dense row and position, or a lookbehind state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    /// A top-level state: (row, position). Fields are `u32` so that an undo record
    /// holding a key stays small (the memo refuses longer inputs).
    Dense(u32, u32),
    /// A state that keeps successes: (row, row among the forward rows, position).
    Forward(u32, u32, u32),
    /// (row, position, the end the lookbehind body must reach).
    Behind(u32, u32, u32),
}

impl Key {
    /// Whether the state is outside every sub-match (its failure needs no undo record).
    pub(crate) fn is_top(self) -> bool {
        matches!(self, Key::Dense(..))
    }
}

/// Stored successes: for a forward state, (invocation + 1, writes before the state); 0
/// for none.
#[derive(Debug)]
enum Successes {
    Dense(Vec<(u32, u32)>),
    Sparse(HashMap<usize, (u32, u32)>),
}

impl Successes {
    fn get(&self, f: usize) -> Option<(u32, u32)> {
        let (inv, w) = match self {
            Successes::Dense(v) => *v.get(f)?,
            Successes::Sparse(m) => *m.get(&f)?,
        };
        inv.checked_sub(1).map(|inv| (inv, w))
    }

    /// Stores an entry; whether it is a new one in the hash table (for the memory charge).
    fn insert(&mut self, f: usize, (inv, w): (u32, u32)) -> bool {
        let entry = (inv.saturating_add(1), w);
        match self {
            Successes::Dense(v) => {
                if let Some(e) = v.get_mut(f) {
                    *e = entry;
                }
                false
            }
            Successes::Sparse(m) => m.insert(f, entry).is_none(),
        }
    }
}

/// What the memo knows of a state.
pub(crate) enum Known {
    Nothing,
    Failed,
    /// The body's first success from here ends at `end` with these capture writes.
    Succeeded {
        end: usize,
        writes: Vec<(usize, Option<usize>)>,
    },
}

/// One successful run of an atomic group or lookahead body: where it ended, and its
/// capture writes — for each slot written, (slot, index of its last write, value or
/// `u32::MAX` for unset) — as `writes[from..from + len]` of the memo's shared list (one
/// list, not a vector per run: a lookahead tried at every position runs n times).
struct Invocation {
    end: u32,
    from: u32,
    len: u32,
}

const UNSET: u32 = u32::MAX;

/// The memo for one input; reuse it for successive searches of the same input.
pub struct Memo {
    layout: MemoLayout,
    positions: usize,
    failed: Vec<u64>,
    behind_failed: HashSet<(u32, u32, u32)>,
    success: Successes,
    invocations: Vec<Invocation>,
    writes: Vec<(u32, u32, u32)>,
    /// Per table lookbehind ([`crate::Look::BehindTable`]), a bit per position: whether a
    /// match of its body ends there.
    behind_ends: Vec<Vec<u64>>,
    limit: u64,
    used: u64,
}

/// Rough bytes per hash entry, for the memory limit.
const ENTRY_BYTES: u64 = 48;

impl Memo {
    /// A memo for an input of `chars` characters, within `limit` bytes.
    pub fn new(layout: &MemoLayout, chars: usize, limit: u64) -> Result<Memo, MemoError> {
        let needed = layout.bitmap_bytes(chars);
        // Keys hold rows and positions as `u32`; such an input would not fit any
        // reasonable limit anyway.
        if needed > limit || chars >= u32::MAX as usize || layout.rows >= u32::MAX as usize {
            return Err(MemoError::MemoryLimit { needed, limit });
        }
        let too_big = || MemoError::MemoryLimit { needed, limit };
        let dense = usize::try_from(layout.dense_success_len(chars)).map_err(|_| too_big())?;
        let words = usize::try_from(needed / 8).map_err(|_| too_big())? - dense;
        let success = if layout.forward_rows <= DENSE_FORWARD_ROWS {
            Successes::Dense(vec![(0, 0); dense])
        } else {
            Successes::Sparse(HashMap::default())
        };
        Ok(Memo {
            layout: layout.clone(),
            positions: chars + 1,
            failed: vec![0; words],
            behind_failed: HashSet::default(),
            success,
            invocations: Vec::new(),
            writes: Vec::new(),
            behind_ends: Vec::new(),
            limit,
            used: needed,
        })
    }

    /// Whether this memo is for an input of `chars` characters.
    pub fn fits(&self, chars: usize) -> bool {
        self.positions == chars + 1
    }

    /// Bytes in use now (bits, entries, stored results).
    pub fn bytes_used(&self) -> u64 {
        self.used
    }

    /// Sets table `table` of the program's [`crate::Look::BehindTable`]s (tables are set
    /// in order, 0 first): the positions where a match of its body ends, each in
    /// `0..=chars`. Counted against the memory limit.
    pub fn set_behind_table(
        &mut self,
        table: usize,
        ends: impl IntoIterator<Item = usize>,
    ) -> Result<(), MemoError> {
        if table != self.behind_ends.len() {
            return Err(MemoError::WrongInput);
        }
        let words = self.positions.div_ceil(64);
        self.charge(words as u64 * 8)?;
        let mut bits = vec![0u64; words];
        for e in ends {
            if e < self.positions {
                bits[e / 64] |= 1 << (e % 64);
            }
        }
        self.behind_ends.push(bits);
        Ok(())
    }

    /// How many lookbehind tables are set.
    pub fn behind_tables(&self) -> usize {
        self.behind_ends.len()
    }

    /// Whether a match of table lookbehind `table`'s body ends at `pos`.
    pub(crate) fn behind_end(&self, table: usize, pos: usize) -> bool {
        self.behind_ends
            .get(table)
            .and_then(|bits| bits.get(pos / 64))
            .is_some_and(|w| w >> (pos % 64) & 1 == 1)
    }

    /// The key of `pc` at `pos` in the current context, if `pc` is memoized.
    pub(crate) fn key(
        &self,
        pc: Pc,
        pos: usize,
        want_end: Option<usize>,
        counters: &[u32],
        regs: &[usize],
    ) -> Option<Key> {
        let point = self.layout.points.get(pc)?.as_ref()?;
        let mut ctx: usize = 0;
        for l in &point.loops {
            let v = counters[l.counter].min(l.radix - 1);
            ctx = ctx * l.radix as usize + v as usize;
        }
        // Iterations around pc that have consumed nothing yet: if an inner one has
        // consumed, every outer one has, so counting from the inside is enough.
        let empty = point
            .nullable
            .iter()
            .take_while(|&&r| regs[r] == pos)
            .count();
        ctx = ctx * (point.nullable.len() + 1) + empty;
        let row = point.base + ctx;
        Some(match point.owner {
            Owner::Behind => Key::Behind(row as u32, pos as u32, want_end.unwrap_or(pos) as u32),
            Owner::Top => Key::Dense(row as u32, pos as u32),
            Owner::Forward => {
                Key::Forward(row as u32, (point.forward_base + ctx) as u32, pos as u32)
            }
        })
    }

    pub(crate) fn lookup(&self, key: Key) -> Known {
        match key {
            Key::Dense(row, pos) => {
                let i = self.index(row, pos);
                if self.failed[i / 64] >> (i % 64) & 1 == 1 {
                    return Known::Failed;
                }
                Known::Nothing
            }
            Key::Forward(row, forward_row, pos) => {
                let i = self.index(row, pos);
                let f = self.success_index(forward_row, pos);
                if self.failed[i / 64] >> (i % 64) & 1 == 1 {
                    return Known::Failed;
                }
                let Some((inv, w)) = self.success.get(f) else {
                    return Known::Nothing;
                };
                let Some(inv) = self.invocations.get(inv as usize) else {
                    return Known::Nothing;
                };
                let from = inv.from as usize;
                let list = self
                    .writes
                    .get(from..from + inv.len as usize)
                    .unwrap_or(&[]);
                Known::Succeeded {
                    end: inv.end as usize,
                    writes: list
                        .iter()
                        .filter(|(_, idx, _)| *idx >= w)
                        .map(|&(s, _, v)| (s as usize, (v != UNSET).then_some(v as usize)))
                        .collect(),
                }
            }
            Key::Behind(r, p, e) => {
                if self.behind_failed.contains(&(r, p, e)) {
                    Known::Failed
                } else {
                    Known::Nothing
                }
            }
        }
    }

    /// The failed bit of a row at a position. Position-major: the rows an attempt tests at
    /// one position share cache lines, and a search touches the table front to back.
    fn index(&self, row: u32, pos: u32) -> usize {
        pos as usize * self.layout.rows + row as usize
    }

    /// The dense success entry of a forward row at a position (position-major too).
    fn success_index(&self, forward_row: u32, pos: u32) -> usize {
        pos as usize * self.layout.forward_rows + forward_row as usize
    }

    /// Forgets what is known of the states at `pos` (failures and stored successes; the
    /// lookbehind table is kept). A global iteration of a pattern with `\G` outside
    /// lookbehind calls this for the new `\G` position: a state at a later position only
    /// ever tests `\G` where it is false under the old position and the new one alike, so
    /// the rest of the memo stays valid and the whole iteration stays linear.
    pub fn forget_position(&mut self, pos: usize) {
        self.unmark_position(pos);
        if pos >= self.positions {
            return;
        }
        for f in 0..self.layout.forward_rows {
            let i = pos * self.layout.forward_rows + f;
            match &mut self.success {
                Successes::Dense(v) => {
                    if let Some(e) = v.get_mut(i) {
                        *e = (0, 0);
                    }
                }
                Successes::Sparse(m) => {
                    m.remove(&i);
                }
            }
        }
    }

    /// Forgets every failure recorded at `pos` in the dense rows.
    pub(crate) fn unmark_position(&mut self, pos: usize) {
        if pos >= self.positions {
            return;
        }
        for row in 0..self.layout.rows() {
            let i = pos * self.layout.rows + row;
            if let Some(w) = self.failed.get_mut(i / 64) {
                *w &= !(1 << (i % 64));
            }
        }
    }

    pub(crate) fn mark_failed(&mut self, key: Key) -> Result<(), MemoError> {
        match key {
            Key::Dense(row, pos) | Key::Forward(row, _, pos) => {
                let i = self.index(row, pos);
                self.failed[i / 64] |= 1 << (i % 64)
            }
            Key::Behind(r, p, e) => {
                if self.behind_failed.insert((r, p, e)) {
                    self.charge(ENTRY_BYTES)?;
                }
            }
        }
        Ok(())
    }

    /// Records a successful body run: `end`, the capture writes along its path in order,
    /// and for each memoized state on the path, how many of those writes came before it.
    pub(crate) fn record_success(
        &mut self,
        end: usize,
        writes: &[(usize, Option<usize>)],
        states: &[(Key, u32)],
    ) -> Result<(), MemoError> {
        let forward: Vec<(usize, u32)> = states
            .iter()
            .filter_map(|&(k, w)| match k {
                Key::Forward(_, f, pos) => Some((self.success_index(f, pos), w)),
                _ => None,
            })
            .collect();
        if forward.is_empty() {
            return Ok(());
        }
        // Positions and slot numbers fit in u32: Memo::new refuses longer inputs.
        let from = self.writes.len();
        for (idx, &(slot, v)) in writes.iter().enumerate() {
            let entry = (slot as u32, idx as u32, v.map_or(UNSET, |v| v as u32));
            match self.writes[from..]
                .iter_mut()
                .find(|(s, _, _)| *s == slot as u32)
            {
                Some(e) => *e = entry,
                None => self.writes.push(entry),
            }
        }
        let len = self.writes.len() - from;
        self.charge(12 + 12 * len as u64)?;
        let inv = self.invocations.len() as u32;
        self.invocations.push(Invocation {
            end: end as u32,
            from: from as u32,
            len: len as u32,
        });
        for (f, w) in forward {
            if self.success.insert(f, (inv, w)) {
                self.charge(ENTRY_BYTES)?;
            }
        }
        Ok(())
    }

    fn charge(&mut self, bytes: u64) -> Result<(), MemoError> {
        self.used = self.used.saturating_add(bytes);
        if self.used > self.limit {
            return Err(MemoError::MemoryLimit {
                needed: self.used,
                limit: self.limit,
            });
        }
        Ok(())
    }
}
