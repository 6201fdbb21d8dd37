//! Names inside `\p{…}` and `[:…:]`: which ones each flavor accepts, and how they map to the
//! Unicode tables regex-syntax ships.
//!
//! regex-syntax knows the Unicode properties themselves (general categories, scripts,
//! binary properties) with loose matching; each flavor adds its own spellings (Java's
//! `IsLatin`, `javaLowerCase` and POSIX names, PCRE2's `L&` and `Xan`) and JavaScript is
//! strict about spelling. The same mapping serves validation here and lowering to `Hir`.

use crate::flavor::Flavor;

/// POSIX class names valid in PCRE2 `[[:name:]]`.
pub const POSIX_CLASSES: [&str; 14] = [
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

/// Java's `java.lang.Character` classes, `\p{javaLowerCase}` and friends.
const JAVA_CHARACTER_CLASSES: [&str; 17] = [
    "javaLowerCase",
    "javaUpperCase",
    "javaTitleCase",
    "javaDigit",
    "javaDefined",
    "javaLetter",
    "javaLetterOrDigit",
    "javaJavaIdentifierStart",
    "javaJavaIdentifierPart",
    "javaUnicodeIdentifierStart",
    "javaUnicodeIdentifierPart",
    "javaIdentifierIgnorable",
    "javaSpaceChar",
    "javaWhitespace",
    "javaISOControl",
    "javaMirrored",
    "javaAlphabetic",
];

/// Java's POSIX classes `\p{Alpha}` (ASCII unless `U`).
pub const JAVA_POSIX: [&str; 13] = [
    "Lower", "Upper", "ASCII", "Alpha", "Digit", "Alnum", "Punct", "Graph", "Print", "Blank",
    "Cntrl", "XDigit", "Space",
];

/// Java's binary properties usable as `\p{IsX}`.
const JAVA_BINARY: [&str; 14] = [
    "Alphabetic",
    "Ideographic",
    "Letter",
    "Lowercase",
    "Uppercase",
    "Titlecase",
    "Punctuation",
    "Control",
    "White_Space",
    "WhiteSpace",
    "Digit",
    "Hex_Digit",
    "HexDigit",
    "Join_Control",
];

/// JavaScript `v`-mode properties of strings (valid only un-negated).
const JS_STRING_PROPERTIES: [&str; 7] = [
    "Basic_Emoji",
    "Emoji_Keycap_Sequence",
    "RGI_Emoji_Modifier_Sequence",
    "RGI_Emoji_Flag_Sequence",
    "RGI_Emoji_Tag_Sequence",
    "RGI_Emoji_ZWJ_Sequence",
    "RGI_Emoji",
];

/// General category values, short and long, as every flavor spells them.
const GENERAL_CATEGORIES: [&str; 76] = [
    "C",
    "Other",
    "Cc",
    "Control",
    "Cf",
    "Format",
    "Cn",
    "Unassigned",
    "Co",
    "Private_Use",
    "Cs",
    "Surrogate",
    "L",
    "Letter",
    "LC",
    "Cased_Letter",
    "Ll",
    "Lowercase_Letter",
    "Lm",
    "Modifier_Letter",
    "Lo",
    "Other_Letter",
    "Lt",
    "Titlecase_Letter",
    "Lu",
    "Uppercase_Letter",
    "M",
    "Mark",
    "Mc",
    "Spacing_Mark",
    "Me",
    "Enclosing_Mark",
    "Mn",
    "Nonspacing_Mark",
    "N",
    "Number",
    "Nd",
    "Decimal_Number",
    "Nl",
    "Letter_Number",
    "No",
    "Other_Number",
    "P",
    "Punctuation",
    "Pc",
    "Connector_Punctuation",
    "Pd",
    "Dash_Punctuation",
    "Pe",
    "Close_Punctuation",
    "Pf",
    "Final_Punctuation",
    "Pi",
    "Initial_Punctuation",
    "Po",
    "Other_Punctuation",
    "Ps",
    "Open_Punctuation",
    "S",
    "Symbol",
    "Sc",
    "Currency_Symbol",
    "Sk",
    "Modifier_Symbol",
    "Sm",
    "Math_Symbol",
    "So",
    "Other_Symbol",
    "Z",
    "Separator",
    "Zl",
    "Line_Separator",
    "Zp",
    "Paragraph_Separator",
    "Zs",
    "Space_Separator",
];

/// The answer of [`valid_property`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// A known property.
    Valid,
    /// A JavaScript property of strings: valid only un-negated, in `v` mode.
    StringProperty,
    /// Not a property the flavor knows.
    Unknown,
}

/// Whether regex-syntax knows `\p{text}`.
pub fn regex_syntax_knows(text: &str) -> bool {
    if text.is_empty() || text.contains(['{', '}', '\\']) {
        return false;
    }
    // Surrogates have no Rust char, so regex-syntax lacks a table for them.
    let value = text.rsplit(['=', ':']).next().unwrap_or(text);
    if GENERAL_CATEGORIES.contains(&value)
        && (value == text || text.starts_with("gc") || text.starts_with("General"))
    {
        return true;
    }
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{text}}}"))
        .is_ok()
}

