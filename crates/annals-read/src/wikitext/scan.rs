//! The matching pass: one left-to-right walk over the input that pairs every opener (`{{`, `{{{`,
//! `[[`, `[http…`) with its closer, and cuts out comments and extension tags (`<ref>`, `<nowiki>`,
//! …) whose content is not wikitext.
//!
//! The result is a flat list of [`Node`]s in source order. Matched nodes nest properly, and each
//! node knows the index just past its subtree (`next`), so later stages can walk the direct
//! children of any range by jumping from sibling to sibling without looking inside them.
//!
//! Why this is linear: openers go on an explicit stack (no recursion). A closer is literal text
//! unless an opener of its kind is on the stack, which is known in O(1) from per-kind links
//! through the stack; otherwise everything above that opener is popped and marked as literal.
//! Each opener is pushed once and popped once. Searches that look ahead (the end of a comment, the
//! closing tag of a `<ref>`) either consume what they scanned or remember that there is nothing
//! to find, so no byte is scanned again for the next opener.

use super::bytes;
use annals_model::Diagnostic;

/// How many "unclosed …" warnings one input may produce before they are summarised, so that an
/// adversarial input of a million `{{` does not produce a million diagnostics.
const MAX_WARNINGS: usize = 16;

/// How far past `<ref` we look for the `>` that ends the opening tag.
const TAG_WINDOW: usize = 2048;

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{{…}}`
    Template,
    /// `{{{…}}}`
    Param,
    /// `[[…]]`
    Link,
    /// `[http://… label]`
    ExtLink,
    /// `<!-- … -->`
    Comment,
    /// An extension tag whose content is not wikitext.
    Tag(Ext),
    /// An opener that was never closed: it stands for its own text, literally.
    Literal,
}

/// The extension tags we know, by what their content becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ext {
    /// `<ref>`: a note, set aside.
    Ref,
    /// Content that is shown as written (`<nowiki>`, `<pre>`, `<math>`, `<syntaxhighlight>`).
    Keep,
    /// Content that is not text (`<gallery>`, `<references>`, `<timeline>`, …).
    Drop,
}

/// Extension tags, lower case, with what their content becomes. Their content is opaque: the
/// matching pass jumps from the opening tag to the closing one.
const EXT_TAGS: [(&str, Ext); 20] = [
    ("ref", Ext::Ref),
    ("references", Ext::Drop),
    ("nowiki", Ext::Keep),
    ("pre", Ext::Keep),
    ("math", Ext::Keep),
    ("chem", Ext::Keep),
    ("ce", Ext::Keep),
    ("syntaxhighlight", Ext::Keep),
    ("source", Ext::Keep),
    ("hiero", Ext::Keep),
    ("gallery", Ext::Drop),
    ("timeline", Ext::Drop),
    ("graph", Ext::Drop),
    ("mapframe", Ext::Drop),
    ("maplink", Ext::Drop),
    ("templatedata", Ext::Drop),
    ("score", Ext::Drop),
    ("imagemap", Ext::Drop),
    ("categorytree", Ext::Drop),
    ("inputbox", Ext::Drop),
];

/// One construct of the input. Offsets are byte offsets into the input and always fall on ASCII
/// bytes, so slicing the input with them never splits a character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    /// The whole construct, delimiters included.
    pub start: usize,
    pub end: usize,
    /// The content between the delimiters.
    pub inner_start: usize,
    pub inner_end: usize,
    /// The index of the first node after this node's subtree: its next sibling, if any.
    pub next: usize,
}

/// The input with its matched constructs.
pub(crate) struct Tree<'a> {
    pub src: &'a str,
    pub nodes: Vec<Node>,
}

impl<'a> Tree<'a> {
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or("")
    }
}

/// The kinds that live on the stack, as indexes into `Scanner::top`.
const K_TEMPLATE: usize = 0;
const K_PARAM: usize = 1;
const K_LINK: usize = 2;
const K_EXTLINK: usize = 3;

const STACK_KINDS: [Kind; 4] = [Kind::Template, Kind::Param, Kind::Link, Kind::ExtLink];

