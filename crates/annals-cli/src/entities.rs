//! `annals actor NAME` and `annals person NAME`: one organisation or one person, the names the
//! corpus uses for it, and every mention with its source.

use crate::Output;
use annals_resolve::{Actor, Actors, Conflict, People, SideInput};
use annals_store::StoredEvent;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

/// The built-in actors extended by what the corpus's infoboxes say: new belligerents take their
/// side's bloc, units in a tree their parent.
pub fn actors(conflicts: &[Conflict]) -> Actors {
    let mut actors = Actors::builtin().clone();
    let sides: Vec<SideInput<'_>> = conflicts.iter().flat_map(|c| c.sides.iter().map(SideInput::from)).collect();
    actors.extend_from_sides(&sides);
    actors
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
struct Mention<'a> {
    document: String,
    conflict: &'a str,
    date: Option<String>,
    role: &'static str,
    written: String,
    text: Option<&'a str>,
    span: Option<(usize, usize)>,
}

impl Mention<'_> {
    fn json(&self) -> serde_json::Value {
        json!({
            "document": self.document, "conflict": self.conflict, "date": self.date, "as": self.role,
            "written": self.written, "text": self.text, "span": self.span.map(|(a, b)| [a, b]),
        })
    }

    fn row(&self) -> Vec<String> {
        vec![
            self.date.clone().unwrap_or_default(),
            crate::show::clip(&self.document, 30),
            self.role.to_string(),
            self.span.map(|(a, b)| format!("{a}..{b}")).unwrap_or_default(),
            crate::show::clip(&self.written, 24),
            crate::show::clip(self.text.unwrap_or(self.conflict), 60),
        ]
    }
}

/// Spellings with how often each was seen, in order of first sighting.
pub(crate) fn count_spellings<'a>(mentions: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for m in mentions {
        match out.iter_mut().find(|(s, _)| s == m) {
            Some((_, n)) => *n += 1,
            None => out.push((m.to_string(), 1)),
        }
    }
    out
}

