"""Property-based tests (hypothesis) for cleaning and parsing: nothing lost or duplicated, labels unique, no crash."""

from __future__ import annotations

import re

from contract import reassemble
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.catalog import DocumentMeta
from assistant.clean import _is_footer, clean_text
from assistant.models import Block, CleanedDocument
from assistant.parse import parse_document
from assistant.text import compact

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
META = DocumentMeta(doc_id="prop", title="性质测试文件", source="documents/prop.txt")
ANNEX_META = DocumentMeta(doc_id="prop-annex", title="附件1 性质测试附件", source="documents/prop.txt", annex="附件1")

NUMBERING = st.sampled_from(
    ["一、", "二、", "三、", "十一、", "（一）", "（二）", "(三)", "1.", "2.", "3．", "1、", "2、", "（1）", "（2）",
     "【绿化】", "【试验室】", "附件1", "附件2", "第一部分", "表1", "", "", ""]
)
WORDS = st.sampled_from(
    ["搅拌站", "应当", "试验室", "面积不少于300㎡", "废水", "回收利用率100%", "见附件1", "按照第（二）项", "绿色生产",
     "。", "；", "，", "：", "、", " ", "\u3000", "2020年", "标准化", "星级", "ABC", "第3条"]
)
LINE = st.builds(lambda head, words: head + "".join(words), NUMBERING, st.lists(WORDS, min_size=0, max_size=12))
POLICY_TEXT = st.lists(st.one_of(LINE, st.just(""), st.just("\t单元格"), LINE.map(lambda s: s * 30)), max_size=40)


def _check_parse(meta: DocumentMeta, blocks: list[Block]) -> None:
    clauses = parse_document(meta, CleanedDocument(doc_id=meta.doc_id, blocks=blocks))
    expected = "\n".join(block.text for block in blocks if block.kind != "garbled")
    assert reassemble(clauses) == expected
    labels = [clause.label for clause in clauses]
    assert len(labels) == len(set(labels))
    assert [clause.order for clause in clauses] == list(range(len(clauses)))
    assert len({clause.clause_id for clause in clauses}) == len(clauses)


@SETTINGS
@given(st.lists(LINE.filter(lambda s: s.strip() == s and s), min_size=1, max_size=40))
def test_parsing_policy_like_blocks_loses_and_duplicates_nothing(lines):
    _check_parse(META, [Block(line) for line in lines])
    _check_parse(ANNEX_META, [Block(line) for line in lines])


@SETTINGS
@given(st.lists(st.tuples(st.text(min_size=1, max_size=80), st.sampled_from(["para", "table", "garbled"])), max_size=30))
def test_parsing_arbitrary_unicode_blocks_never_crashes_or_loses_text(items):
    _check_parse(META, [Block(text, kind) for text, kind in items])


@SETTINGS
@given(POLICY_TEXT)
def test_cleaning_policy_like_text_keeps_every_chinese_run(lines):
    raw = "\n".join(lines)
    doc = clean_text("prop", raw)
    kept = compact("\n".join(b.text for b in doc.blocks if b.kind != "garbled")).replace("|", "")
    garbled = [compact(b.text) for b in doc.blocks if b.kind == "garbled"]
    for line in raw.split("\n"):
        if _is_footer(line):
            continue
        for run in CJK_RUN.findall(compact(line)):
            assert run in kept or any(run in passage for passage in garbled), run


@SETTINGS
@given(st.text(max_size=400))
def test_cleaning_and_parsing_arbitrary_unicode_never_crashes(raw):
    doc = clean_text("prop", raw)
    assert all(block.text == block.text.strip("\n") for block in doc.blocks)
    clauses = parse_document(META, doc)
    labels = [clause.label for clause in clauses]
    assert len(labels) == len(set(labels))
    assert reassemble(clauses) == "\n".join(b.text for b in doc.blocks if b.kind != "garbled")
