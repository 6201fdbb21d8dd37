//! JavaScript and TypeScript: regex literals and `RegExp` constructions with literal
//! arguments. String literals are decoded as ECMAScript does (escapes, line continuations,
//! UTF-16 surrogate pairs), so `new RegExp("\\d+")` yields the pattern `\d+` and
//! `new RegExp("\d+")` the pattern `d+` — which is what the engine really gets.

use crate::tree::{named_children, plus_operands, preorder, Literal, Source};
use crate::Found;
use tree_sitter::{Node, Tree};

/// The note for flags the code computes.
pub(crate) const DYNAMIC_FLAGS: &str = "flags computed at run time: analyzed without them";

pub(crate) fn extract(tree: &Tree, src: &Source<'_>, out: &mut Vec<Found>) {
    preorder(tree, |node| match node.kind() {
        "regex" => {
            let pattern = node
                .child_by_field_name("pattern")
                .and_then(|p| src.text(p));
            let flags = node
                .child_by_field_name("flags")
                .and_then(|f| src.text(f))
                .unwrap_or("");
            let (line, column) = src.position(node);
            let (pattern, problem) = match pattern {
                Some(p) => (p.to_string(), None),
                // An empty body is not a regex literal; bytes that are not UTF-8 are.
                None if node.child_by_field_name("pattern").is_none() => return,
                None => (
                    String::new(),
                    Some("the regex literal is not valid UTF-8".into()),
                ),
            };
            out.push(Found {
                pattern,
                flavor: "javascript",
                flags: flags.to_string(),
                mode: "search",
                line,
                column,
                construct: "regex literal".into(),
                problem,
                notes: Vec::new(),
            });
        }
        "new_expression" | "call_expression" => {
            let callee = node
                .child_by_field_name("constructor")
                .or_else(|| node.child_by_field_name("function"));
            if !callee.is_some_and(|c| c.kind() == "identifier" && src.text(c) == Some("RegExp")) {
                return;
            }
            let Some(args) = node.child_by_field_name("arguments") else {
                return;
            };
            let args = named_children(args);
            let Some(&first) = args.first() else {
                return;
            };
            let construct = if node.kind() == "new_expression" {
                "new RegExp"
            } else {
                "RegExp"
            };
            let mut notes = Vec::new();
            let (pattern, mut problem) = match literal(first, src) {
                Literal::Text(p) => (p, None),
                Literal::Broken(e) => (String::new(), Some(e)),
                // `new RegExp(/re/)` is found as the literal; variables are not visible.
                Literal::Dynamic => return,
            };
            let flags = match args.get(1).map(|&f| literal(f, src)) {
                None => String::new(),
                Some(Literal::Text(f)) => f,
                Some(Literal::Broken(e)) => {
                    problem.get_or_insert(e);
                    String::new()
                }
                Some(Literal::Dynamic) => {
                    notes.push(DYNAMIC_FLAGS.into());
                    String::new()
                }
            };
            let (line, column) = src.position(first);
            out.push(Found {
                pattern,
                flavor: "javascript",
                flags,
                mode: "search",
                line,
                column,
                construct: construct.into(),
                problem,
                notes,
            });
        }
        _ => {}
    });
}

/// What stands between a literal's quotes, if it ends with the quote it starts with: in a
/// file the parser recovers from, a literal may lack its closing quote and end with any
/// character at all.
fn quoted(t: &str) -> Option<&str> {
    let open = t.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    t.get(1..)?.strip_suffix(open)
}

/// The value of a string-valued expression made only of literals.
fn literal(node: Node<'_>, src: &Source<'_>) -> Literal {
    let mut value = Literal::Text(String::new());
    for part in plus_operands(node, "binary_expression") {
        let part = unparen(part);
        let v = match part.kind() {
            "string" => match src.text(part) {
                Some(t) => match quoted(t) {
                    Some(body) => decode(body, false),
                    None => Literal::Broken("the string literal is not closed".into()),
                },
                None => Literal::Broken("the string literal is not valid UTF-8".into()),
            },
            "template_string" => {
                let dynamic = named_children(part)
                    .iter()
                    .any(|c| c.kind() == "template_substitution");
                match src.text(part) {
                    _ if dynamic => Literal::Dynamic,
                    Some(t) => match quoted(t) {
                        Some(body) => decode(body, true),
                        None => Literal::Broken("the template literal is not closed".into()),
                    },
                    None => Literal::Broken("the template literal is not valid UTF-8".into()),
                }
            }
            _ => Literal::Dynamic,
        };
        value = value.concat(v);
    }
    value
}

