//! The date a sentence of narrative prose is about, resolved against what the reader knows at
//! that point (the section headings, the conflict's dates, the last date given), never against
//! today.
//!
//! # What is read
//!
//! The sentence is cut into words, numbers, month names (capitalised: "may" is a verb), dashes
//! and commas; text in parentheses and citation markers are skipped, since they hold asides
//! ("which was captured on 5 July 2013") rather than the date the sentence is about. The first
//! date expression, left to right, governs the sentence: normally the leading "On 31 July 2011",
//! and otherwise the first one anywhere ("... ended when, on 14 July, ..."). Expressions:
//!
//! - absolute: `31 July 2011`, `July 31, 2011` (day), `March 2013` (month), `in 2011` (year);
//! - without a year: `On 11 April`, `In March`;
//! - ranges: `From 30 April until 10 May`, `Between 14 and 23 September`, `the night of 14–15
//!   October`, `From January to April 2013`, `from 29 to 31 October`, `16–21 January`;
//! - partial: `late May`, `mid-November 2016`, `early 2014`, `the summer of 2017`;
//! - relative to the last date: `the next day`, `the following day`, `three days later`, `one
//!   week later`, `later that day`, `the same day`, `that day`, `the previous day`, `within a
//!   day`, `overnight`.
//!
//! A lone month or year counts only after a preposition or a qualifier ("In March", "by late
//! May", "since 2013"), so that numbers and names elsewhere are not taken for dates.
//!
//! # Choices
//!
//! - A missing year comes, in order, from the innermost heading whose dates admit the month
//!   ("June 2012 fighting"; under "August 2012 – May 2013 ..." March is 2013 and September is
//!   2012; under "2012–2014 ..." the year consistent with the last date), then from the last
//!   date (the next year when the month lies more than two months before the last one: "On 5
//!   January" after December), then from the conflict's start year (its end year when the day
//!   falls before the start). `inferred_from` says which: "text", "heading", "previous",
//!   "conflict"; relative expressions say "previous".
//! - "late", "early", "mid" and seasons mark the date `approx`. A season gives its first month
//!   at month precision (spring March, summer June, autumn September, winter December of the
//!   year named). "early 2014" stays at year precision.
//! - "within a day" and "overnight" count as the day after the last date: narratives use them
//!   for what happened next.
//! - Relative expressions need a last date known to the day; they give `None` otherwise.
//! - `ctx.last` becomes the resolved start (of a range too): the next sentence usually continues
//!   from where the range began being told, and a range's start is what the reader anchors on.
//!   Looks back ("the previous day", "two days earlier") are flashbacks and leave it unchanged, as
//!   do spans of more than a year, which sum up rather than tell.
//! - Nothing here panics, and the work is linear in the length of the sentence.

use annals_model::conflict::PartialDate;
use annals_model::event::NarrativeDate;

use crate::dates::{days_in_month, month_number, parse_range, UNITS};

/// What the reader knows when a sentence is reached: the section headings above it, the
/// conflict's date range, and the last date the narrative gave.
#[derive(Clone, Debug, Default)]
pub struct DateContext {
    /// Years named by the headings over the current block, innermost last ("2012–2014 battle for
    /// control" / "June 2012 fighting").
    pub headings: Vec<String>,
    /// The conflict's start and end from its infobox, when known.
    pub conflict: Option<(PartialDate, Option<PartialDate>)>,
    /// The last date the narrative gave before this sentence.
    pub last: Option<PartialDate>,
}

/// The date a sentence is about, resolved in narrative mode (never relative to today), or
/// `None` when the sentence gives none. Updates `ctx.last`.
pub fn resolve(sentence: &str, ctx: &mut DateContext) -> Option<NarrativeDate> {
    if !may_hold_date(sentence) {
        return None;
    }
    let toks = tokens(sentence);
    let (i, found) = (0..toks.len()).find_map(|i| expression_at(&toks, i).map(|f| (i, f)))?;
    date_of(sentence, &toks, i, &found, ctx)
}

