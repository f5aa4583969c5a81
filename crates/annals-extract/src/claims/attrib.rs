//! Who asserts a figure (the source) and when it holds (the period), from a part of a
//! parenthesis ("Syrian claim", "29 Sep. – 13 Oct.") or a label ("Per SOHR:", "8 May 1942:").

use super::lex::{Kind, Tok};
use crate::dates::ascii_lower;

/// What one part says about the figures it belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Attrib {
    pub source: Option<String>,
    pub period: Option<String>,
    /// The part marks the figure as an estimate ("estimated", "est.").
    pub approx: bool,
}

/// Words that end a claimant's name and say it is a claim: "Syrian claim", "German estimate".
const CLAIM_WORDS: &[&str] = &["claim", "claims", "claimed", "statement", "allegation"];
const ESTIMATE_WORDS: &[&str] =
    &["estimate", "estimates", "estimated", "estimation", "figures", "figure", "sources", "source", "count", "data"];

/// Words that make a part a time scope: "(1st day)", "(first phase)", "(last day)".
const TIME_WORDS: &[&str] = &[
    "day",
    "days",
    "phase",
    "phases",
    "week",
    "weeks",
    "month",
    "months",
    "night",
    "morning",
    "evening",
    "afternoon",
    "weekend",
    "year",
    "years",
    "stage",
];

/// Words that say what kind of estimate it is, not whose.
const GENERIC: &[&str] = &[
    "various",
    "conflicting",
    "other",
    "unconfirmed",
    "unverified",
    "disputed",
    "independent",
    "independently",
    "official",
    "multiple",
    "several",
    "some",
    "all",
    "an",
    "a",
    "the",
    "their",
    "its",
    "own",
    "initial",
    "early",
    "earlier",
    "later",
    "late",
    "final",
    "total",
    "overall",
    "local",
    "contemporary",
    "indirect",
    "direct",
    "modern",
    "recent",
    "conservative",
    "high",
    "higher",
    "low",
    "lower",
    "archival",
    "postwar",
    "post-war",
    "wartime",
    "and",
    "most",
    "more",
    "less",
    "rough",
    "first",
    "second",
    "third",
    "new",
    "old",
    "previous",
    "confirmed",
];

/// Claimants that are recognised even without "per" or "claim": "(8 civilians; SOHR)".
const KNOWN_CLAIMANTS: &[&str] = &[
    "sohr",
    "snhr",
    "sana",
    "saa",
    "sdf",
    "ypg",
    "isil",
    "isis",
    "fsa",
    "un",
    "ocha",
    "unhcr",
    "hrw",
    "airwars",
    "bellingcat",
    "lcc",
    "vdc",
    "opposition",
    "government",
    "activists",
    "monitors",
];

