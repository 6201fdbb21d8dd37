//! Regex flavors and their flags.
//!
//! A flavor is the engine family a pattern was written for. It decides the syntax the parser
//! accepts and the meaning later stages give to `.`, `$`, `\w`, case folding and empty loops.
//! Flags come as the letters each ecosystem uses (`/re/gi` in JavaScript, `re.I` spelled `i`
//! for Python, Java's embedded flag letters, PCRE2's option letters) and are checked against
//! the flavor: a letter the engine would reject is an invalid-pattern error.

use crate::error::{Error, ErrorKind};
use crate::span::Span;

/// The engine family a pattern is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Flavor {
    /// ECMAScript 2025 (V8/Node, browsers), including Annex B when neither `u` nor `v` is set.
    JavaScript,
    /// Python 3.11+ `re`.
    Python,
    /// `java.util.regex` (JDK 17).
    Java,
    /// PCRE2 10.42 (PHP, grep -P, Snort, nginx).
    Pcre,
    /// The Rust `regex` crate (parsed by regex-syntax).
    Rust,
}

impl Flavor {
    /// Every flavor, in a stable order.
    pub const ALL: [Flavor; 5] = [
        Flavor::JavaScript,
        Flavor::Python,
        Flavor::Java,
        Flavor::Pcre,
        Flavor::Rust,
    ];

    /// The canonical name used in result records (`javascript`, `python`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Flavor::JavaScript => "javascript",
            Flavor::Python => "python",
            Flavor::Java => "java",
            Flavor::Pcre => "pcre",
            Flavor::Rust => "rust",
        }
    }

    /// Parses a flavor name; accepts the canonical names and the aliases `js`, `pcre2`,
    /// `py`.
    pub fn from_name(name: &str) -> Option<Flavor> {
        Some(match name.to_ascii_lowercase().as_str() {
            "javascript" | "js" | "ecmascript" | "node" => Flavor::JavaScript,
            "python" | "py" => Flavor::Python,
            "java" => Flavor::Java,
            "pcre" | "pcre2" => Flavor::Pcre,
            "rust" => Flavor::Rust,
            _ => return None,
        })
    }

    /// The flag letters this flavor accepts in [`Flags::parse`].
    pub fn flag_letters(self) -> &'static str {
        match self {
            Flavor::JavaScript => "dgimsuvy",
            Flavor::Python => "aiLmsux",
            Flavor::Java => "dimsuxU",
            Flavor::Pcre => "imnsxJU",
            Flavor::Rust => "imsUuxR",
        }
    }
}

impl std::fmt::Display for Flavor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The options a pattern is compiled with, as booleans with one meaning across flavors.
///
/// Not every flag exists in every flavor; [`Flags::parse`] only sets the ones the flavor
/// has. The parser starts from these and applies inline flags (`(?i)`, `(?-s:…)`) on top.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Flags {
    /// `i`: case-insensitive matching.
    pub case_insensitive: bool,
    /// `m`: `^` and `$` match at line boundaries.
    pub multi_line: bool,
    /// `s`: `.` matches line terminators too.
    pub dot_all: bool,
    /// `x`: whitespace and `#` comments in the pattern are ignored (not JavaScript).
    pub verbose: bool,
    /// PCRE2 `xx`: verbose, and also inside classes ignore space and tab.
    pub verbose_classes: bool,
    /// JavaScript `u`; Java `u` (UNICODE_CASE); Rust `u` (on by default there).
    pub unicode: bool,
    /// JavaScript `v` (unicodeSets).
    pub unicode_sets: bool,
    /// Python `a`: `\w \d \s \b` and case folding are ASCII-only.
    pub ascii: bool,
    /// Java `U` (UNICODE_CHARACTER_CLASS): `\w \d \s` and POSIX classes are Unicode.
    pub unicode_classes: bool,
    /// Java `d` (UNIX_LINES): only `\n` is a line terminator.
    pub unix_lines: bool,
    /// PCRE2 `U` and Rust `U`: quantifiers are lazy by default, `?` makes them greedy.
    pub swap_greed: bool,
    /// PCRE2 `n`: plain `(…)` groups do not capture.
    pub no_auto_capture: bool,
    /// PCRE2 `J`: duplicate group names are allowed.
    pub dup_names: bool,
    /// Rust `R`: `\r\n` mode for `^`, `$` and `.`.
    pub crlf: bool,
    /// JavaScript `g`: global iteration (no effect on the pattern's language).
    pub global: bool,
    /// JavaScript `y`: sticky, the match is anchored at `lastIndex`.
    pub sticky: bool,
    /// JavaScript `d`: match indices (no effect on matching).
    pub has_indices: bool,
}

