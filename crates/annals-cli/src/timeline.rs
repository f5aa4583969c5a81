//! `annals timeline` and `annals export events`: the events of the narrative, filtered.

use crate::Output;
use annals_export::EventRow;
use annals_store::{EventFilter, StoredEvent};
use anyhow::Result;
use std::io::Write;

pub fn rows(events: &[StoredEvent]) -> Vec<EventRow<'_>> {
    events.iter().map(|e| EventRow { document: &e.document, conflict: &e.conflict, event: &e.event }).collect()
}

pub fn print(out: &mut dyn Write, events: &[StoredEvent], output: Output) -> Result<()> {
    if output == Output::Json {
        let v: Vec<serde_json::Value> = rows(events).iter().map(annals_export::event_json).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let table: Vec<Vec<String>> = events
        .iter()
        .map(|s| {
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
                crate::show::clip(e.location.as_deref().unwrap_or(""), 28),
                deaths,
                e.source.clone().unwrap_or_default(),
            ]
        })
        .collect();
    crate::show::print_table(out, &["DATE", "EVENT", "ACTOR 1", "ACTOR 2", "PLACE", "DEATHS", "SOURCE"], &table)?;
    writeln!(out, "{} events", events.len())?;
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
