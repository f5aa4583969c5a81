//! HTML character references (`&nbsp;`, `&#8211;`, `&#x2013;`).

/// Named references that articles use, with their text. Spaces of any width become a plain
/// space and invisible marks become nothing, because the normalized text is for reading and
/// matching, not typesetting.
const NAMED: &[(&str, &str)] = &[
    ("nbsp", " "),
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("minus", "−"),
    ("times", "×"),
    ("deg", "°"),
    ("prime", "′"),
    ("Prime", "″"),
    ("hellip", "…"),
    ("middot", "·"),
    ("bull", "•"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("plusmn", "±"),
    ("sup1", "¹"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("thinsp", " "),
    ("ensp", " "),
    ("emsp", " "),
    ("hairsp", " "),
    ("numsp", " "),
    ("puncsp", " "),
    ("zwj", ""),
    ("zwnj", ""),
    ("shy", ""),
    ("lrm", ""),
    ("rlm", ""),
    ("euro", "€"),
    ("pound", "£"),
    ("cent", "¢"),
    ("yen", "¥"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("sect", "§"),
    ("para", "¶"),
    ("dagger", "†"),
    ("Dagger", "‡"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("harr", "↔"),
    ("asymp", "≈"),
    ("approx", "≈"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("infin", "∞"),
    ("micro", "µ"),
    ("ordm", "º"),
    ("ordf", "ª"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("acirc", "â"),
    ("auml", "ä"),
    ("aring", "å"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("ecirc", "ê"),
    ("euml", "ë"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iuml", "ï"),
    ("oacute", "ó"),
    ("ograve", "ò"),
    ("ocirc", "ô"),
    ("ouml", "ö"),
    ("oslash", "ø"),
    ("uacute", "ú"),
    ("ugrave", "ù"),
    ("ucirc", "û"),
    ("uuml", "ü"),
    ("ccedil", "ç"),
    ("ntilde", "ñ"),
    ("szlig", "ß"),
    ("Eacute", "É"),
    ("Auml", "Ä"),
    ("Ouml", "Ö"),
    ("Uuml", "Ü"),
];

/// The longest reference we try to decode (`&#x10FFFF;` and the longest name fit).
const MAX_LEN: usize = 12;

/// Decodes the character reference at the start of `s` (which starts with `&`). Returns the text
/// and the number of bytes consumed, or `None` when `s` does not start with a known reference.
pub(crate) fn decode(s: &str) -> Option<(Decoded, usize)> {
    let bytes = s.as_bytes();
    let window = &bytes[..bytes.len().min(MAX_LEN)];
    let semi = window.iter().position(|&b| b == b';')?;
    let body = s.get(1..semi)?;
    let len = semi + 1;
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = char::from_u32(code).filter(|&c| c != '\0')?;
        return Some((Decoded::Char(fold_space(c)), len));
    }
    NAMED.iter().find(|(name, _)| *name == body).map(|(_, text)| (Decoded::Str(text), len))
}

/// The text of a reference: a char (numeric) or a fixed string (named).
pub(crate) enum Decoded {
    Char(char),
    Str(&'static str),
}

/// Non-breaking and fixed-width spaces read as a plain space.
fn fold_space(c: char) -> char {
    match c {
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' => ' ',
        c => c,
    }
}

/// Appends `s` to `out` with every known character reference decoded.
pub(crate) fn push_decoded(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        match decode(rest) {
            Some((d, len)) => {
                d.push_to(out);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

impl Decoded {
    pub(crate) fn push_to(&self, out: &mut String) {
        match self {
            Decoded::Char(c) => out.push(*c),
            Decoded::Str(s) => out.push_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        let mut out = String::new();
        push_decoded(&mut out, s);
        out
    }

    #[test]
    fn decodes_named_and_numeric() {
        assert_eq!(d("a&nbsp;b &amp; c&#8211;d&#x2014;e"), "a b & c–d—e");
        assert_eq!(d("&#160;"), " ");
    }

    #[test]
    fn leaves_unknown_and_broken_references() {
        assert_eq!(d("AT&T &bogus; &#xZZ; &#0; &"), "AT&T &bogus; &#xZZ; &#0; &");
        assert_eq!(d("&#99999999999;"), "&#99999999999;");
    }
}
