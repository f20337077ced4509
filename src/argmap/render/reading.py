"""Reading aids: a claim with its reasons, objections and quotes in context (``argmap show``), and a
ready-to-paste evidence entry for a passage of a source (``argmap quote``).

Both return plain text; the CLI only prints it. Quoted passages are marked 【like this】, so the
mark survives copying into a paper or a file; the CLI also makes it bold on a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.evidence.anchoring import Resolution, resolve
from argmap.load.corpus import Corpus, SourceCache
from argmap.edit.evidence_add import evidence_fields
from argmap.edit.fix import yaml_scalar
from argmap.output.places import quote_location
from argmap.model import Claim, Evidence, Location, Map, Source
from argmap.evidence.sources import SourceText, Span, format_diff

OPEN, CLOSE = "【", "】"


def _claim_line(m: Map, claim_id: str, indent: str = "    ") -> str:
    c = m.claims_by_id.get(claim_id)
    if c is None:
        return f"{indent}{claim_id}  (not in this map)"
    role = {"thesis": "  [thesis]", "implicit-premise": "  [implicit premise]"}.get(c.role, "")
    who = f"  〔{c.asserted_by.label()}〕" if c.asserted_by else ""
    return f"{indent}{c.id}{role}{who}  {c.text}"


@dataclass(frozen=True)
class QuoteInContext:
    """A quote where its source has it (:func:`quote_in_context`).

    Attributes
    ----------
    source : Source or None
        The source the map names for the quote (``None``: the map does not say which).
    resolution : Resolution or None
        Where the quote was found (``None``: the source cannot be read, or is unknown).
    span : Span or None
        The occurrence shown (``None`` unless ``resolution.status == "found"``).
    before, passage, after : str
        The passage as the source has it, with the sentences around it (line breaks between CJK
        characters joined); empty unless found.
    page, page_end : int, str or None
        The printed page where the passage starts, and where it ends when that is another page
        (``None`` when unknown, or for ``page_end`` the same page).
    """

    source: Source | None
    resolution: Resolution | None = None
    span: Span | None = None
    before: str = ""
    passage: str = ""
    after: str = ""
    page: int | str | None = None
    page_end: int | str | None = None


def quote_in_context(m: Map, e: Evidence, sources: SourceCache, sentences: int = 1) -> QuoteInContext:
    """Quote ``e`` of map ``m`` found in its source and cut out with ``sentences`` sentences of
    context on either side (a sentence ends at 。！？!?； or a paragraph break): what ``argmap show``
    prints and the map page shows. The quote is resolved once per run (``sources.resolution``;
    no near-miss search). Never raises."""
    src = m.source_of(e)
    text = sources.get(src) if src is not None else None
    if src is None or not isinstance(text, SourceText):
        return QuoteInContext(src)
    r = sources.resolution(e, text, src.sha256, near=False)
    if r.span is None:
        return QuoteInContext(src, r)
    s = r.span
    before, passage, after = text.context(s.start, s.end, sentences)
    return QuoteInContext(src, r, s, before, passage, after, *text.page_span(s.start, s.end))


def show_claim(m: Map, corpus: Corpus, claim_id: str, sentences: int = 1) -> str:
    """The claim ``claim_id`` of ``m``: text, gloss, attribution, the inferences that support it and
    those it supports, its attackers, the positions it establishes, and each quote with ``sentences``
    sentences of source context on either side, its ``file:line:col``, offsets and page.

    Raises
    ------
    KeyError
        ``claim_id`` is not a claim of ``m``.
    """
    c: Claim = m.claims_by_id[claim_id]
    out = [f"{m.id}#{c.id}  ({c.role}{'; ' + c.section if c.section else ''})", f"  {c.text}", f"  {c.gloss}"]
    if c.asserted_by:
        a = c.asserted_by
        out.append(f"  asserted by {a.label()}{' — ' + a.work if a.work else ''} (the work reports this claim)")
    if c.justification:
        out.append(f"  implicit premise, because: {c.justification}")
    reasons = m.reasons_for(c.id)
    if reasons:
        out.append("Reasons (inferences concluding it):")
        for f in reasons:
            kind = "linked premises" if len(f.premises) > 1 else "premise"
            out.append(f"  {f.id} ({kind})")
            out += [_claim_line(m, p.id) for p in f.premises]
    supports = m.supported_by(c.id)
    if supports:
        out.append("Supports:")
        out += [f"  {f.id} → " + _claim_line(m, f.conclusion.id, "").strip() for f in supports]
    attacks = m.objections_to(c.id)
    if attacks:
        out.append("Objections:")
        for a in attacks:
            out.append(f"  {a.id} ({a.type} of {a.target.id})")
            out.append(_claim_line(m, a.attacker.id))
    attacked = m.attacks_by(c.id)
    if attacked:
        out.append("Attacks:")
        out += [f"  {a.id} ({a.type}) → {a.target.id}" for a in attacked]
    positions = m.positions_of(c.id)
    if positions:
        out.append("Positions:")
        out += [f"  {p.issue.id} = {p.position.id}" + (f" (held by {p.holder})" if p.holder else "")
                for p in positions]
    if c.links:
        out.append("Links:")
        out += [f"  {k.relation} {k.map_id}#{k.claim_id}" for k in c.links]
    if c.evidence:
        out.append("Evidence:")
    for i, e in enumerate(c.evidence, 1):
        q = quote_in_context(m, e, corpus.sources, sentences)
        r, s = q.resolution, q.span
        if q.source is None or r is None:
            out.append(f"  [{i}] 「{e.quote}」 (source not readable)")
            continue
        if s is None:
            what = "not found" if r.status == "not-found" else f"occurs {len(r.occurrences)} times, not pinned"
            out.append(f"  [{i}] {q.source.raw_path}: 「{e.quote}」 ({what}; run argmap check)")
            continue
        cite = quote_location(m, e, line=s.line, page=q.page, page_end=q.page_end)
        out.append(f"  [{i}] {cite} — {q.source.raw_path}:{s.line}:{s.column} (characters {s.start}-{s.end})")
        out.append(f"      {q.before}{OPEN}{q.passage}{CLOSE}{q.after}")
        if e.note:
            out.append(f"      note: {e.note}")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class QuoteResult:
    """What ``argmap quote`` prints (``text``), whether the passage was found (``found``), and the
    occurrences found (``spans``; one when it is pinned, none when not found)."""

    text: str
    found: bool
    spans: tuple[Span, ...] = ()


def evidence_entry(text: SourceText, span: Span, source_id: str | None = None) -> str:
    """A YAML list item for ``map.claims[].evidence`` pinning ``text[span]``: the passage as the
    source has it (ignored markers left out, line breaks joined, radical look-alikes such as ⺠
    given as the unified ideographs they stand for), then ``source`` (when given), ``line``,
    ``start``, ``end``, ``page`` and ``page_end`` (when known), ``prefix`` and ``suffix``."""
    fields = evidence_fields(text, span, source_id).items()
    return "".join(("- " if i == 0 else "  ") + f"{k}: {yaml_scalar(v)}\n" for i, (k, v) in enumerate(fields))


def _pages(text: SourceText, span: Span) -> str:
    """`` (page 3)``, `` (pages 3–4)``, with what the labels are when they are not printed ones."""
    page, page_end = text.page_span(span.start, span.end)
    if page is None:
        return ""
    where = f"pages {page}–{page_end}" if page_end is not None else f"page {page}"
    if text.layout is not None and text.layout.labels == "physical":
        where += ", physical: the source prints no page numbers"
    return f" ({where})"


def find_quote(text: SourceText, path: str, passage: str, source_id: str | None = None,
               limit: int = 10, *, max_quote: int = 10_000) -> QuoteResult:
    """Search ``passage`` in ``text`` (exact, normalised, then near miss) and format the evidence
    entries: one per occurrence (the first ``limit``; the lines of the rest in a comment), each
    headed by a YAML comment with ``path:line:col``. A passage longer than ``max_quote`` code points
    is not searched (``found`` is False and the text says why)."""
    if len(passage) > max_quote:
        return QuoteResult(f"# not searched: the passage is {len(passage):,} characters, over the limit of "
                           f"{max_quote:,} (--max-quote)\n", False)
    r: Resolution = resolve(Evidence(passage, Location(path, 0, 0)), text, max_quote=max_quote)
    if r.status == "not-found":
        if r.near is None:
            return QuoteResult(f"# not found in {path}, and no passage is similar\n", False)
        n = r.near
        head = (f"# not found in {path}; closest passage ({n.similarity:.1f}% similar) at {path}:{n.span.line}:"
                f"{n.span.column}; differences (yours→source): {format_diff(n.diff)}\n")
        return QuoteResult(head + evidence_entry(text, n.span, source_id), False)
    spans = (r.span,) if r.span else r.occurrences
    out = []
    for k, s in enumerate(spans[:limit], 1):
        how = "found" if r.level == "exact" else "found after normalisation"
        count = f" (occurrence {k} of {len(spans)})" if len(spans) > 1 else ""
        out.append(f"# {how} at {path}:{s.line}:{s.column}{_pages(text, s)}{count}\n" + evidence_entry(text, s, source_id))
    if len(spans) > limit:
        out.append(f"# … and {len(spans) - limit} more occurrences (lines {', '.join(str(s.line) for s in spans[limit:])}); "
                   "quote a longer passage to pin one\n")
    return QuoteResult("".join(out), True, tuple(spans))
