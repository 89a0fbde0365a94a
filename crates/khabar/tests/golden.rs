//! Golden cases for the text layer, one TOML file per topic under
//! `tests/golden/<stage>/` at the repository root.
//!
//! Stages and what each case holds (besides `name`, `text`, and the optional
//! `note` and `known_failure`):
//! - `normalize`: `level` (`display` | `nlp` | `search`), optional
//!   `fold_ta_marbuta`, `expected` (the normalized string) and optional `map`
//!   rows `[norm_start, norm_end, "normalized", orig_start, orig_end, "original"]`
//!   that must map back with `AlignedText::to_original`;
//! - `tokenize`: `tokens` rows `[start, end, "surface", "kind"]` (byte offsets
//!   into the original) with a fifth element, the nlp form, when it differs
//!   from the surface; the tokenizer runs alone;
//! - `repair`: like `tokenize`, after the tokenizer and the repair stage, plus
//!   `repaired = [token indices]`;
//! - `sentences`: `sentences` rows `[start, end, "surface"]`; tokenizer then
//!   sentence splitter.
//!
//! Every failing case is reported with its file, its name and a line diff.
//! A case with `known_failure = "reason"` is reported apart and does not fail
//! the test; when it passes again the runner says so, so the marker can go.
//!
//! `KHABAR_BLESS=1 cargo test -p khabar --test golden` rewrites the expected
//! values of failing cases (not known failures) from the current output, in
//! the same one-row-per-line layout; review the diff before committing.

use khabar::sentence::SentenceSplitter;
use khabar::text::{normalize_with, Level, SearchOptions};
use khabar::token::repair::RepairStage;
use khabar::token::Tokenizer;
use khabar::{Document, Span, Stage};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden");
const STAGES: &[&str] = &["normalize", "tokenize", "repair", "sentences"];

// ------------------------------------------------------------------ model

#[derive(Debug, Clone, PartialEq)]
struct TokRow {
    start: usize,
    end: usize,
    surface: String,
    kind: String,
    /// The nlp form when it differs from the surface.
    norm: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct SpanRow {
    start: usize,
    end: usize,
    surface: String,
}

#[derive(Debug, Clone, PartialEq)]
struct MapRow {
    norm_start: usize,
    norm_end: usize,
    norm: String,
    orig_start: usize,
    orig_end: usize,
    orig: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    Normalize { level: String, fold_ta_marbuta: bool, expected: String, map: Vec<MapRow> },
    Tokens { tokens: Vec<TokRow>, repaired: Option<Vec<usize>> },
    Sentences(Vec<SpanRow>),
}

#[derive(Debug, Clone)]
struct Case {
    name: String,
    note: Option<String>,
    known_failure: Option<String>,
    text: String,
    body: Body,
}

struct GoldenFile {
    path: PathBuf,
    stage: String,
    header: String,
    cases: Vec<Case>,
}

// ------------------------------------------------------------------ parsing

fn get_str(t: &toml::Table, key: &str) -> Result<String, String> {
    match t.get(key) {
        Some(toml::Value::String(s)) => Ok(s.clone()),
        Some(v) => Err(format!("`{key}` must be a string, got {}", v.type_str())),
        None => Err(format!("missing `{key}`")),
    }
}

fn opt_str(t: &toml::Table, key: &str) -> Result<Option<String>, String> {
    match t.get(key) {
        None => Ok(None),
        Some(_) => get_str(t, key).map(Some),
    }
}

fn as_usize(v: &toml::Value, what: &str) -> Result<usize, String> {
    match v {
        toml::Value::Integer(i) if *i >= 0 => Ok(*i as usize),
        _ => Err(format!("{what}: expected a non-negative integer, got {v}")),
    }
}

fn as_string(v: &toml::Value, what: &str) -> Result<String, String> {
    match v {
        toml::Value::String(s) => Ok(s.clone()),
        _ => Err(format!("{what}: expected a string, got {v}")),
    }
}

fn rows<'a>(t: &'a toml::Table, key: &str) -> Result<Vec<&'a Vec<toml::Value>>, String> {
    let Some(v) = t.get(key) else { return Err(format!("missing `{key}`")) };
    let toml::Value::Array(a) = v else { return Err(format!("`{key}` must be an array")) };
    a.iter()
        .enumerate()
        .map(|(i, r)| match r {
            toml::Value::Array(r) => Ok(r),
            _ => Err(format!("`{key}` row {i} must be an array")),
        })
        .collect()
}

