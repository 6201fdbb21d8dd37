//! Python: calls of the `re` module's functions with a literal pattern. String literals are
//! decoded as CPython does — raw strings verbatim, escapes in the others (unknown escapes
//! keep their backslash), implicit concatenation, f-strings only without interpolation —
//! and flags are read from `re.I | re.X`-style expressions, by position or `flags=`.

use crate::tree::{named_children, preorder, Literal, Source};
use crate::Found;
use tree_sitter::{Node, Tree};

/// `re` functions that take a pattern: name, position of `flags`, and match mode.
const FUNCTIONS: [(&str, usize, &str); 9] = [
    ("compile", 1, "search"),
    ("search", 2, "search"),
    ("match", 2, "anchored"),
    ("fullmatch", 2, "full"),
    ("findall", 2, "search"),
    ("finditer", 2, "search"),
    ("split", 3, "search"),
    ("sub", 4, "search"),
    ("subn", 4, "search"),
];

pub(crate) fn extract(tree: &Tree, src: &Source<'_>, out: &mut Vec<Found>) {
    preorder(tree, |node| {
        if node.kind() != "call" {
            return;
        }
        let Some(function) = node.child_by_field_name("function") else {
            return;
        };
        if function.kind() != "attribute" {
            return;
        }
        let object = function.child_by_field_name("object");
        if !object.is_some_and(|o| o.kind() == "identifier" && src.text(o) == Some("re")) {
            return;
        }
        let Some(name) = function
            .child_by_field_name("attribute")
            .and_then(|a| src.text(a))
        else {
            return;
        };
        let Some(&(_, flags_at, mode)) = FUNCTIONS.iter().find(|(n, _, _)| *n == name) else {
            return;
        };
        let Some(args) = node.child_by_field_name("arguments") else {
            return;
        };
        let mut positional = Vec::new();
        let (mut pattern_arg, mut flags_arg) = (None, None);
        for arg in named_children(args) {
            if arg.kind() == "keyword_argument" {
                let key = arg.child_by_field_name("name").and_then(|n| src.text(n));
                let value = arg.child_by_field_name("value");
                match key {
                    Some("pattern") => pattern_arg = value,
                    Some("flags") => flags_arg = value,
                    _ => {}
                }
            } else {
                positional.push(arg);
            }
        }
        let Some(pattern_node) = pattern_arg.or_else(|| positional.first().copied()) else {
            return;
        };
        let flags_node = flags_arg.or_else(|| positional.get(flags_at).copied());
        let mut notes = Vec::new();
        let (pattern, problem) = match literal(pattern_node, src) {
            Literal::Text(p) => (p, None),
            Literal::Broken(e) => (String::new(), Some(e)),
            Literal::Dynamic => return,
        };
        let flags = match flags_node {
            None => String::new(),
            Some(f) => flags(f, src).unwrap_or_else(|| {
                notes.push(crate::javascript::DYNAMIC_FLAGS.into());
                String::new()
            }),
        };
        // LOCALE is valid for bytes patterns only; rxguard's Python flavor models str
        // patterns, so the flag is dropped (classes and case stay ASCII) and said so.
        let mut flags = flags;
        if flags.contains('L') && is_bytes(pattern_node, src) {
            flags.retain(|c| c != 'L');
            notes.push("bytes pattern with re.LOCALE: analyzed without the locale".into());
        }
        let (line, column) = src.position(pattern_node);
        out.push(Found {
            pattern,
            flavor: "python",
            flags,
            mode,
            line,
            column,
            construct: format!("re.{name}"),
            problem,
            notes,
        });
    });
}

/// The value of a string expression made only of literals.
fn literal(node: Node<'_>, src: &Source<'_>) -> Literal {
    let parts = match node.kind() {
        "string" => vec![node],
        "concatenated_string" => named_children(node),
        "parenthesized_expression" => match named_children(node).as_slice() {
            [inner] if matches!(inner.kind(), "string" | "concatenated_string") => {
                return literal(*inner, src)
            }
            _ => return Literal::Dynamic,
        },
        _ => return Literal::Dynamic,
    };
    let mut value = Literal::Text(String::new());
    for part in parts {
        if part.kind() != "string" {
            return Literal::Dynamic;
        }
        if named_children(part)
            .iter()
            .any(|c| c.kind() == "interpolation")
        {
            return Literal::Dynamic;
        }
        let v = match src.text(part) {
            Some(t) => string(t),
            None => Literal::Broken("the string literal is not valid UTF-8".into()),
        };
        value = value.concat(v);
    }
    value
}

/// Whether a literal pattern is a bytes literal (`b'…'`, `rb"…"`).
fn is_bytes(node: Node<'_>, src: &Source<'_>) -> bool {
    let mut n = node;
    while n.kind() != "string" {
        match named_children(n).first() {
            Some(&child) => n = child,
            None => return false,
        }
    }
    src.text(n).is_some_and(|t| {
        let prefix = &t[..t.find(['\'', '"']).unwrap_or(0)];
        prefix.contains(['b', 'B'])
    })
}

