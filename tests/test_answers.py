"""Answering: quotes with sources, the measured retrieval quality, filters, and bad questions."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EVAL, FIXTURES, ROOT, SEED_ID, SEEDS, articles_answerer, ntrex_answerer

from bot.answer import Answerer
from bot.messages import say
from bot.question import MAX_QUESTION_CHARS, QuestionError, clean_question
from index import Filters, open_retriever
from index.amounts import asks_for_money
from index.answer_types import COUNT, WHO, YEAR, expected_answer_type, holds_answer_type
from index.bridge.dictionary import find_dictionary, load_dictionary
from index.entities import names_in_question
from index.evaluation import evaluate, load_questions
from index.live import LiveIndex
from index.unnamed import name_asked_for, name_not_given, names_asked_for


def _paragraphs(answer) -> list[int]:  # type: ignore[no-untyped-def]
    return [q.paragraph for q in answer.quotes]


def test_dutch_design_example_quotes_both_admissions_first(seed_answerer: Answerer) -> None:
    assert set(_paragraphs(seed_answerer.answer("Wat gaf Loekasjenko toe?"))[:2]) == {1, 6}


def test_dutch_admission_question_quotes_the_okrestina_paragraph_verbatim(seed_answerer: Answerer) -> None:
    answer = seed_answerer.answer("Wat gaf Loekasjenko toe?")
    assert answer.answered
    quote = next(q for q in answer.quotes if q.paragraph == 6)
    raw = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    assert quote.paragraph == 6 and quote.text in raw
    assert "geeft Loekasjenko toe" in quote.highlight_text()
    assert quote.citation().endswith("· 2021-11 · alinea 6")  # cited in the language of the question
    # Marked pieces apart in the passage are not joined as one quote in the JSON (a fact-checker's trial).
    from dataclasses import replace

    apart = replace(quote, highlights=((0, 14), (30, 40)))
    assert apart.highlight_text() == f"{quote.text[:14]} … {quote.text[30:40]}"


@pytest.mark.parametrize("question", ["what did Loekasjenko admit?", "what did Loekasjenko admit",
                                      "What did Lukashenko admit?", "What did Loekasjenko admit?"])
def test_design_example_quotes_both_admissions_first(seed_answerer: Answerer, question: str) -> None:
    answer = seed_answerer.answer(question)
    assert answer.answered and set(_paragraphs(answer)[:2]) == {1, 6}


@pytest.mark.parametrize("question", ["Wat gaf Loekasjenko toe?", "What did Lukashenko admit?"])
def test_a_denial_is_not_marked_as_what_was_admitted(seed_answerer: Answerer, question: str) -> None:
    """An operator's trial: the design example's third quote had "Loekasjenko ontkent …" (denies) in bold; the
    encoders place a denial as close as an admission. A paragraph whose closest sentence holds another reporting
    verb, and none the asked one, marks nothing; the admissions keep their marks."""
    quotes = {q.paragraph: q for q in seed_answerer.answer(question).quotes}
    assert 4 in quotes and quotes[4].highlights == ()
    assert quotes[6].highlights and quotes[1].highlights


def test_english_admission_question_quotes_the_lead(seed_answerer: Answerer) -> None:
    answer = seed_answerer.answer("what did Loekasjenko admit?")
    assert 1 in _paragraphs(answer)
    lead = next(q for q in answer.quotes if q.paragraph == 1)
    assert "‘absoluut mogelijk’" in lead.text


def test_unanswerable_question_is_refused_honestly(seed_answerer: Answerer) -> None:
    answer = seed_answerer.answer("How many people live in Warsaw?")
    assert not answer.answered and answer.quotes == []
    assert answer.text() == "I could not find that in the articles. (the articles do not mention Warsaw)"


def _report(index_dir: Path, name: str):  # type: ignore[no-untyped-def]
    return evaluate(open_retriever(index_dir), load_questions(EVAL / name))


@pytest.fixture(scope="module")
def seed_report(seed_index: Path):  # type: ignore[no-untyped-def]
    return _report(seed_index, "seed_questions.jsonl")


def test_question_set_is_big_enough(seed_report) -> None:  # type: ignore[no-untyped-def]
    assert seed_report.languages["en"].questions >= 30 and seed_report.languages["nl"].questions >= 30
    assert seed_report.unanswerable >= 15


def test_quality_targets(seed_report) -> None:  # type: ignore[no-untyped-def]
    """The answering issue's targets."""
    en, nl = seed_report.languages["en"], seed_report.languages["nl"]
    assert en.rate(en.top1) >= 0.90 and nl.rate(nl.top1) >= 0.90
    assert en.rate(en.top3) >= 0.98 and nl.rate(nl.top3) >= 0.98
    # "Hoe maak je een goede pindasaus?" is not answered from the Lukashenko article: measured 1/16 since the
    # answer model reads the question's language (6/16 before; docs/retrieval.md, "Answering").
    assert seed_report.unanswerable_answered <= 1
    assert seed_report.answerable_refused <= 0.02 * seed_report.answerable


def test_measured_quality_does_not_regress(seed_report) -> None:  # type: ignore[no-untyped-def]
    """Measured 96.9% / 93.5% top-1 (docs/retrieval.md); a change that lowers them must say why."""
    en, nl = seed_report.languages["en"], seed_report.languages["nl"]
    assert en.rate(en.top1) >= 0.96 and nl.rate(nl.top1) >= 0.93


def test_questions_never_fitted_on_meet_the_seed_targets(seed_index: Path) -> None:
    """31 questions written by a helper who saw only the article, after the ranking was chosen (never
    fitted on). Measured 20/20 English and 11/11 Dutch top-1; the issue asks 19/20 and 10/11."""
    report = _report(seed_index, "seed_heldout_questions.jsonl")
    en, nl = report.languages["en"], report.languages["nl"]
    assert (en.questions, nl.questions) == (20, 11)
    assert en.top1 >= 19 and nl.top1 >= 10
    # "… het regime in Minsk?": the article never names Minsk, so the answer says so instead of quoting.
    assert report.answerable_refused <= 1


def test_whose_words_are_asked_is_a_name_typed_without_capitals(seed_answerer: Answerer) -> None:
    """A trial over English articles that never name Stoltenberg: "what did stoltenberg say" quoted a tsunami survivor's
    "he said" (with capitals it was refused); a word no article and no lexicon knows stands for a name there."""
    assert seed_answerer.answer("what did scholz say").reason == "the articles do not mention Scholz"
    assert seed_answerer.answer("wat zei mark rutte over de grens").reason == "de artikelen noemen Rutte niet"
    answer = seed_answerer.answer("what did stoltenburg say")  # a misspelling of a name the article writes
    assert answer.answered and answer.quotes[0].paragraph == 8
    # elsewhere such a word is more often a compound or a typo than a name: searched as it is
    assert seed_answerer.as_read("hoe lang duurt de slaapcursus") == "hoe lang duurt de slaapcursus"
    assert seed_answerer.as_read("what did the spokesmn say") == "what did the spokesmn say"  # a role, mistyped


def test_names_match_in_other_spellings_and_translations_not_by_association(seed_index: Path,
                                                                            seed_answerer: Answerer) -> None:
    """USE places "Merkel" 0.59 from the article's "Duitsland": an association, not her name."""
    answer = seed_answerer.answer("What did Merkel say?")
    assert not answer.answered and answer.reason == "the articles do not mention Merkel"
    assert seed_answerer.answer("Who won the 2022 World Cup?").reason == "the articles do not mention World Cup"
    retriever = open_retriever(seed_index)
    for question in ["What did Lukashenko say?", "What did Stoltenburg say?", "What did NATO say?",
                     "What does Belarus want?", "What did Poland do?",
                     "What did Lukashenko admit in November?", "Wat zei Loekasjenko op Tuesday?"]:  # no one is called that
        assert retriever.unknown_names(question) == [], question


def test_a_question_in_another_language_says_so(seed_answerer: Answerer) -> None:
    """A trial's French question was answered as if it were English, without a word. It is still searched (e5 reads
    French), with a note in the reader's likely language; a German noun's capital makes it no name."""
    french = seed_answerer.answer("Qu'est-ce que Loekasjenko a admis?")
    assert french.notes[0] == "This question looks French; I read English and Dutch, so these passages may not answer it."
    german = seed_answerer.answer("Wie viele Migranten sind an der Grenze?")
    assert german.notes == ["This question looks German; I read English and Dutch, so these passages may not answer it."]
    for question in ("Wat gaf Loekasjenko toe?", "What did Lukashenko admit?", "Who is Jens Stoltenberg?",
                     "wat zei stoltenberg"):
        assert not any("looks" in n or "lijkt" in n for n in seed_answerer.answer(question).notes), question


def test_questions_about_nothing_in_the_articles_are_not_answered(seed_index: Path,
                                                                  seed_answerer: Answerer) -> None:
    """30 questions a helper wrote about topics no article covers ("Hoe vaak moet je een cactus water
    geven?"), never fitted on: measured 1 of 30 answered (13 before the answer model read the question's
    language and learnt from such questions)."""
    report = _report(seed_index, "far_topic_test.jsonl")
    assert report.unanswerable == 30 and report.unanswerable_answered <= 2
    answer = seed_answerer.answer("Hoe maak je een goede pindasaus?")
    assert not answer.answered and answer.quotes == [] and answer.closest == []


