//! (under construction)
use annals_model::conflict::PartialDate;
use annals_model::event::NarrativeDate;

/// What the reader knows when a sentence is reached: the section headings above it, the
/// conflict's date range, and the last date the narrative gave.
#[derive(Clone, Debug, Default)]
pub struct DateContext {
    /// Years named by the headings over the current block, innermost last ("2012–2014 battle for
    /// control" / "June 2012 fighting").
    pub headings: Vec<String>,
    /// The conflict's start and end from its infobox, when known.
    pub conflict: Option<(PartialDate, Option<PartialDate>)>,
    /// The last date the narrative gave before this sentence.
    pub last: Option<PartialDate>,
}

/// The date a sentence is about, resolved in narrative mode (never relative to today), or
/// `None` when the sentence gives none. Updates `ctx.last`.
pub fn resolve(_sentence: &str, _ctx: &mut DateContext) -> Option<NarrativeDate> {
    None
}
