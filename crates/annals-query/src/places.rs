//! Places: the gazetteer with the users' files, events' places resolved in the context of their
//! conflict, and one place with every event there.

use crate::{QueryError, Result};
use annals_resolve::{Gazetteer, Located, Near, Place, Resolved};
use annals_store::StoredEvent;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::PathBuf;

/// The built-in gazetteer, or the built-in one with the entries of the files named.
pub fn gazetteer(files: &[PathBuf]) -> Result<Cow<'static, Gazetteer>> {
    if files.is_empty() {
        return Ok(Cow::Borrowed(Gazetteer::builtin()));
    }
    let mut texts = Vec::new();
    for p in files {
        texts.push(std::fs::read_to_string(p).map_err(|source| QueryError::PlacesFile { path: p.clone(), source })?);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let g =
        Gazetteer::with_extensions(&refs).map_err(|source| QueryError::Places { files: files.join(", "), source })?;
    Ok(Cow::Owned(g))
}

/// The gazetteer as [`gazetteer`] loads it, loaded the first time it is asked for and kept in
/// `cell`: a command that may not need it does not pay for it, and never loads it twice.
pub fn gazetteer_once<'a>(
    cell: &'a OnceCell<Cow<'static, Gazetteer>>,
    files: &[PathBuf],
) -> Result<&'a Cow<'static, Gazetteer>> {
    if let Some(g) = cell.get() {
        return Ok(g);
    }
    let g = gazetteer(files)?;
    Ok(cell.get_or_init(|| g))
}

/// Resolves the places of events, each in the context of its conflict: the governorate most of
/// the conflict's surely named places lie in breaks ties between places of the same name, and
/// the country most of its surely placed events lie in (with the countries bordering it that
/// two or more of its distinct names lie in) scopes its names ([`Near::Countries`]): a place
/// outside those stands only when it is big and surely named.
pub struct Locator<'g> {
    gazetteer: &'g Gazetteer,
    context: HashMap<String, Near>,
    cache: HashMap<(String, Near), Option<Resolved>>,
}

impl<'g> Locator<'g> {
    pub fn new(gazetteer: &'g Gazetteer, events: &[StoredEvent]) -> Locator<'g> {
        let mut votes: HashMap<&str, HashMap<usize, usize>> = HashMap::new();
        let mut placed: HashMap<&str, usize> = HashMap::new();
        // Countries are voted by the events surely placed in them and by their distinct names.
        let mut country_votes: HashMap<&str, HashMap<&str, (usize, usize)>> = HashMap::new();
        let mut named: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
        // The sure resolutions are kept: events of a conflict without a context use them again.
        let mut cache: HashMap<(String, Near), Option<Resolved>> = HashMap::new();
        for e in events {
            let Some(name) = e.event.location.as_deref() else { continue };
            *placed.entry(e.conflict.as_str()).or_default() += 1;
            let first = named.entry(e.conflict.as_str()).or_default().insert(name);
            let sure = cache
                .entry((name.to_string(), Near::Unknown))
                .or_insert_with(|| gazetteer.resolve_near(name, Near::Unknown));
            let Some(r) = sure.as_ref() else { continue };
            if r.confidence < 1.0 {
                continue;
            }
            if let Some(g) = gazetteer.within(r.id, "governorate") {
                *votes.entry(e.conflict.as_str()).or_default().entry(g).or_default() += 1;
            }
            if let Some(c) = gazetteer.country_of(r.id) {
                let vote = country_votes.entry(e.conflict.as_str()).or_default().entry(c).or_default();
                vote.0 += usize::from(first);
                vote.1 += 1;
            }
        }
        // The governorate most surely named places lie in, when they are at least a fifth of the
        // conflict's places: an article on another war that names Damascus once is not set in
        // Syria. Its country scopes the names too.
        let mut context: HashMap<String, Near> = votes
            .into_iter()
            .filter_map(|(c, v)| {
                let (g, n) = v.into_iter().max_by_key(|&(g, n)| (n, std::cmp::Reverse(g)))?;
                (n * 5 >= placed.get(c).copied().unwrap_or(0)).then(|| (c.to_string(), Near::Governorate(g)))
            })
            .collect();
        // Elsewhere, the country most of the conflict's surely placed events lie in (the place the
        // narrative keeps coming back to outweighs a few units named after Italian cities), and
        // the countries bordering it that two or more distinct names lie in (a battle on a
        // border). A far country that a few words the extraction took for places happen to name
        // ("Post", "Point": villages in the United States) is left out. No share is asked of it,
        // unlike the governorate: a scope only takes matches away from what an unknown region
        // allows.
        for (c, v) in country_votes {
            if context.contains_key(c) {
                continue;
            }
            let Some((&top, _)) = v.iter().max_by(|a, b| (a.1 .1, a.1 .0).cmp(&(b.1 .1, b.1 .0)).then(b.0.cmp(a.0)))
            else {
                continue;
            };
            let borders = gazetteer.neighbours(top);
            let scope =
                std::iter::once(top).chain(v.iter().filter(|(k, n)| n.0 >= 2 && borders.contains(k)).map(|(k, _)| *k));
            context.insert(c.to_string(), Near::countries(scope));
        }
        Locator { gazetteer, context, cache }
    }

    /// The context a conflict's names are resolved in: its governorate, its country, or
    /// [`Near::Unknown`] when none of its places is surely known.
    pub fn context(&self, conflict: &str) -> Near {
        self.context.get(conflict).copied().unwrap_or(Near::Unknown)
    }

    /// The entry an event's place resolves to.
    pub fn resolve(&mut self, e: &StoredEvent) -> Option<Resolved> {
        let name = e.event.location.as_deref()?;
        self.resolve_in(&e.conflict, name)
    }

    /// The entry a place name of a conflict resolves to.
    pub fn resolve_in(&mut self, conflict: &str, name: &str) -> Option<Resolved> {
        let context = self.context(conflict);
        let g = self.gazetteer;
        self.cache.entry((name.to_string(), context)).or_insert_with(|| g.resolve_near(name, context)).clone()
    }

    /// An event's place as exports carry it.
    pub fn locate(&mut self, e: &StoredEvent) -> Option<Located> {
        let name = e.event.location.as_deref()?;
        Some(match self.resolve(e) {
            Some(r) => self.gazetteer.located(&r, name),
            None => Located::unresolved(name),
        })
    }
}

/// Keeps the events at a gazetteer entry or within it, whatever the spelling of their place.
pub fn at_place(gazetteer: &Gazetteer, events: Vec<StoredEvent>, target: &Resolved) -> Vec<StoredEvent> {
    let mut locator = Locator::new(gazetteer, &events);
    let mut keep = Vec::new();
    for e in events {
        let inside =
            locator.resolve(&e).is_some_and(|r| r.id == target.id || gazetteer.ancestors(r.id).any(|a| a == target.id));
        if inside {
            keep.push(e);
        }
    }
    keep
}

/// One place as `annals place` and `/api/places` show it: the entry, the spellings the corpus
/// uses for it, and every event there.
pub struct PlaceView<'a> {
    pub query: String,
    pub place: &'a Place,
    pub found: Resolved,
    pub located: Located,
    /// The names of the places it lies within, nearest first.
    pub within: Vec<String>,
    pub contains: Vec<String>,
    /// Each spelling of the corpus that resolves to it, with its number of events.
    pub spellings: Vec<(String, usize)>,
    pub mentions: Vec<PlaceMention<'a>>,
}

