//! A conflict record from a document's infobox.
//!
//! Infobox keys follow Template:Infobox military conflict, whatever the rendering (readers name
//! fields that way): `combatant1`, `commander1`, `units1`, `strength1`, `casualties1`, ... for
//! each side, with sub-rows `combatant1a`…`combatant1d`. The number of sides is the highest index
//! among combatant, commander, units and strength fields; a casualties field one past that
//! (`casualties3` in a two-sided infobox) is drawn across all sides and becomes
//! `other_casualties`.
//!
//! Items are read with the conventions of the renderings: a label item ending in `:` starts a
//! group (`Supported by:` moves what follows to `supported_by`; other labels are dropped), a role
//! in parentheses belongs to the commander before it, and killed marks (`KIA`, `†`, executed)
//! may be glued to a name.

use crate::{claims, dates};
use annals_model::conflict::{Basis, Claim, Commander, ConflictRecord, Side, Unit};
use annals_model::{Block, Document, Field, ListItem};

/// The record of a document about a conflict: from its infobox, or, when it has no infobox that
/// names sides, from its title and lead as far as they state it ([`crate::lead`]). `None` for a
/// document about an organisation, a place or a person.
///
/// An infobox of a conflict without sides (a date and a place, as a flattened rendering may
/// leave) still gives a record, whose sides come from the lead when it names them: its date and
/// place tell which war's data the document is read with.
pub fn record(doc: &Document) -> Option<ConflictRecord> {
    match infobox_record(doc) {
        Some(r) if r.sides.is_empty() => Some(match crate::lead::record(doc) {
            Some(lead) => ConflictRecord { sides: lead.sides, basis: Basis::Lead, ..r },
            None => r,
        }),
        Some(r) => Some(r),
        None => crate::lead::record(doc),
    }
}

/// The record of a document whose infobox describes a conflict: one that names sides, or has the
/// date and the place every conflict's infobox has. `None` for an organisation, a place or a
/// person.
fn infobox_record(doc: &Document) -> Option<ConflictRecord> {
    let ib = doc.infobox.as_ref()?;
    let sides = side_count(&ib.fields);
    let has = |k: &str| doc.field(k).is_some_and(|f| !f.value(doc).trim().is_empty());
    if sides == 0 && !(has("date") && (has("place") || has("location"))) {
        return None;
    }
    let value = |key: &str| doc.field(key).map(|f| f.value(doc).trim().to_string()).filter(|v| !v.is_empty());
    let (start, end) = match value("date").as_deref().and_then(dates::parse_range) {
        Some((s, e)) => (Some(s), e),
        None => (None, None),
    };
    let mut record = ConflictRecord {
        title: doc.title.clone(),
        start,
        end,
        date_text: value("date"),
        place: value("place").or_else(|| value("location")),
        part_of: doc.field("partof").or_else(|| doc.field("part of")).map(|f| part_of(doc, f)).unwrap_or_default(),
        result: value("result"),
        status: value("status"),
        territory: value("territory"),
        notes: value("notes"),
        coordinates: value("coordinates").as_deref().and_then(crate::coords::parse_coordinates),
        sides: Vec::new(),
        other_casualties: Vec::new(),
        basis: Basis::Infobox,
    };
    let units_section = units_section(doc);
    for i in 1..=sides {
        let mut side = Side::default();
        for f in fields_of(&ib.fields, "combatant", i) {
            belligerents(doc, f, &mut side);
        }
        for f in fields_of(&ib.fields, "commander", i) {
            side.commanders.extend(commanders(doc, f));
        }
        for f in fields_of(&ib.fields, "units", i) {
            let v = f.value(doc);
            if v.to_lowercase().starts_with("see ") {
                if let Some(tree) = units_section.get(i - 1) {
                    side.units.extend(tree.iter().cloned());
                }
            } else {
                side.units.extend(unit_tree(doc, f));
            }
        }
        for f in fields_of(&ib.fields, "strength", i) {
            side.strength.extend(field_claims(doc, f, claims::Context::Strength));
        }
        for f in fields_of(&ib.fields, "casualties", i) {
            side.casualties.extend(field_claims(doc, f, claims::Context::Casualties));
        }
        record.sides.push(side);
    }
    for f in fields_of(&ib.fields, "casualties", sides + 1) {
        record.other_casualties.extend(field_claims(doc, f, claims::Context::Casualties));
    }
    Some(record)
}

