//! Python bindings for rxguard (the `rxguard` package, native module `rxguard._rxguard`).
//!
//! This member is not a default member of the workspace, so a plain `cargo test` never needs
//! libpython. The Python bindings issue builds it on pyo3 (abi3) with maturin as the build
//! backend: `rxguard.analyze`, `rxguard.compile` with `re`'s API, `PatternError` subclassing
//! `re.error`. Nothing here is implemented yet, so the crate exports nothing.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
