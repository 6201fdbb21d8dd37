//! Command-line arguments: parsed with clap, then checked into [`Check`].

use clap::{Parser, Subcommand, ValueEnum};
use rxguard::{Flavor, MatchMode};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "rxguard",
    version,
    about = "Find regexes that blow up backtracking engines (ReDoS)."
)]
struct Cli {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Subcommand)]
enum Sub {
    /// Parse only: report per pattern whether it is valid for its flavor, the error (kind,
    /// message, span) if not, and the Ast's shape. Same inputs as `check`; JSON Lines out.
    Parse {
        /// Files to read; `-` or nothing reads standard input.
        files: Vec<PathBuf>,
        /// Flavor for patterns that do not name one.
        #[arg(long, default_value = "javascript")]
        flavor: String,
        /// Flags for patterns that do not give their own.
        #[arg(long, default_value = "")]
        flags: String,
        /// Input format: `lines`, `jsonl` or `auto`.
        #[arg(long, value_enum, default_value = "auto")]
        input: InputFormat,
    },
    /// Run patterns on haystacks with the linear-time matcher. JSON Lines in, one record
    /// per line: {"pattern", "flavor"?, "flags"?, "haystack", "mode"?: search|anchored|full,
    /// "all"?: bool}. Out: {"index", "matches": [{"span", "groups"}], "tier", "error"}, spans
    /// in bytes of the UTF-8 haystack.
    Match {
        /// Files to read; `-` or nothing reads standard input.
        files: Vec<PathBuf>,
        /// Flavor for records that do not name one.
        #[arg(long, default_value = "javascript")]
        flavor: String,
        /// Most memory the linear-time memo may use per haystack, in bytes.
        #[arg(long, default_value_t = 256 << 20)]
        memo_bytes: u64,
        /// Run patterns with backreferences under this step budget (refused by default).
        #[arg(long)]
        backtrack_limit: Option<u64>,
    },
    /// Analyze pattern lists: one pattern per line, or JSON Lines records.
    ///
    /// Exit status: 0 when no pattern reaches --fail-on, 1 when one does, 2 for usage, I/O
    /// or internal errors.
    Check {
        /// Files to read; `-` or nothing reads standard input.
        files: Vec<PathBuf>,
        /// Flavor for patterns that do not name one.
        #[arg(long, default_value = "javascript")]
        flavor: String,
        /// Flags for patterns that do not give their own.
        #[arg(long, default_value = "")]
        flags: String,
        /// Match mode for patterns that do not give their own: search, anchored, full.
        #[arg(long, default_value = "search")]
        mode: String,
        #[command(flatten)]
        budget: BudgetArgs,
        /// Input format: `lines` (one verbatim pattern per line), `jsonl`, or `auto`
        /// (JSON Lines for .jsonl/.ndjson files and for input whose first line starts with `{`).
        #[arg(long, value_enum, default_value = "auto")]
        input: InputFormat,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Explain one pattern for people: the ambiguous loop, why the attack's suffix forces
    /// backtracking, the steps measured at several lengths, and a fix where one applies.
    /// Exit status 1 when the pattern is vulnerable.
    Explain {
        /// The pattern.
        pattern: String,
        /// Its flavor.
        #[arg(long, default_value = "javascript")]
        flavor: String,
        /// Its flags.
        #[arg(long, default_value = "")]
        flags: String,
        /// Match mode: search, anchored, full.
        #[arg(long, default_value = "search")]
        mode: String,
        /// Longest input the attacker controls, in characters.
        #[arg(long, default_value_t = 100_000)]
        max_length: usize,
        /// Colors: auto (a terminal, and NO_COLOR unset), always, never.
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorChoice,
    },
    /// Find the regexes in source trees (JavaScript, TypeScript, Python, Java) with real
    /// parsers, honoring .gitignore, and analyze each one; results carry the file, line and
    /// column. Same formats and exit status as `check`.
    Scan {
        /// Files and directories to scan (default: the current directory).
        paths: Vec<PathBuf>,
        #[command(flatten)]
        budget: BudgetArgs,
        #[command(flatten)]
        report: ReportArgs,
    },
}

/// How much each analysis may take: shared by `check` and `scan`.
#[derive(clap::Args)]
struct BudgetArgs {
    /// Longest input the attacker controls, in characters.
    #[arg(long, default_value_t = 100_000)]
    max_length: usize,
    /// Per-pattern time limit in seconds; a pattern over it is `unknown` (timeout). 0: none.
    #[arg(long, default_value_t = 1.0)]
    timeout: f64,
    /// Analysis threads (default: the machine's cores). Records stay in input order.
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// Run attacks on the real engine (node for JavaScript, python3 for Python, java for
    /// Java; RXGUARD_NODE, RXGUARD_PYTHON, RXGUARD_JAVA name others) and let the time it
    /// measures decide the
    /// verdict; the record's `confirmation` says what ran. `near` (the default): the
    /// findings the calibrated speed leaves undecided ("near the threshold": below the
    /// `vulnerable` threshold, within the engine's spread of the blocking time); `all`: every `vulnerable`
    /// verdict's attack too (each such run takes the blocking time).
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "near")]
    confirm: Option<Confirm>,
}

