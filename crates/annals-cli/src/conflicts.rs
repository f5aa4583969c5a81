//! `annals conflicts`, `annals conflict TITLE` and `annals export conflicts`: conflict records
//! merged over documents, printed for people or exported for programs.

use crate::Output;
use annals_model::conflict::Claim;
use annals_resolve::{Asserted, Conflict, Gazetteer, MergedSide};
use anyhow::Result;
use std::io::Write;

fn dates(c: &Conflict) -> String {
    match (c.start, c.end) {
        (Some(s), Some(e)) if s != e => format!("{s} – {e}"),
        (Some(s), _) => s.to_string(),
        (None, Some(e)) => format!("? – {e}"),
        (None, None) => String::new(),
    }
}

pub fn list(out: &mut dyn Write, conflicts: &[Conflict], gazetteer: &Gazetteer, output: Output) -> Result<()> {
    if output == Output::Json {
        let rows: Vec<serde_json::Value> =
            conflicts.iter().map(|c| annals_export::conflict_json(c, gazetteer)).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = conflicts
        .iter()
        .map(|c| {
            vec![
                crate::show::clip(&c.title, 60),
                dates(c),
                c.sides.len().to_string(),
                c.documents.len().to_string(),
                c.disagreements.len().to_string(),
            ]
        })
        .collect();
    crate::show::print_table(out, &["TITLE", "DATES", "SIDES", "DOCS", "DISAGREEMENTS"], &rows)?;
    writeln!(out, "{} conflicts", conflicts.len())?;
    Ok(())
}

fn claim_line(c: &Asserted<Claim>) -> String {
    let v = &c.value;
    let mut s = v.text.clone();
    if let Some(src) = &v.source {
        if !s.contains(src.as_str()) {
            s.push_str(&format!(" [per {src}]"));
        }
    }
    s
}

/// The lines of one side for one row of the side-by-side view.
fn side_lines(s: &MergedSide, row: &str) -> Vec<String> {
    match row {
        "Belligerents" => s.belligerents.iter().map(|a| a.value.clone()).collect(),
        "Supported by" => s.supported_by.iter().map(|a| a.value.clone()).collect(),
        "Commanders" => s
            .commanders
            .iter()
            .map(|m| {
                let c = &m.commander;
                let mut line = c.name.clone();
                if c.killed {
                    line.push_str(" †");
                }
                if let Some(r) = &c.role {
                    line.push_str(&format!(" ({r})"));
                }
                line
            })
            .collect(),
        "Strength" => s.strength.iter().map(claim_line).collect(),
        "Casualties" => s.casualties.iter().map(claim_line).collect(),
        _ => Vec::new(),
    }
}

/// Wraps a line to `width` columns at spaces.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in line.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn show(
    out: &mut dyn Write,
    c: &Conflict,
    gazetteer: &Gazetteer,
    disagreements_only: bool,
    output: Output,
) -> Result<()> {
    if output == Output::Json {
        let v = if disagreements_only {
            serde_json::to_value(&c.disagreements)?
        } else {
            annals_export::conflict_json(c, gazetteer)
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    if disagreements_only {
        return print_disagreements(out, c);
    }
    writeln!(out, "{}", c.title)?;
    let facts = [
        ("Part of", c.part_of.iter().map(|a| a.value.as_str()).collect::<Vec<_>>().join("; ")),
        ("Date", c.date_text.clone().unwrap_or_else(|| dates(c))),
        ("Place", c.place.clone().unwrap_or_default()),
        ("Result", c.result.clone().unwrap_or_default()),
        ("Territory", c.territory.clone().unwrap_or_default()),
        ("Status", c.status.clone().unwrap_or_default()),
        ("Documents", c.documents.join(", ")),
    ];
    for (k, v) in facts {
        if !v.is_empty() {
            writeln!(out, "  {k:<10} {v}")?;
        }
    }
    let n = c.sides.len().max(1);
    let width = (110 / n).clamp(24, 60) - 2;
    for row in ["Belligerents", "Supported by", "Commanders", "Strength", "Casualties"] {
        let cols: Vec<Vec<String>> =
            c.sides.iter().map(|s| side_lines(s, row).iter().flat_map(|l| wrap(l, width)).collect()).collect();
        if cols.iter().all(Vec::is_empty) {
            continue;
        }
        writeln!(out, "\n{row}")?;
        let height = cols.iter().map(Vec::len).max().unwrap_or(0);
        for i in 0..height {
            let mut line = String::from("  ");
            for col in &cols {
                let cell = col.get(i).map(String::as_str).unwrap_or("");
                line.push_str(cell);
                line.push_str(&" ".repeat(width + 2 - cell.chars().count().min(width)));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    if !c.other_casualties.is_empty() {
        writeln!(out, "\nOther casualties")?;
        for cl in &c.other_casualties {
            writeln!(out, "  {}", claim_line(cl))?;
        }
    }
    if !c.disagreements.is_empty() {
        writeln!(out, "\n{} disagreements between documents (see --disagreements)", c.disagreements.len())?;
    }
    Ok(())
}

fn print_disagreements(out: &mut dyn Write, c: &Conflict) -> Result<()> {
    if c.disagreements.is_empty() {
        writeln!(out, "The documents about {:?} agree ({}).", c.title, c.documents.join(", "))?;
        return Ok(());
    }
    for d in &c.disagreements {
        writeln!(out, "{}", d.field)?;
        for v in &d.values {
            writeln!(out, "  {:?}  — {}", v.value, v.documents.join(", "))?;
        }
    }
    Ok(())
}
