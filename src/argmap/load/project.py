"""The project file: ``argmap.yaml`` at a project's root (schemas/project.schema.json).

It names the folders of maps and the issues files they share::

    argmap-project: 1
    maps: [arguments, my-maps]
    issues: [arguments/sco.issues.yaml]

With it, the maps of every folder are read together: a map in ``my-maps/`` links to
``lin2013#H`` in ``arguments/``, answers the issues of ``arguments/sco.issues.yaml`` without a copy
beside it, and ``argmap check``, ``compare``, ``classify`` and ``build`` run over all of them
(docs/project.md). Commands find the project file in the current folder or the nearest folder
above it (:func:`find_project`). Paths in it are relative to its folder and must stay inside it
(L010), and must exist (L011): a project someone sends you cannot make argmap read elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argmap.load.loader import _locator, _parse_valid, _read
from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS, Limits

PROJECT_NAME = "argmap.yaml"


@dataclass(frozen=True)
class Project:
    """A loaded project file: its path, its folder (``root``), the map folders and issues files it
    names that exist inside ``root`` (resolved), and the problems found (L-, S- codes; a project
    file that cannot be read has no folders and files)."""

    path: Path
    root: Path
    maps: tuple[Path, ...] = ()
    issues: tuple[Path, ...] = ()
    title: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def usable(self) -> bool:
        """False when the file itself could not be read or is not schema-valid."""
        return not any(d.unusable for d in self.diagnostics)


def find_project(start: Path) -> Path | None:
    """The nearest ``argmap.yaml`` in ``start`` (a folder, or a file's folder) or a folder above it,
    or ``None``."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_NAME
        if candidate.is_file():
            return candidate
    return None


def load_project(path: Path, limits: Limits = DEFAULT_LIMITS) -> Project:
    """Load and validate the project file ``path``; never raises for bad content. A path it names
    that is absolute or resolves outside its folder is L010 and not used; one that does not exist
    (or is not a folder, for ``maps``; not a file, for ``issues``) is L011."""
    root = path.resolve().parent
    got = _read(path, limits.max_bytes // 4)
    if isinstance(got, Diagnostic):
        return Project(path, root, diagnostics=(got,))
    text, file = got
    located = _parse_valid(text, file, "project", limits)
    if isinstance(located, tuple):
        return Project(path, root, diagnostics=located[0])
    loc = _locator(located, file)
    problems: list[Diagnostic] = []

    def place(key: str, i: int, raw: str, folder: bool) -> Path | None:
        where = loc((key, i))
        target = (root / raw).resolve()
        if Path(raw).is_absolute() or not target.is_relative_to(root):
            problems.append(Diagnostic("L010", f"{raw!r} is outside the project's folder {root}; name folders and "
                                       "files inside it (copy or link them in)", where.file, where.line, where.column))
            return None
        if not (target.is_dir() if folder else target.is_file()):
            what = "folder" if folder else "issues file"
            problems.append(Diagnostic("L011", f"no {what} {raw!r} in {root}", where.file, where.line, where.column))
            return None
        return target

    d = located.data
    maps = [p for i, raw in enumerate(d["maps"]) if (p := place("maps", i, raw, True)) is not None]
    issues = [p for i, raw in enumerate(d.get("issues", ())) if (p := place("issues", i, raw, False)) is not None]
    return Project(path, root, tuple(dict.fromkeys(maps)), tuple(dict.fromkeys(issues)), d.get("title"),
                   tuple(problems))


def discover(root: Path, depth: int = 3) -> tuple[list[Path], list[Path]]:
    """The folders under ``root`` (``depth`` levels at most; hidden folders, ``node_modules`` and
    ``__pycache__`` skipped) that hold ``*.argmap.yaml`` directly, outermost first (a folder below
    one already found is left out: folders are searched with their subfolders), and the
    ``*.issues.yaml`` files in them, sorted."""
    import os

    maps: list[Path] = []
    issues: list[Path] = []
    root = root.resolve()
    for here, dirs, files in os.walk(root):
        rel = Path(here).relative_to(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__")
                         and len(rel.parts) < depth)
        if any(f.endswith((".argmap.yaml", ".argmap.yml")) for f in files):
            if not any(Path(here).is_relative_to(m) for m in maps):
                maps.append(Path(here))
            issues += [Path(here) / f for f in sorted(files) if f.endswith((".issues.yaml", ".issues.yml"))]
    return maps, issues


def project_text(maps: list[str], issues: list[str], title: str | None = None, schema_ref: str | None = None) -> str:
    """The text of a new project file (``argmap init``): ``maps`` and ``issues`` as written (relative
    to the project's folder), with a ``$schema`` line when ``schema_ref`` is given."""
    from json import dumps

    out = [f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else "",
           "# argmap project (docs/project.md): the folders of maps and the issues files they share.\n",
           "argmap-project: 1\n"]
    if title:
        out.append(f"title: {dumps(title, ensure_ascii=False)}\n")
    out.append("maps:\n" + "".join(f"  - {dumps(m, ensure_ascii=False)}\n" for m in maps))
    out.append("issues:\n" + "".join(f"  - {dumps(i, ensure_ascii=False)}\n" for i in issues) if issues
               else "issues: []\n")
    return "".join(out)


__all__ = ["PROJECT_NAME", "Project", "discover", "find_project", "load_project", "project_text"]
