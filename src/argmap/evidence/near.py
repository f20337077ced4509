"""Near misses: for a quote that is not in its source, the closest passage, how similar it is, what
differs (character by character) and what the difference looks like (a Simplified or variant
character, a footnote digit, punctuation, an inserted running head)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from argmap.evidence.text import Span, strip_space

if TYPE_CHECKING:
    from argmap.evidence.sources import SourceText


@dataclass(frozen=True, slots=True)
class NearMiss:
    """The passage closest to a quote that was not found.

    ``span`` is the passage in the original text, ``passage`` its text with whitespace and ignored
    stretches (running heads, footnote markers) removed,
    ``similarity`` the normalised Levenshtein similarity of quote and passage in percent (100 =
    identical after normalisation), ``diff`` the character-level edit operations as
    ``(op, quote_part, passage_part)`` with op ``"replace"``, ``"delete"`` (in the quote only) or
    ``"insert"`` (in the passage only), ``kind`` what the difference looks like (``"variant"``:
    Simplified/Traditional or other character variants; ``"footnote"``: digits only;
    ``"punctuation"``: punctuation only; ``"insertion"``: the source has more text inside the
    passage, e.g. an undeclared running head; ``"other"``), and ``unique`` whether no other passage comes
    within 2 points of it."""

    span: Span
    passage: str
    similarity: float
    diff: tuple[tuple[str, str, str], ...]
    kind: str
    unique: bool



def near_miss(text: "SourceText", quote: str, cutoff: float = 60.0) -> NearMiss | None:
    """The passage of ``text`` most like ``quote``, when its similarity is at least ``cutoff`` percent.

    First the quote converted from Simplified to Traditional (Taiwan) characters with OpenCC
    (``s2tw``) is searched; then a passage holding the quote's longest findable beginning and
    its whole rest with up to 80 other characters between them (an undeclared running head); then
    rapidfuzz's ``partial_ratio_alignment`` finds the best window of the normalised text and the
    window's ends are adjusted by up to 3 characters to the best normalised Levenshtein similarity
    (on a tie, the window whose length is nearest the quote's). Takes a few milliseconds per quote
    on a 130,000-character text; run it only for quotes not found otherwise.

    Raises
    ------
    PatternTimeout
        A manifest pattern ran longer than its time limit on the quote.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    needle = text.normalise(quote)
    if not needle:
        return None
    converted = _s2tw(quote)
    if converted != quote:
        spans = text.find_normalised(converted, limit=2)
        if spans:
            return _near(text, quote, spans[0], unique=len(spans) == 1)
    hay = text.normal
    split = _split_match(text, quote, needle)
    if split is not None:
        return split
    res = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
    if res is None:
        return None
    # the best window near the alignment; on equal similarity, the length nearest the quote's
    # (a wrong last character must not be reported as a missing one)
    best = (-1.0, 0, res.dest_start, res.dest_end)
    for ds in range(-3, 4):
        for de in range(-3, 4):
            s, e = res.dest_start + ds, res.dest_end + de
            if 0 <= s < e <= len(hay):
                score = Levenshtein.normalized_similarity(needle, hay[s:e]) * 100
                key = (score, -abs((e - s) - len(needle)), s, e)
                if key[:2] > best[:2]:
                    best = key
    score, _, s, e = best
    if score < cutoff:
        return None
    masked = hay[:s] + "\x00" * (e - s) + hay[e:]
    second = fuzz.partial_ratio_alignment(needle, masked, score_cutoff=score - 2)
    span = text.span(text.noffsets[s], text.noffsets[e - 1] + 1)
    return _near(text, quote, span, unique=second is None)


def _split_match(text: "SourceText", quote: str, needle: str, gap: int = 80) -> NearMiss | None:
    """A passage holding the quote's longest findable beginning and, at most ``gap``
    characters later, the whole rest of it (something the manifest does not declare, such as a
    running head, sits inside): a window of the quote's length cannot find it."""
    hay = text.normal
    k = 0
    while k < len(needle) and hay.find(needle[:k + 1]) != -1:
        k += 1
    if k < 6 or len(needle) - k < 6:
        return None
    head, rest = needle[:k], needle[k:]
    pairs = []
    i = hay.find(head)
    while i != -1 and len(pairs) < 3:
        j = hay.find(rest, i + k + 1, i + k + gap + len(rest))
        if j != -1:
            pairs.append((i, j + len(rest)))
        i = hay.find(head, i + 1)
    if not pairs:
        return None
    s, e = pairs[0]
    span = text.span(text.noffsets[s], text.noffsets[e - 1] + 1)
    return _near(text, quote, span, unique=len(pairs) == 1)


def _near(text: "SourceText", quote: str, span: Span, unique: bool) -> NearMiss:
    from rapidfuzz.distance import Levenshtein

    q = strip_space(quote)
    p = strip_space(text.visible(span.start, span.end))
    sim = Levenshtein.normalized_similarity(text.normalise(quote), text.normal_slice(span.start, span.end)) * 100
    diff = char_diff(q, p)
    return NearMiss(span, p, round(sim, 1), diff, _classify(diff), unique)


def _is_punct(s: str) -> bool:
    return bool(s) and all(unicodedata.category(c).startswith("P") for c in s)


def _s2tw(text: str) -> str:
    return _opencc("s2tw").convert(text)


@lru_cache(maxsize=4)
def _opencc(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def _classify(diff: tuple[tuple[str, str, str], ...]) -> str:
    if not diff:
        return "other"
    changed = "".join(a + b for _, a, b in diff)
    if all(op == "replace" and len(a) == len(b) for op, a, b in diff):
        s2tw, t2s = _opencc("s2tw"), _opencc("t2s")
        if all(s2tw.convert(a) == b or t2s.convert(a) == t2s.convert(b) for _, a, b in diff):
            return "variant"
    if all(op != "replace" for op, _, _ in diff) and changed.isdigit():
        return "footnote"
    if all(op == "insert" for op, _, _ in diff) and len(changed) > 3:
        return "insertion"
    if all(_is_punct(a) and _is_punct(b) or (not a and _is_punct(b)) or (not b and _is_punct(a))
           for _, a, b in diff):
        return "punctuation"
    return "other"


def char_diff(a: str, b: str) -> tuple[tuple[str, str, str], ...]:
    """Character-level edit operations turning ``a`` into ``b`` (rapidfuzz Levenshtein opcodes),
    as ``(op, part_of_a, part_of_b)`` with op ``"replace"``, ``"delete"`` or ``"insert"``."""
    from rapidfuzz.distance import Levenshtein

    return tuple((op.tag, a[op.src_start:op.src_end], b[op.dest_start:op.dest_end])
                 for op in Levenshtein.opcodes(a, b) if op.tag != "equal")


def format_diff(diff: tuple[tuple[str, str, str], ...], limit: int = 6) -> str:
    """Edit operations as ``[quote→source]``, ``[-only in quote]``, ``[+only in source]``."""
    parts = []
    for op, a, b in diff[:limit]:
        parts.append(f"[{a}→{b}]" if op == "replace" else (f"[-{a}]" if op == "delete" else f"[+{b}]"))
    more = f" and {len(diff) - limit} more" if len(diff) > limit else ""
    return " ".join(parts) + more

