//! Streaming reader for MediaWiki XML dumps (`pages-articles.xml`, optionally bzip2-compressed).
//!
//! [`DumpReader`] pulls XML events from any `BufRead` with quick-xml and yields one [`DumpPage`]
//! at a time, so memory stays bounded by the largest page whatever the size of the dump. Pages
//! are yielded as they are (redirects and other namespaces included, marked) so that callers can
//! count what they skip; [`page_document`] reads the ones that are articles.
//!
//! A dump that ends inside a page, or whose XML is malformed, yields the pages read so far, then
//! one error, then nothing: the iterator never panics and never loops on a broken input.
//!
//! [`open_dump`] decompresses bzip2 on a separate thread (itself decoding blocks on every core, see
//! [`crate::bz2par`]) that feeds the parser through a bounded
//! channel, so that decompression (the slow part) overlaps XML parsing and wikitext reading.

use crate::{Format, Hint, Parsed, ReadError, Revision};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::mpsc::{sync_channel, Receiver};

/// How many bytes of the start of an input [`is_dump`] looks at.
const SNIFF_LEN: usize = 4096;

/// Whether the start of an input looks like a MediaWiki XML dump: a `<mediawiki` root element
/// near the start, or a bzip2 stream, which is taken to be a compressed dump (the only compressed
/// input annals reads; its content cannot be seen without decompressing). Use [`is_bzip2`] to
/// tell whether to decompress, e.g. `open_dump(file, is_bzip2(head))`.
pub fn is_dump(head: &[u8]) -> bool {
    let head = &head[..head.len().min(SNIFF_LEN)];
    is_bzip2(head) || head.windows(b"<mediawiki".len()).any(|w| w == b"<mediawiki")
}

/// Whether the input starts like a bzip2 stream (`BZh` and a block size digit); the caller should
/// decompress it (see [`open_dump`]) and sniff again.
pub fn is_bzip2(head: &[u8]) -> bool {
    head.len() >= 4 && head.starts_with(b"BZh") && (b'1'..=b'9').contains(&head[3])
}

/// One `<page>` of a dump.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DumpPage {
    pub title: String,
    /// The namespace: 0 for articles.
    pub ns: i64,
    /// The page id.
    pub id: Option<String>,
    /// The revision the text is from (the last one, if the page has several).
    pub revision: Revision,
    /// The wikitext, with XML escapes decoded.
    pub text: String,
    /// The target of a redirect page (`<redirect title=…/>` or text starting `#REDIRECT`).
    pub redirect: Option<String>,
    /// The byte offset of `<page>` in the (decompressed) stream.
    pub offset: u64,
}

impl DumpPage {
    /// Whether the page is an article: namespace 0 and no redirect.
    pub fn is_article(&self) -> bool {
        self.ns == 0 && self.redirect.is_none()
    }
}

/// Reads an article page as a document: `None` for redirects and other namespaces.
pub fn page_document(page: &DumpPage) -> Option<Parsed> {
    if !page.is_article() {
        return None;
    }
    let hint = Hint { title: Some(page.title.clone()), revision: Some(page.revision.clone()) };
    Some(crate::read_text(&page.text, Format::Wikitext, &hint))
}

/// The reader [`open_dump`] returns.
pub type DumpInput = Box<dyn BufRead + Send>;

/// A dump reader over raw or bzip2-compressed bytes. Compressed input is decompressed on a
/// separate thread when one can be started, and inline otherwise.
pub fn open_dump(reader: impl Read + Send + 'static, bzip2: bool) -> DumpReader<DumpInput> {
    const CHUNK: usize = 256 * 1024;
    let input: DumpInput = if bzip2 {
        Box::new(ChannelReader::spawn(crate::bz2par::ParallelBz2Decoder::new(reader), CHUNK))
    } else {
        Box::new(BufReader::with_capacity(CHUNK, reader))
    };
    DumpReader::new(input)
}

/// How many decompressed chunks may wait for the parser (64 × 256 KiB = 16 MiB).
const QUEUED_CHUNKS: usize = 64;

/// A `BufRead` fed with chunks by a thread that reads from another reader.
struct ChannelReader {
    rx: Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
    done: bool,
}

impl ChannelReader {
    /// Starts a thread that reads `source` in chunks of `size` bytes. The channel holds up to
    /// [`QUEUED_CHUNKS`] chunks, so memory stays bounded; that is room for the output of a whole
    /// slab of parallel decompression, so the next slab is decoded while this one is parsed. The
    /// thread ends at the end of `source`, at an error, or when this reader is dropped. If no
    /// thread can be started, reading fails with that error.
    fn spawn<R: Read + Send + 'static>(mut source: R, size: usize) -> ChannelReader {
        let (tx, rx) = sync_channel::<io::Result<Vec<u8>>>(QUEUED_CHUNKS);
        let feeder = tx.clone();
        let spawned = std::thread::Builder::new().name("dump-decompress".into()).spawn(move || loop {
            let mut buf = vec![0; size];
            let result = crate::bz2par::read_full(&mut source, &mut buf).map(|n| {
                buf.truncate(n);
                buf
            });
            let end = !matches!(&result, Ok(b) if !b.is_empty());
            if feeder.send(result).is_err() || end {
                return;
            }
        });
        if let Err(e) = spawned {
            // The channel has room, so this does not block; the receiver then sees the error.
            let _ = tx.send(Err(e));
        }
        ChannelReader { rx, chunk: Vec::new(), pos: 0, done: false }
    }
}

