//! Evaluations of khabar's stages on held-out data, as library functions
//! returning serializable reports. `khabar eval <what>` prints them; each
//! stage that can be scored has a module here.

pub mod repair;
pub mod rouge;
pub mod ud;
