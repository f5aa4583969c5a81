//! A conflict record from an article without an infobox: its title and its lead, as far as they
//! state it, and marked as inferred from the lead ([`Basis::Lead`]).
//!
//! - Dates: the title's ("Aleppo offensive (October–November 2016)", "October 2016 Idlib
//!   Governorate clashes", "2016–19 West Libya clashes").
//! - Place: the title without its dates and its kind of happening ("Idlib Governorate").
//! - Sides: the lead's first sentence that opposes two parties, in the forms articles use:
//!   "between X and Y", "launched … by X … against Y", "X launched … against Y", "fought by X
//!   against Y"; "supported by Z" after a party gives its supporters. A party is the name a
//!   description ends with ("the Salafist jihadist group Jund al-Aqsa" is Jund al-Aqsa), without
//!   a place after it ("rebel forces in Syria") or "and its allies".
//!
//! Nothing is invented: a lead that opposes no two parties gives no record.

use crate::dates;
use annals_model::conflict::{Basis, ConflictRecord, PartialDate, Side};
use annals_model::Document;

/// The record the title and lead of a document state, or `None` when the lead opposes no two
/// parties.
pub fn record(doc: &Document) -> Option<ConflictRecord> {
    if !names_a_happening(&doc.title) {
        return None;
    }
    let lead = lead_text(doc)?;
    let sides = crate::sentences::split(lead).into_iter().take(3).find_map(|r| sides(lead.get(r)?))?;
    let (start, end) = title_dates(&doc.title).unzip();
    // A title dated by one month or year ("October 2016 … clashes") says the conflict began and
    // ended within it.
    let end = end.flatten().or(start);
    Some(ConflictRecord {
        title: doc.title.clone(),
        start,
        end,
        place: title_place(&doc.title),
        sides,
        basis: Basis::Lead,
        ..ConflictRecord::default()
    })
}

/// Whether a title names a happening of war ("Battle of X", "X offensive", "October 2016 X
/// clashes", "War in X"), not a topic about one ("Foreign involvement in the X war", "List of …",
/// "Proxy war" is a kind, but its lead names no parties).
fn names_a_happening(title: &str) -> bool {
    const HAPPENINGS: &[&str] = &[
        "battle",
        "battles",
        "siege",
        "offensive",
        "counteroffensive",
        "counter-offensive",
        "clashes",
        "war",
        "campaign",
        "operation",
        "insurgency",
        "uprising",
        "massacre",
        "attack",
        "attacks",
        "bombing",
        "raid",
        "invasion",
        "intervention",
        "conflict",
        "fighting",
        "skirmish",
        "skirmishes",
        "revolt",
        "rebellion",
        "crisis",
        "assault",
        "airstrike",
        "airstrikes",
        "shelling",
        "ambush",
        "coup",
    ];
    let base = title.split('(').next().unwrap_or(title);
    let lower = base.to_lowercase();
    // The head is before the first preposition: "Battle of Aleppo", "Foreign involvement in …".
    let head = [" of ", " in ", " against ", " during ", " for ", " at ", " on "]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()
        .map_or(lower.as_str(), |i| &lower[..i]);
    let words: Vec<&str> = head.split_whitespace().collect();
    let is = |w: Option<&&str>| w.is_some_and(|w| HAPPENINGS.contains(w));
    is(words.last()) || (words.len() == 1 && is(words.first()))
}

/// The first paragraph of the body, before any heading.
fn lead_text(doc: &Document) -> Option<&str> {
    let (_, span) = doc.prose_blocks().into_iter().find(|(path, _)| path.is_empty())?;
    Some(doc.slice(span))
}

/// The dates a title gives: "(October–November 2016)", "October 2016 …", "2016–19 …".
fn title_dates(title: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    if let Some(open) = title.rfind('(') {
        let inner = title[open + 1..].trim_end_matches(')');
        if let Some(r) = dates::parse_range(inner) {
            return Some(r);
        }
    }
    // A leading date: as many words as read as one ("October 2016", "2016–19").
    let words: Vec<&str> = title.split_whitespace().collect();
    (1..=words.len().min(4)).rev().find_map(|n| {
        let head = words[..n].join(" ");
        let r = dates::parse_range(&head)?;
        // "2016–19": a two-digit end year is the century's.
        Some(match (r.1, head.split(['–', '-']).nth(1)) {
            (None, Some(tail)) if tail.len() == 2 && tail.chars().all(|c| c.is_ascii_digit()) => {
                let end = r.0.year / 100 * 100 + tail.parse::<i32>().ok()?;
                (r.0, Some(PartialDate::year(end)))
            }
            _ => r,
        })
    })
}

