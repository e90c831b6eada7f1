"""The ways into the course agree: pyproject.toml (the source of truth), environment.yml (its
mirror for conda), .ci/run, the Makefile and the README."""

import os
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

# conda-forge name -> PyPI name, where the two differ.
CONDA_TO_PYPI = {
    "opencv": "opencv-python-headless",
    "py-opencv": "opencv-python-headless",
    "matplotlib-base": "matplotlib",
}
# conda entries that are the environment itself, not packages the project asks for.
CONDA_ONLY = {"python", "pip"}
# The editable install of the project, under pip:.
PROJECT_ITSELF = {"-e .", "-e.", "--editable .", "--editable=."}

_CONDA_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)\s*(.*?)\s*$")


def _bounds(spec: str) -> frozenset[str]:
    """'>=2.0, <3' -> {'>=2.0', '<3'}."""
    return frozenset(part.replace(" ", "") for part in spec.split(",") if part.strip())


def pyproject_requirements(pyproject: dict) -> dict[str, frozenset[str]]:
    """{canonical name: bounds} for the project's dependencies plus its `test` extra."""
    project = pyproject["project"]
    lines = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    result = {}
    for line in lines:
        req = Requirement(line)
        assert not req.marker and not req.extras and not req.url, (
            f"{line!r}: markers, extras and URLs have no conda mirror; "
            "teach tests/test_environment.py about them first"
        )
        name = canonicalize_name(req.name)
        assert name not in result, f"{req.name} is listed twice in pyproject.toml"
        result[name] = frozenset(str(s) for s in req.specifier)
    return result


def environment_requirements(env: dict) -> dict[str, frozenset[str]]:
    """{canonical PyPI name: bounds} for everything environment.yml installs, conda and pip."""
    result = {}

    def add(name: str, spec: str, line: str) -> None:
        name = canonicalize_name(CONDA_TO_PYPI.get(name.lower(), name))
        assert name not in result, f"{line!r}: {name} is listed twice in environment.yml"
        result[name] = _bounds(spec)

    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            assert set(entry) == {"pip"}, f"unexpected section in environment.yml: {entry}"
            for line in entry["pip"]:
                if line.strip() in PROJECT_ITSELF:
                    continue
                req = Requirement(line)
                add(req.name, str(req.specifier), line)
            continue
        match = _CONDA_SPEC.match(entry)
        assert match, f"cannot read the conda entry {entry!r}"
        name, spec = match.groups()
        if name in CONDA_ONLY:
            continue
        assert "|" not in spec and not re.search(r"(^|,)=[^=]", spec), (
            f"{entry!r}: use pip-style bounds (>=, <, ==) so both tools read them alike"
        )
        add(name, spec, entry)
    return result


def differences(pyproject: dict[str, frozenset[str]], env: dict[str, frozenset[str]]) -> list[str]:
    """What a maintainer must fix so that the two lists agree; empty when they do."""
    problems = []
    for name in sorted(pyproject.keys() - env.keys()):
        problems.append(f"{name} is in pyproject.toml but not in environment.yml")
    for name in sorted(env.keys() - pyproject.keys()):
        problems.append(f"{name} is in environment.yml but not in pyproject.toml")
    for name in sorted(pyproject.keys() & env.keys()):
        if pyproject[name] != env[name]:
            problems.append(
                f"{name}: pyproject.toml says {','.join(sorted(pyproject[name])) or 'any'}, "
                f"environment.yml says {','.join(sorted(env[name])) or 'any'}"
            )
    return problems


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject(pyproject, environment):
    problems = differences(pyproject_requirements(pyproject), environment_requirements(environment))
    assert not problems, (
        "pyproject.toml is the source of truth; make environment.yml mirror it:\n  "
        + "\n  ".join(problems)
    )


def test_sync_check_notices_a_package_added_on_either_side(pyproject, environment):
    ours = pyproject_requirements(pyproject)
    theirs = environment_requirements(environment)
    assert differences({**ours, "scipy": frozenset({">=1.11"})}, theirs) == [
        "scipy is in pyproject.toml but not in environment.yml"
    ]
    assert differences(ours, {**theirs, "scipy": frozenset()}) == [
        "scipy is in environment.yml but not in pyproject.toml"
    ]
    changed = {**theirs, "numpy": frozenset({">=1.26", "<3"})}
    assert differences(ours, changed) == [
        f"numpy: pyproject.toml says {','.join(sorted(ours['numpy']))}, "
        "environment.yml says <3,>=1.26"
    ]


def test_sync_check_maps_conda_names_to_pypi_names():
    env = {"dependencies": ["python=3.11", "opencv>=4.9,<6", "matplotlib-base>=3.8",
                            {"pip": ["tqdm>=4.66", "-e ."]}]}
    assert environment_requirements(env) == {
        "opencv-python-headless": frozenset({">=4.9", "<6"}),
        "matplotlib": frozenset({">=3.8"}),
        "tqdm": frozenset({">=4.66"}),
    }


def test_environment_yml_uses_conda_forge_python_311_and_installs_the_project(pyproject, environment):
    assert environment["name"] == "convolution-course"
    assert environment["channels"] == ["conda-forge"]
    assert "python=3.11" in environment["dependencies"]
    assert pyproject["project"]["requires-python"] == ">=3.11,<3.12"
    pip_section = [e["pip"] for e in environment["dependencies"] if isinstance(e, dict)]
    assert len(pip_section) == 1 and "-e ." in pip_section[0], (
        "environment.yml must install the course itself (`- -e .` under pip:) so that "
        "solutions, autograder and coursekit import in conda and Binder environments"
    )


def test_ci_run_is_strict_executable_bash_that_runs_make_test():
    ci = ROOT / ".ci" / "run"
    text = ci.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash") or text.startswith("#!/bin/bash")
    assert "set -euo pipefail" in text
    assert re.search(r"^\s*make test\s*$", text, re.MULTILINE), ".ci/run must run `make test`"
    assert os.access(ci, os.X_OK), ".ci/run must be executable (git update-index --chmod=+x)"


def test_makefile_has_the_documented_targets():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", text, re.MULTILINE))
    assert {"help", "venv", "lab", "test", "bench", "release", "clean"} <= targets
    assert re.search(r"^\.DEFAULT_GOAL\s*:=\s*help\s*$", text, re.MULTILINE)
    assert "-m autograder lab" in text and "-m pytest" in text


def test_readme_shows_make_lab_and_make_test_and_the_conda_route():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make lab", "make test", "conda env create -f environment.yml"):
        assert command in text, f"README.md should show `{command}`"
