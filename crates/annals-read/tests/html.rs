//! The HTML reader on the sample pages in `examples/html` and on the broken and edge-case
//! fixtures in `test_data/html`.

mod common;

use annals_model::{Block, Document, Format, ListItem};
use annals_read::{html, Hint, Parsed};
use common::{assert_invariants, assert_ok, field, heading_paths, items, paragraphs, warned};

fn read(rel: &str) -> Parsed {
    let parsed = html::read(&common::repo_file(rel), &Hint::default());
    assert_ok(rel, &parsed);
    parsed
}

fn austerlitz() -> Parsed {
    read("examples/html/battle_of_austerlitz.html")
}

fn gettysburg() -> Parsed {
    read("examples/html/battle_of_gettysburg.html")
}

/// The blocks of the section with this heading path (`""` for the lead).
fn blocks<'a>(doc: &'a Document, path: &str) -> &'a [Block] {
    doc.walk_sections()
        .into_iter()
        .find(|(p, _)| p.join(" / ") == path)
        .map(|(_, s)| s.blocks.as_slice())
        .unwrap_or_else(|| panic!("no section {path:?}: {:?}", heading_paths(doc)))
}

/// List items as (depth, text), depth first.
fn list_items(doc: &Document, list: &[ListItem]) -> Vec<(usize, String)> {
    fn go(doc: &Document, list: &[ListItem], depth: usize, out: &mut Vec<(usize, String)>) {
        for it in list {
            out.push((depth, doc.slice(it.text).to_string()));
            go(doc, &it.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    go(doc, list, 1, &mut out);
    out
}

fn flags(doc: &Document, key: &str) -> Vec<Option<String>> {
    doc.field(key).unwrap_or_else(|| panic!("no field {key}")).items.iter().map(|i| i.flag.clone()).collect()
}

fn depths(doc: &Document, key: &str) -> Vec<u8> {
    doc.field(key).unwrap_or_else(|| panic!("no field {key}")).items.iter().map(|i| i.depth).collect()
}

// ---------------------------------------------------------------------------------------------
// The modern sample page (div.mw-heading, infobox-* classes, nested date table)

#[test]
fn austerlitz_title_revision_and_format() {
    let p = austerlitz();
    let d = &p.document;
    assert_eq!(d.title, "Battle of Austerlitz");
    assert_eq!(d.format, Some(Format::Html));
    assert_eq!(d.revision.as_ref().and_then(|r| r.id.as_deref()), Some("1187000001"));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn austerlitz_infobox_keys_in_order() {
    let p = austerlitz();
    let ib = p.document.infobox.as_ref().expect("an infobox");
    let keys: Vec<&str> = ib.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "conflict",
            "partof",
            "image",
            "caption",
            "date",
            "place",
            "result",
            "territory",
            "combatant1",
            "combatant2",
            "commander1",
            "commander2",
            "units1",
            "units2",
            "strength1",
            "strength2",
            "casualties1",
            "casualties2",
        ]
    );
}

#[test]
fn austerlitz_labelled_fields() {
    let p = austerlitz();
    let d = &p.document;
    assert_eq!(field(d, "conflict"), "Battle of Austerlitz");
    assert_eq!(field(d, "partof"), "the War of the Third Coalition");
    assert_eq!(field(d, "image"), "Napoleon at the Battle of Austerlitz.jpg");
    assert!(field(d, "caption").starts_with("The French emperor among his staff"));
    assert_eq!(field(d, "date"), "2 December 1805");
    // The hidden decimal coordinates (geo-nondefault) are not read twice.
    assert_eq!(items(d, "place"), ["Near Austerlitz, Moravia, Austrian Empire", "49°07′42″N 16°45′44″E"]);
    // The footnote marker is gone; the plainlist's items are one level down.
    assert_eq!(
        items(d, "result"),
        ["Decisive French victory", "Treaty of Pressburg", "The Third Coalition falls apart"]
    );
    assert_eq!(depths(d, "result"), [0, 1, 1]);
    // "Territorial<br>changes" is one label.
    assert_eq!(field(d, "territory"), "Dissolution of the Holy Roman Empire follows in 1806");
    let raw = &d.field("result").expect("result").raw;
    assert!(raw.contains("cite_note-1"), "raw keeps the markup: {raw}");
}

#[test]
fn austerlitz_sides_with_flags() {
    let p = austerlitz();
    let d = &p.document;
    assert_eq!(items(d, "combatant1"), ["French Empire"]);
    assert_eq!(flags(d, "combatant1"), [Some("France".to_string())]);
    assert_eq!(items(d, "combatant2"), ["Russian Empire", "Austrian Empire"]);
    assert_eq!(flags(d, "combatant2"), [Some("Russia".to_string()), Some("Habsburg Monarchy".to_string())]);
    assert_eq!(items(d, "commander1"), ["Napoleon I", "Jean-de-Dieu Soult", "Louis-Nicolas Davout", "Jean Lannes"]);
    assert_eq!(depths(d, "commander1"), [1, 1, 1, 1]);
    assert_eq!(flags(d, "commander1")[0].as_deref(), Some("France"));
    assert_eq!(flags(d, "commander1")[1], None);
    assert_eq!(items(d, "commander2"), ["Alexander I", "Mikhail Kutuzov", "Francis II", "Franz von Weyrother"]);
    assert_eq!(items(d, "units2"), ["Imperial Russian Army", "Imperial Austrian Army"]);
    assert_eq!(field(d, "strength1"), "About 65,000–75,000");
    assert_eq!(items(d, "casualties2"), ["About 36,000", "(16,000 killed or wounded, 20,000 captured)"]);
    assert!(d.field("casualties3").is_none(), "the v·t·e navbar row is not a side");
}

#[test]
fn austerlitz_links() {
    let p = austerlitz();
    let d = &p.document;
    let links = &d.field("commander2").expect("commander2").links;
    let pairs: Vec<(&str, &str)> = links.iter().map(|l| (l.text.as_str(), l.target.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("Alexander I", "Alexander I of Russia"),
            ("Mikhail Kutuzov", "Mikhail Kutuzov"),
            ("Francis II", "Francis II, Holy Roman Emperor"),
            // A red link's title says the page does not exist; the target is the page name.
            ("Franz von Weyrother", "Franz von Weyrother"),
        ]
    );
    let place = &d.field("place").expect("place").links;
    assert_eq!(place[0].text, "Austerlitz");
    assert_eq!(place[0].target, "Slavkov u Brna");
    assert_eq!(place.len(), 3, "the geohack link is external: {place:?}");
    assert!(d.field("combatant1").expect("combatant1").links.iter().all(|l| !l.target.starts_with("File:")));
}

#[test]
fn austerlitz_body_structure() {
    let p = austerlitz();
    let d = &p.document;
    assert_eq!(
        heading_paths(d),
        ["Background", "Prelude", "Prelude / The French plan", "Battle", "Aftermath", "See also"]
    );
    let paras = paragraphs(d);
    assert!(
        paras[0].starts_with("The Battle of Austerlitz, fought on 2 December 1805, is often called"),
        "{}",
        paras[0]
    );
    assert!(paras[0].ends_with("in what is now the Czech Republic."), "{}", paras[0]);
    assert!(paras.iter().all(|t| !t.contains('[')), "footnote markers are dropped: {paras:#?}");

    let plan = blocks(d, "Prelude / The French plan");
    let Some(Block::List { items: list, .. }) = plan.iter().find(|b| matches!(b, Block::List { .. })) else {
        panic!("a list under the plan: {plan:?}")
    };
    let list = list_items(d, list);
    assert_eq!(list.len(), 4);
    assert_eq!(list[1], (1, "Hold them there with troops brought up in haste from Vienna.".to_string()));
    assert_eq!(list[2], (2, "Davout's corps covered the last stretch in about two days.".to_string()));

    let battle = blocks(d, "Battle");
    let term = battle.iter().find_map(|b| match b {
        Block::Term { span } => Some(d.slice(*span)),
        _ => None,
    });
    assert_eq!(term, Some("Main French corps at Austerlitz"), "the table caption");
    let Some(Block::Table { rows, .. }) = battle.iter().find(|b| matches!(b, Block::Table { .. })) else {
        panic!("a table in Battle")
    };
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(|c| d.slice(*c)).collect()).collect();
    assert_eq!(rows, [["Corps", "Commander"], ["III Corps", "Davout"], ["IV Corps", "Soult"], ["V Corps", "Lannes"]]);

    let after = blocks(d, "Aftermath");
    assert!(matches!(after[1], Block::Term { span } if d.slice(span) == "Treaty of Pressburg"));
    assert!(matches!(after[2], Block::Paragraph { span } if d.slice(span).starts_with("Signed on 26 December 1805")));
}

#[test]
fn austerlitz_skips_furniture_and_apparatus() {
    let p = austerlitz();
    let text = &p.document.text;
    for absent in [
        "redirects here",               // hatnote
        "Decisive battle of the War",   // hidden short description
        "A map of the European states", // figure caption
        "A reference book",             // reference list
        "must not be read",             // text under References and its subsection
        "A site about the battle",      // External links
        "Ulm · Austerlitz",             // navbox
        "edit",                         // edit-section links
        "Jump to content",              // skin
        "Categories",                   // category links
        "Retrieved from",               // print footer
        "v · t · e",                    // navbar in the infobox
        "49.12833",                     // hidden decimal coordinates
    ] {
        assert!(!text.contains(absent), "{absent:?} leaked into the text:\n{text}");
    }
    // Apparatus sections are left out with their headings.
    for apparatus in ["References", "External links"] {
        assert!(!heading_paths(&p.document).iter().any(|h| h == apparatus));
    }
    assert_eq!(blocks(&p.document, "See also").len(), 1, "See also is not apparatus");
}

// ---------------------------------------------------------------------------------------------
// The older sample page (span.mw-headline headings, plain style attributes, civilian row)

#[test]
fn gettysburg_infobox() {
    let p = gettysburg();
    let d = &p.document;
    assert_eq!(d.title, "Battle of Gettysburg");
    assert_eq!(field(d, "partof"), "the American Civil War");
    assert_eq!(field(d, "image"), "Thure de Thulstrup - Battle of Gettysburg.jpg");
    assert_eq!(field(d, "date"), "July 1–3, 1863");
    assert_eq!(field(d, "place"), "Gettysburg, Adams County, Pennsylvania");
    assert_eq!(field(d, "result"), "Union victory");
    assert_eq!(field(d, "combatant1"), "United States (Union)");
    // Flag names come from percent-encoded file names, without the period in parentheses.
    assert_eq!(flags(d, "combatant1"), [Some("United States".to_string())]);
    assert_eq!(flags(d, "combatant2"), [Some("Confederate States of America".to_string())]);
    assert_eq!(items(d, "commander1"), ["George G. Meade", "John F. Reynolds †", "Winfield S. Hancock"]);
    assert_eq!(depths(d, "commander1"), [0, 0, 0]);
    assert_eq!(
        items(d, "units1"),
        ["Army of the Potomac", "I Corps", "II Corps", "Irish Brigade", "five more infantry corps and the cavalry"]
    );
    assert_eq!(depths(d, "units1"), [0, 1, 1, 2, 1]);
    assert_eq!(field(d, "strength1"), "About 94,000");
    assert_eq!(field(d, "casualties2"), "23,000–28,000 in all");
    // One full-width row after the two casualty columns: side 3.
    assert_eq!(field(d, "casualties3"), "1 civilian killed");
}

#[test]
fn gettysburg_body() {
    let p = gettysburg();
    let d = &p.document;
    assert_eq!(
        heading_paths(d),
        ["Background", "Battle", "Battle / First day", "Battle / Second day", "Battle / Third day", "Aftermath"]
    );
    let paras = paragraphs(d);
    assert!(paras[0].starts_with("The Battle of Gettysburg was fought over three days"));
    assert!(paras[0].ends_with("of the American Civil War."), "{}", paras[0]);
    let third = blocks(d, "Battle / Third day");
    assert!(
        matches!(third[0], Block::Paragraph { span } if d.slice(span).ends_with("failed with heavy losses.")),
        "the citation-needed tag is dropped"
    );
    let second = blocks(d, "Battle / Second day");
    let Some(Block::List { items: list, .. }) = second.get(1) else { panic!("a list: {second:?}") };
    assert_eq!(
        list_items(d, list),
        [
            (1, "On the Union left, Longstreet's men fought over".to_string()),
            (2, "Little Round Top,".to_string()),
            (2, "the Wheatfield and the Peach Orchard.".to_string()),
            (1, "On the Union right, Ewell's men struck Culp's Hill and East Cemetery Hill.".to_string()),
        ]
    );
    for absent in
        ["Contents", "Routes of the two armies", "A standard history", "not part of the narrative", "A book about"]
    {
        assert!(!d.text.contains(absent), "{absent:?} leaked");
    }
}

// ---------------------------------------------------------------------------------------------
// Broken and edge-case fixtures

#[test]
fn unclosed_tags() {
    let p = read("test_data/html/unclosed.html");
    let d = &p.document;
    assert_eq!(d.title, "Battle of Unclosed Tags");
    assert_eq!(field(d, "conflict"), "Battle of Unclosed Tags");
    assert_eq!(field(d, "partof"), "the War of Markup");
    assert_eq!(field(d, "date"), "4 April 1904");
    assert_eq!(field(d, "place"), "A field near the river");
    assert_eq!(field(d, "combatant2"), "Army of the Closing Tag");
    assert_eq!(field(d, "casualties2"), "80 killed");
    assert_eq!(heading_paths(d), ["Course"]);
    let paras = paragraphs(d);
    assert_eq!(paras[0], "The Battle of Unclosed Tags was fought in a page whose tags were never closed.");
    assert_eq!(paras[1], "The second paragraph has bold text that runs on");
    let Some(Block::List { items: list, .. }) = blocks(d, "Course").get(1) else { panic!("a list") };
    let list = list_items(d, list);
    assert_eq!(list.iter().map(|(depth, _)| *depth).collect::<Vec<_>>(), [1, 1, 2, 1]);
    assert_eq!(list[2].1, "Nested item");
    assert!(!d.text.contains("Nothing here"));
}

#[test]
fn no_infobox() {
    let p = read("test_data/html/no_infobox.html");
    let d = &p.document;
    assert_eq!(d.title, "Raid on Sample Harbour", "from <title>, without the site suffix");
    assert!(d.infobox.is_none());
    assert!(warned(&p, "no infobox"));
    assert_eq!(
        paragraphs(d),
        [
            "The raid on Sample Harbour was a night attack by small boats.",
            "The boats entered the harbour at two in the morning."
        ]
    );
}

#[test]
fn three_sides() {
    let p = read("test_data/html/three_sides.html");
    let d = &p.document;
    assert_eq!(field(d, "conflict"), "Three-way battle of Example Pass", "from the table caption");
    assert_eq!(items(d, "partof"), ["the Example Wars", "and the Pass Dispute"]);
    assert_eq!(field(d, "date"), "9–11 May 1710");
    assert_eq!(field(d, "place"), "Example Pass");
    assert_eq!(field(d, "result"), "Inconclusive");
    assert_eq!(field(d, "status"), "Ended by treaty");
    assert_eq!(field(d, "combatant1"), "Kingdom of Alpha");
    assert_eq!(field(d, "combatant2"), "Duchy of Beta");
    assert_eq!(field(d, "combatant3"), "Gamma Company");
    // "Flag of Alpha" names a flag; a small icon's alt text does too; a wide map does not.
    assert_eq!(flags(d, "combatant1"), [Some("Alpha".to_string())]);
    assert_eq!(flags(d, "combatant2"), [Some("Beta".to_string())]);
    assert_eq!(flags(d, "combatant3"), [None]);
    assert_eq!(d.field("combatant1").expect("combatant1").links[0].target, "Kingdom of Alpha");
    // A KIA icon reads as the killed mark; a second row of cells merges into the same keys.
    assert_eq!(items(d, "commander1"), ["Queen Alpha", "Lord A. †", "Captain of the Guard"]);
    assert_eq!(items(d, "commander2"), ["Duke Beta"]);
    assert_eq!(items(d, "commander3"), ["Captain Gamma", "Sergeant Delta"]);
    assert_eq!(field(d, "strength3"), "700");
    assert_eq!(field(d, "casualties3"), "90");
    assert_eq!(field(d, "casualties4"), "About 60 villagers killed");
    assert_eq!(field(d, "casualties5"), "Livestock losses unknown");
    assert!(warned(&p, "An odd unlabelled row"), "{:?}", p.diagnostics);
    assert_eq!(heading_paths(d), ["Battle", "Battle / A heading two levels down"]);
    assert_eq!(paragraphs(d)[0], "The three-way battle of Example Pass was fought by three neighbours over one road.");
}

#[test]
fn no_content_root_reads_the_body() {
    let p = read("test_data/html/no_content_root.html");
    let d = &p.document;
    assert_eq!(d.title, "Skirmish of Bare Text", "the only h1 is the title");
    assert!(heading_paths(d).is_empty(), "the title h1 is not also a heading");
    let paras = paragraphs(d);
    assert_eq!(
        paras[..3],
        [
            "Bare text straight in the body, with unbroken words and no paragraph tags.",
            "Text in a div",
            "and a nested div."
        ]
    );
    let lead = blocks(d, "");
    assert!(lead.iter().any(|b| matches!(b, Block::Term { span } if d.slice(*span) == "A term")));
    assert!(paras.contains(&"Its description, with a list:"));
    let rows: Vec<Vec<&str>> = lead
        .iter()
        .find_map(|b| match b {
            Block::Table { rows, .. } => Some(rows.iter().map(|r| r.iter().map(|c| d.slice(*c)).collect()).collect()),
            _ => None,
        })
        .expect("the wikitable");
    assert_eq!(rows, [["Side", "Losses"], ["Red", "12"]], "the sort key is hidden");
    for absent in ["layout table", "Site banner", "Site footer"] {
        assert!(!d.text.contains(absent), "{absent:?} leaked");
    }
}

#[test]
fn empty_input_is_an_error() {
    let p = html::read(&common::repo_file("test_data/html/empty.html"), &Hint::default());
    assert_invariants("empty", &p.document);
    assert!(p.error().is_some());
    let p = html::read(" \n\t ", &Hint { title: Some("Hinted".into()), revision: None });
    assert_eq!(p.document.title, "Hinted");
    assert!(p.error().is_some());
}

#[test]
fn garbage_does_not_panic() {
    let text = common::repo_file("test_data/html/garbage.html");
    let p = html::read(&text, &Hint::default());
    assert_invariants("garbage", &p.document);
    assert!(p.error().is_some_and(|e| e.message.contains("binary")), "{:?}", p.diagnostics);
}

#[test]
fn hint_title_when_the_page_has_none() {
    let p = html::read("<p>Only a paragraph.</p>", &Hint { title: Some("From the file name".into()), revision: None });
    assert_ok("hint", &p);
    assert_eq!(p.document.title, "From the file name");
    assert_eq!(paragraphs(&p.document), ["Only a paragraph."]);
}

#[test]
fn plain_text_is_read_with_a_warning() {
    let p = html::read("Just words, no markup.", &Hint::default());
    assert_ok("plain", &p);
    assert!(warned(&p, "no HTML markup"));
    assert_eq!(paragraphs(&p.document), ["Just words, no markup."]);
}

#[test]
fn deep_nesting_does_not_exhaust_the_stack() {
    let n = 5_000;
    let divs = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
    let lists = format!("{}<li>deep item{}", "<ul><li>x".repeat(2_000), "</li></ul>".repeat(2_000));
    let cell = format!(
        "<table class=\"infobox\"><tr><th>Date</th><td>{}1 May{}</td></tr></table>",
        "<span>".repeat(n),
        "</span>".repeat(n)
    );
    for (name, input) in [("divs", divs), ("lists", lists), ("cell", cell)] {
        // A thread with a small stack, like the test harness's, must survive.
        let parsed = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || html::read(&input, &Hint::default()))
            .expect("spawn")
            .join()
            .unwrap_or_else(|_| panic!("{name}: the reader panicked"));
        assert_invariants(name, &parsed.document);
        if name == "cell" {
            assert_eq!(field(&parsed.document, "date"), "1 May");
        } else {
            assert!(warned(&parsed, "nested deeper"), "{name}: {:?}", parsed.diagnostics);
            assert!(parsed.document.text.contains("deep"), "{name}");
        }
    }
}

