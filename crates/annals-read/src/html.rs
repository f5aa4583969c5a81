//! Wikipedia HTML pages.
//!
//! The page is parsed with `scraper` (html5ever underneath), which repairs broken markup the way a
//! browser does, so unclosed tags and stray fragments still give a tree. Nothing here can fail:
//! whatever the tree holds is read, and what could not be read becomes a diagnostic.
//!
//! **Title.** The text of `<h1 id="firstHeading">`, else `<title>` without its ` - Wikipedia`
//! suffix, else the page's first `h1`, else the caller's hint. The revision id comes from
//! MediaWiki's page configuration script (`"wgRevisionId":123`) when the page has it.
//!
//! **Infobox.** The first `table.infobox` of the page. Its rows (including the rows of the
//! single-cell sub-tables the template nests its date/location block and sides in) are read in
//! order, with the keys of Wikipedia's `Template:Infobox military conflict`:
//!
//! - the first header row (or the table caption) is `conflict`;
//! - a full-width row starting "Part of" is `partof`, without that prefix;
//! - a full-width row holding an image is `image` (the file name) and `caption` (its text);
//! - a row of a `th` label and a `td` value is a labelled field: Date → `date`, Location →
//!   `place`, Result → `result`, Territorial changes → `territory`, Status → `status`, any other
//!   label its own normalized key;
//! - a header row "Belligerents", "Commanders and leaders", "Units involved", "Strength" or
//!   "Casualties and losses" starts a side group; the `td` cells of the rows after it are the sides
//!   1..n, left to right (`combatant1`, `combatant2`, ...). A row with one cell after a row with N
//!   cells (civilian losses under two casualty columns) is side N+1. Rows that land on the same key
//!   (the template's `combatant1a` rows) are merged into one field. Any other header ends the group.
//!
//! A field's items are its cell's lines: `<br>`, block elements and list items end a line, and a
//! list item's depth is the number of lists around it (source newlines are only whitespace in HTML
//! and never split). A flag icon (`span.flagicon`, or a small image named after a flag) at the
//! start of a line gives that item's flag hint and no text. Footnote markers (`sup.reference`,
//! leftover `[1]`) are dropped; "†" killed marks stay.
//!
//! **Body.** The content root is the `.mw-parser-output` inside `#mw-content-text`, else
//! `#mw-content-text`, else the first `.mw-parser-output` outside the page indicators, else `<body>`.
//! `h2`–`h6` (also inside `div.mw-heading`) are headings, `p` paragraphs, `ul`/`ol` list items
//! with their nesting depth, `dt` terms, `dd` paragraphs, `table.wikitable` table rows; bare text
//! between blocks becomes a paragraph. Other tables, the infobox, navigation boxes, hatnotes,
//! edit links, reference lists, figures and hidden elements are skipped, and so is the content of
//! apparatus sections (References, Notes, External links, ...), which are left out with their
//! headings, as in the other readers. An inline element that the parser wrapped around blocks (a `<b>` left open) is
//! read as a container, as a browser shows it.
//!
//! **Limits.** Tree walks that collect text are iterative; the block walker recurses, but only
//! `MAX_DEPTH` levels deep, below which markup is read as flat text (with a warning), so no
//! nesting can exhaust the stack. Empty input, and input that is mostly control characters or
//! U+FFFD, is an error; a page without an infobox is a warning.

use crate::text::{is_apparatus, strip_citations};
use crate::Hint;
use annals_model::{normalize_key, Diagnostic, DocBuilder, FieldValue, Format, Link, Parsed, Revision};
use scraper::{ElementRef, Html};

/// How deep the body walker recurses before it reads what is below as flat text. Real pages nest a
/// few dozen levels; a hostile or broken page can nest thousands, which would exhaust the stack.
const MAX_DEPTH: usize = 128;

/// How many infobox sub-tables inside each other are followed. The template nests one level.
const MAX_TABLE_NESTING: usize = 4;

