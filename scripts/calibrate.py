#!/usr/bin/env python3
"""Fit capcheck's verdict model (rules/scoring.tsv) on a labelled benchmark.

usage: calibrate.py LABELS.json REPORT.json [--max-false-alarms 0.02] [--max-error-alarms 0.002]
                    [--write rules/scoring.tsv] [--cv source|publisher|page[:K]]

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

3. the error threshold: the lowest probability from which mismatches with strong evidence (people
   the article never names, nothing of its own but a country; src/score/calibration.rs
   `is_strong`) stay within --max-error-alarms of the originals: an error fails CI by default.
4. the public-figure rule's probability: the share of swaps among the captions it fires on
   (Laplace-smoothed).

The priors of rules/scoring.tsv (weights of evidence by kind, caps, rule constants) are read
from the file being written and kept. `--cv` reports the fit's cross-validated figures instead
of writing: grouped by source repository (the default; MANIFEST.tsv beside the corpus), by
publisher, or by page in K folds. Grouping by source is the figure to optimise: a change that
only helps the pages read while tuning shows there.

Only the standard library is needed.
"""
import csv, datetime, json, math, os, random, sys

FEATURES = ["word_overlap", "topic_overlap", "people_for", "people_against", "public_against", "names_for", "names_against",
            "places_for", "places_against", "places_related", "others_flagged"]
CAP = 3.0
OTHERS_CAP = 6.0  # as src/score/model.rs: other foreign-looking captions are counted further


def nothing_for(e, priors):
    """As src/score/calibration.rs: the caption names something and the article backs none of
    it; only places the article itself names, finer than a country, back it, and one local spot
    beside a backed place accuses nothing."""
    specific = e["places_for"] - e.get("places_contained", 0) - e.get("places_country", 0)
    places = specific if specific > 1e-9 else 0.0
    backed = e["people_for"] + e["names_for"] + places
    spot_only = e["places_against"] <= priors["weight_local"] and e["places_for"] > 0
    against = e["people_against"] + e["names_against"] + (0.0 if spot_only else e["places_against"])
    return 1.0 if backed == 0 and against > 0 else 0.0


def all_backed(e):
    """As src/score/mod.rs: the caption names something and the article names all of it."""
    backed = e["people_for"] + e["names_for"] + e["places_for"]
    against = e["people_against"] + e["names_against"] + e["places_against"] + e.get("places_related", 0)
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
    pos = sum(1 for _, y, *_ in rows if y == 1) or 1
    class_weight = {1.0: n / (2 * pos), 0.0: n / (2 * max(n - pos, 1))} if balanced else {1.0: 1.0, 0.0: 1.0}
    for _ in range(6000):
        grad = [0.0] * len(w)
        for x, y, *_ in rows:
            x = x[:-1] if x[-1] == "backed" else x
            p = probability(w, x)
            for i, xi in enumerate(x):
                grad[i] += (p - y) * xi * class_weight[y]
        before = list(w)
        for i, name in enumerate(names):
            w[i] -= lr * (grad[i] / n + (l2 * w[i] if i else 0.0))
            # Evidence is monotone: support can only lower the mismatch probability, and
            # overlap too; what the article never names can only raise it. Projecting the
            # weights onto those signs keeps the model sensible on pages unlike the dev set.
            if (name.endswith("_for") and name != "nothing_for" or name.endswith("overlap")
                    or name in ("others_flagged", "semantic")):
                w[i] = min(w[i], 0.0)
            elif name.endswith("_against") or name in ("nothing_for", "places_related"):
                w[i] = max(w[i], 0.0)
        # Converged: no weight moves in the fourth decimal the file keeps.
        if max(abs(a - b) for a, b in zip(w, before)) < 1e-7:
            break
    return w


def choose_threshold(w, rows, ruled, every, max_fa):
    """The lowest threshold whose false-alarm rate, over every labelled original as the
    benchmark's scorer counts them, stays within the budget (the fixed rule spends first),
    raised as far as it goes without losing a swap."""
    negatives = sum(1 for label, _ in every if label == "consistent") or 1
    positives = sum(1 for label, _ in every if label == "mismatch") or 1
    probs = sorted(((probability(w, x), y) for x, y, *_ in rows), reverse=True)
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


def read_priors(path):
    """The `name value` lines of an existing scoring.tsv: the priors are kept from it."""
    priors = {}
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line and not line.startswith("#"):
                name, value = line.split()
                priors[name] = float(value)
    return priors


PRIOR_KEYS = ["weight_person", "weight_person_guessed", "weight_organisation", "weight_organisation_guessed",
              "weight_city", "weight_state", "weight_country", "weight_local", "contained_factor",
              "cap_entities", "cap_others", "public_max_topic", "unverifiable_max_overlap"]


def strong(e, priors):
    """As src/score/calibration.rs `is_strong`, without the probability: people the article never
    names and nothing of its own but a country (public figures count at any probability)."""
    only_country = (e["people_for"] == 0 and e["names_for"] == 0
                    and e["places_for"] - e.get("places_contained", 0) <= priors["weight_country"])
    public = e["public_against"] > 0 and e["topic_overlap"] < priors["public_max_topic"]
    return only_country and (e["people_against"] > 0 or public), only_country and public


