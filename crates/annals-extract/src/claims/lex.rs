//! Tokens of one line of an infobox value: words, numbers, punctuation and parenthesised
//! groups, each with its byte range in the line, in one linear pass.

use crate::dates::{ascii_lower, month_number};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of letters, possibly with digits, inner hyphens and apostrophes glued to it:
    /// "killed", "anti-tank", "Su-22M3", "5th", "mid-2016".
    Word,
    /// A number written in digits: "9,000", "1.2", "5k".
    Num,
    /// Any other single character: `,`, `–`, `+`, `~`, `:`.
    Punct(char),
    /// A parenthesised group at depth 0, from `(` to its `)` (or the end of the line when it is
    /// never closed); `inner` is the text between.
    Group { inner_start: usize, inner_end: usize },
}

/// The parts of a number written in digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Digits {
    pub int: u64,
    /// Decimal fraction digits as an integer, and how many there were ("1.25" → 25, 2).
    pub frac: u64,
    pub frac_len: u8,
    /// Written with thousands separators ("9,000").
    pub grouped: bool,
    /// How many digits the integer part has.
    pub len: u8,
    /// Written with a `k` suffix ("5k").
    pub kilo: bool,
}

impl Digits {
    /// The value times `mult`, when it is a whole number.
    pub fn scaled(&self, mult: u64) -> Option<u64> {
        let mult = if self.kilo { mult.checked_mul(1000)? } else { mult };
        let whole = self.int.checked_mul(mult)?;
        if self.frac == 0 {
            return Some(whole);
        }
        let den = 10u64.checked_pow(u32::from(self.frac_len))?;
        let part = self.frac.checked_mul(mult)?;
        // A fraction of a count ("2.5 killed") is not a count.
        (part % den == 0).then_some(whole.checked_add(part / den)?)
    }

    /// A four-digit number without separators that could be a year (1000–2100).
    pub fn year_like(&self) -> bool {
        !self.grouped && self.frac_len == 0 && !self.kilo && self.len == 4 && (1000..=2100).contains(&self.int)
    }

    /// A one- or two-digit number that could be a day of the month.
    pub fn day_like(&self) -> bool {
        !self.grouped && self.frac_len == 0 && !self.kilo && self.len <= 2 && (1..=31).contains(&self.int)
    }
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace (or a skipped footnote or tag) comes right before the token.
    pub space_before: bool,
    pub digits: Digits,
    /// Part of a date ("10" in "10 April", "2012" in "Nov. 2012").
    pub date: bool,
}

impl Tok {
    fn new(kind: Kind, start: usize, end: usize, space_before: bool) -> Tok {
        Tok { kind, start, end, space_before, digits: Digits::default(), date: false }
    }

    pub fn text<'a>(&self, line: &'a str) -> &'a str {
        line.get(self.start..self.end).unwrap_or("")
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// Whether this word is one of `words` (compared in ASCII lower case).
    pub fn is_any(&self, line: &str, words: &[&str]) -> bool {
        if self.kind != Kind::Word {
            return false;
        }
        let mut buf = [0u8; 24];
        let w = ascii_lower(self.text(line), &mut buf);
        !w.is_empty() && words.contains(&w)
    }

    /// The month this word names, when it is capitalized ("May", "Sep"); "may" and "march" in
    /// lower case are verbs.
    pub fn month(&self, line: &str) -> Option<u8> {
        let t = self.text(line);
        if self.kind != Kind::Word || !t.starts_with(|c: char| c.is_ascii_uppercase()) {
            return None;
        }
        month_number(t)
    }
}

/// A dash that can join the ends of a range.
pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '−' | '―')
}