pub fn read(input: &str, hint: &Hint) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut b = DocBuilder::new(Format::Html);
    if input.trim().is_empty() {
        b.title(hint.title.as_deref().unwrap_or(""));
        diagnostics.push(Diagnostic::error("empty input: no HTML to read").at(input, 0));
        return Parsed { document: b.finish(), diagnostics };
    }
    diagnostics.extend(binary_input(input));
    if !input.contains('<') {
        diagnostics.push(Diagnostic::warning("no HTML markup found; the input is read as plain text").at(input, 0));
    }
    let html = Html::parse_document(input);
    let root = html.root_element();

    let title = page_title(root).or_else(|| hint.title.clone()).unwrap_or_default();
    b.title(&title);
    if let Some(id) = revision_id(input) {
        b.revision(Revision { id: Some(id), timestamp: None });
    }

    let content = content_root(root);
    let is_infobox = |e: ElementRef| tag(e) == "table" && has_class(e, "infobox");
    match first_element(content, is_infobox).or_else(|| first_element(root, is_infobox)) {
        Some(table) => {
            let mut ib = InfoboxReader::default();
            ib.table(table, 0);
            if ib.fields.is_empty() {
                diagnostics.push(Diagnostic::warning("the infobox table has no readable fields"));
            }
            diagnostics.append(&mut ib.diagnostics);
            b.infobox("Infobox", ib.fields);
        }
        None => diagnostics.push(Diagnostic::warning("no infobox (table.infobox) found")),
    }

    let mut body = Body { b: &mut b, title: &title, skip_level: None, para: String::new(), too_deep: false };
    body.container(content, 0);
    if body.too_deep {
        diagnostics.push(Diagnostic::warning(format!(
            "markup nested deeper than {MAX_DEPTH} levels; what lies deeper was read as flat text"
        )));
    }

    let document = b.finish();
    if document.title.is_empty() && document.infobox.is_none() && document.sections.is_empty() {
        diagnostics.push(Diagnostic::error("no title, infobox or article text found in the HTML"));
    }
    Parsed { document, diagnostics }
}

// ---------------------------------------------------------------------------------------------
// Element helpers

fn tag<'a>(e: ElementRef<'a>) -> &'a str {
    e.value().name()
}

fn has_class(e: ElementRef, class: &str) -> bool {
    e.value().classes().any(|c| c == class)
}

/// Elements hidden by an inline style (`display:none`) are not part of the rendered page.
fn hidden(e: ElementRef) -> bool {
    e.value().attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none")
    })
}

/// Tags whose content is never text of the article.
const SKIP_TAGS: &[&str] = &["style", "script", "noscript", "template", "link", "meta", "head"];

/// Classes of page furniture, footnote markers and hidden duplicates of text shown elsewhere.
const SKIP_CLASSES: &[&str] = &[
    "reference",
    "mw-editsection",
    "mw-cite-backlink",
    "navbox",
    "navbox-styles",
    "sidebar",
    "metadata",
    "hatnote",
    "reflist",
    "references",
    "mw-references-wrap",
    "shortdescription",
    "mw-empty-elt",
    "noprint",
    "toc",
    "catlinks",
    "printfooter",
    "mw-jump-link",
    "geo-nondefault",
    "geo-multi-punct",
    "sortkey",
];

/// True for elements whose whole subtree is skipped wherever they occur.
fn skipped(e: ElementRef) -> bool {
    SKIP_TAGS.contains(&tag(e))
        || e.value().classes().any(|c| SKIP_CLASSES.contains(&c))
        || matches!(e.value().id(), Some("toc" | "siteSub" | "contentSub" | "catlinks"))
        || hidden(e)
}

