//! Places: a gazetteer and a transliteration-aware matcher.
//!
//! The gazetteer is data. The built-in one is the GeoNames extract of Syrian populated places
//! (`data/places/geonames_cities500_SY.tsv`, CC BY 4.0) overlaid with curated entries
//! (`data/places/syria.toml`): common English names, kinds, parents (neighbourhood ⊂ city ⊂
//! district ⊂ governorate ⊂ country) and the spellings the corpus uses. Users add entries in a
//! TOML file of the same form ([`Gazetteer::with_extensions`]). Nothing about any country is in
//! code: another war is another data file.
//!
//! Matching a name runs from certain to loose, and every answer says how sure it is:
//! 1. the loose key of a known spelling ([`crate::name_key`]: case, diacritics, punctuation,
//!    spaces, leading articles) — confidence 1;
//! 2. the transliteration key ([`translit_key`]: also ou/u, ee/i, q/k, ch/sh, doubled letters, a
//!    final h after a vowel) — 0.95;
//! 3. the consonant skeleton ([`skeleton`]: vowels dropped, w and y kept where they are
//!    consonants) — from 0.6 up to 0.9 with the lesser of the Jaro–Winkler similarity of the
//!    transliteration keys and the similarity of the names' shapes (consonants and vowel runs),
//!    so that vowels written very differently and syllables gained or lost weigh against it.
//!
//! Below [`Gazetteer::THRESHOLD`] a name stays unresolved rather than guessed. Kind words in the
//! name ("Hawijat Qati island", "Deir ez-Zor province", "Hamdan airport") choose among the
//! entries of that kind; a facility the gazetteer lacks but whose town it knows is placed at the
//! town, at a coarser precision.

use crate::names::name_key;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Errors reading gazetteer data.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    #[error("places file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("place {place:?}: its parent {parent:?} is not in the gazetteer")]
    UnknownParent { place: String, parent: String },
    #[error("place {place:?}: GeoNames id {id} is not in the gazetteer")]
    UnknownGeonames { place: String, id: u64 },
    #[error("place {place:?}: parents run in a circle")]
    Cycle { place: String },
    #[error("GeoNames table, line {line}: {reason}")]
    Geonames { line: usize, reason: String },
}

/// Where a place entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A row of the GeoNames extract that no curated entry overrides.
    Geonames,
    /// An entry of the curated file shipped with annals.
    Curated,
    /// An entry of a user's file.
    User,
}

/// One place of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The canonical name: the common English spelling.
    pub name: String,
    /// governorate, district, city, town, village, neighbourhood, island, oil field, air base,
    /// bridge, hill…
    pub kind: String,
    /// Coordinates of the place itself, when known.
    pub coords: Option<(f64, f64)>,
    /// The entry this place lies in, by index.
    pub parent: Option<usize>,
    /// Every other spelling known for it.
    pub aliases: Vec<String>,
    pub geonames: Option<u64>,
    pub population: u64,
    pub origin: Origin,
    /// What the curator said of the entry.
    pub note: Option<String>,
}

/// One `[[place]]` of a TOML file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceEntry {
    name: String,
    kind: String,
    lat: Option<f64>,
    lon: Option<f64>,
    parent: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    geonames: Option<u64>,
    /// The GeoNames admin1 code of a governorate ("07"): the GeoNames rows of that code lie in it.
    admin1_code: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    place: Vec<PlaceEntry>,
}

/// UCDP's precision of a location: how closely the coordinates given stand for the place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum WherePrec {
    /// 1: the place itself.
    Exact = 1,
    /// 2: a place within or near a known town (a neighbourhood or facility without
    /// coordinates of its own, placed at its town).
    Near = 2,
    /// 3: the second-order division (district).
    District = 3,
    /// 4: the first-order division (governorate).
    Governorate = 4,
    /// 6: the country.
    Country = 6,
}

/// A name resolved to a gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The entry, by index ([`Gazetteer::place`]).
    pub id: usize,
    /// How sure the match is, from 0 to 1.
    pub confidence: f32,
    /// The spelling of the entry that matched.
    pub matched: String,
    /// The name stands for something at the entry rather than the entry itself ("Hamdan
    /// airport" when only Hamdan is known).
    pub at: bool,
}

/// A resolved place as exports carry it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Located {
    /// The canonical name (or, for a facility placed at a known town, the name as written).
    pub name: String,
    pub kind: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub where_prec: Option<u8>,
    pub confidence: f32,
}

impl Located {
    /// A name the gazetteer does not know: its text, and nothing else.
    pub fn unresolved(name: &str) -> Located {
        Located {
            name: name.to_string(),
            kind: String::new(),
            latitude: None,
            longitude: None,
            admin1: None,
            admin2: None,
            where_prec: None,
            confidence: 0.0,
        }
    }
}

