//! Infobox date values: inline fragments, every date value of the corpus, and random input.

use annals_extract::dates::{parse_date, parse_range};
use annals_model::conflict::PartialDate;
use annals_read::{read_bytes, Hint, ReadOptions};
use annals_testkit::Rng;
use std::path::{Path, PathBuf};

/// A range as `start..end` in ISO form, the end `open` when ongoing, `~` before an approximate
/// date; `None` as "none".
fn show(r: Option<(PartialDate, Option<PartialDate>)>) -> String {
    let iso = |d: PartialDate| format!("{}{}", if d.approx { "~" } else { "" }, d.iso());
    match r {
        None => "none".to_string(),
        Some((s, Some(e))) => format!("{}..{}", iso(s), iso(e)),
        Some((s, None)) => format!("{}..open", iso(s)),
    }
}

fn check(input: &str, expected: &str) {
    assert_eq!(show(parse_range(input)), expected, "input: {input:?}");
}

#[test]
fn ranges() {
    check("26 November 2011 – 10 April 2014", "2011-11-26..2014-04-10");
    check("26 November 2011 – 10 April 2014, ()", "2011-11-26..2014-04-10");
    check("16–21 January 2016", "2016-01-16..2016-01-21");
    check("16–21 January 2016 ()", "2016-01-16..2016-01-21");
    check("14 September – 17 November 2017", "2017-09-14..2017-11-17");
    check("10 April – 14 July 2014", "2014-04-10..2014-07-14");
    check("3–4 October 1943", "1943-10-03..1943-10-04");
    check("22 June 1941 – 5 December 1941", "1941-06-22..1941-12-05");
    check("June 22 – December 5, 1941", "1941-06-22..1941-12-05");
    check("January 16–21, 2016", "2016-01-16..2016-01-21");
    check("July 31, 1943 – August 6, 1943", "1943-07-31..1943-08-06");
    check("September 1943 – May 1945", "1943-09..1945-05");
    check("1941–1942", "1941..1942");
    check("1618–1648", "1618..1648");
    check("1626–34", "1626..1634");
    check("8 September 1941 – 27 January 1944 (872 days)", "1941-09-08..1944-01-27");
    check("13 September 2014 – 15 March 2015 (6 months and 2 days)", "2014-09-13..2015-03-15");
    check("26 December 2013–7 January 2014", "2013-12-26..2014-01-07");
    check("25 April –19 May 2016", "2016-04-25..2016-05-19");
    check("21 – 30 January 2012", "2012-01-21..2012-01-30");
    check("10 February - 20 April 2012", "2012-02-10..2012-04-20");
    check("9 June 2013 — present", "2013-06-09..open");
    check("22 June 2012–present", "2012-06-22..open");
    check("16 February 1985 – ongoing", "1985-02-16..open");
    check("May 1940 to June 1941", "1940-05..1941-06");
    check("3 May 1940 until 4 June 1940", "1940-05-03..1940-06-04");
    check("Sept. 1 – Oct. 5, 1939", "1939-09-01..1939-10-05");
    check("1 Jan. – 3 Feb. 2016", "2016-01-01..2016-02-03");
}

#[test]
fn missing_year_and_turn_of_the_year() {
    // The start takes the end's year, and the year before when it would fall after the end.
    check("20 December – 5 January 1944", "1943-12-20..1944-01-05");
    check("26 December – 2 January", "none");
    check("21 December – 31 December 1941", "1941-12-21..1941-12-31");
    // An end without a year takes the start's.
    check("5 July 1943 – 23 August", "1943-07-05..1943-08-23");
    check("20 December 1943 – 5 January", "1943-12-20..1944-01-05");
}

