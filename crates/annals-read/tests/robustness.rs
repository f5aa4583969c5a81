//! Every reader on mangled real input: truncated at random places, with markup fragments spliced
//! in, with random bytes. None may panic, and every document must keep its invariants. This is
//! a cheap, deterministic cousin of the cargo-fuzz targets in `fuzz/`, run on every test run.

mod common;

use annals_read::{read_bytes, read_text, Format, Hint, ReadOptions};
use annals_testkit::Rng;

const FRAGMENTS: &[&str] = &[
    "{{",
    "}}",
    "[[",
    "]]",
    "{|",
    "|}",
    "|",
    "||||",
    "---\n",
    "\n---\n",
    "<ref>",
    "</ref>",
    "<!--",
    "-->",
    "<table>",
    "<tr><td>",
    "</td>",
    "= ",
    " =\n",
    "== X ==\n",
    "\n- Key: ",
    "Infobox\n",
    "\n* ",
    "\n** ",
    "\n; ",
    "'''",
    "''",
    "![",
    "](",
    "[1]",
    "🇷🇺",
    "â€“",
    "ðŸ‡",
    "\r\n",
    "\t",
    "\u{0}",
    "<br>",
    "Belligerents | |||\n",
    "&nbsp;",
    "&#x",
    "\n  - ",
    "infoboxes:\n  - a:\n      text: ",
    "{{Infobox military conflict\n|",
    "<mediawiki>",
    "<page><title>",
];

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mangle(rng: &mut Rng, src: &str) -> String {
    let mut s = src.to_string();
    match rng.below(4) {
        0 => {
            let cut = char_floor(&s, rng.below(s.len() + 1));
            s.truncate(cut);
        }
        1 => {
            for _ in 0..1 + rng.below(20) {
                let at = char_floor(&s, rng.below(s.len() + 1));
                let fragment = *rng.pick(FRAGMENTS);
                s.insert_str(at, fragment);
            }
        }
        2 => {
            let a = char_floor(&s, rng.below(s.len() + 1));
            let b = char_floor(&s, a + rng.below(200));
            s.replace_range(a..b, "");
        }
        _ => {
            let bytes: Vec<u8> = (0..rng.below(300)).map(|_| rng.next_u64() as u8).collect();
            let at = char_floor(&s, rng.below(s.len() + 1));
            s.insert_str(at, &String::from_utf8_lossy(&bytes));
        }
    }
    s
}

fn samples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["seeds", "wikitext", "plaintext"] {
        let mut entries: Vec<_> = std::fs::read_dir(common::corpus(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries.into_iter().take(6) {
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            // Keep each sample short so that many cases run quickly.
            let cut = char_floor(&text, 12_000);
            out.push((p.display().to_string(), text[..cut].to_string()));
        }
    }
    out
}

#[test]
fn mangled_inputs_never_break_a_reader() {
    let samples = samples();
    let mut rng = Rng(0x005E_EDA1_1A15);
    for case in 0..600 {
        let (name, src) = rng.pick(&samples);
        let input = mangle(&mut rng, src);
        for format in Format::ALL {
            let parsed = read_text(&input, format, &Hint::default());
            if let Err(errors) = annals_model::check(&parsed.document) {
                panic!("case {case} ({name} as {format}): {errors:?}");
            }
        }
        let parsed = read_bytes(input.as_bytes(), &Hint::default(), &ReadOptions::default());
        common::assert_invariants(&format!("case {case} ({name}, sniffed)"), &parsed.document);
    }
}

#[test]
fn pure_noise_never_breaks_a_reader() {
    let mut rng = Rng(42);
    for case in 0..300 {
        let len = rng.below(2000);
        let mut s = String::new();
        while s.len() < len {
            if rng.below(3) == 0 {
                let fragment = *rng.pick(FRAGMENTS);
                s.push_str(fragment);
            } else {
                s.push(char::from_u32(rng.below(0x3000) as u32).unwrap_or('x'));
            }
        }
        for format in Format::ALL {
            let parsed = read_text(&s, format, &Hint::default());
            if let Err(errors) = annals_model::check(&parsed.document) {
                panic!("case {case} as {format}: {errors:?}");
            }
        }
    }
}
