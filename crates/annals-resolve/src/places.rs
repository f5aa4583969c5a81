//! Places: a gazetteer and a transliteration-aware matcher.
//!
//! The gazetteer is data. The built-in one is the GeoNames extract of Syrian populated places
//! (`data/places/geonames_cities500_SY.tsv`, CC BY 4.0) overlaid with curated entries
//! (`data/places/syria.toml`): common English names, kinds, parents (neighbourhood ⊂ city ⊂
//! district ⊂ governorate ⊂ country) and the spellings the corpus uses; and, for the rest of the
//! world, the world extract (`data/places/world.tsv.gz`, made by `tools/world_gazetteer.py` from
//! GeoNames' countries and cities1000 tables): every country, and every populated place of 1,000
//! people or more outside Syria, each in its country ([`Place::country`]). Users add entries in a
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
//!
//! The world's rows are many (some 170,000), so they are indexed compactly: each spelling is
//! folded to ASCII and its two keys (the same rules as [`crate::name_key`] and [`translit_key`],
//! computed without allocating) are kept as hashes in sorted arrays; a hit is checked against the
//! entry's spellings. They match surely (confidence 1 or 0.95) or not at all: the consonant
//! skeleton, a loose match, is kept for the curated and Syrian entries, whose context (a
//! conflict's governorate) can support it.
//!
//! A conflict's countries scope its names ([`Near::Countries`], [`CountrySet`]): a place inside
//! them is preferred, and one outside them stands only when it is surely named and big (a
//! country or a capital anywhere; a first-order division or a city of 100,000 people or more in
//! a country bordering them), so that "Kos" in a Greek battle is the Greek island's town and a
//! village of another country is never a place of a Syrian battle. Without countries, a small
//! place of the world stands only by its own name, not by one of GeoNames' other names for it.

use crate::names::name_key;
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Read;
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
    #[error("world extract, line {line}: {reason}")]
    World { line: usize, reason: String },
    #[error("place {place:?}: country {code:?} is not in the gazetteer")]
    UnknownCountry { place: String, code: String },
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
    /// The ISO 3166 alpha-2 code of the country the place lies in (a country's own code), when
    /// known: from its parents, its GeoNames row or its file's `country`.
    pub country: Option<String>,
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
    /// The ISO 3166 alpha-2 code of the country, for an entry whose parents do not say it; an
    /// entry without a parent is then placed in that country.
    country: Option<String>,
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

/// What a name is resolved near, which decides how loose a match may be and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Near {
    /// A query typed by a user: loose matches anywhere among the curated and Syrian entries,
    /// sure ones among the world's (a small place of the world by its own name only), the best
    /// first.
    Anywhere,
    /// A name in the narrative of a conflict in this governorate (an entry index): loose
    /// matches only within it, and it wins ties between entries of the same name. The
    /// governorate's country scopes the name as [`Near::Countries`] does.
    Governorate(usize),
    /// A name in the narrative of a conflict set in these countries: sure matches inside them
    /// are preferred; outside them only sure matches of big places stand: a country or a capital
    /// anywhere, a first-order division or a city of [`Gazetteer::BIG`] people or more in a
    /// country bordering them (a far city's old name, "Stalin" for Varna, or an Italian division
    /// named after its city, is not a place of a battle in Libya). Loose matches are left out: a
    /// country is too large a context to support them.
    Countries(CountrySet),
    /// A name in a narrative whose region the gazetteer does not know (another war): only sure
    /// matches, for a loose one would be a guess ("Italian" is no village "Tālīn"); a small place
    /// of the world only by its own name ("German" is not San Germán in Mexico).
    Unknown,
}

impl Near {
    /// [`Near::Countries`] of ISO 3166 alpha-2 codes ("GR", "ly"); codes that are not two
    /// letters are left out, and with none left this is [`Near::Unknown`].
    pub fn countries<I, S>(codes: I) -> Near
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let set = CountrySet::of(codes);
        if set.is_empty() {
            Near::Unknown
        } else {
            Near::Countries(set)
        }
    }
}

/// A set of countries by ISO 3166 alpha-2 code: one bit for each of the 676 two-letter codes, so
/// that it is `Copy` and a [`Near`] can be a cache key.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CountrySet([u64; 11]);

impl CountrySet {
    /// The set of these codes (case does not matter; anything but two ASCII letters is left out).
    pub fn of<I, S>(codes: I) -> CountrySet
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut set = CountrySet::default();
        for c in codes {
            set.insert(c.as_ref());
        }
        set
    }

    fn bit(code: &str) -> Option<usize> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some((a.to_ascii_uppercase() - b'A') as usize * 26 + (b.to_ascii_uppercase() - b'A') as usize)
            }
            _ => None,
        }
    }

    /// Adds a code; false when it is not two ASCII letters.
    pub fn insert(&mut self, code: &str) -> bool {
        let Some(b) = Self::bit(code) else { return false };
        self.0[b / 64] |= 1 << (b % 64);
        true
    }

    pub fn contains(&self, code: &str) -> bool {
        Self::bit(code).is_some_and(|b| self.0[b / 64] & (1 << (b % 64)) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The codes, in alphabetical order, upper case.
    pub fn codes(&self) -> Vec<String> {
        (0..676)
            .filter(|b| self.0[b / 64] & (1 << (b % 64)) != 0)
            .map(|b| String::from_utf8(vec![b'A' + (b / 26) as u8, b'A' + (b % 26) as u8]).unwrap_or_default())
            .collect()
    }
}

impl std::fmt::Debug for CountrySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.codes()).finish()
    }
}

/// A country of the gazetteer: its entry, its capital's and the countries it borders.
#[derive(Clone, Copy, Debug)]
struct CountryInfo {
    entry: usize,
    capital: Option<usize>,
    neighbours: CountrySet,
}

/// The world's rows, indexed compactly (see the module's documentation).
#[derive(Clone, Debug, Default)]
struct WorldIndex {
    /// The first world row's entry; the entries from it on are world rows.
    start: usize,
    /// (hash of the ASCII name key of a spelling, entry), sorted.
    keys: Vec<(u64, u32)>,
    /// (hash of the ASCII transliteration key of a spelling, entry), sorted.
    translit: Vec<(u64, u32)>,
}

/// The gazetteer: every place with its spellings, indexed three ways for the matcher (the
/// world's rows two ways, compactly).
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// `name_key` of every spelling → entries.
    by_key: HashMap<String, Vec<usize>>,
    /// `translit_key` of every spelling → entries.
    by_translit: HashMap<String, Vec<usize>>,
    /// `skeleton` of every spelling → (entry, the spelling's translit key and shape).
    by_skeleton: HashMap<String, Vec<(usize, String, String)>>,
    world: WorldIndex,
    /// Countries by their upper-case ISO 3166 alpha-2 code.
    countries: HashMap<String, CountryInfo>,
}

impl Gazetteer {
    /// Matches weaker than this leave a name unresolved.
    pub const THRESHOLD: f32 = 0.87;
    /// Matches at least this sure (a known spelling, or one that differs only in how the same
    /// letters are transliterated) stand without a context to support them.
    pub const SURE: f32 = 0.95;
    /// The population from which a city is big enough to be named outside its conflict's
    /// countries ([`Near::Countries`]).
    pub const BIG: u64 = 100_000;

