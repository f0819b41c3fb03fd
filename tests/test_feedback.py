"""Ratings: 👍 / 👎 on Telegram (the real Application against the test Bot API server) and in `newsbot chat`,
the SQLite store, and the export that `newsbot eval` reads back."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from botapi_server import TOKEN, BotApiServer
from conftest import EVAL, ROOT, SEED_ID
from test_telegram import _start, _stop, _texts, _until
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.feedback import DOWN, UP, FeedbackStore, RatedAnswer, feedback_path
from bot.telegram_bot import build_application


def test_ratings_store_no_ids_and_export_a_question_set(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    answer = RatedAnswer("What did Lukashenko admit?", (f"{SEED_ID}#6", f"{SEED_ID}#5"), "v1")
    assert store.rate("a1", 424242, answer, UP) is False
    assert store.rate("a1", 424242, answer, DOWN) is True  # changed, not added
    assert store.rate("a1", 424242, answer, DOWN) is False  # the same again changes nothing (not "Rating changed.")
    store.rate("a1", 515151, answer, UP)
    store.rate("a2", 424242, RatedAnswer("Wie is de secretaris-generaal van de Navo?", (f"{SEED_ID}#8",), "v1"), UP)
    summary = store.summary()
    assert (summary.ratings, summary.up, summary.down, summary.raters, summary.questions) == (3, 2, 1, 2, 2)
    assert [w.question for w in summary.worst] == ["What did Lukashenko admit?"]
    rows = sqlite3.connect(tmp_path / "feedback.sqlite").execute("SELECT * FROM ratings").fetchall()
    assert not any("424242" in str(value) or "515151" in str(value) for row in rows for value in row)
    assert (tmp_path / "feedback.key").stat().st_mode & 0o077 == 0
    assert (tmp_path / "feedback.sqlite").stat().st_mode & 0o077 == 0  # readers' questions: the owner's only
    store.rate("a3", 616161, answer, DOWN)  # two 👎 against one 👍: the first quote is wrong, the second is not
    assert store.question_set() == [
        {"question": "What did Lukashenko admit?", "language": "en", "answers": [f"{SEED_ID}#5"],
         "wrong": [f"{SEED_ID}#6"]},
        {"question": "Wie is de secretaris-generaal van de Navo?", "language": "nl", "answers": [f"{SEED_ID}#8"],
         "wrong": []}]
    # One vote a reader a question, the latest: a security review's reader asked five times and voted 👎 on each
    # answer, outvoting the others and marking a right passage "wrong".
    for key in ("b1", "b2", "b3", "b4", "b5"):
        store.rate(key, 717171, RatedAnswer("Wie is de secretaris-generaal van de Navo?", (f"{SEED_ID}#8",), "v1"),
                   DOWN)
    assert (store.summary().ratings, store.summary().down) == (5, 3)  # 717171's five presses are one 👎
    assert all(f"{SEED_ID}#8" not in q["wrong"] for q in store.question_set())  # one 👍, one 👎: not marked wrong


@pytest.fixture
async def rating_bot(seed_answerer, tmp_path: Path):  # type: ignore[no-untyped-def]
    server = BotApiServer().start()
    store = FeedbackStore(tmp_path / "data" / "feedback.sqlite")
    application = build_application(seed_answerer, token=TOKEN, base_url=server.base_url, feedback=store)
    await _start(application)
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    yield server, store
    await _stop(application)
    server.stop()


async def test_a_rating_that_cannot_be_saved_is_said_in_one_line(rating_bot, small_disk,  # type: ignore[no-untyped-def]
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    """An operator's drill: with the ratings' folder read-only, a 👍 got "Sorry, something went wrong" and a
    traceback."""
    server, store = rating_bot
    api = server.api
    api.push(api.user_message("What did Lukashenko admit?", chat_id=22))
    await _until(lambda: _texts(server, 22))
    answer = next(m for m in api.messages if m.chat_id == 22)
    small_disk.read_only_bind(store.path.parent)  # no journal can be made beside the ratings
    api.push(api.button_press(answer, answer.buttons()[1]["callback_data"]))
    await _until(lambda: "Sorry, your rating could not be saved right now." in api.callback_answers)
    assert "Traceback" not in caplog.text and len(_texts(server, 22)) == 1  # no "Sorry" message in the chat
    assert any(r.getMessage().startswith("could not save a rating (") for r in caplog.records)


async def test_rate_and_change_a_rating_on_telegram(rating_bot, seed_index: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server, store = rating_bot
    api = server.api
    api.push(api.user_message("What did Lukashenko admit?", chat_id=21))
    await _until(lambda: _texts(server, 21))
    answer = next(m for m in api.messages if m.chat_id == 21)
    assert [b["text"] for b in answer.buttons()][1:] == ["👍", "👎"] and answer.buttons()[0]["text"].startswith("More")
    assert len(answer.reply_markup["inline_keyboard"]) == 1  # beside "More", in one row

    up, down = answer.buttons()[1:]
    api.push(api.button_press(answer, up["callback_data"]))
    await _until(lambda: "Thanks for rating!" in api.callback_answers)
    await _until(lambda: "👍 ✓" in [b["text"] for b in answer.buttons()])
    api.push(api.button_press(answer, down["callback_data"]))
    await _until(lambda: "Rating changed." in api.callback_answers)
    await _until(lambda: "👎 ✓" in [b["text"] for b in answer.buttons()])
    summary = store.summary()
    assert (summary.ratings, summary.down, summary.raters) == (1, 1, 1)

    api.push(api.button_press(answer, answer.buttons()[0]["callback_data"]))  # "More" keeps the ratings
    await _until(lambda: len(_texts(server, 21)) >= 2)
    await _until(lambda: not any(b["text"].startswith("More") for b in answer.buttons()))
    assert [b["text"] for b in answer.buttons()] == ["👍", "👎 ✓"]

    exported = tmp_path / "rated.jsonl"
    result = CliRunner().invoke(cli, ["feedback", "export", str(exported), "--index-dir", str(tmp_path / "data" / "index")])
    assert result.exit_code == 0, result.output
    # The command it suggests evaluates against the same index.
    assert f"(run `newsbot eval {exported} --index-dir {tmp_path / 'data' / 'index'}`)" in result.output
    first = json.loads(exported.read_text())["wrong"][0]  # the passages the answer quoted: an admission first
    assert first in (f"{SEED_ID}#1", f"{SEED_ID}#6")
    # --index-dir given before `export` counts too (a trial's export went to the default index and failed).
    before = tmp_path / "rated-before.jsonl"
    result = CliRunner().invoke(cli, ["feedback", "--index-dir", str(tmp_path / "data" / "index"), "export", str(before)])
    assert result.exit_code == 0, result.output
    assert before.read_text() == exported.read_text()
    nowhere = tmp_path / "no-such-folder" / "rated.jsonl"
    failed = CliRunner().invoke(cli, ["feedback", "export", str(nowhere), "--index-dir", str(tmp_path / "data" / "index")])
    assert failed.exit_code == 1 and failed.exception.__class__ is SystemExit  # no traceback, one line
    assert failed.output.strip() == (f"error: cannot write {nowhere}: No such file or directory; choose a file in a "
                                     "folder that exists and can be written")
    result = CliRunner().invoke(cli, ["eval", str(exported), "--config", "fused", "--index-dir", str(seed_index)])
    assert result.exit_code == 0, result.output
    assert "known wrong quoted first" in result.output and "1/1" in result.output
    assert "warning" not in result.output
    listed = CliRunner().invoke(cli, ["eval", str(exported), "--config", "fused", "--misses", "--index-dir",
                                      str(seed_index)])
    assert first in listed.output and "(a known wrong answer first)" in listed.output  # --misses says which
    from index.search import CONFIGURATIONS

    # All side by side, with the rows per kind: a trial's headers were cut ("fused-no-b…").
    every = CliRunner().invoke(cli, ["eval", str(EVAL / "seed_heldout_questions.jsonl"), "--index-dir",
                                     str(seed_index)])
    assert every.exit_code == 0 and "kind who top-1" in every.output
    assert all(name in every.output for name in CONFIGURATIONS), every.output
    typo = tmp_path / "typo.jsonl"  # a label that names no paragraph is said, not silently scored as a miss
    typo.write_text('{"question": "Wat gaf Loekasjenko toe?", "language": "nl", "answers": ["nope#6", "%s#99"]}\n'
                    % SEED_ID)
    result = CliRunner().invoke(cli, ["eval", str(typo), "--config", "fused", "--index-dir", str(seed_index)])
    assert result.exit_code == 0 and result.output.startswith(
        f"warning: {typo}: 2 labels name no paragraph of the index (ARTICLE#PARAGRAPH, as `newsbot index articles` "
        f"lists the ids): {SEED_ID}#99, nope#6\n")

    # In a group each member rates for themselves; a second 👍 leaves the buttons as they are, which Telegram
    # refuses to "edit" (a Telegram trial: "Sorry, something went wrong" posted in the group, and a traceback).
    api.push(api.user_message("/ask What did Lukashenko admit?", chat_id=-77, user_id=5, chat_type="group"))
    await _until(lambda: _texts(server, -77))
    group_answer = next(m for m in api.messages if m.chat_id == -77)
    group_up = group_answer.buttons()[1]["callback_data"]
    for member in (5, 6):
        api.push(api.button_press(group_answer, group_up, user_id=member))
    await _until(lambda: api.callback_answers.count("Thanks for rating!") == 3)
    api.push(api.user_message("/ask Wie is de secretaris-generaal van de Navo?", chat_id=-77, user_id=5,
                              chat_type="group"))
    await _until(lambda: len(_texts(server, -77)) >= 2)
    assert _texts(server, -77)[1].startswith("<blockquote><b>Jens Stoltenberg")  # no "Sorry" in between
    assert store.summary().raters == 3  # the private chat and two members
    # No tick in a group: it had shown whichever member pressed last, as if it were everyone's (a Telegram trial).
    api.push(api.button_press(group_answer, group_answer.buttons()[2]["callback_data"], user_id=6))
    await _until(lambda: "Rating changed." in api.callback_answers[-1:])
    assert [b["text"] for b in group_answer.buttons()][1:] == ["👍", "👎"]


def test_chat_follow_up_rating_changed_rating_and_export_read_by_eval(seed_index: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "index").symlink_to(seed_index)
    script = "What did Lukashenko admit?\n+\nEn wat ontkende hij?\n-\n+\n/new\n"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "LC_ALL": "C.UTF-8"}  # the chat's own words in English
    run = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--index-dir", str(data / "index")], input=script,
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert re.search(r"\[More \(\d+\)\] \[👍\] \[👎\] type “more”, or \+ / - to rate", out)
    assert "(gelezen als: wat ontkende Lukashenko?)" in out  # a Dutch follow-up, answered in Dutch
    # Each answer is thanked in its own language: the English one, then the Dutch follow-up (rated, then changed).
    assert out.count("Thanks for rating!") == 1 and out.count("Bedankt voor je beoordeling!") == 1
    assert out.count("Beoordeling gewijzigd.") == 1
    # /new in the language of the last question, as the chat's other words between questions
    assert out.rstrip().endswith("Nieuw onderwerp: je volgende vraag lees ik los van de vorige.")

    runner = CliRunner()
    shown = runner.invoke(cli, ["feedback", "--index-dir", str(data / "index")])
    assert "2 ratings (2 👍, 0 👎) of 2 questions by 1 reader\n" in shown.output
    as_json = json.loads(runner.invoke(cli, ["feedback", "--json", "--index-dir", str(data / "index")]).stdout)
    assert {k: as_json[k] for k in ("ratings", "up", "down", "questions", "readers")} == {
        "ratings": 2, "up": 2, "down": 0, "questions": 2, "readers": 1}
    (tmp_path / "unrated").mkdir()
    none_yet = runner.invoke(cli, ["feedback", "--json", "--index-dir", str(tmp_path / "unrated")])
    assert none_yet.exit_code == 0 and json.loads(none_yet.stdout)["ratings"] == 0  # zeros, not an error
    exported = tmp_path / "rated.jsonl"
    runner.invoke(cli, ["feedback", "export", str(exported), "--index-dir", str(data / "index")])
    questions = [json.loads(line) for line in exported.read_text().splitlines()]
    assert [q["question"] for q in questions] == ["What did Lukashenko admit?", "wat ontkende Lukashenko?"]
    assert questions[0]["answers"][0] in (f"{SEED_ID}#1", f"{SEED_ID}#6") and all(q["wrong"] == [] for q in questions)
    assert feedback_path(data / "index") == data / "index-feedback.sqlite"
    result = runner.invoke(cli, ["eval", str(exported), "--config", "fused", "--index-dir", str(seed_index)])
    assert result.exit_code == 0, result.output
    assert "en top-1 (n=1)" in result.output and "nl top-1 (n=1)" in result.output and "100.0%" in result.output
    # "-" is stdout and stdin, as in a shell pipe: `newsbot feedback export - | newsbot eval -`.
    piped = runner.invoke(cli, ["feedback", "--index-dir", str(data / "index"), "export", "-"])
    assert piped.exit_code == 0 and piped.stdout == exported.read_text()
    assert "wrote 2 questions (pipe them into `newsbot eval -" in piped.stderr
    result = runner.invoke(cli, ["eval", "-", "--config", "fused", "--index-dir", str(seed_index)], input=piped.stdout)
    assert result.exit_code == 0, result.output
    assert "stdin (2 questions)" in result.output and "nl top-1 (n=1)" in result.output
    # For a nightly job (a developer's trial parsed the table, which wraps in a pipe): one JSON object a set.
    as_json = runner.invoke(cli, ["eval", "-", "--json", "--config", "fused", "--index-dir", str(seed_index)],
                            input=piped.stdout)
    [line] = as_json.stdout.splitlines()
    report = json.loads(line)
    assert (report["set"], report["config"], report["questions"]) == ("-", "fused", 2)
    assert report["languages"] == {"en": {"questions": 1, "top1": 1, "top3": 1, "shown": 1},
                                   "nl": {"questions": 1, "top1": 1, "top3": 1, "shown": 1}}
    assert "en shown (n=1)" in result.output  # the answer among the quotes an answer shows
    empty = runner.invoke(cli, ["eval", "-", "--index-dir", str(seed_index)], input="")
    assert empty.exit_code != 0 and "stdin holds no questions" in empty.output


def test_the_raters_key_is_written_whole_or_not_at_all(small_disk, caplog) -> None:  # type: ignore[no-untyped-def]
    """An operator's trial: a full disk at the first rating left an empty key file, and every rating after the
    disk was freed was hashed under that empty key, which anyone can undo by trying chat ids."""
    import hmac

    disk = small_disk("1m")
    with (disk / "filler").open("wb") as filler:  # a disk with no room for the key
        with contextlib.suppress(OSError):
            filler.write(b"\0" * 2 * 1024 * 1024)
    with pytest.raises(OSError):
        FeedbackStore(disk / "index-feedback.sqlite")
    assert not [p for p in disk.iterdir() if "key" in p.name]  # no empty or partial key left
    (disk / "filler").unlink()
    (disk / "index-feedback.key").write_text("")  # as the old code left it
    store = FeedbackStore(disk / "index-feedback.sqlite")
    assert "was empty" in caplog.text
    key = bytes.fromhex((disk / "index-feedback.key").read_text())
    assert len(key) == 32 and store.rater(1) == hmac.new(key, b"1", hashlib.sha256).hexdigest()[:32]
    assert store.rater(1) != hmac.new(b"", b"1", hashlib.sha256).hexdigest()[:32]
    store.close()
    (disk / "index-feedback.key").write_text("abcd\n")  # not a key: refused, not replaced
    with pytest.raises(ValueError, match="is not a feedback key; remove it to make a new one"):
        FeedbackStore(disk / "index-feedback.sqlite")


def test_two_indexes_in_one_folder_keep_their_own_ratings(tmp_path: Path) -> None:
    """Two new users found the ratings of every index under /tmp pooled in /tmp/feedback.sqlite, counted by
    `newsbot feedback --index-dir` of each."""
    answer = RatedAnswer("What did Lukashenko admit?", (f"{SEED_ID}#6",), "v1")
    staging = FeedbackStore(feedback_path(tmp_path / "staging"))
    staging.rate("a1", 1, answer, UP)
    live = FeedbackStore(feedback_path(tmp_path / "live"))
    assert live.summary().ratings == 0 and staging.summary().ratings == 1
    assert {p.name for p in tmp_path.iterdir()} == {"staging-feedback.sqlite", "staging-feedback.key",
                                                    "live-feedback.sqlite", "live-feedback.key"}
    # Ratings an older version kept in data/feedback.sqlite are still those of data/index.
    data = tmp_path / "data"
    FeedbackStore(data / "feedback.sqlite").rate("a2", 2, answer, DOWN)
    assert feedback_path(data / "index") == data / "feedback.sqlite"
    assert FeedbackStore(feedback_path(data / "index")).summary().down == 1


def test_feedback_reports_read_ratings_without_writing(tmp_path: Path) -> None:
    """Seen in a trial: `feedback` on a read-only folder was a traceback, and a mistyped --index-dir left a new
    ratings database behind."""
    runner = CliRunner()
    missing = tmp_path / "typo" / "index"
    shown = runner.invoke(cli, ["feedback", "--index-dir", str(missing)])
    assert shown.exit_code == 1 and f"no index at {missing}" in shown.output
    assert not (tmp_path / "typo").exists()

    index_dir = tmp_path / "data" / "index"
    index_dir.mkdir(parents=True)
    shown = runner.invoke(cli, ["feedback", "--index-dir", str(index_dir)])
    assert shown.exit_code == 0 and "0 ratings: none kept beside" in shown.output
    assert not feedback_path(index_dir).exists()
    exported = runner.invoke(cli, ["feedback", "export", str(tmp_path / "out.jsonl"), "--index-dir", str(index_dir)])
    assert exported.exit_code == 1 and "nothing to export" in exported.output

    store = FeedbackStore(feedback_path(index_dir))
    store.rate("a1", 7, RatedAnswer("Wat gaf Loekasjenko toe?", (f"{SEED_ID}#6",), "v1"), UP)
    store.close()
    kept = sorted(p.name for p in (tmp_path / "data").iterdir())
    (tmp_path / "data").chmod(0o555)
    feedback_path(index_dir).chmod(0o444)
    try:
        shown = runner.invoke(cli, ["feedback", "--index-dir", str(index_dir)])
        assert shown.exit_code == 0 and "1 rating (1 👍, 0 👎) of 1 question by 1 reader" in shown.output
        exported = runner.invoke(cli, ["feedback", "export", str(tmp_path / "out.jsonl"), "--index-dir",
                                       str(index_dir)])
        assert exported.exit_code == 0 and json.loads((tmp_path / "out.jsonl").read_text())["answers"] == [
            f"{SEED_ID}#6"]
    finally:
        (tmp_path / "data").chmod(0o755)
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == kept  # read without writing (root may write)

    feedback_path(index_dir).chmod(0o644)
    feedback_path(index_dir).write_bytes(b"not a database at all" * 100)
    shown = runner.invoke(cli, ["feedback", "--index-dir", str(index_dir)])
    assert shown.exit_code == 1 and "cannot read the ratings" in shown.output and "Traceback" not in shown.output


def test_the_ratings_file_is_named_after_the_index_however_its_path_is_written(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's trial: `--index-dir .` kept its ratings in "./-feedback.sqlite", apart from those given with the
    index folder's full path."""
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    monkeypatch.chdir(index_dir)
    assert feedback_path(Path(".")) == feedback_path(index_dir) == tmp_path / "index-feedback.sqlite"
    assert feedback_path(Path("../index/")) == tmp_path / "index-feedback.sqlite"