/// The sentence cut into clauses that give dates of their own (see [`clauses`]), each with the
/// date that governs it, resolved in order so that each clause's date is the context of the
/// next. The sentence is cut into tokens once; a clause without a date gets `None`.
pub fn resolve_clauses(sentence: &str, ctx: &mut DateContext) -> Vec<(std::ops::Range<usize>, Option<NarrativeDate>)> {
    if !may_hold_date(sentence) {
        return vec![(0..sentence.len(), None)];
    }
    let toks = tokens(sentence);
    let found = expressions(&toks);
    let mut out = Vec::new();
    for range in cut(sentence, &toks, &found) {
        let first = found.iter().find(|(i, _)| range.contains(&toks[*i].start));
        let date = first.and_then(|(i, f)| date_of(sentence, &toks, *i, f, ctx));
        out.push((range, date));
    }
    out
}

/// The date an expression found at token `i` stands for, completed from the context, which it
/// then updates. `None` for an expression that cannot be completed (a relative date with nothing
/// before it): it says the sentence is dated, just not knowably, so later dates in it do not
/// govern it.
fn date_of(sentence: &str, toks: &[Tok], i: usize, found: &Found, ctx: &mut DateContext) -> Option<NarrativeDate> {
    let from = anchor_start(toks, i);
    let anchor = sentence.get(toks[from].start..toks[found.next - 1].end).unwrap_or("").to_string();
    let (start, end, inferred) = complete(&found.expr, ctx)?;
    // A look back ("the previous day") is a flashback, and a span of more than a year ("between
    // 2012 and 2018") a summary: the narrative stays where it was.
    let summary = sums_up(&start, end.as_ref());
    if !matches!(found.expr, Expr::Offset(days) if days < 0) && !summary {
        ctx.last = Some(start);
    }
    Some(NarrativeDate { start, end, anchor, inferred_from: inferred.to_string() })
}

/// Whether a date range spans more than a year ("between 2012 and 2018"): it sums up rather than
/// tells a happening.
pub(crate) fn sums_up(start: &PartialDate, end: Option<&PartialDate>) -> bool {
    let months = |d: &PartialDate| d.year * 12 + i32::from(d.month.unwrap_or(1));
    end.is_some_and(|e| months(e) - months(start) > 12)
}

/// Every date expression of the tokens, left to right, with the token it starts at.
fn expressions(toks: &[Tok]) -> Vec<(usize, Found)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match expression_at(toks, i) {
            Some(f) => {
                let next = f.next.max(i + 1);
                out.push((i, f));
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// The sentence cut into clauses where a later clause gives a date of its own: "…killed 44 in
/// Tala'a district and the following day, further airstrikes killed 63 in Khasham" is two
/// clauses, each with its date, as is "ISIS took the village, but the rebels recaptured it two
/// days later". A cut falls at a clause boundary (", and", ", but", ";", ", while", ", then", or
/// "and" right before the date) between the end of one date expression and the next one. Most
/// sentences are one clause. The ranges cover the sentence, in order.
pub fn clauses(sentence: &str) -> Vec<std::ops::Range<usize>> {
    if !may_hold_date(sentence) {
        return std::iter::once(0..sentence.len()).collect();
    }
    let toks = tokens(sentence);
    cut(sentence, &toks, &expressions(&toks))
}

/// The clause ranges of [`clauses`], from the expressions already found.
fn cut(sentence: &str, toks: &[Tok], found: &[(usize, Found)]) -> Vec<std::ops::Range<usize>> {
    const BOUNDARIES: &[&str] = &[", and ", ", but ", "; ", ", while ", ", then ", ", whereas "];
    let mut out = Vec::new();
    let mut from = 0;
    for pair in found.windows(2) {
        let (prev_end, next_start) = (toks[pair[0].1.next - 1].end, toks[anchor_start(toks, pair[1].0)].start);
        let Some(between) = sentence.get(prev_end..next_start) else { continue };
        // A comma splice: ", On 5 December, ISIS captured …" begins a sentence of its own.
        let splice = between.trim_end().ends_with(',')
            && sentence[next_start..].chars().next().is_some_and(char::is_uppercase)
            && !between.trim_end().trim_end_matches(',').is_empty();
        let at = BOUNDARIES
            .iter()
            .filter_map(|b| between.rfind(b).map(|k| k + 2))
            .max()
            .or_else(|| {
                ["and ", "but "]
                    .iter()
                    .find_map(|c| between.ends_with(&format!(" {c}")).then(|| between.len() - c.len()))
            })
            .or_else(|| splice.then_some(between.len()));
        if let Some(at) = at {
            out.push(from..prev_end + at);
            from = prev_end + at;
        }
    }
    out.push(from..sentence.len());
    out
}

/// Whether the sentence may hold a date expression. Every expression has a digit, a month name,
/// or one of the words relative dates are made of ("day", "week", "morning", "night" in
/// "overnight", "evening"), so a sentence with none of them is passed over without being cut into
/// tokens. The search is loose ("mar" in "market" passes), which only costs time.
fn may_hold_date(sentence: &str) -> bool {
    static GATE: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> = std::sync::OnceLock::new();
    const PARTS: &[&str] = &[
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
        "sep", "oct", "nov", "dec", "day", "week", "morning", "night", "evening",
    ];
    let gate = GATE.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(PARTS)
            .ok()
    });
    gate.as_ref().is_none_or(|g| g.is_match(sentence))
}