fn unparen(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match named_children(node).first() {
            Some(&inner) => node = inner,
            None => break,
        }
    }
    node
}

/// Decodes the body of a string or template literal (without its quotes).
pub fn decode(body: &str, template: bool) -> Literal {
    let mut units: Vec<u16> = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    let push = |units: &mut Vec<u16>, c: char| {
        let mut buf = [0u16; 2];
        units.extend_from_slice(c.encode_utf16(&mut buf));
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            // A template keeps CR LF and CR as LF.
            if template && c == '\r' {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                units.push(u16::from(b'\n'));
                continue;
            }
            push(&mut units, c);
            continue;
        }
        let Some(e) = chars.next() else {
            return Literal::Broken("the literal ends in a backslash".into());
        };
        match e {
            'n' => units.push(0x0A),
            't' => units.push(0x09),
            'r' => units.push(0x0D),
            'b' => units.push(0x08),
            'f' => units.push(0x0C),
            'v' => units.push(0x0B),
            '0' if !chars.peek().is_some_and(|d| d.is_ascii_digit()) => units.push(0),
            '0'..='7' if !template => {
                // Legacy octal: up to three digits, at most \377.
                let mut value = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) if value * 8 + d <= 0o377 => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        _ => break,
                    }
                }
                units.push(value as u16);
            }
            '0'..='9' => {
                return Literal::Broken(format!("\\{e} is not allowed in a template literal"))
            }
            'x' => match hex(&mut chars, 2) {
                Some(v) => units.push(v as u16),
                None => return Literal::Broken("malformed \\x escape".into()),
            },
            'u' => {
                let value = if chars.peek() == Some(&'{') {
                    chars.next();
                    let mut v: u32 = 0;
                    let mut digits = 0;
                    loop {
                        match chars.next() {
                            Some('}') if digits > 0 => break,
                            Some(d) if d.is_ascii_hexdigit() && v <= 0x10FFFF => {
                                v = v * 16 + d.to_digit(16).unwrap_or(0);
                                digits += 1;
                            }
                            _ => return Literal::Broken("malformed \\u{…} escape".into()),
                        }
                    }
                    v
                } else {
                    match hex(&mut chars, 4) {
                        Some(v) => v,
                        None => return Literal::Broken("malformed \\u escape".into()),
                    }
                };
                match value {
                    0..=0xFFFF => units.push(value as u16),
                    _ => match char::from_u32(value) {
                        Some(c) => push(&mut units, c),
                        None => return Literal::Broken("\\u{…} beyond U+10FFFF".into()),
                    },
                }
            }
            // Line continuations.
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => {}
            // Every other escaped character stands for itself (`\d` in a string is `d`).
            other => push(&mut units, other),
        }
    }
    match String::from_utf16(&units) {
        Ok(s) => Literal::Text(s),
        Err(_) => Literal::Broken(
            "the string holds a lone UTF-16 surrogate, which rxguard's patterns cannot hold".into(),
        ),
    }
}

fn hex(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize) -> Option<u32> {
    let mut v = 0;
    for _ in 0..n {
        v = v * 16 + chars.next()?.to_digit(16)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::{decode, quoted};
    use crate::tree::Literal;

    fn text(body: &str) -> String {
        decode(body, false).expect_text()
    }

    /// A literal the parser recovered without its closing quote has no body, whatever its
    /// last character (a multi-byte one was once sliced inside).
    #[test]
    fn unclosed_literals_have_no_body() {
        assert_eq!(quoted("'a\\d'"), Some("a\\d"));
        assert_eq!(quoted("`x`"), Some("x"));
        assert_eq!(quoted("''"), Some(""));
        assert_eq!(quoted("'\u{1a3}"), None);
        assert_eq!(quoted("\"a'"), None);
        assert_eq!(quoted("\""), None);
        assert_eq!(quoted(""), None);
    }

    #[test]
    fn escapes_decode_as_ecmascript() {
        assert_eq!(text(r"\\d+"), r"\d+");
        assert_eq!(text(r"\d+"), "d+");
        assert_eq!(text(r"\x41\u0042\u{43}\101\0"), "ABCA\0");
        assert_eq!(text(r"\uD83D\uDE00"), "😀");
        assert_eq!(text("a\\\nb"), "ab");
        assert_eq!(text(r#"\"\'\/"#), "\"'/");
        assert!(matches!(decode(r"\uD83D", false), Literal::Broken(_)));
        assert!(matches!(decode(r"\1", true), Literal::Broken(_)));
        assert!(matches!(decode(r"\x4", false), Literal::Broken(_)));
    }
}
