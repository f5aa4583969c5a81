//! Who held which place when. A control claim is one statement that a place changed hands, was
//! given up or was fought over, with the sentence that says so; the timeline of a place is its
//! claims in order of date, and the claims about the places it lies in that covered it whole
//! ("took complete control of the city" covers the city's quarters).
//!
//! Claims come from the narrative's coded events ([`claim_from_event`]) and from the lines of an
//! infobox's Result and Territory fields ([`claims_from_infobox`]). This crate does no I/O: the
//! caller gives it stored events, conflict records and a gazetteer.
//!
//! Invariants:
//! - A claim is about a gazetteer entry, or about a name the gazetteer does not know, which then
//!   has a timeline of its own and nothing around or within it.
//! - Control of a place never follows from a claim about a place within it.
//! - A later statement overrides an earlier one; statements about the same days that disagree
//!   are both kept, and the answer says so (`conflicting`).

use annals_extract::coding::{code_sentence, CodingContext, Lexicon};
use annals_extract::narrative::{self, DateContext};
use annals_model::conflict::PartialDate;
use annals_model::event::Event;
use annals_model::Span;
use annals_resolve::{name_key, Actors, Gazetteer, People, Resolved, Theatre};
use serde::{Deserialize, Serialize};

/// Where a claim was read: the document, the sentence and its date as the narrative gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub document: String,
    pub text: String,
    /// ISO 8601 at the precision the text gave.
    pub date: String,
    /// The sentence's bytes in the document, when known (infobox lines have none).
    pub span: Option<Span>,
}

/// What a claim says happened to the place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// The controller took it (or held it, as the sentence says).
    Took,
    /// Its holder (`loser`) gave it up; the controller is whoever the context leaves, if anyone.
    Lost,
    /// Fighting for it, or part of it taken: it is contested, and its controller unchanged.
    Contested,
}

/// A place a claim is about: a gazetteer entry, or a name the gazetteer does not know (by its
/// [`name_key`]), which has a timeline of its own but no places around or within it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PlaceId {
    Entry(usize),
    Unlisted(String),
}

impl PlaceId {
    /// The place a name stands for: the gazetteer's entry when it resolves one, else the name.
    pub fn of(resolved: Option<&Resolved>, written: &str) -> PlaceId {
        match resolved {
            Some(r) => PlaceId::Entry(r.id),
            None => PlaceId::Unlisted(name_key(written)),
        }
    }

    /// The places this one lies in whose taking whole ("complete control of the city") covers
    /// it: its ancestors in the gazetteer below the kinds of [`AREAS`].
    pub fn covered_by(&self, gazetteer: &Gazetteer) -> Vec<PlaceId> {
        match self {
            PlaceId::Entry(id) => gazetteer
                .ancestors(*id)
                .take_while(|&a| !is_area(&gazetteer.place(a).kind))
                .map(PlaceId::Entry)
                .collect(),
            PlaceId::Unlisted(_) => Vec::new(),
        }
    }
}

/// Whether a kind of place is too large for a claim about the whole of it to stand for each place
/// within: what a sentence says of a province it says of the war there, not of every village.
pub fn is_area(kind: &str) -> bool {
    AREAS.contains(&kind)
}

/// One statement about control of one place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub place: PlaceId,
    /// The first and last day the claim's date may stand for, as sortable `YYYY-MM-DD` strings
    /// (a month's first day is `-00`, its last `-99`).
    pub first: String,
    pub last: String,
    pub change: Change,
    /// The actor that holds the place after the claim, canonically named, when known.
    pub controller: Option<String>,
    /// The controller's bloc, when known.
    pub bloc: Option<String>,
    /// For a loss, the actor that gave the place up.
    pub loser: Option<String>,
    /// The claim covers the places within this one ("the whole city").
    pub whole: bool,
    pub evidence: Evidence,
}

/// A side of the claim's conflict: its bloc and the name of its first belligerent, which names
/// a controller that only the context gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideName {
    pub bloc: String,
    pub name: String,
}

