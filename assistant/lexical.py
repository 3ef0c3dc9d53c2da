"""A BM25 index over jieba tokens, stored as a sparse (CSC) matrix so that scoring adds up a few columns.

Questions are scored with plain numpy over the CSC arrays, so a one-shot ``assistant ask`` need not import
scipy (0.3 s); builds use scipy to assemble the matrix and write it in scipy's ``.npz`` format.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

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
    def __init__(
        self, vocab: dict[str, int], idf: np.ndarray, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
        shape: tuple[int, int],
    ) -> None:
        self.vocab = vocab
        self.idf = idf
        # passages x terms BM25 term weights, as the arrays of a CSC matrix (column j: rows indices[indptr[j]:
        # indptr[j + 1]] with weights data[...])
        self.data = data
        self.indices = indices
        self.indptr = indptr
        self.shape = shape

    @property
    def size(self) -> int:
        return self.shape[0]

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        from scipy import sparse

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
        return cls.from_matrix(vocab, idf, sparse.csc_matrix((values, (coo.row, coo.col)), shape=tf.shape))

    @classmethod
    def from_matrix(cls, vocab: dict[str, int], idf: np.ndarray, matrix: Any) -> LexicalIndex:
        """From a scipy sparse matrix of BM25 weights (passages x terms)."""
        csc = matrix.tocsc()
        return cls(vocab, idf, csc.data, csc.indices, csc.indptr, csc.shape)

    def query_terms(self, text: str) -> dict[str, float]:
        counts = analyze(text)
        terms: dict[str, float] = {}
        for term in counts:
            terms[term] = BIGRAM_WEIGHT if term.startswith("~") else 1.0
        return terms

    def score(self, terms: dict[str, float]) -> np.ndarray:
        """BM25 of every passage for weighted query terms (unknown terms add nothing).

        Adds the terms' columns in the order given, as scipy's CSC matrix-vector product does, so the sums are
        the same to the last bit.
        """
        out = np.zeros(self.size)
        for term, weight in terms.items():
            col = self.vocab.get(term)
            if col is None:
                continue
            start, end = self.indptr[col], self.indptr[col + 1]
            out[self.indices[start:end]] += self.data[start:end] * weight
        return out

    def term_idf(self, term: str) -> float | None:
        col = self.vocab.get(term)
        return None if col is None else float(self.idf[col])

    def max_idf(self) -> float:
        return float(self.idf.max()) if len(self.idf) else math.log(2.0)

    def save(self, directory: Path) -> None:
        from scipy import sparse

        directory.mkdir(parents=True, exist_ok=True)
        matrix = sparse.csc_matrix((self.data, self.indices, self.indptr), shape=self.shape)
        sparse.save_npz(directory / "bm25.npz", matrix)
        np.save(directory / "idf.npy", self.idf)
        (directory / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        """Read the ``.npz`` scipy wrote, without scipy when it holds a CSC matrix (as ``save`` writes it)."""
        idf = np.load(directory / "idf.npy")
        vocab = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        with np.load(directory / "bm25.npz") as stored:
            if stored["format"].item() not in ("csc", b"csc"):
                from scipy import sparse

                return cls.from_matrix(vocab, idf, sparse.load_npz(directory / "bm25.npz"))
            shape = tuple(int(n) for n in stored["shape"])
            return cls(vocab, idf, stored["data"], stored["indices"], stored["indptr"], (shape[0], shape[1]))
