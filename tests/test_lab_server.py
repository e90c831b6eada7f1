"""`make lab` really opens the course: the same command starts JupyterLab on the course's
workspace, the page answers, and every part of the course is there.

`make lab` runs `python -m autograder lab`; these tests run exactly that, with the interpreter
running the tests (.venv's under `make test`), on a free port, with a token and a temporary
workspace, and stop the whole process group afterwards.
"""

import json
import re

# The server helpers are shared with tests/test_browser.py.
from lab_server import TOKEN, course_parts, get, lab_server, listing, wait_for_lab

# What nbgrader's documentation says to disable for a student ("Disabling extensions").
INSTRUCTOR_ONLY = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                   "@jupyter/nbgrader:course-list"}
STUDENT_PARTS = {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"}


def test_make_lab_server_serves_jupyterlab_with_every_course_part(tmp_path):
    workspace = tmp_path / "workspace"
    log_path = tmp_path / "lab.log"
    with lab_server(workspace, log_path) as (base, process):
        wait_for_lab(base, process, log_path)

        root = listing(base)
        missing = [part for part in course_parts() if root.get(part) != "directory"]
        assert not missing, (
            f"the lab's workspace lacks the part folders {missing}; it lists {sorted(root)}"
        )
        for part in course_parts():
            assert any(name.endswith(".ipynb") for name in listing(base, part)), (
                f"{part}/ in the workspace holds no notebook"
            )

        status, _ = get(f"{base}/api/contents?token=WRONG")
        assert status == 403, "the server must refuse a request without the right token"
    assert process.returncode is not None


def test_make_lab_shows_a_learner_what_a_student_sees_no_formgrader(tmp_path):
    """A self-study learner gets the student's nbgrader: Validate and the Assignments panel,
    no Formgrader, Create Assignment or Course List (lab extensions off in the page config,
    the formgrader server extension not loaded)."""
    workspace = tmp_path / "workspace"
    log_path = tmp_path / "lab.log"
    with lab_server(workspace, log_path) as (base, process):
        wait_for_lab(base, process, log_path)
        status, page = get(f"{base}/lab?token={TOKEN}")
        assert status == 200
        found = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
        assert found, "JupyterLab's page has no page config"
        listed = json.loads(found.group(1))["disabledExtensions"]     # a list, or {name: bool}
        disabled = {n for n, off in listed.items() if off} if isinstance(listed, dict) else set(listed)
        assert INSTRUCTOR_ONLY <= disabled, f"disabled: {sorted(disabled)}"
        assert not STUDENT_PARTS & disabled, f"disabled: {sorted(disabled)}"
        assert get(f"{base}/formgrader?token={TOKEN}")[0] == 404, "formgrader's server extension is loaded"
        assert get(f"{base}/assignments?token={TOKEN}")[0] != 404, "the Assignments panel's server extension is off"


def test_make_lab_keeps_the_learners_work_when_started_again(tmp_path):
    workspace = tmp_path / "workspace"
    log_path = tmp_path / "lab-first.log"
    with lab_server(workspace, log_path) as (base, process):
        wait_for_lab(base, process, log_path)

    part = course_parts()[0]
    notebooks = sorted((workspace / part).glob("*.ipynb"))
    assert notebooks, f"the first start built no notebook in {workspace / part}"
    notebook = notebooks[0]
    model = json.loads(notebook.read_text(encoding="utf-8"))
    model["cells"].append(
        {"cell_type": "markdown", "id": "learner-note", "metadata": {}, "source": "My own notes."}
    )
    learner_version = json.dumps(model, indent=1)
    notebook.write_text(learner_version, encoding="utf-8")
    (workspace / part / "scratch.py").write_text("x = 1\n", encoding="utf-8")

    log_path = tmp_path / "lab-second.log"
    with lab_server(workspace, log_path) as (base, process):
        wait_for_lab(base, process, log_path)
        assert part in listing(base)

    assert notebook.read_text(encoding="utf-8") == learner_version, (
        "starting the lab again overwrote the learner's notebook"
    )
    assert (workspace / part / "scratch.py").read_text(encoding="utf-8") == "x = 1\n"
