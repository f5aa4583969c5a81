//! The document model of annals.
//!
//! Every reader, whatever its input format, produces a [`Document`]: a title, one *normalized text*
//! (plain UTF-8, `\n` line ends, no markup), and structure on top of it — infobox fields, sections,
//! paragraphs, list items, table rows — each located by a byte [`Span`] into that text. Later stages
//! (extraction, resolution, export) only ever see this model, so a fact found in any format can be
//! traced to the exact bytes it came from.
//!
//! Readers do not lay out the normalized text themselves: they call a [`DocBuilder`], which appends
//! text and records spans in one place. That is what makes the invariants in [`check`] hold by
//! construction rather than by the care of each reader.
//!
//! This crate does no I/O.

mod builder;
mod check;
pub mod conflict;
pub mod event;

pub use builder::{DocBuilder, FieldValue};
pub use check::check;

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open byte range `[start, end)` into a document's normalized text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers. Returns "" rather than panicking when the span does not fit,
    /// so that a stored span from an older model can never crash a reader of it.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// The rendering a document was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain-text dumps: `= Title =`, an `Infobox` block of `- Key: value` lines, `== Section ==`
    /// headings and bullet trees; also plain article text with `[n]` citation markers.
    Plaintext,
    /// Markdown with YAML front matter (the `infoboxes:` form and the `subject/tags/date/place` form).
    Markdown,
    /// An HTML page flattened to pipe-separated table text.
    Pipetable,
    /// MediaWiki wikitext, on its own or as a page of an XML dump.
    Wikitext,
    /// A Wikipedia HTML page.
    Html,
}

impl Format {
    pub const ALL: [Format; 5] =
        [Format::Plaintext, Format::Markdown, Format::Pipetable, Format::Wikitext, Format::Html];

    pub fn name(self) -> &'static str {
        match self {
            Format::Plaintext => "plaintext",
            Format::Markdown => "markdown",
            Format::Pipetable => "pipetable",
            Format::Wikitext => "wikitext",
            Format::Html => "html",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One article, in any rendering, after reading.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    pub format: Option<Format>,
    /// The normalized text every span points into. A stored model may leave it out, for the
    /// store keeps it apart, hence the default.
    #[serde(default)]
    pub text: String,
    pub title_span: Option<Span>,
    /// Revision identity when the source states it (XML dumps, front matter dates).
    pub revision: Option<Revision>,
    pub infobox: Option<Infobox>,
    /// Top-level sections in order. The lead (text before the first heading) is a section whose
    /// heading is `None`.
    pub sections: Vec<Section>,
    /// Front-matter or page metadata that is not part of the infobox (tags, description, ...).
    pub meta: Vec<Meta>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub id: Option<String>,
    pub timestamp: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub key: String,
    pub values: Vec<String>,
}

/// An infobox: ordered key/value fields, as the article gives them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Infobox {
    /// The template or block name, e.g. `Infobox military conflict`.
    pub name: String,
    pub span: Span,
    pub fields: Vec<Field>,
}

/// One infobox field. Its plain value is `text[span]`; `raw` is the value as the source wrote it
/// (wikitext markup, the YAML text, the dump line), kept so nothing is lost to rendering.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The key, lower-cased, with spaces and underscores removed (`Combatant 1` -> `combatant1`).
    pub key: String,
    pub raw: String,
    pub span: Span,
    pub links: Vec<Link>,
    /// The value's list items (one for a plain value), each inside `span`, in order.
    pub items: Vec<Item>,
}

/// An internal link: the text shown and the page it points to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub text: String,
    pub target: String,
}

/// One item of an infobox value list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub span: Span,
    /// Nesting depth: 0 for a top-level line, 1 for `*`, 2 for `**`, ...
    pub depth: u8,
    /// The country a flag before the item names (`{{flagicon|Russia}}`, 🇷🇺), as a hint.
    pub flag: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Option<String>,
    /// 0 for the lead, otherwise the heading level (2 for `==`, 3 for `===`, ...).
    pub level: u8,
    /// Everything from the heading to the end of the last subsection.
    pub span: Span,
    pub heading_span: Option<Span>,
    pub blocks: Vec<Block>,
    pub children: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph {
        span: Span,
    },
    /// A definition-list term (`; Term`), often a label for the list that follows.
    Term {
        span: Span,
    },
    List {
        span: Span,
        items: Vec<ListItem>,
    },
    Table {
        span: Span,
        rows: Vec<Vec<Span>>,
    },
}

