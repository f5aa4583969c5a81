//! What the server answers from: the database's events, conflicts and control claims, derived
//! once per change of the database.

use annals_control::{PlaceId, Timeline};
use annals_query::events::{Documents, Happenings, Rows, Told};
use annals_query::places::Locator;
use annals_resolve::{Actors, Conflict, Gazetteer, People, Theatres};
use annals_store::{EventFilter, Store, StoredEvent};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A conflict with its id and its JSON, in the list's short form and in full.
pub struct ConflictEntry {
    pub id: String,
    pub summary: Value,
    pub detail: Value,
}

/// An event as filters look at it: lower-cased texts, its place in the gazetteer and the
/// places around it, the canonical names of its actors and of what they are part of.
struct Entry {
    /// The event's JSON (as the exports have it) without its closing brace, so that a response
    /// appends its documents and id without parsing it again.
    json: String,
    event_type: String,
    month: String,
    /// The gazetteer entry of its place and every entry around it.
    places: Vec<usize>,
}

/// What most filters test of every event, one small value per event in arrays of their own, so
/// that a scan of all events reads a few hundred kilobytes rather than every event.
struct Columns {
    /// The event's conflict and kind (type and sub-event type), as numbers into the distinct
    /// lower-cased texts; with each conflict, its id.
    conflict: Vec<u32>,
    conflicts: Vec<String>,
    conflict_ids: Vec<String>,
    kind: Vec<u32>,
    kinds: Vec<String>,
    /// The first and last day the event's date may stand for, as `YYYYMMDD` numbers (a month's
    /// bounds are `YYYYMM00` and `YYYYMM99`).
    day_min: Vec<u32>,
    day_max: Vec<u32>,
    /// The event's place as written and its pair of actors as written, as numbers into the
    /// distinct lower-cased texts; with each pair, the canonical names of its actors and of what
    /// they are part of.
    location: Vec<u32>,
    locations: Vec<String>,
    pair: Vec<u32>,
    pairs: Vec<String>,
    pair_actors: Vec<Vec<String>>,
    /// The events of each kind, in order.
    by_kind: Vec<Vec<usize>>,
    /// The latest `day_max` of the events up to each one, when the events are in `day_min` order
    /// (the store lists them so): the events a date range may select then lie in one stretch,
    /// found by two binary searches. `None` if they are not in order.
    latest_until: Option<Vec<u32>>,
}

impl Columns {
    /// The stretch of events whose dates may reach into `from..=to` (as day numbers).
    fn date_stretch(&self, from: Option<u32>, to: Option<u32>) -> std::ops::Range<usize> {
        let Some(latest) = &self.latest_until else { return 0..self.day_min.len() };
        let start = from.map_or(0, |f| latest.partition_point(|&d| d < f));
        let end = to.map_or(self.day_min.len(), |t| self.day_min.partition_point(|&d| d <= t));
        start..end.max(start)
    }

    /// The numbers of the distinct texts that contain `needle`.
    fn containing(texts: &[String], needle: &str) -> Vec<bool> {
        texts.iter().map(|t| t.contains(needle)).collect()
    }
}

/// A `YYYY-MM-DD` day bound (with `00`/`99` for an unknown month or day) as a number that sorts
/// the same way.
fn day_number(d: &str) -> u32 {
    d.bytes().filter(u8::is_ascii_digit).fold(0u32, |n, b| n.saturating_mul(10).saturating_add(u32::from(b - b'0')))
}

/// Interns a text among distinct texts, giving its number.
fn intern(texts: &mut Vec<String>, numbers: &mut HashMap<String, u32>, text: String) -> u32 {
    if let Some(&n) = numbers.get(&text) {
        return n;
    }
    let n = texts.len() as u32;
    numbers.insert(text.clone(), n);
    texts.push(text);
    n
}

