//! rxguard-syntax: the first stage of rxguard's pipeline.
//!
//! ```text
//! pattern text + flavor + flags ──parse──► Ast (spans) ──lower──► regex_syntax::hir::Hir
//! ```
//!
//! [`parse`] reads a pattern written for JavaScript, Python, Java, PCRE2 or Rust into one
//! [`Ast`] with a byte [`Span`] on every node, or returns an [`Error`] that names the
//! position and the reason. Errors come in three families ([`ErrorFamily`]): *invalid* (the
//! flavor's engine rejects the pattern), *unsupported* (valid, but beyond what rxguard
//! models yet) and *limit* (valid, but over a resource limit that keeps hostile input from
//! costing unbounded time or memory). [`lower`] turns a regular Ast into regex-syntax's
//! `Hir` with the flavor's semantics, or says precisely why it cannot. [`print()`] writes an
//! Ast back as pattern text; parsing that text again gives the same Ast.
//!
//! ```
//! use rxguard_syntax::{parse, Flavor, Flags};
//! let pattern = r"(?<year>\d{4})-\k<year>";
//! let ast = parse(pattern, Flavor::JavaScript, Flags::default()).unwrap();
//! assert_eq!(ast.shape(), r"cat(cap1<year>(rep{4}(\d)),'-',ref<year>)");
//! assert_eq!(ast.span.end, pattern.len());
//! let err = parse("(a+", Flavor::Python, Flags::default()).unwrap_err();
//! assert_eq!(err.kind().name(), "group_unclosed");
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod ast;
mod desugar;
mod error;
mod flavor;
mod java_blocks;
mod lower;
mod parser;
mod print;
mod roundtrip;
mod rust;
mod shape;
mod span;
pub mod unicode;

pub use ast::Ast;
pub use error::{Error, ErrorFamily, ErrorKind};
pub use flavor::{Flags, Flavor};
pub use lower::{
    char_set, code_unit_stand_in, lower, lower_utf8, rust_factors_ambiguous_prefix,
    stand_in_code_unit, unit_char_set, utf8_char_set, word_class, CharSetCache, LowerError,
    CODE_UNIT_STAND_IN,
};
pub use parser::{Config, Parser, MAX_NEST_LIMIT};
pub use print::print;
pub use roundtrip::{check_round_trip, fuzz_input};
pub use span::Span;

/// Parses `pattern` as written for `flavor` with `flags`, with the default limits.
pub fn parse(pattern: &str, flavor: Flavor, flags: Flags) -> Result<Ast, Error> {
    Parser::new().parse(pattern, flavor, flags)
}
