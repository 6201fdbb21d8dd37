//! The ambiguity tests on products of the NFA with itself.
//!
//! Exponential (EDA): some state has two different cycles on the same word. Either two
//! parallel transitions on a shared character lead to the same state of a loop, or, in the
//! product A×A restricted to a loop, a diagonal pair (p,p) and an off-diagonal pair lie in
//! one strongly connected component (Allauzen, Mohri, Rastogi 2008; Weideman et al. 2016).
//!
//! Polynomial (IDA): two different loops p and q, with q after p, share a word w such that
//! p→p, p→q and q→q all read w — found as a path from (p,p,q) to (p,q,q) in A×A×A. The
//! degree is the longest chain of such loops: each link lets the engine split the pumped
//! text one more way.
//!
//! Every product is charged to a [`Budget`]; running out is a value.

use crate::scc::Components;
use crate::Budget;
use petgraph::graph::{DiGraph, NodeIndex};
use rxguard_nfa::{MintermId, Nfa, StateId};
use rxguard_syntax::Span;
use std::collections::{HashMap, VecDeque};

/// The budget ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exhausted;

/// A loop with two ways around it.
pub(crate) struct Eda {
    pub state: StateId,
    pub word: Vec<MintermId>,
    pub spans: Vec<Span>,
}

/// Two chained loops sharing a word.
pub(crate) struct Ida {
    pub first: StateId,
    pub word: Vec<MintermId>,
    pub spans: Vec<Span>,
}

fn spend(budget: &mut Budget, n: usize) -> Result<(), Exhausted> {
    if budget.remaining < n {
        return Err(Exhausted);
    }
    budget.remaining -= n;
    Ok(())
}

/// Shortest word from `from` to `to` using only states of component `comp`.
pub(crate) fn path_in(
    nfa: &Nfa,
    comps: &Components,
    comp: usize,
    from: StateId,
    to: StateId,
) -> Option<(Vec<MintermId>, Vec<Span>)> {
    if from == to {
        return Some((Vec::new(), Vec::new()));
    }
    let mut prev: HashMap<StateId, (StateId, MintermId, Span)> = HashMap::new();
    let mut q = VecDeque::from([from]);
    while let Some(s) = q.pop_front() {
        for t in &nfa.states[s as usize].transitions {
            if comps.of[t.target as usize] != comp
                || t.target == from
                || prev.contains_key(&t.target)
            {
                continue;
            }
            prev.insert(t.target, (s, t.label.0[0], t.span));
            if t.target == to {
                let (mut word, mut spans, mut cur) = (Vec::new(), Vec::new(), to);
                while cur != from {
                    let (p, m, sp) = prev[&cur];
                    word.push(m);
                    spans.push(sp);
                    cur = p;
                }
                word.reverse();
                return Some((word, spans));
            }
            q.push_back(t.target);
        }
    }
    None
}

/// How many other words [`eda`] proposes for one loop besides its first.
const EDA_ALTERNATES: usize = 3;

/// How many diagonal pairs the search for other words starts from.
const EDA_ALTERNATE_STARTS: usize = 64;

