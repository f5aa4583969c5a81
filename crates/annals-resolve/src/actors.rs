//! Actors: organisations and states with their other names, their place in a hierarchy (a brigade
//! in a division in an army) and their alignment (bloc) within a theatre, undated or from a date
//! on. The data is a TOML file per theatre (`data/actors/*.toml`); the Syrian one is built in.
//! Nothing about any war is in code.
//!
//! An actor without a bloc of its own takes its nearest ancestor's, so a unit added under an army
//! is aligned like the army without repeating it. A corpus can add the belligerents and units its
//! infoboxes name ([`Actors::extend_from_sides`]); what the file says is never changed by it.

use crate::merge::MergedSide;
use crate::names::{name_key, split_known};
use annals_model::conflict::{PartialDate, Side, Unit};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Errors reading an actors file.
#[derive(Debug, thiserror::Error)]
pub enum ActorsError {
    #[error("actors file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// A `parent` that names no actor of the file.
    #[error("actor {actor:?}: its parent {parent:?} is not an actor of the file")]
    UnknownParent { actor: String, parent: String },
    /// Parents that lead back to the actor itself.
    #[error("actor {actor:?} is its own ancestor")]
    ParentCycle { actor: String },
    /// An alignment date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or not a day of the calendar.
    #[error("actor {actor:?}: {date:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate { actor: String, date: String },
    /// An alignment that ends before it begins.
    #[error("actor {actor:?}: an alignment ends ({until}) before it begins ({from})")]
    BadPeriod { actor: String, from: String, until: String },
}

/// An organisation, state or unit of a theatre.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The alignment when no dated one applies. None: the nearest ancestor's.
    #[serde(default)]
    pub bloc: Option<String>,
    /// Adjectives that stand for the actor before a weapon or a force ("Russian airstrikes",
    /// "Turkish artillery"). Not names: "Syrian" alone names no one.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// The canonical name of the actor this one is part of: a brigade's division, an army's armed
    /// forces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Changes of alignment from a date on, such as a unit pledging itself to another side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alignment: Vec<Alignment>,
    /// Added from a corpus's infoboxes rather than written in an actors file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_corpus: bool,
}

/// An alignment that holds from one date (and until another, when it ended). Dates are ISO 8601
/// at any precision: `2014`, `2014-06` or `2014-06-25`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    pub bloc: String,
    /// What happened, in the data's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Alignment {
    /// Whether the whole of `date`'s period lies within this alignment: "2014-07" is after
    /// "from 2014-06-25", "2014-06" is not (its first days are before).
    fn covers(&self, date: &PartialDate) -> bool {
        let Some(from) = parse_date(&self.from) else { return false };
        if first_day(date) < first_day(&from) {
            return false;
        }
        match self.until.as_deref().map(parse_date) {
            None => true,
            Some(Some(until)) => last_day(date) <= last_day(&until),
            Some(None) => false,
        }
    }
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    actor: Vec<Actor>,
    #[serde(default)]
    context: Context,
}

/// Words for armed men that name no side ("militants", "the fighters"), and what the blocs of a
/// theatre are to them. The side such a word stands for comes from the conflict it is read in
/// ([`Actors::bloc_in_context`]).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Words for armed men of any side.
    #[serde(default)]
    pub armed: Vec<String>,
    /// Those of `armed` that never mean a state's forces ("jihadists", "gunmen").
    #[serde(default)]
    pub non_state: Vec<String>,
    /// The blocs of states and their forces.
    #[serde(default)]
    pub state_blocs: Vec<String>,
    /// The blocs of those who take no side (civilians); a generic armed word never means them.
    #[serde(default)]
    pub bystander_blocs: Vec<String>,
}

/// What one side of a conflict names, for [`Actors::extend_from_sides`]: its belligerents and its
/// unit trees.
#[derive(Clone, Debug, Default)]
pub struct SideInput<'a> {
    pub belligerents: Vec<&'a str>,
    pub units: &'a [Unit],
}

impl<'a> From<&'a Side> for SideInput<'a> {
    fn from(s: &'a Side) -> Self {
        SideInput { belligerents: s.belligerents.iter().map(String::as_str).collect(), units: &s.units }
    }
}

impl<'a> From<&'a MergedSide> for SideInput<'a> {
    fn from(s: &'a MergedSide) -> Self {
        SideInput { belligerents: s.belligerents.iter().map(|a| a.value.as_str()).collect(), units: &s.units }
    }
}

/// The built-in actors file (the Syrian theatre).
pub(crate) const BUILTIN_ACTORS: &str = include_str!("../../../data/theatres/syria.toml");

/// A set of actors, looked up by any of their names compared loosely.
#[derive(Clone, Debug, Default)]
pub struct Actors {
    list: Vec<Actor>,
    by_key: HashMap<String, usize>,
    by_canonical: HashMap<String, usize>,
    by_demonym: HashMap<String, usize>,
    /// The parent of each actor of `list`, once an actor of that name is known.
    parents: Vec<Option<usize>>,
    context: Context,
}

