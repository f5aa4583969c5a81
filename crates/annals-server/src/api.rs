//! The JSON API. Every handler answers JSON; a bad parameter is a 400 and an unknown thing a
//! 404, each with `{"error": "..."}`; an internal failure is a 500 whose details go to the
//! server's log, not to the client.

use crate::snapshot::{Query as EventQuery, Selection, Snapshot};
use crate::AppState;
use annals_query::events::{check_date, Documents};
use annals_query::QueryError;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

/// Every API path, as the router has them and `/api/openapi.json` documents them.
pub const ROUTES: &[&str] = &[
    "/api/status",
    "/api/conflicts",
    "/api/conflicts/{id}",
    "/api/events",
    "/api/events/histogram",
    "/api/events/places",
    "/api/search",
    "/api/source",
    "/api/documents",
    "/api/control",
    "/api/control/map",
    "/api/places",
    "/api/actors",
    "/api/people",
    "/api/openapi.json",
];

const OPENAPI: &str = include_str!("openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/status", get(status))
        .route("/api/conflicts", get(conflicts))
        .route("/api/conflicts/{id}", get(conflict))
        .route("/api/events", get(events))
        .route("/api/events/histogram", get(histogram))
        .route("/api/events/places", get(event_places))
        .route("/api/search", get(search))
        .route("/api/source", get(source))
        .route("/api/documents", get(documents))
        .route("/api/control", get(control))
        .route("/api/control/map", get(control_map))
        .route("/api/places", get(place))
        .route("/api/actors", get(actor))
        .route("/api/people", get(person))
        .route("/api/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }))
        .route("/api", get(not_found))
        .route("/api/{*rest}", get(not_found))
}

