//! Tempered tokens made exact for the NFA: `(?!--).` rewritten into one-character
//! lookaheads, which the NFA models exactly (a state restricts the next character).
//!
//! The NFA passes a lookahead longer than one character as true, an over-approximation
//! that leaves the analysis unable to clear the loop around it (`<!-- ko ((?!--).)*? -->`).
//! A run of negative lookaheads of literal words of at most two characters, right before
//! a node that reads one character `C`, only constrains that character and the next:
//!
//! ```text
//! (?!w₁|…|wₖ)C  =  (?!f₁|…|fⱼ)C  |  (?=f)C(?!r₁|…)  for each first character f
//! ```
//!
//! where the `f` are the words' first characters and the `r` the second characters of the
//! words starting with `f` (a one-character word leaves no branch for its `f`). The
//! branches are mutually exclusive (they differ in the first character), so the order the
//! engine tries them in and the captures (`C` has none) do not matter. This rewrite is for
//! the NFA only: the simulator and the matcher run the pattern as written.

use rxguard_syntax::ast::{Ast, AstKind, Group, GroupKind, Literal};
use rxguard_syntax::Span;

/// The pattern with its tempered tokens rewritten, or `None` when it has none.
pub fn rewrite(ast: &Ast) -> Option<Ast> {
    if !has_tempered(ast) {
        return None;
    }
    let mut out = ast.clone();
    let mut stack: Vec<&mut Ast> = vec![&mut out];
    while let Some(node) = stack.pop() {
        if let AstKind::Concat(items) = &mut node.kind {
            rewrite_concat(items);
        }
        match &mut node.kind {
            AstKind::Concat(v) | AstKind::Alternation(v) => stack.extend(v.iter_mut()),
            AstKind::Group(g) => stack.push(&mut g.sub),
            AstKind::Repetition(r) => stack.push(&mut r.sub),
            _ => {}
        }
    }
    Some(out)
}

fn has_tempered(ast: &Ast) -> bool {
    let mut found = false;
    ast.walk(|n| {
        if let AstKind::Concat(items) = &n.kind {
            found |= (0..items.len()).any(|i| run_at(items, i).is_some());
        }
    });
    found
}

/// The words of a run of literal negative lookaheads starting at `i` and the index of the
/// one-character node after it.
fn run_at(items: &[Ast], i: usize) -> Option<(Vec<Vec<char>>, usize)> {
    let mut words = Vec::new();
    let mut j = i;
    while let Some(w) = items.get(j).and_then(negative_words) {
        words.extend(w);
        j += 1;
    }
    let consumer = items.get(j)?;
    (j > i && one_character(consumer) && words.iter().any(|w| w.len() == 2)).then_some((words, j))
}

/// The words of `(?!w₁|…)` when each is one or two case-sensitive literal characters.
fn negative_words(node: &Ast) -> Option<Vec<Vec<char>>> {
    let body = unwrap(lookahead_body(node, true)?);
    let branches: Vec<&Ast> = match &body.kind {
        AstKind::Alternation(bs) => bs.iter().map(unwrap).collect(),
        _ => vec![body],
    };
    branches
        .into_iter()
        .map(|b| {
            let chars: Option<Vec<char>> = match &b.kind {
                AstKind::Literal(l) => literal(l).map(|c| vec![c]),
                AstKind::Concat(v) => v
                    .iter()
                    .map(|x| match &x.kind {
                        AstKind::Literal(l) => literal(l),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            chars.filter(|w| (1..=2).contains(&w.len()))
        })
        .collect()
}

/// A case-sensitive literal of the Basic Multilingual Plane (an astral one is two code
/// units in JavaScript without `u`, so "one character" would not hold).
/// The body of `node` when it is a lookahead, negative or positive as asked.
pub(crate) fn lookahead_body(node: &Ast, negated: bool) -> Option<&Ast> {
    match &node.kind {
        AstKind::Group(Group {
            kind:
                GroupKind::Look {
                    ahead: true,
                    negated: n,
                },
            sub,
        }) if *n == negated => Some(sub),
        _ => None,
    }
}

fn literal(l: &Literal) -> Option<char> {
    (!l.case_insensitive && (l.c as u32) <= 0xFFFF).then_some(l.c)
}

/// Strips non-capturing groups without flags.
fn unwrap(mut n: &Ast) -> &Ast {
    while let AstKind::Group(Group {
        kind: GroupKind::NonCapture(None),
        sub,
    }) = &n.kind
    {
        n = sub;
    }
    n
}

fn one_character(n: &Ast) -> bool {
    match &n.kind {
        AstKind::Literal(l) => (l.c as u32) <= 0xFFFF,
        AstKind::Dot(_) | AstKind::Class(_) => true,
        _ => false,
    }
}

fn rewrite_concat(items: &mut Vec<Ast>) {
    let mut i = 0;
    while i < items.len() {
        let Some((words, j)) = run_at(items, i) else {
            i += 1;
            continue;
        };
        let span = items[i].span.cover(items[j].span);
        let consumer = items[j].clone();
        let replacement = branches(&words, &consumer, span);
        items.splice(i..=j, std::iter::once(replacement));
        i += 1;
    }
}

fn branches(words: &[Vec<char>], consumer: &Ast, span: Span) -> Ast {
    let mut firsts: Vec<char> = words.iter().map(|w| w[0]).collect();
    firsts.sort_unstable();
    firsts.dedup();
    let mut alts = vec![concat(
        vec![look(false, &firsts, span), consumer.clone()],
        span,
    )];
    for &f in &firsts {
        // A one-character word rules this first character out entirely.
        if words.iter().any(|w| w == &[f]) {
            continue;
        }
        let mut rests: Vec<char> = words.iter().filter(|w| w[0] == f).map(|w| w[1]).collect();
        rests.sort_unstable();
        rests.dedup();
        alts.push(concat(
            vec![
                look(true, &[f], span),
                consumer.clone(),
                look(false, &rests, span),
            ],
            span,
        ));
    }
    let alternation = Ast::new(span, AstKind::Alternation(alts));
    Ast::new(
        span,
        AstKind::Group(Group {
            kind: GroupKind::NonCapture(None),
            sub: Box::new(alternation),
        }),
    )
}

fn concat(items: Vec<Ast>, span: Span) -> Ast {
    Ast::new(span, AstKind::Concat(items))
}

/// `(?=c)` or `(?!c₁|c₂|…)`.
fn look(positive: bool, chars: &[char], span: Span) -> Ast {
    let lit = |c: char| {
        Ast::new(
            span,
            AstKind::Literal(Literal {
                c,
                escaped: true,
                case_insensitive: false,
                ascii_case: false,
            }),
        )
    };
    let body = match chars {
        [c] => lit(*c),
        _ => Ast::new(
            span,
            AstKind::Alternation(chars.iter().map(|&c| lit(c)).collect()),
        ),
    };
    Ast::new(
        span,
        AstKind::Group(Group {
            kind: GroupKind::Look {
                ahead: true,
                negated: !positive,
            },
            sub: Box::new(body),
        }),
    )
}
