//! The web app: its pages and scripts, the front-end libraries npm fetched at build time (d3,
//! topojson-client) with world-atlas's country outlines of the whole world, and the base map
//! layers of `data/geo/`, all compiled into the binary so that the app works offline.

use crate::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// One embedded file: its bytes and content type.
struct Asset {
    body: &'static [u8],
    mime: &'static str,
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const GEOJSON: &str = "application/geo+json";
/// TopoJSON has no registered type of its own; it is JSON.
const TOPOJSON: &str = "application/json";

/// A file npm installed at build time (see `build.rs`).
macro_rules! npm {
    ($file:literal) => {
        include_bytes!(concat!(env!("ANNALS_NPM_DIR"), "/node_modules/", $file))
    };
}

fn asset(path: &str) -> Option<Asset> {
    let (body, mime): (&'static [u8], _) = match path {
        "index.html" => (include_bytes!("../../../web/app/index.html"), HTML),
        "app.js" => (include_bytes!("../../../web/app/app.js"), JS),
        "app.css" => (include_bytes!("../../../web/app/app.css"), CSS),
        "d3.min.js" => (npm!("d3/dist/d3.min.js"), JS),
        "topojson-client.min.js" => (npm!("topojson-client/dist/topojson-client.min.js"), JS),
        // Natural Earth's 1:50m admin-0 countries of the whole world (public domain), as
        // world-atlas packs them: the map of any conflict's region.
        "geo/countries-50m.json" => (npm!("world-atlas/countries-50m.json"), TOPOJSON),
        // Natural Earth (public domain) and geoBoundaries (CC BY 3.0 IGO); see README.
        "geo/countries.geojson" => (include_bytes!("../../../data/geo/countries.geojson"), GEOJSON),
        "geo/governorates.geojson" => (include_bytes!("../../../data/geo/governorates.geojson"), GEOJSON),
        "geo/rivers.geojson" => (include_bytes!("../../../data/geo/rivers.geojson"), GEOJSON),
        "geo/lakes.geojson" => (include_bytes!("../../../data/geo/lakes.geojson"), GEOJSON),
        _ => return None,
    };
    Some(Asset { body, mime })
}

fn respond(path: &str) -> Response {
    match asset(path) {
        Some(a) => ([(header::CONTENT_TYPE, a.mime), (header::CACHE_CONTROL, "no-cache")], a.body).into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { respond("index.html") }))
        .route("/assets/{file}", get(|Path(file): Path<String>| async move { respond(&file) }))
        .route("/geo/{file}", get(|Path(file): Path<String>| async move { respond(&format!("geo/{file}")) }))
}
