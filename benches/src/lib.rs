//! Shared inputs of rxguard's benchmarks: a deterministic prose haystack and the pattern
//! sets each benchmark runs.
//!
//! Pipeline position: none — this crate measures the matcher (`rxguard-matcher`) against
//! the engines a Rust user would otherwise pick: the regex crate for regular patterns
//! (tier A) and fancy-regex for lookaround (tier B). The haystack is generated, not
//! downloaded, so every machine measures the same bytes.

/// A pattern run by a benchmark.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// Short name used in benchmark ids.
    pub name: &'static str,
    /// The pattern, in syntax both rxguard's flavor and the peer accept.
    pub pattern: &'static str,
}

/// Regular patterns (tier A), in the regex crate's syntax (rxguard's Rust flavor).
pub const TIER_A: &[Case] = &[
    Case {
        name: "literal",
        pattern: "Sherlock Holmes",
    },
    Case {
        name: "alternation",
        pattern: "Sherlock|Holmes|Watson|Irene|Adler",
    },
    Case {
        name: "case-insensitive",
        pattern: "(?i)sherlock holmes",
    },
    Case {
        name: "word-then-literal",
        pattern: r"\w+\s+Holmes",
    },
    Case {
        name: "suffix",
        pattern: r"[a-zA-Z]+ing",
    },
    Case {
        name: "word-boundary",
        pattern: r"\b\w+nn\b",
    },
    Case {
        name: "phone",
        pattern: r"\d{3}-\d{3}-\d{4}",
    },
    Case {
        name: "email",
        pattern: r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}",
    },
    Case {
        name: "date-groups",
        pattern: r"(\d{4})-(\d{2})-(\d{2})",
    },
];

/// Patterns with lookaround or atomic groups (tier B), in syntax both rxguard's PCRE2
/// flavor and fancy-regex accept.
pub const TIER_B: &[Case] = &[
    Case {
        name: "lookahead-at",
        pattern: r"\w+(?=@)",
    },
    Case {
        name: "lookbehind-dollar",
        pattern: r"(?<=\$)\d+(?:\.\d\d)?",
    },
    Case {
        name: "negative-lookahead",
        pattern: r"\b(?!un)[a-z]+ing\b",
    },
    Case {
        name: "name-before-holmes",
        pattern: r"(?<![A-Za-z])[A-Z][a-z]+(?= Holmes)",
    },
    Case {
        name: "holmes-not-comma",
        pattern: r"Holmes(?!,)",
    },
    Case {
        name: "atomic",
        pattern: r"\b(?>[a-z]+ly)\b",
    },
];

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "is",
    "you",
    "that",
    "it",
    "he",
    "was",
    "for",
    "on",
    "are",
    "as",
    "with",
    "his",
    "they",
    "at",
    "be",
    "this",
    "have",
    "from",
    "or",
    "one",
    "had",
    "by",
    "word",
    "but",
    "not",
    "what",
    "all",
    "were",
    "we",
    "when",
    "your",
    "can",
    "said",
    "there",
    "use",
    "an",
    "each",
    "which",
    "she",
    "do",
    "how",
    "their",
    "if",
    "will",
    "up",
    "other",
    "about",
    "out",
    "many",
    "then",
    "them",
    "these",
    "so",
    "some",
    "her",
    "would",
    "make",
    "like",
    "him",
    "into",
    "time",
    "has",
    "look",
    "two",
    "more",
    "write",
    "go",
    "see",
    "number",
    "no",
    "way",
    "could",
    "people",
    "my",
    "than",
    "first",
    "water",
    "been",
    "call",
    "who",
    "oil",
    "its",
    "now",
    "find",
    "long",
    "down",
    "day",
    "did",
    "get",
    "come",
    "made",
    "may",
    "part",
    "morning",
    "evening",
    "running",
    "walking",
    "quickly",
    "slowly",
    "unseen",
    "unwilling",
    "Baker",
    "Street",
    "London",
    "inn",
    "Glenn",
    "Finn",
    "Ann",
    "Sherlock",
    "Holmes",
    "Holmes,",
    "Watson",
    "Irene",
    "Adler",
    "Mycroft",
    "Holmes.",
    "sherlock",
    "HOLMES",
];

/// A deterministic pseudo-English haystack of exactly `len` bytes (ASCII): words, with
/// dates, phone numbers, e-mail addresses and dollar amounts sprinkled in.
pub fn prose(len: usize) -> String {
    let mut out = String::with_capacity(len + 64);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    while out.len() < len {
        let r = next();
        match r % 50 {
            0 => out.push_str(&format!(
                "{}-{:02}-{:02}",
                1850 + r % 100,
                1 + r % 12,
                1 + r % 28
            )),
            1 => out.push_str(&format!(
                "{:03}-{:03}-{:04}",
                r % 1000,
                (r >> 10) % 1000,
                (r >> 20) % 10000
            )),
            2 => out.push_str(&format!(
                "{}@baker{}.co.uk",
                WORDS[(r >> 8) as usize % 40],
                r % 10
            )),
            3 => out.push_str(&format!("${}.{:02}", r % 5000, (r >> 12) % 100)),
            _ => out.push_str(WORDS[(r >> 16) as usize % WORDS.len()]),
        }
        out.push(if r % 11 == 0 { '\n' } else { ' ' });
    }
    out.truncate(len);
    out
}

/// The exponential case of `tier_b_attack`: nested quantifiers a backtracking engine
/// explores in 2^n ways, with a lookahead so that fancy-regex runs it on its own
/// backtracking VM rather than delegating it to the regex crate.
pub const ATTACK: Case = Case {
    name: "nested-lookahead",
    pattern: r"^(?:(?=a)a+)+$",
};

/// The attack string for [`ATTACK`]: `n` a's and a character that makes it fail.
pub fn attack(n: usize) -> String {
    let mut s = "a".repeat(n);
    s.push('!');
    s
}
