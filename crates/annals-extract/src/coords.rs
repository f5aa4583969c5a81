//! Coordinates as written in an infobox's `coordinates` value: the wikitext reader's rendering
//! of `{{coord}}` (`36.7909; 27.0712`, signed decimal degrees) and the usual written forms,
//! with a hemisphere letter after each angle: `36.85°N 27.23°E`, `36°51′N 27°14′E`,
//! `49°07′42″N 16°45′44″E`, `36.12571°N, 36.88793°W` (ASCII `'` and `"` for minutes and
//! seconds too).
//!
//! The first pair found in the text counts, so the three renderings Wikipedia's HTML shows side
//! by side (`52°28′N 1°55′W / 52.467°N 1.917°W / 52.467; -1.917`) give one answer. A latitude
//! beyond 90°, a longitude beyond 180°, or minutes or seconds of 60 or more are not
//! coordinates. Nothing here panics, on any input.

/// Latitude and longitude in signed decimal degrees (north and east positive), from the first
/// coordinate pair in `text`; `None` when there is none.
pub fn parse_coordinates(text: &str) -> Option<(f64, f64)> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let starts_number = c.is_ascii_digit() || matches!(c, '-' | '+' | '−');
        let after_word = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.');
        if !starts_number || after_word {
            continue;
        }
        let pair = hemispheres(&text[i..]).or_else(|| decimal_pair(&text[i..]));
        if pair.is_some() {
            return pair;
        }
    }
    None
}

/// `36°51′N 27°14′E` and its kin at the start of `s`.
fn hemispheres(s: &str) -> Option<(f64, f64)> {
    let mut c = Cursor { s, pos: 0 };
    let lat = c.angle()?;
    c.spaces();
    let lat = match c.letter()? {
        'N' => lat,
        'S' => -lat,
        _ => return None,
    };
    c.spaces();
    c.eat(',');
    c.spaces();
    let lon = c.angle()?;
    c.spaces();
    let lon = match c.letter()? {
        'E' => lon,
        'W' => -lon,
        _ => return None,
    };
    in_range(lat, lon)
}

/// `36.7909; 27.0712` (or with a comma) at the start of `s`.
fn decimal_pair(s: &str) -> Option<(f64, f64)> {
    let mut c = Cursor { s, pos: 0 };
    let lat = c.signed()?;
    c.spaces();
    if !(c.eat(';') || c.eat(',')) {
        return None;
    }
    c.spaces();
    let lon = c.signed()?;
    // "12; 34.5 km" or "1, 2nd" are not coordinates.
    if c.rest().starts_with(|ch: char| ch.is_alphanumeric() || ch == '°' || ch == '.') {
        return None;
    }
    in_range(lat, lon)
}

fn in_range(lat: f64, lon: f64) -> Option<(f64, f64)> {
    (lat.abs() <= 90.0 && lon.abs() <= 180.0).then_some((lat, lon))
}

