//! MediaWiki wikitext reader.
//!
//! Wikitext is read in two passes, both linear in the input:
//!
//! 1. **Matching** ([`scan`]): one walk over the bytes pairs every `{{`, `{{{`, `[[` and
//!    `[http…` with its closer using an explicit stack, and cuts out comments and extension tags
//!    (`<ref>`, `<nowiki>`, …). A closer whose kind is not on the stack is text; otherwise the
//!    openers above its own are popped and become literal text. Every opener is pushed and popped
//!    once, and look-ahead searches (for `-->`, `</ref>`) never rescan, so the pass is linear and
//!    unclosed constructs cost nothing extra. The result is a flat table of nodes in source
//!    order, each knowing where its subtree ends.
//! 2. **Rendering** ([`render`], [`templates`], [`infobox`], [`body`]): the infobox template
//!    becomes fields and list items, then the body is read line by line (headings, paragraphs,
//!    lists, tables). Text is rendered from the node table: the text between nodes is copied
//!    with inline markup removed, and nodes are rendered by kind. Recursion follows node nesting
//!    and is cut at a fixed depth, beyond which a node is kept as literal text.
//!
//! A hand-written parser rather than a general one, because real and broken articles must never
//! hang or exhaust memory: parse_wiki_text, for one, does both on unclosed templates.
//!
//! Choices worth knowing:
//! - wikitext has no title of its own: the title is the hint's;
//! - reference sections ("References", "Notes", "Sources", "External links", "Further reading",
//!   …) are skipped entirely, heading and subsections included;
//! - notes (`<ref>`, `{{efn}}`, `{{sfn}}`) and citation templates are left out of the text; an
//!   infobox field's `raw` keeps them;
//! - problems (unclosed constructs) are warnings; a missing infobox is not a problem.

mod body;
mod bytes;
mod entities;
mod infobox;
mod render;
mod scan;
mod templates;

use crate::Hint;
use annals_model::{DocBuilder, Format, Parsed};
use render::Renderer;

/// Reads one article in wikitext. Never fails and never panics; see the module documentation.
pub fn read(text: &str, hint: &Hint) -> Parsed {
    let (tree, mut diagnostics) = scan::scan(text);
    let title = hint.title.as_deref().unwrap_or("");
    let mut b = DocBuilder::new(Format::Wikitext);
    b.title(title);
    if let Some(revision) = &hint.revision {
        b.revision(revision.clone());
    }
    let mut r = Renderer::new(&tree, title);
    if let Some(ib) = infobox::read(&mut r) {
        b.infobox(&ib.name, ib.fields);
    }
    body::read(&mut r, &mut b, &mut diagnostics);
    Parsed { document: b.finish(), diagnostics }
}
