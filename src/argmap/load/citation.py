"""Work metadata as reference managers hold it: a CSL-JSON item or a BibTeX entry read into the
fields of a map's ``work:`` (``argmap new --bib``), and a map's work as a CSL-JSON item (``argmap
export --to csl-json``). The short author-year label readers see beside a quote (``林伯雍 2013``) is
:func:`argmap.output.places.cite_label`.

CSL-JSON is the data format of the Citation Style Language (Zotero, Mendeley, pandoc-citeproc;
https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). BibTeX is read with
bibtexparser (MIT): LaTeX accents decoded, ``and``-separated names split.

Field mapping (CSL ↔ ``work``): ``title``, ``author`` (``literal``, or ``family`` + ``given``:
written without a space when either holds a CJK character, else ``given family``), ``issued``
(``date-parts``: year → ``year``, year-month(-day) → ``date``), ``type`` and ``genre`` → ``kind``
(:data:`KIND_FROM_CSL`), ``container-title``, ``volume``, ``issue``, ``page`` → ``pages``,
``publisher`` (for a thesis also ``institution``), ``publisher-place``, ``DOI``, ``URL``,
``language``. BibTeX: ``title``, ``author``, ``year``/``month``, the entry type
(:data:`KIND_FROM_BIBTEX`), ``journal``/``booktitle`` → container, ``volume``, ``number`` → issue,
``pages``, ``publisher``, ``school``/``institution``, ``address``, ``doi``, ``url``, ``language``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from argmap.model import Work
from argmap.model.limits import DEFAULT_LIMITS, read_bounded

#: CSL item types → ``work.kind`` (a ``thesis`` is told apart by its ``genre``).
KIND_FROM_CSL = {"article-journal": "journal-article", "article": "journal-article", "article-magazine": "journal-article",
                 "article-newspaper": "journal-article", "paper-conference": "book-chapter", "book": "book",
                 "chapter": "book-chapter", "entry-encyclopedia": "book-chapter", "report": "report"}
#: BibTeX entry types → ``work.kind``.
KIND_FROM_BIBTEX = {"article": "journal-article", "book": "book", "inbook": "book-chapter",
                    "incollection": "book-chapter", "inproceedings": "book-chapter", "mastersthesis": "master-thesis",
                    "phdthesis": "doctoral-thesis", "techreport": "report"}
#: ``work.kind`` → CSL ``type`` (and ``genre`` for theses).
CSL_FROM_KIND = {"master-thesis": ("thesis", "Master's thesis"), "doctoral-thesis": ("thesis", "Doctoral dissertation"),
                 "thesis-chapter": ("chapter", None), "journal-article": ("article-journal", None),
                 "book": ("book", None), "book-chapter": ("chapter", None), "report": ("report", None),
                 "other": ("document", None)}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), 1)}


class CitationError(ValueError):
    """A bibliography file that cannot give one work's metadata: unreadable, neither CSL-JSON nor
    BibTeX, holding no entry, or several entries and no key chosen. ``str(error)`` says which."""


def read_entry(path: Path, key: str | None = None, max_bytes: int = DEFAULT_LIMITS.max_bytes) -> dict[str, Any]:
    """The CSL-JSON item of the entry in ``path``: a CSL-JSON file (one item, or a list of items)
    or a BibTeX file, its entry chosen by ``key`` (the CSL ``id`` or the BibTeX key) when it has
    several. At most ``max_bytes`` are read.

    Raises
    ------
    CitationError
        See the class.
    """
    try:
        text = read_bounded(path, max_bytes).decode("utf-8-sig")
    except OSError as exc:
        raise CitationError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CitationError(f"{path} is not UTF-8 (byte offset {exc.start})") from None
    items = _csl_items(text, path) if text.lstrip()[:1] in ("[", "{") else _bibtex_items(text, path)
    if not items:
        raise CitationError(f"{path} holds no entry")
    if key is not None:
        chosen = [i for i in items if str(i.get("id")) == key]
        if not chosen:
            raise CitationError(f"{path} has no entry {key!r} (it has: {', '.join(str(i.get('id')) for i in items)})")
        return chosen[0]
    if len(items) > 1:
        raise CitationError(f"{path} holds {len(items)} entries ({', '.join(str(i.get('id')) for i in items[:8])}); "
                            "choose one with --bib-key")
    return items[0]


def _csl_items(text: str, path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CitationError(f"{path} is not valid JSON ({exc}); a CSL-JSON file is a list of items") from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(i, dict) for i in items):
        raise CitationError(f"{path}: a CSL-JSON file is an item (an object) or a list of items")
    return items


def _bibtex_items(text: str, path: Path) -> list[dict[str, Any]]:
    import bibtexparser
    from bibtexparser import middlewares as mw

    lib = bibtexparser.parse_string(text, append_middleware=[
        mw.SeparateCoAuthors(), mw.SplitNameParts(), mw.LatexDecodingMiddleware()])
    if not lib.entries and lib.failed_blocks:
        raise CitationError(f"{path} is neither CSL-JSON nor BibTeX that can be read (line "
                            f"{lib.failed_blocks[0].start_line + 1})")
    return [bibtex_to_csl(e.entry_type.lower(), e.key, {f.key.lower(): f.value for f in e.fields})
            for e in lib.entries]


def _plain(value: Any) -> str:
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def bibtex_to_csl(entry_type: str, key: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A BibTeX entry (type, key, fields with names split by bibtexparser) as a CSL-JSON item."""
    kind = KIND_FROM_BIBTEX.get(entry_type, "other")
    ctype, genre = CSL_FROM_KIND[kind]
    item: dict[str, Any] = {"id": key, "type": ctype}
    if genre:
        item["genre"] = genre
    names = []
    for n in fields.get("author") or []:
        if hasattr(n, "last"):
            family = _plain(" ".join([*n.von, *n.last]))
            given = _plain(" ".join([*n.first, *n.jr]))
            names.append({"family": family, "given": given} if given else {"literal": family})
        else:
            names.append({"literal": _plain(n)})
    if names:
        item["author"] = names
    simple = {"title": "title", "volume": "volume", "number": "issue", "pages": "page", "publisher": "publisher",
              "address": "publisher-place", "doi": "DOI", "url": "URL", "language": "language",
              "journal": "container-title", "booktitle": "container-title"}
    for bib, csl in simple.items():
        if fields.get(bib) and csl not in item:
            item[csl] = _plain(fields[bib])
    school = fields.get("school") or fields.get("institution")
    if school:
        item["publisher"] = _plain(school)
    year = str(fields.get("year", "")).strip()
    if year.isdigit():
        parts = [int(year)]
        month = str(fields.get("month", "")).strip().lower()[:3]
        if month in _MONTHS or month.isdigit():
            parts.append(_MONTHS.get(month) or int(month))
        item["issued"] = {"date-parts": [parts]}
    return item


