"""docs/workflow.md, followed literally: every ``$ argmap …`` line of its console blocks is run, in
order, in a folder holding a copy of the corpus (``arguments/``) and a thesis PDF generated from
seed 002 (tests/thesis_pdf.py), and what it prints must be what the document shows; its two YAML
blocks are the edits a scholar makes (the thesis's text and gloss, the positions). Then: the map
made by ``argmap new`` + three quotes + ``argmap check --fix`` is clean with the printed pages, and
the map, in its own folder, is compared with the corpus through the project file.

Outputs are compared after replacing what changes from run to run: the seconds a check took and
SHA-256 prefixes (Chromium writes the PDF's creation time into it). A shown output with a line
``…`` stands for the beginning of a longer one (its lines must come first, in order)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from argmap.edit.new import THESIS_GLOSS, THESIS_TEXT
from argmap.edit.yamltext import scalar
from tests.thesis_pdf import make_thesis

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "workflow.md"
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\n", re.M | re.S)


def steps(doc: str) -> list[tuple[str, str]]:
    """The document's console and YAML blocks, in order: ("console", text) or ("yaml", text)."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(doc) if m.group(1) in ("console", "yaml")]


def commands(block: str) -> list[tuple[str, list[str]]]:
    """The ``$ `` commands of a console block, each with the output lines shown under it."""
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        else:
            out[-1][1].append(line)
    return out


def normal(text: str) -> list[str]:
    text = re.sub(r" in \d+\.\d+ s$", " in … s", text, flags=re.M)
    text = re.sub(r"\b[0-9a-f]{12}…", "…", text)
    return [line.rstrip() for line in text.rstrip("\n").splitlines()]


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    assert command.startswith("argmap "), command
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONUNBUFFERED": "1",
           "COLUMNS": "200"}
    return subprocess.run(shlex.split(command), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)


def edit(block: str, cwd: Path) -> None:
    """Apply a YAML block of the document as the scholar does: its first line says where."""
    first, _, body = block.partition("\n")
    m = re.fullmatch(r"# (?:in|at the end of) (\S+?)(?:,|:).*", first)
    assert m, f"a YAML block of docs/workflow.md must say which file it edits: {first!r}"
    path = cwd / m.group(1)
    text = path.read_text(encoding="utf-8")
    if first.startswith("# at the end of"):
        path.write_text(text + body, encoding="utf-8")
        return
    assert "replace the thesis's text and gloss" in first, first
    text_line, gloss_line = body.splitlines()
    placeholder = {f"    text: {THESIS_TEXT}\n": text_line + "\n", f"    gloss: {scalar(THESIS_GLOSS)}\n": gloss_line + "\n"}
    lines = text.splitlines(keepends=True)
    assert sum(line in placeholder for line in lines) == 2, "the thesis placeholder of argmap new was not found"
    path.write_text("".join(placeholder.get(line, line) for line in lines), encoding="utf-8")


@pytest.fixture(scope="module")
def walked(tmp_path_factory) -> tuple[Path, list[tuple[str, subprocess.CompletedProcess]]]:
    """The workflow's folder after every step of docs/workflow.md, and each command's result."""
    cwd = tmp_path_factory.mktemp("workflow")
    shutil.copytree(ROOT / "arguments", cwd / "arguments")
    make_thesis(cwd, front=2, body=4, start=5)
    results = []
    for kind, block in steps(DOC.read_text(encoding="utf-8")):
        if kind == "yaml":
            edit(block, cwd)
            continue
        for command, shown in commands(block):
            got = run(command, cwd)
            results.append((command, got))
            expected, actual = normal("\n".join(shown)), normal(got.stdout)
            if "…" in expected:
                head = [e for e in expected if e != "…"]
                assert actual[:len(head)] == head, f"{command}: the output shown is not how it begins:\n{got.stdout}"
            else:
                assert actual == expected, f"{command}: the output shown in docs/workflow.md differs:\n{got.stdout}"
    return cwd, results


def test_every_command_prints_what_the_document_shows(walked) -> None:
    _, results = walked
    assert len(results) >= 10
    assert all("Traceback" not in r.stdout for _, r in results)


def test_new_three_quotes_and_fix_give_a_clean_map_with_pages(walked) -> None:
    cwd, results = walked
    by_command = dict(results)
    strict = by_command["argmap check --strict my-maps"]
    assert strict.returncode == 0
    assert re.search(r": 0 error\(s\), 0 warning\(s\), 1 info\(s\)", strict.stdout)
    assert "info E310" in strict.stdout and "footnote marker 「2」" in strict.stdout
    data = yaml.safe_load((cwd / "my-maps" / "lin-pdf.argmap.yaml").read_text(encoding="utf-8"))
    [thesis] = data["claims"]
    pages = [(e["page"], e.get("page_end")) for e in thesis["evidence"]]
    assert pages == [("ii", None), (3, 4), (2, None)]  # as tests/thesis_pdf.py laid them out
    assert data["sources"][0]["sha256"]  # pinned by --fix


def test_the_map_in_its_own_folder_is_compared_through_the_project_file(walked) -> None:
    cwd, results = walked
    by_command = dict(results)
    assert yaml.safe_load((cwd / "argmap.yaml").read_text(encoding="utf-8"))["maps"] == ["arguments", "my-maps"]
    assert by_command["argmap check --strict"].returncode == 0
    compared = by_command["argmap compare lin-pdf lin2013 --quotes 2"]
    assert compared.returncode == 0
    assert "agree" in compared.stdout and "(林伯雍 2013, p. ii)" in compared.stdout
    assert "(林伯雍 2013, pp. 3–4)" in compared.stdout