/// A date as written: any part may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Raw {
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
    approx: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expr {
    Point(Raw),
    Range(Raw, Raw),
    /// Days after (or before, when negative) the last date.
    Offset(i32),
}

struct Found {
    expr: Expr,
    /// The token after the expression.
    next: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A number and the count of its digits.
    Num(u32, u8),
    Month(u8),
    Word,
    Dash,
    Comma,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
    /// Whether a date expression can begin at this token (see [`can_begin`]).
    begins: bool,
}

impl Tok<'_> {
    fn is(&self, word: &str) -> bool {
        self.kind != Kind::Other && self.text.eq_ignore_ascii_case(word)
    }

    fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(w))
    }
}

/// Words after which a lone month or year is a date.
const PREPOSITIONS: &[&str] = &[
    "in",
    "by",
    "since",
    "during",
    "until",
    "till",
    "from",
    "of",
    "before",
    "after",
    "around",
    "throughout",
    "on",
    "between",
    "and",
    "to",
    "through",
    "early",
    "late",
    "mid",
    "end",
    "beginning",
    "start",
    "middle",
];

/// Words that may open an anchor before the date proper ("On 31 July", "By late May").
const LEADS: &[&str] = &["on", "in", "by", "since", "during", "from", "between", "until", "of", "as", "at"];

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    // Once a bracket is found unclosed, later ones are not searched again, keeping this linear.
    let mut unclosed_from = usize::MAX;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !s.is_char_boundary(i) {
            i += 1;
            continue;
        }
        if b == b'(' || b == b'[' {
            let close = if b == b'(' { b')' } else { b']' };
            if i < unclosed_from {
                let mut depth = 0usize;
                let mut end = None;
                for (k, &c) in bytes.iter().enumerate().skip(i) {
                    if c == b {
                        depth += 1;
                    } else if c == close {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = Some(k);
                            break;
                        }
                    }
                }
                match end {
                    Some(k) => {
                        i = k + 1;
                        continue;
                    }
                    None => unclosed_from = i,
                }
            }
            out.push(Tok { kind: Kind::Other, text: &s[i..i + 1], start: i, end: i + 1, begins: false });
            i += 1;
            continue;
        }
        // ASCII first: most of the text is, and decoding a char at every byte showed in profiles.
        let c = if b.is_ascii() { char::from(b) } else { s[i..].chars().next().unwrap_or(' ') };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let digits = j - i;
            let mut kind = Kind::Num(s[i..j].parse::<u32>().unwrap_or(u32::MAX), digits.min(255) as u8);
            // "1,300", "2.5", "104th", "50%": not dates; swallow the whole number.
            let attached = |k: usize| bytes.get(k).is_some_and(|x| x.is_ascii_alphanumeric());
            if matches!(bytes.get(j), Some(b',') | Some(b'.')) && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
                kind = Kind::Other;
                j += 1;
                while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b',' || bytes[j] == b'.') {
                    j += 1;
                }
            } else if attached(j) || digits > 9 {
                kind = Kind::Word;
            }
            while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                j += 1;
            }
            out.push(Tok { kind, text: &s[i..j], start: i, end: j, begins: kind != Kind::Other });
            i = j;
        } else if c.is_alphabetic() {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'\'') {
                j += 1;
            }
            for ch in s[j..].chars() {
                if ch.is_alphanumeric() || ch == '\'' || ch == '’' {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            let text = &s[i..j];
            // Month names are capitalised ("may" is a verb), so only capitalised words are looked up.
            let month = if c.is_uppercase() && text.len() >= 3 { month_number(text) } else { None };
            let (kind, begins) = match month {
                Some(m) => (Kind::Month(m), true),
                None => (Kind::Word, can_begin(text)),
            };
            out.push(Tok { kind, text, start: i, end: j, begins });
            i = j;
        } else {
            let kind = match c {
                '-' | '–' | '—' | '−' => Kind::Dash,
                ',' => Kind::Comma,
                _ => Kind::Other,
            };
            out.push(Tok { kind, text: &s[i..i + clen], start: i, end: i + clen, begins: false });
            i += clen;
        }
    }
    out
}

