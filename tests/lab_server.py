"""Start and stop the server `make lab` starts, for the tests that need a live JupyterLab.

`make lab` runs `python -m autograder lab`; `lab_server` runs exactly that, with the interpreter
running the tests (.venv's under `make test`), on a free port, with a token and a temporary
workspace (so it gets a fresh copy of the student release), in its own process group, which it
stops afterwards (server, kernels and terminals).

Used by tests/test_lab_server.py (the page answers, the workspace holds the course) and
tests/test_browser.py (a student's path in Chromium). `course_lab_server` starts JupyterLab as
an instructor does, in an nbgrader course folder (tests/test_formgrader.py).
"""
from __future__ import annotations

import json
import re
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


def request(method: str, url: str, body: dict | None = None, timeout: float = 10.0) -> tuple[int, bytes]:
    """An HTTP request with a JSON body (for the server's REST API, e.g. the settings)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with _OPENER.open(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def lab_server(workspace: Path, log_path: Path, env: dict | None = None):
    """Start `python -m autograder lab` as `make lab` does; yield (base URL, process).

    `env` adds to (value None: removes from) the environment the server inherits. The default
    sets MPLBACKEND=Agg, as `make test` does; pass {"MPLBACKEND": None} for a learner's setup.
    """
    port = free_port()
    runtime = log_path.parent / f"jupyter-runtime-{port}"
    full_env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime), MPLBACKEND="Agg")
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = str(value)
    command = [
        sys.executable, "-m", "autograder", "lab",
        "--no-browser", "--port", str(port), "--workspace", str(workspace), "--token", TOKEN,
    ]
    with _serve(command, ROOT, port, log_path, full_env) as served:
        yield served


@contextmanager
def course_lab_server(course: Path, log_path: Path, env: dict | None = None):
    """Start `jupyter lab` in the nbgrader course folder `course`, as an instructor does (so
    nbgrader, and its formgrader, read the folder's nbgrader_config.py); yield (base URL, process).

    `env` adds to (value None: removes from) the environment, as for `lab_server`; this
    environment's bin/ comes first on PATH, so nbgrader's commands run from the server use it.
    """
    port = free_port()
    runtime = log_path.parent / f"jupyter-runtime-{port}"
    full_env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime), MPLBACKEND="Agg",
                    PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = str(value)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               f"--IdentityProvider.token={TOKEN}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    with _serve(command, Path(course), port, log_path, full_env) as served:
        yield served


@contextmanager
def _serve(command: list, cwd: Path, port: int, log_path: Path, env: dict):
    """Run `command` in its own process group, output to log_path; yield (base URL, process);
    stop the whole group afterwards."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
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
                f"the JupyterLab server exited with {process.returncode} before serving:\n"
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


class TerminalOutput:
    """What the JupyterLab terminals of a Playwright page printed: their websockets' stdout frames."""

    def __init__(self, page):
        self.frames: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, websocket) -> None:
        if "/terminals/websocket/" in websocket.url:
            websocket.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        try:
            kind, *rest = json.loads(payload)
        except (TypeError, ValueError):
            return
        if kind == "stdout" and rest:
            self.frames.append(rest[0])

    def text(self) -> str:
        """Everything printed so far, without colour and cursor escapes."""
        text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", "".join(self.frames))
        return text.replace("\r\n", "\n").replace("\r", "")

    def run(self, page, command: str, timeout_ms: int) -> tuple[int, str]:
        """Type `command` into the page's visible terminal; (its exit status, what it printed)
        once the shell reports the status (AssertionError past `timeout_ms`)."""
        marker = f"exit-status-{len(self.frames)}:"
        start = len(self.text())
        page.locator(".jp-Terminal:visible .xterm").click()
        page.keyboard.type(f"{command}; echo {marker}$?")
        page.keyboard.press("Enter")
        pattern = re.compile(rf"{marker}(\d+)")
        deadline = time.monotonic() + timeout_ms / 1000
        while not pattern.search(self.text(), start):
            assert time.monotonic() < deadline, (f"`{command}` did not finish in the terminal within "
                                                 f"{timeout_ms / 1000:.0f} s; it shows:\n{self.text()[start:][-3000:]}")
            page.wait_for_timeout(200)  # let Playwright deliver the terminal's frames
        found = pattern.search(self.text(), start)
        output = self.text()[start:found.start()]
        return int(found.group(1)), output.split("\n", 1)[1] if "\n" in output else output  # no echoed command
