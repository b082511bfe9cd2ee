#!/usr/bin/env python3
"""Fit capcheck's verdict model (rules/scoring.tsv) on a labelled benchmark.

usage: calibrate.py LABELS.json REPORT.json [--max-false-alarms 0.02] [--write rules/scoring.tsv]

REPORT.json is `capcheck check ... --format json` over the benchmark's pages. Each labelled caption
is matched to its image as the benchmark's scorer does (score.py, found beside LABELS.json), and
the image's `evidence` becomes one training row. The method:

1. logistic regression (L2, batch gradient descent) of "mismatch" on the evidence features,
   capped at 3 as capcheck caps them, with each weight held to its sensible sign (support and
   overlap lower the probability, unbacked names raise it);
2. the threshold: the lowest probability whose false-alarm rate on the originals stays within
   --max-false-alarms (so the threshold is chosen for the false-alarm budget, then recall is what
   it is), raised back to halfway between the last swap it finds and the next original below
   that swap, so that budget which buys no swap is not spent. Captions that capcheck's fixed rule already calls mismatches (public figures the
   article never names, and none of its people) are left out of the fit but spend the budget.

Only the standard library is needed.
"""
import datetime, json, math, os, random, sys

FEATURES = ["word_overlap", "topic_overlap", "people_for", "people_against", "public_against", "names_for", "names_against",
            "places_for", "places_against", "others_flagged"]
CAP = 3.0
OTHERS_CAP = 6.0  # as src/score/model.rs: other foreign-looking captions are counted further


def nothing_for(e):
    """As src/score/model.rs: the caption names something and the article backs none of it."""
    places = e["places_for"] if e["places_for"] > 0.25 else 0.0  # one country backs nothing
    backed = e["people_for"] + e["names_for"] + places
    against = e["people_against"] + e["names_against"] + e["places_against"]
    return 1.0 if backed == 0 and against > 0 else 0.0


def all_backed(e):
    """As src/score/mod.rs: the caption names something and the article names all of it."""
    backed = e["people_for"] + e["names_for"] + e["places_for"]
    against = e["people_against"] + e["names_against"] + e["places_against"]
    return backed > 0 and against == 0 and e.get("places_contained", 0) == 0


def probability(w, x):
    if x[-1] == "backed":
        return 0.0
    return 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x))))


def fit(rows, balanced=False):
    """Logistic regression with sign-constrained weights (see the module doc). `balanced`
    weighs each class by the inverse of its size, so the few swaps count as much as the many
    originals."""
    names = ["bias"] + FEATURES + ["nothing_for"]
    w = [0.0] * len(names)
    lr, l2, n = 0.5, 0.003, len(rows) or 1
    pos = sum(1 for _, y, _ in rows if y == 1) or 1
    class_weight = {1.0: n / (2 * pos), 0.0: n / (2 * max(n - pos, 1))} if balanced else {1.0: 1.0, 0.0: 1.0}
    for _ in range(6000):
        grad = [0.0] * len(w)
        for x, y, _page in rows:
            x = x[:-1] if x[-1] == "backed" else x
            p = probability(w, x)
            for i, xi in enumerate(x):
                grad[i] += (p - y) * xi * class_weight[y]
        for i, name in enumerate(names):
            w[i] -= lr * (grad[i] / n + (l2 * w[i] if i else 0.0))
            # Evidence is monotone: support can only lower the mismatch probability, and
            # overlap too; what the article never names can only raise it. Projecting the
            # weights onto those signs keeps the model sensible on pages unlike the dev set.
            if name.endswith("_for") and name != "nothing_for" or name.endswith("overlap") or name == "others_flagged":
                w[i] = min(w[i], 0.0)
            elif name.endswith("_against") or name == "nothing_for":
                w[i] = max(w[i], 0.0)
    return w


def choose_threshold(w, rows, ruled, every, max_fa):
    """The lowest threshold whose false-alarm rate, over every labelled original as the
    benchmark's scorer counts them, stays within the budget (the fixed rule spends first),
    raised as far as it goes without losing a swap."""
    negatives = sum(1 for label, _ in every if label == "consistent") or 1
    positives = sum(1 for label, _ in every if label == "mismatch") or 1
    probs = sorted(((probability(w, x), y) for x, y, _ in rows), reverse=True)
    fp = sum(1 for y, _ in ruled if y == 0)
    tp = sum(1 for y, _ in ruled if y == 1)
    threshold = 1.0
    last_swap = 1.0
    for p, y in probs:
        if y == 0 and (fp + 1) / negatives > max_fa:
            break
        fp += y == 0
        tp += y == 1
        threshold = p
        if y == 1:
            last_swap = p
    # Budget left over below the last swap it finds buys no recall, only false alarms: the
    # threshold goes back up to halfway between that swap and the next original under it.
    spent = [p for p, y in probs if y == 0 and threshold <= p < last_swap]
    if spent:
        fp -= len(spent)
        threshold = (last_swap + max(spent)) / 2
    return threshold, tp, fp, positives, negatives


