//! Sentence splitting: hand-written cases, then every paragraph of the seed articles split
//! without losing or overlapping bytes.

use annals_extract::sentences::split;
use annals_read::{read_bytes, Hint, ReadOptions};

fn pieces(text: &str) -> Vec<&str> {
    split(text).into_iter().map(|r| &text[r]).collect()
}

#[test]
fn splits_and_keeps_abbreviations_together() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("   ", &[]),
        ("One. Two.", &["One.", "Two."]),
        ("Is it? Yes! 3 men left.", &["Is it?", "Yes!", "3 men left."]),
        ("He said \"go.\" Then left.", &["He said \"go.\"", "Then left."]),
        ("It fell (they said). Then rain.", &["It fell (they said).", "Then rain."]),
        ("It fell.[12] Then rain.", &["It fell.[12]", "Then rain."]),
        ("Maj. Gen. Ali came. Brig. Gen. Omar left.", &["Maj. Gen. Ali came.", "Brig. Gen. Omar left."]),
        ("Lt. Col. Sami and Capt. Nour met Dr. Hani.", &["Lt. Col. Sami and Capt. Nour met Dr. Hani."]),
        ("The U.S. Army and the U.N. Mission met.", &["The U.S. Army and the U.N. Mission met."]),
        ("A. B. Smith wrote it. It sold.", &["A. B. Smith wrote it.", "It sold."]),
        ("On 3 Jan. 2014 it fell. Then.", &["On 3 Jan. 2014 it fell.", "Then."]),
        ("Built c. 1900 by St. Paul's. Gone.", &["Built c. 1900 by St. Paul's.", "Gone."]),
        ("Tanks, guns etc. were seized, e.g. Ten.", &["Tanks, guns etc. were seized, e.g. Ten."]),
        ("At 5 a.m. the army moved. It won.", &["At 5 a.m. the army moved.", "It won."]),
        ("A unit (No. 5. It was) held.", &["A unit (No. 5. It was) held."]),
        ("They said \"Stop. Now.\" and left.", &["They said \"Stop. Now.\" and left."]),
        ("Version 2.5 is out. ok. Fine.", &["Version 2.5 is out. ok.", "Fine."]),
        ("It ended.\n\"Next,\" he said.", &["It ended.", "\"Next,\" he said."]),
        ("Ça va. Élan vital.", &["Ça va.", "Élan vital."]),
    ];
    for (text, want) in cases {
        assert_eq!(&pieces(text), want, "splitting {text:?}");
    }
}

/// Ranges are ordered, non-overlapping, in bounds, on char boundaries, trimmed, and only
/// whitespace lies between them.
fn check_ranges(text: &str) {
    let ranges = split(text);
    let mut pos = 0;
    for r in &ranges {
        assert!(r.start >= pos && r.start < r.end && r.end <= text.len(), "bad range {r:?} in {text:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(text[pos..r.start].trim().is_empty(), "lost bytes before {r:?} in {text:?}");
        let s = &text[r.clone()];
        assert_eq!(s, s.trim());
        pos = r.end;
    }
    assert!(text[pos..].trim().is_empty(), "lost bytes at the end of {text:?}");
}

#[test]
fn odd_inputs_never_panic() {
    for text in [
        ".",
        "..",
        ". A",
        "(((. A",
        "\"\"\". A. \"",
        "“. A",
        "”. A. “B. C”",
        "a.a.a.a.a.a. A",
        "é. É",
        "x.\u{a0}Y",
        "[. A",
        "ok.[1",
        "ok.[1] ",
        "1. 2. 3.",
    ] {
        check_ranges(text);
    }
    let long = "a.".repeat(20_000) + " B";
    check_ranges(&long);
}

#[test]
fn seed_paragraphs_split_without_losing_bytes() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("no corpus at {dir}; skipped");
        return;
    };
    let mut paragraphs = 0;
    let mut sentences = 0;
    for entry in entries.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else { continue };
        let doc = read_bytes(&bytes, &Hint::default(), &ReadOptions::default()).document;
        for (_, span) in doc.text_blocks() {
            let text = doc.slice(span);
            check_ranges(text);
            paragraphs += 1;
            sentences += split(text).len();
        }
    }
    eprintln!("{paragraphs} paragraphs, {sentences} sentences");
    assert!(paragraphs > 50 && sentences > paragraphs);
}
