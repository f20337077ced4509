"""xAIF: the AIF graph inside the document that OVA3 and ARG-tech's argument-mining pipelines exchange.

An xAIF document is a JSON object whose ``"AIF"`` object is an AIF graph (with two more lists), beside
the analysed text and OVA's layout::

    {"AIF": {"nodes": [...], "edges": [...], "locutions": [...], "participants": [...],
             "schemefulfillments": [{"nodeID", "schemeID"}], "descriptorfulfillments": [...]},
     "text": "<span class=\\"highlighted\\" id=\\"node7\\">…</span>…"  (or {"txt": "…"}),
     "dialog": false,
     "OVA": {"firstname", "surname", "url", "nodes": [{"nodeID", "visible", "x", "y", "timestamp"}],
             "edges": [...]}}

(ARG-tech's ``xaif`` package and arguebuf 3.0.0's ``load.xaif``/``dump.xaif`` use the same layout;
pipelines may add top-level parts such as ``"actors"`` or ``"hypotheses"``.)

**Export** (:func:`to_xaif`): the ``"AIF"`` object is exactly :func:`argmap.interchange.aif.to_aif`'s
graph (nodes with argmap's extension, edges without ``formEdgeID``, locutions, participants) with
empty ``schemefulfillments`` and ``descriptorfulfillments`` (their ``schemeID`` is AIFdb's numeric
scheme id, which argmap does not know; the scheme's name is the RA-node's text and ``scheme``
field); ``"text"`` is each quote (L-node) as OVA marks a locution in its text, a ``<span
class="highlighted" id="node<L nodeID>">`` with the quote HTML-escaped, separated by ``<br><br>``;
``"OVA"`` has no layout (OVA lays out a graph without one); the map's own data is the top-level
``"argmap"`` object, as in AIF.

**Import** (:func:`from_xaif`): the ``"AIF"`` object is imported exactly as an AIF file (every X50x
report applies, at the place of the node or edge in the file), with the top-level ``"argmap"``
object as its extension. What else the document holds is reported, never dropped silently, at the
place of its key: the OVA layout, the analysed text (unless argmap wrote it: then it is the quotes,
imported as evidence) and the AIFdb scheme ids as **X520** (info: the
graph does not depend on them), critical-question descriptors and any other part with content as
**X521** (warning: it is not imported).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from argmap.evidence.text import line_col, line_starts
from argmap.interchange.aif.export import EXT, to_aif
from argmap.interchange.aif.importer import Imported, from_aif
from argmap.model import Map
from argmap.model.diagnostics import Diagnostic

#: Parts of the ``"AIF"`` object that the AIF import reads.
READ = frozenset({"nodes", "edges", "locutions", "participants"})
#: Parts whose loss does not change the graph: reported as info (X520), with what they hold.
PRESENTATION = {"OVA": "OVA's layout", "ova": "OVA's layout", "text": "the analysed text",
                "schemefulfillments": "AIFdb scheme ids (the scheme names are read from the nodes' text)"}
#: Parts that carry nothing to import.
IGNORED = frozenset({"dialog", EXT})


def is_xaif(data: Any) -> bool:
    """True when ``data`` (parsed JSON) is an xAIF document: an object with an ``"AIF"`` object."""
    return isinstance(data, dict) and isinstance(data.get("AIF"), dict)


def to_xaif(m: Map) -> dict[str, Any]:
    """The map as an xAIF document (a ``dict`` for :func:`json.dumps`; layout: module docstring).

    Deterministic: the same map gives the same document. Raises nothing for a map the loader built.
    """
    aif = to_aif(m)
    top = aif.pop(EXT)
    spans = [f'<span class="highlighted" id="node{n["nodeID"]}">{html.escape(n["text"], quote=False)}</span>'
             for n in aif["nodes"] if n["type"] == "L"]
    edges = [{k: e[k] for k in ("edgeID", "fromID", "toID")} for e in aif["edges"]]
    return {"AIF": {"nodes": aif["nodes"], "edges": edges, "locutions": aif["locutions"],
                    "participants": aif["participants"], "schemefulfillments": [], "descriptorfulfillments": []},
            "text": "<br><br>".join(spans),
            "dialog": False,
            "OVA": {"firstname": "", "surname": "", "url": "", "nodes": [], "edges": []},
            EXT: top}


def from_xaif(data: Any, file: str, text: str = "", **options: Any) -> Imported:
    """Build an argmap document from a parsed xAIF document.

    Parameters
    ----------
    data : Any
        Parsed JSON (:func:`argmap.interchange.aif.read_aif` reads xAIF files too).
    file, text : str
        The file's path and its JSON text, for the places of diagnostics (1-based line and column, in
        code points). A node's place is its first ``"nodeID"`` in the file, so it is the ``"AIF"``
        node's when ``"AIF"`` comes before ``"OVA"``, as every writer known writes it.
    **options
        ``map_id``, ``language``, ``thesis``: as for :func:`argmap.interchange.aif.from_aif`.

    Returns
    -------
    Imported
        As :func:`~argmap.interchange.aif.from_aif` returns it, with the X520/X521 reports of the
        document's other parts added; ``doc`` is ``None`` (X501) when ``data`` is not an object with an
        ``"AIF"`` object, or that object is no usable AIF graph.
    """
    if not is_xaif(data):
        return Imported(None, [Diagnostic("X501", 'not an xAIF document: expected a JSON object with an "AIF" '
                                                  "object (a plain AIF graph: use --from aif)", file, 1, 1)])
    graph = dict(data["AIF"])
    if isinstance(data.get(EXT), dict):
        graph[EXT] = data[EXT]
    result = from_aif(graph, file, text, **options)
    if result.doc is None:
        return result
    places = key_places(text)
    starts = line_starts(text)
    for path, value in _parts(data):
        name = ".".join(path)
        where = line_col(starts, places[path]) if path in places else (1, 1)
        if path[-1] in PRESENTATION:
            result.diagnostics.append(Diagnostic(
                "X520", f"xAIF {name} ({PRESENTATION[path[-1]]}; {_size(value)}) is not imported", file, *where))
        else:
            result.diagnostics.append(Diagnostic(
                "X521", f"xAIF {name} ({_size(value)}) is not imported: argmap has no place for it", file, *where))
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _parts(data: dict[str, Any]) -> list[tuple[tuple[str, ...], Any]]:
    """The parts of an xAIF document that the import does not read and that hold something."""
    out: list[tuple[tuple[str, ...], Any]] = []
    for key, value in data["AIF"].items():
        if key not in READ and key != EXT and not _empty(value):
            out.append((("AIF", str(key)), value))
    for key, value in data.items():
        if key == "text" and isinstance(data.get(EXT), dict):
            continue  # argmap wrote it: the quotes of the L-nodes, imported as evidence
        if key != "AIF" and key not in IGNORED and not _empty(value):
            out.append(((str(key),), value))
    return out


def _empty(value: Any) -> bool:
    """Nothing in it: ``None``, ``""``, ``false``, an empty list, or an object of empty values (an OVA
    part without nodes)."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value is None or value is False or value == "" or value == []


def _size(value: Any) -> str:
    if isinstance(value, str):
        return f"{len(value)} characters"
    if isinstance(value, list):
        return f"{len(value)} entries"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_size(v)}" for k, v in value.items() if not _empty(v)) or "empty"
    return repr(value)[:40]


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]', re.S)
_COLON = re.compile(r"\s*:")


def key_places(text: str) -> dict[tuple[str, ...], int]:
    """Code-point offset of each key of the top-level object and of the objects directly in it,
    by path (``("OVA",)``, ``("AIF", "descriptorfulfillments")``); the first occurrence of a repeated
    key. ``text`` must be valid JSON (it was parsed before); one pass, linear in its length."""
    import json

    places: dict[tuple[str, ...], int] = {}
    stack: list[str | None] = []  # for each open container, the key it is the value of
    last: str | None = None
    for mt in _TOKEN.finditer(text):
        tok = mt.group()
        if tok in "{[":
            stack.append(last)
            last = None
        elif tok in "}]":
            if stack:
                stack.pop()
            last = None
        elif _COLON.match(text, mt.end()):
            last = json.loads(tok)
            if 1 <= len(stack) <= 2 and None not in stack[1:]:
                places.setdefault((*(str(s) for s in stack[1:]), last), mt.start())
    return places
