"""Faults a build meets on real files: a damaged cache, a full disk, a read-only folder; and what it says."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from index import NewsbotError, build_index, load_version
from index.manifest import CACHE_FILE, CURRENT_FILE, VERSIONS_DIR

NEWSBOT = [sys.executable, "-m", "bot.cli"]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSBOT, *args], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300)


@pytest.mark.parametrize("full", [False, True])
def test_a_cache_of_random_bytes_is_set_aside_and_rebuilt(seeds_copy: Path, tmp_path: Path, full: bool,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    cache = index_dir / CACHE_FILE
    cache.write_bytes(os.urandom(64 * 1024))  # a real file that SQLite cannot read
    caplog.set_level(logging.WARNING)
    summary = build_index(seeds_copy, index_dir, encoders=("use", "e5"), full=full)
    assert summary.articles == 5 and summary.embedded["use"] > 0
    [aside] = index_dir.glob(f"{CACHE_FILE}.damaged-*")
    assert aside.stat().st_size == 64 * 1024
    assert any("embedding cache" in r.getMessage() and "damaged" in r.getMessage() for r in caplog.records)
    again = build_index(seeds_copy, index_dir, encoders=("use", "e5"))  # the new cache works
    assert again.up_to_date


def test_a_full_disk_during_a_build_is_one_line_and_keeps_the_published_version(seeds_copy: Path,
                                                                               small_disk) -> None:  # type: ignore[no-untyped-def]
    disk = small_disk("6m")
    index_dir = disk / "index"
    build_index(seeds_copy, index_dir, encoders=("use", "e5"))
    before = (index_dir / CURRENT_FILE).read_text()
    # Many new paragraphs, so that the embedding cache (SQLite) is what meets the full disk.
    paragraphs = "\n\n".join(f"Paragraph {n} tells how the harbour of town {n} counted {n * 7} ships on day {n}."
                             for n in range(400))
    (seeds_copy / "long.txt").write_text(f"title Many ships\ndate 2024-01-01\n\n{paragraphs}")
    free = os.statvfs(disk)
    with (disk / "filler").open("wb") as filler:  # leave about 64 KiB free
        filler.write(b"\0" * max(0, free.f_bavail * free.f_frsize - 64 * 1024))
    result = _run("index", "build", "--seeds", str(seeds_copy), "--index-dir", str(index_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: could not write the new index version (")
    assert "the previous version is still published: free some space and run " \
           f"`newsbot index build --index-dir {index_dir}` again (the embedding cache embedding-cache.sqlite and " \
           "its -wal file" in last  # what the space went to, which a failed build keeps on purpose (a drill asked)
    assert (index_dir / CURRENT_FILE).read_text() == before
    assert not any(p.name.startswith(".building-") for p in (index_dir / VERSIONS_DIR).iterdir())
    (disk / "filler").unlink()
    assert load_version(index_dir).manifest.data["counts"]["articles"] == 5


def test_a_full_disk_at_a_first_build_names_the_command_that_finishes_it(seeds_copy: Path,
                                                                         small_disk) -> None:  # type: ignore[no-untyped-def]
    """An operator's trial: a first build on a full disk said "the previous version is still published", where
    there was none, and the build it suggested lacked the articles' folder (remembered only once published)."""
    disk = small_disk("4m")
    free = os.statvfs(disk)
    with (disk / "filler").open("wb") as filler:  # leave about 64 KiB free
        filler.write(b"\0" * max(0, free.f_bavail * free.f_frsize - 64 * 1024))
    index_dir = disk / "index"
    result = _run("index", "build", "--seeds", str(seeds_copy), "--index-dir", str(index_dir))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: could not write the new index version (") and "previous version" not in last
    assert (f"no version is published yet: free some space and run `newsbot index build --seeds {seeds_copy} "
            f"--index-dir {index_dir}`") in last


def test_a_read_only_index_folder_is_one_line(seeds_copy: Path, small_disk) -> None:  # type: ignore[no-untyped-def]
    disk = small_disk("8m")
    build_index(seeds_copy, disk / "index", encoders=("use", "e5"))
    small_disk.read_only(disk)  # a mode of 0o555 would not stop root; a read-only mount does
    result = _run("index", "build", "--seeds", str(seeds_copy), "--index-dir", str(disk / "index"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: cannot write to the index folder {disk / 'index'} (Read-only file system): make it writable or pass "
        "--index-dir with a folder you can write to"]
    with pytest.raises(NewsbotError, match="cannot write to the index folder"):
        build_index(seeds_copy, disk / "new-index", encoders=("use", "e5"))


def test_a_read_only_embedding_cache_is_one_line_and_keeps_the_published_version(seeds_copy: Path, tmp_path: Path,
                                                                                  small_disk) -> None:  # type: ignore[no-untyped-def]
    """An operator's drill: a cache this user cannot write gave a 54-line traceback ("attempt to write a readonly
    database")."""
    index_dir = tmp_path / "index"
    build_index(seeds_copy, index_dir, encoders=("use", "e5"))
    before = (index_dir / CURRENT_FILE).read_text()
    small_disk.read_only_bind(index_dir / CACHE_FILE)
    (seeds_copy / "nieuw.txt").write_text("title Nieuw\n\nDe veerpont vaart weer vanaf maandag.\n")
    result = _run("index", "build", "--seeds", str(seeds_copy), "--index-dir", str(index_dir))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: could not write the new index version (attempt to write a readonly database); the previous version "
        f"is still published: make {index_dir} and its files writable by this user (embedding-cache.sqlite and its "
        f"-wal and -shm files too) and run `newsbot index build --index-dir {index_dir}` again"]
    assert (index_dir / CURRENT_FILE).read_text() == before
    assert _run("ask", "Wat gaf Loekasjenko toe?", "--index-dir", str(index_dir)).returncode == 0


def test_an_index_dir_that_is_a_file_says_so(seeds_copy: Path, tmp_path: Path) -> None:
    """Before, the build said "cannot write … (File exists): make it writable", and `ask` then told the user to
    run that same build."""
    a_file = tmp_path / "index"
    a_file.write_text("notes\n")
    build = _run("index", "build", "--seeds", str(seeds_copy), "--index-dir", str(a_file))
    ask = _run("ask", "Why are the dockworkers on strike?", "--index-dir", str(a_file))
    assert build.returncode == ask.returncode == 1
    assert build.stderr.strip() == (f"error: {a_file} is a file, not a folder: pass --index-dir with a folder "
                                    "(a missing one is created)")
    assert ask.stderr.strip() == (f"error: {a_file} is a file, not an index folder: pass --index-dir with the "
                                  "folder `newsbot index build` wrote")
    # `chat` had said "No index yet: building one from seeds…" (an operator's drill).
    chat = subprocess.run([*NEWSBOT, "chat", "--index-dir", str(a_file)], input="", capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=300)
    assert chat.returncode == 1 and "No index yet" not in chat.stderr
    assert chat.stderr.strip() == (f"error: {a_file} is a file, not an index folder: pass --index-dir with the "
                                   "folder `newsbot index build` wrote (a missing one is built)")
    assert a_file.read_text() == "notes\n"


def test_hints_about_a_custom_index_name_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.manifest import current_version_dir

    custom = tmp_path / "custom index"
    result = _run("ask", "hello?", "--index-dir", str(custom))
    assert result.stderr.strip() == f"error: no index in {custom}: run `newsbot index build --index-dir '{custom}'` first"
    monkeypatch.chdir(tmp_path)  # the default folder, data/index, needs no --index-dir
    with pytest.raises(NewsbotError, match=r"run `newsbot index build` first$"):
        current_version_dir(Path("data") / "index")


def test_a_damaged_custom_index_names_its_folder_in_the_hint(seeds_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(seeds_copy, index_dir, encoders=("use", "e5"))
    version = index_dir / VERSIONS_DIR / (index_dir / CURRENT_FILE).read_text().strip()
    vectors = version / "vectors-use.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])
    result = _run("ask", "Why are the dockworkers on strike?", "--index-dir", str(index_dir))
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"run `newsbot index build --index-dir {index_dir}` to rebuild it")


def test_a_build_in_a_pipe_logs_its_progress(seeds_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import index.progress

    monkeypatch.setattr(index.progress, "LOG_EVERY_SECONDS", 0.0)  # a line at every batch, not every 5 s
    caplog.set_level(logging.INFO)
    build_index(seeds_copy, tmp_path / "index", encoders=("use", "e5"))
    lines = [r.getMessage() for r in caplog.records if r.name == "index.progress"]
    assert lines and lines[0].startswith("embedding (use): 22 of 22 paragraphs (")


def test_the_full_disk_check_is_not_a_fake(small_disk) -> None:  # type: ignore[no-untyped-def]
    disk = small_disk("1m")
    with pytest.raises(OSError, match="No space left on device"):
        (disk / "big").write_bytes(b"\0" * 2 * 1024 * 1024)
    shutil.rmtree(disk / "big", ignore_errors=True)


def test_a_model_for_an_index_without_its_vectors_is_refused(seeds_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(seeds_copy, index_dir, encoders=("use", "e5"))
    result = _run("ask", "Why are the dockworkers on strike?", "--model", "does-not-exist", "--index-dir", str(index_dir))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: --model does-not-exist: the index has no sentence-transformers vectors, so no model would be used; "
        f"build them with `newsbot index build --model does-not-exist --index-dir {index_dir}` or drop --model "
        "(and NEWSBOT_MODEL)")


def test_a_file_size_limit_is_one_line(seeds_copy: Path, tmp_path: Path) -> None:
    """An operator's drill: `ulimit -f` during a build gave a 60-line traceback ("File too large")."""
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    result = subprocess.run([*NEWSBOT, "index", "build", "--seeds", str(seeds_copy), "--index-dir",
                             str(tmp_path / "index")], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300,
                            preexec_fn=limited)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "(File too large)" in last and "ulimit -f" in last
    assert tempfile.gettempdir() in last  # where: py3langid unpacks its model there first (the drill had no path)
    assert len([line for line in result.stderr.splitlines() if line.startswith("error:")]) == 1


def test_an_output_that_cannot_take_every_character_or_goes_away_is_no_traceback(seed_index: Path) -> None:
    """A developer's trial: `PYTHONIOENCODING=latin-1 newsbot ask --json …` ended in a 35-line traceback, and
    `newsbot ask - | head -1` in exit 1 with nothing said."""
    import json
    import signal
    from typing import IO, cast

    latin = subprocess.run([*NEWSBOT, "ask", "--json", "Wat gaf Loekasjenko toe?", "--index-dir", str(seed_index)],
                           capture_output=True, cwd=ROOT, env={**ENV, "PYTHONIOENCODING": "latin-1"}, timeout=300)
    assert latin.returncode == 0 and b"Traceback" not in latin.stderr
    assert json.loads(latin.stdout.decode("latin-1"))["passages"][0]["paragraph"] == 6
    reader = subprocess.Popen([*NEWSBOT, "ask", "-", "--index-dir", str(seed_index)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=ENV)
    stdin, stdout, stderr = (cast(IO[bytes], pipe) for pipe in (reader.stdin, reader.stdout, reader.stderr))
    stdin.write(b"Wat gaf Loekasjenko toe?\n" * 200)
    stdin.close()
    stdout.readline()
    stdout.close()  # as `head -1` does
    assert reader.wait(timeout=300) == 128 + signal.SIGPIPE  # as shell tools
    assert stderr.read() == b""
