//! Tests of sentence coding: short fragments, the gold events of the shared corpus (when present),
//! and random input.

use annals_extract::coding::{code, parse_lexicon, CodingContext, Lexicon, LEXICON_TOML};
use annals_model::event::Fatalities;
use serde_json::Value;
use std::collections::HashMap;

/// The shipped lexicon, compiled once for all the tests of this file.
static LEXICON: std::sync::LazyLock<std::sync::Arc<Lexicon>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(Lexicon::shipped()));

fn ctx() -> CodingContext {
    CodingContext::new(Some("Deir ez-Zor".into()), Vec::new(), LEXICON.clone())
}

#[test]
fn lexicon_parses() {
    let n = parse_lexicon(LEXICON_TOML).unwrap_or(0);
    assert!(n > 10, "the shipped lexicon must parse and have triggers");
}

struct Case {
    s: &'static str,
    ty: &'static str,
    sub: &'static str,
    a1: Option<&'static str>,
    place: Option<&'static str>,
    fat: Option<(Option<u64>, Option<u64>)>,
    src: Option<&'static str>,
}

#[test]
fn fragments() {
    let cases = [
        Case {
            s: "On 3 May, ISIS captured the town of Abu Kamal.",
            ty: "Battles",
            sub: "Non-state actor overtakes territory",
            a1: Some("ISIS"),
            place: Some("Abu Kamal"),
            fat: None,
            src: None,
        },
        Case {
            s: "Two days later the village of Jafra was recaptured by the Syrian Army.",
            ty: "Battles",
            sub: "Government regains territory",
            a1: Some("the Syrian Army"),
            place: Some("Jafra"),
            fat: None,
            src: None,
        },
        Case {
            s: "Rebels attacked a base in the city, killing ten soldiers.",
            ty: "Battles",
            sub: "Armed clash",
            a1: Some("Rebels"),
            place: Some("Deir ez-Zor"),
            fat: Some((Some(10), Some(10))),
            src: None,
        },
        Case {
            s: "According to SOHR, at least 89 people were killed in shelling near Mayadin.",
            ty: "Explosions/Remote violence",
            sub: "Shelling/artillery/missile attack",
            a1: None,
            place: Some("Mayadin"),
            fat: Some((Some(89), Some(89))),
            src: Some("SOHR"),
        },
        Case {
            s: "Fighting left four rebels and six to nine soldiers dead at the Omar oilfield.",
            ty: "Battles",
            sub: "Armed clash",
            a1: Some("rebels"),
            place: Some("Omar oilfield"),
            fat: Some((Some(10), Some(13))),
            src: None,
        },
        Case {
            s: "Warplanes bombed al-Husayniyah, state media said.",
            ty: "Explosions/Remote violence",
            sub: "Air/drone strike",
            a1: None,
            place: Some("al-Husayniyah"),
            fat: None,
            src: Some("state media"),
        },
        Case {
            s: "Later, 13–14 people were reported killed in a suicide attack in Hajin.",
            ty: "Explosions/Remote violence",
            sub: "Suicide bomb",
            a1: None,
            place: Some("Hajin"),
            fat: Some((Some(13), Some(14))),
            src: None,
        },
    ];
    for c in &cases {
        let got = code(c.s, &ctx());
        let hit = got.iter().find(|g| g.event_type == c.ty && g.sub_event_type == c.sub);
        let Some(hit) = hit else { panic!("{}: no {} / {} in {:?}", c.s, c.ty, c.sub, got) };
        if let Some(a1) = c.a1 {
            assert_eq!(hit.actor1.as_deref(), Some(a1), "{}", c.s);
        }
        assert_eq!(hit.place.as_deref(), c.place, "{}", c.s);
        let fat = hit.fatalities.map(|f: Fatalities| (f.low, f.high));
        assert_eq!(fat, c.fat, "{}", c.s);
        assert_eq!(hit.source.as_deref(), c.src, "{}", c.s);
    }
}

