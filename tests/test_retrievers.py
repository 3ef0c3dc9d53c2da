"""The two dense backends: Chroma through LlamaIndex (long-lived processes) and the build's embedding matrix
(one-shot ``assistant ask``) give the same answers, and the LlamaIndex retrievers rank as ``ClauseSearch``."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys

import pytest
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant import Assistant
from assistant.index import VECTORS, current_build
from assistant.retrieve import LEXICAL_WEIGHT, MatrixDense, Snapshot
from assistant.retrievers import ChromaDense, HybridRetriever, hybrid_retriever


@pytest.fixture(scope="module")
def matrix(settings, build_report) -> Assistant:
    return Assistant.open(settings, backend="matrix")


@pytest.fixture(scope="module")
def eval_items(repo_root) -> list[dict]:
    items = []
    for name in ("questions.jsonl", "holdout.jsonl"):
        lines = (repo_root / "evals" / name).read_text(encoding="utf-8").splitlines()
        items.extend(json.loads(line) for line in lines if line.strip())
    return items


def _answer(assistant: Assistant, item: dict, mode: str = "hybrid") -> dict:
    data = assistant.ask(item["question"], history=item.get("history"), mode=mode).to_dict()
    data.pop("timing_ms")
    return data


def test_backends_are_what_was_asked_for(assistant, matrix):
    assert isinstance(assistant.search.snapshot.dense, ChromaDense)
    assert isinstance(matrix.search.snapshot.dense, MatrixDense)


def test_every_eval_question_gets_the_same_answer_from_both_backends(assistant, matrix, eval_items):
    assert len(eval_items) >= 200
    assert any(item.get("history") for item in eval_items)
    for item in eval_items:
        assert _answer(matrix, item) == _answer(assistant, item), item["id"]


@pytest.mark.parametrize("mode", ["lexical", "dense"])
def test_ablation_modes_agree_between_backends(assistant, matrix, eval_items, mode):
    for item in eval_items[::4]:
        assert _answer(matrix, item, mode) == _answer(assistant, item, mode), item["id"]


def test_filtered_dense_search_agrees_between_backends(assistant, matrix):
    for filters in ({"region": "浙江省"}, {"status": "draft"}, {"doc": "beijing-12th-plan"}):
        doc_ids = assistant.search.doc_ids_for(**filters)
        for question in ("预拌混凝土企业质量管理", "How should wastewater be handled?"):
            chroma = assistant.search.snapshot.dense.candidates(question, doc_ids, 50)
            exact = matrix.search.snapshot.dense.candidates(question, doc_ids, 50)
            assert chroma == exact and chroma, (filters, question)


def test_hybrid_retriever_ranks_as_clause_search(assistant):
    for question in ("标准化搅拌站整体绿化面积要求", "嘉兴对搅拌车安全管理有什么要求？"):
        hits, _ = assistant.search.search(question, top_k=50)
        retriever, bundle = hybrid_retriever(assistant.search, question, top_k=50)
        nodes = retriever.retrieve(bundle)
        assert [n.node.node_id for n in nodes][: len(hits)] == [h.clause.clause_id for h in hits]
        assert [n.score for n in nodes][: len(hits)] == [h.score for h in hits]
        assert retriever.components[hits[0].clause.clause_id] == (hits[0].lexical, hits[0].dense)


def test_hybrid_retriever_needs_the_chroma_backend(matrix):
    with pytest.raises(TypeError, match="chroma"):
        hybrid_retriever(matrix.search, "绿化")


class _Fixed(BaseRetriever):
    def __init__(self, scores: dict[str, float]) -> None:
        super().__init__()
        self._scores = scores

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [NodeWithScore(node=TextNode(id_=k, text=k), score=v) for k, v in self._scores.items()]


def test_hybrid_retriever_fuses_any_retrievers():
    lexical = _Fixed({"a": 10.0, "b": 5.0})
    dense = _Fixed({"a": 0.5, "c": 1.0})  # cosines
    fused = HybridRetriever(lexical, dense).retrieve(QueryBundle(query_str="q"))
    scores = {n.node.node_id: n.score for n in fused}
    w = 1 - (1 - LEXICAL_WEIGHT) / 2  # one of the two sides' first two is shared: see retrieve.fuse
    assert scores == pytest.approx({"a": w + (1 - w) * 0.5, "b": w * 0.5, "c": 1 - w})
    only_dense = HybridRetriever(lexical, dense, mode="dense").retrieve(QueryBundle(query_str="q"))
    assert {n.node.node_id: n.score for n in only_dense} == {"a": 0.5, "c": 1.0}


def test_a_build_without_the_matrix_falls_back_to_chroma(settings, matrix, tmp_path):
    index_dir = tmp_path / "indexes"
    shutil.copytree(settings.index_dir, index_dir)
    (current_build(index_dir) / VECTORS).unlink()
    old = dataclasses.replace(settings, index_dir=index_dir)
    fallback = Assistant.open(old, backend="matrix")
    assert isinstance(fallback.search.snapshot.dense, ChromaDense)
    # re-scored from Chroma's own vectors, it still answers as the matrix does
    for question in ("标准化搅拌站整体绿化面积要求是多少？", "搅拌站废水怎么处理？"):
        assert _answer(fallback, {"question": question}) == _answer(matrix, {"question": question})
    with pytest.raises(ValueError, match="backend"):
        Snapshot.open(old, backend="faiss")


def test_one_shot_ask_imports_no_llama_index_chroma_or_scipy(settings, build_report):
    code = (
        "import sys\n"
        "from assistant import Assistant\n"
        "from assistant.config import Settings\n"
        f"settings = Settings.from_env(root={str(settings.root)!r}, corpus_dir={str(settings.corpus_dir)!r}, "
        f"index_dir={str(settings.index_dir)!r}, embed_model='lsa')\n"
        "answer = Assistant.open(settings, backend='matrix').ask('标准化搅拌站整体绿化面积要求是多少？')\n"
        "assert answer.citations and not answer.abstained\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(('llama_index', 'chromadb', 'scipy'))}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