/// Splits a key such as `combatant2b` into its stem, side index and sub-row letter.
fn side_key(key: &str) -> Option<(&str, usize, &str)> {
    let digits_at = key.find(|c: char| c.is_ascii_digit())?;
    let (stem, rest) = key.split_at(digits_at);
    let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let index = rest[..digits_end].parse().ok()?;
    let sub = &rest[digits_end..];
    (sub.len() <= 1 && sub.chars().all(|c| c.is_ascii_lowercase())).then_some((stem, index, sub))
}

const SIDE_STEMS: [&str; 4] = ["combatant", "commander", "units", "strength"];

fn side_count(fields: &[Field]) -> usize {
    // An empty field (`strength3 =` left blank in a template) makes no side.
    let max = |stems: &[&str]| {
        fields
            .iter()
            .filter(|f| !f.items.is_empty())
            .filter_map(|f| side_key(&f.key))
            .filter(|(stem, _, _)| stems.contains(stem))
            .map(|(_, i, _)| i)
            .max()
            .unwrap_or(0)
    };
    match max(&SIDE_STEMS) {
        0 => max(&["casualties"]),
        n => n,
    }
}

/// The fields of one stem for side `i`: `combatant1`, then its sub-rows `combatant1a`, ...
fn fields_of<'a>(fields: &'a [Field], stem: &'a str, i: usize) -> impl Iterator<Item = &'a Field> + 'a {
    fields.iter().filter(move |f| side_key(&f.key).is_some_and(|(s, n, _)| s == stem && n == i))
}

fn item_texts<'a>(doc: &'a Document, f: &Field) -> Vec<(u8, &'a str)> {
    f.items.iter().map(|it| (it.depth, doc.slice(it.span).trim())).filter(|(_, t)| !t.is_empty()).collect()
}

fn field_claims(doc: &Document, f: &Field, context: claims::Context) -> Vec<Claim> {
    claims::parse_items(item_texts(doc, f).into_iter().map(|(_, t)| t), context)
}

/// Whether an item is a group label: `Supported by:`, `Allied militias:`, `Naval Support:`.
fn label(text: &str) -> Option<&str> {
    let t = text.trim();
    let l = t.strip_suffix(':')?.trim();
    (!l.is_empty() && l.split_whitespace().count() <= 4).then_some(l)
}

fn is_support_label(l: &str) -> bool {
    let l = l.to_lowercase();
    l.starts_with("support") || l == "backed by" || l == "assisted by"
}

/// Belligerents of one combatant field. Items after a `Supported by:` label go to
/// `supported_by`. Where an item runs several linked names together with labels between them
/// (`Iran Allied militias: Liwa Fatemiyoun`), the links say where the names are.
fn belligerents(doc: &Document, f: &Field, side: &mut Side) {
    let mut supporting = false;
    for (_, text) in item_texts(doc, f) {
        for piece in split_labels(text) {
            match piece {
                Piece::Label(l) => supporting = supporting || is_support_label(l),
                Piece::Text(t) => {
                    for name in split_by_links(t, f) {
                        let name = clean_actor(&name);
                        if name.is_empty() {
                            continue;
                        }
                        let list = if supporting { &mut side.supported_by } else { &mut side.belligerents };
                        if !list.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                            list.push(name);
                        }
                    }
                }
            }
        }
    }
}

enum Piece<'a> {
    Label(&'a str),
    Text(&'a str),
}

/// Splits `Iran Allied militias: Liwa Fatemiyoun` at the label (`Allied militias:`), keeping the
/// text on either side. The label is the run of words before the colon that is not part of the
/// preceding name; without links to tell, the whole text before the colon is the label.
fn split_labels(text: &str) -> Vec<Piece<'_>> {
    if let Some(l) = label(text) {
        return vec![Piece::Label(l)];
    }
    match text.find(": ") {
        Some(i) => {
            let (before, after) = (&text[..i], text[i + 2..].trim());
            let mut out = vec![Piece::Text(before.trim())];
            out.push(Piece::Label(""));
            out.extend(split_labels(after));
            out
        }
        None => vec![Piece::Text(text)],
    }
}

