//! Printing documents for people (aligned text) and for scripts (JSON).

use crate::Output;
use annals_model::conflict::{Basis, ConflictRecord};
use annals_model::{Block, Document, ListItem, Section};
use annals_resolve::Theatre;
use annals_store::{DocSummary, Store, StoredDoc};
use anyhow::Result;
use serde_json::{json, Value};
use std::io::Write;

/// Prints rows as columns padded to their widest cell, the header first.
pub fn print_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut line = String::new();
        for (i, (c, w)) in cells.iter().zip(&width).enumerate() {
            line.push_str(c);
            if i + 1 < cells.len() {
                line.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        line.trim_end().to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for r in rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

fn revision(d: &DocSummary) -> String {
    match &d.source_revision {
        Some(r) => format!("{} ({})", d.revision, r),
        None => d.revision.to_string(),
    }
}

pub fn docs(out: &mut dyn Write, store: &Store, output: Output) -> Result<()> {
    let list = store.list()?;
    if output == Output::Json {
        let rows: Vec<Value> = list
            .iter()
            .map(|d| {
                json!({"id": d.id, "title": d.title, "format": d.format, "path": d.path, "name": d.name,
                       "revision": d.revision, "source_revision": d.source_revision, "bytes": d.bytes})
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|d| {
            vec![
                d.id.to_string(),
                clip(&d.title, 60),
                d.format.clone(),
                revision(d),
                d.bytes.to_string(),
                clip(&d.name, 50),
            ]
        })
        .collect();
    print_table(out, &["ID", "TITLE", "FORMAT", "REV", "BYTES", "FILE"], &rows)?;
    writeln!(out, "{} documents", list.len())?;
    Ok(())
}

/// What a document is read as: its conflict record's basis and the theatre it is read with.
pub struct ReadAs<'a> {
    pub record: Option<&'a ConflictRecord>,
    pub theatre: &'a Theatre,
}

impl ReadAs<'_> {
    /// One line for people: where the record came from and which war's data reads it.
    fn line(&self) -> String {
        let Some(r) = self.record else { return "no conflict record: its events have no sides".into() };
        let basis = match r.basis {
            Basis::Infobox => "a conflict record from its infobox",
            Basis::Lead => "a conflict record inferred from its title and lead",
        };
        if self.theatre.own {
            let blocs = self.theatre.scope.blocs.join(", ");
            format!("{basis}; no theatre covers it, so it is read with its own sides (blocs: {blocs})")
        } else {
            format!("{basis}; read in the theatre {} ({})", self.theatre.scope.name, self.theatre.id())
        }
    }

    fn json(&self) -> Value {
        json!({
            "record": self.record.map(|r| r.basis),
            "theatre": self.theatre.id(),
            "own_sides": self.theatre.own,
            "blocs": self.theatre.scope.blocs,
        })
    }
}

pub fn doc(out: &mut dyn Write, stored: &StoredDoc, read_as: &ReadAs<'_>, output: Output) -> Result<()> {
    if output == Output::Json {
        let mut v = doc_json(stored);
        v["read_as"] = read_as.json();
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let (s, d) = (&stored.summary, &stored.document);
    writeln!(out, "{}", d.title)?;
    writeln!(out, "  id {} · {} · revision {} · {} bytes · {}", s.id, s.format, revision(s), s.bytes, s.path)?;
    writeln!(out, "  {}", read_as.line())?;
    if let Some(ib) = &d.infobox {
        writeln!(out, "\n{} ({} fields)", ib.name, ib.fields.len())?;
        let width = ib.fields.iter().map(|f| f.key.len()).max().unwrap_or(0);
        for f in &ib.fields {
            let mut first = true;
            for it in &f.items {
                let key = if first { f.key.as_str() } else { "" };
                let flag = it.flag.as_deref().map(|c| format!(" [flag: {c}]")).unwrap_or_default();
                writeln!(out, "  {key:width$}  {}{}{flag}", "  ".repeat(it.depth as usize), d.slice(it.span))?;
                first = false;
            }
            if first {
                writeln!(out, "  {:width$}  (empty)", f.key)?;
            }
        }
    }
    writeln!(out, "\nSections")?;
    for s in &d.sections {
        print_section(out, s, 1)?;
    }
    if !stored.diagnostics.is_empty() {
        writeln!(out, "\nDiagnostics")?;
        for g in &stored.diagnostics {
            writeln!(out, "  {g}")?;
        }
    }
    Ok(())
}

fn print_section(out: &mut dyn Write, s: &Section, depth: usize) -> Result<()> {
    let (mut paras, mut lists, mut items, mut rows) = (0, 0, 0, 0);
    for b in &s.blocks {
        match b {
            Block::Paragraph { .. } | Block::Term { .. } => paras += 1,
            Block::List { items: list, .. } => {
                lists += 1;
                items += count_items(list);
            }
            Block::Table { rows: r, .. } => rows += r.len(),
        }
    }
    let mut parts = Vec::new();
    if paras > 0 {
        parts.push(format!("{paras} paragraphs"));
    }
    if lists > 0 {
        parts.push(format!("{lists} lists ({items} items)"));
    }
    if rows > 0 {
        parts.push(format!("{rows} table rows"));
    }
    let heading = s.heading.as_deref().unwrap_or("(lead)");
    writeln!(out, "{}{heading}  [{}]  {}", "  ".repeat(depth), s.span, parts.join(", "))?;
    for c in &s.children {
        print_section(out, c, depth + 1)?;
    }
    Ok(())
}

fn count_items(list: &[ListItem]) -> usize {
    list.iter().map(|i| 1 + count_items(&i.children)).sum()
}

/// The document as JSON with the text of every span spelled out, for scripts.
fn doc_json(stored: &StoredDoc) -> Value {
    let (s, d) = (&stored.summary, &stored.document);
    let span = |sp: annals_model::Span| json!([sp.start, sp.end]);
    let fields: Vec<Value> = d
        .infobox
        .iter()
        .flat_map(|ib| &ib.fields)
        .map(|f| {
            json!({
                "key": f.key, "value": f.value(d), "raw": f.raw, "span": span(f.span),
                "links": f.links,
                "items": f.items.iter().map(|i| json!({"text": d.slice(i.span), "depth": i.depth, "flag": i.flag, "span": span(i.span)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    fn items_json(d: &Document, list: &[ListItem]) -> Vec<Value> {
        list.iter()
            .map(|i| json!({"text": d.slice(i.text), "span": [i.text.start, i.text.end], "children": items_json(d, &i.children)}))
            .collect()
    }
    fn section_json(d: &Document, s: &Section) -> Value {
        let blocks: Vec<Value> = s
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { span } => json!({"kind": "paragraph", "span": [span.start, span.end], "text": d.slice(*span)}),
                Block::Term { span } => json!({"kind": "term", "span": [span.start, span.end], "text": d.slice(*span)}),
                Block::List { span, items } => json!({"kind": "list", "span": [span.start, span.end], "items": items_json(d, items)}),
                Block::Table { span, rows } => json!({"kind": "table", "span": [span.start, span.end],
                    "rows": rows.iter().map(|r| r.iter().map(|c| d.slice(*c)).collect::<Vec<_>>()).collect::<Vec<_>>()}),
            })
            .collect();
        json!({
            "heading": s.heading, "level": s.level, "span": [s.span.start, s.span.end],
            "blocks": blocks,
            "children": s.children.iter().map(|c| section_json(d, c)).collect::<Vec<_>>(),
        })
    }
    json!({
        "id": s.id, "title": d.title, "format": s.format, "path": s.path, "name": s.name,
        "revision": s.revision, "source_revision": s.source_revision, "bytes": s.bytes,
        "content_hash": stored.content_hash,
        "infobox": d.infobox.as_ref().map(|ib| json!({"name": ib.name, "span": span(ib.span), "fields": fields})),
        "sections": d.sections.iter().map(|x| section_json(d, x)).collect::<Vec<_>>(),
        "meta": d.meta,
        "diagnostics": stored.diagnostics.iter().map(|g| json!({"severity": g.severity, "line": g.line, "message": g.message})).collect::<Vec<_>>(),
        "text": d.text,
    })
}
