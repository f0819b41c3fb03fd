"""BM25: scores as bm25s would give them, and an extended index scoring exactly as a fresh one."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest

from index.lexical import LexicalIndex, tokenize

DOCUMENTS = [
    ("nl", "Loekasjenko geeft toe dat er geweld is gebruikt in de Okrestina-gevangenis."),
    ("nl", "De migranten aan de grens met Polen wachten in de kou."),
    ("en", "The president admitted that migrants were helped across the border."),
    ("en", "Poland sent thousands of soldiers to the border with Belarus."),
    ("nl", "Het Westen erkent de herverkiezing van Loekasjenko niet."),
    ("en", "The"),  # nothing left after stopwords: an empty document
]
QUESTIONS = ["Wat gaf Loekasjenko toe?", "migrants at the border", "Polen grens soldaten", "Okrestina", "niets hier"]


def _terms(documents: list[tuple[str, str]]) -> list[list[str]]:
    return [tokenize(text, language) for language, text in documents]


def test_scores_equal_bm25s() -> None:
    terms = _terms(DOCUMENTS[:-1])  # bm25s would index the empty document as one placeholder term
    ours = LexicalIndex.build(terms, languages=["en", "nl"])
    reference = bm25s.BM25()
    reference.index(terms, show_progress=False)
    for question in QUESTIONS:
        tokens = [t for t in ours.query_tokens(question) if t in reference.vocab_dict]
        expected = reference.get_scores(tokens) if tokens else np.zeros(len(terms))
        np.testing.assert_allclose(ours.scores(question), expected, rtol=1e-5, atol=1e-7)
    assert ours.scores("Okrestina").argmax() == 0


def test_extended_index_scores_exactly_as_a_fresh_build(tmp_path: Path) -> None:
    first, later = DOCUMENTS[:4], DOCUMENTS[4:] + [("nl", "Loekasjenko geeft toe dat Polen gelijk had.")]
    built = LexicalIndex.build(_terms(first), languages=["nl", "en"])
    built.save(tmp_path / "base")
    retired = [0, 2]  # replaced by later rows, as an incremental build does
    extended = LexicalIndex.load(tmp_path / "base").extend(_terms(later), retired=retired, languages=["nl", "en"])
    extended.save(tmp_path / "extended")
    extended = LexicalIndex.load(tmp_path / "extended")

    live_rows = [r for r in range(len(first) + len(later)) if r not in retired]
    all_documents = first + later
    fresh = LexicalIndex.build(_terms([all_documents[r] for r in live_rows]), languages=["en", "nl"])
    assert extended.size == len(all_documents)
    for question in QUESTIONS:
        scores = extended.scores(question)
        assert not scores[retired].any()
        np.testing.assert_array_equal(scores[live_rows], fresh.scores(question))
    okrestina = tokenize("Okrestina", "nl")
    assert built.knows(okrestina) and not extended.knows(okrestina)  # only in a retired row now
    assert extended.knows(tokenize("Polen", "nl"))


def test_inconsistent_files_are_refused(tmp_path: Path) -> None:
    LexicalIndex.build(_terms(DOCUMENTS), languages=["nl"]).save(tmp_path)
    np.save(tmp_path / "df.npy", np.zeros(3, dtype=np.int32))
    with pytest.raises(ValueError, match="disagree"):
        LexicalIndex.load(tmp_path)


def test_a_group_of_alternative_terms_counts_its_best_term_once_per_row() -> None:
    index = LexicalIndex.build([["toegeven", "erkennen"], ["erkennen"], ["grens"], ["toegeven", "grens"]],
                               languages=["nl"])
    weight = {term: dict(zip(*(a.tolist() for a in index.postings(term))))
              for term in ("toegeven", "erkennen", "grens")}
    scores = index.group_scores([["toegeven", "erkennen", "toegeven"], ["grens"]])
    expected = [max(weight["toegeven"][0], weight["erkennen"][0]), weight["erkennen"][1], weight["grens"][2],
                weight["toegeven"][3] + weight["grens"][3]]
    np.testing.assert_allclose(scores, expected, rtol=1e-6)
    alone = index.group_scores([["erkennen"]])  # a group of one term: that term's BM25 weights
    np.testing.assert_allclose(alone, [weight["erkennen"].get(row, 0.0) for row in range(4)], rtol=1e-6)
