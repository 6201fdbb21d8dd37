//! Java: `Pattern.compile`, `Pattern.matches` and the `String` methods that take a regex
//! (`matches`, `replaceAll`, `replaceFirst`, `split`), with literal arguments. String
//! literals are decoded as javac does (Unicode escapes, octal escapes, `\s`, text blocks
//! with their incidental indentation removed), `+` of literals is folded, and flags are read
//! from `Pattern.CASE_INSENSITIVE | Pattern.COMMENTS`-style expressions.
//!
//! Without types the receiver of `matches`/`replaceAll`/… is not known to be a `String`;
//! a call of one of those names whose first argument is a string literal is taken as one.

use crate::tree::{named_children, plus_operands, preorder, Literal, Source};
use crate::Found;
use tree_sitter::{Node, Tree};

pub(crate) fn extract(tree: &Tree, src: &Source<'_>, out: &mut Vec<Found>) {
    preorder(tree, |node| {
        if node.kind() != "method_invocation" {
            return;
        }
        let Some(name) = node.child_by_field_name("name").and_then(|n| src.text(n)) else {
            return;
        };
        let object = node.child_by_field_name("object");
        let on_pattern = object.is_some_and(|o| {
            src.text(o)
                .is_some_and(|t| t == "Pattern" || t == "java.util.regex.Pattern")
        });
        let (construct, mode, flags_at) = match (on_pattern, name) {
            (true, "compile") => ("Pattern.compile", "search", Some(1)),
            (true, "matches") => ("Pattern.matches", "full", None),
            (false, "matches") if object.is_some() => ("String.matches", "full", None),
            (false, "replaceAll") if object.is_some() => ("String.replaceAll", "search", None),
            (false, "replaceFirst") if object.is_some() => ("String.replaceFirst", "search", None),
            (false, "split") if object.is_some() => ("String.split", "search", None),
            _ => return,
        };
        let Some(args) = node.child_by_field_name("arguments") else {
            return;
        };
        let args = named_children(args);
        let Some(&first) = args.first() else {
            return;
        };
        let mut notes = Vec::new();
        let (mut pattern, problem) = match literal(first, src) {
            Literal::Text(p) => (p, None),
            Literal::Broken(e) => (String::new(), Some(e)),
            Literal::Dynamic => return,
        };
        let mut flags = String::new();
        if let Some(&f) = flags_at.and_then(|i| args.get(i)) {
            match pattern_flags(f, src) {
                Some(Flags { letters, literal }) => {
                    flags = letters;
                    if literal {
                        // Matched as plain text: analyze it quoted, as Pattern.quote does.
                        pattern = format!("\\Q{}\\E", pattern.replace("\\E", "\\E\\\\E\\Q"));
                        notes.push("Pattern.LITERAL: analyzed as quoted text".into());
                    }
                }
                None => notes.push(crate::javascript::DYNAMIC_FLAGS.into()),
            }
        }
        let (line, column) = src.position(first);
        out.push(Found {
            pattern,
            flavor: "java",
            flags,
            mode,
            line,
            column,
            construct: construct.into(),
            problem,
            notes,
        });
    });
}

/// The value of a string expression made only of literals (`"a" + "b"`).
fn literal(node: Node<'_>, src: &Source<'_>) -> Literal {
    let mut value = Literal::Text(String::new());
    for mut part in plus_operands(node, "binary_expression") {
        while part.kind() == "parenthesized_expression" {
            match named_children(part).first() {
                Some(&inner) => part = inner,
                None => break,
            }
        }
        let v = match (part.kind(), src.text(part)) {
            ("string_literal", Some(t)) => string(t),
            ("string_literal", None) => {
                Literal::Broken("the string literal is not valid UTF-8".into())
            }
            _ => Literal::Dynamic,
        };
        value = value.concat(v);
    }
    value
}

/// Decodes a string literal or text block, quotes included.
pub fn string(text: &str) -> Literal {
    let text = unicode_escapes(text);
    if let Some(body) = text
        .strip_prefix("\"\"\"")
        .and_then(|t| t.strip_suffix("\"\"\""))
    {
        // The opening delimiter is followed by a line terminator that is not content.
        let Some(nl) = body.find('\n') else {
            return Literal::Broken("malformed text block".into());
        };
        return escapes(&strip_indent(&body[nl + 1..]));
    }
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(body) => escapes(body),
        None => Literal::Broken("malformed string literal".into()),
    }
}

/// javac's first step: `\uXXXX` (with any number of `u`s) where the backslash is not
/// itself escaped.
fn unicode_escapes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut backslashes = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && backslashes % 2 == 0 && chars.get(i + 1) == Some(&'u') {
            let mut j = i + 1;
            while chars.get(j) == Some(&'u') {
                j += 1;
            }
            let hex: String = chars.iter().skip(j).take(4).collect();
            if let (4, Ok(v)) = (hex.len(), u32::from_str_radix(&hex, 16)) {
                // Surrogate pairs written as two escapes.
                if (0xD800..0xDC00).contains(&v) {
                    let low: String = chars.iter().skip(j + 4).take(6).collect();
                    if let Some(lv) = low
                        .strip_prefix("\\u")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|lv| (0xDC00..0xE000).contains(lv))
                    {
                        if let Some(ch) =
                            char::from_u32(0x10000 + ((v - 0xD800) << 10) + (lv - 0xDC00))
                        {
                            out.push(ch);
                            i = j + 10;
                            backslashes = 0;
                            continue;
                        }
                    }
                }
                if let Some(ch) = char::from_u32(v) {
                    out.push(ch);
                    i = j + 4;
                    backslashes = 0;
                    continue;
                }
                // A lone surrogate: leave the escape; the literal is reported broken below.
                out.push_str("\\u");
                out.push_str(&hex);
                out.push('\u{FFFF}');
                i = j + 4;
                backslashes = 0;
                continue;
            }
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
        i += 1;
    }
    out
}

