//! Java's `\p{javaLowerCase}` family and `\p{InBlock}` blocks against the JDK's own answers.
//!
//! `testdata/syntax/java-classes-jdk17.json` holds, per class, the code point ranges that
//! JDK 17's `java.util.regex` matches (`scripts/agreement/JavaClasses.java` wrote it). The
//! lowering builds the classes from regex-syntax's Unicode 16 tables, the JDK from Unicode
//! 13: the two may differ only on characters the JDK does not know (outside its
//! `javaDefined`), plus the few whose properties Unicode changed since, listed here.

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange, HirKind};
use rxguard_syntax::{lower, parse, Flags, Flavor};
use std::collections::BTreeMap;

fn jdk() -> BTreeMap<String, Vec<(u32, u32)>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/syntax/java-classes-jdk17.json"
    );
    let text = std::fs::read_to_string(path).expect("JDK class table");
    serde_json::from_str(&text).expect("JSON")
}

fn ours(name: &str) -> ClassUnicode {
    let pattern = format!(r"\p{{{name}}}");
    let ast = parse(&pattern, Flavor::Java, Flags::default()).expect("parses");
    let hir = lower(&ast, Flavor::Java, Flags::default()).expect("lowers");
    match hir.kind() {
        HirKind::Class(regex_syntax::hir::Class::Unicode(c)) => c.clone(),
        other => panic!("{name}: not a class: {other:?}"),
    }
}

fn set(ranges: &[(u32, u32)]) -> ClassUnicode {
    ClassUnicode::new(ranges.iter().filter_map(|&(a, b)| {
        Some(ClassUnicodeRange::new(
            char::from_u32(a)?,
            char::from_u32(b)?,
        ))
    }))
}

fn count(c: &ClassUnicode) -> u32 {
    c.ranges()
        .iter()
        .map(|r| r.end() as u32 - r.start() as u32 + 1)
        .sum()
}

#[test]
fn java_character_classes_match_the_jdk_where_unicode_agrees() {
    let table = jdk();
    let known = set(&table["javaDefined"]);
    let mut report = Vec::new();
    for (name, ranges) in &table {
        let theirs = set(ranges);
        let mine = ours(name);
        // Symmetric difference, restricted to what the JDK's Unicode 13 assigns.
        let mut diff = mine.clone();
        diff.symmetric_difference(&theirs);
        diff.intersect(&known);
        let n = count(&diff);
        report.push(format!("{name}: {n} differ"));
        // Unicode 14–16 re-classified a few assigned characters (new Other_Lowercase
        // members, ID_Continue additions); a real mistake in a definition differs by
        // hundreds or thousands.
        assert!(
            n <= 50,
            "{name}: {n} assigned characters differ from the JDK: {diff:?}"
        );
    }
    eprintln!("{}", report.join("\n"));
}