/// Elements that end a line of text (and, in the body, a paragraph).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The first element below `root` (in document order) that satisfies `pred`.
fn first_element<'a>(root: ElementRef<'a>, pred: impl Fn(ElementRef<'a>) -> bool) -> Option<ElementRef<'a>> {
    root.descendent_elements().find(|e| pred(*e))
}

/// One step of a depth-first walk: entering an element, leaving it, or a text node.
enum Step<'a> {
    Open(ElementRef<'a>),
    Close(ElementRef<'a>),
    Text(&'a str),
}

/// Walks the subtree below `root` without recursion, so that no nesting depth can exhaust the
/// stack. `visit` is called with every step; returning `false` from an `Open` skips that element's
/// subtree (and its `Close`).
fn walk<'a>(root: ElementRef<'a>, mut visit: impl FnMut(Step<'a>) -> bool) {
    let Some(mut node) = root.first_child() else { return };
    loop {
        let opened = match ElementRef::wrap(node) {
            Some(e) => visit(Step::Open(e)),
            None => {
                if let Some(t) = node.value().as_text() {
                    visit(Step::Text(t));
                }
                false
            }
        };
        if opened {
            match node.first_child() {
                Some(child) => {
                    node = child;
                    continue;
                }
                None => {
                    if let Some(e) = ElementRef::wrap(node) {
                        visit(Step::Close(e));
                    }
                }
            }
        }
        // Climb until a next sibling turns up, closing every element left on the way.
        loop {
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) if parent != *root => {
                    node = parent;
                    if let Some(e) = ElementRef::wrap(parent) {
                        visit(Step::Close(e));
                    }
                }
                _ => return,
            }
        }
    }
}

/// Replaces control characters (which binary garbage can smuggle into text nodes) with spaces.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Folds whitespace and removes citation markers.
fn tidy(s: &str) -> String {
    strip_citations(&clean(s)).split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Lines of text inside one element

#[derive(Default)]
struct Line {
    depth: u8,
    text: String,
    flag: Option<String>,
}

/// Collects an element's text as lines: block elements, `<br>` and list items end a line, lists
/// deepen it, and flag icons at a line's start become the line's flag.
#[derive(Default)]
struct Lines {
    lines: Vec<Line>,
    cur: Line,
    list_depth: u8,
}

impl Lines {
    fn text(&mut self, s: &str) {
        self.cur.text.push_str(s);
    }

    fn end_line(&mut self) {
        let depth = self.list_depth;
        if self.cur.text.trim().is_empty() {
            // An empty line keeps a pending flag for the text that follows it.
            self.cur.text.clear();
            self.cur.depth = depth;
        } else {
            let line = std::mem::take(&mut self.cur);
            self.lines.push(line);
            self.cur.depth = depth;
        }
    }

    fn flag(&mut self, name: String) {
        if self.cur.text.trim().is_empty() && self.cur.flag.is_none() {
            self.cur.flag = Some(name);
        }
    }

    /// The lines of `el`. With `stop_at_lists`, nested lists are left out (a list item's own text).
    fn of(el: ElementRef, stop_at_lists: bool) -> Vec<Line> {
        let mut l = Lines::default();
        walk(el, |step| match step {
            Step::Text(t) => {
                l.text(t);
                true
            }
            Step::Open(e) => {
                let name = tag(e);
                if skipped(e) || (stop_at_lists && matches!(name, "ul" | "ol")) {
                    return false;
                }
                if has_class(e, "flagicon") {
                    if let Some(flag) =
                        e.descendent_elements().find(|i| tag(*i) == "img").and_then(|i| img_flag(i, true))
                    {
                        l.flag(flag);
                    }
                    return false;
                }
                match name {
                    "img" => {
                        if is_killed_mark(e) {
                            l.text(" †");
                        } else if let Some(flag) = img_flag(e, false) {
                            l.flag(flag);
                        }
                        false
                    }
                    "br" => {
                        l.end_line();
                        false
                    }
                    "ul" | "ol" => {
                        l.end_line();
                        l.list_depth = l.list_depth.saturating_add(1);
                        l.cur.depth = l.list_depth;
                        true
                    }
                    "td" | "th" => {
                        // Cells of a nested table stay apart even when one row holds them.
                        l.text(" ");
                        true
                    }
                    _ => {
                        if is_block(name) {
                            l.end_line();
                        }
                        true
                    }
                }
            }
            Step::Close(e) => {
                let name = tag(e);
                if matches!(name, "ul" | "ol") {
                    l.end_line();
                    l.list_depth = l.list_depth.saturating_sub(1);
                    l.cur.depth = l.list_depth;
                } else if is_block(name) {
                    l.end_line();
                }
                true
            }
        });
        l.end_line();
        l.lines
    }
}

/// The element's text on one line (line breaks become spaces), tidied.
fn flat_text(el: ElementRef) -> String {
    let lines = Lines::of(el, false);
    tidy(&lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "))
}

/// `{{KIA}}`-style images stand for the "†" mark.
fn is_killed_mark(img: ElementRef) -> bool {
    let alt = img.value().attr("alt").unwrap_or("").trim();
    let title = img.value().attr("title").unwrap_or("");
    alt == "†" || alt.eq_ignore_ascii_case("KIA") || title.eq_ignore_ascii_case("killed in action")
}

/// The country an image names when it is a flag. Inside `span.flagicon` any name will do;
/// elsewhere the image must say "Flag of ..." or be icon-sized with an alt text, so that maps
/// and photographs are not mistaken for flags.
fn img_flag(img: ElementRef, in_flagicon: bool) -> Option<String> {
    let v = img.value();
    let parent_title = img.parent().and_then(ElementRef::wrap).and_then(|p| p.value().attr("title"));
    let named = [v.attr("alt"), v.attr("title"), parent_title];
    for s in named.into_iter().flatten() {
        if let Some(rest) = s.trim().strip_prefix("Flag of ") {
            return nonempty(strip_the(rest));
        }
    }
    if let Some(file) = v.attr("src").and_then(file_name_from_src) {
        if let Some(rest) = file.strip_prefix("Flag of ") {
            // `Flag_of_France_(1794–1815,_1830–1958).svg` names France: the extension and a
            // trailing period qualifier are not part of the country's name.
            let name = rest.rsplit_once('.').map_or(rest, |(stem, _)| stem).trim();
            let name = match name.rfind(" (") {
                Some(i) if name.ends_with(')') && i > 0 => &name[..i],
                _ => name,
            };
            return nonempty(strip_the(name));
        }
    }
    let small = v.attr("width").and_then(|w| w.trim().parse::<u32>().ok()).is_some_and(|w| w <= 30);
    if in_flagicon || small {
        for s in named.into_iter().flatten() {
            let s = s.trim();
            if !s.is_empty() && !s.contains('.') && s.chars().count() <= 60 {
                return Some(strip_the(s).to_string());
            }
        }
    }
    None
}

fn strip_the(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix("the ").unwrap_or(s)
}

fn nonempty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Decodes `%xx` escapes; invalid sequences are kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file an image `src` shows: for thumbnails (`.../thumb/a/ab/Name.jpg/220px-Name.jpg`) the
/// original's name, otherwise the last path segment; underscores read as spaces.
fn file_name_from_src(src: &str) -> Option<String> {
    let path = src.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last = *segments.last()?;
    let name = if segments.contains(&"thumb") && segments.len() >= 2 { segments[segments.len() - 2] } else { last };
    nonempty(&percent_decode(name).replace('_', " "))
}

/// Internal links in `el`: their text and the page they point to. Image, flag, footnote and
/// external links are left out.
fn links(el: ElementRef) -> Vec<Link> {
    let mut out = Vec::new();
    walk(el, |step| {
        let Step::Open(e) = step else { return true };
        if skipped(e) || has_class(e, "flagicon") {
            return false;
        }
        if tag(e) != "a" {
            return true;
        }
        let text = flat_text(e);
        if let (false, Some(target)) = (text.is_empty(), link_target(e)) {
            out.push(Link { text, target });
        }
        false
    });
    out
}

/// The page an `<a>` points to, when it is a link to an article.
fn link_target(a: ElementRef) -> Option<String> {
    let v = a.value();
    let href = v.attr("href")?;
    let page = if let Some(p) = href.strip_prefix("/wiki/").or_else(|| href.strip_prefix("./")) {
        p.to_string()
    } else if href.contains("index.php?") {
        href.split(['?', '&']).find_map(|kv| kv.strip_prefix("title="))?.to_string()
    } else {
        return None;
    };
    let target = match v.attr("title") {
        Some(t) if !t.trim().is_empty() => t.trim().trim_end_matches(" (page does not exist)").to_string(),
        _ => percent_decode(page.split('#').next().unwrap_or("")).replace('_', " "),
    };
    let namespace = target.split_once(':').map(|(ns, _)| ns.to_ascii_lowercase());
    if matches!(
        namespace.as_deref(),
        Some("file" | "image" | "special" | "help" | "category" | "template" | "wikipedia" | "portal")
    ) {
        return None;
    }
    nonempty(&target)
}

// ---------------------------------------------------------------------------------------------
// Content root, title and revision

/// The element holding the article. `.mw-parser-output` is looked for inside `#mw-content-text`
/// first: page indicators in the title bar (the featured-article star) carry a
/// `.mw-parser-output` of their own, earlier in the page.
fn content_root(root: ElementRef) -> ElementRef {
    let parser_output = |e: ElementRef| has_class(e, "mw-parser-output");
    if let Some(text) = first_element(root, |e| e.value().id() == Some("mw-content-text")) {
        return first_element(text, parser_output).unwrap_or(text);
    }
    root.descendent_elements()
        .filter(|e| parser_output(*e))
        .find(|e| !e.ancestors().filter_map(ElementRef::wrap).any(|a| has_class(a, "mw-indicators")))
        .or_else(|| first_element(root, |e| tag(e) == "body"))
        .unwrap_or(root)
}

fn page_title(root: ElementRef) -> Option<String> {
    if let Some(h1) = first_element(root, |e| tag(e) == "h1" && e.value().id() == Some("firstHeading")) {
        let t = flat_text(h1);
        if !t.is_empty() {
            return Some(t);
        }
    }
    if let Some(title) = first_element(root, |e| tag(e) == "title") {
        let t = tidy(&title.text().collect::<String>());
        let t = match t.rfind(" - Wikipedia") {
            Some(i) => t[..i].trim_end().to_string(),
            None => t,
        };
        if !t.is_empty() {
            return Some(t);
        }
    }
    // A page saved without its skin may still carry the title as its only `h1`.
    first_element(root, |e| tag(e) == "h1" && !skipped(e)).map(flat_text).filter(|t| !t.is_empty())
}

/// An error when much of the input is control characters or U+FFFD (bytes that were not text):
/// such input was not a page, even if a few tags inside it could be read.
pub(crate) fn binary_input(input: &str) -> Option<Diagnostic> {
    let total = input.chars().count();
    let bad = input.chars().filter(|c| *c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace())).count();
    (total > 0 && bad * 10 > total).then(|| {
        Diagnostic::error(format!("the input looks like binary data: {bad} of {total} characters are not text"))
            .at(input, 0)
    })
}

/// MediaWiki states the revision in its page configuration script (`"wgRevisionId":123`).
fn revision_id(input: &str) -> Option<String> {
    let at = input.find("\"wgRevisionId\":")?;
    let digits: String = input[at + "\"wgRevisionId\":".len()..]
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty() && digits.chars().any(|c| c != '0')).then_some(digits)
}

// ---------------------------------------------------------------------------------------------
// Infobox

/// The header rows of the military conflict infobox's side groups (and the variants other
/// conflict infoboxes print), with the key stem of the group.
const GROUPS: &[(&str, &str)] = &[
    ("belligerents", "combatant"),
    ("belligerent", "combatant"),
    ("combatants", "combatant"),
    ("parties", "combatant"),
    ("commanders and leaders", "commander"),
    ("commanders", "commander"),
    ("leaders", "commander"),
    ("units involved", "units"),
    ("units", "units"),
    ("strength", "strength"),
    ("casualties and losses", "casualties"),
    ("casualties", "casualties"),
    ("losses", "casualties"),
];

/// The key stem of a side group whose header row reads `label`, if it is one. The match is exact
/// (after folding case and whitespace), so that a side's value such as "Strength unknown" is never
/// taken for a header.
pub(crate) fn group_of(label: &str) -> Option<&'static str> {
    let l = strip_citations(label).split_whitespace().collect::<Vec<_>>().join(" ");
    let l = l.trim_end_matches(':').to_lowercase();
    GROUPS.iter().find(|(header, _)| *header == l).map(|(_, key)| *key)
}

