//! HTML pages flattened to pipe-separated table text.
//!
//! The flattening turned the page's infobox into a Markdown-like table and the rest of the page
//! into one line per paragraph; headings, lists and line breaks inside cells did not survive:
//!
//! ```text
//! Battle of X | |||||||                  <- title row: the title, then empty padding cells
//! ---|---|---|---|---|---|---|---|       <- separator: one `---|` per column
//! Part of the Y War | |||||||
//! Date | 1 May 1900 | ||||||             <- a labelled row
//! Belligerents | |||||||                 <- a group header row
//! Side one |                             <- a cell ends at `|`; the row goes on on the next line
//! Side two | ||||||                      <- ... until the padding run ends it
//! Casualties and losses | |||||||
//! 100 killed | 200 killed | ||||||
//! 39 civilians killed |                  <- one cell after a two-cell row: side 3
//! X victory                              <- the first line without `|` ends the table
//! The battle of X was fought ...         <- every later line is a paragraph
//! ```
//!
//! **Cells and rows.** Every `|` ends a cell; text after a line's last `|` is one more cell and
//! ends the row. A row also ends when it has as many cells as the separator has columns, when its
//! line ends in an empty cell (the padding run), or when the next line is a group header row or
//! not part of the table. Empty rows (the image row) are dropped.
//!
//! **Infobox.** The title row gives the title and `conflict`. Before the first group, a row
//! starting "Part of" is `partof` (without the prefix) and a row of a label and a value is a
//! labelled field (Date → `date`, Location → `place`, Result → `result`, Territorial changes →
//! `territory`, Status → `status`, other labels their normalized key). A header row "Belligerents",
//! "Commanders and leaders", "Units involved", "Strength" or "Casualties and losses" starts a side
//! group: the cells of the rows after it are sides 1..n by column position (`combatant1`, ...),
//! and a row with one cell after a row with N cells is side N+1. A row whose first cell is one of
//! the labels above is a labelled row even inside a group.
//!
//! **Items.** The flattening ran a cell's lines together ("Free Syrian Army Islamic Front ...",
//! "Name (role) Name † (role)"), so a side cell is split only where that is safe: after a closing
//! parenthesis followed by a space and a capital letter. Anything else is one item per cell.
//! Labelled values are one item each. Footnote markers (`[1]`) are dropped.
//!
//! **Result.** The flattening lost the Result row's label and left its value as the first line
//! after the table. That line becomes `result` when the infobox has none yet and the line is short
//! and not a sentence (see `is_lost_result` for the exact rule).
//!
//! **Body and diagnostics.** Every later non-blank line is a paragraph, bars and all. Flattened
//! pages were often cut off: when the last paragraph does not end with sentence-final punctuation
//! (`.!?"”’`), a warning says the document appears truncated. A table without text after it, a
//! missing separator row, an unlabelled row outside the groups, and a first line without `|` (no
//! table at all; everything is read as paragraphs) are warnings; empty input, and input that is
//! mostly control characters or U+FFFD, are errors.

use crate::html::{add_field, group_of, is_known_label, label_key};
use crate::text::strip_citations;
use crate::Hint;
use annals_model::{Diagnostic, DocBuilder, FieldValue, Format, Parsed};

/// A line of the input with the byte offset it starts at.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    offset: usize,
}

fn lines(input: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in input.split('\n') {
        out.push(Line { text: raw.strip_suffix('\r').unwrap_or(raw), offset });
        offset += raw.len() + 1;
    }
    out
}

