//! Resolution: deciding when two texts name the same thing, and merging what several documents
//! say about one conflict.
//!
//! - [`name_key`]: a loose key for names (case, diacritics, punctuation, spaces and leading
//!   articles ignored), so that "Al-Bukamal" and "al Bukamal" compare equal.
//! - [`merge`]: conflict records of the same conflict (the same article in another rendering or
//!   revision) become one [`Conflict`]. Sides are aligned by who they are, never by column order;
//!   every value remembers the documents that assert it; where documents disagree, both values are
//!   kept and the difference is listed.

mod actors;
mod merge;
mod names;
mod people;
mod places;
mod theatre;

pub use actors::{Actor, Actors, ActorsError, Alignment, SideInput};
pub use merge::{merge, Asserted, Conflict, Disagreement, MergedCommander, MergedSide};
pub use names::{name_key, same_name, split_known};
pub use people::{name_similarity, People, PeopleError, Person, PersonMatch, SpellingCluster, SAME_PERSON};
pub use places::{skeleton, translit_key, Gazetteer, Located, Near, Origin, Place, PlacesError, Resolved, WherePrec};
pub use theatre::{Countries, Country, CountryOf, Scope, Theatre, TheatreError, TheatreRef, Theatres};

/// The texts of the built-in data files (places, theatres): what anything derived from them
/// must be rebuilt after, when they change.
pub fn builtin_data() -> Vec<&'static str> {
    let mut out = vec![places::BUILTIN_GEONAMES, places::BUILTIN_CURATED];
    out.extend(Theatres::builtin_texts());
    out
}
