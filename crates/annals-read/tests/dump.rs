//! The streaming MediaWiki dump reader, on the shared corpus dump and on broken copies of it.

mod common;

use annals_read::dump::{is_bzip2, is_dump, open_dump, page_document, DumpPage, DumpReader};
use annals_read::ReadError;
use std::io::{Cursor, Read};
use std::sync::OnceLock;

const DUMP: &str = "dumps/ww2-battles-pages-articles.xml.bz2";

/// The corpus dump, decompressed once for the tests that cut it up.
fn xml() -> &'static [u8] {
    static XML: OnceLock<Vec<u8>> = OnceLock::new();
    XML.get_or_init(|| {
        let mut out = Vec::new();
        bzip2::read::MultiBzDecoder::new(Cursor::new(common::read_corpus(DUMP)))
            .read_to_end(&mut out)
            .expect("the corpus dump decompresses");
        out
    })
}

/// Every item of a reader: the pages before the first error, and the error.
fn drain<R: std::io::BufRead>(reader: DumpReader<R>) -> (Vec<DumpPage>, Option<ReadError>) {
    let mut pages = Vec::new();
    for item in reader {
        match item {
            Ok(page) => pages.push(page),
            Err(e) => return (pages, Some(e)),
        }
    }
    (pages, None)
}

#[test]
fn corpus_dump_has_543_pages_64_redirects_479_documents() {
    let bytes = common::read_corpus(DUMP);
    assert!(is_dump(&bytes[..64]) && is_bzip2(&bytes[..64]));
    let (pages, error) = drain(open_dump(Cursor::new(bytes), true));
    assert!(error.is_none(), "{error:?}");
    assert_eq!(pages.len(), 543);
    assert_eq!(pages.iter().filter(|p| p.redirect.is_some()).count(), 64);
    let mut documents = 0;
    for page in &pages {
        assert!(!page.title.is_empty(), "a page without title at {}", page.offset);
        assert!(page.revision.id.is_some() && page.revision.timestamp.is_some(), "{}", page.title);
        let Some(parsed) = page_document(page) else { continue };
        documents += 1;
        common::assert_ok(&page.title, &parsed);
        assert_eq!(parsed.document.title, page.title);
        assert_eq!(parsed.document.revision.as_ref(), Some(&page.revision));
    }
    assert_eq!(documents, 479);
}

#[test]
fn page_fields_and_offsets_come_from_the_xml() {
    let xml = xml();
    assert!(is_dump(&xml[..1024]) && !is_bzip2(xml));
    let (pages, _) = drain(DumpReader::new(Cursor::new(xml)));
    let first = &pages[0];
    assert_eq!(first.ns, 0);
    assert!(first.id.as_deref().is_some_and(|id| id.bytes().all(|b| b.is_ascii_digit())));
    for page in &pages {
        let at = page.offset as usize;
        assert_eq!(&xml[at..at + 6], b"<page>", "offset of {}", page.title);
    }
    let article = pages.iter().find(|p| p.redirect.is_none()).expect("an article");
    assert!(article.text.contains("{{"), "entities are decoded: {}", &article.text[..80]);
    assert!(!article.text.contains("&lt;"));
}

#[test]
fn uncompressed_input_reads_the_same() {
    let (pages, error) = drain(open_dump(Cursor::new(xml().to_vec()), false));
    assert!(error.is_none());
    assert_eq!(pages.len(), 543);
}

#[test]
fn truncated_dump_yields_earlier_pages_then_an_error() {
    let xml = xml();
    let (all, _) = drain(DumpReader::new(Cursor::new(xml)));
    // Cut in the middle of the text of the 100th page.
    let cut = all[100].offset as usize + 5000;
    let (pages, error) = drain(DumpReader::new(Cursor::new(&xml[..cut])));
    assert_eq!(pages.len(), 100);
    assert_eq!(pages, all[..100]);
    assert!(matches!(error, Some(ReadError::Xml { .. })), "{error:?}");
}

