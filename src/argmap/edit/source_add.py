"""``argmap source add``: make a PDF or a text file in any encoding a source argmap can quote from.

:func:`add_source` reads the original (never writing to it), extracts its text (a PDF with
:func:`argmap.evidence.pdf.extract_bounded`; a text file with
:func:`argmap.evidence.encodings.decode_text`), writes it as UTF-8 to ``<folder>/<id>.txt``, and
registers it in ``<folder>/manifest.yaml``: the original's name, size and SHA-256, and what was
derived (pages with their printed labels, running heads, footnote bands and markers as code-point
offsets, normalisation counts; schemas/manifest.schema.json ``original`` and ``derived``). With a
map, it also adds the source to the map's ``sources:``.

Running it again on the same file (same SHA-256) changes nothing; on a changed file it rewrites the
text and the entry and says what changed. Every file is written atomically
(:func:`argmap.output.write_atomic`), the text before the manifest, and only after the whole
extraction succeeded: unusable input writes nothing. The manifest and the map are edited as text:
other entries, comments and formatting stay as they were; the entry being replaced is rewritten
whole (its bibliographic fields and ``matching`` settings are kept, comments inside it are not).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from argmap.evidence.encodings import DEFAULT_MAX_BYTES, UnusableSource, decode_text
from argmap.evidence.encodings import read_bounded as read_original
from argmap.evidence.pdf import PdfLimits, PdfText, extract_bounded
from argmap.evidence.pdflayout import page_number
from argmap.evidence.radicals import fold_radicals
from argmap.load.manifest import MANIFEST_NAME
from argmap.edit.yamltext import (YamlEditError, append_item, compose, content_end, get, insert_key, item, line_end,
                                  plain)
from argmap.model.limits import DEFAULT_LIMITS, read_bounded
from argmap.output import write_atomic

#: A source id (schemas/argmap.schema.json, ``sources[].id``).
SOURCE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
MANIFEST_HEADER = ("# Source texts of the maps (docs/format.md, \"Source manifest\"; schema: manifest.schema.json).\n"
                   "# Entries with 'original:' were made by 'argmap source add': run it again on the original\n"
                   "# rather than editing their text, whose offsets the 'derived' block records.\n")
#: Manifest ``derived`` keys for band kinds.
BAND_KEYS = {"running head": "running_heads", "footnotes": "footnotes", "footnote marker": "markers"}


class SourceAddError(UnusableSource):
    """The source cannot be added as asked (an id that is taken, a map that cannot be edited…);
    nothing was written."""


@dataclass
class AddReport:
    """What :func:`add_source` did.

    status : str
        ``"added"`` (a new source), ``"updated"`` (the original changed since it was added),
        ``"unchanged"`` (same original: nothing written to the text or manifest).
    text_path, manifest_path : Path
        The UTF-8 text and the manifest.
    entry : dict
        The manifest entry as written (or as found, when unchanged).
    changes : list[str]
        For ``"updated"``: what differs from the previous extraction.
    map_added : bool
        The source was added to the map's ``sources:``.
    source_id : str
    """

    status: str
    source_id: str
    text_path: Path
    manifest_path: Path
    entry: dict[str, Any]
    changes: list[str] = field(default_factory=list)
    map_added: bool = False


def default_id(path: Path) -> str | None:
    """A source id from a file name (``Lin 2013.pdf`` → ``Lin-2013``), or ``None`` when the name
    has too few ASCII letters to make one."""
    stem = re.sub(r"[^A-Za-z0-9_.\-]+", "-", path.stem).strip("-.")
    stem = re.sub(r"^[^A-Za-z]+", "", stem)
    return stem if stem and SOURCE_ID.match(stem) else None


def is_pdf(data: bytes) -> bool:
    """True when ``data`` starts like a PDF (``%PDF-`` in its first 1,024 bytes)."""
    return b"%PDF-" in data[:1024]


# -- extraction --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    """A source's text and what was derived from the original, ready for the manifest."""

    text: str
    original: dict[str, Any]
    derived: dict[str, Any]
    title: str


