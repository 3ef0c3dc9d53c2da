"""Conversation export: questions, answers with [n], filters, warnings and the verbatim clause texts."""

from __future__ import annotations

import re

from assistant.export import conversation_markdown, filters_line

QUESTION = "标杆示范站试验室面积要多大？"


def test_export_holds_every_citation_with_its_clause_text(assistant, indexed_clauses):
    first = assistant.ask(QUESTION, top_k=3).to_dict()
    second = assistant.ask("那标准化站呢？", history=[QUESTION]).to_dict()
    markdown = conversation_markdown([first, second])
    assert markdown.index(f"## 1. {QUESTION}") < markdown.index("## 2. 那标准化站呢？")
    assert f"*理解为 (read as)：{second['standalone_query']}*" in markdown
    assert "*筛选 (filters)：来源数=3*" in markdown
    for answer in (first, second):
        assert answer["citations"], "both questions are answered from the corpus"
        assert answer["answer"].strip() in markdown
        for citation in answer["citations"]:
            assert f"**[{citation['n']}] {citation['clause']}** —《{citation['doc_title']}》" in markdown
            quoted = "\n".join(line.removeprefix("> ").removeprefix(">") for line in markdown.splitlines())
            # the clause text is the corpus text, line for line
            assert indexed_clauses[citation["clause_id"]].text.strip() in quoted
        for warning in answer["warnings"]:
            assert f"> ⚠ {warning}" in markdown


def test_export_of_an_abstention_cites_nothing(assistant):
    answer = assistant.ask("上海市预拌混凝土行业“十四五”规划对搅拌站数量有什么要求？").to_dict()
    markdown = conversation_markdown([answer])
    assert answer["abstained"]
    assert "引用条款" not in markdown
    assert not re.search(r"\[\d+\]", markdown)


def test_filters_line():
    assert filters_line({"doc": None, "region": "湖北省", "status": "draft", "top_k": 5}) == "地区=湖北省；状态=draft；来源数=5"
    assert filters_line({"doc": ["a", "b"]}) == "文件=a、b"
    assert filters_line({}) == ""
