#!/usr/bin/env python
"""Deterministic generator of synthetic argmap corpora, for benchmarks/run.py.

Run from the repository root:

    .venv/bin/python benchmarks/gen.py OUT --maps 10 --claims-per-map 100 [--seed 1] [--check]

It writes into the folder OUT (created; it must be empty or absent):

* ``OUT/synth-NNNN.argmap.yaml``: ``--maps`` valid maps of ``--claims-per-map`` claims each (the
  thesis ``T`` and claims ``C1``…), every claim with ``--quotes-per-claim`` quotes;
* ``OUT/sources/synth-NNNNN.txt``: the source texts, one per ``--maps-per-source`` maps, each the
  five seed texts of ``arguments/sources/`` concatenated (in an order rotated per file), and
  ``OUT/sources/manifest.yaml`` describing them, with the union of the seeds' ``matching`` settings
  (footnote markers, running heads, page markers), so the whole text is normalised as the seeds are.

Every quote is a real passage of a seed text: 15–60 characters of its whitespace-free text (so many
quotes cross line and page breaks), made only of CJK ideographs and CJK punctuation (no digits,
superscripts or Latin letters, so no quote touches a footnote marker or running head: no E307/E310
infos), and occurring exactly once in the concatenated source (uniqueness is decided on the five
seeds by a suffix sort; the separator lines between seeds hold ASCII, so no occurrence can span
two seeds). Claim texts are other passages of the seeds; glosses are English filler.

The argument structure of each map: claim ``Ci`` supports a random earlier claim of the tree (so a
random recursive tree under the thesis, a few levels deep); every tenth claim (``i % 10 == 5``) is an
attributed position of another author (``asserted_by``) that the previous claim rebuts; claims
``i % 10 == 8`` and ``9`` are linked premises of one inference; claim ``C3`` of every map but the
first links (``same-event``) to ``C3`` of the previous map. So the corpus checks clean: no errors,
no warnings, no infos. ``--pin`` chooses how quotes are pinned: ``none`` (quote only, every quote
searched), ``line`` (``line:``, still searched), ``full`` (``line``/``start``/``end``/``prefix``/
``suffix`` and the source's ``sha256``, as ``argmap check --fix`` writes them: not searched).

The output depends only on the arguments and the seed texts. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import bisect
import copy
import hashlib
import json
import random
import shutil
import subprocess
import sys
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "arguments" / "sources"
ARGMAP_EXE = Path(sys.executable).parent / "argmap"

#: Characters a quote may hold besides CJK ideographs: CJK punctuation that occurs in the seeds.
CJK_PUNCT = frozenset("，。、；：「」『』（）《》〈〉？！")
QUOTE_MIN, QUOTE_MAX = 15, 60
TEXT_MIN, TEXT_MAX = 20, 45
#: Longest repeat examined by the suffix sort; must exceed QUOTE_MAX.
KEY = QUOTE_MAX + 4
CONTEXT_CHARS = 16  # prefix/suffix length, as argmap writes them (sources.CONTEXT_CHARS)
WORDS = ("balance", "security", "cooperation", "Central Asia", "China", "Russia", "United States",
         "organisation", "strategy", "energy", "terrorism", "military", "exercise", "economy",
         "alliance", "influence", "region", "summit", "treaty", "power", "limited", "high", "policy",
         "border", "trust", "the SCO", "argues", "shows", "after 9/11", "expansion", "response")
SECTIONS = tuple(f"第{n}章第{k}節" for n in "一二三四五六" for k in "一二三四")


def is_allowed(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or ch in CJK_PUNCT


@dataclass
class Seed:
    name: str
    text: str
    squeezed: str  # text without whitespace
    offsets: array  # raw offset of each squeezed position


def read_seed(path: Path) -> Seed:
    text = path.read_bytes().decode("utf-8")
    parts: list[str] = []
    offsets = array("l")
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        parts.append(text[i:j])
        offsets.extend(range(i, j))
        i = j
    return Seed(path.name, text, "".join(parts), offsets)


class Passages:
    """The seeds' whitespace-free texts joined by a separator, with, for each position, the length
    of the longest substring starting there that also occurs elsewhere (capped at ``KEY``): a
    passage ``joined[g:g+L]`` is unique iff ``L > repeat[g]``."""

    def __init__(self, seeds: list[Seed]) -> None:
        self.seeds = seeds
        self.joined = "\x01".join(s.squeezed for s in seeds)
        self.starts = []  # position of each seed in joined
        pos = 0
        for s in seeds:
            self.starts.append(pos)
            pos += len(s.squeezed) + 1
        j = self.joined
        n = len(j)
        # bad[k] = number of disallowed characters in joined[:k]
        bad = array("l", [0]) * (n + 1)
        c = 0
        for k, ch in enumerate(j):
            c += not is_allowed(ch)
            bad[k + 1] = c
        self.bad = bad
        order = sorted(range(n), key=lambda k: j[k:k + KEY])
        repeat = array("l", [0]) * n
        prev = None
        for k in order:
            if prev is not None:
                a, b = j[prev:prev + KEY], j[k:k + KEY]
                m = min(len(a), len(b))
                lcp = 0
                while lcp < m and a[lcp] == b[lcp]:
                    lcp += 1
                if lcp > repeat[k]:
                    repeat[k] = lcp
                if lcp > repeat[prev]:
                    repeat[prev] = lcp
            prev = k
        self.repeat = repeat

    def locate(self, g: int) -> tuple[int, int]:
        """(seed index, position in that seed's squeezed text) of joined position ``g``."""
        s = bisect.bisect_right(self.starts, g) - 1
        return s, g - self.starts[s]

    def sample(self, rng: random.Random, lo: int, hi: int, unique: bool) -> tuple[int, int, int]:
        """A passage of ``lo``–``hi`` allowed characters: (seed index, start, end) in the seed's
        squeezed text; unique in all seeds when ``unique``."""
        n = len(self.joined)
        for _ in range(100_000):
            length = rng.randint(lo, hi)
            g = rng.randrange(0, n - length)
            if self.bad[g + length] != self.bad[g]:
                continue
            if unique and length <= self.repeat[g]:
                continue
            s, i = self.locate(g)
            return s, i, i + length
        raise SystemExit("gen.py: could not sample a passage in 100,000 attempts")


@dataclass
class SourceLayout:
    """One rotation of the seeds as a source file: the seeds' raw and squeezed start offsets in it,
    its line starts and its squeezed text (for selectors)."""

    order: list[int]
    raw_base: dict[int, int]
    sq_base: dict[int, int]
    line_starts: list[int]
    squeezed: str


def source_text(seeds: list[Seed], order: list[int], number: int) -> str:
    parts = [f"==== argmap synthetic source {number:05d}: the seed texts of arguments/sources/ concatenated "
             f"(benchmarks/gen.py) ====\n"]
    for k in order:
        parts.append(f"==== {seeds[k].name} ====\n")
        t = seeds[k].text
        parts.append(t if t.endswith("\n") else t + "\n")
    return "".join(parts)


def layout_of(seeds: list[Seed], order: list[int]) -> SourceLayout:
    text = source_text(seeds, order, 0)  # the file number has a fixed width: offsets are the same
    raw_base, sq_base = {}, {}
    pos = len(f"==== argmap synthetic source {0:05d}: the seed texts of arguments/sources/ concatenated "
              f"(benchmarks/gen.py) ====\n")
    for k in order:
        sep = f"==== {seeds[k].name} ====\n"
        raw_base[k] = pos + len(sep)
        t = seeds[k].text
        pos += len(sep) + len(t if t.endswith("\n") else t + "\n")
    squeezed = "".join(text.split())
    # squeezed offset of each seed's first non-space character = squeezed length of what precedes it
    for k in order:
        sq_base[k] = len("".join(text[:raw_base[k]].split()))
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return SourceLayout(order, raw_base, sq_base, line_starts, squeezed)


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


@dataclass
class Stats:
    folder: Path
    maps: int
    claims: int
    quotes: int
    inferences: int
    attacks: int
    map_files: list[Path]
    yaml_bytes: int
    source_files: int
    source_bytes: int
    seconds: float


def generate(out: Path, maps: int, claims_per_map: int, quotes_per_claim: int = 1, maps_per_source: int = 10,
             pin: str = "none", seed: int = 1) -> Stats:
    """Write a synthetic corpus into ``out`` (see the module docstring); returns what was written."""
    if maps < 1 or claims_per_map < 1 or quotes_per_claim < 1 or maps_per_source < 1:
        raise ValueError("maps, claims per map, quotes per claim and maps per source must be at least 1")
    if pin not in ("none", "line", "full"):
        raise ValueError("pin must be none, line or full")
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"gen.py: {out} is not empty")
    rng = random.Random(seed)
    seeds = [read_seed(p) for p in sorted(SEED_DIR.glob("*.txt"))]
    passages = Passages(seeds)
    manifest = yaml.safe_load((SEED_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    footnotes: list[str] = []
    heads: list[str] = []
    pages = None
    for e in manifest["sources"]:
        m = e.get("matching", {})
        footnotes += [p for p in m.get("footnotes", ()) if p not in footnotes]
        heads += [p for p in m.get("running_heads", ()) if p not in heads]
        pages = pages or m.get("pages")

    # the source files
    src_dir = out / "sources"
    src_dir.mkdir()
    n_sources = (maps + maps_per_source - 1) // maps_per_source
    layouts: dict[int, SourceLayout] = {}
    entries = []
    source_bytes = 0
    sha: list[str] = []
    for j in range(n_sources):
        r = j % len(seeds)
        order = [(r + k) % len(seeds) for k in range(len(seeds))]
        if r not in layouts:
            layouts[r] = layout_of(seeds, order)
        data = source_text(seeds, order, j).encode("utf-8")
        (src_dir / f"synth-{j:05d}.txt").write_bytes(data)
        source_bytes += len(data)
        sha.append(hashlib.sha256(data).hexdigest())
        matching: dict[str, object] = {}
        if footnotes:
            matching["footnotes"] = footnotes
        if heads:
            matching["running_heads"] = heads
        if pages:
            matching["pages"] = pages
        entry: dict[str, object] = {
            "file": f"synth-{j:05d}.txt", "sha256": sha[-1],
            "title": f"合成來源 {j:05d}：五份種子文本依序串接",
            "title_en": f"Synthetic source {j:05d}: the five seed texts concatenated",
            "authors": [], "kind": "other",
            "note": "Generated by benchmarks/gen.py: " + ", ".join(seeds[k].name for k in order)
                    + " in this order, each after a separator line; the matching settings are the union of the seeds'.",
        }
        if matching:
            entry["matching"] = copy.deepcopy(matching)  # no shared objects: YAML aliases are refused (L004)
        entries.append(entry)
    (src_dir / "manifest.yaml").write_text(
        "# Generated by benchmarks/gen.py: one entry per synthetic source (see its docstring).\n"
        + yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8")

    def evidence_lines(lay: SourceLayout, j: int) -> list[str]:
        s, i, k = passages.sample(rng, QUOTE_MIN, QUOTE_MAX, unique=True)
        sd = seeds[s]
        quote = sd.squeezed[i:k]
        lines = [f"      - quote: {q(quote)}"]
        if pin != "none":
            start = lay.raw_base[s] + sd.offsets[i]
            end = lay.raw_base[s] + sd.offsets[k - 1] + 1
            line = bisect.bisect_right(lay.line_starts, start)
            lines.append(f"        line: {line}")
            if pin == "full":
                a, b = lay.sq_base[s] + i, lay.sq_base[s] + k
                lines += [f"        start: {start}", f"        end: {end}",
                          f"        prefix: {q(lay.squeezed[max(0, a - CONTEXT_CHARS):a])}",
                          f"        suffix: {q(lay.squeezed[b:b + CONTEXT_CHARS])}"]
        return lines

    def claim_text() -> str:
        s, i, k = passages.sample(rng, TEXT_MIN, TEXT_MAX, unique=False)
        return seeds[s].squeezed[i:k].rstrip("，、；：") + "。"

    def gloss(i: int, mi: int) -> str:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
        return f"Synthetic claim {i} of map {mi}: {words}."

    width = max(4, len(str(maps - 1)))
    ids = [f"synth-{mi:0{width}d}" for mi in range(maps)]
    n = claims_per_map
    files, yaml_bytes, n_inf, n_att = [], 0, 0, 0
    for mi, map_id in enumerate(ids):
        j = mi // maps_per_source
        lay = layouts[j % len(seeds)]
        out_lines = [
            f"# Generated by benchmarks/gen.py (seed {seed}): map {mi + 1} of {maps}; quotes are real passages of "
            "the seed texts, claims are filler.",
            "argmap: 1",
            f"id: {map_id}",
            "work:",
            f"  title: {q(f'合成論文第 {mi + 1} 號：上海合作組織與中共對美平衡')}",
            f"  title_en: {q(f'Synthetic work {mi + 1}')}",
            "  authors:",
            f"    - name: {q(f'合成作者{mi + 1}')}",
            f"      name_en: {q(f'Synthetic Author {mi + 1}')}",
            f"  year: {2000 + mi % 20}",
            "  kind: master-thesis",
            "  language: zh-Hant",
            "sources:",
            "  - id: text",
            f"    path: sources/synth-{j:05d}.txt",
            f"    title: {q(f'合成來源 {j:05d}（種子文本串接）')}",
        ]
        if pin == "full":
            out_lines.append(f"    sha256: {q(sha[j])}")
        out_lines.append(f"note: {q('Synthetic map for benchmarks; not an argument.')}")
        out_lines.append("claims:")
        tree = [0]  # claims that may be supported (not attributed positions)
        inferences: list[str] = []
        attacks: list[str] = []
        skip_inference = set()
        for i in range(n):
            cid = "T" if i == 0 else f"C{i}"
            attributed = i % 10 == 5
            out_lines.append(f"  - id: {cid}")
            if i == 0:
                out_lines.append("    role: thesis")
            out_lines.append(f"    text: {q(claim_text())}")
            out_lines.append(f"    gloss: {q(gloss(i, mi + 1))}")
            out_lines.append(f"    section: {SECTIONS[i % len(SECTIONS)]}")
            if attributed:
                out_lines += ["    asserted_by:", f"      author: {q(f'被引作者{i}')}", f"      year: {1990 + i % 30}",
                              f"      work: {q(f'〈被引著作第 {i} 號〉')}"]
            out_lines.append("    evidence:")
            for _ in range(quotes_per_claim):
                out_lines += evidence_lines(lay, j)
            if i == 3 and mi > 0:
                out_lines += ["    links:", f"      - to: {ids[mi - 1]}#C3", "        relation: same-event"]
            if i == 0:
                continue
            if attributed:
                attacks.append(f"  - {{id: A{i}, attacker: C{i - 1}, target: C{i}, type: rebuttal}}")
                continue
            if i in skip_inference:
                tree.append(i)
                continue
            parent = rng.choice(tree)
            parent_id = "T" if parent == 0 else f"C{parent}"
            if i % 10 == 8 and i + 1 < n:
                inferences.append(f"  - {{id: I{i}, premises: [C{i}, C{i + 1}], conclusion: {parent_id}}}")
                skip_inference.add(i + 1)
            else:
                inferences.append(f"  - {{id: I{i}, premises: [C{i}], conclusion: {parent_id}}}")
            tree.append(i)
        if inferences:
            out_lines.append("inferences:")
            out_lines += inferences
        if attacks:
            out_lines.append("attacks:")
            out_lines += attacks
        path = out / f"{map_id}.argmap.yaml"
        data = ("\n".join(out_lines) + "\n").encode("utf-8")
        path.write_bytes(data)
        files.append(path)
        yaml_bytes += len(data)
        n_inf += len(inferences)
        n_att += len(attacks)
    return Stats(out, maps, maps * n, maps * n * quotes_per_claim, n_inf, n_att, files, yaml_bytes, n_sources,
                 source_bytes, time.perf_counter() - t0)


def check_clean(folder: Path, stats: Stats) -> dict:
    """Run ``argmap check --format json`` on the corpus; exit 1 unless it is clean (no error,
    warning or info) and counts every claim and quote. Returns the report."""
    p = subprocess.run([str(ARGMAP_EXE), "check", "--format", "json", str(folder)], capture_output=True, text=True)
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"gen.py: argmap check failed (exit {p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    complain_unless_clean(report, p.returncode, stats.claims, stats.quotes, folder)
    return report


def complain_unless_clean(report: dict, code: int, claims: int, quotes: int, folder: Path) -> None:
    s = report.get("summary", report)
    ok = (code == 0 and s.get("errors") == 0 and s.get("warnings") == 0 and s.get("infos") == 0
          and s.get("claims") == claims and s.get("quotes") == quotes)
    if ok:
        return
    print(f"\nFAIL: the generated corpus {folder} does not check clean: exit {code}, summary {s} "
          f"(expected {claims} claims, {quotes} quotes, 0 errors/warnings/infos)", file=sys.stderr)
    for d in (report.get("diagnostics") or [])[:20]:
        print(f"  {d}", file=sys.stderr)
    raise SystemExit(1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write (created; must be empty)")
    ap.add_argument("--maps", type=int, default=10, help="number of maps (default 10)")
    ap.add_argument("--claims-per-map", type=int, default=100, help="claims per map, thesis included (default 100)")
    ap.add_argument("--quotes-per-claim", type=int, default=1, help="quotes per claim (default 1)")
    ap.add_argument("--maps-per-source", type=int, default=10,
                    help="maps quoting each source file (default 10: 1,000 maps → 100 sources)")
    ap.add_argument("--pin", choices=("none", "line", "full"), default="none",
                    help="selectors written with each quote (default none)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--check", action="store_true", help="run argmap check; exit 1 unless the corpus is clean")
    args = ap.parse_args(argv)
    st = generate(args.out, args.maps, args.claims_per_map, args.quotes_per_claim, args.maps_per_source,
                  args.pin, args.seed)
    print(f"wrote {st.maps} maps ({st.claims:,} claims, {st.quotes:,} quotes, {st.inferences:,} inferences, "
          f"{st.attacks:,} attacks; {st.yaml_bytes:,} bytes of YAML) and {st.source_files} sources "
          f"({st.source_bytes:,} bytes) to {st.folder} in {st.seconds:.1f} s")
    if args.check:
        r = check_clean(args.out, st)
        print(f"argmap check: clean ({r['summary']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
