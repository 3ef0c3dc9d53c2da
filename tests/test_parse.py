"""Parse stage on the real corpus: clause labels and paths from the documents' own numbering, nothing lost."""

from __future__ import annotations

import dataclasses

import pytest
from contract import DOC_IDS as ALL_DOCS
from contract import reassemble

from assistant.catalog import DocumentMeta
from assistant.models import Block, CleanedDocument
from assistant.parse import MAX_CLAUSE_CHARS, _split_long, cn_to_int, int_to_cn, match_heading, parse_document


def _by_label(clauses):
    return {clause.label: clause for clause in clauses}


def _expected_text(doc) -> str:
    return "\n".join(block.text for block in doc.blocks if block.kind != "garbled")


# --- nothing lost ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_no_text_lost_in_document_order(doc_id, cleaned, parsed):
    assert reassemble(parsed[doc_id]) == _expected_text(cleaned[doc_id])


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_no_text_lost_or_duplicated(doc_id, cleaned, parsed):
    """Order aside, every line of kept text comes out exactly once."""
    got = sorted(reassemble(parsed[doc_id]).split("\n"))
    expected = sorted(_expected_text(cleaned[doc_id]).split("\n"))
    assert got == expected


def test_parsed_clause_counts_are_substantial(parsed):
    counts = {doc_id: len(clauses) for doc_id, clauses in parsed.items()}
    assert set(counts) == set(ALL_DOCS)
    assert counts["hubei-standard-plant"] >= 70
    assert counts["hubei-benchmark-plant"] >= 18
    assert counts["hangzhou-12th-plan"] >= 100


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_labels_unique_and_order_dense(doc_id, parsed):
    clauses = parsed[doc_id]
    labels = [c.label for c in clauses]
    assert len(labels) == len(set(labels))
    assert [c.order for c in clauses] == list(range(len(clauses)))
    assert all(c.doc_id == doc_id for c in clauses)
    assert len({c.clause_id for c in clauses}) == len(clauses)


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_paths_start_with_document_title(doc_id, parsed, catalog):
    title = catalog.get(doc_id).title
    for clause in parsed[doc_id]:
        assert clause.path[0] == title
        assert all(entry for entry in clause.path)


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_clause_pieces_stay_within_limit(doc_id, parsed):
    for clause in parsed[doc_id]:
        if clause.kind != "table":
            # a single sentence longer than the limit is the only excuse
            assert len(clause.text) <= MAX_CLAUSE_CHARS or "。" not in clause.text.rstrip("。"), clause.label


# --- clause ids -----------------------------------------------------------------------------------------


def test_clause_ids_stable_across_parses(sources, cleaned, parsed):
    for doc_id in ("hubei-standard-plant", "jiaxing-13th-plan"):
        again = parse_document(sources[doc_id].meta, cleaned[doc_id])
        assert [c.clause_id for c in again] == [c.clause_id for c in parsed[doc_id]]


def test_clause_id_changes_only_for_the_edited_clause(sources, cleaned, parsed):
    doc = cleaned["hubei-standard-plant"]
    blocks = [
        Block(b.text.replace("不低于10%", "不低于15%"), b.kind) if b.text.startswith("8.【绿化】") else b
        for b in doc.blocks
    ]
    assert blocks != doc.blocks
    edited = parse_document(sources["hubei-standard-plant"].meta, CleanedDocument(doc.doc_id, blocks))
    before = {c.label: c.clause_id for c in parsed["hubei-standard-plant"]}
    after = {c.label: c.clause_id for c in edited}
    assert before.keys() == after.keys()
    changed = [label for label in before if before[label] != after[label]]
    assert changed == ["附件1 九、8【绿化】"]


# --- golden labels ----------------------------------------------------------------------------------


def test_standard_plant_greening_clause(parsed):
    clauses = _by_label(parsed["hubei-standard-plant"])
    clause = clauses["附件1 九、8【绿化】"]
    assert clause.text.startswith("8.【绿化】")
    assert "整体绿化面积应不低于10%" in clause.text
    assert clause.path[-1] == "8.【绿化】"
    assert "9、绿色生产管理" in clause.path
    assert clause.title == "绿化"
    assert clause.kind == "clause"
    # the section heading is its own (non-indexed) heading clause
    assert clauses["附件1 九、"].kind == "heading"
    assert clauses["附件1 九、"].text == "9、绿色生产管理"
    assert clauses["附件1 八、9【安全标志管理】"].text.startswith("9.【安全标志管理】企业在重大危险源处")


def test_benchmark_numbering_restart_does_not_collide(parsed):
    clauses = _by_label(parsed["hubei-benchmark-plant"])
    first = clauses["附件2 1【企业布局和规模】"]
    second = clauses["附件2 第二部分1【视频监控系统】"]
    assert first.text.startswith("1.【企业布局和规模】")
    assert second.text.startswith("1.【视频监控系统】")
    assert first.clause_id != second.clause_id
    assert any("编号重新从1开始" in entry for entry in second.path)
    assert not any("编号重新从1开始" in entry for entry in first.path)
    assert "附件2 第二部分6【社会责任】" in clauses
    assert "附件2 12【智能化设备设施】" in clauses


