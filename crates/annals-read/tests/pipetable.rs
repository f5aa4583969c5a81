//! The pipe-table reader on the real Deir ez-Zor seed and on small fixtures in `test_data/pipetable`.

mod common;

use annals_model::Severity;
use annals_read::{pipetable, Hint, Parsed};
use common::{assert_ok, field, items, paragraphs, warned};

fn fixture(name: &str) -> String {
    common::repo_file(&format!("test_data/pipetable/{name}"))
}

fn read(name: &str, text: &str) -> Parsed {
    let parsed = pipetable::read(text, &Hint::default());
    assert_ok(name, &parsed);
    parsed
}

fn seed() -> Parsed {
    let bytes = common::read_corpus("seeds/003_0100bfe34d1bbbb8.txt");
    let text = String::from_utf8(bytes).expect("the seed is UTF-8");
    read("seed 003", &text)
}

#[test]
fn seed_title_and_labelled_rows() {
    let p = seed();
    let d = &p.document;
    assert_eq!(d.title, "Deir ez-Zor offensive (April–July 2014)");
    assert_eq!(field(d, "conflict"), "Deir ez-Zor offensive (April–July 2014)");
    assert_eq!(field(d, "partof"), "the Syrian Civil War and the Inter-rebel conflict during the Syrian Civil War");
    assert_eq!(field(d, "result"), "Decisive ISIS victory");
}

#[test]
fn seed_sides() {
    let p = seed();
    let d = &p.document;
    assert_eq!(
        field(d, "combatant1"),
        "Free Syrian Army Islamic Front al-Nusra Front Army of Mujahedeen Syria Revolutionaries Front"
    );
    // No parentheses to split at: the cell is one item.
    assert_eq!(items(d, "combatant1").len(), 1);
    assert_eq!(field(d, "combatant2"), "Islamic State of Iraq and the Levant");

    let c1 = items(d, "commander1");
    assert_eq!(c1.len(), 8, "{c1:#?}");
    assert_eq!(c1[0], "Brig. Gen. Abdul-Ilah al-Bashir (FSA Chief of Staff)");
    assert!(c1.contains(&"Adnan Bakour † (Al-Tawhid Brigade leader)".to_string()), "{c1:#?}");
    assert_eq!(c1[7], "Abu Khaled al-Suri † (Ahrar ash-Sham senior leader)");
    assert_eq!(
        items(d, "commander2"),
        ["Abu Bakr al-Baghdadi (Leader of ISIL)", "Abu Omar al-Shishani (Military Chief)"]
    );

    assert_eq!(field(d, "casualties1"), "414 killed (10–11 April; 30 April – 10 June)");
    assert_eq!(field(d, "casualties2"), "267 killed (10–11 April; 30 April – 10 June)");
    // One cell after the two casualty columns: side 3.
    assert_eq!(field(d, "casualties3"), "39 civilians killed (30 April – 10 June)");
    assert!(d.field("commander3").is_none());
    assert!(d.field("date").is_none(), "the seed's flattening lost the date row");
}

#[test]
fn seed_field_order_and_raw() {
    let p = seed();
    let ib = p.document.infobox.as_ref().expect("an infobox");
    let keys: Vec<&str> = ib.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "conflict",
            "partof",
            "combatant1",
            "combatant2",
            "commander1",
            "commander2",
            "casualties1",
            "casualties2",
            "casualties3",
            "result"
        ]
    );
    let partof = p.document.field("partof").expect("partof");
    assert!(partof.raw.starts_with("Part of the Syrian Civil War"), "{:?}", partof.raw);
}

#[test]
fn seed_body() {
    let p = seed();
    let paras = paragraphs(&p.document);
    assert_eq!(paras.len(), 5);
    assert!(paras[0].starts_with("The Deir ez-Zor offensive (April–July 2014) was executed"), "{}", paras[0]);
    assert!(paras.iter().all(|t| !t.contains("Decisive ISIS victory")));
    // No headings survive the flattening: everything is in the lead.
    assert_eq!(p.document.sections.len(), 1);
    assert!(p.document.sections[0].heading.is_none());
}

