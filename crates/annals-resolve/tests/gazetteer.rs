//! The gazetteer against the place names of the shared gold annotations: every spelling of a
//! named place resolves, and spellings the corpus never uses find their place.

use annals_resolve::Gazetteer;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn gold() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/gold");
    assert!(p.is_dir(), "the shared gold is missing: expected it at {}", p.display());
    p
}

/// Every list of accepted spellings of a place in the gold: event locations and control places.
fn gold_place_lists() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(gold().join("events")).unwrap() {
        lines.extend(std::fs::read_to_string(entry.unwrap().path()).unwrap().lines().map(str::to_string));
    }
    lines.extend(std::fs::read_to_string(gold().join("control.jsonl")).unwrap().lines().map(str::to_string));
    for line in lines.iter().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let list = v.get("location").filter(|l| l.is_array()).or_else(|| v.get("place")).and_then(|l| l.as_array());
        if let Some(list) = list {
            out.push(list.iter().filter_map(|s| s.as_str().map(str::to_string)).collect());
        }
    }
    out
}

/// Gold spellings that describe a place rather than name it ("military base near Abu Kamal",
/// "eastern Syria"): the gazetteer has no entry for them, and the lists they are in also name
/// the place they lie in.
const DESCRIPTIONS: &[&str] = &[
    "Army base",
    "Syrian-Iraqi border",
    "Syrian-Iraqi border crossings",
    "Syria-Iraq border",
    "air defense facility",
    "army weapons depot",
    "cemetery",
    "eastern Syria",
    "government intelligence complex",
    "head security compound",
    "heights overlooking Deir ez-Zor",
    "military airport",
    "military base near Abu Kamal",
    "military hospital",
    "missile base",
    "missiles battalion northeast of the airport",
    "mountain overlooking the city",
    "north of the Euphrates",
    "oil field",
    "political police building",
    "provincial capital",
    "weapons depot",
    "western bank fisheries",
    "fisheries on Sakr Island",
    "Baath Party headquarters",
    "city stadium",
    "suspension bridge",
];

#[test]
fn every_gold_spelling_of_a_named_place_resolves() {
    let g = Gazetteer::builtin();
    let mut misses = BTreeSet::new();
    for list in gold_place_lists() {
        // Each list names at least one place the gazetteer knows…
        assert!(list.iter().any(|s| g.resolve(s).is_some()), "nothing of {list:?} resolves");
        // …and every spelling that names a place resolves.
        for s in &list {
            if g.resolve(s).is_none() && !DESCRIPTIONS.contains(&s.as_str()) {
                misses.insert(s.clone());
            }
        }
    }
    assert!(misses.is_empty(), "gold spellings that do not resolve: {misses:?}");
}

#[test]
fn spellings_the_corpus_never_uses_find_their_place() {
    let g = Gazetteer::builtin();
    let cases = [
        ("Al-Bukamal", "Abu Kamal"),
        ("Albu Kamal", "Abu Kamal"),
        ("Mayadeen", "Mayadin"),
        ("al-Mayadeen", "Mayadin"),
        ("Al-Baghayliyah", "Al-Baghiliyah"),
        ("Al-Bughayliyah", "Al-Baghiliyah"),
        ("Dayr az-Zawr", "Deir ez-Zor"),
        ("Deir Ezzour", "Deir ez-Zor"),
        ("Raqqa province", "Raqqa Governorate"),
        ("Huweiqa", "Hawiqa"),
    ];
    for (spelling, want) in cases {
        let r = g.resolve(spelling).unwrap_or_else(|| panic!("{spelling} does not resolve"));
        assert_eq!(g.place(r.id).name, want, "{spelling}");
    }
    // A name that is no place stays unresolved rather than guessed.
    for nothing in ["Qzxwv", "the city", "rebels", "Islamic State"] {
        assert!(
            g.resolve(nothing).is_none(),
            "{nothing} resolved to {:?}",
            g.resolve(nothing).map(|r| g.place(r.id).name.clone())
        );
    }
}
