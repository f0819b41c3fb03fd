"""Follow-up questions, per chat: read with the previous question, through the real Application."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from botapi_server import TOKEN, BotApiServer
from conftest import ntrex_answerer
from test_telegram import _start, _stop, _texts, _until

from bot.followup import FollowUps, Reading, asks_for_more, combine, is_follow_up, short_title
from bot.question import clean_question
from bot.telegram_bot import build_application, read_and_answer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_follow_ups_are_read_with_the_previous_question() -> None:
    clock = Clock()
    followups = FollowUps(clock=clock)
    first = followups.read(1, "En wat ontkende hij?")
    assert first == Reading("En wat ontkende hij?", "En wat ontkende hij?", unknown_person="hij")
    assert first.note("nl").startswith("(geen eerdere vraag in dit gesprek zegt wie “hij” is")
    assert followups.read(1, "waarom?").unknown_person is None  # nobody asked about
    followups.remember(1, followups.read(1, "Wat gaf Loekasjenko toe?"))
    reading = followups.read(1, "and what did he deny?")
    assert reading.used_context and reading.text == "what did Loekasjenko deny?"
    assert reading.note() == "(reading this as: what did Loekasjenko deny?)"
    followups.remember(1, reading)
    assert followups.read(1, "waarom?").text == "waarom? what did Loekasjenko deny?"  # names carry on
    assert followups.read(1, "waarom?").note() == "(reading this with your earlier question: what did Loekasjenko deny?)"
    note = followups.read(1, "waarom?").note("nl")
    assert note == "(gelezen samen met je eerdere vraag: what did Loekasjenko deny?)"
    # A follow-up read with the previous question added keeps that question as the topic: in a trial, the next
    # ones piled up ("waar naartoe? why? Who was evacuated in Vlissingen?").
    followups.remember(1, followups.read(1, "waarom?"))
    assert followups.read(1, "en wanneer?").text == "wanneer? what did Loekasjenko deny?"
    assert not followups.read(1, "Wat zei Stoltenberg?").used_context  # a name of its own: a new topic
    assert not followups.read(1, "Stoltenberg").used_context  # a name alone too (a Telegram trial: read as one)
    assert not followups.read(2, "waarom?").used_context  # another chat
    clock.now += 601
    assert not followups.read(1, "waarom?").used_context  # ten minutes later
    # and said so: a reader who had asked was told "no earlier question in this chat says who “he” is"
    assert followups.read(1, "wat ontkende hij?").note("nl") == (
        "(je vorige vraag is meer dan 10 minuten geleden, dus ik weet niet wie “hij” is: noem de naam voor een beter "
        "antwoord)")
    followups.remember(1, Reading("Wat gaf Loekasjenko toe?", "Wat gaf Loekasjenko toe?"))
    assert followups.clear(1) and not followups.read(1, "waarom?").used_context


def test_he_is_never_a_place() -> None:
    """After "hoe heette de luchtverkeersleider die stierf in palu", "hoe oud was hij" had read as "hoe oud was
    Palu" and quoted a 35-year-old mother: a name after "in" is a place, so the question is read with the
    previous one instead."""
    followups = FollowUps(clock=Clock())
    followups.remember(1, followups.read(1, "hoe heette de luchtverkeersleider die stierf in Palu"))
    reading = followups.read(1, "hoe oud was hij")
    assert reading.text == "hoe oud was hij hoe heette de luchtverkeersleider die stierf in Palu"
    assert reading.previous == "hoe heette de luchtverkeersleider die stierf in Palu"
    followups.remember(2, followups.read(2, "What did Stoltenberg say in Brussels?"))
    assert followups.read(2, "and what did he deny?").text == "what did Stoltenberg deny?"


def test_his_name_is_never_a_named_persons() -> None:
    """A helper's chats: "what was his name?" after "Why did the Boston taxi driver say he would vote for Trump?" had
    read as "what was Trump's name?", and "what's their name?" as "what's Bellator's name?". Nobody asks the name of
    someone named: the question is read with the previous one, whose descriptions it asks about."""
    previous = "Why did the Boston taxi driver say he would vote for Trump?"
    assert combine("what was his name?", previous, ("Trump",)) == f"what was his name? {previous}"
    assert combine("en hoe heet ze?", "Wat zei de manager tegen Ruth?", ("Ruth",)) == \
        "hoe heet ze? Wat zei de manager tegen Ruth?"
    assert combine("what was his job?", previous, ("Trump",)) == "what was Trump's job?"  # not only a name


def test_a_question_giving_words_as_written_is_read_on_its_own() -> None:
    """A wire editor's trial: after a question about Kanye West, 'Who said "He was quite a quiet man …"?' was read as
    "Kanye West was quite a quiet man", and 'Who said it was "bitterly sweet"?' with the question before added."""
    followups = FollowUps(clock=Clock())
    followups.remember(1, followups.read(1, "What is Kanye West changing his name to?"))
    for question in ['Who said "He was quite a quiet man, and he wasn\'t a boastful person"?',
                     'Who said it was "bitterly sweet"?']:
        reading = followups.read(1, question)
        assert reading.text == question and not reading.used_context
    assert followups.read(1, "what did he say?").text == "what did Kanye West say?"  # the topic is still his


def test_and_a_name_asks_the_previous_question_of_them() -> None:
    """A trial: "en ABC?" after "Hoeveel kijkers had Fox News?" was searched alone and quoted "Uw pasgeboren baby?"."""
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Hoeveel kijkers had Fox News?"))
    reading = followups.read(1, "en ABC?")
    assert reading.used_context and reading.text == "Hoeveel kijkers had ABC?"
    assert reading.note("nl") == "(gelezen als: Hoeveel kijkers had ABC?)"
    followups.remember(2, followups.read(2, "What did Mark Rutte say?"))
    assert followups.read(2, "and what about Macron?").text == "What did Macron say?"
    assert followups.read(2, "en de premier?").text == "de premier? What did Mark Rutte say?"  # no name: added
    assert not followups.read(3, "en ABC?").used_context  # nothing before it
    # A business desk's trial: "and the management?" had been read as "the management? What did Karen Fielding
    # say?" and quoted her again; "and the union?" after a question about a town had become "… at the Union?".
    followups.remember(4, followups.read(4, "What did Karen Fielding say?"))
    assert followups.read(4, "and the management?").text == "What did the management say?"
    followups.remember(5, followups.read(5, "Wat zei de burgemeester van Ashby Marsh?"))
    assert followups.read(5, "en de vakbond?").text == "Wat zei de vakbond?"
    followups.remember(6, followups.read(6, "How many jobs will go at Ashby Marsh?"))
    assert followups.read(6, "and the union?").text == "the union? How many jobs will go at Ashby Marsh?"


def test_a_role_asked_about_is_whom_a_pronoun_stands_for() -> None:
    """The same trial: "what else did she say?" after "What did the mayor say?" quoted Loekasjenko."""
    followups = FollowUps()
    followups.remember(1, followups.read(1, "What did the mayor say?"))
    assert followups.read(1, "what else did she say?").text == "what else did the mayor say?"
    followups.remember(2, followups.read(2, "Wat zei de neef van Yuan?"))
    assert followups.read(2, "en wat ontkende hij?").text == "wat ontkende de neef van Yuan?"  # not Yuan


def test_what_else_leaves_out_what_the_whole_topic_showed() -> None:
    """A QA sweep: after "Wat gaf Loekasjenko toe?" and "En wat ontkende hij?", "wat zei hij nog meer?" quoted the
    first answer's passages again."""
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Wat gaf Loekasjenko toe?"), [("a", 6, 0), ("a", 1, 0)])
    followups.remember(1, followups.read(1, "En wat ontkende hij?"), [("a", 4, 0)])
    assert followups.read(1, "wat zei hij nog meer?").exclude == {("a", 6, 0), ("a", 1, 0), ("a", 4, 0)}
    followups.remember(2, followups.read(2, "Wat gaf Loekasjenko toe?"), [("a", 6, 0)])
    followups.remember(2, followups.read(2, "Wie is de secretaris-generaal van de Navo?"), [("a", 8, 0)])
    assert followups.read(2, "wat zei hij nog meer?").exclude == {("a", 8, 0)}  # a new topic starts afresh
    # What the topic is about stays the topic after a what-else follow-up (a Dutch reader's trial).
    followups.remember(3, followups.read(3, "Wat zei Zaev over het referendum?"), [("m", 19, 0)])
    followups.remember(3, followups.read(3, "wat zei hij nog meer?"), [("m", 20, 0)])
    reading = followups.read(3, "en waarom boycotten sommigen het?")
    assert reading.text == "waarom boycotten sommigen het? Wat zei Zaev over het referendum?"


