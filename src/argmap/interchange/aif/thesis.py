"""Which I-node an imported AIF graph's map takes as its thesis (AIF has no thesis)."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from argmap.interchange.aif.parse import Places
from argmap.load.document import Doc

#: Most claim visits spent counting, for each candidate thesis, the claims that lead to it. A
#: graph whose candidates share large ancestries (50,000 claims each leading to the same 50,000)
#: would otherwise cost candidates × claims; past the budget the remaining candidates are ranked by
#: the claims that lead to them directly.
REACH_BUDGET = 2_000_000


def choose_thesis(claims: dict[str, Doc], claim_id: dict[str, str], inferences: list[Doc], attacks: list[Doc],
                  wanted: str | None, places: Places, report: Callable[..., None]) -> str | None:
    """nodeID of the I-node to mark as thesis: ``wanted`` when it is an I-node, else the one claim
    the extension marks as thesis, else, among the claims that support or rebut nothing, the one
    that most claims lead to through support and rebuttal (ties: the first in the file). The choice
    is reported as ``X507``. Time is linear in the claims and edges, plus at most
    :data:`REACH_BUDGET` visits."""
    if wanted is not None:
        if wanted in claims:
            return wanted
        report("X507", f"--thesis {wanted} is not an I-node of the graph; choosing one instead")
    marked = [nid for nid, d in claims.items() if d.get("role") == "thesis"]
    if len(marked) == 1 and wanted is None:
        return marked[0]
    if not claim_id:
        return None
    into: dict[str, set[str]] = defaultdict(set)  # claim -> claims that lead to it directly
    leads: set[str] = set()
    for f in inferences:
        for p in f["premises"]:
            into[f["conclusion"]].add(p)
            leads.add(p)
    for a in attacks:
        if a["type"] == "rebuttal":
            into[a["target"]].add(a["attacker"])
            leads.add(a["attacker"])
    ids = list(claim_id.values())
    roots = [c for c in ids if c not in leads] or ids
    reach: dict[str, int] = {}
    budget = REACH_BUDGET
    exact = True
    for c in roots:
        if budget <= 0:
            exact = False
            reach[c] = len(into[c] - {c})
            continue
        seen = {c}
        stack = [c]
        while stack and budget > 0:
            for p in into[stack.pop()]:
                budget -= 1
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        if stack:
            exact = False
        reach[c] = len(seen) - 1
    best = max(roots, key=lambda c: reach[c])  # max keeps the first of equals: file order breaks ties
    by_claim = {v: k for k, v in claim_id.items()}
    nid = by_claim[best]
    others = len(roots) - 1
    report("X507", f"I-node {nid} is taken as the thesis ({best}): {reach[best]} of "
                   f"{len(claim_id) - 1} other claims lead to it"
                   + ("" if exact else " (counted only in part: the graph is too large to count every path)")
                   + (f"; {others} other claim(s) lead nowhere" if others else "")
                   + "; choose another with --thesis NODEID", places.node(nid))
    return nid
