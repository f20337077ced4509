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
from argmap.evidence.matching import DEFAULT_MATCHING, Layout, Matching, PageRule

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


#: Largest compiled size of one manifest pattern (see :func:`pattern_size`). The ``regex`` module
#: expands counted repetition when it compiles: ``(?:(?:a{200}){200}){20}`` took 234 MB in 0.3 s and
#: ``(?:(?:a{N}){N}){N}`` with N in the thousands exhausts memory before ``--regex-timeout`` (which
#: bounds matching, not compiling) can act. Real patterns are far below it: the corpus's largest is 25.
MAX_PATTERN_SIZE = 10_000


def pattern_size(pattern: str) -> int:
    """An upper estimate of the number of elements ``regex.compile(pattern)`` builds: every atom
    counts 1 and a counted repeat ``{m}``, ``{m,n}`` or ``{m,}`` multiplies what it repeats by its
    largest count (``m + 1`` for ``{m,}``), through nested groups. ``*``, ``+`` and ``?`` are not
    expanded by the compiler and count 1. Linear in ``len(pattern)``, never raises (a malformed
    pattern is left for the compiler to refuse).

    Returns
    -------
    int
        The estimate (saturated at ``10 * MAX_PATTERN_SIZE``).
    """
    cap = 10 * MAX_PATTERN_SIZE
    stack: list[int] = [0]  # running size of each open group
    last = 0  # size of the last atom or group (what a quantifier applies to)
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            last = 1
            stack[-1] += 1
            continue
        if ch == "[":  # a character class is one atom
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            last = 1
            stack[-1] += 1
            continue
        if ch == "(":
            stack.append(0)
            i += 1
            continue
        if ch == ")":
            inner = stack.pop() if len(stack) > 1 else 0
            last = max(inner, 1)
            stack[-1] = min(cap, stack[-1] + last)
            i += 1
            continue
        if ch == "{":
            j = pattern.find("}", i)
            body = pattern[i + 1:j] if j > 0 else ""
            parts = body.split(",")
            if j > 0 and len(parts) <= 2 and all(p.strip().isdigit() or p.strip() == "" for p in parts) and parts[0].strip():
                counts = [int(p) for p in parts if p.strip().isdigit() and len(p.strip()) <= 9]
                most = max(counts or [1]) + (1 if len(parts) == 2 and not parts[1].strip() else 0)
                stack[-1] = min(cap, stack[-1] + last * (most - 1))
                last = min(cap, last * most)
                i = j + 1
                continue
        last = 1
        stack[-1] = min(cap, stack[-1] + 1)
        i += 1
    return min(cap, sum(stack))


#: Manifest ``derived`` keys of stretches matching skips → :class:`argmap.evidence.matching.Ignored` kind.
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
    return load_manifest_text(text, file, path, limits)


def load_manifest_text(text: str, file: str, path: Path, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """:func:`load_manifest` of ``text`` already read from ``path`` (shown as ``file``)."""
    located = _parse_valid(text, file, "manifest", limits)
    if isinstance(located, tuple):
        return Manifest(path, diagnostics=located[0])
    loc = _locator(located, file)
    problems: list[Diagnostic] = []

    def compile_(pattern: str, p: tuple[Any, ...], group: str | None = None) -> regex.Pattern[str] | None:
        where = loc(p)
        size = pattern_size(pattern)
        if size > MAX_PATTERN_SIZE:
            problems.append(Diagnostic("S104", f"the pattern would expand to about {size:,} elements when "
                                       f"compiled (nested counted repetition such as (?:a{{100}}){{100}}), over the "
                                       f"limit of {MAX_PATTERN_SIZE:,}; use * or + instead of large counts",
                                       where.file, where.line, where.column))
            return None
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
