"""Retrieve stage: hybrid lexical + dense search over clauses, as plain numpy (no LlamaIndex import here).

Lexical candidates are BM25 over jieba tokens, glossary-expanded; dense candidates are the clauses nearest
the question's embedding. ``fuse`` combines their max-normalised scores, and it is the only fusion there is:
the one-shot ``assistant ask`` takes dense candidates from the build's clause-embedding matrix (exact cosine,
``MatrixDense``), long-lived processes from the Chroma collection through LlamaIndex (``assistant.retrievers``,
imported only when asked for), and both re-score their candidates with ``cosines`` so that the two give the
same hits in the same order. Filters (document, region, status) are resolved to a set of document ids and
applied on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .catalog import Catalog, load_catalog
from .config import Settings
from .glossary import Expansion, Glossary
from .index import (
    INDEXABLE,
    IndexError_,
    current_build,
    read_clauses,
    read_manifest,
    read_vectors,
    search_text,
)
from .lexical import LexicalIndex
from .models import Clause
from .places import covers, places_in
from .text import add_words, compact, normalize, tokens

LEXICAL_WEIGHT = 0.6  # when the two sides agree; the dense side's share shrinks as they disagree
AGREEMENT_DEPTH = 10
CANDIDATES = 50
MODES = ("hybrid", "lexical", "dense")
BACKENDS = ("chroma", "matrix")
COSINE_DECIMALS = 6  # float noise between BLAS paths sits far below this; ties then order by clause
DENSE_MARGIN = 16  # extra Chroma candidates, so that exact re-scoring cuts at the same clause as the matrix


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


@dataclass(frozen=True)
class Fused:
    """One fused candidate: its clause id, fused score and the raw lexical (BM25) and dense (cosine) scores."""

    clause_id: str
    score: float
    lexical: float
    dense: float


class DenseBackend(Protocol):
    """Where dense candidates come from: ``(clause_id, cosine)`` best first, ties in lexical-row order."""

    name: str

    def candidates(
        self, text: str, doc_ids: set[str] | None, depth: int, also: set[str] | None = None
    ) -> list[tuple[str, float]]: ...


def cosines(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Exact cosine of each row with the query, in float64 and rounded, as every backend reports it."""
    rows = np.asarray(vectors, dtype=np.float64)
    query = np.asarray(query, dtype=np.float64).ravel()
    query_norm = float(np.linalg.norm(query))
    if rows.size == 0 or query_norm == 0.0:
        return np.zeros(len(rows))
    norms = np.linalg.norm(rows, axis=1) * query_norm
    dots = rows @ query
    out = np.divide(dots, norms, out=np.zeros(len(rows)), where=norms > 0)
    return np.round(out, COSINE_DECIMALS)


def rank_dense(ids: list[str], scores: np.ndarray, rows: np.ndarray, depth: int) -> list[tuple[str, float]]:
    """The ``depth`` best candidates by cosine, ties broken by lexical row so that every backend agrees."""
    order = np.lexsort((rows, -scores))[:depth]
    return [(ids[i], float(scores[i])) for i in order]


def fuse(
    lexical: list[tuple[str, float]],
    dense: list[tuple[str, float]],
    mode: str = "hybrid",
    lexical_weight: float = LEXICAL_WEIGHT,
) -> list[Fused]:
    """Weighted fusion of max-normalised BM25 and cosine similarity; either side alone for ablations.

    The dense side's weight (1 - ``lexical_weight``) is scaled by how many of the lexical side's first
    ``AGREEMENT_DEPTH`` candidates it also ranks there: the corpus-fitted LSA model is weak, and where it sees
    a different question than the words do (a clause the lexical side ranks second, far down its list) it
    should reorder little. Candidates are taken dense first, then lexical, and a stable sort keeps that order
    among equal scores.
    """
    lex_scores = dict(lexical)
    dense_scores = dict(dense)
    lex_max = max(lex_scores.values(), default=0.0) or 1.0
    dense_max = max(dense_scores.values(), default=0.0)
    weight = {"hybrid": lexical_weight, "lexical": 1.0, "dense": 0.0}[mode]
    depth = min(AGREEMENT_DEPTH, len(lexical), len(dense))
    if mode == "hybrid" and depth:
        shared = {cid for cid, _ in lexical[:depth]} & {cid for cid, _ in dense[:depth]}
        weight = 1 - (1 - lexical_weight) * len(shared) / depth
    fused: list[Fused] = []
    for clause_id in dict.fromkeys([cid for cid, _ in dense] + [cid for cid, _ in lexical]):
        lex = lex_scores.get(clause_id, 0.0) / lex_max
        den = max(dense_scores.get(clause_id, 0.0), 0.0) / dense_max if dense_max > 0 else 0.0
        fused.append(
            Fused(clause_id, weight * lex + (1 - weight) * den, lex_scores.get(clause_id, 0.0), dense_scores.get(clause_id, 0.0))
        )
    return sorted(fused, key=lambda item: -item.score)


