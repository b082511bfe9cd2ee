#!/usr/bin/env python3
"""Pages per second of the Python API with N threads against the CLI with `-j N`, on the same
pages, runs interleaved so that a busy machine slows both alike.

usage: bench-python.py CLI_BINARY [PAGES_DIR] [--threads N] [--runs R]
       (PAGES_DIR defaults to ../shared/corpus/pages; needs `import capcheck`)

The Python side reads each file and calls check_html from a ThreadPoolExecutor; the CLI side
is `capcheck check DIR --format jsonl -j N` to /dev/null, its process start-up included. The
best of R runs of each is reported (the least disturbed by other work on the machine).
"""

import argparse
import resource
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import capcheck


def python_run(pages, threads):
    def one(p):
        return capcheck.check_html(p.read_bytes(), path=str(p))

    t, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, pages))
    return time.perf_counter() - t, time.process_time() - cpu


def cli_run(binary, folder, threads):
    def children_cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    t, cpu = time.perf_counter(), children_cpu()
    subprocess.run(
        [binary, "check", "--no-config", "--format", "jsonl", "-j", str(threads), str(folder)],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - t, children_cpu() - cpu


def main():
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("pages", nargs="?", default=str(here.parent / "shared/corpus/pages"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    folder = Path(a.pages)
    pages = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".html", ".htm", ".txt"))
    # The first call builds the word lists; a notebook pays that once, as the CLI does per run.
    t = time.perf_counter()
    capcheck.check_html("<p>warm-up</p>")
    print(f"first call (word lists built): {time.perf_counter() - t:.3f} s")
    py, cl = [], []
    for _ in range(a.runs):
        py.append(python_run(pages, a.threads))
        cl.append(cli_run(a.cli, folder, a.threads))
    n = len(pages)
    (py_wall, py_cpu), (cli_wall, cli_cpu) = min(py), min(cl)
    print(f"{n} pages, {a.threads} threads, best of {a.runs} (wall clock; CPU seconds beside)")
    print(f"python check_html x{a.threads} threads: {n / py_wall:8.1f} pages/s ({py_wall:.3f} s, cpu {min(c for _, c in py):.3f} s)")
    print(f"cli -j {a.threads}:                  {n / cli_wall:8.1f} pages/s ({cli_wall:.3f} s, cpu {min(c for _, c in cl):.3f} s)")
    print(f"ratio python/cli: {cli_wall / py_wall:.2f} (wall), {min(c for _, c in cl) / min(c for _, c in py):.2f} (cpu)")


if __name__ == "__main__":
    main()
