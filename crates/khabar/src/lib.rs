//! khabar (خبر, "news"): an Arabic news-text engine.
//!
//! A [`Document`] owns the original text, never changed, and flat layers of
//! annotation (tokens, sentences, …) whose [`Span`]s are byte ranges into it.
//! A [`Pipeline`] of [`Stage`]s fills the layers; analysis never fails.
//!
//! ```
//! // "Putin met Obama in Hangzhou. The meeting lasted 90 minutes."
//! let p = khabar::Pipeline::full().unwrap();
//! let doc = p.analyze("التقى بوتين أوباما في هانغتشو. واستمر اللقاء 90 دقيقة.");
//! assert_eq!(doc.sentences.len(), 2);
//! assert_eq!(doc.token_text(khabar::TokenId(1)), "بوتين");
//! ```

pub mod document;
pub mod error;
pub mod eval;
pub mod io;
pub mod learn;
pub mod model;
pub mod morph;
pub mod number;
pub mod ner;
pub mod pipeline;
pub mod quote;
pub mod sentence;
pub mod span;
pub mod summary;
pub mod text;
pub mod token;
pub mod train;

pub use document::{
    Document, Entity, EntityType, Keyword, Layer, Number, Quote, QuoteKind, Sentence, Speaker, Token, TokenKind, Upos, Word,
};
pub use error::{Error, ErrorKind, Location, Result};
pub use pipeline::{Pipeline, PipelineBuilder, Stage};
pub use span::{SentenceId, Span, TokenId};
