//! Infobox date values as date ranges, at the precision the value gives.
//!
//! # What is read
//!
//! A value is read as a sequence of *date expressions*, optionally joined in pairs by a range
//! separator (`–`, `—`, `-`, `to`, `until`, `till`, `through`, `/`). An expression is one of
//!
//! - day month year: `3 October 1943`, `16 January 2016`;
//! - month day year (US order): `June 22, 1941`, `April 1`;
//! - month year: `September 1943`; a year: `1941`, `c. 1618` (approximate), `500 BC`;
//! - an incomplete start that the end completes: `16` in `16–21 January 2016`, `14 September` in
//!   `14 September – 17 November 2017`, `21, 2016` in `January 16–21, 2016`;
//! - an ISO date `2016-01-16`, and the raw `{{start date|…}}`, `{{end date|…}}` and
//!   `{{start and end dates|…}}` templates when wikitext reaches us unrendered.
//!
//! `present`, `ongoing`, `now` after a separator leave the end open.
//!
//! # Choices
//!
//! - Parenthesised text is skipped: it holds durations (`(872 days)`), phase names
//!   (`(first phase)`) or is empty (`()`), never the dates themselves.
//! - A start without a year takes the end's year, a start without a month the end's month; when
//!   the start then falls after the end, it belongs to the year (or month) before:
//!   `20 December – 5 January 1944` starts on 1943-12-20. An end without a year takes the start's.
//! - A value with several ranges (phases: `German offensive: 6–16 March 1945` and `Soviet
//!   counterattack: 16 March – 15 April 1945`) gives the earliest start and the latest end. Words
//!   that are not part of a date (labels) only separate expressions. Single dates beside ranges
//!   are ignored (a treaty "signed 28 June 1919" after the war's range); a value of single
//!   dates only spans them.
//! - A single date is a range of one date: its end is the date itself. The end is `None` only
//!   when the value says the conflict is ongoing.
//! - An impossible date (31 February, month 13) makes its range unreadable; other ranges of the
//!   value still count. Nothing here panics, on any input.

use annals_model::conflict::PartialDate;

/// The start and end of an infobox date value, at the precision it gives. The end is `None`
/// when the value says the conflict is ongoing ("14 November 2011 – present"); a single date
/// ("19 August 1942") ends on itself. `None` when no date with a year can be read.
pub fn parse_range(text: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    let mut ranges = ranges(text);
    // When the value gives ranges, single dates beside them are events within or after the
    // conflict ("Treaty of Versailles, signed 28 June 1919"), not its bounds.
    if ranges.iter().any(|r| r.2) {
        ranges.retain(|r| r.2);
    }
    let start = ranges.iter().map(|r| r.0).min_by_key(start_key)?;
    let end =
        if ranges.iter().any(|r| r.1.is_none()) { None } else { ranges.iter().filter_map(|r| r.1).max_by_key(end_key) };
    Some((start, end))
}

/// A single date ("16 January 2016", "January 2016", "2016", "c. 1618", "June 22, 1941"). When
/// the text holds a range, its first date, completed from the range's end as in [`parse_range`].
pub fn parse_date(text: &str) -> Option<PartialDate> {
    ranges(text).first().map(|r| r.0)
}

/// Number words from zero to nineteen, each at its value.
pub(crate) const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// The number of a month name or abbreviation ("January", "Jan", "Sept"), case-insensitive.
pub(crate) fn month_number(word: &str) -> Option<u8> {
    // Every month name starts with one of these letters and is at most nine long: most words
    // are turned away here, before any lower-casing.
    let first = word.as_bytes().first()?.to_ascii_lowercase();
    if word.len() > 9 || !b"adfjmnos".contains(&first) {
        return None;
    }
    let mut buf = [0u8; 12];
    let w = ascii_lower(word, &mut buf);
    let m = match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// `word` in ASCII lower case, in `buf`; "" when it is not ASCII or does not fit, which no
/// vocabulary word matches.
pub(crate) fn ascii_lower<'b>(word: &str, buf: &'b mut [u8]) -> &'b str {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !word.is_ascii() {
        return "";
    }
    for (dst, src) in buf.iter_mut().zip(bytes) {
        *dst = src.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..bytes.len()]).unwrap_or("")
}

/// Days in a month of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn start_key(d: &PartialDate) -> (i32, u8, u8) {
    (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0))
}

fn end_key(d: &PartialDate) -> (i32, u8, u8) {
    (d.year, d.month.unwrap_or(13), d.day.unwrap_or(32))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    /// A number and how many digits it was written with.
    Num(u32, u8),
    Month(u8),
    Sep,
    Comma,
    Approx,
    Present,
    /// `BC`/`BCE`: the year before it counts backwards.
    Bc,
    /// A complete date from an ISO form or a date template.
    Full(i32, u8, u8),
    /// Anything else: a label word, a semicolon, a line break.
    Break,
}