/// Looks for exponential ambiguity inside component `comp`: the first witness found, then
/// up to [`EDA_ALTERNATES`] others with different words, shortest first. Where the NFA
/// over-approximates (a backreference read as its group's language, a lookaround passed as
/// true), the first word may take a way the engine refuses, while a shorter one is real:
/// `(["'])(?:(?!\1)[^\\])*\1|[^\]\\]` inside a loop splits `""` two ways.
pub(crate) fn eda(
    nfa: &Nfa,
    comps: &Components,
    comp: usize,
    budget: &mut Budget,
) -> Result<Vec<Eda>, Exhausted> {
    let members = &comps.members[comp];
    let inside = |s: StateId| comps.of[s as usize] == comp;
    // Parallel transitions into the loop.
    for &p in members {
        let ts = &nfa.states[p as usize].transitions;
        spend(budget, ts.len() * ts.len())?;
        for i in 0..ts.len() {
            for j in i + 1..ts.len() {
                let (a, b) = (&ts[i], &ts[j]);
                if a.target != b.target || !inside(a.target) {
                    continue;
                }
                if let Some(m) = a.label.meet(&b.label) {
                    if let Some((back, spans)) = path_in(nfa, comps, comp, a.target, p) {
                        let mut word = vec![m];
                        word.extend(back);
                        let mut sp = vec![a.span, b.span];
                        sp.extend(spans);
                        return Ok(vec![Eda {
                            state: p,
                            word,
                            spans: sp,
                        }]);
                    }
                }
            }
        }
    }
    // A×A restricted to the loop, explored from every diagonal pair.
    let mut g: DiGraph<(StateId, StateId), (MintermId, Span, Span)> = DiGraph::new();
    let mut ids: HashMap<(StateId, StateId), NodeIndex> = HashMap::new();
    let mut queue = VecDeque::new();
    for &p in members {
        let n = g.add_node((p, p));
        ids.insert((p, p), n);
        queue.push_back((p, p));
    }
    while let Some((x, y)) = queue.pop_front() {
        let from = ids[&(x, y)];
        for t1 in &nfa.states[x as usize].transitions {
            if !inside(t1.target) {
                continue;
            }
            for t2 in &nfa.states[y as usize].transitions {
                spend(budget, 1)?;
                if !inside(t2.target) {
                    continue;
                }
                let Some(m) = t1.label.meet(&t2.label) else {
                    continue;
                };
                let key = (t1.target, t2.target);
                let to = match ids.get(&key) {
                    Some(&n) => n,
                    None => {
                        let n = g.add_node(key);
                        ids.insert(key, n);
                        queue.push_back(key);
                        n
                    }
                };
                g.add_edge(from, to, (m, t1.span, t2.span));
            }
        }
    }
    for scc in petgraph::algo::tarjan_scc(&g) {
        let diag = scc.iter().find(|&&n| g[n].0 == g[n].1);
        let off = scc.iter().find(|&&n| g[n].0 != g[n].1);
        let (Some(&d), Some(&o)) = (diag, off) else {
            continue;
        };
        let in_scc: std::collections::HashSet<NodeIndex> = scc.iter().copied().collect();
        let there = product_path(&g, &in_scc, d, o);
        let back = product_path(&g, &in_scc, o, d);
        if let (Some(mut w1), Some(w2)) = (there, back) {
            w1.extend(w2);
            let first = Eda {
                state: g[d].0,
                word: w1.iter().map(|e| e.0).collect(),
                spans: w1.iter().flat_map(|e| [e.1, e.2]).collect(),
            };
            let mut out = vec![first];
            let mut others = Vec::new();
            for &d in scc
                .iter()
                .filter(|&&n| g[n].0 == g[n].1)
                .take(EDA_ALTERNATE_STARTS)
            {
                if let Some(cycle) = cycle_through_off(&g, &in_scc, d, budget)? {
                    others.push(Eda {
                        state: g[d].0,
                        word: cycle.iter().map(|e| e.0).collect(),
                        spans: cycle.iter().flat_map(|e| [e.1, e.2]).collect(),
                    });
                }
            }
            others.sort_by_key(|e| e.word.len());
            for e in others {
                if out.len() > EDA_ALTERNATES {
                    break;
                }
                if out.iter().all(|o| o.word != e.word) {
                    out.push(e);
                }
            }
            return Ok(out);
        }
    }
    Ok(Vec::new())
}

/// One edge of A×A: the minterm both read and the pattern spans of the two transitions.
type PairStep = (MintermId, Span, Span);

/// The shortest cycle from diagonal pair `d` back to itself that passes an off-diagonal
/// pair (two different ways around the loop on one word), within `allowed`.
fn cycle_through_off(
    g: &DiGraph<(StateId, StateId), PairStep>,
    allowed: &std::collections::HashSet<NodeIndex>,
    d: NodeIndex,
    budget: &mut Budget,
) -> Result<Option<Vec<PairStep>>, Exhausted> {
    use petgraph::visit::EdgeRef;
    // Nodes are (pair, whether an off-diagonal pair was passed).
    type Node = (NodeIndex, bool);
    let mut prev: HashMap<Node, (Node, PairStep)> = HashMap::new();
    let start: Node = (d, false);
    let goal: Node = (d, true);
    let mut q = VecDeque::from([start]);
    while let Some((n, passed)) = q.pop_front() {
        for e in g.edges(n) {
            spend(budget, 1)?;
            let t = e.target();
            if !allowed.contains(&t) {
                continue;
            }
            let next: Node = (t, passed || g[t].0 != g[t].1);
            if next == start || prev.contains_key(&next) {
                continue;
            }
            prev.insert(next, ((n, passed), *e.weight()));
            if next == goal {
                let mut path = Vec::new();
                let mut cur = goal;
                while cur != start {
                    let (p, w) = prev[&cur];
                    path.push(w);
                    cur = p;
                }
                path.reverse();
                return Ok(Some(path));
            }
            q.push_back(next);
        }
    }
    Ok(None)
}

