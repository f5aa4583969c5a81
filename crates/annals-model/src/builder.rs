//! The one place where normalized text is laid out and spans are recorded.
//!
//! The layout is the same for every format, so that two renderings of one article produce texts of
//! the same shape:
//!
//! ```text
//! Title
//!
//! key: value
//! key: first item
//!     second item
//!
//! Heading
//!
//! A paragraph.
//!
//! - a list item
//!   - a nested item
//!
//! cell | cell | cell
//! ```
//!
//! Block text is whitespace-folded (runs of spaces, tabs and line breaks become one space) and
//! trimmed; empty blocks are dropped.

use crate::{Block, Document, Field, Format, Infobox, Item, Link, ListItem, Meta, Revision, Section, Span};
use std::borrow::Cow;

/// The value of one infobox field as a reader hands it to the builder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldValue {
    /// The value as the source wrote it.
    pub raw: String,
    /// Items in order: depth, plain text, and a flag hint.
    pub items: Vec<(u8, String, Option<String>)>,
    pub links: Vec<Link>,
    /// Lay the items out on one line joined by `, ` (as renderings that flattened the value's line
    /// breaks show it) rather than one item per line.
    pub inline: bool,
}

impl FieldValue {
    /// A value with a single plain item.
    pub fn single(raw: impl Into<String>, text: &str) -> FieldValue {
        FieldValue { raw: raw.into(), items: vec![(0, text.to_string(), None)], ..FieldValue::default() }
    }
}

struct OpenSection {
    heading: Option<String>,
    level: u8,
    start: usize,
    heading_span: Option<Span>,
    blocks: Vec<Block>,
    children: Vec<Section>,
}

impl OpenSection {
    fn close(self, end: usize) -> Section {
        Section {
            heading: self.heading,
            level: self.level,
            span: Span::new(self.start, end),
            heading_span: self.heading_span,
            blocks: self.blocks,
            children: self.children,
        }
    }
}

enum Pending {
    None,
    List { start: usize, items: Vec<(u8, Span)> },
    Table { start: usize, rows: Vec<Vec<Span>> },
}

/// Builds a [`Document`] piece by piece. Call [`title`](Self::title) first, then
/// [`infobox`](Self::infobox) if there is one, then headings and blocks in document order.
pub struct DocBuilder {
    doc: Document,
    sections: Vec<OpenSection>,
    done: Vec<Section>,
    pending: Pending,
}

/// Folds whitespace runs to one space and trims, as joining `split_whitespace` with spaces would.
/// Most text reaching the builder is folded already; that is recognized in the same pass and
/// borrowed rather than copied. Otherwise runs of non-space bytes are copied in bulk.
fn fold(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut seg = 0;
    let mut i = 0;
    while i < b.len() {
        // Skip 16 bytes at a time while they hold nothing to fold. The 17th byte is looked at so
        // that a double space across the chunk's end is seen; the first and last bytes of the
        // text always go the slow way, so leading and trailing spaces are seen too.
        if i > 0 && i + 17 <= b.len() {
            if let Ok(window) = <&[u8; 17]>::try_from(&b[i..i + 17]) {
                if plain_chunk(window) {
                    i += 16;
                    continue;
                }
            }
        }
        let w = space_len(b, i);
        if w == 0 {
            i += 1;
            continue;
        }
        let mut j = i + w;
        loop {
            let w = space_len(b, j);
            if w == 0 {
                break;
            }
            j += w;
        }
        // A single ASCII space between two words is already folded; anything else changes.
        let single = b[i] == b' ' && j == i + 1 && i > 0 && j < b.len();
        if !single {
            let out = out.get_or_insert_with(|| String::with_capacity(s.len()));
            if seg < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[seg..i]);
            }
            seg = j;
        }
        i = j;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut out) => {
            if seg < b.len() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[seg..]);
            }
            Cow::Owned(out)
        }
    }
}

