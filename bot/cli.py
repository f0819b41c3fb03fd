"""The ``newsbot`` command: build the index, ask it questions, evaluate it, chat with the bot, run it."""

from __future__ import annotations

import json
import logging
import os
import re
import shlex
import signal
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from index import CONFIGURATIONS, Filters, NewsbotError, build_index
from index.config import build_command, command, default_index_dir, default_seeds_dir, default_st_model
from index.errors import IndexCorruptError
from index.wording import count

from .messages import count_of, say
from .redact import install_token_redaction, redact

if TYPE_CHECKING:
    from index.articles import Problem
    from index.evaluation import EvalReport
    from index.manifest import Manifest
    from index.version import IndexVersion

logger = logging.getLogger(__name__)

# Plain help, not Rich's: Rich reads "[env NEWSBOT_SEEDS_DIR; default seeds/]" as markup and drops it, and this
# typer labels every flag "<bool>" as if it took a value.
app = typer.Typer(help="Answer questions about the newsroom's articles with verbatim quotes.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False, rich_markup_mode=None)
index_app = typer.Typer(help="Build and inspect the search index.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(index_app, name="index")

SeedsOption = Annotated[Optional[Path], typer.Option("--seeds", help="Article folder to build from where there is no index yet [env NEWSBOT_SEEDS_DIR; default seeds/]; an index keeps the folder it was built from.")]
IndexedSeedsOption = Annotated[Optional[Path], typer.Option("--seeds", help="Article folder [env NEWSBOT_SEEDS_DIR; default: the one the index was built from, else seeds/].")]
IndexOption = Annotated[Optional[Path], typer.Option("--index-dir", help="Index folder [env NEWSBOT_INDEX_DIR; default data/index].")]
ModelOption = Annotated[Optional[str], typer.Option("--model", help="sentence-transformers model name or path [env NEWSBOT_MODEL].")]


class _PlainFormatter(logging.Formatter):
    """"warning: the published index cannot be extended …", as the commands word their own lines."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {super().format(record)}"


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"newsbot {version('newsroom-bot')}")
        raise typer.Exit()


@app.callback()
def main(ctx: typer.Context,
         verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="-v info, -vv debug.")] = 0,
         show_version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                                    help="Print the version and exit.")] = False,
         log_messages: Annotated[bool, typer.Option("--log-messages", help="With -vv: also log python-telegram-bot's "
                                                    "debug lines, which hold users' messages.")] = False) -> None:
    """Configure logging once for every command."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    # A command's warnings read as its own lines ("warning: …"); the bot that runs for days, and -v, add the
    # time and where each line comes from.
    handler = logging.StreamHandler(sys.stderr)
    served = ctx.invoked_subcommand in ("telegram", "start")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s") if verbose or served
                         else _PlainFormatter())
    logging.basicConfig(level=level, handlers=[handler])
    # httpx logs request URLs at INFO, and a Bot API URL contains the bot token.
    for noisy in ("httpx", "httpcore", "faiss.loader", "bm25s", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    # The hub client logs each retry of an unreachable hub as a warning (dozens of lines before the one error),
    # at the level it reads from this variable when it is imported.
    if verbose < 2:
        os.environ.setdefault("HF_HUB_VERBOSITY", "error")
    # python-telegram-bot's debug lines carry every update and every reply whole: readers' text stays out of
    # the logs unless asked for. Our own modules log update ids only, at every level.
    if not log_messages:
        logging.getLogger("telegram").setLevel(max(level, logging.INFO))


def _fail(error: Exception) -> typer.Exit:
    typer.echo(redact(f"error: {error}"), err=True)
    return typer.Exit(getattr(error, "exit_code", 1))


@index_app.command("build")
def index_build(seeds: IndexedSeedsOption = None, index_dir: IndexOption = None, model: ModelOption = None,
                encoders: Annotated[Optional[str], typer.Option(help="Encoders to build, comma-separated: use, e5, st. --model adds st. [default: the published index's, else use,e5]")] = None,
                full: Annotated[bool, typer.Option("--full", help="Re-embed everything, ignoring the cache.")] = False,
                strict: Annotated[bool, typer.Option("--strict", help="Fail on any unreadable article.")] = False,
                replace: Annotated[bool, typer.Option("--replace", help="Index --seeds alone, even where that removes most of an index built from another folder.")] = False) -> None:
    """Index the articles in the seeds folder.

    Only what changed is embedded again; a small change extends the published version."""
    index_dir = index_dir or default_index_dir()
    typer.echo(_build(_seeds_of(index_dir, seeds), index_dir, model, encoders=encoders, full=full, strict=strict,
                      replace=replace))


def _seeds_of(index_dir: Path, seeds: Path | None, *, missing_ok: bool = False) -> Path:
    """``--seeds``, else ``NEWSBOT_SEEDS_DIR``, else the folder the index was built from, else ``seeds/``: a
    rebuild of an index built from another folder must not drop that folder's articles. When that folder is
    gone, a build stops (``missing_ok`` returns it anyway, for `index info`): building from ``seeds/`` instead
    would remove every other article from the index."""
    if seeds is not None or os.environ.get("NEWSBOT_SEEDS_DIR"):
        return seeds or default_seeds_dir()
    from index.manifest import built_from

    recorded = built_from(index_dir)
    if recorded is None:
        return default_seeds_dir()
    if not recorded.is_dir() and not missing_ok:
        raise _fail(NewsbotError(f"the index in {index_dir} was built from {recorded}, which is not there: restore "
                                 "that folder, or name the articles' folder with --seeds (articles outside it "
                                 "leave the index)"))
    return recorded


def _published_encoders(index_dir: Path) -> dict[str, str] | None:
    """The published version's encoders and their models, or None where there is none to read."""
    from index.manifest import current_version_dir, read_manifest

    try:
        manifest = read_manifest(current_version_dir(index_dir), verify=False)
    except (NewsbotError, OSError):
        return None
    return {key: str(meta.get("model")) for key, meta in manifest.encoders.items()}


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _build(seeds: Path | None, index_dir: Path, model: str | None, *, encoders: str | None = "use,e5",
           full: bool = False, strict: bool = False, replace: bool = False) -> str:
    """Build the index, print each problem with an article on stderr, and return the closing line. Without
    ``encoders`` the published version's are kept, its sentence-transformers model too (a nightly `index build`
    had dropped the vectors of an index built with --model)."""
    seeds = seeds or default_seeds_dir()
    model = model or default_st_model()
    if encoders is None:
        published = _published_encoders(index_dir)
        encoders = ",".join(published) if published else "use,e5"
        model = model or (published or {}).get("st")
    keys = [k.strip() for k in encoders.split(",") if k.strip()]
    if model and "st" not in keys:
        keys.append("st")
    unknown = [k for k in keys if k not in ("use", "e5", "st")]
    if unknown or "use" not in keys or "e5" not in keys:
        raise _fail(NewsbotError(f"--encoders {encoders!r}: use 'use,e5' or 'use,e5,st' (the multilingual encoders "
                                 "are required)"))
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stopped as by Ctrl-C (a trial's SIGTERM left no word)
    warned: list[Problem] = []
    try:
        summary = build_index(seeds, index_dir, full=full, strict=strict, encoders=tuple(keys), st_model=model,
                              replace=replace, on_problems=lambda problems: warned.extend(_warn(problems)))
    except NewsbotError as error:
        for problem in getattr(error, "problems", []):
            if problem not in warned:
                typer.echo(f"error: {problem.as_error()}" if strict else f"warning: {problem}", err=True)
        raise _fail(error) from None
    except KeyboardInterrupt:
        from index.manifest import CURRENT_FILE

        if (index_dir / CURRENT_FILE).is_file():  # the command, as a trial's "run the build again" did not say
            again = _rebuild_command(index_dir, seeds)
            typer.echo(f"build interrupted: the published index is unchanged and still answers; run `{again}` to "
                       "finish (what was embedded is cached)", err=True)
        else:  # a first build: nothing answers yet, and the articles' folder is not remembered until one does
            again = command("index build", index_dir, "--seeds", shlex.quote(str(seeds)))
            typer.echo(f"build interrupted: no index is published yet; run `{again}` to finish (what was embedded "
                       "is cached)", err=True)
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    return summary.line()


def _warn(problems: list[Problem]) -> list[Problem]:
    """Print the articles' problems as warnings, as soon as the build has read them; return them."""
    for problem in problems:
        typer.echo(f"warning: {problem}", err=True)
    return problems


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]


def _rebuild_command(index_dir: Path, seeds: Path) -> str:
    """The build command for ``index_dir`` from ``seeds``: ``--seeds`` only where that is not the default folder."""
    return build_command(index_dir, *(() if seeds.resolve() == default_seeds_dir().resolve()
                                      else ("--seeds", shlex.quote(str(seeds)))))


def _seeds_changed(index_dir: Path, seeds: Path, manifest: Manifest) -> str | None:
    """What to run when the articles in ``seeds`` changed since ``manifest``'s version was built; None when they did
    not. Reads every file of the folder."""
    from index.build import seeds_fingerprint
    from index.manifest import checked_fingerprint

    data = manifest.data
    rebuild = _rebuild_command(index_dir, seeds)
    if seeds_fingerprint(seeds) in (data["seeds"]["fingerprint"], checked_fingerprint(index_dir, manifest.version)):
        return None
    built_from = data["seeds"].get("path")
    if built_from and seeds.resolve() != Path(built_from):
        # A build stops rather than drop most of an index built from another folder (a developer's trial ran
        # the command suggested here and was refused).
        return (f"it is not the folder the index was built from ({built_from}): `{rebuild}` stops where that would "
                "remove most articles; add --replace to index this folder alone")
    return f"run `{rebuild}`"


@index_app.command("info")
def index_info(seeds: IndexedSeedsOption = None, index_dir: IndexOption = None, as_json: JsonOption = False) -> None:
    """Show what the published index holds.

    Counts, encoders, build time, size, and whether the seeds changed since it was built."""
    from index.bridge.dictionary import INSTALL_HINT
    from index.manifest import current_version_dir, read_manifest

    index_dir = index_dir or default_index_dir()
    seeds = _seeds_of(index_dir, seeds, missing_ok=True)
    damaged = None
    try:
        manifest = read_manifest(current_version_dir(index_dir))
    except IndexCorruptError as error:  # say what questions are answered from meanwhile, as `ask` does
        damaged = error
        manifest = _answering_version(index_dir, error, verify=True).manifest
    except NewsbotError as error:
        raise _fail(error) from None
    data = manifest.data
    size = sum(f["bytes"] for f in data["files"].values())
    changed = "unknown (seeds folder missing)"
    if seeds.is_dir():
        advice = _seeds_changed(index_dir, seeds, manifest)
        changed = "no" if advice is None else f"yes: {advice}"
    if as_json:  # the manifest's own fields, and whether the articles changed since
        typer.echo(json.dumps({"index": str(manifest.path), "version": manifest.version, "built_at": data["built_at"],
                               "articles": data["counts"]["articles"], "paragraphs": data["counts"]["passages"],
                               "retired_rows": data["counts"]["rows"] - data["counts"]["passages"],
                               "newest_article": data.get("newest_article_date"), "encoders": manifest.encoders,
                               "bridge": data["bridge"], "size_bytes": size, "seeds": str(seeds),
                               "seeds_changed": None if not seeds.is_dir() else changed != "no",
                               "published_damaged": str(damaged) if damaged else None}, ensure_ascii=False))
        return
    rows = [
        ("index", str(manifest.path)), ("version", manifest.version), ("built at", data["built_at"]),
        ("articles", data["counts"]["articles"]), ("paragraphs", data["counts"]["passages"]),
        ("retired rows", f"{data['counts']['rows'] - data['counts']['passages']} (replaced paragraphs still in the "
                         "vector index until a full build)"),
        ("built on", data.get("built_on") or "nothing (full build)"),
        ("newest article", data.get("newest_article_date") or "- (no article has a date)"),
        *[(f"encoder {k}", f"{e['model']} ({e['dimension']}-d, {e['vector_index']}, {e['library']} "
                           f"{e['library_version']}{', sentence vectors stored' if 'sentence_vectors' in e else ''})")
          for k, e in manifest.encoders.items()],
        ("lexical", f"{data['lexical']['scoring']}, stemmed in {', '.join(data['lexical']['languages'])}"),
        ("lexical bridge", f"on: {data['bridge']['dictionary']}, {data['bridge']['lemmatizer']}"
                           if data["bridge"]["dictionary"] else
                           f"off: no Dutch-English dictionary ({data['bridge']['lemmatizer']} lemmas only); "
                           "to turn it on, " + INSTALL_HINT),
        ("size on disk", f"{size / 1024:.0f} KiB"), ("seeds changed", f"{changed} ({seeds})"),
    ]
    for key, value in rows:
        typer.echo(f"{key + ':':<22} {value}")


@index_app.command("articles")
def index_articles(index_dir: IndexOption = None, as_json: JsonOption = False) -> None:
    """List the indexed articles: their ids, dates and titles.

    Newest first; the id is what `newsbot ask --article` takes."""
    from index.version import load_version

    index_dir = index_dir or default_index_dir()
    try:  # checked as `ask` checks it, so that both list the same version (a developer's trial saw them differ)
        version = load_version(index_dir)
    except IndexCorruptError as error:
        version = _answering_version(index_dir, error, verify=True)
    except NewsbotError as error:
        raise _fail(error) from None
    articles = version.store.articles()
    if as_json:  # one object per line
        for a in articles:
            typer.echo(json.dumps({"id": a.id, "date": a.date, "paragraphs": a.paragraphs, "title": a.title,
                                   "url": a.url, "author": a.author, "source": a.source, "language": a.language,
                                   "path": a.path}, ensure_ascii=False))
        return
    width = max((len(a.id) for a in articles), default=2)
    typer.echo(f"{'id':<{width}}  {'date':<10}  {'paragraphs':>10}  title")
    for article in articles:
        typer.echo(f"{article.id:<{width}}  {article.date or '-':<10}  {article.paragraphs:>10}  {article.title}")


def _answering_version(index_dir: Path, error: IndexCorruptError, *, verify: bool) -> IndexVersion:
    """The version questions are answered from while the published one is damaged, with a warning; or the
    error, where no version is whole."""
    from index.version import newest_intact_version

    try:
        version = newest_intact_version(index_dir, error, verify=verify)
    except NewsbotError as none_whole:  # the error, and why the version before is not used where it is not
        raise _fail(none_whole) from None
    typer.echo(f"warning: {error}; questions are answered from the newest version that is whole, {version.name}, "
               "until then", err=True)
    return version


def _answerer(index_dir: Path | None, model: str | None):  # type: ignore[no-untyped-def]
    from index.live import LiveIndex

    from .answer import Answerer

    index_dir = index_dir or default_index_dir()
    model = model or default_st_model()
    live = LiveIndex(index_dir, st_model=model)
    retriever = live.current()  # fail now, with the index's own message, not at the first question
    if model:
        _check_model(retriever.version.manifest.encoders.get("st"), model, index_dir)
    return Answerer(live)


def _check_model(meta: dict | None, model: str, index_dir: Path) -> None:
    """A model asked for (--model or NEWSBOT_MODEL) must be the one the index was built with, never ignored."""
    from index.encoders import model_name

    rebuild = build_command(index_dir, "--model", model)
    if meta is None:
        raise NewsbotError(f"--model {model}: the index has no sentence-transformers vectors, so no model would be "
                           f"used; build them with `{rebuild}` or drop --model (and NEWSBOT_MODEL)")
    if meta["model"] != model_name("st", model):
        raise NewsbotError(f"--model {model}: the index was built with {meta['model']}; rebuild it with `{rebuild}` "
                           "or drop --model (and NEWSBOT_MODEL)")


@app.command()
def ask(question: Annotated[str, typer.Argument(metavar="QUESTION", help="The question, or - to read one question per line from stdin.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with -: one object per input line, blank ones too).")] = False,
        since: Annotated[Optional[str], typer.Option(help="Only articles dated on or after (2021, 2021-11, 2021-11-16).")] = None,
        until: Annotated[Optional[str], typer.Option(help="Only articles dated on or before.")] = None,
        article: Annotated[Optional[str], typer.Option(help="Only this article id (`newsbot index articles` lists them).")] = None,
        more: Annotated[bool, typer.Option("--more", help="Also the further passages a chat's More button shows (JSON: \"more\").")] = False,
        index_dir: IndexOption = None, model: ModelOption = None) -> None:
    """Answer a question with verbatim quotes from the articles."""
    from index.articles import parse_date

    from .question import QuestionError, printable

    for name, value in (("--since", since), ("--until", until)):
        if value and parse_date(value) is None:
            raise _fail(NewsbotError(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"))
    filters = Filters(since=since and parse_date(since), until=until and parse_date(until), article=article)
    if filters.since and filters.until:
        shared = min(len(filters.since), len(filters.until))  # compared at the coarser precision, as in searches
        if filters.since[:shared] > filters.until[:shared]:
            raise _fail(NewsbotError(f"--since {filters.since} is after --until {filters.until}: no article can be "
                                     "in between; swap them"))
    if article is not None and not article.strip():  # an operator's drill: "" had searched every article
        raise _fail(NewsbotError("--article needs an article id: `newsbot index articles` lists them"))
    try:
        answerer = _answerer(index_dir, model)
        if article and not answerer.has_article(article):
            like = answerer.article_ids_like(article)
            hint = f"did you mean {' or '.join(map(repr, like))}? " if like else ""
            raise NewsbotError(f"--article {article!r}: no article has that id; {hint}"
                               f"`{command('index articles', index_dir or default_index_dir())}` lists them")
    except NewsbotError as error:
        raise _fail(error) from None
    questions = sys.stdin if question == "-" else [question]
    for line in questions:
        if question == "-" and not as_json:
            if not line.strip():
                continue
            typer.echo(f"Q: {printable(line)}")  # several answers in a row: which is which
        # The version answering: `ask -` switches to a new one a build publishes, mid-stream (a developer's trial
        # could not tell which answers came from which).
        version = answerer.live.current().version.name
        try:
            answer = answerer.answer(line, filters=filters)
        except QuestionError as error:
            hint = error.hint(answerer.example(error.language or "en"))
            if as_json:  # the keys of an answer's object, so one parser reads both
                typer.echo(json.dumps({"question": printable(line), "answered": False, "language": error.language,
                                       "passages": [], "closest": [], "notes": [], "reason": None,
                                       "index_version": version, "error": hint}, ensure_ascii=False))
            else:
                typer.echo(hint)
        else:
            further = answer.more if more else []
            if as_json:
                extra = {"more": [q.to_json() for q in further]} if more else {}
                typer.echo(json.dumps({**answer.to_json(), **extra, "index_version": version}, ensure_ascii=False))
            else:
                typer.echo(answer.text() + "".join(f"\n\n{q.text_block()}" for q in further))
            if answer.more and not (more or as_json):  # a Dutch reader's trial: a chat offered More, `ask` said nothing
                typer.echo(say("more_option", answer.language,
                               passages=count_of(len(answer.more), "more passage", answer.language)), err=True)
        if question == "-" and not as_json:
            typer.echo("")


@app.command("eval")
def eval_command(files: Annotated[list[Path], typer.Argument(metavar="FILES", help="Question sets (JSON Lines), each reported on its own; - reads one from stdin.")],
                 config: Annotated[Optional[list[str]], typer.Option("--config", help=f"Configurations to compare: {', '.join(CONFIGURATIONS)}.")] = None,
                 misses: Annotated[bool, typer.Option("--misses", help="List the questions ranked wrong.")] = False,
                 kinds: Annotated[bool, typer.Option("--kinds/--no-kinds", help="Rows per question kind too.")] = True,
                 index_dir: IndexOption = None, model: ModelOption = None, as_json: Annotated[bool, typer.Option("--json", help="One JSON object a set and configuration, for scripts.")] = False) -> None:
    """Measure retrieval on labelled question sets and compare configurations side by side."""
    from rich.console import Console
    from rich.table import Table

    from index import open_retriever
    from index.evaluation import evaluate, load_questions, unknown_labels
    from index.search import configured

    names = config or list(CONFIGURATIONS)
    unknown = [n for n in names if n not in CONFIGURATIONS]
    if unknown:
        raise _fail(NewsbotError(f"unknown configuration {unknown[0]!r}; choose from {', '.join(CONFIGURATIONS)}"))
    try:
        sets = [(file, load_questions(file)) for file in files]
        base = open_retriever(index_dir or default_index_dir(), st_model=model or default_st_model())
    except NewsbotError as error:
        raise _fail(error) from None
    # Wide enough for every configuration's name whole: all twelve side by side had their headers cut (a trial's).
    console = Console(width=max(160, 40 + sum(len(name) + 3 for name in names)))
    for file, questions in sets:
        unknown_answers = unknown_labels(base, questions)
        if unknown_answers:
            shown = ", ".join(unknown_answers[:5]) + (f" and {len(unknown_answers) - 5} more" if len(unknown_answers) > 5 else "")
            typer.echo(f"warning: {file}: {count(len(unknown_answers), 'label')} name no paragraph of the index "
                       f"(ARTICLE#PARAGRAPH, as `newsbot index articles` lists the ids): {shown}", err=True)
        reports = [evaluate(configured(base, name), questions) for name in names]
        if as_json:  # counts, not rates: a script computes what it needs (a developer's trial parsed the table)
            for report in reports:
                typer.echo(json.dumps(_report_json(file, len(questions), report, kinds=kinds), ensure_ascii=False))
            continue
        table = Table(title=f"{'stdin' if str(file) == '-' else file} ({len(questions)} questions)")
        table.add_column("metric")
        for report in reports:
            table.add_column(report.config, justify="right", no_wrap=True)
        groups = [("", "languages"), ("kind ", "kinds")] if kinds else [("", "languages")]
        for prefix, attr in groups:
            for key in sorted({k for r in reports for k in getattr(r, attr)}):
                n = getattr(reports[0], attr)[key].questions
                for label, field_name in (("top-1", "top1"), ("top-3", "top3"), ("shown", "shown")):
                    cells = [f"{s.rate(getattr(s, field_name)):.1%}" if (s := getattr(r, attr).get(key)) else "-"
                             for r in reports]
                    table.add_row(f"{prefix}{key} {label} (n={n})", *cells)
                    if prefix:
                        break  # per kind, top-1 only: the table stays readable
        table.add_row("unanswerable answered", *[f"{r.unanswerable_answered}/{r.unanswerable}" for r in reports])
        table.add_row("answerable refused", *[f"{r.answerable_refused}/{r.answerable}" for r in reports])
        if any(r.known_wrong for r in reports):
            table.add_row("known wrong quoted first", *[f"{r.known_wrong_first}/{r.known_wrong}" for r in reports])
        console.print(table)
        if misses:
            for report in reports:
                for miss in report.misses:
                    typer.echo(f"[{report.config}] {miss}")


def _report_json(file: Path, questions: int, report: "EvalReport", *, kinds: bool) -> dict:
    """One configuration's results on one question set, as `eval --json` prints them."""
    def scores(table: dict) -> dict:
        return {key: {"questions": s.questions, "top1": s.top1, "top3": s.top3, "shown": s.shown}
                for key, s in sorted(table.items())}

    return {"set": "-" if str(file) == "-" else str(file), "questions": questions, "config": report.config,
            "languages": scores(report.languages), **({"kinds": scores(report.kinds)} if kinds else {}),
            "unanswerable": report.unanswerable, "unanswerable_answered": report.unanswerable_answered,
            "answerable": report.answerable, "answerable_refused": report.answerable_refused,
            "known_wrong": report.known_wrong, "known_wrong_first": report.known_wrong_first,
            "misses": report.misses}


def _ensure_index(seeds: Path | None, index_dir: Path, model: str | None) -> None:
    """Build the index from the seeds folder first when there is none, so a fresh clone just works; and
    rebuild one an older newsbot built, so that `make run` after an upgrade does too."""
    from index import IndexOutdatedError
    from index.manifest import CURRENT_FILE, MANIFEST_FILE, current_version_dir, read_manifest

    # On stderr: stdout is the bot's replies only (`echo question | make run` prints just the answer).
    if index_dir.exists() and not index_dir.is_dir():  # not "No index yet: building one" (an operator's drill)
        raise _fail(NewsbotError(f"{index_dir} is a file, not an index folder: pass --index-dir with the folder "
                                 "`newsbot index build` wrote (a missing one is built)"))
    if not (index_dir / CURRENT_FILE).exists():
        typer.echo(f"No index yet: building one from {seeds or default_seeds_dir()} (once)...", err=True)
        typer.echo(_build(seeds, index_dir, model), err=True)
        return
    try:
        manifest = read_manifest(current_version_dir(index_dir), verify=False)
        seeds_dir = _seeds_of(index_dir, seeds, missing_ok=True)
        if seeds_dir.is_dir() and (advice := _seeds_changed(index_dir, seeds_dir, manifest)) is not None:
            # A developer's trial added articles and ran `make run`: the answers were the old index's, and only
            # `index info` said why.
            typer.echo(f"note: the articles in {seeds_dir} changed since the index was built; answering from the "
                       f"index as it is ({advice}: the bot keeps answering while it builds)", err=True)
    except IndexOutdatedError:
        typer.echo("The index was built by an older newsbot: rebuilding it from the embedding cache (once)...",
                   err=True)
        # with the encoders and sentence-transformers model it was built with (every format's manifest names them)
        built = json.loads((current_version_dir(index_dir) / MANIFEST_FILE).read_text())["encoders"]
        model = model or (built["st"]["model"] if "st" in built else None)
        typer.echo(_build(_seeds_of(index_dir, seeds), index_dir, model, encoders=",".join(built)), err=True)
    except NewsbotError:
        pass  # loading says what is wrong and what to do


@app.command()
def chat(seeds: SeedsOption = None, index_dir: IndexOption = None, model: ModelOption = None) -> None:
    """Talk to the bot in this terminal.

    The same handlers as on Telegram, no account needed."""
    from .chat import chat_main

    index_dir = index_dir or default_index_dir()
    _ensure_index(seeds, index_dir, model)
    try:
        answerer = _answerer(index_dir, model)
    except NewsbotError as error:
        raise _fail(error) from None
    chat_main(answerer, history=index_dir.parent / "chat-history", feedback=_ratings_store(index_dir))


@app.command()
def telegram(index_dir: IndexOption = None, model: ModelOption = None,
             webhook_url: Annotated[Optional[str], typer.Option(help="Public HTTPS URL for a webhook; default: long polling.")] = None,
             listen: Annotated[str, typer.Option(help="Address the webhook server listens on.")] = "127.0.0.1",
             port: Annotated[int, typer.Option(min=1, max=65535, help="Port the webhook server listens on.")] = 8443,
             api_base_url: Annotated[Optional[str], typer.Option(envvar="TELEGRAM_API_BASE_URL", help="Another Bot API server, e.g. a self-hosted telegram-bot-api.")] = None) -> None:
    """Run the Telegram bot (token from TELEGRAM_BOT_TOKEN only)."""
    import secrets
    from urllib.parse import urlparse

    from .telegram_bot import ALLOWED_UPDATES, BotSettings, build_application, parse_ids

    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise _fail(NewsbotError("set TELEGRAM_BOT_TOKEN to the token @BotFather gave you (see README)"))
    if not re.fullmatch(r"\d+:[\w-]+", token):  # said here, not after retrying the network for ever
        raise _fail(NewsbotError("TELEGRAM_BOT_TOKEN is not a bot token: @BotFather gives one like "
                                 "123456789:ABCdef… (digits, a colon, then letters, digits, - and _)"))
    if api_base_url and (urlparse(api_base_url).scheme not in ("http", "https") or not urlparse(api_base_url).netloc):
        raise _fail(NewsbotError(f"--api-base-url / TELEGRAM_API_BASE_URL {api_base_url!r} is not an http(s) URL: "
                                 "give the Bot API server's address, e.g. http://127.0.0.1:8081"))
    if webhook_url and urlparse(webhook_url).scheme != "https":
        raise _fail(NewsbotError(f"--webhook-url {webhook_url!r} must be an https:// URL: Telegram sends updates "
                                 "only over HTTPS (put a TLS-terminating proxy in front of --listen/--port)"))
    try:
        settings = BotSettings(allowed=parse_ids(os.environ.get("NEWSBOT_ALLOWED_CHATS")),
                               admins=parse_ids(os.environ.get("NEWSBOT_ADMINS")))
        answerer = _answerer(index_dir, model)
    except NewsbotError as error:
        raise _fail(error) from None
    application = build_application(answerer, token=token, base_url=api_base_url, settings=settings,
                                    feedback=_ratings_store(index_dir or default_index_dir()))
    application.bot_data["announce"] = (f"webhook {webhook_url}, listening on {listen}:{port}" if webhook_url
                                        else "long polling")
    if webhook_url:
        from telegram.error import BadRequest

        secret = os.environ.get("NEWSBOT_WEBHOOK_SECRET") or secrets.token_urlsafe(32)
        try:
            _check_listening(listen, port)  # before Telegram is told the webhook and the bot says it is on
            application.run_webhook(listen=listen, port=port, url_path=urlparse(webhook_url).path.lstrip("/"),
                                    webhook_url=webhook_url, secret_token=secret, drop_pending_updates=False,
                                    allowed_updates=list(ALLOWED_UPDATES))
        except BadRequest as error:
            raise _fail(NewsbotError(f"Telegram refused the webhook {webhook_url}: {error.message}")) from None
        except OSError as error:  # an address that does not resolve, or a port already taken
            raise _fail(NewsbotError(f"cannot listen on {listen}:{port} ({error.strerror or error}): check --listen "
                                     "and --port")) from None
    else:
        application.run_polling(allowed_updates=list(ALLOWED_UPDATES))


def _check_listening(listen: str, port: int) -> None:
    """Raise OSError where nothing could listen on ``listen``:``port`` (taken, or an address not this machine's). An
    operator's trial got "on Telegram … listening on 127.0.0.1:18447", the webhook set, and then "Address already in
    use"."""
    import socket

    for family, kind, protocol, _, address in socket.getaddrinfo(listen, port, type=socket.SOCK_STREAM):
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the webhook's server will
            probe.bind(address)


@app.command()
def start(seeds: SeedsOption = None, index_dir: IndexOption = None, model: ModelOption = None) -> None:
    """Run the bot: on Telegram or in this terminal.

    On Telegram when TELEGRAM_BOT_TOKEN is set, else the local chat over the seeds folder."""
    index_dir = index_dir or default_index_dir()
    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        _ensure_index(seeds, index_dir, model)
        telegram(index_dir=index_dir, model=model, webhook_url=None, listen="127.0.0.1", port=8443,
                 api_base_url=os.environ.get("TELEGRAM_API_BASE_URL"))
    else:
        chat(seeds=seeds, index_dir=index_dir, model=model)


@app.command()
def quotes(name: Annotated[str, typer.Argument(metavar="NAME", help="A person, in any spelling (Lukashenko finds Loekasjenko).")],
           limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 20,
           index_dir: IndexOption = None, as_json: Annotated[bool, typer.Option("--json", help="One JSON object a quote, for scripts.")] = False) -> None:
    """List a person's quotes across the archive, newest first."""
    if not re.search(r"\w", name):
        raise _fail(NewsbotError("name someone: newsbot quotes NAME (for example: newsbot quotes Lukashenko)"))
    from index.manifest import current_version_dir, read_manifest
    from index.quotes import quotes_of
    from index.store import PASSAGES_FILE, PassageStore

    index_dir = index_dir or default_index_dir()
    try:  # checksums first, as `ask` does: a truncated file is one line, not a traceback (a developer's trial)
        manifest = read_manifest(current_version_dir(index_dir), verify=True)
        store = PassageStore(manifest.path / PASSAGES_FILE)
        try:
            found = quotes_of(store, name)
        finally:
            store.close()
    except NewsbotError as error:
        raise _fail(error) from None
    except sqlite3.Error as error:
        raise _fail(NewsbotError(f"cannot read the index in {index_dir} ({error}); rebuild it with "
                                 f"`{build_command(index_dir, '--full')}`")) from None
    if not found:
        typer.echo(f"No quotes of {name} in the articles.", err=as_json)  # stdout: JSON only, none here
        return
    for spoken in found[:limit]:  # the fields of `ask --json` where they are the same (a developer's trial)
        typer.echo(json.dumps({"quote": spoken.text, "speaker": spoken.speaker, "article": spoken.article_id,
                               "title": spoken.title, "date": spoken.date, "paragraph": spoken.paragraph,
                               "author": spoken.author, "url": spoken.url, "source": spoken.source},
                              ensure_ascii=False)
                   if as_json else spoken.line())
    if len(found) > limit:
        typer.echo(f"({len(found) - limit} more: --limit {len(found)})", err=True)  # stdout: quotes only


def _feedback_store(index_dir: Path):  # type: ignore[no-untyped-def]
    from .feedback import FeedbackStore, feedback_path

    return FeedbackStore(feedback_path(index_dir))


def _ratings_store(index_dir: Path):  # type: ignore[no-untyped-def]
    """The ratings store for a running bot, or None (ratings off, one warning) when it cannot be written:
    the bot still answers from a read-only index folder."""
    import sqlite3

    try:
        return _feedback_store(index_dir)
    except (OSError, sqlite3.Error, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        typer.echo(f"warning: ratings are off: cannot write them beside {index_dir} ({reason})", err=True)
        return None


feedback_app = typer.Typer(help="Readers' 👍 / 👎 ratings: counts, the worst-rated questions, and their export.")
app.add_typer(feedback_app, name="feedback")


def _ratings_kept(index_dir: Path):  # type: ignore[no-untyped-def]
    """The ratings beside ``index_dir``, opened read-only; None when none were kept there yet. A folder that is
    not there is one line: a mistyped --index-dir must not leave a new ratings database behind."""
    import sqlite3

    from .feedback import FeedbackStore, feedback_path

    path = feedback_path(index_dir)
    if not path.exists():
        if not index_dir.exists():
            raise _fail(NewsbotError(f"no index at {index_dir}: ratings are kept beside the index folder; check "
                                     "--index-dir"))
        return None
    try:
        return FeedbackStore(path, read_only=True)
    except sqlite3.Error as error:
        raise _fail(NewsbotError(f"cannot read the ratings in {path} ({error}): it is not a ratings database, or "
                                 "it is damaged; move it away to start anew")) from None


@feedback_app.callback(invoke_without_command=True)
def feedback(ctx: typer.Context, index_dir: IndexOption = None, as_json: JsonOption = False) -> None:
    """Show how answers were rated and the worst-rated questions."""
    if ctx.invoked_subcommand:
        ctx.obj = index_dir  # `newsbot feedback --index-dir X export FILE` exports X's (a trial's went to the default)
        return
    index_dir = index_dir or default_index_dir()
    from .feedback import FeedbackSummary

    store = _ratings_kept(index_dir)
    summary = store.summary() if store is not None else FeedbackSummary(0, 0, 0, 0, 0, [])
    if store is not None:
        store.close()
    if as_json:  # for a monitoring script (a developer's trial); no ratings yet is zeros, not an error
        typer.echo(json.dumps({"ratings": summary.ratings, "up": summary.up, "down": summary.down,
                               "questions": summary.questions, "readers": summary.raters,
                               "worst": [{"question": q.question, "down": q.down, "up": q.up} for q in summary.worst]},
                              ensure_ascii=False))
        return
    if store is None:
        typer.echo(f"0 ratings: none kept beside {index_dir} yet (readers rate answers with 👍 / 👎)")
        return
    typer.echo(f"{count(summary.ratings, 'rating')} ({summary.up} 👍, {summary.down} 👎) of "
               f"{count(summary.questions, 'question')} by {count(summary.raters, 'reader')}")
    if summary.worst:
        typer.echo("Worst rated:")
        for item in summary.worst:
            typer.echo(f"  {item.down} 👎 {item.up} 👍  {item.question}")


@feedback_app.command("export")
def feedback_export(file: Annotated[Path, typer.Argument(metavar="FILE", help="Question set to write (JSON Lines); - writes it to stdout.")],
                    ctx: typer.Context, index_dir: IndexOption = None) -> None:
    """Write the rated questions as a question set: 👍 passages are answers, 👎 ones known wrong answers."""
    index_dir = index_dir or ctx.obj
    store = _ratings_kept(index_dir or default_index_dir())
    if store is None:
        raise _fail(NewsbotError(f"no ratings kept beside {index_dir or default_index_dir()} yet: nothing to export"))
    to_stdout = str(file) == "-"
    try:
        written = store.export(None if to_stdout else file)
    except OSError as error:
        raise _fail(NewsbotError(f"cannot write {file}: {error.strerror or error}; choose a file in a folder that "
                                 "exists and can be written")) from None
    finally:
        store.close()
    where = f" --index-dir {index_dir}" if index_dir else ""
    if to_stdout:
        typer.echo(f"wrote {count(written, 'question')} (pipe them into `newsbot eval -{where}`)", err=True)
        return
    typer.echo(f"wrote {count(written, 'question')} to {file} (run `newsbot eval {file}{where}`)")


#: The options of ``newsbot`` itself, which an operator also types after the command ("newsbot index build -v").
_GLOBAL_OPTIONS = frozenset({"-v", "-vv", "-vvv", "--verbose", "--log-messages"})


def _global_options_first(args: list[str]) -> list[str]:
    """``args`` with newsbot's own options moved before the command, where click looks for them: an operator's
    `newsbot index build -v` and `newsbot telegram --log-messages` had got "No such option". Nothing after "--"."""
    end = args.index("--") if "--" in args else len(args)
    moved = [arg for arg in args[:end] if arg in _GLOBAL_OPTIONS]
    return moved + [arg for arg in args[:end] if arg not in _GLOBAL_OPTIONS] + args[end:]


def run() -> None:
    """Console-script entry point: user errors are one line on stderr, not a traceback; the bot token is in no
    output, whatever fails."""
    install_token_redaction(os.environ.get("TELEGRAM_BOT_TOKEN", "").strip())
    for stream in (sys.stdout, sys.stderr):  # a character the output's encoding lacks is "?", not a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.argv[1:] = _global_options_first(sys.argv[1:])
    try:
        app()
    except SystemExit as done:
        # `newsbot index articles | head -1`: click quiets stdout (wrapping it) and exits 1, which says an error was
        # printed; 141 is what shell tools give when their reader goes (128 + SIGPIPE).
        if done.code == 1 and type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper":
            sys.exit(128 + signal.SIGPIPE)
        raise
    except NewsbotError as error:
        typer.echo(redact(f"error: {error}"), err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as error:  # the machine's, not a bug: a file size limit, a folder not readable (an operator's drill)
        where = f": {error.filename}" if error.filename else ""
        typer.echo(redact(f"error: {error.strerror or error}{where}; check free space, file size limits (ulimit -f) "
                          "and permissions, then run the command again"), err=True)
        sys.exit(1)
    except Exception:  # a bug: its traceback helps, but not with the token in it
        sys.stderr.write(redact(traceback.format_exc()))
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    run()
