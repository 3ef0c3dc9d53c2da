"""Retrieve stage: hybrid lexical + dense search over clauses, built from LlamaIndex retrievers.

``LexicalRetriever`` (BM25 over jieba tokens, glossary-expanded) and LlamaIndex's vector retriever over the
Chroma collection each return candidates; ``HybridRetriever`` fuses their normalised scores. Filters
(document, region, status) are resolved to a set of document ids and applied inside both retrievers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores.types import FilterOperator, MetadataFilter, MetadataFilters

from .catalog import Catalog, load_catalog
from .config import Settings
from .embed import load_embedding
from .glossary import Expansion, Glossary
from .index import (
    INDEXABLE,
    IndexError_,
    current_build,
    open_collection,
    read_clauses,
    read_manifest,
    search_text,
)
from .lexical import LexicalIndex
from .models import Clause
from .places import covers, places_in
from .text import add_words, compact, normalize, tokens

LEXICAL_WEIGHT = 0.8
CANDIDATES = 50
MODES = ("hybrid", "lexical", "dense")


@dataclass
class Hit:
    clause: Clause
    score: float
    lexical: float = 0.0
    dense: float = 0.0


@dataclass(frozen=True)
class ClauseTerms:
    words: frozenset[str]
    text: str
    compact: str


@dataclass
class Snapshot:
    """One published build, loaded for querying."""

    build: Path
    manifest: dict[str, Any]
    clauses: dict[str, Clause]
    lexical: LexicalIndex
    lexical_ids: list[str]
    lexical_docs: np.ndarray  # doc_id of each lexical row, for filtering without a Python loop
    vector_index: Any
    catalog: Catalog
    _terms: dict[str, ClauseTerms] = field(default_factory=dict)

    def clause_terms(self, clause: Clause) -> ClauseTerms:
        """The words and compact text of a clause as the answer stage matches them; computed once per clause."""
        cached = self._terms.get(clause.clause_id)
        if cached is None:
            text = search_text(clause)
            cached = ClauseTerms(words=frozenset(tokens(text)), text=text, compact=normalize(compact(text)))
            self._terms[clause.clause_id] = cached
        return cached

    @classmethod
    def open(cls, settings: Settings) -> Snapshot:
        from llama_index.core import VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        build = current_build(settings.index_dir)
        if build is None:
            raise IndexError_(f"no index under {settings.index_dir}; run `assistant index` first")
        manifest = read_manifest(build)
        clauses = {c.clause_id: c for c in read_clauses(build)}
        lexical_ids = list(manifest["lexical_order"])
        embed_model = load_embedding(manifest["embed_model"], build / "embedding")
        collection = open_collection(settings, build)
        store = ChromaVectorStore(chroma_collection=collection)
        vector_index = VectorStoreIndex.from_vector_store(store, embed_model=embed_model)
        return cls(
            build=build,
            manifest=manifest,
            clauses=clauses,
            lexical=LexicalIndex.load(build / "lexical"),
            lexical_ids=lexical_ids,
            lexical_docs=np.array([clauses[cid].doc_id for cid in lexical_ids]),
            vector_index=vector_index,
            catalog=load_catalog(settings.corpus_dir),
        )


class LexicalRetriever(BaseRetriever):
    """BM25 over the clause texts and heading paths, with glossary expansions at reduced weight."""

    def __init__(self, snapshot: Snapshot, expansion: Expansion, doc_ids: set[str] | None, top_k: int) -> None:
        super().__init__()
        self._snapshot = snapshot
        self._expansion = expansion
        self._doc_ids = doc_ids
        self._top_k = top_k

    def weighted_terms(self, query: str) -> dict[str, float]:
        index = self._snapshot.lexical
        terms = index.query_terms(query)
        for term, weight in self._expansion.terms.items():
            for word, word_weight in index.query_terms(term).items():
                terms[word] = max(terms.get(word, 0.0), weight * word_weight)
        return terms

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        snapshot = self._snapshot
        scores = snapshot.lexical.score(self.weighted_terms(query_bundle.query_str))
        if self._doc_ids is not None:
            scores = np.where(np.isin(snapshot.lexical_docs, list(self._doc_ids)), scores, 0.0)
        top = np.argsort(-scores, kind="stable")[: self._top_k]
        out = []
        for row in top:
            if scores[row] <= 0:
                break
            clause = snapshot.clauses[snapshot.lexical_ids[row]]
            out.append(NodeWithScore(node=TextNode(id_=clause.clause_id, text=clause.text), score=float(scores[row])))
        return out


class HybridRetriever(BaseRetriever):
    """Weighted fusion of max-normalised BM25 and cosine similarity; either side alone for ablations."""

    def __init__(
        self,
        lexical: LexicalRetriever,
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
        lex_scores = {n.node.node_id: float(n.score or 0.0) for n in lexical}
        # Chroma's LlamaIndex store reports exp(-cosine distance); turn it back into a cosine
        dense_scores = {n.node.node_id: 1.0 + math.log(max(float(n.score or 1e-9), 1e-9)) for n in dense}
        lex_max = max(lex_scores.values(), default=0.0) or 1.0
        dense_max = max(dense_scores.values(), default=0.0)
        weight = {"hybrid": self._lexical_weight, "lexical": 1.0, "dense": 0.0}[self._mode]
        fused: dict[str, float] = {}
        nodes: dict[str, NodeWithScore] = {n.node.node_id: n for n in [*dense, *lexical]}
        for node_id in nodes:
            lex = lex_scores.get(node_id, 0.0) / lex_max
            den = max(dense_scores.get(node_id, 0.0), 0.0) / dense_max if dense_max > 0 else 0.0
            fused[node_id] = weight * lex + (1 - weight) * den
            self.components[node_id] = (lex_scores.get(node_id, 0.0), dense_scores.get(node_id, 0.0))
        ranked = sorted(fused, key=lambda nid: -fused[nid])
        return [NodeWithScore(node=nodes[nid].node, score=fused[nid]) for nid in ranked]


class ClauseSearch:
    """The retrieval entry point used by the answer stage, the CLI, the UI and the eval harness."""

    def __init__(self, snapshot: Snapshot, glossary: Glossary) -> None:
        self.snapshot = snapshot
        self.glossary = glossary
        add_words(glossary.words())

    def doc_ids_for(
        self, doc: str | list[str] | None = None, region: str | None = None, status: str | None = None
    ) -> set[str] | None:
        """Resolve filters to the documents they admit (None: no filter)."""
        if not doc and not region and not status:
            return None
        catalog = self.snapshot.catalog
        docs = [doc] if isinstance(doc, str) else list(doc or [])
        allowed = set()
        for meta in catalog.documents:
            if docs and meta.doc_id not in docs:
                continue
            if region and region not in meta.region:
                continue
            if status and status not in (meta.status(), "trial" if meta.trial else "-"):
                continue
            allowed.add(meta.doc_id)
        return allowed

    def place_scope(self, query: str) -> set[str] | None:
        """The documents for the places a question names (嘉兴 → the Jiaxing plan); None when it names none of theirs.

        Every document is about one region, so a question about 嘉兴 is answered from Jiaxing's plan even where
        Hubei's annexes use the same words more often.
        """
        places = places_in(query)
        if not places:
            return None
        documents = self.snapshot.catalog.documents
        scoped = {meta.doc_id for meta in documents if any(place in meta.region or place in meta.title for place in places)}
        if not scoped:  # 襄阳: no document of its own, but the province's speak for it
            scoped = {meta.doc_id for meta in documents if any(covers(meta.region, place) for place in places)}
        return scoped or None

    def search(
        self,
        query: str,
        top_k: int = 5,
        doc_ids: set[str] | None = None,
        mode: str = "hybrid",
        candidates: int = CANDIDATES,
    ) -> tuple[list[Hit], Expansion]:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        expansion = self.glossary.expand(query)
        scope = self.place_scope(query)
        if scope is not None:
            doc_ids = scope if doc_ids is None else (doc_ids & scope) or doc_ids
        depth = max(candidates, top_k)
        lexical = LexicalRetriever(self.snapshot, expansion, doc_ids, depth)
        filters = None
        if doc_ids is not None:
            filters = MetadataFilters(
                filters=[MetadataFilter(key="doc_id", value=sorted(doc_ids) or ["-"], operator=FilterOperator.IN)]
            )
        dense = self.snapshot.vector_index.as_retriever(similarity_top_k=depth, filters=filters)
        hybrid = HybridRetriever(lexical, dense, mode=mode)
        embedding_text = f"{query} {expansion.text()}".strip()
        bundle = QueryBundle(query_str=query, custom_embedding_strs=[embedding_text])
        results = hybrid.retrieve(bundle)
        hits = []
        for result in results:
            clause = self.snapshot.clauses.get(result.node.node_id)
            if clause is None or clause.kind not in INDEXABLE:
                continue
            lex, den = hybrid.components.get(result.node.node_id, (0.0, 0.0))
            hits.append(Hit(clause=clause, score=float(result.score or 0.0), lexical=lex, dense=den))
        return hits[: max(top_k, 1) if top_k else len(hits)], expansion