/// The database as the server last read it.
pub struct Snapshot {
    /// Counts the snapshots a server has built.
    pub generation: u64,
    pub built_in: Duration,
    pub documents: usize,
    pub conflicts: Vec<Conflict>,
    pub conflict_entries: Vec<ConflictEntry>,
    pub events: Vec<StoredEvent>,
    entries: Vec<Entry>,
    columns: Columns,
    /// Each event's document (a number) and happening, packed for [`Rows::merge`]: a merge over
    /// every event then reads one small array instead of every event.
    merge_keys: Vec<(u32, usize)>,
    happenings: usize,
    /// Every event's timeline rows, merged.
    everything: Selection,
    /// Events by conflict id and by gazetteer entry (their place's and those around it).
    by_conflict: HashMap<String, Vec<usize>>,
    by_place: HashMap<usize, Vec<usize>>,
    by_id: HashMap<i64, usize>,
    /// The places of the events, with coordinates, by gazetteer entry: name, kind, lat, lon.
    located: HashMap<usize, (String, String, f64, f64)>,
    pub timeline: Timeline,
    /// The actors of the theatres in use, extended by the corpus's infoboxes.
    pub actors: Actors,
    /// The people of the theatres in use.
    pub people: People,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// The events full-text queries found, by query, for this snapshot's life: the index changes
    /// only with the database, and a snapshot is replaced when the database changes.
    hits: Mutex<HashMap<String, Arc<Vec<usize>>>>,
}

/// How many full-text queries' hits a snapshot keeps; past that it forgets them all.
const CACHED_SEARCHES: usize = 1024;

/// Which events a query asks for: the store's filter (every `None` lets all through; dates are
/// checked ISO dates, and `to` already covers its whole month or year, see
/// `annals_query::events::filter`), the events full-text search found when the query has words,
/// and whether happenings are merged.
#[derive(Clone, Debug)]
pub struct Query {
    pub filter: EventFilter,
    /// The events full-text search found, as sorted indices into the events of the snapshot the
    /// query is put to.
    pub hits: Option<Arc<Vec<usize>>>,
    pub documents: Documents,
}

