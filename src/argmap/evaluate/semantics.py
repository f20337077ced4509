"""Labellings of a Dung framework: grounded, preferred and stable (docs/evaluation.md).

A *labelling* gives every argument ``in``, ``out`` or ``undec`` (Caminada 2006). It is *complete*
when an argument is ``in`` exactly when all its attackers are ``out``, and ``out`` exactly when some
attacker is ``in``. The grounded labelling is the complete labelling with the fewest ``in``
(Dung's grounded extension); preferred labellings are the complete ones with a maximal ``in`` set;
stable ones have no ``undec``.

* :func:`grounded` computes the grounded labelling in time linear in arguments + attacks, by the
  labelling algorithm of Modgil & Caminada (2009): label ``in`` what has no attacker left that is
  not ``out``, label ``out`` what an ``in`` argument attacks, repeat; what is left is ``undec``.
  It also records the *round* in which each argument got its label, which makes explanations
  well-founded.
* :func:`preferred` enumerates the preferred labellings: every complete labelling agrees with the
  grounded one on its ``in`` and ``out`` arguments, so only the grounded ``undec`` part is searched,
  depth first over its complete labellings (a labelling-based backtracking search, as in Doutre &
  Mengin 2001 and Nofal, Atkinson & Dunne 2014), assigning the arguments with the strongly
  connected components in topological order so that only arguments on cycles are branched on, and
  keeping the labellings with maximal ``in``. Its time is exponential in the worst case, so it is
  bounded by a number of labellings and a deadline (:class:`Bounds`); :class:`Enumeration` says
  whether it finished.
* :func:`stable` runs the same search with ``in`` and ``out`` only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Mapping

from argmap.evaluate.framework import DungFramework

IN, OUT, UNDEC = "in", "out", "undec"
LABELS = (IN, OUT, UNDEC)
Labelling = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Bounds:
    """Limits of an enumeration: at most ``max_labellings`` labellings are listed, and the search
    stops after ``seconds`` of wall-clock time."""

    max_labellings: int = 64
    seconds: float = 10.0


@dataclass(frozen=True, slots=True)
class Enumeration:
    """Labellings found (each a complete labelling of every argument), and whether the search
    ``complete``\\ d; when it did not, ``stopped`` says why (``"max-labellings"`` or ``"time"``).
    A search that stopped early lists admissible labellings that are maximal among those found;
    a later branch might have found one with a larger ``in`` set."""

    labellings: tuple[dict[str, str], ...]
    complete: bool
    stopped: str | None = None


def _index(af: DungFramework) -> tuple[list[str], list[list[int]], list[list[int]]]:
    names = list(af.arguments)
    at = {a: n for n, a in enumerate(names)}
    attackers: list[list[int]] = [[] for _ in names]
    attacked: list[list[int]] = [[] for _ in names]
    for a, b in af.attacks:
        attackers[at[b]].append(at[a])
        attacked[at[a]].append(at[b])
    return names, attackers, attacked


def grounded(af: DungFramework) -> tuple[dict[str, str], dict[str, int]]:
    """The grounded labelling of ``af`` and, for each argument labelled ``in`` or ``out``, the round
    (0, 1, …) in which it was labelled: an ``in`` argument's attackers are all ``out`` in earlier
    rounds, an ``out`` argument has an attacker ``in`` in an earlier round."""
    names, attackers, attacked = _index(af)
    label = [UNDEC] * len(names)
    rounds = [-1] * len(names)
    live = [len(set(a)) for a in attackers]  # attackers not yet out
    frontier = [n for n in range(len(names)) if live[n] == 0]
    r = 0
    while frontier:
        for n in frontier:
            label[n], rounds[n] = IN, r
        newly_out = []
        for n in frontier:
            for t in set(attacked[n]):
                if label[t] == UNDEC:
                    label[t], rounds[t] = OUT, r + 1
                    newly_out.append(t)
        nxt = []
        for o in newly_out:
            for t in set(attacked[o]):
                live[t] -= 1
                if live[t] == 0 and label[t] == UNDEC:
                    nxt.append(t)
        frontier = sorted(set(nxt))
        r += 2
    return dict(zip(names, label)), {names[n]: rounds[n] for n in range(len(names)) if rounds[n] >= 0}


def complete_from_in(af: DungFramework, ins: set[str]) -> dict[str, str]:
    """The labelling with ``in`` = ``ins``, ``out`` = what ``ins`` attacks, ``undec`` = the rest."""
    out = {b for a, b in af.attacks if a in ins}
    return {a: IN if a in ins else OUT if a in out else UNDEC for a in af.arguments}


def preferred(af: DungFramework, bounds: Bounds = Bounds()) -> Enumeration:
    """The preferred labellings of ``af`` (see the module docstring), in a deterministic order."""
    return _enumerate(af, bounds, allow_undec=True)


def stable(af: DungFramework, bounds: Bounds = Bounds()) -> Enumeration:
    """The stable labellings of ``af`` (possibly none)."""
    return _enumerate(af, bounds, allow_undec=False)


def _enumerate(af: DungFramework, bounds: Bounds, allow_undec: bool) -> Enumeration:
    base, _ = grounded(af)
    part = [a for a in af.arguments if base[a] == UNDEC]
    if not part:
        return Enumeration((base,), True)
    keep = set(part)
    sub = DungFramework(tuple(part), tuple((a, b) for a, b in af.attacks if a in keep and b in keep))
    found, complete, stopped = _search(sub, bounds, allow_undec)
    fixed = {a for a in af.arguments if base[a] == IN}
    labellings = tuple(complete_from_in(af, fixed | ins) for ins in found)
    return Enumeration(labellings, complete, stopped)


def _order(af: DungFramework) -> list[str]:
    """The arguments with the strongly connected components in topological order (attackers'
    components first), each component in the framework's order."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(af.arguments)
    g.add_edges_from(af.attacks)
    cond = nx.condensation(g)
    rank = {a: n for n, a in enumerate(af.arguments)}
    order: list[str] = []
    for c in nx.lexicographical_topological_sort(cond, key=lambda c: min(rank[a] for a in cond.nodes[c]["members"])):
        order += sorted(cond.nodes[c]["members"], key=rank.__getitem__)
    return order