    /// The gazetteer shipped with annals.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The data is part of the build and tested below, so it always loads.
            Gazetteer::with_extensions(&[]).unwrap_or_default()
        })
    }

    /// The built-in gazetteer with the entries of the users' files added. A user's entry whose
    /// name is already known overrides that entry's kind, coordinates and parent, and adds its
    /// aliases.
    pub fn with_extensions(files: &[&str]) -> Result<Gazetteer, PlacesError> {
        // The places the shipped theatres add (islands, hills, airfields a war's articles name)
        // are curated entries like Syria's.
        let theatres = crate::theatre::shipped_places();
        let mut layers = vec![(BUILTIN_CURATED, Origin::Curated)];
        layers.extend(theatres.iter().map(|t| (t.as_str(), Origin::Curated)));
        layers.extend(files.iter().map(|f| (*f, Origin::User)));
        Gazetteer::load_builtin(&layers)
    }

    /// The built-in tables with these layers. The world extract's parts are decompressed on
    /// threads of their own while the layers are read, and then made into entries on them.
    fn load_builtin(layers: &[(&str, Origin)]) -> Result<Gazetteer, PlacesError> {
        let (head, parts) = world_members(BUILTIN_WORLD)?;
        std::thread::scope(|s| {
            let parts: Vec<_> = parts.into_iter().map(|bytes| s.spawn(move || gunzip(bytes))).collect();
            let entries = read_layers(layers);
            let mut texts = vec![head];
            for part in parts {
                texts.push(part.join().map_err(|_| world_failed("decompressing"))??);
            }
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            Gazetteer::build(BUILTIN_GEONAMES, &texts, entries?)
        })
    }

    /// Builds a gazetteer from a GeoNames table and TOML layers applied in order, without the
    /// world extract.
    #[cfg(test)]
    fn load(geonames: &str, layers: &[(&str, Origin)]) -> Result<Gazetteer, PlacesError> {
        Gazetteer::load_with(geonames, "", layers)
    }

    /// Builds a gazetteer from the Syrian GeoNames table, the world extract (its text, see
    /// `tools/world_gazetteer.py`) and TOML layers applied in order. A curated or user entry
    /// with a `geonames` id takes that row's place (its row is not added again); a country
    /// entry of a file is the world's country of that name.
    #[cfg(test)]
    fn load_with(geonames: &str, world: &str, layers: &[(&str, Origin)]) -> Result<Gazetteer, PlacesError> {
        Gazetteer::build(geonames, &[world], read_layers(layers)?)
    }

    /// [`Gazetteer::load_with`] of the entries the layers give, the world extract in parts: the
    /// first with the countries (and maybe places), the others with places only, each made into
    /// entries on a thread of its own.
    fn build(geonames: &str, world: &[&str], entries: Vec<(PlaceEntry, Origin)>) -> Result<Gazetteer, PlacesError> {
        let rows = parse_geonames(geonames)?;
        let head = parse_world(world.first().copied().unwrap_or(""))?;
        let entry_of: HashMap<String, usize> =
            entries.iter().enumerate().map(|(i, (e, _))| (name_key(&e.name), i)).collect();
        let syrian_row: HashMap<u64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        // The world's rows that entries name by GeoNames id (rarely any: then the parts are read
        // once more for them).
        let wanted: std::collections::HashSet<u64> =
            entries.iter().filter_map(|(e, _)| e.geonames).filter(|id| !syrian_row.contains_key(id)).collect();
        let mut world_row: HashMap<u64, WorldRow<'_>> = HashMap::new();
        if !wanted.is_empty() {
            for text in world {
                let part = parse_world(text)?;
                world_row.extend(part.places.into_iter().filter(|r| wanted.contains(&r.id)).map(|r| (r.id, r)));
            }
        }
        let mut g = Gazetteer::default();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut curated_rows: std::collections::HashSet<u64> = std::collections::HashSet::new();
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
                country: None,
            };
            if let Some(code) = &e.country {
                if CountrySet::bit(code).is_none() {
                    return Err(PlacesError::UnknownCountry { place: e.name.clone(), code: code.clone() });
                }
                place.country = Some(code.to_ascii_uppercase());
            }
            if let Some(id) = e.geonames {
                if let Some(row) = syrian_row.get(&id).map(|&r| &rows[r]) {
                    place.coords = place.coords.or(Some((row.lat, row.lon)));
                    place.population = row.population;
                    place.aliases.push(row.name.clone());
                    place.aliases.extend(row.alternates.iter().cloned());
                    place.country.get_or_insert_with(|| "SY".to_string());
                } else if let Some(row) = world_row.get(&id) {
                    place.coords = place.coords.or(Some((row.lat, row.lon)));
                    place.population = row.population;
                    place.aliases.push(row.name.to_string());
                    place.aliases.extend(row.alternates().map(str::to_string));
                    place.country.get_or_insert_with(|| row.country.to_string());
                } else {
                    return Err(PlacesError::UnknownGeonames { place: e.name.clone(), id });
                }
                curated_rows.insert(id);
            }
            index_of.insert(name_key(&e.name), g.places.len());
            g.places.push(place);
        }
        // The world's countries: a file's entry of a country's name is that country.
        let mut capitals: HashMap<u64, String> = HashMap::new();
        for c in &head.countries {
            let file_entry = std::iter::once(c.name)
                .chain(c.aliases())
                .find_map(|n| entry_of.get(&name_key(n)).copied())
                .or_else(|| {
                    entries
                        .iter()
                        .position(|(e, _)| e.country.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(c.iso)))
                })
                .filter(|&k| entries[k].0.kind == "country");
            let id = match file_entry {
                Some(k) => {
                    let p = &mut g.places[k];
                    p.country = Some(c.iso.to_string());
                    p.coords = p.coords.or(c.coords);
                    p.geonames = p.geonames.or(Some(c.id));
                    p.population = p.population.max(c.population);
                    p.aliases.extend(std::iter::once(c.name).chain(c.aliases()).map(str::to_string));
                    k
                }
                None => {
                    g.places.push(Place {
                        name: c.name.to_string(),
                        kind: "country".to_string(),
                        coords: c.coords,
                        parent: None,
                        aliases: c.aliases().map(str::to_string).collect(),
                        geonames: Some(c.id),
                        population: c.population,
                        origin: Origin::Geonames,
                        note: None,
                        country: Some(c.iso.to_string()),
                    });
                    index_of.entry(name_key(c.name)).or_insert(g.places.len() - 1);
                    g.places.len() - 1
                }
            };
            if let Some(capital) = c.capital {
                capitals.insert(capital, c.iso.to_string());
            }
            let neighbours = CountrySet::of(c.neighbours.split(','));
            g.countries.insert(c.iso.to_string(), CountryInfo { entry: id, capital: None, neighbours });
        }
        // Parents by name, once every entry has its index; an entry that names only its country
        // lies in it.
        for (i, (e, _)) in entries.iter().enumerate() {
            if let Some(p) = &e.parent {
                let parent = *index_of
                    .get(&name_key(p))
                    .ok_or_else(|| PlacesError::UnknownParent { place: e.name.clone(), parent: p.clone() })?;
                g.places[i].parent = Some(parent);
            } else if let Some(code) = &g.places[i].country {
                if g.places[i].kind != "country" {
                    match g.countries.get(code) {
                        Some(c) => g.places[i].parent = Some(c.entry),
                        None if !g.countries.is_empty() => {
                            return Err(PlacesError::UnknownCountry { place: e.name.clone(), code: code.clone() })
                        }
                        None => {}
                    }
                }
            }
        }
        // The GeoNames rows no entry curates, each in the governorate of its admin1 code.
        let governorate_of: HashMap<&str, usize> =
            entries.iter().enumerate().filter_map(|(i, (e, _))| e.admin1_code.as_deref().map(|c| (c, i))).collect();
        for row in &rows {
            if curated_rows.contains(&row.id) {
                continue;
            }
            let mut aliases = row.alternates.clone();
            aliases.retain(|a| a != &row.name);
            g.places.push(Place {
                name: row.name.clone(),
                kind: kind_of_population(row.population).to_string(),
                coords: Some((row.lat, row.lon)),
                parent: governorate_of.get(row.admin1.as_str()).copied(),
                aliases,
                geonames: Some(row.id),
                population: row.population,
                origin: Origin::Geonames,
                note: None,
                country: Some("SY".to_string()),
            });
        }
        // The GeoNames names repeat many curated spellings; each is kept once, in its first form.
        for p in &mut g.places {
            let mut seen = std::collections::HashSet::new();
            seen.insert(p.name.clone());
            p.aliases.retain(|a| seen.insert(a.clone()));
        }
        // Every entry above lies in the country of the nearest of its parents that says one.
        for i in 0..g.places.len() {
            g.check_chain(i)?;
            if g.places[i].country.is_none() {
                let country = g.ancestors(i).find_map(|a| g.places[a].country.clone());
                g.places[i].country = country;
            }
        }
        for i in 0..g.places.len() {
            g.index(i);
        }
        // The world's places, Syria's left to the rows and entries above, each in its country.
        // The parts after the first are read on threads of their own; then, while this thread
        // makes the entries, the keys of each part's spellings are hashed on threads too.
        g.world.start = g.places.len();
        let kept = |row: &WorldRow<'_>| row.country != "SY" && !curated_rows.contains(&row.id);
        let others = std::thread::scope(|s| {
            let reading: Vec<_> = world.iter().skip(1).map(|text| s.spawn(|| parse_world(text))).collect();
            let mut others = Vec::new();
            for r in reading {
                let part = r.join().map_err(|_| world_failed("reading"))??;
                if !part.countries.is_empty() {
                    return Err(world_failed("reading (a country after the first part)"));
                }
                others.push(part.places);
            }
            Ok(others)
        })?;
        let parts: Vec<&[WorldRow<'_>]> =
            std::iter::once(head.places.as_slice()).chain(others.iter().map(Vec::as_slice)).collect();
        let mut bases = Vec::new();
        let mut next = g.world.start;
        for rows in &parts {
            bases.push(next);
            next += rows.iter().filter(|r| kept(r)).count();
        }
        let hashed = std::thread::scope(|s| {
            let hashing: Vec<_> = parts
                .iter()
                .zip(&bases)
                .map(|(rows, &base)| s.spawn(move || hash_world_rows(rows, base, &kept)))
                .collect();
            g.places.reserve(next - g.world.start);
            let mut buffers = KeyBuffers::default();
            let mut country: (&str, Option<usize>) = ("", None);
            for row in parts.iter().flat_map(|rows| rows.iter()).filter(|r| kept(r)) {
                let mut aliases: Vec<String> = row.alternates().map(str::to_string).collect();
                aliases.extend(ascii_alias(row, &mut buffers).map(str::to_string));
                if row.capital {
                    capitals.insert(row.id, row.country.to_string());
                }
                // The rows come country by country.
                if country.0 != row.country {
                    country = (row.country, g.countries.get(row.country).map(|c| c.entry));
                }
                g.places.push(Place {
                    name: row.name.to_string(),
                    kind: if row.capital { "city" } else { kind_of_population(row.population) }.to_string(),
                    coords: Some((row.lat, row.lon)),
                    parent: country.1,
                    aliases,
                    geonames: Some(row.id),
                    population: row.population,
                    origin: Origin::Geonames,
                    note: None,
                    country: Some(row.country.to_string()),
                });
            }
            hashing.into_iter().map(|h| h.join()).collect::<Result<Vec<_>, _>>()
        })
        .map_err(|_| world_failed("indexing"))?;
        let mut keys = Vec::with_capacity(hashed.iter().map(|h| h.0.len()).sum());
        let mut translit = Vec::with_capacity(keys.capacity());
        for (k, t) in hashed {
            keys.extend(k);
            translit.extend(t);
        }
        std::thread::scope(|s| {
            s.spawn(|| {
                translit.sort_unstable();
                translit.dedup();
            });
            keys.sort_unstable();
            keys.dedup();
        });
        g.world.keys = keys;
        g.world.translit = translit;
        // Each country's capital, wherever its entry came from.
        if !capitals.is_empty() {
            for (i, p) in g.places.iter().enumerate() {
                let Some(code) = p.geonames.and_then(|id| capitals.get(&id)) else { continue };
                if p.country.as_ref() == Some(code) && p.kind != "country" {
                    if let Some(c) = g.countries.get_mut(code) {
                        c.capital.get_or_insert(i);
                    }
                }
            }
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
        if let Some(r) = self.best(name, self.candidates(name), context, None) {
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
            None => self.best(&core, found, context, None),
            Some((kinds, hint)) => {
                if let Some(r) = self.best(&core, found.clone(), context, Some(kinds)) {
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
                        self.best(&core, up, context, None)
                    }
                    // "Hamdan airport" when only Hamdan is known: at Hamdan.
                    Hint::Facility => self.best(&core, found, context, None).map(|r| Resolved { at: true, ..r }),
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
        // The world's rows, by the keys of the name folded to ASCII; a hash's hit is checked
        // against the entry's own spellings.
        if self.world.start < self.places.len() {
            let mut buffers = KeyBuffers::default();
            let Some((k, t)) = buffers.keys(name).map(|(k, t)| (k.to_vec(), t.to_vec())) else { return out };
            for i in world_hits(&self.world.keys, fnv(&k)) {
                if self.spellings(i).any(|s| buffers.keys(s).is_some_and(|(x, _)| x == k)) {
                    add(i, 1.0, name);
                }
            }
            for i in world_hits(&self.world.translit, fnv(&t)) {
                if self.spellings(i).any(|s| buffers.keys(s).is_some_and(|(_, x)| x == t)) {
                    add(i, 0.95, std::str::from_utf8(&t).unwrap_or_default());
                }
            }
        }
        out
    }

    /// An entry's name and aliases.
    fn spellings(&self, i: usize) -> impl Iterator<Item = &str> {
        let p = &self.places[i];
        std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str))
    }

    /// Whether a place is big wherever it is named from: a country, a capital, a first-order
    /// division, a city of [`Gazetteer::BIG`] people or more.
    fn is_big(&self, i: usize) -> bool {
        let p = &self.places[i];
        let capital = p.country.as_deref().and_then(|c| self.countries.get(c)).is_some_and(|c| c.capital == Some(i));
        matches!(p.kind.as_str(), "country" | "governorate") || p.population >= Self::BIG || capital
    }

    /// Whether a place outside a conflict's countries is big enough to be named in it: a country
    /// or a capital anywhere, a first-order division or a city of [`Gazetteer::BIG`] people or
    /// more in a country that borders them.
    fn is_big_near(&self, i: usize, scope: CountrySet) -> bool {
        let p = &self.places[i];
        let country = p.country.as_deref().and_then(|c| self.countries.get(c));
        p.kind == "country"
            || country.is_some_and(|c| c.capital == Some(i))
            || ((p.kind == "governorate" || p.population >= Self::BIG)
                && country.is_some_and(|c| c.neighbours.0.iter().zip(scope.0).any(|(a, b)| a & b != 0)))
    }

    /// The countries a country borders (by ISO 3166 alpha-2 code), as GeoNames gives them.
    pub fn neighbours(&self, code: &str) -> CountrySet {
        self.countries.get(&code.to_ascii_uppercase()).map(|c| c.neighbours).unwrap_or_default()
    }

    /// The ISO 3166 alpha-2 code of the country an entry lies in (a country's own), when known.
    pub fn country_of(&self, id: usize) -> Option<&str> {
        self.places[id].country.as_deref()
    }

    /// The entry of a country, by its ISO 3166 alpha-2 code ("GR", any case) or any of its
    /// names ("Greece", "United Kingdom", "Britain").
    pub fn country(&self, name_or_code: &str) -> Option<usize> {
        let s = name_or_code.trim();
        if s.len() == 2 && s.is_ascii() {
            if let Some(c) = self.countries.get(&s.to_ascii_uppercase()) {
                return Some(c.entry);
            }
        }
        let key = name_key(s);
        if key.is_empty() {
            return None;
        }
        let list = self.by_key.get(&key)?;
        // A file's country entry whose code is not in the world extract is still a country.
        list.iter().copied().find(|&i| self.places[i].kind == "country")
    }

    /// The entry of a country's capital, when known.
    pub fn capital(&self, country: usize) -> Option<usize> {
        self.countries.get(self.places[country].country.as_deref()?)?.capital
    }

    /// The best candidate for a name at or above the threshold, of the kinds asked for.
    fn best(
        &self,
        name: &str,
        found: Vec<(usize, f32, String)>,
        context: Near,
        kinds: Option<&[&str]>,
    ) -> Option<Resolved> {
        let key = name_key(name);
        let region = |i: usize| self.within(i, "governorate");
        let ctx_region = match context {
            Near::Governorate(g) => region(g),
            _ => None,
        };
        // The countries the context scopes names to: its own, or a governorate's.
        let scope = match context {
            Near::Countries(set) => Some(set),
            Near::Governorate(g) => self.country_of(g).map(|c| CountrySet::of([c])),
            Near::Anywhere | Near::Unknown => None,
        };
        // An entry whose country is not known (a river, a region of a file) is not outside.
        let inside = |i: usize| scope.is_none_or(|s| self.places[i].country.as_deref().is_none_or(|c| s.contains(c)));
        // Without countries, a small place of the world stands only by its own name: GeoNames'
        // other names of small places include nicknames ("The City") and other languages' words.
        let mut buffers = KeyBuffers::default();
        let asked = buffers.keys(name).map(|(k, t)| (k.to_vec(), t.to_vec()));
        let mut by_own_name = |i: usize| {
            let Some((k, t)) = &asked else { return false };
            buffers.keys(&self.places[i].name).is_some_and(|(k2, t2)| k2 == k.as_slice() || t2 == t.as_slice())
        };
        // A loose match (a spelling not known as such) is trusted only in the context's
        // governorate: "Qusour" in Deir ez-Zor is not al-Qusayr in Homs. Outside the context's
        // countries only a big place surely named stands.
        let mut plausible = |i: usize, c: f32| {
            if let (false, Some(s)) = (inside(i), scope) {
                return c >= Self::SURE && self.is_big_near(i, s);
            }
            if scope.is_none() && i >= self.world.start && !self.is_big(i) && !by_own_name(i) {
                return false;
            }
            c >= Self::SURE
                || match context {
                    Near::Anywhere => true,
                    Near::Governorate(_) => region(i) == ctx_region,
                    Near::Countries(_) | Near::Unknown => false,
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
                // Among equally sure matches: the context's governorate, a country ("Luxembourg"
                // is the country before a quarter of Paris of that other name), the context's
                // countries, a curated entry, an entry of that very name before one that has it
                // as another name ("Dubno" before Dubna), the larger place.
                let rank = |(i, c, _): &(usize, f32, String)| {
                    let p = &self.places[*i];
                    let same_region = ctx_region.is_some() && region(*i) == ctx_region;
                    let curated = p.origin != Origin::Geonames;
                    let own_name = name_key(&p.name) == key;
                    (
                        *c,
                        same_region,
                        p.kind == "country",
                        scope.is_some() && inside(*i),
                        curated,
                        own_name,
                        p.population,
                    )
                };
                let (ra, rb) = (rank(a), rank(b));
                ra.0.total_cmp(&rb.0)
                    .then(ra.1.cmp(&rb.1))
                    .then(ra.2.cmp(&rb.2))
                    .then(ra.3.cmp(&rb.3))
                    .then(ra.4.cmp(&rb.4))
                    .then(ra.5.cmp(&rb.5))
                    .then(ra.6.cmp(&rb.6))
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
/// The world extract, gzip-compressed (`tools/world_gazetteer.py`).
pub(crate) const BUILTIN_WORLD: &[u8] = include_bytes!("../../../data/places/world.tsv.gz");

/// The kind of a GeoNames populated place without a curated entry, by its population (zero
/// when GeoNames does not know it).
fn kind_of_population(population: u64) -> &'static str {
    match population {
        p if p >= 50_000 => "city",
        p if p >= 5_000 || p == 0 => "town",
        _ => "village",
    }
}

/// A country of the world extract.
struct WorldCountry<'a> {
    iso: &'a str,
    name: &'a str,
    id: u64,
    capital: Option<u64>,
    coords: Option<(f64, f64)>,
    population: u64,
    aliases: &'a str,
    /// ISO2 codes of the countries it borders, comma-separated.
    neighbours: &'a str,
}

impl<'a> WorldCountry<'a> {
    fn aliases(&self) -> impl Iterator<Item = &'a str> {
        self.aliases.split('|').filter(|a| !a.is_empty())
    }
}

/// A populated place of the world extract.
#[derive(Clone, Copy)]
struct WorldRow<'a> {
    id: u64,
    name: &'a str,
    /// The name folded to ASCII, empty when it is the name.
    ascii: &'a str,
    lat: f64,
    lon: f64,
    country: &'a str,
    population: u64,
    /// GeoNames' feature code is PPLC: the seat of its country's government.
    capital: bool,
    alternates: &'a str,
}

