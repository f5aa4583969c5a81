//! (under construction)
use annals_model::conflict::PartialDate;
pub fn parse_range(_text: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    None
}
pub fn parse_date(_text: &str) -> Option<PartialDate> {
    None
}
