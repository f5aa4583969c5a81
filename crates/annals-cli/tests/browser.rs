//! The web app in a real browser: headless Chromium, driven by `web/e2e/app.e2e.mjs` through
//! playwright-core, against `annals serve` on the seed corpus. It opens a conflict, filters the
//! timeline, opens an event's sentence in its document, moves the control date and sees Abu
//! Kamal change colour between 2014-05-01 and 2014-07-02, and searches. The screenshots are
//! kept in `target/browser-artifacts/`.
//!
//! It needs Node.js and Chromium (`/usr/bin/chromium`, or `CHROMIUM`). Where they are missing
//! the test says so and passes, unless `ANNALS_BROWSER_TESTS=require` (CI sets it), where a
//! missing browser is a failure.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn have(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// The e2e script and playwright-core, installed by npm from the lock file into the target
/// directory (not into the source tree).
fn e2e_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let src = repo().join("web/e2e");
    let lock = std::fs::read(src.join("package-lock.json")).unwrap();
    let installed = dir.join("node_modules/playwright-core/package.json").exists()
        && std::fs::read(dir.join("package-lock.json")).is_ok_and(|l| l == lock);
    for f in ["package.json", "package-lock.json", "app.e2e.mjs"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    if !installed {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci of playwright-core failed in {}", dir.display());
    }
    dir
}

#[test]
fn the_web_app_works_in_a_real_browser() {
    let required = std::env::var("ANNALS_BROWSER_TESTS").is_ok_and(|v| v == "require");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<&str> = [("node", have("node", "--version")), ("chromium", Path::new(&chromium).exists())]
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| name)
        .collect();
    if !missing.is_empty() {
        assert!(!required, "ANNALS_BROWSER_TESTS=require, but {missing:?} are not installed");
        eprintln!("skipped: the browser test needs {missing:?} (see .ci/run for how CI installs them)");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let seeds = repo().join("../shared/corpus/seeds");
    let ingest =
        Command::new(env!("CARGO_BIN_EXE_annals")).arg("--db").arg(&db).arg("ingest").arg(&seeds).output().unwrap();
    assert!(ingest.status.success(), "{}", String::from_utf8_lossy(&ingest.stderr));
    let mut server = Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base =
        line.split_whitespace().find(|w| w.starts_with("http://")).expect(&line).trim_end_matches('/').to_string();

    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../browser-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    for old in ["control-2014-05-01.png", "control-2014-07-02.png", "failure.png"] {
        let _ = std::fs::remove_file(artifacts.join(old));
    }
    let run = Command::new("node")
        .arg("app.e2e.mjs")
        .current_dir(e2e_dir())
        .env("BASE_URL", &base)
        .env("ARTIFACT_DIR", &artifacts)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && stdout.contains("{\"ok\":true}"),
        "the browser test failed (screenshot in {}):\n{stdout}\n{stderr}",
        artifacts.display()
    );
    for shot in ["control-2014-05-01.png", "control-2014-07-02.png"] {
        let bytes = std::fs::read(artifacts.join(shot)).unwrap_or_else(|e| panic!("{shot}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG"), "{shot} is not a PNG");
    }
    // The time to an interactive home page, for the record (the note's figure comes from
    // repeated runs, not from this one).
    if let Some(ready) = stdout.lines().find(|l| l.contains("ready_ms")) {
        eprintln!("home page ready: {ready}");
    }
}