/// The brief expected this seed to end mid-sentence, but its last line ends "... killed in
/// Markada." (the file stops after a complete paragraph, although the article goes on in seed 002).
/// The truncation rule looks at sentence-final punctuation only, so it stays quiet here; the
/// `truncated` fixture shows it firing.
#[test]
fn seed_ends_with_a_full_sentence_so_no_truncation_warning() {
    let p = seed();
    assert!(!warned(&p, "truncated"), "{:?}", p.diagnostics);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn the_seed_cut_mid_sentence_is_reported_truncated() {
    let bytes = common::read_corpus("seeds/003_0100bfe34d1bbbb8.txt");
    let text = String::from_utf8(bytes).expect("the seed is UTF-8");
    let cut = &text[..text.rfind(" in Markada").expect("the last words")];
    let p = read("seed 003 cut", cut);
    let d = p.diagnostics.iter().find(|d| d.message == "document appears truncated").expect("a truncation warning");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.offset, Some(cut.len()));
}

#[test]
fn three_columns() {
    let p = read("three_columns", &fixture("three_columns.txt"));
    let d = &p.document;
    assert_eq!(d.title, "Siege of Example Hill");
    assert_eq!(field(d, "partof"), "the Example War");
    assert_eq!(field(d, "date"), "3–9 March 1901");
    assert_eq!(field(d, "place"), "Example Hill, Nowhere");
    assert_eq!(field(d, "territory"), "Hill passes to the Crown");
    assert_eq!(field(d, "combatant1"), "Kingdom of A");
    assert_eq!(field(d, "combatant2"), "Republic of B");
    assert_eq!(field(d, "combatant3"), "Free City of C");
    assert_eq!(items(d, "commander1"), ["Duke Alpha (field commander)", "Count Beta † (cavalry)"]);
    assert_eq!(field(d, "commander2"), "General Gamma");
    assert_eq!(field(d, "commander3"), "Mayor Delta (militia)");
    // The strength row runs over two lines: a cell ends at `|`, the next starts on the next line.
    assert_eq!(field(d, "strength1"), "4,000");
    assert_eq!(field(d, "strength2"), "3,500");
    assert_eq!(field(d, "strength3"), "900");
    assert_eq!(field(d, "casualties3"), "20 killed");
    assert_eq!(field(d, "casualties4"), "120 civilians killed");
    // A three-sided table has no lost Result line: the first line after it is a sentence.
    assert!(d.field("result").is_none());
    let paras = paragraphs(d);
    assert_eq!(paras[0], "The siege of Example Hill was a short fight among three small states.");
    assert_eq!(paras.len(), 2);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn labelled_rows() {
    let p = read("labelled_rows", &fixture("labelled_rows.txt"));
    let d = &p.document;
    // `Date | 12 June 1777` has no trailing `|`: the text after the last bar is the value.
    assert_eq!(field(d, "date"), "12 June 1777");
    assert_eq!(field(d, "place"), "The two fords of the River Sample");
    assert_eq!(field(d, "result"), "Stalemate");
    assert_eq!(field(d, "status"), "Disputed by later writers");
    assert_eq!(field(d, "coordinates"), "10°N 20°E");
    // The table already has a result, so the first line after it stays a paragraph.
    assert_eq!(paragraphs(d)[0], "The battle of the Two Fords took place on a single hot day.");
}

#[test]
fn no_header_rows() {
    let p = read("no_header_rows", &fixture("no_header_rows.txt"));
    let d = &p.document;
    assert_eq!(field(d, "partof"), "the Sample Campaign");
    assert_eq!(field(d, "date"), "2 May 1850");
    assert_eq!(field(d, "result"), "A patrol victory");
    assert!(d.infobox.as_ref().is_some_and(|ib| ib.fields.iter().all(|f| !f.key.starts_with("combatant"))));
    assert!(warned(&p, "without a label"), "{:?}", p.diagnostics);
    assert_eq!(paragraphs(d), ["The skirmish at Sample Creek lasted less than an hour."]);
}

#[test]
fn table_with_no_body() {
    let p = read("no_body", &fixture("no_body.txt"));
    let d = &p.document;
    assert_eq!(field(d, "combatant1"), "North");
    assert_eq!(field(d, "combatant2"), "South");
    assert!(d.field("result").is_none());
    assert!(paragraphs(d).is_empty());
    assert!(warned(&p, "no article text"), "{:?}", p.diagnostics);
    assert!(!warned(&p, "truncated"));
}

#[test]
fn bars_in_the_body_are_text() {
    let p = read("pipe_in_body", &fixture("pipe_in_body.txt"));
    let d = &p.document;
    assert_eq!(field(d, "result"), "Raiders withdraw");
    let paras = paragraphs(d);
    assert_eq!(paras.len(), 3);
    assert_eq!(paras[1], "Some accounts list the ships as Alpha | Beta | Gamma, separated by bars.");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn truncated_fixture_is_reported() {
    let text = fixture("truncated.txt");
    let p = read("truncated", &text);
    let d = p.diagnostics.iter().find(|d| d.message == "document appears truncated").expect("a truncation warning");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.line, Some(text.lines().count() + 1));
    assert_eq!(field(&p.document, "date"), "5 May 1905");
}

#[test]
fn closing_quotes_end_a_sentence() {
    let p = read("quote", "Q | |\n---|---|\nDate | 1 May | \nHe said \"we hold.\"\nShe wrote ‘done.’\n");
    assert!(!warned(&p, "truncated"), "{:?}", p.diagnostics);
}

#[test]
fn no_table_reads_paragraphs() {
    let p = read("no_table", &fixture("no_table.txt"));
    assert_eq!(p.document.title, "Battle Without Table");
    assert!(p.document.infobox.is_none());
    assert_eq!(paragraphs(&p.document), ["The text of this article has no table at all."]);
    assert!(warned(&p, "no infobox table"));
}

#[test]
fn hint_title_when_the_title_cell_is_empty() {
    let hint = Hint { title: Some("From the file name".into()), revision: None };
    let p = pipetable::read(" | |||\n---|---|---|---|\nDate | 1 May | ||\nText.\n", &hint);
    assert_ok("empty title cell", &p);
    assert_eq!(p.document.title, "From the file name");
    assert_eq!(field(&p.document, "date"), "1 May");
}

#[test]
fn empty_and_odd_inputs_do_not_panic() {
    let inputs = [
        "",
        "   \n\n",
        "|",
        "||||\n||||",
        "---|---|",
        "Title |\n---|\n",
        "Title | ||\n---|---|---|\nBelligerents | ||\n",
        "Title | ||\n---|---|---|\nCasualties and losses | ||\n|||\n(((( ))) ) ) A\n",
        "x\u{0}y | \u{1}\u{2} |\r\n---|---|\r\n\u{FEFF}é | ü |\r\nZ",
        "T | |\n---|---|\nCommanders and leaders | |\n) A) B (C (D) E) F |\n",
    ];
    for input in inputs {
        let p = pipetable::read(input, &Hint::default());
        common::assert_invariants(&format!("{input:?}"), &p.document);
    }
    let empty = pipetable::read("", &Hint::default());
    assert!(empty.error().is_some());
}

#[test]
fn read_bytes_sniffs_the_seed_as_a_pipe_table() {
    let bytes = common::read_corpus("seeds/003_0100bfe34d1bbbb8.txt");
    let p = annals_read::read_bytes(&bytes, &Hint::default(), &annals_read::ReadOptions::default());
    assert_ok("seed 003 via read_bytes", &p);
    assert_eq!(p.document.format, Some(annals_model::Format::Pipetable));
    assert_eq!(field(&p.document, "casualties3"), "39 civilians killed (30 April – 10 June)");
}

#[test]
fn every_truncation_and_some_mutations_of_the_seed_keep_the_invariants() {
    let bytes = common::read_corpus("seeds/003_0100bfe34d1bbbb8.txt");
    let text = String::from_utf8(bytes).expect("the seed is UTF-8");
    for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let p = pipetable::read(&text[..cut], &Hint::default());
        common::assert_invariants(&format!("cut at {cut}"), &p.document);
    }
    // Bars, line breaks and parentheses dropped in at pseudo-random places.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..300 {
        let mut s = text.clone();
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut at = (state % (s.len() as u64 + 1)) as usize;
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            s.insert(at, ['|', '\n', ')', '(', ' '][(state >> 32) as usize % 5]);
        }
        let p = pipetable::read(&s, &Hint::default());
        common::assert_invariants(&format!("mutation round {round}"), &p.document);
    }
}
