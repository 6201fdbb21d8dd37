//! Suggested fixes: standard rewrites of a vulnerable pattern that keep its meaning, each
//! re-analyzed and offered only when the rewrite is `safe`.
//!
//! Two rewrites, both meaning-preserving by construction:
//!
//! - **nested quantifier**: `(Y+)+` → `Y+`, and `(Y*)*`, `(Y+)*`, `(Y*)+` → `Y*` (greedy,
//!   unbounded loops; the two languages are equal for any `Y`). Where both patterns lower to
//!   `Hir`, the equality is also checked on their DFAs before the fix is offered.
//! - **trailing run in search mode**: a pattern that is just `X+$` (or `X{n,}$`) for one
//!   character set `X` (the trim idiom `\s+$`) retries the run from every position inside
//!   it; `(?<!X)X+$` starts only where a run starts. The leftmost match of the original
//!   cannot start inside a run (one position earlier would also match), so the matches are
//!   the same, in global iteration too. Not `X*$`: after a run, iteration also finds the
//!   empty match at the end, which the lookbehind would forbid (a property test found
//!   this). Not for Rust, which has no lookbehind.
//!
//! Rewrites are span substitutions on the original text, so the rest of the pattern stays
//! as the user wrote it.

use crate::{analyze, MatchMode, Options, Report, Status};
use rxguard_syntax::ast::{AssertionKind, AstKind, Greed, GroupKind};
use rxguard_syntax::{Ast, Flags, Flavor};

/// A rewrite of a vulnerable pattern that rxguard found safe.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Fix {
    /// The rewritten pattern.
    pub pattern: String,
    /// What was changed, in words.
    pub description: String,
    /// Why the rewrite matches the same strings.
    pub equivalence: Equivalence,
    /// The analysis of the rewrite (always `safe`).
    pub report: Report,
}

/// How the meaning of a fix is known to be unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Equivalence {
    /// Both patterns' DFAs accept the same strings (checked).
    CheckedOnDfas,
    /// By the rewrite rule (the module doc says why); the DFAs could not be built.
    ByConstruction,
}

/// Most DFA state pairs explored when checking two patterns equal.
const MAX_PAIRS: usize = 200_000;

/// A meaning-preserving rewrite of `pattern` that analyzes as `safe`, if one applies.
pub fn suggest_fix(pattern: &str, options: &Options) -> Option<Fix> {
    let flags = Flags::parse(options.flavor, &options.flags).ok()?;
    let ast = options
        .parser()
        .parse(pattern, options.flavor, flags)
        .ok()?;
    let candidates = [
        nested_quantifiers(pattern, &ast),
        trailing_run(pattern, &ast, options),
    ];
    for (rewritten, description) in candidates.into_iter().flatten() {
        let report = analyze(&rewritten, options);
        if report.status != Status::Safe {
            continue;
        }
        let equivalence = match same_language(pattern, &rewritten, options.flavor, flags) {
            Some(true) => Equivalence::CheckedOnDfas,
            // A rule that changed the meaning is a bug in the rule: offer nothing.
            Some(false) => continue,
            None => Equivalence::ByConstruction,
        };
        return Some(Fix {
            pattern: rewritten,
            description,
            equivalence,
            report,
        });
    }
    None
}

/// Applies every nested-quantifier rewrite (outermost first, non-overlapping).
fn nested_quantifiers(pattern: &str, ast: &Ast) -> Option<(String, String)> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut stack = vec![ast];
    while let Some(node) = stack.pop() {
        if let Some(edit) = flatten(pattern, node) {
            edits.push(edit);
            continue; // nothing inside an edited node is edited again
        }
        stack.extend(node.children());
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(pattern.len());
    let mut at = 0;
    let mut shown = Vec::new();
    for (start, end, text) in &edits {
        out.push_str(pattern.get(at..*start)?);
        out.push_str(text);
        shown.push(format!("{} → {}", pattern.get(*start..*end)?, text));
        at = *end;
    }
    out.push_str(pattern.get(at..)?);
    Some((
        out,
        format!("merge nested quantifiers: {}", shown.join(", ")),
    ))
}

