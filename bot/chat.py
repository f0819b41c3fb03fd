"""The local dev bot: the Telegram handlers, in a terminal, with no Telegram account or network.

The very :class:`~telegram.ext.Application` that serves Telegram runs here; its HTTP layer is
replaced by :class:`~bot.local_api.LocalRequest`, so each reply arrives exactly as Telegram would
receive it (HTML, buttons) and is rendered for the terminal: bold answering sentences, indented
quotes, dimmed citations. In a pipe the replies are plain text, one per question.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import AsyncIterator, Coroutine
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO

from rich.markup import escape
from telegram import Update

from .answer import Answerer
from .feedback import FeedbackStore
from .local_api import LocalBotApi, LocalRequest, SentMessage
from .messages import app_language, reader_language, say
from .telegram_bot import build_application

logger = logging.getLogger(__name__)

#: Typed instead of pressing the 👍 / 👎 button of the last rated answer.
RATING_WORDS = {**dict.fromkeys(("👍", "+", "+1", "good"), "👍"),
                **dict.fromkeys(("👎", "-", "-1", "bad"), "👎")}
#: The prompt, in the chat's language.
PROMPTS = {"en": "you› ", "nl": "jij› "}


class _TelegramHtml(HTMLParser):
    """Telegram's HTML subset to rich markup (``styled``) or to plain text."""

    def __init__(self, *, styled: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.styled = styled
        self.blocks: list[tuple[list[str], bool]] = [([], False)]  # (pieces, is a quote)
        self._href: list[str | None] = []

    @property
    def out(self) -> list[str]:
        return self.blocks[-1][0]

    def _text(self, text: str) -> str:
        return escape(text) if self.styled else text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "b":
            self.out.append("[bold]" if self.styled else "**")
        elif tag == "i":
            self.out.append("[dim]" if self.styled else "")
        elif tag == "blockquote":
            self.blocks.append((["“"], True))
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "b":
            self.out.append("[/bold]" if self.styled else "**")
        elif tag == "i":
            self.out.append("[/dim]" if self.styled else "")
        elif tag == "blockquote":
            self.out.append("”")
            self.blocks.append(([], False))
        elif tag == "a":
            href = self._href.pop() if self._href else None
            if href:
                self.out.append(self._text(f" ({href})"))

    def handle_data(self, data: str) -> None:
        self.out.append(self._text(data))


#: How far quotes are indented on a terminal, wrapped lines included.
QUOTE_INDENT = 2


def render_blocks(message: SentMessage, *, styled: bool, language: str = "en") -> list[tuple[str, bool]]:
    """A bot message as the terminal shows it, in blocks: ``(text, is a quote)``; ``styled``: rich markup; the
    hint on typing instead of pressing buttons is in the answer's language (its More button's), else ``language``."""
    if message.parse_mode == "HTML":
        parser = _TelegramHtml(styled=styled)
        parser.feed(message.text)
        blocks = [("".join(pieces), quote) for pieces, quote in parser.blocks]
        blocks = [(text, quote) for text, quote in blocks if text]
    else:
        blocks = [(escape(message.text) if styled else message.text, False)]
    buttons = message.buttons()
    if buttons:
        more = next((b["text"] for b in buttons if _is_more(b)), None)
        if more:
            language = "nl" if more.startswith("Meer") else "en"  # the answer's language
        rate = any(b["text"].startswith("👍") for b in buttons)
        key = "type_more_or_rate" if more and rate else "type_more" if more else "type_rate" if rate else None
        hint = " " + say(key, language, more=more.split()[0].lower() if more else "") if key else ""
        label = " ".join(f"[{b['text']}]" for b in buttons) + hint
        blocks.append((f"\n[dim]{escape(label)}[/dim]" if styled else f"\n{label}", False))
    return blocks


def _is_more(button: dict) -> bool:
    """Whether a button pages on ("More (3)", "Meer (3)"): known by what it sends, not by its label."""
    return str(button.get("callback_data", "")).startswith("more:")


def _label(text: str) -> str:
    """A button's label as one may type it: "Older ›" and "older" alike, "More (3)" as "more"."""
    return re.sub(r"\(\d+\)|[‹›<>]", "", text).strip().lower()


def locale_language() -> str:
    """The terminal's language, as the Telegram app's would be: Dutch under a Dutch locale (LANG=nl_NL.UTF-8)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable):
            return app_language(os.environ[variable])
    return "en"


def render(message: SentMessage, *, styled: bool, language: str = "en") -> str:
    """A bot message as one string (``styled``: rich markup, quotes indented; else plain text)."""
    indent = " " * QUOTE_INDENT if styled else ""
    blocks = render_blocks(message, styled=styled, language=language)
    return "".join(indent + text if quote else text for text, quote in blocks)


def print_message(console, message: SentMessage, language: str = "en") -> None:  # type: ignore[no-untyped-def]
    """Print a bot message on a terminal: every line of a quote indented, also where the terminal wraps it."""
    from rich.padding import Padding
    from rich.text import Text

    parts = []
    for text, quote in render_blocks(message, styled=True, language=language):
        body = Text.from_markup(text.strip("\n") if quote else text)
        if quote:
            parts.append(Padding(body, (0, 0, 0, QUOTE_INDENT)))
        elif text.strip():
            parts.append(Text.from_markup(text.strip("\n")))
    from rich.console import Group

    console.print(Group(*parts))


class LocalChat:
    """Feeds typed lines to the bot's Application as Telegram updates and prints its replies."""

    def __init__(self, answerer: Answerer, *, output: TextIO, styled: bool,
                 feedback: FeedbackStore | None = None, language: str = "en") -> None:
        self.api = LocalBotApi(on_message=self._show, language_code=language)
        self.language = language
        self.application = build_application(answerer, token="local-chat", request=LocalRequest(self.api),
                                             feedback=feedback)
        self.application.bot_data["terminal"] = True  # /help speaks of typing, not of groups and inline mode
        self.styled = styled
        self.output = output
        self.rating = feedback is not None
        #: The language of the reply to the last text typed, for the hint under it: the bot answers a question
        #: in its own language and a text whose words do not tell in the app's (the terminal's) language.
        self.reply_language = language
        self._console = None
        if styled:
            from rich.console import Console

            self._console = Console(file=output, highlight=False)

    def _show(self, message: SentMessage) -> None:
        if self._console is not None:
            print_message(self._console, message, self.reply_language)
            self._console.print()
        else:
            self.output.write(render(message, styled=False, language=self.reply_language) + "\n\n")
            self.output.flush()

    async def __aenter__(self) -> "LocalChat":
        await self.application.initialize()
        if self.application.post_init:
            await self.application.post_init(self.application)
        await self.application.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.application.stop()
        await self.application.shutdown()

    def _button_labelled(self, text: str) -> tuple[SentMessage, str] | None:
        """The latest message with a button labelled ``text`` ("Older ›", "older", "ouder"), and its data: a
        terminal has no buttons to press."""
        typed = _label(text)
        for message in reversed(self.api.messages):
            for button in message.buttons():
                # More is typed as "more" and paged by the bot itself, for the last answer only
                if typed and _label(button["text"]) == typed and button.get("callback_data") and not _is_more(button):
                    return message, button["callback_data"]
        return None

    async def send(self, line: str) -> None:
        """One typed line: a command, a question, or "more" for the last answer's button."""
        text = line.strip()
        if not text:
            return
        if text in RATING_WORDS:
            face = RATING_WORDS[text]
            rateable = [m for m in self.api.messages if any(b["text"].startswith(face) for b in m.buttons())]
            if not rateable:
                hint = say("nothing_to_rate" if self.rating else "ratings_off", self.language)
                self._show(SentMessage(1, 0, hint, None, None))
                return
            button = next(b for b in rateable[-1].buttons() if b["text"].startswith(face))
            raw = self.api.button_press(rateable[-1], button["callback_data"])
        elif (labelled := self._button_labelled(text)) is not None:  # "ouder" for /sources' "Ouder ›"
            raw = self.api.button_press(*labelled)
        else:  # "more" too: the bot pages on through the chat's last answer, as on Telegram
            self.reply_language = reader_language(text, default=self.language) or self.language
            raw = self.api.user_message(text)
        update = Update.de_json({"update_id": self.api.new_update_id(), **raw}, self.application.bot)
        notices = len(self.api.callback_answers)
        await self.application.process_update(update)
        for notice in self.api.callback_answers[notices:]:  # what Telegram shows briefly after a button press
            if notice:
                self._show(SentMessage(1, 0, notice, None, None))


async def _piped_lines(stream: TextIO) -> AsyncIterator[str]:
    """The lines of ``stream``, read on a daemon thread: a read blocking the event loop had kept Ctrl-C and
    SIGTERM from stopping a chat that reads a pipe or a fifo until its writer closed it."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        try:
            for line in stream:
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, None)
        except RuntimeError:  # the chat has ended and its loop is closed
            pass

    threading.Thread(target=read, name="newsbot-stdin", daemon=True).start()
    while (line := await lines.get()) is not None:
        yield line


def _history(path: Path | None):  # type: ignore[no-untyped-def]
    """Line history in ``path``; in memory, after one warning, when that file cannot be written."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    class _FileHistory(FileHistory):
        def store_string(self, string: str) -> None:
            try:
                super().store_string(string)
            except OSError as error:  # the disk filled, or the file was made read-only, since the start
                _history_warning(path, error)
                self.store_string = lambda string: None  # type: ignore[method-assign]

    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The reader's own lines: for this user only, as the ratings are (a trial's history was world-readable).
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        if path.stat().st_mode & 0o077:
            with contextlib.suppress(OSError):  # another user's file: theirs to keep as they chose
                path.chmod(0o600)
    except OSError as error:
        _history_warning(path, error)
        return InMemoryHistory()
    return _FileHistory(str(path))


