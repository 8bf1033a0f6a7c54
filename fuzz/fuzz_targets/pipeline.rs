//! Any text through the whole pipeline: parse, resolve, format, estimate,
//! check, layout, render and export. `cargo fuzz run pipeline` (see
//! fuzz/README.md); crashes found are kept in tests/fixtures/fuzz/.

#![no_main]

#[path = "../../tests/common/pipeline.rs"]
mod pipeline;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        pipeline::exercise(text);
    }
});
