//! Keywords and the extractive summary.

pub mod keywords;
pub mod stem;
pub mod summarize;