struct Open {
    node: usize,
    kind: usize,
    /// 1 + the stack index of the next opener of the same kind further down, or 0.
    prev_same: usize,
    /// For links: whether a `|` has been seen (a newline before it means this is no link).
    pipe: bool,
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    nodes: Vec<Node>,
    stack: Vec<Open>,
    /// 1 + the stack index of the topmost opener of each stack kind, or 0 when there is none.
    top: [usize; 4],
    /// Per extension tag: the closing tag found by the last search, or `None` once a search has
    /// run to the end of the input without finding one.
    closers: [Option<(usize, usize)>; EXT_TAGS.len()],
    searched: [bool; EXT_TAGS.len()],
    warnings: usize,
    diagnostics: Vec<Diagnostic>,
}

/// Matches the constructs of `src`. Problems (unclosed constructs) become warnings.
pub(crate) fn scan(src: &str) -> (Tree<'_>, Vec<Diagnostic>) {
    let mut s = Scanner {
        src,
        bytes: src.as_bytes(),
        nodes: Vec::with_capacity(src.len() / 32),
        stack: Vec::new(),
        top: [0; 4],
        closers: [None; EXT_TAGS.len()],
        searched: [false; EXT_TAGS.len()],
        warnings: 0,
        diagnostics: Vec::new(),
    };
    s.run();
    (Tree { src, nodes: s.nodes }, s.diagnostics)
}

