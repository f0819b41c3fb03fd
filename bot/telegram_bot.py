"""The Telegram bot: handlers that translate between Telegram and :class:`~bot.answer.Answerer`.

The same :class:`Application` serves Telegram (long polling or webhook) and the local chat; only the
bot's HTTP layer differs. Searches run in worker threads and updates of different chats are processed
concurrently, so a slow search never holds up other chats; a chat's own come one after another
(:mod:`bot.chat_order`).
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import re
import secrets
import sys
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from index import NewsbotError
from index.answer_types import is_question

from .answer import Answer, Answerer, Quote
from .chat_order import ChatOrderedUpdates
from .feedback import FeedbackStore
from .followup import FollowUps, Reading, asks_for_more
from .messages import LANGUAGES, app_language, commands, count_of, reader_language, say
from .rating_buttons import answer_press, rate_button, with_ratings, without_more
from .question import Question, QuestionError, clean_question
from .redact import install_token_redaction

logger = logging.getLogger(__name__)

SOURCES_PAGE = 10
INLINE_RESULTS = 10
PENDING_ANSWERS = 1000
MORE_PAGE = 3
SEND_ATTEMPTS = 4
#: Longest wait between two attempts to reach the Bot API at start-up, in seconds.
CONNECT_RETRY_MAX = 30.0
TOKEN_REJECTED = "Telegram rejected the token in TELEGRAM_BOT_TOKEN: check it with @BotFather"


@dataclass(frozen=True)
class BotSettings:
    """Who may use the bot and who may reload it; empty ``allowed`` means everyone."""

    allowed: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()


def parse_ids(value: str | None) -> frozenset[int]:
    """Chat or user ids from ``"123, -100456"``; raises :class:`NewsbotError` on anything else."""
    ids = set()
    for part in (value or "").replace(";", ",").split(","):
        if part.strip():
            try:
                ids.add(int(part.strip()))
            except ValueError:
                raise NewsbotError(f"{part.strip()!r} is not a chat or user id (use numbers, comma-separated)") from None
    return frozenset(ids)


def _short_reason(message: str) -> str:
    """python-telegram-bot's reason without the page it could not parse ("Bad Gateway (502). Parsing the server
    response b'<!DOCTYPE HTML>…' failed": an operator's trial had 700 characters of HTML in each retry's warning)."""
    return re.sub(r"\.?\s*Parsing the server response b?(['\"]).*\1 failed\.?", ": an answer that is not the Bot API's "
                  "JSON", message, flags=re.S)


