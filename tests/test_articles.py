"""Reading articles: the seed's quirks, three formats, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEED_ID, SEEDS

from index.articles import MAX_PASSAGE_CHARS, read_seeds
from index.sentences import split_sentences


def _only_article(folder: Path):  # type: ignore[no-untyped-def]
    result = read_seeds(folder)
    assert len(result.articles) == 1, result.problems
    return result.articles[0]


def test_seed_header_on_the_lead_line_gives_date_and_an_intact_lead() -> None:
    article = _only_article(SEEDS)
    assert article.id == SEED_ID
    assert article.date == "2021-11"
    assert article.language == "nl"
    lead = article.passages[0]
    assert lead.paragraph == 1
    assert lead.text.startswith("De Wit-Russische president Aleksandr Loekasjenko erkent")
    assert lead.text.endswith("over te steken naar Polen.")
    assert article.title.startswith("De Wit-Russische president Aleksandr Loekasjenko")


def test_seed_heading_is_a_section_not_a_passage() -> None:
    article = _only_article(SEEDS)
    assert len(article.passages) == 8
    assert all(p.text != "Doden" for p in article.passages)
    assert [p.section for p in article.passages] == [None] * 6 + ["Doden", "Doden"]
    assert article.passages[-1].text.endswith("is cynisch en onmenselijk.’")  # no final newline in the file


def test_passages_are_verbatim_substrings_of_the_file() -> None:
    raw = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    for passage in _only_article(SEEDS).passages:
        assert passage.text in raw


def test_sentences_split_at_curly_quotes() -> None:
    text = "‘Wij zijn Slaven. Wij hebben een hart.’ Zei hij. ‘Misschien.’ Dr. Jansen kwam niet."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "‘Wij zijn Slaven.", "Wij hebben een hart.’", "Zei hij.", "‘Misschien.’", "Dr. Jansen kwam niet."]
    # A fact-checker's trial: cut after "U.N." and "Rep.", Pompeo's quote was left unmarked.
    text = "Mike Pompeo told the U.N. Security Council that sanctions must stay. Rep. Geoff Diehl agreed."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Mike Pompeo told the U.N. Security Council that sanctions must stay.", "Rep. Geoff Diehl agreed."]
    # A Dutch editor's trial: cut after "Sens.", the senators' names were left unmarked.
    text = "It included the phone numbers of U.S. Sens. Lindsey Graham and Mike Lee. Both were angry."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "It included the phone numbers of U.S. Sens. Lindsey Graham and Mike Lee.", "Both were angry."]


def test_markdown_front_matter_and_headings(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: Port strike\ndate: 2022-06-14\nurl: https://x.test/a\n---\n\n"
                                   "First paragraph here.\n\n## Demands\n\nThe union wants more.\n")
    article = _only_article(tmp_path)
    assert (article.title, article.date, article.url, article.id) == ("Port strike", "2022-06-14", "https://x.test/a", "a")
    assert [(p.text, p.section) for p in article.passages] == [("First paragraph here.", None),
                                                                ("The union wants more.", "Demands")]
    assert article.language == "en"


def test_markdown_emphasis_and_links_are_markup_not_words(tmp_path: Path) -> None:
    """A fact-checker's trial: "***Correctie, 22 juni …***" was quoted with its stars, into which the answer's own
    bold marks ran; a link was quoted with its address. Lines, list markers and a lone star stay."""
    (tmp_path / "a.md").write_text("---\ntitle: Brug\n---\n\n## Een *kop*\n\n***Correctie, 22 juni:*** een eerdere "
                                   "versie noemde _23.00 uur_.\n\nZie [de website](https://x.nl), `code`, 5 * 3 en "
                                   "snake_case.\n\n- een lijst met **vet**\n- twee\n")
    [article] = read_seeds(tmp_path).articles
    assert [(p.section, p.text) for p in article.passages] == [
        ("Een kop", "Correctie, 22 juni: een eerdere versie noemde 23.00 uur."),
        ("Een kop", "Zie de website, code, 5 * 3 en snake_case."), ("Een kop", "- een lijst met vet\n- twee")]


def test_markdown_without_front_matter_reads_header_lines(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("Title: Seals return to the Wadden Sea\ndate 2022-08-02\nlang: en\n\n"
                                   "Counters found more seals than ever.\n\n# Numbers\n\nAbout 8,000 in all.\n")
    article = _only_article(tmp_path)
    assert (article.title, article.date, article.language) == ("Seals return to the Wadden Sea", "2022-08-02", "en")
    assert [(p.text, p.section) for p in article.passages] == [("Counters found more seals than ever.", None),
                                                                ("About 8,000 in all.", "Numbers")]


def test_jsonl_articles_keep_their_ids(tmp_path: Path) -> None:
    lines = [{"id": "x1", "title": "Een", "date": "2022-03", "body": "Eerste alinea van het stuk.\n\nTweede alinea."},
             {"id": 7, "body": "Only one paragraph, in English this time."}]
    (tmp_path / "export.jsonl").write_text("\n".join(json.dumps(r) for r in lines))
    result = read_seeds(tmp_path)
    assert [a.id for a in result.articles] == ["x1", "7"]
    assert result.articles[0].date == "2022-03" and len(result.articles[0].passages) == 2
    assert result.articles[1].title == "Only one paragraph, in English this time."


def test_long_paragraphs_split_at_sentence_boundaries(tmp_path: Path) -> None:
    sentence = "Dit is een zin over de begroting van de gemeente en de plannen voor volgend jaar. "
    (tmp_path / "long.txt").write_text("title Lang\n\n" + sentence * 40)
    article = _only_article(tmp_path)
    assert len(article.passages) > 1
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in article.passages)
    assert {p.paragraph for p in article.passages} == {1}
    assert all(p.text.endswith("jaar.") for p in article.passages)


def test_paragraph_ids_are_stable_while_text_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("title A\n\nOne paragraph stays.\n\nAnother paragraph changes.")
    before = {p.text: p.id for p in _only_article(tmp_path).passages}
    path.write_text("title A\n\nOne paragraph stays.\n\nAnother paragraph was edited.")
    after = {p.text: p.id for p in _only_article(tmp_path).passages}
    assert after["One paragraph stays."] == before["One paragraph stays."]
    assert after["Another paragraph was edited."] != before["Another paragraph changes."]


def test_impossible_dates_are_reported_in_every_format_and_headers_read_without_colons(tmp_path: Path) -> None:
    """``date: 2023-02-30`` in front matter made YAML raise out of the build; in plain text and JSON Lines it
    was indexed as it was. A colon-less ``date`` header on its own line no longer ends the headers."""
    (tmp_path / "front.md").write_text("---\ntitle: Front\ndate: 2023-02-30\n---\n\nA paragraph about buses.\n")
    (tmp_path / "month.md").write_text("---\ntitle: Month\ndate: 2024-13-01\n---\n\nA paragraph about trams.\n")
    (tmp_path / "plain.txt").write_text("date 2023-11-05\ntitle Plain\nurl https://example.org/x\n\nA paragraph.")
    (tmp_path / "wrong.txt").write_text("date 2023-99-99\ntitle Wrong\n\nA paragraph about ferries.")
    (tmp_path / "export.jsonl").write_text('{"id": "j", "date": "2023-02-30", "body": "A paragraph."}\n')
    result = read_seeds(tmp_path)
    by_id = {a.id: a for a in result.articles}
    assert sorted(by_id) == ["front", "j", "month", "plain", "wrong"]
    assert (by_id["front"].title, by_id["front"].date) == ("Front", None)
    assert (by_id["plain"].title, by_id["plain"].date, by_id["plain"].url) == ("Plain", "2023-11-05", "https://example.org/x")
    assert [p.text for p in by_id["plain"].passages] == ["A paragraph."]
    assert (by_id["wrong"].title, by_id["wrong"].date) == ("Wrong", None)
    assert {str(p) for p in result.problems} == {
        f"{name}:{line}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD; indexed without a date"
        for name, line, date in [("front.md", 3, "2023-02-30"), ("month.md", 3, "2024-13-01"),
                                 ("wrong.txt", 1, "2023-99-99"), ("export.jsonl", 1, "2023-02-30")]}


def test_bad_inputs_are_reported_and_the_rest_is_indexed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("A secret paragraph outside the seeds folder.")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("title Good\n\nA perfectly good paragraph.")
    (seeds / "latin1.txt").write_bytes("title Caf\xe9\n\nEen caf\xe9 in Utrecht.".encode("latin-1"))
    (seeds / "empty.txt").write_text("   \n")
    (seeds / "headers-only.txt").write_text("title Nothing\ndate 2021-01\n")
    (seeds / "bad-date.txt").write_text("date: yesterday\n\nA paragraph with a bad date header.")
    (seeds / "export.jsonl").write_text('{"id": "ok", "body": "Fine paragraph."}\n{not json}\n{"id": "nobody"}\n'
                                        '{"id": "ok", "body": "The same id again."}\n')
    (seeds / "link.txt").symlink_to(outside)
    result = read_seeds(seeds)
    messages = {str(p) for p in result.problems}
    assert sorted(a.id for a in result.articles) == ["bad-date", "good", "ok"]
    assert "latin1.txt:1: is not UTF-8 text (byte 9); save it as UTF-8" in messages
    assert "empty.txt: is empty" in messages
    assert "headers-only.txt: has no paragraphs to index (only headers or headings)" in messages
    assert "bad-date.txt:1: date 'yesterday' is not YYYY, YYYY-MM or YYYY-MM-DD; indexed without a date" in messages
    assert any(m.startswith("export.jsonl:2: invalid JSON") for m in messages)
    assert 'export.jsonl:3: missing "body" text; the line was skipped' in messages
    assert "export.jsonl:4: skipped: article id 'ok' is already used by export.jsonl:1" in messages
    assert "link.txt: skipped: the link points outside the seeds folder" in messages
    assert next(a for a in result.articles if a.id == "bad-date").date is None



def test_header_values_that_are_not_text_are_reported_and_left_out(tmp_path: Path) -> None:
    """An operator's drill: "url: {x: 1}" and "author: [A, B]" were cited as "{'x': 1}" and "by ['A', 'B']", and
    "lang: xx" was taken as the article's language without a word."""
    (tmp_path / "a.md").write_text("---\ntitle: Brand\nurl: {x: 1}\nauthor: [Anna Bos, Piet Smit]\nlang: xx\n---\n\n"
                                   "De brand woedde de hele nacht in Zwolle.\n")
    (tmp_path / "b.md").write_text("---\ntitle: Fire\nlang: en-GB\nsource: [BBC]\nurl: https://example.org/fire\n"
                                   "---\n\nThe fire raged all night.\n")
    # A url that is no web address ("url: 42" was cited as "42"); each warning names the header's own line.
    (tmp_path / "c.txt").write_text("title Weg\nurl javascript:alert(1)\n\nDe weg gaat dicht.\n")
    (tmp_path / "d.jsonl").write_text('{"id": "d1", "title": "D", "body": "Tekst."}\n'
                                      '{"id": "d2", "title": "D", "url": 42, "body": "Tekst."}\n')
    result = read_seeds(tmp_path)
    by_id = {a.id: a for a in result.articles}
    assert (by_id["a"].url, by_id["a"].author, by_id["a"].language) == (None, "Anna Bos, Piet Smit", "nl")
    assert (by_id["b"].language, by_id["b"].source, by_id["b"].url) == ("en", "BBC", "https://example.org/fire")
    assert by_id["c"].url is None and by_id["d2"].url is None
    assert [str(p) for p in result.problems] == [
        "a.md:3: url {'x': 1} is not text; indexed without it",
        "a.md:5: lang 'xx' is not one the bot reads (en, nl); the article's language was detected instead",
        "c.txt:2: url 'javascript:alert(1)' is not a web address (http:// or https://); indexed without it",
        "d.jsonl:2: url '42' is not a web address (http:// or https://); indexed without it"]
    assert not any(p.fatal for p in result.problems)


