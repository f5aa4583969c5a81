//! `annals timeline`: the events of the narrative, filtered, as a table or JSON.

use crate::Output;
use annals_query::events::{row, told, Documents, EventContexts};
use annals_query::places::Locator;
use annals_resolve::Gazetteer;
use annals_store::StoredEvent;
use anyhow::Result;
use std::io::Write;

pub fn print(
    out: &mut dyn Write,
    events: &[StoredEvent],
    gazetteer: &Gazetteer,
    contexts: &EventContexts,
    output: Output,
    documents: Documents,
) -> Result<()> {
    let told = told(events, documents);
    let mut locator = Locator::new(gazetteer, events);
    if output == Output::Json {
        let v: Vec<serde_json::Value> = told
            .iter()
            .map(|t| {
                let mut v = annals_export::event_json(&row(t.event, &mut locator, contexts));
                v["documents"] = serde_json::json!(t.documents);
                v
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let table: Vec<Vec<String>> = told
        .iter()
        .map(|t| {
            let s = t.event;
            let e = &s.event;
            let date = match e.date.end {
                Some(end) if end != e.date.start => format!("{}–{}", e.date.start, end),
                _ => e.date.start.to_string(),
            };
            let deaths = e.fatalities.map_or(String::new(), |f| match (f.low, f.high) {
                (Some(l), Some(h)) if l == h => l.to_string(),
                (Some(l), Some(h)) => format!("{l}–{h}"),
                (Some(l), None) => format!("{l}+"),
                (None, Some(h)) => format!("≤{h}"),
                (None, None) => String::new(),
            });
            vec![
                date,
                e.sub_event_type.clone(),
                crate::show::clip(e.actor1.as_deref().unwrap_or(""), 28),
                crate::show::clip(e.actor2.as_deref().unwrap_or(""), 28),
                crate::show::clip(&locator.locate(s).map(|p| p.name).unwrap_or_default(), 28),
                deaths,
                e.source.clone().unwrap_or_default(),
                t.documents.len().to_string(),
            ]
        })
        .collect();
    crate::show::print_table(
        out,
        &["DATE", "EVENT", "ACTOR 1", "ACTOR 2", "PLACE", "DEATHS", "SOURCE", "DOCS"],
        &table,
    )?;
    writeln!(out, "{} events", told.len())?;
    Ok(())
}