def _history_warning(path: Path | None, error: OSError) -> None:
    print(f"warning: cannot write the chat history {path} ({error.strerror or error}); this session's lines are "
          "kept in memory only", file=sys.stderr, flush=True)


async def _prompted_lines(history: Path | None, language: str) -> AsyncIterator[str]:
    from prompt_toolkit import PromptSession

    session: PromptSession[str] = PromptSession(history=_history(history))
    while True:
        try:
            yield await session.prompt_async(PROMPTS.get(language, PROMPTS["en"]))
        except KeyboardInterrupt:  # Ctrl-C leaves, like Ctrl-D
            return
        except EOFError:
            return


async def run_chat(answerer: Answerer, *, interactive: bool, history: Path | None = None,
                   feedback: FeedbackStore | None = None) -> None:
    """Run the chat until end of input (Ctrl-D), Ctrl-C, or the end of a pipe."""
    output = sys.stdout
    async with LocalChat(answerer, output=output, styled=interactive, feedback=feedback,
                         language=locale_language()) as chat:
        if interactive:
            await chat.send("/start")
        lines = _prompted_lines(history, chat.language) if interactive else _piped_lines(sys.stdin)
        async for line in lines:
            if not interactive and line.strip():  # a transcript says what each reply answers (a trial's piped
                output.write(f"> {line.strip()}\n\n")  # chats could not be matched to their questions)
            await chat.send(line)


def chat_main(answerer: Answerer, *, history: Path | None = None, feedback: FeedbackStore | None = None) -> None:
    """Entry point for ``newsbot chat``: styled with line editing on a terminal, plain in a pipe."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    try:
        asyncio.run(_stopped_by_sigterm(run_chat(answerer, interactive=interactive, history=history,
                                                 feedback=feedback)))
    except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl-C or SIGTERM: the bot was stopped cleanly
        pass


async def _stopped_by_sigterm(chat: Coroutine[Any, Any, None]) -> None:
    """Run ``chat``; SIGTERM cancels it as Ctrl-C does, so the bot stops cleanly and the exit status is 0."""
    task = asyncio.current_task()
    if task is not None:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals here (not the main thread)
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    await chat
