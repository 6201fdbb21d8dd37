//! How far a finding can be pumped: the NFA models the optional copies of a counted
//! repeat as a loop (so that `(?:(?:a|a){2,5}){2,5}`, a DAG once unrolled, shows its
//! ambiguity), but the engine stops at the real count. A finding whose culprit lies inside
//! bounded repeats only — no unbounded loop around it — can be pumped at most as far as the
//! outermost of them reaches, and the verdict measures it within that bound.

use rxguard_syntax::ast::{Ast, AstKind};
use rxguard_syntax::Span;

/// The outermost bounded repeat around a culprit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RepeatBound {
    /// The fewest characters the repeat matches.
    pub min_chars: u64,
    /// The most characters it matches.
    pub max_chars: u64,
}

impl RepeatBound {
    /// The longest attack worth measuring for a witness whose parts have these lengths:
    /// the prefix may already be inside the repeat (its mandatory copies), the pumps are.
    pub fn attack_limit(&self, prefix: usize, suffix: usize) -> usize {
        let outside = (prefix as u64).saturating_sub(self.min_chars);
        (outside + self.max_chars + suffix as u64).min(usize::MAX as u64) as usize
    }
}

/// The outermost bounded repetition whose span contains `culprit`, unless an unbounded
/// one also does (or the bounded one can match unboundedly long text): then the pump is
/// not capped and `None` is returned.
pub(crate) fn pump_bound(ast: &Ast, culprit: Span) -> Option<RepeatBound> {
    let contains = |s: Span| s.start <= culprit.start && culprit.end <= s.end;
    let mut node = ast;
    let mut outer: Option<RepeatBound> = None;
    // Spans nest, so the nodes containing the culprit form one path from the root.
    loop {
        if let AstKind::Repetition(r) = &node.kind {
            match (r.max, node.width()) {
                (Some(_), (min, Some(max))) => {
                    outer.get_or_insert(RepeatBound {
                        min_chars: min,
                        max_chars: max,
                    });
                }
                _ => return None,
            }
        }
        match node.children().into_iter().find(|c| contains(c.span)) {
            Some(child) => node = child,
            None => return outer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rxguard_syntax::{Flags, Flavor, Parser};

    fn bound(pattern: &str, culprit: &str) -> Option<RepeatBound> {
        let ast = Parser::new()
            .parse(pattern, Flavor::JavaScript, Flags::default())
            .unwrap();
        let start = pattern.find(culprit).unwrap();
        pump_bound(&ast, Span::new(start, start + culprit.len()))
    }

    #[test]
    fn outermost_bounded_repeat_caps_the_pump() {
        let b = bound("^(?:(?:a|a){2,5}){2,5}$", "a|a").unwrap();
        assert_eq!((b.min_chars, b.max_chars), (4, 25));
        assert_eq!(b.attack_limit(2, 1), 26);
        assert_eq!(b.attack_limit(7, 1), 29);
        let b = bound("x(a|bc){1,20}y", "a|bc").unwrap();
        assert_eq!((b.min_chars, b.max_chars), (1, 40));
    }

    #[test]
    fn an_unbounded_loop_anywhere_around_lifts_the_cap() {
        assert_eq!(bound("(?:(a|a){1,20})*$", "a|a"), None);
        assert_eq!(bound("(?:(a|a)*){1,20}$", "a|a"), None);
        assert_eq!(bound("(a|a)*$", "a|a"), None);
        // Not inside any repeat.
        assert_eq!(bound("a|a", "a|a"), None);
    }
}
