#!/usr/bin/env bash
# khabar's text layer against the anchor tokenizers, in ONE run, on one core.
#
#   scripts/bench-anchors.sh [FILE]          (default: ../shared/data/ud-arabic-padt-1.3/padt-raw-news.txt)
#
# Env:
#   ANCHORS_DIR  the anchors checkout with its .venv (default: ../shared/anchors,
#                relative to the repo root; set up with its setup.sh)
#   CPU          the core to pin to with taskset (default 0; taskset is skipped if absent)
#   REPEAT       khabar passes over the file; its time is the median (default 5)
#
# Every tool reads the same file the same way (one paragraph per non-empty
# line, stripped) and reports its own processing time, measured inside the
# process without start-up: the anchors via their _common.py Runner (run
# with --quiet, no JSON output), khabar via the `anchor_run` bench binary
# (a --release build of the text layer: tokenize, repair, sentences; one
# document per paragraph, no output either).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ANCHORS_DIR="${ANCHORS_DIR:-$ROOT/../shared/anchors}"
INPUT="${1:-$ROOT/../shared/data/ud-arabic-padt-1.3/padt-raw-news.txt}"
CPU="${CPU:-0}"
REPEAT="${REPEAT:-5}"
PY="$ANCHORS_DIR/.venv/bin/python"

[ -f "$INPUT" ] || { echo "bench-anchors: input $INPUT not found" >&2; exit 2; }
if [ ! -x "$PY" ]; then
    echo "bench-anchors: no venv at $ANCHORS_DIR/.venv (run $ANCHORS_DIR/setup.sh, or set ANCHORS_DIR)" >&2
    [ -f "$ANCHORS_DIR/setup.log" ] && tail -3 "$ANCHORS_DIR/setup.log" >&2
    exit 2
fi
PIN=()
if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c "$CPU"); else echo "bench-anchors: taskset not found, not pinned" >&2; fi

echo "building khabar (release, bench profile)..." >&2
BIN="$(cd "$ROOT" && cargo bench -p khabar --bench anchor_run --no-run --message-format=json 2>/dev/null \
    | "$PY" -c 'import json,sys
for l in sys.stdin:
    try: m = json.loads(l)
    except ValueError: continue
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "anchor_run" and m.get("executable"):
        print(m["executable"])')"
[ -x "$BIN" ] || { echo "bench-anchors: could not build the anchor_run bench (try: cargo bench -p khabar --bench anchor_run --no-run)" >&2; exit 2; }

TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
run() { # name, command...
    local name="$1"; shift
    echo "running $name..." >&2
    if ! "${PIN[@]}" "$@" >/dev/null 2>"$TMP/$name.err"; then
        echo "bench-anchors: $name failed:" >&2; tail -5 "$TMP/$name.err" >&2; return 0
    fi
    grep -h '^{' "$TMP/$name.err" | tail -1 > "$TMP/$name.json"
}
run khabar "$BIN" "$INPUT" --repeat "$REPEAT"
for tool in spacy camel_tools pyarabic; do
    (cd "$ANCHORS_DIR" && run "$tool" "$PY" "run_$tool.py" "$INPUT" --quiet)
done

"$PY" - "$TMP" "$INPUT" <<'PYEOF'
import json, os, sys
tmp, path = sys.argv[1], sys.argv[2]
size = os.path.getsize(path)
rows = []
for name in ["khabar", "spacy", "camel_tools", "pyarabic"]:
    f = os.path.join(tmp, name + ".json")
    if os.path.exists(f) and os.path.getsize(f):
        rows.append(json.load(open(f)))
print(f"input: {path} ({size} bytes)")
print(f"{'tool':<16} {'words':>8} {'process_s':>10} {'MB/s':>9} {'words/s':>11}")
for r in rows:
    s = r["process_s"]
    print(f"{r['tool']:<16} {r['words']:>8} {s:>10.5f} {size / s / 1e6:>9.2f} {r['words'] / s:>11.0f}")
k = next((r for r in rows if r["tool"] == "khabar"), None)
anchors = [r for r in rows if r["tool"] != "khabar"]
if k and anchors:
    best = min(anchors, key=lambda r: r["process_s"])
    print(f"khabar: {k['tokens']} tokens, {k['sentences']} sentences; median of {k['passes']} passes "
          f"(min {k['min_s']:.4f} s, max {k['max_s']:.4f} s)")
    print(f"speed-up over the fastest anchor ({best['tool']}): {best['process_s'] / k['process_s']:.1f}x")
PYEOF