#[test]
fn odd_fragments_do_not_panic() {
    let inputs = [
        "<",
        "<<<>>>",
        "</table></tr></td>",
        "<table class=\"infobox\"></table>",
        "<table class=\"infobox\"><tr><td colspan=\"2\"><table><tr><td><table><tr><td><table><tr><td><table><tr><td><table><tr><td>deep</td></tr></table></td></tr></table></td></tr></table></td></tr></table></td></tr></table></td></tr></table>",
        "<table class=\"infobox\"><tr><th>Belligerents</th></tr><tr><td></td><td></td></tr><tr><td>only</td></tr></table>",
        "<h2></h2><h2>References</h2><h3>x</h3><p>y</p><h1>z</h1>",
        "<ul><li><ul><li><ul></ul></li></ul></li></ul><ol></ol><dl><dd><dt>",
        "<span class=\"flagicon\"></span><img><img alt=\"\" width=\"x\">",
        "<a href=\"%\">%</a><a href=\"/wiki/%E2%80\">bad escape</a><a href=\"/w/index.php?title\">t</a>",
        "\u{0}\u{1}<p>\u{7}bell</p>\u{FEFF}",
        "<title> - Wikipedia</title><h1 id=\"firstHeading\"></h1>",
        "<script>\"wgRevisionId\":</script><script>\"wgRevisionId\":0</script>",
    ];
    for input in inputs {
        let p = html::read(input, &Hint::default());
        assert_invariants(input, &p.document);
    }
}

