//! The Rust flavor on the regex crate's own test suite (`../shared/testdata/rust-regex`,
//! the regex-test TOML format; another location with `RXGUARD_RUST_REGEX_TESTS`).
//!
//! Every test that fits the matcher's API — one pattern, leftmost-first, all matches, no
//! search bounds; `regex-lite.toml` excepted, it describes regex-lite — must give the same
//! spans (and groups, where the test lists them). As in the regex crate's own runners, a
//! test with `utf8 = true` (the default) runs on the `&str` API, on tier A and on tier B
//! forced (skipped when its haystack is not UTF-8, which a `&str` cannot hold), and a test
//! with `utf8 = false` runs on the bytes API ([`rxguard_matcher::bytes::Regex`]). Other
//! match kinds, bounds, anchored iteration and custom line terminators are counted as not
//! applicable. Without the suite the test says so and passes, unless
//! `RXGUARD_REQUIRE_ENGINES=1` (CI), which makes it fail.

use rxguard_matcher::Regex;
use rxguard_syntax::Flavor;
use toml::Value;

type Spans = Vec<Vec<Option<(usize, usize)>>>;

fn span(v: &Value) -> Option<Option<(usize, usize)>> {
    let a = v.as_array()?;
    match a.as_slice() {
        [] => Some(None),
        [s, e] => Some(Some((s.as_integer()? as usize, e.as_integer()? as usize))),
        _ => None,
    }
}

/// The expected matches: per match, its groups (only group 0 when the test gives spans).
fn expected(v: &Value) -> Option<(Spans, bool)> {
    let list = v.as_array()?;
    let mut out = Vec::new();
    let mut groups = false;
    for m in list {
        let a = m.as_array()?;
        if a.first().is_some_and(|x| x.is_array()) {
            groups = true;
            out.push(a.iter().map(span).collect::<Option<Vec<_>>>()?);
        } else {
            out.push(vec![span(m)?]);
        }
    }
    Some((out, groups))
}

/// The first `limit` matches of an iteration, each with its groups (only group 0 unless
/// the test lists groups); a matcher error as text.
fn first_matches<E: std::fmt::Display>(
    found: impl Iterator<Item = Result<Vec<Option<(usize, usize)>>, E>>,
    limit: usize,
    groups: bool,
) -> Result<Spans, String> {
    found
        .take(limit)
        .map(|m| {
            m.map(|all| {
                all.into_iter()
                    .take(if groups { usize::MAX } else { 1 })
                    .collect()
            })
            .map_err(|e| e.to_string())
        })
        .collect()
}

/// Resolves the escapes of an `unescape = true` haystack.
fn unescape(s: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match it.next()? {
            'x' => {
                let h: String = [it.next()?, it.next()?].iter().collect();
                bytes.push(u8::from_str_radix(&h, 16).ok()?);
            }
            'n' => bytes.push(b'\n'),
            'r' => bytes.push(b'\r'),
            't' => bytes.push(b'\t'),
            '\\' => bytes.push(b'\\'),
            '0' => bytes.push(0),
            _ => return None,
        }
    }
    Some(bytes)
}

