//! What a sentence that reports a change of hands says about control of one of its places: was
//! the place taken, given up, only fought over, or taken whole with the quarters within it. The
//! words are the lexicon's `[control]` table and its territory triggers; nothing here knows a war.

use crate::coding::Lexicon;

/// How a sentence tells the change of hands at one place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// A capture phrase stands in the sentence ("captured", "fell to"), not only a movement.
    pub took: bool,
    /// The author gave the place up ("abandoned the oilfield", "withdrew from the town").
    pub withdrawal: bool,
    /// Only part of the place, or none of it yet, changed hands ("parts of the city", "an
    /// offensive to capture"): the place is contested, not taken.
    pub partial: bool,
    /// The whole place, with what lies within it, changed hands ("took complete control of the
    /// city").
    pub complete: bool,
}

/// Reads a sentence about `place` (its name as the sentence wrote it, or `None` when the sentence
/// only refers to it). A word of `[control] partial` or `complete` counts when it stands shortly
/// before the place with no capture phrase between them ("captured parts of Abu Kamal", not
/// "advanced and captured Abu Kamal"), or anywhere when the place is not written; a word of
/// `majority` before the place outweighs a partial one ("the majority of the town").
pub fn read(sentence: &str, place: Option<&str>, lexicon: &Lexicon) -> Reading {
    let words = Words::new(sentence);
    let at = place.and_then(|p| words.find(p));
    let control = lexicon.control_words();
    let captures: Vec<(usize, usize)> = lexicon.capture_phrases().flat_map(|p| words.all(p)).collect();
    // Where the phrases stand that matter for the place: before it, and not beyond a capture
    // between them and the place.
    let near = |list: &[String]| -> bool {
        list.iter().flat_map(|p| words.all(p)).any(|(_, end)| match at {
            None => true,
            Some(place) => {
                end <= place && place - end <= NEAR && !captures.iter().any(|&(cs, _)| cs >= end && cs < place)
            }
        })
    };
    let majority = near(&control.majority);
    // "withdrew to the airport" says where they went, not what they gave up.
    let withdrawal = control
        .withdrawal
        .iter()
        .flat_map(|p| words.all(p))
        .any(|(_, end)| !matches!(words.get(end), Some("to" | "towards" | "toward" | "into")));
    Reading {
        took: !captures.is_empty(),
        withdrawal,
        partial: near(&control.partial) && !majority,
        complete: near(&control.complete) || majority && at.is_none(),
    }
}

