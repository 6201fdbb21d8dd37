//! Rewrites of Ast nodes that have an exact expansion in simpler syntax, so that the stages
//! after the parser (lowering, the NFA, the simulator) need not know them.
//!
//! `\R`, "any line break", matches `\r\n` as one break, but engines differ in whether that
//! choice is final: PCRE2 (and Perl) make it atomic, `(?>\r\n|[\n\x0B\f\r\x85\u2028\u2029])`,
//! while java.util.regex since JDK 9 backtracks into the lone `\r` (`\R\n` matches
//! `"\r\n"` on JDK 17), `(?:\r\n|[…])`. The expansion keeps the `\R`'s span on every node.

use crate::ast::{Ast, AstKind, ClassKind, ClassPerlKind};
use crate::{Flags, Flavor};

impl Ast {
    /// Replaces every `\R` by its expansion for `flavor` (see the module doc). Flavors
    /// without `\R` are left as they are.
    pub fn expand_line_breaks(&mut self, flavor: Flavor) {
        let text = match flavor {
            Flavor::Java => r"(?:\r\n|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])",
            Flavor::Pcre => r"(?>\r\n|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])",
            _ => return,
        };
        let mut found = false;
        self.walk(|n| found |= is_line_break(n));
        if !found {
            return;
        }
        let Ok(expansion) = crate::parse(text, flavor, Flags::default()) else {
            return;
        };
        self.for_each_mut(|node| {
            if is_line_break(node) {
                let mut e = expansion.clone();
                e.set_spans(node.span);
                node.kind = std::mem::replace(&mut e.kind, AstKind::Empty);
            }
        });
    }
}

fn is_line_break(n: &Ast) -> bool {
    matches!(&n.kind, AstKind::Class(c)
        if matches!(&c.kind, ClassKind::Perl(p) if p.kind == ClassPerlKind::LineBreak))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(p: &str, flavor: Flavor) -> String {
        let mut ast = crate::parse(p, flavor, Flags::default()).unwrap();
        ast.expand_line_breaks(flavor);
        ast.shape()
    }

    #[test]
    fn java_backtracks_pcre_does_not() {
        let java = shape(r"a\R", Flavor::Java);
        let pcre = shape(r"a\R", Flavor::Pcre);
        assert!(java.contains("alt("), "{java}");
        assert!(pcre.contains("atomic("), "{pcre}");
        assert!(!java.contains("atomic("), "{java}");
    }

    #[test]
    fn spans_stay_on_the_escape() {
        let mut ast = crate::parse(r"ab\R", Flavor::Java, Flags::default()).unwrap();
        ast.expand_line_breaks(Flavor::Java);
        let mut spans = Vec::new();
        ast.walk(|n| spans.push((n.span.start, n.span.end)));
        assert!(
            spans[1..]
                .iter()
                .all(|&(s, e)| (s, e) == (0, 1) || (s, e) == (1, 2) || (s, e) == (2, 4)),
            "{spans:?}"
        );
    }
}
