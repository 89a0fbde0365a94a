//! Morphology: clitic segmentation, part of speech and lemma.
//!
//! A written token (`وبالمدينة`, "and in the city") holds several syntactic
//! words (`و` + `ب` + `المدينة`); this module is where tokens become words.
//! The models are trained on UD Arabic PADT, whose release here lacks the
//! written tokens, so [`padt`] first rebuilds them from the gold words.

pub mod padt;
pub mod person;
pub mod tagger;
pub mod data;
pub mod segment;
pub mod stage;
pub mod train;
pub mod wordlist;