#[test]
fn read_text_dispatches_to_the_html_reader() {
    let p = annals_read::read_text(
        &common::repo_file("examples/html/battle_of_gettysburg.html"),
        Format::Html,
        &Hint::default(),
    );
    assert_ok("read_text", &p);
    assert_eq!(field(&p.document, "casualties3"), "1 civilian killed");
}

#[test]
fn page_indicators_are_not_the_content() {
    let with_text =
        "<div class=\"mw-indicators\"><div class=\"mw-parser-output\"><span>Featured star</span></div></div>\
        <div id=\"mw-content-text\"><div class=\"mw-parser-output\"><p>Real text.</p></div></div>";
    let without_text = "<body><div class=\"mw-indicators\"><div class=\"mw-parser-output\">Featured star</div></div>\
        <div class=\"mw-parser-output\"><p>Real text.</p></div></body>";
    for input in [with_text, without_text] {
        let p = html::read(input, &Hint::default());
        assert_ok(input, &p);
        assert_eq!(paragraphs(&p.document), ["Real text."], "{input}");
    }
}

#[test]
fn read_bytes_sniffs_the_samples_as_html() {
    for rel in ["examples/html/battle_of_austerlitz.html", "examples/html/battle_of_gettysburg.html"] {
        let p = annals_read::read_bytes(
            common::repo_file(rel).as_bytes(),
            &Hint::default(),
            &annals_read::ReadOptions::default(),
        );
        assert_ok(rel, &p);
        assert_eq!(p.document.format, Some(Format::Html), "{rel}");
        assert!(p.document.field("combatant2").is_some(), "{rel}");
    }
}

#[test]
fn every_truncation_of_a_sample_keeps_the_invariants() {
    let text = common::repo_file("examples/html/battle_of_austerlitz.html");
    let cuts = (0..text.len()).step_by(157).filter(|&i| text.is_char_boundary(i));
    for cut in cuts {
        let p = html::read(&text[..cut], &Hint::default());
        assert_invariants(&format!("cut at {cut}"), &p.document);
    }
}
