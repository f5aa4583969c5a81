//! Rendering wikitext to plain text, using the node table of the matching pass.
//!
//! A range of the input is rendered by copying the text between its direct child nodes (with
//! quotes, entities, HTML tags and magic words handled inline) and rendering each child node by
//! kind. Recursion follows node nesting only and stops at [`MAX_DEPTH`], below which a node is
//! copied as literal text, so the stack stays small whatever the input.
//!
//! Output goes to a [`Sink`], which in *list mode* (infobox values) turns line breaks into item
//! boundaries and keeps flag hints and links, and otherwise folds breaks into spaces.

use super::bytes;
use super::entities;
use super::scan::{Ext, Kind, Node, Tree};
use annals_model::Link;
use std::cell::Cell;

/// Nesting deeper than this is copied as literal text instead of being rendered.
pub(crate) const MAX_DEPTH: u32 = 64;

/// List items as the builder takes them: depth, text and flag hint.
pub(crate) type Items = Vec<(u8, String, Option<String>)>;

/// Where rendered text goes.
pub(crate) struct Sink {
    /// List mode: breaks end items, flags and links are recorded.
    list: bool,
    pub cur: String,
    depth: u8,
    flag: Option<String>,
    pub items: Items,
    pub links: Vec<Link>,
}

impl Sink {
    /// A sink for running text: breaks are spaces.
    pub fn text() -> Sink {
        Sink { list: false, cur: String::new(), depth: 0, flag: None, items: Vec::new(), links: Vec::new() }
    }

    /// A sink for an infobox value: breaks end items.
    pub fn list() -> Sink {
        Sink { list: true, ..Sink::text() }
    }

    pub fn push(&mut self, s: &str) {
        let may_close = matches!(s.as_bytes().first(), Some(b')' | b' ' | b'\t' | b'\n'));
        let rest = if may_close { s.trim_start() } else { s };
        if may_close && rest.starts_with(')') && self.cur.trim_end().ends_with('(') {
            // "(" and ")" with nothing between: what was inside rendered to nothing (an age
            // template, a note), so the parentheses go too.
            let open = self.cur.trim_end().len() - 1;
            self.cur.truncate(open);
            let kept = self.cur.trim_end().len();
            self.cur.truncate(kept);
            self.cur.push_str(&rest[1..]);
            return;
        }
        self.cur.push_str(s);
    }

    fn blank(&self) -> bool {
        self.cur.trim().is_empty()
    }

    /// A line break (`<br>`, a newline, the boundary between list items).
    pub fn brk(&mut self) {
        if !self.list {
            self.cur.push(' ');
            return;
        }
        if self.blank() {
            // An empty line ends nothing; a flag before it still belongs to the next item.
            self.cur.clear();
            self.depth = 0;
            return;
        }
        let text = std::mem::take(&mut self.cur);
        self.items.push((self.depth, text, self.flag.take()));
        self.depth = 0;
    }

    /// The bullet depth of the item that starts here.
    pub fn set_depth(&mut self, depth: usize) {
        if self.list && self.blank() {
            self.depth = depth.min(u8::MAX as usize) as u8;
        }
    }

    /// A flag hint: it belongs to the current item unless that item already has one.
    pub fn flag(&mut self, country: &str) {
        let country = country.trim();
        if self.list && self.flag.is_none() && !country.is_empty() {
            self.flag = Some(country.to_string());
        }
    }

    pub fn wants_links(&self) -> bool {
        self.list
    }

    /// How many items are complete, to tell whether text rendered since a mark is one piece.
    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// Ends the last item and returns the items.
    pub fn finish_items(mut self) -> (Items, Vec<Link>) {
        self.brk();
        (self.items, self.links)
    }
}

/// One template argument: its name (for `name=value`) and value, trimmed, as input ranges.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Arg {
    pub name: Option<(usize, usize)>,
    pub value: (usize, usize),
}