/// Which attacks `--confirm` runs on the real engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Confirm {
    /// Findings below the threshold whose attack may still block the engine.
    Near,
    /// Those and every `vulnerable` verdict's attack.
    All,
}

/// How results are reported: shared by the commands that analyze.
#[derive(clap::Args)]
struct ReportArgs {
    /// Output format (default: text on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to this file instead of standard output.
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    /// The lowest status that makes the exit code 1.
    #[arg(long, value_enum, default_value = "vulnerable")]
    fail_on: FailOn,
    /// Exit 0 whatever the results (usage, I/O and internal errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Colors in text output: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Text output shows only the patterns that reach --fail-on; no progress bar.
    #[arg(short = 'q', long)]
    quiet: bool,
}

/// Which statuses fail the run (exit code 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// `vulnerable` patterns.
    Vulnerable,
    /// `vulnerable` and `unknown` patterns.
    Unknown,
    /// `vulnerable`, `unknown` and invalid patterns (`error`).
    Error,
}

impl FailOn {
    /// Whether a record with `status` reaches this level.
    pub fn reached_by(self, status: rxguard::Status) -> bool {
        use rxguard::Status;
        match status {
            Status::Vulnerable => true,
            Status::Unknown => self != FailOn::Vulnerable,
            Status::Error => self == FailOn::Error,
            _ => false,
        }
    }
}

/// When to color text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal unless `NO_COLOR` is set (to anything but the empty string).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to color output that goes to a terminal (`terminal`) or not.
    fn enabled(self, terminal: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color,
        }
    }
}

/// Checked reporting options.
pub struct Reporting {
    pub format: Format,
    pub output: Option<PathBuf>,
    pub fail_on: FailOn,
    pub exit_zero: bool,
    pub color: bool,
    pub quiet: bool,
}

impl ReportArgs {
    fn check(self) -> Reporting {
        use std::io::IsTerminal;
        let terminal = self.output.is_none() && std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let format = self.format.unwrap_or(if terminal {
            Format::Text
        } else {
            Format::Jsonl
        });
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color,
        };
        Reporting {
            format,
            output: self.output,
            fail_on: self.fail_on,
            exit_zero: self.exit_zero,
            color,
            quiet: self.quiet,
        }
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One result record per line, then a summary line.
    Jsonl,
    /// One JSON document: schema version, tool, results, summary.
    Json,
    /// For people: the pattern, a caret under the culprit, the attack and its cost.
    Text,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Decide per input.
    Auto,
    /// One verbatim pattern per line.
    Lines,
    /// JSON Lines records `{"pattern", "flavor"?, "flags"?, "mode"?, "id"?}`.
    Jsonl,
}

/// Where patterns come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl InputFormat {
    /// The format for one source; `Auto` resolves by extension, or later by content.
    pub fn resolve(self, source: &Source) -> InputFormat {
        match (self, source) {
            (InputFormat::Auto, Source::File(p)) => match p.extension().and_then(|e| e.to_str()) {
                Some("jsonl") | Some("ndjson") => InputFormat::Jsonl,
                Some("txt") => InputFormat::Lines,
                _ => InputFormat::Auto,
            },
            (f, _) => f,
        }
    }
}

/// A checked `check` invocation.
pub struct Check {
    pub inputs: Vec<Source>,
    pub reporting: Reporting,
    pub flavor: Flavor,
    pub flags: String,
    pub mode: MatchMode,
    pub input: InputFormat,
    pub max_length: usize,
    /// Per-pattern time limit.
    pub timeout: Option<std::time::Duration>,
    /// Analysis threads; 0 lets rayon choose (the machine's cores).
    pub threads: usize,
    /// Which attacks run on the real engines (`--confirm`).
    pub confirm: Option<Confirm>,
}

/// A checked `explain` invocation.
pub struct Explain {
    pub pattern: String,
    pub options: rxguard::Options,
    pub color: bool,
}

/// What to run.
pub enum Command {
    /// `rxguard explain`.
    Explain(Explain),
    /// `rxguard scan`: analysis settings (no list inputs) and the paths.
    Scan(Check, Vec<PathBuf>),
    /// `rxguard check`.
    Check(Check),
    /// `rxguard parse`.
    Parse(ParseOnly),
    /// `rxguard match`.
    Match(MatchRun),
}

