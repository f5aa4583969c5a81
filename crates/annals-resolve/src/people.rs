//! People: commanders and other figures of a theatre with the other names articles give them, and
//! a comparison of names that tolerates the ways Arabic, Persian and Russian names are written in
//! Latin letters ("Abdul-Ilah" and "Abdullah", "Julani" and "Jawlani", "Zahreddine" and "Zahr
//! al-Din"). The data is a TOML file per theatre (`data/people/*.toml`); the Syrian one is built
//! in. Nothing about any war is in code.
//!
//! A name is found exactly (by [`name_key`]) when it can be; the tolerant comparison is the
//! fallback, and it is deliberately strict about the part of two names that differs, so that two
//! people who share most of a name ("Abu Mohammad al-Adnani", "Abu Mohammad al-Julani") stay two.

use crate::actors::parse_date;
use crate::names::name_key;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The confidence from which [`name_similarity`] takes two names for one person's.
pub const SAME_PERSON: f64 = 0.85;

/// Errors reading a people file.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error("people file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// A person whose name is empty or only punctuation.
    #[error("a person has no name")]
    NoName,
    /// A `killed` date that is not a day written `YYYY-MM-DD`.
    #[error("person {person:?}: killed {date:?} is not a day (YYYY-MM-DD)")]
    BadDate { person: String, date: String },
}

/// A person of a theatre.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    /// Other names and spellings: a nom de guerre, a real name, other transliterations.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What articles call the person's role ("Republican Guard commander").
    #[serde(default)]
    pub roles: Vec<String>,
    /// Names of the actors (as in the theatre's actors file) the person belonged to.
    #[serde(default)]
    pub affiliations: Vec<String>,
    /// The day the person was killed, `YYYY-MM-DD`, only when it is certain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<String>,
    /// Who the person was, in the data's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    person: Vec<Person>,
}

/// A person found for a name, with how sure the finding is: 1 for a known spelling, less (0.99 at
/// most) for one the tolerant comparison took for a known spelling.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PersonMatch<'a> {
    pub person: &'a Person,
    pub confidence: f64,
}

/// Spellings that stand for one person: indexes into the names given to [`People::cluster`], and
/// the known person they are, when they are one.
#[derive(Clone, Debug, PartialEq)]
pub struct SpellingCluster<'a> {
    pub person: Option<&'a Person>,
    pub names: Vec<usize>,
}

/// The built-in people file (the Syrian theatre).
pub(crate) const BUILTIN_PEOPLE: &str = include_str!("../../../data/theatres/syria.toml");

/// A set of people, looked up by any of their names.
#[derive(Clone, Debug, Default)]
pub struct People {
    list: Vec<Person>,
    by_key: HashMap<String, usize>,
    /// Every name and alias folded for the tolerant comparison, with its person.
    folded: Vec<(usize, Vec<String>)>,
}

impl People {
    /// Parses a people file. Every person must have a name, and a `killed` date must be a day.
    pub fn from_toml(text: &str) -> Result<People, PeopleError> {
        let file: File = toml::from_str(text)?;
        let mut people = People::default();
        for p in file.person {
            if name_key(&p.name).is_empty() {
                return Err(PeopleError::NoName);
            }
            if let Some(date) = &p.killed {
                if parse_date(date).and_then(|d| d.day).is_none() {
                    return Err(PeopleError::BadDate { person: p.name.clone(), date: date.clone() });
                }
            }
            people.add(p);
        }
        Ok(people)
    }