fn product_path<N>(
    g: &DiGraph<N, (MintermId, Span, Span)>,
    allowed: &std::collections::HashSet<NodeIndex>,
    from: NodeIndex,
    to: NodeIndex,
) -> Option<Vec<(MintermId, Span, Span)>> {
    use petgraph::visit::EdgeRef;
    let mut prev: HashMap<NodeIndex, (NodeIndex, (MintermId, Span, Span))> = HashMap::new();
    let mut q = VecDeque::from([from]);
    let mut seen = std::collections::HashSet::from([from]);
    while let Some(n) = q.pop_front() {
        if n == to && n != from {
            break;
        }
        for e in g.edges(n) {
            let t = e.target();
            if !allowed.contains(&t) || !seen.insert(t) {
                continue;
            }
            prev.insert(t, (n, *e.weight()));
            q.push_back(t);
        }
    }
    let mut path = Vec::new();
    let mut cur = to;
    while cur != from {
        let (p, w) = *prev.get(&cur)?;
        path.push(w);
        cur = p;
    }
    path.reverse();
    Some(path)
}

/// Looks for polynomial ambiguity between loop components `c1` and later `c2`: the first
/// pair found, and where `c1` is the retry loop, also the first pair from another of its
/// copies when that word differs. The copy with no context comes first: its word needs no
/// character before it (`(%.*$)|\b\w` pumps "%", not "%0" from the copy after a word
/// character, where the second alternative matches at once); but a copy after a word
/// character can be the one whose word blows up (`([a-z]+\.)*(\b[A-Z]…)` on "0" then "a"
/// pumped), so both go on to the simulator.
pub(crate) fn ida(
    nfa: &Nfa,
    comps: &Components,
    c1: usize,
    c2: usize,
    between: &[bool],
    budget: &mut Budget,
) -> Result<Vec<Ida>, Exhausted> {
    let in1 = |s: StateId| comps.of[s as usize] == c1;
    let in2 = |s: StateId| comps.of[s as usize] == c2;
    let mid = |s: StateId| between[comps.of[s as usize]];
    let mut found: Vec<Ida> = Vec::new();
    let first = nfa.search_loop.filter(|&l| in1(l));
    if let Some(p) = first {
        for &q in &comps.members[c2] {
            if let Some(ida) = ida_pair(nfa, [&in1, &mid, &in2], p, q, budget)? {
                found.push(ida);
                break;
            }
        }
    }
    for &p in comps.members[c1].iter().filter(|&&p| Some(p) != first) {
        for &q in &comps.members[c2] {
            if let Some(ida) = ida_pair(nfa, [&in1, &mid, &in2], p, q, budget)? {
                if !found.iter().any(|f| f.word == ida.word) {
                    found.push(ida);
                }
                return Ok(found);
            }
        }
    }
    Ok(found)
}

/// Other words for the link from the retry loop `p` into `c2`: the shortest word into each
/// state of `c2` (the first link found goes to the first state that has one), at most
/// `max` of them, shortest first, without `known`. Where the NFA approximates the loop's
/// language, the word into the first state may be one the engine refuses while another
/// state's is the attack: `("|')(?:(?!\1)[^\\]|\\.)*\1` in search mode pumps `'\`,
/// which enters at the quote and loops through the escape, read differently from each start.
pub(crate) fn ida_words(
    nfa: &Nfa,
    comps: &Components,
    (p, c2): (StateId, usize),
    between: &[bool],
    known: &[MintermId],
    max: usize,
    budget: &mut Budget,
) -> Result<Vec<Ida>, Exhausted> {
    let c1 = comps.of[p as usize];
    let in1 = |s: StateId| comps.of[s as usize] == c1;
    let in2 = |s: StateId| comps.of[s as usize] == c2;
    let mid = |s: StateId| between[comps.of[s as usize]];
    let mut found: Vec<Ida> = Vec::new();
    for &q in &comps.members[c2] {
        if let Some(ida) = ida_pair(nfa, [&in1, &mid, &in2], p, q, budget)? {
            if ida.word != known && !found.iter().any(|f| f.word == ida.word) {
                found.push(ida);
            }
        }
    }
    Ok(shortest(found, max))
}