/// Renders ranges of one input.
pub(crate) struct Renderer<'t, 'a> {
    pub tree: &'t Tree<'a>,
    /// The page title, for `{{PAGENAME}}`.
    pub title: &'t str,
    /// Template arguments of the templates being rendered, innermost last; each template
    /// truncates back to where it started when it is done, so nested templates share one buffer.
    pub args: Vec<Arg>,
    /// The last answer of [`first_at`](Self::first_at): rendering mostly moves forward, so the
    /// next answer is usually a few nodes on.
    cursor: Cell<(usize, usize)>,
}

impl<'t, 'a> Renderer<'t, 'a> {
    pub fn new(tree: &'t Tree<'a>, title: &'t str) -> Self {
        Renderer { tree, title, args: Vec::new(), cursor: Cell::new((0, 0)) }
    }

    /// The index of the first node that starts at or after `pos`.
    pub fn first_at(&self, pos: usize) -> usize {
        /// How many nodes to step over before falling back to a binary search.
        const STEPS: usize = 4;
        let nodes = &self.tree.nodes;
        let (last_pos, last) = self.cursor.get();
        let k = if pos >= last_pos {
            let near = nodes.iter().skip(last).take(STEPS).take_while(|n| n.start < pos).count();
            let k = last + near;
            match nodes.get(k) {
                Some(n) if n.start < pos => k + nodes[k..].partition_point(|n| n.start < pos),
                _ => k,
            }
        } else {
            nodes.partition_point(|n| n.start < pos)
        };
        self.cursor.set((pos, k));
        k
    }

