"""The local dev bot, driven through a pipe and through a pseudo-terminal with scripted input."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from bot.chat import _history, render
from bot.local_api import SentMessage

CHAT = [sys.executable, "-m", "bot.cli", "chat"]
#: An English locale: the chat's own words follow the terminal's language, as a Telegram app's (see below).
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "LC_ALL": "C.UTF-8"}


def test_pipe_gives_plain_replies_one_per_input(seed_index: Path) -> None:
    script = "/help\nWhat did Lukashenko admit?\n\nmore\nHow many people live in Warsaw?\n"
    result = subprocess.run([*CHAT, "--index-dir", str(seed_index)], input=script, capture_output=True, text=True,
                            cwd=ROOT, env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out  # no terminal styling in a pipe
    replies = [r for r in out.split("\n\n") if r.strip()]
    # each reply after what it answers, as typed: a transcript
    assert replies[:2] == ["> /help", replies[1]] and replies[1].startswith("Send me a question")
    assert replies[2] == "> What did Lukashenko admit?" and "> more" in replies and "\n> \n" not in out
    replies = replies[1:]
    # A terminal has no groups, no inline mode and no button to press (a trial's help named the stand-in bot).
    assert "Type **more** for further passages" in replies[0] and "@" not in replies[0]
    answer = out[out.index("In het interview geeft Loekasjenko toe"):]
    assert "— De Wit-Russische president Aleksandr Loekasjenko erkent" in answer and "paragraph 6" in answer
    assert "[More (" in answer
    more = out[out.index("type “more”") :]
    assert "paragraph 5" in more  # the next passage, paged in by "more"
    assert out.rstrip().endswith("I could not find that in the articles. (the articles do not mention Warsaw)")


def test_a_dutch_reader_is_answered_in_dutch_and_an_english_question_in_english(seed_index: Path) -> None:
    """The quotes are never translated; what the bot says around them follows the question's language, and
    /start, with no question to go by, the terminal's (as Telegram's app language: tests/test_telegram.py)."""
    script = "/start\nWat gaf Loekasjenko toe?\nmeer\nHoeveel inwoners heeft Warschau?\nmeer\nhallo\n/status\n" \
             "What did Lukashenko admit?\n"
    result = subprocess.run([*CHAT, "--index-dir", str(seed_index)], input=script, capture_output=True, text=True,
                            cwd=ROOT, env={**ENV, "LC_ALL": "", "LANG": "nl_NL.UTF-8"}, timeout=300)
    assert result.returncode == 0, result.stderr
    replies = [r for r in result.stdout.split("\n\n") if r.strip() and not r.startswith("> ")]
    assert replies[0].startswith("Ik beantwoord vragen over de artikelen van onze redactie")
    dutch, english = result.stdout.split("1 artikel, 8 alinea's")
    assert re.search(r"\n— De Wit-Russische president [^\n]+ · 2021-11 · alinea 6\n", dutch)
    assert re.search(r"\[Meer \(\d+\)\] typ “meer”", dutch)
    assert "Meer over “Wat gaf Loekasjenko toe?”:" in dutch  # "meer" paged on
    assert "Dat kon ik niet in de artikelen vinden. (de artikelen noemen Warschau niet)" in dutch
    assert "Bij je laatste vraag heb ik verder niets." in dutch
    assert "Hallo! Vraag me naar het nieuws in de artikelen" in dutch
    assert "Indexversie " in dutch and "Nieuwste artikel: 2021-11" in english  # /status
    assert "· 2021-11 · paragraph 6" in english and re.search(r"\[More \(\d+\)\] \[👍\] \[👎\] type “more”", english)
    assert "alinea" not in english


def test_commands_after_a_question_speak_its_language(seed_index: Path) -> None:
    """A Dutch reader's trial with an English app (here: locale): /status, "ok" and /new came in English between
    Dutch answers. After /new, with no question to go by, the app's language again."""
    script = "Wat gaf Loekasjenko toe?\n/status\nok\n/new\n/status\n"
    result = subprocess.run([*CHAT, "--index-dir", str(seed_index)], input=script, capture_output=True, text=True,
                            cwd=ROOT, env={**ENV, "LC_ALL": "", "LANG": "en_GB.UTF-8"}, timeout=300)
    assert result.returncode == 0, result.stderr
    dutch, english = result.stdout.split("Nieuw onderwerp")
    assert "Indexversie " in dutch and "Hallo! Vraag me naar het nieuws" in dutch and "Index version" not in dutch
    assert "Index version " in english