def test_hq_opinion_labels_and_paths(parsed):
    clauses = _by_label(parsed["hubei-hq-opinion"])
    three = clauses["四（三）3"]
    assert three.text.startswith("3.加强生产过程运维管理。")
    assert three.path[1:] == ["四、重点工作", "（三）推动绿色发展", "3.加强生产过程运维管理"]
    goal = clauses["三、2"]
    assert goal.text.startswith("2.倡导搅拌站申请绿色生产评价标识。")
    assert "二星级及以上标识的达到30%以上" in goal.text
    assert goal.path[1] == "三、发展目标"


def test_cross_reference_is_not_a_heading(parsed):
    clauses = parsed["hubei-hq-opinion"]
    lab = _by_label(clauses)["四（二）1"]
    assert "（见附件1）" in lab.text
    assert "实施试验室动态管理" in lab.text  # the sentence after the reference stays in the same clause
    assert not any(c.label.startswith("附件") or c.label.endswith("附件1") for c in clauses if c.label != "附件目录")
    assert not any(entry.startswith("附件1）") for c in clauses for entry in c.path)


def test_annex_list_is_one_clause(parsed):
    listing = _by_label(parsed["hubei-hq-opinion"])["附件目录"]
    assert listing.text.startswith("附件：1.湖北省预拌混凝土标准化搅拌站要求（试行）")
    assert "2.湖北省预拌混凝土标杆示范搅拌站创建要点（试行）" in listing.text
    assert listing.kind == "preamble"  # it names the annexes and says no rule: never a further point of an answer


def test_jiaxing_tables_labelled_with_biao(parsed):
    tables = [c for c in parsed["jiaxing-13th-plan"] if c.kind == "table"]
    labels = [c.label for c in tables]
    assert "二（一）4 表1" in labels
    assert "五（一）1 表2" in labels
    assert "五（一）1 表3" in labels
    assert all("表" in label for label in labels)
    capacity = _by_label(tables)["五（一）1 表2"]
    assert "嘉善县\t107.8\t440\t150\t400" in capacity.text.split("\n")
    assert capacity.path[-1].startswith("表2“十三五”嘉兴市混凝土生产产能规划布局安排")
    assert "1、合理控制产能和优化布局" in capacity.path


def test_note_after_a_table_stays_after_it(parsed):
    clauses = parsed["jiaxing-13th-plan"]
    note = next(i for i, c in enumerate(clauses) if "注：“十三五”期间，我市预拌砂浆发展以干混为主" in c.text)
    mortar = next(i for i, c in enumerate(clauses) if c.label == "五（一）1 表3")
    assert note >= mortar
    assert "注：" not in next(c.text for c in clauses if c.label == "五（一）1")


def test_hangzhou_duplicate_number_is_disambiguated(parsed):
    clauses = _by_label(parsed["hangzhou-12th-plan"])
    first = clauses["四（三）2（4）"]
    second = clauses["四（三）2（4）（第2处）"]
    assert first.text.startswith("（4）农村领域推广应用目标")
    assert second.text.startswith("（4）预拌混凝土节能减排目标")


def test_hangzhou_heading_stays_with_its_body(parsed):
    clause = _by_label(parsed["hangzhou-12th-plan"])["一（二）1"]
    first, _, rest = clause.text.partition("\n")
    assert first == "1.发展速度快"
    assert rest.startswith("我市预拌混凝土行业经历了从无到有")
    assert clause.kind == "clause"
    assert clause.path[-1] == "1.发展速度快"


def test_beijing_garbled_heading_kept_out_of_text(parsed, cleaned):
    clause = _by_label(parsed["beijing-12th-plan"])["四（三）"]
    garbled = [b.text for b in cleaned["beijing-12th-plan"].blocks if b.kind == "garbled"]
    assert clause.text.startswith("（三）\n以城乡建设的需求为导向")
    assert garbled[1] in clause.garbled
    assert garbled[1] not in clause.text
    assert "分屎涂" not in clause.text
    assert clause.path[-1] == "（三）〔标题原文乱码，已略去〕"
    for other in parsed["beijing-12th-plan"]:
        assert not any(passage in other.text for passage in garbled)


def test_beijing_preface_and_numbering(parsed):
    clauses = _by_label(parsed["beijing-12th-plan"])
    assert clauses["前言"].text.startswith("前言\n发展散装水泥")
    assert clauses["三（三）"].text.startswith("（三）发展目标\n到“十二五”末")
    assert "一（二）2（1/6）" in clauses and "一（二）2（6/6）" in clauses


