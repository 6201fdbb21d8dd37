//! Findings in words: growth names, blocking times and the attack formula, shared by the
//! text, SARIF and GitHub outputs so that all three say the same thing.

use rxguard::{Attack, Complexity, Report, Status};

/// "exponential", "quadratic", "cubic", "quartic", "n^5"…; `None` for linear or unknown.
pub fn growth(complexity: Option<Complexity>, degree: Option<u32>) -> Option<String> {
    match (complexity?, degree) {
        (Complexity::Exponential, _) => Some("exponential".into()),
        (Complexity::Polynomial, Some(2)) => Some("quadratic".into()),
        (Complexity::Polynomial, Some(3)) => Some("cubic".into()),
        (Complexity::Polynomial, Some(4)) => Some("quartic".into()),
        (Complexity::Polynomial, Some(d)) => Some(format!("n^{d}")),
        (Complexity::Polynomial, None) => Some("polynomial".into()),
        _ => None,
    }
}

/// `prefix + "pump" × N + suffix`, with strings quoted and escaped.
pub fn formula(attack: &Attack) -> String {
    let mut parts = Vec::new();
    for p in &attack.pumps {
        if !p.prefix.is_empty() {
            parts.push(quote(&p.prefix));
        }
        parts.push(format!("{} × {}", quote(&p.pump), p.repeat));
    }
    if !attack.suffix.is_empty() {
        parts.push(quote(&attack.suffix));
    }
    parts.join(" + ")
}

/// A string in double quotes, control and non-printing characters escaped, and a lone
/// surrogate's stand-in character (`rxguard::engine_units`) as the `\uD800` the engine's
/// string holds.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    let mut rest = s;
    while !rest.is_empty() {
        let cut = rest
            .char_indices()
            .find(|&(_, c)| rxguard::stand_in_code_unit(c).is_some())
            .map_or(rest.len(), |(i, _)| i);
        let run = format!("{:?}", &rest[..cut]);
        out.push_str(&run[1..run.len() - 1]);
        let mut tail = rest[cut..].chars();
        if let Some(u) = tail.next().and_then(rxguard::stand_in_code_unit) {
            out.push_str(&format!("\\u{u:04X}"));
        }
        rest = tail.as_str();
    }
    out.push('"');
    out
}

/// A duration for people, from seconds.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "forever".into();
    }
    duration_log10(seconds.max(1e-9).log10())
}

/// A duration for people, from log10 of seconds (finite where the seconds overflow).
pub fn duration_log10(log10: f64) -> String {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86_400.0;
    const YEAR: f64 = 365.25 * DAY;
    if log10 > 6.0 + YEAR.log10() {
        return format!("10^{:.0} years", log10 - YEAR.log10());
    }
    let s = 10f64.powf(log10);
    if s < 0.001 {
        "under 1 ms".into()
    } else if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else if s < MINUTE {
        format!("{s:.1} s")
    } else if s < HOUR {
        format!("{:.1} minutes", s / MINUTE)
    } else if s < DAY {
        format!("{:.1} hours", s / HOUR)
    } else if s < YEAR {
        format!("{:.1} days", s / DAY)
    } else {
        format!("{:.0} years", s / YEAR)
    }
}

/// What the attack costs: at its own (shortest) length, then at the maximum length.
pub fn cost(attack: &Attack) -> String {
    let max = &attack.at_max_length;
    let mut s = format!(
        "~{} on V8, ~{} on CPython, ~{} on the JDK, ~{} on PCRE2 at {} characters",
        duration(attack.expected_seconds.v8),
        duration(attack.expected_seconds.cpython),
        duration(attack.expected_seconds.jdk),
        duration(attack.expected_seconds.pcre2),
        thousands(attack.length)
    );
    if max.length > attack.length {
        s.push_str(&format!(
            "; ~{} on V8, ~{} on CPython, ~{} on the JDK, ~{} on PCRE2 at {}",
            duration_log10(max.seconds_log10.v8),
            duration_log10(max.seconds_log10.cpython),
            duration_log10(max.seconds_log10.jdk),
            duration_log10(max.seconds_log10.pcre2),
            thousands(max.length)
        ));
    }
    s
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The headline of a record: "exponential backtracking", "unsupported: …", the error.
pub fn headline(report: &Report) -> String {
    match report.status {
        Status::Vulnerable => {
            let g =
                growth(report.complexity, report.degree).unwrap_or_else(|| "super-linear".into());
            format!("{g} backtracking")
        }
        Status::Unknown => report.reason.clone().unwrap_or_else(|| "no verdict".into()),
        Status::Error => report
            .error
            .as_ref()
            .map_or_else(|| "error".into(), |e| e.message.clone()),
        _ => match growth(report.complexity, report.degree) {
            Some(g) => format!("{g}, below the blocking threshold within the maximum length"),
            None => "linear".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0.0004), "under 1 ms");
        assert_eq!(duration(0.25), "250 ms");
        assert_eq!(duration(3.0), "3.0 s");
        assert_eq!(duration(90.0), "1.5 minutes");
        assert_eq!(duration(7200.0), "2.0 hours");
        assert_eq!(duration(3.0 * 86_400.0), "3.0 days");
        assert_eq!(duration(2.0 * 365.25 * 86_400.0), "2 years");
        assert_eq!(duration_log10(1000.0), "10^993 years");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn growth_names() {
        use Complexity::*;
        assert_eq!(
            growth(Some(Exponential), None).as_deref(),
            Some("exponential")
        );
        assert_eq!(
            growth(Some(Polynomial), Some(2)).as_deref(),
            Some("quadratic")
        );
        assert_eq!(growth(Some(Polynomial), Some(3)).as_deref(), Some("cubic"));
        assert_eq!(growth(Some(Polynomial), Some(7)).as_deref(), Some("n^7"));
        assert_eq!(growth(Some(Linear), None), None);
    }
}
