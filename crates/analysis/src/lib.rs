//! rxguard-analysis: ambiguity analysis of the priority NFA.
//!
//! Pipeline position: ordered NFA (rxguard-nfa) → **analysis** → attack confirmation.
//!
//! [`find`] looks for exponential ambiguity (a loop with two ways around it on the same
//! word) and polynomial ambiguity of degree k (a chain of k loops sharing a word; in search
//! mode the NFA's leading retry loop is the first link, which is why `\s+$` is quadratic
//! under unanchored search), and turns each finding into a [`Finding`]: a prefix reaching
//! the loop, the word to pump, a suffix that makes the match fail, and the culprit span.
//! Findings are proposals: the simulator (rxguard-attack) measures each one before any
//! verdict. Products are charged to a [`Budget`].

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod product;
mod scc;
mod witness;

pub use product::Exhausted;
use rxguard_nfa::{MintermId, Nfa, StateId};
use rxguard_syntax::Span;
use std::collections::HashSet;

/// Work allowed for the products, in explored product edges.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// What is left.
    pub remaining: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            remaining: 2_000_000,
        }
    }
}

/// The kind of ambiguity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ambiguity {
    /// Exponentially many paths.
    Exponential,
    /// n^degree paths.
    Polynomial {
        /// The degree (≥ 2).
        degree: u32,
    },
}

/// A proposed attack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What the NFA shows.
    pub ambiguity: Ambiguity,
    /// Text that reaches the loop.
    pub prefix: String,
    /// Text to repeat.
    pub pump: String,
    /// Text that makes the match fail.
    pub suffix: String,
    /// The loop(s) responsible, in the pattern.
    pub span: Span,
    /// The suffix is a guess, not derived from the NFA: the NFA treats an assertion or a
    /// lookaround as always true, so it sees a match where the engine may fail (multi-line
    /// `$`, `\b`). A guessed finding the simulator measures linear proves nothing.
    pub guessed_suffix: bool,
    /// Another word for a loop that already has a finding: worth measuring only when
    /// the first does not confirm.
    pub alternate: bool,
    /// The loops hold a lookaround, assertion or backreference that the NFA approximates:
    /// a linear measurement refutes this word, not the loops.
    pub inexact_loop: bool,
    /// For an inexact loop: characters to append to the pump (or put in place of its last
    /// one), one at a time, when the word measures linear (what a lookahead or a
    /// backreference wants is often one character away: `\((?=\d+)(.*)\)` rejects "('"
    /// but not "(0").
    pub retry_chars: String,
}

fn text(nfa: &Nfa, word: &[MintermId]) -> String {
    word.iter()
        .map(|&m| nfa.minterms.representative(m))
        .collect()
}

fn cover(spans: &[Span]) -> Span {
    let real: Vec<Span> = spans.iter().copied().filter(|s| !s.is_empty()).collect();
    real.iter().copied().reduce(Span::cover).unwrap_or_default()
}

/// How many polynomial chains and chain tails (longest chains first) become findings.
const MAX_CHAINS: usize = 8;

/// How many one-character extensions of a polynomial link's word are tried when the word
/// itself lets the attempts match.
const PUMP_EXTENSIONS: usize = 1;

/// How many polynomial links that add no degree become findings.
const MAX_SIDE_LINKS: usize = 3;

/// Loops of at most this many states are searched for pairs of states sharing a word
/// inside one iteration, at most `WITHIN_PAIRS` of them, for at most `WITHIN_BUDGET`
/// product edges.
const WITHIN_MAX_STATES: usize = 64;
const WITHIN_PAIRS: usize = 4;
const WITHIN_BUDGET: usize = 300_000;

/// How many suffixes are guessed for a loop the NFA cannot derive one for.
const GUESSES: usize = 4;