def test_a_nearly_answered_question_shows_the_closest_passages_and_one_about_nothing_shows_none(
        seed_answerer: Answerer) -> None:
    """The article names the sanctions but not when they began: refused, with the closest paragraphs offered
    as such. Nothing in it is about renewing a passport: no paragraph about migrants is offered as closest."""
    near = seed_answerer.answer("Wanneer zijn de sancties ingegaan?")
    assert not near.answered and near.quotes == [] and near.closest
    assert near.reason == "de passages die er het dichtst bij komen, geven geen antwoord op de vraag"  # asked in Dutch
    assert near.text().startswith("Dat kon ik niet in de artikelen vinden.\n\nDe passages die er het dichtst bij "
                                  "komen, maar geen antwoord geven:\n\n“")  # the reason once, as their heading
    assert near.to_json()["answered"] is False and near.to_json()["passages"] == [] and near.to_json()["closest"]
    far = seed_answerer.answer("How do I renew my passport online?")
    assert not far.answered and far.closest == []
    assert far.text() == "I could not find that in the articles. (no passage is close enough to the question)"


def test_counting_and_dating_questions_prefer_passages_with_the_answer(seed_index: Path) -> None:
    retriever = open_retriever(seed_index)
    for question, paragraph in [("How many migrants are waiting in Belarus?", 3),
                                ("Since what year has Lukashenko ruled Belarus?", 5)]:
        assert retriever.search(question).hits[0].passage.paragraph == paragraph, question


@pytest.mark.parametrize(("question", "expected"), [
    ("How many seals were counted?", COUNT), ("Hoeveel kost een kaartje?", COUNT), ("how much did it cost", COUNT),
    ("Since what year has he ruled?", YEAR), ("Sinds welk jaar regeert hij?", YEAR), ("Hoe lang is hij al aan de macht?", COUNT),
    ("What did Loekasjenko admit?", None), ("Wie is de secretaris-generaal van de Navo?", WHO),
])
def test_answer_type_of_a_question(question: str, expected: str | None) -> None:
    assert expected_answer_type(question) == expected


def test_answer_type_in_a_passage() -> None:
    assert holds_answer_type("Duizenden migranten verblijven in Wit-Rusland.", COUNT)
    assert holds_answer_type("Researchers counted 11,000 seals.", COUNT)
    assert not holds_answer_type("Een man zei dat hij het niet wist.", COUNT)  # "een" is an article here
    assert holds_answer_type("Loekasjenko is sinds 1994 aan de macht.", YEAR)
    assert not holds_answer_type("Loekasjenko ontkent dat de migranten uitgenodigd werden.", YEAR)


def test_multi_article_questions_find_the_right_article(newsroom_index: Path) -> None:
    report = _report(newsroom_index, "newsroom_questions.jsonl")
    for scores in report.languages.values():
        assert scores.rate(scores.top3) >= 0.98
    assert report.unanswerable_answered == 0 and report.answerable_refused == 0


@pytest.fixture(scope="module")
def newsroom_answerer(newsroom_index: Path) -> Answerer:
    return Answerer(LiveIndex(newsroom_index))


def test_article_filter_keeps_to_one_article(newsroom_answerer: Answerer) -> None:
    answer = newsroom_answerer.answer("How many people died?", filters=Filters(article="2022-08-seals"))
    assert all(q.article_id == "2022-08-seals" for q in answer.quotes + answer.more)


def test_a_name_no_article_searched_mentions_is_said_under_a_filter(newsroom_answerer: Answerer) -> None:
    """An archivist's trial: with --since or --article, a question about a place only an article outside the
    filter names was answered from the others, as if they told of it."""
    question = "How many seals were counted in the Wadden Sea?"
    assert newsroom_answerer.answer(question).answered
    answer = newsroom_answerer.answer(question, filters=Filters(article="2022-06-port-strike"))
    assert not answer.answered and answer.quotes == []
    assert answer.reason == ("the articles do not mention Wadden Sea; only article “Rotterdam dockworkers strike over "
                             "wages” was searched")  # its title, not its id (a Dutch reader's trial)


def test_date_filter_uses_the_bound_precision(newsroom_answerer: Answerer) -> None:
    answer = newsroom_answerer.answer("Hoeveel zeehonden zijn er geteld?", filters=Filters(since="2022-06"))
    assert answer.answered and answer.quotes[0].article_id == "2022-08-seals"
    dates = [q.date for q in answer.quotes + answer.more]
    assert all(d is not None and d[:7] >= "2022-06" for d in dates)
    none = newsroom_answerer.answer("Hoeveel fietsen?", filters=Filters(since="2030"))
    assert not none.answered and none.reason == "geen artikel voldoet aan de filters: van 2030 of later"
    none = newsroom_answerer.answer("How many bicycles?", filters=Filters(since="2030"))
    assert not none.answered and none.reason == "no article matches the filters: dated 2030 or later"


def test_an_article_filed_twice_is_quoted_once(tmp_path: Path) -> None:
    from index import build_index
    from index.live import LiveIndex

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    (seeds / "original.txt").write_text(seed, encoding="utf-8")
    (seeds / "copy.txt").write_text(seed, encoding="utf-8")
    build_index(seeds, tmp_path / "index", encoders=("use", "e5"))
    answer = Answerer(LiveIndex(tmp_path / "index")).answer("Wat gaf Loekasjenko toe?")
    texts = [q.text for q in [*answer.quotes, *answer.more]]
    assert answer.quotes[0].paragraph == 6 and len(texts) == len(set(texts)) >= 3


