"""What a jail's cgroup writes, on both cgroup versions (isolation/jail.JailCgroup).

This machine may have only one of them mounted, so each version's folder is a plain folder
here, laid out as the kernel shows it (cgroup v2: one folder, with the controllers the
grader's cgroup delegates in `cgroup.subtree_control`; v1: a folder per controller). The
writing itself (names, units, the CPU quota's format) is what these tests pin down; the
real cgroups are exercised by tests/test_jail.py and the attack tests wherever they exist.
"""
import pytest

from autograder.isolation import jail

LIMITS = jail.JailLimits(memory_bytes=3 * 1024 ** 3, processes=64, cpu_cores=1.0)


def _read(folder, name: str) -> str:
    return (folder / name).read_text().strip()


def test_cgroup_v2_bounds_memory_swap_processes_and_cpu_in_one_folder(tmp_path, monkeypatch):
    (tmp_path / "cgroup.subtree_control").write_text("cpu memory pids\n")
    monkeypatch.setattr(jail, "_hierarchies", lambda: {"v2": tmp_path})
    cgroup = jail.JailCgroup.make(LIMITS, owner_pid=4242)
    assert cgroup is not None and cgroup.version == "v2"
    [folder] = cgroup.folders
    assert folder.parent == tmp_path and folder.name.startswith(f"{jail.CGROUP_PREFIX}4242-")
    assert _read(folder, "memory.max") == str(3 * 1024 ** 3)
    assert _read(folder, "pids.max") == str(64 + jail.CGROUP_EXTRA_PIDS)
    assert _read(folder, "cpu.max") == f"{jail.CPU_PERIOD_US} {jail.CPU_PERIOD_US}"  # one core
    assert cgroup.cpu_folder == folder
    cgroup.join(1234)
    assert _read(folder, "cgroup.procs") == "1234"


def test_cgroup_v2_without_a_delegated_cpu_controller_still_bounds_memory(tmp_path, monkeypatch):
    (tmp_path / "cgroup.subtree_control").write_text("memory pids\n")
    monkeypatch.setattr(jail, "_hierarchies", lambda: {"v2": tmp_path})
    cgroup = jail.JailCgroup.make(LIMITS)
    [folder] = cgroup.folders
    assert _read(folder, "memory.max") == str(3 * 1024 ** 3)
    assert not (folder / "cpu.max").exists() and cgroup.cpu_folder is None
    assert cgroup.join_cpu() is False


def test_cgroup_v1_bounds_each_controller_in_its_own_hierarchy(tmp_path, monkeypatch):
    hierarchies = {name: tmp_path / name for name in ("memory", "pids", "cpu")}
    for folder in hierarchies.values():
        folder.mkdir()
    monkeypatch.setattr(jail, "_hierarchies", lambda: hierarchies)
    cgroup = jail.JailCgroup.make(jail.JailLimits(memory_bytes=2 * 1024 ** 3, cpu_cores=0.5))
    assert cgroup.version == "v1" and len(cgroup.folders) == 3
    memory, pids, cpu = cgroup.folders
    assert _read(memory, "memory.limit_in_bytes") == str(2 * 1024 ** 3)
    assert _read(pids, "pids.max") == str(jail.JailLimits.processes + jail.CGROUP_EXTRA_PIDS)
    assert _read(cpu, "cpu.cfs_period_us") == str(jail.CPU_PERIOD_US)
    assert _read(cpu, "cpu.cfs_quota_us") == str(jail.CPU_PERIOD_US // 2)
    assert cgroup.cpu_folder == cpu


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_the_relay_joins_only_the_cpu_quota_and_goes_back_before_removal(tmp_path, monkeypatch, version):
    """The relay shares its jail's CPU quota (kernel_launcher), and must leave the cgroup
    before removing it: removal kills whatever is still inside."""
    if version == "v2":
        (tmp_path / "cgroup.subtree_control").write_text("cpu memory pids\n")
        monkeypatch.setattr(jail, "_hierarchies", lambda: {"v2": tmp_path})
    else:
        hierarchies = {name: tmp_path / name for name in ("memory", "pids", "cpu")}
        for folder in hierarchies.values():
            folder.mkdir()
        monkeypatch.setattr(jail, "_hierarchies", lambda: hierarchies)
    monkeypatch.setattr(jail.os, "getpid", lambda: 777)
    cgroup = jail.JailCgroup.make(LIMITS)
    assert cgroup.join_cpu() is True
    joined = [f for f in cgroup.folders if (f / "cgroup.procs").exists()]
    assert joined == [cgroup.cpu_folder] and _read(cgroup.cpu_folder, "cgroup.procs") == "777"
    cgroup.leave_cpu()
    assert _read(cgroup.cpu_folder.parent, "cgroup.procs") == "777"
