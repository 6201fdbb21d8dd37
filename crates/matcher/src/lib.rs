//! rxguard-matcher: a matcher that runs accepted patterns in linear time.
//!
//! Beside the analysis pipeline: tier A hands patterns that lower to `Hir` with no flavor
//! hazard (see `rxguard_syntax::lower`) to regex-automata with explicit size limits; tier B
//! runs the backtracking engine of rxguard-attack with a memo on (state, position), so no
//! pair is explored twice. Backreferences are refused unless the caller sets a step budget.
//! It is built by the matcher issue; nothing here is implemented yet.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