def test_he_is_never_a_nationality() -> None:
    """A trial: "who is he?" after a question about the Macedonian president read as "who is Macedonian?"."""
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Will the Macedonian president respect the outcome of the referendum?"))
    assert followups.read(1, "who is he?").text == "who is he? Will the Macedonian president respect the outcome of " \
                                                   "the referendum?"
    followups.remember(2, followups.read(2, "Waarover stemden de Macedoniërs volgens Zaev?"))
    assert followups.read(2, "wat zei hij?").text == "wat zei Zaev?"


def test_what_asks_for_more_of_the_last_answer() -> None:
    for typed in ["more", "Meer", "wie nog meer?", "Wat nog meer?", "What else?", "and who else?", "en verder nog?",
                  "Tell me more!"]:
        assert asks_for_more(typed), typed
    for typed in ["More about the border?", "wie nog meer dan Stoltenberg?", "What else did he admit?", "waarom?"]:
        assert not asks_for_more(typed), typed


def test_what_counts_as_a_follow_up() -> None:
    assert is_follow_up("waarom?") and is_follow_up("And what did she say about the border?")
    assert is_follow_up("Wat ontkende hij?") and is_follow_up("en de doden?")
    assert is_follow_up("wat zei ze nog meer?")  # Dutch's usual "she" (an editor's trial: read as a new question)
    assert not is_follow_up("How many people died at the border with Poland?")
    assert not is_follow_up("Wat zei Stoltenberg?")
    # A pronoun before the question's own names is someone named before (seen in a trial); after them, it is theirs.
    assert is_follow_up("And what did he say about Facebook?") and is_follow_up("Wat zei hij over Polen?")
    assert not is_follow_up("What did Trump say he would do?")
    # A few words after "and" that name something ask the previous question of it (a helper's "and in Spanish?")
    assert is_follow_up("and in Spanish?") and not is_follow_up("And what did Trump say about the wall?")
    # "it": an event asked about before (a trial's "When did it happen?" after "What happened at Long Lartin prison?")
    assert is_follow_up("When did it happen?") and is_follow_up("Wanneer gebeurde het?")
    assert not is_follow_up("Hoeveel kost het nieuwe schip?") and not is_follow_up("What did Trump say about it?")
    # A preposition before the question word leaves out the story asked about (a trial's "by how many votes?").
    assert is_follow_up("By how many votes?") and is_follow_up("in welk jaar gebeurde dat?")
    assert not is_follow_up("In which year did the border crisis begin?") and not is_follow_up("by train to Minsk?")
    # "that" and "dat" point back at the end or in a short question (a trial's "who conducted that poll?").
    assert is_follow_up("hoe laat was dat?") and is_follow_up("Who conducted that poll?")
    assert not is_follow_up("Who said that the border would close?")
    followups = FollowUps()
    followups.remember(1, followups.read(1, "What did Berners-Lee say about Inrupt?"))
    assert followups.read(1, "And what did he say about Facebook?").text == "what did Berners-Lee say about Facebook?"
    followups.remember(2, followups.read(2, "Who is Yohannes Sirait?"))
    assert followups.read(2, "what did he say").text == "what did Yohannes Sirait say"  # the whole name
    followups.remember(3, followups.read(3, "What happened at Long Lartin prison?"))
    assert followups.read(3, "When did it happen?").text == "When did it happen? What happened at Long Lartin prison?"
    # "laatste nieuws" is short, but asks for the newest articles, and leaves the topic before it to follow up on.
    assert not is_follow_up("laatste nieuws") and not is_follow_up("What's new?") and is_follow_up("And what's new?")
    followups.remember(3, followups.read(3, "laatste nieuws"))
    assert followups.read(3, "waarom?").text == "waarom? What happened at Long Lartin prison?"