def test_words_no_article_or_dictionary_knows_are_not_answered(tmp_path: Path) -> None:
    """A short paragraph sits close to any short text under the encoders: "xyz" was quoted it."""
    from index import build_index
    from index.live import LiveIndex

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_text((SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (seeds / "short.txt").write_text("title Test\ndate 2024-01-02\n\nEen korte test over builds in Leeuwarden.")
    build_index(seeds, tmp_path / "index", encoders=("use", "e5"))
    answerer = Answerer(LiveIndex(tmp_path / "index"))
    for gibberish in ("xyz", "blorf quix zemp?"):
        answer = answerer.answer(gibberish)
        assert not answer.answered and answer.reason == "none of its words occur in the articles", gibberish
        assert answer.closest == []
    assert answerer.answer("What did Loekasjenko admit?").quotes[0].paragraph in (1, 6)
    # A name the articles spell otherwise is a word they hold, whatever the typo beside it: before, this was
    # refused as "none of its words occur in the articles".
    typo = answerer.answer("What did Lukashenko admitt?")
    assert typo.answered and typo.quotes[0].article_id == "seed"


def test_what_is_new_quotes_the_newest_articles_leads(newsroom_answerer: Answerer) -> None:
    """A question that asks for the news and names no topic gets the newest articles' first paragraphs, newest
    first, within the period it names; before, "nieuws sinds 2021" searched for "nieuws" and found nothing."""
    from index import Filters

    def leads(answer) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
        return [(q.article_id, q.paragraph) for q in [*answer.quotes, *answer.more]]

    latest = newsroom_answerer.answer("What's the latest news?")
    assert latest.answered and latest.notes == ["The newest articles, each with its first paragraph."]
    assert leads(latest) == [("dnb-woningmarkt", 1), ("2022-08-seals", 1), ("2022-06-port-strike", 1),
                             ("utrecht-fietsenstalling", 1), (SEED_ID, 1)]
    assert len(latest.quotes) == 3
    # Leads listed answer no question: "More" marks no sentence in them, as the first page marks none.
    assert all(not q.highlights for q in [*latest.quotes, *newsroom_answerer.highlight("What's the latest news?",
                                                                                       latest.more)])
    assert leads(newsroom_answerer.answer("nieuws sinds juni 2022")) == [
        ("dnb-woningmarkt", 1), ("2022-08-seals", 1), ("2022-06-port-strike", 1)]
    assert leads(newsroom_answerer.answer("What happened?", filters=Filters(until="2022-03"))) == [
        ("utrecht-fietsenstalling", 1), (SEED_ID, 1)]
    nothing = newsroom_answerer.answer("news since 2024")
    assert not nothing.answered and nothing.reason == "no article is dated 2024 or later, the period the question asks for"
    # A topic is searched as any question is, and "When did that happen?" asks about something said before.
    assert newsroom_answerer.answer("What is new about the seal count?").quotes[0].article_id == "2022-08-seals"
    assert not newsroom_answerer.answer("Wanneer gebeurde dat?").notes


def test_undated_articles_are_not_the_newest_but_may_tell_of_a_period(tmp_path: Path) -> None:
    """Over the archive (NTREX is undated) "What's new?" listed undated articles after the dated ones, in title
    order, as if they were new; and "How many people have been killed in the Syrian war since 2011?" searched the
    dated seed alone (quoting its border deaths) although an undated article answers it."""
    from index import build_index
    from index.live import LiveIndex

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "undated.txt").write_text("title Bruggen\n\nSinds 2020 zijn in Leeuwarden drie nieuwe bruggen gebouwd.\n",
                                       encoding="utf-8")
    build_index(seeds, tmp_path / "index", encoders=("use", "e5"))
    answerer = Answerer(LiveIndex(tmp_path / "index"))
    answer = answerer.answer("What's new?")
    assert not answer.answered and answer.reason == "no article has a date to tell the newest"
    # Where no article has a date, a period leaves nothing out: no note that it did (a trial's over 45 undated ones).
    alone = answerer.answer("Hoeveel bruggen zijn er sinds 2020 in Leeuwarden gebouwd?")
    assert alone.answered and not alone.notes
    (seeds / "dated.txt").write_text("title Brug open\ndate 2024-01-02\n\nDe brug over de Harinxmakanaal in "
                                     "Leeuwarden is na een storing weer open.\n", encoding="utf-8")
    build_index(seeds, tmp_path / "index", encoders=("use", "e5"))
    answerer.live.reload()
    assert [q.article_id for q in [*answerer.answer("What's new?").quotes]] == ["dated"]
    bridges = answerer.answer("Hoeveel bruggen zijn er sinds 2020 in Leeuwarden gebouwd?")
    assert bridges.notes == ["Alleen artikelen van 2020 of later (of zonder datum), zoals gevraagd."]
    assert bridges.quotes[0].article_id == "undated"
    # Articles "of" a period are dated in it: the undated one is left out.
    of_2024 = answerer.answer("Hoeveel bruggen zijn er in Leeuwarden gebouwd, in artikelen van 2024?")
    assert of_2024.notes == ["Alleen artikelen van 2024, zoals gevraagd."]
    assert {q.article_id for q in [*of_2024.quotes, *of_2024.closest]} <= {"dated"}


def test_answer_carries_url_author_and_escapes_html(newsroom_answerer: Answerer) -> None:
    answer = newsroom_answerer.answer("<b>Why</b> are the Rotterdam dockworkers on strike?")
    quote = answer.quotes[0]
    assert quote.article_id == "2022-06-port-strike" and quote.url == "https://example.org/news/rotterdam-port-strike"
    assert '<a href="https://example.org/news/rotterdam-port-strike">' in quote.html()
    # The front matter's author is cited with the article, in every form of the answer.
    assert quote.citation().startswith("Rotterdam dockworkers strike over wages · by Newsroom test desk · 2022-06-14 ·")
    assert "</i> · by Newsroom test desk · 2022-06-14 · paragraph" in quote.html()
    assert quote.to_json()["author"] == "Newsroom test desk"
    seals = newsroom_answerer.answer("How many seals were counted in the Wadden Sea?").quotes[0]
    assert seals.author is None and " by " not in seals.citation() and seals.to_json()["author"] is None
    assert seals.to_json()["source"] == "Newsroom test desk"  # its front matter's source, in the JSON


@pytest.mark.parametrize("raw, hint", [("", "Please type a question"), ("   \n\t ", "Please type a question"),
                                       ("🙂🙂🙂", "I can only search for words"), ("?!...", "I can only search for words")])
def test_empty_or_wordless_questions_get_a_hint(raw: str, hint: str) -> None:
    with pytest.raises(QuestionError, match=hint):
        clean_question(raw)


@pytest.mark.parametrize("raw, hint", [("hello", "Hello! Ask me about the news"), ("Hallo!", "Hello! Ask me"),
                                       ("thanks!", "You are welcome! Ask me"), ("dank je wel", "You are welcome!")])
def test_greetings_and_thanks_get_a_reply_not_quotes(raw: str, hint: str) -> None:
    with pytest.raises(QuestionError, match=hint):
        clean_question(raw)


@pytest.mark.parametrize("raw", ["waarom?", "what", "The", "Wie?", "Wat zei hij?", "Wat heeft ze gezegd?"])
def test_a_question_word_alone_asks_for_a_whole_question(raw: str, seed_answerer: Answerer) -> None:
    with pytest.raises(QuestionError, match="alone does not say what to look for: ask a whole question"):
        seed_answerer.answer(raw)


def test_whose_words_of_function_words_only_are_looked_for(seed_answerer: Answerer) -> None:
    """A fact-checker's 'Who said "So are we"?' was told that it says nothing to look for."""
    answer = seed_answerer.answer("Wie zei ‘Maar ik zal dat niet eens’?")  # function words each
    assert answer.answered and "Maar ik zal dat niet eens" in answer.quotes[0].text
    with pytest.raises(QuestionError, match="alone does not say what to look for"):
        seed_answerer.answer('Who said "no"?')


def test_control_and_bidi_characters_are_stripped() -> None:
    assert clean_question("wat \u202egaf\x00Loekasjenko\u200b toe?").text == "wat gaf Loekasjenko toe?"


def test_an_unknown_name_is_named_whole_as_written(seed_answerer: Answerer) -> None:
    """A journalist's trial: "Who won the 2018 Tour de France?" was told "the articles do not mention Tour", as
    France was known. Over the seed, which names Polen:"""
    answer = seed_answerer.answer("Who won the Tour de Pologne in Polen?")
    assert not answer.answered and answer.reason == "the articles do not mention Tour de Pologne"


def test_a_refusal_under_a_filter_says_what_was_searched(seed_answerer: Answerer) -> None:
    answer = seed_answerer.answer("How do I renew my passport online?", filters=Filters(since="2021"))
    assert not answer.answered
    assert answer.reason == "no passage is close enough to the question; only articles dated 2021 or later were searched"
    # A name the filtered articles lack is theirs to lack: a journalist's "--since 2018" over an undated archive had
    # been told that "the articles do not mention Wayde Sims".
    answer = seed_answerer.answer("What did Wayde Sims say?", filters=Filters(since="2021"))
    assert answer.reason == "no article dated 2021 or later mentions Wayde Sims"
    # A name the articles write otherwise is theirs all the same under a filter: a trial's "Who is in power in
    # Belarus?" was answered from the seed's Wit-Rusland, and refused with --until 2022 or --article.
    for filters in (Filters(until="2022"), Filters(article=SEED_ID)):
        answer = seed_answerer.answer("Who is in power in Belarus?", filters=filters)
        assert answer.answered and answer.quotes[0].paragraph == 5, answer.reason


def test_html_tags_in_a_question_are_not_searched(seed_answerer: Answerer) -> None:
    assert clean_question("<b>Wat gaf Loekasjenko toe?</b>").text == "Wat gaf Loekasjenko toe?"
    # HTML pasted as its source: a developer's trial's "&lt;b&gt;bridge&lt;/b&gt;" was searched for "lt" and "gt".
    assert clean_question("&lt;b&gt;Wat gaf Loekasjenko toe?&lt;/b&gt;").text == "Wat gaf Loekasjenko toe?"
    assert clean_question("What did M&amp;S say?").text == "What did M&S say?"
    assert clean_question("What did AT&T say?").text == "What did AT&T say?"  # no reference: as typed
    assert clean_question('Wat gaf <a href="x">Loekasjenko</a> toe?').text == "Wat gaf Loekasjenko toe?"
    # Only HTML's own tags: a name in angle brackets is the reader's, and a script's code is no question.
    assert clean_question("Who is <Stoltenberg>?").text == "Who is <Stoltenberg>?"
    # "mark" is an element, but not written "<Mark Rutte>" (a Telegram trial lost the name: read as a follow-up).
    assert clean_question("What did <Mark Rutte> say?").text == "What did <Mark Rutte> say?"
    assert seed_answerer.answer("Who is <Stoltenberg>?").quotes[0].paragraph == 8
    with pytest.raises(QuestionError, match="Please type a question"):
        clean_question("<script>alert(1)</script>")
    assert clean_question("Is 3 < 5 and 7 > 2?").text == "Is 3 < 5 and 7 > 2?"
    tagged, plain = seed_answerer.answer("<b>Wat gaf Loekasjenko toe?</b>"), seed_answerer.answer("Wat gaf Loekasjenko toe?")
    assert [q.paragraph for q in tagged.quotes] == [q.paragraph for q in plain.quotes]


def test_very_long_question_is_cut_with_a_note(seed_answerer: Answerer) -> None:
    answer = seed_answerer.answer("Wat gaf Loekasjenko toe " + "bla " * 5000)
    assert len(answer.question) <= MAX_QUESTION_CHARS
    assert answer.notes == [f"Je vraag is ingekort tot de eerste {len(answer.question)} tekens."]
    answer = seed_answerer.answer("What did Lukashenko admit " + "blah " * 5000)
    assert answer.notes == [f"Your question was cut to its first {len(answer.question)} characters."]
    # A reader-service editor's trial: a letter whose question began after 500 characters was cut before it, and the
    # first 495 characters were answered. A long message is read as its last question, with the sentence before it.
    letter = ("Beste redactie, ik ben al jaren abonnee en lees uw berichten over Wit-Rusland altijd met veel "
              "belangstelling, ook die over de migranten aan de grens met Polen en de sancties van de EU. " * 3
              + "Gisteren las ik het interview met de BBC. Wat gaf Loekasjenko toe? Met vriendelijke groet, Anna")
    answer = seed_answerer.answer(letter)
    assert answer.question == "Gisteren las ik het interview met de BBC. Wat gaf Loekasjenko toe?"
    assert answer.notes == ["Je bericht was te lang om helemaal te lezen: ik las alleen de vraag, “Gisteren las ik het "
                            "interview met de BBC. Wat gaf Loekasjenko toe?”"]
    assert 6 in [q.paragraph for q in answer.quotes]
    # An operator's trial: 20,000 characters with no full stop, ending with the question, were cut to their start.
    answer = seed_answerer.answer("en toen ging het verder over de grens " * 500 + "Wat gaf Loekasjenko toe?")
    assert answer.question == "Wat gaf Loekasjenko toe?" and 6 in [q.paragraph for q in answer.quotes]
    # A Telegram trial: words that do not tell ("<b>Loekasjenko</b> & …") from a Dutch app got the note in English.
    told = seed_answerer.answer("Loekasjenko " * 1000, language="nl")
    assert told.notes == [f"Je vraag is ingekort tot de eerste {len(told.question)} tekens."]
    # A follow-up read with a long question before it was not cut by the reader: no note.
    assert seed_answerer.answer("en waarom? " + "Wat gaf Loekasjenko toe? " * 40, own_words=False).notes == []


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=300)


