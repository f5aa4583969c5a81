//! Events: filtered, placed in the gazetteer, and merged into happenings told by several
//! documents.

use crate::places::{at_place, Locator};
use crate::Result;
use annals_export::EventRow;
use annals_resolve::{Actors, Conflict, Gazetteer};
use annals_store::{EventFilter, Store, StoredEvent};

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

pub fn row<'a>(e: &'a StoredEvent, locator: &mut Locator<'_>, sides: &'a SideBlocs) -> EventRow<'a> {
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

/// Checks a date filter is an ISO date at some precision, so that a typo does not silently
/// filter everything out.
pub fn check_date(s: &str) -> std::result::Result<String, String> {
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

/// The store's filter for these criteria.
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

/// The events a filter asks for. A place is matched through the gazetteer when it knows the
/// name, so that any spelling finds the place and the places within it; an actor likewise
/// through the actors data. Other names are matched as text by the store.
pub fn filtered_events(store: &Store, mut f: EventFilter, gazetteer: &Gazetteer) -> Result<Vec<StoredEvent>> {
    let place = f.place.as_deref().and_then(|p| gazetteer.resolve(p));
    if place.is_some() {
        f.place = None;
    }
    let actor = f.actor.take_if(|a| Actors::builtin().lookup(a).is_some());
    let mut events = store.events(&f)?;
    if let Some(a) = actor {
        events.retain(|e| crate::entities::involves(Actors::builtin(), &e.event, &a));
    }
    Ok(match place {
        Some(target) => at_place(gazetteer, events, &target),
        None => events,
    })
}
