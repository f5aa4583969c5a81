mod common;
use annals_read::{wikitext, Hint};

#[test]
fn scratch() {
    let name = std::env::var("WT").unwrap_or("Battle_of_Kos".into());
    let text = String::from_utf8(common::read_corpus(&format!("wikitext/{name}.wikitext"))).unwrap();
    let p = wikitext::read(&text, &Hint { title: Some(name.replace('_', " ")), revision: None });
    let d = &p.document;
    println!("{}", d.text);
    for f in &d.infobox.as_ref().unwrap().fields {
        println!("{} => {:?} links={:?}", f.key, f.items.iter().map(|i| (i.depth, d.slice(i.span), i.flag.clone())).collect::<Vec<_>>(), f.links.iter().map(|l| format!("{}->{}", l.text, l.target)).collect::<Vec<_>>());
    }
    for x in &p.diagnostics { println!("{x}"); }
    common::assert_ok(&name, &p);
}

#[test]
fn scratch_all() {
    for e in std::fs::read_dir(common::corpus("wikitext")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let parsed = wikitext::read(&text, &Hint { title: Some(name.clone()), revision: None });
        for x in &parsed.diagnostics { println!("{name}: {x}"); }
        let t = &parsed.document.text;
        for pat in ["{{", "[[", "<ref", "}}", "]]", "<!--", "''", "&nbsp;", "<br"] {
            let mut from = 0;
            while let Some(k) = t[from..].find(pat) {
                let at = from + k;
                let lo = t.floor_char_boundary(at.saturating_sub(60));
                let hi = t.ceil_char_boundary((at + 60).min(t.len()));
                println!("{name}: {pat:?} in ...{}...", t[lo..hi].replace('\n', "⏎"));
                from = at + pat.len();
            }
        }
        common::assert_ok(&name, &parsed);
    }
}
