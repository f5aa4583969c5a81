//! `annals actor NAME` and `annals person NAME`: one organisation or one person, the names the
//! corpus uses for it, and every mention with its source.

use crate::Output;
use annals_query::entities::{actor_view, person_view, Mention};
use annals_resolve::{Actors, Conflict, People};
use annals_store::StoredEvent;
use anyhow::Result;
use std::io::Write;

fn mention_row(m: &Mention<'_>) -> Vec<String> {
    vec![
        m.date.clone().unwrap_or_default(),
        crate::show::clip(&m.document, 30),
        m.role.to_string(),
        m.span.map(|(a, b)| format!("{a}..{b}")).unwrap_or_default(),
        crate::show::clip(&m.written, 24),
        crate::show::clip(m.text.unwrap_or(m.conflict), 60),
    ]
}

fn print_mentions(out: &mut dyn Write, spellings: &[(String, usize)], mentions: &[Mention<'_>]) -> Result<()> {
    if mentions.is_empty() {
        writeln!(out, "  no mentions in the database")?;
        return Ok(());
    }
    let seen: Vec<String> = spellings.iter().map(|(s, n)| format!("{s} ({n})")).collect();
    writeln!(out, "  spellings in the corpus: {}", crate::show::clip(&seen.join(", "), 400))?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = mentions.iter().map(mention_row).collect();
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
    let Some(view) = actor_view(actors, conflicts, events, name) else {
        writeln!(out, "no actor is known by the name {name:?}")?;
        return Ok(false);
    };
    let (actor, bloc, within, units) = (view.actor, view.bloc, &view.within, &view.units);
    if output == Output::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&view.json())?)?;
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
    print_mentions(out, &view.spellings, &view.mentions)?;
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
    let Some(view) = person_view(people, conflicts, events, name) else {
        writeln!(out, "no person is known by the name {name:?}")?;
        return Ok(false);
    };
    if output == Output::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&view.json())?)?;
        return Ok(true);
    }
    writeln!(out, "{}", view.name)?;
    if !view.roles.is_empty() {
        writeln!(out, "  roles: {}", view.roles.join("; "))?;
    }
    if !view.affiliations.is_empty() {
        writeln!(out, "  with: {}", crate::show::clip(&view.affiliations.join(", "), 300))?;
    }
    match (&view.killed, view.marked_killed) {
        (Some(d), _) => {
            writeln!(out, "  killed on {d} ({})", view.killed_source.as_deref().unwrap_or_default())?;
            if let Some(other) = &view.contradicted {
                writeln!(out, "  the people file says {other}")?;
            }
        }
        (None, true) => writeln!(out, "  marked killed in an infobox; the narrative gives no date")?,
        (None, false) => {}
    }
    if !view.aliases.is_empty() {
        writeln!(out, "  also written: {}", crate::show::clip(&view.aliases.join(", "), 300))?;
    }
    print_mentions(out, &view.spellings, &view.mentions)?;
    Ok(true)
}