impl Scanner<'_> {
    fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            // `|` and newlines only matter when a link is the innermost open construct.
            let found = if self.link_on_top() {
                bytes::find(self.bytes, i, bytes::is_link_markup)
            } else {
                bytes::find(self.bytes, i, bytes::is_markup)
            };
            match found {
                Some(k) => i = k,
                None => break,
            }
            i = match self.bytes[i] {
                b'{' => self.open_braces(i),
                b'}' => self.close_braces(i),
                b'[' => self.open_brackets(i),
                b']' => self.close_brackets(i),
                b'|' => {
                    // Only reached with a link on top (see above).
                    if let Some(o) = self.stack.last_mut() {
                        o.pipe = true;
                    }
                    i + 1
                }
                b'\n' => {
                    self.newline();
                    i + 1
                }
                _ => self.angle(i),
            };
        }
        while let Some(o) = self.pop() {
            self.make_literal(o);
        }
        if self.warnings > MAX_WARNINGS {
            let more = self.warnings - MAX_WARNINGS;
            self.diagnostics.push(Diagnostic::warning(format!("{more} more unclosed constructs")));
        }
    }

    fn link_on_top(&self) -> bool {
        self.stack.last().is_some_and(|o| o.kind == K_LINK || o.kind == K_EXTLINK)
    }

    fn run_len(&self, i: usize, byte: u8) -> usize {
        self.bytes[i..].iter().take_while(|&&b| b == byte).count()
    }

    fn push(&mut self, kind: usize, start: usize, len: usize) {
        let node = self.nodes.len();
        self.nodes.push(Node {
            kind: STACK_KINDS[kind],
            start,
            end: start + len,
            inner_start: start + len,
            inner_end: start + len,
            next: node + 1,
        });
        self.stack.push(Open { node, kind, prev_same: self.top[kind], pipe: false });
        self.top[kind] = self.stack.len();
    }

    fn pop(&mut self) -> Option<Open> {
        let o = self.stack.pop()?;
        self.top[o.kind] = o.prev_same;
        Some(o)
    }

    /// Turns an opener that will never be closed into literal text, with a warning.
    fn make_literal(&mut self, o: Open) {
        let next = o.node + 1;
        let node = &mut self.nodes[o.node];
        node.kind = Kind::Literal;
        node.next = next;
        let (start, len) = (node.start, node.end - node.start);
        let what = self.src.get(start..start + len).unwrap_or("opener");
        self.warn(format!("unclosed {what:?}: kept as text"), start);
    }

    fn warn(&mut self, message: String, offset: usize) {
        self.warnings += 1;
        if self.warnings <= MAX_WARNINGS {
            self.diagnostics.push(Diagnostic::warning(message).at(self.src, offset));
        }
    }

    /// Closes the topmost opener of `kind` (which must be on the stack) with a closer of `len`
    /// bytes at `at`, turning every opener above it into literal text.
    fn close(&mut self, kind: usize, at: usize, len: usize) {
        while let Some(o) = self.pop() {
            if o.kind == kind {
                let next = self.nodes.len();
                let node = &mut self.nodes[o.node];
                node.end = at + len;
                node.inner_end = at;
                node.next = next;
                return;
            }
            self.make_literal(o);
        }
    }

    /// `{{` opens a template and `{{{` a parameter; longer runs are templates around a
    /// parameter when odd (`{{{{{1}}}}}`), nested templates when even.
    fn open_braces(&mut self, i: usize) -> usize {
        let n = self.run_len(i, b'{');
        if n < 2 {
            return i + 1;
        }
        let templates = if n % 2 == 1 { (n - 3) / 2 } else { n / 2 };
        for t in 0..templates {
            self.push(K_TEMPLATE, i + 2 * t, 2);
        }
        if n % 2 == 1 {
            self.push(K_PARAM, i + n - 3, 3);
        }
        i + n
    }

    /// A run of `}` closes the innermost templates and parameters, as many as it can; what is
    /// left over is literal.
    fn close_braces(&mut self, i: usize) -> usize {
        let end = i + self.run_len(i, b'}');
        let mut p = i;
        while end - p >= 2 {
            let (t, pm) = (self.top[K_TEMPLATE], self.top[K_PARAM]);
            if t == 0 && pm == 0 {
                break;
            }
            if pm > t {
                let len = if end - p >= 3 { 3 } else { 2 };
                self.close(K_PARAM, p, len);
                p += len;
            } else {
                self.close(K_TEMPLATE, p, 2);
                p += 2;
            }
        }
        end
    }

    /// `[[` opens a link (a longer run keeps its extra brackets as text); a single `[` before
    /// a URL opens an external link.
    fn open_brackets(&mut self, i: usize) -> usize {
        let n = self.run_len(i, b'[');
        if n >= 2 {
            self.push(K_LINK, i + n - 2, 2);
        } else if starts_with_url(&self.bytes[i + 1..]) {
            self.push(K_EXTLINK, i, 1);
        }
        i + n
    }

    fn close_brackets(&mut self, i: usize) -> usize {
        let end = i + self.run_len(i, b']');
        let mut p = i;
        while p < end {
            let (l, e) = (self.top[K_LINK], self.top[K_EXTLINK]);
            if e > l {
                self.close(K_EXTLINK, p, 1);
                p += 1;
            } else if l > 0 && end - p >= 2 {
                self.close(K_LINK, p, 2);
                p += 2;
            } else {
                p += 1;
            }
        }
        end
    }

    /// Neither a link target nor an external link can span lines: an open one on top of the
    /// stack at a newline was never a link.
    fn newline(&mut self) {
        while let Some(o) = self.stack.last() {
            let broken = o.kind == K_EXTLINK || (o.kind == K_LINK && !o.pipe);
            if !broken {
                break;
            }
            if let Some(o) = self.pop() {
                self.make_literal(o);
            }
        }
    }

    /// `<!--` comments and extension tags; any other `<` is text for the renderer.
    fn angle(&mut self, i: usize) -> usize {
        let rest = &self.bytes[i..];
        if rest.starts_with(b"<!--") {
            return self.comment(i);
        }
        let name_len = rest[1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 || name_len > 20 {
            return i + 1;
        }
        let name = &rest[1..1 + name_len];
        let Some(tag) = EXT_TAGS.iter().position(|(t, _)| t.as_bytes().eq_ignore_ascii_case(name)) else {
            return i + 1;
        };
        let after = i + 1 + name_len;
        if !matches!(self.bytes.get(after), Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
            return i + 1;
        }
        let window = &self.bytes[after..self.bytes.len().min(after + TAG_WINDOW)];
        let Some(gt) = window.iter().position(|&b| b == b'>').map(|k| after + k) else {
            return i + 1;
        };
        let ext = EXT_TAGS[tag].1;
        if self.bytes[gt - 1] == b'/' {
            self.leaf(Kind::Tag(ext), i, gt + 1, gt + 1, gt + 1);
            return gt + 1;
        }
        match self.find_closer(tag, gt + 1) {
            Some((cs, ce)) => {
                self.leaf(Kind::Tag(ext), i, ce, gt + 1, cs);
                ce
            }
            None => {
                // An opening tag with no closing one is dropped; what follows is read as usual.
                self.warn(format!("unclosed <{}>: tag ignored", EXT_TAGS[tag].0), i);
                self.leaf(Kind::Tag(ext), i, gt + 1, gt + 1, gt + 1);
                gt + 1
            }
        }
    }

    fn comment(&mut self, i: usize) -> usize {
        match self.src.get(i + 4..).and_then(|rest| rest.find("-->")) {
            Some(k) => {
                let end = i + 4 + k + 3;
                self.leaf(Kind::Comment, i, end, i + 4, end - 3);
                end
            }
            None => {
                self.warn("unclosed comment \"<!--\": runs to the end of the input".into(), i);
                let n = self.bytes.len();
                self.leaf(Kind::Comment, i, n, (i + 4).min(n), n);
                n
            }
        }
    }

    fn leaf(&mut self, kind: Kind, start: usize, end: usize, inner_start: usize, inner_end: usize) {
        let next = self.nodes.len() + 1;
        self.nodes.push(Node { kind, start, end, inner_start, inner_end, next });
    }

    /// The closing tag `</name>` of extension tag `tag` at or after `from`, as (start, end).
    /// Results are remembered per tag, so a run of openers without closers costs one search.
    fn find_closer(&mut self, tag: usize, from: usize) -> Option<(usize, usize)> {
        if let Some((cs, ce)) = self.closers[tag] {
            if cs >= from {
                return Some((cs, ce));
            }
        } else if self.searched[tag] {
            return None;
        }
        self.searched[tag] = true;
        let found = find_closing_tag(self.bytes, from, EXT_TAGS[tag].0.as_bytes());
        self.closers[tag] = found;
        found
    }
}

