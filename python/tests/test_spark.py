"""The Spark job (examples/spark/capcheck_job.py) run with spark-submit in local mode on WARCs
this test writes: every photo row equals what the CLI reports for the same archive.

The fixtures' HTML pages go into one archive (one as a gzip-encoded, chunked response, with a
request, a text page and an image record beside them that are not pages); the corpus pages of
../shared, when present, into a second. Needs pyspark, warcio and Java; skipped with the
reason when they are missing, failed under CI=true.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from conftest import CORPUS, ROOT, cli_binary

JOB = ROOT / "examples" / "spark" / "capcheck_job.py"


def need(module: str):
    try:
        return __import__(module)
    except ImportError:
        msg = f"skipped: {module} is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)


def spark_submit() -> str:
    need("pyspark")
    found = shutil.which("spark-submit", path=os.path.dirname(sys.executable)) or shutil.which(
        "spark-submit"
    )
    if not found or not shutil.which("java"):
        msg = "skipped: spark-submit or java not found"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return found


def chunked(body: bytes) -> bytes:
    parts = [body[i : i + 700] for i in range(0, len(body), 700)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def write_warc(path: Path, pages: List[Tuple[str, bytes]], extras: bool) -> None:
    """A gzipped WARC (one member per record, as crawlers write) of `pages` as HTTP responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "capcheck tests"}))
        for n, (uri, body) in enumerate(pages):
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            w.write_record(w.create_warc_record(uri, "request", http_headers=req))
            headers = [("Content-Type", "text/html; charset=utf-8")]
            payload = body
            if extras and n == 0:
                # Content-Encoding and chunking undone by both readers.
                payload = chunked(gzip.compress(body, mtime=0))
                headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    uri, "response", payload=io.BytesIO(payload), http_headers=http, length=len(payload)
                )
            )
        if extras:
            text = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    "https://news.example/notes.txt",
                    "response",
                    payload=io.BytesIO(b"Plain notes, not a page."),
                    http_headers=text,
                )
            )
            img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    "https://news.example/img/1.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
                    http_headers=img,
                )
            )


def expected_rows(warc: Path) -> Tuple[Dict[Tuple[str, int], tuple], int]:
    """The CLI's report of `warc`, as the job's rows (without the offset), by (url, image);
    and the number of pages."""
    out = subprocess.run(
        [str(cli_binary()), "check", "--no-config", "--fail-on", "never", "--format", "json", str(warc)],
        capture_output=True,
        check=True,
    )
    rows = {}
    docs = json.loads(out.stdout)["documents"]
    for doc in docs:
        assert doc["error"] is None, doc
        prefix = f"{warc}#"
        assert doc["path"].startswith(prefix)
        url = doc["path"][len(prefix) :]
        for img in doc["images"]:
            found = [f for f in doc["findings"] if f["image"] == img["index"]]
            rows[(url, img["index"])] = (
                doc["title"],
                img["src"],
                img["caption"],
                img["credit"],
                img["scope"],
                img["verdict"],
                img["score"],
                [f["rule"] for f in found],
                [f["message"] for f in found],
            )
    return rows, len(docs)


@pytest.fixture(scope="module")
def job_run(tmp_path_factory):
    submit = spark_submit()
    need("warcio")
    cli_binary()
    tmp = tmp_path_factory.mktemp("spark")
    fixture_pages = [
        (f"https://news.example/{p.name}", p.read_bytes())
        for p in sorted((ROOT / "fixtures").glob("*.html"))
    ]
    warcs = [tmp / "fixtures.warc.gz"]
    write_warc(warcs[0], fixture_pages, extras=True)
    if CORPUS.is_dir():
        corpus = [(f"https://corpus.example/{p.name}", p.read_bytes()) for p in sorted(CORPUS.glob("*.html"))]
        warcs.append(tmp / "corpus.warc.gz")
        write_warc(warcs[1], corpus, extras=False)
    else:
        print(f"skipped: the corpus WARC (../shared not present: {CORPUS})")
    manifest = tmp / "warc-paths.txt"
    manifest.write_text("".join(f"{w}\n" for w in warcs), encoding="utf-8")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    runs = {}
    # The second run also checks several pages at once within a task.
    for mode, extra in (("python", []), ("hadoop", ["--hadoop", "--threads-per-task", "2"])):
        out = tmp / f"photos-{mode}.parquet"
        done = subprocess.run(
            [submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false", str(JOB), str(manifest), str(out), *extra],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-4000:]
        runs[mode] = (out, done.stdout)
    return warcs, runs


def read_rows(path: Path):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .appName("capcheck-test-read")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    return [r.asDict() for r in spark.read.parquet(str(path)).collect()]


@pytest.mark.parametrize("mode", ["python", "hadoop"])
def test_every_photo_row_equals_the_cli(job_run, mode):
    from warcio.archiveiterator import ArchiveIterator

    warcs, runs = job_run
    out, stdout = runs[mode]
    rows = read_rows(out)
    want: Dict[Tuple[str, int], tuple] = {}
    pages = 0
    for w in warcs:
        rows_of_warc, pages_of_warc = expected_rows(w)
        want.update(rows_of_warc)
        pages += pages_of_warc
    got = {}
    for r in rows:
        key = (r["url"], r["image_index"])
        assert key not in got, f"one row per photo: {key}"
        got[key] = (
            r["title"],
            r["src"],
            r["caption"],
            r["credit"],
            r["scope"],
            r["verdict"],
            r["score"],
            list(r["rules"]),
            list(r["messages"]),
        )
        # The offset is where the page's record starts in its archive.
        local = r["warc_file"].removeprefix("file:")
        with open(local, "rb") as f:
            f.seek(r["warc_offset"])
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_headers.get_header("WARC-Target-URI") == r["url"]
            assert record.rec_type == "response"
    assert got == want
    assert any(v[5] == "mismatch" for v in want.values()), "the fixtures raise a finding"

    findings = sum(len(v[7]) for v in want.values())
    assert f"{pages} pages, {len(want)} photos, {findings} findings, 0 pages with errors" in stdout, stdout
    assert "spark start-up" in stdout


def test_the_corpus_archive_is_part_of_the_run():
    # The job run above adds a WARC of the corpus pages when ../shared is present; say so
    # visibly when it is not.
    if not CORPUS.is_dir():
        pytest.skip(f"skipped: ../shared not present ({CORPUS}): the Spark run had no corpus WARC")
    assert any(CORPUS.glob("*.html")), CORPUS