/// True when the first 16 bytes of `w` hold no control byte, no lead byte of a non-ASCII
/// character, and no space followed by anything that may start white space (a space, a control
/// byte, a non-ASCII lead byte). Written without early exits so that it compiles to vector
/// instructions.
#[inline]
fn plain_chunk(w: &[u8; 17]) -> bool {
    let mut bad = false;
    for k in 0..16 {
        let (c, next) = (w[k], w[k + 1]);
        bad |= !(b' '..0xC2).contains(&c) | ((c == b' ') & !(b'!'..0xC2).contains(&next));
    }
    !bad
}

/// The length of the white-space character at `i` (as `char::is_whitespace` defines it), or 0.
fn space_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') => 1,
        Some(0xC2..) if unicode_space_at(b, i) => {
            if b[i] == 0xC2 {
                2
            } else {
                3
            }
        }
        _ => 0,
    }
}

/// Whether a non-ASCII white-space character (as `char::is_whitespace` defines it) starts at `i`:
/// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
fn unicode_space_at(b: &[u8], i: usize) -> bool {
    matches!(
        (b[i], b.get(i + 1).copied(), b.get(i + 2).copied()),
        (0xC2, Some(0x85 | 0xA0), _)
            | (0xE1, Some(0x9A), Some(0x80))
            | (0xE2, Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
            | (0xE2, Some(0x81), Some(0x9F))
            | (0xE3, Some(0x80), Some(0x80))
    )
}

impl DocBuilder {
    pub fn new(format: Format) -> DocBuilder {
        DocBuilder {
            doc: Document { format: Some(format), ..Document::default() },
            sections: Vec::new(),
            done: Vec::new(),
            pending: Pending::None,
        }
    }

    /// The length of the text so far.
    pub fn pos(&self) -> usize {
        self.doc.text.len()
    }

    fn push(&mut self, s: &str) -> Span {
        let start = self.doc.text.len();
        self.doc.text.push_str(s);
        Span::new(start, self.doc.text.len())
    }

    pub fn title(&mut self, title: &str) {
        let title = fold(title);
        if title.is_empty() {
            return;
        }
        self.flush();
        let span = self.push(&title);
        self.push("\n\n");
        self.doc.title = title.into_owned();
        self.doc.title_span = Some(span);
    }

    pub fn has_title(&self) -> bool {
        !self.doc.title.is_empty()
    }

    pub fn revision(&mut self, revision: Revision) {
        self.doc.revision = Some(revision);
    }

    pub fn meta(&mut self, key: &str, values: Vec<String>) {
        self.doc.meta.push(Meta { key: key.to_string(), values });
    }

    /// Lays out an infobox. Fields whose value has no text are kept (with an empty span) so that
    /// the field order of the source is preserved.
    pub fn infobox(&mut self, name: &str, fields: Vec<(String, FieldValue)>) {
        self.flush();
        let start = self.pos();
        let mut out = Vec::with_capacity(fields.len());
        for (key, value) in fields {
            let key = crate::normalize_key(&key);
            if key.is_empty() {
                continue;
            }
            self.push(&key);
            self.push(": ");
            let vstart = self.pos();
            let mut items = Vec::new();
            for (depth, text, flag) in value.items {
                let text = fold(&text);
                if text.is_empty() {
                    continue;
                }
                if !items.is_empty() {
                    if value.inline {
                        self.push(", ");
                    } else {
                        self.push("\n    ");
                        for _ in 0..depth {
                            self.push("  ");
                        }
                    }
                }
                let span = self.push(&text);
                items.push(Item { span, depth, flag });
            }
            let vend = self.pos();
            self.push("\n");
            out.push(Field { key, raw: value.raw, span: Span::new(vstart, vend), links: value.links, items });
        }
        let end = self.pos();
        if out.is_empty() {
            return;
        }
        self.push("\n");
        self.doc.infobox = Some(Infobox { name: fold(name).into_owned(), span: Span::new(start, end), fields: out });
    }

    /// Opens a section at `level` (2 for `==`), closing any open section at that level or deeper.
    pub fn heading(&mut self, level: u8, text: &str) {
        let text = fold(text);
        if text.is_empty() {
            return;
        }
        self.flush();
        let level = level.max(1);
        let pos = self.pos();
        while let Some(top) = self.sections.last() {
            if top.heading.is_some() && top.level < level {
                break;
            }
            self.close_top(pos);
        }
        let hs = self.push(&text);
        self.push("\n\n");
        self.sections.push(OpenSection {
            heading: Some(text.into_owned()),
            level,
            start: pos,
            heading_span: Some(hs),
            blocks: Vec::new(),
            children: Vec::new(),
        });
    }

    fn close_top(&mut self, end: usize) {
        if let Some(top) = self.sections.pop() {
            let s = top.close(end);
            match self.sections.last_mut() {
                Some(parent) => parent.children.push(s),
                None => self.done.push(s),
            }
        }
    }

    fn current(&mut self) -> &mut OpenSection {
        if self.sections.is_empty() {
            let start = self.pos();
            self.sections.push(OpenSection {
                heading: None,
                level: 0,
                start,
                heading_span: None,
                blocks: Vec::new(),
                children: Vec::new(),
            });
        }
        self.sections.last_mut().expect("a section was just opened")
    }

    pub fn paragraph(&mut self, text: &str) {
        self.text_block(text, false);
    }

    /// A definition-list term (`; Term`).
    pub fn term(&mut self, text: &str) {
        self.text_block(text, true);
    }

    fn text_block(&mut self, text: &str, term: bool) {
        let text = fold(text);
        if text.is_empty() {
            return;
        }
        self.flush();
        self.current();
        let span = self.push(&text);
        self.push(if term { "\n" } else { "\n\n" });
        let block = if term { Block::Term { span } } else { Block::Paragraph { span } };
        self.current().blocks.push(block);
    }

    /// A list item at `depth` (1 for `*`, 2 for `**`, ...). Consecutive items form one list.
    pub fn list_item(&mut self, depth: u8, text: &str) {
        let text = fold(text);
        if text.is_empty() {
            return;
        }
        let depth = depth.max(1);
        if !matches!(self.pending, Pending::List { .. }) {
            self.flush();
            self.current();
            self.pending = Pending::List { start: self.pos(), items: Vec::new() };
        }
        for _ in 1..depth {
            self.push("  ");
        }
        self.push("- ");
        let span = self.push(&text);
        self.push("\n");
        if let Pending::List { items, .. } = &mut self.pending {
            items.push((depth, span));
        }
    }

    /// A table row. Consecutive rows form one table; empty rows are dropped.
    pub fn table_row(&mut self, cells: &[&str]) {
        let cells: Vec<Cow<'_, str>> = cells.iter().map(|c| fold(c)).collect();
        if cells.iter().all(|c| c.is_empty()) {
            return;
        }
        if !matches!(self.pending, Pending::Table { .. }) {
            self.flush();
            self.current();
            self.pending = Pending::Table { start: self.pos(), rows: Vec::new() };
        }
        let mut row = Vec::with_capacity(cells.len());
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.push(" | ");
            }
            row.push(self.push(c));
        }
        self.push("\n");
        if let Pending::Table { rows, .. } = &mut self.pending {
            rows.push(row);
        }
    }

    /// Ends an open list or table, so that the next list item starts a new list.
    pub fn flush(&mut self) {
        let end = self.pos();
        let block = match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::None => return,
            Pending::List { start, items } => Block::List { span: Span::new(start, end), items: tree(&items) },
            Pending::Table { start, rows } => Block::Table { span: Span::new(start, end), rows },
        };
        self.push("\n");
        self.current().blocks.push(block);
    }

    pub fn finish(mut self) -> Document {
        self.flush();
        let end = self.pos();
        while !self.sections.is_empty() {
            self.close_top(end);
        }
        self.doc.sections = self.done;
        self.doc
    }
}

