//! `annals serve`: a JSON API over an annals database, and the offline web app that shows it.
//!
//! The server answers from a [`Snapshot`]: everything a timeline query needs, derived from the
//! database once (events placed in the gazetteer and rendered as JSON, conflicts merged, the
//! control timeline) so that a query is a scan over memory, not a merge. A watcher notices
//! commits of other processes (`annals ingest` writing to the same file) and builds the next
//! snapshot in the background once the database has settled; queries go on with the old one
//! meanwhile. Full-text search and document texts are read from SQLite directly, through a small
//! pool of connections (WAL mode lets them read while an ingest writes).

mod api;
mod assets;
mod snapshot;

pub use api::{ApiError, ROUTES};
pub use snapshot::Snapshot;

use annals_resolve::{Gazetteer, Theatres};
use annals_store::{Store, StoreError};
use std::borrow::Cow;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What the server serves and how it follows the database.
#[derive(Clone, Debug)]
pub struct Config {
    pub db: PathBuf,
    /// Users' places files added to the built-in gazetteer.
    pub places: Vec<PathBuf>,
    /// Users' theatre files added to the shipped theatres.
    pub theatres: Vec<PathBuf>,
    /// How often the database is checked for other processes' commits.
    pub poll: Duration,
    /// How long the database must stay unchanged before a new snapshot is built: an ingest
    /// commits every few dozen documents, and a snapshot per commit would be wasted work.
    pub settle: Duration,
    /// The longest a changed database waits for a new snapshot during a long ingest.
    pub max_wait: Duration,
}

impl Config {
    pub fn new(db: PathBuf) -> Config {
        Config {
            db,
            places: Vec::new(),
            theatres: Vec::new(),
            poll: Duration::from_millis(500),
            settle: Duration::from_secs(1),
            max_wait: Duration::from_secs(10),
        }
    }
}

/// Errors that stop the server from starting or from serving.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open database {}: {source}", path.display())]
    Open { path: PathBuf, source: StoreError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] annals_query::QueryError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// The state every handler shares: the configuration, the gazetteer, the current snapshot and
/// the pool of database connections.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    config: Config,
    gazetteer: Cow<'static, Gazetteer>,
    theatres: Theatres,
    /// The fingerprint a control cache must have to be used (see `annals_query::control`).
    fingerprint: String,
    snapshot: RwLock<Arc<Snapshot>>,
    pool: Mutex<Vec<Store>>,
}

impl AppState {
    /// Opens the database and builds the first snapshot.
    pub fn open(config: Config) -> Result<AppState, ServerError> {
        let gazetteer = annals_query::places::gazetteer(&config.places)?;
        let theatres = annals_query::theatres_placed(&config.theatres, &gazetteer)?;
        let fingerprint = annals_query::control::fingerprint(&config.places, &config.theatres)?;
        let store = open_store(&config.db)?;
        let snapshot = Snapshot::build(&store, &gazetteer, &theatres, &fingerprint, 1)?;
        let shared = Shared {
            config,
            gazetteer,
            theatres,
            fingerprint,
            snapshot: RwLock::new(Arc::new(snapshot)),
            pool: Mutex::new(vec![store]),
        };
        Ok(AppState(Arc::new(shared)))
    }

    /// The snapshot queries answer from now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a reload panicked while swapping; the old snapshot is whole.
        self.0.snapshot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.0.gazetteer
    }

    /// Builds a snapshot of the database as it is now and answers from it from then on.
    pub fn reload(&self) -> Result<(), ServerError> {
        let generation = self.snapshot().generation + 1;
        let next = {
            let store = self.store()?;
            Snapshot::build(&store, &self.0.gazetteer, &self.0.theatres, &self.0.fingerprint, generation)?
        };
        *self.0.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        Ok(())
    }

    /// A connection from the pool, back in the pool when dropped.
    fn store(&self) -> Result<Pooled<'_>, ServerError> {
        let taken = self.0.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let store = match taken {
            Some(s) => s,
            None => open_store(&self.0.config.db)?,
        };
        Ok(Pooled { store: Some(store), state: self })
    }
}

fn open_store(path: &std::path::Path) -> Result<Store, ServerError> {
    Store::open(path).map_err(|source| ServerError::Open { path: path.to_path_buf(), source })
}

/// A pooled connection.
struct Pooled<'a> {
    store: Option<Store>,
    state: &'a AppState,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store.as_ref().expect("a pooled store is present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.store.take() {
            let mut pool = self.state.0.pool.lock().unwrap_or_else(|e| e.into_inner());
            // A burst of concurrent searches may open many; a few are enough to keep.
            if pool.len() < 16 {
                pool.push(s);
            }
        }
    }
}

/// The router: the API under `/api`, the web app at `/`.
pub fn app(state: AppState) -> axum::Router {
    api::router().merge(assets::router()).with_state(state)
}

/// Follows the database: when another process has committed and the file has then been quiet for
/// `settle` (or changing for `max_wait`), builds the next snapshot in the background.
pub async fn watch(state: AppState) {
    let config = state.0.config.clone();
    let watcher = match open_store(&config.db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("annals serve: cannot watch the database, answers will not follow ingests: {e}");
            return;
        }
    };
    let mut seen = watcher.data_version().ok();
    // When the first unseen change came, and when the last did.
    let mut pending: Option<(Instant, Instant)> = None;
    loop {
        tokio::time::sleep(config.poll).await;
        let now = Instant::now();
        let version = watcher.data_version().ok();
        if version != seen {
            seen = version;
            pending = Some((pending.map_or(now, |p| p.0), now));
        }
        let Some((first, last)) = pending else { continue };
        if now - last < config.settle && now - first < config.max_wait {
            continue;
        }
        pending = None;
        let s = state.clone();
        match tokio::task::spawn_blocking(move || s.reload()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("annals serve: the database changed but could not be read again: {e}"),
            Err(e) => eprintln!("annals serve: rebuilding the snapshot failed: {e}"),
        }
    }
}

/// Serves on `addr` until Ctrl-C, following the database. `ready` is called with the address
/// actually bound (port 0 picks a free one) once the server accepts connections.
pub fn run(config: Config, addr: &str, ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr: addr.to_string(), source })?;
        let state = tokio::task::spawn_blocking(move || AppState::open(config))
            .await
            .map_err(|e| ServerError::Io(std::io::Error::other(e)))??;
        ready(listener.local_addr()?);
        tokio::spawn(watch(state.clone()));
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
