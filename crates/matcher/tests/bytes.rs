//! The bytes API (`rxguard_matcher::bytes`): what the engine-recorded cases in
//! regressions.toml and the regex crate's suite do not reach — errors and their spans in
//! the caller's pattern, refused flavors, modes, `captures_at`, replacement and split.

use rxguard_matcher::bytes::{NoExpand, Regex};
use rxguard_matcher::MatchMode;
use rxguard_syntax::Flavor;

fn build(
    flavor: Flavor,
    flags: &str,
    pattern: impl AsRef<[u8]>,
) -> Result<Regex, rxguard_matcher::Error> {
    Regex::builder()
        .flavor(flavor)
        .flags(flags)
        .build_bytes(pattern)
}

fn spans(re: &Regex, hay: &[u8]) -> Vec<(usize, usize)> {
    re.find_iter(hay)
        .map(|m| m.map(|m| (m.start(), m.end())).expect("no limit"))
        .collect()
}

#[test]
fn error_spans_are_in_the_callers_pattern() {
    // "é" is two bytes of the pattern, read as two Latin-1 characters (four bytes of
    // text): the span must still point at the pattern as given.
    let e = build(Flavor::Python, "", r"é\u0041").unwrap_err();
    assert_eq!(e.kind().name(), "syntax");
    let span = e.span().expect("a span");
    assert_eq!(&r"é\u0041"[span.start..span.end], r"\u");
    let e = build(Flavor::Pcre, "", r"éé\x{100}").unwrap_err();
    let span = e.span().expect("a span");
    assert_eq!(&r"éé\x{100}"[span.start..span.end], r"\x{100}");
    assert!(e.message().contains("above U+00FF"), "{}", e.message());
}

#[test]
fn bytes_pattern_rules() {
    // Python: no `u` flag, no Unicode escapes, no (?u); locale is not modelled.
    assert_eq!(
        build(Flavor::Python, "u", "a").unwrap_err().kind().name(),
        "invalid_flags"
    );
    for p in [r"\U00000041", r"\N{DIGIT ONE}", "(?u)a"] {
        assert!(build(Flavor::Python, "", p).is_err(), "{p}");
    }
    assert!(build(Flavor::Python, "", "(?L)a").is_err());
    assert!(build(Flavor::Python, "", "(?a)a").is_ok());
    // PCRE2 without UTF: no code points above \xff, no (*UTF) or (*UCP).
    for p in [r"\o{400}", r"\777", r"\N{U+41}", "(*UTF)a", "(*UCP)a"] {
        assert!(build(Flavor::Pcre, "", p).is_err(), "{p}");
    }
    assert!(build(Flavor::Pcre, "", r"\x{ff}\377").is_ok());
    // JavaScript and Java match UTF-16 strings.
    for f in [Flavor::JavaScript, Flavor::Java] {
        assert_eq!(build(f, "", "a").unwrap_err().kind().name(), "unsupported");
    }
}

#[test]
fn one_character_per_byte() {
    // `.` and negated classes take one byte, whatever the bytes spell.
    let re = build(Flavor::Python, "", "a.b").unwrap();
    assert_eq!(spans(&re, b"a\xffb a\xc3\xa9b"), vec![(0, 3)]);
    let re = build(Flavor::Pcre, "", "[^x]{2}").unwrap();
    assert_eq!(spans(&re, b"\xc3\xa9\xff"), vec![(0, 2)]);
    // Python `\w` is ASCII in a bytes pattern; `\xe9` is one byte.
    let re = build(Flavor::Python, "", r"\w+|\xe9").unwrap();
    assert_eq!(spans(&re, b"ab\xe9c"), vec![(0, 2), (2, 3), (3, 4)]);
    // Rust: Unicode classes match UTF-8 and skip invalid bytes.
    let re = Regex::new(r"\w+").unwrap();
    assert_eq!(spans(&re, b"a\xffb\xc3\xa9"), vec![(0, 1), (2, 5)]);
    let re = Regex::new(r"(?-u:.)").unwrap();
    assert_eq!(spans(&re, b"\xff\n").len(), 1);
}

