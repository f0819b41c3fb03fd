"""What the Telegram bot does when start-up goes wrong, and what it keeps out of its output and logs.

Each fault is real: a Bot API server on 127.0.0.1 answering 401, a port that refuses connections, the
bot started as ``newsbot telegram`` in its own process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from botapi_server import TOKEN, BotApiServer
from conftest import ROOT
from test_telegram import _texts, _until, polling_bot, server  # noqa: F401 - fixtures

from bot.answer import Answerer
from bot.local_api import BOT_USER
from bot.telegram_bot import TOKEN_REJECTED
from index import build_index
from index.live import LiveIndex

SECRET = TOKEN.partition(":")[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bot(base_url: str, index_dir: Path, *options: str, telegram: tuple[str, ...] = ()) -> subprocess.Popen:
    """``newsbot [options] telegram --index-dir INDEX [telegram options]`` against ``base_url``."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base_url}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *options, "telegram", "--index-dir", str(index_dir),
                             *telegram], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class _Lines:
    """Collects a process's stderr lines as they come."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=lambda: self.lines.extend(iter(process.stderr.readline, "")), daemon=True)
        self.thread.start()

    def wait_for(self, predicate, process: subprocess.Popen, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not predicate(self.lines):
            assert process.poll() is None, "".join(self.lines)[-3000:]
            assert time.monotonic() < deadline, "".join(self.lines)[-3000:]
            time.sleep(0.1)


def test_a_rejected_token_is_one_line_and_never_shown(server: BotApiServer, seed_index: Path) -> None:  # noqa: F811
    server.fail_next("getMe", (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}))
    process = _bot(server.base_url, seed_index)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert stdout == "" and stderr.strip().splitlines() == [f"error: {TOKEN_REJECTED}"]
    assert SECRET not in stdout + stderr


@pytest.mark.parametrize("reply", [
    (400, {"ok": False, "error_code": 400, "description": f"Bad Request: bot{TOKEN}"}),  # capitalised: lowercased
    (200, b"<html>a captive portal</html>"), (200, {"ok": True, "result": [1, 2]})])
def test_a_get_me_answer_that_is_not_the_bot_is_one_line_and_never_shows_the_token(
        server: BotApiServer, seed_index: Path, reply: tuple) -> None:  # noqa: F811
    """A security review: a 400 echoing the URL showed the token in lower case (redaction matched it as typed), and
    a page or a list instead of the bot gave 67-104 lines of traceback."""
    server.fail_next("getMe", reply)
    process = _bot(server.base_url, seed_index)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1 and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1 and stderr.startswith(f"error: the Bot API at {server.base_url} ")
    assert SECRET.lower() not in (stdout + stderr).lower()


def test_a_token_of_the_wrong_shape_is_one_line_and_never_shown(seed_index: Path) -> None:
    """An operator's trial: a mistyped token was retried against the network for ever."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TELEGRAM_BOT_TOKEN": "not a token SECRETX"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "telegram", "--index-dir", str(seed_index)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "SECRETX" not in result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == ["error: TELEGRAM_BOT_TOKEN is not a bot token: @BotFather gives one "
                                                  "like 123456789:ABCdef… (digits, a colon, then letters, digits, - and _)"]


def test_no_exception_that_leaves_the_process_shows_the_token(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture) -> None:
    import bot.cli

    def crash() -> None:
        raise RuntimeError(f"a bug that put the token {TOKEN} in its message")

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setattr(bot.cli, "app", crash)
    with pytest.raises(SystemExit) as exit_:
        bot.cli.run()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "RuntimeError: a bug that put the token [bot token] in its message" in err and SECRET not in err


def test_an_exception_that_ends_a_thread_does_not_show_the_token(capsys: pytest.CaptureFixture) -> None:
    from bot.redact import install_token_redaction

    install_token_redaction(TOKEN)

    def crash() -> None:
        raise RuntimeError(f"token {TOKEN}")

    worker = threading.Thread(target=crash)
    worker.start()
    worker.join()
    err = capsys.readouterr().err
    assert "RuntimeError: token [bot token]" in err and SECRET not in err


def _ask_and_stop(server: BotApiServer, process: subprocess.Popen, text: str, chat_id: int) -> str:  # noqa: F811
    lines = _Lines(process)
    server.api.push(server.api.user_message(text, chat_id=chat_id))
    lines.wait_for(lambda _: _texts(server, chat_id), process)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    lines.thread.join(timeout=10)
    assert process.returncode == 0
    return "".join(lines.lines)