impl<'a> WorldRow<'a> {
    fn alternates(&self) -> impl Iterator<Item = &'a str> {
        self.alternates.split('|').filter(|a| !a.is_empty())
    }
}

#[derive(Default)]
struct World<'a> {
    countries: Vec<WorldCountry<'a>>,
    places: Vec<WorldRow<'a>>,
}

/// The entries of TOML layers applied in order: an entry whose name is already known overrides
/// that entry's kind, coordinates, parent and the rest it gives, and adds its aliases.
fn read_layers(layers: &[(&str, Origin)]) -> Result<Vec<(PlaceEntry, Origin)>, PlacesError> {
    let mut entries: Vec<(PlaceEntry, Origin)> = Vec::new();
    let mut entry_of: HashMap<String, usize> = HashMap::new();
    for (text, origin) in layers {
        let file: File = toml::from_str(text)?;
        for e in file.place {
            let key = name_key(&e.name);
            match entry_of.get(&key) {
                Some(&k) => {
                    let (x, o) = &mut entries[k];
                    x.kind = e.kind;
                    x.lat = e.lat.or(x.lat);
                    x.lon = e.lon.or(x.lon);
                    x.parent = e.parent.or(x.parent.take());
                    x.geonames = e.geonames.or(x.geonames);
                    x.admin1_code = e.admin1_code.or(x.admin1_code.take());
                    x.aliases.extend(e.aliases);
                    x.note = e.note.or(x.note.take());
                    x.country = e.country.or(x.country.take());
                    *o = *origin;
                }
                None => {
                    entry_of.insert(key, entries.len());
                    entries.push((e, *origin));
                }
            }
        }
    }
    Ok(entries)
}