/// `(Y+)+` and friends at `node`: (start, end, replacement).
fn flatten(pattern: &str, node: &Ast) -> Option<(usize, usize, String)> {
    let AstKind::Repetition(outer) = &node.kind else {
        return None;
    };
    if outer.max.is_some() || outer.min > 1 || outer.greed != Greed::Greedy || outer.swapped {
        return None;
    }
    let mut inner = &*outer.sub;
    while let AstKind::Group(g) = &inner.kind {
        match g.kind {
            GroupKind::Capture { .. } | GroupKind::NonCapture(None) => inner = &g.sub,
            _ => return None,
        }
    }
    let AstKind::Repetition(rep) = &inner.kind else {
        return None;
    };
    if rep.max.is_some() || rep.min > 1 || rep.greed != Greed::Greedy || rep.swapped {
        return None;
    }
    let body = pattern.get(rep.sub.span.start..rep.sub.span.end)?;
    let atom = matches!(
        rep.sub.kind,
        AstKind::Literal(_) | AstKind::Class(_) | AstKind::Dot(_) | AstKind::Group(_)
    );
    let body = if atom {
        body.to_string()
    } else {
        format!("(?:{body})")
    };
    let op = if outer.min == 0 || rep.min == 0 {
        "*"
    } else {
        "+"
    };
    Some((node.span.start, node.span.end, format!("{body}{op}")))
}

/// `X+$` / `X*$` alone, in search mode: `(?<!X)X+$`.
fn trailing_run(pattern: &str, ast: &Ast, options: &Options) -> Option<(String, String)> {
    if options.mode != MatchMode::Search || options.flavor == Flavor::Rust {
        return None;
    }
    let AstKind::Concat(items) = &ast.kind else {
        return None;
    };
    let [run, end] = items.as_slice() else {
        return None;
    };
    let AstKind::Assertion(a) = &end.kind else {
        return None;
    };
    if !matches!(
        a.kind,
        AssertionKind::Dollar | AssertionKind::EndText | AssertionKind::EndTextOptionalNewline
    ) {
        return None;
    }
    let AstKind::Repetition(rep) = &run.kind else {
        return None;
    };
    // `X*$` would differ: after a run, global iteration also finds the empty match at the
    // end, which the lookbehind forbids.
    if rep.min == 0 || rep.max.is_some() || rep.greed != Greed::Greedy || rep.swapped {
        return None;
    }
    if !matches!(
        rep.sub.kind,
        AstKind::Literal(_) | AstKind::Class(_) | AstKind::Dot(_)
    ) {
        return None;
    }
    let x = pattern.get(rep.sub.span.start..rep.sub.span.end)?;
    let rewritten = format!(
        "{}(?<!{x}){}",
        pattern.get(..run.span.start)?,
        pattern.get(run.span.start..)?
    );
    Some((
        rewritten,
        format!("start the trailing run only where a run starts: (?<!{x}) before it"),
    ))
}

