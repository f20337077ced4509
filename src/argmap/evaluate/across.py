"""Several works evaluated together: what each work's claims become when the others are present.

:func:`evaluate_together` evaluates the maps jointly (their cross-map links join them into one
framework) and each map alone, and lists every claim or inference whose label changes, with the
work whose claims cause the change. :func:`defeats` counts, for each pair of holders, how many of
one's claims the other defeats: a *holder* is a work (its own claims) or an author a work reports
(its attributed claims, labelled ``author year (in map)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from argmap.evaluate.result import OUT, Evaluation, evaluate
from argmap.evaluate.semantics import Bounds
from argmap.model import Map


@dataclass(frozen=True, slots=True)
class Change:
    """A node whose label differs between its map alone (``alone``) and all maps together
    (``together``); labels as :meth:`Evaluation.summary` gives them. ``by`` are the maps whose
    attacks are among the roots of the new label (empty when it changed for another reason, e.g.
    a claim merged with a given one)."""

    key: str
    alone: str
    together: str
    by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Together:
    """The joint evaluation, each map's evaluation alone, and the changes between them."""

    joint: Evaluation
    alone: dict[str, Evaluation]
    changes: tuple[Change, ...]


def evaluate_together(maps: Iterable[Map], semantics: str = "grounded", bounds: Bounds = Bounds()) -> Together:
    """Evaluate ``maps`` together and each alone (same ``semantics`` and ``bounds``)."""
    maps = list(maps)
    joint = evaluate(maps, semantics, bounds)
    alone = {m.id: evaluate([m], semantics, bounds) for m in maps}
    changes: list[Change] = []
    for m in maps:
        ev = alone[m.id]
        for key in ev.framework.nodes:
            jk = joint.framework.alias.get(key, key)
            if jk not in joint.framework.nodes:
                continue
            before, after = ev.summary(key), joint.summary(jk)
            if before != after:
                changes.append(Change(key, before, after, _root_maps(joint, jk)))
    return Together(joint, alone, tuple(changes))


def _root_maps(ev: Evaluation, key: str) -> tuple[str, ...]:
    maps: list[str] = []
    for lab in ev.labellings:
        for r in lab[key].roots:
            node = ev.framework.nodes.get(r.other)
            if node is not None and node.map_id not in maps:
                maps.append(node.map_id)
    return tuple(maps)


def holder(ev: Evaluation, key: str) -> str:
    """Who holds node ``key``: its map id, or ``author year (in map)`` for an attributed claim."""
    node = ev.framework.nodes[key]
    return f"{node.holder} (in {node.map_id})" if node.holder else node.map_id


def defeats(ev: Evaluation, labelling: int = 0, *, across: bool = False) -> dict[tuple[str, str], int]:
    """(defeater, defeated) → number of claims of the defeated holder that are ``out`` in labelling
    number ``labelling`` because of an accepted attack by a claim of the defeater (each claim
    counted once per defeater; a claim out for lack of support, with no attack below it, is not
    counted). With ``across``, only defeats of a claim of one map by a claim of another. Empty when
    there is no such labelling."""
    if labelling >= len(ev.labellings):
        return {}
    lab = ev.labellings[labelling]
    counts: dict[tuple[str, str], int] = {}
    for key, status in lab.items():
        if status.label != OUT or ev.framework.nodes[key].kind != "claim":
            continue
        mine = ev.framework.nodes[key].map_id
        by = {holder(ev, r.other) for r in status.roots if r.other in ev.framework.nodes and r.kind != "unsupported"
              and not (across and ev.framework.nodes[r.other].map_id == mine)}
        for h in sorted(by):
            pair = (h, holder(ev, key))
            counts[pair] = counts.get(pair, 0) + 1
    return counts
