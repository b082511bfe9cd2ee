"""The Python API gives what the CLI gives: the same documents for the same pages, errors as
documents, and the same results from many threads."""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import capcheck
from conftest import ROOT, SEED

FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_file())


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    # Paths are given relative to the repository root, as the CLI is run from it.
    monkeypatch.chdir(ROOT)


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


def article_images(doc):
    return [i for i in doc["images"] if i["scope"] == "article"]


def rules_for(doc, index):
    return [f["rule"] for f in doc["findings"] if f["image"] == index]


def test_seed_page_verdicts(cli):
    if not SEED.is_file():
        pytest.skip(f"skipped: ../shared not present ({SEED})")
    doc = capcheck.check_html(SEED.read_bytes(), path=str(SEED))
    images = article_images(doc)
    assert [i["verdict"] for i in images] == ["mismatch", "consistent"], doc
    assert "caption-entity-mismatch" in rules_for(doc, images[0]["index"])
    unsupported = [
        e["text"] for e in images[0]["entities"] if e["kind"] == "person" and not e["supported"]
    ]
    assert unsupported == ["Ilhan Omar", "Nancy Pelosi"]
    supported = [e["text"] for e in images[1]["entities"] if e["supported"]]
    assert {"Xi Jinping", "Kim Jong-un"} <= set(supported)
    assert doc == cli(str(SEED))["documents"][0]


def test_seed_shape_fixture_verdicts():
    doc = capcheck.check_html((ROOT / "fixtures/seed-shape.html").read_bytes())
    images = article_images(doc)
    assert [i["verdict"] for i in images] == ["mismatch", "consistent"], doc
    assert rules_for(doc, images[0]["index"]) == ["caption-entity-mismatch"]
    assert rules_for(doc, images[1]["index"]) == []
    assert doc["path"] == "-"
    assert doc["error"] is None


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_equals_the_cli_document(cli, page):
    doc = capcheck.check_html(page.read_bytes(), path=rel(page))
    assert doc == cli(rel(page))["documents"][0]


def test_text_equals_bytes_for_utf8_pages():
    for page in FIXTURES:
        raw = page.read_bytes()
        assert capcheck.check_html(raw.decode("utf-8"), path=rel(page)) == capcheck.check_html(
            raw, path=rel(page)
        ), page.name


def test_text_is_taken_as_decoded_whatever_the_meta_charset():
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head>'
        "<body><article><h1>Café</h1><p>Un texte.</p></article></body></html>"
    )
    assert capcheck.check_html(page)["title"] == "Café"


def test_url_names_the_document():
    doc = capcheck.check_html(b"<html><body><p>Hello</p></body></html>", url="https://news.example/a")
    assert doc["path"] == "https://news.example/a"
    assert doc["error"] is None


def test_check_paths_streams_the_cli_jsonl(cli):
    scan = capcheck.check_paths(["fixtures"], jobs=2)
    assert scan.summary is None
    docs = list(scan)
    lines = cli("fixtures", fmt="jsonl")
    assert docs == lines[:-1]
    assert scan.summary == lines[-1]["summary"]
    # Every page directly in fixtures/ is a document (subfolders such as fixtures/markdown/
    # add theirs).
    paths = {d["path"] for d in docs}
    assert {f"fixtures/{p.name}" for p in FIXTURES} <= paths


def test_check_paths_accepts_one_path_and_path_objects(cli):
    page = ROOT / "fixtures" / "stale-date-fires.html"
    assert list(capcheck.check_paths(page)) == cli(str(page))["documents"]
    assert list(capcheck.check_paths([Path(rel(page))])) == cli(rel(page))["documents"]


def test_error_documents():
    binary = capcheck.check_html(bytes(range(256)) * 8, url="https://news.example/blob")
    assert binary["error"] == "binary data, not a web page or text"
    assert binary["images"] == [] and binary["findings"] == []

    big = capcheck.check_html((ROOT / "fixtures/seed-shape.html").read_bytes(), max_bytes="1K")
    assert "over the 1.0 KiB limit" in big["error"] or "limit" in big["error"], big["error"]

    docs = list(capcheck.check_paths(["no/such/page.html", "fixtures/nothing-to-check.html"]))
    assert docs[0]["path"] == "no/such/page.html"
    assert docs[0]["error"] == "no such file or directory: no/such/page.html"
    assert docs[1]["error"] is None


def test_error_document_in_a_warc(tmp_path):
    warc = tmp_path / "broken.warc.gz"
    warc.write_bytes(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"))
    docs = list(capcheck.check_paths([str(warc)]))
    assert len(docs) == 1 and "archive" in docs[0]["error"], docs


def test_bad_arguments_raise(tmp_path):
    with pytest.raises(TypeError):
        capcheck.check_html(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        capcheck.check_html("<p>x</p>", time_budget=-1)
    with pytest.raises(ValueError):
        capcheck.check_html("<p>x</p>", max_bytes="lots")
    with pytest.raises(ValueError, match="holds none of the rule files"):
        capcheck.check_html("<p>x</p>", rules=str(ROOT / "fixtures"))
    with pytest.raises(ValueError, match="no document to check"):
        capcheck.check_paths([tmp_path])
    assert list(capcheck.check_paths([tmp_path], allow_empty=True)) == []


def test_rules_directory_as_in_the_cli(cli, tmp_path):
    (tmp_path / "people.tsv").write_text("# no one more\n", encoding="utf-8")
    page = ROOT / "fixtures/seed-shape.html"
    doc = capcheck.check_html(page.read_bytes(), path=rel(page), rules=tmp_path)
    assert doc == cli("--rules", str(tmp_path), rel(page))["documents"][0]


def test_threads_give_the_same_results():
    pages = [(p.read_bytes(), rel(p)) for p in FIXTURES] * 8
    alone = [capcheck.check_html(b, path=p) for b, p in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda bp: capcheck.check_html(bp[0], path=bp[1]), pages))
    assert together == alone


def test_dropping_a_scan_early_is_fine():
    scan = capcheck.check_paths(["fixtures"] * 50, jobs=2)
    first = next(scan)
    assert first["path"].startswith("fixtures")
    del scan


def test_version_and_types():
    assert capcheck.__version__
    assert (Path(capcheck.__file__).parent / "py.typed").is_file()
    assert (Path(capcheck.__file__).parent / "_capcheck.pyi").is_file()
    assert os.path.basename(capcheck.__file__) == "__init__.py"
