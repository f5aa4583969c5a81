//! What templates render to.
//!
//! We do not expand templates (we do not have them); instead each name the corpus uses is mapped
//! to what it shows on the page, as far as it matters for reading: text-formatting templates show
//! their argument, flag templates show a country name and leave a flag hint, citation and
//! maintenance templates show nothing. An unknown template shows its first positional argument
//! when that is short plain text (`{{Nihongo|Okinawa|沖縄}}` → `Okinawa`), otherwise nothing.

use super::render::{Arg, Renderer, Sink};
use super::scan::Kind;

/// What a template does, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// Shows nothing: citations, notes, hatnotes, navigation boxes, maintenance tags.
    Nothing,
    /// Shows fixed text.
    Fixed(&'static str),
    /// Shows `text=` or its first positional argument.
    First,
    /// Shows its last positional argument (`{{lang|de|Text}}`, `{{resize|90%|Text}}`).
    Last,
    /// Shows the first positional argument if it is short plain text.
    Unknown,
    /// `{{flagicon|X}}`: no text, flag hint X.
    FlagIcon,
    /// `{{flag|X}}`: text X (or its `name=`), flag hint X.
    Flag,
    /// `{{navy|X}}`: text "X Navy", flag hint X.
    Force(&'static str),
    Convert,
    /// `{{start date|1943|10|3}}`, `{{death date and age|1993|2|24|1941|4|12}}`: the date its
    /// first three positional arguments give (year, month as a number or a name, day).
    Date,
    /// `{{start and end dates|1943|10|3|1943|11|16}}`
    DateRange,
    /// `{{dts|1943|10|3}}`, `{{dts|3 October 1943}}`: date table sorting.
    Dts,
    /// `{{coord|36.79|N|27.07|E}}`: signed decimal degrees, "36.79; 27.07".
    Coord,
    Circa,
    /// `{{HMS|Hood|51}}`: the prefix, name and pennant number.
    Ship(&'static str),
    /// `{{ship|HMS|Hood|51}}`
    ShipFull,
    /// `{{sclass|Flower|corvette}}` → "Flower-class corvette"
    ShipClass,
    Frac,
    /// A value with a unit after it (`{{GRT|5,000}}`).
    Suffix(&'static str),
    /// Each positional argument is one line (`{{ubl|a|b}}`, `{{plainlist|\n* a\n* b}}`).
    List,
    PageName,
    /// `{{sortname|First|Last}}`
    JoinTwo,
}

/// Names that show nothing even though they have arguments. Keys are normalized (lower case,
/// single spaces).
const NOTHING: &[&str] = &[
    "about",
    "anchor",
    "authority control",
    "better source",
    "better source needed",
    "by whom",
    "according to whom",
    "citation",
    "citation needed",
    "cn",
    "clarify",
    "clear",
    "clr",
    "-",
    "command structure",
    "dead link",
    "details",
    "distinguish",
    "doi",
    "dubious",
    "endplainlist",
    "startplainlist",
    "endflatlist",
    "startflatlist",
    "expand",
    "expand section",
    "fact",
    "failed verification",
    "flagicon image",
    "flag image",
    "for",
    "further",
    "further information",
    "hatnote",
    "hidden begin",
    "hidden end",
    "image",
    "in lang",
    "isbn",
    "issn",
    "lang icon",
    "legend-line",
    "multiple image",
    "multiple issues",
    "no footnotes",
    "note",
    "note label",
    "notetag",
    "oclc",
    "one source",
    "other uses",
    "page needed",
    "pages needed",
    "quote box",
    "r",
    "rp",
    "redirect",
    "redirect2",
    "redirect-multi",
    "self-published source",
    "short description",
    "spoken wikipedia",
    "subject bar",
    "unreliable source?",
    "update",
    "verification needed",
    "webarchive",
    "when",
    "which",
    "who",
    "whom",
    "youtube",
];

/// Name prefixes that show nothing (citation and note families, boxes, hatnotes, tags).
const NOTHING_PREFIX: &[&str] = &[
    "age in ",
    "authority",
    "campaignbox",
    "cite",
    "citation",
    "clade",
    "cleanup",
    "col-",
    "commons",
    "coord",
    "div col",
    "efn",
    "engvar",
    "featured",
    "good ",
    "harv",
    "imdb",
    "infobox",
    "internet archive",
    "location map",
    "london gazette",
    "main",
    "more citations",
    "more footnotes",
    "navbox",
    "pp-",
    "portal",
    "r from",
    "redr",
    "ref",
    "s-",
    "see also",
    "sfn",
    "stack",
    "toc",
    "unreferenced",
    "use ",
    "wikiquote",
    "wikisource",
    "wiktionary",
    "wikibooks",
];

/// List templates: each positional argument is a line.
const LISTS: &[&str] = &[
    "br separated entries",
    "br-separated entries",
    "br separated",
    "br list",
    "enum",
    "ubl",
    "unbulleted list",
    "ubil",
    "ublist",
    "hlist",
    "flatlist",
    "plainlist",
    "plain list",
    "indented plainlist",
    "bulleted list",
    "bulletedlist",
    "blist",
    "collapsible list",
    "clist",
    "ordered list",
    "flowlist",
];

/// Templates that show their last positional argument: a language or style comes first.
const SHOW_LAST: &[&str] = &[
    "lang",
    "langx",
    "transl",
    "transliteration",
    "translit",
    "native name",
    "color",
    "colour",
    "resize",
    "legend",
    "hover title",
];

/// Templates that show `text=` or their first positional argument: formatting, quotations,
/// abbreviations, names in other languages.
const SHOW_FIRST: &[&str] = &[
    "nowrap",
    "nobr",
    "nobreak",
    "no wrap",
    "avoid wrap",
    "small",
    "smaller",
    "big",
    "bigger",
    "larger",
    "large",
    "huge",
    "center",
    "centre",
    "nobold",
    "noitalic",
    "em",
    "strong",
    "sup",
    "sub",
    "underline",
    "uline",
    "highlight",
    "font",
    "quote",
    "cquote",
    "blockquote",
    "quotation",
    "pull quote",
    "not a typo",
    "notatypo",
    "as written",
    "sic",
    "abbr",
    "abbrlink",
    "tooltip",
    "nihongo",
    "nihongo2",
    "ill",
    "illm",
    "interlanguage link",
    "interlanguage link multi",
    "date",
    "keep together",
    "small caps",
    "smallcaps",
    "sc",
    "visible anchor",
    "vanchor",
    "s",
    "strikethrough",
    "lang-rtl",
    "ship prefix",
];

fn classify(key: &str) -> Action {
    use Action::*;
    let fixed = match key {
        "kia" | "dow" | "died of wounds" | "k.i.a." => Some(" †"),
        "pow" => Some(" (POW)"),
        "executed" => Some(" (executed)"),
        "wia" => Some(" (WIA)"),
        "mia" => Some(" (MIA)"),
        "surrendered" => Some(" (surrendered)"),
        "nbsp" | "spaces" | "thinsp" | "sp" => Some(" "),
        "snd" | "spnd" | "spaced ndash" | "spaced en dash" | "sndash" => Some(" – "),
        "ndash" | "endash" | "en dash" => Some("–"),
        "mdash" | "emdash" | "em dash" => Some("—"),
        "spaced mdash" | "spaced em dash" => Some(" — "),
        "'" => Some("'"),
        "'s" => Some("'s"),
        "!" => Some("|"),
        "=" => Some("="),
        "middot" | "dot" | "·" => Some(" · "),
        "bull" | "bullet" | "•" => Some(" • "),
        _ => None,
    };
    if let Some(text) = fixed {
        return Fixed(text);
    }
    match key {
        "flagicon" | "flag icon" | "flagdeco" | "flag decoration" => return FlagIcon,
        "flag" | "flagcountry" | "flag country" | "flagu" | "flagbig" | "flag big" => return Flag,
        "army" => return Force(" Army"),
        "navy" => return Force(" Navy"),
        "air force" => return Force(" Air Force"),
        "convert" | "cvt" => return Convert,
        "start date" | "end date" | "birth date" | "death date" | "start date and age" | "birth date and age"
        | "bda" | "death date and age" | "dda" => return Date,
        "dts" | "date table sorting" => return Dts,
        "coord" => return Coord,
        "start and end dates" | "start and end date" => return DateRange,
        "circa" | "c." | "ca." | "c" | "ca" => return Circa,
        "ship" => return ShipFull,
        "sclass" | "sclass-" | "sclass2" | "sclass2-" => return ShipClass,
        "frac" | "fraction" | "sfrac" => return Frac,
        "grt" => return Suffix(" GRT"),
        "pagename" | "fullpagename" | "pagenamee" => return PageName,
        "sortname" => return JoinTwo,
        _ => {}
    }
    if LISTS.contains(&key) {
        return List;
    }
    if SHOW_LAST.contains(&key) {
        return Last;
    }
    if SHOW_FIRST.contains(&key) || key.starts_with("lang-") {
        return First;
    }
    if let Some(prefix) = ship_prefix(key) {
        return Ship(prefix);
    }
    if NOTHING.contains(&key) || NOTHING_PREFIX.iter().any(|p| key.starts_with(p)) {
        return Nothing;
    }
    Unknown
}

/// Ship-prefix templates (`{{HMS|Hood|51}}`) by normalized name.
fn ship_prefix(key: &str) -> Option<&'static str> {
    const PREFIXES: &[&str] = &[
        "HMS", "USS", "HMCS", "HMAS", "HMNZS", "SS", "HNLMS", "HNoMS", "HDMS", "HMIS", "HMSAS", "MV", "MS", "RMS",
        "HMT", "HMHS", "SMS", "USAT", "USNS", "USCGC", "ORP", "HS", "HHMS", "FS", "INS", "RV",
    ];
    PREFIXES.iter().copied().find(|p| p.eq_ignore_ascii_case(key))
}

/// A few country codes the flag templates accept, with the name they show.
fn country_name(code: &str) -> &str {
    match code {
        "US" | "USA" => "United States",
        "UK" | "GBR" => "United Kingdom",
        "UKGBI" => "United Kingdom of Great Britain and Ireland",
        "GER" => "Germany",
        "FRA" => "France",
        "ITA" => "Italy",
        "JPN" => "Japan",
        "USSR" | "URS" | "SOV" => "Soviet Union",
        "CAN" => "Canada",
        "AUS" => "Australia",
        "NZL" => "New Zealand",
        "POL" => "Poland",
        "NED" => "Netherlands",
        "BEL" => "Belgium",
        "GRE" => "Greece",
        "CHN" => "China",
        "IND" => "India",
        _ => code,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A template name in normal form: lower case, `_` as space, single spaces, no `Template:`.
/// Names longer than the buffer are not ones we know.
struct Key {
    buf: [u8; 48],
    len: usize,
}

impl Key {
    fn new(name: &str) -> Option<Key> {
        let name = name.trim();
        let name = strip_prefix_ci(name, "template:").unwrap_or(name).trim_start();
        let mut key = Key { buf: [0; 48], len: 0 };
        let mut space = false;
        for &b in name.as_bytes() {
            let b = if b == b'_' { b' ' } else { b.to_ascii_lowercase() };
            if b == b' ' && (space || key.len == 0) {
                continue;
            }
            space = b == b' ';
            *key.buf.get_mut(key.len)? = b;
            key.len += 1;
        }
        Some(key)
    }

    fn as_str(&self) -> &str {
        // Only ASCII bytes were changed, so the bytes are the UTF-8 of the trimmed name.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("").trim_end()
    }
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Whether a template name (as written) is an infobox.
pub(crate) fn is_infobox(name: &str) -> bool {
    let name = name.trim();
    let name = strip_prefix_ci(name, "template:").unwrap_or(name).trim_start();
    strip_prefix_ci(name, "infobox").is_some()
}

/// Template arguments collected into `Renderer::args[base..]`.
struct Args {
    base: usize,
    end: usize,
}

impl<'a> Renderer<'_, 'a> {
    /// The name of template `idx` and where it ends (at the first `|` or the closing braces).
    /// `None` when the name is built by another template or parameter.
    pub(crate) fn template_name(&self, idx: usize) -> Option<(&'a str, usize)> {
        let n = self.node(idx);
        let end = self.find_top(idx, n.inner_start, n.inner_end, b'|').unwrap_or(n.inner_end);
        let mut name_end = end;
        // A comment may sit in the name (`{{Infobox military conflict<!-- … -->`); anything else
        // there means the name is computed and unknown to us.
        let mut k = idx + 1;
        while k < n.next && self.tree.nodes[k].start < end {
            let child = self.tree.nodes[k];
            if child.kind != Kind::Comment {
                return None;
            }
            name_end = name_end.min(child.start);
            k = child.next;
        }
        Some((self.tree.slice(n.inner_start, name_end), end))
    }

    pub(crate) fn template(&mut self, idx: usize, depth: u32, sink: &mut Sink) {
        let Some((name, name_end)) = self.template_name(idx) else { return };
        let name = name.trim_start();
        let name = strip_prefix_ci(name, "template:").unwrap_or(name);
        if let Some((func, arg)) = name.split_once(':') {
            self.magic(func, arg, sink);
            return;
        }
        let Some(key) = Key::new(name) else { return };
        let action = classify(key.as_str());
        if action == Action::Nothing {
            return;
        }
        if let Action::Fixed(text) = action {
            sink.push(text);
            return;
        }
        let args = self.split_args(idx, name_end);
        self.apply(action, &args, depth, sink);
        self.args.truncate(args.base);
    }

    /// `{{formatnum:1000}}`, `{{DEFAULTSORT:…}}`, `{{#tag:ref|…}}` and the like.
    fn magic(&mut self, func: &str, arg: &str, sink: &mut Sink) {
        let func = func.trim();
        let shows_arg = ["formatnum", "lc", "uc", "lcfirst", "ucfirst"];
        if shows_arg.iter().any(|f| f.eq_ignore_ascii_case(func)) {
            sink.push(arg.trim());
        }
    }

    fn apply(&mut self, action: Action, args: &Args, depth: u32, sink: &mut Sink) {
        use Action::*;
        match action {
            Nothing | Fixed(_) => {}
            First => {
                if let Some(a) = self.named(args, "text").or_else(|| self.positional(args, 1)) {
                    self.value(a, depth, sink);
                }
            }
            Last => {
                let count = self.positional_count(args);
                if let Some(a) = self.named(args, "text").or_else(|| self.positional(args, count)) {
                    self.value(a, depth, sink);
                }
            }
            Unknown => {
                if let Some(a) = self.positional(args, 1) {
                    if self.is_short_plain(a) {
                        self.value(a, depth, sink);
                    }
                }
            }
            FlagIcon => {
                let country = self.raw_positional(args, 1);
                sink.flag(country);
            }
            Flag => self.flag(args, sink),
            Force(suffix) => {
                let country = self.raw_positional(args, 1);
                sink.flag(country);
                sink.push(country_name(country));
                sink.push(suffix);
            }
            Convert => self.convert(args, sink),
            Date => {
                // Time and time-zone arguments (4–7), the age of the "and age" forms and
                // `df=`/`mf=` (which only choose the order we always use) are left out.
                let p: Vec<String> = (1..=3).map(|i| self.arg_text(args, i, depth)).collect();
                push_date(sink, &p[0], &p[1], &p[2]);
            }
            DateRange => {
                let p: Vec<String> = (1..=6).map(|i| self.arg_text(args, i, depth)).collect();
                push_date(sink, &p[0], &p[1], &p[2]);
                if !p[3].is_empty() {
                    sink.push(" – ");
                    push_date(sink, &p[3], &p[4], &p[5]);
                }
            }
            Dts => self.dts(args, depth, sink),
            Coord => self.coord(args, depth, sink),
            Circa => {
                sink.push("c.");
                if let Some(a) = self.positional(args, 1) {
                    sink.push(" ");
                    self.value(a, depth, sink);
                }
            }
            Ship(prefix) => {
                sink.push(prefix);
                sink.push(" ");
                self.ship_name(args, 1, depth, sink);
            }
            ShipFull => {
                sink.push(self.raw_positional(args, 1));
                sink.push(" ");
                self.ship_name(args, 2, depth, sink);
            }
            ShipClass => {
                sink.push(self.raw_positional(args, 1));
                sink.push("-class ");
                sink.push(self.raw_positional(args, 2));
            }
            Frac => {
                let p: Vec<&str> = (1..=3).map(|i| self.raw_positional(args, i)).collect();
                match (p[0], p[1], p[2]) {
                    (a, "", "") => push_all(sink, &["1/", a]),
                    (a, b, "") => push_all(sink, &[a, "/", b]),
                    (a, b, c) => push_all(sink, &[a, " ", b, "/", c]),
                }
            }
            Suffix(unit) => {
                if let Some(a) = self.positional(args, 1) {
                    self.value(a, depth, sink);
                    sink.push(unit);
                }
            }
            List => self.list(args, depth, sink),
            PageName => sink.push(self.title),
            JoinTwo => {
                let (a, b) = (self.raw_positional(args, 1), self.raw_positional(args, 2));
                push_all(sink, &[a, " ", b]);
            }
        }
    }

    /// Splits the arguments of template `idx` after its name (which ends at `name_end`).
    fn split_args(&mut self, idx: usize, name_end: usize) -> Args {
        let base = self.args.len();
        let n = self.node(idx);
        let mut start = name_end + 1;
        while start <= n.inner_end {
            let end = self.find_top(idx, start, n.inner_end, b'|').unwrap_or(n.inner_end);
            let eq = self.find_top(idx, start, end, b'=');
            let arg = match eq {
                Some(e) => Arg { name: Some(self.trimmed(start, e)), value: self.trimmed(e + 1, end) },
                None => Arg { name: None, value: self.trimmed(start, end) },
            };
            self.args.push(arg);
            start = end + 1;
        }
        Args { base, end: self.args.len() }
    }

    /// `start..end` without surrounding whitespace.
    pub(crate) fn trimmed(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.tree.slice(start, end);
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead == s.len() {
            return (start, start);
        }
        (start + lead, end - trail)
    }

    fn arg_list(&self, args: &Args) -> &[Arg] {
        self.args.get(args.base..args.end).unwrap_or(&[])
    }

    /// The argument with this name (`text=`), or the positional one numbered `i` (from 1), by the
    /// rules of MediaWiki: positional numbering skips named arguments, and `2=` names position 2.
    fn named(&self, args: &Args, name: &str) -> Option<Arg> {
        let src = self.src();
        self.arg_list(args)
            .iter()
            .rev()
            .find(|a| a.name.is_some_and(|(s, e)| src[s..e].eq_ignore_ascii_case(name)))
            .copied()
    }

    fn positional(&self, args: &Args, i: usize) -> Option<Arg> {
        if i == 0 {
            return None;
        }
        let by_name = self.named(args, &i.to_string());
        by_name.or_else(|| self.arg_list(args).iter().filter(|a| a.name.is_none()).nth(i - 1).copied())
    }

    fn positional_count(&self, args: &Args) -> usize {
        self.arg_list(args).iter().filter(|a| a.name.is_none()).count()
    }

    /// Positional argument `i` rendered as plain text (comments, notes and markup gone),
    /// trimmed; "" when absent.
    fn arg_text(&mut self, args: &Args, i: usize, depth: u32) -> String {
        let Some(a) = self.positional(args, i) else { return String::new() };
        let mut text = Sink::text();
        self.value(a, depth, &mut text);
        text.cur.trim().to_string()
    }

    /// The source text of positional argument `i`, trimmed; "" when absent.
    fn raw_positional(&self, args: &Args, i: usize) -> &'a str {
        self.positional(args, i).map_or("", |a| self.tree.slice(a.value.0, a.value.1))
    }

    fn value(&mut self, arg: Arg, depth: u32, sink: &mut Sink) {
        self.range(arg.value.0, arg.value.1, depth, sink);
    }

    /// Short enough, on one line, and with no template inside: safe to show for a template we
    /// do not know.
    fn is_short_plain(&self, arg: Arg) -> bool {
        let (s, e) = arg.value;
        if e - s > 80 || self.tree.slice(s, e).contains('\n') {
            return false;
        }
        let k = self.first_at(s);
        self.tree.nodes[k..].iter().take_while(|n| n.start < e).all(|n| !matches!(n.kind, Kind::Template | Kind::Param))
    }

    /// `{{flag|X}}`: shows `name=`, or a second positional argument that is a name rather than a
    /// flag variant (`1936`, `civil`, `23px`), or X itself.
    fn flag(&mut self, args: &Args, sink: &mut Sink) {
        let country = self.raw_positional(args, 1);
        sink.flag(country);
        let name = self.named(args, "name").map_or("", |a| self.tree.slice(a.value.0, a.value.1));
        let second = self.raw_positional(args, 2);
        let second_is_name = second.contains(' ') && !second.bytes().any(|b| b.is_ascii_digit());
        let shown = if !name.is_empty() {
            name
        } else if second_is_name {
            second
        } else {
            country_name(country)
        };
        sink.push(shown);
    }

    /// `{{convert|3|km|mi}}` → "3 km"; ranges and lists of values keep their separators
    /// (`{{convert|3|to|5|km}}` → "3 to 5 km", `{{convert|8|,|14|and|15|km}}` → "8, 14 and 15 km").
    fn convert(&mut self, args: &Args, sink: &mut Sink) {
        sink.push(self.raw_positional(args, 1));
        let mut i = 2;
        loop {
            let word = self.raw_positional(args, i);
            let next = self.raw_positional(args, i + 1);
            match convert_separator(word) {
                Some(sep) if !next.is_empty() => {
                    sink.push(sep);
                    sink.push(next);
                    i += 2;
                }
                _ => break,
            }
        }
        let unit = self.raw_positional(args, i);
        if !unit.is_empty() {
            sink.push(" ");
            sink.push(unit);
        }
    }

    /// The ship name at positional `i` and the pennant number after it, if any.
    fn ship_name(&mut self, args: &Args, i: usize, depth: u32, sink: &mut Sink) {
        if let Some(a) = self.positional(args, i) {
            self.value(a, depth, sink);
        }
        let id = self.raw_positional(args, i + 1);
        if !id.is_empty() {
            push_all(sink, &[" (", id, ")"]);
        }
    }

    /// `{{dts|year|month|day|BC}}` or `{{dts|date}}` (a date as written, or `YYYY-MM-DD`). Old
    /// uses give day, month, year: a first argument of one or two digits before a third of three
    /// or four is a day.
    fn dts(&mut self, args: &Args, depth: u32, sink: &mut Sink) {
        let p: Vec<String> = (1..=4).map(|i| self.arg_text(args, i, depth)).collect();
        if p[1].is_empty() && p[2].is_empty() {
            match iso_date(&p[0]) {
                Some((y, m, d)) => push_date(sink, y, m, d),
                None => sink.push(&p[0]),
            }
            return;
        }
        let is_digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if is_digits(&p[0], 1..=2) && is_digits(&p[2], 3..=4) {
            push_date(sink, &p[2], &p[1], &p[0]);
        } else {
            push_date(sink, &p[0], &p[1], &p[2]);
        }
        if p[3].eq_ignore_ascii_case("bc") {
            sink.push(" BC");
        }
    }

    /// `{{coord}}` as signed decimal degrees, "latitude; longitude". Its coordinate parameters
    /// (`type:city_region:GR`) and named ones (`display=`, `format=`, `name=`) are left out. In
    /// running text it shows only where the page shows it: `display=title` alone puts it beside
    /// the title, not in the text. An infobox value always shows it, whatever its display.
    fn coord(&mut self, args: &Args, depth: u32, sink: &mut Sink) {
        // List mode is an infobox value.
        if !sink.wants_links() {
            let display = self.named(args, "display").map_or("", |a| self.tree.slice(a.value.0, a.value.1));
            if !display.is_empty() && !display.to_ascii_lowercase().contains("inline") {
                return;
            }
        }
        let mut parts = Vec::new();
        for i in 1..=self.positional_count(args).min(9) {
            let part = self.arg_text(args, i, depth);
            if part.contains(':') {
                break;
            }
            parts.push(part);
        }
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        if let Some(text) = coord_text(&parts) {
            sink.push(&text);
        }
    }

    /// List templates: each positional argument is a line, read with its own bullets. Named
    /// arguments (`title=` of a collapsible list, `style=`, `class=`, `start=`) are left out.
    fn list(&mut self, args: &Args, depth: u32, sink: &mut Sink) {
        for i in args.base..args.end {
            let a = self.args[i];
            let is_positional = match a.name {
                None => true,
                Some((s, e)) => self.tree.slice(s, e).bytes().all(|b| b.is_ascii_digit()),
            };
            if is_positional {
                sink.brk();
                self.lines(a.value.0, a.value.1, depth, sink);
            }
        }
        sink.brk();
    }
}

/// How a separator between the values of `{{convert}}` is shown, or `None` if `word` is not one
/// (then it is the unit).
fn convert_separator(word: &str) -> Option<&'static str> {
    let sep = match word {
        "-" | "–" | "to(-)" => "–",
        "," => ", ",
        "to" => " to ",
        "and" | "and(-)" => " and ",
        "or" | "or(-)" => " or ",
        "&" => " & ",
        "x" | "by" | "×" => " × ",
        "+/-" | "±" => " ± ",
        _ => return None,
    };
    Some(sep)
}

fn push_all(sink: &mut Sink, parts: &[&str]) {
    for p in parts {
        sink.push(p);
    }
}

/// "3 October 1943" from year, month and day, whatever order `df=`/`mf=` ask for, which
/// the date parser reads either way; what is missing or unreadable is left out. The month is a
/// number (`10`, `05`) or a name or abbreviation (`October`, `oct`, `Sept`).
fn push_date(sink: &mut Sink, y: &str, m: &str, d: &str) {
    let month = month_name(m);
    let day = d.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let mut parts: Vec<&str> = Vec::with_capacity(5);
    let day = day.map(|d| d.to_string());
    if let (Some(_), Some(day)) = (month, &day) {
        parts.push(day);
    }
    parts.extend(month);
    if !y.is_empty() {
        parts.push(y);
    }
    sink.push(&parts.join(" "));
}

/// The name of a month given as a number (1–12, leading zeros allowed) or as a name or
/// abbreviation in any case.
fn month_name(m: &str) -> Option<&'static str> {
    let m = m.trim();
    if let Ok(n) = m.parse::<usize>() {
        return MONTHS.get(n.wrapping_sub(1)).copied();
    }
    let m = m.trim_end_matches('.');
    if m.len() < 3 || !m.is_ascii() {
        return None;
    }
    let lower = m.to_ascii_lowercase();
    let known = |name: &str| {
        let name = name.to_ascii_lowercase();
        name == lower || (lower.len() == 3 && name.starts_with(&lower)) || (lower == "sept" && name == "september")
    };
    MONTHS.iter().copied().find(|name| known(name))
}

/// `YYYY-MM-DD` as its three parts.
fn iso_date(s: &str) -> Option<(&str, &str, &str)> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    (it.next().is_none() && digits(y, 4) && digits(m, 2) && digits(d, 2)).then_some((y, m, d))
}

