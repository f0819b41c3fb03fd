"""What the bot says around its quotes, in the reader's language: English or Dutch.

The quotes themselves are never translated; the refusals, notes, hints, citations and buttons around them are
written in the language of the question (or, with no question to go by, of the reader's Telegram app), so a
Dutch reader asking in Dutch is answered in Dutch. One catalogue, one lookup: :func:`say`.
"""

from __future__ import annotations

import re

#: The languages the bot speaks; anything else is answered in the first.
LANGUAGES = ("en", "nl")

#: Dutch words of a greeting, thanks, a request for more or for the news: "hallo", "meer" or "laatste nieuws" alone
#: reads as English to a language identifier, or its words do not tell.
_DUTCH_SHORT_WORDS = frozenset("hallo hoi dag goedemorgen goedemiddag goedenavond bedankt dank dankjewel dankuwel "
                               "doei ziens wel meer nog nieuws laatste nieuwste sinds".split())
_ENGLISH_SHORT_WORDS = frozenset("hi hello hey morning afternoon evening thanks thank thx cheers bye goodbye more "
                                 "else please news latest newest since".split())

_CATALOGUE: dict[str, tuple[str, str]] = {
    # The answer
    "not_found": ("I could not find that in the articles.", "Dat kon ik niet in de artikelen vinden."),
    "closest": ("The closest passages, which do not answer it:",
                "De passages die er het dichtst bij komen, maar geen antwoord geven:"),
    "not_mentioned": ("the articles do not mention {names}", "de artikelen noemen {names} niet"),
    "no_known_word": ("none of its words occur in the articles", "geen van de woorden uit je vraag komt in de "
                      "artikelen voor"),
    "age_not_beside_name": ("No passage here gives the age beside the name {name}: check whose age it is.",
                            "Geen passage hier geeft de leeftijd naast de naam {name}: kijk van wie die leeftijd is."),
    "ages_differ": ("The articles give different ages ({ages}): check when each was written.",
                    "De artikelen geven verschillende leeftijden ({ages}): kijk wanneer elk geschreven is."),
    "age_not_given": ("the articles that mention {name} give no age", "de artikelen die {name} noemen, geven geen "
                      "leeftijd"),
    "age_not_in_story": ("the articles that tell of it give no age", "de artikelen die erover gaan, noemen geen "
                         "leeftijd"),
    "money_not_given": ("the articles that tell of it give no sum of money", "de artikelen die erover gaan, noemen "
                        "geen geldbedrag"),
    "name_not_given": ("the articles do not name {whom}", "de artikelen noemen {whom} niet bij naam"),
    "never_quoted": ("no article quotes {person}, and none of the closest passages has that name",
                     "geen artikel citeert {person}, en geen van de dichtstbijzijnde passages noemt die naam"),
    "not_answered": ("the closest passages do not answer it", "de passages die er het dichtst bij komen, "
                     "geven geen antwoord op de vraag"),
    "nothing_close": ("no passage is close enough to the question", "geen passage komt dicht genoeg bij de vraag"),
    "words_maybe_translated": ("{reason}; the closest is in {other}: check whether it is their translation",
                               "{reason}; de dichtstbijzijnde is in het {other}: kijk of die een vertaling is"),
    "words_not_found": ("no article holds the quoted words as written",
                        "geen artikel bevat de aangehaalde woorden letterlijk"),
    "words_in_title": ("no paragraph holds the quoted words as written; the title “{title}” does",
                       "geen alinea bevat de aangehaalde woorden letterlijk; de kop “{title}” wel"),
    "nothing_matches": ("nothing in the articles matches", "niets in de artikelen past bij de vraag"),
    "no_article_in_filters": ("no article matches the filters", "geen artikel voldoet aan de filters"),
    "no_article_in": ("no article matches the filters: {filters}", "geen artikel voldoet aan de filters: {filters}"),
    "no_article_in_period": ("no article is {filters}, the period the question asks for",
                             "er is geen artikel {filters}, de periode waar de vraag over gaat"),
    "undated_left_out": ("; not searched: {articles} without a date (ask without the period to search them too)",
                         "; niet doorzocht: {articles} zonder datum (vraag het zonder periode om ook die te "
                         "doorzoeken)"),
    "nothing_else": ("the passages that answer it were all shown before", "de passages die het beantwoorden, "
                     "heb ik al laten zien"),
    # Only that: a fact-checker's trial read the old advice to "ask for the detail by name" as a failure, also
    # where the passage shown again answered, and after naming the detail.
    "shown_before": ("I showed these passages before.", "Deze passages liet ik al eerder zien."),
    "nothing_more_said": ("the articles quote nothing more of {person}", "de artikelen citeren verder niets van "
                          "{person}"),
    "no_dates": ("no article has a date to tell the newest", "geen artikel heeft een datum, dus ik weet niet "
                 "welk het nieuwste is"),
    "not_mentioned_in": ("no article {filters} mentions {names}", "geen artikel {filters} noemt {names}"),
    "only_searched": ("{reason}; only articles {filters} were searched",
                      "{reason}; alleen artikelen {filters} zijn doorzocht"),
    "only_article_searched": ("{reason}; only article {article}{dates} was searched",
                              "{reason}; alleen artikel {article}{dates} is doorzocht"),
    "dated": ("dated {date}", "van {date}"),
    "dated_range": ("dated {since} to {until}", "van {since} tot en met {until}"),
    "dated_since": ("dated {date} or later", "van {date} of later"),
    "dated_until": ("dated {date} or earlier", "van {date} of eerder"),
    "or_undated": ("{filters} (or undated)", "{filters} (of zonder datum)"),
    "article_filter": ("article {article}", "artikel {article}"),
    "author_filter": ("by {author}", "van {author}"),
    "by_author": ("Only the articles by {author} (the byline) were searched.",
                  "Alleen de artikelen van {author} (de auteur) zijn doorzocht."),
    "by_author_newest": ("The articles by {author} (the byline), newest first, each with its first paragraph.",
                         "De artikelen van {author} (de auteur), de nieuwste eerst, met van elk de eerste alinea."),
    "only_articles": ("Only articles {filters}, as the question asks.",
                      "Alleen artikelen {filters}, zoals gevraagd."),
    # says quotation marks: a trial's editor read it as "this is not Bill Jaynes" above his reported words
    "own_words_further": ("{person}'s own quoted words come first among the further passages (More).",
                          "De geciteerde woorden van {person} zelf staan vooraan bij de verdere passages (Meer)."),
    "not_attributed": ("None of these passages quotes {person} in quotation marks (reported words may still be "
                       "theirs): check who speaks before repeating one.",
                       "Geen van deze passages citeert {person} tussen aanhalingstekens (weergegeven woorden kunnen "
                       "wel van {person} zijn): kijk wie er aan het woord is voordat je een citaat overneemt."),
    "named_beside_quotes": ("These passages name {person} beside quotations I cannot tell are theirs: check who "
                            "speaks before repeating one.", "Deze passages noemen {person} bij citaten waarvan ik "
                            "niet weet of ze van {person} zijn: kijk wie er aan het woord is voordat je er een "
                            "overneemt."),
    "more_withdrawn": ("Those passages are no longer in the articles as they were (the index was updated): ask "
                       "again.", "Die passages staan niet meer zo in de artikelen (de index is bijgewerkt): stel je "
                       "vraag opnieuw."),
    "other_language": ("This question looks {name}; I read English and Dutch, so these passages may not answer it.",
                       "Deze vraag lijkt {name}; ik lees Nederlands en Engels, dus deze passages beantwoorden haar "
                       "misschien niet."),
    "whose_words_unknown": ("The passage holding these words does not say whose they are: read the paragraphs "
                            "before it.", "De passage met deze woorden zegt niet van wie ze zijn: lees de alinea's "
                            "ervoor."),
    "first_not_naming": ("The first passage is from an article that does not mention {names}.",
                         "De eerste passage komt uit een artikel dat {names} niet noemt."),
    "also_not_mentioned": ("The articles do not mention {names}: these passages may not be about that.",
                           "De artikelen noemen {names} niet: deze passages gaan daar misschien niet over."),
    "newest": ("The newest articles, each with its first paragraph.",
               "De nieuwste artikelen, met van elk de eerste alinea."),
    "question_cut": ("Your question was cut to its first {count} characters.",
                     "Je vraag is ingekort tot de eerste {count} tekens."),
    "question_picked": ("Your message was too long to read whole: I read only its question, “{question}”",
                        "Je bericht was te lang om helemaal te lezen: ik las alleen de vraag, “{question}”"),
    "more_for": ("More for “{question}”:", "Meer over “{question}”:"),
    "reading_as": ("(reading this as: {question})", "(gelezen als: {question})"),
    "unknown_person": ("(no earlier question in this chat says who “{pronoun}” is: name them for a surer answer)",
                       "(geen eerdere vraag in dit gesprek zegt wie “{pronoun}” is: noem de naam voor een beter "
                       "antwoord)"),
    "unknown_person_expired": ("(your last question was over {minutes} minutes ago, so I do not know who “{pronoun}” "
                               "is: name them for a surer answer)", "(je vorige vraag is meer dan {minutes} minuten "
                               "geleden, dus ik weet niet wie “{pronoun}” is: noem de naam voor een beter antwoord)"),
    "not_utf8": ("(bytes that were not UTF-8 were left out of the question)",
                 "(bytes die geen UTF-8 waren, zijn uit de vraag weggelaten)"),
    # "the story of this chat", not "the article of the last answer": the story holds the articles that tell the
    # same story too, which a fact-checker's last answer had not quoted.
    "within_topic": ("(read as a question about “{title}”, the story of this chat; to search every article, name "
                     "your subject or send /new)",
                     "(gelezen als vraag over “{title}”, het verhaal van dit gesprek; noem je onderwerp of stuur "
                     "/new om in alle artikelen te zoeken)"),
    "outside_story": ("Not from this chat's story (“{title}”), whose articles hold nothing as close to the question.",
                      "Niet uit het verhaal van dit gesprek (“{title}”): daarin staat niets wat zo dicht bij de vraag "
                      "komt."),
    "reading_with": ("(reading this with your earlier question: {question})",
                     "(gelezen samen met je eerdere vraag: {question})"),
    "reading_with_replied": ("(reading this with the question of the answer you replied to: {question})",
                             "(gelezen samen met de vraag van het antwoord waarop je reageert: {question})"),
    # Citations
    "paragraph": ("paragraph {number}", "alinea {number}"),
    "part": ("part {number}", "deel {number}"),
    "by": ("by {author}", "door {author}"),
    # Hints for what cannot be searched
    "type_a_question": ("Please type a question, for example: {example}", "Typ een vraag, bijvoorbeeld: {example}"),
    "words_only": ("I can only search for words. Please ask a question in words, in English or Dutch.",
                   "Ik kan alleen naar woorden zoeken. Stel je vraag in woorden, in het Nederlands of het Engels."),
    "hello": ("Hello! Ask me about the news in the articles, in English or Dutch, for example: {example}",
              "Hallo! Vraag me naar het nieuws in de artikelen, in het Nederlands of het Engels, bijvoorbeeld: "
              "{example}"),
    "welcome": ("You are welcome! Ask me about the news in the articles, in English or Dutch, for example: "
                "{example}", "Graag gedaan! Vraag me naar het nieuws in de artikelen, in het Nederlands of het "
                "Engels, bijvoorbeeld: {example}"),
    "says_nothing": ("“{question}” alone does not say what to look for: ask a whole question, for example: "
                     "{example}", "Uit alleen “{question}” kan ik niet opmaken waar ik naar moet zoeken: "
                     "stel een volledige vraag, bijvoorbeeld: {example}"),
    # Telegram and the local chat
    "start_intro": ("I answer questions about our newsroom's articles by quoting them word for word, with the "
                    "article, date and paragraph each quote comes from. I never write answers of my own.\n\n"
                    "Ask in English or Dutch. In a group, use /ask QUESTION or mention me.",
                    "Ik beantwoord vragen over de artikelen van onze redactie door ze woord voor woord te citeren, "
                    "met het artikel, de datum en de alinea waar elk citaat vandaan komt. Ik schrijf nooit zelf "
                    "antwoorden.\n\nVraag in het Nederlands of het Engels. Gebruik in een groep /ask VRAAG of tag "
                    "me."),
    "for_example": ("For example:", "Bijvoorbeeld:"),
    "ask_about": ("Ask about a person, a place, an event or a number in the articles.",
                  "Vraag naar een persoon, een plaats, een gebeurtenis of een getal in de artikelen."),
    "start_more": ("“What's new?” quotes the first paragraphs of the newest articles; “news since June” those "
                   "since then.\n/sources lists the articles I know, /status the state of my index.\nA follow-up "
                   "(“and what did he deny?”) is read with your previous question; /new starts afresh.\nRating an "
                   "answer 👍 or 👎 stores the question and the quoted passages, not your name or id.",
                   "“Wat is er nieuw?” citeert de eerste alinea's van de nieuwste artikelen; “nieuws sinds juni” die "
                   "van de artikelen sinds juni.\n/sources toont de artikelen die ik ken, /status de staat van mijn "
                   "index.\nEen vervolgvraag (“en wat ontkende hij?”) lees ik samen met je vorige vraag; met /new "
                   "begin je opnieuw.\nGeef je een antwoord 👍 of 👎, dan bewaar ik de vraag en de geciteerde "
                   "passages, niet je naam of id."),
    "help": ("Send me a question in English or Dutch{example}\nI reply with the paragraphs that answer it, the "
             "answering sentence in <b>bold</b>, and the source under each quote. Press <b>More</b> for further "
             "passages. If the articles do not answer it, I say so.\n\nIn groups: /ask QUESTION, mention me, or "
             "reply to one of my messages.\nInline, in any chat: type {username} and a question.\n/sources – "
             "indexed articles · /status – index state",
             "Stuur me een vraag in het Nederlands of het Engels{example}\nIk antwoord met de alinea's die je vraag "
             "beantwoorden, met de zin die het antwoord geeft <b>vetgedrukt</b> en de bron onder elk citaat. Druk op "
             "<b>Meer</b> voor verdere passages. Staat het antwoord niet in de artikelen, dan zeg ik dat.\n\nIn "
             "groepen: /ask VRAAG, tag me of reageer op een van mijn berichten.\nInline, in elke chat: typ {username} "
             "en een vraag.\n/sources – geïndexeerde artikelen · /status – staat van de index"),
    # In `newsbot chat`, where there are no groups, no inline mode and no buttons to press (a trial's terminal help
    # had offered "@newsroom_quote_bot", the local stand-in's name).
    "help_terminal": ("Send me a question in English or Dutch{example}\nI reply with the paragraphs that answer it, "
                      "the answering sentence in <b>bold</b>, and the source under each quote. Type <b>more</b> for "
                      "further passages, /new to start a new subject. If the articles do not answer it, I say so."
                      "\n/sources – indexed articles · /status – index state\nOn Telegram (with TELEGRAM_BOT_TOKEN "
                      "set) I answer in groups and inline too.",
                      "Stuur me een vraag in het Nederlands of het Engels{example}\nIk antwoord met de alinea's die "
                      "je vraag beantwoorden, met de zin die het antwoord geeft <b>vetgedrukt</b> en de bron onder elk "
                      "citaat. Typ <b>meer</b> voor verdere passages, /new voor een nieuw onderwerp. Staat het "
                      "antwoord niet in de artikelen, dan zeg ik dat.\n/sources – geïndexeerde artikelen · /status – "
                      "staat van de index\nOp Telegram (met TELEGRAM_BOT_TOKEN) antwoord ik ook in groepen en inline."),
    "my_username": ("my @username", "mijn @gebruikersnaam"),
    "help_example": (", e.g. <i>{question}</i>", ", bijvoorbeeld <i>{question}</i>"),
    "unknown_command": ("I do not know {command}. These are my commands:\n{commands}\n\nOr just type a question.",
                        "{command} ken ik niet. Dit zijn mijn commando's:\n{commands}\n\nOf typ gewoon een vraag."),
    "sources_header": ("<b>Indexed articles</b> ({first}–{last} of {total}, newest first)",
                       "<b>Geïndexeerde artikelen</b> ({first}–{last} van {total}, nieuwste eerst)"),
    # a page of undated articles only, which come after the dated ones, by title
    "sources_header_undated": ("<b>Indexed articles</b> ({first}–{last} of {total}; these have no date, by title)",
                               "<b>Geïndexeerde artikelen</b> ({first}–{last} van {total}; deze hebben geen datum, "
                               "op titel)"),
    "undated": ("undated", "zonder datum"),
    "newer": ("‹ Newer", "‹ Nieuwer"),
    "older": ("Older ›", "Ouder ›"),
    "status": ("Index version {version}\n{articles}, {paragraphs}\nNewest article: {newest}\nBuilt at: {built}",
               "Indexversie {version}\n{articles}, {paragraphs}\nNieuwste artikel: {newest}\nGebouwd op: {built}"),
    "type_more": ("type “{more}”", "typ “{more}”"),
    "type_rate": ("type + / - to rate", "typ + / - om te beoordelen"),
    "type_more_or_rate": ("type “{more}”, or + / - to rate", "typ “{more}”, of + / - om te beoordelen"),
    "nothing_more": ("There is nothing more for your last question.", "Bij je laatste vraag heb ik verder niets."),
    "nothing_more_yet": ("There is nothing more to show. Ask a question first.",
                         "Er is niets meer te tonen. Stel eerst een vraag."),
    "nothing_to_rate": ("There is no answer to rate. Ask a question first.",
                        "Er is geen antwoord om te beoordelen. Stel eerst een vraag."),
    "more_button": ("More ({count})", "Meer ({count})"),
    "more_option": ("({passages}: --more)", "({passages}: --more)"),
    "inline_type": ("Type a question about the news", "Typ een vraag over het nieuws"),
    "button_gone": ("This button no longer works. Please ask again.", "Deze knop werkt niet meer. Stel je vraag "
                    "opnieuw."),
    "page_shown": ("Already shown above.", "Staat hierboven al."),
    "too_old_to_page": ("That answer is too old to page through. Please ask again.",
                        "Dat antwoord is te oud om nog door te bladeren. Stel de vraag opnieuw."),
    "admins_only": ("Only admins can reload the index.", "Alleen beheerders kunnen de index opnieuw laden."),
    "reloaded": ("Reloaded index version {version}.", "Indexversie {version} is geladen."),
    "new_topic": ("New topic: your next question is read on its own.",
                  "Nieuw onderwerp: je volgende vraag lees ik los van de vorige."),
    "media": ("I can only read text. Please type your question, in English or Dutch.",
              "Ik kan alleen tekst lezen. Typ je vraag, in het Nederlands of het Engels."),
    "sorry": ("Sorry, something went wrong. Please try again.", "Sorry, er ging iets mis. Probeer het opnieuw."),
    "index_unavailable": ("Sorry, the article index is not available right now. Please try again later.",
                          "Sorry, de artikelindex is nu niet beschikbaar. Probeer het later opnieuw."),
    "rated": ("Thanks for rating!", "Bedankt voor je beoordeling!"),
    "rating_changed": ("Rating changed.", "Beoordeling gewijzigd."),
    "ratings_off": ("Ratings are off here: they cannot be written beside the index (see the warning at start).",
                    "Beoordelen staat hier uit: de beoordelingen kunnen niet naast de index worden bewaard (zie de "
                    "waarschuwing bij het starten)."),
    "rating_not_saved": ("Sorry, your rating could not be saved right now.",
                         "Sorry, je beoordeling kon nu niet worden bewaard."),
    "too_old_to_rate": ("That answer is too old to rate. Thanks anyway!",
                        "Dat antwoord is te oud om te beoordelen. Toch bedankt!"),
}


