"""The Python API: ``Assistant.open().ask(question, history=[...])`` and ``Answer.to_dict()``."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from contract import CONTRACT_KEYS

import assistant as package
from assistant import Answer, Assistant
from assistant.index import IndexError_, current_build

ONE_STAR = "到2025年底全省获得绿色生产一星级及以上标识的搅拌站要达到多少？"


def test_lazy_package_exports():
    assert package.Assistant is Assistant
    assert package.Answer is Answer
    with pytest.raises(AttributeError):
        _ = package.NotAThing


def test_ask_returns_answer_with_contract_dict(assistant):
    result = assistant.ask("标准化搅拌站整体绿化面积要求是多少？")
    assert isinstance(result, Answer)
    data = result.to_dict()
    assert set(data) >= CONTRACT_KEYS
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text)["citations"][0]["clause"] == "附件1 九、8【绿化】"
    timing = data["timing_ms"]
    assert set(timing) >= {"rewrite", "retrieve", "answer", "total"}
    assert all(v >= 0 for v in timing.values())
    assert timing["total"] >= max(timing["retrieve"], timing["answer"])


def test_history_folding_is_visible(assistant):
    result = assistant.ask("那二星级呢？", history=[ONE_STAR])
    assert result.question == "那二星级呢？"
    assert "二星级" in result.standalone_query and "2025" in result.standalone_query
    assert not result.abstained
    cited = result.citations[0]
    assert cited["doc_id"] == "hubei-hq-opinion" and cited["clause"] == "三、2"
    assert "二星级及以上标识的达到30%以上" in cited["text"]


def test_role_content_history(assistant):
    history = [
        {"role": "user", "content": "质量负责人需要什么资格？"},
        {"role": "assistant", "content": "上海市的规定是……"},
    ]
    result = assistant.ask("那质检员呢？", history=history)
    assert result.standalone_query == "质量负责人需要什么资格？ 质检员"
    assert "上海" not in result.standalone_query
    assert any("质检员具有2年以上" in c["text"] for c in result.citations)


def test_without_history_a_follow_up_is_taken_literally(assistant):
    result = assistant.ask("那二星级呢？")
    assert result.standalone_query == "那二星级呢？"


@pytest.mark.parametrize(("top_k", "expected"), [(3, 3), (8, 8), (100, 50), (None, 5), (0, 5)])
def test_top_k_controls_retrieved(assistant, top_k, expected):
    result = assistant.ask("标准化搅拌站整体绿化面积要求", top_k=top_k)
    assert len(result.retrieved) == expected
    assert result.filters["top_k"] == expected
    assert [r["rank"] for r in result.retrieved] == list(range(1, expected + 1))


@pytest.mark.parametrize(
    ("options", "allowed"),
    [
        ({"region": "北京市"}, {"beijing-12th-plan"}),
        ({"doc": "hubei-standard-plant"}, {"hubei-standard-plant"}),
        ({"status": "draft"}, {"hubei-hq-opinion", "hubei-standard-plant", "hubei-benchmark-plant"}),
        ({"status": "expired"}, {"jiaxing-13th-plan", "hangzhou-12th-plan", "beijing-12th-plan"}),
    ],
)
def test_filters_apply_to_retrieved_and_citations(assistant, options, allowed):
    result = assistant.ask("预拌混凝土企业的质量管理要求", **options)
    assert result.retrieved
    assert {r["doc_id"] for r in result.retrieved} <= allowed
    assert {c["doc_id"] for c in result.citations} <= allowed
    for key, value in options.items():
        assert result.filters[key] == value


def test_region_without_documents_abstains(assistant):
    result = assistant.ask("预拌砂浆发展目标是什么？", region="上海市")
    assert result.abstained
    assert result.retrieved == [] and result.citations == []


@pytest.mark.parametrize("mode", ["lexical", "dense"])
def test_modes_through_the_api(assistant, mode):
    result = assistant.ask("标准化搅拌站整体绿化面积要求是多少？", mode=mode)
    assert not result.abstained
    assert "附件1 九、8【绿化】" in [c["clause"] for c in result.citations]


def test_non_string_question_is_coerced(assistant):
    result = assistant.ask(12345)
    assert result.question == "12345"
    assert isinstance(result.abstained, bool)


def test_concurrent_asks_match_sequential(assistant):
    questions = [
        "标准化搅拌站整体绿化面积要求",
        "嘉善县2020年混凝土产能规划",
        "质量负责人需要什么资格？",
        "北京市十二五末散装水泥供应率目标",
    ] * 3

    def cited(question: str) -> list[str]:
        return [c["clause_id"] for c in assistant.ask(question).citations]

    sequential = [cited(q) for q in questions]
    with ThreadPoolExecutor(max_workers=6) as pool:
        parallel = list(pool.map(cited, questions))
    assert parallel == sequential
    assert all(sequential)


def test_open_without_an_index_says_how_to_build_one(tmp_path, make_corpus, settings_for):
    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    settings = settings_for(corpus, tmp_path / "indexes")
    with pytest.raises(IndexError_, match="assistant index"):
        Assistant.open(settings)
    assert current_build(settings.index_dir) is None


def test_open_can_build_a_missing_index(tmp_path, make_corpus, settings_for):
    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    settings = settings_for(corpus, tmp_path / "indexes")
    opened = Assistant.open(settings, build_if_missing=True)
    assert current_build(settings.index_dir) is not None
    assert [meta.doc_id for meta in opened.catalog.documents] == ["hubei-assoc-green"]
    result = opened.ask("全省前10家企业市场集中度要提高到多少？")
    assert not result.abstained
    assert result.citations[0]["clause"] == "三（二）"
    assert all(r["doc_id"] == "hubei-assoc-green" for r in result.retrieved)


def test_a_message_with_two_questions_answers_both(assistant):
    result = assistant.ask("标准化站对质量负责人有什么资历要求？多上一条生产线要多招几个质检？").to_dict()
    cited = [c["clause"] for c in result["citations"]]
    assert "附件1 五、1【人员资格】" in cited and "附件1 五、2【人员数量】" in cited
    assert [c["n"] for c in result["citations"]] == list(range(1, len(cited) + 1))
    retrieved = {r["clause_id"] for r in result["retrieved"]}
    assert all(c["clause_id"] in retrieved for c in result["citations"])
    assert all(f"[{c['n']}]" in result["answer"] for c in result["citations"])


def test_more_of_an_ask_the_documents_do_not_cover_is_not_covered_either(assistant):
    """都是哪些企业 asks which plants 宜昌 has titled so far: no document counts them, so no clause on what the
    title requires answers the second ask; an ask with a topic of its own still stands alone."""
    from assistant.question import asks, leans_on

    result = assistant.ask("宜昌目前已有多少家标杆示范站？都是哪些企业？").to_dict()
    assert result["abstained"] is True and result["citations"] == []
    first, later = asks("宜昌目前已有多少家标杆示范站？都是哪些企业？")
    assert leans_on(later, first) and not leans_on(first, first)
    first, later = asks("协会有没有统一的合同样本？签完合同要不要去哪报备？")
    assert not leans_on(later, first)


def test_two_asks_about_one_document_keep_both_facts(assistant):
    """哪个单位发的？文号和发布日期是什么？: the catalog's facts of both asks lead, in one line, and the header's
    lines that show them are both in its point."""
    result = assistant.ask("北京散装水泥十二五规划是哪个单位发的？文号和发布日期是什么？").to_dict()
    lead = result["answer"].split("\n")[0]
    assert "发布单位：北京市住房和城乡建设委员会" in lead and "文号：京建发〔2011〕535号" in lead
    assert "发布日期：2011年11月22日" in lead
    assert len(result["citations"]) == 1 and "535号" in result["citations"][0]["highlight"]


def test_an_ask_the_documents_do_not_cover_is_named():
    from assistant.answer import combine

    covered = ("md", False, [{"clause_id": "a", "n": 1, "highlight": "h", "clause": "1", "doc_title": "T"}],
               [{"clause_id": "a", "rank": 1}], [])
    missing = ("none", True, [], [{"clause_id": "b", "rank": 1}], [])
    markdown, abstained, citations, retrieved, warnings = combine([covered, missing], ["问一？", "问二？"])
    assert abstained is False and [c["n"] for c in citations] == [1] and "[1]" in markdown
    assert [r["clause_id"] for r in retrieved] == ["a", "b"] and "问二？" in warnings[0]
    assert combine([missing, missing], ["问一？", "问二？"])[1] is True


def test_a_follow_up_that_adds_a_topic_is_answered_about_that_topic(assistant):
    """那碳排放方面呢 after a dust question: the clause on carbon answers, not the dust clause the history names."""
    result = assistant.ask("那碳排放方面呢？", history=["想评标杆示范站，粉尘和噪声监测有什么要求？"]).to_dict()
    assert not result["abstained"]
    assert result["citations"][0]["clause"] == "附件2 7【碳排放】"
