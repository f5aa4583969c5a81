//! Plain-text renderings.
//!
//! Two shapes are read here:
//!
//! - **Dumps** with markup of their own: a `= Title =` line, an `Infobox` line followed by
//!   `- Key: value` lines, `== Section ==` headings (more `=` for deeper levels), bullet trees
//!   indented by two spaces per level (`- item`, `  - child`, and `- * item` for one level more),
//!   and `; Term` lines. The dump joined each infobox value's lines with `, `, so a value's items
//!   are its comma-separated pieces; a piece's leading `*`s give its depth.
//! - **Article text** without markup: paragraphs, `[n]` citation markers (removed), and headings
//!   that are bare short lines standing alone between blank lines. That heading rule only applies
//!   when the text has no `==` headings of its own.
//!
//! Consecutive non-blank lines form one paragraph. Apparatus sections (References, Notes, ...)
//! are left out, heading and all.

use crate::text::{is_apparatus, item_with_flag, strip_citations};
use crate::Hint;
use annals_model::{DocBuilder, FieldValue, Format, Parsed};

pub fn read(input: &str, hint: &Hint) -> Parsed {
    let mut b = DocBuilder::new(Format::Plaintext);
    let lines: Vec<&str> = input.lines().collect();
    let mut i = 0;
    skip_blank(&lines, &mut i);
    match lines.get(i) {
        Some(l) if crate::sniff::is_title_line(l) => {
            b.title(l.trim().trim_matches('=').trim());
            i += 1;
        }
        _ => b.title(hint.title.as_deref().unwrap_or("")),
    }
    skip_blank(&lines, &mut i);
    if lines.get(i).is_some_and(|l| l.trim() == "Infobox") {
        i += 1;
        let mut fields = Vec::new();
        while let Some((key, value)) = lines.get(i).and_then(|l| infobox_line(l)) {
            fields.push((key.to_string(), field_value(value)));
            i += 1;
        }
        b.infobox("Infobox", fields);
    }
    let marked_headings = lines.iter().any(|l| heading(l).is_some());
    let mut para = String::new();
    let mut skipping = false;
    while i < lines.len() {
        let line = lines[i];
        let blank_before = i == 0 || lines[i - 1].trim().is_empty();
        let blank_after = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
        i += 1;
        let bare = !marked_headings && blank_before && blank_after && is_bare_heading(line);
        let head = heading(line).or(if bare { Some((2, line.trim())) } else { None });
        if let Some((level, text)) = head {
            end_paragraph(&mut b, &mut para);
            // Apparatus sections (References, Notes, ...) are left out, heading and all.
            skipping = is_apparatus(text);
            if !skipping {
                b.heading(level, text);
            }
            continue;
        }
        if skipping {
            continue;
        }
        if line.trim().is_empty() {
            end_paragraph(&mut b, &mut para);
            b.flush();
        } else if let Some(term) = line.strip_prefix(';') {
            end_paragraph(&mut b, &mut para);
            b.term(&strip_citations(term));
        } else if let Some((depth, text)) = bullet(line) {
            end_paragraph(&mut b, &mut para);
            b.list_item(depth, &strip_citations(text));
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(line.trim());
        }
    }
    end_paragraph(&mut b, &mut para);
    Parsed { document: b.finish(), diagnostics: Vec::new() }
}

fn skip_blank(lines: &[&str], i: &mut usize) {
    while lines.get(*i).is_some_and(|l| l.trim().is_empty()) {
        *i += 1;
    }
}

fn end_paragraph(b: &mut DocBuilder, para: &mut String) {
    if !para.is_empty() {
        b.paragraph(&strip_citations(para));
        para.clear();
    }
}

/// `- Key: value` (the value may be empty). Keys are template parameter names: short, one word of
/// letters, digits and underscores, which keeps a bullet with a colon from being read as a field.
fn infobox_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("- ")?;
    let (key, value) = match rest.split_once(": ") {
        Some(kv) => kv,
        None => (rest.strip_suffix(':')?, ""),
    };
    let key_ok = !key.is_empty()
        && key.len() <= 40
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    key_ok.then_some((key, value))
}