def test_the_typing_hint_is_in_the_answers_language(seed_index: Path) -> None:
    """A Dutch answer with no More button ended in English ("type + / - to rate") under an English locale, and
    "zijn vleermuizen blind" after an English question was answered in English: "zijn" did not count as Dutch."""
    script = "Wat zei Stoltenberg?\nWhat did Lukashenko admit?\nzijn de migranten welkom\n"
    result = subprocess.run([*CHAT, "--index-dir", str(seed_index)], input=script, capture_output=True, text=True,
                            cwd=ROOT, env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    # each answer ends in its buttons and the hint: the three answers and what is left after them
    stoltenberg, admitted, welcome, _ = re.split(r"\n\[[^\n]*(?:to rate|om te beoordelen)\n", result.stdout)
    assert stoltenberg.endswith("alinea 8 (Doden)") and "[👍] [👎] typ + / - om te beoordelen" in result.stdout
    assert "paragraph 6" in admitted and "alinea" not in admitted
    assert "· alinea " in welcome and "paragraph" not in welcome
    assert result.stdout.count("om te beoordelen") == 2


def test_first_run_builds_the_index(tmp_path: Path) -> None:
    result = subprocess.run([*CHAT, "--index-dir", str(tmp_path / "index")], input="/status\n", capture_output=True,
                            text=True, cwd=ROOT, env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "No index yet: building one from seeds (once)" in result.stderr
    assert "1 article, 8 paragraphs" in result.stdout


def _read_until(fd: int, pattern: str, timeout: float = 120, *, until_closed: bool = False) -> str:
    buffer = ""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, _plain(buffer)):
        if time.monotonic() > deadline:
            if until_closed:
                return buffer
            raise AssertionError(f"never saw {pattern!r}; screen so far: {_plain(buffer)[-2000:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                buffer += os.read(fd, 65536).decode(errors="replace")
            except OSError:  # the other side closed: the program exited
                break
    return buffer


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r", "", text)


def test_terminal_session_with_line_editing(seed_index: Path) -> None:
    pid, fd = pty.fork()
    if pid == 0:  # the child: newsbot chat on a pseudo-terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [*CHAT, "--index-dir", str(seed_index)], {**ENV, "TERM": "xterm", "COLUMNS": "100", "PROMPT_TOOLKIT_NO_CPR": "1"})
    try:
        screen = _read_until(fd, r"you›")
        assert "quoting them word for word" in _plain(screen)  # /start is shown on arrival
        os.write(fd, b"/status\r")
        assert "8 paragraphs" in _plain(_read_until(fd, r"8 paragraphs[\s\S]*you›"))
        os.write(fd, b"Wie is de secretaris-generaal van de Navo?\r")
        answer = _read_until(fd, r"alinea 8[\s\S]*you›")  # a Dutch question is answered in Dutch
        assert "\x1b[1m" in answer  # the answering sentence in bold
        assert "Jens Stoltenberg, de secretaris-generaal van de Navo" in _plain(answer)
        os.write(fd, b"\r")  # an empty line: just a new prompt
        # The accepted line is drawn again ("you›") before the new prompt: a Ctrl-D sent between the two reaches a
        # terminal in line mode and is lost (a CI run hung here).
        _read_until(fd, r"you›[\s\S]*you›")
        os.write(fd, b"\x04")  # Ctrl-D leaves cleanly
        _read_until(fd, r"(?!)", 60, until_closed=True)
        deadline = time.monotonic() + 10
        while not (waited := os.waitpid(pid, os.WNOHANG))[0] and time.monotonic() < deadline:
            time.sleep(0.1)
        exited, status = waited
        assert exited == pid, "Ctrl-D did not end the chat"
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.close(fd)


def test_render_escapes_markup_from_articles() -> None:
    message = SentMessage(1, 1, "<blockquote>a [red]x[/red] &amp; <b>b</b></blockquote>\n— <i>T</i>", "HTML", None)
    assert render(message, styled=False) == "“a [red]x[/red] & **b**”\n— T"
    assert r"\[red]" in render(message, styled=True)


async def test_a_buttons_label_typed_presses_it(newsroom_index: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A terminal has no buttons: a Dutch reader's "Ouder ›" under /sources was read as a question, in English."""
    import io

    import bot.telegram_bot
    from bot.answer import Answerer
    from bot.chat import LocalChat
    from index.live import LiveIndex

    monkeypatch.setattr(bot.telegram_bot, "SOURCES_PAGE", 2)
    output = io.StringIO()
    async with LocalChat(Answerer(LiveIndex(newsroom_index)), output=output, styled=False, language="nl") as chat:
        for line in ["/sources", "Ouder ›", "ouder", "nieuwer", "ok"]:
            await chat.send(line)
    replies = [r for r in output.getvalue().split("\n\n") if r.strip()]
    assert [re.search(r"\((\d)–", r)[1] for r in replies[:4]] == ["1", "3", "5", "3"]
    assert replies[0].endswith("[Ouder ›]") and replies[1].endswith("[‹ Nieuwer] [Ouder ›]")
    assert replies[4].startswith("Hallo! Vraag me naar het nieuws")  # "ok" says nothing of its language: the app's


async def test_more_after_a_rebuild_quotes_nothing_the_articles_no_longer_hold(seeds_copy: Path,
                                                                              tmp_path: Path) -> None:
    """An operator's trial deleted an article and rebuilt while the chat ran: "more" still quoted it."""
    import io

    from bot.answer import Answerer
    from bot.chat import LocalChat
    from index import build_index
    from index.live import LiveIndex

    index_dir = tmp_path / "index"
    build_index(seeds_copy, index_dir, encoders=("use", "e5"))
    output = io.StringIO()
    async with LocalChat(Answerer(LiveIndex(index_dir)), output=output, styled=False) as chat:
        await chat.send("What did Loekasjenko admit?")
        assert "[More (" in output.getvalue()
        (seeds_copy / "000_fcec125009fbde04.txt").unlink()
        build_index(seeds_copy, index_dir, encoders=("use", "e5"))
        await chat.send("more")
    paged = output.getvalue().split("[More (", 1)[1]  # what came after the first answer
    assert "Loekasjenko" not in paged
    assert "Those passages are no longer in the articles as they were (the index was updated): ask again." in paged


def test_ctrl_c_and_sigterm_stop_a_chat_reading_an_open_pipe(seed_index: Path) -> None:
    """An operator's trial: `newsbot chat` fed by a fifo ignored SIGINT until its writer closed it, and SIGTERM
    killed it (exit 143) instead of stopping the bot."""
    import signal

    for stop in (signal.SIGINT, signal.SIGTERM):
        process = subprocess.Popen([*CHAT, "--index-dir", str(seed_index)], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV,
                                   start_new_session=True)  # SIGINT not ignored, as in a shell's background job
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("/status\n")
        process.stdin.flush()
        assert process.stdout.readline() == "> /status\n" and process.stdout.readline() == "\n"
        assert process.stdout.readline().startswith("Index version")  # the chat runs; the pipe stays open
        process.send_signal(stop)
        try:
            assert process.wait(timeout=60) == 0, stop
        finally:
            process.kill()
        assert "Traceback" not in process.stderr.read()


def test_the_chat_history_is_for_its_user_only(tmp_path: Path) -> None:
    """It keeps what readers typed (a trial's pasted letter) and was made readable by everyone; the ratings beside
    it were not. One left so by an older newsbot is made private too."""
    history = tmp_path / "data" / "chat-history"
    _history(history).store_string("Wat gaf Loekasjenko toe?")
    assert history.stat().st_mode & 0o777 == 0o600 and "Loekasjenko" in history.read_text()
    older = tmp_path / "older-history"
    older.write_text("# old\n+what did he admit\n")
    older.chmod(0o644)
    _history(older)
    assert older.stat().st_mode & 0o777 == 0o600 and "what did he admit" in older.read_text()
