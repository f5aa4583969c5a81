//! The questions the `annals` command line and `annals serve` both ask of a database, answered
//! as data: conflicts merged over documents, events filtered and placed in the gazetteer, the
//! control timeline (and the cache it is kept in), and actors, people and places with every
//! mention. Printing is the callers' business.

pub mod conflicts;
pub mod control;
pub mod entities;
pub mod events;
pub mod places;

use std::path::PathBuf;

/// Errors of a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] annals_store::StoreError),
    /// A users' places file could not be read.
    #[error("cannot read places file {}: {source}", path.display())]
    PlacesFile { path: PathBuf, source: std::io::Error },
    /// A users' places file is not a valid places file.
    #[error("in places files {files}: {source}")]
    Places { files: String, source: annals_resolve::PlacesError },
    /// No conflict has the title asked for.
    #[error("no conflict titled {0:?}")]
    NoConflict(String),
    /// Several conflicts' titles contain the text asked for.
    #[error("{count} conflicts match {query:?}: {titles}")]
    ManyConflicts { query: String, count: usize, titles: String },
    /// A users' theatre file could not be read.
    #[error("cannot read theatre file {}: {source}", path.display())]
    TheatreFile { path: PathBuf, source: std::io::Error },
    /// A theatre file is not a valid theatre file: the file, the entry and the reason.
    #[error(transparent)]
    Theatre(#[from] annals_resolve::TheatreError),
    /// A cached control claim could not be read back (or written).
    #[error("control cache: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, QueryError>;

/// The shipped theatres with the users' theatre files added (a user's theatre of a shipped id
/// replaces it), choosing a record's theatre also by the country its place lies in, in
/// `gazetteer`.
// The `Cow` itself is what is asked for: a borrowed built-in gazetteer lives for the whole
// program and is kept without a copy.
#[allow(clippy::ptr_arg)]
pub fn theatres_placed(
    files: &[PathBuf],
    gazetteer: &std::borrow::Cow<'static, annals_resolve::Gazetteer>,
) -> Result<annals_resolve::Theatres> {
    // A user's gazetteer is owned by its caller: the lookup keeps a copy of its own.
    let g: std::sync::Arc<std::borrow::Cow<'static, annals_resolve::Gazetteer>> =
        std::sync::Arc::new(match gazetteer {
            std::borrow::Cow::Borrowed(g) => std::borrow::Cow::Borrowed(*g),
            std::borrow::Cow::Owned(g) => std::borrow::Cow::Owned(g.clone()),
        });
    let lookup = move |place: &str| {
        let r = g.resolve(place)?;
        (r.confidence >= annals_resolve::Gazetteer::SURE).then(|| g.country_of(r.id).map(str::to_string))?
    };
    Ok(theatres(files)?.with_places(annals_resolve::CountryOf(std::sync::Arc::new(lookup))))
}

/// The shipped theatres with the users' theatre files added (a user's theatre of a shipped id
/// replaces it).
pub fn theatres(files: &[PathBuf]) -> Result<annals_resolve::Theatres> {
    let mut texts = Vec::new();
    for p in files {
        let text = std::fs::read_to_string(p).map_err(|source| QueryError::TheatreFile { path: p.clone(), source })?;
        texts.push((p.display().to_string(), text));
    }
    Ok(annals_resolve::Theatres::with_files(&texts)?)
}