/// A checked `match` invocation.
pub struct MatchRun {
    pub inputs: Vec<Source>,
    pub flavor: Flavor,
    pub memo_bytes: u64,
    pub backtrack_limit: Option<u64>,
}

/// A checked `parse` invocation.
pub struct ParseOnly {
    pub inputs: Vec<Source>,
    pub flavor: Flavor,
    pub flags: String,
    pub input: InputFormat,
}

fn flavor_arg(name: &str) -> Result<Flavor, clap::Error> {
    Flavor::from_name(name).ok_or_else(|| {
        clap::Error::raw(
            clap::error::ErrorKind::InvalidValue,
            format!("unknown flavor '{name}' (javascript, python, java, pcre, rust)\n"),
        )
    })
}

/// `--timeout`: 0 turns the limit off.
fn timeout_arg(seconds: f64) -> Result<Option<std::time::Duration>, clap::Error> {
    match seconds {
        0.0 => Ok(None),
        s if s.is_finite() && s > 0.0 && s < 1e9 => Ok(Some(std::time::Duration::from_secs_f64(s))),
        s => Err(clap::Error::raw(
            clap::error::ErrorKind::InvalidValue,
            format!("--timeout must be a positive number of seconds (or 0 for none), not {s}\n"),
        )),
    }
}

fn mode_arg(mode: &str) -> Result<MatchMode, clap::Error> {
    MatchMode::from_name(mode).ok_or_else(|| {
        clap::Error::raw(
            clap::error::ErrorKind::InvalidValue,
            format!("unknown mode '{mode}' (search, anchored, full)\n"),
        )
    })
}

fn sources(files: Vec<PathBuf>) -> Vec<Source> {
    if files.is_empty() {
        return vec![Source::Stdin];
    }
    files
        .into_iter()
        .map(|f| {
            if f.as_os_str() == "-" {
                Source::Stdin
            } else {
                Source::File(f)
            }
        })
        .collect()
}

/// Parses and validates the command line.
pub fn parse() -> Result<Command, clap::Error> {
    let cli = Cli::parse_from_safe()?;
    match cli.command {
        Sub::Parse {
            files,
            flavor,
            flags,
            input,
        } => {
            let flavor = flavor_arg(&flavor)?;
            Ok(Command::Parse(ParseOnly {
                inputs: sources(files),
                flavor,
                flags,
                input,
            }))
        }
        Sub::Explain {
            pattern,
            flavor,
            flags,
            mode,
            max_length,
            color,
        } => {
            let flavor = flavor_arg(&flavor)?;
            let mode = mode_arg(&mode)?;
            let mut options = rxguard::Options::for_flavor(flavor);
            options.flags = flags;
            options.mode = mode;
            options.max_length = max_length;
            use std::io::IsTerminal;
            Ok(Command::Explain(Explain {
                pattern,
                options,
                color: color.enabled(std::io::stdout().is_terminal()),
            }))
        }
        Sub::Match {
            files,
            flavor,
            memo_bytes,
            backtrack_limit,
        } => Ok(Command::Match(MatchRun {
            inputs: sources(files),
            flavor: flavor_arg(&flavor)?,
            memo_bytes,
            backtrack_limit,
        })),
        Sub::Scan {
            paths,
            budget,
            report,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let settings = Check {
                inputs: Vec::new(),
                reporting: report.check(),
                flavor: Flavor::JavaScript,
                flags: String::new(),
                mode: MatchMode::Search,
                input: InputFormat::Auto,
                max_length: budget.max_length,
                timeout: timeout_arg(budget.timeout)?,
                threads: budget.threads.unwrap_or(0),
                confirm: budget.confirm,
            };
            Ok(Command::Scan(settings, paths))
        }
        Sub::Check {
            files,
            flavor,
            flags,
            mode,
            input,
            budget,
            report,
        } => {
            let flavor = flavor_arg(&flavor)?;
            let mode = mode_arg(&mode)?;
            let inputs = sources(files);
            Ok(Command::Check(Check {
                inputs,
                reporting: report.check(),
                flavor,
                flags,
                mode,
                input,
                max_length: budget.max_length,
                timeout: timeout_arg(budget.timeout)?,
                threads: budget.threads.unwrap_or(0),
                confirm: budget.confirm,
            }))
        }
    }
}

trait ParseSafe: Sized {
    fn parse_from_safe() -> Result<Self, clap::Error>;
}

impl ParseSafe for Cli {
    fn parse_from_safe() -> Result<Cli, clap::Error> {
        Cli::try_parse()
    }
}