def choose_error_threshold(w, rows, negatives, threshold, max_err):
    """The lowest probability (not under the mismatch threshold) from which strong mismatches
    among the originals stay within the error budget, raised halfway to the next original."""
    cands = sorted(((probability(w, x), y) for x, y, _, st in rows if st[0] and not st[1]), reverse=True)
    fp, t, last_swap = sum(1 for x, y, _, st in rows if y == 0 and st[1]), 1.0, 1.0
    for p, y in cands:
        if p < threshold or (y == 0 and (fp + 1) / negatives > max_err):
            break
        fp += y == 0
        t = p
        if y == 1:
            last_swap = p
    spent = [p for p, y in cands if y == 0 and t <= p < last_swap]
    if spent:
        t = (last_swap + max(spent)) / 2
    return max(t, min(threshold + 1e-4, 0.9999))


def cross_validate(rows, ruled, every, groups, max_fa, balanced, label):
    """Leave one group out: fit and threshold on the other groups, count recall and false
    alarms on the held-out one, as the benchmark's scorer counts them (every labelled caption,
    found or not). Prints the figures per group and in all."""
    tp = fp = pos = neg = 0
    per = []
    for g in groups:
        train = [r for r in rows if r[2] != g]
        w = fit(train, balanced)
        thr, *_ = choose_threshold(w, train, [r for r in ruled if r[1] != g],
                                   [e for e in every if e[1] != g], max_fa)
        test = [r for r in rows if r[2] == g]
        t = sum(1 for x, y, *_ in test if y == 1 and probability(w, x) >= thr)
        f = sum(1 for x, y, *_ in test if y == 0 and probability(w, x) >= thr)
        t += sum(1 for y, p in ruled if p == g and y == 1)
        f += sum(1 for y, p in ruled if p == g and y == 0)
        ps = sum(1 for lab, p in every if p == g and lab == "mismatch")
        ns = sum(1 for lab, p in every if p == g and lab == "consistent")
        per.append((g, t, ps, f, ns))
        tp, fp, pos, neg = tp + t, fp + f, pos + ps, neg + ns
    print(f"cross-validation, one {label} left out at a time ({len(groups)} folds), false-alarm budget {max_fa}:")
    if len(groups) <= 40:
        print(f"  {'held out':<44} {'recall':>14} {'false alarms':>16}")
        for g, t, ps, f, ns in per:
            print(f"  {g:<44} {t:>4}/{ps:<4} {t / ps if ps else float('nan'):5.3f} {f:>4}/{ns:<4} {f / ns if ns else 0:6.4f}")
    print(f"  all: recall={tp / pos:.3f} false_alarm_rate={fp / neg:.4f} ({tp}/{pos}, {fp}/{neg})")
    return tp / pos, fp / neg


