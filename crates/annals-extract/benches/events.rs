//! Event extraction throughput on one core: every corpus document is read once, then conflict
//! records and events are extracted from all of them over and over until at least 100 MB of
//! normalized text has gone through; prints MB/s.
//!
//! Run with `cargo bench -p annals-extract --bench events`.

use annals_read::{read_bytes, Hint, ReadOptions};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut docs = Vec::new();
    for dir in ["seeds", "wikitext", "markdown-infobox", "markdown-frontlines", "plaintext"] {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(corpus.join(dir)).expect("corpus").flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).expect("corpus file");
            let parsed =
                read_bytes(&bytes, &Hint { title: Some("Benchmark".into()), revision: None }, &ReadOptions::default());
            docs.push(parsed.document);
        }
    }
    let round: usize = docs.iter().map(|d| d.text.len()).sum();
    let (mut total, mut events, mut best) = (0usize, 0usize, f64::MAX);
    let start = Instant::now();
    while total < 100 * 1024 * 1024 {
        let t = Instant::now();
        for d in &docs {
            let record = annals_extract::conflict::record(d);
            events += black_box(annals_extract::events::events(d, record.as_ref())).len();
        }
        best = best.min(t.elapsed().as_secs_f64());
        total += round;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "events: {} documents, {round} bytes of normalized text a round, {events} events in all: {:.1} MB/s (best round {:.1} MB/s)",
        docs.len(),
        total as f64 / secs / 1e6,
        round as f64 / best / 1e6
    );
}
