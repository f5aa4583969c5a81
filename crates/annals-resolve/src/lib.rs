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

/// The built-in data files (places, theatres): what anything derived from them must be rebuilt
/// after, when they change. Of the compressed world extract, its last 4 kB: gzip ends each
/// member with its data's checksum and length, so another extract ends otherwise, and hashing
/// 4 kB rather than megabytes keeps a query's fingerprint cheap.
pub fn builtin_data() -> Vec<&'static [u8]> {
    let mut out = vec![places::BUILTIN_GEONAMES.as_bytes(), places::BUILTIN_CURATED.as_bytes()];
    let world = places::BUILTIN_WORLD;
    out.push(&world[world.len().saturating_sub(4096)..]);
    out.extend(Theatres::builtin_texts().map(str::as_bytes));
    out
}
