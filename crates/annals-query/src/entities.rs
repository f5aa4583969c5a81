//! Actors and people: the data of the theatres the corpus's conflicts are read with, extended by
//! their infoboxes, and one actor or person with every mention.

use annals_resolve::{Actor, Actors, Conflict, People, SideInput};
use annals_store::StoredEvent;
use serde_json::json;

/// The actors of every theatre the conflicts are read with (a name two theatres know is the
/// first's), extended by what the corpus's infoboxes say: new belligerents take their side's bloc,
/// units in a tree their parent.
pub fn actors(conflicts: &[Conflict]) -> Actors {
    let mut actors = Actors::default();
    for t in theatres_in_use(conflicts) {
        for a in t.actors.all() {
            actors.add(a.clone());
        }
    }
    let sides: Vec<SideInput<'_>> = conflicts.iter().flat_map(|c| c.sides.iter().map(SideInput::from)).collect();
    actors.extend_from_sides(&sides);
    actors
}

/// The people of every theatre the conflicts are read with.
pub fn people(conflicts: &[Conflict]) -> People {
    let mut people = People::default();
    for t in theatres_in_use(conflicts) {
        for p in t.people.all() {
            people.add(p.clone());
        }
    }
    people
}

/// Each theatre the conflicts are read with, once, in the order of the conflicts.
fn theatres_in_use(conflicts: &[Conflict]) -> Vec<&annals_resolve::Theatre> {
    let mut out: Vec<&annals_resolve::Theatre> = Vec::new();
    for c in conflicts {
        if !out.iter().any(|t| t.id() == c.theatre.id()) {
            out.push(&c.theatre);
        }
    }
    out
}

/// Whether an event's actor1 or actor2 is the actor named (under any of its names), a unit of
/// it, or a mention that contains the name as written ("ISIS fighters").
pub fn involves(actors: &Actors, event: &annals_model::event::Event, name: &str) -> bool {
    let Some(target) = actors.lookup(name) else { return false };
    let lower = name.to_lowercase();
    [&event.actor1, &event.actor2].into_iter().flatten().any(|who| {
        let is_or_within =
            |a: &Actor| a.name == target.name || actors.ancestors(&a.name).iter().any(|p| p.name == target.name);
        actors.lookup_mention(who).is_some_and(is_or_within) || who.to_lowercase().contains(&lower)
    })
}

/// One mention of an actor or person: where it is and how it was written.
pub struct Mention<'a> {
    pub document: String,
    pub conflict: &'a str,
    pub date: Option<String>,
    /// How it is mentioned: as a side's belligerent or commander, an event's actor, or in a
    /// sentence.
    pub role: &'static str,
    pub written: String,
    /// The sentence, for a mention in the narrative.
    pub text: Option<&'a str>,
    pub span: Option<(usize, usize)>,
}

impl<'a> Mention<'a> {
    /// A mention in a conflict's infobox, as one of its documents gives it; dated by the
    /// conflict's start.
    fn in_infobox(c: &'a Conflict, document: &str, role: &'static str, written: &str) -> Mention<'a> {
        Mention {
            document: document.to_string(),
            conflict: &c.title,
            date: c.start.map(|d| d.iso()),
            role,
            written: written.to_string(),
            text: None,
            span: None,
        }
    }

    /// A mention in an event's sentence, with the sentence and its span.
    fn in_event(e: &'a StoredEvent, role: &'static str, written: &str) -> Mention<'a> {
        Mention {
            document: e.document.clone(),
            conflict: &e.conflict,
            date: Some(e.event.date.start.iso()),
            role,
            written: written.to_string(),
            text: Some(&e.event.text),
            span: Some((e.event.span.start, e.event.span.end)),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        json!({
            "document": self.document, "conflict": self.conflict, "date": self.date, "as": self.role,
            "written": self.written, "text": self.text, "span": self.span.map(|(a, b)| [a, b]),
        })
    }
}

/// Spellings with how often each was seen, in order of first sighting.
pub fn count_spellings<'a>(mentions: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for m in mentions {
        match out.iter_mut().find(|(s, _)| s == m) {
            Some((_, n)) => *n += 1,
            None => out.push((m.to_string(), 1)),
        }
    }
    out
}