def test_ask_reads_bytes_that_are_not_utf8_and_echoes_no_terminal_codes(seed_index: Path) -> None:
    """An operator's trial: a line with bytes that were not UTF-8 crashed `ask -` with a traceback (every later
    line lost), and a title-setting terminal code was echoed back in its "Q:" line."""
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "-", "--index-dir", str(seed_index)],
                            input=b"\xff\xfe Loekasjenko admit\n\x1b]0;pwned\x07What did Stoltenberg say?\n"
                                  b"Wat zei Loekasjenko over caf\xe9s?\n",
                            capture_output=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=300)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err
    assert "\nQ: What did Stoltenberg say?\n" in out and "\x1b" not in out and "pwned" not in out
    assert "Jens Stoltenberg, in: " in out  # the line after the bad bytes is answered
    assert "(bytes that were not UTF-8 were left out of the question)" in out  # not silently (a developer's trial)
    assert "\nQ: Wat zei Loekasjenko over cafs?\n" in out  # left out, as it says: not "caf s", two words


def test_ask_json_reads_questions_from_stdin(seed_index: Path) -> None:
    result = _cli("ask", "--json", "-", "--index-dir", str(seed_index),
                  stdin="What did Lukashenko admit?\n\n🙂\nWho won the 2022 World Cup?\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["answered"] for line in lines] == [True, False, False, False]  # one object per line, in order
    first = lines[0]
    assert set(first) >= {"question", "answered", "passages"}
    assert set(first["passages"][0]) == {"article", "title", "date", "url", "author", "source", "paragraph", "part",
                                          "section", "text", "highlight", "highlight_spans", "score", "speaker"}
    # The same keys whatever the outcome, an error included (a developer's trial); the marked spans index the text.
    keys = {"question", "answered", "language", "passages", "closest", "notes", "reason", "index_version"}
    assert set(first) == keys and set(lines[1]) == keys | {"error"}
    assert first["index_version"] == lines[1]["index_version"] == (seed_index / "CURRENT").read_text().strip()
    passage = first["passages"][0]
    assert " … ".join(passage["text"][s:e] for s, e in passage["highlight_spans"]) == passage["highlight"]
    assert first["passages"][0]["paragraph"] in (1, 6) and first["passages"][0]["article"] == SEED_ID  # an admission
    assert lines[1]["error"].startswith("Please type a question") and lines[2]["error"].startswith("I can only search")
    assert lines[1]["notes"] == [] and lines[1]["passages"] == []  # a hint has an answer's keys
    plain = _cli("ask", "-", "--index-dir", str(seed_index),
                 stdin="Wat gaf Loekasjenko toe?\n\n🙂\nWie is Stoltenberg?\n")
    assert [line for line in plain.stdout.splitlines() if line.startswith("Q: ")] == [
        "Q: Wat gaf Loekasjenko toe?", "Q: 🙂", "Q: Wie is Stoltenberg?"]
    assert "\n\nQ: Wie is Stoltenberg?" in plain.stdout  # a blank line after the hint too, as after an answer


def test_ask_plain_text_and_bad_date(seed_index: Path) -> None:
    result = _cli("ask", "Wie is de secretaris-generaal van de Navo?", "--index-dir", str(seed_index))
    assert result.returncode == 0
    assert result.stdout.startswith("“**Jens Stoltenberg, de secretaris-generaal van de Navo")
    assert "· 2021-11 · alinea 8" in result.stdout  # cited in the question's language
    bad = _cli("ask", "x", "--since", "last week", "--index-dir", str(seed_index))
    assert bad.returncode == 1 and bad.stderr.strip() == "error: --since 'last week' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"


def test_question_can_ask_for_a_publication_period(newsroom_answerer: Answerer) -> None:
    from bot.periods import published_range

    assert published_range("What happened in articles from November 2021?") == ("2021-11", "2021-11")
    assert published_range("Wat stond er in het nieuws sinds 2022?") == ("2022", None)
    assert published_range("Who was in power in 1994?") == (None, None)
    assert published_range("What did Lukashenko admit since 2022?") == ("2022", None)
    assert published_range("Hoeveel migranten kwamen er sinds november 2021?") == ("2021-11", None)
    assert published_range("What happened before 2022?") == (None, None)  # may be told in an article of 2023
    # Days, in words and ISO; "before" and "after" leave the date itself out (seen in a trial: "since 2018-10-03"
    # filtered from 2018, "before October 2018" kept October).
    assert published_range("news since 2018-10-03 about North Korea") == ("2018-10-03", None)
    assert published_range("nieuws sinds 2 oktober 2018 over Korea") == ("2018-10-02", None)
    assert published_range("news since October 3, 2018") == ("2018-10-03", None)
    assert published_range("What did Ri say in articles before October 2018?") == (None, "2018-09")
    assert published_range("artikelen na december 2018") == ("2019-01", None)
    # A month alone is the latest one up to today: December 2026 for "since June" is June 2026, and "nieuws van
    # december" this month; "since the war" names no month.
    today = datetime.date(2026, 12, 6)
    assert published_range("nieuws sinds juni", today=today) == ("2026-06", None)
    assert published_range("What did Trump say in articles from March?", today=datetime.date(2027, 2, 1)) == (
        "2026-03", "2026-03")
    assert published_range("nieuws van december", today=today) == ("2026-12", "2026-12")
    assert published_range("What changed since the war?", today=today) == (None, None)
    # A period counted from today is a filter where the question names no topic besides it (Sunday 6 December).
    assert published_range("Any news from last week?", today=today) == ("2026-11-23", "2026-11-29")
    assert published_range("nieuws van deze week", today=today) == ("2026-11-30", None)
    assert published_range("What happened yesterday?", today=today) == ("2026-12-05", "2026-12-05")
    assert published_range("artikelen van vorige maand", today=today) == ("2026-11", "2026-11")
    assert published_range("What did Trump say last week?", today=today) == (None, None)
    # A month or year the news is asked for, with nothing else asked (an editor's "What happened in October?" was
    # refused, a later editor's "What happened in 2022?" answered from 2023 and 2021): a filter; beside a topic,
    # what is asked about.
    assert published_range("What happened in October?", today=today) == ("2026-10", "2026-10")
    assert published_range("Wat is er in oktober 2025 gebeurd?", today=today) == ("2025-10", "2025-10")
    assert published_range("What happened in Palu in October?", today=today) == (None, None)
    assert published_range("What happened in 2020?", today=today) == ("2020", "2020")
    assert published_range("Wat is er in 2023 gebeurd?", today=today) == ("2023", "2023")
    assert published_range("Who ruled Belarus in 1994?", today=today) == (None, None)
    assert published_range("news before 1 March 2020") == (None, "2020-02-29")
    assert published_range("articles from 31 February 2020") == (None, None)
    answer = newsroom_answerer.answer("How many people died, according to articles from 2022?")
    assert all(q.date and q.date.startswith("2022") for q in answer.quotes + answer.more)


def test_newer_article_first_when_equally_good(tmp_path: Path) -> None:
    from index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "The dockworkers in the harbour went on strike for higher wages."
    (seeds / "old.txt").write_text(f"title Strike\ndate 2020-01-05\n\n{text}")
    (seeds / "new.txt").write_text(f"title Strike\ndate 2022-05\n\n{text}")
    build_index(seeds, tmp_path / "index")
    answer = Answerer(LiveIndex(tmp_path / "index")).answer("Why did the dockworkers strike?")
    assert [q.date for q in answer.quotes] == ["2022-05"]  # the same words once, from the newer article


def test_a_name_only_in_a_title_is_known(tmp_path: Path) -> None:
    """"Grand Prix" stood only in an archive article's title, so a question about it was refused."""
    from index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "race.txt").write_text("title Verstappen wint de Grand Prix van Monaco\ndate 2024-05-26\n\n"
                                    "De Nederlander reed de hele race aan kop en won met drie seconden voorsprong.")
    build_index(seeds, tmp_path / "index")
    retriever = open_retriever(tmp_path / "index")
    assert retriever.unknown_names("Met hoeveel voorsprong won hij de Grand Prix van Monaco?") == []
    assert retriever.unknown_names("Wie won de Tour de France?") == ["Tour", "France"]


def test_a_name_that_only_looks_and_means_a_little_like_another_is_unknown(tmp_path: Path) -> None:
    """Over the archive "How many people live in Warsaw?" was answered: USE put "Warsaw" 0.50 from "Varela", and
    half their spelling likeness (0.5) made up the rest. A name must be close in meaning or in spelling."""
    from index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "quake.txt").write_text(
        "title Aardbeving op Sulawesi\ndate 2018-09\n\nDe aardbeving werd gevoeld in een gebied waar 2,4 miljoen "
        "mensen wonen, zei Ricardo Varela van het Rode Kruis.\n\nDe Navo en Wit-Rusland stuurden hulp naar "
        "Loekasjenko's bondgenoten.")
    build_index(seeds, tmp_path / "index")
    retriever = open_retriever(tmp_path / "index")
    assert retriever.unknown_names("How many people live in Warsaw?") == ["Warsaw"]
    # a name close in spelling ("NATO", "Navo"), or in meaning ("Belarus", "Wit-Rusland"), is the articles'
    assert retriever.unknown_names("What did NATO send to Belarus?") == []
    assert retriever.unknown_names("Who are Lukashenko's allies?") == []


