//! Scaling and memory report: for each pattern that makes a backtracking engine
//! super-linear, the time of a whole `find_iter` on an attack haystack of `n` and `10 n`
//! bytes, their ratio (linear ≈ 10), and the peak heap the search allocated — on the tier
//! the pattern runs on, and on tier B forced for the regular ones, since tier B's memo is
//! what the linear guarantee rests on.
//!
//! `cargo run --release -p rxguard-benches --bin scaling [-- --sizes 1000000,10000000 --runs 3 --only PART]`
//!
//! Prints a Markdown table. Times are the best of `--runs` runs. Exits 1 when a ratio
//! exceeds 12 (the bound the project promises) or a search fails.

use rxguard_matcher::{Limits, Regex};
use rxguard_syntax::Flavor;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their high-water mark, so a search's peak can be read off.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to the system allocator unchanged; the counters are only
// bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        p
    }
}

fn grow(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A pattern and the haystack that makes a backtracking engine blow up on it.
struct Scenario {
    pattern: &'static str,
    /// PCRE2 for most; JavaScript where the construct is JavaScript's (unbounded
    /// lookbehind).
    flavor: Flavor,
    /// Why this haystack is the hard one.
    haystack: fn(usize) -> String,
    describe: &'static str,
}

fn a_run(n: usize) -> String {
    "a".repeat(n)
}

fn a_run_bang(n: usize) -> String {
    let mut s = "a".repeat(n.saturating_sub(1));
    s.push('!');
    s
}

fn ab_run(n: usize) -> String {
    "ab".repeat(n / 2)
}

fn word_run(n: usize) -> String {
    "a".repeat(n)
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        flavor: Flavor::Pcre,
        pattern: "(a|a)*b",
        haystack: a_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: "(a+)+$",
        haystack: a_run_bang,
        describe: "a^n !",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: "(?=(a+))+b",
        haystack: a_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: "(?=(a+))+a*b",
        haystack: a_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: "^(?:(?=a)a+)+$",
        haystack: a_run_bang,
        describe: "a^n !",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: r"\w+(?=@)",
        haystack: a_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: r"(?<=a)a*(?<!a)b",
        haystack: a_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::JavaScript,
        pattern: r"(?<=(a+))a!",
        haystack: a_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::JavaScript,
        pattern: r"(?<=a+)a*(?<!a+)b",
        haystack: a_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: r"\w{1,1000}",
        haystack: word_run,
        describe: "a^n",
    },
    Scenario {
        flavor: Flavor::Pcre,
        pattern: "a[ab]{100}c",
        haystack: ab_run,
        describe: "(ab)^n/2",
    },
];

struct Row {
    pattern: String,
    tier: String,
    rows: Option<usize>,
    describe: &'static str,
    times: Vec<(usize, Duration, usize, usize)>,
}

fn measure(re: &Regex, hay: &str, runs: usize) -> Result<(Duration, usize, usize), String> {
    let mut best = Duration::MAX;
    let mut peak = 0;
    let mut matches = 0;
    for _ in 0..runs {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let mut count = 0;
        for m in re.find_iter(hay) {
            m.map_err(|e| e.to_string())?;
            count += 1;
        }
        best = best.min(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed).saturating_sub(base));
        matches = count;
    }
    Ok((best, peak, matches))
}

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    /// Only the scenarios whose pattern contains this.
    only: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut sizes = vec![1_000_000, 10_000_000];
    let mut runs = 3;
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().ok_or_else(|| format!("{a} needs a value"))?;
        match a.as_str() {
            "--sizes" => {
                sizes = v
                    .split(',')
                    .map(|s| {
                        s.trim()
                            .parse::<usize>()
                            .map_err(|e| format!("--sizes: {e}"))
                    })
                    .collect::<Result<_, _>>()?
            }
            "--runs" => runs = v.parse().map_err(|e| format!("--runs: {e}"))?,
            "--only" => only = Some(v),
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if sizes.is_empty() || runs == 0 {
        return Err("--sizes and --runs need at least one".into());
    }
    Ok(Args { sizes, runs, only })
}

fn human_bytes(b: usize) -> String {
    if b >= 1 << 20 {
        format!("{:.1} MiB", b as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} KiB", b as f64 / 1024.0)
    }
}

/// Fixes glibc's mmap threshold at its initial 128 KiB. glibc otherwise raises it (up to
/// 32 MiB) after large blocks are freed, so the repeated runs at 1 MB would reuse already
/// faulted-in heap while every run at 10 MB maps fresh pages: the ratio would measure the
/// allocator, not the search.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_mmap_threshold() {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    const M_MMAP_THRESHOLD: i32 = -3;
    // SAFETY: mallopt only adjusts the allocator's parameters; called before any threads.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}

fn main() {
    fix_mmap_threshold();
    let Args { sizes, runs, only } = match parse_args() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("scaling: {e}");
            std::process::exit(2);
        }
    };
    let limits = Limits::new().memo_bytes(8 << 30);
    let mut rows = Vec::new();
    let mut failed = false;
    for sc in SCENARIOS {
        if only.as_deref().is_some_and(|o| !sc.pattern.contains(o)) {
            continue;
        }
        for forced in [false, true] {
            let re = match Regex::builder()
                .flavor(sc.flavor)
                .limits(limits.clone())
                .force_backtrack(forced)
                .build(sc.pattern)
            {
                Ok(re) => re,
                Err(e) => {
                    eprintln!("{}: {e}", sc.pattern);
                    failed = true;
                    continue;
                }
            };
            if forced && re.tier_b_reason().is_some_and(|r| !r.contains("forced")) {
                continue; // already on tier B: the first run covered it
            }
            let mut row = Row {
                pattern: sc.pattern.to_string(),
                tier: format!(
                    "{}{}",
                    re.tier().name(),
                    if forced { " (forced)" } else { "" }
                ),
                rows: re.memo_rows(),
                describe: sc.describe,
                times: vec![],
            };
            for &n in &sizes {
                let hay = (sc.haystack)(n);
                match measure(&re, &hay, runs) {
                    Ok((t, peak, count)) => row.times.push((n, t, peak, count)),
                    Err(e) => {
                        eprintln!("{} at n = {n}: {e}", sc.pattern);
                        failed = true;
                    }
                }
            }
            rows.push(row);
        }
    }
    print!("| pattern | haystack | tier | memo rows |");
    for n in &sizes {
        print!(" n = {n}: time, peak heap |");
    }
    println!(" ratio |");
    print!("|---|---|---|---|");
    for _ in &sizes {
        print!("---|");
    }
    println!("---|");
    for r in &rows {
        print!(
            "| `{}` | {} | {} | {} |",
            r.pattern,
            r.describe,
            r.tier,
            r.rows.map_or("-".to_string(), |m| m.to_string())
        );
        for (_, t, peak, _) in &r.times {
            print!(" {:.2} ms, {} |", t.as_secs_f64() * 1e3, human_bytes(*peak));
        }
        let ratio = match (r.times.first(), r.times.last()) {
            (Some(a), Some(b)) if r.times.len() > 1 && a.1.as_nanos() > 0 => {
                let scale = b.0 as f64 / a.0 as f64;
                let ratio = b.1.as_secs_f64() / a.1.as_secs_f64();
                // Normalized to a tenfold size step, the project's bound being 12.
                let per_ten = ratio * 10.0 / scale;
                if per_ten > 12.0 {
                    failed = true;
                }
                format!("{ratio:.2}")
            }
            _ => "-".to_string(),
        };
        println!(" {ratio} |");
    }
    if failed {
        std::process::exit(1);
    }
}