/// One actor with the spellings the corpus uses and every mention: in an infobox's sides and
/// as an event's actor.
pub struct ActorView<'a> {
    pub query: String,
    pub actor: &'a Actor,
    pub bloc: Option<&'a str>,
    /// The actors it is part of, nearest first.
    pub within: Vec<String>,
    pub units: Vec<String>,
    pub spellings: Vec<(String, usize)>,
    pub mentions: Vec<Mention<'a>>,
}

/// The actor a name stands for, with its mentions; `None` when no actor has the name.
pub fn actor_view<'a>(
    actors: &'a Actors,
    conflicts: &'a [Conflict],
    events: &'a [StoredEvent],
    name: &str,
) -> Option<ActorView<'a>> {
    let actor = actors.lookup(name)?;
    let is_it = |n: &str| actors.lookup_mention(n).is_some_and(|a| a.name == actor.name);
    let mut mentions = Vec::new();
    for c in conflicts {
        for (i, side) in c.sides.iter().enumerate() {
            let role = if i == 0 { "side 1" } else { "side 2+" };
            for b in side.belligerents.iter().chain(&side.supported_by).filter(|b| is_it(&b.value)) {
                for d in &b.documents {
                    mentions.push(Mention::in_infobox(c, d, role, &b.value));
                }
            }
        }
    }
    for e in events {
        for (role, who) in [("actor1", &e.event.actor1), ("actor2", &e.event.actor2)] {
            if let Some(w) = who.as_deref().filter(|w| is_it(w)) {
                mentions.push(Mention::in_event(e, role, w));
            }
        }
    }
    let spellings = count_spellings(mentions.iter().map(|m| m.written.as_str()));
    let names = |list: Vec<&Actor>| list.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
    let within = names(actors.ancestors(&actor.name));
    let units = names(actors.children(&actor.name));
    let bloc = actors.bloc_of(&actor.name);
    Some(ActorView { query: name.to_string(), actor, bloc, within, units, spellings, mentions })
}

impl ActorView<'_> {
    pub fn json(&self) -> serde_json::Value {
        let actor = self.actor;
        json!({
            "query": self.query,
            "name": actor.name,
            "aliases": actor.aliases,
            "bloc": self.bloc,
            "alignment": actor.alignment,
            "within": self.within,
            "units": self.units,
            "from_corpus": actor.from_corpus,
            "spellings_seen": self.spellings.iter().map(|(s, n)| json!({"spelling": s, "mentions": n})).collect::<Vec<_>>(),
            "mentions": self.mentions.iter().map(Mention::json).collect::<Vec<_>>(),
        })
    }
}

/// One person across names, roles and affiliations, the death with its date and the sentence
/// that tells it, and every mention.
pub struct PersonView<'a> {
    pub query: String,
    pub name: String,
    /// How sure the people file's match of the query is, when the file knows the person.
    pub confidence: Option<f64>,
    /// The other names, after the canonical one.
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
    pub affiliations: Vec<String>,
    /// Whether an infobox marks the person killed.
    pub marked_killed: bool,
    pub killed: Option<String>,
    /// Where the death date comes from: a document and span, or the people file.
    pub killed_source: Option<String>,
    /// The people file's death date.
    pub killed_in_people_file: Option<String>,
    /// The people file's death date where the narrative tells another.
    pub contradicted: Option<String>,
    pub spellings: Vec<(String, usize)>,
    pub mentions: Vec<Mention<'a>>,
}

