//! Small text helpers shared by the readers of rendered formats (plain text, Markdown).

/// Section headings whose bodies are apparatus, not narrative: readers skip their content.
pub const APPARATUS_SECTIONS: &[&str] = &[
    "references",
    "notes",
    "footnotes",
    "citations",
    "sources",
    "bibliography",
    "external links",
    "further reading",
    "notes and references",
    "works cited",
];

pub fn is_apparatus(heading: &str) -> bool {
    let h = heading.trim().trim_end_matches(':').to_lowercase();
    APPARATUS_SECTIONS.contains(&h.as_str())
}

/// ISO 3166 codes of the countries whose flags stand before names in this material, with the
/// name the articles use. An unknown code is kept as the code itself.
const COUNTRIES: &[(&str, &str)] = &[
    ("AF", "Afghanistan"),
    ("AU", "Australia"),
    ("BE", "Belgium"),
    ("CA", "Canada"),
    ("CN", "China"),
    ("DE", "Germany"),
    ("DK", "Denmark"),
    ("EG", "Egypt"),
    ("ES", "Spain"),
    ("FR", "France"),
    ("GB", "United Kingdom"),
    ("GR", "Greece"),
    ("IL", "Israel"),
    ("IN", "India"),
    ("IQ", "Iraq"),
    ("IR", "Iran"),
    ("IT", "Italy"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("LB", "Lebanon"),
    ("LY", "Libya"),
    ("NL", "Netherlands"),
    ("NZ", "New Zealand"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("PS", "Palestine"),
    ("QA", "Qatar"),
    ("RU", "Russia"),
    ("SA", "Saudi Arabia"),
    ("SY", "Syria"),
    ("TR", "Turkey"),
    ("UA", "Ukraine"),
    ("AE", "United Arab Emirates"),
    ("US", "United States"),
    ("YE", "Yemen"),
];

fn regional_letter(c: char) -> Option<char> {
    let v = c as u32;
    (0x1F1E6..=0x1F1FF).contains(&v).then(|| char::from(b'A' + (v - 0x1F1E6) as u8))
}

/// If `s` starts with a flag emoji (two regional-indicator letters), returns the country it
/// names and the rest of `s` after it.
pub fn leading_flag(s: &str) -> Option<(String, &str)> {
    let mut chars = s.char_indices();
    let (_, a) = chars.next()?;
    let (i, b) = chars.next()?;
    let code: String = [regional_letter(a)?, regional_letter(b)?].iter().collect();
    let rest = &s[i + b.len_utf8()..];
    let name = COUNTRIES.iter().find(|(c, _)| *c == code).map_or(code.clone(), |(_, n)| n.to_string());
    Some((name, rest))
}

/// Byte offsets in `s` where a flag emoji starts.
pub fn flag_starts(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_was_start = false;
    for (i, c) in s.char_indices() {
        if regional_letter(c).is_some() {
            if !prev_was_start {
                out.push(i);
            }
            prev_was_start = !prev_was_start;
        } else {
            prev_was_start = false;
        }
    }
    out
}

/// Splits an item's text into its flag hint and the text after the flag. A flag is a flag emoji,
/// or an icon whose file name the rendering left in the text (`Flag of Syria.svg Syrian Army`);
/// other icons' file names (`Blue06.png Asayish`) are dropped.
pub fn item_with_flag(s: &str) -> (String, Option<String>) {
    let t = s.trim();
    let (flag, t) = match leading_flag(t) {
        Some((flag, rest)) => (Some(flag), rest.trim()),
        None => (None, t),
    };
    match leading_icon(t) {
        Some((icon_flag, rest)) => (rest.to_string(), flag.or(icon_flag)),
        None => (t.to_string(), flag),
    }
}

/// An image file name at the start of `s`, where a rendering put an icon's name in place of the
/// icon: the country when the file is a flag (`Flag of the United States.svg`), and the rest.
fn leading_icon(s: &str) -> Option<(Option<String>, &str)> {
    let lower = s.get(..s.len().min(120))?.to_ascii_lowercase();
    let (at, ext) = [".svg", ".png", ".jpg", ".jpeg", ".gif"]
        .iter()
        .filter_map(|ext| lower.find(ext).map(|i| (i, ext.len())))
        .min()?;
    let end = at + ext;
    if at == 0 || !(end == s.len() || s[end..].starts_with(' ')) {
        return None;
    }
    let name = &s[..at];
    let flag = name.strip_prefix("Flag of ").map(|c| {
        let c = c.strip_prefix("the ").unwrap_or(c);
        // Variants carry a qualifier: `Flag of Syria (1932–1958)`, `Flag of Iraq 2.svg`.
        c.split(" (").next().unwrap_or(c).trim_end_matches(|ch: char| ch.is_ascii_digit() || ch == ' ').to_string()
    });
    Some((flag, s[end..].trim_start()))
}

/// Removes citation markers such as `[1]`, `[12]`, `[a]`, `[note 3]`, `[citation needed]`.
pub fn strip_citations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let close = after.find(']').filter(|&c| c <= 24);
        match close {
            Some(c) if is_marker(&after[..c]) => {
                out.push_str(&rest[..open]);
                rest = &after[c + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_marker(inner: &str) -> bool {
    let t = inner.trim();
    if t.is_empty() {
        return false;
    }
    t.chars().all(|c| c.is_ascii_digit())
        || (t.len() <= 2 && t.chars().all(|c| c.is_ascii_lowercase()))
        || t.strip_prefix("note ").is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric()))
        || matches!(t, "citation needed" | "clarification needed" | "when?" | "who?" | "by whom?" | "dubious – discuss")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        assert_eq!(leading_flag("🇷🇺 Lt. Gen. X"), Some(("Russia".to_string(), " Lt. Gen. X")));
        assert_eq!(leading_flag("🇿🇿 Y").map(|(f, _)| f), Some("ZZ".to_string()));
        assert_eq!(leading_flag("Russia"), None);
        assert_eq!(flag_starts("🇷🇺 Russia 🇮🇷 Iran"), vec![0, 16]);
    }

    #[test]
    fn icons_left_as_file_names() {
        assert_eq!(item_with_flag("Flag of Syria.svg Syrian Army"), ("Syrian Army".into(), Some("Syria".into())));
        assert_eq!(
            item_with_flag("Flag of the United States (1912-1959).svg US Army"),
            ("US Army".into(), Some("United States".into()))
        );
        assert_eq!(
            item_with_flag("Syrian Republican Guard Symbol.svg Republican Guard"),
            ("Republican Guard".into(), None)
        );
        assert_eq!(item_with_flag("🇷🇺 Blue06.png Asayish"), ("Asayish".into(), Some("Russia".into())));
        // A sentence that mentions a file is not an icon.
        assert_eq!(item_with_flag("map.svgz is a format").0, "map.svgz is a format");
    }

    #[test]
    fn citations() {
        assert_eq!(strip_citations("Killed.[1][23] Then[a] [note 2]x"), "Killed. Then x");
        assert_eq!(strip_citations("[[not a marker]] and [Deir ez-Zor]"), "[[not a marker]] and [Deir ez-Zor]");
        assert_eq!(strip_citations("unclosed [12"), "unclosed [12");
    }

    #[test]
    fn apparatus() {
        assert!(is_apparatus("References"));
        assert!(is_apparatus(" External links "));
        assert!(!is_apparatus("Aftermath"));
    }
}
