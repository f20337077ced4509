"""Where a quote is, as readers are shown it: in tooltips, quote nodes, the map page, comparisons,
the matrix, the classification and ``argmap show``.

One format everywhere, made by :func:`quote_location` alone: a citation, author, year and page as
printed (``林伯雍 2013, p. 45``), and, when the page is not known, the source file and line where
the reader finds the passage (``林伯雍 2013, 002_a7571c67bdaab12b.txt:1958``). Tools keep the
compiler form: :func:`quote_file_location` (``file:line, p. N``) for what a program or an editor
follows; diagnostics keep ``path:line:col`` with the path as the map writes it.
"""

from __future__ import annotations

import re

from argmap.model import Evidence, Map, Work

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")


def author_label(names: list[str]) -> str:
    """Who, in a short citation: a CJK name whole, a Western name's last word (the family name);
    two authors joined (``、`` or `` and ``), three or more as the first with ``等`` or ``et al.``;
    ``?`` for none."""
    names = [n.strip() for n in names if n.strip()]
    if not names:
        return "?"
    cjk = bool(_CJK.search(names[0]))
    short = [n if _CJK.search(n) or " " not in n else n.rsplit(" ", 1)[1] for n in names]
    if len(short) == 1:
        return short[0]
    if len(short) == 2:
        return "、".join(short) if cjk else " and ".join(short)
    return short[0] + ("等" if cjk else " et al.")


def cite_label(w: Work) -> str:
    """``author year`` of a work, e.g. ``林伯雍 2013`` (``n.d.`` when the year is unknown)."""
    return f"{author_label([a.name for a in w.authors])} {w.year if w.year is not None else 'n.d.'}"


def quote_citation(m: Map, e: Evidence) -> str:
    """``author year`` of the work quote ``e`` comes from: its source's ``authors`` and ``year``
    when the map gives them (a source by someone else), else the map's work's."""
    src = m.source_of(e)
    names = list(src.authors) if src and src.authors else [a.name for a in m.work.authors]
    year = src.year if src and src.year is not None else m.work.year
    return f"{author_label(names)} {year if year is not None else 'n.d.'}"


def _pages(page: int | str | None, page_end: int | str | None) -> str:
    if page is None or page == "":
        return ""
    if page_end is not None and page_end != "" and str(page_end) != str(page):
        return f"pp. {page}–{page_end}"
    return f"p. {page}"


def quote_location(m: Map, e: Evidence, *, line: int | None = None, page: int | str | None = None,
                   page_end: int | str | None = None) -> str:
    """Where quote ``e`` of map ``m`` is, for a reader: ``author year, p. N`` (``pp. N–M`` across a
    page break), or ``author year, file:line`` when its page is not known.

    ``file`` is the file name of the quote's source without its folders (``?`` when the map does not
    say which source the quote is from); ``:line`` (1-based) is left out when the line is unknown.
    Pages are labels as printed in the source (``145``, ``xii``).

    Parameters
    ----------
    m : Map
        The map that holds the quote (it names the quote's source and work).
    e : Evidence
        The quote.
    line, page, page_end : optional
        Where the quote was found, when the caller looked it up in the source; by default the
        evidence's own ``line``, ``page`` and ``page_end`` selectors (``page_end`` only with ``page``).

    Returns
    -------
    str
        For example ``林伯雍 2013, p. 45`` or ``林伯雍 2013, 002_a7571c67bdaab12b.txt:1958``.
    """
    if page is None:
        page, page_end = e.page, (e.page_end if page_end is None else page_end)
    pages = _pages(page, page_end)
    if pages:
        return f"{quote_citation(m, e)}, {pages}"
    return f"{quote_citation(m, e)}, {quote_file_location(m, e, line=line)}"


def quote_file_location(m: Map, e: Evidence, *, line: int | None = None, page: int | str | None = None) -> str:
    """Where quote ``e`` is, for tools: ``file:line, p. N`` (file name without folders, ``?`` for an
    unknown source; ``:line`` and ``, p. N`` left out when unknown), from the evidence's selectors
    unless ``line``/``page`` are given."""
    src = m.source_of(e)
    out = (src.raw_path.rsplit("/", 1)[-1] or src.path.name) if src else "?"
    line = e.line if line is None else line
    page = e.page if page is None else page
    if line:
        out += f":{line}"
    if page is not None and page != "":
        out += f", p. {page}"
    return out


__all__ = ["author_label", "cite_label", "quote_citation", "quote_file_location", "quote_location"]