/// The title without its dates and the kind of happening: "October 2016 Idlib Governorate
/// clashes" is at "Idlib Governorate".
fn title_place(title: &str) -> Option<String> {
    const KINDS: &[&str] = &[
        "clashes",
        "offensive",
        "battle",
        "siege",
        "campaign",
        "conflict",
        "war",
        "operation",
        "massacre",
        "insurgency",
        "crisis",
        "uprising",
        "attack",
        "attacks",
        "bombing",
        "airstrike",
        "fighting",
        "of",
        "the",
    ];
    let base = title.split('(').next().unwrap_or(title);
    let words: Vec<&str> = base
        .split_whitespace()
        .filter(|w| dates::parse_range(w).is_none() && dates::parse_date(w).is_none())
        .filter(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .filter(|w| !KINDS.contains(&w.to_lowercase().as_str()))
        .filter(|w| !is_month(w))
        .collect();
    let place = words.join(" ");
    (!place.is_empty() && place.chars().next().is_some_and(char::is_uppercase)).then_some(place)
}

/// A month's name, or a range of them ("October–November").
fn is_month(w: &str) -> bool {
    w.split(['–', '-']).all(|p| dates::month_number(p).is_some())
}

/// The two sides a sentence about fighting opposes, with the supporters it names.
fn sides(sentence: &str) -> Option<Vec<Side>> {
    const FIGHTING: &[&str] = &[
        "clashes",
        "confrontations",
        "confrontation",
        "fighting",
        "offensive",
        "operation",
        "war",
        "battle",
        "conflict",
        "attack",
        "campaign",
        "insurgency",
        "siege",
        "assault",
        "fought",
    ];
    if !FIGHTING.iter().any(|w| find_word(sentence, w).is_some()) {
        return None;
    }
    let (a, b) = between(sentence).or_else(|| by_against(sentence)).or_else(|| subject_against(sentence))?;
    let side = |phrase: &str| {
        let (names, support) = match find_word(phrase, "supported by") {
            Some(i) => (&phrase[..i], Some(&phrase[i + "supported by".len()..])),
            None => (phrase, None),
        };
        let name = party(names)?;
        Some(Side {
            belligerents: vec![name],
            supported_by: support.and_then(party).into_iter().collect(),
            ..Side::default()
        })
    };
    Some(vec![side(a)?, side(b)?])
}

/// "… between X and Y …": X and Y.
fn between(s: &str) -> Option<(&str, &str)> {
    let i = find_word(s, "between")?;
    let rest = &s[i + "between".len()..];
    let and = find_word(rest, "and")?;
    Some((&rest[..and], &rest[and + 3..]))
}

/// "… by X, against Y": X and Y.
fn by_against(s: &str) -> Option<(&str, &str)> {
    let against = find_word(s, "against")?;
    let by = s[..against].rfind(" by ")?;
    Some((&s[by + 4..against], &s[against + "against".len()..]))
}

/// "X launched … against Y": X and Y.
fn subject_against(s: &str) -> Option<(&str, &str)> {
    let against = find_word(s, "against")?;
    let verb = ["launched", "began", "started", "attacked", "waged"]
        .iter()
        .filter_map(|v| find_word(&s[..against], v))
        .min()?;
    Some((&s[..verb], &s[against + "against".len()..]))
}

/// Where a word starts in `s`, at word edges, case-insensitively.
fn find_word(s: &str, word: &str) -> Option<usize> {
    let lower = s.to_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(word).map(|i| i + from) {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(i);
        }
        from = i + word.len();
    }
    None
}

