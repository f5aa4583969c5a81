//! Theatres: what annals knows of one war, as data. A theatre file (`data/theatres/*.toml`)
//! declares the war's scope — the countries it is fought in, its years, the names of the conflicts
//! an article of the war says it is part of — its blocs, its actors and its people, and may add
//! places to the gazetteer. Nothing about any war is in code.
//!
//! Each document is read with one theatre, chosen from its conflict record
//! ([`Theatres::choose`]): the parent conflicts it names, the countries its place, title and
//! parent conflicts name, and its dates. A record that no theatre covers is read with a theatre
//! made of its own sides ([`Theatre::of_sides`]): a bloc per side, named after the side's first
//! belligerent, and the side's belligerents, their demonyms and its commanders as the only
//! actors and people. Generic words ("the army", "rebels") then stand for no one: outside the
//! data of a war, they mean nothing annals could know.

use crate::actors::{Actor, Actors, ActorsError};
use crate::names::name_key;
use crate::people::{People, PeopleError, Person};
use annals_model::conflict::ConflictRecord;
use serde::Deserialize;
use std::sync::Arc;

/// The theatre files shipped with annals, as (file name, text).
pub(crate) const BUILTIN_THEATRES: &[(&str, &str)] = &[
    ("data/theatres/syria.toml", include_str!("../../../data/theatres/syria.toml")),
    ("data/theatres/ww2.toml", include_str!("../../../data/theatres/ww2.toml")),
    ("data/theatres/libya.toml", include_str!("../../../data/theatres/libya.toml")),
];

/// The country names and demonyms of the world, for the theatre a record's own sides make.
pub(crate) const BUILTIN_COUNTRIES: &str = include_str!("../../../data/theatres/countries.toml");

/// A theatre file that cannot be used: the file, the entry and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {entry}: {reason}")]
pub struct TheatreError {
    pub file: String,
    /// The table or entry at fault (`[theatre]`, an actor's or a person's name), or `file` for
    /// the file as a whole.
    pub entry: String,
    pub reason: String,
}

impl TheatreError {
    fn new(file: &str, entry: impl Into<String>, reason: impl ToString) -> TheatreError {
        TheatreError { file: file.to_string(), entry: entry.into(), reason: reason.to_string() }
    }
}

/// The `[theatre]` table: what a war is and where an article of it is told.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// A short, stable name: `syria`, `ww2`.
    pub id: String,
    /// The war's name for people.
    pub name: String,
    /// ISO 3166 alpha-2 codes of the countries the war was fought in.
    #[serde(default)]
    pub countries: Vec<String>,
    /// The names articles give those countries and regions ("Syria", "Libya", "Aegean Sea").
    #[serde(default)]
    pub country_names: Vec<String>,
    /// The first year of the war.
    pub from: Option<i32>,
    /// The last year of the war; none while it goes on.
    pub until: Option<i32>,
    /// Names of this war and of the wars and campaigns within it that an article's `part_of`
    /// names.
    #[serde(default)]
    pub conflicts: Vec<String>,
    /// The blocs of the war, in the order a legend lists them.
    #[serde(default)]
    pub blocs: Vec<String>,
}

#[derive(Deserialize)]
struct Header {
    theatre: Option<Scope>,
}

/// One war's data: its scope, actors and people, and the places it adds to the gazetteer.
#[derive(Clone, Debug, Default)]
pub struct Theatre {
    pub scope: Scope,
    pub actors: Actors,
    pub people: People,
    /// The file's `[[place]]` entries, as TOML text for the gazetteer (empty when it adds none).
    pub places: String,
    /// Whether the theatre was made from a record's own sides rather than read from a file.
    pub own: bool,
}