/// Reads the part `toks` of `line` (no figures in it) for a source, a period or an estimate
/// mark. A part is a source when it names a claimant ("per X", "according to X", "X claim",
/// "X estimate", or — in a parenthesis, when `bare` — a known monitor alone: "(SOHR)");
/// otherwise a period when it holds a date, a month, a year or a time word; otherwise nothing
/// ("all withdrawn", "Leros Islanders"). A label naming a force ("SDF: 1,000 fighters") is not
/// a source, hence `bare` is false for labels.
pub(super) fn part(line: &str, toks: &[Tok], bare: bool) -> Attrib {
    let mut out = Attrib::default();
    let words: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].is_word()).collect();
    if words.first().is_some_and(|&f| toks[f].is_any(line, &["see", "cf", "note", "notes"])) {
        return out;
    }
    let text = span(line, toks, 0, toks.len());
    // "per X", "according to X", "claimed by X", "reported by X": the claimant follows.
    for (n, &w) in words.iter().enumerate() {
        let after = if toks[w].is_any(line, &["per"]) {
            Some(w + 1)
        } else if toks[w].is_any(line, &["according", "claimed", "reported"])
            && words.get(n + 1).is_some_and(|&v| toks[v].is_any(line, &["to", "by"]))
        {
            words.get(n + 1).map(|v| v + 1)
        } else {
            None
        };
        if let Some(a) = after {
            // "per day" is a rate, not a claimant.
            if toks.get(a).is_some_and(|t| t.is_any(line, &["day", "week", "month", "cent"])) {
                continue;
            }
            out.source = claimant(span(line, toks, a, toks.len()), false);
            if out.source.is_some() {
                return out;
            }
        }
    }
    // "X claim", "X estimate", "X figures", "X sources".
    if let Some(&last) = words.last() {
        let claim = toks[last].is_any(line, CLAIM_WORDS);
        let estimate = toks[last].is_any(line, ESTIMATE_WORDS);
        if claim || estimate {
            let who = span(line, toks, 0, last);
            out.source = claimant(who, claim);
            if out.source.is_none() && estimate && words.len() == 1 {
                out.approx = true;
            }
            if out.source.is_some() || words.len() == 1 {
                return out;
            }
        }
        if words.len() == 1 && toks[last].is_any(line, &["est", "approx", "approximate", "approximately", "estimated"])
        {
            out.approx = true;
            return out;
        }
    }
    // A known claimant alone: "(SOHR)".
    let mut buf = [0u8; 40];
    let lower = ascii_lower(text.trim(), &mut buf);
    if bare && (KNOWN_CLAIMANTS.contains(&lower) || lower == "syrian observatory for human rights") {
        out.source = claimant(text, false);
        return out;
    }
    // A time scope: dates, months, years, "1st day", "first phase", "mid-2016".
    let dated = toks.iter().any(|t| t.date || t.month(line).is_some())
        || toks.iter().any(|t| t.kind == Kind::Num && t.digits.year_like())
        || toks.iter().any(|t| t.is_any(line, TIME_WORDS))
        || words.iter().any(|&w| has_year(toks[w].text(line)));
    if dated {
        let t = text.trim();
        if !t.is_empty() {
            out.period = Some(t.to_string());
        }
    }
    out
}

/// The text of `toks[a..b]` as written in `line`.
pub(super) fn span<'a>(line: &'a str, toks: &[Tok], a: usize, b: usize) -> &'a str {
    match (toks.get(a), b.checked_sub(1).and_then(|l| toks.get(l))) {
        (Some(s), Some(e)) if a < b => line.get(s.start..e.end).unwrap_or(""),
        _ => "",
    }
}

/// Whether a word holds a year glued to something ("mid-2016", "2012–13" as one token).
fn has_year(word: &str) -> bool {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - s == 4 {
                let y = word.get(s..i).and_then(|d| d.parse::<u32>().ok()).unwrap_or(0);
                if (1000..=2100).contains(&y) {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

/// The claimant as the project names it. The claimant's own words are kept, except that a
/// state's claim names its government ("Syrian claim" → "Syrian government") and the Syrian
/// Observatory goes by its usual short name. Words that name no one ("various claims",
/// "unconfirmed") give `None`.
pub(super) fn claimant(raw: &str, is_claim: bool) -> Option<String> {
    let mut s =
        raw.trim().trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\'') || c.is_whitespace());
    for suffix in ["'s", "’s"] {
        if let Some(t) = s.strip_suffix(suffix) {
            s = t.trim_end();
        }
    }
    if s.is_empty() || s.split_whitespace().count() > 8 || s.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // Words that qualify an estimate but name no one: "Contemporary indirect estimates".
    let generic = s.split_whitespace().all(|w| {
        let mut b = [0u8; 16];
        GENERIC.contains(&ascii_lower(w.trim_end_matches('.'), &mut b))
    });
    if generic {
        return None;
    }
    let mut buf = [0u8; 40];
    let lower = ascii_lower(s, &mut buf);
    let named = match lower {
        "sohr"
        | "syrian observatory for human rights"
        | "syrian observatory"
        | "the syrian observatory for human rights" => "SOHR",
        "syrian" | "syria" | "syrian government" if is_claim || lower != "syrian" => "Syrian government",
        "russian" if is_claim => "Russian government",
        "turkish" if is_claim => "Turkish government",
        "iranian" if is_claim => "Iranian government",
        "iraqi" if is_claim => "Iraqi government",
        "israeli" if is_claim => "Israeli government",
        "lebanese" if is_claim => "Lebanese government",
        "gov" | "gov." | "govt" | "govt." | "government" | "governmental" => "government",
        "pro-gov" | "pro-gov." | "pro-government" => "pro-government",
        "rebel" | "rebels" => "rebels",
        _ => return Some(s.to_string()),
    };
    Some(named.to_string())
}