/// Kind words that may qualify a name, and the kinds of entry they ask for. A hint of the
/// "area" kind may be met by an ancestor ("Deir ez-Zor province" is the governorate Deir ez-Zor
/// city lies in); a facility the gazetteer lacks is placed at the place named.
const KIND_WORDS: &[(&str, &[&str], Hint)] = &[
    ("governorate", &["governorate"], Hint::Area),
    ("province", &["governorate"], Hint::Area),
    ("countryside", &["governorate"], Hint::Area),
    ("district", &["district", "subdistrict", "neighbourhood"], Hint::Area),
    ("subdistrict", &["subdistrict"], Hint::Area),
    ("city", &["city", "town"], Hint::Area),
    ("town", &["town", "city", "village"], Hint::Area),
    ("village", &["village", "town"], Hint::Area),
    ("neighbourhood", &["neighbourhood"], Hint::Area),
    ("neighborhood", &["neighbourhood"], Hint::Area),
    ("quarter", &["neighbourhood"], Hint::Area),
    ("suburb", &["neighbourhood"], Hint::Area),
    ("island", &["island"], Hint::Area),
    ("area", &[], Hint::Area),
    ("oil field", &["oil field", "gas field"], Hint::Facility),
    ("oilfield", &["oil field", "gas field"], Hint::Facility),
    ("gas field", &["gas field", "oil field"], Hint::Facility),
    ("field", &["oil field", "gas field"], Hint::Facility),
    ("military airport", &["air base", "airport"], Hint::Facility),
    ("airport", &["airport", "air base"], Hint::Facility),
    ("airbase", &["air base", "airport"], Hint::Facility),
    ("air base", &["air base", "airport"], Hint::Facility),
    ("base", &["military base", "air base"], Hint::Facility),
    ("bridge", &["bridge"], Hint::Facility),
    ("border crossing", &["border crossing"], Hint::Facility),
    ("crossing", &["border crossing", "checkpoint"], Hint::Facility),
    ("checkpoint", &["checkpoint"], Hint::Facility),
    ("dam", &["dam"], Hint::Facility),
    ("mountain", &["mountain", "hill"], Hint::Facility),
    ("hill", &["hill", "mountain"], Hint::Facility),
];

/// Words before a name that say which part of it is meant ("western Hawiqa", "the outskirts of
/// Mayadin"): the part lies within the place.
const PART_WORDS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "outskirts",
    "rural",
    "the",
    "of",
    "greater",
    "upper",
    "lower",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hint {
    /// An administrative or natural area: met by the entry or an ancestor of that kind.
    Area,
    /// A facility: met by an entry of that kind, or placed at the place named.
    Facility,
}

/// What a name is resolved near, which decides how loose a match may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Near {
    /// A query typed by a user: loose matches anywhere, the best first.
    Anywhere,
    /// A name in the narrative of a conflict in this governorate (an entry index): loose
    /// matches only within it, and it wins ties between entries of the same name.
    Governorate(usize),
    /// A name in a narrative whose region the gazetteer does not know (another war): only sure
    /// matches, for a loose one would be a guess ("Italian" is no village "Tālīn").
    Unknown,
}

/// The gazetteer: every place with its spellings, indexed three ways for the matcher.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// `name_key` of every spelling → entries.
    by_key: HashMap<String, Vec<usize>>,
    /// `translit_key` of every spelling → entries.
    by_translit: HashMap<String, Vec<usize>>,
    /// `skeleton` of every spelling → (entry, the spelling's translit key and shape).
    by_skeleton: HashMap<String, Vec<(usize, String, String)>>,
}

impl Gazetteer {
    /// Matches weaker than this leave a name unresolved.
    pub const THRESHOLD: f32 = 0.87;
    /// Matches at least this sure (a known spelling, or one that differs only in how the same
    /// letters are transliterated) stand without a context to support them.
    pub const SURE: f32 = 0.95;

