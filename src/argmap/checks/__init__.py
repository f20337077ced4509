"""Checks: functions from a map (and its corpus) to an iterator of diagnostics.

Each check is registered in :data:`MAP_CHECKS` with the codes it may emit; ``docs/checks.md`` lists
every code with a failing example. :func:`check_corpus` runs them all and returns the diagnostics
sorted by file, line and column.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from argmap.load.corpus import MAP_SUFFIXES, Corpus, gc_paused
from argmap.load.loader import printable_name
from argmap.model.diagnostics import Diagnostic
from argmap.model import (FIDELITY, IMPLICIT, INTERPRETATION, PARAPHRASE, QUOTATION, REBUTTAL,
                          RECONSTRUCTION, SUMMARY, UNDERCUT, Location, Map, PositionStatement)
from argmap.checks.issues import check_issue_sets, check_typology
if TYPE_CHECKING:
    import networkx as nx

from argmap.evidence.sources import NearMiss, SourceText, Span, char_diff, format_diff, strip_space
from argmap.evaluate.expect import check_expect

Check = Callable[[Map, Corpus], Iterator[Diagnostic]]


def _d(code: str, message: str, loc: Location | None, file: str) -> Diagnostic:
    if loc is None:
        return Diagnostic(code, message, file)
    return Diagnostic(code, message, loc.file, loc.line, loc.column)


def check_ids(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R201: claims, inferences and attacks share one id space; source ids are their own space.
    R220: more than one source marked ``default: true``."""
    first: dict[str, Location] = {}
    for item in [*m.claims, *m.inferences, *m.attacks]:
        if item.id in first:
            yield _d("R201", f"id {item.id!r} is already used at line {first[item.id].line}; "
                     "give each claim, inference and attack its own id", item.loc, m.file)
        else:
            first[item.id] = item.loc
    seen: dict[str, Location] = {}
    for s in m.sources:
        if s.id in seen:
            yield _d("R201", f"source id {s.id!r} is already used at line {seen[s.id].line}", s.loc, m.file)
        seen.setdefault(s.id, s.loc)
    defaults = [s for s in m.sources if s.default]
    for s in defaults[1:]:
        yield _d("R220", f"source {s.id!r} is marked 'default: true', and so is {defaults[0].id!r} (line "
                 f"{defaults[0].loc.line}); quotes without 'source:' come from one source: keep one mark", s.loc, m.file)