impl Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for ChannelReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.chunk.len() && !self.done {
            match self.rx.recv() {
                Ok(Ok(chunk)) if !chunk.is_empty() => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                // An empty chunk or a closed channel is the end of the input.
                Ok(Ok(_)) | Err(_) => self.done = true,
            }
        }
        Ok(self.chunk.get(self.pos..).unwrap_or(&[]))
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.chunk.len());
    }
}

/// Where in a page the parser is, for what the text of an element means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Title,
    Ns,
    PageId,
    RevisionId,
    Timestamp,
    Text,
    /// Anything else: its text is ignored.
    Other,
}

/// Yields the pages of a MediaWiki XML dump one at a time. See the module documentation.
pub struct DumpReader<R: BufRead> {
    xml: Reader<R>,
    buf: Vec<u8>,
    /// Whether the `<mediawiki>` root has been seen (and not yet closed).
    in_root: bool,
    seen_root: bool,
    done: bool,
}

impl<R: BufRead> DumpReader<R> {
    pub fn new(reader: R) -> Self {
        let mut xml = Reader::from_reader(reader);
        let config = xml.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        DumpReader { xml, buf: Vec::with_capacity(64 * 1024), in_root: false, seen_root: false, done: false }
    }

    /// The byte position in the (decompressed) input that the reader has reached.
    pub fn position(&self) -> u64 {
        self.xml.buffer_position()
    }

    fn xml_error(&self, e: quick_xml::Error) -> ReadError {
        match e {
            quick_xml::Error::Io(io) => ReadError::Io(io::Error::new(io.kind(), io.to_string())),
            other => ReadError::Xml { position: self.xml.error_position(), message: other.to_string() },
        }
    }

    fn truncated(&self, inside: &str) -> ReadError {
        let message = format!("the input ends inside <{inside}>: the dump is truncated");
        ReadError::Xml { position: self.xml.buffer_position(), message }
    }

    /// Reads up to the next `<page>` and through it.
    fn next_page(&mut self) -> Result<Option<DumpPage>, ReadError> {
        loop {
            self.buf.clear();
            let event = self.xml.read_event_into(&mut self.buf);
            match event {
                Ok(Event::Start(e)) => match e.local_name().as_ref() {
                    b"mediawiki" => {
                        self.in_root = true;
                        self.seen_root = true;
                    }
                    b"page" => {
                        let offset = self.xml.buffer_position().saturating_sub(e.len() as u64 + 2);
                        return self.page(offset).map(Some);
                    }
                    _ => {}
                },
                Ok(Event::End(e)) if e.local_name().as_ref() == b"mediawiki" => {
                    self.in_root = false;
                    return Ok(None);
                }
                Ok(Event::Eof) => {
                    if self.in_root {
                        return Err(self.truncated("mediawiki"));
                    }
                    if !self.seen_root {
                        let message = "no <mediawiki> element: not a MediaWiki dump".to_string();
                        return Err(ReadError::Xml { position: self.xml.buffer_position(), message });
                    }
                    return Ok(None);
                }
                Ok(_) => {}
                Err(e) => return Err(self.xml_error(e)),
            }
        }
    }

