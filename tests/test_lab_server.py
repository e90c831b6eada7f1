"""`make lab` really opens the course: the same command starts JupyterLab on the course's
workspace, the page answers, and every part of the course is there.

`make lab` runs `python -m autograder lab`; these tests run exactly that, with the interpreter
running the tests (.venv's under `make test`), on a free port, with a token and a temporary
workspace, and stop the whole process group afterwards.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "TESTTOKEN"
START_TIMEOUT = 90.0

# No proxy for the loopback server, whatever the environment says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def course_parts() -> list[str]:
    """The assignment folders of the course: notebooks/<partN_name>/."""
    parts = sorted(p.name for p in (ROOT / "notebooks").glob("part*") if p.is_dir())
    assert parts, "no notebooks/part*/ folders found"
    return parts


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10.0) -> tuple[int, bytes]:
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def lab_server(workspace: Path, log_path: Path):
    """Start `python -m autograder lab` as `make lab` does; yield (base URL, process, log)."""
    port = free_port()
    runtime = log_path.parent / f"jupyter-runtime-{port}"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime), MPLBACKEND="Agg")
    command = [
        sys.executable, "-m", "autograder", "lab",
        "--no-browser", "--port", str(port), "--workspace", str(workspace), "--token", TOKEN,
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the whole process group (server and kernels), SIGKILL if it lingers."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything left in the group, e.g. a kernel
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def log_tail(log_path: Path, lines: int = 40) -> str:
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def wait_for_lab(base: str, process: subprocess.Popen, log_path: Path) -> None:
    """Poll /lab?token=… until it answers 200, failing early if the server dies."""
    deadline = time.monotonic() + START_TIMEOUT
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"`python -m autograder lab` exited with {process.returncode} before serving:\n"
                + log_tail(log_path)
            )
        try:
            status, _ = get(f"{base}/lab?token={TOKEN}", timeout=5)
            if status == 200:
                return
            last = f"HTTP {status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
            last = repr(error)
        time.sleep(0.5)
    raise AssertionError(
        f"JupyterLab did not answer 200 at {base}/lab within {START_TIMEOUT:.0f} s "
        f"(last: {last}):\n" + log_tail(log_path)
    )


def listing(base: str, path: str = "") -> dict[str, str]:
    """{name: type} of a folder in the server's root, through the contents API."""
    status, body = get(f"{base}/api/contents/{path}?token={TOKEN}")
    assert status == 200, f"/api/contents/{path} answered {status}: {body[:300]!r}"
    model = json.loads(body)
    assert model["type"] == "directory"
    return {item["name"]: item["type"] for item in model["content"]}


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