pub fn read(input: &str, hint: &Hint) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut b = DocBuilder::new(Format::Pipetable);
    let all = lines(input);
    let Some(start) = all.iter().position(|l| !l.text.trim().is_empty()) else {
        b.title(hint.title.as_deref().unwrap_or(""));
        diagnostics.push(Diagnostic::error("empty input: no table or text to read").at(input, 0));
        return Parsed { document: b.finish(), diagnostics };
    };
    diagnostics.extend(crate::html::binary_input(input));
    let first = all[start];
    let mut i = start;
    let mut fields = Vec::new();
    let mut had_table = false;

    if first.text.contains('|') {
        had_table = true;
        let title_cells = split_cells(first.text);
        let title = title_cells.first().map(|c| clean(c)).unwrap_or_default();
        let title = if title.is_empty() { hint.title.clone().unwrap_or_default() } else { title };
        b.title(&title);
        if let Some(cell) = title_cells.first().filter(|c| !c.trim().is_empty()) {
            add_field(&mut fields, "conflict".into(), FieldValue::single(cell.trim(), &clean(cell)));
        }
        i += 1;
        let mut columns = title_cells.len();
        match all.get(i) {
            Some(l) if is_separator(l.text) => {
                columns = split_cells(l.text).len();
                i += 1;
            }
            _ => diagnostics
                .push(Diagnostic::warning("no `---|---` separator row under the title row").at(input, first.offset)),
        }
        let end = all[i..].iter().position(|l| !l.text.contains('|')).map_or(all.len(), |n| i + n);
        let rows = rows(&all[i..end], columns);
        read_rows(&rows, &mut fields, &mut diagnostics, input);
        i = end;
    } else {
        diagnostics.push(
            Diagnostic::warning("the first line has no `|`: no infobox table; the text is read as paragraphs")
                .at(input, first.offset),
        );
        match &hint.title {
            Some(t) => b.title(t),
            None if looks_like_title(first.text) => {
                b.title(first.text);
                i += 1;
            }
            None => {}
        }
    }

    // The body: every remaining non-blank line is a paragraph.
    let body: Vec<Line> = all[i..].iter().copied().filter(|l| !l.text.trim().is_empty()).collect();
    let mut body = body.as_slice();
    if let Some((line, rest)) = body.split_first() {
        let has_result = fields.iter().any(|(k, _)| k == "result");
        if had_table && !has_result && is_lost_result(line.text) {
            add_field(&mut fields, "result".into(), FieldValue::single(line.text.trim(), &clean(line.text)));
            body = rest;
        }
    }
    if !fields.is_empty() {
        b.infobox("Infobox", fields);
    } else if had_table {
        diagnostics.push(Diagnostic::warning("the table has no infobox rows").at(input, first.offset));
    }
    for line in body {
        b.paragraph(&clean(line.text));
    }
    match body.last() {
        None if had_table => {
            diagnostics.push(Diagnostic::warning("no article text after the infobox table").at(input, input.len()))
        }
        Some(last) if !ends_sentence(last.text) => {
            diagnostics.push(Diagnostic::warning("document appears truncated").at(input, input.len()))
        }
        _ => {}
    }
    let document = b.finish();
    if document.title.is_empty() && document.infobox.is_none() && document.sections.is_empty() {
        diagnostics.push(Diagnostic::error("nothing readable in the pipe-table text"));
    }
    Parsed { document, diagnostics }
}

/// Tidies a cell or line: citation markers removed, whitespace folded.
fn clean(s: &str) -> String {
    strip_citations(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The cells of one line: each `|` ends one; a non-blank rest after the last `|` is one more.
fn split_cells(line: &str) -> Vec<&str> {
    let mut cells: Vec<&str> = line.split('|').collect();
    if cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
}

/// `---|---|---|`, the Markdown separator under the title row.
fn is_separator(line: &str) -> bool {
    let cells = split_cells(line.trim());
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim();
            c.contains('-') && c.chars().all(|ch| ch == '-' || ch == ':')
        })
}

/// A group header row: a group's header in the first cell and nothing in the others.
fn is_group_header(line: &str) -> bool {
    let cells = split_cells(line);
    cells.first().is_some_and(|c| group_of(c).is_some()) && cells.iter().skip(1).all(|c| c.trim().is_empty())
}

/// A table row: its cells (untrimmed, as written) and where it starts.
struct Row<'a> {
    cells: Vec<&'a str>,
    offset: usize,
}

/// Assembles rows from table lines; see the module documentation for when a row ends.
fn rows<'a>(table: &[Line<'a>], columns: usize) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    let mut cur: Option<Row<'a>> = None;
    for (n, line) in table.iter().enumerate() {
        let row = cur.get_or_insert_with(|| Row { cells: Vec::new(), offset: line.offset });
        let pieces: Vec<&str> = line.text.split('|').collect();
        let (terminated, rest) = pieces.split_at(pieces.len().saturating_sub(1));
        row.cells.extend_from_slice(terminated);
        let trailing = rest.first().is_some_and(|r| !r.trim().is_empty());
        if trailing {
            row.cells.extend_from_slice(rest);
        }
        let padded = terminated.last().is_some_and(|c| c.trim().is_empty());
        let next_starts_row = table.get(n + 1).is_none_or(|next| is_group_header(next.text));
        if trailing || padded || row.cells.len() >= columns.max(1) || next_starts_row {
            out.extend(cur.take());
        }
    }
    out.extend(cur);
    out
}