impl Flags {
    /// Parses flag letters for `flavor`, e.g. `"gi"` for JavaScript or `"ms"` for Python.
    ///
    /// A letter the flavor does not know, a repeated letter where the engine rejects it
    /// (JavaScript), and combinations the engine rejects (`uv`, Python `au`, `L` on a str
    /// pattern) are [`ErrorKind::FlagUnknown`], [`ErrorKind::FlagDuplicate`] and
    /// [`ErrorKind::FlagsIncompatible`]; the error's span indexes into `letters`.
    pub fn parse(flavor: Flavor, letters: &str) -> Result<Flags, Error> {
        let mut flags = Flags::default();
        if flavor == Flavor::Rust {
            flags.unicode = true;
        }
        let mut seen = String::new();
        for (at, c) in letters.char_indices() {
            let span = Span::new(at, at + c.len_utf8());
            let err = |kind| Err(Error::new(kind, letters, span));
            // Python's `L` (locale) exists, but only for bytes patterns.
            if flavor == Flavor::Python && c == 'L' {
                return err(ErrorKind::FlagsIncompatible {
                    why: "the L flag is only valid with bytes patterns",
                });
            }
            if !flavor.flag_letters().contains(c) {
                return err(ErrorKind::FlagUnknown { flag: c });
            }
            if seen.contains(c) {
                match (flavor, c) {
                    (Flavor::JavaScript, _) => return err(ErrorKind::FlagDuplicate { flag: c }),
                    (Flavor::Pcre, 'x') => flags.verbose_classes = true,
                    _ => {}
                }
            }
            seen.push(c);
            match (flavor, c) {
                (_, 'i') => flags.case_insensitive = true,
                (_, 'm') => flags.multi_line = true,
                (_, 's') => flags.dot_all = true,
                (_, 'x') => flags.verbose = true,
                (Flavor::JavaScript, 'g') => flags.global = true,
                (Flavor::JavaScript, 'y') => flags.sticky = true,
                (Flavor::JavaScript, 'd') => flags.has_indices = true,
                (Flavor::JavaScript, 'u') => flags.unicode = true,
                (Flavor::JavaScript, 'v') => flags.unicode_sets = true,
                (Flavor::Python, 'a') => flags.ascii = true,
                (Flavor::Python, 'u') => {}
                (Flavor::Java, 'u') => flags.unicode = true,
                (Flavor::Java, 'U') => flags.unicode_classes = true,
                (Flavor::Java, 'd') => flags.unix_lines = true,
                (Flavor::Pcre, 'n') => flags.no_auto_capture = true,
                (Flavor::Pcre, 'J') => flags.dup_names = true,
                (Flavor::Pcre | Flavor::Rust, 'U') => flags.swap_greed = true,
                (Flavor::Rust, 'u') => flags.unicode = true,
                (Flavor::Rust, 'R') => flags.crlf = true,
                _ => {}
            }
        }
        if flags.unicode && flags.unicode_sets && flavor == Flavor::JavaScript {
            return Err(Error::new(
                ErrorKind::FlagsIncompatible {
                    why: "the u and v flags cannot be combined",
                },
                letters,
                Span::new(0, letters.len()),
            ));
        }
        if flavor == Flavor::Python && flags.ascii && seen.contains('u') {
            return Err(Error::new(
                ErrorKind::FlagsIncompatible {
                    why: "the a and u flags cannot be combined",
                },
                letters,
                Span::new(0, letters.len()),
            ));
        }
        Ok(flags)
    }

    /// Whether the JavaScript pattern is parsed in a Unicode mode (`u` or `v`), which turns
    /// off the Annex B web-compatibility syntax.
    pub fn js_unicode_mode(&self) -> bool {
        self.unicode || self.unicode_sets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_flags() {
        let f = Flags::parse(Flavor::JavaScript, "gimsuy").unwrap();
        assert!(f.case_insensitive && f.multi_line && f.dot_all && f.unicode && f.sticky);
        assert_eq!(
            Flags::parse(Flavor::JavaScript, "gg").unwrap_err().kind(),
            &ErrorKind::FlagDuplicate { flag: 'g' }
        );
        assert!(matches!(
            Flags::parse(Flavor::JavaScript, "uv").unwrap_err().kind(),
            ErrorKind::FlagsIncompatible { .. }
        ));
        assert_eq!(
            Flags::parse(Flavor::JavaScript, "x").unwrap_err().kind(),
            &ErrorKind::FlagUnknown { flag: 'x' }
        );
    }

    #[test]
    fn other_flavors() {
        assert!(Flags::parse(Flavor::Python, "ax").unwrap().ascii);
        assert!(Flags::parse(Flavor::Python, "au").is_err());
        assert!(Flags::parse(Flavor::Python, "L").is_err());
        assert!(Flags::parse(Flavor::Pcre, "xx").unwrap().verbose_classes);
        assert!(Flags::parse(Flavor::Java, "dU").unwrap().unix_lines);
        assert!(Flags::parse(Flavor::Rust, "").unwrap().unicode);
    }
}