    /// The people shipped with annals (the Syrian theatre).
    pub fn builtin() -> &'static People {
        static BUILTIN: OnceLock<People> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The file is part of the build and tested below, so it always parses.
            People::from_toml(BUILTIN_PEOPLE).unwrap_or_default()
        })
    }

    /// Adds a person; a name already taken keeps its first owner.
    pub fn add(&mut self, person: Person) {
        let i = self.list.len();
        for n in std::iter::once(&person.name).chain(&person.aliases) {
            let key = name_key(n);
            if !key.is_empty() {
                self.by_key.entry(key).or_insert(i);
            }
            let f = fold(n);
            if !f.is_empty() {
                self.folded.push((i, f));
            }
        }
        self.list.push(person);
    }

    /// Every person, in the order they were added.
    pub fn all(&self) -> &[Person] {
        &self.list
    }

    /// The person a name stands for, if any: see [`People::find`].
    pub fn lookup(&self, name: &str) -> Option<&Person> {
        self.find(name).map(|m| m.person)
    }

    /// The person a name stands for, with the confidence of the finding. A known name or alias
    /// (compared loosely, also without a rank before it, a "KIA" after it or a nickname in quotes
    /// or parentheses) is certain; otherwise the person with the spelling most like it, from
    /// [`SAME_PERSON`] on. Two people equally like it are no finding.
    pub fn find(&self, name: &str) -> Option<PersonMatch<'_>> {
        self.find_index(name).map(|(i, confidence)| PersonMatch { person: &self.list[i], confidence })
    }

    fn find_index(&self, name: &str) -> Option<(usize, f64)> {
        if let Some(&i) = self.by_key.get(&name_key(name)) {
            return Some((i, 1.0));
        }
        let words = clean(name);
        if let Some(&i) = self.by_key.get(&name_key(&words.join(" "))) {
            return Some((i, 1.0));
        }
        let f = fold(name);
        if f.is_empty() {
            return None;
        }
        let mut best: Vec<(usize, f64)> = Vec::new();
        for (i, g) in &self.folded {
            let c = folded_similarity(&f, g);
            match best.iter_mut().find(|(j, _)| j == i) {
                Some((_, b)) => *b = b.max(c),
                None => best.push((*i, c)),
            }
        }
        best.sort_by(|a, b| b.1.total_cmp(&a.1));
        match best.as_slice() {
            [(i, c), rest @ ..] if *c >= SAME_PERSON && rest.first().is_none_or(|(_, d)| d < c) => {
                // A spelling the data does not have is never as certain as one it has.
                Some((*i, c.min(0.99)))
            }
            _ => None,
        }
    }

    /// Groups names seen for people (across documents, revisions and renderings) into one group
    /// per person. A name that stands for a known person joins that person's group; any other
    /// joins the group with a spelling most like it, from [`SAME_PERSON`] on, or starts a group of
    /// its own. Every name is in exactly one group; groups come in the order of their first name.
    pub fn cluster(&self, names: &[&str]) -> Vec<SpellingCluster<'_>> {
        let folded: Vec<Vec<String>> = names.iter().map(|n| fold(n)).collect();
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        let mut unknown = Vec::new();
        // Known people first, so that a spelling the registry lacks can still join the group of
        // the person it is most like.
        for (i, n) in names.iter().enumerate() {
            match self.find_index(n) {
                Some((p, _)) => match groups.iter_mut().find(|(q, _)| *q == Some(p)) {
                    Some((_, g)) => g.push(i),
                    None => groups.push((Some(p), vec![i])),
                },
                None => unknown.push(i),
            }
        }
        for i in unknown {
            let mut best: Option<(usize, f64)> = None;
            for (k, (_, members)) in groups.iter().enumerate() {
                for &j in members {
                    let c = folded_similarity(&folded[i], &folded[j]);
                    if c >= SAME_PERSON && best.is_none_or(|(_, b)| c > b) {
                        best = Some((k, c));
                    }
                }
            }
            match best {
                Some((k, _)) => groups[k].1.push(i),
                None => groups.push((None, vec![i])),
            }
        }
        for (_, g) in &mut groups {
            g.sort_unstable();
        }
        groups.sort_by_key(|(_, g)| g[0]);
        groups.into_iter().map(|(p, names)| SpellingCluster { person: p.map(|p| &self.list[p]), names }).collect()
    }
}