/// Reads the rows after the title row into infobox fields.
fn read_rows(rows: &[Row], fields: &mut Vec<(String, FieldValue)>, diagnostics: &mut Vec<Diagnostic>, input: &str) {
    let mut group: Option<&'static str> = None;
    // The side index the next single-cell row of the open group gets.
    let mut next_index = 1;
    for row in rows {
        let cells: Vec<&str> = row.cells.iter().map(|c| c.trim()).collect();
        let filled: Vec<(usize, &str)> = cells.iter().copied().enumerate().filter(|(_, c)| !c.is_empty()).collect();
        let Some(&(first_pos, first)) = filled.first() else { continue };
        if filled.len() == 1 && first_pos == 0 {
            if let Some(g) = group_of(first) {
                group = Some(g);
                next_index = 1;
                continue;
            }
        }
        if filled.len() >= 2 && first_pos == 0 && (group.is_none() || is_known_label(first)) {
            group = None;
            let value: Vec<&str> = filled[1..].iter().map(|(_, c)| *c).collect();
            let value = value.join(" ");
            add_field(fields, label_key(first), FieldValue::single(value.clone(), &clean(&value)));
            continue;
        }
        match group {
            Some(g) if filled.len() == 1 => {
                add_field(fields, format!("{g}{next_index}"), side_value(first));
                next_index += 1;
            }
            Some(g) => {
                for &(pos, cell) in &filled {
                    add_field(fields, format!("{g}{}", pos + 1), side_value(cell));
                }
                next_index = filled.last().map_or(1, |(pos, _)| pos + 2);
            }
            None => {
                if let Some(rest) = strip_part_of(first) {
                    add_field(fields, "partof".into(), FieldValue::single(first, &clean(rest)));
                } else {
                    let text: String = first.chars().take(80).collect();
                    diagnostics.push(
                        Diagnostic::warning(format!("infobox row without a label or group was skipped: {text}"))
                            .at(input, row.offset),
                    );
                }
            }
        }
    }
}

fn strip_part_of(cell: &str) -> Option<&str> {
    let head = cell.get(..8)?;
    head.eq_ignore_ascii_case("part of ").then(|| &cell[8..])
}

/// A side cell's value, split into items after each `) ` that a capital letter follows: the
/// flattening ran "Name (role) Name (role)" lists together, and that boundary is the one place
/// where a new item certainly starts. Parentheses are counted so that a nested `)` does not split.
fn side_value(cell: &str) -> FieldValue {
    let text = clean(cell);
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let mut after = text[i + 1..].chars();
                    if after.next() == Some(' ') && after.next().is_some_and(char::is_uppercase) {
                        items.push((0, text[start..=i].trim().to_string(), None));
                        start = i + 2;
                        chars.next();
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(rest) = text.get(start..).filter(|r| !r.trim().is_empty()) {
        items.push((0, rest.trim().to_string(), None));
    }
    FieldValue { raw: cell.to_string(), items, links: Vec::new(), inline: false }
}

/// The Result rule. The flattening dropped the Result row's label cell, and its value came out as
/// a bare line right after the table (in the Deir ez-Zor seed, "Decisive ISIS victory" between
/// the last table row and the lead paragraph). So the first non-blank line after the table is
/// taken as the result when the infobox has no result yet and the line is short and not a
/// sentence: under 100 characters and not ending in sentence-final punctuation. A lead paragraph
/// is long and ends with a period, so it is never taken.
fn is_lost_result(line: &str) -> bool {
    // Markers go first: "... three states.[1]" ends with a period, not with "]".
    let t = clean(line);
    !t.is_empty() && t.chars().count() < 100 && !t.ends_with(['.', '!', '?', ':', ';'])
}

/// True when a paragraph ends like a finished sentence.
fn ends_sentence(text: &str) -> bool {
    clean(text).ends_with(['.', '!', '?', '"', '”', '’'])
}

/// A first line that can stand as a title when there is no table: short, one line, not a sentence.
fn looks_like_title(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().count() <= 150 && !t.ends_with(['.', '!', '?'])
}