fn print_mentions(out: &mut dyn Write, spellings: &[(String, usize)], mentions: &[Mention<'_>]) -> Result<()> {
    if mentions.is_empty() {
        writeln!(out, "  no mentions in the database")?;
        return Ok(());
    }
    let seen: Vec<String> = spellings.iter().map(|(s, n)| format!("{s} ({n})")).collect();
    writeln!(out, "  spellings in the corpus: {}", crate::show::clip(&seen.join(", "), 400))?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = mentions.iter().map(Mention::row).collect();
    crate::show::print_table(out, &["DATE", "DOCUMENT", "AS", "SPAN", "WRITTEN", "SENTENCE OR CONFLICT"], &rows)?;
    writeln!(out, "{} mentions", mentions.len())?;
    Ok(())
}

/// `annals actor NAME`. Returns whether the actor is known.
pub fn show_actor(
    out: &mut dyn Write,
    actors: &Actors,
    conflicts: &[Conflict],
    events: &[StoredEvent],
    name: &str,
    output: Output,
) -> Result<bool> {
    let Some(actor) = actors.lookup(name) else {
        writeln!(out, "no actor is known by the name {name:?}")?;
        return Ok(false);
    };
    let is_it = |n: &str| actors.lookup_mention(n).is_some_and(|a| a.name == actor.name);
    let mut mentions = Vec::new();
    for c in conflicts {
        for (i, side) in c.sides.iter().enumerate() {
            let role = if i == 0 { "side 1" } else { "side 2+" };
            for b in side.belligerents.iter().chain(&side.supported_by).filter(|b| is_it(&b.value)) {
                for d in &b.documents {
                    mentions.push(Mention {
                        document: d.clone(),
                        conflict: &c.title,
                        date: c.start.map(|d| d.iso()),
                        role,
                        written: b.value.clone(),
                        text: None,
                        span: None,
                    });
                }
            }
        }
    }
    for e in events {
        for (role, who) in [("actor1", &e.event.actor1), ("actor2", &e.event.actor2)] {
            if let Some(w) = who.as_deref().filter(|w| is_it(w)) {
                mentions.push(Mention {
                    document: e.document.clone(),
                    conflict: &e.conflict,
                    date: Some(e.event.date.start.iso()),
                    role,
                    written: w.to_string(),
                    text: Some(&e.event.text),
                    span: Some((e.event.span.start, e.event.span.end)),
                });
            }
        }
    }
    let spellings = count_spellings(mentions.iter().map(|m| m.written.as_str()));
    let names = |list: Vec<&Actor>| list.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
    let within = names(actors.ancestors(&actor.name));
    let units = names(actors.children(&actor.name));
    let bloc = actors.bloc_of(&actor.name);
    if output == Output::Json {
        let v = json!({
            "query": name,
            "name": actor.name,
            "aliases": actor.aliases,
            "bloc": bloc,
            "alignment": actor.alignment,
            "within": within,
            "units": units,
            "from_corpus": actor.from_corpus,
            "spellings_seen": spellings.iter().map(|(s, n)| json!({"spelling": s, "mentions": n})).collect::<Vec<_>>(),
            "mentions": mentions.iter().map(Mention::json).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(true);
    }
    writeln!(out, "{}{}", actor.name, if actor.from_corpus { " (named in the corpus's infoboxes)" } else { "" })?;
    writeln!(out, "  bloc: {}", bloc.unwrap_or("unknown"))?;
    for a in &actor.alignment {
        let until = a.until.as_deref().map(|u| format!(" until {u}")).unwrap_or_default();
        writeln!(
            out,
            "  from {}{until}: {}{}",
            a.from,
            a.bloc,
            a.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
        )?;
    }
    if !within.is_empty() {
        writeln!(out, "  within: {}", within.join(" ⊂ "))?;
    }
    if !units.is_empty() {
        writeln!(out, "  units: {}", units.join(", "))?;
    }
    if !actor.aliases.is_empty() {
        writeln!(out, "  also called: {}", crate::show::clip(&actor.aliases.join(", "), 300))?;
    }
    print_mentions(out, &spellings, &mentions)?;
    Ok(true)
}

/// `annals person NAME`. Returns whether the person is known, to the people file or as a
/// commander in the corpus.
pub fn show_person(
    out: &mut dyn Write,
    people: &People,
    conflicts: &[Conflict],
    events: &[StoredEvent],
    name: &str,
    output: Output,
) -> Result<bool> {
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
        writeln!(out, "no person is known by the name {name:?}")?;
        return Ok(false);
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
            mentions.push(Mention {
                document: d.clone(),
                conflict: &c.title,
                date: c.start.map(|d| d.iso()),
                role: "commander",
                written: written.to_string(),
                text: None,
                span: None,
            });
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
        mentions.push(Mention {
            document: e.document.clone(),
            conflict: &e.conflict,
            date: Some(e.event.date.start.iso()),
            role: "narrative",
            written: written.to_string(),
            text: Some(&e.event.text),
            span: Some((e.event.span.start, e.event.span.end)),
        });
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
    let contradicted = in_data.as_ref().filter(|d| killed_on.as_ref().is_some_and(|(n, _)| n != *d));
    let spellings_seen = count_spellings(mentions.iter().map(|m| m.written.as_str()));
    if output == Output::Json {
        let v = json!({
            "query": name,
            "name": canonical,
            "confidence": found.map(|f| f.confidence),
            "aliases": names[1..],
            "roles": roles,
            "affiliations": affiliations,
            "killed": killed.is_some() || marked_killed,
            "killed_on": killed,
            "killed_source": killed_source,
            "killed_in_people_file": in_data,
            "spellings_seen": spellings_seen.iter().map(|(s, n)| json!({"spelling": s, "mentions": n})).collect::<Vec<_>>(),
            "mentions": mentions.iter().map(Mention::json).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(true);
    }
    writeln!(out, "{canonical}")?;
    if !roles.is_empty() {
        writeln!(out, "  roles: {}", roles.join("; "))?;
    }
    if !affiliations.is_empty() {
        writeln!(out, "  with: {}", crate::show::clip(&affiliations.join(", "), 300))?;
    }
    match (&killed, marked_killed) {
        (Some(d), _) => {
            writeln!(out, "  killed on {d} ({})", killed_source.unwrap_or_default())?;
            if let Some(other) = contradicted {
                writeln!(out, "  the people file says {other}")?;
            }
        }
        (None, true) => writeln!(out, "  marked killed in an infobox; the narrative gives no date")?,
        (None, false) => {}
    }
    if names.len() > 1 {
        writeln!(out, "  also written: {}", crate::show::clip(&names[1..].join(", "), 300))?;
    }
    print_mentions(out, &spellings_seen, &mentions)?;
    Ok(true)
}
