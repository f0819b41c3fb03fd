"""Quotations and their speakers: extraction, name matching and the labelled quotes."""

from pathlib import Path

import pytest

from index.quotes import attribute, find_quotations, fold_name, same_person, speaker_query
from index.speaker_eval import read_articles, score_speakers

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "corpora" / "ntrex128" / "ntrex128-nl.jsonl"


def speakers(paragraphs):
    return [[(p[q.start:q.end], q.speaker) for q in quotes] for p, quotes in zip(paragraphs, attribute(paragraphs))]


def test_quotation_marks_and_apostrophes():
    text = "Hij zei ‘Wij zijn Slaven. Wij hebben een hart.’ over de auto’s, en “nog iets” en \"meer\"."
    assert [text[s:e] for s, e, _ in find_quotations(text)] == [
        "‘Wij zijn Slaven. Wij hebben een hart.’", "“nog iets”", '"meer"']
    assert find_quotations("Om 7 uur ‘s morgens.") == []
    assert find_quotations("‘Dit gaat nog verder.") == [(0, 21, False)]


def test_dutch_speakers_and_back_references():
    paragraphs = [
        "De Wit-Russische president Aleksandr Loekasjenko sprak met de BBC.",
        "‘Wij zijn Slaven’, zei Loekasjenko. ‘Misschien heeft iemand hen geholpen.’",
        "‘Ik heb hen niet uitgenodigd’, aldus de president.",
        "Jens Stoltenberg, de secretaris-generaal van de Navo, noemt de situatie zorgwekkend. ‘Dat is cynisch.’",
        "‘Dat klopt niet’, zei hij.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        [], ["Aleksandr Loekasjenko", "Aleksandr Loekasjenko"], ["Aleksandr Loekasjenko"],
        ["Jens Stoltenberg"], ["Jens Stoltenberg"]]


def test_english_speakers_and_a_quote_over_paragraphs():
    paragraphs = [
        '"We are doing very well," Trump said at a rally.',
        'According to John Goldsmith, the plan was "folly."',
        '"It was inevitable in the present debate.',
        'His achievements are worth celebrating," he said.',
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Trump"], ["John Goldsmith"], ["John Goldsmith"], ["John Goldsmith"]]


def test_names_match_across_spellings():
    assert fold_name("Loekasjenko") == fold_name("Lukashenko")
    assert same_person("Lukashenko", "Aleksandr Loekasjenko")
    assert same_person("Alexander Lukashenko", "Aleksandr Loekasjenko")
    assert same_person("Stoltenberg", "Jens Stoltenberg")
    assert not same_person("Stoltenberg", "Aleksandr Loekasjenko")


def test_questions_about_speakers():
    speakers_ = ["Aleksandr Loekasjenko", "Jens Stoltenberg"]
    assert speaker_query("What did Lukashenko say?", speakers_).speakers == ("Aleksandr Loekasjenko",)
    assert speaker_query("Wat zei Stoltenberg over de grens?", speakers_).speakers == ("Jens Stoltenberg",)
    assert speaker_query("Who called the situation cynical?", speakers_).who
    assert speaker_query("Hoeveel mensen zijn omgekomen?", speakers_) is None


def test_speakers_of_the_labelled_quotes():
    """The seed and 20 NTREX articles, every quotation labelled by hand (tests/eval/quote_speakers.jsonl)."""
    sources = [ROOT / "seeds" / "000_fcec125009fbde04.txt"]
    if not NTREX.exists():
        pytest.skip(f"{NTREX} is not here")
    scores = score_speakers(ROOT / "tests" / "eval" / "quote_speakers.jsonl", read_articles([*sources, NTREX]))
    assert scores.labelled == 68
    assert scores.precision >= 0.72 and scores.recall >= 0.72, scores.errors
