//! Training khabar's models from the project's data folder (`../shared/data`
//! beside the repository). Each model has a module; `khabar train <model>`
//! is a thin layer over it.

pub mod lexicon;