/// The infobox key of a labelled row: the template's parameter names for the labels the template
/// prints, otherwise the label itself (normalized by the builder).
pub(crate) fn label_key(label: &str) -> String {
    let l = strip_citations(label).split_whitespace().collect::<Vec<_>>().join(" ");
    let l = l.trim_end_matches(':').trim().to_lowercase();
    let key = match l.as_str() {
        "date" | "dates" => "date",
        "location" | "locations" | "place" => "place",
        "result" | "results" | "outcome" => "result",
        "territorial changes" | "territorial change" | "territory" => "territory",
        "status" => "status",
        "coordinates" => "coordinates",
        "part of" => "partof",
        "notes" => "notes",
        _ => return normalize_key(&l),
    };
    key.to_string()
}

/// True when the label is one the template prints before the side groups (so that a row with it
/// is a labelled row even when a group is open).
pub(crate) fn is_known_label(label: &str) -> bool {
    matches!(label_key(label).as_str(), "date" | "place" | "result" | "territory" | "status" | "coordinates")
}

/// Adds a field, merging it into an earlier field with the same key (the template's extra
/// `combatant1a` rows, a second "Part of" row) so that each key occurs once.
pub(crate) fn add_field(fields: &mut Vec<(String, FieldValue)>, key: String, value: FieldValue) {
    if value.items.iter().all(|(_, t, _)| t.trim().is_empty()) {
        return;
    }
    let key = normalize_key(&key);
    if key.is_empty() {
        return;
    }
    match fields.iter_mut().find(|(k, _)| *k == key) {
        Some((_, old)) => {
            if !old.raw.is_empty() && !value.raw.is_empty() {
                old.raw.push('\n');
            }
            old.raw.push_str(&value.raw);
            old.items.extend(value.items);
            old.links.extend(value.links);
        }
        None => fields.push((key, value)),
    }
}

