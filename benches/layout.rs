//! Layout and render speed on a new user's 26-component design and on
//! generated architectures of 50, 200, 1,000 and 5,000 components (`cargo
//! bench --bench layout`).

#[path = "../tests/common/generate.rs"]
mod generate;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use whiteboard::layout::{self, Direction};

fn layout_and_render(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/designs/notification-system.wb"
    ))
    .expect("the design");
    let model = whiteboard::compile(&text).model;
    group.bench_function("layout/notification-system", |b| {
        b.iter(|| layout::layout(&model.design, Direction::Right).expect("small enough to draw"))
    });
    for components in [50, 200, 1_000, 5_000] {
        let model = whiteboard::compile(&generate::architecture(components, 7)).model;
        group.throughput(Throughput::Elements(components as u64));
        group.bench_with_input(
            BenchmarkId::new("layout", components),
            &model,
            |b, model| {
                b.iter(|| {
                    layout::layout(&model.design, Direction::Down).expect("small enough to draw")
                })
            },
        );
        let computed =
            layout::layout(&model.design, Direction::Down).expect("small enough to draw");
        let options = whiteboard::render::Options::default();
        group.bench_with_input(
            BenchmarkId::new("svg", components),
            &computed,
            |b, computed| b.iter(|| whiteboard::render::svg(&model.design, computed, &options)),
        );
    }
    group.finish();
}

criterion_group!(benches, layout_and_render);
criterion_main!(benches);