class ResilientBot(ExtBot):
    """An ExtBot whose polling survives an update it cannot parse.

    python-telegram-bot 22.8 fails the whole ``getUpdates`` batch on one bad update and never
    advances the offset (and logs the raw batch, user text included, at CRITICAL). Here a bad update
    is replaced by an empty one with the same ``update_id``: it is skipped and logged by id only.
    """

    @property
    def api_root(self) -> str:
        """The Bot API's address without the token or a password in it, for messages (an operator's drill found a
        proxy's basic-auth password in the retry warnings)."""
        root = urlsplit(self.base_url.removesuffix(self.token).removesuffix("/bot"))
        if root.password:
            root = root._replace(netloc=root.netloc.replace(f":{root.password}@", ":***@", 1))
        return urlunsplit(root)

    async def initialize(self) -> None:
        """Connect (getMe), retrying with backoff while the Bot API cannot be reached, one warning line a try,
        as polling does for outages later; a rejected token is one clear line, never the token itself."""
        delay = 1.0
        while True:
            try:
                await super().initialize()
                return
            except InvalidToken as error:
                cause = str(error.__cause__ or "")
                if "not found" in cause.lower():
                    raise NewsbotError(f"the Bot API at {self.api_root} does not know this bot (404 Not Found): check "
                                       "TELEGRAM_BOT_TOKEN with @BotFather, and TELEGRAM_API_BASE_URL if you set it"
                                       ) from None
                raise NewsbotError(TOKEN_REJECTED) from None
            except NetworkError as error:
                if isinstance(error, BadRequest) or "(501)" in error.message:  # 501: a web server, not a Bot API
                    raise self._unusable(_short_reason(error.message)) from None
                logger.warning("cannot reach the Telegram Bot API at %s (%s); retrying in %.0f s",
                               self.api_root, _short_reason(error.message), delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, CONNECT_RETRY_MAX)
            except (TelegramError, ValueError, TypeError, KeyError, AttributeError) as error:
                # A 200 with a page or a list, not the bot: a security review had 67-104 lines of traceback.
                raise self._unusable(getattr(error, "message", None) or type(error).__name__) from None

    def _unusable(self, reason: str) -> NewsbotError:
        return NewsbotError(f"the Bot API at {self.api_root} answered getMe with something other than this bot "
                            f"({reason}): check TELEGRAM_API_BASE_URL, or leave it unset for Telegram's own")

    async def _post(self, endpoint: str, data=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = await super()._post(endpoint, data, *args, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            result = [self._parseable(raw) for raw in result]
        return result

    def _parseable(self, raw: object) -> object:
        try:
            Update.de_json(raw, self)  # type: ignore[arg-type]
            return raw
        except Exception:  # noqa: BLE001 - any parse failure means "skip this one"
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int):
                raise
            logger.warning("skipped update %s: it could not be parsed", update_id)
            return {"update_id": update_id}


class _OneLineNetworkErrors(logging.Filter):
    """python-telegram-bot logs a lost connection with its whole traceback (e.g. the last getUpdates at
    shutdown), and a refused webhook before it gives up; an error of the Bot API needs one line, its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, TelegramError):
            record.msg, record.args = f"{record.getMessage()} ({error.message})", ()
            record.exc_info, record.exc_text = None, None
        return True


_NETWORK_FILTER = _OneLineNetworkErrors()


class _NoUnparsedPages(logging.Filter):
    """A proxy's error page instead of JSON ("<html>bad gateway</html>"): python-telegram-bot logs the page with
    a JSON traceback, then raises the error that the start-up retry or polling already reports in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Can not load invalid JSON data")


_PAGE_FILTER = _NoUnparsedPages()
#: The updates the bot asks Telegram for, polling or by webhook: an edited message is not asked again (a security
#: review found a webhook answering edits, which polling never did).
ALLOWED_UPDATES = ("message", "callback_query", "inline_query")


class _NoUpdateData(logging.Filter):
    """An update python-telegram-bot cannot parse is logged whole at CRITICAL ("Received data was: {…}"), a reader's
    message with it: a security review found one in a webhook's log at the default level. The line keeps what
    went wrong, not the data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "Received data was" in record.msg:
            error = record.exc_info[1] if record.exc_info else None
            reason = f" ({type(error).__name__})" if error is not None else ""
            record.msg, record.args = f"an update that could not be parsed was not processed{reason}; its data is " \
                                      "not logged, as it may hold a reader's message", ()
            record.exc_info, record.exc_text, record.levelno, record.levelname = None, None, logging.WARNING, "WARNING"
        return True


_DATA_FILTER = _NoUpdateData()
#: The loggers that write an unparsed update's data (the webhook's handler logs as the Updater).
_UPDATE_DATA_LOGGERS = ("telegram.ext.Updater", "telegram.Bot", "telegram.ext.ExtBot")


def build_application(answerer: Answerer, *, token: str, base_url: str | None = None,
                      settings: BotSettings | None = None, request: BaseRequest | None = None,
                      feedback: FeedbackStore | None = None) -> Application:
    """An :class:`Application` with every handler; ``request`` replaces HTTP (the local chat uses that);
    with ``feedback``, answers carry 👍 / 👎 buttons whose ratings go there."""
    install_token_redaction(token)
    for name in ("telegram.ext", "telegram.ext.Updater", "telegram.ext.Application"):
        if _NETWORK_FILTER not in logging.getLogger(name).filters:
            logging.getLogger(name).addFilter(_NETWORK_FILTER)
    if _PAGE_FILTER not in logging.getLogger("telegram.request.BaseRequest").filters:
        logging.getLogger("telegram.request.BaseRequest").addFilter(_PAGE_FILTER)
    for name in _UPDATE_DATA_LOGGERS:  # first: the network filter must not see the data either
        if _DATA_FILTER not in logging.getLogger(name).filters:
            logging.getLogger(name).filters.insert(0, _DATA_FILTER)
    base = (base_url or "https://api.telegram.org").rstrip("/")
    if base.endswith("/bot"):  # python-telegram-bot's own base_url convention: accept it too
        base = base[: -len("/bot")]
    bot = ResilientBot(
        token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot",
        request=request or HTTPXRequest(connection_pool_size=16),
        get_updates_request=request or HTTPXRequest(),
        rate_limiter=AIORateLimiter(max_retries=3),
        # A question deleted before its answer went out: the answer is sent all the same, as a plain message.
        defaults=Defaults(allow_sending_without_reply=True),
    )
    application = (ApplicationBuilder().bot(bot).concurrent_updates(ChatOrderedUpdates(8)).post_init(_post_init)
                   .build())
    application.bot_data["answerer"] = answerer
    application.bot_data["settings"] = settings or BotSettings()
    application.bot_data["pending"] = OrderedDict()
    application.bot_data["latest"] = OrderedDict()  # chat or topic → its latest answer (a Message)
    application.bot_data["answered"] = OrderedDict()  # (chat id, message id) of an answer → its question, key, offset
    application.bot_data["paged"] = OrderedDict()  # (pending key, offset) of the More pages sent
    application.bot_data["followups"] = FollowUps()  # each chat's previous question, in memory only
    application.bot_data["feedback"] = feedback
    application.bot_data["rated"] = OrderedDict()  # answer key → what a rating of it refers to

    application.add_handler(TypeHandler(Update, _access_control), group=-1)
    application.add_handler(CommandHandler("start", start_command))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CommandHandler("sources", sources_command))
    application.add_handler(CommandHandler("status", status_command))
    application.add_handler(CommandHandler("reload", reload_command))
    application.add_handler(CommandHandler("new", new_command))
    application.add_handler(CommandHandler("more", _more_for_chat))  # as typing "more"
    application.add_handler(CallbackQueryHandler(rate_button, pattern=r"^rate:\w+:-?\d+$"))
    application.add_handler(CallbackQueryHandler(more_button, pattern=r"^more:"))
    application.add_handler(CallbackQueryHandler(sources_button, pattern=r"^sources:"))
    application.add_handler(CallbackQueryHandler(unknown_button))
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, private_text))
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, group_text))
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.CAPTION, group_text))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT, media_message))
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    application.add_error_handler(error_handler)
    return application


async def _post_init(application: Application) -> None:
    """Register the command menu (English, and Dutch for Dutch apps) once the bot is connected, and say that it
    runs (``newsbot telegram`` sets ``bot_data["announce"]``: how updates arrive)."""
    for language in LANGUAGES:
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in commands(language)],
                                              language_code=None if language == "en" else language)
    announce = application.bot_data.get("announce")
    if announce:
        print(f"newsbot is on Telegram as @{application.bot.username} ({announce}); Ctrl-C stops it",
              file=sys.stderr, flush=True)


def _answerer(context: ContextTypes.DEFAULT_TYPE) -> Answerer:
    return context.bot_data["answerer"]


def _language(update: object, context: ContextTypes.DEFAULT_TYPE) -> str:
    """What the bot says when there is no question to go by: in a private chat, the language of the reader's last
    question (a Dutch reader with an English app got /status and /new in English between Dutch answers); else
    their Telegram app's."""
    user = update.effective_user if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None and chat.type == ChatType.PRIVATE and update.effective_message:
        asked = context.bot_data["followups"].language(_conversation(update.effective_message))
        if asked:
            return asked
    return app_language(user.language_code if user else None)


async def _access_control(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from chats and users outside ``NEWSBOT_ALLOWED_CHATS`` before any handler sees them."""
    allowed: frozenset[int] = context.bot_data["settings"].allowed
    if not allowed:
        return
    chat = update.effective_chat
    user = update.effective_user.id if update.effective_user else None
    # In a group the group must be listed: a listed member's question in another group is answered to all there
    # (a Telegram trial). In a private chat, or inline, the reader.
    allowed_here = chat.id in allowed if chat is not None and chat.type != ChatType.PRIVATE else user in allowed
    if not allowed_here:
        logger.info("ignored update %s from a chat that is not allowed", update.update_id)
        if update.inline_query is not None:  # its popup would spin for ever
            await update.inline_query.answer([], cache_time=300, is_personal=True)  # not cached for those allowed
        raise ApplicationHandlerStop


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot does, how to ask, and a few questions this index can answer."""
    language = _language(update, context)
    examples = await asyncio.to_thread(_answerer(context).examples, 3, language)
    lines = [say("start_intro", language), ""]
    if examples:
        lines += [say("for_example", language)] + [f"• {html.escape(e)}" for e in examples]
    else:
        lines += [say("ask_about", language)]
    lines += ["", say("start_more", language)]
    await _reply(update.effective_message, "\n".join(lines))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask and what an answer looks like."""
    language = _language(update, context)
    examples = await asyncio.to_thread(_answerer(context).examples, 1, language)
    example = say("help_example", language, question=html.escape(examples[0])) if examples else ""
    if context.bot_data.get("terminal"):  # `newsbot chat`: no groups, no inline mode, "more" typed
        await _reply(update.effective_message, say("help_terminal", language, example=example))
        return
    # The bot's own @name, which a reader types (a trial's help said "typ mijn @gebruikersnaam")
    username = f"@{context.bot.username}" if context.bot.username else say("my_username", language)
    await _reply(update.effective_message, say("help", language, example=example, username=html.escape(username)))


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question after /ask (the way to ask in groups)."""
    question = " ".join(context.args or [])
    await answer_question(update, context, question)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat any text is a question, but not a quote the reader sent through the bot's inline mode (a
    Telegram trial had it answered as one)."""
    message = update.effective_message
    if message.via_bot is not None and message.via_bot.id == context.bot.id:
        return
    await answer_question(update, context, message.text or "")


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups answer only mentions of the bot and questions that reply to its messages; a photo's caption
    too, and "/ask …" as a caption (a Telegram trial's captioned photos got no answer in a group)."""
    message = update.effective_message
    username = f"@{context.bot.username}".lower()
    text = message.text or message.caption or ""
    if message.text is None:
        command = re.match(rf"^/ask(?:{re.escape(username)})?(?:\s+|$)", text, re.I)
        if command:
            await answer_question(update, context, text[command.end():])
            return
    replied_to_bot = bool(message.reply_to_message and message.reply_to_message.from_user
                          and message.reply_to_message.from_user.id == context.bot.id)
    mentioned = username in text.lower()
    if not (mentioned or replied_to_bot):
        return
    # A reply that asks nothing ("Bedankt, top!", "haha, cynisch van hem") is the members' talk, not for the bot.
    if not mentioned and not is_question(text) and not asks_for_more(text):
        return
    if mentioned:  # "Hey @bot, wat ontkende Loekasjenko?" is "Hey, wat ontkende Loekasjenko?", not "Hey , wat …"
        start = text.lower().index(username)
        text = re.sub(r"\s+([,.:;!?])", r"\1", text[:start] + text[start + len(username):]).strip(" ,:")
    await answer_question(update, context, text)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: list the ones it has (in groups, only when addressed to this bot)."""
    message = update.effective_message
    word = (message.text or "").split()[0] if message.text else ""
    name, _, addressee = word.partition("@")
    if message.chat.type != "private" and addressee.lower() != (context.bot.username or "").lower():
        return  # meant for another bot in the group
    language = _language(update, context)
    known = "\n".join(f"/{command} – {html.escape(text)}" for command, text in commands(language))
    await _reply(message, say("unknown_command", language, command=html.escape(name[:40]), commands=known))


async def media_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice: say that only text can be searched; a caption is a question (a Telegram trial's
    photo captioned "What did Stoltenberg say?" was told that only text can be read)."""
    caption = update.effective_message.caption
    if caption and caption.strip():
        await answer_question(update, context, caption)
        return
    await _reply(update.effective_message, say("media", _language(update, context)))


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Search off the event loop, then send the quotes (split below Telegram's limit) with a More button."""
    message = update.effective_message
    await _send_retrying(context.bot.send_chat_action, chat_id=message.chat_id, action=ChatAction.TYPING)
    followups: FollowUps = context.bot_data["followups"]
    if asks_for_more(question):  # "what else?", "wie nog meer?": the last answer's further passages
        await _more_for_chat(update, context)
        return
    conversation = _conversation(message)
    replied = _replied_answer(context, message)
    try:
        # Cleaned first: an emoji or "<b>hi</b>" gets the hint, never a reading as a follow-up.
        cleaned = clean_question(question)
        reading, answer = await asyncio.to_thread(read_and_answer, _answerer(context), followups, conversation,
                                                  cleaned, _language(update, context), replied[0] if replied else None)
    except QuestionError as hint:
        language = hint.language or _language(update, context)
        example = await asyncio.to_thread(_answerer(context).example, language)
        await _reply(message, html.escape(hint.hint(example, language=language)))
        return
    followups.remember(conversation, reading, ((q.article_id, q.paragraph, q.part) for q in answer.quotes))
    notes = [*([reading.note(answer.language)] if reading.noted else []), *cleaned.notes_in(answer.language)]
    if notes:
        answer = replace(answer, notes=[*notes, *(n for n in answer.notes if n not in notes)])
    markup = None
    if answer.more:
        pending: OrderedDict[str, tuple[str, list[Quote], str]] = context.bot_data["pending"]
        key = secrets.token_hex(6)
        # what was searched (its sentences are marked for it), and what the reader asked (More's heading)
        pending[key] = (answer.question, list(answer.more), reading.asked)
        while len(pending) > PENDING_ANSWERS:
            pending.popitem(last=False)
        markup = _more_button(key, answer.more, 0, answer.language)
    sent = await send_answer(message, answer, with_ratings(context, answer, markup))
    _remember_latest(context, message, answer.question, key if answer.more else None, 0, sent)


def read_and_answer(answerer: Answerer, followups: FollowUps, conversation: Hashable, cleaned: Question,
                    language: str, replying_to: str | None = None) -> tuple[Reading, Answer]:
    """A follow-up is read with the conversation's last question, or with the question of the answer it replies
    to, its names first given the articles' capitals ("wat zei stoltenberg" names someone: no follow-up); it is
    answered in the language it was typed in (``language``, the app's, where its words do not tell). The
    returned reading says when the chat's story, rather than the question's words, chose the answer."""
    reading = followups.read(conversation, answerer.as_read(cleaned.text), replying_to=replying_to,
                             stands_for=answerer.pronoun_stands_for, story_holds_names=answerer.story_holds_names)
    language = cleaned.language or language
    answer = None
    if reading.alone is not None:  # "welke soort haai?" on its own words, within the chat's story
        try:
            alone: Answer | None = answerer.answer(reading.alone, language=language, exclude=reading.exclude,
                                                   own_words=False, story=reading.story, story_first=True,
                                                   shown_before=reading.shown_before)
        except QuestionError:  # "why there?" says nothing on its own: read with the previous question
            alone = None
        if alone is not None and alone.answered and alone.quotes[0].article_id in reading.story:
            answer = alone
            reading = replace(reading, topic_title=answer.within or answer.quotes[0].title)
        else:
            reading = replace(reading, alone=None)
    if answer is None:
        answer = answerer.answer(reading.text, language=language, exclude=reading.exclude,
                                 own_words=not reading.used_context, story=reading.story,
                                 shown_before=reading.shown_before)
        if answer.within:
            reading = replace(reading, topic_title=answer.within)
    if not reading.story:  # a new subject: the answer's articles that tell the same story join it
        reading = replace(reading, siblings=tuple(answerer.same_story(reading.text, answer)))
    if reading.shown_before and answer.quotes and {(q.article_id, q.paragraph, q.part)
                                                   for q in answer.quotes} <= reading.shown_before:
        # "and why?" answered by the very passages shown before (a reader's trial got them again without a word)
        answer.notes.append(say("shown_before", answer.language))
    return reading, answer


def _conversation(message: Message) -> Hashable:
    """Whose follow-ups and "more" go together: the chat, or in a forum the topic (a Telegram trial's reply in one
    topic was read with a question asked in another)."""
    return (message.chat_id, message.message_thread_id) if message.is_topic_message else message.chat_id


def _replied_answer(context: ContextTypes.DEFAULT_TYPE, message: Message) -> tuple[str, str | None, int] | None:
    """The answer a message replies to: its question, its pending key and how far it was paged; a reply to an
    older answer follows that one, not the chat's latest (another member's, in a group)."""
    replied = message.reply_to_message
    return context.bot_data["answered"].get((message.chat_id, replied.message_id)) if replied else None


def _remember_latest(context: ContextTypes.DEFAULT_TYPE, asked: Message, question: str, key: str | None,
                     offset: int, sent: Message | None) -> None:
    """The sent answer's question, pending key and how far it was paged (``key`` None: it has no further
    passages), for "more" and replies to it; and that it is the conversation's latest answer."""
    latest: OrderedDict[Hashable, Message] = context.bot_data["latest"]
    conversation = _conversation(asked)
    latest.pop(conversation, None)
    if sent is None:  # not delivered: nothing to page on from
        return
    latest[conversation] = sent
    while len(latest) > PENDING_ANSWERS:
        latest.popitem(last=False)
    answered: OrderedDict[tuple[int, int], tuple[str, str | None, int]] = context.bot_data["answered"]
    answered[(sent.chat_id, sent.message_id)] = (question, key, offset)
    while len(answered) > PENDING_ANSWERS * 4:
        answered.popitem(last=False)


async def _more_for_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Page on through the answer a message replies to, else the conversation's latest, as its More button would,
    and take the button off that answer."""
    message = update.effective_message
    language = reader_language(message.text or "", default=_language(update, context))
    # "meer" as a reply to an older answer pages that one
    shown = message.reply_to_message if _replied_answer(context, message) else None
    shown = shown or context.bot_data["latest"].get(_conversation(message))
    if shown is None:
        await _reply(message, say("nothing_more_yet", language))
        return
    question, key, offset = context.bot_data["answered"].get((shown.chat_id, shown.message_id), ("", None, 0))
    pending = context.bot_data["pending"]
    if key is None or key not in pending or offset >= len(pending[key][1]):
        await _reply(message, say("nothing_more", language))
        return
    if shown.reply_markup is not None:
        try:
            await shown.edit_reply_markup(reply_markup=without_more(shown.reply_markup))
        except BadRequest as error:  # deleted, or too old to edit: the page is sent all the same
            logger.warning("could not take the More button off an answer: %s", error.__class__.__name__)
    await _send_page(context, message, key, offset)
    # A second "meer" replying to the same answer pages on, not the same page again.
    context.bot_data["answered"][(shown.chat_id, shown.message_id)] = (
        question, key, min(offset + MORE_PAGE, len(pending[key][1])))


async def new_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forget this chat's previous question: the next one starts a new topic."""
    language = _language(update, context)  # before the question it goes by is forgotten
    context.bot_data["followups"].clear(_conversation(update.effective_message))
    await _reply(update.effective_message, say("new_topic", language))


def _more_button(key: str, quotes: Sequence[Quote], offset: int, language: str) -> InlineKeyboardMarkup | None:
    if offset >= len(quotes):
        return None
    label = say("more_button", language, count=len(quotes) - offset)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"more:{key}:{offset}")]])


