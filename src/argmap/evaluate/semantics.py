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
  by Modgil & Caminada's (2009) labelling algorithm (start with all ``in``; move an illegally
  ``in`` argument to ``out``, and an ``out`` argument no ``in`` argument attacks to ``undec``;
  branch only when no argument is super-illegally ``in``; keep the admissible labellings with
  maximal ``in``). Its time is exponential in the worst case, so it is bounded by a number of
  labellings and a deadline (:class:`Bounds`); :class:`Enumeration` says whether it finished.
* :func:`stable` keeps the preferred labellings without ``undec`` (every stable labelling is
  preferred).
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
    base, _ = grounded(af)
    part = [a for a in af.arguments if base[a] == UNDEC]
    if not part:
        return Enumeration((base,), True)
    keep = set(part)
    sub = DungFramework(tuple(part), tuple((a, b) for a, b in af.attacks if a in keep and b in keep))
    found, complete, stopped = _search(sub, bounds)
    fixed = {a for a in af.arguments if base[a] == IN}
    labellings = tuple(complete_from_in(af, fixed | ins) for ins in found)
    return Enumeration(labellings, complete, stopped)


def stable(af: DungFramework, bounds: Bounds = Bounds()) -> Enumeration:
    """The stable labellings of ``af``: the preferred ones with no ``undec`` (possibly none)."""
    e = preferred(af, bounds)
    return Enumeration(tuple(lab for lab in e.labellings if UNDEC not in lab.values()), e.complete, e.stopped)


def _search(af: DungFramework, bounds: Bounds) -> tuple[list[set[str]], bool, str | None]:
    """Modgil & Caminada's (2009) search for the admissible labellings with maximal ``in`` (the
    preferred extensions), with an explicit stack and the bounds of ``bounds``."""
    names, attackers, attacked = _index(af)
    n = len(names)
    deadline = time.monotonic() + bounds.seconds
    candidates: list[frozenset[int]] = []
    seen: set[tuple[str, ...]] = set()
    stack: list[list[str]] = [[IN] * n]
    while stack:
        if time.monotonic() > deadline:
            return _named(names, candidates), False, "time"
        lab = stack.pop()
        sig = tuple(lab)
        if sig in seen:
            continue
        seen.add(sig)
        ins = frozenset(i for i in range(n) if lab[i] == IN)
        if any(ins <= c for c in candidates):
            continue
        illegal = [i for i in range(n) if lab[i] == IN and any(lab[y] != OUT for y in attackers[i])]
        if not illegal:
            candidates = [c for c in candidates if not c < ins] + [ins]
            if len(candidates) > bounds.max_labellings:
                return _named(names, candidates[: bounds.max_labellings]), False, "max-labellings"
            continue
        sup = next((i for i in illegal if any(lab[y] == UNDEC or (lab[y] == IN and _legal_in(lab, y, attackers))
                                               for y in attackers[i])), None)
        for x in ([sup] if sup is not None else reversed(illegal)):
            stack.append(_transition(lab, x, attackers, attacked))
    return _named(names, candidates), True, None


def _legal_in(lab: list[str], y: int, attackers: list[list[int]]) -> bool:
    return all(lab[z] == OUT for z in attackers[y])


def _transition(lab: list[str], x: int, attackers: list[list[int]], attacked: list[list[int]]) -> list[str]:
    new = list(lab)
    new[x] = OUT
    for y in [x, *attacked[x]]:
        if new[y] == OUT and not any(new[z] == IN for z in attackers[y]):
            new[y] = UNDEC
    return new


def _named(names: list[str], candidates: list[frozenset[int]]) -> list[set[str]]:
    out = [{names[i] for i in c} for c in candidates]
    return sorted(out, key=lambda s: sorted(names.index(a) for a in s))