class MatrixDense:
    """Exact cosine over the build's clause-embedding matrix: no Chroma, no LlamaIndex (the one-shot path)."""

    name = "matrix"

    def __init__(self, ids: list[str], docs: np.ndarray, vectors: np.ndarray, encode: Any) -> None:
        self._ids = ids
        self._docs = docs
        self._vectors = vectors
        self._encode = encode
        self._rows = np.arange(len(ids))

    def candidates(
        self, text: str, doc_ids: set[str] | None, depth: int, also: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """The best ``depth`` in ``doc_ids``, and the best ``depth`` of the ``also`` documents: one cosine pass."""
        scores = cosines(self._vectors, self._encode(text))

        def best(scope: set[str] | None) -> list[tuple[str, float]]:
            rows = self._rows if scope is None else self._rows[np.isin(self._docs, list(scope))]
            return rank_dense([self._ids[i] for i in rows], scores[rows], rows, depth)

        return merged(best(doc_ids), best(also)) if also else best(doc_ids)


@dataclass
class Snapshot:
    """One published build, loaded for querying; ``dense`` is where its dense candidates come from."""

    build: Path
    manifest: dict[str, Any]
    clauses: dict[str, Clause]
    lexical: LexicalIndex
    lexical_ids: list[str]
    lexical_docs: np.ndarray  # doc_id of each lexical row, for filtering without a Python loop
    dense: DenseBackend
    catalog: Catalog
    _terms: dict[str, ClauseTerms] = field(default_factory=dict)
    _documents: dict[str, list[Clause]] = field(default_factory=dict)

    def document_clauses(self, doc_id: str) -> list[Clause]:
        """A document's clauses in document order (neighbours, list items, pieces of a split clause)."""
        ordered = self._documents.get(doc_id)
        if ordered is None:
            ordered = sorted((c for c in self.clauses.values() if c.doc_id == doc_id), key=lambda c: c.order)
            self._documents[doc_id] = ordered
        return ordered

    def document_names(self, doc_id: str) -> str:
        """The Chinese names users call a clause's document by (协会的意见), which its own heading path may lack."""
        try:
            names = self.catalog.get(doc_id).names
        except KeyError:
            return ""
        return " ".join(name for name in names if not name.isascii())

    def clause_terms(self, clause: Clause) -> ClauseTerms:
        """The words and compact text of a clause as the answer stage matches them; computed once per clause."""
        cached = self._terms.get(clause.clause_id)
        if cached is None:
            text = f"{search_text(clause)} {self.document_names(clause.doc_id)}"
            cached = ClauseTerms(words=frozenset(tokens(text)), text=text, compact=normalize(compact(text)))
            self._terms[clause.clause_id] = cached
        return cached

    @classmethod
    def open(cls, settings: Settings, backend: str = "chroma") -> Snapshot:
        """Load the published build. ``backend="matrix"`` answers without Chroma or LlamaIndex when the build
        has its embedding matrix, and falls back to Chroma for a build that predates it."""
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}")
        build = current_build(settings.index_dir)
        if build is None:
            raise IndexError_(f"no index under {settings.index_dir}; run `assistant index` first")
        manifest = read_manifest(build)
        clauses = {c.clause_id: c for c in read_clauses(build)}
        lexical_ids = list(manifest["lexical_order"])
        lexical_docs = np.array([clauses[cid].doc_id for cid in lexical_ids])
        vectors = read_vectors(build, len(lexical_ids)) if backend == "matrix" else None
        dense: DenseBackend
        if vectors is not None:
            from .embed import query_encoder

            dense = MatrixDense(lexical_ids, lexical_docs, vectors, query_encoder(manifest["embed_model"], build / "embedding"))
        else:
            from .retrievers import ChromaDense

            dense = ChromaDense.open(settings, build, manifest, list(zip(lexical_ids, lexical_docs.tolist(), strict=True)))
        return cls(
            build=build,
            manifest=manifest,
            clauses=clauses,
            lexical=LexicalIndex.load(build / "lexical"),
            lexical_ids=lexical_ids,
            lexical_docs=lexical_docs,
            dense=dense,
            catalog=load_catalog(settings.corpus_dir),
        )