/// Splits a text into the linked names it contains, in order, when it consists of more than one
/// link's text. Text between links that is not a name (a label left over) is dropped.
fn split_by_links(text: &str, f: &Field) -> Vec<String> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for l in &f.links {
        let t = l.text.trim();
        if t.len() < 2 {
            continue;
        }
        let mut from = 0;
        while let Some(i) = text[from..].find(t) {
            let (s, e) = (from + i, from + i + t.len());
            let word_edges = text[..s].chars().last().is_none_or(|c| !c.is_alphanumeric())
                && text[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if word_edges && !found.iter().any(|&(a, b)| s < b && a < e) {
                found.push((s, e));
            }
            from = e;
        }
    }
    if found.len() < 2 && !(found.len() == 1 && found[0] != (0, text.len()) && leftover_is_label(text, &found)) {
        return vec![text.to_string()];
    }
    found.sort();
    found.iter().map(|&(s, e)| text[s..e].to_string()).collect()
}

/// True when what is left of `text` outside the links is not a name of its own: a few words with
/// no capitalized run that could be an organisation, e.g. "Allied militias".
fn leftover_is_label(text: &str, found: &[(usize, usize)]) -> bool {
    let mut rest = String::new();
    let mut last = 0;
    for &(s, e) in found {
        rest.push_str(&text[last..s]);
        last = e;
    }
    rest.push_str(&text[last..]);
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().skip(1).all(|w| w.chars().next().is_some_and(char::is_lowercase))
}

/// An actor name without a trailing parenthetical note ("(majority)", "(from February 2014)"),
/// footnote marks or stray punctuation.
fn clean_actor(name: &str) -> String {
    let mut n = name.trim();
    while let Some(open) = n.rfind(" (") {
        if n.ends_with(')') {
            n = n[..open].trim();
        } else {
            break;
        }
    }
    n.trim_matches(|c: char| c == ',' || c == ';' || c == '*' || c.is_whitespace()).to_string()
}

/// Ranks that stand before names, longest first so that "Lt. Gen." wins over "Lt.".
const RANKS: &[&str] = &[
    "Generalfeldmarschall",
    "Generaloberst",
    "General der Infanterie",
    "General der Panzertruppe",
    "Lieutenant General",
    "Lieutenant Colonel",
    "Major General",
    "Brigadier General",
    "Field Marshal",
    "Vice Admiral",
    "Rear Admiral",
    "Air Vice Marshal",
    "Air Marshal",
    "Lt. General",
    "Maj. General",
    "Brig. General",
    "Lt. Gen.",
    "Maj. Gen.",
    "Brig. Gen.",
    "Lt. Col.",
    "Lt.Gen.",
    "Maj.Gen.",
    "Brig.Gen.",
    "Gen.",
    "Col.",
    "Colonel",
    "General",
    "Admiral",
    "Marshal",
    "Brigadier",
    "Captain",
    "Capt.",
    "Major",
    "Maj.",
    "Lieutenant",
    "Lt.",
    "Sgt.",
    "Sheikh",
];

fn strip_rank(name: &str) -> (Option<String>, &str) {
    let mut rest = name.trim();
    let mut ranks = Vec::new();
    'outer: loop {
        for r in RANKS {
            if let Some(after) = rest.strip_prefix(r) {
                if after.starts_with(' ') && !after.trim().is_empty() {
                    ranks.push(*r);
                    rest = after.trim_start();
                    continue 'outer;
                }
            }
        }
        break;
    }
    ((!ranks.is_empty()).then(|| ranks.join(" ")), rest)
}

/// Removes killed marks from a name: `†`, a trailing `KIA` word or one glued to the name
/// (`Jameh JamehKIA`), `(KIA)`, `(executed)`, `(DOW)`; other status marks (`(POW)`, `(WIA)`) are
/// dropped without counting as killed.
fn strip_marks(text: &str) -> (String, bool) {
    let mut t = text.trim().to_string();
    let mut killed = false;
    loop {
        let before = t.clone();
        for mark in ["(KIA)", "(DOW)", "(executed)", "(Executed)", "†", "(†)"] {
            if let Some(i) = t.find(mark) {
                t.replace_range(i..i + mark.len(), " ");
                killed = true;
            }
        }
        for mark in ["(POW)", "(WIA)", "(MIA)"] {
            if let Some(i) = t.find(mark) {
                t.replace_range(i..i + mark.len(), " ");
            }
        }
        let trimmed = t.trim_end().trim_end_matches(',').trim_end();
        if let Some(stem) = trimmed.strip_suffix("KIA") {
            // `KIA` as its own word, or glued to a name that ends in a lower-case letter or a quote.
            if stem.is_empty()
                || stem.ends_with([' ', ','])
                || stem.ends_with(|c: char| c.is_lowercase() || c == '"' || c == '”')
            {
                t = stem.to_string();
                killed = true;
            }
        }
        t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t == before {
            break;
        }
    }
    (t.trim().trim_end_matches(',').trim().to_string(), killed)
}

