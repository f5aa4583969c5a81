//! `annals place NAME`: one place, the spellings the corpus uses for it, and every event there.

use crate::Output;
use annals_resolve::Gazetteer;
use annals_store::StoredEvent;
use anyhow::Result;
use std::io::Write;

/// `annals place NAME`: the entry, the spellings the corpus uses for it, and every event there
/// with its source span.
pub fn show(
    out: &mut dyn Write,
    gazetteer: &Gazetteer,
    events: &[StoredEvent],
    name: &str,
    output: Output,
) -> Result<bool> {
    let Some(view) = annals_query::places::place_view(gazetteer, events, name) else {
        writeln!(out, "no place in the gazetteer matches {name:?} closely enough")?;
        return Ok(false);
    };
    let (place, found, located, spellings) = (view.place, &view.found, &view.located, &view.spellings);
    let (chain, children) = (&view.within, &view.contains);
    if output == Output::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&view.json())?)?;
        return Ok(true);
    }
    writeln!(out, "{} ({})", place.name, place.kind)?;
    if found.confidence < 1.0 {
        writeln!(out, "  matched {:?} with confidence {:.2}", found.matched, found.confidence)?;
    }
    match (located.latitude, located.longitude) {
        (Some(lat), Some(lon)) => {
            writeln!(out, "  at {lat:.4}, {lon:.4} (where_prec {})", located.where_prec.unwrap_or(0))?
        }
        _ => writeln!(out, "  no coordinates")?,
    }
    if !chain.is_empty() {
        writeln!(out, "  within: {}", chain.join(" ⊂ "))?;
    }
    if !children.is_empty() {
        writeln!(out, "  contains: {}", children.join(", "))?;
    }
    if !place.aliases.is_empty() {
        writeln!(out, "  also written: {}", crate::show::clip(&place.aliases.join(", "), 300))?;
    }
    if spellings.is_empty() {
        writeln!(out, "  no events at this place in the database")?;
        return Ok(true);
    }
    let seen: Vec<String> = spellings.iter().map(|(s, n)| format!("{s} ({n})")).collect();
    writeln!(out, "  spellings in the corpus: {}", seen.join(", "))?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = view
        .mentions
        .iter()
        .map(|m| {
            let (e, w) = (m.event, &m.written);
            vec![
                e.event.date.start.iso(),
                crate::show::clip(&e.document, 30),
                format!("{}..{}", e.event.span.start, e.event.span.end),
                crate::show::clip(w, 24),
                crate::show::clip(&e.event.text, 70),
            ]
        })
        .collect();
    crate::show::print_table(out, &["DATE", "DOCUMENT", "SPAN", "WRITTEN", "SENTENCE"], &rows)?;
    writeln!(out, "{} events", view.mentions.len())?;
    Ok(true)
}