def test_they_and_her_are_read_as_meant() -> None:
    """A helper's conversations: "hoeveel extra moeten ze betalen?" after a question about Theresa May asks about
    buyers ("ze" after a plural verb is "they", and they are not one person's whole name), "haar zakenpartner" is
    hers, and "what did he tell her?" asks nothing of hers."""
    assert combine("hoeveel extra moeten ze betalen?", "Wat wil Theresa May?", ("Theresa May",)) == \
        "hoeveel extra moeten ze betalen? Wat wil Theresa May?"
    assert combine("wat wil ze nu?", "Wat wil Theresa May?", ("Theresa May",)) == "wat wil Theresa May nu?"
    assert combine("how many products will they stock?", "What is Sainsbury doing?", ("Sainsbury",)) == \
        "how many products will Sainsbury stock?"
    assert combine("hoe reageerde haar zakenpartner?", "", ("Holly Willoughby",)) == \
        "hoe reageerde Holly Willoughby's zakenpartner?"
    assert combine("what was her father's job?", "", ("Karen Jankel",)) == "what was Karen Jankel's father's job?"
    assert combine("what did he tell her?", "", ("Mike Pompeo",)) == "what did Mike Pompeo tell her?"
    assert combine("wat deed haar vader?", "", ("Karen Jankel",)) == "wat deed Karen Jankels vader?"  # Dutch
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Wat zei Karen Jankel over de brief?"))
    followups.remember(1, followups.read(1, "wat deed haar vader voor werk?"))
    assert followups.read(1, "wat zei ze nog meer?").text == "wat zei Karen Jankel nog meer?"  # not "Jankels"
    assert combine("wat zei haar man?", "", ("Holly",)) == "wat zei Holly's man?"
    assert combine("wat zei haar broer?", "", ("Doris",)) == "wat zei Doris' broer?"
    # After "Who shot X?", "he" is whom the answer names: the question is read with it, not as X.
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Who shot Wayde Sims?"))
    assert followups.read(1, "how old is he?").text == "how old is he? Who shot Wayde Sims?"
    followups.remember(2, followups.read(2, "Who is Yohannes Sirait?"))
    assert followups.read(2, "how old is he?").text == "how old is Yohannes Sirait?"
    # "he" is a person: after a question about the Cromwell statue outside Parliament, not Parliament.
    statue = "What does the Cromwell Society say about the statue outside Parliament?"
    cromwell = lambda name, kind: name == "Cromwell"  # noqa: E731
    assert combine("so was he to blame?", statue, ("Parliament",), cromwell) == \
        f"so was he to blame? {statue}"
    assert combine("was he to blame?", statue, ("Parliament", "Cromwell"), cromwell) == \
        "was Cromwell to blame?"
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Why is an air traffic controller at Palu airport called a hero?"))
    assert followups.read(1, "how old was he?").previous is not None  # not "how old was Palu?"


def test_he_stands_for_the_articles_people(seed_answerer) -> None:  # type: ignore[no-untyped-def]
    """Who "he" can be, read from the articles: someone quoted, or a name of two words not all of them everyday
    ones; not a country, a city or a TV show. "They" is a group the dictionary does not translate: not "Scotland"."""
    person = seed_answerer.pronoun_stands_for
    assert person("Loekasjenko", "person") and person("Jens Stoltenberg", "person") and person("Loekasjenko", "he")
    assert not any(person(name, "person") for name in ["Polen", "Minsk", "Navo", "Still Game"])
    assert person("Sainsbury", "group") and not person("Scotland", "group")
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Wat zei Polen over Loekasjenko?"))
    assert followups.read(1, "wat ontkende hij?", stands_for=person).text == "wat ontkende Loekasjenko?"