def test_split_pieces_share_path_and_mark_continuation(parsed):
    pieces = [c for c in parsed["beijing-12th-plan"] if c.label.startswith("一（二）2（")]
    assert len(pieces) == 6
    assert [c.continued for c in pieces] == [False, True, True, True, True, True]
    assert all(c.path == pieces[0].path for c in pieces)
    assert pieces[0].garbled and not any(c.garbled for c in pieces[1:])


# --- synthetic ----------------------------------------------------------------------------------------


META = DocumentMeta(doc_id="synthetic", title="合成文件", source="documents/synthetic.txt")


def test_over_long_clause_splits_at_sentence_boundaries():
    sentences = [f"第{i}句规定搅拌站应当做好第{i}项绿色生产管理工作并保存相关记录。" for i in range(1, 31)]
    body = "".join(sentences)
    assert len(body) > 2 * MAX_CLAUSE_CHARS
    doc = CleanedDocument("synthetic", [Block("一、总体要求"), Block("（一）管理要求"), Block(body)])
    clauses = parse_document(META, doc)
    pieces = [c for c in clauses if c.label.startswith("一（一）")]
    assert len(pieces) >= 3
    n = len(pieces)
    assert [c.label for c in pieces] == [f"一（一）（{i}/{n}）" for i in range(1, n + 1)]
    assert all(len(c.text) <= MAX_CLAUSE_CHARS for c in pieces)
    assert all(c.path == ["合成文件", "一、总体要求", "（一）管理要求"] for c in pieces)
    assert all(c.text.endswith("。") for c in pieces)
    assert [c.continued for c in pieces] == [False] + [True] * (n - 1)
    assert "".join(c.text for c in pieces) == "（一）管理要求\n" + body
    # every piece starts at a sentence start
    for piece in pieces[1:]:
        assert piece.text.startswith("第")


def test_one_sentence_item_without_body_is_indexable():
    doc = CleanedDocument(
        "synthetic",
        [Block("一、总体要求"), Block("（一）搅拌站应设置紫藤花架示范长廊。"), Block("（二）另一条。正文在此。")],
    )
    clauses = {c.label: c for c in parse_document(META, doc)}
    assert clauses["一（一）"].text == "（一）搅拌站应设置紫藤花架示范长廊。"
    assert clauses["一（一）"].kind != "heading"


def test_split_long_keeps_every_character():
    text = "甲。" * 300 + "\n" + "乙；" * 300
    chunks = _split_long(text, limit=100)
    assert "".join(chunks) == text
    assert all(len(chunk) <= 100 for chunk in chunks)
    assert _split_long("短文本。") == ["短文本。"]


def test_match_heading_ignores_mid_sentence_references():
    assert match_heading("搅拌站试验室应满足《湖北省预拌混凝土搅拌站标准化要点（试行）》（见附件1）。") is None
    assert match_heading("按要求执行（见附件1）") is None
    assert match_heading("见附件1") is None
    assert match_heading("2020年底前完成。") is None
    assert match_heading("10.5万吨散装水泥") is None
    assert match_heading("1、") is None


def test_match_heading_schemes():
    heading = match_heading("8.【绿化】企业厂区内应进行绿化建设。")
    assert heading is not None
    assert (heading.scheme, heading.number, heading.bracket_title, heading.title) == ("num_dot", 8, "绿化", "【绿化】")
    cn = match_heading("十二、保障措施")
    assert cn is not None and (cn.scheme, cn.number, cn.title) == ("cn", 12, "保障措施")
    paren = match_heading("（三）推动绿色发展")
    assert paren is not None and (paren.scheme, paren.number) == ("cn_paren", 3)
    dun = match_heading("2、基本规定")
    assert dun is not None and (dun.scheme, dun.number) == ("num_dun", 2)
    small = match_heading("（4）农村领域推广应用目标")
    assert small is not None and (small.scheme, small.number) == ("num_paren", 4)
    titled = match_heading("1.提高产能利用率。至2023年底，全省预拌混凝土行业产能利用率达到40%以上。")
    assert titled is not None and titled.title == "提高产能利用率"
    preface = match_heading("前 言")
    assert preface is not None and preface.scheme == "preface"


@pytest.mark.parametrize("number", [1, 2, 9, 10, 11, 19, 20, 21, 35, 99])
def test_chinese_numerals_round_trip(number):
    assert cn_to_int(int_to_cn(number)) == number


def test_chinese_numeral_spellings():
    assert int_to_cn(12) == "十二"
    assert int_to_cn(20) == "二十"
    assert cn_to_int("二十三") == 23
    assert cn_to_int("7") == 7


def test_clause_round_trips_through_dict(parsed):
    from assistant.models import Clause

    clause = _by_label(parsed["beijing-12th-plan"])["四（三）"]
    again = Clause.from_dict(clause.to_dict())
    assert again == clause
    assert dataclasses.asdict(again)["blocks"][0]["kind"] in ("para", "table", "garbled")
