"""One published index version, loaded and checked: passages, vector indexes, BM25, entities."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import faiss

from .errors import IndexCorruptError, IndexIncompatibleError, NewsbotError
from .lexical import LexicalIndex
from .config import build_command
from .manifest import ENTITIES_FILE, VERSIONS_DIR, Manifest, build_hint, current_version_dir, read_manifest
from .store import PASSAGES_FILE, PassageStore
from .vectors import excluding, load_vector_index

logger = logging.getLogger(__name__)


@dataclass
class IndexVersion:
    """Everything a search reads, from one immutable version directory."""

    manifest: Manifest
    store: PassageStore
    vectors: dict[str, faiss.Index]
    lexical: LexicalIndex
    bridge: LexicalIndex  # BM25 over lemmas, searched with a question's translated words (index.bridge)
    entities: list[str]
    entity_vectors: faiss.Index | None
    skip_retired: faiss.IDSelector | None  # rows without a passage, which searches skip

    @property
    def name(self) -> str:
        return self.manifest.version


def load_version(index_dir: Path, *, verify: bool = True, version_dir: Path | None = None) -> IndexVersion:
    """Load the published version (or ``version_dir``), checking the manifest before the data."""
    version_dir = version_dir or current_version_dir(index_dir)
    manifest = read_manifest(version_dir, verify=verify)
    hint = build_hint(version_dir.parent.parent)
    try:
        store = PassageStore(version_dir / PASSAGES_FILE)
        _, passages = store.count()
        retired = store.retired_rows()
        rows = manifest.data["counts"]["rows"]
        if passages != manifest.data["counts"]["passages"] or passages + len(retired) != rows:
            raise IndexCorruptError(f"{version_dir / PASSAGES_FILE} does not match its manifest: {hint}")
        vectors = {}
        for key, meta in manifest.encoders.items():
            index = load_vector_index(version_dir / meta["file"])
            if index.ntotal != rows or index.d != meta["dimension"]:
                raise IndexCorruptError(f"{version_dir / meta['file']} does not match its manifest: {hint}")
            vectors[key] = index
        lexical = LexicalIndex.load(version_dir / manifest.data["lexical"]["directory"])
        bridge = LexicalIndex.load(version_dir / manifest.data["bridge"]["directory"])
        entities = store.entities()
        entity_file = version_dir / ENTITIES_FILE
        entity_vectors = load_vector_index(entity_file) if entity_file.is_file() else None
    except (IndexCorruptError, IndexIncompatibleError):
        raise
    except Exception as exc:  # noqa: BLE001 - faiss, sqlite and numpy each fail differently on bad files
        raise IndexCorruptError(f"index in {version_dir} cannot be read ({exc.__class__.__name__}): {hint}") from exc
    if lexical.size != rows or bridge.size != rows:
        raise IndexCorruptError(f"the BM25 index in {version_dir} does not match its manifest: {hint}")
    return IndexVersion(manifest, store, vectors, lexical, bridge, entities, entity_vectors, excluding(retired))


def newest_intact_version(index_dir: Path, error: IndexCorruptError, *, verify: bool = True) -> IndexVersion:
    """The newest version that loads whole, where the published one does not: an operator's drill had the bot
    down until a rebuild though the version before was on disk. Only one that holds no article the damaged newer
    one removed or changed: an editor's trial saw a withdrawn article quoted again. Raises ``error`` (with why the
    version before is not used) where there is none."""
    versions = index_dir / VERSIONS_DIR
    names = sorted((p.name for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")),
                   reverse=True) if versions.is_dir() else []
    for number, name in enumerate(names):
        try:
            version = load_version(index_dir, verify=verify, version_dir=versions / name)
        except NewsbotError:
            continue
        if number and (withdraws := _withdraws_something(version, versions / names[0])) is not False:
            version.store.close()
            # A trial's truncated paragraphs.sqlite had been said to remove articles it could not tell of.
            why = ("it holds articles that were removed or changed since" if withdraws
                   else "the damaged one's list of articles cannot be read, to tell which it removed or changed")
            raise IndexCorruptError(f"{error} (the version before it, {name}, is not used instead: {why})") from None
        return version
    raise error


def _withdraws_something(older: IndexVersion, newer_dir: Path) -> bool | None:
    """Whether some article of ``older`` is not in the damaged ``newer_dir``, or is there changed; None where that
    cannot be read (the older version is not used then: a withdrawn article must not come back)."""
    try:
        store = PassageStore(newer_dir / PASSAGES_FILE)
        try:
            newer = store.content_hashes()
        finally:
            store.close()
    except Exception:  # noqa: BLE001 - a damaged version fails in sqlite's many ways
        return None
    return any(newer.get(article) != digest for article, digest in older.store.content_hashes().items())


def check_encoder(version: IndexVersion, key: str, model: str, dimension: int) -> None:
    """Refuse to compare query vectors from one model with passage vectors from another."""
    meta = version.manifest.encoders.get(key)
    if meta is None:
        index_dir = version.manifest.path.parent.parent
        command = build_command(index_dir, "--encoders", "use,st") if key == "st" else build_command(index_dir)
        raise IndexIncompatibleError(f"the index has no {key!r} vectors: rebuild it with `{command}`")
    if meta["model"] != model or int(meta["dimension"]) != dimension:
        raise IndexIncompatibleError(
            f"the index was built with {meta['model']} ({meta['dimension']}-d) but {model} ({dimension}-d) was asked "
            f"for: rebuild with `{build_command(version.manifest.path.parent.parent, '--model', model)}` or drop --model"
        )
