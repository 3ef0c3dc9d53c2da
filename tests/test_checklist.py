"""Checklists and gap reports on the real corpus."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.checklist import (
    build_checklist,
    gap_report,
    load_assessment,
    obligation,
    render_csv,
    render_gap_csv,
    render_gap_markdown,
    render_json,
    render_markdown,
)
from assistant.compare import sentences
from assistant.lookup import ToolError


@pytest.fixture(scope="module")
def benchmark(book, glossary):
    return build_checklist(book, "标杆示范搅拌站", glossary)


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("企业应建立设备台账。", "must"),
        ("严禁设备“带病”作业。", "must_not"),
        ("不得放行超限超载车辆。", "must_not"),
        ("企业宜优先采用智能化生产线。", "should"),
        ("鼓励行业协会制定合同示范文本。", "should"),
        ("各地相应制定办法，宜昌市达到8%以上。", None),
        ("推广应用新技术。", None),
    ],
)
def test_obligation_strength_is_read_from_the_text(sentence, strength):
    assert obligation(sentence)[0] == strength


def test_benchmark_checklist_holds_every_clause_of_annex_2(benchmark, indexed_clauses):
    own_ids = {i.clause_id for i in benchmark.items if not i.inherited}
    annex2 = {
        c.clause_id for c in indexed_clauses.values()
        if c.doc_id == "hubei-benchmark-plant" and c.kind == "clause"
    }
    assert annex2 and own_ids == annex2
    assert all(i.doc_id == "hubei-benchmark-plant" for i in benchmark.items if not i.inherited)


def test_benchmark_checklist_marks_inherited_annex_1_items(benchmark, indexed_clauses):
    inherited = [i for i in benchmark.items if i.inherited]
    assert inherited and all(i.doc_id == "hubei-standard-plant" for i in inherited)
    labels = {i.clause for i in inherited}
    assert {"附件1 九、8【绿化】", "附件1 八、7【特种设备作业】"} <= labels
    lab = [i for i in inherited if i.clause == "附件1 四、2【环境要求】" and "240㎡" in i.text]
    assert lab and "附件2 10【试验设备设施】" in lab[0].related
    # the basis is quoted verbatim from the clauses that make 附件1 binding
    assert benchmark.basis
    for basis in benchmark.basis:
        holder = [c for c in indexed_clauses.values() if c.label == basis["clause"] and c.doc_id == basis["doc_id"]]
        assert holder and basis["text"] in holder[0].text
    assert "继承" in render_markdown(benchmark)


def test_items_are_verbatim_cited_sentences(benchmark, indexed_clauses):
    for item in benchmark.items:
        clause = indexed_clauses[item.clause_id]
        assert item.text in sentences(clause.text)
        assert item.clause == clause.label and item.clause_text == clause.text
        assert item.strength in ("must", "must_not", "should")
    by_text = {i.text: i.strength for i in benchmark.items}
    assert next(s for t, s in by_text.items() if "不得有未经审批的再生骨料" in t) == "must_not"
    assert next(s for t, s in by_text.items() if "宜使用太阳能" in t) == "should"


def test_standard_checklist_inherits_nothing(book, glossary):
    standard = build_checklist(book, "标准化搅拌站", glossary)
    assert standard.items and not any(i.inherited for i in standard.items)
    assert {i.doc_id for i in standard.items} == {"hubei-standard-plant"}


def test_topic_checklist(book, glossary):
    lab = build_checklist(book, "试验室", glossary)
    assert len({i.doc_id for i in lab.items}) >= 2
    for item in lab.items:
        assert "试验室" in item.text or "试验" in item.section or "试验室" in item.clause_text
    with pytest.raises(ToolError):
        build_checklist(book, "员工年终奖金", glossary)


def test_not_in_corpus_names_the_star_rating_rules(benchmark):
    assert any("星级" in note and "不在语料中" in note for note in benchmark.not_in_corpus)


def _filled_csv(checklist, marks: dict[str, str]) -> str:
    rows = list(csv.DictReader(io.StringIO(render_csv(checklist))))
    for row in rows:
        row["status"] = marks.get(row["item_id"], "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_gap_report_from_a_filled_self_assessment(benchmark):
    should = next(i for i in benchmark.items if i.strength == "should")
    must_not = next(i for i in benchmark.items if i.strength == "must_not")
    musts = [i for i in benchmark.items if i.strength == "must"][:3]
    marks = {should.item_id: "not met", must_not.item_id: "不符合", musts[0].item_id: "no", musts[1].item_id: "met"}
    report = gap_report(benchmark, load_assessment(_filled_csv(benchmark, marks)))
    gaps = report.gaps()
    assert [g.item_id for g in gaps] == [musts[0].item_id, must_not.item_id, should.item_id]
    assert report.counts() == {"met": 1, "not_met": 3, "unknown": len(benchmark.items) - 4}
    markdown = render_gap_markdown(report)
    assert markdown.index(musts[0].text) < markdown.index(must_not.text) < markdown.index(should.text)
    assert musts[0].clause_text.replace("\n", " ") in markdown
    assert "不在语料中" in markdown
    rows = list(csv.DictReader(io.StringIO(render_gap_csv(report))))
    assert [r["item_id"] for r in rows[:3]] == [g.item_id for g in gaps]
    assert all(r["status"] == "unknown" for r in rows[3:])


def test_json_assessment_and_unknown_ids(benchmark):
    first = benchmark.items[0]
    marks = load_assessment(json.dumps([{"item_id": first.item_id, "status": "not met"}, {"id": "zzz:0", "status": "met"}]))
    report = gap_report(benchmark, marks)
    assert report.unknown_ids == ["zzz:0"] and report.gaps()[0].item_id == first.item_id
    assert load_assessment(json.dumps({first.item_id: True})) == {first.item_id: "met"}


@pytest.mark.parametrize(
    "text",
    ["", "item_id,status\nabc:0,maybe\n", "id,state\nabc:0,met\n", "[{\"status\": \"met\"}]", "{not json"],
)
def test_bad_assessment_files_are_clear_errors(text):
    with pytest.raises(ToolError):
        load_assessment(text)


def test_json_rendering_round_trips(benchmark):
    data = json.loads(render_json(benchmark))
    assert len(data["items"]) == len(benchmark.items) and data["target"] == "标杆示范搅拌站"