fn tokens(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'(' => i = skip_parens(bytes, i),
            b'{' if bytes.get(i + 1) == Some(&b'{') => i = template(text, i, &mut out),
            b'<' => i = tag(text, i, &mut out),
            b'&' => i = entity(text, i, &mut out),
            b'0'..=b'9' => i = number(text, i, &mut out),
            b',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            b'-' | b'/' | b'~' => {
                out.push(Tok::Sep);
                i += 1;
            }
            // Brackets, quotes and full stops ("Sep.", "c.", "''italic''", "[[link]]") say nothing.
            b'.' | b'[' | b']' | b'\'' | b'"' | b'*' => i += 1,
            _ if b.is_ascii_whitespace() && b != b'\n' => i += 1,
            _ if b.is_ascii_alphabetic() => i = word(text, i, &mut out),
            _ if b < 0x80 => {
                out.push(Tok::Break);
                i += 1;
            }
            _ => {
                let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ');
                if matches!(c, '–' | '—' | '‒' | '−' | '―') {
                    out.push(Tok::Sep);
                } else if !c.is_whitespace() {
                    out.push(Tok::Break);
                }
                i += c.len_utf8();
            }
        }
    }
    out
}

/// The index after a parenthesis and everything nested in it (the end of text when unclosed).
fn skip_parens(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

/// Reads a `{{…}}` template at `open`. Date templates become dates; others are skipped whole.
fn template(text: &str, open: usize, out: &mut Vec<Tok>) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut end = bytes.len();
    let mut j = open;
    while j + 1 < bytes.len() {
        if bytes[j] == b'{' && bytes[j + 1] == b'{' {
            depth += 1;
            j += 2;
        } else if bytes[j] == b'}' && bytes[j + 1] == b'}' {
            depth = depth.saturating_sub(1);
            j += 2;
            if depth == 0 {
                end = j;
                break;
            }
        } else {
            j += 1;
        }
    }
    let inner = text.get(open + 2..end.saturating_sub(2).max(open + 2)).unwrap_or("");
    let mut parts = inner.split('|');
    let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let is_date = ["start date", "end date", "start and end date", "start-date", "end-date", "date"]
        .iter()
        .any(|n| name == *n || (name.starts_with(n) && !name.starts_with("date")));
    if is_date {
        // Positional parameters are year, month, day (twice for "start and end dates");
        // named ones ("df=y") are not numbers and drop out.
        let nums: Vec<u32> = parts.filter_map(|p| p.trim().parse::<u32>().ok()).collect();
        for (n, chunk) in nums.chunks(3).take(2).enumerate() {
            if n == 1 {
                out.push(Tok::Sep);
            }
            let small = |v: u32| u8::try_from(v).unwrap_or(0);
            match *chunk {
                [y, m, d] => out.push(Tok::Full(i32::try_from(y).unwrap_or(0), small(m), small(d))),
                [y, m] => {
                    out.push(Tok::Month(small(m)));
                    out.push(Tok::Num(y, 4));
                }
                [y] => out.push(Tok::Num(y, 4)),
                _ => {}
            }
        }
        out.push(Tok::Break);
    }
    end
}

/// Reads an HTML tag at `open`: `<br>` breaks the value, `<ref>…</ref>` is skipped with its
/// content, other tags are skipped.
fn tag(text: &str, open: usize, out: &mut Vec<Tok>) -> usize {
    let rest = text.get(open..).unwrap_or("");
    // A tag is short: looking further would make a text of many "<" quadratic.
    let Some(close) = rest.bytes().take(200).position(|b| b == b'>') else {
        out.push(Tok::Break);
        return open + 1;
    };
    let inner = rest.get(1..close).unwrap_or("").trim().to_ascii_lowercase();
    let after = open + close + 1;
    if inner.starts_with("ref") && !inner.ends_with('/') {
        return match text.get(after..).and_then(|s| s.find("</ref>")) {
            Some(k) => after + k + "</ref>".len(),
            None => text.len(),
        };
    }
    out.push(Tok::Break);
    after
}

/// Reads an HTML entity at `amp`: `&nbsp;` is a space, `&ndash;` a separator.
fn entity(text: &str, amp: usize, out: &mut Vec<Tok>) -> usize {
    let rest = text.get(amp..).unwrap_or("");
    let end = rest.bytes().take(10).position(|b| b == b';');
    match end {
        Some(k) => {
            let name = rest.get(1..k).unwrap_or("");
            if matches!(name, "ndash" | "mdash" | "minus") {
                out.push(Tok::Sep);
            } else if name != "nbsp" && name != "thinsp" {
                out.push(Tok::Break);
            }
            amp + k + 1
        }
        None => {
            out.push(Tok::Break);
            amp + 1
        }
    }
}

