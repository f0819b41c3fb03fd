"""The real python-telegram-bot Application, over real HTTP, against a Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import re
import logging
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from botapi_server import TOKEN, BotApiServer
from conftest import NEWSROOM

from bot.answer import Answerer
from bot.local_api import BOT_USER
from bot.messages import say
from bot.telegram_bot import BotSettings, build_application, split_messages
from index import build_index
from index.live import LiveIndex

BOT_ID = BOT_USER["id"]


@pytest.fixture(autouse=True)
def _token_never_logged(caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    """Every test here captures all log records at DEBUG and checks the token is in none of them."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name
        assert TOKEN not in (record.exc_text or ""), record.name


@pytest.fixture
def server() -> BotApiServer:
    server = BotApiServer().start()
    yield server
    server.stop()


async def _start(app) -> None:  # type: ignore[no-untyped-def]
    await app.initialize()
    await app.post_init(app)
    await app.start()


async def _stop(app) -> None:  # type: ignore[no-untyped-def]
    if app.updater.running:
        await app.updater.stop()
    await app.stop()
    await app.shutdown()


@pytest.fixture
async def polling_bot(server: BotApiServer, seed_answerer: Answerer) -> AsyncIterator[Callable]:
    """Start a polling bot over ``server``; the fixture returns a starter taking optional settings/answerer."""
    apps = []

    async def start(settings: BotSettings | None = None, answerer: Answerer | None = None):  # type: ignore[no-untyped-def]
        app = build_application(answerer or seed_answerer, token=TOKEN, base_url=server.base_url, settings=settings)
        await _start(app)
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        apps.append(app)
        return app

    yield start
    for app in apps:
        await _stop(app)


async def _until(predicate: Callable[[], object], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.05)


def _texts(server: BotApiServer, chat_id: int) -> list[str]:
    return [m.text for m in server.api.messages if m.chat_id == chat_id]


