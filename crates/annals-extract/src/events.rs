//! Events from a document's narrative.
//!
//! The body is read in order, block by block and sentence by sentence, as a reader would: the
//! section headings above a block and the dates read so far are the context that gives "On 11
//! April" its year and "the next day" its day. A sentence without a date of its own continues the
//! narrative at the last date. Each sentence is coded ([`crate::coding`]) into zero or more events;
//! every event keeps its sentence and the sentence's span in the document's normalized text.
//!
//! A sentence whose later clause gives a date of its own ("…, and the following day, …") is read
//! as two clauses, each coded with its own date.
//!
//! Background without a day or month ("In 2011, the war began") is not an event: events need at
//! least month precision; nor is a summary over more than a year, nor a table row.
//!
//! Where: a place the clause names; "the city" is the article's place unless the clause goes on
//! from the last one; no place at all is where the paragraph's last event was. One event per date,
//! place, kind and armed side: a later sentence about the same happening adds its text, what the
//! first lacked, and its toll; a sentence that goes on without a date, a place or a toll of its
//! own tells more of the last event, whatever its words.

use crate::coding::{self, CodingContext, Lexicon};
use crate::narrative::{self, DateContext};
use crate::sentences;
use annals_model::conflict::{ConflictRecord, Precision};
use annals_model::event::{Event, Fatalities};
use annals_model::{Document, Span};
use annals_resolve::{Actors, People, Theatres};
use std::sync::Arc;

/// What a document's narrative is read with.
pub struct Reading<'a> {
    /// The words that code events: the built-in lexicon, or one extended by a user's files (see
    /// [`Lexicon::with_extensions`]).
    pub lexicon: &'a Arc<Lexicon>,
    /// The actors of the theatre the document is read with, which tell its sides apart.
    pub actors: &'a Actors,
    /// The people of that theatre: a person's name is no place.
    pub people: &'a People,
}

impl Reading<'_> {
    /// Whether a name the sentence put where a place goes names someone instead: a demonym
    /// ("German"), a force or unit ("Luftwaffe"), or a person ("Hitler"). A state's name is kept:
    /// it is its country's too.
    fn names_someone(&self, name: &str) -> bool {
        self.actors.is_demonym(name) || self.actors.names_a_force(name) || self.people.lookup(name).is_some()
    }
}

/// Every event the document's narrative reports, in document order, coded with the built-in
/// lexicon and the shipped theatre the record points to (or its own sides'). A convenience for
/// one document: a batch builds its theatres once and calls [`events_with`].
pub fn events(doc: &Document, record: Option<&ConflictRecord>) -> Vec<Event> {
    let theatres = Theatres::builtin().unwrap_or_default();
    let theatre = theatres.for_record(record);
    let reading = Reading { lexicon: &Arc::new(Lexicon::shipped()), actors: &theatre.actors, people: &theatre.people };
    events_with(doc, record, &reading)
}

