//! `annals ingest`: files and directories in, documents in the database out.
//!
//! Files are parsed in parallel (rayon) in chunks and each chunk is written in one transaction, so
//! memory stays bounded and a crash loses at most one chunk. MediaWiki dumps are streamed page by
//! page and their pages parsed in parallel chunks the same way. A file that cannot be read is
//! reported with its path and the reason, and the run goes on; the exit status says whether any
//! file failed.

use annals_model::conflict::ConflictRecord;
use annals_model::event::Event;
use annals_model::{Format, Parsed, Severity};
use annals_read::{dump, Hint, ReadOptions};
use annals_store::{NewDocument, PutStatus, Store};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How many documents are parsed together and then written in one transaction.
const CHUNK: usize = 64;

pub struct Config {
    pub format: Option<Format>,
    pub jobs: Option<usize>,
    pub verbose: bool,
}

/// A file that could not be read, and why.
pub struct Failure {
    pub path: String,
    pub message: String,
}

#[derive(Default)]
pub struct Report {
    pub files: usize,
    pub documents: usize,
    pub added: usize,
    pub revised: usize,
    pub unchanged: usize,
    pub redirects: usize,
    pub other_namespaces: usize,
    pub with_warnings: usize,
    pub by_format: BTreeMap<String, usize>,
    pub failures: Vec<Failure>,
    pub seconds: f64,
}

impl Report {
    /// Prints the summary to `out` and the failures to stderr.
    pub fn print(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        writeln!(
            out,
            "read {} documents from {} files in {:.2} s: {} added, {} new revisions, {} unchanged",
            self.documents, self.files, self.seconds, self.added, self.revised, self.unchanged
        )?;
        if !self.by_format.is_empty() {
            let parts: Vec<String> = self.by_format.iter().map(|(f, n)| format!("{f} {n}")).collect();
            writeln!(out, "  by format: {}", parts.join(", "))?;
        }
        if self.redirects + self.other_namespaces > 0 {
            writeln!(
                out,
                "  skipped dump pages: {} redirects, {} outside the article namespace",
                self.redirects, self.other_namespaces
            )?;
        }
        if self.with_warnings > 0 {
            writeln!(
                out,
                "  {} documents with warnings (see `annals doc ID`, or ingest with --verbose)",
                self.with_warnings
            )?;
        }
        if !self.failures.is_empty() {
            eprintln!("{} files failed:", self.failures.len());
            for f in &self.failures {
                eprintln!("  {}: {}", f.path, f.message);
            }
        }
        Ok(())
    }
}

/// One parsed document waiting to be stored.
struct Prepared {
    source: String,
    name: String,
    content: Vec<u8>,
    parsed: Parsed,
    record: Option<ConflictRecord>,
    events: Vec<Event>,
}

impl Prepared {
    /// Extraction runs here, on the worker threads, right after reading.
    fn new(source: String, name: String, content: Vec<u8>, parsed: Parsed) -> Prepared {
        let record = annals_extract::conflict::record(&parsed.document);
        let events = annals_extract::events::events(&parsed.document, record.as_ref());
        Prepared { source, name, content, parsed, record, events }
    }
}

pub fn run(store: &mut Store, paths: &[PathBuf], config: &Config) -> Result<Report> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut report = Report::default();
    let files = collect(paths, &mut report);
    report.files = files.len();
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut plain = Vec::new();
    for path in files {
        match sniff_container(&path) {
            Ok(Some(bzip2)) => {
                bar.set_message(format!("streaming {}", path.display()));
                pool.install(|| ingest_dump(store, &path, bzip2, config, &mut report, &bar))?;
                bar.inc(1);
            }
            Ok(None) => plain.push(path),
            Err(e) => {
                fail(&mut report, &bar, &path, &format!("cannot read: {e}"));
                bar.inc(1);
            }
        }
    }
    for chunk in plain.chunks(CHUNK) {
        let loaded: Vec<Result<Prepared, (PathBuf, String)>> =
            pool.install(|| chunk.par_iter().map(|p| load_file(p, config)).collect());
        let mut ready = Vec::with_capacity(loaded.len());
        for l in loaded {
            match l {
                Ok(p) => ready.push(p),
                Err((path, message)) => fail(&mut report, &bar, &path, &message),
            }
        }
        store_chunk(store, &ready, config, &mut report, &bar)?;
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

fn fail(report: &mut Report, bar: &ProgressBar, path: &Path, message: &str) {
    bar.suspend(|| eprintln!("annals: {}: {message}", path.display()));
    report.failures.push(Failure { path: path.display().to_string(), message: message.to_string() });
}

/// Every file named, with directories walked recursively in name order. Hidden files and
/// directories (a leading `.`) are skipped. Paths that do not exist become failures.
fn collect(paths: &[PathBuf], report: &mut Report) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if !p.exists() {
            report
                .failures
                .push(Failure { path: p.display().to_string(), message: "no such file or directory".into() });
            continue;
        }
        let walk = walkdir::WalkDir::new(p)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
                Ok(_) => {}
                Err(e) => report.failures.push(Failure {
                    path: e.path().unwrap_or(p).display().to_string(),
                    message: format!("cannot list: {e}"),
                }),
            }
        }
    }
    out
}

