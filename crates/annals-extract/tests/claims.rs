use annals_read::{read_bytes, Hint, ReadOptions};
use std::path::Path;

#[test]
#[ignore]
fn dump_items() {
    let mut out = String::new();
    for dir in ["seeds", "wikitext", "markdown-infobox", "markdown-frontlines", "plaintext"] {
        let d = Path::new("/work/shared/corpus").join(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).unwrap();
            let parsed = read_bytes(&bytes, &Hint::default(), &ReadOptions::default());
            let doc = parsed.document;
            let Some(ib) = &doc.infobox else { continue };
            for f in &ib.fields {
                if f.key.starts_with("strength")
                    || f.key.starts_with("casualties")
                    || f.key == "date"
                    || f.key.starts_with("date")
                {
                    for it in &f.items {
                        out.push_str(&format!(
                            "{}\t{}\t{}\t{}\n",
                            dir,
                            p.file_name().unwrap().to_string_lossy(),
                            f.key,
                            doc.slice(it.span)
                        ));
                    }
                }
            }
        }
    }
    std::fs::write("/tmp/items.tsv", out).unwrap();
}