/// Every event the document's narrative reports, in document order.
pub fn events_with(doc: &Document, record: Option<&ConflictRecord>, with: &Reading<'_>) -> Vec<Event> {
    let lexicon = with.lexicon;
    // The conflict's dates come from its record, or, for an infobox without sides (front matter
    // with only a date and a place), from the date field itself.
    let conflict = record.and_then(|r| r.start.map(|s| (s, r.end))).or_else(|| {
        let field = doc.field("date")?;
        crate::dates::parse_range(field.value(doc))
    });
    let mut dates = DateContext { conflict, ..DateContext::default() };
    let coding = CodingContext::new(
        record
            .and_then(|r| r.place.clone())
            .or_else(|| doc.field("place").map(|f| f.value(doc).to_string()))
            .as_deref()
            .and_then(main_place)
            .or_else(|| place_from_title(&doc.title)),
        record.map(|r| r.sides.iter().map(|s| s.belligerents.clone()).collect()).unwrap_or_default(),
        lexicon.clone(),
    )
    .with_theatre_names(with.actors.mention_phrases());
    let mut out: Vec<Event> = Vec::new();
    // The place of each kind named last ("village" → Hatla), for "the village" later on.
    let mut last_of_kind: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // The lead of an article with sections sums up what the sections tell: only a happening it
    // dates to the day is told there as such ("…took over the suburbs on 16 January 2016"), not
    // "in April 2014, ISIS launched a massive offensive".
    let has_body = doc.sections.iter().any(|s| s.heading.is_some());
    for (path, block) in doc.prose_blocks() {
        let lead = has_body && path.is_empty();
        // Lists of related articles name battles; they do not report them.
        if path.iter().any(|h| is_navigation(h)) {
            continue;
        }
        dates.headings = path.iter().map(|h| h.to_string()).collect();
        let text = doc.slice(block);
        // Sentences, and within a sentence the clauses that give dates of their own, each with its
        // date: the dates are resolved in reading order, as they update the context.
        let mut clauses = Vec::new();
        for r in sentences::split(text) {
            let Some(sentence) = text.get(r.clone()) else { continue };
            for (c, date) in narrative::resolve_clauses(sentence, &mut dates) {
                // A clause keeps no spaces or punctuation of the cut at its edges.
                let piece = &sentence[c.clone()];
                let lead = piece.len() - piece.trim_start_matches([' ', ',', ';']).len();
                let trail = piece.len() - piece.trim_end_matches([' ', ',', ';']).len();
                let (a, b) = (r.start + c.start + lead, r.start + c.end - trail);
                if a < b {
                    clauses.push((a..b, date, dates.last));
                }
            }
        }
        for (range, resolved, last_date) in clauses {
            let Some(sentence) = text.get(range.clone()) else { continue };
            let span = Span::new(block.start + range.start, block.start + range.end);
            let told = coding::code_sentence(sentence, &coding);
            // Kinds this sentence names a place by ("the village" before it refers further back).
            let named_here = told.kinds;
            let coded = told.events;
            let kind_place = |kind: &str, here: &[(String, String)]| {
                here.iter()
                    .rev()
                    .find(|(k, _)| k == kind)
                    .map(|(_, p)| p.clone())
                    .or_else(|| last_of_kind.get(kind).cloned())
            };
            let resolved_kinds: Vec<Option<String>> =
                coded.iter().map(|c| c.place_kind.as_deref().and_then(|k| kind_place(k, &named_here))).collect();
            for (k, p) in &named_here {
                last_of_kind.insert(k.clone(), p.clone());
            }
            if coded.is_empty() {
                continue;
            }
            let continues = resolved.is_none();
            let date = match resolved {
                Some(d) => d,
                // The narrative goes on at the last date it gave.
                None => match last_date {
                    Some(last) => annals_model::event::NarrativeDate {
                        start: last,
                        end: None,
                        anchor: String::new(),
                        inferred_from: "previous".into(),
                    },
                    None => continue,
                },
            };
            if date.start.precision() == Precision::Year || (lead && date.start.precision() != Precision::Day) {
                continue;
            }
            // A span of more than a year ("Between January 2012 and August 2018, …") sums up; it
            // is no happening.
            if narrative::sums_up(&date.start, date.end.as_ref()) {
                continue;
            }
            // Where the narrative was. A sentence that goes on at the last date goes on at the last
            // place; a paragraph keeps to its place ("…near Mayadin. On 7 August, rebels attacked an
            // oil field in the area…").
            let last = out.last();
            let continuing_place =
                last.filter(|e| continues && e.date.start == date.start).and_then(|e| e.location.clone());
            let paragraph_place = last
                .filter(|e| e.span.start >= block.start)
                .and_then(|e| e.location.clone())
                .or_else(|| continuing_place.clone());
            for (mut c, kind_place) in coded.into_iter().zip(resolved_kinds) {
                // "They" is the author of the last event of the paragraph.
                if c.pronoun_subject {
                    if let Some(a) = out.last().filter(|e| e.span.start >= block.start).and_then(|e| e.actor1.clone()) {
                        if c.event_type == "Battles" && c.sub_event_type.ends_with("territory") {
                            c.sub_event_type = coding::territory_sub(Some(&a), &coding);
                        }
                        c.actor1 = Some(a);
                    }
                }
                let own = c.place.as_deref().and_then(clean_place).filter(|p| !with.names_someone(p));
                // A named place is the place. "The town" is the article's place, unless the sentence
                // goes on from the last one; no place at all is where the paragraph is.
                let location = match own {
                    Some(p) if c.place_named => Some(p),
                    Some(_) => continuing_place.clone().or_else(|| coding.main_place.clone()),
                    None => kind_place.or_else(|| paragraph_place.clone()).or_else(|| coding.main_place.clone()),
                };
                // A sentence without a date of its own that reports fighting with a toll at the
                // place of the event before it ("…launched an attack on X. In the initial fighting,
                // at least 35 … were killed") tells the toll of that event, not a new one.
                if continues && c.event_type == "Battles" && c.fatalities.is_some() {
                    // The toll goes to the fighting it follows, before any other kind of event told
                    // with it ("…an attack was repelled while the Army launched airstrikes. ISIS
                    // lost at least 47 fighters.").
                    // A sentence that names the happening ("…killed during the attack") adds its toll
                    // to one already told.
                    let open = |e: &Event| {
                        e.date.start == date.start
                            && (e.fatalities.is_none() || c.refers_back)
                            && same_place(&e.location, &location)
                    };
                    let recent = out.len().saturating_sub(4);
                    let k = (recent..out.len())
                        .rev()
                        .find(|&k| open(&out[k]) && out[k].event_type == c.event_type)
                        .or_else(|| out.len().checked_sub(1).filter(|&k| open(&out[k])));
                    if let Some(e) = k.map(|k| &mut out[k]) {
                        extend(e, doc, span);
                        e.fatalities = add_tolls(e.fatalities, c.fatalities);
                        continue;
                    }
                }
                // One event per date, place and kind of action: a later sentence about the same
                // happening adds to the event (its text, and what the first sentence lacked).
                // Different armed sides doing the same thing at the same place are different events.
                // The blocs of the known actors tell sides apart (ISIS and al-Nusra are both non-state);
                // otherwise the state and the rest.
                let same_side = |e: &Event| match (&e.actor1, &c.actor1) {
                    (Some(a), Some(b)) if !coding::is_civilian(a, &coding) && !coding::is_civilian(b, &coding) => {
                        match (bloc(with.actors, a), bloc(with.actors, b)) {
                            (Some(x), Some(y)) => x == y,
                            _ => coding::is_government(a, &coding) == coding::is_government(b, &coding),
                        }
                    }
                    _ => true,
                };
                // A sentence that goes on without a date or a place of its own tells more of the
                // last happening, whatever its words ("…seized the airport. The airport was in
                // fact a base …"), unless it names another place. A toll, or fighting after another
                // kind of event, is told as its own.
                let goes_on = continues && !c.place_named && c.fatalities.is_none();
                let last_index = out.len().checked_sub(1);
                if let Some(e) = out.iter_mut().enumerate().rev().take(8).find_map(|(k, e)| {
                    let same_happening = e.date.start == date.start && same_place(&e.location, &location);
                    let follows =
                        goes_on && Some(k) == last_index && (c.event_type != "Battles" || e.event_type == "Battles");
                    let kind = e.sub_event_type == c.sub_event_type || follows;
                    (same_happening && kind && same_side(e)).then_some(e)
                }) {
                    // Tolls told in different sentences of one happening add up ("…killing sixty
                    // residents. Ten rebel fighters were killed during the attack.").
                    if e.span.end <= span.start {
                        e.fatalities = add_tolls(e.fatalities, c.fatalities);
                    }
                    extend(e, doc, span);
                    e.actor1 = e.actor1.take().or(c.actor1);
                    e.actor2 = e.actor2.take().or(c.actor2);
                    e.source = e.source.take().or(c.source);
                    continue;
                }
                out.push(Event {
                    date: date.clone(),
                    event_type: c.event_type,
                    sub_event_type: c.sub_event_type,
                    actor1: c.actor1,
                    actor2: c.actor2,
                    // A sentence that names no place happens where the article does.
                    location,
                    fatalities: c.fatalities,
                    source: c.source,
                    text: sentence.to_string(),
                    span,
                });
            }
        }
    }
    out
}