impl Theatre {
    /// Reads a theatre file. `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Theatre, TheatreError> {
        let header: Header = toml::from_str(text).map_err(|e| TheatreError::new(file, "file", e))?;
        let scope = header.theatre.ok_or_else(|| TheatreError::new(file, "[theatre]", "the table is missing"))?;
        if scope.id.trim().is_empty() {
            return Err(TheatreError::new(file, "[theatre]", "`id` is empty"));
        }
        if let (Some(from), Some(until)) = (scope.from, scope.until) {
            if until < from {
                return Err(TheatreError::new(
                    file,
                    "[theatre]",
                    format!("`until` ({until}) is before `from` ({from})"),
                ));
            }
        }
        let actors = Actors::from_toml(text).map_err(|e| actors_error(file, e))?;
        let people = People::from_toml(text).map_err(|e| people_error(file, e))?;
        for a in actors.all() {
            if let Some(b) = &a.bloc {
                if !scope.blocs.contains(b) {
                    return Err(TheatreError::new(
                        file,
                        format!("actor {:?}", a.name),
                        format!("bloc {b:?} is not one of the theatre's blocs {:?}", scope.blocs),
                    ));
                }
            }
        }
        let places = places_of(text).map_err(|e| TheatreError::new(file, "[[place]]", e))?;
        Ok(Theatre { scope, actors, people, places, own: false })
    }

    /// The theatre a record's own sides make: one bloc per side, named after its first
    /// belligerent; the side's belligerents and supporters (and a country's demonyms, from
    /// `countries`) as its actors; its commanders as its people.
    pub fn of_sides(record: &ConflictRecord, countries: &Countries) -> Theatre {
        let mut actors = Actors::default();
        let mut people = People::default();
        let mut blocs = Vec::new();
        for side in &record.sides {
            let Some(first) = side.belligerents.first().or(side.supported_by.first()) else { continue };
            let mut bloc = side_label(first);
            // Two sides led by the same name (a civil war within one movement) stay two blocs.
            while blocs.contains(&bloc) {
                bloc.push('\'');
            }
            for name in side.belligerents.iter().chain(&side.supported_by) {
                let country = countries.find(name);
                actors.add(Actor {
                    name: name.clone(),
                    aliases: country.map(|c| c.aliases.clone()).unwrap_or_default(),
                    bloc: Some(bloc.clone()),
                    demonyms: country.map(|c| c.demonyms.clone()).unwrap_or_default(),
                    ..Actor::default()
                });
            }
            for c in &side.commanders {
                people.add(Person { name: c.name.clone(), affiliations: vec![first.clone()], ..Person::default() });
            }
            blocs.push(bloc);
        }
        let scope = Scope {
            id: format!("own:{}", name_key(&record.title)),
            name: record.title.clone(),
            blocs,
            ..Scope::default()
        };
        Theatre { scope, actors, people, places: String::new(), own: true }
    }

    /// A theatre that knows nothing: for a document without a conflict record.
    pub fn empty() -> Theatre {
        Theatre { own: true, ..Theatre::default() }
    }

    pub fn id(&self) -> &str {
        &self.scope.id
    }
}

/// A conflict's theatre, shared: equal to another when it is the same theatre (by id), and
/// written as its id.
#[derive(Clone, Debug)]
pub struct TheatreRef(pub Arc<Theatre>);

impl PartialEq for TheatreRef {
    fn eq(&self, other: &TheatreRef) -> bool {
        self.0.id() == other.0.id()
    }
}

impl std::ops::Deref for TheatreRef {
    type Target = Theatre;
    fn deref(&self) -> &Theatre {
        &self.0
    }
}

impl serde::Serialize for TheatreRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.id())
    }
}

