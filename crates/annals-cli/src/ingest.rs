//! `annals ingest`: files and directories in, documents in the database out.
//!
//! Files are parsed in parallel (rayon) in chunks and each chunk is written in one transaction, so
//! memory stays bounded and a crash loses at most one chunk. MediaWiki dumps are streamed page by
//! page and their pages parsed in parallel chunks the same way. A file that cannot be read is
//! reported with its path and the reason, and the run goes on; the exit status says whether any
//! file failed.

use annals_extract::coding::Lexicon;
use annals_extract::events::Reading;
use annals_model::{Format, Parsed, Severity};
use annals_read::{dump, Hint, ReadOptions};
use annals_resolve::Theatres;
use annals_store::{Encoded, NewDocument, PutStatus, Store};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// How many documents are parsed together and then written in one transaction.
const CHUNK: usize = 64;

pub struct Config {
    pub format: Option<Format>,
    pub jobs: Option<usize>,
    pub verbose: bool,
    /// What every document is read with.
    pub knowledge: Arc<Knowledge>,
}

/// What documents are read with: the event lexicon (the built-in one, or extended by the user's
/// files) and the theatres, from which each document's is chosen by its conflict record.
pub struct Knowledge {
    pub lexicon: Arc<Lexicon>,
    pub theatres: Theatres,
}

/// The built-in lexicon extended by the files named, or the built-in one alone. A file that
/// cannot be read or parsed is an error naming it (and the line, for TOML errors).
pub fn lexicon(files: &[PathBuf]) -> Result<Arc<Lexicon>> {
    if files.is_empty() {
        return Ok(Arc::new(Lexicon::shipped()));
    }
    let texts = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read lexicon {}", p.display()))?;
            Ok((p.display().to_string(), text))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Arc::new(Lexicon::with_extensions(&texts)?))
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
    /// Adds the writer's tally of stored documents to this report.
    fn absorb(&mut self, stored: Report) {
        self.documents += stored.documents;
        self.added += stored.added;
        self.revised += stored.revised;
        self.unchanged += stored.unchanged;
        self.with_warnings += stored.with_warnings;
        for (format, n) in stored.by_format {
            *self.by_format.entry(format).or_default() += n;
        }
        self.failures.extend(stored.failures);
    }

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

/// One parsed document waiting to be stored: extracted and encoded for the database on a
/// worker thread, so that the writer only writes.
struct Prepared {
    name: String,
    format: &'static str,
    warnings: Vec<String>,
    encoded: Encoded,
}

