"""Checks of the issues files of a corpus, run once per corpus (not per map): ids repeated in one
file or defined again in another (a copy of a shared issues file: one R221 per file), and
typologies that name what the issues do not define (R216). Codes: docs/checks.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Mapping

from argmap.model import NOT_ADDRESSED, Issue, Location, Typology
from argmap.model.diagnostics import Diagnostic

if TYPE_CHECKING:
    from argmap.load.corpus import Corpus


def _d(code: str, message: str, loc: Location, file: str) -> Diagnostic:
    return Diagnostic(code, message, loc.file, loc.line, loc.column)


def check_issue_sets(corpus: Corpus) -> Iterator[Diagnostic]:
    """R201 an issue id repeated in one file, duplicate position ids; R221 issues defined again in
    another file (one diagnostic per file, naming them all); R216 typologies that name unknown
    issues or positions."""
    yield from _duplicate_issues(corpus)
    for s in corpus.issue_sets:
        for issue in s.issues:
            ids: set[str] = set()
            for pos in issue.positions:
                if pos.id in ids or pos.id == NOT_ADDRESSED:
                    yield _d("R201", f"position id {pos.id!r} is used twice in issue {issue.id!r} (or is the "
                             "reserved not-addressed)", pos.loc, s.file)
                ids.add(pos.id)
    for s in corpus.issue_sets:
        for t in s.typologies:
            yield from check_typology(t, corpus.issues, s.file)


def check_typology(t: Typology, issues: Mapping[str, Issue], file: str) -> Iterator[Diagnostic]:
    """R216: what makes typology ``t`` (written in ``file``) unusable: an issue, criterion, camp or
    criterion position that ``issues`` does not define, or a rule id used twice. ``argmap classify``
    refuses a typology with any."""
    if t.issue.id not in issues:
        yield _d("R216", f"typology {t.id!r}: issue {t.issue.id!r} is not defined", t.issue.loc, file)
        return
    for c in t.criteria:
        if c.id not in issues:
            yield _d("R216", f"typology {t.id!r}: criterion {c.id!r} is not an issue", c.loc, file)
    criteria = {c.id for c in t.criteria}
    rule_ids: set[str] = set()
    for rule in t.camps:
        if rule.id is not None:
            if rule.id in rule_ids:
                yield _d("R216", f"typology {t.id!r}: rule id {rule.id!r} is used twice", rule.loc, file)
            rule_ids.add(rule.id)
        if rule.camp.id not in issues[t.issue.id].position_ids():
            yield _d("R216", f"typology {t.id!r}: camp {rule.camp.id!r} is not a position of "
                     f"{t.issue.id!r}", rule.camp.loc, file)
        for crit, values in rule.when:
            if crit.id not in criteria:
                yield _d("R216", f"typology {t.id!r}: {crit.id!r} is not one of its criteria", crit.loc, file)
            elif crit.id in issues:
                for v in values:
                    if v not in issues[crit.id].position_ids():
                        yield _d("R216", f"typology {t.id!r}: {v!r} is not a position of {crit.id!r}",
                                 crit.loc, file)


def _duplicate_issues(corpus: Corpus) -> Iterator[Diagnostic]:
    first: dict[str, tuple[Location, str]] = {}  # issue id -> where first defined, in which file
    again: dict[tuple[str, str], list[Issue]] = {}  # (file, first file) -> issues defined again
    for s in corpus.issue_sets:
        for issue in s.issues:
            if issue.id not in first:
                first[issue.id] = (issue.loc, s.file)
            elif first[issue.id][1] == s.file:
                yield _d("R201", f"issue id {issue.id!r} is already defined at {first[issue.id][0]}", issue.loc, s.file)
            else:
                again.setdefault((s.file, first[issue.id][1]), []).append(issue)
    for (file, other), issues in again.items():
        ids = ", ".join(i.id for i in issues[:8]) + (f", … ({len(issues)} in all)" if len(issues) > 8 else "")
        yield _d("R221", f"{len(issues)} issue(s) of this file are already defined in {other} ({ids}); the "
                 f"definitions there are used. Keep one file: remove this copy and name {other} under 'issues:' "
                 "in the project file argmap.yaml (argmap init; docs/project.md)", issues[0].loc, file)


__all__ = ["check_issue_sets", "check_typology"]
