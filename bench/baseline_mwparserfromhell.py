#!/usr/bin/env python3
"""The baseline annals' ingest is measured against: mwparserfromhell parsing wikitext and pulling
out the infobox (every parameter's name and its text with markup stripped), for the same inputs.

  python3 bench/baseline_mwparserfromhell.py FILE_OR_DIR...

Reads *.wikitext files and MediaWiki dumps (*.xml, *.xml.bz2; redirects skipped) and prints the
bytes of wikitext parsed, the seconds taken by parsing and infobox extraction alone (reading,
decompression and XML are not counted, which favours the baseline), and the throughput.
"""
import bz2
import os
import sys
import time
import xml.etree.ElementTree as ET

import mwparserfromhell


def pages(path):
    if path.endswith(".wikitext"):
        with open(path, encoding="utf-8") as f:
            yield f.read()
    elif path.endswith(".xml") or path.endswith(".xml.bz2"):
        opener = bz2.open if path.endswith(".bz2") else open
        with opener(path, "rb") as f:
            for _, el in ET.iterparse(f):
                if el.tag.endswith("}page"):
                    redirect = any(c.tag.endswith("}redirect") for c in el)
                    text = next((t.text for t in el.iter() if t.tag.endswith("}text")), None)
                    if text and not redirect:
                        yield text
                    el.clear()


def infobox(code):
    for t in code.filter_templates(recursive=False):
        if str(t.name).strip().lower().startswith("infobox"):
            return {str(p.name).strip(): p.value.strip_code().strip() for p in t.params}
    return None


def main(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(r, f) for r, _, fs in os.walk(a) for f in fs)
        else:
            files.append(a)
    total = boxes = 0
    secs = 0.0
    for path in files:
        for text in pages(path):
            total += len(text.encode("utf-8"))
            start = time.perf_counter()
            boxes += infobox(mwparserfromhell.parse(text)) is not None
            secs += time.perf_counter() - start
    print(f"{total} bytes of wikitext, {boxes} infoboxes, {secs:.2f} s, {total / secs / 1e6:.2f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1:])
