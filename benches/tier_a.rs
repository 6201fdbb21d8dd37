//! Tier A against the regex crate: the same patterns on the same prose haystack, reading
//! every match's span (`find_iter`; not `count()`, which the regex crate answers with a
//! forward-only search), and every match with its groups for patterns with groups.
//!
//! `cargo bench -p rxguard-benches --bench tier_a`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rxguard_benches::{prose, TIER_A};
use rxguard_matcher::{Regex, Tier};

fn tier_a(c: &mut Criterion) {
    let hay = prose(1 << 20);
    let mut group = c.benchmark_group("tier_a");
    group.throughput(Throughput::Bytes(hay.len() as u64));
    for case in TIER_A {
        let ours = Regex::new(case.pattern).expect("benchmark pattern compiles");
        assert_eq!(
            ours.tier(),
            Tier::A,
            "{} should run on tier A",
            case.pattern
        );
        let peer = regex::Regex::new(case.pattern).expect("regex crate compiles it");
        let expected = peer.find_iter(&hay).count();
        let found = ours.find_iter(&hay).filter(|m| m.is_ok()).count();
        assert_eq!(found, expected, "{}: match counts differ", case.pattern);
        group.bench_with_input(BenchmarkId::new("rxguard", case.name), &hay, |b, hay| {
            b.iter(|| {
                ours.find_iter(hay)
                    .map(|m| m.map_or(0, |m| m.start()))
                    .sum::<usize>()
            })
        });
        group.bench_with_input(BenchmarkId::new("regex", case.name), &hay, |b, hay| {
            b.iter(|| peer.find_iter(hay).map(|m| m.start()).sum::<usize>())
        });
        if ours.captures_len() > 1 {
            let id = format!("{}-captures", case.name);
            group.bench_with_input(BenchmarkId::new("rxguard", &id), &hay, |b, hay| {
                b.iter(|| {
                    ours.captures_iter(hay)
                        .map(|c| c.map_or(0, |c| c.get(1).map_or(0, |m| m.start())))
                        .sum::<usize>()
                })
            });
            group.bench_with_input(BenchmarkId::new("regex", &id), &hay, |b, hay| {
                b.iter(|| {
                    peer.captures_iter(hay)
                        .map(|c| c.get(1).map_or(0, |m| m.start()))
                        .sum::<usize>()
                })
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = tier_a
}
criterion_main!(benches);