impl Snapshot {
    pub fn build(
        store: &Store,
        gazetteer: &Gazetteer,
        theatres: &Theatres,
        fingerprint: &str,
        generation: u64,
    ) -> annals_query::Result<Snapshot> {
        let started = Instant::now();
        // Everything is read at one moment of the database, even while an ingest commits.
        let (documents, conflicts, events, timeline) = store.read_consistently(|store| {
            let documents = store.list()?.len();
            let conflicts = annals_query::conflicts::load(store, theatres)?;
            let events = store.events(&EventFilter::default())?;
            let timeline = if store.control_fingerprint()?.as_deref() == Some(fingerprint) {
                annals_query::control::cached_all(store)?
            } else {
                // The cache was made with other data (another build, other places files): the
                // claims are derived here, and the database is left as the ingest wrote it.
                annals_query::control::timeline(
                    store,
                    &conflicts,
                    gazetteer,
                    &Arc::new(annals_query::control::Lexicon::shipped()),
                )?
            };
            Ok::<_, annals_query::QueryError>((documents, conflicts, events, timeline))
        })?;
        let actors = annals_query::entities::actors(&conflicts);
        let people = annals_query::entities::people(&conflicts);
        let contexts = annals_query::events::EventContexts::of(&conflicts);
        let happenings = Happenings::of(&events);
        let mut locator = Locator::new(gazetteer, &events);
        let mut entries = Vec::with_capacity(events.len());
        let mut columns = Columns {
            conflict: Vec::new(),
            conflicts: Vec::new(),
            conflict_ids: Vec::new(),
            kind: Vec::new(),
            kinds: Vec::new(),
            day_min: Vec::new(),
            day_max: Vec::new(),
            location: Vec::new(),
            locations: Vec::new(),
            pair: Vec::new(),
            pairs: Vec::new(),
            pair_actors: Vec::new(),
            by_kind: Vec::new(),
            latest_until: None,
        };
        let (mut conflict_numbers, mut kind_numbers) = (HashMap::new(), HashMap::new());
        let (mut location_numbers, mut pair_numbers) = (HashMap::new(), HashMap::new());
        let mut by_conflict: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_place: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut located = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            let row = annals_query::events::row(e, &mut locator, &contexts);
            let mut json = annals_export::event_json(&row).to_string();
            json.pop();
            let resolved = locator.resolve(e);
            let mut places = Vec::new();
            if let (Some(r), Some(at)) = (&resolved, &row.place) {
                places.push(r.id);
                places.extend(gazetteer.ancestors(r.id));
                if let (Some(lat), Some(lon)) = (at.latitude, at.longitude) {
                    located.entry(r.id).or_insert_with(|| (at.name.clone(), at.kind.clone(), lat, lon));
                }
            }
            for &p in &places {
                by_place.entry(p).or_default().push(i);
            }
            let c = intern(&mut columns.conflicts, &mut conflict_numbers, e.conflict.to_lowercase()) as usize;
            columns.conflict.push(c as u32);
            if c == columns.conflict_ids.len() {
                columns.conflict_ids.push(annals_query::conflicts::slug(&e.conflict));
            }
            by_conflict.entry(columns.conflict_ids[c].clone()).or_default().push(i);
            let ev = &e.event;
            let location = ev.location.as_deref().unwrap_or("").to_lowercase();
            columns.location.push(intern(&mut columns.locations, &mut location_numbers, location));
            let pair =
                [ev.actor1.as_deref(), ev.actor2.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("\n");
            let pair = pair.to_lowercase();
            let n = intern(&mut columns.pairs, &mut pair_numbers, pair);
            if n as usize == columns.pair_actors.len() {
                let mut named = Vec::new();
                for who in [&ev.actor1, &ev.actor2].into_iter().flatten() {
                    if let Some(a) = actors.lookup_mention(who) {
                        named.push(a.name.clone());
                        named.extend(actors.ancestors(&a.name).into_iter().map(|p| p.name.clone()));
                    }
                }
                columns.pair_actors.push(named);
            }
            columns.pair.push(n);
            let (date_min, _) = ev.date.start.day_bounds();
            let (_, date_max) = ev.date.end.as_ref().unwrap_or(&ev.date.start).day_bounds();
            let start = ev.date.start.iso();
            let kind = format!("{}\n{}", ev.event_type, ev.sub_event_type).to_lowercase();
            let k = intern(&mut columns.kinds, &mut kind_numbers, kind) as usize;
            columns.kind.push(k as u32);
            columns.by_kind.resize_with(columns.kinds.len(), Vec::new);
            columns.by_kind[k].push(i);
            columns.day_min.push(day_number(&date_min));
            columns.day_max.push(day_number(&date_max));
            entries.push(Entry {
                json,
                event_type: ev.event_type.clone(),
                month: start.get(..7).unwrap_or(&start).to_string(),
                places,
            });
        }
        if columns.day_min.windows(2).all(|w| w[0] <= w[1]) {
            let mut latest = 0;
            columns.latest_until = Some(
                columns
                    .day_max
                    .iter()
                    .map(|&d| {
                        latest = latest.max(d);
                        latest
                    })
                    .collect(),
            );
        }
        let by_id = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        let mut document_numbers: HashMap<&str, u32> = HashMap::new();
        let merge_keys: Vec<(u32, usize)> = events
            .iter()
            .zip(&happenings.0)
            .map(|(e, &happening)| {
                let next = document_numbers.len() as u32;
                (*document_numbers.entry(e.document.as_str()).or_insert(next), happening)
            })
            .collect();
        let conflict_entries =
            conflicts.iter().map(|c| conflict_entry(c, gazetteer, &timeline, &by_conflict)).collect();
        // The span of the conflicts' infobox dates: a narrative's stray number ("at 2100 hours")
        // read as a year must not stretch the app's date slider over centuries. Without
        // conflicts, the events' own span.
        let starts = conflicts.iter().filter_map(|c| c.start);
        let ends = conflicts.iter().filter_map(|c| c.end.or(c.start));
        let (first_date, last_date) = match (starts.min(), ends.max()) {
            (Some(a), Some(b)) => (Some(a.iso()), Some(b.iso())),
            _ => (
                events.iter().map(|e| e.event.date.start).min().map(|d| d.iso()),
                events.iter().map(|e| e.event.date.end.unwrap_or(e.event.date.start)).max().map(|d| d.iso()),
            ),
        };
        let everything = Selection {
            selected: (0..entries.len()).collect(),
            rows: Rows::merge(merge_keys.iter().copied(), happenings.1, Documents::Merged),
        };
        Ok(Snapshot {
            everything,
            generation,
            built_in: started.elapsed(),
            documents,
            conflicts,
            conflict_entries,
            events,
            entries,
            columns,
            merge_keys,
            happenings: happenings.1,
            by_conflict,
            by_place,
            by_id,
            located,
            timeline,
            actors,
            people,
            first_date,
            last_date,
            hits: Mutex::new(HashMap::new()),
        })
    }

