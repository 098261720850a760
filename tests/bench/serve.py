#!/usr/bin/env python3
"""Edit-to-served latency of `briefing serve`, beside the full-build time.

For each corpus size: generate the corpus (../shared/bench/gen_corpus.py,
layout plain), time a full `briefing build`, start `briefing serve`, then
RUNS times: append a unique sentence to one page's body and poll that page over
HTTP until the sentence is served (incremental path); then RUNS times change a
page's title, which other pages show, and poll until it is served (full
rebuild path). Prints medians in milliseconds and their ratio to the build.

    python3 tests/bench/serve.py [--sizes 1000 10000] [--runs 7]

Uses a release build of briefing (cargo build --release). A benchmark, not a
test: figures depend on the machine and its load; compare ratios from one run.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("SHARED", os.path.join(REPO, "..", "shared"))
BINARY = os.path.join(REPO, "target", "release", "briefing")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8", "replace")


def wait_for(url: str, needle: str, timeout: float = 60.0) -> float:
    """Seconds until `needle` is served at `url`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if needle in fetch(url):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.002)
    raise TimeoutError(f"{needle!r} never appeared at {url}")


def some_page(root: str) -> str:
    for folder, _, files in sorted(os.walk(os.path.join(root, "content"))):
        for name in sorted(files):
            if name.endswith(".md") and name != "_index.md":
                return os.path.join(folder, name)
    raise SystemExit("the corpus has no page")


def measure(size: int, runs: int, work: str) -> dict:
    corpus = os.path.join(work, f"corpus-{size}")
    subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_corpus.py"), "--layout", "plain",
                    "--n", str(size), "--out", corpus], check=True, stdout=subprocess.DEVNULL)
    builds = []
    for run in range(3):
        out = os.path.join(work, f"out-{size}-{run}")
        start = time.perf_counter()
        subprocess.run([BINARY, "build", "--root", corpus, "--out", out], check=True, stdout=subprocess.DEVNULL)
        builds.append(time.perf_counter() - start)
    server = subprocess.Popen([BINARY, "serve", "--root", corpus, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        address = None
        for line in server.stdout:
            found = re.search(r"http://(\S+)/", line)
            if found:
                address = found.group(1)
                break
        if address is None:
            raise SystemExit("briefing serve did not start")
        page = some_page(corpus)
        url = f"http://{address}/" + os.path.relpath(page, os.path.join(corpus, "content"))[:-3] + ".html"
        incremental, full = [], []
        for run in range(runs):
            token = f"Benchmark sentence {size}-{run}-{time.time_ns()}."
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\n{token}\n")
            incremental.append(wait_for(url, token))
        for run in range(runs):
            token = f"Retitled {size}-{run}-{time.time_ns()}"
            text = open(page, encoding="utf-8").read()
            text = re.sub(r"^title: .*$", f'title: "{token}"', text, count=1, flags=re.M)
            with open(page, "w", encoding="utf-8") as f:
                f.write(text)
            full.append(wait_for(url, token))
    finally:
        server.terminate()
        server.wait()
    return {"size": size, "build": statistics.median(builds), "incremental": statistics.median(incremental),
            "full": statistics.median(full)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = tempfile.mkdtemp(prefix="briefing-serve-bench-")
    try:
        rows = [measure(size, args.runs, work) for size in args.sizes]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| pages | full build ms | edit to served (one page) ms | ratio | edit to served (title, full rebuild) ms | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['size']} | {r['build'] * 1000:.0f} | {r['incremental'] * 1000:.1f} | "
              f"{r['incremental'] / r['build']:.3f} | {r['full'] * 1000:.0f} | {r['full'] / r['build']:.2f} |")


if __name__ == "__main__":
    main()