impl Actors {
    /// Parses an actors file. Every parent must be an actor of the file, parents must not lead in a
    /// circle, and alignment dates must be dates.
    pub fn from_toml(text: &str) -> Result<Actors, ActorsError> {
        let file: File = toml::from_str(text)?;
        let mut actors = Actors { context: file.context, ..Actors::default() };
        for a in file.actor {
            actors.add(a);
        }
        for (i, a) in actors.list.iter().enumerate() {
            if let (Some(parent), None) = (&a.parent, actors.parents[i]) {
                return Err(ActorsError::UnknownParent { actor: a.name.clone(), parent: parent.clone() });
            }
            if actors.lineage(i).skip(1).any(|j| j == i) {
                return Err(ActorsError::ParentCycle { actor: a.name.clone() });
            }
            for al in &a.alignment {
                let bad = |date: &str| ActorsError::BadDate { actor: a.name.clone(), date: date.to_string() };
                let from = parse_date(&al.from).ok_or_else(|| bad(&al.from))?;
                if let Some(until) = &al.until {
                    let u = parse_date(until).ok_or_else(|| bad(until))?;
                    if last_day(&u) < first_day(&from) {
                        return Err(ActorsError::BadPeriod {
                            actor: a.name.clone(),
                            from: al.from.clone(),
                            until: until.clone(),
                        });
                    }
                }
            }
        }
        Ok(actors)
    }

    /// Adds an actor; a name already taken keeps its first owner. The parent may be added before
    /// or after its children.
    pub fn add(&mut self, actor: Actor) {
        let i = self.list.len();
        for n in std::iter::once(&actor.name).chain(&actor.aliases) {
            let key = name_key(n);
            if !key.is_empty() {
                self.by_key.entry(key).or_insert(i);
            }
        }
        let canonical = name_key(&actor.name);
        if !canonical.is_empty() {
            self.by_canonical.entry(canonical).or_insert(i);
        }
        for d in &actor.demonyms {
            self.by_demonym.entry(name_key(d)).or_insert(i);
        }
        self.list.push(actor);
        self.parents.push(None);
        // The new actor may be the parent that earlier actors named before it was known. Names are
        // never taken from their first owner, so a parent once found stays found.
        for j in 0..self.list.len() {
            if self.parents[j].is_none() {
                if let Some(p) = &self.list[j].parent {
                    self.parents[j] = self.parent_index(p);
                }
            }
        }
    }

    /// The actor a parent name stands for: by canonical name first, then by any name.
    fn parent_index(&self, name: &str) -> Option<usize> {
        let key = name_key(name);
        self.by_canonical.get(&key).or_else(|| self.by_key.get(&key)).copied()
    }