#[test]
fn several_places_are_several_events() {
    let got = code("On 3 February the rebels captured Hamidiyah, Hawiqa and Rashdiya.", &ctx());
    let places: Vec<_> = got.iter().filter_map(|g| g.place.as_deref()).collect();
    assert_eq!(places, ["Hamidiyah", "Hawiqa", "Rashdiya"]);
    assert!(got.iter().all(|g| g.actor1.as_deref() == Some("rebels")));
}

/// A check of one sentence: (sentence, places of its events in order, actor1 of every event).
fn check_places(sentence: &str, places: &[&str], actor1: Option<&str>) {
    let got = code(sentence, &ctx());
    let got_places: Vec<_> = got.iter().filter_map(|g| g.place.as_deref()).collect();
    assert_eq!(got_places, places, "{sentence}");
    for g in &got {
        assert_eq!(g.actor1.as_deref(), actor1, "{sentence}: {g:?}");
    }
}

#[test]
fn passive_verbs_take_the_places_before_them() {
    check_places(
        "By midnight, the Sheikh Yassin, Ardhi and Rashdiyah neighborhoods were captured, leaving only the al-Hawiqa district.",
        &["Sheikh Yassin", "Ardhi", "Rashdiyah"],
        None,
    );
    check_places("The As-Sabkhah village was reportedly taken by the rebels.", &["As-Sabkhah"], Some("rebels"));
    check_places(
        "On 5 September, Hamdan airport near Abu Kamal was captured by the rebels.",
        &["Hamdan airport"],
        Some("rebels"),
    );
}

#[test]
fn a_capture_decides_the_place_over_a_movement() {
    check_places(
        "On 23 September, government forces advanced northwest of Deir ez-Zor, linking up with troops and capturing Maadan.",
        &["Maadan"],
        Some("government forces"),
    );
}

#[test]
fn coordinated_verbs_share_the_first_subject() {
    check_places(
        "On 17 October, the Syrian Army engaged ISIS on the east bank and captured Al-Khasarat and Hatla.",
        &["Al-Khasarat", "Hatla"],
        Some("the Syrian Army"),
    );
}

/// The toll of a sentence's first event with one, as (low, high).
fn toll(s: &str) -> Option<(Option<u64>, Option<u64>)> {
    code(s, &ctx()).iter().find_map(|g| g.fatalities).map(|f| (f.low, f.high))
}

#[test]
fn one_person_killed_is_one_death() {
    assert_eq!(
        toll("On 18 October, Major General Issam Zahreddine was killed near Saqr Island."),
        Some((Some(1), Some(1)))
    );
    assert_eq!(
        toll("One day later, ISIS executed the rebel commander of al-Nusra in Hajin."),
        Some((Some(1), Some(1)))
    );
    assert_eq!(
        toll("ISIS executed the military commander of the brigade and his nephew near Ayn Issa."),
        Some((Some(2), Some(2)))
    );
    assert_eq!(
        toll("On 26 January, six civilians were killed by a mortar round and a Brigade General was killed."),
        Some((Some(7), Some(7)))
    );
    // Plural victims without a number are no count at all.
    assert_eq!(toll("Several soldiers were killed in the attack on Hajin."), None);
}

#[test]
fn a_telling_kind_absorbs_an_attack_in_general_but_not_fighting() {
    let kinds = |s: &str| {
        let mut k: Vec<String> = code(s, &ctx()).into_iter().map(|c| c.sub_event_type).collect();
        k.dedup();
        k
    };
    assert_eq!(
        kinds("On 2 May, rebels attacked the base in Hajin with mortars."),
        ["Shelling/artillery/missile attack"]
    );
    assert_eq!(
        kinds("On 3 December, fierce combat broke out in Mouzafin, while rebels shelled the airbase near Hajin."),
        ["Armed clash", "Shelling/artillery/missile attack"]
    );
}

