//! Claims from infobox strength and casualties values: inline fragments, the gold annotations
//! of the seed articles, every value of the corpus, and random input.

use annals_extract::claims::{parse_item, parse_items, Context};
use annals_model::conflict::{Claim, Qualifier};
use annals_read::{read_bytes, Hint, ReadOptions};
use annals_testkit::Rng;
use serde_json::Value;
use std::path::{Path, PathBuf};

const S: Context = Context::Strength;
const C: Context = Context::Casualties;

/// A claim in one line: `low..high qualifier category`, then ` who=…`, ` src=…`, ` per=…` when
/// set. A missing bound is left empty ("150.. at_least tanks").
fn show(c: &Claim) -> String {
    let name = |v: Value| v.as_str().unwrap_or("?").to_string();
    let bound = |b: Option<u64>| b.map(|v| v.to_string()).unwrap_or_default();
    let mut s = format!(
        "{}..{} {} {}",
        bound(c.low),
        bound(c.high),
        name(serde_json::to_value(c.qualifier).unwrap()),
        name(serde_json::to_value(c.category).unwrap())
    );
    if let Some(w) = c.who {
        s.push_str(&format!(" who={}", name(serde_json::to_value(w).unwrap())));
    }
    if let Some(src) = &c.source {
        s.push_str(&format!(" src={src}"));
    }
    if let Some(p) = &c.period {
        s.push_str(&format!(" per={p}"));
    }
    s
}

fn check(context: Context, input: &str, expected: &[&str]) {
    let got: Vec<String> = parse_item(input, context).iter().map(show).collect();
    assert_eq!(got, expected, "input: {input:?}");
}

fn check_items(context: Context, items: &[&str], expected: &[&str]) {
    let got: Vec<String> = parse_items(items.iter().copied(), context).iter().map(show).collect();
    assert_eq!(got, expected, "items: {items:?}");
}

fn texts(context: Context, input: &str) -> Vec<String> {
    parse_item(input, context).into_iter().map(|c| c.text).collect()
}

/// What every claim must satisfy, whatever the input.
fn assert_sound(c: &Claim, input: &str) {
    assert!(c.low.is_some() || c.high.is_some(), "claim without a figure from {input:?}: {c:?}");
    assert!(!c.text.trim().is_empty(), "claim without text from {input:?}: {c:?}");
    match c.qualifier {
        Qualifier::Exact | Qualifier::Approx => assert!(c.low.is_some() && c.low == c.high, "{input:?}: {c:?}"),
        Qualifier::AtLeast => assert!(c.low.is_some() && c.high.is_none(), "{input:?}: {c:?}"),
        Qualifier::AtMost => assert!(c.low.is_none() && c.high.is_some(), "{input:?}: {c:?}"),
        Qualifier::Range => assert!(c.low.is_some() && c.low < c.high, "{input:?}: {c:?}"),
    }
}

#[test]
fn strength_forms() {
    check(S, "9,000 soldiers and policemen", &["9000..9000 exact personnel who=soldiers"]);
    check(S, "150+ tanks", &["150.. at_least tanks"]);
    check(S, "Up to 2,000", &["..2000 at_most personnel"]);
    check(S, "4,000", &["4000..4000 exact personnel"]);
    check(
        S,
        "17,000 fighters (opposition claim, all withdrawn)",
        &["17000..17000 exact personnel who=fighters src=opposition"],
    );
    check(S, "~35,000", &["35000..35000 approx personnel"]);
    check(S, "15,000–20,000", &["15000..20000 range personnel"]);
    check(S, "15,000-20,000", &["15000..20000 range personnel"]);
    check(S, "15,000 — 20,000", &["15000..20000 range personnel"]);
    check(S, "6,000 to 8,000", &["6000..8000 range personnel"]);
    check(S, "3,000+ fighters", &["3000.. at_least personnel who=fighters"]);
    check(S, "ca. 3,500 Italians", &["3500..3500 approx personnel"]);
    check(S, "c. 1,000", &["1000..1000 approx personnel"]);
    check(S, "c.1,000", &["1000..1000 approx personnel"]);
    check(S, "approx. 3,000", &["3000..3000 approx personnel"]);
    check(S, "est. 3,000", &["3000..3000 approx personnel"]);
    check(S, "about 1,400 soldiers", &["1400..1400 approx personnel who=soldiers"]);
    check(S, "more than 60", &["60.. at_least personnel"]);
    check(S, "over 2,000", &["2000.. at_least personnel"]);
    check(S, "nearly 500", &["500..500 approx personnel"]);
    check(S, "≈8,000 fighters", &["8000..8000 approx personnel who=fighters"]);
    check(S, "1,388 British", &["1388..1388 exact personnel"]);
    check(S, "1,000,000+ men", &["1000000.. at_least personnel"]);
    check(S, "1.2 million", &["1200000..1200000 exact personnel"]);
    check(S, "1.2–1.5 million men", &["1200000..1500000 range personnel"]);
    check(S, "5k fighters", &["5000..5000 exact personnel who=fighters"]);
    check(S, "one thousand", &["1000..1000 exact personnel"]);
    check(S, "Several hundred", &["300.. at_least personnel"]);
    check(S, "\"Several hundred\" Christian militiamen", &["300.. at_least personnel who=fighters"]);
    check(S, "tens of thousands", &["20000.. at_least personnel"]);
    check(S, "SDF: 1,000–3,000 fighters", &["1000..3000 range personnel who=fighters"]);
    check(S, "Entire division: around 1,000 fighters", &["1000..1000 approx personnel who=fighters"]);
    check(S, "5,000–6,000 soldiers and militiamen", &["5000..6000 range personnel"]);
    check(S, "300–410+ fighters", &["300.. at_least personnel who=fighters"]);
}