/// Tokens of `line[from..to]`, with offsets into `line`.
pub(super) fn lex(line: &str, from: usize, to: usize) -> Vec<Tok> {
    let bytes = line.as_bytes();
    let to = to.min(bytes.len());
    let mut toks = Vec::new();
    let mut i = from;
    let mut space = true;
    while i < to {
        let Some(c) = line.get(i..).and_then(|s| s.chars().next()) else {
            // Not on a character boundary: only possible when a caller passes a bad offset.
            i += 1;
            continue;
        };
        let len = c.len_utf8();
        if c.is_whitespace() {
            space = true;
            i += len;
            continue;
        }
        match c {
            '(' => {
                let close = matching_paren(bytes, i, to);
                let (inner_end, end) = match close {
                    Some(j) => (j, j + 1),
                    None => (to, to),
                };
                toks.push(Tok::new(Kind::Group { inner_start: i + 1, inner_end }, i, end, space));
                i = end;
            }
            // A closing parenthesis without its opening one (the opening was in another item).
            ')' => {
                i += 1;
                space = true;
                continue;
            }
            // Footnote markers: "[1]", "[a]", "[note 2]", "[citation needed]".
            '[' => match bytes[i..to].iter().take(40).position(|&b| b == b']') {
                Some(k) => {
                    i += k + 1;
                    space = true;
                    continue;
                }
                None => {
                    toks.push(Tok::new(Kind::Punct('['), i, i + 1, space));
                    i += 1;
                }
            },
            // Markup left in the text: "<br>", "<small>", "</sup>".
            '<' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/') => {
                match bytes[i..to].iter().take(16).position(|&b| b == b'>') {
                    Some(k) => {
                        i += k + 1;
                        space = true;
                        continue;
                    }
                    None => {
                        toks.push(Tok::new(Kind::Punct('<'), i, i + 1, space));
                        i += 1;
                    }
                }
            }
            // Entities: "&nbsp;" is a space; a bare "&" is a connector.
            '&' => {
                let name_len = bytes[i + 1..to].iter().take(9).position(|&b| b == b';');
                match name_len {
                    Some(k)
                        if k >= 2
                            && bytes[i + 1..i + 1 + k].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#') =>
                    {
                        i += k + 2;
                        space = true;
                        continue;
                    }
                    _ => {
                        toks.push(Tok::new(Kind::Punct('&'), i, i + 1, space));
                        i += 1;
                    }
                }
            }
            _ if c.is_ascii_digit() => {
                let tok = number(line, i, to, space);
                i = tok.end;
                toks.push(tok);
            }
            _ if c.is_alphabetic() => {
                let end = word_end(line, i, to);
                toks.push(Tok::new(Kind::Word, i, end, space));
                i = end;
            }
            _ => {
                toks.push(Tok::new(Kind::Punct(c), i, i + len, space));
                i += len;
            }
        }
        space = false;
    }
    mark_dates(line, &mut toks);
    toks
}

/// The index of the `)` that closes the `(` at `open`, if it is closed before `to`.
pub(super) fn matching_paren(bytes: &[u8], open: usize, to: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &b) in bytes.iter().enumerate().take(to).skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of a word starting at `i`: letters and digits, with inner hyphens and apostrophes.
fn word_end(line: &str, start: usize, to: usize) -> usize {
    let mut end = start;
    let mut chars = line.get(start..to).unwrap_or("").char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let joins = matches!(c, '-' | '\'' | '’') && k > 0 && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            end = start + k + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn number(line: &str, start: usize, to: usize, space: bool) -> Tok {
    let bytes = &line.as_bytes()[..to];
    let digit = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    let mut d = Digits::default();
    let mut j = start;
    let mut overflow = false;
    while digit(j) {
        match d.int.checked_mul(10).and_then(|v| v.checked_add(u64::from(bytes[j] - b'0'))) {
            Some(v) => d.int = v,
            None => overflow = true,
        }
        j += 1;
    }
    d.len = u8::try_from(j - start).unwrap_or(u8::MAX);
    // Thousands separators: groups of exactly three digits after a lead of one to three.
    if d.len <= 3 {
        while bytes.get(j) == Some(&b',') && digit(j + 1) && digit(j + 2) && digit(j + 3) && !digit(j + 4) {
            for &b in &bytes[j + 1..j + 4] {
                match d.int.checked_mul(10).and_then(|v| v.checked_add(u64::from(b - b'0'))) {
                    Some(v) => d.int = v,
                    None => overflow = true,
                }
            }
            d.grouped = true;
            j += 4;
        }
    }
    if bytes.get(j) == Some(&b'.') && digit(j + 1) {
        let mut k = j + 1;
        while digit(k) {
            if d.frac_len < 6 {
                d.frac = d.frac * 10 + u64::from(bytes[k] - b'0');
                d.frac_len += 1;
            }
            k += 1;
        }
        j = k;
    }
    let glued = bytes.get(j).is_some_and(|b| b.is_ascii_alphabetic());
    if glued {
        let after_k = bytes.get(j + 1).is_some_and(|b| b.is_ascii_alphanumeric());
        if matches!(bytes[j], b'k' | b'K') && !after_k {
            d.kilo = true;
            j += 1;
        } else {
            // "5th", "22M3", "12km": letters glued to the digits make a word, not a figure.
            let end = word_end(line, start, to);
            return Tok::new(Kind::Word, start, end.max(j), space);
        }
    }
    if overflow {
        return Tok::new(Kind::Word, start, j, space);
    }
    let mut tok = Tok::new(Kind::Num, start, j, space);
    tok.digits = d;
    tok
}

/// Words after which a four-digit number is a year: "in 2014", "since 1941", "mid 2016".
const YEAR_LEADS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "of",
    "from",
    "during",
    "mid",
    "early",
    "late",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "end",
    "start",
    "beginning",
    "as",
    "before",
    "after",
    "year",
];

