"""Read newsroom articles from the seeds folder into paragraphs that can be quoted verbatim.

Three formats arrive from newsroom systems: plain text with ``key value`` headers (the seed's own
format), Markdown with YAML front matter, and JSON Lines exports. Every one becomes the same
:class:`Article`; a file that cannot be read becomes a :class:`Problem` with file and line, and the
other files are still read.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .language import detect_language
from .sentences import split_sentences

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

logger = logging.getLogger(__name__)

#: Longest passage we index, in characters. Both encoders truncate input (all-MiniLM-L6-v2 at 256
#: word pieces); about 1,000 characters of Dutch or English stays inside that, so longer
#: paragraphs are split at sentence boundaries instead of being silently cut by the encoder.
MAX_PASSAGE_CHARS = 1000

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + JSONL_SUFFIXES
#: More paragraphs than a news article has (the longest of the 123 NTREX articles has 29): a dump of many, worth a
#: warning.
LARGE_ARTICLE_PARAGRAPHS = 2000

_HEADER_KEYS = ("date", "title", "url", "source", "lang", "language", "author")
_HEADER = re.compile(rf"^(?P<key>{'|'.join(_HEADER_KEYS)})(?P<sep>:[ \t]*|[ \t]+)(?P<value>.*)$", re.I)
_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:[T ][0-9:.+\-Z]*)?)?)?$")
#: Terminal escape sequences (colours, cursor moves; CSI and OSC), which a paste from a terminal carries.
TERMINAL_CODES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
#: HTML's own element names: a paste from a web page brings their tags ("<b>Wat gaf Loekasjenko toe?</b>"), whose
#: names and attributes are not text ("b" or "href" would be searched and quoted). Other words in angle brackets
#: are the writer's ("Who is <Stoltenberg>?"), and "3 < 5" is no tag.
_HTML_ELEMENTS = ("a|abbr|b|big|blockquote|body|br|button|center|code|del|div|em|font|form|h[1-6]|head|hr|html|i|"
                  "iframe|img|input|ins|kbd|label|li|mark|meta|ol|p|pre|q|s|script|section|small|span|strike|strong|"
                  "style|sub|sup|table|tbody|td|textarea|th|thead|title|tr|tt|u|ul")


def _tags(elements: str) -> re.Pattern[str]:
    """Tags of these elements, written in lower or upper case, with attributes that have values: "<Mark Rutte>"
    is a name in brackets, not the mark element (a Telegram trial's "What did <Mark Rutte> say?" lost its name)."""
    return re.compile(rf"</?(?:{elements}|{elements.upper()})(?:\s+[^<>=]+=[^<>]*)?\s*/?>")


HTML_TAG = _tags(_HTML_ELEMENTS)
#: What a script or style element holds is code, not words.
HTML_CODE = re.compile(r"<(script|style|SCRIPT|STYLE)\b[^<>]*>.*?</\1\s*>", re.S)
#: Tags inside a sentence ("<b>113</b> bronzes"), taken out without a space.
_INLINE_TAG = _tags("a|abbr|b|big|code|del|em|font|i|ins|kbd|mark|q|s|small|span|strike|strong|sub|sup|tt|u")
#: Control characters (NUL, bell, escape, ...) other than tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HEADING_MAX_CHARS = 60
_HEADING_MAX_WORDS = 6
_SENTENCE_END = tuple(".!?…:;,’”'\")")


@dataclass(frozen=True)
class Passage:
    """One indexed piece of text: a paragraph, or one part of an over-long paragraph."""

    id: str
    article_id: str
    paragraph: int  # 1-based paragraph number within the article
    part: int  # 0 unless the paragraph was split
    text: str  # verbatim
    section: str | None


@dataclass(frozen=True)
class Article:
    """An article as the index sees it: metadata plus verbatim passages."""

    id: str
    title: str
    date: str | None  # as precise as given: "2021", "2021-11" or "2021-11-16"
    url: str | None
    source: str | None
    author: str | None
    language: str
    path: str
    passages: tuple[Passage, ...]
    line: int | None = None  # where it starts in a JSON Lines file (for messages)

    @cached_property  # read several times per article by every build
    def content_hash(self) -> str:
        """Changes whenever anything the index stores about the article changes."""
        digest = hashlib.sha256(json.dumps([self.title, self.date, self.url, self.source, self.author,
                                            self.language]).encode())
        for p in self.passages:  # hashed piece by piece: one json.dumps of the whole article took 3x as long
            section = "-" if p.section is None else f"{len(p.section)}:{p.section}"  # lengths: no ambiguity
            digest.update(f"\0{p.paragraph}\0{p.part}\0{section}\0{len(p.text)}:".encode())
            digest.update(p.text.encode())
        return digest.hexdigest()[:24]


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file, reported instead of raised so the rest still indexes."""

    path: str
    message: str
    line: int | None = None
    fatal: bool = True  # False: the article was indexed, with something missing

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def as_error(self) -> str:
        """The problem without what a lenient build does about it ("the line was skipped"): a --strict build
        indexes nothing."""
        message = re.sub(r"^skipped: |; (?:the line was skipped|they were removed|indexed without a date)$", "",
                         self.message)
        return str(replace(self, message=message))


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text: ``date: 2023-02-30`` reaches :func:`parse_date` and its
    warning, where the safe loader raised ValueError out of the build."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def parse_date(value: object) -> str | None:
    """Validate a date and keep its precision; ``None`` when it is not an ISO year/month/day."""
    text = str(value).strip()
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = match["y"], match["m"], match["d"]
    if month and not 1 <= int(month) <= 12:
        return None
    if day:
        try:
            datetime.date(int(year), int(month), int(day))  # 2023-02-30 is no date
        except ValueError:
            return None
    return "-".join(part for part in (year, month, day) if part)


def strip_control(text: str) -> tuple[str, int]:
    """``text`` without terminal escape sequences and control characters (tab and line breaks stay), and how
    many characters were removed: they would be indexed, quoted and sent to Telegram as they are."""
    clean = _CONTROL.sub("", TERMINAL_CODES.sub("", text))
    return clean, len(text) - len(clean)


def strip_html(text: str) -> tuple[str, int]:
    """``text`` without HTML tags (a script or style with its code), their entities read ("&amp;" is "&"), and
    how many tags there were: an archivist's article was quoted with its "<p>" and "<b>", and its speaker,
    inside "<a href=…>", was never found."""
    tags = len(HTML_TAG.findall(text))
    if not tags:
        return text, 0
    text = HTML_TAG.sub(" ", _INLINE_TAG.sub("", HTML_CODE.sub(" ", text)))
    text = "\n".join(re.sub(r"[ \t]{2,}", " ", line).strip() for line in html.unescape(text).split("\n"))
    return text, tags


def _html_removed(rel: str, tags: int, line: int | None = None) -> Problem:
    return Problem(rel, f"held {tags} HTML tag(s); they were removed, and the text is quoted without them",
                   line=line, fatal=False)


def read_seeds(seeds_dir: Path, indexed: Mapping[str, str] | None = None) -> ReadResult:
    """Read every article file under ``seeds_dir`` (recursively), in a stable order.

    Two articles with one id: the first read is kept, unless ``indexed`` (article id → the file the published
    index read it from) names the other's file. A new file that reuses an indexed article's id does not replace
    that article, wherever the new file sorts."""
    result = ReadResult()
    root = seeds_dir.resolve()
    seen: dict[str, tuple[str, int]] = {}  # article id -> where it was read, its position in result.articles
    for path in _files(seeds_dir, result.problems):
        rel = path.relative_to(seeds_dir).as_posix()
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            result.problems.append(Problem(rel, f"skipped: unknown file type {path.suffix or '(none)'!r}; "
                                                f"use {', '.join(ARTICLE_SUFFIXES)}", fatal=False))
            continue
        try:
            resolved = path.resolve()
        except RuntimeError:  # Python 3.11's word for a link that leads to itself
            result.problems.append(Problem(rel, "skipped: a link that leads back to itself"))
            continue
        if not resolved.is_relative_to(root):
            result.problems.append(Problem(rel, "skipped: the link points outside the seeds folder"))
            continue
        try:
            regular = resolved.is_file()
        except OSError as error:  # a folder that can be listed but not entered (an operator's drill: the build stopped)
            result.problems.append(Problem(rel, f"cannot be read: {error.strerror or error}"))
            continue
        if not regular:
            result.problems.append(Problem(rel, "skipped: not a regular file (broken link?)"))
            continue
        for item in read_file(path, rel):
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            where = f"{rel}:{item.line}" if item.line else rel
            if item.id not in seen:
                seen[item.id] = (where, len(result.articles))
                result.articles.append(item)
                continue
            first, position = seen[item.id]
            kept = result.articles[position]
            if indexed and indexed.get(item.id) == rel != kept.path:  # the indexed article sorts after the newcomer
                result.articles[position] = item
                seen[item.id] = (where, position)
                result.problems.append(Problem(kept.path, f"skipped: article id {item.id!r} is already used by "
                                                          f"{where}, which the index holds", line=kept.line))
            else:
                result.problems.append(Problem(rel, f"skipped: article id {item.id!r} is already used by {first}",
                                               line=item.line))
    result.problems.extend(_copies(result.articles))
    return result


#: Articles shorter than this are not compared as copies ("Meer volgt.").
COPY_MIN_CHARS = 200


def _copies(articles: Sequence[Article]) -> Iterator[Problem]:
    """A warning for each article whose paragraphs are another's, word for word (an editor's copy under a new
    name was indexed twice without a word); both stay indexed: a reprint may be meant."""
    first: dict[tuple[str, ...], Article] = {}
    for article in articles:
        text = tuple(p.text for p in article.passages)
        if sum(map(len, text)) < COPY_MIN_CHARS:
            continue
        original = first.setdefault(text, article)
        if original is not article:
            where = f"{original.path}:{original.line}" if original.line else original.path
            yield Problem(article.path, f"has the same paragraphs as {where}; both are indexed: delete one if it is a "
                                        "copy", line=article.line, fatal=False)


def _files(seeds_dir: Path, problems: list[Problem]) -> list[Path]:
    """Every file under ``seeds_dir`` but hidden ones, sorted; a folder that cannot be listed is a problem (an
    operator's drill: pathlib's rglob had skipped it without a word, and its indexed articles went)."""
    files = []

    def unreadable(error: OSError) -> None:
        rel = Path(error.filename).relative_to(seeds_dir).as_posix() if error.filename else "."
        problems.append(Problem(rel, f"cannot be read: {error.strerror or error}; the articles in it are not read"))

    for folder, folders, names in os.walk(seeds_dir, onerror=unreadable):
        base = Path(folder)
        for name in [f for f in folders if (base / f).is_symlink() and not f.startswith(".")]:
            problems.append(Problem((base / name).relative_to(seeds_dir).as_posix(),
                                    "skipped: a link to a folder, whose files are not read; move or copy the folder "
                                    "into the seeds folder instead"))
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        files.extend(base / name for name in names if not name.startswith("."))
    return sorted(files)


def read_file(path: Path, rel: str) -> Iterator[Article | Problem]:
    """Yield the articles in one file, or the problems that kept them out."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Problem(rel, f"cannot be read: {exc.strerror or exc}")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        yield Problem(rel, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", line=line)
        return
    text, removed = strip_control(text)
    if removed:
        yield Problem(rel, f"held {removed} control character(s) (NUL, escape codes and the like); they were removed",
                      fatal=False)
    suffix = path.suffix.lower()
    tags = 0
    if suffix not in JSONL_SUFFIXES:  # JSON Lines: in each value, once decoded
        text, tags = strip_html(text)
    if tags:
        yield _html_removed(rel, tags)
    if not text.strip():
        yield Problem(rel, "is empty")
        return
    article_id = rel.rsplit(".", 1)[0]
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(text, rel)
    elif suffix in MARKDOWN_SUFFIXES:
        yield from _read_markdown(text, rel, article_id)
    else:
        yield from _read_plain(text, rel, article_id)