#[test]
fn materiel_and_units() {
    check(S, "3,500 tanks", &["3500..3500 exact tanks"]);
    check(S, "10 tanks", &["10..10 exact tanks"]);
    check(S, "205 aircraft", &["205..205 exact aircraft"]);
    check(S, "4,000 planes", &["4000..4000 exact aircraft"]);
    check(S, "11 armoured cars", &["11..11 exact vehicles"]);
    check(S, "4 lorries", &["4..4 exact vehicles"]);
    check(S, "57 assault guns", &["57..57 exact vehicles"]);
    check(S, "499 tank destroyers and assault guns", &["499..499 exact vehicles"]);
    check(S, "140 artillery pieces", &["140..140 exact other"]);
    check(S, "74 anti-tank guns", &["74..74 exact other"]);
    check(S, "4 divisions", &["4..4 exact other"]);
    check(S, "1 reinforced brigade", &["1..1 exact other"]);
    check(S, "120 FSA Farouq Brigade fighters", &["120..120 exact personnel who=fighters"]);
    check(S, "2,792 to 3,549 aircraft", &["2792..3549 range aircraft"]);
    check(S, "459 ~ 1,000 aircraft", &["459..1000 range aircraft"]);
    check(S, "1 BMP-1", &["1..1 exact vehicles"]);
    check(S, "10,000 soldiers 400 tanks", &["10000..10000 exact personnel who=soldiers", "400..400 exact tanks"]);
    check(S, "400 Army soldiers and militia 15 tanks", &["400..400 exact personnel", "15..15 exact tanks"]);
    check(S, "Initial aircraft: 549 serviceable", &["549..549 exact aircraft"]);
    // Unit names, ordinals and forces without a figure make no claim.
    check(S, "naval support", &[]);
    check(S, "74 Squadron, RAF", &[]);
    check(S, "3 Commando", &[]);
    check(S, "2nd Infantry Division", &[]);
    check(S, "1. Fallschirm-Jäger-Division", &[]);
    check(S, "Unknown", &[]);
}

