"""The index directory's layout and each version's ``manifest.json``.

An index directory holds ``versions/<name>/`` (one complete, immutable index each), a ``CURRENT``
file naming the published version, and the embedding cache. A build writes a new version beside the
old one and replaces ``CURRENT`` last, with an atomic rename, so readers always see a whole version.
The manifest is checked, with every file's checksum, before any data is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import build_command, shown_path
from .errors import IndexCorruptError, IndexIncompatibleError, IndexMissingError, IndexOutdatedError

FORMAT_VERSION = 7  # 2: retired rows, per-article names; 3: extendable BM25 postings; 4: sentence vectors;
#: 5: e5 vectors over "title. paragraph", the lexical bridge, quotes and their speakers; 6: negated words in the bridge;
#: 7: each paragraph's answer types
MANIFEST_FILE = "manifest.json"
CURRENT_FILE = "CURRENT"
#: The article folder the published version was built from, beside CURRENT: a rebuild of a damaged index
#: (whose manifest cannot be read) still finds the folder, instead of dropping its articles for ``seeds/``.
SEEDS_FILE = "SEEDS"
VERSIONS_DIR = "versions"
CACHE_FILE = "embedding-cache.sqlite"
LOCK_FILE = "build.lock"
BM25_DIR = "bm25"
BRIDGE_DIR = "bridge"
ENTITIES_FILE = "entities-use.faiss"
#: Kept for code that has no index directory at hand; prefer :func:`build_hint`, which names ``--index-dir``.
BUILD_HINT = "run `newsbot index build` to rebuild it"


def build_hint(index_dir: Path) -> str:
    """What to do about a damaged index in ``index_dir``."""
    return f"run `{build_command(index_dir)}` to rebuild it"


@dataclass(frozen=True)
class Manifest:
    path: Path  # the version directory
    data: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def encoders(self) -> dict[str, dict[str, Any]]:
        return dict(self.data["encoders"])


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_files(version_dir: Path) -> dict[str, dict[str, Any]]:
    """sha256 and size of every file in a version directory except the manifest itself."""
    files = {}
    for path in sorted(version_dir.rglob("*")):
        if path.is_file() and path.name != MANIFEST_FILE:
            files[path.relative_to(version_dir).as_posix()] = {"sha256": file_sha256(path), "bytes": path.stat().st_size}
    return files


def write_manifest(version_dir: Path, data: dict[str, Any]) -> None:
    data = {**data, "format": FORMAT_VERSION, "files": checksum_files(version_dir)}
    _write_durably(version_dir / MANIFEST_FILE, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def current_version_dir(index_dir: Path) -> Path:
    """The published version's directory, or :class:`IndexMissingError`."""
    current = index_dir / CURRENT_FILE
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexMissingError(f"{index_dir} is a file, not an index folder: pass --index-dir with the folder "
                                "`newsbot index build` wrote")
    if not current.is_file():
        raise IndexMissingError(f"no index in {shown_path(index_dir)}: run `{build_command(index_dir)}` first")
    hint = build_hint(index_dir)
    try:
        name = current.read_text(errors="replace").strip()  # binary garbage is a name that is not there either
    except OSError as error:
        raise IndexCorruptError(f"cannot read {current} ({error.strerror or error}): {hint}") from None
    version_dir = index_dir / VERSIONS_DIR / name
    # A version's name as builds write it: binary garbage had made "File name too long" out of every question.
    if not re.fullmatch(r"\w[\w.-]{0,99}", name) or not version_dir.is_dir():
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise IndexCorruptError(f"{current} names a version that is not there ({shown!r}): {hint}")
    return version_dir