def _read_plain(text: str, rel: str, article_id: str) -> Iterator[Article | Problem]:
    meta, body = _leading_headers(text)
    yield from _unknown_keys(rel, text)
    yield from _finish(rel, article_id, meta, _split_blocks(body), header_lines=_header_lines(text))


#: "key: value" as header lines write it, for a key newsbot does not read.
_ANY_HEADER = re.compile(r"^(?P<key>[A-Za-z][\w-]{0,24}):[ \t]+\S")
#: Other names editors give the header keys (Dutch ones), besides their misspellings, for a warning's suggestion.
_KEY_ALIASES = {"datum": "date", "titel": "title", "auteur": "author", "schrijver": "author", "by": "author",
                "taal": "lang", "bron": "source", "link": "url"}


#: Lines a file's headers are looked for in: not the whole text split for them, which may be megabytes.
HEADER_LINES = 200


def _first_lines(text: str) -> list[str]:
    return text.split("\n", HEADER_LINES)[:HEADER_LINES]


def _header_block(text: str) -> list[tuple[int, str]]:
    """The numbered lines of a file's header block: its first lines up to a blank one, where each is a header line
    and at least one names a key newsbot reads ("tilte: …" beside "date: …"); none otherwise."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(_first_lines(text), start=1):
        if not line.strip():
            if block:
                break
            continue
        block.append((number, line.strip()))
    if not block or not all(_HEADER.match(line) or _ANY_HEADER.match(line) for _, line in block) \
            or not any(_HEADER.match(line) or _meant_key(_ANY_HEADER.match(line)["key"]) for _, line in block):
        return []
    return block


def _meant_key(key: str) -> str | None:
    """The key newsbot reads that ``key`` stands for: another name for it ("datum") or a misspelling ("tilte"). A
    block of only such keys is headers too (an operator's "tilte: …" and "datum: …" had become paragraph 1)."""
    return _KEY_ALIASES.get(key.lower()) or _close_to_a_key(key)


def _unknown_keys(rel: str, text: str) -> Iterator[Problem]:
    """A warning for each header line whose key newsbot does not read ("tilte:", "autor:", "datum:"): an editor's
    trial found the header block quoted as the article's first paragraph, its title three lines long."""
    for number, line in _header_block(text):
        if not _HEADER.match(line):
            yield _unknown_key(rel, _ANY_HEADER.match(line)["key"], number)  # type: ignore[index]


def _close_to_a_key(key: str) -> str | None:
    """The header key ``key`` is likely a misspelling of ("tilte", "autor"), or None."""
    import difflib

    return next(iter(difflib.get_close_matches(key.lower(), _HEADER_KEYS, 1, 0.7)), None)


def _unknown_key(rel: str, key: str, line: int) -> Problem:
    meant = _meant_key(key)
    hint = f"did you mean {meant!r}?" if meant else f"newsbot reads {', '.join(_HEADER_KEYS[:-2])} and author"
    return Problem(rel, f"header {key!r} is not one newsbot reads ({hint}); the line was left out", line=line,
                   fatal=False)


def _leading_headers(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` (or lowercase ``key value``) header lines a text starts with, and the rest. In a header
    block (:func:`_header_block`), lines with other keys are left out too."""
    meta: dict[str, str] = {}
    lines = text.lstrip().split("\n")
    body_start = 0
    in_block = bool(_header_block(text))
    for number, line in enumerate(lines):
        match = _HEADER.match(line.strip())
        if not match and in_block and _ANY_HEADER.match(line.strip()):
            body_start = number + 1
            continue
        if not match or (":" not in match["sep"] and match["key"] != match["key"].lower()):
            break
        key = "lang" if match["key"].lower() == "language" else match["key"].lower()
        value = match["value"].strip()
        token, _, rest = value.partition(" ")
        if key == "date" and ":" not in match["sep"] and rest.strip():
            # The seed's own quirk: "date 2021-11 De Wit-Russische president ..." holds the header
            # and the lead paragraph on one line.
            if parse_date(token) is None:
                break  # not a header after all: a paragraph that starts with "date"
            meta[key] = token
            lines[number] = rest
            body_start = number
            break
        meta[key] = value
        body_start = number + 1
    return meta, "\n".join(lines[body_start:])


def _read_markdown(text: str, rel: str, article_id: str) -> Iterator[Article | Problem]:
    meta: dict[str, object] = {}
    body = text
    if text.startswith("---"):
        end = re.search(r"^(?:---|\.\.\.)\s*$", text[3:], re.M)
        if not end:
            yield Problem(rel, "front matter starts with --- but never ends; close it with a --- line", line=1)
            return
        try:
            loaded = yaml.load(text[3 : 3 + end.start()], Loader=_FrontMatterLoader)  # noqa: S506 (safe)
        except yaml.YAMLError as exc:
            # The YAML text starts right after the opening "---", so its line 0 is the file's line 1. A problem
            # found late ("expected ']'") is reported where its cause began (the unclosed "[").
            problem, context = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
            detail = str(getattr(exc, "problem", None) or exc)
            if context is not None and problem is not None and context.line != problem.line:
                detail = f"{exc.context} here: {detail} on line {problem.line + 1}"
            mark = context or problem
            yield Problem(rel, f"front matter is not valid YAML ({detail})", line=mark.line + 1 if mark else 1)
            return
        if loaded is not None and not isinstance(loaded, dict):
            yield Problem(rel, "front matter must be a mapping of keys to values", line=2)
            return
        meta = {str(k).lower(): v for k, v in (loaded or {}).items()}
        body = text[3 + end.end():]
        # Other keys are a CMS's own (tags, slug, draft); only a likely slip for one of ours is said ("datum").
        for key in meta:
            if key not in _HEADER_KEYS and (key in _KEY_ALIASES or _close_to_a_key(key)):
                at = re.search(rf"^\s*{re.escape(key)}\s*:", text[: 3 + end.start()], re.M | re.I)
                yield _unknown_key(rel, key, text.count("\n", 0, at.start()) + 1 if at else 1)
    else:  # headers as in a .txt file, or MultiMarkdown's metadata ("Title: …" lines before a blank line)
        headers, body = _leading_headers(text)
        meta = dict(headers)
        yield from _unknown_keys(rel, text)
    blocks: list[str | tuple[str]] = []
    for block in _split_blocks(body):
        heading = re.match(r"^#{1,6}\s+(.+?)\s*#*$", block)
        if heading and "\n" not in block:
            if "title" not in meta and block.startswith("# ") and not blocks:
                meta["title"] = plain_markdown(heading[1])
            else:
                blocks.append((plain_markdown(heading[1]),))
        else:
            blocks.append(plain_markdown(block))
    yield from _finish(rel, article_id, meta, blocks, header_lines=_header_lines(text))


@lru_cache(maxsize=1)
def _markdown() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def plain_markdown(block: str) -> str:
    """A Markdown block's text as a reader sees it, line by line: "**Correctie:** zie [de site](https://…)" is
    "Correctie: zie de site". Emphasis and links are markup, not words: a fact-checker's trial had "***Correctie,
    22 juni …***" quoted with its stars, which the answer's own bold marks ran into. Lines, list markers and
    stars that mark nothing ("5 * 3") stay as they are."""
    if not re.search(r"[*_`\[\\<!&]", block):
        return block
    lines = []
    for line in block.split("\n"):
        [inline] = _markdown().parseInline(line) or [None]
        words = []
        for token in (inline.children or []) if inline is not None else []:
            if token.type in ("text", "code_inline", "html_inline"):
                words.append(token.content)
            elif token.type == "image":  # its alt text
                words.append("".join(child.content for child in token.children or []))
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
        lines.append("".join(words) if inline is not None else line)
    return "\n".join(lines)


def _read_jsonl(text: str, rel: str) -> Iterator[Article | Problem]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(rel, f"invalid JSON ({exc.msg}); the line was skipped", line=number)
            continue
        if not isinstance(record, dict):
            yield Problem(rel, "each line must be a JSON object; the line was skipped", line=number)
            continue
        record = {str(k).lower(): v for k, v in record.items()}
        removed = tags = 0
        for key, value in record.items():  # "\u0000" in JSON becomes a NUL only now, after decoding
            if isinstance(value, str):
                record[key], count = strip_control(value)
                removed += count
                if key in ("title", "body"):
                    record[key], count = strip_html(record[key])
                    tags += count
        if removed:
            yield Problem(rel, f"held {removed} control character(s) (NUL, escape codes and the like); they were "
                               "removed", line=number, fatal=False)
        if tags:
            yield _html_removed(rel, tags, number)
        article_id = record.get("id")
        body = record.get("body")
        if not isinstance(article_id, (str, int)) or str(article_id).strip() == "":
            yield Problem(rel, 'missing "id"; the line was skipped', line=number)
            continue
        if not isinstance(body, str):
            yield Problem(rel, 'missing "body" text; the line was skipped', line=number)
            continue
        yield from _finish(rel, str(article_id).strip(), record, _split_blocks(body), line=number)


def _split_blocks(body: str) -> list[str]:
    blocks = re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n").replace("\r", "\n"))
    return [block.strip() for block in blocks if block.strip()]


def _is_heading(block: str, is_last: bool) -> bool:
    return (
        not is_last
        and "\n" not in block
        and len(block) <= _HEADING_MAX_CHARS
        and len(block.split()) <= _HEADING_MAX_WORDS
        and not block.endswith(_SENTENCE_END)
    )


def _header_lines(text: str) -> dict[str, int]:
    """The line each header key of a file is on (front matter or header lines, up to the first blank line after
    them), so that a warning about a value points at it, not at line 1."""
    found: dict[str, int] = {}
    started = False
    for number, line in enumerate(_first_lines(text), start=1):
        stripped = line.strip()
        if not stripped or (number == 1 and stripped == "---"):
            if started:
                break
            continue
        started = True
        key = re.match(rf"({'|'.join(_HEADER_KEYS)})\s*[:\s]", stripped, re.I)
        if key:
            name = key[1].lower()
            found.setdefault("lang" if name == "language" else name, number)
    return found


def _finish(rel: str, article_id: str, meta: dict, blocks: list, line: int | None = None,
            header_lines: dict[str, int] | None = None) -> Iterator[Article | Problem]:
    """An article from its header values and blocks, or the problems that keep it out; ``line`` is a JSON Lines
    record's, ``header_lines`` where a file's header keys are."""
    def line_of(key: str) -> int:
        return (header_lines or {}).get(key) or line or 1

    paragraphs: list[tuple[str, str | None]] = []
    section: str | None = None
    for index, block in enumerate(blocks):
        if isinstance(block, tuple):  # an explicit Markdown heading
            section = block[0]
        elif _is_heading(block, is_last=index == len(blocks) - 1):
            section = block
        else:
            paragraphs.append((block, section))
    if not paragraphs:
        yield Problem(rel, "has no paragraphs to index (only headers or headings)", line=line)
        return

    date = None
    if meta.get("date") not in (None, ""):
        date = parse_date(meta["date"])
        if date is None:
            yield Problem(rel, f"date {str(meta['date'])!r} is not YYYY, YYYY-MM or YYYY-MM-DD; "
                               "indexed without a date", line=line_of("date"), fatal=False)

    passages: list[Passage] = []
    seen_ids: set[str] = set()
    for number, (text, heading) in enumerate(paragraphs, start=1):
        for part, piece in enumerate(_split_long(text)):
            passage_id = _passage_id(article_id, piece, seen_ids)
            passages.append(Passage(passage_id, article_id, number, part, piece, heading))

    if len(paragraphs) > LARGE_ARTICLE_PARAGRAPHS:  # an editor's 40 MB dump built for an hour without a word
        yield Problem(rel, f"is one article of {len(paragraphs):,} paragraphs, more than any news article: if it holds "
                           "many articles, give each its own file (or JSON Lines line); indexed as one",
                      line=line, fatal=False)
    fields: dict[str, str | None] = {}
    for key in ("title", "url", "source", "author", "lang"):
        fields[key] = _text(meta.get(key), joined=key in ("author", "source"))
        if fields[key] and key != "url" and re.search(r"&#?\w+;|<", fields[key]):  # a CMS export's "Caf&eacute;"
            fields[key] = " ".join(html.unescape(HTML_TAG.sub(" ", fields[key])).split()) or None
        if meta.get(key) not in (None, "") and fields[key] is None:  # an operator's drill: "by ['A', 'B']", "{'x': 1}"
            yield Problem(rel, f"{key} {meta[key]!r} is not text; indexed without it", line=line_of(key), fatal=False)
    if fields["url"] and not re.match(r"https?://\S+$", fields["url"], re.I):  # "url: 42" had been cited as "42"
        yield Problem(rel, f"url {fields['url']!r} is not a web address (http:// or https://); indexed without it",
                      line=line_of("url"), fatal=False)
        fields["url"] = None
    stated = _language_code(fields["lang"]) if fields["lang"] else None
    if fields["lang"] and stated is None:
        yield Problem(rel, f"lang {fields['lang']!r} is not one the bot reads ({', '.join(READ_LANGUAGES)}); the "
                           "article's language was detected instead", line=line_of("lang"), fatal=False)
    title = fields["title"] or _title_from_lead(paragraphs[0][0])
    language = stated or detect_language(" ".join(text for text, _ in paragraphs[:3]))
    yield Article(
        id=article_id, title=title, date=date, url=fields["url"], source=fields["source"], author=fields["author"],
        language=language, path=rel, passages=tuple(passages), line=line,
    )


#: The languages the bot reads; an article's ``lang`` names one of them ("en", "nl-BE", "nld", "Dutch" …).
READ_LANGUAGES = ("en", "nl")
_LANGUAGE_CODES = {"en": "en", "eng": "en", "english": "en", "engels": "en", "nl": "nl", "nld": "nl", "dut": "nl",
                   "dutch": "nl", "nederlands": "nl", "flemish": "nl", "vlaams": "nl"}


def _language_code(stated: str) -> str | None:
    """"en" or "nl" for a ``lang`` header that names English or Dutch (a code with a region, a name), else None."""
    return _LANGUAGE_CODES.get(re.split(r"[-_\s]", stated.strip().lower())[0])


def _text(value: object, *, joined: bool = False) -> str | None:
    """A header value as text; a list of words or names (``joined``: "author: [A, B]") as "A, B"; None for anything
    else (a mapping, a nested list)."""
    if value is None or isinstance(value, bool):
        return None
    if joined and isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        value = ", ".join(str(v).strip() for v in value if str(v).strip())
    if not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None


def _passage_id(article_id: str, text: str, seen: set[str]) -> str:
    """A paragraph keeps its id while its article and text are unchanged."""
    occurrence = 0
    while True:
        digest = hashlib.sha256(f"{article_id}\0{occurrence}\0{text}".encode()).hexdigest()[:16]
        if digest not in seen:
            seen.add(digest)
            return digest
        occurrence += 1


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_PASSAGE_CHARS:
        return [text]
    pieces: list[str] = []
    start = None
    end = 0
    for s, e in split_sentences(text):
        if start is None:
            start = s
        elif e - start > MAX_PASSAGE_CHARS:
            pieces.append(text[start:end])
            start = s
        end = e
    if start is not None:
        pieces.append(text[start:end])
    # A single sentence longer than the limit is cut at the last space before it.
    out: list[str] = []
    for piece in pieces:
        while len(piece) > MAX_PASSAGE_CHARS:
            cut = piece.rfind(" ", 0, MAX_PASSAGE_CHARS) if " " in piece[:MAX_PASSAGE_CHARS] else MAX_PASSAGE_CHARS
            out.append(piece[:cut].rstrip())
            piece = piece[cut:].lstrip()
        out.append(piece)
    return out


def _title_from_lead(lead: str, limit: int = 80) -> str:
    spans = split_sentences(lead)
    first = lead[spans[0][0]:spans[0][1]] if spans else lead
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    return first[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"