/// Marks the numbers that are parts of dates: days next to a month name ("10 April",
/// "June 22"), years after a month, a date word or before a colon ("Nov. 2012", "in 2014",
/// "1942:"), and the first ends of date ranges ("10" in "10–11 April", "1626–34").
fn mark_dates(line: &str, toks: &mut [Tok]) {
    let n = toks.len();
    // The token before `i`, stepping over a full stop ("Sep. 2012").
    let prev = |toks: &[Tok], i: usize| -> Option<usize> {
        let p = i.checked_sub(1)?;
        if toks[p].is_punct('.') {
            p.checked_sub(1)
        } else {
            Some(p)
        }
    };
    for i in 0..n {
        if toks[i].kind != Kind::Num {
            continue;
        }
        let d = toks[i].digits;
        let next_month = toks.get(i + 1).and_then(|t| t.month(line)).is_some();
        let prev_tok = prev(toks, i).map(|p| toks[p]);
        let prev_month = prev_tok.and_then(|t| t.month(line)).is_some();
        // "June 22, 1941": a year after a day that follows a month.
        let after_date_comma = i >= 2 && toks[i - 1].is_punct(',') && toks[i - 2].date;
        let date = (d.day_like() && (next_month || prev_month))
            || (d.year_like()
                && (prev_month
                    || after_date_comma
                    || prev_tok.is_some_and(|t| t.is_any(line, YEAR_LEADS))
                    || toks.get(i + 1).is_some_and(|t| t.is_punct(':'))));
        if date {
            toks[i].date = true;
        }
    }
    // "1626–34": a year followed by a dash and two digits is a range of years.
    for i in 0..n {
        if toks[i].kind == Kind::Num && toks[i].digits.year_like() {
            let dash = toks.get(i + 1).is_some_and(|t| matches!(t.kind, Kind::Punct(c) if is_dash(c)));
            if let Some(t) = toks.get(i + 2).filter(|_| dash) {
                if t.kind == Kind::Num && t.digits.len == 2 && !t.digits.grouped && !t.space_before {
                    toks[i].date = true;
                    toks[i + 2].date = true;
                }
            }
        }
    }
    // The first end of a date range: "10–11 April", "24 and 26 Oct.", "2011–2012" after "in".
    for i in (0..n).rev() {
        if toks[i].kind != Kind::Num || toks[i].date {
            continue;
        }
        let d = toks[i].digits;
        if !(d.day_like() || d.year_like()) {
            continue;
        }
        let joined = toks.get(i + 1).is_some_and(|t| {
            matches!(t.kind, Kind::Punct(c) if is_dash(c) || c == '&') || t.is_any(line, &["and", "to"])
        });
        if joined && toks.get(i + 2).is_some_and(|t| t.date && t.digits.year_like() == d.year_like()) {
            toks[i].date = true;
        }
    }
}