/// Reads the world extract: `C` lines (iso2, name, geonameid, capital's geonameid, lat, lon,
/// population, aliases, neighbours) and `P` lines (geonameid, name, asciiname, lat, lon, country, admin1,
/// population, feature class, feature code, alternates); `#` lines are comments.
fn parse_world(text: &str) -> Result<World<'_>, PlacesError> {
    let mut world = World::default();
    // A row is some 70 bytes.
    world.places.reserve(text.len() / 64);
    // Lines are cut with `split` (memchr), fields at tabs byte by byte: a field is too short for
    // memchr to pay.
    let mut cols: [&str; 12] = [""; 12];
    for (n, line) in text.split('\n').enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason: &str| PlacesError::World { line: n + 1, reason: reason.to_string() };
        let mut count = 0;
        let mut from = 0;
        for (i, &b) in line.as_bytes().iter().enumerate() {
            if b == b'\t' {
                if count < cols.len() {
                    cols[count] = &line[from..i];
                }
                count += 1;
                from = i + 1;
            }
        }
        if count < cols.len() {
            cols[count] = &line[from..];
        }
        count += 1;
        let number = |s: &str, what: &str| decimal(s).ok_or_else(|| bad(&format!("{what} is not a number")));
        let id = |s: &str| s.parse::<u64>().map_err(|_| bad("the geonameid is not a number"));
        match cols[0] {
            "C" if count >= 10 => {
                let [_, iso, name, gid, capital, lat, lon, population, aliases, neighbours, ..] = cols;
                if CountrySet::bit(iso).is_none() {
                    return Err(bad("the country code is not two letters"));
                }
                let coords = if lat.is_empty() {
                    None
                } else {
                    Some((number(lat, "the latitude")?, number(lon, "the longitude")?))
                };
                world.countries.push(WorldCountry {
                    iso,
                    name,
                    id: id(gid)?,
                    capital: if capital.is_empty() { None } else { Some(id(capital)?) },
                    coords,
                    population: population.parse().unwrap_or(0),
                    aliases,
                    neighbours,
                });
            }
            "P" if count >= 12 => {
                let [_, gid, name, ascii, lat, lon, country, _admin1, population, _class, code, alternates] = cols;
                world.places.push(WorldRow {
                    id: id(gid)?,
                    name,
                    ascii,
                    lat: number(lat, "the latitude")?,
                    lon: number(lon, "the longitude")?,
                    country,
                    population: population.parse().unwrap_or(0),
                    capital: code == "PPLC",
                    alternates,
                });
            }
            "C" | "P" => return Err(bad("too few columns")),
            _ => return Err(bad("a line is neither C nor P")),
        }
    }
    Ok(world)
}