async def test_commands_are_registered_and_answered(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    assert [c["command"] for c in server.api.commands] == ["start", "help", "ask", "sources", "status", "new"]
    api = server.api
    for number, command in enumerate(["/start", "/help", "/sources", "/status"], start=1):
        api.push(api.user_message(command, chat_id=number))
    await _until(lambda: all(_texts(server, n) for n in range(1, 5)))
    start, help_text, sources, status = (_texts(server, n)[0] for n in range(1, 5))
    assert "quoting them word for word" in start and "For example:" in start and "Loekasjenko" in start
    assert "/ask QUESTION" in help_text and "type @newsroom_quote_bot and a question" in help_text  # not "@username"
    assert "“news since June”" in start  # an English /start had a Dutch example (a Telegram trial)
    assert "Indexed articles" in sources and "De Wit-Russische president" in sources and "2021-11" in sources
    assert "1 article, 8 paragraphs" in status and "Newest article: 2021-11" in status
    paths = set(server.paths)
    assert {f"/bot{TOKEN}/setMyCommands", f"/bot{TOKEN}/getUpdates", f"/bot{TOKEN}/sendMessage"} <= paths


async def test_a_dutch_reader_gets_the_bot_in_dutch(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    """Telegram sends the app's language with each update: with no question to go by (commands, a sticker) the
    bot speaks it; an answer speaks the question's language, whatever the app's."""
    await polling_bot()
    assert [c["description"] for c in server.api.localized_commands["nl"]][0] == "Wat deze bot doet en hoe je een vraag stelt"
    api = server.api
    api.language_code = "nl"
    for number, command in enumerate(["/start", "/help", "/status", "/sources", "/nope", "/new"], start=31):
        api.push(api.user_message(command, chat_id=number))
    sticker = api.user_message("", chat_id=37)
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1,
                                     "is_animated": False, "is_video": False, "type": "regular"}
    api.push(sticker)
    api.push(api.user_message("Wat gaf Loekasjenko toe?", chat_id=38))
    api.push(api.user_message("What did Lukashenko admit?", chat_id=39))
    photo = api.user_message("", chat_id=30)  # a photo captioned with a question: the caption is asked
    del photo["message"]["text"]
    photo["message"] |= {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
                         "caption": "Wat zei Stoltenberg?"}
    api.push(photo)
    await _until(lambda: all(_texts(server, n) for n in range(30, 40)))
    assert "Jens Stoltenberg, in: " in _texts(server, 30)[0]
    start, help_text, status, sources, unknown, new, sticker_hint, dutch, english = (
        _texts(server, n)[0] for n in range(31, 40))
    assert start.startswith("Ik beantwoord vragen over de artikelen van onze redactie") and "Bijvoorbeeld:" in start
    assert "/ask VRAAG" in help_text and "1 artikel, 8 alinea's" in status and "Nieuwste artikel: 2021-11" in status
    assert "Geïndexeerde artikelen" in sources and "/nope ken ik niet" in unknown and new.startswith("Nieuw onderwerp")
    assert sticker_hint == "Ik kan alleen tekst lezen. Typ je vraag, in het Nederlands of het Engels."
    assert "· 2021-11 · alinea 6" in dutch and "· 2021-11 · paragraph 6" in english
    [message] = [m for m in api.messages if m.chat_id == 38]
    [button] = message.buttons()
    assert button["text"].startswith("Meer (")
    api.push(api.button_press(message, button["callback_data"]))
    await _until(lambda: len(_texts(server, 38)) >= 2)
    assert _texts(server, 38)[1].startswith("Meer over “Wat gaf Loekasjenko toe?”:\n\n<blockquote>")


async def test_private_question_gets_quotes_with_sources(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    server.api.push(server.api.user_message("What did Lukashenko admit?", chat_id=5))
    await _until(lambda: _texts(server, 5))
    message = next(m for m in server.api.messages if m.chat_id == 5)
    assert message.parse_mode == "HTML"
    # both admissions first: the lead ("erkent … ‘absoluut mogelijk’") and Okrestina, each with its source
    assert message.text.startswith("<blockquote><b>De Wit-Russische president Aleksandr Loekasjenko erkent")
    assert "In het interview geeft Loekasjenko toe" in message.text and "Mensen zijn geslagen" in message.text
    assert "</blockquote>\n— <i>De Wit-Russische president" in message.text
    assert message.text.index("paragraph 1") < message.text.index("paragraph 6")
    assert (5, "typing") in server.api.chat_actions


async def test_whats_new_quotes_the_newest_lead(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    server.api.push(server.api.user_message("/start", chat_id=6))
    server.api.push(server.api.user_message("What's new?", chat_id=7))
    await _until(lambda: _texts(server, 6) and _texts(server, 7))
    assert "“What's new?” quotes the first paragraphs of the newest articles" in _texts(server, 6)[0]
    reply = "\n".join(_texts(server, 7))
    assert "The newest articles, each with its first paragraph." in reply
    assert "<blockquote>De Wit-Russische president Aleksandr Loekasjenko erkent" in reply and "paragraph 1" in reply
    assert "<b>" not in reply.split("<blockquote>", 1)[1]  # a lead listed, no sentence marked as an answer


@pytest.mark.parametrize("question", ["What did Lukashenko admit?", "Wat gaf Loekasjenko toe?"])
async def test_design_example_quotes_both_admissions_first(server: BotApiServer, polling_bot,  # type: ignore[no-untyped-def]
                                                           question: str) -> None:
    from test_retrieval import first_two_are_the_admissions

    await polling_bot()
    server.api.push(server.api.user_message(question, chat_id=41))
    await _until(lambda: _texts(server, 41))
    assert first_two_are_the_admissions(_texts(server, 41)[0])


async def test_ask_in_groups_and_ignore_the_rest(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    api = server.api
    group = -100
    api.push(api.user_message("Wie is de secretaris-generaal van de Navo?", chat_id=group, chat_type="group"))
    api.push(api.user_message("/ask Wie is de secretaris-generaal van de Navo?", chat_id=group, chat_type="group"))
    await _until(lambda: _texts(server, group))
    mention = f"@{BOT_USER['username']} Hoeveel doden zijn er gevallen aan de grens?"
    api.push(api.user_message(mention, chat_id=group, chat_type="group",
                              entities=[{"type": "mention", "offset": 0, "length": len(BOT_USER["username"]) + 1}]))
    await _until(lambda: len(_texts(server, group)) >= 2)
    reply_to = server.api.messages[-1]
    api.push(api.user_message("En waarom noemt Stoltenberg het cynisch?", chat_id=group, chat_type="group",
                              reply_to=reply_to))
    await _until(lambda: len(_texts(server, group)) >= 3)
    await asyncio.sleep(0.5)
    texts = _texts(server, group)
    assert len(texts) == 3  # the first, unaddressed message got no reply
    assert "Jens Stoltenberg" in texts[0] and "alinea 7" in texts[1] and "cynisch" in texts[2]
    # A reply that asks nothing is the members' talk (a Telegram trial: "Bedankt, top!" was answered with quotes);
    # a photo captioned "/ask …" is asked (it got no answer).
    api.push(api.user_message("Bedankt, top!", chat_id=group, chat_type="group", reply_to=server.api.messages[-1]))
    photo = api.user_message("", chat_id=group, chat_type="group")
    del photo["message"]["text"]
    photo["message"] |= {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
                         "caption": "/ask Wat gaf Loekasjenko toe?"}
    api.push(photo)
    await _until(lambda: len(_texts(server, group)) >= 4)
    await asyncio.sleep(0.5)
    assert len(_texts(server, group)) == 4 and "Loekasjenko toe" in _texts(server, group)[3]


async def test_inline_query_offers_quotes(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    server.api.push({"inline_query": {"id": "q1", "from": {"id": 9, "is_bot": False, "first_name": "R"},
                                      "query": "What did Lukashenko admit?", "offset": ""}})
    await _until(lambda: server.api.inline_answers)
    results = server.api.inline_answers[0]["results"]
    assert 1 <= len(results) <= 10
    first = results[0]
    assert first["type"] == "article" and {"paragraph 1", "paragraph 6"} == {
        re.search(r"paragraph \d+", r["title"])[0] for r in results[:2]}  # both admissions first
    assert first["input_message_content"]["parse_mode"] == "HTML"
    assert first["input_message_content"]["message_text"].startswith("<blockquote>")
    # Nothing found, or nothing asked: the popup says so instead of staying blank (a Telegram trial).
    for number, typed in enumerate(["How many people live in Warsaw?", "", "Hoeveel inwoners heeft Warschau?"], 2):
        server.api.push({"inline_query": {"id": f"q{number}", "from": {"id": 9, "is_bot": False, "first_name": "R"},
                                          "query": typed, "offset": ""}})
        await _until(lambda: len(server.api.inline_answers) >= number)
    assert [(a["results"], a["button"]["text"], a["button"]["start_parameter"]) for a in server.api.inline_answers[1:]] == [
        ([], "I could not find that in the articles.", "inline"), ([], "Type a question about the news", "inline"),
        ([], "Dat kon ik niet in de artikelen vinden.", "inline")]
    # A Telegram trial: inline results dropped the note a chat gives, and cited in the text's guessed language, not
    # the app's, for a name alone; answers are the reader's own (their app's language), not cached for everyone.
    for number, (typed, app) in enumerate([("Wat zei Loekasjenko over Merkel?", "nl"), ("Loekasjenko", "en")], 5):
        server.api.push({"inline_query": {"id": f"q{number}", "query": typed, "offset": "",
                                          "from": {"id": 9, "is_bot": False, "first_name": "R", "language_code": app}}})
        await _until(lambda: len(server.api.inline_answers) >= number)
    merkel, name = server.api.inline_answers[4:6]
    assert merkel["button"]["text"].startswith("De artikelen noemen Merkel niet")
    assert all(r["description"].startswith("⚠ De artikelen noemen Merkel niet") for r in merkel["results"])
    assert all(len(r["description"]) <= 200 and r["description"].endswith(("…", ".", "’", "”", "?", "!"))
               for r in merkel["results"])
    assert "paragraph" in name["results"][0]["title"] and "alinea" not in name["results"][0]["title"]
    assert all(a["is_personal"] for a in server.api.inline_answers)


async def _first_answer(server: BotApiServer, question: str, chat_id: int):  # type: ignore[no-untyped-def]
    """Ask in a private chat; the first message of the answer."""
    server.api.push(server.api.user_message(question, chat_id=chat_id))
    await _until(lambda: _texts(server, chat_id))
    return next(m for m in server.api.messages if m.chat_id == chat_id)


async def test_more_button_pages_through_further_passages(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    api = server.api
    first = await _first_answer(server, "What did Lukashenko admit?", 6)
    [button] = first.buttons()
    assert button["text"].startswith("More (")
    api.push(api.button_press(first, button["callback_data"]))
    await _until(lambda: len(_texts(server, 6)) >= 2)
    second = [m for m in api.messages if m.chat_id == 6][1]
    assert second.text.startswith("More for “What did Lukashenko admit?”:\n\n<blockquote>") and second.text != first.text
    assert first.reply_markup is None  # the used button is gone
    assert any(method == "answerCallbackQuery" for method, _ in api.calls)


async def test_more_on_a_message_telegram_no_longer_shows_keeps_its_buttons(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    """A Telegram trial: More pressed on a message Telegram reports as inaccessible (date 0) took every button off
    the answer, its ratings too; and a quote sent through inline mode was answered as a question."""
    await polling_bot()
    api = server.api
    first = await _first_answer(server, "What did Lukashenko admit?", 16)
    [button] = first.buttons()
    press = api.button_press(first, button["callback_data"])
    press["callback_query"]["message"] = {"chat": press["callback_query"]["message"]["chat"],
                                          "message_id": first.message_id, "date": 0}
    api.push(press)
    await _until(lambda: len(_texts(server, 16)) >= 2)
    assert _texts(server, 16)[1].startswith("More for “What did Lukashenko admit?”")
    assert first.reply_markup is not None  # not edited: what it holds is unknown
    shared = api.user_message("‘absoluut mogelijk’", chat_id=16)
    shared["message"]["via_bot"] = {"id": 7000001, "is_bot": True, "first_name": "Newsroom",
                                    "username": "newsroom_quote_bot"}
    api.push(shared)
    api.push(api.user_message("Wie is Stoltenberg?", chat_id=16))
    await _until(lambda: len(_texts(server, 16)) >= 3)
    await asyncio.sleep(0.3)
    assert len(_texts(server, 16)) == 3 and "Stoltenberg" in _texts(server, 16)[2]


async def test_typing_what_else_pages_on_like_the_more_button(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    """In a trial "wie nog meer?" was read as a follow-up and quoted the same paragraph again."""
    await polling_bot()
    api = server.api
    api.push(api.user_message("meer", chat_id=41))
    await _until(lambda: _texts(server, 41))
    assert _texts(server, 41) == ["Er is niets meer te tonen. Stel eerst een vraag."]
    api.push(api.user_message("Wat gaf Loekasjenko toe?", chat_id=41))
    await _until(lambda: len(_texts(server, 41)) >= 2)
    first = [m for m in api.messages if m.chat_id == 41][1]
    total = int(re.search(r"\((\d+)\)", first.buttons()[0]["text"])[1])
    shown = set(re.findall(r"alinea \d", first.text))
    for number, typed in enumerate(["wie nog meer?", "What else?", "en verder nog?"], start=3):
        api.push(api.user_message(typed, chat_id=41))
        await _until(lambda: len(_texts(server, 41)) >= number)
        page = _texts(server, 41)[number - 1]
        if number == 3:
            assert page.startswith("Meer over “Wat gaf Loekasjenko toe?”:\n\n<blockquote>")
            assert first.reply_markup is None  # the button typed for is gone
        if "alinea" in page:
            assert not shown & set(re.findall(r"alinea \d", page))  # further passages, none shown again
            shown |= set(re.findall(r"alinea \d", page))
    assert len(shown) == min(8, 2 + total) or _texts(server, 41)[-1] == "Bij je laatste vraag heb ik verder niets."


async def test_html_in_question_and_in_article_is_escaped(server: BotApiServer, polling_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # HTML's own tags are taken out of articles when they are read; what is left in angle brackets is text.
    (seeds / "tags.txt").write_text("title Tags <Bold> & ampersands\ndate 2024-01-02\n\n"
                                    "The company AT&T said <Glitch> was found in the code & removed, as 3 < 5.")
    build_index(seeds, tmp_path / "index")
    await polling_bot(answerer=Answerer(LiveIndex(tmp_path / "index")))
    server.api.push(server.api.user_message("<i>What did AT&T find in the code?</i>", chat_id=7))
    await _until(lambda: _texts(server, 7))
    text = _texts(server, 7)[0]
    assert "AT&amp;T said &lt;Glitch&gt; was found" in text and "3 &lt; 5" in text
    assert "<i>Tags &lt;Bold&gt; &amp; ampersands</i>" in text


def test_long_answers_split_at_passage_boundaries() -> None:
    blocks = [f"<blockquote>{'x' * 1500}</blockquote>\n— source {n}" for n in range(5)]
    messages = split_messages(blocks, limit=4096)
    assert all(len(m) <= 4096 for m in messages)
    assert [m.count("<blockquote>") for m in messages] == [2, 2, 1]
    assert "\n\n".join(messages) == "\n\n".join(blocks)
    huge = split_messages(["word " * 2000], limit=4096)
    assert all(len(m) <= 4096 for m in huge) and len(huge) == 3


async def test_parse_error_falls_back_to_plain_text(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    server.fail_next("sendMessage", server.parse_error())
    server.api.push(server.api.user_message("Wie is de secretaris-generaal van de Navo?", chat_id=8))
    await _until(lambda: _texts(server, 8))
    message = next(m for m in server.api.messages if m.chat_id == 8)
    assert message.parse_mode is None
    assert message.text.startswith("“Jens Stoltenberg") and "alinea 8" in message.text
    assert "**" not in message.text  # plain text shows no bold: the stars would be seen (a Telegram trial)


async def test_flood_control_waits_retry_after(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    server.fail_next("sendMessage", server.flood(1))
    server.api.push(server.api.user_message("/status", chat_id=9))
    await _until(lambda: _texts(server, 9))
    sends = [t for method, t in server.call_times if method == "sendMessage"]
    assert len(sends) == 2 and sends[1] - sends[0] >= 1.0


async def test_a_bot_api_server_error_is_one_line_and_the_reader_told(server: BotApiServer, polling_bot,  # type: ignore[no-untyped-def]
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    """An operator's drill: each reply the Bot API failed with a 500 logged about 70 lines of traceback."""
    from bot.telegram_bot import SEND_ATTEMPTS

    await polling_bot()
    for _ in range(SEND_ATTEMPTS):  # every attempt at the reply fails; the notice after them goes through
        server.fail_next("sendMessage", (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}))
    server.api.push(server.api.user_message("/status", chat_id=13))
    await _until(lambda: _texts(server, 13))
    assert _texts(server, 13) == ["Sorry, something went wrong. Please try again."]
    assert "Traceback" not in caplog.text
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == SEND_ATTEMPTS and warnings[0].startswith("network error (NetworkError); retrying")
    assert re.fullmatch(r"update \d+: the Telegram Bot API failed \(Internal Server Error.*\)", warnings[-1])


async def test_unparseable_update_does_not_stall_polling(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    api = server.api
    api.push(api.user_message("/status", chat_id=10))
    api.push_raw({"update_id": api.new_update_id(), "message": {"message_id": "not-a-number", "chat": "broken"}})
    api.push(api.user_message("/help", chat_id=11))
    await polling_bot()
    await _until(lambda: _texts(server, 10) and _texts(server, 11))


async def test_dropped_connection_is_retried(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    server.fail_next("sendMessage", "drop")
    server.api.push(server.api.user_message("/status", chat_id=12))
    await _until(lambda: _texts(server, 12))
    assert sum(1 for method, _ in server.call_times if method == "sendMessage") == 2


async def test_allowed_chats_filter(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot(settings=BotSettings(allowed=frozenset({13})))
    server.api.push(server.api.user_message("/status", chat_id=14, user_id=14))
    server.api.push(server.api.user_message("/status", chat_id=13, user_id=13))
    await _until(lambda: _texts(server, 13))
    # In a group the group must be listed: a listed member's question in another group is answered to all there
    # (a Telegram trial); an inline query from someone not listed gets an empty answer, not a spinning popup.
    server.api.push(server.api.user_message("/status", chat_id=-15, user_id=13, chat_type="group"))
    server.api.push({"inline_query": {"id": "q9", "from": {"id": 14, "is_bot": False, "first_name": "R"},
                                      "query": "What did Lukashenko admit?", "offset": ""}})
    await _until(lambda: server.api.inline_answers)
    await asyncio.sleep(0.3)
    assert _texts(server, 14) == [] and _texts(server, -15) == [] and server.api.inline_answers[0]["results"] == []


async def test_media_gets_a_hint_and_errors_a_notice(server: BotApiServer, polling_bot) -> None:  # type: ignore[no-untyped-def]
    await polling_bot()
    sticker = server.api.user_message("", chat_id=15)
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1,
                                     "is_animated": False, "is_video": False, "type": "regular"}
    server.api.push(sticker)
    await _until(lambda: _texts(server, 15))
    assert _texts(server, 15) == ["I can only read text. Please type your question, in English or Dutch."]


async def test_handler_crash_gets_sorry_and_bot_keeps_going(server: BotApiServer, polling_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(NEWSROOM, tmp_path / "seeds")
    build_index(tmp_path / "seeds", tmp_path / "index", encoders=("use", "e5"))
    live = LiveIndex(tmp_path / "index")
    await polling_bot(answerer=Answerer(live))
    live.current().version.store.close()  # every search now fails inside the handler
    server.api.push(server.api.user_message("Why are the dockworkers on strike?", chat_id=16))
    await _until(lambda: _texts(server, 16))
    assert _texts(server, 16) == [say("sorry", "en")]
    server.api.push(server.api.user_message("/help", chat_id=16))
    await _until(lambda: len(_texts(server, 16)) == 2)


async def test_index_swap_during_a_stream_of_questions(server: BotApiServer, polling_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = tmp_path / "seeds"
    shutil.copytree(NEWSROOM, seeds)
    for path in seeds.iterdir():
        path.chmod(0o644)
    build_index(seeds, tmp_path / "index", encoders=("use", "e5"))
    live = LiveIndex(tmp_path / "index")
    first_version = live.current().version.name
    await polling_bot(answerer=Answerer(live))
    (seeds / "extra.txt").write_text("title Extra\ndate 2025-05-05\n\nThe harbour of Delfzijl got a new lighthouse.")
    rebuild = threading.Thread(target=build_index, args=(seeds, tmp_path / "index"), kwargs={"encoders": ("use", "e5")})
    rebuild.start()
    for number in range(20):
        server.api.push(server.api.user_message("How many seals were counted in the Wadden Sea?", chat_id=1000 + number))
        await asyncio.sleep(0.05)
    rebuild.join()
    server.api.push(server.api.user_message("/status", chat_id=2000))
    await _until(lambda: all(_texts(server, 1000 + n) for n in range(20)) and _texts(server, 2000))
    assert all("11,000 harbour seals" in _texts(server, 1000 + n)[0] for n in range(20))
    status = _texts(server, 2000)[0]
    assert first_version not in status and "6 articles" in status


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_checks_the_secret_token(server: BotApiServer, seed_answerer: Answerer,
                                               caplog: pytest.LogCaptureFixture) -> None:
    app = build_application(seed_answerer, token=TOKEN, base_url=server.base_url)
    port = _free_port()
    await _start(app)
    await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="telegram", secret_token="s3cret",
                                    webhook_url="https://bot.example/telegram")
    try:
        def post(secret: str | None, chat_id: int) -> int:
            body = json.dumps({"update_id": 500 + chat_id, **server.api.user_message("/status", chat_id=chat_id)}).encode()
            headers = {"Content-Type": "application/json"}
            if secret is not None:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            request = urllib.request.Request(f"http://127.0.0.1:{port}/telegram", data=body, headers=headers)
            try:
                return urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as error:
                return error.code

        # An update python-telegram-bot cannot parse is logged in one line, without the reader's text (a security
        # review found it whole in the log at CRITICAL).
        def post_raw(body: bytes) -> int:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/telegram", data=body, headers={
                "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret"})
            try:
                return urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as error:
                return error.code

        bad = json.dumps({"update_id": 4, "message": {"text": "BadShapeAxolotl4", "chat": 5}}).encode()
        assert await asyncio.to_thread(post_raw, bad) == 400
        logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)  # below: --log-messages
        assert "BadShapeAxolotl4" not in logged and "CRITICAL" not in caplog.text
        assert "an update that could not be parsed was not processed (KeyError)" in logged
        assert await asyncio.to_thread(post, None, 21) == 403
        assert await asyncio.to_thread(post, "wrong", 22) == 403
        assert await asyncio.to_thread(post, "s3cret", 23) == 200
        await _until(lambda: _texts(server, 23))
        assert _texts(server, 21) == [] and _texts(server, 22) == []
        set_webhook = next(params for method, params in server.api.calls if method == "setWebhook")
        assert set_webhook["secret_token"] == "s3cret"
    finally:
        await _stop(app)


def test_cli_bot_runs_reloads_for_admins_and_stops_cleanly_on_sigterm(server: BotApiServer, seed_index: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
           "NEWSBOT_ADMINS": "31"}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "-v", "telegram", "--index-dir", str(seed_index)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        api = server.api

        def wait_for(chat_id: int) -> str:
            deadline = time.monotonic() + 120
            while not _texts(server, chat_id):
                assert process.poll() is None, process.communicate()[1][-3000:]
                assert time.monotonic() < deadline, "the bot never answered"
                time.sleep(0.1)
            return _texts(server, chat_id)[0]

        api.push(api.user_message("/status", chat_id=30, user_id=30))
        assert "8 paragraphs" in wait_for(30)
        api.push(api.user_message("/reload", chat_id=31, user_id=31))
        assert wait_for(31).startswith("Reloaded index version")
        api.push(api.user_message("/reload", chat_id=32, user_id=32))
        assert wait_for(32) == "Only admins can reload the index."
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0
        assert "HTTP Request" not in stderr or "[bot token]" in stderr
        assert TOKEN not in stderr and "/reload" not in stderr and "/status" not in stderr
    finally:
        if process.poll() is None:
            process.kill()


async def test_sources_pages_in_place(server: BotApiServer, polling_bot, newsroom_index: Path,  # type: ignore[no-untyped-def]
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.telegram_bot

    monkeypatch.setattr(bot.telegram_bot, "SOURCES_PAGE", 2)
    await polling_bot(answerer=Answerer(LiveIndex(newsroom_index)))
    server.api.push(server.api.user_message("/sources", chat_id=40))
    await _until(lambda: _texts(server, 40))
    first = next(m for m in server.api.messages if m.chat_id == 40)
    assert "(1–2 of 5, newest first)" in first.text
    assert first.text.index("DNB waarschuwt") < first.text.index("Seal count")  # 2022-11 before 2022-08
    [older] = first.buttons()
    server.api.push(server.api.button_press(first, older["callback_data"]))
    await _until(lambda: len(_texts(server, 40)) == 2)
    edited = [m for m in server.api.messages if m.chat_id == 40][1]
    assert edited.edited and edited.message_id == first.message_id and "(3–4 of 5" in edited.text
    assert [b["text"] for b in edited.buttons()] == ["‹ Newer", "Older ›"]
    # Forged button data is ignored, not a traceback and a "Sorry" (a security review).
    for forged in ("sources:²", "sources:99999999999999999999999999999", "more:x:²", ""):  # "": a trial's traceback
        server.api.push(server.api.button_press(first, forged))
    server.api.push(server.api.user_message("/status", chat_id=40))
    await _until(lambda: len(_texts(server, 40)) == 3)
    assert _texts(server, 40)[2].startswith("Index version") and "Sorry" not in " ".join(_texts(server, 40))


def test_undated_articles_are_not_listed_as_newest_first(tmp_path: Path) -> None:
    """A trial's 45 undated articles were listed by title under "newest first", each "undated"."""
    from conftest import articles_answerer

    from bot.telegram_bot import _sources_page

    answerer = articles_answerer(tmp_path, **{"b.md": "# Brug open\n\nDe brug is open.\n",
                                              "a.md": "# Aanslag\n\nEen aanslag in de stad.\n"})
    text, _ = _sources_page(answerer, 0, "en")
    assert "(1–2 of 2; these have no date, by title)" in text and text.index("Aanslag") < text.index("Brug open")
    assert "nieuwste eerst" not in _sources_page(answerer, 0, "nl")[0]


async def test_long_answer_is_split_over_http(server: BotApiServer, polling_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    paragraph = " ".join(["Dockworkers & unions & employers & <port> & <city> agreed on wages & hours."] * 12)
    for number in range(3):  # three equally good quotes (not one text thrice), each well over 1,000 characters escaped
        (seeds / f"strike-{number}.txt").write_text(
            f"title Strike {number}\ndate 2022-0{number + 1}\n\nPort {number}: {paragraph}")
    build_index(seeds, tmp_path / "index")
    await polling_bot(answerer=Answerer(LiveIndex(tmp_path / "index")))
    server.api.push(server.api.user_message("Did the dockworkers and employers agree on wages?", chat_id=50))
    await _until(lambda: len(_texts(server, 50)) >= 2)
    await asyncio.sleep(0.3)
    texts = _texts(server, 50)
    assert len(texts) == 2 and sum(t.count("<blockquote>") for t in texts) == 3
    for text in texts:
        assert len(text) <= 4096 and text.count("<blockquote>") == text.count("</blockquote>")
