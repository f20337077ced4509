"""Wrap mixed Chinese/Latin text by terminal display width.

Graphviz never wraps labels, and wrapping at spaces (as Argdown does) leaves Chinese labels one
overlong line. Here width is counted in display columns (``wcwidth``: East Asian Wide and Fullwidth
characters are 2 columns), Latin words and numbers are kept whole, and the line-breaking rule of
Chinese typesetting (kinsoku, JIS X 4051 / W3C "Requirements for Chinese Text Layout" §3.1.7) is
applied: no line starts with closing punctuation such as 「，。、）」』！？：；」 and no line ends
with opening punctuation such as 「（「『《〈」.
"""

from __future__ import annotations

import re

from wcwidth import wcswidth, wcwidth

#: Characters that may not begin a line.
NO_START = set("，。、．,.)）」』》〉】〕!！?？:：;；…—～%‰’”·")
#: Characters that may not end a line.
NO_END = set("（「『《〈【〔(‘“")

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-./%]*|\s+|.", re.S)


def width(text: str) -> int:
    """Display width of ``text`` in terminal columns (non-printable characters count 0)."""
    w = wcswidth(text)
    return w if w >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


def wrap(text: str, columns: int = 28) -> list[str]:
    """Break ``text`` into lines of at most ``columns`` display columns.

    Parameters
    ----------
    text : str
        Any text; runs of whitespace become one space, line breaks are kept as breaks.
    columns : int
        Maximum display width of a line (a single word wider than this stands on a line of its own).

    Returns
    -------
    list of str
        The lines, none empty unless ``text`` is.

    Examples
    --------
    >>> wrap("上海合作組織是中共對美國的高度平衡。", 10)
    ['上海合作組', '織是中共對', '美國的高度', '平衡。']
    """
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(_wrap_para(para, columns))
    return out or [""]


def _wrap_para(text: str, columns: int) -> list[str]:
    tokens = [(" " if t.isspace() else t) for t in _TOKEN.findall(text.strip())]
    lines: list[list[str]] = [[]]
    used = 0
    for tok in tokens:
        w = width(tok)
        if tok == " " and not lines[-1]:
            continue
        if used + w > columns and lines[-1] and tok != " ":
            moved: list[str] = []
            # kinsoku: pull the last characters down when this token may not start a line,
            # or when the line would end with an opening bracket
            if tok in NO_START and len(lines[-1]) > 1:
                moved.insert(0, lines[-1].pop())
            while len(lines[-1]) > 1 and lines[-1][-1] in NO_END:
                moved.insert(0, lines[-1].pop())
            while lines[-1] and lines[-1][-1] == " ":
                lines[-1].pop()
            lines.append(moved)
            used = sum(width(t) for t in moved)
        lines[-1].append(tok)
        used += w
    return ["".join(line).strip() for line in lines if "".join(line).strip()]
