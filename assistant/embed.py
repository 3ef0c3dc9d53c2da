"""Embeddings: an offline default fitted on the corpus (LSA), or any sentence-transformers model by name or path.

The registry's only installable model is an English MiniLM that knows ~97 of the corpus's 737 Chinese
characters, so the default is latent semantic analysis fitted on the clauses themselves: words and character
pairs that co-occur across clauses land near each other, which lets a question match a clause that words it
differently. It is frozen once fitted (like any model), so adding documents does not re-embed old ones.
Both kinds are LlamaIndex ``BaseEmbedding`` objects, so the vector store and retrievers treat them alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr
from scipy import sparse
from scipy.sparse.linalg import svds

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


class LsaEmbedding(BaseEmbedding):
    """LlamaIndex face of the corpus-fitted LSA model."""

    _model: LsaModel = PrivateAttr()

    def __init__(self, model: LsaModel, **kwargs: Any) -> None:
        super().__init__(model_name=DEFAULT_MODEL, embed_batch_size=256, **kwargs)
        self._model = model

    @property
    def dimensions(self) -> int:
        return self._model.dimensions

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.embed([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.embed([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.embed(texts).tolist()


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any sentence-transformers model, by hub name (already in the local cache) or by local path."""

    _model: Any = PrivateAttr()
    _query_prefix: str = PrivateAttr(default="")

    def __init__(self, name_or_path: str, query_prefix: str = "", **kwargs: Any) -> None:
        super().__init__(model_name=name_or_path, embed_batch_size=32, **kwargs)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbeddingError(
                "sentence-transformers is not installed; `pip install sentence-transformers` to use "
                f"the model {name_or_path!r}"
            ) from None
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as err:
            raise EmbeddingError(
                f"cannot load the sentence-transformers model {name_or_path!r}: {err.__class__.__name__}: {err}. "
                "Give a local directory, or a hub name that is already in the local cache (no downloads here)."
            ) from None
        if not query_prefix and "bge" in name_or_path.lower() and "zh" in name_or_path.lower():
            query_prefix = "为这个句子生成表示以用于检索相关文章："
        self._query_prefix = query_prefix

    @property
    def dimensions(self) -> int:
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(getter())

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([self._query_prefix + query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)


def load_embedding(model: str, model_dir: Path, fit_texts: Sequence[str] | None = None) -> BaseEmbedding:
    """The embedding named by the setting: 'lsa' (fit on ``fit_texts`` or load from ``model_dir``) or a model."""
    if model == DEFAULT_MODEL:
        if fit_texts is not None:
            lsa = LsaModel.fit(fit_texts)
            lsa.save(model_dir)
        else:
            lsa = LsaModel.load(model_dir)
        return LsaEmbedding(lsa)
    return SentenceTransformerEmbedding(model)
