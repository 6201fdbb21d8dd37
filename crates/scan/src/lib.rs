//! Finding regexes in source code, with real parsers.
//!
//! Most vulnerable regexes live in application code — an Express app's routes and
//! validators — not in pattern lists. This crate walks a source tree ([`walk`], honoring
//! `.gitignore`), parses each JavaScript, TypeScript, Python and Java file with its
//! tree-sitter grammar, and extracts every regex whose pattern is a literal in the code:
//!
//! - JavaScript / TypeScript: regex literals `/…/flags`, and `new RegExp(…)` / `RegExp(…)`
//!   whose arguments are string literals, template literals without substitutions, or `+`
//!   concatenations of those ([`javascript`]);
//! - Python: `re.compile`, `re.search`, `re.match`, `re.fullmatch`, `re.sub`, `re.subn`,
//!   `re.split`, `re.findall`, `re.finditer` with a literal pattern (raw, bytes, implicit
//!   concatenation) and `re.X`-style flags ([`python`]);
//! - Java: `Pattern.compile`, `Pattern.matches`, and `String.matches`, `replaceAll`,
//!   `replaceFirst`, `split` with literal arguments (`+` concatenations and text blocks
//!   too), `Pattern.CASE_INSENSITIVE`-style flags ([`java`]).
//!
//! String literals are decoded as the language does (escapes, raw strings, text blocks),
//! so the pattern is what the regex engine receives. Each [`Found`] carries the flavor, the
//! flags as the flavor's letters, the match mode the call implies (`re.match` is anchored,
//! `fullmatch` and Java's `matches` are full matches) and the 1-based line and column of
//! the pattern in the file. A literal that cannot be decoded (a lone surrogate, an unknown
//! `\N{…}` name) is still reported, with the problem, so nothing is dropped silently; flags
//! computed at run time leave the pattern analyzed without them and a note saying so.
//! Patterns built at run time (variables, interpolation) are not regexes this crate can
//! see; it does not guess.
//!
//! Everything here is iterative (tree cursors, no recursion over the syntax tree), so
//! deeply nested code cannot overflow the stack.

#![forbid(unsafe_code)]

pub mod java;
pub mod javascript;
pub mod python;
mod tree;
pub mod walk;

pub use walk::{read_source, walk, Skipped, SourceFile};

/// A language rxguard can scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// `.js`, `.mjs`, `.cjs`, `.jsx`.
    JavaScript,
    /// `.ts`, `.mts`, `.cts`.
    TypeScript,
    /// `.tsx`.
    Tsx,
    /// `.py`, `.pyi`.
    Python,
    /// `.java`.
    Java,
}

impl Language {
    /// The language of a file, by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?;
        Some(match ext {
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "py" | "pyi" => Language::Python,
            "java" => Language::Java,
            _ => return None,
        })
    }

    /// The regex flavor of the language's engine.
    pub fn flavor(self) -> &'static str {
        match self {
            Language::JavaScript | Language::TypeScript | Language::Tsx => "javascript",
            Language::Python => "python",
            Language::Java => "java",
        }
    }

    fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
        }
    }
}

/// A regex found in source code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The pattern as the engine receives it (string escapes decoded).
    pub pattern: String,
    /// `javascript`, `python` or `java`.
    pub flavor: &'static str,
    /// The flags, as letters of the flavor (`gi`, `ix`…).
    pub flags: String,
    /// `search`, `anchored` (Python `re.match`) or `full` (`fullmatch`, Java `matches`).
    pub mode: &'static str,
    /// 1-based line of the pattern's literal.
    pub line: u64,
    /// 1-based column of the pattern's literal, in characters.
    pub column: u64,
    /// How the regex is written: `regex literal`, `new RegExp`, `re.compile`,
    /// `Pattern.compile`, `String.matches`…
    pub construct: String,
    /// Why the regex cannot be analyzed as written: its pattern literal (then `pattern` is
    /// empty) or its flags literal cannot be decoded.
    pub problem: Option<String>,
    /// What the extraction had to assume (flags computed at run time…).
    pub notes: Vec<String>,
}

/// Why a file could not be scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScanError {
    /// The grammar could not be loaded (a version mismatch: a bug in rxguard's build).
    Grammar(String),
    /// The parser gave up (it does on a cancelled or timed-out parse only).
    Parse,
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::Grammar(e) => write!(f, "cannot load the grammar: {e}"),
            ScanError::Parse => write!(f, "the parser gave up on this file"),
        }
    }
}

impl std::error::Error for ScanError {}

/// Extracts the regexes of one source file, in source order.
pub fn extract(language: Language, source: &[u8]) -> Result<Vec<Found>, ScanError> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&language.grammar())
        .map_err(|e| ScanError::Grammar(e.to_string()))?;
    let tree = parser.parse(source, None).ok_or(ScanError::Parse)?;
    let mut found = Vec::new();
    let src = tree::Source::new(source);
    match language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            javascript::extract(&tree, &src, &mut found)
        }
        Language::Python => python::extract(&tree, &src, &mut found),
        Language::Java => java::extract(&tree, &src, &mut found),
    }
    found.sort_by_key(|f| (f.line, f.column));
    Ok(found)
}

/// The check the `scan_extract` fuzz target runs, shared with the replay of saved inputs.
#[doc(hidden)]
pub mod fuzzing {
    use super::{extract, Language};

    /// The languages, by the first byte of a fuzz input.
    pub const LANGUAGES: [Language; 5] = [
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Python,
        Language::Java,
    ];

    /// `data[0]` picks the language, the rest is the source. Extraction must not panic, be
    /// deterministic, and give positions inside the source, with the flavor of the language.
    pub fn extract_is_sound(data: &[u8]) -> Result<(), String> {
        let Some((&sel, source)) = data.split_first() else {
            return Ok(());
        };
        let language = LANGUAGES[sel as usize % LANGUAGES.len()];
        let found = extract(language, source).map_err(|e| e.to_string())?;
        let again = extract(language, source).map_err(|e| e.to_string())?;
        if found != again {
            return Err("two extractions of the same source differ".into());
        }
        let lines = source.split(|&b| b == b'\n').count() as u64;
        for f in &found {
            if f.line == 0 || f.line > lines || f.column == 0 {
                return Err(format!(
                    "position {}:{} outside the source: {f:?}",
                    f.line, f.column
                ));
            }
            if f.flavor != language.flavor() {
                return Err(format!("flavor {} for {language:?}", f.flavor));
            }
        }
        Ok(())
    }
}
