//! Exports: the public contract of annals with its users (pandas, R, QGIS, DuckDB) and with the
//! scorer in `shared/eval`. JSON Lines follow `shared/eval/FORMAT.md` field for field; extra
//! fields (provenance, disagreements) are added beside them, never instead of them. CSV flattens
//! one row per side for spreadsheets.

use annals_model::conflict::{Claim, Precision};
use annals_model::event::Event;
use annals_resolve::{Actors, Asserted, Conflict, Gazetteer, Located, MergedSide, Near};
use serde_json::{json, Value};
use std::io::Write;

/// Errors while writing an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot encode JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The JSON object of one claim, with the documents that assert it.
pub fn claim_json(c: &Asserted<Claim>) -> Value {
    let v = &c.value;
    json!({
        "text": v.text, "low": v.low, "high": v.high, "qualifier": v.qualifier, "category": v.category,
        "who": v.who, "source": v.source, "period": v.period, "documents": c.documents,
    })
}

fn side_json(s: &MergedSide) -> Value {
    let names = |list: &[Asserted<String>]| list.iter().map(|a| a.value.clone()).collect::<Vec<_>>();
    let provenance = |list: &[Asserted<String>]| {
        list.iter().map(|a| json!({"name": a.value, "documents": a.documents})).collect::<Vec<_>>()
    };
    json!({
        "belligerents": names(&s.belligerents),
        "supported_by": names(&s.supported_by),
        "commanders": s.commanders.iter().map(|m| json!({
            "name": m.commander.name, "role": m.commander.role, "killed": m.commander.killed,
            "rank": m.commander.rank, "flag": m.commander.flag, "other_names": m.other_names,
            "documents": m.documents,
        })).collect::<Vec<_>>(),
        "units": s.units,
        "strength": s.strength.iter().map(claim_json).collect::<Vec<_>>(),
        "casualties": s.casualties.iter().map(claim_json).collect::<Vec<_>>(),
        "bloc": s.bloc,
        "belligerent_documents": provenance(&s.belligerents),
        "supported_by_documents": provenance(&s.supported_by),
    })
}

