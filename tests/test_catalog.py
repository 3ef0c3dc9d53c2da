"""Document metadata: what the catalogue says about each document and how its status is judged by date."""

from __future__ import annotations

import datetime as dt

from contract import DOC_IDS

from assistant.catalog import DocumentMeta


def test_catalog_lists_the_seven_documents_in_order(catalog):
    assert [meta.doc_id for meta in catalog.documents] == DOC_IDS
    assert catalog.regions() == ["北京市", "浙江省嘉兴市", "浙江省杭州市", "湖北省"]
    grouped = catalog.by_source()
    assert [m.doc_id for m in grouped["documents/001_5dd1ac595b5240dd.txt"]] == [
        "hubei-hq-opinion",
        "hubei-standard-plant",
        "hubei-benchmark-plant",
    ]


def test_statuses_as_of_today(catalog):
    today = dt.date(2026, 1, 1)
    statuses = {meta.doc_id: meta.status(today) for meta in catalog.documents}
    assert statuses == {
        "hubei-assoc-green": "guidance",
        "hubei-hq-opinion": "draft",
        "hubei-standard-plant": "draft",
        "hubei-benchmark-plant": "draft",
        "jiaxing-13th-plan": "expired",
        "hangzhou-12th-plan": "expired",
        "beijing-12th-plan": "expired",
    }


def test_plan_is_in_force_during_its_period(catalog):
    beijing = catalog.get("beijing-12th-plan")
    assert beijing.status(dt.date(2013, 6, 1)) == "in_force"
    assert beijing.status(dt.date(2015, 12, 31)) == "in_force"
    assert beijing.status(dt.date(2016, 1, 1)) == "expired"
    assert beijing.warnings(dt.date(2013, 6, 1)) == []
    ended = beijing.warnings(dt.date(2020, 1, 1))
    assert len(ended) == 1 and "2011–2015" in ended[0] and "plan period ended" in ended[0]


def test_draft_and_trial_warnings(catalog):
    annex = catalog.get("hubei-standard-plant")
    warnings = annex.warnings()
    assert any("征求意见稿" in w and "draft" in w for w in warnings)
    assert any("试行" in w and "trial" in w for w in warnings)
    assert annex.status_label() == "征求意见稿·试行"
    opinion = catalog.get("hubei-hq-opinion")
    assert not any("试行" in w for w in opinion.warnings())


def test_guidance_warning_says_not_a_regulation(catalog):
    green = catalog.get("hubei-assoc-green")
    before = green.warnings(dt.date(2019, 1, 1))
    after = green.warnings(dt.date(2024, 1, 1))
    assert len(before) == 1 and "不是政府规章" in before[0] and "2020" in before[0] and "已过" not in before[0]
    assert "已过" in after[0]


def test_unknown_declared_status_counts_as_in_force():
    meta = DocumentMeta(doc_id="x", title="X", source="documents/x.txt", declared_status="weird")
    assert meta.status() == "in_force"
    assert meta.warnings() == []
    record = meta.to_dict()
    assert record["status"] == "in_force" and record["status_label"] == "现行"


def test_to_dict_reports_period_and_status(catalog):
    record = catalog.get("jiaxing-13th-plan").to_dict(dt.date(2018, 1, 1))
    assert record["period"] == [2016, 2020]
    assert record["status"] == "in_force"
    assert record["doc_number"] == "嘉发改〔2017〕196号"


def test_documents_are_named_the_way_users_name_them(catalog):
    assert catalog.named_in("按协会的意思，新招的工人要考核吗？") == {"hubei-assoc-green"}
    assert catalog.named_in("标杆站的试验室面积？") == {"hubei-benchmark-plant"}
    assert catalog.named_in("附件1 和附件2 对视频监控的要求") == {"hubei-standard-plant", "hubei-benchmark-plant"}
    assert catalog.named_in("What does a Hubei benchmark plant need?") == {"hubei-benchmark-plant"}
    assert catalog.named_in("嘉兴的产能规划") == set()  # places are scoped by the places module


def test_the_provincial_department_names_its_opinion(catalog):
    assert "hubei-hq-opinion" in catalog.named_in("省厅意见对出厂和交货验收有啥要求？")


def test_a_document_was_written_in_its_issue_year_else_its_plan_s_first_year(catalog):
    """The year after which it can report no actual figures: Jiaxing's plan (issued 2017-06-15) reports 2015's,
    Hangzhou's (no issue date, 2011–2015) only targets for 2015; a document with neither has no such year."""
    assert catalog.get("jiaxing-13th-plan").written_in == 2017
    assert catalog.get("hangzhou-12th-plan").written_in == 2011
    assert DocumentMeta(doc_id="x", title="x", source="x").written_in is None


def test_a_document_is_named_by_its_number(catalog):
    assert catalog.named_in("京建发〔2011〕535号里对砂浆有什么要求？") == {"beijing-12th-plan"}
    assert catalog.named_in("嘉发改〔2017〕196号") == {"jiaxing-13th-plan"}


def test_only_the_indexed_documents_numbers_are_taken_out_of_a_question(catalog):
    """京建发[2011]535号 (any brackets) names the Beijing plan; 京政发〔2010〕43号 is a document it quotes: asked about."""
    assert "535" not in catalog.without_numbers("京建发[2011]535号里砂浆怎么要求？")
    assert catalog.named_in("京建发[2011]535号里砂浆怎么要求？") == {"beijing-12th-plan"}
    assert catalog.without_numbers("京政发〔2010〕43号是在讲什么时提到的？") == "京政发〔2010〕43号是在讲什么时提到的？"


def test_a_phrase_that_is_a_document_s_name_calls_it(catalog):
    """标杆示范站 is the benchmark annex's name; 高质量发展意见对原材料管控 names the opinion but asks of a topic."""
    assert catalog.called("标杆示范站", 4) == {"hubei-benchmark-plant"}
    assert catalog.called("标准化搅拌站", 4) == {"hubei-standard-plant"}
    assert catalog.called("高质量发展意见对原材料管控", 4) == set()
