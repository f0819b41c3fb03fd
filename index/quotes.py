"""Who said what: quotations in a paragraph and the person who speaks them.

At build time every paragraph's quotations are found (‘…’, “…”, "…", over several sentences, and a
quote left open at the end of a paragraph, as English does when the next paragraph goes on quoting)
and given a speaker where the text names one: Dutch "zei X", "aldus X", "volgens X", "X zegt/noemt/
verklaart …", "X: ‘…’"; English "X said", "said X", "according to X", "X told …". A pronoun or a title
("hij", "she", "de president") refers back to the last person named in the article; a quote standing on
its own takes the speaker of the sentence or quote before it in the paragraph. Speakers are stored as
the article's fullest spelling ("Stoltenberg" after "Jens Stoltenberg" is Jens Stoltenberg).

A name asked about matches a speaker in other spellings: both are folded (accents, case, a few
transliteration pairs such as Dutch "oe"/"sj" for English "u"/"sh") and compared by normalised edit
distance, so "Lukashenko" finds Loekasjenko. Nothing here imports the store or the search: they call in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .entities import PORTFOLIOS
from .sentences import CAPITALS, split_sentences

if TYPE_CHECKING:
    from .articles import Article
    from .store import StoredPassage

#: Bump whenever a change here gives a stored paragraph another speaker: the build records it, and an index
#: made under other rules is rebuilt in full at its next build (from the embedding cache), so unchanged
#: articles are attributed anew too. 2: a role before the name ("said finance chief Anna Jansen"); 3: Dutch roles
#: such as "marktmeester", "wethouder" and "partijleider" ("zegt marktmeester Henk Bakker"); 4: "X van Y" is X when
#: the article names Y on its own ("Ri Yong Ho van Noord-Korea"), titles inside a name ("Foreign Minister Ri Yong
#: Ho"), given names that are also words ("Will Wade"), "zwoer", "aldus de heer X", and a one-word name the article
#: has named someone by as the person a later "zei hij" refers to ("Trump was optimistischer."); 5: a title is
#: not someone the article names with another title, inside quotations too ("‘Een stem voor rechter
#: Kavanaugh …’" … "De president zei"); a name after a preposition is no speaker ("De National Weather Service
#: in Phoenix merkte op", "bij CBC News"); a quote over several paragraphs is the speaker's its end names, in
#: each; "vertelde echtgenoot Joel Plasco"; a surname is the one of two full names who spoke last; "zei hij"
#: is not an outlet ("de Evening News") nor someone before "een boer … vertelde"; "Moualem" is "Walid
#: Al-Muallem" ("ou" as "u"); 6: the person a frame ending in a colon starts with ("Bone wees suggesties van de
#: hand: ‘…’"), a name after a title ("Lord Adonis") for "zei hij", "de vierentwintigjarige" as a title, no
#: speaker that is the end of a longer name ("op Instagram Live noemde") or after a preposition before a colon
#: ("Hij schreef op Twitter:"), and "hij" after "De Amerikaan die …" is nobody named before; 7: more reporting
#: verbs ("herinnerde", "bevestigde", "onthulde", "stressed", "acknowledged", …) and the speaker between an
#: auxiliary and its participle ("zou de president hebben gezegd"); 8: a lowercase title or role before the name
#: ("said mayor Femke Halsema", "said alderman X", "zei gemeenteraadslid Y"); 9: no capitalised role or portfolio
#: left in a speaker's name ("Alderman Karin Jansen" is Karin Jansen, "minister van Buitenlandse Zaken Ri Yong Ho"
#: is Ri Yong Ho); 10: more roles between the verb and the name ("zei kascommissielid Anouk Meijer"); 11: a name
#: with a possessive after the verb is no speaker ("said Theresa May's Chequers plan was …"); 12: no capitalised
#: role or owner left in a speaker's name ("House Minority Leader Nancy Pelosi" is Nancy Pelosi, "Labour's Priya
#: Patel" Priya Patel, "Midfielder Sam Hartley" Sam Hartley), and English "X said he was …" is X's; 13: and so is
#: the person a sentence names before "said she …" ("Margaret Dunn, 78, who …, said she had come"); 14: any
#: lowercase words between the verb and the name ("said union chair Tamar de Jong", "zei een geëmotioneerde Garcia");
#: 15: a quote followed by only "she said" is whom its sentence named as speaking before it, "X who tweeted:" is
#: X's, and a name inside a relative clause ("Kit, die trouwde met Rose Leslie, die 31 is, gaf toe") is no subject;
#: 16: an owner's role before a name is not the speaker ("said Dunmore's chief executive, Paul Hargreaves"); 17: "…
#: en hij zei" is the sentence's subject, and a quote whose closing mark was left out before ", zei X." ends there;
#: 18: "Dat zei X" names the speaker of the quote before it, and "X said the Café Chantant …" is X; 19: a closing
#: mark with no opening one, then the frame ('… één en twee" zei Hamilton.'), closes a quote from the paragraph's start;
#: 20: a one- or two-word title or term no verb of saying frames is no one's ('"likely" Massachusetts voters said'),
#: "according to The Hill" after "she said" is no speaker, and "Graham's vote" is Lindsey Graham's, named before;
#: 21: "zei Mr. Albence" (and "mr.", "Mrs.", "Ms.", "dhr.", "mevr.") is Albence, "Walid al-Moualem" one name, and
#: "minister van Buitenlandse Zaken, X," names X; a portfolio ("Buitenlandse Zaken") is no one "zegt hij" refers to;
#: 22: "The President" is a title (someone quoted before someone who only "testified"), also as a sentence's subject;
#: "X claims she …" is X's; "He said Damascus would …" is his; a quote right before "Trump called" is an epithet, and
#: '"…" while Trump promised' a new clause: neither is Trump's; 23: a quote nothing closes stops where no one speaks,
#: and more (docs/quotes.md); 24: a title subject no one holds yet is someone unnamed and a name a possessive owns
#: ("zijn kandidaat Brett Kavanaugh") no "hij"; "Veel Bolivianen" no title; a titled name after a preposition a person;
#: '“…’, zei Waters.' ends at its frame; "Voorzitter van het Huis …, Nancy Pelosi," is her; a pronoun frame later after
#: a quote, or a pronoun subject, keeps the speaker named before; "Trump de FBI" no name; "De voormalige baas van Alloa
#: Athletic zegt" not the club's; "‘…’ en hij waarschuwde" the sentence's first person.
ATTRIBUTION_RULES = 25

#: Names whose folded forms differ by at most this share of the longer one's letters are one name.
NAME_DISTANCE = 0.25
#: Bonus (z-units of the fused score) for a paragraph where the speaker asked about speaks.
SPEAKER_BONUS = 1.0
#: Bonus for a paragraph where the speaker asked about speaks, when the question asks nothing else ("Wat zei
#: Ri?"): any other paragraph answers nothing, and with the bonus of 1 a new user's "Wat zei Ri?" quoted three
#: paragraphs of his article where he does not speak. Over the archive's question sets one question moved, up.
SPEAKER_FIRST_BONUS = 10.0
#: Bonus for a paragraph holding any attributed quote, when the question asks who said something.
QUOTE_BONUS = 0.5
#: Taken off the paragraphs of an article that neither quotes nor names the person a "what did X say" question
#: asks about: any article about X ranks above them (one question's fused scores span less than this), as a
#: quotation of someone else answers nothing about X, however close its words ("What did Giles say?" and a
#: farmer's "… zei hij", e5 2.3 z-units closer than "Giles added the victim sustained …").
NOT_SPEAKER_PENALTY = 10.0


@dataclass(frozen=True)
class Quotation:
    """One quotation in a paragraph: its span (marks included) and its speaker, when the text names one."""

    start: int
    end: int
    speaker: str | None


@dataclass(frozen=True)
class StoredQuote:
    """A quotation as the index stores it, with the paragraph's row."""

    row: int
    article_id: str
    start: int
    end: int
    speaker: str | None


# --- finding quotations -----------------------------------------------------------------------

_PAIRS = {"‘": "’‘", "“": "”“", '"': '"', "„": "”“", "«": "»", "'": "'"}
#: Not an opening mark: the elided article of "’s morgens", "'t", "‘s avonds".
_ELISION = re.compile(r"[‘’'][st]\s")


def find_quotations(text: str, *, continued: bool = False) -> list[tuple[int, int, bool]]:
    """``(start, end, closed)`` spans of the quotations in ``text``, marks included.

    An opening mark follows a space, a bracket, a dash or the start; a closing mark follows a non-space
    and is not followed by a letter (so the apostrophes of "auto’s" and "zo’n" close nothing). A quote
    still open at the end of the paragraph runs to its end (``closed`` False); in the paragraph after it
    (``continued``), text up to a closing mark that no opening mark precedes is the rest of that quote.
    """
    spans = []
    at = 0
    if continued:
        # Only a mark that can open a quote counts: the apostrophe of "She's" opens nothing (rt.com.91356 ¶13).
        first_open = min([i for i in range(len(text)) if _opens(text, i)] or [len(text)])
        end = _closing(text, 1, "’”\"'")
        if end is not None and end - 1 <= first_open:
            spans.append((0, end, True))
            at = end
        elif first_open == len(text):  # a paragraph inside a quote that goes on
            return [(0, len(text), False)]
    dialogue = _DIALOGUE.match(text) if not continued else None
    if dialogue:  # "– We laten ons niet wegzetten, zei Gerrit Kuipers.": a dash opens it, the frame closes it
        spans.append((0, dialogue.end("words"), True))
        at = dialogue.end("words")
    orphan = _ORPHAN_CLOSE.match(text) if not continued and not dialogue else None
    if orphan:  # '… gedaan voor de plaatsen één en twee" zei Hamilton.': its opening mark lost
        spans.append((0, orphan.end(), True))
        at = orphan.end()
    while at < len(text):
        ch = text[at]
        if _opens(text, at):
            end = _closing(text, at + 1, _PAIRS[ch])
            if end is None:
                # "‘We zijn voorstander van de NAVO …, zei Kavadarkov.": a closing mark left out before the frame that
                # ends the paragraph (a translation's, or a typo), not a quote that runs on into the next paragraph.
                frame = _UNCLOSED_FRAME.search(text, at + 1)
                if frame:
                    spans.append((at, frame.start(), True))
                    break
                spans.append((at, len(text), False))
                break
            spans.append((at, end, True))
            at = end
            continue
        at += 1
    return spans


#: A paragraph of dialogue: a dash, the words, then their frame (", zei X").
_DIALOGUE = re.compile(r"[–—]\s+(?P<words>[^–—\n]+?)(?=,\s+(?:zei|zegt|zeiden|schreef|voegde|aldus|antwoordde|"
                       r"said|says|told|wrote|added|replied)\s)")
#: A closing mark with no opening one before it, then the frame: the quotation's opening mark was lost (an NTREX
#: article's '… to have a one two," said Hamilton.', in its Dutch translation too).
_ORPHAN_CLOSE = re.compile(r"[^\"“”‘’„«»\n]*?[\w.,!?][\"”’](?=,?\s+(?:zei|zegt|zeiden|schreef|voegde|aldus|antwoordde|"
                           r"said|says|told|wrote|added|replied)\s)")
#: The frame that ends a paragraph after a quotation whose closing mark was left out (", zei Kavadarkov."), or is
#: another pair's ('“Deze beschuldiging is vals’, zei Waters.': foxnews.94512 ¶8 had given it to the Hill, named
#: before).
_UNCLOSED_FRAME = re.compile(r"(?<=[\w.!?’”\"']),\s+(?:zei|zegt|zeiden|schreef|voegde|aldus|said|says|told|wrote|added)"
                            r"\s+[^.;:!?\"“”‘’\n]{1,80}[.!]?\s*$")


def _opens(text: str, at: int) -> bool:
    """Whether the mark at ``at`` opens a quotation: after a space, a bracket, a dash or the start, before a
    non-space, and not an elision ("’s morgens")."""
    ch = text[at]
    # French marks stand apart from their words: « Nous ne céderons pas », zei hij.
    return ch in _PAIRS and (at == 0 or text[at - 1].isspace() or text[at - 1] in "([—–-:") \
        and at + 1 < len(text) and (not text[at + 1].isspace() or ch == "«") and not _ELISION.match(text, at)


