//! Learning machinery shared by the statistical stages (morphology, and
//! later entities): hashed features and the averaged perceptron.

pub mod features;
pub mod perceptron;

pub use features::{FeatureSet, Hashed};
pub use perceptron::{PairedModel, Perceptron, PerceptronModel};

/// Seed of the deterministic training shuffles.
pub const SHUFFLE_SEED: u64 = 0x2545_F491_4F6C_DD1D;

/// One step of xorshift64: training order must be the same on every run, so
/// no random source is used.
#[inline]
pub fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Fisher–Yates shuffle of `order` driven by [`xorshift`] on `state`.
pub fn shuffle<T>(order: &mut [T], state: &mut u64) {
    for k in (1..order.len()).rev() {
        let r = xorshift(state);
        order.swap(k, (r % (k as u64 + 1)) as usize);
    }
}
