"""The question profile: which words count, how much, and which specifics a clause must hold."""

from __future__ import annotations

import pytest

from assistant.question import QueryProfile


def test_question_words_do_not_count_against_a_clause(assistant):
    search = assistant.search
    question = "标准化搅拌站绿化面积最少要多大？"
    hits, expansion = search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, search.snapshot.lexical)
    assert not {"最少", "多大", "要"} & set(profile.weights)
    assert profile.decisive == []
    assert profile.coverage(search.snapshot.clause_terms(hits[0].clause)) == pytest.approx(1.0)


def test_a_compound_counts_when_all_its_parts_are_in_the_clause(assistant):
    search = assistant.search
    question = "试验员月工资是多少？"
    _, expansion = search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, search.snapshot.lexical)
    assert "月工资" in profile.decisive  # a dictionary noun the corpus only has parts of
    assert profile.parts["月工资"] == ["工资"]
    assert assistant.ask(question).abstained is True


def test_a_grade_code_is_a_specific_even_when_the_corpus_names_other_grades(assistant):
    question = "What is the required 28-day compressive strength of C50 concrete?"
    _, expansion = assistant.search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, assistant.search.snapshot.lexical)
    assert "c50" in profile.decisive
    assert assistant.ask(question).abstained is True
