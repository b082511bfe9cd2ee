"""capcheck finds news photos whose captions do not belong to the story around them.

The same engine as the ``capcheck`` command line, called in-process. Every result is one
document of the JSON contract (the README's "JSON report" section): the dict the CLI's
``--format json`` holds in ``documents`` for that page, and the line ``--format jsonl`` writes.

    import capcheck
    doc = capcheck.check_html(html, url="https://news.example/story")
    [(img["caption"], img["verdict"]) for img in doc["images"]]

Checks run with the GIL released, so Python threads (a ThreadPoolExecutor, Spark's Python
workers) check pages in parallel. A page that cannot be checked is not an exception: its
document carries the reason in ``error``, as in the CLI.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Iterator, Optional, Union

from . import _capcheck

__all__ = ["check_html", "check_paths", "Scan", "__version__"]

__version__: str = _capcheck.__version__

Document = Dict[str, Any]
PathLike = Union[str, "os.PathLike[str]"]


def _path(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def check_html(
    html: Union[str, bytes],
    *,
    url: Optional[str] = None,
    path: Optional[PathLike] = None,
    rules: Optional[PathLike] = None,
    max_bytes: Union[int, str, None] = None,
    time_budget: Optional[float] = None,
) -> Document:
    """Checks one page and returns its JSON-contract document.

    ``html`` is the page as ``bytes`` (its charset found as the CLI finds it: byte-order mark,
    UTF-8, else the ``<meta>`` charset) or as ``str`` (taken as already decoded). ``path`` is
    the document's ``path`` in the result, else ``url``, else ``"-"``; a ``path`` ending in
    ``.txt`` is read as a text copy rather than HTML, and when ``path`` is an existing file the
    local image files the page refers to are read beside it, as the CLI does for that file.
    ``rules`` is an extra rules directory (``--rules``); ``max_bytes`` (``64 << 20`` or
    ``"64M"``) and ``time_budget`` (seconds) are the per-document limits, whose breach is the
    document's ``error``. Raises ``ValueError`` only for bad arguments (a rules directory that
    holds no rule file, a negative budget).
    """
    line = _capcheck.check_html_json(
        html,
        url=url,
        path=_path(path),
        rules=_path(rules),
        max_bytes=max_bytes,
        time_budget=time_budget,
    )
    return json.loads(line)


class Scan:
    """The documents of a scan, in the order of the paths given, as they are checked.

    Returned by :func:`check_paths`; iterate it for the documents. ``summary`` holds the run's
    counts (``documents``, ``images``, ``findings``, ``errors``...) once it is exhausted.
    Dropping it early stops the scan after the batch in progress.
    """

    def __init__(self, native: Any) -> None:
        self._native = native

    def __iter__(self) -> "Scan":
        return self

    def __next__(self) -> Document:
        line = next(self._native)
        return json.loads(line)

    @property
    def summary(self) -> Optional[Dict[str, Any]]:
        """The counts over the run (the JSONL report's last line's ``summary``), or ``None``
        while documents remain."""
        line = self._native.summary_json()
        return None if line is None else json.loads(line)["summary"]


def check_paths(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    jobs: Optional[int] = None,
    rules: Optional[PathLike] = None,
    max_bytes: Union[int, str, None] = None,
    time_budget: Optional[float] = None,
    config: Optional[PathLike] = None,
    baseline: Optional[PathLike] = None,
    allow_empty: bool = False,
) -> Scan:
    """Checks files, directories (walked for .html .htm .xhtml .txt) and WARC archives, as
    ``capcheck check PATH... --format jsonl`` does, and yields one document per page.

    ``jobs`` is the number of pages checked in parallel (``None`` or 0: one per CPU); the
    checking runs on native threads while Python reads the results. ``rules``, ``max_bytes``
    and ``time_budget`` are as for :func:`check_html`; ``config`` is a ``capcheck.toml`` to
    apply (include/exclude, disabled rules, per-path ignores, and its defaults for the other
    options; no config is looked for otherwise); ``baseline`` reports only findings not in
    that baseline file. Finding no document raises ``ValueError`` unless ``allow_empty``.
    A document that cannot be read is yielded with its ``error``; ``--fail-on`` has no
    counterpart: look at ``findings`` and ``error``.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    native = _capcheck.Scan(
        [os.fsdecode(p) for p in paths],
        jobs=jobs,
        rules=_path(rules),
        max_bytes=max_bytes,
        time_budget=time_budget,
        config=_path(config),
        baseline=_path(baseline),
        allow_empty=allow_empty,
    )
    return Scan(native)