/// A bloc name for a side, from its first belligerent: lower case, words joined by `-`.
fn side_label(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

fn actors_error(file: &str, e: ActorsError) -> TheatreError {
    let entry = match &e {
        ActorsError::Toml(_) => "file".to_string(),
        ActorsError::UnknownParent { actor, .. }
        | ActorsError::ParentCycle { actor }
        | ActorsError::BadDate { actor, .. }
        | ActorsError::BadPeriod { actor, .. } => format!("actor {actor:?}"),
    };
    TheatreError::new(file, entry, e)
}

fn people_error(file: &str, e: PeopleError) -> TheatreError {
    let entry = match &e {
        PeopleError::BadDate { person, .. } => format!("person {person:?}"),
        _ => "file".to_string(),
    };
    TheatreError::new(file, entry, e)
}

/// The `[[place]]` tables of every shipped theatre file, as TOML for the gazetteer.
pub(crate) fn shipped_places() -> Vec<String> {
    BUILTIN_THEATRES.iter().filter_map(|(_, text)| places_of(text).ok()).filter(|p| !p.is_empty()).collect()
}

/// The `[[place]]` tables of a file, written back as TOML for the gazetteer.
fn places_of(text: &str) -> Result<String, toml::ser::Error> {
    #[derive(Deserialize)]
    struct PlacesOnly {
        #[serde(default)]
        place: Vec<toml::Value>,
    }
    let Ok(p) = toml::from_str::<PlacesOnly>(text) else { return Ok(String::new()) };
    if p.place.is_empty() {
        return Ok(String::new());
    }
    let mut table = toml::map::Map::new();
    table.insert("place".into(), toml::Value::Array(p.place));
    toml::to_string(&toml::Value::Table(table))
}

/// A country: its names and the adjectives that stand for it ("German troops").
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Country {
    pub name: String,
    /// ISO 3166 alpha-2.
    pub code: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
}

/// The countries of the world by any of their names.
#[derive(Clone, Debug, Default)]
pub struct Countries {
    list: Vec<Country>,
    by_key: std::collections::HashMap<String, usize>,
}

impl Countries {
    pub fn from_toml(file: &str, text: &str) -> Result<Countries, TheatreError> {
        #[derive(Deserialize)]
        struct File {
            #[serde(default)]
            country: Vec<Country>,
        }
        let f: File = toml::from_str(text).map_err(|e| TheatreError::new(file, "file", e))?;
        let mut by_key = std::collections::HashMap::new();
        for (i, c) in f.country.iter().enumerate() {
            for n in std::iter::once(&c.name).chain(&c.aliases).chain(std::iter::once(&c.code)) {
                by_key.entry(name_key(n)).or_insert(i);
            }
        }
        Ok(Countries { list: f.country, by_key })
    }

    /// The country a name, alias or ISO code stands for.
    pub fn find(&self, name: &str) -> Option<&Country> {
        self.by_key.get(&name_key(name)).map(|&i| &self.list[i])
    }

    pub fn all(&self) -> &[Country] {
        &self.list
    }
}

/// The theatres annals reads with, and the countries of the world.
#[derive(Clone, Debug, Default)]
pub struct Theatres {
    list: Vec<Arc<Theatre>>,
    countries: Countries,
    places: Option<CountryOf>,
}

/// The ISO 3166 code of the country a place name lies in, from a gazetteer: how a record's place
/// ("Idlib Governorate") points to a theatre when it names no country.
#[derive(Clone)]
pub struct CountryOf(pub Arc<CountryLookup>);

/// A name's country code, if the lookup knows the name.
pub type CountryLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

impl std::fmt::Debug for CountryOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CountryOf(..)")
    }
}

/// How a record points to a theatre, strongest first.
const PART_OF: u32 = 4;
const TITLE: u32 = 3;
const COUNTRY: u32 = 2;

impl Theatres {
    /// The theatres shipped with annals.
    pub fn builtin() -> Result<Theatres, TheatreError> {
        Theatres::with_files(&[])
    }

    /// The shipped theatres and the users' files, given as (name, text). A user's theatre whose
    /// id is a shipped one's replaces it.
    pub fn with_files(files: &[(String, String)]) -> Result<Theatres, TheatreError> {
        let mut list: Vec<Arc<Theatre>> = Vec::new();
        let builtin = BUILTIN_THEATRES.iter().map(|(n, t)| (n.to_string(), t.to_string()));
        for (name, text) in builtin.chain(files.iter().cloned()) {
            let t = Theatre::from_toml(&name, &text)?;
            match list.iter_mut().find(|x| x.id() == t.id()) {
                Some(x) => *x = Arc::new(t),
                None => list.push(Arc::new(t)),
            }
        }
        let countries = Countries::from_toml("data/theatres/countries.toml", BUILTIN_COUNTRIES)?;
        Ok(Theatres { list, countries, places: None })
    }

    /// The same theatres, choosing also by the country a record's place lies in.
    pub fn with_places(mut self, country_of: CountryOf) -> Theatres {
        self.places = Some(country_of);
        self
    }