#: Commands' descriptions in Telegram's menu, per language (``set_my_commands(language_code="nl")``).
COMMANDS: dict[str, tuple[str, str]] = {
    "start": ("What this bot does and how to ask", "Wat deze bot doet en hoe je een vraag stelt"),
    "help": ("How to ask questions", "Hoe je vragen stelt"),
    "ask": ("Ask a question (in groups): /ask QUESTION", "Stel een vraag (in groepen): /ask VRAAG"),
    "sources": ("The indexed articles, newest first", "De geïndexeerde artikelen, nieuwste eerst"),
    "status": ("Index version, article count, newest article", "Indexversie, aantal artikelen, nieuwste artikel"),
    "new": ("Start a new topic: the next question is read on its own",
            "Nieuw onderwerp: de volgende vraag staat los van de vorige"),
}

#: Nouns counted in replies: (English singular, plural), (Dutch singular, plural).
_NOUNS = {"article": (("article", "articles"), ("artikel", "artikelen")),
          "paragraph": (("paragraph", "paragraphs"), ("alinea", "alinea's")),
          "more passage": (("more passage", "more passages"), ("passage meer", "passages meer"))}


def say(key: str, language: str, **fields: object) -> str:
    """The message ``key`` in ``language`` ("en" or "nl"; any other: English), with ``fields`` filled in."""
    english, dutch = _CATALOGUE[key]
    return (dutch if language == "nl" else english).format(**fields)