/// Whether the two patterns match the same strings (whole-string), by exploring their
/// DFAs in lockstep; `None` when a DFA cannot be built (constructs `Hir` cannot express,
/// Unicode word boundaries, size) or the exploration is too large.
fn same_language(a: &str, b: &str, flavor: Flavor, flags: Flags) -> Option<bool> {
    use regex_automata::dfa::{dense, Automaton};
    use regex_automata::nfa::thompson;
    use regex_automata::util::start;
    use regex_automata::Anchored;
    use regex_syntax::hir::{Hir, Look};

    let build = |p: &str| -> Option<dense::DFA<Vec<u32>>> {
        let mut ast = rxguard_syntax::parse(p, flavor, flags).ok()?;
        // The language does not depend on captures, and some flavors' capture rules (JS
        // resets them per iteration) keep a pattern from lowering: drop them.
        uncapture(&mut ast);
        let hir = rxguard_syntax::lower(&ast, flavor, flags).ok()?;
        let whole = Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)]);
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().nfa_size_limit(Some(8 << 20)))
            .build_from_hir(&whole)
            .ok()?;
        dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(regex_automata::dfa::StartKind::Anchored)
                    .dfa_size_limit(Some(32 << 20))
                    .determinize_size_limit(Some(32 << 20)),
            )
            .build_from_nfa(&nfa)
            .ok()
    };
    let (da, db) = (build(a)?, build(b)?);
    let config = start::Config::new().anchored(Anchored::Yes);
    let (sa, sb) = (da.start_state(&config).ok()?, db.start_state(&config).ok()?);
    let mut seen = std::collections::HashSet::new();
    let mut queue = vec![(sa, sb)];
    seen.insert((sa, sb));
    while let Some((x, y)) = queue.pop() {
        if da.is_quit_state(x) || db.is_quit_state(y) {
            return None;
        }
        if da.is_match_state(da.next_eoi_state(x)) != db.is_match_state(db.next_eoi_state(y)) {
            return Some(false);
        }
        if da.is_dead_state(x) && db.is_dead_state(y) {
            continue;
        }
        for byte in 0..=255u8 {
            let next = (da.next_state(x, byte), db.next_state(y, byte));
            if seen.insert(next) {
                if seen.len() > MAX_PAIRS {
                    return None;
                }
                queue.push(next);
            }
        }
    }
    Some(true)
}

/// Turns every capture group into a non-capturing one (iteratively: no recursion depth).
fn uncapture(ast: &mut Ast) {
    let mut stack = vec![ast];
    while let Some(node) = stack.pop() {
        match &mut node.kind {
            AstKind::Group(g) => {
                if matches!(g.kind, GroupKind::Capture { .. }) {
                    g.kind = GroupKind::NonCapture(None);
                }
                stack.push(&mut g.sub);
            }
            AstKind::Repetition(r) => stack.push(&mut r.sub),
            AstKind::Concat(items) | AstKind::Alternation(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(p: &str, flavor: Flavor) -> Option<Fix> {
        suggest_fix(p, &Options::for_flavor(flavor))
    }

    #[test]
    fn nested_quantifiers_are_merged_and_checked() {
        let f = fix("^(a+)+$", Flavor::JavaScript).expect("a fix");
        assert_eq!(f.pattern, "^a+$");
        assert_eq!(f.equivalence, Equivalence::CheckedOnDfas);
        assert_eq!(f.report.status, Status::Safe);
        let f = fix("^(?:\\d*)+x$", Flavor::Python).expect("a fix");
        assert_eq!(f.pattern, "^\\d*x$");
        let f = fix("^((ab)+)*c$", Flavor::Java).expect("a fix");
        assert_eq!(f.pattern, "^(ab)*c$");
    }

    #[test]
    fn trailing_runs_get_a_lookbehind() {
        let f = fix("\\s+$", Flavor::JavaScript).expect("a fix");
        assert_eq!(f.pattern, "(?<!\\s)\\s+$");
        assert_eq!(f.equivalence, Equivalence::ByConstruction);
        assert!(
            fix("\\s+$", Flavor::Rust).is_none(),
            "no lookbehind in Rust"
        );
    }

    #[test]
    fn no_fix_where_no_rule_applies() {
        assert!(fix("^(a|aa)+$", Flavor::JavaScript).is_none());
        assert!(fix("abc", Flavor::JavaScript).is_none());
    }

    #[test]
    fn the_dfa_check_tells_languages_apart() {
        let flags = Flags::default();
        assert_eq!(
            same_language("(a+)+", "a+", Flavor::JavaScript, flags),
            Some(true)
        );
        assert_eq!(
            same_language("(a+)*", "a+", Flavor::JavaScript, flags),
            Some(false)
        );
        assert_eq!(
            same_language("a|b", "[ab]", Flavor::JavaScript, flags),
            Some(true)
        );
        assert_eq!(
            same_language("(?<!a)b", "b", Flavor::JavaScript, flags),
            None
        );
    }
}