    /// The countries a record's place lies in, part by part ("Kos Island, Aegean Sea").
    fn place_countries(&self, record: &ConflictRecord) -> Vec<String> {
        let (Some(lookup), Some(place)) = (&self.places, &record.place) else { return Vec::new() };
        place
            .split([',', ';', '•', '\n', '(', ')'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .take(8)
            .filter_map(|p| (lookup.0)(p))
            .collect()
    }

    pub fn all(&self) -> &[Arc<Theatre>] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Theatre>> {
        self.list.iter().find(|t| t.id() == id)
    }

    pub fn countries(&self) -> &Countries {
        &self.countries
    }

    /// The theatre a conflict record belongs to, or `None` when none covers it. A theatre whose
    /// years the record's dates fall outside of is never chosen. Of the others, the one the
    /// record points to most strongly: a parent conflict it names, then the record's title
    /// naming one of its conflicts, then a country of its scope named in the place, the title or
    /// the parent conflicts. Nothing pointing to any theatre gives `None`.
    pub fn choose(&self, record: &ConflictRecord) -> Option<&Arc<Theatre>> {
        let year = record.start.or(record.end).map(|d| d.year);
        let end_year = record.end.or(record.start).map(|d| d.year);
        let part_of: Vec<String> = record.part_of.iter().map(|p| padded_key(p)).collect();
        let title = padded_key(&record.title);
        let place = padded_key(record.place.as_deref().unwrap_or(""));
        let place_countries = self.place_countries(record);
        let mut best: Option<(u32, &Arc<Theatre>)> = None;
        for t in &self.list {
            let s = &t.scope;
            let before = |y: i32| s.from.is_some_and(|f| y < f);
            let after = |y: i32| s.until.is_some_and(|u| y > u);
            if year.is_some_and(after) || end_year.is_some_and(before) {
                continue;
            }
            let conflicts: Vec<String> = s.conflicts.iter().map(|c| padded_key(c)).collect();
            let names = |text: &str, list: &[String]| list.iter().any(|c| c.trim() != "" && text.contains(c.as_str()));
            let countries: Vec<String> = s.country_names.iter().map(|c| padded_key(c)).collect();
            let score = if part_of.iter().any(|p| names(p, &conflicts)) {
                PART_OF
            } else if names(&title, &conflicts) {
                TITLE
            } else if names(&place, &countries)
                || names(&title, &countries)
                || part_of.iter().any(|p| names(p, &countries))
                || place_countries.iter().any(|c| s.countries.contains(c))
            {
                COUNTRY
            } else {
                0
            };
            if score > 0 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, t));
            }
        }
        best.map(|(_, t)| t)
    }

    /// The theatre to read a document with: the one its record belongs to, or one made of the
    /// record's own sides, or an empty one for a document without a record.
    pub fn for_record(&self, record: Option<&ConflictRecord>) -> Arc<Theatre> {
        match record {
            Some(r) => match self.choose(r) {
                Some(t) => t.clone(),
                None => Arc::new(Theatre::of_sides(r, &self.countries)),
            },
            None => Arc::new(Theatre::empty()),
        }
    }

    /// The texts of the shipped theatre files: what anything derived from them must be rebuilt
    /// after, when they change.
    pub fn builtin_texts() -> impl Iterator<Item = &'static str> {
        BUILTIN_THEATRES.iter().map(|(_, t)| *t).chain(std::iter::once(BUILTIN_COUNTRIES))
    }
}

