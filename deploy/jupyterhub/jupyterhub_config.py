"""JupyterHub for a small class on one server: the convolution course, nbgrader's exchange, roles.

What it assumes (README.md, "Running a class on JupyterHub"):

- The course and JupyterHub are installed in ONE Python environment that every user can read
  (for example `python3.11 -m venv /opt/convolution-course`, then
  `/opt/convolution-course/bin/pip install '/path/to/the/repository[test]'`, or without the test
  tools `pip install /path/to/the/repository jupyterhub`), and configurable-http-proxy is
  installed with npm. The hub runs as root from that environment:
  `/opt/convolution-course/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`.
- Instructors and students are local Unix users (PAM logins with their passwords). Each user's
  JupyterLab runs as that user (LocalProcessSpawner), with the same environment, so
  `python -m autograder` and `nbgrader` work in a JupyterLab terminal.
- Every instructor has the course folder `~/convolution-course`, made once in a JupyterLab
  terminal: `python -m autograder course init ~/convolution-course`. Formgrader and `nbgrader`
  commands use it.

Edit the three settings below (or set them in the environment that starts the hub).
tests/test_jupyterhub.py starts a hub from this very file, changing only the address, the
authenticator and the users.
"""
import os
import pwd
import sys
from pathlib import Path

from autograder.cli.lab import STUDENT_CONFIG_DIR, _terminal_rcfile
from autograder.course import REPO_ROOT

# --- The class ------------------------------------------------------------------------------
# Unix user names. Instructors get Formgrader, Create Assignment and the course folder;
# everyone else who may log in is a student (the Assignments panel and Validate).
INSTRUCTORS = set(os.environ.get("COURSE_INSTRUCTORS", "teacher").split())
STUDENTS = set(os.environ.get("COURSE_STUDENTS", "").split())
# nbgrader's exchange: one folder every user of the machine can write (nbgrader's default path).
EXCHANGE_ROOT = Path(os.environ.get("COURSE_EXCHANGE_ROOT", "/srv/nbgrader/exchange"))
# Where an instructor's course folder is, in their home.
COURSE_FOLDER = "convolution-course"

c = get_config()  # noqa: F821 (given by JupyterHub)
ENV = Path(sys.prefix)                     # the environment this hub runs from: the course's
HERE = Path(__file__).resolve().parent     # jupyter/ and instructor/: Jupyter configuration folders

# --- The exchange, as nbgrader's documentation sets it up: world-writable, sticky (each user
# may remove only their own files). Made when the hub starts, if missing.
if not EXCHANGE_ROOT.exists():
    EXCHANGE_ROOT.mkdir(parents=True)
    EXCHANGE_ROOT.chmod(0o1777)

# --- The proxy: `make hub-proxy` installs configurable-http-proxy into the repository's .node/;
# without it JupyterHub looks for `configurable-http-proxy` on PATH (`npm install -g`).
LOCAL_PROXY = REPO_ROOT / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
if LOCAL_PROXY.exists():
    c.ConfigurableHTTPProxy.command = [str(LOCAL_PROXY)]

# --- Who may log in: local users, by password (PAM). Instructors are the hub's admins too.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = INSTRUCTORS | STUDENTS
c.Authenticator.admin_users = set(INSTRUCTORS)

# --- Each user's JupyterLab: a process of that Unix user, from the course's environment.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
# A JupyterLab terminal runs bash with the user's ~/.bashrc and then the course environment's
# bin/ first on PATH: `python -m autograder …` and `nbgrader …` are the course's.
c.Spawner.args = ['--ServerApp.terminado_settings={"shell_command": ["/bin/bash", "--rcfile", "%s"]}'
                  % _terminal_rcfile()]


def is_instructor(spawner) -> bool:
    return spawner.user.name in INSTRUCTORS


def jupyter_config_path(spawner) -> str:
    """Everyone: jupyter/ (nbgrader's exchange; an instructor's course folder). Students: the
    student configuration (no Formgrader, Create Assignment, Course List). Instructors:
    instructor/, which lets Formgrader show in its JupyterLab tab: JupyterHub forbids any framing
    of a user's pages; instructor/ allows framing by the same origin, which on one host name
    includes the students' servers (with `c.JupyterHub.subdomain_host` each user has their own)."""
    role = HERE / "instructor" if is_instructor(spawner) else STUDENT_CONFIG_DIR
    return os.pathsep.join([str(HERE / "jupyter"), str(role)])


def course_dir(spawner) -> str:
    """An instructor's course folder, which Formgrader and their nbgrader commands use."""
    return str(Path(pwd.getpwnam(spawner.user.name).pw_dir) / COURSE_FOLDER) if is_instructor(spawner) else ""


c.Spawner.environment = {
    "PATH": f"{ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": jupyter_config_path,
    "COURSE_EXCHANGE_ROOT": str(EXCHANGE_ROOT),
    "COURSE_DIR": course_dir,
}