/// Whether a date expression can begin at this word: the words that open relative dates ("the
/// next day", "later that day", "three days later", "within a day", "overnight") and qualifiers
/// ("late May", "the summer of 2017", "the end of"). Every other word is passed over without
/// trying the expressions at it, which keeps resolving cheap on the ingest's hot path.
fn can_begin(word: &str) -> bool {
    // Besides the counts ("three days later"): the openers of relative dates and qualifiers.
    const WORDS: &[&str] = &[
        "the",
        "next",
        "following",
        "later",
        "earlier",
        "that",
        "within",
        "overnight",
        "a",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "early",
        "late",
        "mid",
        "middle",
        "end",
        "beginning",
        "start",
    ];
    // Most words fail on their length or first letter before any comparison.
    let first = word.as_bytes().first().map_or(0, |b| b.to_ascii_lowercase());
    if word.len() > 9 || !b"abeflmnostw".contains(&first) {
        return false;
    }
    let is = |w: &&str| w.len() == word.len() && w.eq_ignore_ascii_case(word);
    WORDS.iter().any(is) || UNITS[1..=10].iter().any(is)
}

fn day_of(t: Option<&Tok>) -> Option<u8> {
    match t?.kind {
        Kind::Num(d, n) if n <= 2 && (1..=31).contains(&d) => Some(d as u8),
        _ => None,
    }
}

fn year_of(t: Option<&Tok>) -> Option<i32> {
    match t?.kind {
        Kind::Num(y, 4) if (1000..=2200).contains(&y) => Some(y as i32),
        _ => None,
    }
}

fn month_of(t: Option<&Tok>) -> Option<u8> {
    match t?.kind {
        Kind::Month(m) => Some(m),
        _ => None,
    }
}

/// A qualifier ("late", "mid-", "the end of", "the summer of") at `i`: the month it stands for
/// (seasons), and the token after it.
fn qualifier_at(toks: &[Tok], i: usize) -> Option<(Option<u8>, usize)> {
    let t = toks.get(i)?;
    let mut j = i;
    if t.is("the") {
        j += 1;
    }
    let w = toks.get(j)?;
    let season = if w.is("spring") {
        Some(3)
    } else if w.is("summer") {
        Some(6)
    } else if w.is("autumn") || w.is("fall") {
        Some(9)
    } else if w.is("winter") {
        Some(12)
    } else {
        None
    };
    if season.is_some() {
        j += 1;
        if toks.get(j).is_some_and(|t| t.is("of")) {
            j += 1;
        }
        return Some((season, j));
    }
    if w.is_any(&["early", "late", "mid", "middle"]) {
        j += 1;
        if toks.get(j).is_some_and(|t| t.kind == Kind::Dash || t.is("of")) {
            j += 1;
        }
        return Some((None, j));
    }
    if w.is_any(&["end", "beginning", "start"]) && toks.get(j + 1).is_some_and(|t| t.is("of")) {
        return Some((None, j + 2));
    }
    None
}

