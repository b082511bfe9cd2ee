"""capcheck over web archives with Spark, in the shape of Common Crawl's cc-pyspark jobs.

Input: a text file listing WARC files, one path or URL a line (local paths, file: URLs, or any
filesystem the cluster reads). Each task reads its archives record by record with warcio,
checks every HTML page with capcheck (the same engine and verdicts as the CLI), and the job
writes one row per photo as Parquet:

    spark-submit --master local[2] examples/spark/capcheck_job.py warc-paths.txt photos.parquet

Archives are read in the Python workers: local paths and file: URLs directly, other URLs
(s3://, hdfs://, gs://...) through fsspec when it and the filesystem's package are installed.
``--hadoop`` reads them through Spark's own Hadoop filesystems instead (sc.binaryFiles), which
needs nothing more on the workers but holds each whole archive in a task's memory.
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple
from urllib.parse import urlparse

from pyspark.sql import SparkSession
from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

# One row per photo. `rules` and `messages` are the findings on that photo, in report order.
SCHEMA = StructType(
    [
        StructField("url", StringType(), True),
        StructField("warc_file", StringType(), False),
        StructField("warc_offset", LongType(), False),
        StructField("title", StringType(), True),
        StructField("image_index", IntegerType(), False),
        StructField("src", StringType(), True),
        StructField("caption", StringType(), True),
        StructField("credit", StringType(), True),
        StructField("scope", StringType(), True),
        StructField("verdict", StringType(), True),
        StructField("score", DoubleType(), True),
        StructField("rules", ArrayType(StringType(), False), False),
        StructField("messages", ArrayType(StringType(), False), False),
    ]
)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html_type(content_type: Optional[str]) -> bool:
    """`text/html` or `application/xhtml+xml`, parameters aside."""
    return (content_type or "").split(";")[0].strip().lower() in HTML_TYPES


def sniff_html(body: bytes) -> bool:
    """True when the body starts like an HTML document (as the CLI sniffs an untyped record)."""
    text = body[:1024].decode("utf-8", "replace").lower()
    start = text.lstrip("\ufeff \t\r\n")
    return start.startswith("<!doctype html") or start.startswith("<html") or "<html" in text


def page_of(record: Any) -> Optional[bytes]:
    """The HTML page a WARC record holds, or None: responses whose HTTP type is HTML (or, with
    none declared, whose body looks like HTML), and resource records holding HTML."""
    kind = record.rec_type
    if kind == "response":
        if record.http_headers is None:
            return None
        declared = record.http_headers.get_header("Content-Type")
        # content_stream() undoes chunking and gzip/deflate content encoding, as the CLI does.
        body = record.content_stream().read()
        if declared and declared.strip():
            return body if is_html_type(declared) else None
        return body if sniff_html(body) else None
    if kind == "resource":
        body = record.content_stream().read()
        declared = record.rec_headers.get_header("Content-Type")
        return body if is_html_type(declared) or sniff_html(body) else None
    return None


def rows_of(doc: Dict[str, Any], warc: str, offset: int) -> Iterator[Tuple]:
    """One row per photo of a checked page."""
    by_image: Dict[int, List[Dict[str, Any]]] = {}
    for f in doc["findings"]:
        by_image.setdefault(f["image"], []).append(f)
    for img in doc["images"]:
        found = by_image.get(img["index"], [])
        yield (
            doc["path"],
            warc,
            offset,
            doc.get("title"),
            img["index"],
            img.get("src"),
            img.get("caption"),
            img.get("credit"),
            img.get("scope"),
            img.get("verdict"),
            img.get("score"),
            [f["rule"] for f in found],
            [f["message"] for f in found],
        )


def ordered_map(fn, items: Iterable, threads: int) -> Iterator:
    """`map(fn, items)` on `threads` threads, in order, with a few items in flight at most:
    capcheck releases the GIL, so one task can check pages on several cores."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        window: deque = deque()
        for item in items:
            window.append(pool.submit(fn, item))
            if len(window) >= threads * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def open_archive(path: str):
    """A binary stream of the archive at `path`: a local path, a file: URL, or any URL fsspec
    opens (s3://, hdfs://, gs://... with the filesystem's package installed)."""
    scheme = urlparse(path).scheme
    if scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt"):
        local = urlparse(path).path if scheme == "file" else path
        return open(local, "rb")
    try:
        import fsspec
    except ImportError as e:
        raise RuntimeError(
            f"cannot read {path}: install fsspec (and its {scheme} filesystem) on the "
            "workers, or run with --hadoop to read through Spark's filesystems"
        ) from e
    return fsspec.open(path, "rb").open()


