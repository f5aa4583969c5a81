//! Conflict records from the real seed articles, in each of their renderings.

use annals_extract::conflict::record;
use annals_model::conflict::{Commander, ConflictRecord};
use annals_read::{read_bytes, Hint, ReadOptions};
use std::path::PathBuf;

fn seed(name: &str) -> ConflictRecord {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds").join(name);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let parsed = read_bytes(&bytes, &Hint::default(), &ReadOptions::default());
    record(&parsed.document).unwrap_or_else(|| panic!("{name}: no conflict record"))
}

fn names(cs: &[Commander]) -> Vec<(&str, Option<&str>, bool)> {
    cs.iter().map(|c| (c.name.as_str(), c.role.as_deref(), c.killed)).collect()
}

#[test]
fn three_sides_with_supporters_commanders_and_units() {
    let r = seed("000_bae0d4d6eaaf3b50.txt");
    assert_eq!(r.sides.len(), 3);
    assert_eq!(
        r.sides[1].belligerents,
        ["Free Syrian Army", "Islamic Front", "Authenticity and Development Front", "Al-Nusra Front"]
    );
    assert_eq!(r.sides[1].supported_by, ["al-Okaidat clan"]);
    assert_eq!(r.sides[2].belligerents, ["Islamic State of Iraq and the Levant"]);
    assert_eq!(r.sides[2].supported_by, ["al-Bakkir clan", "al-Okaidat clan"]);
    let c0 = names(&r.sides[0].commanders);
    assert_eq!(c0[0], ("Issam Zahreddine", Some("Republican Guard Brigade 104 commander"), false));
    assert_eq!(c0[1], ("Jameh Jameh", Some("Head of Deir ez-Zor Military Intelligence"), true));
    assert_eq!(r.sides[0].commanders[0].rank.as_deref(), Some("Maj. Gen."));
    let c1 = names(&r.sides[1].commanders);
    assert_eq!(c1[1], ("Fares Bayoush", None, false), "an empty () is no role");
    assert_eq!(c1[2], ("Hussein Abu Sultan \"Abu Ghanam\"", None, true));
    // "Units1: See Units" points to the article's Units section: its tree per side.
    let gov = &r.sides[0].units;
    assert_eq!(gov[0].name, "Syrian Armed Forces");
    assert_eq!(gov[0].children[0].name, "Syrian Army");
    assert_eq!(gov[0].children[0].children[0].children[0].name, "104 Mechanized Brigade");
    assert_eq!(r.sides[1].units[0].name, "Free Syrian Army");
    assert_eq!(r.sides[2].units[0].name, "Military of ISIL");
    assert_eq!(r.part_of, ["Deir ez-Zor Governorate campaign", "Syrian civil war"]);
}

#[test]
fn markdown_commanders_roles_on_the_next_line_and_flags() {
    let r = seed("001_13150c2d397b465a.txt");
    let c = names(&r.sides[0].commanders);
    assert_eq!(c[2], ("Valery Asapov", Some("Syrian 5th Corps"), false));
    assert_eq!(c[3], ("Ghassan Iskander Tarraf", Some("Republican Guard"), false));
    assert_eq!(r.sides[0].commanders[2].flag.as_deref(), Some("Russia"));
    assert!(r.sides[1].commanders.is_empty(), "\"Unknown\" names nobody");
    assert!(r.sides[0].belligerents.contains(&"Iran".to_string()), "{:?}", r.sides[0].belligerents);
    assert!(r.sides[0].belligerents.contains(&"Liwa Fatemiyoun".to_string()));
    assert!(!r.sides[0].belligerents.iter().any(|b| b.contains("militias")), "{:?}", r.sides[0].belligerents);
    assert_eq!(r.part_of, ["Battle of Deir ez-Zor", "Eastern Syria campaign", "Syrian civil war"]);
}

#[test]
fn missing_combatant_row_and_a_third_casualty_row() {
    let r = seed("002_8644fcd61cae8fbf.txt");
    assert_eq!(r.sides.len(), 2, "commander1 makes a side though combatant1 is missing");
    assert!(r.sides[0].belligerents.is_empty());
    assert_eq!(r.sides[0].commanders[0].name, "Abu Bakr al-Baghdadi");
    let r = seed("004_76bcc1bceb32912f.txt");
    let c = names(&r.sides[0].commanders);
    assert_eq!(c[2], ("Abu Hamza Al-Ansari", Some("ISIL Deir ez-Zor emir"), true));
    assert_eq!(c[3], ("Abu Hadhefah Al-Maghrabi", Some("ISIL field commander"), true));
    let c = names(&r.sides[1].commanders);
    assert_eq!(c[4], ("Yasar Ali", None, true));
    assert_eq!(r.territory.as_deref().map(|t| t.starts_with("ISIL captures")), Some(true));
}

#[test]
fn pipe_table_commanders_with_dagger_marks() {
    let r = seed("003_0100bfe34d1bbbb8.txt");
    let c = names(&r.sides[0].commanders);
    assert_eq!(c[5], ("Adnan Bakour", Some("Al-Tawhid Brigade leader"), true));
    assert_eq!(r.result.as_deref(), Some("Decisive ISIS victory"));
}
