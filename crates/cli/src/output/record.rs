//! Result records: what `check` writes per pattern (the JSON contract of DESIGN.md plus
//! `origin` and `diagnostics`), and the record of `parse`.

use crate::args::Check;
use crate::input::Item;
pub use rxguard::record::Record;
use rxguard::record::{analyze_record_within, fix_record, RecordHead};
use rxguard::{Flavor, MatchMode, Options, Report, ReportError, Status};

/// Analyzes one input item into its record.
pub fn analyze_item(index: u64, item: Item, check: &Check) -> Record {
    let start = std::time::Instant::now();
    let flavor_name = item
        .flavor
        .clone()
        .unwrap_or_else(|| check.flavor.name().to_string());
    let flags = item.flags.clone().unwrap_or_else(|| check.flags.clone());
    let mode_name = item
        .mode
        .clone()
        .unwrap_or_else(|| check.mode.name().to_string());
    let fail = |kind: &str, message: String| {
        Report::error(ReportError {
            kind: kind.to_string(),
            message,
            span: None,
        })
    };
    let mut fix = None;
    let mut confirmation = None;
    let report = if let Some(problem) = &item.problem {
        fail("invalid_input", problem.clone())
    } else {
        match (
            Flavor::from_name(&flavor_name),
            MatchMode::from_name(&mode_name),
        ) {
            (None, _) => fail("invalid_flavor", format!("unknown flavor {flavor_name:?}")),
            (_, None) => fail("invalid_mode", format!("unknown mode {mode_name:?}")),
            (Some(flavor), Some(mode)) => {
                let mut opts = Options::for_flavor(flavor);
                opts.flags = flags.clone();
                opts.mode = mode;
                opts.max_length = check.max_length;
                let (mut report, suggested) =
                    analyze_record_within(&item.pattern, &opts, check.timeout);
                fix = suggested;
                if let Some(scope) = check.confirm {
                    let was = report.status;
                    confirmation = crate::confirm::confirm(
                        &mut report,
                        &item.pattern,
                        flavor,
                        &flags,
                        mode,
                        opts.block_seconds,
                        scope,
                    );
                    if report.status != was {
                        fix = match report.status {
                            Status::Vulnerable => fix_record(&item.pattern, &opts),
                            _ => None,
                        };
                    }
                }
                report
            }
        }
    };
    let mut report = report;
    report.diagnostics.approximations.extend(item.notes);
    let flavor = Flavor::from_name(&flavor_name).map_or(flavor_name, |f| f.name().to_string());
    let head = RecordHead {
        index,
        id: item.id,
        pattern: item.pattern,
        flavor,
        flags,
        mode: mode_name,
        origin: Some(item.origin),
    };
    let mut record = Record::new(head, report, fix, start.elapsed().as_micros() as u64);
    record.confirmation = confirmation;
    record
}

/// The record of `rxguard parse`: validity, error and shape of one pattern.
pub fn parse_item(
    index: u64,
    item: Item,
    default_flavor: Flavor,
    default_flags: &str,
) -> serde_json::Value {
    let flavor_name = item
        .flavor
        .clone()
        .unwrap_or_else(|| default_flavor.name().to_string());
    let flags = item
        .flags
        .clone()
        .unwrap_or_else(|| default_flags.to_string());
    let base =
        |valid: bool, family: Option<&str>, error: serde_json::Value, shape: Option<String>| {
            serde_json::json!({
                "type": "parse", "index": index, "id": item.id, "pattern": item.pattern,
                "flavor": flavor_name, "flags": flags, "valid": valid, "family": family,
                "error": error, "shape": shape,
            })
        };
    let err = |kind: &str, message: String, span: Option<(usize, usize)>| serde_json::json!({"kind": kind, "message": message, "span": span.map(|(s, e)| serde_json::json!({"start": s, "end": e}))});
    if let Some(problem) = &item.problem {
        return base(
            false,
            Some("invalid"),
            err("invalid_input", problem.clone(), None),
            None,
        );
    }
    let Some(flavor) = Flavor::from_name(&flavor_name) else {
        return base(
            false,
            Some("invalid"),
            err(
                "invalid_flavor",
                format!("unknown flavor {flavor_name:?}"),
                None,
            ),
            None,
        );
    };
    let parsed = rxguard::Flags::parse(flavor, &flags)
        .and_then(|f| rxguard::syntax::parse(&item.pattern, flavor, f));
    match parsed {
        Ok(ast) => base(true, None, serde_json::Value::Null, Some(ast.shape())),
        Err(e) => {
            let family = match e.family() {
                rxguard::ErrorFamily::Invalid => "invalid",
                rxguard::ErrorFamily::Unsupported => "unsupported",
                _ => "limit",
            };
            let span = Some((e.span().start, e.span().end));
            base(
                false,
                Some(family),
                err(e.kind().name(), e.kind().to_string(), span),
                None,
            )
        }
    }
}