    pub fn src(&self) -> &'a str {
        self.tree.src
    }

    pub fn node(&self, idx: usize) -> Node {
        self.tree.nodes[idx]
    }

    /// Renders `start..end`, which must not cut through a node.
    pub fn range(&mut self, start: usize, end: usize, depth: u32, sink: &mut Sink) {
        let mut pos = start;
        let mut k = self.first_at(start);
        while k < self.tree.nodes.len() {
            let n = self.tree.nodes[k];
            if n.start >= end {
                break;
            }
            self.text(pos, n.start, sink);
            if n.end > end {
                // Only a caller with a wrong range gets here; text is the safe answer.
                self.text(n.start, end, sink);
                return;
            }
            self.render_node(k, depth, sink);
            pos = n.end;
            k = n.next;
        }
        self.text(pos, end, sink);
    }

    /// Renders `start..end` as the start of a line: leading `*`/`#`/`:` set the item depth.
    pub fn lines(&mut self, start: usize, end: usize, depth: u32, sink: &mut Sink) {
        if start >= end {
            return;
        }
        let bytes = self.src().as_bytes();
        let (bullets, skip) = bullets(&bytes[start..end]);
        if bullets > 0 {
            sink.set_depth(bullets);
        }
        self.range(start + skip, end, depth, sink);
    }

    fn render_node(&mut self, idx: usize, depth: u32, sink: &mut Sink) {
        let n = self.node(idx);
        if depth >= MAX_DEPTH {
            sink.push(self.tree.slice(n.start, n.end));
            return;
        }
        match n.kind {
            Kind::Template => self.template(idx, depth + 1, sink),
            Kind::Param => self.param(idx, depth + 1, sink),
            Kind::Link => self.link(idx, depth + 1, sink),
            Kind::ExtLink => self.ext_link(idx, depth + 1, sink),
            Kind::Literal => sink.push(self.tree.slice(n.start, n.end)),
            Kind::Tag(Ext::Keep) => entities::push_decoded(&mut sink.cur, self.tree.slice(n.inner_start, n.inner_end)),
            Kind::Comment | Kind::Tag(Ext::Ref | Ext::Drop) => {}
        }
    }

    /// `{{{name|default}}}`: only the default can be shown.
    fn param(&mut self, idx: usize, depth: u32, sink: &mut Sink) {
        let n = self.node(idx);
        if let Some(p) = self.find_top(idx, n.inner_start, n.inner_end, b'|') {
            self.range(p + 1, n.inner_end, depth, sink);
        }
    }

    /// `[[target|text]]`: the text; files, categories and interlanguage links show nothing.
    fn link(&mut self, idx: usize, depth: u32, sink: &mut Sink) {
        let n = self.node(idx);
        let src = self.src();
        let pipe = self.find_top(idx, n.inner_start, n.inner_end, b'|');
        let target_end = pipe.unwrap_or(n.inner_end);
        let raw_target = &src[n.inner_start..target_end];
        let trimmed = raw_target.trim_start();
        let colon = trimmed.starts_with(':');
        let target = trimmed.trim_start_matches(':').trim();
        if !colon && shows_nothing(target) {
            return;
        }
        let mark = sink.cur.len();
        let items = sink.item_count();
        match pipe {
            Some(p) if !src[p + 1..n.inner_end].trim().is_empty() => self.range(p + 1, n.inner_end, depth, sink),
            Some(_) => sink.push(pipe_trick(target)),
            None => {
                let start = target_end - raw_target.trim_start().trim_start_matches(':').len();
                self.range(start, target_end, depth, sink)
            }
        }
        if sink.wants_links() {
            let page = target.split('#').next().unwrap_or("").trim();
            let text = if sink.item_count() == items { sink.cur.get(mark..).unwrap_or("") } else { &sink.cur };
            let text = text.trim();
            if !page.is_empty() && !text.is_empty() {
                let link = Link { text: text.to_string(), target: page.to_string() };
                sink.links.push(link);
            }
        }
    }

    /// `[http://x label]`: the label; a bare `[http://x]` is a numbered link and shows nothing.
    fn ext_link(&mut self, idx: usize, depth: u32, sink: &mut Sink) {
        let n = self.node(idx);
        let bytes = self.src().as_bytes();
        let inner = &bytes[n.inner_start..n.inner_end];
        if let Some(sp) = inner.iter().position(|&b| b == b' ' || b == b'\t') {
            self.range(n.inner_start + sp + 1, n.inner_end, depth, sink);
        }
    }

    /// The first `byte` (ASCII) in `start..end` that is not inside a child node of node `parent`.
    pub fn find_top(&self, parent: usize, start: usize, end: usize, byte: u8) -> Option<usize> {
        let nodes = &self.tree.nodes;
        let first = self.first_at(start).max(parent + 1);
        self.find_top_by(first, nodes[parent].next, start, end, |gap| bytes::find(gap, 0, |b| b == byte))
    }

    /// The first byte of `set` in `start..end` that is not inside a node starting in the range.
    pub fn find_top_any(&self, start: usize, end: usize, set: &[u8]) -> Option<usize> {
        let first = self.first_at(start);
        self.find_top_by(first, self.tree.nodes.len(), start, end, |gap| gap.iter().position(|b| set.contains(b)))
    }

    /// Searches the gaps between nodes in `start..end` with `search`, jumping over the nodes from
    /// index `k` (the first node at or after `start`) through `next` links, up to index `stop`.
    fn find_top_by(
        &self,
        mut k: usize,
        stop: usize,
        start: usize,
        end: usize,
        search: impl Fn(&[u8]) -> Option<usize>,
    ) -> Option<usize> {
        let nodes = &self.tree.nodes;
        let mut pos = start;
        while pos < end {
            let gap_end = if k < stop && nodes[k].start < end { nodes[k].start } else { end };
            if let Some(i) = search(&self.src().as_bytes()[pos..gap_end]) {
                return Some(pos + i);
            }
            if gap_end == end {
                return None;
            }
            pos = nodes[k].end;
            k = nodes[k].next;
        }
        None
    }

    /// Renders the text between nodes: quotes, entities, tags, line starts and magic words.
    fn text(&self, start: usize, end: usize, sink: &mut Sink) {
        if start >= end {
            return;
        }
        let s = self.tree.slice(start, end);
        let b = s.as_bytes();
        let mut flushed = 0;
        let mut i = 0;
        while i < b.len() {
            match bytes::find(b, i, bytes::is_inline) {
                Some(k) => i = k,
                None => break,
            }
            let (consumed, action) = special(s, i);
            if consumed == 0 {
                i += 1;
                continue;
            }
            sink.push(&s[flushed..i]);
            match action {
                Action::Nothing => {}
                Action::Str(t) => sink.push(t),
                Action::Char(c) => sink.cur.push(c),
                Action::Break => sink.brk(),
                Action::Apostrophes(n) => (0..n).for_each(|_| sink.cur.push('\'')),
                Action::Line(depth) => {
                    sink.brk();
                    if depth > 0 {
                        sink.set_depth(depth);
                    }
                }
            }
            i += consumed;
            flushed = i;
        }
        sink.push(&s[flushed..]);
    }
}