fn parse_case(stage: &str, t: &toml::Table) -> Result<Case, String> {
    let name = get_str(t, "name")?;
    let wrap = |e: String| format!("case `{name}`: {e}");
    let mut allowed = vec!["name", "note", "known_failure", "text"];
    let body = match stage {
        "normalize" => {
            allowed.extend(["level", "fold_ta_marbuta", "expected", "map"]);
            let level = get_str(t, "level").map_err(wrap)?;
            if parse_level(&level).is_none() {
                return Err(wrap(format!("unknown level `{level}` (display|nlp|search)")));
            }
            let fold_ta_marbuta = match t.get("fold_ta_marbuta") {
                None => false,
                Some(toml::Value::Boolean(b)) => *b,
                Some(_) => return Err(wrap("`fold_ta_marbuta` must be a boolean".into())),
            };
            let expected = get_str(t, "expected").map_err(wrap)?;
            let mut map = Vec::new();
            if t.contains_key("map") {
                for (i, r) in rows(t, "map").map_err(wrap)?.into_iter().enumerate() {
                    let w = format!("map row {i}");
                    if r.len() != 6 {
                        return Err(wrap(format!("{w}: needs 6 elements")));
                    }
                    map.push(MapRow {
                        norm_start: as_usize(&r[0], &w).map_err(wrap)?,
                        norm_end: as_usize(&r[1], &w).map_err(wrap)?,
                        norm: as_string(&r[2], &w).map_err(wrap)?,
                        orig_start: as_usize(&r[3], &w).map_err(wrap)?,
                        orig_end: as_usize(&r[4], &w).map_err(wrap)?,
                        orig: as_string(&r[5], &w).map_err(wrap)?,
                    });
                }
            }
            Body::Normalize { level, fold_ta_marbuta, expected, map }
        }
        "tokenize" | "repair" => {
            allowed.extend(["tokens", "repaired"]);
            let mut tokens = Vec::new();
            for (i, r) in rows(t, "tokens").map_err(wrap)?.into_iter().enumerate() {
                let w = format!("token row {i}");
                if !(4..=5).contains(&r.len()) {
                    return Err(wrap(format!("{w}: needs 4 or 5 elements")));
                }
                tokens.push(TokRow {
                    start: as_usize(&r[0], &w).map_err(wrap)?,
                    end: as_usize(&r[1], &w).map_err(wrap)?,
                    surface: as_string(&r[2], &w).map_err(wrap)?,
                    kind: as_string(&r[3], &w).map_err(wrap)?,
                    norm: r.get(4).map(|v| as_string(v, &w)).transpose().map_err(wrap)?,
                });
            }
            let repaired = match t.get("repaired") {
                None => None,
                Some(toml::Value::Array(a)) => {
                    Some(a.iter().map(|v| as_usize(v, "repaired")).collect::<Result<Vec<_>, _>>().map_err(wrap)?)
                }
                Some(_) => return Err(wrap("`repaired` must be an array of token indices".into())),
            };
            if stage == "repair" && repaired.is_none() {
                return Err(wrap("repair cases need `repaired = [...]` (maybe empty)".into()));
            }
            Body::Tokens { tokens, repaired }
        }
        "sentences" => {
            allowed.push("sentences");
            let mut out = Vec::new();
            for (i, r) in rows(t, "sentences").map_err(wrap)?.into_iter().enumerate() {
                let w = format!("sentence row {i}");
                if r.len() != 3 {
                    return Err(wrap(format!("{w}: needs 3 elements")));
                }
                out.push(SpanRow {
                    start: as_usize(&r[0], &w).map_err(wrap)?,
                    end: as_usize(&r[1], &w).map_err(wrap)?,
                    surface: as_string(&r[2], &w).map_err(wrap)?,
                });
            }
            Body::Sentences(out)
        }
        other => return Err(format!("unknown stage `{other}`")),
    };
    for k in t.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(wrap(format!("unknown key `{k}` (allowed: {})", allowed.join(", "))));
        }
    }
    Ok(Case {
        name: name.clone(),
        note: opt_str(t, "note").map_err(wrap)?,
        known_failure: opt_str(t, "known_failure").map_err(wrap)?,
        text: get_str(t, "text").map_err(wrap)?,
        body,
    })
}

