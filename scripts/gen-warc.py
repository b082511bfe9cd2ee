#!/usr/bin/env python3
"""Writes a WARC of N small HTML response records (plus a request per page and a warcinfo
record) in the layout asked for, to measure archive reading without downloading a crawl.

usage: gen-warc.py N OUT LAYOUT   LAYOUT: plain | member (one gzip member per record, as
crawlers write) | stream (the whole file as one gzip stream, what `gzip file.warc` makes)
"""
import gzip
import sys
import zlib


def record(kind, uri, content_type, block):
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-05-28T10:00:00Z\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def page(i):
    body = (
        f"<!doctype html><html><head><title>Story {i}</title>"
        f'<meta property="article:published_time" content="2024-05-2{i % 8}T09:00:00Z">'
        f"</head><body><article><h1>Council meets over harbour plan {i}</h1>"
        f"<p>The council of Portsmouth met on Tuesday to discuss plan number {i}.</p>"
        f'<figure><img src="/img/{i}.jpg" width="800" height="600">'
        f"<figcaption>Mayor Jane Smith speaks at the harbour in Portsmouth on Tuesday. "
        f"Photo: John Doe / Agency</figcaption></figure></article></body></html>"
    ).encode()
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def records(n):
    yield record("warcinfo", "", "application/warc-fields", b"software: gen-warc.py\r\n")
    for i in range(n):
        uri = f"https://news.example/story-{i}"
        yield record("request", uri, "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n")
        yield record("response", uri, "application/http; msgtype=response", page(i))


def main():
    n, out, layout = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(out, "wb") as f:
        if layout == "plain":
            for r in records(n):
                f.write(r)
        elif layout == "member":
            for r in records(n):
                f.write(gzip.compress(r, compresslevel=6, mtime=0))
        elif layout == "stream":
            with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=6, mtime=0) as z:
                for r in records(n):
                    z.write(r)
        else:
            sys.exit(f"unknown layout {layout}: plain, member or stream")


if __name__ == "__main__":
    main()