#[test]
fn casualties_forms() {
    check(C, "110+ killed", &["110.. at_least killed"]);
    check(C, "40 killed", &["40..40 exact killed"]);
    check(C, "at least 35 killed", &["35.. at_least killed"]);
    check(C, "twelve killed", &["12..12 exact killed"]);
    check(C, "dozens killed", &["24.. at_least killed"]);
    check(C, "hundreds captured", &["200.. at_least captured"]);
    check(C, "250+ captured", &["250.. at_least captured"]);
    check(C, "127–300 civilians killed", &["127..300 range killed who=civilians"]);
    check(C, "≈400 civilians kidnapped", &["400..400 approx kidnapped who=civilians"]);
    check(C, "230 civilians abducted by ISIL", &["230..230 exact kidnapped who=civilians"]);
    check(C, "1,388 British POWs", &["1388..1388 exact captured"]);
    check(C, "300+ prisoners taken", &["300.. at_least captured"]);
    check(C, "100+ surrendered", &["100.. at_least captured"]);
    check(C, "103 Italian officers executed", &["103..103 exact executed who=soldiers"]);
    check(C, "15 prisoners executed by the Syrian Army", &["15..15 exact executed"]);
    check(C, "55 missing", &["55..55 exact missing"]);
    check(C, "12,520 killed in action", &["12520..12520 exact killed"]);
    check(C, "2,000 civilian deaths", &["2000..2000 exact killed who=civilians"]);
    check(C, "about 22,000 military dead", &["22000..22000 approx killed who=soldiers"]);
    check(C, "46,000 wounded or sick", &["46000..46000 exact wounded"]);
    check(C, "35 captured, all executed", &["35..35 exact captured"]);
    check(C, "<40", &["..40 at_most other"]);
    check(C, "Approximately 3,000 civilians killed", &["3000..3000 approx killed who=civilians"]);
    check(C, "1,000+ combatants and civilians killed", &["1000.. at_least killed"]);
    check(C, "Total: 50 killed", &["50..50 exact killed"]);
    check(C, "Total: 8,000,000 dead", &["8000000..8000000 exact killed"]);
    check(C, "Total: 405,000 - 450,000", &["405000..450000 range other"]);
    // Losses of several kinds together, and bare figures, are `other`.
    check(C, "19,000–20,000 killed, wounded or captured", &["19000..20000 range other"]);
    check(C, "254 killed or missing", &["254..254 exact other"]);
    check(C, "nearly 1,000 killed/missing in action", &["1000..1000 approx other"]);
    check(C, "Total: 174,194 KIA, WIA, MIA (see §7)", &["174194..174194 exact other"]);
    check(C, "55,000 casualties", &["55000..55000 exact other"]);
    check(C, "38,362", &["38362..38362 exact other"]);
    check(C, "275 commandos", &["275..275 exact other who=soldiers"]);
    check(C, "7,000+ civilians displaced", &["7000.. at_least other who=civilians"]);
    // Materiel lost keeps its kind whatever happened to it.
    check(C, "6 tanks captured", &["6..6 exact tanks"]);
    check(C, "8-10 Leopard 2 tanks destroyed", &["8..10 range tanks"]);
    check(C, "400 armoured vehicles damaged or destroyed", &["400..400 exact vehicles"]);
    check(C, "One Su-22M3 shot down", &["1..1 exact aircraft"]);
    check(C, "3 Mil Mi-8 helicopters shot down", &["3..3 exact aircraft"]);
    check(C, "23 Fw 190", &["23..23 exact aircraft"]);
    check(C, "64 Supermarine Spitfire fighters", &["64..64 exact aircraft"]);
    check(C, "10 North American Mustang Mk 1 fighters", &["10..10 exact aircraft"]);
    check(C, "1 destroyer sunk", &["1..1 exact other"]);
    check(C, "at least five MFPs", &["5.. at_least other"]);
}

#[test]
fn several_claims_in_one_item() {
    check(C, "200 killed (48 executed)", &["200..200 exact killed", "48..48 exact executed"]);
    assert_eq!(texts(C, "200 killed (48 executed)"), ["200 killed", "48 executed"]);
    check(C, "15 dead, 70 wounded", &["15..15 exact killed", "70..70 exact wounded"]);
    assert_eq!(texts(C, "15 dead, 70 wounded"), ["15 dead", "70 wounded"]);
    check(C, "234 dead & 1,228 wounded", &["234..234 exact killed", "1228..1228 exact wounded"]);
    check(C, "13 killed 32 wounded", &["13..13 exact killed", "32..32 exact wounded"]);
    check(
        C,
        "23 killed 15 captured 3 APCs destroyed 2 APCs captured",
        &["23..23 exact killed", "15..15 exact captured", "3..3 exact vehicles", "2..2 exact vehicles"],
    );
    check(C, "5 soldiers and 6 tanks captured", &["5..5 exact captured who=soldiers", "6..6 exact tanks"]);
    check(
        C,
        "114 Hezbollah fighters, 23 soldiers and militiamen and 8 Iranian officers killed, 200 Hezbollah fighters wounded",
        &[
            "114..114 exact killed who=fighters",
            "23..23 exact killed",
            "8..8 exact killed who=soldiers",
            "200..200 exact wounded who=fighters",
        ],
    );
    check(C, "47 civilians killed and 500 wounded", &["47..47 exact killed who=civilians", "500..500 exact wounded"]);
    check(
        C,
        "1,408 (200 killed, 969 wounded, and 239 missing)",
        &["1408..1408 exact other", "200..200 exact killed", "969..969 exact wounded", "239..239 exact missing"],
    );
    check(
        S,
        "90,000 men (30,000 German, 60,000 Italian)",
        &["90000..90000 exact personnel", "30000..30000 exact personnel", "60000..60000 exact personnel"],
    );
    check(S, "560 tanks (228 Italian)", &["560..560 exact tanks", "228..228 exact tanks"]);
    check(
        C,
        "At least three or five civilians executed and six kidnapped by Al-Nusra Jihadists",
        &["3..5 range executed who=civilians", "6..6 exact kidnapped"],
    );
    check(
        C,
        "~1,000 aircraft lost, over 647 in December and 353 during Unternehmen Bodenplatte",
        &["1000..1000 approx aircraft", "647.. at_least aircraft per=December", "353..353 exact aircraft"],
    );
    check(C, "Unknown (50 Afghan fighters killed)", &["50..50 exact killed who=fighters"]);
    check(C, "(incl. c. 33,000 prisoners at Tobruk)", &["33000..33000 approx captured"]);
}

