"""Starting grading kernels (pipeline/kernels.py) wherever the grader's temporary folder is.

Each case runs in a process of its own with a time limit: what went wrong here was a hang.
Both failed before their fix (checked): a deep TMPDIR gave socket paths longer than a unix
socket address holds, the kernel never started, and the manager it left behind hung the grader
in the garbage collector.
"""
import os
import subprocess
import sys
import textwrap

from autograder.course import REPO_ROOT

START_AND_COLLECT = textwrap.dedent("""
    import gc, os, sys, tempfile
    from pathlib import Path
    from autograder import fastimport
    from autograder.pipeline import kernels
    from autograder.pipeline.limits import GradingLimits
    from jupyter_core.utils import run_sync
    kernels.SOCKET_PATH_BYTES = int(sys.argv[2])
    root = Path(tempfile.mkdtemp())
    kernels.start_first_kernel(root / "course", root / "kernels", GradingLimits(), isolated=sys.argv[1] == "1")
    km = kernels.take_spare(kernels.GRADING_KERNEL)
    if km is not None:
        client = km.client()
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
        client.stop_channels()
        kernels.stop_kernel(km)
    gc.collect()
    print("started" if km is not None else "no kernel", flush=True)
""")


def _start_in(tmpdir, socket_path_bytes: int = 108):
    from autograder.isolation import jail
    isolated = "1" if jail.available() else "0"
    return subprocess.run([sys.executable, "-c", START_AND_COLLECT, isolated, str(socket_path_bytes)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TMPDIR": str(tmpdir)})


def deep_folder(tmp_path):
    deep = tmp_path / ("a-temporary-folder-deep-enough-" * 3) / "that-no-socket-path-fits"
    deep.mkdir(parents=True)
    return deep


def test_a_kernel_starts_from_a_deep_temporary_folder(tmp_path):
    run = _start_in(deep_folder(tmp_path))
    assert run.stdout.strip() == "started", run.stderr[-2000:]


def test_a_kernel_that_cannot_start_leaves_nothing_to_hang_on(tmp_path):
    # Pretend any path fits: the sockets then go in the deep folder and the start fails.
    run = _start_in(deep_folder(tmp_path), socket_path_bytes=10 ** 6)
    assert run.stdout.strip() == "no kernel", run.stderr[-2000:]


def test_the_font_list_is_made_once_outside_and_taken_in_every_jail(tmp_path, monkeypatch):
    """matplotlib searched the machine's fonts again in every jail (fc-list and each font file,
    a sixth of importing pyplot): the launcher makes the list once per grading process and each
    kernel takes a copy from its release files."""
    from autograder.isolation import grading_kernel, kernel_launcher
    kernels_folder = tmp_path / "kernels"
    kernels_folder.mkdir()
    kernel_launcher._add_font_list(kernels_folder, tmp_path / "first")
    [made] = (tmp_path / "first").glob("fontlist-*.json")
    assert '"ttflist"' in made.read_text()

    def no_second_search(*args, **kwargs):
        raise AssertionError("the font list was made again")
    monkeypatch.setattr(kernel_launcher.subprocess, "run", no_second_search)
    kernel_launcher._add_font_list(kernels_folder, tmp_path / "work" / grading_kernel.FONT_LIST_DIR)

    config = tmp_path / "mplconfig"
    config.mkdir()
    monkeypatch.setattr(grading_kernel, "WORKDIR", str(tmp_path / "work"))
    grading_kernel._reuse_font_list(str(config))
    assert [p.name for p in config.iterdir()] == [made.name]
    assert not (tmp_path / "work" / grading_kernel.FONT_LIST_DIR).exists(), "nothing left in the notebook's folder"