/// A name's loose key between spaces, so that a key found inside another is found at word
/// edges: " syrian civil war " is in " the syrian civil war and the arab winter ".
fn padded_key(s: &str) -> String {
    let words: Vec<String> =
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    format!(" {} ", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use annals_model::conflict::{PartialDate, Side};

    fn record(title: &str, part_of: &[&str], place: Option<&str>, year: i32) -> ConflictRecord {
        ConflictRecord {
            title: title.into(),
            part_of: part_of.iter().map(|s| s.to_string()).collect(),
            place: place.map(String::from),
            start: Some(PartialDate::year(year)),
            ..ConflictRecord::default()
        }
    }

    fn chosen(r: &ConflictRecord) -> Option<String> {
        Theatres::builtin().unwrap().choose(r).map(|t| t.id().to_string())
    }

    #[test]
    fn shipped_theatres_load() {
        let t = Theatres::builtin().unwrap();
        for id in ["syria", "ww2", "libya"] {
            let th = t.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!(th.actors.all().len() > 10, "{id} has few actors");
            assert!(!th.scope.blocs.is_empty());
        }
    }

    #[test]
    fn a_record_is_read_with_the_theatre_it_points_to() {
        assert_eq!(
            chosen(&record("Battle of Kos", &["Dodecanese campaign", "World War II"], None, 1943)).as_deref(),
            Some("ww2")
        );
        assert_eq!(
            chosen(&record("X offensive", &["the Syrian Civil War"], Some("Aleppo"), 2016)).as_deref(),
            Some("syria")
        );
        assert_eq!(chosen(&record("Clashes", &[], Some("Tripoli, Libya"), 2019)).as_deref(), Some("libya"));
        // The years decide between wars fought in one country.
        assert_eq!(chosen(&record("Clashes", &[], Some("Tripoli, Libya"), 1911)), None);
        // Nothing pointing anywhere is no theatre, never Syria by default.
        assert_eq!(chosen(&record("Battle of Nowhere", &["Thirty Years' War"], Some("Bohemia"), 1620)), None);
    }

    #[test]
    fn a_record_outside_every_theatre_gets_blocs_from_its_own_sides() {
        let mut r = record("Battle of White Mountain", &["Thirty Years' War"], Some("Bohemia"), 1620);
        r.sides = vec![
            Side { belligerents: vec!["Bohemian Confederation".into()], ..Side::default() },
            Side { belligerents: vec!["Holy Roman Empire".into(), "Spain".into()], ..Side::default() },
        ];
        let t = Theatres::builtin().unwrap().for_record(Some(&r));
        assert!(t.own);
        assert_eq!(t.scope.blocs, ["bohemian-confederation", "holy-roman-empire"]);
        assert_eq!(t.actors.bloc_of("Spain"), Some("holy-roman-empire"));
        // A country's demonym names it: "Spanish troops" are Spain's.
        assert_eq!(t.actors.bloc_of("Spanish troops"), Some("holy-roman-empire"));
        // Generic words mean no side.
        assert_eq!(t.actors.bloc_of("the army"), None);
    }

    #[test]
    fn a_broken_theatre_file_names_the_file_the_entry_and_the_reason() {
        let bad = "[theatre]\nid = \"x\"\nname = \"X\"\nblocs = [\"a\"]\n[[actor]]\nname = \"Y\"\nbloc = \"b\"\n";
        let e = Theatre::from_toml("mine.toml", bad).unwrap_err();
        assert_eq!((e.file.as_str(), e.entry.as_str()), ("mine.toml", "actor \"Y\""));
        assert!(e.reason.contains("\"b\""), "{e}");
        let e = Theatre::from_toml("mine.toml", "[[actor]]\nname = \"Y\"\n").unwrap_err();
        assert_eq!(e.entry, "[theatre]");
        let e = Theatre::from_toml("mine.toml", "[theatre\n").unwrap_err();
        assert_eq!(e.entry, "file");
    }

    fn shipped(id: &str) -> Arc<Theatre> {
        Theatres::builtin().unwrap().get(id).unwrap_or_else(|| panic!("{id} missing")).clone()
    }

    #[test]
    fn ww2_mentions_take_their_camp_and_italy_changes_sides_at_the_armistice() {
        let t = shipped("ww2");
        let a = &t.actors;
        assert_eq!(a.bloc_of("German troops"), Some("axis"));
        assert_eq!(a.bloc_of("the Germans"), Some("axis"));
        assert_eq!(a.bloc_of("British artillery"), Some("allies"));
        assert_eq!(a.bloc_of("Soviet forces"), Some("allies"));
        assert_eq!(a.bloc_of("Eighth Army"), Some("allies"));
        assert_eq!(a.lookup_mention("Eighth Army").map(|x| x.name.as_str()), Some("British Eighth Army"));
        assert_eq!(a.bloc_of("Afrika Korps"), Some("axis"));
        assert_eq!(a.bloc_of("Waffen-SS"), Some("axis"));
        // Italy was Axis until the armistice announced on 8 September 1943, then with the
        // Allies (Kos, 3 October 1943); its services follow it, the Social Republic does not.
        assert_eq!(a.bloc_at("the Italians", "1943-10-03"), Some("allies"));
        assert_eq!(a.bloc_at("the Italians", "1943-06-01"), Some("axis"));
        assert_eq!(a.bloc_at("Regia Marina", "1943-11-12"), Some("allies"));
        assert_eq!(a.bloc_at("Regia Marina", "1941-03-28"), Some("axis"));
        assert_eq!(a.bloc_at("Italian Social Republic", "1945-02-26"), Some("axis"));
        assert_eq!(a.bloc_at("Monte Rosa Division", "1944-12-26"), Some("axis"));
        assert_eq!(a.bloc_at("Decima MAS", "1944-06-01"), Some("axis"));
        assert_eq!(a.bloc_at("Decima MAS", "1941-12-19"), Some("axis"));
        assert_eq!(a.bloc_at("Italian Co-Belligerent Army", "1944-06-01"), Some("allies"));
        // The other states that changed sides.
        assert_eq!(a.bloc_at("Romanian troops", "1944-03-01"), Some("axis"));
        assert_eq!(a.bloc_at("Romanian troops", "1944-10-01"), Some("allies"));
        assert_eq!(a.bloc_at("1st Bulgarian Army", "1945-03-06"), Some("allies"));
        assert_eq!(a.bloc_at("Finnish troops", "1943-01-01"), Some("axis"));
        assert_eq!(a.bloc_at("Finnish troops", "1940-01-15"), Some("other"));
        assert_eq!(a.bloc_at("Red Army", "1939-09-17"), Some("other"));
        assert_eq!(a.bloc_at("Red Army", "1943-07-05"), Some("allies"));
        assert_eq!(a.bloc_of("Vichy French forces"), Some("other"));
        // Generic words and numbers that several armies used stand for no one.
        assert!(a.lookup_mention("the army").is_none());
        assert!(a.lookup_mention("troops").is_none());
        let ambiguous =
            ["XXX Corps", "6th Army", "8th Army", "1st Infantry Division", "Western Front", "Tenth Army", "Libyan"];
        for name in ambiguous {
            assert!(a.lookup(name).is_none(), "{name} should name no one");
        }
        assert_eq!(a.lookup("British XXX Corps").map(|x| x.name.as_str()), Some("British XXX Corps"));
        assert_eq!(a.lookup("XXX Army Corps").map(|x| x.name.as_str()), Some("XXX Army Corps (Wehrmacht)"));
    }

    #[test]
    fn ww2_units_hang_under_their_services_and_states() {
        let t = shipped("ww2");
        let a = &t.actors;
        let chain = |n: &str| a.ancestors(n).iter().map(|x| x.name.clone()).collect::<Vec<_>>();
        let brigade = ["1st Airborne Division", "British Army", "British Armed Forces", "United Kingdom"];
        assert_eq!(chain("1st Parachute Brigade"), brigade);
        assert_eq!(chain("Afrika Korps"), ["Heer", "Wehrmacht", "Nazi Germany"]);
        assert!(chain("82nd Airborne Division").contains(&"United States".to_string()));
        assert!(chain("1st Ukrainian Front").contains(&"Soviet Union".to_string()));
        // Every actor reaches a bloc.
        for x in a.all() {
            assert!(a.bloc_of(&x.name).is_some(), "{} has no bloc", x.name);
        }
    }

    /// Both files are consistent: no spelling belongs to two actors or two people, every
    /// affiliation is an actor of the file, and every person's spellings find that person.
    #[test]
    fn the_new_theatre_files_are_consistent() {
        for id in ["ww2", "libya"] {
            let t = shipped(id);
            let mut owner: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
            for x in t.actors.all() {
                for n in std::iter::once(&x.name).chain(&x.aliases) {
                    if let Some(other) = owner.insert(name_key(n), &x.name) {
                        assert_eq!(other, x.name, "{id}: {n} names both {other} and {}", x.name);
                    }
                }
            }
            let mut owner: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
            for p in t.people.all() {
                for n in std::iter::once(&p.name).chain(&p.aliases) {
                    if let Some(other) = owner.insert(name_key(n), &p.name) {
                        assert_eq!(other, p.name, "{id}: {n} names both {other} and {}", p.name);
                    }
                    assert_eq!(t.people.lookup(n).map(|x| &x.name), Some(&p.name), "{id}: {n}");
                }
                for af in &p.affiliations {
                    assert!(t.actors.lookup(af).is_some(), "{id}: {}: {af} is not an actor", p.name);
                }
            }
        }
        let t = shipped("ww2");
        assert_eq!(t.people.lookup("B. L. Montgomery").map(|p| p.name.as_str()), Some("Bernard Montgomery"));
        assert_eq!(t.people.lookup("F.W. Müller").map(|p| p.name.as_str()), Some("Friedrich-Wilhelm Müller"));
        assert_eq!(t.people.lookup("Walther Model").map(|p| p.name.as_str()), Some("Walter Model"));
    }

    #[test]
    fn ww2_places_load_into_the_gazetteer() {
        let t = shipped("ww2");
        assert!(!t.places.is_empty());
        let g = crate::places::Gazetteer::with_extensions(&[t.places.as_str()]).unwrap();
        for name in ["Ludendorff Bridge", "Antimachia airfield", "Leros", "Monastery Hill", "Portolago"] {
            let r = g.resolve(name).unwrap_or_else(|| panic!("{name} not found"));
            assert!(g.place(r.id).coords.is_some() || g.place(r.id).parent.is_some(), "{name}");
        }
        let kos = g.resolve("Antimachia airfield").unwrap();
        let island = g.ancestors(kos.id).next().map(|i| g.place(i).name.as_str());
        assert_eq!(island, Some("Kos"));
    }

    #[test]
    fn libya_mentions_take_their_side_and_libyan_names_no_one() {
        let t = shipped("libya");
        let a = &t.actors;
        assert_eq!(a.bloc_of("Haftar's forces"), Some("lna"));
        assert_eq!(a.bloc_of("LNA"), Some("lna"));
        assert_eq!(a.bloc_of("LNA forces"), Some("lna"));
        assert_eq!(a.bloc_of("GNA forces"), Some("gna"));
        assert_eq!(a.bloc_of("pro-GNA forces"), Some("gna"));
        assert_eq!(a.bloc_of("Rada"), Some("gna"));
        assert_eq!(a.bloc_of("Wilayat Tarabulus"), Some("isil"));
        assert_eq!(a.bloc_of("National Salvation Government"), Some("other"));
        assert_eq!(a.bloc_of("Shura Council of Benghazi Revolutionaries"), Some("other"));
        assert!(a.lookup_mention("the army").is_none());
        assert!(a.lookup_mention("Libyan troops").is_none());
        assert!(a.lookup_mention("the government").is_none());
        // Changes of side.
        assert_eq!(a.bloc_at("Turkish troops", "2015-06-01"), Some("other"));
        assert_eq!(a.bloc_at("Turkish troops", "2020-01-15"), Some("gna"));
        assert_eq!(a.bloc_at("Misratan forces", "2015-01-01"), Some("other"));
        assert_eq!(a.bloc_at("Misratan forces", "2016-07-01"), Some("gna"));
        assert_eq!(a.bloc_at("Petroleum Facilities Guard", "2016-06-01"), Some("gna"));
        assert_eq!(a.bloc_at("Petroleum Facilities Guard", "2017-06-01"), None);
        assert_eq!(a.bloc_at("Zintan Brigades", "2014-08-01"), Some("lna"));
        assert_eq!(a.bloc_at("Zintan Brigades", "2017-11-05"), None);
        assert_eq!(a.bloc_at("Zintan Brigades", "2019-06-01"), Some("gna"));
    }

    #[test]
    fn the_countries_file_has_one_owner_per_name_and_historical_states_of_their_own() {
        let t = Theatres::builtin().unwrap();
        let c = t.countries();
        assert!(c.all().len() > 250);
        let mut owner: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
        for x in c.all() {
            for n in std::iter::once(&x.name).chain(&x.aliases).chain(&x.demonyms).chain(std::iter::once(&x.code)) {
                let k = name_key(n);
                if k.is_empty() {
                    continue;
                }
                if let Some(other) = owner.insert(k, &x.name) {
                    assert_eq!(other, x.name, "{n} names both {other} and {}", x.name);
                }
            }
        }
        assert_eq!(c.find("Kingdom of Italy").map(|x| x.code.as_str()), Some("IT"));
        assert_eq!(c.find("USSR").map(|x| x.code.as_str()), Some("SU"));
        assert_eq!(c.find("Czechoslovakia").map(|x| x.code.as_str()), Some("CS"));
        assert_eq!(c.find("Persia").map(|x| x.name.as_str()), Some("Iran"));
        assert!(c.find("Germany").is_some_and(|x| x.demonyms.iter().any(|d| d == "German")));
        // A war outside every theatre reads its sides' demonyms through the file.
        let mut r = record("Polish–Soviet War", &[], Some("Poland"), 1920);
        r.sides = vec![
            Side { belligerents: vec!["Second Polish Republic".into()], ..Side::default() },
            Side { belligerents: vec!["Russian SFSR".into()], ..Side::default() },
        ];
        let own = t.for_record(Some(&r));
        assert!(own.own);
        assert_eq!(own.actors.bloc_of("Polish troops"), Some("second-polish-republic"));
        assert_eq!(own.actors.bloc_of("Russian artillery"), Some("russian-sfsr"));
    }
}