def extract_text(data: bytes, name: str, encoding: str | None, limits: PdfLimits) -> Extracted:
    """The UTF-8-ready text of the original ``data`` (file name ``name``) and its manifest blocks.

    Raises
    ------
    UnusableSource
        The PDF or text cannot be used (:class:`argmap.evidence.pdf.PdfError`,
        :class:`argmap.evidence.encodings.EncodingError`).
    """
    original: dict[str, Any] = {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    if is_pdf(data):
        if encoding is not None:
            raise SourceAddError("--encoding applies to text files; this file is a PDF")
        pdf = extract_bounded(data, limits)
        original["format"] = "pdf"
        return Extracted(pdf.text, original, pdf_derived(pdf), pdf.title)
    decoded = decode_text(data, encoding)
    text = decoded.text
    counts: dict[str, int] = {}
    if decoded.bom:
        counts["bom"] = 1
    crlf = text.count("\r")
    if crlf:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        counts["line_ends"] = crlf
    text, radicals = fold_radicals(text)
    counts.update(radicals)
    original.update({"format": "text", "encoding": decoded.encoding, "encoding_from": decoded.how})
    derived: dict[str, Any] = {"normalised": counts} if counts else {}
    return Extracted(text, original, derived, "")


def pdf_derived(pdf: PdfText) -> dict[str, Any]:
    """The manifest ``derived`` block of an extracted PDF."""
    d: dict[str, Any] = {"tool": pdf.tool, "labels": pdf.label_source,
                         "pages": [[p.start, p.label] for p in pdf.pages]}
    for kind, key in BAND_KEYS.items():
        spans = [[b.start, b.end] for b in pdf.bands if b.kind == kind]
        if spans:
            d[key] = spans
    if pdf.vertical_pages:
        d["vertical_pages"] = pdf.vertical_pages
    if pdf.normalised:
        d["normalised"] = dict(pdf.normalised)
    return d


# -- the manifest ------------------------------------------------------------------------------


def _read_bounded(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of ``path`` (:func:`argmap.model.limits.read_bounded`).

    Raises
    ------
    SourceAddError
        ``path`` is over ``max_bytes``, not a regular file, or cannot be read.
    """
    try:
        return read_bounded(path, max_bytes, option="--max-bytes")
    except OSError as exc:
        raise SourceAddError(f"cannot read {what} {path}: {exc.strerror or exc}") from None


def _read_manifest(path: Path) -> tuple[str, yaml.MappingNode | None]:
    if not path.exists():
        return "", None
    try:
        text = _read_bounded(path, DEFAULT_LIMITS.max_bytes // 4, "the manifest").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceAddError(f"the manifest {path} is not UTF-8 (byte offset {exc.start}); correct it first") from None
    if not text.strip():
        return "", None
    return text, compose(text, str(path))  # type: ignore[return-value]


def _entries(root: yaml.MappingNode | None) -> list[yaml.MappingNode]:
    seq = get(root, "sources") if root is not None else None
    return [n for n in seq.value if isinstance(n, yaml.MappingNode)] if isinstance(seq, yaml.SequenceNode) else []


def _set_entry(text: str, root: yaml.MappingNode | None, old: yaml.MappingNode | None, entry: dict[str, Any]) -> str:
    if root is None:
        return MANIFEST_HEADER + "sources:\n" + item(entry, "  - ")
    if old is None:
        return append_item(text, root, "sources", entry)
    line_start = text.rfind("\n", 0, old.start_mark.index) + 1
    prefix = text[line_start:old.start_mark.index]
    end = line_end(text, content_end(old, text))
    return text[:line_start] + item(entry, prefix) + text[end:]


def _summary_changes(old: dict[str, Any], new: dict[str, Any], old_text: str | None, new_text: str) -> list[str]:
    out = []
    o_orig, n_orig = old.get("original", {}), new["original"]
    if o_orig.get("sha256") != n_orig["sha256"]:
        out.append(f"original sha256 {str(o_orig.get('sha256'))[:12]}… → {n_orig['sha256'][:12]}… "
                   f"({o_orig.get('bytes', '?')} → {n_orig['bytes']} bytes)")
    o_pages, n_pages = old.get("derived", {}).get("pages", []), new.get("derived", {}).get("pages", [])
    if len(o_pages) != len(n_pages) or [p[1] for p in o_pages] != [p[1] for p in n_pages]:
        out.append(f"pages {len(o_pages)} → {len(n_pages)} (labels {label_ranges([p[1] for p in o_pages])} → "
                   f"{label_ranges([p[1] for p in n_pages])})")
    if old_text is not None and old_text != new_text:
        out.append(f"text {len(old_text):,} → {len(new_text):,} characters; quotes pinned to the old text are "
                   "re-anchored (E308/E309): run 'argmap check --fix'")
    return out


def label_ranges(labels: list[str | None], limit: int = 8) -> str:
    """Page labels as runs: ``[None, "i", "ii", "1", "2", "3"]`` → ``"(none), i–ii, 1–3"``."""
    runs: list[list[str]] = []
    prev: tuple[str, int] | None = None
    for lab in labels:
        key = page_number(lab) if lab is not None else None
        if runs and key is not None and prev is not None and key[0] == prev[0] and key[1] == prev[1] + 1:
            runs[-1].append(str(lab))
        else:
            runs.append([str(lab) if lab is not None else "(none)"])
        prev = key
    shown = [r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    more = f", … ({len(shown) - limit} more runs)" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


# -- the map -----------------------------------------------------------------------------------


def _add_to_map(map_path: Path, source_id: str, rel: str, title: str) -> tuple[bool, bytes | None]:
    """The map's bytes with the source added to ``sources:`` (``None`` when it is there already).
    When the map had one source and none is marked ``default: true``, that first source is marked,
    so that its quotes without ``source:`` still come from it.

    Raises
    ------
    SourceAddError
        The map cannot be read, or another source already has ``source_id``.
    """
    raw = _read_bounded(map_path, DEFAULT_LIMITS.max_bytes, "the map")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceAddError(f"cannot read the map {map_path}: not UTF-8 (byte offset {exc.start})") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    root = compose(text, str(map_path))
    assert isinstance(root, yaml.MappingNode)
    sources = plain(get(root, "sources")) or []
    for s in sources if isinstance(sources, list) else []:
        if isinstance(s, dict) and s.get("path") == rel:
            return False, None
        if isinstance(s, dict) and s.get("id") == source_id:
            raise SourceAddError(f"the map {map_path} already has a source with id {source_id!r} "
                                 f"(path {s.get('path')!r}); give another --id")
    new = append_item(text, root, "sources", {"id": source_id, "path": rel, "title": title})
    if isinstance(sources, list) and len(sources) == 1 and not any(
            isinstance(s, dict) and s.get("default") for s in sources):
        first = get(compose(new, "the edited map"), "sources").value[0]  # type: ignore[union-attr]
        new = insert_key(new, first, "default", True)
    compose(new, "the edited map")  # never write what does not parse
    return True, (bom + new).encode("utf-8")


# -- the command -------------------------------------------------------------------------------


def add_source(file: Path, *, folder: Path, source_id: str | None = None, map_path: Path | None = None,
               encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               limits: PdfLimits | None = None) -> AddReport:
    """Add ``file`` as a source (see the module docstring).

    Parameters
    ----------
    file : Path
        The original: a PDF, or a text file in any encoding. Read, never written.
    folder : Path
        Where ``<id>.txt`` and ``manifest.yaml`` are (created if missing).
    source_id : str, optional
        The source id (default: from the file name, :func:`default_id`).
    map_path : Path, optional
        A map whose ``sources:`` gets the source (path relative to the map).
    encoding : str, optional
        The text file's encoding (default: detected).
    max_bytes : int
        Largest original read, in bytes.
    limits : PdfLimits, optional
        Limits for a PDF (its ``max_bytes`` is replaced by ``max_bytes``).

    Raises
    ------
    UnusableSource
        The file cannot be used, or the source cannot be added as asked; nothing was written.
    OSError
        A file cannot be read or written (nothing is left half-written).
    """
    import dataclasses

    limits = dataclasses.replace(limits or PdfLimits(), max_bytes=max_bytes)
    try:
        return _add(file, folder, _source_id(file, source_id), map_path, encoding, max_bytes, limits)
    except YamlEditError as exc:
        raise SourceAddError(str(exc)) from None


def _add(file: Path, folder: Path, source_id: str, map_path: Path | None, encoding: str | None, max_bytes: int,
         limits: PdfLimits) -> AddReport:
    text_path = folder / f"{source_id}.txt"
    if text_path.resolve() == file.resolve():
        raise SourceAddError(f"the text would be written over the original {file}; give another --id or --folder")
    data = read_original(file, max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    manifest_path = folder / MANIFEST_NAME
    mtext, root = _read_manifest(manifest_path)
    old_node = next((n for n in _entries(root) if plain(get(n, "file")) == text_path.name), None)
    old = plain(old_node) or {}
    old_original = old.get("original") or {}
    current_text = (_read_bounded(text_path, DEFAULT_LIMITS.max_source_bytes, "the text")
                    if text_path.exists() else None)
    if current_text is not None and not old_original:
        raise SourceAddError(f"{text_path} exists and was not made by 'argmap source add'; give another --id")
    if old_original and old_original.get("file") != file.name and old_original.get("sha256") != sha:
        raise SourceAddError(f"{text_path} was made from {old_original.get('file')!r}, not {file.name!r}; give another "
                             "--id (or remove that source first)")
    unchanged = (old_original.get("sha256") == sha and current_text is not None
                 and hashlib.sha256(current_text).hexdigest() == old.get("sha256"))
    if not unchanged:
        got = extract_text(data, file.name, encoding, limits)
        return _write(got, text_path, manifest_path, (mtext, root, old_node, old), current_text, source_id, map_path)
    report = AddReport("unchanged", source_id, text_path, manifest_path, old)
    if map_path is not None:
        title = str(old.get("title") or file.name)
        added, new_map = _add_to_map(map_path, source_id, _rel(text_path, map_path), title)
        if new_map is not None:
            write_atomic(map_path, new_map)
            report.map_added = True
    return report


def _source_id(file: Path, source_id: str | None) -> str:
    """``source_id``, checked, or one made from ``file``'s name; raises :class:`SourceAddError`."""
    if source_id is None:
        made = default_id(file)
        if made is None:
            raise SourceAddError(f"cannot make a source id from the file name {file.name!r}; give one with --id "
                                 "(a letter, then letters, digits, _ . -)")
        return made
    if not SOURCE_ID.match(source_id):
        raise SourceAddError(f"{source_id!r} is not a source id: a letter, then letters, digits, _ . -")
    return source_id


def _write(got: Extracted, text_path: Path, manifest_path: Path,
           manifest: tuple[str, yaml.MappingNode | None, yaml.MappingNode | None, dict[str, Any]],
           current_text: bytes | None, source_id: str, map_path: Path | None) -> AddReport:
    """Write the extracted text, its manifest entry (replacing ``old``) and, with ``map_path``, the
    map's new source: every edit is made and parsed before the first file is written."""
    mtext, root, old_node, old = manifest
    body = got.text.encode("utf-8")
    entry: dict[str, Any] = {"file": text_path.name, "sha256": hashlib.sha256(body).hexdigest()}
    keep = {k: v for k, v in old.items() if k not in ("file", "sha256", "original", "derived")}
    if "title" not in keep and got.title:
        keep["title"] = got.title
    entry.update(keep)
    entry["original"] = got.original
    if got.derived:
        entry["derived"] = got.derived
    new_manifest = _set_entry(mtext, root, old_node, entry)
    compose(new_manifest, "the edited manifest")  # never write what does not parse
    changes = _summary_changes(old, entry, current_text.decode("utf-8", "replace") if current_text else None,
                               got.text) if old else []
    title = str(entry.get("title") or got.original["file"])
    map_bytes = _add_to_map(map_path, source_id, _rel(text_path, map_path), title) if map_path else (False, None)
    write_atomic(text_path, body)
    write_atomic(manifest_path, new_manifest.encode("utf-8"))
    report = AddReport("updated" if old else "added", source_id, text_path, manifest_path, entry, changes)
    if map_bytes[1] is not None:
        write_atomic(map_path, map_bytes[1])  # type: ignore[arg-type]
        report.map_added = True
    return report


def _rel(target: Path, map_path: Path) -> str:
    return Path(os.path.relpath(target.resolve(), map_path.resolve().parent)).as_posix()


def describe(report: AddReport) -> list[str]:
    """Lines that tell the user what :func:`add_source` found and did."""
    e = report.entry
    o, d = e.get("original", {}), e.get("derived", {})
    out = []
    verb = {"added": "added", "updated": "updated", "unchanged": "unchanged (same file as before; nothing written):"}
    out.append(f"{verb[report.status]} {report.source_id}: {o.get('file')} → {report.text_path} "
               f"({o.get('format')}, sha256 {str(o.get('sha256'))[:12]}…)")
    if o.get("format") == "text":
        out.append(f"  encoding {o.get('encoding')} ({o.get('encoding_from')})")
    pages = d.get("pages")
    if pages:
        how = {"pdf": "from the PDF's /PageLabels", "printed": "as printed on the pages",
               "physical": "physical page numbers: the PDF prints no page numbers and has no /PageLabels"}
        unlabelled = sum(1 for p in pages if p[1] is None)
        none = f"; {unlabelled} page(s) without a printed number get no page" if unlabelled else ""
        out.append(f"  {len(pages)} page(s), labels {how[d.get('labels', 'printed')]}: "
                   f"{label_ranges([p[1] for p in pages])}{none}")
    bands = [f"{len(d[k])} {name}" for k, name in (("running_heads", "running head(s) and page number(s)"),
                                                  ("footnotes", "footnote band(s)"), ("markers", "footnote marker(s)"))
             if d.get(k)]
    if bands:
        out.append("  skipped by quote matching: " + ", ".join(bands))
    if d.get("vertical_pages"):
        out.append(f"  {d['vertical_pages']} page(s) of vertical writing, read right to left")
    if d.get("normalised"):
        out.append("  normalised: " + ", ".join(f"{k} {v}" for k, v in d["normalised"].items()))
    out += [f"  changed: {c}" for c in report.changes]
    out.append(f"  registered in {report.manifest_path}")
    if report.map_added:
        out.append(f"  added to the map's sources as {report.source_id!r}")
    return out


__all__ = ["AddReport", "SourceAddError", "add_source", "default_id", "describe", "extract_text", "label_ranges"]
