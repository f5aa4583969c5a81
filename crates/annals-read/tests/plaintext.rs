//! The plain-text reader on the real seeds and the plain article texts.
mod common;

use annals_read::{read_bytes, Format, Hint, ReadOptions};
use common::*;

fn read_seed(name: &str) -> annals_model::Document {
    let parsed = read_bytes(&read_corpus(&format!("seeds/{name}")), &Hint::default(), &ReadOptions::default());
    assert_ok(name, &parsed);
    assert_eq!(parsed.document.format, Some(Format::Plaintext), "{name}");
    parsed.document
}

#[test]
fn seed_000_infobox_units_and_sections() {
    let d = read_seed("000_bae0d4d6eaaf3b50.txt");
    assert_eq!(d.title, "Deir ez-Zor clashes (2011–2014)");
    assert_eq!(field(&d, "date"), "26 November 2011 – 10 April 2014, ()");
    assert_eq!(
        items(&d, "combatant2"),
        [
            "Free Syrian Army",
            "Islamic Front",
            "Authenticity and Development Front",
            "Al-Nusra Front",
            "Supported by:",
            "al-Okaidat clan (majority)"
        ]
    );
    let c1 = items(&d, "commander1");
    assert_eq!(c1[2], "Maj. Gen. Jameh JamehKIA");
    assert_eq!(c1[3], "(Head of Deir ez-Zor Military Intelligence)");
    assert_eq!(items(&d, "strength1"), ["9,000 soldiers and policemen", "150+ tanks"]);
    let keys: Vec<&str> = d.infobox.as_ref().unwrap().fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys[..5], ["conflict", "partof", "date", "place", "result"]);
    assert_eq!(keys.len(), 17);
    let paths = heading_paths(&d);
    assert!(paths.contains(&"Units / Government forces".to_string()), "{paths:?}");
    assert!(paths.contains(&"2012–2014 battle for control / June 2012 fighting".to_string()), "{paths:?}");
    assert!(!paths.iter().any(|p| p.contains("See also /")));
    // The unit tree keeps its nesting: Syrian Army > Republican Guard > 104 Mechanized Brigade.
    let units = d.walk_sections().into_iter().find(|(p, _)| p == &["Units", "Government forces"]).unwrap().1;
    let (terms, lists): (Vec<_>, Vec<_>) =
        units.blocks.iter().partition(|b| matches!(b, annals_model::Block::Term { .. }));
    assert_eq!(d.slice(terms[0].span()), "Syrian Armed Forces");
    let annals_model::Block::List { items: tree, .. } = lists[0] else { panic!() };
    assert_eq!(d.slice(tree[0].text), "Syrian Army");
    assert_eq!(d.slice(tree[0].children[0].children[0].text), "104 Mechanized Brigade");
    // The lead paragraph is the first body block.
    let lead = &d.sections[0];
    assert!(lead.heading.is_none());
    assert!(d.slice(lead.blocks[0].span()).starts_with("Protests against the Syrian government"));
}

#[test]
fn seed_002_and_004_infoboxes() {
    let d = read_seed("002_8644fcd61cae8fbf.txt");
    assert!(d.field("combatant1").is_none(), "002 has no combatant row for its first side");
    assert_eq!(items(&d, "combatant2")[1], "Al-Nusra Front");
    assert_eq!(d.field("combatant2").unwrap().items[4].depth, 2);
    assert_eq!(field(&d, "casualties3"), "39 civilians killed (30 April – 10 June)");
    let d = read_seed("004_76bcc1bceb32912f.txt");
    // A dump keeps a value on one line: the field reads as the source line did.
    assert_eq!(
        field(&d, "territory"),
        "ISIL captures the northern suburbs of Deir Ez-zor city including Al-Bughayliyah, Ayyash and the Al Mari'iyah Farms"
    );
    assert_eq!(items(&d, "casualties3"), ["127–300 civilians killed", "≈400 civilians kidnapped"]);
    assert_eq!(heading_paths(&d)[0], "Background");
}

#[test]
fn plain_articles_without_infobox() {
    let dir = corpus("plaintext");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().replace('_', " ");
        let hint = Hint { title: Some(stem.clone()), revision: None };
        let parsed = read_bytes(&std::fs::read(&path).unwrap(), &hint, &ReadOptions::default());
        assert_ok(&path.display().to_string(), &parsed);
        let d = &parsed.document;
        assert_eq!(d.format, Some(Format::Plaintext));
        assert_eq!(d.title, stem);
        assert!(d.infobox.is_none());
        assert!(!d.text.contains("[1]"), "{}: citation markers must be removed", path.display());
        assert!(!heading_paths(d).is_empty(), "{}: bare headings must be found", path.display());
        n += 1;
    }
    assert_eq!(n, 6);
    let hint = Hint { title: Some("x".into()), revision: None };
    let parsed =
        read_bytes(&read_corpus("plaintext/October_2016_Idlib_Governorate_clashes.md"), &hint, &ReadOptions::default());
    assert_eq!(heading_paths(&parsed.document), ["The clashes", "Aftermath", "See also"]);
}