struct Cursor<'s> {
    s: &'s str,
    pos: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn eat(&mut self, ch: char) -> bool {
        let hit = self.rest().starts_with(ch);
        if hit {
            self.pos += ch.len_utf8();
        }
        hit
    }

    fn eat_any(&mut self, set: &[&str]) -> bool {
        match set.iter().find(|t| self.rest().starts_with(**t)) {
            Some(t) => {
                self.pos += t.len();
                true
            }
            None => false,
        }
    }

    fn spaces(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    }

    /// A hemisphere letter that is not the start of a word ("N" but not "North").
    fn letter(&mut self) -> Option<char> {
        let mut chars = self.rest().chars();
        let ch = chars.next()?;
        if chars.next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        self.pos += ch.len_utf8();
        Some(ch)
    }

    /// Digits with at most one decimal point: at most three before it, twelve after.
    fn unsigned(&mut self) -> Option<f64> {
        let rest = self.rest();
        let int = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut len = int;
        if rest.as_bytes().get(int) == Some(&b'.') {
            len += 1 + rest[int + 1..].bytes().take_while(u8::is_ascii_digit).count();
        }
        if int == 0 || int > 3 || len > int + 13 {
            return None;
        }
        let value = rest[..len].parse().ok()?;
        self.pos += len;
        Some(value)
    }

    /// A number with an optional sign (`-`, `+` or the minus sign `−`).
    fn signed(&mut self) -> Option<f64> {
        let negative = self.eat('-') || self.eat('−');
        if !negative {
            self.eat('+');
        }
        let value = self.unsigned()?;
        Some(if negative { -value } else { value })
    }

    /// Degrees with a degree sign, then minutes and seconds if given, as decimal degrees.
    fn angle(&mut self) -> Option<f64> {
        let mut value = self.unsigned()?;
        if !self.eat('°') {
            return None;
        }
        for (scale, marks) in [(60.0, &["′", "’", "'"][..]), (3600.0, &["″", "”", "\"", "′′", "''"][..])] {
            let save = self.pos;
            self.spaces();
            let Some(x) = self.unsigned() else {
                self.pos = save;
                break;
            };
            if !self.eat_any(marks) || x >= 60.0 {
                // A number without its mark is the next angle, not part of this one.
                self.pos = save;
                break;
            }
            value += x / scale;
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<(f64, f64)>, lat: f64, lon: f64) -> bool {
        got.is_some_and(|(a, b)| (a - lat).abs() < 1e-4 && (b - lon).abs() < 1e-4)
    }

    #[test]
    fn written_forms() {
        let cases = [
            ("36.7909; 27.0712", 36.7909, 27.0712),
            ("-33.65; 151.2", -33.65, 151.2),
            ("32.7; -86.7", 32.7, -86.7),
            ("26.5, 128", 26.5, 128.0),
            ("36.85°N 27.23°E", 36.85, 27.23),
            ("36°51′N 27°14′E", 36.85, 27.0 + 14.0 / 60.0),
            ("49°07′42″N 16°45′44″E", 49.0 + 7.0 / 60.0 + 42.0 / 3600.0, 16.0 + 45.0 / 60.0 + 44.0 / 3600.0),
            ("36°51'N 27°14'E", 36.85, 27.0 + 14.0 / 60.0),
            ("33° 39′ 3.6″ S 151° 12′ 4″ E", -(33.0 + 39.0 / 60.0 + 3.6 / 3600.0), 151.0 + 12.0 / 60.0 + 4.0 / 3600.0),
            ("36.12571°N, 36.88793°W", 36.12571, -36.88793),
            ("10°N 20°E", 10.0, 20.0),
            ("52°28′N 1°55′W / 52.467°N 1.917°W / 52.467; -1.917", 52.0 + 28.0 / 60.0, -(1.0 + 55.0 / 60.0)),
            ("Near Kos: 36.79; 27.07 (approximate)", 36.79, 27.07),
            ("0; 0", 0.0, 0.0),
        ];
        for (text, lat, lon) in cases {
            let got = parse_coordinates(text);
            assert!(close(got, lat, lon), "{text:?}: got {got:?}, expected ({lat}, {lon})");
        }
    }

    #[test]
    fn what_is_not_coordinates() {
        for text in [
            "",
            "Kos, Greece",
            "15 dead, 70 wounded",
            "91; 20",
            "45; 181",
            "-90.5; 0",
            "1941, 1942",
            "36°61′N 27°E",
            "36°N",
            "36°N 200°E",
            "36°X 27°E",
            "36° North 27° East",
            "1e3; 4",
            "NaN; 4",
            "inf, 4",
            "3 October 1943",
            "°N°E;;,,--",
            "9999999999999999999999; 1",
            "36.85; 27.23.5",
        ] {
            assert_eq!(parse_coordinates(text), None, "{text:?}");
        }
    }

    /// From wikitext templates to the record: `{{coord}}` gives the record's coordinates and
    /// the date templates a range the date parser reads.
    #[test]
    fn infobox_templates_reach_the_record() {
        let wikitext = "{{Infobox military conflict\n| conflict = Battle of Nowhere\n\
                        | date = {{start and end dates|1943|10|3|1943|Oct|4|df=y}}\n\
                        | coordinates = {{coord|37|7|55|N|26|51|10|E|region:XX_type:event|display=inline,title}}\n\
                        | combatant1 = A\n| combatant2 = B\n}}\nText.";
        let hint = annals_read::Hint { title: Some("Battle of Nowhere".into()), revision: None };
        let doc = annals_read::wikitext::read(wikitext, &hint).document;
        let record = crate::conflict::record(&doc).expect("a record");
        assert_eq!(record.start, Some(annals_model::conflict::PartialDate::day(1943, 10, 3)));
        assert_eq!(record.end, Some(annals_model::conflict::PartialDate::day(1943, 10, 4)));
        let (lat, lon) = record.coordinates.expect("coordinates");
        assert!((lat - (37.0 + 7.0 / 60.0 + 55.0 / 3600.0)).abs() < 1e-4, "{lat}");
        assert!((lon - (26.0 + 51.0 / 60.0 + 10.0 / 3600.0)).abs() < 1e-4, "{lon}");
        let json = serde_json::to_value(&record).expect("json");
        assert!(json["coordinates"].is_array());
        let without = crate::conflict::record(
            &annals_read::wikitext::read("{{Infobox military conflict\n| combatant1 = A\n| combatant2 = B\n}}", &hint)
                .document,
        )
        .expect("a record");
        assert_eq!(without.coordinates, None);
        assert!(serde_json::to_value(&without).expect("json").get("coordinates").is_none());
    }

    #[test]
    fn never_panics_on_odd_text() {
        let pieces = ["°", "′", "″", "N", "E", "-", "−", "1", "2.5", ";", ",", " ", "é", "'", "\"", "."];
        let mut seed = 7u32;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(seed % 12) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                s.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            if let Some((lat, lon)) = parse_coordinates(&s) {
                assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0, "{s:?}");
            }
        }
    }
}