#[test]
fn victims_named_after_the_action_are_not_its_authors() {
    let got = code("On 19 May 2012, a car bomb exploded in Hajin, killing nine people.", &ctx());
    let e = got.first().expect("an explosion");
    assert_eq!(e.actor1, None);
    assert_eq!(e.actor2.as_deref(), Some("people"));
    // Protesters do act.
    let got = code("On 3 June, protesters rallied in Hajin.", &ctx());
    assert_eq!(got.first().and_then(|e| e.actor1.as_deref()), Some("protesters"));
}

#[test]
fn between_and_fell_to() {
    let got = code("Clashes between ISIS and the FSA erupted in Hajin.", &ctx());
    assert_eq!(got.first().and_then(|g| g.actor1.as_deref()), Some("ISIS"));
    let got = code("The town of Mayadin fell to ISIS.", &ctx());
    assert_eq!(got.first().and_then(|g| g.actor1.as_deref()), Some("ISIS"));
    assert_eq!(got.first().and_then(|g| g.place.as_deref()), Some("Mayadin"));
}

#[test]
fn background_is_no_event() {
    assert!(code("The city lies on the Euphrates river.", &ctx()).is_empty());
    assert!(code("", &ctx()).is_empty());
}

#[test]
fn random_input_never_panics() {
    let alphabet: Vec<char> = "aeioustnrlKAIS -–,.;:()'’ʿ0123456789\u{0301}é漢\n".chars().collect();
    let words = [
        "killed",
        "captured",
        "by",
        "at least",
        "to",
        "fell to",
        "between",
        "and",
        "the city",
        "of",
        "ISIS",
        "'s",
        "the village",
        "the airport",
        "as well as",
        "during the",
        "they",
        "took",
        "On 5 May",
        ", On",
        "Brigade",
        "were",
        "Hajin",
        "hospital",
        "Russian",
        "airstrikes",
        "was shelling",
        "the military",
        "in order to",
    ];
    let mut rng = annals_testkit::Rng(42);
    let cx = ctx();
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..rng.below(40) {
            if rng.below(3) == 0 {
                let word = *rng.pick(&words);
                s.push_str(word);
                s.push(' ');
            } else {
                s.push(*rng.pick(&alphabet));
            }
        }
        let _ = code(&s, &cx);
    }
}

// ------------------------------------------------------------------------------------ gold

