//! The web app: its pages and scripts, the front-end libraries npm fetched at build time, and the
//! base map layers, all compiled into the binary so that the app works offline.

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

fn asset(path: &str) -> Option<Asset> {
    let (body, mime): (&'static [u8], _) = match path {
        "index.html" => (include_bytes!("../../../web/app/index.html"), HTML),
        "app.js" => (include_bytes!("../../../web/app/app.js"), JS),
        "app.css" => (include_bytes!("../../../web/app/app.css"), CSS),
        "d3.min.js" => (include_bytes!(concat!(env!("ANNALS_NPM_DIR"), "/node_modules/d3/dist/d3.min.js")), JS),
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