def test_she_is_not_a_man_the_articles_call_he(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A trial's "how old is she?" after "who is his wife?" about Kit Harington was read as "how old is Kit
    Harington?". The articles' pronouns after his name say he."""
    answerer = ntrex_answerer(tmp_path, "ntrex-en/dailymail.co.uk.298738")
    person = answerer.pronoun_stands_for
    assert person("Kit Harington", "he") and not person("Kit Harington", "she")
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Who is Kit Harington's wife?"))
    reading = followups.read(1, "how old is she?", stands_for=person)
    assert reading.text == "how old is she? Who is Kit Harington's wife?"
    assert followups.read(1, "what did he say?", stands_for=person).text == "what did Kit Harington say?"


def test_a_pronoun_the_chat_read_as_someone_keeps_its_gender() -> None:
    """A trial's "how old is she?" after "who is his wife?" (his: Kit Harington) was read as "how old is Kit
    Harington?", and another's "What did his friend say?" after "How old was she?" (she: Jessica Chambers) as "What
    did Jessica Chambers's friend say?": a name the chat has read a pronoun of one gender as is not the other's."""
    followups = FollowUps()
    followups.remember(1, followups.read(1, "What did Kit Harington say about masculinity?"))
    wife = followups.read(1, "who is his wife?")
    assert wife.text == "who is Kit Harington's wife?" and wife.gendered == ("Kit Harington", "he")
    followups.remember(1, wife)
    assert followups.read(1, "how old is she?").text == "how old is she? who is Kit Harington's wife?"
    assert followups.read(1, "what did he say next?").text == "what did Kit Harington say next?"


def test_a_long_title_is_cut_in_a_note() -> None:
    """A trial's notes repeated a 130-character title on every turn."""
    title = "Luchtverkeersleider sterft, terwijl hij ervoor zorgt dat honderden de aardbeving kunnen ontvluchten"
    assert short_title(title) == "Luchtverkeersleider sterft, terwijl hij ervoor zorgt dat…"
    assert short_title("Haai verwondt 13-jarige") == "Haai verwondt 13-jarige"
    note = Reading("waarom?", "waarom?", story=("a",), topic_title=title).note("nl")
    assert note.startswith("(gelezen als vraag over “Luchtverkeersleider sterft, terwijl hij ervoor zorgt dat…”")


def test_a_chats_story_weighs_for_questions_that_name_nothing() -> None:
    """The article that answered the chat's named subject is its story: a question that names no one is asked of it
    first, a question naming someone it does not mention is not, and the reader's own "iets anders:" leaves it."""
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Hoe oud was de luchtverkeersleider in Palu?"),
                       [("palu", 4, 0), ("palu", 1, 0)])
    asked = "wat zei de woordvoerder?"
    # ... with what the chat showed of it, which its More does not page through again
    assert followups.read(1, asked) == Reading(asked, asked, story=("palu",),
                                               shown_before=frozenset({("palu", 4, 0), ("palu", 1, 0)}))
    assert followups.read(1, "Wat zei Maxine Waters?").story == ()
    assert followups.read(1, "en waarom?").story == ("palu",) and followups.read(1, "en waarom?").alone is None
    # A follow-up read with the previous question after it is searched on its own words first, if it has any.
    assert followups.read(1, "what time was it?").alone == "what time was it?"
    switched = followups.read(1, "iets anders: hoeveel meer verdienden pubs in juli?")
    assert switched == Reading(switched.asked, "hoeveel meer verdienden pubs in juli?")
    assert followups.read(1, "unrelated, but who won?").text == "who won?"
    # What else: nothing the story showed, also to a question in between that named nothing (a trial's repeated the
    # first answer's paragraph).
    followups.remember(1, followups.read(1, "wie betaalde de begrafenis?"), [("palu", 9, 0)])
    assert followups.read(1, "wat zei hij nog meer?").exclude >= {("palu", 4, 0), ("palu", 9, 0)}
    # An article that answers a question asked of the story joins it, beside the story's own (a trial's had moved to
    # a Ryder Cup article quoted once by mistake).
    followups.remember(1, followups.read(1, "hoeveel mensen zaten er in het vliegtuig?"), [("ryder", 3, 0)])
    assert followups.read(1, "wie wordt er vermist?").story == ("palu", "ryder")
    # A question asked of the story that names nothing keeps the topic question for the next follow-up: a trial's
    # "who helped him?" after "what kind of shark?" had been read with that.
    followups.remember(4, followups.read(4, "How old was the boy the shark attacked?"), [("shark", 1, 0)])
    followups.remember(4, followups.read(4, "which species of shark attacked?"), [("shark", 9, 0)])
    assert followups.read(4, "who helped him?").text == "who helped him? How old was the boy the shark attacked?"
    # But a follow-up that asks only for a name asks it of whom the last question described: a casual reader's "hoe
    # heet hij" after "haaienaanval californie" and "hoe oud was de jongen" had been read with the first, which
    # describes no one, and was answered instead of refused.
    followups.remember(5, followups.read(5, "haaienaanval Californië"), [("shark", 9, 0)])
    followups.remember(5, followups.read(5, "hoe oud was de jongen"), [("shark", 1, 0)])
    assert followups.read(5, "hoe heet hij").text == "hoe heet hij? hoe oud was de jongen"
    assert followups.read(5, "waarom?").text == "waarom? haaienaanval Californië"  # the topic, as before
    # The answer's other articles on the same story are the story's too: a trial's Track Palin bond and plea were in
    # the one the first quote was not from.
    followups.remember(3, replace(followups.read(3, "Why was Track Palin arrested?"),
                                  siblings=("palin-2016", "palin-2018")), [("palin-2016", 2, 0)])
    assert followups.read(3, "what did he plead?").story == ("palin-2016", "palin-2018")
    # An answer that quotes nothing keeps the story of a question that names nothing, not of one that names another.
    followups.remember(1, followups.read(1, "wie betaalde de begrafenis?"))
    assert followups.read(1, "waarom?").story == ("palu", "ryder")
    followups.remember(1, followups.read(1, "Wat zei Maxine Waters?"))
    assert followups.read(1, "waarom?").story == ()