    /// The actors shipped with annals (the Syrian theatre).
    pub fn builtin() -> &'static Actors {
        static BUILTIN: OnceLock<Actors> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The file is part of the build and tested below, so it always parses.
            Actors::from_toml(BUILTIN_ACTORS).unwrap_or_default()
        })
    }

    /// Every actor, in the order they were added.
    pub fn all(&self) -> &[Actor] {
        &self.list
    }

    /// The actor whose canonical name this is (compared loosely); aliases are not canonical names.
    pub fn get(&self, canonical: &str) -> Option<&Actor> {
        self.by_canonical.get(&name_key(canonical)).map(|&i| &self.list[i])
    }

    /// The actor any of whose names this is (compared loosely).
    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        self.index(name).map(|i| &self.list[i])
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.by_key.get(&name_key(name)).copied()
    }

    /// Whether a word is a demonym of an actor ("German", "Soviets"): an adjective for a state,
    /// never a place or a name of its own.
    pub fn is_demonym(&self, word: &str) -> bool {
        let key = name_key(word);
        !key.is_empty()
            && (self.by_demonym.contains_key(&key) || self.by_demonym.contains_key(key.trim_end_matches('s')))
    }

    /// Whether a name is an actor that is not a state: a force, a unit, a group ("Luftwaffe",
    /// "Eighth Army"). A state's name is also its country's, which is a place.
    pub fn names_a_force(&self, name: &str) -> bool {
        self.lookup(name).is_some_and(|a| a.demonyms.is_empty())
    }

    /// The actors a name's actor is part of, nearest first: for a brigade, its division, its army,
    /// its armed forces. Parents that lead in a circle are each listed once.
    pub fn ancestors(&self, name: &str) -> Vec<&Actor> {
        let Some(i) = self.index(name) else { return Vec::new() };
        let mut seen = vec![i];
        for j in self.lineage(i).skip(1) {
            if seen.contains(&j) {
                break;
            }
            seen.push(j);
        }
        seen[1..].iter().map(|&j| &self.list[j]).collect()
    }

    /// The actors whose parent is a name's actor, in the order they were added.
    pub fn children(&self, name: &str) -> Vec<&Actor> {
        let Some(i) = self.index(name) else { return Vec::new() };
        self.list.iter().zip(&self.parents).filter(|(_, p)| **p == Some(i)).map(|(a, _)| a).collect()
    }

    /// An actor and then its ancestors, nearest first. Bounded by the number of actors, so a circle
    /// of parents ends it rather than looping.
    fn lineage(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut next = Some(i);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let cur = next?;
            steps += 1;
            next = if steps > self.list.len() { None } else { self.parents[cur] };
            Some(cur)
        })
    }

    /// The undated bloc of an actor: its own, or its nearest ancestor's.
    fn bloc_at_index(&self, i: usize) -> Option<&str> {
        self.lineage(i).find_map(|j| self.list[j].bloc.as_deref())
    }

    /// The actor a name or mention stands for. A mention may carry an article or a generic noun
    /// the name lacks ("the ISIS fighters", "Nusra forces"); those are tried without. A demonym
    /// before a weapon or a force ("Russian airstrikes") stands for its state.
    pub fn lookup_mention(&self, name: &str) -> Option<&Actor> {
        self.mention(name).map(|i| &self.list[i])
    }

    /// [`Actors::lookup_mention`], as an index into the list.
    fn mention(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.index(name) {
            return Some(i);
        }
        const ARTICLES: &[&str] = &["the ", "The ", "a ", "an "];
        const NOUNS: &[&str] = &[" fighters", " militants", " forces", " troops", " units", " soldiers", " members"];
        // A part of an actor stands for the actor: "units of the Syrian army" are the army's.
        const PARTS: &[&str] = &["units of ", "elements of ", "members of ", "remnants of ", "part of "];
        let mut n = name.trim();
        n = ARTICLES.iter().find_map(|a| n.strip_prefix(a)).unwrap_or(n);
        if let Some(whole) = PARTS.iter().find_map(|p| n.strip_prefix(p)) {
            return self.mention(whole);
        }
        // A plural demonym is a noun for the state's people or forces: "the Italians".
        if n.ends_with('s') {
            if let Some(&i) = self.by_demonym.get(&name_key(n)) {
                return Some(i);
            }
        }
        const WEAPONS: &[&str] = &[
            " airstrikes",
            " air strikes",
            " warplanes",
            " jets",
            " aircraft",
            " artillery",
            " helicopters",
            " drones",
            " forces",
            " troops",
            " soldiers",
            " military",
            " army",
        ];
        if let Some(d) = WEAPONS.iter().find_map(|w| n.strip_suffix(w)) {
            if let Some(&i) = self.by_demonym.get(&name_key(d)) {
                return Some(i);
            }
        }
        n = NOUNS.iter().find_map(|s| n.strip_suffix(s)).unwrap_or(n);
        if n != name.trim() {
            if let Some(i) = self.index(n) {
                return Some(i);
            }
        }
        self.unit_after_its_own(n)
    }

    /// A unit written after an actor it belongs to, as in "Republican Guard 104th Brigade": the
    /// unit, when the words before it name one of its ancestors.
    fn unit_after_its_own(&self, name: &str) -> Option<usize> {
        let words: Vec<&str> = name.split_whitespace().collect();
        (1..words.len()).find_map(|k| {
            let unit = self.index(&words[k..].join(" "))?;
            let owner = self.index(&words[..k].join(" "))?;
            self.lineage(unit).skip(1).any(|j| j == owner).then_some(unit)
        })
    }

    /// The bloc a word for armed men that names no side ("militants", "the jihadists") stands for
    /// in a conflict whose sides are of the blocs `sides`, fighting an actor of bloc `other`. Of
    /// the sides' blocs, those of bystanders and the other actor's are set aside, and for a word
    /// that never means a state's forces the states' too; one bloc left is the answer. A mention
    /// the data's context words do not cover, or a context that leaves no bloc or several, gives
    /// `None`: the side is then unknown rather than guessed.
    pub fn bloc_in_context<'s>(&self, mention: &str, other: Option<&str>, sides: &'s [String]) -> Option<&'s str> {
        // Counts and articles before the word say nothing of its side: "some 60 fighters".
        const LEADING: &[&str] = &["the", "a", "an", "some", "several", "many", "dozens", "hundreds", "of", "other"];
        let word: Vec<&str> = mention
            .split_whitespace()
            .skip_while(|w| {
                LEADING.contains(&w.to_lowercase().as_str()) || w.chars().all(|c| c.is_ascii_digit() || c == ',')
            })
            .collect();
        let key = name_key(&word.join(" "));
        let is = |list: &[String]| !key.is_empty() && list.iter().any(|w| name_key(w) == key);
        let c = &self.context;
        if !is(&c.armed) {
            return None;
        }
        let non_state = is(&c.non_state);
        let mut left: Vec<&'s str> = sides
            .iter()
            .map(String::as_str)
            .filter(|b| !c.bystander_blocs.iter().any(|x| x == b))
            .filter(|b| Some(*b) != other)
            .filter(|b| !non_state || !c.state_blocs.iter().any(|x| x == b))
            .collect();
        left.sort_unstable();
        left.dedup();
        match left.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The bloc of the actor a name or mention stands for, whatever the date: the actor's own
    /// bloc or, for one without, its nearest ancestor's ("the 104th" is aligned like the army it
    /// is part of).
    pub fn bloc_of(&self, name: &str) -> Option<&str> {
        self.bloc_at_index(self.mention(name)?)
    }

    /// The bloc of the actor a name or mention stands for on a date (`YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`). Going up from the actor through its ancestors, the first that has a dated
    /// alignment covering the whole of the date's period, or else a bloc of its own, decides; of
    /// several alignments covering the date, the one that began last. A date that cannot be read
    /// gives the undated bloc.
    pub fn bloc_at(&self, name: &str, date: &str) -> Option<&str> {
        let i = self.mention(name)?;
        let when = parse_date(date.trim());
        for j in self.lineage(i) {
            let a = &self.list[j];
            if let Some(w) = &when {
                let latest = a
                    .alignment
                    .iter()
                    .filter(|al| al.covers(w))
                    .filter_map(|al| Some((first_day(&parse_date(&al.from)?), al)))
                    .max_by_key(|(start, _)| *start);
                if let Some((_, al)) = latest {
                    return Some(&al.bloc);
                }
            }
            if let Some(b) = a.bloc.as_deref() {
                return Some(b);
            }
        }
        None
    }

    /// The blocs of the actors a text names, at word edges ("Leader of ISIL" names ISIL).
    pub fn blocs_named_in<'a>(&'a self, text: &str) -> Vec<&'a str> {
        let words: Vec<&str> =
            text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'').filter(|w| !w.is_empty()).collect();
        let mut out = Vec::new();
        // Runs of up to six words are looked up as names, the longest match at each place first;
        // the words of a match are not looked up again.
        let mut start = 0;
        while start < words.len() {
            let mut matched = 0;
            for len in (1..=6.min(words.len() - start)).rev() {
                let phrase = words[start..start + len].join(" ");
                let Some(i) = self.index(&phrase) else { continue };
                // One-word acronyms must be written in capitals: "is" is not "IS".
                if len == 1 && phrase.len() <= 4 && phrase != phrase.to_uppercase() {
                    continue;
                }
                if let Some(b) = self.bloc_at_index(i) {
                    out.push(b);
                }
                matched = len;
                break;
            }
            start += matched.max(1);
        }
        out
    }

    /// The phrases that mention these actors in a sentence: every name and alias of an actor that
    /// is not a state (but short capitalised acronyms, which only their case tells from words:
    /// "US", "IS"), plural demonyms
    /// ("Germans"), and a demonym before a word for forces ("German troops").
    pub fn mention_phrases(&self) -> Vec<String> {
        const FORCES: &[&str] = &["troops", "forces", "soldiers", "army", "units", "garrison", "fighters"];
        let acronym = |s: &str| s.len() <= 4 && s.chars().all(|c| !c.is_lowercase());
        let mut out: Vec<String> = Vec::new();
        for a in &self.list {
            // A state's name is its country's too ("in Italy"): it is mentioned by its demonyms.
            if a.demonyms.is_empty() {
                out.extend(std::iter::once(&a.name).chain(&a.aliases).filter(|n| !acronym(n)).cloned());
            }
            for d in &a.demonyms {
                if d.ends_with('s') {
                    out.push(d.clone());
                } else {
                    out.extend(FORCES.iter().map(|f| format!("{d} {f}")));
                }
            }
        }
        out
    }

    /// Every name and alias long enough to find inside a longer text without false hits.
    pub fn splitting_names(&self) -> Vec<&str> {
        self.list
            .iter()
            .flat_map(|a| std::iter::once(&a.name).chain(&a.aliases))
            .map(String::as_str)
            .filter(|n| n.split_whitespace().count() >= 2)
            .collect()
    }

    /// Adds the belligerents and units that the sides of a corpus name and these actors do not
    /// know, marked `from_corpus`, and returns how many were added. Known actors are never
    /// changed.
    ///
    /// - A new unit under another in a unit tree gets that unit as its parent, and so its bloc.
    /// - A new belligerent, or a new unit at the root of a tree, gets the bloc that the known
    ///   belligerents of its side agree on; where it is named on several sides, the bloc those
    ///   sides agree on. Sides whose known belligerents disagree, or that have none, say nothing.
    /// - Only actors not themselves from a corpus vote, so one guess never feeds the next.
    /// - Names a rendering ran together are split at the known names first.
    pub fn extend_from_sides(&mut self, sides: &[SideInput]) -> usize {
        let splitting: Vec<String> = self.splitting_names().into_iter().map(str::to_string).collect();
        let splitting: Vec<&str> = splitting.iter().map(String::as_str).collect();
        let mut new: Vec<Candidate> = Vec::new();
        for side in sides {
            let names: Vec<String> = side.belligerents.iter().flat_map(|b| split_known(b, &splitting)).collect();
            let mut blocs = names
                .iter()
                .filter_map(|n| self.mention(n))
                .filter(|&i| !self.list[i].from_corpus)
                .filter_map(|i| self.bloc_at_index(i));
            let side_bloc = blocs.next().filter(|first| blocs.all(|b| b == *first)).map(str::to_string);
            for n in &names {
                if self.mention(n).is_none() {
                    note_candidate(&mut new, n, None, side_bloc.as_deref());
                }
            }
            for u in side.units {
                self.note_units(&mut new, u, None, side_bloc.as_deref());
            }
        }
        let added = new.len();
        for c in new {
            let bloc = match c.parent {
                Some(_) => None,
                None => c.votes.first().filter(|first| c.votes.iter().all(|b| b == *first)).cloned(),
            };
            self.add(Actor { name: c.name, parent: c.parent, bloc, from_corpus: true, ..Actor::default() });
        }
        added
    }

    /// Notes a unit tree's units that these actors do not know, each with its tree parent.
    fn note_units(&self, new: &mut Vec<Candidate>, unit: &Unit, parent: Option<&str>, side_bloc: Option<&str>) {
        let name = unit.name.trim();
        if !is_name(name) {
            return;
        }
        // Children hang under the known actor's canonical name, or under the new unit's name.
        let here = match self.mention(name) {
            Some(i) => self.list[i].name.clone(),
            None => {
                note_candidate(new, name, parent, side_bloc);
                name.to_string()
            }
        };
        for child in &unit.children {
            self.note_units(new, child, Some(&here), side_bloc);
        }
    }
}

