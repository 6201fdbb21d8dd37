//! Witnesses: the prefix that reaches a loop, and a suffix that makes every continuation
//! fail.
//!
//! Without a failing suffix a backtracking engine stops at the first match and nothing
//! blows up, so the suffix is searched on the determinized set of states the engine can be
//! in after `prefix · pump^k`: a word along which no state set accepts (and the last one
//! does not accept at the end of the input either).

use rxguard_nfa::{Accept, MintermId, Nfa, StateId};
use std::collections::{HashMap, HashSet, VecDeque};

/// Shortest word from the start state to `to`.
pub(crate) fn prefix(nfa: &Nfa, to: StateId) -> Option<Vec<MintermId>> {
    let mut prev: HashMap<StateId, (StateId, MintermId)> = HashMap::new();
    let mut q = VecDeque::from([0 as StateId]);
    let mut seen = HashSet::from([0 as StateId]);
    while let Some(s) = q.pop_front() {
        if s == to {
            let (mut w, mut cur) = (Vec::new(), to);
            while cur != 0 {
                let (p, m) = prev[&cur];
                w.push(m);
                cur = p;
            }
            w.reverse();
            return Some(w);
        }
        for t in &nfa.states[s as usize].transitions {
            if seen.insert(t.target) {
                prev.insert(t.target, (s, t.label.0[0]));
                q.push_back(t.target);
            }
        }
    }
    None
}

