//! The infobox: the first top-level template whose name starts with "Infobox".

use super::render::{Renderer, Sink};
use super::scan::Kind;
use super::templates::is_infobox;
use annals_model::FieldValue;

/// An infobox as the builder takes it.
pub(crate) struct Infobox {
    pub name: String,
    pub fields: Vec<(String, FieldValue)>,
}

/// Finds and reads the infobox, if the input has one.
pub(crate) fn read(r: &mut Renderer) -> Option<Infobox> {
    let node = find(r)?;
    let (name, name_end) = r.template_name(node)?;
    let name = name.trim().to_string();
    let fields = fields(r, node, name_end);
    Some(Infobox { name, fields })
}

/// The first top-level template that is an infobox. Top-level nodes are a chain from the first
/// node through `next`.
fn find(r: &Renderer) -> Option<usize> {
    let nodes = &r.tree.nodes;
    let mut k = 0;
    while k < nodes.len() {
        if nodes[k].kind == Kind::Template && r.template_name(k).is_some_and(|(name, _)| is_infobox(name)) {
            return Some(k);
        }
        k = nodes[k].next;
    }
    None
}

/// The fields in source order; positional parameters are keyed "1", "2", ….
fn fields(r: &mut Renderer, node: usize, name_end: usize) -> Vec<(String, FieldValue)> {
    let n = r.node(node);
    let mut fields = Vec::new();
    let mut position = 0;
    let mut start = name_end + 1;
    while start <= n.inner_end {
        let end = r.find_top(node, start, n.inner_end, b'|').unwrap_or(n.inner_end);
        let (key, value) = match r.find_top(node, start, end, b'=') {
            Some(eq) => (key_text(r, start, eq), (eq + 1, end)),
            None => {
                position += 1;
                (position.to_string(), (start, end))
            }
        };
        let is_trailing_blank = end == n.inner_end && r.tree.slice(start, end).trim().is_empty();
        if !is_trailing_blank {
            fields.push((key, field_value(r, value.0, value.1)));
        }
        start = end + 1;
    }
    fields
}

/// A parameter name, without comments or other markup in it.
fn key_text(r: &mut Renderer, start: usize, end: usize) -> String {
    let raw = r.tree.slice(start, end);
    let k = r.first_at(start);
    let plain = match r.tree.nodes.get(k) {
        Some(n) => n.start >= end,
        None => true,
    };
    if plain {
        return raw.trim().to_string();
    }
    let mut sink = Sink::text();
    r.range(start, end, 0, &mut sink);
    sink.cur.trim().to_string()
}

fn field_value(r: &mut Renderer, start: usize, end: usize) -> FieldValue {
    let (start, end) = r.trimmed(start, end);
    let mut sink = Sink::list();
    r.lines(start, end, 0, &mut sink);
    let (items, links) = sink.finish_items();
    FieldValue { raw: r.tree.slice(start, end).to_string(), items, links, inline: false }
}
