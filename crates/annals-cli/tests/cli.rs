//! End-to-end tests of the `annals` binary: real files in, a real SQLite file, output read back.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    let p = repo().join("../shared");
    assert!(p.join("corpus").is_dir(), "the shared corpus is missing: expected it at {}", p.display());
    p
}

fn annals(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ANNALS_DB")
        .output()
        .expect("the annals binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn docs_json(db: &Path) -> Vec<Value> {
    let o = annals(db, &["docs", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
}

fn ingest_ok(db: &Path, paths: &[&Path]) -> String {
    let mut args = vec!["ingest".to_string()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = annals(db, &args);
    assert!(o.status.success(), "ingest failed:\n{}\n{}", stdout(&o), stderr(&o));
    stdout(&o)
}

#[test]
fn examples_ingest_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let out = ingest_ok(&db, &[&repo().join("examples")]);
    assert!(out.contains("skipped dump pages: 1 redirects, 1 outside the article namespace"), "{out}");
    let docs = docs_json(&db);
    let formats: std::collections::BTreeSet<&str> = docs.iter().map(|d| d["format"].as_str().unwrap()).collect();
    for f in ["plaintext", "markdown", "pipetable", "wikitext", "html"] {
        assert!(formats.contains(f), "no {f} example among {formats:?}");
    }
    for d in &docs {
        for key in ["id", "title", "format", "path", "revision", "bytes"] {
            assert!(!d[key].is_null(), "{key} missing in {d}");
        }
    }
    let dump_page = docs.iter().find(|d| d["title"] == "Siege of Tobruk (example)").expect("the dump page is stored");
    assert_eq!(dump_page["source_revision"], "101");
}

#[test]
fn whole_corpus_reingest_and_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let corpus = shared().join("corpus");
    let out = ingest_ok(&db, &[&corpus]);
    assert!(out.contains("read 753 documents"), "{out}");
    assert!(out.contains("skipped dump pages: 64 redirects"), "{out}");
    let docs = docs_json(&db);
    assert_eq!(docs.len(), 753);
    let count = |f: &str| docs.iter().filter(|d| d["format"] == f).count();
    assert_eq!((count("plaintext"), count("markdown"), count("pipetable"), count("wikitext")), (9, 240, 1, 503));

    // The same content again adds nothing.
    let out = ingest_ok(&db, &[&corpus]);
    assert!(out.contains("0 added, 0 new revisions, 753 unchanged"), "{out}");
    assert_eq!(docs_json(&db).len(), 753);

    // Changed content at the same path is a new revision of the same document.
    let copy = dir.path().join("seed.txt");
    let seed = std::fs::read_to_string(corpus.join("seeds/004_76bcc1bceb32912f.txt")).unwrap();
    std::fs::write(&copy, &seed).unwrap();
    ingest_ok(&db, &[&copy]);
    std::fs::write(&copy, seed.replace("ISIL victory", "Decisive ISIL victory")).unwrap();
    let out = ingest_ok(&db, &[&copy]);
    assert!(out.contains("1 new revisions"), "{out}");
    let docs = docs_json(&db);
    let mine: Vec<&Value> = docs.iter().filter(|d| d["name"] == "seed.txt").collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["revision"], 2);
}

/// Regression: a folder of symbolic links to articles was read as empty.
#[cfg(unix)]
#[test]
fn ingest_follows_symbolic_links() {
    let dir = tempfile::tempdir().unwrap();
    let links = dir.path().join("links");
    std::fs::create_dir(&links).unwrap();
    for seed in ["002_8644fcd61cae8fbf.txt", "003_0100bfe34d1bbbb8.txt"] {
        std::os::unix::fs::symlink(shared().join("corpus/seeds").join(seed), links.join(seed)).unwrap();
    }
    std::os::unix::fs::symlink(&links, links.join("loop")).unwrap();
    let db = dir.path().join("l.db");
    let o = annals(&db, &["ingest", links.to_str().unwrap()]);
    assert_eq!(docs_json(&db).len(), 2, "{}{}", stdout(&o), stderr(&o));
    // The link back to its own folder is reported, not followed forever.
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("loop"), "{}", stderr(&o));
}

