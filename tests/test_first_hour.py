"""What a new user meets in the first hour: help, output, filters, odd input, and small wording."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ID, SEEDS, articles_answerer, ntrex_answerer

from bot.answer import Answerer, Quote
from bot.question import clean_question
from bot.messages import say
from index import Filters, build_index, load_version
from index.articles import read_file, read_seeds
from index.build import BuildSummary
from index.live import LiveIndex

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}

SEED_TITLE = "De Wit-Russische president Aleksandr Loekasjenko erkent in een interview met de…"


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=300)


def test_a_first_chat_in_a_pipe_prints_only_the_replies(tmp_path: Path) -> None:
    result = _cli("chat", "--index-dir", str(tmp_path / "index"), stdin="/status\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("> /status\n\nIndex version ") and "published version" not in result.stdout
    assert "published version" in result.stderr  # the build's closing line goes with its other output


def test_the_bot_says_when_its_articles_changed_since_the_build(tmp_path: Path) -> None:
    """A developer's trial added articles and ran `make run`: the answers were the old index's, and only `index info`
    said why. The bot says so on stderr as it starts, with the command that takes them in."""
    import shutil

    seeds, index_dir = tmp_path / "desk", tmp_path / "index"
    shutil.copytree(SEEDS, seeds)
    assert _cli("index", "build", "--seeds", str(seeds), "--index-dir", str(index_dir)).returncode == 0
    assert "note:" not in _cli("chat", "--index-dir", str(index_dir), stdin="/status\n").stderr
    (seeds / "harbour.txt").write_text("title Harbour pay\ndate 2024-05-06\n\nDock workers won a pay rise.")
    stale = _cli("chat", "--index-dir", str(index_dir), stdin="/status\n")
    assert stale.returncode == 0 and stale.stdout.startswith("> /status\n\nIndex version ")  # stdout: the chat only
    rebuild = f"newsbot index build --seeds {seeds.resolve()} --index-dir {index_dir}"
    assert stale.stderr.strip() == (f"note: the articles in {seeds.resolve()} changed since the index was built; "
                                    f"answering from the index as it is (run `{rebuild}`: the bot keeps answering "
                                    "while it builds)")
    assert _cli(*rebuild.split()[1:]).returncode == 0
    assert "note:" not in _cli("chat", "--index-dir", str(index_dir), stdin="/status\n").stderr


def test_help_keeps_every_word_and_shows_flags_as_flags() -> None:
    flat = " ".join(_cli("index", "build", "--help").stdout.split())
    assert "[env NEWSBOT_SEEDS_DIR; default: the one the index was built from, else seeds/]" in flat
    assert "[env NEWSBOT_INDEX_DIR; default data/index]" in flat
    assert "--full Re-embed everything" in flat and "<bool>" not in flat
    top = _cli("--help").stdout
    assert "<int>" not in top and "<bool>" not in top and "-v, --verbose" in top
    assert "index articles" in " ".join(_cli("ask", "--help").stdout.split())


def test_newsbots_own_options_work_after_the_command_too(seed_index: Path) -> None:
    """An operator's trial: `newsbot index build -v` and `newsbot telegram --log-messages` got "No such option"."""
    from bot.cli import _global_options_first

    assert _global_options_first(["index", "build", "-v"]) == ["-v", "index", "build"]
    assert _global_options_first(["ask", "--", "-v"]) == ["ask", "--", "-v"]  # after "--": the question's
    info = _cli("index", "info", "-vv", "--index-dir", str(seed_index))
    assert info.returncode == 0 and info.stdout.startswith("index:"), info.stderr


def test_an_unknown_command_in_a_pipe_gets_the_commands(seed_index: Path) -> None:
    result = _cli("chat", "--index-dir", str(seed_index), stdin="/bogus\n")
    assert result.stdout.startswith("> /bogus\n\nI do not know /bogus. These are my commands:")
    assert "/sources" in result.stdout