#[derive(Default)]
struct InfoboxReader {
    fields: Vec<(String, FieldValue)>,
    group: Option<&'static str>,
    /// The side index the next single-cell row of the open group gets.
    next_index: usize,
    seen_title: bool,
    diagnostics: Vec<Diagnostic>,
}

/// The `tr` rows of a table, not those of tables nested in its cells.
fn rows_of(table: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    for c in table.child_elements() {
        match tag(c) {
            "tr" => rows.push(c),
            "thead" | "tbody" | "tfoot" => rows.extend(c.child_elements().filter(|r| tag(*r) == "tr")),
            _ => {}
        }
    }
    rows
}

/// The table a cell holds when the table is all it holds (the template's nested blocks).
fn sole_table(cell: ElementRef) -> Option<ElementRef> {
    let mut found = None;
    for child in cell.children() {
        if let Some(e) = ElementRef::wrap(child) {
            if skipped(e) {
                continue;
            }
            if tag(e) != "table" || found.is_some() {
                return None;
            }
            found = Some(e);
        } else if child.value().as_text().is_some_and(|t| !t.trim().is_empty()) {
            return None;
        }
    }
    found
}

/// A cell's value: its markup as raw, its lines as items, its links.
fn cell_value(cell: ElementRef) -> FieldValue {
    let items = Lines::of(cell, false)
        .into_iter()
        .filter_map(|l| {
            let text = tidy(&l.text);
            (!text.is_empty()).then_some((l.depth, text, l.flag))
        })
        .collect();
    FieldValue { raw: cell.inner_html().trim().to_string(), items, links: links(cell), inline: false }
}

