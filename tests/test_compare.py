"""Topic comparison on the real corpus: verbatim sentences per document, silent documents honestly silent."""

from __future__ import annotations

import pytest

from assistant.compare import compact, compare, figures, make_topic, render_csv, render_markdown, sentences
from assistant.lookup import ToolError


def test_topic_in_several_documents(book, glossary, indexed_clauses):
    result = compare(book, "产能利用率", glossary)
    speaking = {row.doc_id for row in result.rows if not row.silent}
    assert {"hubei-hq-opinion", "hubei-benchmark-plant", "beijing-12th-plan"} <= speaking
    for row in result.rows:
        if row.silent:
            continue
        clause_text = indexed_clauses[row.clause_id].text
        assert row.clause == indexed_clauses[row.clause_id].label
        assert row.sentences and all(s in clause_text for s in row.sentences)
        assert row.region and row.period and row.status
        for sentence in row.sentences:
            assert "产能利用率" in compact(sentence) or row.matched_alias in compact(sentence)
    hq = next(row for row in result.rows if row.doc_id == "hubei-hq-opinion")
    assert {"40%", "50%"} <= set(hq.figures)


def test_silent_documents_really_are_silent(book, glossary, indexed_clauses):
    result = compare(book, "试验室", glossary)
    assert result.silent_docs, "some documents never mention 试验室"
    topic = make_topic("试验室", glossary)
    for doc_id in result.silent_docs:
        texts = [c.text for c in indexed_clauses.values() if c.doc_id == doc_id]
        assert not any(topic.occurs_in(t) or topic.via_alias().occurs_in(t) for t in texts)
    assert len([r for r in result.rows if r.silent]) == len(result.silent_docs)
    assert set(result.silent_docs) | {r.doc_id for r in result.rows if not r.silent} == set(book.doc_ids())


def test_alias_rows_say_which_alias_matched(book, glossary):
    result = compare(book, "产能利用率", glossary)
    hangzhou = [row for row in result.rows if row.doc_id == "hangzhou-12th-plan"]
    assert hangzhou and not hangzhou[0].silent
    assert all(row.matched_alias and any(row.matched_alias in compact(s) for s in row.sentences) for row in hangzhou)


def test_a_topic_nowhere_in_the_corpus_is_silent_everywhere(book, glossary):
    result = compare(book, "员工年终奖金", glossary)
    assert all(row.silent for row in result.rows)


def test_renderings(book, glossary):
    result = compare(book, "绿色生产星级", glossary)
    markdown = render_markdown(result)
    assert "| 文件 document |" in markdown and "三星级" in markdown
    assert "silent" in markdown
    lines = render_csv(result).strip().splitlines()
    assert len(lines) == len(result.rows) + 1
    assert result.to_dict()["silent"] == result.silent_docs


def test_figures_and_sentences():
    found = figures("至2023年底，产能利用率达到40%以上，每增加一条生产线至少应增加两名质检员，面积不少于240㎡，2.1倍")
    assert [(f.text, f.kind) for f in found] == [
        ("2023年", "year"), ("40%", "percent"), ("两名", "count"), ("240㎡", "area"), ("2.1倍", "count")
    ]
    text = "第一句。第二句；仍是第二句！\n第三句"
    assert sentences(text) == ["第一句。", "第二句；仍是第二句！", "第三句"]


def test_empty_topic_is_an_error(book):
    with pytest.raises(ToolError):
        compare(book, "  ")
