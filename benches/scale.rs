//! How each stage's time grows from 1,000 to 10,000 components, about three
//! flows per component, and how designs shaped against the pipeline fare
//! (`cargo bench --bench scale`; docs/performance.md).

#[path = "../tests/common/generate.rs"]
mod generate;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use whiteboard::check::{self, Config};
use whiteboard::layout::{self, Direction};

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    for components in [1_000, 2_000, 5_000, 10_000] {
        let text = generate::architecture_with(components, 7, 5);
        let compiled = whiteboard::compile(&text);
        let model = &compiled.model;
        group.throughput(Throughput::Elements(components as u64));
        group.bench_with_input(BenchmarkId::new("parse", components), &text, |b, text| {
            b.iter(|| whiteboard::syntax::parse(text))
        });
        group.bench_with_input(
            BenchmarkId::new("resolve", components),
            &compiled.parsed,
            |b, parsed| b.iter(|| whiteboard::model::resolve(&parsed.file)),
        );
        group.bench_with_input(BenchmarkId::new("check", components), model, |b, model| {
            b.iter(|| check::check(model, &Config::default()))
        });
        group.bench_with_input(BenchmarkId::new("layout", components), model, |b, model| {
            b.iter(|| layout::layout(&model.design, Direction::Down).expect("small enough to draw"))
        });
        let computed =
            layout::layout(&model.design, Direction::Down).expect("small enough to draw");
        let options = whiteboard::render::Options::default();
        group.bench_with_input(
            BenchmarkId::new("render", components),
            &computed,
            |b, computed| b.iter(|| whiteboard::render::svg(&model.design, computed, &options)),
        );
    }
    group.finish();
}

/// Designs shaped against the pipeline (`generate::adversarial`): compiled,
/// checked and laid out, or refused, at 10,000 components.
fn adversarial(c: &mut Criterion) {
    let mut group = c.benchmark_group("adversarial");
    group.sample_size(10);
    for (name, text) in generate::adversarial(10_000) {
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| {
                let compiled = whiteboard::compile(text);
                if !compiled.has_errors() {
                    check::check(&compiled.model, &Config::default());
                    let _ = layout::layout(&compiled.model.design, Direction::Down);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages, adversarial);
criterion_main!(benches);