/// How sure it is that two names are spellings of one person's name, from 0 to 1; below
/// [`SAME_PERSON`] they are taken for two people.
///
/// Both names are folded: ranks before them, nicknames in quotes or parentheses, "KIA" after them
/// and articles (al-, el-, ad-) are left out, and the usual transliteration variants are made one
/// (ou and oo as u, ee as i, q as k, ch as sh, dj as j, g as j but gh kept, a w or y that ends a
/// syllable as a vowel, doubled letters as one, a final h after a vowel dropped, Abdel- and Abd
/// al- as Abdul-, -ilah after Abdul- as -lah, -eddine as a word "din"). Then the folded names are
/// compared letter by letter, a vowel for another vowel or a vowel more or less costing half a
/// consonant. The confidence is the lower of the likeness of the whole names and that of the part
/// where their words differ, so that a long shared part ("Abu Mohammad al-") cannot carry two
/// different names past the threshold. A name that is another with words added is not the same
/// name: it may be a middle name, or a son's name before his father's.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    folded_similarity(&fold(a), &fold(b))
}

fn folded_similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let whole = |x: &[String]| x.concat();
    if whole(a) == whole(b) {
        return 1.0;
    }
    // The words both names begin and end with, as far as they are the same.
    let lead = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_tail = a.len().min(b.len()) - lead;
    let tail = a.iter().rev().zip(b.iter().rev()).take(max_tail).take_while(|(x, y)| x == y).count();
    let (da, db) = (whole(&a[lead..a.len() - tail]), whole(&b[lead..b.len() - tail]));
    if da.is_empty() || db.is_empty() {
        return 0.0;
    }
    // Most names compared are nothing alike; their letters alone show it, without the edit
    // distance. Below SAME_PERSON the value is then a bound rather than the likeness itself,
    // which no caller needs.
    let bound = likeness_bound(&da, &db);
    if bound < SAME_PERSON {
        return bound;
    }
    likeness(&whole(a), &whole(b)).min(likeness(&da, &db))
}

/// An upper bound of [`likeness`] from the letters each string has that the other lacks: each
/// costs at least what deleting it costs, since no edit turns it into a letter of the other for
/// less. Strings beyond ASCII get no bound (1).
fn likeness_bound(a: &str, b: &str) -> f64 {
    if !a.is_ascii() || !b.is_ascii() {
        return 1.0;
    }
    let mut count = [0i32; 128];
    for c in a.bytes() {
        count[c as usize] += 1;
    }
    for c in b.bytes() {
        count[c as usize] -= 1;
    }
    let (mut only_a, mut only_b) = (0.0, 0.0);
    for (c, &n) in count.iter().enumerate() {
        let cost = if is_vowel(c as u8 as char) { 0.5 } else { 1.0 };
        if n > 0 {
            only_a += n as f64 * cost;
        } else {
            only_b += -n as f64 * cost;
        }
    }
    let longest = a.len().max(b.len()) as f64;
    (1.0 - f64::max(only_a, only_b) / longest).max(0.0)
}

/// 1 less the weighted edit distance of two folded strings over the longer's length.
fn likeness(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let indel = |c: char| if is_vowel(c) { 0.5 } else { 1.0 };
    let mut prev: Vec<f64> = std::iter::once(0.0)
        .chain(b.iter().scan(0.0, |s, &c| {
            *s += indel(c);
            Some(*s)
        }))
        .collect();
    for &ca in &a {
        let mut row = vec![prev[0] + indel(ca)];
        for (j, &cb) in b.iter().enumerate() {
            let sub = match (ca == cb, is_vowel(ca) && is_vowel(cb)) {
                (true, _) => 0.0,
                (false, true) => 0.5,
                (false, false) => 1.0,
            };
            let v = (prev[j] + sub).min(prev[j + 1] + indel(ca)).min(row[j] + indel(cb));
            row.push(v);
        }
        prev = row;
    }
    (1.0 - prev[b.len()] / longest as f64).max(0.0)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Ranks written before a name, in the forms articles use. English military vocabulary, the same
/// in every war.
const RANKS: &[&str] = &[
    "field",
    "marshal",
    "general",
    "gen",
    "lieutenant",
    "lt",
    "major",
    "maj",
    "brigadier",
    "brig",
    "colonel",
    "col",
    "captain",
    "capt",
    "cpt",
    "sergeant",
    "sgt",
    "admiral",
    "adm",
    "commander",
    "cmdr",
    "colonelgeneral",
];

/// The words of a name as it would be written without a rank before it, a nickname in quotes or
/// parentheses, or a killed mark after it.
fn clean(name: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0usize;
    let mut quoted = false;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '"' => quoted = !quoted,
            '“' | '«' => quoted = true,
            '”' | '»' => quoted = false,
            '†' => {}
            _ if depth == 0 && !quoted => plain.push(c),
            _ => {}
        }
    }
    let mut words: Vec<String> = plain
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '‘' | 'ʿ' | 'ʾ' | '`')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    while words.len() > 1 && RANKS.contains(&name_key(&words[0]).as_str()) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| w.eq_ignore_ascii_case("kia")) {
        words.pop();
    }
    // A rendering that lost the space writes "JamehKIA": the mark is in capitals after a small
    // letter.
    if let Some(last) = words.last_mut() {
        if let Some(stem) = last.strip_suffix("KIA").filter(|s| s.chars().last().is_some_and(char::is_lowercase)) {
            *last = stem.to_string();
        }
    }
    words
}