#[test]
fn truncated_dump_between_pages_is_an_error_too() {
    let xml = xml();
    let (all, _) = drain(DumpReader::new(Cursor::new(xml)));
    let cut = all[3].offset as usize;
    let (pages, error) = drain(DumpReader::new(Cursor::new(&xml[..cut])));
    assert_eq!(pages.len(), 3);
    assert!(error.is_some());
}

#[test]
fn malformed_xml_yields_earlier_pages_then_an_error() {
    let xml = xml();
    let (all, _) = drain(DumpReader::new(Cursor::new(xml)));
    let at = all[2].offset as usize;
    let mut broken = xml[..at].to_vec();
    broken.extend_from_slice(b"<page><title>X</titel></page>");
    broken.extend_from_slice(&xml[at..]);
    let (pages, error) = drain(DumpReader::new(Cursor::new(broken)));
    assert_eq!(pages.len(), 2);
    assert!(matches!(error, Some(ReadError::Xml { .. })), "{error:?}");
}

#[test]
fn corrupt_bzip2_is_an_error_not_a_panic() {
    let mut bytes = common::read_corpus(DUMP);
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let (pages, error) = drain(open_dump(Cursor::new(bytes), true));
    assert!(error.is_some());
    assert!(pages.len() < 543);
}

#[test]
fn truncated_bzip2_is_an_error() {
    let bytes = common::read_corpus(DUMP);
    let half = bytes[..bytes.len() / 2].to_vec();
    let (pages, error) = drain(open_dump(Cursor::new(half), true));
    assert!(error.is_some());
    assert!(!pages.is_empty());
}

#[test]
fn garbage_in_a_bzip2_wrapper_is_an_error() {
    let (pages, error) = drain(open_dump(Cursor::new(b"BZh9 this is not compressed".to_vec()), true));
    assert!(pages.is_empty());
    assert!(error.is_some());
}

#[test]
fn empty_input_is_an_error_not_a_panic() {
    for bzip2 in [false, true] {
        let (pages, error) = drain(open_dump(Cursor::new(Vec::new()), bzip2));
        assert!(pages.is_empty());
        assert!(error.is_some(), "bzip2 {bzip2}");
    }
}

#[test]
fn a_non_dump_xml_document_is_an_error() {
    let (pages, error) = drain(DumpReader::new(Cursor::new(&b"<html><body>x</body></html>"[..])));
    assert!(pages.is_empty());
    assert!(error.is_some());
}

#[test]
fn minimal_dump_with_redirect_namespace_and_escapes() {
    let xml = r#"<mediawiki><siteinfo><sitename>W</sitename></siteinfo>
<page><title>A &amp; B</title><ns>0</ns><id>1</id><revision><id>10</id><timestamp>2020-01-01T00:00:00Z</timestamp>
<contributor><username>U</username><id>99</id></contributor><text xml:space="preserve">'''A''' &lt;ref&gt;x&lt;/ref&gt;is a test.</text></revision></page>
<page><title>R</title><ns>0</ns><id>2</id><revision><id>11</id><text>#REDIRECT [[A &amp; B]]</text></revision></page>
<page><title>Talk:A</title><ns>1</ns><id>3</id><revision><id>12</id><text>Talk.</text></revision></page>
</mediawiki>"#;
    let (pages, error) = drain(DumpReader::new(Cursor::new(xml.as_bytes())));
    assert!(error.is_none(), "{error:?}");
    assert_eq!(pages.len(), 3);
    let a = &pages[0];
    assert_eq!(a.title, "A & B");
    assert_eq!(a.id.as_deref(), Some("1"), "the contributor id is not the page id");
    assert_eq!(a.revision.id.as_deref(), Some("10"));
    assert_eq!(a.text, "'''A''' <ref>x</ref>is a test.");
    let doc = page_document(a).expect("an article");
    common::assert_ok("A", &doc);
    assert!(doc.document.text.contains("A is a test."), "{}", doc.document.text);
    assert_eq!(pages[1].redirect.as_deref(), Some("A & B"));
    assert!(page_document(&pages[1]).is_none());
    assert_eq!(pages[2].ns, 1);
    assert!(page_document(&pages[2]).is_none());
}