/// A decimal number as the extract writes coordinates ("-61.8433"), read without the general
/// float parser: the integer of its digits over a power of ten, which IEEE division rounds
/// correctly, so the value is the one `str::parse` gives. Anything else goes to `str::parse`.
fn decimal(s: &str) -> Option<f64> {
    let (negative, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let mut value: u64 = 0;
    let mut scale: u64 = 1;
    let mut point = false;
    for &b in digits {
        match b {
            b'0'..=b'9' if value < 1 << 50 => {
                value = value * 10 + u64::from(b - b'0');
                if point {
                    scale *= 10;
                }
            }
            b'.' if !point => point = true,
            _ => return s.parse().ok(),
        }
    }
    if digits.is_empty() || digits == b"." {
        return None;
    }
    let v = value as f64 / scale as f64;
    Some(if negative { -v } else { v })
}

/// Buffers for the keys of the world's spellings, which are computed without allocating.
#[derive(Default)]
struct KeyBuffers {
    folded: String,
    key: Vec<u8>,
    translit: Vec<u8>,
    text: Vec<u8>,
    words: Vec<(usize, usize)>,
    a: Vec<u8>,
    b: Vec<u8>,
}

impl KeyBuffers {
    /// A spelling folded to ASCII ([`ascii_fold`]).
    fn fold(&mut self, s: &str) -> &str {
        self.folded.clear();
        ascii_fold(s, &mut self.folded);
        &self.folded
    }

    /// The name key and the transliteration key of a spelling folded to ASCII; none when its
    /// name key is empty or it has a letter without an ASCII form.
    /// Both come from one pass that cuts the folded spelling into lower-case words, as
    /// [`crate::name_key`] and `words` do on ASCII: apostrophes dropped, anything else that is
    /// not a letter or a digit a cut.
    fn keys(&mut self, s: &str) -> Option<(&[u8], &[u8])> {
        let KeyBuffers { folded, key, translit, text, words, a, b } = self;
        let ascii: &str = if s.is_ascii() {
            s
        } else {
            folded.clear();
            if !ascii_fold(s, folded) {
                return None;
            }
            folded
        };
        ascii_words(ascii, text, words);
        key.clear();
        for &(x, y) in words.iter() {
            if !is_name_key_article(&text[x..y]) {
                key.extend_from_slice(&text[x..y]);
            }
        }
        if key.is_empty() {
            return None;
        }
        ascii_translit(text, words, translit, a, b);
        Some((key, translit))
    }

    fn hashes(&mut self, s: &str) -> Option<(u64, u64)> {
        self.keys(s).map(|(k, t)| (fnv(k), fnv(t)))
    }
}

/// A failure of the world extract that no line explains.
fn world_failed(what: &str) -> PlacesError {
    PlacesError::World { line: 0, reason: format!("{what} failed") }
}

/// (hash of a key, entry) pairs.
type Hashes = Vec<(u64, u32)>;

/// The (hash, entry) pairs of the name keys and the transliteration keys of the rows kept, the
/// first of which is entry `base`: each row's name, alternates and ASCII name (unsorted).
fn hash_world_rows(rows: &[WorldRow<'_>], base: usize, kept: &dyn Fn(&WorldRow<'_>) -> bool) -> (Hashes, Hashes) {
    let mut keys = Vec::with_capacity(rows.len() * 5 / 2);
    let mut translit = Vec::with_capacity(rows.len() * 5 / 2);
    let mut buffers = KeyBuffers::default();
    let mut hashes: Vec<(u64, u64)> = Vec::new();
    for (id, row) in (base..).zip(rows.iter().filter(|r| kept(r))) {
        hashes.clear();
        let ascii = ascii_alias(row, &mut buffers);
        for s in std::iter::once(row.name).chain(row.alternates()).chain(ascii) {
            if let Some(h) = buffers.hashes(s) {
                if !hashes.contains(&h) {
                    hashes.push(h);
                }
            }
        }
        for &(k, t) in &hashes {
            keys.push((k, id as u32));
            translit.push((t, id as u32));
        }
    }
    (keys, translit)
}

/// The world extract's members: the first (the header and the countries) decompressed, and the
/// others' bytes, whose sizes its `#parts` line gives. An extract without that line is one text.
fn world_members(bytes: &[u8]) -> Result<(String, Vec<&[u8]>), PlacesError> {
    let head = gunzip(bytes)?;
    let sizes: Option<Vec<usize>> = head
        .lines()
        .find_map(|l| l.strip_prefix("#parts\t"))
        .map(|l| l.split('\t').map(|n| n.parse().unwrap_or(usize::MAX)).collect());
    let Some(sizes) = sizes else {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| PlacesError::World { line: 0, reason: format!("cannot decompress: {e}") })?;
        return Ok((text, Vec::new()));
    };
    let total = sizes.iter().try_fold(0usize, |a, &n| a.checked_add(n)).filter(|&t| t < bytes.len());
    let Some(total) = total else { return Err(world_failed("finding the parts")) };
    let mut at = bytes.len() - total;
    let mut parts = Vec::new();
    for n in sizes {
        parts.push(&bytes[at..at + n]);
        at += n;
    }
    Ok((head, parts))
}