def cross_validate(rows, ruled, every, k, max_fa, balanced=False, seed=None):
    """K folds by page (a page and its swapped copy stay together): fit and threshold on the
    other folds, count recall and false alarms on the held-out one. An honest estimate of what
    a held-out set built the same way would show."""
    pages = sorted({page for _, page in every})
    if seed is not None:
        random.Random(seed).shuffle(pages)
    fold = {page: i % k for i, page in enumerate(pages)}
    tp = fp = pos = neg = 0
    for f in range(k):
        train = [r for r in rows if fold[r[2]] != f]
        w = fit(train, balanced)
        thr, *_ = choose_threshold(w, train, [r for r in ruled if fold[r[1]] != f],
                                   [e for e in every if fold[e[1]] != f], max_fa)
        test = [r for r in rows if fold[r[2]] == f]
        tp += sum(1 for x, y, _ in test if y == 1 and probability(w, x) >= thr)
        fp += sum(1 for x, y, _ in test if y == 0 and probability(w, x) >= thr)
        tp += sum(1 for y, p in ruled if fold[p] == f and y == 1)
        fp += sum(1 for y, p in ruled if fold[p] == f and y == 0)
        pos += sum(1 for label, p in every if fold[p] == f and label == "mismatch")
        neg += sum(1 for label, p in every if fold[p] == f and label == "consistent")
    print(f"{k}-fold cross-validation by page{'' if seed is None else f' (shuffle {seed})'}: "
          f"recall={tp / pos:.3f} false_alarm_rate={fp / neg:.3f}")
    return tp / pos, fp / neg


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main():
    labels_path, report_path = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.dirname(os.path.abspath(labels_path)) + "/..")
    from score import best_match  # the benchmark's own matching, so rows are what it scores
    max_fa = float(arg("--max-false-alarms", "0.02"))
    min_words = float(arg("--min-caption-words", "2.0"))
    labels = json.load(open(labels_path))
    report = json.load(open(report_path))
    docs = {os.path.basename(d["path"]): d for d in report["documents"]}
    rows, ruled = [], []
    for case in labels["cases"]:
        doc = docs.get(os.path.basename(case["path"]))
        if not doc:
            continue
        for cap in case["captions"]:
            im = best_match(cap["text"], doc.get("images") or [])
            if im is None or "evidence" not in im:
                continue
            e = im["evidence"]
            if not im["entities"] and e["caption_words"] < min_words:
                continue  # unverifiable by rule, not by the model
            y = 1.0 if cap["label"] == "mismatch" else 0.0
            page = os.path.basename(case["path"]).replace("--swapped", "")
            if (e["public_against"] > 0 and e["people_for"] == 0 and e["names_for"] == 0
                    and e["places_for"] <= 0.25 and e["topic_overlap"] < 0.3):  # src/score/mod.rs
                ruled.append((y, page))
                continue
            x = [1.0] + [e[f] if f.endswith("overlap") else min(e[f], OTHERS_CAP if f == "others_flagged" else CAP)
                         for f in FEATURES] + [nothing_for(e)]
            if all_backed(e):
                x = x + ["backed"]  # src/score/mod.rs: never a mismatch by the model
            rows.append((x, y, page))
    every = [(c["label"], os.path.basename(case["path"]).replace("--swapped", ""))
             for case in labels["cases"] for c in case["captions"]]
    balanced = "--balanced" in sys.argv
    if "--cv" in sys.argv:
        k = int(arg("--cv", "5"))
        cross_validate(rows, ruled, every, k, max_fa, balanced)
        # Other fold assignments: the spread shows how much one swap more or less is noise.
        runs = [cross_validate(rows, ruled, every, k, max_fa, balanced, seed) for seed in range(int(arg("--repeat", "0")))]
        if runs:
            print(f"mean over {len(runs)} shuffles: recall={sum(r for r, _ in runs) / len(runs):.3f} "
                  f"false_alarm_rate={sum(f for _, f in runs) / len(runs):.3f}")
        return
    w = fit(rows, balanced)
    threshold, tp, fp, positives, negatives = choose_threshold(w, rows, ruled, every, max_fa)
    n = len(rows)
    print(f"rows={n} positives={positives} negatives={negatives}")
    print(f"threshold={threshold:.4f} recall(on rows)={tp / positives:.3f} false_alarms={fp / negatives:.3f}")
    out = ["# scoring.tsv — the calibrated decision of capcheck: weights of a logistic model over the evidence",
           "# of each caption, and the mismatch threshold. Lines are `name<TAB>value`; `#` starts a comment.",
           "# Written by scripts/calibrate.py from a report of the development set (see docs/accuracy.md);",
           f"# fitted on {n} labelled captions, threshold for a false-alarm budget of {max_fa}.",
           "# source: fitted by scripts/calibrate.py on the labelled development set ../shared/eval/dev",
           "#   (kept outside this repository, not shipped; see docs/accuracy.md)",
           "# licence: MIT OR Apache-2.0, as capcheck itself (LICENSE-MIT, LICENSE-APACHE)",
           f"# as-of: {datetime.date.today().isoformat()}",
           # tests/rules_data.rs checks the values against these ranges; the signs are the ones fit() holds.
           "# ranges: bias in [-10, 10]; word_overlap, topic_overlap, people_for, names_for, places_for",
           "#   and others_flagged in [-10, 0]; people_against, public_against, names_against,",
           "#   places_against and nothing_for in [0, 10]; threshold in (0, 1); min_caption_words in [0, 20]",
           "# invariants: every name once, every value finite and in its range",
           f"bias\t{w[0]:.4f}"]
    out += [f"{f}\t{v:.4f}" for f, v in zip(FEATURES + ["nothing_for"], w[1:])]
    out += [f"threshold\t{threshold:.4f}", f"min_caption_words\t{min_words}"]
    text = "\n".join(out) + "\n"
    if "--write" in sys.argv:
        open(arg("--write", "rules/scoring.tsv"), "w").write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
