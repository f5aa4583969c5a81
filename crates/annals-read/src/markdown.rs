//! Markdown with YAML front matter.
//!
//! Two front-matter forms occur:
//!
//! - `title:` with `infoboxes:`, a list whose first element maps each infobox field to
//!   `{text, links, formatting}`. Field text keeps the source's line breaks and `*` bullets; where
//!   the rendering lost a line break, a flag emoji or a run of two or more spaces still separates
//!   items, so both start a new item.
//! - `subject:` with `tags`, `date`, `place`: `date` and `place` come from the article's infobox
//!   and become fields of a small infobox named `front matter`, with the "Part of" line and the
//!   sides that the tags hold among the categories (`crate::frontlines`); tags, descriptions and
//!   the like are kept as metadata too.
//!
//! The body is read as CommonMark-like blocks: ATX headings, paragraphs, bullet and numbered lists
//! (nesting by indentation), pipe tables, and block quotes; images are dropped and links keep
//! their text. Front matter that is not valid YAML is reported and the body is still read.

use crate::text::{is_apparatus, item_with_flag, leading_flag, strip_citations};
use crate::Hint;
use annals_model::{DocBuilder, FieldValue, Format, Link, Parsed, Revision};
use yaml_rust2::{Yaml, YamlLoader};

pub fn read(input: &str, hint: &Hint) -> Parsed {
    let mut b = DocBuilder::new(Format::Markdown);
    let mut diagnostics = Vec::new();
    let (front, body) = split_front_matter(input);
    let mut yaml = Yaml::Null;
    if let Some(front) = front {
        match YamlLoader::load_from_str(front) {
            Ok(mut docs) if !docs.is_empty() => yaml = docs.swap_remove(0),
            Ok(_) => {}
            Err(e) => diagnostics
                .push(annals_model::Diagnostic::warning(format!("front matter is not valid YAML: {e}")).at(input, 4)),
        }
    }
    let title = yaml["title"].as_str().or(yaml["subject"].as_str()).map(str::to_string);
    let body_title = body.lines().find_map(|l| l.strip_prefix("# ")).map(|t| t.trim().to_string());
    b.title(title.as_deref().or(body_title.as_deref()).or(hint.title.as_deref()).unwrap_or(""));
    if let Some(ts) = yaml["pubDate"].as_str() {
        b.revision(Revision { id: None, timestamp: Some(ts.to_string()) });
    }
    read_front_matter(&mut b, &yaml, &mut diagnostics, input);
    read_body(&mut b, body, body_title.is_some() && title.is_none());
    Parsed { document: b.finish(), diagnostics }
}

/// Splits `---\n<yaml>\n---\n<body>` into the YAML and the body.
fn split_front_matter(input: &str) -> (Option<&str>, &str) {
    let Some(rest) = input.strip_prefix("---\n") else { return (None, input) };
    let end = if rest.starts_with("---\n") { Some(0) } else { rest.find("\n---\n").map(|e| e + 1) };
    match end {
        Some(e) => {
            let body_start = 4 + e + 4;
            (Some(&rest[..e]), &input[body_start.min(input.len())..])
        }
        None if rest.ends_with("\n---") => (Some(&rest[..rest.len() - 3]), ""),
        None => (None, input),
    }
}

fn read_front_matter(b: &mut DocBuilder, yaml: &Yaml, diagnostics: &mut Vec<annals_model::Diagnostic>, input: &str) {
    let Some(map) = yaml.as_hash() else { return };
    if let Some(boxes) = yaml["infoboxes"].as_vec() {
        if boxes.len() > 1 {
            diagnostics.push(
                annals_model::Diagnostic::warning(format!("{} infoboxes; only the first is read", boxes.len()))
                    .at(input, 0),
            );
        }
        if let Some(fields) = boxes.first().and_then(Yaml::as_hash) {
            let fields = fields.iter().filter_map(|(k, v)| Some((k.as_str()?.to_string(), infobox_value(v)))).collect();
            b.infobox("Infobox", fields);
        }
    } else {
        let mut fields: Vec<(String, FieldValue)> = ["date", "place"]
            .into_iter()
            .filter_map(|k| {
                let values = strings(&yaml[k]);
                let raw = values.join("\n");
                let items = values.iter().flat_map(|v| split_items(v)).collect::<Vec<_>>();
                (!items.is_empty()).then(|| (k.to_string(), FieldValue { raw, items, ..FieldValue::default() }))
            })
            .collect();
        // The sides and the "Part of" line are in the tags, among the categories, when the article
        // had a conflict's infobox: its date and place are the fields that infobox always has. A
        // person's or an organisation's article has neither, and its tags are all categories.
        if !fields.is_empty() {
            fields.extend(crate::frontlines::fields(&strings(&yaml["tags"]), yaml["subject"].as_str()));
        }
        b.infobox("front matter", fields);
    }
    for (k, v) in map {
        let Some(key) = k.as_str() else { continue };
        if matches!(key, "title" | "subject" | "infoboxes" | "date" | "place") {
            continue;
        }
        let values = strings(v);
        if !values.is_empty() {
            b.meta(key, values);
        }
    }
}

