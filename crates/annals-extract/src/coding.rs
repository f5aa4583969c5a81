//! (under construction)
use annals_model::event::Fatalities;

/// What is known about the article when a sentence is coded.
#[derive(Clone, Debug, Default)]
pub struct CodingContext {
    /// The article's main place ("the city" refers to it), from the infobox place field.
    pub main_place: Option<String>,
    /// Belligerent names per side from the conflict record, to recognize actors.
    pub belligerents: Vec<Vec<String>>,
}

/// One kind of action found in a sentence, at one place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coded {
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// The place as the sentence names it (the most specific), or `None`.
    pub place: Option<String>,
    pub fatalities: Option<Fatalities>,
    pub source: Option<String>,
}

/// The events one sentence reports: one per place and kind of action ("captured A, B and C" is
/// three). Empty when the sentence reports no event.
pub fn code(_sentence: &str, _ctx: &CodingContext) -> Vec<Coded> {
    Vec::new()
}
