"""A passage in its context: the sentences around a span of a source text, as a reader sees them."""

from __future__ import annotations

from argmap.evidence.text import join_lines

#: Characters that end a sentence, for :func:`sentence_context`.
SENTENCE_END = frozenset("。！？!?；")


def sentence_context(text: str, start: int, end: int, sentences: int = 1) -> tuple[str, str, str]:
    """(before, passage, after): ``text[start:end]`` with up to ``sentences`` sentences on each
    side (a sentence ends at 。！？!?； or the end of a paragraph), whitespace runs that hold a
    line break removed between CJK characters (see :func:`argmap.evidence.text.join_lines`).
    ``start``/``end`` are code-point offsets (``end`` exclusive)."""
    a = start
    for _ in range(sentences + 1):
        a = _sentence_start(text, a - 1) if a > 0 else 0
    b = end
    for _ in range(sentences):
        b = _sentence_end(text, b)
    return join_lines(text[a:start]), join_lines(text[start:end]), join_lines(text[end:b])


def _sentence_start(t: str, i: int) -> int:
    while i > 0 and t[i - 1] not in SENTENCE_END and not t.startswith("\n\n", i - 2):
        i -= 1
    return max(i, 0)


def _sentence_end(t: str, i: int) -> int:
    n = len(t)
    while i < n and t[i] not in SENTENCE_END and not t.startswith("\n\n", i):
        i += 1
    return min(i + 1, n)
