//! Golden cases for the numbers stage: `tests/golden/numbers/*.toml` at the
//! repository root, run through `Pipeline::full()` and then, if the
//! pipeline does not have it yet, the [`NumberStage`].
//!
//! Each case has `name`, `text`, optional `note` and `known_failure`, and
//! `numbers`: rows `{ surface, value, high?, unit? }` (a missing `high` or
//! `unit` means none). Expected rows are matched to found numbers by
//! surface, in order. The runner prints every failing case with a row diff
//! and the totals: numbers found (surface right), value right (value and
//! high), unit right, spurious numbers, and cases passed. A case with
//! `known_failure = "reason"` is reported apart and does not fail the test.
//! `KHABAR_BLESS=1` prints the found rows of failing cases in the file's
//! layout, to paste after review (files are not rewritten).

use khabar::number::NumberStage;
use khabar::{Document, Layer, Pipeline, Stage};
use std::fmt::Write as _;
use std::path::PathBuf;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden/numbers");

#[derive(Debug, Clone, PartialEq)]
struct Row {
    surface: String,
    value: f64,
    high: Option<f64>,
    unit: Option<String>,
}

struct Case {
    file: String,
    name: String,
    known_failure: Option<String>,
    text: String,
    numbers: Vec<Row>,
}

fn num(v: &toml::Value, what: &str) -> Result<f64, String> {
    match v {
        toml::Value::Integer(i) => Ok(*i as f64),
        toml::Value::Float(f) => Ok(*f),
        _ => Err(format!("{what}: expected a number, got {v}")),
    }
}

fn load() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("tests/golden/numbers exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(&path).expect("readable");
        let table: toml::Table = match src.parse() {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{file}: {e}"));
                continue;
            }
        };
        let Some(toml::Value::Array(cases)) = table.get("case") else {
            errors.push(format!("{file}: no [[case]]"));
            continue;
        };
        for c in cases {
            match parse_case(&file, c) {
                Ok(c) => out.push(c),
                Err(e) => errors.push(format!("{file}: {e}")),
            }
        }
    }
    assert!(errors.is_empty(), "bad golden files:\n{}", errors.join("\n"));
    out
}

fn parse_case(file: &str, v: &toml::Value) -> Result<Case, String> {
    let t = v.as_table().ok_or("a case must be a table")?;
    let s = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let name = s("name").ok_or("case without `name`")?;
    for k in t.keys() {
        if !matches!(k.as_str(), "name" | "text" | "note" | "known_failure" | "numbers") {
            return Err(format!("case `{name}`: unknown key `{k}`"));
        }
    }
    let text = s("text").ok_or(format!("case `{name}`: no `text`"))?;
    let rows = t
        .get("numbers")
        .and_then(|v| v.as_array())
        .ok_or(format!("case `{name}`: no `numbers`"))?;
    let mut numbers = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let what = format!("case `{name}` row {i}");
        let r = r.as_table().ok_or(format!("{what}: must be an inline table"))?;
        for k in r.keys() {
            if !matches!(k.as_str(), "surface" | "value" | "high" | "unit") {
                return Err(format!("{what}: unknown key `{k}`"));
            }
        }
        numbers.push(Row {
            surface: r
                .get("surface")
                .and_then(|v| v.as_str())
                .ok_or(format!("{what}: no surface"))?
                .to_string(),
            value: num(r.get("value").ok_or(format!("{what}: no value"))?, &what)?,
            high: r.get("high").map(|v| num(v, &what)).transpose()?,
            unit: r.get("unit").and_then(|v| v.as_str()).map(str::to_string),
        });
    }
    Ok(Case {
        file: file.to_string(),
        name,
        known_failure: s("known_failure"),
        text,
        numbers,
    })
}