/// `Some(is_bzip2)` when the file is a MediaWiki XML dump (plain or bzip2-compressed).
fn sniff_container(path: &Path) -> std::io::Result<Option<bool>> {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let mut f = std::fs::File::open(path)?;
    let mut n = 0;
    while n < head.len() {
        let k = f.read(&mut head[n..])?;
        if k == 0 {
            break;
        }
        n += k;
    }
    let head = &head[..n];
    if dump::is_bzip2(head) {
        return Ok(Some(true));
    }
    Ok(dump::is_dump(head).then_some(false))
}

fn source_of(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// A title from a file name, for formats that carry none: `Battle_of_Kos.wikitext` -> `Battle of Kos`.
fn title_of(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().replace('_', " ")).unwrap_or_default()
}

fn load_file(path: &Path, config: &Config) -> Result<Prepared, (PathBuf, String)> {
    let content = std::fs::read(path).map_err(|e| (path.to_path_buf(), format!("cannot read: {e}")))?;
    let hint = Hint { title: Some(title_of(path)), revision: None };
    let parsed = annals_read::read_bytes(&content, &hint, &ReadOptions { format: config.format });
    if let Some(e) = parsed.error() {
        return Err((path.to_path_buf(), e.to_string()));
    }
    Ok(Prepared::new(source_of(path), name_of(path), content, parsed))
}

fn ingest_dump(
    store: &mut Store,
    path: &Path,
    bzip2: bool,
    config: &Config,
    report: &mut Report,
    bar: &ProgressBar,
) -> Result<()> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            fail(report, bar, path, &format!("cannot read: {e}"));
            return Ok(());
        }
    };
    let (source, name) = (source_of(path), name_of(path));
    let mut pages = Vec::with_capacity(CHUNK);
    let mut reader = dump::open_dump(file, bzip2);
    loop {
        let next = reader.next();
        let end = match next {
            Some(Ok(page)) => {
                if page.redirect.is_some() {
                    report.redirects += 1;
                } else if page.ns != 0 {
                    report.other_namespaces += 1;
                } else {
                    pages.push(page);
                }
                false
            }
            Some(Err(e)) => {
                fail(report, bar, path, &format!("dump stopped: {e}"));
                true
            }
            None => true,
        };
        if pages.len() >= CHUNK || (end && !pages.is_empty()) {
            let ready: Vec<Prepared> = pages
                .par_iter()
                .filter_map(|page| {
                    let parsed = dump::page_document(page)?;
                    Some(Prepared::new(
                        format!("{source}#{}", page.title),
                        format!("{name}#{}", page.title),
                        page.text.as_bytes().to_vec(),
                        parsed,
                    ))
                })
                .collect();
            pages.clear();
            let (good, bad): (Vec<Prepared>, Vec<Prepared>) =
                ready.into_iter().partition(|p| p.parsed.error().is_none());
            for p in bad {
                let message = p.parsed.error().map(|e| e.to_string()).unwrap_or_default();
                fail(report, bar, Path::new(&p.name), &message);
            }
            store_chunk(store, &good, config, report, bar)?;
            bar.set_message(format!("{}: {} pages", name, report.documents));
        }
        if end {
            return Ok(());
        }
    }
}

fn store_chunk(
    store: &mut Store,
    ready: &[Prepared],
    config: &Config,
    report: &mut Report,
    bar: &ProgressBar,
) -> Result<()> {
    let docs: Vec<NewDocument<'_>> = ready
        .iter()
        .map(|p| NewDocument {
            source: &p.source,
            name: &p.name,
            content: &p.content,
            document: &p.parsed.document,
            diagnostics: &p.parsed.diagnostics,
            record: p.record.as_ref(),
            events: &p.events,
        })
        .collect();
    let outcomes = store.put_batch(&docs).context("cannot write to the database")?;
    for (p, o) in ready.iter().zip(outcomes) {
        report.documents += 1;
        match o.status {
            PutStatus::Added => report.added += 1,
            PutStatus::Revised => report.revised += 1,
            PutStatus::Unchanged => report.unchanged += 1,
        }
        let format = p.parsed.document.format.map_or("unknown", |f| f.name());
        *report.by_format.entry(format.to_string()).or_default() += 1;
        let warnings: Vec<_> = p.parsed.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
        if !warnings.is_empty() {
            report.with_warnings += 1;
            if config.verbose {
                bar.suspend(|| {
                    for w in warnings {
                        eprintln!("annals: {}: {w}", p.name);
                    }
                });
            }
        }
    }
    Ok(())
}