/// What a claim needs to know of an event beyond the event itself.
pub struct EventContext<'a> {
    pub document: &'a str,
    /// The event's place resolved in the gazetteer, `None` when the gazetteer does not know it.
    pub place: Option<&'a Resolved>,
    /// The sides of the event's conflict.
    pub sides: &'a [SideName],
    pub lexicon: &'a Lexicon,
    /// The theatre the event's conflict is read with: its actors and people.
    pub theatre: &'a Theatre,
}

/// The sub-event types that say territory changed hands.
const TAKES: &[&str] = &["Government regains territory", "Non-state actor overtakes territory"];
/// The sub-event types under which a sentence may tell a side giving a place up.
const GIVES_UP: &[&str] = &["Non-violent transfer of territory", "Change to group/activity"];

/// Whether an event's kind may tell a change of hands at all.
fn may_change_hands(e: &Event) -> bool {
    let sub = e.sub_event_type.as_str();
    TAKES.contains(&sub) || GIVES_UP.contains(&sub)
}

/// The control claims an event makes: its own, and a capture of the same place the sentence
/// tells in passing as done earlier ("which was previously captured by the army on 5 July
/// 2013").
pub fn claims_from_event(e: &Event, cx: &EventContext<'_>) -> Vec<Claim> {
    if !may_change_hands(e) {
        return Vec::new();
    }
    let mut out: Vec<Claim> = claim_from_event(e, cx).into_iter().collect();
    if let Some((actor, when)) = annals_extract::control::earlier_capture(&e.text, cx.lexicon) {
        let mut dates = DateContext { last: Some(e.date.start), ..DateContext::default() };
        if let Some(date) = narrative::resolve(when, &mut dates) {
            let earlier = Event {
                date,
                event_type: "Battles".into(),
                sub_event_type: TAKES[1].into(),
                actor1: Some(actor.to_string()),
                actor2: None,
                ..e.clone()
            };
            if earlier.date.start.day_bounds().1 < e.date.start.day_bounds().0 {
                out.extend(claim_from_event(&earlier, cx));
            }
        }
    }
    out
}

