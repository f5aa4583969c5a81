//! The `annals` binary: a thin layer of argument parsing and printing over the library crates.

mod conflicts;
mod control;
mod entities;
mod ingest;
mod places;
mod show;
mod timeline;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::path::PathBuf;
use std::process::ExitCode;

/// Extraction allocates many small strings and vectors on every worker thread at once; mimalloc's
/// per-thread heaps serve that faster than the system allocator (8% off an ingest's wall time).
/// It is built without transparent huge pages (`no_thp`): zeroing fresh 2 MiB pages cost more
/// than it saved, and doubled the peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// annals turns encyclopedia articles about armed conflicts into a structured, source-traced record.
#[derive(Parser)]
#[command(name = "annals", version, about)]
struct Cli {
    /// The SQLite database to use (created when missing).
    #[arg(long, global = true, default_value = "annals.db", env = "ANNALS_DB")]
    db: PathBuf,
    /// A places file (TOML, in the form of data/places/syria.toml) whose entries are added to the
    /// built-in gazetteer. May be given several times.
    #[arg(long, global = true, value_name = "FILE")]
    places: Vec<PathBuf>,
    /// A theatre file (TOML, in the form of data/theatres/syria.toml): one war's scope, blocs,
    /// actors and people. A theatre of a shipped id replaces it. May be given several times.
    #[arg(long = "theatre", global = true, value_name = "FILE")]
    theatres: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (files, directories, MediaWiki XML dumps) into the database.
    Ingest {
        /// Files or directories (read recursively); `.xml` and `.xml.bz2` dumps are streamed.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Read every file as this format instead of detecting it.
        #[arg(long, value_parser = parse_format)]
        format: Option<annals_model::Format>,
        /// Parallel parsing threads (default: all cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Print warnings for each document, not only their count.
        #[arg(long, short)]
        verbose: bool,
        /// A lexicon file (TOML, in the form of data/lexicon/events.toml) whose triggers, actors,
        /// sources and place words are added to the built-in ones. May be given several times.
        #[arg(long, value_name = "FILE")]
        lexicon: Vec<PathBuf>,
    },
    /// List the documents in the database.
    Docs {
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
    },
    /// Show one document's structure: infobox fields, sections, diagnostics.
    Doc {
        /// A document id, title or file name.
        key: String,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
    },
    /// List the conflicts: infobox records merged over every document about the same conflict.
    Conflicts {
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
    },
    /// Show one conflict like an infobox, its sides side by side.
    Conflict {
        /// The conflict's title (compared loosely), or a part of it that names one conflict.
        title: String,
        /// List only where the documents disagree.
        #[arg(long)]
        disagreements: bool,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
    },
    /// The events of the narrative, dated and coded, by date.
    Timeline {
        #[command(flatten)]
        filter: Filter,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        /// One row per event of each document, instead of one row per happening told by several
        /// documents (renderings and revisions) of the same conflict.
        #[arg(long)]
        per_document: bool,
    },
    /// Who held a place: on a day (`--at`), over the whole corpus (no `--at`), or every place on
    /// a day as GeoJSON (`--at DATE --format geojson`, no PLACE). Every answer carries the
    /// sentences that say so.
    Control {
        /// The place's name in any spelling.
        place: Option<String>,
        /// The day (YYYY-MM-DD; a month or a year stands for its last day).
        #[arg(long, value_parser = annals_query::events::check_date)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = control::ControlOutput::Table)]
        format: control::ControlOutput,
    },
    /// One place: its canonical name, kind, coordinates and parents, the spellings the corpus
    /// uses for it, and every event there with its source span.
    Place {
        /// The place's name in any spelling ("Al-Bukamal", "Mayadeen").
        name: String,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
    },
    /// One actor: its names, bloc and dated changes of alignment, the units under it and what it
    /// is part of, the spellings the corpus uses, and every mention with its source.
    Actor {
        /// Any of the actor's names ("ISIS", "the 104th", "Jabhat al-Nusra").
        name: String,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
    },
    /// One person: names across revisions and transliterations, roles, affiliations, death with
    /// its date when the narrative gives it, and every mention with its source.
    Person {
        /// Any of the person's names or spellings.
        name: String,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
    },
    /// Serve the database over HTTP: a JSON API under /api (see /api/openapi.json) and the web
    /// app at /. Answers follow what `annals ingest` writes meanwhile.
    Serve {
        /// The address to listen on. The default is loopback only; give another address to serve
        /// other machines.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Write records for other programs.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
}

/// Which events to take.
#[derive(clap::Args)]
struct Filter {
    /// Events of this conflict (a part of its title).
    #[arg(long)]
    conflict: Option<String>,
    /// Events at this place (a part of its name).
    #[arg(long)]
    place: Option<String>,
    /// Events with this actor on either side (a part of its name).
    #[arg(long)]
    actor: Option<String>,
    /// Events of this type or sub-event type (a part of it: "Battles", "Air/drone strike").
    #[arg(long = "type")]
    event_type: Option<String>,
    /// Events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_parser = annals_query::events::check_date)]
    from: Option<String>,
    /// Events on or before this date.
    #[arg(long, value_parser = annals_query::events::check_date)]
    to: Option<String>,
}

impl Filter {
    fn into_store(self) -> annals_store::EventFilter {
        annals_query::events::filter(self.conflict, self.place, self.actor, self.event_type, self.from, self.to)
    }
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Events (JSON Lines per the shared FORMAT.md, or CSV with ACLED's columns).
    Events {
        #[command(flatten)]
        filter: Filter,
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Conflicts, merged over documents (JSON Lines per the shared FORMAT.md, or CSV).
    Conflicts {
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Jsonl,
    Csv,
}

/// How to print results: a table for people, JSON for scripts.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Table,
    Json,
}

fn parse_format(s: &str) -> Result<annals_model::Format, String> {
    annals_model::Format::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = annals_model::Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; one of: {}", names.join(", "))
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that went away (`annals docs | head`) is not an error: stop quietly, as
        // command-line tools do.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("annals: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Standard output, or a new file.
fn sink(output: &Option<PathBuf>) -> Result<Box<dyn std::io::Write>> {
    Ok(match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// The events the filter asks for (see [`annals_query::events::filtered_events`]).
fn filtered_events(
    store: &annals_store::Store,
    filter: Filter,
    gazetteer: &annals_resolve::Gazetteer,
    conflicts: &[annals_resolve::Conflict],
) -> Result<Vec<annals_store::StoredEvent>> {
    let actors = annals_query::entities::actors(conflicts);
    Ok(annals_query::events::filtered_events(store, filter.into_store(), gazetteer, &actors)?)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let open =
        || annals_store::Store::open(&cli.db).with_context(|| format!("cannot open database {}", cli.db.display()));
    // The gazetteer (with the users' places files), loaded at most once per command and only by
    // commands that need it: with the world extract a load takes half a second.
    let gazetteer_cell: OnceCell<Cow<'static, annals_resolve::Gazetteer>> = OnceCell::new();
    let gazetteer = || annals_query::places::gazetteer_once(&gazetteer_cell, &cli.places);
    // The theatres every command reads conflicts with (a record's place is looked up in the
    // gazetteer for the country it lies in), passed down.
    let theatres = || -> Result<_> { Ok(annals_query::theatres_placed(&cli.theatres, gazetteer()?)?) };
    match cli.command {
        Command::Ingest { paths, format, jobs, verbose, lexicon } => {
            let knowledge =
                std::sync::Arc::new(ingest::Knowledge { lexicon: ingest::lexicon(&lexicon)?, theatres: theatres()? });
            let mut store = open()?;
            let config = ingest::Config { format, jobs, verbose, knowledge: knowledge.clone() };
            let report = ingest::run(&mut store, &paths, &config)?;
            report.print(&mut std::io::stdout().lock())?;
            // The control timeline is derived from what is now stored; queries read it from here.
            let fingerprint = annals_query::control::fingerprint(&cli.places, &cli.theatres)?;
            annals_query::control::rebuild_cache(
                &mut store,
                &**gazetteer()?,
                &knowledge.theatres,
                &knowledge.lexicon,
                &fingerprint,
            )
            .context("the documents are stored, but the control timeline could not be rebuilt")?;
            Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Serve { addr } => {
            // A database that does not exist yet is created empty, as for every command, so that
            // an ingest started later shows up in the app.
            let mut config = annals_server::Config::new(cli.db.clone());
            config.places = cli.places.clone();
            config.theatres = cli.theatres.clone();
            let db = cli.db.display().to_string();
            annals_server::run(config, &addr, |bound| {
                println!("annals: serving {db} at http://{bound}/ (Ctrl-C stops)");
                let _ = std::io::Write::flush(&mut std::io::stdout());
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Docs { format } => {
            show::docs(&mut std::io::stdout().lock(), &open()?, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Conflicts { format } => {
            let all = annals_query::conflicts::load(&open()?, &theatres()?)?;
            conflicts::list(&mut std::io::stdout().lock(), &all, &**gazetteer()?, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Conflict { title, disagreements, format } => {
            let all = annals_query::conflicts::load(&open()?, &theatres()?)?;
            match annals_query::conflicts::find(&all, &title) {
                Ok(c) => {
                    conflicts::show(&mut std::io::stdout().lock(), c, &**gazetteer()?, disagreements, format)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e @ annals_query::QueryError::NoConflict(_)) => {
                    eprintln!("annals: {e} (see `annals conflicts`)");
                    Ok(ExitCode::from(1))
                }
                Err(e @ annals_query::QueryError::ManyConflicts { .. }) => {
                    eprintln!("annals: {e}");
                    Ok(ExitCode::from(1))
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Timeline { filter, format, per_document } => {
            let gazetteer = &**gazetteer()?;
            let store = open()?;
            let conflicts = annals_query::conflicts::load(&store, &theatres()?)?;
            let events = filtered_events(&store, filter, gazetteer, &conflicts)?;
            let documents = if per_document {
                annals_query::events::Documents::Each
            } else {
                annals_query::events::Documents::Merged
            };
            let contexts = annals_query::events::EventContexts::of(&conflicts);
            timeline::print(&mut std::io::stdout().lock(), &events, gazetteer, &contexts, format, documents)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Actor { name, format } => {
            let store = open()?;
            let all = annals_query::conflicts::load(&store, &theatres()?)?;
            let events = store.events(&annals_store::EventFilter::default())?;
            let actors = annals_query::entities::actors(&all);
            let found = entities::show_actor(&mut std::io::stdout().lock(), &actors, &all, &events, &name, format)?;
            Ok(if found { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Person { name, format } => {
            let store = open()?;
            let all = annals_query::conflicts::load(&store, &theatres()?)?;
            let events = store.events(&annals_store::EventFilter::default())?;
            let people = annals_query::entities::people(&all);
            let found = entities::show_person(&mut std::io::stdout().lock(), &people, &all, &events, &name, format)?;
            Ok(if found { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Control { place, at, format } => {
            let mut store = open()?;
            let gazetteer = || -> Result<&annals_resolve::Gazetteer> { Ok(&**gazetteer()?) };
            // The claims come from the cache the last ingest left, unless other data made it.
            let fingerprint = annals_query::control::fingerprint(&cli.places, &cli.theatres)?;
            if store.control_fingerprint()?.as_deref() != Some(fingerprint.as_str()) {
                let lexicon = ingest::lexicon(&[])?;
                annals_query::control::rebuild_cache(&mut store, gazetteer()?, &theatres()?, &lexicon, &fingerprint)?;
            }
            let out = &mut std::io::stdout().lock();
            match (place, at) {
                (Some(name), at) => {
                    let asked = match annals_query::control::asked_cached(&store, &name)? {
                        Some(a) => a,
                        None => annals_query::control::asked(gazetteer()?, &name),
                    };
                    let timeline = annals_query::control::cached_timeline(&store, &asked)?;
                    match at {
                        Some(at) => control::print_at(out, &timeline, &asked, &at, format)?,
                        None => {
                            if !control::print_history(out, &timeline, &asked, format)? {
                                return Ok(ExitCode::from(1));
                            }
                        }
                    }
                }
                (None, Some(at)) if format == control::ControlOutput::Geojson => {
                    let timeline = annals_query::control::cached_all(&store)?;
                    control::print_map(out, &timeline, gazetteer()?, &at)?
                }
                (None, _) => anyhow::bail!("give a PLACE, or --at DATE --format geojson for every place"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Place { name, format } => {
            let gazetteer = &**gazetteer()?;
            let events = open()?.events(&annals_store::EventFilter::default())?;
            let found = places::show(&mut std::io::stdout().lock(), gazetteer, &events, &name, format)?;
            Ok(if found { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Export { what: ExportWhat::Conflicts { format, output } } => {
            let all = annals_query::conflicts::load(&open()?, &theatres()?)?;
            let gazetteer = &**gazetteer()?;
            let mut sink = sink(&output)?;
            match format {
                ExportFormat::Jsonl => annals_export::conflicts_jsonl(&all, gazetteer, &mut sink)?,
                ExportFormat::Csv => annals_export::conflicts_csv(&all, &mut sink)?,
            }
            sink.flush()?;
            if let Some(path) = output {
                eprintln!("wrote {} conflicts to {}", all.len(), path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { what: ExportWhat::Events { filter, format, output } } => {
            let gazetteer = &**gazetteer()?;
            let store = open()?;
            let conflicts = annals_query::conflicts::load(&store, &theatres()?)?;
            let events = filtered_events(&store, filter, gazetteer, &conflicts)?;
            let contexts = annals_query::events::EventContexts::of(&conflicts);
            let rows = annals_query::events::rows(&events, gazetteer, &contexts);
            let mut sink = sink(&output)?;
            match format {
                ExportFormat::Jsonl => annals_export::events_jsonl(&rows, &mut sink)?,
                ExportFormat::Csv => annals_export::events_csv(&rows, &mut sink)?,
            }
            sink.flush()?;
            if let Some(path) = output {
                eprintln!("wrote {} events to {}", rows.len(), path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Doc { key, format } => {
            let store = open()?;
            match store.find(&key)? {
                Some(doc) => {
                    // Derived again, as an ingest derives it: the record and the theatre it points to.
                    let record = annals_extract::conflict::record(&doc.document);
                    let theatre = theatres()?.for_record(record.as_ref());
                    let read_as = show::ReadAs { record: record.as_ref(), theatre: &theatre };
                    show::doc(&mut std::io::stdout().lock(), &doc, &read_as, format)?;
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("annals: no document with id, title or name {key:?} (see `annals docs`)");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
