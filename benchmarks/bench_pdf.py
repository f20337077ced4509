#!/usr/bin/env python
"""Benchmark: ``argmap source add`` of a 300-page thesis-like PDF against pypdfium2's bare text
extraction of the same file (the floor).

Goal (issue #18): "`source add` of a 300-page thesis PDF, wall time and peak memory, against
pypdfium2's bare text extraction of the same file (the floor); target under 10 s and within 3× the
floor."

Run from the repository root:

    .venv/bin/python benchmarks/bench_pdf.py [--pages 300] [--repeat 3] [--keep]

It generates the PDF with headless Chromium from seed 002 (tests/thesis_pdf.py: a running head,
printed page numbers roman then arabic, footnotes on every other page, paragraphs across pages),
then runs, each ``--repeat`` times as a fresh process under ``/usr/bin/time -f "%e %M"``-like
accounting (wall seconds; peak resident set of the process and every process it waited for):

* **floor**: ``python -c`` opening the PDF with pypdfium2 and calling ``get_text_range()`` on every
  page's text page (no layout, nothing written);
* **source add**: ``argmap source add thesis.pdf --folder DIR`` into a fresh folder (layout,
  labels, bands, the text and the manifest written), whose PDF reading runs in a child process.

It also times both in this process (no interpreter start-up), and checks the result: one page
label per page, as printed. Exit status 0 when the labels are right (and, with ``--strict``, the
goal is met), 1 otherwise. Everything goes to a temporary folder, deleted unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FLOOR = """
import sys, pypdfium2
doc = pypdfium2.PdfDocument(sys.argv[1])
n = 0
for i in range(len(doc)):
    page = doc[i]
    tp = page.get_textpage()
    n += len(tp.get_text_range())
    tp.close(); page.close()
print(n)
"""

MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if r.returncode:
    sys.stderr.write(r.stderr.decode()); sys.exit(r.returncode)
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of ``cmd`` and the processes it waits for."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True)
    wall, rss = out.stdout.split()
    return float(wall), int(rss)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()

    from tests.thesis_pdf import make_thesis

    tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        front = 6
        t0 = time.perf_counter()
        thesis = make_thesis(tmp, front=front, body=args.pages - front - 1)
        print(f"generated {thesis.pdf} ({len(thesis.pages)} pages, {thesis.pdf.stat().st_size / 1e6:.1f} MB) "
              f"with Chromium in {time.perf_counter() - t0:.1f} s")
        argmap = str(Path(sys.executable).with_name("argmap"))
        floor, add = [], []
        for k in range(args.repeat):
            floor.append(measure([sys.executable, "-c", FLOOR, str(thesis.pdf)]))
            folder = tmp / f"run{k}"
            add.append(measure([argmap, "source", "add", str(thesis.pdf), "--folder", str(folder)]))
        # in process
        import pypdfium2

        from argmap.evidence.pdf import extract, extract_bounded

        data = thesis.pdf.read_bytes()
        t0 = time.perf_counter()
        doc = pypdfium2.PdfDocument(data)
        for i in range(len(doc)):
            doc[i].get_textpage().get_text_range()
        floor_in = time.perf_counter() - t0
        t0 = time.perf_counter()
        got = extract(data)
        extract_in = time.perf_counter() - t0
        t0 = time.perf_counter()
        extract_bounded(data)
        bounded_in = time.perf_counter() - t0

        def row(name: str, runs: list[tuple[float, int]]) -> tuple[float, int]:
            wall = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            print(f"  {name:<28} wall {wall:6.2f} s (runs: {', '.join(f'{r[0]:.2f}' for r in runs)})   "
                  f"peak RSS {rss / 1024:6.1f} MiB")
            return wall, rss

        print(f"{len(thesis.pages)} pages, {len(got.text):,} characters of text; median of {args.repeat} runs, "
              "each a fresh process:")
        fw, fr = row("floor (bare pypdfium2)", floor)
        aw, ar = row("argmap source add", add)
        print("in this process (no interpreter start-up):")
        print(f"  floor {floor_in:.2f} s; extract {extract_in:.2f} s ({extract_in / floor_in:.1f}× the floor); "
              f"extract_bounded (child process) {bounded_in:.2f} s ({bounded_in / floor_in:.1f}×)")
        ratio = aw / fw
        ok_goal = aw < 10 and ratio <= 3
        print(f"source add / floor: {ratio:.2f}× wall, {ar / fr:.2f}× peak RSS; goal (< 10 s and ≤ 3×): "
              f"{'met' if ok_goal else 'MISSED'}")
        labels_ok = [p.label for p in got.pages] == [p.label for p in thesis.pages]
        print(f"[{'ok' if labels_ok else 'FAIL'}] every page's label is the one printed on it")
        if args.keep:
            print(f"kept {tmp}")
        return 0 if labels_ok and (ok_goal or not args.strict) else 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
