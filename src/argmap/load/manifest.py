"""The source manifest: ``manifest.yaml`` beside the source texts (schemas/manifest.schema.json).

It describes each text file once: bibliographic data as the text states it, a content hash, and
the ``matching`` block that tells argmap how to normalise the text for quote search (which
patterns are running heads, which digits are footnote markers, where the page markers are). See
docs/anchoring.md for the settings and docs/format.md for the bibliographic fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import regex

from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS, Limits
from argmap.load.loader import _locator, _parse_valid, _read
from argmap.model import Location
from argmap.evidence.sources import DEFAULT_MATCHING, Layout, Matching, PageRule

MANIFEST_NAME = "manifest.yaml"


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One source file's entry: its ``file`` name, recorded ``sha256`` (or ``None``), the compiled
    ``matching`` settings, where the entry is written, and where each of its patterns is written
    (pattern text → location, for ``E313``)."""

    file: str
    sha256: str | None
    matching: Matching
    loc: Location
    patterns: Mapping[str, Location] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    """A loaded manifest: entries by file name, and the diagnostics found while loading it (an
    unusable manifest has no entries; its sources are then matched with the default settings)."""

    path: Path
    entries: Mapping[str, ManifestEntry] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()


#: Manifest ``derived`` keys of stretches matching skips → :class:`argmap.evidence.sources.Ignored` kind.
SPAN_KINDS = {"running_heads": "running head", "footnotes": "footnote band", "markers": "footnote marker"}


def layout(entry: Mapping[str, Any]) -> Layout | None:
    """The :class:`Layout` of a (schema-valid) manifest entry's ``derived`` block, or ``None``."""
    d = entry.get("derived")
    if not d:
        return None
    pages = tuple((int(a), None if label is None else str(label)) for a, label in d.get("pages", ()))
    spans = tuple(sorted((int(a), int(b), kind) for key, kind in SPAN_KINDS.items() for a, b in d.get(key, ())))
    return Layout(tuple(sorted(pages, key=lambda p: p[0])), spans, d.get("labels", "printed"), entry.get("sha256") or "")


def load_manifest(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Load and validate ``path``; never raises for bad content (problems become diagnostics:
    L-codes for unreadable YAML, S-codes for schema violations, S104 for a pattern that is not a
    valid regular expression or a page marker without a ``(?P<page>...)`` group).

    A manifest may be a quarter of ``limits.max_bytes``; its patterns are compiled with the
    ``regex`` module and run with ``limits.regex_timeout`` (:class:`argmap.evidence.sources.Matching`)."""
    got = _read(path, limits.max_bytes // 4)
    if isinstance(got, Diagnostic):
        return Manifest(path, diagnostics=(got,))
    text, file = got
    located = _parse_valid(text, file, "manifest", limits)
    if isinstance(located, tuple):
        return Manifest(path, diagnostics=located[0])
    loc = _locator(located, file)
    problems: list[Diagnostic] = []

    def compile_(pattern: str, p: tuple[Any, ...], group: str | None = None) -> regex.Pattern[str] | None:
        where = loc(p)
        try:
            rx = regex.compile(pattern)
        except (regex.error, ValueError, OverflowError) as exc:
            problems.append(Diagnostic("S104", f"not a valid regular expression: {exc}; see Python's re "
                                       "module syntax", where.file, where.line, where.column))
            return None
        if group and group not in rx.groupindex:
            problems.append(Diagnostic("S104", f"the page marker needs a named group (?P<{group}>...) "
                                       "around the page number", where.file, where.line, where.column))
            return None
        placed.setdefault(pattern, where)
        return rx

    entries: dict[str, ManifestEntry] = {}
    for i, e in enumerate(located.data["sources"]):
        placed: dict[str, Location] = {}
        m = e.get("matching", {})
        base = ("sources", i, "matching")
        foot = tuple(filter(None, (compile_(p, base + ("footnotes", j)) for j, p in enumerate(m.get("footnotes", ())))))
        heads = tuple(filter(None, (compile_(p, base + ("running_heads", j))
                                    for j, p in enumerate(m.get("running_heads", ())))))
        pages = None
        if "pages" in m:
            marker = compile_(m["pages"]["marker"], base + ("pages", "marker"), "page")
            brk = compile_(m["pages"]["break"], base + ("pages", "break"))
            if marker and brk:
                pages = PageRule(marker, brk, m["pages"].get("at", "start"))
        matching = Matching(width=m.get("width", DEFAULT_MATCHING.width),
                            superscripts=m.get("superscripts", DEFAULT_MATCHING.superscripts),
                            footnotes=foot, running_heads=heads, pages=pages, layout=layout(e),
                            timeout=limits.regex_timeout)
        entries.setdefault(e["file"], ManifestEntry(e["file"], e.get("sha256"), matching, loc(("sources", i)), placed))
    return Manifest(path, entries, tuple(problems))
