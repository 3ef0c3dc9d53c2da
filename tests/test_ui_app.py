"""The app's handlers in process (no browser), and the API methods they read: clause context, documents."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from assistant.feedback import read_feedback
from assistant.ui import ChatApp

QUESTION = "标杆示范站试验室面积要多大？"


@pytest.fixture()
def app(assistant, tmp_path):
    return ChatApp(assistant, feedback_file=tmp_path / "feedback.jsonl")


def _ask(app, question, answers, doc="", region="", status="", top_k=5):
    return app.chat(question, answers, doc, region, status, top_k, "zh")


def test_chat_keeps_the_conversation_and_passes_history_and_filters(app):
    answers, conversation, sources, _, cleared, turns = _ask(app, QUESTION, [])
    assert len(answers) == 1 and cleared == "" and turns["value"] == "1"
    assert 'class="cite"' in conversation and "附件2 10【试验设备设施】" in sources
    answers, conversation, *_ = _ask(app, "那标准化站呢？", answers, region="湖北", top_k=3)
    assert len(answers) == 2
    follow = answers[1]
    assert "标准化" in follow["standalone_query"] and "试验室" in follow["standalone_query"]
    assert follow["filters"] == {"doc": None, "region": "湖北", "status": None, "top_k": 3}
    assert conversation.count('class="turn-answer') == 2


def test_empty_question_changes_nothing(app):
    answers, *rest = _ask(app, "   ", [{"question": "x"}])
    assert answers == [{"question": "x"}]
    assert all(isinstance(item, type(gr.skip())) for item in rest)


def test_citation_click_shows_the_clause_in_context(app, indexed_clauses):
    answers, *_ = _ask(app, QUESTION, [])
    citation = answers[0]["citations"][0]
    sources, context = app.show_citation(answers, "zh", gr.SelectData(None, {"index": 0, "value": "0:1"}))
    assert 'class="source active"' in sources
    assert indexed_clauses[citation["clause_id"]].label in context
    assert '<mark class="support">' in context and "300㎡" in context
    for bad in ("5:1", "0:99", "junk"):
        assert app.show_citation(answers, "zh", gr.SelectData(None, {"index": 0, "value": bad})) == (
            gr.skip(), gr.skip())


def test_feedback_rates_the_chosen_answer(app):
    message, _ = app.feedback("up", None, "", [], "zh")
    assert "还没有" in message and not app.feedback_file.exists()
    answers, *_ = _ask(app, QUESTION, [])
    answers, *_ = _ask(app, "那标准化站呢？", answers)
    app.feedback_down("1", "第一个回答不全", answers, "zh")
    app.feedback_up(None, "", answers, "zh")
    first, latest = read_feedback(app.feedback_file)
    assert (first["rating"], first["question"], first["history"]) == ("down", QUESTION, [])
    assert (latest["rating"], latest["question"], latest["history"]) == ("up", "那标准化站呢？", [QUESTION])


def test_export_writes_markdown_only_when_there_is_a_conversation(app):
    assert app.export([])["visible"] is False
    answers, *_ = _ask(app, QUESTION, [])
    update = app.export(answers)
    text = Path(update["value"]).read_text(encoding="utf-8")
    assert update["visible"] is True and f"## 1. {QUESTION}" in text and answers[0]["citations"][0]["text"] in text


def test_clause_context_is_in_document_order(assistant, indexed_clauses):
    by_doc = sorted((c for c in indexed_clauses.values() if c.doc_id == "hubei-standard-plant"), key=lambda c: c.order)
    middle = by_doc[len(by_doc) // 2]
    context = assistant.clause_context(middle.clause_id, before=2, after=3)
    at = by_doc.index(middle)
    assert [c["clause_id"] for c in context["before"]] == [c.clause_id for c in by_doc[at - 2 : at]]
    assert [c["clause_id"] for c in context["after"]] == [c.clause_id for c in by_doc[at + 1 : at + 4]]
    assert context["path"] == middle.path and context["text"] == middle.text
    assert context["status"] == "draft" and "试行" in context["status_label"] and context["warnings"]
    assert assistant.clause_context(by_doc[0].clause_id)["before"] == []
    assert assistant.clause_context(by_doc[-1].clause_id)["after"] == []
    assert assistant.clause_context("no-such-clause") is None


def test_documents_report_clause_counts_warnings_and_index_time(assistant, indexed_clauses, garbled_texts):
    documents = {d["doc_id"]: d for d in assistant.documents()}
    counts: dict[str, int] = {}
    for clause in indexed_clauses.values():
        counts[clause.doc_id] = counts.get(clause.doc_id, 0) + 1
    assert {doc_id: d["clauses"] for doc_id, d in documents.items()} == counts
    assert all(d["indexed"] and d["indexed_at"] for d in documents.values())
    assert garbled_texts, "the corpus has mojibake lines"
    assert documents["beijing-12th-plan"]["index_warnings"]
    assert documents["hubei-hq-opinion"]["status"] == "draft" and documents["hubei-hq-opinion"]["warnings"]
    info = assistant.index_info()
    assert info["clauses"] == len(indexed_clauses) and info["build_id"] == assistant.build_id
    assert assistant.reload() is False