/// Builds the findings of a loop state and a pump word: one with the failing suffix the NFA
/// derives, or — where the NFA treats an assertion as always true and so cannot derive one
/// — several with guessed suffixes, for the simulator to measure.
fn findings_for(
    nfa: &Nfa,
    ambiguity: Ambiguity,
    state: StateId,
    pump: &[MintermId],
    spans: &[Span],
    outer: Option<&[StateId]>,
    out: &mut Vec<Finding>,
) {
    let Some(shortest) = witness::prefix(nfa, state) else {
        return;
    };
    // Where the pattern tests `^`, position 0 has a start state of its own and the retry
    // loop is one character away; but an attempt at position 0 is also in the retry loop.
    // Which is the attack depends on `^`: `(?:^|,)+x` must pump from position 0, while
    // `^\s+|\s+$` must not start there (its first branch would match at once).
    if nfa.in_search_loop(state) && !shortest.is_empty() {
        findings_for_prefix(nfa, ambiguity, &[], pump, spans, outer, out);
    }
    findings_for_prefix(nfa, ambiguity, &shortest, pump, spans, outer, out);
}

fn findings_for_prefix(
    nfa: &Nfa,
    ambiguity: Ambiguity,
    prefix: &[MintermId],
    pump: &[MintermId],
    spans: &[Span],
    outer: Option<&[StateId]>,
    out: &mut Vec<Finding>,
) {
    let mut word = prefix.to_vec();
    for _ in 0..3 {
        word.extend_from_slice(pump);
    }
    let make = |suffix: &[MintermId], guessed_suffix: bool| Finding {
        ambiguity,
        prefix: text(nfa, prefix),
        pump: text(nfa, pump),
        suffix: text(nfa, suffix),
        span: cover(spans),
        guessed_suffix,
        alternate: false,
        inexact_loop: false,
        retry_chars: String::new(),
    };
    // Where the NFA treats an assertion as always true it may see a match (or no failing
    // suffix) where the engine fails (multi-line `$`, `\b`): guess suffixes — nothing, and
    // the characters fewest transitions read — and let the simulator, which runs the
    // assertion exactly, measure each.
    let lenient = nfa
        .approximations
        .iter()
        .any(|(_, what)| what.ends_with("always true"));
    let guess = |out: &mut Vec<Finding>| {
        out.push(make(&[], true));
        for m in witness::rarest_minterms(nfa, GUESSES - 1) {
            out.push(make(&[m], true));
        }
    };
    // One run of the word serves the match test, the exactness test and the set.
    let run = witness::tainted_run(nfa, &word);
    let Some(mut set) = witness::run_attempt(nfa, &run) else {
        // The NFA's match is the engine's too where a thread reached it exactly; the work
        // before it may still grow (a lookahead scanning ahead in a loop), which the
        // simulator measures with no suffix.
        if lenient && !witness::surely_matched(nfa, &run) {
            guess(out);
        } else {
            out.push(make(&[], false));
        }
        return;
    };
    // A match found later, at another start position, does not undo the work spent at
    // this one: the suffix only has to defeat the attempts that pass through the loop.
    set.retain(|&s| !nfa.in_search_loop(s));
    // Past the loop, the NFA may be exact: then its verdict on suffixes holds (no failing
    // suffix at all: the engine matches, whatever follows).
    let lenient = lenient
        && (run.iter().any(|&(s, t)| t && set.contains(&s))
            || witness::reaches_approximation(nfa, &set));
    match witness::suffix(nfa, set.clone(), 500) {
        Some(suffix) => out.push(make(&suffix, false)),
        None if lenient => guess(out),
        // No failing suffix: every continuation matches. A backtracker can still do
        // super-linear work before it finds that match (lazy loops scanning ahead), so the
        // finding goes to the simulator with an empty suffix, which measures what happens.
        None => {
            out.push(make(&[], false));
            // The match may come only through the outer loop of a polynomial link, after
            // the engine has tried every way on from the inner one at every split: a
            // suffix that fails the threads past the outer loop makes that work grow
            // (`^([\s\S]*?)([^\/]+?|)[\/]*$`, a path splitter, is quadratic on "/-…-/a"
            // although it always matches).
            if let Some(outer) = outer {
                set.retain(|s| !outer.contains(s));
                if let Some(suffix) = witness::suffix(nfa, set, 500).filter(|s| !s.is_empty()) {
                    out.push(make(&suffix, false));
                }
            }
        }
    }
}

/// A character that the fewest transitions read (often none): appended to an attack to end
/// every way through the pattern at once, before a character the engine insists on seeing
/// (PCRE2's required code unit).
pub fn breaker(nfa: &Nfa) -> Option<String> {
    witness::rarest_minterms(nfa, 1)
        .first()
        .map(|&m| nfa.minterms.representative(m).to_string())
}