/// The party a phrase names: the phrase up to the end of its clause, without a place after it
/// ("in Syria"), "and its allies", or the description before a name ("the Salafist jihadist group
/// Jund al-Aqsa").
fn party(phrase: &str) -> Option<String> {
    let mut p = phrase.trim();
    // The clause ends at a comma, a semicolon or a bracket.
    if let Some(end) = p.find([',', ';', '(', '[', '.']) {
        p = &p[..end];
    }
    for cut in [
        " and its allies",
        " and their allies",
        " in ",
        " on ",
        " at ",
        " from ",
        " near ",
        " which ",
        " who ",
        " that ",
    ] {
        if let Some(i) = p.find(cut) {
            p = &p[..i];
        }
    }
    // A description ends with a common noun; the name follows it.
    const NOUNS: &[&str] = &["group", "groups", "faction", "organization", "organisation", "militia", "coalition"];
    let mut words: Vec<&str> = p.split_whitespace().collect();
    if let Some(k) = words.iter().rposition(|w| NOUNS.contains(&w.to_lowercase().as_str())) {
        if k + 1 < words.len() {
            words.drain(..=k);
        }
    }
    let p = words.join(" ");
    let p = p.as_str();
    let p = p.strip_prefix("the ").or_else(|| p.strip_prefix("The ")).unwrap_or(p).trim();
    // A party is named ("Jund al-Aqsa") or is a body of armed men ("rebel forces"); "two
    // belligerents" or "the country" is no party.
    const ARMED: &[&str] = &[
        "forces",
        "force",
        "rebels",
        "troops",
        "army",
        "armies",
        "militants",
        "fighters",
        "militias",
        "militia",
        "groups",
        "group",
        "insurgents",
        "soldiers",
        "government",
        "regime",
        "opposition",
    ];
    let named = p.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_uppercase));
    let armed = p.split_whitespace().last().is_some_and(|w| ARMED.contains(&w.to_lowercase().as_str()));
    let ok = !p.is_empty() && p.split_whitespace().count() <= 8 && (named || armed);
    ok.then(|| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use annals_model::{DocBuilder, Format};

    fn doc(title: &str, lead: &str) -> Document {
        let mut b = DocBuilder::new(Format::Plaintext);
        b.title(title);
        b.paragraph(lead);
        b.finish()
    }

    #[test]
    fn sides_between_two_named_groups() {
        let d = doc(
            "May 2031 Northern Province clashes",
            "The clashes are fighting between the radical group Alpha Front and the moderate rebel group the Beta Movement, supported by several other groups.",
        );
        let r = record(&d).unwrap();
        assert_eq!(r.basis, Basis::Lead);
        assert_eq!(r.sides[0].belligerents, ["Alpha Front"]);
        assert_eq!(r.sides[1].belligerents, ["Beta Movement"]);
        assert_eq!(r.sides[1].supported_by, ["several other groups"]);
        assert_eq!((r.start, r.end), (Some(PartialDate::month(2031, 5)), Some(PartialDate::month(2031, 5))));
        assert_eq!(r.place.as_deref(), Some("Northern Province"));
    }

    #[test]
    fn sides_of_an_offensive_launched_by_one_against_another() {
        let d = doc(
            "Riverton offensive (March–April 2031)",
            "The offensive was launched near Riverton in March 2031 by rebel forces in Exampleland, against the government forces and its allies.",
        );
        let r = record(&d).unwrap();
        assert_eq!(r.sides[0].belligerents, ["rebel forces"]);
        assert_eq!(r.sides[1].belligerents, ["government forces"]);
        assert_eq!((r.start, r.end), (Some(PartialDate::month(2031, 3)), Some(PartialDate::month(2031, 4))));
    }

    #[test]
    fn a_lead_that_opposes_no_one_gives_no_record() {
        assert!(record(&doc("Riverton", "Riverton is a town on a river.")).is_none());
    }

    #[test]
    fn a_topic_or_a_kind_of_war_is_no_conflict() {
        let lead = "A proxy war is an armed conflict between two belligerents and their backers.";
        assert!(record(&doc("Proxy war", lead)).is_none());
        let lead = "Foreign involvement in the war has been fighting between Alpha Front and Beta Movement.";
        assert!(record(&doc("Foreign involvement in the Example war", lead)).is_none());
        assert!(names_a_happening("Battle of Riverton"));
        assert!(names_a_happening("War in Exampleland (2013–2017)"));
        assert!(!names_a_happening("List of aviation shootdowns in the Example war"));
    }

    #[test]
    fn a_two_digit_end_year_is_the_centurys() {
        assert_eq!(
            title_dates("2016–19 West Example clashes"),
            Some((PartialDate::year(2016), Some(PartialDate::year(2019))))
        );
    }
}
