//! The Markdown reader on the real corpus, and the mojibake repair of seed 001.
mod common;

use annals_read::{read_bytes, Format, Hint, ReadOptions};
use common::*;

fn read(rel: &str) -> annals_read::Parsed {
    let parsed = read_bytes(&read_corpus(rel), &Hint::default(), &ReadOptions::default());
    assert_ok(rel, &parsed);
    assert_eq!(parsed.document.format, Some(Format::Markdown), "{rel}");
    parsed
}

/// Seed 001 is the same article as a file of the Markdown corpus, but its UTF-8 was read as
/// Windows-1252 once. After repair the two must agree in title, infobox and body text.
#[test]
fn seed_001_after_repair_equals_the_clean_rendering() {
    let seed = read("seeds/001_13150c2d397b465a.txt");
    let clean = read("markdown-infobox/deir_ez-zor_offensive_(september–november_2017).md");
    assert!(
        seed.diagnostics.iter().any(|d| d.message.contains("mojibake")),
        "the repair is reported: {:?}",
        seed.diagnostics
    );
    assert!(clean.diagnostics.is_empty(), "{:?}", clean.diagnostics);
    let (s, c) = (&seed.document, &clean.document);
    assert_eq!(s.title, "Deir ez-Zor offensive (September–November 2017)");
    assert_eq!(s.title, c.title);
    assert_eq!(s.infobox, c.infobox);
    assert_eq!(s.sections, c.sections);
    assert_eq!(s.text, c.text);
    assert!(!s.text.contains("â€"));
}

#[test]
fn seed_001_infobox_items_links_and_flags() {
    let d = read("seeds/001_13150c2d397b465a.txt").document;
    assert_eq!(field(&d, "date"), "14 September – 17 November 2017");
    let c1 = d.field("commander1").unwrap();
    let asapov = c1.items.iter().find(|i| d.slice(i.span).contains("Valery Asapov")).unwrap();
    assert_eq!(asapov.flag.as_deref(), Some("Russia"));
    assert_eq!(d.slice(asapov.span), "Lt. Gen. Valery Asapov");
    assert!(c1.links.iter().any(|l| l.target == "Issam Zahreddine"));
    let cas = items(&d, "casualties2");
    assert_eq!(cas[0], "300+ killed (Syrian claim; 29 Sep. – 13 Oct.)");
    assert_eq!(cas.len(), 3);
    let units = d.field("units1").unwrap();
    let rg = units.items.iter().find(|i| d.slice(i.span).ends_with("Republican Guard")).unwrap();
    assert_eq!(rg.depth, 2);
    assert!(heading_paths(&d).iter().any(|p| p.starts_with("Aftermath")));
    assert!(!heading_paths(&d).iter().any(|p| p == "References"));
}

#[test]
fn every_markdown_file_reads() {
    for dir in ["markdown-infobox", "markdown-frontlines"] {
        let (mut n, mut with_infobox) = (0, 0);
        for entry in std::fs::read_dir(corpus(dir)).unwrap() {
            let path = entry.unwrap().path();
            let rel = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let p = read(&rel);
            assert!(!p.document.title.is_empty(), "{rel}");
            with_infobox += usize::from(p.document.infobox.is_some());
            assert!(!p.document.sections.is_empty(), "{rel}");
            assert!(!p.document.text.contains("]("), "{rel}: links must be rendered to text");
            n += 1;
        }
        assert_eq!(n, if dir == "markdown-infobox" { 94 } else { 145 });
        // Six articles of the infobox corpus have an empty one in the source (`[]` or `- {}`), and
        // 62 of the front-lines corpus have empty `date` and `place`.
        let expected = if dir == "markdown-infobox" { 88 } else { 83 };
        assert!(with_infobox >= expected, "{dir}: only {with_infobox} of {n} have an infobox");
    }
}

#[test]
fn frontlines_date_and_place_become_fields() {
    let d = read("markdown-frontlines/2016_dabiq_offensive.md").document;
    assert_eq!(d.title, "2016 Dabiq offensive");
    assert_eq!(field(&d, "date"), "28 September – 16 October 2016");
    assert_eq!(field(&d, "place"), "Aleppo Governorate, Syria");
    assert!(d.meta.iter().any(|m| m.key == "tags" && m.values.len() > 5));
    assert_eq!(d.revision.as_ref().and_then(|r| r.timestamp.as_deref()), Some("2023-08-26 03:08"));
    assert_eq!(heading_paths(&d)[2], "The offensive / First week");
}