/// Text that, read after `after`, leaves none of the attempts that read all of it alive
/// and none of them matched. An engine that will not try a subject without some character
/// (PCRE2's required code unit) needs that character in the attack, where a thread still
/// alive could use it to match: it goes after this text (`^a\s+[^\r\n]*\n` needs "!\r"
/// between its spaces and the "\n", as `\s` reads "\r" and `[^\r\n]` reads "!"). `None`
/// when none is found within the search's limit.
pub fn dead_end(nfa: &Nfa, after: &str) -> Option<String> {
    let mut word = Vec::with_capacity(after.len());
    for c in after.chars() {
        match nfa.minterms.of(c) {
            Some(m) => word.push(m),
            // No transition reads it: every attempt ends here.
            None => return Some(String::new()),
        }
    }
    let mut set: Vec<StateId> = witness::tainted_run(nfa, &word)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    set.retain(|&s| !nfa.in_search_loop(s));
    witness::dead_end(nfa, set, 500).map(|w| text(nfa, &w))
}

/// Finds the ambiguities of `nfa`: every exponential loop, and the longest polynomial
/// chain. A loop whose witness has no failing suffix is not a finding.
pub fn find(nfa: &Nfa, budget: &mut Budget) -> Result<Vec<Finding>, Exhausted> {
    let comps = scc::components(nfa);
    let mut out = Vec::new();
    // Pumps inside one iteration of an exponential loop: measured last, after the chains
    // (a chain claims its degree; these only claim 2).
    let mut within = Vec::new();
    let cyclic: Vec<usize> = (0..comps.members.len())
        .filter(|&c| comps.cyclic[c])
        .collect();
    for &c in &cyclic {
        let words = product::eda(nfa, &comps, c, budget)?;
        if !words.is_empty() {
            // The first word, then other words for the same loop (alternates, measured
            // only while no exponential finding is confirmed).
            for (i, e) in words.iter().enumerate() {
                let from = out.len();
                findings_for(
                    nfa,
                    Ambiguity::Exponential,
                    e.state,
                    &e.word,
                    &e.spans,
                    None,
                    &mut out,
                );
                out[from..].iter_mut().for_each(|f| f.alternate = i > 0);
            }
            // The same loop driven without going around it: pairs of its states that
            // share a word inside one iteration (a polynomial pump the exponential one
            // may not show, when a whole iteration lets the attempt match).
            if comps.members[c].len() <= WITHIN_MAX_STATES {
                let mut local = Budget {
                    remaining: budget.remaining.min(WITHIN_BUDGET),
                };
                let start = local.remaining;
                let pairs = product::ida_within(nfa, &comps, c, WITHIN_PAIRS, &mut local);
                budget.remaining -= start - local.remaining;
                for ida in &pairs {
                    pair_findings(nfa, ida, None, &mut within);
                }
            }
        }
    }
    // Component reachability, forward and backward, for the cyclic components.
    let n = comps.members.len();
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (s, st) in nfa.states.iter().enumerate() {
        for t in &st.transitions {
            let (a, b) = (comps.of[s], comps.of[t.target as usize]);
            if a != b {
                succ[a].push(b);
                pred[b].push(a);
            }
        }
    }
    let reach = |c: usize, edges: &[Vec<usize>]| {
        let mut seen = vec![false; n];
        let mut stack = vec![c];
        seen[c] = true;
        while let Some(x) = stack.pop() {
            for &y in &edges[x] {
                if !seen[y] {
                    seen[y] = true;
                    stack.push(y);
                }
            }
        }
        seen
    };
    let forward: Vec<(usize, Vec<bool>)> = cyclic.iter().map(|&c| (c, reach(c, &succ))).collect();
    // IDA links and the longest chain (components are in topological order).
    let mut degree: Vec<u32> = vec![1; n];
    let mut link: Vec<Option<(usize, product::Ida)>> = (0..n).map(|_| None).collect();
    // Links that reach the same degree as the kept one from another loop: a different
    // pump, which may be the attack where the kept one's attempts match or fail early
    // (`htc[;_\s-]+[\w\s]+x`: the retry loop's word "htc_0" gives `[\w\s]+` its degree,
    // but the attack is "htc" and `_` pumped through both loops).
    let mut side_links: Vec<(usize, product::Ida)> = Vec::new();
    let retry = nfa.search_loop.map(|s| comps.of[s as usize]);
    let mut other_words: Vec<Vec<Vec<MintermId>>> = vec![Vec::new(); n];
    for (j, &c2) in cyclic.iter().enumerate() {
        let to_c2 = reach(c2, &pred);
        for (c1, from_c1) in forward.iter().take(j) {
            let c1 = *c1;
            if !from_c1[c2] || degree[c1] + 1 < degree[c2] {
                continue;
            }
            // The retry loop reaches every loop; its side links add no new pump shape.
            let side = degree[c1] + 1 == degree[c2];
            if side && (side_links.len() >= MAX_SIDE_LINKS || retry == Some(c1)) {
                continue;
            }
            // Components between c1 and c2: reachable from c1 and reaching c2.
            let between: Vec<bool> = (0..n).map(|x| from_c1[x] && to_c2[x]).collect();
            let mut found = product::ida(nfa, &comps, c1, c2, &between, budget)?.into_iter();
            if let Some(ida) = found.next() {
                // From the retry loop into a loop whose language the NFA approximates:
                // other words too, measured if the first one's measures linear.
                let inexact = Some(c1) == retry
                    && nfa.search_loop == Some(ida.first)
                    && covers_approximation(nfa, cover(&ida.spans));
                if inexact && !side {
                    let mut local = Budget {
                        remaining: budget.remaining.min(OTHER_WORDS_BUDGET),
                    };
                    let start = local.remaining;
                    // Running out leaves the words found so far: extra pumps, not a test.
                    let words = product::ida_words(
                        nfa,
                        &comps,
                        (ida.first, c2),
                        &between,
                        &ida.word,
                        OTHER_WORDS,
                        &mut local,
                    )
                    .unwrap_or_default();
                    budget.remaining -= start - local.remaining;
                    other_words[c2] = words.into_iter().map(|w| w.word).collect();
                }
                if side {
                    side_links.push((c1, ida));
                } else {
                    degree[c2] = degree[c1] + 1;
                    link[c2] = Some((c1, ida));
                }
            }
            // Another copy of the retry loop's word (see `product::ida`).
            for other in found {
                if side_links.len() < MAX_SIDE_LINKS {
                    side_links.push((c1, other));
                }
            }
        }
    }
    // Every chain end, longest first: the longest chain's witness can fail (its loops may
    // match without a failing suffix, `\d+.\d+` at the end of a pattern) while a shorter
    // chain elsewhere blows up (`HPiPAQ([A-Za-z0-9]+)/\d+.\d+` in search mode), so each
    // goes to the simulator, which keeps the worst.
    let mut ends: Vec<usize> = cyclic.iter().copied().filter(|&c| degree[c] >= 2).collect();
    let side_findings = |out: &mut Vec<Finding>| {
        for (c1, ida) in &side_links {
            pair_findings(nfa, ida, Some(comps.members[*c1].as_slice()), out);
        }
    };
    ends.sort_by_key(|&c| std::cmp::Reverse(degree[c]));
    let mut seen_links: Vec<(usize, usize)> = Vec::new();
    let mut made = 0;
    for top in ends {
        // Walk back to the first link of the chain.
        let mut full = vec![top];
        let mut c = top;
        while let Some((prev, _)) = &link[c] {
            full.push(*prev);
            c = *prev;
        }
        full.reverse();
        // The chain and each of its tails: a tail's first word can be the attack where the
        // whole chain's is not (`; *(Sprint )(.+?) *(?:Build|[;/])`: the retry loop's word
        // holds ';', which ends the match; the word of `.+?` and ` *` is a space).
        for from in 0..full.len() - 1 {
            if made >= MAX_CHAINS {
                side_findings(&mut out);
                out.append(&mut within);
                return Ok(mark_inexact(nfa, dedup(out)));
            }
            let chain = &full[from..];
            // Chains that share their first link share their pump: one finding is enough.
            if seen_links.contains(&(chain[0], chain[1])) {
                continue;
            }
            seen_links.push((chain[0], chain[1]));
            made += 1;
            // The pump is the first link's word; the degree counts the links that word
            // also drives (p→p, p→q, q→q), since the attack pumps one word.
            let Some((_, first)) = &link[chain[1]] else {
                continue;
            };
            // Whether `word` drives the link into `c2`: p→p inside c1, p→q, q→q inside c2.
            let drives = |c1: usize, c2: usize, word: &[MintermId]| {
                let Some((_, ida)) = &link[c2] else {
                    return false;
                };
                let p = ida.first;
                comps.members[c2].iter().any(|&q| {
                    witness::reads(nfa, p, word, p, |s| comps.of[s as usize] == c1)
                        && witness::reads(nfa, p, word, q, |_| true)
                        && witness::reads(nfa, q, word, q, |s| comps.of[s as usize] == c2)
                })
            };
            // How many links in a row, from the first, `word` drives (the first one's own
            // word drives it by construction), and their spans.
            let run = |word: &[MintermId], first_known: bool| {
                let mut spans = Vec::new();
                let mut verified = 1;
                for (i, pair) in chain.windows(2).enumerate() {
                    let known = i == 0 && first_known;
                    if !known && !drives(pair[0], pair[1], word) {
                        break;
                    }
                    if let Some((_, ida)) = &link[pair[1]] {
                        spans.extend(ida.spans.iter().copied());
                    }
                    verified += 1;
                }
                (verified, spans)
            };
            let (verified, spans) = run(&first.word, true);
            let outer = comps.members[chain[0]].as_slice();
            // Another word for the same link: measured with the links it drives.
            let propose = |word: &[MintermId], out: &mut Vec<Finding>| {
                let (v, sp) = run(word, false);
                let degree = Ambiguity::Polynomial { degree: v };
                findings_for(nfa, degree, first.first, word, &sp, Some(outer), out);
            };
            findings_for(
                nfa,
                Ambiguity::Polynomial { degree: verified },
                first.first,
                &first.word,
                &spans,
                Some(outer),
                &mut out,
            );
            for word in &other_words[chain[1]] {
                propose(word, &mut out);
            }
            // Under a lookahead the NFA takes as true, the word's characters may be the
            // ones it rejects (`^[^\s-_](?!.*?[-_]{2,})([a-z0-9-\\]+)[^\s]*[^-_\s]$` pumps
            // "-", which the lookahead refuses once there are two): the same link driven by
            // characters no lookahead tests ("0") is tried as well.
            if !nfa.lookahead_minterms.is_empty() {
                let tested = |m: MintermId| nfa.lookahead_minterms.binary_search(&m).is_ok();
                let mut word = first.word.clone();
                for i in 0..word.len() {
                    let was = word[i];
                    if !tested(was) {
                        continue;
                    }
                    for m in (0..nfa.minterms.len() as MintermId).filter(|&m| !tested(m)) {
                        word[i] = m;
                        if drives(chain[0], chain[1], &word) {
                            break;
                        }
                        word[i] = was;
                    }
                }
                if word != first.word {
                    propose(&word, &mut out);
                }
            }
            // The shortest word may let the attempts match (pumping "asus" through
            // `(?:asus.*?ASUS|asus)[\- ;]*[A-Za-z0-9]+`: "asusasus" matches the second
            // branch); one more character that still drives the link can end them
            // ("asus!": every attempt scans to the end for "ASUS", then fails).
            if attempt_matches(nfa, first.first, &first.word) {
                let mut extended = 0;
                for m in witness::rarest_minterms(nfa, nfa.minterms.len()) {
                    if extended == PUMP_EXTENSIONS {
                        break;
                    }
                    let mut word = first.word.clone();
                    word.push(m);
                    if drives(chain[0], chain[1], &word)
                        && !attempt_matches(nfa, first.first, &word)
                    {
                        extended += 1;
                        propose(&word, &mut out);
                    }
                }
            }
            // The links' words one after another can drive them all where no single one
            // does: `Mozilla.*Mobile.*X` is cubic with "Mozilla…Mobile…" repeated, while
            // the first link's word alone only reaches the first `.*`.
            if verified < chain.len() as u32 {
                let joined: Vec<MintermId> = chain[1..]
                    .iter()
                    .filter_map(|&c| link[c].as_ref())
                    .flat_map(|(_, ida)| ida.word.iter().copied())
                    .collect();
                let (v, sp) = run(&joined, false);
                if v > verified {
                    findings_for(
                        nfa,
                        Ambiguity::Polynomial { degree: v },
                        first.first,
                        &joined,
                        &sp,
                        Some(outer),
                        &mut out,
                    );
                }
            }
        }
    }
    side_findings(&mut out);
    out.append(&mut within);
    Ok(mark_inexact(nfa, dedup(out)))
}

