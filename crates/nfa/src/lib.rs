//! rxguard-nfa: the priority ε-NFA that models what a backtracking engine explores.
//!
//! Pipeline position: `Ast` (from rxguard-syntax) → **priority NFA** → analysis.
//!
//! This crate will hold the NFA compiled from the Ast: transitions ordered by priority
//! (alternation order, greedy before lazy, possessive and atomic cuts, empty-loop checks),
//! labelled with minterms (a partition of the characters into disjoint classes computed from
//! every class in the pattern after case folding), ε-removal to an ordered NFA, counted
//! repeats unrolled when small and abstracted as loops when large, lookaround and
//! backreferences over-approximated and marked, and a size budget charged for every state.
//! It is built by the analysis issue; nothing here is implemented yet, so the crate exports
//! nothing rather than pretend.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
