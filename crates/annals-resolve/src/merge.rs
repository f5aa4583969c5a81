//! Merging the conflict records of several documents into conflicts.
//!
//! Records are grouped by a loose key of their title. Within a group the records are taken in
//! document-name order; the first gives the side order. Every later record's sides are aligned to
//! the sides so far by what they share — belligerents (also when one names several run together),
//! commanders, commanders' roles, claims — and the best-scoring pairs are merged. A side that
//! matches none becomes a new side.

use crate::actors::Actors;
use crate::names::{name_key, same_name, split_known};
use crate::people::People;
use crate::theatre::{Theatre, TheatreRef, Theatres};
use annals_model::conflict::{Basis, Claim, Commander, ConflictRecord, PartialDate, Side, Unit};
use serde::Serialize;

/// A value and the documents that assert it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Asserted<T> {
    pub value: T,
    pub documents: Vec<String>,
}

impl<T> Asserted<T> {
    fn new(value: T, document: &str) -> Self {
        Asserted { value, documents: vec![document.to_string()] }
    }

    fn also(&mut self, document: &str) {
        if !self.documents.iter().any(|d| d == document) {
            self.documents.push(document.to_string());
        }
    }
}

/// A commander, with the other spellings documents give for the same person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MergedCommander {
    pub commander: Commander,
    pub other_names: Vec<String>,
    pub documents: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MergedSide {
    pub belligerents: Vec<Asserted<String>>,
    pub supported_by: Vec<Asserted<String>>,
    pub commanders: Vec<MergedCommander>,
    pub units: Vec<Unit>,
    pub strength: Vec<Asserted<Claim>>,
    pub casualties: Vec<Asserted<Claim>>,
    pub bloc: Option<String>,
}

/// Documents that say different things about the same value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// What the value is: "result", "side 2 commander", "side 1 casualties", ...
    pub field: String,
    pub values: Vec<Asserted<String>>,
}

/// One conflict, merged over every document about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub title: String,
    pub documents: Vec<String>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub date_text: Option<String>,
    pub place: Option<String>,
    pub part_of: Vec<Asserted<String>>,
    pub result: Option<String>,
    pub status: Option<String>,
    pub territory: Option<String>,
    pub notes: Option<String>,
    pub sides: Vec<MergedSide>,
    pub other_casualties: Vec<Asserted<Claim>>,
    pub disagreements: Vec<Disagreement>,
    /// The theatre the conflict is read with: the one its records point to, or its own sides'.
    pub theatre: TheatreRef,
    /// Latitude and longitude from the first record that gives them (the infobox's `{{coord}}`).
    pub coordinates: Option<(f64, f64)>,
    /// What the records were read from: `Lead` only when no document had an infobox.
    pub basis: Basis,
}

/// Merges records (each with the name of its document) into conflicts, in order of title. Each
/// conflict is read with the theatre its first record points to ([`Theatres::for_record`]).
pub fn merge(mut records: Vec<(String, ConflictRecord)>, theatres: &Theatres) -> Vec<Conflict> {
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(String, Vec<(String, ConflictRecord)>)> = Vec::new();
    for (doc, rec) in records {
        let key = name_key(&rec.title);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push((doc, rec)),
            None => groups.push((key, vec![(doc, rec)])),
        }
    }
    let mut out: Vec<Conflict> = groups.into_iter().map(|(_, g)| merge_group(g, theatres)).collect();
    out.sort_by(|a, b| a.title.cmp(&b.title));
    out
}

