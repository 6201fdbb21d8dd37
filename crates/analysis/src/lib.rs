//! rxguard-analysis: ambiguity analysis of the priority NFA.
//!
//! Pipeline position: priority NFA → **analysis** → attack confirmation.
//!
//! This crate will find exponential ambiguity (a state with two distinct cycles on the same
//! word: an SCC of A×A holding a diagonal and an off-diagonal pair) and polynomial ambiguity
//! of degree k (chains of loops through A×A×A), per match mode (search, anchored, full),
//! and turn each finding into a witness `prefix · pump^n · suffix` with the culprit span.
//! It is built by the analysis issue; nothing here is implemented yet.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