def test_article_ids_are_listed_and_a_wrong_one_says_where_to_look(seed_index: Path) -> None:
    listed = _cli("index", "articles", "--index-dir", str(seed_index))
    assert listed.returncode == 0 and listed.stdout.splitlines()[1].startswith(f"{SEED_ID}  2021-11")
    wrong = _cli("ask", "What did Lukashenko admit?", "--article", "nope", "--index-dir", str(seed_index))
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (f"error: --article 'nope': no article has that id; "
                                    f"`newsbot index articles --index-dir {seed_index}` lists them")
    # A near id, or the same file in another folder (an archivist's trial after moving one), is offered.
    near = _cli("ask", "What did Lukashenko admit?", "--article", f"news/{SEED_ID[:-1]}", "--index-dir", str(seed_index))
    assert f"no article has that id; did you mean '{SEED_ID}'? `newsbot index articles" in near.stderr
    right = _cli("ask", "What did Lukashenko admit?", "--article", SEED_ID, "--index-dir", str(seed_index))
    assert right.returncode == 0 and "paragraph 6" in right.stdout
    empty = _cli("ask", "What did Lukashenko admit?", "--article", "", "--index-dir", str(seed_index))
    assert empty.returncode == 1 and empty.stderr.strip() == (
        "error: --article needs an article id: `newsbot index articles` lists them")  # had searched every article


def test_scripts_get_json_a_version_and_one_line_for_a_damaged_index(seed_index: Path, tmp_path: Path) -> None:
    """A developer's trial: `index articles`/`index info` had no --json, there was no --version, and `quotes` over a
    truncated paragraphs.sqlite printed a traceback."""
    import shutil

    articles = [json.loads(line) for line in _cli("index", "articles", "--json", "--index-dir",
                                                    str(seed_index)).stdout.splitlines()]
    assert [a["id"] for a in articles] == [SEED_ID] and articles[0]["paragraphs"] == 8
    info = json.loads(_cli("index", "info", "--json", "--index-dir", str(seed_index)).stdout)
    assert info["articles"] == 1 and info["paragraphs"] == 8 and set(info["encoders"]) >= {"use", "e5"}
    version = _cli("--version")
    assert version.returncode == 0 and re.fullmatch(r"newsbot \S+\n", version.stdout)
    damaged = tmp_path / "index"
    shutil.copytree(seed_index, damaged)
    current = damaged / "versions" / (damaged / "CURRENT").read_text().strip() / "paragraphs.sqlite"
    current.write_bytes(current.read_bytes()[:4096])
    quoted = _cli("quotes", "Loekasjenko", "--index-dir", str(damaged))
    assert quoted.returncode == 1 and "Traceback" not in quoted.stderr and len(quoted.stderr.strip().splitlines()) == 1


def test_since_after_until_is_flagged(seed_index: Path) -> None:
    result = _cli("ask", "x", "--since", "2022", "--until", "2021", "--index-dir", str(seed_index))
    assert result.returncode == 1
    assert result.stderr.strip() == "error: --since 2022 is after --until 2021: no article can be in between; swap them"
    fine = _cli("ask", "What did Lukashenko admit?", "--since", "2021-11", "--until", "2021-11-15",
                "--index-dir", str(seed_index))
    assert fine.returncode == 0, fine.stderr


def test_a_period_in_the_question_is_named_as_the_filter_it_became(seed_answerer: Answerer) -> None:
    answer = seed_answerer.answer("Wat gaf Loekasjenko toe in artikelen van 2022?")
    assert not answer.answered
    assert answer.reason == "er is geen artikel van 2022, de periode waar de vraag over gaat"
    assert answer.notes == ["Alleen artikelen van 2022, zoals gevraagd."]
    found = seed_answerer.answer("Wat gaf Loekasjenko toe in artikelen van 2021?")
    assert found.answered and found.notes == ["Alleen artikelen van 2021, zoals gevraagd."]
    english = seed_answerer.answer("What did Lukashenko admit in articles from 2022?")
    assert english.reason == "no article is dated 2022, the period the question asks for"
    assert english.notes == ["Only articles dated 2022, as the question asks."]


def test_dates_compare_at_the_coarser_precision(newsroom_index: Path) -> None:
    store = load_version(newsroom_index).store
    seed_rows = set(store.article_rows(SEED_ID))  # dated 2021-11
    assert seed_rows <= set(store.rows_in_dates("2021-11-02", None))
    assert seed_rows <= set(store.rows_in_dates(None, "2021-11-15"))
    assert seed_rows <= set(store.rows_in_dates("2021-11-02", "2021-11-15"))
    strike = set(store.article_rows("2022-06-port-strike"))  # dated 2022-06-14
    assert strike <= set(store.rows_in_dates(None, "2022-06")) and strike <= set(store.rows_in_dates("2022-06", None))
    assert not strike & set(store.rows_in_dates("2022-06-15", None))


