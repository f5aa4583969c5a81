//! Any bytes as a bzip2 stream through the parallel block decoder: it must end, with output or
//! an error, and never panic. Inputs start with a valid header so the fuzzer reaches the blocks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Read;

fuzz_target!(|data: &[u8]| {
    let mut input = b"BZh9".to_vec();
    input.extend_from_slice(data);
    let mut out = Vec::new();
    let _ = annals_read::bz2par::ParallelBz2Decoder::new(&input[..]).take(64 << 20).read_to_end(&mut out);
});
