"""Eval harness scoring on hand-made results (no index needed)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.evaluate import (
    CONTEXT_CHARS,
    EvalFormatError,
    by_tag,
    compare_items,
    format_table,
    holds,
    item_record,
    load_eval,
    run_eval,
    score_item,
    summarize,
)


def result(
    passages: list[str],
    citations: list[str] | None = None,
    answer: str = "",
    abstained: bool = False,
    latency: float = 10.0,
) -> dict[str, Any]:
    return {
        "answer": answer,
        "abstained": abstained,
        "citations": [{"text": t} for t in (citations or [])],
        "retrieved": [{"text": t, "clause": f"c{i}"} for i, t in enumerate(passages, start=1)],
        "timing_ms": {"total": latency},
    }


# --- evidence matching ------------------------------------------------------------------------------


def test_evidence_matches_after_nfkc_and_whitespace_removal():
    evidence = ["整体绿化面积应不低于10%"]
    assert holds(evidence, "企业厂区内应进行绿化建设，整体绿化面积应不低于10%，未硬化空地")
    assert holds(evidence, "整体绿化\n面积 应不低于 １０％")  # full-width digits and percent, wrapped
    assert holds(evidence, "整体绿化面积\u3000应不低于10%")
    assert not holds(evidence, "整体绿化面积应不低于20%")
    assert not holds([], "整体绿化面积应不低于10%")


def test_list_alternative_needs_all_parts_in_one_passage():
    evidence = [["质量负责人", "5年以上"]]
    assert holds(evidence, "质量负责人应具有5年以上预拌混凝土企业质检岗位工作经历")
    assert not holds(evidence, "质量负责人应具有相应职称")
    item = {"id": "x", "evidence": evidence}
    split = score_item(item, result(["质量负责人应具有相应职称", "应有5年以上经历"]), k=5)
    assert split.recall == 0.0
    together = score_item(item, result(["无关", "质量负责人应具有5年以上经历"]), k=5)
    assert together.recall == 1.0 and together.rr == 0.5


def test_any_alternative_of_a_group_is_enough():
    item = {"id": "x", "evidence": ["严禁带泥上路", "自动清洗设备"]}
    assert score_item(item, result(["配备自动清洗设备"]), k=5).recall == 1.0


def test_groups_score_the_share_found():
    item = {
        "id": "g",
        "evidence": ["甲"],
        "groups": [["全厂域粉尘、噪音监测系统"], ["第三方监测活动"], ["主动除尘设备"], ["不存在的内容"]],
    }
    passages = ["企业应建设全厂域粉尘、噪音监测系统。", "应安装主动除尘设备", "无关"]
    score = score_item(item, result(passages), k=5)
    assert score.recall == pytest.approx(0.5)
    assert score.rr == 1.0


def test_recall_counts_only_the_top_k_passages():
    item = {"id": "k", "evidence": ["目标证据"]}
    passages = ["无关一", "无关二", "含有目标证据的段落"]
    assert score_item(item, result(passages), k=2).recall == 0.0
    assert score_item(item, result(passages), k=3).recall == 1.0


def test_recall_within_the_first_thousand_characters():
    item = {"id": "w", "evidence": ["目标证据"]}
    filler = "无" * (CONTEXT_CHARS - 10)
    late = score_item(item, result([filler, "前面还有二十个字的铺垫文字内容在这里目标证据"]), k=5)
    assert late.recall == 1.0
    assert late.recall_1000 == 0.0
    early = score_item(item, result([filler, "目标证据在开头"]), k=5)
    assert early.recall_1000 == 1.0
    past_budget = score_item(item, result(["无" * CONTEXT_CHARS, "目标证据"]), k=5)
    assert past_budget.recall == 1.0 and past_budget.recall_1000 == 0.0


def test_reciprocal_rank():
    item = {"id": "r", "evidence": ["证据"]}
    assert score_item(item, result(["证据"]), k=5).rr == 1.0
    assert score_item(item, result(["a", "b", "证据"]), k=5).rr == pytest.approx(1 / 3)
    assert score_item(item, result(["a", "b"]), k=5).rr == 0.0


def test_citation_precision_and_answer_facts():
    item = {"id": "c", "evidence": ["整体绿化面积应不低于10%"], "answer_contains": ["10%", "80%以上"]}
    score = score_item(
        item,
        result(
            ["整体绿化面积应不低于10%"],
            citations=["整体绿化面积应不低于10%。", "无关条款"],
            answer="整体绿化面积应不低于１０％ [1]",
        ),
        k=5,
    )
    assert score.citation_precision == 0.5
    assert score.answer_facts == 0.5
    uncited = score_item(item, result(["整体绿化面积应不低于10%"]), k=5)
    assert uncited.citation_precision is None


def test_out_of_scope_items_are_not_scored_for_recall():
    item = {"id": "o", "evidence": [], "expect_abstain": True, "tags": ["oos"]}
    score = score_item(item, result(["任何文本"], abstained=True), k=5)
    assert not score.answerable and score.abstained
    assert score.recall is None and score.rr is None
    assert score.top == ["c1"]


# --- summaries ----------------------------------------------------------------------------------------


def test_summary_abstention_and_false_abstention():
    items = [
        ({"id": "a1", "evidence": ["证据"], "tags": ["t"]}, result(["证据"], latency=10)),
        ({"id": "a2", "evidence": ["证据"], "tags": ["t"]}, result([], abstained=True, latency=20)),
        ({"id": "o1", "evidence": [], "expect_abstain": True, "tags": ["oos"]}, result([], abstained=True, latency=30)),
        ({"id": "o2", "evidence": [], "expect_abstain": True, "tags": ["oos"]}, result(["x"], latency=40)),
    ]
    scores = [score_item(item, res, k=5) for item, res in items]
    summary = summarize(scores)
    assert summary["questions"] == 4
    assert summary["recall@k"] == 0.5
    assert summary["mrr"] == 0.5
    assert summary["abstention"] == 0.5
    assert summary["false_abstention"] == 0.5
    assert summary["latency_p50_ms"] in (20.0, 30.0)
    assert summary["latency_p95_ms"] == 40.0
    tags = by_tag(scores)
    assert set(tags) == {"t", "oos"}
    assert tags["oos"]["recall@k"] is None and tags["oos"]["abstention"] == 0.5
    assert tags["t"]["abstention"] is None and tags["t"]["false_abstention"] == 0.5


def test_summary_of_nothing():
    summary = summarize([])
    assert summary["questions"] == 0
    assert summary["recall@k"] is None and summary["latency_p50_ms"] is None


def test_format_table_marks_missing_values():
    table = format_table({"all": summarize([])})
    lines = table.split("\n")
    assert lines[0].startswith("tag | n | recall@k")
    assert lines[2].startswith("all | 0 | –")


# --- loading and running ----------------------------------------------------------------------------


def test_load_eval_defaults_and_errors(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "a", "question": "q"}\n\n{"id": "b", "question": "r", "tags": ["x"]}\n', encoding="utf-8")
    items = load_eval([good])
    assert [i["id"] for i in items] == ["a", "b"]
    assert items[0]["evidence"] == [] and items[0]["tags"] == []
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "question": "q"}\n{nope}\n', encoding="utf-8")
    with pytest.raises(EvalFormatError, match=r"broken\.jsonl:2: not JSON"):
        load_eval([broken])
    missing = tmp_path / "missing.jsonl"
    missing.write_text('{"question": "q"}\n', encoding="utf-8")
    with pytest.raises(EvalFormatError, match=r"missing\.jsonl:1: needs 'id' and 'question'"):
        load_eval([missing])


def test_repository_eval_sets_are_well_formed(repo_root):
    items = load_eval(sorted((repo_root / "evals").glob("*.jsonl")))
    assert len(items) >= 100
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    for item in items:
        if item.get("expect_abstain"):
            assert item["evidence"] == []
        else:
            assert item["evidence"] or item.get("groups"), item["id"]


def test_repository_evidence_is_corpus_text(repo_root, cleaned):
    """Every evidence string of the main eval set can be found in the cleaned corpus."""
    corpus = "\n".join(doc.text for doc in cleaned.values())
    for line in (repo_root / "evals" / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        groups = item.get("groups") or ([item["evidence"]] if item.get("evidence") else [])
        for group in groups:
            assert holds(group, corpus), (item["id"], group)


def test_run_eval_passes_history_k_and_mode():
    calls = []

    class Fake:
        def ask(self, question, history=None, top_k=None, mode="hybrid"):
            calls.append((question, history, top_k, mode))

            class _Answer:
                def to_dict(self):
                    return result(["含有证据的段落"])

            return _Answer()

    items = [{"id": "f", "question": "那呢？", "history": ["上一问"], "evidence": ["证据"], "tags": []}]
    scores = run_eval(Fake(), items, k=3, mode="lexical")
    assert calls == [("那呢？", ["上一问"], 3, "lexical")]
    assert scores[0].recall == 1.0


def test_run_eval_without_glossary_measures_what_expansion_adds(assistant):
    from assistant.evaluate import run_eval

    items = [
        {
            "id": "en1",
            "question": "What must a benchmark demonstration plant's laboratory area be?",
            "evidence": ["试验室区域面积应不少于300㎡"],
            "tags": ["english"],
        }
    ]
    kept = assistant.search.glossary
    with_glossary = run_eval(assistant, items, k=5)[0]
    without = run_eval(assistant, items, k=5, glossary=False)[0]
    assert with_glossary.recall == 1.0
    assert without.recall == 0.0  # no Chinese word to search for without the glossary's English
    assert assistant.search.glossary is kept


# --- per-item records and comparing two runs --------------------------------------------------------


def _record(item_id: str, answerable: bool = True, abstained: bool = False, cited: tuple[str, ...] = ("a",), **scores):
    base = {"recall": 1.0, "recall_1000": 1.0, "rr": 1.0, "citation_precision": 1.0, "answer_facts": 1.0}
    return {"id": item_id, "tags": [], "answerable": answerable, "abstained": abstained, **base, **scores,
            "cited": list(cited)}


def test_an_item_record_keeps_the_scores_and_the_cited_labels():
    item = {"id": "r1", "question": "q", "evidence": ["证据"], "answer_contains": ["证据"], "tags": ["t"]}
    answer = result(["证据段落"], citations=["证据段落"], answer="证据")
    answer["citations"][0]["clause"] = "一、1"
    record = item_record(score_item(item, answer, k=5))
    assert record["cited"] == ["一、1"] and record["recall"] == 1.0 and record["answer_facts"] == 1.0
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_compare_sorts_items_into_better_worse_mixed_and_other_citations():
    base = [
        _record("up", citation_precision=0.5),
        _record("down"),
        _record("both", rr=0.5),
        _record("moved"),
        _record("oos", answerable=False, abstained=False, recall=None, rr=None),
        _record("same"),
    ]
    new = [
        _record("up"),
        _record("down", answer_facts=0.0),
        _record("both", citation_precision=0.5),
        _record("moved", cited=("b",)),
        _record("oos", answerable=False, abstained=True, recall=None, rr=None),
        _record("same"),
        _record("added"),
    ]
    changes = compare_items(base, new)
    assert changes == {"better": ["up", "oos"], "worse": ["down"], "mixed": ["both"], "other citations": ["moved"],
                       "not in base": ["added"]}


def test_a_wrong_abstention_is_worse_even_with_the_same_retrieval():
    changes = compare_items([_record("q")], [_record("q", abstained=True, citation_precision=None, answer_facts=None)])
    assert changes["worse"] == ["q"]