/// The text of `{{coord}}`'s positional arguments as "latitude; longitude" in signed decimal
/// degrees, in the forms its documentation gives: `lat|lon` (signed decimals), `d|N|d|E`,
/// `d|m|N|d|m|E` and `d|m|s|N|d|m|s|E`. `None` for anything else or a value out of range.
fn coord_text(parts: &[&str]) -> Option<String> {
    let is_ns = |p: &&str| matches!(*p, "N" | "S" | "n" | "s");
    let is_ew = |p: &&str| matches!(*p, "E" | "W" | "e" | "w");
    let (lat, lon) = match parts.iter().position(is_ns) {
        None => {
            let lat = Degrees::signed(parts.first()?)?;
            let lon = Degrees::signed(parts.get(1)?)?;
            (lat, lon)
        }
        Some(i @ 1..=3) => {
            let rest = &parts[i + 1..];
            let j = rest.iter().position(is_ew).filter(|j| (1..=3).contains(j))?;
            let mut lat = Degrees::dms(&parts[..i])?;
            let mut lon = Degrees::dms(&rest[..j])?;
            if parts[i].eq_ignore_ascii_case("s") {
                lat.value = -lat.value;
            }
            if rest[j].eq_ignore_ascii_case("w") {
                lon.value = -lon.value;
            }
            (lat, lon)
        }
        Some(_) => return None,
    };
    if lat.value.abs() > 90.0 || lon.value.abs() > 180.0 {
        return None;
    }
    Some(format!("{}; {}", lat.text(), lon.text()))
}

