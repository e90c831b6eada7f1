"""The student release: built by the CLI, free of the reference and the hidden tests, and runnable."""
import ast
from pathlib import Path

import nbformat
import pytest

import solutions
from autograder.course import REPO_ROOT, assignments, source_notebooks
from classroom import run_autograder
from notebook_runner import execute_as_student, student_kernel

FORBIDDEN = ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
             "check_exercise", "autograder", "import solutions", "from solutions"]
# An unanswered exercise may fail its test and the cells that use it; nothing else may fail.
UNANSWERED_ERRORS = {"NotImplementedError", "NameError", "AssertionError"}


@pytest.fixture(scope="module")
def release_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release")
    run_autograder("release", "--out", out)
    return out


RUN = 3  # consecutive lines of a reference body that make a leak


def _algorithm_lines(lines: list) -> list:
    """Drop argument checks and dtype conversions: every answer has them, they give nothing away."""
    kept = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.startswith("raise ValueError") or (line.startswith(("if ", "elif ")) and nxt.startswith("raise ValueError")):
            continue
        if line.endswith("np.asarray(" + line.split(" = ")[0] + ", dtype=np.float64)"):
            continue
        kept.append(line)
    return kept


def _reference_runs() -> set:
    """Every run of RUN consecutive statement lines of a reference function's body (not its
    signature or docstring), stripped; a shorter body counts as one run."""
    runs = set()
    for path in (REPO_ROOT / "solutions").glob("*.py"):
        text = path.read_text()
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef):
                body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
                lines = _algorithm_lines([line.strip() for stmt in body
                                          for line in ast.get_source_segment(text, stmt).splitlines()
                                          if line.strip() and not line.strip().startswith("#")])
                for start in range(max(1, len(lines) - RUN + 1)):
                    runs.add(tuple(lines[start:start + RUN]))
    return runs


def _runs_in(text: str) -> set:
    lines = _algorithm_lines([line.strip() for line in text.splitlines()
                              if line.strip() and not line.strip().startswith("#")])
    return {tuple(lines[i:i + n]) for n in range(1, RUN + 1) for i in range(len(lines) - n + 1)}


def test_release_has_every_assignment_with_its_notebooks_photos_and_helpers(release_dir):
    assert sorted(p.name for p in release_dir.iterdir()) == assignments()
    for nb in source_notebooks():
        folder = release_dir / nb.assignment
        assert (folder / f"{nb.stem}.ipynb").is_file()
        assert (folder / "coursekit" / "__init__.py").is_file()
        assert (folder / "data" / "chelsea.png").is_file()


def test_release_contains_no_reference_code_and_no_hidden_tests(release_dir):
    reference_runs = _reference_runs()
    assert len(reference_runs) > 100, "the scan must know the reference's code"
    for path in release_dir.rglob("*"):
        if path.is_dir() or path.suffix in (".png", ".jpg"):
            continue
        text = path.read_text()
        for word in FORBIDDEN:
            assert word not in text, f"{path.relative_to(release_dir)} contains {word!r}"
        if path.suffix == ".ipynb":  # the notebook's code as it reads, not JSON-escaped
            text = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
        leaked = sorted(reference_runs & _runs_in(text))
        assert not leaked, f"{path.relative_to(release_dir)} contains reference code: {leaked[:3]}"


def test_release_has_a_stub_in_every_solution_cell(release_dir):
    for nb in source_notebooks():
        released = nbformat.read(release_dir / nb.assignment / f"{nb.stem}.ipynb", as_version=4)
        stubs = [c for c in released.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert len(stubs) == len(nb.exercises())
        assert all("raise NotImplementedError()" in c.source for c in stubs)
        assert all(not c.get("outputs") for c in released.cells if c.cell_type == "code")


@pytest.mark.parametrize("notebook", source_notebooks(), ids=lambda nb: nb.stem)
def test_released_notebook_runs_unanswered_without_crashing(notebook, release_dir, tmp_path):
    folder = release_dir / notebook.assignment
    nb = nbformat.read(folder / f"{notebook.stem}.ipynb", as_version=4)
    execute_as_student(nb, folder, student_kernel(tmp_path))
    ran = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in ran), "every code cell must have run"
    errors = [(i, o["ename"], o["evalue"][:120]) for i, c in enumerate(nb.cells)
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    unexpected = [e for e in errors if e[1] not in UNANSWERED_ERRORS]
    assert not unexpected, f"cells crashed for another reason than an unanswered exercise: {unexpected}"
    failing_tests = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("grade")
                     and any(o.get("output_type") == "error" for o in c.get("outputs", []))}
    assert failing_tests == {f"test_{name}" for name in notebook.exercises()}, \
        "every unanswered exercise's test must fail"


def test_the_leak_scan_finds_the_reference_in_a_source_notebook():
    """The scan above can fail: on the source notebooks (solutions filled in) it finds the reference."""
    reference_runs = _reference_runs()
    for notebook in source_notebooks():
        text = "\n".join(cell.source for cell in notebook.read().cells)
        assert reference_runs & _runs_in(text), notebook.stem
