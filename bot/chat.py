"""The local dev bot: the Telegram handlers, in a terminal, with no Telegram account or network.

The very :class:`~telegram.ext.Application` that serves Telegram runs here; its HTTP layer is
replaced by :class:`~bot.local_api.LocalRequest`, so each reply arrives exactly as Telegram would
receive it (HTML, buttons) and is rendered for the terminal: bold answering sentences, indented
quotes, dimmed citations. In a pipe the replies are plain text, one per question.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO

from rich.markup import escape
from telegram import Update

from .answer import Answerer
from .feedback import FeedbackStore
from .local_api import LocalBotApi, LocalRequest, SentMessage
from .telegram_bot import build_application

logger = logging.getLogger(__name__)

MORE_WORDS = {"more", "/more", "meer"}
#: Typed instead of pressing the 👍 / 👎 button of the last rated answer.
RATING_WORDS = {**dict.fromkeys(("👍", "+", "+1", "good"), "👍"),
                **dict.fromkeys(("👎", "-", "-1", "bad"), "👎")}
PROMPT = "you› "


class _TelegramHtml(HTMLParser):
    """Telegram's HTML subset to rich markup (``styled``) or to plain text."""

    def __init__(self, *, styled: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.styled = styled
        self.out: list[str] = []
        self._href: list[str | None] = []

    def _text(self, text: str) -> str:
        return escape(text) if self.styled else text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "b":
            self.out.append("[bold]" if self.styled else "**")
        elif tag == "i":
            self.out.append("[dim]" if self.styled else "")
        elif tag == "blockquote":
            self.out.append("  “" if self.styled else "“")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "b":
            self.out.append("[/bold]" if self.styled else "**")
        elif tag == "i":
            self.out.append("[/dim]" if self.styled else "")
        elif tag == "blockquote":
            self.out.append("”")
        elif tag == "a":
            href = self._href.pop() if self._href else None
            if href:
                self.out.append(self._text(f" ({href})"))

    def handle_data(self, data: str) -> None:
        self.out.append(self._text(data))


def render(message: SentMessage, *, styled: bool) -> str:
    """A bot message as the terminal shows it (``styled``: rich markup; else plain text)."""
    if message.parse_mode == "HTML":
        parser = _TelegramHtml(styled=styled)
        parser.feed(message.text)
        text = "".join(parser.out)
    else:
        text = escape(message.text) if styled else message.text
    buttons = [b["text"] for b in message.buttons()]
    if buttons:
        hint = " type “more”" if any(b.startswith("More") for b in buttons) else ""
        hint += (" or" if hint else " type") + " + / - to rate" if any(b.startswith("👍") for b in buttons) else ""
        label = " ".join(f"[{b}]" for b in buttons) + hint
        text += f"\n[dim]{escape(label)}[/dim]" if styled else f"\n{label}"
    return text


class LocalChat:
    """Feeds typed lines to the bot's Application as Telegram updates and prints its replies."""

    def __init__(self, answerer: Answerer, *, output: TextIO, styled: bool,
                 feedback: FeedbackStore | None = None) -> None:
        self.api = LocalBotApi(on_message=self._show)
        self.application = build_application(answerer, token="local-chat", request=LocalRequest(self.api),
                                             feedback=feedback)
        self.styled = styled
        self.output = output
        self._console = None
        if styled:
            from rich.console import Console

            self._console = Console(file=output, highlight=False)

    def _show(self, message: SentMessage) -> None:
        text = render(message, styled=self.styled)
        if self._console is not None:
            self._console.print(text)
            self._console.print()
        else:
            self.output.write(text + "\n\n")
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

    async def send(self, line: str) -> None:
        """One typed line: a command, a question, or "more" for the last answer's button."""
        text = line.strip()
        if not text:
            return
        if text.lower() in MORE_WORDS:
            pressable = [m for m in self.api.messages if any(b["text"].startswith("More") for b in m.buttons())]
            if not pressable:
                self._show(SentMessage(1, 0, "There is nothing more to show. Ask a question first.", None, None))
                return
            message = pressable[-1]
            button = next(b for b in message.buttons() if b["text"].startswith("More"))
            raw = self.api.button_press(message, button["callback_data"])
        elif text in RATING_WORDS:
            face = RATING_WORDS[text]
            rateable = [m for m in self.api.messages if any(b["text"].startswith(face) for b in m.buttons())]
            if not rateable:
                self._show(SentMessage(1, 0, "There is no answer to rate. Ask a question first.", None, None))
                return
            button = next(b for b in rateable[-1].buttons() if b["text"].startswith(face))
            raw = self.api.button_press(rateable[-1], button["callback_data"])
        else:
            raw = self.api.user_message(text)
        update = Update.de_json({"update_id": self.api.new_update_id(), **raw}, self.application.bot)
        notices = len(self.api.callback_answers)
        await self.application.process_update(update)
        for notice in self.api.callback_answers[notices:]:  # what Telegram shows briefly after a button press
            if notice:
                self._show(SentMessage(1, 0, notice, None, None))


async def _piped_lines(stream: TextIO) -> AsyncIterator[str]:
    for line in stream:
        yield line


async def _prompted_lines(history: Path | None) -> AsyncIterator[str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    session: PromptSession[str] = PromptSession(history=FileHistory(str(history)) if history else InMemoryHistory())
    while True:
        try:
            yield await session.prompt_async(PROMPT)
        except KeyboardInterrupt:  # Ctrl-C leaves, like Ctrl-D
            return
        except EOFError:
            return


async def run_chat(answerer: Answerer, *, interactive: bool, history: Path | None = None,
                   feedback: FeedbackStore | None = None) -> None:
    """Run the chat until end of input (Ctrl-D), Ctrl-C, or the end of a pipe."""
    output = sys.stdout
    async with LocalChat(answerer, output=output, styled=interactive, feedback=feedback) as chat:
        if interactive:
            await chat.send("/start")
        lines = _prompted_lines(history) if interactive else _piped_lines(sys.stdin)
        async for line in lines:
            await chat.send(line)


def chat_main(answerer: Answerer, *, history: Path | None = None, feedback: FeedbackStore | None = None) -> None:
    """Entry point for ``newsbot chat``: styled with line editing on a terminal, plain in a pipe."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    try:
        asyncio.run(run_chat(answerer, interactive=interactive, history=history, feedback=feedback))
    except KeyboardInterrupt:
        pass
