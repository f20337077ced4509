"""The project file argmap.yaml: maps in several folders share issues and link to each other;
check, compare, classify and build work across them; a copied issues file is one error (R221);
paths outside the project (L010) or missing (L011) are refused; argmap init writes the file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import main
from tests.conftest import SOURCE_TEXT, base_map
from tests.test_positions import ISSUES


def run(*args: str, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def codes(r) -> list[str]:
    return [d["code"] for d in json.loads(r.stdout)["diagnostics"]]


def write_map(folder: Path, map_id: str, *, position: str, link: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    m = base_map()
    m["id"] = map_id
    m["positions"] = [{"issue": "balancing", "position": position, "claims": ["T"]},
                      {"issue": "aimed", "position": "yes", "claims": ["C1"]}]
    if link:
        m["claims"][0]["links"] = [{"to": link, "relation": "contradicts"}]
    path = folder / f"{map_id}.argmap.yaml"
    path.write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """arguments/ (alpha, the shared issues file) and my-maps/ (mine, linking to alpha#T)."""
    write_map(tmp_path / "arguments", "alpha", position="high")
    (tmp_path / "arguments" / "x.issues.yaml").write_text(yaml.safe_dump(ISSUES, allow_unicode=True),
                                                           encoding="utf-8")
    write_map(tmp_path / "my-maps", "mine", position="low", link="alpha#T")
    return tmp_path


def test_without_a_project_a_map_elsewhere_knows_neither_issues_nor_links(root: Path) -> None:
    r = run("check", "--format", "json", "my-maps", cwd=root)
    assert sorted(set(codes(r))) == ["R203", "R212"]  # alpha unknown; issues unknown


def test_a_copied_issues_file_is_one_error_and_compare_refuses(root: Path) -> None:
    (root / "my-maps" / "x.issues.yaml").write_text((root / "arguments" / "x.issues.yaml").read_text("utf-8"),
                                                   encoding="utf-8")
    r = run("check", "--format", "json", "arguments", "my-maps", cwd=root)
    assert codes(r).count("R221") == 1 and "R201" not in codes(r)
    [d] = [d for d in json.loads(r.stdout)["diagnostics"] if d["code"] == "R221"]
    assert "2 issue(s)" in d["message"] and "balancing" in d["message"] and "aimed" in d["message"]
    c = run("compare", "arguments/alpha.argmap.yaml", "my-maps/mine.argmap.yaml", cwd=root)
    assert c.exit_code == 2 and "R221" in c.output


def test_init_writes_the_project_file(root: Path) -> None:
    r = run("init", cwd=root)
    assert r.exit_code == 0, r.output
    data = yaml.safe_load((root / "argmap.yaml").read_text(encoding="utf-8"))
    assert data["maps"] == ["arguments", "my-maps"] and data["issues"] == ["arguments/x.issues.yaml"]
    again = run("init", cwd=root)
    assert again.exit_code == 2 and "exists" in again.output


def test_with_a_project_maps_share_issues_and_link(root: Path) -> None:
    run("init", "--maps", "arguments", "--maps", "my-maps", "--issues", "arguments/x.issues.yaml", cwd=root)
    sub = root / "my-maps"
    r = run("check", "--format", "json", "mine.argmap.yaml", cwd=sub)  # from a subfolder: the project is above
    assert codes(r) == [], r.output
    everything = run("check", "--format", "json", cwd=root)  # no PATHS: every folder of the project
    assert codes(everything) == [] and json.loads(everything.stdout)["summary"]["maps"] == 2
    c = run("compare", "alpha", "mine", "--format", "json", cwd=sub)
    assert c.exit_code == 0, c.output
    data = json.loads(c.stdout)
    assert {i["id"] for i in data["issues"]} == {"balancing", "aimed"}
    assert {i["id"]: i["status"] for i in data["issues"]}["balancing"] != "agree"  # high vs low
    matrix = run("compare", "--all", "--format", "json", cwd=root)
    assert {r["map"] for r in json.loads(matrix.stdout)["rows"]} == {"alpha", "mine"}
    classify = run("classify", "--format", "json", cwd=sub)
    assert classify.exit_code == 0, classify.output
    assert {w["map"] for w in json.loads(classify.stdout)["works"]} == {"alpha", "mine"}


def test_build_renders_every_folder_of_the_project(root: Path) -> None:
    run("init", cwd=root)
    r = run("build", "--out", "out", cwd=root)
    assert r.exit_code == 0, r.output
    assert (root / "out" / "alpha.svg").is_file() and (root / "out" / "mine.svg").is_file()


@pytest.mark.parametrize("maps, code", [("../elsewhere", "L010"), ("/etc", "L010"), ("missing", "L011")])
def test_bad_project_paths_are_refused(root: Path, maps: str, code: str) -> None:
    (root / "argmap.yaml").write_text(f"argmap-project: 1\nmaps: [arguments, {json.dumps(maps)}]\n", encoding="utf-8")
    r = run("check", "--format", "json", cwd=root)
    assert r.exit_code == 2 and code in codes(r)
    [d] = [d for d in json.loads(r.stdout)["diagnostics"] if d["code"] == code]
    assert d["file"].endswith("argmap.yaml") and d["line"] == 2


def test_the_project_issues_file_need_not_be_beside_any_map(root: Path) -> None:
    (root / "issues").mkdir()
    (root / "arguments" / "x.issues.yaml").rename(root / "issues" / "x.issues.yaml")
    (root / "argmap.yaml").write_text("argmap-project: 1\nmaps: [arguments, my-maps]\nissues: [issues/x.issues.yaml]\n",
                                      encoding="utf-8")
    r = run("check", "--format", "json", cwd=root)
    assert codes(r) == [], r.output
