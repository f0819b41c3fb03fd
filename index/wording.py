"""Small pieces of English shared by the command line and the bot."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``count(1, "article")`` is "1 article", ``count(8, "paragraph")`` "8 paragraphs"."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
