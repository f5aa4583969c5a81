//! (reader under construction)
use crate::Hint;
use annals_model::{DocBuilder, Format, Parsed};

pub fn read(text: &str, hint: &Hint) -> Parsed {
    let mut b = DocBuilder::new(Format::Plaintext);
    b.title(hint.title.as_deref().unwrap_or(""));
    b.paragraph(text);
    Parsed { document: b.finish(), diagnostics: Vec::new() }
}
