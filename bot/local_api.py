"""A small Bot API server that lives on this machine: the other side of the wire, without Telegram.

It keeps the state Telegram would keep (updates waiting to be fetched, messages sent, their buttons)
and answers the methods the bot uses, in Telegram's JSON shapes. The local chat reaches it in-process
through :class:`LocalRequest`; the tests put it behind real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Newsroom", "username": "newsroom_quote_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}


@dataclass
class SentMessage:
    """A message the bot sent (or edited), as a client would see it."""

    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict | None
    edited: bool = False

    def buttons(self) -> list[dict]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


class ApiError(Exception):
    """A call Telegram refuses, with its HTTP status and description."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


@dataclass
class LocalBotApi:
    """Bot API state and methods; thread-safe, so an HTTP server thread and the bot can share it."""

    on_message: Callable[[SentMessage], None] | None = None
    calls: list[tuple[str, dict]] = field(default_factory=list)
    messages: list[SentMessage] = field(default_factory=list)
    inline_answers: list[dict] = field(default_factory=list)
    commands: list[dict] = field(default_factory=list)
    localized_commands: dict[str, list[dict]] = field(default_factory=dict)  # language code → its menu
    chat_actions: list[tuple[int, str]] = field(default_factory=list)
    callback_answers: list[str | None] = field(default_factory=list)  # the notices a button press shows
    #: The user's app language, as Telegram sends it ("nl"); None: not sent.
    language_code: str | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)

    # --- what a Telegram client does -------------------------------------------------------
    def push(self, update: dict) -> int:
        """Queue an update (``update_id`` is added); returns its id."""
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._lock.notify_all()
            return update["update_id"]

    def push_batch(self, updates: list[dict]) -> None:
        """Queue several updates at once, so that the bot fetches them in one batch (as after a restart)."""
        with self._lock:
            for update in updates:
                self.push(update)

    def push_raw(self, raw: dict) -> None:
        """Queue an update exactly as given, even one the bot cannot parse."""
        with self._lock:
            self._updates.append(raw)
            self._lock.notify_all()

    def new_update_id(self) -> int:
        return next(self._update_ids)

    def user_message(self, text: str, *, chat_id: int = 1, user_id: int = 1, chat_type: str = "private",
                     reply_to: SentMessage | None = None, entities: list[dict] | None = None) -> dict:
        """A ``message`` update as a user's client would produce it."""
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": "Reader"} if chat_type == "private" else {"title": "Newsroom"})
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                                   "from": self._user(user_id), "text": text}
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = self._as_message(reply_to)
        return {"message": message}

    def button_press(self, message: SentMessage, data: str, *, user_id: int = 1) -> dict:
        return {"callback_query": {"id": str(next(self._message_ids)), "chat_instance": "local",
                                   "from": self._user(user_id),
                                   "message": self._as_message(message), "data": data}}

    def _user(self, user_id: int) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Reader"}
        return {**user, "language_code": self.language_code} if self.language_code else user

    # --- the Bot API --------------------------------------------------------------------------
    def handle(self, method: str, params: dict, *, poll_timeout: float = 0.5) -> tuple[int, dict]:
        """Answer one Bot API call: ``(HTTP status, JSON body)``."""
        with self._lock:
            self.calls.append((method, params))
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        try:
            result = handler(params, poll_timeout) if method == "getUpdates" else handler(params)
        except ApiError as error:
            return error.status, {"ok": False, "error_code": error.status, "description": error.description}
        return 200, {"ok": True, "result": result}

    def _api_getMe(self, params: dict) -> dict:
        return BOT_USER

    def _api_deleteWebhook(self, params: dict) -> bool:
        return True

    def _api_setWebhook(self, params: dict) -> bool:
        return True

    def _api_setMyCommands(self, params: dict) -> bool:
        commands = _json(params.get("commands")) or []
        if params.get("language_code"):  # the menu for apps in that language
            self.localized_commands[str(params["language_code"])] = commands
        else:
            self.commands = commands
        return True

    def _api_getUpdates(self, params: dict, poll_timeout: float) -> list[dict]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), poll_timeout)
        deadline = time.monotonic() + wait
        with self._lock:
            self._updates = [u for u in self._updates if u.get("update_id", 0) >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return list(self._updates[:100])

    def _api_sendChatAction(self, params: dict) -> bool:
        self.chat_actions.append((int(params["chat_id"]), str(params["action"])))
        return True

    def _api_sendMessage(self, params: dict) -> dict:
        return self._deliver(int(params["chat_id"]), next(self._message_ids), params, edited=False)

    def _api_editMessageText(self, params: dict) -> dict:
        old = self._find(int(params["chat_id"]), int(params["message_id"]))
        return self._deliver(old.chat_id, old.message_id, params, edited=True)

    def _deliver(self, chat_id: int, message_id: int, params: dict, *, edited: bool) -> dict:
        """Record a sent or edited message, show it to the client, and answer with Telegram's Message."""
        message = SentMessage(chat_id, message_id, str(params["text"]), params.get("parse_mode"),
                              _json(params.get("reply_markup")), edited=edited)
        self.messages.append(message)
        if self.on_message:
            self.on_message(message)
        return self._as_message(message)

    def _api_editMessageReplyMarkup(self, params: dict) -> dict:
        old = self._find(int(params["chat_id"]), int(params["message_id"]))
        markup = _json(params.get("reply_markup"))
        if markup == old.reply_markup:  # as Telegram: an edit that changes nothing is refused
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message")
        old.reply_markup = markup
        return self._as_message(old)

    def _api_answerCallbackQuery(self, params: dict) -> bool:
        self.callback_answers.append(params.get("text"))
        return True

    def _api_answerInlineQuery(self, params: dict) -> bool:
        self.inline_answers.append({"inline_query_id": params["inline_query_id"],
                                    "results": _json(params.get("results")) or [],
                                    "button": _json(params.get("button")),
                                    "is_personal": _json(params.get("is_personal")) or False})
        return True

    def _find(self, chat_id: int, message_id: int) -> SentMessage:
        for message in reversed(self.messages):
            if message.chat_id == chat_id and message.message_id == message_id:
                return message
        raise KeyError(message_id)

    def _as_message(self, message: SentMessage) -> dict:
        data: dict[str, Any] = {"message_id": message.message_id, "date": int(time.time()),
                                "chat": {"id": message.chat_id, "type": "private" if message.chat_id > 0 else "group",
                                         "first_name": "Reader", "title": "Newsroom"},
                                "from": {k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")},
                                "text": message.text}
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data


def _json(value: Any) -> Any:
    """Bot API parameters arrive as JSON strings (form fields) or already decoded (JSON bodies)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


class LocalRequest(BaseRequest):
    """python-telegram-bot's HTTP layer, replaced by direct calls into a :class:`LocalBotApi`."""

    def __init__(self, api: LocalBotApi) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None, connect_timeout: Any = None,
                         pool_timeout: Any = None) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        status, body = self.api.handle(endpoint, dict(params))
        return status, json.dumps(body).encode()
