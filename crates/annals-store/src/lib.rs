//! The SQLite store of annals. This is the only crate that knows SQL.
//!
//! One database file holds every document that was ingested, each revision of it, its infobox
//! fields and sections as rows (for querying), and the whole model as JSON (for reloading without
//! re-reading the source). The database runs in WAL mode so that readers (the CLI, a server) keep
//! working while an ingest writes. The schema is versioned with SQLite's `user_version`, and
//! [`Store::open`] brings an older file up to date.
//!
//! Identity: a document is identified by its *source* (a file path, or `dump#page title`). Storing
//! the same content for the same source again changes nothing; different content for a known
//! source becomes its next revision, and only the newest revision is *current*.

mod schema;

use annals_model::conflict::ConflictRecord;
use annals_model::event::Event;
use annals_model::{Diagnostic, Document, Severity};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed: the file is not a database, is locked for too long, the disk is full, ...
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored model could not be encoded or decoded.
    #[error("stored document model is unreadable: {0}")]
    Json(#[from] serde_json::Error),
    /// The file was written by a newer annals.
    #[error("the database has schema version {found}, newer than this annals supports ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A document ready to be stored.
pub struct NewDocument<'a> {
    /// What identifies the document across ingests: a canonical path, or `path#page`.
    pub source: &'a str,
    /// The short name exports use: the file name, or the dump page title.
    pub name: &'a str,
    /// The bytes the document was read from, for the content hash.
    pub content: &'a [u8],
    pub document: &'a Document,
    pub diagnostics: &'a [Diagnostic],
    /// The conflict record extracted from the document, when its infobox describes a conflict.
    pub record: Option<&'a ConflictRecord>,
    /// The events of the document's narrative.
    pub events: &'a [Event],
}

/// Which events to list; every filter left `None` lets all through.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Events of documents whose conflict (or title) contains this text.
    pub conflict: Option<String>,
    /// Events whose place contains this text.
    pub place: Option<String>,
    /// Events with an actor (either side) containing this text.
    pub actor: Option<String>,
    /// Events whose type or sub-event type contains this text.
    pub event_type: Option<String>,
    /// Events that may fall on or after this ISO date.
    pub from: Option<String>,
    /// Events that may fall on or before this ISO date.
    pub to: Option<String>,
}

/// The control timeline's cache as it is stored (see [`Store::put_control_cache`]).
#[derive(Clone, Debug, Default)]
pub struct ControlCache {
    pub fingerprint: String,
    pub claims: Vec<CachedClaim>,
    /// Name keys of the gazetteer and the entries they stand for.
    pub names: Vec<(String, i64)>,
    pub places: Vec<CachedPlace>,
}

/// One cached claim: its place (a gazetteer entry or an unlisted name's key) and its JSON.
#[derive(Clone, Debug)]
pub struct CachedClaim {
    pub entry: Option<i64>,
    pub unlisted: Option<String>,
    pub claim: String,
}

/// A gazetteer entry as the control cache keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedPlace {
    pub entry: i64,
    pub name: String,
    pub kind: String,
    pub parent: Option<i64>,
}

/// A stored event with its document's name and conflict title.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    /// The event's row in the store: what full-text search hits name. It changes when its
    /// document is ingested again.
    pub id: i64,
    pub document: String,
    pub conflict: String,
    pub event: Event,
}

/// What storing a document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PutStatus {
    /// A source not seen before.
    Added,
    /// A known source with new content: stored as its next revision.
    Revised,
    /// The same content was already stored for this source.
    Unchanged,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PutOutcome {
    pub id: i64,
    pub status: PutStatus,
}

/// One row of the document list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DocSummary {
    pub id: i64,
    pub title: String,
    pub format: String,
    pub path: String,
    pub name: String,
    /// The revision number of this source in the store (1 for the first ingest).
    pub revision: i64,
    /// The revision id or timestamp the source states, when it does.
    pub source_revision: Option<String>,
    pub bytes: i64,
    pub warnings: i64,
}

