//! Any text through the plaintext reader: it must not panic, and the document must keep its invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parsed = annals_read::read_text(text, annals_model::Format::Plaintext, &annals_read::Hint::default());
    if let Err(errors) = annals_model::check(&parsed.document) {
        panic!("invariants violated: {errors:?}");
    }
});
