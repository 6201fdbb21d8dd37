//! rxguard-attack: the backtracking simulator that confirms or refutes a finding.
//!
//! Pipeline position: witness from the analysis → **simulator** → Report.
//!
//! This crate will execute a pattern exactly as a backtracking engine of its flavor does
//! (greedy/lazy/possessive, atomic groups, lookaround, backreferences, per-flavor empty-loop
//! rules, the search loop over start positions), count steps, run each witness at growing
//! sizes and fit the growth. With a memo on (state, position) the same engine becomes the
//! matcher's tier B. It is built by the analysis issue; nothing here is implemented yet.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