def labelled_images(labels, report, best_match):
    """Each labelled caption of the benchmark with its case and the report's image it matches
    (None when none does), matched as the benchmark's scorer matches them."""
    docs = {os.path.basename(d["path"]): d for d in report["documents"]}
    for case in labels["cases"]:
        doc = docs.get(os.path.basename(case["path"]))
        if not doc:
            continue
        for cap in case["captions"]:
            yield case, cap, best_match(cap["text"], doc.get("images") or [])


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main():
    labels_path, report_path = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(labels_path))
    sys.path.insert(0, here + "/..")
    from score import best_match  # the benchmark's own matching, so rows are what it scores
    max_fa = float(arg("--max-false-alarms", "0.02"))
    max_err = float(arg("--max-error-alarms", "0.002"))
    min_words = float(arg("--min-caption-words", "2.0"))
    out_path = arg("--write", "rules/scoring.tsv")
    priors = read_priors(out_path if os.path.exists(out_path) else "rules/scoring.tsv")
    missing = [k for k in PRIOR_KEYS if k not in priors]
    if missing:
        sys.exit(f"calibrate.py: {out_path} lacks the priors {', '.join(missing)}")
    manifest = os.path.join(here, "..", "..", "corpus", "MANIFEST.tsv")
    cv = arg("--cv", "source") if "--cv" in sys.argv else None
    group_of = {}
    if os.path.exists(manifest):
        for r in csv.DictReader(open(manifest), delimiter="\t"):
            group_of[os.path.basename(r["filename"])] = {"source": r["source_repo"], "publisher": r["publisher_site"]}
    labels = json.load(open(labels_path))
    report = json.load(open(report_path))
    semantic = any("semantic" in im.get("evidence", {}) for d in report["documents"] for im in d.get("images") or [])
    features = FEATURES + (["semantic"] if semantic else [])
    FEATURES[:] = features  # fit() and the writer read the module's list

    def group(case):
        page = os.path.basename(case["path"]).replace("--swapped", "")
        if cv is None or cv.startswith("page"):
            return page
        kind = "publisher" if cv == "publisher" else "source"
        return group_of.get(page, {}).get(kind, page)

    rows, ruled = [], []
    for case, cap, im in labelled_images(labels, report, best_match):
        if im is None or "evidence" not in im:
            continue
        e = im["evidence"]
        if not im["entities"] and e["caption_words"] < min_words:
            continue  # unverifiable by rule, not by the model
        y = 1.0 if cap["label"] == "mismatch" else 0.0
        g = group(case)
        if (e["public_against"] > 0 and e["people_for"] == 0 and e["names_for"] == 0
                and e["places_for"] <= priors["weight_country"]
                and e["topic_overlap"] < priors["public_max_topic"]):  # public_figures_elsewhere
            ruled.append((y, g))
            continue
        x = [1.0] + [value(e, f, priors) for f in FEATURES] + [nothing_for(e, priors)]
        if all_backed(e):
            x = x + ["backed"]  # src/score/mod.rs: never a mismatch by the model
        rows.append((x, y, g, strong(e, priors)))
    every = [(c["label"], group(case)) for case in labels["cases"] for c in case["captions"]]
    balanced = "--balanced" in sys.argv
    if cv is not None:
        groups = sorted({g for _, g in every})
        if cv.startswith("page"):
            k = int(cv.split(":")[1]) if ":" in cv else 5
            rnd = random.Random(int(arg("--seed", "0")))
            rnd.shuffle(groups)
            fold = {g: i % k for i, g in enumerate(groups)}
            rows = [(x, y, fold[g], st) for x, y, g, st in rows]
            ruled = [(y, fold[g]) for y, g in ruled]
            every = [(lab, fold[g]) for lab, g in every]
            groups = list(range(k))
        cross_validate(rows, ruled, every, groups, max_fa, balanced, cv.split(":")[0])
        return
    w = fit(rows, balanced)
    threshold, tp, fp, positives, negatives = choose_threshold(w, rows, ruled, every, max_fa)
    error_threshold = choose_error_threshold(w, rows, negatives, threshold, max_err)
    public_probability = (sum(y for y, _ in ruled) + 1) / (len(ruled) + 2)
    n = len(rows)
    print(f"rows={n} positives={positives} negatives={negatives} public-rule captions={len(ruled)}")
    print(f"threshold={threshold:.4f} recall(on rows)={tp / positives:.3f} false_alarms={fp / negatives:.3f}")
    print(f"error_threshold={error_threshold:.4f} public_probability={public_probability:.4f}")
    out = ["# scoring.tsv — every number capcheck's verdict uses: the weights of the evidence by kind, the",
           "# weights of a logistic model over the evidence, its mismatch and error thresholds, and the",
           "# constants of its rules. Lines are `name<TAB>value`; `#` starts a comment.",
           "# Written by scripts/calibrate.py from a report of the development set (see docs/accuracy.md);",
           f"# fitted on {n} labelled captions, threshold for a false-alarm budget of {max_fa},",
           f"# error threshold for an error budget of {max_err}.",
           "# source: fitted by scripts/calibrate.py on the labelled development set ../shared/eval/dev",
           "#   (kept outside this repository, not shipped; see docs/accuracy.md)",
           "# licence: MIT OR Apache-2.0, as capcheck itself (LICENSE-MIT, LICENSE-APACHE)",
           f"# as-of: {datetime.date.today().isoformat()}",
           "# ranges: stated per name in src/score/calibration.rs (KEYS); tests/it/rules_data.rs checks them",
           "# invariants: every name once, every value finite and in its range, every name set",
           "#",
           "# Evidence weights by kind (priors, not fitted: how much one named thing says about a picture).",
           *[f"{k}\t{priors[k]}" for k in PRIOR_KEYS[:11]],
           "# Rules around the model (priors, not fitted).",
           *[f"{k}\t{priors[k]}" for k in PRIOR_KEYS[11:]],
           "#",
           "# The logistic model, fitted.",
           f"bias\t{w[0]:.4f}"]
    out += [f"{f}\t{v:.4f}" for f, v in zip(FEATURES + ["nothing_for"], w[1:])]
    if semantic:
        # The range and mean of the cosine over every caption of the report: the cascade asks
        # the model only where a cosine in this range could change the verdict, and scores the
        # others at the mean (src/score/mod.rs).
        cos = sorted(im["evidence"]["semantic"] for d in report["documents"] for im in d.get("images") or []
                     if im.get("evidence", {}).get("semantic") is not None)
        cut = len(cos) // 200
        out += [f"semantic_low\t{cos[cut]:.4f}", f"semantic_high\t{cos[-1 - cut]:.4f}",
                f"semantic_mean\t{sum(cos) / len(cos):.4f}"]
    out += [f"threshold\t{threshold:.4f}", f"error_threshold\t{error_threshold:.4f}",
            f"public_probability\t{public_probability:.4f}", f"min_caption_words\t{min_words}"]
    text = "\n".join(out) + "\n"
    if "--write" in sys.argv:
        open(out_path, "w").write(text)
    else:
        print(text)


def value(e, f, priors):
    """A feature as the model reads it: overlaps and the cosine as they are, sums capped."""
    if f.endswith("overlap") or f == "semantic":
        return e.get(f, 0.0)
    return min(e[f], priors["cap_others"] if f == "others_flagged" else priors["cap_entities"])


if __name__ == "__main__":
    main()
