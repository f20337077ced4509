"""Focus views: the claims within a number of support or attack steps of one claim (``argmap render
--focus CLAIM --depth N``)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from argmap.model import Map

if TYPE_CHECKING:
    import networkx as nx

def step_graph(m: Map) -> "nx.Graph":
    """The undirected graph of one-step neighbours between the map's claims.

    Nodes are all claim ids. One step joins each premise of an inference to its conclusion (not the
    premises of a linked inference to each other), the attacker of a rebuttal to its target, and the
    attacker of an undercut to the conclusion of the inference it undercuts. References to ids that
    are not claims (or, for undercuts, inferences) of the map are skipped.
    """
    import networkx as nx  # only needed for focus views; keeps the renderer's import light

    g = nx.Graph()
    claims = m.claims_by_id
    g.add_nodes_from(claims)
    for inf in m.inferences_by_id.values():
        if inf.conclusion.id in claims:
            g.add_edges_from((p.id, inf.conclusion.id) for p in inf.premises
                             if p.id in claims and p.id != inf.conclusion.id)
    for a in m.attacks:
        if a.attacker.id not in claims:
            continue
        if a.target.id in claims:
            target = a.target.id
        elif a.target.id in m.inferences_by_id:
            target = m.inferences_by_id[a.target.id].conclusion.id
        else:
            continue
        if target in claims and target != a.attacker.id:
            g.add_edge(a.attacker.id, target)
    return g


def neighbourhood(m: Map, focus: str, depth: int) -> tuple[dict[str, int], dict[str, int]]:
    """The claims within ``depth`` steps of claim ``focus`` (steps as in :func:`step_graph`).

    Parameters
    ----------
    m : Map
        The map.
    focus : str
        Id of one of its claims.
    depth : int
        Largest number of steps, ≥ 0 (``0``: the focus claim alone).

    Returns
    -------
    (dict, dict)
        Claim id → steps from ``focus`` for every claim drawn; and claim id → number of its
        neighbours that are not drawn, for the drawn claims at the boundary that have some.

    Raises
    ------
    ValueError
        ``focus`` is not a claim of the map (the message suggests close ids), or ``depth`` < 0.
    """
    import networkx as nx

    if focus not in m.claims_by_id:
        close = difflib.get_close_matches(focus, list(m.claims_by_id), n=3, cutoff=0.5)
        hint = "; did you mean " + ", ".join(repr(c) for c in close) + "?" if close else ""
        raise ValueError(f"no claim {focus!r} in map {m.id!r}" + hint)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise ValueError(f"depth must be an integer >= 0, not {depth!r}")
    g = step_graph(m)
    drawn = nx.single_source_shortest_path_length(g, focus, cutoff=depth)
    hidden = {c: n for c in drawn if (n := sum(1 for x in g.neighbors(c) if x not in drawn))}
    return dict(drawn), hidden

