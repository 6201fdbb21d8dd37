//! Tier B against fancy-regex, the crate Rust users pick for lookaround today.
//!
//! - `tier_b_benign`: lookaround and atomic patterns on the prose haystack, counting
//!   every match;
//! - `tier_b_attack`: a pattern that makes a backtracking engine exponential, on growing
//!   attack strings. fancy-regex's time doubles with each extra character until its
//!   backtrack limit stops it with an error; rxguard's grows linearly.
//!
//! `cargo bench -p rxguard-benches --bench tier_b`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rxguard_benches::{attack, prose, ATTACK, TIER_B};
use rxguard_matcher::{Regex, Tier};
use rxguard_syntax::Flavor;

fn build(pattern: &str) -> Regex {
    Regex::builder()
        .flavor(Flavor::Pcre)
        .build(pattern)
        .expect("benchmark pattern compiles")
}

fn benign(c: &mut Criterion) {
    let hay = prose(1 << 20);
    let mut group = c.benchmark_group("tier_b_benign");
    group.throughput(Throughput::Bytes(hay.len() as u64));
    for case in TIER_B {
        let ours = build(case.pattern);
        assert_eq!(
            ours.tier(),
            Tier::B,
            "{} should run on tier B",
            case.pattern
        );
        let peer = fancy_regex::Regex::new(case.pattern).expect("fancy-regex compiles it");
        let expected = peer.find_iter(&hay).filter(|m| m.is_ok()).count();
        let found = ours.find_iter(&hay).filter(|m| m.is_ok()).count();
        assert_eq!(found, expected, "{}: match counts differ", case.pattern);
        group.bench_with_input(BenchmarkId::new("rxguard", case.name), &hay, |b, hay| {
            b.iter(|| ours.find_iter(hay).count())
        });
        group.bench_with_input(
            BenchmarkId::new("fancy-regex", case.name),
            &hay,
            |b, hay| b.iter(|| peer.find_iter(hay).count()),
        );
    }
    group.finish();
}

fn exponential(c: &mut Criterion) {
    let ours = build(ATTACK.pattern);
    assert_eq!(ours.tier(), Tier::B);
    let peer = fancy_regex::Regex::new(ATTACK.pattern).expect("fancy-regex compiles it");
    let mut group = c.benchmark_group("tier_b_attack");
    for n in [8usize, 12, 16, 20] {
        let hay = attack(n);
        group.bench_with_input(BenchmarkId::new("rxguard", n), &hay, |b, hay| {
            b.iter(|| ours.is_match(hay).ok())
        });
        group.bench_with_input(BenchmarkId::new("fancy-regex", n), &hay, |b, hay| {
            // Err(BacktrackLimitExceeded) once the blow-up reaches its limit.
            b.iter(|| peer.is_match(hay).ok())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = benign, exponential
}
criterion_main!(benches);