/// An actor a corpus names that the actors data does not know yet.
struct Candidate {
    name: String,
    key: String,
    parent: Option<String>,
    /// The blocs of the sides that name it where the side's known belligerents agree.
    votes: Vec<String>,
}

/// Records a sighting of a new name: under a tree parent, or with its side's bloc. The first
/// sighting under a parent gives the parent, unless that would make the name its own ancestor.
fn note_candidate(new: &mut Vec<Candidate>, name: &str, parent: Option<&str>, side_bloc: Option<&str>) {
    let name = name.trim();
    if !is_name(name) {
        return;
    }
    let key = name_key(name);
    let i = match new.iter().position(|c| c.key == key) {
        Some(i) => i,
        None => {
            new.push(Candidate { name: name.to_string(), key, parent: None, votes: Vec::new() });
            new.len() - 1
        }
    };
    match parent {
        Some(p) if new[i].parent.is_none() && !leads_to(new, p, i) => new[i].parent = Some(p.to_string()),
        Some(_) => {}
        None => new[i].votes.extend(side_bloc.map(str::to_string)),
    }
}

/// Whether following new names' parents from `name` reaches the candidate `target`. Known actors
/// never have a new name as parent, so only new names need following.
fn leads_to(new: &[Candidate], name: &str, target: usize) -> bool {
    let mut key = name_key(name);
    for _ in 0..=new.len() {
        let Some(j) = new.iter().position(|c| c.key == key) else { return false };
        if j == target {
            return true;
        }
        match &new[j].parent {
            Some(p) => key = name_key(p),
            None => return false,
        }
    }
    true
}