def check_thesis(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R207 no thesis; R208 several theses (a map records one work's one main conclusion)."""
    theses = m.theses
    if not theses:
        yield _d("R207", "no claim has 'role: thesis'; mark the work's main conclusion", m.loc, m.file)
    for extra in theses[1:]:
        yield _d("R208", f"claim {extra.id!r} is a second thesis (first: {theses[0].id!r}); "
                 "keep one thesis and make the other a claim that supports it", extra.loc, m.file)


def check_references(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R202 dangling ids in inferences, attacks and evidence; R206 attack type vs target kind."""
    claims, inferences = m.claims_by_id, m.inferences_by_id
    for inf in m.inferences:
        for r in (*inf.premises, inf.conclusion):
            if r.id not in claims:
                what = "premise" if r is not inf.conclusion else "conclusion"
                hint = " (that is an inference; premises and conclusions are claims)" if r.id in inferences else ""
                yield _d("R202", f"inference {inf.id!r}: {what} {r.id!r} is not a claim in this map{hint}",
                         r.loc, m.file)
    for a in m.attacks:
        if a.attacker.id not in claims:
            yield _d("R202", f"attack {a.id!r}: attacker {a.attacker.id!r} is not a claim in this map",
                     a.attacker.loc, m.file)
        t = a.target.id
        if t in claims:
            if a.type == UNDERCUT:
                yield _d("R206", f"attack {a.id!r} is an undercut but its target {t!r} is a claim; use "
                         "'type: rebuttal', or target the inference it undercuts", a.target.loc, m.file)
        elif t in inferences:
            if a.type == REBUTTAL:
                yield _d("R206", f"attack {a.id!r} is a rebuttal but its target {t!r} is an inference; use "
                         "'type: undercut', or target the claim it denies", a.target.loc, m.file)
        else:
            yield _d("R202", f"attack {a.id!r}: target {t!r} is neither a claim nor an inference in this map",
                     a.target.loc, m.file)
    for c in m.claims:
        for e in c.evidence:
            if e.source is not None and e.source.id not in m.sources_by_id:
                known = ", ".join(repr(s.id) for s in m.sources)
                yield _d("R202", f"claim {c.id!r}: source {e.source.id!r} is not declared in sources "
                         f"(declared: {known})", e.source.loc, m.file)


def check_links(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R203 unknown map, R204 unknown claim, for ``links`` and ``asserted_by.map``."""
    known = corpus.known
    for c in m.claims:
        for link in c.links:
            other = m if link.map_id == m.id else known.get(link.map_id)
            if other is None:
                if link.map_id in corpus.unloadable_ids:
                    pass
                elif link.map_id in corpus.failed_files:
                    yield _d("R203", f"claim {c.id!r} links to map {link.map_id!r}, whose file "
                             f"{corpus.failed_files[link.map_id]} exists but could not be loaded; fix it first "
                             f"(argmap check {corpus.failed_files[link.map_id]})", link.loc, m.file)
                else:
                    yield _d("R203", f"claim {c.id!r} links to map {link.map_id!r}, which is not found; "
                             f"add {link.map_id}{MAP_SUFFIXES[0]} beside this map or fix the id",
                             link.loc, m.file)
            elif link.claim_id not in other.claims_by_id:
                yield _d("R204", f"claim {c.id!r} links to {link.map_id}#{link.claim_id}, but map "
                         f"{link.map_id!r} has no claim {link.claim_id!r}", link.loc, m.file)
        a = c.asserted_by
        if a is not None and a.map and a.map not in known and a.map not in corpus.unloadable_ids and a.map != m.id:
            why = (f"whose file {corpus.failed_files[a.map]} exists but could not be loaded; fix it first"
                   if a.map in corpus.failed_files else "is not found")
            yield _d("R203", f"claim {c.id!r}: asserted_by.map {a.map!r} {why}", c.loc, m.file)


def support_graph(m: Map) -> "nx.DiGraph[str]":
    """Directed graph premise → conclusion over claim ids (edges carry the inference id)."""
    import networkx as nx  # imported on first use: it is a fifth of argmap's start-up

    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_nodes_from(m.claims_by_id)
    claims = m.claims_by_id
    g.add_edges_from((p.id, inf.conclusion.id, {"inference": inf.id}) for inf in m.inferences
                     if inf.conclusion.id in claims for p in inf.premises if p.id in claims)
    return g


def check_cycles(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R205: a claim that (through inferences) supports itself — circular reasoning.

    One diagnostic per strongly connected component of the support graph (Tarjan, via networkx),
    naming one cycle through it, at the first inference of that cycle."""
    import networkx as nx

    g = support_graph(m)
    for component in nx.strongly_connected_components(g):
        node = next(iter(component))
        if len(component) == 1 and not g.has_edge(node, node):
            continue
        cycle = nx.find_cycle(g.subgraph(component), source=min(component))
        path = " → ".join([u for u, _ in cycle] + [cycle[0][0]])
        infs = [g.edges[u, v]["inference"] for u, v in cycle]
        loc = m.inferences_by_id[infs[0]].loc
        yield _d("R205", f"circular support: {path} (inferences {', '.join(dict.fromkeys(infs))}); "
                 "a claim cannot be a reason for itself — remove or redirect one inference", loc, m.file)


def check_connected(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R209: claims with no path (through inferences or attacks, in any direction) to the thesis."""
    if not m.theses:
        return
    import networkx as nx

    g: nx.Graph[str] = nx.Graph()
    claims = m.claims_by_id
    g.add_nodes_from(claims)
    g.add_nodes_from(inf.id for inf in m.inferences)
    g.add_edges_from((inf.id, r.id) for inf in m.inferences for r in (*inf.premises, inf.conclusion)
                     if r.id in claims)
    g.add_edges_from((a.attacker.id, a.target.id) for a in m.attacks if a.attacker.id in g and a.target.id in g)
    reach = nx.node_connected_component(g, m.theses[0].id)
    for c in m.claims:
        if c.id not in reach:
            yield _d("R209", f"claim {c.id!r} is not connected to the thesis {m.theses[0].id!r}; add the "
                     "inference or attack that relates it, or remove it", c.loc, m.file)


def check_supported(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """C401 unsupported claim; C402 implicit premise that carries quotes."""
    for c in m.unsupported_claims():
        yield _d("C401", f"claim {c.id!r} has no evidence and no supporting inference; add a quote, an "
                 "inference that concludes it, or mark it 'role: implicit-premise' with a justification",
                 c.loc, m.file)
    for c in m.claims:
        if c.is_implicit and c.evidence:
            yield _d("C402", f"claim {c.id!r} is an implicit premise but has {len(c.evidence)} quote(s); "
                     "if the work states it, give it 'role: claim'", c.loc, m.file)


def _bare(text: str) -> str:
    """``text`` without whitespace and without a final full stop (。 . ．), in NFC, for C403."""
    return unicodedata.normalize("NFC", strip_space(text).rstrip("。.．"))


def check_fidelity(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """What a claim's ``fidelity`` promises (docs/encoding.md, "Fidelity"):

    C403 ``quotation`` whose text is none of its quotes (whitespace and a final full stop ignored);
    C404 ``summary`` with fewer than two quotes; C405 ``interpretation`` without a ``note`` saying
    why; C406 ``reconstruction`` on a claim that is not an implicit premise, or an implicit premise
    marked otherwise; C407 ``paraphrase`` with no quote (a paraphrase of nothing). A claim without
    ``fidelity`` is not checked here (the summary line counts it as unmarked)."""
    for c in m.claims:
        f = c.fidelity
        if f is None:
            continue
        at = c.fidelity_loc or c.loc
        if f == QUOTATION:
            if not any(_bare(e.quote) == _bare(c.text) for e in c.evidence):
                yield _d("C403", f"claim {c.id!r} is marked 'fidelity: quotation' but its text is none of its "
                         f"{len(c.evidence)} quote(s); make the text one of the quotes word for word, or mark it "
                         "'paraphrase'", at, m.file)
        elif f == SUMMARY:
            if len(c.evidence) < 2:
                yield _d("C404", f"claim {c.id!r} is marked 'fidelity: summary' but has {len(c.evidence)} quote(s); "
                         "a summary condenses two or more passages: quote each, or mark it 'paraphrase'", at, m.file)
        elif f == INTERPRETATION:
            if not c.note:
                yield _d("C405", f"claim {c.id!r} is marked 'fidelity: interpretation' but has no note; say in "
                         "'note:' what in the text the reading rests on and why it is a reading", at, m.file)
        elif f == PARAPHRASE:
            if not c.evidence:
                yield _d("C407", f"claim {c.id!r} is marked 'fidelity: paraphrase' but has no quote; quote the "
                         "passage it restates, or mark it 'summary' or 'interpretation'", at, m.file)
        if (f == RECONSTRUCTION) != c.is_implicit:
            if c.is_implicit:
                msg = (f"claim {c.id!r} is an implicit premise but is marked 'fidelity: {f}'; an implicit premise "
                       "is the encoder's reconstruction: mark it 'fidelity: reconstruction'")
            else:
                msg = (f"claim {c.id!r} is marked 'fidelity: reconstruction' but is not an implicit premise; give it "
                       f"'role: {IMPLICIT}' with a justification, or mark what the text says")
            yield _d("C406", msg, at, m.file)


def fidelity_counts(maps: Iterable[Map]) -> dict[str, int]:
    """Claims per fidelity value over ``maps``, in the order of :data:`~argmap.model.FIDELITY`, then
    ``unmarked`` (claims without ``fidelity``); values with no claim are left out."""
    counts = Counter(c.fidelity or "unmarked" for m in maps for c in m.claims)
    return {k: counts[k] for k in (*FIDELITY, "unmarked") if counts[k]}


def check_map_id(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R211: the map id should equal the file name without ``.argmap.yaml``."""
    name = m.path.name
    for suffix in MAP_SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)] != m.id:
            yield _d("R211", f"map id {m.id!r} differs from the file name '{printable_name(name)}'; rename the file to "
                     f"{m.id}{suffix} so other maps can find it", m.id_loc, m.file)


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _near_message(near: NearMiss | None, path: str) -> str:
    if near is None:
        return "; no passage is similar; copy the quote exactly from the source"
    s = near.span
    kind = {"variant": "a Simplified or variant character (OpenCC s2tw)",
            "footnote": "footnote digits", "punctuation": "punctuation",
            "insertion": "the source has more text inside the passage (an undeclared running head or footnote? "
                         "see the manifest's matching settings in docs/anchoring.md)"}.get(near.kind)
    msg = (f"; closest passage ({near.similarity:.1f}% similar) at {path}:{s.line}:{s.column} "
           f"(characters {s.start}-{s.end}): 「{_short(near.passage, 60)}」; differences (quote→source): "
           f"{format_diff(near.diff)}")
    if kind:
        msg += f" — {kind}"
    if replaceable(near):
        msg += "; 'argmap check --fix --fix-quotes' replaces the quote with this passage"
    elif not near.unique:
        msg += "; other passages are as close, so it is not replaced automatically"
    return msg


#: A near miss at least this similar (percent), and unique, may replace the quote (--fix-quotes).
FIX_QUOTE_SIMILARITY = 90.0


def replaceable(near: NearMiss | None) -> bool:
    """True when ``--fix-quotes`` may replace a quote by this near miss: it is unique and at least
    :data:`FIX_QUOTE_SIMILARITY` percent similar."""
    return near is not None and near.unique and near.similarity >= FIX_QUOTE_SIMILARITY


def _normalisation_differences(quote: str, text: SourceText, span: Span) -> str:
    """What the quote and ``text[span]`` differ in besides whitespace and ignored stretches."""
    return format_diff(char_diff(strip_space(quote), strip_space(text.visible(span.start, span.end))))


def check_evidence(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """Source files (E302, E303, E308, E311, E313, E314) and each quote (E301, E304–E307, E309, E310, E312,
    E313).

    Each quote is resolved by :func:`argmap.evidence.anchoring.resolve`: exact search with whitespace
    ignored, then normalised search (the source manifest's settings), then the near-miss search
    for the quotes found by neither. See docs/anchoring.md."""
    texts: dict[str, SourceText] = {}
    for s in m.sources:
        got = corpus.sources.get(s)
        if isinstance(got, SourceText):
            texts[s.id] = got
            if s.sha256 and s.sha256 != got.sha256:
                yield _d("E308", f"source {s.id!r} ({s.raw_path}) changed since its quotes were pinned "
                         f"(sha256 {s.sha256[:12]}… recorded, {got.sha256[:12]}… now); quotes are re-anchored by "
                         "their prefix and suffix; 'argmap check --fix' records the new hash", s.loc, m.file)
        else:
            code, reason = got
            yield _d(code, f"source {s.id!r}: {s.raw_path} ({s.path}): {reason}; the path is relative to "
                     "the map file", s.path_loc or s.loc, m.file)
    for c in m.claims:
        for e in c.evidence:
            src = m.source_of(e)
            if src is None:
                if e.source is None:
                    yield _d("E304", f"claim {c.id!r}: the quote names no source and the map has "
                             f"{len(m.sources)} with no default; add 'source:' with one of "
                             + ", ".join(repr(s.id) for s in m.sources) + ", or mark the source most quotes "
                             "come from 'default: true' ('argmap check --fix' adds 'source:' to each quote "
                             "found in exactly one source)", e.loc, m.file)
                continue  # an unknown source id is R202
            text = texts.get(src.id)
            if text is None:
                continue
            r = corpus.sources.resolution(e, text, src.sha256)
            path = src.raw_path
            if r.refused:
                code, reason = r.refused
                yield _d(code, f"claim {c.id!r}: {reason}", e.loc, m.file)
                continue
            if r.status == "not-found":
                yield _d("E301", f"claim {c.id!r}: quote 「{_short(e.quote)}」 does not occur in {path} "
                         f"(even with whitespace ignored and the text normalised){_near_message(r.near, path)}", e.loc, m.file)
                continue
            if r.status == "ambiguous" and r.locator:
                yield _d("E305", f"claim {c.id!r}: {r.locator}", e.loc, m.file)
                continue
            if r.status == "ambiguous":
                where = ", ".join(f"{path}:{s.line}:{s.column}" for s in r.occurrences[:12])
                more = f" and {len(r.occurrences) - 12} more" if len(r.occurrences) > 12 else ""
                yield _d("E306", f"claim {c.id!r}: quote 「{_short(e.quote)}」 occurs {len(r.occurrences)} times "
                         f"in {path}: {where}{more}; pin one with 'line:' (or start/end), or quote a longer passage", e.loc, m.file)
                continue
            if r.locator:
                code = "E309" if r.moved else "E305"
                fix = "; 'argmap check --fix' rewrites the selectors" if r.span else ""
                yield _d(code, f"claim {c.id!r}: {r.locator}{fix}", e.loc, m.file)
            assert r.span is not None
            at = f"{path}:{r.span.line}:{r.span.column}"
            if r.level == "normalised":
                differ = _normalisation_differences(e.quote, text, r.span)
                if differ:
                    yield _d("E307", f"claim {c.id!r}: quote found at {at} only after normalisation; it differs "
                             f"from the source in {differ} (quote→source)", e.loc, m.file)
            for g in text.ignored_within(r.span.start, r.span.end):
                if g.derived and g.kind != "footnote marker" and r.level != "exact":
                    continue  # a page break (page_end says so), not something inside the author's sentence
                gl, gc = text.line_col(g.start)
                if r.level == "exact":
                    yield _d("E310", f"claim {c.id!r}: the quote includes the {g.kind} 「{g.text.strip()}」 "
                             f"({path}:{gl}:{gc}), which is not the author's text; leave it out", e.loc, m.file)
                else:
                    yield _d("E310", f"claim {c.id!r}: the quote at {at} spans the {g.kind} 「{g.text.strip()}」 "
                             f"({path}:{gl}:{gc}), which matching skips", e.loc, m.file)


def check_duplicate_map_ids(corpus: Corpus) -> Iterator[Diagnostic]:
    """R210: two map files with the same id make cross-map references ambiguous."""
    first: dict[str, str] = {}
    for m in corpus.maps:
        if m.id in first:
            yield _d("R210", f"map id {m.id!r} is also declared by {first[m.id]}; map ids must be unique",
                     m.id_loc, m.file)
        first.setdefault(m.id, m.file)


def check_positions(m: Map, corpus: Corpus) -> Iterator[Diagnostic]:
    """R212 unknown issue, R213 unknown position, R202 unknown claim, R215 conflicting positions,
    R214 (warning) an issue of the corpus on which the map states no position of its own; for a
    position shown by absence (``by_absence`` in the issues file), R217 when none of its claims is the
    work's own quoted claim showing the framing, R218 when it has no note saying what is left out."""
    issues = corpus.issues
    broken = bool(corpus.failed_issues)  # an issues file that failed to load is reported already
    seen: dict[tuple[str, str | None], list[PositionStatement]] = {}
    for p in m.positions:
        issue = issues.get(p.issue.id)
        if issue is None:
            if not broken:
                known = ", ".join(sorted(issues)) or "none: add an *.issues.yaml file beside the map"
                yield _d("R212", f"issue {p.issue.id!r} is not defined (issues: {known})", p.issue.loc, m.file)
        elif p.position.id not in issue.position_ids():
            allowed = ", ".join(sorted(issue.position_ids()))
            yield _d("R213", f"{p.position.id!r} is not a position of issue {issue.id!r}; use one of {allowed}",
                     p.position.loc, m.file)
        elif any(q.id == p.position.id and q.by_absence for q in issue.positions):
            yield from _absence(m, p)
        for c in p.claims:
            if c.id not in m.claims_by_id:
                yield _d("R202", f"position on {p.issue.id!r}: claim {c.id!r} is not a claim in this map",
                         c.loc, m.file)
        seen.setdefault((p.issue.id, p.holder), []).append(p)
    for (issue_id, holder), statements in seen.items():
        if len(statements) > 1 and not all(s.ambiguous for s in statements):
            who = f"{holder}'s" if holder else "the work's own"
            for s in statements[1:]:
                yield _d("R215", f"{who} position on {issue_id!r} is given {len(statements)} times; keep one, or "
                         "mark every reading 'ambiguous: true'", s.issue.loc, m.file)
    if issues and not broken:
        own = {p.issue.id for p in m.positions if p.asserted_by is None}
        for issue_id in issues:
            if issue_id not in own:
                yield _d("R214", f"the map states no position on issue {issue_id!r}; add one under 'positions' "
                         "(or 'position: not-addressed')", m.loc, m.file)


def _absence(m: Map, p: PositionStatement) -> Iterator[Diagnostic]:
    """R217/R218 for a statement of a position shown by absence (see :func:`check_positions`)."""
    what = f"position {p.position.id!r} on {p.issue.id!r}"
    framing = [c for r in p.claims if (c := m.claims_by_id.get(r.id)) is not None
               and c.evidence and c.asserted_by is None and not c.is_implicit]
    if not framing:
        named = ", ".join(r.id for r in p.claims) or "none"
        yield _d("R217", f"{what} is shown by what the work leaves out, so it must name the claims that show the "
                 f"work's framing: claims of the work's own (no asserted_by, not implicit) with quotes (named: "
                 f"{named}); without them it cannot be told from not-addressed", p.position.loc, m.file)
    if not p.note:
        yield _d("R218", f"{what} is shown by what the work leaves out; say in 'note:' what is left out and where "
                 "the work would have had to say it (with lines)", p.position.loc, m.file)


#: Checks run on every map, in order.
MAP_CHECKS: tuple[Check, ...] = (check_ids, check_thesis, check_references, check_links, check_cycles,
                                 check_connected, check_supported, check_fidelity, check_map_id, check_evidence,
                                 check_positions, check_expect)


def check_corpus(corpus: Corpus, checks: Iterable[Check] = MAP_CHECKS,
                 progress: Callable[[int, int], None] | None = None) -> list[Diagnostic]:
    """All diagnostics for a corpus: load failures, then every check on every loaded map, sorted.
    ``progress``, if given, is called as ``progress(maps_checked, maps_in_all)`` after each map."""
    out = list(corpus.load_diagnostics)
    out += check_duplicate_map_ids(corpus)
    out += check_issue_sets(corpus)
    checks = tuple(checks)
    with gc_paused():  # the checks' objects are acyclic; see corpus.gc_paused
        for done, m in enumerate(corpus.maps, 1):
            for check in checks:
                out.extend(check(m, corpus))
            if progress is not None:
                progress(done, len(corpus.maps))
    out += corpus.sources.diagnostics  # manifests, read while checking evidence
    return sorted(out, key=Diagnostic.sort_key)


def check_counts(diagnostics: Iterable[Diagnostic]) -> Counter[str]:
    """Number of diagnostics per severity value (``error``, ``warning``, ``info``)."""
    return Counter(d.severity.value for d in diagnostics if d.severity is not None)
