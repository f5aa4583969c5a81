//! Loose name comparison.

/// Leading articles of transliterated Arabic names and English ones, ignored when comparing.
const ARTICLES: &[&str] = &["al", "el", "ar", "as", "ash", "ad", "at", "az", "an", "the"];

/// Folds a Latin letter with a diacritic to its base letter; other characters are kept.
fn fold_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ḥ' => 'h',
        'ṣ' => 's',
        'ṭ' => 't',
        'ḍ' => 'd',
        'ẓ' => 'z',
        _ => c,
    }
}

/// A loose key for a name: lower case, no diacritics, apostrophes, punctuation or spaces, and no
/// leading articles on its words ("Al-Nusra Front" and "al Nusra front" give the same key).
pub fn name_key(name: &str) -> String {
    let lower: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_diacritic)
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʿ' | 'ʾ' | '`'))
        .collect();
    lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !ARTICLES.contains(w)).collect()
}

/// Whether two names are the same after [`name_key`].
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    !a.is_empty() && a == b
}

/// Splits a text that runs several names together ("Free Syrian Army Islamic Front al-Nusra
/// Front Army of Mujahedeen") at the known names it contains, case-insensitively and at word
/// edges. Text between known names is kept as names of its own. Returns the text whole when it
/// contains fewer than two known names: one known name inside a longer one ("Republican Guard
/// 104th Brigade") is not evidence of names run together.
pub fn split_known(text: &str, known: &[&str]) -> Vec<String> {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; then the offsets would not fit.
    if lower.len() != text.len() {
        return vec![text.to_string()];
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut known: Vec<String> = known.iter().map(|k| k.trim().to_lowercase()).filter(|k| k.len() >= 3).collect();
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for k in &known {
        let mut from = 0;
        while let Some(i) = lower[from..].find(k.as_str()) {
            let (s, e) = (from + i, from + i + k.len());
            let edges = lower[..s].chars().last().is_none_or(|c| !c.is_alphanumeric())
                && lower[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if edges && !found.iter().any(|&(a, b)| s < b && a < e) {
                found.push((s, e));
            }
            from = e.max(from + 1);
            if from >= lower.len() {
                break;
            }
        }
    }
    if found.len() < 2 {
        return vec![text.to_string()];
    }
    found.sort();
    let mut out = Vec::new();
    let mut last = 0;
    let mut push = |s: &str| {
        let s = s.trim().trim_matches(|c: char| c == ',' || c == ';');
        if s.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            out.push(s.trim().to_string());
        }
    };
    for (s, e) in found {
        push(&text[last..s]);
        push(&text[s..e]);
        last = e;
    }
    push(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(name_key("Al-Nusra Front"), "nusrafront");
        assert_eq!(name_key("al Nusra front"), "nusrafront");
        assert_eq!(name_key("Liwa 'Umar al-Mukhtar"), "liwaumarmukhtar");
        assert_eq!(name_key("Deïr ez-Zor"), "deirezzor");
        assert!(same_name("Abu Khaled al-Suri", "Abu Khaled Al-Suri"));
        assert!(!same_name("", ""));
    }

    #[test]
    fn run_together_names() {
        let got = split_known(
            "Free Syrian Army Islamic Front al-Nusra Front Army of Mujahedeen",
            &["Free Syrian Army", "Islamic Front", "Al-Nusra Front"],
        );
        assert_eq!(got, ["Free Syrian Army", "Islamic Front", "al-Nusra Front", "Army of Mujahedeen"]);
        assert_eq!(split_known("Islamic Front", &["Islamic Front"]), ["Islamic Front"]);
        assert_eq!(split_known("Something else", &["Islamic Front"]), ["Something else"]);
    }
}
