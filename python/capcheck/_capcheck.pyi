"""Type stubs of the native module; ``capcheck`` (``__init__.py``) is the documented interface."""

from typing import Iterator, List, Optional, Union

__version__: str

def check_html_json(
    html: Union[str, bytes],
    *,
    url: Optional[str] = None,
    path: Optional[str] = None,
    rules: Optional[str] = None,
    max_bytes: Union[int, str, None] = None,
    time_budget: Optional[float] = None,
) -> str:
    """Checks one page; returns its JSON-contract document as one line of JSON."""

class Scan(Iterator[str]):
    """A scan running on native threads; yields each document as one line of JSON."""

    def __init__(
        self,
        paths: List[str],
        *,
        jobs: Optional[int] = None,
        rules: Optional[str] = None,
        max_bytes: Union[int, str, None] = None,
        time_budget: Optional[float] = None,
        config: Optional[str] = None,
        baseline: Optional[str] = None,
        allow_empty: bool = False,
    ) -> None: ...
    def __iter__(self) -> "Scan": ...
    def __next__(self) -> str: ...
    def summary_json(self) -> Optional[str]:
        """The JSONL report's closing line, once every document was given; else ``None``."""
