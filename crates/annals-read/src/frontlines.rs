//! The `subject/tags/date/place` front matter: an infobox flattened into a list of tags.
//!
//! The rendering put, in `tags`, the infobox's name for the conflict, then its infobox's "Part of" line, then one
//! entry per side (the belligerents, each on a line, `*` bullets for those under another,
//! "Support:" labels, flag emoji and the blanks left where flag icons were), then the article's
//! categories. Nothing marks where one kind ends and the next begins, and the number of sides
//! varies, so each entry is told by what it is:
//!
//! - a side carries the marks of an infobox cell: several lines, bullets, a flag, an icon's name
//!   or the blank an icon left before the text, a group label ending in `:`; or, on one line, it
//!   is a name that reads as no category;
//! - a category is a page category's title: it sorts something by year, by war or by place
//!   ("Military operations of the Syrian civil war in 2016", "September 2016 events in Syria",
//!   "Aleppo Governorate in the Syrian civil war", "Turkey–ISIL conflict"). Categories come after
//!   the sides, so the first one ends them;
//! - the "Part of" line, first after the title, names wars and campaigns without a side's marks.
//!
//! Only an article that had a conflict's infobox has sides in its tags: the caller reads them when
//! the front matter has a date or a place.
//!
//! The entries become the fields of Template:Infobox military conflict (`partof`, `combatant1`,
//! `combatant2`, …), so that a conflict record is read from them as from any infobox.

use crate::markdown::split_items;
use annals_model::FieldValue;

/// The `partof` and `combatantN` fields the tags hold (after the title, which is `subject`).
pub(crate) fn fields(tags: &[String], subject: Option<&str>) -> Vec<(String, FieldValue)> {
    let mut out = Vec::new();
    let mut entries = tags.iter().map(String::as_str).filter(|t| !t.trim().is_empty()).peekable();
    // The first tag is the infobox's name for the conflict: the article's title, or a longer or
    // older form of it ("Battle of Fallujah (2016)" for "Third Battle of Fallujah").
    // A second line may give the name in another script.
    let title_line = |t: &str| t.lines().next().unwrap_or("").to_string();
    if entries
        .peek()
        .is_some_and(|first| !has_side_marks(first) || subject.is_some_and(|s| same_words(&title_line(first), s)))
    {
        entries.next();
    }
    if let Some(first) = entries.peek() {
        if !has_cell_marks(first) && !is_sorting(first) && names_a_war(first) {
            let text = first.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(("partof".to_string(), FieldValue::single(&text, &text)));
            entries.next();
        }
    }
    let mut side = 0;
    for entry in entries {
        if !has_side_marks(entry) && is_category(entry) {
            break;
        }
        let items = side_items(entry);
        if items.is_empty() {
            continue;
        }
        side += 1;
        out.push((format!("combatant{side}"), FieldValue { raw: entry.to_string(), items, ..FieldValue::default() }));
    }
    out
}

/// Whether two titles are the same but for case and a bracketed qualifier: the infobox's
/// conflict name ("Manbij offensive (2016)") and the article's ("Manbij offensive").
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        let s = s.split('(').next().unwrap_or(s);
        s.split_whitespace().map(str::to_lowercase).collect()
    };
    words(a) == words(b)
}

/// The marks an infobox cell leaves that a category title never has: several lines.
fn has_side_marks(entry: &str) -> bool {
    entry.trim_end().contains('\n') || has_cell_marks(entry)
}

/// The marks of a list of names in a cell: bullets, flags, icons or the blank an icon left at a
/// line's start, group labels. The "Part of" line may run over several lines, but has none of them.
fn has_cell_marks(entry: &str) -> bool {
    let t = entry.trim_end();
    t.lines().any(|l| l.starts_with([' ', '*']))
        || !crate::text::flag_starts(t).is_empty()
        || [".svg", ".png", ".jpg"].iter().any(|x| t.contains(x))
        || t.lines().any(|l| l.trim_end().ends_with(':'))
        || t.contains(": ")
}

