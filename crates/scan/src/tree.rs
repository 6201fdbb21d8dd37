//! Small helpers over tree-sitter trees shared by the language extractors: source text of
//! a node, its 1-based line and character column, and a preorder walk that uses the tree
//! cursor instead of recursion.

use tree_sitter::{Node, Tree};

/// The bytes of the file being scanned.
pub struct Source<'a> {
    bytes: &'a [u8],
}

impl<'a> Source<'a> {
    pub fn new(bytes: &'a [u8]) -> Source<'a> {
        Source { bytes }
    }

    /// The node's text, if it is valid UTF-8.
    pub fn text(&self, node: Node<'_>) -> Option<&'a str> {
        std::str::from_utf8(self.bytes.get(node.start_byte()..node.end_byte())?).ok()
    }

    /// 1-based line and 1-based column in characters of the node's start.
    pub fn position(&self, node: Node<'_>) -> (u64, u64) {
        let p = node.start_position();
        let start = node.start_byte();
        let line_start = start.saturating_sub(p.column);
        let prefix = self.bytes.get(line_start..start).unwrap_or(&[]);
        // Characters = bytes that do not continue a UTF-8 sequence.
        let chars = prefix.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        (p.row as u64 + 1, chars as u64 + 1)
    }
}

/// Calls `visit` on every node of the tree in preorder.
pub fn preorder(tree: &Tree, mut visit: impl FnMut(Node<'_>)) {
    let mut cursor = tree.walk();
    loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The named children of a node.
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// A literal's decoded value, or why it has none.
pub enum Literal {
    /// The decoded text.
    Text(String),
    /// A literal that cannot be represented (a lone surrogate, an unknown name).
    Broken(String),
    /// Not a literal (a variable, a call, an interpolation).
    Dynamic,
}

impl Literal {
    /// The decoded text; panics otherwise (for the decoders' unit tests).
    #[cfg(test)]
    pub(crate) fn expect_text(self) -> String {
        match self {
            Literal::Text(t) => t,
            Literal::Broken(e) => panic!("broken: {e}"),
            Literal::Dynamic => panic!("dynamic"),
        }
    }

    /// Concatenation: broken wins over dynamic, dynamic over text.
    pub fn concat(self, other: Literal) -> Literal {
        match (self, other) {
            (Literal::Broken(e), _) | (_, Literal::Broken(e)) => Literal::Broken(e),
            (Literal::Text(mut a), Literal::Text(b)) => {
                a.push_str(&b);
                Literal::Text(a)
            }
            _ => Literal::Dynamic,
        }
    }
}

/// Flattens a left-leaning chain of `+` (`a + b + c`) into its operands, without recursion.
pub fn plus_operands<'t>(node: Node<'t>, binary_kind: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let is_plus = n.kind() == binary_kind
            && n.child_by_field_name("operator")
                .is_some_and(|op| op.kind() == "+");
        match (
            is_plus,
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) {
            (true, Some(l), Some(r)) => {
                stack.push(r);
                stack.push(l);
            }
            _ => out.push(n),
        }
    }
    out
}