/// Turns a flat run of (depth, text span) into a tree: an item's children are the items after it
/// that are deeper, up to the next item at its depth or shallower.
fn tree(flat: &[(u8, Span)]) -> Vec<ListItem> {
    let mut roots: Vec<ListItem> = Vec::new();
    let mut stack: Vec<(u8, ListItem)> = Vec::new();
    fn attach(stack: &mut Vec<(u8, ListItem)>, roots: &mut Vec<ListItem>) {
        if let Some((_, mut item)) = stack.pop() {
            item.span.end = item.children.last().map_or(item.text.end, |c| c.span.end);
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(item),
                None => roots.push(item),
            }
        }
    }
    for &(depth, text) in flat {
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            attach(&mut stack, &mut roots);
        }
        stack.push((depth, ListItem { span: text, text, children: Vec::new() }));
    }
    while !stack.is_empty() {
        attach(&mut stack, &mut roots);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_spans() {
        let mut b = DocBuilder::new(Format::Plaintext);
        b.title("Battle  of\nX");
        b.infobox(
            "Infobox",
            vec![
                ("Date".into(), FieldValue::single("1 May", "1 May")),
                (
                    "Combatant 1".into(),
                    FieldValue {
                        raw: "A, * B".into(),
                        items: vec![(0, "A".into(), None), (1, "B".into(), Some("Russia".into()))],
                        links: vec![],
                        inline: false,
                    },
                ),
            ],
        );
        b.paragraph("Lead text.");
        b.heading(2, "Course");
        b.list_item(1, "one");
        b.list_item(2, "one.a");
        b.list_item(1, "two");
        b.heading(3, "Detail");
        b.paragraph("Deep.");
        b.heading(2, "After");
        b.table_row(&["a", "b"]);
        let d = b.finish();
        assert_eq!(d.title, "Battle of X");
        assert_eq!(d.slice(d.title_span.unwrap()), "Battle of X");
        let f = d.field("combatant1").unwrap();
        assert_eq!(d.slice(f.items[1].span), "B");
        assert_eq!(f.items[1].flag.as_deref(), Some("Russia"));
        assert_eq!(d.field("date").unwrap().value(&d), "1 May");
        assert_eq!(d.sections.len(), 3, "lead, Course, After");
        assert_eq!(d.sections[1].children.len(), 1);
        let Block::List { items, .. } = &d.sections[1].blocks[0] else { panic!("expected a list") };
        assert_eq!(items.len(), 2);
        assert_eq!(d.slice(items[0].children[0].text), "one.a");
        assert!(items[0].span.contains(items[0].children[0].span));
        crate::check(&d).unwrap();
        let paths: Vec<String> = d.walk_sections().iter().map(|(p, _)| p.join("/")).collect();
        assert_eq!(paths, ["", "Course", "Course/Detail", "After"]);
    }

    /// The fast path must agree with folding by `split_whitespace` on every string.
    #[test]
    fn fold_fast_path_agrees_with_split_whitespace() {
        let reference = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        // Letters weigh most, so that long plain runs exercise the chunked fast path.
        let alphabet = [
            'a', 'b', 'c', 'd', 'e', 'f', ' ', ' ', ' ', '\t', '\n', '\u{a0}', 'é', '–', '\u{2003}', '\u{3000}',
            '\u{85}', '\u{200b}', '\u{1680}', '\u{205f}',
        ];
        let mut seed = 1u64;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            // Lengths up to 127: past the 17-byte window several times.
            let len = (seed >> 57) as usize;
            let mut t = String::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                t.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(fold(&t), reference(&t), "{t:?}");
            let padded = format!("{t} plain words go here to fill a chunk {t}");
            assert_eq!(fold(&padded), reference(&padded), "{padded:?}");
        }
        assert!(matches!(fold("already – folded"), Cow::Borrowed(_)));
    }

    /// Regression: a space ending a skipped 16-byte chunk, followed by a line break, was copied
    /// as if it stood alone, so the output had two spaces.
    #[test]
    fn fold_space_before_line_break_at_chunk_end() {
        let s = format!("{} \nnext", "x".repeat(16));
        assert_eq!(fold(&s), format!("{} next", "x".repeat(16)));
        let s = format!("y{} \u{a0}z", "x".repeat(14));
        assert_eq!(fold(&s), format!("y{} z", "x".repeat(14)));
    }

    #[test]
    fn list_depth_jumps_attach_to_deepest_open_item() {
        let flat = [(1, Span::new(0, 1)), (3, Span::new(2, 3)), (2, Span::new(4, 5)), (1, Span::new(6, 7))];
        let t = tree(&flat);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children.len(), 2);
        assert_eq!(t[0].span, Span::new(0, 5));
    }
}
