//! Strongly connected components of the NFA (petgraph's Tarjan), and which of them loop.
//!
//! Only states inside loops can pump, so the products in `eda` and `ida` are built per
//! component: ordinary patterns, whose loops are small, stay near-linear to analyze.

use petgraph::graph::DiGraph;
use rxguard_nfa::{Nfa, StateId};

/// The components of an NFA.
pub(crate) struct Components {
    /// Component of each state.
    pub of: Vec<usize>,
    /// States of each component, in topological order of components (sources first).
    pub members: Vec<Vec<StateId>>,
    /// Whether the component has a cycle (more than one state, or a self-loop).
    pub cyclic: Vec<bool>,
}

pub(crate) fn components(nfa: &Nfa) -> Components {
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(nfa.states.len(), 0);
    let nodes: Vec<_> = (0..nfa.states.len()).map(|_| g.add_node(())).collect();
    for (s, st) in nfa.states.iter().enumerate() {
        for t in &st.transitions {
            g.add_edge(nodes[s], nodes[t.target as usize], ());
        }
    }
    // Tarjan yields components in reverse topological order.
    let mut sccs = petgraph::algo::tarjan_scc(&g);
    sccs.reverse();
    let mut of = vec![0; nfa.states.len()];
    let mut members = Vec::with_capacity(sccs.len());
    let mut cyclic = Vec::with_capacity(sccs.len());
    for (i, comp) in sccs.iter().enumerate() {
        let states: Vec<StateId> = comp.iter().map(|n| n.index() as StateId).collect();
        for &s in &states {
            of[s as usize] = i;
        }
        let self_loop = states.len() == 1
            && nfa.states[states[0] as usize]
                .transitions
                .iter()
                .any(|t| t.target == states[0]);
        cyclic.push(states.len() > 1 || self_loop);
        members.push(states);
    }
    Components {
        of,
        members,
        cyclic,
    }
}