def test_a_link_that_leads_to_itself_is_a_warning(tmp_path: Path) -> None:
    """An operator's drill: a symlink loop among the articles stopped the build with a traceback."""
    (tmp_path / "brug.txt").write_text("title Brug\n\nDe brug gaat open.\n")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    result = read_seeds(tmp_path)
    assert [a.id for a in result.articles] == ["brug"]
    assert [str(p) for p in result.problems] == ["loop.txt: skipped: a link that leads back to itself"]


def test_a_header_key_newsbot_does_not_read_is_a_warning_not_a_paragraph(tmp_path: Path) -> None:
    """An editor's trial: "tilte:" or "autor:" among the header lines made the whole block paragraph 1 (and the
    title three lines long), silently; "datum:" in front matter left the article undated without a word."""
    (tmp_path / "a.txt").write_text("tilte: Brand in Drenthe\ndate: 2024-02-03\nautor: Mark Veenstra\n"
                                    "url: https://example.nl/brand\n\nASSEN — Een brand verwoestte een boerderij.\n")
    (tmp_path / "b.md").write_text("---\ntitle: Tram\ntags: [vervoer]\nslug: tram\ndatum: 2024-05-06\n---\n\n"
                                   "De tram rijdt vanaf maandag.\n")
    (tmp_path / "c.txt").write_text("Correction: an earlier version misspelt a name.\n\nThe council met on Monday.\n")
    # An operator's trial: a block of only misspelt or Dutch keys was paragraph 1, without a word.
    (tmp_path / "d.txt").write_text("tilte: Haven\ndatum: 2022-01-01\n\nThe harbour in Antwerp reopened.\n")
    result = read_seeds(tmp_path)
    by_id = {a.id: a for a in result.articles}
    assert [p.text for p in by_id["a"].passages] == ["ASSEN — Een brand verwoestte een boerderij."]
    assert (by_id["a"].date, by_id["a"].url, by_id["a"].author) == ("2024-02-03", "https://example.nl/brand", None)
    assert by_id["b"].date is None and by_id["b"].title == "Tram"
    assert by_id["c"].passages[0].text.startswith("Correction:")  # no header key of ours: a paragraph
    assert [str(p) for p in result.problems] == [
        "a.txt:1: header 'tilte' is not one newsbot reads (did you mean 'title'?); the line was left out",
        "a.txt:3: header 'autor' is not one newsbot reads (did you mean 'author'?); the line was left out",
        "b.md:5: header 'datum' is not one newsbot reads (did you mean 'date'?); the line was left out",
        "d.txt:1: header 'tilte' is not one newsbot reads (did you mean 'title'?); the line was left out",
        "d.txt:2: header 'datum' is not one newsbot reads (did you mean 'date'?); the line was left out"]
    assert [p.text for p in by_id["d"].passages] == ["The harbour in Antwerp reopened."]


