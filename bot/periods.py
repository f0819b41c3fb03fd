"""The period a question asks about ("news since June", "artikelen van 2022", "news from last week") as a filter on
articles' dates, and whether it asks for the news itself ("What's new?") rather than about a topic."""

from __future__ import annotations

import datetime
import re

from index.entities import is_common_word

#: Words that ask for the news itself rather than a topic: "what's new?", "laatste nieuws", "news since 2021".
_NEWS_WORDS = frozenset("""news nieuws latest laatste nieuwste newest recent recente new nieuw nieuwe headlines
    koppen articles artikelen stories verhalen berichten""".split())
#: Words such a question may hold besides them ("What happened today?"), which alone ask about something said
#: before ("Wanneer gebeurde dat?").
_NEWS_FILLERS = frozenset("""happened happening happen gebeurd gebeurde gebeurt today vandaag article artikel story
    any anything something iets er there""".split())


def asks_for_the_news(question: str, *, filtered: bool = False) -> bool:
    """Whether ``question`` asks what is new ("What's the latest news?", "nieuws sinds 2021"; with ``filtered``,
    a period given beside it, "What happened?" too) and names no topic: the period it names is a filter
    (:func:`published_range`), not a topic."""
    asks = filtered or any(w in _NEWS_WORDS for w in re.findall(r"\w+", question.lower()))
    return asks and _names_no_topic(without_period(question))


def _names_no_topic(text: str) -> bool:
    """Whether ``text`` holds only words that ask for news ("news", "happened", "what", "is", ...)."""
    return all(w in _NEWS_WORDS or w in _NEWS_FILLERS or is_common_word(w) or len(w) == 1
               for w in re.findall(r"\w+", text.lower()))


