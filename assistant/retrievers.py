"""LlamaIndex retrievers over a snapshot: what long-lived processes (server, chat, eval, the Python API) use.

Importing this module imports LlamaIndex and Chroma (~4 s), which is why ``assistant.retrieve`` does not.
``ChromaDense`` is the Chroma backend of ``Snapshot.dense``: LlamaIndex's vector retriever over the build's
Chroma collection finds the candidates, which are then re-scored with the exact cosine of
``retrieve.cosines`` so that they equal the one-shot matrix backend's. ``LexicalRetriever`` and
``HybridRetriever`` give the same search as ``ClauseSearch.search`` to anything that takes a LlamaIndex
``BaseRetriever`` (query engines, fusion retrievers); both fuse with ``retrieve.fuse``.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores.types import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.vector_stores.chroma import ChromaVectorStore

from .config import Settings
from .embed_llama import load_embedding
from .glossary import Expansion
from .index import open_collection, read_vectors
from .retrieve import (
    DENSE_MARGIN,
    LEXICAL_WEIGHT,
    ClauseSearch,
    Snapshot,
    cosines,
    fuse,
    lexical_candidates,
    merged,
    rank_dense,
)


class ChromaRetriever(BaseRetriever):
    """Nearest clauses from the Chroma collection (through LlamaIndex), scored by their exact cosine."""

    def __init__(self, source: ChromaDense, doc_ids: set[str] | None, top_k: int) -> None:
        super().__init__()
        self._source = source
        self._doc_ids = doc_ids
        self._top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        source = self._source
        if query_bundle.embedding is None:
            query_bundle.embedding = source.embed_model.get_agg_embedding_from_queries(query_bundle.embedding_strs)
        if not np.any(query_bundle.embedding):
            # nothing the model knows (an English question to the LSA model): every cosine is 0 and HNSW's
            # order arbitrary, so take the first clauses in lexical order, as the exact matrix search does
            allowed = (cid for cid, doc in source.docs if self._doc_ids is None or doc in self._doc_ids)
            return [NodeWithScore(node=TextNode(id_=cid), score=0.0) for cid in itertools.islice(allowed, self._top_k)]
        filters = None
        if self._doc_ids is not None:
            filters = MetadataFilters(
                filters=[MetadataFilter(key="doc_id", value=sorted(self._doc_ids) or ["-"], operator=FilterOperator.IN)]
            )
        # a few more than asked, so that the exact re-scoring below cuts where an exact search would
        inner = source.index.as_retriever(similarity_top_k=self._top_k + DENSE_MARGIN, filters=filters)
        found = inner.retrieve(query_bundle)
        if not found:
            return []
        ids = [item.node.node_id for item in found]
        scores = cosines(source.stored_vectors(ids), np.asarray(query_bundle.embedding))
        rows = np.array([source.rows.get(i, len(source.rows)) for i in ids])
        nodes = {item.node.node_id: item.node for item in found}
        return [NodeWithScore(node=nodes[i], score=score) for i, score in rank_dense(ids, scores, rows, self._top_k)]


class ChromaDense:
    """The Chroma backend of ``Snapshot.dense``: the build's collection behind LlamaIndex's VectorStoreIndex."""

    name = "chroma"

    def __init__(
        self, index: VectorStoreIndex, collection: Any, embed_model: BaseEmbedding, docs: list[tuple[str, str]],
        matrix: np.ndarray | None = None,
    ) -> None:
        self.index = index
        self.collection = collection
        self.embed_model = embed_model
        self.docs = docs  # (clause id, doc id) in lexical order: the tie-break order of ``rank_dense``
        self.rows = {cid: row for row, (cid, _) in enumerate(docs)}
        self._matrix = matrix  # the build's copy of the collection's vectors, when it has one

    @classmethod
    def open(cls, settings: Settings, build: Path, manifest: dict[str, Any], docs: list[tuple[str, str]]) -> ChromaDense:
        embed_model = load_embedding(manifest["embed_model"], build / "embedding")
        collection = open_collection(settings, build)
        store = ChromaVectorStore(chroma_collection=collection)
        index = VectorStoreIndex.from_vector_store(store, embed_model=embed_model)
        return cls(index, collection, embed_model, docs, read_vectors(build, len(docs)))

    def stored_vectors(self, ids: list[str]) -> np.ndarray:
        """The collection's vectors for ``ids``: from the build's matrix (the same bits, read back from Chroma at
        index time, and no round trip) or, for a build without one, from Chroma."""
        if self._matrix is not None and all(i in self.rows for i in ids):
            return np.asarray(self._matrix[[self.rows[i] for i in ids]], dtype=np.float32)
        stored = self.collection.get(ids=ids, include=["embeddings"])
        by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)

    def retriever(self, doc_ids: set[str] | None, top_k: int, also: set[str] | None = None) -> BaseRetriever:
        """Nearest clauses in ``doc_ids``; with ``also``, a second filtered search of those documents joins."""
        found = ChromaRetriever(self, doc_ids, top_k)
        return MergedRetriever(found, ChromaRetriever(self, also, top_k)) if also else found

    def candidates(
        self, text: str, doc_ids: set[str] | None, depth: int, also: set[str] | None = None
    ) -> list[tuple[str, float]]:
        found = self.retriever(doc_ids, depth, also).retrieve(QueryBundle(query_str=text, custom_embedding_strs=[text]))
        return [(item.node.node_id, float(item.score or 0.0)) for item in found]


class LexicalRetriever(BaseRetriever):
    """BM25 over the clause texts and heading paths, with glossary expansions at reduced weight."""

    def __init__(
        self,
        snapshot: Snapshot,
        expansion: Expansion,
        doc_ids: set[str] | None,
        top_k: int,
        also: set[str] | None = None,
    ) -> None:
        super().__init__()
        self._snapshot = snapshot
        self._expansion = expansion
        self._doc_ids = doc_ids
        self._top_k = top_k
        self._also = also

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        found = lexical_candidates(
            self._snapshot, self._expansion, query_bundle.query_str, self._doc_ids, self._top_k, self._also
        )
        clauses = self._snapshot.clauses
        return [
            NodeWithScore(node=TextNode(id_=cid, text=clauses[cid].text), score=score) for cid, score in found
        ]


class MergedRetriever(BaseRetriever):
    """Two retrievers of the same scoring as one (``retrieve.merged``): the named documents' best clauses join."""

    def __init__(self, first: BaseRetriever, more: BaseRetriever) -> None:
        super().__init__()
        self._first = first
        self._more = more

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        first = self._first.retrieve(query_bundle)
        more = self._more.retrieve(query_bundle)
        nodes = {item.node.node_id: item.node for item in [*more, *first]}
        ranked = merged(
            [(n.node.node_id, float(n.score or 0.0)) for n in first],
            [(n.node.node_id, float(n.score or 0.0)) for n in more],
        )
        return [NodeWithScore(node=nodes[cid], score=score) for cid, score in ranked]