def _search(af: DungFramework, bounds: Bounds, allow_undec: bool) -> tuple[list[set[str]], bool, str | None]:
    """Depth-first search over the complete labellings of ``af`` (stable ones when not
    ``allow_undec``), assigning arguments in :func:`_order`: an argument whose attackers are all
    labelled gets the one label they allow, so only arguments in cycles are branched on (``in``
    first, then ``out``, then ``undec``). Returns the ``in`` sets that are maximal among the
    labellings found (for stable: all of them; they are pairwise incomparable), whether the search
    finished, and why it stopped if it did not."""
    order = _order(af)
    names, attackers, attacked = _index(DungFramework(tuple(order), af.attacks))
    n = len(names)
    deadline = time.monotonic() + bounds.seconds
    found: list[frozenset[int]] = []
    lab: list[str | None] = [None] * n  # one labelling, changed in place and undone on backtracking
    choices: list[list[str]] = []  # the options left at each level 0 … i
    i = 0
    while i >= 0:
        if time.monotonic() > deadline:
            return _named(names, found), False, "time"
        if i == n:
            ins = frozenset(k for k in range(n) if lab[k] == IN)
            if not any(ins <= c for c in found):
                found = [c for c in found if not c < ins] + [ins]
                if len(found) > bounds.max_labellings:
                    return _named(names, found[: bounds.max_labellings]), False, "max-labellings"
            i -= 1
            continue
        if len(choices) == i:
            choices.append(_options(i, lab, attackers, allow_undec))
        while choices[i]:
            lab[i] = choices[i].pop(0)
            if _consistent(i, lab, attackers, attacked):
                i += 1
                break
        else:
            lab[i] = None
            choices.pop()
            i -= 1
    return _named(names, found), True, None


def _forced(x: int, lab: list[str | None], attackers: list[list[int]]) -> str:
    got = [lab[y] for y in attackers[x]]
    return OUT if IN in got else IN if all(g == OUT for g in got) else UNDEC


def _options(x: int, lab: list[str | None], attackers: list[list[int]], allow_undec: bool) -> list[str]:
    """The labels ``x`` may take given its attackers labelled so far (later ones are unlabelled)."""
    got = [lab[y] for y in attackers[x]]
    if None not in got:
        f = _forced(x, lab, attackers)
        return [f] if allow_undec or f != UNDEC else []
    if IN in got:
        return [OUT]
    return ([IN] if UNDEC not in got else []) + [OUT] + ([UNDEC] if allow_undec else [])


def _consistent(x: int, lab: list[str | None], attackers: list[list[int]], attacked: list[list[int]]) -> bool:
    """Whether labelling ``x`` broke the rule of an argument it attacks (or its own)."""
    for y in [x, *attacked[x]]:
        if lab[y] is None:
            continue
        got = [lab[z] for z in attackers[y]]
        if None not in got:
            if lab[y] != _forced(y, lab, attackers):
                return False
        elif lab[y] == IN and (IN in got or UNDEC in got):
            return False
        elif lab[y] == UNDEC and IN in got:
            return False
    return True


def _named(names: list[str], candidates: list[frozenset[int]]) -> list[set[str]]:
    rank = {a: n for n, a in enumerate(names)}
    out = [{names[i] for i in c} for c in candidates]
    return sorted(out, key=lambda s: sorted(rank[a] for a in s))