/// A name as folded words for the tolerant comparison (see [`name_similarity`]).
fn fold(name: &str) -> Vec<String> {
    // name_key of a single word lowers it, folds its diacritics, drops its apostrophes and drops
    // it altogether when it is an article.
    let words: Vec<String> = clean(name).iter().map(|w| name_key(w)).filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut w = words[i].clone();
        // "Abd al-Rahman", "Abdel Rahman", "Abdul-Ilah": the servant-of compound is one word.
        for p in ["abdel", "abdal", "abdol", "abdoul", "abdul"] {
            if let Some(rest) = w.strip_prefix(p) {
                w = format!("abdul{rest}");
            }
        }
        if (w == "abd" || w == "abdul") && i + 1 < words.len() {
            w = format!("abdul{}", words[i + 1]);
            i += 1;
        }
        for (from, to) in [("abdulilah", "abdullah"), ("abdulillah", "abdullah"), ("abdulelah", "abdullah")] {
            if w == from {
                w = to.to_string();
            }
        }
        if matches!(w.as_str(), "ibn" | "ben") {
            w = "bin".to_string();
        }
        // "Zahreddine", "Nureddin": the "of the faith" ending is the word al-Din.
        let mut din = false;
        for end in ["eddine", "eddin", "uddin", "oddin", "iddin", "addin"] {
            if w.len() > end.len() && w.ends_with(end) {
                w.truncate(w.len() - end.len());
                din = true;
                break;
            }
        }
        out.push(fold_word(&w));
        if din {
            out.push("din".to_string());
        }
        i += 1;
    }
    out.retain(|w| !w.is_empty());
    out
}

