"""Hostile outputs and numbers for the real ``glute-viewer`` process (issue 13, item 5).

Every CLI call runs ``python -m viewer.cli`` as a subprocess. Outputs that cannot be written (a
folder, a device, a missing folder, a file-size limit, a full device) must end with exit code 2
and one line on stderr naming the path, never a traceback, and never leave a partial file or
touch an existing one; numbers out of range are refused before any work; a closed pipe ends
quietly. A full disk cannot be made without mounting, so ENOSPC while writing a file is covered
by a test of :mod:`viewer.atomic_write` itself (and a real ENOSPC from ``/dev/full`` as stdout).
"""

from __future__ import annotations

import errno
import os
import resource
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.atomic_write import OutputError, write_file, write_text

ROOT = Path(__file__).resolve().parents[2]
FILE_LIMIT = 64 * 1024
"""Bytes allowed per file under RLIMIT_FSIZE: far below the exported page (about 1 MB)."""
PYTHON = shlex.quote(sys.executable)


def cli(*args: str, cwd: Path = ROOT, file_limit: int | None = None, buffered: bool = True,
        stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no .pyc written under the file-size limit
    env.pop("PYTHONUNBUFFERED", None) if buffered else env.update(PYTHONUNBUFFERED="1")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([sys.executable, "-m", "viewer.cli", *args], cwd=cwd, env=env, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=300,
                          preexec_fn=limit if file_limit is not None else None)


def shell(command: str, buffered: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None) if buffered else env.update(PYTHONUNBUFFERED="1")
    return subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def one_line_error(out: subprocess.CompletedProcess, *words: str) -> str:
    """Assert exit 2 and exactly one stderr line holding every word; return it."""
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert len(lines) == 1 and lines[0].startswith("glute-viewer"), out.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- a file-size limit (EFBIG): nothing half-written, an existing file kept ----------------------------------------
def test_export_under_a_file_size_limit_leaves_no_partial_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "page.html"
    first = cli("export", str(target), "--motions", "abduction")  # also fills the cache, so only the page is written
    assert first.returncode == 0, first.stderr
    old = target.read_bytes()
    assert len(old) > 4 * FILE_LIMIT

    out = cli("export", str(target), "--motions", "abduction", "--title", "New", file_limit=FILE_LIMIT)
    one_line_error(out, f"cannot write {target}", "File too large")
    assert target.read_bytes() == old
    assert listing(tmp_path) == ["page.html"]  # no temporary file left

    out = cli("export", str(tmp_path / "fresh.html"), "--motions", "abduction", file_limit=FILE_LIMIT)
    one_line_error(out, "fresh.html", "File too large")
    assert listing(tmp_path) == ["page.html"]


def test_an_mp4_whose_encoder_hits_the_file_size_limit_leaves_nothing(tmp_path):
    clip = ["render", "--motion", "abduction", "--frames", "4", "--width", "64", "--height", "48"]
    warm = cli(*clip, "--out", "warm.png", cwd=tmp_path)  # fills the cache, so only the clip is written below
    assert warm.returncode == 0, warm.stderr
    (tmp_path / "warm.png").unlink()
    out = cli(*clip, "--out", "clip.mp4", cwd=tmp_path, file_limit=512)  # the clip is about 3 KB
    one_line_error(out, "cannot write clip.mp4", "File too large")
    assert listing(tmp_path) == []


# -- outputs that are not regular files ----------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["export", "{}"], ["render", "--out", "{}"]])
def test_an_output_that_is_a_folder_is_refused(tmp_path, command):
    folder = tmp_path / "out.png" if command[0] == "render" else tmp_path / "out.html"
    folder.mkdir()
    out = cli(*[a.format(folder) for a in command])
    one_line_error(out, str(folder), "is a folder, not a regular file")
    assert folder.is_dir() and listing(folder) == [] and listing(tmp_path) == [folder.name]


@pytest.mark.parametrize(("command", "device"), [("export", "/dev/full"), ("render", "/dev/null")])
def test_a_device_is_refused_and_left_alone(command, device):
    before = os.stat(device)
    assert stat.S_ISCHR(before.st_mode)
    out = cli(command, device) if command == "export" else cli(command, "--out", device)
    one_line_error(out, f"cannot write {device}", "is a character device, not a regular file")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_a_link_to_a_device_and_a_named_pipe_are_refused(tmp_path):
    link = tmp_path / "page.html"
    link.symlink_to("/dev/full")
    one_line_error(cli("export", str(link)), str(link), "/dev/full is a character device")
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/full").st_mode)
    fifo = tmp_path / "clip.png"
    os.mkfifo(fifo)
    one_line_error(cli("render", "--out", str(fifo)), str(fifo), "is a named pipe")  # would block if opened
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_picture_refuses_an_output_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "pics"
    blocker.write_text("not a folder")
    one_line_error(cli("picture", "--out-dir", str(blocker), "--width", "16", "--height", "16"),
                   f"cannot write {blocker}", "not a folder")
    assert blocker.read_text() == "not a folder"


# -- missing or impossible folders and names -----------------------------------------------------------------------
def test_outputs_under_a_missing_or_impossible_folder(tmp_path):
    missing = tmp_path / "missing" / "page.html"
    one_line_error(cli("export", str(missing)), str(missing), "does not exist")
    (tmp_path / "file.txt").write_text("x")
    under_file = tmp_path / "file.txt" / "still.png"
    one_line_error(cli("render", "--out", str(under_file)), str(under_file), "Not a directory")
    too_long = tmp_path / ("n" * 300 + ".html")
    one_line_error(cli("export", str(too_long)), "File name too long")
    assert listing(tmp_path) == ["file.txt"]


# -- a full disk: ENOSPC ------------------------------------------------------------------------------------------
def test_a_full_device_as_standard_output_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        out = cli("parts", "--json", stdout=full.fileno())
    one_line_error(out, "cannot write standard output", "No space left on device")


class FullDisk:
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, f, room: int) -> None:
        self.f, self.room = f, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.f.write(data[:self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.f.write(data)


def test_atomic_writer_on_a_full_disk_keeps_the_old_file_and_removes_the_partial_one(tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(b"old page")

    def fill(f) -> None:
        disk = FullDisk(f, room=1000)
        for _ in range(10):
            disk.write(b"x" * 300)

    with pytest.raises(OutputError) as caught:
        write_file(target, fill)
    assert str(caught.value) == f"cannot write {target}: No space left on device"
    assert target.read_bytes() == b"old page" and listing(tmp_path) == ["page.html"]


def test_atomic_writer_replaces_whole_keeps_the_mode_and_follows_a_link(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.html"
    link.symlink_to(target.name)
    write_text(link, "new page")
    assert target.read_text() == "new page" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert link.is_symlink() and listing(tmp_path) == ["link.html", "page.html"]
    with pytest.raises(OutputError, match="is a folder"):
        write_text(tmp_path, "x")


# -- numbers checked before any work ------------------------------------------------------------------------------
@pytest.mark.parametrize(("command", "args", "words"), [
    ("picture", ["--width", "0"], ["--width 0", "16 to 1920"]),
    ("picture", ["--width", "-5"], ["--width -5", "16 to 1920"]),
    ("picture", ["--height", "100000000000000000000"], ["--height 100000000000000000000", "16 to 1080"]),
    ("render", ["--width", "0"], ["--width 0", "16 to 1920"]),
    ("render", ["--width", "200000", "--height", "200000", "--out", "x.gif"], ["--width 200000", "16 to 1920"]),
    ("render", ["--frames", "1000000000"], ["--frames", "2 to 600"]),
    ("render", ["--fps", "1e400", "--out", "x.gif"], ["--fps", "1 to 50"]),
    ("render", ["--flexion", "1e400"], ["--flexion", "-20 to 110"]),
    ("motion", ["running", "--flexion", "nan"], ["--flexion", "-20 to 110"]),
])
def test_sizes_and_counts_out_of_range_are_refused_before_any_work(tmp_path, command, args, words):
    extra = ["--out-dir", str(tmp_path / "pics")] if command == "picture" else []
    one_line_error(cli(command, *args, *extra, cwd=tmp_path), *words)
    assert listing(tmp_path) == []  # no folder, no picture


@pytest.mark.parametrize(("args", "words"), [
    (["--from=-1e308", "--to=1e308", "--step=1e300"], ["--from -1e+308", "flexion", "-30 to 120"]),
    (["--from=-20", "--to=90", "--step=1e-320"], ["--step", "at most 10000"]),
    (["--step=0.001"], ["--step 0.001", "at most 10000"]),
    (["--to=inf"], ["--to must be a finite number"]),
    (["--from=nan"], ["--from must be a finite number"]),
    (["--adduction=1e300"], ["--adduction 1e+300", "-50 to 30"]),
    (["--rotation=-90"], ["--rotation -90", "-40 to 40"]),
])
def test_momentarms_extreme_sweeps_are_refused(args, words):
    one_line_error(cli("momentarms", "glmed1_r", "--coordinate", "flexion", *args), *words)


def test_momentarms_accepts_the_whole_joint_range():
    out = cli("momentarms", "glmed1_r", "--coordinate", "flexion", "--from=-30", "--to=120", "--step=50",
              "--adduction=30", "--rotation=-40")
    assert out.returncode == 0, out.stderr
    assert [line.split()[0] for line in out.stdout.splitlines()[1:]] == ["-30.0", "20.0", "70.0", "120.0"]


# -- a reader that goes away --------------------------------------------------------------------------------------
@pytest.mark.parametrize("buffered", [True, False])
def test_a_closed_pipe_ends_quietly(buffered):
    out = shell(f"{PYTHON} -m viewer.cli parts | head -1", buffered)
    assert out.stdout.startswith("glmax1_r") and len(out.stdout.splitlines()) == 1
    assert out.stderr == "", out.stderr
    # a reader that never reads, and an output far larger than the pipe's buffer: the write must fail
    out = shell(f"{PYTHON} -m viewer.cli parts --json | true; echo ${{PIPESTATUS[0]}}; "
                f"{PYTHON} -m viewer.cli momentarms glmed1_r --coordinate flexion --step 0.02 | head -1; "
                "echo ${PIPESTATUS[0]}", buffered)
    assert out.stderr == "", out.stderr
    assert out.stdout.splitlines()[0] == "141" and out.stdout.splitlines()[-1] == "141", out.stdout
