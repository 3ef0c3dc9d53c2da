"""LlamaIndex faces of the embeddings in ``assistant.embed``: what the index build and the Chroma path use."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from .embed import DEFAULT_MODEL, EmbeddingError, LsaModel


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