/// A single date at `i`: its parts and the token after it. `loose` admits a lone month or year.
fn point_at(toks: &[Tok], i: usize, loose: bool) -> Option<(Raw, usize)> {
    let (season, j, approx) = match qualifier_at(toks, i) {
        Some((season, j)) => (season, j, true),
        None => (None, i, false),
    };
    let loose = loose || approx;
    if let Some(m) = season {
        let year = year_of(toks.get(j))?;
        return Some((Raw { year: Some(year), month: Some(m), day: None, approx: true }, j + 1));
    }
    if let (Some(d), Some(m)) = (day_of(toks.get(j)), month_of(toks.get(j + 1))) {
        let mut raw = Raw { year: None, month: Some(m), day: Some(d), approx };
        let mut next = j + 2;
        if let Some(y) = year_of(toks.get(next)) {
            raw.year = Some(y);
            next += 1;
        }
        return Some((raw, next));
    }
    if let Some(m) = month_of(toks.get(j)) {
        let mut raw = Raw { year: None, month: Some(m), day: None, approx };
        if let Some(d) = day_of(toks.get(j + 1)) {
            // US order: "July 31, 2011", "April 1".
            raw.day = Some(d);
            let mut next = j + 2;
            if toks.get(next).is_some_and(|t| t.kind == Kind::Comma) && year_of(toks.get(next + 1)).is_some() {
                next += 1;
            }
            if let Some(y) = year_of(toks.get(next)) {
                raw.year = Some(y);
                next += 1;
            }
            return Some((raw, next));
        }
        if let Some(y) = year_of(toks.get(j + 1)) {
            raw.year = Some(y);
            return Some((raw, j + 2));
        }
        return loose.then_some((raw, j + 1));
    }
    if loose {
        if let Some(y) = year_of(toks.get(j)) {
            return Some((Raw { year: Some(y), month: None, day: None, approx }, j + 1));
        }
    }
    None
}

/// Whether the token before `i` admits a lone month or year at `i`.
fn loose_before(toks: &[Tok], i: usize) -> bool {
    i.checked_sub(1).and_then(|k| toks.get(k)).is_some_and(|t| t.is_any(PREPOSITIONS))
}

/// A range connector at `i`: a dash or "to", "until", "till", "through", "and".
fn connector_at(toks: &[Tok], i: usize, between: bool) -> bool {
    toks.get(i).is_some_and(|t| {
        t.kind == Kind::Dash || t.is_any(&["to", "until", "till", "through", "thru"]) || (between && t.is("and"))
    })
}

/// The number a count word stands for ("a", "one", "three", "3").
fn count_of(t: Option<&Tok>) -> Option<i32> {
    let t = t?;
    if let Kind::Num(n, d) = t.kind {
        return (d <= 2).then_some(n as i32);
    }
    if t.is("a") {
        return Some(1);
    }
    let k = UNITS[1..=10].iter().position(|w| t.is(w))?;
    Some(k as i32 + 1)
}

fn relative_at(toks: &[Tok], i: usize) -> Option<Found> {
    let t = toks.get(i)?;
    let at = |k: usize, w: &str| toks.get(i + k).is_some_and(|t| t.is(w));
    let at_any = |k: usize, ws: &[&str]| toks.get(i + k).is_some_and(|t| t.is_any(ws));
    let found = |offset: i32, len: usize| Some(Found { expr: Expr::Offset(offset), next: i + len });
    const NEXT: &[&str] = &["next", "following"];
    const PARTS: &[&str] = &["day", "morning", "night", "evening"];
    if t.is("the") && at_any(1, NEXT) && at_any(2, PARTS) {
        return found(1, 3);
    }
    if t.is_any(NEXT) && at(1, "day") {
        return found(1, 2);
    }
    if t.is("the") && at_any(1, &["previous", "preceding"]) && at_any(2, PARTS) {
        return found(-1, 3);
    }
    if t.is("the") && at(1, "day") && at(2, "before") {
        return found(-1, 3);
    }
    if t.is("later") && at(1, "that") && at_any(2, PARTS) {
        return found(0, 3);
    }
    if t.is_any(&["later", "earlier"]) && at(1, "in") && at(2, "the") && at(3, "day") {
        return found(0, 4);
    }
    if t.is("the") && at(1, "same") && at_any(2, PARTS) {
        return found(0, 3);
    }
    if t.is("that") && at(1, "same") && at_any(2, PARTS) {
        return found(0, 3);
    }
    if t.is("that") && at(1, "day") {
        return found(0, 2);
    }
    if t.is("within") && at_any(1, &["a", "one"]) && at(2, "day") {
        return found(1, 3);
    }
    if t.is("overnight") {
        return found(1, 1);
    }
    if let Some(n) = count_of(Some(t)) {
        let unit = match toks.get(i + 1) {
            Some(u) if u.is_any(&["day", "days"]) => 1,
            Some(u) if u.is_any(&["week", "weeks"]) => 7,
            _ => return None,
        };
        if at_any(2, &["later", "afterwards", "after"]) {
            return found(n * unit, 3);
        }
        if at_any(2, &["earlier", "before"]) {
            return found(-n * unit, 3);
        }
    }
    None
}

