"""A map as a plain document: the inverse of the loader, for exporters and importers.

:func:`map_to_doc` turns a :class:`~argmap.model.Map` back into the nested ``dict``/``list`` form of
``docs/format.md`` (the form the loader reads), leaving out fields that are unset, so that
``load_text(dump_yaml(map_to_doc(m)))`` gives a map equal to ``m`` in everything but source
locations. :func:`dump_yaml` writes such a document as YAML that argmap's strict loader accepts
(no anchors, aliases or tags; keys in the format's order; Unicode kept as text).
"""

from __future__ import annotations

from typing import Any

import yaml

from argmap.model import Attribution, Claim, Evidence, Map, PositionStatement, Source, Work

Doc = dict[str, Any]


def _drop_none(d: Doc, keep: tuple[str, ...] = ()) -> Doc:
    return {k: v for k, v in d.items() if k in keep or (v is not None and v != () and v != [])}


def work_doc(w: Work) -> Doc:
    """``work:`` of the format."""
    return _drop_none({"title": w.title, "title_en": w.title_en,
                       "authors": [_drop_none({"name": a.name, "name_en": a.name_en}) for a in w.authors],
                       "year": w.year, "date": w.date, "kind": w.kind, "institution": w.institution,
                       "venue": w.venue, "advisor": w.advisor, "container_title": w.container_title,
                       "volume": w.volume, "issue": w.issue, "pages": w.pages, "publisher": w.publisher,
                       "publisher_place": w.publisher_place, "doi": w.doi, "url": w.url, "language": w.language,
                       "note": w.note})


def source_doc(s: Source) -> Doc:
    """One ``sources[]`` entry; ``path`` as the map file wrote it (relative to the map)."""
    return _drop_none({"id": s.id, "path": s.raw_path or str(s.path), "title": s.title,
                       "authors": list(s.authors), "year": s.year, "pages": s.pages, "origin": s.origin,
                       "sha256": s.sha256, "note": s.note, "default": True if s.default else None})


def attribution_doc(a: Attribution | None) -> Doc | None:
    """``asserted_by:`` of a claim or position, or ``None``."""
    if a is None:
        return None
    return _drop_none({"author": a.author, "year": a.year, "work": a.work, "map": a.map, "note": a.note})


def evidence_doc(e: Evidence) -> Doc:
    """One ``evidence[]`` entry with its selectors."""
    return _drop_none({"quote": e.quote, "source": e.source.id if e.source else None, "line": e.line,
                       "start": e.start, "end": e.end, "prefix": e.prefix, "suffix": e.suffix,
                       "page": e.page, "page_end": e.page_end, "note": e.note})


def claim_doc(c: Claim, *, evidence: bool = True) -> Doc:
    """One ``claims[]`` entry (``role`` left out when it is the default ``claim``)."""
    return _drop_none({"id": c.id, "role": None if c.role == "claim" else c.role, "text": c.text,
                       "gloss": c.gloss, "section": c.section, "fidelity": c.fidelity,
                       "justification": c.justification, "asserted_by": attribution_doc(c.asserted_by),
                       "evidence": [evidence_doc(e) for e in c.evidence] if evidence else None,
                       "links": [_drop_none({"to": f"{k.map_id}#{k.claim_id}", "relation": k.relation,
                                             "note": k.note}) for k in c.links],
                       "note": c.note})


def position_doc(p: PositionStatement) -> Doc:
    """One ``positions[]`` entry."""
    return _drop_none({"issue": p.issue.id, "position": p.position.id, "claims": [r.id for r in p.claims],
                       "ambiguous": True if p.ambiguous else None,
                       "asserted_by": attribution_doc(p.asserted_by), "note": p.note})


def map_to_doc(m: Map) -> Doc:
    """The whole map as a document of ``docs/format.md`` (``argmap: 1`` first)."""
    return _drop_none({
        "argmap": 1, "id": m.id, "work": work_doc(m.work), "sources": [source_doc(s) for s in m.sources],
        "claims": [claim_doc(c) for c in m.claims],
        "inferences": [_drop_none({"id": f.id, "premises": [p.id for p in f.premises],
                                   "conclusion": f.conclusion.id, "scheme": f.scheme, "note": f.note})
                       for f in m.inferences],
        "attacks": [_drop_none({"id": a.id, "attacker": a.attacker.id, "target": a.target.id, "type": a.type,
                                "note": a.note}) for a in m.attacks],
        "positions": [position_doc(p) for p in m.positions],
        "expect": {x.id: x.label for x in m.expect} or None,
        "note": m.note}, keep=("sources",))


class _Dumper(yaml.SafeDumper):
    """Safe dumper that never writes anchors/aliases (the loader refuses them: L004)."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # multi-line text as a literal block, everything else plain or quoted as YAML needs. Text with
    # a line break other than LF (NEL, LS, PS; CR is always escaped) is double-quoted, where they are
    # escaped as \N, \L, \P: PyYAML writes them raw in single-quoted and block scalars, where YAML
    # folds a NEL into a space, and where a raw LS or PS starts a new line for YAML (and for the
    # line numbers of diagnostics) but not for editors, grep or git
    if any(ch in value for ch in "\x85\u2028\u2029"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value.strip("\n") and not any(ch in value for ch in "\r\t") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(doc: Doc, header: str = "") -> str:
    """YAML text of ``doc`` (UTF-8 ready, keys in insertion order, lines up to 100 columns), after an
    optional ``header`` of comment lines (each must start with ``#``)."""
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
    return header + body