fn load_file(path: &Path, stage: &str) -> Result<GoldenFile, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let header: String = src
        .lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let table: toml::Table = toml::from_str(&src).map_err(|e| format!("TOML error: {e}"))?;
    for k in table.keys() {
        if k != "case" {
            return Err(format!("unknown top-level key `{k}` (cases go in [[case]] tables)"));
        }
    }
    let mut cases = Vec::new();
    if let Some(v) = table.get("case") {
        let toml::Value::Array(a) = v else { return Err("`case` must be an array of tables".into()) };
        for c in a {
            let toml::Value::Table(t) = c else { return Err("`case` must be an array of tables".into()) };
            cases.push(parse_case(stage, t)?);
        }
    }
    Ok(GoldenFile { path: path.to_path_buf(), stage: stage.to_string(), header, cases })
}

// ------------------------------------------------------------------ running

fn parse_level(s: &str) -> Option<Level> {
    match s {
        "display" => Some(Level::Display),
        "nlp" => Some(Level::Nlp),
        "search" => Some(Level::Search),
        _ => None,
    }
}

fn slice_checked(s: &str, start: usize, end: usize) -> Option<&str> {
    if start <= end && end <= s.len() && s.is_char_boundary(start) && s.is_char_boundary(end) {
        Some(&s[start..end])
    } else {
        None
    }
}

fn token_rows(doc: &Document) -> Vec<TokRow> {
    doc.tokens
        .iter()
        .map(|t| {
            let surface = slice_checked(doc.text(), t.span.start as usize, t.span.end as usize)
                .map_or_else(|| format!("<bad span {}..{}>", t.span.start, t.span.end), str::to_string);
            let norm = slice_checked(doc.nlp.as_str(), t.norm.start as usize, t.norm.end as usize)
                .map_or_else(|| format!("<bad norm span {}..{}>", t.norm.start, t.norm.end), str::to_string);
            TokRow {
                start: t.span.start as usize,
                end: t.span.end as usize,
                norm: (norm != surface).then_some(norm),
                surface,
                kind: t.kind.as_str().to_string(),
            }
        })
        .collect()
}

/// The body the code produces for this case (same shape as the expected one).
fn actual_body(stage: &str, case: &Case) -> Body {
    match (&case.body, stage) {
        (Body::Normalize { level, fold_ta_marbuta, map, .. }, _) => {
            let lvl = parse_level(level).expect("checked at load");
            let a = normalize_with(&case.text, lvl, SearchOptions { fold_ta_marbuta: *fold_ta_marbuta });
            let norm = a.as_str();
            let map = map
                .iter()
                .map(|m| match slice_checked(norm, m.norm_start, m.norm_end) {
                    Some(ns) => {
                        let o = a.to_original(Span::new(m.norm_start, m.norm_end));
                        let (os, oe) = (o.start as usize, o.end as usize);
                        MapRow {
                            norm_start: m.norm_start,
                            norm_end: m.norm_end,
                            norm: ns.to_string(),
                            orig_start: os,
                            orig_end: oe,
                            orig: slice_checked(&case.text, os, oe)
                                .map_or_else(|| "<not on char boundaries>".to_string(), str::to_string),
                        }
                    }
                    None => MapRow {
                        norm: "<not a valid span of the output>".to_string(),
                        orig_start: 0,
                        orig_end: 0,
                        orig: String::new(),
                        ..m.clone()
                    },
                })
                .collect();
            Body::Normalize { level: level.clone(), fold_ta_marbuta: *fold_ta_marbuta, expected: norm.to_string(), map }
        }
        (Body::Tokens { .. }, "repair") => {
            let mut doc = Document::new(case.text.as_str());
            Tokenizer::new().run(&mut doc);
            RepairStage::embedded().expect("embedded repair model loads").run(&mut doc);
            let repaired = doc.tokens.iter().enumerate().filter(|(_, t)| t.repaired).map(|(i, _)| i).collect();
            Body::Tokens { tokens: token_rows(&doc), repaired: Some(repaired) }
        }
        (Body::Tokens { repaired, .. }, _) => {
            let mut doc = Document::new(case.text.as_str());
            Tokenizer::new().run(&mut doc);
            // The tokenizer alone never marks repairs; keep the key only if given.
            let rep = repaired
                .as_ref()
                .map(|_| doc.tokens.iter().enumerate().filter(|(_, t)| t.repaired).map(|(i, _)| i).collect());
            Body::Tokens { tokens: token_rows(&doc), repaired: rep }
        }
        (Body::Sentences(_), _) => {
            let mut doc = Document::new(case.text.as_str());
            Tokenizer::new().run(&mut doc);
            SentenceSplitter::new().run(&mut doc);
            Body::Sentences(
                doc.sentences
                    .iter()
                    .map(|s| SpanRow {
                        start: s.span.start as usize,
                        end: s.span.end as usize,
                        surface: slice_checked(doc.text(), s.span.start as usize, s.span.end as usize)
                            .map_or_else(|| format!("<bad span {}..{}>", s.span.start, s.span.end), str::to_string),
                    })
                    .collect(),
            )
        }
    }
}