/// The API's error: what the client did wrong, or that the server failed.
#[derive(Debug)]
pub enum ApiError {
    BadRequest(String),
    NotFound(String),
    /// The message is logged; the client sees only that the server failed.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m),
            ApiError::Internal(m) => {
                eprintln!("annals serve: {m}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error; see the server's log".to_string())
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> ApiError {
        match e {
            QueryError::NoConflict(_) => ApiError::NotFound(e.to_string()),
            QueryError::ManyConflicts { .. } => ApiError::BadRequest(e.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<crate::ServerError> for ApiError {
    fn from(e: crate::ServerError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}

impl From<annals_store::StoreError> for ApiError {
    fn from(e: annals_store::StoreError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> ApiError {
        ApiError::BadRequest(e.body_text())
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// A JSON text already rendered.
fn json_text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Runs CPU-heavy work off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| ApiError::Internal(format!("a worker failed: {e}")))?
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such API path (see /api/openapi.json)".into())
}

async fn status(State(state): State<AppState>) -> Json<Value> {
    let s = state.snapshot();
    // The theatres the conflicts are read with, those of the most conflicts first.
    let mut theatres: Vec<(Value, usize)> = Vec::new();
    for c in &s.conflicts {
        match theatres.iter_mut().find(|(t, _)| t["id"] == c.theatre.id()) {
            Some((_, n)) => *n += 1,
            None => theatres.push((theatre_json(c, true), 1)),
        }
    }
    theatres.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0["id"].as_str().cmp(&b.0["id"].as_str())));
    let theatres: Vec<Value> = theatres
        .into_iter()
        .map(|(mut t, n)| {
            t["conflicts"] = json!(n);
            t
        })
        .collect();
    Json(json!({
        "documents": s.documents,
        "events": s.events.len(),
        "conflicts": s.conflicts.len(),
        "theatres": theatres,
        "first_date": s.first_date,
        "last_date": s.last_date,
        "generation": s.generation,
        "snapshot_ms": s.built_in.as_millis() as u64,
    }))
}

/// The theatre a conflict is read with: its id, its name, whether it was made from the
/// conflict's own sides, its blocs in legend order, and, for a theatre of the conflict's own
/// sides, the belligerent each bloc is named after (its label); with `countries`, the ISO codes
/// of the countries the war was fought in.
pub fn theatre_json(c: &annals_resolve::Conflict, countries: bool) -> Value {
    let t = &c.theatre.scope;
    let mut labels = serde_json::Map::new();
    if c.theatre.own {
        for s in &c.sides {
            let first = s.belligerents.first().or(s.supported_by.first());
            if let (Some(bloc), Some(first)) = (&s.bloc, first) {
                labels.entry(bloc.clone()).or_insert_with(|| json!(first.value));
            }
        }
    }
    let mut v = json!({
        "id": t.id,
        "name": t.name,
        "own": c.theatre.own,
        "blocs": t.blocs,
        "bloc_labels": labels,
    });
    if countries {
        v["countries"] = json!(t.countries);
    }
    v
}

async fn conflicts(State(state): State<AppState>) -> Json<Value> {
    let s = state.snapshot();
    Json(json!({ "conflicts": s.conflict_entries.iter().map(|c| &c.summary).collect::<Vec<_>>() }))
}

async fn conflict(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let s = state.snapshot();
    Ok(Json(s.conflict(&id)?.detail.clone()))
}

/// The timeline's filters, as query parameters.
#[derive(Debug, Default, Deserialize)]
pub struct EventParams {
    conflict: Option<String>,
    place: Option<String>,
    actor: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// Words the sentence must contain (full-text search).
    q: Option<String>,
    per_document: Option<bool>,
    limit: Option<usize>,
    offset: Option<usize>,
}

const MAX_LIMIT: usize = 1000;

impl EventParams {
    /// The query the parameters stand for, on snapshot `s` (search hits are positions in it).
    /// Empty parameters are no filter; a malformed date or a search without words is the
    /// client's error.
    fn query(self, state: &AppState, s: &Snapshot) -> ApiResult<EventQuery> {
        let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let date = |v: Option<String>, name: &str| {
            given(v).map(|d| check_date(&d).map_err(|e| ApiError::BadRequest(format!("{name}: {e}")))).transpose()
        };
        let from = date(self.from, "from")?;
        let to = date(self.to, "to")?;
        let f = annals_query::events::filter(
            given(self.conflict),
            given(self.place),
            given(self.actor),
            given(self.event_type),
            from,
            to,
        );
        let hits = match given(self.q) {
            None => None,
            Some(words) => {
                let fts = annals_store::fts_query(&words)
                    .ok_or_else(|| ApiError::BadRequest(format!("q: no words to search for in {words:?}")))?;
                Some(search_hits(state, s, fts)?)
            }
        };
        Ok(EventQuery {
            filter: f,
            hits,
            documents: if self.per_document == Some(true) { Documents::Each } else { Documents::Merged },
        })
    }
}

/// Every event of the snapshot a full-text query finds, from the snapshot's cache or else from
/// the index.
fn search_hits(state: &AppState, s: &Snapshot, fts: String) -> ApiResult<std::sync::Arc<Vec<usize>>> {
    if let Some(hits) = s.cached_hits(&fts) {
        return Ok(hits);
    }
    let hits = std::sync::Arc::new(s.indices_of(state.store()?.search_ids(&fts)?));
    s.cache_hits(fts, hits.clone());
    Ok(hits)
}

fn page(limit: Option<usize>, offset: Option<usize>) -> ApiResult<(usize, usize)> {
    let limit = limit.unwrap_or(100);
    if limit > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!("limit: at most {MAX_LIMIT}")));
    }
    Ok((limit, offset.unwrap_or(0)))
}

async fn events(
    State(state): State<AppState>,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(params) = params?;
    let (limit, offset) = page(params.limit, params.offset)?;
    let needs_db = params.q.is_some();
    let run = move || {
        let s = state.snapshot();
        let q = params.query(&state, &s)?;
        let rows = s.select(&q, state.gazetteer());
        Ok(json_text(s.page_json(&rows, offset, limit)))
    };
    // A plain filter is a scan of memory, well under a millisecond; a search reads SQLite.
    if needs_db {
        blocking(run).await
    } else {
        run()
    }
}

/// The events a query selects, summed up by `render` (off the async workers: a summary of every
/// event reads them all).
async fn summary(
    state: AppState,
    params: Result<Query<EventParams>, QueryRejection>,
    render: fn(&Snapshot, &Selection) -> Value,
) -> ApiResult<Json<Value>> {
    let Query(params) = params?;
    blocking(move || {
        let s = state.snapshot();
        let q = params.query(&state, &s)?;
        Ok(Json(render(&s, &s.select(&q, state.gazetteer()))))
    })
    .await
}

async fn histogram(
    State(state): State<AppState>,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    summary(state, params, Snapshot::histogram).await
}

async fn event_places(
    State(state): State<AppState>,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    summary(state, params, Snapshot::places).await
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(params) = params?;
    let (limit, _) = page(Some(params.limit.unwrap_or(50)), None)?;
    let words = params.q.unwrap_or_default();
    let fts = annals_store::fts_query(&words)
        .ok_or_else(|| ApiError::BadRequest("q: give words to search the event sentences for".into()))?;
    blocking(move || {
        let s = state.snapshot();
        let (total, hits) = {
            let store = state.store()?;
            (search_hits(&state, &s, fts.clone())?.len(), store.search(&fts, limit)?)
        };
        let results: Vec<Value> = hits
            .into_iter()
            // A hit the snapshot does not have yet (an ingest just wrote it) waits for the next.
            .filter_map(|(id, marked)| s.event_index(id).map(|i| (i, marked)))
            .map(|(i, marked)| {
                let e = &s.events[i];
                json!({
                    "id": e.id,
                    "document": e.document,
                    "conflict": e.conflict,
                    "date": e.event.date.start.iso(),
                    "event_type": e.event.event_type,
                    "location": e.event.location,
                    "text": e.event.text,
                    "span": [e.event.span.start, e.event.span.end],
                    "snippet_parts": snippet_parts(&marked),
                })
            })
            .collect();
        Ok(Json(json!({ "total": total, "results": results })))
    })
    .await
}

/// A sentence with its matched words between `\u{1}` and `\u{2}`, as parts.
fn snippet_parts(marked: &str) -> Vec<Value> {
    let mut parts = Vec::new();
    let mut hit = false;
    for piece in marked.split(['\u{1}', '\u{2}']) {
        if !piece.is_empty() {
            parts.push(json!({ "text": piece, "hit": hit }));
        }
        hit = !hit;
    }
    parts
}

#[derive(Debug, Deserialize)]
pub struct SourceParams {
    document: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
}

/// A document's text split at a span: what the fact was read from, in its place.
async fn source(
    State(state): State<AppState>,
    params: Result<Query<SourceParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(params) = params?;
    let name = params.document.ok_or_else(|| ApiError::BadRequest("document: required".into()))?;
    blocking(move || {
        let (title, text) = state
            .store()?
            .document_text(&name)?
            .ok_or_else(|| ApiError::NotFound(format!("no current document named {name:?}")))?;
        let start = params.start.unwrap_or(0);
        let end = params.end.unwrap_or(start);
        let ok = start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end);
        if !ok {
            return Err(ApiError::BadRequest(format!(
                "the span {start}..{end} is not within the {} bytes of {name:?} on character boundaries",
                text.len()
            )));
        }
        Ok(Json(json!({
            "document": name,
            "title": title,
            "start": start,
            "end": end,
            "before": &text[..start],
            "text": &text[start..end],
            "after": &text[end..],
        })))
    })
    .await
}

async fn documents(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    blocking(move || Ok(Json(json!({ "documents": state.store()?.list()? })))).await
}

#[derive(Debug, Deserialize)]
pub struct ControlParams {
    place: Option<String>,
    at: Option<String>,
}

/// Who held a place on a day, as `annals control PLACE --at DATE --format json`; without `at`,
/// its whole history.
async fn control(
    State(state): State<AppState>,
    params: Result<Query<ControlParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(params) = params?;
    let name =
        params.place.filter(|p| !p.trim().is_empty()).ok_or_else(|| ApiError::BadRequest("place: required".into()))?;
    let at = params.at.filter(|d| !d.is_empty());
    let at = at.map(|d| check_date(&d).map_err(|e| ApiError::BadRequest(format!("at: {e}")))).transpose()?;
    blocking(move || {
        let s = state.snapshot();
        let asked = annals_query::control::asked(state.gazetteer(), &name);
        Ok(Json(match at {
            Some(at) => {
                let st = s.timeline.at(&asked.place, &asked.covered_by, &at);
                annals_export::control_json(&asked.shown, &at, st.as_ref())
            }
            None => {
                annals_export::control_history_json(&asked.shown, &s.timeline.history(&asked.place, &asked.covered_by))
            }
        }))
    })
    .await
}

/// Every place with a known holder on a day, as GeoJSON.
async fn control_map(
    State(state): State<AppState>,
    params: Result<Query<ControlParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(params) = params?;
    let at = params.at.ok_or_else(|| ApiError::BadRequest("at: required".into()))?;
    let at = check_date(&at).map_err(|e| ApiError::BadRequest(format!("at: {e}")))?;
    blocking(move || {
        let s = state.snapshot();
        let features = annals_query::control::map_features(&s.timeline, state.gazetteer(), &at);
        Ok(Json(annals_export::feature_collection(&at, features)))
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct NameParams {
    name: Option<String>,
}

fn required_name(params: Result<Query<NameParams>, QueryRejection>) -> ApiResult<String> {
    let Query(params) = params?;
    params.name.filter(|n| !n.trim().is_empty()).ok_or_else(|| ApiError::BadRequest("name: required".into()))
}

/// One thing named by `name`, looked up in the snapshot; a 404 with the lookup's message when
/// there is none.
async fn named(
    state: AppState,
    params: Result<Query<NameParams>, QueryRejection>,
    find: impl FnOnce(&AppState, &Snapshot, &str) -> Result<Value, String> + Send + 'static,
) -> ApiResult<Json<Value>> {
    let name = required_name(params)?;
    blocking(move || find(&state, &state.snapshot(), &name).map(Json).map_err(ApiError::NotFound)).await
}

async fn place(
    State(state): State<AppState>,
    params: Result<Query<NameParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    named(state, params, |state, s, name| {
        let view = annals_query::places::place_view(state.gazetteer(), &s.events, name);
        view.map(|v| v.json()).ok_or_else(|| format!("no place in the gazetteer matches {name:?} closely enough"))
    })
    .await
}

async fn actor(
    State(state): State<AppState>,
    params: Result<Query<NameParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    named(state, params, |_, s, name| {
        let view = annals_query::entities::actor_view(&s.actors, &s.conflicts, &s.events, name);
        view.map(|v| v.json()).ok_or_else(|| format!("no actor is known by the name {name:?}"))
    })
    .await
}

async fn person(
    State(state): State<AppState>,
    params: Result<Query<NameParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    named(state, params, |_, s, name| {
        let view = annals_query::entities::person_view(&s.people, &s.conflicts, &s.events, name);
        view.map(|v| v.json()).ok_or_else(|| format!("no person is known by the name {name:?}"))
    })
    .await
}
