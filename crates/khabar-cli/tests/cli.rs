//! `khabar analyze` end to end: the built binary on fixtures written to a
//! temporary directory. The Arabic examples are our own sentences.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("khabar-cli-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json_lines(&self) -> Vec<Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
    }
}

fn khabar(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        // A writer thread: a big input must not deadlock against a full stdout pipe.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `text[start:end]` as Python slices it: by code points.
fn cp_slice(text: &str, start: &Value, end: &Value) -> String {
    let (s, e) = (start.as_u64().unwrap() as usize, end.as_u64().unwrap() as usize);
    text.chars().skip(s).take(e - s).collect()
}

fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

fn name(path: &str) -> &str {
    Path::new(path).file_name().unwrap().to_str().unwrap()
}

// "The spokesman said: «We will hold another meeting too.And as for the
// details, see https://example.org» 😀 / He added that 150 people attended."
const ARTICLE: &str =
    "قالَ المُتَحَدِّثُ: «سنعقد اجتماعاً آخر أيضا.وفيما يخص التفاصيل راجعوا https://example.org» 😀\nوأضاف أن ١٥٠ شخصاً حضروا.";

#[test]
fn offsets_are_code_points_with_harakat_and_an_emoji() {
    let dir = TempDir::new("offsets");
    let f = dir.file("maqal.txt", ARTICLE);
    let run = khabar(&["analyze", "--format", "jsonl", &f], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = run.json_lines();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["id"], f.as_str());
    assert_eq!(doc["text"], ARTICLE);
    assert_eq!(
        doc["layers"],
        serde_json::json!([
            "tokens", "repaired", "sentences", "words", "entities", "numbers", "quotes", "keywords", "summary"
        ])
    );
    for layer in ["entities", "numbers", "quotes"] {
        for item in doc[layer].as_array().unwrap() {
            assert_eq!(cp_slice(ARTICLE, &item["start"], &item["end"]), item["text"].as_str().unwrap(), "{layer}");
        }
    }
    let text = doc["text"].as_str().unwrap();
    // Every word lies inside its token, in code points too.
    for w in doc["words"].as_array().unwrap() {
        let t = &doc["tokens"][w["token"].as_u64().unwrap() as usize];
        assert!(t["start"].as_u64() <= w["start"].as_u64() && w["end"].as_u64() <= t["end"].as_u64(), "{w} in {t}");
    }
    let tokens = doc["tokens"].as_array().unwrap();
    for t in tokens {
        assert_eq!(cp_slice(text, &t["start"], &t["end"]), t["text"].as_str().unwrap());
        assert!(t.get("repaired").is_none());
    }
    let find = |s: &str| tokens.iter().find(|t| t["text"] == s).unwrap_or_else(|| panic!("no token {s}"));
    // قالَ is 4 code points (3 letters + fatha); the emoji is one code point.
    assert_eq!((&find("قالَ")["start"], &find("قالَ")["end"]), (&Value::from(0), &Value::from(4)));
    assert_eq!(find("قالَ")["norm"], "قال");
    let emoji_at = ARTICLE.chars().position(|c| c == '😀').unwrap();
    assert_eq!(find("😀")["start"], emoji_at);
    assert_eq!(find("😀")["end"], emoji_at + 1);
    assert_eq!(find("https://example.org")["kind"], "url");
    assert_eq!(find("١٥٠")["kind"], "number");
    assert_eq!(find("١٥٠")["norm"], "150");
    assert_eq!(find("«")["kind"], "punct");
    // The glued full stop ends a sentence: أيضا. | وفيما
    let sentences = doc["sentences"].as_array().unwrap();
    let firsts: Vec<String> = sentences.iter().map(|s| cp_slice(text, &s["start"], &s["end"])).collect();
    assert!(firsts[0].ends_with("أيضا."), "{firsts:?}");
    assert!(firsts[1].starts_with("وفيما"), "{firsts:?}");
}

#[test]
fn jsonl_bad_records_are_replaced_in_place_and_the_rest_processed() {
    let dir = TempDir::new("records");
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice("{\"id\":\"a\",\"text\":\"وصل الوفد.\"}\n".as_bytes()); // 1 "The delegation arrived."
    input.extend_from_slice(b"this is not json\n"); // 2
    input.extend_from_slice(b"\n"); // 3: blank, skipped and counted
    input.extend_from_slice(b"[\"an\",\"array\"]\n"); // 4
    input.extend_from_slice(b"{\"id\":\"d\"}\n"); // 5: no text
    input.extend_from_slice(b"{\"id\":\"e\",\"text\":42}\n"); // 6: text not a string
    input.extend_from_slice(b"{\"id\":\"f\",\"text\":\"\xD8\"}\n"); // 7: invalid UTF-8 (a cut Arabic letter)
    input.extend_from_slice(b"{\"id\":\"g\",\"text\":\"\x00\"}\n"); // 8: NUL byte
    input.extend_from_slice(format!("{{\"id\":\"h\",\"text\":\"{}\"}}\n", "خبر ".repeat(100)).as_bytes()); // 9: too large
    input.extend_from_slice("{\"id\":\"z\",\"text\":\"انتهى الاجتماع.\"}".as_bytes()); // 10 "The meeting ended.", no final newline
    let f = dir.file("akhbar.jsonl", &input);
    let run = khabar(&["analyze", "--max-record-bytes", "200", &f], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // JSONL in → JSONL out by default; one output line per record, in order.
    let out = run.json_lines();
    let codes: Vec<&str> = out.iter().map(error_code).collect();
    assert_eq!(
        codes,
        [
            "",
            "E_BAD_RECORD",
            "E_BAD_RECORD",
            "E_BAD_RECORD",
            "E_BAD_RECORD",
            "E_INVALID_UTF8",
            "E_NUL_BYTE",
            "E_TOO_LARGE",
            ""
        ]
    );
    let lines: Vec<u64> = out[1..8].iter().map(|v| v["error"]["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 4, 5, 6, 7, 8, 9]);
    for e in &out[1..8] {
        assert_eq!(e["error"]["file"], f.as_str());
        assert!(!e["error"]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(out[0]["id"], "a");
    assert_eq!(out[8]["id"], "z");
    assert_eq!(out[8]["sentences"].as_array().unwrap().len(), 1);
    // The id is given back when the line parsed far enough to have one.
    assert!(out[1].get("id").is_none());
    assert_eq!(out[3]["id"], "d");
    assert!(out[3]["error"]["message"].as_str().unwrap().contains("`text`"));
    assert_eq!(out[4]["id"], "e");
    assert_eq!(out[5]["id"], "f");
    assert_eq!(out[6]["id"], "g");
    // Offsets of bad bytes are byte offsets in the file.
    let line7 = input.split(|&b| b == b'\n').take(6).map(|l| l.len() + 1).sum::<usize>();
    assert_eq!(out[5]["error"]["byte"], line7 + "{\"id\":\"f\",\"text\":\"".len());
    assert!(out[7]["error"]["message"].as_str().unwrap().contains("200"));
    // stderr: one message per failed record naming file and line, the blank line, a summary.
    assert_eq!(run.stderr.lines().filter(|l| l.contains(&format!("{f}, line "))).count(), 7, "{}", run.stderr);
    assert!(run.stderr.contains("E_INVALID_UTF8"), "{}", run.stderr);
    assert!(run.stderr.contains("skipped 1 blank line"), "{}", run.stderr);
    assert!(run.stderr.contains("7 of 9 inputs failed"), "{}", run.stderr);
}

#[test]
fn jsonl_order_is_kept_with_two_threads() {
    let dir = TempDir::new("order");
    let mut input = String::new();
    for i in 0..700 {
        // "News number i." of varied lengths, so threads finish out of order.
        input.push_str(&format!("{{\"id\":{i},\"text\":\"{} خبر رقم {i}.\"}}\n", "وقال المتحدث ".repeat(i % 23)));
    }
    let f = dir.file("many.jsonl", &input);
    let run = khabar(&["analyze", "--threads", "2", &f], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<u64> = run.json_lines().iter().map(|v| v["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (0..700).collect::<Vec<u64>>());
}

#[test]
fn bad_text_files_fail_alone_with_byte_offsets() {
    let dir = TempDir::new("files");
    let good = dir.file("good.txt", "عاد الوفد إلى العاصمة."); // "The delegation returned to the capital."
    let empty = dir.file("empty.txt", "");
    let mut bad = "سطر أول\nسطر ثان".as_bytes().to_vec(); // "first line / second line"
    let bad_at = bad.len();
    bad.extend_from_slice(b"\xFF\xFE");
    let bad_utf8 = dir.file("latin1.txt", &bad);
    let mut nul = "خبر".as_bytes().to_vec();
    nul.push(0);
    let nul = dir.file("binary.txt", &nul);
    let big = dir.file("big.txt", "خبر ".repeat(300));
    let missing = dir.0.join("missing.txt").to_str().unwrap().to_string();
    let run = khabar(
        &["analyze", "-f", "jsonl", "--max-record-bytes", "1k", &empty, &bad_utf8, &nul, &big, &missing, &good],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = run.json_lines();
    let codes: Vec<&str> = out.iter().map(error_code).collect();
    assert_eq!(codes, ["E_EMPTY_INPUT", "E_INVALID_UTF8", "E_NUL_BYTE", "E_TOO_LARGE", "E_IO", ""]);
    assert_eq!(out[1]["error"]["byte"], bad_at);
    assert_eq!(out[1]["error"]["line"], 2);
    assert_eq!(out[2]["error"]["byte"], 6);
    assert_eq!(out[4]["error"]["file"], missing.as_str());
    assert_eq!(out[5]["id"], good.as_str());
    for (path, code) in [
        (&empty, "E_EMPTY_INPUT"),
        (&bad_utf8, "E_INVALID_UTF8"),
        (&nul, "E_NUL_BYTE"),
        (&big, "E_TOO_LARGE"),
        (&missing, "E_IO"),
    ] {
        let line = run.stderr.lines().find(|l| l.contains(code)).unwrap_or_else(|| panic!("{code}: {}", run.stderr));
        assert!(line.contains(name(path)), "{line}");
    }
    assert!(run.stderr.contains(&format!("byte {bad_at}")), "{}", run.stderr);
    assert!(run.stderr.contains("5 of 6 inputs failed"), "{}", run.stderr);
}

#[test]
fn missing_file_alone_is_exit_1_naming_it() {
    let run = khabar(&["analyze", "/nonexistent/khabar/akhbar.txt"], None);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E_IO") && run.stderr.contains("/nonexistent/khabar/akhbar.txt"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(khabar(&["analyze", "--format", "xml"], None).code, 2);
    assert_eq!(khabar(&["analyze", "--max-record-bytes", "lots"], None).code, 2);
    assert_eq!(khabar(&["analyze", "--threads", "-3"], None).code, 2);
}

#[test]
fn conllu_has_sentence_blocks_and_ten_columns() {
    let dir = TempDir::new("conllu");
    let f = dir.file("maqal.txt", ARTICLE);
    let run = khabar(&["analyze", "--format", "conllu", &f], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = &run.stdout;
    assert!(s.starts_with(&format!("# newdoc id = {f}\n# sent_id = {f}-1\n# text = قالَ المُتَحَدِّثُ: «سنعقد")), "{s}");
    let blocks: Vec<&str> = s.trim_end().split("\n\n").collect();
    assert_eq!(blocks.len(), 2, "{s}");
    for block in &blocks {
        let lines: Vec<&str> = block.lines().collect();
        let text_line = lines.iter().find(|l| l.starts_with("# text = ")).unwrap();
        assert!(!text_line.contains('\n'));
        let rows: Vec<Vec<&str>> =
            lines.iter().filter(|l| !l.starts_with('#')).map(|l| l.split('\t').collect()).collect();
        // Word ids count 1, 2, 3… ; a multiword token's range line `n-m`
        // comes right before its words n..=m.
        let mut next = 1;
        for cols in &rows {
            assert_eq!(cols.len(), 10, "{cols:?}");
            match cols[0].split_once('-') {
                Some((a, b)) => {
                    assert_eq!(a, next.to_string(), "{cols:?}");
                    assert!(b.parse::<usize>().unwrap() > next);
                    assert!(cols[2..9].iter().all(|c| *c == "_"));
                }
                None => {
                    assert_eq!(cols[0], next.to_string(), "{cols:?}");
                    assert_ne!(cols[3], "_", "word lines have a UPOS: {cols:?}");
                    assert!(cols[4..9].iter().all(|c| *c == "_"));
                    next += 1;
                }
            }
        }
    }
    // The glued full stop: أيضا has no space after it, nor the full stop.
    let row = |form: &str| {
        s.lines().map(|l| l.split('\t').collect::<Vec<_>>()).find(|c| c.len() == 10 && c[1] == form).unwrap()
    };
    assert_eq!(row("أيضا")[9], "SpaceAfter=No", "{s}");
    assert!(s.contains("\tPUNCT\t_\t_\t_\t_\t_\tSpaceAfter=No\n\n# sent_id"), "{s}");
    // The second sentence spans the line break: it becomes a space in # text.
    assert!(s.contains("😀 وأضاف"), "{s}");
}

#[test]
fn stdin_is_one_document_unless_told_jsonl() {
    // "He said: yes." twice over two lines: one document from stdin.
    let run = khabar(&["analyze", "-f", "jsonl"], Some("قال: نعم.\nقال: نعم.\n".as_bytes()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json_lines();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["id"], Value::Null);

    let input = "{\"id\":1,\"text\":\"نعم\"}\n{\"id\":2,\"text\":\"لا\"}\n"; // "yes", "no"
    let run = khabar(&["analyze", "--input", "jsonl"], Some(input.as_bytes()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<Value> = run.json_lines().iter().map(|v| v["id"].clone()).collect();
    assert_eq!(ids, [Value::from(1), Value::from(2)]);

    let run = khabar(&["analyze"], Some(b""));
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E_EMPTY_INPUT") && run.stderr.contains("-"), "{}", run.stderr);
}

#[test]
fn text_report_is_plain_when_piped() {
    let dir = TempDir::new("report");
    let f = dir.file("maqal.txt", ARTICLE);
    let run = khabar(&["analyze", &f], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\x1b'));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], format!("══ {f} ══  2 sentences, 22 tokens"));
    // The layer sections come before the sentences.
    let first = lines.iter().position(|l| l.starts_with("[1] ")).expect("sentence 1");
    assert!(lines[1..first].iter().any(|l| *l == "Said:"), "{}", run.stdout);
    assert!(lines[1..first].iter().any(|l| l.starts_with("Figures: ١٥٠ = 150")), "{}", run.stdout);
    assert!(lines[first].starts_with("[1] قالَ المُتَحَدِّثُ: «سنعقد"));
    assert!(lines[first + 1].starts_with("    قالَ  المُتَحَدِّثُ  :/punct  «/punct  سنعقد"), "{}", lines[first + 1]);
    assert!(run.stdout.contains("https://example.org/url"));
    assert!(run.stdout.contains("١٥٠/number"));
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn json_format_is_pretty_but_the_same_object() {
    let dir = TempDir::new("json");
    let f = dir.file("maqal.txt", ARTICLE);
    let pretty = khabar(&["analyze", "-f", "json", &f], None);
    let compact = khabar(&["analyze", "-f", "jsonl", &f], None);
    let a: Value = serde_json::from_str(&pretty.stdout).unwrap();
    assert_eq!(a, compact.json_lines()[0]);
    assert!(pretty.stdout.lines().count() > 10);
}

#[test]
fn summary_sentences_option_sets_the_summary_length() {
    // Four sentences of our own: a minister's visit, talks, a statement,
    // and a note about the weather.
    let text = "وصل وزير الخارجية إلى العاصمة صباح اليوم في زيارة رسمية تستمر يومين.\n\
                وبحث الوزير مع نظيره سبل تعزيز التعاون الاقتصادي بين البلدين.\n\
                وقال الوزير إن المحادثات كانت مثمرة وبناءة.\n\
                وكان الطقس معتدلا خلال الزيارة.";
    let dir = TempDir::new("summary");
    let f = dir.file("ziyara.txt", text);
    for n in [1usize, 2] {
        let run = khabar(&["analyze", "--format", "jsonl", "--summary-sentences", &n.to_string(), &f], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc = &run.json_lines()[0];
        let summary: Vec<u64> = doc["summary"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        assert_eq!(summary.len(), n, "{doc}");
        assert!(summary.windows(2).all(|w| w[0] < w[1]), "text order: {summary:?}");
        assert!(doc["keywords"].as_array().is_some_and(|k| !k.is_empty()));
    }
}