/// The bloc of an actor the theatre's actors data knows: by its name, or the one bloc its words name.
fn bloc<'a>(actors: &'a Actors, name: &str) -> Option<&'a str> {
    actors.bloc_of(name).or_else(|| match actors.blocs_named_in(name).as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// Two tolls together: lows add up, and highs too while both are known.
fn add_tolls(a: Option<Fatalities>, b: Option<Fatalities>) -> Option<Fatalities> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Fatalities {
            low: Some(a.low.unwrap_or(0) + b.low.unwrap_or(0)),
            high: a.high.zip(b.high).map(|(x, y)| x + y),
        }),
        (a, b) => a.or(b),
    }
}

/// Sections that point to other articles rather than tell the story.
fn is_navigation(heading: &str) -> bool {
    let h = heading.trim().to_lowercase();
    matches!(h.as_str(), "see also" | "related articles" | "related" | "further reading" | "external links")
}

/// Extends an event to a later sentence of the document: its span covers both, and its text is
/// exactly what the span covers, so that the text can always be found again in the document.
fn extend(e: &mut Event, doc: &Document, span: Span) {
    if e.span.end <= span.start {
        e.span.end = span.end;
        e.text = doc.slice(e.span).to_string();
    }
}

/// A place name as the sentence wrote it, without what is not part of the name: a possessive
/// ("Deir ez-Zor's"), a holder ("ISIS-held Al-Makhan"), a generic noun after it ("Hatla village",
/// "al-Sena'aa District"). Canonical names are the resolution layer's business; this
/// only trims the phrase to the name.
fn clean_place(place: &str) -> Option<String> {
    let mut p = place.trim();
    for suffix in ["'s", "’s"] {
        p = p.strip_suffix(suffix).unwrap_or(p);
    }
    if let Some(i) = p.find("-held ") {
        p = &p[i + "-held ".len()..];
    }
    // "island" stays: it is part of most island names ("Saqr Island").
    const NOUNS: &[&str] = &[
        " district",
        " District",
        " village",
        " town",
        " area",
        " neighbourhood",
        " neighborhood",
        " Neighbourhood",
        " Neighborhood",
        " quarter",
        " city",
        " City",
    ];
    for n in NOUNS {
        if let Some(stem) = p.strip_suffix(n) {
            if stem.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                p = stem;
            }
        }
    }
    let p = p.trim();
    // A compass word alone ("Eastern") is a direction, not a place.
    const DIRECTIONS: &[&str] =
        &["Eastern", "Western", "Northern", "Southern", "Central", "North", "South", "East", "West"];
    if DIRECTIONS.contains(&p) {
        return None;
    }
    (p.chars().filter(|c| c.is_alphabetic()).count() >= 2).then(|| p.to_string())
}

