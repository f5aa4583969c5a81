//! Narrative dates: hand-written sentence fragments for every form, then the gold events of
//! the seed articles, walked as the extractor walks them.

use annals_extract::narrative::{resolve, DateContext};
use annals_extract::sentences::split;
use annals_model::conflict::PartialDate;
use annals_read::{read_bytes, Hint, ReadOptions};

fn ctx(headings: &[&str], last: Option<&str>) -> DateContext {
    DateContext {
        headings: headings.iter().map(|h| h.to_string()).collect(),
        conflict: Some((PartialDate::day(2011, 7, 31), Some(PartialDate::day(2014, 12, 6)))),
        last: last.and_then(annals_extract::dates::parse_date),
    }
}

/// (sentence, headings, last date, start, end, inferred_from, anchor)
type Case<'a> = (&'a str, &'a [&'a str], Option<&'a str>, &'a str, Option<&'a str>, &'a str, &'a str);

#[test]
fn resolves_every_form() {
    let cases: &[Case] = &[
        // Absolute.
        ("On 31 July 2011, troops moved in.", &[], None, "2011-07-31", None, "text", "On 31 July 2011"),
        ("By 13 August 2011, many had died.", &[], None, "2011-08-13", None, "text", "By 13 August 2011"),
        ("In March 2013, it rained.", &[], None, "2013-03", None, "text", "In March 2013"),
        ("In 2011, it rained.", &[], None, "2011", None, "text", "In 2011"),
        ("On July 31, 2011, troops moved.", &[], None, "2011-07-31", None, "text", "On July 31, 2011"),
        // Day and month from the headings.
        (
            "On 11 April, rebels fled.",
            &["Battle", "June 2012 fighting"],
            None,
            "2012-04-11",
            None,
            "heading",
            "On 11 April",
        ),
        (
            "On 17 August, they left.",
            &["July–August 2012 FSA offensive"],
            None,
            "2012-08-17",
            None,
            "heading",
            "On 17 August",
        ),
        (
            "On 3 March, a raid.",
            &["2012–2014 battle", "August 2012 – May 2013 continued fighting"],
            None,
            "2013-03-03",
            None,
            "heading",
            "On 3 March",
        ),
        (
            "On 14 September, a raid.",
            &["August 2012 – May 2013 continued fighting"],
            None,
            "2012-09-14",
            None,
            "heading",
            "On 14 September",
        ),
        (
            "On 5 June, a raid.",
            &["2012–2014 battle for control", "Further progress"],
            Some("2013-12-30"),
            "2014-06-05",
            None,
            "heading",
            "On 5 June",
        ),
        (
            "On 5 June, a raid.",
            &["2012–2014 battle for control"],
            Some("2012-03-01"),
            "2012-06-05",
            None,
            "heading",
            "On 5 June",
        ),
        // From the last date, then from the conflict.
        ("On 5 January, a raid.", &["Aftermath"], Some("2012-12-20"), "2013-01-05", None, "previous", "On 5 January"),
        ("On 30 October, a raid.", &[], Some("2014-11-02"), "2014-10-30", None, "previous", "On 30 October"),
        ("On 9 September, a raid.", &[], None, "2011-09-09", None, "conflict", "On 9 September"),
        ("On 9 March, a raid.", &[], None, "2014-03-09", None, "conflict", "On 9 March"),
        // Relative.
        ("The next day, they fled.", &[], Some("2014-12-31"), "2015-01-01", None, "previous", "The next day"),
        ("On the next day, they fled.", &[], Some("2014-02-28"), "2014-03-01", None, "previous", "On the next day"),
        ("The following day, they fled.", &[], Some("2014-05-01"), "2014-05-02", None, "previous", "The following day"),
        ("Two days later, they fled.", &[], Some("2014-05-30"), "2014-06-01", None, "previous", "Two days later"),
        ("One week later, they fled.", &[], Some("2014-02-03"), "2014-02-10", None, "previous", "One week later"),
        ("A week later, they fled.", &[], Some("2014-02-03"), "2014-02-10", None, "previous", "A week later"),
        ("Later that day, they fled.", &[], Some("2014-02-03"), "2014-02-03", None, "previous", "Later that day"),
        ("The same day, they fled.", &[], Some("2014-02-03"), "2014-02-03", None, "previous", "The same day"),
        ("Again that day, they fled.", &[], Some("2014-02-03"), "2014-02-03", None, "previous", "that day"),
        ("The previous day, they fled.", &[], Some("2014-03-01"), "2014-02-28", None, "previous", "The previous day"),
        ("Within a day, they united.", &[], Some("2014-02-10"), "2014-02-11", None, "previous", "Within a day"),
        ("Overnight, they fled.", &[], Some("2014-02-10"), "2014-02-11", None, "previous", "Overnight"),
        ("A drone fell on the next day.", &[], Some("2014-10-28"), "2014-10-29", None, "previous", "on the next day"),
        // Ranges.
        (
            "From 30 April until 10 May, many died.",
            &[],
            Some("2014-04-01"),
            "2014-04-30",
            Some("2014-05-10"),
            "previous",
            "From 30 April until 10 May",
        ),
        (
            "Between 14 and 23 September, land was cleared.",
            &[],
            Some("2017-09-01"),
            "2017-09-14",
            Some("2017-09-23"),
            "previous",
            "Between 14 and 23 September",
        ),
        (
            "On the night of 14–15 October, a unit crossed.",
            &[],
            Some("2014-10-11"),
            "2014-10-14",
            Some("2014-10-15"),
            "previous",
            "night of 14–15 October",
        ),
        (
            "From January to April 2013, there were clashes.",
            &[],
            None,
            "2013-01",
            Some("2013-04"),
            "text",
            "From January to April 2013",
        ),
        (
            "From 10 to 11 May, it fell.",
            &[],
            Some("2014-05-10"),
            "2014-05-10",
            Some("2014-05-11"),
            "previous",
            "From 10 to 11 May",
        ),
        (
            "Fighting on 16–21 January 2016 was fierce.",
            &[],
            None,
            "2016-01-16",
            Some("2016-01-21"),
            "text",
            "on 16–21 January 2016",
        ),
        (
            "From 20 December to 5 January, a siege.",
            &[],
            Some("2013-12-01"),
            "2013-12-20",
            Some("2014-01-05"),
            "previous",
            "From 20 December to 5 January",
        ),
        (
            "Troops killed 120 from 29 to 31 October.",
            &[],
            Some("2014-10-28"),
            "2014-10-29",
            Some("2014-10-31"),
            "previous",
            "from 29 to 31 October",
        ),
        // Partial.
        (
            "By late May, 3,000 fighters were there.",
            &[],
            Some("2014-05-16"),
            "2014-05",
            None,
            "previous",
            "By late May",
        ),
        ("In mid-November 2016, it rained.", &[], None, "2016-11", None, "text", "In mid-November 2016"),
        ("In the summer of 2017, it rained.", &[], None, "2017-06", None, "text", "In the summer of 2017"),
        ("In early 2014, it rained.", &[], None, "2014", None, "text", "In early 2014"),
        ("Since late 2013, it rained.", &[], None, "2013", None, "text", "Since late 2013"),
        ("It began in late July 2011 to secure the city.", &[], None, "2011-07", None, "text", "in late July 2011"),
        // Which date governs.
        (
            "On 21 May, a village (captured on 5 July 2013) fell.",
            &[],
            Some("2014-05-16"),
            "2014-05-21",
            None,
            "previous",
            "On 21 May",
        ),
        (
            "On 21 May, a village, captured by the army on 5 July 2013, fell.",
            &[],
            Some("2014-05-16"),
            "2014-05-21",
            None,
            "previous",
            "On 21 May",
        ),
        (
            "The offensive grew on 11 October, when troops attacked.",
            &[],
            Some("2014-10-01"),
            "2014-10-11",
            None,
            "previous",
            "on 11 October",
        ),
        ("A town (taken on 5 July 2013) fell.", &[], None, "", None, "", ""),
    ];
    for &(sentence, headings, last, start, end, inferred, anchor) in cases {
        let mut c = ctx(headings, last);
        let got = resolve(sentence, &mut c);
        if start.is_empty() {
            assert!(got.is_none(), "{sentence:?} gave {got:?}");
            continue;
        }
        let Some(got) = got else { panic!("{sentence:?} gave no date") };
        assert_eq!(got.start.iso(), start, "start of {sentence:?}");
        assert_eq!(got.end.map(|e| e.iso()).as_deref(), end, "end of {sentence:?}");
        assert_eq!(got.inferred_from, inferred, "inferred_from of {sentence:?}");
        assert_eq!(got.anchor, anchor, "anchor of {sentence:?}");
        // Looks back are flashbacks and leave the narrative's date where it was.
        let moved =
            if inferred == "previous" && got.start < c.last.unwrap_or(got.start) { None } else { Some(got.start) };
        if let Some(moved) = moved {
            assert_eq!(c.last, Some(moved), "ctx.last after {sentence:?}");
        }
    }
}