    /// The gazetteer shipped with annals.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The data is part of the build and tested below, so it always loads.
            Gazetteer::load(BUILTIN_GEONAMES, &[(BUILTIN_CURATED, Origin::Curated)]).unwrap_or_default()
        })
    }

    /// The built-in gazetteer with the entries of the users' files added. A user's entry whose
    /// name is already known overrides that entry's kind, coordinates and parent, and adds its
    /// aliases.
    pub fn with_extensions(files: &[&str]) -> Result<Gazetteer, PlacesError> {
        let mut layers = vec![(BUILTIN_CURATED, Origin::Curated)];
        layers.extend(files.iter().map(|f| (*f, Origin::User)));
        Gazetteer::load(BUILTIN_GEONAMES, &layers)
    }

    /// Builds a gazetteer from a GeoNames table and TOML layers applied in order.
    fn load(geonames: &str, layers: &[(&str, Origin)]) -> Result<Gazetteer, PlacesError> {
        let rows = parse_geonames(geonames)?;
        let mut entries: Vec<(PlaceEntry, Origin)> = Vec::new();
        for (text, origin) in layers {
            let file: File = toml::from_str(text)?;
            for e in file.place {
                match entries.iter_mut().find(|(x, _)| name_key(&x.name) == name_key(&e.name)) {
                    Some((x, o)) => {
                        x.kind = e.kind;
                        x.lat = e.lat.or(x.lat);
                        x.lon = e.lon.or(x.lon);
                        x.parent = e.parent.or(x.parent.take());
                        x.geonames = e.geonames.or(x.geonames);
                        x.admin1_code = e.admin1_code.or(x.admin1_code.take());
                        x.aliases.extend(e.aliases);
                        x.note = e.note.or(x.note.take());
                        *o = *origin;
                    }
                    None => entries.push((e, *origin)),
                }
            }
        }
        let mut g = Gazetteer::default();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut curated_rows: HashMap<u64, usize> = HashMap::new();
        for (e, origin) in &entries {
            let mut place = Place {
                name: e.name.clone(),
                kind: e.kind.clone(),
                coords: e.lat.zip(e.lon),
                parent: None,
                aliases: e.aliases.clone(),
                geonames: e.geonames,
                population: 0,
                origin: *origin,
                note: e.note.clone(),
            };
            if let Some(id) = e.geonames {
                let row = rows
                    .iter()
                    .find(|r| r.id == id)
                    .ok_or(PlacesError::UnknownGeonames { place: e.name.clone(), id })?;
                place.coords = place.coords.or(Some((row.lat, row.lon)));
                place.population = row.population;
                place.aliases.push(row.name.clone());
                place.aliases.extend(row.alternates.iter().cloned());
                curated_rows.insert(id, g.places.len());
            }
            index_of.insert(name_key(&e.name), g.places.len());
            g.places.push(place);
        }
        // Parents by name, once every entry has its index.
        for (i, (e, _)) in entries.iter().enumerate() {
            if let Some(p) = &e.parent {
                let parent = *index_of
                    .get(&name_key(p))
                    .ok_or_else(|| PlacesError::UnknownParent { place: e.name.clone(), parent: p.clone() })?;
                g.places[i].parent = Some(parent);
            }
        }
        // The GeoNames rows no entry curates, each in the governorate of its admin1 code.
        let governorate_of: HashMap<&str, usize> =
            entries.iter().enumerate().filter_map(|(i, (e, _))| e.admin1_code.as_deref().map(|c| (c, i))).collect();
        for row in &rows {
            if curated_rows.contains_key(&row.id) {
                continue;
            }
            let kind = match row.population {
                p if p >= 50_000 => "city",
                p if p >= 5_000 || p == 0 => "town",
                _ => "village",
            };
            let mut aliases = row.alternates.clone();
            aliases.retain(|a| a != &row.name);
            g.places.push(Place {
                name: row.name.clone(),
                kind: kind.to_string(),
                coords: Some((row.lat, row.lon)),
                parent: governorate_of.get(row.admin1.as_str()).copied(),
                aliases,
                geonames: Some(row.id),
                population: row.population,
                origin: Origin::Geonames,
                note: None,
            });
        }
        // The GeoNames names repeat many curated spellings; each is kept once, in its first form.
        for p in &mut g.places {
            let mut seen = std::collections::HashSet::new();
            seen.insert(p.name.clone());
            p.aliases.retain(|a| seen.insert(a.clone()));
        }
        for i in 0..g.places.len() {
            g.check_chain(i)?;
            g.index(i);
        }
        Ok(g)
    }

    /// Fails when the parents above an entry come back to it.
    fn check_chain(&self, i: usize) -> Result<(), PlacesError> {
        let mut at = self.places[i].parent;
        for _ in 0..=self.places.len() {
            match at {
                None => return Ok(()),
                Some(p) if p == i => break,
                Some(p) => at = self.places[p].parent,
            }
        }
        Err(PlacesError::Cycle { place: self.places[i].name.clone() })
    }

    fn index(&mut self, i: usize) {
        let place = &self.places[i];
        let spellings: Vec<String> = std::iter::once(&place.name).chain(&place.aliases).cloned().collect();
        for s in spellings {
            let key = name_key(&s);
            if key.is_empty() {
                continue;
            }
            push_unique(self.by_key.entry(key).or_default(), i);
            let t = translit_key(&s);
            push_unique(self.by_translit.entry(t.clone()).or_default(), i);
            let sk = skeleton(&s);
            if sk.len() >= 3 {
                let list = self.by_skeleton.entry(sk).or_default();
                if !list.iter().any(|(j, k, _)| *j == i && *k == t) {
                    list.push((i, t, shape(&s)));
                }
            }
        }
    }

    /// Every entry.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, id: usize) -> &Place {
        &self.places[id]
    }

    /// The entries a place lies in, nearest first.
    pub fn ancestors(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.places[id].parent;
        // `load` refused cycles, so the walk ends; the bound keeps it so for any future caller.
        std::iter::from_fn(move || {
            let here = at?;
            at = self.places[here].parent;
            Some(here)
        })
        .take(self.places.len())
    }

    /// The entries whose parent is this one.
    pub fn children(&self, id: usize) -> Vec<usize> {
        (0..self.places.len()).filter(|&i| self.places[i].parent == Some(id)).collect()
    }

    /// The nearest entry of `kind`, the place itself included.
    pub fn within(&self, id: usize, kind: &str) -> Option<usize> {
        std::iter::once(id).chain(self.ancestors(id)).find(|&i| self.places[i].kind == kind)
    }

    /// Resolves a name as a user typed it ([`Near::Anywhere`]).
    pub fn resolve(&self, name: &str) -> Option<Resolved> {
        self.resolve_near(name, Near::Anywhere)
    }

    /// Resolves a name as written, near `context`; among equally good entries the one in the
    /// context's governorate wins, then a curated entry, then the larger place.
    pub fn resolve_near(&self, name: &str, context: Near) -> Option<Resolved> {
        let name = name.trim();
        if name_key(name).is_empty() {
            return None;
        }
        // The whole name first: "Deir ez-Zor airport" may be an entry of its own.
        if let Some(r) = self.best(self.candidates(name), context, None) {
            return Some(r);
        }
        // Then without the words that say which part is meant, and without a kind word that
        // asks for an entry of that kind.
        // Kind words and part words may nest ("northern countryside of Raqqa Governorate"):
        // they are taken off in turns until neither is left; the first kind word counts.
        let mut core = name.to_string();
        let mut kind = None;
        loop {
            let (rest, k) = split_kind(&core);
            let rest = strip_part_words(&rest);
            kind = kind.or(k);
            if rest == core || rest.is_empty() {
                break;
            }
            core = rest;
        }
        if core.is_empty() || (kind.is_none() && core == name) {
            return None;
        }
        let found = self.candidates(&core);
        match kind {
            None => self.best(found, context, None),
            Some((kinds, hint)) => {
                if let Some(r) = self.best(found.clone(), context, Some(kinds)) {
                    return Some(r);
                }
                match hint {
                    // "Deir ez-Zor province": the governorate the city lies in.
                    Hint::Area => {
                        let up: Vec<(usize, f32, String)> = found
                            .into_iter()
                            .filter_map(|(i, c, m)| {
                                self.ancestors(i)
                                    .find(|&a| kinds.contains(&self.places[a].kind.as_str()))
                                    .map(|a| (a, c, m))
                            })
                            .collect();
                        self.best(up, context, None)
                    }
                    // "Hamdan airport" when only Hamdan is known: at Hamdan.
                    Hint::Facility => self.best(found, context, None).map(|r| Resolved { at: true, ..r }),
                }
            }
        }
    }

    /// Every entry a spelling may stand for, with the confidence and the spelling matched.
    fn candidates(&self, name: &str) -> Vec<(usize, f32, String)> {
        let mut out: Vec<(usize, f32, String)> = Vec::new();
        let mut add = |i: usize, c: f32, m: &str| match out.iter_mut().find(|(j, _, _)| *j == i) {
            Some(x) if x.1 < c => *x = (i, c, m.to_string()),
            Some(_) => {}
            None => out.push((i, c, m.to_string())),
        };
        if let Some(list) = self.by_key.get(&name_key(name)) {
            for &i in list {
                add(i, 1.0, name);
            }
        }
        let t = translit_key(name);
        if let Some(list) = self.by_translit.get(&t) {
            for &i in list {
                add(i, 0.95, &t);
            }
        }
        let sk = skeleton(name);
        if sk.len() >= 3 {
            if let Some(list) = self.by_skeleton.get(&sk) {
                let form = shape(name);
                for (i, key, their_form) in list {
                    // Both the letters and the syllables must be alike.
                    let sim = (strsim::jaro_winkler(&t, key) as f32).min(shape_similarity(&form, their_form));
                    add(*i, (0.6 + 0.35 * sim).min(0.9), key);
                }
            }
        }
        out
    }

    /// The best candidate at or above the threshold, of the kinds asked for.
    fn best(&self, found: Vec<(usize, f32, String)>, context: Near, kinds: Option<&[&str]>) -> Option<Resolved> {
        let region = |i: usize| self.within(i, "governorate");
        let ctx_region = match context {
            Near::Governorate(g) => region(g),
            _ => None,
        };
        // A loose match (a spelling not known as such) is trusted only in the context's
        // governorate: "Qusour" in Deir ez-Zor is not al-Qusayr in Homs.
        let plausible = |i: usize, c: f32| {
            c >= Self::SURE
                || match context {
                    Near::Anywhere => true,
                    Near::Governorate(_) => region(i) == ctx_region,
                    Near::Unknown => false,
                }
        };
        found
            .into_iter()
            .filter(|(i, c, _)| {
                *c >= Self::THRESHOLD
                    && plausible(*i, *c)
                    && kinds.is_none_or(|k| k.contains(&self.places[*i].kind.as_str()))
            })
            .max_by(|a, b| {
                let rank = |(i, c, _): &(usize, f32, String)| {
                    let same_region = ctx_region.is_some() && region(*i) == ctx_region;
                    let curated = self.places[*i].origin != Origin::Geonames;
                    (*c, same_region, curated, self.places[*i].population)
                };
                let (ra, rb) = (rank(a), rank(b));
                ra.0.total_cmp(&rb.0)
                    .then(ra.1.cmp(&rb.1))
                    .then(ra.2.cmp(&rb.2))
                    .then(ra.3.cmp(&rb.3))
                    .then(b.0.cmp(&a.0))
            })
            .map(|(id, confidence, matched)| Resolved { id, confidence, matched, at: false })
    }

    /// What exports carry for a name: canonical name, coordinates (the place's own, or the
    /// nearest ancestor's at a coarser precision), governorate and district. A name that does
    /// not resolve keeps its text and has no coordinates.
    pub fn locate(&self, name: &str, context: Near) -> Located {
        match self.resolve_near(name, context) {
            Some(r) => self.located(&r, name),
            None => Located::unresolved(name),
        }
    }

    /// [`Gazetteer::locate`] for a name already resolved.
    pub fn located(&self, r: &Resolved, written: &str) -> Located {
        let place = &self.places[r.id];
        let precision_of = |i: usize, own: bool| {
            let kind = self.places[i].kind.as_str();
            match kind {
                "country" => WherePrec::Country,
                "governorate" => WherePrec::Governorate,
                "district" | "subdistrict" => WherePrec::District,
                _ if own => WherePrec::Exact,
                _ => WherePrec::Near,
            }
        };
        let (coords, prec) = std::iter::once(r.id)
            .chain(self.ancestors(r.id))
            .enumerate()
            .find_map(|(step, i)| self.places[i].coords.map(|c| (Some(c), precision_of(i, step == 0 && !r.at))))
            .unwrap_or((None, WherePrec::Country));
        let name_of = |kind: &str| self.within(r.id, kind).map(|i| self.places[i].name.clone());
        Located {
            name: if r.at { written.trim().to_string() } else { place.name.clone() },
            kind: if r.at { String::new() } else { place.kind.clone() },
            latitude: coords.map(|c| c.0),
            longitude: coords.map(|c| c.1),
            admin1: name_of("governorate"),
            admin2: name_of("district"),
            where_prec: coords.map(|_| prec as u8),
            confidence: r.confidence,
        }
    }
}

