//! (under construction)
use annals_model::conflict::Claim;
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Strength,
    Casualties,
}
pub fn parse_item(_item: &str, _context: Context) -> Vec<Claim> {
    Vec::new()
}
pub fn parse_items<'a>(items: impl IntoIterator<Item = &'a str>, context: Context) -> Vec<Claim> {
    items.into_iter().flat_map(|i| parse_item(i, context)).collect()
}
