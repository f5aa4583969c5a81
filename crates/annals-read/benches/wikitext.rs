//! Wikitext reading throughput: every corpus wikitext file and every article page of the corpus
//! dump, read over and over until at least 100 MB have gone through `wikitext::read`; prints MB/s.
//! Also times reading the whole compressed dump into documents.
//!
//! Run with `cargo bench -p annals-read --bench wikitext`. Numbers vary with machine load.

use annals_read::dump::{open_dump, page_document};
use annals_read::{wikitext, Hint};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

const TARGET_BYTES: usize = 100 * 1024 * 1024;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn main() {
    let dump_bytes = std::fs::read(corpus().join("dumps/ww2-battles-pages-articles.xml.bz2")).expect("corpus dump");

    let start = Instant::now();
    let mut pages = 0;
    let mut documents = 0;
    for page in open_dump(std::io::Cursor::new(dump_bytes.clone()), true) {
        let page = page.expect("the corpus dump reads");
        pages += 1;
        documents += page_document(&page).is_some() as usize;
    }
    let dump_time = start.elapsed();
    println!("dump: {pages} pages, {documents} documents in {:.3} s", dump_time.as_secs_f64());

    let mut texts: Vec<(String, String)> = Vec::new();
    let mut dir: Vec<_> = std::fs::read_dir(corpus().join("wikitext")).expect("corpus wikitext").flatten().collect();
    dir.sort_by_key(|e| e.path());
    for e in dir {
        let name = e.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        texts.push((name, std::fs::read_to_string(e.path()).expect("utf-8 corpus file")));
    }
    for page in open_dump(std::io::Cursor::new(dump_bytes), true).flatten() {
        if page.is_article() {
            texts.push((page.title, page.text));
        }
    }
    let set_bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();

    // One warm-up round, then timed rounds.
    for (title, text) in &texts {
        black_box(wikitext::read(text, &Hint { title: Some(title.clone()), revision: None }));
    }
    // Timed rounds over the whole set: the mean is the figure; the best round shows what the
    // code does when no other process competes for the core.
    let mut total = 0;
    let mut best = f64::MAX;
    let start = Instant::now();
    while total < TARGET_BYTES {
        let round = Instant::now();
        for (title, text) in &texts {
            black_box(wikitext::read(text, &Hint { title: Some(title.clone()), revision: None }));
        }
        best = best.min(round.elapsed().as_secs_f64());
        total += set_bytes;
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = total as f64 / 1e6;
    println!(
        "wikitext: {} texts, {:.1} MB per round, {mb:.1} MB read in {secs:.3} s: {:.0} MB/s (best round {:.0} MB/s)",
        texts.len(),
        set_bytes as f64 / 1e6,
        mb / secs,
        set_bytes as f64 / 1e6 / best
    );
}
