//! The article body: headings, paragraphs, lists, definition terms and tables, line by line.
//!
//! Lines are top-level lines: a newline inside a template, link, comment or `<ref>` does not end
//! one, so a multi-line `{{Infobox …}}` or `[[File:…|caption]]` is part of the line it starts on
//! (and renders to nothing there). Finding the lines jumps over top-level nodes through the node
//! table, so it is one pass over the input.
//!
//! Sections whose heading names reference material ("References", "Notes", "Sources",
//! "External links", …) are skipped entirely, heading included, with their subsections: they hold
//! citations and links, not narrative.

use super::bytes;
use super::render::{bullets, Renderer, Sink};
use super::scan::Kind;
use annals_model::{Diagnostic, DocBuilder};

/// Words that make up the headings of reference sections.
const REFERENCE_WORDS: &[&str] = &[
    "references",
    "reference",
    "notes",
    "note",
    "footnotes",
    "endnotes",
    "citations",
    "sources",
    "bibliography",
    "external",
    "links",
    "further",
    "reading",
    "works",
    "cited",
    "literature",
    "explanatory",
    "informational",
    "and",
    "&",
];

/// Whether a heading names a reference section ("Notes and references", "External links").
fn is_reference_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    let mut words = lower.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).peekable();
    words.peek().is_some() && words.all(|w| REFERENCE_WORDS.contains(&w)) && !matches!(lower.trim(), "and" | "&")
}

struct Table {
    /// How many `{|` are open.
    depth: usize,
    /// Where the outermost open table started, for the warning if it is never closed.
    start: usize,
    row: Vec<String>,
}

struct Body<'r, 't, 'a> {
    r: &'r mut Renderer<'t, 'a>,
    b: &'r mut DocBuilder,
    diagnostics: &'r mut Vec<Diagnostic>,
    para: Sink,
    /// Reused for the text of one list item, term, heading or cell.
    scratch: Sink,
    table: Table,
    /// The level of the reference section being skipped.
    skip: Option<u8>,
    /// Warnings given so far; each one counts lines from the start, so they are capped.
    warnings: usize,
}

/// How many "unclosed table" warnings one input may produce.
const MAX_WARNINGS: usize = 16;

/// Lays out the body of the article through the builder.
pub(crate) fn read(r: &mut Renderer, b: &mut DocBuilder, diagnostics: &mut Vec<Diagnostic>) {
    let mut lines = Lines { pos: 0, node: 0, done: false };
    let mut body = Body {
        r,
        b,
        diagnostics,
        para: Sink::text(),
        scratch: Sink::text(),
        table: Table { depth: 0, start: 0, row: Vec::new() },
        skip: None,
        warnings: 0,
    };
    while let Some((start, end)) = lines.next(body.r) {
        body.line(start, end);
    }
    body.end_para();
    body.close_tables();
}

/// Top-level lines of the input.
struct Lines {
    pos: usize,
    /// The next top-level node.
    node: usize,
    done: bool,
}

impl Lines {
    fn next(&mut self, r: &Renderer) -> Option<(usize, usize)> {
        if self.done {
            return None;
        }
        let nodes = &r.tree.nodes;
        let src = r.src();
        let start = self.pos;
        let mut from = start;
        loop {
            let nl = bytes::find(src.as_bytes(), from, |b| b == b'\n').unwrap_or(src.len());
            while self.node < nodes.len() && nodes[self.node].end <= nl {
                self.node = nodes[self.node].next;
            }
            if self.node < nodes.len() && nodes[self.node].start < nl {
                // The newline is inside a node: the line goes on after it.
                from = nodes[self.node].end;
                self.node = nodes[self.node].next;
                continue;
            }
            if nl >= src.len() {
                self.done = true;
            }
            self.pos = nl + 1;
            return Some((start, nl));
        }
    }
}

