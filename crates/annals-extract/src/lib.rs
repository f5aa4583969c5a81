//! Extraction: from documents to facts. Everything here is a pure function of a document (or a
//! piece of its text): no I/O, no failure; what cannot be read is left out, never guessed.
//!
//! - [`claims`]: quantities ("300+ killed (Syrian claim; 29 Sep. – 13 Oct.)") as claims.
//! - [`dates`]: infobox date fields ("26 November 2011 – 10 April 2014") as date ranges.
//! - [`conflict`]: a conflict record from a document's infobox, per side.
//! - [`sentences`], [`narrative`], [`coding`], [`events`]: dated events from the narrative, coded
//!   like ACLED, each traced to its sentence.
//! - [`deaths`]: whether a sentence tells that a named person died.

pub mod claims;
pub mod coding;
pub mod conflict;
pub mod control;
pub mod coords;
pub mod dates;
pub mod deaths;
pub mod events;
pub mod lead;
pub mod narrative;
pub mod sentences;

/// Real sentences for the tests that check a shortcut against the full rules on every one.
#[cfg(test)]
pub(crate) mod test_corpus {
    /// The sentences of the seeds and the wikitext corpus, read as an ingest reads them.
    pub(crate) fn sentences() -> Vec<String> {
        let corpus = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        let mut out = Vec::new();
        for dir in ["seeds", "wikitext"] {
            let Ok(entries) = std::fs::read_dir(corpus.join(dir)) else { continue };
            for e in entries.flatten() {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                let hint = annals_read::Hint { title: Some("Test".into()), revision: None };
                let doc = annals_read::read_bytes(&bytes, &hint, &annals_read::ReadOptions::default()).document;
                for (_, block) in doc.text_blocks() {
                    let text = doc.slice(block);
                    out.extend(crate::sentences::split(text).into_iter().filter_map(|r| text.get(r).map(String::from)));
                }
            }
        }
        assert!(out.len() > 1000, "the shared corpus is missing");
        out
    }
}