async def send_answer(message: Message, answer: Answer, markup: InlineKeyboardMarkup | None) -> Message | None:
    """Send the answer in as few messages as fit; returns the last one (which carries ``markup``)."""
    chunks = split_messages(answer.html_blocks())
    sent = None
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        sent = await _reply(message, chunk, plain=answer.text(marked=False) if len(chunks) == 1 else None,
                            markup=markup if last else None)
    return sent


def split_messages(blocks: Sequence[str], limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Join blocks into messages below ``limit``, never splitting a block unless it alone is too long."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        while len(block) > limit:  # a single over-long block: cut at a line break or space
            cut = max(block.rfind("\n", 0, limit), block.rfind(" ", 0, limit))
            cut = cut if cut > limit // 2 else limit
            messages.append(block[:cut])
            block = block[cut:].lstrip()
        current = block
    if current:
        messages.append(current)
    return messages


async def _reply(message: Message, text: str, *, plain: str | None = None,
                 markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send HTML; if Telegram rejects the formatting, send the same content as plain text."""
    try:
        return await _send_retrying(message.reply_html, text, reply_markup=markup, disable_web_page_preview=True)
    except BadRequest as error:
        if "can't parse entities" not in str(error).lower():
            raise
        logger.warning("Telegram rejected the HTML of a reply (%s); sending plain text", error)
        fallback = plain if plain is not None else _strip_tags(text)
        return await _send_retrying(message.reply_text, fallback, reply_markup=markup, disable_web_page_preview=True)


def _strip_tags(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def _send_retrying(send, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Retry network failures with backoff (flood control is the rate limiter's job)."""
    delay = 0.5
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await send(*args, **kwargs)
        except RetryAfter:
            raise
        except NetworkError as error:
            # A send that timed out may have arrived: sent again, a trial's answer came twice.
            if isinstance(error, (BadRequest, TimedOut)) or attempt == SEND_ATTEMPTS:
                raise
            logger.warning("network error (%s); retrying in %.1f s", error.__class__.__name__, delay)
            await asyncio.sleep(delay)
            delay *= 2
    return None


async def more_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the next passages of an earlier answer and take the button off the old message; a page already
    sent (a double tap, an old copy of the button) is not sent again."""
    query = update.callback_query
    parts = (query.data or "").split(":")
    if len(parts) != 3 or _offset(parts[2]) is None or query.message is None:  # an old bot's, or an inline message
        await answer_press(query, say("button_gone", _language(update, context)))
        return
    _, key, offset_text = parts
    if key not in context.bot_data["pending"]:  # a pop-up, as for a rating (a trial saw a chat message for one)
        await answer_press(query, say("too_old_to_page", _language(update, context)))
        return
    page = (key, int(offset_text))
    paged: OrderedDict[tuple[str, int], None] = context.bot_data["paged"]
    if page in paged:
        await answer_press(query, say("page_shown", _language(update, context)))
        return
    paged[page] = None
    while len(paged) > PENDING_ANSWERS * 4:
        paged.popitem(last=False)
    await answer_press(query)
    if query.message.is_accessible:  # not one Telegram no longer shows the bot (date 0): its ratings would go too
        await query.edit_message_reply_markup(reply_markup=without_more(query.message.reply_markup))
    await _send_page(context, query.message, key, int(offset_text))


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button this bot does not know (an older version's, or forged): its spinner stops, with a word why."""
    await answer_press(update.callback_query, say("button_gone", _language(update, context)))


async def _send_page(context: ContextTypes.DEFAULT_TYPE, message: Message, key: str, offset: int) -> None:
    """The next passages of a pending answer, as a reply to ``message``, with a More button if any are left."""
    question, quotes, asked_as = context.bot_data["pending"][key]
    asked = quotes[offset:offset + MORE_PAGE]
    page = await asyncio.to_thread(_answerer(context).highlight, question, asked)
    language = quotes[0].language  # the answer's, which its quotes carry
    markup = _more_button(key, quotes, offset + len(asked), language)
    if not page:  # the index was rebuilt since, without these passages as they were
        sent = await _reply(message, say("more_withdrawn", language), markup=markup)
    else:
        answer = Answer(question=question, answered=True, quotes=page, language=language,
                        notes=[say("more_for", language, question=asked_as)])  # not "… ? <previous question>"
        sent = await send_answer(message, answer, markup)
    _remember_latest(context, message, question, key if markup else None, offset + len(asked), sent)


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the indexed articles, newest first, a page at a time."""
    text, markup = await asyncio.to_thread(_sources_page, _answerer(context), 0, _language(update, context))
    await _reply(update.effective_message, text, markup=markup)


def _offset(text: str) -> int | None:
    """A page offset from a button's data; None for anything else (forged data: "²" passes ``str.isdigit`` and
    fails ``int``, a 30-digit number overflows SQLite; a security review had a traceback for each)."""
    return int(text) if re.fullmatch(r"[0-9]{1,6}", text) else None


async def sources_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another page of /sources in place."""
    query = update.callback_query
    await answer_press(query)
    offset = _offset((query.data or "sources:0").partition(":")[2])
    if offset is None:
        return
    text, markup = await asyncio.to_thread(_sources_page, _answerer(context), offset, _language(update, context))
    await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                  disable_web_page_preview=True)