fn expression_at(toks: &[Tok], i: usize) -> Option<Found> {
    if !toks.get(i)?.begins {
        return None;
    }
    if let Some(f) = relative_at(toks, i) {
        return Some(f);
    }
    let between = i.checked_sub(1).and_then(|k| toks.get(k)).is_some_and(|t| t.is("between"));
    let loose = loose_before(toks, i);
    // "14–15 October", "from 10 to 11 May", "between 14 and 23 September": a lone day that the
    // end completes.
    if let Some(d) = day_of(toks.get(i)) {
        if connector_at(toks, i + 1, between) {
            if let Some((end, next)) = point_at(toks, i + 2, false) {
                if end.day.is_some() {
                    let start = Raw { day: Some(d), ..end };
                    return Some(Found { expr: Expr::Range(start, end), next });
                }
            }
        }
    }
    // "From January to April 2013", "July–August 2012": a lone month completed by the end.
    if let Some(m) = month_of(toks.get(i)) {
        if (loose || between) && connector_at(toks, i + 1, between) {
            if let Some((end, next)) = point_at(toks, i + 2, true) {
                if end.month.is_some() && end.day.is_none() {
                    let start = Raw { month: Some(m), day: None, ..end };
                    return Some(Found { expr: Expr::Range(start, end), next });
                }
            }
        }
    }
    let (start, next) = point_at(toks, i, loose)?;
    if connector_at(toks, next, between) {
        let loose_end = start.day.is_none();
        if let Some((end, after)) = point_at(toks, next + 1, loose_end) {
            return Some(Found { expr: Expr::Range(start, end), next: after });
        }
    }
    Some(Found { expr: Expr::Point(start), next })
}

/// Where the anchor words start: a leading preposition ("On", "By", "As of") joins the date.
fn anchor_start(toks: &[Tok], i: usize) -> usize {
    let mut from = i;
    if from > 0 && toks[from - 1].is_any(LEADS) {
        from -= 1;
        if from > 0 && toks[from].is("of") && toks[from - 1].is_any(&["as", "night", "day", "morning", "evening"]) {
            from -= 1;
        }
    }
    from
}

fn complete(expr: &Expr, ctx: &DateContext) -> Option<(PartialDate, Option<PartialDate>, &'static str)> {
    match *expr {
        Expr::Offset(days) => {
            let last = ctx.last?;
            let (m, d) = (last.month?, last.day?);
            let (y, m, d) = add_days(last.year, m, d, days)?;
            Some((PartialDate::day(y, m, d), None, "previous"))
        }
        Expr::Point(raw) => {
            let (date, from) = infer(raw, ctx)?;
            Some((date, None, from))
        }
        Expr::Range(a, b) => {
            let (start, end, from) = match (a.year, b.year) {
                (Some(_), Some(_)) => (to_date(a, a.year?)?, to_date(b, b.year?)?, "text"),
                (None, Some(y)) => {
                    let end = to_date(b, y)?;
                    let mut start = to_date(a, y)?;
                    if key(&start) > key(&end) {
                        start = to_date(a, y - 1)?;
                    }
                    (start, end, "text")
                }
                _ => {
                    let (start, from) = infer(a, ctx)?;
                    let mut end = to_date(b, start.year)?;
                    if key(&end) < key(&start) {
                        end = to_date(b, start.year + 1)?;
                    }
                    (start, end, from)
                }
            };
            Some((start, Some(end), from))
        }
    }
}

fn key(d: &PartialDate) -> (i32, u8, u8) {
    (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0))
}

/// The raw date in `year`, when it is a real date.
fn to_date(raw: Raw, year: i32) -> Option<PartialDate> {
    let mut date = match (raw.month, raw.day) {
        (Some(m), Some(d)) if (1..=12).contains(&m) && d >= 1 && d <= days_in_month(year, m) => {
            PartialDate::day(year, m, d)
        }
        (Some(m), None) if (1..=12).contains(&m) => PartialDate::month(year, m),
        (None, _) => PartialDate::year(year),
        _ => return None,
    };
    date.approx = raw.approx;
    Some(date)
}