#[test]
fn sources() {
    check(
        C,
        "300+ killed (Syrian claim; 29 Sep. – 13 Oct.)",
        &["300.. at_least killed src=Syrian government per=29 Sep. – 13 Oct."],
    );
    check(C, "101 killed (per SOHR; 29 Oct. – 1 Nov.)", &["101..101 exact killed src=SOHR per=29 Oct. – 1 Nov."]);
    check(C, "300 killed (Russian claim)", &["300..300 exact killed src=Russian government"]);
    check(C, "12,000 killed (German estimate)", &["12000..12000 exact killed src=German"]);
    check(C, "50,000 (Soviet figures)", &["50000..50000 exact other src=Soviet"]);
    check(C, "312 killed (SOHR claim)", &["312..312 exact killed src=SOHR"]);
    check(
        C,
        "More than 100 civilians killed from 4–5 March (Syrian Observatory for Human Rights estimate)",
        &["100.. at_least killed who=civilians src=SOHR per=4–5 March"],
    );
    check(C, "800+ killed (per gov.)", &["800.. at_least killed src=government"]);
    check(C, "170+ killed (pro-gov claim)", &["170.. at_least killed src=pro-government"]);
    check(C, "100 killed (U.S. claim)", &["100..100 exact killed src=U.S."]);
    check(C, "1,348+ killed (Turkish and SAA claims)", &["1348.. at_least killed src=Turkish and SAA"]);
    check(C, "150 killed (per The Arab Chronicle)", &["150..150 exact killed src=The Arab Chronicle"]);
    check(
        C,
        "38 killed overall (8 civilians; SOHR)",
        &["38..38 exact killed src=SOHR", "8..8 exact killed who=civilians src=SOHR"],
    );
    check(C, "From 77,166 dead to 110,000 killed (US estimate)", &["77166..110000 range killed src=US"]);
    check(
        C,
        "Rebel/SOHR claim: 150–300 killed 60 captured",
        &["150..300 range killed src=Rebel/SOHR", "60..60 exact captured src=Rebel/SOHR"],
    );
    check(C, "Russian estimated: 581,000 killed", &["581000..581000 exact killed src=Russian"]);
    // Words that name no one are no source.
    check(C, "66+ killed (various claims)", &["66.. at_least killed"]);
    check(C, "Contemporary estimates: 12,000 dead, missing or captured", &["12000..12000 exact other"]);
    check(C, "20 civilians killed (Leros Islanders)", &["20..20 exact killed who=civilians"]);
    // A source after figures listed together holds for all of them.
    check(
        C,
        "431 –500+ killed, 1,000 wounded (opposition claim) 1,257 killed, 1,192 wounded (government claim)",
        &[
            "431.. at_least killed src=opposition",
            "1000..1000 exact wounded src=opposition",
            "1257..1257 exact killed src=government",
            "1192..1192 exact wounded src=government",
        ],
    );
    check(
        C,
        "690 killed (per SOHR) 655 killed (per SDF) 1,000 killed (per ISIL)",
        &["690..690 exact killed src=SOHR", "655..655 exact killed src=SDF", "1000..1000 exact killed src=ISIL"],
    );
    check(
        C,
        "3,770 (opposition sources) –3,857 (Ba'athist sources: 15 March 2011–21 June 2012) soldiers and policemen killed",
        &["3770..3857 range killed who=soldiers src=opposition; Ba'athist per=15 March 2011–21 June 2012"],
    );
}