/// Documents are parsed in parallel but stored in the order they were read, so ids do not depend
/// on the number of threads or on which article happened to be parsed first.
#[test]
fn ids_follow_reading_order_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut listings = Vec::new();
    for jobs in ["1", "2", "4"] {
        let db = dir.path().join(format!("j{jobs}.db"));
        let (examples, wikitext) = (repo().join("examples"), shared().join("corpus/wikitext"));
        let o = annals(&db, &["ingest", "--jobs", jobs, examples.to_str().unwrap(), wikitext.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let docs = docs_json(&db);
        let mut ids: Vec<(i64, String)> =
            docs.iter().map(|d| (d["id"].as_i64().unwrap(), d["path"].as_str().unwrap().to_string())).collect();
        ids.sort();
        listings.push(ids);
    }
    assert!(listings[0].len() > 30, "several parsing jobs: {:?}", listings[0]);
    assert_eq!(listings[0], listings[1]);
    assert_eq!(listings[0], listings[2]);
}

#[test]
fn a_broken_batch_stores_the_good_files_and_names_the_bad() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(shared().join("corpus/seeds/002_8644fcd61cae8fbf.txt"), input.join("good.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("noise.bin"), (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>()).unwrap();
    std::fs::write(input.join("latin1.txt"), b"= Title =\n\nCaf\xe9 society.\n").unwrap();
    let dump = std::fs::read_to_string(repo().join("examples/dumps/sample-pages-articles.xml")).unwrap();
    let cut = dump.find("<title>Tobruk siege").unwrap();
    std::fs::write(input.join("truncated.xml"), &dump[..cut]).unwrap();
    let db = dir.path().join("b.db");
    let o = annals(&db, &["ingest", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "a failed file makes the exit status non-zero");
    let err = stderr(&o);
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("noise.bin", "binary data"),
        ("latin1.txt", "line 3: error: bad encoding"),
        ("truncated.xml", "dump stopped"),
    ] {
        assert!(err.lines().any(|l| l.contains(name) && l.contains(reason)), "no {name}: {reason} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let titles: Vec<String> = docs_json(&db).iter().map(|d| d["title"].as_str().unwrap().to_string()).collect();
    assert!(titles.contains(&"Deir ez-Zor offensive (April–July 2014)".to_string()), "{titles:?}");
    assert!(titles.contains(&"Siege of Tobruk (example)".to_string()), "pages before the cut are kept: {titles:?}");
}

#[test]
fn doc_shows_infobox_and_sections() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ingest_ok(&db, &[&shared().join("corpus/seeds")]);
    let o = annals(&db, &["doc", "Deir ez-Zor clashes (2011–2014)"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in ["combatant3", "Maj. Gen. Jameh JamehKIA", "Units", "Government forces", "June 2012 fighting"] {
        assert!(out.contains(needle), "no {needle:?} in:\n{out}");
    }
    let o = annals(&db, &["doc", "003_0100bfe34d1bbbb8.txt", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "pipetable");
    let fields = v["infobox"]["fields"].as_array().unwrap();
    let casualties3 = fields.iter().find(|f| f["key"] == "casualties3").unwrap();
    assert_eq!(casualties3["value"], "39 civilians killed (30 April – 10 June)");
    let text = v["text"].as_str().unwrap();
    let span = &casualties3["span"];
    let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    assert_eq!(&text[a..b], "39 civilians killed (30 April – 10 June)", "spans index the normalized text");
    let o = annals(&db, &["doc", "No such conflict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no document"), "{}", stderr(&o));
}

#[test]
fn unusable_database_and_paths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = annals(dir.path(), &["docs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot open database"), "{}", stderr(&o));
    let db = dir.path().join("d.db");
    let o = annals(&db, &["ingest", "/nonexistent/annals-test"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/annals-test: no such file or directory"), "{}", stderr(&o));
    let o = annals(&db, &["ingest", "--format", "docx", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown format"), "{}", stderr(&o));
}

/// Regression: `annals doc 3 | head -2` panicked with "failed printing to stdout" once the reader
/// had gone. A closed stdout now ends the program quietly.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    ingest_ok(&db, &[&shared().join("corpus/seeds")]);
    for args in [&["docs"][..], &["doc", "1"], &["doc", "1", "--format", "json"], &["ingest", "--help"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
}

/// The shared scorer's summary for an export, against the gold under `shared/eval`.
fn score(what: &str, pred: &Path, gold: &str) -> Value {
    let eval = shared().join("eval");
    let o = Command::new("python3")
        .arg(eval.join("score.py"))
        .args([what, "--json", "--pred"])
        .arg(pred)
        .arg("--gold")
        .arg(eval.join(gold))
        .output()
        .expect("python3 runs the shared scorer");
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn seeds_db(dir: &Path) -> PathBuf {
    let db = dir.join("seeds.db");
    ingest_ok(&db, &[&shared().join("corpus/seeds")]);
    db
}

#[test]
fn conflicts_merge_revisions_and_show_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let o = annals(&db, &["conflicts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("4 conflicts"), "{}", stdout(&o));
    let o = annals(&db, &["conflict", "Deir ez-Zor offensive (April–July 2014)"]);
    let out = stdout(&o);
    for needle in
        ["Belligerents", "Army of Mujahedeen", "Adnan Bakour †", "002_8644fcd61cae8fbf.txt, 003_0100bfe34d1bbbb8.txt"]
    {
        assert!(out.contains(needle), "no {needle:?} in:\n{out}");
    }
    let o = annals(&db, &["conflict", "April–July 2014", "--disagreements"]);
    let out = stdout(&o);
    for needle in ["Decisive ISIS victory", "Abu Mohammad al-Julani", "not in every document"] {
        assert!(out.contains(needle), "no {needle:?} in:\n{out}");
    }
    let o = annals(&db, &["conflict", "Deir ez-Zor offensive"]);
    assert_eq!(o.status.code(), Some(1), "an ambiguous title is an error");
    assert!(stderr(&o).contains("conflicts match"), "{}", stderr(&o));
}

#[test]
fn export_conflicts_as_jsonl_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let jsonl = dir.path().join("c.jsonl");
    let o = annals(&db, &["export", "conflicts", "--format", "jsonl", "-o", jsonl.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<Value> =
        std::fs::read_to_string(&jsonl).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    for c in &lines {
        for key in ["title", "documents", "start", "end", "place", "part_of", "result", "sides", "other_casualties"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
        for s in c["sides"].as_array().unwrap() {
            for key in ["belligerents", "supported_by", "commanders", "units", "strength", "casualties"] {
                assert!(s.get(key).is_some(), "{key} missing in a side of {}", c["title"]);
            }
        }
    }
    let o = annals(&db, &["export", "conflicts", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(csv.starts_with("title,start,end,place,result,side,belligerents"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.starts_with("Deir ez-Zor clashes")).count(), 3, "one row per side");
}

/// The shared scorer on the seed export: the issue asks for 0.95 or more overall.
#[test]
fn conflict_export_scores_on_the_seed_gold() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let jsonl = dir.path().join("c.jsonl");
    let o = annals(&db, &["export", "conflicts", "-o", jsonl.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = score("conflicts", &jsonl, "gold/conflicts");
    let overall = summary["overall"].as_f64().unwrap();
    assert!(overall >= 0.95, "overall {overall} < 0.95: {summary}");
    for key in ["belligerents", "commanders_recall", "commanders_precision", "claims_recall", "claims_precision"] {
        assert!(summary[key].as_f64().unwrap() >= 0.9, "{key}: {summary}");
    }
}

#[test]
fn timeline_filters_and_event_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let o = annals(&db, &["timeline", "--conflict", "April–July 2014", "--from", "2014-04-10", "--to", "2014-04-11"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("2014-04-10"), "{out}");
    assert!(!out.contains("2014-05-"), "the date filter holds: {out}");
    let o = annals(&db, &["timeline", "--from", "April"]);
    assert_eq!(o.status.code(), Some(2), "a malformed date is a usage error");
    let o = annals(&db, &["export", "events", "--format", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.len() > 100, "{} events", events.len());
    let texts: std::collections::HashMap<String, String> = ["000_bae0d4d6eaaf3b50.txt", "004_76bcc1bceb32912f.txt"]
        .iter()
        .map(|n| {
            let o = annals(&db, &["doc", n, "--format", "json"]);
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            (n.to_string(), v["text"].as_str().unwrap().to_string())
        })
        .collect();
    for e in &events {
        for key in
            ["document", "conflict", "date_start", "event_type", "sub_event_type", "actor1", "location", "text", "span"]
        {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
        // Every event's span is its text in the document's normalized text.
        if let Some(text) = texts.get(e["document"].as_str().unwrap()) {
            let (a, b) = (e["span"][0].as_u64().unwrap() as usize, e["span"][1].as_u64().unwrap() as usize);
            let sentence = e["text"].as_str().unwrap();
            assert_eq!(&text[a..b], sentence, "an event's text is what its span covers");
        }
    }
    let o = annals(&db, &["export", "events", "--format", "csv", "--place", "Abu Kamal"]);
    let csv = stdout(&o);
    assert!(csv.starts_with("event_date,time_precision,event_type,sub_event_type,actor1,actor2,location"), "{csv}");
    assert!(csv.lines().count() > 1, "{csv}");
}

/// The shared scorer on the seed events. These floors hold what this version reaches, so a
/// regression fails; the targets (F1 0.85, actor1 bloc 0.8, fatalities 0.8) are above
/// them and still open.
#[test]
fn event_export_scores_on_the_seed_gold() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let jsonl = dir.path().join("e.jsonl");
    let o = annals(&db, &["export", "events", "-o", jsonl.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = score("events", &jsonl, "gold/events");
    let at_least = |key: &str, floor: f64| assert!(s[key].as_f64().unwrap() >= floor, "{key} below {floor}: {s}");
    at_least("f1", 0.79);
    at_least("type_acc", 0.9);
    at_least("actor1_bloc_acc", 0.845);
    at_least("fatalities_acc", 0.73);
    // Canonical actor names (the actors data) rather than the words of the sentence.
    at_least("actor1_exact_acc", 0.78);
}

#[test]
fn a_user_lexicon_extends_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("siege.txt");
    std::fs::write(
        &article,
        "= Siege of Hajin =\n\nInfobox\n- Date: 1 May 2015 – 30 June 2015\n- Location: Hajin, Syria\n\n\
         == Course ==\n\nOn 3 May, the navy torpedoed a supply barge near Hajin.\n",
    )
    .unwrap();
    let events_of = |db: &Path| {
        let o = annals(db, &["timeline", "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().len()
    };
    let plain = dir.path().join("plain.db");
    ingest_ok(&plain, &[&article]);
    assert_eq!(events_of(&plain), 0, "'torpedoed' is not in the built-in lexicon");

    let lexicon = dir.path().join("naval.toml");
    std::fs::write(
        &lexicon,
        "[[trigger]]\nevent_type = \"Explosions/Remote violence\"\nsub_event_type = \"Shelling/artillery/missile attack\"\nphrases = [\"torpedoed\"]\n",
    )
    .unwrap();
    let extended = dir.path().join("extended.db");
    let o = annals(&extended, &["ingest", "--lexicon", lexicon.to_str().unwrap(), article.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(events_of(&extended), 1);

    // A broken lexicon is named, with its line, before anything is read.
    std::fs::write(&lexicon, "[[trigger]]\nevent_type = \n").unwrap();
    let o = annals(&extended, &["ingest", "--lexicon", lexicon.to_str().unwrap(), article.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("naval.toml") && err.contains("line 2"), "{err}");
}

/// Seeds 002 and 003 are one article at two revisions: the timeline shows a happening both tell
/// once, naming both documents; `--per-document` shows each document's events.
#[test]
fn the_timeline_shows_a_happening_once_for_all_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let json = |args: &[&str]| {
        let o = annals(&db, args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    };
    let merged = json(&["timeline", "--conflict", "April–July 2014", "--format", "json"]);
    let each = json(&["timeline", "--conflict", "April–July 2014", "--format", "json", "--per-document"]);
    assert!(each.len() > merged.len(), "{} rows per document, {} merged", each.len(), merged.len());
    let both = merged.iter().filter(|e| e["documents"].as_array().is_some_and(|d| d.len() == 2)).count();
    assert!(both > 5, "{both} happenings told by both revisions");
    assert!(each.iter().all(|e| e["documents"].as_array().is_some_and(|d| d.len() == 1)));
}

#[test]
fn a_place_is_found_by_spellings_the_corpus_never_uses() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    for (query, want) in [("Al-Bukamal", "Abu Kamal"), ("Mayadeen", "Mayadin"), ("Dayr az-Zawr", "Deir ez-Zor")] {
        let o = annals(&db, &["place", query, "--format", "json"]);
        assert!(o.status.success(), "{query}: {}{}", stdout(&o), stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["name"], want, "{query}");
        assert!(v["latitude"].is_f64() && v["longitude"].is_f64(), "{query}: {v}");
        let mentions = v["mentions"].as_array().unwrap();
        assert!(!mentions.is_empty(), "{query}: no events at {want}");
        // Every mention points into its document with a span and says how the place was written.
        for m in mentions {
            let span = m["span"].as_array().unwrap();
            assert!(span[0].as_u64() < span[1].as_u64(), "{m}");
            assert!(!m["written"].as_str().unwrap().is_empty());
        }
        assert!(!v["spellings_seen"].as_array().unwrap().is_empty());
    }
    let o = annals(&db, &["place", "Qzxwv Vvq"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("no place"), "{}", stdout(&o));
    // The table form names the parents.
    let table = stdout(&annals(&db, &["place", "Abu Kamal"]));
    assert!(table.contains("Deir ez-Zor Governorate") && table.contains("events"), "{table}");
}

#[test]
fn event_exports_carry_coordinates_and_admin_areas() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let out = dir.path().join("ev.jsonl");
    let o = annals(&db, &["export", "events", "--format", "jsonl", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events: Vec<Value> =
        std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let at = |name: &str| events.iter().filter(|e| e["location"] == name).collect::<Vec<_>>();
    let abu_kamal = at("Abu Kamal");
    assert!(!abu_kamal.is_empty());
    for e in abu_kamal {
        assert!((e["latitude"].as_f64().unwrap() - 34.45).abs() < 0.05, "{e}");
        assert_eq!(e["admin1"], "Deir ez-Zor Governorate", "{e}");
        assert_eq!(e["admin2"], "Abu Kamal District", "{e}");
        assert_eq!(e["where_prec"], 1, "{e}");
    }
    // Most events of these articles name a place the gazetteer knows.
    let placed = events.iter().filter(|e| e["location"].is_string()).count();
    let located = events.iter().filter(|e| e["latitude"].is_f64()).count();
    assert!(located * 10 >= placed * 9, "{located} of {placed} placed events have coordinates");
    // Every event keeps the name as written beside the canonical one.
    assert!(events.iter().filter(|e| e["location"].is_string()).all(|e| e["location_written"].is_string()));
    let csv_out = dir.path().join("ev.csv");
    let o = annals(&db, &["export", "events", "--format", "csv", "-o", csv_out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(&csv_out).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[col("location")] == "Abu Kamal").expect("an event at Abu Kamal");
    assert!(row[col("latitude")].starts_with("34.4"), "{row:?}");
    assert_eq!(&row[col("admin2")], "Abu Kamal District");
}

#[test]
fn timeline_place_filter_takes_any_spelling_and_the_places_within() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let json = |args: &[&str]| -> Vec<Value> {
        let o = annals(&db, args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    };
    let unseen = json(&["timeline", "--place", "Al-Bukamal", "--format", "json"]);
    let usual = json(&["timeline", "--place", "Abu Kamal", "--format", "json"]);
    assert!(!unseen.is_empty());
    assert_eq!(unseen.len(), usual.len());
    // The city takes in its neighbourhoods and islands.
    let city = json(&["timeline", "--place", "Deir ez-Zor", "--format", "json"]);
    assert!(city.iter().any(|e| e["location"] != "Deir ez-Zor"), "no event in a part of the city");
    assert!(city.iter().all(|e| e["admin1"] == "Deir ez-Zor Governorate"));
}

#[test]
fn a_users_places_file_adds_and_corrects_entries() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let file = dir.path().join("places.toml");
    std::fs::write(
        &file,
        "[[place]]\nname = \"Hatla\"\nkind = \"village\"\nlat = 35.3\nlon = 40.2\naliases = [\"Hatla Kabira\"]\n",
    )
    .unwrap();
    let o = annals(&db, &["--places", file.to_str().unwrap(), "place", "Hatla Kabira", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["name"].as_str(), v["latitude"].as_f64()), (Some("Hatla"), Some(35.3)));
    // A broken file is an error that names it, not a silent fallback.
    std::fs::write(&file, "[[place]]\nname = \"Nowhere\"\nkind = \"town\"\nparent = \"Atlantis\"\n").unwrap();
    let o = annals(&db, &["--places", file.to_str().unwrap(), "place", "Hatla"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("places.toml") && err.contains("Atlantis"), "{err}");
}

#[test]
fn an_actor_shows_its_hierarchy_alignment_and_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let json = |args: &[&str]| -> Value {
        let o = annals(&db, args);
        assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let unit = json(&["actor", "the 104th", "--format", "json"]);
    assert_eq!(unit["name"], "104th Airborne Brigade");
    assert_eq!(unit["bloc"], "government");
    let within: Vec<&str> = unit["within"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(&within[..2], ["Republican Guard", "Syrian Arab Army"], "{within:?}");
    // Its mentions are event sentences with spans.
    let mentions = unit["mentions"].as_array().unwrap();
    assert!(mentions.iter().any(|m| m["as"] == "actor1" && m["span"].is_array()), "{unit}");
    // Any name finds the organisation, and its infobox sides count as mentions.
    let isil = json(&["actor", "Daesh", "--format", "json"]);
    assert_eq!(isil["name"], "Islamic State of Iraq and the Levant");
    assert!(isil["mentions"].as_array().unwrap().iter().any(|m| m["as"] == "side 1" || m["as"] == "side 2+"));
    assert!(isil["spellings_seen"].as_array().unwrap().len() >= 2, "{}", isil["spellings_seen"]);
    let o = annals(&db, &["actor", "Nobody At All"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_person_is_one_across_spellings_with_the_death_the_narrative_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    for spelling in ["Issam Zahreddine", "Issam Zahr al-Din", "Essam Zahreddine"] {
        let o = annals(&db, &["person", spelling, "--format", "json"]);
        assert!(o.status.success(), "{spelling}: {}{}", stdout(&o), stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["name"], "Issam Zahreddine", "{spelling}");
        // The death is dated from the sentence that tells it, which the answer points to.
        assert_eq!(v["killed_on"], "2017-10-18", "{spelling}: {v}");
        let source = v["killed_source"].as_str().unwrap();
        assert!(source.starts_with("001_"), "{source}");
        // The infoboxes of three articles name him as a commander.
        let commander_docs: std::collections::BTreeSet<&str> = v["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["as"] == "commander")
            .map(|m| m["document"].as_str().unwrap())
            .collect();
        assert!(commander_docs.len() >= 3, "{commander_docs:?}");
    }
    // A nom de guerre and a real name are one person.
    let o = annals(&db, &["person", "Abu Mohammad al-Julani", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["name"], "Ahmed al-Sharaa");
    let o = annals(&db, &["person", "Nobody Atall Qqq"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn timeline_actor_filter_takes_any_name_and_the_units_within() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let count = |actor: &str| -> usize {
        let o = annals(&db, &["timeline", "--actor", actor, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().len()
    };
    let (isis, daesh) = (count("ISIS"), count("Daesh"));
    assert!(isis > 0);
    assert_eq!(isis, daesh, "one organisation under two names");
    // The army takes in its units: the 104th's events are the army's too.
    assert!(count("Syrian Arab Army") > count("the 104th"));
    assert!(count("the 104th") > 0);
}

#[test]
fn control_scores_on_the_seed_gold() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    let eval = shared().join("eval");
    let cmd = format!("{} --db {}", env!("CARGO_BIN_EXE_annals"), db.display());
    let o = Command::new("python3")
        .arg(eval.join("score.py"))
        .args(["control", "--json", "--cmd", &cmd, "--gold"])
        .arg(eval.join("gold/control.jsonl"))
        .output()
        .expect("python3 runs the shared scorer");
    assert!(o.status.success(), "{}", stderr(&o));
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(s["accuracy"].as_f64().unwrap() >= 0.95, "{s}");
}

#[test]
fn control_answers_with_evidence_history_and_a_map() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    // A spelling the corpus never uses finds the place; the answer names its sentence.
    let o = annals(&db, &["control", "Al-Bukamal", "--at", "2014-07-02", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["place"], "Abu Kamal");
    assert_eq!(v["controller_bloc"], "isil");
    assert_eq!(v["since"], "2014-07-01");
    let text = v["evidence"][0]["text"].as_str().unwrap();
    assert!(text.contains("Abu Kamal"), "{text}");
    // Before anything is told of it, nobody is known to hold it.
    let o = annals(&db, &["control", "Abu Kamal", "--at", "2005-01-01", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["controller"], Value::Null);
    // The whole history, in turn.
    let o = annals(&db, &["control", "Mayadin", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let blocs: Vec<&str> =
        v["history"].as_array().unwrap().iter().filter_map(|i| i["controller_bloc"].as_str()).collect();
    assert_eq!(blocs.first(), Some(&"opposition"));
    assert_eq!(blocs.last(), Some(&"isil"));
    let o = annals(&db, &["control", "Mayadin"]);
    assert!(stdout(&o).contains("(isil)"), "{}", stdout(&o));
    // Every place on a day, as GeoJSON with longitude first.
    let o = annals(&db, &["control", "--at", "2014-08-01", "--format", "geojson"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let mayadin = v["features"].as_array().unwrap().iter().find(|f| f["properties"]["place"] == "Mayadin").unwrap();
    assert_eq!(mayadin["properties"]["controller_bloc"], "isil");
    let lon = mayadin["geometry"]["coordinates"][0].as_f64().unwrap();
    assert!((40.0..41.0).contains(&lon), "longitude first: {lon}");
    // A bad day is an error that says what a day looks like.
    let o = annals(&db, &["control", "Mayadin", "--at", "1 July"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2014-05-01"), "{}", stderr(&o));
}

#[test]
fn control_follows_a_users_places_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_db(dir.path());
    // An alias only the user's file knows: the timeline made with the built-in gazetteer is
    // stale for it and is made again.
    let places = dir.path().join("places.toml");
    std::fs::write(&places, "[[place]]\nname = \"Mayadin\"\nkind = \"city\"\naliases = [\"Mayadeen Town\"]\n").unwrap();
    let o = annals(
        &db,
        &["--places", places.to_str().unwrap(), "control", "Mayadeen Town", "--at", "2014-08-01", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["place"], "Mayadin");
    assert_eq!(v["controller_bloc"], "isil");
    // Re-ingesting keeps one claim per statement: nothing is counted twice.
    let before = stdout(&annals(&db, &["control", "Mayadin", "--format", "json"]));
    ingest_ok(&db, &[&shared().join("corpus/seeds")]);
    let after = stdout(&annals(&db, &["control", "Mayadin", "--format", "json"]));
    assert_eq!(before, after);
}
