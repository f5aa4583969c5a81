//! Versioned schema migrations. Each entry moves the schema one version up; the version lives in
//! SQLite's `user_version`. Entries are never edited once released: a change is a new entry.

use crate::{Result, StoreError};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: documents and their revisions, infobox fields, sections, diagnostics.
    "CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        name TEXT NOT NULL,
        title TEXT NOT NULL,
        format TEXT NOT NULL,
        source_revision TEXT,
        content_hash TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        text TEXT NOT NULL,
        model TEXT NOT NULL,
        rev_no INTEGER NOT NULL,
        current INTEGER NOT NULL DEFAULT 1,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        UNIQUE (source, content_hash)
    );
    CREATE INDEX documents_current_title ON documents (current, title);
    CREATE INDEX documents_source ON documents (source, rev_no);
    CREATE TABLE fields (
        doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        key TEXT NOT NULL,
        raw TEXT NOT NULL,
        value TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        links TEXT NOT NULL,
        items TEXT NOT NULL,
        PRIMARY KEY (doc_id, ord)
    );
    CREATE INDEX fields_key ON fields (key);
    CREATE TABLE sections (
        doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        path TEXT NOT NULL,
        level INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (doc_id, ord)
    );
    CREATE TABLE diagnostics (
        doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        severity TEXT NOT NULL,
        line INTEGER,
        message TEXT NOT NULL,
        PRIMARY KEY (doc_id, ord)
    );",
    // 2: the conflict record extracted from each document's infobox.
    "CREATE TABLE conflict_records (
        doc_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        record TEXT NOT NULL
    );",
    // 3: events from each document's narrative. date_min and date_max bound a partial date
    // ("2014-05" lies between "2014-05-00" and "2014-05-99") so that range filters are plain
    // string comparisons.
    "CREATE TABLE events (
        doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        date_min TEXT NOT NULL,
        date_max TEXT NOT NULL,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        actor1 TEXT,
        actor2 TEXT,
        location TEXT,
        event TEXT NOT NULL,
        PRIMARY KEY (doc_id, ord)
    );
    CREATE INDEX events_date ON events (date_min);",
    // 4: no change of tables: from here on an event's JSON leaves out its text, which is the
    // document's text over the event's span. The version tells older builds not to read it.
    "",
    // 5: the control timeline's cache: claims derived from the events and records (by place: a
    // gazetteer entry, or the key of a name it does not know), the gazetteer's names and
    // parents they were resolved with, and the fingerprint of the data that made them. All of it
    // is derived and rebuilt whole.
    "CREATE TABLE control_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint TEXT NOT NULL
    );
    CREATE TABLE control_claims (
        entry INTEGER,
        unlisted TEXT,
        claim TEXT NOT NULL
    );
    CREATE INDEX control_claims_entry ON control_claims (entry);
    CREATE INDEX control_claims_unlisted ON control_claims (unlisted);
    CREATE TABLE control_names (
        key TEXT NOT NULL,
        entry INTEGER NOT NULL
    );
    CREATE INDEX control_names_key ON control_names (key);
    CREATE TABLE control_places (
        entry INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        parent INTEGER
    );",
    // 6: full-text search over event sentences. The row id of an event's entry is the event's
    // row id. Existing events are indexed from their document's text over their span (spans are
    // byte offsets, hence the BLOB substrings).
    "CREATE VIRTUAL TABLE event_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO event_fts (rowid, text)
        SELECT e.rowid,
               CAST(substr(CAST(d.text AS BLOB), json_extract(e.event, '$.span.start') + 1,
                           json_extract(e.event, '$.span.end') - json_extract(e.event, '$.span.start')) AS TEXT)
        FROM events e JOIN documents d ON d.id = e.doc_id;",
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Applies every migration the database has not seen, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > LATEST {
        return Err(StoreError::SchemaTooNew { found, supported: LATEST });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