/// Whether `flavor` accepts the property `name` (with `value` for `name=value`).
pub fn valid_property(
    flavor: Flavor,
    unicode_sets: bool,
    name: &str,
    value: Option<&str>,
) -> Validity {
    let ok = |b: bool| {
        if b {
            Validity::Valid
        } else {
            Validity::Unknown
        }
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    match flavor {
        Flavor::JavaScript => match value {
            Some(v) => {
                let known_name = matches!(
                    name,
                    "General_Category" | "gc" | "Script" | "sc" | "Script_Extensions" | "scx"
                );
                ok(known_name && ident(v) && regex_syntax_knows(&format!("{name}={v}")))
            }
            None => {
                if unicode_sets && JS_STRING_PROPERTIES.contains(&name) {
                    return Validity::StringProperty;
                }
                // A lone name is a general category value or a binary property (not a
                // script: `\p{Latin}` is an error in JavaScript).
                let script_only = regex_syntax_knows(&format!("sc={name}"))
                    && !regex_syntax_knows(&format!("gc={name}"))
                    && !is_js_binary_only(name);
                ok(ident(name)
                    && !script_only
                    && regex_syntax_knows(name)
                    && name.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
            }
        },
        Flavor::Java => {
            if let Some(v) = value {
                let n = name.to_ascii_lowercase();
                let known = matches!(
                    n.as_str(),
                    "script" | "sc" | "block" | "blk" | "general_category" | "gc"
                );
                return ok(known && (n.starts_with('b') || regex_syntax_knows(v)));
            }
            if JAVA_CHARACTER_CLASSES.contains(&name) || JAVA_POSIX.contains(&name) {
                return Validity::Valid;
            }
            if let Some(rest) = name.strip_prefix("In") {
                return ok(!rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_ -".contains(&b)));
            }
            // Without a prefix Java knows only general categories (short names); with
            // `Is` also scripts and binary properties.
            let Some(bare) = name.strip_prefix("Is") else {
                return ok(name == "L&" || (name.len() <= 2 && GENERAL_CATEGORIES.contains(&name)));
            };
            let upper = bare.to_ascii_uppercase().replace('_', "");
            let java_is = JAVA_BINARY
                .iter()
                .chain(JAVA_POSIX.iter())
                .chain(["Word", "Assigned", "NoncharacterCodePoint"].iter());
            if java_is
                .map(|b| b.to_ascii_uppercase().replace('_', ""))
                .any(|b| b == upper)
                || bare == "L&"
                || bare == "LC"
            {
                return Validity::Valid;
            }
            let category = bare.len() <= 2 && GENERAL_CATEGORIES.contains(&bare);
            ok(category || (ident(bare) && regex_syntax_knows(&format!("sc={bare}"))))
        }
        Flavor::Pcre => {
            if let Some(v) = value {
                let n = name.to_ascii_lowercase().replace(['_', ' ', '-'], "");
                let known = matches!(
                    n.as_str(),
                    "sc" | "script" | "scx" | "scriptextensions" | "bc" | "bidiclass"
                );
                return ok(known && (n.starts_with('b') || regex_syntax_knows(&format!("sc={v}"))));
            }
            // Loose-matching aliases of general categories that PCRE2 10.42 lacks, and
            // UTS #18's optional `Is` prefix, which PCRE2 does not strip.
            let loose = name.to_ascii_lowercase().replace(['_', ' ', '-'], "");
            let long_category = name.len() > 2 && GENERAL_CATEGORIES.contains(&name);
            if matches!(
                loose.as_str(),
                "digit" | "punct" | "cntrl" | "combiningmark"
            ) || loose.starts_with("is")
                || long_category
            {
                return Validity::Unknown;
            }
            if matches!(
                name,
                "Any" | "L&" | "Lc" | "LC" | "Xan" | "Xps" | "Xsp" | "Xwd" | "Xuc"
            ) {
                return Validity::Valid;
            }
            ok(regex_syntax_knows(name))
        }
        Flavor::Python | Flavor::Rust => ok(regex_syntax_knows(name)),
    }
}

/// Binary properties whose names are also script names in loose matching.
fn is_js_binary_only(name: &str) -> bool {
    matches!(name, "ASCII" | "Any" | "Assigned")
}

/// The value of a decimal digit of any script (general category Nd), as Python's `int()`
/// reads it. Nd characters come in runs of ten, zero first.
pub(crate) fn decimal_digit(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return c.to_digit(10);
    }
    static ND: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    let ranges = ND.get_or_init(|| {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(r"\p{Nd}")
            .ok();
        match hir.as_ref().map(|h| h.kind()) {
            Some(regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(cls))) => {
                cls.ranges().iter().map(|r| (r.start(), r.end())).collect()
            }
            _ => Vec::new(),
        }
    });
    let i = ranges.partition_point(|&(_, end)| end < c);
    let &(start, end) = ranges.get(i)?;
    (start <= c && c <= end).then(|| (c as u32 - start as u32) % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_is_strict() {
        assert_eq!(
            valid_property(Flavor::JavaScript, false, "L", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::JavaScript, false, "Letter", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::JavaScript, false, "Script", Some("Greek")),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::JavaScript, false, "Latin", None),
            Validity::Unknown
        );
        assert_eq!(
            valid_property(Flavor::JavaScript, false, "Bogus", None),
            Validity::Unknown
        );
        assert_eq!(
            valid_property(Flavor::JavaScript, true, "RGI_Emoji", None),
            Validity::StringProperty
        );
    }

    #[test]
    fn java_and_pcre_names() {
        assert_eq!(
            valid_property(Flavor::Java, false, "javaLowerCase", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::Java, false, "IsAlphabetic", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::Java, false, "IsLatin", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::Java, false, "InGreek", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::Java, false, "Alpha", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::Pcre, false, "Xan", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::Pcre, false, "Greek", None),
            Validity::Valid
        );
        assert_eq!(
            valid_property(Flavor::Pcre, false, "Nope", None),
            Validity::Unknown
        );
    }
}
