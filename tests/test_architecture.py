"""The package's stages and the directions their imports may take (docs/architecture.md).

Each subpackage of ``argmap`` is a stage; a stage may import only the stages listed for it
below (and the standard library and third-party packages). The test reads every module's
``import`` statements with :mod:`ast`, including imports inside functions, so a new upward
import fails here before anyone has to notice it in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "argmap"

#: stage -> the stages it may import (besides itself). Lower stages never import higher ones.
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "output": {"model"},
    "evidence": {"model", "output"},
    "load": {"model", "output", "evidence"},
    "checks": {"model", "output", "evidence", "load", "evaluate"},
    "edit": {"model", "output", "evidence", "load", "checks"},
    "compare": {"model", "output"},
    "evaluate": {"model", "output", "evidence", "load"},
    "render": {"model", "output", "evidence", "load", "checks", "edit", "compare", "evaluate"},
    "interchange": {"model", "output", "evidence", "load"},
    "lsp": {"model", "output", "evidence", "load", "checks", "edit", "compare", "render", "interchange", "evaluate"},
    "serve": {"model", "output", "evidence", "load", "checks", "edit", "compare", "render", "interchange", "evaluate"},
    "cli": {"model", "output", "evidence", "load", "checks", "edit", "compare", "render", "interchange", "lsp",
            "serve", "evaluate"},
}
#: top-level modules of the package that are not stages: what they may import
TOP_LEVEL = {"__init__": set(), "__main__": {"cli"}}


def stage_of(module: Path) -> str:
    rel = module.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_stages(module: Path) -> list[tuple[str, int]]:
    """The argmap stages ``module`` imports, each with the 1-based line of the import."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}:{node.lineno}: use absolute imports (argmap.stage.module)"
            names = [node.module or ""]
            if node.module == "argmap":  # from argmap import stage
                names = [f"argmap.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "argmap" and len(parts) > 1 and parts[1] not in ("__version__", "FORMAT_VERSION"):
                out.append((parts[1], node.lineno))
    return out


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_subpackage_is_a_known_stage():
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages == set(ALLOWED), "a new subpackage needs its place in ALLOWED and in docs/architecture.md"
    tops = {p.stem for p in PACKAGE.glob("*.py")}
    assert tops == set(TOP_LEVEL), "new code goes into a stage's folder, not beside them"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(module):
    stage = stage_of(module)
    allowed = ALLOWED.get(stage, TOP_LEVEL.get(stage, set())) | {stage}
    wrong = [f"{module.relative_to(PACKAGE)}:{line}: {stage} imports {other}"
             for other, line in imported_stages(module) if other not in allowed]
    assert not wrong, "upward or sideways import:\n" + "\n".join(wrong)


def test_the_rule_catches_an_upward_import(tmp_path):
    """The checker itself: a model module that imports the renderer is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from argmap.render.dot import build_graph\n", encoding="utf-8")
    assert imported_stages(bad) == [("render", 2)]
    assert "render" not in ALLOWED["model"]



def test_docs_state_the_same_directions():
    """docs/architecture.md's table "What each folder may import" says what ALLOWED says."""
    import re

    doc = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|$", doc, re.M))
    assert set(rows) == set(ALLOWED)
    for stage, allowed in ALLOWED.items():
        said = rows[stage].strip()
        if said == "all of the above":
            assert allowed == set(ALLOWED) - {stage}, stage
        else:
            expected = set() if said == "nothing" else set(said.split(", "))
            assert expected == allowed, stage

# -- sizes: small rooms ------------------------------------------------------------------------------

#: Largest module, in lines (docstrings and comments count: a module is read whole).
MAX_MODULE_LINES = 500
#: Largest function or method, in lines from its ``def`` to its last line (docstring included,
#: decorators not).
MAX_FUNCTION_LINES = 80
#: Largest string literal that is not a docstring (code of another language embedded in Python, such
#: as a page's script or stylesheet, belongs in a file of its own: src/argmap/render/static/).
MAX_CODE_STRING_LINES = 30
#: The only exceptions: data tables (a literal mapping or list that is long because the data is),
#: as "path relative to src/argmap" -> why. Code is never listed here; split it instead.
DATA_TABLES: dict[str, str] = {}


def oversized(module: Path, rel: str) -> list[str]:
    """What in ``module`` breaks the size rules, as ``rel:line: what`` lines (empty when nothing)."""
    text = module.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(module))
    out = []
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        out.append(f"{rel}:1: module of {lines} lines (at most {MAX_MODULE_LINES})")
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            n = node.end_lineno - node.lineno + 1
            if n > MAX_FUNCTION_LINES:
                out.append(f"{rel}:{node.lineno}: function {node.name} of {n} lines (at most {MAX_FUNCTION_LINES})")
        elif isinstance(node, (ast.Constant, ast.JoinedStr)) and id(node) not in docstrings:
            if isinstance(node, ast.Constant) and not isinstance(node.value, str):
                continue
            n = node.end_lineno - node.lineno + 1
            if n > MAX_CODE_STRING_LINES:
                out.append(f"{rel}:{node.lineno}: string of {n} lines (at most {MAX_CODE_STRING_LINES}; "
                           "a script or stylesheet goes in a file of its own)")
    return out


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_are_small(module):
    rel = str(module.relative_to(PACKAGE))
    if rel in DATA_TABLES:
        return
    found = oversized(module, rel)
    assert not found, "too big:\n" + "\n".join(found)


def test_the_size_rules_catch_big_things(tmp_path):
    """The checker itself: a long module, a long function and a long embedded script are each caught,
    and a long docstring is not."""
    long_function = "def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES
    script = 'SCRIPT = """\n' + "var a = 1;\n" * MAX_CODE_STRING_LINES + '"""\n'
    doc = '"""' + "A line.\n" * MAX_CODE_STRING_LINES + '"""\n'
    padding = "\n" * MAX_MODULE_LINES
    bad = tmp_path / "bad.py"
    bad.write_text(doc + long_function + script + padding, encoding="utf-8")
    found = oversized(bad, "bad.py")
    assert [f.split(": ", 1)[1].split(" of ")[0] for f in found] == ["module", "function f", "string"]
    small = tmp_path / "small.py"
    small.write_text(doc + "def f():\n    return 1\n", encoding="utf-8")
    assert oversized(small, "small.py") == []
