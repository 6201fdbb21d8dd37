//! rxguard-nfa: the priority NFA that models what a backtracking engine explores.
//!
//! Pipeline position: `Ast` (rxguard-syntax) → **ordered NFA** → ambiguity analysis.
//!
//! [`build`] compiles an Ast into an ε-free NFA whose transitions are labelled with
//! [`Minterms`] (a partition of the characters computed from every class in the pattern,
//! after the flavor's case folding) and ordered as the engine tries them. Parallel paths are
//! kept — they are what makes a backtracking engine slow. In search mode the NFA starts with
//! a lazy any-character loop, which models the engine retrying at every position and so
//! adds the polynomial degree unanchored search really costs. Every state is charged to a
//! size budget; constructs modelled approximately are listed in [`Nfa::approximations`].

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod build;
mod minterm;
mod tempered;

pub use build::{build, Accept, BuildError, Config, Nfa, State, StateId, Transition};
pub use minterm::{Label, MintermId, Minterms};
/// The NFA's rewrite of tempered tokens, for tests that check it keeps the language.
#[doc(hidden)]
pub use tempered::rewrite as rewrite_tempered;

#[cfg(test)]
mod tests {
    use super::*;
    use rxguard_syntax::{parse, Flags, Flavor};

    fn nfa(p: &str, search: bool) -> Nfa {
        let ast = parse(p, Flavor::JavaScript, Flags::default()).unwrap();
        build(
            &ast,
            Flavor::JavaScript,
            Flags::default(),
            &Config {
                search,
                ..Config::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn parallel_paths_are_kept() {
        // From the loop state, 'a' can be consumed by either alternative.
        let n = nfa("^(a|a)*$", false);
        let doubled = n.states.iter().any(|s| {
            s.transitions.len() >= 2 && s.transitions[0].target == s.transitions[1].target
        });
        assert!(doubled, "{n:#?}");
    }

    #[test]
    fn end_anchor_accepts_only_at_end() {
        let n = nfa("^a+$", false);
        assert!(n.states.iter().any(|s| s.accept == Some(Accept::AtEnd)));
        assert!(!n.states.iter().any(|s| s.accept == Some(Accept::Always)));
        let n = nfa("^a+", false);
        assert!(n.states.iter().any(|s| s.accept == Some(Accept::Always)));
    }

    #[test]
    fn search_mode_adds_a_prefix_loop_unless_anchored() {
        // The start state can consume any character and stay (the retry loop).
        assert_eq!(nfa("a", true).states[0].transitions.len(), 2);
        assert_eq!(nfa("a", false).states[0].transitions.len(), 1);
        assert_eq!(nfa("^a", true).states[0].transitions.len(), 1);
    }

    #[test]
    fn large_counts_become_loops() {
        let n = nfa("^a{1,100000}$", false);
        assert!(n.states.len() < 20, "{}", n.states.len());
        assert!(!n.approximations.is_empty());
        let small = nfa("^a{2,4}$", false);
        assert_eq!(small.approximations.len(), 0);
    }

    #[test]
    fn budget_is_enforced() {
        let ast = parse("(((a{8}){8}){8}){8}", Flavor::JavaScript, Flags::default()).unwrap();
        let cfg = Config {
            max_states: 500,
            ..Config::default()
        };
        let err = build(&ast, Flavor::JavaScript, Flags::default(), &cfg).unwrap_err();
        assert!(err.reason.starts_with("limit:"));
    }

    #[test]
    fn transitions_are_budgeted() {
        // Each state after `a*` reaches every later optional `b` and the `c`: quadratic.
        let pattern = format!("a*{}c", "(?:b)?".repeat(3_000));
        let ast = parse(&pattern, Flavor::Pcre, Flags::default()).unwrap();
        let err = build(&ast, Flavor::Pcre, Flags::default(), &Config::default()).unwrap_err();
        assert!(err.reason.contains("ε-removal over"), "{}", err.reason);
        let unbounded_work = Config {
            max_closure_work: usize::MAX,
            ..Config::default()
        };
        let err = build(&ast, Flavor::Pcre, Flags::default(), &unbounded_work).unwrap_err();
        assert!(err.reason.contains("transitions"), "{}", err.reason);
        // A small run of them stays well within the budget.
        let pattern = format!("a*{}c", "(?:b)?".repeat(100));
        let ast = parse(&pattern, Flavor::Pcre, Flags::default()).unwrap();
        assert!(build(&ast, Flavor::Pcre, Flags::default(), &Config::default()).is_ok());
    }
}
