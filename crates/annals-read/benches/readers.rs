//! Reading throughput of every reader on one core, on the material it is for: each reader's
//! inputs are read over and over until at least 100 MB have gone through it; prints MB/s.
//! Also times reading the whole compressed corpus dump into documents.
//!
//! Run with `cargo bench -p annals-read --bench readers`. Numbers vary with machine load: run it
//! on a quiet machine and compare medians of several runs.

use annals_read::dump::{open_dump, page_document};
use annals_read::{read_text, Format, Hint};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

const TARGET_BYTES: usize = 100 * 1024 * 1024;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Decoded and repaired texts of the given files, as `read_bytes` would hand them to a reader.
fn texts(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            annals_read::repair::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display())).0
        })
        .collect()
}

fn measure(name: &str, format: Format, inputs: &[String]) {
    let round: usize = inputs.iter().map(String::len).sum();
    let hint = Hint { title: Some("Benchmark".into()), revision: None };
    let (mut total, mut rounds, mut best) = (0usize, 0usize, f64::MAX);
    let start = Instant::now();
    while total < TARGET_BYTES {
        let t = Instant::now();
        for text in inputs {
            black_box(read_text(black_box(text), format, &hint));
        }
        best = best.min(t.elapsed().as_secs_f64());
        total += round;
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name:<10} {:>4} inputs, {:>9} bytes a round, {rounds:>6} rounds: {:>6.0} MB/s (best round {:.0} MB/s)",
        inputs.len(),
        round,
        total as f64 / secs / 1e6,
        round as f64 / best / 1e6
    );
}

fn main() {
    let shared = root().join("../shared/corpus");
    let seeds = files(&shared.join("seeds"));
    let seed = |n: &str| seeds.iter().filter(|p| p.to_string_lossy().contains(n)).cloned().collect::<Vec<_>>();

    let dump_bytes = std::fs::read(shared.join("dumps/ww2-battles-pages-articles.xml.bz2")).expect("the corpus dump");
    let start = Instant::now();
    let (mut pages, mut documents) = (0, 0);
    for page in open_dump(std::io::Cursor::new(dump_bytes.clone()), true) {
        let page = page.expect("the corpus dump reads");
        pages += 1;
        documents += usize::from(page_document(&page).is_some());
    }
    println!("dump: {pages} pages, {documents} documents in {:.3} s", start.elapsed().as_secs_f64());

    let mut wikitext = texts(&files(&shared.join("wikitext")));
    wikitext
        .extend(open_dump(std::io::Cursor::new(dump_bytes), true).flatten().filter(|p| p.is_article()).map(|p| p.text));
    measure("wikitext", Format::Wikitext, &wikitext);

    let mut plain = texts(&[seed("000_"), seed("002_"), seed("004_")].concat());
    plain.extend(texts(&files(&shared.join("plaintext"))));
    measure("plaintext", Format::Plaintext, &plain);

    let mut markdown = texts(&files(&shared.join("markdown-infobox")));
    markdown.extend(texts(&files(&shared.join("markdown-frontlines"))));
    markdown.extend(texts(&seed("001_")));
    measure("markdown", Format::Markdown, &markdown);

    let mut pipetable = texts(&seed("003_"));
    pipetable.extend(texts(&files(&root().join("examples/pipetable"))));
    measure("pipetable", Format::Pipetable, &pipetable);

    // The corpus has no Wikipedia HTML; the examples written for annals stand in.
    measure("html", Format::Html, &texts(&files(&root().join("examples/html"))));
}
