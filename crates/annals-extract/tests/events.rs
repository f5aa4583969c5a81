//! Events through the whole pipeline on real articles.

use annals_extract::{conflict, events};
use annals_read::{read_bytes, Hint, ReadOptions};
use std::path::PathBuf;

fn doc(rel: &str) -> annals_model::Document {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus").join(rel);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    read_bytes(&bytes, &Hint::default(), &ReadOptions::default()).document
}

/// Regression: "See also" lists ("Battle of Aleppo (2012–2016)") were coded as clashes.
#[test]
fn see_also_lists_are_not_events() {
    let d = doc("seeds/000_bae0d4d6eaaf3b50.txt");
    let record = conflict::record(&d);
    assert!(!events::events(&d, record.as_ref()).iter().any(|e| e.text.contains("Battle of Aleppo (2012")));
}

/// Regression: an article whose front matter gives a date and a place but no sides has no
/// conflict record, and its "On 28 September" sentences got no year, so no events at all.
#[test]
fn front_matter_tags_give_a_record_and_the_narrative_its_year() {
    let d = doc("markdown-frontlines/2016_dabiq_offensive.md");
    let record = conflict::record(&d).expect("the sides are in the tags");
    assert_eq!(record.sides.len(), 2);
    assert_eq!(record.part_of, ["Operation Euphrates Shield", "Syrian Civil War"]);
    let ev = events::events(&d, Some(&record));
    assert!(ev.len() > 10, "{} events", ev.len());
    assert!(ev.iter().any(|e| e.date.start.iso() == "2016-09-28"));
    assert!(ev.iter().all(|e| e.date.start.year == 2016));
}

#[test]
fn seed_events_have_spans_into_the_text_and_month_precision_at_least() {
    for rel in ["seeds/000_bae0d4d6eaaf3b50.txt", "seeds/002_8644fcd61cae8fbf.txt", "seeds/004_76bcc1bceb32912f.txt"] {
        let d = doc(rel);
        let record = conflict::record(&d);
        let ev = events::events(&d, record.as_ref());
        assert!(ev.len() > 20, "{rel}: {} events", ev.len());
        for e in &ev {
            assert!(e.date.start.month.is_some(), "{rel}: year-only background is not an event: {:?}", e.text);
            assert_eq!(d.slice(e.span), e.text, "{rel}: an event's text is what its span covers");
        }
        // The first event of 002 is ISIS's assault on Abu Kamal on 10 April 2014.
        if rel.contains("002_") {
            let first = ev.iter().find(|e| e.date.start.iso() == "2014-04-10").expect("an event on 10 April 2014");
            assert_eq!(first.location.as_deref(), Some("Abu Kamal"));
        }
    }
}

/// A small article of our own, read as plain text: title, infobox, one section.
fn own_article(body: &str) -> annals_model::Document {
    article_with_lead("", body)
}

