//! Actors: organisations and states with their other names and their alignment (bloc) within a
//! theatre. The data is a TOML file per theatre (`data/actors/*.toml`); the Syrian one is built
//! in. Nothing about any war is in code.

use crate::names::name_key;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Errors reading an actors file.
#[derive(Debug, thiserror::Error)]
pub enum ActorsError {
    #[error("actors file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub bloc: Option<String>,
    /// Adjectives that stand for the actor before a weapon or a force ("Russian airstrikes",
    /// "Turkish artillery"). Not names: "Syrian" alone names no one.
    #[serde(default)]
    pub demonyms: Vec<String>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    actor: Vec<Actor>,
}

/// A set of actors, looked up by any of their names compared loosely.
#[derive(Clone, Debug, Default)]
pub struct Actors {
    list: Vec<Actor>,
    by_key: HashMap<String, usize>,
    by_demonym: HashMap<String, usize>,
}

impl Actors {
    /// Parses an actors file.
    pub fn from_toml(text: &str) -> Result<Actors, ActorsError> {
        let file: File = toml::from_str(text)?;
        let mut actors = Actors::default();
        for a in file.actor {
            actors.add(a);
        }
        Ok(actors)
    }

    /// Adds an actor; a name already taken keeps its first owner.
    pub fn add(&mut self, actor: Actor) {
        let i = self.list.len();
        for n in std::iter::once(&actor.name).chain(&actor.aliases) {
            let key = name_key(n);
            if !key.is_empty() {
                self.by_key.entry(key).or_insert(i);
            }
        }
        for d in &actor.demonyms {
            self.by_demonym.entry(name_key(d)).or_insert(i);
        }
        self.list.push(actor);
    }

    /// The actors shipped with annals (the Syrian theatre).
    pub fn builtin() -> &'static Actors {
        static BUILTIN: OnceLock<Actors> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The file is part of the build and tested below, so it always parses.
            Actors::from_toml(include_str!("../../../data/actors/syria.toml")).unwrap_or_default()
        })
    }

    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        self.by_key.get(&name_key(name)).map(|&i| &self.list[i])
    }

    /// The bloc of the actor a name or mention stands for. A mention may carry an article or a
    /// generic noun the name lacks ("the ISIS fighters", "Nusra forces"); those are tried
    /// without.
    pub fn bloc_of(&self, name: &str) -> Option<&str> {
        if let Some(a) = self.lookup(name) {
            return a.bloc.as_deref();
        }
        const ARTICLES: &[&str] = &["the ", "The ", "a ", "an "];
        const NOUNS: &[&str] = &[" fighters", " militants", " forces", " troops", " units", " soldiers", " members"];
        let mut n = name.trim();
        n = ARTICLES.iter().find_map(|a| n.strip_prefix(a)).unwrap_or(n);
        // "Russian airstrikes", "Turkish artillery": a demonym before a weapon or a force.
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
                return self.list[i].bloc.as_deref();
            }
        }
        n = NOUNS.iter().find_map(|s| n.strip_suffix(s)).unwrap_or(n);
        if n == name.trim() {
            return None;
        }
        self.lookup(n)?.bloc.as_deref()
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
                let Some(a) = self.lookup(&phrase) else { continue };
                // One-word acronyms must be written in capitals: "is" is not "IS".
                if len == 1 && phrase.len() <= 4 && phrase != phrase.to_uppercase() {
                    continue;
                }
                if let Some(b) = a.bloc.as_deref() {
                    out.push(b);
                }
                matched = len;
                break;
            }
            start += matched.max(1);
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
        let a = Actors::from_toml(include_str!("../../../data/actors/syria.toml")).unwrap();
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

    #[test]
    fn a_bad_file_is_an_error() {
        assert!(Actors::from_toml("[[actor]]\nname = 3").is_err());
    }
}
