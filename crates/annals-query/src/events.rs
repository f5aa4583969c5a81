//! Events: filtered, placed in the gazetteer, and merged into happenings told by several
//! documents.

use crate::places::{at_place, Locator};
use crate::Result;
use annals_export::EventRow;
use annals_resolve::{Actors, Conflict, Gazetteer, Theatre, TheatreRef};
use annals_store::{EventFilter, Store, StoredEvent};
use std::collections::HashMap;

/// What each document's conflict gives its events: the blocs of its sides, merged over its
/// documents (the context in which a word like "militants" takes a side), and the theatre whose
/// actors name and align them. A document without a conflict has no sides and an empty theatre.
pub struct EventContexts {
    by_document: HashMap<String, (Vec<String>, TheatreRef)>,
    none: TheatreRef,
}

impl EventContexts {
    pub fn of(conflicts: &[Conflict]) -> EventContexts {
        let mut by_document = HashMap::new();
        for c in conflicts {
            let blocs: Vec<String> = c.sides.iter().filter_map(|s| s.bloc.clone()).collect();
            for d in &c.documents {
                by_document.insert(d.clone(), (blocs.clone(), c.theatre.clone()));
            }
        }
        EventContexts { by_document, none: TheatreRef(std::sync::Arc::new(Theatre::empty())) }
    }

    /// The blocs of a document's conflict's sides, where they are known.
    pub fn side_blocs(&self, document: &str) -> &[String] {
        self.by_document.get(document).map_or(&[], |(b, _)| b.as_slice())
    }

    /// The theatre a document's conflict is read with.
    pub fn theatre(&self, document: &str) -> &Theatre {
        self.by_document.get(document).map_or(&self.none, |(_, t)| t)
    }
}

/// The events as export rows, each with its place resolved in the gazetteer and its conflict's
/// side blocs and actors.
pub fn rows<'a>(events: &'a [StoredEvent], gazetteer: &Gazetteer, contexts: &'a EventContexts) -> Vec<EventRow<'a>> {
    let mut locator = Locator::new(gazetteer, events);
    events.iter().map(|e| row(e, &mut locator, contexts)).collect()
}

pub fn row<'a>(e: &'a StoredEvent, locator: &mut Locator<'_>, contexts: &'a EventContexts) -> EventRow<'a> {
    EventRow {
        document: &e.document,
        conflict: &e.conflict,
        event: &e.event,
        place: locator.locate(e),
        side_blocs: contexts.side_blocs(&e.document),
        actors: &contexts.theatre(&e.document).actors,
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
    let ids = Happenings::of(events);
    let rows = Rows::merge(events.iter().enumerate().map(|(i, e)| (e.document.as_str(), ids.0[i])), ids.1, documents);
    (0..rows.len()).map(|r| rows.told(r, |i| &events[i])).collect()
}

/// Which events tell the same happening: the same date, kind and place in the same conflict.
/// Each event's happening as a number below the count of happenings, so that a merge of any
/// subset of the events needs no hashing.
pub struct Happenings(pub Vec<usize>, pub usize);

impl Happenings {
    pub fn of(events: &[StoredEvent]) -> Happenings {
        let mut ids: HashMap<(&str, String, Option<String>, &str, String), usize> = HashMap::new();
        let of = events
            .iter()
            .map(|e| {
                let ev = &e.event;
                let key = (
                    e.conflict.as_str(),
                    ev.date.start.iso(),
                    ev.date.end.map(|d| d.iso()),
                    ev.sub_event_type.as_str(),
                    annals_resolve::name_key(ev.location.as_deref().unwrap_or("")),
                );
                let next = ids.len();
                *ids.entry(key).or_insert(next)
            })
            .collect();
        Happenings(of, ids.len())
    }
}

/// Timeline rows over events in order: merged, a happening told by several documents is one row
/// that names them all, and the same document telling it twice keeps both rows. A row is its
/// first event's position in the input; only the rows a caller shows need their [`Told`].
#[derive(Clone, Debug)]
pub struct Rows {
    /// Each row's first event.
    pub first: Vec<usize>,
    /// The events of other documents that joined a row, by row.
    joined: HashMap<usize, Vec<usize>>,
}

impl Rows {
    /// Rows from events in order, each given by its document (anything that tells documents
    /// apart: a name, or a number) and its happening (below `happenings`).
    pub fn merge<D: PartialEq + Copy>(
        events: impl IntoIterator<Item = (D, usize)>,
        happenings: usize,
        documents: Documents,
    ) -> Rows {
        let events = events.into_iter();
        let mut first = Vec::with_capacity(events.size_hint().0);
        let mut joined: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut seen: Vec<D> = Vec::with_capacity(events.size_hint().0);
        // The row each happening has so far, plus one (0: none yet).
        let mut row = vec![0usize; if documents == Documents::Merged { happenings } else { 0 }];
        for (i, (document, h)) in events.enumerate() {
            seen.push(document);
            if documents == Documents::Merged {
                match row[h] {
                    0 => row[h] = first.len() + 1,
                    r => {
                        let mut told_by =
                            std::iter::once(first[r - 1]).chain(joined.get(&(r - 1)).into_iter().flatten().copied());
                        if !told_by.any(|j| seen[j] == document) {
                            joined.entry(r - 1).or_default().push(i);
                            continue;
                        }
                    }
                }
            }
            first.push(i);
        }
        Rows { first, joined }
    }

    pub fn len(&self) -> usize {
        self.first.len()
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// Row `r` with the documents that tell it, the events looked up by their input position.
    pub fn told<'a>(&self, r: usize, event: impl Fn(usize) -> &'a StoredEvent) -> Told<'a> {
        let e = event(self.first[r]);
        let mut documents = vec![e.document.as_str()];
        documents.extend(self.joined.get(&r).into_iter().flatten().map(|&j| event(j).document.as_str()));
        Told { event: e, documents }
    }
}

/// Checks a date filter is an ISO date at some precision, so that a typo does not silently
/// filter everything out.
pub fn check_date(s: &str) -> std::result::Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = !parts.is_empty()
        && parts.len() <= 3
        && parts[0].len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().skip(1).all(|p| p.len() == 2)
        && parts.get(1).is_none_or(|m| ("01"..="12").contains(m))
        && parts.get(2).is_none_or(|d| ("01"..="31").contains(d));
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
/// through the actors data (`actors`: those of every theatre in use). Other names are matched as text by the store.
pub fn filtered_events(
    store: &Store,
    mut f: EventFilter,
    gazetteer: &Gazetteer,
    actors: &Actors,
) -> Result<Vec<StoredEvent>> {
    let place = f.place.as_deref().and_then(|p| gazetteer.resolve(p));
    if place.is_some() {
        f.place = None;
    }
    let actor = f.actor.take_if(|a| actors.lookup(a).is_some());
    let mut events = store.events(&f)?;
    if let Some(a) = actor {
        events.retain(|e| crate::entities::involves(actors, &e.event, &a));
    }
    Ok(match place {
        Some(target) => at_place(gazetteer, events, &target),
        None => events,
    })
}

#[cfg(test)]
mod tests {
    use super::check_date;

    #[test]
    fn date_filters_are_iso_dates_at_some_precision() {
        for ok in ["2014", "2014-05", "2014-05-01", "2014-12-31"] {
            assert_eq!(check_date(ok).as_deref(), Ok(ok));
        }
        for bad in ["", "14", "2014-5", "2014-13", "2014-00", "2014-05-32", "2014-05-00", "2014-05-01-02", "May 2014"] {
            assert!(check_date(bad).is_err(), "{bad:?} passed");
        }
    }
}
