//! A compact, flavor-neutral dump of an Ast's structure, for tests and debugging.
//!
//! `(?<y>\d{4})-\k<y>` has the shape `cat(cap1<y>(rep{4}(\d)),'-',ref<y>)`. Test data
//! states expected shapes in this notation (see `testdata/README.md`); it leaves out spans
//! and writes flags only where they were in effect (`'a'i` for a case-insensitive literal).

use crate::ast::*;
use crate::flavor::{Flags, Flavor};

impl Ast {
    /// The structure of this Ast in the notation above.
    pub fn shape(&self) -> String {
        enum Work<'a> {
            Node(&'a Ast),
            Text(String),
        }
        let mut out = String::new();
        let mut stack = vec![Work::Node(self)];
        while let Some(w) = stack.pop() {
            let node = match w {
                Work::Text(s) => {
                    out.push_str(&s);
                    continue;
                }
                Work::Node(n) => n,
            };
            let (head, kids): (String, Vec<&Ast>) = match &node.kind {
                AstKind::Concat(v) => ("cat".into(), v.iter().collect()),
                AstKind::Alternation(v) => ("alt".into(), v.iter().collect()),
                AstKind::Group(g) => (group_head(&g.kind), vec![&g.sub]),
                AstKind::Repetition(r) => (repetition_head(r), vec![&r.sub]),
                AstKind::Conditional(c) => {
                    let cond = match &c.condition {
                        Condition::Group(GroupRef::Number(n)) => n.to_string(),
                        Condition::Group(GroupRef::Name(n)) => format!("<{n}>"),
                        Condition::Group(GroupRef::Relative(k)) => format!("{k:+}"),
                        Condition::Recursion(r) => r.clone(),
                        Condition::Define => "DEFINE".into(),
                        Condition::Assertion(_) => "assert".into(),
                    };
                    let mut kids = vec![&c.yes];
                    if let Some(no) = &c.no {
                        kids.push(no);
                    }
                    (format!("cond[{cond}]"), kids)
                }
                _ => {
                    out.push_str(&leaf(node));
                    continue;
                }
            };
            out.push_str(&head);
            out.push('(');
            stack.push(Work::Text(")".into()));
            for (i, k) in kids.iter().enumerate().rev() {
                stack.push(Work::Node(k));
                if i > 0 {
                    stack.push(Work::Text(",".into()));
                }
            }
        }
        out
    }
}

fn group_head(kind: &GroupKind) -> String {
    match kind {
        GroupKind::Capture { index, name: None } => format!("cap{index}"),
        GroupKind::Capture {
            index,
            name: Some(n),
        } => format!("cap{index}<{n}>"),
        GroupKind::NonCapture(None) => "group".into(),
        GroupKind::NonCapture(Some(f)) => format!("group[{}]", f.items),
        GroupKind::Atomic => "atomic".into(),
        GroupKind::Look {
            ahead: true,
            negated: false,
        } => "la".into(),
        GroupKind::Look {
            ahead: true,
            negated: true,
        } => "nla".into(),
        GroupKind::Look {
            ahead: false,
            negated: false,
        } => "lb".into(),
        GroupKind::Look {
            ahead: false,
            negated: true,
        } => "nlb".into(),
        GroupKind::BranchReset => "reset".into(),
    }
}

fn repetition_head(r: &Repetition) -> String {
    let mut s = match (r.min, r.max) {
        (0, None) => "star".to_string(),
        (1, None) => "plus".to_string(),
        (0, Some(1)) => "opt".to_string(),
        (a, Some(b)) if a == b => format!("rep{{{a}}}"),
        (a, Some(b)) => format!("rep{{{a},{b}}}"),
        (a, None) => format!("rep{{{a},}}"),
    };
    match r.greed {
        Greed::Greedy => {}
        Greed::Lazy => s.push('?'),
        Greed::Possessive => s.push('+'),
    }
    s
}

fn leaf(node: &Ast) -> String {
    match &node.kind {
        AstKind::Empty => "empty".into(),
        AstKind::Literal(l) => {
            let c = if l.c.is_control() || l.c == '\'' || l.c == '\\' {
                format!("\\u{{{:X}}}", l.c as u32)
            } else {
                l.c.to_string()
            };
            format!("'{c}'{}", if l.case_insensitive { "i" } else { "" })
        }
        AstKind::CodeUnit(u) => format!("u+{u:04X}"),
        AstKind::Dot(d) => if d.dot_all { ".s" } else { "." }.into(),
        AstKind::Assertion(a) => {
            let s = match a.kind {
                AssertionKind::Caret => "^",
                AssertionKind::Dollar => "$",
                AssertionKind::StartText => "\\A",
                AssertionKind::EndText => "\\z",
                AssertionKind::EndTextOptionalNewline => "\\Z",
                AssertionKind::WordBoundary => "\\b",
                AssertionKind::NotWordBoundary => "\\B",
                AssertionKind::PreviousMatchEnd => "\\G",
                AssertionKind::GraphemeBoundary => "\\b{g}",
                AssertionKind::WordStart => "\\<",
                AssertionKind::WordEnd => "\\>",
                AssertionKind::WordStartHalf => "\\b{start-half}",
                AssertionKind::WordEndHalf => "\\b{end-half}",
            };
            let m = matches!(a.kind, AssertionKind::Caret | AssertionKind::Dollar) && a.multi_line;
            format!("{s}{}", if m { "m" } else { "" })
        }
        AstKind::Class(c) => {
            // The printer's class syntax, neutral enough for every flavor.
            let text = crate::print::print(node, Flavor::Pcre, Flags::default());
            format!("{text}{}", if c.case_insensitive { "i" } else { "" })
        }
        AstKind::Backreference(b) => match &b.target {
            GroupRef::Number(n) => format!("ref{n}"),
            GroupRef::Name(n) => format!("ref<{n}>"),
            GroupRef::Relative(k) => format!("ref{k:+}"),
        },
        AstKind::SetFlags(f) => format!("flags({})", f.items),
        AstKind::Subroutine(t) => match t {
            GroupRef::Number(0) => "call(R)".into(),
            GroupRef::Number(n) => format!("call({n})"),
            GroupRef::Relative(k) => format!("call({k:+})"),
            GroupRef::Name(n) => format!("call(<{n}>)"),
        },
        AstKind::Verb(v) => match &v.arg {
            Some(a) => format!("verb({}:{a})", v.name),
            None => format!("verb({})", v.name),
        },
        AstKind::Callout => "callout".into(),
        AstKind::ResetMatchStart => "\\K".into(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse, Flags, Flavor};

    #[test]
    fn shape_examples() {
        let ast = parse(r"(?<y>\d{4})-\k<y>", Flavor::JavaScript, Flags::default()).unwrap();
        assert_eq!(ast.shape(), r"cat(cap1<y>(rep{4}(\d)),'-',ref<y>)");
        let ast = parse(r"(?i)a|b*?", Flavor::Python, Flags::default()).unwrap();
        assert_eq!(ast.shape(), "alt(cat(flags(i),'a'i),star?('b'i))");
    }
}