/// A scalar or a list of scalars as strings.
fn strings(v: &Yaml) -> Vec<String> {
    match v {
        Yaml::Array(a) => a.iter().flat_map(strings).collect(),
        Yaml::String(s) | Yaml::Real(s) => vec![s.clone()],
        Yaml::Integer(i) => vec![i.to_string()],
        Yaml::Boolean(x) => vec![x.to_string()],
        _ => Vec::new(),
    }
}

fn infobox_value(v: &Yaml) -> FieldValue {
    let text = match v["text"].as_str() {
        Some(t) => t.to_string(),
        None => strings(v).join("\n"),
    };
    let links = v["links"]
        .as_vec()
        .map(|links| {
            links
                .iter()
                .filter(|l| l["type"].as_str() != Some("external"))
                .filter_map(|l| {
                    let page = l["page"].as_str().filter(|p| *p != "undefined");
                    let text = l["text"].as_str().or(page)?;
                    Some(Link { text: text.to_string(), target: page.unwrap_or(text).to_string() })
                })
                .collect()
        })
        .unwrap_or_default();
    FieldValue { items: split_items(&text), raw: text, links, inline: false }
}

/// Items of a front-matter value: one per line, with `*` bullets giving depth; a flag emoji or a
/// run of two or more spaces inside a line also starts a new item (the rendering lost a line
/// break there).
pub(crate) fn split_items(text: &str) -> Vec<(u8, String, Option<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        let depth = t.chars().take_while(|&c| c == '*').count();
        let t = t[depth..].trim();
        for piece in split_at_flags(t) {
            for part in piece.split("  ").map(str::trim).filter(|p| !p.is_empty()) {
                let (text, flag) = item_with_flag(part);
                if !text.is_empty() || flag.is_some() {
                    out.push((depth.min(8) as u8, text, flag));
                }
            }
        }
    }
    // A flag alone on a line ("🇮🇷" then "IRGC") belongs to the item after it.
    let mut merged: Vec<(u8, String, Option<String>)> = Vec::with_capacity(out.len());
    for item in out {
        match merged.last_mut() {
            Some(prev) if prev.1.is_empty() && prev.2.is_some() && item.2.is_none() => {
                prev.1 = item.1;
                prev.0 = item.0;
            }
            _ => merged.push(item),
        }
    }
    merged.retain(|i| !i.1.is_empty());
    merged
}

fn split_at_flags(line: &str) -> Vec<&str> {
    let mut starts = crate::text::flag_starts(line);
    starts.retain(|&s| s > 0);
    let mut out = Vec::new();
    let mut last = 0;
    for s in starts {
        out.push(&line[last..s]);
        last = s;
    }
    out.push(&line[last..]);
    out
}

fn read_body(b: &mut DocBuilder, body: &str, title_in_body: bool) {
    let mut para = String::new();
    let mut skipping = false;
    let mut indents: Vec<usize> = Vec::new();
    let mut title_seen = !title_in_body;
    for line in body.lines() {
        let t = line.trim();
        if let Some((level, text)) = atx_heading(t) {
            flush_para(b, &mut para);
            indents.clear();
            if level == 1 && !title_seen {
                title_seen = true;
                continue;
            }
            // Apparatus sections (References, Notes, ...) are left out, heading and all.
            skipping = is_apparatus(text);
            if !skipping {
                b.heading(level, &inline(text));
            }
            continue;
        }
        if skipping {
            continue;
        }
        if t.is_empty() {
            flush_para(b, &mut para);
            continue;
        }
        if is_rule(t) {
            flush_para(b, &mut para);
            b.flush();
            continue;
        }
        if let Some((indent, text)) = list_item(line) {
            flush_para(b, &mut para);
            while indents.last().is_some_and(|&top| indent < top) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| indent > top) {
                indents.push(indent);
            }
            b.list_item(indents.len() as u8, &inline(text));
            continue;
        }
        if t.starts_with('|') {
            flush_para(b, &mut para);
            let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
            let separator = cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')));
            if !separator {
                let cells: Vec<String> = cells.iter().map(|c| inline(c)).collect();
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                b.table_row(&refs);
            }
            continue;
        }
        // A continuation line of a list item is indented text right after it; fold it in as a
        // paragraph rather than lose it.
        let t = t.strip_prefix('>').map_or(t, str::trim);
        if !indents.is_empty() && line.starts_with(' ') {
            b.paragraph(&inline(t));
            continue;
        }
        indents.clear();
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(t);
    }
    flush_para(b, &mut para);
}

fn flush_para(b: &mut DocBuilder, para: &mut String) {
    if !para.is_empty() {
        b.paragraph(&inline(para));
        para.clear();
    }
}

