//! Extraction: from documents to facts. Everything here is a pure function of a document (or a
//! piece of its text): no I/O, no failure; what cannot be read is left out, never guessed.
//!
//! - [`claims`]: quantities ("300+ killed (Syrian claim; 29 Sep. – 13 Oct.)") as claims.
//! - [`dates`]: infobox date fields ("26 November 2011 – 10 April 2014") as date ranges.
//! - [`conflict`]: a conflict record from a document's infobox, per side.
//! - [`sentences`], [`narrative`], [`coding`], [`events`]: dated events from the narrative, coded
//!   like ACLED, each traced to its sentence.

pub mod claims;
pub mod coding;
pub mod conflict;
pub mod dates;
pub mod events;
pub mod narrative;
pub mod sentences;