fn found(pipeline: &Pipeline, text: &str) -> Vec<Row> {
    let mut doc: Document = pipeline.analyze(text);
    if !doc.has_layer(Layer::Numbers) {
        NumberStage::new().run(&mut doc);
    }
    doc.numbers
        .iter()
        .map(|n| Row {
            surface: n.span.slice(doc.text()).to_string(),
            value: n.value,
            high: n.high,
            unit: n.unit.clone(),
        })
        .collect()
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn show(r: &Row) -> String {
    let mut s = format!("{{ surface = {:?}, value = {}", r.surface, r.value);
    if let Some(h) = r.high {
        let _ = write!(s, ", high = {h}");
    }
    if let Some(u) = &r.unit {
        let _ = write!(s, ", unit = {u:?}");
    }
    s + " }"
}

#[derive(Default)]
struct Totals {
    expected: usize,
    found: usize,
    value_right: usize,
    unit_right: usize,
    spurious: usize,
    cases: usize,
    passed: usize,
}

#[test]
fn golden_numbers() {
    let pipeline = Pipeline::full().expect("embedded models load");
    let cases = load();
    assert!(!cases.is_empty());
    let bless = std::env::var_os("KHABAR_BLESS").is_some_and(|v| v == "1");
    let mut t = Totals::default();
    let mut report = String::new();
    let mut failed = Vec::new();
    let mut known = Vec::new();
    for c in &cases {
        let got = found(&pipeline, &c.text);
        let mut used = vec![false; got.len()];
        let mut diff = Vec::new();
        t.cases += 1;
        t.expected += c.numbers.len();
        for e in &c.numbers {
            let hit = (0..got.len()).find(|&k| !used[k] && got[k].surface == e.surface);
            match hit {
                None => diff.push(format!("  - {}  (not found)", show(e))),
                Some(k) => {
                    used[k] = true;
                    t.found += 1;
                    let g = &got[k];
                    let v_ok = same(g.value, e.value)
                        && match (g.high, e.high) {
                            (None, None) => true,
                            (Some(a), Some(b)) => same(a, b),
                            _ => false,
                        };
                    let u_ok = g.unit == e.unit;
                    t.value_right += v_ok as usize;
                    t.unit_right += u_ok as usize;
                    if !(v_ok && u_ok) {
                        diff.push(format!("  - {}\n  + {}", show(e), show(g)));
                    }
                }
            }
        }
        for (k, g) in got.iter().enumerate() {
            if !used[k] {
                t.spurious += 1;
                diff.push(format!("  + {}  (spurious)", show(g)));
            }
        }
        if diff.is_empty() {
            t.passed += 1;
            if c.known_failure.is_some() {
                let _ = writeln!(report, "PASSES NOW (drop known_failure): {} / {}", c.file, c.name);
            }
            continue;
        }
        let head = format!("{} / {}: {}", c.file, c.name, c.text);
        let mut block = format!("{head}\n{}\n", diff.join("\n"));
        if bless {
            let rows: Vec<String> = got.iter().map(|g| format!("  {},", show(g))).collect();
            let _ = write!(block, "  found rows:\nnumbers = [\n{}\n]\n", rows.join("\n"));
        }
        match &c.known_failure {
            Some(why) => known.push(format!("(known failure: {why}) {block}")),
            None => failed.push(block),
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 100.0 } else { 100.0 * a as f64 / b as f64 };
    let _ = writeln!(
        report,
        "numbers golden: {} cases, {} passed; {} expected numbers: found {} ({:.1}%), value right {} ({:.1}%), unit right {} ({:.1}%); {} spurious",
        t.cases,
        t.passed,
        t.expected,
        t.found,
        pct(t.found, t.expected),
        t.value_right,
        pct(t.value_right, t.expected),
        t.unit_right,
        pct(t.unit_right, t.expected),
        t.spurious
    );
    for k in &known {
        report.push_str(k);
    }
    for f in &failed {
        report.push_str(f);
    }
    println!("{report}");
    assert!(
        failed.is_empty(),
        "{} numbers golden case(s) failed:\n{report}",
        failed.len()
    );
}