/// Removes a text block's incidental indentation and trailing spaces (JLS 3.10.6).
fn strip_indent(content: &str) -> String {
    let lines: Vec<&str> = content
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let last_is_delimiter = lines.last().is_some_and(|l| l.trim().is_empty());
    let indent = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !l.trim().is_empty() || (*i == lines.len() - 1 && last_is_delimiter))
        .map(|(_, l)| l.chars().take_while(|c| c.is_whitespace()).count())
        .min()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(lines.len());
    for l in &lines {
        let stripped: String = l.chars().skip(indent).collect();
        out.push(stripped.trim_end().to_string());
    }
    out.join("\n")
}

/// Java's escape sequences.
fn escapes(body: &str) -> Literal {
    if body.contains('\u{FFFF}') {
        return Literal::Broken(
            "the string holds a lone UTF-16 surrogate, which rxguard's patterns cannot hold".into(),
        );
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('f') => out.push('\u{c}'),
            Some('r') => out.push('\r'),
            Some('s') => out.push(' '),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some('\\') => out.push('\\'),
            Some('\n') => {}
            Some(d @ '0'..='7') => {
                let max_digits = if d <= '3' { 3 } else { 2 };
                let mut v = d.to_digit(8).unwrap_or(0);
                for _ in 1..max_digits {
                    match chars.peek().and_then(|x| x.to_digit(8)) {
                        Some(x) => {
                            v = v * 8 + x;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\0'));
            }
            Some(other) => {
                return Literal::Broken(format!("\\{other} is not a Java string escape"))
            }
            None => return Literal::Broken("the literal ends in a backslash".into()),
        }
    }
    Literal::Text(out)
}

struct Flags {
    letters: String,
    literal: bool,
}

/// The flags of a `Pattern.compile` flags expression, if made of `Pattern` constants.
fn pattern_flags(node: Node<'_>, src: &Source<'_>) -> Option<Flags> {
    let mut bits: u32 = 0;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "binary_expression" => {
                let op = n.child_by_field_name("operator").and_then(|o| src.text(o));
                if !matches!(op, Some("|") | Some("+")) {
                    return None;
                }
                stack.push(n.child_by_field_name("left")?);
                stack.push(n.child_by_field_name("right")?);
            }
            "parenthesized_expression" => stack.extend(named_children(n)),
            "field_access" => bits |= constant(src.text(n.child_by_field_name("field")?)?)?,
            "identifier" => bits |= constant(src.text(n)?)?,
            "decimal_integer_literal" => {
                bits |= src.text(n)?.replace('_', "").parse::<u32>().ok()?
            }
            "hex_integer_literal" => {
                let t = src.text(n)?.replace('_', "");
                bits |=
                    u32::from_str_radix(t.trim_start_matches("0x").trim_start_matches("0X"), 16)
                        .ok()?;
            }
            _ => return None,
        }
    }
    let mut letters = String::new();
    for (bit, letter) in [
        (1, 'd'),
        (2, 'i'),
        (4, 'x'),
        (8, 'm'),
        (32, 's'),
        (64, 'u'),
        (256, 'U'),
    ] {
        if bits & bit != 0 {
            letters.push(letter);
        }
    }
    Some(Flags {
        letters,
        literal: bits & 16 != 0,
    })
}

/// `java.util.regex.Pattern`'s flag constants.
fn constant(name: &str) -> Option<u32> {
    Some(match name {
        "UNIX_LINES" => 1,
        "CASE_INSENSITIVE" => 2,
        "COMMENTS" => 4,
        "MULTILINE" => 8,
        "LITERAL" => 16,
        "DOTALL" => 32,
        "UNICODE_CASE" => 64,
        "CANON_EQ" => 128,
        "UNICODE_CHARACTER_CLASS" => 256,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::string;
    use crate::tree::Literal;

    fn text(lit: &str) -> String {
        string(lit).expect_text()
    }

    #[test]
    fn literals_decode_as_javac() {
        assert_eq!(text(r#""\\d+\\.\\d+""#), r"\d+\.\d+");
        assert_eq!(text(r#""a\tb\s\101\0""#), "a\tb A\0");
        assert_eq!(text(r#""\u0041\uu0042""#), "AB");
        assert_eq!(
            text(r#""\\u0041""#),
            r"\u0041",
            "an escaped backslash is not a Unicode escape"
        );
        assert_eq!(text(r#""\uD83D\uDE00""#), "😀");
        assert_eq!(
            text("\"\"\"\n    (a+)+\n      b\n    \"\"\""),
            "(a+)+\n  b\n"
        );
        assert!(
            matches!(string(r#""\d""#), Literal::Broken(_)),
            "javac rejects \\d"
        );
        assert!(matches!(string(r#""\uD800""#), Literal::Broken(_)));
    }
}
