"""The secret a class's cases are drawn from: created on first use, kept by the instructor.

It lives in the instructor's grading folder (never in the repository or the release), so the
same class graded again gets the same cases and grades, while no student can know them. A
self-study run draws a fresh seed instead and prints it (`grade --seed N` repeats a run).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "class-secret"


def load_or_create(folder: Path) -> bytes:
    """The secret kept in `folder`/class-secret, made (readable by its owner only) if missing."""
    path = Path(folder) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a secret put there by hand: readable by its owner only from now on
    return path.read_text().strip().encode()


def fresh_seed() -> int:
    return secrets.randbelow(10 ** 9)


def from_seed(seed: int) -> bytes:
    """A self-study run's secret: anyone with the seed can repeat the run."""
    return f"self-study-{int(seed)}".encode()
