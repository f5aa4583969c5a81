//! Bytes to clean text: encoding detection, BOM and line-end normalization, and the reversal of
//! mojibake (UTF-8 that was decoded as Windows-1252 and encoded again, so `–` reads `â€“`).
//!
//! Repair never changes the number of lines, so a line number found in repaired text is the
//! line number in the file.

use annals_model::Diagnostic;

/// Decodes `bytes` into repaired text, or says why they are not a text document.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let mut notes = Vec::new();
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest)?,
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        _ => utf8(bytes)?,
    };
    if text.trim().is_empty() {
        return Err(Diagnostic::error("the file is empty"));
    }
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')).count();
    if controls * 100 > text.chars().count() {
        return Err(Diagnostic::error(format!("binary data: {controls} control characters")));
    }
    let mut text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    if let Some((fixed, count)) = fix_mojibake(&text) {
        notes.push(Diagnostic::warning(format!(
            "repaired {count} mojibake sequences (UTF-8 that had been read as Windows-1252)"
        )));
        text = fixed;
    }
    Ok((text, notes))
}

fn utf8(bytes: &[u8]) -> Result<String, Diagnostic> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(located(bytes, nul, "binary data: a NUL byte"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(located(bytes, e.valid_up_to(), "bad encoding: not UTF-8 (nor UTF-16 with a byte-order mark)")),
    }
}

fn located(bytes: &[u8], at: usize, what: &str) -> Diagnostic {
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let mut d = Diagnostic::error(format!("{what} at byte {at}"));
    d.offset = Some(at);
    d.line = Some(line);
    d
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Diagnostic::error("bad encoding: UTF-16 with an odd number of bytes"));
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| Diagnostic::error("bad encoding: invalid UTF-16"))
}

/// The byte Windows-1252 encodes `c` as, for characters that can stand for a byte of mojibake.
/// The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come through most
/// decoders as the C1 control of the same number, so those map back too.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{0}'..='\u{7f}' | '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// One mojibake sequence found in the text: its byte range and the character it stands for.
struct Candidate {
    start: usize,
    end: usize,
    fixed: char,
    bytes: usize,
}

/// Finds every run of characters whose Windows-1252 bytes form one valid multi-byte UTF-8
/// character.
fn candidates(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        let len = match cp1252_byte(c) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => continue,
        };
        let mut buf = [0u8; 4];
        buf[0] = cp1252_byte(c).unwrap_or(0);
        let mut end = start + c.len_utf8();
        let mut ok = true;
        let mut probe = it.clone();
        for slot in buf.iter_mut().take(len).skip(1) {
            match probe.next() {
                Some((i, n)) => match cp1252_byte(n) {
                    Some(b @ 0x80..=0xBF) => {
                        *slot = b;
                        end = i + n.len_utf8();
                    }
                    _ => ok = false,
                },
                None => ok = false,
            }
            if !ok {
                break;
            }
        }
        if !ok {
            continue;
        }
        let Ok(s) = std::str::from_utf8(&buf[..len]) else { continue };
        let Some(fixed) = s.chars().next() else { continue };
        // A C1 control is never what an article meant to write.
        if ('\u{80}'..='\u{9f}').contains(&fixed) {
            continue;
        }
        out.push(Candidate { start, end, fixed, bytes: len });
        it = probe;
    }
    out
}

/// Reverses mojibake where that is certain, returning the repaired text and how many sequences
/// were repaired, or `None` when there is nothing (certain) to repair.
///
/// Certainty: a three- or four-byte sequence (`â€“`, `ðŸ‡·`) practically never occurs in real
/// text, so one is enough; two-byte sequences (`Ã©`) can be genuine, so at least three are
/// required before any is touched. Text that was mangled twice is repaired twice.
pub fn fix_mojibake(text: &str) -> Option<(String, usize)> {
    let mut current: Option<String> = None;
    let mut total = 0;
    for _ in 0..2 {
        let src = current.as_deref().unwrap_or(text);
        let found = candidates(src);
        let long = found.iter().filter(|c| c.bytes >= 3).count();
        if found.is_empty() || (long == 0 && found.len() < 3) {
            break;
        }
        let mut out = String::with_capacity(src.len());
        let mut last = 0;
        for c in &found {
            out.push_str(&src[last..c.start]);
            out.push(c.fixed);
            last = c.end;
        }
        out.push_str(&src[last..]);
        total += found.len();
        current = Some(out);
    }
    current.map(|s| (s, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let got = fix_mojibake(input).map(|(s, _)| s).unwrap_or_else(|| input.to_string());
        assert_eq!(got, expect, "input {input:?}");
    }

    #[test]
    fn reverses_dashes_quotes_and_flags() {
        check("14 September â€“ 17 November", "14 September – 17 November");
        check("ðŸ‡·ðŸ‡º Lt. Gen.", "🇷🇺 Lt. Gen.");
        check("itâ€™s â€œquotedâ€\u{9d}", "it’s “quoted”");
    }

    #[test]
    fn leaves_genuine_text_alone() {
        check("Café – naïve — “fine”", "Café – naïve — “fine”");
        // One lone two-byte look-alike is not enough evidence.
        check("Ã© once", "Ã© once");
        check("", "");
    }

    #[test]
    fn repairs_twice_mangled_text() {
        let once = "â€“";
        let twice: String = once.bytes().map(char::from).collect::<String>();
        // Build a real double encoding: encode the mojibake as UTF-8 and read it as cp1252 again.
        let double: String = once
            .to_string()
            .into_bytes()
            .iter()
            .map(|&b| {
                (0x20u8..=0xFF)
                    .map(char::from)
                    .chain("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars())
                    .find(|&c| cp1252_byte(c) == Some(b))
                    .unwrap_or('?')
            })
            .collect();
        assert_ne!(double, twice);
        check(&double, "–");
    }

    #[test]
    fn decode_rejects_binary_empty_and_bad_utf8() {
        assert!(decode(b"").unwrap_err().message.contains("empty"));
        assert!(decode(b" \n\t ").unwrap_err().message.contains("empty"));
        assert!(decode(b"ab\0cd").unwrap_err().message.contains("NUL"));
        let e = decode(b"line one\nline \xff two").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("not UTF-8"));
    }

    #[test]
    fn decode_handles_bom_crlf_and_utf16() {
        let (t, _) = decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap();
        assert_eq!(t, "a\nb\nc");
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("hé".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16).unwrap().0, "hé");
    }
}