    /// The conflict with this id (or, failing that, title).
    pub fn conflict(&self, id: &str) -> annals_query::Result<&ConflictEntry> {
        let c = annals_query::conflicts::find_by_id(&self.conflicts, id)?;
        let i = self.conflicts.iter().position(|x| std::ptr::eq(x, c)).expect("found among them");
        Ok(&self.conflict_entries[i])
    }

    /// The events a full-text query found, if this snapshot has seen the query.
    pub fn cached_hits(&self, query: &str) -> Option<Arc<Vec<usize>>> {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).get(query).cloned()
    }

    pub fn cache_hits(&self, query: String, hits: Arc<Vec<usize>>) {
        let mut cache = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHED_SEARCHES {
            cache.clear();
        }
        cache.insert(query, hits);
    }

    /// The snapshot's indices of the events with these store ids, sorted; ids it does not have
    /// (an ingest wrote them after it was built) are left out.
    pub fn indices_of(&self, ids: impl IntoIterator<Item = i64>) -> Vec<usize> {
        let mut out: Vec<usize> = ids.into_iter().filter_map(|id| self.by_id.get(&id).copied()).collect();
        out.sort_unstable();
        out
    }

    /// The index of an event by its store id.
    pub fn event_index(&self, id: i64) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    /// The events a query selects, as timeline rows in date order.
    pub fn select(&self, q: &Query, gazetteer: &Gazetteer) -> std::borrow::Cow<'_, Selection> {
        let f = &q.filter;
        let unfiltered = f.conflict.is_none()
            && f.place.is_none()
            && f.actor.is_none()
            && f.event_type.is_none()
            && f.from.is_none()
            && f.to.is_none()
            && q.hits.is_none();
        // The whole timeline is what the app opens with; it is merged once per snapshot.
        match (unfiltered, q.documents) {
            (true, Documents::Merged) => std::borrow::Cow::Borrowed(&self.everything),
            _ => std::borrow::Cow::Owned(self.filter(q, gazetteer)),
        }
    }

    fn filter(&self, q: &Query, gazetteer: &Gazetteer) -> Selection {
        let (hits, f) = (q.hits.as_deref(), &q.filter);
        let cols = &self.columns;
        let lower = |v: &Option<String>| v.as_ref().map(|s| s.to_lowercase());
        // A conflict by its id, or else by a part of its title.
        let conflict_id = f.conflict.as_deref().filter(|c| self.by_conflict.contains_key(*c));
        let conflict_ok = match conflict_id {
            Some(id) => Some(cols.conflict_ids.iter().map(|c| c == id).collect()),
            None => lower(&f.conflict).map(|c| Columns::containing(&cols.conflicts, &c)),
        };
        // A place the gazetteer knows, with the places within it; else a part of the name.
        let place = f.place.as_deref().and_then(|p| gazetteer.resolve(p)).map(|r| r.id);
        let location_ok = match place {
            None => lower(&f.place).map(|t| Columns::containing(&cols.locations, &t)),
            Some(_) => None,
        };
        // An actor the actors data knows, with its units; or a part of an actor as written.
        let actor_ok: Option<Vec<bool>> = f.actor.as_deref().map(|a| {
            let (text, known) = (a.to_lowercase(), self.actors.lookup(a).map(|t| t.name.as_str()));
            let names = |n: &Vec<String>| known.is_some_and(|k| n.iter().any(|x| x == k));
            cols.pairs
                .iter()
                .zip(&cols.pair_actors)
                .map(|(written, named)| names(named) || written.contains(text.as_str()))
                .collect()
        });
        let kind_ok = lower(&f.event_type).map(|k| Columns::containing(&cols.kinds, &k));
        // A partial `from` stands for its first day; `to` was made to stand for its last.
        let from = f.from.as_deref().map(|d| match d.len() {
            4 => day_number(&format!("{d}-00-00")),
            7 => day_number(&format!("{d}-00")),
            _ => day_number(d),
        });
        let to = f.to.as_deref().map(day_number);

        // The candidates come from the shortest list that holds every event the query may
        // select: the conflict's, the place's, the kinds', the search's, or the dates' stretch.
        let stretch = cols.date_stretch(from, to);
        let within = |list: &[usize]| -> Vec<usize> {
            let (a, b) = (list.partition_point(|&i| i < stretch.start), list.partition_point(|&i| i < stretch.end));
            list[a..b].to_vec()
        };
        let kind_lists: Option<Vec<&Vec<usize>>> =
            kind_ok.as_ref().map(|ok| cols.by_kind.iter().zip(ok).filter(|(_, ok)| **ok).map(|(l, _)| l).collect());
        let no_list: &[usize] = &[];
        let mut lists: Vec<(usize, &[usize])> = Vec::new();
        if let Some(id) = conflict_id {
            lists.push((self.by_conflict[id].len(), &self.by_conflict[id]));
        }
        if let Some(p) = place {
            let l = self.by_place.get(&p).map_or(no_list, Vec::as_slice);
            lists.push((l.len(), l));
        }
        if let Some(h) = hits {
            lists.push((h.len(), h));
        }
        let kinds_size = kind_lists.as_ref().map(|ls| ls.iter().map(|l| l.len()).sum::<usize>());
        let shortest = lists.iter().min_by_key(|(n, _)| *n).copied();
        let candidates: Vec<usize> = match (shortest, kinds_size) {
            (Some((n, list)), k) if k.is_none_or(|k| n <= k) && n <= stretch.len() => within(list),
            (_, Some(k)) if k <= stretch.len() => {
                let mut c: Vec<usize> = kind_lists.iter().flatten().flat_map(|l| within(l)).collect();
                c.sort_unstable();
                c
            }
            _ => stretch.clone().collect(),
        };
        let keep = |&i: &usize| {
            conflict_ok.as_ref().is_none_or(|ok: &Vec<bool>| ok[cols.conflict[i] as usize])
                && kind_ok.as_ref().is_none_or(|ok| ok[cols.kind[i] as usize])
                && from.is_none_or(|f| cols.day_max[i] >= f)
                && to.is_none_or(|t| cols.day_min[i] <= t)
                && location_ok.as_ref().is_none_or(|ok| ok[cols.location[i] as usize])
                && actor_ok.as_ref().is_none_or(|ok| ok[cols.pair[i] as usize])
                && place.is_none_or(|p| self.entries[i].places.contains(&p))
                && hits.is_none_or(|h| h.binary_search(&i).is_ok())
        };
        let selected: Vec<usize> = candidates.into_iter().filter(|i| keep(i)).collect();
        let rows = Rows::merge(selected.iter().map(|&i| self.merge_keys[i]), self.happenings, q.documents);
        Selection { selected, rows }
    }

    /// A page of timeline rows as the API's JSON text.
    pub fn page_json(&self, sel: &Selection, offset: usize, limit: usize) -> String {
        let total = sel.rows.len();
        let mut out = format!("{{\"total\":{total},\"offset\":{offset},\"limit\":{limit},\"events\":[");
        for r in (offset..total).take(limit) {
            if r > offset {
                out.push(',');
            }
            let t = self.told(sel, r);
            out.push_str(&self.entries[sel.selected[sel.rows.first[r]]].json);
            out.push_str(",\"documents\":");
            out.push_str(&serde_json::to_string(&t.documents).unwrap_or_else(|_| "[]".into()));
            out.push_str(&format!(",\"id\":{}}}", t.event.id));
        }
        out.push_str("]}");
        out
    }

    /// Row `r` of a selection with the documents that tell it.
    fn told<'a>(&'a self, sel: &Selection, r: usize) -> Told<'a> {
        sel.rows.told(r, |i| &self.events[sel.selected[i]])
    }

    /// The entries of a selection's rows.
    fn row_entries<'a>(&'a self, sel: &'a Selection) -> impl Iterator<Item = &'a Entry> + 'a {
        sel.rows.first.iter().map(|&i| &self.entries[sel.selected[i]])
    }

    /// Timeline rows counted by month, and by event type within each month.
    pub fn histogram(&self, sel: &Selection) -> Value {
        let mut bins: std::collections::BTreeMap<&str, (usize, std::collections::BTreeMap<&str, usize>)> =
            Default::default();
        for e in self.row_entries(sel) {
            let bin = bins.entry(e.month.as_str()).or_default();
            bin.0 += 1;
            *bin.1.entry(e.event_type.as_str()).or_default() += 1;
        }
        let bins: Vec<Value> =
            bins.into_iter().map(|(m, (n, types))| json!({"month": m, "count": n, "types": types})).collect();
        json!({ "bins": bins })
    }

    /// Timeline rows counted by the place they happened at, for places with coordinates.
    pub fn places(&self, sel: &Selection) -> Value {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for e in self.row_entries(sel) {
            if let Some(&p) = e.places.first() {
                *counts.entry(p).or_default() += 1;
            }
        }
        let mut places: Vec<(usize, usize)> =
            counts.into_iter().filter(|(p, _)| self.located.contains_key(p)).collect();
        places.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let places: Vec<Value> = places
            .into_iter()
            .map(|(p, n)| {
                let (name, kind, lat, lon) = &self.located[&p];
                json!({"name": name, "kind": kind, "latitude": lat, "longitude": lon, "count": n})
            })
            .collect();
        json!({ "places": places })
    }
}