fn field_value(value: &str) -> FieldValue {
    let items = split_top_level(value)
        .into_iter()
        .filter_map(|piece| {
            let piece = piece.trim();
            let depth = piece.chars().take_while(|&c| c == '*').count();
            let (text, flag) = item_with_flag(piece[depth..].trim());
            (!text.is_empty()).then(|| (depth.min(8) as u8, text, flag))
        })
        .collect();
    FieldValue { raw: value.to_string(), items, links: Vec::new(), inline: true }
}

/// Splits a value at `, ` outside parentheses: the dump joined a value's lines with `, `, but a
/// comma inside "(opposition claim, all withdrawn)" is the text's own.
fn split_top_level(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 && value[i + 1..].starts_with(' ') => {
                out.push(&value[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out
}

/// `== Heading ==` with its level, the number of `=` on each side.
fn heading(line: &str) -> Option<(u8, &str)> {
    let l = line.trim();
    let level = l.chars().take_while(|&c| c == '=').count();
    if !(2..=6).contains(&level) || !l.ends_with(&"=".repeat(level)) || l.len() <= 2 * level {
        return None;
    }
    let text = l[level..l.len() - level].trim();
    (!text.is_empty()).then_some((level as u8, text))
}

/// A bullet line: leading spaces (two per level) then `-` or `*`, and possibly more markers.
fn bullet(line: &str) -> Option<(u8, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = line[indent..].strip_prefix("- ").or_else(|| line[indent..].strip_prefix("* "))?;
    let mut depth = indent / 2 + 1;
    loop {
        let t = rest.trim_start();
        match t.strip_prefix("* ").or_else(|| t.strip_prefix("- ")) {
            Some(r) => {
                depth += 1;
                rest = r;
            }
            None => break,
        }
    }
    Some((depth.min(16) as u8, rest.trim()))
}

/// A short line that reads as a heading: no sentence punctuation at its end, capitalized, few words.
fn is_bare_heading(line: &str) -> bool {
    let l = line.trim();
    let words = l.split_whitespace().count();
    let first_ok = l.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let end_ok = !l.ends_with(['.', ',', ';', ':', '!', '?', '"', '”', ')', ']']);
    first_ok && end_ok && (1..=8).contains(&words) && l.len() <= 80 && !l.starts_with('[')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(heading("== A ==").unwrap(), (2, "A"));
        assert_eq!(heading("=== A B ===").unwrap(), (3, "A B"));
        assert_eq!(heading("== A ="), None);
        assert_eq!(heading("===="), None);
        assert_eq!(bullet("    - Liwa"), Some((3, "Liwa")));
        assert_eq!(bullet("    - * Allahu Akbar Brigade"), Some((4, "Allahu Akbar Brigade")));
        assert_eq!(bullet("-   - Turkey condemned"), Some((2, "Turkey condemned")));
        assert_eq!(bullet("-x"), None);
        assert_eq!(infobox_line("- Casualties3: 39 civilians"), Some(("Casualties3", "39 civilians")));
        assert_eq!(infobox_line("- Units1:"), Some(("Units1", "")));
        assert_eq!(infobox_line("- He said: yes, indeed"), None);
        assert!(is_bare_heading("The clashes"));
        assert!(!is_bare_heading("It ended."));
        assert!(!is_bare_heading("[1]"));
    }

    #[test]
    fn field_items_keep_depth_and_flags() {
        let v = field_value("Syrian Opposition, * Al-Nusra Front, ** Liwa Thuwar al-Raqqa, 🇷🇺 Russia");
        let got: Vec<(u8, &str, Option<&str>)> =
            v.items.iter().map(|(d, t, f)| (*d, t.as_str(), f.as_deref())).collect();
        assert_eq!(
            got,
            [
                (0, "Syrian Opposition", None),
                (1, "Al-Nusra Front", None),
                (2, "Liwa Thuwar al-Raqqa", None),
                (0, "Russia", Some("Russia"))
            ]
        );
        assert_eq!(field_value("9,000 soldiers, 150+ tanks").items.len(), 2);
        // Regression: a comma inside parentheses split one claim into two items.
        let v = field_value("17,000 fighters (opposition claim, all withdrawn)");
        assert_eq!(v.items.len(), 1);
        assert_eq!(split_top_level("a (b, c), d"), ["a (b, c)", "d"]);
        assert_eq!(split_top_level("unclosed (a, b"), ["unclosed (a, b"]);
    }
}