/// A stored document with its model.
#[derive(Clone, Debug)]
pub struct StoredDoc {
    pub summary: DocSummary,
    pub content_hash: String,
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// The hex SHA-256 of some bytes: the content hash the store deduplicates on.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A full-text query from a user's words: each word quoted (so that FTS5's operators and
/// punctuation in them mean nothing), all of them required, the last one also as a prefix (the
/// word being typed). `None` when there is no word.
pub fn fts_query(words: &str) -> Option<String> {
    let words: Vec<&str> = words.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let (last, rest) = words.split_last()?;
    let mut q: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    q.push(format!("\"{last}\"*"));
    Some(q.join(" "))
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Store::init(conn)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Documents are long texts: 16 KiB pages hold most of one without overflow chains, and
        // made a whole ingest 7% faster than the default 4 KiB. It only applies to a new file.
        conn.pragma_update(None, "page_size", 16384)?;
        // WAL lets readers work during an ingest; NORMAL sync is safe with WAL and much faster.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Stores a batch of documents in one transaction: all of them or none.
    pub fn put_batch(&mut self, docs: &[NewDocument<'_>]) -> Result<Vec<PutOutcome>> {
        let encoded = docs.iter().map(NewDocument::encode).collect::<Result<Vec<_>>>()?;
        self.put_encoded(&encoded.iter().collect::<Vec<_>>())
    }

    /// Stores documents encoded beforehand with [`NewDocument::encode`], in one transaction. An
    /// ingest encodes on its worker threads, so that the one thread that writes only writes.
    pub fn put_encoded(&mut self, docs: &[&Encoded]) -> Result<Vec<PutOutcome>> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(docs.len());
        for d in docs {
            out.push(put(&tx, d)?);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Current documents (the newest revision of each source), by title.
    pub fn list(&self) -> Result<Vec<DocSummary>> {
        let mut stmt = self.conn.prepare(&format!("{SUMMARY} WHERE d.current = 1 ORDER BY d.title, d.id"))?;
        let rows = stmt.query_map([], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every revision of a source, oldest first.
    pub fn revisions(&self, source: &str) -> Result<Vec<DocSummary>> {
        let mut stmt = self.conn.prepare(&format!("{SUMMARY} WHERE d.source = ?1 ORDER BY d.rev_no"))?;
        let rows = stmt.query_map([source], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finds a document by id (any revision), or among current documents by exact title, then by
    /// name, then by title ignoring case.
    pub fn find(&self, key: &str) -> Result<Option<StoredDoc>> {
        let id: Option<i64> = match key.parse::<i64>() {
            Ok(id) => self.conn.query_row("SELECT id FROM documents WHERE id = ?1", [id], |r| r.get(0)).optional()?,
            Err(_) => None,
        };
        let id = match id {
            Some(id) => Some(id),
            None => self
                .conn
                .query_row(
                    "SELECT id FROM documents WHERE current = 1 AND (title = ?1 OR name = ?1 OR title = ?1 COLLATE NOCASE)
                     ORDER BY title = ?1 DESC, name = ?1 DESC, id LIMIT 1",
                    [key],
                    |r| r.get(0),
                )
                .optional()?,
        };
        match id {
            Some(id) => self.get(id).map(Some),
            None => Ok(None),
        }
    }

    /// Loads one stored document by id.
    pub fn get(&self, id: i64) -> Result<StoredDoc> {
        let (summary, hash, model) = self.conn.query_row(&format!("{SUMMARY} WHERE d.id = ?1"), [id], |r| {
            Ok((summary(r)?, r.get::<_, String>("content_hash")?, r.get::<_, String>("model")?))
        })?;
        let mut document: Document = serde_json::from_str(&model)?;
        // The model is stored without its text, which has a column of its own (models written
        // before schema 4 carry it too; the column holds the same text).
        document.text = self.conn.query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        let mut stmt =
            self.conn.prepare("SELECT severity, line, message FROM diagnostics WHERE doc_id = ?1 ORDER BY ord")?;
        let diagnostics = stmt
            .query_map([id], |r| {
                let sev: String = r.get(0)?;
                Ok(Diagnostic {
                    severity: if sev == "error" { Severity::Error } else { Severity::Warning },
                    offset: None,
                    line: r.get::<_, Option<i64>>(1)?.map(|l| l as usize),
                    message: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(StoredDoc { summary, content_hash: hash, document, diagnostics })
    }

    /// The conflict records of current documents, each with its document's name, in name order.
    pub fn records(&self) -> Result<Vec<(String, ConflictRecord)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.name, r.record FROM conflict_records r JOIN documents d ON d.id = r.doc_id
             WHERE d.current = 1 ORDER BY d.name",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (name, json) = row?;
            out.push((name, serde_json::from_str(&json)?));
        }
        Ok(out)
    }

    /// The events of current documents that pass the filter, by date then document order.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<StoredEvent>> {
        let like = |v: &Option<String>| v.as_ref().map(|s| format!("%{}%", s.replace('%', "\\%").replace('_', "\\_")));
        let mut stmt = self.conn.prepare(
            "SELECT d.name, coalesce(r.title, d.title), e.event, e.doc_id, e.rowid FROM events e
             JOIN documents d ON d.id = e.doc_id
             LEFT JOIN conflict_records r ON r.doc_id = d.id
             WHERE d.current = 1
               AND (?1 IS NULL OR coalesce(r.title, d.title) LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR e.location LIKE ?2 ESCAPE '\\')
               AND (?3 IS NULL OR e.actor1 LIKE ?3 ESCAPE '\\' OR e.actor2 LIKE ?3 ESCAPE '\\')
               AND (?4 IS NULL OR e.event_type LIKE ?4 ESCAPE '\\' OR e.sub_event_type LIKE ?4 ESCAPE '\\')
               AND (?5 IS NULL OR e.date_max >= ?5)
               AND (?6 IS NULL OR e.date_min <= ?6)
             ORDER BY e.date_min, d.name, e.ord",
        )?;
        let rows = stmt.query_map(
            params![like(&f.conflict), like(&f.place), like(&f.actor), like(&f.event_type), f.from, f.to],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )?;
        // An event's text is its document's text over its span; each document's text is read once.
        let mut texts: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
        let mut text_of = self.conn.prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
        let mut out = Vec::new();
        for row in rows {
            let (document, conflict, json, doc_id, id) = row?;
            let mut event: Event = serde_json::from_str(&json)?;
            let text = match texts.entry(doc_id) {
                std::collections::hash_map::Entry::Occupied(t) => t.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(text_of.query_row([doc_id], |r| r.get(0))?),
            };
            event.text = event.span.slice(text).to_string();
            out.push(StoredEvent { id, document, conflict, event });
        }
        Ok(out)
    }

    /// The fingerprint of the data the control cache was built from, if it was built.
    pub fn control_fingerprint(&self) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT fingerprint FROM control_meta WHERE id = 1", [], |r| r.get(0)).optional()?)
    }

    /// Replaces the control cache whole: the claims (each a JSON text, by gazetteer entry or by the
    /// key of an unlisted name), the names and places of the gazetteer they were resolved with,
    /// and the fingerprint of that data.
    pub fn put_control_cache(&mut self, cache: &ControlCache) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM control_meta; DELETE FROM control_claims; DELETE FROM control_names; DELETE FROM control_places;",
        )?;
        {
            let mut put = tx.prepare("INSERT INTO control_claims (entry, unlisted, claim) VALUES (?1, ?2, ?3)")?;
            for c in &cache.claims {
                put.execute(params![c.entry, c.unlisted, c.claim])?;
            }
            let mut put = tx.prepare("INSERT INTO control_names (key, entry) VALUES (?1, ?2)")?;
            for (key, entry) in &cache.names {
                put.execute(params![key, entry])?;
            }
            let mut put =
                tx.prepare("INSERT INTO control_places (entry, name, kind, parent) VALUES (?1, ?2, ?3, ?4)")?;
            for p in &cache.places {
                put.execute(params![p.entry, p.name, p.kind, p.parent])?;
            }
        }
        tx.execute("INSERT INTO control_meta (id, fingerprint) VALUES (1, ?1)", [&cache.fingerprint])?;
        tx.commit()?;
        Ok(())
    }

    /// The cached claims about gazetteer entries and unlisted names, as JSON texts, in the order
    /// they were stored.
    pub fn control_claims(&self, entries: &[i64], unlisted: &[&str]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut by_entry =
            self.conn.prepare_cached("SELECT claim FROM control_claims WHERE entry = ?1 ORDER BY rowid")?;
        for e in entries {
            for c in by_entry.query_map([e], |r| r.get(0))? {
                out.push(c?);
            }
        }
        let mut by_name =
            self.conn.prepare_cached("SELECT claim FROM control_claims WHERE unlisted = ?1 ORDER BY rowid")?;
        for n in unlisted {
            for c in by_name.query_map([n], |r| r.get(0))? {
                out.push(c?);
            }
        }
        Ok(out)
    }

    /// Whether the cache has claims about a name the gazetteer did not know (by its key).
    pub fn has_unlisted_claims(&self, key: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM control_claims WHERE unlisted = ?1)")?;
        Ok(stmt.query_row([key], |r| r.get(0))?)
    }

    /// Every cached claim, as JSON texts.
    pub fn all_control_claims(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT claim FROM control_claims ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// The cached gazetteer entries a name key stands for.
    pub fn control_entries(&self, key: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT DISTINCT entry FROM control_names WHERE key = ?1")?;
        let rows = stmt.query_map([key], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<i64>>>()?)
    }

    /// A cached gazetteer entry: its name, kind and parent.
    pub fn control_place(&self, entry: i64) -> Result<Option<CachedPlace>> {
        let mut stmt = self.conn.prepare_cached("SELECT name, kind, parent FROM control_places WHERE entry = ?1")?;
        Ok(stmt
            .query_row([entry], |r| Ok(CachedPlace { entry, name: r.get(0)?, kind: r.get(1)?, parent: r.get(2)? }))
            .optional()?)
    }

    /// Events of current documents whose sentence matches a full-text query (SQLite FTS5 syntax;
    /// see [`fts_query`] to build one from a user's words), best first: each event's row id and
    /// its sentence with the matched words between `\u{1}` and `\u{2}`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.rowid, highlight(event_fts, 0, char(1), char(2)) FROM event_fts f
             JOIN events e ON e.rowid = f.rowid JOIN documents d ON d.id = e.doc_id
             WHERE event_fts MATCH ?1 AND d.current = 1
             ORDER BY f.rank, e.date_min LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The row ids of every event (of any revision) whose sentence matches a full-text query, in
    /// no order: a filter's set, without ranking or marking.
    pub fn search_ids(&self, query: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT rowid FROM event_fts WHERE event_fts MATCH ?1")?;
        let rows = stmt.query_map([query], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The title and normalized text of the current document with this name (the name exports
    /// and events carry).
    pub fn document_text(&self, name: &str) -> Result<Option<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT title, text FROM documents WHERE current = 1 AND name = ?1 ORDER BY id DESC LIMIT 1",
        )?;
        Ok(stmt.query_row([name], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    /// Runs `f` in one read transaction, so that everything it reads is the database at one
    /// moment, whatever other processes commit meanwhile (WAL mode keeps that moment for it
    /// without blocking them).
    pub fn read_consistently<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.conn.execute_batch("BEGIN DEFERRED").map_err(StoreError::from)?;
        let out = f(self);
        let end = self.conn.execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = out?;
        end.map_err(StoreError::from)?;
        Ok(value)
    }

    /// A number that changes whenever another connection commits to the database (SQLite's
    /// `data_version`): how a long-running reader notices an ingest.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Counts of current documents by format.
    pub fn count_by_format(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT format, count(*) FROM documents WHERE current = 1 GROUP BY format ORDER BY format")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

const SUMMARY: &str = "SELECT d.id, d.title, d.format, d.source, d.name, d.rev_no, d.source_revision, d.bytes,
    (SELECT count(*) FROM diagnostics g WHERE g.doc_id = d.id) AS warnings, d.content_hash, d.model
    FROM documents d";

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocSummary> {
    Ok(DocSummary {
        id: r.get("id")?,
        title: r.get("title")?,
        format: r.get("format")?,
        path: r.get("source")?,
        name: r.get("name")?,
        revision: r.get("rev_no")?,
        source_revision: r.get("source_revision")?,
        bytes: r.get("bytes")?,
        warnings: r.get("warnings")?,
    })
}

fn put(tx: &rusqlite::Transaction<'_>, d: &Encoded) -> Result<PutOutcome> {
    let existing: Option<(i64, bool)> = tx
        .prepare_cached("SELECT id, current FROM documents WHERE source = ?1 AND content_hash = ?2")?
        .query_row(params![d.source, d.hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, current)) = existing {
        // The same content again. If the source had moved on to other content and came back to
        // this one, this revision becomes current again; nothing is added either way.
        if !current {
            tx.prepare_cached("UPDATE documents SET current = 0 WHERE source = ?1")?.execute([&d.source])?;
            tx.prepare_cached("UPDATE documents SET current = 1 WHERE id = ?1")?.execute([id])?;
        }
        // Records and events are derived, not stored content: they are refreshed on every ingest,
        // so that a newer annals re-extracts from unchanged documents.
        put_record(tx, id, d.record.as_ref())?;
        put_events(tx, id, &d.text, &d.events)?;
        return Ok(PutOutcome { id, status: PutStatus::Unchanged });
    }
    let prev: i64 = tx
        .prepare_cached("SELECT coalesce(max(rev_no), 0) FROM documents WHERE source = ?1")?
        .query_row([&d.source], |r| r.get(0))?;
    tx.prepare_cached("UPDATE documents SET current = 0 WHERE source = ?1")?.execute([&d.source])?;
    tx.prepare_cached(
        "INSERT INTO documents (source, name, title, format, source_revision, content_hash, bytes, text, model, rev_no, current)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
    )?
    .execute(params![d.source, d.name, d.title, d.format, d.source_revision, d.hash, d.bytes, d.text, d.model, prev + 1])?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO fields (doc_id, ord, key, raw, value, start, end, links, items) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (ord, f) in d.fields.iter().enumerate() {
        stmt.execute(params![id, ord as i64, f.key, f.raw, f.value, f.start, f.end, f.links, f.items])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO sections (doc_id, ord, path, level, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (ord, (path, level, start, end)) in d.sections.iter().enumerate() {
        stmt.execute(params![id, ord as i64, path, level, start, end])?;
    }
    let mut stmt = tx
        .prepare_cached("INSERT INTO diagnostics (doc_id, ord, severity, line, message) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (ord, (sev, line, message)) in d.diagnostics.iter().enumerate() {
        stmt.execute(params![id, ord as i64, sev, line, message])?;
    }
    put_record(tx, id, d.record.as_ref())?;
    put_events(tx, id, &d.text, &d.events)?;
    Ok(PutOutcome { id, status: if prev == 0 { PutStatus::Added } else { PutStatus::Revised } })
}

/// Replaces a document's events, and their sentences in the full-text index.
fn put_events(tx: &rusqlite::Transaction<'_>, id: i64, text: &str, events: &[EncodedEvent]) -> Result<()> {
    tx.prepare_cached("DELETE FROM event_fts WHERE rowid IN (SELECT rowid FROM events WHERE doc_id = ?1)")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM events WHERE doc_id = ?1")?.execute([id])?;
    let mut index = tx.prepare_cached("INSERT INTO event_fts (rowid, text) VALUES (?1, ?2)")?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (doc_id, ord, date_min, date_max, event_type, sub_event_type, actor1, actor2, location, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (ord, e) in events.iter().enumerate() {
        stmt.execute(params![
            id,
            ord as i64,
            e.date_min,
            e.date_max,
            e.event_type,
            e.sub_event_type,
            e.actor1,
            e.actor2,
            e.location,
            e.json,
        ])?;
        let sentence = text.get(e.start..e.end).unwrap_or_default();
        index.execute(params![tx.last_insert_rowid(), sentence])?;
    }
    Ok(())
}

fn put_record(tx: &rusqlite::Transaction<'_>, id: i64, record: Option<&(String, String)>) -> Result<()> {
    match record {
        Some((title, json)) => {
            tx.prepare_cached("INSERT OR REPLACE INTO conflict_records (doc_id, title, record) VALUES (?1, ?2, ?3)")?
                .execute(params![id, title, json])?;
        }
        None => {
            tx.prepare_cached("DELETE FROM conflict_records WHERE doc_id = ?1")?.execute([id])?;
        }
    }
    Ok(())
}

/// A document ready to be written: hashed, and every value in the form its column takes.
/// Encoding is the CPU work of storing, and needs no database.
pub struct Encoded {
    source: String,
    name: String,
    title: String,
    format: &'static str,
    source_revision: Option<String>,
    hash: String,
    bytes: i64,
    text: String,
    model: String,
    fields: Vec<EncodedField>,
    /// Heading path, level, start, end.
    sections: Vec<(String, i64, i64, i64)>,
    /// Severity, line, message.
    diagnostics: Vec<(&'static str, Option<i64>, String)>,
    /// Title and JSON.
    record: Option<(String, String)>,
    events: Vec<EncodedEvent>,
}

struct EncodedField {
    key: String,
    raw: String,
    value: String,
    start: i64,
    end: i64,
    links: String,
    items: String,
}

struct EncodedEvent {
    date_min: String,
    date_max: String,
    event_type: String,
    sub_event_type: String,
    actor1: Option<String>,
    actor2: Option<String>,
    location: Option<String>,
    json: String,
    /// The event's span in the document's text: its sentence, for the full-text index.
    start: usize,
    end: usize,
}

/// The document model as stored: every part but the text, which the `text` column holds. The
/// fields are taken apart exhaustively, so that a field added to [`Document`] cannot be left out
/// of the store without a compile error.
#[derive(serde::Serialize)]
struct Model<'a> {
    title: &'a str,
    format: &'a Option<annals_model::Format>,
    title_span: &'a Option<annals_model::Span>,
    revision: &'a Option<annals_model::Revision>,
    infobox: &'a Option<annals_model::Infobox>,
    sections: &'a [annals_model::Section],
    meta: &'a [annals_model::Meta],
}

/// An event as stored: every part but its text, which is always the document's text over the
/// event's span and is restored from it on loading (events written before schema 5 carry it too).
/// Taken apart exhaustively, like [`Model`].
#[derive(serde::Serialize)]
struct EventRow<'a> {
    date: &'a annals_model::event::NarrativeDate,
    event_type: &'a str,
    sub_event_type: &'a str,
    actor1: &'a Option<String>,
    actor2: &'a Option<String>,
    location: &'a Option<String>,
    fatalities: &'a Option<annals_model::event::Fatalities>,
    source: &'a Option<String>,
    span: &'a annals_model::Span,
}

impl NewDocument<'_> {
    /// Everything [`Store::put_encoded`] needs, computed without the database.
    pub fn encode(&self) -> Result<Encoded> {
        let doc = self.document;
        let Document { title, format, text, title_span, revision, infobox, sections, meta } = doc;
        let model = serde_json::to_string(&Model { title, format, title_span, revision, infobox, sections, meta })?;
        let fields = match infobox {
            Some(ib) => ib
                .fields
                .iter()
                .map(|f| {
                    Ok(EncodedField {
                        key: f.key.clone(),
                        raw: f.raw.clone(),
                        value: f.value(doc).to_string(),
                        start: f.span.start as i64,
                        end: f.span.end as i64,
                        links: serde_json::to_string(&f.links)?,
                        items: serde_json::to_string(&f.items)?,
                    })
                })
                .collect::<Result<_>>()?,
            None => Vec::new(),
        };
        let events = self
            .events
            .iter()
            .map(|e| {
                let (date_min, _) = e.date.start.day_bounds();
                let (_, date_max) = e.date.end.as_ref().unwrap_or(&e.date.start).day_bounds();
                Ok(EncodedEvent {
                    date_min,
                    date_max,
                    event_type: e.event_type.clone(),
                    sub_event_type: e.sub_event_type.clone(),
                    actor1: e.actor1.clone(),
                    actor2: e.actor2.clone(),
                    location: e.location.clone(),
                    start: e.span.start,
                    end: e.span.end,
                    json: {
                        let Event {
                            date,
                            event_type,
                            sub_event_type,
                            actor1,
                            actor2,
                            location,
                            fatalities,
                            source,
                            text: _,
                            span,
                        } = e;
                        serde_json::to_string(&EventRow {
                            date,
                            event_type,
                            sub_event_type,
                            actor1,
                            actor2,
                            location,
                            fatalities,
                            source,
                            span,
                        })?
                    },
                })
            })
            .collect::<Result<_>>()?;
        Ok(Encoded {
            source: self.source.to_string(),
            name: self.name.to_string(),
            title: title.clone(),
            format: format.map_or("unknown", |f| f.name()),
            source_revision: revision.as_ref().and_then(|r| r.id.clone().or_else(|| r.timestamp.clone())),
            hash: content_hash(self.content),
            bytes: self.content.len() as i64,
            text: text.clone(),
            model,
            fields,
            sections: doc
                .walk_sections()
                .into_iter()
                .map(|(path, s)| (path.join(" / "), i64::from(s.level), s.span.start as i64, s.span.end as i64))
                .collect(),
            diagnostics: self
                .diagnostics
                .iter()
                .map(|g| {
                    let sev = if g.severity == Severity::Error { "error" } else { "warning" };
                    (sev, g.line.map(|l| l as i64), g.message.clone())
                })
                .collect(),
            record: self
                .record
                .map(|r| Ok::<_, StoreError>((r.title.clone(), serde_json::to_string(r)?)))
                .transpose()?,
            events,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annals_model::conflict::PartialDate;
    use annals_model::{DocBuilder, FieldValue, Format};

    fn doc(title: &str, body: &str) -> Document {
        let mut b = DocBuilder::new(Format::Plaintext);
        b.title(title);
        b.infobox("Infobox", vec![("Date".into(), FieldValue::single("1 May", "1 May"))]);
        b.heading(2, "Course");
        b.paragraph(body);
        b.finish()
    }

    fn put_one(store: &mut Store, source: &str, d: &Document, content: &str) -> PutOutcome {
        let nd = NewDocument {
            source,
            name: source,
            content: content.as_bytes(),
            document: d,
            diagnostics: &[],
            record: None,
            events: &[],
        };
        store.put_batch(&[nd]).unwrap()[0]
    }

    #[test]
    fn same_content_adds_nothing_and_new_content_is_a_revision() {
        let mut s = Store::open_in_memory().unwrap();
        let d1 = doc("Battle", "First.");
        let a = put_one(&mut s, "a.txt", &d1, "v1");
        assert_eq!(a.status, PutStatus::Added);
        assert_eq!(put_one(&mut s, "a.txt", &d1, "v1"), PutOutcome { id: a.id, status: PutStatus::Unchanged });
        let d2 = doc("Battle", "Second.");
        let b = put_one(&mut s, "a.txt", &d2, "v2");
        assert_eq!(b.status, PutStatus::Revised);
        let list = s.list().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].revision, 2);
        assert_eq!(s.revisions("a.txt").unwrap().len(), 2);
        // Going back to the first content makes it current again without adding a row.
        assert_eq!(put_one(&mut s, "a.txt", &d1, "v1").status, PutStatus::Unchanged);
        assert_eq!(s.list().unwrap()[0].id, a.id);
        assert_eq!(s.revisions("a.txt").unwrap().len(), 2);
    }

    #[test]
    fn find_by_id_title_and_name_and_roundtrip_the_model() {
        let mut s = Store::open_in_memory().unwrap();
        let d = doc("Siege of X", "Text.");
        let out = put_one(&mut s, "/data/x.txt", &d, "x");
        let got = s.find("Siege of X").unwrap().unwrap();
        assert_eq!(got.document, d);
        assert_eq!(s.find("siege of x").unwrap().unwrap().summary.id, out.id);
        assert_eq!(s.find(&out.id.to_string()).unwrap().unwrap().summary.title, "Siege of X");
        assert!(s.find("nothing").unwrap().is_none());
        assert_eq!(s.count_by_format().unwrap(), vec![("plaintext".to_string(), 1)]);
    }

    #[test]
    fn the_model_is_stored_once_without_its_text_and_older_models_still_load() {
        let mut s = Store::open_in_memory().unwrap();
        let d = doc("Siege of Y", "A sentence only the text column should hold.");
        let id = put_one(&mut s, "/data/y.txt", &d, "y").id;
        let model: String = s.conn.query_row("SELECT model FROM documents WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        assert!(!model.contains("only the text column"), "{model}");
        // A model written by an older annals carries its text, and loads the same.
        let old = serde_json::to_string(&d).unwrap();
        s.conn.execute("UPDATE documents SET model = ?1 WHERE id = ?2", params![old, id]).unwrap();
        assert_eq!(s.get(id).unwrap().document, d);
    }

    /// A new document "x.txt" with its events.
    fn with_events<'a>(d: &'a Document, events: &'a [Event]) -> NewDocument<'a> {
        NewDocument {
            source: "x.txt",
            name: "x.txt",
            content: b"x",
            document: d,
            diagnostics: &[],
            record: None,
            events,
        }
    }

    #[test]
    fn events_are_filtered_by_date_range_place_actor_and_type() {
        use annals_model::event::NarrativeDate;
        let mut s = Store::open_in_memory().unwrap();
        let d = doc("Siege of X", "Text.");
        let ev = |date: PartialDate, place: &str, kind: &str| Event {
            date: NarrativeDate { start: date, end: None, anchor: String::new(), inferred_from: "text".into() },
            event_type: kind.into(),
            sub_event_type: "Armed clash".into(),
            actor1: Some("ISIS".into()),
            actor2: Some("rebels".into()),
            location: Some(place.into()),
            fatalities: None,
            source: None,
            text: "On 1 May, fighting.".into(),
            span: annals_model::Span::new(0, 5),
        };
        let events = vec![
            ev(PartialDate::day(2014, 4, 10), "Abu Kamal", "Battles"),
            ev(PartialDate::month(2014, 5), "Mayadin", "Battles"),
            ev(PartialDate::day(2014, 7, 1), "Abu Kamal", "Protests"),
        ];
        s.put_batch(&[with_events(&d, &events)]).unwrap();
        let got = |f: EventFilter| s.events(&f).unwrap().len();
        assert_eq!(got(EventFilter::default()), 3);
        assert_eq!(got(EventFilter { place: Some("abu kamal".into()), ..Default::default() }), 2);
        assert_eq!(got(EventFilter { event_type: Some("Protest".into()), ..Default::default() }), 1);
        assert_eq!(got(EventFilter { actor: Some("rebel".into()), ..Default::default() }), 3);
        // A month-precision event may fall on any day of its month.
        assert_eq!(got(EventFilter { from: Some("2014-05-15".into()), ..Default::default() }), 2);
        assert_eq!(got(EventFilter { to: Some("2014-05-01".into()), ..Default::default() }), 2);
        assert_eq!(got(EventFilter { conflict: Some("Siege".into()), ..Default::default() }), 3);
        assert_eq!(got(EventFilter { place: Some("100%_".into()), ..Default::default() }), 0);
    }

    /// An event whose sentence is `needle`, found in the document's text.
    fn event_over(d: &Document, needle: &str) -> Event {
        let start = d.text.find(needle).unwrap();
        let span = annals_model::Span::new(start, start + needle.len());
        Event {
            date: annals_model::event::NarrativeDate {
                start: PartialDate::day(2014, 5, 1),
                end: None,
                anchor: "On 1 May".into(),
                inferred_from: "text".into(),
            },
            event_type: "Battles".into(),
            sub_event_type: "Non-state actor overtakes territory".into(),
            actor1: Some("rebels".into()),
            actor2: None,
            location: Some("X".into()),
            fatalities: None,
            source: None,
            text: span.slice(&d.text).to_string(),
            span,
        }
    }

    #[test]
    fn events_are_stored_without_their_text_and_read_back_with_it() {
        let mut s = Store::open_in_memory().unwrap();
        let d = doc("Siege of X", "Prologue. On 1 May, rebels took the fort. Épilogue.");
        let events = vec![event_over(&d, "On 1 May, rebels took the fort."), event_over(&d, "Épilogue.")];
        s.put_batch(&[with_events(&d, &events)]).unwrap();
        let json: String = s.conn.query_row("SELECT event FROM events WHERE ord = 0", [], |r| r.get(0)).unwrap();
        assert!(!json.contains("rebels took"), "{json}");
        let got: Vec<Event> = s.events(&EventFilter::default()).unwrap().into_iter().map(|e| e.event).collect();
        assert_eq!(got, events);
        // A row written before schema 5 carries its text, and still loads.
        let old = serde_json::to_string(&events[0]).unwrap();
        s.conn.execute("UPDATE events SET event = ?1 WHERE ord = 0", [&old]).unwrap();
        assert_eq!(s.events(&EventFilter::default()).unwrap()[0].event, events[0]);
    }

    #[test]
    fn sentences_are_searchable_once_and_follow_the_current_revision() {
        let mut s = Store::open_in_memory().unwrap();
        let v1 = doc("Siege of X", "Intro. On 1 July, fighters routed the garrison of Qal‘at Ṣāliḥ. Coda.");
        let e1 = [event_over(&v1, "On 1 July, fighters routed the garrison of Qal‘at Ṣāliḥ.")];
        fn nd<'a>(d: &'a Document, events: &'a [Event], content: &'static str) -> NewDocument<'a> {
            NewDocument { content: content.as_bytes(), ..with_events(d, events) }
        }
        s.put_batch(&[nd(&v1, &e1, "v1")]).unwrap();
        let hits = s.search(&fts_query("routed garris").unwrap(), 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert!(hits[0].1.contains("\u{1}routed\u{2}"), "{}", hits[0].1);
        // Accents fold, and FTS5's own syntax in a user's words is taken as words.
        assert_eq!(s.search(&fts_query("salih").unwrap(), 10).unwrap().len(), 1);
        assert_eq!(s.search(&fts_query("\"fighters\" (").unwrap(), 10).unwrap().len(), 1);
        assert_eq!(fts_query(" ,; "), None);
        // The same content again re-derives the events without indexing them twice.
        s.put_batch(&[nd(&v1, &e1, "v1")]).unwrap();
        assert_eq!(s.search(&fts_query("routed").unwrap(), 10).unwrap().len(), 1);
        assert_eq!(s.search_ids(&fts_query("routed").unwrap()).unwrap().len(), 1);
        let indexed: i64 = s.conn.query_row("SELECT count(*) FROM event_fts", [], |r| r.get(0)).unwrap();
        assert_eq!(indexed, 1);
        // A new revision's sentences replace the old ones in the answers.
        let v2 = doc("Siege of X", "On 2 July, the garrison surrendered.");
        let e2 = [event_over(&v2, "On 2 July, the garrison surrendered.")];
        s.put_batch(&[nd(&v2, &e2, "v2")]).unwrap();
        assert_eq!(s.search(&fts_query("routed").unwrap(), 10).unwrap().len(), 0);
        let hits = s.search(&fts_query("garrison").unwrap(), 10).unwrap();
        assert_eq!(hits.len(), 1);
        let events = s.events(&EventFilter::default()).unwrap();
        assert_eq!(hits[0].0, events[0].id);
        assert_eq!(s.document_text("x.txt").unwrap().unwrap().1, v2.text);
    }

    #[test]
    fn a_consistent_read_does_not_see_commits_made_during_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut writer = Store::open(&path).unwrap();
        let reader = Store::open(&path).unwrap();
        let d = doc("Siege of X", "Text.");
        put_one(&mut writer, "a.txt", &d, "a");
        let before = reader.data_version().unwrap();
        let seen = reader
            .read_consistently(|r| -> Result<(usize, usize)> {
                let first = r.list()?.len();
                put_one(&mut writer, "b.txt", &d, "b");
                Ok((first, r.list()?.len()))
            })
            .unwrap();
        assert_eq!(seen, (1, 1));
        assert_eq!(reader.list().unwrap().len(), 2);
        assert_ne!(reader.data_version().unwrap(), before);
    }

    #[test]
    fn records_are_stored_refreshed_and_follow_the_current_revision() {
        let mut s = Store::open_in_memory().unwrap();
        let d = doc("Siege of X", "Text.");
        let rec = ConflictRecord { title: "Siege of X".into(), result: Some("Victory".into()), ..Default::default() };
        let nd = |content: &'static str, record| NewDocument {
            source: "x.txt",
            name: "x.txt",
            content: content.as_bytes(),
            document: &d,
            diagnostics: &[],
            record,
            events: &[],
        };
        s.put_batch(&[nd("v1", Some(&rec))]).unwrap();
        assert_eq!(s.records().unwrap(), vec![("x.txt".to_string(), rec.clone())]);
        // Unchanged content with a newer record replaces the old record, not adds one.
        let newer = ConflictRecord { result: Some("Decisive victory".into()), ..rec.clone() };
        s.put_batch(&[nd("v1", Some(&newer))]).unwrap();
        assert_eq!(s.records().unwrap(), vec![("x.txt".to_string(), newer.clone())]);
        // A new revision without a conflict leaves no current record.
        s.put_batch(&[nd("v2", None)]).unwrap();
        assert!(s.records().unwrap().is_empty());
    }

    #[test]
    fn file_database_is_wal_and_versioned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let s = Store::open(&path).unwrap();
        let mode: String = s.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(s.schema_version().unwrap(), schema::LATEST);
        drop(s);
        // Reopening an up-to-date file migrates nothing and keeps the data.
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
        drop(c);
        assert!(matches!(Store::open(&path), Err(StoreError::SchemaTooNew { found: 999, .. })));
    }

    #[test]
    fn not_a_database_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, b"this is not sqlite at all, just some text long enough to be a header").unwrap();
        assert!(Store::open(&path).is_err());
    }
}
