//! `annals serve` on the seed corpus: the API through `oneshot` agrees with the command line
//! and traces every fact to its source span; the real server keeps answering while an ingest
//! writes to its database.

use annals_server::{app, AppState, Config};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn shared() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(p.join("corpus").is_dir(), "the shared corpus is missing: expected it at {}", p.display());
    p
}

fn annals(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_annals")).arg("--db").arg(db).args(args).output().expect("annals runs")
}

fn cli_json(db: &Path, args: &[&str]) -> Value {
    let out = annals(db, args);
    assert!(out.status.success(), "annals {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn seeds_db(dir: &Path) -> PathBuf {
    let db = dir.join("seeds.db");
    let out = annals(&db, &["ingest", shared().join("corpus/seeds").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, Value) {
    let response = app(state.clone()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: {e}")))
}

async fn ok(state: &AppState, uri: &str) -> Value {
    let (status, v) = get(state, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    v
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_answers_the_seed_corpus_as_the_command_line_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let state = AppState::open(Config::new(db.clone())).unwrap();

    // Conflicts: the 2014 offensive is one conflict of two documents whose sides, claims and
    // disagreements come with their documents.
    let list = ok(&state, "/api/conflicts").await;
    let offensive = list["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains("April–July 2014"))
        .expect("the 2014 offensive is listed");
    let id = offensive["id"].as_str().unwrap();
    assert_eq!(id, "deir-ez-zor-offensive-april-july-2014");
    let c = ok(&state, &format!("/api/conflicts/{id}")).await;
    assert_eq!(c["documents"].as_array().unwrap().len(), 2, "{c}");
    assert!(c["sides"].as_array().unwrap().len() >= 2);
    assert!(!c["disagreements"].as_array().unwrap().is_empty());
    let claims = c["control"].as_array().unwrap();
    assert!(claims.iter().any(|cl| cl["place"] == "Abu Kamal" && cl["bloc"] == "isil"), "{claims:?}");
    assert!(claims.iter().all(|cl| c["documents"].as_array().unwrap().contains(&cl["evidence"]["document"])));

    // The timeline is the command line's, row for row.
    let cli = cli_json(&db, &["timeline", "--format", "json"]);
    let api = ok(&state, "/api/events?limit=1000").await;
    assert_eq!(api["total"].as_u64().unwrap() as usize, cli.as_array().unwrap().len());
    let key = |e: &Value| (e["document"].clone(), e["span"].clone(), e["documents"].clone(), e["location"].clone());
    let cli_keys: Vec<_> = cli.as_array().unwrap().iter().map(key).collect();
    let api_keys: Vec<_> = api["events"].as_array().unwrap().iter().map(key).collect();
    assert_eq!(api_keys, cli_keys);
    for (filter, args) in [
        ("place=Al-Bukamal", vec!["--place", "Al-Bukamal"]),
        ("actor=ISIL", vec!["--actor", "ISIL"]),
        ("type=Battles&from=2014-04&to=2014-07", vec!["--type", "Battles", "--from", "2014-04", "--to", "2014-07"]),
        (&format!("conflict={id}") as &str, vec!["--conflict", "April–July 2014"]),
    ] {
        let mut cli_args = vec!["timeline", "--format", "json"];
        cli_args.extend(args);
        let want = cli_json(&db, &cli_args).as_array().unwrap().len();
        let got = ok(&state, &format!("/api/events?limit=0&{filter}")).await;
        assert_eq!(got["total"].as_u64().unwrap() as usize, want, "{filter}");
        assert!(want > 0, "{filter}");
    }
    // Paging.
    let page = ok(&state, "/api/events?limit=10&offset=5").await;
    assert_eq!(page["events"].as_array().unwrap().len(), 10);
    assert_eq!(key(&page["events"][0]), cli_keys[5]);
    let each = ok(&state, "/api/events?limit=0&per_document=true").await;
    assert!(each["total"].as_u64() > api["total"].as_u64(), "renderings of the same article tell the same events");

    // Every event's sentence is its document's text over its span.
    for e in api["events"].as_array().unwrap() {
        let (doc, span) = (e["document"].as_str().unwrap(), &e["span"]);
        let src = ok(&state, &format!("/api/source?document={}&start={}&end={}", enc(doc), span[0], span[1])).await;
        assert_eq!(src["text"], e["text"], "{doc} {span}");
        assert_eq!(src["before"].as_str().unwrap().len(), span[0].as_u64().unwrap() as usize);
    }

    // Control, as the command line answers it.
    for at in ["2014-05-01", "2014-07-02"] {
        let cli = cli_json(&db, &["control", "Abu Kamal", "--at", at, "--format", "json"]);
        assert_eq!(ok(&state, &format!("/api/control?place=Abu%20Kamal&at={at}")).await, cli, "{at}");
        let map = cli_json(&db, &["control", "--at", at, "--format", "geojson"]);
        assert_eq!(ok(&state, &format!("/api/control/map?at={at}")).await, map, "{at}");
    }
    let may = ok(&state, "/api/control?place=Al-Bukamal&at=2014-05-01").await;
    let july = ok(&state, "/api/control?place=Al-Bukamal&at=2014-07-02").await;
    assert_eq!((may["controller_bloc"].as_str(), july["controller_bloc"].as_str()), (Some("opposition"), Some("isil")));
    let history = ok(&state, "/api/control?place=Mayadeen").await;
    assert!(!history["history"].as_array().unwrap().is_empty());

    // Full-text search finds sentences in any case and accent, with the words marked.
    let found = ok(&state, "/api/search?q=ROUTED%20rebels").await;
    assert!(found["total"].as_u64().unwrap() >= 1);
    let hit = &found["results"][0];
    assert!(hit["text"].as_str().unwrap().contains("routed rebels"), "{hit}");
    let marked: Vec<&str> = hit["snippet_parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["hit"] == true)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(marked, ["routed", "rebels"]);
    let narrowed = ok(&state, "/api/events?limit=0&q=routed&place=Abu%20Kamal").await;
    assert!(narrowed["total"].as_u64().unwrap() >= 1);

    // Places, actors and people, in other spellings.
    assert_eq!(ok(&state, "/api/places?name=Al-Bukamal").await["name"], "Abu Kamal");
    assert_eq!(ok(&state, "/api/actors?name=ISIS").await["name"], "Islamic State of Iraq and the Levant");
    let person = ok(&state, "/api/people?name=Abu%20Mohammad%20al-Julani").await;
    assert!(person["mentions"].as_array().is_some_and(|m| !m.is_empty()), "{person}");
    let status = ok(&state, "/api/status").await;
    assert_eq!(status["documents"], 5);
}

/// A GET over a fresh connection: the status code and the body.
fn http_get(addr: &str, path: &str) -> std::io::Result<(u16, String)> {
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
    let mut response = String::new();
    s.read_to_string(&mut response)?;
    let code = response.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((code, body))
}

/// `annals serve` on a free loopback port, and the address it printed.
fn serve(db: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("--db")
        .arg(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("annals serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect(&line).to_string();
    (child, addr)
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_server_keeps_answering_while_an_ingest_writes_and_then_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let seeds = shared().join("corpus/seeds");
    let first = annals(&db, &["ingest", seeds.join("002_8644fcd61cae8fbf.txt").to_str().unwrap()]);
    assert!(first.status.success());
    let (child, addr) = serve(&db);
    let _server = Killed(child);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let status = |addr: &str| -> Value { serde_json::from_str(&http_get(addr, "/api/status").unwrap().1).unwrap() };
    assert_eq!(status(&addr)["documents"], 1);

    // Readers on two threads while the rest of the corpus is ingested.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = ["/api/events?limit=50&type=Battles", "/api/search?q=Mayadin"]
        .into_iter()
        .map(|path| {
            let (stop, addr) = (stop.clone(), addr.clone());
            std::thread::spawn(move || {
                let (mut answered, mut failed) = (0, Vec::new());
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    match http_get(&addr, path) {
                        Ok((200, _)) => answered += 1,
                        other => failed.push(format!("{other:?}")),
                    }
                }
                (answered, failed)
            })
        })
        .collect();
    let ingest = annals(&db, &["ingest", seeds.to_str().unwrap(), shared().join("corpus/wikitext").to_str().unwrap()]);
    assert!(ingest.status.success(), "{}", String::from_utf8_lossy(&ingest.stderr));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for r in readers {
        let (answered, failed) = r.join().unwrap();
        assert!(failed.is_empty(), "{failed:?}");
        assert!(answered > 0);
    }
    // The server notices the ingest and answers from what it wrote.
    let deadline = Instant::now() + Duration::from_secs(60);
    let want = cli_json(&db, &["docs", "--format", "json"]).as_array().unwrap().len();
    loop {
        let got = status(&addr)["documents"].as_u64().unwrap() as usize;
        if got == want {
            break;
        }
        assert!(Instant::now() < deadline, "the server still shows {got} documents of {want}");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (code, body) = http_get(&addr, "/api/control?place=Abu%20Kamal&at=2014-07-02").unwrap();
    assert_eq!(code, 200);
    assert!(body.contains("\"controller_bloc\":\"isil\""), "{body}");
}

#[test]
fn serve_binds_to_loopback_unless_told_otherwise_and_a_taken_port_is_a_clear_error() {
    let help = Command::new(env!("CARGO_BIN_EXE_annals")).args(["serve", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("[default: 127.0.0.1:8080]"));
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = annals(&dir.path().join("x.db"), &["serve", "--addr", &addr]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
}