_MONTHS = {name: number for number, names in enumerate(
    [("january", "januari", "jan"), ("february", "februari", "feb"), ("march", "maart", "mar", "mrt"),
     ("april", "apr"), ("may", "mei"), ("june", "juni", "jun"), ("july", "juli", "jul"),
     ("august", "augustus", "aug"), ("september", "sep", "sept"), ("october", "oktober", "oct", "okt"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_DATE_WORDS = (r"(?:(?:(?P<day>\d{1,2})\s+)?(?P<month>[a-z]+)\s+(?:(?P<month_day>\d{1,2}),?\s+)?)?"
               r"(?P<year>(?:19|20)\d{2})(?:-(?P<iso_month>\d{2})(?:-(?P<iso_day>\d{2}))?)?")
_PUBLISHED = re.compile(
    r"\b(?:articles?|news|stories|reports?|artikel(?:en|s)?|nieuws|berichten|stukken)\s+"
    rf"(?P<how>from|of|since|after|before|until|van|uit|sinds|na|voor|tot)\s+{_DATE_WORDS}\b", re.I)
#: "since 2022" alone filters too: whatever happened since then was published since then.
_SINCE = re.compile(rf"\b(?P<how>since|sinds)\s+{_DATE_WORDS}\b", re.I)
#: A month without a year ("news since June", "nieuws van mei") is the latest one not yet to come.
_MONTH_ALONE = r"(?P<month>[a-z]+)\b(?!,?\s*\d)"
_PUBLISHED_MONTH = re.compile(_PUBLISHED.pattern.removesuffix(rf"{_DATE_WORDS}\b") + _MONTH_ALONE, re.I)
_SINCE_MONTH = re.compile(rf"\b(?P<how>since|sinds)\s+{_MONTH_ALONE}", re.I)
#: "What happened in October (2026)?", "Wat is er in oktober gebeurd?": a month the news is asked for, a filter
#: only where the question names no topic besides it (an editor's trial: refused, while "news from october"
#: worked). A bare year stays what is asked about ("who ruled in 1994?").
_IN_MONTH = re.compile(rf"\b(?P<how>in|during|tijdens)\s+{_DATE_WORDS}\b", re.I)
_IN_MONTH_ALONE = re.compile(rf"\b(?P<how>in|during|tijdens)\s+{_MONTH_ALONE}", re.I)
_MONTH_ALONE_PATTERNS = (_PUBLISHED_MONTH, _SINCE_MONTH, _IN_MONTH_ALONE)


#: A period counted from today ("news from last week", "What happened today?"): a filter only where the rest
#: of the question names no topic, as "What did Trump say last week?" may ask about an old article's week.
_RELATIVE = re.compile(
    r"\b(?:(?:from|of|van|uit|since|sinds)\s+)?(?P<period>today|yesterday|this week|last week|this month|"
    r"last month|this year|last year|vandaag|gisteren|deze week|vorige week|afgelopen week|deze maand|"
    r"vorige maand|afgelopen maand|dit jaar|vorig jaar|afgelopen jaar)\b", re.I)


def _relative_range(period: str, today: datetime.date) -> tuple[str | None, str | None]:
    """``(since, until)`` of a :data:`_RELATIVE` period."""
    word = period.lower().split()[-1]
    last = period.lower().split()[0] in ("last", "vorige", "vorig", "afgelopen")
    if word in ("today", "vandaag", "yesterday", "gisteren"):
        day = _as_text((today - datetime.timedelta(days=word in ("yesterday", "gisteren"))).timetuple()[:3])
        return day, day
    if word == "week":
        monday = today - datetime.timedelta(days=today.weekday())
        if not last:
            return _as_text(monday.timetuple()[:3]), None
        return (_as_text((monday - datetime.timedelta(days=7)).timetuple()[:3]),
                _as_text((monday - datetime.timedelta(days=1)).timetuple()[:3]))
    parts = (today.year, today.month) if word in ("month", "maand") else (today.year,)
    parts = _next(parts, -1) if last else parts
    return _as_text(parts), _as_text(parts)


def published_range(question: str, *, today: datetime.date | None = None) -> tuple[str | None, str | None]:
    """``(since, until)`` when the question asks for articles from a period ("articles from November 2021",
    "nieuws sinds 2 oktober 2018", "since 2018-10-03", "since June": the last June up to ``today``), as dates of
    the precision asked (2021, 2021-11, 2021-11-02). "after" and "before" leave the date itself out ("before
    October 2018" ends in September). A bare year is not a filter: "who ruled in 1994?" asks about 1994, not
    about articles published then, and what happened before 2022 may be told in an article of 2023; but "What
    happened in 2022?", which asks nothing else, is. A period
    counted from today is a filter when the question names no topic ("news from last week")."""
    today = today or datetime.date.today()
    relative = _relative_filter(question)
    if relative:
        return _relative_range(relative["period"], today)
    found = _period(question, today)
    if found is None:
        return None, None
    how, parts = found
    if how in ("after", "na"):
        return _as_text(_next(parts, +1)), None
    if how in ("before", "voor"):
        return None, _as_text(_next(parts, -1))
    if how in ("since", "sinds"):
        return _as_text(parts), None
    if how in ("until", "tot"):
        return None, _as_text(parts)
    return _as_text(parts), _as_text(parts)


def _period(question: str, today: datetime.date) -> tuple[str, tuple[int, ...]] | None:
    """How the question bounds the period ("since", "van", ...) and its date's parts, or None."""
    match = _period_match(question)
    if match is None:
        return None
    if match.re in _MONTH_ALONE_PATTERNS:
        month = _MONTHS[match["month"].lower()]
        return match["how"].lower(), (today.year - (month > today.month), month)
    parts = _date_parts(match)
    return (match["how"].lower(), parts) if parts else None


def _period_match(question: str) -> re.Match[str] | None:
    """The first period the question names with a date, else with a month alone (one that is a month)."""
    for pattern in (_PUBLISHED, _SINCE, _PUBLISHED_MONTH, _SINCE_MONTH, _IN_MONTH, _IN_MONTH_ALONE):
        match = pattern.search(question)
        if not match or "month" in match.groupdict() and match["month"] and match["month"].lower() not in _MONTHS:
            continue
        # "in 2022" or "in October" is a filter only where nothing else is asked ("What happened in 2022?"; an
        # editor's trial had it answered from 2023's articles), not in "who ruled in 1994?".
        if pattern in (_IN_MONTH, _IN_MONTH_ALONE) and not _names_no_topic(
                question[:match.start()] + " " + question[match.end():]):
            continue
        return match
    return None


def names_publication(question: str) -> bool:
    """Whether the period the question names is when articles appeared ("artikelen van 2022", "news from last
    week"), not only when something happened ("killed in the Syrian war since 2011"), which an undated article
    may tell of."""
    match = _period_match(question)
    return bool(match and match.re in (_PUBLISHED, _PUBLISHED_MONTH) or _relative_filter(question))


def _relative_filter(question: str) -> re.Match[str] | None:
    """A :data:`_RELATIVE` period in a question that names no topic besides it, or None."""
    relative = _RELATIVE.search(question)
    if relative and _names_no_topic(question[:relative.start()] + " " + question[relative.end():]):
        return relative
    return None


def without_period(question: str) -> str:
    """``question`` without the period :func:`published_range` reads from it."""
    match = _relative_filter(question) or _period_match(question)
    return question[:match.start()] + " " + question[match.end():] if match else question


def _date_parts(match: re.Match[str]) -> tuple[int, ...] | None:
    """(year,), (year, month) or (year, month, day) from a date in words or ISO form; None if it is no date."""
    year = int(match["year"])
    if match["iso_month"]:
        if match["month"]:
            return None
        parts: tuple[int, ...] = (year, int(match["iso_month"]), *([int(match["iso_day"])] if match["iso_day"] else []))
    elif match["month"]:
        month = _MONTHS.get(match["month"].lower())
        if month is None:
            return None
        day = match["day"] or match["month_day"]
        parts = (year, month, *([int(day)] if day else []))
    else:
        parts = (year,)
    try:
        datetime.date(*parts, *([1] * (3 - len(parts))))
    except ValueError:
        return None
    return parts


def _next(parts: tuple[int, ...], step: int) -> tuple[int, ...]:
    """The year, month or day after (step +1) or before (-1) the one given, at its precision."""
    if len(parts) == 1:
        return (parts[0] + step,)
    if len(parts) == 2:
        months = parts[0] * 12 + parts[1] - 1 + step
        return (months // 12, months % 12 + 1)
    day = datetime.date(*parts) + datetime.timedelta(days=step)
    return (day.year, day.month, day.day)


def _as_text(parts: tuple[int, ...]) -> str:
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