fn number(text: &str, start: usize, out: &mut Vec<Tok>) -> usize {
    let bytes = text.as_bytes();
    let mut j = start;
    let mut value: u32 = 0;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        value = value.saturating_mul(10).saturating_add(u32::from(bytes[j] - b'0'));
        j += 1;
    }
    let digits = (j - start).min(255) as u8;
    // An ISO date: 2016-01-16 or 2016-01.
    if digits == 4 {
        if let Some((m, d, end)) = iso_tail(bytes, j) {
            out.push(Tok::Full(i32::try_from(value).unwrap_or(0), m, d));
            return end;
        }
    }
    // Ordinal suffixes ("22nd") are part of the day; other letters glued to digits make a word
    // that is not a date ("5th Army" is caught too, harmlessly, as a day 5).
    let mut k = j;
    while k < bytes.len() && bytes[k].is_ascii_alphabetic() {
        k += 1;
    }
    let suffix = text.get(j..k).unwrap_or("").to_ascii_lowercase();
    if k > j && !matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
        out.push(Tok::Break);
        return k;
    }
    // A thousands separator ("1,618") is not written in dates: such a number is no date.
    if bytes.get(k) == Some(&b',') && bytes.get(k + 1).is_some_and(u8::is_ascii_digit) {
        out.push(Tok::Break);
        let mut e = k + 1;
        while e < bytes.len() && (bytes[e].is_ascii_digit() || bytes[e] == b',') {
            e += 1;
        }
        return e;
    }
    out.push(Tok::Num(value, digits));
    k
}

/// `-MM-DD` after a four-digit year. "1941-42" is a range of years, and "1941-12" is read the
/// same way, so a month alone is never taken from this form.
fn iso_tail(bytes: &[u8], at: usize) -> Option<(u8, u8, usize)> {
    let two = |i: usize| -> Option<u8> {
        let a = *bytes.get(i)?;
        let b = *bytes.get(i + 1)?;
        (a.is_ascii_digit() && b.is_ascii_digit() && !bytes.get(i + 2).is_some_and(u8::is_ascii_digit))
            .then(|| (a - b'0') * 10 + (b - b'0'))
    };
    if bytes.get(at) != Some(&b'-') || bytes.get(at + 3) != Some(&b'-') {
        return None;
    }
    Some((two(at + 1)?, two(at + 4)?, at + 6))
}

fn word(text: &str, start: usize, out: &mut Vec<Tok>) -> usize {
    let bytes = text.as_bytes();
    let mut j = start;
    while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    let w = text.get(start..j).unwrap_or("");
    let mut buf = [0u8; 16];
    let lower = ascii_lower(w, &mut buf);
    let tok = match lower {
        "to" | "until" | "till" | "through" | "thru" => Tok::Sep,
        "c" | "ca" | "circa" | "approx" | "approximately" | "around" | "about" => Tok::Approx,
        "present" | "ongoing" | "now" | "today" | "current" => Tok::Present,
        "bc" | "bce" => Tok::Bc,
        // "AD 800" and "800 AD": the era mark changes nothing.
        "ad" | "ce" => return j,
        _ => match month_number(w) {
            Some(m) => Tok::Month(m),
            None => Tok::Break,
        },
    };
    out.push(tok);
    j
}

/// A date expression before completion: what the text gives.
#[derive(Clone, Copy, Debug, Default)]
struct Raw {
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
    approx: bool,
}

/// A day on its own ("16" in "16–21 January"): 1 to 31.
fn is_day(t: Option<&Tok>) -> Option<u8> {
    match t {
        Some(&Tok::Num(n, d)) if d <= 2 && (1..=31).contains(&n) => Some(n as u8),
        _ => None,
    }
}

/// A day next to a month ("0 March", "June 45"): any one or two digits, so that an
/// impossible day makes the date unreadable instead of leaving the month alone.
fn is_day_by_month(t: Option<&Tok>) -> Option<u8> {
    match t {
        Some(&Tok::Num(n, d)) if d <= 2 => u8::try_from(n).ok(),
        _ => None,
    }
}

fn is_year(t: Option<&Tok>) -> Option<i32> {
    match t {
        Some(&Tok::Num(n, d)) if (3..=4).contains(&d) && n > 0 => Some(n as i32),
        _ => None,
    }
}