/// The text of one gzip member.
fn gunzip(bytes: &[u8]) -> Result<String, PlacesError> {
    let mut text = String::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| PlacesError::World { line: 0, reason: format!("cannot decompress: {e}") })?;
    Ok(text)
}

/// A world row's ASCII name, when it folds otherwise than its name (then it is a spelling of
/// its own).
fn ascii_alias<'a>(row: &WorldRow<'a>, buffers: &mut KeyBuffers) -> Option<&'a str> {
    (!row.ascii.is_empty() && buffers.fold(row.name) != row.ascii).then_some(row.ascii)
}

/// FNV-1a: a fast hash for short keys.
fn fnv(s: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in s {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The entries of a sorted (hash, entry) list with this hash.
fn world_hits(list: &[(u64, u32)], h: u64) -> impl Iterator<Item = usize> + '_ {
    let from = list.partition_point(|&(x, _)| x < h);
    list[from..].iter().take_while(move |&&(x, _)| x == h).map(|&(_, i)| i as usize)
}

/// Appends a spelling folded to ASCII: diacritics dropped (NFKD, and ł, ø, ß, æ, œ, đ, ð, þ, ħ,
/// ı spelt out), the marks of ayn, hamza and apostrophes dropped, other signs made spaces.
/// False when a letter has no ASCII form (it is left out).
fn ascii_fold(s: &str, out: &mut String) -> bool {
    let mut whole = true;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        match c {
            '’' | '‘' | 'ʿ' | 'ʾ' | 'ʻ' | 'ʼ' | '´' => {}
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'đ' | 'ð' => out.push('d'),
            'Đ' | 'Ð' => out.push('D'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ı' => out.push('i'),
            'þ' => out.push_str("th"),
            'Þ' => out.push_str("Th"),
            'ħ' => out.push('h'),
            'Ħ' => out.push('H'),
            _ => {
                let before = out.len();
                unicode_normalization::char::decompose_compatible(c, |d| {
                    if d.is_ascii() {
                        out.push(d)
                    }
                });
                if out.len() == before {
                    if c.is_alphanumeric() {
                        whole = false;
                    } else {
                        out.push(' ');
                    }
                }
            }
        }
    }
    whole
}

/// Whether an ASCII word is one of the articles [`crate::name_key`] leaves out.
fn is_name_key_article(w: &[u8]) -> bool {
    matches!(w, b"al" | b"el" | b"ar" | b"as" | b"ash" | b"ad" | b"at" | b"az" | b"an" | b"the")
}

/// Whether an ASCII word is one of [`ARTICLES`].
fn is_article(w: &[u8]) -> bool {
    matches!(
        w,
        b"al"
            | b"el"
            | b"ar"
            | b"as"
            | b"ash"
            | b"ad"
            | b"adh"
            | b"at"
            | b"ath"
            | b"az"
            | b"an"
            | b"ez"
            | b"es"
            | b"et"
            | b"ed"
            | b"en"
            | b"er"
            | b"the"
    )
}

/// The lower-case words of an ASCII spelling, as [`crate::name_key`] and `words` cut them:
/// apostrophes dropped, anything else that is not a letter or a digit a cut. `text` gets the
/// letters, `words` the bounds of each word in it.
fn ascii_words(ascii: &str, text: &mut Vec<u8>, words: &mut Vec<(usize, usize)>) {
    text.clear();
    words.clear();
    let mut start = 0;
    for &c in ascii.as_bytes() {
        if c.is_ascii_alphanumeric() {
            text.push(c.to_ascii_lowercase());
        } else if c != b'\'' && c != b'`' {
            if text.len() > start {
                words.push((start, text.len()));
            }
            start = text.len();
        }
    }
    if text.len() > start {
        words.push((start, text.len()));
    }
}

/// [`translit_key`] of the words [`ascii_words`] cut, into `out`: articles left out unless the
/// name is nothing else, as in `words`.
fn ascii_translit(text: &[u8], words: &[(usize, usize)], out: &mut Vec<u8>, a: &mut Vec<u8>, b: &mut Vec<u8>) {
    out.clear();
    let keep_all = words.iter().all(|&(x, y)| is_article(&text[x..y]));
    for &(x, y) in words {
        if keep_all || !is_article(&text[x..y]) {
            translit_word_ascii(&text[x..y], out, a, b);
        }
    }
}

/// [`translit_word`] of an ASCII word, appended to `out`.
fn translit_word_ascii(w: &[u8], out: &mut Vec<u8>, a: &mut Vec<u8>, b: &mut Vec<u8>) {
    const REPLACE: &[(&[u8], &[u8])] =
        &[(b"ou", b"u"), (b"oo", b"u"), (b"ee", b"i"), (b"dj", b"j"), (b"ph", b"f"), (b"ch", b"sh"), (b"q", b"k")];
    // The replacements run in turn, as `translit_word`'s do; one whose letters the word does
    // not have is skipped, for no replacement makes a later one's letters.
    let mut passes = 0u8;
    for (i, &c) in w.iter().enumerate() {
        let next = w.get(i + 1).copied().unwrap_or(0);
        passes |= match (c, next) {
            (b'o', b'u') => 1,
            (b'o', b'o') => 2,
            (b'e', b'e') => 4,
            (b'd', b'j') => 8,
            (b'p', b'h') => 16,
            (b'c', b'h') => 32,
            (b'q', _) => 64,
            _ => 0,
        };
    }
    let mut word: &[u8] = w;
    if passes != 0 {
        a.clear();
        a.extend_from_slice(w);
        for (k, (from, to)) in REPLACE.iter().enumerate() {
            if passes & (1 << k) == 0 {
                continue;
            }
            b.clear();
            let mut i = 0;
            while i < a.len() {
                // Byte by byte: a slice comparison would call memcmp for every letter.
                if a[i] == from[0] && (from.len() == 1 || a.get(i + 1) == Some(&from[1])) {
                    b.extend_from_slice(to);
                    i += from.len();
                } else {
                    b.push(a[i]);
                    i += 1;
                }
            }
            std::mem::swap(a, b);
        }
        word = a;
    }
    let n = word.len();
    if n > 3 && word[n - 1] == b'h' && is_vowel(word[n - 2]) && word[n - 3] != b's' {
        word = &word[..n - 1];
    }
    let mut last = 0u8;
    for &c in word {
        if c != last {
            out.push(c);
            last = c;
        }
    }
}

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
    if name.is_ascii() {
        // The same rules without allocating for each replacement (tested to agree).
        let (mut text, mut cut, mut out, mut a, mut b) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        ascii_words(name, &mut text, &mut cut);
        ascii_translit(&text, &cut, &mut out, &mut a, &mut b);
        return String::from_utf8(out).unwrap_or_default();
    }
    words(name).iter().map(|w| translit_word(w)).collect()
}

