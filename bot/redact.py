"""Keep the bot token out of every log line, whichever library writes it.

httpx logs each request URL at INFO, and a Bot API URL contains the token; python-telegram-bot's
network errors can carry it too. Redacting where records are created covers every logger and
every handler, including ones configured by someone else.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback

_tokens: set[str] = set()
_installed = False


def redact(text: str) -> str:
    """``text`` without the token, in any letter case: python-telegram-bot capitalises a Bad Request's message
    ("bot123:AAH…" lowercased; a security review found it so in a log)."""
    for token in sorted(_tokens, key=len, reverse=True):  # the whole token before its secret part
        if token.lower() in text.lower():
            text = re.sub(re.escape(token), "[bot token]", text, flags=re.IGNORECASE)
    return text


def install_token_redaction(token: str) -> None:
    """Redact ``token`` from every log record created from now on."""
    global _installed
    if token:
        _tokens.add(token)
        secret = token.partition(":")[2]
        if len(secret) >= 16:  # the part after "123456:" is the secret, wherever it appears alone
            _tokens.add(secret)
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:  # type: ignore[no-untyped-def]
        record = previous(*args, **kwargs)
        if _tokens:
            message = record.getMessage()
            clean = redact(message)
            if clean != message:
                record.msg, record.args = clean, ()
            if record.exc_info and record.exc_info[1] is not None:
                record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
        return record

    logging.setLogRecordFactory(factory)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:  # an exception that ends a thread
        if args.exc_type is not SystemExit:
            text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
            sys.stderr.write(redact(f"Exception in thread {args.thread.name if args.thread else '?'}:\n{text}"))

    threading.excepthook = thread_excepthook
    _installed = True
