//! Shared helpers for the reader tests: where the shared corpus is, and the invariant check that
//! every fixture must pass.
#![allow(dead_code)]

use annals_model::{Block, Document, Parsed, Severity};
use std::path::PathBuf;

/// `../shared` beside the checkout. The tests read real articles from there; it is not copied
/// into the repository.
pub fn shared() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(p.join("corpus").is_dir(), "the shared corpus is missing: expected it at {}", p.display());
    p
}

pub fn corpus(rel: &str) -> PathBuf {
    shared().join("corpus").join(rel)
}

pub fn read_corpus(rel: &str) -> Vec<u8> {
    let p = corpus(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Panics with every violated invariant of the document, naming the input.
pub fn assert_invariants(name: &str, doc: &Document) {
    if let Err(errors) = annals_model::check(doc) {
        panic!("{name}: {} invariant violations:\n{}", errors.len(), errors.join("\n"));
    }
}

/// Asserts that reading succeeded (no error diagnostic) and the invariants hold.
pub fn assert_ok(name: &str, parsed: &Parsed) {
    if let Some(e) = parsed.error() {
        panic!("{name}: {e}");
    }
    assert_invariants(name, &parsed.document);
}

/// The plain value of a field, or a panic naming the missing key.
pub fn field<'a>(doc: &'a Document, key: &str) -> &'a str {
    doc.field(key).unwrap_or_else(|| panic!("no field {key:?} in {:?}", doc.title)).value(doc)
}

/// The plain texts of a field's items.
pub fn items(doc: &Document, key: &str) -> Vec<String> {
    doc.field(key)
        .unwrap_or_else(|| panic!("no field {key:?} in {:?}", doc.title))
        .items
        .iter()
        .map(|i| doc.slice(i.span).to_string())
        .collect()
}

/// Headings of all sections, depth first, joined by " / " for each path.
pub fn heading_paths(doc: &Document) -> Vec<String> {
    doc.walk_sections().into_iter().filter(|(p, _)| !p.is_empty()).map(|(p, _)| p.join(" / ")).collect()
}

/// A file of this repository (`examples/...`, `test_data/...`) as text.
pub fn repo_file(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every paragraph of the document, in order, subsections included.
pub fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.walk_sections()
        .into_iter()
        .flat_map(|(_, s)| &s.blocks)
        .filter_map(|b| match b {
            Block::Paragraph { span } => Some(doc.slice(*span)),
            _ => None,
        })
        .collect()
}

/// Whether reading gave a warning containing `needle`.
pub fn warned(parsed: &Parsed, needle: &str) -> bool {
    parsed.diagnostics.iter().any(|d| d.severity == Severity::Warning && d.message.contains(needle))
}