impl Prepared {
    /// Extraction and encoding run here, on the worker threads, right after reading.
    fn prepare(source: String, name: String, content: &[u8], parsed: Parsed, knowledge: &Knowledge) -> Outcome {
        let record = annals_extract::conflict::record(&parsed.document);
        let theatre = knowledge.theatres.for_record(record.as_ref());
        let reading = Reading { lexicon: &knowledge.lexicon, actors: &theatre.actors, people: &theatre.people };
        let events = annals_extract::events::events_with(&parsed.document, record.as_ref(), &reading);
        let doc = NewDocument {
            source: &source,
            name: &name,
            content,
            document: &parsed.document,
            diagnostics: &parsed.diagnostics,
            record: record.as_ref(),
            events: &events,
        };
        match doc.encode() {
            Ok(encoded) => Outcome::Ready(Box::new(Prepared {
                format: parsed.document.format.map_or("unknown", |f| f.name()),
                warnings: parsed
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .map(|d| d.to_string())
                    .collect(),
                encoded,
                name,
            })),
            Err(e) => Outcome::Failed(PathBuf::from(name), format!("cannot encode for the database: {e}")),
        }
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
    let stored = std::thread::scope(|scope| -> Result<Report> {
        let (results, results_rx) = std::sync::mpsc::channel::<(usize, Vec<Outcome>)>();
        let (tickets, tickets_rx) = std::sync::mpsc::sync_channel::<()>(IN_FLIGHT);
        let writer = std::thread::Builder::new()
            .name("annals-writer".into())
            .spawn_scoped(scope, {
                let bar = bar.clone();
                move || write_all(store, results_rx, tickets_rx, config, &bar)
            })
            .context("cannot start the database writer")?;
        let mut stage = Stage { pool: &pool, next: 0, results, tickets, knowledge: config.knowledge.clone() };
        let mut plain = Vec::new();
        for path in files {
            match sniff_container(&path) {
                Ok(Some(bzip2)) => {
                    bar.set_message(format!("streaming {}", path.display()));
                    let going = ingest_dump(&mut stage, &path, bzip2, &mut report, &bar);
                    bar.inc(1);
                    if !going {
                        break;
                    }
                }
                Ok(None) => plain.push(path),
                Err(e) => {
                    fail(&mut report, &bar, &path, &format!("cannot read: {e}"));
                    bar.inc(1);
                }
            }
        }
        for chunk in plain.chunks(JOB) {
            let chunk = chunk.to_vec();
            let format = config.format;
            let bar = bar.clone();
            let knowledge = stage.knowledge.clone();
            let going = stage.submit(move || {
                let out = chunk.iter().map(|p| load_file(p, format, &knowledge)).collect();
                bar.inc(chunk.len() as u64);
                out
            });
            // A refused job means the writer stopped at a database error, returned below.
            if !going {
                break;
            }
        }
        drop(stage);
        writer.join().map_err(|_| anyhow::anyhow!("the database writer stopped unexpectedly"))?
    })?;
    report.absorb(stored);
    bar.finish_and_clear();
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

/// How many documents one parsing job takes: small, so that one long article does not hold up
/// the others.
const JOB: usize = 8;

/// How many jobs may be parsed or waiting to be written at a time, which bounds memory.
const IN_FLIGHT: usize = 16;

/// What became of one document.
enum Outcome {
    Ready(Box<Prepared>),
    Failed(PathBuf, String),
}

/// The parsing stage. Jobs run on the worker pool as soon as a worker is free, without waiting for
/// the jobs before them; each is numbered, and the writer puts the results back in that order, so
/// documents are stored in the order they were read and a re-run gives the same ids. The file
/// list or the dump's XML is read on the calling thread meanwhile, and the database is written on
/// the writer thread: reading, parsing and writing overlap.
struct Stage<'p> {
    pool: &'p rayon::ThreadPool,
    next: usize,
    results: std::sync::mpsc::Sender<(usize, Vec<Outcome>)>,
    /// One ticket per job in flight; the writer hands one back for each job it receives, so
    /// submitting blocks while [`IN_FLIGHT`] jobs are waiting.
    tickets: std::sync::mpsc::SyncSender<()>,
    /// What every job reads documents with.
    knowledge: Arc<Knowledge>,
}

impl Stage<'_> {
    /// Starts a job; false when the writer has stopped and no more work is wanted.
    fn submit(&mut self, job: impl FnOnce() -> Vec<Outcome> + Send + 'static) -> bool {
        if self.tickets.send(()).is_err() {
            return false;
        }
        let (seq, results) = (self.next, self.results.clone());
        self.next += 1;
        self.pool.spawn(move || {
            // The writer is gone only after a database error, which it reports itself.
            let _ = results.send((seq, job()));
        });
        true
    }
}

/// The writer stage: puts the parsed jobs back in order and stores their documents, at most
/// [`CHUNK`] to a transaction, tallying what happened.
fn write_all(
    store: &mut Store,
    results: std::sync::mpsc::Receiver<(usize, Vec<Outcome>)>,
    tickets: std::sync::mpsc::Receiver<()>,
    config: &Config,
    bar: &ProgressBar,
) -> Result<Report> {
    let mut tally = Report::default();
    let mut waiting: BTreeMap<usize, Vec<Outcome>> = BTreeMap::new();
    let mut next = 0;
    let mut ready: Vec<Prepared> = Vec::with_capacity(CHUNK);
    loop {
        // Documents are written as soon as the writer would otherwise wait, not only by whole
        // chunks: the last chunk would else be written alone after every worker has finished.
        let (seq, outcomes) = match results.try_recv() {
            Ok(job) => job,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                if !ready.is_empty() {
                    store_chunk(store, &ready, config, &mut tally, bar)?;
                    ready.clear();
                }
                match results.recv() {
                    Ok(job) => job,
                    Err(_) => break,
                }
            }
        };
        let _ = tickets.try_recv();
        waiting.insert(seq, outcomes);
        while let Some(outcomes) = waiting.remove(&next) {
            next += 1;
            for o in outcomes {
                match o {
                    Outcome::Ready(p) => ready.push(*p),
                    Outcome::Failed(path, message) => fail(&mut tally, bar, &path, &message),
                }
            }
            if ready.len() >= CHUNK {
                store_chunk(store, &ready, config, &mut tally, bar)?;
                ready.clear();
            }
        }
    }
    store_chunk(store, &ready, config, &mut tally, bar)?;
    Ok(tally)
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
        // Symbolic links are followed: a folder of links to articles kept elsewhere is a corpus too
        // (walkdir reports a link loop as an error, which becomes a failure like any other).
        let walk = walkdir::WalkDir::new(p)
            .follow_links(true)
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