def test_a_person_is_not_another_person_of_the_same_role(tmp_path: Path) -> None:
    """USE places "Obama" 0.69 from "Trump" and "Zelensky" 0.76 from "Berzofsky": people of one role, not one
    person. People's names are spelled differently, never translated, so for a speaker's name meaning alone
    matches nothing; a country's translation still does."""
    from index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "trade.txt").write_text(
        "title Handelsoorlog\ndate 2018-10\n\n‘We gaan deze handelsoorlog winnen,’ zei Trump donderdag in Ohio.\n\n"
        "‘Het vaccin is veelbelovend,’ zei professor Jay Berzofsky.\n\nOok Duitsland en China reageerden kalm.")
    build_index(seeds, tmp_path / "index")
    retriever = open_retriever(tmp_path / "index")
    assert retriever.unknown_names("What did Obama say?") == ["Obama"]
    assert retriever.unknown_names("What did Zelensky say?") == ["Zelensky"]
    assert retriever.unknown_names("What did Trump say about Germany?") == []
    answer = Answerer(LiveIndex(tmp_path / "index")).answer("What did Obama say?")
    assert not answer.answered and answer.reason == "the articles do not mention Obama"


def test_an_answer_says_which_names_of_the_question_the_articles_do_not_mention(seed_answerer: Answerer) -> None:
    """A Dutch reader's "Wat zei Loekasjenko over Merkel?" quoted Loekasjenko with nothing to say that no article
    mentions Merkel. A word the dictionary translates is no such name: an English question capitalises "Prison"
    where a Dutch article says "gevangenis"."""
    answer = seed_answerer.answer("Wat zei Loekasjenko over Merkel?")
    assert answer.answered and answer.notes == [
        "De artikelen noemen Merkel niet: deze passages gaan daar misschien niet over."]
    assert seed_answerer.answer("What did Lukashenko admit?").notes == []
    from index.bridge.dictionary import find_dictionary
    from index.entities import proper_names

    if find_dictionary() is not None:
        assert proper_names(["Prison", "Merkel", "MAGA-hat"]) == ["Merkel"]


def test_what_happened_to_someone_quotes_the_story_lead_too(tmp_path: Path) -> None:
    """Three new users asked what happened to someone ("What happened to Wayde Sims?") and were quoted details of
    the story: its first paragraph, which tells it, ranked 4th to 12th. The best passage stays first."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/reuters.218909", "ntrex-nl/cbsnews.248387")
    for question in ["What happened to Wayde Sims?", "Wat is er met Wayde Sims gebeurd?"]:
        quotes = answerer.answer(question).quotes
        first = quotes[0].article_id
        assert quotes[0].paragraph != 1 and (first, 1) in [(q.article_id, q.paragraph) for q in quotes[:2]], question
    # Second also where the search had it third (a Dutch editor's "Wat is er gebeurd op Celebes?").
    (tmp_path / "celebes").mkdir()
    celebes = ntrex_answerer(tmp_path / "celebes", "ntrex-nl/euronews-en.153797", "ntrex-nl/nytimes.184860")
    quotes = celebes.answer("Wat is er gebeurd op Celebes?").quotes
    assert quotes[0].paragraph != 1 and (quotes[1].article_id, quotes[1].paragraph) == (quotes[0].article_id, 1)


def test_what_someone_no_article_mentions_said_is_not_answered(seed_answerer: Answerer) -> None:
    """"What did Macron say about the migrants?" quoted Lukashenko: the question's words are the article's, and an
    unknown name only lowers the answer's confidence. Any quotation shown would be someone else's. A first name
    the articles hold does not make the person known."""
    for question, name in [("What did Macron say about the migrants?", "Macron"),
                           ("Wat zei Rutte over de migranten?", "Rutte"),
                           # the article names an Aleksandr, and no Rutte: the person whole (a fact-checker read
                           # "the articles do not mention Un" for Kim Jong Un, whom her articles call Kim)
                           ("What did Aleksandr Rutte say about the migrants?", "Aleksandr Rutte"),
                           # "Jens" (Stoltenberg) and "hart" (‘Wij hebben een hart’) are the article's, Jens Hart is
                           # not: before, his question quoted Stoltenberg
                           ("What did Jens Hart say about the migrants?", "Jens Hart")]:
        answer = seed_answerer.answer(question)
        assert not answer.answered and answer.reason == say("not_mentioned", answer.language, names=name), question
    assert seed_answerer.answer("What did Lukashenko say about the migrants?").answered


def test_a_name_typed_alone_in_another_spelling_is_found(seed_answerer: Answerer) -> None:
    """A Telegram trial: "Lukashenko" alone was refused as "none of its words occur in the articles", while
    "What did Lukashenko admit?" found Loekasjenko: a name typed alone is a name, in any spelling."""
    answer = seed_answerer.answer("Lukashenko")
    assert answer.answered and answer.quotes and "Loekasjenko" in answer.quotes[0].text
    missing = seed_answerer.answer("Warschau")
    assert not missing.answered and missing.reason == "the articles do not mention Warschau"


def test_who_is_someone_the_articles_describe_is_answered(tmp_path: Path) -> None:
    """A local editor's trial (two of the articles she wrote, in tests/fixtures/courier): "Who is Mark Ferris?" and
    "Who is Trevor Banks?" were refused, the passage that says who he is shown as "closest, which does not
    answer it"; "Raj Patel … said he was disappointed … "…," he said" went to the last person named before."""
    from index import build_index
    from index.live import LiveIndex

    build_index(FIXTURES / "courier", tmp_path / "index", encoders=("use", "e5"))
    answerer = Answerer(LiveIndex(tmp_path / "index"))
    for question, paragraph in [("Who is Mark Ferris?", 11), ("Who is Trevor Banks?", 8), ("who is trevor banks", 8)]:
        answer = answerer.answer(question)
        assert answer.answered and answer.quotes[0].paragraph == paragraph, question
    assert not answerer.answer("Who is Peter Martin?").answered  # named nowhere
    raj = answerer.answer("What did Raj Patel say?").quotes[0]
    assert (raj.paragraph, raj.speaker) == (6, "Raj Patel")
    priya = answerer.answer("What did Priya Patel say?").quotes[0]  # "… and said she would …": not Bill Morgan's
    assert (priya.paragraph, priya.speaker) == (5, "Priya Patel")


def test_a_request_for_the_news_is_answered_in_its_language() -> None:
    """A trial under LANG=C: "laatste nieuws" and "nieuws sinds juni" had no word that told their language and got
    English, the terminal's."""
    for text, language in [("laatste nieuws", "nl"), ("nieuws sinds juni", "nl"), ("latest news", "en"),
                           ("news since June", "en")]:
        assert clean_question(text).language == language, text



def test_a_topic_typed_alone_quotes_the_articles_about_it(tmp_path: Path) -> None:
    """A journalist's trial: "Ryder Cup" typed alone got three stray paragraphs of one of three Ryder Cup articles
    ("18 holes om je stempel te drukken."): e5 puts short paragraphs near two words. Each article about it now
    comes with its first paragraph that names it; the rest that name it are More."""
    ryder = {"ntrex-nl/independent.226301", "ntrex-nl/reuters.218923", "ntrex-nl/euronews-en.153826"}
    answerer = ntrex_answerer(tmp_path, *sorted(ryder), "ntrex-nl/guardian.221679", "ntrex-en/bbc.381735")
    for topic in ("Ryder Cup", "ryder cup"):
        answer = answerer.answer(topic)
        assert answer.answered and {q.article_id for q in answer.quotes} == ryder
        assert all(q.paragraph == 1 and "Ryder Cup" in q.text for q in answer.quotes)
        assert answer.more and all("Ryder Cup" in q.text for q in answer.more)
    # A headline is no topic: it asks for its own story, which e5 alone finds (its first hit need not name it).
    headline = answerer.answer("Europa neemt de leiding met 10-6 op laatste dag van de Ryder Cup")
    assert headline.quotes[0].article_id == "ntrex-nl/reuters.218923"


def test_a_name_is_told_as_the_articles_spell_it(seed_answerer: Answerer, tmp_path: Path) -> None:
    """A journalist's "Wat zei Mickleson?" was told that no quotation is attributed "aan Mickleson": a note names
    the person as the articles do, where the search matched a spelling of theirs."""
    retriever = seed_answerer.live.current()
    assert retriever.as_spelled("Stoltenburg") == "Stoltenberg"
    assert retriever.as_spelled("Lukashenko") == "Loekasjenko"
    assert retriever.as_spelled("Poland") == "Poland"  # a translation, not a spelling: as typed
    # Two letters swapped are one slip: a trial's "How old is Kanye Wset?" was told that the articles that mention him
    # give no age, beside "West, 41".
    assert retriever.as_spelled("Stoltnebreg") == "Stoltenberg" and retriever.as_spelled("Stlotenberg") == "Stoltenberg"
    (tmp_path / "kanye").mkdir()
    kanye = ntrex_answerer(tmp_path / "kanye", "ntrex-en/bbc.381647").answer("How old is Kanye Wset?")
    assert kanye.answered and kanye.quotes[0].text.startswith("West, 41")
    answer = ntrex_answerer(tmp_path, "ntrex-en/reuters.218914").answer("Wat zei Mickleson?")
    assert answer.notes == [say("not_attributed", "nl", person="Mickelson")]
    assert answer.notes[0].startswith("Geen van deze passages citeert Mickelson tussen aanhalingstekens")
    # Not a compound of it: a developer's trial's "What does NATO say about the border?" was told that no quotation
    # is attributed to "NAVO-bondgenoten" (NATO's allies, of an article about Erdogan).
    (tmp_path / "erdogan").mkdir()
    erdogan = ntrex_answerer(tmp_path / "erdogan", "ntrex-nl/euronews-en.153800").live.current()
    assert "NAVO-bondgenoten" in erdogan.version.entities and erdogan.as_spelled("NATO") == "NATO"
    assert retriever.as_spelled("NATO") == "Navo"  # the seed's "de Navo"
    # The closest spelling of those alike: a trial's "What did Kavanagh say about Ford?" was told that no passage
    # quotes "Kavanaughs" (the Dutch genitive, one letter further).
    (tmp_path / "kavanaugh").mkdir()
    kavanaugh = ntrex_answerer(tmp_path / "kavanaugh", "ntrex-nl/cbsnews.248394").live.current()
    assert {"Kavanaugh", "Kavanaughs"} <= set(kavanaugh.version.entities)
    assert kavanaugh.as_spelled("Kavanagh") == "Kavanaugh"