/// The control claim an event makes, if any: a capture gives the place to its first actor, a
/// withdrawal takes it from its first actor, and a capture of part of a place, or a movement
/// into it, makes it contested.
pub fn claim_from_event(e: &Event, cx: &EventContext<'_>) -> Option<Claim> {
    let written = e.location.as_deref()?;
    if !may_change_hands(e) {
        return None;
    }
    let takes = TAKES.contains(&e.sub_event_type.as_str());
    if names_a_person(&e.text, written, &cx.theatre.people) {
        return None;
    }
    let reading = annals_extract::control::read(&e.text, Some(written), cx.lexicon);
    let date = e.date.start;
    let (first, last) = bounds(&date, e.date.end.as_ref());
    let evidence =
        Evidence { document: cx.document.to_string(), text: e.text.clone(), date: date.iso(), span: Some(e.span) };
    let actors = &cx.theatre.actors;
    let iso = date.iso();
    // Outside the theatre the actors data is about (a place the gazetteer does not know, in a
    // conflict none of whose sides it knows), its generic words ("army") mean someone else: the
    // actors stay as written and their blocs unknown.
    let theatre = cx.place.is_some() || !cx.sides.is_empty();
    let bloc_of =
        |a: &Option<String>| a.as_deref().filter(|_| theatre).and_then(|a| actors.bloc_at(a, &iso)).map(str::to_string);
    let canonical = |a: &Option<String>| {
        a.as_deref().map(|a| {
            let known = actors.lookup_mention(a).filter(|_| theatre);
            known.map_or(a, |x| x.name.as_str()).to_string()
        })
    };
    let side_blocs: Vec<String> = cx.sides.iter().map(|s| s.bloc.clone()).collect();
    let other_bloc = bloc_of(&e.actor2);
    let mut claim = Claim {
        place: PlaceId::of(cx.place, written),
        first,
        last,
        change: Change::Took,
        controller: None,
        bloc: None,
        loser: None,
        whole: reading.complete,
        evidence,
    };
    if takes {
        // A facility the gazetteer lacks, placed at its town, is part of the town, not the town.
        if !reading.took || reading.partial || cx.place.is_some_and(|p| p.at) {
            claim.change = Change::Contested;
            claim.whole = false;
        }
        claim.controller = canonical(&e.actor1);
        claim.bloc = bloc_of(&e.actor1)
            .or_else(|| {
                let a = e.actor1.as_deref()?;
                actors.bloc_in_context(a, other_bloc.as_deref(), &side_blocs).map(str::to_string)
            })
            .or_else(|| named_bloc(actors, &e.text, Some(written), other_bloc.as_deref()).filter(|_| theatre));
    } else {
        if !reading.withdrawal {
            return None;
        }
        claim.change = Change::Lost;
        claim.whole = false;
        claim.loser = canonical(&e.actor1);
        let lost_by = bloc_of(&e.actor1);
        // Who holds it then: the other actor of the sentence, or the one other side there is.
        let gainer = other_bloc.clone().filter(|b| Some(b) != lost_by.as_ref()).or_else(|| {
            let left: Vec<&String> = side_blocs.iter().filter(|b| Some(*b) != lost_by.as_ref()).collect();
            match left.as_slice() {
                [one] => Some((*one).clone()),
                _ => None,
            }
        });
        claim.controller = match (&gainer, &e.actor2) {
            (Some(g), Some(_)) if other_bloc.as_ref() == Some(g) => canonical(&e.actor2),
            (Some(g), _) => cx.sides.iter().find(|s| &s.bloc == g).map(|s| s.name.clone()),
            _ => None,
        };
        claim.bloc = gainer;
    }
    // Bystanders hold nothing: a sentence whose actor is civilians tells no change of hands.
    if claim.bloc.as_deref() == Some("civilians") {
        return None;
    }
    if claim.change == Change::Took && claim.bloc.is_none() && claim.controller.is_none() {
        return None;
    }
    Some(claim)
}

/// The one bloc the actors named in a sentence before its place stand for, besides the other
/// actor's: "Jabhat al-Nusra and Islamic battalions regained control of Abu Kamal".
fn named_bloc(actors: &Actors, text: &str, place: Option<&str>, other: Option<&str>) -> Option<String> {
    let before = place.and_then(|p| text.find(p)).map_or(text, |i| &text[..i]);
    let mut blocs: Vec<&str> = actors.blocs_named_in(before).into_iter().filter(|b| Some(*b) != other).collect();
    blocs.sort_unstable();
    blocs.dedup();
    match blocs.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

/// Whether a place name stands in the sentence as part of a person's name: "commander Mazloum
/// Abdi" names a man, not the village of Mazloum.
fn names_a_person(text: &str, place: &str, people: &People) -> bool {
    let Some(at) = text.find(place) else { return false };
    let after = &text[at + place.len()..];
    let next: String = after.trim_start().chars().take_while(|c| c.is_alphabetic() || *c == '-').collect();
    if next.chars().next().is_some_and(char::is_uppercase) && people.find(&format!("{place} {next}")).is_some() {
        return true;
    }
    let before = text[..at].trim_end().rsplit(' ').next().unwrap_or("").to_lowercase();
    matches!(before.as_str(), "commander" | "general" | "leader" | "spokesman" | "colonel" | "brigadier" | "emir")
}

/// The first day of `start` and the last of `end` (or of `start`), as sortable strings.
fn bounds(start: &PartialDate, end: Option<&PartialDate>) -> (String, String) {
    (start.day_bounds().0, end.unwrap_or(start).day_bounds().1)
}

/// One line of an infobox field about a conflict's outcome, with what it needs to be read.
pub struct InfoboxLine<'a> {
    pub document: &'a str,
    pub text: &'a str,
    /// The conflict's start and end, for the line's dates ("On 3 November") and for undated
    /// lines, which tell the state at the end.
    pub conflict: (PartialDate, Option<PartialDate>),
    pub sides: &'a [SideName],
    /// The theatre the conflict is read with.
    pub theatre: &'a Theatre,
}

