//! Format detection, text repair and readers.
//!
//! [`read_bytes`] is the front door: it decodes and repairs the bytes ([`repair`]), detects the
//! rendering ([`sniff`]) unless told, and hands the text to that format's reader. Every reader is a
//! pure function from text to [`Parsed`]: it does no I/O and never fails; what it could not make
//! sense of comes back as diagnostics. MediaWiki XML dumps hold many documents, so they are read
//! page by page through [`dump::DumpReader`] over any `BufRead`, which is where I/O errors (and
//! so [`ReadError`]) can arise.

pub mod bz2par;
pub mod dump;
mod frontlines;
pub mod html;
pub mod markdown;
pub mod pipetable;
pub mod plaintext;
pub mod repair;
pub mod sniff;
mod text;
pub mod wikitext;

pub use annals_model::{Diagnostic, Document, Format, Parsed, Revision, Severity};
pub use sniff::sniff;

/// What the caller knows about an input besides its bytes.
#[derive(Clone, Debug, Default)]
pub struct Hint {
    /// A title to use when the input has none of its own (a file stem, a dump page title).
    pub title: Option<String>,
    /// The revision, when the container states it (XML dumps).
    pub revision: Option<Revision>,
}

/// How to read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    /// Read as this format instead of sniffing.
    pub format: Option<Format>,
}

/// Errors of the streaming dump reader. Reading a single document never fails; see [`Parsed`].
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The underlying reader failed (a truncated or corrupt bzip2 stream shows up here too).
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The XML is malformed at the given byte position of the (decompressed) stream.
    #[error("malformed XML at byte {position}: {message}")]
    Xml { position: u64, message: String },
}

/// Decodes, repairs, detects and reads one document.
pub fn read_bytes(bytes: &[u8], hint: &Hint, options: &ReadOptions) -> Parsed {
    let (text, mut diagnostics) = match repair::decode(bytes) {
        Ok(ok) => ok,
        Err(diagnostic) => return Parsed { document: Document::default(), diagnostics: vec![diagnostic] },
    };
    let format = match options.format.or_else(|| sniff(&text)) {
        Some(f) => f,
        None => {
            diagnostics.push(Diagnostic::error("not a recognizable article: no title, headings or paragraphs"));
            return Parsed { document: Document::default(), diagnostics };
        }
    };
    let mut parsed = read_text(&text, format, hint);
    diagnostics.append(&mut parsed.diagnostics);
    parsed.diagnostics = diagnostics;
    parsed
}

/// Reads already decoded and repaired text in a known format.
pub fn read_text(text: &str, format: Format, hint: &Hint) -> Parsed {
    let mut parsed = match format {
        Format::Plaintext => plaintext::read(text, hint),
        Format::Markdown => markdown::read(text, hint),
        Format::Pipetable => pipetable::read(text, hint),
        Format::Wikitext => wikitext::read(text, hint),
        Format::Html => html::read(text, hint),
    };
    let doc = &mut parsed.document;
    if doc.revision.is_none() {
        doc.revision = hint.revision.clone();
    }
    if doc.title.trim().is_empty() && doc.text.trim().is_empty() {
        parsed.diagnostics.push(Diagnostic::error(format!("no text could be read as {format}")));
    }
    parsed
}
