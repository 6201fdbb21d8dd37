//! Replacement templates — `$1`, `${1}`, `$name`, `${name}` and `$$` — read once for both
//! APIs: the `&str` one ([`Captures::expand`](crate::Captures::expand)) and the bytes one
//! ([`bytes::Captures::expand`](crate::bytes::Captures::expand)).
//!
//! The template is read as bytes and cut only next to ASCII bytes (`$`, `{`, `}` and the
//! ASCII name characters), so every piece of a `&str` template is a `&str` too.

use std::ops::Range;

/// One piece of a template, as byte ranges of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text copied as it is (a `$$` gives a piece holding its second `$`).
    Text(Range<usize>),
    /// A group by number.
    Index(usize),
    /// A group by name (the name's range).
    Name(Range<usize>),
}

/// The pieces of `template`, in order. A `$` that starts no reference (`$` at the end,
/// `${` without `}`, `$` before a character that cannot start a name) is text.
pub(crate) fn pieces(template: &[u8]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < template.len() {
        if template[i] != b'$' {
            i += 1;
            continue;
        }
        let after = i + 1;
        let (name, next) = match template.get(after) {
            Some(b'$') => {
                // `$$`: the text so far, then one `$`.
                out.push(Piece::Text(text_start..after));
                text_start = after + 1;
                i = after + 1;
                continue;
            }
            Some(b'{') => match template[after + 1..].iter().position(|&b| b == b'}') {
                Some(close) => (after + 1..after + 1 + close, after + 2 + close),
                None => (after..after, after),
            },
            _ => {
                let len = template[after..]
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                    .unwrap_or(template.len() - after);
                (after..after + len, after + len)
            }
        };
        if name.is_empty() {
            // Not a reference: the `$` stays in the text.
            i = after;
            continue;
        }
        if text_start < i {
            out.push(Piece::Text(text_start..i));
        }
        let digits = &template[name.clone()];
        let index = std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse::<usize>().ok());
        out.push(match index {
            Some(n) => Piece::Index(n),
            None => Piece::Name(name),
        });
        text_start = next;
        i = next;
    }
    if text_start < template.len() {
        out.push(Piece::Text(text_start..template.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(t: &str) -> String {
        pieces(t.as_bytes())
            .into_iter()
            .map(|p| match p {
                Piece::Text(r) => format!("[{}]", &t[r]),
                Piece::Index(n) => format!("<{n}>"),
                Piece::Name(r) => format!("<{}>", &t[r]),
            })
            .collect()
    }

    #[test]
    fn references_and_text() {
        assert_eq!(show("a$1b"), "[a]<1b>");
        assert_eq!(show("a${1}b"), "[a]<1>[b]");
        assert_eq!(show("$$1"), "[$][1]");
        assert_eq!(show("x$"), "[x$]");
        assert_eq!(show("${x"), "[${x]");
        assert_eq!(show("$-é"), "[$-é]");
        assert_eq!(show("${näme}!"), "<näme>[!]");
        assert_eq!(show("$name $2"), "<name>[ ]<2>");
        assert_eq!(show(""), "");
    }
}
