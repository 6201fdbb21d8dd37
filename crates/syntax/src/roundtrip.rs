//! The property the fuzzers check, as a function so that saved fuzz inputs replay as
//! ordinary tests on stable Rust.
//!
//! For any pattern: parsing returns a value (never panics); an error's span lies inside the
//! pattern and its `Display` renders; a parsed Ast prints to text that parses again to the
//! same Ast (spans and spelling aside), and lowering and the shape dump terminate.

use crate::{lower, parse, print, Flags, Flavor};

/// Checks the round-trip property for `pattern`. `Err` describes the violation.
pub fn check_round_trip(pattern: &str, flavor: Flavor, flags: Flags) -> Result<(), String> {
    match parse(pattern, flavor, flags) {
        Err(e) => {
            let span = e.span();
            if span.start > span.end || span.end > pattern.len() {
                return Err(format!("error span {span} outside the pattern"));
            }
            let _ = e.to_string();
            Ok(())
        }
        Ok(ast) => {
            let printed = print(&ast, flavor, flags);
            let again = parse(&printed, flavor, flags)
                .map_err(|e| format!("printed pattern {printed:?} does not parse: {}", e.kind()))?;
            if !again.same_as(&ast) {
                return Err(format!(
                    "round trip through {printed:?} changed {} into {}",
                    ast.shape(),
                    again.shape()
                ));
            }
            let _ = lower(&ast, flavor, flags);
            let _ = ast.shape();
            Ok(())
        }
    }
}

/// Splits a fuzzer's input into flags and a pattern: the first byte picks a flag set for
/// `flavor`, the rest is the pattern (`None` when it is not UTF-8).
pub fn fuzz_input(flavor: Flavor, data: &[u8]) -> Option<(String, Flags)> {
    let (&selector, rest) = data.split_first()?;
    let pattern = std::str::from_utf8(rest).ok()?.to_string();
    let sets: &[&str] = match flavor {
        Flavor::JavaScript => &["", "u", "v", "i", "ims", "iu", "sv"],
        Flavor::Python => &["", "x", "i", "a", "ms", "ix"],
        Flavor::Java => &["", "x", "i", "iu", "d", "U"],
        Flavor::Pcre => &["", "x", "i", "xx", "U", "n", "J"],
        Flavor::Rust => &["", "i", "x", "U", "s"],
    };
    let letters = sets[selector as usize % sets.len()];
    let flags = Flags::parse(flavor, letters).ok()?;
    Some((pattern, flags))
}
