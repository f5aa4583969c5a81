//! The router on an empty database, through `oneshot`: every documented path answers, bad
//! parameters are 400s with a JSON error, unknown things are 404s, and the web app's files are
//! served with their types.

use annals_server::{app, AppState, Config, ROUTES};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

fn state() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(Config::new(dir.path().join("empty.db"))).unwrap();
    (dir, state)
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let response = app(state.clone()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let mime = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, mime, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

async fn get_json(state: &AppState, uri: &str) -> (StatusCode, Value) {
    let (status, mime, body) = get(state, uri).await;
    assert!(mime.starts_with("application/json"), "{uri}: {mime}");
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: {e}")))
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_path_is_routed() {
    let (_dir, state) = state();
    let (status, spec) = get_json(&state, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.1.0");
    let mut documented: Vec<&str> = spec["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    let mut routed = ROUTES.to_vec();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed);
    // Each documented path is routed: never the API's "no such path" 404.
    for path in ROUTES {
        let uri = path.replace("{id}", "x");
        let (_, body) = get_json(&state, &uri).await;
        let error = body["error"].as_str().unwrap_or("");
        assert!(!error.contains("no such API path"), "{uri} is not routed");
    }
}

#[tokio::test]
async fn bad_parameters_are_400s_with_a_json_error() {
    let (_dir, state) = state();
    let cases = [
        "/api/events?from=2014-13",
        "/api/events?to=yesterday",
        "/api/events?limit=5000",
        "/api/events?limit=-1",
        "/api/events?offset=x",
        "/api/events?per_document=maybe",
        "/api/events?q=%20%2C%20",
        "/api/events/histogram?from=14",
        "/api/search",
        "/api/search?q=%22%28",
        "/api/source",
        "/api/control",
        "/api/control?place=Mayadin&at=2014-02-30x",
        "/api/control/map",
        "/api/control/map?at=soon",
        "/api/places",
        "/api/actors?name=",
        "/api/people",
    ];
    for uri in cases {
        let (status, body) = get_json(&state, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{uri}: {body}");
    }
}

#[tokio::test]
async fn unknown_things_are_404s_with_a_json_error() {
    let (_dir, state) = state();
    for uri in [
        "/api/nothing",
        "/api",
        "/api/conflicts/no-such-conflict",
        "/api/source?document=none.txt",
        "/api/places?name=Qqqqzzzz",
        "/api/actors?name=Nobody%20Brigade",
        "/api/people?name=Qqq%20Zzz",
    ] {
        let (status, body) = get_json(&state, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert!(body["error"].is_string(), "{uri}: {body}");
    }
}

#[tokio::test]
async fn an_empty_database_gives_empty_answers() {
    let (_dir, state) = state();
    let (_, status) = get_json(&state, "/api/status").await;
    assert_eq!(status["documents"], 0);
    assert_eq!(status["first_date"], Value::Null);
    let (_, events) = get_json(&state, "/api/events").await;
    assert_eq!(events["total"], 0);
    assert_eq!(events["events"], serde_json::json!([]));
    let (_, search) = get_json(&state, "/api/search?q=anything").await;
    assert_eq!(search["total"], 0);
    let (_, control) = get_json(&state, "/api/control?place=Mayadin&at=2014-07-01").await;
    assert_eq!(control["controller"], Value::Null);
    assert_eq!(control["place"], "Mayadin");
    let (_, map) = get_json(&state, "/api/control/map?at=2014-07-01").await;
    assert_eq!(map["type"], "FeatureCollection");
}

#[tokio::test]
async fn the_web_app_and_its_libraries_and_base_layers_are_served() {
    let (_dir, state) = state();
    let (status, mime, body) = get(&state, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.starts_with("text/html"), "{mime}");
    let page = String::from_utf8(body).unwrap();
    // Offline: the page loads nothing from another host.
    assert!(!page.contains("http://") && !page.contains("https://"), "{page}");
    assert!(page.contains("/assets/d3.min.js") && page.contains("/assets/app.js"));
    let (status, mime, d3) = get(&state, "/assets/d3.min.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.starts_with("text/javascript"));
    assert!(String::from_utf8_lossy(&d3).contains("geoMercator"), "the d3 bundle has d3-geo");
    for layer in ["countries", "governorates", "rivers", "lakes"] {
        let (status, mime, body) = get(&state, &format!("/geo/{layer}.geojson")).await;
        assert_eq!(status, StatusCode::OK, "{layer}");
        assert_eq!(mime, "application/geo+json");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["type"], "FeatureCollection", "{layer}");
    }
    assert_eq!(get(&state, "/assets/countries.geojson").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&state, "/geo/app.js").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&state, "/assets/..%2F..%2FCargo.toml").await.0, StatusCode::NOT_FOUND);
}
