"""Embeddings: an offline default fitted on the corpus (LSA), or any sentence-transformers model by name or path.

The registry's only installable model is an English MiniLM that knows ~97 of the corpus's 737 Chinese
characters, so the default is latent semantic analysis fitted on the clauses themselves: words and character
pairs that co-occur across clauses land near each other, which lets a question match a clause that words it
differently. It is frozen once fitted (like any model), so adding documents does not re-embed old ones.
Both kinds have LlamaIndex ``BaseEmbedding`` faces (``assistant.embed_llama``, imported on first use), so the
vector store and retrievers treat them alike; ``query_encoder`` embeds questions for the one-shot matrix search
without importing LlamaIndex when the model is the LSA one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .lexical import analyze

DEFAULT_MODEL = "lsa"
LSA_DIMENSIONS = 192


class EmbeddingError(RuntimeError):
    """The configured model cannot be loaded; the message says which and why."""


class LsaModel:
    """TF-IDF over words and character pairs, projected onto the top singular vectors of the clause matrix."""

    def __init__(self, vocab: dict[str, int], idf: np.ndarray, projection: np.ndarray) -> None:
        self.vocab = vocab
        self.idf = idf
        self.projection = projection  # terms x dims

    @property
    def dimensions(self) -> int:
        return int(self.projection.shape[1])

    @staticmethod
    def _counts(text: str) -> dict[str, float]:
        return {term: float(count) * (0.5 if term.startswith("~") else 1.0) for term, count in analyze(text).items()}

    @classmethod
    def fit(cls, texts: Sequence[str], dimensions: int = LSA_DIMENSIONS) -> LsaModel:
        from scipy import sparse  # only index builds fit; questions need not import scipy
        from scipy.sparse.linalg import svds

        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for row, text in enumerate(texts):
            for term, count in cls._counts(text).items():
                rows.append(row)
                cols.append(vocab.setdefault(term, len(vocab)))
                vals.append(1.0 + np.log(count))
        matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab)))
        df = np.bincount(np.array(cols), minlength=len(vocab)).astype(np.float64)
        idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
        matrix = matrix.multiply(idf[None, :]).tocsr()
        k = min(dimensions, min(matrix.shape) - 1)
        if k >= 2:
            _, _, vt = svds(matrix.astype(np.float64), k=k, random_state=0)
            projection = vt.T[:, ::-1].copy()
        else:  # a corpus of one or two clauses: a full SVD is tiny
            _, _, vt = np.linalg.svd(matrix.toarray(), full_matrices=False)
            projection = vt.T.copy()
        # deterministic sign so that refits of the same corpus give the same vectors
        signs = np.sign(projection[np.abs(projection).argmax(axis=0), range(projection.shape[1])])
        projection *= signs
        return cls(vocab, idf, projection.astype(np.float32))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            cols, vals = [], []
            for term, count in self._counts(text).items():
                col = self.vocab.get(term)
                if col is not None:
                    cols.append(col)
                    vals.append((1.0 + np.log(count)) * self.idf[col])
            if cols:
                vector = np.asarray(vals, dtype=np.float32) @ self.projection[cols]
                norm = float(np.linalg.norm(vector))
                if norm > 0:
                    out[row] = vector / norm
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "lsa_projection.npy", self.projection)
        np.save(directory / "lsa_idf.npy", self.idf)
        (directory / "lsa_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LsaModel:
        try:
            vocab = json.loads((directory / "lsa_vocab.json").read_text(encoding="utf-8"))
            return cls(vocab, np.load(directory / "lsa_idf.npy"), np.load(directory / "lsa_projection.npy"))
        except (OSError, ValueError) as err:
            raise EmbeddingError(f"the fitted LSA model in {directory} is missing or damaged: {err}") from None


def query_encoder(model: str, model_dir: Path) -> Callable[[str], np.ndarray]:
    """A question's embedding, exactly as the LlamaIndex face of the same model computes it."""
    if model == DEFAULT_MODEL:
        lsa = LsaModel.load(model_dir)
        return lambda text: lsa.embed([text])[0]
    from .embed_llama import load_embedding

    embedding = load_embedding(model, model_dir)
    return lambda text: np.asarray(embedding.get_query_embedding(text), dtype=np.float64)


_LLAMA_NAMES = ("LsaEmbedding", "SentenceTransformerEmbedding", "load_embedding")


def __getattr__(name: str) -> Any:
    """The LlamaIndex embedding classes, imported only by the code that needs them (index builds, Chroma)."""
    if name in _LLAMA_NAMES:
        from . import embed_llama

        return getattr(embed_llama, name)
    raise AttributeError(name)
