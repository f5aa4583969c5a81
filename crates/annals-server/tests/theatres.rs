//! The router on a database of three conflicts of different wars, through `oneshot`: each
//! conflict says which theatre it is read with (id, name, blocs in legend order) and each side
//! its bloc; the status lists the theatres present; and the world map the app draws any region
//! with is served with its library.

use annals_model::conflict::{ConflictRecord, PartialDate, Side};
use annals_model::{DocBuilder, Format};
use annals_server::{app, AppState, Config};
use annals_store::{NewDocument, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

fn side(belligerents: &[&str]) -> Side {
    Side { belligerents: belligerents.iter().map(|b| b.to_string()).collect(), ..Side::default() }
}

fn record(title: &str, part_of: &str, year: i32, sides: [&[&str]; 2]) -> ConflictRecord {
    ConflictRecord {
        title: title.into(),
        start: Some(PartialDate::year(year)),
        part_of: if part_of.is_empty() { Vec::new() } else { vec![part_of.into()] },
        sides: sides.iter().map(|s| side(s)).collect(),
        ..ConflictRecord::default()
    }
}

/// A database with a battle of the Second World War, one of the Syrian civil war, and one of a
/// war no theatre covers.
fn state() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("wars.db");
    let records = [
        record("Battle of Kos", "Dodecanese campaign", 1943, [&["United Kingdom"], &["Nazi Germany"]]),
        record(
            "Siege of Somewhere",
            "Syrian civil war",
            2014,
            [&["Syrian Arab Army"], &["Islamic State of Iraq and the Levant"]],
        ),
        record("Battle of Blenheim", "", 1704, [&["Grand Alliance"], &["Kingdom of France"]]),
    ];
    let docs: Vec<_> = records
        .iter()
        .map(|r| {
            let mut b = DocBuilder::new(Format::Plaintext);
            b.title(&r.title);
            b.paragraph("Text.");
            b.finish()
        })
        .collect();
    let mut store = Store::open(&db).unwrap();
    let new: Vec<NewDocument> = records
        .iter()
        .zip(&docs)
        .map(|(r, d)| NewDocument {
            source: &r.title,
            name: &r.title,
            content: r.title.as_bytes(),
            document: d,
            diagnostics: &[],
            record: Some(r),
            events: &[],
        })
        .collect();
    store.put_batch(&new).unwrap();
    drop(store);
    let state = AppState::open(Config::new(db)).unwrap();
    (dir, state)
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let response = app(state.clone()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let mime = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, mime, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

async fn get_json(state: &AppState, uri: &str) -> Value {
    let (status, mime, body) = get(state, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&body));
    assert!(mime.starts_with("application/json"), "{uri}: {mime}");
    serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: {e}"))
}

fn blocs(v: &Value) -> Vec<&str> {
    v["blocs"].as_array().unwrap_or_else(|| panic!("no blocs in {v}")).iter().map(|b| b.as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_conflict_names_its_theatre_and_every_side_its_bloc() {
    let (_dir, state) = state();
    let kos = get_json(&state, "/api/conflicts/battle-of-kos").await;
    assert_eq!(kos["theatre"]["id"], "ww2", "{kos}");
    assert_eq!(kos["theatre"]["name"], "Second World War");
    assert_eq!(kos["theatre"]["own"], false);
    assert_eq!(&blocs(&kos["theatre"])[..2], ["allies", "axis"]);
    assert!(kos["theatre"]["countries"].as_array().unwrap().contains(&json!("GR")), "{}", kos["theatre"]);
    let side_blocs: Vec<&Value> = kos["sides"].as_array().unwrap().iter().map(|s| &s["bloc"]).collect();
    assert_eq!(side_blocs, [&json!("allies"), &json!("axis")]);

    let syria = get_json(&state, "/api/conflicts/siege-of-somewhere").await;
    assert_eq!(syria["theatre"]["id"], "syria", "{syria}");
    assert_eq!(blocs(&syria["theatre"]), ["government", "opposition", "isil", "sdf", "civilians", "other"]);
    assert_eq!(syria["sides"][0]["bloc"], "government");
    assert_eq!(syria["sides"][1]["bloc"], "isil");

    // A war outside every theatre: a bloc per side, labelled with the belligerent it is named after.
    let blenheim = get_json(&state, "/api/conflicts/battle-of-blenheim").await;
    let theatre = &blenheim["theatre"];
    assert_eq!(theatre["own"], true, "{theatre}");
    assert_eq!(theatre["name"], "Battle of Blenheim");
    let own = blocs(theatre);
    assert_eq!(own.len(), 2, "{theatre}");
    assert_eq!(blenheim["sides"][0]["bloc"], own[0]);
    assert_eq!(theatre["bloc_labels"][own[1]], "Kingdom of France");
}

#[tokio::test]
async fn the_conflict_list_carries_theatres_and_side_blocs() {
    let (_dir, state) = state();
    let list = get_json(&state, "/api/conflicts").await;
    let kos = list["conflicts"].as_array().unwrap().iter().find(|c| c["id"] == "battle-of-kos").expect("Kos listed");
    assert_eq!(kos["theatre"]["id"], "ww2");
    assert_eq!(kos["theatre"]["name"], "Second World War");
    assert_eq!(&blocs(&kos["theatre"])[..2], ["allies", "axis"]);
    assert_eq!(kos["sides"][0]["bloc"], "allies");
    assert_eq!(kos["sides"][1]["bloc"], "axis");
}

#[tokio::test]
async fn the_status_lists_the_theatres_present_with_their_blocs() {
    let (_dir, state) = state();
    let status = get_json(&state, "/api/status").await;
    let theatres = status["theatres"].as_array().unwrap_or_else(|| panic!("{status}"));
    assert_eq!(theatres.len(), 3, "{status}");
    let ww2 = theatres.iter().find(|t| t["id"] == "ww2").expect("ww2 listed");
    assert_eq!(ww2["name"], "Second World War");
    assert_eq!(ww2["conflicts"], 1);
    assert_eq!(&blocs(ww2)[..2], ["allies", "axis"]);
    let syria = theatres.iter().find(|t| t["id"] == "syria").expect("syria listed");
    assert_eq!(blocs(syria), ["government", "opposition", "isil", "sdf", "civilians", "other"]);
    assert_eq!(theatres.iter().filter(|t| t["own"] == true).count(), 1);
    let counted: u64 = theatres.iter().map(|t| t["conflicts"].as_u64().unwrap()).sum();
    assert_eq!(counted, status["conflicts"].as_u64().unwrap());
}

#[tokio::test]
async fn the_world_map_and_its_library_are_served() {
    let (_dir, state) = state();
    let (status, mime, js) = get(&state, "/assets/topojson-client.min.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.starts_with("text/javascript"), "{mime}");
    assert!(String::from_utf8_lossy(&js).contains("feature"), "topojson-client has `feature`");
    let (status, mime, body) = get(&state, "/geo/countries-50m.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.starts_with("application/json"), "{mime}");
    let topo: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(topo["type"], "Topology");
    let countries = topo["objects"]["countries"]["geometries"].as_array().unwrap();
    assert!(countries.len() > 200, "{} countries", countries.len());
    assert!(countries.iter().any(|c| c["properties"]["name"] == "Greece"));
    // The page loads the library before the app.
    let (_, _, page) = get(&state, "/").await;
    let page = String::from_utf8(page).unwrap();
    let (lib, app) = (page.find("/assets/topojson-client.min.js"), page.find("/assets/app.js"));
    assert!(lib.is_some() && lib < app, "{page}");
}
