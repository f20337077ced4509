"""The corpus's bibliography as CSL-JSON (``argmap export --to csl-json``): one item per map, the
work it maps, for Zotero, pandoc-citeproc or any Citation Style Language processor.

The mapping from ``work:`` to CSL fields is :func:`argmap.load.citation.csl_item` (docs/interchange.md,
"CSL-JSON"): ``id`` is the map id (so ``[@lin2013]`` in pandoc cites the work of ``lin2013``),
``type`` and ``genre`` from ``kind``, ``author`` (a CJK name as a ``literal``), ``issued`` from
``year`` and ``date``, ``container-title``, ``volume``, ``issue``, ``page``, ``publisher`` (a
thesis's ``institution`` when no publisher is given), ``publisher-place``, ``DOI``, ``URL``,
``language``.
"""

from __future__ import annotations

import json
from typing import Iterable

from argmap.load.citation import csl_item
from argmap.model import Map


def to_csl_json(maps: Iterable[Map]) -> str:
    """The CSL-JSON list of the works of ``maps``, one item per map id (the first map of an id),
    sorted by id; UTF-8 text, two-space indented, ending with a line break."""
    items: dict[str, dict] = {}
    for m in maps:
        items.setdefault(m.id, csl_item(m.id, m.work))
    return json.dumps([items[k] for k in sorted(items)], ensure_ascii=False, indent=2) + "\n"


__all__ = ["to_csl_json"]