/// An angle in decimal degrees and the decimals worth showing.
struct Degrees {
    value: f64,
    decimals: usize,
}

impl Degrees {
    /// A signed decimal (`-86.7`, `+36.5`, `−12`).
    fn signed(s: &str) -> Option<Degrees> {
        let (negative, digits) = match s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (value, decimals) = unsigned(digits)?;
        Some(Degrees { value: if negative { -value } else { value }, decimals })
    }

    /// Degrees, and minutes and seconds when given (an empty one counts as zero).
    fn dms(parts: &[&str]) -> Option<Degrees> {
        let (degrees, mut decimals) = unsigned(parts.first()?)?;
        let mut value = degrees;
        for (k, part) in parts.iter().enumerate().skip(1) {
            let (x, _) = if part.is_empty() { (0.0, 0) } else { unsigned(part)? };
            if x >= 60.0 {
                return None;
            }
            value += x / 60f64.powi(k as i32);
            // A minute is about 0.02°, a second about 0.0003°: four and five decimals.
            decimals = 3 + k;
        }
        Some(Degrees { value, decimals })
    }

    /// The value with its decimals, without trailing zeros and never "-0".
    fn text(&self) -> String {
        let mut s = format!("{:.*}", self.decimals.min(8), self.value);
        if s.contains('.') {
            let kept = s.trim_end_matches('0').trim_end_matches('.').len();
            s.truncate(kept);
        }
        if s == "-0" {
            s.remove(0);
        }
        s
    }
}