class CapcheckJob:
    """The job: parse arguments, read the manifest, check every page, write the photos."""

    name = "capcheck"

    def parse_arguments(self, argv: Optional[List[str]] = None) -> argparse.Namespace:
        p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
        p.add_argument("input", help="text file of WARC paths or URLs, one a line")
        p.add_argument("output", help="where the Parquet table of photos is written")
        p.add_argument(
            "--num-input-partitions",
            type=int,
            default=None,
            help="tasks the archives are dealt to (default: one per archive)",
        )
        p.add_argument(
            "--num-output-partitions", type=int, default=None, help="Parquet files written"
        )
        p.add_argument(
            "--threads-per-task",
            type=int,
            default=1,
            help="pages checked at once within a task (with spark.task.cpus to match); "
            "for few large archives on many cores",
        )
        p.add_argument("--mode", default="overwrite", help="Spark save mode for the output")
        p.add_argument("--rules", default=None, help="extra rules directory on every worker")
        p.add_argument("--max-bytes", default=None, help="per-page size limit (64M, 512K)")
        p.add_argument(
            "--time-budget", type=float, default=None, help="per-page time limit, seconds"
        )
        p.add_argument(
            "--hadoop",
            action="store_true",
            help="read the archives through Spark's Hadoop filesystems (sc.binaryFiles): "
            "any path the cluster reads, each archive whole in a task's memory",
        )
        return p.parse_args(argv)

    def run(self, argv: Optional[List[str]] = None) -> Dict[str, int]:
        args = self.parse_arguments(argv)
        started = time.monotonic()
        spark = SparkSession.builder.appName(self.name).getOrCreate()
        sc = spark.sparkContext
        ready = time.monotonic()
        counts = {
            name: sc.accumulator(0)
            for name in ("records", "pages", "photos", "findings", "errors")
        }
        options = {
            "rules": args.rules,
            "max_bytes": args.max_bytes,
            "time_budget": args.time_budget,
        }

        threads = args.threads_per_task

        def pages_in(stream) -> Iterator[Tuple[int, Optional[str], bytes]]:
            from warcio.archiveiterator import ArchiveIterator

            records = ArchiveIterator(stream)
            for record in records:
                counts["records"].add(1)
                page = page_of(record)
                if page is not None:
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    yield records.get_record_offset(), uri, page

        def check_archive(warc: str, stream) -> Iterator[Tuple]:
            # Imported in the worker: the driver needs neither capcheck nor warcio loaded.
            import capcheck

            def check(item: Tuple[int, Optional[str], bytes]) -> Tuple[int, Dict[str, Any]]:
                offset, uri, page = item
                return offset, capcheck.check_html(page, url=uri, **options)

            pages = pages_in(stream)
            docs = ordered_map(check, pages, threads) if threads > 1 else map(check, pages)
            # The counts are added here, on the task's own thread.
            for offset, doc in docs:
                counts["pages"].add(1)
                if doc["error"] is not None:
                    counts["errors"].add(1)
                    continue
                counts["photos"].add(len(doc["images"]))
                counts["findings"].add(len(doc["findings"]))
                yield from rows_of(doc, warc, offset)

        def process_paths(paths: Iterable[str]) -> Iterator[Tuple]:
            for line in paths:
                warc = line.strip()
                if not warc or warc.startswith("#"):
                    continue
                with open_archive(warc) as stream:
                    yield from check_archive(warc, stream)

        def process_files(files: Iterable[Tuple[str, bytes]]) -> Iterator[Tuple]:
            for warc, data in files:
                yield from check_archive(warc, io.BytesIO(data))

        # The manifest is small: read on the driver (through Spark, so any filesystem), then
        # dealt one archive per task, with no shuffle.
        paths = [
            p.strip()
            for p in sc.textFile(args.input).collect()
            if p.strip() and not p.strip().startswith("#")
        ]
        tasks = args.num_input_partitions or len(paths)
        if args.hadoop:
            archives = sc.binaryFiles(",".join(paths), minPartitions=tasks)
            rows = archives.mapPartitions(process_files)
        else:
            rows = sc.parallelize(paths, max(1, tasks)).mapPartitions(process_paths)
        df = spark.createDataFrame(rows, SCHEMA)
        if args.num_output_partitions:
            df = df.coalesce(args.num_output_partitions)
        df.write.mode(args.mode).parquet(args.output)
        done = time.monotonic()

        result = {name: acc.value for name, acc in counts.items()}
        print(
            f"{self.name}: {result['records']} records, {result['pages']} pages, "
            f"{result['photos']} photos, {result['findings']} findings, "
            f"{result['errors']} pages with errors -> {args.output}"
        )
        print(
            f"{self.name}: spark start-up {ready - started:.2f} s, "
            f"job {done - ready:.2f} s"
        )
        spark.stop()
        return result


if __name__ == "__main__":
    CapcheckJob().run()
