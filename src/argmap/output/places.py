"""Where a quote is, as readers are shown it: in tooltips, quote nodes, the map page, comparisons,
the matrix and the classification.

One format everywhere, made by :func:`quote_location` alone, so that changing it (for instance to a
citation such as "林伯雍 2013, p. 12") is a change in this one place. Diagnostics are not readers'
text: they keep the compiler form ``path:line:col`` with the path as the map writes it.
"""

from __future__ import annotations

from argmap.model import Evidence, Map


def quote_location(m: Map, e: Evidence, *, line: int | None = None, page: int | str | None = None) -> str:
    """Where quote ``e`` of map ``m`` is, for a reader: ``file:line, p. N``.

    ``file`` is the file name of the quote's source without its folders (``?`` when the map does not
    say which source the quote is from); ``:line`` (1-based) is left out when the line is unknown,
    ``, p. N`` when the page is (pages as printed in the source, e.g. ``145`` or ``xii``).

    Parameters
    ----------
    m : Map
        The map that holds the quote (it names the quote's source).
    e : Evidence
        The quote.
    line, page : optional
        The line and page where the quote was found, when the caller looked it up in the source;
        by default the evidence's own ``line`` and ``page`` selectors.

    Returns
    -------
    str
        For example ``002_a7571c67bdaab12b.txt:1958`` or ``gpr33.txt:1004, p. 145``.
    """
    src = m.source_of(e)
    out = (src.raw_path.rsplit("/", 1)[-1] or src.path.name) if src else "?"
    line = e.line if line is None else line
    page = e.page if page is None else page
    if line:
        out += f":{line}"
    if page is not None and page != "":
        out += f", p. {page}"
    return out