def _sources_page(answerer: Answerer, offset: int, language: str) -> tuple[str, InlineKeyboardMarkup | None]:
    total = answerer.status()["articles"]
    articles = answerer.sources(limit=SOURCES_PAGE, offset=offset)
    # a trial's 45 undated articles were listed by title under "newest first"
    header = "sources_header" if any(article.date for article in articles) or not articles else "sources_header_undated"
    lines = [say(header, language, first=offset + 1, last=offset + len(articles), total=total)]
    for article in articles:
        title = html.escape(article.title, quote=False)
        if article.url and article.url.startswith(("http://", "https://")):
            title = f'<a href="{html.escape(article.url)}">{title}</a>'
        date = article.date or say("undated", language)
        lines.append(f"• {title} · {date} · {count_of(article.paragraphs, 'paragraph', language)}")
    buttons = []
    if offset > 0:
        buttons.append(InlineKeyboardButton(say("newer", language),
                                            callback_data=f"sources:{max(0, offset - SOURCES_PAGE)}"))
    if offset + SOURCES_PAGE < total:
        buttons.append(InlineKeyboardButton(say("older", language), callback_data=f"sources:{offset + SOURCES_PAGE}"))
    return "\n".join(lines), InlineKeyboardMarkup([buttons]) if buttons else None


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Index version, article count, newest article, build time."""
    status = await asyncio.to_thread(_answerer(context).status)
    language = _language(update, context)
    await _reply(update.effective_message, say(
        "status", language, version=html.escape(status["version"]),
        articles=count_of(status["articles"], "article", language),
        paragraphs=count_of(status["paragraphs"], "paragraph", language),
        newest=html.escape(str(status["newest_article"] or "-")), built=html.escape(str(status["built_at"]))))


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admins only: load the published index now."""
    user = update.effective_user
    language = _language(update, context)
    if not user or user.id not in context.bot_data["settings"].admins:
        await _reply(update.effective_message, say("admins_only", language))
        return
    retriever = await asyncio.to_thread(_answerer(context).live.reload)
    await _reply(update.effective_message, say("reloaded", language, version=html.escape(retriever.version.name)))


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """@bot question, from any chat: offer quotes with their sources, ready to send."""
    query = update.inline_query
    text = (query.query or "").strip()
    language = reader_language(text, default=_language(update, context)) or _language(update, context)
    # With no results the popup says why, on a button that opens a chat with the bot (a trial saw it blank).
    if not text:
        await query.answer([], cache_time=5, is_personal=True, button=_inline_button(say("inline_type", language)))
        return
    # Answered in the language a private chat would use (a trial's "Loekasjenko" cited "alinea" for an English
    # app), and cached for this reader only: the words around the quotes follow their app's language.
    try:
        answer = await asyncio.to_thread(_answerer(context).answer, text, language=language)
    except QuestionError as hint:
        await query.answer([], cache_time=5, is_personal=True,
                           button=_inline_button(say("inline_type", hint.language or language)))
        return
    if not answer.answered:
        await query.answer([], cache_time=60, is_personal=True,
                           button=_inline_button(say("not_found", answer.language)))
        return
    quotes = (answer.quotes + answer.more)[:INLINE_RESULTS]
    # A note ("De artikelen noemen Merkel niet: …") goes above the results and before each description, as it goes
    # before the quotes in a chat: a trial could share a Loekasjenko quote as if it were about Merkel.
    warning = f"⚠ {answer.notes[0]} " if answer.notes else ""
    results = [
        InlineQueryResultArticle(
            id=_result_id(q), title=_cut(q.citation(), 200),
            description=_cut(warning + (q.highlight_text() or q.text), 200),
            input_message_content=InputTextMessageContent(q.html(), parse_mode=ParseMode.HTML,
                                                          disable_web_page_preview=True),
        )
        for q in quotes
    ]
    button = _inline_button(answer.notes[0]) if answer.notes else None
    try:
        await query.answer(list({r.id: r for r in results}.values()), cache_time=60, is_personal=True, button=button)
    except BadRequest as error:  # "query is too old": the reader typed on, and a newer query is answered
        logger.warning("Telegram refused an inline answer (%s)", error.message)


