//! Control: who held which place when. The claims are derived from the stored events and
//! conflict records, with the places resolved as the exports resolve them, and kept as a cache
//! in the database that every ingest rebuilds.

use crate::places::Locator;
use crate::{QueryError, Result};
use annals_control::{claims_from_event, claims_from_infobox, EventContext, InfoboxLine, PlaceId, SideName, Timeline};
pub use annals_extract::coding::Lexicon;
use annals_resolve::{name_key, translit_key, Conflict, Gazetteer, Theatres};
use annals_store::{CachedClaim, CachedPlace, ControlCache, EventFilter, Store};
use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::Arc;

/// Every control claim of the database.
pub fn timeline(
    store: &Store,
    conflicts: &[Conflict],
    gazetteer: &Gazetteer,
    lexicon: &Arc<Lexicon>,
) -> Result<Timeline> {
    let events = store.events(&EventFilter::default())?;
    let sides_of = crate::conflicts::PerDocument::of(conflicts, side_names);
    let contexts = crate::events::EventContexts::of(conflicts);
    let mut locator = Locator::new(gazetteer, &events);
    let mut claims = Vec::new();
    for e in &events {
        let place = locator.resolve(e);
        let sides = sides_of.of_document(&e.document);
        let theatre = contexts.theatre(&e.document);
        let cx = EventContext { document: &e.document, place: place.as_ref(), sides, lexicon, theatre };
        claims.extend(claims_from_event(&e.event, &cx));
    }
    // What the infobox says of the outcome: the state at the end, or on the days its lines name.
    for c in conflicts {
        let (Some(start), Some(document)) = (c.start, c.documents.first()) else { continue };
        let sides = side_names(c);
        for text in [&c.result, &c.territory].into_iter().flatten() {
            let line = InfoboxLine { document, text, conflict: (start, c.end), sides: &sides, theatre: &c.theatre };
            claims.extend(claims_from_infobox(&line, lexicon, &mut |name| locator.resolve_in(&c.title, name)));
        }
    }
    Ok(Timeline::new(claims))
}

/// The sides of a conflict whose bloc is known, each named by its first belligerent.
pub fn side_names(c: &Conflict) -> Vec<SideName> {
    c.sides
        .iter()
        .filter_map(|s| {
            let bloc = s.bloc.clone()?;
            let name = s.belligerents.first().map_or_else(|| bloc.clone(), |b| b.value.clone());
            Some(SideName { bloc, name })
        })
        .collect()
}

/// The fingerprint of everything claims derive from besides the database: this build, the
/// built-in data and lexicon, and the users' places and theatre files. A cache made with another
/// is stale.
pub fn fingerprint(place_files: &[PathBuf], theatre_files: &[PathBuf]) -> Result<String> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    for bytes in annals_resolve::builtin_data() {
        h.write(bytes);
    }
    h.write(annals_extract::coding::LEXICON_TOML.as_bytes());
    for p in place_files {
        h.write(&std::fs::read(p).map_err(|source| QueryError::PlacesFile { path: p.clone(), source })?);
    }
    for p in theatre_files {
        h.write(&std::fs::read(p).map_err(|source| QueryError::TheatreFile { path: p.clone(), source })?);
    }
    Ok(format!("{:016x}", h.finish()))
}

/// Derives every claim again and stores them as the control cache, with the gazetteer's names
/// and places they were resolved with.
pub fn rebuild_cache(
    store: &mut Store,
    gazetteer: &Gazetteer,
    theatres: &Theatres,
    lexicon: &Arc<Lexicon>,
    fingerprint: &str,
) -> Result<()> {
    let conflicts = crate::conflicts::load(store, theatres)?;
    let timeline = timeline(store, &conflicts, gazetteer, lexicon)?;
    let mut cache = ControlCache { fingerprint: fingerprint.to_string(), ..ControlCache::default() };
    for c in timeline.claims() {
        let (entry, unlisted) = match &c.place {
            PlaceId::Entry(id) => (Some(*id as i64), None),
            PlaceId::Unlisted(key) => (None, Some(key.clone())),
        };
        cache.claims.push(CachedClaim { entry, unlisted, claim: serde_json::to_string(c)? });
    }
    // The places claims are about, and the places they lie in: a question about any of them is
    // answered without loading the gazetteer. Any other name is looked up in the gazetteer (which
    // has the whole world: caching every place would write a million rows on every ingest).
    let mut cached: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    for c in timeline.claims() {
        if let PlaceId::Entry(id) = c.place {
            cached.insert(id);
            cached.extend(gazetteer.ancestors(id));
        }
    }
    for id in cached {
        let p = gazetteer.place(id);
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            cache.names.push((name_key(n), id as i64));
            cache.names.push((format!("~{}", translit_key(n)), id as i64));
        }
        cache.places.push(CachedPlace {
            entry: id as i64,
            name: p.name.clone(),
            kind: p.kind.clone(),
            parent: p.parent.map(|x| x as i64),
        });
    }
    cache.names.sort();
    cache.names.dedup();
    store.put_control_cache(&cache)?;
    Ok(())
}