def test_a_misspelt_name_is_searched_as_the_articles_spell_it(tmp_path: Path) -> None:
    """A reader's "Wiloughby?" had found no word to search by: e5 alone put short paragraphs of another story first
    ("Schei toch uit."). The name is searched as the articles write it, and a name with a question mark is a topic
    as it is without ("Willoughby?" had got the same)."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/dailymail.co.uk.298595", "ntrex-nl/rt.com.91356")
    # Typed without capitals too: "kavanagh" alone had been told that none of its words occur in the articles.
    for question in ("Wiloughby?", "Willoughby?", "What does Peter Jones think of Wiloughby?", "wiloughby"):
        answer = answerer.answer(question)
        assert answer.answered and answer.quotes[0].article_id == "ntrex-nl/dailymail.co.uk.298595", question
        assert all("Willoughby" in q.text for q in answer.quotes[:2]), question
    assert answer.question == "wiloughby"  # echoed as typed
    # Of two spellings as close, the one the articles write beside the given name: "Tom Dailey" is Tom Daley, not
    # "Daily" (China Daily), which a reader's note had named.
    (tmp_path / "daley").mkdir()
    daley = ntrex_answerer(tmp_path / "daley", "ntrex-nl/bbc.381646", "ntrex-nl/reuters.218933").live.current()
    assert {"Daley", "Daily"} <= set(daley.version.entities)
    assert daley.searched_as("wat zei tom dailey over zijn vader?") == "wat zei Tom Daley over zijn vader?"
    # Word for word only: a Dutch editor's "Noord-Koreanen" over English articles is not "Nord" (of Nord Stream),
    # alike in one part.
    (tmp_path / "korea").mkdir()
    korea = ntrex_answerer(tmp_path / "korea", "ntrex-en/bbc.381736", "ntrex-en/rt.com.91335").live.current()
    asked = "Hoeveel Noord-Koreanen zijn vorig jaar naar het zuiden gevlucht?"
    assert "Nord" in korea.version.entities and korea.searched_as(asked) == asked
    from index.search import closest_spelling

    writes = daley.version.store.writes
    assert closest_spelling("Dailey", ["Daily", "Daley"], ["Tom"], writes) == "Daley"
    assert closest_spelling("Dailey", ["Daily", "Daley"], [], writes) == "Daily"  # as close: USE's order
    assert closest_spelling("Kavanagh", ["Kavanaughs", "Kavanaugh"], [], writes) == "Kavanaugh"


#: The 45 English NTREX articles of a Dutch editor's trial over English wire copy.
_TRIAL_WIRE = tuple(f"ntrex-en/{i}" for i in """
    bbc.381790 rt.com.91337 guardian.221754 dailymail.co.uk.298595 cbsnews.248384 reuters.218882 bbc.381679
    bbc.381735 bbc.381765 cnn.304489 abcnews.306758 reuters.218932 upi.176251 reuters.218921 cnn.304447
    scotsman.133804 dailymail.co.uk.298692 reuters.218911 dailymail.co.uk.298759 scotsman.133791 cbsnews.248484
    bbc.381669 foxnews.94512 dailymail.co.uk.298686 rt.com.91335 telegraph.405422 reuters.218933 rt.com.91350
    scotsman.133773 rt.com.91334 scotsman.133783 dailymail.co.uk.298622 independent.226317 nytimes.184825
    nytimes.184830 scotsman.133801 bbc.381760 abcnews.306774 abcnews.306755 newsweek.51330 newsweek.51340
    telegraph.405430 telegraph.405404 bbc.381736 cbsnews.248394
    """.split())


@pytest.fixture(scope="module")
def trial_wire(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An Answerer over the 45 English articles of that trial, built once for the tests of its findings."""
    return ntrex_answerer(tmp_path_factory.mktemp("wire"), *_TRIAL_WIRE)


def test_what_someone_no_article_quotes_said_is_not_answered_with_others_words(trial_wire) -> None:  # type: ignore[no-untyped-def]
    """A Dutch editor's trial: "Wat zei Raheem Sterling over zijn doelpunt tegen Brighton?" quoted Guardiola's
    "We spoke about him playing 55, 60 minutes." under a note that the words may be Sterling's; no article quotes
    him, and no passage shown names him."""
    from index.quotes import asked_speaker

    answerer = trial_wire  # over fewer articles, the passages shown name him
    answer = answerer.answer("Wat zei Raheem Sterling over zijn doelpunt tegen Brighton?")
    assert not answer.answered and answer.closest and answer.reason == (
        "geen artikel citeert Raheem Sterling, en geen van de dichtstbijzijnde passages noemt die naam")
    assert answerer.answer("What did Pep Guardiola say about Aguero?").quotes[0].speaker == "Pep Guardiola"
    # Names in what someone is said to think are no speaker: "Farage" is not asked about here.
    assert asked_speaker("Welke conservatieve backbencher vindt dat Farage de onderhandelingen had moeten leiden?") \
        is None


def test_how_old_someone_is_is_answered_where_news_gives_the_age(tmp_path: Path) -> None:
    """A journalist's trial: "how old was Dyteon Simpson?" quoted "Sims was 20 years old." (the victim) first: the
    paragraph that gives the age of the one asked about as news does ("Dyteon Simpson, 20,") answers it."""
    answerer = ntrex_answerer(tmp_path, "ntrex-en/reuters.218909", "ntrex-en/cbsnews.248387", "ntrex-en/bbc.381735",
                              "ntrex-nl/abcnews.306774")
    for question in ("how old was Dyteon Simpson?", "Hoe oud is Simpson?"):
        assert "Dyteon Simpson, 20," in answerer.answer(question).quotes[0].text, question
    # Nor is it answered where no paragraph that names them, nor the one before or after, gives an age: the same
    # journalist's "How old is David Patton, Saipov's defence lawyer?" was answered with a paragraph naming him.
    for question, reason in [("How old is David Patton, Saipov's defence lawyer?",
                              "the articles that mention David Patton give no age"),
                             ("hoe oud is david patton", "de artikelen die David Patton noemen, geven geen leeftijd")]:
        answer = answerer.answer(question)
        assert not answer.answered and answer.reason == reason and answer.closest, question
    # Only of the person the age question names, a title between ("hoe oud is professor X"): a follow-up read with its
    # previous question was refused as "the articles that mention California give no age".
    retriever = answerer.live.current()
    assert retriever._age_asked_of("how old was he? Who was attacked by a shark in California?") is None
    assert retriever._age_asked_of("Hoe oud is professor Jay Berzofsky?") == "Jay Berzofsky"


def test_an_age_written_after_another_name_is_not_the_one_asked_about(trial_wire) -> None:  # type: ignore[no-untyped-def]
    """A Dutch editor's trial: "Hoe oud is Tara Capp, de vrouw van Peter Jones?" was answered with "Jones, 52" and
    "Willoughby, 37" in bold, the article giving no age of hers; and "How old is Holly Willoughby?" was told that no
    passage gives the age beside her name, the article calling her "Mother-of-three Willoughby" elsewhere."""
    answerer = trial_wire
    for question, reason in [("Hoe oud is Tara Capp, de vrouw van Peter Jones?",
                              "de artikelen die Tara Capp noemen, geven geen leeftijd"),
                             ("How old is Tara Capp?", "the articles that mention Tara Capp give no age")]:
        answer = answerer.answer(question)
        assert not answer.answered and answer.reason == reason and answer.closest, question
    answer = answerer.answer("How old is Holly Willoughby?")
    assert answer.quotes[0].text.startswith("As Willoughby, 37,") and not answer.notes
    assert answerer.answer("How old is Peter Jones?").quotes[0].text.startswith("Willoughby set up Truly")


def test_a_role_described_by_its_portfolio_or_nationality_names_no_one(trial_wire) -> None:  # type: ignore[no-untyped-def]
    """A Dutch editor's trial: "Wat zei de Noord-Koreaanse minister van Buitenlandse Zaken?" was refused, "de
    artikelen noemen Buitenlandse Zaken niet", over "North Korean Foreign Minister Ri Yong-ho"; the English question's
    note said that no passage quotes "North"."""
    from index.quotes import asked_speakers

    assert asked_speakers("Wat zei de Noord-Koreaanse minister van Buitenlandse Zaken?") == []
    assert asked_speakers("What did the North Korean foreign minister say?") == []
    assert asked_speakers("Wat zei minister van Buitenlandse Zaken Ri?") == ["Ri"]  # the title's holder is named
    assert asked_speakers("What did North say?") == ["North"]
    answerer = trial_wire
    for question in ("Wat zei de Noord-Koreaanse minister van Buitenlandse Zaken?",
                     "What did the North Korean foreign minister say?"):
        answer = answerer.answer(question)
        assert answer.answered and answer.quotes[0].text.startswith("But on Saturday, North Korean Foreign Minister")
        assert not answer.notes, (question, answer.notes)


