//! The matcher on testdata/matcher/regressions.toml: every match and group of a global
//! iteration equals the real engine's answer recorded there (or, for a documented engine
//! quirk, rxguard's recorded answer), on both tiers where the pattern can run on both. A
//! case with `haystack_hex` runs the bytes API ([`rxguard_matcher::bytes::Regex`]).

use rxguard_matcher::{Regex, Tier};
use rxguard_syntax::Flavor;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    flavor: String,
    pattern: String,
    #[serde(default)]
    flags: String,
    #[serde(default)]
    haystack: String,
    /// A byte haystack, in hex, for the bytes API (instead of `haystack`).
    haystack_hex: Option<String>,
    /// Per match, per group: `[start, end]`, or `[]` when the group did not participate.
    expect: Vec<Vec<Vec<usize>>>,
    known_difference: Option<String>,
    rxguard: Option<Vec<Vec<Vec<usize>>>>,
}

type Spans = Vec<Vec<Option<(usize, usize)>>>;

fn spans(raw: &[Vec<Vec<usize>>]) -> Spans {
    raw.iter()
        .map(|m| {
            m.iter()
                .map(|g| match g.as_slice() {
                    [s, e] => Some((*s, *e)),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
        .collect()
}

fn run_bytes(re: &rxguard_matcher::bytes::Regex, hay: &[u8]) -> Spans {
    re.captures_iter(hay)
        .map(|c| {
            let c = c.expect("no limit is reached on these haystacks");
            c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()
        })
        .collect()
}

fn run(re: &Regex, hay: &str) -> Spans {
    re.captures_iter(hay)
        .map(|c| {
            let c = c.expect("no limit is reached on these haystacks");
            c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()
        })
        .collect()
}

#[test]
fn regressions_match_the_engines() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/matcher/regressions.toml"
    );
    let text = std::fs::read_to_string(path).expect("regressions.toml is readable");
    let file: File = toml::from_str(&text).expect("regressions.toml parses");
    assert!(file.test.len() >= 40, "the regression file lost cases");
    let mut failures = Vec::new();
    for case in &file.test {
        // Engines count UTF-16 units or code points, rxguard bytes: the same only on ASCII.
        assert!(
            case.haystack.is_ascii(),
            "{}: haystack must be ASCII",
            case.name
        );
        let flavor = Flavor::from_name(&case.flavor).expect("known flavor");
        let want = match (&case.known_difference, &case.rxguard) {
            (Some(_), Some(ours)) => spans(ours),
            (None, None) => spans(&case.expect),
            _ => panic!("{}: known_difference and rxguard go together", case.name),
        };
        if let Some(hex) = &case.haystack_hex {
            let built = Regex::builder()
                .flavor(flavor)
                .flags(&case.flags)
                .build_bytes(&case.pattern);
            match built {
                Ok(re) => {
                    let got = run_bytes(&re, &from_hex(hex));
                    if got != want {
                        failures.push(format!("{} (bytes): got {got:?}, want {want:?}", case.name));
                    }
                }
                Err(e) => failures.push(format!("{}: does not compile: {e}", case.name)),
            }
            continue;
        }
        for forced in [false, true] {
            let re = match Regex::builder()
                .flavor(flavor)
                .flags(&case.flags)
                .force_backtrack(forced)
                .build(&case.pattern)
            {
                Ok(re) => re,
                Err(e) => {
                    failures.push(format!("{}: does not compile: {e}", case.name));
                    break;
                }
            };
            let got = run(&re, &case.haystack);
            if got != want {
                failures.push(format!(
                    "{} (tier {}): got {got:?}, want {want:?}",
                    case.name,
                    re.tier().name()
                ));
            }
            if re.tier() == Tier::B && !forced {
                break; // already on tier B
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// JavaScript without `u` matches by UTF-16 unit: where that changes the answer (a part of
/// the pattern that can match half of an astral character, on a haystack that has one) the
/// search is refused; everywhere else it runs.
#[test]
fn javascript_without_u_refuses_what_utf16_would_change() {
    let js = |p: &str, flags: &str| {
        Regex::builder()
            .flavor(Flavor::JavaScript)
            .flags(flags)
            .build(p)
            .expect("compiles")
    };
    let astral = "x\u{1F600}y";
    for p in ["^.$", "[^a]", "\\S+", "x.y"] {
        let err = js(p, "").find(astral).expect_err("refused");
        assert_eq!(err.kind().name(), "unsupported", "{p}");
        assert!(js(p, "").find_iter(astral).any(|m| m.is_err()), "{p}");
        // With u the pattern matches by character: fine.
        assert!(js(p, "u").find(astral).is_ok(), "{p}");
        // Without astral characters there is nothing to differ on.
        assert!(js(p, "").find("xay").is_ok(), "{p}");
    }
    // Parts that cannot match a surrogate are unaffected by one in the haystack.
    for p in ["y", "[a-z]+", "\\d|x"] {
        assert!(js(p, "").find(astral).is_ok(), "{p}");
    }
}

/// Python's `a` flag inline (`(?a)`, scoped `(?a:…)`) makes `\b` ASCII on tier B too (the
/// lookaheads keep the pattern there). CPython: `re.finditer` gives characters 1..2 and
/// 5..6 of "éy; éx" — bytes 2..3 and 7..8 here. Not in regressions.toml, whose haystacks
/// are ASCII: no ASCII character tells the two word classes apart.
#[test]
fn python_inline_ascii_word_boundary_on_tier_b() {
    let re = Regex::builder()
        .flavor(Flavor::Python)
        .build(r"(?a)\bx(?=$)|(?a:\b)y(?=\W)")
        .expect("compiles");
    assert_eq!(re.tier(), Tier::B);
    assert_eq!(
        run(&re, "éy; éx"),
        vec![vec![Some((2, 3))], vec![Some((7, 8))]]
    );
}