/// The claims of an infobox's Result or Territory line: each is coded like a sentence of the
/// narrative, dated by its own words or else by the conflict's end, and its places resolved
/// within the conflict's surroundings by `resolve`.
pub fn claims_from_infobox(
    line: &InfoboxLine<'_>,
    lexicon: &std::sync::Arc<Lexicon>,
    resolve: &mut dyn FnMut(&str) -> Option<Resolved>,
) -> Vec<Claim> {
    let belligerents: Vec<Vec<String>> = line.sides.iter().map(|s| vec![s.name.clone()]).collect();
    let coding = CodingContext::new(None, belligerents, lexicon.clone());
    let mut out = Vec::new();
    for sentence in split_lines(line.text) {
        let mut dates = DateContext { conflict: Some(line.conflict), ..DateContext::default() };
        let resolved = narrative::resolve(sentence, &mut dates);
        let date = match resolved {
            Some(d) if d.start.precision() != annals_model::conflict::Precision::Year => d,
            _ => annals_model::event::NarrativeDate {
                start: line.conflict.1.unwrap_or(line.conflict.0),
                end: None,
                anchor: String::new(),
                inferred_from: "infobox".into(),
            },
        };
        for c in code_sentence(sentence, &coding).events {
            let Some(place) = c.place.as_deref() else { continue };
            let r = resolve(place);
            let e = Event {
                date: date.clone(),
                event_type: c.event_type,
                sub_event_type: c.sub_event_type,
                actor1: c.actor1,
                actor2: c.actor2,
                location: Some(place.to_string()),
                fatalities: None,
                source: None,
                text: sentence.to_string(),
                span: Span::new(0, 0),
            };
            let cx = EventContext {
                document: line.document,
                place: r.as_ref(),
                sides: line.sides,
                lexicon,
                theatre: line.theatre,
            };
            for mut claim in claims_from_event(&e, &cx) {
                claim.evidence.span = None;
                out.push(claim);
            }
        }
    }
    out
}

/// An infobox field's text cut into its statements: its lines, and the sentences of each.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().flat_map(|l| l.split(". ")).map(str::trim).filter(|s| !s.is_empty())
}

/// Kinds of place too large for a claim about the whole of it to stand for each place within.
const AREAS: &[&str] = &["country", "governorate", "district", "subdistrict", "region"];

/// Who held a place on a day, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub controller: Option<String>,
    pub bloc: Option<String>,
    /// The first day of the claim that gave the place to its controller.
    pub since: Option<String>,
    /// The date of that claim as the text gave it.
    pub since_date: Option<String>,
    /// Part of the place was fought over or taken since.
    pub contested: bool,
    /// The claims that made and kept the controller, and those that contested it, in order.
    pub evidence: Vec<Evidence>,
    /// Claims about the same days that name another controller.
    pub conflicting: Vec<Evidence>,
}

/// A stretch of time one controller held a place.
#[derive(Clone, Debug, PartialEq)]
pub struct Interval {
    pub controller: Option<String>,
    pub bloc: Option<String>,
    pub since: String,
    pub since_date: String,
    /// The date of the claim that ended it, if any did.
    pub until: Option<String>,
    pub contested: bool,
    pub evidence: Vec<Evidence>,
    pub conflicting: Vec<Evidence>,
}

/// Every claim, by place.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    claims: Vec<Claim>,
    by_place: std::collections::HashMap<PlaceId, Vec<usize>>,
}

impl Timeline {
    pub fn new(mut claims: Vec<Claim>) -> Timeline {
        // Date order; among claims of the same day, the order they were told in.
        claims.sort_by(|a, b| a.first.cmp(&b.first));
        let mut by_place: std::collections::HashMap<PlaceId, Vec<usize>> = std::collections::HashMap::new();
        for (i, c) in claims.iter().enumerate() {
            by_place.entry(c.place.clone()).or_default().push(i);
        }
        Timeline { claims, by_place }
    }