/// One date expression at `i`: the raw parts and the index after it.
fn expr(toks: &[Tok], mut i: usize) -> Option<(Raw, usize)> {
    let mut raw = Raw::default();
    while toks.get(i) == Some(&Tok::Approx) {
        raw.approx = true;
        i += 1;
    }
    let at = |k: usize| toks.get(k);
    match at(i) {
        Some(&Tok::Full(y, m, d)) => {
            raw.year = Some(y);
            raw.month = Some(m);
            raw.day = Some(d);
            return Some((raw, i + 1));
        }
        Some(&Tok::Month(m)) => {
            raw.month = Some(m);
            i += 1;
            if let Some(d) = is_day_by_month(at(i)) {
                raw.day = Some(d);
                i += 1;
            }
        }
        _ => {
            let by_month = matches!(at(i + 1), Some(Tok::Month(_)));
            let day = if by_month { is_day_by_month(at(i)) } else { is_day(at(i)) };
            if let Some(d) = day {
                raw.day = Some(d);
                i += 1;
                if let Some(&Tok::Month(m)) = at(i) {
                    raw.month = Some(m);
                    i += 1;
                }
            }
        }
    }
    // The year: directly, or after a comma ("June 22, 1941"; "21, 2016").
    let mut k = i;
    if at(k) == Some(&Tok::Comma) && (raw.month.is_some() || raw.day.is_some()) {
        k += 1;
    }
    if let Some(y) = is_year(at(k)) {
        // A bare day followed by a year without a comma ("16 2016") is not a date.
        if raw.day.is_none() || raw.month.is_some() || k > i {
            raw.year = Some(y);
            i = k + 1;
            if at(i) == Some(&Tok::Bc) {
                raw.year = Some(1 - y);
                i += 1;
            }
        }
    }
    (raw.year.is_some() || raw.month.is_some() || raw.day.is_some()).then_some((raw, i))
}

fn finish(raw: Raw) -> Option<PartialDate> {
    let year = raw.year?;
    if !(-9999..=9999).contains(&year) {
        return None;
    }
    match (raw.month, raw.day) {
        (None, Some(_)) => None,
        (Some(m), _) if !(1..=12).contains(&m) => None,
        (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => None,
        (month, day) => Some(PartialDate { year, month, day, approx: raw.approx }),
    }
}

fn key(r: &Raw) -> (i32, u8, u8) {
    (r.year.unwrap_or(0), r.month.unwrap_or(0), r.day.unwrap_or(0))
}

/// Completes a start and an end from each other (see the module documentation).
fn complete(mut a: Raw, mut b: Raw) -> Option<(PartialDate, PartialDate)> {
    let (a_year_inherited, b_year_inherited) = (a.year.is_none(), b.year.is_none());
    let a_month_inherited = a.month.is_none() && a.day.is_some();
    if a.month.is_none() && a.day.is_some() {
        a.month = b.month;
    }
    if b.month.is_none() && b.day.is_some() {
        b.month = a.month;
    }
    if a.year.is_none() {
        a.year = b.year;
    }
    if b.year.is_none() {
        b.year = a.year;
    }
    a.year?;
    if a_month_inherited && a.day > b.day {
        // "30 – 2 March": the start is in the month before.
        a.month = a.month.map(|m| if m <= 1 { 12 } else { m - 1 });
        if a.month == Some(12) {
            a.year = a.year.map(|y| y - 1);
        }
    } else if a_year_inherited && key(&a) > key(&b) {
        a.year = a.year.map(|y| y - 1);
    } else if b_year_inherited && key(&a) > key(&b) {
        b.year = b.year.map(|y| y + 1);
    }
    Some((finish(a)?, finish(b)?))
}

/// Every range the text gives, in order: (start, end, whether it was written as a range), the
/// end `None` when open.
fn ranges(text: &str) -> Vec<(PartialDate, Option<PartialDate>, bool)> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((a, j)) = expr(&toks, i) else {
            i += 1;
            continue;
        };
        if toks.get(j) == Some(&Tok::Sep) {
            if toks.get(j + 1) == Some(&Tok::Present) {
                if let Some(start) = finish(a) {
                    out.push((start, None, true));
                }
                i = j + 2;
                continue;
            }
            // "1626–34": a year range with the century left out.
            if let (Some(y), None, None, Some(&Tok::Num(n, 2))) = (a.year, a.month, a.day, toks.get(j + 1)) {
                let century = y - y.rem_euclid(100);
                let mut end = century + n as i32;
                if end < y {
                    end += 100;
                }
                if let (Some(s), Some(e)) = (finish(a), finish(Raw { year: Some(end), ..Raw::default() })) {
                    out.push((s, Some(e), true));
                }
                i = j + 2;
                continue;
            }
            if let Some((b, k)) = expr(&toks, j + 1) {
                if let Some((s, e)) = complete(a, b) {
                    out.push((s, Some(e), true));
                }
                i = k;
                continue;
            }
        }
        if let Some(d) = finish(a) {
            out.push((d, Some(d), false));
        }
        i = j.max(i + 1);
    }
    out
}
