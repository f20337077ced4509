"""Textual similarity between the quotes and claims of two works: character bigrams (the unit of
similarity for Chinese, which has no spaces between words), their IDF-weighted Dice coefficient,
and the passages both works quote (:func:`shared_passages`; the method: docs/compare.md)."""

from __future__ import annotations

import math
import re
from typing import Iterable

from argmap.model import Claim, Evidence, Map

#: Shared passages: at least this many letters/digits/CJK characters in common, found in the quotes
#: of at most this many claims over the corpus, with a mean bigram IDF (ln N/df over the N quotes of
#: the corpus) of at least SHARED_MIN_IDF × ln(N/2) — 3.5 on the corpus's 682 quotes. Anything else
#: is a stock phrase (上海合作組織成員國, 美國勢力進入中亞), not a shared passage.
SHARED_MIN, SHARED_MAX_CLAIMS, SHARED_MIN_IDF = 8, 3, 0.6
#: A run of SHARED_MIN characters quoted in more than this many quotes of the first work starts no
#: candidate pair (a shared passage is one that at most SHARED_MAX_CLAIMS claims quote; this bounds
#: the pairs tried when thousands of quotes repeat one passage).
SHARED_GRAM_HOLDERS = 64


_WORD = re.compile(r"[\w]", re.UNICODE)


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of ``text`` over letters, digits and CJK characters only (punctuation and
    spaces dropped): the unit of similarity for Chinese, which has no spaces between words."""
    chars = "".join(_WORD.findall(text.lower()))
    return frozenset(chars[i:i + 2] for i in range(len(chars) - 1))


def _idf(docs: list[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency ln(N / df) of each bigram over ``docs`` (the claims of both
    works), so that bigrams every claim shares (上合, 中亞) count for little."""
    df: dict[str, int] = {}
    for d in docs:
        for g in d:
            df[g] = df.get(g, 0) + 1
    n = len(docs)
    return {g: math.log(n / k) for g, k in df.items()}


def dice(x: frozenset[str], y: frozenset[str], weight: dict[str, float] | None = None) -> float:
    """Dice coefficient 2·w(x∩y) / (w(x)+w(y)), where w sums the ``weight`` of each bigram (1 each
    when no weights are given); 0 when the denominator is 0."""
    w = (lambda s: sum(weight.get(g, 0.0) for g in s)) if weight else len
    total = w(x) + w(y)
    return 2 * w(x & y) / total if total else 0.0


def normalise(text: str) -> str:
    """``text`` with everything but letters, digits and CJK characters removed (the unit in which
    shared passages are measured)."""
    return "".join(_WORD.findall(text))


def _quote_index(maps: Iterable[Map]) -> list[tuple[str, str]]:
    """(``map id#claim id``, normalised quote) over every quote of ``maps``."""
    return [(f"{m.id}#{c.id}", normalise(e.quote)) for m in maps for c in m.claims for e in c.evidence]


def _common_runs(qa: str, qb: str, k: int) -> list[str]:
    """Every maximal common run of ``qa`` and ``qb`` at least ``k`` long, longest first."""
    at: dict[str, list[int]] = {}
    for j in range(len(qa) - k + 1):
        at.setdefault(qa[j:j + k], []).append(j)
    runs = set()
    for i in range(len(qb) - k + 1):
        for j in at.get(qb[i:i + k], ()):
            if i and j and qa[j - 1] == qb[i - 1]:
                continue  # not the start of a maximal run
            n = k
            while j + n < len(qa) and i + n < len(qb) and qa[j + n] == qb[i + n]:
                n += 1
            runs.add(qa[j:j + n])
    return sorted(runs, key=lambda r: (-len(r), r))