/// A capture the sentence tells in passing as done before its own date: "Al-Shulah (which was
/// previously captured by the army on 5 July 2013)". Gives the capturer as written and the text
/// after it, which holds the capture's date. Only a passive capture ("captured by") after a
/// word of `[control] earlier` counts.
pub fn earlier_capture<'s>(sentence: &'s str, lexicon: &Lexicon) -> Option<(&'s str, &'s str)> {
    let lower = sentence.to_lowercase();
    // Offsets found in the lower-cased text must fit the sentence.
    if lower.len() != sentence.len() {
        return None;
    }
    const BY: &[&str] = &["captured by", "recaptured by", "taken by", "retaken by", "seized by", "taken over by"];
    let marker = lexicon.control_words().earlier.iter().find_map(|m| {
        lower.match_indices(m.as_str()).map(|(i, _)| i + m.len()).find(|&end| {
            lower[..end - m.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                && lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
        })
    })?;
    let rest = &lower[marker..];
    // The passive capture must follow the marker closely ("previously captured by").
    let (at, by) = BY.iter().filter_map(|b| rest.find(b).map(|i| (i, *b))).min_by_key(|&(i, _)| i)?;
    if at > 16 {
        return None;
    }
    let actor_start = marker + at + by.len();
    let tail = &sentence[actor_start..];
    let end = [" on ", " in ", " during ", ",", ")", ";", "."]
        .iter()
        .filter_map(|s| tail.find(s))
        .min()
        .unwrap_or(tail.len());
    let actor = tail[..end].trim();
    let date_end = tail[end..].find([')', ';']).map_or(tail.len(), |i| end + i);
    (!actor.is_empty()).then(|| (actor, tail[end..date_end].trim()))
}

/// How many words may stand between a partial word and its place ("parts of the city of Abu
/// Kamal").
const NEAR: usize = 6;

/// A sentence as lower-case words, for matching phrases at word edges.
struct Words {
    words: Vec<String>,
}

impl Words {
    fn new(text: &str) -> Words {
        let words = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' || c == '%'))
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().replace('’', "'"))
            .collect();
        Words { words }
    }

    fn get(&self, i: usize) -> Option<&str> {
        self.words.get(i).map(String::as_str)
    }

    /// Every place a phrase stands, as word ranges (start, end).
    fn all(&self, phrase: &str) -> Vec<(usize, usize)> {
        let p = Words::new(phrase).words;
        if p.is_empty() || p.len() > self.words.len() {
            return Vec::new();
        }
        (0..=self.words.len() - p.len())
            .filter(|&i| self.words[i..i + p.len()] == p[..])
            .map(|i| (i, i + p.len()))
            .collect()
    }

    /// The first word of a name's first occurrence, or of the occurrence of its last word when the
    /// sentence spells the rest otherwise.
    fn find(&self, name: &str) -> Option<usize> {
        if let Some(&(start, _)) = self.all(name).first() {
            return Some(start);
        }
        let last = Words::new(name).words.pop()?;
        self.words.iter().position(|w| *w == last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (sentence, place as written, took, withdrawal, partial, complete)
    #[test]
    fn sentences_tell_how_a_place_changed_hands() {
        type Case<'a> = (&'a str, Option<&'a str>, bool, bool, bool, bool);
        let cases: &[Case<'_>] = &[
            ("On 5 May, rebels captured the town of Qaryat.", Some("Qaryat"), true, false, false, false),
            ("The army seized parts of the city of Qaryat.", Some("Qaryat"), true, false, true, false),
            (
                "Militants advanced further and captured Tall Sabah village.",
                Some("Tall Sabah"),
                true,
                false,
                false,
                false,
            ),
            (
                "Rebels seized control over the majority of the town of Qaryat.",
                Some("Qaryat"),
                true,
                false,
                false,
                false,
            ),
            ("Government troops abandoned the Sabah oilfield.", Some("Sabah"), false, true, false, false),
            ("The soldiers withdrew to the airport.", Some("airport"), false, false, false, false),
            ("The army took complete control of the city.", None, true, false, false, true),
            ("Rebels launched a fresh offensive to capture the whole city.", None, true, false, true, true),
            ("The rebels entered Qaryat.", Some("Qaryat"), false, false, true, false),
            ("The army captured a village near Qaryat.", Some("Qaryat"), true, false, true, false),
            // A word of the whole far from the place is about something else.
            ("Rebels captured Qaryat. Its loss completely cut the road.", Some("Qaryat"), true, false, false, false),
        ];
        let lexicon = &Lexicon::shipped();
        for &(sentence, place, took, withdrawal, partial, complete) in cases {
            let want = Reading { took, withdrawal, partial, complete };
            assert_eq!(read(sentence, place, lexicon), want, "{sentence}");
        }
    }

    #[test]
    fn captures_told_in_passing_are_found_with_their_dates() {
        let lexicon = &Lexicon::shipped();
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (
                "ISIS gained the village of Qaryat (which was previously captured by the army on 5 July 2013).",
                Some(("the army", "on 5 July 2013")),
            ),
            ("The town, which had been taken by rebels in March, fell.", Some(("rebels", "in March, fell."))),
            // A capture told as such is no earlier one.
            ("The army captured Qaryat on 5 July.", None),
            ("Rebels previously held the town, which the army captured by storm.", None),
        ];
        for (sentence, want) in cases {
            assert_eq!(earlier_capture(sentence, lexicon), *want, "{sentence}");
        }
    }

    #[test]
    fn the_words_are_data_a_user_can_extend() {
        let more = "[control]\npartial = [\"a foothold in\"]\n".to_string();
        let lexicon = Lexicon::with_extensions(&[("mine.toml".into(), more)]).unwrap();
        assert!(read("Rebels gained a foothold in Qaryat.", Some("Qaryat"), &lexicon).partial);
        assert!(!read("Rebels gained a foothold in Qaryat.", Some("Qaryat"), &Lexicon::shipped()).partial);
    }
}