fn push_unique(list: &mut Vec<usize>, i: usize) {
    if !list.contains(&i) {
        list.push(i);
    }
}

pub(crate) const BUILTIN_GEONAMES: &str = include_str!("../../../data/places/geonames_cities500_SY.tsv");
pub(crate) const BUILTIN_CURATED: &str = include_str!("../../../data/places/syria.toml");

/// One row of the GeoNames extract.
struct GeoRow {
    id: u64,
    name: String,
    lat: f64,
    lon: f64,
    population: u64,
    admin1: String,
    alternates: Vec<String>,
}

/// Reads the GeoNames table (geonameid, name, latitude, longitude, population, admin1code,
/// admin1name, timezone, alternatenames). Of the alternate names only those written in Latin
/// letters with a capital are kept: the lower-case ones are machine transliterations of the
/// Arabic without vowels, and match unrelated names.
fn parse_geonames(text: &str) -> Result<Vec<GeoRow>, PlacesError> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |reason: &str| PlacesError::Geonames { line: n + 1, reason: reason.to_string() };
        if cols.len() < 9 {
            return Err(bad("fewer than 9 columns"));
        }
        let num = |s: &str, what: &str| s.trim().parse::<f64>().map_err(|_| bad(&format!("{what} is not a number")));
        rows.push(GeoRow {
            id: cols[0].trim().parse().map_err(|_| bad("the geonameid is not a number"))?,
            name: cols[1].to_string(),
            lat: num(cols[2], "the latitude")?,
            lon: num(cols[3], "the longitude")?,
            population: cols[4].trim().parse().unwrap_or(0),
            admin1: cols[5].trim().to_string(),
            alternates: cols[8]
                .split('|')
                .filter(|a| {
                    a.chars().next().is_some_and(|c| c.is_uppercase()) && a.chars().all(|c| c.is_ascii() || is_latin(c))
                })
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(rows)
}

/// Whether a character is a Latin letter with a diacritic or a typographic mark of a
/// transliteration (ʿ, ʾ, ‘, ’).
fn is_latin(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x2BB..=0x2BF | 0x2018 | 0x2019)
}

