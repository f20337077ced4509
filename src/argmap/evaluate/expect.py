"""The labels a map expects (``expect:``), checked against its evaluation (codes V601-V609).

``argmap check`` evaluates each map that states ``expect:`` alone, under grounded semantics
(docs/evaluation.md), and reports:

* V601 (error): a claim or inference whose label differs from the expected one, with why it has
  the label it has (for ``out``, the attack that defeats it and the roots below);
* V602 (error): an ``expect`` key that is neither a claim nor an inference of the map.

V603-V609 are reserved for later checks of expectations.
"""

from __future__ import annotations

from typing import Iterator

from argmap.evaluate.report import Names, status_text
from argmap.evaluate.result import evaluate
from argmap.model import Map
from argmap.model.diagnostics import Diagnostic


def check_expect(m: Map, corpus: object = None) -> Iterator[Diagnostic]:
    """V601 and V602 for map ``m`` (``corpus`` is unused: the map is evaluated alone, so that its
    expectations do not change when other maps are added beside it)."""
    if not m.expect:
        return
    ev = evaluate([m])
    lab = ev.labellings[0]
    name = Names(ev)
    for x in m.expect:
        key = ev.framework.key(m.id, x.id)
        if key is None or key not in lab:
            kind = "an inference or claim left out of the evaluation" if (
                x.id in m.claims_by_id or x.id in m.inferences_by_id) else "not a claim or inference of the map"
            yield Diagnostic("V602", f"expect: {x.id!r} is {kind}; expect names the map's claims and inferences",
                             x.loc.file, x.loc.line, x.loc.column)
            continue
        got = lab[key]
        if got.label != x.label:
            kind = "claim" if ev.framework.nodes[key].kind == "claim" else "inference"
            yield Diagnostic("V601", f"expect: {kind} {x.id!r} is expected {x.label} but is {got.label} (grounded, "
                             f"the map alone): {status_text(got, name)}", x.loc.file, x.loc.line, x.loc.column)
