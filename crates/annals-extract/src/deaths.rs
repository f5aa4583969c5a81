//! Deaths of named people told in the narrative ("… Major General Issam Zahreddine was killed
//! after his convoy hit a landmine"), so that a commander's death has a date even where the
//! infobox only marks it, or does not mark it at all.

/// Words that say the person before them died ("X was killed", "X died").
const AFTER: &[&str] = &["killed", "assassinated", "executed", "slain", "died", "beheaded"];

/// Words that say the person after them died ("killing X", "the death of X").
const BEFORE: &[&str] =
    &["killing", "killed", "assassinated", "executed", "death of", "assassination of", "killing of"];

/// Words that may stand between a death word and the name: ranks and roles ("killing Major
/// General X", "the death of ISIS commander X").
const TITLES: &[&str] = &[
    "general",
    "major",
    "brigadier",
    "colonel",
    "lieutenant",
    "captain",
    "commander",
    "emir",
    "leader",
    "chief",
    "maj.",
    "gen.",
    "brig.",
    "col.",
    "lt.",
    "capt.",
    "the",
    "its",
    "their",
    "top",
    "senior",
    "isis",
    "isil",
    "army",
];

/// Whether the sentence tells that the person named by any of `names` died: the name followed
/// by a death ("X was killed", "X, the brigade's commander, died") or preceded by one ("killing
/// Major General X", "the death of X"). A name that only takes part ("X's forces killed 50")
/// does not count.
pub fn tells_death(sentence: &str, names: &[&str]) -> bool {
    let lower = sentence.to_lowercase();
    // Lower-casing may change byte lengths outside ASCII; then offsets would not fit.
    if lower.len() != sentence.len() {
        return false;
    }
    names.iter().filter(|n| n.trim().len() >= 4).any(|name| {
        let name = name.trim().to_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find(&name) {
            let (start, end) = (from + i, from + i + name.len());
            from = end;
            let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if !word_edge(lower[..start].chars().last()) || !word_edge(lower[end..].chars().next()) {
                continue;
            }
            if dies_after(&lower[end..]) || dies_before(&lower[..start]) {
                return true;
            }
        }
        false
    })
}

/// "… was killed", "…, the brigade's commander, died": an aside between commas is passed over,
/// and the verb must follow at once, with at most an auxiliary before it.
fn dies_after(rest: &str) -> bool {
    let mut rest = rest.trim_start();
    if let Some(aside) = rest.strip_prefix(',') {
        // "X, commander of the brigade, was killed": skip one aside up to its closing comma.
        match aside.find(',') {
            Some(k) if k < 80 => rest = aside[k + 1..].trim_start(),
            _ => return false,
        }
    }
    let rest = rest.trim_start_matches(['(', ')']);
    let mut words = rest.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let mut w = words.next();
    // "X killed 50 militants" is X killing; only "X was killed" is X dying, and "X died".
    let mut passive = false;
    while let Some(aux) = w.filter(|w| ["was", "had", "has", "been", "reportedly", "also", "later", "then"].contains(w))
    {
        passive |= matches!(aux, "was" | "been");
        w = words.next();
    }
    w.is_some_and(|w| w == "died" || (passive && AFTER.contains(&w)))
}

/// "killing Major General X", "the death of X": a death word, then only titles before the name.
fn dies_before(before: &str) -> bool {
    let mut words: Vec<&str> = before.split_whitespace().collect();
    while words.last().is_some_and(|w| TITLES.contains(w)) {
        words.pop();
    }
    let tail = words.iter().rev().take(2).rev().copied().collect::<Vec<_>>().join(" ");
    BEFORE.iter().any(|b| tail == *b || tail.ends_with(&format!(" {b}")) || words.last() == Some(b))
}

#[cfg(test)]
mod tests {
    use super::tells_death;

    fn check(sentence: &str, name: &str, want: bool) {
        assert_eq!(tells_death(sentence, &[name]), want, "{sentence:?} / {name}");
    }

    #[test]
    fn deaths_told_of_a_named_person() {
        check("Major General Adam Example was killed after his convoy hit a landmine.", "Adam Example", true);
        check("On 3 May, Adam Example, the commander of the brigade, died of his wounds.", "Adam Example", true);
        check("Adam Example had reportedly been killed in an airstrike.", "Adam Example", true);
        check("An airstrike on the base killed Major General Adam Example and four guards.", "Adam Example", true);
        check("The army announced the death of ISIS commander Adam Example.", "Adam Example", true);
    }

    #[test]
    fn a_named_person_who_only_takes_part_did_not_die() {
        check("Forces led by Adam Example killed 50 militants.", "Adam Example", false);
        check("Adam Example's brigade was attacked, and 12 soldiers were killed.", "Adam Example", false);
        check("Adam Example returned to the city with a convoy.", "Adam Example", false);
        // A name inside a longer word is not the name.
        check("Adam Examples was killed.", "Adam Example", false);
        check("Somebody else was killed.", "Adam Example", false);
        check("Ex was killed.", "Ex", false);
    }
}
