"""Whether the articles give the name that "What is the name of the boy?" asks for.

News often tells of someone it never names ("a 13-year-old boy", "de fietser", "een 32-jarige man"), and a reader
asks for that name. The closest paragraph then tells about them, and the encoders rank it high, but it cannot
answer. An article gives the name where it writes one beside the words that describe them ("het nieuwe
kindermeisje, Giselle Maurice", "Bill Jaynes, een Amerikaanse passagier", "Ayr-coach Peter Murchie", "een zoon met
de naam Robert Ray"), names someone as news does ("named as", "Mr Smith"), or gives the asked age beside a name
("de 32-jarige Jan Smit"). Where the articles use the description and none of these, the name is not given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import takewhile

import numpy as np
import simplemma

from .bridge.dictionary import Dictionary
from .entities import is_common_word
from .lexical import STOPWORDS
from .sentences import CAPITALS

#: "What is the name of", "what's the name of", "hoe heet", "hoe heette", "wat is de naam van", and a question that
#: starts "Who is the", "wie was de", "wie is zijn": what comes after it describes whom (or what) the name is asked of.
_ASKS_NAME = re.compile(r"\b(?:what(?:'s|’s|\s+is|\s+was)\s+(?:the\s+)?name\s+of|"
                        r"what\s+(?:are|were)\s+the\s+names\s+of|hoe\s+he(?:et|ette|ten|etten)|"
                        r"wat\s+(?:is|was)\s+de\s+naam\s+van|welke\s+naam\s+(?:heeft|had|hebben|hadden)|"
                        r"^\s*(?:who|wie)\s+(?:is|was)(?=\s+(?:the|de|het|his|her|their|zijn|haar|hun)\b))\s+", re.I)
#: A word that ends the description: a relative pronoun, a preposition, a verb or a participle ("the boy who was
#: bitten", "de man die is opgepakt", "the cyclist killed in …", "de passagier van Air Niugini").
_DESCRIPTION_ENDS = re.compile(
    r"(?:who|whom|that|which|whose|die|dat|wiens|wier|van|of|in|bij|op|at|on|after|na|from|met|with|for|voor|uit|"
    r"door|by|aan|to|naar|tegen|against|behind|achter|waarvan|waarin|waarmee|is|was|has|had|heeft|werd|wordt|are|"
    r"were|zijn|waren|\w+ed|bitten|shot|found|hit|taken|seen|known|born|worn|made|written|given|held|led|run|sold|"
    r"told|won|lost|beaten|chosen|stolen|driven|caught|left|kept|sent|brought|bought|paid|built)", re.I)
_DETERMINERS = frozenset("the a an this de het een deze".split())
#: Before a description's noun, words that point or own ("that giant straw hat", "zijn advocaat"): not its noun.
_POINTING_OR_OWNING = frozenset("that die dat his her their zijn haar hun".split())
#: The verb after "What did the taxi driver *say* …?": it ends the description ("the Manitoba farmer tell" had been
#: read as a description of someone by "tell").
_VERBS_AFTER_DID = frozenset(
    "say tell ask answer do make think want know see call write claim describe react respond explain admit deny "
    "mean feel find give get go come take shout suffer believe hope plan need expect warn reveal show post tweet "
    "learn hear decide vote win lose leave look like love hate use try play".split())
#: After the description's noun, a verb or another description ("Waarom pakte de politie de man op?") ends it.
_ENDS_AFTER_HEAD = _VERBS_AFTER_DID | _DETERMINERS
#: Where a description starts in the question a name follow-up is read with: "How old was *the cyclist* …?"
_ARTICLE = r"\b(?:the|an?|de|het|een)\s"
_DETERMINER = re.compile(_ARTICLE, re.I)
#: A follow-up that asks only for a name, of whom the previous question told: "what was his name?", "hoe heet hij?"
_ASKS_THEIR_NAME = re.compile(
    r"(?:(?:and|so|en)\s+)?(?:what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:his|her|their)\s+names?|"
    r"(?:do|does|did)\s+(?:we|you|they|it|the\s+\w+)\s+(?:know|give|say|mention)\s+(?:his|her|their)\s+names?|"
    r"hoe\s+he(?:et|ette|ten|etten)\s+(?:hij|zij|ze)|wat\s+(?:is|was|zijn|waren)\s+(?:zijn|haar|hun)\s+na(?:am|men)|"
    r"weten\s+we\s+(?:zijn|haar|hun)\s+naam)\s*\?*", re.I)
_FUNCTION_WORDS = (frozenset(STOPWORDS["en"]) | frozenset(STOPWORDS["nl"]) | frozenset(
    "about around near during since until while where when whose waar wanneer terwijl sinds tijdens everyone "
    "everybody someone somebody anyone anybody nobody people iedereen niemand mensen he she him we you i me us hij "
    "zij ze hem wij jij je u ik mij".split())) \
    - _DETERMINERS - {"men"}  # Dutch "men" (one), English "the three men"
#: Words of an article that share an English translation with a description but never describe anyone: Dutch "men"
#: (one, lemmatised as English "man"), "samen" (together, "fellow" as "man" is).
_NEVER_DESCRIBES = _FUNCTION_WORDS | {"men", "samen"}
#: Counts before the description's noun ("the three men"), never its noun.
_COUNTS = frozenset("two three four five six seven eight nine ten both twee drie vier vijf zes zeven acht negen tien "
                    "beide".split())
_NOT_NOUNS = _DETERMINERS | _COUNTS
#: Descriptions of what news names on its own, not beside the word ("Elvie zei …", not "het bedrijf Elvie"): a
#: company, a place, a work. Only people are told of by a description a name stands beside ("passagier Bill
#: Jaynes"); asked for any of these, the question stays answered (two of 33 answerable ones had been refused).
_NAMED_ALONE = frozenset(
    "company firm business brand label maker manufacturer group organisation organization charity party club team "
    "side newspaper paper channel network station broadcaster publisher restaurant bar pub cafe café shop store "
    "hotel school university hospital prison ship boat vessel plane aircraft film movie show series programme "
    "program book album song single play app website product band venue stadium street road town city village "
    "bedrijf firma onderneming merk label fabrikant groep organisatie stichting partij club ploeg team krant zender "
    "omroep uitgever uitgeverij restaurant bar kroeg café winkel zaak hotel school universiteit ziekenhuis "
    "gevangenis schip boot vliegtuig film serie programma boek album nummer lied single toneelstuk app website "
    "product band stadion straat weg stad dorp".split())
#: An age that describes someone: "the 16-year-old", "de 16-jarige".
_AGED = re.compile(r"(\d{1,3})-(?:year-old|jarige)", re.I)
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
#: A name as written: a capital, perhaps after an opening quotation mark ("de film ‘Johnny English’").
_NAME = rf"[‘'“\"]?[{CAPITALS}][\w'’-]+"
#: The description, then perhaps a comma or "named", then a name: "het kindermeisje, Giselle Maurice",
#: "passagier Bill Jaynes", "een zoon met de naam Robert".
_NAME_AFTER = re.compile(rf"\s*(?:[,:(]\s*)?(?:(?:genaamd|named|called|met de naam|heet|heette|is|was)\s+)?({_NAME})")
#: A name, perhaps an age, then a comma, a copula or "as", then the description: "Bill Jaynes, een Amerikaanse
#: passagier", "Maurice, 25, de nieuwe nanny", "David Patton, één van de federale openbare verdedigers", "arresteert
#: Dyteon Simpson als verdachte".
_NAME_BEFORE = re.compile(rf"({_NAME})\s*(?:,\s*\d{{1,3}}\s*,|\(\d{{1,3}}\))?\s*(?:,|\bis\b|\bwas\b|\bwerd\b|\bals\b|\bas\b)\s*"
                          rf"(?:(?:één|een|one)\s+(?:van|of)\s+)?(?:(?:de|het|een|the|a|an|zijn|haar|his|her)\s+)?"
                          rf"(?:[\w-]+\s+){{0,2}}$")
#: "In Londen is een fietser omgekomen": a place before the copula, not someone's name.
_AFTER_PREPOSITION = re.compile(r"\b(?:in|op|bij|uit|naar|van|at|on|from|to|of|near)\s+$", re.I)
#: "… gewond na de haaienaanval", "over het incident": what a preposition governs, no one a pronoun stands for.
_GOVERNED = re.compile(r"\b(?:in|op|bij|uit|naar|van|at|on|from|to|of|near|over|about|with|met|for|voor|by|door|"
                       r"after|na|before|during|tijdens|tegen|against|aan|into|under|onder|om)\s+$", re.I)
#: How news gives a name anywhere in an article: "named as", "identified as", "genaamd", "van wie alleen de achternaam
#: ‘Yuan’ bekend is", "the diver's name was …", "Mr Smith", "mevrouw Davis", "Jeane Freeman, MSP" (a politician, whose office the article
#: gives elsewhere: "de Schotse minister van Volksgezondheid" is named so).
_NAMING = re.compile(rf"\b(?:named(?:\s+locally)?\s+as|identified\s+as|genaamd|geïdentificeerd\s+als|met\s+de\s+naam|"
                     rf"(?:sur|first\s+|last\s+|family\s+)name\b|(?:achter|voor|familie)naam\b|"
                     rf"\b(?:name|naam)\s+(?:is|was)\s+[{CAPITALS}]|"
                     rf"(?:Mr|Mrs|Ms|Miss|Dr|mevrouw|meneer|de\s+heer|dhr|mevr)\.?\s+[{CAPITALS}]|"
                     rf"[{CAPITALS}][\w'’-]+,\s+(?:MP|MSP|MEP|AM|MWP|MLA|TD)\b)")
#: A noun as news writes one: after an article, perhaps after one adjective ("de jonge fietser", "een medewerker").
_NOUN = re.compile(rf"{_ARTICLE}\s*(?:[^\W\d_]+e\s+)?([^\W\d_]{{4,}})\b", re.I)
#: USE's cosines of a word to each of some words, across languages.
WordCosines = Callable[[str, Sequence[str]], np.ndarray]
#: How close an article's noun must come to a description the dictionary cannot translate (cyclist: fietser 0.79;
#: staffer: medewerker 0.71; the next unrelated nouns 0.57 and 0.59), and how far above the tenth closest noun.
WORD_COSINE = 0.65
WORD_MARGIN = 0.1
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday maandag dinsdag woensdag donderdag "
                      "vrijdag zaterdag zondag january february march april june july august september october "
                      "november december januari februari maart mei juni juli augustus oktober".split())


def name_asked_for(question: str) -> tuple[str, str] | None:
    """For a question that asks for a name, its description as written ("the teenage boy", "de vrouw van
    Loekasjenko") and the description's last lowercase word, its head ("boy", "vrouw"); None for another question,
    one whose description has no such word ("What is the name of Kanye West?"), or one that asks for the name of a
    company, a place or a work (:data:`_NAMED_ALONE`)."""
    asked = _ASKS_NAME.search(question)
    return _description_at(question, asked.end()) if asked else None


def names_asked_for(question: str, previous: str = "") -> list[tuple[str, str]]:
    """Whom ``question`` asks the name of, as :func:`name_asked_for` gives them; for a follow-up that asks only
    for a name ("what was his name?", "hoe heet hij?"), whom the ``previous`` question it is read with describes
    ("the cyclist", "de fietser"), everyone it does but what a preposition governs ("… gewond na de haaienaanval"):
    a pronoun cannot say which."""
    if (asked := name_asked_for(question)) is not None:
        return [asked]
    if not asks_only_a_name(question):
        return []
    found = (_description_at(previous, m.start()) for m in _DETERMINER.finditer(previous)
             if not _GOVERNED.search(previous[:m.start()]))
    return list(dict.fromkeys(d for d in found if d is not None))


def asks_only_a_name(question: str) -> bool:
    """Whether ``question`` asks nothing but the name of whom a pronoun stands for ("what was his name?", "hoe
    heet ze?"): never of someone named already, so the pronoun is whom the previous question describes."""
    return _ASKS_THEIR_NAME.fullmatch(question.strip()) is not None


def _description_at(question: str, start: int) -> tuple[str, str] | None:
    """The description that starts at ``start`` (after "the name of", or at a determiner) and its head; None
    where it has no lowercase noun or describes what news names on its own."""
    tokens = list(_TOKEN.finditer(question, start))
    head, end = None, start
    for i, token in enumerate(tokens):
        word = token.group()
        if i == 0 and word.lower() in _POINTING_OR_OWNING:  # "the name of that giant straw hat", "wie is zijn advocaat?"
            continue
        if (_DESCRIPTION_ENDS.fullmatch(word) or not (word[0].isalnum() or word[0] in "'’")
                or word.lower() in _FUNCTION_WORDS
                # after the description's noun, a verb or the subject of a clause: "the pilot flying …", "the friend
                # Wayde Sims was trying to defend", "What did the taxi driver say …?", "de politie de man"
                or head and (re.fullmatch(r"\w+ing", word) or word.lower() in _ENDS_AFTER_HEAD
                             or word[0].isupper() and _starts_clause(tokens[i:]))):
            if word.lower() in ("van", "of"):  # "de vrouw van Loekasjenko": whose, where a name follows
                owner = list(takewhile(lambda t: t.group()[0].isupper(), tokens[i + 1:]))
                end = owner[-1].end() if owner else end
            break
        if word.lower() not in _NOT_NOUNS and (word[0].islower() or _AGED.fullmatch(word)):
            head = word.lower()
        end = token.end()
    return (question[start:end].strip(), head) if head and head not in _NAMED_ALONE else None


def _starts_clause(tokens: list[re.Match[str]]) -> bool:
    """Whether capitalised words after a description's first noun start a clause ("the friend Wayde Sims was
    trying to defend"), not the rest of it ("the former Bolivian president"): no noun follows them."""
    after = next((t.group() for t in tokens if not t.group()[0].isupper()), "")
    return not after[:1].isalpha() or after.lower() in _FUNCTION_WORDS or bool(_DESCRIPTION_ENDS.fullmatch(after))


def described_by(head: str, dictionary: Dictionary) -> frozenset[str]:
    """The words that describe as ``head`` does: itself, its lemmas, its translations either way (boy: jongen),
    and without a Dutch diminutive ("zoontje": zoon)."""
    if aged := _AGED.fullmatch(head):  # the 16-year-old: "16-year-old", "16-jarige"
        return frozenset({f"{aged[1]}-year-old", f"{aged[1]}-jarige"})
    words = {head, *(simplemma.lemmatize(head, lang=language) for language in ("en", "nl"))}
    for word in list(words):
        words |= dictionary.english(word) | dictionary.translations(word)
        if word.endswith("tje") and len(word) > 6:
            words.add(word[:-3])
        elif word.endswith("je") and len(word) > 5:
            words.add(word[:-2])
    return frozenset(w for w in words if len(w) >= 3)


def _describes(word: str, wanted: frozenset[str], dictionary: Dictionary) -> bool:
    """Whether a word of an article is one of ``wanted``, a compound ending in one ("Ayr-coach"), or shares an
    English translation with one (kindermeisje and kinderjuffrouw: nurse)."""
    word = word.lower()
    if word in _NEVER_DESCRIBES:
        return False
    if word in wanted or any(len(w) >= 4 and word.endswith("-" + w) for w in wanted):
        return True
    forms = {word, *(simplemma.lemmatize(word, lang=language) for language in ("en", "nl"))}
    return not wanted.isdisjoint(forms | {e for form in forms for e in dictionary.english(form)})


def _is_name(word: str) -> bool:
    word = word.strip("‘'“\"")
    return not is_common_word(word) and word.lower() not in _CALENDAR


def _names_described(text: str, wanted: frozenset[str], dictionary: Dictionary) -> tuple[bool, bool]:
    """Whether ``text`` uses the description, and whether it writes a name beside it."""
    used = False
    for token in re.finditer(r"[\w'’-]+", text):
        if not _describes(token.group(), wanted, dictionary):
            continue
        used = True
        after = _NAME_AFTER.match(text, token.end())
        if after and _is_name(after.group(1)):
            return True, True
        window = text[max(0, token.start() - 80): token.start()]
        before = _NAME_BEFORE.search(window)
        if before and _is_name(before.group(1)) and not _AFTER_PREPOSITION.search(window[:before.start()]):
            return True, True
    return used, False


def _age_beside_a_name(question: str, text: str) -> bool:
    """Whether ``text`` gives the age the question describes with beside a name ("de 32-jarige Jan Smit")."""
    for age in re.findall(r"\b(\d{1,3})[- ](?:year[- ]old|jarige)", question):
        if re.search(rf"{_NAME}\s*(?:,\s*{age}\b|\({age}\))|\b{age}[- ](?:year[- ]old|jarige)\s+{_NAME}", text):
            return True
    return False


def name_not_given(question: str, texts: Iterable[str], dictionary: Dictionary, *, previous: str = "",
                   cosines: WordCosines | None = None) -> bool:
    """Whether ``question`` (read with the ``previous`` one it follows) asks for a name that the ``texts`` (the
    paragraphs of the articles it is answered from) never give: they use each description, and never with a name,
    a naming or the asked age beside it. A description that the dictionary cannot put into the articles' language
    ("cyclist", "staffer") is looked for among the articles' nouns by ``cosines`` (USE, across languages); where
    the articles still never use it, nothing is known, and the question stays answered."""
    asked = names_asked_for(question, previous)
    if not asked:
        return False
    texts = list(texts)
    if any(_NAMING.search(text) or _age_beside_a_name(f"{question} {previous}", text) for text in texts):
        return False
    for _, head in asked:
        wanted = described_by(head, dictionary)
        used, named = _described(wanted, texts, dictionary)
        if not used and cosines is not None and not _translated(head, wanted, dictionary):
            used, named = _described(_close_nouns(head, texts, cosines), texts, dictionary)
        if named or not used:
            return False
    return True


def _translated(head: str, wanted: frozenset[str], dictionary: Dictionary) -> bool:
    """Whether the dictionary knows ``head``: a translation, or a word of the description that it has an entry for.
    A word it knows is not looked for by USE, which puts "man" as close to "jongen" as to anything."""
    return bool(wanted - {head, *(simplemma.lemmatize(head, lang=language) for language in ("en", "nl"))})


def _described(wanted: frozenset[str], texts: list[str], dictionary: Dictionary) -> tuple[bool, bool]:
    """Whether the texts use a description (one of ``wanted``), and whether any writes a name beside it."""
    used = False
    for text in texts:
        uses, named = _names_described(text, wanted, dictionary)
        if named:
            return True, True
        used = used or uses
    return used, False


def _close_nouns(head: str, texts: list[str], cosines: WordCosines) -> frozenset[str]:
    """The nouns of ``texts`` (words after an article: "de fietser", "een medewerker") that mean what ``head``
    does, by USE's cosines: at least :data:`WORD_COSINE`, and :data:`WORD_MARGIN` above the tenth closest, as a
    word of no such meaning is not ("suspect": gemeld 0.71, beweert 0.70, geschoten 0.70)."""
    nouns = sorted({m.group(1).lower() for text in texts for m in _NOUN.finditer(text)} - {head})
    if len(nouns) < 10:
        return frozenset()
    close = cosines(head, nouns)
    floor = max(WORD_COSINE, float(np.sort(close)[-10]) + WORD_MARGIN)
    return frozenset(noun for noun, cosine in zip(nouns, close) if cosine >= floor)
