"""👍 / 👎 under each answer on Telegram and in the dev bot: the buttons and the handler that stores a rating.

The ratings themselves are :mod:`bot.feedback`'s; this module only translates between Telegram's buttons and it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import sqlite3
from collections import OrderedDict

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from .answer import Answer
from .feedback import DOWN, UP, FeedbackStore, RatedAnswer, passage_labels
from .messages import app_language, reader_language, say

#: Answers that can still be rated; older ones are forgotten first.
RATED_ANSWERS = 1000

logger = logging.getLogger(__name__)


async def answer_press(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press (the spinner stops; ``text`` shows briefly). Telegram refuses an answer that comes
    after ~15 s ("query is too old"): the press is still carried out, which a refused answer had stopped."""
    try:
        await query.answer(text)
    except BadRequest as error:
        logger.warning("Telegram refused the answer to a button press (%s); carrying it out anyway", error)



def with_ratings(context: ContextTypes.DEFAULT_TYPE, answer: Answer,
                  markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The answer's buttons with 👍 / 👎 beside "More" (when ratings are kept and something was quoted)."""
    if context.bot_data.get("feedback") is None or not answer.answered:
        return markup
    rated: OrderedDict[str, RatedAnswer] = context.bot_data["rated"]
    key = secrets.token_hex(6)
    rated[key] = RatedAnswer(answer.question, passage_labels(answer.quotes),
                             context.bot_data["answerer"].live.current().version.name)
    while len(rated) > RATED_ANSWERS:
        rated.popitem(last=False)
    row = list(markup.inline_keyboard[0]) if markup else []
    row += [InlineKeyboardButton("👍", callback_data=f"rate:{key}:{UP}"),
            InlineKeyboardButton("👎", callback_data=f"rate:{key}:{DOWN}")]
    return InlineKeyboardMarkup([row])


def _rating_marked(markup: InlineKeyboardMarkup | None, key: str, rating: int) -> InlineKeyboardMarkup | None:
    """The same buttons, the chosen rating ticked (pressing the other one changes it)."""
    if markup is None:
        return None
    chosen = f"rate:{key}:{rating}"
    rows = [[_rating_button(b, chosen) if str(b.callback_data or "").startswith(f"rate:{key}:") else b for b in row]
            for row in markup.inline_keyboard]
    return InlineKeyboardMarkup(rows)


def _rating_button(button: InlineKeyboardButton, chosen: str) -> InlineKeyboardButton:
    face = "👍" if str(button.callback_data).endswith(f":{UP}") else "👎"
    tick = " ✓" if button.callback_data == chosen else ""
    return InlineKeyboardButton(face + tick, callback_data=button.callback_data)


def without_more(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """An answer's buttons once its "More" was pressed: the ratings stay."""
    rows = [[b for b in row if not str(b.callback_data or "").startswith("more:")]
            for row in (markup.inline_keyboard if markup else [])]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


async def rate_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store a 👍 or 👎 for an answer; pressing the other one changes the rating."""
    query = update.callback_query
    parts = (query.data or "").split(":")
    # Only "rate:KEY:±1" reaches here, but python-telegram-bot lets empty data past the pattern (a trial's forged
    # press got "Sorry" and a traceback): anything else is an old button.
    key, value = (parts[1], parts[2]) if len(parts) == 3 and re.fullmatch(r"-?\d+", parts[2]) else ("", "0")
    rated = context.bot_data["rated"].get(key)
    store: FeedbackStore | None = context.bot_data.get("feedback")
    language = app_language(query.from_user.language_code)
    if rated is not None:  # thanked in the rated answer's language
        language = reader_language(rated.question, default=language) or language
    if rated is None or store is None:
        await answer_press(query, say("too_old_to_rate", language))
        return
    rating = UP if int(value) == UP else DOWN
    chat_id = query.message.chat.id if query.message else query.from_user.id
    try:
        changed = await asyncio.to_thread(store.rate, key, chat_id, rated, rating, user_id=query.from_user.id)
    except (sqlite3.Error, OSError) as error:  # an operator's drill: a read-only folder gave "Sorry" and a traceback
        logger.warning("could not save a rating (%s): check that the ratings file and its folder can be written",
                       error)
        await answer_press(query, say("rating_not_saved", language))
        return
    await answer_press(query, say("rating_changed" if changed else "rated", language))
    # The tick is the reader's own rating, so only in a private chat: in a group every member sees one keyboard,
    # which had shown whoever pressed last (a Telegram trial); the pop-up tells each their own.
    if query.message is not None and query.message.chat.type == "private":
        marked = _rating_marked(query.message.reply_markup, key, rating)
        try:
            await query.edit_message_reply_markup(reply_markup=marked)
        except BadRequest as error:  # "message is not modified": a second member pressed the same rating
            if "not modified" not in str(error).lower():
                raise

