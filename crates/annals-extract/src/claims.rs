//! Quantities in infobox strength and casualties values, as claims.
//!
//! # API
//!
//! ```text
//! pub enum Context { Strength, Casualties }
//! pub fn parse_item(item: &str, context: Context) -> Vec<Claim>;
//! pub fn parse_items<'a>(items: impl IntoIterator<Item = &'a str>, context: Context) -> Vec<Claim>;
//! ```
//!
//! `parse_items` reads a whole value given as its items (lines), in order; it is what callers
//! should use, because items depend on each other: a label item ("Per SOHR:", "8 May 1942:")
//! gives its source or period to the items after it, a parenthesised item ("(government
//! claim)", "(by 12 October)") to the items before it, and an item broken off inside a
//! parenthesis or after "&" is joined to the next. `parse_item` reads one item alone.
//!
//! # What is read
//!
//! A *figure* is a number in digits ("9,000", "1.2 million", "5k"), in words ("twelve",
//! "one thousand", "a dozen") or a plural that states a lower bound ("dozens" ≥ 24, "hundreds"
//! ≥ 200, "several hundred" ≥ 300, "tens of thousands" ≥ 20,000). Around it:
//!
//! - a qualifier before it: "up to", "at most", "less than", "<" (at most); "at least", "more
//!   than", "over", ">" (at least); "about", "c.", "ca.", "approx.", "est.", "nearly", "~", "≈"
//!   (approximate); or "+" after it (at least);
//! - a range: two figures joined by "–", "-", "—", "~", "to", "or", or "from … to",
//!   "between … and"; a "+" on the upper end leaves only the lower bound ("300–410+");
//! - the words after it up to the next figure, which say what it counts (the category) and
//!   who (civilians, soldiers, fighters);
//! - parentheses after it, split at ";", ":" and ",": a part with figures is a sub-claim
//!   ("200 killed (48 executed)"); a part naming a claimant is the source ("Syrian claim",
//!   "per SOHR", "German estimate", "(SOHR)"); a part with dates or time words is the period
//!   ("29 Sep. – 13 Oct.", "1st day", "first phase"); anything else is dropped ("all withdrawn").
//!
//! Several figures in one item are several claims ("15 dead, 70 wounded", "13 killed 32
//! wounded"). A number that is part of a date ("10 April", "Nov. 2012", "in 2014", "1942:",
//! "(2012)"), a designation ("Leopard 2", "Fw 190", "Su-22", "5th"), a unit's name ("74
//! Squadron", "3 Commando"), a share ("74%"), a duration or distance ("872 days"), a section
//! sign ("§7") or a denominator ("out of an est. 300,000") is not a figure. Footnote markers
//! (`[1]`), a trailing `*` and leftover markup (`<br>`, `&nbsp;`) are ignored. No claim is made
//! without a figure: "several killed", "many wounded", "Unknown", "heavy" make none.
//!
//! A *label* is the words before a ":" ("Italian: 8,320 soldiers", "Per SOHR:", "Second
//! phase: 180 killed") or before the first figure ("Estimate 760–1200 tanks"). A label that
//! names a claimant ("Per SOHR", "Rebel/SOHR claim", "Russian estimated") is the source of the
//! figures after it, one with a date or time word ("8 May 1942", "Second phase", "October") is
//! their period, and its words count for a figure that names nothing itself ("Initial
//! aircraft: 549 serviceable"). A force named in a label ("SDF: 1,000 fighters") is not a source.
//!
//! # Choices
//!
//! - Category: materiel named first wins ("6 tanks captured" counts tanks); otherwise one event
//!   word decides ("killed", "dead", "KIA" → killed; "wounded", "injured" → wounded;
//!   "captured", "POWs", "prisoners", "surrendered" → captured; "kidnapped", "abducted" →
//!   kidnapped; "executed", "beheaded" → executed; "missing", "MIA" → missing). Several events
//!   joined as alternatives or a sum ("killed, wounded or captured", "killed or missing",
//!   "KIA, WIA, MIA") and "casualties", "losses", "displaced" are `other`: the figure is not a
//!   count of any one of them. Tanks and tankettes are `tanks`; vehicles, armoured cars, APCs,
//!   AFVs, lorries, assault guns and tank destroyers `vehicles`; aircraft, planes, jets,
//!   helicopters, drones and aircraft types (Su-22, Mi-8, Spitfire, Fw 190) `aircraft`; guns,
//!   artillery, mortars and ships `other`; units ("4 divisions", "1 armored brigade") `other`,
//!   unless people are named with them ("120 FSA Farouq Brigade fighters" counts fighters).
//! - Without such words a figure is `personnel` in a strength value ("4,000", "9,000 soldiers
//!   and policemen", "Up to 2,000"). In a casualties value it takes the event of the next
//!   figure it is listed with ("114 Hezbollah fighters, 23 soldiers … killed"; "3,145 Italians
//!   & 1,388 British POWs"), or the category of the figure it is part of ("1,479 killed,
//!   including at least 13 commanders"), or materiel of the figure listed before it ("~1,000
//!   aircraft lost, over 647 in December"), else the label's words, else it is `other`: a bare
//!   "38,362" or "35,866 men" in a casualties value is losses of all kinds, not a death toll.
//!   A sub-claim without such words takes its parent's category ("(30,000 German, …)").
//! - Who is read from the words about people ("civilians", "soldiers", "policemen",
//!   "fighters", "militants", "rebels"); when they disagree ("combatants and civilians",
//!   "soldiers and militiamen") it is `None`, and so it is for materiel. Words after "by" are
//!   about someone else ("15 prisoners executed by the Syrian Army").
//! - Claimants keep their own words, except that a state's claim names its government
//!   ("Syrian claim" → "Syrian government", "Russian claim" → "Russian government"), "gov." is
//!   "government", and the Syrian Observatory for Human Rights is "SOHR". An estimate keeps the
//!   adjective ("German estimate" → "German", "Soviet figures" → "Soviet"). Words that name no
//!   one give no source ("various claims", "Contemporary estimates"). The two ends of a range
//!   with their own sources get both, joined with "; ".
//! - A source or period in parentheses after the last of figures listed with "," / "and" / "&"
//!   applies to all of them ("431–500+ killed, 1,000 wounded (opposition claim)"); a date in
//!   the open ("39 killed in air raids on 6 March") only to its own figure.
//! - A bare four-digit number is a figure ("1500" in a strength value); it is a year only in
//!   parentheses, after a month or a word like "in", "since", "by", or before a ":".
//! - `text`: the whole item (trimmed) when the item holds one claim; otherwise each claim's own
//!   fragment ("200 killed" and "48 executed").
//! - A figure "estimated" (by a part or label) without a qualifier of its own is approximate.
//! - A total ("Total: 174,194") is a claim like any other.
//!
//! Scanning is linear in the length of the value, allocation is per figure, and nothing panics,
//! on any input (the tests feed it the corpus and random text).