/// Texts that hold the place of a commander but name nobody.
fn is_nobody(name: &str) -> bool {
    let n = name.trim().trim_end_matches('.').to_lowercase();
    matches!(n.as_str(), "unknown" | "n/a" | "none" | "various" | "" | "?" | "not known")
}

/// Commanders of one commander field. Each item is cut into names and parenthesized roles; a
/// role belongs to the name before it (`(Syrian 5th Corps) Ghassan Iskander Tarraf` gives the
/// previous commander a role and starts the next one).
fn commanders(doc: &Document, f: &Field) -> Vec<Commander> {
    let mut out: Vec<Commander> = Vec::new();
    for it in &f.items {
        let text = doc.slice(it.span).trim();
        if text.is_empty() || label(text).is_some() {
            continue;
        }
        let mut first_name_in_item = true;
        for seg in segments(text) {
            match seg {
                Seg::Role(role) => {
                    let (role, killed) = strip_marks(role);
                    if let Some(last) = out.last_mut() {
                        last.killed |= killed;
                        if last.role.is_none() && !role.is_empty() {
                            last.role = Some(role);
                        }
                    }
                }
                Seg::Name(name) => {
                    // A label before a name ("Division: X") is not part of it; a label alone
                    // ("KIA:") names nobody.
                    let name = name.rsplit_once(": ").map_or(name, |(_, n)| n);
                    if name.trim_end().ends_with(':') {
                        continue;
                    }
                    let (name, killed) = strip_marks(name);
                    if name.is_empty() {
                        // A lone mark (`KIA`) belongs to the commander before it.
                        if killed {
                            if let Some(last) = out.last_mut() {
                                last.killed = true;
                            }
                        }
                        continue;
                    }
                    let (rank, bare) = strip_rank(&name);
                    if is_nobody(bare) || !bare.chars().any(char::is_alphabetic) {
                        continue;
                    }
                    let flag = if first_name_in_item { it.flag.clone() } else { None };
                    first_name_in_item = false;
                    out.push(Commander { name: bare.to_string(), role: None, killed, flag, rank });
                }
            }
        }
    }
    out
}

enum Seg<'a> {
    Name(&'a str),
    Role(&'a str),
}

/// Ranks with a full stop, which inside a text can only start another name: a rendering that
/// lost line breaks ran "Hussein Isaac Maj. Gen. Adnan Omran" together.
const NAME_STARTS: &[&str] =
    &[" Maj. Gen.", " Lt. Gen.", " Brig. Gen.", " Col.", " Gen.", " Lt. Col.", " 1st Lt.", " Capt."];

fn push_names<'a>(out: &mut Vec<Seg<'a>>, s: &'a str) {
    // Longer ranks first, so that " Gen." inside " Maj. Gen." is not a cut of its own.
    let mut ranks: Vec<&str> = NAME_STARTS.to_vec();
    ranks.sort_by_key(|r| std::cmp::Reverse(r.len()));
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for r in ranks {
        if let Some(i) = s.find(r) {
            let inside = taken.iter().any(|&(a, b)| i < b && a < i + r.len());
            if !inside && s[..i].split_whitespace().count() >= 2 {
                taken.push((i, i + r.len()));
            }
        }
    }
    let mut cuts: Vec<usize> = taken.iter().map(|&(a, _)| a).collect();
    cuts.sort_unstable();
    let mut last = 0;
    for c in cuts {
        if c > last {
            push_name(out, &s[last..c]);
            last = c;
        }
    }
    push_name(out, &s[last..]);
}

/// Cuts `Name (role) Name † (role)` into names and roles. Parentheses nest; an unclosed one
/// runs to the end of the text.
fn segments(text: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    push_names(&mut out, &text[start..i]);
                    start = i + 1;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let role = text[start..i].trim();
                    if is_mark(role) {
                        // A mark in parentheses belongs with the name: keep it for strip_marks.
                        out.push(Seg::Name(&text[start - 1..i + 1]));
                    } else {
                        out.push(Seg::Role(role));
                    }
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push(Seg::Role(text[start..].trim()));
    } else {
        push_names(&mut out, &text[start..]);
    }
    out
}