#[test]
fn modes_and_start_positions() {
    let anchored = Regex::builder()
        .flavor(Flavor::Python)
        .mode(MatchMode::Anchored)
        .build_bytes("a+")
        .unwrap();
    assert_eq!(spans(&anchored, b"aab aa"), vec![(0, 2)]);
    assert_eq!(spans(&anchored, b"baa"), vec![]);
    let full = Regex::builder()
        .flavor(Flavor::Rust)
        .mode(MatchMode::Full)
        .build_bytes("a+")
        .unwrap();
    assert!(full.is_match(b"aaa").unwrap());
    assert!(!full.is_match(b"aab").unwrap());
    // Lookbehind sees the bytes before the start position.
    let re = build(Flavor::Python, "", r"(?<=\xff)a").unwrap();
    let hay = b"\xffa\xffa";
    let caps = re.captures_at(hay, 1).unwrap().unwrap();
    assert_eq!(caps.get(0).unwrap().range(), 1..2);
    let caps = re.captures_at(hay, 2).unwrap().unwrap();
    assert_eq!(caps.get(0).unwrap().range(), 3..4);
    assert!(re.captures_at(hay, 5).unwrap().is_none());
}

#[test]
fn replace_and_split() {
    let re = build(Flavor::Python, "", r"(?P<d>\d+)\xff").unwrap();
    let hay = b"x12\xffy3\xff";
    assert_eq!(re.replace_all(hay, b"<$d>").unwrap().as_ref(), b"x<12>y<3>");
    assert_eq!(re.replace(hay, "[${1}]").unwrap().as_ref(), b"x[12]y3\xff");
    assert_eq!(
        re.replace_all(hay, NoExpand(b"$d")).unwrap().as_ref(),
        b"x$dy$d"
    );
    let doubled = re.replace_all(hay, |c: &rxguard_matcher::bytes::Captures<'_>| {
        let d = c.name("d").unwrap().as_bytes();
        [d, d].concat()
    });
    assert_eq!(doubled.unwrap().as_ref(), b"x1212y33");
    let pieces: Vec<&[u8]> = re.split(hay).map(|p| p.unwrap()).collect();
    assert_eq!(pieces, vec![&b"x"[..], &b"y"[..], &b""[..]]);
    // No match: the haystack itself, not a copy.
    assert!(matches!(
        re.replace_all(b"none", b"z").unwrap(),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(
        re.capture_names().collect::<Vec<_>>(),
        vec![None, Some("d")]
    );
}

#[test]
fn patterns_given_as_bytes() {
    // A raw byte means what its escape means (Python `b"\xff+"` and `br"\xff+"`).
    for flavor in [Flavor::Python, Flavor::Pcre] {
        let raw = build(flavor, "", b"\xff+(a)").unwrap();
        let escaped = build(flavor, "", br"\xff+(a)").unwrap();
        let hay = b"x\xff\xffa\xffa";
        assert_eq!(spans(&raw, hay), vec![(1, 4), (4, 6)]);
        assert_eq!(spans(&raw, hay), spans(&escaped, hay));
        assert_eq!(raw.as_bytes(), b"\xff+(a)");
        // An error's span is in bytes of the pattern, even one that is not UTF-8.
        let e = build(flavor, "", b"\xff\xfe(").unwrap_err();
        assert_eq!(e.kind().name(), "syntax");
        let span = e.span().expect("a span");
        assert_eq!(span.start, 2, "{e}");
    }
    // Rust patterns are text: a byte that is not UTF-8 is an error that says where.
    let e = build(Flavor::Rust, "", b"ab\xffc").unwrap_err();
    let span = e.span().expect("a span");
    assert_eq!((span.start, span.end), (2, 3));
    assert!(e.message().contains("(?-u:"), "{}", e.message());
}
