"""One or more maps as an argumentation framework with support (docs/evaluation.md).

The nodes are the maps' claims and inferences. A claim is *given* (accepted unless something
defeats it) when the work states it without arguing for it (a quoted claim that concludes no
inference), assumes it (an implicit premise with no reason), or reports it as another author's
position (an attributed claim with a quote); every other claim needs a reason: one of its
inferences accepted. An inference is accepted while all its premises are and no undercut of it
is; a claim is rejected while a rebuttal of it is accepted.

:func:`to_dung` turns this bipolar framework into a Dung (1995) framework by adding two kinds of
auxiliary arguments, so that any Dung solver labels it: ``not:K`` ("claim K is not accepted",
attacked by K, attacking every inference K is a premise of) and ``unsupported:K`` ("no reason of K
is accepted", attacked by each inference concluding K, attacking K). Keys of nodes are
``map#id``; the auxiliary keys contain a colon, which no map id or claim id can.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from argmap.model import REBUTTAL, UNDERCUT, Claim, Location, Map

CLAIM, INFERENCE = "claim", "inference"
#: How a claim stands before any attack: stated without a reason, an implicit premise, another
#: author's position the work reports, argued for (needs a reason), or none of these (no quote,
#: no reason, not implicit: nothing can make it accepted).
QUOTED, IMPLICIT, ATTRIBUTED, ARGUED, UNSUPPORTED = "quoted", "implicit", "attributed", "argued", "unsupported"
GIVEN_BASES = (QUOTED, IMPLICIT, ATTRIBUTED)


@dataclass(frozen=True, slots=True)
class Node:
    """A claim or an inference of the framework.

    ``key`` is ``map#id`` (for a claims merged by ``same-claim`` links, the key of the first one met);
    ``basis`` is one of :data:`GIVEN_BASES`, :data:`ARGUED` or :data:`UNSUPPORTED` for a claim and
    ``""`` for an inference; ``holder`` is the attributed author's label (``None``: the work's own);
    ``members`` are the keys of every claim merged into this node (itself first); ``loc`` is where
    the claim or inference is defined."""

    key: str
    kind: str
    map_id: str
    id: str
    loc: Location
    basis: str = ""
    holder: str | None = None
    thesis: bool = False
    members: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return self.basis in GIVEN_BASES


@dataclass(frozen=True, slots=True)
class AttackEdge:
    """``attacker`` (a claim key) attacks ``target`` (a claim key for a rebuttal, an inference key for
    an undercut). ``via`` names what says so: an attack id (``map#A1``), or a cross-map link
    (``map#C3 contradicts other#C9``); ``loc`` is where it is written."""

    attacker: str
    target: str
    type: str
    via: str
    loc: Location


@dataclass
class Framework:
    """Claims and inferences (``nodes``, in map order), each inference's premises and conclusion
    (node keys), the attacks, and the references that could not be used (``ignored``: a message
    with its place, e.g. an attack on an id the map does not define, which ``argmap check`` reports
    as R202)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    premises: dict[str, tuple[str, ...]] = field(default_factory=dict)
    conclusion: dict[str, str] = field(default_factory=dict)
    attacks: list[AttackEdge] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    alias: dict[str, str] = field(default_factory=dict)

    def key(self, map_id: str, node_id: str) -> str | None:
        """The node key of ``map_id#node_id`` (after merging), or ``None`` when there is none."""
        k = f"{map_id}#{node_id}"
        k = self.alias.get(k, k)
        return k if k in self.nodes else None

    def reasons(self, claim_key: str) -> list[str]:
        """Inference keys concluding ``claim_key``, in the order they were added."""
        return [i for i, c in self.conclusion.items() if c == claim_key]

    def attackers(self, key: str) -> list[AttackEdge]:
        return [a for a in self.attacks if a.target == key]


def claim_basis(m: Map, c: Claim, supported: frozenset[str] | None = None) -> str:
    """The basis of claim ``c`` of map ``m`` (see the module docstring); ``supported`` is
    ``m.supported_claim_ids()`` when the caller has it already."""
    argued = c.id in (m.supported_claim_ids() if supported is None else supported)
    if c.asserted_by is not None and c.evidence:
        return ATTRIBUTED
    if argued:
        return ARGUED
    if c.is_implicit:
        return IMPLICIT
    return QUOTED if c.evidence else UNSUPPORTED


def build(maps: Iterable[Map]) -> Framework:
    """The framework of ``maps`` taken together: each map's claims, inferences and attacks, and
    the cross-map links among them (``same-claim`` merges two claims into one node; ``contradicts``
    is a rebuttal each way; ``attacks`` a rebuttal from the linking claim; ``supports`` an inference
    from the linking claim; ``same-event`` has no logical force). Links to maps not given are not
    used. Never raises: what cannot be used is listed in ``Framework.ignored``."""
    maps = list(maps)
    fw = Framework()
    groups = _same_claim_groups(maps)
    for m in maps:
        supported = m.supported_claim_ids()
        for c in m.claims:
            key = f"{m.id}#{c.id}"
            rep = groups.get(key, key)
            basis = claim_basis(m, c, supported)
            holder = c.asserted_by.label() if c.asserted_by else None
            if rep != key:
                fw.alias[key] = rep
            if rep in fw.nodes:
                fw.nodes[rep] = _merge(fw.nodes[rep], key, basis, holder, c.is_thesis)
            elif key == rep:
                fw.nodes[key] = Node(key, CLAIM, m.id, c.id, c.loc, basis, holder, c.is_thesis, (key,))
            else:  # the representative is defined later (or not at all): define it from this member
                fw.nodes[rep] = Node(rep, CLAIM, m.id, c.id, c.loc, basis, holder, c.is_thesis, (key,))
    for m in maps:
        _add_inferences(fw, m)
    for m in maps:
        _add_attacks(fw, m)
    _add_links(fw, maps)
    return fw


def _merge(node: Node, key: str, basis: str, holder: str | None, thesis: bool) -> Node:
    """``node`` with the claim ``key`` merged in: given when either is (the first basis of
    quoted, implicit, attributed, argued, unsupported), a work's own claim when either is."""
    order = (QUOTED, IMPLICIT, ATTRIBUTED, ARGUED, UNSUPPORTED)
    best = min(node.basis, basis, key=order.index)
    holder = node.holder if holder is not None else None
    return Node(node.key, CLAIM, node.map_id, node.id, node.loc, best, holder, node.thesis or thesis,
                node.members + (key,))


def _same_claim_groups(maps: list[Map]) -> dict[str, str]:
    """``map#claim`` → the representative key of its ``same-claim`` group (the first member in map
    order), over links between claims that exist in ``maps``."""
    defined = {f"{m.id}#{c.id}" for m in maps for c in m.claims}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    order = {k: n for n, k in enumerate(f"{m.id}#{c.id}" for m in maps for c in m.claims)}
    for m in maps:
        for c in m.claims:
            for link in c.links:
                other = f"{link.map_id}#{link.claim_id}"
                if link.relation == "same-claim" and other in defined:
                    a, b = find(f"{m.id}#{c.id}"), find(other)
                    if a != b:
                        first, second = sorted((a, b), key=order.__getitem__)
                        parent[second] = first
    return {k: find(k) for k in parent}


def _add_inferences(fw: Framework, m: Map) -> None:
    for inf in m.inferences:
        key = f"{m.id}#{inf.id}"
        premises = [fw.key(m.id, p.id) for p in inf.premises]
        conclusion = fw.key(m.id, inf.conclusion.id)
        if None in premises or conclusion is None or key in fw.nodes:
            fw.ignored.append(f"{inf.loc}: inference {inf.id!r} names a claim the map does not define, or "
                              "reuses an id; it is left out of the evaluation (argmap check: R201, R202)")
            continue
        fw.nodes[key] = Node(key, INFERENCE, m.id, inf.id, inf.loc, members=(key,))
        fw.premises[key] = tuple(dict.fromkeys(premises))  # type: ignore[arg-type]
        fw.conclusion[key] = conclusion


def _add_attacks(fw: Framework, m: Map) -> None:
    for a in m.attacks:
        attacker = fw.key(m.id, a.attacker.id)
        target = fw.key(m.id, a.target.id)
        kind = fw.nodes[target].kind if target else None
        wanted = CLAIM if a.type == REBUTTAL else INFERENCE if a.type == UNDERCUT else None
        if attacker is None or fw.nodes[attacker].kind != CLAIM or target is None or kind != wanted:
            fw.ignored.append(f"{a.loc}: attack {a.id!r} is left out of the evaluation: its attacker must be a "
                              "claim and its target a claim (rebuttal) or an inference (undercut) of the map "
                              "(argmap check: R202, R206)")
            continue
        fw.attacks.append(AttackEdge(attacker, target, a.type, f"{m.id}#{a.id}", a.loc))


def _add_links(fw: Framework, maps: list[Map]) -> None:
    for m in maps:
        for c in m.claims:
            for link in c.links:
                if link.relation not in ("contradicts", "attacks", "supports"):
                    continue
                src, dst = fw.key(m.id, c.id), fw.key(link.map_id, link.claim_id)
                if dst is None or src is None:
                    continue  # a link to a map not evaluated (or a claim it lacks: R204)
                via = f"{m.id}#{c.id} {link.relation} {link.map_id}#{link.claim_id}"
                if link.relation == "supports":
                    key = f"{m.id}#{c.id}>{link.map_id}#{link.claim_id}"
                    fw.nodes[key] = Node(key, INFERENCE, m.id, f"{c.id}>{link.map_id}#{link.claim_id}",
                                         link.loc, members=(key,))
                    fw.premises[key], fw.conclusion[key] = (src,), dst
                    continue
                fw.attacks.append(AttackEdge(src, dst, REBUTTAL, via, link.loc))
                if link.relation == "contradicts":
                    fw.attacks.append(AttackEdge(dst, src, REBUTTAL, via, link.loc))


@dataclass(frozen=True, slots=True)
class DungFramework:
    """A Dung (1995) framework: ``arguments`` (keys, in a fixed order) and ``attacks`` (pairs of
    keys, attacker first)."""

    arguments: tuple[str, ...]
    attacks: tuple[tuple[str, str], ...]


def not_key(claim_key: str) -> str:
    return f"not:{claim_key}"


def unsupported_key(claim_key: str) -> str:
    return f"unsupported:{claim_key}"


def to_dung(fw: Framework) -> DungFramework:
    """The Dung framework whose labellings, restricted to the nodes of ``fw``, are the labellings of
    ``fw`` (docs/evaluation.md, "From support to attack")."""
    args = list(fw.nodes)
    attacks: list[tuple[str, str]] = []
    reasons: dict[str, list[str]] = {}
    for inf, claim in fw.conclusion.items():
        reasons.setdefault(claim, []).append(inf)
    used_as_premise: dict[str, list[str]] = {}
    for inf, premises in fw.premises.items():
        for p in premises:
            used_as_premise.setdefault(p, []).append(inf)
    for p, infs in used_as_premise.items():
        args.append(not_key(p))
        attacks.append((p, not_key(p)))
        attacks += [(not_key(p), i) for i in infs]
    for key, node in fw.nodes.items():
        if node.kind == CLAIM and not node.given:
            args.append(unsupported_key(key))
            attacks += [(i, unsupported_key(key)) for i in reasons.get(key, ())]
            attacks.append((unsupported_key(key), key))
    attacks += [(a.attacker, a.target) for a in fw.attacks]
    return DungFramework(tuple(args), tuple(dict.fromkeys(attacks)))