impl Body<'_, '_, '_> {
    fn line(&mut self, start: usize, end: usize) {
        let bytes = self.r.src().as_bytes();
        let line = &bytes[start..end];
        if line.first() == Some(&b'=') {
            if let Some((level, hs, he)) = self.heading_parts(start, end) {
                self.heading(level, hs, he);
                return;
            }
        }
        if self.skip.is_some() {
            return;
        }
        let lead = line.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
        let rest = &line[lead..];
        if rest.starts_with(b"{|") {
            self.table_open(start);
            return;
        }
        if self.table.depth > 0 {
            self.table_line(start + lead, end);
            return;
        }
        if rest.iter().all(u8::is_ascii_whitespace) {
            self.end_para();
            self.b.flush();
            return;
        }
        match line[0] {
            b'*' | b'#' => {
                self.end_para();
                let (depth, skip) = bullets(line);
                self.render(start + skip, end);
                self.b.list_item(depth.min(u8::MAX as usize) as u8, &self.scratch.cur);
            }
            b';' => {
                self.end_para();
                let skip = line.iter().take_while(|&&c| c == b';').count();
                self.render(start + skip, end);
                self.b.term(&self.scratch.cur);
            }
            b':' => {
                self.end_para();
                let (_, skip) = bullets(line);
                self.render(start + skip, end);
                self.b.paragraph(&self.scratch.cur);
            }
            b'-' if line.starts_with(b"----") => self.end_para(),
            _ => {
                self.r.range(start, end, 0, &mut self.para);
                self.para.push(" ");
            }
        }
    }

    /// Renders `start..end` into the scratch sink (`self.scratch.cur`).
    fn render(&mut self, start: usize, end: usize) {
        self.scratch.cur.clear();
        self.r.lines(start, end, 0, &mut self.scratch);
    }

    fn end_para(&mut self) {
        if !self.para.cur.trim().is_empty() {
            self.b.paragraph(&self.para.cur);
        }
        self.para.cur.clear();
    }

    /// `== Text ==`: the level and the range of the text, or `None` if the line is no heading.
    /// Trailing whitespace and comments after the closing `=` are allowed.
    fn heading_parts(&self, start: usize, end: usize) -> Option<(u8, usize, usize)> {
        let bytes = self.r.src().as_bytes();
        let mut e = end;
        loop {
            while e > start && matches!(bytes[e - 1], b' ' | b'\t' | b'\r') {
                e -= 1;
            }
            match self.comment_ending_at(start, e) {
                Some(s) => e = s,
                None => break,
            }
        }
        let line = &bytes[start..e];
        let open = line.iter().take_while(|&&c| c == b'=').count();
        let close = line.iter().rev().take_while(|&&c| c == b'=').count();
        let level = open.min(close).min(6);
        if level == 0 || 2 * level >= line.len() {
            return None;
        }
        Some((level as u8, start + level, e - level))
    }

    /// The start of a top-level comment that ends exactly at `end`, within the line at `start`.
    fn comment_ending_at(&self, start: usize, end: usize) -> Option<usize> {
        let nodes = &self.r.tree.nodes;
        let mut k = self.r.first_at(start);
        while k < nodes.len() && nodes[k].start < end {
            if nodes[k].end == end {
                return (nodes[k].kind == Kind::Comment).then_some(nodes[k].start);
            }
            k = nodes[k].next;
        }
        None
    }

    fn heading(&mut self, level: u8, start: usize, end: usize) {
        if let Some(skipping) = self.skip {
            if level > skipping {
                return;
            }
            self.skip = None;
        }
        self.end_para();
        if self.table.depth > 0 {
            self.warn_unclosed_table();
            self.flush_row();
            self.table.depth = 0;
            self.b.flush();
        }
        self.render(start, end);
        let text = &self.scratch.cur;
        if is_reference_heading(text) {
            self.skip = Some(level);
            return;
        }
        // A heading with no text still ends the paragraph before it, but opens no section: the
        // builder drops it.
        self.b.heading(level, text);
    }

    fn table_open(&mut self, at: usize) {
        self.end_para();
        self.flush_row();
        if self.table.depth == 0 {
            self.table.start = at;
        }
        self.table.depth += 1;
    }

    fn table_line(&mut self, start: usize, end: usize) {
        let bytes = self.r.src().as_bytes();
        let rest = &bytes[start..end];
        if rest.starts_with(b"|}") {
            self.flush_row();
            self.table.depth -= 1;
            if self.table.depth == 0 {
                self.b.flush();
            }
        } else if rest.starts_with(b"|-") {
            self.flush_row();
        } else if rest.starts_with(b"|+") {
            // Captions are left out: they would split the table's rows.
        } else if rest.first().is_some_and(|&c| c == b'|' || c == b'!') {
            self.cells(start + 1, end, rest[0] == b'!');
        } else {
            self.render(start, end);
            let text = &self.scratch.cur;
            if text.trim().is_empty() {
                return;
            }
            match self.table.row.last_mut() {
                Some(cell) => {
                    cell.push(' ');
                    cell.push_str(text);
                }
                None => self.table.row.push(text.clone()),
            }
        }
    }

    /// The cells of one table line: separated by `||` (and `!!` on header lines); a single `|`
    /// inside a cell ends its attributes, which are dropped.
    fn cells(&mut self, start: usize, end: usize, header: bool) {
        let bytes = self.r.src().as_bytes();
        let marks: &[u8] = if header { b"|!" } else { b"|" };
        let mut cell = start;
        let mut attrs_end: Option<usize> = None;
        let mut p = start;
        loop {
            let Some(q) = self.r.find_top_any(p, end, marks) else {
                self.cell(attrs_end.map_or(cell, |a| a + 1), end);
                return;
            };
            if bytes.get(q + 1) == Some(&bytes[q]) {
                self.cell(attrs_end.map_or(cell, |a| a + 1), q);
                cell = q + 2;
                attrs_end = None;
                p = q + 2;
            } else {
                if bytes[q] == b'|' && attrs_end.is_none() {
                    attrs_end = Some(q);
                }
                p = q + 1;
            }
        }
    }

    fn cell(&mut self, start: usize, end: usize) {
        self.render(start, end);
        self.table.row.push(self.scratch.cur.clone());
    }

    fn flush_row(&mut self) {
        if self.table.row.is_empty() {
            return;
        }
        let row = std::mem::take(&mut self.table.row);
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        self.b.table_row(&cells);
    }

    fn close_tables(&mut self) {
        if self.table.depth > 0 {
            self.warn_unclosed_table();
            self.flush_row();
            self.table.depth = 0;
        }
    }

    fn warn_unclosed_table(&mut self) {
        self.warnings += 1;
        if self.warnings > MAX_WARNINGS {
            return;
        }
        let d = Diagnostic::warning("unclosed table \"{|\": closed at the next heading or the end");
        self.diagnostics.push(d.at(self.r.src(), self.table.start));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_headings() {
        for h in ["References", "Notes", "Notes and references", "External links", "Further reading", "Works cited"] {
            assert!(is_reference_heading(h), "{h}");
        }
        for h in ["Background", "Notes on the battle", "And", "Legacy and references to it"] {
            assert!(!is_reference_heading(h), "{h}");
        }
    }
}
