//! Events from a document's narrative.
//!
//! The body is read in order, block by block and sentence by sentence, as a reader would: the
//! section headings above a block and the dates read so far are the context that gives "On 11
//! April" its year and "the next day" its day. A sentence without a date of its own continues the
//! narrative at the last date. Each sentence is coded ([`crate::coding`]) into zero or more events;
//! every event keeps its sentence and the sentence's span in the document's normalized text.
//!
//! Background without a day or month ("In 2011, the war began") is not an event: events need at
//! least month precision.

use crate::coding::{self, CodingContext};
use crate::narrative::{self, DateContext};
use crate::sentences;
use annals_model::conflict::{ConflictRecord, Precision};
use annals_model::event::Event;
use annals_model::{Document, Span};

/// Every event the document's narrative reports, in document order.
pub fn events(doc: &Document, record: Option<&ConflictRecord>) -> Vec<Event> {
    let mut dates =
        DateContext { conflict: record.and_then(|r| r.start.map(|s| (s, r.end))), ..DateContext::default() };
    let coding = CodingContext {
        main_place: record.and_then(|r| r.place.as_deref()).and_then(main_place),
        belligerents: record.map(|r| r.sides.iter().map(|s| s.belligerents.clone()).collect()).unwrap_or_default(),
    };
    let mut out: Vec<Event> = Vec::new();
    for (path, block) in doc.text_blocks() {
        dates.headings = path.iter().map(|h| h.to_string()).collect();
        let text = doc.slice(block);
        for range in sentences::split(text) {
            let Some(sentence) = text.get(range.clone()) else { continue };
            let span = Span::new(block.start + range.start, block.start + range.end);
            let resolved = narrative::resolve(sentence, &mut dates);
            let coded = coding::code(sentence, &coding);
            if coded.is_empty() {
                continue;
            }
            let date = match resolved {
                Some(d) => d,
                // The narrative goes on at the last date it gave.
                None => match dates.last {
                    Some(last) => annals_model::event::NarrativeDate {
                        start: last,
                        end: None,
                        anchor: String::new(),
                        inferred_from: "previous".into(),
                    },
                    None => continue,
                },
            };
            if date.start.precision() == Precision::Year {
                continue;
            }
            for c in coded {
                let location = c.place.clone().or_else(|| coding.main_place.clone());
                // One event per date, place and kind of action: a later sentence about the same
                // happening adds to the event (its text, and what the first sentence lacked).
                if let Some(e) = out.iter_mut().rev().take(8).find(|e| {
                    e.date.start == date.start
                        && e.sub_event_type == c.sub_event_type
                        && same_place(&e.location, &location)
                }) {
                    if e.span.end <= span.start {
                        let gap = doc.slice(Span::new(e.span.end, span.start));
                        e.text.push_str(if gap.contains('\n') { " " } else { gap });
                        e.text.push_str(sentence);
                        e.span.end = span.end;
                    }
                    e.fatalities = e.fatalities.or(c.fatalities);
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

fn same_place(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    }
}

/// The article's place from an infobox place value: its most specific part ("Deir ez-Zor, Deir
/// ez-Zor Governorate, Syria" gives "Deir ez-Zor"). A province is named after its capital, so
/// when the most specific part is a province, "the city" of the narrative is that capital.
fn main_place(place: &str) -> Option<String> {
    const ADMIN: &[&str] = &[" Governorate", " governorate", " Province", " province", " District", " district"];
    let first = place.split(',').next()?.trim();
    let city = ADMIN.iter().find_map(|a| first.strip_suffix(a)).unwrap_or(first).trim();
    (!city.is_empty()).then(|| city.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_place_is_the_first_part() {
        assert_eq!(main_place("Deir ez-Zor, Deir ez-Zor Governorate, Syria").as_deref(), Some("Deir ez-Zor"));
        assert_eq!(main_place(" ").as_deref(), None);
        assert_eq!(main_place("Deir ez-Zor Governorate, Syria").as_deref(), Some("Deir ez-Zor"));
    }
}