def _name(a: dict[str, Any]) -> str | None:
    if a.get("literal"):
        return str(a["literal"]).strip() or None
    family, given = str(a.get("family", "")).strip(), str(a.get("given", "")).strip()
    if _CJK.search(family + given):
        return family + given or None
    return f"{given} {family}".strip() or None


def work_fields(item: dict[str, Any]) -> dict[str, Any]:
    """The ``work:`` fields (docs/format.md) a CSL-JSON item gives; fields it lacks are left out
    (``language`` and ``kind`` too, when it does not say)."""
    out: dict[str, Any] = {}
    if item.get("title"):
        out["title"] = " ".join(str(item["title"]).split())
    authors = [n for n in (_name(a) for a in item.get("author") or [] if isinstance(a, dict)) if n]
    if authors:
        out["authors"] = authors
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    first = parts[0] if parts and isinstance(parts[0], list) else []
    if first and str(first[0]).isdigit():
        out["year"] = int(first[0])
        if len(first) > 1:
            out["date"] = "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(first[:3]))
    ctype = str(item.get("type", ""))
    genre = str(item.get("genre", "")).lower()
    if ctype == "thesis":
        doctoral = any(w in genre for w in ("phd", "doctor", "dissertation", "博士"))
        out["kind"] = "doctoral-thesis" if doctoral else "master-thesis"
        if item.get("publisher"):
            out["institution"] = str(item["publisher"])
    elif ctype in KIND_FROM_CSL:
        out["kind"] = KIND_FROM_CSL[ctype]
    elif ctype:
        out["kind"] = "other"
    for csl, key in (("container-title", "container_title"), ("volume", "volume"), ("issue", "issue"),
                     ("page", "pages"), ("publisher", "publisher"), ("publisher-place", "publisher_place"),
                     ("DOI", "doi"), ("URL", "url"), ("language", "language")):
        value = item.get(csl)
        if value not in (None, ""):
            out[key] = str(value).replace("–", "-").strip() if key == "pages" else str(value).strip()
    if "doi" in out:
        out["doi"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", out["doi"], flags=re.I)
    return out


def csl_item(map_id: str, w: Work) -> dict[str, Any]:
    """The CSL-JSON item of a map's work, with the map id as its ``id``."""
    ctype, genre = CSL_FROM_KIND.get(w.kind, ("document", None))
    item: dict[str, Any] = {"id": map_id, "type": ctype, "title": w.title}
    if genre:
        item["genre"] = genre
    item["author"] = [_csl_name(a.name) for a in w.authors]
    if w.year is not None:
        parts = [w.year]
        m = re.match(r"^\d{4}-(\d{1,2})(?:-(\d{1,2}))?", w.date or "")
        if m:
            parts += [int(g) for g in m.groups() if g]
        item["issued"] = {"date-parts": [parts]}
    publisher = w.publisher or (w.institution if w.kind in ("master-thesis", "doctoral-thesis") else None)
    for key, value in (("container-title", w.container_title or w.venue), ("volume", w.volume), ("issue", w.issue),
                       ("page", w.pages), ("publisher", publisher), ("publisher-place", w.publisher_place),
                       ("DOI", w.doi), ("URL", w.url), ("language", w.language)):
        if value:
            item[key] = value
    return item


def _csl_name(name: str) -> dict[str, str]:
    """A CJK name (no spaces) as a CSL literal; ``Given Family`` split at its last space."""
    if _CJK.search(name) or " " not in name.strip():
        return {"literal": name}
    given, family = name.strip().rsplit(" ", 1)
    return {"family": family, "given": given}


__all__ = ["CitationError", "bibtex_to_csl", "csl_item", "read_entry", "work_fields"]
