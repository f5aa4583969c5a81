//! Structural invariants every document must satisfy, whatever reader produced it.
//!
//! - every span lies within the text and on character boundaries;
//! - children lie inside their parents (subsections in sections, blocks in sections, nested list
//!   items in their items, fields in the infobox, items in their field);
//! - siblings are in order and do not overlap.

use crate::{Block, Document, ListItem, Section, Span};

/// Returns every violated invariant, or `Ok` when there is none.
pub fn check(doc: &Document) -> Result<(), Vec<String>> {
    let mut c = Checker { text: &doc.text, errors: Vec::new() };
    if let Some(t) = doc.title_span {
        c.span("title", t);
    }
    if let Some(ib) = &doc.infobox {
        c.span("infobox", ib.span);
        let mut prev = ib.span.start;
        for f in &ib.fields {
            let what = format!("field {}", f.key);
            c.inside(&what, f.span, ib.span);
            c.ordered(&what, prev, f.span);
            prev = f.span.end;
            let mut iprev = f.span.start;
            for it in &f.items {
                c.inside(&format!("{what} item"), it.span, f.span);
                c.ordered(&format!("{what} item"), iprev, it.span);
                iprev = it.span.end;
            }
        }
    }
    let mut prev = 0;
    for s in &doc.sections {
        c.ordered("section", prev, s.span);
        prev = s.span.end;
        c.section(s);
    }
    if c.errors.is_empty() {
        Ok(())
    } else {
        Err(c.errors)
    }
}

struct Checker<'a> {
    text: &'a str,
    errors: Vec<String>,
}

impl Checker<'_> {
    fn span(&mut self, what: &str, s: Span) -> bool {
        let ok = s.start <= s.end
            && s.end <= self.text.len()
            && self.text.is_char_boundary(s.start)
            && self.text.is_char_boundary(s.end);
        if !ok {
            self.errors.push(format!("{what}: span {s} is out of bounds or splits a character"));
        }
        ok
    }

    fn inside(&mut self, what: &str, child: Span, parent: Span) {
        if self.span(what, child) && !parent.contains(child) {
            self.errors.push(format!("{what}: span {child} is outside its parent {parent}"));
        }
    }

    fn ordered(&mut self, what: &str, prev_end: usize, s: Span) {
        if s.start < prev_end {
            self.errors.push(format!("{what}: span {s} overlaps the previous sibling ending at {prev_end}"));
        }
    }

    fn section(&mut self, s: &Section) {
        let name = s.heading.as_deref().unwrap_or("(lead)");
        let what = format!("section {name:?}");
        self.span(&what, s.span);
        if let Some(h) = s.heading_span {
            self.inside(&what, h, s.span);
        }
        let mut prev = s.span.start;
        for b in &s.blocks {
            let bs = b.span();
            self.inside(&format!("{what} block"), bs, s.span);
            self.ordered(&format!("{what} block"), prev, bs);
            prev = bs.end;
            match b {
                Block::List { span, items } => self.items(&what, items, *span),
                Block::Table { span, rows } => {
                    for r in rows {
                        for cell in r {
                            self.inside(&format!("{what} table cell"), *cell, *span);
                        }
                    }
                }
                Block::Paragraph { .. } | Block::Term { .. } => {}
            }
        }
        for child in &s.children {
            self.inside(&format!("{what} subsection"), child.span, s.span);
            self.ordered(&format!("{what} subsection"), prev, child.span);
            prev = child.span.end;
            self.section(child);
        }
    }

    fn items(&mut self, what: &str, items: &[ListItem], parent: Span) {
        let mut prev = parent.start;
        for it in items {
            self.inside(&format!("{what} list item"), it.span, parent);
            self.inside(&format!("{what} list item text"), it.text, it.span);
            self.ordered(&format!("{what} list item"), prev, it.span);
            prev = it.span.end;
            self.items(what, &it.children, it.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Infobox};

    #[test]
    fn reports_out_of_bounds_and_escaping_children() {
        let doc = Document {
            format: Some(Format::Plaintext),
            text: "héllo".into(),
            title_span: Some(Span::new(0, 2)),
            infobox: Some(Infobox { name: "x".into(), span: Span::new(0, 1), fields: vec![] }),
            sections: vec![Section { span: Span::new(0, 9), ..Section::default() }],
            ..Document::default()
        };
        let errs = check(&doc).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("title"), "{errs:?}");
        assert!(errs[1].contains("out of bounds"), "{errs:?}");
    }
}