impl Block {
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph { span } | Block::Term { span } => *span,
            Block::List { span, .. } | Block::Table { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// The item with all its descendants.
    pub span: Span,
    /// The item's own text.
    pub text: Span,
    pub children: Vec<ListItem>,
}

impl Document {
    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// The first infobox field with this key (keys are compared after [`normalize_key`]).
    pub fn field(&self, key: &str) -> Option<&Field> {
        let key = normalize_key(key);
        self.infobox.as_ref()?.fields.iter().find(|f| f.key == key)
    }

    /// Every section, depth first, with its heading path (lead first, with an empty path).
    pub fn walk_sections(&self) -> Vec<(Vec<&str>, &Section)> {
        fn go<'a>(s: &'a Section, path: &mut Vec<&'a str>, out: &mut Vec<(Vec<&'a str>, &'a Section)>) {
            if let Some(h) = &s.heading {
                path.push(h);
            }
            out.push((path.clone(), s));
            for c in &s.children {
                go(c, path, out);
            }
            if s.heading.is_some() {
                path.pop();
            }
        }
        let mut out = Vec::new();
        for s in &self.sections {
            go(s, &mut Vec::new(), &mut out);
        }
        out
    }

    /// Every paragraph, term, list-item text and table row of the body in document order, with
    /// the heading path of its section.
    pub fn text_blocks(&self) -> Vec<(Vec<&str>, Span)> {
        self.blocks_where(|_| true)
    }

    /// The prose of the body: paragraphs, terms and list items, without table rows (a table's
    /// cells are figures and labels, not sentences). What narrative extraction reads.
    pub fn prose_blocks(&self) -> Vec<(Vec<&str>, Span)> {
        self.blocks_where(|b| !matches!(b, Block::Table { .. }))
    }

    fn blocks_where(&self, keep: impl Fn(&Block) -> bool) -> Vec<(Vec<&str>, Span)> {
        fn items(list: &[ListItem], out: &mut Vec<Span>) {
            for it in list {
                out.push(it.text);
                items(&it.children, out);
            }
        }
        let mut out = Vec::new();
        for (path, s) in self.walk_sections() {
            for b in s.blocks.iter().filter(|b| keep(b)) {
                let mut spans = Vec::new();
                match b {
                    Block::Paragraph { span } | Block::Term { span } => spans.push(*span),
                    Block::List { items: list, .. } => items(list, &mut spans),
                    Block::Table { rows, .. } => {
                        for r in rows {
                            if let (Some(a), Some(z)) = (r.first(), r.last()) {
                                spans.push(Span::new(a.start, z.end));
                            }
                        }
                    }
                }
                out.extend(spans.into_iter().map(|sp| (path.clone(), sp)));
            }
        }
        out
    }
}

impl Field {
    /// The field's plain value.
    pub fn value<'a>(&self, doc: &'a Document) -> &'a str {
        doc.slice(self.span)
    }
}

/// The canonical form of an infobox key: lower case, no spaces, underscores or hyphens.
pub fn normalize_key(key: &str) -> String {
    key.chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '\t')).flat_map(char::to_lowercase).collect()
}

/// How serious a diagnostic is. An `Error` means the input could not be read as a document at all
/// (binary data, empty, truncated beyond use); a `Warning` means it was read, with a caveat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Something a reader noticed. `offset` and `line` point into the reader's input after text
/// repair (repair never changes the number of lines, so the line is the file's line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub offset: Option<usize>,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, offset: None, line: None, message: message.into() }
    }

    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, offset: None, line: None, message: message.into() }
    }

    /// Locates the diagnostic at byte `offset` of `input`, filling in the 1-based line.
    pub fn at(mut self, input: &str, offset: usize) -> Diagnostic {
        let offset = offset.min(input.len());
        self.offset = Some(offset);
        self.line = Some(input.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.line {
            Some(line) => write!(f, "line {line}: {sev}: {}", self.message),
            None => write!(f, "{sev}: {}", self.message),
        }
    }
}

/// What reading one input gives: the document (possibly empty) and what was noticed on the way.
/// Reading never fails; an input that is not a document at all carries an `Error` diagnostic.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The first error, if the input could not be read as a document.
    pub fn error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.severity == Severity::Error)
    }
}
