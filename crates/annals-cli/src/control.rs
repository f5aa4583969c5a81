//! `annals control`: who held a place on a day, a place's whole history, or every place on a day
//! as GeoJSON, printed from the cache `annals_query::control` keeps.

use annals_control::{Evidence, Timeline};
use annals_query::control::Asked;
use annals_resolve::Gazetteer;
use anyhow::{bail, Result};
use std::io::Write;

/// How `annals control` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ControlOutput {
    Table,
    Json,
    /// Every place with a known controller on the day, as a GeoJSON FeatureCollection.
    Geojson,
}

/// `annals control PLACE --at DATE`.
pub fn print_at(
    out: &mut dyn Write,
    timeline: &Timeline,
    asked: &Asked,
    at: &str,
    output: ControlOutput,
) -> Result<()> {
    let shown = &asked.shown;
    let state = timeline.at(&asked.place, &asked.covered_by, at);
    match output {
        ControlOutput::Json => {
            writeln!(out, "{}", annals_export::control_json(shown, at, state.as_ref()))?;
        }
        ControlOutput::Table => match state {
            None => writeln!(out, "{shown} on {at}: nothing in the corpus says who held it")?,
            Some(s) => {
                let who = holder(&s.controller, &s.bloc);
                let since = s.since_date.as_deref().unwrap_or("?");
                writeln!(out, "{shown} on {at}: held by {who} since {since}")?;
                if s.contested {
                    writeln!(out, "  contested since then")?;
                }
                print_evidence(out, "  ", &s.evidence, &s.conflicting)?;
            }
        },
        ControlOutput::Geojson => bail!("--format geojson maps every place: leave out PLACE"),
    }
    Ok(())
}

/// `annals control PLACE`: every controller in turn, with the sentences that say so.
pub fn print_history(out: &mut dyn Write, timeline: &Timeline, asked: &Asked, output: ControlOutput) -> Result<bool> {
    let shown = &asked.shown;
    let history = timeline.history(&asked.place, &asked.covered_by);
    match output {
        ControlOutput::Json => writeln!(out, "{}", annals_export::control_history_json(shown, &history))?,
        ControlOutput::Table => {
            if history.is_empty() {
                writeln!(out, "{shown}: nothing in the corpus says who held it")?;
            }
            for i in &history {
                let who = holder(&i.controller, &i.bloc);
                let until = i.until.as_deref().unwrap_or("");
                writeln!(out, "{} – {until}  {who}{}", i.since_date, if i.contested { ", contested" } else { "" })?;
                print_evidence(out, "    ", &i.evidence, &i.conflicting)?;
            }
        }
        ControlOutput::Geojson => bail!("--format geojson maps every place on a day: give --at DATE"),
    }
    Ok(!history.is_empty())
}

/// A holder as people read it: its name (or, when only its side is known, the side) and its bloc.
fn holder(controller: &Option<String>, bloc: &Option<String>) -> String {
    let who = controller.as_deref().or(bloc.as_deref()).unwrap_or("unknown");
    match bloc {
        Some(b) => format!("{who} ({b})"),
        None => who.to_string(),
    }
}

/// The sentences behind an answer, one a line, and then those that disagree with it.
fn print_evidence(out: &mut dyn Write, indent: &str, evidence: &[Evidence], conflicting: &[Evidence]) -> Result<()> {
    for e in evidence {
        writeln!(out, "{indent}{}  {}: {}", e.date, e.document, crate::show::clip(&e.text, 140))?;
    }
    for e in conflicting {
        writeln!(out, "{indent}disagrees: {}  {}: {}", e.date, e.document, crate::show::clip(&e.text, 120))?;
    }
    Ok(())
}

/// `annals control --at DATE --format geojson`: every place of the gazetteer the timeline knows a
/// controller of on the day, at its coordinates.
pub fn print_map(out: &mut dyn Write, timeline: &Timeline, gazetteer: &Gazetteer, at: &str) -> Result<()> {
    let features = annals_query::control::map_features(timeline, gazetteer, at);
    writeln!(out, "{}", annals_export::feature_collection(at, features))?;
    Ok(())
}
