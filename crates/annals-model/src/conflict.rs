//! Conflict records: what an infobox says about a conflict, per side, with every quantity parsed
//! into a claim. A record is built from one document; merging records of the same conflict
//! (another rendering, another revision) keeps, for every value, the documents that assert it.

use crate::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to a day, a month or a year. `approx` marks "c. 1618".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
}

impl PartialDate {
    pub fn day(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate { year, month: Some(month), day: Some(day), approx: false }
    }

    pub fn month(year: i32, month: u8) -> PartialDate {
        PartialDate { year, month: Some(month), day: None, approx: false }
    }

    pub fn year(year: i32) -> PartialDate {
        PartialDate { year, month: None, day: None, approx: false }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// ISO 8601 at the precision known: `2016-01-16`, `2016-01` or `2016`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
    /// The earliest and latest days the date may stand for, as strings that sort like the days
    /// and compare with any `YYYY-MM-DD`: `2014-05` is `2014-05-00` to `2014-05-99`.
    pub fn day_bounds(&self) -> (String, String) {
        let iso = self.iso();
        match (self.month, self.day) {
            (Some(_), Some(_)) => (iso.clone(), iso),
            (Some(_), None) => (format!("{iso}-00"), format!("{iso}-99")),
            _ => (format!("{iso}-00-00"), format!("{iso}-99-99")),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// How a figure bounds the quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    AtLeast,
    AtMost,
    Approx,
    Range,
}

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Killed,
    Wounded,
    Captured,
    Kidnapped,
    Executed,
    Missing,
    Personnel,
    Tanks,
    Vehicles,
    Aircraft,
    Other,
}

/// Who a figure counts, when the text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Civilians,
    Soldiers,
    Fighters,
}

/// One quantity as the article states it: "300+ killed (Syrian claim; 29 Sep. – 13 Oct.)".
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Claim {
    /// The raw fragment the claim was read from.
    pub text: String,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Qualifier,
    pub category: Category,
    pub who: Option<Who>,
    /// The claimant: "SOHR", "Syrian government", "opposition", ...
    pub source: Option<String>,
    /// The time scope as written: "29 Sep. – 13 Oct.".
    pub period: Option<String>,
}

/// A commander as the infobox lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Commander {
    pub name: String,
    /// The role given in parentheses: "Republican Guard commander".
    pub role: Option<String>,
    /// Marked killed: `KIA`, `†`, `{{KIA}}`.
    pub killed: bool,
    /// The country of a flag before the name, as a nationality hint.
    pub flag: Option<String>,
    /// A rank before the name: "Maj. Gen.".
    pub rank: Option<String>,
}

/// A unit and the units under it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    pub children: Vec<Unit>,
}

/// Where a value came from: the document and the span of its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    pub document: String,
    pub span: Span,
}

/// One side of a conflict: one combatant column of the infobox.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub belligerents: Vec<String>,
    pub supported_by: Vec<String>,
    pub commanders: Vec<Commander>,
    pub units: Vec<Unit>,
    pub strength: Vec<Claim>,
    pub casualties: Vec<Claim>,
    /// The side's alignment (government, opposition, isil, ...) when annals knows it.
    pub bloc: Option<String>,
}

impl Side {
    pub fn is_empty(&self) -> bool {
        self.belligerents.is_empty()
            && self.supported_by.is_empty()
            && self.commanders.is_empty()
            && self.units.is_empty()
            && self.strength.is_empty()
            && self.casualties.is_empty()
    }
}

/// What one document's infobox says about a conflict.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConflictRecord {
    pub title: String,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    /// The date field as written.
    pub date_text: Option<String>,
    pub place: Option<String>,
    pub part_of: Vec<String>,
    pub result: Option<String>,
    pub status: Option<String>,
    pub territory: Option<String>,
    pub notes: Option<String>,
    /// Latitude and longitude in signed decimal degrees, from the infobox's `coordinates`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<(f64, f64)>,
    pub sides: Vec<Side>,
    /// Figures drawn across all sides (casualties3 in a two-sided infobox): civilians, unattributed.
    pub other_casualties: Vec<Claim>,
    /// What the record was read from.
    #[serde(default, skip_serializing_if = "Basis::is_infobox")]
    pub basis: Basis,
}

/// What a conflict record was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The article's infobox, in whatever rendering.
    #[default]
    Infobox,
    /// The title and the lead of an article without an infobox: inferred, as far as they state it.
    Lead,
}

impl Basis {
    pub fn is_infobox(&self) -> bool {
        *self == Basis::Infobox
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A partial date's day bounds sort around every day it may stand for.
    #[test]
    fn day_bounds_enclose_the_days_a_date_stands_for() {
        let cases = [
            (PartialDate::day(2014, 7, 1), ("2014-07-01", "2014-07-01")),
            (PartialDate::month(2014, 7), ("2014-07-00", "2014-07-99")),
            (PartialDate::year(2014), ("2014-00-00", "2014-99-99")),
        ];
        for (date, (first, last)) in cases {
            let (f, l) = date.day_bounds();
            assert_eq!((f.as_str(), l.as_str()), (first, last), "{date:?}");
        }
    }
}