#[test]
fn regex_crate_test_suite() {
    let dir = std::env::var("RXGUARD_RUST_REGEX_TESTS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/testdata/rust-regex"
        )
        .to_string()
    });
    let mut files: Vec<_> = ["", "/fowler"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(format!("{dir}{sub}")).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    // regex-lite's suite describes regex-lite (ASCII-only classes), not the regex crate.
    files.retain(|p| p.file_stem().is_none_or(|s| s != "regex-lite"));
    files.sort();
    if files.is_empty() {
        let required = std::env::var("RXGUARD_REQUIRE_ENGINES").is_ok_and(|v| v == "1");
        assert!(!required, "the regex crate's test suite is not at {dir}");
        eprintln!("skipped: the regex crate's test suite is not at {dir}");
        return;
    }
    let (mut run, mut run_bytes, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let doc: Value = toml::from_str(&text).expect("valid TOML");
        let Some(tests) = doc.get("test").and_then(Value::as_array) else {
            continue;
        };
        for t in tests {
            let get = |k: &str| t.get(k);
            let flag = |k: &str, default: bool| get(k).and_then(Value::as_bool).unwrap_or(default);
            let name = format!(
                "{}/{}",
                path.file_stem()
                    .map(|s| s.to_string_lossy())
                    .unwrap_or_default(),
                get("name").and_then(Value::as_str).unwrap_or("?")
            );
            let (Some(pattern), Some(hay)) = (
                get("regex").and_then(Value::as_str),
                get("haystack").and_then(Value::as_str),
            ) else {
                skipped += 1; // pattern sets
                continue;
            };
            let fits = get("search-kind").is_none_or(|v| v.as_str() == Some("leftmost"))
                && get("match-kind").is_none_or(|v| v.as_str() == Some("leftmost-first"))
                && get("bounds").is_none()
                && get("line-terminator").is_none()
                && !flag("anchored", false);
            let utf8 = flag("utf8", true);
            let hay = if flag("unescape", false) {
                unescape(hay)
            } else {
                Some(hay.as_bytes().to_vec())
            };
            // The `&str` API takes only UTF-8 haystacks.
            let hay = hay.filter(|h| !utf8 || std::str::from_utf8(h).is_ok());
            let (Some(hay), true) = (hay, fits) else {
                skipped += 1;
                continue;
            };
            let mut flags = String::new();
            if flag("case-insensitive", false) {
                flags.push('i');
            }
            let pattern = if flag("unicode", true) {
                pattern.to_string()
            } else {
                format!("(?-u){pattern}")
            };
            let Some((want, groups)) = get("matches").and_then(expected) else {
                failures.push(format!("{name}: unreadable matches"));
                continue;
            };
            // `match-limit`: the test lists only the first matches.
            let limit = get("match-limit")
                .and_then(Value::as_integer)
                .map_or(usize::MAX, |l| l as usize);
            let mut check = |api: &str, built: Result<Result<Spans, String>, String>| {
                if !flag("compiles", true) {
                    if built.is_ok() {
                        failures.push(format!("{name} ({api}): {pattern:?} should not compile"));
                    }
                    return;
                }
                match built {
                    Err(e) => {
                        failures.push(format!("{name} ({api}): {pattern:?} does not compile: {e}"))
                    }
                    Ok(Ok(got)) if got == want => {}
                    Ok(Ok(got)) => failures.push(format!(
                        "{name} ({api}): {pattern:?} on {:?}: got {got:?}, want {want:?}",
                        String::from_utf8_lossy(&hay)
                    )),
                    Ok(Err(e)) => failures.push(format!("{name} ({api}): {pattern:?}: {e}")),
                }
            };
            if !utf8 {
                run_bytes += 1;
                let built = Regex::builder()
                    .flavor(Flavor::Rust)
                    .flags(&flags)
                    .build_bytes(&pattern)
                    .map_err(|e| e.to_string())
                    .map(|re| {
                        let found = re.captures_iter(&hay).map(|c| {
                            c.map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                        });
                        first_matches(found, limit, groups)
                    });
                check("bytes", built);
                continue;
            }
            let hay = String::from_utf8(hay.clone()).unwrap_or_default();
            run += 1;
            // Both tiers: the automaton, and the memoized backtracker forced.
            for forced in [false, true] {
                let built = Regex::builder()
                    .flavor(Flavor::Rust)
                    .flags(&flags)
                    .force_backtrack(forced)
                    .build(&pattern)
                    .map_err(|e| e.to_string())
                    .map(|re| {
                        let found = re.captures_iter(&hay).map(|c| {
                            c.map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                        });
                        first_matches(found, limit, groups)
                    });
                check(if forced { "tier B" } else { "tier A" }, built);
            }
        }
    }
    eprintln!(
        "regex crate suite: {run} run on &str (tiers A and B), {run_bytes} on bytes, \
         {skipped} not applicable, {} failed",
        failures.len()
    );
    assert!(run > 500, "too few applicable tests: {run}");
    assert!(
        run_bytes > 100,
        "too few applicable bytes tests: {run_bytes}"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
