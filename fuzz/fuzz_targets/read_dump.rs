//! Any bytes as a MediaWiki XML dump: the stream must end (with pages or an error), never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = annals_read::dump::DumpReader::new(std::io::Cursor::new(data.to_vec()));
    for (n, page) in reader.enumerate() {
        assert!(n <= data.len(), "more pages than bytes: the reader loops");
        match page {
            Ok(page) => {
                if let Some(parsed) = annals_read::dump::page_document(&page) {
                    if let Err(errors) = annals_model::check(&parsed.document) {
                        panic!("invariants violated: {errors:?}");
                    }
                }
            }
            Err(_) => break,
        }
    }
});