/// Marks the findings whose loops hold a construct the NFA reads with a different
/// language from the engine's (a lookaround or assertion passed as true, a backreference
/// read as its group): their words come from the approximation, so one that measures
/// linear says nothing about the words the engine does split two ways
/// (`("|')(?:(?!\1)[^\\]|\\.)*\1` is quadratic on `"` + `'\`×n + a newline).
fn mark_inexact(nfa: &Nfa, mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut retry: Option<String> = None;
    for f in &mut findings {
        f.inexact_loop = covers_approximation(nfa, f.span);
        if f.inexact_loop {
            f.retry_chars = retry
                .get_or_insert_with(|| {
                    witness::rarest_minterms(nfa, RETRY_CHARS)
                        .into_iter()
                        .map(|m| nfa.minterms.representative(m))
                        .collect()
                })
                .clone();
        }
    }
    findings
}

/// Whether `span` holds a construct whose language the NFA approximates.
fn covers_approximation(nfa: &Nfa, span: Span) -> bool {
    nfa.approximations.iter().any(|(s, what)| {
        LANGUAGE_APPROXIMATIONS.contains(what) && span.start <= s.start && s.end <= span.end
    })
}

/// How many other words a link from the retry loop into an approximated loop proposes,
/// and the product edges their search may spend.
const OTHER_WORDS: usize = 3;
const OTHER_WORDS_BUDGET: usize = 200_000;

