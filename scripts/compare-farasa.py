#!/usr/bin/env python3
"""Compare khabar's clitic segmenter with Farasa on the held-out PADT split.

Run from the repository root:

    python3 scripts/compare-farasa.py [--work /tmp/segcmp] [--farasa /tmp/anchors]

What it does:
 1. `cargo test --release -p khabar --lib segment_export -- --ignored` trains
    the segmenter on the training side of `split_by_document(dev+test, 5, 0)`
    and writes the held-out tokens (gold pieces, khabar's pieces, one
    sentence a line) into the work folder, outside the repository. The data
    is read from ../shared at run time; nothing of it enters the repo.
 2. Runs the Farasa anchor (`run_farasa.py`) on the held-out sentences.
 3. Aligns Farasa's output tokens to ours (it re-tokenizes punctuation),
    maps its segments to clitic level -- proclitics `و ف ب ك ل س أ` from the
    front, one enclitic pronoun from the back, everything else (number and
    gender suffixes, the article) is the stem -- and scores both systems
    with the same scorer: words F1 on (token, span, form), forms-only F1
    with words aligned inside a token by LCS, token accuracy.
Prints a Markdown table.
"""
import argparse
import json
import os
import subprocess
import sys

PROCLITICS = {"و", "ف", "ب", "ك", "ل", "س", "أ"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ني", "ي"}


def parse_pieces(field):
    out = []
    for item in field.split(" "):
        if not item:
            continue
        a, b, form = item.split(":", 2)
        out.append((int(a), int(b), form))
    return out


def spelled(farasa_token):
    """The written token Farasa's segments stand for: it restores the
    article after `ل` (`ل+ال+بنك` for the written `للبنك`)."""
    segs = farasa_token.split("+")
    out = ""
    for i, s in enumerate(segs):
        if i > 0 and segs[i - 1] == "ل" and s.startswith("ال"):
            s = s[1:]
        out += s
    return out


def farasa_to_clitics(token, segs, restore_ta=False):
    """Map Farasa's segments of `token` to clitic-level pieces with spans
    (bytes of UTF-8, as in the Rust export). With `restore_ta`, a `ت`
    segment Farasa cuts right before an enclitic is read as the feminine
    ending and written `ة`, as PADT writes the stem (`حكوم+ت+ه` → `حكومة`)."""
    segs = [s for s in segs if s]
    if not segs:
        return [(0, len(token.encode()), token)]
    i = 0
    while i < len(segs) - 1 and segs[i] in PROCLITICS:
        i += 1
    j = len(segs)
    if j - 1 > i and segs[j - 1] in ENCLITICS:
        j -= 1
    out = []
    at = 0
    tb = token.encode()
    for p in segs[:i]:
        n = len(p.encode())
        out.append((at, at + n, p))
        at += n
    stem_segs = list(segs[i:j])
    enc = segs[j:]
    if restore_ta and enc and len(stem_segs) > 1 and stem_segs[-1] == "ت":
        stem_segs[-1] = "ة"
    stem = "".join(stem_segs)
    end = len(tb)
    if enc:
        e = enc[0].encode()
        if tb.endswith(e):
            end = len(tb) - len(e)
    out.append((at, end, stem))
    if enc:
        out.append((end, len(tb), enc[0]))
    return out


def lcs(a, b):
    dp = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for x in range(len(a)):
        for y in range(len(b)):
            dp[x + 1][y + 1] = dp[x][y] + 1 if a[x] == b[y] else max(dp[x][y + 1], dp[x + 1][y])
    return dp[len(a)][len(b)]


def score(rows, pick):
    gold_n = pred_n = match = fg = fp = fm = right = n = 0
    for r in rows:
        if not r["analyzed"]:
            continue
        g, p = r["gold"], pick(r)
        n += 1
        gold_n += len(g)
        pred_n += len(p)
        m = sum(1 for x in p if x in g)
        match += m
        right += int(m == len(g) and len(p) == len(g))
        gf, pf = [x[2] for x in g], [x[2] for x in p]
        fg += len(gf)
        fp += len(pf)
        fm += lcs(gf, pf)

    def f1(m, a, b):
        pr, rc = m / max(a, 1), m / max(b, 1)
        return 0.0 if pr + rc == 0 else 200 * pr * rc / (pr + rc)

    return {
        "tokens": n,
        "words_f1": f1(match, pred_n, gold_n),
        "forms_f1": f1(fm, fp, fg),
        "token_acc": 100 * right / max(n, 1),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/khabar-segcmp")
    ap.add_argument("--farasa", default="/tmp/anchors")
    ap.add_argument("--shipped", action="store_true",
                    help="score the embedded model's segmenter (word list and dictionary "
                         "features, trained by `khabar train morph` on the same split)")
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    if work.startswith(repo + os.sep):
        sys.exit("the work folder must be outside the repository")
    os.makedirs(work, exist_ok=True)

    env = dict(os.environ, KHABAR_SEG_EXPORT=work)
    if args.shipped:
        env["KHABAR_SEG_SHIPPED"] = "1"
    subprocess.run(
        ["cargo", "test", "--release", "-p", "khabar", "--lib", "segment_export", "--", "--ignored"],
        cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    rows = []
    with open(os.path.join(work, "heldout.tsv"), encoding="utf-8") as f:
        for line in f:
            si, ti, text, analyzed, gold, pred = line.rstrip("\n").split("\t")
            rows.append({"sent": int(si), "text": text, "analyzed": analyzed == "true",
                         "gold": parse_pieces(gold), "khabar": parse_pieces(pred)})
    report = json.load(open(os.path.join(work, "report.json"), encoding="utf-8"))

    py = os.path.join(args.farasa, ".venv", "bin", "python")
    res = subprocess.run([py, os.path.join(args.farasa, "run_farasa.py"), os.path.join(work, "heldout.txt")],
                         capture_output=True, text=True, check=True)
    timing = json.loads(res.stderr.strip().splitlines()[-1])
    paras = [json.loads(l)["segments"] for l in res.stdout.splitlines() if l.strip()]

    # Align Farasa's tokens to ours sentence by sentence: consume its tokens
    # until their letters spell ours.
    by_sent = {}
    for r in rows:
        by_sent.setdefault(r["sent"], []).append(r)
    unaligned = 0
    for si, toks in sorted(by_sent.items()):
        fa = paras[si] if si < len(paras) else []
        k = 0
        for r in toks:
            want = r["text"].replace(" ", "")
            got, segs = "", []
            while k < len(fa) and len(got) < len(want):
                got += spelled(fa[k])
                segs.append(fa[k])
                k += 1
            if got == want and len(segs) == 1:
                r["farasa"] = farasa_to_clitics(r["text"], fa_split(segs[0]))
                r["farasa_ta"] = farasa_to_clitics(r["text"], fa_split(segs[0]), restore_ta=True)
            else:
                # Farasa cut or changed the token: take it whole.
                unaligned += 1
                r["farasa"] = [(0, len(r["text"].encode()), r["text"])]
                r["farasa_ta"] = r["farasa"]
                if got != want:
                    # Resynchronize on the next token.
                    k = resync(fa, k, toks, r)

    ours = score(rows, lambda r: r["khabar"])
    theirs = score(rows, lambda r: r["farasa"])
    theirs_ta = score(rows, lambda r: r["farasa_ta"])
    farasa_wps = timing["words"] / max(timing["process_s"], 1e-9)
    print(f"held-out tokens scored: {ours['tokens']}; Farasa tokens not aligned 1:1 (scored whole): {unaligned}")
    print()
    print("| system | words F1 (span+form) | forms F1 (LCS) | token accuracy | speed (words/s, 1 core) |")
    print("|---|---:|---:|---:|---:|")
    print(f"| khabar segmenter | {ours['words_f1']:.2f} | {ours['forms_f1']:.2f} | {ours['token_acc']:.2f} | "
          f"{report['tokens_per_sec']:,.0f} |")
    print(f"| Farasa (Python port), mapped to clitics | {theirs['words_f1']:.2f} | {theirs['forms_f1']:.2f} | "
          f"{theirs['token_acc']:.2f} | {farasa_wps:,.0f} |")
    print(f"| Farasa, and its `ت` segment before an enclitic read as `ة` | {theirs_ta['words_f1']:.2f} | "
          f"{theirs_ta['forms_f1']:.2f} | {theirs_ta['token_acc']:.2f} | same |")
    print()
    print(f"khabar's own scorer on the same tokens: words F1 {report['f1']:.2f}, token accuracy {report['token_accuracy']:.2f}")
    print(f"Farasa timing record: {json.dumps(timing)}")


def fa_split(seg):
    return seg.split("+")


def resync(fa, k, toks, r):
    """After a mismatch, skip Farasa tokens until one starts the next of ours."""
    idx = toks.index(r)
    if idx + 1 >= len(toks):
        return len(fa)
    nxt = toks[idx + 1]["text"]
    j = k
    while j < len(fa) and not nxt.startswith(spelled(fa[j])[:1] or "\0"):
        j += 1
    return j


if __name__ == "__main__":
    main()
