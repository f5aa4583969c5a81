//! Any bytes through decoding, repair, sniffing and whichever reader is chosen.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = annals_read::read_bytes(data, &annals_read::Hint::default(), &annals_read::ReadOptions::default());
    if let Err(errors) = annals_model::check(&parsed.document) {
        panic!("invariants violated: {errors:?}");
    }
});
