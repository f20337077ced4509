"""Who says what in an AIF graph: the speaker an L-node's text names (:func:`speaker`), and the
speakers AIFdb's ``locutions`` and ``participants`` lists name (:func:`participants`).

Both run in time linear in their input, whatever it holds: an L-node's text comes from the file
being imported, and the regular expressions that read it before (``^\\s*(?P<who>[^:\\n]{1,80}?)\\s+:``)
backtracked on a long run of spaces (a 20 KB file took 73 s; issue #19, item 2).
"""

from __future__ import annotations

from typing import Any

#: Longest speaker name read from an L-node's text, in code points.
MAX_SPEAKER = 80
_SAYS = " says '"


def speaker(text: str) -> tuple[str | None, str]:
    """``("VCBrown", "semesterisation is a good idea")`` from AraucariaDB's ``VCBrown says '…'`` or
    AIFdb's ``VCBrown : …``; ``(None, text)`` when the text names no speaker.

    The forms, after leading whitespace (``str.isspace``): a name of 1 to :data:`MAX_SPEAKER` code
    points without ``'`` or a line break, then `` says '``, the words, ``'`` and only whitespace to
    the end; or a name of 1 to 80 code points without ``:`` or a line break, whitespace, ``:``,
    whitespace, the words. The name is returned without surrounding whitespace. Linear in
    ``len(text)``; never raises."""
    s = text.lstrip()
    i = s.find(_SAYS)
    if 1 <= i <= MAX_SPEAKER and "'" not in s[:i] and "\n" not in s[:i]:
        rest = s[i + len(_SAYS):].rstrip()
        if rest.endswith("'"):
            who = s[:i].strip()
            if who:
                return who, rest[:-1]
    j = s.find(":")
    if j > 0:
        before, after = s[:j], s[j + 1:]
        who = before.rstrip()
        if (who and len(who) < len(before) and len(who) <= MAX_SPEAKER and "\n" not in who
                and after[:1].isspace()):
            return who, after.lstrip()
    return None, text


def participants(data: dict[str, Any]) -> dict[str, str]:
    """L-node id → speaker name, from AIFdb's ``locutions`` (personID) and ``participants``.

    Entries that are not JSON objects, and lists that are not lists, are skipped (the importer
    reports them: :func:`argmap.interchange.aif.importer.from_aif`)."""
    people: dict[str, str] = {}
    listed = data.get("participants")
    for p in listed if isinstance(listed, list) else ():
        if isinstance(p, dict) and "participantID" in p:
            name = " ".join(v for v in (p.get("firstname"), p.get("surname")) if isinstance(v, str)).strip()
            if name:
                people[_key(p["participantID"])] = name
    said: dict[str, str] = {}
    listed = data.get("locutions")
    for loc in listed if isinstance(listed, list) else ():
        if isinstance(loc, dict) and _key(loc.get("personID")) in people:
            said[_key(loc.get("nodeID"))] = people[_key(loc["personID"])]
    return said


def _key(value: Any) -> str:
    """An id as the importer keys it: ``str`` of a string or a number (JSON ids come as both)."""
    return value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else repr(value)
