//! Learning machinery shared by the statistical stages (morphology, and
//! later entities): hashed features and the averaged perceptron.

pub mod features;
pub mod perceptron;

pub use features::{FeatureSet, Hashed};
pub use perceptron::{Perceptron, PerceptronModel};
