//! The front end's and the checker's speed on generated designs of 1,000
//! and 10,000 components, and the language server's diagnostics for a
//! 100-component design after an edit (`cargo bench --bench frontend`).

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

/// What `wb lsp` does between an edit and its diagnostics: the whole
/// analysis of the new text and its conversion to the protocol's form.
fn language_server(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsp");
    let text = generate::design(100);
    let config = whiteboard::check::Config::default();
    let uri: lsp_types::Uri = "file:///design.wb".parse().expect("a URI");
    group.bench_function("diagnostics_after_an_edit/100", |b| {
        b.iter(|| {
            let analysis = whiteboard::lsp::analysis::Analysis::new(text.clone(), &config);
            analysis.diagnostics(&uri)
        })
    });
    group.finish();
}

criterion_group!(benches, front_end, language_server);
criterion_main!(benches);