fn atx_heading(t: &str) -> Option<(u8, &str)> {
    let level = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !rest.starts_with(' ') {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    (!text.is_empty()).then_some((level as u8, text))
}

fn is_rule(t: &str) -> bool {
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*') || t.chars().all(|c| c == '_'))
}

/// A bullet (`*`, `-`, `+`) or numbered (`1.`, `1)`) list item: its indentation and text.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let t = &line[indent..];
    let rest = if let Some(r) = t.strip_prefix(['*', '-', '+']) {
        r
    } else {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 4 {
            return None;
        }
        t[digits..].strip_prefix(['.', ')'])?
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim();
    (!text.is_empty()).then_some((indent, text))
}

/// Inline Markdown to plain text: images dropped, links to their text, emphasis markers and
/// citation markers removed, a leading flag emoji dropped.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['[', '!', '*', '_', '`']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let after = &tail[1..];
        rest = match tail.as_bytes()[0] {
            b'!' => match after.starts_with('[').then(|| bracket_link(after)).flatten() {
                Some((_, len)) => &after[len..],
                None => {
                    out.push('!');
                    after
                }
            },
            b'[' => match bracket_link(tail) {
                Some((text, len)) => {
                    out.push_str(&text);
                    &tail[len..]
                }
                None => {
                    out.push('[');
                    after
                }
            },
            b'*' => after.strip_prefix('*').unwrap_or(after),
            b'`' => after,
            _ => {
                // `__` is emphasis; a single `_` inside a word (snake_case, file names) is text,
                // and only one at a word edge marks emphasis.
                let prev_alnum = out.chars().last().is_some_and(char::is_alphanumeric);
                let next_alnum = after.chars().next().is_some_and(char::is_alphanumeric);
                if let Some(r) = after.strip_prefix('_') {
                    r
                } else if prev_alnum && next_alnum {
                    out.push('_');
                    after
                } else {
                    after
                }
            }
        };
    }
    out.push_str(rest);
    let out = strip_citations(&out);
    match leading_flag(out.trim_start()) {
        Some((_, after)) => after.trim().to_string(),
        None => out,
    }
}

/// `[text](target)` at the start of `s`: the text and the length of the whole link. Brackets
/// nest (`[[Russian](./Russia)](./Russia)` occurs), so the text is rendered again by the caller.
fn bracket_link(s: &str) -> Option<(String, usize)> {
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in s.char_indices() {
        match c {
            // Deeper nesting than any article has is not a link; refusing it bounds the recursion.
            '[' if depth >= 8 => return None,
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    let close = close?;
    let after = s[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    Some((inline(&s[1..close]), close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_inline(input: &str, expect: &str) {
        assert_eq!(inline(input), expect, "input {input:?}");
    }

    #[test]
    fn inline_markup() {
        check_inline("The **Deir ez-Zor offensive** was", "The Deir ez-Zor offensive was");
        check_inline("a [Hama Governorate](./Hama_Governorate), Syria", "a Hama Governorate, Syria");
        check_inline("![Map](https://x/y.png?) text", " text");
        check_inline("snake_case and _emphasis_", "snake_case and emphasis");
        check_inline("[unclosed and [1] marker", "[unclosed and  marker");
        check_inline("in [[Russian](./Russia)](./Russia) city", "in Russian city");
        check_inline("100!", "100!");
    }

    #[test]
    fn items_split_on_flags_and_wide_gaps() {
        let got = split_items("Syrian Arab Republic\n\n* Syrian Armed Forces\n\n🇷🇺 Russia 🇮🇷 Iran Allied militias: Liwa Fatemiyoun  Fatah al-Intifada\n🇮🇷\nIRGC");
        let got: Vec<(u8, &str, Option<&str>)> = got.iter().map(|(d, t, f)| (*d, t.as_str(), f.as_deref())).collect();
        assert_eq!(
            got,
            [
                (0, "Syrian Arab Republic", None),
                (1, "Syrian Armed Forces", None),
                (0, "Russia", Some("Russia")),
                (0, "Iran Allied militias: Liwa Fatemiyoun", Some("Iran")),
                (0, "Fatah al-Intifada", None),
                (0, "IRGC", Some("Iran")),
            ]
        );
    }

    #[test]
    fn front_matter_split() {
        assert_eq!(split_front_matter("---\na: b\n---\nbody").0, Some("a: b\n"));
        assert_eq!(split_front_matter("---\na: b\n---\nbody").1, "body");
        assert_eq!(split_front_matter("---\na: b\n---").1, "");
        assert_eq!(split_front_matter("---\nno end").0, None);
        assert_eq!(split_front_matter("---\n---\nbody").1, "body");
    }

    #[test]
    fn lists_nest_by_indentation() {
        assert_eq!(list_item(" * Battle of Mosul"), Some((1, "Battle of Mosul")));
        assert_eq!(list_item("    -   nested"), Some((4, "nested")));
        assert_eq!(list_item("12. twelfth"), Some((0, "twelfth")));
        assert_eq!(list_item("*emphasis*"), None);
    }
}
