#!/usr/bin/env python3
"""How well `evidence.semantic` alone separates swapped captions from original ones.

usage: semantic-auc.py LABELS.json REPORT.json [--dump FILE.tsv]

REPORT.json is `capcheck check ... --format json` over the benchmark's pages (without
--no-semantic). Each labelled caption is matched to its image as the benchmark's scorer does
(score.py, found beside LABELS.json). Prints the ROC AUC of (1 - cosine) for "mismatch" against
"consistent", the rates at a few cosine thresholds, and with --dump writes one row per caption
(label, kind, cosine, caption). Only the standard library is needed.
"""
import json, os, sys


def auc(pos, neg):
    """Probability that a random positive scores above a random negative (ties count half)."""
    scored = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        mid = (i + j + 1) / 2.0  # 1-based average rank of the tie group
        rank_sum += mid * sum(1 for k in range(i, j) if scored[k][1])
        i = j
    n, m = len(pos), len(neg)
    return (rank_sum - n * (n + 1) / 2.0) / (n * m) if n and m else float("nan")


def main():
    labels_path, report_path = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.dirname(os.path.abspath(labels_path)) + "/..")
    from score import best_match  # the benchmark's own matching

    from calibrate import labelled_images  # scripts/, beside this one
    labels = json.load(open(labels_path))
    report = json.load(open(report_path))
    rows = []
    for _, cap, im in labelled_images(labels, report, best_match):
        s = im and im.get("evidence", {}).get("semantic")
        if s is None:
            continue
        rows.append((cap["label"], cap.get("kind", cap["label"]), s, cap["text"]))
    pos = [1 - s for l, _, s, _ in rows if l == "mismatch"]
    neg = [1 - s for l, _, s, _ in rows if l == "consistent"]
    print(f"captions with a cosine: {len(rows)} ({len(pos)} swaps, {len(neg)} originals)")
    print(f"AUC of the cosine alone: {auc(pos, neg):.3f}")
    for t in (0.1, 0.2, 0.3):
        rec = sum(1 for p in pos if 1 - p < t) / max(len(pos), 1)
        fa = sum(1 for n in neg if 1 - n < t) / max(len(neg), 1)
        print(f"cosine < {t}: recall {rec:.3f}, false alarms {fa:.3f}")
    if "--dump" in sys.argv:
        with open(sys.argv[sys.argv.index("--dump") + 1], "w") as f:
            for l, k, s, t in rows:
                f.write(f"{l}\t{k}\t{s}\t{t}\n")


if __name__ == "__main__":
    main()
