"""Errors meant for people: each carries one line that says what went wrong and what to do."""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class: the CLI prints ``str(error)`` as one line and exits non-zero, no traceback."""

    exit_code = 1


class IndexMissingError(NewsbotError):
    """There is no published index in the index directory yet."""


class IndexCorruptError(NewsbotError):
    """A file of the published index is missing, truncated or fails its checksum."""


class IndexIncompatibleError(NewsbotError):
    """The index was built by a newer format or with other encoders than the ones asked for."""


class IndexOutdatedError(IndexIncompatibleError):
    """The index was built by an older newsbot, in a format this one no longer reads: a build redoes it
    from the embedding cache."""


class ArticleProblemsError(NewsbotError):
    """``--strict`` was given and some article files could not be read, or none could."""

    def __init__(self, message: str, problems: list) -> None:
        super().__init__(message)
        self.problems = problems


class ModelLoadError(NewsbotError):
    """An encoder model could not be loaded (wrong name, no network to fetch it, missing package)."""