def _inline_button(text: str) -> InlineQueryResultsButton:
    """Above an inline popup: why nothing is listed, or a note on what is; pressing it opens a private chat with the
    bot."""
    return InlineQueryResultsButton(text=_cut(text, 64), start_parameter="inline")


def _cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word with "…" (a trial's descriptions ended "ze g")."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _result_id(quote: Quote) -> str:
    """An inline result's id: at most 64 bytes and unique per passage, however long the article's id."""
    return hashlib.sha256(f"{quote.article_id}\0{quote.paragraph}\0{quote.part}".encode()).hexdigest()[:32]


#: What Telegram says when a chat cannot take a reply at all (the bot was removed or blocked, the topic closed, the
#: question deleted, no right to write): a "Sorry" to that chat would be refused too.
_CANNOT_REPLY = re.compile(r"chat not found|kicked|blocked|not enough rights|have no rights|administrator rights|"
                           r"chat_write_forbidden|topic_closed|thread not found|replied not found|message is too long|"
                           r"chat_restricted|deactivated", re.I)


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure by update id (never the message text) and tell the user to try again."""
    if update is None and isinstance(context.error, NetworkError) and not isinstance(context.error, BadRequest):
        # Polling lost the Bot API; python-telegram-bot retries with backoff. One line, as at start-up.
        logger.warning("lost the connection to the Telegram Bot API (%s); retrying", context.error.message)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    # A Telegram trial: a kicked bot, a closed topic or a deleted question each logged a 55-line traceback and
    # sent a "Sorry" that was refused in turn; a reply that timed out may have arrived all the same.
    if isinstance(error, Forbidden) or isinstance(error, BadRequest) and _CANNOT_REPLY.search(error.message):
        logger.warning("update %s: Telegram refused the reply (%s); nothing more is sent there", update_id,
                       error.message)
        return
    if isinstance(error, TimedOut):
        logger.warning("update %s: Telegram did not answer in time; the reply may have arrived, so it is not "
                       "sent again", update_id)
        return
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        # The Bot API failed the reply (a 500, a proxy's 502): its message says what; a traceback says nothing more
        # (an operator's drill had 70 lines for each update).
        logger.warning("update %s: the Telegram Bot API failed (%s)", update_id, error.message)
    else:
        logger.error("error while handling update %s", update_id, exc_info=context.error)
    notice = say("index_unavailable" if isinstance(context.error, NewsbotError) else "sorry",
                 _language(update, context))
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(notice)
        except (BadRequest, NetworkError) as error:
            logger.warning("could not tell the user about the error: %s", error.__class__.__name__)