#[test]
fn single_dates() {
    check("19 August 1942", "1942-08-19..1942-08-19");
    check("July 27, 2022", "2022-07-27..2022-07-27");
    check("June 22nd, 1941", "1941-06-22..1941-06-22");
    check("January 2016", "2016-01..2016-01");
    check("2016", "2016..2016");
    check("c. 1618", "~1618..~1618");
    check("circa 1618", "~1618..~1618");
    check("500 BC", "-499..-499");
    check("2016-01-16", "2016-01-16..2016-01-16");
    assert_eq!(parse_date("16 January 2016"), Some(PartialDate::day(2016, 1, 16)));
    assert_eq!(parse_date("January 2016"), Some(PartialDate::month(2016, 1)));
    assert_eq!(parse_date("2016"), Some(PartialDate::year(2016)));
    assert_eq!(parse_date("c. 1618"), Some(PartialDate { year: 1618, month: None, day: None, approx: true }));
    assert_eq!(parse_date("June 22, 1941"), Some(PartialDate::day(1941, 6, 22)));
    assert_eq!(parse_date("3 October 1943"), Some(PartialDate::day(1943, 10, 3)));
    assert_eq!(parse_date("14 September – 17 November 2017"), Some(PartialDate::day(2017, 9, 14)));
    assert_eq!(parse_date("June 22"), None);
}

#[test]
fn phases_and_labels() {
    check(
        "German offensive: 6–16 March 1945\nSoviet counterattack: 16 March – 15 April 1945",
        "1945-03-06..1945-04-15",
    );
    check("First phase: 5–9 May 2014; second phase: 1 June – 3 July 2014", "2014-05-05..2014-07-03");
    check(
        "8 November – 17 December 2012 (first phase) 17 January 2013 – 19 February 2013 (second phase)",
        "2012-11-08..2013-02-19",
    );
    check("15 June 2014 – present\nIraq: 15 June 2014 – 9 December 2021", "2014-06-15..open");
    // Single dates beside the ranges (treaties signed later) do not extend the conflict.
    check("28 July 1914 – 11 November 1918\nTreaty of Versailles\nSigned 28 June 1919", "1914-07-28..1918-11-11");
    check("5 August 2015\n(1 day)", "2015-08-05..2015-08-05");
}

#[test]
fn unreadable_values() {
    check("Ongoing", "none");
    check("present", "none");
    check("()", "none");
    check("(29 years, 11 months, 3 weeks, and 1 day)", "none");
    check("c. late 6th century", "none");
    check("", "none");
    // Impossible dates make their range unreadable, never a panic.
    check("31 February 2016", "none");
    check("30 February – 5 March 2016", "none");
    check("29 February 2016", "2016-02-29..2016-02-29");
    check("29 February 2015", "none");
    check("0 March 2016", "none");
    check("2016-13-01", "none");
    assert_eq!(parse_date("31 February 2016"), None);
}

#[test]
fn raw_wikitext_forms() {
    check("{{start date|df=yes|1943|7|5}}&nbsp;– {{End date|df=yes|1943|8|23}}", "1943-07-05..1943-08-23");
    check("{{start and end dates|1944|01|17|1944|05|18|df=y}}", "1944-01-17..1944-05-18");
    check(
        "2 October 1941&nbsp;– 7 January 1942<br>({{Age in years, months, weeks and days|month1=10|day1=02|year1=1941}})",
        "1941-10-02..1942-01-07",
    );
    check("20–28 December 1943<ref name=\"dates\"/>", "1943-12-20..1943-12-28");
    check("April 1 – June 22, 1945<ref>{{cite web|accessdate=October 23, 2015}}</ref>", "1945-04-01..1945-06-22");
    check("23 May 1618 – 15 May 1648<br />{{resize|''(29 years, 11 months)''}}", "1618-05-23..1648-05-15");
}

// ---------------------------------------------------------------------------------------------
// The corpus.

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn corpus_files(dir: &str) -> Vec<PathBuf> {
    let d = shared().join("corpus").join(dir);
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&d).map(|r| r.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    paths.sort();
    paths
}

/// Values of the corpus that are not dates of a conflict, and why no range is read from them.
const UNREADABLE: &[&str] = &[
    // A century, not a date: centuries are not read.
    "c. late 6th century",
    // A duration alone, the dates being in another field of that article's front matter.
    "(8 years, 9 months, 6 days)",
];

