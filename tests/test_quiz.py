"""Quiz items from the real corpus: deterministic, traceable, no duplicates, one supported option."""

from __future__ import annotations

import pytest

from assistant.compare import compact, figures
from assistant.lookup import ToolError
from assistant.quiz import BLANK, build_quiz


@pytest.fixture(scope="module")
def mixed(book, glossary):
    return build_quiz(book, n=30, qtype="mixed", seed=7, glossary=glossary)


def test_same_seed_same_quiz(book, glossary, mixed):
    again = build_quiz(book, n=30, qtype="mixed", seed=7, glossary=glossary)
    assert again.to_dict() == mixed.to_dict()
    other = build_quiz(book, n=30, qtype="mixed", seed=8, glossary=glossary)
    assert [i.item_id for i in other.items] != [i.item_id for i in mixed.items]


def test_no_duplicates_and_all_types(mixed):
    assert len(mixed.items) == 30
    assert len({i.item_id for i in mixed.items}) == 30
    assert len({i.question for i in mixed.items}) == 30
    assert {i.qtype for i in mixed.items} == {"mc", "tf", "cloze"}


def test_every_item_is_traceable_to_its_clause(mixed, indexed_clauses):
    for item in mixed.items:
        cite = item.citation
        clause = indexed_clauses[cite["clause_id"]]
        assert cite["text"] == clause.text and cite["clause"] == clause.label and cite["doc_id"] == clause.doc_id
        assert cite["sentence"] in clause.text and item.explanation == cite["sentence"]
        if item.qtype in ("mc", "cloze"):
            assert BLANK in item.question
            assert item.question.replace(BLANK, item.answer, 1) == cite["sentence"]
            assert item.answer in clause.text
        else:
            assert item.answer in ("true", "false")
            assert (compact(item.question) in compact(clause.text)) == (item.answer == "true")


def test_multiple_choice_has_exactly_one_supported_option(book, glossary, indexed_clauses):
    quiz = build_quiz(book, n=25, qtype="mc", seed=3, glossary=glossary)
    assert len(quiz.items) == 25
    for item in quiz.items:
        clause_text = compact(indexed_clauses[item.citation["clause_id"]].text)
        assert len(item.options) == 4 and len(set(item.options)) == 4 and item.answer in item.options
        assert [o for o in item.options if compact(o) in clause_text] == [item.answer]
        answer_figures = figures(item.answer)
        if answer_figures and answer_figures[0].text == item.answer:
            kind = (answer_figures[0].kind, answer_figures[0].unit)
            for option in item.options:
                found = figures(option)
                assert found and (found[0].kind, found[0].unit) == kind, (item.answer, option)


def test_true_false_items_include_false_ones(book, glossary):
    quiz = build_quiz(book, n=20, qtype="tf", seed=1, glossary=glossary)
    answers = [i.answer for i in quiz.items]
    assert "true" in answers and "false" in answers
    for item in quiz.items:
        if item.answer == "false":
            assert item.question != item.explanation


def test_filters(book, glossary, indexed_clauses):
    by_doc = build_quiz(book, n=8, seed=2, doc="hubei-standard-plant", glossary=glossary)
    assert by_doc.items and {i.citation["doc_id"] for i in by_doc.items} == {"hubei-standard-plant"}
    by_topic = build_quiz(book, n=6, qtype="cloze", seed=2, topic="试验室", glossary=glossary)
    assert by_topic.items
    for item in by_topic.items:
        clause = indexed_clauses[item.citation["clause_id"]]
        assert "试验" in clause.text + "".join(clause.path)


def test_bad_requests(book, glossary):
    with pytest.raises(ToolError):
        build_quiz(book, qtype="essay")
    with pytest.raises(ToolError):
        build_quiz(book, n=0)
    with pytest.raises(ToolError):
        build_quiz(book, doc="nope")
    with pytest.raises(ToolError):
        build_quiz(book, topic="员工年终奖金", glossary=glossary)
