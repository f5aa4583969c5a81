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
    /// A cached control claim could not be read back (or written).
    #[error("control cache: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, QueryError>;