/// Completes a date that may lack its year; says where the year came from.
fn infer(raw: Raw, ctx: &DateContext) -> Option<(PartialDate, &'static str)> {
    if let Some(y) = raw.year {
        return Some((to_date(raw, y)?, "text"));
    }
    let month = raw.month?;
    let day = raw.day.unwrap_or(1);
    let from_last = ctx.last.map(|last| match last.month {
        Some(lm) if month + 2 < lm => last.year + 1,
        _ => last.year,
    });
    for heading in ctx.headings.iter().rev() {
        let Some((hs, he)) = heading_range(heading) else { continue };
        let he = he.unwrap_or(PartialDate::year(hs.year + 20));
        let lo = (hs.year, hs.month.unwrap_or(1));
        let hi = (he.year, he.month.unwrap_or(12));
        // A heading of one year ("June 2012 fighting") dates what it covers even when a sentence
        // strays outside its months; a span of years must contain the month.
        let fits = |y: i32| (hs.year == he.year && y == hs.year) || (lo <= (y, month) && (y, month) <= hi);
        let mut candidates = (hs.year..=he.year.min(hs.year + 50)).filter(|&y| fits(y));
        let Some(first) = candidates.next() else { continue };
        let year = match from_last {
            Some(y) if fits(y) => y,
            Some(y) => (first..=he.year.min(hs.year + 50)).find(|&c| c >= y && fits(c)).unwrap_or(first),
            None => first,
        };
        return Some((to_date(raw, year)?, "heading"));
    }
    if let Some(y) = from_last {
        return Some((to_date(raw, y)?, "previous"));
    }
    let (cs, ce) = ctx.conflict?;
    let before_start = (month, day) < (cs.month.unwrap_or(1), cs.day.unwrap_or(1));
    let year = match ce {
        Some(end) if before_start && end.year > cs.year => end.year,
        _ => cs.year,
    };
    Some((to_date(raw, year)?, "conflict"))
}

/// The dates a heading names ("June 2012 fighting", "2012–2014 battle for control"), at most a
/// century apart.
fn heading_range(heading: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    // Headings put their dates in parentheses ("Siege (2014–2017)"), which the infobox reader
    // skips as asides.
    let plain: String = heading.chars().map(|c| if c == '(' || c == ')' { ' ' } else { c }).collect();
    let (start, end) = parse_range(&plain)?;
    let plausible = |d: &PartialDate| (1000..=2200).contains(&d.year);
    if !plausible(&start) || end.as_ref().is_some_and(|e| !plausible(e) || e.year < start.year) {
        return None;
    }
    Some((start, end))
}

/// `days` after (or before) a date; offsets are a few weeks at most, so stepping is cheap.
fn add_days(mut y: i32, mut m: u8, mut d: u8, days: i32) -> Option<(i32, u8, u8)> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || days.abs() > 3660 {
        return None;
    }
    for _ in 0..days.max(0) {
        if d < days_in_month(y, m) {
            d += 1;
        } else if m < 12 {
            m += 1;
            d = 1;
        } else {
            y += 1;
            m = 1;
            d = 1;
        }
    }
    for _ in 0..(-days).max(0) {
        if d > 1 {
            d -= 1;
        } else if m > 1 {
            m -= 1;
            d = days_in_month(y, m);
        } else {
            y -= 1;
            m = 12;
            d = 31;
        }
    }
    Some((y, m, d))
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    #[test]
    fn the_date_gate_never_hides_a_date() {
        let mut passed_over = 0;
        for s in crate::test_corpus::sentences() {
            if !may_hold_date(&s) {
                passed_over += 1;
                let toks = tokens(&s);
                assert!((0..toks.len()).all(|i| expression_at(&toks, i).is_none()), "hid a date: {s:?}");
            }
        }
        assert!(passed_over > 100, "the gate should pass over sentences without dates");
    }

    #[test]
    fn the_date_gate_sees_every_kind_of_expression() {
        for s in
            ["In March, it fell.", "The next day it fell.", "Overnight it fell.", "A week later it fell.", "On 3 May"]
        {
            assert!(may_hold_date(s), "{s}");
        }
        assert!(!may_hold_date("The town fell to the rebels."));
    }
}
