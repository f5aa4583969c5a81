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
                out.push(Event {
                    date: date.clone(),
                    event_type: c.event_type,
                    sub_event_type: c.sub_event_type,
                    actor1: c.actor1,
                    actor2: c.actor2,
                    location: c.place,
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

/// The most specific place of an infobox place value: "Deir ez-Zor, Deir ez-Zor Governorate,
/// Syria" gives "Deir ez-Zor".
fn main_place(place: &str) -> Option<String> {
    let first = place.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_place_is_the_first_part() {
        assert_eq!(main_place("Deir ez-Zor, Deir ez-Zor Governorate, Syria").as_deref(), Some("Deir ez-Zor"));
        assert_eq!(main_place(" ").as_deref(), None);
    }
}