/// Words that make a title a category's: a sorting by kind, year, war or place.
fn is_category(entry: &str) -> bool {
    if is_sorting(entry) {
        return true;
    }
    let lower = entry.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let Some(first) = words.first() else { return false };
    const SORTING: &[&str] = &[" in the ", " of the syrian civil war", " during the "];
    if SORTING.iter().any(|s| format!(" {lower}").contains(s)) {
        return true;
    }
    // Categories about one war, campaign or place: "Turkey–ISIL conflict", "Ayn al-Arab
    // District", "Battle of Mosul (2016–17)".
    let last = words.iter().rev().find(|w| !w.starts_with('(')).copied().unwrap_or("");
    const ENDINGS: &[&str] = &[
        "conflict",
        "war",
        "campaign",
        "crisis",
        "insurgency",
        "offensive",
        "clashes",
        "intervention",
        "district",
        "governorate",
        "province",
        "canton",
        "subdistrict",
    ];
    ENDINGS.contains(&last) || first.starts_with("battle") || first.starts_with("siege")
}

/// The marks of a category that sorts pages by year or kind, which no "Part of" line has.
fn is_sorting(entry: &str) -> bool {
    let lower = entry.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let Some(first) = words.first() else { return false };
    // "… in 2016", "2016 in Syria", "1960s conflicts", "September 2016 events in Syria".
    let year = |w: &str| {
        let d = w.trim_end_matches('s').trim_matches(|c: char| !c.is_alphanumeric());
        d.len() >= 3 && d.len() <= 4 && d.chars().all(|c| c.is_ascii_digit())
    };
    let in_year = words.windows(2).any(|w| w[0] == "in" && year(w[1]));
    if in_year || year(first) || (words.contains(&"events") && words.iter().any(|w| year(w))) {
        return true;
    }
    if [" involving ", " events", " by "].iter().any(|s| format!(" {lower}").contains(s)) {
        return true;
    }
    // Category titles are headed by a plural: "Battles of …", "Sieges involving …",
    // "Military operations of …", "Conflicts in …".
    const HEADS: &[&str] = &[
        "battles",
        "conflicts",
        "sieges",
        "wars",
        "military operations",
        "massacres",
        "attacks",
        "articles",
        "organizations",
        "organisations",
        "lists",
        "timelines",
        "operations rooms",
        "military units",
        "airstrikes",
        "mass murder",
        "terrorist incidents",
        "rebellions",
        "invasions",
        "campaigns",
        "offensives",
        "history of",
    ];
    HEADS.iter().any(|h| lower.starts_with(h))
}

/// Whether a line names a war or a campaign, as the "Part of" line does.
fn names_a_war(entry: &str) -> bool {
    const WARS: &[&str] = &[
        "war",
        "conflict",
        "campaign",
        "intervention",
        "offensive",
        "battle",
        "crisis",
        "revolution",
        "uprising",
        "spring",
        "winter",
        "insurgency",
        "clashes",
        "operation",
        "involvement",
        "siege",
        "front",
        "theatre",
        "theater",
        "occupation",
        "invasion",
    ];
    entry
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .any(|w| WARS.contains(&w.as_str()) || WARS.iter().any(|x| w.strip_suffix('s') == Some(x)))
}

/// The items of one side's entry: one per name, with its depth and flag; a group label ("Support:",
/// "Supported by:") run into a line becomes an item of its own, and a flag's country run into the
/// name after it ("🇹🇷 Turkey Syrian rebels") is cut from it.
fn side_items(entry: &str) -> Vec<(u8, String, Option<String>)> {
    let mut lines = Vec::new();
    for line in entry.lines() {
        let depth = line.trim().chars().take_while(|&c| c == '*').count();
        let stars = "*".repeat(depth);
        let body = line.trim()[depth..].trim();
        for piece in cut_labels(body) {
            lines.push(format!("{stars}{piece}"));
        }
    }
    let mut out = Vec::new();
    for (depth, text, flag) in split_items(&lines.join("\n")) {
        match flag.as_deref().and_then(|f| text.strip_prefix(f)) {
            Some(rest) if rest.starts_with(' ') && !rest.trim().is_empty() && starts_a_name(rest.trim()) => {
                out.push((depth, flag.clone().unwrap_or_default(), flag.clone()));
                out.push((depth, rest.trim().to_string(), None));
            }
            _ => out.push((depth, text, flag)),
        }
    }
    out
}

/// Whether text after a country's name starts another name rather than going on with the same one
/// ("Turkey Syrian rebels", not "Russia (from 2015)" or "Turkey-backed").
fn starts_a_name(rest: &str) -> bool {
    rest.chars().next().is_some_and(char::is_uppercase)
}