fn sane(value: &str, r: Option<(PartialDate, Option<PartialDate>)>) {
    match r {
        None => assert!(
            UNREADABLE.contains(&value.trim()),
            "no date read from {value:?}; add it to UNREADABLE with the reason if that is right"
        ),
        Some((s, e)) => {
            let key = |d: &PartialDate, fill: u8| (d.year, d.month.unwrap_or(fill), d.day.unwrap_or(fill));
            if let Some(e) = e {
                assert!(key(&s, 0) <= key(&e, 99), "start after end in {value:?}: {s} – {e}");
            }
            assert!((500..=2100).contains(&s.year), "odd year in {value:?}: {s}");
        }
    }
}

/// Every date value of the corpus as the readers give it (the infobox `date` field and the
/// front matter's `date`), plus the raw `| date =` line of every wikitext infobox, the seeds'
/// `- Date:` lines and the Markdown front matter's `date:` lines read with plain matching.
#[test]
fn corpus_dates() {
    let mut seen = 0;
    for dir in ["seeds", "wikitext", "markdown-infobox", "markdown-frontlines", "plaintext"] {
        for path in corpus_files(dir) {
            let bytes = std::fs::read(&path).unwrap();
            let parsed = read_bytes(&bytes, &Hint::default(), &ReadOptions::default());
            let doc = &parsed.document;
            if let Some(f) = doc.field("date") {
                let v = f.value(doc);
                sane(v, parse_range(v));
                seen += 1;
            }
            for m in doc.meta.iter().filter(|m| m.key == "date") {
                for v in &m.values {
                    sane(v, parse_range(v));
                    seen += 1;
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            // The first `| date =` line is the infobox's; later ones belong to citations.
            let raw_wikitext = text.lines().find_map(|l| {
                let l = l.trim_start().strip_prefix('|')?.trim_start();
                let (k, v) = l.split_once('=')?;
                (k.trim() == "date").then_some(v)
            });
            let raw_lines = text.lines().filter_map(|l| {
                let l = l.trim_start();
                l.strip_prefix("- Date:").or_else(|| l.strip_prefix("date:").filter(|_| dir.starts_with("markdown")))
            });
            for v in raw_wikitext.into_iter().filter(|_| dir == "wikitext").chain(raw_lines) {
                let v = v.trim().trim_matches(['"', '\'']);
                // No value ("[]", a YAML block that follows) or a label line.
                if !v.contains(|c: char| c.is_alphanumeric()) || v.ends_with(':') {
                    continue;
                }
                sane(v, parse_range(v));
                seen += 1;
            }
        }
    }
    assert!(seen > 200, "only {seen} date values: is the corpus there?");
}

const PIECES: &[&str] = &[
    "1",
    "16",
    "31",
    "32",
    "0",
    "00",
    "2016",
    "1941",
    "99999999999",
    "-",
    "–",
    "—",
    "/",
    "~",
    ",",
    ".",
    ";",
    ":",
    "(",
    ")",
    "{{",
    "}}",
    "|",
    "{{start date|",
    "{{start and end dates|",
    "<ref>",
    "</ref>",
    "<br>",
    "<",
    ">",
    "&nbsp;",
    "&",
    "January",
    "Feb",
    "Sept.",
    "May",
    "c.",
    "to",
    "until",
    "present",
    "ongoing",
    "BC",
    "AD",
    "st",
    "nd",
    "th",
    "2016-01-16",
    "2016-13-45",
    " ",
    " ",
    "\n",
    "é",
    "🇷🇺",
    "[[",
    "]]",
    "'''",
];

#[test]
fn random_input_never_panics() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..30_000 {
        let n = rng.below(20);
        let s: String =
            (0..n).map(|_| *rng.pick(PIECES)).collect::<Vec<_>>().join(if rng.below(2) == 0 { " " } else { "" });
        if let Some((start, end)) = parse_range(&s) {
            let _ = start.iso();
            if let Some(e) = end {
                let _ = e.iso();
            }
        }
        let _ = parse_date(&s);
        let bytes: Vec<u8> = (0..rng.below(40)).map(|_| (rng.next_u64() & 0xff) as u8).collect();
        let _ = parse_range(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn long_input_is_fast() {
    let start = std::time::Instant::now();
    for p in
        ["<".repeat(200_000), "{{".repeat(100_000), "(".repeat(200_000), "1 – ".repeat(50_000), "<ref>".repeat(50_000)]
    {
        let _ = parse_range(&p);
    }
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