impl InfoboxReader {
    fn table(&mut self, table: ElementRef, nesting: usize) {
        if nesting > MAX_TABLE_NESTING {
            self.diagnostics.push(Diagnostic::warning("infobox tables nested too deeply; the inner ones were skipped"));
            return;
        }
        if let Some(caption) = table.child_elements().find(|e| tag(*e) == "caption") {
            if !self.seen_title && self.fields.is_empty() {
                self.seen_title = true;
                add_field(&mut self.fields, "conflict".into(), cell_value(caption));
            }
        }
        for row in rows_of(table) {
            self.row(row, nesting);
        }
    }

    fn row(&mut self, row: ElementRef, nesting: usize) {
        let cells: Vec<ElementRef> =
            row.child_elements().filter(|c| matches!(tag(*c), "th" | "td") && !skipped(*c)).collect();
        let Some(&first) = cells.first() else { return };
        if cells.len() == 1 {
            if let Some(inner) = sole_table(first) {
                self.table(inner, nesting + 1);
                return;
            }
        }
        let all_th = cells.iter().all(|c| tag(*c) == "th");
        if all_th {
            let text = flat_text(first);
            if let Some(g) = group_of(&text) {
                self.group = Some(g);
                self.next_index = 1;
            } else if !self.seen_title && self.fields.is_empty() {
                self.seen_title = true;
                add_field(&mut self.fields, "conflict".into(), cell_value(first));
            } else {
                self.group = None;
            }
            return;
        }
        if tag(first) == "th" {
            // A label and its value: the value is the first data cell after the label.
            self.group = None;
            let label = flat_text(first);
            if let Some(value) = cells.iter().find(|c| tag(**c) == "td") {
                add_field(&mut self.fields, label_key(&label), cell_value(*value));
            }
            return;
        }
        // Only data cells from here on. A lone cell that reads exactly like a group header is one
        // (some infoboxes print headers as bold data cells).
        if cells.len() == 1 {
            if let Some(g) = group_of(&flat_text(first)) {
                self.group = Some(g);
                self.next_index = 1;
                return;
            }
        }
        if let Some(g) = self.group {
            if cells.len() == 1 {
                add_field(&mut self.fields, format!("{g}{}", self.next_index), cell_value(first));
                self.next_index += 1;
            } else {
                for (i, cell) in cells.iter().enumerate() {
                    add_field(&mut self.fields, format!("{g}{}", i + 1), cell_value(*cell));
                }
                self.next_index = cells.len() + 1;
            }
            return;
        }
        if cells.len() == 1 {
            self.full_width(first);
        } else {
            let text = cells.iter().map(|c| flat_text(*c)).collect::<Vec<_>>().join(" | ");
            if !text.trim_matches(['|', ' ']).is_empty() {
                self.diagnostics.push(Diagnostic::warning(format!(
                    "infobox row without a label or group was skipped: {}",
                    ellipsis(&text, 80)
                )));
            }
        }
    }

