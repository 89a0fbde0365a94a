#!/usr/bin/env bash
# Compare khabar's extractive summary — the full analysis and the
# summary-only fast path (Pipeline::summary_fast, `analyze --pipeline
# summary`) — and its Lead-3 / TextRank baselines with sumy's LexRank and
# TextRank on the team's summary set, in one run, scored by the same ROUGE
# (khabar's, over nlp-normalized word tokens), with the time per article of
# each and its speed relative to sumy's LexRank.
#
#   scripts/compare-sumy.sh [DIR]          # DIR defaults to tests/summaries
#   ANCHORS_DIR=/tmp/anchors scripts/compare-sumy.sh
#
# ANCHORS_DIR holds run_sumy.py and its .venv (default ../shared/anchors).
# Temporary files go to a folder outside the repo, removed at exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ANCHORS_DIR=${ANCHORS_DIR:-$ROOT/../shared/anchors}
PY=${PY:-$ANCHORS_DIR/.venv/bin/python}
DIR=${1:-$ROOT/tests/summaries}
KHABAR=${KHABAR:-$ROOT/target/release/khabar}
[ -x "$KHABAR" ] || (cd "$ROOT" && cargo build --release -q -p khabar-cli)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/khabar-sumy.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# One article a line, in file-name order (the order khabar reads the cases).
"$PY" - "$DIR" > "$TMP/articles.txt" <<'PY'
import pathlib, sys, tomllib
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.toml")):
    text = tomllib.loads(p.read_text(encoding="utf-8"))["text"]
    print(" ".join(text.split()))
PY

args=()
for algo in lexrank textrank; do
  "$PY" "$ANCHORS_DIR/run_sumy.py" "$TMP/articles.txt" --algo=$algo > "$TMP/$algo.jsonl" 2> "$TMP/$algo.err"
  # The timing record is the last line of stderr: process_s excludes start-up.
  secs=$("$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["process_s"])' "$TMP/$algo.err")
  args+=(--score-jsonl "$TMP/$algo.jsonl" --external-seconds "$secs")
done

"$KHABAR" eval summary "$DIR" "${args[@]}" > "$TMP/report.json"
"$PY" - "$TMP/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['articles']} articles, {r['sentences']} sentences each; ROUGE F over {r['units']}")
lex = next((m["ms_per_article_with_analysis"] for m in r["methods"] if m["method"] == "sumy-lexrank"), None)
print(f"{'method':16} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'ms/article (choice)':>20} {'ms/article (all)':>17} {'x sumy-lexrank':>15}")
for m in r["methods"]:
    allms = m["ms_per_article_with_analysis"]
    ratio = f"{lex / allms:15.1f}" if lex and allms > 0 else f"{'-':>15}"
    print(f"{m['method']:16} {m['rouge1_f']:6.3f} {m['rouge2_f']:6.3f} {m['rougeL_f']:6.3f} "
          f"{m['ms_per_article']:20.3f} {allms:17.3f} {ratio}")
print("'all': khabar = its whole pipeline per article, averaged over repeated passes "
      "(full: tokens, repair, sentences, morphology, entities, numbers, quotes, keywords, summary; "
      "khabar-fast: tokens, repair, sentences, summary); lead3/textrank = the full analysis + their choice; "
      "sumy = its process_s (parse, tokenize, stem, rank), one pass, start-up excluded.")
PY