#[test]
fn no_date_and_no_context() {
    for sentence in [
        "Rebels took the town.",
        "About 1,300 fighters and 10 soldiers died.",
        "The 104th Brigade and the T2 station held.",
        "They may fight; a march began.",
        "Three days of heavy fighting followed.",
        "The next day, they fled.",
        "",
        "((((",
        "On 31 February 2014, nothing.",
    ] {
        let mut c = DateContext::default();
        assert_eq!(resolve(sentence, &mut c), None, "{sentence:?}");
        assert_eq!(c.last, None);
    }
}

#[test]
fn odd_inputs_never_panic() {
    let mut c = ctx(&["(((", "9999–1", "May 2013 – 2012"], Some("2014-12-31"));
    for s in ["99999999999999 May", "31 – – 12", "(", "[1", "é 3 Mai", "On 0 May", "the next", "mid-", "summer of"]
    {
        let _ = resolve(s, &mut c);
        let clauses = annals_extract::narrative::clauses(s);
        assert_eq!(clauses.first().map(|r| r.start), Some(0));
        assert_eq!(clauses.last().map(|r| r.end), Some(s.len()));
    }
    let long = "On 3 May, ".repeat(5_000) + &"(".repeat(5_000) + &"[".repeat(5_000);
    assert!(resolve(&long, &mut c).is_some());
    // Every clause boundary of a long list of dated clauses is found, in linear time.
    let many = "on 3 May rebels fought, and on 4 May they withdrew".repeat(2_000);
    assert!(annals_extract::narrative::clauses(&many).len() >= 2_000);
}

