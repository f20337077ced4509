"""Evaluate maps: a label for every claim and inference under a semantics, with the reasons.

:func:`evaluate` builds the framework of the maps (:mod:`argmap.evaluate.framework`), labels its
Dung translation (:mod:`argmap.evaluate.semantics`), and explains each label by the node's
neighbours: an ``out`` claim by the accepted rebuttal that defeats it, or by its reasons that are
all ``out``; an ``out`` inference by the accepted undercut, or by a premise that is ``out``. For an
``out`` node it also follows these reasons down to their *roots*: the accepted attacks (and the
claims with no support at all) that everything above them depends on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable

from argmap.evaluate.framework import (CLAIM, UNSUPPORTED, Framework, build, not_key, to_dung,
                                       unsupported_key)
from argmap.evaluate.semantics import IN, OUT, UNDEC, Bounds, Enumeration, grounded, preferred, stable
from argmap.model import Location, Map

SEMANTICS = ("grounded", "preferred", "stable")
#: Kinds of :class:`Reason`: why a node has its label.
GIVEN, BY_REASON, PREMISES_IN = "given", "reason", "premises-in"
REBUTTED, UNDERCUT, PREMISE_OUT, NO_REASON, NO_SUPPORT = "rebutted", "undercut", "premise-out", "no-reason", "unsupported"
REBUTTER_UNDEC, UNDERCUT_UNDEC, PREMISE_UNDEC, REASON_UNDEC = (
    "rebutter-undec", "undercut-undec", "premise-undec", "reason-undec")


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a label. ``other`` is the node key it names (the attacker, the premise or
    the inference; for :data:`GIVEN` the basis, e.g. ``quoted``; for :data:`NO_SUPPORT` the claim
    itself); ``via`` and ``loc`` name the attack or link and where it is written (``None`` for
    reasons that are not attacks)."""

    kind: str
    other: str
    via: str | None = None
    loc: Location | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """A node's label with its immediate reasons (``why``) and, for ``out``, the ``roots``: the
    accepted rebuttals and undercuts (and unsupported claims) it depends on."""

    label: str
    why: tuple[Reason, ...]
    roots: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The evaluation of ``maps`` together under ``semantics``: one dict node key → :class:`Status`
    per labelling (grounded: exactly one; preferred: at least one; stable: possibly none).
    ``complete`` is false when the enumeration stopped (``stopped``: ``max-labellings`` or
    ``time``); ``seconds`` is the time taken."""

    maps: tuple[Map, ...]
    framework: Framework
    semantics: str
    labellings: tuple[dict[str, Status], ...]
    complete: bool = True
    stopped: str | None = None
    seconds: float = 0.0

    def by_member(self, labelling: int = 0) -> dict[tuple[str, str], str]:
        """(map id, claim or inference id) → label in labelling number ``labelling``, for every
        claim of every map (a claim merged with another by ``same-claim`` gets the merged node's
        label). Empty when there is no such labelling."""
        if labelling >= len(self.labellings):
            return {}
        out: dict[tuple[str, str], str] = {}
        for key, st in self.labellings[labelling].items():
            for member in self.framework.nodes[key].members:
                map_id, node_id = member.split("#", 1)
                out[map_id, node_id] = st.label
        return out

    def summary(self, key: str) -> str:
        """The node's label when all labellings agree; else ``"k of n in"``-style text (e.g.
        ``in 1/2``); ``"none"`` when there is no labelling (no stable extension)."""
        labels = [lab[key].label for lab in self.labellings]
        if not labels:
            return "none"
        if all(x == labels[0] for x in labels):
            return labels[0]
        return f"in {labels.count(IN)}/{len(labels)}"


def evaluate(maps: Iterable[Map], semantics: str = "grounded", bounds: Bounds = Bounds()) -> Evaluation:
    """Label every claim and inference of ``maps`` (taken together, through their cross-map links)
    under ``semantics`` (one of :data:`SEMANTICS`). Preferred and stable labellings are enumerated
    within ``bounds``. Raises ``ValueError`` for an unknown semantics; never for a map's content
    (what cannot be used is in ``Evaluation.framework.ignored``)."""
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r} (one of {', '.join(SEMANTICS)})")
    t0 = time.perf_counter()
    maps = tuple(maps)
    fw = build(maps)
    af = to_dung(fw)
    rounds: dict[str, int] | None = None
    if semantics == "grounded":
        lab, rounds = grounded(af)
        e = Enumeration((lab,), True)
    else:
        e = (preferred if semantics == "preferred" else stable)(af, bounds)
    statuses = tuple(explain(fw, lab, rounds) for lab in e.labellings)
    return Evaluation(maps, fw, semantics, statuses, e.complete, e.stopped, time.perf_counter() - t0)


def explain(fw: Framework, lab: dict[str, str], rounds: dict[str, int] | None = None) -> dict[str, Status]:
    """The :class:`Status` of every node of ``fw`` under the labelling ``lab`` of its Dung translation
    (``rounds``, from the grounded algorithm, orders the reasons: the earliest first)."""
    order = rounds or {}
    reasons_of: dict[str, list[str]] = {}
    for inf, claim in fw.conclusion.items():
        reasons_of.setdefault(claim, []).append(inf)
    attackers: dict[str, list] = {}
    for a in fw.attacks:
        attackers.setdefault(a.target, []).append(a)

    def first(keys):  # type: ignore[no-untyped-def]
        return sorted(keys, key=lambda k: order.get(k, 1 << 30))

    why: dict[str, tuple[Reason, ...]] = {}
    for key, node in fw.nodes.items():
        label = lab[key]
        att = attackers.get(key, [])
        kind_att = REBUTTED if node.kind == CLAIM else UNDERCUT
        by_label = {x: [a for a in att if lab[a.attacker] == x] for x in (IN, UNDEC)}
        if label != IN and by_label[label if label == UNDEC else IN]:
            hit = by_label[label if label == UNDEC else IN]
            hit = sorted(hit, key=lambda a: order.get(a.attacker, 1 << 30))
            k = kind_att if label == OUT else (REBUTTER_UNDEC if node.kind == CLAIM else UNDERCUT_UNDEC)
            why[key] = tuple(Reason(k, a.attacker, a.via, a.loc) for a in hit)
        elif node.kind == CLAIM:
            why[key] = _claim_why(node, label, reasons_of.get(key, []), lab, first)
        else:
            why[key] = _inference_why(label, fw.premises[key], lab, first)
    roots = _roots(why, lab)
    return {key: Status(lab[key], why[key], roots.get(key, ())) for key in fw.nodes}


def _claim_why(node, label: str, reasons: list[str], lab: dict[str, str], first) -> tuple[Reason, ...]:  # type: ignore[no-untyped-def]
    if label == IN:
        if node.given:
            return (Reason(GIVEN, node.basis),)
        return tuple(Reason(BY_REASON, i) for i in first([i for i in reasons if lab[i] == IN])[:1])
    if label == OUT:
        if node.basis == UNSUPPORTED and not reasons:
            return (Reason(NO_SUPPORT, node.key),)
        return tuple(Reason(NO_REASON, i) for i in reasons)
    return tuple(Reason(REASON_UNDEC, i) for i in reasons if lab[i] == UNDEC)


def _inference_why(label: str, premises: tuple[str, ...], lab: dict[str, str], first) -> tuple[Reason, ...]:  # type: ignore[no-untyped-def]
    if label == IN:
        return (Reason(PREMISES_IN, ""),)
    if label == OUT:
        return tuple(Reason(PREMISE_OUT, p) for p in first([p for p in premises if lab[p] == OUT]))
    return tuple(Reason(PREMISE_UNDEC, p) for p in premises if lab[p] == UNDEC)


#: At most this many roots are kept for one node (the reports show the first few).
MAX_ROOTS = 32


def _roots(why: dict[str, tuple[Reason, ...]], lab: dict[str, str]) -> dict[str, tuple[Reason, ...]]:
    """For every ``out`` node, the attacks (and unsupported claims) at the bottom of its ``out``
    reasons, in the order met, each once, at most :data:`MAX_ROOTS`. Each node's roots are computed
    once, by an iterative depth-first walk, and reused by every node above it (linear in the
    framework); a chain that comes back to a node still being walked adds nothing."""
    done: dict[str, tuple[Reason, ...]] = {}
    for start in why:
        if lab[start] != OUT or start in done:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        walking = {start}
        while stack:
            k, n = stack[-1]
            below = [r.other for r in why[k] if r.kind in (PREMISE_OUT, NO_REASON) and lab.get(r.other) == OUT]
            if n < len(below):
                stack[-1] = (k, n + 1)
                if below[n] not in done and below[n] not in walking:
                    walking.add(below[n])
                    stack.append((below[n], 0))
                continue
            stack.pop()
            walking.discard(k)
            found: list[Reason] = []
            for r in why[k]:
                if r.kind in (REBUTTED, UNDERCUT, NO_SUPPORT):
                    found.append(r)
                elif r.other in done and lab.get(r.other) == OUT:
                    found += done[r.other]
            done[k] = tuple(dict.fromkeys(found))[:MAX_ROOTS]
    return done


__all__ = ["Evaluation", "Reason", "SEMANTICS", "Status", "evaluate", "explain", "not_key", "unsupported_key",
           "UNDEC"]