/// An event at a place, with the name as its sentence wrote it and how sure the match is.
pub struct PlaceMention<'a> {
    pub event: &'a StoredEvent,
    pub written: String,
    pub confidence: f32,
}

/// The place a name (any spelling) stands for, with every event there; `None` when the
/// gazetteer matches no place closely enough.
pub fn place_view<'a>(gazetteer: &'a Gazetteer, events: &'a [StoredEvent], name: &str) -> Option<PlaceView<'a>> {
    let found = gazetteer.resolve(name)?;
    let place = gazetteer.place(found.id);
    let located = gazetteer.located(&Resolved { at: false, ..found.clone() }, name);
    let mut locator = Locator::new(gazetteer, events);
    let mut mentions = Vec::new();
    for e in events {
        let Some(r) = locator.resolve(e) else { continue };
        if r.id == found.id {
            let written = e.event.location.clone().unwrap_or_default();
            mentions.push(PlaceMention { event: e, written, confidence: r.confidence });
        }
    }
    let spellings = crate::entities::count_spellings(mentions.iter().map(|m| m.written.as_str()));
    let within = gazetteer.ancestors(found.id).map(|i| gazetteer.place(i).name.clone()).collect();
    let contains = gazetteer.children(found.id).into_iter().map(|i| gazetteer.place(i).name.clone()).collect();
    Some(PlaceView { query: name.to_string(), place, found, located, within, contains, spellings, mentions })
}

impl PlaceView<'_> {
    pub fn json(&self) -> Value {
        let (place, located) = (self.place, &self.located);
        json!({
            "query": self.query,
            "name": place.name,
            "kind": place.kind,
            "confidence": self.found.confidence,
            "matched": self.found.matched,
            "latitude": located.latitude,
            "longitude": located.longitude,
            "where_prec": located.where_prec,
            "admin1": located.admin1,
            "admin2": located.admin2,
            "within": self.within,
            "contains": self.contains,
            "aliases": place.aliases,
            "geonames": place.geonames,
            "spellings_seen": self.spellings.iter().map(|(s, n)| json!({"spelling": s, "events": n})).collect::<Vec<_>>(),
            "mentions": self.mentions.iter().map(|m| {
                let e = m.event;
                json!({
                    "document": e.document, "conflict": e.conflict, "date": e.event.date.start.iso(),
                    "written": m.written, "confidence": m.confidence, "text": e.event.text,
                    "span": [e.event.span.start, e.event.span.end],
                })
            }).collect::<Vec<_>>(),
        })
    }
}