def reader_language(text: str, *, default: str | None = "en") -> str | None:
    """The language to answer ``text`` in: that of its words ("hallo", "bedankt" and "meer" are Dutch, "Wie is
    Ri?" too); ``default`` (the reader's app language) for a short text whose words do not tell ("ok", "Ri",
    "brexit", "👍")."""
    from index.language import function_word_language, question_language

    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    short = len(words) <= 3
    if short and words & _DUTCH_SHORT_WORDS:
        return "nl"
    if short and words & _ENGLISH_SHORT_WORDS:
        return "en"
    told = function_word_language(text)
    if told or not short:
        return told or question_language(text)
    return default


def app_language(language_code: str | None) -> str:
    """The bot's language for a Telegram user's app language ("nl", "nl-BE"): Dutch or English."""
    return "nl" if (language_code or "").lower().startswith("nl") else "en"


def count_of(number: int, noun: str, language: str) -> str:
    """"1 article", "1,880 paragraphs"; in Dutch "1 artikel", "1.880 alinea's"."""
    english, dutch = _NOUNS[noun]
    singular, plural = dutch if language == "nl" else english
    digits = f"{number:,}".replace(",", ".") if language == "nl" else f"{number:,}"
    return f"{digits} {singular if number == 1 else plural}"


_MONTHS = {"en": "January February March April May June July August September October November December".split(),
           "nl": "januari februari maart april mei juni juli augustus september oktober november december".split()}


def spoken_date(date: str, language: str) -> str:
    """"2021", "November 2021", "23 November 2026" (Dutch: "november 2021", "23 november 2026") for an ISO date
    of the precision given."""
    parts = date.split("-")
    if len(parts) == 1 or not all(part.isdigit() for part in parts):
        return date
    month = _MONTHS["nl" if language == "nl" else "en"][int(parts[1]) - 1] if 1 <= int(parts[1]) <= 12 else None
    if month is None:
        return date
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def commands(language: str) -> list[tuple[str, str]]:
    """The command menu: (command, description) in ``language``."""
    return [(name, dutch if language == "nl" else english) for name, (english, dutch) in COMMANDS.items()]
