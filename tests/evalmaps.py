"""Small maps built in code for the evaluation tests (no files, no sources)."""

from __future__ import annotations

from pathlib import Path

from argmap.model import IMPLICIT, THESIS, Attack, Attribution, Claim, Evidence, Inference, Link, Location, Map, Ref, Work


def _loc(map_id: str, n: int) -> Location:
    return Location(f"{map_id}.argmap.yaml", n, 1)


def mk(map_id: str = "m", claims: str = "", inferences: dict[str, tuple[list[str], str]] | None = None,
       attacks: list[tuple[str, str, str]] | None = None, links: list[tuple[str, str, str]] | None = None,
       thesis: str | None = None) -> Map:
    """A map from a compact spec.

    ``claims``: space-separated ``id:kind`` with kind ``q`` (quoted), ``i`` (implicit premise),
    ``a`` (attributed, quoted), ``n`` (no quote); ``inferences``: id → (premises, conclusion);
    ``attacks``: (attacker, target, type) with type ``rebuttal`` or ``undercut`` (ids ``A0``, ``A1``…);
    ``links``: (claim, ``other#claim``, relation); ``thesis``: the thesis claim's id."""
    n = iter(range(1, 10_000_000))
    cs = []
    link_of: dict[str, list[Link]] = {}
    for cid, to, rel in links or []:
        other, oc = to.split("#")
        link_of.setdefault(cid, []).append(Link(other, oc, rel, _loc(map_id, next(n))))
    for spec in claims.split():
        cid, kind = spec.split(":")
        loc = _loc(map_id, next(n))
        ev = (Evidence(f"quote of {cid}", loc),) if kind in "qa" else ()
        cs.append(Claim(cid, f"text {cid}", f"gloss {cid}", loc,
                        role=THESIS if cid == thesis else IMPLICIT if kind == "i" else "claim",
                        asserted_by=Attribution("Other", 2000) if kind == "a" else None, evidence=ev,
                        links=tuple(link_of.get(cid, ()))))
    infs = tuple(Inference(i, tuple(Ref(p, _loc(map_id, 1)) for p in ps), Ref(c, _loc(map_id, 1)), _loc(map_id, next(n)))
                 for i, (ps, c) in (inferences or {}).items())
    ats = tuple(Attack(f"A{k}", Ref(a, _loc(map_id, 1)), Ref(t, _loc(map_id, 1)), ty, _loc(map_id, next(n)))
                for k, (a, t, ty) in enumerate(attacks or []))
    work = Work("題", (), "other", "zh-Hant", year=2000)
    return Map(map_id, Path(f"{map_id}.argmap.yaml"), f"{map_id}.argmap.yaml", work, (), tuple(cs), infs, ats)


def labels(ev, labelling: int = 0) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """node id (``map#id`` stripped to ``id`` for one map) → label, of one labelling."""
    single = len(ev.maps) == 1
    return {(k.split("#", 1)[1] if single else k): s.label for k, s in ev.labellings[labelling].items()}