/// [`translit_key`] by its definition, for the tests that hold the fast one to it.
#[cfg(test)]
fn translit_key_slow(name: &str) -> String {
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

    const WORLD: &str = "# a world extract in small\n\
C\tSY\tSyria\t163843\t170654\t33.5\t36.29\t16906283\tSyrian Arab Republic\tIQ,TR\n\
C\tGR\tGreece\t390903\t264371\t37.98\t23.73\t10727668\t\tTR\n\
C\tTR\tTurkey\t298795\t323786\t39.92\t32.85\t82319724\t\tSY,GR\n\
P\t264371\tAthens\tAthens\t37.98\t23.73\tGR\tESYE31\t664046\tP\tPPLC\tAthina|Athenes\n\
P\t259245\tKos\t\t36.89\t27.29\tGR\tESYE42\t19244\tP\tPPL\tKos Town\n\
P\t323786\tAnkara\t\t39.92\t32.85\tTR\t68\t3517182\tP\tPPLC\tAngora\n\
P\t170794\tDeir ez-Zor\t\t35.34\t40.14\tSY\t07\t242565\tP\tPPL\t\n\
P\t300000\tKōs\tKos\t38.0\t33.0\tTR\t01\t800\tP\tPPL\t\n";

    #[test]
    fn the_world_extract_adds_countries_and_places() {
        let g = Gazetteer::load_with(ROWS, WORLD, &[(SMALL, Origin::Curated)]).unwrap();
        // The curated Syria is the world's Syria; the world's Syrian rows are left to the Syrian
        // table and entries.
        let syria = g.country("SY").unwrap();
        assert_eq!((g.place(syria).origin, g.place(syria).name.as_str()), (Origin::Curated, "Syria"));
        assert_eq!(g.places().iter().filter(|p| p.geonames == Some(170794)).count(), 1);
        assert_eq!(g.country_of(g.resolve("Mayadin").unwrap().id), Some("SY"));
        assert_eq!(g.country_of(g.resolve("Hawijat Qati").unwrap().id), Some("SY"));
        // Places lie in their countries; a capital is big anywhere, a small town only at home.
        let kos = g.resolve_near("Kos", Near::countries(["GR"])).unwrap();
        assert_eq!(g.ancestors(kos.id).map(|i| g.place(i).name.as_str()).collect::<Vec<_>>(), ["Greece"]);
        assert_eq!(g.country_of(g.resolve_near("Kos", Near::countries(["TR"])).unwrap().id), Some("TR"));
        assert_eq!(g.resolve_near("Kos", Near::countries(["SY"])), None);
        assert_eq!(g.country_of(g.resolve_near("Athina", Near::countries(["SY"])).unwrap().id), Some("GR"));
        assert_eq!(g.place(g.capital(g.country("Turkey").unwrap()).unwrap()).name, "Ankara");
        // A user's entry may name its country instead of a parent, or a country as its parent.
        let user = "[[place]]\nname = \"Leros\"\nkind = \"island\"\ncountry = \"GR\"\nlat = 37.15\nlon = 26.85\n\
                    [[place]]\nname = \"Lakki\"\nkind = \"town\"\nparent = \"Greece\"\n";
        let g = Gazetteer::load_with(ROWS, WORLD, &[(SMALL, Origin::Curated), (user, Origin::User)]).unwrap();
        for name in ["Leros", "Lakki"] {
            let r = g.resolve_near(name, Near::countries(["GR"])).unwrap();
            assert_eq!(
                (g.country_of(r.id), g.place(g.place(r.id).parent.unwrap()).name.as_str()),
                (Some("GR"), "Greece")
            );
        }
        let bad = "[[place]]\nname = \"X\"\nkind = \"town\"\ncountry = \"Greece\"\n";
        assert!(matches!(
            Gazetteer::load_with(ROWS, WORLD, &[(bad, Origin::User)]),
            Err(PlacesError::UnknownCountry { .. })
        ));
        assert!(matches!(Gazetteer::load_with(ROWS, "P\t1\tx\n", &[]), Err(PlacesError::World { line: 1, .. })));
    }

    #[test]
    fn decimals_read_as_str_parse_reads_them() {
        for s in ["0", "-61.8433", "42.5078", "1.5211", "-0.0001", "179.99999", "35", "-8.8368", "12.", "1e5", " 3"] {
            assert_eq!(decimal(s), s.parse::<f64>().ok(), "{s}");
        }
        assert_eq!(decimal(""), None);
        assert_eq!(decimal("-"), None);
        assert_eq!(decimal("1.2.3"), None);
    }

    #[test]
    fn country_sets() {
        let s = CountrySet::of(["gr", "LY", "Greece", "", "Z9"]);
        assert_eq!(s.codes(), ["GR", "LY"]);
        assert!(s.contains("Gr") && !s.contains("LB") && !s.contains("Greece"));
        assert_eq!(Near::countries(["nope"]), Near::Unknown);
        assert_eq!(format!("{:?}", Near::countries(["ZW", "AD"])), "Countries({\"AD\", \"ZW\"})");
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
        let g = Gazetteer::builtin();
        assert!(g.places().len() > 150_000, "{} places", g.places().len());
        // Every governorate has coordinates and lies in a country: Syria, whose code the world's
        // country table gives the curated entry.
        for p in g.places().iter().filter(|p| p.kind == "governorate") {
            assert!(p.coords.is_some(), "{}", p.name);
            assert!(p.parent.is_some_and(|c| g.place(c).kind == "country"), "{}", p.name);
            assert_eq!(p.country.as_deref(), Some("SY"), "{}", p.name);
        }
        // Syria is one entry, the curated one, and every Syrian place is in it.
        let syria: Vec<usize> =
            (0..g.places().len()).filter(|&i| g.place(i).kind == "country" && g.country_of(i) == Some("SY")).collect();
        assert_eq!(syria.len(), 1);
        assert_eq!(g.place(syria[0]).origin, Origin::Curated);
        assert_eq!(g.country("SY"), Some(syria[0]));
        // No world row repeats a Syrian one.
        let mut ids = std::collections::HashSet::new();
        assert!(g.places().iter().filter_map(|p| p.geonames.filter(|_| p.kind != "country")).all(|id| ids.insert(id)));
        // Every world row lies in its country.
        for i in g.world.start..g.places().len() {
            let p = g.place(i);
            let parent = p.parent.map(|c| g.place(c));
            assert!(parent.is_some_and(|c| c.kind == "country" && c.country == p.country), "{}", p.name);
        }
    }

    fn country_of(g: &Gazetteer, name: &str, near: Near) -> Option<String> {
        g.resolve_near(name, near).and_then(|r| g.country_of(r.id).map(str::to_string))
    }

    #[test]
    fn world_places_resolve_in_their_countries() {
        let g = Gazetteer::builtin();
        // "Kos" is the Greek island's town (not Kosh in Armenia, Koš in Slovakia), in a query and
        // in a Greek battle's narrative.
        for near in [Near::Anywhere, Near::Unknown, Near::countries(["GR"])] {
            let r = g.resolve_near("Kos", near).unwrap();
            assert_eq!((g.place(r.id).name.as_str(), g.country_of(r.id)), ("Kos", Some("GR")), "{near:?}");
        }
        assert_eq!(g.locate("Kos", Near::countries(["GR"])).where_prec, Some(WherePrec::Exact as u8));
        assert_eq!(country_of(g, "Remagen", Near::Anywhere).as_deref(), Some("DE"));
        assert_eq!(country_of(g, "Remagen", Near::countries(["DE"])).as_deref(), Some("DE"));
        // The conflict's countries decide between places of the same name.
        assert_eq!(country_of(g, "Tripoli", Near::countries(["LY"])).as_deref(), Some("LY"));
        assert_eq!(country_of(g, "Tripoli", Near::countries(["LB"])).as_deref(), Some("LB"));
        assert_eq!(country_of(g, "Tripoli", Near::countries(["GR"])).as_deref(), Some("GR"));
        // Spellings of other languages and transliterations.
        assert_eq!(g.resolve("Leningrad").map(|r| g.place(r.id).name.clone()).as_deref(), Some("Saint Petersburg"));
        assert_eq!(country_of(g, "Feodosia", Near::countries(["UA"])).as_deref(), Some("UA"));
        assert_eq!(country_of(g, "München", Near::Anywhere).as_deref(), Some("DE"));
        // A place's coordinates are its own, never its country's.
        let remagen = g.locate("Remagen", Near::countries(["DE"]));
        assert_eq!(remagen.where_prec, Some(WherePrec::Exact as u8));
        assert!((remagen.latitude.unwrap() - 50.58).abs() < 0.05, "{remagen:?}");
        // A country is one, at its capital, at the country's precision.
        let greece = g.locate("Greece", Near::Anywhere);
        assert_eq!((greece.kind.as_str(), greece.where_prec), ("country", Some(WherePrec::Country as u8)));
        assert_eq!(g.locate("Luxembourg", Near::countries(["BE", "FR"])).kind, "country");
    }

    #[test]
    fn outside_its_countries_a_conflict_names_only_big_places() {
        let g = Gazetteer::builtin();
        let dez = g.resolve("Deir ez-Zor Governorate").unwrap().id;
        for near in [Near::Governorate(dez), Near::countries(["SY"])] {
            // A German town is no place of the Syrian war, nor a Greek island's town.
            assert_eq!(g.resolve_near("Remagen", near), None, "{near:?}");
            assert_eq!(g.resolve_near("Kos", near), None, "{near:?}");
            // A capital, a country and a large city across the border are.
            assert_eq!(country_of(g, "Baghdad", near).as_deref(), Some("IQ"), "{near:?}");
            assert_eq!(country_of(g, "Turkey", near).as_deref(), Some("TR"), "{near:?}");
            assert_eq!(country_of(g, "Mosul", near).as_deref(), Some("IQ"), "{near:?}");
            // A large city far away is not (a division named after it, an old name).
            assert_eq!(g.resolve_near("Munich", near), None, "{near:?}");
            // Syria's own places resolve as before.
            assert_eq!(country_of(g, "Mayadin", near).as_deref(), Some("SY"), "{near:?}");
        }
        // Without countries, a sure match stands anywhere, as it did; a small place of the world
        // only by its own name, not by one of GeoNames' other names for it.
        assert_eq!(country_of(g, "Remagen", Near::Unknown).as_deref(), Some("DE"));
        assert_eq!(g.resolve_near("German", Near::Unknown), None);
        assert_eq!(g.resolve_near("the city", Near::Anywhere), None);
        assert_eq!(country_of(g, "Leningrad", Near::Unknown).as_deref(), Some("RU"));
        // A loose spelling of a world place is never taken: only the curated and Syrian entries
        // are matched by their consonants.
        assert_eq!(g.resolve_near("Remagan", Near::countries(["DE"])), None);
        assert_eq!(g.resolve_near("Remagan", Near::Anywhere), None);
        // A transliteration's variant is sure.
        assert_eq!(country_of(g, "Remmagen", Near::countries(["DE"])).as_deref(), Some("DE"));
    }

    #[test]
    fn syrian_names_resolve_as_before_with_the_world_loaded() {
        let world = Gazetteer::builtin();
        let syria = Gazetteer::load(BUILTIN_GEONAMES, &[(BUILTIN_CURATED, Origin::Curated)]).unwrap();
        let names: Vec<String> = syria
            .places()
            .iter()
            .filter(|p| p.origin == Origin::Curated)
            .flat_map(|p| std::iter::once(p.name.clone()).chain(p.aliases.iter().cloned()))
            .chain(
                ["Mayadeen", "Al-Bughayliyah", "Deir ez-Zor province", "western Hawiqa", "Hamdan airport"]
                    .map(String::from),
            )
            .collect();
        // The curated Syria takes the world's country's GeoNames id; nothing else may change.
        let key = |g: &Gazetteer, r: Option<Resolved>| {
            r.map(|r| {
                (g.place(r.id).name.clone(), g.place(r.id).geonames.filter(|_| g.place(r.id).kind != "country"), r.at)
            })
        };
        let dez_w = world.resolve("Deir ez-Zor Governorate").unwrap().id;
        let dez_s = syria.resolve("Deir ez-Zor Governorate").unwrap().id;
        let mut differ = Vec::new();
        for n in &names {
            for (near_w, near_s) in
                [(Near::Governorate(dez_w), Near::Governorate(dez_s)), (Near::Unknown, Near::Unknown)]
            {
                let (a, b) = (key(world, world.resolve_near(n, near_w)), key(&syria, syria.resolve_near(n, near_s)));
                if a != b {
                    differ.push(format!("{n} {near_s:?}: {a:?} / {b:?}"));
                }
            }
        }
        assert!(differ.is_empty(), "{} of {} differ:\n{}", differ.len(), names.len() * 2, differ.join("\n"));
    }

    #[test]
    fn countries_are_found_by_code_and_name() {
        let g = Gazetteer::builtin();
        let gr = g.country("GR").unwrap();
        assert_eq!(g.place(gr).name, "Greece");
        for q in ["gr", "Greece", " greece "] {
            assert_eq!(g.country(q), Some(gr), "{q}");
        }
        assert_eq!(g.country("Britain"), g.country("GB"));
        assert_eq!(g.country("United Kingdom"), g.country("GB"));
        assert_eq!(g.country("Kos"), None);
        assert_eq!(g.country("XX"), None);
        let kos = g.resolve("Kos").unwrap().id;
        assert_eq!(g.country_of(kos), Some("GR"));
        assert_eq!(g.place(g.capital(gr).unwrap()).name, "Athens");
        assert!(g.neighbours("gr").contains("TR") && !g.neighbours("GR").contains("IT"));
    }

    #[test]
    fn world_keys_are_the_matchers_keys() {
        // The world's rows are indexed by keys computed without allocating; on ASCII they must be
        // exactly `name_key` and `translit_key`, or the same name would match differently there.
        let g = Gazetteer::builtin();
        let mut b = KeyBuffers::default();
        let mut checked = 0;
        for p in g.places()[g.world.start..].iter().step_by(17) {
            for s in std::iter::once(&p.name).chain(&p.aliases) {
                let folded = b.fold(s).to_string();
                if let Some((k, t)) = b.keys(&folded) {
                    assert_eq!(k, name_key(&folded).as_bytes(), "{s}");
                    assert_eq!(t, translit_key_slow(&folded).as_bytes(), "{s}");
                    assert_eq!(translit_key(&folded), translit_key_slow(&folded), "{s}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        for s in ["Al-Mayadin", "Es Sweida", "Al As-Sa", "Shahba", "Qouchch", "d'Arc", "Oouee Dj Ph Chq", "Koš"] {
            let (k, t) = b.keys(s).map(|(k, t)| (k.to_vec(), t.to_vec())).unwrap();
            assert_eq!((k, t), (name_key(s).into_bytes(), translit_key_slow(s).into_bytes()), "{s}");
        }
        // A spelling whose name key is empty (only articles) is not a key.
        assert!(b.keys("Al Ash").is_none() && name_key("Al Ash").is_empty());
    }
}

#[cfg(test)]
mod load_time {
    /// The cold load of the built-in gazetteer, for the record (run in release:
    /// `cargo test --release -p annals-resolve --lib load_time -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn builtin_load_time() {
        let t = std::time::Instant::now();
        let g = super::Gazetteer::builtin();
        eprintln!("LOAD builtin: {:?} for {} places", t.elapsed(), g.places().len());
        let t = std::time::Instant::now();
        let r = g.resolve("Deir ez-Zor");
        eprintln!("LOAD first resolve: {:?} {:?}", t.elapsed(), r.map(|r| r.id));
    }
}