/// How many characters a linear word of an inexact loop is retried with.
const RETRY_CHARS: usize = 8;

/// The approximations that change the language a loop reads (not only which of its
/// ways the engine keeps, as atomic groups and possessive loops do).
const LANGUAGE_APPROXIMATIONS: [&str; 3] = [
    "lookaround treated as always true",
    "assertion treated as always true",
    "backreference modelled as its group's language",
];

/// The findings of one polynomial link on its own (degree 2): a side link, or a pair of
/// states inside one loop.
fn pair_findings(nfa: &Nfa, ida: &product::Ida, outer: Option<&[StateId]>, out: &mut Vec<Finding>) {
    let degree = Ambiguity::Polynomial { degree: 2 };
    findings_for(nfa, degree, ida.first, &ida.word, &ida.spans, outer, out);
}

/// Whether the attempts that reach `state` and read `pump` three times surely matched by
/// then (so pumping it makes no attempt fail).
fn attempt_matches(nfa: &Nfa, state: StateId, pump: &[MintermId]) -> bool {
    let Some(mut word) = witness::prefix(nfa, state) else {
        return false;
    };
    for _ in 0..3 {
        word.extend_from_slice(pump);
    }
    let run = witness::tainted_run(nfa, &word);
    witness::run_attempt(nfa, &run).is_none() && witness::surely_matched(nfa, &run)
}

