//! Events: dated happenings in the narrative, coded like ACLED, each traced to its sentence.

use crate::conflict::PartialDate;
use crate::Span;
use serde::{Deserialize, Serialize};

/// A death toll as low/high bounds ("at least 35": low 35, high None).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fatalities {
    pub low: Option<u64>,
    pub high: Option<u64>,
}

/// A date found in the narrative, with what anchored it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NarrativeDate {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
    /// The words that gave the date ("On 11 April", "the next day", "By late May").
    pub anchor: String,
    /// Where the year (or the whole date) came from when the words did not give it:
    /// "text", "heading", "previous", "conflict".
    pub inferred_from: String,
}

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub date: NarrativeDate,
    /// ACLED event type: Battles, Explosions/Remote violence, Violence against civilians,
    /// Protests, Riots, Strategic developments.
    pub event_type: String,
    /// ACLED sub-event type: "Armed clash", "Non-state actor overtakes territory", ...
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub location: Option<String>,
    pub fatalities: Option<Fatalities>,
    /// Who the article attributes the report to ("SOHR", "SANA", "opposition sources").
    pub source: Option<String>,
    /// The sentence(s) the event came from, and their span in the document's normalized text.
    /// A stored event may leave the text out, for the store restores it from the document.
    #[serde(default)]
    pub text: String,
    pub span: Span,
}
