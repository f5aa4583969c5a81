//! `annals timeline` and `annals export events`: the events of the narrative, filtered.

use crate::places::Locator;
use crate::Output;
use annals_export::EventRow;
use annals_resolve::{Conflict, Gazetteer};
use annals_store::{EventFilter, StoredEvent};
use anyhow::Result;
use std::io::Write;

/// The blocs of the sides of each document's conflict, merged over its documents: the context in
/// which a word like "militants" takes a side.
pub type SideBlocs = crate::conflicts::PerDocument<String>;

/// The blocs of a conflict's sides, where they are known.
pub fn side_blocs(conflicts: &[Conflict]) -> SideBlocs {
    SideBlocs::of(conflicts, |c| c.sides.iter().filter_map(|s| s.bloc.clone()).collect())
}

/// The events as export rows, each with its place resolved in the gazetteer and its conflict's
/// side blocs.
pub fn rows<'a>(events: &'a [StoredEvent], gazetteer: &Gazetteer, sides: &'a SideBlocs) -> Vec<EventRow<'a>> {
    let mut locator = Locator::new(gazetteer, events);
    events.iter().map(|e| row(e, &mut locator, sides)).collect()
}

fn row<'a>(e: &'a StoredEvent, locator: &mut Locator<'_>, sides: &'a SideBlocs) -> EventRow<'a> {
    EventRow {
        document: &e.document,
        conflict: &e.conflict,
        event: &e.event,
        place: locator.locate(e),
        side_blocs: sides.of_document(&e.document),
    }
}

/// One happening as the timeline shows it, with every document of its conflict that tells it.
pub struct Told<'a> {
    pub event: &'a StoredEvent,
    pub documents: Vec<&'a str>,
}

/// How the timeline treats renderings and revisions of the same article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Documents {
    /// One row per happening: the same date, kind and place in the same conflict, told by several
    /// documents, is one row that names them all.
    Merged,
    /// One row per event of each document, as the exports have them.
    Each,
}

/// The events as timeline rows, in their order.
pub fn told(events: &[StoredEvent], documents: Documents) -> Vec<Told<'_>> {
    let mut out: Vec<Told<'_>> = Vec::new();
    let mut seen: std::collections::HashMap<(&str, String, Option<String>, &str, String), usize> =
        std::collections::HashMap::new();
    for e in events {
        if documents == Documents::Merged {
            let ev = &e.event;
            let key = (
                e.conflict.as_str(),
                ev.date.start.iso(),
                ev.date.end.map(|d| d.iso()),
                ev.sub_event_type.as_str(),
                annals_resolve::name_key(ev.location.as_deref().unwrap_or("")),
            );
            if let Some(&k) = seen.get(&key) {
                let t: &mut Told<'_> = &mut out[k];
                if !t.documents.contains(&e.document.as_str()) {
                    t.documents.push(&e.document);
                    continue;
                }
                // The same document telling it twice keeps both rows.
            } else {
                seen.insert(key, out.len());
            }
        }
        out.push(Told { event: e, documents: vec![&e.document] });
    }
    out
}

pub fn print(
    out: &mut dyn Write,
    events: &[StoredEvent],
    gazetteer: &Gazetteer,
    sides: &SideBlocs,
    output: Output,
    documents: Documents,
) -> Result<()> {
    let told = told(events, documents);
    let mut locator = Locator::new(gazetteer, events);
    if output == Output::Json {
        let v: Vec<serde_json::Value> = told
            .iter()
            .map(|t| {
                let mut v = annals_export::event_json(&row(t.event, &mut locator, sides));
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

/// Checks a date filter is an ISO date at some precision, so that a typo does not silently
/// filter everything out.
pub fn check_date(s: &str) -> Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = !parts.is_empty()
        && parts.len() <= 3
        && parts[0].len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().skip(1).all(|p| p.len() == 2);
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not a date like 2014-05-01, 2014-05 or 2014"))
    }
}

pub fn filter(
    conflict: Option<String>,
    place: Option<String>,
    actor: Option<String>,
    event_type: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> EventFilter {
    // A partial `to` date covers its whole month or year.
    let to = to.map(|t| match t.len() {
        4 => format!("{t}-99-99"),
        7 => format!("{t}-99"),
        _ => t,
    });
    EventFilter { conflict, place, actor, event_type, from, to }
}
