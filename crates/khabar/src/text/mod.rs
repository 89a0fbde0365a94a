//! The text layer: character classes, normalization levels and the aligned
//! text that maps every normalized byte back to the original.

pub mod aligned;
pub mod chars;
pub mod normalize;

pub use aligned::{AlignedBuilder, AlignedText, Mapper};
pub use normalize::{normalize, normalize_with, Level, SearchOptions};
