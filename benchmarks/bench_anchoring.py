#!/usr/bin/env python
"""Benchmark: anchoring N quotes against the 002 thesis (arguments/sources/002_a7571c67bdaab12b.txt).

Goal (issue): "Checking 5,000 quotes against the 002 thesis takes under 1 s. Near-miss search runs
only for quotes that failed exact and normalised search."

Run from the repository root:

    .venv/bin/python benchmarks/bench_anchoring.py [--quotes N] [--seed S]

It generates, in a temporary folder, a synthetic but valid map ``bench.argmap.yaml`` whose quotes are
random slices of the source (whitespace removed), some changed so that they match only after
normalisation, and (optionally) some broken; then it times loading, indexing, the evidence check,
the whole ``argmap check`` command, and the near-miss search, and checks that the diagnostics are
exactly the expected ones. See benchmarks/README.md. Exit status: 0 when every correctness
assertion holds (and, with ``--strict``, the 1 s goal is met), 1 otherwise.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "arguments" / "sources"
SOURCE_NAME = "002_a7571c67bdaab12b.txt"
ARGMAP_EXE = Path(sys.executable).parent / "argmap"

RSS_START_KIB = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before argmap is imported

import argmap  # noqa: E402
from argmap.checks import check_corpus, check_evidence  # noqa: E402
from argmap.load.corpus import SourceCache, load_corpus  # noqa: E402
from argmap.load.loader import load_map  # noqa: E402
from argmap.evidence.sources import SourceText  # noqa: E402

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: Page breaks of the 002 text: runs of three or more blank lines (as in the 004 manifest entry).
PAGE_BREAK = re.compile(r"\n(?:[ \t\u3000]*\n){3,}")
#: Characters used to break a quote (one replaces one character of an exact slice).
BREAKERS = "甲乙丙丁戊己庚辛壬癸"


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


# -- the source, indexed independently of argmap (for generating unique quotes) -----------------------


class Source:
    """The raw text, its whitespace-free form ``sq`` with offsets ``pos`` into the raw text, and a
    normalised form (superscripts and Cf removed, NFKC per code point; 002's manifest entry declares
    no footnote or running-head patterns, so that is all argmap's normalisation does to it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = [i for i, c in enumerate(text) if not c.isspace()]
        self.sq = "".join(text[i] for i in self.pos)
        self.normal = self.normalise(self.sq)

    @staticmethod
    def normalise(s: str) -> str:
        out = []
        for ch in s:
            if ch.isspace() or ch in SUPERSCRIPTS or unicodedata.category(ch) == "Cf":
                continue
            out.append("".join(c for c in unicodedata.normalize("NFKC", ch) if not c.isspace()))
        return "".join(out)

    @staticmethod
    def count(hay: str, needle: str, stop: int = 2) -> int:
        """Occurrences of ``needle`` in ``hay`` (overlapping), counting up to ``stop``."""
        n, i = 0, hay.find(needle)
        while i != -1 and n < stop:
            n += 1
            i = hay.find(needle, i + 1)
        return n

    def raw(self, i: int, j: int) -> str:
        """The raw text from squeezed position ``i`` to ``j`` (exclusive)."""
        return self.text[self.pos[i]:self.pos[j - 1] + 1]


@dataclass
class Quote:
    quote: str
    kind: str  # exact | width | superscript | broken
    raw: str  # the raw slice of the source it was taken from
    e310: int = 0  # E310 infos expected (superscript runs inside a normalised match)


@dataclass
class Generated:
    quotes: list[Quote]
    rejected: Counter[str] = field(default_factory=Counter)

    def kinds(self) -> Counter[str]:
        return Counter(q.kind for q in self.quotes)


def _slice_around(src: Source, rng: random.Random, site: int, width: int) -> tuple[int, int]:
    """A random slice of 12-60 squeezed characters holding ``sq[site:site+width]`` strictly inside."""
    n = rng.randint(max(12, width + 2), 60)
    lo = max(0, site + width + 1 - n)
    hi = min(site - 1, len(src.sq) - n)
    i = rng.randint(lo, hi) if lo <= hi else max(0, min(site - 1, len(src.sq) - n))
    return i, i + n


def generate(src: Source, n: int, norm_share: float, broken: int, seed: int) -> Generated:
    """``n`` quotes: ``round(n * norm_share)`` normalised-only (half width changes, half superscripts
    dropped), ``broken`` with one character changed, the rest exact; each occurs exactly once."""
    rng = random.Random(seed)
    n_norm = round(n * norm_share)
    broken = min(broken, n - n_norm)
    kinds = ["width", "superscript"] * (n_norm // 2) + ["width"] * (n_norm % 2)
    kinds += ["broken"] * broken + ["exact"] * (n - len(kinds) - broken)
    rng.shuffle(kinds)
    sq = src.sq
    width_sites = [k for k, c in enumerate(sq)
                   if (c == "," and 0 < k < len(sq) - 1 and is_cjk(sq[k - 1]) and is_cjk(sq[k + 1]))
                   or (len(unicodedata.normalize("NFKC", c)) == 1 and unicodedata.normalize("NFKC", c) != c
                       and unicodedata.normalize("NFKC", c).isascii() and c not in SUPERSCRIPTS)]
    sup_sites = [m.start() for m in re.finditer(f"[{SUPERSCRIPTS}]+", sq)]
    sup_runs = {m.start(): m.end() - m.start() for m in re.finditer(f"[{SUPERSCRIPTS}]+", sq)}
    out = Generated([])
    for kind in kinds:
        for _attempt in range(10_000):
            if kind == "exact" or kind == "broken":
                L = rng.randint(12, 60)
                i = rng.randrange(0, len(sq) - L + 1)
                j = i + L
            elif kind == "width":
                site = rng.choice(width_sites)
                i, j = _slice_around(src, rng, site, 1)
            else:
                site = rng.choice(sup_sites)
                i, j = _slice_around(src, rng, site, sup_runs[site])
            s = sq[i:j]
            if kind != "superscript" and any(c in SUPERSCRIPTS for c in s):
                out.rejected["superscript inside (would be E310)"] += 1
                continue
            if kind == "superscript" and (s[0] in SUPERSCRIPTS or s[-1] in SUPERSCRIPTS):
                out.rejected["superscript at an end"] += 1
                continue
            if kind in ("exact", "broken") and src.count(sq, s) != 1:
                out.rejected["ambiguous (occurs more than once)"] += 1
                continue
            raw = src.raw(i, j)
            if kind == "exact":
                out.quotes.append(Quote(s, kind, raw))
                break
            if kind == "width":
                k = site - i
                c = s[k]
                q = s[:k] + ("，" if c == "," else unicodedata.normalize("NFKC", c)) + s[k + 1:]
            elif kind == "superscript":
                q = re.sub(f"[{SUPERSCRIPTS}]+", "", s)
            else:
                k = rng.randrange(2, len(s) - 2)
                choices = [b for b in BREAKERS if b != s[k]]
                q = s[:k] + rng.choice(choices) + s[k + 1:]
            if src.count(sq, q, 1):
                out.rejected[f"{kind}: changed quote still found exactly"] += 1
                continue
            found = src.count(src.normal, src.normalise(q))
            if kind == "broken" and found:
                out.rejected["broken: still found after normalisation"] += 1
                continue
            if kind != "broken" and found != 1:
                out.rejected[f"{kind}: ambiguous after normalisation"] += 1
                continue
            runs = len(re.findall(f"[{SUPERSCRIPTS}]+", raw)) if kind == "superscript" else 0
            out.quotes.append(Quote(q, kind, raw, runs))
            break
        else:
            raise SystemExit(f"could not generate a {kind} quote in 10,000 attempts")
    return out


def break_quotes(src: Source, gen: Generated, k: int, seed: int) -> Generated:
    """A copy of ``gen`` in which ``k`` of its exact quotes (chosen at random) have one character
    (not among the first or last two) replaced, so that neither exact nor normalised search finds them."""
    rng = random.Random(seed + 1_000_003)
    exact = [i for i, q in enumerate(gen.quotes) if q.kind == "exact"]
    quotes = list(gen.quotes)
    for i in sorted(rng.sample(exact, min(k, len(exact)))):
        s = quotes[i].quote
        for _attempt in range(1000):
            j = rng.randrange(2, len(s) - 2)
            q = s[:j] + rng.choice([b for b in BREAKERS if b != s[j]]) + s[j + 1:]
            if not src.count(src.sq, q, 1) and not src.count(src.normal, src.normalise(q), 1):
                quotes[i] = Quote(q, "broken", quotes[i].raw)
                break
        else:
            raise SystemExit(f"could not break quote {s!r}")
    return Generated(quotes, gen.rejected)


def write_map(folder: Path, gen: Generated, per_claim: int = 10) -> Path:
    """``folder/bench.argmap.yaml`` (thesis T, claims C1.. with ``per_claim`` quotes each, one
    inference per claim supporting T) and ``folder/sources/`` with the 002 text and the manifest."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy2(SOURCES / SOURCE_NAME, folder / "sources" / SOURCE_NAME)
    shutil.copy2(SOURCES / "manifest.yaml", folder / "sources" / "manifest.yaml")
    claims: list[dict[str, object]] = [{
        "id": "T", "role": "thesis", "text": "合成論點：以下各主張支持本論點。",
        "gloss": "Synthetic thesis, supported by every claim below."}]
    inferences = []
    for k in range(0, len(gen.quotes), per_claim):
        cid = f"C{k // per_claim + 1}"
        claims.append({"id": cid, "text": f"合成主張第 {k // per_claim + 1} 條。",
                       "gloss": f"Synthetic claim {k // per_claim + 1}.",
                       "evidence": [{"quote": q.quote} for q in gen.quotes[k:k + per_claim]]})
        inferences.append({"id": f"I{k // per_claim + 1}", "premises": [cid], "conclusion": "T"})
    doc = {
        "argmap": 1, "id": "bench",
        "work": {"title": "後冷戰時期中共對美平衡戰略：上海合作組織個案研究",
                 "authors": [{"name": "林伯雍", "name_en": "Po-Yung Lin"}], "year": 2013,
                 "kind": "master-thesis", "language": "zh-Hant"},
        "sources": [{"id": "thesis", "path": f"sources/{SOURCE_NAME}",
                     "title": "林伯雍《後冷戰時期中共對美平衡戰略》碩士論文全文（純文字）"}],
        "note": "Generated by benchmarks/bench_anchoring.py: random slices of the source, not an argument.",
        "claims": claims, "inferences": inferences,
    }
    path = folder / "bench.argmap.yaml"
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    path.write_text(body, encoding="utf-8")
    return path


# -- instrumentation ------------------------------------------------------------------------------------


class Calls:
    """Wraps SourceText.near_miss, .find_all and .find_normalised (on the class, in this process):
    counts calls made by anchoring (calls from inside near_miss are not counted) and times near_miss."""

    def __init__(self) -> None:
        self.near: list[float] = []
        self.find_all = 0
        self.find_normalised = 0
        self._inside = 0
        self._orig: dict[str, Callable[..., object]] = {}

    def reset(self) -> None:
        self.near, self.find_all, self.find_normalised = [], 0, 0

    def install(self) -> None:
        calls = self
        for name in ("near_miss", "find_all", "find_normalised"):
            self._orig[name] = getattr(SourceText, name)
        orig_near, orig_all, orig_norm = (self._orig[k] for k in ("near_miss", "find_all", "find_normalised"))

        def near_miss(self_, *a, **k):  # type: ignore[no-untyped-def]
            calls._inside += 1
            t0 = time.perf_counter()
            try:
                return orig_near(self_, *a, **k)
            finally:
                calls.near.append(time.perf_counter() - t0)
                calls._inside -= 1

        def find_all(self_, *a, **k):  # type: ignore[no-untyped-def]
            if not calls._inside:
                calls.find_all += 1
            return orig_all(self_, *a, **k)

        def find_normalised(self_, *a, **k):  # type: ignore[no-untyped-def]
            if not calls._inside:
                calls.find_normalised += 1
            return orig_norm(self_, *a, **k)

        SourceText.near_miss = near_miss  # type: ignore[method-assign]
        SourceText.find_all = find_all  # type: ignore[method-assign]
        SourceText.find_normalised = find_normalised  # type: ignore[method-assign]

    def uninstall(self) -> None:
        for name, f in self._orig.items():
            setattr(SourceText, name, f)
        self._orig = {}


# -- timing ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    times: list[float]
    note: str = ""

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def cli_check(map_path: Path, repeat: int, extra: tuple[str, ...] = ()) -> tuple[list[float], dict]:
    """Wall time of ``argmap check --format json MAP`` in a subprocess; the last run's JSON report."""
    times, report = [], {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run([str(ARGMAP_EXE), "check", "--format", "json", *extra, str(map_path)],
                           capture_output=True, text=True, cwd=map_path.parent)
        times.append(time.perf_counter() - t0)
        if p.returncode == 2:
            raise SystemExit(f"argmap check failed (exit 2):\n{p.stdout}\n{p.stderr}")
        report = json.loads(p.stdout)
        report["exit"] = p.returncode
    return times, report


def profile(title: str, fn: Callable[[], object], lines: int = 18) -> None:
    """Print the top ``lines`` functions of one run of ``fn`` by cumulative time (cProfile)."""
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(lines)
    text = buf.getvalue().replace(str(REPO) + "/", "").replace(sys.prefix + "/lib/", "")
    print(f"\ncProfile of {title}, by cumulative time (cProfile adds overhead):")
    print("\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("   Ordered")))


def git_state() -> str:
    """The repository's HEAD commit, and whether src/ has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=REPO, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], capture_output=True, text=True,
                               cwd=REPO, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}" + (" (src/ has uncommitted changes)" if dirty else "")


def load_breakdown(path: Path, repeat: int, label: str) -> list[Row]:
    """load_map split into its stages: strict YAML parse (argmap.load.yamlsafe.parse) and JSON Schema
    validation (argmap.load.loader.schema_diagnostics); the rest of load_map builds the model."""
    try:
        from argmap.load.loader import schema_diagnostics
        from argmap.load.yamlsafe import parse
    except ImportError:
        return []
    text = path.read_text(encoding="utf-8")
    t_parse, located = timed(lambda: parse(text), repeat)
    t_schema, _ = timed(lambda: schema_diagnostics(located, path.name, "argmap"), repeat)
    return [Row(f"    of {label}: YAML parse (yamlsafe.parse)", t_parse),
            Row(f"    of {label}: JSON Schema (schema_diagnostics)", t_schema)]


_LAUNCHER = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def child_peak_rss_kib(cmd: list[str]) -> int:
    """Peak RSS of ``cmd``, run from a small launcher process: a child forked from this (large)
    process would count this process's pages in its own ru_maxrss (Linux keeps the high-water mark
    across exec), so RUSAGE_CHILDREN here would overstate it."""
    p = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], capture_output=True, text=True, check=True)
    return int(p.stdout.strip())


def fmt_ms(s: float) -> str:
    return f"{s * 1000:9.1f}"


# -- main -----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotes", type=int, default=5000, help="number of quotes (default 5000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--normalised-share", type=float, default=0.10,
                    help="share of quotes that match only after normalisation (default 0.10)")
    ap.add_argument("--broken-share", type=float, default=0.0,
                    help="share of quotes with one character changed, in the main map (default 0)")
    ap.add_argument("--near-miss-quotes", type=int, default=100,
                    help="broken quotes in the near-miss map (default 100; 0 skips that part)")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions of each timing (default 5)")
    ap.add_argument("--no-pinned", action="store_true", help="skip the pinned (--fix) variant")
    ap.add_argument("--profile", action="store_true", help="print the cProfiles even when every time is under 1 s")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    ap.add_argument("--strict", action="store_true", help="exit 1 also when the 1 s goal is missed")
    args = ap.parse_args(argv)

    failures: list[str] = []

    def expect(cond: bool, what: str) -> None:
        print(f"  [{'ok' if cond else 'FAIL'}] {what}")
        if not cond:
            failures.append(what)

    tmp = Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    try:
        src = Source((SOURCES / SOURCE_NAME).read_bytes().decode("utf-8"))
        n_broken = round(args.quotes * args.broken_share)
        t0 = time.perf_counter()
        gen = generate(src, args.quotes, args.normalised_share, n_broken, args.seed)
        t_gen = time.perf_counter() - t0
        kinds = gen.kinds()
        lb = sum("\n" in q.raw for q in gen.quotes)
        pb = sum(bool(PAGE_BREAK.search(q.raw)) for q in gen.quotes)
        clean = write_map(tmp / "clean", gen)
        print(f"argmap anchoring benchmark — {args.quotes} quotes, seed {args.seed}, repeat {args.repeat}")
        print(f"code:   argmap imported from {Path(argmap.__file__).parent}; repository at {git_state()}")
        print(f"        Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"source: {SOURCE_NAME} ({len(src.text):,} code points, {src.text.count(chr(10)) + 1:,} lines)")
        print(f"map:    {clean} ({clean.stat().st_size:,} bytes; generated in {t_gen:.2f} s)")
        print(f"quotes: {dict(sorted(kinds.items()))}; {lb} span a line break, {pb} a page break; "
              f"mean length {statistics.mean(len(q.quote) for q in gen.quotes):.1f}")
        if gen.rejected:
            print(f"rejected while sampling: {dict(gen.rejected)}")
        src_path = clean.parent / "sources" / SOURCE_NAME

        rows: list[Row] = []
        calls = Calls()  # installed only around the runs that count calls, never around timed runs

        # (a) loading the map
        times, loaded = timed(lambda: load_map(clean), args.repeat)
        rows.append(Row("(a) load_map (YAML + schema + model)", times))
        rows += load_breakdown(clean, args.repeat, "(a)")
        print("\ncorrectness (clean map):")
        expect(loaded.map is not None and not loaded.diagnostics,
               f"the map loads without diagnostics ({len(loaded.diagnostics)})")
        if loaded.map is None:
            for d in loaded.diagnostics[:10]:
                print("   ", d)
            return 1

        # (b) building the source index
        times, text = timed(lambda: SourceCache().read(src_path), args.repeat)
        rows.append(Row("(b) SourceCache().read (read + index)", times))
        expect(isinstance(text, SourceText), "the source is read")

        # (c) the evidence check alone, source cached
        corpus = load_corpus([clean])
        m = corpus.maps[0]
        corpus.sources.read(src_path)  # warm the cache
        times, _ = timed(lambda: list(check_evidence(m, corpus)), args.repeat)
        rows.append(Row(f"(c) check_evidence, {args.quotes} quotes", times))
        t_clean_evidence = statistics.median(times)
        calls.install()
        list(check_evidence(m, corpus))
        calls.uninstall()
        per_run = dict(find_all=calls.find_all, find_normalised=calls.find_normalised, near_miss=len(calls.near))

        # all checks in-process (check_corpus), and the whole pipeline load_corpus + check_corpus
        times, all_diags = timed(lambda: check_corpus(corpus), args.repeat)
        rows.append(Row("    check_corpus (all checks, source cached)", times))
        times, _ = timed(lambda: check_corpus(load_corpus([clean])), args.repeat)
        rows.append(Row("    load_corpus + check_corpus (cold cache)", times))

        codes = Counter(d.code for d in all_diags)
        sev = Counter(d.severity.value for d in all_diags if d.severity is not None)
        n_norm = kinds["width"] + kinds["superscript"]
        exp_e310 = sum(q.e310 for q in gen.quotes)
        expected = Counter({"E301": kinds["broken"], "E307": kinds["width"], "E310": exp_e310})
        expected = +expected
        expect(sev["error"] == kinds["broken"], f"errors: {sev['error']} (expected {kinds['broken']}, the broken quotes)")
        expect(sev["warning"] == 0, f"warnings: {sev['warning']} (expected 0)")
        expect(codes == expected, f"diagnostic codes {dict(sorted(codes.items()))} == expected {dict(sorted(expected.items()))}")
        unexpected = [d for d in all_diags if d.code not in expected]
        for d in unexpected[:10]:
            print(f"      unexpected: {d}")
        expect(per_run["find_all"] == args.quotes, f"exact search ran {per_run['find_all']} times per check "
               f"(expected {args.quotes}: every quote)")
        expect(per_run["find_normalised"] == n_norm + kinds["broken"],
               f"normalised search ran {per_run['find_normalised']} times per check (expected "
               f"{n_norm + kinds['broken']}: the quotes exact search missed)")
        expect(per_run["near_miss"] == kinds["broken"], f"near-miss search ran {per_run['near_miss']} times per "
               f"check (expected {kinds['broken']}: the quotes neither search found)")
        e307 = [d for d in all_diags if d.code == "E307"]
        if e307:
            print(f"      e.g. {e307[0].code}: {e307[0].message}")
        e310 = [d for d in all_diags if d.code == "E310"]
        if e310:
            print(f"      e.g. {e310[0].code}: {e310[0].message}")

        # (d) the whole command in a subprocess; and the start-up cost alone (imports argmap's CLI)
        times = timed(lambda: subprocess.run([str(ARGMAP_EXE), "--version"], capture_output=True), args.repeat)[0]
        rows.append(Row("    argmap --version (start-up, subprocess)", times))
        times, report = cli_check(clean, args.repeat)
        rows.append(Row("(d) argmap check (subprocess, wall)", times,
                        f"reported {report['summary']['seconds']:.3f} s internally"))
        s = report["summary"]
        expect(s["quotes"] == args.quotes and s["errors"] == kinds["broken"] and s["warnings"] == 0,
               f"argmap check: {s['quotes']} quotes, {s['errors']} error(s), {s['warnings']} warning(s), "
               f"{s['infos']} info(s), exit {report['exit']}")

        rss_in_process = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        # pinned variant: argmap check --fix once, then time the pinned map
        pinned_rows: list[Row] = []
        if not args.no_pinned:
            pinned = tmp / "pinned"
            shutil.copytree(clean.parent, pinned)
            pm = pinned / "bench.argmap.yaml"
            p = subprocess.run([str(ARGMAP_EXE), "check", "--fix", str(pm)], capture_output=True, text=True,
                               cwd=pinned)
            print("\ncorrectness (pinned map, after argmap check --fix):")
            print(f"      --fix said: {p.stderr.strip().splitlines()[0] if p.stderr.strip() else '(nothing)'}")
            lp = load_map(pm)
            expect(lp.map is not None, "the pinned map loads")
            if lp.map is not None:
                ev = [e for c in lp.map.claims for e in c.evidence]
                full = sum(e.start is not None and e.end is not None and e.line is not None
                           and e.prefix is not None and e.suffix is not None for e in ev)
                expect(full == len(ev) - kinds["broken"],
                       f"{full} of {len(ev)} quotes pinned with line/start/end/prefix/suffix "
                       f"(expected {len(ev) - kinds['broken']})")
                expect(bool(lp.map.sources[0].sha256) == (kinds["broken"] == 0), "source sha256 recorded"
                       if kinds["broken"] == 0 else "source sha256 not recorded (some quotes not found)")
                times, _ = timed(lambda: load_map(pm), args.repeat)
                pinned_rows.append(Row("(a) load_map", times, f"{pm.stat().st_size:,} bytes"))
                pinned_rows += load_breakdown(pm, args.repeat, "(a)")
                pc = load_corpus([pm])
                pc.sources.read(pinned / "sources" / SOURCE_NAME)
                times, _ = timed(lambda: list(check_evidence(pc.maps[0], pc)), args.repeat)
                pinned_rows.append(Row(f"(c) check_evidence, {args.quotes} quotes", times))
                pd = check_corpus(pc)
                pcodes = Counter(d.code for d in pd)
                expect(pcodes == expected, f"pinned diagnostic codes {dict(sorted(pcodes.items()))} == expected")
                times, report = cli_check(pm, args.repeat)
                pinned_rows.append(Row("(d) argmap check (subprocess, wall)", times,
                                       f"reported {report['summary']['seconds']:.3f} s internally"))

        # (e) near-miss search
        nm_rows: list[Row] = []
        nm_note = ""
        if args.near_miss_quotes:
            gen_nm = break_quotes(src, gen, args.near_miss_quotes, args.seed)
            nk = gen_nm.kinds()
            nmap = write_map(tmp / "nearmiss", gen_nm)
            nc = load_corpus([nmap])
            nc.sources.read(nmap.parent / "sources" / SOURCE_NAME)
            print(f"\ncorrectness (near-miss map: {dict(sorted(nk.items()))}):")
            calls.reset()
            calls.install()
            cold = list(check_evidence(nc.maps[0], nc))
            calls.uninstall()
            first_call = calls.near[0] if calls.near else float("nan")
            expect(len(calls.near) == nk["broken"], f"near-miss search ran {len(calls.near)} times "
                   f"(expected {nk['broken']}: the broken quotes)")
            expect(calls.find_normalised == nk["broken"] + nk["width"] + nk["superscript"],
                   f"normalised search ran {calls.find_normalised} times (expected "
                   f"{nk['broken'] + nk['width'] + nk['superscript']})")
            e301 = [d for d in cold if d.code == "E301"]
            expect(len(e301) == nk["broken"], f"E301 errors: {len(e301)} (expected {nk['broken']})")
            with_near = sum("closest passage" in d.message for d in e301)
            expect(with_near == nk["broken"], f"{with_near} of {len(e301)} E301 messages name a closest passage")
            if e301:
                print(f"      e.g. {e301[0].message}")
            times, _ = timed(lambda: list(check_evidence(nc.maps[0], nc)), args.repeat)
            nm_rows.append(Row(f"(e) check_evidence, {args.quotes} quotes, {nk['broken']} broken", times))
            calls.reset()
            calls.install()
            list(check_evidence(nc.maps[0], nc))  # warm: per-call times of near_miss
            calls.uninstall()
            per_call = calls.near
            nm_rows.append(Row("(e) near_miss per broken quote (warm)", per_call,
                               f"{len(per_call)} calls; max {max(per_call) * 1000:.1f} ms"))
            added = nk["broken"] - kinds["broken"]  # broken here and not in the clean map
            extra = (statistics.median(times) - t_clean_evidence) / max(1, added)
            nm_note = (f"first near_miss call of the process (imports rapidfuzz + opencc, loads OpenCC s2tw): "
                       f"{first_call * 1000:.1f} ms\n  (median (e) - median (c)) / {added} = "
                       f"{extra * 1000:.1f} ms per broken quote (the near-miss map is the clean map with "
                       f"{added} of its exact quotes broken)")
            rss_in_process = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        # table
        print("\nresults (times in ms; min and median of the repetitions):")
        print(f"  {'measurement':<48} {'min':>9} {'median':>9}  note")
        for title, rs in (("clean map", rows), ("pinned map (line/start/end/prefix/suffix on every quote)", pinned_rows),
                          ("near-miss", nm_rows)):
            if not rs:
                continue
            print(f"  -- {title}")
            for r in rs:
                print(f"  {r.name:<48} {fmt_ms(r.min)} {fmt_ms(r.median)}  {r.note}")
        if nm_note:
            print(f"  {nm_note}")
        child = child_peak_rss_kib([str(ARGMAP_EXE), "check", str(clean)])
        child_pinned = (child_peak_rss_kib([str(ARGMAP_EXE), "check", str(tmp / "pinned" / "bench.argmap.yaml")])
                        if pinned_rows else 0)
        print(f"\npeak RSS (ru_maxrss): this process {rss_in_process / 1024:.1f} MiB "
              f"(at start, before importing argmap: {RSS_START_KIB / 1024:.1f} MiB); "
              f"argmap check subprocess {child / 1024:.1f} MiB"
              + (f", on the pinned map {child_pinned / 1024:.1f} MiB" if child_pinned else ""))

        goal = next(r for r in rows if r.name.startswith("(c)")).median
        cli = next(r for r in rows if r.name.startswith("(d)")).median
        cli_pinned = next((r.median for r in pinned_rows if r.name.startswith("(d)")), 0.0)
        met = goal < 1.0
        print(f"\ngoal: check_evidence of {args.quotes} quotes in under 1 s: median {goal:.3f} s — "
              f"{'met' if met else 'NOT MET'}")
        print(f"      whole 'argmap check' (wall, with start-up): median {cli:.3f} s"
              + (f", pinned map {cli_pinned:.3f} s" if cli_pinned else "")
              + (" — over 1 s" if max(cli, cli_pinned) >= 1.0 else " — under 1 s"))
        if not met or max(cli, cli_pinned) >= 1.0 or args.profile:
            profile("check_evidence (source cached)", lambda: list(check_evidence(m, corpus)))
            profile("load_corpus + check_corpus (what 'argmap check' does, cold source cache)",
                    lambda: check_corpus(load_corpus([clean])))
            if pinned_rows:
                profile("load_corpus + check_corpus of the pinned map",
                        lambda: check_corpus(load_corpus([tmp / "pinned" / "bench.argmap.yaml"])))
        if args.strict and not met:
            failures.append("goal not met")
        if failures:
            print(f"\n{len(failures)} check(s) FAILED:")
            for f in failures:
                print(f"  - {f}")
            return 1
        print("\nall correctness checks passed")
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