/// The gold's first 40 characters, normalised for matching against the rendered text.
fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[test]
fn gold_event_dates() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");
    let Ok(entries) = std::fs::read_dir(format!("{root}/corpus/seeds")) else {
        eprintln!("no corpus under {root}; skipped");
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let (mut total, mut right, mut skipped) = (0, 0, 0);
    for path in files {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let Ok(gold) = std::fs::read_to_string(format!("{root}/eval/gold/events/{name}.jsonl")) else { continue };
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let doc = read_bytes(&bytes, &Hint::default(), &ReadOptions::default()).document;
        let conflict = doc.field("date").and_then(|f| annals_extract::dates::parse_range(f.value(&doc)));
        // Each sentence with the date in force there: its own, or the one it continues.
        let mut ctx = DateContext { conflict, ..DateContext::default() };
        let mut dated: Vec<(String, Option<String>)> = Vec::new();
        for (path, span) in doc.text_blocks() {
            ctx.headings = path.iter().map(|h| h.to_string()).collect();
            let text = doc.slice(span);
            for r in split(text) {
                let sentence = &text[r];
                let own = resolve(sentence, &mut ctx).map(|d| d.start);
                dated.push((norm(sentence), own.or(ctx.last).map(|d| d.iso())));
            }
        }
        for line in gold.lines() {
            let Ok(event) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let (Some(text), Some(want)) = (event["text"].as_str(), event["date_start"].as_str()) else { continue };
            if text.starts_with("...") {
                skipped += 1;
                continue;
            }
            let head: String = norm(&text.chars().take(40).collect::<String>());
            let Some((_, got)) = dated.iter().find(|(s, _)| !head.is_empty() && s.contains(&head)) else {
                skipped += 1;
                continue;
            };
            total += 1;
            let got = got.clone().unwrap_or_default();
            if got.starts_with(want) {
                right += 1;
            } else {
                eprintln!("MISS {name}: want {want}, got {got:?}: {}", text.chars().take(80).collect::<String>());
            }
        }
    }
    let accuracy = right as f64 / total.max(1) as f64;
    eprintln!("gold dates: {right}/{total} = {accuracy:.3} ({skipped} skipped)");
    assert!(total > 100, "too few gold events found: {total}");
    assert!(accuracy >= 0.8, "accuracy {accuracy:.3}");
}

#[test]
fn clauses_with_dates_of_their_own() {
    let check = |sentence: &str, expect: &[&str]| {
        let got: Vec<&str> =
            annals_extract::narrative::clauses(sentence).into_iter().map(|r| sentence[r].trim()).collect();
        assert_eq!(got, expect, "{sentence}");
    };
    check(
        "On 22 January, airstrikes killed 44 in Tala'a and the following day, further airstrikes killed 63 in Khasham.",
        &[
            "On 22 January, airstrikes killed 44 in Tala'a",
            "and the following day, further airstrikes killed 63 in Khasham.",
        ],
    );
    check(
        "The next day, ISIS took the village from the rebels, but the rebels recaptured it two days later.",
        &["The next day, ISIS took the village from the rebels,", "but the rebels recaptured it two days later."],
    );
    check("On 3 May; on 5 May the town fell.", &["On 3 May;", "on 5 May the town fell."]);
    // A comma splice starts a new clause at its capital.
    check(
        "The next day, ISIS captured parts of the village, On 5 December, ISIS captured the village.",
        &["The next day, ISIS captured parts of the village,", "On 5 December, ISIS captured the village."],
    );
    // One date, or dates without a clause boundary between them, make one clause.
    check(
        "On 3 August, Reuters reported that rebels captured the base on 1 August.",
        &["On 3 August, Reuters reported that rebels captured the base on 1 August."],
    );
    check("Rebels and soldiers fought in the town.", &["Rebels and soldiers fought in the town."]);
    check("", &[""]);
}
