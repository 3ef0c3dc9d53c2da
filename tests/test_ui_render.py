"""HTML rendering: user and corpus text escaped, [n] linked only to real citations, highlights, statuses."""

from __future__ import annotations

import re

from assistant.ui_render import (
    answer_body,
    highlight_spans,
    marked,
    render_context,
    render_conversation,
    render_documents,
    render_sources,
    render_upload_result,
)

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _answer(**overrides):
    answer = {
        "question": "绿化面积多少？",
        "standalone_query": "绿化面积多少？",
        "answer": "据《甲》：\n\n- 厂区绿化面积应不低于10%。 [1]\n- 另一条 [2] 和 [7]\n\n**来源 Sources**\n[1] 一、1【绿化】 —《甲》",
        "abstained": False,
        "citations": [
            {"n": 1, "doc_id": "a", "doc_title": "甲", "clause": "一、1【绿化】", "clause_id": "c1", "status": "draft",
             "text": "1.【绿化】厂区绿化面积应不低于10%。", "highlight": "厂区绿化面积应不低于10%。", "path": ["甲", "一、"]},
            {"n": 2, "doc_id": "b", "doc_title": "乙", "clause": "二、3", "clause_id": "c2", "status": "in_force",
             "text": "正文", "highlight": "正文", "path": ["乙"]},
        ],
        "retrieved": [],
        "warnings": ["《甲》是征求意见稿"],
        "filters": {"region": "湖北省", "top_k": 5, "doc": None, "status": None},
    }
    answer.update(overrides)
    return answer


def test_markers_link_only_to_citations_that_exist():
    body = answer_body(_answer(), turn=3)
    links = re.findall(r'<a class="cite" href="#" data-turn="3" data-n="(\d+)">\[\d+\]</a>', body)
    assert links == ["1", "2", "1"]  # [7] has no citation: left as text
    assert "[7]" in body and 'data-n="7"' not in body
    assert body.count("<li>") == 2 and "<strong>来源 Sources</strong>" in body


def test_a_tables_rows_are_items_under_its_caption():
    answer = _answer(answer="据《甲》：\n\n- 表2 布局：\n  - 桐乡市：2020年 产能 650万立方米\n  - 全市合计：2020年 产能 3200万立方米 [1]")
    body = answer_body(answer, turn=1)
    assert body.count('<li class="sub">') == 2 and body.count("<li>") == 1
    assert body.index("表2 布局") < body.index("桐乡市")


def test_user_and_corpus_text_is_escaped_everywhere():
    answer = _answer(question=EVIL, standalone_query=EVIL + "?", answer=f"- {EVIL} [1]", warnings=[EVIL])
    answer["citations"][0].update(doc_title=EVIL, clause=EVIL, text=EVIL, highlight=EVIL, path=[EVIL])
    html_parts = [
        render_conversation([answer], "zh", [EVIL]),
        render_sources(answer, 0, "zh", {"a": EVIL}),
        render_context({**answer["citations"][0], "label": EVIL, "before": [], "after": [], "warnings": [EVIL]}, EVIL,
                       "zh", 1),
        render_documents([{"doc_id": EVIL, "title": EVIL, "issuer": EVIL, "index_warnings": [EVIL]}],
                         {"build_id": EVIL, "errors": [EVIL]}, "zh"),
        render_upload_result(False, EVIL, "zh"),
    ]
    for part in html_parts:
        assert "<script" not in part and "<img" not in part
        assert "&lt;script&gt;" in part or "&lt;img" in part


def test_abstention_is_styled_apart_and_lists_the_documents():
    abstained = _answer(abstained=True, citations=[], answer="文件中没有涉及这个问题的内容。现有文件：《甲》；《乙》。")
    page = render_conversation([abstained], "en", ["甲", "乙"])
    assert 'class="turn-answer abstain"' in page
    assert re.findall(r"<li>(.*?)</li>", page) == ["甲", "乙"]
    assert "Not covered by the documents" in page and "cite" not in page
    assert "no clause" in render_sources(abstained, 0, "en")


def test_filters_and_read_as_are_shown_with_the_answer():
    page = render_conversation([_answer(standalone_query="标准化站绿化面积多少？")], "zh", [])
    assert "筛选：地区=湖北省; 来源数=5" in page
    assert "理解为：标准化站绿化面积多少？" in page
    assert "Filters：Region=湖北省; Number of sources=5" in render_conversation([_answer()], "en", [])


def test_sources_carry_status_badges_and_mark_the_active_one():
    panel = render_sources(_answer(), 4, "zh", {"a": "征求意见稿·试行"}, active=2)
    assert re.findall(r'data-turn="4" data-n="(\d)"', panel) == ["1", "2"]
    assert '<span class="badge careful" data-status="draft">征求意见稿·试行</span>' in panel
    assert '<span class="badge" data-status="in_force">现行</span>' in panel
    assert panel.count("source active") == 1 and 'class="source active" data-turn="4" data-n="2"' in panel


def test_highlight_spans_find_each_supporting_sentence():
    text = "1.【绿化】厂区应绿化。\n绿化面积应不低于10%。其他要求见附件。"
    assert highlight_spans(text, "绿化面积应不低于10%。") == [(text.index("绿化面积"), text.index("其他"))]
    assert highlight_spans(text, "厂区应绿化。 其他要求见附件。") == [
        (text.index("厂区"), text.index("\n")),
        (text.index("其他"), len(text)),
    ]
    # a short clause is quoted whole, with its line breaks turned into spaces
    assert highlight_spans(text, text.replace("\n", " ")) == [(0, len(text))]
    assert highlight_spans(text, "") == [] and highlight_spans(text, "不在条文里的句子。") == []
    assert marked("a<b>c", [(1, 4)]) == 'a<mark class="support">&lt;b&gt;</mark>c'


def test_context_shows_path_neighbours_and_careful_status():
    context = {
        "clause_id": "c2", "label": "附件1 一、2", "text": "第二条。", "path": ["附件1", "一、总体要求"],
        "doc_title": "附件1 要求", "status": "draft", "status_label": "征求意见稿·试行", "warnings": ["是征求意见稿"],
        "before": [{"label": "附件1 一、1", "text": "第一条。"}], "after": [{"label": "附件1 一、3", "text": "第三条。"}],
    }
    page = render_context(context, "第二条。", "zh", 2)
    assert page.index("第一条。") < page.index('<mark class="support">第二条。</mark>') < page.index("第三条。")
    assert "附件1 › 一、总体要求" in page and "badge careful" in page and "⚠ 是征求意见稿" in page
    assert "[2] 附件1 一、2" in page
