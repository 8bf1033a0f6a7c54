//! The front end's and the checker's speed on generated designs of 1,000
//! and 10,000 components (`cargo bench --bench frontend`).

#[path = "../tests/common/generate.rs"]
mod generate;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn front_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("front_end");
    group.sample_size(10);
    for components in [1_000, 10_000] {
        let text = generate::design(components);
        group.throughput(Throughput::Elements(components as u64));
        group.bench_with_input(BenchmarkId::new("parse", components), &text, |b, text| {
            b.iter(|| whiteboard::syntax::parse(text))
        });
        group.bench_with_input(
            BenchmarkId::new("parse_and_resolve", components),
            &text,
            |b, text| b.iter(|| whiteboard::compile(text)),
        );
        let model = whiteboard::compile(&text).model;
        let config = whiteboard::check::Config::default();
        group.bench_with_input(BenchmarkId::new("check", components), &model, |b, model| {
            b.iter(|| whiteboard::check::check(model, &config))
        });
    }
    group.finish();
}

criterion_group!(benches, front_end);
criterion_main!(benches);