/// One conflict as the object FORMAT.md describes.
/// Where a conflict took place, from its infobox's place ("Deir ez-Zor, Deir ez-Zor Governorate,
/// Syria"): the first part, most specific, that the gazetteer knows.
pub fn conflict_location(c: &Conflict, gazetteer: &Gazetteer) -> Option<Located> {
    let place = c.place.as_deref()?;
    place
        .split([',', '\n', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .find_map(|p| gazetteer.resolve_near(p, Near::Unknown).map(|r| gazetteer.located(&r, p)))
}

pub fn conflict_json(c: &Conflict, gazetteer: &Gazetteer) -> Value {
    json!({
        "title": c.title,
        "documents": c.documents,
        "start": c.start.map(|d| d.iso()),
        "end": c.end.map(|d| d.iso()),
        "date": c.date_text,
        "place": c.place,
        "location": conflict_location(c, gazetteer),
        "part_of": c.part_of.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
        "result": c.result,
        "status": c.status,
        "territory": c.territory,
        "sides": c.sides.iter().map(side_json).collect::<Vec<_>>(),
        "other_casualties": c.other_casualties.iter().map(claim_json).collect::<Vec<_>>(),
        "disagreements": c.disagreements,
        "theatre": c.theatre.id(),
        "coordinates": c.coordinates.map(|(lat, lon)| json!({"latitude": lat, "longitude": lon})),
        "inferred_from_lead": c.basis == annals_model::conflict::Basis::Lead,
    })
}

/// Writes conflicts as JSON Lines, one object a line.
pub fn conflicts_jsonl(conflicts: &[Conflict], gazetteer: &Gazetteer, out: &mut dyn Write) -> Result<(), ExportError> {
    for c in conflicts {
        serde_json::to_writer(&mut *out, &conflict_json(c, gazetteer))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn claims_text(claims: &[Asserted<Claim>]) -> String {
    claims.iter().map(|c| c.value.text.as_str()).collect::<Vec<_>>().join("; ")
}

/// Writes conflicts as CSV, one row per side (a conflict without sides gets one row).
pub fn conflicts_csv(conflicts: &[Conflict], out: &mut dyn Write) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "title",
        "start",
        "end",
        "place",
        "result",
        "side",
        "belligerents",
        "supported_by",
        "commanders",
        "strength",
        "casualties",
        "other_casualties",
        "documents",
    ])?;
    for c in conflicts {
        let base = |side: String, s: Option<&MergedSide>| {
            let join = |list: &[Asserted<String>]| list.iter().map(|a| a.value.as_str()).collect::<Vec<_>>().join("; ");
            vec![
                c.title.clone(),
                c.start.map(|d| d.iso()).unwrap_or_default(),
                c.end.map(|d| d.iso()).unwrap_or_default(),
                c.place.clone().unwrap_or_default(),
                c.result.clone().unwrap_or_default(),
                side,
                s.map(|s| join(&s.belligerents)).unwrap_or_default(),
                s.map(|s| join(&s.supported_by)).unwrap_or_default(),
                s.map(|s| {
                    s.commanders
                        .iter()
                        .map(|m| {
                            let mut n = m.commander.name.clone();
                            if let Some(r) = &m.commander.role {
                                n.push_str(&format!(" ({r})"));
                            }
                            if m.commander.killed {
                                n.push_str(" †");
                            }
                            n
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default(),
                s.map(|s| claims_text(&s.strength)).unwrap_or_default(),
                s.map(|s| claims_text(&s.casualties)).unwrap_or_default(),
                claims_text(&c.other_casualties),
                c.documents.join("; "),
            ]
        };
        if c.sides.is_empty() {
            w.write_record(base(String::new(), None))?;
        }
        for (i, s) in c.sides.iter().enumerate() {
            w.write_record(base((i + 1).to_string(), Some(s)))?;
        }
    }
    w.flush()?;
    Ok(())
}

/// One event with the names of its document and conflict, as exports need them.
pub struct EventRow<'a> {
    pub document: &'a str,
    pub conflict: &'a str,
    pub event: &'a Event,
    /// The event's place resolved in the gazetteer, or `None` when the event names no place.
    pub place: Option<Located>,
    /// The blocs of the sides of the event's conflict, one per side, where they are known: the
    /// context in which "militants" or "the fighters" take a side.
    pub side_blocs: &'a [String],
    /// The actors of the theatre the event's conflict is read with.
    pub actors: &'a Actors,
}

/// The bloc of an actor on the event's day: a dated change of alignment (a unit that pledged
/// itself to another side) counts from its date on; otherwise the actor's undated bloc. A word
/// that names no side ("militants") takes the one its conflict's sides and the other actor leave.
fn bloc<'a>(
    actors: &'a Actors,
    actor: &Option<String>,
    other: &Option<String>,
    date: &str,
    sides: &'a [String],
) -> Option<&'a str> {
    let a = actor.as_deref()?;
    actors.bloc_at(a, date).or_else(|| {
        let other = other.as_deref().and_then(|o| actors.bloc_at(o, date));
        actors.bloc_in_context(a, other, sides)
    })
}

/// An actor as exports name it: the canonical name when the actors data knows the mention ("the
/// 104th" is the 104th Airborne Brigade, "the ISIS fighters" are ISIL), else the mention as
/// written.
fn canonical_actor(actors: &Actors, actor: &Option<String>) -> Option<String> {
    let written = actor.as_deref()?;
    Some(actors.lookup_mention(written).map_or(written, |a| a.name.as_str()).to_string())
}

/// One event as the object FORMAT.md describes.
pub fn event_json(r: &EventRow<'_>) -> Value {
    let e = r.event;
    json!({
        "document": r.document,
        "conflict": r.conflict,
        "date_start": e.date.start.iso(),
        "date_end": e.date.end.map(|d| d.iso()),
        "date_anchor": e.date.anchor,
        "date_inferred_from": e.date.inferred_from,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": canonical_actor(r.actors, &e.actor1),
        "actor2": canonical_actor(r.actors, &e.actor2),
        "actor1_written": e.actor1,
        "actor2_written": e.actor2,
        "actor1_bloc": bloc(r.actors, &e.actor1, &e.actor2, &e.date.start.iso(), r.side_blocs),
        "actor2_bloc": bloc(r.actors, &e.actor2, &e.actor1, &e.date.start.iso(), r.side_blocs),
        // The canonical name where the gazetteer knows the place; the name as written beside it.
        "location": r.place.as_ref().map(|p| p.name.as_str()).or(e.location.as_deref()),
        "location_written": e.location,
        "location_kind": r.place.as_ref().map(|p| p.kind.as_str()).filter(|k| !k.is_empty()),
        "location_confidence": r.place.as_ref().map(|p| p.confidence),
        "latitude": r.place.as_ref().and_then(|p| p.latitude),
        "longitude": r.place.as_ref().and_then(|p| p.longitude),
        "admin1": r.place.as_ref().and_then(|p| p.admin1.as_deref()),
        "admin2": r.place.as_ref().and_then(|p| p.admin2.as_deref()),
        "where_prec": r.place.as_ref().and_then(|p| p.where_prec),
        "fatalities": e.fatalities.map(|f| json!({"low": f.low, "high": f.high})),
        "source": e.source,
        "text": e.text,
        "span": [e.span.start, e.span.end],
    })
}

/// Writes events as JSON Lines, one object a line.
pub fn events_jsonl(rows: &[EventRow<'_>], out: &mut dyn Write) -> Result<(), ExportError> {
    for r in rows {
        serde_json::to_writer(&mut *out, &event_json(r))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes events as CSV with ACLED's column names, plus the bounds of the death toll, the span
/// and the document.
pub fn events_csv(rows: &[EventRow<'_>], out: &mut dyn Write) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "location",
        "latitude",
        "longitude",
        "fatalities",
        "source",
        "notes",
        "admin1",
        "admin2",
        "where_prec",
        "location_written",
        "fatalities_low",
        "fatalities_high",
        "span_start",
        "span_end",
        "document",
        "conflict",
    ])?;
    for r in rows {
        let e = r.event;
        // ACLED's time precision: 1 for a known day, 2 for a week or a few days, 3 for a month.
        let precision = match (e.date.start.precision(), e.date.end) {
            (Precision::Day, None) => "1",
            (Precision::Day, Some(_)) => "2",
            _ => "3",
        };
        let opt = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
        let (low, high) = e.fatalities.map_or((None, None), |f| (f.low, f.high));
        w.write_record([
            e.date.start.iso(),
            precision.to_string(),
            e.event_type.clone(),
            e.sub_event_type.clone(),
            canonical_actor(r.actors, &e.actor1).unwrap_or_default(),
            canonical_actor(r.actors, &e.actor2).unwrap_or_default(),
            r.place.as_ref().map(|p| p.name.clone()).or_else(|| e.location.clone()).unwrap_or_default(),
            coordinate(r.place.as_ref().and_then(|p| p.latitude)),
            coordinate(r.place.as_ref().and_then(|p| p.longitude)),
            // ACLED's single figure is the lowest the text vouches for.
            low.or(high).map(|n| n.to_string()).unwrap_or_else(|| "0".into()),
            e.source.clone().unwrap_or_default(),
            e.text.clone(),
            r.place.as_ref().and_then(|p| p.admin1.clone()).unwrap_or_default(),
            r.place.as_ref().and_then(|p| p.admin2.clone()).unwrap_or_default(),
            r.place.as_ref().and_then(|p| p.where_prec).map(|n| n.to_string()).unwrap_or_default(),
            e.location.clone().unwrap_or_default(),
            opt(low),
            opt(high),
            e.span.start.to_string(),
            e.span.end.to_string(),
            r.document.to_string(),
            r.conflict.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The evidence of a control statement as FORMAT.md has it, with the span beside it.
fn evidence_json(e: &annals_control::Evidence) -> Value {
    json!({
        "document": e.document,
        "text": e.text,
        "date": e.date,
        "span": e.span.map(|s| [s.start, s.end]),
    })
}

/// Who held a place on a day, as FORMAT.md describes `control`: the controller is `null` when the
/// corpus says nothing of the place up to that day. Beside it: the controller's bloc, whether
/// the place was contested since, and the statements that disagree.
pub fn control_json(place: &str, at: &str, state: Option<&annals_control::State>) -> Value {
    json!({
        "place": place,
        "at": at,
        "controller": state.and_then(|s| s.controller.as_deref().or(s.bloc.as_deref())),
        "controller_bloc": state.and_then(|s| s.bloc.as_deref()),
        "since": state.and_then(|s| s.since_date.as_deref()),
        "contested": state.is_some_and(|s| s.contested),
        "evidence": state.map(|s| s.evidence.iter().map(evidence_json).collect::<Vec<_>>()).unwrap_or_default(),
        "conflicting": state.map(|s| s.conflicting.iter().map(evidence_json).collect::<Vec<_>>()).unwrap_or_default(),
    })
}

/// A day bound of a partial date as people write it: `2014-07-00` and `2014-07-99` are July
/// 2014, `2014-99-99` the year.
pub fn day_bound(d: &str) -> String {
    let mut d = d;
    while let Some(rest) = d.strip_suffix("-00").or_else(|| d.strip_suffix("-99")) {
        d = rest;
    }
    d.to_string()
}

/// One control claim, about the place named: what changed, between which days, for whom, and
/// the sentence that says so.
pub fn control_claim_json(c: &annals_control::Claim, place: &str) -> Value {
    json!({
        "place": place,
        "change": match c.change {
            annals_control::Change::Took => "took",
            annals_control::Change::Lost => "lost",
            annals_control::Change::Contested => "contested",
        },
        "first": day_bound(&c.first),
        "last": day_bound(&c.last),
        "controller": c.controller,
        "bloc": c.bloc,
        "loser": c.loser,
        "whole": c.whole,
        "evidence": evidence_json(&c.evidence),
    })
}

/// A place's whole control history: one object per controller in turn.
pub fn control_history_json(place: &str, history: &[annals_control::Interval]) -> Value {
    let intervals: Vec<Value> = history
        .iter()
        .map(|i| {
            json!({
                "controller": i.controller.as_deref().or(i.bloc.as_deref()),
                "controller_bloc": i.bloc,
                "since": i.since_date,
                "until": i.until,
                "contested": i.contested,
                "evidence": i.evidence.iter().map(evidence_json).collect::<Vec<_>>(),
                "conflicting": i.conflicting.iter().map(evidence_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"place": place, "history": intervals})
}

/// A place and who held it, as a GeoJSON Feature (RFC 7946: longitude first). A place without
/// coordinates has a `null` geometry.
pub fn control_feature(place: &Located, state: &annals_control::State) -> Value {
    let geometry = match (place.longitude, place.latitude) {
        (Some(lon), Some(lat)) => json!({"type": "Point", "coordinates": [lon, lat]}),
        _ => Value::Null,
    };
    json!({
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "place": place.name,
            "kind": place.kind,
            "admin1": place.admin1,
            "admin2": place.admin2,
            "where_prec": place.where_prec,
            "controller": state.controller.as_deref().or(state.bloc.as_deref()),
            "controller_bloc": state.bloc,
            "since": state.since_date,
            "contested": state.contested,
            "evidence": state.evidence.len(),
            "disputed": !state.conflicting.is_empty(),
        },
    })
}

/// Features as a GeoJSON FeatureCollection for a day.
pub fn feature_collection(at: &str, features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "at": at, "features": features})
}

/// A coordinate as ACLED writes it (four decimals), or an empty cell.
fn coordinate(c: Option<f64>) -> String {
    c.map(|v| format!("{v:.4}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The actors of the Syrian theatre, which these events are of.
    fn syria() -> Actors {
        annals_resolve::Theatres::builtin()
            .expect("the shipped theatres load")
            .get("syria")
            .expect("syria")
            .actors
            .clone()
    }
    use annals_model::conflict::PartialDate;
    use annals_model::event::NarrativeDate;

    #[test]
    fn day_bounds_read_as_people_write_partial_dates() {
        assert_eq!(day_bound("2014-07-01"), "2014-07-01");
        assert_eq!(day_bound("2014-07-00"), "2014-07");
        assert_eq!(day_bound("2014-07-99"), "2014-07");
        assert_eq!(day_bound("2014-99-99"), "2014");
        assert_eq!(day_bound("2014-00-00"), "2014");
    }

    fn event(actor1: &str, date: PartialDate) -> Event {
        Event {
            date: NarrativeDate { start: date, end: None, anchor: String::new(), inferred_from: "text".into() },
            event_type: "Strategic developments".into(),
            sub_event_type: "Change to group/activity".into(),
            actor1: Some(actor1.into()),
            actor2: None,
            location: None,
            fatalities: None,
            source: None,
            text: String::new(),
            span: annals_model::Span::new(0, 0),
        }
    }

    #[test]
    fn an_actors_bloc_follows_its_dated_change_of_alignment() {
        let day = |y, m, d| PartialDate { year: y, month: Some(m), day: Some(d), approx: false };
        let cases = [
            ("Al-Nusra Front in Abu Kamal", day(2014, 6, 1), "opposition"),
            ("Al-Nusra Front in Abu Kamal", day(2014, 7, 1), "isil"),
            // A mention the data knows only through its nouns keeps its undated bloc.
            ("the ISIS fighters", day(2014, 7, 1), "isil"),
            // The canonical name stands beside the name as written.
            ("the 104th", day(2014, 10, 24), "government"),
        ];
        let actors = syria();
        for (actor, date, want) in cases {
            let e = event(actor, date);
            let v = event_json(&EventRow {
                document: "d",
                conflict: "c",
                event: &e,
                place: None,
                side_blocs: &[],
                actors: &actors,
            });
            assert_eq!(v["actor1_bloc"], want, "{actor} on {date:?}");
            assert_eq!(v["actor1_written"], actor);
        }
        let e = event("the 104th", day(2014, 10, 24));
        let v = event_json(&EventRow {
            document: "d",
            conflict: "c",
            event: &e,
            place: None,
            side_blocs: &[],
            actors: &actors,
        });
        assert_eq!(v["actor1"], "104th Airborne Brigade");
    }

    #[test]
    fn a_generic_armed_mention_takes_the_side_its_conflict_leaves() {
        let actors = syria();
        let day = PartialDate { year: 2016, month: Some(1), day: Some(16), approx: false };
        let mut e = event("militants", day);
        e.actor2 = Some("the Syrian Army".into());
        let sides = ["government".to_string(), "isil".to_string()];
        let v = event_json(&EventRow {
            document: "d",
            conflict: "c",
            event: &e,
            place: None,
            side_blocs: &sides,
            actors: &actors,
        });
        assert_eq!(v["actor1_bloc"], "isil");
        assert_eq!(v["actor2_bloc"], "government");
        // The word stays as written: the context gives a side, not an organisation.
        assert_eq!(v["actor1"], "militants");
        // Outside a conflict the side stays unknown.
        let v = event_json(&EventRow {
            document: "d",
            conflict: "c",
            event: &e,
            place: None,
            side_blocs: &[],
            actors: &actors,
        });
        assert_eq!(v["actor1_bloc"], Value::Null);
    }
}
