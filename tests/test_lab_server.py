"""`make lab` really opens the course: the same command starts JupyterLab on the course's
workspace, the page answers, and every part of the course is there.

`make lab` runs `python -m autograder lab`; these tests run exactly that, with the interpreter
running the tests (.venv's under `make test`), on a free port, with a token and a temporary
workspace, and stop the whole process group afterwards.
"""

import json

# The server helpers are shared with tests/test_browser.py.
from lab_server import course_parts, get, lab_server, listing, wait_for_lab


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