def read_manifest(version_dir: Path, *, verify: bool = True) -> Manifest:
    """Read and check a version's manifest: format, and (``verify``) every file's size and checksum."""
    path = version_dir / MANIFEST_FILE
    index_dir = version_dir.parent.parent
    hint = build_hint(index_dir)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise IndexCorruptError(f"{path} is missing: {hint}") from None
    except OSError as error:
        raise IndexCorruptError(f"cannot read {path} ({error.strerror or error}): give this user read access to the "
                                f"index folder, or {hint}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise IndexCorruptError(f"{path} is not valid JSON (truncated?): {hint}") from None
    if not isinstance(data, dict) or not isinstance(data.get("format"), int):
        raise IndexCorruptError(f"{path} has no format version: {hint}")
    if data["format"] > FORMAT_VERSION:
        raise IndexIncompatibleError(
            f"the index in {index_dir} has format {data['format']}, newer than this newsbot "
            f"reads ({FORMAT_VERSION}): upgrade newsbot, or rebuild it for this one with `{build_command(index_dir)}`"
        )
    if data["format"] < FORMAT_VERSION:
        raise IndexOutdatedError(f"the index has the old format {data['format']}: run `{build_command(index_dir)}` "
                                 "(it rebuilds in full from the embedding cache, encoding only what the cache lacks)")
    for key in ("version", "encoders", "files", "counts"):
        if key not in data:
            raise IndexCorruptError(f"{path} lacks {key!r}: {hint}")
    if verify:
        for name, expected in data["files"].items():
            file = version_dir / name
            if not file.is_file():
                raise IndexCorruptError(f"index file {file} is missing: {hint}")
            if file.stat().st_size != expected["bytes"]:
                raise IndexCorruptError(f"index file {file} has the wrong size (truncated?): {hint}")
            try:
                digest = file_sha256(file)
            except OSError as error:  # an operator's drill: a file made unreadable gave a traceback
                raise IndexCorruptError(f"cannot read index file {file} ({error.strerror or error}): give this user "
                                        f"read access to the index folder, or {hint}") from None
            if digest != expected["sha256"]:
                raise IndexCorruptError(f"index file {file} fails its checksum (corrupt): {hint}")
    return Manifest(version_dir, data)


def publish(index_dir: Path, version_dir: Path, seeds_dir: Path | None = None) -> None:
    """Make ``version_dir`` the current version with one atomic rename, and record the article folder it
    was built from (:func:`built_from`)."""
    if seeds_dir is not None:
        _write_durably(index_dir / SEEDS_FILE, str(seeds_dir.resolve()) + "\n")
    _write_durably(index_dir / CURRENT_FILE, version_dir.name + "\n")


#: The articles' fingerprint a build last found the published version up to date with (files that changed without
#: changing an article: one kept unreadable, a photo dropped in), so that `index info` does not ask for a build that
#: would change nothing (an editor's trial went round that loop).
CHECKED_FILE = "CHECKED"


def record_checked(index_dir: Path, version: str, fingerprint: str) -> None:
    """Record that the articles with ``fingerprint`` are what ``version`` holds (a read-only index: not recorded)."""
    try:
        _write_durably(index_dir / CHECKED_FILE, json.dumps({"version": version, "fingerprint": fingerprint}) + "\n")
    except OSError:
        pass


def checked_fingerprint(index_dir: Path, version: str) -> str | None:
    """The fingerprint :func:`record_checked` recorded for ``version``, if any."""
    try:
        data = json.loads((index_dir / CHECKED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("fingerprint") if isinstance(data, dict) and data.get("version") == version else None


def built_from(index_dir: Path) -> Path | None:
    """The article folder the published version was built from: its manifest's, else the one recorded beside
    ``CURRENT`` (a damaged version); None for an index directory that holds neither."""
    try:
        return Path(read_manifest(current_version_dir(index_dir), verify=False).data["seeds"]["path"])
    except (IndexMissingError, IndexCorruptError, IndexIncompatibleError, OSError, KeyError, TypeError):
        pass
    try:
        recorded = (index_dir / SEEDS_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(recorded) if recorded else None


def _write_durably(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
