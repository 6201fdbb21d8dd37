//! Developer tool: every finding the ambiguity analysis proposes for one pattern, with
//! the growth the simulator measures on its witness — what `rxguard explain` sums up as
//! "proposed N, measured M linear", one line per finding.
//!
//! ```sh
//! cargo run --release -p rxguard --example findings -- PATTERN [FLAVOR] [FLAGS]
//! ```

use rxguard::syntax::{parse, Flags, Flavor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(pattern) = args.first() else {
        eprintln!("usage: findings PATTERN [FLAVOR] [FLAGS]");
        std::process::exit(2);
    };
    let flavor = Flavor::from_name(args.get(1).map_or("javascript", |s| s.as_str()))
        .unwrap_or(Flavor::JavaScript);
    let flags_text = args.get(2).map_or("", |s| s.as_str());
    let flags = match Flags::parse(flavor, flags_text) {
        Ok(f) => f,
        Err(e) => return eprintln!("flags: {e}"),
    };
    let mut ast = match parse(pattern, flavor, flags) {
        Ok(a) => a,
        Err(e) => return eprintln!("pattern: {e}"),
    };
    ast.expand_line_breaks(flavor);
    let mode = rxguard_attack::MatchMode::Search;
    let prog = match rxguard_attack::compile_code_units(&ast, flavor, flags, mode) {
        Ok(p) => p,
        Err(e) => return eprintln!("simulator: {}", e.reason),
    };
    let cfg = rxguard_nfa::Config {
        search: true,
        ..rxguard_nfa::Config::default()
    };
    let nfa = match rxguard_nfa::build(&ast, flavor, flags, &cfg) {
        Ok(n) => n,
        Err(e) => return eprintln!("nfa: {}", e.reason),
    };
    let found = match rxguard_analysis::find(&nfa, &mut rxguard_analysis::Budget::default()) {
        Ok(f) => f,
        Err(_) => return eprintln!("analysis: budget exhausted"),
    };
    for f in found {
        let attack = rxguard_attack::Attack::single(&f.prefix, &f.pump, &f.suffix);
        let m = rxguard_attack::measure(
            &prog,
            &attack,
            100_000,
            rxguard_attack::StepBudget(1_000_000),
        );
        println!(
            "{:?} span {}..{} prefix {:?} pump {:?} suffix {:?}{} -> {:?} {:?}",
            f.ambiguity,
            f.span.start,
            f.span.end,
            f.prefix,
            f.pump,
            f.suffix,
            if f.guessed_suffix { " (guessed)" } else { "" },
            m.fit.growth,
            m.points.iter().rev().take(3).collect::<Vec<_>>()
        );
    }
}