#[test]
fn a_paragraph_keeps_to_its_place() {
    let d = own_article(
        "On 3 May, rebels seized a checkpoint near Mayadin. On 7 May, rebels attacked an oil field in the area.\n\n\
         On 9 May, the army shelled positions.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let at = |day: &str| ev.iter().find(|e| e.date.start.iso() == day).and_then(|e| e.location.clone());
    assert_eq!(at("2015-05-07").as_deref(), Some("Mayadin"), "{ev:#?}");
    // A new paragraph without a place is back at the article's place.
    assert_eq!(at("2015-05-09").as_deref(), Some("Hajin"), "{ev:#?}");
}

#[test]
fn a_named_place_wins_over_the_city_and_the_city_is_the_article_place() {
    let d = own_article(
        "On 3 May, rebels seized a checkpoint near Mayadin. On 4 May, in the city of Mayadin, the army only held \
         three bases on the outskirts of the city. On 5 May, government forces completely captured the city.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let at = |day: &str| ev.iter().find(|e| e.date.start.iso() == day).and_then(|e| e.location.clone());
    assert_eq!(at("2015-05-04").as_deref(), Some("Mayadin"), "{ev:#?}");
    assert_eq!(at("2015-05-05").as_deref(), Some("Hajin"), "{ev:#?}");
}

#[test]
fn a_toll_goes_to_the_fighting_it_follows() {
    let d = own_article(
        "On 3 September, ISIS tried to storm the airport of Hajin, while the army launched airstrikes on ISIS positions. \
         According to the army, ISIS lost 47 fighters.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let toll = |ty: &str| ev.iter().find(|e| e.event_type == ty).and_then(|e| e.fatalities).and_then(|f| f.low);
    assert_eq!(toll("Battles"), Some(47), "{ev:#?}");
    assert_eq!(toll("Explosions/Remote violence"), None, "{ev:#?}");
}

#[test]
fn a_sentence_that_goes_on_tells_more_of_the_same_happening() {
    let d = own_article(
        "On 16 November, rebels seized the military airport of Hajin. It was in fact a base for \
         helicopters.\n\nOn 20 November, ISIS detonated a car bomb in Hajin, killing 3 civilians. The bombing \
         was followed by intense clashes which left 44 jihadists dead.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let on = |day: &str| ev.iter().filter(|e| e.date.start.iso() == day).count();
    // The helicopter base is the seized airport, not an air strike.
    assert_eq!(on("2015-11-16"), 1, "{ev:#?}");
    // Fighting with its own toll after a bombing is its own event.
    assert_eq!(on("2015-11-20"), 2, "{ev:#?}");
}

#[test]
fn summaries_over_years_and_table_rows_are_not_events() {
    let d = own_article(
        "Between January 2012 and August 2018, at least 117 fighters were killed in Hajin.\n\n\
         On 3 May, rebels captured Hajin.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].date.start.iso(), "2015-05-03");

    let wikitext = "{{Infobox military conflict\n| date = 1 May 2015 – 30 June 2015\n| place = Hajin, Syria\n}}\n\
                    == Losses ==\n{| class=\"wikitable\"\n|-\n| On 3 May 2015 || rebels captured Hajin, killing 20\n|}\n";
    let d = read_bytes(wikitext.as_bytes(), &Hint::default(), &ReadOptions::default()).document;
    assert!(d.text_blocks().len() > d.prose_blocks().len(), "the table is read as a table");
    assert!(events::events(&d, conflict::record(&d).as_ref()).is_empty());
}

#[test]
fn two_armed_sides_doing_the_same_are_two_events() {
    let d = own_article(
        "On 10 May, ISIS attacked rebel positions. A counter-attack by the al-Nusra Front was reported the same day.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let actors: Vec<_> = ev.iter().filter_map(|e| e.actor1.as_deref()).collect();
    assert_eq!(actors, ["ISIS", "al-Nusra Front"], "{ev:#?}");
}

#[test]
fn the_village_is_the_village_named_last() {
    let d = own_article(
        "On 10 May, fighters from the village of Hatla attacked a rebel position.\n\n\
         The next day, thousands of rebels captured the village.\n\n\
         On 14 May, the army shelled Saqr island. Two days later, clashes took place in the north of the island.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let at = |day: &str| ev.iter().find(|e| e.date.start.iso() == day).and_then(|e| e.location.clone());
    assert_eq!(at("2015-05-11").as_deref(), Some("Hatla"), "{ev:#?}");
    assert_eq!(at("2015-05-16").as_deref(), Some("Saqr island"), "{ev:#?}");
}

#[test]
fn a_toll_told_of_the_attack_adds_to_it() {
    let d = own_article(
        "On 11 May, thousands of rebels attacked and captured the village of Hatla, killing sixty residents. \
         Ten rebel fighters were killed during the attack.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].fatalities.and_then(|f| f.low), Some(70), "{ev:#?}");
}

#[test]
fn they_are_whom_the_paragraph_was_about() {
    let d = own_article(
        "On 23 May, government forces recaptured Tel Hill near Hajin. The next day, they managed to seize Zarour hill.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let e = ev.iter().find(|e| e.date.start.iso() == "2015-05-24").expect("the second capture");
    assert_eq!(e.actor1.as_deref(), Some("government forces"), "{ev:#?}");
    assert_eq!(e.sub_event_type, "Government regains territory");
}

/// Random narratives through the whole pipeline: no panic, and every event's text is what its
/// span covers.
#[test]
fn random_narratives_keep_the_span_invariant() {
    let words = [
        "On 3 May,",
        "the next day,",
        "two days later",
        "rebels",
        "captured",
        "the village of",
        "Hatla",
        "the village",
        "and",
        ", and",
        ", On 5 May,",
        "killing",
        "12",
        "at least",
        "were killed",
        "during the attack",
        "they",
        "took",
        "the airport",
        "'s",
        "as well as",
        "Saqr island",
        "the island",
        "ISIS",
        "fell to",
        ".",
        "\n\n",
        "(",
        ")",
        "between 2012 and 2018",
        "–",
        "Brigade",
        "was shelling",
        "in the north of",
    ];
    let mut rng = annals_testkit::Rng(7);
    for _ in 0..400 {
        let body: Vec<&str> = (0..rng.below(60)).map(|_| *rng.pick(&words)).collect();
        let d = own_article(&body.join(" "));
        for e in events::events(&d, conflict::record(&d).as_ref()) {
            assert_eq!(d.slice(e.span), e.text, "{body:?}");
        }
    }
}

/// An article with a lead before its first section.
fn article_with_lead(lead: &str, body: &str) -> annals_model::Document {
    let text = format!(
        "= Siege of Hajin =\n\nInfobox\n- Date: 1 May 2015 – 30 June 2015\n- Location: Hajin, Syria\n\n{lead}\n\n== Course ==\n\n{body}\n"
    );
    read_bytes(text.as_bytes(), &Hint::default(), &ReadOptions::default()).document
}

#[test]
fn the_lead_tells_only_what_it_dates_to_the_day() {
    let d = article_with_lead(
        "The siege of Hajin was a rebel operation, during which rebels took over the village of Safira on 2 May 2015. \
         In June 2015, the army launched a large offensive and recaptured Hajin.",
        "On 3 May, rebels captured Hajin.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    let days: Vec<String> = ev.iter().map(|e| e.date.start.iso()).collect();
    assert_eq!(days, ["2015-05-02", "2015-05-03"], "{ev:#?}");
    // Without sections the lead is the whole article, and all of it is told.
    let d = read_bytes(
        "= Siege of Hajin =\n\nIn June 2015, the army launched a large offensive and recaptured Hajin.\n".as_bytes(),
        &Hint::default(),
        &ReadOptions::default(),
    )
    .document;
    assert_eq!(events::events(&d, None).len(), 1);
}

#[test]
fn running_totals_are_not_happenings() {
    let d = own_article(
        "On 11 May, an opposition source said that since the start of the siege 200 rebels had been killed. \
         On 12 May, rebels captured Hajin.",
    );
    let ev = events::events(&d, conflict::record(&d).as_ref());
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].date.start.iso(), "2015-05-12");
}