/// A line cut before and after each group label it holds ("Turkey Syrian rebels Support:",
/// "Free Syrian Army Supported by: CJTF-OIR"). A label is the words before a colon back to the
/// first capitalised one: "Supported by:", "Allied militias:", "Limited air support:".
fn cut_labels(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(colon) = rest.find(':') {
        let before = &rest[..colon];
        let words: Vec<(usize, &str)> = word_starts(before);
        let mut start = None;
        for &(at, w) in words.iter().rev() {
            start = Some(at);
            if w.chars().next().is_some_and(|c| !c.is_lowercase()) {
                break;
            }
        }
        let Some(start) = start else { break };
        let head = before[..start].trim();
        // A country flagged just before the label is a name, not part of the label.
        if !head.is_empty() {
            out.push(head.to_string());
        }
        out.push(format!("{}:", before[start..].trim()));
        rest = rest[colon + 1..].trim_start();
    }
    if !rest.trim().is_empty() || out.is_empty() {
        out.push(rest.trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

fn word_starts(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), at) {
            (false, None) => at = Some(i),
            (true, Some(a)) => {
                out.push((a, &s[a..i]));
                at = None;
            }
            _ => {}
        }
    }
    if let Some(a) = at {
        out.push((a, &s[a..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(tags: &[&str], expect: &[(&str, &[&str])]) {
        let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
        let got = fields(&tags, Some(tags[0].as_str()));
        let got: Vec<(String, Vec<String>)> =
            got.into_iter().map(|(k, v)| (k, v.items.into_iter().map(|(_, t, _)| t).collect())).collect();
        let expect: Vec<(String, Vec<String>)> =
            expect.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn sides_are_told_from_categories_by_what_they_are() {
        check(
            &[
                "2015 Example offensive",
                "the Example War and the Other intervention in Exampleland",
                "🇹🇷 Turkey Northern rebels Support:\n*🇺🇸 United States",
                " Islamic State",
                "Military operations of the Example War in 2015",
                "Turkey–ISIL conflict",
                "Example Governorate in the Example War",
            ],
            &[
                ("partof", &["the Example War and the Other intervention in Exampleland"]),
                ("combatant1", &["Turkey", "Northern rebels", "Support:", "United States"]),
                ("combatant2", &["Islamic State"]),
            ],
        );
    }

    #[test]
    fn a_one_line_side_without_marks_is_still_a_side() {
        check(
            &[
                "Example siege",
                "Example civil war",
                "Republic of Example\n* Example Armed Forces",
                "Islamic State of Iraq and the Levant",
                "Conflicts in 2017",
                "Fallujah District",
            ],
            &[
                ("partof", &["Example civil war"]),
                ("combatant1", &["Republic of Example", "Example Armed Forces"]),
                ("combatant2", &["Islamic State of Iraq and the Levant"]),
            ],
        );
    }

    #[test]
    fn an_article_without_sides_has_none() {
        check(&["Some airstrike", "Conflicts in 2017", "March 2017 events in Iraq"], &[]);
    }

    #[test]
    fn a_side_first_is_no_part_of() {
        check(
            &[
                "Battle of Old",
                "Sassanid.svg Sassanid Persia\nAllied Arabs",
                "* Banu Bakr\n* Banu Ijl",
                "600s conflicts",
            ],
            &[("combatant1", &["Sassanid Persia", "Allied Arabs"]), ("combatant2", &["Banu Bakr", "Banu Ijl"])],
        );
    }

    #[test]
    fn a_title_with_its_name_in_another_script_is_still_the_title() {
        let tags: Vec<String> =
            ["Battle of Old\nمعركة", "the Example War", " Republic of Example", " Rebels"].map(String::from).to_vec();
        let got: Vec<String> = fields(&tags, Some("Battle of Old (2012–2016)")).into_iter().map(|(k, _)| k).collect();
        assert_eq!(got, ["partof", "combatant1", "combatant2"]);
    }

    #[test]
    fn labels_run_into_a_line_are_cut_out() {
        assert_eq!(cut_labels("Free Army Supported by: CJTF-OIR"), ["Free Army", "Supported by:", "CJTF-OIR"]);
        assert_eq!(cut_labels("Allied militias:"), ["Allied militias:"]);
        assert_eq!(cut_labels("Pro-government:DR Congo"), ["Pro-government:", "DR Congo"]);
        assert_eq!(cut_labels("no label here"), ["no label here"]);
    }
}
