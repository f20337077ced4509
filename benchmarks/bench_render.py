#!/usr/bin/env python
"""Benchmark: Graphviz layout time of single-map diagrams, to choose between ``dot`` and ``sfdp``.

Run from the repository root:

    .venv/bin/python benchmarks/bench_render.py [--repeat 3] [--dense 250x3,1000x3] [--sfdp 1000x3]

It times ``layout(build_graph(m, opts), "svg", prog)`` (``argmap.render.graph``, ``argmap.render.graphviz``) for

* the corpus map ``arguments/lin2013.argmap.yaml`` (loaded with ``argmap.load.loader.load_map``, quotes
  located through ``argmap.load.corpus.SourceCache``) drawn with the default options, with
  ``evidence=True``, with ``cluster="section"`` and with ``focus="T", depth=2``;
* synthetic maps built in code (:func:`dense_map`: claim ``C0`` is the thesis; every other claim
  supports K random earlier claims, each by a single-premise inference, so about K edges per node;
  K = 1 is a tree) of the shapes ``--dense`` with ``dot`` and ``--sfdp`` with ``sfdp`` (and the
  attributes ``layout`` sets for it: ``overlap=prism``, ``splines=false``); then 1,000 claims × 3 with
  ``sfdp`` and ``splines=curved``, and, with ``--splines-true``, with ``splines=true``.

Each row shows the graph's nodes and edges (``argmap.render.graphviz.graph_size``), the time to build the
pydot graph, the median and min layout time over ``--repeat`` runs, and the engine
``argmap.render.graphviz.engine_for`` picks for the graph. The numbers are documented in
``engine_for``'s docstring. Exit status: 0, or 1 when Graphviz is missing or a layout fails.
Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS_MAP = REPO / "arguments" / "lin2013.argmap.yaml"

from argmap.load.corpus import SourceCache  # noqa: E402
from argmap.load.loader import load_map  # noqa: E402
from argmap.model import THESIS, Author, Claim, Inference, Location, Map, Ref, Work  # noqa: E402
from argmap.render.graph import build_graph  # noqa: E402
from argmap.render.graphviz import engine_for, graph_size, layout  # noqa: E402
from argmap.render.options import RenderOptions  # noqa: E402

HANZI = "上海合作組織是中共對美國的高度平衡但屬有限軍演展示嚇阻力俄羅斯中亞區域安全反恐能源經濟政策戰略"


def dense_map(n: int, per_node: int = 3, seed: int = 1) -> Map:
    """A valid synthetic map of ``n`` claims: ``C0`` is the thesis and each ``Ci`` (i ≥ 1) supports
    ``min(i, per_node)`` distinct earlier claims, one single-premise inference each."""
    rng = random.Random(seed)
    loc = Location("synthetic.argmap.yaml", 1, 1)
    claims = []
    for i in range(n):
        text = "".join(rng.choice(HANZI) for _ in range(rng.randint(16, 40))) + "。"
        claims.append(Claim(id=f"C{i}", text=text, gloss=f"Claim {i}.", loc=loc,
                            role=THESIS if i == 0 else "claim"))
    inferences = []
    for i in range(1, n):
        for j in rng.sample(range(i), min(i, per_node)):
            inferences.append(Inference(id=f"I{i}_{j}", premises=(Ref(f"C{i}", loc),),
                                        conclusion=Ref(f"C{j}", loc), loc=loc))
    work = Work(title=f"合成稠密圖 {n}", authors=(Author("bench"),), kind="article", language="zh-Hant", year=2024)
    return Map(id=f"dense{n}", path=Path("synthetic.argmap.yaml"), file="synthetic.argmap.yaml", work=work,
               sources=(), claims=tuple(claims), inferences=tuple(inferences))


def time_layout(graph, prog: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = layout(graph, "svg", prog)
        times.append(time.perf_counter() - t0)
        assert out.lstrip().startswith(b"<?xml") or b"<svg" in out[:2000], "no SVG produced"
    return times


def parse_shapes(text: str) -> list[tuple[int, int]]:
    """``"250x3,5000x1"`` → ``[(250, 3), (5000, 1)]`` (claims × supports per claim)."""
    out = []
    for part in text.split(","):
        if part.strip():
            n, _, k = part.strip().partition("x")
            out.append((int(n), int(k or 3)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="layout runs per row (median and min shown)")
    ap.add_argument("--dense", default="250x3,450x3,500x3,750x3,1000x3,1000x2,5000x1",
                    help="synthetic maps laid out with dot: CLAIMSxSUPPORTS, comma-separated")
    ap.add_argument("--sfdp", default="1000x3,5000x1", help="synthetic maps also laid out with sfdp")
    ap.add_argument("--splines-true", action="store_true",
                    help="also time sfdp with splines=true on 1000x3 (about 10 minutes a run)")
    args = ap.parse_args(argv)
    for prog in ("dot", "sfdp"):
        if shutil.which(prog) is None:
            print(f"Graphviz '{prog}' is not installed (apt-get install -y graphviz fonts-noto-cjk)")
            return 1

    loaded = load_map(CORPUS_MAP)
    if loaded.map is None:
        print(f"cannot load {CORPUS_MAP}")
        return 1
    lin = loaded.map
    sources = SourceCache()
    rows: list[tuple[str, Map, RenderOptions, str]] = [
        ("lin2013 default", lin, RenderOptions(), "dot"),
        ("lin2013 evidence=True", lin, RenderOptions(evidence=True), "dot"),
        ('lin2013 cluster="section"', lin, RenderOptions(cluster="section"), "dot"),
        ('lin2013 focus="T" depth=2', lin, RenderOptions(focus="T", depth=2), "dot"),
        ("lin2013 default", lin, RenderOptions(), "sfdp"),
    ]
    for n, k in parse_shapes(args.dense):
        rows.append((f"synthetic {n} claims × {k}", dense_map(n, k), RenderOptions(), "dot"))
    for n, k in parse_shapes(args.sfdp):
        rows.append((f"synthetic {n} claims × {k}", dense_map(n, k), RenderOptions(), "sfdp"))
    rows.append(("synthetic 1000 × 3 splines=curved", dense_map(1000, 3), RenderOptions(), "sfdp:curved"))
    if args.splines_true:
        rows.append(("synthetic 1000 × 3 splines=true", dense_map(1000, 3), RenderOptions(), "sfdp:true"))

    print(f"layout(build_graph(m, opts), 'svg', prog): seconds, {args.repeat} runs per row; "
          f"extra = edges - nodes")
    header = (f"| {'map / options':<33} | {'prog':<4} | {'nodes':>5} | {'edges':>5} | {'extra':>5} | "
              f"{'build':>5} | {'median':>6} | {'min':>6} | engine_for |")
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for name, m, opts, prog in rows:
        t0 = time.perf_counter()
        graph = build_graph(m, opts, sources)
        built = time.perf_counter() - t0
        nodes, edges = graph_size(graph)
        chosen = engine_for(graph)
        prog, _, splines = prog.partition(":")
        if splines:  # layout() keeps the attributes a graph sets itself
            graph.set("splines", splines)
        try:
            times = time_layout(graph, prog, args.repeat)
        except Exception as exc:  # RenderError or a broken SVG
            print(f"{name} with {prog} failed: {exc}")
            return 1
        print(f"| {name:<33} | {prog:<4} | {nodes:>5} | {edges:>5} | {edges - nodes:>5} | {built:>5.2f} | "
              f"{statistics.median(times):>6.2f} | {min(times):>6.2f} | {chosen:<10} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