def test_an_age_written_out_is_an_age(tmp_path: Path) -> None:
    """An operator's trial: a "fourteen-year-old" boy's age was refused as "the articles that tell of it give no
    age" (news writes ages below ten, often below twenty, in words)."""
    answerer = articles_answerer(tmp_path, **{
        "shark.txt": "title Shark bites boy\n\nA fourteen-year-old boy was bitten by a shark off Encinitas on "
                     "Saturday.\n\nLifeguards closed the beach for two days.",
        "haai.txt": "title Haai bijt jongen\nlang nl\n\nEen veertienjarige jongen is zaterdag bij Encinitas door een "
                    "haai gebeten.\n\nStrandwachten sloten het strand voor twee dagen."})
    for question in ("How old was the boy who was bitten by the shark?", "Hoe oud was de jongen die door de haai werd "
                                                                         "gebeten?"):
        answer = answerer.answer(question)
        assert answer.answered, (question, answer.reason)
        assert any(age in quote.text for quote in answer.quotes for age in ("fourteen-year-old", "veertienjarige"))


def test_ages_that_differ_between_articles_are_pointed_out(tmp_path: Path) -> None:
    """A fact-checker's trial: "hoe oud is Track Palin?" quoted "Track Palin, 26 jaar" and "Palin, 29" from two
    articles written years apart, side by side, without a word."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/cnn.304478", "ntrex-nl/newsweek.51339")
    answer = answerer.answer("hoe oud is Track Palin?")
    assert answer.notes == ["De artikelen geven verschillende leeftijden (26 en 29): kijk wanneer elk geschreven is."]
    assert "Palin, 29" in answer.more[0].text  # the other figure, first on More, to be checked
    assert not answerer.answer("Waarom werd Track Palin gearresteerd?").notes  # no age asked: no such note


def test_an_initial_or_an_abbreviation_without_its_dots_is_no_unknown_name(tmp_path: Path) -> None:
    """"Wat zegt de procureur-generaal van Washington D.C. over het nieuwe beleid?" (a reader's, held out) was refused
    as "de artikelen noemen Washington D niet": an initial is part of a name, and "DC" is the articles' "D.C."."""
    assert names_in_question("What did J.K. Rowling say about Washington D.C.?") == ["Rowling", "Washington"]
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/upi.176275")
    for question in ("Wat zegt de procureur-generaal van Washington D.C. over het nieuwe beleid?",
                     "What does the attorney general of Washington DC say about the new policy?"):
        answer = answerer.answer(question)
        assert answer.answered and "Karl Racine" in answer.quotes[0].text, question
    assert answerer.answer("What does the attorney general of Washington XZ say?").reason == \
        "the articles do not mention Washington XZ"


def test_a_name_the_articles_never_give_is_not_answered(tmp_path: Path) -> None:
    """Near-topic questions most often ask for the name of someone the story tells of but never names (12 of the 50
    in our sets, 7 of 40 in a set written after): "Hoe heet de 13-jarige jongen …?" had quoted the shark article's
    paragraphs about "de jongen" as its answer."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/upi.176266", "ntrex-nl/dailymail.co.uk.298732",
                              "ntrex-nl/rt.com.91356", "ntrex-nl/bbc.381646")
    for question, reason in [
        ("Hoe heet de 13-jarige jongen die bij Encinitas door een haai werd gebeten?",
         "de artikelen noemen de 13-jarige jongen niet bij naam"),
        ("What is the name of the teenage boy who was bitten by a shark?", "the articles do not name the teenage boy"),
        ("Hoe heette de vrouw die in Birkenhead werd doodgestoken?", "de artikelen noemen de vrouw niet bij naam"),
    ]:
        answer = answerer.answer(question)
        assert not answer.answered and answer.reason == reason and answer.closest, question
    # Where an article writes a name beside the description, or beside a word that translates alike
    # ("het nieuwe kindermeisje, Giselle Maurice" for a "kinderjuffrouw"), the question is answered.
    assert answerer.answer("Hoe heet de kinderjuffrouw die het echtpaar Plasco-Flaxman heeft aangeklaagd?").answered
    # The title is read too: all that names the suspect "als verdachte" (a casual reader's question was refused).
    (tmp_path / "sims").mkdir()
    sims = ntrex_answerer(tmp_path / "sims", "ntrex-nl/cbsnews.248387").answer(
        "wie is de verdachte van de moord op wayde sims?")
    assert sims.answered and "Simpson" in sims.quotes[0].text
    son = answerer.answer("Hoe heet het zoontje van Tom Daley?")
    assert son.answered and "Robert Ray Black-Daley" in son.quotes[0].text
    # A follow-up that asks only for the name is about whom the question before it told of (a wire editor's "what
    # was his name?" had been answered), and is answered where the story names any of them.
    boy = answerer.answer("what was his name? How old was the boy who was bitten by a shark while diving for lobster?")
    assert not boy.answered and boy.reason == "the articles do not name the boy"
    assert answerer.answer("hoe heet ze? Wat deed het nieuwe kindermeisje van het echtpaar Plasco-Flaxman?").answered


def test_what_a_name_question_describes() -> None:
    """The description ends where the question goes on about it ("who was bitten", "die is opgepakt", a verb or a
    participle); a name after "van"/"of" stays with it, as whose it is."""
    assert name_asked_for("What is the name of the teenage boy who was bitten by a shark?") == ("the teenage boy",
                                                                                               "boy")
    assert name_asked_for("Hoe heet de vrouw van Loekasjenko?") == ("de vrouw van Loekasjenko", "vrouw")
    assert name_asked_for("What was the name of the cyclist killed in Deptford?") == ("the cyclist", "cyclist")
    assert name_asked_for("What's the name of that giant straw hat?") == ("that giant straw hat", "hat")
    assert name_asked_for("Hoe heet de 32-jarige man die is opgepakt?") == ("de 32-jarige man", "man")
    assert name_asked_for("Who is the coach of Ayr?") == ("the coach of Ayr", "coach")
    assert name_asked_for("What are the names of the three men arrested?") == ("the three men", "men")
    assert name_asked_for("What is the name of the 16-year-old stabbed?") == ("the 16-year-old", "16-year-old")
    # A follow-up's owner: a Dutch reader's "wie is zijn advocaat?" after a question about Wayde Sims's killer.
    assert name_asked_for("Wie is zijn advocaat?") == ("zijn advocaat", "advocaat")
    assert name_asked_for("who is her husband?") == ("her husband", "husband")
    assert name_asked_for("Who shot Wayde Sims?") is None
    assert name_asked_for("who are the belfast giants playing next") is None  # whom they play, not who they are
    assert name_asked_for("What is the name of Kanye West?") is None  # no description: a name is asked about
    # A company, a place or a work is named on its own ("Elvie zei …"), seldom beside the word: not judged.
    assert name_asked_for("Hoe heet het bedrijf achter de stille borstkolf?") is None
    # A follow-up that asks only for a name asks it of every person the question before it describes.
    assert names_asked_for("what was his name?", "How old was the cyclist who died in Deptford?") == [
        ("the cyclist", "cyclist")]
    assert names_asked_for("hoe heet hij?", "Waarom pakte de politie de 32-jarige man op?") == [
        ("de politie", "politie"), ("de 32-jarige man", "man")]
    assert names_asked_for("what did he say?", "How old was the cyclist who died in Deptford?") == []


@pytest.mark.skipif(find_dictionary() is None, reason="dict-freedict-nld-eng is not installed")
def test_a_name_written_one_word_apart_or_under_another_word_is_given() -> None:
    """A helper's 50 answerable name questions, written after the rule: three were refused. "De advocaat" of Saipov
    is "David Patton, één van de federale openbare verdedigers"; Dutch "men" (one) and "samen" (together) share an
    English word with "man" but describe no one, and had made "What is the name of the man who heard the diver
    screaming?" look asked of someone the story never names."""
    dictionary = load_dictionary()
    lawyer = ["David Patton, één van de federale openbare verdedigers die Sajpov vertegenwoordigen, zei dat hij "
              "teleurgesteld was.", "De advocaat van de familie wilde niets kwijt."]
    assert not name_not_given("Wie is de advocaat van Sajpov?", lawyer, dictionary)
    assert name_not_given("Wie is de advocaat van Sajpov?", lawyer[1:], dictionary)
    assert not name_not_given("Wie is zijn advocaat?", lawyer, dictionary)
    # "meldt de Advocate" (a newspaper) names no lawyer: a Dutch reader's "wie is zijn advocaat?" had quoted it.
    assert name_not_given("Wie is zijn advocaat?", ["Zijn borg is 350.000 dollar, meldt de Advocate."], dictionary)
    diver = ["Chad Hammel hoorde de jongen schreeuwen. Samen met enkele anderen peddelde hij naar hem toe.",
             "Men had toen geconcludeerd dat het niet om een gevaarlijke haai ging."]
    assert not name_not_given("What is the name of the man who heard the boy screaming?", diver, dictionary)
    # A politician named with the letters of their seat, the office said elsewhere (a minister's portfolio had hidden
    # this one, as a name no article mentions, until it was read as naming no one).
    minister = ["De minister voor gezondheidszorg heeft een brief geschreven aan het EU-personeel.",
                "Jeane Freeman, MSP, stuurde een brief met minder dan zes maanden te gaan."]
    asked = "Hoe heet de Schotse minister van Volksgezondheid die het EU-personeel een brief stuurde?"
    assert not name_not_given(asked, minister, dictionary) and name_not_given(asked, minister[:1], dictionary)
    # An operator's trial: "the diver's name was …" names him, however the article goes on.
    diver = ["The diver was pulled from the water.", "Editor's note: the diver's name was Chad Hammel, his family said."]
    assert not name_not_given("What is the name of the diver?", diver, dictionary)
    assert name_not_given("What is the name of the diver?", diver[:1], dictionary)
    # A casual reader's "wie is de verdachte van de moord op wayde sims?" was refused: the headline names him "als
    # verdachte", which the search now reads with the paragraphs.
    suspect = ["Schietpartij Wayde Sims: politie arresteert Dyteon Simpson als verdachte van de dood van de speler",
               "De politie heeft een verdachte gearresteerd voor de schietpartij."]
    assert not name_not_given("Wie is de verdachte van de moord op Wayde Sims?", suspect, dictionary)
    assert name_not_given("Wie is de verdachte van de moord op Wayde Sims?", suspect[1:], dictionary)


def test_a_sum_of_money_the_articles_never_give_is_not_answered(tmp_path: Path) -> None:
    """"Hoeveel heeft de nieuwe moskee in Keulen gekost?" had been answered with the article's paragraph about the
    mosque's opening: the story gives no sum of money anywhere, so nothing in it can say what it cost."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/euronews-en.153800", "ntrex-nl/dailymail.co.uk.298759",
                              "ntrex-nl/rt.com.91335")
    for question, reason in [("Hoeveel heeft de nieuwe moskee in Keulen gekost die Erdogan opende?",
                              "de artikelen die erover gaan, noemen geen geldbedrag"),
                             ("How much did Harvard spend on developing its sleep course?",
                              "the articles that tell of it give no sum of money")]:
        answer = answerer.answer(question)
        assert not answer.answered and answer.reason == reason and answer.closest, question
    # Where the story writes a sum ("… miljard euro"), the question is answered as before.
    pipeline = answerer.answer("Hoeveel kost de Nord Stream 2-pijpleiding?")
    assert pipeline.answered and pipeline.quotes[0].article_id == "ntrex-nl/rt.com.91335"
    # A share or a count of people is no sum, though the question speaks of costs.
    assert not asks_for_money("Hoeveel procent van de mensen praat met hun kinderen over wat zorg kost?")
    assert not asks_for_money("Hoeveel mensen praten met hun kinderen over de kosten van langdurige zorg?")
    assert asks_for_money("How much money did thieves take from the Brink's worker?")
    assert asks_for_money("How much does Max Scherzer earn?") and asks_for_money("Hoe hoog wordt de subsidie?")
    assert not asks_for_money("How high is the bridge?")


def test_an_age_is_not_taken_from_someone_else_of_the_name(tmp_path: Path) -> None:
    """A fact-checker's trial: "Hoe oud is Todd Palin?" was answered with his son's "Track Palin, 26 jaar" (and a
    note that the articles' ages differ, which made it look checked); "How old is Greg Hemphill?" with his partner's
    "De 56-jarige …". An age written with another given name is another's, and where no quote gives the age beside
    the name, a note says to check whose it is."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/cnn.304478", "ntrex-nl/newsweek.51339",
                              "ntrex-nl/scotsman.133804", "ntrex-en/bbc.381692")
    retriever = answerer.live.current()
    track = next(h.passage for h in retriever.search("hoe oud is Track Palin?").hits
                 if "Track Palin, 26" in h.passage.text)
    assert retriever.ages_stated("hoe oud is Track Palin?", track) == {"26"}
    assert retriever.ages_stated("Hoe oud is Todd Palin?", track) == set()
    todd = answerer.answer("Hoe oud is Todd Palin?")
    assert todd.notes == ["Geen passage hier geeft de leeftijd naast de naam Todd Palin: kijk van wie die leeftijd is."]
    hemphill = answerer.answer("How old is Greg Hemphill?")
    assert hemphill.notes == ["No passage here gives the age beside the name Greg Hemphill: check whose age it is."]
    vann = answerer.answer("How old was Bernard Vann when he was killed?")
    assert "check whose age it is" in vann.notes[0] and "Michael Vann, 72" not in vann.quotes[0].text
    # Where a quote gives it beside the name, that is not noted (the ages of two articles differ, as they do).
    assert answerer.answer("hoe oud is Track Palin?").notes == [
        "De artikelen geven verschillende leeftijden (26 en 29): kijk wanneer elk geschreven is."]


def test_an_age_asked_of_someone_is_quoted_only_from_articles_that_name_them(tmp_path: Path) -> None:
    """A trial's "How old is Lewis Hamilton?" and "Hoe oud is Christion Abercrombie?" quoted "It's 36 years old." (an
    allegation's age) from an article about Kavanaugh, among the answer's and among the closest passages."""
    answerer = ntrex_answerer(tmp_path, "ntrex-en/cnn.304521", "ntrex-en/cbsnews.248471", "ntrex-en/bbc.381789")
    for question in ("Hoe oud is Christion Abercrombie?", "How old is Jack Ross?"):
        answer = answerer.answer(question)
        passages = [*answer.quotes, *answer.more, *answer.closest]
        assert passages and "ntrex-en/cbsnews.248471" not in {p.article_id for p in passages}, question
    # No quote gives his age beside his name: the one that gives an age comes first, under the note to check whose.
    ross = answerer.answer("Hoe oud is Jack Ross?")
    assert ross.notes and ross.notes[0].startswith("Geen passage hier geeft de leeftijd naast de naam Jack Ross")
    assert ross.quotes[0].text.startswith("The Scot, 42")


def test_what_happened_somewhere_is_quoted_from_the_articles_that_name_it(tmp_path: Path) -> None:
    """A trial's "Wat is er in Palu gebeurd?" over English articles quoted a Belfast stabbing's "The incident happened
    in Ballyhackamore, police said." first: "happened" was all it shared with the question."""
    answerer = ntrex_answerer(tmp_path, "ntrex-en/bbc.381701", "ntrex-en/reuters.218863", "ntrex-en/newsweek.51331")
    answer = answerer.answer("Wat is er in Palu gebeurd?")
    assert answer.quotes and {q.article_id for q in answer.quotes} == {"ntrex-en/reuters.218863"}


def test_an_age_the_story_never_gives_is_not_answered(tmp_path: Path) -> None:
    """A fact-checker's "Hoe oud was hij?" about the Deptford cyclist got the story's paragraphs again: where the
    articles a question about someone unnamed ("de fietser", "hij") is answered from give no age at all, it is not
    answered; where they give one ("een 13-jarige jongen"), it is."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/bbc.381679", "ntrex-nl/upi.176266")
    cyclist = answerer.answer("Hoe oud was de fietser die in Deptford om het leven kwam?")
    assert not cyclist.answered and cyclist.reason == "de artikelen die erover gaan, noemen geen leeftijd"
    assert answerer.answer("Hoe oud was de jongen die door een haai werd gebeten?").answered
    # A follow-up is judged by its own words, not by the previous question it is read with.
    followup = answerer.answer("hoe oud was hij? Hoe heette de fietser die zaterdag in Deptford om het leven kwam?")
    assert followup.reason == "de artikelen die erover gaan, noemen geen leeftijd"
    # "cyclist" is not in the dictionary: the article's "fietser" is found as the noun that USE puts closest to it.
    name = answerer.answer("What was the name of the cyclist who died in Deptford?")
    assert not name.answered and name.reason == "the articles do not name the cyclist"


def test_a_follow_up_names_no_speaker_its_own_words_do_not(tmp_path: Path) -> None:
    """A casual reader's "what did he say" after "who won the ryder cup" was read with that question, and its note
    said the passages name "Ryder Cup" beside quotations that may not be theirs: only the follow-up's own words
    say whose words are asked for."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/euronews-en.153826")
    answer = answerer.answer("what did he say? who won the Ryder Cup", own_words=False)
    assert answer.answered and not any("Ryder Cup" in note for note in answer.notes), answer.notes
    # Where the follow-up's pronoun became the name, the note still names them.
    bjorn = answerer.answer("what did Bjorn say about Furyk?", own_words=False)
    assert bjorn.notes and "Bjorn" in bjorn.notes[0], bjorn.notes


def test_their_own_words_lead_the_further_passages_where_none_shown_is_theirs(tmp_path: Path) -> None:
    """A Dutch reader's "wat zei ronaldo over de beschuldigingen?" was quoted his lawyers' and his accuser's words
    under the note that none is his, and his "fake news" stayed fourth and tenth, unsaid: they now lead More."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/rt.com.91334", "ntrex-nl/dailymail.co.uk.298595")
    answer = answerer.answer("wat zei ronaldo over de beschuldigingen?")
    assert answer.answered and not any(q.speaker for q in answer.quotes)
    assert say("own_words_further", "nl", person="Ronaldo") in answer.notes
    assert answer.more[0].speaker == "Cristiano Ronaldo" and answer.more[0].highlights  # his quote marked