/// Drops findings whose attack repeats an earlier one's (the simulator would measure the
/// same string twice), keeping the first, which the search found by the higher claim.
fn dedup(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    findings
        .into_iter()
        .filter(|f| seen.insert((f.prefix.clone(), f.pump.clone(), f.suffix.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rxguard_nfa::{build, Config};
    use rxguard_syntax::{parse, Flags, Flavor};

    fn findings(p: &str) -> Vec<Finding> {
        let ast = parse(p, Flavor::JavaScript, Flags::default()).unwrap();
        let nfa = build(
            &ast,
            Flavor::JavaScript,
            Flags::default(),
            &Config::default(),
        )
        .unwrap();
        find(&nfa, &mut Budget::default()).unwrap()
    }

    #[test]
    fn exponential_classics() {
        for p in [
            "(a+)+$",
            "(a|a)*$",
            "^(a|aa)+$",
            "^(\\w+\\s?)*$",
            "(x+x+)+y",
        ] {
            let f = findings(p);
            assert!(
                f.iter().any(|f| f.ambiguity == Ambiguity::Exponential),
                "{p}: {f:?}"
            );
        }
    }

    #[test]
    fn polynomial_degrees() {
        for (p, d) in [
            ("\\s+$", 2),
            ("\\d+\\d+$", 3),
            (".*.*=.*", 3),
            ("^\\d+\\d+$", 2),
        ] {
            let f = findings(p);
            assert!(
                f.iter()
                    .any(|f| f.ambiguity == Ambiguity::Polynomial { degree: d }),
                "{p}: {f:?}"
            );
        }
    }

    #[test]
    fn unambiguous_patterns_have_no_findings() {
        for p in ["^[a-z]+$", "abc", "^(a|b)*$", "^\\d+\\.\\d+$", "^(ab|cd)*$"] {
            assert!(findings(p).is_empty(), "{p}: {:?}", findings(p));
        }
    }

    #[test]
    fn approximated_assertions_decide_whether_suffixes_are_guessed() {
        // The match is reached along exact transitions (the `acer` branch, the shortest way
        // to the loop): the engine matches too, so nothing is guessed.
        let f = findings(r"(acer|palm(?=\-))[\s_-]?([\w-]+)*");
        assert!(f.iter().all(|f| !f.guessed_suffix), "{f:?}");
        // The match passes the lookahead, which the NFA takes as true: guessed.
        let f = findings(r"(?=.*?c).*");
        assert!(f.iter().any(|f| f.guessed_suffix), "{f:?}");
        // Word boundaries are exact: nothing is guessed.
        let f = findings(r"\b[A-Z0-9]{2,}\b");
        assert!(f.iter().all(|f| !f.guessed_suffix), "{f:?}");
    }

    #[test]
    fn word_boundaries_shape_the_pump() {
        // `\b` before "T" holds only after a non-word character: the pump repeated must
        // put one there (with `\b` taken as true, the pump was "T-Mobile_", under which
        // only the first attempt passes `\b`).
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let f = findings(r"\b(T-Mobile)[_ ]?(.*?)Build");
        assert!(!f.is_empty());
        for f in &f {
            let twice: Vec<char> = f.pump.repeat(2).chars().collect();
            let at = f.pump.find('T').expect("the pump reads T-Mobile") + f.pump.len();
            assert!(!word(twice[at - 1]), "{f:?}");
            assert!(!f.guessed_suffix, "{f:?}");
        }
        // `\B` too: `\B(\w+)+\B` matches wherever two word characters meet, which the NFA
        // now sees (no suffix can fail it), instead of guessing suffixes.
        let f = findings(r"\B(\w+)+\B");
        let e = f.iter().find(|f| f.ambiguity == Ambiguity::Exponential);
        assert!(
            e.is_some_and(|e| !e.guessed_suffix && e.suffix.is_empty()),
            "{f:?}"
        );
    }

    #[test]
    fn a_leading_lookbehind_is_read_before_the_match() {
        // The attacker must repeat what the lookbehind wants to see.
        let f = findings("(?<=Gene:)(.*?),");
        assert!(f.iter().any(|f| f.pump.contains("Gene:")), "{f:?}");
    }

    #[test]
    fn counted_repeats_over_groups_are_loops_for_the_analysis() {
        for p in ["^(?:(?:a|a){2,5}){2,5}$", "^(?:a|a){25}$", "^(a|a){1,8}$"] {
            let f = findings(p);
            assert!(
                f.iter().any(|f| f.ambiguity == Ambiguity::Exponential),
                "{p}: {f:?}"
            );
        }
        // A long mandatory count of one character test stays in the witness's prefix.
        let f = findings(r"^([^-]+)-([A-Za-z0-9+/=]{44,88})(\?[\x21-\x7E]*)*$");
        assert!(f.iter().any(|f| f.prefix.chars().count() >= 46), "{f:?}");
    }

    #[test]
    fn other_words_for_the_same_loops() {
        // The shortest word lets the attempts match; one more character ends them.
        let f = findings(r"(?:asus.*?ASUS|asus)[\- ;]*([A-Za-z0-9]+)");
        assert!(f.iter().any(|f| f.pump == "asus!"), "{f:?}");
        // A link that adds no degree is still a pump: "_" through both loops after "htc".
        let f = findings(r"htc[;_\s-]+[\w\s]+x");
        assert!(
            f.iter()
                .any(|f| f.prefix.starts_with("htc") && f.pump.chars().count() == 1),
            "{f:?}"
        );
        // A pump of characters a lookahead singles out ("-" under `(?!.*?[-_]{2,})`) has
        // a twin of other characters.
        let f = findings(r"^[^\s-_](?!.*?[-_]{2,})([a-z0-9-\\]{1,})[^\s]*[^-_\s]$");
        assert!(f.iter().any(|f| f.pump == "0"), "{f:?}");
        // Every continuation matches, through the outer lazy loop only: a suffix that
        // fails the threads past it ("/-" after a run of "-").
        let f = findings(r"^(\/?|)([\s\S]*?)((?:\.{1,2}|[^\/]+?|)(\.[^.\/]*|))(?:[\/]*)$");
        assert!(
            f.iter().any(|f| f.pump == "-" && f.suffix.contains('/')),
            "{f:?}"
        );
    }

    #[test]
    fn loops_inside_one_iteration_share_a_word() {
        // Going around the starred group (an exponential pump through `>`) lets the attempt
        // match; pumping `A` inside one iteration, after "<!", splits it between `[A-Z]+`
        // and `[^>]*` every way before the iteration is given up.
        let f = findings("\\[?(?:\\s*<![A-Z]+[^>]*>\\s*)*\\]?");
        assert!(
            f.iter()
                .any(|f| f.ambiguity == Ambiguity::Polynomial { degree: 2 }
                    && f.prefix.ends_with("<!A")
                    && f.pump == "A"),
            "{f:?}"
        );
        // Not where one iteration reads each word one way: only the retry loop and the
        // whole group share a word.
        let f = findings("(?:<![A-Z]+>)*x");
        assert!(f.iter().all(|f| f.pump.contains('>')), "{f:?}");
    }

    #[test]
    fn no_failing_suffix_means_an_empty_one() {
        // `(a+)+` matches as soon as it sees an 'a': the finding carries no suffix, and the
        // simulator will measure it as linear.
        let f = findings("(a+)+");
        assert!(f.iter().all(|f| f.suffix.is_empty()), "{f:?}");
    }

    #[test]
    fn witness_parts() {
        let f = findings("^(a+)+$");
        let e = f
            .iter()
            .find(|f| f.ambiguity == Ambiguity::Exponential)
            .unwrap();
        assert!(e.pump.chars().all(|c| c == 'a'), "{e:?}");
        assert!(!e.suffix.is_empty() && !e.suffix.contains('a'), "{e:?}");
        // The culprit is the character test inside both loops.
        assert_eq!((e.span.start, e.span.end), (2, 3), "{e:?}");
    }

    /// `dead_end` ends every attempt that read the attack so far: after it, the text
    /// matches nowhere those attempts started, whatever follows.
    #[test]
    fn dead_end_leaves_no_attempt_alive() {
        let nfa_of = |p: &str| {
            let ast = parse(p, Flavor::Pcre, Flags::default()).unwrap();
            build(&ast, Flavor::Pcre, Flags::default(), &Config::default()).unwrap()
        };
        let nfa = nfa_of("^a\\s+[^\\r\\n]*\\n");
        let end = dead_end(&nfa, "a\t\t\t").unwrap();
        // One character cannot do it: `\s` and `[^\r\n]` read every character between them.
        assert_eq!(end.chars().count(), 2, "{end:?}");
        let text = format!("a\t\t\t{end}\n");
        let hir = rxguard_syntax::lower(
            &parse("^a\\s+[^\\r\\n]*\\n", Flavor::Pcre, Flags::default()).unwrap(),
            Flavor::Pcre,
            Flags::default(),
        )
        .unwrap();
        let re = regex_automata::meta::Regex::builder()
            .build_from_hir(&hir)
            .unwrap();
        assert!(!re.is_match(&text), "{text:?}");
        assert!(re.is_match("a\t\t\t!\n"));
        // A character no transition reads ends them at once.
        let nfa = nfa_of("^a\\s+b");
        assert_eq!(dead_end(&nfa, "a\t!").as_deref(), Some(""));
    }
}