def test_users_text_stays_out_of_debug_logs_unless_asked_for(server: BotApiServer, seed_index: Path) -> None:  # noqa: F811
    question = "Wat gaf Loekasjenko toe, vroeg Zebrapad9137?"
    logs = _ask_and_stop(server, _bot(server.base_url, seed_index, "-vv"), question, 60)
    assert " DEBUG " in logs  # -vv did log at debug level
    assert "Zebrapad9137" not in logs and "Loekasjenko toe" not in logs and SECRET not in logs
    logs = _ask_and_stop(server, _bot(server.base_url, seed_index, "-vv", "--log-messages"), question, 66)
    assert "Zebrapad9137" in logs and SECRET not in logs  # python-telegram-bot's own debug lines, when asked


def test_an_unreachable_bot_api_is_retried_with_one_line_warnings(seed_index: Path) -> None:
    port = _free_port()  # nothing listens here yet: connections are refused
    process = _bot(f"http://127.0.0.1:{port}", seed_index)
    lines = _Lines(process)
    try:
        lines.wait_for(lambda ls: sum("cannot reach the Telegram Bot API" in line for line in ls) >= 2, process)
        late = BotApiServer(port=port).start()  # the Bot API comes back: the bot connects and answers
        try:
            late.api.push(late.api.user_message("/status", chat_id=61))
            lines.wait_for(lambda _: _texts(late, 61), process, timeout=60)
            late.fail_next("getUpdates", "drop")  # and goes away again while the bot runs
            late.api.push(late.api.user_message("/help", chat_id=67))
            lines.wait_for(lambda _: _texts(late, 67), process, timeout=60)
            late.fail_next("getUpdates", "drop")  # and at shutdown, when polling fetches once more
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        finally:
            late.stop()
        lines.thread.join(timeout=10)
        assert process.returncode == 0
        logs = "".join(lines.lines)
        assert "Traceback" not in logs and SECRET not in logs
        assert any("WARNING bot.telegram_bot: lost the connection to the Telegram Bot API (" in line
                   for line in lines.lines)
        warnings = [line for line in lines.lines if "cannot reach" in line]
        assert all(f"WARNING bot.telegram_bot: cannot reach the Telegram Bot API at http://127.0.0.1:{port} (" in w
                   and "; retrying in " in w for w in warnings)
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("options, error", [
    (["--api-base-url", "notaurl"], "error: --api-base-url / TELEGRAM_API_BASE_URL 'notaurl' is not an http(s) URL: "
                                    "give the Bot API server's address, e.g. http://127.0.0.1:8081"),
    (["--webhook-url", "http://example.org/hook"],
     "error: --webhook-url 'http://example.org/hook' must be an https:// URL: Telegram sends updates only over HTTPS "
     "(put a TLS-terminating proxy in front of --listen/--port)"),
])
def test_a_bot_api_or_webhook_address_that_cannot_work_is_one_line(seed_index: Path, options: list[str],
                                                                   error: str) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TELEGRAM_BOT_TOKEN": TOKEN}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "telegram", "--index-dir", str(seed_index), *options],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stderr.strip().splitlines() == [error]
    port = subprocess.run([sys.executable, "-m", "bot.cli", "telegram", "--port", "70000"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert port.returncode == 2 and "Invalid value for '--port': Input should be less than or equal to 65535" in port.stderr


def test_webhook_faults_are_one_line(server: BotApiServer, seed_index: Path) -> None:  # noqa: F811
    server.fail_next("setWebhook", (400, {"ok": False, "error_code": 400,
                                          "description": "Bad Request: bad webhook: Failed to resolve host"}))
    refused = _bot(server.base_url, seed_index,
                   telegram=("--webhook-url", "https://bot.invalid/hook", "--port", str(_free_port())))
    stdout, stderr = refused.communicate(timeout=120)
    assert refused.returncode == 1 and stderr.strip().splitlines()[-1] == (
        "error: Telegram refused the webhook https://bot.invalid/hook: Bad webhook: failed to resolve host")
    assert "Traceback" not in stderr
    nowhere = _bot(server.base_url, seed_index, telegram=("--webhook-url", "https://bot.example/hook",
                                                          "--listen", "999.1.1.1"))
    stdout, stderr = nowhere.communicate(timeout=120)
    assert nowhere.returncode == 1 and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("error: cannot listen on 999.1.1.1:8443 (")
    # An operator's trial: a port already taken was found only after the bot said it was on Telegram and the
    # webhook had been set.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port, before = taken.getsockname()[1], len(server.api.calls)
        busy = _bot(server.base_url, seed_index, telegram=("--webhook-url", "https://bot.example/hook",
                                                           "--port", str(port)))
        stdout, stderr = busy.communicate(timeout=120)
    assert busy.returncode == 1 and stderr.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{port} (Address already in use): check --listen and --port"]
    assert "setWebhook" not in [method for method, _ in server.api.calls[before:]]


def test_a_web_server_that_is_no_bot_api_is_one_line(server: BotApiServer, seed_index: Path) -> None:  # noqa: F811
    """An operator's trial pointed TELEGRAM_API_BASE_URL at a plain web server: each retry's warning held its page."""
    server.fail_next("getMe", (501, b"<!DOCTYPE HTML>\n<html lang='en'>" + b"<p>Unsupported method</p>" * 30))
    stdout, stderr = _bot(server.base_url, seed_index).communicate(timeout=120)
    assert stderr.strip().splitlines()[-1] == (
        f"error: the Bot API at {server.base_url} answered getMe with something other than this bot (Not Implemented "
        "(501): an answer that is not the Bot API's JSON): check TELEGRAM_API_BASE_URL, or leave it unset for "
        "Telegram's own")
    assert "<html" not in stderr and "Traceback" not in stderr


def test_an_error_page_instead_of_json_is_one_line_a_try(server: BotApiServer, seed_index: Path) -> None:  # noqa: F811
    for _ in range(2):  # a proxy in front of the Bot API answers with its own page, then the Bot API is back
        server.fail_next("getMe", (502, b"<html>bad gateway</html>"))
    process = _bot(server.base_url, seed_index)
    lines = _Lines(process)
    try:
        server.api.push(server.api.user_message("/help", chat_id=71))
        lines.wait_for(lambda _: _texts(server, 71), process, timeout=90)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    lines.thread.join(timeout=10)
    logs = "".join(lines.lines)
    assert "Traceback" not in logs and "invalid JSON" not in logs
    assert sum("cannot reach the Telegram Bot API" in line and "Bad Gateway (502)" in line for line in lines.lines) == 2
    assert f"newsbot is on Telegram as @{BOT_USER['username']} (long polling); Ctrl-C stops it\n" in lines.lines


@pytest.mark.parametrize("suffix", ["/bot", "/bot/"])
async def test_a_base_url_in_python_telegram_bots_own_form_works(server: BotApiServer, polling_bot,  # noqa: F811
                                                                 seed_answerer: Answerer, suffix: str) -> None:
    from bot.telegram_bot import build_application
    from test_telegram import _start, _stop

    app = build_application(seed_answerer, token=TOKEN, base_url=server.base_url + suffix)
    await _start(app)
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        server.api.push(server.api.user_message("/status", chat_id=62))
        await _until(lambda: _texts(server, 62))
        assert "8 paragraphs" in _texts(server, 62)[0]
        assert all(path.startswith(f"/bot{TOKEN}/") for path in server.paths)
    finally:
        await _stop(app)


async def test_an_unknown_command_gets_the_list_of_commands(server: BotApiServer, polling_bot) -> None:  # noqa: F811
    await polling_bot()
    api = server.api
    api.push(api.user_message("/bogus", chat_id=63))
    api.push(api.user_message("/bogus", chat_id=-64, chat_type="group"))  # maybe another bot's, in a group
    api.push(api.user_message(f"/bogus@{BOT_USER['username']}", chat_id=-65, chat_type="group"))
    await _until(lambda: _texts(server, 63) and _texts(server, -65))
    reply = _texts(server, 63)[0]
    assert reply.startswith("I do not know /bogus. These are my commands:")
    assert "/start" in reply and "/help" in reply and "/sources" in reply
    assert _texts(server, -65)[0].startswith("I do not know /bogus.") and _texts(server, -64) == []


async def test_inline_results_have_distinct_short_ids_however_long_the_path(server: BotApiServer,  # noqa: F811
                                                                            polling_bot, tmp_path: Path) -> None:
    folder = tmp_path / "seeds" / ("desk-" + "ø" * 60)  # 60 two-byte characters: the path is long in bytes too
    folder.mkdir(parents=True)
    for name in ("harbour-one", "harbour-two"):
        (folder / f"{name}.txt").write_text(f"title {name}\ndate 2024-02-0{len(name) % 9}\n\n"
                                            f"The harbour of {name.split('-')[1]} counted 300 seals on the sandbanks.")
    build_index(tmp_path / "seeds", tmp_path / "index", encoders=("use", "e5"))
    await polling_bot(answerer=Answerer(LiveIndex(tmp_path / "index")))
    server.api.push({"inline_query": {"id": "q2", "from": {"id": 9, "is_bot": False, "first_name": "R"},
                                      "query": "How many seals did the harbour count?", "offset": ""}})
    await _until(lambda: server.api.inline_answers)
    ids = [r["id"] for r in server.api.inline_answers[0]["results"]]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(len(i.encode()) <= 64 for i in ids)


async def test_button_presses_answered_late_pressed_twice_or_unknown(server: BotApiServer, polling_bot) -> None:  # noqa: F811
    """A Telegram trial: when Telegram refused the answer to a More press ("query is too old", as it does ~15 s
    after the press) the page was never sent and the reader got "Sorry, something went wrong"; a double tap
    sent the page twice; a button the bot did not know kept its spinner for ever."""
    await polling_bot()
    api = server.api
    api.push(api.user_message("What did Lukashenko admit?", chat_id=71))
    await _until(lambda: _texts(server, 71))
    first = next(m for m in api.messages if m.chat_id == 71)
    more = next(b["callback_data"] for b in first.buttons() if b["callback_data"].startswith("more:"))
    server.fail_next("answerCallbackQuery", (400, {"ok": False, "error_code": 400, "description": "Bad Request: "
                                                   "query is too old and response timeout expired or query ID is invalid"}))
    api.push_batch([api.button_press(first, more), api.button_press(first, more)])  # a double tap
    await _until(lambda: "Already shown above." in api.callback_answers)
    await _until(lambda: len(_texts(server, 71)) >= 2)
    texts = _texts(server, 71)
    assert len(texts) == 2 and texts[1].startswith("More for “What did Lukashenko admit?”:")
    for data in ("garbage:1:<b>", "more:1", "rate:x"):
        api.push(api.button_press(first, data))
    await _until(lambda: api.callback_answers.count("This button no longer works. Please ask again.") == 3)
    assert len(_texts(server, 71)) == 2 and not any("went wrong" in t for t in _texts(server, 71))


async def test_a_chat_that_cannot_take_a_reply_gets_no_sorry(
        server: BotApiServer, polling_bot, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    """A Telegram trial: a kicked bot, a closed topic or a deleted question each logged a traceback of ~55 lines
    and sent "Sorry, something went wrong" (refused in turn)."""
    await polling_bot()
    api = server.api
    for chat, description, logged in [(81, "Forbidden: bot was blocked by the user", "blocked by the user"),
                                      (-82, "Bad Request: TOPIC_CLOSED", "Topic_closed")]:
        status = 403 if description.startswith("Forbidden") else 400
        server.fail_next("sendMessage", (status, {"ok": False, "error_code": status, "description": description}))
        api.push(api.user_message("/ask What did Lukashenko admit?", chat_id=chat,
                                  chat_type="private" if chat > 0 else "group"))
        await _until(lambda: any(logged in r.getMessage() for r in caplog.records))
    api.push(api.user_message("Wie is de secretaris-generaal van de Navo?", chat_id=81))
    await _until(lambda: _texts(server, 81))
    assert len(_texts(server, 81)) == 1 and not _texts(server, -82)  # no "Sorry" sent anywhere
    refused = [r for r in caplog.records if "Telegram refused the reply" in r.getMessage()]
    assert len(refused) == 2 and all(r.exc_info is None for r in refused)
    assert not any("Traceback" in (r.exc_text or "") for r in caplog.records)


async def test_a_send_that_timed_out_is_not_sent_again() -> None:
    """A Telegram trial: a sendMessage that Telegram answered after 12 s had been sent again after the 5 s timeout,
    and the answer arrived twice. A network error before sending is still retried."""
    from telegram.error import NetworkError, TimedOut

    from bot.telegram_bot import _send_retrying

    calls: list[str] = []

    async def slow(text: str) -> str:
        calls.append(text)
        raise TimedOut()

    with pytest.raises(TimedOut):
        await _send_retrying(slow, "answer")
    assert calls == ["answer"]

    async def flaky(text: str) -> str:
        calls.append(text)
        if len(calls) < 3:
            raise NetworkError("connection refused")
        return "sent"

    assert await _send_retrying(flaky, "again") == "sent" and calls == ["answer", "again", "again"]


def test_a_password_in_the_bot_api_address_is_not_shown() -> None:
    """An operator's drill: a proxy's basic-auth password in --api-base-url appeared in every retry warning."""
    from bot.telegram_bot import ResilientBot

    bot = ResilientBot(TOKEN, base_url="http://proxy:Hunter2pw@127.0.0.1:9/bot")
    assert bot.api_root == "http://proxy:***@127.0.0.1:9"
    assert ResilientBot(TOKEN, base_url="http://127.0.0.1:9/bot").api_root == "http://127.0.0.1:9"