fn load_file(path: &Path, format: Option<Format>, knowledge: &Knowledge) -> Outcome {
    let content = match std::fs::read(path) {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(path.to_path_buf(), format!("cannot read: {e}")),
    };
    let hint = Hint { title: Some(title_of(path)), revision: None };
    let parsed = annals_read::read_bytes(&content, &hint, &ReadOptions { format });
    if let Some(e) = parsed.error() {
        return Outcome::Failed(path.to_path_buf(), e.to_string());
    }
    Prepared::prepare(source_of(path), name_of(path), &content, parsed, knowledge)
}

/// Streams one dump: pages are read out of the XML here and handed to the parsing stage in jobs.
/// Returns false when the writer has stopped.
fn ingest_dump(stage: &mut Stage, path: &Path, bzip2: bool, report: &mut Report, bar: &ProgressBar) -> bool {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            fail(report, bar, path, &format!("cannot read: {e}"));
            return true;
        }
    };
    let (source, name) = (source_of(path), name_of(path));
    let mut pages = Vec::with_capacity(JOB);
    let mut reader = dump::open_dump(file, bzip2).peekable();
    while let Some(next) = reader.next() {
        match next {
            Ok(page) if page.redirect.is_some() => report.redirects += 1,
            Ok(page) if page.ns != 0 => report.other_namespaces += 1,
            Ok(page) => pages.push(page),
            Err(e) => fail(report, bar, path, &format!("dump stopped: {e}")),
        }
        if pages.len() >= JOB || (reader.peek().is_none() && !pages.is_empty()) {
            let job = std::mem::replace(&mut pages, Vec::with_capacity(JOB));
            let (source, name, knowledge) = (source.clone(), name.clone(), stage.knowledge.clone());
            let going = stage
                .submit(move || job.iter().filter_map(|page| parse_page(page, &source, &name, &knowledge)).collect());
            if !going {
                return false;
            }
        }
    }
    true
}

/// One dump page parsed and extracted; `None` for a page the reader passes over.
fn parse_page(page: &dump::DumpPage, source: &str, name: &str, knowledge: &Knowledge) -> Option<Outcome> {
    let parsed = dump::page_document(page)?;
    let name = format!("{name}#{}", page.title);
    if let Some(e) = parsed.error() {
        return Some(Outcome::Failed(PathBuf::from(name), e.to_string()));
    }
    let source = format!("{source}#{}", page.title);
    Some(Prepared::prepare(source, name, page.text.as_bytes(), parsed, knowledge))
}

fn store_chunk(
    store: &mut Store,
    ready: &[Prepared],
    config: &Config,
    report: &mut Report,
    bar: &ProgressBar,
) -> Result<()> {
    let encoded: Vec<&Encoded> = ready.iter().map(|p| &p.encoded).collect();
    let outcomes = store.put_encoded(&encoded).context("cannot write to the database")?;
    for (p, o) in ready.iter().zip(outcomes) {
        report.documents += 1;
        match o.status {
            PutStatus::Added => report.added += 1,
            PutStatus::Revised => report.revised += 1,
            PutStatus::Unchanged => report.unchanged += 1,
        }
        *report.by_format.entry(p.format.to_string()).or_default() += 1;
        if !p.warnings.is_empty() {
            report.with_warnings += 1;
            if config.verbose {
                bar.suspend(|| {
                    for w in &p.warnings {
                        eprintln!("annals: {}: {w}", p.name);
                    }
                });
            }
        }
    }
    Ok(())
}
