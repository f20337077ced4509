"""The real corpus in arguments/: it checks clean, meets its minimum depth, and its renders are current."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from argmap.checks import check_corpus
from argmap.load.corpus import load_corpus
from argmap.render.dot import to_dot

ROOT = Path(__file__).resolve().parent.parent
ARGUMENTS = ROOT / "arguments"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus([ARGUMENTS])


def test_corpus_checks_clean(corpus):
    diagnostics = check_corpus(corpus)
    assert diagnostics == []
    assert not corpus.failed
    assert {m.id for m in corpus.maps} >= {"lin2013"}


def test_lin2013_covers_the_thesis_at_depth(corpus):
    m = next(m for m in corpus.maps if m.id == "lin2013")
    assert len(m.claims) >= 30
    assert sum(len(c.evidence) for c in m.claims) >= 40
    assert len(m.theses) == 1 and "有限平衡" in m.theses[0].text
    attributed = [c for c in m.claims if c.asserted_by is not None]
    assert len({c.asserted_by.author for c in attributed}) >= 2
    attacked = {a.target.id for a in m.attacks}
    assert any(c.id in attacked for c in attributed)  # 002 attacks positions it reports
    assert any(i.linked for i in m.inferences)


def test_source_texts_are_unchanged_copies():
    manifest = yaml.safe_load((ARGUMENTS / "sources" / "manifest.yaml").read_text(encoding="utf-8"))
    files = {s["file"] for s in manifest["sources"]}
    assert files == {p.name for p in (ARGUMENTS / "sources").glob("*.txt")}
    for s in manifest["sources"]:
        data = (ARGUMENTS / "sources" / s["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == s["sha256"], s["file"]


def test_committed_renders_are_current(corpus):
    """renders/<id>.dot must equal what the map renders to now: run `argmap build` after editing a map."""
    for m in corpus.maps:
        committed = ROOT / "renders" / f"{m.id}.dot"
        assert committed.exists(), f"{committed} missing: run argmap build arguments/ --out renders/"
        assert committed.read_text(encoding="utf-8") == to_dot(m, None, corpus.sources), f"{committed} is stale"
        assert (ROOT / "renders" / f"{m.id}.svg").exists()


def test_readme_example_is_a_true_excerpt_of_lin2013():
    """The README's map excerpt must quote the real map (ids, claim texts, quotes, inferences, attacks)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    excerpt = yaml.safe_load(block)
    real = yaml.safe_load((ARGUMENTS / "lin2013.argmap.yaml").read_text(encoding="utf-8"))
    claims = {c["id"]: c for c in real["claims"]}
    for c in excerpt["claims"]:
        assert claims[c["id"]]["text"] == c["text"]
        real_quotes = [e["quote"] for e in claims[c["id"]].get("evidence", [])]
        for e in c.get("evidence", []):
            assert any(e["quote"] in q for q in real_quotes), e["quote"]
    real_edges = {(i["id"], tuple(i["premises"]), i["conclusion"]) for i in real["inferences"]}
    assert {(i["id"], tuple(i["premises"]), i["conclusion"]) for i in excerpt["inferences"]} <= real_edges
    real_attacks = {tuple(sorted(a.items())) for a in real["attacks"]}
    assert {tuple(sorted(a.items())) for a in excerpt["attacks"]} <= {tuple(sorted(
        (k, v) for k, v in a if k in ("id", "attacker", "target", "type"))) for a in real_attacks}


def test_every_work_states_a_position_on_every_issue(corpus):
    issues = corpus.issues
    assert set(issues) == {"balancing", "us-expansion", "sco-aimed-at-us", "new-security-concept", "limited",
                           "nine-eleven", "central-asia-value"}
    for m in corpus.maps:
        own = {p.issue.id for p in m.positions if p.asserted_by is None}
        assert own == set(issues), m.id
        for p in m.positions:  # every stated position rests on claims that have quotes or support
            for ref in p.claims:
                c = m.claims_by_id[ref.id]
                assert c.evidence or c.id in m.supported_claim_ids(), (m.id, c.id)


def test_lin2013_literature_review_is_data(corpus):
    """Every work 002 sorts into a camp is an attributed position with that camp (ch. 2 §3)."""
    m = next(m for m in corpus.maps if m.id == "lin2013")
    cited = {c.id for c in m.claims if c.id.startswith("lit-") and c.asserted_by and c.asserted_by.year}
    placed = {r.id for p in m.positions if p.asserted_by and p.issue.id == "balancing" for r in p.claims}
    assert cited and cited <= placed
    camps = {p.position.id for p in m.positions if p.asserted_by and p.issue.id == "balancing"}
    assert camps == {"non-balancing", "low-balancing", "high-balancing"}
    typology = next(t for t in corpus.typologies if t.id == "lin2013-camps")
    assert {r.camp.id for r in typology.camps} == camps


def test_every_corpus_quote_is_pinned_by_its_selectors(corpus):
    """Issue #3: every quote carries a TextPositionSelector and a TextQuoteSelector that agree with
    the source text as Python indexes it, and every source its current hash."""
    from argmap.evidence.sources import strip_space

    count = 0
    for m in corpus.maps:
        for s in m.sources:
            assert s.sha256 == hashlib.sha256(s.path.read_bytes()).hexdigest(), (m.id, s.id)
        for c in m.claims:
            for e in c.evidence:
                src = m.source_of(e)
                text = src.path.read_bytes().decode("utf-8")
                assert None not in (e.line, e.start, e.end, e.prefix, e.suffix), (m.id, c.id, e.quote)
                assert text.count("\n", 0, e.start) + 1 == e.line
                passage = strip_space(text[e.start:e.end])
                assert passage[0] == strip_space(e.quote)[0] and passage[-1] == strip_space(e.quote)[-1]
                assert strip_space(text[:e.start]).endswith(e.prefix)
                assert strip_space(text[e.end:]).startswith(e.suffix)
                count += 1
    assert count >= 650


def test_quotes_on_marked_pages_carry_the_page(corpus):
    m = next(m for m in corpus.maps if m.id == "gpr33-2011")
    pages = {e.page for c in m.claims for e in c.evidence}
    assert {145, 149} <= pages
    for c in m.claims:
        for e in c.evidence:
            if e.page == 145:
                assert 1009 <= e.line <= 1037  # from the running head to the next page break