mod attrib;
mod lex;
mod vocab;

use annals_model::conflict::{Category, Claim, Qualifier, Who};
use attrib::Attrib;
use lex::{is_dash, lex, Kind, Tok};
use std::borrow::Cow;
use vocab::{Class, Prefix, Sense};

/// Which infobox field a value comes from: it decides what a bare figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// `strength1`, `strength2`, …: a bare figure is personnel.
    Strength,
    /// `casualties1`, `casualties2`, …: a bare figure is losses of all kinds (`other`).
    Casualties,
}

impl Context {
    /// The context of an infobox key (`strength2`, `casualties3`), if it is either.
    pub fn for_key(key: &str) -> Option<Context> {
        let k = key.trim().to_ascii_lowercase();
        if k.starts_with("strength") {
            Some(Context::Strength)
        } else if k.starts_with("casualties") || k.starts_with("losses") {
            Some(Context::Casualties)
        } else {
            None
        }
    }
}

/// Every claim in one item of an infobox strength or casualties value (one line of the value).
pub fn parse_item(item: &str, context: Context) -> Vec<Claim> {
    parse_items([item], context)
}

/// Every claim in a whole value given as its items, in order.
pub fn parse_items<'a>(items: impl IntoIterator<Item = &'a str>, context: Context) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    // Labels ("Per SOHR:", "8 May 1942:") hold for the items after them.
    let mut sticky_source: Option<String> = None;
    let mut sticky_period: Option<String> = None;
    // The first claim a trailing "(government claim)" item may still attribute.
    let mut open_from = 0;
    for line in logical_lines(items) {
        let line = line.as_ref();
        let parsed = parse_line(line, context);
        if !parsed.claims.is_empty() {
            let own_source = parsed.claims.iter().any(|c| c.source.is_some());
            for mut c in parsed.claims {
                if c.source.is_none() {
                    c.source.clone_from(&sticky_source);
                }
                if c.period.is_none() {
                    c.period.clone_from(&sticky_period);
                }
                out.push(c);
            }
            if own_source {
                open_from = out.len();
            }
            continue;
        }
        match parsed.role {
            Role::Leading => {
                // A new group label ("Italian:", "; American") ends the period of the group
                // before it; a claimant label ("Per SOHR:") only changes the source.
                match (parsed.attrib.source, parsed.attrib.period) {
                    (Some(s), p) => {
                        sticky_source = Some(s);
                        if p.is_some() {
                            sticky_period = p;
                        }
                    }
                    (None, p) => sticky_period = p,
                }
                open_from = out.len();
            }
            Role::Trailing if parsed.attrib != Attrib::default() => {
                let tail = out.get_mut(open_from..).unwrap_or_default();
                for c in tail.iter_mut() {
                    if c.source.is_none() {
                        c.source.clone_from(&parsed.attrib.source);
                    }
                    if c.period.is_none() {
                        c.period.clone_from(&parsed.attrib.period);
                    }
                    if parsed.attrib.approx && c.qualifier == Qualifier::Exact {
                        c.qualifier = Qualifier::Approx;
                    }
                }
                // Each claim is attributed by at most one note, so the scan stays linear.
                open_from = out.len();
            }
            Role::Trailing | Role::None => {}
        }
    }
    out
}

/// The lines of a value: items split at line breaks and `<br>`, an item broken off inside a
/// parenthesis joined to the items that close it, and an item ending in "&", "and" or "or"
/// joined to the next.
fn logical_lines<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<Cow<'a, str>> {
    let mut lines: Vec<Cow<'a, str>> = Vec::new();
    // How many pieces the last line was joined from: joins are bounded, so a value of many
    // unclosed parentheses stays linear.
    let mut joined = 0;
    for item in items {
        for piece in split_breaks(item) {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            match lines.last_mut() {
                Some(last)
                    if joined < 4 && (ends_with_connector(last) || (open_paren(last) && closes_paren(piece))) =>
                {
                    let sep = if ends_with_connector(last) { " " } else { ", " };
                    let mut s = std::mem::take(last).into_owned();
                    s.push_str(sep);
                    s.push_str(piece);
                    *last = Cow::Owned(s);
                    joined += 1;
                }
                _ => {
                    lines.push(Cow::Borrowed(piece));
                    joined = 0;
                }
            }
        }
    }
    lines
}

