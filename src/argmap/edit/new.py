"""``argmap new``: a new map for a work, from its metadata and its source files.

:func:`new_map` checks the work's metadata against the map schema, adds each source file as
``argmap source add`` does (:func:`argmap.edit.source_add.add_source`: a PDF or a text in any
encoding becomes ``<folder>/sources/<id>.txt`` with its pages), and writes ``<folder>/<id>.argmap.yaml``:
a ``$schema`` line that points at the installed schema from where the map is, the ``work``, the
``sources`` (the first marked ``default: true`` when there are several), and a thesis placeholder
whose quotes are still to be added. Nothing is written when the metadata is incomplete or the map
exists; a source that cannot be used stops the command before the map is written (sources added
before it stay: running the command again reuses them).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from argmap.edit.source_add import AddReport, SourceAddError, add_source, default_id
from argmap.edit.yamltext import scalar
from argmap.evidence.encodings import DEFAULT_MAX_BYTES, UnusableSource
from argmap.evidence.pdf import PdfLimits
from argmap.load.loader import _parse_valid
from argmap.model.limits import DEFAULT_LIMITS

#: A map id (schemas/argmap.schema.json, ``id``).
MAP_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: The thesis placeholder's text and gloss (argmap check reports the thesis until it has quotes: C401).
THESIS_TEXT = "（待寫）本作品的主旨：以作品的語言、用你自己的話寫出。"
THESIS_GLOSS = "(to write) The work's main conclusion, in your words."
#: Order of the ``work:`` fields in a new map (docs/format.md).
WORK_ORDER = ("title", "title_en", "authors", "year", "date", "kind", "institution", "advisor", "container_title",
              "volume", "issue", "pages", "publisher", "publisher_place", "doi", "url", "venue", "language", "note")


class NewMapError(UnusableSource):
    """The map cannot be made as asked (incomplete or invalid metadata, a bad id, the map exists);
    nothing was written. ``str(error)`` says what to give."""


@dataclass
class NewReport:
    """What :func:`new_map` wrote: the map file, the ``$schema`` reference in it, and one
    :class:`argmap.edit.source_add.AddReport` per source."""

    path: Path
    schema_ref: str
    sources: list[AddReport] = field(default_factory=list)


def schema_path(name: str = "argmap") -> Path:
    """The installed JSON Schema file ``<name>.schema.json`` (``argmap``, ``issues``, ``manifest``,
    ``project``), with symbolic links resolved."""
    return Path(str(resources.files("argmap").joinpath(f"schemas/{name}.schema.json"))).resolve()


def schema_ref(folder: Path, name: str = "argmap") -> str:
    """How a file in ``folder`` names the installed schema: a path relative to ``folder`` when the
    schema is inside the current folder's tree (a project with argmap in it, or its virtual
    environment), else the absolute path."""
    target = schema_path(name)
    here = Path.cwd().resolve()
    if target.is_relative_to(here) and folder.resolve().is_relative_to(here):
        return Path(os.path.relpath(target, folder.resolve())).as_posix()
    return target.as_posix()


def _check_work(work: dict[str, Any]) -> dict[str, Any]:
    """``work`` with its fields in order; raises :class:`NewMapError` naming what is missing."""
    missing = [f"--{k}" for k in ("title", "author", "language") if not work.get("authors" if k == "author" else k)]
    if missing:
        raise NewMapError(f"the work's {', '.join(m[2:] for m in missing)} {'is' if len(missing) == 1 else 'are'} "
                          f"missing: give {' and '.join(missing)}, or --bib with a CSL-JSON or BibTeX entry that has "
                          "them (language: a BCP 47 tag such as zh-Hant, zh-Hans, ja, en)")
    work = {**work, "kind": work.get("kind") or "other"}
    return {k: work[k] for k in WORK_ORDER if work.get(k) not in (None, "", [])}


def map_text(map_id: str, work: dict[str, Any], sources: list[dict[str, Any]], ref: str) -> str:
    """The YAML text of a new map (see the module docstring); ``sources`` are ``sources[]`` entries."""
    out = [f"# yaml-language-server: $schema={ref}\n",
           "# Made by 'argmap new' (docs/workflow.md). Next: find quotes with 'argmap quote', write the claims\n",
           "# (docs/encoding.md), then run 'argmap check --fix' on this file.\n",
           "argmap: 1\n", f"id: {map_id}\n", "work:\n"]
    for key, value in work.items():
        if key == "authors":
            out.append("  authors:\n" + "".join(f"    - name: {scalar(a)}\n" for a in value))
        else:
            out.append(f"  {key}: {scalar(value)}\n")
    out.append("sources:\n" if sources else "sources: []\n")
    for s in sources:
        out.append("".join(("  - " if i == 0 else "    ") + f"{k}: {scalar(v)}\n" for i, (k, v) in enumerate(s.items())))
    out += ["claims:\n", "  - id: T\n", "    role: thesis\n", f"    text: {scalar(THESIS_TEXT)}\n",
            f"    gloss: {scalar(THESIS_GLOSS)}\n", "    evidence: []\n"]
    return "".join(out)


def _source_ids(map_id: str, files: list[Path], given: list[str]) -> list[str]:
    ids: list[str] = []
    for k, f in enumerate(files):
        sid = given[k] if k < len(given) else (default_id(f) or (map_id if len(files) == 1 else f"{map_id}-{k + 1}"))
        base, n = sid, 2
        while sid in ids:
            sid, n = f"{base}-{n}", n + 1
        ids.append(sid)
    return ids


def new_map(map_id: str, folder: Path, files: list[Path], work: dict[str, Any], *, source_ids: list[str] = (),  # type: ignore[assignment]
            encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, limits: PdfLimits | None = None,
            force: bool = False) -> NewReport:
    """Make the map ``<folder>/<map_id>.argmap.yaml`` (see the module docstring).

    ``work`` holds the ``work:`` fields (``authors`` as a list of names); ``source_ids`` the ids of
    the first sources (default: from the file names, else the map id).

    Raises
    ------
    NewMapError
        A bad id, incomplete or invalid metadata, or the map exists (without ``force``).
    UnusableSource
        A source cannot be added (:func:`argmap.edit.source_add.add_source`).
    OSError
        A file cannot be read or written.
    """
    from argmap.output import write_atomic

    if not MAP_ID.match(map_id):
        raise NewMapError(f"{map_id!r} is not a map id: lower-case letters, digits and '-', e.g. lin2013")
    path = folder / f"{map_id}.argmap.yaml"
    if path.exists() and not force:
        raise NewMapError(f"{path} exists; choose another id, or give --force to replace it")
    work = _check_work(work)
    ids = _source_ids(map_id, files, list(source_ids))
    ref = schema_ref(folder)
    planned = [{"id": sid, "path": f"sources/{sid}.txt", "title": f.name} for sid, f in zip(ids, files)]
    _validate(map_text(map_id, work, planned, ref), path)
    reports = []
    for sid, f in zip(ids, files):
        reports.append(add_source(f, folder=folder / "sources", source_id=sid, encoding=encoding,
                                  max_bytes=max_bytes, limits=limits))
    sources = []
    for k, r in enumerate(reports):
        entry = {"id": r.source_id, "path": Path(os.path.relpath(r.text_path, folder)).as_posix(),
                 "title": str(r.entry.get("title") or f"{work['title']} ({files[k].name})")}
        if len(reports) > 1 and k == 0:
            entry["default"] = True
        sources.append(entry)
    text = map_text(map_id, work, sources, ref)
    _validate(text, path)
    write_atomic(path, text.encode("utf-8"))
    return NewReport(path, ref, reports)


def _validate(text: str, path: Path) -> None:
    """Raise :class:`NewMapError` with the schema's complaints when ``text`` is not a valid map."""
    got = _parse_valid(text, str(path), "argmap", DEFAULT_LIMITS)
    if isinstance(got, tuple):
        problems = "; ".join(d.message for d in got[0][:5])
        raise NewMapError(f"the map would not be valid: {problems}")


__all__ = ["MAP_ID", "NewMapError", "NewReport", "SourceAddError", "map_text", "new_map", "schema_path", "schema_ref"]
