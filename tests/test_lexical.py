"""BM25 index: scoring over the CSC arrays equals scipy's sparse product, bit for bit, on the real index."""

from __future__ import annotations

import json

import numpy as np
from scipy import sparse

from assistant.lexical import LexicalIndex


def _scipy_score(index: LexicalIndex, terms: dict[str, float]) -> np.ndarray:
    """How scores were computed before: select the terms' columns, one sparse matrix-vector product."""
    matrix = sparse.csc_matrix((index.data, index.indices, index.indptr), shape=index.shape)
    cols = [index.vocab[t] for t in terms if t in index.vocab]
    if not cols:
        return np.zeros(index.size)
    weights = np.array([terms[t] for t in terms if t in index.vocab])
    return np.asarray(matrix[:, cols] @ weights).ravel()


def test_scores_equal_scipys_product_for_every_eval_question(session_build, repo_root):
    index = LexicalIndex.load(session_build / "lexical")
    questions = [
        json.loads(line)["question"]
        for name in ("questions.jsonl", "holdout.jsonl")
        for line in (repo_root / "evals" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for question in questions:
        terms = index.query_terms(question)
        terms = {term: weight * (0.5 if i % 3 == 0 else 1.0) for i, (term, weight) in enumerate(terms.items())}
        assert np.array_equal(index.score(terms), _scipy_score(index, terms)), question
    assert not index.score({"不在索引里的词": 1.0}).any()


def test_save_and_load_round_trip(tmp_path):
    built = LexicalIndex.build(["搅拌站 绿化 面积", "试验室 面积 不小于", "废水 循环 使用"])
    built.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded.vocab == built.vocab and loaded.shape == built.shape
    for name in ("data", "indices", "indptr", "idf"):
        assert np.array_equal(getattr(loaded, name), getattr(built, name)), name
    # scipy can still read what was written, and a CSR file is converted on load
    assert sparse.load_npz(tmp_path / "bm25.npz").format == "csc"
    sparse.save_npz(tmp_path / "bm25.npz", sparse.load_npz(tmp_path / "bm25.npz").tocsr())
    converted = LexicalIndex.load(tmp_path)
    assert np.array_equal(converted.score({"面积": 1.0}), built.score({"面积": 1.0}))
    assert built.score({"面积": 1.0})[[0, 1]].all() and built.score({"面积": 1.0})[2] == 0