/// Polynomial ambiguity between two states of one loop component: p ≠ q with p→p, p→q
/// and q→q on one word, every path inside the component. Such a pair also makes the
/// component exponentially ambiguous (p→p→q and p→q→q, then back to p), but the pumps
/// differ: the exponential one goes once around the whole loop, which may let every
/// attempt match (`\[?(?:\s*<![A-Z]+[^>]*>\s*)*\]?` completes an iteration and then
/// matches), while the pair's word stays inside one iteration, whose every split the engine
/// tries before it gives the iteration up ("<!" and `A` pumped through `[A-Z]+[^>]*`). At
/// most `max` pairs with different words, the shortest of those found while `budget`
/// lasts (a short word is often the one that stays inside one
/// alternative: `\{(?:\{[^}]+\}|[^}])+\}` on "{!" pumped tries the inner group at every
/// "{" and scans to the end each time).
pub(crate) fn ida_within(
    nfa: &Nfa,
    comps: &Components,
    comp: usize,
    max: usize,
    budget: &mut Budget,
) -> Vec<Ida> {
    let inside = |s: StateId| comps.of[s as usize] == comp;
    let mut out: Vec<Ida> = Vec::new();
    for &p in &comps.members[comp] {
        for &q in &comps.members[comp] {
            if p == q {
                continue;
            }
            // Running out leaves the pairs found so far: extra pumps for a loop already
            // found ambiguous, not the test that clears it.
            match ida_pair(nfa, [&inside, &inside, &inside], p, q, budget) {
                Ok(Some(found)) if !out.iter().any(|o| o.word == found.word) => {
                    out.push(found);
                }
                Ok(_) => {}
                Err(Exhausted) => return shortest(out, max),
            }
        }
    }
    shortest(out, max)
}

/// The `max` shortest words, in the order found among equals.
fn shortest(mut found: Vec<Ida>, max: usize) -> Vec<Ida> {
    found.sort_by_key(|f| f.word.len());
    found.truncate(max);
    found
}

/// BFS in A×A×A from (p, p, q) to (p, q, q): x loops at p, y travels to q, z loops at q,
/// each moving only through the states its filter allows.
fn ida_pair(
    nfa: &Nfa,
    allowed: [&dyn Fn(StateId) -> bool; 3],
    p: StateId,
    q: StateId,
    budget: &mut Budget,
) -> Result<Option<Ida>, Exhausted> {
    let [in1, mid, in2] = allowed;
    type Key = (StateId, StateId, StateId);
    let start: Key = (p, p, q);
    let mut prev: HashMap<Key, (Key, MintermId, [Span; 3])> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    let target: Key = (p, q, q);
    while let Some((x, y, z)) = queue.pop_front() {
        for t1 in nfa.states[x as usize]
            .transitions
            .iter()
            .filter(|t| in1(t.target))
        {
            for t2 in nfa.states[y as usize]
                .transitions
                .iter()
                .filter(|t| mid(t.target))
            {
                let Some(m12) = t1.label.meet(&t2.label) else {
                    continue;
                };
                for t3 in nfa.states[z as usize]
                    .transitions
                    .iter()
                    .filter(|t| in2(t.target))
                {
                    spend(budget, 1)?;
                    // One minterm shared by all three: usually the first two's.
                    let shared = if t3.label.contains(m12) {
                        Some(m12)
                    } else {
                        t1.label
                            .0
                            .iter()
                            .copied()
                            .find(|&m| t2.label.contains(m) && t3.label.contains(m))
                    };
                    let Some(m) = shared else { continue };
                    let key = (t1.target, t2.target, t3.target);
                    if key == start || prev.contains_key(&key) {
                        continue;
                    }
                    prev.insert(key, ((x, y, z), m, [t1.span, t2.span, t3.span]));
                    if key == target {
                        let (mut word, mut spans, mut cur) = (Vec::new(), Vec::new(), target);
                        while cur != start {
                            let (p0, m, sp) = prev[&cur];
                            word.push(m);
                            spans.extend(sp);
                            cur = p0;
                        }
                        word.reverse();
                        return Ok(Some(Ida {
                            first: p,
                            word,
                            spans,
                        }));
                    }
                    queue.push_back(key);
                }
            }
        }
    }
    Ok(None)
}