/// Problems in the case itself: surfaces that are not the text at their offsets.
fn self_check(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: String, s: usize, e: usize, surface: &str, text: &str| {
        if slice_checked(text, s, e) != Some(surface) {
            out.push(format!(
                "{what}: {} is not text[{s}..{e}] = {}",
                q(surface),
                slice_checked(text, s, e).map_or("<invalid>".into(), q)
            ));
        }
    };
    match &case.body {
        Body::Normalize { expected, map, .. } => {
            for (i, m) in map.iter().enumerate() {
                check(format!("map row {i} (normalized)"), m.norm_start, m.norm_end, &m.norm, expected);
                check(format!("map row {i} (original)"), m.orig_start, m.orig_end, &m.orig, &case.text);
            }
        }
        Body::Tokens { tokens, .. } => {
            for (i, t) in tokens.iter().enumerate() {
                check(format!("token row {i}"), t.start, t.end, &t.surface, &case.text);
            }
        }
        Body::Sentences(rows) => {
            for (i, r) in rows.iter().enumerate() {
                check(format!("sentence row {i}"), r.start, r.end, &r.surface, &case.text);
            }
        }
    }
    out
}

// ------------------------------------------------------------------ writing

/// A TOML basic string; invisible characters (controls, zero-width, bidi,
/// combining hamza/madda, Latin combining marks) are written as `\uXXXX` so
/// a reader sees them.
fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if needs_escape(c) => {
                if (c as u32) <= 0xFFFF {
                    let _ = write!(o, "\\u{:04X}", c as u32);
                } else {
                    let _ = write!(o, "\\U{:08X}", c as u32);
                }
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn needs_escape(c: char) -> bool {
    let o = c as u32;
    o < 0x20
        || (0x7F..=0x9F).contains(&o)
        || matches!(o, 0xAD | 0x61C | 0x180E | 0xFEFF | 0x2028 | 0x2029)
        || (0x200B..=0x200F).contains(&o)
        || (0x202A..=0x202E).contains(&o)
        || (0x2060..=0x2064).contains(&o)
        || (0x2066..=0x2069).contains(&o)
        || (0x300..=0x36F).contains(&o)
        || (0x653..=0x655).contains(&o)
}

/// The lines of a body as written in the file (also what diffs compare).
fn body_lines(body: &Body) -> Vec<String> {
    let mut l = Vec::new();
    match body {
        Body::Normalize { level, fold_ta_marbuta, expected, map } => {
            l.push(format!("level = {}", q(level)));
            if *fold_ta_marbuta {
                l.push("fold_ta_marbuta = true".into());
            }
            l.push(format!("expected = {}", q(expected)));
            if !map.is_empty() {
                l.push("map = [".into());
                for m in map {
                    l.push(format!(
                        "  [{}, {}, {}, {}, {}, {}],",
                        m.norm_start,
                        m.norm_end,
                        q(&m.norm),
                        m.orig_start,
                        m.orig_end,
                        q(&m.orig)
                    ));
                }
                l.push("]".into());
            }
        }
        Body::Tokens { tokens, repaired } => {
            l.push("tokens = [".into());
            for t in tokens {
                let mut row = format!("  [{}, {}, {}, {}", t.start, t.end, q(&t.surface), q(&t.kind));
                if let Some(n) = &t.norm {
                    let _ = write!(row, ", {}", q(n));
                }
                row.push_str("],");
                l.push(row);
            }
            l.push("]".into());
            if let Some(r) = repaired {
                l.push(format!("repaired = [{}]", r.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")));
            }
        }
        Body::Sentences(rows) => {
            l.push("sentences = [".into());
            for r in rows {
                l.push(format!("  [{}, {}, {}],", r.start, r.end, q(&r.surface)));
            }
            l.push("]".into());
        }
    }
    l
}

fn render_file(f: &GoldenFile) -> String {
    let mut o = f.header.clone();
    for c in &f.cases {
        o.push_str("\n[[case]]\n");
        let _ = writeln!(o, "name = {}", q(&c.name));
        if let Some(n) = &c.note {
            let _ = writeln!(o, "note = {}", q(n));
        }
        if let Some(k) = &c.known_failure {
            let _ = writeln!(o, "known_failure = {}", q(k));
        }
        let _ = writeln!(o, "text = {}", q(&c.text));
        for line in body_lines(&c.body) {
            o.push_str(&line);
            o.push('\n');
        }
    }
    o
}

// ------------------------------------------------------------------ diff

/// A line diff (longest common subsequence): `-` expected, `+` got.
fn diff(expected: &[String], got: &[String]) -> String {
    let (n, m) = (expected.len(), got.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == got[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < n || j < m {
        if i < n && j < m && expected[i] == got[j] {
            let _ = writeln!(out, "      {}", expected[i]);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            let _ = writeln!(out, "    + {}", got[j]);
            j += 1;
        } else {
            let _ = writeln!(out, "    - {}", expected[i]);
            i += 1;
        }
    }
    out
}

// ------------------------------------------------------------------ test

enum Outcome {
    Pass,
    Fail(String),
    KnownFail(String),
    Fixed,
}

fn run_case(stage: &str, case: &Case) -> (Outcome, Option<Body>) {
    let problems = self_check(case);
    let got = std::panic::catch_unwind(|| actual_body(stage, case));
    let (report, got) = match got {
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            (Some(format!("    PANIC: {msg}\n")), None)
        }
        Ok(got) => {
            let mut r = String::new();
            for p in &problems {
                let _ = writeln!(r, "    case is inconsistent: {p}");
            }
            if got != case.body {
                r.push_str(&diff(&body_lines(&case.body), &body_lines(&got)));
            }
            ((!r.is_empty()).then_some(r), Some(got))
        }
    };
    let outcome = match (report, &case.known_failure) {
        (None, None) => Outcome::Pass,
        (None, Some(_)) => Outcome::Fixed,
        (Some(r), None) => Outcome::Fail(r),
        (Some(r), Some(_)) => Outcome::KnownFail(r),
    };
    (outcome, got)
}

/// Golden folders read by another test file.
const OWN_RUNNERS: &[&str] = &["numbers", "quotes"];

#[test]
fn golden_cases() {
    let root = Path::new(GOLDEN_DIR);
    let bless = std::env::var("KHABAR_BLESS").is_ok_and(|v| v == "1");
    let mut errors: Vec<String> = Vec::new();
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let stage = dir.file_name().unwrap().to_string_lossy().to_string();
        // These stages have runners of their own (tests/numbers.rs,
        // tests/quotes.rs): their cases need the whole pipeline.
        if OWN_RUNNERS.contains(&stage.as_str()) {
            continue;
        }
        if !STAGES.contains(&stage.as_str()) {
            errors.push(format!("{}: unknown stage directory (known: {})", dir.display(), STAGES.join(", ")));
            continue;
        }
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for p in paths {
            match load_file(&p, &stage) {
                Ok(f) => files.push(f),
                Err(e) => errors.push(format!("{}: {e}", p.display())),
            }
        }
    }

    let mut seen = std::collections::HashMap::new();
    let (mut pass, mut fail, mut known, mut fixed, mut blessed) = (0, 0, 0, 0, 0);
    let mut per_stage: std::collections::BTreeMap<String, usize> = Default::default();
    let mut fail_report = String::new();
    let mut known_report = String::new();
    let mut fixed_report = String::new();
    for f in &mut files {
        let rel = f.path.strip_prefix(root).unwrap_or(&f.path).display().to_string();
        let mut changed = false;
        for case in &mut f.cases {
            *per_stage.entry(f.stage.clone()).or_default() += 1;
            if let Some(prev) = seen.insert(case.name.clone(), rel.clone()) {
                errors.push(format!("duplicate case name `{}` in {rel} and {prev}", case.name));
            }
            let (outcome, got) = run_case(&f.stage, case);
            match outcome {
                Outcome::Pass => pass += 1,
                Outcome::Fail(r) => {
                    fail += 1;
                    let _ = writeln!(fail_report, "FAIL {rel} :: {}\n    text = {}\n{r}", case.name, q(&case.text));
                    if bless {
                        if let Some(got) = got {
                            case.body = got;
                            changed = true;
                            blessed += 1;
                        }
                    }
                }
                Outcome::KnownFail(r) => {
                    known += 1;
                    let _ = writeln!(
                        known_report,
                        "KNOWN {rel} :: {} ({})\n    text = {}\n{r}",
                        case.name,
                        case.known_failure.as_deref().unwrap_or(""),
                        q(&case.text)
                    );
                }
                Outcome::Fixed => {
                    fixed += 1;
                    let _ = writeln!(
                        fixed_report,
                        "FIXED {rel} :: {} now passes: remove its known_failure marker",
                        case.name
                    );
                }
            }
        }
        if changed {
            std::fs::write(&f.path, render_file(f))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", f.path.display()));
        }
    }

    if !known_report.is_empty() {
        eprintln!("---- known failures (not failing the test) ----\n{known_report}");
    }
    if !fixed_report.is_empty() {
        eprintln!("---- known failures that now pass ----\n{fixed_report}");
    }
    if !fail_report.is_empty() {
        eprintln!("---- failures ----\n{fail_report}");
    }
    let stages: Vec<String> = per_stage.iter().map(|(k, v)| format!("{k} {v}")).collect();
    eprintln!(
        "golden: {} cases ({}); {pass} pass, {fail} fail, {known} known failures, {fixed} fixed{}",
        pass + fail + known + fixed,
        stages.join(", "),
        if bless { format!("; blessed {blessed}") } else { String::new() }
    );
    for e in &errors {
        eprintln!("ERROR {e}");
    }
    assert!(errors.is_empty(), "{} golden file errors (see above)", errors.len());
    assert!(pass + fail + known + fixed > 0, "no golden cases found under {}", root.display());
    if !bless {
        assert_eq!(fail, 0, "{fail} golden cases fail (see the diffs above; KHABAR_BLESS=1 rewrites them)");
    }
}

#[test]
fn writer_round_trips_a_case() {
    // The writer's output parses back to the same case.
    let case = Case {
        name: "round_trip".into(),
        note: Some("a \"quoted\" note".into()),
        known_failure: None,
        text: "سو\u{200B}ريا\n\u{FEFB} e\u{0301}".into(),
        body: Body::Tokens {
            tokens: vec![TokRow {
                start: 0,
                end: 13,
                surface: "سو\u{200B}ريا".into(),
                kind: "word".into(),
                norm: Some("سوريا".into()),
            }],
            repaired: None,
        },
    };
    let f = GoldenFile { path: PathBuf::new(), stage: "tokenize".into(), header: "# h\n".into(), cases: vec![case] };
    let text = render_file(&f);
    assert!(text.contains("\\u200B"), "{text}");
    let table: toml::Table = toml::from_str(&text).unwrap();
    let toml::Value::Array(a) = &table["case"] else { panic!() };
    let toml::Value::Table(t) = &a[0] else { panic!() };
    let back = parse_case("tokenize", t).unwrap();
    assert_eq!(back.body, f.cases[0].body);
    assert_eq!(back.text, f.cases[0].text);
    assert_eq!(back.note, f.cases[0].note);
}