/// score.py's loose name key.
fn norm(s: &str) -> String {
    const ARTICLES: [&str; 10] = ["al", "el", "ar", "as", "ash", "ad", "at", "az", "an", "the"];
    let lower: String = s
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʿ' | 'ʾ' | '`' | '\u{0301}'))
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'é' | 'è' => 'e',
            'á' | 'à' => 'a',
            _ => c,
        })
        .collect();
    lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty() && !ARTICLES.contains(w)).collect()
}

#[test]
fn gold_events() {
    let root = std::path::Path::new("/work/shared");
    let Ok(blocs) = std::fs::read_to_string(root.join("eval/blocs.json")) else { return };
    let Ok(blocs) = serde_json::from_str::<Value>(&blocs) else { return };
    let mut bloc_of: HashMap<String, String> = HashMap::new();
    if let Some(m) = blocs.as_object() {
        for (b, names) in m {
            for n in names.as_array().into_iter().flatten().filter_map(Value::as_str) {
                bloc_of.insert(norm(n), b.clone());
            }
        }
    }
    let Ok(dir) = std::fs::read_dir(root.join("eval/gold/events")) else { return };
    let mut files: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let (mut n, mut ty, mut sub, mut a1, mut loc, mut loc_n, mut fat, mut fat_n) = (0, 0, 0, 0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    let mut fat_misses = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|x| x.to_str()).unwrap_or("").trim_end_matches(".jsonl").to_string();
        let Ok(seed) = std::fs::read_to_string(root.join("corpus/seeds").join(&name)) else { continue };
        let Ok(gold) = std::fs::read_to_string(&f) else { continue };
        for line in gold.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(g) = serde_json::from_str::<Value>(line) else { continue };
            let text = g["text"].as_str().unwrap_or("");
            let head: String = text.chars().take(40).collect();
            if text.starts_with("...") || !seed.contains(&head) {
                continue;
            }
            n += 1;
            let got = code(text, &ctx());
            let gty = g["event_type"].as_str().unwrap_or("");
            let subs: Vec<&str> =
                g["sub_event_type"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let locs: Vec<String> =
                g["location"].as_array().into_iter().flatten().filter_map(Value::as_str).map(norm).collect();
            // The prediction the scorer would pair with this gold event: same place first, then same type.
            let best = got
                .iter()
                .max_by_key(|c| {
                    let l = c.place.as_deref().is_some_and(|p| locs.contains(&norm(p)));
                    (l, c.event_type == gty, subs.contains(&c.sub_event_type.as_str()))
                })
                .cloned()
                .unwrap_or_default();
            let t_ok = got.iter().any(|c| c.event_type == gty);
            ty += t_ok as u32;
            sub += got.iter().any(|c| subs.contains(&c.sub_event_type.as_str())) as u32;
            let gbloc = g["actor1"]["bloc"].as_str();
            let gnames: Vec<String> =
                g["actor1"]["names"].as_array().into_iter().flatten().filter_map(Value::as_str).map(norm).collect();
            let a_ok = match (gbloc, best.actor1.as_deref()) {
                (None, None) => true,
                (Some(b), Some(p)) => gnames.contains(&norm(p)) || bloc_of.get(&norm(p)).map(String::as_str) == Some(b),
                _ => false,
            };
            a1 += a_ok as u32;
            if !locs.is_empty() {
                loc_n += 1;
                loc += best.place.as_deref().is_some_and(|p| locs.contains(&norm(p))) as u32;
            }
            if g["fatalities"].is_object() {
                fat_n += 1;
                let want = (g["fatalities"]["low"].as_u64(), g["fatalities"]["high"].as_u64());
                let ok = best.fatalities.is_some_and(|f| (f.low, f.high) == want);
                fat += ok as u32;
                if !ok {
                    let got = best.fatalities.map(|f| (f.low, f.high));
                    fat_misses.push(format!("{want:?} got {got:?} :: {}", text.chars().take(140).collect::<String>()));
                }
            }
            if !t_ok || !a_ok {
                misses.push(format!(
                    "[{gty} / {:?} / {:?}] got {:?} {:?} {:?} :: {}",
                    subs.first(),
                    gnames.first(),
                    best.event_type,
                    best.sub_event_type,
                    best.actor1,
                    text.chars().take(140).collect::<String>()
                ));
            }
        }
    }
    if n == 0 {
        return;
    }
    let r = |a: u32, b: u32| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "gold events {n}: type {:.3} sub-type {:.3} actor1 bloc {:.3} location {:.3} ({loc_n}) fatalities {:.3} ({fat_n})",
        r(ty, n),
        r(sub, n),
        r(a1, n),
        r(loc, loc_n),
        r(fat, fat_n)
    );
    for m in misses.iter().take(40) {
        println!("MISS {m}");
    }
    for m in fat_misses.iter().take(25) {
        println!("FATAL {m}");
    }
    assert!(r(ty, n) >= 0.7, "type accuracy {:.3}", r(ty, n));
    assert!(r(a1, n) >= 0.6, "actor1 bloc accuracy {:.3}", r(a1, n));
}

#[test]
fn second_targets_holders_and_groups() {
    // A second target in a coordinated phrase is a second place.
    check_places(
        "On 30 January, ISIL launched an attack on the Rashidiyah District and against the Haweeqa District.",
        &["Rashidiyah District", "Haweeqa District"],
        Some("ISIL"),
    );
    // Adjectives made with a holder, and names of armies, are not places.
    check_places("On 5 May, Western-backed rebels captured Hajin.", &["Hajin"], Some("rebels"));
    check_places("On 5 May, fighters of the Army of Conquest attacked Hajin.", &["Hajin"], Some("fighters"));
    // A group after "commander of" is not a place.
    check_places("On 5 May, rebels killed the commander of Ansar al-Islam in Hajin.", &["Hajin"], Some("rebels"));
}

#[test]
fn a_states_adjective_before_a_strike_is_its_author() {
    let got = code("On 22 January, Russian airstrikes killed 44 in Hajin.", &ctx());
    assert_eq!(got.first().and_then(|e| e.actor1.as_deref()), Some("Russian airstrikes"));
    // Not when the sentence names its author.
    let got = code("On 22 January, the army used Russian airstrikes on Hajin.", &ctx());
    assert_eq!(got.first().and_then(|e| e.actor1.as_deref()), Some("the army"));
}

#[test]
fn a_part_of_the_city_named_after_it_is_the_place() {
    check_places(
        "On 13 August, clashes took place in Hajin city in the Rashdin suburb, as government forces attacked.",
        &["Rashdin"],
        Some("government forces"),
    );
}

#[test]
fn took_is_a_capture_only_before_a_place() {
    check_places(
        "The next day, ISIS fighters took the Abriha village from the rebels.",
        &["Abriha"],
        Some("ISIS fighters"),
    );
    let kinds = |s: &str| code(s, &ctx()).into_iter().map(|c| c.sub_event_type).collect::<Vec<_>>();
    assert_eq!(kinds("On 3 May, clashes took place in Hajin."), ["Armed clash"]);
    assert!(kinds("On 3 May, it took three days to reach Hajin.").is_empty());
}

#[test]
fn the_airport_of_a_city_article_is_the_citys_airport() {
    // The test context's main place is Deir ez-Zor.
    check_places("Two days later, the rebels surrounded the airport.", &["Deir ez-Zor airport"], Some("rebels"));
    check_places("On 3 May, rebels shelled the nearby military airbase.", &["Deir ez-Zor airport"], Some("rebels"));
    // Not when it says whose: "the military airport of Hamdan" is Hamdan's.
    check_places("On 3 May, rebels seized the military airport of Hamdan.", &["Hamdan airport"], Some("rebels"));
}

#[test]
fn tolls_past_asides_and_other_verbs() {
    // The count stands before an aside in commas.
    assert_eq!(
        toll("On 16 May, 13–14 people, mostly rebel fighters, were reported killed in Hajin."),
        Some((Some(13), Some(14)))
    );
    // Captives are not dead.
    assert_eq!(
        toll("On 3 August, the FSA killed thirteen security personnel and captured three officers near Hajin."),
        Some((Some(13), Some(13)))
    );
    // A participle with its agent, or after "were", has its victims before it.
    assert_eq!(
        toll("The bodies of 10 rebel fighters, allegedly executed by ISIS, were found in Hajin."),
        Some((Some(10), Some(10)))
    );
    assert_eq!(
        toll("On 8 May, ISIS arrested hundreds in Hajin and 20 of them were executed."),
        Some((Some(20), Some(20)))
    );
    // A sum with an open count is open.
    assert_eq!(
        toll("On 5 May, 69 rebels were killed in Hajin, while at least 23 ISIS fighters were killed."),
        Some((Some(92), None))
    );
    assert_eq!(toll("On 5 May, at least 23 ISIS fighters were killed in Hajin."), Some((Some(23), Some(23))));
    // "As well as" adds victims after the word.
    assert_eq!(
        toll("On 5 May, 69 rebels were killed in clashes in Hajin, as well as five civilians."),
        Some((Some(74), Some(74)))
    );
}

#[test]
fn each_capture_names_its_places_and_names_hold_no_actions() {
    // Both captures of the sentence, each with its own places; "Missile" in a name is no shelling.
    let got = code(
        "Later on 20 January, the Baghaliyeh district also fell to ISIL and the jihadists took the Missile \
         Battalion Base and the Mari'iyah farms.",
        &ctx(),
    );
    let places: Vec<_> = got.iter().filter_map(|g| g.place.as_deref()).collect();
    assert_eq!(places, ["Baghaliyeh", "Missile Battalion Base", "Mari'iyah"]);
    assert!(got.iter().all(|g| g.event_type == "Battles"), "{got:?}");
    // "The military" before a place noun qualifies it; it acts in nothing.
    let got = code("On 3 May, rebels seized the military airport of Hamdan.", &ctx());
    assert_eq!(got.first().and_then(|g| g.actor2.as_deref()), None);
}

#[test]
fn units_are_not_places() {
    check_places("On 3 May, fighters of the Zeinabiyoun Brigade were killed in Hajin.", &["Hajin"], Some("fighters"));
    check_places("On 3 May, rebels captured the 17th Division base near Hajin.", &["Division base"], Some("rebels"));
}

#[test]
fn references_to_a_happening_and_qualifiers_are_no_new_action() {
    let kinds = |s: &str| code(s, &ctx()).into_iter().map(|c| c.sub_event_type).collect::<Vec<_>>();
    // "During the attack" names the attack told before; the killing is what this sentence adds.
    assert_eq!(kinds("Ten rebel fighters were killed during the attack."), ["Armed clash"]);
    assert!(kinds("Four trucks of the rebels were also seen during the clash.").is_empty());
    // "A helicopter base" is a kind of base, not an air strike.
    assert!(kinds("It was in fact a base that was turned into a helicopter base.").is_empty());
}

#[test]
fn a_progressive_is_not_a_passive() {
    check_places(
        "On 11 January, the government held Joura and was shelling the neighborhoods of Alwrdi and Jbeila.",
        &["Alwrdi", "Jbeila"],
        Some("the government"),
    );
}

#[test]
fn a_place_as_well_as_past_its_container() {
    check_places(
        "On 14 October, rebels captured the Resefa and Sinaa districts of Hajin city, as well as Hajin's military hospital.",
        &["Resefa", "Sinaa", "Hajin's military hospital"],
        Some("rebels"),
    );
}

#[test]
fn a_part_of_a_toll_counted_already_adds_nothing() {
    assert_eq!(
        toll("In May, 230 fighters were killed in the clashes; 146 of the dead were rebels."),
        Some((Some(230), Some(230)))
    );
    assert_eq!(toll("Twelve soldiers were killed, and 5 of them were officers."), Some((Some(12), Some(12))));
    // On its own, "N of the soldiers" is the toll.
    assert_eq!(toll("On 3 May, 12 of the soldiers were killed in Hajin."), Some((Some(12), Some(12))));
    // A part without a number leaves the toll open.
    assert_eq!(toll("230 fighters and several civilians were killed in Hajin."), Some((Some(230), None)));
}

#[test]
fn the_place_of_a_happening_told_before_is_not_the_place() {
    // "The city" is the article's place: the fall of Hamdan is only when it happened.
    check_places(
        "After the fall of Hamdan, 12 rebels were killed in the shelling on the outskirts of the city by the army.",
        &["Deir ez-Zor"],
        Some("the army"),
    );
    // With no other place named, the place is the one the sentence has.
    check_places("After the capture of Hatla, ISIS executed 30 villagers.", &["Hatla"], Some("ISIS"));
}

#[test]
fn a_military_operation_belongs_to_who_runs_it() {
    let got =
        code("The offensive was an ISIL military operation, during which it took over the town of Hajin.", &ctx());
    assert_eq!(got.first().and_then(|g| g.actor1.as_deref()), Some("ISIL"), "{got:#?}");
}

#[test]
fn a_facility_in_lower_case_is_a_place_in_a_list_with_a_named_one() {
    check_places(
        "On 1 November, the army captured Jubaliyah district, the school of law and the central park.",
        &["Jubaliyah", "school of law", "central park"],
        Some("the army"),
    );
    // Alone, or listed only with "the town", it is no place of its own.
    check_places("On 2 November, the army captured the central park.", &[], Some("the army"));
    check_places(
        "ISIS took parts of the town, the silos near the town and Kabajeb.",
        &["Deir ez-Zor", "Kabajeb"],
        Some("ISIS"),
    );
}

#[test]
fn a_bare_facility_noun_is_no_place_name() {
    check_places("On 3 May, the army captured Hatla and the headquarters.", &["Hatla"], Some("the army"));
}
