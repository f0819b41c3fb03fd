"""Updates of different chats at once, each chat's own one after another, in the order they came.

python-telegram-bot's ``concurrent_updates(8)`` runs any eight updates together: a reader's question and the
follow-up typed after it, fetched in one batch (after a restart, or while the bot was busy), raced, and "and
what did he deny?" was read before "What did Lukashenko admit?" was remembered, "more" answered before the
answer it pages.

A chat's update waits for its chat's turn before it takes one of the eight places, so that one chat's flood
holds at most one of them (a reviewer's 40 questions from one group had kept another reader waiting 137 s);
and a chat with more than :data:`MAX_WAITING` updates waiting has the further ones dropped, with a warning.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)


#: Updates of one chat that may wait for their turn; more are dropped (a flood, not a reader).
MAX_WAITING = 30


class ChatOrderedUpdates(BaseUpdateProcessor):
    """At most ``max_concurrent_updates`` updates at once, never two of the same chat (or, for inline queries,
    of the same user)."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}  # updates holding or awaiting each chat's lock: the lock goes at 0

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """The chat's turn first, then one of the places (the base class takes the place first)."""
        key = _chat_of(update)
        if key is None:
            async with self._semaphore:
                await coroutine
            return
        if self._holders.get(key, 0) >= MAX_WAITING:
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # never run: no "was never awaited" warning
            logger.warning("update %s dropped: %d updates of its chat are already waiting",
                           getattr(update, "update_id", "?"), MAX_WAITING)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock:  # asyncio's locks wake their waiters first come, first served
                async with self._semaphore:
                    await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._locks[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Unused: :meth:`process_update` does the work."""
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up: the locks are made as chats write."""

    async def shutdown(self) -> None:
        """Nothing to free: every lock goes with its chat's last update."""


def _chat_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