class HybridRetriever(BaseRetriever):
    """``retrieve.fuse`` over a lexical and a dense retriever (whose scores are cosines); one side for ablations."""

    def __init__(
        self,
        lexical: BaseRetriever,
        dense: BaseRetriever,
        mode: str = "hybrid",
        lexical_weight: float | None = None,
    ) -> None:
        super().__init__()
        self._lexical = lexical
        self._dense = dense
        self._mode = mode
        self._lexical_weight = LEXICAL_WEIGHT if lexical_weight is None else lexical_weight
        self.components: dict[str, tuple[float, float]] = {}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        lexical = self._lexical.retrieve(query_bundle) if self._mode != "dense" else []
        dense = self._dense.retrieve(query_bundle) if self._mode != "lexical" else []
        nodes = {item.node.node_id: item.node for item in [*dense, *lexical]}
        fused = fuse(
            [(n.node.node_id, float(n.score or 0.0)) for n in lexical],
            [(n.node.node_id, float(n.score or 0.0)) for n in dense],
            self._mode,
            self._lexical_weight,
        )
        for item in fused:
            self.components[item.clause_id] = (item.lexical, item.dense)
        return [NodeWithScore(node=nodes[item.clause_id], score=item.score) for item in fused]


def hybrid_retriever(
    search: ClauseSearch, query: str, doc_ids: set[str] | None = None, top_k: int = 50, mode: str = "hybrid"
) -> tuple[HybridRetriever, QueryBundle]:
    """The LlamaIndex form of ``search.search(query)`` over a Chroma-backed snapshot, and the bundle to give it."""
    snapshot = search.snapshot
    if not isinstance(snapshot.dense, ChromaDense):
        raise TypeError("hybrid_retriever needs a snapshot opened with the chroma backend")
    expansion, doc_ids, embedding_text = search.prepare(query, doc_ids)
    named = search.named_documents(query, doc_ids)
    lexical = LexicalRetriever(snapshot, expansion, doc_ids, top_k, named)
    dense = snapshot.dense.retriever(doc_ids, top_k, named)
    return HybridRetriever(lexical, dense, mode=mode), QueryBundle(query_str=query, custom_embedding_strs=[embedding_text])