def test_a_file_of_thousands_of_paragraphs_is_indexed_with_a_warning(tmp_path: Path) -> None:
    """An editor's trial: a 40 MB dump of 60,000 paragraphs built for an hour as one article without a word."""
    (tmp_path / "dump.txt").write_text("title Dump\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(2500)))
    result = read_seeds(tmp_path)
    assert len(result.articles[0].passages) == 2500
    assert [str(p) for p in result.problems] == [
        "dump.txt: is one article of 2,500 paragraphs, more than any news article: if it holds many articles, give "
        "each its own file (or JSON Lines line); indexed as one"]


def test_an_article_copied_under_another_name_is_a_warning(tmp_path: Path) -> None:
    """An editor's trial: a copy of an article under a new name was indexed twice without a word."""
    text = "title Festival\n\n" + "The festival closed on Sunday with a record 95,000 visitors despite the rain. " * 3
    (tmp_path / "festival.md").write_text(text)
    (tmp_path / "festival-copy.md").write_text(text)
    (tmp_path / "short-a.txt").write_text("title A\n\nMeer volgt.")
    (tmp_path / "short-b.txt").write_text("title B\n\nMeer volgt.")
    result = read_seeds(tmp_path)
    assert len(result.articles) == 4
    assert [str(p) for p in result.problems] == [
        "festival.md: has the same paragraphs as festival-copy.md; both are indexed: delete one if it is a copy"]