/// Finds `</name\s*>` (case-insensitive) at or after `from`.
fn find_closing_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let mut p = from;
    while p < bytes.len() {
        let start = bytes::find(bytes, p, |b| b == b'<')?;
        if bytes.get(start + 1) != Some(&b'/') {
            p = start + 1;
            continue;
        }
        let after = start + 2 + name.len();
        let matches_name = bytes.get(start + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name));
        if matches_name {
            let ws = bytes[after..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            if bytes.get(after + ws) == Some(&b'>') {
                return Some((start, after + ws + 1));
            }
        }
        p = start + 2;
    }
    None
}

/// Whether `rest` (just after a `[`) begins with a URL scheme that makes an external link.
fn starts_with_url(rest: &[u8]) -> bool {
    const SCHEMES: [&[u8]; 7] = [b"http://", b"https://", b"//", b"ftp://", b"ftps://", b"mailto:", b"news:"];
    SCHEMES.iter().any(|s| rest.len() >= s.len() && rest[..s.len()].eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, &str)> {
        let (tree, _) = scan(src);
        tree.nodes.iter().map(|n| (n.kind, &src[n.start..n.end])).collect()
    }

    #[test]
    fn nesting_and_siblings() {
        let (tree, d) = scan("a {{b|[[c|d]]}} {{e}}");
        assert!(d.is_empty());
        assert_eq!(tree.nodes.len(), 3);
        assert_eq!(tree.nodes[0].next, 2, "the link is inside the first template");
        assert_eq!(tree.nodes[2].kind, Kind::Template);
    }

    #[test]
    fn unmatched_openers_become_literal() {
        let k = kinds("{{a|[[b}} x");
        assert_eq!(k[0], (Kind::Template, "{{a|[[b}}"));
        assert_eq!(k[1], (Kind::Literal, "[["));
    }

    #[test]
    fn stray_closers_are_text() {
        assert!(kinds("a}} b]] c").is_empty());
    }

    #[test]
    fn link_target_cannot_span_lines() {
        let k = kinds("[[a\nb]]");
        assert_eq!(k, vec![(Kind::Literal, "[[")]);
    }

    #[test]
    fn params_and_brace_runs() {
        let k = kinds("{{a|{{{1|x}}}}}");
        assert_eq!(k[0], (Kind::Template, "{{a|{{{1|x}}}}}"));
        assert_eq!(k[1], (Kind::Param, "{{{1|x}}}"));
    }

    #[test]
    fn ext_tags_are_opaque() {
        let k = kinds("a<ref name=x>{{cite|]]}}</ref>b<ref name=y/>c<REF>d</ref >");
        assert_eq!(k.len(), 3);
        assert!(k.iter().all(|(kind, _)| *kind == Kind::Tag(Ext::Ref)));
        assert_eq!(k[2].1, "<REF>d</ref >");
    }

    #[test]
    fn references_is_not_ref() {
        let k = kinds("<ref>a</references></ref>");
        assert_eq!(k, vec![(Kind::Tag(Ext::Ref), "<ref>a</references></ref>")]);
    }
}
