#!/usr/bin/env python3
"""Writes saved pages into gzipped WARC files as HTTP responses (one gzip member per record, as
crawlers write), to run the Spark job and the CLI on the same archives. Needs warcio.

usage: pages-to-warc.py PAGES_DIR OUT_PREFIX [--files N] [--repeat R]
       writes OUT_PREFIX-0.warc.gz ... (pages dealt round-robin over N files, each page R times
       under distinct URLs) and OUT_PREFIX.txt, the manifest listing them.
"""

import argparse
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    pages = sorted(p for p in Path(a.pages).iterdir() if p.suffix.lower() in (".html", ".htm"))
    names = [Path(f"{a.out}-{i}.warc.gz").resolve() for i in range(a.files)]
    files = [open(n, "wb") for n in names]
    writers = [WARCWriter(f, gzip=True) for f in files]
    n = 0
    for r in range(a.repeat):
        for p in pages:
            w = writers[n % a.files]
            n += 1
            body = p.read_bytes()
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            uri = f"https://pages.example/{r}/{p.name}"
            w.write_record(
                w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
            )
    for f in files:
        f.close()
    Path(f"{a.out}.txt").write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
    print(f"{n} pages in {a.files} files; manifest {a.out}.txt")


if __name__ == "__main__":
    main()