/// What a special sequence in text becomes.
enum Action {
    Nothing,
    Str(&'static str),
    Char(char),
    Break,
    /// A newline followed by this many bullets.
    Line(usize),
    /// This many literal apostrophes.
    Apostrophes(usize),
}

/// Interprets the special byte at `s[i]`: how many bytes it consumes (0: it is plain text) and
/// what it becomes.
fn special(s: &str, i: usize) -> (usize, Action) {
    let b = s.as_bytes();
    match b[i] {
        b'\'' => {
            let run = b[i..].iter().take_while(|&&c| c == b'\'').count();
            match run {
                1 => (0, Action::Nothing),
                // Four quotes are an apostrophe and bold; more than five keep the extra ones as
                // apostrophes. The whole run is consumed at once, so a long run costs its length.
                4 => (run, Action::Str("'")),
                2 | 3 | 5 => (run, Action::Nothing),
                _ => (run, Action::Apostrophes(run - 5)),
            }
        }
        b'&' => match entities::decode(&s[i..]) {
            Some((entities::Decoded::Char(c), len)) => (len, Action::Char(c)),
            Some((entities::Decoded::Str(t), len)) => (len, Action::Str(t)),
            None => (0, Action::Nothing),
        },
        b'<' => match html_tag(&b[i..]) {
            Some((len, true)) => (len, Action::Break),
            Some((len, false)) => (len, Action::Nothing),
            None => (0, Action::Nothing),
        },
        b'\n' => {
            let (depth, skip) = bullets(&b[i + 1..]);
            (1 + skip, Action::Line(depth))
        }
        _ => (magic_word(&b[i..]), Action::Nothing),
    }
}

/// Leading list markup of a line: the number of `*`, `#` and `:` and the bytes they take,
/// with the spaces around them. A horizontal rule (`----`) is markup with no depth.
pub(crate) fn bullets(line: &[u8]) -> (usize, usize) {
    let lead = line.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    if line[lead..].starts_with(b"----") {
        let dashes = line[lead..].iter().take_while(|&&c| c == b'-').count();
        return (0, lead + dashes);
    }
    let n = line[lead..].iter().take_while(|&&c| matches!(c, b'*' | b'#' | b':')).count();
    if n == 0 {
        return (0, 0);
    }
    let trail = line[lead + n..].iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    (n, lead + n + trail)
}

/// `__NOTOC__` and its kind: upper-case letters between double underscores.
fn magic_word(b: &[u8]) -> usize {
    if !b.starts_with(b"__") {
        return 0;
    }
    let n = b[2..].iter().take(32).take_while(|c| c.is_ascii_uppercase()).count();
    if n > 0 && b[2 + n..].starts_with(b"__") {
        n + 4
    } else {
        0
    }
}

/// HTML tags whose text is kept; the tags themselves are dropped. `true` marks tags that break
/// the line.
const HTML_TAGS: &[(&str, bool)] = &[
    ("br", true),
    ("p", true),
    ("div", true),
    ("li", true),
    ("hr", true),
    ("tr", true),
    ("dd", true),
    ("dt", true),
    ("ul", true),
    ("ol", true),
    ("dl", true),
    ("table", true),
    ("blockquote", true),
    ("center", true),
    ("h1", true),
    ("h2", true),
    ("h3", true),
    ("h4", true),
    ("h5", true),
    ("h6", true),
    ("td", false),
    ("th", false),
    ("caption", false),
    ("tbody", false),
    ("thead", false),
    ("b", false),
    ("i", false),
    ("u", false),
    ("s", false),
    ("strike", false),
    ("del", false),
    ("ins", false),
    ("small", false),
    ("big", false),
    ("sup", false),
    ("sub", false),
    ("span", false),
    ("font", false),
    ("abbr", false),
    ("cite", false),
    ("code", false),
    ("tt", false),
    ("em", false),
    ("strong", false),
    ("q", false),
    ("var", false),
    ("kbd", false),
    ("samp", false),
    ("mark", false),
    ("ruby", false),
    ("rt", false),
    ("rp", false),
    ("rb", false),
    ("bdi", false),
    ("bdo", false),
    ("wbr", false),
    ("poem", false),
    ("onlyinclude", false),
    ("includeonly", false),
    ("noinclude", false),
    ("section", false),
    ("time", false),
    ("data", false),
    ("dfn", false),
    // Stray halves of extension tags, left over when the other half is missing.
    ("ref", false),
    ("references", false),
    ("nowiki", false),
    ("pre", false),
    ("gallery", false),
    ("math", false),
];

/// How far past `<` the end of a tag may be.
const TAG_WINDOW: usize = 512;

/// An HTML tag at the start of `b`: its length and whether it breaks the line.
fn html_tag(b: &[u8]) -> Option<(usize, bool)> {
    let close = b.get(1) == Some(&b'/');
    let name_start = 1 + close as usize;
    let name_len = b[name_start..].iter().take(16).take_while(|c| c.is_ascii_alphanumeric()).count();
    if name_len == 0 {
        return None;
    }
    let name = &b[name_start..name_start + name_len];
    let &(_, breaks) = HTML_TAGS.iter().find(|(t, _)| t.as_bytes().eq_ignore_ascii_case(name))?;
    let after = name_start + name_len;
    match b.get(after) {
        Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r') => {}
        _ => return None,
    }
    let window = &b[after..b.len().min(TAG_WINDOW)];
    let gt = window.iter().position(|&c| c == b'>' || c == b'<')?;
    if window[gt] != b'>' {
        return None;
    }
    Some((after + gt + 1, breaks))
}

/// Links that show nothing in the text: files, categories and other language editions.
fn shows_nothing(target: &str) -> bool {
    let Some((prefix, _)) = target.split_once(':') else { return false };
    is_media(prefix) || is_interlanguage(prefix)
}

/// `File:`, `Image:`, `Category:` and `Media:`, by the part of a target before its colon.
fn is_media(prefix: &str) -> bool {
    ["file", "image", "category", "media"].iter().any(|n| prefix.trim().eq_ignore_ascii_case(n))
}

/// `[[fr:Bataille]]`-style links to other language editions, by the part before the colon.
fn is_interlanguage(prefix: &str) -> bool {
    let mut parts = prefix.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// `[[Page (topic)|]]` shows `Page`: the pipe trick drops a trailing parenthesis and namespace.
fn pipe_trick(target: &str) -> &str {
    let t = target.split_once(':').map_or(target, |(_, rest)| rest);
    let t = match t.find(" (") {
        Some(k) if t.ends_with(')') => &t[..k],
        _ => t,
    };
    t.split(',').next().unwrap_or(t).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(html_tag(b"<br>x"), Some((4, true)));
        assert_eq!(html_tag(b"<br />x"), Some((6, true)));
        assert_eq!(html_tag(b"</small>"), Some((8, false)));
        assert_eq!(html_tag(b"<span style=\"a\">"), Some((16, false)));
        assert_eq!(html_tag(b"<brx>"), None);
        assert_eq!(html_tag(b"<b"), None);
        assert_eq!(html_tag(b"<b <i>"), None);
    }

    #[test]
    fn link_kinds() {
        assert!(shows_nothing("File:x.jpg"));
        assert!(shows_nothing("image :x.jpg"));
        assert!(!shows_nothing("Battle: x"));
        assert!(shows_nothing("fr:Bataille"));
        assert!(shows_nothing("zh-min-nan:x"));
        assert!(!shows_nothing("Operation Y: Z"));
        assert!(!shows_nothing("Kos"));
        assert_eq!(pipe_trick("Kos (island)"), "Kos");
    }
}
