//! Searching from an offset (Python's `pos`): assertions and lookbehind see the text before
//! the start, on both tiers; anchored searches must match at the start.

use rxguard_matcher::{MatchMode, Regex};
use rxguard_syntax::Flavor;

fn spans(p: &str, mode: MatchMode, force_b: bool, hay: &str, start: usize) -> Vec<(usize, usize)> {
    let re = Regex::builder()
        .flavor(Flavor::Python)
        .mode(mode)
        .force_backtrack(force_b)
        .build(p)
        .unwrap();
    re.captures_iter_at(hay, start)
        .map(|c| {
            let m = c.unwrap().get_match();
            (m.start(), m.end())
        })
        .collect()
}

#[test]
fn search_from_an_offset_sees_the_text_before_it() {
    for force_b in [false, true] {
        let s = |p, hay, start| spans(p, MatchMode::Search, force_b, hay, start);
        assert_eq!(
            s("^a", "aaa", 1),
            vec![],
            "^ is the real start (tier B: {force_b})"
        );
        assert_eq!(
            s("\\ba", "xa a", 1),
            vec![(3, 4)],
            "no boundary between x and a"
        );
        assert_eq!(
            s("(?<=x)a", "xa a", 1),
            vec![(1, 2)],
            "lookbehind sees before start"
        );
        assert_eq!(s("a", "aaa", 1), vec![(1, 2), (2, 3)]);
        assert_eq!(s("a", "aaa", 3), vec![]);
        assert_eq!(s("", "ab", 2), vec![(2, 2)]);
        assert_eq!(s("a", "aaa", 4), vec![], "past the end");
        assert_eq!(s("b", "éb", 1), vec![], "not a character boundary");
        let a = |p, hay, start| spans(p, MatchMode::Anchored, force_b, hay, start);
        assert_eq!(a("b+", "abbc", 1)[0], (1, 3), "anchored at the start");
        assert_eq!(a("c", "abbc", 1).first(), None);
    }
}