/// Whether a text can be a name: two letters at least and something left after [`name_key`].
fn is_name(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !name_key(s).is_empty()
}

/// Reads a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a month of the year and a day of
/// the month.
pub(crate) fn parse_date(s: &str) -> Option<PartialDate> {
    let mut parts = s.split('-');
    let year = parts.next().filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()?;
    let mut part = |max: u8| -> Option<Option<u8>> {
        match parts.next() {
            None => Some(None),
            Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                let v: u8 = p.parse().ok()?;
                (1..=max).contains(&v).then_some(Some(v))
            }
            Some(_) => None,
        }
    };
    let month = part(12)?;
    let day = match month {
        Some(m) => part(days_in_month(year, m))?,
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(PartialDate { year, month, day, approx: false })
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first day a partial date may stand for, as (year, month, day).
fn first_day(d: &PartialDate) -> (i32, u8, u8) {
    (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// The last day a partial date may stand for, as (year, month, day).
fn last_day(d: &PartialDate) -> (i32, u8, u8) {
    let month = d.month.unwrap_or(12);
    (d.year, month, d.day.unwrap_or_else(|| days_in_month(d.year, month)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demonym_before_a_weapon_gives_the_states_bloc() {
        let a = Actors::builtin();
        assert_eq!(a.bloc_of("Russian airstrikes"), Some("government"));
        assert_eq!(a.bloc_of("the Turkish artillery"), Some("other"));
        // A demonym is no name of its own.
        assert_eq!(a.bloc_of("Syrian"), None);
        assert_eq!(a.bloc_of("Syrian rebels"), None);
    }

    #[test]
    fn builtin_file_parses_and_looks_up_loosely() {
        let a = Actors::from_toml(include_str!("../../../data/theatres/syria.toml")).unwrap();
        assert!(a.list.len() > 40);
        assert_eq!(a.bloc_of("ISIS"), Some("isil"));
        assert_eq!(a.bloc_of("jabhat al nusra"), Some("opposition"));
        assert_eq!(a.lookup("Syrian Army").map(|x| x.name.as_str()), Some("Syrian Arab Army"));
        assert_eq!(a.bloc_of("Nobody in particular"), None);
        assert_eq!(a.bloc_of("the ISIS fighters"), Some("isil"));
        assert_eq!(a.bloc_of("the military"), Some("government"));
        assert_eq!(a.bloc_of("rebel"), Some("opposition"));
        assert_eq!(a.blocs_named_in("Leader of ISIL"), ["isil"]);
        assert_eq!(a.blocs_named_in("al-Nusra Front leader"), ["opposition"]);
        assert!(a.blocs_named_in("what is said").is_empty());
    }

    /// Mentions that name an actor through a part of it or through its owner.
    #[test]
    fn parts_and_owned_units_name_the_unit() {
        let a = Actors::builtin();
        let cases: &[(&str, Option<&str>)] = &[
            ("units of the Syrian army", Some("Syrian Arab Army")),
            ("remnants of ISIS", Some("Islamic State of Iraq and the Levant")),
            ("Republican Guard 104th Brigade", Some("104th Airborne Brigade")),
            ("the Republican Guard 104th Brigade", Some("104th Airborne Brigade")),
            // Words before a unit that are not its owner make no mention of it.
            ("ISIS 104th Brigade", None),
            ("units of nobody", None),
        ];
        for (mention, want) in cases {
            assert_eq!(a.lookup_mention(mention).map(|x| x.name.as_str()), *want, "{mention}");
        }
    }

    /// A word for armed men takes the bloc its conflict's sides leave: (mention, other actor's
    /// bloc, sides, expected).
    #[test]
    fn generic_armed_mentions_take_their_side_from_the_context() {
        let a = Actors::builtin();
        let s = |b: &[&str]| b.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        type Case<'a> = (&'a str, Option<&'a str>, Vec<String>, Option<&'a str>);
        let cases: &[Case<'_>] = &[
            ("militants", Some("government"), s(&["government", "isil"]), Some("isil")),
            ("the fighters", Some("isil"), s(&["isil", "government"]), Some("government")),
            ("some 60 jihadists", None, s(&["government", "isil"]), Some("isil")),
            ("jihadists", None, s(&["government", "opposition", "civilians"]), Some("opposition")),
            // "fighters" may be anyone's: without the other actor two blocs are left.
            ("fighters", None, s(&["government", "isil"]), None),
            // Three armed blocs leave two after the other actor's.
            ("militants", Some("government"), s(&["government", "isil", "opposition"]), None),
            // No conflict, no side.
            ("militants", Some("government"), Vec::new(), None),
            // A word that is not a generic armed word is left to the actors data.
            ("tribal members", Some("isil"), s(&["isil", "government"]), None),
        ];
        for (mention, other, sides, want) in cases {
            assert_eq!(a.bloc_in_context(mention, *other, sides), *want, "{mention} against {other:?} in {sides:?}");
        }
    }

    #[test]
    fn the_context_words_are_data() {
        let a = Actors::from_toml(
            "[[actor]]\nname = \"A\"\n[context]\narmed = [\"partisans\"]\nstate_blocs = [\"crown\"]\n",
        )
        .unwrap();
        let sides = vec!["crown".to_string(), "republic".to_string()];
        assert_eq!(a.bloc_in_context("the partisans", Some("crown"), &sides), Some("republic"));
        assert_eq!(a.bloc_in_context("militants", Some("crown"), &sides), None);
        assert!(Actors::from_toml("[context]\narmd = []").is_err(), "a misspelt key is an error");
    }

    #[test]
    fn a_bad_file_is_an_error() {
        assert!(Actors::from_toml("[[actor]]\nname = 3").is_err());
    }

    /// Each bad file with the error it must give.
    #[test]
    fn bad_hierarchies_and_dates_are_errors() {
        let cases: &[(&str, &str)] = &[
            ("[[actor]]\nname = \"A\"\nparent = \"Nobody\"", "UnknownParent"),
            ("[[actor]]\nname = \"A\"\nparent = \"B\"\n[[actor]]\nname = \"B\"\nparent = \"A\"", "ParentCycle"),
            ("[[actor]]\nname = \"A\"\nparent = \"A\"", "ParentCycle"),
            ("[[actor]]\nname = \"A\"\n[[actor.alignment]]\nfrom = \"June 2014\"\nbloc = \"x\"", "BadDate"),
            ("[[actor]]\nname = \"A\"\n[[actor.alignment]]\nfrom = \"2014-02-30\"\nbloc = \"x\"", "BadDate"),
            ("[[actor]]\nname = \"A\"\n[[actor.alignment]]\nfrom = \"2014\"\nuntil = \"2014-13\"\nbloc = \"x\"", "BadDate"),
            (
                "[[actor]]\nname = \"A\"\n[[actor.alignment]]\nfrom = \"2014-06\"\nuntil = \"2014-05-31\"\nbloc = \"x\"",
                "BadPeriod",
            ),
            ("[[actor]]\nname = \"A\"\n[[actor.alignment]]\nfrom = \"2014\"", "Toml"),
            ("[[actor]]\nname = \"A\"\nparents = \"B\"", "Toml"),
        ];
        for (text, want) in cases {
            let got = match Actors::from_toml(text) {
                Err(ActorsError::Toml(_)) => "Toml",
                Err(ActorsError::UnknownParent { .. }) => "UnknownParent",
                Err(ActorsError::ParentCycle { .. }) => "ParentCycle",
                Err(ActorsError::BadDate { .. }) => "BadDate",
                Err(ActorsError::BadPeriod { .. }) => "BadPeriod",
                Ok(_) => "Ok",
            };
            assert_eq!(got, *want, "{text}");
        }
        // A child may come before its parent in the file.
        let a = Actors::from_toml("[[actor]]\nname = \"C\"\nparent = \"P\"\n[[actor]]\nname = \"P\"\nbloc = \"b\"")
            .unwrap();
        assert_eq!(a.bloc_of("C"), Some("b"));
    }

    #[test]
    fn dates_are_read_at_any_precision_and_checked() {
        type Ymd = (i32, Option<u8>, Option<u8>);
        let cases: &[(&str, Option<Ymd>)] = &[
            ("2014", Some((2014, None, None))),
            ("2014-06", Some((2014, Some(6), None))),
            ("2014-06-25", Some((2014, Some(6), Some(25)))),
            ("2016-02-29", Some((2016, Some(2), Some(29)))),
            ("2014-02-29", None),
            ("2014-6-25", None),
            ("2014-06-25-01", None),
            ("14", None),
            ("", None),
            ("2014-00", None),
        ];
        for (text, want) in cases {
            let got = parse_date(text).map(|d| (d.year, d.month, d.day));
            assert_eq!(got, *want, "{text}");
        }
    }

    /// Units that used to be aliases of the army are actors of their own now, aligned through it.
    #[test]
    fn units_take_the_bloc_of_their_nearest_aligned_ancestor() {
        let a = Actors::builtin();
        let cases: &[(&str, Option<&str>)] = &[
            ("the 104th", Some("government")),
            ("104th Brigade", Some("government")),
            ("104th Airborne Brigade", Some("government")),
            ("137th Mechanized Brigade", Some("government")),
            ("17th Reserve Division", Some("government")),
            ("5th Legion", Some("government")),
            ("Tiger Forces", Some("government")),
            ("Liwa Fatemiyoun", Some("government")),
            ("Wilayat Deir ez-Zor", Some("isil")),
            ("Al-Nusra Front in Abu Kamal", Some("opposition")),
        ];
        for (name, want) in cases {
            assert_eq!(a.bloc_of(name), *want, "{name}");
        }
        assert_eq!(a.blocs_named_in("the Republican Guard 104th Brigade advanced"), ["government", "government"]);
        assert_eq!(a.lookup("the 104th").map(|x| x.name.as_str()), Some("104th Airborne Brigade"));
        assert!(a.splitting_names().contains(&"104th Airborne Brigade"));
    }

    #[test]
    fn the_hierarchy_is_walked_both_ways() {
        let a = Actors::builtin();
        let names = |v: Vec<&Actor>| v.into_iter().map(|x| x.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(a.ancestors("104th")),
            ["Republican Guard", "Syrian Arab Army", "Syrian Armed Forces", "Syrian government"]
        );
        assert_eq!(names(a.ancestors("Syrian government")), Vec::<String>::new());
        assert_eq!(names(a.ancestors("Nobody")), Vec::<String>::new());
        let army = names(a.children("Syrian Army"));
        for unit in ["Republican Guard", "Tiger Forces", "17th Division", "5th Corps"] {
            assert!(army.contains(&unit.to_string()), "{unit} not in {army:?}");
        }
        assert_eq!(names(a.children("17th Reserve Division")), ["137th Mechanized Brigade"]);
        assert!(a.children("104th").is_empty());
        // Aliases are names, not canonical names.
        assert_eq!(a.get("Syrian Arab Army").map(|x| x.name.as_str()), Some("Syrian Arab Army"));
        assert_eq!(a.get("syrian arab army").map(|x| x.name.as_str()), Some("Syrian Arab Army"));
        assert!(a.get("SAA").is_none());
        assert!(a.all().iter().all(|x| !x.from_corpus));
        // Every parent in the file is a canonical name, as the file's comment asks.
        for x in a.all() {
            if let Some(p) = &x.parent {
                assert!(a.get(p).is_some(), "{}: parent {p} is not a canonical name", x.name);
            }
        }
    }

    /// A circle of parents added by hand (files are refused) ends the walk instead of looping.
    #[test]
    fn a_circle_of_parents_is_walked_once() {
        let mut a = Actors::default();
        a.add(Actor { name: "A".into(), parent: Some("B".into()), ..Actor::default() });
        a.add(Actor { name: "B".into(), parent: Some("C".into()), ..Actor::default() });
        a.add(Actor { name: "C".into(), parent: Some("A".into()), ..Actor::default() });
        let names: Vec<&str> = a.ancestors("A").iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["B", "C"]);
        assert_eq!(a.bloc_of("A"), None);
        assert_eq!(a.bloc_at("A", "2014"), None);
    }

    #[test]
    fn alignment_changes_from_a_date() {
        let a = Actors::builtin();
        let unit = "Al-Nusra Front in Abu Kamal";
        let cases: &[(&str, &str, Option<&str>)] = &[
            (unit, "2014-06-24", Some("opposition")),
            (unit, "2014-06-25", Some("isil")),
            (unit, "2014-07", Some("isil")),
            (unit, "2015", Some("isil")),
            // Partly before the pledge: not wholly after it.
            (unit, "2014-06", Some("opposition")),
            (unit, "2014", Some("opposition")),
            (unit, "2013-12-01", Some("opposition")),
            (unit, "not a date", Some("opposition")),
            // The pledge was the unit's, not the front's.
            ("Al-Nusra Front", "2014-07", Some("opposition")),
            ("the 104th", "2016-01-16", Some("government")),
            ("Nobody", "2016", None),
        ];
        for (name, date, want) in cases {
            assert_eq!(a.bloc_at(name, date), *want, "{name} on {date}");
        }
        assert_eq!(a.bloc_of(unit), Some("opposition"));

        let file = r#"
            [[actor]]
            name = "Parent"
            bloc = "p"
            [[actor.alignment]]
            from = "2010"
            until = "2011-06"
            bloc = "q"
            [[actor.alignment]]
            from = "2011-03"
            bloc = "r"
            [[actor]]
            name = "Child"
            parent = "Parent"
            [[actor]]
            name = "Own"
            parent = "Parent"
            bloc = "o"
        "#;
        let a = Actors::from_toml(file).unwrap();
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("Parent", "2009", Some("p")),
            ("Parent", "2010-05", Some("q")),
            ("Parent", "2011-04", Some("r")),
            ("Parent", "2011-06-30", Some("r")),
            ("Parent", "2011-07", Some("r")),
            ("Child", "2010-05", Some("q")),
            ("Child", "2009", Some("p")),
            // A bloc of its own is nearer than an ancestor's alignment.
            ("Own", "2010-05", Some("o")),
        ];
        for (name, date, want) in cases {
            assert_eq!(a.bloc_at(name, date), *want, "{name} on {date}");
        }
    }

    fn unit(name: &str, children: Vec<Unit>) -> Unit {
        Unit { name: name.into(), children }
    }

    #[test]
    fn a_corpus_adds_what_the_file_does_not_know() {
        let mut a = Actors::builtin().clone();
        let before = a.all().len();
        let gov_units = [
            unit(
                "Syrian Armed Forces",
                vec![unit(
                    "Syrian Arab Army",
                    vec![unit("Republican Guard", vec![unit("New Brigade", vec![unit("New Battalion", vec![])])])],
                )],
            ),
            unit("Local Guard", vec![unit("Lions of Somewhere", vec![])]),
        ];
        let sides = [
            // Known belligerents agree: the new one is aligned with them.
            SideInput {
                belligerents: vec!["Syrian Arab Republic", "Russia", "Newly Allied Militia"],
                units: &gov_units,
            },
            // Known belligerents disagree: the new one gets no bloc.
            SideInput { belligerents: vec!["Free Syrian Army", "ISIL", "Mixed Company"], units: &[] },
            // Names run together are split at the known names before anything is added.
            SideInput { belligerents: vec!["Free Syrian Army Islamic Front Brand New Brigades"], units: &[] },
            // No known belligerent: nothing to agree on.
            SideInput { belligerents: vec!["Lonely Group"], units: &[] },
        ];
        let added = a.extend_from_sides(&sides);
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("Newly Allied Militia", None, Some("government")),
            ("Mixed Company", None, None),
            ("Brand New Brigades", None, Some("opposition")),
            ("Lonely Group", None, None),
            ("New Brigade", Some("Republican Guard"), Some("government")),
            ("New Battalion", Some("New Brigade"), Some("government")),
            // A new unit at a tree's root is one of its side's.
            ("Local Guard", None, Some("government")),
            ("Lions of Somewhere", Some("Local Guard"), Some("government")),
        ];
        for (name, parent, bloc) in cases {
            let x = a.get(name).unwrap_or_else(|| panic!("{name} not added"));
            assert!(x.from_corpus, "{name}");
            assert_eq!(x.parent.as_deref(), *parent, "{name}");
            assert_eq!(a.bloc_of(name), *bloc, "{name}");
        }
        assert_eq!(added, cases.len());
        assert_eq!(a.all().len(), before + cases.len());
        assert_eq!(a.ancestors("New Battalion").len(), 5);
        // Known actors are left as the file has them.
        assert_eq!(&a.all()[..before], Actors::builtin().all());
        // What is known is not added twice.
        assert_eq!(a.extend_from_sides(&sides), 0);
    }

    /// A name several sides give gets the bloc they agree on; a corpus that disagrees with itself
    /// about a unit's parent keeps the first, and never makes a unit its own ancestor.
    #[test]
    fn corpus_sightings_are_combined() {
        let mut a = Actors::builtin().clone();
        let t1 = [unit("Alpha Corps", vec![unit("Beta Regiment", vec![])])];
        let t2 = [unit("Beta Regiment", vec![unit("Alpha Corps", vec![])])];
        let sides = [
            SideInput { belligerents: vec!["Free Syrian Army", "Shared Brigade"], units: &t1 },
            SideInput { belligerents: vec!["Al-Nusra Front", "Shared Brigade"], units: &t2 },
            SideInput { belligerents: vec!["ISIL", "Contested Brigade"], units: &[] },
            SideInput { belligerents: vec!["YPG", "Contested Brigade"], units: &[] },
        ];
        a.extend_from_sides(&sides);
        assert_eq!(a.bloc_of("Shared Brigade"), Some("opposition"));
        assert_eq!(a.bloc_of("Contested Brigade"), None);
        assert_eq!(a.get("Beta Regiment").and_then(|x| x.parent.as_deref()), Some("Alpha Corps"));
        assert_eq!(a.get("Alpha Corps").and_then(|x| x.parent.as_deref()), None);
        assert_eq!(a.bloc_of("Beta Regiment"), Some("opposition"));
    }

    #[test]
    fn sides_of_records_and_merges_are_inputs() {
        let side =
            Side { belligerents: vec!["A".into(), "B".into()], units: vec![unit("U", vec![])], ..Side::default() };
        let input = SideInput::from(&side);
        assert_eq!(input.belligerents, ["A", "B"]);
        assert_eq!(input.units.len(), 1);
        let merged = crate::merge(
            vec![(
                "d".into(),
                annals_model::conflict::ConflictRecord { title: "T".into(), sides: vec![side], ..Default::default() },
            )],
            &crate::Theatres::builtin().unwrap(),
        );
        let input = SideInput::from(&merged[0].sides[0]);
        assert_eq!(input.belligerents, ["A", "B"]);
    }
}