    /// Reads the content of a `<page>` whose start tag has just been read.
    fn page(&mut self, offset: u64) -> Result<DumpPage, ReadError> {
        let mut page = DumpPage { offset, ..DumpPage::default() };
        let mut ns = String::new();
        // The open elements inside the page: enough to tell a page id from a revision id or a
        // contributor id.
        let mut path: Vec<Field> = Vec::new();
        let mut in_revision = 0usize;
        let mut depth = 0usize;
        loop {
            self.buf.clear();
            let event = self.xml.read_event_into(&mut self.buf);
            match event {
                Ok(Event::Start(e)) => {
                    let name = e.local_name();
                    let name = name.as_ref();
                    if name == b"revision" {
                        in_revision = depth + 1;
                        page.revision = Revision::default();
                        page.text.clear();
                    }
                    let field = field_of(name, depth, in_revision);
                    if field != Field::Other {
                        clear_field(&mut page, &mut ns, field);
                    }
                    if name == b"redirect" {
                        page.redirect = Some(redirect_title(&e));
                    }
                    path.push(field);
                    depth += 1;
                }
                Ok(Event::Empty(e)) => {
                    if e.local_name().as_ref() == b"redirect" {
                        page.redirect = Some(redirect_title(&e));
                    }
                }
                Ok(Event::End(e)) => {
                    if depth == 0 {
                        // `</page>`: quick-xml has checked that the name matches.
                        let _ = e;
                        break;
                    }
                    depth -= 1;
                    path.pop();
                    if in_revision > depth {
                        in_revision = 0;
                    }
                }
                Ok(Event::Text(t)) => {
                    if let Some(&field) = path.last() {
                        append_field(&mut page, &mut ns, field, &utf8(t.as_ref()));
                    }
                }
                Ok(Event::CData(t)) => {
                    if let Some(&field) = path.last() {
                        append_field(&mut page, &mut ns, field, &utf8(t.as_ref()));
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    if let Some(&field) = path.last() {
                        append_field(&mut page, &mut ns, field, &resolve_ref(&r));
                    }
                }
                Ok(Event::Eof) => return Err(self.truncated("page")),
                Ok(_) => {}
                Err(e) => return Err(self.xml_error(e)),
            }
        }
        page.ns = ns.trim().parse().unwrap_or(0);
        if page.redirect.is_none() {
            page.redirect = redirect_in_text(&page.text);
        }
        Ok(page)
    }
}

/// What the text of element `name` at `depth` inside a page means. `in_revision` is the depth
/// of the open `<revision>` + 1, or 0 outside one.
fn field_of(name: &[u8], depth: usize, in_revision: usize) -> Field {
    let in_rev = in_revision > 0 && depth == in_revision;
    match name {
        b"title" if depth == 0 => Field::Title,
        b"ns" if depth == 0 => Field::Ns,
        b"id" if depth == 0 => Field::PageId,
        b"id" if in_rev => Field::RevisionId,
        b"timestamp" if in_rev => Field::Timestamp,
        b"text" if in_rev => Field::Text,
        _ => Field::Other,
    }
}

fn clear_field(page: &mut DumpPage, ns: &mut String, field: Field) {
    match field {
        Field::Title => page.title.clear(),
        Field::Ns => ns.clear(),
        Field::PageId => page.id = Some(String::new()),
        Field::RevisionId => page.revision.id = Some(String::new()),
        Field::Timestamp => page.revision.timestamp = Some(String::new()),
        Field::Text => page.text.clear(),
        Field::Other => {}
    }
}

fn append_field(page: &mut DumpPage, ns: &mut String, field: Field, text: &str) {
    let target = match field {
        Field::Title => &mut page.title,
        Field::Ns => ns,
        Field::PageId => page.id.get_or_insert_with(String::new),
        Field::RevisionId => page.revision.id.get_or_insert_with(String::new),
        Field::Timestamp => page.revision.timestamp.get_or_insert_with(String::new),
        Field::Text => &mut page.text,
        Field::Other => return,
    };
    target.push_str(text);
}

/// Bytes as text: a dump is UTF-8, and what is not is replaced rather than refused.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The text of an entity or character reference; unknown entities are kept as written.
fn resolve_ref(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = String::from_utf8_lossy(r.as_ref());
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(s) => s.to_string(),
        None => format!("&{name};"),
    }
}

/// The `title` attribute of `<redirect title="…"/>`.
fn redirect_title(e: &BytesStart) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"title")
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
        .unwrap_or_default()
}

/// The target of a page whose text starts with `#REDIRECT [[Target]]`.
fn redirect_in_text(text: &str) -> Option<String> {
    let t = text.trim_start();
    let head = t.get(..9)?;
    if !head.eq_ignore_ascii_case("#redirect") {
        return None;
    }
    let rest = &t[9..];
    let target = rest.split_once("[[").and_then(|(_, r)| r.split_once("]]")).map(|(target, _)| target);
    let target = target.unwrap_or("").split('|').next().unwrap_or("").trim();
    Some(target.to_string())
}

impl<R: BufRead> Iterator for DumpReader<R> {
    type Item = Result<DumpPage, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_page() {
            Ok(Some(page)) => Some(Ok(page)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(is_dump(b"<?xml version=\"1.0\"?>\n<mediawiki xmlns=\"x\">"));
        assert!(!is_dump(b"{{Infobox military conflict"));
        assert!(is_dump(b"BZh91AY&SY"), "a compressed dump");
        assert!(is_bzip2(b"BZh91AY&SY"));
        assert!(!is_bzip2(b"BZ"));
    }

    #[test]
    fn redirects_in_text() {
        assert_eq!(redirect_in_text("#REDIRECT [[Battle of X|x]]"), Some("Battle of X".into()));
        assert_eq!(redirect_in_text("#redirect[[Y]]"), Some("Y".into()));
        assert_eq!(redirect_in_text("Some #REDIRECT"), None);
    }
}