def _closing(text: str, start: int, closers: str) -> int | None:
    for at in range(start, len(text)):
        if text[at] in closers and (not text[at - 1].isspace() or text[at] == "»") \
                and (at + 1 == len(text) or not text[at + 1].isalpha()):
            return at + 1
    return None


# --- names -------------------------------------------------------------------------------------

_WORD = rf"[{CAPITALS}][\w’'.-]*[\w]|[{CAPITALS}]\.?"
_PARTICLE = r"(?:van|de|der|den|von|ter|ten|da|di|du|le|la|al|el|bin|ibn|'t|’t)"
#: "al-Moualem", "el-Sisi": an Arabic article joined to a surname (a Dutch editor's trial: "Walid al-Moualem" had
#: been "Walid", and the quote after "Foreign minister Walid al-Moualem said" the General Assembly's).
#: No article before an acronym: "gaf Trump de FBI orders" names Trump and the FBI, not "Trump de FBI" (guardian.221756
#: ¶16-17 gave Sarah Sanders' "zei ze" to it); "Joe Alleva van LSU" stays whole for the owner cut.
_NAME = re.compile(rf"(?<![\w’'-])(?:{_WORD})(?:\s+(?:{_PARTICLE}\s+)*(?<!\sde\s)(?:(?:al|el)-)?(?:{_WORD})"
                   rf"|\s+(?:{_PARTICLE}\s+)*de\s+(?![{CAPITALS}]{{2,}}\b)(?:(?:al|el)-)?(?:{_WORD}))*")
#: Words before a name that are not part of it ("President Trump", "meneer Adams", "Politie-inspecteur X").
_HONORIFICS = frozenset("""
    president premier minister mr mrs ms mw dr prof sir senator sen rep governor gov general gen koning koningin
    prins prinses paus pope king queen prince princess chancellor kanselier bondskanselier burgemeester mayor
    secretary secretaris-generaal commissaris commissioner judge rechter coach trainer captain kapitein
    lord lady dame minister-president ceo chairman voorzitter spokesman spokeswoman woordvoerder
    woordvoerster directeur director professor meneer mevrouw mevr dhr heer eerwaarde reverend rev father
    pastoor dominee inspecteur inspector detective rechercheur agent officer sergeant brigadier hoofdinspecteur
    superintendent chief topdiplomaat diplomaat sportdirecteur basketbalcoach voormalig former oud-premier
    wethouder gedeputeerde marktmeester havenmeester hoogleraar rapper singer zanger zangeres actor actress
    acteur actrice artist artiest writer author auteur schrijver schrijfster presenter presentator
    presentatrice golfer striker spits goalkeeper doelman keeper coureur driver
""".split())
#: Given names that are also English or Dutch words, kept before another name ("Will Wade", "Ben Stokes", "Al Gore").
_GIVEN_NAMES_THAT_ARE_WORDS = frozenset({"will", "ben", "al"})
_PRONOUNS = frozenset("hij zij ze he she".split())
#: Lower-case heads of a noun phrase that stand for the last named person ("de president zei").
_TITLES = frozenset("""
    president premier minister-president minister burgemeester leider leader kanselier bondskanselier
    chancellor koning koningin king queen paus pope prins prince secretaris-generaal secretary-general
    senator governor gouverneur voorzitter chairman chairwoman ceo topman topvrouw trainer coach rechter judge
    parlementslid kamerlid mp lawmaker
""".split())
#: Capitalised words that start a sentence or a clause but no name.
_NOT_NAMES = frozenset("""
    ook toen nu daarna later eerder echter volgens maar en of dus want also then now however but and so yet
    monday tuesday wednesday thursday friday saturday sunday maandag dinsdag woensdag donderdag vrijdag
    zaterdag zondag vorige vorig last next this dit deze die dat the een a an het de in op aan bij met
    somebody someone anybody anyone everybody everyone nobody iemand niemand iedereen one another
""".split())
#: A role before a name ("said finance chief Anna Jansen", "zei woordvoerder Jan de Boer"), with up to two
#: words before it ("union leader"), is not the speaker; without it the quote went to the last speaker.
_ROLES = r"(?:chief|leader|head|boss|spokes(?:man|woman|person)|woordvoerster|\w*woordvoerder|official|analyst|" \
         r"expert|professor|hoogleraar|economist|lawyer|attorney|advocaat|\w*secretary|\w*secretaris|ambassador|" \
         r"ambassadeur|commissioner|commissaris|officer|inspector|inspecteur|researcher|onderzoeker|scientist|" \
         r"wetenschapper|founder|oprichter|owner|eigenaar|\w*manager|director|chairman|chairwoman|\w*voorzitter|" \
         r"leider|\w*bestuurder|\w*beheerder|conservator|curator|\w*coördinator|coordinator|" \
         r"captain|aanvoerder|pm|midfielder|middenvelder|defender|verdediger|winger|vleugelspeler|" \
         r"correspondent|reporter|journalist|editor|redacteur|ceo|cfo|topman|topvrouw|\w*trainer|host|anchor|" \
         r"presenter|presentator|presentatrice|moderator|" \
         r"\w*meester|wethouder|gedeputeerde|\w*leider|\w*deskundige|\w*medewerker|\w*medewerkster|" \
         r"echtgeno(?:ot|te)|husband|wife|vader|moeder|father|mother|broer|zus|brother|sister|zoon|dochter|son|" \
         r"daughter|partner|vriend(?:in)?|friend|buurman|buurvrouw|neighbou?r|collega|colleague|" \
         r"alderman|council(?:l?or|man|woman)|\w*raadslid|\w*commissielid|bestuurslid|kamerlid|parlementslid|" \
         r"congreslid|" \
         r"congress(?:man|woman)|commander|\w*commandant|officier(?: van justitie)?|aanklager|firefighter|" \
         r"brandweer(?:man|vrouw)|" \
         r"representative|lawmaker|politician|politicus|candidate|kandida(?:at|te)|sheriff|prosecutor|" \
         r"historian|historicus|activist|campaigner|resident|bewoner|inwoner|witness|getuige|student|studente|" \
         r"doctor|dokter|arts|surgeon|chirurg|nurse|verpleegkundige|teacher|headteacher|principal|leraar|" \
         r"lerares|docent|pastor|priest|priester|bishop|bisschop|rabbi|rabbijn|imam)"
_ROLE = re.compile(_ROLES)
#: Lowercase words before a speaker's name: "said mayor Femke Halsema" as "said Mayor Femke Halsema" (before,
#: the quote went to the speaker of the paragraph before).
_LOWER_HONORIFIC = r"(?:meneer|mevrouw|mevr\.|dhr\.|de heer|eerwaarde|oud-\w+|voormalig(?:e)? \w+|\w*coach|" \
                   r"\w*directeur|\w*minister|topdiplomaat|" \
                   rf"(?:[a-z][\w-]*\s+){{0,2}}(?:{_ROLES}|{'|'.join(sorted(_HONORIFICS, key=len, reverse=True))}))"


#: A lowercase word before a name that is not a particle of it ("finance" and "chief" in "finance chief Anna
#: Jansen"; not "van" in "van Gogh").
_ROLE_WORD = re.compile(rf"(?!(?:{_PARTICLE})$)[a-z][\w-]*")


def _common(word: str) -> bool:
    """An English or Dutch function word, or a sentence start that names no one. Only these two languages:
    Italian's "ho" is the last word of Ri Yong Ho, Italian's "di" the first of Di Maria."""
    from .entities import is_english_or_dutch_word

    return word.lower() in _NOT_NAMES or is_english_or_dutch_word(word)


#: Dutch compounds ending in a title are titles: "Defensieminister", "Eurocommissaris", "Staatssecretaris".
_TITLE_ENDINGS = ("minister", "commissaris", "secretaris")


def is_title_word(word: str) -> bool:
    """A title or a role before a name, or one that stands for the last person named ("president", "premier")."""
    return _is_title(word) or word.lower() in _TITLES


def _is_title(word: str) -> bool:
    word = word.lower().rstrip(".").split("-")[-1]
    return word in _HONORIFICS or word.endswith(_TITLE_ENDINGS)


#: Particles that start a Dutch or German surname written without its given name ("Van 't Hof", "Ter Horst").
_CAPITAL_PARTICLES = frozenset("Van Ter Ten Den Von".split())


def _clean_name(name: str) -> str | None:
    """A name phrase without the titles and sentence-start words before it; None if nothing is left."""
    words = name.replace("\u200b", "").split()
    titles = [i for i, word in enumerate(words[:-1]) if word[:1].isupper() and (_is_title(word) or _ROLE.fullmatch(
              word.lower())) or word.lower().rstrip(",") in PORTFOLIOS]
    if titles:  # "North Korean Foreign Minister Ri Yong Ho", "House Minority Leader Nancy Pelosi"
        words = words[titles[-1] + 1:]
    while words and (_is_title(words[0]) or _common(words[0].rstrip(".")) or _ROLE_WORD.fullmatch(words[0])
                     or _ROLE.fullmatch(words[0].lower())  # "Alderman Karin Jansen", "Eigenaar Sanne van Dam"
                     or len(words) > 1 and re.search(r"\w['’]s$", words[0])):  # "Labour's Priya Patel"
        if len(words) > 1 and words[0].lower() in _GIVEN_NAMES_THAT_ARE_WORDS and not _common(words[1]):
            break
        # "Van 't Hof", "Ter Horst": a surname's particle capitalised, not a sentence's "van" ("De" is the article
        # as often as a name's: "De Britse premier")
        if len(words) > 1 and words[0] in _CAPITAL_PARTICLES and (words[1][:1].isupper() or words[1] in _PARTICLES):
            break
        words = words[1:]
    while words and _common(words[-1]):
        words = words[:-1]
    name = " ".join(words).strip(" ,.;:’'")
    if len(name) < 2 or not name[:1].isupper() or name.isupper() and len(name) <= 3:
        return None
    return name


def fold_name(name: str) -> str:
    """A spelling-free key: no accents or case, Dutch, German and French transliterations as English writes them."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for a, b in (("tsj", "ch"), ("sj", "sh"), ("oe", "u"), ("ou", "u"), ("ks", "x"), ("ij", "y"), ("kh", "h"),
                 ("dzj", "j"), ("zj", "zh"), ("w", "v"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("j", "y")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z ]+", "", text.replace("-", " ")).strip()


_DOUBLED = re.compile(r"(\w)\1+")


@lru_cache(maxsize=4096)
def _close(a: str, b: str, by_shorter: bool = False) -> bool:
    """Folded words within :data:`NAME_DISTANCE` of the longer one's letters (``by_shorter``: the shorter's), two
    letters swapped counting as one edit (a trial's "How old is Kanye Wset?" was told that the articles that mention
    him give no age)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    limit = int(NAME_DISTANCE * (min if by_shorter else max)(len(a), len(b)))
    if OSA.distance(a, b, score_cutoff=limit) <= limit:
        return True
    # Transliterations double letters at will ("Moallem", "Moualem"; a fact-checker's "What did Walid al-Moallem
    # say?" was told the articles do not mention him): compared once more with each doubled letter single.
    # Long words with the same first letter only: not "Emmanuel" and "Manuel", nor "Bakker" and "Baer".
    single_a, single_b = _DOUBLED.sub(r"\1", a), _DOUBLED.sub(r"\1", b)
    return (single_a, single_b) != (a, b) and a[0] == b[0] and min(len(single_a), len(single_b)) >= 6 \
        and OSA.distance(single_a, single_b, score_cutoff=limit) <= limit


def same_person(asked: str, speaker: str) -> bool:
    """Whether a name in a question ("Lukashenko", "Jens Stoltenberg") is this speaker in some spelling:
    every word asked for is close to one of the speaker's words."""
    asked_words = fold_name(asked).split()
    speaker_words = fold_name(speaker).split()
    return bool(asked_words) and all(any(_close(a, s) for s in speaker_words) for a in asked_words)


def spelled_alike(asked: str, known: str) -> bool:
    """Whether a name is another spelled differently ("Lukashenko", "Loekasjenko"; "NATO", "Navo"): each word
    asked for within a quarter of the shorter word's letters of one of ``known``'s, after folding, or for a
    compound asked for ("Cromwell-monument"), each of ``known``'s words of one of its parts. Not "Macron" and
    "Macaroni" (two edits in six letters), nor "Emmanuel" and "Manuel"."""
    asked_words, known_words = fold_name(asked).split(), fold_name(known).split()

    def within(words: list[str], others: list[str]) -> bool:
        return bool(words) and all(any(_close(w, o, True) for o in others) for w in words)

    return within(asked_words, known_words) or len(asked_words) > 1 and within(known_words, asked_words)


