"""The pages of ``argmap serve``: what ``argmap build`` writes (each map's SVG, DOT and page, the
comparisons, the index), written into a folder again and again as the files change, redrawing
only what changed.

:class:`Site` loads and checks the whole folder on each :meth:`Site.build` (a fraction of a second
for the corpus), then decides per output whether its inputs changed: a map's page by a fingerprint
of the map file, its diagnostics, its sources and manifests and the ids of the maps it can link
to; a comparison by the fingerprints of its two maps and of the issues files; the index, matrix
and classification by their text (written only when it differs). Graphviz, the slow part, runs
only for the pages whose fingerprint changed. A map file that stops loading gets, in place of its
page, a page that lists its diagnostics, until it loads again.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from argmap.checks import check_corpus
from argmap.evidence.sources import SourceText
from argmap.load.corpus import Corpus, load_corpus
from argmap.load.manifest import MANIFEST_NAME
from argmap.model import Map
from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS, Limits
from argmap.output import write_atomic

#: The work every other work is compared with (the corpus's typology source, when none is named).
REFERENCE_WORK = "lin2013"


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _file_sha(path: Path) -> str:
    try:
        return _sha(path.read_bytes())
    except OSError:
        return ""


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` (atomically) unless it already holds exactly that."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def map_html(m: Map, corpus: Corpus, diagnostics: list[Diagnostic], index_href: str | None = "index.html") -> tuple[bytes, str, str]:
    """``(svg, dot, page)`` of map ``m`` as ``argmap build`` writes them (both languages laid out)."""
    import dataclasses

    from argmap.render.graph import build_graph
    from argmap.render.graphviz import engine_for, layout
    from argmap.render.options import RenderOptions
    from argmap.render.viewer import map_page

    opts = RenderOptions()
    graph = build_graph(m, None, corpus.sources)
    svg = layout(graph, "svg", engine_for(graph))
    en = build_graph(m, dataclasses.replace(opts, lang="en"), corpus.sources)
    svg_en = layout(en, "svg", engine_for(en))
    page = map_page(m, corpus, svg.decode("utf-8"), svg_en.decode("utf-8"), diagnostics, index_href)
    return svg, graph.to_string(), page


def problems_page(name: str, file: str, diagnostics: list[Diagnostic]) -> str:
    """The page shown in place of map ``name``'s while its file ``file`` cannot be read as a map:
    its diagnostics, each as ``file:line:col: severity CODE message`` (all text escaped)."""
    items = "\n".join(f'<li class="diag-{html.escape(str(d.severity.value if d.severity else ""))}">'
                      f"{html.escape(str(d))}</li>" for d in diagnostics)
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(name)} — cannot be read</title>\n<style>body{{font-family:sans-serif;margin:2rem;"
            "max-width:60rem}li{margin:.4rem 0;font-family:monospace;white-space:pre-wrap}.diag-error{color:#cf222e}"
            "</style>\n</head>\n<body>\n"
            f'<h1 id="argmap-problems">{html.escape(file)} cannot be read as a map</h1>\n'
            "<p>argmap serve shows this page until the file is fixed; it reloads by itself when the file "
            'is saved. <a href="index.html">index</a></p>\n'
            f'<ul id="argmap-diagnostics">\n{items}\n</ul>\n</body>\n</html>\n')


@dataclass
class Site:
    """Builds ``folder``'s pages into ``out`` (see the module docstring). ``say`` receives one line
    per file written or problem met."""

    folder: Path
    out: Path
    limits: Limits = DEFAULT_LIMITS
    say: Callable[[str], None] = lambda _line: None
    fingerprints: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    watched: set[Path] = field(default_factory=set)

    def build(self) -> list[str]:
        """Load and check the folder, write what changed; the pages written (paths relative to
        ``out``, e.g. ``lin2013.html``)."""
        corpus = load_corpus([self.folder], limits=self.limits)
        diagnostics = check_corpus(corpus)
        changed: list[str] = []
        known = sorted(corpus.known)
        fps = {}
        for m in corpus.maps:
            self.ids[m.file] = m.id
            fps[m.id] = fp = self._fingerprint(m, corpus, [d for d in diagnostics if d.file == m.file], known)
            if self.fingerprints.get(f"{m.id}.html") != fp or not (self.out / f"{m.id}.html").is_file():
                svg, dot, page = map_html(m, corpus, diagnostics)
                write_atomic(self.out / f"{m.id}.svg", svg)
                write_atomic(self.out / f"{m.id}.dot", dot.encode("utf-8"))
                write_atomic(self.out / f"{m.id}.html", page.encode("utf-8"))
                self.fingerprints[f"{m.id}.html"] = fp
                changed += [f"{m.id}.html", f"{m.id}.svg"]
                self.say(f"wrote {m.id}.html and {m.id}.svg")
        changed += self._failed(corpus)
        changed += self._shared(corpus, diagnostics, fps)
        self.watched = self._inputs(corpus)
        return changed

    def _fingerprint(self, m: Map, corpus: Corpus, mine: list[Diagnostic], known: list[str]) -> str:
        sources = []
        for s in m.sources:
            got = corpus.sources.get(s)
            sources.append(got.sha256 if isinstance(got, SourceText) else str(got))
            sources.append(_file_sha(s.path.parent / MANIFEST_NAME))
        return _sha(json.dumps([_file_sha(m.path), [str(d) for d in mine], sources, known]))

    def _failed(self, corpus: Corpus) -> list[str]:
        """Pages of the map files that cannot be read: their diagnostics."""
        out = []
        for f in corpus.failed:
            file = f.diagnostics[0].file if f.diagnostics else "?"
            name = self.ids.get(file) or f.declared_id or Path(file).name.split(".")[0]
            page = problems_page(name, file, list(f.diagnostics))
            if write_if_changed(self.out / f"{name}.html", page):
                self.fingerprints.pop(f"{name}.html", None)
                out.append(f"{name}.html")
                self.say(f"{file} cannot be read: {name}.html lists its problems")
        return out

    def _shared(self, corpus: Corpus, diagnostics: list[Diagnostic], fps: dict[str, str]) -> list[str]:
        """The comparisons, matrix, classification and index."""
        from argmap.render.viewer import index_page

        changed: list[str] = []
        extra: list[tuple[str, str]] = []
        if corpus.issue_sets and not corpus.failed_issues:
            issues_fp = _sha("".join(_file_sha(s.path) for s in corpus.issue_sets))
            links, changed = write_comparisons(corpus, self.out / "compare", self.say, self.fingerprints, fps, issues_fp)
            extra = [(f"compare/{href}", label) for href, label in links]
        if write_if_changed(self.out / "index.html", index_page(corpus, diagnostics, extra)):
            changed.append("index.html")
        return changed

    def _inputs(self, corpus: Corpus) -> set[Path]:
        """The source texts and manifests the maps read (the watcher polls them too)."""
        out: set[Path] = set()
        for m in corpus.maps:
            for s in m.sources:
                out.add(s.path)
                out.add(s.path.parent / MANIFEST_NAME)
        return out


def write_comparisons(corpus: Corpus, out: Path, say: Callable[[str], None] = lambda _l: None,
                      memo: dict[str, str] | None = None, fps: dict[str, str] | None = None,
                      issues_fp: str = "", timeout: float | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """The comparison part of the main job, into ``out``: every pair of works compared (Markdown,
    HTML, and the comparison diagram by issue as SVG with its DOT; the reference work, the source of
    the first typology or :data:`REFERENCE_WORK`, is A in its pairs), the matrix works × issues with
    the agreement heatmap (``matrix.html``, ``agreement.svg``) and the camps by typology. With
    ``memo`` (output → fingerprint) and ``fps`` (map id → fingerprint), a pair whose two maps and
    issues files are unchanged is not drawn again. Returns the links for the index (``(href,
    label)``) and the files written (relative to ``out``'s parent). ``timeout``: the Graphviz layout
    limit in seconds (default :data:`argmap.render.graphviz.LAYOUT_TIMEOUT`)."""
    pairs, stems, written = _write_pairs(corpus, out, say, memo, fps, issues_fp, timeout)
    written += _write_tables(corpus, out, pairs, stems)
    say(f"wrote {out}/matrix.{{md,html}}, {out}/agreement.svg and {out}/classify.{{md,html}}")
    return [("matrix.html", "positions × issues (matrix, agreement heatmap)"), ("agreement.svg", "agreement heatmap"),
            ("classify.html", "camps by typology")] + pairs, written


def _write_pairs(corpus: Corpus, out: Path, say: Callable[[str], None], memo: dict[str, str] | None,
                 fps: dict[str, str] | None, issues_fp: str, timeout: float | None
                 ) -> tuple[list[tuple[str, str]], dict[tuple[str, str], str], list[str]]:
    """Every pair of works compared (see :func:`write_comparisons`): the index links, the page of
    each pair (both orders), the files written."""
    from argmap.compare.pair import compare as run_compare, to_markdown
    from argmap.render.graphviz import layout
    from argmap.render.pages import compare_html
    from argmap.render.rows import build_rows_graph

    issues = dict(corpus.issues)
    typologies = corpus.typologies
    ref_id = typologies[0].source.split("#")[0] if typologies and typologies[0].source else REFERENCE_WORK
    order = sorted(corpus.maps, key=lambda m: m.id != ref_id)  # the reference work first: it is A in its pairs
    pairs: list[tuple[str, str]] = []
    stems: dict[tuple[str, str], str] = {}
    written: list[str] = []
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            c = run_compare(a, b, issues, corpus.known.values())
            stem = f"{a.id}-vs-{b.id}"
            stems[a.id, b.id] = stems[b.id, a.id] = f"{stem}.html"
            pairs.append((f"{stem}.html", f"{a.id} vs {b.id} ({c.agreement:.0%})" if c.agreement is not None
                          else f"{a.id} vs {b.id}"))
            fp = _sha(json.dumps([(fps or {}).get(a.id), (fps or {}).get(b.id), issues_fp]))
            if memo is not None and fps is not None and memo.get(f"compare/{stem}") == fp and (out / f"{stem}.svg").is_file():
                continue
            graph = build_rows_graph(c, links_to="../")
            write_atomic(out / f"{stem}.md", to_markdown(c).encode("utf-8"))
            write_atomic(out / f"{stem}.html", compare_html(c).encode("utf-8"))
            write_atomic(out / f"{stem}.dot", graph.to_string().encode("utf-8"))
            svg = layout(graph, "svg") if timeout is None else layout(graph, "svg", timeout=timeout)
            write_atomic(out / f"{stem}.svg", svg)
            if memo is not None:
                memo[f"compare/{stem}"] = fp
            written.append(f"compare/{stem}.html")
            say(f"wrote {out / stem}.{{md,html,svg,dot}}")
    return pairs, stems, written


def _write_tables(corpus: Corpus, out: Path, pairs: list[tuple[str, str]], stems: dict[tuple[str, str], str]
                  ) -> list[str]:
    """The matrix with the agreement heatmap and the camps by typology (see
    :func:`write_comparisons`); the files written (those whose text changed)."""
    from argmap.compare.agreement import agreement
    from argmap.compare.matrix import matrix, to_markdown as m_md
    from argmap.compare.typology import classify_all, to_markdown as c_md
    from argmap.render.heatmap import agreement_svg
    from argmap.render.pages import classify_html, matrix_html

    issues = dict(corpus.issues)
    mx = matrix(corpus.maps, issues)
    ag = agreement(mx)
    links = {(r, c): stems[row.map.id, col.map.id] for r, row in enumerate(ag.rows) for c, col in enumerate(ag.columns)
             if row.attribution is None and (row.map.id, col.map.id) in stems}
    svg = agreement_svg(ag, links)
    results = classify_all(corpus.maps, corpus.typologies, issues)
    written = []
    for name, text in (("agreement.svg", svg), ("matrix.md", m_md(mx)),
                       ("matrix.html", matrix_html(mx, pairs + [("classify.html", "camps by typology")], svg)),
                       ("classify.md", c_md(results, issues, corpus.maps)),
                       ("classify.html", classify_html(results, issues, corpus.maps))):
        if write_if_changed(out / name, text):
            written.append(f"compare/{name}")
    return written
