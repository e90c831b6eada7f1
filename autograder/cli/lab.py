"""`python -m autograder lab` (what `make lab` runs): the student release in workspace/, opened in JupyterLab.

The first run copies the release into the workspace; later runs add only what
is missing (a new part), never overwriting a learner's work.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from autograder.course import REPO_ROOT
from autograder.authoring.release import build_release

DEFAULT_WORKSPACE = REPO_ROOT / "workspace"
# A student's Jupyter configuration (see its README.md): nbgrader's Formgrader, Course List and
# Create Assignment are off; the Assignments panel and Validate stay. The JupyterHub example
# (deploy/jupyterhub/) gives students the same folder.
STUDENT_CONFIG_DIR = Path(__file__).resolve().parent / "student_jupyter"


def with_student_config(config_path: str | None) -> str:
    """A JUPYTER_CONFIG_PATH value with the student configuration folder added (once)."""
    entries = [p for p in (config_path or "").split(os.pathsep) if p]
    if str(STUDENT_CONFIG_DIR) not in entries:
        entries.append(str(STUDENT_CONFIG_DIR))
    return os.pathsep.join(entries)


def fill_workspace(workspace: Path) -> list:
    """Copy released files that the workspace does not have yet; returns the files copied."""
    copied = []
    with tempfile.TemporaryDirectory(prefix="course-lab-") as tmp:
        for folder in build_release(Path(tmp)):
            for path in sorted(folder.rglob("*")):
                target = workspace / folder.name / path.relative_to(folder)
                if path.is_dir() or target.exists():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                copied.append(target)
    return copied


def start_lab(workspace: Path = DEFAULT_WORKSPACE, port: int | None = None, no_browser: bool = False,
              token: str | None = None) -> None:
    """Fill the workspace, then replace this process with JupyterLab serving it."""
    workspace = Path(workspace).resolve()
    workspace.mkdir(parents=True, exist_ok=True)
    copied = fill_workspace(workspace)
    if copied:
        print(f"Copied {len(copied)} course files into {workspace}", flush=True)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}"]
    if port:
        command.append(f"--port={port}")
    if no_browser:
        command.append("--no-browser")
    if token is not None:
        command.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    # A terminal opened in JupyterLab starts in the workspace, and its `python` is this
    # environment's even after the shell's own start-up files (pyenv, conda) change PATH.
    command.append("--ServerApp.terminado_settings=" + json.dumps(
        {"shell_command": ["bash", "--rcfile", str(_terminal_rcfile())]}))
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    # A learner uses what a student uses: no Formgrader or Create Assignment.
    os.environ["JUPYTER_CONFIG_PATH"] = with_student_config(os.environ.get("JUPYTER_CONFIG_PATH"))
    os.chdir(workspace)
    os.execv(sys.executable, command)


def _terminal_rcfile() -> Path:
    """A bash start-up file: the user's ~/.bashrc, then this environment's bin/ first on PATH."""
    rcfile = Path(sys.prefix) / "etc" / "course-terminal.bashrc"
    rcfile.parent.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent
    rcfile.write_text('[ -f ~/.bashrc ] && . ~/.bashrc\n'
                      f'export PATH="{bin_dir}:$PATH"\n')
    return rcfile
