//! Hostile input: every case must end in a value (an Ast or an error naming the reason and
//! position), never a panic, a stack overflow, an unbounded allocation or a hang.
//!
//! Deep cases run on a thread with a deliberately small stack (256 KiB), so a recursion
//! on the pattern's depth anywhere in parse, print, lower or drop fails here.

use rxguard_syntax::{lower, parse, print, Config, ErrorFamily, Flags, Flavor, Parser};

const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic");
}

fn flavors() -> [Flavor; 5] {
    Flavor::ALL
}

#[test]
fn hundred_thousand_nested_groups() {
    on_small_stack(|| {
        for flavor in flavors() {
            let p = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
            let err = parse(&p, flavor, Flags::parse(flavor, "").unwrap()).unwrap_err();
            assert_eq!(err.kind().name(), "nest_limit_exceeded", "{flavor}");
            assert_eq!(err.family(), ErrorFamily::Limit);
            assert_eq!(
                err.span().start,
                250,
                "{flavor}: the 251st group is the culprit"
            );
            // Display stays short even for a huge pattern.
            assert!(err.to_string().len() < 1000);
        }
    });
}

#[test]
fn hundred_thousand_nested_classes() {
    on_small_stack(|| {
        for (flavor, flags) in [
            (Flavor::Java, ""),
            (Flavor::JavaScript, "v"),
            (Flavor::Rust, ""),
        ] {
            let p = format!("{}a{}", "[".repeat(100_000), "]".repeat(100_000));
            let err = parse(&p, flavor, Flags::parse(flavor, flags).unwrap()).unwrap_err();
            assert_eq!(err.kind().name(), "nest_limit_exceeded", "{flavor}");
        }
    });
}

#[test]
fn deepest_allowed_tree_survives_every_traversal() {
    on_small_stack(|| {
        // At the maximum configurable nest limit, parse, print, lower, compare and drop.
        let depth = rxguard_syntax::MAX_NEST_LIMIT as usize;
        let parser = Parser::with_config(Config::new().nest_limit(depth as u32));
        for flavor in [Flavor::Python, Flavor::JavaScript, Flavor::Pcre] {
            let p = format!("{}a{}", "(?:".repeat(depth), ")*".repeat(depth));
            let flags = Flags::default();
            let ast = parser.parse(&p, flavor, flags).unwrap();
            let printed = print(&ast, flavor, flags);
            assert!(printed.len() >= p.len() - depth);
            let _ = lower(&ast, flavor, flags);
            let _shape = ast.shape();
            drop(ast);
        }
    });
}

#[test]
fn huge_repetition_counts() {
    let cases = [
        (Flavor::JavaScript, "repetition_count_limit"),
        (Flavor::Python, "repetition_count_invalid"),
        (Flavor::Java, "repetition_count_invalid"),
        (Flavor::Pcre, "repetition_count_invalid"),
        (Flavor::Rust, "repetition_count_limit"),
    ];
    for (flavor, kind) in cases {
        for p in [
            "a{4294967295}",
            "a{0,4294967295}",
            "(?:){4294967295}",
            "a{99999999999999999999999999}",
        ] {
            let err = parse(p, flavor, Flags::parse(flavor, "").unwrap()).unwrap_err();
            // Rust's parser reports overflowing decimals itself.
            if flavor == Flavor::Rust && p.len() > 20 {
                assert!(!err.family().engine_accepts(), "{p}");
                continue;
            }
            assert_eq!(err.kind().name(), kind, "{flavor} {p}");
        }
    }
}

#[test]
fn one_megabyte_pattern() {
    let p = "a".repeat(1 << 20);
    for flavor in flavors() {
        let err = parse(&p, flavor, Flags::default()).unwrap_err();
        assert_eq!(err.kind().name(), "pattern_too_large", "{flavor}");
        assert_eq!(err.family(), ErrorFamily::Limit);
    }
    // With the limit raised, it parses (and prints and lowers) in bounded time.
    let parser = Parser::with_config(Config::new().max_pattern_len(2 << 20).max_nodes(2 << 20));
    let ast = parser.parse(&p, Flavor::Python, Flags::default()).unwrap();
    assert_eq!(print(&ast, Flavor::Python, Flags::default()).len(), 1 << 20);
    assert!(lower(&ast, Flavor::Python, Flags::default()).is_ok());
}

#[test]
fn node_budget() {
    let parser = Parser::with_config(Config::new().max_nodes(1000));
    let p = "a|".repeat(2000);
    let err = parser
        .parse(&p, Flavor::JavaScript, Flags::default())
        .unwrap_err();
    assert_eq!(err.kind().name(), "size_limit_exceeded");
}

#[test]
fn wide_patterns_stay_flat() {
    on_small_stack(|| {
        // 20,000 alternatives and a 100,000-item class: wide, not deep.
        let p = (0..20_000)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join("|");
        let ast = parse(&p, Flavor::Pcre, Flags::default()).unwrap();
        assert!(lower(&ast, Flavor::Pcre, Flags::default()).is_ok());
        let class = format!("[{}]", "ab".repeat(50_000));
        assert!(parse(&class, Flavor::Java, Flags::default()).is_ok());
        // A long chain of class intersections is bounded by the nest limit.
        let chain = format!("[{}a]", "a&&".repeat(10_000));
        let err = parse(&chain, Flavor::Java, Flags::default()).unwrap_err();
        assert_eq!(err.kind().name(), "nest_limit_exceeded");
    });
}

#[test]
fn every_prefix_of_tricky_patterns() {
    // Truncations hit every "unexpected end" path; none may panic.
    let tricky = [
        r"(?<n>a)\k<n>(?P=n)(?P<m>b)(?(1)c|d)[[:alpha:]&&[^\p{Lu}]]\x{1F600}\u{10FFFF}\cA\Q(\E",
        r"(?i-s:a)(*SKIP)(?|(x)|(y))\g{-1}\g<1>(?R)(?&n)\o{101}\N{U+41}[\d-z]{2,}+?",
        r"[\q{ab|c}--[a-z]&&\p{RGI_Emoji}]\u{D83D}\uD83D\uDE00(?<=a|bc)(?<!x*)",
    ];
    for p in tricky {
        for end in (0..=p.len()).filter(|&i| p.is_char_boundary(i)) {
            for flavor in flavors() {
                for flags in ["", "u", "v", "x", "i"] {
                    if let Ok(f) = Flags::parse(flavor, flags) {
                        if let Ok(ast) = parse(&p[..end], flavor, f) {
                            let _ = lower(&ast, flavor, f);
                            let _ = print(&ast, flavor, f);
                        }
                    }
                }
            }
        }
    }
}
