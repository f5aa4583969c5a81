//! The control timeline: claims in, who held what when out.

use annals_control::{claims_from_event, Change, Claim, EventContext, Evidence, PlaceId, SideName, Timeline};
use annals_extract::coding::Lexicon;
use annals_model::conflict::PartialDate;
use annals_model::event::{Event, NarrativeDate};
use annals_model::Span;
use annals_resolve::Gazetteer;

const CITY: PlaceId = PlaceId::Entry(1);
const QUARTER: PlaceId = PlaceId::Entry(2);

/// A claim told in a document: (place, day, change, bloc, whole).
fn claim(place: &PlaceId, day: &str, change: Change, bloc: &str, whole: bool) -> Claim {
    Claim {
        place: place.clone(),
        first: day.into(),
        last: day.into(),
        change,
        controller: Some(format!("the {bloc}")),
        bloc: Some(bloc.into()),
        loser: None,
        whole,
        evidence: Evidence { document: "d".into(), text: format!("{bloc} on {day}"), date: day.into(), span: None },
    }
}

/// Each case: the claims, the place asked about with the places covering it, the day, and the
/// bloc expected (None: nothing said up to then).
#[test]
fn who_held_a_place_on_a_day() {
    use Change::*;
    type Case = (&'static str, Vec<Claim>, PlaceId, Vec<PlaceId>, &'static str, Option<&'static str>);
    let cases: Vec<Case> = vec![
        ("nothing told yet", vec![claim(&CITY, "2014-05-01", Took, "isil", false)], CITY, vec![], "2014-04-30", None),
        (
            "a capture holds from its day",
            vec![claim(&CITY, "2014-05-01", Took, "isil", false)],
            CITY,
            vec![],
            "2014-05-01",
            Some("isil"),
        ),
        (
            "a later statement overrides an earlier one",
            vec![
                claim(&CITY, "2014-05-01", Took, "isil", false),
                claim(&CITY, "2015-01-01", Took, "government", false),
            ],
            CITY,
            vec![],
            "2015-02-01",
            Some("government"),
        ),
        (
            "fighting for a place leaves its holder",
            vec![
                claim(&CITY, "2014-05-01", Took, "isil", false),
                claim(&CITY, "2014-06-01", Contested, "government", false),
            ],
            CITY,
            vec![],
            "2014-07-01",
            Some("isil"),
        ),
        (
            "a quarter taken is not the city taken",
            vec![
                claim(&CITY, "2014-05-01", Took, "isil", false),
                claim(&QUARTER, "2014-06-01", Took, "government", false),
            ],
            CITY,
            vec![],
            "2014-07-01",
            Some("isil"),
        ),
        (
            "the whole city taken covers its quarters",
            vec![
                claim(&QUARTER, "2014-05-01", Took, "isil", false),
                claim(&CITY, "2017-11-03", Took, "government", true),
            ],
            QUARTER,
            vec![CITY],
            "2017-11-10",
            Some("government"),
        ),
        (
            "the city taken, not whole, leaves its quarters",
            vec![
                claim(&QUARTER, "2014-05-01", Took, "isil", false),
                claim(&CITY, "2017-11-03", Took, "government", false),
            ],
            QUARTER,
            vec![CITY],
            "2017-11-10",
            Some("isil"),
        ),
        (
            "a month-dated claim holds after its month",
            vec![claim(&CITY, "2014-05-00", Took, "isil", false)],
            CITY,
            vec![],
            "2014-06",
            Some("isil"),
        ),
    ];
    for (what, claims, place, covered, day, want) in cases {
        let t = Timeline::new(claims);
        let got = t.at(&place, &covered, day);
        assert_eq!(got.as_ref().and_then(|s| s.bloc.as_deref()), want, "{what}");
    }
}

#[test]
fn disagreeing_statements_about_the_same_day_are_both_kept() {
    let t = Timeline::new(vec![
        claim(&CITY, "2014-05-01", Change::Took, "isil", false),
        claim(&CITY, "2014-05-01", Change::Took, "opposition", false),
    ]);
    let s = t.at(&CITY, &[], "2014-05-02").unwrap();
    assert_eq!(s.conflicting.len(), 1, "{s:?}");
    assert_eq!(s.conflicting[0].text, "isil on 2014-05-01");
}

#[test]
fn history_has_one_interval_per_holder_with_its_evidence() {
    let t = Timeline::new(vec![
        claim(&CITY, "2012-11-16", Change::Took, "opposition", false),
        claim(&CITY, "2013-05-00", Change::Took, "opposition", false),
        claim(&CITY, "2014-07-01", Change::Took, "isil", false),
    ]);
    let h = t.history(&CITY, &[]);
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].since_date.as_str(), h[0].until.as_deref(), h[0].evidence.len()),
        ("2012-11-16", Some("2014-07-01"), 2)
    );
    assert_eq!((h[1].bloc.as_deref(), h[1].until.as_deref()), (Some("isil"), None));
}