/// The person a name stands for, known to the people file or as a commander in the corpus;
/// `None` when neither knows the name.
pub fn person_view<'a>(
    people: &'a People,
    conflicts: &'a [Conflict],
    events: &'a [StoredEvent],
    name: &str,
) -> Option<PersonView<'a>> {
    // Every commander spelling of the corpus, grouped into people.
    let mut seen: Vec<(&Conflict, usize, &annals_resolve::MergedCommander, &str)> = Vec::new();
    for c in conflicts {
        for (i, side) in c.sides.iter().enumerate() {
            for m in &side.commanders {
                for n in std::iter::once(&m.commander.name).chain(&m.other_names) {
                    seen.push((c, i, m, n.as_str()));
                }
            }
        }
    }
    let spellings: Vec<&str> = seen.iter().map(|s| s.3).collect();
    let clusters = people.cluster(&spellings);
    let found = people.find(name);
    let cluster = clusters.iter().find(|cl| match found {
        Some(f) => cl.person.is_some_and(|p| p.name == f.person.name),
        None => {
            cl.names.iter().any(|&i| annals_resolve::name_similarity(spellings[i], name) >= annals_resolve::SAME_PERSON)
        }
    });
    if found.is_none() && cluster.is_none() {
        return None;
    }
    let members: Vec<usize> = cluster.map(|c| c.names.clone()).unwrap_or_default();
    let canonical = found.map(|f| f.person.name.clone()).unwrap_or_else(|| spellings[members[0]].to_string());
    let mut names: Vec<String> = vec![canonical.clone()];
    if let Some(f) = found {
        names.extend(f.person.aliases.iter().cloned());
    }
    for &i in &members {
        if !names.iter().any(|n| n == spellings[i]) {
            names.push(spellings[i].to_string());
        }
    }
    let mut mentions = Vec::new();
    let mut roles: Vec<String> = found.map(|f| f.person.roles.clone()).unwrap_or_default();
    let mut affiliations: Vec<String> = found.map(|f| f.person.affiliations.clone()).unwrap_or_default();
    let mut marked_killed = false;
    for &i in &members {
        let (c, side, m, written) = seen[i];
        marked_killed |= m.commander.killed;
        if let Some(r) = m.commander.role.as_ref().filter(|r| !roles.contains(r)) {
            roles.push(r.clone());
        }
        for b in &c.sides[side].belligerents {
            if !affiliations.contains(&b.value) {
                affiliations.push(b.value.clone());
            }
        }
        for d in &m.documents {
            mentions.push(Mention::in_infobox(c, d, "commander", written));
        }
    }
    // The narrative: every event sentence that names the person, and the first that tells the
    // death gives its date.
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut killed_on: Option<(String, &StoredEvent)> = None;
    for e in events {
        let Some(written) = name_refs.iter().find(|n| n.len() >= 4 && e.event.text.contains(**n)) else { continue };
        if annals_extract::deaths::tells_death(&e.event.text, &name_refs) {
            let date = e.event.date.start.iso();
            if killed_on.as_ref().is_none_or(|(d, _)| date < *d) {
                killed_on = Some((date, e));
            }
        }
        mentions.push(Mention::in_event(e, "narrative", written));
    }
    // The narrative's date is traced to its sentence, so it comes first; the people file's date
    // stands where the narrative tells no death, and is shown beside a narrative date it
    // contradicts.
    let in_data = found.and_then(|f| f.person.killed.clone());
    let (killed, killed_source) = match (&killed_on, &in_data) {
        (Some((d, e)), _) => {
            (Some(d.clone()), Some(format!("{} {}..{}", e.document, e.event.span.start, e.event.span.end)))
        }
        (None, Some(d)) => (Some(d.clone()), Some("people file".to_string())),
        (None, None) => (None, None),
    };
    let contradicted = in_data.clone().filter(|d| killed_on.as_ref().is_some_and(|(n, _)| n != d));
    let spellings_seen = count_spellings(mentions.iter().map(|m| m.written.as_str()));
    Some(PersonView {
        query: name.to_string(),
        name: canonical,
        confidence: found.map(|f| f.confidence),
        aliases: names[1..].to_vec(),
        roles,
        affiliations,
        marked_killed,
        killed,
        killed_source,
        killed_in_people_file: in_data,
        contradicted,
        spellings: spellings_seen,
        mentions,
    })
}

impl PersonView<'_> {
    pub fn json(&self) -> serde_json::Value {
        json!({
            "query": self.query,
            "name": self.name,
            "confidence": self.confidence,
            "aliases": self.aliases,
            "roles": self.roles,
            "affiliations": self.affiliations,
            "killed": self.killed.is_some() || self.marked_killed,
            "killed_on": self.killed,
            "killed_source": self.killed_source,
            "killed_in_people_file": self.killed_in_people_file,
            "spellings_seen": self.spellings.iter().map(|(s, n)| json!({"spelling": s, "mentions": n})).collect::<Vec<_>>(),
            "mentions": self.mentions.iter().map(Mention::json).collect::<Vec<_>>(),
        })
    }
}
