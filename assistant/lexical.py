"""A BM25 index over jieba tokens, stored as a sparse matrix so that scoring is one sparse product."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

from .text import bigrams, tokens

K1 = 1.2
B = 0.75
BIGRAM_WEIGHT = 0.3


def analyze(text: str) -> Counter[str]:
    """Terms of a passage: words, plus down-weighted character bigrams (marked with a leading '~')."""
    counts: Counter[str] = Counter(tokens(text))
    for pair in bigrams(text):
        counts["~" + pair] += 1
    return counts


class LexicalIndex:
    def __init__(self, vocab: dict[str, int], idf: np.ndarray, weights: sparse.csc_matrix) -> None:
        self.vocab = vocab
        self.idf = idf
        self.weights = weights  # passages x terms, BM25 term weights

    @property
    def size(self) -> int:
        return self.weights.shape[0]

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        lengths = np.zeros(len(texts), dtype=np.float64)
        for row, text in enumerate(texts):
            counts = analyze(text)
            lengths[row] = sum(v for k, v in counts.items() if not k.startswith("~"))
            for term, count in counts.items():
                col = vocab.setdefault(term, len(vocab))
                rows.append(row)
                cols.append(col)
                tfs.append(float(count))
        n_docs = max(len(texts), 1)
        tf = sparse.csr_matrix((tfs, (rows, cols)), shape=(len(texts), len(vocab)), dtype=np.float64)
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=len(vocab)).astype(np.float64)
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        avg = lengths.mean() if len(texts) else 1.0
        norm = K1 * (1 - B + B * lengths / max(avg, 1e-9))
        coo = tf.tocoo()
        values = coo.data * (K1 + 1) / (coo.data + norm[coo.row]) * idf[coo.col]
        weights = sparse.csc_matrix((values, (coo.row, coo.col)), shape=tf.shape)
        return cls(vocab, idf, weights)

    def query_terms(self, text: str) -> dict[str, float]:
        counts = analyze(text)
        terms: dict[str, float] = {}
        for term in counts:
            terms[term] = BIGRAM_WEIGHT if term.startswith("~") else 1.0
        return terms

    def score(self, terms: dict[str, float]) -> np.ndarray:
        """BM25 of every passage for weighted query terms (unknown terms add nothing)."""
        cols = [self.vocab[t] for t in terms if t in self.vocab]
        if not cols:
            return np.zeros(self.size)
        weights = np.array([terms[t] for t in terms if t in self.vocab])
        sub = self.weights[:, cols]
        return np.asarray(sub @ weights).ravel()

    def term_idf(self, term: str) -> float | None:
        col = self.vocab.get(term)
        return None if col is None else float(self.idf[col])

    def max_idf(self) -> float:
        return float(self.idf.max()) if len(self.idf) else math.log(2.0)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        sparse.save_npz(directory / "bm25.npz", self.weights.tocsc())
        np.save(directory / "idf.npy", self.idf)
        (directory / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        weights = sparse.load_npz(directory / "bm25.npz").tocsc()
        idf = np.load(directory / "idf.npy")
        vocab = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        return cls(vocab, idf, weights)