/// Articles of transliterated Arabic, glued to the next word by a hyphen or written apart:
/// "ez-Zor", "as Susah", "Ash-Shuhayl".
const ARTICLES: &[&str] =
    &["al", "el", "ar", "as", "ash", "ad", "adh", "at", "ath", "az", "an", "ez", "es", "et", "ed", "en", "er", "the"];

/// Lower-case words of a name in plain Latin letters: diacritics folded, apostrophes and the
/// marks of ayn and hamza dropped, leading articles removed (unless the name is nothing else).
fn words(name: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʿ' | 'ʾ' | 'ʻ' | 'ʼ' | '`' | '´'))
        .map(|c| if c == 'ı' { 'i' } else { c })
        .collect();
    let all: Vec<String> =
        folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    let kept: Vec<String> = all.iter().filter(|w| !ARTICLES.contains(&w.as_str())).cloned().collect();
    if kept.is_empty() {
        all
    } else {
        kept
    }
}

/// The transliteration key of a name: its words run together, with the spellings that vary
/// between transliterations made one: ou/oo → u, ee → i, q → k, ch → sh (French), dj → j,
/// ph → f, a final h after a vowel dropped (-iyah/-iya/-iyeh), doubled letters made single.
pub fn translit_key(name: &str) -> String {
    words(name).iter().map(|w| translit_word(w)).collect()
}

fn translit_word(w: &str) -> String {
    let mut s = w.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("dj", "j").replace("ph", "f");
    s = s.replace("ch", "sh").replace('q', "k");
    // "Hatlah", "Baghaliyeh": a final h after a vowel is not pronounced; "Shah" keeps its sh.
    let b = s.as_bytes();
    if b.len() > 3 && b[b.len() - 1] == b'h' && is_vowel(b[b.len() - 2]) && b[b.len() - 3] != b's' {
        s.pop();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The shape of a name: its [`translit_key`] words with each run of vowels written `V` and the
/// words apart. A w or y counts as a consonant at the start of a word and between two vowels
/// ("Mayadin", "Hawiqa"), and as part of the vowel elsewhere ("Dayr", "Huwayqa"), as it is read.
/// The digraphs sh, kh, gh, th, dh stand for one sound each. "Zabdin" (zVbdVn) and "Zabadani"
/// (zVbVdVnV) share their consonants but not their shape.
fn shape(name: &str) -> String {
    let mut out = String::new();
    for w in words(name) {
        if !out.is_empty() {
            out.push(' ');
        }
        let w = translit_word(&w)
            .replace("sh", "S")
            .replace("kh", "X")
            .replace("gh", "G")
            .replace("th", "t")
            .replace("dh", "d");
        let b = w.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            let vowel_at = |j: Option<usize>| j.and_then(|j| b.get(j)).is_some_and(|&x| is_vowel(x));
            let consonant = match c {
                b'a' | b'e' | b'i' | b'o' | b'u' => false,
                b'w' | b'y' => i == 0 || (vowel_at(i.checked_sub(1)) && vowel_at(Some(i + 1))),
                _ => true,
            };
            let c = if consonant { c } else { b'V' };
            if out.as_bytes().last() != Some(&c) {
                out.push(c as char);
            }
        }
    }
    out
}

/// The consonant skeleton of a name: its shape without the vowels, the words apart.
pub fn skeleton(name: &str) -> String {
    let mut out = String::new();
    for c in shape(name).chars().filter(|&c| c != 'V') {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// How alike two shapes are, from 0 to 1: one less the edit distance over the longer length.
fn shape_similarity(a: &str, b: &str) -> f32 {
    let longest = a.chars().count().max(b.chars().count()).max(1);
    1.0 - strsim::levenshtein(a, b) as f32 / longest as f32
}

/// A name without a kind word at its end or start ("Hawijat Qati island", "the town of
/// Hajin"), with the kinds that word asks for.
fn split_kind(name: &str) -> (String, Option<(&'static [&'static str], Hint)>) {
    let lower = name.to_lowercase();
    let trimmed = lower.trim();
    for (word, kinds, hint) in KIND_WORDS {
        if let Some(rest) = trimmed.strip_suffix(word) {
            if rest.ends_with(' ') && !rest.trim().is_empty() {
                let core = &name.trim()[..rest.trim_end().len()];
                return (core.to_string(), Some((kinds, *hint)));
            }
        }
        // "the town of Hajin", "village of Hatla".
        for lead in ["the ", ""] {
            let prefix = format!("{lead}{word} of ");
            if trimmed.starts_with(&prefix) && trimmed.len() > prefix.len() {
                return (name.trim()[prefix.len()..].to_string(), Some((kinds, *hint)));
            }
        }
    }
    (name.trim().to_string(), None)
}

/// A name without leading words that say which part of a place is meant ("western Hawiqa").
fn strip_part_words(name: &str) -> String {
    let mut rest = name.trim();
    loop {
        let Some((first, tail)) = rest.split_once(' ') else { return rest.to_string() };
        if PART_WORDS.contains(&first.to_lowercase().as_str()) {
            rest = tail.trim_start();
        } else {
            return rest.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolves_to(g: &Gazetteer, name: &str) -> Option<String> {
        g.resolve(name).map(|r| g.place(r.id).name.clone())
    }

    #[test]
    fn transliteration_keys_fold_the_usual_variants() {
        let same = [
            ("Al-Mayadin", "Mayadeen"),
            ("Al Qussour", "al-Qusour"),
            ("Qusour", "Kusur"),
            ("Hatlah", "Hatla"),
            ("Deir ez-Zor", "Deir Zor"),
            ("Chaddadi", "Shaddadi"),
        ];
        for (a, b) in same {
            assert_eq!(translit_key(a), translit_key(b), "{a} ~ {b}");
        }
        let skeleton_same = [
            ("Al-Baghiliyah", "Baghiliya"),
            ("Al-Baghiliyah", "Al-Bughayliyah"),
            ("Al-Baghiliyah", "Al-Baghaliyeh"),
            ("Al-Baghiliyah", "Al-Baghayliyah"),
            ("Hawiqa", "Huwayqa"),
            ("Hawiqa", "Huweiqa"),
            ("Jbeila", "Jubaylah"),
            ("Deir ez-Zor", "Dayr az-Zawr"),
            ("Mayadin", "Meyadine"),
        ];
        for (a, b) in skeleton_same {
            assert_eq!(skeleton(a), skeleton(b), "{a} ~ {b}");
        }
        // Different places keep different skeletons, or at least different shapes.
        for (a, b) in [("Mayadin", "Maadan"), ("Hajin", "Hisan"), ("Khasham", "Hisham"), ("Nayrab", "Ayn al-Arab")] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        assert_eq!(skeleton("Zabdin"), skeleton("Zabadani"));
        assert!(shape_similarity(&shape("Zabdin"), &shape("Zabadani")) < 0.77);
        assert_eq!(shape("Jindires"), shape("Jindayris"));
    }

    const SMALL: &str = r#"
[[place]]
name = "Syria"
kind = "country"
lat = 35.0
lon = 38.5

[[place]]
name = "Deir ez-Zor Governorate"
kind = "governorate"
admin1_code = "07"
parent = "Syria"
lat = 35.2
lon = 40.3
aliases = ["Deir ez-Zor province"]

[[place]]
name = "Deir ez-Zor District"
kind = "district"
parent = "Deir ez-Zor Governorate"
lat = 35.33
lon = 40.14

[[place]]
name = "Deir ez-Zor"
kind = "city"
geonames = 170794
parent = "Deir ez-Zor District"

[[place]]
name = "Hawijat Qati"
kind = "island"
parent = "Deir ez-Zor"

[[place]]
name = "Al-Baghiliyah"
kind = "neighbourhood"
parent = "Deir ez-Zor"
aliases = ["Baghiliya"]
"#;

    const ROWS: &str =
        "geonameid\tname\tlatitude\tlongitude\tpopulation\tadmin1code\tadmin1name\ttimezone\talternatenames\n\
170794\tDeir ez-Zor\t35.33588\t40.14084\t271800\t07\tDeir ez-Zor\tAsia/Damascus\tDayr az Zawr|Deir Ezzor|dyr alzwr\n\
173480\tAl Mayādīn\t35.01982\t40.45154\t54534\t07\tDeir ez-Zor\tAsia/Damascus\tAl Mayadin|Mayadin|almyadyn\n";

    fn small() -> Gazetteer {
        Gazetteer::load(ROWS, &[(SMALL, Origin::Curated)]).unwrap()
    }

    #[test]
    fn spellings_never_seen_resolve_with_a_confidence() {
        let g = small();
        let cases: &[(&str, Option<&str>)] = &[
            ("Deir ez-Zor", Some("Deir ez-Zor")),
            ("Deir Ezzor", Some("Deir ez-Zor")),
            ("Dayr az-Zawr", Some("Deir ez-Zor")),
            ("Mayadeen", Some("Al Mayādīn")),
            ("al-Mayadin", Some("Al Mayādīn")),
            ("Al-Bughayliyah", Some("Al-Baghiliyah")),
            ("Al-Baghaliyeh", Some("Al-Baghiliyah")),
            ("Hawijat Qati island", Some("Hawijat Qati")),
            ("Deir ez-Zor province", Some("Deir ez-Zor Governorate")),
            ("western Baghiliya", Some("Al-Baghiliyah")),
            // Not in the gazetteer, and not guessed.
            ("Maadan", None),
            ("Hajin", None),
            ("the city", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(resolves_to(&g, name).as_deref(), *want, "{name}");
        }
        assert_eq!(g.resolve("Deir ez-Zor").unwrap().confidence, 1.0);
        assert!(g.resolve("Al-Bughayliyah").unwrap().confidence < 1.0);
    }

    #[test]
    fn a_place_without_coordinates_takes_its_towns_at_a_coarser_precision() {
        let g = small();
        let here = g.locate("Baghiliya", Near::Anywhere);
        assert_eq!(here.name, "Al-Baghiliyah");
        assert_eq!((here.latitude, here.longitude), (Some(35.33588), Some(40.14084)));
        assert_eq!(here.where_prec, Some(WherePrec::Near as u8));
        assert_eq!(here.admin1.as_deref(), Some("Deir ez-Zor Governorate"));
        assert_eq!(here.admin2.as_deref(), Some("Deir ez-Zor District"));
        let city = g.locate("Deir Ezzor", Near::Anywhere);
        assert_eq!(city.where_prec, Some(1));
        assert_eq!(g.locate("Deir ez-Zor province", Near::Anywhere).where_prec, Some(4));
        // A facility the gazetteer lacks is placed at its town, and keeps its own name.
        let airport = g.locate("Deir ez-Zor airport", Near::Anywhere);
        assert_eq!((airport.name.as_str(), airport.where_prec), ("Deir ez-Zor airport", Some(2)));
        // An unknown place keeps its text and gets no coordinates.
        let unknown = g.locate("Nowhere Special", Near::Anywhere);
        assert_eq!((unknown.name.as_str(), unknown.latitude, unknown.where_prec), ("Nowhere Special", None, None));
    }

    #[test]
    fn loose_matches_need_a_context_that_supports_them() {
        let g = small();
        let dez = g.resolve("Deir ez-Zor Governorate").unwrap().id;
        let other = Gazetteer::load(
            ROWS,
            &[
                (SMALL, Origin::Curated),
                (
                    "[[place]]\nname = \"Elsewhere Governorate\"\nkind = \"governorate\"\nparent = \"Syria\"\n",
                    Origin::User,
                ),
            ],
        )
        .unwrap();
        let elsewhere = other.resolve("Elsewhere Governorate").unwrap().id;
        let name_of = |g: &Gazetteer, r: Option<Resolved>| r.map(|r| g.place(r.id).name.clone());
        // A spelling known as such stands anywhere.
        assert_eq!(name_of(&g, g.resolve_near("Baghiliya", Near::Unknown)).as_deref(), Some("Al-Baghiliyah"));
        // A loose one stands in a query and in its own governorate's narrative only.
        assert!(g.resolve_near("Al-Bughayliyah", Near::Anywhere).is_some());
        assert!(g.resolve_near("Al-Bughayliyah", Near::Governorate(dez)).is_some());
        assert!(other.resolve_near("Al-Bughayliyah", Near::Governorate(elsewhere)).is_none());
        assert!(g.resolve_near("Al-Bughayliyah", Near::Unknown).is_none());
    }

    #[test]
    fn geonames_rows_lie_in_their_governorate() {
        let g = small();
        let r = g.resolve("Mayadin").unwrap();
        assert_eq!(g.locate("Mayadin", Near::Anywhere).admin1.as_deref(), Some("Deir ez-Zor Governorate"));
        assert_eq!(g.place(r.id).origin, Origin::Geonames);
        // Lower-case machine transliterations are not spellings.
        assert!(g.resolve("almyadyn").is_none_or(|r| r.confidence < 1.0));
    }

    #[test]
    fn bad_files_are_errors_that_name_the_place() {
        let orphan = "[[place]]\nname = \"A\"\nkind = \"town\"\nparent = \"Nowhere\"\n";
        let e = Gazetteer::load(ROWS, &[(orphan, Origin::User)]).unwrap_err().to_string();
        assert!(e.contains("\"A\"") && e.contains("Nowhere"), "{e}");
        let circle = "[[place]]\nname = \"A\"\nkind = \"town\"\nparent = \"B\"\n[[place]]\nname = \"B\"\nkind = \"town\"\nparent = \"A\"\n";
        assert!(matches!(Gazetteer::load(ROWS, &[(circle, Origin::User)]), Err(PlacesError::Cycle { .. })));
        assert!(Gazetteer::load(ROWS, &[("[[place]]\nname = 3", Origin::User)]).is_err());
        assert!(Gazetteer::load("h\n1\tx\n", &[]).is_err());
        let unknown_id = "[[place]]\nname = \"A\"\nkind = \"town\"\ngeonames = 1\n";
        assert!(matches!(
            Gazetteer::load(ROWS, &[(unknown_id, Origin::User)]),
            Err(PlacesError::UnknownGeonames { .. })
        ));
    }

    #[test]
    fn a_users_entry_adds_a_place_and_overrides_a_known_one() {
        let user = "[[place]]\nname = \"Hawijat Qati\"\nkind = \"island\"\nlat = 35.35\nlon = 40.16\naliases = [\"Qati island\"]\n\
                    [[place]]\nname = \"New Hamlet\"\nkind = \"village\"\nparent = \"Deir ez-Zor Governorate\"\n";
        let g = Gazetteer::load(ROWS, &[(SMALL, Origin::Curated), (user, Origin::User)]).unwrap();
        let q = g.locate("Qati island", Near::Anywhere);
        assert_eq!((q.name.as_str(), q.latitude, q.where_prec), ("Hawijat Qati", Some(35.35), Some(1)));
        // The override keeps the curated parent.
        assert_eq!(q.admin2.as_deref(), Some("Deir ez-Zor District"));
        assert_eq!(g.locate("New Hamlet", Near::Anywhere).where_prec, Some(4));
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    #[test]
    fn the_built_in_data_loads() {
        let g = Gazetteer::load(BUILTIN_GEONAMES, &[(BUILTIN_CURATED, Origin::Curated)]).unwrap();
        assert!(g.places().len() > 300, "{} places", g.places().len());
        // Every governorate has coordinates and lies in a country.
        for p in g.places().iter().filter(|p| p.kind == "governorate") {
            assert!(p.coords.is_some(), "{}", p.name);
            assert!(p.parent.is_some_and(|c| g.place(c).kind == "country"), "{}", p.name);
        }
    }
}