def test_terminal_colour_codes_in_a_question_are_removed(seed_answerer: Answerer) -> None:
    assert clean_question("Wat gaf \x1b[1mLoekasjenko\x1b[0m toe?").text == "Wat gaf Loekasjenko toe?"
    answer = seed_answerer.answer("Wat gaf \x1b[1mLoekasjenko\x1b[0m toe?")
    assert answer.answered and 6 in [q.paragraph for q in answer.quotes]


def test_control_characters_in_an_article_are_removed_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bell.txt"
    path.write_text("title Bell\x07 ringer\n\nThe mayor\x00 said the \x1b[31mbell\x1b[0m will ring again.\x0c")
    [warning, article] = list(read_file(path, "bell.txt"))
    assert str(warning) == "bell.txt: held 12 control character(s) (NUL, escape codes and the like); they were removed"
    assert not warning.fatal
    assert article.title == "Bell ringer" and article.passages[0].text == "The mayor said the bell will ring again."


def test_control_characters_escaped_in_json_lines_are_removed_too(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text('{"id": "bell", "title": "Bell\\u0007", "body": "The mayor\\u0000 said the bell will ring."}\n')
    [warning, article] = list(read_file(path, "export.jsonl"))
    assert str(warning).startswith("export.jsonl:1: held 2 control character(s)")
    assert article.title == "Bell" and article.passages[0].text == "The mayor said the bell will ring."


def test_html_in_an_article_is_removed_with_a_warning(tmp_path: Path) -> None:
    """An archivist's trial: "<p>" and "<b>" were quoted, a speaker inside "<a href=…>" was never found, and a
    script line became a section heading that shifted the paragraph numbers."""
    from index.quotes import attribute

    path = tmp_path / "bronzes.txt"
    path.write_text("title Bronzes &amp; more\n\n<p>The Rijksmuseum will return <b>113 Benin bronzes</b>.</p>\n\n"
                    "<script>alert('x')</script>\n\n\"It is right,\" said <a href=\"https://x.test\">Taco Dibbits</a>."
                    "\n\nThe bronzes leave in May.\n")
    [warning, article] = list(read_file(path, "bronzes.txt"))
    assert str(warning) == "bronzes.txt: held 8 HTML tag(s); they were removed, and the text is quoted without them"
    assert [p.text for p in article.passages] == ["The Rijksmuseum will return 113 Benin bronzes.",
                                                   "\"It is right,\" said Taco Dibbits.", "The bronzes leave in May."]
    assert [p.section for p in article.passages] == [None, None, None]
    assert [q.speaker for q in attribute([p.text for p in article.passages])[1]] == ["Taco Dibbits"]
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"id": "b", "title": "<i>Bronzes</i>", "body": "A <b>bold</b> move."}) + "\n")
    [warning, article] = list(read_file(export, "export.jsonl"))
    assert str(warning).startswith("export.jsonl:1: held 4 HTML tag(s)")
    assert article.title == "Bronzes" and article.passages[0].text == "A bold move."
    # Words in angle brackets that are no HTML stay: "3 < 5" and "<Stoltenberg>".
    plain = tmp_path / "plain.txt"
    plain.write_text("title Plain\n\nSome said 3 < 5, and <Stoltenberg> agreed.\n")
    assert [type(x).__name__ for x in read_file(plain, "plain.txt")] == ["Article"]
    # A fact-checker's trial: every citation read "Caf&eacute; &amp; bakkerij", the body decoded beside it.
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "cafe", "title": "Caf&eacute; &amp; bakkerij &ldquo;De Zoete Inval&rdquo;",
                                "author": "Ren&eacute;e Bakker", "body": "Het café wint."}) + "\n")
    [article] = list(read_file(feed, "feed.jsonl"))
    assert (article.title, article.author) == ("Café & bakkerij “De Zoete Inval”", "Renée Bakker")


