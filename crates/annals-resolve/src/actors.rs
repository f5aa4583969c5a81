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

    pub fn bloc_of(&self, name: &str) -> Option<&str> {
        self.lookup(name)?.bloc.as_deref()
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
    fn builtin_file_parses_and_looks_up_loosely() {
        let a = Actors::from_toml(include_str!("../../../data/actors/syria.toml")).unwrap();
        assert!(a.list.len() > 40);
        assert_eq!(a.bloc_of("ISIS"), Some("isil"));
        assert_eq!(a.bloc_of("jabhat al nusra"), Some("opposition"));
        assert_eq!(a.lookup("Syrian Army").map(|x| x.name.as_str()), Some("Syrian Arab Army"));
        assert_eq!(a.bloc_of("Nobody in particular"), None);
    }

    #[test]
    fn a_bad_file_is_an_error() {
        assert!(Actors::from_toml("[[actor]]\nname = 3").is_err());
    }
}