/// Folds one word's spelling variants (see [`name_similarity`]).
fn fold_word(w: &str) -> String {
    let mut s = w.to_string();
    // The "gh" of Ghassan is kept apart while a lone g (Egyptian-style "Golani") becomes j.
    for (from, to) in [
        ("dj", "j"),
        ("ph", "f"),
        ("ch", "sh"),
        ("ck", "k"),
        ("q", "k"),
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("gh", "\u{1}"),
        ("g", "j"),
        ("\u{1}", "gh"),
    ] {
        s = s.replace(from, to);
    }
    let dedup = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    };
    let chars: Vec<char> = dedup(&s).chars().collect();
    // A w after a vowel and before a consonant closes the syllable as u ("Jawlani", "Julani"); a
    // y that is not a word's first letter nor before a vowel is the vowel i ("Hudhayfah",
    // "Valeriy").
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let after_vowel = i > 0 && is_vowel(chars[i - 1]);
        let before_vowel = chars.get(i + 1).is_some_and(|&n| is_vowel(n));
        match c {
            'w' if after_vowel && !before_vowel => {
                out.pop();
                out.push('u');
            }
            'y' if i > 0 && !before_vowel => out.push('i'),
            _ => out.push(c),
        }
    }
    let mut out = dedup(&out);
    // "Jameh" and "Jamea", "Hamzah" and "Hamza": a final h after a vowel is not pronounced.
    let b = out.as_bytes();
    if b.len() > 3 && b[b.len() - 1] == b'h' && is_vowel(b[b.len() - 2] as char) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::Actors;

    /// Spellings of one person's name that articles and revisions give.
    const SAME: &[(&str, &str)] = &[
        ("Abdullah al-Bashir", "Abdul-Ilah al-Bashir"),
        ("Abdul Ilah al-Bashir", "Abdulilah al-Bashir"),
        ("Abu Mohammad al-Julani", "Abu Muhammad al-Jawlani"),
        ("Abu Mohammad al-Julani", "Abu Mohammed al-Golani"),
        ("Abu Mohammad al-Julani", "Abu Muhammad al-Jolani"),
        ("Issam Zahreddine", "Issam Zahr al-Din"),
        ("Issam Zahreddine", "Maj. Gen. Issam Zahreddine"),
        ("Issam Zahreddine", "Isam Zahr el-Din"),
        ("Suheil al-Hassan", "Suhail al-Hasan"),
        ("Jamal Maarouf", "Jamal Maaruf"),
        ("Jamal Maarouf", "Jamal Marouf"),
        ("Zahran Alloush", "Zahran Allouch"),
        ("Ali Abdullah Ayyoub", "Ali Abdullah Ayoub"),
        ("Ahmed Abu Issa", "Ahmad Abu Issa"),
        ("Abu Khaled al-Suri", "Abu Khalid al-Suri"),
        ("Mohammad al-Chati", "Muhammad al-Shati"),
        ("Kifah Moulhem", "Kifah Melhem"),
        ("Valery Asapov", "Valeriy Asapov"),
        ("Abu Hadhefah Al-Maghrabi", "Abu Hudhayfah al-Maghribi"),
        ("Abu Ruqayya al-Ansari", "Abu Rukaya al-Ansari"),
        ("Fares Bayoush", "Fares al-Bayoush"),
        ("Mohammad Abboud", "Muhammad Abboud"),
        ("Yarob Zahreddine", "Yarub Zahreddine"),
        ("Tha'er Ismail", "Thaer Ismail"),
        ("Rami Abdel Rahman", "Rami Abdulrahman"),
        ("Qasem Soleimani", "Qassem Suleimani"),
        ("Amer al-Rafdan", "Amer al-Rafdaan"),
        ("Hussein Abu Sultan \"Abu Ghanam\"", "Hussein Abu Sultan"),
        ("Brig. Gen. Yasar Ali KIA", "Yasar Ali"),
    ];

    /// Different people whose names look alike.
    const DIFFERENT: &[(&str, &str)] = &[
        ("Abu Mohammad al-Adnani", "Abu Mohammad al-Julani"),
        ("Abu Hamza al-Ansari", "Abu Ruqayya al-Ansari"),
        ("Abu Muhammed al Ansari", "Abu Hamza al-Ansari"),
        ("Abu Bakr al-Baghdadi", "Abu Omar al-Baghdadi"),
        ("Issam Zahreddine", "Yarob Zahreddine"),
        ("Issam Zahreddine", "Yarob Issam Zahreddine"),
        ("Bashar al-Assad", "Hafez al-Assad"),
        ("Bashar al-Assad", "Riad al-Asaad"),
        ("Bashar al-Assad", "Maher al-Assad"),
        ("Suheil al-Hassan", "Tariq al-Hassan"),
        ("Abu Hussein al-Dik", "Abu Hassan al-Dik"),
        ("Amer al-Rafdan", "Omar al-Rafdan"),
        ("Abu Omar al-Shishani", "Abu Omar al-Baghdadi"),
        ("Ghassan Iskander Tarraf", "Ghassan Tarraf"),
        ("Abu Hamza", "Abu Hamza al-Ansari"),
        ("Ali Abdullah Ayyoub", "Ali Mahmoud Ayyoub"),
        ("", "Someone"),
        ("(Republican Guard)", "Republican Guard"),
    ];

    #[test]
    fn spellings_of_one_name_match_and_different_names_do_not() {
        for (a, b) in SAME {
            let c = name_similarity(a, b);
            assert!(c >= SAME_PERSON, "{a} ~ {b}: {c}");
            assert_eq!(c, name_similarity(b, a), "{a} ~ {b} is not symmetric");
        }
        for (a, b) in DIFFERENT {
            let c = name_similarity(a, b);
            assert!(c < SAME_PERSON, "{a} !~ {b}: {c}");
            assert!((0.0..=1.0).contains(&c));
        }
        assert_eq!(name_similarity("Issam Zahreddine", "Issam Zahreddine"), 1.0);
    }

    /// The cheap bound never falls below the likeness it stands in for, or a name would be
    /// turned away that the edit distance accepts.
    #[test]
    fn the_letter_bound_is_never_below_the_likeness() {
        let words =
            ["bashir", "abdula", "zahredin", "zahraldin", "julani", "jolani", "sharaa", "hasan", "husein", "oa", "x"];
        for a in words {
            for b in words {
                assert!(likeness_bound(a, b) + 1e-9 >= likeness(a, b), "{a} ~ {b}");
            }
        }
    }

    #[test]
    fn folding_makes_the_usual_variants_one() {
        let cases: &[(&str, &[&str])] = &[
            ("Abdul-Ilah al-Bashir", &["abdula", "bashir"]),
            ("Abdullah al-Bashir", &["abdula", "bashir"]),
            ("Abd al-Rahman", &["abdulrahman"]),
            ("Issam Zahreddine", &["isam", "zahr", "din"]),
            ("Maj. Gen. Jameh Jameh", &["jame", "jame"]),
            ("Abu Muhammad al-Jawlani", &["abu", "muhamad", "julani"]),
            ("Mohammad al-Chati \"Abu Hamza\"", &["mohamad", "shati"]),
            ("Valeriy Asapov", &["valeri", "asapov"]),
            ("Ghassan", &["ghasan"]),
            ("(only a note)", &[]),
        ];
        for (name, want) in cases {
            assert_eq!(fold(name), *want, "{name}");
        }
    }

    #[test]
    fn the_builtin_file_parses_and_finds_people_by_any_spelling() {
        let p = People::from_toml(include_str!("../../../data/theatres/syria.toml")).unwrap();
        assert!(p.all().len() >= 50, "{}", p.all().len());
        let cases: &[(&str, Option<&str>, bool)] = &[
            ("Ahmed al-Sharaa", Some("Ahmed al-Sharaa"), true),
            ("Abu Mohammad al-Julani", Some("Ahmed al-Sharaa"), true),
            ("al-Golani", Some("Ahmed al-Sharaa"), true),
            ("Abu Muhammed al-Jolani", Some("Ahmed al-Sharaa"), false),
            ("Abu Mohammad al-Adnani", Some("Abu Mohammad al-Adnani"), true),
            ("Maj. Gen. Issam Zahreddine", Some("Issam Zahreddine"), true),
            ("Isam Zahr el-Din", Some("Issam Zahreddine"), false),
            ("Yarob Issam Zahreddine", Some("Yarob Zahreddine"), true),
            ("Abdullah al-Bashir", Some("Abdul-Ilah al-Bashir"), true),
            ("Brig. Gen. Abdul Ilah al-Bashir", Some("Abdul-Ilah al-Bashir"), true),
            ("Suhail al-Hasan", Some("Suheil al-Hassan"), false),
            ("Hussein Abu Sultan \"Abu Ghanam\"KIA", Some("Hussein Abu Sultan"), true),
            ("Abu Hamza Al-Ansari", Some("Abu Hamza al-Ansari"), true),
            ("Abu Muhammed al Ansari", Some("Abu Muhammad al-Ansari"), true),
            ("Jameh JamehKIA", Some("Jameh Jameh"), true),
            ("Jamea Jameh", Some("Jameh Jameh"), false),
            ("Nobody Known", None, false),
            ("Abu Hamza", None, false),
            ("", None, false),
        ];
        for (name, want, exact) in cases {
            let got = p.find(name);
            assert_eq!(got.map(|m| m.person.name.as_str()), *want, "{name}");
            if let Some(m) = got {
                assert_eq!(m.confidence == 1.0, *exact, "{name}: {}", m.confidence);
                assert!(m.confidence >= SAME_PERSON);
            }
        }
    }

    /// The data is consistent: no spelling belongs to two people, dates are days, and every
    /// affiliation is an actor of the same theatre.
    #[test]
    fn the_builtin_file_is_consistent() {
        let p = People::builtin();
        let actors = Actors::builtin();
        let mut owner: HashMap<String, &str> = HashMap::new();
        for person in p.all() {
            for n in std::iter::once(&person.name).chain(&person.aliases) {
                if let Some(other) = owner.insert(name_key(n), &person.name) {
                    assert_eq!(other, person.name, "{n} names both {other} and {}", person.name);
                }
            }
            for a in &person.affiliations {
                assert!(actors.lookup(a).is_some(), "{}: {a} is not an actor", person.name);
            }
            assert!(person.note.as_deref().is_none_or(|n| n.len() < 400), "{}: the note is long", person.name);
        }
        // Every person's own spellings find that person, and not by chance someone else.
        for person in p.all() {
            for n in std::iter::once(&person.name).chain(&person.aliases) {
                assert_eq!(p.lookup(n).map(|x| &x.name), Some(&person.name), "{n}");
            }
        }
    }

    #[test]
    fn bad_files_are_errors() {
        let cases: &[(&str, &str)] = &[
            ("[[person]]\nname = 3", "Toml"),
            ("[[person]]\nname = \"A\"\nborn = \"1970\"", "Toml"),
            ("[[person]]\nname = \" - \"", "NoName"),
            ("[[person]]\nname = \"A\"\nkilled = \"2017\"", "BadDate"),
            ("[[person]]\nname = \"A\"\nkilled = \"2017-02-30\"", "BadDate"),
            ("[[person]]\nname = \"A\"\nkilled = \"18 October 2017\"", "BadDate"),
            ("[[person]]\nname = \"A\"\nkilled = \"2017-10-18\"", "Ok"),
            ("", "Ok"),
        ];
        for (text, want) in cases {
            let got = match People::from_toml(text) {
                Err(PeopleError::Toml(_)) => "Toml",
                Err(PeopleError::NoName) => "NoName",
                Err(PeopleError::BadDate { .. }) => "BadDate",
                Ok(_) => "Ok",
            };
            assert_eq!(got, *want, "{text}");
        }
    }

    /// Commander spellings from several revisions and renderings of the same articles.
    #[test]
    fn spellings_seen_cluster_into_people() {
        let p = People::builtin();
        let names = [
            "Abdullah al-Bashir",         // 0
            "Abu Mohammad al-Julani",     // 1
            "Ahmed al-Sharaa",            // 2
            "Abdul-Ilah al-Bashir",       // 3
            "Maj. Gen. Issam Zahreddine", // 4
            "Abu Hamza Al-Ansari",        // 5
            "Abu Muhammed al Ansari",     // 6
            "Someone Unlisted",           // 7
            "Issam Zahreddine",           // 8
            "Somone Unlisted",            // 9
            "Abu Mohammad al-Adnani",     // 10
            "Abu Hamza al-Ansari",        // 11
            "",                           // 12
        ];
        let got: Vec<(Option<&str>, Vec<usize>)> =
            p.cluster(&names).into_iter().map(|c| (c.person.map(|x| x.name.as_str()), c.names)).collect();
        let want: Vec<(Option<&str>, Vec<usize>)> = vec![
            (Some("Abdul-Ilah al-Bashir"), vec![0, 3]),
            (Some("Ahmed al-Sharaa"), vec![1, 2]),
            (Some("Issam Zahreddine"), vec![4, 8]),
            (Some("Abu Hamza al-Ansari"), vec![5, 11]),
            (Some("Abu Muhammad al-Ansari"), vec![6]),
            (None, vec![7, 9]),
            (Some("Abu Mohammad al-Adnani"), vec![10]),
            (None, vec![12]),
        ];
        assert_eq!(got, want);
        assert!(p.cluster(&[]).is_empty());
    }
}
