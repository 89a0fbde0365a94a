//! Analyzing a stream of records in order-keeping chunks, on a thread pool
//! built once for the whole run.

use super::input::{Record, RecordError};
use crate::error::{Error, ErrorKind, Location};
use crate::pipeline::Pipeline;
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Records per chunk when running on several threads: enough to keep the
/// threads busy, few enough that output keeps streaming.
pub const CHUNK_RECORDS: usize = 256;

/// Text bytes per chunk, at most (a chunk always holds at least one record):
/// keeps memory bounded by the record limit rather than by 256 records.
pub const CHUNK_BYTES: usize = 64 * 1024 * 1024;

/// Runs a [`Pipeline`] over records, in parallel when asked, keeping their
/// order; a document on which a stage panics becomes an `E_INTERNAL` error
/// record instead of ending the run.
///
/// [`Pipeline::analyze_batch`] builds a thread pool per call; a stream makes
/// one call per chunk, so this keeps one pool for the whole run.
///
/// ```
/// use khabar::io::{Analyzer, JsonlReader, Limits};
/// let p = khabar::Pipeline::full().unwrap();
/// // Two records: "The minister arrived." and "The talks began."
/// let input = "{\"id\":1,\"text\":\"وصل الوزير.\"}\n{\"id\":2,\"text\":\"بدأت المحادثات.\"}\n";
/// let records = JsonlReader::new(input.as_bytes(), "a.jsonl", Limits::default());
/// let analyzer = Analyzer::new(&p, 2);
/// let ids: Vec<_> = analyzer.chunks(records).flatten()
///     .map(|r| r.content.unwrap().id.unwrap()).collect();
/// assert_eq!(ids, [1, 2]);
/// ```
pub struct Analyzer<'p> {
    pipeline: &'p Pipeline,
    pool: Option<rayon::ThreadPool>,
}

impl<'p> Analyzer<'p> {
    /// An analyzer on `threads` threads (`0`: one per core; `1`: the calling
    /// thread, no pool). If the pool cannot be built it runs on the calling
    /// thread.
    pub fn new(pipeline: &'p Pipeline, threads: usize) -> Self {
        let threads = if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
        let pool = if threads > 1 { rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok() } else { None };
        Analyzer { pipeline, pool }
    }

    /// Threads in use.
    pub fn threads(&self) -> usize {
        self.pool.as_ref().map_or(1, |p| p.current_num_threads())
    }

    /// Analyze the documents among `records`, in place.
    pub fn analyze(&self, records: &mut [Record]) {
        match &self.pool {
            Some(pool) => pool.install(|| records.par_iter_mut().for_each(|r| self.run_one(r))),
            None => records.iter_mut().for_each(|r| self.run_one(r)),
        }
    }

    fn run_one(&self, record: &mut Record) {
        let Ok(doc) = &mut record.content else { return };
        if let Err(payload) = catch_unwind(AssertUnwindSafe(|| self.pipeline.run(doc))) {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let error =
                Error::new(ErrorKind::Internal, format!("analysis failed (a bug in khabar, please report it): {why}"))
                    .at(Location { file: Some(record.file.to_string()), line: record.line, byte: None });
            let id = doc.id.take();
            record.content = Err(RecordError { error, id });
        }
    }

    /// The records of `records`, analyzed, a chunk at a time and in input
    /// order. Only one chunk is in memory: the input is read as it goes.
    pub fn chunks<I: Iterator<Item = Record>>(&self, records: I) -> Chunks<'_, 'p, I> {
        // One thread gains nothing from chunks, and a chunk of one shows
        // each result as soon as it is ready (a slow producer on a pipe).
        let max_records = if self.pool.is_some() { CHUNK_RECORDS } else { 1 };
        Chunks { analyzer: self, records, max_records }
    }
}

/// Iterator of analyzed chunks; see [`Analyzer::chunks`].
pub struct Chunks<'a, 'p, I> {
    analyzer: &'a Analyzer<'p>,
    records: I,
    max_records: usize,
}

impl<I: Iterator<Item = Record>> Iterator for Chunks<'_, '_, I> {
    type Item = Vec<Record>;

    fn next(&mut self) -> Option<Vec<Record>> {
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < self.max_records && bytes < CHUNK_BYTES {
            let Some(r) = self.records.next() else { break };
            bytes += r.content.as_ref().map_or(0, |d| d.text().len());
            chunk.push(r);
        }
        if chunk.is_empty() {
            return None;
        }
        self.analyzer.analyze(&mut chunk);
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Layer};
    use crate::pipeline::Stage;
    use std::sync::Arc;

    fn record(text: &str, id: u64) -> Record {
        let mut doc = Document::new(text);
        doc.id = Some(id.into());
        Record { file: Arc::from("t"), line: Some(id), input_bytes: 0, content: Ok(doc) }
    }

    #[test]
    fn order_is_kept_across_threads_and_chunks() {
        let p = Pipeline::full().unwrap();
        let a = Analyzer::new(&p, 3);
        // "news number N" in many lengths so threads finish out of order.
        let recs: Vec<Record> =
            (0..600).map(|i| record(&format!("{} رقم {i}.", "خبر ".repeat(i % 37)), i as u64)).collect();
        let chunks: Vec<Vec<Record>> = a.chunks(recs.into_iter()).collect();
        assert_eq!(chunks.len(), 3);
        for (i, r) in chunks.into_iter().flatten().enumerate() {
            let doc = r.content.unwrap();
            assert_eq!(doc.id, Some((i as u64).into()));
            assert!(doc.has_layer(Layer::Sentences));
        }
    }

    struct Boom;
    impl Stage for Boom {
        fn name(&self) -> &'static str {
            "boom"
        }
        fn requires(&self) -> &'static [Layer] {
            &[]
        }
        fn provides(&self) -> &'static [Layer] {
            &[]
        }
        fn run(&self, doc: &mut Document) {
            assert!(!doc.text().contains("انفجار"), "boom"); // "explosion"
        }
    }

    #[test]
    fn a_panicking_document_fails_alone() {
        let p = Pipeline::builder().stage(Boom).build().unwrap();
        let a = Analyzer::new(&p, 1);
        let mut recs = vec![record("هدوء", 1), record("انفجار", 2), record("هدوء", 3)]; // "calm", "explosion", "calm"
        a.analyze(&mut recs);
        assert!(recs[0].content.is_ok() && recs[2].content.is_ok());
        let e = recs[1].content.as_ref().unwrap_err();
        assert_eq!(e.error.code(), "E_INTERNAL");
        assert_eq!(e.id, Some(2u64.into()));
    }
}