def weighted_terms(snapshot: Snapshot, expansion: Expansion, query: str) -> dict[str, float]:
    """The question's BM25 terms, with glossary expansions at their reduced weight."""
    index = snapshot.lexical
    terms = index.query_terms(query)
    for term, weight in expansion.terms.items():
        for word, word_weight in index.query_terms(term).items():
            terms[word] = max(terms.get(word, 0.0), weight * word_weight)
    return terms


def lexical_candidates(
    snapshot: Snapshot,
    expansion: Expansion,
    query: str,
    doc_ids: set[str] | None,
    depth: int,
    also: set[str] | None = None,
) -> list[tuple[str, float]]:
    """BM25 over the clause texts and heading paths: ``(clause_id, score)`` best first, positive scores only;
    with ``also``, the best ``depth`` of those documents join (one scoring pass)."""
    scores = snapshot.lexical.score(weighted_terms(snapshot, expansion, query))

    def best(scope: set[str] | None) -> list[tuple[str, float]]:
        scoped = scores if scope is None else np.where(np.isin(snapshot.lexical_docs, list(scope)), scores, 0.0)
        out = []
        for row in np.argsort(-scoped, kind="stable")[:depth]:
            if scoped[row] <= 0:
                break
            out.append((snapshot.lexical_ids[row], float(scoped[row])))
        return out

    return merged(best(doc_ids), best(also)) if also else best(doc_ids)


def merged(first: list[tuple[str, float]], more: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Two candidate lists of the same scoring as one, best first (a clause in both keeps its score)."""
    scores = dict(first)
    for clause_id, score in more:
        scores.setdefault(clause_id, score)
    return sorted(scores.items(), key=lambda item: -item[1])


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

    def named_documents(self, query: str, doc_ids: set[str] | None) -> set[str]:
        """Documents the question names (协会的意见, 标杆站) whose clauses join the candidates even when other
        documents say the question's words more often; none when a filter or a place already chose."""
        return self.snapshot.catalog.named_in(query) if doc_ids is None else set()

    def prepare(self, query: str, doc_ids: set[str] | None) -> tuple[Expansion, set[str] | None, str]:
        """The question's glossary expansion, its documents (filters met with the places it names), and the
        text whose embedding the dense side searches with."""
        expansion = self.glossary.expand(query)
        scope = self.place_scope(query)
        if scope is not None:
            doc_ids = scope if doc_ids is None else (doc_ids & scope) or doc_ids
        return expansion, doc_ids, f"{query} {expansion.text()}".strip()

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
        expansion, doc_ids, embedding_text = self.prepare(query, doc_ids)
        depth = max(candidates, top_k)
        snapshot = self.snapshot
        named = self.named_documents(query, doc_ids)  # 协会的意见: its clauses compete even when others say more
        lexical = lexical_candidates(snapshot, expansion, query, doc_ids, depth, named) if mode != "dense" else []
        dense = snapshot.dense.candidates(embedding_text, doc_ids, depth, named) if mode != "lexical" else []
        hits = []
        for item in fuse(lexical, dense, mode):
            clause = snapshot.clauses.get(item.clause_id)
            if clause is None or clause.kind not in INDEXABLE:
                continue
            hits.append(Hit(clause=clause, score=item.score, lexical=item.lexical, dense=item.dense))
        return hits[: max(top_k, 1) if top_k else len(hits)], expansion
