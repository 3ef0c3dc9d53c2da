"""The alternatives the benchmark compares against, each answering in the eval harness's result shape.

- ``llamaindex-default``: what a LlamaIndex user gets out of the box: ``SentenceSplitter`` (1024 tokens,
  200 overlap) over each document's text and ``BM25Retriever`` with its defaults (English tokenization).
- ``jieba-bm25-1024``: the same 1024-token chunks, ranked by BM25 over jieba words.
- ``dense-only``: this assistant's own pipeline with only the configured embedding (no BM25 in the fusion).
- ``assistant``: this assistant as shipped (hybrid lexical + dense, clause-level, with abstention).

The chunk baselines have no abstention and no conversation handling: they see the question alone, as their
defaults would, and never abstain.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import Settings

SYSTEMS = ("assistant", "dense-only", "jieba-bm25-1024", "llamaindex-default")
K1 = 1.2
B = 0.75


@dataclass
class System:
    description: str
    respond: Callable[[dict[str, Any], int], dict[str, Any]]

    def answer(self, item: dict[str, Any], k: int) -> dict[str, Any]:
        """The result dict ``evaluate.score_item`` reads, for one eval item."""
        return self.respond(item, k)


def _chunk_result(texts: list[str], started: float) -> dict[str, Any]:
    return {
        "answer": "",
        "abstained": False,
        "citations": [],
        "retrieved": [{"clause": f"chunk {i}", "text": text} for i, text in enumerate(texts, start=1)],
        "timing_ms": {"total": round((time.perf_counter() - started) * 1000, 2)},
    }


def default_chunks(settings: Settings) -> list[Any]:
    """LlamaIndex's default chunking of every catalogued document (its text as loaded, before our cleaning)."""
    from llama_index.core import Document
    from llama_index.core.node_parser import SentenceSplitter

    from .catalog import load_catalog
    from .load import load_sources

    documents = [
        Document(text=source.text, metadata={"doc_id": source.meta.doc_id})
        for source in load_sources(load_catalog(settings.corpus_dir), errors=[])
    ]
    return SentenceSplitter().get_nodes_from_documents(documents)


class JiebaBM25:
    """Plain Okapi BM25 over jieba words (the project's tokenizer, without its bigrams or glossary)."""

    def __init__(self, texts: list[str]) -> None:
        from .text import tokens

        self._tokens = tokens
        self.docs = [Counter(tokens(text)) for text in texts]
        self.lengths = np.array([sum(doc.values()) for doc in self.docs], dtype=float)
        self.average = float(self.lengths.mean()) if len(self.docs) else 1.0
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}

    def rank(self, query: str, k: int) -> list[int]:
        terms = set(self._tokens(query))
        scores = np.zeros(len(self.docs))
        for row, doc in enumerate(self.docs):
            norm = K1 * (1 - B + B * self.lengths[row] / self.average)
            scores[row] = sum(
                self.idf[t] * doc[t] * (K1 + 1) / (doc[t] + norm) for t in terms if t in doc
            )
        order = np.argsort(-scores, kind="stable")
        return [int(i) for i in order[:k] if scores[i] > 0]


def build_systems(settings: Settings) -> dict[str, System]:
    from llama_index.retrievers.bm25 import BM25Retriever

    from .api import Assistant

    assistant = Assistant.open(settings, build_if_missing=True)
    chunks = default_chunks(settings)
    texts = [chunk.get_content() for chunk in chunks]
    jieba_bm25 = JiebaBM25(texts)
    li_bm25 = {"retriever": None, "k": 0}

    def ours(mode: str) -> Callable[[dict[str, Any], int], dict[str, Any]]:
        def respond(item: dict[str, Any], k: int) -> dict[str, Any]:
            return assistant.ask(item["question"], history=item.get("history"), top_k=k, mode=mode).to_dict()

        return respond

    def jieba_respond(item: dict[str, Any], k: int) -> dict[str, Any]:
        started = time.perf_counter()
        return _chunk_result([texts[i] for i in jieba_bm25.rank(item["question"], k)], started)

    def llamaindex_respond(item: dict[str, Any], k: int) -> dict[str, Any]:
        started = time.perf_counter()
        if li_bm25["k"] != k:
            li_bm25["retriever"] = BM25Retriever.from_defaults(nodes=chunks, similarity_top_k=k)
            li_bm25["k"] = k
            started = time.perf_counter()
        found = li_bm25["retriever"].retrieve(item["question"])
        return _chunk_result([hit.node.get_content() for hit in found], started)

    return {
        "assistant": System("this assistant: clause-level hybrid BM25 + embedding, glossary, abstention", ours("hybrid")),
        "dense-only": System(
            f"this assistant's pipeline with the configured embedding only ({settings.embed_model})", ours("dense")
        ),
        "jieba-bm25-1024": System(
            f"BM25 over jieba words on LlamaIndex SentenceSplitter chunks (1024 tokens; {len(chunks)} chunks)", jieba_respond
        ),
        "llamaindex-default": System(
            f"LlamaIndex defaults: SentenceSplitter (1024/200) + BM25Retriever (English tokenization; {len(chunks)} chunks)",
            llamaindex_respond,
        ),
    }