fn merge_group(group: Vec<(String, ConflictRecord)>, theatres: &Theatres) -> Conflict {
    let theatre = TheatreRef(theatres.for_record(group.first().map(|(_, r)| r)));
    let mut c = Conflict {
        title: String::new(),
        documents: Vec::new(),
        start: None,
        end: None,
        date_text: None,
        place: None,
        part_of: Vec::new(),
        result: None,
        status: None,
        territory: None,
        notes: None,
        sides: Vec::new(),
        other_casualties: Vec::new(),
        disagreements: Vec::new(),
        theatre: theatre.clone(),
        coordinates: None,
        basis: Basis::Lead,
    };
    let mut scalars: Vec<(&str, Vec<Asserted<String>>)> =
        ["title", "start", "end", "place", "result", "status", "territory"].iter().map(|k| (*k, Vec::new())).collect();
    for (doc, rec) in &group {
        c.documents.push(doc.clone());
        let values = [
            Some(rec.title.clone()),
            rec.start.map(|d| d.iso()),
            rec.end.map(|d| d.iso()),
            rec.place.clone(),
            rec.result.clone(),
            rec.status.clone(),
            rec.territory.clone(),
        ];
        for ((_, seen), v) in scalars.iter_mut().zip(values) {
            if let Some(v) = v {
                note_value(seen, &v, doc);
            }
        }
        if c.start.is_none() {
            c.start = rec.start;
        }
        if c.end.is_none() {
            c.end = rec.end;
        }
        c.date_text = c.date_text.take().or_else(|| rec.date_text.clone());
        c.coordinates = c.coordinates.or(rec.coordinates);
        if rec.basis == Basis::Infobox {
            c.basis = Basis::Infobox;
        }
        c.notes = c.notes.take().or_else(|| rec.notes.clone());
        for p in &rec.part_of {
            match c.part_of.iter_mut().find(|a| same_name(&a.value, p)) {
                Some(a) => a.also(doc),
                None => c.part_of.push(Asserted::new(p.clone(), doc)),
            }
        }
        merge_claims(&mut c.other_casualties, &rec.other_casualties, doc);
        merge_sides(&mut c, &rec.sides, doc, &theatre);
    }
    if c.documents.len() > 1 {
        partial_assertions(&mut c);
    }
    for (field, seen) in scalars {
        let first = seen.first().map(|a| a.value.clone());
        match field {
            "title" => c.title = first.unwrap_or_default(),
            "place" => c.place = first,
            "result" => c.result = first,
            "status" => c.status = first,
            "territory" => c.territory = first,
            _ => {}
        }
        if seen.len() > 1 {
            c.disagreements.push(Disagreement { field: field.to_string(), values: seen });
        }
    }
    c
}

/// Lists, per side, the belligerents, commanders and figures that some documents about the side
/// give and others leave out: where one revision lacks a combatant row or a casualty figure.
fn partial_assertions(c: &mut Conflict) {
    for (i, side) in c.sides.iter().enumerate() {
        let mut docs: Vec<&String> = side
            .belligerents
            .iter()
            .flat_map(|a| &a.documents)
            .chain(side.commanders.iter().flat_map(|m| &m.documents))
            .chain(side.casualties.iter().flat_map(|a| &a.documents))
            .chain(side.strength.iter().flat_map(|a| &a.documents))
            .collect();
        docs.sort();
        docs.dedup();
        if docs.len() < 2 {
            continue;
        }
        let partial = |documents: &[String]| documents.len() < docs.len();
        let mut lists: Vec<(&str, Vec<Asserted<String>>)> = vec![
            ("belligerents", side.belligerents.iter().filter(|a| partial(&a.documents)).cloned().collect()),
            (
                "commanders",
                side.commanders
                    .iter()
                    .filter(|m| partial(&m.documents))
                    .map(|m| Asserted { value: m.commander.name.clone(), documents: m.documents.clone() })
                    .collect(),
            ),
        ];
        for (name, claims) in [("strength", &side.strength), ("casualties", &side.casualties)] {
            lists.push((
                name,
                claims
                    .iter()
                    .filter(|a| partial(&a.documents))
                    .map(|a| Asserted { value: a.value.text.clone(), documents: a.documents.clone() })
                    .collect(),
            ));
        }
        for (name, values) in lists {
            if !values.is_empty() {
                c.disagreements
                    .push(Disagreement { field: format!("side {} {name} not in every document", i + 1), values });
            }
        }
    }
}