def test_a_linked_folder_is_reported_not_skipped_silently(seeds_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "archive"
    outside.mkdir()
    (outside / "old.txt").write_text("title Old\n\nAn old story about the harbour.")
    (seeds_copy / "archive").symlink_to(outside, target_is_directory=True)
    problems = [str(p) for p in read_seeds(seeds_copy).problems]
    assert problems == ["archive: skipped: a link to a folder, whose files are not read; move or copy the folder "
                        "into the seeds folder instead"]


def test_a_front_matter_error_names_the_line_of_its_cause(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [Rotterdam strike\ndate: 2022-06-14\nlang: en\n---\n\nDockworkers stopped work.\n")
    [problem] = list(read_file(path, "bad.md"))
    assert problem.line == 2 and str(problem).startswith("bad.md:2: front matter is not valid YAML (")
    assert "on line 3" in str(problem)


def test_more_after_a_refused_question_does_not_page_an_earlier_answer(seed_index: Path) -> None:
    script = "What did Lukashenko admit?\nHow many people live in Warsaw?\nmore\n"
    result = _cli("chat", "--index-dir", str(seed_index), stdin=script)
    replies = [r for r in result.stdout.split("\n\n") if r.strip()]
    assert replies[-1] == "There is nothing more for your last question."
    paged = _cli("chat", "--index-dir", str(seed_index), stdin="What did Lukashenko admit?\n/status\nmore\n")
    assert "More for “What did Lukashenko admit?”:" in paged.stdout  # labelled, and a command in between is fine


def test_ask_offers_the_further_passages_a_chat_pages_to(seed_index: Path) -> None:
    """A Dutch reader's trial: the chat's More showed the answer that `newsbot ask` never mentioned."""
    plain = _cli("ask", "What did Lukashenko admit?", "--index-dir", str(seed_index))
    shown = plain.stdout.count("\n  — ")
    hint = re.fullmatch(r"\((\d+) more passages?: --more\)\n", plain.stderr.splitlines(keepends=True)[-1])
    assert shown and hint
    more = _cli("ask", "What did Lukashenko admit?", "--more", "--index-dir", str(seed_index))
    assert more.stdout.startswith(plain.stdout.rstrip("\n")) and more.stdout.count("\n  — ") == shown + int(hint[1])
    assert "--more" not in more.stderr
    # In the question's language (a reader-service editor's trial: English after a Dutch question).
    dutch = _cli("ask", "Wat gaf Loekasjenko toe?", "--index-dir", str(seed_index))
    assert re.fullmatch(r"\(\d+ passages? meer: --more\)\n", dutch.stderr.splitlines(keepends=True)[-1])
    answer = json.loads(_cli("ask", "What did Lukashenko admit?", "--more", "--json", "--index-dir",
                             str(seed_index)).stdout)
    assert len(answer["more"]) == int(hint[1]) and {p["paragraph"] for p in answer["more"]}.isdisjoint(
        p["paragraph"] for p in answer["passages"])


def test_parts_of_a_split_paragraph_are_cited_apart(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    sentence = "The harbour master counted {} ships waiting outside the port of Delfzijl on that day."
    paragraph = " ".join(sentence.format(n) for n in range(60))  # ~5,000 characters: split in parts
    (seeds / "ships.txt").write_text(f"title Ships\ndate 2024-03-01\n\n{paragraph}")
    build_index(seeds, tmp_path / "index", encoders=("use", "e5"))
    answer = Answerer(LiveIndex(tmp_path / "index")).answer("How many ships did the harbour master count?")
    cited = [q.citation() for q in answer.quotes + answer.more]
    assert len(cited) == len(set(cited)) >= 2
    assert any(c.endswith("paragraph 1, part 2") for c in cited)
    # Every part says it is one, the first too: a fact-checker took part 1 for the whole paragraph.
    assert all(re.search(r"paragraph 1, part \d$", c) for c in cited)
    assert [q.to_json()["part"] for q in answer.quotes][:1] in ([1], [2], [3], [4], [5], [6])


def test_a_model_that_was_not_used_to_build_the_index_is_not_ignored(seed_index: Path) -> None:
    result = _cli("ask", "What did Lukashenko admit?", "--model", "does-not-exist", "--index-dir", str(seed_index))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: --model does-not-exist: the index was built with "
                                            "sentence-transformers/all-MiniLM-L6-v2; rebuild it with `newsbot index "
                                            "build --model does-not-exist --index-dir ")


def test_counts_are_in_the_singular_for_one() -> None:
    line = BuildSummary(version="v", articles=1, passages=1, added=1).line()
    assert "1 article (1 added" in line and "1 paragraph," in line
    assert "2 articles" in BuildSummary(version="v", articles=2, passages=8).line()


def test_start_suggests_questions_about_people_who_said_something(seed_answerer: Answerer,
                                                                  newsroom_index: Path) -> None:
    assert seed_answerer.examples() == ["Wat zei Aleksandr Loekasjenko?"]
    # In the reader's language where it is known (an English reader was offered the Dutch question).
    assert seed_answerer.examples(3, "en") == ["What did Aleksandr Loekasjenko say?"]
    assert seed_answerer.example("en") == "What did Aleksandr Loekasjenko say?"
    examples = Answerer(LiveIndex(newsroom_index)).examples()
    assert all(re.fullmatch(r"(Wat zei|What did) [A-Z][\w -]+( say)?\?", e) for e in examples), examples
    assert not any(name in e for e in examples for name in ("Utrecht", "Amsterdam-Rijnkanaal", "Rotterdam"))


def test_start_suggests_only_people_the_index_quotes(tmp_path: Path) -> None:
    """"Police said" is no one to ask about, and a job title at a sentence's start is not part of a name."""
    answerer = articles_answerer(tmp_path, **{"bridge.txt": (
        "title Bridge closed\ndate 2024-03-01\n\nPolice said the bridge in Leeuwarden was closed on Monday.\n\n"
        "“We expect it to reopen next week,” said Anna de Vries, a spokeswoman for the province.\n\n"
        "Wethouder Lot van Hooijdonk zegt dat de brug volgende week weer opengaat.")})
    assert answerer.examples() == ["What did Anna de Vries say?"]
    # Whoever a quote is attributed to, however the sentence names them: a casual reader's "hoi" over the archive was
    # offered a headline, as no first paragraph put a full name beside "zei" (the seed's Loekasjenko speaks as
    # "aldus Loekasjenko" only).
    (tmp_path / "later").mkdir()
    later = articles_answerer(tmp_path / "later", **{"dijk.txt": (
        "title Dijk versterkt\ndate 2024-03-02\n\nDe provincie versterkt de dijk bij Harlingen.\n\n"
        "Pieter Zijlstra van het waterschap is tevreden. ‘Dit houdt de zee nog vijftig jaar tegen’, aldus Zijlstra.")})
    assert later.examples() == ["Wat zei Pieter Zijlstra?"]
    # A hint's example is a question about these articles, not the seed's Loekasjenko.
    from typer.testing import CliRunner

    from bot.cli import app

    hello = CliRunner().invoke(app, ["ask", "hello", "--index-dir", str(tmp_path / "index")])
    assert hello.output.strip() == ("Hello! Ask me about the news in the articles, in English or Dutch, for example: "
                                    "What did Anna de Vries say?")


def test_wrapped_quote_lines_stay_indented_on_a_terminal() -> None:
    from rich.console import Console

    from bot.chat import print_message
    from bot.local_api import SentMessage

    quote = Quote("a", "Title", "2021", None, 2, None, "word " * 40 + "end.", ((0, 9),), 1.0)
    message = SentMessage(1, 1, quote.html(), "HTML", None)
    screen = io.StringIO()
    print_message(Console(file=screen, width=40, color_system=None), message)
    lines = screen.getvalue().rstrip("\n").split("\n")
    quote_lines = lines[:-1]
    assert len(quote_lines) >= 4 and all(line.startswith("  ") for line in quote_lines)
    assert lines[-1].startswith("— Title · 2021 · paragraph 2")


@pytest.mark.parametrize("part, split, language, where", [
    (0, False, "en", "paragraph 3"), (0, True, "en", "paragraph 3, part 1"), (1, True, "en", "paragraph 3, part 2"),
    (1, True, "nl", "alinea 3, deel 2")])
def test_a_quote_says_which_part_of_its_paragraph_it_is(part: int, split: bool, language: str, where: str) -> None:
    quote = Quote("a", "T", None, None, 3, None, "Text.", (), 1.0, part=part, split=split, author="Jan",
                  language=language)
    by = "door" if language == "nl" else "by"
    assert quote.citation() == f"T · {by} Jan · {where}" and where in quote.html()


def test_a_quote_names_its_outlet() -> None:
    """A Dutch reader's trial: a Reuters or UPI story was cited by its title alone, its outlet only in JSON."""
    quote = Quote("a", "T", "2018-09", None, 3, None, "Text.", (), 1.0, source="Reuters", language="nl")
    assert quote.citation() == "T · Reuters · 2018-09 · alinea 3" and "Reuters · 2018-09" in quote.html()


def test_filters_in_words() -> None:
    from bot.answer import describe_filters

    assert describe_filters(Filters(since="2021", until="2022-06")) == "dated 2021 to June 2022"
    assert describe_filters(Filters(until="2021")) == "dated 2021 or earlier"
    # A Dutch reader read "van 2026-11-23 tot en met 2026-11-29" in a trial.
    assert describe_filters(Filters(since="2026-11-23", until="2026-11-29"), "nl") == \
        "van 23 november 2026 tot en met 29 november 2026"


def test_an_answer_from_an_article_not_naming_the_person_asked_about_says_so(tmp_path: Path) -> None:
    """A fact-checker's trial: "Hoe oud is Henk Brouwer?" quoted another story's 81-year-old, with no word."""
    answerer = articles_answerer(tmp_path, **{
        "brug.txt": ("title: Nieuwe brug over de IJssel\ndate: 2024-03-12\n\nDe brug kost 48 miljoen euro.\n\n"
                     "Oppositieraadslid Henk Brouwer is kritisch. ‘Dit geld hadden we beter aan de wijken kunnen "
                     "besteden’, zegt hij.\n"),
        "fraude.txt": ("title: Pensioen kwijt door fraude\ndate: 2024-04-02\n\nEén slachtoffer, de 81-jarige Margaret "
                       "Hughes, zei dat ze haar hele pensioen kwijt was.\n")})
    from bot.answer import _named_elsewhere

    retriever = answerer.live.current()
    assert _named_elsewhere("Hoe oud is Henk Brouwer?", "fraude", retriever) == ["Henk Brouwer"]
    assert _named_elsewhere("Hoe oud is Henk Brouwer?", "brug", retriever) == []
    said = answerer.answer("Wat zei Henk Brouwer?")
    assert said.quotes[0].article_id == "brug" and not said.notes
    # Typed without capitals too (a casual reader's "how tall is tim berners lee" got another man's height with no
    # note): the names as the search reads them.
    lower = answerer.answer("was henk brouwer zijn pensioen kwijt door fraude")
    assert lower.quotes[0].article_id == "fraude"
    assert lower.notes == [say("first_not_naming", "nl", names="Henk Brouwer")]
    # A surname that is also a word is no indexed name ("Ho" of "Ri Yong Ho"): an article writing the name whole
    # names him (a fact-checker's trial was told that the article quoting him does not mention him).
    (tmp_path / "ri").mkdir()
    ri = ntrex_answerer(tmp_path / "ri", "ntrex-en/cnbc.com.6790", "ntrex-en/bbc.381736").live.current()
    assert _named_elsewhere("What did Ri Yong Ho say about South Korea?", "ntrex-en/cnbc.com.6790", ri) == []


def test_a_period_says_the_undated_articles_it_left_out(tmp_path: Path) -> None:
    """A Dutch reader's trial over an undated archive: "in artikelen van 2018" said only that no article is of 2018."""
    answerer = articles_answerer(tmp_path, **{
        "ambassador.txt": ("title: Ambassador Branstad writes in the Des Moines Register\n\n"
                           "Ambassador Terry Branstad said China was bullying American farmers.\n"),
        "port.txt": ("title: Dockworkers strike in Rotterdam\ndate: 2021-04-10\n\n"
                     "Dockworkers in Rotterdam walked out on Monday over pay.\n")})
    assert answerer.answer("What did Branstad say?").answered
    answer = answerer.answer("Wat zei Branstad in artikelen van 2018?")
    assert not answer.answered and answer.reason == (
        "er is geen artikel van 2018, de periode waar de vraag over gaat; niet doorzocht: 1 artikel zonder datum "
        "(vraag het zonder periode om ook die te doorzoeken)")
    since = answerer.answer("What did Branstad say?", filters=Filters(since="2021"))
    assert since.reason.endswith("; not searched: 1 article without a date (ask without the period to search them too)")


def test_a_search_within_one_article_says_so_in_words(seed_answerer: Answerer) -> None:
    """A new user's trial read "(…; only articles article 'harbour-fire' were searched)"."""
    answer = seed_answerer.answer("How many ships wait in the harbour?", filters=Filters(article=SEED_ID))
    assert not answer.answered and answer.reason.endswith(f"; only article “{SEED_TITLE}” was searched")
    dated = seed_answerer.answer("Hoeveel schepen wachten in de haven?", filters=Filters(article=SEED_ID, since="2021"))
    assert dated.reason.endswith(f"; alleen artikel “{SEED_TITLE}” (van 2021 of later) is doorzocht")


def test_a_byline_is_asked_about_as_the_authors_articles(tmp_path: Path) -> None:
    """A business editor's "What did Sanne Jansen write?" was refused: "the articles do not mention Sanne
    Jansen", over her own articles, whose text never names their author."""
    answerer = articles_answerer(tmp_path, **{
        "brug.txt": ("title: Gemeenteraad stemt in met fietsbrug\ndate: 2026-03-02\nauthor: Sanne Jansen\n\n"
                     "De gemeenteraad van Utrecht heeft dinsdagavond ingestemd met de bouw van een fietsbrug over het "
                     "Merwedekanaal.\n\nMet 29 stemmen voor en 8 tegen nam de raad het voorstel aan.\n\n"
                     "De brug moet in 2028 klaar zijn en kost 14 miljoen euro.\n"),
        "strike.md": ("---\ntitle: Dockworkers strike in Rotterdam\ndate: 2026-04-10\nauthor: Tom Baker\n---\n\n"
                      "Dockworkers in Rotterdam walked out on Monday over pay, halting container traffic.\n\n"
                      "The port authority said the strike costs 10 million euros a day.\n"),
        # An editor's trial: a co-written byline, a surname that is a word ("Groen" in a title), an apostrophe, and
        # an accented name the question writes without its accents.
        "sluis.txt": ("title: Sluis in Groen & Veilig-plan\ndate: 2026-05-01\nauthor: Emma de Vries and Tom Baker\n\n"
                      "Correction, 2 May 2026: an earlier version gave the wrong month.\n\n"
                      "The lock at IJmuiden reopens in June after repairs, said alderman Renée Öztürk.\n"),
        "school.txt": ("title: Leiden school wins science prize\ndate: 2026-02-01\nauthor: Rachel Green\n\n"
                       "Pupils in Leiden won the national science olympiad with a robot that sorts plastic.\n"),
        "noorderzon.txt": ("title: Record for Noorderzon\ndate: 2025-08-28\nauthor: Liam O'Connor\n\n"
                           "The Noorderzon festival closed with a record 95,000 visitors.\n")})
    baker = answerer.answer("What did Tom Baker write?").quotes
    assert [(q.article_id, q.paragraph) for q in baker] == [("sluis", 2), ("strike", 1)]  # the lead, not the notice
    assert [q.article_id for q in answerer.answer("What did Rachel Green write?").quotes] == ["school"]
    assert [q.article_id for q in answerer.answer("What did Liam O’Connor write?").quotes] == ["noorderzon"]
    who = answerer.answer("Wie is Renee Ozturk?")
    assert who.answered and who.quotes[0].article_id == "sluis"  # "de artikelen noemen Ozturk niet"
    written = answerer.answer("What did Sanne Jansen write?")
    assert written.answered and [(q.article_id, q.paragraph) for q in written.quotes] == [("brug", 1)]
    assert written.notes == ["The articles by Sanne Jansen (the byline), newest first, each with its first paragraph."]
    assert [q.article_id for q in answerer.answer("Artikelen van Tom Baker").quotes] == ["sluis", "strike"]
    # A topic beside the byline is searched for in the author's articles only, and the answer says so.
    votes = answerer.answer("Hoeveel stemmen volgens Sanne Jansen?")
    assert (votes.quotes[0].article_id, votes.quotes[0].paragraph) == ("brug", 2)
    assert votes.notes == ["Alleen de artikelen van Sanne Jansen (de auteur) zijn doorzocht."]
    elsewhere = answerer.answer("What did Jansen write about the strike?")
    assert not elsewhere.answered and "only articles by Sanne Jansen were searched" in elsewhere.reason
    assert not answerer.answer("Wat schreef Sanne Jansen in 2025?").answered  # her only article is of 2026
    # A name neither the text nor a byline holds is still unknown.
    assert answerer.answer("What did Sanne de Boer write?").reason == "the articles do not mention Sanne de Boer"
