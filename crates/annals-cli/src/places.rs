//! Places in the CLI: the gazetteer with the user's files, events' places resolved in the context
//! of their conflict, and `annals place NAME`.

use crate::Output;
use annals_resolve::{Gazetteer, Located, Near, Resolved};
use annals_store::StoredEvent;
use anyhow::{Context, Result};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

/// The built-in gazetteer, or the built-in one with the entries of the files named.
pub fn gazetteer(files: &[PathBuf]) -> Result<Cow<'static, Gazetteer>> {
    if files.is_empty() {
        return Ok(Cow::Borrowed(Gazetteer::builtin()));
    }
    let mut texts = Vec::new();
    for p in files {
        texts.push(std::fs::read_to_string(p).with_context(|| format!("cannot read places file {}", p.display()))?);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    Ok(Cow::Owned(Gazetteer::with_extensions(&refs).with_context(|| format!("in places files {}", files.join(", ")))?))
}

/// The gazetteer as [`gazetteer`] loads it, loaded the first time it is asked for and kept in
/// `cell`: a command that may not need it does not pay for it, and never loads it twice.
pub fn gazetteer_once<'a>(cell: &'a OnceCell<Cow<'static, Gazetteer>>, files: &[PathBuf]) -> Result<&'a Gazetteer> {
    if let Some(g) = cell.get() {
        return Ok(g);
    }
    let g = gazetteer(files)?;
    Ok(cell.get_or_init(|| g))
}

/// Resolves the places of events, each in the context of its conflict: the governorate most of
/// the conflict's surely named places lie in breaks ties between places of the same name.
pub struct Locator<'g> {
    gazetteer: &'g Gazetteer,
    context: HashMap<String, usize>,
    cache: HashMap<(String, Near), Option<Resolved>>,
}

impl<'g> Locator<'g> {
    pub fn new(gazetteer: &'g Gazetteer, events: &[StoredEvent]) -> Locator<'g> {
        let mut votes: HashMap<&str, HashMap<usize, usize>> = HashMap::new();
        let mut placed: HashMap<&str, usize> = HashMap::new();
        // The sure resolutions are kept: events of a conflict without a context use them again.
        let mut cache: HashMap<(String, Near), Option<Resolved>> = HashMap::new();
        for e in events {
            let Some(name) = e.event.location.as_deref() else { continue };
            *placed.entry(e.conflict.as_str()).or_default() += 1;
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
        }
        // The governorate most surely named places lie in, when they are at least a fifth of the
        // conflict's places: an article on another war that names Damascus once is not set in
        // Syria.
        let context = votes
            .into_iter()
            .filter_map(|(c, v)| {
                let (g, n) = v.into_iter().max_by_key(|&(g, n)| (n, std::cmp::Reverse(g)))?;
                (n * 5 >= placed.get(c).copied().unwrap_or(0)).then(|| (c.to_string(), g))
            })
            .collect();
        Locator { gazetteer, context, cache }
    }

    /// The entry an event's place resolves to.
    pub fn resolve(&mut self, e: &StoredEvent) -> Option<Resolved> {
        let name = e.event.location.as_deref()?;
        self.resolve_in(&e.conflict, name)
    }

    /// The entry a place name of a conflict resolves to.
    pub fn resolve_in(&mut self, conflict: &str, name: &str) -> Option<Resolved> {
        // A conflict none of whose places the gazetteer surely knows is in another theatre.
        let context = self.context.get(conflict).map_or(Near::Unknown, |&g| Near::Governorate(g));
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

/// `annals place NAME`: the entry, the spellings the corpus uses for it, and every event there
/// with its source span.
pub fn show(
    out: &mut dyn Write,
    gazetteer: &Gazetteer,
    events: &[StoredEvent],
    name: &str,
    output: Output,
) -> Result<bool> {
    let Some(found) = gazetteer.resolve(name) else {
        writeln!(out, "no place in the gazetteer matches {name:?} closely enough")?;
        return Ok(false);
    };
    let place = gazetteer.place(found.id);
    let located = gazetteer.located(&Resolved { at: false, ..found.clone() }, name);
    let mut locator = Locator::new(gazetteer, events);
    let mut mentions = Vec::new();
    for e in events {
        let Some(r) = locator.resolve(e) else { continue };
        if r.id == found.id {
            mentions.push((e, e.event.location.clone().unwrap_or_default(), r.confidence));
        }
    }
    let spellings = crate::entities::count_spellings(mentions.iter().map(|m| m.1.as_str()));
    let chain: Vec<String> = gazetteer.ancestors(found.id).map(|i| gazetteer.place(i).name.clone()).collect();
    let children: Vec<String> =
        gazetteer.children(found.id).into_iter().map(|i| gazetteer.place(i).name.clone()).collect();
    if output == Output::Json {
        let v = serde_json::json!({
            "query": name,
            "name": place.name,
            "kind": place.kind,
            "confidence": found.confidence,
            "matched": found.matched,
            "latitude": located.latitude,
            "longitude": located.longitude,
            "where_prec": located.where_prec,
            "admin1": located.admin1,
            "admin2": located.admin2,
            "within": chain,
            "contains": children,
            "aliases": place.aliases,
            "geonames": place.geonames,
            "spellings_seen": spellings.iter().map(|(s, n)| serde_json::json!({"spelling": s, "events": n})).collect::<Vec<_>>(),
            "mentions": mentions.iter().map(|(e, w, c)| serde_json::json!({
                "document": e.document, "conflict": e.conflict, "date": e.event.date.start.iso(),
                "written": w, "confidence": c, "text": e.event.text,
                "span": [e.event.span.start, e.event.span.end],
            })).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
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
    let rows: Vec<Vec<String>> = mentions
        .iter()
        .map(|(e, w, _)| {
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
    writeln!(out, "{} events", mentions.len())?;
    Ok(true)
}