/// The events a query selected (their indices, in date order) and the timeline rows they make.
#[derive(Clone)]
pub struct Selection {
    selected: Vec<usize>,
    rows: Rows,
}

fn conflict_entry(
    c: &Conflict,
    gazetteer: &Gazetteer,
    timeline: &Timeline,
    by_conflict: &HashMap<String, Vec<usize>>,
) -> ConflictEntry {
    let id = annals_query::conflicts::slug(&c.title);
    let events = by_conflict.get(&id).map_or(0, Vec::len);
    let location = annals_export::conflict_location(c, gazetteer);
    let summary = json!({
        "id": id,
        "title": c.title,
        "start": c.start.map(|d| d.iso()),
        "end": c.end.map(|d| d.iso()),
        "date": c.date_text,
        "documents": c.documents,
        "sides": c.sides.iter().map(|s| json!({
            "bloc": s.bloc,
            "belligerents": s.belligerents.iter().map(|b| &b.value).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "theatre": crate::api::theatre_json(c, false),
        "disagreements": c.disagreements.len(),
        "events": events,
        "location": location.map(|l| json!({"name": l.name, "latitude": l.latitude, "longitude": l.longitude})),
    });
    let mut detail = annals_export::conflict_json(c, gazetteer);
    let control: Vec<Value> = timeline
        .claims()
        .iter()
        .filter(|cl| c.documents.contains(&cl.evidence.document))
        .map(|cl| {
            let place = match &cl.place {
                PlaceId::Entry(id) => gazetteer.places().get(*id).map_or_else(String::new, |p| p.name.clone()),
                PlaceId::Unlisted(key) => key.clone(),
            };
            annals_export::control_claim_json(cl, &place)
        })
        .collect();
    detail["id"] = json!(id);
    detail["title"] = json!(c.title);
    detail["theatre"] = crate::api::theatre_json(c, true);
    detail["events"] = json!(events);
    detail["control"] = json!(control);
    ConflictEntry { id, summary, detail }
}

#[cfg(test)]
mod tests {
    use super::day_number;

    #[test]
    fn day_numbers_sort_as_day_bounds_do() {
        let bounds = ["1618-05-23", "2014-00-00", "2014-05-00", "2014-05-01", "2014-05-31", "2014-05-99", "2014-99-99"];
        let numbers: Vec<u32> = bounds.iter().map(|d| day_number(d)).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        assert_eq!(day_number("2014-05-01"), 20140501);
    }
}