def shared_passages(a: Map, b: Map, corpus: Iterable[Map] = ()) -> list[tuple[Claim, Evidence, Claim, Evidence, str]]:
    """Passages quoted by both works: for each pair of quotes (one of ``a``, one of ``b``) the
    longest of their maximal common runs of letters/digits/CJK characters that is at least
    :data:`SHARED_MIN` long, occurs in the quotes of at most :data:`SHARED_MAX_CLAIMS` claims of
    ``corpus`` (default: the two maps), and whose bigrams have a mean IDF over those N quotes of at
    least :data:`SHARED_MIN_IDF` × ln(N/2). Returns ``(claim a, quote a, claim b, quote b,
    passage)``, one per claim pair (its longest passage), longest first."""
    index = _quote_index(list(corpus) or [a, b])
    idf = _idf([frozenset(q[i:i + 2] for i in range(len(q) - 1)) for _, q in index])
    floor = SHARED_MIN_IDF * math.log(max(len(index), 2) / 2)

    k = SHARED_MIN
    by_gram: dict[str, set[int]] = {}  # k-gram → the quotes of the index that hold it
    for n, (_, q) in enumerate(index):
        for i in range(len(q) - k + 1):
            by_gram.setdefault(q[i:i + k], set()).add(n)

    def rare(passage: str) -> bool:
        weights = [idf.get(passage[i:i + 2], 0.0) for i in range(len(passage) - 1)]
        if sum(weights) / len(weights) < floor:
            return False
        holders = {index[n][0] for n in by_gram.get(passage[:k], ()) if passage in index[n][1]}
        return len(holders) <= SHARED_MAX_CLAIMS

    grams: dict[str, list[tuple[Claim, Evidence, str]]] = {}
    for c in a.claims:
        for e in c.evidence:
            qa = normalise(e.quote)
            for i in range(len(qa) - k + 1):
                grams.setdefault(qa[i:i + k], []).append((c, e, qa))
    best: dict[tuple[str, str], tuple[Claim, Evidence, Claim, Evidence, str]] = {}
    for cb in b.claims:
        for eb in cb.evidence:
            qb = normalise(eb.quote)
            candidates = {(id(e), c.id): (c, e, qa) for i in range(len(qb) - k + 1)
                          for c, e, qa in grams.get(qb[i:i + k], ())[:SHARED_GRAM_HOLDERS + 1]
                          if len(grams.get(qb[i:i + k], ())) <= SHARED_GRAM_HOLDERS}
            for ca, ea, qa in candidates.values():
                passage = next((r for r in _common_runs(qa, qb, k) if rare(r)), None)
                if passage is None:
                    continue
                key = (ca.id, cb.id)
                if key not in best or len(passage) > len(best[key][4]):
                    best[key] = (ca, ea, cb, eb, passage)
    return sorted(best.values(), key=lambda t: (-len(t[4]), t[0].id, t[2].id))


#: Suggested claim pairs have at least this IDF-weighted bigram Dice similarity.
SUGGESTION_MIN = 0.12
#: Most postings visited when suggesting claim pairs (see :func:`suggest_pairs`); the corpus's largest
#: pair (lin2013 with gpr33-2011) visits about 30,000.
SUGGESTION_WORK = 3_000_000


def suggest_pairs(a: Map, b: Map, linked: set[tuple[str, str]]) -> list[tuple[float, str, str, Claim, Claim]]:
    """Unlinked claim pairs whose IDF-weighted bigram Dice is at least :data:`SUGGESTION_MIN`, best
    first: ``(score, a id, b id, claim a, claim b)``.

    Only pairs that share a bigram of positive weight can reach the threshold, so the candidates
    come from an inverted index (bigram → claims of ``b``), and each candidate's score is then
    computed exactly by :func:`dice`: the cost follows the pairs that share words, not
    ``len(a.claims) × len(b.claims)`` (two 5,000-claim maps: 213 s before). The work is bounded: when
    the index would visit more than :data:`SUGGESTION_WORK` postings, the most frequent bigrams
    (the lowest weights) are left out of the candidate search until it does not, so a pair that
    shares only such bigrams is not suggested."""
    grams_a = [(c, bigrams(c.text)) for c in a.claims]
    grams_b = [(c, bigrams(c.text)) for c in b.claims]
    idf = _idf([g for _, g in grams_a + grams_b])
    postings: dict[str, list[int]] = {}
    for j, (_, gb) in enumerate(grams_b):
        for g in gb:
            if idf.get(g, 0.0) > 0:
                postings.setdefault(g, []).append(j)
    in_a: dict[str, int] = {}
    for _, ga in grams_a:
        for g in ga:
            if g in postings:
                in_a[g] = in_a.get(g, 0) + 1
    work = sum(k * len(postings[g]) for g, k in in_a.items())
    for g in sorted(in_a, key=lambda g: (idf[g], g)):  # drop the commonest bigrams while over budget
        if work <= SUGGESTION_WORK:
            break
        work -= in_a[g] * len(postings.pop(g))
    weight_b = [sum(idf.get(g, 0.0) for g in gb) for _, gb in grams_b]
    scored = []
    for ca, ga in grams_a:
        shared: dict[int, float] = {}
        for g in ga:
            if g in postings:
                w = idf[g]
                for j in postings[g]:
                    shared[j] = shared.get(j, 0.0) + w
        weight_a = sum(idf.get(g, 0.0) for g in ga)
        for j in sorted(shared):
            total = weight_a + weight_b[j]
            if not total or 2 * shared[j] / total < SUGGESTION_MIN - 1e-9:  # (a float-rounding margin)
                continue
            cb, gb = grams_b[j]
            if (ca.id, cb.id) in linked:
                continue
            s = dice(ga, gb, idf)  # the exact score, as before
            if s >= SUGGESTION_MIN:
                scored.append((s, ca.id, cb.id, ca, cb))
    scored.sort(key=lambda t: (-round(t[0], 9), t[1], t[2]))  # (scores equal but for float rounding tie)
    return scored
