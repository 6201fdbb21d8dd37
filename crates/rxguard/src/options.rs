//! Options for one analysis: flavor, flags, match mode and the threat model's limits.

use rxguard_syntax::{Config, Flavor, Parser};

/// How the pattern is applied to the attacker's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum MatchMode {
    /// Unanchored search (JS `test`/`exec`, Python `re.search`, Java `find`): the default.
    #[default]
    Search,
    /// Anchored at the start (Python `re.match`, JS `y`).
    Anchored,
    /// The whole input must match (`fullmatch`, Java `matches`).
    Full,
}

impl MatchMode {
    /// The name used in result records.
    pub fn name(self) -> &'static str {
        match self {
            MatchMode::Search => "search",
            MatchMode::Anchored => "anchored",
            MatchMode::Full => "full",
        }
    }

    /// Parses `search`, `anchored` or `full`.
    pub fn from_name(name: &str) -> Option<MatchMode> {
        match name {
            "search" => Some(MatchMode::Search),
            "anchored" | "match" => Some(MatchMode::Anchored),
            "full" | "fullmatch" => Some(MatchMode::Full),
            _ => None,
        }
    }
}

/// Options for [`crate::analyze`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Options {
    /// The flavor the pattern is written for.
    pub flavor: Flavor,
    /// Flag letters in the flavor's own spelling (`"gi"`, `"ms"`).
    pub flags: String,
    /// How the pattern is applied.
    pub mode: MatchMode,
    /// The longest input an attacker controls (default 100,000, Express's body limit).
    pub max_length: usize,
    /// How long a blocked engine must be blocked for a `vulnerable` verdict (default 1 s).
    /// The step threshold is this times the calibrated rate of the flavor's engine.
    pub block_seconds: f64,
    /// A fixed step threshold instead of the calibrated one.
    pub step_threshold: Option<u64>,
    /// Most steps one simulator run may take while measuring (default 10^6); growth is
    /// extrapolated from such runs.
    pub run_budget: u64,
    /// Parser limits.
    pub parser: Config,
}

impl Options {
    /// Options for a flavor by name (`javascript`/`js`, `python`, `java`, `pcre`, `rust`).
    pub fn new(flavor: &str) -> Option<Options> {
        Some(Options::for_flavor(Flavor::from_name(flavor)?))
    }

    /// Options for a flavor.
    pub fn for_flavor(flavor: Flavor) -> Options {
        Options {
            flavor,
            flags: String::new(),
            mode: MatchMode::default(),
            max_length: 100_000,
            block_seconds: 1.0,
            step_threshold: None,
            run_budget: 1_000_000,
            parser: Config::new(),
        }
    }

    pub(crate) fn parser(&self) -> Parser {
        Parser::with_config(self.parser)
    }

    /// Steps at which an attack whose steps are `mix` blocks the flavor's engine:
    /// `(vulnerable at or above, near the threshold at or above)`; both the fixed
    /// threshold when one is set.
    pub fn thresholds(&self, mix: &rxguard_attack::StepMix) -> (f64, f64) {
        match self.step_threshold {
            Some(t) => (t as f64, t as f64),
            None => crate::calibration::step_thresholds(self.flavor, mix, self.block_seconds),
        }
    }

    /// Steps at which the flavor's engine counts as blocked.
    pub fn threshold(&self) -> u64 {
        self.step_threshold.unwrap_or_else(|| {
            (crate::calibration::steps_per_second(self.flavor).0 * self.block_seconds) as u64
        })
    }
}