fn is_mark(s: &str) -> bool {
    matches!(s, "KIA" | "DOW" | "executed" | "Executed" | "†" | "POW" | "WIA" | "MIA")
}

fn push_name<'a>(out: &mut Vec<Seg<'a>>, s: &'a str) {
    let s = s.trim().trim_matches(',').trim();
    if !s.is_empty() {
        out.push(Seg::Name(s));
    }
}

/// Parents of the conflict: the linked pages when the field has links, else the text split at
/// "and" and at "of"/"in" before a wider war.
fn part_of(doc: &Document, f: &Field) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        let s = s.trim().trim_start_matches("the ").trim_start_matches("The ").trim().trim_end_matches(['.', ',']);
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_string());
        }
    };
    let links: Vec<&str> = f.links.iter().map(|l| l.text.trim()).filter(|t| t.len() > 2).collect();
    if !links.is_empty() {
        for l in links {
            add(l);
        }
        return out;
    }
    let text = f.value(doc);
    let text = text.strip_prefix("Part of ").unwrap_or(text);
    for part in text.split(" and ").flat_map(|p| p.split(", ")) {
        let part = part.trim();
        match wider_war(part) {
            Some((head, tail)) => {
                if head.split_whitespace().count() >= 2 {
                    add(head);
                } else {
                    add(part);
                }
                add(tail);
            }
            None => add(part),
        }
    }
    out
}

/// "X of the Y" / "X in the Y" / "X during the Y" where Y is a war: the parts.
fn wider_war(part: &str) -> Option<(&str, &str)> {
    const WAR: &[&str] =
        &["war", "campaign", "conflict", "intervention", "insurgency", "front", "crisis", "revolution"];
    for sep in [" of the ", " during the ", " in the ", " of "] {
        if let Some(i) = part.rfind(sep) {
            let tail = &part[i + sep.len()..];
            let lower = tail.to_lowercase();
            if WAR
                .iter()
                .any(|w| lower.split_whitespace().any(|t| t.trim_matches(|c: char| !c.is_alphanumeric()) == *w))
            {
                return Some((&part[..i], tail));
            }
        }
    }
    None
}