class SpeakerNames:
    """An index's speakers, found by a name in any spelling (:func:`same_person`). A large archive has
    thousands of speakers: each word asked for is compared once with every distinct word of their folded
    names, in rapidfuzz's C++, instead of with each speaker in turn in Python. Among 8,000 speakers a look-up
    took 0.26–0.44 s that way, twice per "what did X say" question, and takes ~1 ms
    (``benchmarks/speakers.py --lookup``). The articles' names are found the same way
    (:meth:`index.store.PassageStore.articles_naming`)."""

    def __init__(self, speakers: Iterable[str]) -> None:
        self.speakers = list(speakers)
        by_word: dict[str, set[int]] = {}
        for i, speaker in enumerate(self.speakers):
            for word in fold_name(speaker).split():
                by_word.setdefault(word, set()).add(i)
        self._words = list(by_word)
        self._speakers_of = list(by_word.values())

    def matching(self, asked: str) -> list[str]:
        """The speakers who are ``asked``, in their stored order."""
        return [self.speakers[i] for i in self.positions(asked)]

    def positions(self, asked: str) -> list[int]:
        """Where the speakers who are ``asked`` stand in :attr:`speakers`, in order."""
        found: set[int] | None = None
        for a in fold_name(asked).split():
            # A word can be close only within NAME_DISTANCE of the longer one, at most len(a) / 3 edits.
            near = process.extract_iter(a, self._words, scorer=OSA.distance, score_cutoff=len(a) // 3)
            close = set().union(*(self._speakers_of[i] for word, _, i in near if _close(a, word)))
            found = close if found is None else found & close
            if not found:
                return []
        return sorted(found or ())


# --- attributing speakers ----------------------------------------------------------------------

_SPEECH_VERBS = """
    zei zegt zeggen zeiden zegde aldus volgens noemt noemde noemden verklaart verklaarde verklaarden stelt stelde
    benadrukt benadrukte erkent erkende ontkent ontkende schrijft schreef vertelt vertelde voegde voegt antwoordde
    antwoordt reageerde reageert waarschuwde waarschuwt meldt meldde beweert beweerde vroeg vraagt riep roept
    tweette twitterde concludeerde concludeert merkte merkt sprak spreekt gaf geeft legde legt beschreef beschrijft
    verzekerde verzekert herhaalde herhaalt zuchtte grapte getuigde beschuldigde bedankte zwoer zweert beloofde
    belooft swore swears vowed vows promised promises
    said says say told tells tell added adds stated states explained explains wrote writes asked asks warned
    warns noted notes claimed claims argued argues insisted insists admitted admits denied denies called calls
    described describes tweeted tweets continued continues replied replies responded responds announced
    announces declared declares confirmed confirms suggested suggests commented comments recalled recalls
    remarked remarks according joked accused thanked testified
    herinnerde herinnert vervolgde vulde onderstreepte betoogde opperde preciseerde citeerde bevestigde bevestigt
    kondigde onthulde klaagde voorspelde schreeuwde fluisterde meent meende postte deelde
    shouted whispered wondered conceded acknowledged stressed emphasized emphasised maintained observed pointed
    revealed predicted complained urged pleaded reiterated concluded agreed posted shared
"""
_SPEECH = frozenset(_SPEECH_VERBS.split())
#: Verbs that take their object, not their speaker, after them ("X told Reuters", "bedankte de politie").
_OBJECT_AFTER = frozenset("""told tells tell asked asks called calls described describes warned warns accused
    thanked bedankte beschuldigde beschreef beschrijft noemt noemde noemden""".split())
#: An abbreviated form of address before a speaker's name ("Mr. Albence", "mr. Jansen", "Mevr. de Vries", "dhr.
#: Bakker"), which :func:`_clean_name` takes off: a Dutch editor's trial had '"…" zei Mr. Albence.' end the name at "Mr"
#: and his quote go to no one. Only where a speaker is looked for: in narration "Mr. Mandagi" as a person had made
#: him the "he said" after "Mr. Mandagi included, were his students.", his coach's words.
_ADDRESS = r"(?i:mr|mrs|ms|dr|prof|dhr|mevr|mw)\.\s+"
_WHO = rf"(?:(?:{_LOWER_HONORIFIC})\s+|{_ADDRESS})?(?:{_NAME.pattern})"
#: A count before an epithet ("driemalig", "tweevoudig", "three-time", "two-fold"): "De driemalig wereldkampioen zei",
#: "The two-time bronze Olympic medallist has become": whom the article is about, as an age is ("the 24-year-old").
_COUNTED = re.compile(r"\w+-time|\w+-fold|\w+malige?|\w+voudige?", re.I)
#: A number of things someone won or holds ("de winnaar van vijf Gouden Ballen", "the winner of 14 majors").
_NUMBER = re.compile(r"\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|two|three|four|five|six|seven|"
                     r"eight|nine|ten|eleven|twelve", re.I)
#: Such an epithet: "de" or "the", the count and up to three words, not a verb of saying after the noun ("the
#: five-time Ballon d'Or winner says"); or a noun and what it counts ("zegt de winnaar van vijf Gouden Ballen").
_EPITHET = rf"(?i:de|het|the)\s+(?:(?i:{_COUNTED.pattern})\s+(?:[\w’'-]+\s+(?!(?i:{'|'.join(sorted(_SPEECH))})\b))" \
           rf"{{0,2}}[a-z][\w-]*|[a-z][\w-]*\s+(?i:van|of)\s+(?:{_NUMBER.pattern})\s+[\w’'-]+(?:\s+[A-Z][\w’'-]*)?)(?!\w)"


def _counted_epithet(words: Sequence[str]) -> bool:
    """Whether ``words`` ("de", "driemalig", "wereldkampioen") are such an epithet: someone the article is about."""
    return len(words) > 2 and (_COUNTED.fullmatch(words[1]) is not None or len(words) > 4 and words[2].lower() in (
        "van", "of") and _NUMBER.fullmatch(words[3]) is not None)


#: "zei Loekasjenko", "aldus X", "geeft Loekasjenko toe", "said Smith", "according to X": the speaker after the
#: verb. Only the verbs and pronouns ignore case: a name starts with a capital.
_AFTER = re.compile(
    rf"(?<!\w)(?i:(?P<verb>{'|'.join(sorted(_SPEECH - _OBJECT_AFTER - {'according'}))}|according\s+to))"
    rf"(?:\s+(?i:op\s+\w+|gisteren|gisteravond|vandaag|zondag|zaterdag|maandag|dinsdag|woensdag|donderdag|vrijdag))?"
    rf"[\s,]+(?P<who>{_EPITHET}|(?i:de|het|the)\s+{_NAME.pattern}|{_WHO}|(?i:de|het|the|een|a)\s+[\w-]+"
    rf"|(?i:hij|zij|ze|he|she))(?!\w)")
#: "Loekasjenko ontkent", "hij zei", "de president zei", "X, de secretaris-generaal van de Navo, noemt".
_SUBJECT = re.compile(rf"(?<![\w’'-])(?=(?P<who>{_EPITHET}|(?i:de|het|the)\s+[\w-]+|(?:[Ee]en|[Aa]n?)\s+[a-z][\w-]*|{_WHO}"
                      rf"|(?i:hij|zij|ze|he|she))(?!\w))")


#: Dutch verbs that may take their object right after them ("vertelde de Algemene Vergadering dat …").
_TOLD = frozenset("vertelde vertelt vroeg vraagt antwoordde antwoordt".split())


@lru_cache(maxsize=1)
def _after_role() -> re.Pattern[str]:
    """"said union chair Tamar de Jong", "zei een geëmotioneerde Garcia", "aldus initiatiefnemer Henk Wolters": the
    speaker after the verb past one or two lowercase words that are no function words (a role or an adjective
    that no list holds; an archivist's trial found four such speakers missed). Not after "de" or "the", which
    make an institution or a source of them ("volgens de krant Guiyang Evening News"), but for an age ("aldus de
    23-jarige Rahm")."""
    from .entities import _function_words

    plain = rf"(?!(?i:{'|'.join(sorted(_function_words(('en', 'nl')) | _NOT_NAMES | _SPEECH))})\b)[\da-zà-ÿ][\w-]*"
    return re.compile(
        rf"(?<!\w)(?i:(?P<verb>{'|'.join(sorted(_SPEECH - _OBJECT_AFTER - _TOLD - {'according'}))}))"
        rf"[\s,]+(?:(?i:een|an?|(?:de|het|the)(?=\s+[\w-]*(?:jarige|year-old)\s))\s+)?(?:{plain}\s+){{1,2}}"
        rf"(?P<who>{_NAME.pattern})(?!\w)")


#: "zou de president hebben gezegd", "heeft Loekasjenko verklaard": the speaker between an auxiliary and the
#: verb's participle.
_BETWEEN = re.compile(
    rf"(?<!\w)(?i:zou|zouden|heeft|hebben|had|hadden|has|have)\s+(?P<who>(?i:de|het|the)\s+[\w-]+|{_WHO}"
    rf"|(?i:hij|zij|ze|he|she))\s+(?:(?i:hebben|have)\s+)?(?i:gezegd|verklaard|geschreven|verteld|gesteld|said|"
    rf"told|written)(?!\w)")
#: The verb after a subject, past an apposition (", de secretaris-generaal van de Navo,"), a place or a
#: constituency ("Service in Phoenix merkte op", "parlementslid voor Wellingborough voegde toe"), a relative
#: pronoun ("the president, who commented during the rally: "…"": newsweek.51330 ¶16-17) and auxiliaries.
_VERB_AFTER = re.compile(
    r"(?P<apposition>,[^,‘“\"]{1,120},)?(?P<place>\s+(?:in|at|uit|from|voor|for)\s+(?-i:[A-Z])[\w-]*)?"
    r"(?:,(?=\s+(?:who|die)\s))?"
    r"\s+(?:(?:has|had|have|heeft|hebben|would|will|zal|zou|also|ook|who|die|"
    r"then|toen|later|nog|eerder|earlier|publicly|openly|previously|op\s+\w+|gisteren|gisteravond)\s+)*"
    r"(?P<verb>[a-z]+)\b", re.I)


#: The word right before a position.
_WORD_BEFORE = re.compile(r"([\w’'-]+)\s+$")
#: "De vierentwintigjarige zei", "the 24-year-old said": the person the article is about, as a title is.
_AGED = re.compile(r"[\w-]*jarige|[\w-]*year-old")
#: Someone the text does not name ("een boer", "a spokesman"): the "zei hij" after it is not the last person named.
_UNNAMED = re.compile(r"(?i:een|a|an)\s")
#: A sentence about someone it describes but does not name ("De Amerikaan die de 200 meter won, …").
_DESCRIBED = re.compile(r"\s*(?:[Dd]e|[Hh]et|[Tt]he|[Ee]en|[Aa]n?)\s+[\w-]+\s+(?:die|dat|who|that)\b")
#: A preposition right before a name: where or for whom, not who speaks ("in Phoenix", "het parlementslid voor
#: Wellingborough voegde toe", "ECD bij Mother zegt", "op Instagram Live noemde Ronaldo").
_PLACE_BEFORE = re.compile(r"(?<!\w)(?:in|at|uit|from|voor|for|bij|op|on)(?:\s+(?:de|het|the))?\s+$")
#: Someone unnamed whose owner follows ("een bron uit de entourage van", "a source close to", "an aide of"): the
#: name after it is whose source, not who speaks (a fact-checker's trial credited Peter Jones).
_SOMEONE_OF = re.compile(r"(?<!\w)(?i:een|a|an)\s+(?:[\w-]+\s+){0,6}?(?:van|of|close to|near|dicht bij)\s+"
                         r"(?:(?:de|het|the)\s+)?$")
_SOURCE_SPEAKS = re.compile(rf"(?P<who>{_NAME.pattern})\s+(?:\w+\s+)?(?i:zei|zegt|zeiden|vertelde|said|says|told)\b")


def _unnamed_source(frame: str, reader: "_Reader") -> bool:
    """Whether ``frame`` has someone unnamed speak on behalf of a person it names ("a source close to Jones said")."""
    return any(_SOMEONE_OF.search(frame, 0, m.start()) and reader.is_person(m["who"])
               for m in _SOURCE_SPEAKS.finditer(frame))


_TITLED = re.compile(rf"(?i:\b(?P<title>{'|'.join(sorted(_TITLES, key=len, reverse=True))}))"
                     rf"\s+(?P<name>{_NAME.pattern})")


#: "… arriveerde in Palu en hij zei": the pronoun of a coordinated clause is the sentence's subject.
_COORDINATED = re.compile(r"(?<!\w)(?:en|and|maar|but)\s+$", re.I)


def _resolve_at(frame: str, at: int, who: str, reader: "_Reader") -> str | None:
    """:func:`_resolve`, where a pronoun after "en"/"and" is the person the sentence starts with ("President Joko
    Widodo … arriveerde zondag in Palu en hij zei: …"), not the last person named before it: a reader's trial found
    Widodo's words under Jan Gelfand, quoted in the paragraph before."""
    if who.lower() in _PRONOUNS and _COORDINATED.search(frame, 0, at):
        start = (split_sentences(frame[:at]) or [(0, at)])[-1][0]
        first = reader.people(frame[start:at], first_only=True)
        if first:
            return _full(_clean_name(first[0]), reader.known, reader.speakers)
    return _resolve(who, reader)


def _resolve(who: str, reader: "_Reader") -> str | None:
    """A speaker phrase as a name: a pronoun is the last person named, a title ("de president") the person
    last named with it, else the last speaker or else the last person not named with another title ("rechter
    Kavanaugh" is not "de president"); a short form is the full name."""
    last_person, known = reader.last_person, reader.known
    words = who.split()
    head = words[0].lower()
    if head in _PRONOUNS:  # "he" or "she" is no newspaper or agency
        return last_person if len(words) == 1 and last_person not in reader.institutions else None
    if head in ("de", "het", "the") and len(words) == 2 and words[1][:1].isupper() and words[1].lower() in _TITLES:
        words = [head, words[1].lower()]  # "The President said": a title, as "the president" is, no institution
    counted = head in ("de", "het", "the") and _counted_epithet(words)  # "de driemalig wereldkampioen"
    if head in ("de", "het", "the") and len(words) > 1 and words[1][:1].isupper():
        institution = _full(_clean_name(" ".join(words[1:])), known)  # "zei het National Hurricane Center"
        if institution:
            reader.institutions.add(institution)
        return institution
    if head in ("de", "het", "the", "een", "a") and (counted or not words[-1][:1].isupper()):  # not "de heer Ri"
        title = words[-1].lower()
        if (len(words) == 2 and (title in _TITLES or _AGED.fullmatch(title)) or counted) and head not in ("een", "a"):
            if f"title:{title}" in known:
                return known[f"title:{title}"]
            titled_otherwise = {name for key, name in known.items() if key.startswith("title:")}
            # someone quoted before someone a sentence only says spoke ("Ford also testified": not "the President");
            # an age is whom the text is about ("De olympische schoonspringer Tom Daley zegt …")
            quoted = reader.quoted if title in _TITLES else []
            return next((name for name in (*reversed(quoted), *reversed(reader.speakers), last_person)
                         if name and name not in titled_otherwise), None)
        return None
    return _full(_clean_name(who), known, reader.speakers)


def _full(name: str | None, known: dict[str, str], recent: Sequence[str] = ()) -> str | None:
    """The article's fullest spelling of ``name`` seen so far ("Stoltenberg" → "Jens Stoltenberg"); of two
    such names, the one of the ``recent`` speakers who spoke last ("Plasco" after Joel Plasco spoke is
    not Lynsey Plasco-Flaxman)."""
    if name is None:
        return None
    key = fold_name(name).split()
    best = name
    matches = []
    for full_key, full in known.items():
        if ":" in full_key:
            continue
        words = full_key.split()
        # A surname alone may be spelled otherwise ("Moualem" after "Walid Al-Muallem").
        same = set(key) <= set(words) or len(key) == 1 and _close(key[0], words[-1])
        if len(words) > len(key) and same:
            matches.append(full)
            if len(full) > len(best):
                best = full
    return next((speaker for speaker in reversed(recent) if speaker in matches), best)


#: A name inside a description: "The former Alloa Athletic boss", "de Amerikaanse Staatssecretaris …".
_DESCRIBED_BY = re.compile(r"(?i:\b(?:the|a|an|de|het|een))\s+(?:[\w-]+\s+)?$")
#: English verbs that report speech, after which "he" or "she" and a verb is what was said ("said she would").
_ENGLISH_REPORTING = frozenset("""said says told tells added adds explained explains insisted insists argued argues
    claimed claims stated states""".split())  # "Mayorga also claims she felt …": hers, not the last man's
#: A reported clause's verb right after its subject ("said Damascus would continue"): that subject does not speak.
_CLAUSE_VERB = re.compile(r"\s+(?:would|will|was|is|were|are|had|has|could|can|should|must|might|may|did|does)\b")
#: A subject right before a verb of saying ("He said", "Moualem also said").
_SPEAKING_SUBJECT = re.compile(rf"(?:(?<!\w)(?i:he|she|they)|{_NAME.pattern})\s+(?:(?:also|then|later|earlier)\s+)?$")
#: A possessive inside a name phrase: the phrase is what someone owns, the subject of a clause, not a speaker.
_POSSESSIVE = re.compile(r"\w['’]s\s")


#: "Dunmore's chief executive, Paul Hargreaves,", "the union's deputy general secretary, Mark Fenwick.", "its
#: spokesman, Tom Lee,": an owner's role, then the person holding it set off by commas ("on Laverne's first
#: programme, Daley said" is no role of Daley's).
_OWNED_ROLE = re.compile(rf"(?:(?:(?i:the|de|het)\s+[\w-]+|{_NAME.pattern})['’]s|(?<!\w)(?i:its|their|his|her))"
                         rf"\s+(?:[a-z][\w-]*\s+){{0,3}}[a-z][\w-]*,\s+(?=(?P<who>{_NAME.pattern})\s*(?:[,.;:]|$))")
#: The comma that closes such an apposition before its verb ("…, Jonathan Pryce, said").
_CLOSING_COMMA = re.compile(r",(?=\s+[a-z])")


#: A minister's or a secretary's title and portfolio, then the person holding it set off by commas ("verklaarde
#: minister van Buitenlandse Zaken, Walid al-Moualem, dat …", "said Secretary of State, Mike Pompeo."): the title
#: without its portfolio is left before the name, as in "zei minister Walid al-Moualem". A chair's too ("Voorzitter van
#: het Huis van Afgevaardigden, Nancy Pelosi, noemde …": cbsnews.248394 ¶1 had been the House's).
_TITLE_APPOSITION = re.compile(
    rf"(?<![\w-])(?P<title>[\w-]*(?:{'|'.join(_TITLE_ENDINGS)})|(?i:minister|secretary|commissioner|voorzitter|"
    rf"chairman|chairwoman|speaker))"
    rf"(?:\s+(?:van|voor|of|for)\s+(?:(?:de|het|the)\s+)?"
    rf"(?:[{CAPITALS}][\w-]*\s+(?:(?:van|of|de|der|het|the)\s+)*){{0,3}}"
    rf"[{CAPITALS}][\w-]*)?,\s+"
    rf"(?=(?P<who>{_NAME.pattern})\s*(?:[,.;:]|$))")


#: An article, up to three describing words and a role or a title, then the person holding it set off by commas
#: ("De Amerikaanse aanvoerder, Jim Furyk, zei", "The American captain, Jim Furyk, said", "De Britse premier, Theresa
#: May, zei"): the role is the name's. A nationality before the role had made "Amerikaanse" the subject and Furyk's
#: quote no one's (euronews-en.153826 ¶19). No function word among the describing words ("de prestatie van de …").
_ROLE_APPOSITION = re.compile(
    rf"(?<![\w’'-])(?i:de|het|the)\s+(?:(?!(?i:van|of|voor|for|de|het|the|een|an?|en|and|in|op|bij|met|with|at|"
    rf"to|naar|uit|from)\s)[\w-]+\s+){{0,3}}(?P<role>[\w-]+),\s+(?=(?P<who>{_NAME.pattern})\s*(?:[,.;:]|$))")


def _is_role(word: str) -> bool:
    """Whether a lowercase or capitalised word is a role or a title ("aanvoerder", "premier", "captain")."""
    return bool(_ROLE.fullmatch(word.lower())) or is_title_word(word)


def _role_apposition(frame: str) -> re.Match[str] | None:
    """The first "de Amerikaanse aanvoerder, Jim Furyk," of ``frame`` whose last word before the comma is a role."""
    return next((m for m in _ROLE_APPOSITION.finditer(frame) if _is_role(m["role"])), None)


def _without_owned_roles(frame: str) -> str:
    """``frame`` with each owner's role before a name taken out, so the name stands where the speaker is looked
    for: "said Dunmore's chief executive, Paul Hargreaves" had made "Dunmore's" the speaker (a business desk's
    trial), and "the union's deputy general secretary, Mark Fenwick" no one; and a title's portfolio before a name
    set off by commas: "verklaarde minister van Buitenlandse Zaken, Walid al-Moualem, dat" had made "Buitenlandse
    Zaken" the "zegt hij" after it (a Dutch editor's trial)."""
    while (match := _OWNED_ROLE.search(frame)) is not None:
        end = match.end() + len(match["who"])
        frame = frame[:match.start()] + match["who"] + _CLOSING_COMMA.sub("", frame[end:], count=1) \
            if _CLOSING_COMMA.match(frame, end) else frame[:match.start()] + frame[match.end():]
    while (match := _role_apposition(frame)) is not None:
        end = match.end() + len(match["who"])
        rest = _CLOSING_COMMA.sub("", frame[end:], count=1) if _CLOSING_COMMA.match(frame, end) else frame[end:]
        frame = frame[:match.start()] + match["who"] + rest
    while (match := _TITLE_APPOSITION.search(frame)) is not None:
        end = match.end() + len(match["who"])
        rest = _CLOSING_COMMA.sub("", frame[end:], count=1) if _CLOSING_COMMA.match(frame, end) else frame[end:]
        frame = frame[:match.start()] + match["title"] + " " + match["who"] + rest
    return frame


#: A paragraph that says whose the quote before it was ("Dat zei marktmeester Henk Verwoerd", "Dat zegt X", "Zo
#: schreef X", "That is what X said" is rare in English).
_SAID_BACK = re.compile(r"\s*(?:Dat|Dit|Zo|Aldus)\s+(?:zei|zegt|zeiden|zeggen|schreef|schrijft|vertelde|vertelt|"
                        r"verklaarde|verklaart|stelde|stelt|liet|laat)\b")
#: A name right before a verb of saying: its subject.
_PERSON_BEFORE = re.compile(rf"(?P<who>{_NAME.pattern})\s+$")


def _subject_speaks_first(frame: str, match: re.Match[str], reader: "_Reader") -> bool:
    """Whether a person named right before the verb of "X said the Café Chantant tent sold out" speaks, not what
    follows the verb (an editor's trial found the quote after it under "Café Chantant"). Not where a comma stands
    between the verb and what follows ("…, the White House said"), nor in "…," said the spokesman."""
    if match["who"].split()[0].lower() not in ("the", "de", "het") or not match.groupdict().get("verb") \
            or match.start("who") < match.start("verb") or "," in frame[match.end("verb"):match.start("who")]:
        return False
    subject = _PERSON_BEFORE.search(frame, 0, match.start("verb"))
    return bool(subject and reader.is_person(subject["who"]))


def _said_by_subject(frame: str) -> bool:
    """Whether ``frame`` has a subject speak ("she said", "Warren said"), so that "according to The Hill" after it
    names where the words were reported: a new user's trial found Elizabeth Warren's '"It's time for women to go to
    Washington …," she said, according to The Hill.' under "Hill", and missing from `newsbot quotes`."""
    for match in _SUBJECT.finditer(frame):
        verb = _VERB_AFTER.match(frame, match.start() + len(match["who"]))
        if verb and verb["verb"].lower() in _SPEECH - {"according", "volgens"}:
            return True
    return False


def _speaker_in(frame: str, reader: "_Reader") -> str | None:
    """The speaker a piece of text outside quotation marks names, "" for someone unnamed ("een boer uit Manitoba
    vertelde"), or None."""
    frame = _without_owned_roles(frame)
    unnamed = False
    deferred = None
    after = sorted((*_after_role().finditer(frame), *_AFTER.finditer(frame)), key=lambda m: (m.start(), -m.end()))
    for match in (*after, *_BETWEEN.finditer(frame)):
        # "Mr Clark said Theresa May's Chequers plan was …": not who; "said Labour's Priya Patel" is (an owner first)
        if _POSSESSIVE.search(match["who"].split(None, 1)[-1]):
            continue
        if _subject_speaks_first(frame, match, reader):
            continue
        if (match.groupdict().get("verb") or "").lower().startswith(("according", "volgens")) \
                and _said_by_subject(frame):
            continue  # '…," she said, according to The Hill': the outlet that reported it, not who spoke
        # "Sanford said he was "lying"": the subject of what was said, not an inverted "…," said he: the name
        # before the verb comes first (English only: Dutch puts "hij" after its verb in every clause).
        if match["who"].lower() in ("he", "she") and match["verb"].lower() in _ENGLISH_REPORTING \
                and re.match(r"\s+[a-z]", frame[match.end():]):
            deferred = deferred or match
            continue
        # "He said Damascus would continue "…"": the subject of what was said, after a subject who says it
        if match.groupdict().get("verb") and match["verb"].lower() in _ENGLISH_REPORTING \
                and _CLAUSE_VERB.match(frame, match.end()) and _SPEAKING_SUBJECT.search(frame, 0, match.start("verb")):
            continue
        speaker = _resolve_at(frame, match.start("who"), match["who"], reader)
        if speaker:
            return speaker
        unnamed = unnamed or _UNNAMED.match(match["who"]) is not None
    for match in _SUBJECT.finditer(frame):
        if _PLACE_BEFORE.search(frame, 0, match.start()):  # "in Phoenix merkte op": a place, not who
            continue
        if _SOMEONE_OF.search(frame, 0, match.start()) and reader.is_person(match["who"]):
            continue  # "a source close to Jones said": not Jones ("een woordvoerder van het OM": the OM)
        if _IN_RELATIVE.search(frame, 0, match.start()):  # "Kit, die … trouwde met Rose Leslie, die 31 is, gaf toe"
            continue
        before = _WORD_BEFORE.search(frame, 0, match.start())
        if before and before[1][:1].isupper() and before[1].lower() not in _NOT_NAMES:
            continue  # "Live" of "op Instagram Live noemde": the end of a name, not a name
        verb = _VERB_AFTER.match(frame, match.start() + len(match["who"]))
        if verb and verb["verb"].lower() in _SPEECH:
            described = _described_subject(frame, match.start(), match["who"], reader)
            if described is not None:
                return described
            speaker = _resolve_at(frame, match.start(), match["who"], reader)
            if speaker:
                return speaker
            unnamed = unnamed or _UNNAMED.match(match["who"]) is not None
    colon = re.search(rf"(?P<who>{_NAME.pattern})\s*:\s*$", frame)
    if colon and not _PLACE_BEFORE.search(frame, 0, colon.start()):  # not "Hij schreef op Twitter:"
        return _resolve(colon["who"], reader)
    if deferred is not None:
        # "Margaret Dunn, 78, who has used the library for forty years, said she …": the person the sentence
        # names before its verb, but not one inside a description ("The former Alloa Athletic boss says he
        # felt …": he is whom the text is about, the last person named).
        before = frame[:deferred.start()]
        for name in reader.people(before):
            at = before.find(name)
            if at >= 0 and not _DESCRIBED_BY.search(before, 0, at):
                return _full(_clean_name(name), reader.known, reader.speakers)
        return _resolve(deferred["who"], reader)
    return "" if unnamed else None


#: A sentence that starts with a description whose owner the name after it is ("De voormalige baas van Alloa Athletic
#: zegt", "The lawyer of …"): the subject is the one described (bbc.381789 ¶9-12 gave Jack Ross's "zegt hij" to his
#: former club).
_DESCRIPTION_OF = re.compile(r"\A\s*(?i:de|het|the)\s+(?:[\w-]+\s+){0,3}?(?P<noun>[a-z][\w-]*)\s+(?:van|of)\s+"
                             r"(?:(?:de|het|the)\s+)?$")
#: Who speaks for an organisation: "de woordvoerder van het OM zei" is the OM's, as the labelled sets have it.
_SPOKES = re.compile(r"\w*woordvoerder|woordvoerster|spokes(?:man|woman|person)|spreekbuis")


def _described_subject(frame: str, at: int, who: str, reader: "_Reader") -> str | None:
    """For a sentence that starts with a description owned by the name at ``at`` ("De voormalige baas van Alloa
    Athletic zegt"): whom a title there stands for ("De voormalige leider van Ukip zei": the leader), else "" (someone
    unnamed, not the owner); None where it does not start so, or where a spokesperson speaks for the owner."""
    owned = _DESCRIPTION_OF.search(frame, 0, at)
    if not owned or _SPOKES.fullmatch(owned["noun"].lower()):
        return None
    name = _clean_name(who)
    if name:  # known by name still, as whom the description belongs to ("De advocaat van Kathryn Mayorga")
        reader.known.setdefault(fold_name(name), _full(reader.owner_cut(name), reader.known))
    noun = owned["noun"].lower()
    return (_resolve(f"de {noun}", reader) or "") if noun in _TITLES else ""


def _persons(text: str) -> list[tuple[str, bool]]:
    """Name phrases that may be people, in reading order, for back-references (single words included), each
    with whether a title went before it ("Lord Adonis": a person); not after a preposition ("een boer uit
    Manitoba bij CBC News"): a place or an outlet."""
    found = []
    for match in _NAME.finditer(text):
        if _PLACE_BEFORE.search(text, 0, match.start()) and not _titled_after(text, match.end()):
            continue
        name = _clean_name(match.group())
        if name and _is_portfolio(name):  # "minister van Buitenlandse Zaken": no one "zegt hij" can mean
            continue
        if name and not name.isupper():
            dropped = set(match.group().split()) - set(name.split())
            # "Lord Adonis", not "De Amerikaan", nor "Veel Bolivianen" (a word that starts a sentence: guardian.221762
            # ¶8-10 gave Evo Morales' "zwoer hij" to Bolivianen)
            found.append((name, any(_is_title(w) or _ROLE.fullmatch(w.lower()) for w in dropped)))
    return found


#: An apposition that gives the name before it a title or a role (", de charismatische inheemse president van
#: Bolivia", ", the former chief executive").
_TITLE_AFTER = re.compile(r",\s+(?i:de|het|the|een|an?)\s+(?P<words>(?:[\w-]+\s+){0,3}[\w-]+)")


def _titled_after(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is given a title or role by an apposition: a person, after a preposition
    too ("Ook voor Evo Morales, de charismatische inheemse president van Bolivia, staat veel op het spel": the next
    "zwoer hij" is his; guardian.221762 ¶9-10 had given it to "Bolivianen")."""
    after = _TITLE_AFTER.match(text, end)
    return bool(after and any(is_title_word(w) or _ROLE.fullmatch(w.lower()) for w in after["words"].split()))


def _is_portfolio(name: str) -> bool:
    """Whether ``name`` is a minister's portfolio ("Buitenlandse Zaken", "Foreign Affairs", "Justice"), not a person:
    a Dutch editor's trial had "zegt hij" after "minister van Buitenlandse Zaken, Walid al-Moualem," quote the
    ministry. As a speaker it is still the ministry ("aldus het ministerie van Buitenlandse Zaken")."""
    words = name.split()
    return len(words) <= 2 and words[-1].lower() in PORTFOLIOS


_OWNER = re.compile(r"\s+(?:van|von)\s+(?:(?:de|der|den|het)\s+)?(?P<owner>\S+)")
_PARTICLES = frozenset("van von de der den ter ten 't ’t".split())


def _named_alone(paragraphs: Sequence[str]) -> set[str]:
    """Capitalised words an article writes without a particle before them: "Noord-Korea" and "Berners-Lee" in
    "Tim Berners-Lee zei", not "Hooijdonk" of "Lot van Hooijdonk" or "zei Van Hooijdonk"."""
    alone = set()
    for text in paragraphs:
        words = [w.strip(".,;:!?()’'\"‘“”") for w in text.split()]
        for before, word in zip(["", *words], words):
            if word[:1].isupper() and before.lower() not in _PARTICLES:
                alone.add(word)
    return alone


#: A sentence's opening phrase that compares someone with its subject ("In contrast to Bjorn, …").
#: Or a participle's phrase that leads it ("Speaking in an Instagram Live video to his 142 million followers …, Ronaldo,
#: 33, slammed": rt.com.91334 ¶5 had made Instagram Live the person the next quotes were given to).
_COMPARED = re.compile(r"\s*(?:(?i:in contrast to|unlike|like|contrary to|compared (?:to|with)|in tegenstelling tot|"
                       r"anders dan|net als|zoals)\s[^,.;:]{1,60}|[A-Z][a-z]+ing\s[^,.;:]{1,120}),\s+")


#: A possessive pronoun before a name, past up to three words ("his Supreme Court pick Brett Kavanaugh", "haar
#: wethouder Piet Jansen"), or opening an apposition after it ("Brett Kavanaugh, zijn kandidaat voor …").
_POSSESSOR_BEFORE = re.compile(r"(?<![\w’'-])(?i:his|her|their|zijn|haar|hun)\s+(?:[\w-]+\s+){0,3}$")
_POSSESSOR_AFTER = re.compile(r"\s*,\s*(?i:his|her|their|zijn|haar|hun)\s")


#: A sentence whose subject is a pronoun, first or after its verb ("Ze zei", "Vervolgens suggereerde ze", "Then she").
_PRONOUN_SUBJECT = re.compile(r"\s*(?:[A-Z]?[a-z]+\s+){0,2}?(?i:hij|zij|ze|he|she)\s")


def _held_by_pronoun(sentence: str, name: str) -> bool:
    """Whether ``sentence`` names ``name`` as someone's ("his pick Brett Kavanaugh", "Brett Kavanaugh, zijn
    kandidaat"): that someone is the one a "hij" after it stands for, not the name (cnn.304447 ¶1-4 gave the
    president's quote to his candidate)."""
    at = sentence.find(name)
    return at >= 0 and bool(_POSSESSOR_BEFORE.search(sentence, 0, at)
                            or _POSSESSOR_AFTER.match(sentence, at + len(name)))


class _Reader:
    """Reads one article's paragraphs in order, keeping who was named last."""

    def __init__(self, named_alone: set[str] | None = None) -> None:
        self.known: dict[str, str] = {}  # folded → the article's spelling of everyone named so far
        self.last_person: str | None = None
        self.speakers: list[str] = []  # everyone who spoke so far, in order (repeats included)
        self.quoted: list[str] = []  # everyone given a quotation so far, in order (repeats included)
        self.institutions: set[str] = set()  # speakers named with an article ("de Evening News"), not people
        self.named_alone = named_alone or set()
        #: Surnames of everyone named in full so far ("asked Sens. John Kennedy and Lindsey Graham"), to their names.
        self.mentioned: dict[str, str] = {}

    def owner_cut(self, name: str) -> str:
        """"Ri Yong Ho van Noord-Korea" is Ri Yong Ho, and "Solid van Berners-Lee" is Solid, where the article
        also names Noord-Korea and Berners-Lee on their own; "Lot van Hooijdonk" stays whole."""
        for match in _OWNER.finditer(name):
            if match.start() > 0 and match["owner"].strip(",.;:") in self.named_alone:
                return name[:match.start()]
        return name

    def is_person(self, name: str) -> bool:
        """A name of two or more words (people, mostly), or one word this article has named someone by:
        "Trump was veel optimistischer." makes the next "zei hij" Trump's."""
        return len(name.split()) >= 2 or fold_name(name) in self.known or _full(name, self.known) != name

    def owner(self, sentence: str) -> str | None:
        """Someone named in full before whose surname owns something in ``sentence`` ("Graham's vote, however,
        appears set in stone.", "De stem van Graham lijkt …"): the person a "he said" after it refers to. A new
        user's trial had Graham's words go to John Kennedy, whom the article named in full as a subject."""
        for match in _OWNED_BY.finditer(sentence):
            full = self.surname_of(match["who"] or match["of"])
            if full:
                return full
        return None

    def surname_of(self, name: str) -> str | None:
        """The full name of someone named before whose surname ``name`` is ("Graham" for Lindsey Graham)."""
        return self.mentioned.get(fold_name(name)) if len(name.split()) == 1 else None

    def named(self, name: str, *, speaks: bool = False) -> str:
        name = _full(self.owner_cut(name), self.known)
        self.known.setdefault(fold_name(name), name)
        self.last_person = name
        if speaks:
            self.speakers.append(name)
        return name

    def titles(self, text: str) -> None:
        """Remember who holds a title ("president Trump", "De Wit-Russische president Aleksandr Loekasjenko")."""
        for match in _TITLED.finditer(text):
            name = _clean_name(self.owner_cut(match["name"]))
            if name:
                self.known[f"title:{match['title'].lower()}"] = _full(name, self.known)

    def narrate(self, text: str) -> str | None:
        """Text outside quotes: its speech subject (or else its first person) becomes the last person named."""
        speaker = None
        for start, end in split_sentences(text) or [(0, len(text))]:
            sentence = text[start:end]
            self.titles(sentence)
            found = _speaker_in(sentence, self)
            if found:
                speaker = self.named(found, speaks=True)
            elif found == "" or _DESCRIBED.match(sentence):  # someone unnamed: "hij" next is not the last name
                self.last_person = None
            elif titled := _TITLE_SUBJECT.match(sentence):
                # "The President obliquely referred to Kavanaugh's nomination": him, not Kavanaugh; where no one
                # holds the title yet, someone unnamed (cnn.304447 ¶1 gave the president's "zei hij" to Kavanaugh)
                holder = _resolve(titled["who"], self)
                if holder:
                    self.named(holder)
                else:
                    self.last_person = None
            else:
                # "In contrast to Bjorn, opposite number Jim Furyk will …": the one compared is not the one the
                # sentence is about (trial52, scotsman.133758 ¶16-18 gave Furyk's "he said" to Bjorn)
                compared = _COMPARED.match(sentence)
                persons = (compared and self.people(sentence[compared.end():])) or self.people(sentence)
                held = [name for name in persons if _held_by_pronoun(sentence, name)]
                for name in held:  # known by name still ("his friend Michael Sanford" … "Sanford said")
                    self.known.setdefault(fold_name(name), _full(self.owner_cut(name), self.known))
                persons = [name for name in persons if name not in held]
                if _PRONOUN_SUBJECT.match(sentence) and self.last_person:
                    persons = []  # "Vervolgens suggereerde ze dat … Trump …": she is still whom "ze" meant
                owner = None if persons else self.owner(sentence)
                if persons or owner:
                    self.named(persons[0] if persons else owner)
            self.meet(sentence)
        return speaker

    def meet(self, text: str) -> None:
        """Remember everyone ``text`` names by a full name, not only its subject, without making them the last
        person named nor anyone's spelling: only a surname that owns something (:meth:`owner`) is read as them.
        Known as people, they had moved some 40 of the archive's quotations, most to a wrong speaker."""
        for name in self.people(text):
            if len(name.split()) >= 2:
                self.mentioned.setdefault(fold_name(name).split()[-1], name)

    def people(self, text: str, *, first_only: bool = False) -> list[str]:
        """The name phrases of ``text`` that are people (titled, or known as one), in reading order;
        ``first_only``: its first name phrase, if that is one."""
        found = _persons(text)[:1] if first_only else _persons(text)
        return [name for name, titled in ((self.owner_cut(n), t) for n, t in found) if titled or self.is_person(name)]

    def subject(self, frame: str) -> str | None:
        """The person a sentence ending in a colon starts with: the one who goes on to speak."""
        sentences = split_sentences(frame) or [(0, len(frame))]
        start, end = sentences[-1]
        titled = _TITLE_SUBJECT.match(frame[start:end])
        if titled:  # "The minister instead highlighted three meetings … and added: "…"" (reuters.218861 ¶13)
            return _resolve(titled["who"], self)
        return next(iter(self.people(frame[start:end], first_only=True)), None)

    def speaker(self, frame: str) -> str | None:
        self.titles(frame)
        found = _speaker_in(frame, self)
        if found == "":
            self.last_person = None
        speaker = self.named(found, speaks=True) if found else None
        self.meet(frame)
        return speaker


#: A sentence whose subject is a title ("The President obliquely referred to …", "De premier liet weten …"), after a
#: phrase that it leads ("Speaking at a rally in West Virginia, the president did not …": trial52, newsweek.51330
#: ¶2-3 gave the president's "he said" to the Senate Judiciary Committee named later in the sentence), or after a
#: conjunction ("Maar de president bleek … en hij leverde er commentaar op …: "…"": newsweek.51330 ¶16-17 had none).
_TITLE_SUBJECT = re.compile(rf"\s*(?:[A-Z][a-z]+ing\s[^,.;:]{{1,80}},\s+|(?:Maar|But|En|And|Toch|Yet)\s+)?"
                            rf"(?P<who>(?:[Tt]he|[Dd]e|[Hh]et)\s+(?i:{'|'.join(sorted(_TITLES, key=len, reverse=True))})"
                            rf"|{_EPITHET})"
                            r"(?=\s+[a-z])")
#: A one-word name that owns the noun after it ("Graham's vote") or that a noun belongs to ("de stem van Graham").
_OWNED_BY = re.compile(rf"(?<![\w’'-])(?P<who>[{CAPITALS}][\w-]+)['’]s\s+[a-z]"
                       rf"|(?<=[a-z] van )(?P<of>[{CAPITALS}][\w-]+)\b")
#: Inside a relative clause that a name opened ("Kit, die onlangs trouwde met zijn co-ster, Rose Leslie, die ook 31
#: is, gaf toe"): a name there is not the sentence's subject, whose verb may follow the clause.
_IN_RELATIVE = re.compile(r"[A-Z][\w-]*,\s+(?:die|dat|who|which)\s[^,.;:]*(?:,[^,.;:]*)?,\s*$")
#: A frame after a quote that names its speaker by a pronoun only ("," although she said:", "’, zei hij.").
_PRONOUN_FRAME = re.compile(r"[\s,.;:—–-]*(?:(?:although|but|and|as|while|maar|en|terwijl)\s+)?(?:he|she|hij|zij|ze)"
                            r"\s+(?:\w+\s+)?(?:said|says|added|adds|zei|zegt|voegde|voegt)\b", re.I)


#: Such a pronoun frame later in the text after a quote ("‘aandacht trekkende’ TV-journalisten, alhoewel, voegde ze
#: hieraan toe:"), in either order: the subject its sentence named before the quote still comes first (guardian.221756
#: ¶15 gave Sarah Sanders' words to the host who had asked her).
_PRONOUN_FRAME_LATER = re.compile(r"(?<![\w’'-])(?:(?:he|she|hij|zij|ze)\s+(?:\w+\s+)?(?:said|says|added|adds|zei|zegt|"
                                  r"voegde|voegt)|(?:said|says|added|adds|zei|zegt|voegde|voegt)\s+(?:\w+\s+)?"
                                  r"(?:he|she|hij|zij|ze))(?![\w’'-])", re.I)


#: A clause joined after a quote whose subject is a pronoun ("‘…’ en hij waarschuwde tegen …": thelocal.65969 ¶16).
_COORDINATED_AFTER = re.compile(r"[’”\"'\s,]*(?:en|and|maar|but)\s+(?:hij|zij|ze|he|she)\s", re.I)


#: A source named after a quote ('"…," according to Reuters').
_ACCORDING_TO = re.compile(r"[\s,]*(?i:according to|volgens)\s")
#: A pronoun's verb of saying right before a quote ("which they have called "…"").
_FRAMED_BEFORE = re.compile(r"(?<![\w’'-])(?i:he|she|they|we|I|hij|zij|ze|wij)\s+"
                            r"(?:(?i:has|have|had|also|heeft|hebben)\s+)?(?P<verb>[a-z]+)\s+(?:(?i:it|them|this|that|as|het|dit|dat)\s+)*$")
#: A new clause after a quote ('"denuclearization …" while Trump promised guarantees').
_NEW_CLAUSE = re.compile(r"\s*,?\s*(?:while|whereas)\s", re.I)
#: A name right after a quote, with no punctuation between ('"Mr Evil President" Trump called Kim').
_EPITHET_BEFORE = re.compile(rf"\s+(?:{_NAME.pattern})\s+(?P<verb>[a-z]+)")
#: A word of a quotation ("hard look": two; "vriend-van-het-hof", "99": one each).
_QUOTED_WORD = re.compile(r"\w[\w’'-]*")
#: A verb of saying, or "volgens"/"according to", as a word of a sentence.
_SAYING = re.compile(rf"(?<![\w-])(?i:{'|'.join(sorted(_SPEECH, key=len, reverse=True))})(?![\w-])")


#: Who says so without a name ("Sources say Jones was …").
_UNNAMED_SAYERS = frozenset("sources source insiders insider friends aides officials reports witnesses bronnen "
                            "ingewijden".split())
#: A name and a copula before a quote that describes them ('Jones was "furious"', 'Jones leek "woedend"').
_DESCRIBED_AS = re.compile(rf"(?<![\w’'-])(?P<who>{_NAME.pattern})\s+(?:was|is|were|are|seemed|seems|looked|looks|"
                           r"sounded|sounds|felt|feels|became|becomes|remained|remains|leek|lijkt|werd|wordt|bleef)"
                           r"\s+(?:(?:very|so|too|not|quite|zeer|erg|heel|niet|zo)\s+)?$")


def _scare_quote(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> bool:
    """Whether a quotation of one or two words inside a sentence is a term, a title or scare quotes, no one's words:
    a name or a title in capitals amid the sentence ("'60 Minutes' wordt uitgezonden"), or words no verb of saying
    frames, before them or after them past a comma ('"likely" Massachusetts voters said the senator should not
    run': the verb's subject). A new user's trial had "likely" in bold as Elizabeth Warren's quote and "60 Minutes"
    as Scott Pelley's; "zei Plasco dat het ‘afpersing’ was" and 'Washington can "if necessary" resort to its Navy
    …, Ryan Zinke has revealed' stay theirs, as the labelled sets have such words."""
    quoted = text[start:end]
    words = _QUOTED_WORD.findall(quoted)
    before, after = text[sentence_start:start], text[end:max(sentence_end, end)]
    if not words or len(words) > 2 or not re.search(r"\w", before + after) \
            or re.search(r"[.!?][’”\"'»]*$", quoted):
        return False  # '"Never," he said.', "zei: ‘Nee.’": the whole of what someone says
    if re.search(r"\w", before) and re.search(r"\w", after) \
            and all(word[:1].isupper() or word[:1].isdigit() for word in words):
        return True  # "'60 Minutes' wordt uitgezonden", "het ABC-drama 'Designated Survivor'"
    if _SAYING.search(before):
        return False
    verb = _SAYING.search(after)
    return verb is None or "," not in quoted[-2:] + after[:verb.start()]


#: A word of someone speaking of themselves.
_FIRST_PERSON = re.compile(r"(?<![\w’'-])(?i:I|me|my|mine|we|us|our|ours|ik|mij|mijn|wij|ons|onze)(?![\w-])")


def _closes_later(paragraphs: Sequence[str], index: int) -> bool:
    """Whether a quote left open before ``paragraphs[index]`` ends in it or in a paragraph after it: a closing mark,
    or another quotation ("John Goldsmith … zei: ‘…" ran on over three paragraphs to the next one's ‘…’)."""
    return any(find_quotations(text, continued=True) != [(0, len(text), False)] for text in paragraphs[index:])


def attribute(paragraphs: Sequence[str]) -> list[list[Quotation]]:
    """The quotations of each paragraph of one article, in order, with their speakers."""
    reader = _Reader(_named_alone(paragraphs))
    carried: str | None = None  # the last speaker of the paragraph before, for a quote that opens the next
    result: list[list[Quotation]] = []
    opened_before: list[bool] = []  # whether each paragraph opens inside a quote left open before it
    guessed: set[tuple[int, int]] = set()  # (paragraph, quotation) given the speaker before it, left open
    left_open = False
    for index, text in enumerate(paragraphs):
        spans = find_quotations(text, continued=left_open)
        # A quote that opens and that nothing after it ends (trial52, independent.226317 ¶24: the article's last
        # quotation) runs on only through the paragraphs that still speak in the first person: "This is not the
        # first time the Elvie pump has made the headlines." two paragraphs on is the article's, not Ana Balarin's.
        if left_open and spans == [(0, len(text), False)] and not _FIRST_PERSON.search(text) \
                and not _closes_later(paragraphs, index + 1):
            spans = []
        for start, end, _ in spans:  # "‘Een stem voor rechter Kavanaugh …’": Kavanaugh is no president
            reader.titles(text[start:end])
        quotations: list[Quotation] = []
        sentences = split_sentences(text) or [(0, len(text))]
        consumed = 0
        last_here: str | None = None  # the last speaker found in this paragraph
        for number, (start, end, closed) in enumerate(spans):
            sentence_start = max([s for s, _ in sentences if s <= start] or [0])
            sentence_end = min([e for _, e in sentences if e >= end] or [len(text)])
            next_start = spans[number + 1][0] if number + 1 < len(spans) else len(text)
            # The sentences before this quote's sentence tell who was named last.
            if sentence_start > consumed:
                last_here = reader.narrate(text[consumed:sentence_start]) or last_here
            before = text[max(sentence_start, consumed):start]
            after = text[end:min(max(sentence_end, end), next_start)] if closed else ""
            # '"…" while Trump promised': a new clause, whose subject did not say it; '"Mr Evil President" Trump
            # called Kim': an epithet of the name it stands before, who is not its speaker
            epithet = bool((e := _EPITHET_BEFORE.match(after)) and e["verb"].lower() in _SPEECH
                           and len(_QUOTED_WORD.findall(text[start:end])) <= 4 and text[end - 2:end - 1].isalnum())
            if epithet or _NEW_CLAUSE.match(after):
                after = ""
            # "Sanders said … "grandstanding," although she said: …": where only a pronoun follows, the speaker the
            # sentence named before the quote comes first (a fact-checker found Sanders' words under the TV host of
            # the paragraph before).
            # '…, which they have called "…," according to Reuters': the outlet that reported what the sentence's
            # subject said before the quote, not its speaker (trial52, rt.com.91334 ¶12 gave Ronaldo's lawyers' words
            # to Reuters)
            framed = _FRAMED_BEFORE.search(before)
            reported = bool(_ACCORDING_TO.match(after) and (_said_by_subject(before) or (
                framed and framed["verb"].lower() in _SPEECH)))
            if reported:
                speaker = reader.speaker(before)
            elif (_PRONOUN_FRAME.match(after) or _PRONOUN_FRAME_LATER.search(after)) and before.strip():
                speaker = reader.speaker(before) or reader.speaker(after)
            else:
                first = reader.people(text[sentence_start:start], first_only=True) \
                    if _COORDINATED_AFTER.match(after) else []
                if first:  # "Moualem … zei dat het werk ‘…’ en hij waarschuwde …": whom the sentence starts with
                    reader.last_person = _full(_clean_name(first[0]), reader.known, reader.speakers)
                speaker = reader.speaker(after) or reader.speaker(before)
            if speaker is None and not before.strip(" ,.:;—–-"):
                speaker = last_here or (carried if start == 0 else None)
                if speaker and not closed:  # a guess that the paragraph where the quote closes may correct
                    guessed.add((len(result), len(quotations)))
            # "Een bron uit de entourage van Jones zei: ‘…’": someone unnamed speaks, not Jones
            unnamed = _unnamed_source(before, reader)
            if speaker is None and before.strip() and not unnamed and not reported:
                speaker = reader.narrate(before)  # "X noemt het …: ‘…’"
            if speaker is None and before.rstrip().endswith(":") and not unnamed:
                speaker = reader.subject(before)  # "Bone wees suggesties van de hand: ‘…’"
            if speaker:
                speaker = reader.named(speaker, speaks=True)
                reader.quoted.append(speaker)
                last_here = speaker
            # 'Sources say Jones was "furious"': one or two words after "X was" describe X, they are not X's; they
            # are the words of whoever says so, or no one's (trial52, dailymail.co.uk.298595 ¶6).
            described = _DESCRIBED_AS.search(before) if closed and speaker else None
            said_after = _SAYING.search(after)  # 'Jones was "delighted", he said': his, as a frame after it says
            if described and len(_QUOTED_WORD.findall(text[start:end])) <= 2 \
                    and not (said_after and "," in text[end - 2:end] + after[:said_after.start()]) \
                    and not re.search(r"[.!?][’”\"'»]*$", text[start:end]) \
                    and fold_name(described["who"]).split()[-1] in fold_name(speaker).split():
                frame = before[:described.start()]
                speaker = reader.speaker(frame) if frame.strip() else None
                if speaker and speaker.lower() in _UNNAMED_SAYERS:  # "Sources say": no one named
                    speaker = None
            if speaker and closed and _scare_quote(text, start, end, sentence_start, sentence_end):
                speaker = None  # the sentence's names are read as before; the words are no one's
            quotations.append(Quotation(start, end, speaker))
            consumed = max(consumed, min(max(sentence_end, end), next_start) if closed and not epithet else end)
        if consumed < len(text):
            last_here = reader.narrate(text[consumed:]) or last_here
        carried = last_here
        # "‘…’" and then "Dat zei marktmeester Henk Verwoerd, …": the paragraph after a quote names its speaker (an
        # editor's trial had it unattributed), over the quotes without one that end the paragraphs before it.
        if _SAID_BACK.match(text) and last_here and not quotations:
            back = len(result) - 1
            while back >= 0 and result[back] and result[back][-1].speaker is None:
                result[back] = [Quotation(q.start, q.end, last_here if q.speaker is None else q.speaker)
                                for q in result[back]]
                if paragraphs[back].lstrip()[:1] not in _PAIRS:  # the quote's first paragraph
                    break
                back -= 1
        # A quote left open that a later paragraph closes with "…,’ zei hij" is that speaker's, in every
        # paragraph it runs through.
        # Not one whose closing mark was left out (``_UNCLOSED_FRAME``): that one opened here.
        if left_open and quotations and quotations[0].start == 0 and quotations[0].speaker \
                and text[quotations[0].end - 1] in "’”\"'":
            back = len(result) - 1
            while back >= 0 and result[back] and (result[back][-1].speaker is None
                                                  or (back, len(result[back]) - 1) in guessed):
                last = result[back][-1]
                result[back][-1] = Quotation(last.start, last.end, quotations[0].speaker)
                if not (last.start == 0 and opened_before[back]):  # where the quote opened
                    break
                back -= 1
        opened_before.append(left_open)
        left_open = bool(spans) and not spans[-1][2]
        result.append(quotations)
    return result


def quote_rows(articles: Iterable["Article"], first_row: int) -> Iterator[tuple[int, str, int, int, str | None]]:
    """``(row, article id, start, end, speaker)`` of every quotation, rows numbered from ``first_row`` in the
    order of the articles' passages (as the store numbers them)."""
    row = first_row
    for article in articles:
        texts = [p.text for p in article.passages]
        for quotations in attribute(texts):
            for q in quotations:
                yield row, article.id, q.start, q.end, q.speaker
            row += 1


# --- questions about speakers ------------------------------------------------------------------

#: "What did X say", "Wat zei X", "Wat vindt X": verbs of saying only ("Wat gaf X toe?" asks for a fact).
_WHAT_SAID = re.compile(
    r"\b(?:what|wat|which|welke|how|hoe)\b.*\b(?:say|said|says|saying|tell|told|zei|zegt|zeggen|zeiden|gezegd|"
    r"vertelde|verteld|verklaarde|noemde|noemt|vond(?![^?]*\bplaats)|vindt(?![^?]*\bplaats)|think|thinks|thought)\b",
    re.I)  # "Hoe laat vond de beschieting plaats?" asks when it took place
_WHO_SAID = re.compile(
    r"\b(?:who|wie)\b\s+(?:\w+\s+)?(?:said|says|called|calls|told|tells|warned|claimed|denied|admitted|described|"
    r"zei|zegt|noemde|noemt|sprak|waarschuwde|beweerde|ontkende|erkende|vertelde|verklaarde|heeft)\b"
    r"|\bvolgens wie\b|\baccording to whom\b", re.I)


#: "… say about Y", "… zei over Y": what follows the verb's topic word names the topic, not the speaker.
_ABOUT = re.compile(r"\b(?:say|said|says|saying|tell|told|think|thinks|thought|zei|zegt|zeggen|zeiden|gezegd|"
                    r"vertelde|verteld|verklaarde)\b\s+(?:[\w-]+\s+){0,3}?(?:about|on|of|regarding|over|omtrent|"
                    r"van(?!(?:\s+(?:der|den|ter|ten))?\s+(?-i:[A-Z])))\b"
                    r"|\b(?:vond|vindt|vinden|vonden)\b\s+(?:[\w-]+\s+){0,3}?(?:over|van)\b", re.I)
# Up to three words between: "zeiden de leden over Muppets" asks about them. After a verb of saying, "van" before a
# name is part of it ("zei Peter van der Berg over de brug"); after "vond", it asks what they think ("Wat vond Rutte
# van Trump?").


def asked_speakers(question: str) -> list[str]:
    """The names a "what did X say" question asks about as speakers; none for any other question."""
    return _asked_names(question) if _WHAT_SAID.search(question) else []


def asked_name(question: str) -> str | None:
    """The first name a "what did X say" question asks about, whole as written, particles included ("Mark
    Rutte" in "Wat zei Mark Rutte over ...?", "Jan de Vries")."""
    names = asked_speakers(question)
    if not names:
        return None
    start = question.find(names[0])
    run_end = start + len(names[0])
    for name in names[1:]:
        at = question.find(name, run_end)
        if at < 0 or not _NAME_GAP.fullmatch(question[run_end:at]):
            break
        run_end = at + len(name)
    return question[start:run_end]


def asked_speaker(question: str) -> str | None:
    """:func:`asked_name` where it names the one asked about, not where it only tells who they are: not "Yuan" in
    "Wat zei de neef van Yuan?" nor "Manitoba" in "Wat vond de boer uit Manitoba van varkens?"."""
    name = asked_name(question)
    if name and re.search(rf"\b(?:van|of|uit|from|in|at|bij|voor|for|near|naar|to|tegen|with|met)\s+(?:de |het |the )?"
                          rf"{re.escape(name)}", question, re.I):
        return None
    # "What did Saipov's lawyer say?": his lawyer is asked about (a reader's trial: "no quotation is attributed to
    # Saipov" above Saipov's own words); "What did Labour's Priya Patel say?" asks about her, named after it.
    if name and re.search(rf"{re.escape(name)}['’]s?\s+[a-z]", question):
        return None
    return name


def asked_surname(question: str) -> str | None:
    """The last word of :func:`asked_name` ("Rutte", "Vries"): a first name the articles hold ("Mark") says
    nothing of whether they quote this person."""
    name = asked_name(question)
    return name.split()[-1] if name else None


def names_by_surname(person: str, text: str) -> bool:
    """Whether ``text`` names ``person`` by their surname ("Jan de Vries" is not named by "Dirk-Jan ter Horst")."""
    words = name_words(person)
    return bool(words) and re.search(rf"(?<![\w-]){re.escape(words[-1])}(?![\w-])", text, re.I) is not None


def name_words(name: str) -> list[str]:
    """A name's words without its particles ("Jan de Vries": Jan, Vries)."""
    return [word for word in name.split() if not re.fullmatch(_PARTICLE, word, re.I)]


#: What may stand between the words of one name: a space and particles ("Jan de Vries", "Sanne van Dam"), or an
#: apostrophe ("O'Hagan", which names_in_question reads as two names).
_NAME_GAP = re.compile(rf"\s+(?:{_PARTICLE}\s+)*|['’]", re.I)


def _asked_names(question: str) -> list[str]:
    """The names a "what did X say" question asks about as speakers: "What did Trump say about North Korea?"
    asks for Trump's words, not for North Korea's."""
    from .entities import names_in_question

    about = _ABOUT.search(question)
    asked = question[:about.end()] if about else question
    # "Welke backbencher vindt dat Farage … had moeten leiden?": the clause after "dat" tells what was said, its
    # names are no speaker's
    clause = _THAT_CLAUSE.search(asked)
    asked = asked[:clause.start("that")] if clause else asked
    return [name for name in names_in_question(asked) if not _describes_a_noun(name, asked)]


_THAT_CLAUSE = re.compile(r"\b(?:say|said|says|think|thinks|thought|believe|believes|zei|zegt|zeggen|zeiden|vindt|"
                          r"vond|vinden|vonden|denkt|dacht|meent|meende)\s+(?P<that>dat|that)\b", re.I)


#: The first word of a nationality of two ("North Korean", "South African").
_COMPASS = frozenset("north south east west noord zuid oost".split())


#: Endings of nationalities' adjectives: Chinese, Britse, Noord-Koreaanse, Russian, British, American, Arabic, Iraqi.
_ADJECTIVE_ENDING = re.compile(r"(?:se|sche|ian|ish|an|ic|i)$")


def _describes_a_noun(name: str, question: str) -> bool:
    """Whether ``name`` is a nationality's adjective before a noun ("Chinese gezondheidsambtenaren", "British
    officials"): whoever is asked about is described, not named (a Dutch reader's notes had said "no quotation is
    attributed to Chinese")."""
    from .entities import is_common_word

    owner = re.search(rf"(?<![\w-]){re.escape(name)}(?:\s+[A-Z][\w'’-]*)*\s+([a-z][\w-]*)", question)
    if owner and _ROLE.fullmatch(owner[1]):  # "the Prison Service spokesperson": whose spokesperson (a trial's
        return True                          # question had been refused, "the articles do not mention Prison Service")
    after = re.search(rf"(?<![\w-]){re.escape(name)}\s+([a-z][\w-]*)", question)
    if name.lower() in _COMPASS:  # "North" of "the North Korean foreign minister" (its notes had named "North")
        second = re.search(rf"(?<![\w-]){re.escape(name)}\s+([A-Z][\w-]*)", question)
        return bool(second and _ADJECTIVE_ENDING.search(second[1]) and _describes_a_noun(second[1], question))
    return bool(after and _ADJECTIVE_ENDING.search(name) and len(after[1]) > 3 and not is_common_word(after[1])
                and after[1].lower() not in _SPEECH)


@dataclass(frozen=True)
class SpeakerQuery:
    """What a question asks about speakers: whose quotes (``speakers``), or who said something (``who``)."""

    speakers: tuple[str, ...]
    who: bool


def speaker_query(question: str, speakers: SpeakerNames) -> SpeakerQuery | None:
    """The stored ``speakers`` a question asks about ("What did Lukashenko say?"), or that it asks who said
    something ("Who called the situation cynical?"); None for any other question."""
    if _WHO_SAID.search(question):
        return SpeakerQuery((), True)
    names = asked_speakers(question)
    if not names:
        return None
    # The speaker who matches most of the question's names: "What did Theresa May say about Brexit?" asks about
    # Theresa May (two names), not about the campaign "Tories Against Brexit" (one). Of a name of several words,
    # the surname or two of its words: "What did Pieter Bakker say?" is not Peter Martin's quote.
    hits = Counter(i for n in names for i in speakers.positions(n))
    asked = name_words(asked_name(question) or "")
    if len(asked) > 1:
        # ... and not someone else of that surname: "Wat zei Pieter Bakker?" had quoted Anneke Bakker, unnoted
        # (an editor's trial). A speaker stored by the surname alone ("Furyk said") may still be them.
        surnamed = {i for i in speakers.positions(asked[-1]) if not _other_given_name(asked[0], speakers.speakers[i])}
        hits = Counter({i: n for i, n in hits.items() if i in surnamed or n > 1})
    most = max(hits.values(), default=0)
    matched = tuple(speakers.speakers[i] for i in sorted(i for i, n in hits.items() if n == most))
    return SpeakerQuery(matched, False) if matched else None


def _other_given_name(given: str, speaker: str) -> bool:
    """Whether ``speaker`` is written with a given name, and not ``given`` in any spelling ("Anneke Bakker" for
    "Pieter"; not "Bakker", nor "Peter Bakker")."""
    words = name_words(speaker)
    return len(words) > 1 and not any(_close(fold_name(given), fold_name(w)) for w in words[:-1])


def speaker_boost(question: str, store,  # type: ignore[no-untyped-def]
                  allowed: np.ndarray | None = None) -> QuoteBoost | None:
    """What the search adds for a question about speakers: the paragraphs where the speaker asked about
    speaks, as candidates with :data:`SPEAKER_BONUS`; for "who said …", :data:`QUOTE_BONUS` for every
    candidate with an attributed quote. None for any other question."""
    if not (_WHO_SAID.search(question) or _WHAT_SAID.search(question)):
        return None
    query = speaker_query(question, store.speaker_names)
    if query is not None and query.who:
        return QuoteBoost(np.zeros(0, dtype=np.int64), None, QUOTE_BONUS, store)
    names = tuple(asked_speakers(question))
    if query is None:  # no quotation of theirs, maybe reported speech ("Giles said the shark …")
        return QuoteBoost(np.zeros(0, dtype=np.int64), frozenset(), SPEAKER_BONUS, store, names) if names else None
    rows = np.array(sorted({q.row for q in store.quotes(speakers=query.speakers)}), dtype=np.int64)
    if allowed is not None:
        rows = np.intersect1d(rows, allowed)
    only = asks_only_what_said(question, names)
    return QuoteBoost(rows, frozenset(rows.tolist()), SPEAKER_FIRST_BONUS if only else SPEAKER_BONUS, store, names,
                      only)


#: The words of "What did X say?" and "Wat heeft X gezegd?" besides X: a question of only these asks for X's words.
#: "of" and "s" join a person to an employer: "What did Paul Newman of RSM say?", "What did RSM's Paul Newman say?"
#: ask for his words as much as "What did Paul Newman say?" (a wire editor's trial got another story's quote first).
_ONLY_SAID_WORDS = frozenset("""what wat did does do has have had say said says zei zegt zeiden zeggen heeft hebben
    gezegd allemaal else nog meer of s""".split())


def asks_only_what_said(question: str, names: Sequence[str]) -> bool:
    """Whether ``question`` asks what its ``names`` said and nothing more ("Wat zei Ri?", "What did Jens
    Stoltenberg say?"), not "What did Trump tell the crowd was at stake?"."""
    rest = question
    for name in names:
        rest = rest.replace(name, " ")
    words = re.findall(r"\w+", rest.lower())
    return bool(names) and all(word in _ONLY_SAID_WORDS or re.fullmatch(_PARTICLE, word) for word in words)


@dataclass(frozen=True)
class QuoteBoost:
    """Rows to add to a search's candidates, and the bonus each candidate gets."""

    rows: np.ndarray  # the speaker's rows, added to the candidates
    boosted: frozenset[int] | None  # rows with the bonus; None: every candidate with an attributed quote
    bonus: float
    store: object
    #: "What did X say?": X's names. The paragraphs of an article that neither quotes nor names X get
    #: :data:`NOT_SPEAKER_PENALTY`: a quotation of someone else ("… zei hij." of a farmer) is no answer.
    names: tuple[str, ...] = ()
    #: The question asks for the speaker's words and nothing more ("Wat zei Ri?": :func:`asks_only_what_said`).
    only_said: bool = False

    def bonuses(self, rows: np.ndarray, article_ids: Sequence[str] | None = None) -> np.ndarray:
        """Each of ``rows``' bonus, in their order (``article_ids``: their articles', for the names)."""
        boosted = self.boosted
        if boosted is None:
            quotes = self.store.quotes(rows=rows.tolist())  # type: ignore[attr-defined]
            boosted = frozenset(q.row for q in quotes if q.speaker)
        bonus = np.array([self.bonus if int(r) in boosted else 0.0 for r in rows], dtype=np.float32)
        if self.names and article_ids is not None:
            # Within an article about X, a paragraph that goes on with "he said" may be X's: only the articles
            # that neither name nor quote X lose.
            about = set().union(*(self.store.articles_naming(n) for n in self.names))  # type: ignore[attr-defined]
            about.update(a for r, a in zip(rows.tolist(), article_ids) if r in boosted)
            bonus[np.array([a not in about for a in article_ids], dtype=bool)] = -NOT_SPEAKER_PENALTY
        return bonus


def marked_quotes(question: str, store,  # type: ignore[no-untyped-def]
                  rows: Sequence[int]) -> dict[int, tuple[str, list[tuple[int, int]]]]:
    """For a question about a speaker: ``row → (speaker, quotation spans)`` of the rows where that speaker (or,
    for "who said …", anyone named) speaks, so the answer can mark the quote and name who says it."""
    if not rows or not (_WHO_SAID.search(question) or _WHAT_SAID.search(question)):
        return {}
    from .exact import asked_phrases, holds_phrase

    query = speaker_query(question, store.speaker_names)
    if query is None:
        return {}
    # 'Who said "…"?': the quotation holding those words, not the first of its paragraph (a fact-checker's trial
    # had the answer name the speaker of the quote before it).
    phrases = asked_phrases(question) if query.who else []
    texts = {row: passage.text for row, passage in store.passages(list(rows)).items()} if phrases else {}
    marked: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    for q in store.quotes(rows=list(rows), speakers=None if query.who else query.speakers):
        if q.speaker is None:
            continue
        if phrases and not any(holds_phrase(texts[q.row][q.start:q.end], phrase) for phrase in phrases):
            continue
        speaker, spans = marked.setdefault(q.row, (q.speaker, []))
        if q.speaker == speaker:
            spans.append((q.start, q.end))
    return marked


@dataclass(frozen=True)
class SpokenQuote:
    """A quotation for ``newsbot quotes``: its words, who speaks them and where."""

    text: str
    speaker: str
    article_id: str
    title: str
    date: str | None
    paragraph: int
    author: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet

    def line(self) -> str:
        """The quote and its source, as ``newsbot ask`` cites a passage."""
        by = f"by {self.author}" if self.author else None
        return f"{self.text}\n  — {self.speaker}, in: " + " · ".join(
            p for p in (self.title, self.source, by, self.date, f"paragraph {self.paragraph}") if p) + (
            f"\n  {self.url}" if self.url else "")


def given_names(passages: Iterable["StoredPassage"], surname: str) -> set[str]:
    """The folded given names an article writes right before ``surname`` (folded): {"tom", "sam"} for Hartley."""
    found = set()
    for passage in passages:
        for match in re.finditer(r"(?=\b([A-Z][\w-]*)\s+([\w'’-]+))", passage.text):  # "Walid al-Muallem" too
            given, family = match.groups()
            folded = fold_name(family).split()  # "al-Muallem": al muallem
            if folded and _close(folded[-1], surname) and not _is_title(given) and not _common(given):
                found.add(fold_name(given))
    return found


def quotes_of(store, name: str) -> list[SpokenQuote]:  # type: ignore[no-untyped-def]
    """Every quotation of the person ``name`` (in any spelling), newest article first, in reading order within
    an article. A title asked with the name is no part of it ("President Trump" is Trump)."""
    name = _clean_name(name) or name
    speakers = store.speaker_names.matching(name)
    found = store.quotes(speakers=speakers) if speakers else []
    words = fold_name(name).split()
    # "Jim Furyk", whom his articles quote as "Furyk said": the surname alone, where an article names no one else
    # of that surname (Tom and Sam Hartley are both "Hartley"; Ella Mistry is not Rob Mistry), him whole or no one
    # by a given name ("President Trump" at a rally: a fact-checker's "Donald Trump" found 8 quotes, "Trump" 22).
    surnamed = [s for s in store.speaker_names.matching(words[-1])
                if s not in speakers and len(fold_name(s).split()) == 1] if len(words) > 1 else []
    if surnamed:
        more = store.quotes(speakers=surnamed)
        naming = {a for a in {q.article_id for q in more}
                  if given_names(store.passages(store.article_rows(a)).values(), words[-1]) <= {words[0]}}
        found = sorted([*found, *(q for q in more if q.article_id in naming)], key=lambda q: (q.row, q.start))
    if not found:
        return []
    passages = store.passages({q.row for q in found})
    articles = store.articles_by_id({q.article_id for q in found})
    spoken = [SpokenQuote(passages[q.row].text[q.start:q.end], q.speaker, q.article_id, article.title, article.date,
                          passages[q.row].paragraph, article.author, article.url, article.source)
              for q in found if q.row in passages for article in [articles[q.article_id]]]
    spoken.sort(key=lambda s: s.date or "", reverse=True)  # stable: reading order within an article
    return spoken
