//! Sentence boundaries in a paragraph of article prose.
//!
//! # Rules
//!
//! A sentence ends after `.`, `!` or `?`, optionally followed by closing quotes or brackets and by
//! citation markers (`[12]`, `[a]`), when whitespace and then an upper-case letter, a digit or an
//! opening quote follow. A full stop does not end a sentence when
//!
//! - it closes an abbreviation from a fixed list: titles and ranks (`Maj.`, `Gen.`, `Lt.`, `Col.`,
//!   `Capt.`, `Sgt.`, `Dr.`, `Mr.`, `St.`, `Mt.`, `No.`, ...), Latin and scholarly abbreviations
//!   (`vs.`, `etc.`, `e.g.`, `i.e.`, `approx.`, `ca.`, `c.`) and month abbreviations (`Jan.`,
//!   `Sept.`, ...);
//! - it closes an initial or an initialism: a single letter (`A. B. Smith`) or single letters
//!   joined by dots (`U.S.`, `U.N.`);
//! - it is inside parentheses or brackets, or inside a double quotation that closes within
//!   `SHORT_QUOTE` bytes (a quoted sentence is part of the sentence quoting it).
//!
//! `a.m.` and `p.m.` are not listed: the rule above already keeps them mid-sentence when a
//! lower-case word or a number follows, and when a capitalised word follows they usually do end
//! the sentence ("at 5 p.m. The army then ...").
//!
//! # Guarantees
//!
//! Ranges are in order, non-overlapping, within `text`, on character boundaries and trimmed of
//! surrounding whitespace; no byte other than whitespace between sentences is left out. The
//! scan is linear in the length of `text` and never panics.

use std::ops::Range;

/// A double quotation longer than this (in bytes) is not treated as one unit: it may be an
/// unbalanced quote mark, and sentences inside it are split as usual.
const SHORT_QUOTE: usize = 300;

/// Parentheses open for longer than this (in bytes) are taken as unbalanced.
const LONG_PARENS: usize = 600;

/// Words that end with a full stop without ending the sentence (compared case-insensitively,
/// without the final dot).
const ABBREVIATIONS: &[&str] = &[
    "maj", "gen", "brig", "lt", "col", "capt", "cpt", "sgt", "cpl", "pvt", "adm", "cmdr", "cdr", "gov", "sen", "rep",
    "pres", "prof", "dr", "mr", "mrs", "ms", "jr", "sr", "st", "mt", "no", "nos", "vs", "etc", "e.g", "i.e", "approx",
    "ca", "c", "cf", "al", "fig", "vol", "pp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
];

/// The bytes [`split`] looks at: brackets, straight quotes, sentence ends, and the lead byte
/// of the curly quotes `“` and `”`.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let set = b"()[]\".!?\xE2";
    while k < set.len() {
        t[set[k] as usize] = true;
        k += 1;
    }
    t
};

/// Byte ranges of the sentences of `text`, in order.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut depth = 0usize;
    // Where the outermost open bracket opened: an unbalanced one stops holding sentences
    // together after [`LONG_PARENS`] bytes.
    let mut paren_since = 0usize;
    // Where the current double quotation opened, when we are inside one that closes soon.
    let mut quote_open: Option<usize> = None;
    // Once a quote mark is found to have no close within reach, later searches start past it,
    // which keeps the scan linear.
    let mut searched_to = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        // Most bytes are letters and spaces, which neither open nor close anything.
        if !SPECIAL[bytes[i] as usize] {
            i += 1;
            continue;
        }
        let b = bytes[i];
        match b {
            b'(' | b'[' => {
                if depth == 0 {
                    paren_since = i;
                }
                depth += 1;
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            b'"' if quote_open.is_some() => quote_open = None,
            b'"' if i >= searched_to => {
                let limit = (i + SHORT_QUOTE).min(bytes.len());
                match bytes[i + 1..limit].iter().position(|&c| c == b'"') {
                    Some(_) => quote_open = Some(i),
                    None => searched_to = limit,
                }
            }
            _ => {}
        }
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        if text[i..].starts_with('“') {
            let limit = floor_boundary(text, (i + SHORT_QUOTE).min(bytes.len()));
            if i >= searched_to && i + 3 <= limit {
                if text[i + 3..limit].contains('”') {
                    quote_open = Some(i);
                } else {
                    searched_to = limit;
                }
            }
        } else if text[i..].starts_with('”') {
            quote_open = None;
        }
        if matches!(b, b'.' | b'!' | b'?')
            && (depth == 0 || i - paren_since > LONG_PARENS)
            && (quote_open.is_none() || closes_quote(bytes, i + 1))
        {
            if let Some(next) = boundary_after(text, i) {
                if b != b'.' || !is_abbreviation(text, start, i) {
                    push_trimmed(text, start, next, &mut out);
                    start = next;
                    i = next;
                    continue;
                }
            }
        }
        i += 1;
    }
    push_trimmed(text, start, bytes.len(), &mut out);
    out
}

/// Whether a closing quote mark starts at `at`: a quoted sentence may end the quoting one too.
fn closes_quote(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b'"') || bytes.get(at..at + 3) == Some("”".as_bytes())
}

/// When the terminal mark at `i` ends a sentence, where the next sentence starts.
fn boundary_after(text: &str, i: usize) -> Option<usize> {
    let mut j = i + 1;
    // Closing quotes and brackets, and citation markers, belong to the sentence that ends here.
    loop {
        let rest = &text[j..];
        if let Some(c) = rest.chars().next() {
            if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']') {
                j += c.len_utf8();
                continue;
            }
            if c == '[' {
                if let Some(close) = rest.as_bytes().iter().take(16).position(|&x| x == b']') {
                    if rest[1..close].bytes().all(|x| x.is_ascii_alphanumeric() || x == b' ') {
                        j += close + 1;
                        continue;
                    }
                }
            }
        }
        break;
    }
    let ws_start = j;
    let rest = &text[j..];
    let ws: usize = rest.chars().take_while(|c| c.is_whitespace()).map(char::len_utf8).sum();
    if ws == 0 {
        return None;
    }
    let next = rest[ws..].chars().next()?;
    if next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '\'' | '‘' | '(') {
        Some(ws_start)
    } else {
        None
    }
}

/// Whether the full stop at `dot` closes an abbreviation or an initial (the word before it
/// starts after `floor`).
fn is_abbreviation(text: &str, floor: usize, dot: usize) -> bool {
    // Abbreviations are short: looking back a bounded distance keeps the scan linear.
    let mut from = floor.max(dot.saturating_sub(40));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '\'' | '’')))
        .map(|(k, c)| k + c.len_utf8())
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Single letters joined by dots: an initial ("A."), an initialism ("U.S.", "e.g.").
    if word.split('.').all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic)) {
        return true;
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Pushes `text[from..to]` without surrounding whitespace, when anything is left.
fn push_trimmed(text: &str, from: usize, to: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[from..to];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(from + lead..to - trail);
    }
}

/// The largest character boundary of `text` not after `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
