"""Attacks on the grading pipeline that worked (each test failed before its fix).

Eighth round, by a student who read autograder/, aimed at this session's changes: the answer
check's copy of the course's release files (`sandbox.release_files_folder`, `CheckerJail`,
`sandbox_child.enter_release_files`), the rewritten NameError feedback (`verify._never_defined`),
the font list made once per grading process (`kernel_launcher._add_font_list`,
`grading_kernel._reuse_font_list`) and the pruned course cache (`workspace.prune_course_cache`).
Each test names the attack, says what it does and what the grader should do instead.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time


from autograder.pipeline import workspace
from autograder.pipeline.workspace import course_cache

DAY = 24 * 3600


def test_a_killed_worker_leaves_no_release_files_behind(tmp_path):
    """The class runner SIGKILLs a worker whose job runs past `submission_seconds` (or that does
    not stop within its grace at the end); everything a worker makes is meant to live in its own
    folder, which the runner removes (kernels.use_private_dir: "removed with it"). The answer
    check's release files (coursekit/ and the photos, about 1 MB) are made by
    `sandbox.release_files_folder` with tempfile.mkdtemp() in the machine's /tmp and removed only
    by an atexit hook, which a killed process never runs: each killed worker leaves one behind,
    for as long as the machine runs. The folder belongs in the worker's own folder."""
    worker_dir, tmp = tmp_path / "worker", tmp_path / "tmp"
    tmp.mkdir()
    script = textwrap.dedent(f"""
        import sys, time
        from autograder.pipeline import kernels
        from autograder.isolation.sandbox import release_files_folder
        from autograder.isolation.sandbox import keep_files_in
        kernels.use_private_dir({str(worker_dir / "kernels")!r})  # as the worker does
        keep_files_in({str(worker_dir)!r})
        print(release_files_folder(), flush=True)
        time.sleep(600)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp)}, start_new_session=True)
    try:
        folder = process.stdout.readline().strip()
        assert folder and os.path.isdir(folder)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # as _Worker.stop does
        process.wait()
        process.stdout.close()
    subprocess.run(["rm", "-rf", str(worker_dir)], check=True)  # the runner removes the worker's folder
    assert not os.path.exists(folder), f"left behind: {folder}"


def test_a_second_run_pruning_the_cache_never_fails_the_first(tmp_path, monkeypatch):
    """Two `grade`/`autograde` runs share the user's cache. Run A finds its course folder
    (gradebook.db exists) and only then marks it used (os.utime); run B, finishing a build of
    another version, prunes the cache at that moment: A's folder, not used for a week and past
    the 16 kept, is removed, and A's os.utime raises FileNotFoundError (or, while B's rmtree is
    still going, A copies half a course). A must get a whole course folder: mark it used before
    trusting it (and build again when it is gone), or remove old folders by renaming them away
    first, so a folder is there whole or not at all."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = course_cache(["part1_subimages"])
    base = folder.parent
    week_ago = time.time() - 7 * DAY
    os.utime(folder, (week_ago, week_ago))
    for i in range(workspace.CACHE_KEEP):  # other versions of the course, used since
        (base / f"course-other{i:02d}").mkdir()
    real_utime = os.utime

    def second_run_prunes_first(path, *args, **kwargs):
        workspace.prune_course_cache(base)  # run B, between A's check and A's utime
        return real_utime(path, *args, **kwargs)

    monkeypatch.setattr(workspace.os, "utime", second_run_prunes_first)
    found = course_cache(["part1_subimages"])
    monkeypatch.setattr(workspace.os, "utime", real_utime)
    assert (found / "gradebook.db").exists()