/// The states reachable from `set` on minterm `m`.
pub(crate) fn step(nfa: &Nfa, set: &[StateId], m: MintermId) -> Vec<StateId> {
    let mut out: Vec<StateId> = set
        .iter()
        .flat_map(|&s| nfa.states[s as usize].transitions.iter())
        .filter(|t| t.label.contains(m))
        .map(|t| t.target)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn accepts(nfa: &Nfa, set: &[StateId], at_end: bool) -> bool {
    set.iter().any(|&s| match nfa.states[s as usize].accept {
        Some(Accept::Always) => true,
        Some(Accept::AtEnd) => at_end,
        _ => false,
    })
}

/// Whether some state reachable from `set` (itself included) passes an assertion the NFA
/// treats as always true: only then can a suffix the NFA derives fail to fail the engine.
pub(crate) fn reaches_approximation(nfa: &Nfa, set: &[StateId]) -> bool {
    let mut seen = vec![false; nfa.states.len()];
    let mut stack: Vec<StateId> = set.to_vec();
    while let Some(s) = stack.pop() {
        let i = s as usize;
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        if nfa.states[i].approximate {
            return true;
        }
        stack.extend(nfa.states[i].transitions.iter().map(|t| t.target));
    }
    false
}

/// The states after `word` from the start, each with whether every way there took a
/// transition past an approximated assertion (a thread the engine may not have).
pub(crate) fn tainted_run(nfa: &Nfa, word: &[MintermId]) -> Vec<(StateId, bool)> {
    let mut set: Vec<(StateId, bool)> = vec![(0, false)];
    for &m in word {
        let mut next: Vec<(StateId, bool)> = Vec::new();
        for &(s, tainted) in &set {
            for t in &nfa.states[s as usize].transitions {
                if t.label.contains(m) {
                    next.push((t.target, tainted || t.approx));
                }
            }
        }
        // An exact way in makes the state real.
        next.sort_unstable();
        next.dedup_by_key(|p| p.0);
        set = next;
    }
    set
}

/// Whether the attempts of a `tainted_run` surely matched, as the engine would: some
/// thread reached an accepting state along exact transitions and accepts exactly there
/// (the search loop itself aside).
pub(crate) fn surely_matched(nfa: &Nfa, run: &[(StateId, bool)]) -> bool {
    run.iter().any(|&(s, tainted)| {
        !tainted
            && !nfa.in_search_loop(s)
            && nfa.states[s as usize].exact_accept == Some(Accept::Always)
    })
}

/// The state set of a `tainted_run`, or `None` if the attempts that read all of its word
/// would already have matched (a retry that starts later and matches does not count: the
/// work before it is spent anyway).
pub(crate) fn run_attempt(nfa: &Nfa, run: &[(StateId, bool)]) -> Option<Vec<StateId>> {
    let set: Vec<StateId> = run.iter().map(|&(s, _)| s).collect();
    let mut attempts = set.clone();
    attempts.retain(|&s| !nfa.in_search_loop(s));
    if accepts(nfa, &attempts, false) {
        return None;
    }
    Some(set)
}

/// Whether `from` can read `word` and end in `to`, moving only through states `allowed`.
pub(crate) fn reads(
    nfa: &Nfa,
    from: StateId,
    word: &[MintermId],
    to: StateId,
    allowed: impl Fn(StateId) -> bool,
) -> bool {
    let mut set = vec![from];
    for &m in word {
        set = step(nfa, &set, m);
        set.retain(|&s| allowed(s));
        if set.is_empty() {
            return false;
        }
    }
    set.contains(&to)
}

/// The `n` minterms the fewest transitions read, fewest first.
pub(crate) fn rarest_minterms(nfa: &Nfa, n: usize) -> Vec<MintermId> {
    // Counted in one pass over the labels: a key recomputed per comparison costs a pass
    // over every transition each time (a fifth of the analysis of an 8,000-character OWASP
    // CRS rule).
    let mut reads = vec![0usize; nfa.minterms.len()];
    for t in nfa.states.iter().flat_map(|s| &s.transitions) {
        for &m in &t.label.0 {
            if let Some(r) = reads.get_mut(m as usize) {
                *r += 1;
            }
        }
    }
    let mut order: Vec<MintermId> = (0..nfa.minterms.len() as MintermId).collect();
    order.sort_by_key(|&m| reads[m as usize]);
    order.truncate(n);
    order
}

/// A shortest word that takes `set` to no state at all without ever accepting, searched
/// over at most `limit` state sets: after it, no attempt that read what came before can go
/// on, whatever follows.
pub(crate) fn dead_end(nfa: &Nfa, set: Vec<StateId>, limit: usize) -> Option<Vec<MintermId>> {
    shortest_without_match(nfa, set, limit, |next| next.is_empty())
}

/// A shortest suffix that leaves `set` without ever accepting, searched over at most
/// `limit` state sets. Minterms outside every class are tried first.
pub(crate) fn suffix(nfa: &Nfa, set: Vec<StateId>, limit: usize) -> Option<Vec<MintermId>> {
    shortest_without_match(nfa, set, limit, |next| !accepts(nfa, next, true))
}

/// A shortest word from `set` along which no state set accepts before its end and whose
/// last set is `done` (the empty word if `set` is), searched breadth-first over at most
/// `limit` state sets.
fn shortest_without_match(
    nfa: &Nfa,
    set: Vec<StateId>,
    limit: usize,
    done: impl Fn(&[StateId]) -> bool,
) -> Option<Vec<MintermId>> {
    if done(&set) {
        return Some(Vec::new());
    }
    // Characters no transition uses kill every thread at once: try them first.
    let order = rarest_minterms(nfa, nfa.minterms.len());
    let mut prev: HashMap<Vec<StateId>, (Vec<StateId>, MintermId)> = HashMap::new();
    let mut q = VecDeque::from([set.clone()]);
    let mut seen = HashSet::from([set.clone()]);
    while let Some(cur) = q.pop_front() {
        for &m in &order {
            let next = step(nfa, &cur, m);
            if accepts(nfa, &next, false) || !seen.insert(next.clone()) {
                continue;
            }
            prev.insert(next.clone(), (cur.clone(), m));
            if done(&next) {
                let (mut w, mut at) = (Vec::new(), next);
                while at != set {
                    let (p, m) = prev[&at].clone();
                    w.push(m);
                    at = p;
                }
                w.reverse();
                return Some(w);
            }
            if seen.len() > limit {
                return None;
            }
            q.push_back(next);
        }
    }
    None
}
