//! Run-together word repair (interim: passes tokens through; the lexicon
//! model and the splitter are being built).

use crate::document::{Document, Layer};
use crate::error::Result;
use crate::pipeline::Stage;

/// Splits tokens that scraping glued together.
#[derive(Debug, Default)]
pub struct RepairStage {
    _private: (),
}

impl RepairStage {
    /// The stage with the embedded lexicon.
    pub fn embedded() -> Result<Self> {
        Ok(RepairStage { _private: () })
    }
}

impl Stage for RepairStage {
    fn name(&self) -> &'static str {
        "repair"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Repaired]
    }
    fn run(&self, _doc: &mut Document) {}
}