/// The Syrian theatre, which the events of these tests are of.
fn syria() -> annals_resolve::Theatre {
    let theatres = annals_resolve::Theatres::builtin().expect("the shipped theatres load");
    (**theatres.get("syria").expect("syria")).clone()
}

fn event(text: &str, sub: &str, actor1: &str, actor2: Option<&str>, place: &str) -> Event {
    Event {
        date: NarrativeDate {
            start: PartialDate::day(2014, 7, 1),
            end: None,
            anchor: String::new(),
            inferred_from: "text".into(),
        },
        event_type: "Battles".into(),
        sub_event_type: sub.into(),
        actor1: Some(actor1.into()),
        actor2: actor2.map(Into::into),
        location: Some(place.into()),
        fatalities: None,
        source: None,
        text: text.into(),
        span: Span::new(0, text.len()),
    }
}

/// What one event claims: (sentence, sub-event type, actor1, actor2, place, expected change and
/// bloc, or None for no claim).
#[test]
fn events_make_claims() {
    let g = Gazetteer::builtin();
    let syria = syria();
    let lexicon = Lexicon::shipped();
    let sides = [
        SideName { bloc: "government".into(), name: "Syrian Arab Army".into() },
        SideName { bloc: "isil".into(), name: "ISIL".into() },
    ];
    const TAKE: &str = "Non-state actor overtakes territory";
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        &'static str,
        Option<(Change, Option<&'static str>)>,
    );
    let cases: Vec<Case> = vec![
        ("ISIS captured Abu Kamal.", TAKE, "ISIS", None, "Abu Kamal", Some((Change::Took, Some("isil")))),
        ("ISIS captured parts of Abu Kamal.", TAKE, "ISIS", None, "Abu Kamal", Some((Change::Contested, Some("isil")))),
        (
            "Government troops abandoned the Omar oilfield.",
            "Non-violent transfer of territory",
            "government troops",
            None,
            "Omar oilfield",
            Some((Change::Lost, Some("isil"))),
        ),
        // "Jabhat al-Nusra and Islamic battalions": the bloc the sentence names before the place.
        (
            "Jabhat al-Nusra and Islamic battalions regained control of Abu Kamal.",
            TAKE,
            "Islamic battalions",
            Some("ISIS"),
            "Abu Kamal",
            Some((Change::Took, Some("opposition"))),
        ),
        // A commander named like a village is no village.
        ("SDF commander Mazloum Abdi said the town was taken.", TAKE, "SDF", None, "Mazloum", None),
        // Civilians hold nothing.
        ("Residents took over the square of Abu Kamal.", TAKE, "residents", None, "Abu Kamal", None),
        // A shelling tells nothing of who holds the place.
        ("The army shelled Abu Kamal.", "Shelling/artillery/missile attack", "the army", None, "Abu Kamal", None),
    ];
    for (text, sub, a1, a2, place, want) in cases {
        let e = event(text, sub, a1, a2, place);
        let resolved = g.resolve_near(place, annals_resolve::Near::Unknown);
        let cx =
            EventContext { document: "d", place: resolved.as_ref(), sides: &sides, lexicon: &lexicon, theatre: &syria };
        let claims = claims_from_event(&e, &cx);
        let got = claims.first().map(|c| (c.change, c.bloc.as_deref()));
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn a_capture_told_in_passing_is_a_claim_of_its_own_day() {
    let g = Gazetteer::builtin();
    let text = "On 21 May, ISIS gained control of the village of Al-Shulah (which was previously captured by the army on 5 July 2013).";
    let mut e = event(text, "Non-state actor overtakes territory", "ISIS", None, "Al-Shulah");
    e.date.start = PartialDate::day(2014, 5, 21);
    let r = g.resolve_near("Al-Shulah", annals_resolve::Near::Unknown);
    let syria = syria();
    let lexicon = Lexicon::shipped();
    let cx = EventContext { document: "d", place: r.as_ref(), sides: &[], lexicon: &lexicon, theatre: &syria };
    let claims = claims_from_event(&e, &cx);
    let got: Vec<(&str, Option<&str>)> = claims.iter().map(|c| (c.first.as_str(), c.bloc.as_deref())).collect();
    assert_eq!(got, [("2014-05-21", Some("isil")), ("2013-07-05", Some("government"))]);
}

#[test]
fn outside_the_theatre_actors_stay_as_written() {
    let e =
        event("The Sixth Army captured Kalach.", "Non-state actor overtakes territory", "Sixth Army", None, "Kalach");
    // A conflict no theatre covers is read with its own sides: here none.
    let own = annals_resolve::Theatre::empty();
    let lexicon = Lexicon::shipped();
    let cx = EventContext { document: "d", place: None, sides: &[], lexicon: &lexicon, theatre: &own };
    let claims = claims_from_event(&e, &cx);
    assert_eq!(claims.len(), 1);
    assert_eq!((claims[0].controller.as_deref(), claims[0].bloc.as_deref()), (Some("Sixth Army"), None));
    assert_eq!(claims[0].place, PlaceId::Unlisted(annals_resolve::name_key("Kalach")));
}