/// Whether the text leaves a parenthesis open.
fn open_paren(s: &str) -> bool {
    let mut depth = 0i32;
    for b in s.bytes() {
        match b {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    depth > 0
}

/// Whether the text closes a parenthesis it did not open.
fn closes_paren(s: &str) -> bool {
    let mut depth = 0i32;
    for b in s.bytes() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn ends_with_connector(s: &str) -> bool {
    let t = s.trim_end();
    if t.ends_with('&') {
        return true;
    }
    let last = t.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let before = t.len().saturating_sub(last.len());
    let spaced = t[..before].ends_with(char::is_whitespace);
    spaced && (last.eq_ignore_ascii_case("and") || last.eq_ignore_ascii_case("or"))
}

/// Splits at line breaks and `<br>`, `<br/>`, `<br />` (any case).
fn split_breaks(item: &str) -> Vec<&str> {
    let bytes = item.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            out.push(item.get(start..i).unwrap_or(""));
            i += 1;
            start = i;
        } else if bytes[i] == b'<'
            && bytes.get(i + 1..i + 3).is_some_and(|b| b.eq_ignore_ascii_case(b"br"))
            && !bytes.get(i + 3).is_some_and(u8::is_ascii_alphanumeric)
        {
            let close = bytes[i..].iter().take(8).position(|&b| b == b'>');
            match close {
                Some(k) => {
                    out.push(item.get(start..i).unwrap_or(""));
                    i += k + 1;
                    start = i;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    out.push(item.get(start..).unwrap_or(""));
    out
}

/// How an item without figures bears on its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A label: its source or period holds for the items after it.
    Leading,
    /// A note: its source or period holds for the items before it.
    Trailing,
    None,
}

struct Line {
    claims: Vec<Claim>,
    attrib: Attrib,
    role: Role,
}

/// A figure found in the tokens: where it starts (with its qualifier) and what it bounds.
#[derive(Clone, Copy, Debug)]
struct Qty {
    /// The first token, qualifier included.
    lead: usize,
    /// The token after the figure (after the range's end and a "+").
    next: usize,
    low: Option<u64>,
    high: Option<u64>,
    qualifier: Qualifier,
}

/// What words around a figure say.
#[derive(Clone, Copy, Debug, Default)]
struct Senses {
    /// Distinct events, in order (at most the first four).
    events: [Option<Category>; 4],
    mixed: bool,
    materiel: Option<Category>,
    /// A unit was named before any people ("4 divisions").
    unit: bool,
    people: bool,
    /// Civilians, soldiers, fighters, combatants: which were named.
    classes: [bool; 4],
    default_event: Option<Category>,
}

impl Senses {
    fn add_event(&mut self, c: Category) {
        if self.events.contains(&Some(c)) {
            return;
        }
        if let Some(slot) = self.events.iter_mut().find(|e| e.is_none()) {
            *slot = Some(c);
        }
    }

    fn event_count(&self) -> usize {
        self.events.iter().flatten().count()
    }

    /// The category the events give: one event, or `Other` for several or a mixed word.
    fn event_category(&self) -> Option<Category> {
        if self.mixed || self.event_count() > 1 {
            return Some(Category::Other);
        }
        self.events[0].or(self.default_event)
    }

    fn category(&self) -> Option<Category> {
        self.materiel
            .or_else(|| self.event_category())
            .or_else(|| (self.unit && !self.people).then_some(Category::Other))
    }

    fn who(&self) -> Option<Who> {
        let [civ, sol, fig, com] = self.classes;
        match (civ, sol, fig, com) {
            (true, false, false, false) => Some(Who::Civilians),
            (false, true, false, false) => Some(Who::Soldiers),
            (false, false, true, false) => Some(Who::Fighters),
            _ => None,
        }
    }

    fn any_who(&self) -> bool {
        self.classes.iter().any(|&c| c)
    }
}

/// One figure with the tokens that belong to it.
struct Segment {
    qty: Qty,
    /// Tokens after the figure that speak about it, up to the next figure's label or lead.
    body: (usize, usize),
    /// A label before the figure ("Italian:", "Per SOHR:"), as a token range.
    label: Option<(usize, usize)>,
    /// Whether the figure is listed with the next one by ",", "&", "and", "or" or "including".
    listed: bool,
    /// Whether the next figure is a part of this one ("1,479 killed, including 13 commanders").
    includes_next: bool,
}

/// What a segment's words and parentheses give, before inheritance.
struct Reading {
    senses: Senses,
    /// The source and period from parentheses and "per X".
    attrib: Attrib,
    /// A date in the open ("39 killed in air raids on 6 March"): the figure's own period, not
    /// passed to the figures listed before it.
    open_period: Option<String>,
    /// Sub-claims from parentheses, each with its own senses and qualifier, and the text.
    subs: Vec<Sub>,
    /// Where the fragment of the parent claim ends (before a parenthesis with sub-claims).
    text_end: usize,
}

struct Sub {
    qty: Qty,
    senses: Senses,
    text: String,
}

fn parse_line(line: &str, context: Context) -> Line {
    let toks = lex(line, 0, line.len());
    let qtys = quantities(line, &toks);
    let trimmed = line.trim();
    if qtys.is_empty() {
        // No figure at the top level: the line is a label or a note, but parentheses may still
        // hold figures ("Unknown (50 Afghan fighters killed)").
        let label = read_label(line, &toks, 0, toks.len());
        let mut claims = Vec::new();
        for sub in label.subs {
            let category = sub.senses.category().or(label.senses.category()).unwrap_or(default_category(context));
            let who = who_for(category, &sub.senses).or_else(|| who_for(category, &label.senses));
            claims.push(make_claim(sub.text, sub.qty, category, who, &label.attrib));
        }
        if claims.len() == 1 {
            if let Some(c) = claims.first_mut() {
                c.text = trimmed.to_string();
            }
        }
        let ends_label = trimmed.trim_end_matches(|c: char| c == ',' || c.is_whitespace()).ends_with(':');
        let role = if !claims.is_empty() {
            Role::None
        } else if ends_label || trimmed.starts_with(';') {
            Role::Leading
        } else if trimmed.starts_with('(') || label.attrib.source.is_some() {
            Role::Trailing
        } else if label.attrib.period.is_some() {
            Role::Leading
        } else {
            Role::None
        };
        return Line { claims, attrib: label.attrib, role };
    }

    let segments = segment(line, &toks, &qtys);
    let labels: Vec<Option<Reading>> =
        segments.iter().map(|s| s.label.map(|(a, b)| read_label(line, &toks, a, b))).collect();
    // A label holds for the figures after it in the line, up to the next label.
    let mut current: Vec<Option<usize>> = Vec::with_capacity(segments.len());
    for (j, label) in labels.iter().enumerate() {
        let prev = current.last().copied().flatten();
        current.push(if label.is_some() { Some(j) } else { prev });
    }
    let label_of = |j: usize| current[j].and_then(|k| labels[k].as_ref());
    let readings: Vec<Reading> = segments.iter().map(|s| read_segment(line, &toks, s)).collect();

    // Attribution: own, else passed back from a later figure of the same list, else the label's.
    let n = segments.len();
    let mut attribs: Vec<Attrib> = readings.iter().map(|r| r.attrib.clone()).collect();
    for j in (0..n.saturating_sub(1)).rev() {
        if segments[j].listed && labels[j + 1].is_none() {
            let next = attribs[j + 1].clone();
            let a = &mut attribs[j];
            if a.source.is_none() {
                a.source = next.source;
            }
            if a.period.is_none() {
                a.period = next.period;
            }
        }
    }
    for (j, a) in attribs.iter_mut().enumerate() {
        if a.period.is_none() {
            a.period.clone_from(&readings[j].open_period);
        }
        if let Some(l) = label_of(j) {
            if a.source.is_none() {
                a.source.clone_from(&l.attrib.source);
            }
            if a.period.is_none() {
                a.period.clone_from(&l.attrib.period);
            }
            a.approx |= l.attrib.approx;
        }
    }

    let events =
        if context == Context::Casualties { listed_events(&segments, &readings, &labels) } else { vec![None; n] };
    let mut claims = Vec::new();
    let mut categories: Vec<Category> = Vec::with_capacity(n);
    for (j, seg) in segments.iter().enumerate() {
        // Claims made by label parentheses come first, in their place.
        if let Some(label) = &labels[j] {
            for sub in &label.subs {
                let category = sub.senses.category().unwrap_or(default_category(context));
                let who = who_for(category, &sub.senses);
                claims.push(make_claim(sub.text.clone(), sub.qty, category, who, &label.attrib));
            }
        }
        let r = &readings[j];
        let label = label_of(j);
        // The label speaks for the figure only when the figure says nothing of its own, and
        // a label that names a claimant ("Rebel/SOHR claim:") says nothing about who.
        let label_senses = label.filter(|_| !r.senses.people).map(|l| l.senses);
        let label_who = label.filter(|l| l.attrib.source.is_none() && !r.senses.any_who()).map(|l| l.senses);
        let prev = j.checked_sub(1).map(|p| (&segments[p], categories[p]));
        let category = r
            .senses
            .category()
            .or_else(|| prev.filter(|(s, _)| s.includes_next).map(|(_, c)| c))
            .or(events[j])
            .or_else(|| {
                // "~1,000 aircraft lost, over 647 in December": a bare figure listed after
                // materiel counts the same materiel.
                prev.filter(|(s, c)| {
                    s.listed
                        && !r.senses.people
                        && matches!(c, Category::Tanks | Category::Vehicles | Category::Aircraft)
                })
                .map(|(_, c)| c)
            })
            .or_else(|| label_senses.and_then(|l| l.category()))
            .unwrap_or(default_category(context));
        categories.push(category);
        let who = who_for(category, &r.senses).or_else(|| label_who.and_then(|l| who_for(category, &l)));
        let mut qty = seg.qty;
        if attribs[j].approx && qty.qualifier == Qualifier::Exact {
            qty.qualifier = Qualifier::Approx;
        }
        let text = fragment(line, &toks, qty.lead, r.text_end);
        claims.push(make_claim(text, qty, category, who, &attribs[j]));
        for sub in &r.subs {
            let sub_category = sub.senses.category().unwrap_or(category);
            let sub_who = if sub.senses.any_who() {
                who_for(sub_category, &sub.senses)
            } else {
                who_for(sub_category, &r.senses)
            };
            claims.push(make_claim(sub.text.clone(), sub.qty, sub_category, sub_who, &attribs[j]));
        }
    }
    if claims.len() == 1 {
        if let Some(c) = claims.first_mut() {
            c.text = trimmed.to_string();
        }
    }
    Line { claims, attrib: Attrib::default(), role: Role::None }
}

fn default_category(context: Context) -> Category {
    match context {
        Context::Strength => Category::Personnel,
        Context::Casualties => Category::Other,
    }
}

/// Who, for a category that counts people.
fn who_for(category: Category, senses: &Senses) -> Option<Who> {
    match category {
        Category::Tanks | Category::Vehicles | Category::Aircraft => None,
        Category::Other if senses.materiel.is_some() || (senses.unit && !senses.people) => None,
        _ => senses.who(),
    }
}

/// For each figure, the event of a later figure it is listed with ("114 fighters, 23 soldiers
/// … killed"), found in one pass from the end. Materiel listed in between ends the search.
fn listed_events(segments: &[Segment], readings: &[Reading], labels: &[Option<Reading>]) -> Vec<Option<Category>> {
    let n = segments.len();
    let mut out = vec![None; n];
    for j in (0..n.saturating_sub(1)).rev() {
        if !segments[j].listed || labels[j + 1].is_some() {
            continue;
        }
        let next = &readings[j + 1].senses;
        out[j] = match next.event_category() {
            Some(c) => Some(c),
            None if next.materiel.is_some() => None,
            None => out[j + 1],
        };
    }
    out
}

fn make_claim(text: String, qty: Qty, category: Category, who: Option<Who>, attrib: &Attrib) -> Claim {
    Claim {
        text,
        low: qty.low,
        high: qty.high,
        qualifier: qty.qualifier,
        category,
        who,
        source: attrib.source.clone(),
        period: attrib.period.clone(),
    }
}

/// The text of tokens `a..b` without the connectors that end it ("15 dead," → "15 dead").
fn fragment(line: &str, toks: &[Tok], a: usize, b: usize) -> String {
    let mut end = b.min(toks.len());
    while end > a {
        let t = &toks[end - 1];
        let connector = matches!(t.kind, Kind::Punct(',' | ';' | '&' | '/' | '*' | '.' | ':'))
            || matches!(t.kind, Kind::Punct(c) if is_dash(c))
            || t.is_any(line, &["and", "or", "incl", "including"]);
        if !connector {
            break;
        }
        end -= 1;
    }
    attrib::span(line, toks, a, end).trim().to_string()
}

/// Splits the tokens into one segment per figure, with the labels between them.
fn segment(line: &str, toks: &[Tok], qtys: &[Qty]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(qtys.len());
    for (j, q) in qtys.iter().enumerate() {
        let gap_start = if j == 0 { 0 } else { qtys[j - 1].next };
        let (label, prev_end) = label_in_gap(line, toks, gap_start, q.lead, j == 0);
        if let Some(prev) = out.last_mut() {
            prev.body.1 = prev_end;
            (prev.listed, prev.includes_next) = link(line, toks, prev.body);
        }
        out.push(Segment { qty: *q, body: (q.next, toks.len()), label, listed: false, includes_next: false });
    }
    out
}

/// Words that are values, not labels: "First phase: Unknown Second phase: 180 killed".
const NOT_LABEL: &[&str] = &["unknown", "none", "nil", "unclear", "heavy", "light", "n/a", "na"];

/// The label in the tokens `a..b` before a figure, and where the words of the previous figure
/// end. A label is the words before the last ":" that are neither about the previous figure
/// nor a value ("killed Second phase: 180" → "Second phase"); before the first figure without
/// a ":", all words before it are its label ("Estimate 760–1200 tanks").
fn label_in_gap(line: &str, toks: &[Tok], a: usize, b: usize, first: bool) -> (Option<(usize, usize)>, usize) {
    let Some(colon) = (a..b).rev().find(|&i| toks[i].is_punct(':')) else {
        if first {
            let has_words = toks[a..b].iter().any(|t| t.is_word() || matches!(t.kind, Kind::Group { .. }));
            return (has_words.then_some((a, b)), a);
        }
        return (None, b);
    };
    let mut start = colon;
    while start > a {
        let t = &toks[start - 1];
        // Before the first figure nothing is about a previous figure: the label runs back to
        // an earlier ":" or a value word; between figures it stops at the previous figure's
        // words too.
        let part_of_label = if first {
            !t.is_punct(':') && !t.is_any(line, NOT_LABEL)
        } else {
            t.is_word() && word_sense(line, toks, start - 1).is_none() && !t.is_any(line, NOT_LABEL)
        };
        if !part_of_label {
            break;
        }
        start -= 1;
    }
    (Some((start, b)), start)
}

/// How the tokens of a body link its figure to the next: listed ("," "&" "and" "or"), and
/// whether the next is a part of it ("including").
fn link(line: &str, toks: &[Tok], body: (usize, usize)) -> (bool, bool) {
    let (a, b) = body;
    if b <= a {
        return (false, false);
    }
    let t = &toks[b - 1];
    let includes = t.is_any(line, &["including", "incl", "among", "whom"])
        || (t.is_punct('.') && b >= 2 + a && toks[b - 2].is_any(line, &["incl"]));
    let listed = includes || matches!(t.kind, Kind::Punct(',' | '&')) || t.is_any(line, &["and", "or"]);
    (listed, includes)
}

/// The sense of the word at `i`, with the word after it when they make a pair.
fn word_sense(line: &str, toks: &[Tok], i: usize) -> Option<(Sense, usize)> {
    let t = toks.get(i)?;
    if !t.is_word() {
        return None;
    }
    let mut b1 = [0u8; 24];
    let w = crate::dates::ascii_lower(t.text(line), &mut b1);
    if let Some(n) = toks.get(i + 1).filter(|n| n.is_word()) {
        let mut b2 = [0u8; 24];
        let nw = crate::dates::ascii_lower(n.text(line), &mut b2);
        if let Some(s) = vocab::pair_sense(w, nw) {
            return Some((s, 2));
        }
    }
    vocab::sense(w).map(|s| (s, 1))
}

/// Reads the words of `toks[a..b]` (parentheses skipped) for what they say about a figure.
fn read_senses(line: &str, toks: &[Tok], a: usize, b: usize) -> Senses {
    let mut s = Senses::default();
    // After an event word, further events count only while the words between are connectors
    // ("killed, wounded or captured"; "killed in action"), not after other words ("captured,
    // all executed").
    let mut after_event = false;
    let mut list_open = true;
    let mut i = a;
    while i < b.min(toks.len()) {
        let t = &toks[i];
        match t.kind {
            Kind::Group { .. } => {
                i += 1;
                continue;
            }
            Kind::Punct(c) => {
                if after_event && !matches!(c, ',' | '/' | '&') {
                    list_open = false;
                }
                i += 1;
                continue;
            }
            Kind::Num => {
                if after_event {
                    list_open = false;
                }
                i += 1;
                continue;
            }
            Kind::Word => {}
        }
        let Some((sense, len)) = word_sense(line, toks, i) else {
            if after_event && !t.is_any(line, &["or", "and", "in", "action", "both", "respectively", "and/or"]) {
                list_open = false;
            }
            i += 1;
            continue;
        };
        match sense {
            Sense::Stop => break,
            Sense::Event(c) => {
                if s.event_count() == 0 || list_open {
                    s.add_event(c);
                }
                after_event = true;
            }
            Sense::Mixed => {
                if s.event_count() == 0 || list_open {
                    s.mixed = true;
                }
                after_event = true;
            }
            Sense::Materiel(c) => {
                if s.materiel.is_none() && !s.people && !after_event {
                    s.materiel = Some(c);
                }
            }
            Sense::Unit => {
                if !s.people {
                    s.unit = true;
                }
            }
            Sense::People(class, default) => {
                s.people = true;
                if let Some(cl) = class {
                    let k = match cl {
                        Class::Civilians => 0,
                        Class::Soldiers => 1,
                        Class::Fighters => 2,
                        Class::Combatant => 3,
                    };
                    s.classes[k] = true;
                }
                s.default_event = s.default_event.or(default);
            }
        }
        i += len;
    }
    s
}

/// Reads a label (`toks[a..b]`, no top-level figure in it): its words, its parentheses (which
/// may hold figures of their own), and what it says as a source or period.
fn read_label(line: &str, toks: &[Tok], a: usize, b: usize) -> Reading {
    let mut attrib = Attrib::default();
    let mut subs = Vec::new();
    // The words outside parentheses, in parts split at ",", ";" and ":".
    let mut part_start = a;
    let mut i = a;
    while i <= b {
        let at_end = i == b;
        let split = at_end || matches!(toks[i].kind, Kind::Punct(',' | ';' | ':') | Kind::Group { .. });
        if split {
            merge(&mut attrib, attrib::part(line, &toks[part_start..i], false), false);
            if !at_end {
                if let Kind::Group { inner_start, inner_end } = toks[i].kind {
                    let g = read_group(line, inner_start, inner_end);
                    merge(&mut attrib, g.attrib, false);
                    subs.extend(g.subs);
                }
            }
            part_start = i + 1;
        }
        i += 1;
    }
    let senses = read_senses(line, toks, a, b);
    Reading { senses, attrib, open_period: None, subs, text_end: b }
}

/// Keeps the first source and period found; with `join`, joins distinct sources (the two ends
/// of "3,770 (opposition sources) –3,857 (Ba'athist sources)").
fn merge(into: &mut Attrib, from: Attrib, join: bool) {
    match (&mut into.source, from.source) {
        (None, s) => into.source = s,
        (Some(a), Some(b)) if join && !a.split("; ").any(|x| x == b) => {
            a.push_str("; ");
            a.push_str(&b);
        }
        _ => {}
    }
    if into.period.is_none() {
        into.period = from.period;
    }
    into.approx |= from.approx;
}

/// Reads a segment: the words after the figure, its parentheses, and "per X" in the open.
fn read_segment(line: &str, toks: &[Tok], seg: &Segment) -> Reading {
    let (a, b) = seg.body;
    let senses = read_senses(line, toks, a, b);
    let mut attrib = Attrib::default();
    let mut subs = Vec::new();
    let mut text_end = b;
    // Parentheses inside the range ("3,770 (opposition sources) –3,857") give the range all
    // their sources; after the figure, the first source found is the figure's.
    let inner: Vec<usize> =
        (seg.qty.lead..seg.qty.next).filter(|&i| matches!(toks[i].kind, Kind::Group { .. })).collect();
    // With a parenthesis between the ends of a range, the one right after the upper end is
    // that end's own.
    let join_until = if inner.is_empty() { a } else { a + 1 };
    let after = (a..b).filter(|&i| matches!(toks[i].kind, Kind::Group { .. }));
    for g in inner.iter().copied().chain(after) {
        if let Kind::Group { inner_start, inner_end } = toks[g].kind {
            let r = read_group(line, inner_start, inner_end);
            if !r.subs.is_empty() && g >= a {
                text_end = text_end.min(g);
            }
            merge(&mut attrib, r.attrib, g < join_until);
            subs.extend(r.subs);
        }
    }
    // "101 killed per SOHR", "according to the UN" outside parentheses.
    if let Some(p) = (a..b).find(|&i| toks[i].is_any(line, &["per", "according"])) {
        let end = (p..b).find(|&i| matches!(toks[i].kind, Kind::Punct(',' | ';') | Kind::Group { .. })).unwrap_or(b);
        merge(&mut attrib, attrib::part(line, &toks[p..end], false), false);
    }
    // Dates in the open ("39 killed in air raids on 6 March").
    let dated: Vec<usize> = (a..b).filter(|&i| toks[i].date || toks[i].month(line).is_some()).collect();
    let open_period = match (dated.first(), dated.last()) {
        (Some(&f), Some(&l)) => Some(attrib::span(line, toks, f, l + 1).trim().to_string()).filter(|p| !p.is_empty()),
        _ => None,
    };
    Reading { senses, attrib, open_period, subs, text_end }
}

/// Reads a parenthesis `line[inner_start..inner_end]`: its parts, split at ";", ":" and ",",
/// are sub-claims when they hold figures, otherwise sources, periods or nothing. The period is
/// the text from the first to the last period part when they follow each other
/// ("10–11 April; 30 April – 10 June").
fn read_group(line: &str, inner_start: usize, inner_end: usize) -> Reading {
    let mut toks = lex(line, inner_start, inner_end);
    // In a parenthesis, a year-like number that no word follows is a year: "(2012)",
    // "(1635)", "(2012, Syrian claim)"; "(1500 men)" stays a figure.
    for i in 0..toks.len() {
        if toks[i].kind == Kind::Num && toks[i].digits.year_like() && !toks.get(i + 1).is_some_and(Tok::is_word) {
            toks[i].date = true;
        }
    }
    let mut attrib = Attrib::default();
    let mut subs = Vec::new();
    let mut periods: Vec<(usize, usize, usize)> = Vec::new(); // (part index, start byte, end byte)
    let mut part_no = 0;
    let mut start = 0;
    for i in 0..=toks.len() {
        let split = i == toks.len() || matches!(toks[i].kind, Kind::Punct(';' | ':' | ','));
        if !split {
            continue;
        }
        let part = &toks[start..i];
        let qtys = quantities(line, part);
        if qtys.is_empty() {
            let a = attrib::part(line, part, true);
            if a.period.is_some() {
                if let (Some(f), Some(l)) = (part.first(), part.last()) {
                    periods.push((part_no, f.start, l.end));
                }
            }
            merge(&mut attrib, Attrib { period: None, ..a }, false);
        } else {
            let segs = segment(line, part, &qtys);
            let mut senses: Vec<Senses> = segs.iter().map(|s| read_senses(line, part, s.body.0, s.body.1)).collect();
            // "5 soldiers and 6 tanks captured" inside a parenthesis: a figure listed with a
            // later one takes its event.
            for j in (0..segs.len()).rev() {
                if senses[j].category().is_none() && segs[j].listed {
                    if let Some(c) = senses.get(j + 1).and_then(Senses::event_category) {
                        senses[j].events[0] = Some(c);
                    }
                }
            }
            let single = segs.len() == 1;
            for (seg, senses) in segs.iter().zip(senses) {
                let text = if single {
                    attrib::span(line, part, seg.qty.lead, part.len()).trim().to_string()
                } else {
                    fragment(line, part, seg.qty.lead, seg.body.1)
                };
                subs.push(Sub { qty: seg.qty, senses, text });
            }
        }
        part_no += 1;
        start = i + 1;
    }
    if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
        let contiguous = last.0 - first.0 + 1 == periods.len();
        attrib.period = if contiguous {
            line.get(first.1..last.2).map(|s| s.trim().to_string())
        } else {
            Some(periods.iter().filter_map(|p| line.get(p.1..p.2)).collect::<Vec<_>>().join("; "))
        };
    }
    Reading { senses: Senses::default(), attrib, open_period: None, subs, text_end: 0 }
}

/// A figure's value as read at one token, before qualifiers and ranges.
#[derive(Clone, Copy, Debug)]
struct Value {
    /// The value, `None` when it is a fraction that only a multiplier could make whole.
    value: Option<u64>,
    /// The digits, to apply a later multiplier to ("1.2–1.5 million").
    digits: Option<lex::Digits>,
    /// The multiplier written after the number ("million"), if any.
    mult: Option<u64>,
    /// A plural like "hundreds": a lower bound only.
    vague: bool,
    /// "a dozen": about twelve.
    approx: bool,
    next: usize,
}

fn lower_of<'b>(line: &str, t: &Tok, buf: &'b mut [u8; 24]) -> &'b str {
    if t.is_word() {
        crate::dates::ascii_lower(t.text(line), buf)
    } else {
        ""
    }
}

/// Reads a figure's value at token `i`, if one is there.
fn value_at(line: &str, toks: &[Tok], i: usize) -> Option<Value> {
    let t = toks.get(i)?;
    match t.kind {
        Kind::Num => digits_value(line, toks, i),
        Kind::Word => word_value(line, toks, i),
        _ => None,
    }
}

fn digits_value(line: &str, toks: &[Tok], i: usize) -> Option<Value> {
    let t = &toks[i];
    if t.date {
        return None;
    }
    let d = t.digits;
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    let next = toks.get(i + 1);
    // "§7", "#3", "$50", "No.74": signs glued before the number; "c.3,500" is a qualifier.
    if let Some(p) = prev {
        let abbreviation = p.is_punct('.')
            && i >= 2
            && toks[i - 2].is_any(line, &["c", "ca", "approx", "appr", "est", "max", "min", "incl"]);
        if !t.space_before
            && !abbreviation
            && matches!(p.kind, Kind::Punct('§' | '#' | '№' | '$' | '£' | '€' | '@' | '.' | '/' | '\'' | '’'))
        {
            return None;
        }
    }
    let mut nb = [0u8; 24];
    let next_word = next.map(|n| lower_of(line, n, &mut nb)).unwrap_or("");
    // "74%", "872 days", "12 km": not a count.
    if next.is_some_and(|n| n.is_punct('%') || n.is_punct('‰')) || vocab::is_measure(next_word) {
        return None;
    }
    // "74 Squadron", "3 Commando": the name of one unit ("400 Army soldiers" counts soldiers).
    let capital_unit =
        next.is_some_and(|n| n.text(line).starts_with(char::is_uppercase)) && vocab::is_unit_name(next_word);
    if d.int >= 2 && !d.grouped && capital_unit && word_sense(line, toks, i + 2).is_none() {
        return None;
    }
    // "1. Fallschirm-Jäger-Division": a German ordinal at the start.
    if i == 0
        && d.len <= 2
        && next.is_some_and(|n| n.is_punct('.'))
        && toks.get(i + 2).is_some_and(|w| w.is_word() && w.text(line).starts_with(char::is_uppercase))
    {
        return None;
    }
    // "Leopard 2", "Fw 190", "Brigade 104", "Mk 1": a designation after a name.
    if let Some(p) = prev.filter(|p| p.is_word() && t.space_before) {
        let mut pb = [0u8; 24];
        let pw = lower_of(line, p, &mut pb);
        let always =
            matches!(pw, "mk" | "mark" | "no" | "type" | "model" | "nr" | "number" | "flight" | "route" | "highway");
        let capital = p.text(line).starts_with(char::is_uppercase);
        // Words of the vocabulary before a number are not names, except materiel: "Fw 190".
        let known = !pw.is_empty()
            && (vocab::sense(pw).is_some_and(|s| !matches!(s, Sense::Materiel(_)))
                || is_prefix_word(pw)
                || vocab::number_word(pw).is_some()
                || pw == "total");
        let after_ok = match next {
            None => true,
            Some(n) => match n.kind {
                Kind::Punct(c) => !is_dash(c) && c != '+',
                Kind::Group { .. } => true,
                Kind::Word => {
                    n.text(line).starts_with(char::is_uppercase)
                        || matches!(word_sense(line, toks, i + 1), Some((Sense::Materiel(_), _)))
                }
                Kind::Num => true,
            },
        };
        if always || (capital && !known && !d.grouped && d.int < 10_000 && after_ok) {
            return None;
        }
    }
    let (mult, next_i) = match next_word {
        w if vocab::scale_word(w).is_some() && next.is_some_and(|n| n.space_before) => (vocab::scale_word(w), i + 2),
        _ => (None, i + 1),
    };
    Some(Value { value: d.scaled(mult.unwrap_or(1)), digits: Some(d), mult, vague: false, approx: false, next: next_i })
}

fn is_prefix_word(w: &str) -> bool {
    vocab::PREFIXES.iter().any(|(p, _)| p.contains(&w))
}

fn word_value(line: &str, toks: &[Tok], i: usize) -> Option<Value> {
    let mut b0 = [0u8; 24];
    let w = lower_of(line, &toks[i], &mut b0);
    if w.is_empty() {
        return None;
    }
    let word_at = |k: usize, buf: &mut [u8; 24]| -> String {
        toks.get(k).map(|t| lower_of(line, t, buf).to_string()).unwrap_or_default()
    };
    let mut b1 = [0u8; 24];
    let next = word_at(i + 1, &mut b1);
    // "the two sides", "one of them": not counts.
    if i > 0 && toks[i - 1].is_any(line, &["the", "these", "those"]) {
        return None;
    }
    let vague = |v: u64, next: usize| {
        Some(Value { value: Some(v), digits: None, mult: None, vague: true, approx: false, next })
    };
    // "tens of thousands", "hundreds of thousands".
    let plural = match w {
        "tens" => Some(20),
        _ => vocab::vague_word(w),
    };
    if let Some(v) = plural {
        let mut b2 = [0u8; 24];
        if next == "of" {
            if let Some(u) = vocab::vague_word(&word_at(i + 2, &mut b2)) {
                return vague(v.saturating_mul(u / 2), i + 3);
            }
        }
        return (w != "tens").then(|| vague(v, i + 1)).flatten();
    }
    // "a hundred", "a dozen", "a few hundred".
    if w == "a" || w == "an" {
        if let Some(s) = vocab::scale_word(&next) {
            return Some(Value {
                value: Some(s),
                digits: None,
                mult: None,
                vague: false,
                approx: s == 12,
                next: i + 2,
            });
        }
        if next == "few" {
            let mut b2 = [0u8; 24];
            let third = word_at(i + 2, &mut b2);
            let unit = vocab::scale_word(&third).or_else(|| vocab::vague_word(&third).map(|v| v / 2))?;
            return vague(2 * unit, i + 3);
        }
        return None;
    }
    // "several hundred", "few thousand".
    if let Some(lead) = vocab::vague_lead(w) {
        let unit = vocab::scale_word(&next).or_else(|| vocab::vague_word(&next).map(|v| v / 2))?;
        return vague(lead * unit, i + 2);
    }
    // Number words: "twelve", "one thousand", "two hundred and fifty".
    let first = vocab::number_word(w)?;
    if next == "of" {
        return None;
    }
    let (mut total, mut current) = (0u64, first);
    let mut k = i + 1;
    loop {
        let mut b = [0u8; 24];
        let nw = word_at(k, &mut b);
        if let Some(s) = vocab::scale_word(&nw) {
            if s == 100 || s == 12 {
                current = current.saturating_mul(s);
            } else {
                total = total.saturating_add(current.saturating_mul(s));
                current = 0;
            }
            k += 1;
        } else if let Some(v) = vocab::number_word(&nw)
            .filter(|&v| (current % 100 == 0 && v < 100) || (current % 10 == 0 && current % 100 != 0 && v < 10))
        {
            current = current.saturating_add(v);
            k += 1;
        } else if nw == "and" {
            let mut b2 = [0u8; 24];
            match vocab::number_word(&word_at(k + 1, &mut b2)).filter(|_| current >= 100 && current % 100 == 0) {
                Some(v) => {
                    current = current.saturating_add(v);
                    k += 2;
                }
                None => break,
            }
        } else {
            break;
        }
    }
    Some(Value {
        value: Some(total.saturating_add(current)),
        digits: None,
        mult: None,
        vague: false,
        approx: false,
        next: k,
    })
}

/// The qualifier phrase before token `i` (no further back than `floor`): the index of its
/// first token, what it says, and whether the figure is a denominator ("out of 300,000").
fn prefix_before(line: &str, toks: &[Tok], floor: usize, i: usize) -> (usize, Option<Prefix>, bool) {
    // Up to five words or symbols before the figure, nearest first, with the full stops of
    // abbreviations ("c.", "est.") and a stray "undefined" stepped over.
    let mut words: Vec<(usize, String)> = Vec::with_capacity(5);
    let mut k = i;
    while k > floor && words.len() < 5 {
        let t = &toks[k - 1];
        match t.kind {
            Kind::Punct('.') if k >= 2 && k - 1 > floor && toks[k - 2].is_word() => {
                let mut b = [0u8; 24];
                if vocab::is_abbreviation(lower_of(line, &toks[k - 2], &mut b)) {
                    k -= 1;
                    continue;
                }
                break;
            }
            Kind::Punct(c @ ('~' | '∼' | '≈' | '±' | '<' | '>' | '≤' | '≥')) => {
                words.push((k - 1, c.to_string()))
            }
            Kind::Word => {
                let mut b = [0u8; 24];
                let w = lower_of(line, t, &mut b);
                if w == "undefined" {
                    k -= 1;
                    continue;
                }
                words.push((k - 1, w.to_string()));
            }
            _ => break,
        }
        k -= 1;
    }
    let mut lead = i;
    let mut found = None;
    let mut used = 0;
    for (pattern, prefix) in vocab::PREFIXES {
        let n = pattern.len();
        if n <= words.len() && (0..n).all(|j| words[n - 1 - j].1 == pattern[j]) {
            lead = words[n - 1].0;
            found = Some(*prefix);
            used = n;
            break;
        }
    }
    let rest = &words[used..];
    let denominator = rest.len() >= 2 && rest[0].1 == "of" && rest[1].1 == "out";
    (lead, found, denominator)
}

fn is_range_sep(line: &str, t: &Tok, between: bool) -> bool {
    match t.kind {
        Kind::Punct(c) => is_dash(c) || c == '~' || c == '∼',
        Kind::Word => t.is_any(line, &["to", "or"]) || (between && t.is_any(line, &["and"])),
        _ => false,
    }
}

/// Every figure in `toks`, in order.
fn quantities(line: &str, toks: &[Tok]) -> Vec<Qty> {
    let mut out = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < toks.len() {
        let Some(v1) = value_at(line, toks, i) else {
            i += 1;
            continue;
        };
        let (lead, prefix, denominator) = prefix_before(line, toks, floor, i);
        let mut k = v1.next;
        let plus =
            |k: usize| toks.get(k).is_some_and(|t| t.is_punct('+') || t.is_punct('＋') || t.is_any(line, &["plus"]));
        let plus1 = plus(k);
        if plus1 {
            k += 1;
        }
        // A range: parentheses may sit between its ends ("3,770 (opposition sources) –3,857").
        let mut range: Option<(u64, u64, usize, bool)> = None;
        let mut g = k;
        while toks.get(g).is_some_and(|t| matches!(t.kind, Kind::Group { .. })) {
            g += 1;
        }
        let between = prefix == Some(Prefix::Between);
        if !plus1 && !v1.vague && toks.get(g).is_some_and(|t| is_range_sep(line, t, between)) {
            let mut s = g + 1;
            // An approximate upper end: "10–c. 20".
            if toks.get(s).is_some_and(|t| t.is_any(line, &["c", "ca", "about", "approx"])) {
                s += 1;
                if toks.get(s).is_some_and(|t| t.is_punct('.')) {
                    s += 1;
                }
            }
            if let Some(v2) = value_at(line, toks, s).filter(|v| !v.vague) {
                range = range_of(&v1, &v2).map(|(a, b)| (a, b, v2.next, plus(v2.next)));
            }
        } else if prefix == Some(Prefix::From) && !v1.vague {
            // "from 77,166 dead to 110,000 killed".
            let mut s = k;
            while s < toks.len() && s < k + 4 && toks[s].is_word() && !toks[s].is_any(line, &["to"]) {
                s += 1;
            }
            if toks.get(s).is_some_and(|t| t.is_any(line, &["to"])) {
                if let Some(v2) = value_at(line, toks, s + 1).filter(|v| !v.vague) {
                    range = range_of(&v1, &v2).map(|(a, b)| (a, b, v2.next, plus(v2.next)));
                }
            }
        }
        let qty = match range {
            Some((a, _, next, true)) => {
                Qty { lead, next: next + 1, low: Some(a), high: None, qualifier: Qualifier::AtLeast }
            }
            Some((a, b, next, false)) => Qty { lead, next, low: Some(a), high: Some(b), qualifier: Qualifier::Range },
            None => {
                let Some(v) = v1.value else {
                    i += 1;
                    continue;
                };
                let qualifier = if plus1 || v1.vague {
                    Qualifier::AtLeast
                } else {
                    match prefix {
                        Some(Prefix::Q(q)) => q,
                        _ if v1.approx => Qualifier::Approx,
                        _ => Qualifier::Exact,
                    }
                };
                let (low, high) = match qualifier {
                    Qualifier::AtLeast => (Some(v), None),
                    Qualifier::AtMost => (None, Some(v)),
                    _ => (Some(v), Some(v)),
                };
                Qty { lead, next: k, low, high, qualifier }
            }
        };
        if !denominator {
            out.push(qty);
        }
        floor = qty.next;
        i = qty.next.max(i + 1);
    }
    out
}

/// The ends of a range of two values, when the second is larger: a multiplier written only
/// after the second applies to the first too ("1.2–1.5 million").
fn range_of(v1: &Value, v2: &Value) -> Option<(u64, u64)> {
    let b = v2.value?;
    let a = match (v1.mult, v2.mult, v1.digits) {
        (None, Some(m), Some(d)) => d.scaled(m).filter(|&a| a < b).or(v1.value)?,
        _ => v1.value?,
    };
    (a < b).then_some((a, b))
}
