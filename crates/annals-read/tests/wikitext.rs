//! The wikitext reader: rendering rules (data-driven), infobox values, body structure, the real
//! corpus, broken fixtures and adversarial inputs.

mod common;

use annals_model::{Block, Document, Parsed, Severity};
use annals_read::{wikitext, Hint};
use annals_testkit::Rng;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn read(input: &str) -> Parsed {
    wikitext::read(input, &Hint::default())
}

fn read_titled(input: &str, title: &str) -> Parsed {
    wikitext::read(input, &Hint { title: Some(title.into()), revision: None })
}

/// The normalized text of an input without infobox or title: its blocks, one per line.
fn body(input: &str) -> String {
    let parsed = read(input);
    common::assert_invariants(input, &parsed.document);
    let doc = &parsed.document;
    doc.text_blocks().iter().map(|(_, span)| doc.slice(*span)).collect::<Vec<_>>().join("\n")
}

/// Runs every (input, expected body) case and reports all mismatches at once.
fn check_all(cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(input, expected)| {
            let got = body(input);
            (got != *expected).then(|| format!("  {input:?}\n    expected {expected:?}\n    got      {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Infobox items as (depth, text, flag).
type Items = Vec<(u8, String, Option<String>)>;

/// An infobox field's items for a value written in wikitext.
fn items_of(value: &str) -> Items {
    let input = format!("{{{{Infobox military conflict\n| field = {value}\n}}}}\nText.");
    let parsed = read(&input);
    common::assert_invariants(&input, &parsed.document);
    let doc = &parsed.document;
    let field = doc.field("field").unwrap_or_else(|| panic!("no field in {input:?}"));
    field.items.iter().map(|i| (i.depth, doc.slice(i.span).to_string(), i.flag.clone())).collect()
}

fn item(depth: u8, text: &str, flag: Option<&str>) -> (u8, String, Option<String>) {
    (depth, text.to_string(), flag.map(str::to_string))
}

fn plain(texts: &[&str]) -> Items {
    texts.iter().map(|t| item(0, t, None)).collect()
}

#[test]
fn inline_markup() {
    check_all(&[
        ("plain text", "plain text"),
        ("'''bold''' and ''italic'' and '''''both'''''", "bold and italic and both"),
        ("l''''apostrophe''' kept", "l'apostrophe kept"),
        ("a single ' quote", "a single ' quote"),
        ("[[Kos]] island", "Kos island"),
        ("[[Kos (island)|Kos]]", "Kos"),
        ("[[Kos (island)|]]", "Kos"),
        ("[[ship]]s and [[Tank|tank]]s", "ships and tanks"),
        ("[[File:Map.png|thumb|A [[map]] of it]]Text", "Text"),
        ("[[Image:x.jpg]]A", "A"),
        ("[[Category:Battles]]B", "B"),
        ("[[:Category:Battles]]", "Category:Battles"),
        ("[[fr:Bataille de Kos]]C", "C"),
        ("[[#Aftermath|below]]", "below"),
        ("[http://example.org label text]", "label text"),
        ("[http://example.org]", ""),
        ("see http://example.org/x today", "see http://example.org/x today"),
        ("a[1] b", "a[1] b"),
        ("text<ref>note {{cite web|url=x}}</ref> more", "text more"),
        ("text<ref name=\"a\" /> more", "text more"),
        ("text<ref name=a>x</ref><ref name=a/> more", "text more"),
        ("a<!-- hidden -->b", "ab"),
        ("a<small>b</small>c", "abc"),
        ("a<span style=\"color:red\">b</span>", "ab"),
        ("x<sup>2</sup>", "x2"),
        ("a<br>b<br/>c<br />d", "a b c d"),
        ("&nbsp;a&ndash;b&amp;c&#8212;d&#x41;", "a–b&c—dA"),
        ("AT&T and &bogus;", "AT&T and &bogus;"),
        ("<nowiki>[[not a link]]</nowiki>", "[[not a link]]"),
        ("a <b c", "a <b c"),
        ("x < y > z", "x < y > z"),
        ("__NOTOC__Text", "Text"),
        ("snake_case_word", "snake_case_word"),
        ("{{!}}", "|"),
    ]);
}

#[test]
fn templates() {
    check_all(&[
        ("{{nowrap|3 October}}", "3 October"),
        ("{{small|little}} {{big|large}}", "little large"),
        ("{{lang|de|Wehrmacht}}", "Wehrmacht"),
        ("{{lang-el|Μάχη της Κω}}", "Μάχη της Κω"),
        ("{{langx|de|Heer}}", "Heer"),
        ("{{convert|3|km}}", "3 km"),
        ("{{convert|3|km|mi|abbr=on}}", "3 km"),
        ("{{convert|3|to|5|km}}", "3 to 5 km"),
        ("{{convert|3|-|5|km}}", "3–5 km"),
        ("{{cvt|800|yd|m}}", "800 yd"),
        ("{{convert|8|,|14|and|15|km|mi}}", "8, 14 and 15 km"),
        ("{{convert|2|x|3|m}}", "2 × 3 m"),
        ("{{flagicon|Germany}} Berlin", "Berlin"),
        ("{{flag|Soviet Union|1936}}", "Soviet Union"),
        ("{{flag|Nazi Germany|name=Germany}}", "Germany"),
        ("{{flagcountry|Kingdom of Italy}}", "Kingdom of Italy"),
        ("{{flagu|Japan}}", "Japan"),
        ("Smith{{KIA}}", "Smith †"),
        ("Smith{{DOW}}", "Smith †"),
        ("Smith{{POW}}", "Smith (POW)"),
        ("Smith{{Executed}}", "Smith (executed)"),
        ("Smith{{WIA}}", "Smith (WIA)"),
        ("{{Abbr|OKW|Oberkommando der Wehrmacht}}", "OKW"),
        ("at {{Coord|36|N|27|E|display=inline}} here", "at 36; 27 here"),
        ("{{start date|1943|10|3}}", "3 October 1943"),
        ("{{start date|df=yes|1943|7|5}}", "5 July 1943"),
        ("{{end date|1943|7}}", "July 1943"),
        ("{{start and end dates|1944|01|17|1944|05|18|df=y}}", "17 January 1944 – 18 May 1944"),
        ("{{circa}} 1618", "c. 1618"),
        ("{{c.|1618}}", "c. 1618"),
        ("{{HMS|Hood|51}}", "HMS Hood (51)"),
        ("{{ship|HMS|Hood}}", "HMS Hood"),
        ("{{sclass|Flower|corvette}}", "Flower-class corvette"),
        ("{{frac|1|2}}", "1/2"),
        ("{{GRT|5,000}}", "5,000 GRT"),
        ("{{Nihongo|Okinawa|沖縄}}", "Okinawa"),
        ("{{unknown template|short text}}", "short text"),
        ("{{unknown template|{{nowrap|nested}}}}", ""),
        ("{{unknown template|name=value}}", ""),
        ("{{World War II}}", ""),
        ("a{{efn|a note}}b{{sfn|Smith|2001|p=3}}c{{refn|x}}d", "abcd"),
        ("a{{citation needed|date=May 2020}}{{cn}}b", "ab"),
        ("a{{cite book|title=T}}b", "ab"),
        ("{{Main|Battle of X}}{{See also|Y}}{{Further|Z}}", ""),
        ("{{Redirect|A|B}}{{Use dmy dates|date=May 2020}}{{Reflist}}", ""),
        ("{{Campaignbox Dodecanese Campaign}}", ""),
        ("{{Short description|A battle}}", ""),
        ("{{DEFAULTSORT:Kos, Battle of}}", ""),
        ("{{formatnum:1000}}", "1000"),
        ("{{Template:Nowrap|x}}", "x"),
        ("{{nowrap|{{flagicon|UK}} Kenyon{{POW}}}}", "Kenyon (POW)"),
        ("{{{1|default}}}", "default"),
        ("{{{1}}}", ""),
        ("{{ubl|a|b|c}}", "a b c"),
        ("{{quote|Words spoken.}}", "Words spoken."),
        ("{{PAGENAME}}", ""),
    ]);
}

/// Runs every (infobox value, expected items) case and reports all mismatches at once.
fn check_items(cases: Vec<(&str, Items)>) {
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(value, expected)| {
            let got = items_of(value);
            (got != expected).then(|| format!("  {value:?}\n    expected {expected:?}\n    got      {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn date_templates_keep_day_month_and_year() {
    check_all(&[
        ("{{start date|1999|11|30}}", "30 November 1999"),
        ("{{Start date|1999|11|30|df=y}}", "30 November 1999"),
        ("{{start date|1999|11|30|mf=yes}}", "30 November 1999"),
        ("{{start date|1999|11|30|14|05|df=y}}", "30 November 1999"),
        ("{{start date|1999|11|30|14|05|09|+02:00}}", "30 November 1999"),
        ("{{start date|1999|08}}", "August 1999"),
        ("{{start date|1999}}", "1999"),
        ("{{start date|1999|13|30}}", "1999"),
        ("{{end date|2001|February|2}}", "2 February 2001"),
        ("{{end date|2001|feb|2}}", "2 February 2001"),
        ("{{end date|2001|Sept}}", "September 2001"),
        ("{{end date|2001<!-- checked -->|2|2}}", "2 February 2001"),
        ("{{birth date|1890|4|9|df=y}}", "9 April 1890"),
        ("{{birth date and age|1970|1|15}}", "15 January 1970"),
        ("{{death date|1950|12|31}}", "31 December 1950"),
        ("{{death date and age|1950|12|31|1890|4|9|df=yes}}", "31 December 1950"),
        ("{{dda|1950|12|31|1890|4|9}}", "31 December 1950"),
        ("{{start date and age|2010|03|25|df=yes}}", "25 March 2010"),
        ("{{start and end dates|1999|11|30|1999|12|1}}", "30 November 1999 – 1 December 1999"),
        ("{{start and end dates|1999|Nov|30|2000|January|4|df=y}}", "30 November 1999 – 4 January 2000"),
        ("{{dts|1776|7|4}}", "4 July 1776"),
        ("{{dts|1776|July|4}}", "4 July 1776"),
        ("{{dts|4|July|1776}}", "4 July 1776"),
        ("{{dts|1776-07-04}}", "4 July 1776"),
        ("{{dts|July 4, 1776}}", "July 4, 1776"),
        ("{{dts|44|3|15|BC}}", "15 March 44 BC"),
    ]);
}

/// `{{start date|2022|May|6}}` used to show only "2022": a month name was not a month.
#[test]
fn start_date_with_month_name_keeps_day_and_month() {
    assert_eq!(body("{{start date|2022|May|6}}"), "6 May 2022");
    assert_eq!(items_of("{{start date|2022|May|6|df=y}}"), plain(&["6 May 2022"]));
}

/// A range template reads back as a range with the date parser.
#[test]
fn start_and_end_dates_render_a_range() {
    assert_eq!(items_of("{{start and end dates|1943|10|3|1943|10|4}}"), plain(&["3 October 1943 – 4 October 1943"]));
}

#[test]
fn coord_renders_signed_decimal_degrees() {
    let cases: Vec<(&str, Items)> = vec![
        ("{{coord|12.5|-45.25}}", plain(&["12.5; -45.25"])),
        ("{{coord|12.5|S|45.25|W|display=inline}}", plain(&["-12.5; -45.25"])),
        ("{{Coord|12|30|N|45|15|E|type:city_region:XX|display=inline,title}}", plain(&["12.5; 45.25"])),
        ("{{coord|12|30|36|N|45|15|18|E|region:XX_type:event|display=title}}", plain(&["12.51; 45.255"])),
        ("{{coord|12|N|45|E|format=dms|name=A place}}", plain(&["12; 45"])),
        ("{{coord|95|N|45|E}}", vec![]),
        ("{{coord|12|N|45}}", vec![]),
        ("{{coord}}", vec![]),
        ("{{coord missing|Somewhere}}", vec![]),
    ];
    check_items(cases);
    check_all(&[
        ("at {{coord|12.5|45.25}} here", "at 12.5; 45.25 here"),
        ("at {{coord|12.5|45.25|display=inline,title}} here", "at 12.5; 45.25 here"),
        ("at {{coord|12.5|45.25|display=title}} here", "at here"),
        ("{{coord|12.5|45.25|display=title}}\nText.", "Text."),
    ]);
}

/// `{{br separated entries|A|B}}` used to keep only A: it was not a list template.
#[test]
fn br_separated_entries_keep_every_entry() {
    assert_eq!(items_of("{{br separated entries|Alpha|Beta|Gamma}}"), plain(&["Alpha", "Beta", "Gamma"]));
}

#[test]
fn list_templates_give_one_item_per_entry() {
    let cases: Vec<(&str, Items)> = vec![
        (
            "{{br separated entries|[[Alpha]]|{{flagicon|Ruritania}} Beta}}",
            vec![item(0, "Alpha", None), item(0, "Beta", Some("Ruritania"))],
        ),
        ("{{hlist|Alpha|Beta|class=x|item_style=y}}", plain(&["Alpha", "Beta"])),
        ("{{flatlist|\n* Alpha\n* Beta\n}}", vec![item(1, "Alpha", None), item(1, "Beta", None)]),
        ("{{plainlist|class=x|\n* Alpha\n* Beta}}", vec![item(1, "Alpha", None), item(1, "Beta", None)]),
        ("{{ubl|Alpha|Beta|style=x}}", plain(&["Alpha", "Beta"])),
        ("{{unbulleted list|Alpha|Beta}}", plain(&["Alpha", "Beta"])),
        ("{{bulleted list|style=margin-left:-1em|Alpha|Beta}}", plain(&["Alpha", "Beta"])),
        ("{{ordered list|start=3|Alpha|Beta}}", plain(&["Alpha", "Beta"])),
        ("{{enum|Alpha|Beta}}", plain(&["Alpha", "Beta"])),
        ("{{collapsible list|title=Several|expand=true|Alpha|Beta}}", plain(&["Alpha", "Beta"])),
        ("{{collapsible list|Alpha|2=Beta|titlestyle=x}}", plain(&["Alpha", "Beta"])),
        ("Lead:<br>{{ubl|Alpha|{{hlist|Beta|Gamma}}}}", plain(&["Lead:", "Alpha", "Beta", "Gamma"])),
    ];
    check_items(cases);
}

#[test]
fn page_name_is_the_title() {
    let parsed = read_titled("This is {{PAGENAME}}.", "Battle of Kos");
    assert!(parsed.document.text.contains("This is Battle of Kos."));
}

#[test]
fn infobox_items() {
    let cases: Vec<(&str, Items)> = vec![
        ("15 dead, 70 wounded", plain(&["15 dead, 70 wounded"])),
        ("a<br>b<br/>c<br />d", plain(&["a", "b", "c", "d"])),
        ("a\nb", plain(&["a", "b"])),
        ("* a\n** b\n# c", vec![item(1, "a", None), item(2, "b", None), item(1, "c", None)]),
        ("{{plainlist|\n* a\n* b\n}}", vec![item(1, "a", None), item(1, "b", None)]),
        ("{{ubl|a|b}}", plain(&["a", "b"])),
        ("{{unbulleted list|a|b}}", plain(&["a", "b"])),
        ("{{hlist|a|b}}", plain(&["a", "b"])),
        ("{{flatlist|\n* a\n* b}}", vec![item(1, "a", None), item(1, "b", None)]),
        (
            "{{flagicon|Kingdom of Italy}} Felice Leggio{{Executed}}<br>{{nowrap|{{flagicon|United Kingdom}} L.R.F. Kenyon{{POW}}}}",
            vec![
                item(0, "Felice Leggio (executed)", Some("Kingdom of Italy")),
                item(0, "L.R.F. Kenyon (POW)", Some("United Kingdom")),
            ],
        ),
        ("{{flag|Nazi Germany|name=Germany}}", vec![item(0, "Germany", Some("Nazi Germany"))]),
        ("{{flagdeco|Japan}} Tokyo", vec![item(0, "Tokyo", Some("Japan"))]),
        ("{{flagicon image|Flag.svg}} Unit", plain(&["Unit"])),
        ("'''Axis:'''<br>{{flag|Italy}}", vec![item(0, "Axis:", None), item(0, "Italy", Some("Italy"))]),
        ("3,500<ref>Smith, p. 4</ref>", plain(&["3,500"])),
        ("100{{efn|Estimated.}}", plain(&["100"])),
        ("", vec![]),
        ("<!-- nothing -->", vec![]),
    ];
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(value, expected)| {
            let got = items_of(value);
            (got != expected).then(|| format!("  {value:?}\n    expected {expected:?}\n    got      {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn infobox_fields_raw_links_and_order() {
    let input = "{{Infobox military conflict\n| conflict = Battle of Kos\n| place = [[Kos]] Island, [[Aegean Sea|the Aegean]]\n\
                 | result = [[Nazi Germany#Army|German]] victory<ref>Note.</ref>\n| positional\n| Combatant 1 = A\n}}\nBody.";
    let parsed = read(input);
    common::assert_ok("infobox", &parsed);
    let doc = &parsed.document;
    let ib = doc.infobox.as_ref().expect("an infobox");
    assert_eq!(ib.name, "Infobox military conflict");
    let keys: Vec<&str> = ib.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["conflict", "place", "result", "1", "combatant1"]);
    let place = doc.field("place").expect("place");
    assert_eq!(place.value(doc), "Kos Island, the Aegean");
    let links: Vec<(&str, &str)> = place.links.iter().map(|l| (l.text.as_str(), l.target.as_str())).collect();
    assert_eq!(links, [("Kos", "Kos"), ("the Aegean", "Aegean Sea")]);
    let result = doc.field("result").expect("result");
    assert_eq!(result.raw, "[[Nazi Germany#Army|German]] victory<ref>Note.</ref>");
    assert_eq!(result.value(doc), "German victory");
    assert_eq!(result.links[0].target, "Nazi Germany", "the section is cut from the target");
    assert_eq!(doc.field("1").expect("positional").value(doc), "positional");
    assert!(!doc.text.contains("Note."), "notes are set aside");
}

#[test]
fn infobox_comes_before_the_body_and_does_not_leak() {
    let input = "{{Use dmy dates|date=May 2020}}\n{{Infobox military conflict\n| conflict = X\n}}\nLead text.";
    let parsed = read_titled(input, "X");
    common::assert_ok("x", &parsed);
    assert_eq!(parsed.document.text, "X\n\nconflict: X\n\nLead text.\n\n");
}

#[test]
fn the_first_infobox_is_the_one() {
    let input = "{{infobox military conflict|conflict=A}}\n{{Infobox military conflict|conflict=B}}\nText.";
    let parsed = read(input);
    let doc = &parsed.document;
    assert_eq!(doc.field("conflict").expect("conflict").value(doc), "A");
    assert!(!doc.text.contains('B'));
}

#[test]
fn no_infobox_is_no_warning() {
    let parsed = read("Just a paragraph.");
    assert!(parsed.document.infobox.is_none());
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn body_structure() {
    let input = "Lead one\nlead two.\n\nSecond paragraph.\n\n== Background ==\nText.\n=== Detail ===\n* one\n** one.a\n# two\n; Term\n: indented\n\n== Battle ==<!-- c -->\n{| class=\"wikitable\"\n|+ Caption\n! Unit !! Men\n|-\n| style=\"x\" | 1st Division || 10,000\n|-\n| [[2nd Division|2nd]]\n| 8,000\n|}\nAfter.\n";
    let parsed = read_titled(input, "T");
    common::assert_ok("body", &parsed);
    let doc = &parsed.document;
    assert_eq!(common::heading_paths(doc), ["Background", "Background / Detail", "Battle"]);
    let lead = &doc.sections[0];
    assert_eq!(lead.blocks.len(), 2);
    assert_eq!(doc.slice(lead.blocks[0].span()), "Lead one lead two.");
    let detail = &doc.sections[1].children[0];
    let Block::List { items, .. } = &detail.blocks[0] else { panic!("expected a list: {:?}", detail.blocks) };
    assert_eq!(doc.slice(items[0].text), "one");
    assert_eq!(doc.slice(items[0].children[0].text), "one.a");
    assert_eq!(doc.slice(items[1].text), "two");
    assert!(matches!(detail.blocks[1], Block::Term { .. }));
    assert_eq!(doc.slice(detail.blocks[2].span()), "indented");
    let battle = &doc.sections[2];
    let Block::Table { rows, .. } = &battle.blocks[0] else { panic!("expected a table: {:?}", battle.blocks) };
    let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(|c| doc.slice(*c)).collect()).collect();
    assert_eq!(cells, [vec!["Unit", "Men"], vec!["1st Division", "10,000"], vec!["2nd", "8,000"]]);
    assert_eq!(doc.slice(battle.blocks[1].span()), "After.");
}

#[test]
fn reference_sections_are_skipped_with_their_subsections() {
    let input = "Lead.\n== Aftermath ==\nA.\n== Notes ==\n{{notelist}}\n=== Citations ===\n{{reflist}}\n\
                 == References ==\n* Smith, ''Book''.\n== External links ==\n* [http://x site]\n\
                 == Further reading ==\n* Jones.\n== Legacy ==\nL.\n";
    let parsed = read(input);
    common::assert_ok("refs", &parsed);
    assert_eq!(common::heading_paths(&parsed.document), ["Aftermath", "Legacy"]);
    assert!(!parsed.document.text.contains("Smith"));
    assert!(!parsed.document.text.contains("Jones"));
}

#[test]
fn top_level_templates_that_render_nothing_do_not_split_or_leak() {
    let input = "{{Short description|Battle}}\n{{Redirect|Kos|the island|Kos (island)}}\n{{Infobox military conflict\n|conflict=K\n}}\n\
                 [[File:Kos.png|thumb|Kos on a\nmap]]\nThe '''battle''' was short.\n{{Main|Dodecanese}}\n\n== Battle ==\n{{Further|Leros}}\nFighting.\n\n\
                 {{Campaignbox Dodecanese Campaign}}\n{{World War II}}\n[[Category:1943]]";
    let parsed = read(input);
    common::assert_ok("hatnotes", &parsed);
    let doc = &parsed.document;
    let blocks: Vec<&str> = doc.text_blocks().iter().map(|(_, s)| doc.slice(*s)).collect();
    assert_eq!(blocks, ["The battle was short.", "Fighting."]);
}

#[test]
fn headings_need_matching_equals_and_text() {
    check_all(&[("== A ==\nx", "x"), ("==\nx", "== x"), ("=== Only open\nx", "=== Only open x"), ("== ==\nx", "x")]);
    let doc = read("==== Deep ====\nx").document;
    assert_eq!(doc.sections[0].level, 4);
    let doc = read("== Unbalanced ===\nx").document;
    assert_eq!(doc.sections[0].heading.as_deref(), Some("Unbalanced ="));
}

#[test]
fn paragraphs_are_separated_by_blank_lines_only() {
    check_all(&[
        ("a\nb\n\nc", "a b\nc"),
        ("a\n<!-- comment line -->\nb", "a b"),
        ("a\n----\nb", "a\nb"),
        ("a\n   \nb", "a\nb"),
    ]);
}

#[test]
fn lists_end_paragraphs_and_blank_lines_end_lists() {
    let doc = read("p\n* a\n* b\n\n* c\nq").document;
    let kinds: Vec<&str> = doc.sections[0]
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::List { .. } => "list",
            Block::Term { .. } => "term",
            Block::Table { .. } => "table",
        })
        .collect();
    assert_eq!(kinds, ["p", "list", "list", "p"]);
}

// Regression tests, named after the bug they caught.

#[test]
fn empty_parentheses_left_by_age_template_are_dropped() {
    check_all(&[
        ("5 July ({{Age in years, months, weeks and days|month1=07}}) then", "5 July then"),
        ("X ({{efn|n}}).", "X."),
        ("kept (literal) and () too", "kept (literal) and () too"),
    ]);
}

#[test]
fn template_namespace_prefix_is_not_a_parser_function() {
    check_all(&[("{{Template:Small|x}}", "x"), ("{{#if:a|b|c}}", "")]);
}

#[test]
fn closing_references_tag_does_not_close_a_ref() {
    check_all(&[("a<ref>x</references>y</ref>b", "ab")]);
}

#[test]
fn pipe_inside_link_does_not_split_template_arguments() {
    let items = items_of("{{ubl|[[A|a]]|b}}");
    assert_eq!(items, plain(&["a", "b"]));
}

#[test]
fn table_cell_pipes_inside_links_are_not_attribute_separators() {
    let doc = read("{|\n| [[Page|Shown]] || x\n|}").document;
    let Block::Table { rows, .. } = &doc.sections[0].blocks[0] else { panic!("no table") };
    assert_eq!(doc.slice(rows[0][0]), "Shown");
}

// Broken input: unclosed constructs are warnings, text stays readable.

fn warnings(parsed: &Parsed) -> Vec<String> {
    parsed.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.message.clone()).collect()
}

#[test]
fn unclosed_constructs_warn_with_a_location() {
    for (input, needle) in [
        ("a\n{{nowrap|b", "unclosed \"{{\""),
        ("a\n[[Link", "unclosed \"[[\""),
        ("a\n<ref>never closed", "unclosed <ref>"),
        ("a\n<!-- never closed", "unclosed comment"),
        ("a\n{|\n| cell", "unclosed table"),
    ] {
        let parsed = read(input);
        common::assert_ok(input, &parsed);
        let d = parsed.diagnostics.iter().find(|d| d.message.contains(needle));
        let d = d.unwrap_or_else(|| panic!("{input:?}: no {needle:?} in {:?}", parsed.diagnostics));
        assert_eq!(d.line, Some(2), "{input:?}");
        assert!(d.offset.is_some());
    }
}

#[test]
fn unclosed_ref_keeps_the_following_text() {
    assert_eq!(body("a<ref name=x>b c"), "ab c");
}

#[test]
fn unclosed_template_is_literal_text() {
    assert_eq!(body("a {{b c"), "a {{b c");
}

#[test]
fn warnings_are_capped() {
    let parsed = read(&"{{".repeat(1000));
    assert!(parsed.diagnostics.len() <= 20, "{}", parsed.diagnostics.len());
}

// The real corpus.

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::corpus("wikitext"))
        .expect("corpus wikitext folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wikitext"))
        .collect();
    files.sort();
    files
}

fn read_article(stem: &str) -> Parsed {
    let bytes = common::read_corpus(&format!("wikitext/{stem}.wikitext"));
    let text = String::from_utf8(bytes).expect("corpus files are UTF-8");
    read_titled(&text, &stem.replace('_', " "))
}

#[test]
fn every_corpus_article_reads_cleanly() {
    let files = corpus_files();
    assert_eq!(files.len(), 24);
    for path in files {
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("file name").to_string();
        let parsed = read_article(&stem);
        common::assert_ok(&stem, &parsed);
        let doc = &parsed.document;
        let ib = doc.infobox.as_ref().unwrap_or_else(|| panic!("{stem}: no infobox"));
        assert!(ib.name.to_lowercase().starts_with("infobox military conflict"), "{stem}: {}", ib.name);
        assert!(doc.field("conflict").is_some() || doc.field("result").is_some(), "{stem}");
        assert!(doc.sections.len() >= 2, "{stem}: {} sections", doc.sections.len());
        for leak in ["[[", "<ref", "]]", "<!--", "&nbsp;", "'''"] {
            assert!(!doc.text.contains(leak), "{stem}: {leak:?} in the text");
        }
        // Operation Crusader has a genuinely unclosed {{efn| in its source, which stays literal.
        if stem != "Operation_Crusader" {
            assert!(!doc.text.contains("{{"), "{stem}: \"{{{{\" in the text");
            assert!(parsed.diagnostics.is_empty(), "{stem}: {:?}", parsed.diagnostics);
        }
    }
}

#[test]
fn battle_of_kos() {
    let parsed = read_article("Battle_of_Kos");
    let doc = &parsed.document;
    assert_eq!(doc.title, "Battle of Kos");
    assert_eq!(
        common::items(doc, "combatant1"),
        ["Kingdom of Italy", "United Kingdom", "Naval Support:", "Union of South Africa"]
    );
    let flags: Vec<Option<&str>> =
        doc.field("combatant1").expect("combatant1").items.iter().map(|i| i.flag.as_deref()).collect();
    assert_eq!(flags, [Some("Kingdom of Italy"), Some("United Kingdom"), None, Some("Union of South Africa")]);
    let commanders = &doc.field("commander1").expect("commander1").items;
    assert_eq!(common::items(doc, "commander1"), ["Felice Leggio (executed)", "L.R.F. Kenyon (POW)"]);
    assert_eq!(commanders[0].flag.as_deref(), Some("Kingdom of Italy"));
    assert_eq!(commanders[1].flag.as_deref(), Some("United Kingdom"));
    assert_eq!(common::field(doc, "casualties2"), "15 dead, 70 wounded");
    assert_eq!(common::field(doc, "date"), "3–4 October 1943");
    assert_eq!(common::field(doc, "coordinates"), "36.7909; 27.0712");
    let result = doc.field("result").expect("result");
    assert_eq!(result.links[0].target, "Nazi Germany");
    assert_eq!(result.links[0].text, "German");
    let headings = common::heading_paths(doc);
    for h in ["Background", "Background / British landings", "Battle", "Aftermath"] {
        assert!(headings.iter().any(|x| x == h), "{h} missing from {headings:?}");
    }
    assert!(!headings.iter().any(|h| h.contains("References") || h.contains("External")));
    assert!(doc.text.contains("The Battle of Kos (Μάχη της Κω) was a brief battle in World War II"));
}

#[test]
fn battle_of_kursk() {
    let parsed = read_article("Battle_of_Kursk");
    let doc = &parsed.document;
    let commanders = common::items(doc, "commander1");
    assert_eq!(commanders.len(), 7);
    assert_eq!(commanders[0], "Erich von Manstein");
    assert!(doc.field("commander1").expect("commander1").items.iter().all(|i| i.depth == 1));
    assert_eq!(common::field(doc, "combatant2"), "Soviet Union");
    let strength = common::items(doc, "strength1");
    assert_eq!(&strength[..2], ["Operation Citadel:", "780,900 men"]);
    let depths: Vec<u8> = doc.field("strength1").expect("strength1").items.iter().map(|i| i.depth).collect();
    assert_eq!(&depths[..2], [0, 2]);
    assert!(common::items(doc, "date")[0].starts_with("5 July 1943 – 23 August 1943"));
    let tables =
        doc.walk_sections().iter().flat_map(|(_, s)| &s.blocks).filter(|b| matches!(b, Block::Table { .. })).count();
    assert!(tables >= 3, "{tables} tables");
}

#[test]
fn thirty_years_war() {
    let parsed = read_article("Thirty_Years_War");
    let doc = &parsed.document;
    let result = common::items(doc, "result");
    assert_eq!(result[0], "Peace of Westphalia");
    assert_eq!(result[1], "Protestant princes allowed to continue religious practices");
    assert_eq!(doc.field("result").expect("result").items[1].depth, 1);
    let commanders = common::items(doc, "commander2");
    assert!(commanders.contains(&"Albrecht von Wallenstein (executed)".to_string()), "{commanders:?}");
    assert!(commanders.contains(&"Count of Tilly †".to_string()), "{commanders:?}");
    let combatants = common::items(doc, "combatant2");
    assert!(!combatants.iter().any(|c| c.starts_with("--")), "horizontal rules are not items: {combatants:?}");
    assert_eq!(common::items(doc, "date"), ["23 May 1618 – 15 May 1648", "(29 years, 11 months, 3 weeks, and 1 day)"]);
    assert_eq!(common::heading_paths(doc), ["Origins of the war"]);
}

#[test]
fn operation_crusader_unclosed_efn_is_reported() {
    let parsed = read_article("Operation_Crusader");
    assert_eq!(warnings(&parsed).len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(parsed.diagnostics[0].line, Some(145));
}

// Fixtures: small broken articles written for these tests.

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../test_data/wikitext").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read_fixture(name: &str) -> Parsed {
    let parsed = read_titled(&fixture(name), name);
    common::assert_ok(name, &parsed);
    parsed
}

fn heading_list(doc: &Document) -> Vec<String> {
    common::heading_paths(doc)
}

#[test]
fn fixture_unclosed_infobox() {
    let parsed = read_fixture("unclosed_infobox.wikitext");
    let doc = &parsed.document;
    assert!(doc.infobox.is_none(), "an infobox that never closes is not an infobox");
    assert!(parsed.diagnostics.iter().any(|d| d.message.contains("unclosed \"{{\"") && d.line == Some(1)));
    assert_eq!(heading_list(doc), ["Background", "Battle"]);
    assert!(doc.text.contains("The siege lasted a week."));
}

#[test]
fn fixture_unclosed_inner_template_in_infobox() {
    let parsed = read_fixture("unclosed_date_template.wikitext");
    let doc = &parsed.document;
    // The inner template takes the infobox's closing braces, so the infobox is not closed.
    assert!(!parsed.diagnostics.is_empty());
    assert!(doc.text.contains("The crossing failed."));
}

#[test]
fn fixture_unclosed_ref_and_comment() {
    let parsed = read_fixture("unclosed_ref_and_comment.wikitext");
    let doc = &parsed.document;
    let messages = warnings(&parsed);
    assert!(messages.iter().any(|m| m.contains("<ref>")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("comment")), "{messages:?}");
    assert!(doc.text.contains("The river was high that spring."));
    assert!(!doc.text.contains("Everything after this"), "an unclosed comment runs to the end");
    assert_eq!(common::field(doc, "result"), "Stalemate");
}

#[test]
fn fixture_unclosed_table() {
    let parsed = read_fixture("unclosed_table.wikitext");
    let doc = &parsed.document;
    assert!(warnings(&parsed).iter().any(|m| m.contains("table")));
    assert_eq!(heading_list(doc), ["Order of battle", "Aftermath"]);
    assert!(doc.text.contains("The armies withdrew."));
    assert!(doc.text.contains("1st Brigade | 2,000"));
}

#[test]
fn fixture_stray_closers_and_mismatched_brackets() {
    let parsed = read_fixture("stray_closers.wikitext");
    let doc = &parsed.document;
    assert_eq!(common::items(doc, "combatant1"), ["Northern League", "Free Cities"]);
    assert!(doc.text.contains("Peace returned }} briefly ]] to the valley."));
    assert!(doc.text.contains("A link to the river"));
}

#[test]
fn fixture_nested_lists_in_infobox() {
    let parsed = read_fixture("nested_infobox_lists.wikitext");
    let doc = &parsed.document;
    let field = doc.field("strength1").expect("strength1");
    let got: Vec<(u8, &str)> = field.items.iter().map(|i| (i.depth, doc.slice(i.span))).collect();
    assert_eq!(got, [(0, "First phase:"), (2, "12,000 men"), (2, "40 guns"), (0, "Second phase:"), (2, "9,000 men")]);
    let commanders = &doc.field("commander1").expect("commander1").items;
    assert_eq!(commanders.len(), 2);
    assert_eq!(commanders[0].flag.as_deref(), Some("Sweden"));
    assert_eq!(doc.slice(commanders[1].span), "Erik Lind †");
}

// Adversarial inputs: each must finish quickly, without panicking, with a valid document.

const MB: usize = 1 << 20;

/// Reads `input` and checks that it took less than `limit` (generous: the tests run unoptimized
/// and the machine may be busy; quadratic behaviour on a megabyte takes minutes, not seconds).
fn survives(name: &str, input: &str) -> Parsed {
    let limit = Duration::from_secs(20);
    let start = Instant::now();
    let parsed = read(input);
    let took = start.elapsed();
    assert!(took < limit, "{name}: took {took:?}");
    common::assert_invariants(name, &parsed.document);
    parsed
}

#[test]
fn adversarial_open_braces() {
    survives("{{ x 1MB", &"{{".repeat(MB / 2));
}

#[test]
fn adversarial_open_brackets() {
    survives("[[ x 1MB", &"[[".repeat(MB / 2));
    survives("[[a x 1MB", &"[[a ".repeat(MB / 4));
    survives("[http:// x 1MB", &"[http://".repeat(MB / 8));
}

#[test]
fn adversarial_tables() {
    survives("{| x 1MB", &"{|".repeat(MB / 2));
    survives("{|\\n x 1MB", &"{|\n".repeat(MB / 3));
    survives("{|\\n==a==\\n", &"{|\n==a==\n".repeat(MB / 10));
}

#[test]
fn adversarial_deep_nesting() {
    let n = 100_000;
    survives("{{a| x 100000", &"{{a|".repeat(n));
    let closed = format!("{}x{}", "{{nowrap|".repeat(n), "}}".repeat(n));
    let parsed = survives("closed nowrap nesting", &closed);
    assert!(parsed.document.text.len() > n, "deep nesting is kept as literal text");
    let links = format!("{}x{}", "[[a|".repeat(n), "]]".repeat(n));
    survives("closed link nesting", &links);
    let infobox = format!("{{{{Infobox x|a={}x{}}}}}", "{{ubl|".repeat(n), "}}".repeat(n));
    survives("nesting in an infobox value", &infobox);
}

#[test]
fn adversarial_unclosed_tags_and_comments() {
    survives("<ref> x", &"<ref>".repeat(MB / 5));
    survives("<ref name=x x", &"<ref name=x".repeat(MB / 11));
    survives("<!-- no end", &format!("a<!--{}", "b".repeat(MB)));
    survives("<!-- x", &"<!--".repeat(MB / 4));
    survives("<nowiki> x", &"<nowiki>".repeat(MB / 8));
    survives("</ref> x", &"</ref>".repeat(MB / 6));
}

#[test]
fn adversarial_long_lines_and_pipes() {
    survives("| x 1MB", &"|".repeat(MB));
    survives("{{a| pipes", &format!("{{{{a{}}}}}", "|".repeat(MB)));
    survives("= x 1MB", &"=".repeat(MB));
    survives("' x 1MB", &"'".repeat(MB));
    survives("& x 1MB", &"&".repeat(MB));
    survives("* x 1MB", &"*".repeat(MB));
    survives("< x 1MB", &"<".repeat(MB));
}

#[test]
fn adversarial_random_bytes() {
    let mut rng = Rng(7);
    let bytes: Vec<u8> = (0..MB).map(|_| rng.next_u64() as u8).collect();
    survives("random bytes", &String::from_utf8_lossy(&bytes));
    let ascii: Vec<u8> = (0..MB).map(|_| b"{}[]|<>=!*#:;'&\n -"[rng.below(18)]).collect();
    survives("random markup bytes", &String::from_utf8_lossy(&ascii));
}

#[test]
fn adversarial_random_markup_tokens() {
    const TOKENS: &[&str] = &[
        "{{",
        "}}",
        "{{{",
        "}}}",
        "[[",
        "]]",
        "[",
        "]",
        "|",
        "||",
        "!!",
        "=",
        "==",
        "\n",
        "\n\n",
        "\n*",
        "\n#",
        "\n;",
        "\n:",
        "\n{|",
        "\n|}",
        "\n|-",
        "\n|",
        "\n!",
        "<ref>",
        "</ref>",
        "<ref name=a/>",
        "<!--",
        "-->",
        "'''",
        "''",
        "&nbsp;",
        "&#x41;",
        "é",
        "Ω",
        "[http://x.org ",
        "<br>",
        "<small>",
        "</small>",
        "{{Infobox x",
        "{{flagicon|A}}",
        "{{KIA}}",
        "{{ubl|",
        "{{plainlist|",
        "{{lang|de|",
        "{{convert|1|km",
        "word",
        " ",
        "<nowiki>",
        "</nowiki>",
        "== H ==",
        "[[File:",
        "__NOTOC__",
        "{{#if:",
        "{{Template:",
    ];
    let mut rng = Rng(42);
    for round in 0..400 {
        let len = 1 + rng.below(300);
        let input: String = (0..len).map(|_| *rng.pick(TOKENS)).collect();
        let parsed = read(&input);
        if let Err(errors) = annals_model::check(&parsed.document) {
            panic!("round {round}: {input:?}\n{}", errors.join("\n"));
        }
    }
}

#[test]
fn empty_and_whitespace_inputs() {
    for input in ["", " ", "\n\n\n", "<!-- -->", "{{}}", "[[]]", "{{|}}", "[[|]]", "{|\n|}"] {
        let parsed = read(input);
        common::assert_invariants(input, &parsed.document);
    }
}
