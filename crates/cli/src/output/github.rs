//! The `github` format: GitHub Actions workflow commands, which the runner turns into
//! annotations on the file and line (`::error file=…,line=…,title=…::message`).
//!
//! Vulnerable patterns are `error`s, patterns without a verdict `notice`s, invalid
//! patterns `warning`s; safe patterns print nothing. Values are escaped as the runner
//! expects: `%`, CR and LF everywhere, and `:` and `,` inside properties too.

use super::describe;
use super::record::Record;
use rxguard::Status;
use std::io::Write;

/// Writes the annotation of one record, if it gets one.
pub fn record(out: &mut dyn Write, rec: &Record) -> std::io::Result<()> {
    let r = &rec.report;
    let command = match r.status {
        Status::Vulnerable => "error",
        Status::Unknown => "notice",
        Status::Error => "warning",
        _ => return Ok(()),
    };
    let title = match r.status {
        Status::Vulnerable => format!("ReDoS: {}", describe::headline(r)),
        Status::Unknown => "rxguard: no verdict".to_string(),
        _ => "rxguard: invalid pattern".to_string(),
    };
    let mut message = format!(
        "{} pattern {}",
        rec.head.flavor,
        describe::quote(&rec.head.pattern)
    );
    match &r.attack {
        Some(attack) => message.push_str(&format!(
            ": {}.\nAttack: {}.\n{}.",
            describe::headline(r),
            describe::formula(attack),
            describe::cost(attack)
        )),
        None => message.push_str(&format!(": {}.", describe::headline(r))),
    }
    if let Some(fix) = &rec.fix {
        message.push_str(&format!(
            "\nSuggested fix (re-analyzed safe, same matches): {}",
            describe::quote(&fix.pattern)
        ));
    }
    let mut props = format!(
        "file={},line={}",
        property(&super::origin(rec).path),
        super::origin(rec).line
    );
    if let Some(col) = super::origin(rec).column {
        props.push_str(&format!(",col={col}"));
    }
    props.push_str(&format!(",title={}", property(&title)));
    writeln!(out, "::{command} {props}::{}", data(&message))
}

/// Escapes a command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(super::data("100%\r\nok"), "100%25%0D%0Aok");
        assert_eq!(super::property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