    /// A full-width data cell outside the side groups: "Part of", the image, or something else.
    fn full_width(&mut self, cell: ElementRef) {
        let text = flat_text(cell);
        if let Some(rest) = strip_prefix_ci(&text, "part of") {
            let mut value = cell_value(cell);
            if let Some((_, first, _)) = value.items.first_mut() {
                if let Some(r) = strip_prefix_ci(first, "part of") {
                    *first = r.trim().to_string();
                }
            }
            if rest.trim().is_empty() && value.items.len() <= 1 {
                return;
            }
            add_field(&mut self.fields, "partof".into(), value);
            return;
        }
        if let Some(img) = cell.descendent_elements().find(|e| tag(*e) == "img") {
            if self.fields.iter().any(|(k, _)| k == "image" || k == "caption") {
                // A second picture is the location map; its caption is not a field.
                return;
            }
            let file = img
                .parent()
                .and_then(ElementRef::wrap)
                .and_then(|a| a.value().attr("href"))
                .and_then(|h| h.rsplit_once("File:").map(|(_, f)| percent_decode(f).replace('_', " ")))
                .or_else(|| img.value().attr("src").and_then(file_name_from_src));
            if let Some(file) = file {
                add_field(&mut self.fields, "image".into(), FieldValue::single(file.clone(), &file));
            }
            add_field(&mut self.fields, "caption".into(), cell_value(cell));
            return;
        }
        if !text.is_empty() {
            self.diagnostics.push(Diagnostic::warning(format!(
                "infobox row without a label or group was skipped: {}",
                ellipsis(&text, 80)
            )));
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

// ---------------------------------------------------------------------------------------------
// Body

struct Body<'b> {
    b: &'b mut DocBuilder,
    title: &'b str,
    /// While inside an apparatus section: its heading level. Content is skipped until a heading at
    /// that level or above.
    skip_level: Option<u8>,
    /// Inline text between blocks, waiting to become a paragraph.
    para: String,
    too_deep: bool,
}

impl Body<'_> {
    fn emitting(&self) -> bool {
        self.skip_level.is_none()
    }

    fn flush_para(&mut self) {
        let text = tidy(&std::mem::take(&mut self.para));
        if self.emitting() && !text.is_empty() {
            self.b.paragraph(&text);
        }
    }

    /// Elements skipped in the body besides those skipped everywhere.
    fn body_skipped(e: ElementRef) -> bool {
        skipped(e)
            || has_class(e, "infobox")
            || has_class(e, "thumb")
            || has_class(e, "gallery")
            || matches!(tag(e), "figure" | "nav" | "footer" | "header" | "aside" | "img")
    }

    /// Reads an element that holds blocks and inline text side by side.
    fn container(&mut self, el: ElementRef, depth: usize) {
        for child in el.children() {
            if let Some(e) = ElementRef::wrap(child) {
                if Self::body_skipped(e) {
                    continue;
                }
                if is_block(tag(e)) {
                    self.flush_para();
                    self.block(e, depth + 1);
                } else if e.descendent_elements().any(|d| is_block(tag(d))) {
                    // An inline element around blocks: broken pages leave a `<b>` open, and the
                    // parser wraps the rest of the page in it. Browsers still show the blocks as
                    // blocks, so the element is read as a container, its text joining the
                    // paragraph in progress.
                    self.block(e, depth + 1);
                } else {
                    // Raw, untrimmed text, so that `foo<b>bar</b>` stays one word.
                    let lines = Lines::of(e, false);
                    for (i, l) in lines.iter().enumerate() {
                        if i > 0 {
                            self.para.push(' ');
                        }
                        self.para.push_str(&l.text);
                    }
                }
            } else if let Some(t) = child.value().as_text() {
                self.para.push_str(t);
            }
        }
        self.flush_para();
    }

    fn block(&mut self, e: ElementRef, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            let text = flat_text(e);
            if self.emitting() && !text.is_empty() {
                self.b.paragraph(&text);
            }
            return;
        }
        let name = tag(e);
        if let Some(level) = heading_level(name) {
            self.heading(e, level);
            return;
        }
        match name {
            "p" | "pre" => {
                if self.emitting() {
                    self.b.paragraph(&flat_text(e));
                }
            }
            "ul" | "ol" => {
                self.list(e, 1, depth);
                self.b.flush();
            }
            "dl" => self.definitions(e, depth),
            "dt" => {
                if self.emitting() {
                    self.b.term(&flat_text(e));
                }
            }
            "table" => {
                if has_class(e, "wikitable") {
                    self.table(e);
                }
            }
            "tr" | "td" | "th" | "tbody" | "thead" | "tfoot" | "caption" | "hr" => {}
            _ => self.container(e, depth),
        }
    }

