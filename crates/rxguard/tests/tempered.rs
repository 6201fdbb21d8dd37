//! The NFA reads tempered tokens (`(?!--).`) through a rewrite into one-character
//! lookaheads (`rxguard_nfa::rewrite_tempered`). The rewrite must keep the pattern's
//! matches: here both forms run through the matcher on every haystack up to six characters
//! over the characters the patterns care about, in four flavors, and must find the same
//! matches with the same groups.

use rxguard::syntax::{parse, print, Flags, Flavor};
use rxguard::Regex;

const PATTERNS: &[&str] = &[
    "<!--((?!--).)*?-->",
    "a((?!--).)*b",
    "((?!ab)(?!-)[a-z-])+x",
    "/\\*((?!\\*/)[\\s\\S])*\\*/",
    "(?:(?!a|--|b-).)*",
    "^((?!\\[>)(?!<\\])\\S)+$",
    "x(?!ab|ac|-)[abc-]y?",
];

const ALPHABET: &[char] = &['a', 'b', '-', '*', '/', '<', '>', 'x'];

fn spans(re: &Regex, hay: &str) -> Vec<Vec<Option<(usize, usize)>>> {
    re.captures_iter(hay)
        .map(|c| {
            let c = c.expect("no limit on short haystacks");
            c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()
        })
        .collect()
}

#[test]
fn rewrite_keeps_every_match() {
    let mut checked = 0;
    for &p in PATTERNS {
        for flavor in [
            Flavor::JavaScript,
            Flavor::Python,
            Flavor::Java,
            Flavor::Pcre,
        ] {
            let flags = Flags::parse(flavor, "").unwrap();
            let ast = parse(p, flavor, flags).unwrap();
            let rewritten = rxguard_nfa::rewrite_tempered(&ast)
                .unwrap_or_else(|| panic!("{p}: nothing rewritten"));
            let text = print(&rewritten, flavor, flags);
            let original = Regex::builder().flavor(flavor).build(p).unwrap();
            let other = Regex::builder()
                .flavor(flavor)
                .build(&text)
                .unwrap_or_else(|e| panic!("{p} -> {text}: {e}"));
            let mut hay = Vec::new();
            for len in 0..=5 {
                let mut idx = vec![0usize; len];
                loop {
                    hay.clear();
                    hay.extend(idx.iter().map(|&i| ALPHABET[i]));
                    let h: String = hay.iter().collect();
                    assert_eq!(
                        spans(&original, &h),
                        spans(&other, &h),
                        "{p} vs {text} on {h:?} ({})",
                        flavor.name()
                    );
                    checked += 1;
                    // Next haystack of this length, as an odometer.
                    let mut k = 0;
                    while k < len {
                        idx[k] += 1;
                        if idx[k] < ALPHABET.len() {
                            break;
                        }
                        idx[k] = 0;
                        k += 1;
                    }
                    if k == len {
                        break;
                    }
                }
            }
        }
    }
    assert!(checked > 100_000, "{checked}");
}

#[test]
fn tempered_loops_are_analyzed_exactly() {
    let js = rxguard::Options::new("javascript").unwrap();
    // Every attempt stops at the next "--": linear, and no approximation left.
    let r = rxguard::analyze("<!-- ko ((?!--).)*? -->", &js);
    assert_eq!(r.status, rxguard::Status::Safe, "{r:?}");
    assert!(r.diagnostics.approximations.is_empty(), "{r:?}");
    // A longer word stays approximated (and the loop scans to the end: quadratic).
    let r = rxguard::analyze("<!-- ko ((?!-->).)*? -->", &js);
    assert!(!r.diagnostics.approximations.is_empty(), "{r:?}");
    assert_ne!(r.status, rxguard::Status::Safe, "{r:?}");
}
