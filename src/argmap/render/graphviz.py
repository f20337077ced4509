"""Running Graphviz: choosing the layout program for a built graph (:func:`engine_for`) and laying it
out as SVG, PNG or PDF (:func:`layout`)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pydot

from argmap.render.escape import dot_text


class RenderError(Exception):
    """Graphviz is missing or failed. The message says how to fix it."""


#: Longest time, in seconds, one Graphviz layout may run by default (``--layout-timeout``): the
#: corpus's maps take 0.1-0.3 s, a 5,000-claim tree 4.3 s, 1,000 densely linked claims 32 s; a
#: 20,000-claim tree did not finish in 120 s.
LAYOUT_TIMEOUT = 60.0


#: Largest number of edges beyond a tree (edges − nodes) that ``dot`` lays out within a few seconds
#: here; denser graphs go to ``sfdp``. See :func:`engine_for` for the measurements.
DOT_MAX_EXTRA_EDGES = 800
#: Graph attributes :func:`layout` sets for ``sfdp`` (unless the graph sets them itself): no
#: overlapping nodes (``prism``), straight edges drawn under the nodes. ``splines=true`` (edges routed
#: around nodes) would be nicer but is far too slow on the graphs sfdp is chosen for (see
#: :func:`engine_for`).
SFDP_ATTRIBUTES = {"overlap": "prism", "splines": "false", "outputorder": "edgesfirst"}
_PSEUDO_NODES = frozenset({"node", "edge", "graph"})


def graph_size(graph: pydot.Graph) -> tuple[int, int]:
    """(distinct nodes, edges) of a pydot graph, counting those inside subgraphs and clusters; the
    ``node``/``edge``/``graph`` default statements are not nodes."""
    names: set[str] = set()
    edges = 0
    stack = [graph]
    while stack:
        sub = stack.pop()
        names.update(n.get_name() for n in sub.get_nodes() if n.get_name() not in _PSEUDO_NODES)
        for e in sub.get_edges():
            edges += 1
            names.update((str(e.get_source()), str(e.get_destination())))
        stack.extend(sub.get_subgraphs())
    return len(names), edges


def engine_for(graph: pydot.Graph) -> str:
    """The Graphviz program to lay out ``graph`` with: ``"dot"``, or ``"sfdp"`` for graphs too dense
    for it.

    ``dot`` draws the layered diagram this module is designed for (thesis on top, every edge pointing
    up), so it is kept whenever it finishes within a few seconds. What makes ``dot`` slow is not the
    number of nodes but the edges beyond a tree (its crossing minimisation and the long edges
    between distant ranks): a tree of 5,000 claims takes it 4.3 s (``sfdp`` 11 s), but 500 claims
    with 3 supports each (1,494 edges) already 4.1 s, and 1,000 such claims 32 s (``sfdp`` 1.2 s).
    The rule is therefore: ``"sfdp"`` when ``edges − nodes`` (see :func:`graph_size`) exceeds
    :data:`DOT_MAX_EXTRA_EDGES` (800, where ``dot`` needs about 1.5–3 s), else ``"dot"``. Quote nodes (``evidence=True``) add one node and one edge each, so they never
    change the choice. With ``sfdp`` (force-directed, no layers: ``rankdir`` and the thesis's
    ``rank=min`` are ignored) :func:`layout` sets :data:`SFDP_ATTRIBUTES` (``overlap=prism``,
    straight edges: ``splines=true`` takes sfdp 595 s and ``splines=curved`` 6.2 s on 1,000 claims × 3).

    Measured by ``benchmarks/bench_render.py`` (``layout(build_graph(m, opts), "svg", prog)``, median
    of 3 in seconds; Graphviz 2.43, 2-core VM; synthetic maps: every claim supports 1–3 random
    earlier ones; "extra" is ``edges − nodes``):

    ===================================  =====  =====  =====  =====  =====
    graph                                nodes  edges  extra  dot    sfdp
    ===================================  =====  =====  =====  =====  =====
    lin2013 (corpus map), defaults       167    191    24     0.14   0.15
    lin2013, ``evidence=True``           422    446    24     0.27
    lin2013, ``cluster="section"``       167    191    24     0.10
    lin2013, ``focus="T"``, ``depth=2``  28     29     1      0.04
    synthetic 250 claims × 3             250    744    494    0.66
    synthetic 450 claims × 3             450    1344   894    3.31
    synthetic 500 claims × 3             500    1494   994    4.12
    synthetic 750 claims × 3             750    2244   1494   8.47
    synthetic 1,000 claims × 3           1000   2994   1994   32.4   1.19
    synthetic 1,000 claims × 2           1000   1997   997    2.85
    synthetic 5,000 claims × 1 (tree)    5000   4999   -1     4.33   11.0
    ===================================  =====  =====  =====  =====  =====

    With ``sfdp`` on 1,000 claims × 3: ``splines=curved`` 6.15 s; ``splines=true`` 595 s (one run).
    Every corpus map is far below the limit (lin2013, the largest, has 24 extra edges). GUIDE §4
    gives 11.5 s for a dense 1,000-node DAG; the synthetic edges here join claims at random
    distances, so many span several ranks, which is likely why ``dot`` takes longer on them.

    Parameters
    ----------
    graph : pydot.Graph
        A built graph, e.g. from :func:`argmap.render.graph.build_graph`.

    Returns
    -------
    str
        ``"dot"`` or ``"sfdp"``.
    """
    nodes, edges = graph_size(graph)
    return "sfdp" if edges - nodes > DOT_MAX_EXTRA_EDGES else "dot"


def layout(graph: pydot.Dot, fmt: str = "svg", prog: str = "dot", *, timeout: float = LAYOUT_TIMEOUT) -> bytes:
    """Run Graphviz ``prog`` on a built graph; raises :class:`RenderError` when it is missing, fails,
    or runs longer than ``timeout`` seconds (then it is killed, and the message names the options
    that make the layout smaller or faster: ``--focus``, ``--cluster``, ``--engine sfdp``).

    With ``prog="sfdp"`` the graph attributes of :data:`SFDP_ATTRIBUTES` that the graph does not set
    itself are set on ``graph`` (it is changed in place) before the layout.

    For SVG, tooltips are not left to Graphviz: Graphviz 2.43 runs its escape substitution twice on
    tooltips, so that the ``\\\\N`` :func:`q` writes for a literal ``\\N`` still becomes the node's
    name (later versions differ again). Each tooltip is therefore given to Graphviz as a plain
    placeholder, and the SVG's ``xlink:title`` gets the literal text back, XML-escaped, afterwards;
    ``graph`` keeps its tooltips."""
    if shutil.which(prog) is None:
        raise RenderError(f"Graphviz '{prog}' is not installed; install it with "
                          "'sudo apt-get install -y graphviz fonts-noto-cjk'")
    if prog == "sfdp":
        for key, value in SFDP_ATTRIBUTES.items():
            if graph.get(key) is None:
                graph.set(key, value)
    tooltips: list[tuple[pydot.Common, str]] = []
    if fmt == "svg":
        stack: list[pydot.Graph] = [graph]
        while stack:
            sub = stack.pop()
            for obj in (sub, *sub.get_nodes(), *sub.get_edges()):
                tip = obj.get("tooltip")
                if tip is not None:
                    obj.set("tooltip", f'"{_TOOLTIP_KEY}{len(tooltips)}"')
                    tooltips.append((obj, tip))
            stack.extend(sub.get_subgraphs())
    try:
        out = run_graphviz(graph.to_string(), fmt, prog, timeout)
    finally:
        for obj, tip in tooltips:
            obj.set("tooltip", tip)
    if not tooltips:
        return out

    def literal(m: re.Match[bytes]) -> bytes:
        text = dot_text(tooltips[int(m.group(1))][1])
        attr = html.escape(text, quote=True).replace("\n", "&#10;").replace("\t", "&#9;")
        return b'xlink:title="' + attr.encode("utf-8") + b'"'
    return re.sub(rb'xlink:title="' + _TOOLTIP_KEY.encode() + rb'(\d+)"', literal, out)


def run_graphviz(dot: str, fmt: str, prog: str, timeout: float) -> bytes:
    """The output of Graphviz ``prog -T fmt`` on the DOT text ``dot`` (given on its standard input).

    Raises
    ------
    RenderError
        ``prog`` exits with an error (its message is kept), or runs longer than ``timeout`` seconds
        (it is killed first).
    """
    try:
        done = subprocess.run([prog, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz '{prog}' did not finish the layout in {timeout:g} s (--layout-timeout) and was "
                          "stopped. Draw part of the map (--focus CLAIM --depth N), group it (--cluster section), "
                          "use the faster force-directed layout (--engine sfdp), or raise --layout-timeout") from None
    except OSError as exc:
        raise RenderError(f"Graphviz '{prog}' could not be run: {exc.strerror or exc}") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"Graphviz '{prog}' failed (exit {done.returncode}): {err[:500]}")
    return done.stdout


#: Placeholder tooltip given to Graphviz by :func:`layout` (letters only: Graphviz writes ``-`` as
#: ``&#45;``), followed by the tooltip's number.
_TOOLTIP_KEY = "argmapTooltip"