    fn heading(&mut self, e: ElementRef, level: u8) {
        let text = flat_text(e);
        if text.is_empty() {
            return;
        }
        if level == 1 && (e.value().id() == Some("firstHeading") || text == self.title) {
            return;
        }
        if let Some(open) = self.skip_level {
            if level > open {
                return;
            }
            self.skip_level = None;
        }
        // Apparatus sections (References, Notes, ...) are left out, heading and all, as in the
        // other readers.
        if is_apparatus(&text) {
            self.skip_level = Some(level);
        } else {
            self.b.heading(level, &text);
        }
    }

    fn list(&mut self, list: ElementRef, level: u8, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            if self.emitting() {
                self.b.list_item(level, &flat_text(list));
            }
            return;
        }
        for item in list.child_elements() {
            if Self::body_skipped(item) {
                continue;
            }
            match tag(item) {
                "li" => {
                    let own = Lines::of(item, true);
                    let text = tidy(&own.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "));
                    if self.emitting() {
                        self.b.list_item(level, &text);
                    }
                    let mut nested = Vec::new();
                    walk(item, |step| match step {
                        Step::Open(e) if Self::body_skipped(e) => false,
                        Step::Open(e) if matches!(tag(e), "ul" | "ol") => {
                            nested.push(e);
                            false
                        }
                        _ => true,
                    });
                    for n in nested {
                        self.list(n, level.saturating_add(1), depth + 1);
                    }
                }
                // Lists directly inside lists are invalid HTML, but pages have them; they read as
                // one level deeper.
                "ul" | "ol" => self.list(item, level.saturating_add(1), depth + 1),
                _ => {
                    if self.emitting() {
                        self.b.list_item(level, &flat_text(item));
                    }
                }
            }
        }
    }

    fn definitions(&mut self, dl: ElementRef, depth: usize) {
        for child in dl.child_elements() {
            if Self::body_skipped(child) {
                continue;
            }
            match tag(child) {
                "dt" => {
                    if self.emitting() {
                        self.b.term(&flat_text(child));
                    }
                }
                "dd" => self.container(child, depth + 1),
                _ => self.block(child, depth + 1),
            }
        }
        self.b.flush();
    }

    fn table(&mut self, table: ElementRef) {
        if !self.emitting() {
            return;
        }
        self.b.flush();
        if let Some(caption) = table.child_elements().find(|e| tag(*e) == "caption") {
            self.b.term(&flat_text(caption));
        }
        for row in rows_of(table) {
            let cells: Vec<String> = row
                .child_elements()
                .filter(|c| matches!(tag(*c), "th" | "td") && !skipped(*c))
                .map(flat_text)
                .collect();
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            self.b.table_row(&cells);
        }
        self.b.flush();
    }
}