fn same_place(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    }
}

/// The place a conflict's title names, for a rendering that lost the infobox's place: "Battle of
/// X", "Siege of X", "X offensive (2016)", "2016 X offensive", "X clashes" give X.
fn place_from_title(title: &str) -> Option<String> {
    let t = title.split(" (").next()?.trim();
    const PREFIXES: &[&str] =
        &["Battle of ", "Siege of ", "Fall of ", "Capture of ", "Liberation of ", "Battle for ", "Raid on "];
    const SUFFIXES: &[&str] =
        &[" offensive", " clashes", " campaign", " massacre", " bombing", " operation", " uprising"];
    let mut t = PREFIXES.iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t);
    let stripped = SUFFIXES.iter().find_map(|s| t.strip_suffix(s));
    if stripped.is_none() && t.len() == title.split(" (").next()?.trim().len() {
        return None;
    }
    t = stripped.unwrap_or(t);
    // A leading year ("2016 Dabiq offensive") is not part of the place.
    let t = match t.split_once(' ') {
        Some((y, rest)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => t,
    };
    let t = t.trim();
    (t.chars().next().is_some_and(char::is_uppercase)).then(|| t.to_string())
}

/// The article's place from an infobox place value: its most specific part ("Deir ez-Zor, Deir
/// ez-Zor Governorate, Syria" gives "Deir ez-Zor"). A province is named after its capital, so
/// when the most specific part is a province, "the city" of the narrative is that capital.
fn main_place(place: &str) -> Option<String> {
    const ADMIN: &[&str] = &[" Governorate", " governorate", " Province", " province", " District", " district"];
    // The first of the places a field lists: "Aleppo, Syria", "The Ardennes: Belgium",
    // "Kamianets-Podilskyi / Tarnopol", "Egypt and Libya".
    let first = place.split([',', ':', ';', '/', '•', '\n']).next()?.trim();
    let first = first.split(" and ").next().unwrap_or(first).trim();
    let first = first.strip_prefix("The ").or_else(|| first.strip_prefix("the ")).unwrap_or(first);
    let city = ADMIN.iter().find_map(|a| first.strip_suffix(a)).unwrap_or(first).trim();
    (!city.is_empty()).then(|| city.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_sections() {
        assert!(is_navigation("See also"));
        assert!(!is_navigation("Aftermath"));
    }

    #[test]
    fn the_main_place_is_the_first_a_place_field_lists() {
        assert_eq!(main_place("Aleppo, Aleppo Governorate, Syria").as_deref(), Some("Aleppo"));
        assert_eq!(main_place("The Ardennes: Belgium").as_deref(), Some("Ardennes"));
        assert_eq!(main_place("Kamianets-Podilskyi / Tarnopol").as_deref(), Some("Kamianets-Podilskyi"));
        assert_eq!(main_place("Egypt and Libya").as_deref(), Some("Egypt"));
        assert_eq!(main_place("Deir ez-Zor Governorate").as_deref(), Some("Deir ez-Zor"));
    }

    #[test]
    fn place_phrases_are_trimmed_to_the_name() {
        let check = |input: &str, expect: Option<&str>| assert_eq!(clean_place(input).as_deref(), expect, "{input:?}");
        check("Deir ez-Zor's", Some("Deir ez-Zor"));
        check("ISIS-held Al-Makhan", Some("Al-Makhan"));
        check("Hawijat Qati village", Some("Hawijat Qati"));
        check("Saqr island", Some("Saqr island"));
        check("Deir ez-Zor City", Some("Deir ez-Zor"));
        check("Eastern", None);
        check("Eastern Ghouta", Some("Eastern Ghouta"));
        check("al-Sena’aa District", Some("al-Sena’aa"));
        check("Sakr Island", Some("Sakr Island"));
        check("'s", None);
    }

    #[test]
    fn place_from_a_conflict_title() {
        assert_eq!(place_from_title("Deir ez-Zor offensive (April–July 2014)").as_deref(), Some("Deir ez-Zor"));
        assert_eq!(place_from_title("Battle of Kos").as_deref(), Some("Kos"));
        assert_eq!(place_from_title("2016 Dabiq offensive").as_deref(), Some("Dabiq"));
        assert_eq!(place_from_title("Operation Crusader").as_deref(), None);
        assert_eq!(place_from_title("Inter-rebel conflict during the Syrian civil war").as_deref(), None);
    }

    #[test]
    fn main_place_is_the_first_part() {
        assert_eq!(main_place("Deir ez-Zor, Deir ez-Zor Governorate, Syria").as_deref(), Some("Deir ez-Zor"));
        assert_eq!(main_place(" ").as_deref(), None);
        assert_eq!(main_place("Deir ez-Zor Governorate, Syria").as_deref(), Some("Deir ez-Zor"));
    }
}
