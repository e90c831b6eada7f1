"""The course folders `grade` and `autograde` copy (workspace.course_cache) are one per version
of the course and set of assignments: every new version added some, and none was ever removed."""
import os
import time

from autograder.pipeline.workspace import course_cache, prune_course_cache

DAY = 24 * 3600


def _folder(base, name, days_ago):
    path = base / name
    (path / "source").mkdir(parents=True)
    when = time.time() - days_ago * DAY
    os.utime(path, (when, when))
    return path


def test_only_the_folders_used_last_or_lately_are_kept(tmp_path):
    old = [_folder(tmp_path, f"course-old{i:02d}", days_ago=10 + i) for i in range(20)]
    recent = [_folder(tmp_path, f"course-new{i:02d}", days_ago=0.1) for i in range(20)]
    dead_build = _folder(tmp_path, "building-dead", days_ago=1)
    live_build = _folder(tmp_path, "building-live", days_ago=0)
    prune_course_cache(tmp_path, keep=16)
    left = {p.name for p in tmp_path.iterdir()}
    # every folder used in the last day stays (another process may be copying it), old ones go
    assert {p.name for p in recent} <= left and not any(p.name in left for p in old)
    assert "building-dead" not in left and "building-live" in left
    prune_course_cache(tmp_path, keep=16, in_use_seconds=0)
    assert len([n for n in os.listdir(tmp_path) if n.startswith("course-")]) == 16
    assert dead_build.name not in os.listdir(tmp_path) and live_build.exists()


def test_a_folder_used_again_counts_as_used_now(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = course_cache(["part1_subimages"])
    week_ago = time.time() - 7 * DAY
    os.utime(folder, (week_ago, week_ago))
    assert course_cache(["part1_subimages"]) == folder
    assert folder.stat().st_mtime > time.time() - 60