    /// Every claim, in date order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// The places that have claims of their own.
    pub fn places(&self) -> impl Iterator<Item = &PlaceId> + '_ {
        self.by_place.keys()
    }

    /// The claims that bear on a place: its own, and those about places it lies in that cover
    /// them whole, in date order. Of claims of the same first day, one about the place itself
    /// comes after one about a place around it, so that the more specific statement stands.
    fn bearing(&self, place: &PlaceId, covered_by: &[PlaceId]) -> Vec<&Claim> {
        let mut idx: Vec<(usize, bool)> = self.by_place.get(place).into_iter().flatten().map(|&i| (i, true)).collect();
        for a in covered_by {
            for &i in self.by_place.get(a).into_iter().flatten() {
                if self.claims[i].whole {
                    idx.push((i, false));
                }
            }
        }
        idx.sort_by(|&(a, own_a), &(b, own_b)| {
            self.claims[a].first.cmp(&self.claims[b].first).then(own_a.cmp(&own_b)).then(a.cmp(&b))
        });
        idx.into_iter().map(|(i, _)| &self.claims[i]).collect()
    }

    /// The place's whole history: one interval per controller in turn. `covered_by` are the
    /// places whose taking whole covers this one ([`PlaceId::covered_by`]).
    pub fn history(&self, place: &PlaceId, covered_by: &[PlaceId]) -> Vec<Interval> {
        intervals(self.bearing(place, covered_by))
    }

    /// Who held the place on a day (`YYYY-MM-DD`, or a month or year, read as its last day):
    /// the controller of the last claim told for a day not after it. `None` when nothing is told
    /// of the place up to that day.
    pub fn at(&self, place: &PlaceId, covered_by: &[PlaceId], day: &str) -> Option<State> {
        let day = match day.len() {
            4 => format!("{day}-99-99"),
            7 => format!("{day}-99"),
            _ => day.to_string(),
        };
        let upto = self.bearing(place, covered_by).into_iter().filter(|c| c.first <= day);
        let last = intervals(upto).pop()?;
        Some(State {
            controller: last.controller,
            bloc: last.bloc,
            since: Some(last.since),
            since_date: Some(last.since_date),
            contested: last.contested,
            evidence: last.evidence,
            conflicting: last.conflicting,
        })
    }
}

/// Claims in date order as the intervals of their holders: a claim of the holder adds to its
/// interval, a fight marks it contested, another holder begins the next one.
fn intervals<'c>(claims: impl IntoIterator<Item = &'c Claim>) -> Vec<Interval> {
    let mut out: Vec<Interval> = Vec::new();
    for c in claims {
        match c.change {
            Change::Contested => {
                // Fighting before anyone is known to hold it says nothing of who does.
                if let Some(cur) = out.last_mut() {
                    cur.contested = true;
                    cur.evidence.push(c.evidence.clone());
                }
            }
            Change::Took | Change::Lost => {
                if let Some(cur) = out.last_mut().filter(|cur| same_holder(cur, c)) {
                    cur.evidence.push(c.evidence.clone());
                    continue;
                }
                // Another holder told for the very days of the last change disagrees with it.
                let conflicting = out.last().filter(|cur| cur.since == c.first).map(|cur| cur.evidence.clone());
                if let Some(cur) = out.last_mut() {
                    cur.until = Some(c.evidence.date.clone());
                }
                out.push(Interval {
                    controller: c.controller.clone(),
                    bloc: c.bloc.clone(),
                    since: c.first.clone(),
                    since_date: c.evidence.date.clone(),
                    until: None,
                    contested: false,
                    evidence: vec![c.evidence.clone()],
                    conflicting: conflicting.unwrap_or_default(),
                });
            }
        }
    }
    out
}

/// Whether a claim names the holder an interval already has.
fn same_holder(cur: &Interval, c: &Claim) -> bool {
    match (&cur.bloc, &c.bloc) {
        (Some(a), Some(b)) => a == b,
        _ => cur.controller.is_some() && cur.controller == c.controller,
    }
}