/// Records `value` as asserted by `doc`, grouping values that differ only in spacing and case.
fn note_value(seen: &mut Vec<Asserted<String>>, value: &str, doc: &str) {
    let key = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    match seen.iter_mut().find(|a| key(&a.value) == key(value)) {
        Some(a) => a.also(doc),
        None => seen.push(Asserted::new(value.to_string(), doc)),
    }
}

fn merge_sides(c: &mut Conflict, sides: &[Side], doc: &str, theatre: &Theatre) {
    if c.sides.is_empty() {
        c.sides = sides.iter().map(|s| side_from(s, doc, theatre)).collect();
        return;
    }
    // Score every pair, then take pairs best first, each side once.
    let mut pairs: Vec<(u32, usize, usize)> = Vec::new();
    for (j, s) in sides.iter().enumerate() {
        for (i, m) in c.sides.iter().enumerate() {
            let score = affinity(m, s, theatre);
            if score > 0 {
                pairs.push((score, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut target: Vec<Option<usize>> = vec![None; sides.len()];
    let mut taken = vec![false; c.sides.len()];
    for (_, i, j) in pairs {
        if target[j].is_none() && !taken[i] {
            target[j] = Some(i);
            taken[i] = true;
        }
    }
    for (j, s) in sides.iter().enumerate() {
        match target[j] {
            Some(i) => {
                let n = i + 1;
                merge_side(&mut c.sides[i], s, doc, n, &mut c.disagreements, theatre);
            }
            None if !s.is_empty() => c.sides.push(side_from(s, doc, theatre)),
            None => {}
        }
    }
}

fn side_from(s: &Side, doc: &str, theatre: &Theatre) -> MergedSide {
    let mut m = MergedSide { units: s.units.clone(), bloc: s.bloc.clone(), ..MergedSide::default() };
    let mut ignored = Vec::new();
    merge_side(&mut m, s, doc, 0, &mut ignored, theatre);
    m
}

/// How much a merged side and a record's side have in common.
fn affinity(m: &MergedSide, s: &Side, theatre: &Theatre) -> u32 {
    let mut score = 0;
    for b in &s.belligerents {
        let kb = name_key(b);
        if kb.len() < 3 {
            continue;
        }
        for a in &m.belligerents {
            let ka = name_key(&a.value);
            if ka.len() >= 3 && (ka == kb || kb.contains(&ka) || ka.contains(&kb)) {
                score += 4;
            }
        }
    }
    for c in &s.commanders {
        if m.commanders.iter().any(|mc| same_person(&mc.commander, c, &theatre.people)) {
            score += 3;
        }
    }
    for a in &s.casualties {
        if m.casualties.iter().any(|b| same_figure(&b.value, a)) {
            score += 1;
        }
    }
    let actors = &theatre.actors;
    let theirs = s.bloc.clone().or_else(|| {
        side_bloc(
            s.belligerents.iter().map(String::as_str),
            s.commanders.iter().filter_map(|c| c.role.as_deref()),
            actors,
        )
    });
    let ours = m.bloc.clone().or_else(|| merged_side_bloc(m, actors));
    if let (Some(a), Some(b)) = (ours, theirs) {
        if a == b {
            score += 2;
        }
    }
    score
}

/// A side's alignment: the bloc most of its belligerents belong to, or, for a side whose
/// combatant row is missing, the bloc of the actors its commanders' roles name ("Leader of
/// ISIL").
fn side_bloc<'a>(
    belligerents: impl Iterator<Item = &'a str>,
    roles: impl Iterator<Item = &'a str>,
    actors: &Actors,
) -> Option<String> {
    majority(belligerents.filter_map(|n| actors.bloc_of(n)))
        .or_else(|| majority(roles.flat_map(|r| actors.blocs_named_in(r))))
}

fn merged_side_bloc(m: &MergedSide, actors: &Actors) -> Option<String> {
    side_bloc(
        m.belligerents.iter().map(|a| a.value.as_str()),
        m.commanders.iter().filter_map(|c| c.commander.role.as_deref()),
        actors,
    )
}

fn majority<'a>(blocs: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut votes: Vec<(&str, usize)> = Vec::new();
    for b in blocs {
        match votes.iter_mut().find(|(x, _)| *x == b) {
            Some((_, v)) => *v += 1,
            None => votes.push((b, 1)),
        }
    }
    // The first bloc to reach the highest count wins ties, so the result follows source order.
    let best = votes.iter().map(|(_, v)| *v).max()?;
    votes.iter().find(|(_, v)| *v == best).map(|(b, _)| b.to_string())
}

/// The same person: the same name (loosely), or the same role on the same side with the same
/// last name or no name in common at all (a later revision renaming a commander, as in
/// "Ahmed al-Sharaa" for "Abu Mohammad al-Julani", both "al-Nusra Front leader").
fn same_person(a: &Commander, b: &Commander, people: &People) -> bool {
    if same_name(&a.name, &b.name) {
        return true;
    }
    // Another transliteration or another of a person's names ("Abdul-Ilah al-Bashir" and
    // "Abdullah al-Bashir"; a nom de guerre and a real name).
    if let (Some(pa), Some(pb)) = (people.find(&a.name), people.find(&b.name)) {
        return pa.person.name == pb.person.name;
    }
    if crate::name_similarity(&a.name, &b.name) >= crate::SAME_PERSON {
        return true;
    }
    match (&a.role, &b.role) {
        (Some(ra), Some(rb)) => name_key(ra) == name_key(rb) && !name_key(ra).is_empty(),
        _ => false,
    }
}

fn same_figure(a: &Claim, b: &Claim) -> bool {
    a.low == b.low && a.high == b.high && a.category == b.category
}

fn merge_side(
    m: &mut MergedSide,
    s: &Side,
    doc: &str,
    n: usize,
    disagreements: &mut Vec<Disagreement>,
    theatre: &Theatre,
) {
    // A rendering that lost line breaks runs names together; the names other documents gave and
    // the known actors split them apart again.
    let actors = &theatre.actors;
    let mut known: Vec<&str> = m.belligerents.iter().map(|a| a.value.as_str()).collect();
    known.extend(actors.splitting_names());
    let mut names = Vec::new();
    for b in &s.belligerents {
        names.extend(split_known(b, &known));
    }
    for name in names {
        add_name(&mut m.belligerents, &name, doc);
    }
    for b in &s.supported_by {
        add_name(&mut m.supported_by, b, doc);
    }
    for c in &s.commanders {
        // Within one document two commanders are two people even when they share a role; only a
        // commander another document listed can be this one under another name.
        let same = |mc: &MergedCommander| {
            same_name(&mc.commander.name, &c.name)
                || (!mc.documents.iter().any(|d| d == doc) && same_person(&mc.commander, c, &theatre.people))
        };
        match m.commanders.iter_mut().find(|mc| same(mc)) {
            Some(mc) => {
                if !mc.documents.iter().any(|d| d == doc) {
                    mc.documents.push(doc.to_string());
                }
                if !same_name(&mc.commander.name, &c.name) && !mc.other_names.iter().any(|o| same_name(o, &c.name)) {
                    mc.other_names.push(c.name.clone());
                    disagreements.push(Disagreement {
                        field: format!("side {n} commander"),
                        values: vec![
                            Asserted { value: mc.commander.name.clone(), documents: mc.documents[..1].to_vec() },
                            Asserted::new(c.name.clone(), doc),
                        ],
                    });
                }
                if mc.commander.killed != c.killed {
                    disagreements.push(Disagreement {
                        field: format!("side {n} commander {} killed", mc.commander.name),
                        values: vec![
                            Asserted { value: mc.commander.killed.to_string(), documents: mc.documents[..1].to_vec() },
                            Asserted::new(c.killed.to_string(), doc),
                        ],
                    });
                    mc.commander.killed |= c.killed;
                }
                if mc.commander.role.is_none() {
                    mc.commander.role = c.role.clone();
                }
                if mc.commander.flag.is_none() {
                    mc.commander.flag = c.flag.clone();
                }
            }
            None => m.commanders.push(MergedCommander {
                commander: c.clone(),
                other_names: Vec::new(),
                documents: vec![doc.to_string()],
            }),
        }
    }
    for u in &s.units {
        if !m.units.iter().any(|x| same_name(&x.name, &u.name)) {
            m.units.push(u.clone());
        }
    }
    merge_claims(&mut m.strength, &s.strength, doc);
    merge_claims(&mut m.casualties, &s.casualties, doc);
    m.bloc = s.bloc.clone().or_else(|| merged_side_bloc(m, actors));
}

fn add_name(list: &mut Vec<Asserted<String>>, name: &str, doc: &str) {
    match list.iter_mut().find(|a| same_name(&a.value, name)) {
        Some(a) => a.also(doc),
        None => list.push(Asserted::new(name.to_string(), doc)),
    }
}

fn merge_claims(list: &mut Vec<Asserted<Claim>>, claims: &[Claim], doc: &str) {
    for c in claims {
        match list.iter_mut().find(|a| same_figure(&a.value, c) && a.value.source == c.source) {
            Some(a) => a.also(doc),
            None => list.push(Asserted::new(c.clone(), doc)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theatres() -> Theatres {
        Theatres::builtin().expect("the shipped theatres load")
    }
    use annals_model::conflict::{Category, Qualifier};

    fn commander(name: &str, role: Option<&str>, killed: bool) -> Commander {
        Commander { name: name.into(), role: role.map(Into::into), killed, ..Commander::default() }
    }

    fn killed(n: u64) -> Claim {
        Claim {
            text: format!("{n} killed"),
            low: Some(n),
            high: Some(n),
            qualifier: Qualifier::Exact,
            category: Category::Killed,
            who: None,
            source: None,
            period: None,
        }
    }

    /// A side known only by its commanders' roles aligns with the side whose belligerents those
    /// roles name, even with no commander in common.
    #[test]
    fn roles_identify_a_side_without_a_combatant_row() {
        let a = ConflictRecord {
            title: "T".into(),
            part_of: vec!["Syrian civil war".into()],
            sides: vec![
                Side { commanders: vec![commander("Someone", Some("Leader of ISIL"), false)], ..Side::default() },
                Side { belligerents: vec!["Free Syrian Army".into()], ..Side::default() },
            ],
            ..ConflictRecord::default()
        };
        let b = ConflictRecord {
            title: "T".into(),
            part_of: vec!["Syrian civil war".into()],
            sides: vec![
                Side { belligerents: vec!["Al-Nusra Front".into()], ..Side::default() },
                Side { belligerents: vec!["Islamic State".into()], ..Side::default() },
            ],
            ..ConflictRecord::default()
        };
        let c = &merge(vec![("a".into(), a), ("b".into(), b)], &theatres())[0];
        assert_eq!(c.sides.len(), 2);
        assert_eq!(c.sides[0].belligerents[0].value, "Islamic State");
        assert_eq!(c.sides[0].bloc.as_deref(), Some("isil"));
        assert_eq!(c.sides[1].bloc.as_deref(), Some("opposition"));
    }

    /// Revisions spell a commander differently, or give another of the person's names: one
    /// commander with the other spellings kept. Two different people of similar names stay two.
    #[test]
    fn commanders_in_other_transliterations_are_one_person() {
        let record = |names: &[&str]| ConflictRecord {
            title: "Y".into(),
            part_of: vec!["Syrian civil war".into()],
            sides: vec![Side {
                belligerents: vec!["Free Syrian Army".into()],
                commanders: names.iter().map(|n| commander(n, None, false)).collect(),
                ..Side::default()
            }],
            ..ConflictRecord::default()
        };
        let cases: &[(&str, &str, usize)] = &[
            ("Abdul-Ilah al-Bashir", "Abdullah al-Bashir", 1),
            ("Abu Mohammad al-Julani", "Ahmed al-Sharaa", 1),
            ("Abu Mohammad al-Julani", "Abu Mohammad al-Adnani", 2),
        ];
        for (a, b, want) in cases {
            let merged = merge(vec![("a".into(), record(&[a])), ("b".into(), record(&[b]))], &theatres());
            assert_eq!(merged[0].sides[0].commanders.len(), *want, "{a} / {b}");
        }
    }

    /// Two revisions of one article: sides in opposite order, the first revision without a
    /// combatant row for one side (its commanders identify it), names spelled differently.
    /// Regression: two commanders of one document with the same role ("Republican Guard") were
    /// taken for one person and the second was lost.
    #[test]
    fn commanders_sharing_a_role_in_one_document_stay_two() {
        let r = ConflictRecord {
            title: "X".into(),
            sides: vec![Side {
                commanders: vec![
                    commander("Issam Zahreddine", Some("Republican Guard"), false),
                    commander("Ghassan Iskander Tarraf", Some("Republican Guard"), false),
                ],
                ..Side::default()
            }],
            ..ConflictRecord::default()
        };
        assert_eq!(merge(vec![("a".into(), r)], &theatres())[0].sides[0].commanders.len(), 2);
    }

    #[test]
    fn sides_align_by_identity_not_column_order() {
        let a = ConflictRecord {
            title: "Offensive (April–July 2014)".into(),
            result: Some("X expels the rebels".into()),
            sides: vec![
                Side {
                    commanders: vec![commander("Abu Bakr al-Baghdadi", Some("Leader of ISIL"), false)],
                    casualties: vec![killed(267)],
                    ..Side::default()
                },
                Side {
                    belligerents: vec!["Free Syrian Army".into(), "Islamic Front".into()],
                    commanders: vec![commander("Abdullah al-Bashir", Some("FSA Chief of Staff"), false)],
                    casualties: vec![killed(414)],
                    ..Side::default()
                },
            ],
            ..ConflictRecord::default()
        };
        let b = ConflictRecord {
            title: "Offensive (April–July 2014)".into(),
            result: Some("Decisive victory".into()),
            sides: vec![
                Side {
                    belligerents: vec!["Free Syrian Army Islamic Front Army of Mujahedeen".into()],
                    commanders: vec![commander("Abdul-Ilah al-Bashir", Some("FSA Chief of Staff"), false)],
                    casualties: vec![killed(414)],
                    ..Side::default()
                },
                Side {
                    belligerents: vec!["Islamic State of Iraq and the Levant".into()],
                    commanders: vec![commander("Abu Bakr al-Baghdadi", Some("Leader of ISIL"), false)],
                    casualties: vec![killed(267)],
                    ..Side::default()
                },
            ],
            ..ConflictRecord::default()
        };
        let merged = merge(vec![("b.txt".into(), b), ("a.txt".into(), a)], &theatres());
        assert_eq!(merged.len(), 1);
        let c = &merged[0];
        assert_eq!(c.documents, ["a.txt", "b.txt"]);
        assert_eq!(c.sides.len(), 2);
        assert_eq!(c.sides[0].belligerents.len(), 1, "{:?}", c.sides[0].belligerents);
        assert_eq!(c.sides[0].belligerents[0].value, "Islamic State of Iraq and the Levant");
        let rebels: Vec<&str> = c.sides[1].belligerents.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(rebels, ["Free Syrian Army", "Islamic Front", "Army of Mujahedeen"]);
        assert_eq!(c.sides[1].commanders.len(), 1);
        assert_eq!(c.sides[1].commanders[0].other_names, ["Abdul-Ilah al-Bashir"]);
        assert_eq!(c.sides[1].casualties.len(), 1);
        assert_eq!(c.sides[1].casualties[0].documents, ["a.txt", "b.txt"]);
        let fields: Vec<&str> = c.disagreements.iter().map(|d| d.field.as_str()).collect();
        assert!(fields.contains(&"result"), "{fields:?}");
        assert!(fields.contains(&"side 2 commander"), "{fields:?}");
        let partial = c.disagreements.iter().find(|d| d.field == "side 2 belligerents not in every document").unwrap();
        assert_eq!(partial.values.len(), 1);
        assert_eq!(partial.values[0].value, "Army of Mujahedeen");
        assert_eq!(partial.values[0].documents, ["b.txt"]);
    }
}