/// Decodes one string literal, prefix and quotes included.
pub fn string(text: &str) -> Literal {
    let prefix_len = text.find(['\'', '"']).unwrap_or(text.len());
    let prefix = text[..prefix_len].to_ascii_lowercase();
    let rest = &text[prefix_len..];
    let quote = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        3
    } else {
        1
    };
    // The closing quotes must be the opening ones: a literal the tokenizer cut short ends
    // with whatever came last (a multi-byte character, even).
    if rest.len() < 2 * quote || !rest.ends_with(&rest[..quote]) {
        return Literal::Broken("malformed string literal".into());
    }
    let body = &rest[quote..rest.len() - quote];
    let raw = prefix.contains('r');
    let bytes = prefix.contains('b');
    let body = if prefix.contains('f') {
        body.replace("{{", "{").replace("}}", "}")
    } else {
        body.to_string()
    };
    if raw {
        return Literal::Text(body);
    }
    decode(&body, bytes)
}

/// CPython's escape processing for a non-raw literal body.
fn decode(body: &str, bytes: bool) -> Literal {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                match char::from_u32(v) {
                    Some(c) => out.push(c),
                    None => return Literal::Broken("octal escape out of range".into()),
                }
            }
            'x' | 'u' | 'U' if e == 'x' || !bytes => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                for _ in 0..n {
                    match chars.next().and_then(|d| d.to_digit(16)) {
                        Some(d) => v = v.saturating_mul(16).saturating_add(d),
                        None => return Literal::Broken(format!("truncated \\{e} escape")),
                    }
                }
                match char::from_u32(v) {
                    Some(c) => out.push(c),
                    None => {
                        return Literal::Broken(format!(
                            "\\{e} escape U+{v:X} is a surrogate or beyond U+10FFFF"
                        ))
                    }
                }
            }
            'N' if !bytes => {
                return Literal::Broken(
                    "the string uses a \\N{…} escape; rxguard does not resolve Unicode names"
                        .into(),
                )
            }
            // Unknown escapes keep the backslash: "\d" is the two characters \d.
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Literal::Text(out)
}

/// The flag letters of a flags expression, if it is made of `re` constants.
fn flags(node: Node<'_>, src: &Source<'_>) -> Option<String> {
    let mut letters = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "binary_operator" => {
                let op = n.child_by_field_name("operator").and_then(|o| src.text(o));
                if !matches!(op, Some("|") | Some("+")) {
                    return None;
                }
                stack.push(n.child_by_field_name("left")?);
                stack.push(n.child_by_field_name("right")?);
            }
            "parenthesized_expression" => stack.extend(named_children(n)),
            "attribute" => {
                let name = src.text(n.child_by_field_name("attribute")?)?;
                letters.push_str(flag_letter(name)?);
            }
            "identifier" => letters.push_str(flag_letter(src.text(n)?)?),
            "integer" => {
                let v: u32 = src.text(n)?.replace('_', "").parse().ok()?;
                for (bit, letter) in [
                    (2, "i"),
                    (4, "L"),
                    (8, "m"),
                    (16, "s"),
                    (32, "u"),
                    (64, "x"),
                    (256, "a"),
                ] {
                    if v & bit != 0 {
                        letters.push_str(letter);
                    }
                }
            }
            _ => return None,
        }
    }
    let mut unique: Vec<char> = letters.chars().collect();
    unique.sort_unstable();
    unique.dedup();
    Some(unique.into_iter().collect())
}

fn flag_letter(name: &str) -> Option<&'static str> {
    Some(match name {
        "I" | "IGNORECASE" => "i",
        "M" | "MULTILINE" => "m",
        "S" | "DOTALL" => "s",
        "X" | "VERBOSE" => "x",
        "A" | "ASCII" => "a",
        "U" | "UNICODE" => "u",
        "L" | "LOCALE" => "L",
        "DEBUG" | "NOFLAG" => "",
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
    fn literals_decode_as_cpython() {
        assert_eq!(text(r"r'(\d+)\n'"), r"(\d+)\n");
        assert_eq!(text(r"'\d+\n'"), "\\d+\n");
        assert_eq!(text(r#""\\s*\x41\u00e9\101""#), "\\s*AéA");
        assert_eq!(text("'''a\nb'''"), "a\nb");
        assert_eq!(text(r"b'\x41\u0041'"), "A\\u0041");
        assert_eq!(text(r"Rb'\w'"), r"\w");
        assert_eq!(text("f'a{{2}}'"), "a{2}");
        assert!(matches!(string(r"'\N{DASH}'"), Literal::Broken(_)));
        assert!(matches!(string(r"'\ud800'"), Literal::Broken(_)));
        // Cut short by the tokenizer: no closing quotes, a multi-byte character last (the
        // fuzzer's `scan_extract` input, which once sliced inside it).
        let cut = "\"\"\"\n (a+)+ {{2}}\")\nre.compile(\"\\10\u{1a3}n";
        assert!(matches!(string(cut), Literal::Broken(_)));
        assert!(matches!(string("'\u{e9}"), Literal::Broken(_)));
        assert!(matches!(string("'''a'"), Literal::Broken(_)));
    }
}