/// A unit tree from a units field: depth 0 items are roots, deeper items nest under the last
/// shallower one.
fn unit_tree(doc: &Document, f: &Field) -> Vec<Unit> {
    let flat: Vec<(u8, String)> = item_texts(doc, f)
        .into_iter()
        .filter(|(_, t)| label(t).is_none())
        .map(|(d, t)| (d, clean_actor(t)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    nest(&flat)
}

fn nest(flat: &[(u8, String)]) -> Vec<Unit> {
    let mut roots: Vec<Unit> = Vec::new();
    let mut stack: Vec<(u8, Unit)> = Vec::new();
    fn pop(stack: &mut Vec<(u8, Unit)>, roots: &mut Vec<Unit>) {
        if let Some((_, u)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(u),
                None => roots.push(u),
            }
        }
    }
    for (depth, name) in flat {
        while stack.last().is_some_and(|(d, _)| d >= depth) {
            pop(&mut stack, &mut roots);
        }
        stack.push((*depth, Unit { name: name.clone(), children: Vec::new() }));
    }
    while !stack.is_empty() {
        pop(&mut stack, &mut roots);
    }
    roots
}

/// The unit trees of an article section headed "Units" (or "Order of battle"), one per side in
/// the order of its subsections. A term before a list (`; Syrian Armed Forces`) is the root the
/// list's items hang under.
fn units_section(doc: &Document) -> Vec<Vec<Unit>> {
    let Some((_, section)) = doc.walk_sections().into_iter().find(|(path, _)| {
        path.len() == 1 && {
            let h = path[0].to_lowercase();
            h == "units" || h.starts_with("units involved") || h.starts_with("order of battle")
        }
    }) else {
        return Vec::new();
    };
    let parts: Vec<&[Block]> = if section.children.is_empty() {
        vec![&section.blocks]
    } else {
        section.children.iter().map(|c| c.blocks.as_slice()).collect()
    };
    parts
        .into_iter()
        .map(|blocks| {
            let mut flat: Vec<(u8, String)> = Vec::new();
            let mut under_term = false;
            for b in blocks {
                match b {
                    Block::Term { span } => {
                        flat.push((0, clean_actor(doc.slice(*span))));
                        under_term = true;
                    }
                    Block::List { items, .. } => list_flat(doc, items, u8::from(under_term), &mut flat),
                    _ => {}
                }
            }
            nest(&flat)
        })
        .collect()
}

fn list_flat(doc: &Document, items: &[ListItem], depth: u8, out: &mut Vec<(u8, String)>) {
    for it in items {
        let name = clean_actor(doc.slice(it.text));
        if !name.is_empty() {
            out.push((depth, name));
        }
        list_flat(doc, &it.children, depth.saturating_add(1), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(side_key("combatant2b"), Some(("combatant", 2, "b")));
        assert_eq!(side_key("casualties3"), Some(("casualties", 3, "")));
        assert_eq!(side_key("date"), None);
        assert_eq!(side_key("units12"), Some(("units", 12, "")));
    }

    fn check_marks(input: &str, name: &str, killed: bool) {
        assert_eq!(strip_marks(input), (name.to_string(), killed), "input {input:?}");
    }

    #[test]
    fn killed_marks() {
        check_marks("Maj. Gen. Jameh JamehKIA", "Maj. Gen. Jameh Jameh", true);
        check_marks("Hussein Abu Sultan \"Abu Ghanam\"KIA", "Hussein Abu Sultan \"Abu Ghanam\"", true);
        check_marks("Abu Hadhefah Al-Maghrabi KIA", "Abu Hadhefah Al-Maghrabi", true);
        check_marks("Adnan Bakour †", "Adnan Bakour", true);
        check_marks("Felice Leggio (executed)", "Felice Leggio", true);
        check_marks("L.R.F. Kenyon (POW)", "L.R.F. Kenyon", false);
        check_marks("KIA", "", true);
        check_marks("Abu Issa", "Abu Issa", false);
        // An upper-case KIA inside a name that is not a mark stays.
        check_marks("NIKIA", "NIKIA", false);
    }

    fn commander_names(items: &[&str]) -> Vec<String> {
        let mut b = annals_model::DocBuilder::new(annals_model::Format::Plaintext);
        b.title("X");
        let value = annals_model::FieldValue {
            items: items.iter().map(|i| (0, i.to_string(), None)).collect(),
            ..Default::default()
        };
        b.infobox("Infobox", vec![("commander1".into(), value)]);
        let d = b.finish();
        commanders(&d, d.field("commander1").unwrap()).into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn labels_and_run_together_names() {
        assert_eq!(commander_names(&["KIA:", "Division: Aarne Blick"]), ["Aarne Blick"]);
        assert_eq!(commander_names(&["Hussein Isaac Maj. Gen. Adnan Omran"]), ["Hussein Isaac", "Adnan Omran"]);
        assert_eq!(commander_names(&["Maj. Gen. Issam Zahreddine"]), ["Issam Zahreddine"]);
    }

    #[test]
    fn ranks() {
        assert_eq!(strip_rank("Maj. Gen. Issam Zahreddine"), (Some("Maj. Gen.".into()), "Issam Zahreddine"));
        assert_eq!(strip_rank("Lt. General Ali Abdullah Ayyoub"), (Some("Lt. General".into()), "Ali Abdullah Ayyoub"));
        assert_eq!(strip_rank("Abu Bakr"), (None, "Abu Bakr"));
        assert_eq!(strip_rank("General"), (None, "General"));
    }

    #[test]
    fn part_of_splits_at_wider_wars() {
        let cases = [
            (
                "the Deir ez-Zor Governorate campaign of the Syrian civil war",
                vec!["Deir ez-Zor Governorate campaign", "Syrian civil war"],
            ),
            (
                "the Deir ez-Zor Governorate campaign and inter-rebel conflict during the Syrian civil war",
                vec!["Deir ez-Zor Governorate campaign", "inter-rebel conflict", "Syrian civil war"],
            ),
            (
                "the Battle of Deir ez-Zor and the Russian military intervention in the Syrian civil war",
                vec!["Battle of Deir ez-Zor", "Russian military intervention", "Syrian civil war"],
            ),
        ];
        for (input, expect) in cases {
            let mut b = annals_model::DocBuilder::new(annals_model::Format::Plaintext);
            b.title("X");
            b.infobox("Infobox", vec![("partof".into(), annals_model::FieldValue::single(input, input))]);
            let d = b.finish();
            assert_eq!(part_of(&d, d.field("partof").unwrap()), expect, "input {input:?}");
        }
    }
}
