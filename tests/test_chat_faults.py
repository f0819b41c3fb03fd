"""The local chat on a terminal when its history file cannot be written (a read-only mount, as for root too)."""

from __future__ import annotations

import os
import pty
import shutil
import sys
from pathlib import Path

from conftest import ROOT
from test_chat import CHAT, ENV, _plain, _read_until


def test_an_unwritable_history_is_one_warning_not_a_traceback_per_line(seed_index: Path, small_disk) -> None:  # type: ignore[no-untyped-def]
    disk = small_disk("64m")
    shutil.copytree(seed_index, disk / "index")
    small_disk.read_only(disk)  # the history goes beside the index: disk/chat-history
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execve(sys.executable, [*CHAT, "--index-dir", str(disk / "index")],
                  {**ENV, "TERM": "xterm", "COLUMNS": "100", "PROMPT_TOOLKIT_NO_CPR": "1"})
    try:
        screen = _read_until(fd, r"you›")
        for line in (b"/status\r", b"/help\r"):
            os.write(fd, line)
            screen += _read_until(fd, r"(8 paragraphs|Send me a question)[\s\S]*you›")
        os.write(fd, b"\x04")
        screen += _read_until(fd, r"(?!)", timeout=30, until_closed=True)  # everything up to the exit
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        text = _plain(screen)
        assert "Traceback" not in text and "Errno" not in text and "Press ENTER to continue" not in text
        assert text.count("warning: cannot write the chat history") == 1
        assert f"{disk / 'chat-history'} (Read-only file system)" in text
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.close(fd)


def test_a_rating_where_ratings_cannot_be_written_says_they_are_off(seed_index: Path, small_disk) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    disk = small_disk("64m")
    shutil.copytree(seed_index, disk / "index")
    small_disk.read_only(disk)  # the ratings go beside the index
    result = subprocess.run([*CHAT, "--index-dir", str(disk / "index")], input="What did Lukashenko admit?\n+\n",
                            capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300)
    assert result.returncode == 0 and "paragraph 6" in result.stdout
    assert "warning: ratings are off" in result.stderr
    assert result.stdout.rstrip().endswith(
        "Ratings are off here: they cannot be written beside the index (see the warning at start).")
