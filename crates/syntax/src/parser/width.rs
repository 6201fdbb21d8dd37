//! Match widths of a sub-pattern, for the lookbehind rules of Python (fixed width) and
//! PCRE2 10.42 (each top-level alternative of fixed length).
//!
//! Computed bottom-up over an explicit stack, never by recursion.

use crate::ast::*;

/// A width: `(min, max)` in characters, `max = None` when unbounded.
pub(super) type Width = (u64, Option<u64>);

/// The minimum and maximum number of characters `ast` can match. Constructs with no
/// definite width (backreferences, recursion, `\X`, `\R`) count as unbounded.
pub(crate) fn min_max(ast: &Ast) -> Width {
    fold(ast, false, &|_| None).unwrap_or((0, None))
}

/// [`min_max`] where a backreference has the width `group` gives its group (CPython
/// accepts a reference to a fixed-width group inside a lookbehind).
pub(super) fn min_max_with_refs(ast: &Ast, group: &dyn Fn(&GroupRef) -> Option<Width>) -> Width {
    fold(ast, false, group).unwrap_or((0, None))
}

/// The exact width of `ast` if every alternation inside it has branches of one width, as
/// PCRE2 10.42 requires inside a lookbehind.
pub(super) fn fixed(ast: &Ast) -> Option<u64> {
    match fold(ast, true, &|_| None) {
        Some((min, Some(max))) if min == max => Some(min),
        _ => None,
    }
}

/// Post-order fold. With `strict`, an alternation whose branches differ fails (`None`).
fn fold(root: &Ast, strict: bool, group: &dyn Fn(&GroupRef) -> Option<Width>) -> Option<Width> {
    // (node, children already pushed?)
    let mut stack: Vec<(&Ast, bool)> = vec![(root, false)];
    let mut values: Vec<Option<Width>> = Vec::new();
    while let Some((node, expanded)) = stack.pop() {
        let look =
            matches!(&node.kind, AstKind::Group(g) if matches!(g.kind, GroupKind::Look { .. }));
        let kids = if look { Vec::new() } else { node.children() };
        if !expanded && !kids.is_empty() {
            stack.push((node, true));
            for k in kids.into_iter().rev() {
                stack.push((k, false));
            }
            continue;
        }
        let n = if look { 0 } else { node.children().len() };
        let args: Vec<Option<Width>> = values.split_off(values.len() - n);
        let w: Option<Width> = match &node.kind {
            AstKind::Empty | AstKind::Assertion(_) | AstKind::SetFlags(_) | AstKind::Verb(_) => {
                Some((0, Some(0)))
            }
            AstKind::Callout | AstKind::ResetMatchStart => Some((0, Some(0))),
            AstKind::Literal(_) | AstKind::CodeUnit(_) | AstKind::Dot(_) => Some((1, Some(1))),
            AstKind::Class(c) => match &c.kind {
                ClassKind::Perl(p) if matches!(p.kind, ClassPerlKind::LineBreak) => {
                    Some((1, Some(2)))
                }
                ClassKind::Perl(p) if matches!(p.kind, ClassPerlKind::Grapheme) => Some((1, None)),
                ClassKind::Bracket(b) if has_strings(b) => Some((0, None)),
                _ => Some((1, Some(1))),
            },
            // PCRE2 accepts a reference to a fixed-length group in a lookbehind.
            AstKind::Backreference(_) if strict => Some((0, Some(0))),
            AstKind::Backreference(b) => Some(group(&b.target).unwrap_or((0, None))),
            AstKind::Subroutine(_) => Some((0, None)),
            AstKind::Group(g) => match g.kind {
                GroupKind::Look { .. } => Some((0, Some(0))),
                _ => args.into_iter().next().flatten(),
            },
            AstKind::Repetition(r) => args.into_iter().next().flatten().map(|(lo, hi)| {
                let min = lo.saturating_mul(r.min as u64);
                let max = match (hi, r.max) {
                    (Some(0), _) => Some(0),
                    (Some(h), Some(m)) => Some(h.saturating_mul(m as u64)),
                    _ => None,
                };
                (min, max)
            }),
            AstKind::Concat(_) => {
                let mut acc = Some((0u64, Some(0u64)));
                for a in args {
                    acc = match (acc, a) {
                        (Some((l1, h1)), Some((l2, h2))) => Some((
                            l1.saturating_add(l2),
                            h1.zip(h2).map(|(x, y)| x.saturating_add(y)),
                        )),
                        _ => None,
                    };
                }
                acc
            }
            AstKind::Alternation(_) | AstKind::Conditional(_) => {
                let mut acc: Option<Width> = None;
                let mut first = true;
                for a in args {
                    let a = a?;
                    if strict && !first && Some(a) != acc {
                        return None;
                    }
                    acc = Some(match acc {
                        None => a,
                        Some((l, h)) => (l.min(a.0), h.zip(a.1).map(|(x, y)| x.max(y))),
                    });
                    first = false;
                }
                acc
            }
        };
        values.push(w);
    }
    values.pop().flatten()
}

fn has_strings(b: &ClassBracket) -> bool {
    match &b.set {
        ClassSet::Union(items) => items.iter().any(|i| matches!(i, ClassItem::Strings(_))),
        ClassSet::Op(_) => false,
    }
}