/// An unsigned decimal number written with digits and at most one point, and its decimals.
fn unsigned(s: &str) -> Option<(f64, usize)> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || int.len() > 3 || frac.len() > 12 || !digits(int) || !digits(frac) {
        return None;
    }
    Some((s.parse().ok()?, frac.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalized() {
        assert_eq!(Key::new(" Template:Flag_icon ").unwrap().as_str(), "flag icon");
        assert_eq!(Key::new("Use  dmy\tdates").unwrap().as_str(), "use dmy\tdates");
        assert!(Key::new(&"x".repeat(100)).is_none());
    }

    #[test]
    fn month_names_and_numbers() {
        for (m, name) in [("10", "October"), ("05", "May"), ("May", "May"), ("oct", "October"), ("Sept", "September")] {
            assert_eq!(month_name(m), Some(name), "{m}");
        }
        for m in ["0", "13", "", "Ma", "Octobre", "März"] {
            assert_eq!(month_name(m), None, "{m}");
        }
    }

    #[test]
    fn coordinate_forms() {
        let cases: &[(&[&str], Option<&str>)] = &[
            (&["36.7909", "N", "27.0712", "E"], Some("36.7909; 27.0712")),
            (&["32.7", "-86.7"], Some("32.7; -86.7")),
            (&["26.5", "128"], Some("26.5; 128")),
            (&["52", "31", "N", "13", "23", "E"], Some("52.5167; 13.3833")),
            (&["32", "08", "43", "N", "23", "21", "27", "W"], Some("32.14528; -23.3575")),
            (&["30", "N", "24", "E"], Some("30; 24")),
            (&["33", "39", "S", "151", "12", "E"], Some("-33.65; 151.2")),
            (&["0", "S", "0", "W"], Some("0; 0")),
            (&["91", "N", "24", "E"], None),
            (&["36", "N", "181", "E"], None),
            (&["36", "61", "N", "24", "E"], None),
            (&["36", "N", "24"], None),
            (&["N", "24", "E"], None),
            (&["1e3", "4"], None),
            (&["NaN", "4"], None),
            (&["inf", "4"], None),
            (&["36"], None),
            (&[], None),
        ];
        for (parts, expected) in cases {
            assert_eq!(coord_text(parts).as_deref(), *expected, "{parts:?}");
        }
    }

    #[test]
    fn classification() {
        assert_eq!(classify("cite web"), Action::Nothing);
        assert_eq!(classify("campaignbox dodecanese campaign"), Action::Nothing);
        assert_eq!(classify("kia"), Action::Fixed(" †"));
        assert_eq!(classify("hms"), Action::Ship("HMS"));
        assert_eq!(classify("lang-el"), Action::First);
        assert_eq!(classify("nihongo"), Action::First);
        assert_eq!(classify("world war ii"), Action::Unknown);
        assert!(is_infobox("Infobox military conflict"));
        assert!(is_infobox("infobox"));
        assert!(!is_infobox("Info box"));
    }
}
