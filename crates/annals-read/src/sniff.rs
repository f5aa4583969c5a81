//! Format detection by content. File names are not trusted: the corpus holds Markdown in `.txt`
//! files and plain text in `.md` files.

use annals_model::Format;

/// Guesses the rendering of decoded text, or `None` when it holds nothing readable.
/// XML dumps are containers, not documents: detect them with [`crate::dump::is_dump`] first.
pub fn sniff(text: &str) -> Option<Format> {
    let head = head(text, 64 * 1024);
    let trimmed = head.trim_start();
    if trimmed.is_empty() {
        return None;
    }
    if is_front_matter(trimmed) {
        return Some(Format::Markdown);
    }
    let lower: String = trimmed.chars().take(512).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || head.contains("class=\"infobox") {
        return Some(Format::Html);
    }
    let mut lines = trimmed.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("");
    if is_title_line(first) {
        return Some(Format::Plaintext);
    }
    let second = lines.next().unwrap_or("");
    if first.trim_end().ends_with("|||") || is_separator_row(second) {
        return Some(Format::Pipetable);
    }
    let markup = head.matches("{{").count() + head.matches("[[").count() + head.matches("'''").count();
    let has_heading = head.lines().any(|l| {
        let l = l.trim();
        l.len() > 4 && l.starts_with("==") && l.ends_with("==")
    });
    if head.contains("{{Infobox") || head.contains("{{infobox") || markup >= 5 || (markup >= 1 && has_heading) {
        return Some(Format::Wikitext);
    }
    if head.lines().any(|l| l.starts_with("## ") || l.starts_with("# ")) {
        return Some(Format::Markdown);
    }
    Some(Format::Plaintext)
}

fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// YAML front matter: a `---` line, `key:` lines, and a closing `---` line.
fn is_front_matter(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("---\n") else { return false };
    let first_key = rest.lines().next().is_some_and(|l| {
        l.split_once(':').is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_'))
    });
    first_key && rest.contains("\n---")
}

/// `= Title =`, the title line of the plain-text dumps.
pub(crate) fn is_title_line(line: &str) -> bool {
    let l = line.trim();
    l.len() > 4 && l.starts_with("= ") && l.ends_with(" =") && !l.starts_with("==")
}

/// `---|---|---|`, the separator row a flattened HTML table carries under its first row.
fn is_separator_row(line: &str) -> bool {
    let l = line.trim().trim_matches('|');
    !l.is_empty() && l.split('|').all(|c| !c.trim().is_empty() && c.trim().chars().all(|ch| ch == '-' || ch == ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<Format>) {
        assert_eq!(sniff(input), expect, "input {input:?}");
    }

    #[test]
    fn detects_each_format() {
        check("= Battle =\n\nInfobox\n- Date: 1 May\n", Some(Format::Plaintext));
        check("---\ntitle: X\ninfoboxes:\n  - a: b\n---\n\nBody", Some(Format::Markdown));
        check("Battle | |||||||\n---|---|---|\nPart of X | |||\n", Some(Format::Pipetable));
        check("{{Infobox military conflict\n| conflict = X\n}}\n'''X''' was", Some(Format::Wikitext));
        check("<!DOCTYPE html><html><body><p>x</p></body></html>", Some(Format::Html));
        check("# Battle\n\nText.\n\n## Background\n", Some(Format::Markdown));
        check("The clashes began on 4 October.[1]\n", Some(Format::Plaintext));
        check("  \n\n", None);
    }

    #[test]
    fn a_horizontal_rule_is_not_front_matter() {
        check("---\n\nSome text with a rule above.\n", Some(Format::Plaintext));
    }
}