#[test]
fn periods_and_years() {
    check(
        C,
        "267 killed (10–11 April; 30 April – 10 June)",
        &["267..267 exact killed per=10–11 April; 30 April – 10 June"],
    );
    check(
        C,
        "120 killed (18 Sep. – 25 Sep.; 29 Oct. – 1 Nov.)",
        &["120..120 exact killed per=18 Sep. – 25 Sep.; 29 Oct. – 1 Nov."],
    );
    check(C, "39 civilians killed (30 April – 10 June)", &["39..39 exact killed who=civilians per=30 April – 10 June"]);
    check(C, "16 killed (1st day)", &["16..16 exact killed per=1st day"]);
    check(C, "7 injured (pro-government claim; last day)", &["7..7 exact wounded src=pro-government per=last day"]);
    check(C, "6 killed (24 and 26 Oct., per SOHR)", &["6..6 exact killed src=SOHR per=24 and 26 Oct."]);
    check(C, "39 killed in air raids on 6 March", &["39..39 exact killed per=6 March"]);
    check(S, "400 militiamen (Nov. 2012)", &["400..400 exact personnel who=fighters per=Nov. 2012"]);
    check(S, "20,000 SAA soldiers (2012)", &["20000..20000 exact personnel who=soldiers per=2012"]);
    check(S, "c. undefined 8,000 fighters (mid-2016)", &["8000..8000 approx personnel who=fighters per=mid-2016"]);
    check(S, "1,835 ships (1626–34)", &["1835..1835 exact other per=1626–34"]);
    check(S, "232,549 men (2 May)", &["232549..232549 exact personnel per=2 May"]);
    check(C, "In 2014: 300 killed", &["300..300 exact killed per=In 2014"]);
    check(C, "October: 62,870", &["62870..62870 exact other per=October"]);
    check(C, "8 May 1942:", &[]);
    check(C, "(2014)", &[]);
    check(C, "74% wounded", &[]);
    check(C, "Siege lasted 872 days", &[]);
}

#[test]
fn texts_of_claims() {
    assert_eq!(
        texts(C, "  300+ killed (Syrian claim; 29 Sep. – 13 Oct.) "),
        ["300+ killed (Syrian claim; 29 Sep. – 13 Oct.)"]
    );
    assert_eq!(texts(C, "Total: 50 killed"), ["Total: 50 killed"]);
    assert_eq!(texts(C, "78 killed, 230+ captured"), ["78 killed", "230+ captured"]);
    assert_eq!(texts(S, "3,145 Italians &"), ["3,145 Italians &"]);
}

#[test]
fn markup_and_footnotes() {
    check(C, "200 killed[1] (48 executed)[note 2]", &["200..200 exact killed", "48..48 exact executed"]);
    check(C, "200&nbsp;killed", &["200..200 exact killed"]);
    check(C, "92–97 killed*", &["92..97 range killed"]);
    check(C, "100 killed<br>50 wounded", &["100..100 exact killed", "50..50 exact wounded"]);
    check(C, "15 tanks captured<Br>several tanks and APCs destroyed", &["15..15 exact tanks"]);
    check(C, "Total: 1,029,234(see § Casualties)", &["1029234..1029234 exact other"]);
}

#[test]
fn value_level_reading() {
    // A label holds for the items after it.
    check_items(
        C,
        &["Per SOHR:", "355 killed", "11 killed", "Per Turkey:", "251 killed, 760 wounded"],
        &[
            "355..355 exact killed src=SOHR",
            "11..11 exact killed src=SOHR",
            "251..251 exact killed src=Turkey",
            "760..760 exact wounded src=Turkey",
        ],
    );
    check_items(
        S,
        &["8 May 1942:", "249,800 men", "238 tanks"],
        &["249800..249800 exact personnel per=8 May 1942", "238..238 exact tanks per=8 May 1942"],
    );
    check_items(
        S,
        &["; December 16", "228,741 men", "; December 24", "~541,000 men"],
        &["228741..228741 exact personnel per=December 16", "541000..541000 approx personnel per=December 24"],
    );
    // A note holds for the items before it.
    check_items(
        C,
        &["300 killed", "hundreds captured", "14 vehicles destroyed", "(government claim)"],
        &[
            "300..300 exact killed src=government",
            "200.. at_least captured src=government",
            "14..14 exact vehicles src=government",
        ],
    );
    check_items(
        C,
        &["190 killed, 19 captured", "(by 12 October)", "Two Su-22 jet shot down"],
        &["190..190 exact killed per=by 12 October", "19..19 exact captured per=by 12 October", "2..2 exact aircraft"],
    );
    check_items(S, &["60,000", "Rebel claim"], &["60000..60000 exact personnel src=rebels"]);
    // Items broken inside a parenthesis or after "&" are read together.
    let split = parse_items(["17,000 fighters (opposition claim", "all withdrawn)"], S);
    assert_eq!(
        split.iter().map(show).collect::<Vec<_>>(),
        ["17000..17000 exact personnel who=fighters src=opposition"]
    );
    assert_eq!(split[0].text, "17,000 fighters (opposition claim, all withdrawn)");
    check_items(
        C,
        &["3,145 Italians &", "1,388 British POWs", "103 Italian officers executed"],
        &["3145..3145 exact captured", "1388..1388 exact captured", "103..103 exact executed who=soldiers"],
    );
    assert_eq!(Context::for_key("strength2"), Some(S));
    assert_eq!(Context::for_key("casualties3"), Some(C));
    assert_eq!(Context::for_key("commander1"), None);
}