def test_what_names_nothing_is_answered_from_the_chats_story(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A reader's trial: after a question about the Palu air traffic controller, "wat zei de woordvoerder?" quoted a
    White House spokesman; after one about a cyclist's death, "what time was it?" repeated where it happened."""
    palu, waters, pint = "ntrex-nl/newsweek.51340", "ntrex-nl/foxnews.94512", "ntrex-nl/dailymail.co.uk.298644"
    cyclist = "ntrex-nl/bbc.381679"
    answerer = ntrex_answerer(tmp_path, palu, waters, pint, cyclist, "ntrex-nl/reuters.218932")
    followups = FollowUps()

    def ask(chat: int, text: str):  # type: ignore[no-untyped-def]
        reading, answer = read_and_answer(answerer, followups, chat, clean_question(text), "nl")
        followups.remember(chat, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
        return reading, [f"{q.article_id}#{q.paragraph}" for q in answer.quotes]

    assert ask(1, "Hoe oud was de luchtverkeersleider in Palu?")[1][0] == f"{palu}#4"
    reading, quoted = ask(1, "wat zei de woordvoerder?")
    assert {q.split("#")[0] for q in quoted} == {palu} and {f"{palu}#8", f"{palu}#13"} <= set(quoted)  # both of them
    assert reading.note("nl").startswith("(gelezen als vraag over “Luchtverkeersleider sterft, terwijl hij ervoor")
    assert reading.note("nl").endswith("het verhaal van dit gesprek; noem je onderwerp of stuur /new om in "
                                       "alle artikelen te zoeken)")
    assert ask(2, "wat zei de woordvoerder?")[1][0] == f"{waters}#12"  # a chat's first question: the whole archive
    # A month asked of the story is the story's month, not a filter on the articles' dates (which these lack).
    reading, answer = read_and_answer(answerer, followups, 1, clean_question("wat gebeurde er in juni?"), "nl")
    assert answer.answered and not any("juni" in note for note in answer.notes)
    reading, quoted = ask(1, "iets anders: hoeveel meer verdienden pubs in juli?")  # the reader's own switch
    assert quoted[0].startswith(pint) and not reading.noted
    ask(3, "Where exactly did the cyclist die in the crash in Deptford?")
    reading, quoted = ask(3, "what time was it?")
    assert quoted == [f"{cyclist}#2"] and reading.note().startswith("(read as a question about “")


def test_a_question_whose_words_the_story_holds_is_the_storys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A reader's trial: after a question about a riot at Long Lartin prison, "what did the spokesperson say?" quoted a
    Brexit article's government spokesperson first, and "and the police?" paged into other stories' police."""
    prison, brexit, trump = "ntrex-en/bbc.381735", "ntrex-en/bbc.381680", "ntrex-nl/newsweek.51330"
    stabbing, tsunami = "ntrex-nl/dailymail.co.uk.298732", "ntrex-nl/nytimes.184837"
    answerer = ntrex_answerer(tmp_path, prison, brexit, trump, stabbing, tsunami)
    followups = FollowUps()
    quoted_before: set[str] = set()

    def ask(text: str):  # type: ignore[no-untyped-def]
        reading, answer = read_and_answer(answerer, followups, 1, clean_question(text), "en")
        followups.remember(1, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
        # More pages past what the chat has quoted on this story (a fact-checker's More repeated it)
        assert not {f"{q.article_id}#{q.paragraph}" for q in answer.more} & quoted_before
        quoted_before.update(f"{q.article_id}#{q.paragraph}" for q in answer.quotes)
        return reading, [f"{q.article_id}#{q.paragraph}" for q in answer.quotes], [q.article_id for q in answer.more]

    assert ask("How many officers were hurt at Long Lartin prison?")[1][0].startswith(prison)
    # Both articles quote a spokesperson; the story holds the question's words as fully as the other: its own.
    reading, quoted, more = ask("what did the spokesperson say?")
    assert quoted[0] == f"{prison}#5" and {q.split("#")[0] for q in quoted} | set(more) == {prison}
    assert reading.note().startswith("(read as a question")
    # A follow-up's own words are searched within the story: the time the riot broke out, not the answers before.
    reading, quoted, more = ask("when did it start?")
    assert quoted[0] == f"{prison}#2" and {q.split("#")[0] for q in quoted} | set(more) == {prison}
    reading, quoted, more = ask("and the police?")
    assert quoted[0] == f"{prison}#7" and {q.split("#")[0] for q in quoted} | set(more) == {prison}
    # A question that names nothing but words the story does not hold asks about another story.
    reading, quoted, more = ask("how many people died in the tsunami?")
    assert quoted[0].startswith(tsunami) and not reading.noted


def test_a_question_pointing_back_that_names_only_the_storys_words_is_the_storys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A conversation of our held-out set: "how much American aid does it get?" after a question about El Salvador
    was asked of every article ("American" counted as a new subject) and quoted American AI funding; the story that
    answers it says "$ 140 miljoen aan Amerikaanse hulp"."""
    salvador, funding = "ntrex-nl/nytimes.184804", "ntrex-nl/cnbc.com.6772"
    answerer = ntrex_answerer(tmp_path, salvador, funding, "ntrex-nl/upi.176275")
    followups = FollowUps()

    def ask(text: str):  # type: ignore[no-untyped-def]
        reading, answer = read_and_answer(answerer, followups, 1, clean_question(text), "en")
        followups.remember(1, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
        return reading, [f"{q.article_id}#{q.paragraph}" for q in answer.quotes]

    assert ask("Why did the US consider punishing El Salvador?")[1][0].startswith(salvador)
    reading, quoted = ask("how much American aid does it get?")
    assert reading.story == (salvador,) and quoted[0] == f"{salvador}#4"
    # A word the story does not hold, or a proper name, may be a new subject: asked of every article.
    assert not followups.read(1, "how much Turkish aid does it get?",
                              story_holds_names=answerer.story_holds_names).story
    assert not answerer.story_holds_names("What did Bolton say about it?", (salvador,))  # the story quotes him
    assert answerer.story_holds_names("What did the Americans say about it?", (salvador,))


def test_a_portfolio_is_no_new_subject(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Dutch editor's trial: "Wat zei hun minister van Buitenlandse Zaken?" after a question about North Korean
    defectors was asked of every article ("Buitenlandse Zaken" counted as a name the story does not mention) and
    quoted other stories' ministers first."""
    defectors = "ntrex-en/bbc.381736"
    answerer = ntrex_answerer(tmp_path, defectors, "ntrex-en/dailymail.co.uk.298622", "ntrex-en/reuters.218882")
    followups = FollowUps()
    quoted = []
    for text in ("Hoeveel Noord-Koreanen zijn vorig jaar naar het zuiden gevlucht?",
                 "Wat zei hun minister van Buitenlandse Zaken?"):
        reading, answer = read_and_answer(answerer, followups, 1, clean_question(text), "nl")
        followups.remember(1, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
        quoted.append(f"{answer.quotes[0].article_id}#{answer.quotes[0].paragraph}")
    assert quoted == [f"{defectors}#2", f"{defectors}#12"] and reading.story == (defectors,)


def test_a_name_spelled_alike_in_both_languages_keeps_strays_out_of_the_story(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Dutch editor's trial: "Hoeveel doden?" after "Wat is er gebeurd op Celebes?" quoted the tsunami's dead first
    and a Birkenhead stabbing's "Om 14 uur stonden twee politieauto's binnen de afzetting" third: the dictionary
    gives "Celebes" as itself, so it had counted as no name, and every article of the first answer joined the
    story."""
    celebes, stabbing = "ntrex-nl/euronews-en.153797", "ntrex-nl/dailymail.co.uk.298732"
    answerer = ntrex_answerer(tmp_path, celebes, stabbing, "ntrex-nl/nytimes.184860")
    followups = FollowUps()
    for line in ("Wat is er gebeurd op Celebes?", "Hoeveel doden?"):
        reading, answer = read_and_answer(answerer, followups, 1, clean_question(line), "nl")
        followups.remember(1, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
    assert reading.story == (celebes,)
    assert answer.quotes[0].article_id == celebes and stabbing not in {q.article_id for q in answer.quotes}


def test_a_story_told_in_two_articles_is_one_story(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A reader's trial: "Why was Track Palin arrested?" was answered from the article about his earlier arrest, and
    the follow-ups stayed there, while the article about this arrest held his plea and his record."""
    rally, arrest = "ntrex-nl/cnn.304478", "ntrex-nl/newsweek.51339"
    answerer = ntrex_answerer(tmp_path, rally, arrest, "ntrex-nl/newsweek.51331")
    followups = FollowUps()
    reading, answer = read_and_answer(answerer, followups, 1, clean_question("Why was Track Palin arrested?"), "en")
    assert answer.quotes[0].article_id == rally and arrest in reading.siblings
    assert answerer.same_story("how old is he?", answer) == []  # a question that names no one tells no story
    followups.remember(1, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
    reading, answer = read_and_answer(answerer, followups, 1, clean_question("has he been arrested before?"), "en")
    assert reading.story == (rally, arrest) and answer.quotes[0].article_id == arrest


@pytest.fixture
async def app(seed_answerer):  # type: ignore[no-untyped-def]
    server = BotApiServer().start()
    application = build_application(seed_answerer, token=TOKEN, base_url=server.base_url)
    clock = Clock()
    application.bot_data["followups"] = FollowUps(clock=clock)
    await _start(application)
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    yield server, application, clock
    await _stop(application)
    server.stop()


async def _ask(server: BotApiServer, text: str, chat_id: int, **kwargs) -> str:  # type: ignore[no-untyped-def]
    before = len(_texts(server, chat_id))
    server.api.push(server.api.user_message(text, chat_id=chat_id, **kwargs))
    await _until(lambda: len(_texts(server, chat_id)) > before)
    return _texts(server, chat_id)[before]


async def test_what_else_did_he_say_quotes_what_was_not_shown(app) -> None:  # type: ignore[no-untyped-def]
    """A Dutch reader's "wat zei hij nog meer?" after "Wat zei Bill Jaynes?" quoted the same two paragraphs again."""
    server, application, clock = app
    first = await _ask(server, "Wat zei Loekasjenko?", 21)
    again = await _ask(server, "wat zei hij nog meer?", 21)
    shown = set(re.findall(r"alinea (\d)", first))
    assert shown and again.startswith("(gelezen als: wat zei Loekasjenko nog meer?)")
    assert re.findall(r"alinea (\d)", again) and not shown & set(re.findall(r"alinea (\d)", again))
    assert "Aleksandr Loekasjenko, in: " in again  # still his words
    # Stoltenberg speaks once: the rest would be others' words (a trial got three stories' quotes under a note).
    await _ask(server, "What did Jens Stoltenberg say?", 21)
    rest = await _ask(server, "what else did he say?", 21)
    assert rest.startswith("(reading this as: what else did Jens Stoltenberg say?)")
    assert "I could not find that in the articles. (the articles quote nothing more of Jens Stoltenberg)" in rest
    assert "paragraph" not in rest
    followups = FollowUps()
    followups.remember(1, followups.read(1, "Wat zei Loekasjenko?"), [("a", 4, 0)])
    assert followups.read(1, "en wat zei hij nog meer?").exclude == {("a", 4, 0)}
    assert followups.read(1, "en waarom?").exclude == frozenset()  # the same passages may answer why


async def test_a_follow_up_answered_by_the_same_passages_says_so(app) -> None:  # type: ignore[no-untyped-def]
    """An English reader's trial: "and why?" got the previous answer again, word for word, without a word."""
    server, application, clock = app
    first = await _ask(server, "Wat gaf Loekasjenko toe?", 23)
    again = await _ask(server, "en waarom?", 23)
    assert set(re.findall(r"alinea (\d)", again)) <= set(re.findall(r"alinea (\d)", first))
    assert "Deze passages liet ik al eerder zien." in again
    # More's heading names the question as asked, not as read (a wire editor's read "what did the coach say? Who was
    # arrested over …")
    assert (await _ask(server, "meer", 23)).startswith("Meer over “en waarom?”:")
    other = await _ask(server, "and what did he deny?", 23)  # new passages: no such note
    assert "paragraph 4" in other and "showed before" not in other


async def test_a_chats_messages_fetched_together_are_answered_in_order(app) -> None:  # type: ignore[no-untyped-def]
    """A Telegram trial: a question, its follow-up and "meer" fetched in one batch (after a restart, or while the
    bot was busy) were handled at once: "meer" found nothing yet, the follow-up no question to follow."""
    server, application, clock = app
    server.api.push_batch([server.api.user_message(text, chat_id=41)
                           for text in ("Wat gaf Loekasjenko toe?", "En wat ontkende hij?", "meer")])
    await _until(lambda: len(_texts(server, 41)) >= 3)
    first, follow_up, more = _texts(server, 41)[:3]
    assert first.startswith("<blockquote>") and "alinea 6" in first
    assert follow_up.startswith("(gelezen als: wat ontkende Loekasjenko?)")
    assert more.startswith("Meer over")


async def test_one_chats_flood_does_not_hold_up_other_chats(app, caplog) -> None:  # type: ignore[no-untyped-def]
    """A security review: 40 questions from one chat took all eight places while they waited for their chat's
    turn, and another reader waited 137 s for an answer. A chat now waits for its turn before taking a place, and
    what it sends beyond MAX_WAITING at once is dropped."""
    from bot.chat_order import MAX_WAITING

    server, _, _ = app
    flood = [server.api.user_message(f"Wat zei Stoltenberg? {n}", chat_id=500) for n in range(MAX_WAITING + 10)]
    server.api.push_batch([*flood, server.api.user_message("Wat gaf Loekasjenko toe?", chat_id=42)])
    await _until(lambda: len(_texts(server, 42)) >= 1)
    assert len(_texts(server, 500)) < MAX_WAITING // 2  # answered while most of the flood still waits
    await _until(lambda: len(_texts(server, 500)) >= MAX_WAITING, timeout=180)
    assert "dropped: 30 updates of its chat are already waiting" in caplog.text
    assert "Stoltenberg" not in caplog.text  # the dropped messages' text is not logged


async def test_follow_ups_in_private_chats_and_groups(app) -> None:  # type: ignore[no-untyped-def]
    server, application, clock = app
    await _ask(server, "Wat gaf Loekasjenko toe?", 11)
    follow_up = await _ask(server, "En wat ontkende hij?", 11)
    assert follow_up.startswith("(gelezen als: wat ontkende Loekasjenko?)\n\n<blockquote>")
    # A name typed without its capital is a name of its own: a new topic (a trial read it with the question before).
    own = await _ask(server, "wat zei stoltenberg", 11)
    assert own.startswith("<blockquote>Jens Stoltenberg") and "Jens Stoltenberg, in: <i>" in own
    # Per chat; where nothing earlier says who "he" is, the answer says so (a trial took its quotes for his).
    assert (await _ask(server, "En wat ontkende hij?", 12)).startswith(
        "(geen eerdere vraag in dit gesprek zegt wie “hij” is: noem de naam voor een beter antwoord)\n\n")
    assert (await _ask(server, "What did the security services do?", 16)).startswith("<blockquote>")

    await _ask(server, "/ask Wat zei Stoltenberg?", -300, chat_type="group")
    group = await _ask(server, "/ask en waarom?", -300, chat_type="group")
    assert group.startswith("(gelezen samen met je eerdere vraag: Wat zei Stoltenberg?)")
    assert "Jens Stoltenberg" in group

    assert (await _ask(server, "/new", 11)).startswith("Nieuw onderwerp")  # the last question's language
    assert (await _ask(server, "Wat ontkende hij?", 11)).startswith("(geen eerdere vraag")

    await _ask(server, "Wat gaf Loekasjenko toe?", 13)
    clock.now += 601  # context expires after ten minutes, which the note says
    assert (await _ask(server, "Wat ontkende hij?", 13)).startswith("(je vorige vraag is meer dan 10 minuten geleden")


async def test_a_reply_to_an_older_answer_follows_that_answer_and_topics_keep_their_own(app) -> None:  # type: ignore[no-untyped-def]
    """A Telegram trial: in a group, a reply to the Lukashenko answer after another member asked about the Navo read
    "what did Navo deny?", "meer" replying to it paged the Navo answer, and a forum topic took another topic's
    question for its context."""
    server, _, _ = app
    api = server.api
    await _ask(server, "/ask What did Lukashenko admit?", -400, chat_type="group")
    lukashenko = next(m for m in api.messages if m.chat_id == -400)
    await _ask(server, "/ask Wie is de secretaris-generaal van de Navo?", -400, chat_type="group")
    reply = await _ask(server, "and what did he deny?", -400, chat_type="group", reply_to=lukashenko)
    assert reply.startswith("(reading this as: what did Lukashenko deny?)")
    why = await _ask(server, "en waarom?", -400, chat_type="group", reply_to=lukashenko, user_id=2)
    # another member's question, not "je vorige vraag" (a Telegram trial)
    assert why.startswith("(gelezen samen met de vraag van het antwoord waarop je reageert: What did Lukashenko admit?)")
    more = await _ask(server, "more", -400, chat_type="group", reply_to=lukashenko)
    assert more.startswith("More for “What did Lukashenko admit?”")
    pages = [more]
    while (again := await _ask(server, "more", -400, chat_type="group", reply_to=lukashenko)) != (
            "There is nothing more for your last question.") and len(pages) < 5:
        assert again not in pages  # the next page each time, never the same one again
        pages.append(again)
    assert again == "There is nothing more for your last question."  # once all of it was shown

    def in_topic(text: str, topic: int) -> dict:
        update = api.user_message(text, chat_id=-500, chat_type="supergroup")
        update["message"] |= {"message_thread_id": topic, "is_topic_message": True}
        return update

    for text, topic in [("/ask What did Lukashenko admit?", 7), ("/ask Wie is de secretaris-generaal van de Navo?", 8)]:
        before = len(_texts(server, -500))
        api.push(in_topic(text, topic))
        await _until(lambda: len(_texts(server, -500)) > before)
    api.push(in_topic("/ask and what did he deny?", 7))
    await _until(lambda: len(_texts(server, -500)) > 2)
    assert _texts(server, -500)[2].startswith("(reading this as: what did Lukashenko deny?)")


async def test_inline_queries_have_no_context(app) -> None:  # type: ignore[no-untyped-def]
    server, application, _ = app
    await _ask(server, "Wat gaf Loekasjenko toe?", 14)
    server.api.push({"inline_query": {"id": "q2", "from": {"id": 14, "is_bot": False, "first_name": "R"},
                                      "query": "Wat ontkende hij?", "offset": ""}})
    await _until(lambda: server.api.inline_answers)
    texts = [r["input_message_content"]["message_text"] for r in server.api.inline_answers[0]["results"]]
    assert not any("reading this as" in t for t in texts)
    assert application.bot_data["followups"].read(14, "waarom?").text == "waarom? Wat gaf Loekasjenko toe?"


async def test_a_message_without_words_gets_the_hint_not_a_reading_as_a_follow_up(app) -> None:  # type: ignore[no-untyped-def]
    server, _, _ = app
    await _ask(server, "Wat gaf Loekasjenko toe?", 15)
    # In the language of the question before: the hint has no words of its own to go by
    assert (await _ask(server, "😀", 15)).startswith("Ik kan alleen naar woorden zoeken")
    assert (await _ask(server, "<b></b>", 15)).startswith("Typ een vraag")



def test_an_answer_from_outside_the_chats_story_says_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A fact-checker's trial: "hoeveel mensen kwamen om?" in a chat about the 1968 Tlatelolco massacre quoted the
    Belarus border's dead from another article, and nothing said it had left the chat's story."""
    mexico = "ntrex-en/abcnews.306758"
    answerer = ntrex_answerer(tmp_path, mexico, "ntrex-nl/reuters.218863", "ntrex-nl/euronews-en.153799")
    followups = FollowUps()
    for line in ("Wat beloofde Lopez Obrador over het leger?", "hoeveel mensen kwamen om bij de aardbeving?"):
        reading, answer = read_and_answer(answerer, followups, 1, clean_question(line), "nl")
        followups.remember(1, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
    assert answer.quotes[0].article_id != mexico
    assert answer.notes[-1] == ("Niet uit het verhaal van dit gesprek (“Mexico's AMLO vows not to use military against "
                                "civilians”): daarin staat niets wat zo dicht bij de vraag komt.")
    # Asked of the story and answered from it: no such note.
    reading, answer = read_and_answer(answerer, FollowUps(), 2, clean_question("Wat beloofde Lopez Obrador?"), "nl")
    assert not any(note.startswith("Niet uit het verhaal") for note in answer.notes)


def test_a_story_is_not_joined_by_articles_sharing_no_name_of_the_question(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Dutch reader's chat: after "Hoeveel cipiers raakten gewond in Long Lartin?", answered from the prison
    article, "wanneer begon het?" was read as a question about the Palu tsunami, whose article a More passage had
    joined to the story: the question's names ("Long Lartin", no proper name by the dictionary) had ruled out
    nothing. Nor does an article count for a name it writes in another name's spelling ("Martin" for "Lartin")."""
    prison, tsunami, harlem = "ntrex-nl/bbc.381735", "ntrex-nl/reuters.218863", "ntrex-nl/nytimes.184853"
    answerer = ntrex_answerer(tmp_path, prison, tsunami, harlem)
    question = "Hoeveel cipiers raakten gewond in Long Lartin?"
    answer = answerer.answer(question)
    palu = answerer.answer("Hoeveel mensen kwamen om door de tsunami in Palu?").quotes[0]
    bells = answerer.answer("Waarom zwijgen de klokken van Saint Martin's in Harlem?")
    assert (answer.quotes[0].article_id, palu.article_id, bells.quotes[0].article_id) == (prison, tsunami, harlem)
    joined = answerer.same_story(question, replace(answer, more=[*answer.more, palu, bells.quotes[0]]))
    assert tsunami not in joined and harlem not in joined, joined
    first = replace(answer, quotes=answer.quotes[:1], more=[bells.quotes[0]])
    assert answerer.same_story("Wat gebeurde er in Lartin?", first) == []
    # An article that writes the names asked about tells the same story.
    assert answerer.same_story("Waarom zwijgen de klokken van Harlem?", first) == [harlem]


def test_he_stands_for_a_surname_the_articles_write_after_a_given_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Dutch reader's "hoe oud is hij?" after "Waarom eisen de aanklagers de doodstraf voor Sajpov?" was read with
    that question, not as "hoe oud is Sajpov?", and his age was not shown: one word stood for a person only where
    someone quoted has it."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/abcnews.306774")
    assert answerer.pronoun_stands_for("Sajpov", "he")
    assert not answerer.pronoun_stands_for("Manhattan", "he")  # "Lower Manhattan": no given name
    followups = FollowUps()
    reading, answer = read_and_answer(answerer, followups, 1,
                                      clean_question("Waarom eisen de aanklagers de doodstraf voor Sajpov?"), "nl")
    followups.remember(1, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
    reading, answer = read_and_answer(answerer, followups, 1, clean_question("hoe oud is hij?"), "nl")
    assert reading.text == "hoe oud is Sajpov?" and "Sajpov, 30" in answer.quotes[0].text