/// A place a user asked for: what it is, the name to show, and the places whose taking whole
/// covers it.
pub struct Asked {
    pub place: PlaceId,
    pub shown: String,
    pub covered_by: Vec<PlaceId>,
}

/// The place a user's name stands for, resolved in the gazetteer.
pub fn asked(gazetteer: &Gazetteer, name: &str) -> Asked {
    match gazetteer.resolve(name) {
        Some(r) => {
            let place = PlaceId::Entry(r.id);
            Asked { shown: gazetteer.place(r.id).name.clone(), covered_by: place.covered_by(gazetteer), place }
        }
        None => Asked { place: PlaceId::of(None, name), shown: name.to_string(), covered_by: Vec::new() },
    }
}

/// The place a user's name stands for, from the cache's names alone, without loading the
/// gazetteer: when the name is one of an entry's spellings, or its transliteration key is, and
/// no other entry's. `None` leaves the decision to the gazetteer.
pub fn asked_cached(store: &Store, name: &str) -> Result<Option<Asked>> {
    for key in [name_key(name), format!("~{}", translit_key(name))] {
        match store.control_entries(&key)?.as_slice() {
            [] => continue,
            [entry] => {
                let Some(p) = store.control_place(*entry)? else { return Ok(None) };
                let mut covered_by = Vec::new();
                let mut parent = p.parent;
                while let Some(id) = parent {
                    let Some(a) = store.control_place(id)? else { break };
                    if annals_control::is_area(&a.kind) || covered_by.len() > 16 {
                        break;
                    }
                    covered_by.push(PlaceId::Entry(id as usize));
                    parent = a.parent;
                }
                return Ok(Some(Asked { place: PlaceId::Entry(*entry as usize), shown: p.name, covered_by }));
            }
            _ => return Ok(None),
        }
    }
    // A name the gazetteer did not know when the claims were made, but the corpus has claims
    // about, is that place.
    let key = name_key(name);
    if !key.is_empty() && store.has_unlisted_claims(&key)? {
        return Ok(Some(Asked { place: PlaceId::Unlisted(key), shown: name.to_string(), covered_by: Vec::new() }));
    }
    Ok(None)
}

/// The cached claims that bear on a place, as a timeline.
pub fn cached_timeline(store: &Store, asked: &Asked) -> Result<Timeline> {
    let mut entries = Vec::new();
    let mut unlisted = Vec::new();
    for p in std::iter::once(&asked.place).chain(&asked.covered_by) {
        match p {
            PlaceId::Entry(id) => entries.push(*id as i64),
            PlaceId::Unlisted(key) => unlisted.push(key.as_str()),
        }
    }
    parsed(store.control_claims(&entries, &unlisted)?)
}

/// Every cached claim, as a timeline.
pub fn cached_all(store: &Store) -> Result<Timeline> {
    parsed(store.all_control_claims()?)
}

/// Cached claims read back into a timeline.
fn parsed(claims: Vec<String>) -> Result<Timeline> {
    let claims = claims
        .iter()
        .map(|c| serde_json::from_str(c))
        .collect::<std::result::Result<Vec<annals_control::Claim>, _>>()?;
    Ok(Timeline::new(claims))
}

/// Every place of the gazetteer the timeline knows a controller of on the day, as GeoJSON
/// features at its coordinates (see [`annals_export::feature_collection`]).
pub fn map_features(timeline: &Timeline, gazetteer: &Gazetteer, at: &str) -> Vec<serde_json::Value> {
    let mut ids: Vec<usize> = timeline
        .places()
        .filter_map(|p| match p {
            PlaceId::Entry(id) => Some(*id),
            PlaceId::Unlisted(_) => None,
        })
        .collect();
    // The places within a place taken whole are mapped too.
    let wholes: Vec<usize> = timeline
        .claims()
        .iter()
        .filter(|c| c.whole)
        .filter_map(|c| match c.place {
            PlaceId::Entry(id) => Some(id),
            PlaceId::Unlisted(_) => None,
        })
        .collect();
    for w in wholes {
        ids.extend(gazetteer.children(w));
    }
    ids.sort_unstable();
    ids.dedup();
    let mut features = Vec::new();
    for id in ids {
        let place = PlaceId::Entry(id);
        let Some(state) = timeline.at(&place, &place.covered_by(gazetteer), at) else { continue };
        let place = gazetteer.place(id);
        let resolved = annals_resolve::Resolved { id, confidence: 1.0, matched: place.name.clone(), at: false };
        let located = gazetteer.located(&resolved, &place.name);
        features.push(annals_export::control_feature(&located, &state));
    }
    features
}