// ---------------------------------------------------------------------------------------------
// Gold annotations of the seed articles.

fn shared() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.join("../../../shared")
}

/// Loose name equality, as the scorer does it: case, punctuation, dashes and spaces ignored.
fn loose(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn accepts(gold: &Value, got: Option<&String>) -> bool {
    match (gold, got) {
        (Value::Null, None) => true,
        (Value::String(g), Some(v)) => loose(g) == loose(v),
        (Value::Array(gs), Some(v)) => gs.iter().any(|g| g.as_str().is_some_and(|g| loose(g) == loose(v))),
        _ => false,
    }
}

/// Every gold claim of the four seed conflicts, with the context of its field.
fn gold_claims() -> Vec<(Context, Value)> {
    let dir = shared().join("eval/gold/conflicts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("gold folder").map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 4, "four gold conflicts expected in {dir:?}");
    let mut out = Vec::new();
    for f in files {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for side in gold["sides"].as_array().unwrap() {
            for c in side["strength"].as_array().unwrap() {
                out.push((S, c.clone()));
            }
            for c in side["casualties"].as_array().unwrap() {
                out.push((C, c.clone()));
            }
        }
        for c in gold["other_casualties"].as_array().unwrap() {
            out.push((C, c.clone()));
        }
    }
    out
}

#[test]
fn gold_claims_exactly() {
    let golds = gold_claims();
    assert!(golds.len() >= 15);
    for (context, g) in golds {
        let text = g["text"].as_str().unwrap();
        let got = parse_item(text, context);
        assert_eq!(got.len(), 1, "{text:?} gave {got:?}");
        let c = &got[0];
        let name = |v: Value| v.as_str().unwrap().to_string();
        assert_eq!(c.low, g["low"].as_u64(), "low of {text:?}");
        assert_eq!(c.high, g["high"].as_u64(), "high of {text:?}");
        assert_eq!(name(serde_json::to_value(c.qualifier).unwrap()), g["qualifier"].as_str().unwrap(), "{text:?}");
        assert_eq!(name(serde_json::to_value(c.category).unwrap()), g["category"].as_str().unwrap(), "{text:?}");
        assert_eq!(c.who.map(|w| name(serde_json::to_value(w).unwrap())).as_deref(), g["who"].as_str(), "{text:?}");
        assert!(accepts(&g["source"], c.source.as_ref()), "source of {text:?}: {:?} vs {}", c.source, g["source"]);
        assert!(accepts(&g["period"], c.period.as_ref()), "period of {text:?}: {:?} vs {}", c.period, g["period"]);
        assert_eq!(c.text, text);
    }
}

/// The claims of the seed documents as the reader gives their items, compared with the gold
/// claims of their conflict (as multisets of low, high, qualifier and category).
#[test]
fn gold_documents() {
    let dir = shared().join("eval/gold/conflicts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let key = |c: &Value| {
            format!("{:?} {:?} {} {}", c["low"].as_u64(), c["high"].as_u64(), c["qualifier"], c["category"])
        };
        let mut want: Vec<String> = Vec::new();
        for side in gold["sides"].as_array().unwrap() {
            for k in ["strength", "casualties"] {
                want.extend(side[k].as_array().unwrap().iter().map(key));
            }
        }
        want.extend(gold["other_casualties"].as_array().unwrap().iter().map(key));
        want.sort();
        for doc_name in gold["documents"].as_array().unwrap() {
            let path = shared().join("corpus/seeds").join(doc_name.as_str().unwrap());
            let parsed = read_bytes(&std::fs::read(&path).unwrap(), &Hint::default(), &ReadOptions::default());
            let doc = parsed.document;
            let mut got: Vec<String> = Vec::new();
            for field in &doc.infobox.as_ref().unwrap().fields {
                let Some(context) = Context::for_key(&field.key) else { continue };
                let items: Vec<&str> = field.items.iter().map(|it| doc.slice(it.span)).collect();
                for c in parse_items(items, context) {
                    got.push(key(&serde_json::to_value(&c).unwrap()));
                }
            }
            got.sort();
            assert_eq!(got, want, "claims of {path:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The whole corpus and random input.

fn corpus_files(dir: &str) -> Vec<PathBuf> {
    let d = shared().join("corpus").join(dir);
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&d).map(|r| r.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    paths.sort();
    paths
}

/// Every strength and casualties value of the corpus as the readers give it (items), and the
/// share of values with a digit that give at least one claim.
#[test]
fn corpus_values_as_read() {
    let (mut with_digit, mut with_claim, mut items_with_digit, mut items_with_claim) = (0, 0, 0, 0);
    let mut silent = Vec::new();
    for dir in ["seeds", "wikitext", "markdown-infobox", "markdown-frontlines", "plaintext"] {
        for path in corpus_files(dir) {
            let parsed = read_bytes(&std::fs::read(&path).unwrap(), &Hint::default(), &ReadOptions::default());
            let doc = parsed.document;
            let Some(ib) = &doc.infobox else { continue };
            for field in &ib.fields {
                let Some(context) = Context::for_key(&field.key) else { continue };
                let items: Vec<&str> = field.items.iter().map(|it| doc.slice(it.span)).collect();
                let claims = parse_items(items.iter().copied(), context);
                for c in &claims {
                    assert_sound(c, &items.join(" | "));
                }
                if items.iter().any(|i| i.contains(|c: char| c.is_ascii_digit())) {
                    with_digit += 1;
                    if claims.is_empty() {
                        silent.push(items.join(" | "));
                    } else {
                        with_claim += 1;
                    }
                }
                for item in items.iter().filter(|i| i.contains(|c: char| c.is_ascii_digit())) {
                    items_with_digit += 1;
                    if !parse_item(item, context).is_empty() {
                        items_with_claim += 1;
                    }
                }
            }
        }
    }
    assert!(with_digit > 300, "only {with_digit} values with digits: is the corpus there?");
    let share = with_claim as f64 / with_digit as f64;
    assert!(share >= 0.9, "{with_claim} of {with_digit} values give claims; silent: {silent:#?}");
    let item_share = items_with_claim as f64 / items_with_digit as f64;
    assert!(item_share >= 0.85, "{items_with_claim} of {items_with_digit} items give claims");
}

/// Strips `<ref>…</ref>` and `<ref … />` from a raw wikitext value (roughly).
fn strip_refs(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("<ref") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let self_closing = after.find("/>");
        let closing = after.find("</ref>");
        let open_end = after.find('>');
        rest = match (open_end, self_closing, closing) {
            (Some(o), Some(sc), _) if sc + 1 == o => &after[o + 1..],
            (_, _, Some(c)) => &after[c + "</ref>".len()..],
            _ => "",
        };
    }
    out.push_str(rest);
    out
}

/// The raw values of the corpus files read with plain line matching: wikitext `| strength1 =`
/// lines, the seeds' `- Strength1:` lines, and the Markdown front matter's strength and
/// casualties `text:` values. Nothing may panic and every claim must be sound.
#[test]
fn corpus_values_raw() {
    let mut values: Vec<(Context, Vec<String>)> = Vec::new();
    for path in corpus_files("wikitext") {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let l = line.trim_start().trim_start_matches('|').trim_start();
            let Some((key, value)) = l.split_once('=') else { continue };
            let Some(context) = Context::for_key(key.trim()) else { continue };
            let value = strip_refs(value);
            values.push((
                context,
                value.split("<br").map(|s| s.trim_start_matches(['/', '>', ' ']).to_string()).collect(),
            ));
        }
    }
    for path in corpus_files("seeds") {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let Some(l) = line.strip_prefix("- ") else { continue };
            let Some((key, value)) = l.split_once(':') else { continue };
            let Some(context) = Context::for_key(key) else { continue };
            values.push((context, value.split(", ").map(str::to_string).collect()));
        }
    }
    for path in corpus_files("markdown-infobox") {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut context = None;
        let mut collecting = false;
        let mut block: Vec<String> = Vec::new();
        // The front matter is the text between the first two "---" lines; a field is a
        // `key:` line, its value a `text:` line and the lines after it up to `links:`.
        let front = text.lines().skip(1).take_while(|l| *l != "---");
        for line in front {
            let t = line.trim();
            if let Some(k) = t.strip_suffix(':').filter(|k| !k.contains(' ')) {
                if let Some(ctx) = context {
                    if !block.is_empty() {
                        values.push((ctx, std::mem::take(&mut block)));
                    }
                }
                context = Context::for_key(k);
                collecting = false;
                block.clear();
            } else if let Some(v) = t.strip_prefix("text:") {
                collecting = context.is_some();
                let v = v.trim().trim_start_matches(['>', '|', '-']).trim();
                if collecting && !v.is_empty() {
                    block.push(v.to_string());
                }
            } else if t.starts_with("links:") || t.starts_with("formatting:") {
                collecting = false;
            } else if collecting && !t.is_empty() {
                block.push(t.to_string());
            }
        }
        if let Some(ctx) = context {
            if !block.is_empty() {
                values.push((ctx, block));
            }
        }
    }
    assert!(values.len() > 300, "only {} raw values", values.len());
    let mut claims = 0;
    for (context, items) in &values {
        for c in parse_items(items.iter().map(String::as_str), *context) {
            assert_sound(&c, &items.join(" | "));
            claims += 1;
        }
    }
    assert!(claims > 500, "only {claims} claims from raw values");
}

const PIECES: &[&str] = &[
    "1",
    "9",
    "0",
    "12",
    "1,000",
    "2,5",
    "1.2",
    "1.",
    "5k",
    "2014",
    "1626",
    "31",
    "99999999999999999999999",
    ",",
    ".",
    "–",
    "-",
    "—",
    "~",
    "≈",
    "+",
    "<",
    ">",
    "(",
    ")",
    "((",
    "))",
    "[",
    "]",
    "[1]",
    "<br>",
    "<br",
    "&",
    "&nbsp;",
    "&#;",
    ";",
    ":",
    "/",
    "%",
    "§",
    " ",
    " ",
    " ",
    "\n",
    "killed",
    "wounded",
    "tanks",
    "fighters",
    "civilians",
    "claim",
    "per",
    "SOHR",
    "Syrian",
    "April",
    "Sep.",
    "May",
    "c.",
    "ca",
    "est.",
    "up to",
    "at least",
    "more than",
    "over",
    "from",
    "to",
    "between",
    "and",
    "or",
    "dozens",
    "hundreds",
    "several",
    "a",
    "few",
    "one",
    "twenty-five",
    "hundred",
    "thousand",
    "million",
    "of",
    "tens",
    "out of",
    "including",
    "Total",
    "Per",
    "phase",
    "day",
    "é",
    "🇷🇺",
    "Su-22",
    "Leopard",
    "Squadron",
    "Army",
    "by",
    "undefined",
    "\u{a0}",
    "\u{200b}",
    "\"",
    "'",
    "*",
];

fn random_input(rng: &mut Rng) -> String {
    let n = rng.below(24);
    let mut s = String::new();
    for _ in 0..n {
        let piece = *rng.pick(PIECES);
        s.push_str(piece);
        if rng.below(3) == 0 {
            s.push(' ');
        }
    }
    s
}

#[test]
fn random_input_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..20_000 {
        let context = if round % 2 == 0 { S } else { C };
        let s = random_input(&mut rng);
        for c in parse_item(&s, context) {
            assert_sound(&c, &s);
        }
        // Several items, some of them broken off.
        let items: Vec<String> = (0..rng.below(5)).map(|_| random_input(&mut rng)).collect();
        for c in parse_items(items.iter().map(String::as_str), context) {
            assert_sound(&c, &items.join(" | "));
        }
        // Arbitrary characters, including control characters and lone surrogates' replacements.
        let bytes: Vec<u8> = (0..rng.below(40)).map(|_| (rng.next_u64() & 0xff) as u8).collect();
        let lossy = String::from_utf8_lossy(&bytes);
        for c in parse_item(&lossy, context) {
            assert_sound(&c, &lossy);
        }
    }
}

/// Long and pathological input is read in linear time (a quadratic reader would take minutes).
#[test]
fn long_input_is_fast() {
    let pieces = [
        "(".repeat(200_000),
        "1, ".repeat(50_000),
        "1 killed, ".repeat(30_000),
        "<".repeat(100_000),
        "[".repeat(100_000),
        "&".repeat(100_000),
        "(2014) ".repeat(30_000),
        "12 soldiers and ".repeat(20_000),
        "one hundred and ".repeat(20_000),
    ];
    let start = std::time::Instant::now();
    for p in &pieces {
        for c in parse_item(p, C) {
            assert_sound(&c, "long input");
        }
    }
    let notes: Vec<&str> =
        std::iter::repeat_n("(by 12 October)", 20_000).chain(std::iter::repeat_n("1 killed", 20_000)).collect();
    let _ = parse_items(notes.iter().copied(), C);
    let broken: Vec<&str> = std::iter::repeat_n("5 killed (", 20_000).collect();
    let _ = parse_items(broken.iter().copied(), C);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
