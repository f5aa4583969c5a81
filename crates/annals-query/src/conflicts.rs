//! Conflicts: the records of every document merged over the documents about the same conflict.

use crate::{QueryError, Result};
use annals_resolve::{name_key, Conflict, Theatres};
use annals_store::Store;
use std::collections::HashMap;

/// Something of each document's conflict, by document: every document of a merged conflict
/// shares it.
pub struct PerDocument<T>(HashMap<String, Vec<T>>);

impl<T: Clone> PerDocument<T> {
    pub fn of(conflicts: &[Conflict], of: impl Fn(&Conflict) -> Vec<T>) -> PerDocument<T> {
        let mut map = HashMap::new();
        for c in conflicts {
            let value = of(c);
            for d in &c.documents {
                map.insert(d.clone(), value.clone());
            }
        }
        PerDocument(map)
    }

    /// What a document's conflict has; nothing for a document without one.
    pub fn of_document(&self, document: &str) -> &[T] {
        self.0.get(document).map_or(&[], Vec::as_slice)
    }
}

/// Every conflict in the database, merged, each read with its theatre.
pub fn load(store: &Store, theatres: &Theatres) -> Result<Vec<Conflict>> {
    Ok(annals_resolve::merge(store.records()?, theatres))
}

/// The conflict with this title (compared loosely), or the only one whose title contains it.
pub fn find<'a>(conflicts: &'a [Conflict], title: &str) -> Result<&'a Conflict> {
    let key = name_key(title);
    if let Some(c) = conflicts.iter().find(|c| name_key(&c.title) == key) {
        return Ok(c);
    }
    let lower = title.to_lowercase();
    let hits: Vec<&Conflict> = conflicts.iter().filter(|c| c.title.to_lowercase().contains(&lower)).collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(QueryError::NoConflict(title.to_string())),
        many => {
            let titles: Vec<&str> = many.iter().take(10).map(|c| c.title.as_str()).collect();
            Err(QueryError::ManyConflicts { query: title.to_string(), count: many.len(), titles: titles.join("; ") })
        }
    }
}

/// A conflict's id in URLs: its title's letters and digits in lower case, words joined by `-`
/// ("Deir ez-Zor offensive (April–July 2014)" is `deir-ez-zor-offensive-april-july-2014`).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The conflict with this id ([`slug`]), or else as [`find`] finds one by title.
pub fn find_by_id<'a>(conflicts: &'a [Conflict], id: &str) -> Result<&'a Conflict> {
    match conflicts.iter().find(|c| slug(&c.title) == id) {
        Some(c) => Ok(c),
        None => find(conflicts, id),
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_letters_and_digits_of_any_script() {
        assert_eq!(slug("Deir ez-Zor offensive (April–July 2014)"), "deir-ez-zor-offensive-april-july-2014");
        assert_eq!(slug("Siege of Deir ez-Zor (2014–2017)"), "siege-of-deir-ez-zor-2014-2017");
        assert_eq!(slug("Bataille d'Alep"), "bataille-d-alep");
        assert_eq!(slug("معركة دير الزور"), "معركة-دير-الزور");
        assert_eq!(slug(" – "), "");
    }
}
